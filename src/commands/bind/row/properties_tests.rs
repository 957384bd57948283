//! Property tests: arbitrary input to the answer parser and the bind report never panics and always maps to a value or an
//! error. Case counts are fixed (CASES per property) so `cargo test` stays bounded.

use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::api::live::ModifyBindingsResponse;
use crate::cloud::envelope::{Answer, parse as parse_envelope};
use crate::domain::{DomainSpec, Https};

use super::build;

const CASES: u32 = 512;

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn response_parser_never_panics(body in prop_oneof![
        any::<Vec<u8>>(),
        any::<String>().prop_map(|s| format!(r#"{{"Response":{{"Errors":[{{"DomainName":{s:?},"Code":1}}],"RequestId":{s:?}}}}}"#).into_bytes()),
        any::<String>().prop_map(|s| format!(r#"{{"Response":{{"MismatchedDomainNames":[{s:?},null],"Error":{s:?}}}}}"#).into_bytes()),
        any::<String>().prop_map(|s| format!(r#"{{"Response":{s}}}"#).into_bytes()),
    ]) {
        if let Ok(Answer::Ok(env)) = parse_envelope(&body)
            && let Ok(parsed) = env.fields::<ModifyBindingsResponse>()
        {
            let requested = [DomainSpec { name: "a.example.com".into(), https: Https::On, origin: "t".into() }];
            let r = build(&requested, &parsed, env.request_id.as_deref());
            let out = format!("{}{}{}", r.table(false, None), r.tsv(), r.summary());
            prop_assert!(!out.contains(char::from(0x1b)), "escape in output");
        }
    }
}
