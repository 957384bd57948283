//! Shared test harness: the built binary in a hermetic environment (empty env, temporary HOME)
//! and the loopback fakes, all on the one server of `server.rs`: canned answers (`FakeApi`),
//! a script of faults (`fault`), the stateful Live API (`fake_live`).

pub mod edge;
pub mod fake_live;
pub mod fault;
pub mod pki;
pub mod providers;
pub mod pty;
pub mod server;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use std::time::Duration;

use assert_cmd::Command;
use server::{Handler, Reply, Request, Server};

pub const SECRET_ID: &str = "AKIDTESTIDTESTIDTEST9876";
pub const SECRET_KEY: &str = "TopSecretKeyValueNeverShown0042";
pub const TOKEN: &str = "SessionTokenValueNeverShown7777";

pub struct Env {
    pub home: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env {
            home: tempfile::tempdir().expect("temp HOME"),
        }
    }

    /// The binary with nothing from the real environment: no credentials, no proxies, no HOME;
    /// the instance-role provider (last in the chain) pointed at a closed loopback port, so
    /// that no test ever asks the real metadata service.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("tclive").expect("binary built");
        c.env_clear()
            .env("HOME", self.home.path())
            .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
            .env("TCLIVE_STS_ENDPOINT", closed_metadata());
        c
    }

    /// Like `cmd`, as a `std::process::Command` (for stdout on a pseudo-terminal), with
    /// credentials in the environment.
    pub fn std_cmd_with_creds(&self) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("tclive"));
        c.env_clear()
            .env("HOME", self.home.path())
            .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
            .env("TCLIVE_STS_ENDPOINT", closed_metadata())
            .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        c
    }

    /// The binary with credentials in the environment.
    pub fn cmd_with_creds(&self) -> Command {
        let mut c = self.cmd();
        c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        c
    }

    /// `tclive cert bind --endpoint ENDPOINT` with credentials in the environment; the test
    /// adds the certificate, the domains and the options it is about.
    pub fn bind(&self, endpoint: &str) -> Command {
        let mut c = self.cmd_with_creds();
        c.args(["cert", "bind", "--endpoint", endpoint]);
        c
    }

    pub fn write(&self, rel: &str, content: &[u8]) -> PathBuf {
        let p = self.home.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    /// `--cert FILE --key FILE` for a key pair made for `names`, written into HOME.
    pub fn key_pair_args(&self, names: &[&str]) -> Vec<std::ffi::OsString> {
        let kp = key_pair(names);
        let c = self.write("fullchain.pem", kp.cert_pem.as_bytes());
        let k = self.write("privkey.pem", kp.key_pem.as_bytes());
        vec!["--cert".into(), c.into(), "--key".into(), k.into()]
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }
}

/// One canned answer: to requests of `action` (any action when None), after `delay`.
struct Rule {
    action: Option<String>,
    status: u16,
    body: String,
    delay: Duration,
    /// Requests it answered are what `FakeApi::requests` returns.
    recorded: bool,
}

/// Answers from rules, first match first, like a mock server; 404 when none matches.
struct Rules(Arc<Mutex<Vec<Rule>>>, Arc<Mutex<Vec<Request>>>);

impl Handler for Rules {
    fn reply(&self, req: &Request, _: usize) -> Reply {
        let action = req.header("x-tc-action");
        let rules = self.0.lock().unwrap();
        let Some(rule) = rules
            .iter()
            .find(|r| r.action.is_none() || r.action == action)
        else {
            return Reply::json(404, "no rule for this request");
        };
        if rule.recorded {
            self.1.lock().unwrap().push(req.clone());
        }
        let reply = Reply::json(rule.status, rule.body.clone());
        if rule.delay.is_zero() {
            reply
        } else {
            Reply::Later(rule.delay, Box::new(reply))
        }
    }
}

