//! Shared test harness: the built binary in a hermetic environment (empty env, temporary HOME,
//! the credential services pointed at a closed loopback port), what a run showed
//! ([`Outcome`], leak-checked on every run), and the loopback fakes, all on the one server of
//! `server.rs`: canned answers (`FakeApi`), a script of faults (`fault`), the stateful Live
//! API (`fake_live`), the credential services (`providers`) and TLS edges (`edge`).

pub mod edge;
pub mod fake_live;
pub mod fake_ssl;
pub mod fault;
pub mod outcome;
pub mod pki;
pub mod prometheus;
pub mod providers;
pub mod pty;
pub mod server;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use server::{Handler, Reply, Request, Server};

pub use outcome::{Outcome, Run, describe_std, record_signature, register_private_key, within_20s};

pub const SECRET_ID: &str = "AKIDTESTIDTESTIDTEST9876";
pub const SECRET_KEY: &str = "TopSecretKeyValueNeverShown0042";
pub const TOKEN: &str = "SessionTokenValueNeverShown7777";

/// The tclive binary under test.
pub fn tclive_bin() -> &'static std::path::Path {
    assert_cmd::cargo::cargo_bin!("tclive")
}

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
            .env("TCLIVE_STS_ENDPOINT", closed_metadata())
            .env("TCLIVE_SSL_ENDPOINT", closed_metadata());
        c
    }

    /// The binary with credentials in the environment.
    pub fn cmd_with_creds(&self) -> Command {
        let mut c = self.cmd();
        c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        c
    }

    /// [`Env::cmd_with_creds`] with `--endpoint ENDPOINT` before the subcommand the test adds.
    pub fn at(&self, endpoint: &str) -> Command {
        let mut c = self.cmd_with_creds();
        c.args(["--endpoint", endpoint]);
        c
    }

    /// `tclive cert bind --endpoint ENDPOINT` with credentials in the environment, the SSL
    /// service pointed at the same fake (`TCLIVE_SSL_ENDPOINT`: a key pair is stored there
    /// first); the test adds the certificate, the domains and the options it is about.
    pub fn bind(&self, endpoint: &str) -> Command {
        let mut c = self.cmd_with_creds();
        c.env("TCLIVE_SSL_ENDPOINT", endpoint)
            .args(["cert", "bind", "--endpoint", endpoint]);
        c
    }

    /// Like [`Env::cmd`], as a `std::process::Command` (whose stdio can be any file: a
    /// terminal, /dev/full, a pipe nobody reads) or to spawn and signal.
    pub fn std_cmd(&self) -> std::process::Command {
        self.std_program(tclive_bin())
    }

    /// Another program (a shell, `prlimit`) in the environment of [`Env::std_cmd`], to run
    /// the binary under it.
    pub fn std_program(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut c = std::process::Command::new(program);
        c.env_clear()
            .env("HOME", self.home.path())
            .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
            .env("TCLIVE_STS_ENDPOINT", closed_metadata())
            .env("TCLIVE_SSL_ENDPOINT", closed_metadata());
        c
    }

    /// [`Env::std_cmd`] with credentials in the environment.
    pub fn std_cmd_with_creds(&self) -> std::process::Command {
        let mut c = self.std_cmd();
        c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        c
    }

    /// The binary under `prlimit LIMIT` (util-linux: `--data=BYTES`, `--cpu=SECONDS`), with
    /// credentials in the environment: a run that needed more than the limit allows is
    /// killed (or aborts) instead of earning its exit code.
    pub fn capped(&self, limit: &str) -> std::process::Command {
        let mut c = self.std_program("prlimit");
        c.arg(limit).arg("--").arg(tclive_bin());
        c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        c
    }

    pub fn write(&self, rel: &str, content: &[u8]) -> PathBuf {
        let p = self.home.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    /// A FIFO (named pipe) at `rel` in HOME, made by `mkfifo`.
    pub fn fifo(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let ok = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(ok.success(), "mkfifo {}", path.display());
        path
    }

    /// A key pair made for `names`, written into HOME as `fullchain.pem` and `privkey.pem`.
    pub fn key_pair_files(&self, names: &[&str]) -> PairFiles {
        let kp = key_pair(names);
        PairFiles {
            cert: self.write("fullchain.pem", kp.cert_pem.as_bytes()),
            key: self.write("privkey.pem", kp.key_pem.as_bytes()),
            cert_pem: kp.cert_pem,
            key_pem: kp.key_pem,
        }
    }

    /// `--cert FILE --key FILE` for a key pair made for `names`, written into HOME.
    pub fn key_pair_args(&self, names: &[&str]) -> Vec<std::ffi::OsString> {
        self.key_pair_files(names).args()
    }

    /// A file naming `d000.example.com` … `d(n-1).example.com`, one a line.
    pub fn domains_file(&self, n: usize) -> String {
        let text: String = (0..n).map(|i| format!("d{i:03}.example.com\n")).collect();
        self.write("domains.txt", text.as_bytes())
            .display()
            .to_string()
    }
}

