//! What a viewer's player sees: the certificate chain an edge server hands out in the TLS
//! handshake for a domain, and whether it is trusted, covers the domain, is the one expected
//! and is not about to expire. The judgement of a served chain is pure — bytes, the domain,
//! the trust roots and "now" in, a verdict out — and shares `cert check`'s name and
//! fingerprint code; the handshakes are `handshake.rs`'s, the addresses `targets.rs`'s, the
//! workers that probe many domains at once `engine.rs`'s, and what a row says of an address
//! against what was expected `verdict.rs`'s.

pub mod engine;
pub mod handshake;
pub mod targets;
pub mod verdict;

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::check;

/// The trust anchors chains are judged against: the system's (`SSL_CERT_FILE` and
/// `SSL_CERT_DIR` replace them, as for API calls).
pub struct Roots {
    /// None when no root could be loaded: then nothing is trusted.
    verifier: Option<Arc<WebPkiServerVerifier>>,
    /// How many roots were loaded.
    pub count: usize,
}

impl Roots {
    /// The roots API calls use too ([`crate::roots`]; `wait` bounds the reading of a pipe
    /// given as SSL_CERT_FILE); what the system's store holds that cannot be read is returned
    /// as warnings.
    pub fn system(wait: std::time::Duration) -> crate::error::Result<(Roots, Vec<String>)> {
        let loaded = crate::roots::trusted(wait)?;
        let mut warnings = loaded.warnings.clone();
        let roots = Roots::from_ders(loaded.certs.clone());
        if roots.count == 0 {
            warnings.push(
                "no trusted root certificates found (the system's, or SSL_CERT_FILE / \
                 SSL_CERT_DIR): no served chain can be trusted"
                    .into(),
            );
        }
        Ok((roots, warnings))
    }

    pub fn from_ders(ders: Vec<CertificateDer<'static>>) -> Roots {
        let mut store = rustls::RootCertStore::empty();
        let (count, _) = store.add_parsable_certificates(ders);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider)
            .build()
            .ok();
        Roots { verifier, count }
    }
}

/// Why a served chain is not trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Distrust {
    Expired,
    NotYetValid,
    /// The leaf's issuer is neither served nor a trusted root.
    MissingIntermediate,
    UnknownIssuer,
    /// The leaf is its own issuer, and no trusted root.
    SelfSigned,
    NameMismatch,
    BadSignature,
    Other,
}

impl Distrust {
    pub fn as_str(self) -> &'static str {
        match self {
            Distrust::Expired => "expired",
            Distrust::NotYetValid => "not yet valid",
            Distrust::MissingIntermediate => "missing intermediate",
            Distrust::UnknownIssuer => "unknown issuer",
            Distrust::SelfSigned => "self-signed",
            Distrust::NameMismatch => "name mismatch",
            Distrust::BadSignature => "bad signature",
            Distrust::Other => "not trusted",
        }
    }
}

/// What a served chain is, judged for one domain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Served {
    pub subject: String,
    pub names: Vec<String>,
    pub issuer: String,
    /// UTC, as `cert check` writes it.
    pub not_after: String,
    /// The same, in unix seconds (for windows).
    #[serde(skip)]
    pub not_after_unix: i64,
    pub days_left: i64,
    /// `sha256:` and 64 hex digits, as everywhere.
    pub fingerprint: String,
    /// The leaf's names cover the domain.
    pub covers: bool,
    /// None: trusted by the roots.
    pub distrust: Option<Distrust>,
    /// Certificates served after the leaf.
    pub chain_certificates: usize,
}

/// Judges `chain` (leaf first, as served) for `domain` at `now` (unix seconds). None when the
/// leaf cannot be parsed (a server that sends garbage).
pub fn judge(domain: &str, chain: &[Vec<u8>], roots: &Roots, now: i64) -> Option<Served> {
    let leaf_der = chain.first()?;
    let (_, leaf) = X509Certificate::from_der(leaf_der).ok()?;
    let names = check::leaf_names(&leaf);
    let covers = names.iter().any(|n| check::covers(n, domain));
    let not_after = leaf.validity().not_after.timestamp();
    let distrust = trust(domain, chain, &leaf, roots, now);
    Some(Served {
        subject: leaf.subject().to_string(),
        issuer: leaf.issuer().to_string(),
        names,
        not_after: crate::clock::utc(not_after),
        not_after_unix: not_after,
        days_left: (not_after - now).div_euclid(86_400),
        fingerprint: check::fingerprint(leaf_der),
        covers,
        distrust,
        chain_certificates: chain.len() - 1,
    })
}

