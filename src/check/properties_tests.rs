//! Property tests: arbitrary input to the PEM loader and the checks never panics and always maps to a value or an
//! error. Case counts are fixed (CASES per property) so `cargo test` stays bounded.

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::cert::{load_cert, load_key};
use crate::check;

const CASES: u32 = 512;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Strings built from the characters that matter to a domain parser.
fn domainish() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "aZ09-._:*/#@ \t\u{0}\u{feff}é直播xn-ONOFFKEEPonoffkeep\u{1b}"
        .chars()
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..80)
        .prop_map(|v| v.into_iter().collect())
}

fn pemish() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"-----BEGIN CERTIFICATE-----\n",
        b"-----END CERTIFICATE-----\n",
        b"-----BEGIN PRIVATE KEY-----\n",
        b"-----END PRIVATE KEY-----\n",
        b"-----BEGIN EC PRIVATE KEY-----\n",
        b"-----END EC PRIVATE KEY-----\n",
        b"-----BEGIN RSA PRIVATE KEY-----\n",
        b"MAMCAQA=\n",
        b"MIIBszCCAVmgAwIBAgIU\n",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"junk text\n",
        b"\x30\x82\x01\x0a",
        b"====\n",
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..600),
        proptest::collection::vec(proptest::sample::select(pieces), 0..12).prop_map(|v| v.concat()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn pem_loader_and_checks_never_panic(bytes in pemish(), domain in domainish()) {
        if let Ok(cert) = load_cert("c.pem", &bytes) {
            let key = load_key("k.pem", &bytes).ok();
            let domains: Vec<String> = crate::domain::normalize(&domain).into_iter().collect();
            let r = check::run(&check::Input {
                cert: &cert,
                key: key.as_ref(),
                domains: &domains,
                now: time::OffsetDateTime::now_utc(),
                min_days: 14,
            });
            prop_assert!(!r.checks.is_empty());
        }
        let _ = load_key("k.pem", &bytes);
    }
}

/// A real leaf and key, made once.
fn real_pair() -> &'static (Vec<u8>, String) {
    static PAIR: std::sync::OnceLock<(Vec<u8>, String)> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| {
        let ck = rcgen::generate_simple_self_signed(vec!["a.example.com".into()]).unwrap();
        (ck.cert.der().to_vec(), ck.signing_key.serialize_pem())
    })
}

fn pem_of(der: &[u8]) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn corrupted_certificates_never_panic_the_checks(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let (der, key) = real_pair();
        let mut der = der.clone();
        for (i, b) in flips {
            let at = i.index(der.len());
            der[at] = b;
        }
        if truncate {
            der.truncate(cut.index(der.len()));
        }
        if let Ok(cert) = load_cert("c.pem", pem_of(&der).as_bytes()) {
            let key = load_key("k.pem", key.as_bytes()).unwrap();
            let r = check::run(&check::Input {
                cert: &cert,
                key: Some(&key),
                domains: &["a.example.com".to_string()],
                now: time::OffsetDateTime::now_utc(),
                min_days: 14,
            });
            prop_assert!(!r.checks.is_empty());
        }
    }
}