/// A key pair written into HOME.
pub struct PairFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub cert_pem: String,
    pub key_pem: String,
}

impl PairFiles {
    /// `--cert FILE --key FILE`.
    pub fn args(&self) -> Vec<std::ffi::OsString> {
        vec![
            "--cert".into(),
            self.cert.clone().into(),
            "--key".into(),
            self.key.clone().into(),
        ]
    }
}

/// `-d NAME` for each name.
pub fn domain_args(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .flat_map(|n| ["-d".to_string(), n.to_string()])
        .collect()
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

    /// [`FakeApi::start`] with a successful answer to the change request
    /// (`RequestId req-1234`).
    pub fn answering_ok() -> Self {
        let api = Self::start();
        api.answer(200, &ok_answer(""));
        api
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
        // A key pair is stored first: a new certificate, as the SSL service answers it.
        api.rule(
            Some("UploadCertificate"),
            200,
            r#"{"Response":{"CertificateId":"upload-1","RepeatCertId":"","RequestId":"up-1"}}"#,
            Duration::ZERO,
            true,
        );
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

    /// The requests of `action` it answered, in order.
    pub fn requests_of(&self, action: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.header("x-tc-action").as_deref() == Some(action))
            .collect()
    }

    /// The body of the one UploadCertificate request (a key pair stored before its bind).
    pub fn only_upload(&self) -> serde_json::Value {
        let r = self.requests_of("UploadCertificate");
        assert_eq!(r.len(), 1, "expected exactly one upload, got {}", r.len());
        serde_json::from_slice(r[0].body_ref()).unwrap()
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

/// The Authorization that keys `id`/`key` give a Live API request to `host` at `timestamp`
/// with this body.
fn authorization(id: &str, key: &str, host: &str, timestamp: i64, body: &[u8]) -> String {
    authorization_of("live", id, key, host, timestamp, body)
}

/// The Authorization of a request to `service` (`live`, `ssl`).
fn authorization_of(
    service: &str,
    id: &str,
    key: &str,
    host: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    tclive::tc3::sign(&tclive::tc3::SigningInput {
        secret_id: id,
        secret_key: key,
        service,
        host,
        content_type: "application/json",
        timestamp,
        body,
    })
    .authorization
}

/// The Authorization `req` should carry if signed by keys `id`/`key`: recomputed from what
/// the server received (the Host actually sent, the timestamp sent, the exact body bytes).
fn authorization_for(req: &Request, id: &str, key: &str) -> (String, i64) {
    let host = header(req, "host").expect("Host sent");
    let ts: i64 = header(req, "x-tc-timestamp").unwrap().parse().unwrap();
    (authorization(id, key, host, ts, req.body_ref()), ts)
}

/// Asserts that `req` is signed with the test credentials, at the current time.
pub fn assert_valid_signature(req: &Request) {
    let (expected, ts) = authorization_for(req, SECRET_ID, SECRET_KEY);
    assert_eq!(header(req, "authorization"), Some(expected.as_str()));
    assert!((now() - ts).abs() < 120, "timestamp is the current time");
}

/// Asserts that `req` to the Live API is signed with these (temporary) keys and carries
/// their token.
pub fn assert_signed_with(req: &Request, id: &str, key: &str, token: &str) {
    let (expected, _) = authorization_for(req, id, key);
    assert_eq!(
        header(req, "authorization"),
        Some(expected.as_str()),
        "signed with the temporary keys"
    );
    assert_eq!(header(req, "x-tc-token"), Some(token), "their token sent");
}

/// The Authorization the test credentials give for this host, timestamp and body.
pub fn expected_authorization(host: &str, timestamp: i64, body: &[u8]) -> String {
    authorization(SECRET_ID, SECRET_KEY, host, timestamp, body)
}

/// The Authorization the test credentials give a request to `service` (`ssl`) for this host,
/// timestamp and body.
pub fn expected_authorization_for(
    service: &str,
    host: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    authorization_of(service, SECRET_ID, SECRET_KEY, host, timestamp, body)
}

/// A loopback URL where nothing listens: what the credential services are pointed at unless
/// a test runs a fake of them.
pub fn closed_metadata() -> String {
    format!("http://{}", closed())
}

/// The loopback address of the closed ports. No fake ever listens on it (they all listen on
/// 127.0.0.1), so a port there stays closed for the whole run. A port on 127.0.0.1 that was
/// free a moment ago would not: the kernel hands it to the next fake that asks, and a tclive
/// retrying its closed endpoint would then reach another test's fake (it did, in CI).
pub const CLOSED_IP: &str = "127.0.0.9";

/// A loopback address nothing listens on, `127.0.0.9:PORT`: connections to it are refused.
pub fn closed() -> String {
    format!("{CLOSED_IP}:{}", closed_port())
}

/// A port on [`CLOSED_IP`] nothing listens on.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind((CLOSED_IP, 0))
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

/// Unix time as Beijing time, `YYYY-MM-DD HH:MM:SS`, as the API writes it.
pub fn beijing(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap()
        .to_offset(time::macros::offset!(+8));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Unix time in UTC, `YYYY-MM-DDTHH:MM:SSZ`, as tclive shows it.
pub fn utc(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A change request's answer: a.example.com ok, b.example.com failed, c.example.com mismatched,
/// with an unknown field whose keys are not in order.
pub const PARTIAL: &str = r#"{"Response":{"MismatchedDomainNames":["c.example.com"],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation.ConfigCDNFailed","Message":"CDN configuration failed."},{"DomainName":"c.example.com","Code":"InvalidParameter.CrtDomainNotFound","Message":"Unable to find the domain."}],"Extra":{"Z":1,"A":2},"RequestId":"req-partial"}}"#;

pub fn ok_answer(extra: &str) -> String {
    format!(r#"{{"Response":{{{extra}"RequestId":"req-1234"}}}}"#)
}

/// A real certificate and key, made for the test.
pub struct KeyPair {
    pub cert_pem: String,
    pub key_pem: String,
}

/// A self-signed certificate for `names` and its key; the key is registered with the leak
/// check, so that no run may print it.
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

/// `text` as the inside of a JSON string, escaped as a server would write it; `hostile`: also
/// `\/` for every slash and every fifth letter or digit as a `\u00XX` escape, so that no
/// secret appears in the answer's text as it is.
pub fn json_inner(text: &str, hostile: bool) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    let inner = &quoted[1..quoted.len() - 1];
    if !hostile {
        return inner.to_string();
    }
    let mut out = String::new();
    let mut escaped = false;
    for (i, c) in inner.chars().enumerate() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            out.push(c);
            escaped = true;
        } else if c == '/' {
            out.push_str("\\/");
        } else if c.is_ascii_alphanumeric() && i % 5 == 0 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` followed by a byte that is not UTF-8: a variable's value that holds no text.
pub fn undecodable(text: &str) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStringExt;
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0xff);
    std::ffi::OsString::from_vec(bytes)
}

/// The base64 body of a PEM (its distinctive part), to look for leaks.
pub fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("")
}

/// Waits until `cond` holds (at most 10 s).
pub fn wait_for(cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends `sig` (`-INT`, `-TERM`) to process `pid` with kill(1); returns when it was sent.
pub fn kill(pid: u32, sig: &str) -> Instant {
    let at = Instant::now();
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    at
}

/// How many bytes wait in the pipe whose reading end is `reader`, unread.
pub fn queued(reader: &std::io::PipeReader) -> u64 {
    rustix::io::ioctl_fionread(reader).expect("FIONREAD on a pipe")
}
