//! Local certificate checks: pure functions from the loaded PEM, the domains and "now" to a
//! report of pass / warn / fail checks and a summary. Used by `cert check` and, before anything
//! is sent, by `cert bind --cert/--key`. The chain, the keys and the names each have a module.

mod chain;
mod keys;
mod names;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

use crate::cert::{CertPem, KeyPem};
use crate::clock::utc;
use chain::chain;
pub(crate) use chain::is_self_signed;
pub use keys::{KeyInfo, KeyType};
use keys::{key_match, key_strength, spki_info};
pub use names::{NameIndex, covers, leaf_names};
use names::{name_check, valid_for};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Check {
    pub id: &'static str,
    pub status: Status,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub subject: String,
    pub names: Vec<String>,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    pub days_left: i64,
    pub key_type: String,
    pub key_bits: u32,
    pub sha256_fingerprint: String,
    /// Certificates after the leaf, as they will be sent.
    pub chain_certificates: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub summary: Option<Summary>,
    pub checks: Vec<Check>,
    /// Indexes (file order) of the certificates to send: leaf first, then issuer order.
    #[serde(skip)]
    pub send_order: Vec<usize>,
}

impl Report {
    pub fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Fail)
    }
    pub fn warned(&self) -> bool {
        self.checks.iter().any(|c| c.status == Status::Warn)
    }
    pub fn with_status(&self, s: Status) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.status == s)
    }
}

/// Days of validity under which a certificate draws a warning.
pub const DEFAULT_MIN_DAYS: i64 = 14;

pub struct Input<'a> {
    pub cert: &'a CertPem,
    pub key: Option<&'a KeyPem>,
    /// Normalised domain names (as `domain::normalize` gives them).
    pub domains: &'a [String],
    pub now: OffsetDateTime,
    pub min_days: i64,
}

impl Check {
    /// A check's detail quotes the certificate and the user's names: made printable here,
    /// once, for every place it is shown (reports, pre-flight warnings and errors).
    pub(crate) fn new(id: &'static str, status: Status, detail: impl Into<String>) -> Check {
        Check {
            id,
            status,
            detail: crate::text::printable(&detail.into()),
        }
    }
}

/// Runs every check. Never panics on any input: unparsable parts become failed checks.
pub fn run(input: &Input<'_>) -> Report {
    let mut checks = Vec::new();
    let mut parsed = Vec::new();
    for (i, der) in input.cert.ders().iter().enumerate() {
        match X509Certificate::from_der(der) {
            Ok((_, c)) => parsed.push(c),
            Err(_) => {
                checks.push(Check::new(
                    "pem",
                    Status::Fail,
                    format!(
                        "certificate #{} in the file is not a valid X.509 certificate",
                        i + 1
                    ),
                ));
                return Report {
                    summary: None,
                    checks,
                    send_order: (0..input.cert.ders().len()).collect(),
                };
            }
        }
    }
    let n = parsed.len();
    checks.push(Check::new(
        "pem",
        Status::Pass,
        format!(
            "{n} certificate{} in the file",
            if n == 1 { "" } else { "s" }
        ),
    ));

    let (send_order, chain_checks) = chain(&parsed);
    let leaf = &parsed[send_order[0]];

    let key_info = spki_info(leaf);
    checks.push(key_strength(&key_info));
    if let Some(key) = input.key {
        checks.push(key_match(key, &key_info));
    }
    checks.push(validity(leaf, input.now, input.min_days));
    checks.extend(chain_checks);
    let names = leaf_names(leaf);
    let index = NameIndex::new(&names);
    let quoted = valid_for(&names);
    for d in input.domains {
        checks.push(name_check(d, &index, &quoted));
    }

    let ts = |t: &x509_parser::time::ASN1Time| utc(t.timestamp());
    let not_after = leaf.validity().not_after.timestamp();
    let summary = Summary {
        subject: leaf.subject().to_string(),
        names,
        issuer: leaf.issuer().to_string(),
        not_before: ts(&leaf.validity().not_before),
        not_after: ts(&leaf.validity().not_after),
        days_left: (not_after - input.now.unix_timestamp()).div_euclid(86_400),
        key_type: key_info.label(),
        key_bits: key_info.bits,
        sha256_fingerprint: fingerprint(&input.cert.ders()[send_order[0]]),
        chain_certificates: send_order.len() - 1,
    };
    Report {
        summary: Some(summary),
        checks,
        send_order,
    }
}

