//! Micro-benchmarks of the pure cores: the signer, the PEM loading and certificate checks, and
//! the report renderers. Run with `cargo bench --bench core`.

use std::hint::black_box;

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use tclive::api::live::{DomainError, ModifyBindingsResponse};
use tclive::cert::{load_cert, load_key};
use tclive::check;
use tclive::cloud::tc3;
use tclive::domain::{DomainSpec, Https};
use tclive::report;

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

fn reports(c: &mut Criterion) {
    let requested: Vec<DomainSpec> = (0..100)
        .map(|i| DomainSpec {
            name: format!("play{i}.example.com"),
            https: Https::On,
            origin: "--domain".into(),
        })
        .collect();
    let resp = ModifyBindingsResponse {
        mismatched_domain_names: Some(vec!["play7.example.com".into()].into()),
        errors: Some(
            (0..10)
                .map(|i| DomainError {
                    domain_name: Some(format!("play{i}.example.com")),
                    code: Some("FailedOperation".into()),
                    message: Some("Operation failed.".into()),
                })
                .collect(),
        ),
    };
    c.bench_function("report build + table, 100 domains", |b| {
        b.iter(|| report::build(black_box(&requested), &resp, Some("r")).table(false, None))
    });
    c.bench_function("report build + tsv, 100 domains", |b| {
        b.iter(|| report::build(black_box(&requested), &resp, Some("r")).tsv())
    });
}

criterion_group!(benches, signer, checks, reports);
criterion_main!(benches);
