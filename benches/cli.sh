#!/usr/bin/env bash
# Whole-command benchmark: a loopback HTTPS fake API (python3's http.server + ssl, with a
# certificate made here by openssl), then `tclive cert bind` and an equivalent `curl` POST run
# alternately (tclive as is, which reads the binding first, and with --force, which sends the
# bind alone), and the medians and their ratios printed; plus `--version` and `--help` wall
# time, stripped binary size and the peak memory (max RSS) of one bind; a bind of 300
# domains of an account with 400 bindings, read before and after (--verify); and an ACME
# renewal of 300 play domains with --verify --retire-old delete, then its unchanged re-run
# (the request counts of issue 21: at most 18, then at most 8 and no upload).
#
#   benches/cli.sh [PAIRS]      (default 30 pairs after 3 warm-up pairs)
#
# Needs: cargo, python3, openssl, curl, /usr/bin/time. Sends nothing off this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-30}

cargo build --release --locked --quiet
BIN=$PWD/target/release/tclive
WORK=$(mktemp -d)
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -addext basicConstraints=critical,CA:FALSE \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

cat > "$WORK/server.py" <<'PY'
import http.server, json, ssl, sys, threading
ANSWER = b'{"Response":{"MismatchedDomainNames":[],"Errors":[],"RequestId":"bench"}}'
# 400 bound domains, for the many-domain bind: d000 … d399.example.com, certificate OLD.
BINDINGS = [{"DomainName": f"d{i:03}.example.com", "CertificateAlias": "old", "CertType": 1,
             "Status": 1, "CertExpireTime": "2027-01-01 08:00:00", "CertId": 1,
             "CloudCertId": "OLD", "UpdateTime": None} for i in range(400)]
COUNTS = {}
LOCK = threading.Lock()
# "hook" mode: 300 enabled play domains h000 … h299.example.com, all bound to one uploaded
# certificate OLD, as an account renewed by an ACME hook; uploads are kept, by CloudCertId.
HOOK = len(sys.argv) > 3 and sys.argv[3] == "hook"
PEMS = {}
DOMAINS = []
if HOOK:
    BINDINGS = [{"DomainName": f"h{i:03}.example.com", "CertificateAlias": "old", "CertType": 0,
                 "Status": 1, "CertExpireTime": "2027-01-01 08:00:00", "CertId": 1,
                 "CloudCertId": "OLD", "UpdateTime": None} for i in range(300)]
    DOMAINS = [{"Name": b["DomainName"], "Type": 1, "Status": 1} for b in BINDINGS]
# The SSL service's store in "hook" mode: OLD uploaded for *.example.com, expiring before the
# renewed one (each upload is stored for *.example.com, expiring later); delete tasks end at
# their first poll.
STORED = {"OLD": {"From": "upload", "Alias": "old", "Domain": "*.example.com",
                  "SubjectAltName": ["*.example.com"], "CertEndTime": "2026-01-01 08:00:00"}}
