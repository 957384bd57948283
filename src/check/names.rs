//! Names: the leaf's DNS names and whether they cover a domain (RFC 6125 wildcards).

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;

use super::{Check, Status, check};

/// The names the leaf is valid for: subjectAltName DNS names, or the common names when the
/// certificate has no subjectAltName extension. Lower-cased, internationalised names in
/// `xn--` form.
pub fn leaf_names(leaf: &X509Certificate<'_>) -> Vec<String> {
    let norm = |s: &str| {
        let s = s.trim().trim_end_matches('.').to_ascii_lowercase();
        if s.is_ascii() {
            s
        } else {
            match s.strip_prefix("*.") {
                Some(rest) => idna::domain_to_ascii(rest)
                    .map(|a| format!("*.{a}"))
                    .unwrap_or(s.clone()),
                None => idna::domain_to_ascii(&s).unwrap_or(s.clone()),
            }
        }
    };
    match leaf.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|g| match g {
                GeneralName::DNSName(d) => Some(norm(d)),
                _ => None,
            })
            .collect(),
        _ => leaf
            .subject()
            .iter_common_name()
            .filter_map(|cn| cn.as_str().ok().map(norm))
            .collect(),
    }
}

/// RFC 6125: `*.example.com` covers exactly one whole label (`a.example.com`), never
/// `example.com` or `a.b.example.com`; partial-label wildcards (`f*.example.com`) cover nothing.
pub fn covers(pattern: &str, domain: &str) -> bool {
    if pattern == domain {
        return true;
    }
    let Some(rest) = pattern.strip_prefix("*.") else {
        return false;
    };
    if rest.contains('*') || domain.starts_with("*.") {
        return false;
    }
    match domain.split_once('.') {
        Some((first, tail)) => !first.is_empty() && tail == rest,
        None => false,
    }
}

pub(super) fn name_check(domain: &str, names: &[String]) -> Check {
    match names.iter().find(|n| covers(n, domain)) {
        Some(n) if n == domain => check(
            "name",
            Status::Pass,
            format!("{domain} is in the certificate"),
        ),
        Some(n) => check("name", Status::Pass, format!("{domain} is covered by {n}")),
        None => check(
            "name",
            Status::Fail,
            format!(
                "{domain} is not covered by the certificate (it is valid for: {})",
                if names.is_empty() {
                    "no names".to_string()
                } else {
                    names.join(", ")
                }
            ),
        ),
    }
}
