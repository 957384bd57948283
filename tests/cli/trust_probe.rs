//! Issue #19, items 6, 14, 15 and 16: probe results that a resumed TLS session faked, a name's
//! silent addresses that multiplied the time of a probe, name checks that cost SANs × domains,
//! and signals a shell could not tell apart. Each test reproduces the problem through the
//! built binary against loopback fakes; its name says the problem.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::common::edge::*;
use crate::common::fake_live::*;
use crate::common::fault::{FaultServer, compute};
use crate::common::*;

/// `tclive cert probe` trusting `pki`'s root only.
fn probe(env: &Env, pki: &Pki) -> assert_cmd::Command {
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    let mut c = env.cmd();
    c.env("SSL_CERT_FILE", roots).args(["cert", "probe"]);
    c
}

fn rows(out: &std::process::Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(out)))
}

/// `--connect-to NAME:127.0.0.1:PORT` for each port: the edges of one name.
fn edges_of(name: &str, ports: &[u16]) -> Vec<String> {
    ports
        .iter()
        .flat_map(|p| ["--connect-to".to_string(), format!("{name}:127.0.0.1:{p}")])
        .collect()
}

// Item 6: every probe handshake is a full handshake ------------------------------------------

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
    let out = probe(&env, &pki)
        .args(["-d", "play.example.com", "--all-addresses", "-o", "json"])
        .args(edges_of("play.example.com", &[fresh.port, stale.port]))
        .arg("--expect-cert")
        .arg(&expect)
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let rows = rows(&out);
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
    assert!(
        stderr(&out).contains("1 domain, 2 addresses: 1 ok, 1 with problems"),
        "{}",
        stderr(&out)
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

#[test]
fn wait_served_sees_the_renewal_of_an_edge_that_would_resume_the_old_session() {
    let env = Env::new();
    let pki = Pki::new("Renew");
    let old = pki.chain_for(&["a.example.com"]);
    let new = pki.chain_for(&["a.example.com"]);
    // A TLS 1.2 edge (with its session store) that starts serving the renewal after 4 s: the
    // first round sees the old chain and gets a session; later rounds that resumed it would
    // be told the old chain again, and the renewed edge would stay `not served`.
    let server = edge_with(
        vec![(
            "a.example.com",
            Serve {
                first: old.clone(),
                then: Some((Duration::from_secs(4), new.clone())),
            },
        )],
        &[&rustls::version::TLS12],
        |_| {},
    );
    let mut st = LiveState::default();
    st.domains.push(FakeDomain {
        name: "a.example.com".into(),
        play: true,
        enabled: true,
    });
    let api = FakeLive::start(st);
    let cert = env.write("new/fullchain.pem", new.pem.as_bytes());
    let key = env.write("new/privkey.pem", new.key_pem.as_bytes());
    let roots = env.write("roots.pem", pki.root.pem.as_bytes());
    let out = env
        .bind(&api.endpoint())
        .env("SSL_CERT_FILE", &roots)
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["-d", "a.example.com", "--wait-served", "15s", "-o", "tsv"])
        .args(edges_of("a.example.com", &[server.port]))
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    let err = stderr(&out);
    assert!(
        err.contains("--wait-served: 0 of 1 domains serve the new certificate; looking again"),
        "{err}"
    );
    assert!(
        err.contains("--wait-served: 1 of 1 domains serve the new certificate\n"),
        "{err}"
    );
    assert!(server.accepted() >= 2, "probed at least twice");
    assert_no_secrets(&out, Some(&new.key_pem));
}

// Item 14: one deadline per domain, a bounded number of addresses ---------------------------

