//! `tclive cert check` and the pre-flight inside `cert bind`, through the binary: exit codes,
//! output formats, the file layouts of certbot, acme.sh and lego, and that a failing pre-flight
//! sends nothing.

use crate::common::pki::*;
use crate::common::*;
use rcgen::KeyPair;

struct Files {
    env: Env,
    inter_pem: String,
    leaf_pem: String,
    key_pem: String,
}

/// A leaf for play.example.com issued by an intermediate, written as certbot lays it out.
fn certbot_like(spec: LeafSpec<'_>) -> Files {
    let env = Env::new();
    let root = root("Test Root");
    let inter = intermediate("Test Intermediate", &root);
    let key = KeyPair::generate().unwrap();
    let key_pem = key.serialize_pem();
    register_private_key(&key_pem);
    let leaf_pem = leaf(&spec, &key, &inter);
    env.write(
        "live/fullchain.pem",
        format!("{leaf_pem}{}", inter.pem).as_bytes(),
    );
    env.write("live/privkey.pem", key_pem.as_bytes());
    Files {
        env,
        inter_pem: inter.pem,
        leaf_pem,
        key_pem,
    }
}

fn check_cmd(f: &Files, extra: &[&str]) -> std::process::Output {
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
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
    assert_eq!(lines.len(), 16);
    assert_eq!(stderr(&out), "");
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
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let first: Vec<&str> = text.lines().collect();
    assert_eq!(first[0], "pem\tpass\t2 certificates in the file");
    assert_eq!(first[1], "key\tpass\tECDSA P-256");
    assert!(text.lines().all(|l| l.split('\t').count() == 3));
}

#[test]
fn warnings_pass_unless_strict_and_failures_exit_3() {
    let f = certbot_like(LeafSpec {
        not_before_days: -80,
        not_after_days: 3,
        ..LeafSpec::default()
    });
    assert_eq!(check_cmd(&f, &[]).status.code(), Some(0));
    assert_eq!(check_cmd(&f, &["--strict"]).status.code(), Some(3));
    assert_eq!(
        check_cmd(&f, &["--min-days", "1", "--strict"])
            .status
            .code(),
        Some(0)
    );

    let expired = certbot_like(LeafSpec {
        not_before_days: -90,
        not_after_days: -1,
        ..LeafSpec::default()
    });
    let out = check_cmd(&expired, &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out).contains("validity   fail    expired on "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn layouts_of_certbot_acme_sh_lego_and_openssl_text_all_parse() {
    let f = certbot_like(LeafSpec::default());
    let (leaf, inter) = (f.leaf_pem.clone(), f.inter_pem.clone());
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
        let out = f
            .env
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
            .run();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stdout(&out));
        assert!(
            stdout(&out).starts_with("pem\tpass\t2 certificates in the file\n"),
            "{name}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn unusable_files_are_usage_errors_with_the_fix() {
    let f = certbot_like(LeafSpec::default());
    let der = f.env.write("cert.der", &pem_to_der(&f.leaf_pem));
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
        let out = f
            .env
            .cmd()
            .args(["cert", "check", "--cert"])
            .arg(cert)
            .arg("--key")
            .arg(k)
            .run();
        assert_eq!(out.status.code(), Some(2), "{expected}");
        assert!(
            stderr(&out).contains(&expected),
            "{expected}: {}",
            stderr(&out)
        );
    }
    let out = f.env.cmd().args(["cert", "check"]).run();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--cert <FILE>"));
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(pem_body(pem))
        .unwrap()
}

fn bind(f: &Files, api: &FakeApi, extra: &[&str]) -> std::process::Output {
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
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = bind(
        &f,
        &api,
        &["-d", "play.example.com", "-d", "other.example.net"],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "error: the certificate checks failed, nothing was sent:\n  \
         name: other.example.net is not covered by the certificate (it is valid for: play.example.com)\n\
         See `tclive cert check` for the full report; --no-check skips the checks (last resort).\n"
    );
    assert_eq!(stdout(&out), "");
    assert!(api.requests().is_empty());

    // The same in a dry run.
    let out = bind(&f, &api, &["-d", "other.example.net", "--dry-run"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(stdout(&out), "");

    // A key that does not match.
    let other = KeyPair::generate().unwrap();
    register_private_key(&other.serialize_pem());
    f.env
        .write("live/privkey.pem", other.serialize_pem().as_bytes());
    let out = bind(&f, &api, &["-d", "play.example.com"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("  key-match: the private key does not belong to this certificate")
    );
    assert!(api.requests().is_empty());

    // --no-check sends it anyway (and the API decides).
    let out = bind(&f, &api, &["-d", "play.example.com", "--no-check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(api.requests().len(), 1);
}

#[test]
fn warnings_print_and_the_bind_goes_on_with_the_chain_reordered() {
    let f = certbot_like(LeafSpec::default());
    // Reversed chain: intermediate first.
    f.env.write(
        "live/fullchain.pem",
        format!("{}{}", f.inter_pem, f.leaf_pem).as_bytes(),
    );
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = bind(&f, &api, &["-d", "play.example.com", "-o", "tsv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: chain: the certificates are not in issuer order (leaf first, then its issuer …); they will be sent as #2, #1\n\
         1 domain: 1 ok, 0 failed, 0 mismatched (RequestId req-1234)\n"
    );
    let body: serde_json::Value = serde_json::from_slice(api.only_request().body_ref()).unwrap();
    assert_eq!(
        body["CertificatePublicKey"],
        format!("{}{}", f.leaf_pem, f.inter_pem).as_str(),
        "sent leaf first, then its issuer"
    );
    assert_eq!(body["CertificatePrivateKey"], f.key_pem.as_str());
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
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    let names = text.lines().filter(|l| l.starts_with("name\t")).count();
    assert_eq!(names, 2, "{text}");
    assert!(
        text.contains("name\tpass\tplay.example.com is in the certificate\n"),
        "{text}"
    );
    assert!(
        text.contains("name\tfail\tother.example.net is not covered"),
        "{text}"
    );
}

#[test]
fn certificate_text_with_escape_sequences_never_reaches_the_terminal() {
    let f = certbot_like(LeafSpec {
        names: &["evil\u{1b}]0;pwned\u{7}\u{1b}[2J.example.com"],
        cn_only: true,
        ..LeafSpec::default()
    });
    for format in ["table", "tsv", "json"] {
        let out = check_cmd(&f, &["-d", "play.example.com", "-o", format]);
        assert_eq!(out.status.code(), Some(3), "{format}: {}", stderr(&out));
        assert!(
            !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
            "{format}: {}",
            stdout(&out)
        );
        assert!(stdout(&out).contains("evil"), "{format}: {}", stdout(&out));
    }
    // The pre-flight of a bind reports the same checks on stderr.
    let api = FakeApi::start();
    let out = f
        .env
        .bind(&api.endpoint())
        .args(["-d", "play.example.com", "--cert"])
        .arg(f.env.path("live/fullchain.pem"))
        .arg("--key")
        .arg(f.env.path("live/privkey.pem"))
        .run();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("evil"), "{}", stderr(&out));
    assert!(!out.stderr.contains(&0x1b), "{}", stderr(&out));
    assert!(api.requests().is_empty());
}
