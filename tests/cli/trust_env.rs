//! Issue #19, "nothing goes where nobody pointed it" and "every wait is bounded", for what
//! tclive takes from its environment: variables that hold no text, `localhost`, files that are
//! FIFOs, the trust store, TLS versions and temporary keys that arrive expired. Each test is
//! named after the problem and drives the built binary against loopback fakes; the tests that
//! must show what would reach a real host name run in a network namespace of their own with a
//! private hosts file ([`in_private_network`]).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command as StdCommand;

use crate::common::server::{Handler, Reply, Request, Server};
use crate::common::*;

/// Set in the environment of the inner tests [`in_private_network`] starts.
const INNER: &str = "TCLIVE_TEST_PRIVATE_NETWORK";

/// `text` followed by a byte that is not UTF-8.
fn undecodable(text: &str) -> OsString {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0xff);
    OsString::from_vec(bytes)
}

/// Runs the ignored test `inner` of this test binary in a network and mount namespace of its
/// own: nothing but a loopback interface, and `hosts` as /etc/hosts. The inner test starts
/// its fakes there itself. Fails, never skips, where `unshare` cannot run: a test that must
/// show where a request goes has no honest way to pass without it.
fn in_private_network(inner: &str, hosts: &str) {
    let dir = tempfile::tempdir().unwrap();
    let hosts_file = dir.path().join("hosts");
    std::fs::write(&hosts_file, hosts).unwrap();
    let script = r#"set -e; ip link set lo up; mount --bind "$1" /etc/hosts; shift; exec "$@""#;
    let name = format!("trust_env::{inner}");
    let out = StdCommand::new("unshare")
        .args(["--mount", "--net", "--", "sh", "-c", script, "sh"])
        .arg(&hosts_file)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            &name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(INNER, "1")
        .output()
        .expect("unshare (util-linux) runs: this test needs a network namespace of its own");
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        out.status.success() && all.contains(&format!("test {name} ... ok")),
        "{name} in a private network:\n{all}"
    );
    assert!(all.contains("1 passed"), "{all}");
}

/// Whether this is the inner run [`in_private_network`] started; the inner tests do nothing
/// anywhere else (run by hand with `--ignored`, they would test the machine's own network).
fn inside_private_network() -> bool {
    if std::env::var_os(INNER).is_none() {
        return false;
    }
    // The private hosts file is in force, or nothing this test asserts would mean anything.
    let hosts = std::fs::read_to_string("/etc/hosts").unwrap();
    assert!(hosts.contains(PRIVATE_HOSTS_MARK), "{hosts}");
    true
}

/// The first line of every private hosts file: [`inside_private_network`] looks for it.
const PRIVATE_HOSTS_MARK: &str = "# tclive test: private hosts";

/// What the real services' names resolve to in the private network: 127.0.0.3, where
/// [`Stranger`]s stand in for them.
fn hosts_with_production_on_127_0_0_3(extra: &str) -> String {
    format!(
        "{PRIVATE_HOSTS_MARK}\n127.0.0.1 vm\n127.0.0.3 live.tencentcloudapi.com sts.tencentcloudapi.com metadata.tencentyun.com\n{extra}"
    )
}

/// A server that should never be reached: it records every connection and answers nothing
/// useful.
struct Stranger;

impl Handler for Stranger {
    fn reply(&self, _: &Request, _: usize) -> Reply {
        Reply::json(200, ok_answer(""))
    }
}

/// The stand-ins for the real Live API, STS (both https, port 443) and metadata service
/// (http, port 80), all on 127.0.0.3.
struct Production {
    https: Server,
    http: Server,
}

impl Production {
    fn start() -> Production {
        Production {
            https: Server::start_at("127.0.0.3:443", Stranger),
            http: Server::start_at("127.0.0.3:80", Stranger),
        }
    }

    fn connections(&self) -> usize {
        self.https.accepted() + self.http.accepted()
    }
}

// 1. Environment variables that are set but hold no text ----------------------------------

#[test]
fn a_non_utf8_tclive_endpoint_is_refused_and_nothing_reaches_the_production_endpoint() {
    in_private_network(
        "inner_a_non_utf8_tclive_endpoint",
        &hosts_with_production_on_127_0_0_3(""),
    );
}

