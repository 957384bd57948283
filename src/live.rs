//! Request and response types of the Live API actions (serde, PascalCase), and the envelope.

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SERVICE: &str = "live";
pub const VERSION: &str = "2018-08-01";
pub const MODIFY_BINDINGS: &str = "ModifyLiveDomainCertBindings";

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
