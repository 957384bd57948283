//! `tclive cert check` and the pre-flight inside `cert bind`, through the binary: exit codes,
//! output formats, the file layouts of certbot, acme.sh and lego, keys browsers cannot use,
//! and that a failing pre-flight sends nothing.

use crate::common::edge::{Chain, Pki};
use crate::common::fault::{FaultServer, json};
use crate::common::pki::*;
use crate::common::*;
use rcgen::KeyPair;

struct Files {
    env: Env,
    chain: Chain,
}

/// A leaf for `spec` issued by "Test Intermediate", written as certbot lays it out in
/// `live/`.
fn certbot_like(spec: LeafSpec<'_>) -> Files {
    let env = Env::new();
    let chain = Pki::new("Test").chain(&spec, true);
    chain.write(&env, "live");
    Files { env, chain }
}

fn check_cmd(f: &Files, extra: &[&str]) -> Outcome {
    f.env
        .cmd()
        .args(["cert", "check", "--cert"])
        .arg(f.env.path("live/fullchain.pem"))
        .arg("--key")
        .arg(f.env.path("live/privkey.pem"))
        .args(extra)
        .run()
}

#[test]
fn good_certificate_table_output_and_exit_0() {
    let f = certbot_like(LeafSpec::default());
    let out = check_cmd(&f, &["-d", "play.example.com"]);
    out.assert_code(0).assert_stderr_eq("");
    let lines: Vec<&str> = out.stdout().lines().collect();
    assert_eq!(lines[0], "subject      CN=play.example.com");
    assert_eq!(lines[1], "names        play.example.com");
    assert_eq!(lines[2], "issuer       CN=Test Intermediate");
    assert!(lines[4].starts_with("not after    ") && lines[4].ends_with("days left)"));
    assert_eq!(lines[5], "key          ECDSA P-256");
    assert!(lines[6].starts_with("fingerprint  sha256:") && lines[6].len() == 13 + 7 + 64);
    assert_eq!(lines[7], "chain        1 certificate(s) after the leaf");
    assert_eq!(lines[8], "");
    assert_eq!(lines[9], "CHECK      STATUS  DETAIL");
    assert_eq!(lines[10], "pem        pass    2 certificates in the file");
    assert_eq!(lines[11], "key        pass    ECDSA P-256");
    assert_eq!(
        lines[12],
        "key-match  pass    the private key matches the certificate"
    );
    assert!(lines[13].starts_with("validity   pass    valid until "));
    assert_eq!(
        lines[14],
        "chain      pass    CN=play.example.com → CN=Test Intermediate → (CN=Test Root, not included)"
    );
    assert_eq!(
        lines[15],
        "name       pass    play.example.com is in the certificate"
    );
    assert_eq!(lines[16], "");
    assert_eq!(lines[17], "result: pass: 6 checks passed");
    assert_eq!(lines.len(), 18);
}

#[test]
fn the_table_ends_with_a_verdict_that_says_when_strict_decides() {
    // Ten days left: a warning under the default --min-days.
    let f = certbot_like(LeafSpec {
        not_after_days: 10,
        ..LeafSpec::default()
    });
    let last = |out: &Outcome| out.stdout().lines().last().unwrap_or_default().to_string();
    let out = check_cmd(&f, &[]);
    out.assert_code(0).assert_stderr_eq("");
    assert_eq!(
        last(&out),
        "result: pass with 1 warning (validity); with --strict a warning fails (exit 3)"
    );
    let out = check_cmd(&f, &["--strict"]);
    out.assert_code(3).assert_stderr_eq("");
    assert_eq!(
        last(&out),
        "result: fail: 1 warning (validity), and --strict fails on any warning (exit 3)"
    );
    let out = check_cmd(&f, &["--strict", "-d", "other.example.org"]);
    out.assert_code(3);
    assert_eq!(
        last(&out),
        "result: fail: 1 failed (name), 1 warning (validity) (exit 3)"
    );
    // tsv and json carry no verdict line: each check's status is there to decide by.
    let tsv = check_cmd(&f, &["--strict", "-o", "tsv"]);
    tsv.assert_code(3)
        .assert_stdout_lacks("result:")
        .assert_stderr_eq("");
    assert!(tsv.stdout().lines().all(|l| l.split('\t').count() == 3));
    let json = check_cmd(&f, &["--strict", "-o", "json"]);
    json.assert_code(3).assert_stderr_eq("");
    assert!(json.json()["checks"].is_array());
}

