//! `cert probe` and `cert bind --wait-served` against loopback TLS edges of the tests' own
//! (`common/edge.rs`): a chain per SNI name, switched after a delay, expired, untrusted,
//! wrong-name or without its intermediate; a handshake that hangs; a refused connection.
//! Every domain reaches its edge through --connect-to: no test resolves a real name.

use std::time::Duration;

use crate::common::edge::*;
use crate::common::fake_live::*;
use crate::common::pki::LeafSpec;
use crate::common::*;

/// `tclive cert probe` trusting `pki`'s root only.
fn probe(env: &Env, pki: &Pki) -> assert_cmd::Command {
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    let mut c = env.cmd();
    c.env("SSL_CERT_FILE", roots).args(["cert", "probe"]);
    c
}

fn at(name: &str, port: u16) -> [String; 4] {
    [
        "-d".into(),
        name.into(),
        "--connect-to".into(),
        format!("{name}:127.0.0.1:{port}"),
    ]
}

fn rows(out: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

#[test]
fn each_domain_gets_the_chain_its_name_asks_for() {
    let env = Env::new();
    let pki = Pki::new("Probe");
    let a = pki.chain_for(&["a.example.com"]);
    let b = pki.chain_for(&["*.example.net"]);
    let server = edge(vec![
        ("a.example.com", serve(&a)),
        ("b.example.net", serve(&b)),
    ]);
    let out = probe(&env, &pki)
        .args(at("a.example.com", server.port))
        .args(at("b.example.net", server.port))
        .args(["-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 2);
    for (row, (name, chain)) in rows
        .iter()
        .zip([("a.example.com", &a), ("b.example.net", &b)])
    {
        assert_eq!(row["domain"], name);
        assert_eq!(row["address"], format!("127.0.0.1:{}", server.port));
        assert_eq!(row["tls"], "TLSv1.3");
        assert_eq!(row["result"], "ok");
        assert_eq!(row["served"]["fingerprint"], chain.fingerprint());
        assert_eq!(row["served"]["covers"], true);
        assert_eq!(row["served"]["distrust"], serde_json::Value::Null);
        assert_eq!(row["served"]["chain_certificates"], 1);
        assert_eq!(row["served"]["issuer"], "CN=Probe Intermediate");
    }
    assert_eq!(
        rows[1]["served"]["names"],
        serde_json::json!(["*.example.net"])
    );
    assert_eq!(
        stderr(&out),
        "2 domains, 2 addresses: 2 ok, 0 with problems, 0 without a handshake\n"
    );
    // Nothing but handshakes: the edge never saw an HTTP request.
    assert!(server.requests().is_empty());

    // --expect-cert: a's leaf is expected everywhere, so b is a problem (exit 5).
    let expect = env.write("a.pem", a.pem.as_bytes());
    let out = probe(&env, &pki)
        .args(at("a.example.com", server.port))
        .args(at("b.example.net", server.port))
        .arg("--expect-cert")
        .arg(&expect)
        .args(["-o", "tsv"])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("a.example.com\t127.0.0.1:"), "{text}");
    assert!(
        lines[0].contains(&format!("\t{}\ttrusted\tok\t", a.fingerprint())),
        "{text}"
    );
    assert!(
        lines[1].ends_with(&format!(
            "\tproblem\tserves {}, expected {}",
            tclive::check::short_fingerprint(&b.fingerprint()),
            tclive::check::short_fingerprint(&a.fingerprint())
        )),
        "{text}"
    );
}

#[test]
fn untrusted_chains_are_read_shown_and_explained() {
    let env = Env::new();
    let pki = Pki::new("Trusted");
    let stranger = Pki::new("Stranger");
    let expired = pki.chain(
        &LeafSpec {
            names: &["expired.example.com"],
            not_before_days: -90,
            not_after_days: -2,
            ..LeafSpec::default()
        },
        true,
    );
    let untrusted = stranger.chain_for(&["untrusted.example.com"]);
    let wrong = pki.chain_for(&["other.example.org"]);
    let no_inter = pki.chain(
        &LeafSpec {
            names: &["leafonly.example.com"],
            ..LeafSpec::default()
        },
        false,
    );
    let soon = pki.chain(
        &LeafSpec {
            names: &["soon.example.com"],
            not_after_days: 10,
            ..LeafSpec::default()
        },
        true,
    );
    let server = edge(vec![
        ("expired.example.com", serve(&expired)),
        ("untrusted.example.com", serve(&untrusted)),
        ("wrong.example.com", serve(&wrong)),
        ("leafonly.example.com", serve(&no_inter)),
        ("soon.example.com", serve(&soon)),
    ]);
    let mut c = probe(&env, &pki);
    for name in [
        "expired.example.com",
        "untrusted.example.com",
        "wrong.example.com",
        "leafonly.example.com",
        "soon.example.com",
    ] {
        c.args(at(name, server.port));
    }
    let out = c.args(["--expiring-within", "21d", "-o", "json"]).run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let rows = rows(&out);
    let distrust: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| r["served"]["distrust"].clone())
        .collect();
    assert_eq!(
        distrust,
        serde_json::json!([
            "expired",
            "unknown-issuer",
            "name-mismatch",
            "missing-intermediate",
            null
        ])
        .as_array()
        .unwrap()
        .clone()
    );
    // Still read and shown: who the certificate is for, and its fingerprint.
    assert_eq!(rows[1]["served"]["issuer"], "CN=Stranger Intermediate");
    assert_eq!(rows[1]["served"]["fingerprint"], untrusted.fingerprint());
    assert_eq!(rows[2]["served"]["covers"], false);
    assert!(
        rows[2]["problems"][1]
            .as_str()
            .unwrap()
            .contains("(other.example.org) do not cover wrong.example.com"),
        "{}",
        rows[2]
    );
    assert_eq!(rows[4]["result"], "problem");
    // Ten days from the leaf's making: 9 or 10 whole days left, by when in the second it is.
    let soon_problem = rows[4]["problems"][0].as_str().unwrap();
    assert!(
        ["expires in 9 days", "expires in 10 days"].contains(&soon_problem),
        "{soon_problem}"
    );
    assert_eq!(rows[4]["problems"].as_array().unwrap().len(), 1);
    assert!(rows.iter().all(|r| r["result"] == "problem"));
    // Without the window, the certificate that expires soon is fine.
    let out = probe(&env, &pki)
        .args(at("soon.example.com", server.port))
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn no_handshake_is_exit_6_naming_the_domain_and_the_others_are_still_shown() {
    let env = Env::new();
    let pki = Pki::new("Reach");
    let good = pki.chain_for(&["good.example.com"]);
    let server = edge(vec![("good.example.com", serve(&good))]);
    let refused = closed_port();
    let hangs = silent();
    let out = probe(&env, &pki)
        .args(at("good.example.com", server.port))
        .args(at("down.example.com", refused))
        .args(at("stuck.example.com", hangs))
        .args(["--timeout", "1s", "-o", "tsv"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("good.example.com\t"), "{text}");
    assert!(text.contains("\tok\t"), "{text}");
    assert!(
        text.contains(&format!(
            "down.example.com\t127.0.0.1:{refused}\t-\t-\t-\t-\t-\tno handshake\tconnection refused\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("stuck.example.com\t") && text.contains("no handshake within the timeout"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "no handshake: down.example.com at 127.0.0.1:{refused} (connection refused), stuck.example.com at 127.0.0.1:{hangs} (no handshake within the timeout)"
        )),
        "{err}"
    );
}

#[test]
fn all_addresses_finds_the_one_stale_edge() {
    let env = Env::new();
    let pki = Pki::new("Edges");
    let old = pki.chain_for(&["play.example.com"]);
    let new = pki.chain_for(&["play.example.com"]);
    let fresh = edge(vec![("play.example.com", serve(&new))]);
    let stale = edge(vec![("play.example.com", serve(&old))]);
    let expect = env.write("new.pem", new.pem.as_bytes());
    let edges = [
        "-d".to_string(),
        "play.example.com".into(),
        "--connect-to".into(),
        format!("play.example.com:127.0.0.1:{}", fresh.port),
        "--connect-to".into(),
        format!("play.example.com:127.0.0.1:{}", stale.port),
        "--expect-cert".into(),
        expect.display().to_string(),
        "-o".into(),
        "json".into(),
    ];
    // One address is enough to say what the name serves…
    let out = probe(&env, &pki).args(&edges).run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(rows(&out).len(), 1);
    // …every address finds the edge that still serves the old certificate.
    let out = probe(&env, &pki).args(&edges).arg("--all-addresses").run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["result"], "ok");
    assert_eq!(rows[1]["address"], format!("127.0.0.1:{}", stale.port));
    assert_eq!(rows[1]["served"]["fingerprint"], old.fingerprint());
    assert!(stderr(&out).contains("1 domain, 2 addresses: 1 ok, 1 with problems"));
}

#[test]
fn expect_bound_compares_with_what_the_api_has_bound() {
    let env = Env::new();
    let pki = Pki::new("Bound");
    let a = pki.chain_for(&["a.example.com"]);
    let b_served = pki.chain_for(&["b.example.com"]);
    let b_bound = pki.chain_for(&["b.example.com"]);
    let server = edge(vec![
        ("a.example.com", serve(&a)),
        ("b.example.com", serve(&b_served)),
    ]);
    let mut st = LiveState::default();
    for (name, chain) in [("a.example.com", &a), ("b.example.com", &b_bound)] {
        st.bindings.insert(
            name.into(),
            FakeBinding {
                cloud_cert_id: format!("id-{name}"),
                alias: String::new(),
                https: 1,
                expire: "2030-01-01 00:00:00".into(),
                update: None,
                pem: Some(chain.pem.clone()),
            },
        );
    }
    let api = FakeLive::start(st);
    let out = probe(&env, &pki)
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .args([
            "--endpoint",
            &api.endpoint(),
            "--expect-bound",
            "-o",
            "json",
        ])
        .args(at("a.example.com", server.port))
        .args(at("b.example.com", server.port))
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let rows = rows(&out);
    assert_eq!(rows[0]["result"], "ok");
    assert_eq!(rows[0]["expected"], a.fingerprint());
    assert_eq!(rows[1]["expected"], b_bound.fingerprint());
    assert_eq!(rows[1]["served"]["fingerprint"], b_served.fingerprint());
    assert_no_secrets(&out, None);
    // Without credentials, --expect-bound cannot read: exit 4 before any handshake.
    let out = probe(&env, &pki)
        .args(["--endpoint", &api.endpoint(), "--expect-bound"])
        .args(at("a.example.com", server.port))
        .run();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
}

#[test]
fn inputs_that_cannot_be_probed_are_refused_before_any_connection() {
    let env = Env::new();
    let pki = Pki::new("Input");
    let a = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&a))]);
    let edge_arg = format!("a.example.com:127.0.0.1:{}", server.port);
    let key_file = env.write("key.pem", a.key_pem.as_bytes());
    let key_file = key_file.to_str().unwrap();
    let missing = env.path("none.pem");
    let missing = missing.to_str().unwrap();
    // Each run names the edge, so that a run that got as far as a handshake would show.
    let key_refused = format!(
        "error: --expect-cert {key_file}: this file holds a private key, not a certificate; give the certificate"
    );
    for (args, expected) in [
        (vec!["-d", "*.example.com"], "*.example.com is a wildcard"),
        (
            vec!["-d", "a.example.com", "--connect-to", "a.example.com"],
            "--connect-to 'a.example.com': no HOST",
        ),
        (
            vec!["-d", "a.example.com", "--dry-run"],
            "`cert probe` changes nothing",
        ),
        (
            vec!["-d", "a.example.com", "--expect-cert", key_file],
            key_refused.as_str(),
        ),
        (
            vec!["-d", "a.example.com", "--expect-cert", missing],
            "no such file",
        ),
        (vec!["-d", "a.example.com", "--port", "0"], "--port"),
        (vec![], "no domain given"),
    ] {
        let out = probe(&env, &pki)
            .args(&args)
            .args(["--connect-to", &edge_arg])
            .run();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(server.accepted(), 0);
    // The same edge is reached when the input is good: the check above could fail.
    let out = probe(&env, &pki)
        .args(["-d", "a.example.com", "--connect-to", &edge_arg])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.accepted(), 1);
}