/// A loopback listener that accepts connections and never says a word, and how many it
/// accepted.
fn counting_silent() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(s);
        }
    });
    (port, count)
}

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
    let out = probe(&env, &pki)
        .args(["-d", "a.example.com", "--timeout", "1s", "-o", "tsv"])
        .args(edges_of("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // One address after another, each with its own second, took 20 s.
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!(
            "a.example.com\t127.0.0.1:{}\t-\t-\t-\t-\t-\tno handshake\tno handshake within the timeout; also tried 127.0.0.1:{} (no handshake within the timeout)",
            ports[0], ports[1]
        )),
        "{text}"
    );
    assert!(
        text.contains("more addresses not tried (at most 8 a name, within one --timeout)"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "no handshake: a.example.com at 127.0.0.1:{} (no handshake within the timeout; also tried",
            ports[0]
        )),
        "{err}"
    );
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
    let out = probe(&env, &pki)
        .args(["-d", "a.example.com", "--timeout", "5s", "-o", "json"])
        .args(edges_of("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // In turn, each silent address waited out its 5 s: 15 s before the edge that answers.
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = rows(&out);
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
    let out = probe(&env, &pki)
        .args(["-d", "a.example.com", "--all-addresses", "--timeout", "1s"])
        .args(["-o", "json"])
        .args(edges_of("a.example.com", &ports))
        .run();
    let took = started.elapsed();
    // One after another: 40 s. 32 of them 16 at a time: about 2 s.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let rows = rows(&out);
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
    assert!(
        stderr(&out)
            .contains("1 domain, 33 addresses: 0 ok, 0 with problems, 33 without a handshake"),
        "{}",
        stderr(&out)
    );
}

// Item 15: name checks linear in SANs + domains --------------------------------------------

/// The case of the issue: a certificate with 38,000 names (37,000 exact, 1,000 wildcards)
/// and a domains file of 40,000 names it all covers (37,000 exactly, 3,000 by a wildcard).
struct ManyNames {
    cert_pem: String,
    key_pem: String,
    domains: String,
}

fn many_names() -> &'static ManyNames {
    static MADE: OnceLock<ManyNames> = OnceLock::new();
    MADE.get_or_init(|| {
        let mut names: Vec<String> = (0..37_000).map(|i| format!("d{i:05}.bench.test")).collect();
        names.extend((0..1_000).map(|i| format!("*.w{i:03}.bench.test")));
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(names)
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let key_pem = key.serialize_pem();
        register_private_key(&key_pem);
        let mut domains = String::new();
        for i in 0..37_000 {
            domains.push_str(&format!("d{i:05}.bench.test\n"));
        }
        for i in 0..1_000 {
            for x in ["a", "b", "c"] {
                domains.push_str(&format!("{x}.w{i:03}.bench.test\n"));
            }
        }
        ManyNames {
            cert_pem: cert.pem(),
            key_pem,
            domains,
        }
    })
}

/// Runs `tclive ARGS` with at most `secs` seconds of CPU time: a run that needed more is
/// killed instead of earning its exit code. A bound, not a timing: the linear
/// check takes a small fraction of it, SANs × domains many times it (the speed itself is
/// measured in benches/names.rs).
fn capped_cpu(env: &Env, secs: u32, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new("prlimit")
        .arg(format!("--cpu={secs}"))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("tclive"))
        .args(args)
        .env_clear()
        .env("HOME", env.home.path())
        .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
        .env("TCLIVE_STS_ENDPOINT", closed_metadata())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .output()
        .expect("prlimit (util-linux) runs");
    assert_no_secrets(&out, Some(&many_names().key_pem));
    out
}

/// The certificate, its key and the domains file, written into HOME.
fn many_names_files(env: &Env) -> [String; 3] {
    let m = many_names();
    assert!(
        m.cert_pem.len() < 1024 * 1024,
        "under the 1 MiB input cap: {} bytes",
        m.cert_pem.len()
    );
    [
        env.write("big.pem", m.cert_pem.as_bytes()),
        env.write("big.key", m.key_pem.as_bytes()),
        env.write("domains.txt", m.domains.as_bytes()),
    ]
    .map(|p| p.display().to_string())
}