#[test]
#[ignore = "run by a_non_utf8_tclive_endpoint_is_refused_… in a network namespace"]
fn inner_a_non_utf8_tclive_endpoint() {
    if !inside_private_network() {
        return;
    }
    let production = Production::start();
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let valid = format!("http://127.0.0.1:{}", api.port());
    let out = env
        .cmd_with_creds()
        .env("TCLIVE_ENDPOINT", undecodable(&valid))
        .args(["--timeout", "2s", "--max-attempts", "1", "cert", "bind"])
        .args(["--force", "-d", "a.example.com"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run();
    let err = stderr(&out);
    assert_eq!(
        production.connections(),
        0,
        "the key pair went to the production endpoint: {err}"
    );
    assert!(api.server.requests().is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: TCLIVE_ENDPOINT is set but is not valid UTF-8"),
        "{err}"
    );
    assert!(!err.contains(&valid), "the value is shown: {err}");
}

#[test]
fn non_utf8_sts_and_metadata_endpoints_are_refused_and_nothing_reaches_the_real_services() {
    in_private_network(
        "inner_non_utf8_sts_and_metadata_endpoints",
        &hosts_with_production_on_127_0_0_3(""),
    );
}

#[test]
#[ignore = "run by non_utf8_sts_and_metadata_endpoints_are_refused_… in a network namespace"]
fn inner_non_utf8_sts_and_metadata_endpoints() {
    if !inside_private_network() {
        return;
    }
    use crate::common::providers::{Providers, ROLE_ARN, Script};
    let production = Production::start();
    let env = Env::new();
    let fakes = Providers::start(Script::default());
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let bad = undecodable(&fakes.url());
    // Stored keys assuming a role ask STS; no keys at all ask the metadata service.
    let cases: [(&str, Vec<(&str, &str)>); 2] = [
        (
            "TCLIVE_STS_ENDPOINT",
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY),
                ("TENCENTCLOUD_ROLE_ARN", ROLE_ARN),
            ],
        ),
        ("TCLIVE_METADATA_ENDPOINT", vec![]),
    ];
    for (var, given) in cases {
        let mut cmd = env.cmd();
        cmd.envs(given).env(var, &bad);
        let out = cmd
            .args(["--timeout", "2s", "--max-attempts", "1", "cert", "bind"])
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .args(["--endpoint", &api.endpoint()])
            .run();
        let err = stderr(&out);
        assert_eq!(production.connections(), 0, "{var}: {err}");
        assert!(fakes.requests().is_empty(), "{var}: {err}");
        assert!(api.server.requests().is_empty(), "{var}: {err}");
        assert_eq!(out.status.code(), Some(2), "{var}: {err}");
        assert!(
            err.starts_with(&format!("error: {var} is set but is not valid UTF-8")),
            "{err}"
        );
        assert!(!err.contains(&fakes.url()), "the value is shown: {err}");
    }
}

#[test]
fn a_non_utf8_profile_variable_is_refused_instead_of_selecting_the_default_profile() {
    let env = Env::new();
    env.write(
        ".tencentcloud/credentials",
        format!(
            "[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n\n[prod]\nsecret_id = AKIDPRODPRODPRODPROD1234\nsecret_key = ProdKeyProdKey\n"
        )
        .as_bytes(),
    );
    for var in ["TENCENTCLOUD_PROFILE", "TCCLI_PROFILE"] {
        let api = FakeApi::start();
        api.answer(200, &ok_answer(""));
        let out = env
            .cmd()
            .env(var, undecodable("prod"))
            .args([
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--force",
                "-d",
                "a.example.com",
            ])
            .args(["--endpoint", &api.endpoint()])
            .run();
        let err = stderr(&out);
        assert!(
            api.server.requests().is_empty(),
            "{var}: bound with another profile's keys: {err}"
        );
        assert_eq!(out.status.code(), Some(2), "{var}: {err}");
        assert!(
            err.starts_with(&format!("error: {var} is set but is not valid UTF-8")),
            "{err}"
        );
        assert!(!err.contains("prod"), "{err}");
    }
}

/// A variable, what else must be set for it to be read at all, and the exit code a value of
/// it that is not text earns.
type TextVariable = (&'static str, Vec<(&'static str, String)>, i32);