#[test]
fn json_and_tsv_outputs() {
    let f = certbot_like(LeafSpec::default());
    let out = check_cmd(
        &f,
        &[
            "-d",
            "play.example.com",
            "-d",
            "x.example.com",
            "-o",
            "json",
        ],
    );
    out.assert_code(3);
    let v = out.json();
    let ids: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "pem",
            "key",
            "key-match",
            "validity",
            "chain",
            "name",
            "name"
        ]
    );
    assert_eq!(v["checks"][6]["status"], "fail");
    assert_eq!(
        v["checks"][6]["detail"],
        "x.example.com is not covered by the certificate (it is valid for: play.example.com)"
    );
    let s = &v["summary"];
    for field in [
        "subject",
        "names",
        "issuer",
        "not_before",
        "not_after",
        "days_left",
        "key_type",
        "key_bits",
        "sha256_fingerprint",
        "chain_certificates",
    ] {
        assert!(s.get(field).is_some(), "summary lacks {field}");
    }
    assert_eq!(s["key_type"], "ECDSA P-256");
    assert_eq!(s["key_bits"], 256);

    let out = check_cmd(&f, &["-o", "tsv"]);
    out.assert_code(0);
    let first: Vec<&str> = out.stdout().lines().collect();
    assert_eq!(first[0], "pem\tpass\t2 certificates in the file");
    assert_eq!(first[1], "key\tpass\tECDSA P-256");
    out.assert(
        out.stdout().lines().all(|l| l.split('\t').count() == 3),
        "three cells a line",
    );
}

#[test]
fn warnings_pass_unless_strict_and_failures_exit_3() {
    let f = certbot_like(LeafSpec {
        not_before_days: -80,
        not_after_days: 3,
        ..LeafSpec::default()
    });
    check_cmd(&f, &[]).assert_code(0);
    check_cmd(&f, &["--strict"]).assert_code(3);
    check_cmd(&f, &["--min-days", "1", "--strict"]).assert_code(0);

    let expired = certbot_like(LeafSpec {
        not_before_days: -90,
        not_after_days: -1,
        ..LeafSpec::default()
    });
    check_cmd(&expired, &[])
        .assert_code(3)
        .assert_stdout_contains("validity   fail    expired on ");
}

#[test]
fn layouts_of_certbot_acme_sh_lego_and_openssl_text_all_parse() {
    let f = certbot_like(LeafSpec::default());
    let (leaf, inter) = (f.chain.leaf_pem.clone(), f.chain.inter_pem.clone());
    let layouts = [
        // certbot fullchain.pem: leaf then chain, LF.
        ("fullchain.pem", format!("{leaf}{inter}")),
        // acme.sh fullchain.cer: a blank line between the blocks.
        ("fullchain.cer", format!("{leaf}\n{inter}")),
        // lego example.com.crt: leaf and issuer bundle.
        ("example.com.crt", format!("{leaf}\n{inter}\n")),
        // Windows editors: CRLF and a BOM.
        (
            "crlf.pem",
            format!("\u{feff}{}", format!("{leaf}{inter}").replace('\n', "\r\n")),
        ),
        // `openssl x509 -text` output: text before each block.
        (
            "text.pem",
            format!(
                "Certificate:\n    Data:\n        Version: 3 (0x2)\n{leaf}subject=CN = Test Intermediate\n\n{inter}"
            ),
        ),
    ];
    for (name, content) in layouts {
        let path = f.env.write(name, content.as_bytes());
        f.env
            .cmd()
            .args([
                "cert",
                "check",
                "-o",
                "tsv",
                "-d",
                "play.example.com",
                "--cert",
            ])
            .arg(&path)
            .arg("--key")
            .arg(f.env.path("live/privkey.pem"))
            .run()
            .assert_code(0)
            .assert_stdout_starts_with("pem\tpass\t2 certificates in the file\n");
    }
}

