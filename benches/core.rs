//! Micro-benchmarks of the pure cores: the signer, the PEM loading and certificate checks, and
//! the table and tsv renderers. Run with `cargo bench --bench core`.

use std::hint::black_box;

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use tclive::cert::{load_cert, load_key};
use tclive::check;
use tclive::table;
use tclive::tc3;

fn signer(c: &mut Criterion) {
    let small = br#"{"DomainInfos":[{"DomainName":"play.example.com","Status":1}],"CloudCertId":"hZy2N9vF"}"#;
    let large = vec![b'x'; 8 * 1024]; // about a key-pair body
    for (name, body) in [
        ("sign 90 B body", &small[..]),
        ("sign 8 KiB body", &large[..]),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                tc3::sign(black_box(&tc3::SigningInput {
                    secret_id: "AKIDEXAMPLEEXAMPLEEXAMPLE",
                    secret_key: "SECRETKEYEXAMPLEEXAMPLEEXAMPLEEX",
                    service: "live",
                    host: "live.tencentcloudapi.com",
                    content_type: "application/json",
                    timestamp: 1_700_000_000,
                    body,
                }))
            })
        });
    }
}

fn checks(c: &mut Criterion) {
    let (chain_pem, key_pem) = support::chain();
    c.bench_function("load + check leaf+intermediate with key", |b| {
        b.iter(|| {
            let cert = load_cert("c.pem", black_box(chain_pem.as_bytes())).unwrap();
            let key = load_key("k.pem", black_box(key_pem.as_bytes())).unwrap();
            check::run(&check::Input {
                cert: &cert,
                key: Some(&key),
                domains: &["play.example.com".to_string()],
                now: time::OffsetDateTime::now_utc(),
                min_days: 14,
            })
        })
    });
}

fn tables(c: &mut Criterion) {
    // A bind's result: 100 domains, ten of them failed with the API's words.
    let rows: Vec<Vec<String>> = (0..100)
        .map(|i| {
            let failed = i < 10;
            vec![
                format!("play{i}.example.com"),
                "on".into(),
                if failed { "failed" } else { "ok" }.into(),
                if failed { "FailedOperation" } else { "" }.into(),
                if failed { "Operation failed." } else { "" }.into(),
            ]
        })
        .collect();
    let header = ["DOMAIN", "HTTPS", "RESULT", "CODE", "MESSAGE"];
    let fit = table::Fit {
        width: None,
        free: &[4],
    };
    c.bench_function("table, 100 domains", |b| {
        b.iter(|| table::simple_table(&header, black_box(&rows), &fit))
    });
    c.bench_function("tsv, 100 domains", |b| {
        b.iter(|| table::tsv(black_box(&rows)))
    });
}

criterion_group!(benches, signer, checks, tables);
criterion_main!(benches);