/// Every variable tclive reads as text: 2 for options and their environment forms, 4 for
/// credential settings.
fn text_variables(closed: &str) -> Vec<TextVariable> {
    let keys = || {
        vec![
            ("TENCENTCLOUD_SECRET_ID", SECRET_ID.to_string()),
            ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.to_string()),
        ]
    };
    let role = || {
        let mut v = keys();
        v.push((
            "TENCENTCLOUD_ROLE_ARN",
            crate::common::providers::ROLE_ARN.to_string(),
        ));
        v
    };
    let tke = || {
        vec![
            ("TKE_REGION", "ap-guangzhou".to_string()),
            ("TKE_PROVIDER_ID", "provider".to_string()),
            (
                "TKE_WEB_IDENTITY_TOKEN_FILE",
                "/nonexistent/token".to_string(),
            ),
            (
                "TKE_ROLE_ARN",
                crate::common::providers::ROLE_ARN.to_string(),
            ),
        ]
    };
    let github = || {
        vec![
            ("ACTIONS_ID_TOKEN_REQUEST_URL", format!("{closed}/gh-token")),
            (
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                crate::common::providers::GH_BEARER.to_string(),
            ),
            (
                "TENCENTCLOUD_OIDC_PROVIDER_ID",
                "github-actions".to_string(),
            ),
            (
                "TENCENTCLOUD_ROLE_ARN",
                crate::common::providers::ROLE_ARN.to_string(),
            ),
            ("GITHUB_RUN_ID", "1234".to_string()),
            ("GITHUB_RUN_ATTEMPT", "1".to_string()),
        ]
    };
    let mut cases = vec![
        ("TENCENTCLOUD_REGION", keys(), 2),
        ("HTTPS_PROXY", keys(), 2),
        ("https_proxy", keys(), 2),
        ("HTTP_PROXY", keys(), 2),
        ("http_proxy", keys(), 2),
        ("ALL_PROXY", keys(), 2),
        ("all_proxy", keys(), 2),
        ("NO_PROXY", keys(), 2),
        ("no_proxy", keys(), 2),
        ("TENCENTCLOUD_SECRET_ID", keys(), 4),
        ("TENCENTCLOUD_SECRET_KEY", keys(), 4),
        ("TENCENTCLOUD_SESSION_TOKEN", keys(), 4),
        ("TENCENTCLOUD_TOKEN", keys(), 4),
        ("TENCENTCLOUD_ROLE_ARN", keys(), 4),
        ("TENCENTCLOUD_ROLE_SESSION_NAME", role(), 4),
        ("TENCENTCLOUD_ROLE_SESSION_DURATION", role(), 4),
        ("TKE_REGION", tke(), 4),
        ("TKE_PROVIDER_ID", tke(), 4),
        ("TKE_ROLE_ARN", tke(), 4),
        ("TENCENTCLOUD_REGION", github(), 2),
    ];
    for var in [
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "TENCENTCLOUD_OIDC_PROVIDER_ID",
        "TENCENTCLOUD_OIDC_AUDIENCE",
        "TENCENTCLOUD_ROLE_ARN",
        "GITHUB_RUN_ID",
        "GITHUB_RUN_ATTEMPT",
    ] {
        cases.push((var, github(), 4));
    }
    cases
}

#[test]
fn every_variable_that_is_set_but_not_text_is_an_error_naming_it_never_its_value() {
    let closed = closed_metadata();
    for (var, given, code) in text_variables(&closed) {
        let env = Env::new();
        let api = FakeApi::start();
        api.answer(200, &ok_answer(""));
        let out = env
            .cmd()
            .envs(given.iter().map(|(k, v)| (k, v)))
            .env(var, undecodable("Marker9"))
            .args(["--max-attempts", "1", "cert", "bind", "--cert-id", "x"])
            .args([
                "--force",
                "-d",
                "a.example.com",
                "--endpoint",
                &api.endpoint(),
            ])
            .run();
        let err = stderr(&out);
        assert!(api.server.requests().is_empty(), "{var}: {err}");
        assert_eq!(out.status.code(), Some(code), "{var}: {err}");
        assert!(
            err.starts_with(&format!("error: {var} is set but is not valid UTF-8")),
            "{var}: {err}"
        );
        assert!(!err.contains("Marker9"), "{var}: the value is shown: {err}");
    }
}

