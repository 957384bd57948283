//! `cert probe` against loopback TLS edges of the tests' own (`common/edge.rs`): a chain per
//! SNI name, expired, untrusted, wrong-name or without its intermediate; a handshake that
//! hangs; a refused connection; a name's many silent addresses; edges that share sessions or
//! tickets, as a CDN's do. Every domain reaches its edge through --connect-to: no test
//! resolves a real name.

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::common::edge::*;
use crate::common::fake_live::*;
use crate::common::pki::LeafSpec;
use crate::common::*;

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
    let out = pki
        .probe(&env)
        .args(at("a.example.com", server.port))
        .args(at("b.example.net", server.port))
        .args(["-o", "json"])
        .run();
    out.assert_code(0)
        .assert_stderr_eq("2 domains, 2 addresses: 2 ok, 0 with problems, 0 without a handshake\n");
    let rows = out.json_rows();
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
    // Nothing but handshakes: the edge never saw an HTTP request.
    assert!(server.requests().is_empty());

    // --expect-cert: a's leaf is expected everywhere, so b is a problem (exit 5).
    let expect = env.write("a.pem", a.pem.as_bytes());
    let out = pki
        .probe(&env)
        .args(at("a.example.com", server.port))
        .args(at("b.example.net", server.port))
        .arg("--expect-cert")
        .arg(&expect)
        .args(["-o", "tsv"])
        .run();
    out.assert_code(5);
    let lines: Vec<&str> = out.stdout().lines().collect();
    out.assert(
        lines[0].starts_with("a.example.com\t127.0.0.1:")
            && lines[0].contains(&format!("\t{}\ttrusted\tok\t", a.fingerprint())),
        "a.example.com serves the expected leaf",
    )
    .assert(
        lines[1].ends_with(&format!(
            "\tproblem\tserves {}, expected {}",
            tclive::check::short_fingerprint(&b.fingerprint()),
            tclive::check::short_fingerprint(&a.fingerprint())
        )),
        "b.example.net is a problem naming both leaves",
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
    let mut c = pki.probe(&env);
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
    out.assert_code(5);
    let rows = out.json_rows();
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
        rows[2]["problems"][0]
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
    pki.probe(&env)
        .args(at("soon.example.com", server.port))
        .run()
        .assert_code(0);
}

#[test]
fn a_self_signed_leaf_is_called_self_signed_and_a_name_mismatch_by_its_name() {
    let env = Env::new();
    let pki = Pki::new("Trusted");
    let x509 = self_signed_chain(&LeafSpec {
        names: &["x509.example.com"],
        is_ca: true,
        ..LeafSpec::default()
    });
    let plain = self_signed_chain(&LeafSpec {
        names: &["plain.example.com"],
        ..LeafSpec::default()
    });
    let wrong = pki.chain_for(&["other.example.org"]);
    let old = self_signed_chain(&LeafSpec {
        names: &["old.example.com"],
        not_before_days: -90,
        not_after_days: -2,
        ..LeafSpec::default()
    });
    let server = edge(vec![
        ("x509.example.com", serve(&x509)),
        ("plain.example.com", serve(&plain)),
        ("wrong.example.com", serve(&wrong)),
        ("old.example.com", serve(&old)),
    ]);
    let mut c = pki.probe(&env);
    for name in [
        "x509.example.com",
        "plain.example.com",
        "wrong.example.com",
        "old.example.com",
    ] {
        c.args(at(name, server.port));
    }
    let out = c.args(["-o", "json"]).run();
    out.assert_code(5);
    let rows = out.json_rows();
    let self_signed = "self-signed: players and browsers will not trust it";
    // Self-signed, marked as a CA or not: one problem that says so, no "not trusted: not trusted".
    for row in &rows[..2] {
        assert_eq!(row["served"]["distrust"], "self-signed", "{row}");
        assert_eq!(row["problems"], serde_json::json!([self_signed]), "{row}");
    }
    // A name mismatch is named as such, once, with the names the leaf has.
    assert_eq!(rows[2]["served"]["distrust"], "name-mismatch");
    assert_eq!(
        rows[2]["problems"],
        serde_json::json!([
            "name mismatch: its names (other.example.org) do not cover wrong.example.com"
        ])
    );
    // Self-signed and expired: both said.
    assert_eq!(rows[3]["served"]["distrust"], "self-signed");
    assert_eq!(
        rows[3]["problems"],
        serde_json::json!([self_signed, "not trusted: expired"])
    );
    // The table says the same.
    let mut c = pki.probe(&env);
    let table = c.args(at("x509.example.com", server.port)).run();
    table
        .assert_code(5)
        .assert_stdout_contains(self_signed)
        .assert_stdout_lacks("not trusted: not trusted");
}

