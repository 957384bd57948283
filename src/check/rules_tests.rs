//! The certificate checks as pure functions: PEM bytes and "now" in, a report out, no files.

mod pki;

use pki::*;
use rcgen::KeyPair;

use crate::cert::{load_cert, load_key};
use crate::check::{Input, Report, Status, run};

fn report(cert_pem: &str, key_pem: Option<&str>, domains: &[&str], min_days: i64) -> Report {
    let cert = load_cert("c.pem", cert_pem.as_bytes()).unwrap();
    let key = key_pem.map(|k| load_key("k.pem", k.as_bytes()).unwrap());
    let domains: Vec<String> = domains
        .iter()
        .map(|d| crate::domain::normalize(d).unwrap())
        .collect();
    run(&Input {
        cert: &cert,
        key: key.as_ref(),
        domains: &domains,
        now: time::OffsetDateTime::now_utc(),
        min_days,
    })
}

fn status_of(r: &Report, id: &str) -> Vec<(Status, String)> {
    r.checks
        .iter()
        .filter(|c| c.id == id)
        .map(|c| (c.status, c.detail.clone()))
        .collect()
}

fn one(r: &Report, id: &str) -> (Status, String) {
    let v = status_of(r, id);
    assert_eq!(v.len(), 1, "{id}: {:?}", r.checks);
    v.into_iter().next().unwrap()
}

struct Pki {
    root: Authority,
    inter: Authority,
}

fn pki() -> Pki {
    let root = root("Test Root");
    let inter = intermediate("Test Intermediate", &root);
    Pki { root, inter }
}

#[test]
fn a_good_ecdsa_chain_passes_everything() {
    let p = pki();
    let key = KeyPair::generate().unwrap();
    let leaf = leaf(&LeafSpec::default(), &key, &p.inter);
    let r = report(
        &format!("{leaf}{}", p.inter.pem),
        Some(&key.serialize_pem()),
        &["play.example.com"],
        14,
    );
    assert!(!r.failed() && !r.warned(), "{:?}", r.checks);
    assert_eq!(one(&r, "pem").1, "2 certificates in the file");
    assert_eq!(one(&r, "key").1, "ECDSA P-256");
    assert_eq!(
        one(&r, "key-match").1,
        "the private key matches the certificate"
    );
    assert!(one(&r, "validity").1.starts_with("valid until "));
    assert_eq!(
        one(&r, "chain").1,
        "CN=play.example.com → CN=Test Intermediate → (CN=Test Root, not included)"
    );
    assert_eq!(one(&r, "name").1, "play.example.com is in the certificate");
    let s = r.summary.unwrap();
    assert_eq!(s.subject, "CN=play.example.com");
    assert_eq!(s.issuer, "CN=Test Intermediate");
    assert_eq!(s.names, vec!["play.example.com"]);
    assert_eq!(s.key_type, "ECDSA P-256");
    assert_eq!(s.chain_certificates, 1);
    assert!((58..=60).contains(&s.days_left), "{}", s.days_left);
    assert!(s.sha256_fingerprint.starts_with("sha256:"));
    assert_eq!(s.sha256_fingerprint.len(), 7 + 64);
    assert_eq!(r.send_order, vec![0, 1]);
}

#[test]
fn key_types_sizes_and_encodings() {
    let p = pki();
    for (cert_key, key_file, expected) in [
        ("rsa2048.pkcs8.pem", "rsa2048.pkcs1.pem", "RSA 2048 bits"),
        ("rsa2048.pkcs8.pem", "rsa2048.pkcs8.pem", "RSA 2048 bits"),
        ("rsa4096.pkcs8.pem", "rsa4096.pkcs8.pem", "RSA 4096 bits"),
        ("p256.pkcs8.pem", "p256.sec1.pem", "ECDSA P-256"),
        ("p256.pkcs8.pem", "p256.pkcs8.pem", "ECDSA P-256"),
        ("p384.pkcs8.pem", "p384.sec1.pem", "ECDSA P-384"),
        ("p384.pkcs8.pem", "p384.pkcs8.pem", "ECDSA P-384"),
    ] {
        let kp = KeyPair::from_pem(&fixture_key(cert_key)).unwrap();
        let leaf = leaf(&LeafSpec::default(), &kp, &p.inter);
        let r = report(
            &format!("{leaf}{}", p.inter.pem),
            Some(&fixture_key(key_file)),
            &[],
            14,
        );
        assert_eq!(
            one(&r, "key"),
            (Status::Pass, expected.to_string()),
            "{key_file}"
        );
        assert_eq!(
            one(&r, "key-match").0,
            Status::Pass,
            "{key_file}: {:?}",
            r.checks
        );
    }
}

#[test]
fn rsa_1024_fails() {
    let p = pki();
    let leaf = leaf(&LeafSpec::default(), &rsa1024_public(), &p.inter);
    let r = report(
        &format!("{leaf}{}", p.inter.pem),
        Some(&fixture_key("rsa1024.pkcs1.pem")),
        &[],
        14,
    );
    let (status, detail) = one(&r, "key");
    assert_eq!(status, Status::Fail);
    assert!(detail.starts_with("RSA 1024 bits is too weak"), "{detail}");
    assert_eq!(one(&r, "key-match").0, Status::Pass);
    assert!(r.failed());
}