#[test]
fn a_proxy_variable_that_is_not_text_is_never_used_mangled() {
    // A password with a byte that is not UTF-8, read lossily, is another password: the proxy
    // would be asked with it.
    let proxy =
        crate::common::fault::FaultServer::start(vec![crate::common::fault::Action::Respond {
            status: 502,
            headers: vec![],
            body: String::new(),
        }]);
    let env = Env::new();
    let port = proxy.port;
    let mut value = b"http://user:pa".to_vec();
    value.push(0xff);
    value.extend_from_slice(format!("ss@127.0.0.1:{port}").as_bytes());
    let out = env
        .bind("https://live.example.invalid")
        .env("HTTPS_PROXY", OsString::from_vec(value))
        .args(["--max-attempts", "1", "--cert-id", "x", "--force"])
        .args(["-d", "a.example.com"])
        .run();
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("error: HTTPS_PROXY is set but is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn path_variables_may_hold_any_bytes_a_path_can() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    // A directory whose name is not UTF-8 holds the files the variables name.
    let dir = env
        .home
        .path()
        .join(OsString::from_vec(b"d\xffir".to_vec()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("key"), SECRET_KEY).unwrap();
    let out = env
        .cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY_FILE", dir.join("key"))
        .args([
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--force",
            "-d",
            "a.example.com",
        ])
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_valid_signature(&api.only_request());

    let ini = format!("[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n");
    std::fs::write(dir.join("credentials"), ini).unwrap();
    let out = env
        .cmd()
        .env("TENCENTCLOUD_CREDENTIALS_FILE", dir.join("credentials"))
        .args(["credentials", "show", "-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // An ACME client's lineage directory.
    let kp = key_pair(&["a.example.com"]);
    std::fs::write(dir.join("fullchain.pem"), &kp.cert_pem).unwrap();
    std::fs::write(dir.join("privkey.pem"), &kp.key_pem).unwrap();
    let out = env
        .cmd()
        .env("RENEWED_LINEAGE", &dir)
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--from-hook-env",
            "-d",
            "a.example.com",
        ])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // TKE's token file: the path is taken as it is, and the file is what is read.
    let fakes = crate::common::providers::Providers::start(Default::default());
    std::fs::write(dir.join("token"), crate::common::providers::WEB_TOKEN).unwrap();
    let out = env
        .cmd()
        .env("TCLIVE_STS_ENDPOINT", fakes.url())
        .env("TKE_REGION", "ap-guangzhou")
        .env("TKE_PROVIDER_ID", "provider")
        .env("TKE_WEB_IDENTITY_TOKEN_FILE", dir.join("token"))
        .env("TKE_ROLE_ARN", crate::common::providers::ROLE_ARN)
        .args(["credentials", "show", "-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fakes.sts_calls("AssumeRoleWithWebIdentity").len(), 1);
}

#[test]
fn a_variable_that_is_not_text_breaks_only_the_commands_that_read_it() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let k = env.write("k.pem", kp.key_pem.as_bytes());
    let bad = |cmd: &mut assert_cmd::Command| {
        for var in [
            "TENCENTCLOUD_SECRET_ID",
            "TENCENTCLOUD_PROFILE",
            "TENCENTCLOUD_ROLE_ARN",
            "HTTPS_PROXY",
            "TCLIVE_STS_ENDPOINT",
            "TCLIVE_METADATA_ENDPOINT",
        ] {
            cmd.env(var, undecodable("x"));
        }
    };
    // `cert check` sends nothing and reads no setting of the network or the account.
    let mut cmd = env.cmd();
    bad(&mut cmd);
    let out = cmd
        .env("TCLIVE_ENDPOINT", undecodable("x"))
        .env("TENCENTCLOUD_REGION", undecodable("x"))
        .args(["cert", "check", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A dry run reads no credentials and no proxy, but shows the endpoint it would use.
    let mut cmd = env.cmd();
    bad(&mut cmd);
    let out = cmd
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
        ])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = env
        .cmd()
        .env("TCLIVE_ENDPOINT", undecodable("x"))
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
        ])
        .run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

// 2. `localhost` is loopback by definition, not by what the resolver says -----------------

/// The private hosts file of the `localhost` tests: the resolver sends `localhost` and
/// `api.localhost` to 127.0.0.2, where a stranger listens.
fn hosts_with_localhost_elsewhere() -> String {
    hosts_with_production_on_127_0_0_3("127.0.0.2 localhost api.localhost\n")
}

/// A stranger on 127.0.0.2 at the port a fake has on 127.0.0.1: where the resolver's answer
/// for `localhost` would take the request.
fn stranger_beside(port: u16) -> Server {
    Server::start_at(&format!("127.0.0.2:{port}"), Stranger)
}

#[test]
fn http_localhost_is_trusted_by_its_name_whatever_the_resolver_answers() {
    in_private_network(
        "inner_http_localhost_is_loopback_by_definition",
        &hosts_with_localhost_elsewhere(),
    );
}

#[test]
#[ignore = "run by http_localhost_is_trusted_by_its_name_… in a network namespace"]
fn inner_http_localhost_is_loopback_by_definition() {
    if !inside_private_network() {
        return;
    }
    use std::net::ToSocketAddrs;
    let resolved: Vec<_> = ("localhost", 1).to_socket_addrs().unwrap().collect();
    assert_eq!(resolved[0].ip().to_string(), "127.0.0.2", "{resolved:?}");
    let _production = Production::start();
    for host in ["localhost", "api.localhost", "LocalHost."] {
        let env = Env::new();
        let api = FakeApi::start();
        api.answer(200, &ok_answer(""));
        let stranger = stranger_beside(api.port());
        // A proxy in the environment is not asked either: the endpoint is loopback.
        let proxy = stranger_beside(crate::common::closed_port());
        let out = env
            .bind(&format!("http://{host}:{}", api.port()))
            .env("HTTP_PROXY", format!("http://127.0.0.2:{}", proxy.port))
            .args(["--timeout", "5s", "--max-attempts", "1", "--force"])
            .args(["-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run();
        let err = stderr(&out);
        assert_eq!(
            stranger.accepted(),
            0,
            "{host}: the key went to 127.0.0.2: {err}"
        );
        assert_eq!(proxy.accepted(), 0, "{host}: {err}");
        assert_eq!(out.status.code(), Some(0), "{host}: {err}");
        let bind = api.only_request();
        assert!(bind.body_string().contains("CertificatePrivateKey"));
        assert_eq!(
            header(&bind, "host"),
            Some(format!("{}:{}", host.to_ascii_lowercase(), api.port()).as_str())
        );
    }
}

#[test]
fn http_localhost_for_sts_the_metadata_service_and_github_goes_only_to_loopback() {
    in_private_network(
        "inner_credential_services_on_localhost",
        &hosts_with_localhost_elsewhere(),
    );
}

#[test]
#[ignore = "run by http_localhost_for_sts_… in a network namespace"]
fn inner_credential_services_on_localhost() {
    if !inside_private_network() {
        return;
    }
    use crate::common::providers::{GH_BEARER, Providers, ROLE_ARN, Script};
    let _production = Production::start();
    let fakes = Providers::start(Script::default());
    let stranger = stranger_beside(fakes.server.port);
    let local = format!("http://localhost:{}", fakes.server.port);
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "STS",
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into()),
                ("TENCENTCLOUD_ROLE_ARN", ROLE_ARN.into()),
                ("TCLIVE_STS_ENDPOINT", local.clone()),
            ],
        ),
        (
            "metadata",
            vec![("TCLIVE_METADATA_ENDPOINT", local.clone())],
        ),
        (
            "GitHub",
            vec![
                ("ACTIONS_ID_TOKEN_REQUEST_URL", format!("{local}/gh-token")),
                ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GH_BEARER.into()),
                ("TENCENTCLOUD_OIDC_PROVIDER_ID", "github-actions".into()),
                ("TENCENTCLOUD_ROLE_ARN", ROLE_ARN.into()),
                ("TCLIVE_STS_ENDPOINT", fakes.url()),
            ],
        ),
    ];
    for (what, given) in cases {
        let before = fakes.requests().len();
        let out = Env::new()
            .cmd()
            .envs(given)
            .args(["--timeout", "5s", "--max-attempts", "1"])
            .args(["credentials", "show", "-o", "json"])
            .run();
        let err = stderr(&out);
        assert_eq!(stranger.accepted(), 0, "{what}: asked 127.0.0.2: {err}");
        assert_eq!(out.status.code(), Some(0), "{what}: {err}");
        assert!(fakes.requests().len() > before, "{what}");
    }
}

