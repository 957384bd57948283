#!/usr/bin/env python3
"""Loopback fakes for scripts/dist-test (outside the Rust test harness).

    scripts/dist-fakes.py live  PORT_FILE LOG_FILE       a fake Live API
    scripts/dist-fakes.py tls   PORT_FILE CERT KEY       a TLS edge serving CERT (chain) for probes
    scripts/dist-fakes.py files PORT_FILE DIR LOG_FILE   a release server: GET of DIR's files
    scripts/dist-fakes.py dns   PORT_FILE NAME LOG_FILE  a DNS server on 127.0.0.1:53 (UDP) that
                                                         answers NAME's A query with 127.0.0.1

Each listens on 127.0.0.1 (never another address) on a free port, written to PORT_FILE once
it listens, and ends by itself after 300 seconds (TCLIVE_FAKE_LIFETIME).

`live` answers ModifyLiveDomainCertBindings with a success (no per-domain error), the SSL
service's UploadCertificate with a new certificate's ID (signed for service ssl), any other
action with an error, and appends one JSON line per request to LOG_FILE: the action, the
headers, the body and whether the TC3-HMAC-SHA256 signature checks out against
FAKE_SECRET_ID / FAKE_SECRET_KEY from its environment. `files` appends each request's path,
`dns` each question (name and type); `dns` answers any other question with no address.
"""

import hashlib
import hmac
import json
import os
import socket
import struct
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20


def tc3_ok(headers, body, service="live"):
    """Recomputes the signature tclive sent (service live, or ssl), as the API would."""
    secret_id = os.environ["FAKE_SECRET_ID"]
    secret_key = os.environ["FAKE_SECRET_KEY"]
    auth = headers.get("Authorization", "")
    try:
        ts = int(headers.get("X-TC-Timestamp", ""))
    except ValueError:
        return False
    date = time.strftime("%Y-%m-%d", time.gmtime(ts))
    scope = f"{date}/{service}/tc3_request"
    canonical = "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}".format(
        headers.get("Content-Type", "").strip().lower(),
        headers.get("Host", "").strip().lower(),
        hashlib.sha256(body).hexdigest(),
    )
    to_sign = "TC3-HMAC-SHA256\n{}\n{}\n{}".format(
        ts, scope, hashlib.sha256(canonical.encode()).hexdigest()
    )

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    k = h(h(h(("TC3" + secret_key).encode(), date), service), "tc3_request")
    sig = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    want = (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders=content-type;host, Signature={sig}"
    )
    return hmac.compare_digest(auth, want)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_path = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def answer(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(404, {"error": "the fake Live API answers POST only"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length < 0 or length > MAX_BODY:
            self.answer(413, {"error": "body too large"})
            return
        body = self.rfile.read(length)
        action = self.headers.get("X-TC-Action", "")
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        record = {
            "path": self.path,
            "action": action,
            "version": self.headers.get("X-TC-Version"),
            "host": self.headers.get("Host"),
            "authorization_scheme": self.headers.get("Authorization", "").split(" ")[0],
            "credential": self.headers.get("Authorization", "").split("Credential=")[-1].split("/")[0],
            "signature_ok": tc3_ok(
                self.headers, body, "ssl" if action == "UploadCertificate" else "live"
            ),
            "body": parsed,
        }
        with self.lock, open(self.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        rid = f"fake-{time.monotonic_ns()}"
        if action == "UploadCertificate":
            self.answer(
                200,
                {"Response": {"CertificateId": "distUp1", "RepeatCertId": "", "RequestId": rid}},
            )
        elif action == "ModifyLiveDomainCertBindings":
            self.answer(
                200,
                {"Response": {"MismatchedDomainNames": [], "Errors": [], "RequestId": rid}},
            )
        else:
            self.answer(
                200,
                {
                    "Response": {
                        "Error": {"Code": "InvalidAction", "Message": f"fake: no {action}"},
                        "RequestId": rid,
                    }
                },
            )


class Files(SimpleHTTPRequestHandler):
    log_path = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        with open(self.log_path, "a", encoding="utf-8") as f:
            f.write(self.path + "\n")
        super().do_GET()


def dns(port_file, name, log_path, lifetime):
    """One UDP socket on 127.0.0.1:53: A for NAME is 127.0.0.1, anything else has no answer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 53))
    sock.settimeout(1.0)
    with open(port_file + ".tmp", "w") as f:
        f.write("53")
    os.replace(port_file + ".tmp", port_file)
    deadline = time.monotonic() + lifetime
    while time.monotonic() < deadline:
        try:
            query, peer = sock.recvfrom(512)
        except socket.timeout:
            continue
        if len(query) < 12:
            continue
        qid, _flags, qdcount = struct.unpack("!HHH", query[:6])
        if qdcount != 1:
            continue
        labels, i = [], 12
        while i < len(query) and query[i] != 0 and len(labels) < 64:
            n = query[i]
            labels.append(query[i + 1 : i + 1 + n].decode("ascii", "replace"))
            i += 1 + n
        if i + 5 > len(query):
            continue
        qtype, qclass = struct.unpack("!HH", query[i + 1 : i + 5])
        question = query[12 : i + 5]
        asked = ".".join(labels).lower()
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(f"{asked} {qtype}\n")
        answers = b""
        if asked == name and qtype == 1 and qclass == 1:
            answers = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
        header = struct.pack("!HHHHHH", qid, 0x8180, 1, 1 if answers else 0, 0, 0)
        sock.sendto(header + question + answers, peer)


def main():
    mode, port_file = sys.argv[1], sys.argv[2]
    lifetime = float(os.environ.get("TCLIVE_FAKE_LIFETIME", "300"))
    if mode == "dns":
        dns(port_file, sys.argv[3].lower(), sys.argv[4], lifetime)
        return
    if mode == "live":
        Handler.log_path = sys.argv[3]
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    elif mode == "tls":
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    elif mode == "files":
        directory = sys.argv[3]
        Files.log_path = sys.argv[4]

        class InDir(Files):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=directory, **kw)

        server = ThreadingHTTPServer(("127.0.0.1", 0), InDir)
    else:
        sys.exit(f"unknown mode {mode}")
    server.daemon_threads = True
    timer = threading.Timer(lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