#[test]
fn port_is_used_where_connect_to_gives_none() {
    let env = Env::new();
    let pki = Pki::new("Port");
    let a = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&a))]);
    let out = probe(&env, &pki)
        .args([
            "-d",
            "a.example.com",
            "--connect-to",
            "a.example.com:127.0.0.1",
        ])
        .args(["--port", &server.port.to_string(), "-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        rows(&out)[0]["address"],
        format!("127.0.0.1:{}", server.port)
    );
    assert_eq!(server.accepted(), 1);
}

fn live_with(names: &[&str]) -> FakeLive {
    let mut st = LiveState::default();
    for n in names {
        st.domains.push(FakeDomain {
            name: n.to_string(),
            play: true,
            enabled: true,
        });
    }
    FakeLive::start(st)
}

/// `cert bind` of `new` (a key pair) to a.example.com, waiting up to `wait` for the edge at
/// `port` to serve it.
fn bind_waiting(
    env: &Env,
    pki: &Pki,
    api: &FakeLive,
    new: &Chain,
    port: u16,
    wait: &str,
) -> std::process::Output {
    let cert = env.write("new/fullchain.pem", new.pem.as_bytes());
    let key = env.write("new/privkey.pem", new.key_pem.as_bytes());
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    env.bind(&api.endpoint())
        .env("SSL_CERT_FILE", &roots)
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["-d", "a.example.com", "--wait-served", wait, "-o", "tsv"])
        .args(["--connect-to", &format!("a.example.com:127.0.0.1:{port}")])
        .run()
}