// 12. FIFOs never hang a run ----------------------------------------------------------------

/// A FIFO (named pipe) at `rel` in HOME, made by `mkfifo`.
fn fifo(env: &Env, rel: &str) -> std::path::PathBuf {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let ok = StdCommand::new("mkfifo").arg(&path).status().unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
    path
}

/// Runs `cmd` like [`Run::run`], killed after 20 s: a run that takes that long is hanging.
fn within_20s(cmd: &mut assert_cmd::Command) -> std::process::Output {
    let out = cmd
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap_or_else(|e| panic!("still running after 20 s: it hangs ({e})"));
    assert!(
        out.status.code().is_some(),
        "still running after 20 s: it hangs\n{}",
        stderr(&out)
    );
    assert_no_secrets(&out, None);
    out
}

#[test]
fn a_fifo_given_as_an_input_file_ends_with_an_error_instead_of_hanging() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let lineage = env.path("lineage");
    std::fs::create_dir_all(&lineage).unwrap();
    fifo(&env, "lineage/fullchain.pem");
    std::fs::write(lineage.join("privkey.pem"), &kp.key_pem).unwrap();
    let edge = format!("a.example.com:127.0.0.1:{}", closed_port());
    let pipe = |rel: &str| fifo(&env, rel).display().to_string();
    let (cert, key, domains, expect) = (pipe("cert"), pipe("key"), pipe("domains"), pipe("exp"));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("--cert", vec!["cert", "check", "--cert", &cert]),
        (
            "--key",
            vec![
                "cert",
                "check",
                "--cert",
                c.to_str().unwrap(),
                "--key",
                &key,
            ],
        ),
        (
            "--domains-file",
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--domains-file",
                &domains,
            ],
        ),
        (
            "--cert",
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--from-hook-env",
                "-d",
                "a.example.com",
            ],
        ),
        (
            "--expect-cert",
            vec![
                "cert",
                "probe",
                "-d",
                "a.example.com",
                "--connect-to",
                &edge,
                "--expect-cert",
                &expect,
            ],
        ),
    ];
    for (flag, args) in cases {
        let out = within_20s(
            env.cmd()
                .env("RENEWED_LINEAGE", &lineage)
                .args(["--timeout", "1s"])
                .args(&args),
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(&format!("error: {flag} ")), "{args:?}: {err}");
        assert!(
            err.contains("a pipe that did not come to its end within 1s (--timeout)"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_pipe_given_as_an_input_file_is_read_to_its_end_within_the_timeout() {
    use std::io::Write;
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    // Process substitution (`--cert <(vault read …)`): a writer that writes and closes.
    let path = fifo(&env, "written");
    let pem = kp.cert_pem.clone();
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            for line in pem.lines() {
                writeln!(w, "{line}").unwrap();
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "10s", "cert", "check", "--cert"])
            .arg(&path),
    );
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("pem"), "{}", stdout(&out));

    // A writer that writes and never closes.
    let path = fifo(&env, "open");
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn({
        let path = path.clone();
        let pem = kp.cert_pem.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            w.write_all(pem.as_bytes()).unwrap();
            let _ = rx.recv();
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "1s", "cert", "check", "--cert"])
            .arg(&path),
    );
    tx.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a pipe that did not come to its end within 1s (--timeout)"),
        "{}",
        stderr(&out)
    );

    // A writer that never stops: the cap ends it.
    let path = fifo(&env, "endless");
    let flood = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            let chunk = vec![b'A'; 64 * 1024];
            while w.write_all(&chunk).is_ok() {}
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "10s", "cert", "check", "--cert"])
            .arg(&path),
    );
    flood.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("larger than 1024 KiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_fifo_given_as_a_credentials_file_is_refused_at_once() {
    let closed = closed_metadata();
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "TENCENTCLOUD_SECRET_ID_FILE",
            vec![("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into())],
        ),
        (
            "TENCENTCLOUD_SECRET_KEY_FILE",
            vec![("TENCENTCLOUD_SECRET_ID", SECRET_ID.into())],
        ),
        (
            "TENCENTCLOUD_SESSION_TOKEN_FILE",
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into()),
            ],
        ),
        ("TENCENTCLOUD_CREDENTIALS_FILE", vec![]),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            vec![
                ("TKE_REGION", "ap-guangzhou".into()),
                ("TKE_PROVIDER_ID", "provider".into()),
                ("TKE_ROLE_ARN", crate::common::providers::ROLE_ARN.into()),
                ("TCLIVE_STS_ENDPOINT", closed.clone()),
            ],
        ),
    ];
    for (var, given) in cases {
        let env = Env::new();
        let path = fifo(&env, "pipe");
        let out = within_20s(
            env.cmd()
                .envs(given)
                .env(var, &path)
                .args(["credentials", "show"]),
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(4), "{var}: {err}");
        assert!(
            err.contains(var) || var.starts_with("TENCENTCLOUD_CREDENTIALS"),
            "{var}: {err}"
        );
        assert!(err.contains(&path.display().to_string()), "{var}: {err}");
        assert!(err.contains("not a regular file"), "{var}: {err}");
    }
    // The files found in HOME.
    for rel in [".tencentcloud/credentials", ".tccli/default.credential"] {
        let env = Env::new();
        let path = fifo(&env, rel);
        let out = within_20s(env.cmd().args(["credentials", "show"]));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(4), "{rel}: {err}");
        assert!(err.contains(&path.display().to_string()), "{rel}: {err}");
        assert!(err.contains("not a regular file"), "{rel}: {err}");
    }
}

