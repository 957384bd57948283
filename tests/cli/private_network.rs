//! The tests that must show what would reach a real host name, or where `localhost` goes:
//! each runs its inner half (an ignored test of this binary) in a network and mount namespace
//! of its own (`unshare`, [`in_private_network`]) with nothing but a loopback interface and a
//! private hosts file that sends the real services' names (and, for the `localhost` tests,
//! `localhost` itself) to loopback strangers that record every connection. Issue #19: a
//! variable that is not text never falls back to the production endpoint, and `localhost` is
//! loopback by its name, whatever the resolver answers.

use crate::common::server::{Handler, Reply, Request, Server};
use crate::common::*;

/// Set in the environment of the inner tests [`in_private_network`] starts.
const INNER: &str = "TCLIVE_TEST_PRIVATE_NETWORK";

/// Runs the ignored test `inner` of this test binary in a network and mount namespace of its
/// own: nothing but a loopback interface, and `hosts` as /etc/hosts. The inner test starts
/// its fakes there itself. Fails, never skips, where `unshare` cannot run: a test that must
/// show where a request goes has no honest way to pass without it.
fn in_private_network(inner: &str, hosts: &str) {
    let dir = tempfile::tempdir().unwrap();
    let hosts_file = dir.path().join("hosts");
    std::fs::write(&hosts_file, hosts).unwrap();
    let script = r#"set -e; ip link set lo up; mount --bind "$1" /etc/hosts; shift; exec "$@""#;
    let name = format!("private_network::{inner}");
    let out = std::process::Command::new("unshare")
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
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
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
        "{PRIVATE_HOSTS_MARK}\n127.0.0.1 vm\n127.0.0.3 live.tencentcloudapi.com ssl.tencentcloudapi.com sts.tencentcloudapi.com metadata.tencentyun.com\n{extra}"
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

// Environment variables that are set but hold no text -------------------------------------

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
    let api = FakeApi::answering_ok();
    let valid = format!("http://127.0.0.1:{}", api.port());
    let out = env
        .cmd_with_creds()
        .env("TCLIVE_ENDPOINT", undecodable(&valid))
        .args(["--timeout", "2s", "--max-attempts", "1", "cert", "bind"])
        .args(["--force", "-d", "a.example.com"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run();
    out.assert(
        production.connections() == 0,
        "the key pair went to the production endpoint",
    )
    .assert(api.server.requests().is_empty(), "nothing reached the fake")
    .assert_code(2)
    .assert_stderr_starts_with("error: TCLIVE_ENDPOINT is set but is not valid UTF-8")
    // The value is never shown.
    .assert_stderr_lacks(&valid);
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
    let api = FakeApi::answering_ok();
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
        let out = env
            .cmd()
            .envs(given)
            .env(var, &bad)
            .args(["--timeout", "2s", "--max-attempts", "1", "cert", "bind"])
            .args(["--cert-id", "x", "--force", "-d", "a.example.com"])
            .args(["--endpoint", &api.endpoint()])
            .run()
            .case(var);
        out.assert(production.connections() == 0, "a real service was asked")
            .assert(fakes.requests().is_empty(), "the services were asked")
            .assert(api.server.requests().is_empty(), "the API was asked")
            .assert_code(2)
            .assert_stderr_starts_with(format!("error: {var} is set but is not valid UTF-8"))
            // The value is never shown.
            .assert_stderr_lacks(fakes.url());
    }
}

// `localhost` is loopback by definition, not by what the resolver says --------------------

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
        let api = FakeApi::answering_ok();
        let stranger = stranger_beside(api.port());
        // A proxy in the environment is not asked either: the endpoint is loopback.
        let proxy = stranger_beside(closed_port());
        env.bind(&format!("http://{host}:{}", api.port()))
            .env("HTTP_PROXY", format!("http://127.0.0.2:{}", proxy.port))
            .args(["--timeout", "5s", "--max-attempts", "1", "--force"])
            .args(["-d", "a.example.com"])
            .args(env.key_pair_args(&["a.example.com"]))
            .run()
            .case(host)
            .assert(stranger.accepted() == 0, "the key went to 127.0.0.2")
            .assert(proxy.accepted() == 0, "the proxy was asked")
            .assert_code(0);
        // The key pair stored (the SSL service pointed at the same name), then bound by ID.
        let sent = api.requests();
        assert_eq!(sent.len(), 2);
        assert!(sent[0].body_string().contains("CertificatePrivateKey"));
        assert!(!sent[1].body_string().contains("CertificatePrivateKey"));
        for r in &sent {
            assert_eq!(
                header(r, "host"),
                Some(format!("{}:{}", host.to_ascii_lowercase(), api.port()).as_str())
            );
        }
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
        Env::new()
            .cmd()
            .envs(given)
            .args(["--timeout", "5s", "--max-attempts", "1"])
            .args(["credentials", "show", "-o", "json"])
            .run()
            .case(what)
            .assert(stranger.accepted() == 0, "127.0.0.2 was asked")
            .assert_code(0);
        assert!(fakes.requests().len() > before, "{what}");
    }
}

