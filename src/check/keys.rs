//! Keys: what the leaf's key is, whether browsers accept it, and whether the private key
//! belongs to it.

use secrecy::ExposeSecret;
use x509_parser::certificate::X509Certificate;
use x509_parser::public_key::PublicKey;

use super::{Check, Status};
use crate::cert::{KeyKind, KeyPem};

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

pub(super) fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    b[first..].to_vec()
}

pub(super) fn bit_len(b: &[u8]) -> u32 {
    match b.first() {
        Some(&top) => (b.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
        None => 0,
    }
}

pub(super) fn curve_name(oid: &str) -> String {
    match oid {
        "1.2.840.10045.3.1.7" => "P-256".into(),
        "1.3.132.0.34" => "P-384".into(),
        "1.3.132.0.35" => "P-521".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.2.156.10197.1.301" => "SM2".into(),
        other => other.to_string(),
    }
}

pub(super) fn spki_info(c: &X509Certificate<'_>) -> KeyInfo {
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

pub(super) fn key_strength(k: &KeyInfo) -> Check {
    match &k.kind {
        KeyType::Rsa if k.bits < 2048 => Check::new(
            "key",
            Status::Fail,
            format!(
                "RSA {} bits is too weak: issue a new certificate with a key of at least 2048 bits",
                k.bits
            ),
        ),
        KeyType::Rsa => Check::new("key", Status::Pass, format!("RSA {} bits", k.bits)),
        KeyType::Ec(c) if c == "P-256" || c == "P-384" => {
            Check::new("key", Status::Pass, format!("ECDSA {c}"))
        }
        KeyType::Ec(c) => Check::new(
            "key",
            Status::Fail,
            format!(
                "ECDSA {c}: browsers and players accept only P-256 and P-384 for certificates; issue it with an RSA, P-256 or P-384 key"
            ),
        ),
        KeyType::Other(oid) => Check::new(
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
pub(super) fn algorithm_name(oid: &str) -> String {
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

pub(super) const OID_RSA: &str = "1.2.840.113549.1.1.1";

pub(super) const OID_EC: &str = "1.2.840.10045.2.1";

/// The public half of the private key, derived from the key file's own structure.
pub(super) fn private_key_public(key: &KeyPem) -> Result<(KeyType, Option<Vec<u8>>), String> {
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

pub(super) fn key_match(key: &KeyPem, cert: &KeyInfo) -> Check {
    let (kind, public) = match private_key_public(key) {
        Ok(v) => v,
        Err(e) => {
            return Check::new(
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
        return Check::new(
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
        Some(p) if p == cert.public => Check::new(
            "key-match",
            Status::Pass,
            "the private key matches the certificate",
        ),
        Some(_) => Check::new(
            "key-match",
            Status::Fail,
            "the private key does not belong to this certificate: give the key issued with it (privkey.pem next to fullchain.pem)",
        ),
        None => Check::new(
            "key-match",
            Status::Fail,
            "the key file does not carry its public key, so it cannot be confirmed to belong to the certificate; \
             write it out with its public key (openssl pkey -in KEY -out key.pem) and give that",
        ),
    }
}