// 13. The trust store is read with the same bounds as every other file ---------------------

/// Runs `tclive ARGS` with its data segment capped at 100 MiB, credentials in the
/// environment and `vars` set: a run that needed more would abort instead of earning its
/// exit code.
fn capped_at_100_mib(env: &Env, vars: &[(&str, OsString)], args: &[&str]) -> std::process::Output {
    let out = StdCommand::new("prlimit")
        .arg(format!("--data={}", 100 * 1024 * 1024))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("tclive"))
        .args(args)
        .env_clear()
        .env("HOME", env.home.path())
        .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
        .env("TCLIVE_STS_ENDPOINT", closed_metadata())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("prlimit (util-linux) runs");
    assert_no_secrets(&out, None);
    out
}

#[test]
fn a_trust_store_of_endless_zeros_or_a_huge_file_is_refused_in_bounded_memory() {
    let env = Env::new();
    let huge = env.path("huge.pem");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1024 * 1024 * 1024)
        .unwrap();
    let dir = env.path("certs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::hard_link(&huge, dir.join("huge.pem")).unwrap();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let edge = format!("a.example.com:127.0.0.1:{}", closed_port());
    let endpoint = api.endpoint();
    let commands: [Vec<&str>; 2] = [
        vec![
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--force",
            "-d",
            "a.example.com",
            "--endpoint",
            &endpoint,
        ],
        vec![
            "cert",
            "probe",
            "-d",
            "a.example.com",
            "--connect-to",
            &edge,
        ],
    ];
    let cases: [(&str, OsString, String); 3] = [
        ("SSL_CERT_FILE", "/dev/zero".into(), "is a device".into()),
        (
            "SSL_CERT_FILE",
            huge.clone().into(),
            "larger than 4 MiB".into(),
        ),
        (
            "SSL_CERT_DIR",
            dir.clone().into(),
            format!("{}: larger than 4 MiB", dir.join("huge.pem").display()),
        ),
    ];
    for args in &commands {
        for (var, value, why) in &cases {
            let out = capped_at_100_mib(&env, &[(var, value.clone())], args);
            let err = stderr(&out);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{var} {value:?} {args:?}: {err}"
            );
            assert!(err.starts_with(&format!("error: {var} ")), "{err}");
            assert!(err.contains(why.as_str()), "{var} {value:?}: {err}");
        }
    }
    assert!(api.server.requests().is_empty());
}