// The international site ------------------------------------------------------------------

/// The private hosts file of the `--site intl` test: the China site's names on 127.0.0.3, the
/// international site's Live, SSL and STS on 127.0.0.5, .6 and .7.
fn hosts_with_both_sites() -> String {
    hosts_with_production_on_127_0_0_3(
        "127.0.0.5 live.intl.tencentcloudapi.com\n127.0.0.6 ssl.intl.tencentcloudapi.com\n127.0.0.7 sts.intl.tencentcloudapi.com\n",
    )
}

#[test]
fn site_intl_sends_live_ssl_and_sts_to_the_international_hosts() {
    in_private_network("inner_site_intl", &hosts_with_both_sites());
}

#[test]
#[ignore = "run by site_intl_sends_live_ssl_and_sts_… in a network namespace"]
fn inner_site_intl() {
    if !inside_private_network() {
        return;
    }
    use crate::common::providers::ROLE_ARN;
    let production = Production::start();
    let intl = |last: u8| Server::start_at(&format!("127.0.0.{last}:443"), Stranger);
    let (live, ssl, sts) = (intl(5), intl(6), intl(7));
    let env = Env::new();
    let quick = ["--timeout", "2s", "--max-attempts", "1"];
    // Live: a read goes to live.intl (a stranger: no TLS there, so the read fails).
    env.cmd_with_creds()
        .env("TCLIVE_SITE", "intl")
        .args(quick)
        .args(["cert", "list"])
        .run()
        .assert_code(6)
        .assert(live.accepted() >= 1, "live.intl was not asked")
        .assert(production.connections() == 0, "the China site was asked");
    // SSL: the SSL read of `credentials show --check` goes to ssl.intl (Live is a fake here).
    let api = crate::common::fake_live::FakeLive::with_play_domains(["a.example.com"]);
    env.cmd_with_creds()
        .env_remove("TCLIVE_SSL_ENDPOINT")
        .args(["--site", "intl", "--endpoint", &api.endpoint()])
        .args(quick)
        .args(["credentials", "show", "--check", "-o", "tsv"])
        .run()
        .assert_stdout_contains("live:DescribeLiveDomains\tallowed\t")
        .assert_stdout_contains("ssl:DescribeCertificates\tunknown: ")
        .assert(ssl.accepted() >= 1, "ssl.intl was not asked")
        .assert(production.connections() == 0, "the China site was asked");
    // STS: stored keys assuming a role ask sts.intl.
    env.cmd_with_creds()
        .env_remove("TCLIVE_STS_ENDPOINT")
        .env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN)
        .args(["--site", "intl"])
        .args(quick)
        .args(["credentials", "show"])
        .run()
        .assert_code(4)
        .assert(sts.accepted() >= 1, "sts.intl was not asked")
        .assert(production.connections() == 0, "the China site was asked");
    // Without --site, the same read goes to the China site's name.
    let before = production.connections();
    env.cmd_with_creds()
        .args(quick)
        .args(["cert", "list"])
        .run()
        .assert_code(6)
        .assert(
            production.connections() > before,
            "the China site was not asked",
        );
}
