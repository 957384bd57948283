//! tclive's request and response types and its error-code tables against the official
//! definitions, vendored in tests/fixtures/live-api.json and tests/fixtures/ssl-api.json by
//! scripts/vendor-api.py (live, ssl) from tccli's api.json and the
//! Python SDK's errorcodes.py: a field or code that drifts from them fails the build, and a
//! vendored file that is missing fails it too (`include_str!`).

use crate::api::{live, ssl};
use serde::de::{self, Deserialize, Visitor};
use serde_json::Value;

fn definitions() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/live-api.json")).expect("vendored JSON")
}

fn ssl_definitions() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/ssl-api.json")).expect("vendored JSON")
}

/// (name, type) of every member of an action's input or output, or of an object.
fn members(defs: &Value, path: &[&str]) -> Vec<(String, String)> {
    let mut v = defs;
    for p in path {
        v = &v[p];
    }
    v.as_array()
        .unwrap_or_else(|| panic!("{path:?} is in the vendored definitions"))
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap().to_string(),
                m["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The JSON field names a `Deserialize` struct reads, from its own derive: a deserializer
/// that only records what `deserialize_struct` is asked for.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    #[derive(Debug)]
    enum Probe {
        Fields(&'static [&'static str]),
        Other,
    }
    impl std::fmt::Display for Probe {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{self:?}")
        }
    }
    impl std::error::Error for Probe {}
    impl de::Error for Probe {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Probe::Other
        }
    }
    struct Fields;
    impl<'de> de::Deserializer<'de> for Fields {
        type Error = Probe;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probe> {
            Err(Probe::Other)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Probe> {
            Err(Probe::Fields(fields))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    match T::deserialize(Fields) {
        Err(Probe::Fields(f)) => f,
        _ => panic!("not a struct"),
    }
}

fn assert_documented(what: &str, ours: &[&str], documented: &[(String, String)]) {
    assert!(!ours.is_empty(), "{what}: no field names found");
    for f in ours {
        assert!(
            documented.iter().any(|(n, _)| n == f),
            "{what}: tclive reads {f}, which the official definition does not have: {documented:?}"
        );
    }
}

/// Every parameter of each `(action, body)` is one of the action's, of its documented type.
fn assert_sent_as_documented(d: &Value, cases: Vec<(&str, Value)>) {
    assert!(!cases.is_empty());
    for (action, body) in cases {
        let documented = members(d, &["actions", action, "input"]);
        let sent = body.as_object().unwrap();
        assert!(!sent.is_empty(), "{action}: nothing sent");
        for (name, value) in sent {
            let ty = type_of(&documented, name);
            assert!(
                !ty.is_empty(),
                "{action}: {name} is not a documented parameter"
            );
            let ok = match ty.as_str() {
                "string" => value.is_string(),
                "int" | "uint" => value.is_i64() || value.is_u64(),
                "bool" => value.is_boolean(),
                "list" => value.is_array(),
                "object" => value.is_object(),
                other => panic!("{action}.{name}: type {other} not handled"),
            };
            assert!(ok, "{action}.{name}: documented as {ty}, sent as {value}");
        }
        // What the documentation requires is sent.
        let required = d["actions"][action]["input"].as_array().unwrap();
        for m in required.iter().filter(|m| m["required"] == true) {
            let name = m["name"].as_str().unwrap();
            assert!(
                sent.contains_key(name),
                "{action}: required {name} not sent"
            );
        }
    }
}

fn type_of(documented: &[(String, String)], field: &str) -> String {
    documented
        .iter()
        .find(|(n, _)| n == field)
        .map(|(_, t)| t.clone())
        .unwrap_or_default()
}

#[test]
fn the_vendored_definitions_name_their_versions() {
    let d = definitions();
    assert!(d["tccli"].as_str().is_some_and(|v| !v.is_empty()));
    assert!(
        d["tencentcloud-sdk-python"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    assert!(d["error_codes"].as_array().unwrap().len() > 100);
}

#[test]
fn requests_send_only_documented_parameters_of_the_documented_types() {
    let d = definitions();
    let cases: Vec<(&str, Value)> = vec![
        (
            live::MODIFY_BINDINGS,
            serde_json::to_value(live::ModifyBindingsRequest {
                domain_infos: vec![live::DomainInfo {
                    domain_name: "a.example.com",
                    status: 1,
                }],
                cloud_cert_id: Some("x"),
                certificate_public_key: Some("p"),
                certificate_private_key: Some("k"),
                certificate_alias: Some("a"),
            })
            .unwrap(),
        ),
        (
            live::DESCRIBE_BINDINGS,
            serde_json::to_value(live::DescribeBindingsRequest {
                domain_search: Some("s"),
                domain_name: Some("a.example.com"),
                offset: 0,
                length: 100,
                order_by: "ExpireTimeAsc",
            })
            .unwrap(),
        ),
        (
            live::DESCRIBE_DOMAINS,
            serde_json::to_value(live::DescribeDomainsRequest {
                domain_type: Some(1),
                domain_status: Some(1),
                page_size: 100,
                page_num: 1,
            })
            .unwrap(),
        ),
        (
            live::DESCRIBE_CERT,
            serde_json::to_value(live::DescribeCertRequest {
                domain_name: "a.example.com",
            })
            .unwrap(),
        ),
        (
            live::UNBIND,
            serde_json::to_value(live::UnbindRequest {
                domain_name: "a.example.com",
                rule: "gray",
            })
            .unwrap(),
        ),
    ];
    assert_sent_as_documented(&d, cases);
    // The items of DomainInfos are the documented LiveCertDomainInfo.
    let item = members(&d, &["objects", "LiveCertDomainInfo"]);
    assert_eq!(type_of(&item, "DomainName"), "string");
    assert_eq!(type_of(&item, "Status"), "int");
}

#[test]
fn responses_read_only_documented_fields() {
    let d = definitions();
    let out = |a: &str| members(&d, &["actions", a, "output"]);
    let obj = |o: &str| members(&d, &["objects", o]);
    for (name, fields, documented) in [
        (
            "DescribeLiveDomainCertBindings",
            fields_of::<live::DescribeBindingsResponse>(),
            out(live::DESCRIBE_BINDINGS),
        ),
        (
            "LiveDomainCertBindings",
            fields_of::<live::Binding>(),
            obj("LiveDomainCertBindings"),
        ),
        (
            "DescribeLiveDomains",
            fields_of::<live::DescribeDomainsResponse>(),
            out(live::DESCRIBE_DOMAINS),
        ),
        ("DomainInfo", fields_of::<live::Domain>(), obj("DomainInfo")),
        (
            "DescribeLiveDomainCert",
            fields_of::<live::DescribeCertResponse>(),
            out(live::DESCRIBE_CERT),
        ),
        (
            "DomainCertInfo",
            fields_of::<live::DomainCertInfo>(),
            obj("DomainCertInfo"),
        ),
        (
            "ModifyLiveDomainCertBindings",
            fields_of::<live::ModifyBindingsResponse>(),
            out(live::MODIFY_BINDINGS),
        ),
        (
            "BatchDomainOperateErrors",
            fields_of::<live::DomainError>(),
            obj("BatchDomainOperateErrors"),
        ),
    ] {
        assert_documented(name, fields, &documented);
    }
    // What tclive reads as numbers is documented as a number.
    for (o, f) in [
        ("LiveDomainCertBindings", "Status"),
        ("DomainInfo", "Type"),
        ("DomainInfo", "Status"),
    ] {
        assert_eq!(type_of(&obj(o), f), "int", "{o}.{f}");
    }
    assert_eq!(type_of(&out(live::DESCRIBE_BINDINGS), "TotalNum"), "int");
    assert_eq!(type_of(&out(live::DESCRIBE_DOMAINS), "AllCount"), "int");
}

#[test]
fn every_error_code_tclive_acts_on_is_one_of_the_apis() {
    let d = definitions();
    let codes: Vec<&str> = d["error_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let known = |c: &str| codes.contains(&c);
    for c in live::LIVE.permission_denied {
        assert!(known(c), "permission code {c}");
    }
    for (c, _) in live::LIVE.account_states {
        assert!(known(c), "account code {c}");
    }
    // ServiceUnavailable is one of the common codes of every API, not of Live's own list.
    for c in live::LIVE
        .transient
        .iter()
        .filter(|c| **c != "ServiceUnavailable")
    {
        assert!(known(c), "transient code {c}");
    }
}

#[test]
fn the_documented_time_examples_parse_as_beijing_time() {
    let d = definitions();
    let mut seen = 0;
    for (object, members) in d["objects"].as_object().unwrap() {
        for m in members.as_array().unwrap() {
            let name = m["name"].as_str().unwrap();
            let Some(example) = m["example"].as_str().filter(|_| name.ends_with("Time")) else {
                continue;
            };
            let t = crate::clock::parse_api_time(example)
                .unwrap_or_else(|| panic!("{object}.{name}: example {example:?} does not parse"));
            // Beijing time, UTC+8: the UTC reading of the same digits is 8 hours later.
            let as_utc =
                crate::clock::parse_api_time(&format!("{}Z", example.replace(' ', "T"))).unwrap();
            assert_eq!(as_utc - t, 8 * 3600, "{object}.{name}: {example}");
            seen += 1;
        }
    }
    assert!(
        seen >= 4,
        "the examples of CertExpireTime, UpdateTime, CreateTime …: {seen}"
    );
}

#[test]
fn the_ssl_definitions_name_their_versions_and_actions() {
    let d = ssl_definitions();
    assert!(d["tccli"].as_str().is_some_and(|v| !v.is_empty()));
    assert!(d["error_codes"].as_array().unwrap().len() > 100);
    for action in [
        ssl::UPLOAD,
        ssl::DESCRIBE_CERTIFICATES,
        ssl::DELETE_CERTIFICATES,
        ssl::DESCRIBE_DELETE_TASKS,
        ssl::MUTE_EXPIRY,
    ] {
        assert!(d["actions"][action].is_object(), "{action} vendored");
    }
}

#[test]
fn ssl_requests_send_only_documented_parameters_of_the_documented_types() {
    let d = ssl_definitions();
    let cases = vec![
        (
            ssl::UPLOAD,
            serde_json::to_value(ssl::UploadRequest {
                certificate_public_key: "p",
                certificate_private_key: "k",
                certificate_type: ssl::CERTIFICATE_TYPE,
                alias: "a",
                certificate_use: ssl::CERTIFICATE_USE,
                repeatable: false,
            })
            .unwrap(),
        ),
        (
            ssl::DESCRIBE_CERTIFICATES,
            serde_json::to_value(ssl::DescribeCertificatesRequest {
                offset: 0,
                limit: 1,
                search_key: Some("a.example.com"),
                filter_source: Some("upload"),
                cert_ids: Some(&["abc".to_string()]),
            })
            .unwrap(),
        ),
        (
            ssl::DELETE_CERTIFICATES,
            serde_json::to_value(ssl::DeleteRequest {
                certificate_ids: &["abc".to_string()],
                is_sync: true,
            })
            .unwrap(),
        ),
        (
            ssl::DESCRIBE_DELETE_TASKS,
            serde_json::to_value(ssl::TasksRequest {
                task_ids: &["t".to_string()],
            })
            .unwrap(),
        ),
        (
            ssl::MUTE_EXPIRY,
            serde_json::to_value(ssl::MuteRequest {
                certificate_ids: &["abc".to_string()],
                switch_status: 1,
            })
            .unwrap(),
        ),
    ];
    assert_sent_as_documented(&d, cases);
    // The values sent are the documented ones.
    let upload = members(&d, &["actions", ssl::UPLOAD, "input"]);
    assert_eq!(type_of(&upload, "Repeatable"), "bool");
    let doc = |name: &str| {
        d["actions"][ssl::UPLOAD]["input"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap()["example"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(doc("CertificateType"), ssl::CERTIFICATE_TYPE);
    assert_eq!(type_of(&upload, "CertificateUse"), "string");
}

#[test]
fn ssl_responses_read_only_documented_fields() {
    let d = ssl_definitions();
    let out = |a: &str| members(&d, &["actions", a, "output"]);
    let object = |o: &str| members(&d, &["objects", o]);
    for (name, fields, documented) in [
        (
            "UploadCertificate",
            fields_of::<ssl::UploadResponse>(),
            out(ssl::UPLOAD),
        ),
        (
            "DescribeCertificates",
            fields_of::<ssl::DescribeCertificatesResponse>(),
            out(ssl::DESCRIBE_CERTIFICATES),
        ),
        (
            "Certificates",
            fields_of::<ssl::StoredCertificate>(),
            object("Certificates"),
        ),
        (
            "DeleteCertificates",
            fields_of::<ssl::DeleteResponse>(),
            out(ssl::DELETE_CERTIFICATES),
        ),
        (
            "BatchDeleteFail",
            fields_of::<ssl::DeleteFail>(),
            object("BatchDeleteFail"),
        ),
        (
            "CertTaskId",
            fields_of::<ssl::CertTask>(),
            object("CertTaskId"),
        ),
        (
            "DescribeDeleteCertificatesTaskResult",
            fields_of::<ssl::TasksResponse>(),
            out(ssl::DESCRIBE_DELETE_TASKS),
        ),
        (
            "DeleteTaskResult",
            fields_of::<ssl::TaskResult>(),
            object("DeleteTaskResult"),
        ),
        (
            "ModifyCertificatesExpiringNotificationSwitch",
            fields_of::<ssl::MuteResponse>(),
            out(ssl::MUTE_EXPIRY),
        ),
    ] {
        assert_documented(name, fields, &documented);
    }
    // The types read as documented: a count, lists of ids, a status number, a list of domains.
    assert_eq!(
        type_of(&out(ssl::DESCRIBE_CERTIFICATES), "TotalCount"),
        "int"
    );
    assert_eq!(type_of(&object("DeleteTaskResult"), "Status"), "int");
    assert_eq!(type_of(&object("DeleteTaskResult"), "Domains"), "list");
    assert_eq!(type_of(&object("Certificates"), "SubjectAltName"), "list");
    assert_eq!(type_of(&out(ssl::DELETE_CERTIFICATES), "Success"), "list");
}

#[test]
fn every_ssl_error_code_tclive_acts_on_is_one_of_the_apis() {
    let d = ssl_definitions();
    let codes: Vec<&str> = d["error_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in ssl::SSL.permission_denied {
        assert!(codes.contains(c), "permission code {c}");
    }
    for c in ssl::SSL
        .transient
        .iter()
        .filter(|c| **c != "ServiceUnavailable")
    {
        assert!(codes.contains(c), "transient code {c}");
    }
}