#[test]
fn an_ssl_cert_file_that_is_a_fifo_ends_within_the_timeout() {
    let env = Env::new();
    let path = fifo(&env, "roots.pem");
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = within_20s(env.bind(&api.endpoint()).env("SSL_CERT_FILE", &path).args([
        "--timeout",
        "1s",
        "--cert-id",
        "x",
        "--force",
        "-d",
        "a.example.com",
    ]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: SSL_CERT_FILE {}: a pipe that did not come to its end within 1s (--timeout)",
            path.display()
        )),
        "{err}"
    );
    assert!(api.server.requests().is_empty());
}

#[test]
fn a_trust_store_setting_that_gives_no_usable_root_is_refused_before_anything_is_sent() {
    let env = Env::new();
    let empty = env.write("empty.pem", b"# no certificate here\n");
    let crowded = env.path("crowded");
    std::fs::create_dir_all(&crowded).unwrap();
    for i in 0..10_001 {
        std::fs::write(crowded.join(format!("{i}.pem")), b"").unwrap();
    }
    let cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        ("SSL_CERT_FILE", env.path("nonexistent.pem"), "no such file"),
        ("SSL_CERT_FILE", empty.clone(), "holds no certificate"),
        ("SSL_CERT_DIR", env.path("nonexistent"), "no such directory"),
        ("SSL_CERT_DIR", crowded.clone(), "more than 10000 entries"),
    ];
    for (var, path, why) in cases {
        let api = FakeApi::start();
        api.answer(200, &ok_answer(""));
        let out = env
            .bind(&api.endpoint())
            .env(var, &path)
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .run();
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{var} {}: {err}",
            path.display()
        );
        assert!(
            err.starts_with(&format!("error: {var} {}", path.display())),
            "{err}"
        );
        assert!(err.contains(why), "{var}: {err}");
        assert!(api.server.requests().is_empty(), "{var}: {err}");
    }
}

