//! TC3-HMAC-SHA256 request signing as pure functions: no I/O, no clock.
//!
//! Every stage is exposed so that tests can compare it with the vectors produced by the official
//! SDK (`tests/fixtures/tc3-vectors.json`).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "TC3-HMAC-SHA256";
pub const SIGNED_HEADERS: &str = "content-type;host";

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex SHA-256 of the body bytes exactly as sent.
pub fn payload_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// The UTC date (`YYYY-MM-DD`) of a unix timestamp. Never local time: a local date breaks signing
/// for hours every day in UTC+8.
pub fn utc_date(timestamp: i64) -> String {
    // Timestamps outside time's range cannot come from a real clock; clamp rather than panic.
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    date.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

pub fn canonical_request(content_type: &str, host: &str, payload_hash: &str) -> String {
    format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\n{SIGNED_HEADERS}\n{payload_hash}",
        content_type.trim().to_ascii_lowercase(),
        host.trim().to_ascii_lowercase(),
    )
}

pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/tc3_request")
}

pub fn string_to_sign(timestamp: i64, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{scope}\n{}",
        payload_hash(canonical_request.as_bytes())
    )
}

/// The three derived keys: kDate, kService, kSigning.
pub struct DerivedKeys {
    pub k_date: [u8; 32],
    pub k_service: [u8; 32],
    pub k_signing: [u8; 32],
}

pub fn derive_keys(secret_key: &str, date: &str, service: &str) -> DerivedKeys {
    let k_date = hmac(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, b"tc3_request");
    DerivedKeys {
        k_date,
        k_service,
        k_signing,
    }
}

pub fn signature(k_signing: &[u8; 32], string_to_sign: &str) -> String {
    hex::encode(hmac(k_signing, string_to_sign.as_bytes()))
}

pub fn authorization(secret_id: &str, scope: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
    )
}

/// What one request needs signed.
pub struct SigningInput<'a> {
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub service: &'a str,
    pub host: &'a str,
    pub content_type: &'a str,
    pub timestamp: i64,
    pub body: &'a [u8],
}

/// Every stage of a signature, for callers and for tests.
pub struct Signed {
    pub canonical_request: String,
    pub string_to_sign: String,
    pub signature: String,
    pub authorization: String,
}

pub fn sign(input: &SigningInput<'_>) -> Signed {
    let date = utc_date(input.timestamp);
    let scope = credential_scope(&date, input.service);
    let canonical_request =
        canonical_request(input.content_type, input.host, &payload_hash(input.body));
    let string_to_sign = string_to_sign(input.timestamp, &scope, &canonical_request);
    let keys = derive_keys(input.secret_key, &date, input.service);
    let signature = signature(&keys.k_signing, &string_to_sign);
    let authorization = authorization(input.secret_id, &scope, &signature);
    Signed {
        canonical_request,
        string_to_sign,
        signature,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_date_is_utc_not_local() {
        assert_eq!(utc_date(1_700_000_000), "2023-11-14");
        // 2024-01-01T23:59:59Z is already 2024-01-02 in Beijing; the signature wants the UTC day.
        assert_eq!(utc_date(1_704_153_599), "2024-01-01");
        assert_eq!(utc_date(1_704_153_600), "2024-01-02");
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
    }

    #[test]
    fn canonical_header_values_are_trimmed_and_lowercased() {
        let c = canonical_request(" Application/JSON ", "Live.TencentCloudAPI.com", "ab");
        assert_eq!(
            c,
            "POST\n/\n\ncontent-type:application/json\nhost:live.tencentcloudapi.com\n\ncontent-type;host\nab"
        );
    }
}
