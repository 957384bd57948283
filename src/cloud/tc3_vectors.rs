//! The signer reproduces every stage of every vector produced by the official Tencent SDK
//! (tests/fixtures/tc3-vectors.json, a copy of shared/fixtures/tc3-vectors.json), and the
//! header builder produces exactly the headers the SDK sent.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;

use crate::cloud::Product;
use crate::cloud::request::{CallOptions, headers};
use crate::cloud::tc3;
use crate::endpoint;

fn fixture() -> Value {
    let text = include_str!("../../tests/fixtures/tc3-vectors.json");
    serde_json::from_str(text).expect("fixture is JSON")
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("fixture field {k} missing"))
}

#[test]
fn every_stage_of_every_vector() {
    let f = fixture();
    let secret_id = s(&f, "secret_id");
    let secret_key = s(&f, "secret_key");
    let timestamp = f["timestamp"].as_i64().unwrap();
    let vectors = f["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 7, "the fixture's vectors are all exercised");
    for v in vectors {
        let name = s(v, "name");
        let payload = s(v, "payload").as_bytes();
        let host = s(&v["headers"], "Host");
        let content_type = s(&v["headers"], "Content-Type");

        let payload_hash = tc3::payload_hash(payload);
        assert_eq!(payload_hash, s(v, "payload_sha256"), "{name}: payload hash");
        let canonical = tc3::canonical_request(content_type, host, &payload_hash);
        assert_eq!(
            canonical,
            s(v, "canonical_request"),
            "{name}: canonical request"
        );
        let date = tc3::utc_date(timestamp);
        let scope = tc3::credential_scope(&date, "live");
        let sts = tc3::string_to_sign(timestamp, &scope, &canonical);
        assert_eq!(sts, s(v, "string_to_sign"), "{name}: string to sign");
        let keys = tc3::derive_keys(secret_key, &date, "live");
        let dk = &v["derived_keys"];
        assert_eq!(hex::encode(keys.k_date), s(dk, "k_date"), "{name}: kDate");
        assert_eq!(
            hex::encode(keys.k_service),
            s(dk, "k_service"),
            "{name}: kService"
        );
        assert_eq!(
            hex::encode(keys.k_signing),
            s(dk, "k_signing"),
            "{name}: kSigning"
        );
        let sig = tc3::signature(&keys.k_signing, &sts);
        assert_eq!(sig, s(v, "signature"), "{name}: signature");
        assert_eq!(
            tc3::authorization(secret_id, &scope, &sig),
            s(v, "authorization"),
            "{name}: authorization"
        );

        // The one-call API gives the same result as the stages.
        let signed = tc3::sign(&tc3::SigningInput {
            secret_id,
            secret_key,
            service: "live",
            host,
            content_type,
            timestamp,
            body: payload,
        });
        assert_eq!(
            signed.canonical_request,
            s(v, "canonical_request"),
            "{name}"
        );
        assert_eq!(signed.string_to_sign, s(v, "string_to_sign"), "{name}");
        assert_eq!(signed.signature, s(v, "signature"), "{name}");
        assert_eq!(signed.authorization, s(v, "authorization"), "{name}");
    }
}

#[test]
fn headers_match_what_the_sdk_sent() {
    let f = fixture();
    let timestamp = f["timestamp"].as_i64().unwrap();
    for v in f["vectors"].as_array().unwrap() {
        let name = s(v, "name");
        let h = &v["headers"];
        let ep = endpoint::parse(s(h, "Host"), "--endpoint").unwrap();
        let language = match s(h, "X-TC-Language") {
            "en-US" => "en-US",
            "zh-CN" => "zh-CN",
            other => panic!("{name}: language {other}"),
        };
        // The product the SDK signed for, as its headers name it.
        let version: &'static str = String::leak(s(h, "X-TC-Version").to_string());
        let product: &'static Product = Box::leak(Box::new(Product {
            name: "vectors",
            service: "live",
            version,
            host: "",
            intl_host: "",
            endpoint_var: "",
            transient: &[],
            account_states: &[],
            permission_denied: &[],
            per_second: 20,
            opaque: false,
        }));
        let options = CallOptions {
            product,
            endpoint: ep,
            region: h
                .get("X-TC-Region")
                .and_then(Value::as_str)
                .map(str::to_string),
            language: Some(language),
            timeout: Duration::from_secs(30),
        };
        let token = h.get("X-TC-Token").and_then(Value::as_str);
        let mut ours: BTreeMap<String, String> = headers(
            &options,
            s(h, "X-TC-Action"),
            timestamp,
            token,
            s(h, "X-TC-RequestClient"),
        )
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        ours.insert("Authorization".into(), s(v, "authorization").into());
        let theirs: BTreeMap<String, String> = h
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        assert_eq!(ours, theirs, "{name}: header set");
    }
}

#[test]
fn documentation_example_with_its_own_service_and_content_type() {
    let f = fixture();
    let d = &f["doc_example"];
    let timestamp = d["timestamp"].as_i64().unwrap();
    let payload = s(d, "payload").as_bytes();
    let payload_hash = tc3::payload_hash(payload);
    assert_eq!(payload_hash, s(d, "payload_sha256"));
    let canonical = tc3::canonical_request(s(d, "content_type"), s(d, "host"), &payload_hash);
    assert_eq!(
        tc3::payload_hash(canonical.as_bytes()),
        s(d, "canonical_request_sha256")
    );
    let signed = tc3::sign(&tc3::SigningInput {
        secret_id: s(d, "secret_id"),
        secret_key: s(d, "secret_key"),
        service: s(d, "service"),
        host: s(d, "host"),
        content_type: s(d, "content_type"),
        timestamp,
        body: payload,
    });
    assert_eq!(signed.signature, s(d, "signature"));
}

#[test]
#[allow(clippy::print_stderr)]
fn fixture_copy_matches_shared() {
    // .ci/run names shared/ when it lies beside the clone: then it must be there and equal.
    // Without it (a newcomer's clone) the committed copy, compiled in above, is what is
    // tested, and .ci/run says that the comparison was skipped.
    let (path, required) = match std::env::var_os("TCLIVE_SHARED_DIR") {
        Some(dir) => (std::path::PathBuf::from(dir), true),
        None => (
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
            false,
        ),
    };
    let file = path.join("fixtures/tc3-vectors.json");
    match std::fs::read_to_string(&file) {
        Ok(text) => assert_eq!(text, include_str!("../../tests/fixtures/tc3-vectors.json")),
        Err(e) if required => panic!("{}: {e}", file.display()),
        Err(_) => eprintln!("note: {} absent: compared nothing", file.display()),
    }
}