#[test]
fn wait_served_waits_for_propagation_then_reports_ok() {
    let env = Env::new();
    let pki = Pki::new("Wait");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    // The edge hands out the new certificate 4 s after it starts (a margin for a slow
    // machine: the first round must come before).
    let server = edge(vec![(
        "a.example.com",
        Serve {
            first: old.clone(),
            then: Some((Duration::from_secs(4), new.clone())),
        },
    )]);
    let api = live_with(&["a.example.com"]);
    let out = bind_waiting(&env, &pki, &api, &new, server.port, "30s");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    let err = stderr(&out);
    assert!(
        err.contains(
            "--wait-served: 0 of 1 domains serve the new certificate; looking again in 2 s"
        ),
        "{err}"
    );
    assert!(
        err.contains("--wait-served: 1 of 1 domains serve the new certificate\n"),
        "{err}"
    );
    assert!(server.accepted() >= 2, "probed at least twice");
    assert_no_secrets(&out, Some(&new.key_pem));
}

#[test]
fn wait_served_deadline_marks_what_is_still_served_elsewhere() {
    let env = Env::new();
    let pki = Pki::new("Stale");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&old))]);
    let api = live_with(&["a.example.com"]);
    let out = bind_waiting(&env, &pki, &api, &new, server.port, "3s");
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "a.example.com\ton\tnot served\t\tserves {} at 127.0.0.1:{} (expires ",
            tclive::check::short_fingerprint(&old.fingerprint()),
            server.port
        )),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with(&format!(
            "), not {}",
            tclive::check::short_fingerprint(&new.fingerprint())
        )),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("--wait-served: 0 of 1 domains serve the new certificate after 3s"),
        "{err}"
    );
    assert!(
        err.contains("1 domain: 0 ok, 0 failed, 0 mismatched, 1 not served"),
        "{err}"
    );
    // The bind itself happened once.
    assert_eq!(
        api.seen()
            .iter()
            .filter(|s| s.action == "ModifyLiveDomainCertBindings")
            .count(),
        1
    );
    // -o json prints the API's answer; what is still served is said on stderr.
    let api = live_with(&["a.example.com"]);
    let cert = env.path("new/fullchain.pem");
    let key = env.path("new/privkey.pem");
    let out = env
        .bind(&api.endpoint())
        .env("SSL_CERT_FILE", env.path("roots.pem"))
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["-d", "a.example.com", "--wait-served", "1s", "-o", "json"])
        .args([
            "--connect-to",
            &format!("a.example.com:127.0.0.1:{}", server.port),
        ])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(answer["RequestId"].is_string(), "{answer}");
    assert!(
        stderr(&out).contains(&format!(
            "not served: a.example.com: serves {} at 127.0.0.1:{}",
            tclive::check::short_fingerprint(&old.fingerprint()),
            server.port
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wait_served_needs_a_certificate_and_a_real_bind() {
    let env = Env::new();
    let api = live_with(&["a.example.com"]);
    for (args, expected) in [
        (
            vec!["-d", "a.example.com:on", "--wait-served", "1m"],
            "--wait-served waits for a new certificate",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--dry-run",
            ],
            "--dry-run never makes",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--connect-to",
                "a.example.com:h",
            ],
            "--wait-served",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--connect-to",
                "bad",
            ],
            "--connect-to 'bad'",
        ),
        (
            vec![
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
                "--plan",
            ],
            "cannot be used with",
        ),
    ] {
        let out = env.bind(&api.endpoint()).args(&args).run();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(api.seen().is_empty());
}

#[test]
fn an_acme_hook_waits_until_every_covered_domain_serves_the_renewal() {
    let env = Env::new();
    let pki = Pki::new("Hook");
    let old = pki.chain_for(&["*.example.com"]);
    let new = pki.chain_for(&["*.example.com"]);
    // Two play domains the renewed wildcard covers; the second edge lags a little.
    let server = edge(vec![
        ("a.example.com", serve(&new)),
        (
            "b.example.com",
            Serve {
                first: old.clone(),
                then: Some((Duration::from_secs(4), new.clone())),
            },
        ),
    ]);
    let api = live_with(&["a.example.com", "b.example.com"]);
    env.write("live/play/fullchain.pem", new.pem.as_bytes());
    env.write("live/play/privkey.pem", new.key_pem.as_bytes());
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    let out = env
        .cmd_with_creds()
        .env("RENEWED_LINEAGE", env.path("live/play"))
        .env("SSL_CERT_FILE", &roots)
        .args(["cert", "bind", "--endpoint", &api.endpoint()])
        .args([
            "--from-hook-env",
            "--match-san",
            "--verify",
            "--wait-served",
            "1m",
            "-o",
            "tsv",
        ])
        .args([
            "--connect-to",
            &format!("a.example.com:127.0.0.1:{}", server.port),
        ])
        .args([
            "--connect-to",
            &format!("b.example.com:127.0.0.1:{}", server.port),
        ])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n"
    );
    let err = stderr(&out);
    assert!(
        err.contains(
            "--wait-served: 1 of 2 domains serve the new certificate; looking again in 2 s"
        ),
        "{err}"
    );
    assert!(
        err.contains("--wait-served: 2 of 2 domains serve the new certificate\n"),
        "{err}"
    );
    assert_no_secrets(&out, Some(&new.key_pem));
}