/// A fake API with canned answers per action, recording the change requests it answers.
pub struct FakeApi {
    pub server: Server,
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl FakeApi {
    /// Answers the state reads a bind makes first (DescribeLiveDomainCertBindings) with "no
    /// binding", so that every domain is bound; `answer` sets the change request's answer.
    pub fn start() -> Self {
        Self::start_reading(
            r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"read-1"}}"#,
        )
    }

    /// Like `start`, with this answer to the state reads.
    pub fn start_reading(read_answer: &str) -> Self {
        let rules = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let server = Server::start(Rules(rules.clone(), seen.clone()));
        let api = FakeApi {
            server,
            rules,
            seen,
        };
        api.rule(
            Some("DescribeLiveDomainCertBindings"),
            200,
            read_answer,
            Duration::ZERO,
            false,
        );
        api
    }

    fn rule(&self, action: Option<&str>, status: u16, body: &str, delay: Duration, recorded: bool) {
        self.rules.lock().unwrap().push(Rule {
            action: action.map(str::to_string),
            status,
            body: body.to_string(),
            delay,
            recorded,
        });
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// The answer to the change request (ModifyLiveDomainCertBindings).
    pub fn answer(&self, status: u16, body: &str) {
        self.rule(
            Some("ModifyLiveDomainCertBindings"),
            status,
            body,
            Duration::ZERO,
            true,
        );
    }

    /// The answer to the change request, given after `delay`.
    pub fn answer_after(&self, delay: Duration, status: u16, body: &str) {
        self.rule(
            Some("ModifyLiveDomainCertBindings"),
            status,
            body,
            delay,
            true,
        );
    }

    /// The answer to every request no earlier rule answers, after `delay`.
    pub fn answer_any_after(&self, delay: Duration, status: u16, body: &str) {
        self.rule(None, status, body, delay, true);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    pub fn only_request(&self) -> Request {
        let r = self.requests();
        assert_eq!(r.len(), 1, "expected exactly one request, got {}", r.len());
        r.into_iter().next().unwrap()
    }
}

pub fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Recomputes the signature from what the server received: the Host actually sent, the
/// timestamp sent and the exact body bytes.
pub fn assert_valid_signature(req: &Request) {
    let host = header(req, "host").expect("Host sent");
    let ts: i64 = header(req, "x-tc-timestamp").unwrap().parse().unwrap();
    let signed = tclive::tc3::sign(&tclive::tc3::SigningInput {
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
        service: "live",
        host,
        content_type: "application/json",
        timestamp: ts,
        body: req.body_ref(),
    });
    assert_eq!(
        header(req, "authorization"),
        Some(signed.authorization.as_str())
    );
    assert!((now() - ts).abs() < 120, "timestamp is the current time");
}

/// Asserts that `req` to the Live API is signed with these (temporary) keys and carries
/// their token.
pub fn assert_signed_with(req: &Request, id: &str, key: &str, token: &str) {
    let host = header(req, "host").expect("Host sent");
    let ts: i64 = header(req, "x-tc-timestamp").unwrap().parse().unwrap();
    let signed = tclive::tc3::sign(&tclive::tc3::SigningInput {
        secret_id: id,
        secret_key: key,
        service: "live",
        host,
        content_type: "application/json",
        timestamp: ts,
        body: req.body_ref(),
    });
    assert_eq!(
        header(req, "authorization"),
        Some(signed.authorization.as_str()),
        "signed with the temporary keys"
    );
    assert_eq!(header(req, "x-tc-token"), Some(token), "their token sent");
}

/// The Authorization the test credentials give for this host, timestamp and body.
pub fn expected_authorization(host: &str, timestamp: i64, body: &[u8]) -> String {
    tclive::tc3::sign(&tclive::tc3::SigningInput {
        secret_id: SECRET_ID,
        secret_key: SECRET_KEY,
        service: "live",
        host,
        content_type: "application/json",
        timestamp,
        body,
    })
    .authorization
}

/// A loopback port nothing listens on: connections to it are refused.
/// A loopback URL where nothing listens: what the credential services are pointed at unless
/// a test runs a fake of them.
pub fn closed_metadata() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn ok_answer(extra: &str) -> String {
    format!(r#"{{"Response":{{{extra}"RequestId":"req-1234"}}}}"#)
}

/// A real certificate and key, made for the test.
pub struct KeyPair {
    pub cert_pem: String,
    pub key_pem: String,
}

/// Every private key made by [`key_pair`] in this test binary: [`Run::run`] checks that none
/// of them ever shows in any output.
static PRIVATE_KEYS: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn key_pair(names: &[&str]) -> KeyPair {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let ck = rcgen::generate_simple_self_signed(names).expect("rcgen");
    let key_pem = ck.signing_key.serialize_pem();
    register_private_key(&key_pem);
    KeyPair {
        cert_pem: ck.cert.pem(),
        key_pem,
    }
}

pub fn register_private_key(pem: &str) {
    PRIVATE_KEYS.lock().unwrap().push(pem.to_string());
}

/// Every request signature a fake server of this test binary received (`server.rs` records
/// each): [`assert_no_secrets`] checks that none of them ever shows in any output.
static SIGNATURES: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Records the signature of an `Authorization` header as received: the 64 hex digits of a
/// TC3-HMAC-SHA256 signature (`SKIP`, a bearer token and other schemes have none).
pub fn record_signature(authorization: &str) {
    if let Some((_, sig)) = authorization.rsplit_once("Signature=") {
        let sig = sig.trim().to_ascii_lowercase();
        if sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit()) {
            SIGNATURES
                .lock()
                .unwrap()
                .get_or_insert_with(HashSet::new)
                .insert(sig);
        }
    }
}

/// The first recorded signature in `text`: every 64 hex digits of it looked up, so that the
/// check stays linear in the output whatever the number of signatures the suite made.
fn signature_in(text: &str) -> Option<String> {
    let guard = SIGNATURES.lock().unwrap();
    let known = guard.as_ref()?;
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut run_start = 0;
    for i in 0..=bytes.len() {
        if i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            continue;
        }
        if i - run_start >= 64 {
            for start in run_start..=i - 64 {
                let window = &lower[start..start + 64];
                if known.contains(window) {
                    return Some(window.to_string());
                }
            }
        }
        run_start = i + 1;
    }
    None
}