#[test]
fn cert_check_of_38000_names_against_40000_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, domains] = many_names_files(&env);
    let out = capped_cpu(
        &env,
        10,
        &[
            "cert",
            "check",
            "-o",
            "tsv",
            "--cert",
            &cert,
            "--key",
            &key,
            "--domains-file",
            &domains,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{:?}: {}",
        out.status,
        stderr(&out)
    );
    let text = stdout(&out);
    let names: Vec<&str> = text.lines().filter(|l| l.starts_with("name\t")).collect();
    assert_eq!(names.len(), 40_000);
    assert_eq!(
        names[0],
        "name\tpass\td00000.bench.test is in the certificate"
    );
    assert_eq!(
        names[39_999],
        "name\tpass\tc.w999.bench.test is covered by *.w999.bench.test"
    );
    assert!(names.iter().all(|l| l.starts_with("name\tpass\t")));
}

#[test]
fn the_bind_preflight_of_38000_names_against_40000_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, domains] = many_names_files(&env);
    let out = capped_cpu(
        &env,
        10,
        &[
            "--dry-run",
            "-o",
            "json",
            "cert",
            "bind",
            "--cert",
            &cert,
            "--key",
            &key,
            "--domains-file",
            &domains,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{:?}: {}",
        out.status,
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["Body"]["DomainInfos"].as_array().unwrap().len(), 40_000);
}

#[test]
fn match_san_of_38000_names_against_40000_play_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, _] = many_names_files(&env);
    // 40,000 enabled play domains, 10,000 a page (the server's own page size: 4 requests
    // instead of 400 at the API's pace); the first 37,000 and 3 under each wildcard covered,
    // and 2,000 more that nothing covers.
    let listed: Arc<Vec<String>> = Arc::new(
        many_names()
            .domains
            .lines()
            .take(38_000)
            .map(str::to_string)
            .chain((0..2_000).map(|i| format!("other{i}.example.com")))
            .collect(),
    );
    let api = FaultServer::start(vec![compute(move |req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let answer = match req.header("x-tc-action").as_deref() {
            Some("DescribeLiveDomains") => {
                let page = body["PageNum"].as_u64().unwrap_or(1).max(1) as usize - 1;
                let items: Vec<String> = listed
                    .iter()
                    .skip(page * 10_000)
                    .take(10_000)
                    .map(|n| format!(r#"{{"Name":"{n}","Type":1,"Status":1}}"#))
                    .collect();
                format!(
                    r#"{{"Response":{{"AllCount":{},"DomainList":[{}],"RequestId":"d{page}"}}}}"#,
                    listed.len(),
                    items.join(",")
                )
            }
            _ => r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"b"}}"#
                .to_string(),
        };
        (200, answer)
    })]);
    let endpoint = api.endpoint();
    let out = capped_cpu(
        &env,
        10,
        &[
            "cert",
            "bind",
            "--plan",
            "--match-san",
            "-o",
            "json",
            "--endpoint",
            &endpoint,
            "--cert",
            &cert,
            "--key",
            &key,
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{:?}: {}",
        out.status,
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--match-san: 38000 enabled play domains covered by the certificate"),
        "{}",
        stderr(&out)
    );
    let plan: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan.len(), 38_000);
    assert!(plan.iter().all(|p| p["action"] == "bind"));
    assert!(
        api.requests()
            .iter()
            .all(|r| r.header("x-tc-action").as_deref() != Some("ModifyLiveDomainCertBindings")),
        "--plan sent a change"
    );
}

// Item 16: a shell tells SIGINT from SIGTERM -----------------------------------------------

