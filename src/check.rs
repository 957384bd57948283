//! Local certificate checks: pure functions from the loaded PEM, the domains and "now" to a
//! report of pass / warn / fail checks and a summary. Used by `cert check` and, before anything
//! is sent, by `cert bind --cert/--key`.

use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;

use crate::cert::{CertPem, KeyKind, KeyPem};

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

/// A check's detail quotes the certificate and the user's names: made printable here, once,
/// for every place it is shown (reports, pre-flight warnings and errors).
fn check(id: &'static str, status: Status, detail: impl Into<String>) -> Check {
    Check {
        id,
        status,
        detail: crate::text::printable(&detail.into()),
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
                checks.push(check(
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
    checks.push(check(
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
    for d in input.domains {
        checks.push(name_check(d, &names));
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

/// `2027-01-30T00:00:00Z`
pub fn utc(ts: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| ts.to_string())
}

/// The names (subjectAltName DNS names, else the CN) of the file's first certificate.
pub fn first_names(cert: &CertPem) -> Vec<String> {
    cert.ders()
        .first()
        .and_then(|der| x509_parser::parse_x509_certificate(der).ok())
        .map(|(_, leaf)| leaf_names(&leaf))
        .unwrap_or_default()
}

/// SHA-256 of a certificate's DER, as colon-separated upper-case hex.
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Whether `child`'s signature verifies with `parent`'s key (None: its own). Besides what
/// x509-parser verifies, RSA keys of 1024 to 2047 bits are verified too (ring's legacy
/// algorithms): such a key fails the `key` check anyway, but a self-signed certificate must
/// be recognised as self-signed whatever its key size.
fn signed_by(child: &X509Certificate<'_>, parent: Option<&X509Certificate<'_>>) -> bool {
    let spki = parent.map_or(child.public_key(), |p| p.public_key());
    if child.verify_signature(Some(spki)).is_ok() {
        return true;
    }
    use ring::signature as sig;
    let alg: &dyn sig::VerificationAlgorithm =
        match child.signature_algorithm.algorithm.to_id_string().as_str() {
            "1.2.840.113549.1.1.11" => &sig::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            "1.2.840.113549.1.1.13" => &sig::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => {
                &sig::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY
            }
            _ => return false,
        };
    sig::UnparsedPublicKey::new(alg, &spki.subject_public_key.data)
        .verify(child.tbs_certificate.as_ref(), &child.signature_value.data)
        .is_ok()
}

fn is_self_signed(c: &X509Certificate<'_>) -> bool {
    c.subject() == c.issuer() && signed_by(c, None)
}

fn issued_by(child: &X509Certificate<'_>, parent: &X509Certificate<'_>) -> bool {
    child.issuer() == parent.subject()
}

/// Picks the leaf, orders the rest by issuer, and reports what is wrong with the chain.
fn chain(certs: &[X509Certificate<'_>]) -> (Vec<usize>, Vec<Check>) {
    let n = certs.len();
    let mut out = Vec::new();
    // A leaf issues nothing in the file. Prefer the file's first certificate when it qualifies.
    let issues_another = |i: usize| {
        (0..n).any(|j| j != i && issued_by(&certs[j], &certs[i]) && !is_self_signed(&certs[j]))
    };
    let leaf = if !issues_another(0) {
        0
    } else {
        (0..n).find(|&i| !issues_another(i)).unwrap_or(0)
    };
    let mut order = vec![leaf];
    let mut cur = leaf;
    while !is_self_signed(&certs[cur]) {
        match (0..n).find(|&j| !order.contains(&j) && issued_by(&certs[cur], &certs[j])) {
            Some(next) => {
                order.push(next);
                cur = next;
            }
            None => break,
        }
    }
    let leftovers: Vec<usize> = (0..n).filter(|i| !order.contains(i)).collect();

    let leaf_cert = &certs[leaf];
    let mut problems = Vec::new();
    if leaf_cert.is_ca() {
        problems.push(format!(
            "the first certificate ({}) is a CA certificate, not a server certificate: --cert must start with the certificate issued for your domains",
            leaf_cert.subject()
        ));
    }
    if order != (0..order.len()).collect::<Vec<_>>() {
        problems.push(format!(
            "the certificates are not in issuer order (leaf first, then its issuer …); they will be sent as #{}",
            order
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", #")
        ));
    }
    if is_self_signed(leaf_cert) && !leaf_cert.is_ca() {
        problems.push(
            "the certificate is self-signed: players and browsers will not trust it".to_string(),
        );
    } else if order.len() == 1 && !is_self_signed(leaf_cert) {
        problems.push(format!(
            "the issuer ({}) is not in the file: clients may fail to build the chain; give the full chain (certbot fullchain.pem, acme.sh fullchain.cer, lego .crt)",
            leaf_cert.issuer()
        ));
    }
    for pair in order.windows(2) {
        let (child, parent) = (&certs[pair[0]], &certs[pair[1]]);
        if !signed_by(child, Some(parent)) {
            problems.push(format!(
                "{} names {} as its issuer, but the signature does not verify with that certificate's key",
                child.subject(),
                parent.subject()
            ));
        }
    }
    if !leftovers.is_empty() {
        problems.push(format!(
            "certificate{} #{} not part of the leaf's chain and will not be sent",
            if leftovers.len() == 1 { " is" } else { "s are" },
            leftovers
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", #")
        ));
    }
    if problems.is_empty() {
        let mut path: Vec<String> = order
            .iter()
            .map(|&i| certs[i].subject().to_string())
            .collect();
        let last = &certs[*order.last().unwrap_or(&leaf)];
        if !is_self_signed(last) {
            path.push(format!("({}, not included)", last.issuer()));
        }
        out.push(check("chain", Status::Pass, path.join(" → ")));
    } else {
        for p in problems {
            out.push(check("chain", Status::Warn, p));
        }
    }
    (order, out)
}

/// What the leaf's public key is.
pub struct KeyInfo {
    pub kind: KeyType,
    pub bits: u32,
    /// RSA: the modulus without leading zeros; EC: the public point.
    pub public: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    Ec(String),
    Other(String),
}

impl KeyInfo {
    pub fn label(&self) -> String {
        match &self.kind {
            KeyType::Rsa => "RSA".into(),
            KeyType::Ec(curve) => format!("ECDSA {curve}"),
            KeyType::Other(oid) => algorithm_name(oid),
        }
    }
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b[first..].to_vec()
}

fn bit_len(b: &[u8]) -> u32 {
    match b.first() {
        Some(&top) => (b.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
        None => 0,
    }
}

fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".into(),
        "1.3.132.0.34" => "P-384".into(),
        "1.3.132.0.35" => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.2.156.10197.1.301" => "SM2".into(),
        other => other.to_string(),
    }
}

fn spki_info(c: &X509Certificate<'_>) -> KeyInfo {
    let spki = c.public_key();
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let modulus = strip_zeros(rsa.modulus);
            KeyInfo {
                kind: KeyType::Rsa,
                bits: bit_len(&modulus),
                public: modulus,
            }
        }
        Ok(PublicKey::EC(point)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| curve_name(&o.to_id_string()))
                .unwrap_or_else(|| "unknown curve".into());
            let bits = match curve.as_str() {
                "P-256" | "secp256k1" | "SM2" => 256,
                "P-384" => 384,
                "P-521" => 521,
                _ => 0,
            };
            KeyInfo {
                kind: KeyType::Ec(curve),
                bits,
                public: point.data().to_vec(),
            }
        }
        _ => KeyInfo {
            kind: KeyType::Other(spki.algorithm.algorithm.to_id_string()),
            bits: 0,
            public: spki.subject_public_key.data.to_vec(),
        },
    }
}

fn key_strength(k: &KeyInfo) -> Check {
    match &k.kind {
        KeyType::Rsa if k.bits < 2048 => check(
            "key",
            Status::Fail,
            format!(
                "RSA {} bits is too weak: issue a new certificate with a key of at least 2048 bits",
                k.bits
            ),
        ),
        KeyType::Rsa => check("key", Status::Pass, format!("RSA {} bits", k.bits)),
        KeyType::Ec(c) if c == "P-256" || c == "P-384" => {
            check("key", Status::Pass, format!("ECDSA {c}"))
        }
        KeyType::Ec(c) => check(
            "key",
            Status::Fail,
            format!(
                "ECDSA {c}: browsers and players accept only P-256 and P-384 for certificates; issue it with an RSA, P-256 or P-384 key"
            ),
        ),
        KeyType::Other(oid) => check(
            "key",
            Status::Fail,
            format!(
                "{} keys cannot be used for HTTPS playback (browsers and players accept RSA and ECDSA P-256/P-384 certificates); issue it with an RSA or ECDSA key",
                algorithm_name(oid)
            ),
        ),
    }
}

/// A key algorithm by name where it has a well-known one.
fn algorithm_name(oid: &str) -> String {
    match oid {
        "1.3.101.112" => "Ed25519".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.2.840.113549.1.1.10" => "RSASSA-PSS".into(),
        other => format!("algorithm {other}"),
    }
}

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";

/// The public half of the private key, derived from the key file's own structure.
fn private_key_public(key: &KeyPem) -> Result<(KeyType, Option<Vec<u8>>), String> {
    let der = key.der.expose_secret();
    let rsa = |der: &[u8]| -> Result<(KeyType, Option<Vec<u8>>), String> {
        let k = pkcs1::RsaPrivateKeyRef::try_from(der)
            .map_err(|_| "the RSA private key cannot be parsed".to_string())?;
        Ok((KeyType::Rsa, Some(strip_zeros(k.modulus.as_bytes()))))
    };
    let ec = |der: &[u8], curve: Option<String>| -> Result<(KeyType, Option<Vec<u8>>), String> {
        let k = sec1::EcPrivateKey::try_from(der)
            .map_err(|_| "the EC private key cannot be parsed".to_string())?;
        let curve = k
            .parameters
            .and_then(|p| p.named_curve())
            .map(|o| curve_name(&o.to_string()))
            .or(curve)
            .unwrap_or_else(|| "unknown curve".into());
        Ok((KeyType::Ec(curve), k.public_key.map(<[u8]>::to_vec)))
    };
    match key.kind {
        KeyKind::Pkcs1 => rsa(der),
        KeyKind::Sec1 => ec(der, None),
        KeyKind::Pkcs8 => {
            let info = pkcs8::PrivateKeyInfoRef::try_from(der)
                .map_err(|_| "the PKCS#8 private key cannot be parsed".to_string())?;
            let oid = info.algorithm.oid.to_string();
            let inner = info.private_key.as_bytes();
            match oid.as_str() {
                OID_RSA => rsa(inner),
                OID_EC => {
                    let curve = info
                        .algorithm
                        .parameters
                        .and_then(|p| p.decode_as::<pkcs8::ObjectIdentifier>().ok())
                        .map(|o| curve_name(&o.to_string()));
                    ec(inner, curve)
                }
                other => Ok((KeyType::Other(other.to_string()), None)),
            }
        }
    }
}

fn key_match(key: &KeyPem, cert: &KeyInfo) -> Check {
    let (kind, public) = match private_key_public(key) {
        Ok(v) => v,
        Err(e) => {
            return check(
                "key-match",
                Status::Fail,
                format!("{e}: is it a damaged file?"),
            );
        }
    };
    let describe = |k: &KeyType| match k {
        KeyType::Rsa => "RSA".to_string(),
        KeyType::Ec(c) => format!("ECDSA {c}"),
        KeyType::Other(o) => algorithm_name(o),
    };
    if kind != cert.kind {
        return check(
            "key-match",
            Status::Fail,
            format!(
                "the private key is {} but the certificate's key is {}: give the key issued with this certificate",
                describe(&kind),
                describe(&cert.kind)
            ),
        );
    }
    match public {
        Some(p) if p == cert.public => check(
            "key-match",
            Status::Pass,
            "the private key matches the certificate",
        ),
        Some(_) => check(
            "key-match",
            Status::Fail,
            "the private key does not belong to this certificate: give the key issued with it (privkey.pem next to fullchain.pem)",
        ),
        None => check(
            "key-match",
            Status::Fail,
            "the key file does not carry its public key, so it cannot be confirmed to belong to the certificate; \
             write it out with its public key (openssl pkey -in KEY -out key.pem) and give that",
        ),
    }
}

fn validity(leaf: &X509Certificate<'_>, now: OffsetDateTime, min_days: i64) -> Check {
    let now = now.unix_timestamp();
    let nb = leaf.validity().not_before.timestamp();
    let na = leaf.validity().not_after.timestamp();
    if now < nb {
        return check(
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
        return check(
            "validity",
            Status::Fail,
            format!("expired on {} ({ago} days ago): renew it", utc(na)),
        );
    }
    let left = (na - now).div_euclid(86_400);
    if left < min_days {
        return check(
            "validity",
            Status::Warn,
            format!(
                "expires on {} ({left} days left, under --min-days {min_days})",
                utc(na)
            ),
        );
    }
    check(
        "validity",
        Status::Pass,
        format!("valid until {} ({left} days left)", utc(na)),
    )
}

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

fn name_check(domain: &str, names: &[String]) -> Check {
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

#[cfg(test)]
mod tests {
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

    #[test]
    fn utc_format() {
        assert_eq!(utc(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