#[test]
fn wrong_key_and_wrong_key_type_fail() {
    let p = pki();
    let key = KeyPair::generate().unwrap();
    let other = KeyPair::generate().unwrap();
    let leaf = leaf(&LeafSpec::default(), &key, &p.inter);
    let r = report(&leaf, Some(&other.serialize_pem()), &[], 14);
    let (status, detail) = one(&r, "key-match");
    assert_eq!(status, Status::Fail);
    assert!(
        detail.starts_with("the private key does not belong to this certificate"),
        "{detail}"
    );

    let r = report(&leaf, Some(&fixture_key("rsa2048.pkcs1.pem")), &[], 14);
    let (status, detail) = one(&r, "key-match");
    assert_eq!(status, Status::Fail);
    assert!(
        detail.starts_with("the private key is RSA but the certificate's key is ECDSA P-256"),
        "{detail}"
    );
    let r = report(&leaf, Some(&fixture_key("p384.sec1.pem")), &[], 14);
    assert!(
        one(&r, "key-match").1.contains("is ECDSA P-384 but"),
        "{:?}",
        r.checks
    );
}

#[test]
fn validity_windows() {
    let p = pki();
    let key = KeyPair::generate().unwrap();
    let make = |nb, na| {
        leaf(
            &LeafSpec {
                not_before_days: nb,
                not_after_days: na,
                ..LeafSpec::default()
            },
            &key,
            &p.inter,
        )
    };
    let (s, d) = one(&report(&make(-90, -2), None, &[], 14), "validity");
    assert_eq!(s, Status::Fail);
    assert!(
        d.starts_with("expired on ") && d.contains("renew it"),
        "{d}"
    );
    let (s, d) = one(&report(&make(2, 90), None, &[], 14), "validity");
    assert_eq!(s, Status::Fail);
    assert!(d.starts_with("not valid yet: valid from "), "{d}");
    let (s, d) = one(&report(&make(-80, 3), None, &[], 14), "validity");
    assert_eq!(s, Status::Warn);
    // Two or three days depending on where the second boundary falls.
    assert!(
        d.contains(" days left, under --min-days 14)") && d.starts_with("expires on "),
        "{d}"
    );
    let (s, _) = one(&report(&make(-80, 3), None, &[], 2), "validity");
    assert_eq!(s, Status::Pass);
}

#[test]
fn chain_order_missing_intermediate_ca_leaf_and_self_signed() {
    let p = pki();
    let key = KeyPair::generate().unwrap();
    let leaf_pem = leaf(&LeafSpec::default(), &key, &p.inter);

    // Reversed: intermediate first. The leaf is found and sent first.
    let r = report(&format!("{}{leaf_pem}", p.inter.pem), None, &[], 14);
    let (s, d) = one(&r, "chain");
    assert_eq!(s, Status::Warn);
    assert!(
        d.starts_with("the certificates are not in issuer order") && d.ends_with("#2, #1"),
        "{d}"
    );
    assert_eq!(r.send_order, vec![1, 0]);
    assert_eq!(r.summary.unwrap().subject, "CN=play.example.com");

    // Root included, all reversed: root, intermediate, leaf.
    let r = report(
        &format!("{}{}{leaf_pem}", p.root.pem, p.inter.pem),
        None,
        &[],
        14,
    );
    assert_eq!(r.send_order, vec![2, 1, 0]);

    // Missing intermediate.
    let r = report(&leaf_pem, None, &[], 14);
    let (s, d) = one(&r, "chain");
    assert_eq!(s, Status::Warn);
    assert!(
        d.starts_with("the issuer (CN=Test Intermediate) is not in the file"),
        "{d}"
    );

    // A CA certificate as the leaf.
    let ca_leaf = leaf(
        &LeafSpec {
            is_ca: true,
            ..LeafSpec::default()
        },
        &key,
        &p.inter,
    );
    let r = report(&format!("{ca_leaf}{}", p.inter.pem), None, &[], 14);
    assert!(
        status_of(&r, "chain")
            .iter()
            .any(|(s, d)| *s == Status::Warn && d.contains("is a CA certificate")),
        "{:?}",
        r.checks
    );

    // Self-signed.
    let ss = self_signed_leaf(&LeafSpec::default(), &key);
    let (s, d) = one(&report(&ss, None, &[], 14), "chain");
    assert_eq!(s, Status::Warn);
    assert!(d.contains("self-signed"), "{d}");
    assert!(!d.contains("CA"), "{d}");

    // Self-signed and marked CA, as `openssl req -x509` makes it: explained as self-signed,
    // not as a CA certificate in the leaf's place.
    let ss_ca = self_signed_leaf(
        &LeafSpec {
            is_ca: true,
            ..LeafSpec::default()
        },
        &key,
    );
    let r = report(&ss_ca, None, &[], 14);
    let (s, d) = one(&r, "chain");
    assert_eq!(s, Status::Warn);
    assert!(
        d.contains("self-signed (and marked as a CA, as `openssl req -x509`"),
        "{d}"
    );
    assert!(!d.contains("--cert must start with"), "{d}");

    // A certificate unrelated to the leaf is left out.
    let other = root("Other Root");
    let r = report(
        &format!("{leaf_pem}{}{}", p.inter.pem, other.pem),
        None,
        &[],
        14,
    );
    assert!(
        status_of(&r, "chain").iter().any(
            |(_, d)| d == "certificate is #3 not part of the leaf's chain and will not be sent"
        ),
        "{:?}",
        r.checks
    );
    assert_eq!(r.send_order, vec![0, 1]);
}