fn trust(
    domain: &str,
    chain: &[Vec<u8>],
    leaf: &X509Certificate<'_>,
    roots: &Roots,
    now: i64,
) -> Option<Distrust> {
    use rustls::CertificateError as C;
    let end_entity = CertificateDer::from(chain[0].as_slice());
    let intermediates: Vec<CertificateDer<'_>> = chain[1..]
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let Ok(name) = ServerName::try_from(domain) else {
        return Some(Distrust::NameMismatch);
    };
    let at = UnixTime::since_unix_epoch(std::time::Duration::from_secs(now.max(0) as u64));
    let verdict = match &roots.verifier {
        Some(v) => v.verify_server_cert(&end_entity, &intermediates, &name, &[], at),
        None => Err(rustls::Error::InvalidCertificate(C::UnknownIssuer)),
    };
    match verdict {
        Ok(_) => None,
        // Whatever the verifier stumbled on first (an unknown issuer, a CA certificate used
        // as a leaf, as `openssl req -x509` makes it), a leaf that signed itself is that.
        Err(_) if check::is_self_signed(leaf) => Some(Distrust::SelfSigned),
        Err(rustls::Error::InvalidCertificate(e)) => Some(match e {
            C::Expired | C::ExpiredContext { .. } => Distrust::Expired,
            C::NotValidYet | C::NotValidYetContext { .. } => Distrust::NotYetValid,
            C::NotValidForName | C::NotValidForNameContext { .. } => Distrust::NameMismatch,
            C::BadSignature => Distrust::BadSignature,
            C::UnknownIssuer => {
                // The leaf's issuer was not served: the chain breaks right after the leaf.
                let issuer_served = chain[1..].iter().any(|d| {
                    X509Certificate::from_der(d)
                        .map(|(_, c)| c.subject() == leaf.issuer())
                        .unwrap_or(false)
                });
                if issuer_served || leaf.subject() == leaf.issuer() {
                    Distrust::UnknownIssuer
                } else {
                    Distrust::MissingIntermediate
                }
            }
            _ => Distrust::Other,
        }),
        Err(_) => Some(Distrust::Other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};

    struct Made {
        root: Vec<u8>,
        inter: Vec<u8>,
        leaf: Vec<u8>,
        not_after: i64,
    }

    fn made() -> Made {
        let ca = |cn: &str| {
            let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
            p.distinguished_name.push(rcgen::DnType::CommonName, cn);
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            p
        };
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca("Unit Root");
        let root = root_params.self_signed(&root_key).unwrap();
        let inter_key = KeyPair::generate().unwrap();
        let inter_params = ca("Unit Intermediate");
        let inter = inter_params
            .signed_by(&inter_key, &Issuer::from_params(&root_params, &root_key))
            .unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let mut leaf_params = CertificateParams::new(vec!["a.example.com".to_string()]).unwrap();
        let now = time::OffsetDateTime::now_utc();
        leaf_params.not_before = now - time::Duration::days(1);
        leaf_params.not_after = now + time::Duration::days(30);
        let leaf = leaf_params
            .signed_by(&leaf_key, &Issuer::from_params(&inter_params, &inter_key))
            .unwrap();
        Made {
            root: root.der().to_vec(),
            inter: inter.der().to_vec(),
            leaf: leaf.der().to_vec(),
            not_after: leaf_params.not_after.unix_timestamp(),
        }
    }

    /// The verdict is a function of the bytes, the name, the roots and the time given.
    #[test]
    fn a_chain_is_judged_by_its_bytes_the_name_and_the_time() {
        let m = made();
        let roots = Roots::from_ders(vec![CertificateDer::from(m.root.clone())]);
        let chain = vec![m.leaf.clone(), m.inter.clone()];
        let now = crate::clock::unix_now();
        let s = judge("a.example.com", &chain, &roots, now).unwrap();
        assert_eq!(s.distrust, None);
        assert!(s.covers);
        assert_eq!(s.fingerprint, check::fingerprint(&m.leaf));
        assert_eq!(s.chain_certificates, 1);
        assert_eq!(
            judge("a.example.com", &chain, &roots, m.not_after + 86_400)
                .unwrap()
                .distrust,
            Some(Distrust::Expired)
        );
        let other = judge("b.example.com", &chain, &roots, now).unwrap();
        assert_eq!(other.distrust, Some(Distrust::NameMismatch));
        assert!(!other.covers);
        assert_eq!(
            judge("a.example.com", &chain[..1], &roots, now)
                .unwrap()
                .distrust,
            Some(Distrust::MissingIntermediate)
        );
        let nobody = Roots::from_ders(vec![]);
        assert_eq!(nobody.count, 0);
        assert_eq!(
            judge("a.example.com", &chain, &nobody, now)
                .unwrap()
                .distrust,
            Some(Distrust::UnknownIssuer)
        );
        assert_eq!(
            judge("a.example.com", &[b"junk".to_vec()], &roots, now),
            None
        );
        assert_eq!(judge("a.example.com", &[], &roots, now), None);
    }
}