/// The names (subjectAltName DNS names, else the CN) of the file's first certificate.
pub fn first_names(cert: &CertPem) -> Vec<String> {
    cert.ders()
        .first()
        .and_then(|der| leaf_summary(der))
        .map(|(names, _)| names)
        .unwrap_or_default()
}

/// A certificate's names (as [`first_names`]) and not-after (UTC, as [`utc`] writes it), from
/// one parse; None when it is not X.509.
pub fn leaf_summary(der: &[u8]) -> Option<(Vec<String>, String)> {
    X509Certificate::from_der(der)
        .ok()
        .map(|(_, c)| (leaf_names(&c), utc(c.validity().not_after.timestamp())))
}

/// A certificate's not-after, UTC, as [`utc`] writes it.
pub fn not_after(der: &[u8]) -> Option<String> {
    X509Certificate::from_der(der)
        .ok()
        .map(|(_, c)| utc(c.validity().not_after.timestamp()))
}

/// SHA-256 of a certificate's DER: `sha256:` and 64 lower-case hex digits, the one form
/// tclive writes a fingerprint in (tables show [`short_fingerprint`]).
pub fn fingerprint(der: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(der)))
}

/// A fingerprint as tables show it: its first 16 hex digits (`sha256:b9bc1f2e3d4c5b6a`), as
/// `ssh` shortens keys; tsv, json and `cert check` carry the whole one.
pub fn short_fingerprint(fingerprint: &str) -> String {
    match fingerprint.strip_prefix("sha256:") {
        Some(hex) if hex.len() > 16 && hex.is_ascii() => format!("sha256:{}", &hex[..16]),
        _ => fingerprint.to_string(),
    }
}

pub(super) fn validity(leaf: &X509Certificate<'_>, now: OffsetDateTime, min_days: i64) -> Check {
    let now = now.unix_timestamp();
    let nb = leaf.validity().not_before.timestamp();
    let na = leaf.validity().not_after.timestamp();
    if now < nb {
        return Check::new(
            "validity",
            Status::Fail,
            format!(
                "not valid yet: valid from {} (check this machine's clock)",
                utc(nb)
            ),
        );
    }
    if now > na {
        let ago = (now - na).div_euclid(86_400);
        return Check::new(
            "validity",
            Status::Fail,
            format!("expired on {} ({ago} days ago): renew it", utc(na)),
        );
    }
    let left = (na - now).div_euclid(86_400);
    if left < min_days {
        return Check::new(
            "validity",
            Status::Warn,
            format!(
                "expires on {} ({left} days left, under --min-days {min_days})",
                utc(na)
            ),
        );
    }
    Check::new(
        "validity",
        Status::Pass,
        format!("valid until {} ({left} days left)", utc(na)),
    )
}

#[cfg(test)]
mod properties_tests;
#[cfg(test)]
mod rules_tests;

#[cfg(test)]
mod tests {
    use super::keys::{bit_len, strip_zeros};
    use super::*;

    #[test]
    fn wildcard_rules() {
        assert!(covers("*.example.com", "a.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("f*.example.com", "foo.example.com"));
        assert!(!covers("*foo.example.com", "afoo.example.com"));
        assert!(!covers("*.*.example.com", "a.b.example.com"));
        assert!(covers("*.example.com", "*.example.com"));
        assert!(!covers("*.example.com", "*.a.example.com"));
        assert!(covers("a.example.com", "a.example.com"));
        assert!(!covers("a.example.com", "b.example.com"));
    }

    #[test]
    fn bit_lengths() {
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&[0x01, 0]), 9);
        assert_eq!(bit_len(&strip_zeros(&[0, 0, 0xff])), 8);
        assert_eq!(bit_len(&[]), 0);
    }
}
