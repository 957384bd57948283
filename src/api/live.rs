//! Request and response types of the Live API actions (serde, PascalCase), and the envelope.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub const SERVICE: &str = "live";
pub const VERSION: &str = "2018-08-01";
pub const MODIFY_BINDINGS: &str = "ModifyLiveDomainCertBindings";
pub const DESCRIBE_BINDINGS: &str = "DescribeLiveDomainCertBindings";
pub const DESCRIBE_DOMAINS: &str = "DescribeLiveDomains";
pub const DESCRIBE_CERT: &str = "DescribeLiveDomainCert";

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

/// What `code` says of the account, when it is one of [`ACCOUNT_STATES`].
pub fn account_problem(code: &str) -> Option<&'static str> {
    ACCOUNT_STATES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, what)| *what)
}

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
    /// The bound certificate, PEM.
    #[serde(default)]
    pub https_crt: Option<String>,
    #[serde(default)]
    pub cloud_cert_id: Option<String>,
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

/// The fields of a binding that tclive reads.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Binding {
    #[serde(default)]
    pub domain_name: String,
    #[serde(default)]
    pub certificate_alias: Option<String>,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub cert_expire_time: Option<String>,
    #[serde(default)]
    pub cloud_cert_id: Option<String>,
    #[serde(default)]
    pub update_time: Option<String>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Domain {
    #[serde(default)]
    pub name: String,
    #[serde(default, rename = "Type")]
    pub kind: Option<i64>,
    #[serde(default)]
    pub status: Option<i64>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default)]
    pub play_type: Option<i64>,
}

/// The API's times: `2024-04-17 11:55:21` is Beijing time (UTC+8) with no offset written;
/// `2018-11-30T15:50:12Z` is UTC. Returns unix seconds.
/// The API's HTTPS `Status` (1 on, 0 off) as tclive shows it; `-` when absent or unknown.
pub fn https_word(status: Option<i64>) -> &'static str {
    match status {
        Some(1) => "on",
        Some(0) => "off",
        _ => "-",
    }
}

pub fn parse_api_time(s: &str) -> Option<i64> {
    use time::macros::format_description;
    let s = s.trim();
    if let Some(utc) = s.strip_suffix('Z') {
        let fmt = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let t = time::PrimitiveDateTime::parse(utc, fmt).ok()?;
        return Some(t.assume_utc().unix_timestamp());
    }
    let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let t = time::PrimitiveDateTime::parse(s, fmt).ok()?;
    Some(t.assume_offset(time::macros::offset!(+8)).unix_timestamp())
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainInfo<'a> {
    pub domain_name: &'a str,
    pub status: i8,
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
    #[serde(default)]
    pub domain_name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyBindingsResponse {
    #[serde(default)]
    pub mismatched_domain_names: Option<Capped<String>>,
    #[serde(default)]
    pub errors: Option<Capped<DomainError>>,
}

/// The most entries tclive accepts in any one list of an answer. Real answers list at most
/// a page of items, or one entry per domain of the request; past this an answer is hostile or
/// broken, and reading on would only cost memory.
pub const MAX_LIST_ENTRIES: usize = 200_000;

/// A list from an answer, refused when longer than [`MAX_LIST_ENTRIES`]: counted while it is
/// read, so a hostile answer cannot make tclive allocate for millions of entries.
#[derive(Debug)]
pub struct Capped<T>(pub Vec<T>);

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped(Vec::new())
    }
}

impl<T> From<Vec<T>> for Capped<T> {
    fn from(v: Vec<T>) -> Self {
        Capped(v)
    }
}

impl<T> FromIterator<T> for Capped<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Capped(iter.into_iter().collect())
    }
}

impl<T> std::ops::Deref for Capped<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Capped<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Seq<T> {
            type Value = Capped<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(x) = seq.next_element()? {
                    if v.len() == MAX_LIST_ENTRIES {
                        return Err(serde::de::Error::custom(format!(
                            "a list with more than {MAX_LIST_ENTRIES} entries"
                        )));
                    }
                    v.push(x);
                }
                Ok(Capped(v))
            }
        }
        d.deserialize_seq(Seq(std::marker::PhantomData))
    }
}

/// A well-formed API answer: the `Response` object as received, as text (field order and
/// every value kept, nothing built in memory but what tclive reads).
#[derive(Debug)]
pub struct Envelope {
    pub response: Box<RawValue>,
    pub request_id: String,
}