#[test]
fn an_ssl_cert_dir_made_by_c_rehash_is_trusted_and_what_is_not_a_file_in_it_is_skipped() {
    let env = Env::new();
    let (server, ca_pem) = crate::transport::https_server();
    // A directory whose name is not UTF-8: SSL_CERT_DIR is a path.
    let dir = env
        .home
        .path()
        .join(OsString::from_vec(b"ce\xffrts".to_vec()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = env.write("ca/corp-ca.pem", ca_pem.as_bytes());
    std::os::unix::fs::symlink(&ca, dir.join("9d66eef0.0")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.pem")).unwrap();
    std::os::unix::fs::symlink("/nonexistent", dir.join("dangling.0")).unwrap();
    let ok = StdCommand::new("mkfifo")
        .arg(dir.join("fifo.pem"))
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::create_dir_all(dir.join("subdir")).unwrap();
    let out = within_20s(
        env.bind(&format!("https://127.0.0.1:{}", server.port))
            .env("SSL_CERT_DIR", &dir)
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 1);
    // The same rule for cert probe's roots: its edge is trusted through the directory.
    use crate::common::edge::{Pki, edge, serve};
    let pki = Pki::new("Rehash");
    let chain = pki.chain_for(&["a.example.com"]);
    let edge = edge(vec![("a.example.com", serve(&chain))]);
    let root = env.write("ca/probe-root.pem", pki.root.pem.as_bytes());
    std::os::unix::fs::symlink(&root, dir.join("0a1b2c3d.0")).unwrap();
    let out = within_20s(
        env.cmd()
            .env("SSL_CERT_DIR", &dir)
            .args(["-o", "json", "cert", "probe", "-d", "a.example.com"])
            .args([
                "--connect-to",
                &format!("a.example.com:127.0.0.1:{}", edge.port),
            ]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["result"], "ok", "{v}");
}

// 17. Small, but they mislead ----------------------------------------------------------------

/// A server that reads the ClientHello and answers `answer` (raw TLS records), as an
/// endpoint that speaks only TLS 1.0 does.
fn old_tls_server(answer: &'static [u8]) -> (u16, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hellos = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = hellos.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { break };
            let mut buf = [0u8; 4096];
            // A handshake record (0x16) holding a ClientHello (0x01).
            if matches!(s.read(&mut buf), Ok(n) if n > 5 && buf[0] == 0x16 && buf[5] == 0x01) {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            let _ = s.write_all(answer);
            let _ = s.read(&mut buf);
        }
    });
    (port, hellos)
}

/// A TLS 1.0 ServerHello (version 3.1, TLS_RSA_WITH_AES_128_CBC_SHA, no extensions), as a
/// server that knows nothing newer answers any ClientHello.
const TLS10_SERVER_HELLO: &[u8] = &[
    0x16, 0x03, 0x01, 0x00, 0x2a, // handshake record, TLS 1.0, 42 bytes
    0x02, 0x00, 0x00, 0x26, // ServerHello, 38 bytes
    0x03, 0x01, // server_version TLS 1.0
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
    27, 28, 29, 30, 31, 32,   // random
    0x00, // no session id
    0x00, 0x2f, // cipher suite
    0x00, // no compression
];

/// A fatal protocol_version alert, as a server answers a hello it has no version in common with.
const PROTOCOL_VERSION_ALERT: &[u8] = &[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46];

#[test]
fn a_tls_1_0_only_endpoint_is_named_for_its_protocol_version_not_an_untrusted_certificate() {
    for answer in [TLS10_SERVER_HELLO, PROTOCOL_VERSION_ALERT] {
        let env = Env::new();
        let (port, hellos) = old_tls_server(answer);
        let out = env
            .bind(&format!("https://127.0.0.1:{port}"))
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .run();
        let err = stderr(&out);
        assert_eq!(hellos.load(std::sync::atomic::Ordering::SeqCst), 1, "{err}");
        assert_eq!(out.status.code(), Some(6), "{err}");
        assert!(
            err.starts_with(&format!(
                "error: cannot connect to https://127.0.0.1:{port}/"
            )),
            "{err}"
        );
        assert!(!err.contains("certificate is not trusted"), "{err}");
        assert!(
            err.contains(
                "hint: the server offers no TLS version tclive speaks: it needs TLS 1.2 or 1.3"
            ),
            "{err}"
        );
    }
}

#[test]
fn temporary_keys_that_arrive_already_expired_are_refused_saying_when_and_why() {
    use crate::common::providers::{Providers, ROLE_ARN, Script};
    // The service, what it is told to hand out, and what else the chain needs to ask it.
    type Case = (&'static str, Script, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "CVM instance role",
            Script {
                cvm_valid_for: -600,
                ..Script::default()
            },
            vec![],
        ),
        (
            "STS AssumeRole",
            Script {
                sts_valid_for: -600,
                ..Script::default()
            },
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY),
                ("TENCENTCLOUD_ROLE_ARN", ROLE_ARN),
            ],
        ),
    ];
    for (what, script, given) in cases {
        let env = Env::new();
        let fakes = Providers::start(script);
        let api = FakeApi::start();
        api.answer(200, &ok_answer(""));
        let expired = crate::common::now() - 600;
        let out = env
            .cmd()
            .envs(given)
            .env("TCLIVE_METADATA_ENDPOINT", fakes.url())
            .env("TCLIVE_STS_ENDPOINT", fakes.url())
            .args([
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--force",
                "-d",
                "a.example.com",
            ])
            .args(["--endpoint", &api.endpoint()])
            .run();
        let err = stderr(&out);
        assert!(
            api.server.requests().is_empty(),
            "{what}: signed with expired keys: {err}"
        );
        assert_eq!(out.status.code(), Some(4), "{what}: {err}");
        assert!(err.starts_with(&format!("error: {what}")), "{err}");
        // When, to the minute (the fake's clock and the assertion's may straddle a second).
        let minutes = [expired, crate::common::now() - 600].map(tclive::clock::utc);
        assert!(
            minutes
                .iter()
                .any(|m| err.contains(&format!("already expired at {}", &m[..16]))),
            "{err}"
        );
        assert!(err.contains("this machine's clock"), "{err}");
    }
}