/// Waits until `cond` holds (at most 10 s).
fn wait_for(cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The children of process `pid` (from /proc: every process whose parent it is).
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .ok()
                .and_then(|s| {
                    // pid (comm) state ppid …: comm may hold spaces, so split after ')'.
                    let after = s.rsplit_once(')')?.1;
                    after.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}

fn kill(pid: u32, sig: &str) -> Instant {
    let at = Instant::now();
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    at
}

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// `PROGRAM cert bind --cert-id x -d a.example.com` in a hermetic environment with
/// credentials, to a fake API that takes 30 s to answer (`FakeApi::start` answers the reads).
fn stuck_bind(env: &Env, program: &std::path::Path) -> (FakeApi, std::process::Command) {
    let api = FakeApi::start();
    api.answer_any_after(Duration::from_secs(30), 200, &ok_answer(""));
    let mut cmd = std::process::Command::new(program);
    cmd.env_clear()
        .env("HOME", env.home.path())
        .env("TCLIVE_METADATA_ENDPOINT", closed_metadata())
        .env("TCLIVE_STS_ENDPOINT", closed_metadata())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
    (api, cmd)
}

fn bind_args(api: &FakeApi) -> Vec<String> {
    [
        "cert",
        "bind",
        "--cert-id",
        "x",
        "-d",
        "a.example.com",
        "--endpoint",
    ]
    .map(str::to_string)
    .into_iter()
    .chain([api.endpoint()])
    .collect()
}

#[test]
fn sigterm_is_told_from_sigint_the_process_dies_by_the_signal_it_received() {
    let bin = assert_cmd::cargo::cargo_bin!("tclive");
    for (sig, number, shell_sees) in [("-INT", SIGINT, 130), ("-TERM", SIGTERM, 143)] {
        // Run directly: the parent's wait status says which signal ended it.
        let env = Env::new();
        let (api, mut cmd) = stuck_bind(&env, bin);
        let child = cmd
            .args(bind_args(&api))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(|| !api.requests().is_empty());
        let at = kill(child.id(), sig);
        let out = child.wait_with_output().unwrap();
        assert!(
            at.elapsed() < Duration::from_secs(1),
            "{sig}: took {:?}",
            at.elapsed()
        );
        assert_eq!(out.status.signal(), Some(number), "{sig}: {:?}", out.status);
        assert_eq!(out.status.code(), None, "{sig}: {:?}", out.status);
        assert_eq!(
            stderr(&out),
            format!(
                "{}\n",
                tclive::signals::message(tclive::signals::InFlight::Change)
            ),
            "{sig}"
        );
        assert_eq!(stdout(&out), "", "{sig}");
        assert_no_secrets(&out, None);

        // Run by a shell, as cron, xargs and scripts do: `$?` is 128 + the signal.
        let env = Env::new();
        let (api, mut cmd) = stuck_bind(&env, "sh".as_ref());
        let shell = cmd
            .env("PATH", "/usr/bin:/bin")
            .args(["-c", r#""$0" "$@"; echo "status $?""#])
            .arg(bin)
            .args(bind_args(&api))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(|| !api.requests().is_empty());
        let tclive = children(shell.id());
        assert_eq!(tclive.len(), 1, "{sig}: the shell's children {tclive:?}");
        kill(tclive[0], sig);
        let out = shell.wait_with_output().unwrap();
        assert_eq!(stdout(&out), format!("status {shell_sees}\n"), "{sig}");
        assert!(
            stderr(&out).starts_with("interrupted"),
            "{sig}: {}",
            stderr(&out)
        );
        assert_no_secrets(&out, None);
    }
}

#[test]
fn a_signal_while_stderr_is_blocked_still_ends_the_process_by_that_signal() {
    // stderr is a pipe nobody reads, already full: the `interrupted` line cannot get out.
    let (reader, writer) = std::io::pipe().unwrap();
    let mut filler = writer.try_clone().unwrap();
    std::thread::spawn(move || {
        let block = [b'x'; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    });
    std::thread::sleep(Duration::from_millis(300));
    let env = Env::new();
    let (api, mut cmd) = stuck_bind(&env, assert_cmd::cargo::cargo_bin!("tclive").as_ref());
    let mut child = cmd
        .args(bind_args(&api))
        .stdout(Stdio::null())
        .stderr(writer)
        .spawn()
        .unwrap();
    wait_for(|| !api.requests().is_empty());
    let at = kill(child.id(), "-TERM");
    let status = child.wait().unwrap();
    assert!(
        at.elapsed() < Duration::from_secs(1),
        "took {:?}",
        at.elapsed()
    );
    assert_eq!(status.signal(), Some(SIGTERM), "{status:?}");
    drop(reader);
}