#[test]
fn no_handshake_is_exit_6_naming_the_domain_and_the_others_are_still_shown() {
    let env = Env::new();
    let pki = Pki::new("Reach");
    let good = pki.chain_for(&["good.example.com"]);
    let server = edge(vec![("good.example.com", serve(&good))]);
    let refused = closed();
    let hangs = silent();
    pki.probe(&env)
        .args(at("good.example.com", server.port))
        .args(at_address("down.example.com", &refused))
        .args(at("stuck.example.com", hangs))
        .args(["--timeout", "1s", "-o", "tsv"])
        .run()
        .assert_code(6)
        .assert_stdout_starts_with("good.example.com\t")
        .assert_stdout_contains("\tok\t")
        .assert_stdout_contains(format!(
            "down.example.com\t{refused}\t-\t-\t-\t-\t-\tno handshake\tconnection refused\n"
        ))
        .assert_stdout_contains("stuck.example.com\t")
        .assert_stdout_contains("no handshake within the timeout")
        .assert_stderr_contains(format!(
            "no handshake: down.example.com at {refused} (connection refused), stuck.example.com at 127.0.0.1:{hangs} (no handshake within the timeout)"
        ));
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
    let mut edges = vec!["-d".to_string(), "play.example.com".into()];
    edges.extend(connect_to("play.example.com", &[fresh.port, stale.port]));
    edges.extend([
        "--expect-cert".into(),
        expect.display().to_string(),
        "-o".into(),
        "json".into(),
    ]);
    // One address is enough to say what the name serves…
    let out = pki.probe(&env).args(&edges).run();
    out.assert_code(0);
    assert_eq!(out.json_rows().len(), 1);
    // …every address finds the edge that still serves the old certificate.
    let out = pki.probe(&env).args(&edges).arg("--all-addresses").run();
    out.assert_code(5)
        .assert_stderr_contains("1 domain, 2 addresses: 1 ok, 1 with problems");
    let rows = out.json_rows();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["result"], "ok");
    assert_eq!(rows[1]["address"], format!("127.0.0.1:{}", stale.port));
    assert_eq!(rows[1]["served"]["fingerprint"], old.fingerprint());
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
        st = st.bound(name, FakeBinding::to(&format!("id-{name}")).pem(&chain.pem));
    }
    let api = FakeLive::start(st);
    let out = pki
        .probe(&env)
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
    out.assert_code(5);
    let rows = out.json_rows();
    assert_eq!(rows[0]["result"], "ok");
    assert_eq!(rows[0]["expected"], a.fingerprint());
    assert_eq!(rows[1]["expected"], b_bound.fingerprint());
    assert_eq!(rows[1]["served"]["fingerprint"], b_served.fingerprint());
    // Without credentials, --expect-bound cannot read: exit 4 before any handshake.
    pki.probe(&env)
        .args(["--endpoint", &api.endpoint(), "--expect-bound"])
        .args(at("a.example.com", server.port))
        .run()
        .assert_code(4);
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
        pki.probe(&env)
            .args(&args)
            .args(["--connect-to", &edge_arg])
            .run()
            .assert_code(2)
            .assert_stderr_contains(expected);
    }
    assert_eq!(server.accepted(), 0);
    // The same edge is reached when the input is good: the check above could fail.
    pki.probe(&env)
        .args(["-d", "a.example.com", "--connect-to", &edge_arg])
        .run()
        .assert_code(0);
    assert_eq!(server.accepted(), 1);
}

#[test]
fn port_is_used_where_connect_to_gives_none() {
    let env = Env::new();
    let pki = Pki::new("Port");
    let a = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&a))]);
    let out = pki
        .probe(&env)
        .args([
            "-d",
            "a.example.com",
            "--connect-to",
            "a.example.com:127.0.0.1",
        ])
        .args(["--port", &server.port.to_string(), "-o", "json"])
        .run();
    out.assert_code(0);
    assert_eq!(
        out.json_rows()[0]["address"],
        format!("127.0.0.1:{}", server.port)
    );
    assert_eq!(server.accepted(), 1);
}

