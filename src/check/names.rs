//! Names: the leaf's DNS names and whether they cover a domain (RFC 6125 wildcards).

use std::collections::HashMap;

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;

use super::{Check, Status};

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

/// A certificate's names, indexed once, so that "which name covers this domain" costs O(1)
/// whatever the number of names: exact names in one map, the suffixes of wildcards
/// (`*.example.com` → `example.com`) in another, each to the first position the name has in
/// the list. It answers exactly as `names.iter().find(|n| covers(n, domain))` does.
pub struct NameIndex<'a> {
    names: &'a [String],
    exact: HashMap<&'a str, usize>,
    wildcard: HashMap<&'a str, usize>,
}

impl<'a> NameIndex<'a> {
    pub fn new(names: &'a [String]) -> NameIndex<'a> {
        let mut exact = HashMap::with_capacity(names.len());
        let mut wildcard = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            exact.entry(n.as_str()).or_insert(i);
            // As `covers`: a wildcard is `*.` and a rest with no other `*`.
            if let Some(rest) = n.strip_prefix("*.")
                && !rest.contains('*')
            {
                wildcard.entry(rest).or_insert(i);
            }
        }
        NameIndex {
            names,
            exact,
            wildcard,
        }
    }

    /// The first of the names that covers `domain` (RFC 6125, as [`covers`]).
    pub fn covering(&self, domain: &str) -> Option<&'a str> {
        let exact = self.exact.get(domain).copied();
        let wildcard = if domain.starts_with("*.") {
            None
        } else {
            match domain.split_once('.') {
                Some((first, tail)) if !first.is_empty() => self.wildcard.get(tail).copied(),
                _ => None,
            }
        };
        let i = match (exact, wildcard) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        Some(self.names[i].as_str())
    }

    pub fn covers(&self, domain: &str) -> bool {
        self.covering(domain).is_some()
    }
}

/// How a failed name check quotes the certificate's names: made once per certificate, not
/// once per domain (a large certificate's names would cost names × domains), and short.
pub(super) fn valid_for(names: &[String]) -> String {
    if names.is_empty() {
        return "no names".to_string();
    }
    let mut out = String::new();
    for (i, n) in names.iter().enumerate() {
        if out.len() > 160 {
            out.push_str(&format!(" … ({} names in all)", names.len()));
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(n);
    }
    out
}

pub(super) fn name_check(domain: &str, index: &NameIndex<'_>, valid_for: &str) -> Check {
    match index.covering(domain) {
        Some(n) if n == domain => Check::new(
            "name",
            Status::Pass,
            format!("{domain} is in the certificate"),
        ),
        Some(n) => Check::new("name", Status::Pass, format!("{domain} is covered by {n}")),
        None => Check::new(
            "name",
            Status::Fail,
            format!("{domain} is not covered by the certificate (it is valid for: {valid_for})"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Names and domains from few labels, so that they meet often: exact names, wildcards,
    /// partial-label and nested wildcards, empty labels, wildcard domains.
    fn name() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("b"),
                Just("*"),
                Just("f*"),
                Just(""),
                Just("example"),
                Just("com")
            ],
            1..5,
        )
        .prop_map(|labels| labels.join("."))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The index answers exactly as `covers` does over every (name, domain) pair: the
        /// same first covering name, or none.
        #[test]
        fn the_index_answers_as_covers_over_all_pairs(
            names in proptest::collection::vec(name(), 0..12),
            domains in proptest::collection::vec(name(), 1..12),
        ) {
            let index = NameIndex::new(&names);
            for d in names.iter().chain(&domains) {
                let linear = names.iter().find(|n| covers(n, d)).map(String::as_str);
                prop_assert_eq!(index.covering(d), linear, "domain {:?} names {:?}", d, names);
            }
        }
    }

    #[test]
    fn the_index_keeps_rfc_6125s_rules() {
        let names: Vec<String> = [
            "*.example.com",
            "f*.example.net",
            "*.*.example.org",
            "a.b.c",
        ]
        .map(str::to_string)
        .to_vec();
        let index = NameIndex::new(&names);
        assert_eq!(index.covering("a.example.com"), Some("*.example.com"));
        assert_eq!(index.covering("*.example.com"), Some("*.example.com"));
        for not in [
            "example.com",
            "a.b.example.com",
            "*.a.example.com",
            ".example.com",
            "foo.example.net",
            "a.b.example.org",
            "x.b.c",
        ] {
            assert_eq!(index.covering(not), None, "{not}");
        }
        assert_eq!(index.covering("f*.example.net"), Some("f*.example.net"));
        assert_eq!(index.covering("a.b.c"), Some("a.b.c"));
    }

    #[test]
    fn a_long_list_of_names_is_quoted_short() {
        let many: Vec<String> = (0..10_000).map(|i| format!("d{i}.example.com")).collect();
        let q = valid_for(&many);
        assert!(q.starts_with("d0.example.com, d1.example.com, "), "{q}");
        assert!(q.ends_with(" … (10000 names in all)"), "{q}");
        assert!(q.len() < 220, "{q}");
        assert_eq!(valid_for(&[]), "no names");
        assert_eq!(
            valid_for(&["a.example.com".into(), "*.example.org".into()]),
            "a.example.com, *.example.org"
        );
    }
}
