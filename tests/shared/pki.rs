//! Certificate authorities and leaf parameters made with rcgen, relative to the current time:
//! one file for the unit tests (src/check/rules_tests/pki.rs) and the CLI tests
//! (tests/cli/common/pki.rs), each of which includes it with `#[path]`.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use time::{Duration, OffsetDateTime};

pub struct Authority {
    pub params: CertificateParams,
    pub key: KeyPair,
    pub pem: String,
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let now = OffsetDateTime::now_utc();
    p.not_before = now - Duration::days(365);
    p.not_after = now + Duration::days(3650);
    p
}

pub fn root(cn: &str) -> Authority {
    let key = KeyPair::generate().unwrap();
    let params = ca_params(cn);
    let pem = params.self_signed(&key).unwrap().pem();
    Authority { params, key, pem }
}

pub fn intermediate(cn: &str, parent: &Authority) -> Authority {
    let key = KeyPair::generate().unwrap();
    let params = ca_params(cn);
    let issuer = Issuer::from_params(&parent.params, &parent.key);
    let pem = params.signed_by(&key, &issuer).unwrap().pem();
    Authority { params, key, pem }
}

/// What a leaf is made of.
pub struct LeafSpec<'a> {
    pub names: &'a [&'a str],
    /// Days from now; negative is in the past.
    pub not_before_days: i64,
    pub not_after_days: i64,
    /// Put the names only in the subject CN, with no subjectAltName extension.
    pub cn_only: bool,
    pub is_ca: bool,
}

impl Default for LeafSpec<'_> {
    fn default() -> Self {
        LeafSpec {
            names: &["play.example.com"],
            not_before_days: -1,
            not_after_days: 60,
            cn_only: false,
            is_ca: false,
        }
    }
}

pub fn leaf_params(spec: &LeafSpec<'_>) -> CertificateParams {
    let sans: Vec<String> = if spec.cn_only {
        vec![]
    } else {
        spec.names.iter().map(|s| s.to_string()).collect()
    };
    let mut p = CertificateParams::new(sans).unwrap();
    p.distinguished_name.push(
        DnType::CommonName,
        spec.names.first().copied().unwrap_or("leaf"),
    );
    if spec.is_ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    }
    let now = OffsetDateTime::now_utc();
    p.not_before = now + Duration::days(spec.not_before_days);
    p.not_after = now + Duration::days(spec.not_after_days);
    p
}