// Every probe handshake is a full handshake --------------------------------------------------

/// Whether a client that keeps sessions (rustls's default configuration, reading what the
/// server sends after the handshake, as a browser does) resumes at `second` the session it
/// got at `first`: the guard that the edges really offer the resumption the probe must refuse.
fn a_session_keeping_client_resumes(pki: &Pki, name: &str, first: u16, second: u16) -> bool {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(pki.root.pem.as_bytes()).unwrap())
        .unwrap();
    let config = Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth(),
    );
    let mut kinds = Vec::new();
    for port in [first, second] {
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        tcp.set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut conn =
            rustls::ClientConnection::new(config.clone(), name.to_string().try_into().unwrap())
                .unwrap();
        while conn.is_handshaking() {
            conn.complete_io(&mut tcp).unwrap();
        }
        while conn.wants_write() {
            conn.write_tls(&mut tcp).unwrap();
        }
        // TLS 1.3 tickets come after the client's Finished.
        while let Ok(n) = conn.read_tls(&mut tcp) {
            if n == 0 || conn.process_new_packets().is_err() {
                break;
            }
        }
        kinds.push(conn.handshake_kind());
    }
    kinds
        == [
            Some(rustls::HandshakeKind::Full),
            Some(rustls::HandshakeKind::Resumed),
        ]
}

/// Two edges of play.example.com speaking only `version`, sharing what `share` gives them
/// (a session store or ticket keys, as a CDN's edges do): the first serves the renewed
/// chain, the second is stale. `cert probe --all-addresses --expect-cert renewed` must find
/// the stale one by its own chain.
fn stale_edge_behind_a_shared_session(
    version: &'static rustls::SupportedProtocolVersion,
    share: impl Fn(&mut rustls::ServerConfig),
) {
    let env = Env::new();
    let pki = Pki::new("Resume");
    let old = pki.chain_for(&["play.example.com"]);
    let new = pki.chain_for(&["play.example.com"]);
    let fresh = edge_with(vec![("play.example.com", serve(&new))], &[version], &share);
    let stale = edge_with(vec![("play.example.com", serve(&old))], &[version], &share);
    let expect = env.write("new.pem", new.pem.as_bytes());
    let out = pki
        .probe(&env)
        .args(["-d", "play.example.com", "--all-addresses", "-o", "json"])
        .args(connect_to("play.example.com", &[fresh.port, stale.port]))
        .arg("--expect-cert")
        .arg(&expect)
        .run();
    out.assert_code(5)
        .assert_stderr_contains("1 domain, 2 addresses: 1 ok, 1 with problems");
    let rows = out.json_rows();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0]["address"], format!("127.0.0.1:{}", fresh.port));
    assert_eq!(rows[0]["result"], "ok");
    assert_eq!(rows[0]["served"]["fingerprint"], new.fingerprint());
    assert_eq!(rows[1]["address"], format!("127.0.0.1:{}", stale.port));
    assert_eq!(
        rows[1]["served"]["fingerprint"],
        old.fingerprint(),
        "the stale edge is reported with the chain of the edge before it"
    );
    assert_eq!(rows[1]["result"], "problem");
    assert_eq!(
        rows[1]["tls"],
        if version == &rustls::version::TLS12 {
            "TLSv1.2"
        } else {
            "TLSv1.3"
        }
    );
    // The same two edges do resume a client that keeps sessions.
    assert!(
        a_session_keeping_client_resumes(&pki, "play.example.com", fresh.port, stale.port),
        "the edges did not offer resumption: the test proves nothing"
    );
}

#[test]
fn a_tls12_edge_that_resumes_the_previous_edges_session_is_reported_with_its_own_chain() {
    let store = rustls::server::ServerSessionMemoryCache::new(256);
    stale_edge_behind_a_shared_session(&rustls::version::TLS12, |c| {
        c.session_storage = store.clone();
    });
}

#[test]
fn a_tls13_edge_that_takes_the_previous_edges_ticket_is_reported_with_its_own_chain() {
    let ticketer = rustls::crypto::ring::Ticketer::new().unwrap();
    stale_edge_behind_a_shared_session(&rustls::version::TLS13, |c| {
        c.ticketer = ticketer.clone();
        c.send_tls13_tickets = 4;
    });
}