/// Ctrl-C while handshakes hang, and while temporary keys are being fetched: `interrupted`,
/// death by SIGINT at once (a shell sees 130), no partial table.
#[test]
fn ctrl_c_during_handshakes_or_a_key_fetch_dies_by_sigint() {
    let env = Env::new();
    let hangs = silent();
    let stuck_probe = env
        .std_cmd_with_creds()
        .args(["cert", "probe", "-d", "a.example.com", "--timeout", "20s"])
        .args(["--connect-to", &format!("a.example.com:127.0.0.1:{hangs}")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The metadata service accepts and never answers: the instance role's fetch hangs.
    let api = live_with(&["a.example.com"]);
    let stuck_fetch = std::process::Command::new(assert_cmd::cargo::cargo_bin!("tclive"))
        .env_clear()
        .env("HOME", env.home.path())
        .env(
            "TCLIVE_METADATA_ENDPOINT",
            format!("http://127.0.0.1:{}", silent()),
        )
        .env("TCLIVE_STS_ENDPOINT", closed_metadata())
        .args([
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
            "--timeout",
            "20s",
        ])
        .args(["--endpoint", &api.endpoint()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    let started = std::time::Instant::now();
    for child in [stuck_probe, stuck_fetch] {
        let status = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&out.status),
            Some(2),
            "{:?}: {}",
            out.status,
            stderr(&out)
        );
        assert!(stderr(&out).starts_with("interrupted"), "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "did not stop at once"
    );
    assert!(api.seen().is_empty(), "nothing reached the API");
}

/// On a terminal, a probe that takes over a second shows how far it is.
#[test]
fn progress_shows_on_a_terminal_while_handshakes_take_long() {
    // `script` (util-linux) gives the command a terminal, as in inventory.rs.
    let env = Env::new();
    let hangs = silent();
    let line = format!(
        "{} cert probe -d a.example.com --timeout 2s --connect-to a.example.com:127.0.0.1:{hangs} -o tsv > /dev/null",
        assert_cmd::cargo::cargo_bin!("tclive").display()
    );
    let result = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_clear()
        .env("HOME", env.home.path())
        .env("PATH", "/usr/bin:/bin")
        .output()
        .expect("script runs");
    let text = String::from_utf8_lossy(&result.stdout);
    assert!(text.contains("\rprobing: 0 of 1…"), "{text:?}");
    assert!(
        text.contains("1 domain, 1 address: 0 ok, 0 with problems, 1 without a handshake"),
        "{text:?}"
    );
}