TASKS = {}
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without this, a second request on a kept-alive connection waits ~40 ms for Nagle and
    # delayed ACKs (headers and body are written separately): an artefact of this server.
    disable_nagle_algorithm = True
    def answer(self, body):
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):  # /counts: requests per action so far
        with LOCK:
            self.answer(json.dumps(COUNTS).encode())
    def do_POST(self):
        req = self.rfile.read(int(self.headers.get("content-length", 0)))
        action = self.headers.get("x-tc-action", "")
        with LOCK:
            COUNTS[action] = COUNTS.get(action, 0) + 1
        q = json.loads(req)
        if action == "ModifyLiveDomainCertBindings" and "CertificatePublicKey" in q:
            with LOCK:
                cid = f"UP{len(PEMS)}"
                PEMS[cid] = q["CertificatePublicKey"]
                names = {d["DomainName"] for d in q.get("DomainInfos", [])}
                for b in BINDINGS:
                    if b["DomainName"] in names:
                        b["CloudCertId"] = cid
        if action == "UploadCertificate":  # the SSL service: duplicates answered by their ID
            with LOCK:
                pem = q["CertificatePublicKey"]
                dup = next((k for k, v in PEMS.items() if v == pem), None)
                if dup is None:
                    cid = f"UP{len(PEMS)}"
                    PEMS[cid] = pem
                    STORED[cid] = {"From": "upload", "Alias": "new", "Domain": "*.example.com",
                                   "SubjectAltName": ["*.example.com"],
                                   "CertEndTime": "2099-01-01 08:00:00"}
            ids = {"CertificateId": "", "RepeatCertId": dup} if dup else {"CertificateId": cid, "RepeatCertId": ""}
            return self.answer(json.dumps({"Response": dict(ids, RequestId="bench")}).encode())
        if action == "DescribeCertificates":
            with LOCK:
                ids = q.get("CertIds") or list(STORED)
                certs = [dict(STORED[i], CertificateId=i) for i in ids if i in STORED]
            page = certs[q.get("Offset", 0):q.get("Offset", 0) + q.get("Limit", 10)]
            return self.answer(json.dumps({"Response": {"TotalCount": len(certs), "Certificates": page,
                                                        "RequestId": "bench"}}).encode())
        if action == "DeleteCertificates":
            with LOCK:
                tasks = []
                for i in q.get("CertificateIds", []):
                    TASKS[f"t-{i}"] = i
                    tasks.append({"CertId": i, "TaskId": f"t-{i}"})
            return self.answer(json.dumps({"Response": {"Success": [], "Fail": [], "CertTaskIds": tasks,
                                                        "RequestId": "bench"}}).encode())
        if action == "DescribeDeleteCertificatesTaskResult":
            with LOCK:
                out = []
                for t in q.get("TaskIds", []):
                    if t in TASKS:
                        STORED.pop(TASKS[t], None)
                        out.append({"TaskId": t, "CertId": TASKS[t], "Status": 1})
            return self.answer(json.dumps({"Response": {"DeleteTaskResult": out,
                                                        "RequestId": "bench"}}).encode())
        if action == "DescribeLiveDomains":
            size, page = q.get("PageSize", 10), q.get("PageNum", 1)
            items = DOMAINS[(page - 1) * size:page * size]
            return self.answer(json.dumps({"Response": {"AllCount": len(DOMAINS), "DomainList": items,
                                                        "RequestId": "bench"}}).encode())
        if action == "DescribeLiveDomainCert":
            b = next((b for b in BINDINGS if b["DomainName"] == q.get("DomainName")), None)
            pem = PEMS.get(b["CloudCertId"]) if b else None
            return self.answer(json.dumps({"Response": {"DomainCertInfo": {
                "HttpsCrt": pem or "", "CloudCertId": b["CloudCertId"] if b else ""},
                "RequestId": "bench"}}).encode())
        if action == "ModifyLiveDomainCertBindings" and "CloudCertId" in q:
            with LOCK:
                names = {d["DomainName"] for d in q.get("DomainInfos", [])}
                for b in BINDINGS:
                    if b["DomainName"] in names:
                        b["CloudCertId"] = q["CloudCertId"]
        if action != "DescribeLiveDomainCertBindings":
            return self.answer(ANSWER)
        items = [b for b in BINDINGS if q.get("DomainName") in (None, b["DomainName"])]
        off, n = q.get("Offset", 0), q.get("Length", 50)
        self.answer(json.dumps({"Response": {"LiveDomainCertBindings": items[off:off + n],
                                             "TotalNum": len(items), "RequestId": "bench"}}).encode())
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print(srv.server_address[1], flush=True)
srv.serve_forever()
PY
python3 "$WORK/server.py" "$WORK/cert.pem" "$WORK/key.pem" > "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")
URL="https://127.0.0.1:$PORT"
python3 "$WORK/server.py" "$WORK/cert.pem" "$WORK/key.pem" hook > "$WORK/hookport" &
HOOK_PID=$!
trap 'kill "${SERVER_PID:-0}" "${HOOK_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/hookport" ] && break; sleep 0.1; done
HOOK_URL="https://127.0.0.1:$(cat "$WORK/hookport")"
# The renewed certificate a certbot deploy hook would see: *.example.com, in its lineage.
mkdir -p "$WORK/live"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 90 \
  -subj /CN=example.com -addext "subjectAltName=DNS:*.example.com" \
  -addext basicConstraints=critical,CA:FALSE \
  -keyout "$WORK/live/privkey.pem" -out "$WORK/live/fullchain.pem" 2>/dev/null

export TENCENTCLOUD_SECRET_ID=AKIDBENCHBENCHBENCHBENCH
export TENCENTCLOUD_SECRET_KEY=benchbenchbenchbenchbenchbench00
export SSL_CERT_FILE="$WORK/cert.pem"
BODY='{"DomainInfos":[{"DomainName":"play.example.com","Status":1}],"CloudCertId":"hZy2N9vF"}'

python3 - "$BIN" "$URL" "$WORK/cert.pem" "$BODY" "$PAIRS" "$HOOK_URL" "$WORK/live" <<'PY'
import statistics, subprocess, sys, time, os
bin_, url, ca, body, pairs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
hook_url, lineage = sys.argv[6], sys.argv[7]
tclive = [bin_, "cert", "bind", "--cert-id", "hZy2N9vF", "--domain", "play.example.com",
          "--endpoint", url, "-o", "tsv"]
curl = ["curl", "-sS", "--cacert", ca, "-X", "POST", url + "/",
        "-H", "Content-Type: application/json", "-H", "X-TC-Action: ModifyLiveDomainCertBindings",
        "-H", "X-TC-Version: 2018-08-01", "-H", "X-TC-Timestamp: 1700000000",
        "-H", "Authorization: TC3-HMAC-SHA256 Credential=x/2023-11-14/live/tc3_request, SignedHeaders=content-type;host, Signature=0",
        "--data-binary", body]