/// Runs the binary and checks, for every test, that no secret reached stdout or stderr.
pub trait Run {
    fn run(&mut self) -> std::process::Output;
}

impl Run for Command {
    fn run(&mut self) -> std::process::Output {
        let out = self.output().expect("the binary runs");
        assert_no_secrets(&out, None);
        let keys = PRIVATE_KEYS.lock().unwrap().clone();
        for key in keys {
            assert_no_secrets(&out, Some(&key));
        }
        out
    }
}

/// The base64 body of a PEM (its distinctive part), to look for leaks.
pub fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("")
}

/// Asserts that no secret (key, token, private key material) appears in the output.
pub fn assert_no_secrets(out: &std::process::Output, private_key_pem: Option<&str>) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(SECRET_KEY), "secret key leaked:\n{all}");
    assert!(!all.contains(TOKEN), "token leaked:\n{all}");
    // What the credential services hand out, and what asks them (providers.rs).
    for secret in [
        providers::CVM_KEY,
        providers::CVM_TOKEN,
        providers::STS_KEY,
        providers::STS_TOKEN,
        providers::WEB_TOKEN,
        providers::GH_BEARER,
    ] {
        assert!(!all.contains(secret), "{secret} leaked:\n{all}");
    }
    if let Some(sig) = signature_in(&all) {
        panic!("a request signature leaked ({sig}):\n{all}");
    }
    if let Some(pem) = private_key_pem {
        // Base64 lines of 16 characters or more: distinctive enough that a match is a leak
        // (a short last line, or the few bytes of a deliberately damaged test key, would
        // match unrelated text in a suite of hundreds of outputs).
        for line in pem
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("-----") && l.len() >= 16)
        {
            assert!(!all.contains(line), "private key material leaked:\n{all}");
        }
    }
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
