//! Shared by the benchmarks: a leaf + intermediate chain and the leaf's key, made with rcgen.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p
}

/// (leaf + intermediate PEM, leaf key PEM) for play.example.com.
pub fn chain() -> (String, String) {
    let root_key = KeyPair::generate().unwrap();
    let root = ca("Bench Root");
    let inter_key = KeyPair::generate().unwrap();
    let inter = ca("Bench Intermediate");
    let inter_pem = inter
        .signed_by(&inter_key, &Issuer::from_params(&root, &root_key))
        .unwrap()
        .pem();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["play.example.com".to_string()]).unwrap();
    let leaf_pem = leaf
        .signed_by(&leaf_key, &Issuer::from_params(&inter, &inter_key))
        .unwrap()
        .pem();
    (format!("{leaf_pem}{inter_pem}"), leaf_key.serialize_pem())
}
