//! The Live API (CSS) as tclive uses it: the product ([`LIVE`]), its actions' request and
//! response types (serde, PascalCase) and the codes it acts on.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::cloud::Product;
use crate::cloud::fields::{ApiTime, Capped, Entry, Field, NOT_AN_ENTRY};

pub const MODIFY_BINDINGS: &str = "ModifyLiveDomainCertBindings";
pub const DESCRIBE_BINDINGS: &str = "DescribeLiveDomainCertBindings";
pub const DESCRIBE_DOMAINS: &str = "DescribeLiveDomains";
pub const DESCRIBE_CERT: &str = "DescribeLiveDomainCert";
pub const UNBIND: &str = "UnBindLiveDomainCert";

/// Live (CSS), version 2018-08-01.
pub static LIVE: Product = Product {
    name: "Live",
    service: "live",
    version: "2018-08-01",
    host: "live.tencentcloudapi.com",
    intl_host: "live.intl.tencentcloudapi.com",
    endpoint_var: "TCLIVE_ENDPOINT",
    transient: &TRANSIENT,
    account_states: &ACCOUNT_STATES,
    permission_denied: &PERMISSION_DENIED,
    per_second: 20,
    opaque: false,
};

/// The codes that mean "CAM does not allow this" (errorcodes.py of the official SDK has all
/// three for these actions).
pub const PERMISSION_DENIED: [&str; 3] = [
    "UnauthorizedOperation",
    "AuthFailure.UnauthorizedOperation",
    "FailedOperation.AuthError",
];

/// The account-level codes of errorcodes.py and what each says of the account's Live service:
/// they are about the account, not the request, so no read or bind can succeed.
pub const ACCOUNT_STATES: [(&str, &str); 7] = [
    (
        "ResourceNotFound.FreezeService",
        "the Live service of this account is frozen",
    ),
    (
        "ResourceNotFound.StopService",
        "the Live service of this account is suspended (stopped for arrears?)",
    ),
    (
        "FailedOperation.OutOfService",
        "the Live service of this account is suspended (stopped for arrears?)",
    ),
    (
        "ResourceNotFound.ForbidService",
        "the Live service of this account is disabled",
    ),
    (
        "ResourceNotFound.UserDisableService",
        "the Live service of this account was switched off by its owner",
    ),
    (
        "ResourceNotFound.UserNotExist",
        "this account has not activated the Live service",
    ),
    (
        "ResourceNotFound.UserNotFount",
        "this account has not activated the Live service",
    ),
];

/// Codes the SDK lists as transient for these actions ("CA system busy", database and
/// network errors inside the service): worth another attempt where retrying is safe.
pub const TRANSIENT: [&str; 6] = [
    "InternalError",
    "ServiceUnavailable",
    "FailedOperation.NetworkError",
    "InternalError.NetworkError",
    "InternalError.DBError",
    "InternalError.ConnectDbError",
];

/// `UnBindLiveDomainCert` request: `Type` is `formal` or `gray`. The answer is a RequestId.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UnbindRequest<'a> {
    pub domain_name: &'a str,
    #[serde(rename = "Type")]
    pub rule: &'a str,
}

/// `DescribeLiveDomainCert` request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertRequest<'a> {
    pub domain_name: &'a str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertResponse {
    #[serde(default)]
    pub domain_cert_info: Option<DomainCertInfo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainCertInfo {
    /// The bound certificate chain, PEM.
    #[serde(default)]
    pub https_crt: Field<String>,
}

/// `DescribeLiveDomainCertBindings` request (one page).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBindingsRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_search: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<&'a str>,
    pub offset: u64,
    pub length: u64,
    pub order_by: &'a str,
}

/// One page of bindings; the objects are kept as received for `-o json`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBindingsResponse {
    #[serde(default)]
    pub live_domain_cert_bindings: Option<Capped<Box<RawValue>>>,
    #[serde(default)]
    pub total_num: Option<u64>,
}