#[test]
fn unusable_files_are_usage_errors_with_the_fix() {
    let f = certbot_like(LeafSpec::default());
    let der = f.env.write("cert.der", &pem_to_der(&f.chain.leaf_pem));
    let empty = f.env.write("empty.pem", b"");
    let enc = f
        .env
        .write("enc.pem", fixture_key("p256.encrypted.pem").as_bytes());
    let chain = f.env.path("live/fullchain.pem");
    let key = f.env.path("live/privkey.pem");
    for (cert, k, expected) in [
        (
            &der,
            &key,
            format!("openssl x509 -inform der -in {}", der.display()),
        ),
        (&key, &chain, "did you swap --cert and --key?".to_string()),
        (
            &empty,
            &key,
            format!("--cert {}: the file is empty", empty.display()),
        ),
        (&chain, &enc, format!("openssl pkey -in {}", enc.display())),
    ] {
        f.env
            .cmd()
            .args(["cert", "check", "--cert"])
            .arg(cert)
            .arg("--key")
            .arg(k)
            .run()
            .assert_code(2)
            .assert_stderr_contains(&expected);
    }
    f.env
        .cmd()
        .args(["cert", "check"])
        .run()
        .assert_code(2)
        .assert_stderr_contains("--cert <FILE>");
}

#[test]
fn an_encrypted_key_given_as_cert_is_called_a_swap_like_any_key() {
    let f = certbot_like(LeafSpec::default());
    let enc = f
        .env
        .write("enc.pem", fixture_key("p256.encrypted.pem").as_bytes());
    let plain = f.env.path("live/privkey.pem");
    let chain = f.env.path("live/fullchain.pem");
    for key in [&plain, &enc] {
        let tail = if key == &enc {
            format!(
                " (it must also be decrypted to be used as --key: openssl pkey -in {} -out key.pem)",
                key.display()
            )
        } else {
            String::new()
        };
        let expected = format!(
            "error: --cert {}: this file holds {}private key, not a certificate; did you swap \
             --cert and --key?{tail}\n",
            key.display(),
            if key == &enc { "an encrypted " } else { "a " }
        );
        f.env
            .cmd()
            .args(["cert", "check", "--cert"])
            .arg(key)
            .arg("--key")
            .arg(&chain)
            .run()
            .case(key.display())
            .assert_code(2)
            .assert_stdout_eq("")
            .assert_stderr_eq(&expected);
        let api = FakeApi::answering_ok();
        f.env
            .bind(&api.endpoint())
            .args(["-d", "play.example.com", "--cert"])
            .arg(key)
            .arg("--key")
            .arg(&chain)
            .run()
            .case(key.display())
            .assert_code(2)
            .assert_stdout_eq("")
            .assert_stderr_eq(&expected);
        assert!(api.server.requests().is_empty(), "something was sent");
    }
    // Where a certificate is only compared, the fix is to give the certificate.
    f.env
        .cmd()
        .args(["cert", "probe", "-d", "play.example.com", "--expect-cert"])
        .arg(&enc)
        .run()
        .assert_code(2)
        .assert_stderr_eq(format!(
            "error: --expect-cert {}: this file holds an encrypted private key, not a \
             certificate; give the certificate (fullchain.pem or cert.pem)\n",
            enc.display()
        ));
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(pem_body(pem))
        .unwrap()
}

fn bind(f: &Files, api: &FakeApi, extra: &[&str]) -> Outcome {
    f.env
        .bind(&api.endpoint())
        .args(["--cert"])
        .arg(f.env.path("live/fullchain.pem"))
        .arg("--key")
        .arg(f.env.path("live/privkey.pem"))
        .args(extra)
        .run()
}

#[test]
fn failing_preflight_sends_nothing_and_exits_3() {
    let f = certbot_like(LeafSpec::default());
    let api = FakeApi::answering_ok();
    bind(
        &f,
        &api,
        &["-d", "play.example.com", "-d", "other.example.net"],
    )
    .assert_code(3)
    .assert_stderr_eq(
        "error: the certificate checks failed, nothing was sent:\n  \
         name: other.example.net is not covered by the certificate (it is valid for: play.example.com)\n\
         See `tclive cert check` for the full report; --no-check skips the checks (last resort).\n",
    )
    .assert_stdout_eq("");
    assert!(api.requests().is_empty());

    // The same in a dry run.
    bind(&f, &api, &["-d", "other.example.net", "--dry-run"])
        .assert_code(3)
        .assert_stdout_eq("");

    // A key that does not match.
    let other = KeyPair::generate().unwrap();
    register_private_key(&other.serialize_pem());
    f.env
        .write("live/privkey.pem", other.serialize_pem().as_bytes());
    bind(&f, &api, &["-d", "play.example.com"])
        .assert_code(3)
        .assert_stderr_contains("  key-match: the private key does not belong to this certificate");
    assert!(api.requests().is_empty());

    // --no-check sends it anyway (and the API decides).
    bind(&f, &api, &["-d", "play.example.com", "--no-check"]).assert_code(0);
    // The upload, then the bind by its ID.
    assert_eq!(api.requests().len(), 2);
    assert_eq!(
        api.only_upload()["CertificatePrivateKey"],
        other.serialize_pem().as_str()
    );
}

