//! Certificates made inside the tests (rcgen), relative to the current time, from generated
//! ECDSA keys or the fixture keys in tests/fixtures/keys.

use rcgen::{Issuer, KeyPair, PublicKeyData};

pub fn fixture_key(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    let pem = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    super::register_private_key(&pem);
    pem
}

#[path = "../../shared/pki.rs"]
mod made;
pub use made::*;

/// A leaf for `spec` signed by its own key (`is_ca` as `openssl req -x509` makes it), and
/// that key.
pub fn self_signed_leaf(spec: &LeafSpec<'_>) -> (String, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let pem = leaf_params(spec).self_signed(&key).unwrap().pem();
    (pem, key)
}

/// A leaf for `subject_key` (any public key), issued by `issuer`.
pub fn leaf(spec: &LeafSpec<'_>, subject_key: &impl PublicKeyData, issuer: &Authority) -> String {
    let issuer = Issuer::from_params(&issuer.params, &issuer.key);
    leaf_params(spec)
        .signed_by(subject_key, &issuer)
        .unwrap()
        .pem()
}