impl Envelope {
    /// The action's fields, read from the `Response` object.
    pub fn fields<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.response.get())
    }
}

/// What a body can turn out to be.
#[derive(Debug)]
pub enum Answer {
    Ok(Envelope),
    /// `Response.Error`: the whole request was refused. It wins over any results beside it.
    ApiError {
        envelope: Envelope,
        code: String,
        message: String,
    },
}

/// A string, or nothing when the value is of another type.
fn string_of(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(|r| serde_json::from_str::<String>(r.get()).ok())
}

/// Parses an HTTP 200 body. `Err` carries why it is not the API's JSON envelope.
pub fn parse_envelope(body: &[u8]) -> Result<Answer, String> {
    const NOT_ENVELOPE: &str = "the answer is JSON but not the API's envelope (no Response object)";
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(rename = "Response", borrow, default)]
        response: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(rename = "RequestId", borrow, default)]
        request_id: Option<&'a RawValue>,
        #[serde(rename = "Error", borrow, default)]
        error: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct ErrorBody<'a> {
        #[serde(rename = "Code", borrow, default)]
        code: Option<&'a RawValue>,
        #[serde(rename = "Message", borrow, default)]
        message: Option<&'a RawValue>,
    }
    let text = std::str::from_utf8(body).map_err(|_| "the answer is not UTF-8 text".to_string())?;
    let top: Top<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            "the answer is truncated JSON".to_string()
        } else if e.is_data() {
            NOT_ENVELOPE.to_string()
        } else {
            format!("the answer is not JSON ({e})")
        }
    })?;
    let response = top
        .response
        .filter(|r| r.get().starts_with('{'))
        .ok_or_else(|| NOT_ENVELOPE.to_string())?;
    let head: Head<'_> =
        serde_json::from_str(response.get()).map_err(|_| NOT_ENVELOPE.to_string())?;
    let request_id = string_of(head.request_id).unwrap_or_else(|| "-".into());
    let envelope = Envelope {
        response: response.to_owned(),
        request_id,
    };
    match head.error.filter(|e| e.get() != "null") {
        Some(err) => {
            let body: Option<ErrorBody<'_>> = serde_json::from_str(err.get()).ok();
            let code = string_of(body.as_ref().and_then(|b| b.code))
                .unwrap_or_else(|| "UnknownError".into());
            let message = string_of(body.as_ref().and_then(|b| b.message)).unwrap_or_default();
            Ok(Answer::ApiError {
                envelope,
                code,
                message,
            })
        }
        None => Ok(Answer::Ok(envelope)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn beijing_time_across_a_date_boundary() {
        // 03:00 on 1 December in Beijing is 19:00 on 30 November in UTC.
        let t = parse_api_time("2026-12-01 03:00:00").unwrap();
        assert_eq!(crate::check::utc(t), "2026-11-30T19:00:00Z");
        let t = parse_api_time("2018-11-30T15:50:12Z").unwrap();
        assert_eq!(crate::check::utc(t), "2018-11-30T15:50:12Z");
        assert_eq!(parse_api_time("0000-00-00 00:00:00"), None);
        assert_eq!(parse_api_time(""), None);
        assert_eq!(parse_api_time("yesterday"), None);
    }

    #[test]
    fn envelope_shapes() {
        assert!(matches!(
            parse_envelope(br#"{"Response":{"RequestId":"r"}}"#),
            Ok(Answer::Ok(e)) if e.request_id == "r"
        ));
        let both = br#"{"Response":{"Errors":[],"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#;
        assert!(
            matches!(parse_envelope(both), Ok(Answer::ApiError { code, .. }) if code == "InternalError")
        );
        assert!(
            parse_envelope(br#"{"Response":{"Req"#)
                .unwrap_err()
                .contains("truncated")
        );
        assert!(parse_envelope(b"<html>").unwrap_err().contains("not JSON"));
        assert!(
            parse_envelope(br#"{"data":1}"#)
                .unwrap_err()
                .contains("envelope")
        );
        assert!(
            parse_envelope(br#"{"Response":[]}"#)
                .unwrap_err()
                .contains("envelope")
        );
        assert!(parse_envelope(b"[]").unwrap_err().contains("envelope"));
    }
}
