//! A request of the API 3.0, described without any I/O: where it goes and the options every
//! request of a product carries ([`CallOptions`]), its headers, its body (which may hold a
//! private key: zeroed on drop, never shown), and how it is shown by `--dry-run` and `-v`.

use std::time::Duration;

use crate::cloud::Product;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::secret::mask_id;

pub const CONTENT_TYPE: &str = "application/json";

/// The largest answer to a read (one page of at most 100 items, or one certificate): real ones
/// are tens of KiB. Reading stops past this.
pub const MAX_READ_ANSWER_BYTES: usize = 4 * 1024 * 1024;

pub fn request_client() -> String {
    format!("TCLIVE_{}", env!("CARGO_PKG_VERSION"))
}

/// Where a product's requests go and what every one of them carries: everything about a call
/// but its action, its body, the keys and the clock.
#[derive(Debug, Clone)]
pub struct CallOptions {
    pub product: &'static Product,
    pub endpoint: Endpoint,
    /// `X-TC-Region`, sent only when set.
    pub region: Option<String>,
    /// `X-TC-Language`, sent only when set (Live's messages in the user's language; STS is
    /// asked as the SDK asks it, without).
    pub language: Option<&'static str>,
    /// For each attempt.
    pub timeout: Duration,
}

/// A request ready to be signed and sent. `body` may hold a private key: it is only ever sent
/// and never shown; `display_body` is what dry-run and verbose print.
pub struct Prepared {
    pub body: zeroize::Zeroizing<Vec<u8>>,
    pub display_body: serde_json::Value,
    /// The largest answer this request can need; reading stops past it.
    pub answer_limit: usize,
}

impl Prepared {
    /// A request without secrets: what is sent is what is shown.
    pub fn plain<T: serde::Serialize>(req: &T) -> Result<Self, Error> {
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        let display_body = serde_json::to_value(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        Ok(Prepared {
            body: zeroize::Zeroizing::new(body),
            display_body,
            answer_limit: MAX_READ_ANSWER_BYTES,
        })
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("body", &"[redacted]")
            .field("display_body", &self.display_body)
            .finish()
    }
}

/// The headers of a request, in the order they are sent, without `Authorization`.
pub fn headers(
    o: &CallOptions,
    action: &str,
    timestamp: i64,
    token: Option<&str>,
    request_client: &str,
) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("Host", o.endpoint.host.clone()),
        ("Content-Type", CONTENT_TYPE.to_string()),
        ("X-TC-Action", action.to_string()),
        ("X-TC-Version", o.product.version.to_string()),
        ("X-TC-Timestamp", timestamp.to_string()),
    ];
    if let Some(language) = o.language {
        h.push(("X-TC-Language", language.to_string()));
    }
    h.push(("X-TC-RequestClient", request_client.to_string()));
    if let Some(region) = o.region.as_deref().filter(|r| !r.is_empty()) {
        h.push(("X-TC-Region", region.to_string()));
    }
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        h.push(("X-TC-Token", token.to_string()));
    }
    h
}

/// Renders a request for people: dry-run (no Authorization) and verbose (redacted).
pub fn render_request(
    o: &CallOptions,
    headers: &[(&str, String)],
    display_body: &serde_json::Value,
    prefix: &str,
) -> String {
    let mut out = format!("{prefix}POST {}\n", o.endpoint.url);
    for (k, v) in headers {
        out.push_str(&format!("{prefix}{k}: {v}\n"));
    }
    out.push_str(prefix.trim_end());
    out.push('\n');
    out.push_str(&serde_json::to_string_pretty(display_body).unwrap_or_default());
    out.push('\n');
    out
}

/// The headers as verbose shows them: token and signature redacted, SecretId masked.
pub(crate) fn redacted(
    headers: &[(&'static str, String)],
    secret_id: &str,
) -> Vec<(&'static str, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = match *k {
                "X-TC-Token" => "[redacted]".to_string(),
                "Authorization" => {
                    let v = v.replace(secret_id, &mask_id(secret_id));
                    match v.find("Signature=") {
                        Some(i) => format!("{}Signature=[redacted]", &v[..i]),
                        None => v,
                    }
                }
                _ => v.clone(),
            };
            (*k, v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_id_and_hides_signature_and_token() {
        let h = vec![
            ("X-TC-Token", "tok".to_string()),
            (
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEEXAMPLE123/2023-11-14/live/tc3_request, SignedHeaders=content-type;host, Signature=abcdef".to_string(),
            ),
        ];
        let r = redacted(&h, "AKIDEXAMPLEEXAMPLE123");
        assert_eq!(r[0].1, "[redacted]");
        assert_eq!(
            r[1].1,
            "TC3-HMAC-SHA256 Credential=AKID*************E123/2023-11-14/live/tc3_request, SignedHeaders=content-type;host, Signature=[redacted]"
        );
    }
}