#[test]
fn a_forged_issuer_name_does_not_verify() {
    let p = pki();
    // Same name as the real intermediate, different key.
    let impostor = intermediate("Test Intermediate", &p.root);
    let key = KeyPair::generate().unwrap();
    let leaf_pem = leaf(&LeafSpec::default(), &key, &p.inter);
    let r = report(&format!("{leaf_pem}{}", impostor.pem), None, &[], 14);
    assert!(
        status_of(&r, "chain")
            .iter()
            .any(|(s, d)| *s == Status::Warn && d.contains("signature does not verify")),
        "{:?}",
        r.checks
    );
}

#[test]
fn names_wildcards_multi_san_cn_only_and_idn() {
    let p = pki();
    let key = KeyPair::generate().unwrap();
    let wild = leaf(
        &LeafSpec {
            names: &[
                "*.example.com",
                "example.org",
                "xn--z6ut02b.xn--fsqu00a.com",
            ],
            ..LeafSpec::default()
        },
        &key,
        &p.inter,
    );
    let r = report(
        &wild,
        None,
        &[
            "a.example.com",
            "example.org",
            "直播.例子.com",
            "example.com",
            "a.b.example.com",
        ],
        14,
    );
    let names = status_of(&r, "name");
    assert_eq!(
        names[0],
        (
            Status::Pass,
            "a.example.com is covered by *.example.com".into()
        )
    );
    assert_eq!(
        names[1],
        (Status::Pass, "example.org is in the certificate".into())
    );
    assert_eq!(
        names[2],
        (
            Status::Pass,
            "xn--z6ut02b.xn--fsqu00a.com is in the certificate".into()
        )
    );
    assert_eq!(
        names[3],
        (
            Status::Fail,
            "example.com is not covered by the certificate (it is valid for: *.example.com, example.org, xn--z6ut02b.xn--fsqu00a.com)".into()
        )
    );
    assert_eq!(names[4].0, Status::Fail);

    let cn_only = leaf(
        &LeafSpec {
            names: &["cn.example.com"],
            cn_only: true,
            ..LeafSpec::default()
        },
        &key,
        &p.inter,
    );
    let r = report(&cn_only, None, &["cn.example.com", "other.example.com"], 14);
    let names = status_of(&r, "name");
    assert_eq!(names[0].0, Status::Pass);
    assert_eq!(names[1].0, Status::Fail);
}

#[test]
fn garbage_inside_a_pem_block_is_a_failed_check_not_a_panic() {
    let garbage = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
    let r = report(garbage, None, &["a.example.com"], 14);
    assert_eq!(
        one(&r, "pem"),
        (
            Status::Fail,
            "certificate #1 in the file is not a valid X.509 certificate".into()
        )
    );
    assert!(r.summary.is_none());

    let p = pki();
    let key = KeyPair::generate().unwrap();
    let leaf_pem = leaf(&LeafSpec::default(), &key, &p.inter);
    let bad_key = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";
    let r = report(&leaf_pem, Some(bad_key), &[], 14);
    let (s, d) = one(&r, "key-match");
    assert_eq!(s, Status::Fail);
    assert!(d.contains("cannot be parsed"), "{d}");
}

#[test]
fn keys_browsers_cannot_use_fail_and_an_unconfirmed_key_match_fails() {
    let p = pki();
    // Ed25519: no browser accepts it in a server certificate; named by name.
    let ed = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let leaf_pem = leaf(&LeafSpec::default(), &ed, &p.inter);
    let (s, d) = one(&report(&leaf_pem, None, &[], 14), "key");
    assert_eq!(s, Status::Fail);
    assert!(
        d.starts_with("Ed25519 keys cannot be used for HTTPS playback"),
        "{d}"
    );

    // An EC key file without its public key: the match cannot be confirmed, so it fails.
    let kp = KeyPair::from_pem(&fixture_key("p256.pkcs8.pem")).unwrap();
    let leaf_pem = leaf(&LeafSpec::default(), &kp, &p.inter);
    let r = report(
        &leaf_pem,
        Some(&fixture_key("p256.nopublic.sec1.pem")),
        &[],
        14,
    );
    let (s, d) = one(&r, "key-match");
    assert_eq!(s, Status::Fail);
    assert!(d.contains("cannot be confirmed"), "{d}");
}