/// The fields of a binding that tclive reads, each read on its own (see [`Field`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Binding {
    #[serde(default)]
    pub domain_name: Field<String>,
    #[serde(default)]
    pub certificate_alias: Field<String>,
    #[serde(default)]
    pub status: Field<i64>,
    #[serde(default)]
    pub cert_expire_time: Field<ApiTime>,
    #[serde(default)]
    pub cloud_cert_id: Field<String>,
    #[serde(default)]
    pub update_time: Field<ApiTime>,
    /// The entry as a whole could not be read (not an object, or a field given twice): every
    /// field is unreadable.
    #[serde(skip)]
    pub unreadable: bool,
}

impl Entry for Binding {
    fn unreadable() -> Self {
        Binding {
            domain_name: Field::Unreadable,
            certificate_alias: Field::Unreadable,
            status: Field::Unreadable,
            cert_expire_time: Field::Unreadable,
            cloud_cert_id: Field::Unreadable,
            update_time: Field::Unreadable,
            unreadable: true,
        }
    }
    fn name(&self) -> Option<&str> {
        self.domain_name.value().map(String::as_str)
    }
    fn problems(&self) -> Option<String> {
        if self.unreadable {
            return Some(NOT_AN_ENTRY.into());
        }
        let mut what: Vec<&str> = [
            ("DomainName", self.domain_name.is_unreadable()),
            ("CertificateAlias", self.certificate_alias.is_unreadable()),
            ("Status", self.status.is_unreadable()),
            ("CertExpireTime", self.cert_expire_time.is_unreadable()),
            ("CloudCertId", self.cloud_cert_id.is_unreadable()),
            ("UpdateTime", self.update_time.is_unreadable()),
        ]
        .into_iter()
        .filter_map(|(name, bad)| bad.then_some(name))
        .collect();
        // A binding is known by its domain and always has a certificate, so an expiry:
        // without them, it cannot be told or judged.
        if self.domain_name == Field::Absent {
            what.insert(0, "no DomainName");
        }
        if self.cert_expire_time == Field::Absent {
            what.push("no CertExpireTime");
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

/// `DescribeLiveDomains` request (one page).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDomainsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_status: Option<u8>,
    pub page_size: u64,
    pub page_num: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDomainsResponse {
    #[serde(default)]
    pub all_count: Option<u64>,
    #[serde(default)]
    pub domain_list: Option<Capped<Box<RawValue>>>,
}

/// The fields of a Live domain that tclive reads, each read on its own (see [`Field`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Domain {
    #[serde(default)]
    pub name: Field<String>,
    #[serde(default, rename = "Type")]
    pub kind: Field<i64>,
    #[serde(default)]
    pub status: Field<i64>,
    #[serde(default)]
    pub create_time: Field<ApiTime>,
    /// The entry as a whole could not be read: every field is unreadable.
    #[serde(skip)]
    pub unreadable: bool,
}

impl Entry for Domain {
    fn unreadable() -> Self {
        Domain {
            name: Field::Unreadable,
            kind: Field::Unreadable,
            status: Field::Unreadable,
            create_time: Field::Unreadable,
            unreadable: true,
        }
    }
    fn name(&self) -> Option<&str> {
        self.name.value().map(String::as_str)
    }
    fn problems(&self) -> Option<String> {
        if self.unreadable {
            return Some(NOT_AN_ENTRY.into());
        }
        let mut what: Vec<&str> = [
            ("Name", self.name.is_unreadable()),
            ("Type", self.kind.is_unreadable()),
            ("Status", self.status.is_unreadable()),
            ("CreateTime", self.create_time.is_unreadable()),
        ]
        .into_iter()
        .filter_map(|(name, bad)| bad.then_some(name))
        .collect();
        if self.name == Field::Absent {
            what.insert(0, "no Name");
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainInfo<'a> {
    pub domain_name: &'a str,
    pub status: i8,
}

/// The largest answer to a change request for `domains` domains: 1 MiB, plus 1 KiB for each
/// domain (an error entry per domain with its code and message takes about 150 bytes).
pub fn change_answer_limit(domains: usize) -> usize {
    (1024 * 1024usize).saturating_add(domains.saturating_mul(1024))
}

/// `ModifyLiveDomainCertBindings` request, fields in the order of the action's documentation.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyBindingsRequest<'a> {
    pub domain_infos: Vec<DomainInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_cert_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_public_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_private_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_alias: Option<&'a str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainError {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub domain_name: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_text")]
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyBindingsResponse {
    #[serde(default, deserialize_with = "crate::cloud::fields::lossy_names")]
    pub mismatched_domain_names: Option<Capped<String>>,
    #[serde(default)]
    pub errors: Option<Capped<DomainError>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::fields::text;

    #[test]
    fn body_serialises_in_documented_order_without_absent_fields() {
        let req = ModifyBindingsRequest {
            domain_infos: vec![DomainInfo {
                domain_name: "a.com",
                status: -1,
            }],
            cloud_cert_id: Some("abc"),
            certificate_public_key: None,
            certificate_private_key: None,
            certificate_alias: None,
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"DomainInfos":[{"DomainName":"a.com","Status":-1}],"CloudCertId":"abc"}"#
        );
    }

    #[test]
    fn an_entry_is_read_field_by_field_and_its_strings_lossily() {
        let b = Binding::read(
            r#"{"DomainName":"a\ud800b.example.com","CertificateAlias":"x\udc00\ud83d\ude00","Status":"1","CertExpireTime":"2026-12-01 03:00:00","UpdateTime":"0000-00-00 00:00:00","CloudCertId":null}"#,
        );
        assert_eq!(b.name(), Some("a\u{fffd}b.example.com"));
        assert_eq!(b.certificate_alias.value().unwrap(), "x\u{fffd}\u{1f600}");
        assert_eq!(b.status, Field::Unreadable);
        assert_eq!(b.cert_expire_time, Field::Value(ApiTime(1_796_065_200)));
        assert_eq!(b.update_time, Field::Absent, "the API's zero date is none");
        assert_eq!(b.cloud_cert_id, Field::Absent);
        assert_eq!(b.problems().as_deref(), Some("Status"));
        for raw in [
            "42",
            "[]",
            r#"["a.example.com"]"#,
            r#"{"Status":1,"Status":0}"#,
        ] {
            let b = Binding::read(raw);
            assert!(b.unreadable, "{raw}");
            assert_eq!(b.name(), None);
            assert_eq!(b.problems().as_deref(), Some(NOT_AN_ENTRY));
        }
        let b = Binding::read(r#"{"DomainName":"a.example.com","CertExpireTime":"soon"}"#);
        assert_eq!(b.problems().as_deref(), Some("CertExpireTime"));
        // In the year -1 once in UTC: unreadable, a problem of the entry (found by fuzzing).
        let b = Binding::read(
            r#"{"DomainName":"a.example.com","CertExpireTime":"0000-01-01 00:00:00"}"#,
        );
        assert_eq!(b.problems().as_deref(), Some("CertExpireTime"));
        let b = Binding::read(r#"{"DomainName":"a.example.com","CertExpireTime":""}"#);
        assert_eq!(b.problems().as_deref(), Some("no CertExpireTime"));
        let b = Binding::read(r#"{"Status":"on"}"#);
        assert_eq!(
            b.problems().as_deref(),
            Some("no DomainName, Status, no CertExpireTime")
        );
        let d = Domain::read(r#"{"Type":1,"Status":1}"#);
        assert_eq!(d.problems().as_deref(), Some("no Name"));
        assert_eq!(text(r#""plain""#).as_deref(), Some("plain"));
        assert_eq!(text("7"), None);
        assert_eq!(text("[1]"), None);
    }

    #[test]
    fn a_bind_answer_with_a_lone_surrogate_or_an_odd_type_is_still_read() {
        let r: ModifyBindingsResponse = serde_json::from_str(
            r#"{"MismatchedDomainNames":["m\ud800.com",7],"Errors":[{"DomainName":"b.com","Code":12,"Message":"no \udfff"}]}"#,
        )
        .unwrap();
        let m: Vec<&str> = r
            .mismatched_domain_names
            .as_deref()
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(m, ["m\u{fffd}.com", "?"]);
        let e = &r.errors.as_deref().unwrap()[0];
        assert_eq!(e.code.as_deref(), Some("?"));
        assert_eq!(e.message.as_deref(), Some("no \u{fffd}"));
    }
}