def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} exited {r.returncode}")
    return dt
forced = tclive + ["--force"]
for _ in range(3):
    run(tclive); run(forced); run(curl)
a, f, b = [], [], []
for _ in range(pairs):
    a.append(run(tclive)); f.append(run(forced)); b.append(run(curl))
ma, mf, mb = statistics.median(a), statistics.median(f), statistics.median(b)
print(f"bind by id, 1 domain, loopback HTTPS ({pairs} rounds, alternating):")
print(f"  tclive (reads the binding, then binds) median {ma*1000:.2f} ms   ratio to curl {ma/mb:.2f}x")
print(f"  tclive --force (the bind alone)        median {mf*1000:.2f} ms   ratio to curl {mf/mb:.2f}x")
print(f"  curl (one POST)                        median {mb*1000:.2f} ms")
import shutil
starts = [([shutil.which("true")], "true (floor)"), ([bin_, "--version"], "--version"),
          ([bin_, "--help"], "--help"),
          ([bin_, "--dry-run", "cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
           "cert bind --dry-run")]
ts = [[] for _ in starts]
for _ in range(50):  # round-robin, so a drifting machine affects every row alike
    for i, (cmd, _) in enumerate(starts):
        ts[i].append(run(cmd))
for (_, label), t in zip(starts, ts):
    print(f"  {label:<20} median {statistics.median(t)*1000:.2f} ms (50 runs, spawned from python)")
print(f"  binary size {os.path.getsize(bin_)/1024/1024:.2f} MiB ({os.path.getsize(bin_)} bytes, stripped)")
r = subprocess.run(["/usr/bin/time", "-v"] + tclive, capture_output=True, text=True)
rss = [l for l in r.stderr.splitlines() if "Maximum resident set size" in l][0].split()[-1]
print(f"  peak memory of one bind {int(rss)/1024:.1f} MiB (max RSS {rss} KiB)")

# Many domains: 300 of the account's 400 bindings get a new certificate, read back (--verify).
import json, ssl, tempfile, urllib.request
def counts():
    ctx = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(url + "/counts", context=ctx) as r:
        return json.load(r)
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    f.write("".join(f"d{i:03}.example.com\n" for i in range(300)))
many = lambda cert: [bin_, "cert", "bind", "--cert-id", cert, "--domains-file", f.name,
                     "--verify", "--endpoint", url, "-o", "tsv"]
before = counts()
ts = [run(many(f"NEW{i}")) for i in range(3)]  # a new certificate each time: 300 to bind
after = counts()
per = {k: (after.get(k, 0) - before.get(k, 0)) // 3 for k in after}
os.unlink(f.name)
print(f"bind 300 domains of 400 by id, with --verify (3 runs):")
print(f"  median {statistics.median(ts)*1000:.0f} ms; requests per run: {per}")
# An ACME renewal of 300 play domains bound to one certificate, as certbot's deploy hook runs
# it: the first run uploads and binds (with --verify), the next ones find nothing to change.
def hook_counts():
    ctx = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(hook_url + "/counts", context=ctx) as r:
        return json.load(r)
# The SSL service (where the key pair is stored once, then bound by its ID) is the same fake.
env = dict(os.environ, RENEWED_LINEAGE=lineage, RENEWED_DOMAINS="*.example.com",
           TCLIVE_SSL_ENDPOINT=hook_url)
def hook(extra):
    t = time.perf_counter()
    r = subprocess.run([bin_, "cert", "bind", "--from-hook-env", "--match-san", "--endpoint",
                        hook_url, "-o", "tsv"] + extra, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"hook run exited {r.returncode}: {r.stderr}")
    return dt
def requests(before, after):
    d = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    return sum(d.values()), {k: v for k, v in d.items() if v}
RETIRE = ["--verify", "--retire-old", "delete"]
c0 = hook_counts(); t1 = hook(RETIRE); c1 = hook_counts()
n1, d1 = requests(c0, c1)
print("ACME renewal of 300 play domains on one certificate (--from-hook-env --match-san):")
print(f"  first renewal with --verify --retire-old delete: {n1} requests (target <= 18), {t1*1000:.0f} ms: {d1}")
if d1.get("DeleteCertificates") != 1 or d1.get("UploadCertificate") != 1:
    sys.exit("the renewal did not upload once and delete the old certificate")
again = []
for _ in range(5):
    b = hook_counts(); again.append((hook(RETIRE), requests(b, hook_counts())))
n2, d2 = again[0][1]
t2 = statistics.median(t for t, _ in again)
print(f"  unchanged re-run (same flags): {n2} requests (target <= 8), {d2.get('UploadCertificate', 0)} uploads, median {t2*1000:.0f} ms of 5 (target <= 1000 ms): {d2}")
PY
