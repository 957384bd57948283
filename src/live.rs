//! Request and response types of the Live API actions (serde, PascalCase), and the envelope.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SERVICE: &str = "live";
pub const VERSION: &str = "2018-08-01";
pub const MODIFY_BINDINGS: &str = "ModifyLiveDomainCertBindings";
pub const DESCRIBE_BINDINGS: &str = "DescribeLiveDomainCertBindings";
pub const DESCRIBE_DOMAINS: &str = "DescribeLiveDomains";
pub const DESCRIBE_CERT: &str = "DescribeLiveDomainCert";

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
    pub live_domain_cert_bindings: Option<Vec<Value>>,
    #[serde(default)]
    pub total_num: Option<u64>,
}

/// The fields of a binding that tclive reads.
#[derive(Debug, Default, Deserialize)]
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
    pub domain_list: Option<Vec<Value>>,
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
    pub mismatched_domain_names: Option<Vec<String>>,
    #[serde(default)]
    pub errors: Option<Vec<DomainError>>,
}

/// A well-formed API answer: the `Response` object as received (field order kept).
#[derive(Debug)]
pub struct Envelope {
    pub response: Value,
    pub request_id: String,
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

/// Parses an HTTP 200 body. `Err` carries why it is not the API's JSON envelope.
pub fn parse_envelope(body: &[u8]) -> Result<Answer, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        if e.is_eof() {
            "the answer is truncated JSON".to_string()
        } else {
            format!("the answer is not JSON ({e})")
        }
    })?;
    let Value::Object(mut top) = value else {
        return Err("the answer is JSON but not the API's envelope (no Response object)".into());
    };
    let Some(response @ Value::Object(_)) = top.remove("Response") else {
        return Err("the answer is JSON but not the API's envelope (no Response object)".into());
    };
    let request_id = response
        .get("RequestId")
        .and_then(Value::as_str)
        .unwrap_or("-")
        .to_string();
    if let Some(err) = response.get("Error") {
        let code = err
            .get("Code")
            .and_then(Value::as_str)
            .unwrap_or("UnknownError")
            .to_string();
        let message = err
            .get("Message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        return Ok(Answer::ApiError {
            envelope: Envelope {
                response,
                request_id,
            },
            code,
            message,
        });
    }
    Ok(Answer::Ok(Envelope {
        response,
        request_id,
    }))
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