#[test]
fn warnings_print_and_the_bind_goes_on_with_the_chain_reordered() {
    let f = certbot_like(LeafSpec::default());
    // Reversed chain: intermediate first.
    f.env.write(
        "live/fullchain.pem",
        format!("{}{}", f.chain.inter_pem, f.chain.leaf_pem).as_bytes(),
    );
    let api = FakeApi::answering_ok();
    bind(&f, &api, &["-d", "play.example.com", "-o", "tsv"])
        .assert_code(0)
        .assert_stderr_eq(
            "warning: chain: the certificates are not in issuer order (leaf first, then its issuer …); they will be sent as #2, #1\n\
             certificate: stored in the SSL certificate service as upload-1 (new); binding it by that ID\n\
             1 domain: 1 ok, 0 failed, 0 mismatched (RequestId req-1234)\n",
        );
    let body = api.only_upload();
    assert_eq!(
        body["CertificatePublicKey"],
        format!("{}{}", f.chain.leaf_pem, f.chain.inter_pem).as_str(),
        "sent leaf first, then its issuer"
    );
    assert_eq!(body["CertificatePrivateKey"], f.chain.key_pem.as_str());
}

#[test]
fn cert_check_takes_a_domains_file() {
    let f = certbot_like(LeafSpec::default());
    let list = f.env.write(
        "domains.txt",
        b"# ours\nplay.example.com:on\nother.example.net\n",
    );
    let out = f
        .env
        .cmd()
        .args(["cert", "check", "-o", "tsv", "--cert"])
        .arg(f.env.path("live/fullchain.pem"))
        .arg("--domains-file")
        .arg(&list)
        .run();
    out.assert_code(3)
        .assert(
            out.stdout()
                .lines()
                .filter(|l| l.starts_with("name\t"))
                .count()
                == 2,
            "a name check per domain",
        )
        .assert_stdout_contains("name\tpass\tplay.example.com is in the certificate\n")
        .assert_stdout_contains("name\tfail\tother.example.net is not covered");
}

#[test]
fn an_ed25519_certificate_is_never_uploaded() {
    let env = Env::new();
    let ed = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    register_private_key(&ed.serialize_pem());
    let cert = rcgen::CertificateParams::new(vec!["a.example.com".to_string()])
        .unwrap()
        .self_signed(&ed)
        .unwrap();
    let c = env.write("c.pem", cert.pem().as_bytes());
    let k = env.write("k.pem", ed.serialize_pem().as_bytes());
    let api = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"r0"}}"#,
    )]);
    env.bind(&api.endpoint())
        .args(["--force", "-d", "a.example.com", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run()
        .assert_code(3)
        .assert_stderr_contains("Ed25519 keys cannot be used");
    assert!(api.requests().is_empty());
}

#[test]
fn p521_and_dsa_certificates_fail_the_key_check() {
    let env = Env::new();
    for (file, name) in [
        ("p521.selfsigned.crt.pem", "ECDSA P-521"),
        ("dsa.selfsigned.crt.pem", "DSA keys cannot be used"),
    ] {
        let pem = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/keys")
                .join(file),
        )
        .unwrap();
        let c = env.write(file, pem.as_bytes());
        let out = env
            .cmd()
            .args(["cert", "check", "-o", "tsv", "--cert"])
            .arg(&c)
            .run();
        out.assert_code(3);
        let key_line = out
            .stdout()
            .lines()
            .find(|l| l.starts_with("key\t"))
            .unwrap_or_default();
        out.assert(
            key_line.starts_with("key\tfail\t") && key_line.contains(name),
            format!("the key check fails naming {name}"),
        );
    }
}

#[test]
fn a_self_signed_leaf_is_recognised_by_its_signature_whatever_its_key_size() {
    let env = Env::new();
    let pem = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/keys/rsa1024.selfsigned.crt.pem"),
    )
    .unwrap();
    let c = env.write("c.pem", pem.as_bytes());
    env.cmd()
        .args(["cert", "check", "-o", "tsv", "--cert"])
        .arg(&c)
        .run()
        .assert_stdout_contains("chain\twarn\tthe certificate is self-signed")
        .assert_stdout_lacks("is not in the file");
}
