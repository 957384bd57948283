//! Property tests: arbitrary input to the domain parser never panics and always maps to a value or an
//! error. Case counts are fixed (CASES per property) so `cargo test` stays bounded.

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::domain::{parse_file, parse_spec};

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

proptest! {
    #![proptest_config(config())]

    #[test]
    fn domain_parser_never_panics(raw in domainish(), any_text in any::<String>()) {
        for input in [&raw, &any_text] {
            match parse_spec(input) {
                Ok((name, _)) => {
                    // Whatever is accepted is a clean ASCII host name.
                    prop_assert!(name.len() <= 253);
                    prop_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.' || b == b'*'));
                }
                Err(e) => prop_assert!(!e.is_empty()),
            }
        }
        let mut list = crate::domain::DomainList::default();
        let _ = parse_file(&format!("{raw}\n{any_text}"), "f", &mut list);
    }
}
