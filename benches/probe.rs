//! Issue #15's concurrency, measured on the release binary end to end: `cert probe` of 256
//! domains at a loopback TLS edge that takes 100 ms to begin each handshake (a far edge's
//! round trip). Probed one at a time that is 25.6 s; 16 at a time it should take about
//! 256 / 16 × 0.1 s = 1.6 s. Target: ≤ 2.5 s (median of 3).
//!
//! Run with `cargo bench --bench probe`. The edge listens on 127.0.0.1 only; every domain is
//! sent there with --connect-to: nothing is resolved, nothing leaves the machine.

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const DOMAINS: usize = 256;
const DELAY: Duration = Duration::from_millis(100);
const RUNS: usize = 3;
const TARGET: Duration = Duration::from_millis(2500);

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // A root the binary trusts, and a wildcard leaf for every bench domain.
    let root_key = KeyPair::generate().unwrap();
    let mut root_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    root_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let root = root_params.self_signed(&root_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["*.bench.test".to_string()])
        .unwrap()
        .signed_by(&leaf_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let roots = dir.path().join("roots.pem");
    std::fs::write(&roots, root.pem()).unwrap();

    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(leaf.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
        )
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                std::thread::sleep(DELAY);
                let mut s = stream;
                let mut conn = rustls::ServerConnection::new(config).unwrap();
                while conn.is_handshaking() {
                    if conn.complete_io(&mut s).is_err() {
                        return;
                    }
                }
                let _ = conn.complete_io(&mut s);
            });
        }
    });

    let mut args: Vec<String> = vec!["cert".into(), "probe".into(), "-o".into(), "tsv".into()];
    for i in 0..DOMAINS {
        let name = format!("d{i:03}.bench.test");
        args.push("-d".into());
        args.push(name.clone());
        args.push("--connect-to".into());
        args.push(format!("{name}:127.0.0.1:{port}"));
    }
    let bin = env!("CARGO_BIN_EXE_tclive");
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let out = Command::new(bin)
            .args(&args)
            .env_clear()
            .env("SSL_CERT_FILE", &roots)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        times.push(started.elapsed());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            DOMAINS,
            "one row per domain"
        );
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "probe of {DOMAINS} domains, {} ms to each handshake's start: median {} ms (runs {:?} ms; one at a time would be {} ms) — target ≤ {} ms: {}",
        DELAY.as_millis(),
        median.as_millis(),
        times.iter().map(|t| t.as_millis()).collect::<Vec<_>>(),
        DELAY.as_millis() * DOMAINS as u128,
        TARGET.as_millis(),
        if median <= TARGET { "met" } else { "MISSED" }
    );
}