// One deadline per domain, a bounded number of addresses -----------------------------------

fn silent_edges(n: usize) -> (Vec<u16>, Vec<Arc<AtomicUsize>>) {
    (0..n).map(|_| counting_silent()).unzip()
}

fn total(counts: &[Arc<AtomicUsize>]) -> usize {
    counts.iter().map(|c| c.load(Ordering::SeqCst)).sum()
}

#[test]
fn a_name_with_many_silent_addresses_gets_one_timeout_not_one_per_address() {
    let env = Env::new();
    let pki = Pki::new("Silent");
    let (ports, counts) = silent_edges(20);
    let started = Instant::now();
    let out = pki
        .probe(&env)
        .args(["-d", "a.example.com", "--timeout", "1s", "-o", "tsv"])
        .args(connect_to("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // One address after another, each with its own second, took 20 s.
    out.assert(took < Duration::from_secs(8), format!("took {took:?}"))
        .assert_code(6)
        .assert(out.stdout().lines().count() == 1, "one row")
        .assert_stdout_starts_with(format!(
            "a.example.com\t127.0.0.1:{}\t-\t-\t-\t-\t-\tno handshake\tno handshake within the timeout; also tried 127.0.0.1:{} (no handshake within the timeout)",
            ports[0], ports[1]
        ))
        .assert_stdout_contains("more addresses not tried (at most 8 a name, within one --timeout)")
        .assert_stderr_contains(format!(
            "no handshake: a.example.com at 127.0.0.1:{} (no handshake within the timeout; also tried",
            ports[0]
        ));
    let tried = total(&counts);
    assert!((1..=8).contains(&tried), "{tried} addresses connected to");
}

#[test]
fn a_silent_first_address_does_not_cost_a_whole_timeout_before_the_next_is_tried() {
    let env = Env::new();
    let pki = Pki::new("Next");
    let good = pki.chain_for(&["a.example.com"]);
    let server = edge(vec![("a.example.com", serve(&good))]);
    let (mut ports, counts) = silent_edges(3);
    ports.push(server.port);
    let started = Instant::now();
    let out = pki
        .probe(&env)
        .args(["-d", "a.example.com", "--timeout", "5s", "-o", "json"])
        .args(connect_to("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // In turn, each silent address waited out its 5 s: 15 s before the edge that answers.
    out.assert(took < Duration::from_secs(4), format!("took {took:?}"))
        .assert_code(0);
    let rows = out.json_rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["address"], format!("127.0.0.1:{}", server.port));
    assert_eq!(rows[0]["served"]["fingerprint"], good.fingerprint());
    assert_eq!(total(&counts), 3, "each silent address was tried");
}

#[test]
fn all_addresses_probes_a_names_silent_addresses_side_by_side_and_caps_them() {
    let env = Env::new();
    let pki = Pki::new("Many");
    let (ports, counts) = silent_edges(40);
    let started = Instant::now();
    let out = pki
        .probe(&env)
        .args(["-d", "a.example.com", "--all-addresses", "--timeout", "1s"])
        .args(["-o", "json"])
        .args(connect_to("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // One after another: 40 s. 32 of them 16 at a time: about 2 s.
    out.assert(took < Duration::from_secs(10), format!("took {took:?}"))
        .assert_code(6)
        .assert_stderr_contains(
            "1 domain, 33 addresses: 0 ok, 0 with problems, 33 without a handshake",
        );
    let rows = out.json_rows();
    assert_eq!(rows.len(), 33, "32 probed and one for the rest");
    for (row, port) in rows[..32].iter().zip(&ports) {
        assert_eq!(row["address"], format!("127.0.0.1:{port}"));
        assert_eq!(row["error"], "no handshake within the timeout");
    }
    let rest = &rows[32];
    assert_eq!(rest["address"], serde_json::Value::Null);
    assert_eq!(rest["result"], "no handshake");
    let why = rest["error"].as_str().unwrap();
    assert!(
        why.starts_with(&format!(
            "not probed: 8 more addresses (at most 32 a name are probed): 127.0.0.1:{}, ",
            ports[32]
        )),
        "{why}"
    );
    assert_eq!(total(&counts), 32, "exactly the first 32 were probed");
    for c in &counts[32..] {
        assert_eq!(c.load(Ordering::SeqCst), 0);
    }
}
