//! The envelope every answer of the API 3.0 comes in: `{"Response": {…, "RequestId": …}}`,
//! with `Response.Error` when the whole request was refused. Read without building the
//! answer in memory: the `Response` object is kept as received, as text.

use serde::Deserialize;
use serde_json::value::RawValue;

/// A well-formed API answer: the `Response` object as received, as text (field order and
/// every value kept, nothing built in memory but what tclive reads).
#[derive(Debug)]
pub struct Envelope {
    pub response: Box<RawValue>,
    /// None when the answer gives none.
    pub request_id: Option<String>,
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
    Refused {
        envelope: Envelope,
        code: String,
        message: String,
    },
}

/// The code of a refusal that gives none.
const UNKNOWN_CODE: &str = "UnknownError";

/// What the message of such a refusal says first.
const NO_CODE: &str = "the service answered an error without a code";

/// A string, or nothing when the value is of another type.
fn string_of(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(|r| serde_json::from_str::<String>(r.get()).ok())
}

/// Parses an HTTP 200 body. `Err` carries why it is not the API's JSON envelope.
pub fn parse(body: &[u8]) -> Result<Answer, String> {
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
    let request_id = string_of(head.request_id);
    let envelope = Envelope {
        response: response.to_owned(),
        request_id,
    };
    match head.error.filter(|e| e.get() != "null") {
        Some(err) => {
            let body: Option<ErrorBody<'_>> = serde_json::from_str(err.get()).ok();
            let message = string_of(body.as_ref().and_then(|b| b.message)).unwrap_or_default();
            // A refusal is one whatever its code says: one that is missing, of another type,
            // empty or only spaces (a broken or hostile server; found by fuzzing) is
            // `UnknownError`, and the message says that the service gave none.
            let (code, message) = match string_of(body.as_ref().and_then(|b| b.code)) {
                Some(code) if !code.trim().is_empty() => (code.trim().to_string(), message),
                _ => (
                    UNKNOWN_CODE.to_string(),
                    match message.trim() {
                        "" => NO_CODE.to_string(),
                        m => format!("{NO_CODE}: {m}"),
                    },
                ),
            };
            Ok(Answer::Refused {
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
    fn envelope_shapes() {
        assert!(matches!(
            parse(br#"{"Response":{"RequestId":"r"}}"#),
            Ok(Answer::Ok(e)) if e.request_id.as_deref() == Some("r")
        ));
        let both = br#"{"Response":{"Errors":[],"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#;
        assert!(matches!(parse(both), Ok(Answer::Refused { code, .. }) if code == "InternalError"));
        assert!(
            parse(br#"{"Response":{"Req"#)
                .unwrap_err()
                .contains("truncated")
        );
        assert!(parse(b"<html>").unwrap_err().contains("not JSON"));
        assert!(parse(br#"{"data":1}"#).unwrap_err().contains("envelope"));
        assert!(
            parse(br#"{"Response":[]}"#)
                .unwrap_err()
                .contains("envelope")
        );
        assert!(parse(b"[]").unwrap_err().contains("envelope"));
    }

    #[test]
    fn an_error_without_a_usable_code_is_an_unknown_error_never_a_success() {
        // Found by fuzzing (fuzz/regressions/api_envelope/): an empty Code was taken as the
        // refusal's code, and the error line began with `: `.
        for (error, message) in [
            (r#"{"Code":""}"#, NO_CODE.to_string()),
            (r#"{"Code":" \t\u00a0 "}"#, NO_CODE.to_string()),
            (r#"{"Message":"m"}"#, format!("{NO_CODE}: m")),
            (r#"{"Code":7,"Message":" m "}"#, format!("{NO_CODE}: m")),
            (r#"{"Code":null}"#, NO_CODE.to_string()),
            (r#"{}"#, NO_CODE.to_string()),
            (r#""down""#, NO_CODE.to_string()),
        ] {
            let body = format!(r#"{{"Response":{{"Error":{error},"RequestId":"r"}}}}"#);
            match parse(body.as_bytes()) {
                Ok(Answer::Refused {
                    code, message: m, ..
                }) => {
                    assert_eq!(code, UNKNOWN_CODE, "{error}");
                    assert_eq!(m, message, "{error}");
                }
                other => panic!("{error}: {other:?}"),
            }
        }
        assert!(matches!(
            parse(br#"{"Response":{"Error":{"Code":" InternalError ","Message":"m"}}}"#),
            Ok(Answer::Refused { code, message, .. }) if code == "InternalError" && message == "m"
        ));
    }
}
