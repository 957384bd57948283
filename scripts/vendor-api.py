#!/usr/bin/env python3
"""Regenerates tests/fixtures/<product>-api.json: the parts of the official Tencent Cloud
definitions that tclive relies on, trimmed, with the package versions.

    python3 -m venv /tmp/tc && /tmp/tc/bin/pip install tccli tencentcloud-sdk-python
    /tmp/tc/bin/python scripts/vendor-api.py live    # or: ssl

Sources: tccli's services/<product>/<version>/api.json (actions, request and response members,
the objects they use) and the SDK's tencentcloud/<product>/<version>/errorcodes.py (every error
code of the product). The test src/api/definitions_tests.rs compares tclive's request and
response types and its error-code tables with these files, so a drift fails the build.
"""

import importlib
import json
import os
import re
import sys

import tccli
import tencentcloud

PRODUCTS = {
    "live": ("v20180801", [
    "ModifyLiveDomainCertBindings",
    "DescribeLiveDomainCertBindings",
    "DescribeLiveDomains",
    "DescribeLiveDomainCert",
    "UnBindLiveDomainCert",
    ]),
    "ssl": ("v20191205", [
    "UploadCertificate",
    "DescribeCertificates",
    "DeleteCertificates",
    "DescribeDeleteCertificatesTaskResult",
    "ModifyCertificatesExpiringNotificationSwitch",
    ]),
}

if len(sys.argv) != 2 or sys.argv[1] not in PRODUCTS:
    sys.exit(f"usage: {sys.argv[0]} {'|'.join(PRODUCTS)}")
product = sys.argv[1]
version, ACTIONS = PRODUCTS[product]
errorcodes = importlib.import_module(f"tencentcloud.{product}.{version}.errorcodes")

api_path = os.path.join(os.path.dirname(tccli.__file__), f"services/{product}/{version}/api.json")
with open(api_path, encoding="utf-8") as f:
    api = json.load(f)


def members(name):
    return [
        {
            "name": m["name"],
            "type": m["type"],
            "member": m.get("member"),
            "required": m.get("required", False),
            "example": m.get("example"),
        }
        for m in api["objects"][name]["members"]
    ]


objects = {}
todo = []
out = {"tccli": tccli.__version__, "tencentcloud-sdk-python": tencentcloud.__version__, "actions": {}}
for action in ACTIONS:
    a = api["actions"][action]
    out["actions"][action] = {"input": members(a["input"]), "output": members(a["output"])}
    todo += [m["member"] for m in out["actions"][action]["input"] + out["actions"][action]["output"]]
while todo:
    name = todo.pop()
    if name in objects or name not in api["objects"]:
        continue
    objects[name] = members(name)
    todo += [m["member"] for m in objects[name]]
out["objects"] = dict(sorted(objects.items()))
out["error_codes"] = sorted(
    v for k, v in vars(errorcodes).items() if re.fullmatch(r"[A-Z_]+", k) and isinstance(v, str)
)

dest = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", f"{product}-api.json")
with open(dest, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, ensure_ascii=False, sort_keys=False)
    f.write("\n")
print(f"wrote {os.path.normpath(dest)}: {len(ACTIONS)} actions, {len(objects)} objects, {len(out['error_codes'])} error codes")
