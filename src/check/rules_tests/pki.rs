//! Certificates made inside the unit tests (rcgen; as tests/cli/common/pki.rs makes them for
//! the CLI tests), relative to the current time, from generated
//! ECDSA keys or the fixture keys in tests/fixtures/keys.

use rcgen::{Issuer, KeyPair, PublicKeyData, SignatureAlgorithm};

pub fn fixture_key(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[path = "../../../tests/shared/pki.rs"]
mod made;
pub use made::*;

/// A leaf for `subject_key` (any public key), issued by `issuer`.
pub fn leaf(spec: &LeafSpec<'_>, subject_key: &impl PublicKeyData, issuer: &Authority) -> String {
    let issuer = Issuer::from_params(&issuer.params, &issuer.key);
    leaf_params(spec)
        .signed_by(subject_key, &issuer)
        .unwrap()
        .pem()
}

pub fn self_signed_leaf(spec: &LeafSpec<'_>, key: &KeyPair) -> String {
    leaf_params(spec).self_signed(key).unwrap().pem()
}

/// An RSA public key rcgen cannot load as a key pair (ring refuses RSA under 2048 bits), to
/// make a certificate for it anyway.
pub struct RawRsaPublicKey(pub Vec<u8>);

impl PublicKeyData for RawRsaPublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }
    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &rcgen::PKCS_RSA_SHA256
    }
}

pub fn rsa1024_public() -> RawRsaPublicKey {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys/rsa1024.rsapublickey.der");
    RawRsaPublicKey(std::fs::read(path).unwrap())
}
