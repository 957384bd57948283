//! `--dry-run` on every command, and the commands that need no network: a dry run of `cert
//! bind` prints the request it would send (the private key redacted) without credentials;
//! every command that would read credentials, the API or an edge refuses `--dry-run`; and the
//! offline commands read no credentials and no trust store.

use crate::common::providers::{Providers, Script};
use crate::common::*;

#[test]
fn dry_run_needs_no_credentials_sends_nothing_and_redacts_the_key() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let api = FakeApi::answering_ok();
    let out = env
        .cmd()
        .args([
            "--dry-run",
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--alias",
            "x",
            // The key pair with the bind, as before the SSL service (and its fallback).
            "--upload-via",
            "live",
        ])
        .args(pair.args())
        .args(["--endpoint", &api.endpoint()])
        .run();
    out.assert_code(0);
    assert!(api.requests().is_empty(), "dry run sent a request");
    let port = api.port();
    out.assert_stdout_starts_with(format!(
        "POST http://127.0.0.1:{port}/\nHost: 127.0.0.1:{port}\nContent-Type: application/json\n\
         X-TC-Action: ModifyLiveDomainCertBindings\nX-TC-Version: 2018-08-01\nX-TC-Timestamp: "
    ))
    .assert_stdout_lacks("Authorization");
    let (_, body) = out
        .stdout()
        .split_once("\n\n")
        .unwrap_or_else(|| out.fail("the request's head and body"));
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "DomainInfos": [{"DomainName": "a.example.com", "Status": 1}],
            "CertificatePublicKey": pair.cert_pem,
            "CertificatePrivateKey": format!("<redacted: {} bytes>", pair.key_pem.len()),
            "CertificateAlias": "x",
        })
    );
}

#[test]
fn dry_run_json_is_machine_readable() {
    let env = Env::new();
    let out = env
        .cmd()
        .args([
            "cert",
            "bind",
            "--cert-id",
            "abc",
            "-d",
            "a.example.com:off",
            "--dry-run",
            "-o",
            "json",
        ])
        .run();
    out.assert_code(0);
    let v = out.json();
    assert_eq!(v["Method"], "POST");
    assert_eq!(v["Url"], "https://live.tencentcloudapi.com/");
    assert_eq!(v["Headers"]["X-TC-Action"], "ModifyLiveDomainCertBindings");
    assert!(v["Headers"].get("Authorization").is_none());
    assert_eq!(
        v["Body"],
        serde_json::json!({"DomainInfos": [{"DomainName": "a.example.com", "Status": 0}], "CloudCertId": "abc"})
    );
}

#[test]
fn dry_run_never_reads_credentials_or_sends_on_any_command() {
    let env = Env::new();
    // With no stored keys the chain ends at the instance role: reading credentials would ask
    // this metadata fake; anything sent to the API would reach `api`; a probe would connect
    // to `edge`.
    let metadata = Providers::start(Script::default());
    let api = FakeApi::start();
    api.answer_any_after(std::time::Duration::ZERO, 200, &ok_answer(""));
    let edge = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    edge.set_nonblocking(true).unwrap();
    let connect_to = format!(
        "a.example.com:127.0.0.1:{}",
        edge.local_addr().unwrap().port()
    );
    let pair = env.key_pair_files(&["a.example.com"]);
    let (c, k) = (pair.cert.to_str().unwrap(), pair.key.to_str().unwrap());
    let refused: Vec<(Vec<&str>, &str)> = vec![
        (vec!["credentials", "show"], "`credentials show`"),
        (vec!["credentials", "show", "--check"], "`credentials show`"),
        (vec!["cert", "list"], "`cert list` only reads"),
        (vec!["domain", "list"], "`domain list` only reads"),
        (
            vec![
                "cert",
                "probe",
                "-d",
                "a.example.com",
                "--connect-to",
                &connect_to,
            ],
            "`cert probe` changes nothing",
        ),
        (
            vec!["cert", "probe", "-d", "a.example.com", "--expect-bound"],
            "`cert probe` changes nothing",
        ),
        (
            vec![
                "cert",
                "bind",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--plan",
            ],
            "--plan reads the current bindings from the API, which --dry-run never does",
        ),
        (
            vec![
                "cert",
                "bind",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "--wait-served",
                "1m",
            ],
            "--dry-run never makes",
        ),
        (
            vec!["cert", "bind", "--match-san", "--cert", c, "--key", k],
            "--match-san reads the domain list",
        ),
    ];
    for (args, says) in &refused {
        for dry_run_first in [true, false] {
            let mut cmd = env.cmd();
            cmd.env("TCLIVE_METADATA_ENDPOINT", metadata.url())
                .env("TCLIVE_ENDPOINT", api.endpoint());
            if dry_run_first {
                cmd.arg("--dry-run").args(args);
            } else {
                cmd.args(args).arg("--dry-run");
            }
            cmd.run()
                .assert_code(2)
                .assert_stderr_contains(says)
                .assert_stderr_contains(
                    "--dry-run never reads credentials and never sends anything",
                );
            assert!(
                metadata.requests().is_empty(),
                "{args:?}: credentials were read"
            );
            assert!(api.requests().is_empty(), "{args:?}: a request was sent");
            assert!(edge.accept().is_err(), "{args:?}: a handshake was sent");
        }
    }
    // Commands that neither read credentials nor send are unaffected; bind prints the request.
    for (args, code) in [
        (
            vec!["cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
            0,
        ),
        (
            vec![
                "cert",
                "check",
                "--cert",
                c,
                "--key",
                k,
                "-d",
                "a.example.com",
            ],
            0,
        ),
        (vec!["completions", "bash"], 0),
        (vec!["man"], 0),
    ] {
        let out = env
            .cmd()
            .env("TCLIVE_METADATA_ENDPOINT", metadata.url())
            .env("TCLIVE_ENDPOINT", api.endpoint())
            .arg("--dry-run")
            .args(&args)
            .run();
        out.assert_code(code)
            .assert(!out.stdout().is_empty(), "something is printed");
    }
    assert!(metadata.requests().is_empty() && api.requests().is_empty());
}

/// Commands that need no network do no network set-up and read no credentials: a broken
/// credentials environment and an unreadable trust store change nothing for them.
#[test]
fn offline_commands_read_no_credentials_and_no_trust_store() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let (c, k) = (pair.cert.to_str().unwrap(), pair.key.to_str().unwrap());
    for args in [
        vec!["--version"],
        vec!["--help"],
        vec!["completions", "bash"],
        vec!["cert", "check", "--cert", c, "--key", k],
        vec![
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
        ],
        vec![
            "--dry-run",
            "cert",
            "bind",
            "--cert",
            c,
            "--key",
            k,
            "-d",
            "a.example.com",
        ],
    ] {
        env.cmd()
            // Half a pair: reading the environment's credentials would fail with exit 4.
            .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_CREDENTIALS_FILE", "/nonexistent/credentials")
            // Loading trust roots from here would fail.
            .env("SSL_CERT_FILE", "/nonexistent/roots.pem")
            .env("SSL_CERT_DIR", "/nonexistent")
            .args(&args)
            .run()
            .assert_code(0);
    }
    // Whereas a real call does read them.
    env.cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .args(["cert", "bind", "--cert-id", "x", "-d", "a.example.com"])
        .run()
        .assert_code(4);
}

#[test]
fn dry_run_shows_the_international_host_with_site_intl() {
    let env = Env::new();
    let dry = [
        "--dry-run",
        "cert",
        "bind",
        "--cert-id",
        "x",
        "-d",
        "a.example.com",
    ];
    let first_line = |out: &Outcome| out.stdout().lines().next().unwrap_or("").to_string();
    // The China site by default.
    let out = env.cmd().env_remove("TCLIVE_SITE").args(dry).run();
    out.assert_code(0);
    assert_eq!(first_line(&out), "POST https://live.tencentcloudapi.com/");
    out.assert_stdout_contains("\nHost: live.tencentcloudapi.com\n");
    // --site intl, before or after the subcommand, and TCLIVE_SITE=intl.
    for out in [
        env.cmd().args(["--site", "intl"]).args(dry).run(),
        env.cmd().args(dry).args(["--site", "intl"]).run(),
        env.cmd().env("TCLIVE_SITE", "intl").args(dry).run(),
    ] {
        out.assert_code(0)
            .assert_stdout_contains("\nHost: live.intl.tencentcloudapi.com\n");
        assert_eq!(
            first_line(&out),
            "POST https://live.intl.tencentcloudapi.com/"
        );
    }
    // The flag wins over the variable.
    env.cmd()
        .env("TCLIVE_SITE", "intl")
        .args(["--site", "cn"])
        .args(dry)
        .run()
        .assert_code(0)
        .assert_stdout_contains("\nHost: live.tencentcloudapi.com\n");
    // --endpoint and TCLIVE_ENDPOINT still override the site's host.
    env.cmd()
        .args(["--site", "intl", "--endpoint", "http://127.0.0.1:9"])
        .args(dry)
        .run()
        .assert_code(0)
        .assert_stdout_contains("\nHost: 127.0.0.1:9\n");
    env.cmd()
        .env("TCLIVE_ENDPOINT", "live.ap-singapore.tencentcloudapi.com")
        .args(["--site", "intl"])
        .args(dry)
        .run()
        .assert_code(0)
        .assert_stdout_contains("\nHost: live.ap-singapore.tencentcloudapi.com\n");
}

#[test]
fn a_bad_site_is_a_usage_error_naming_where_it_came_from() {
    let env = Env::new();
    let dry = [
        "--dry-run",
        "cert",
        "bind",
        "--cert-id",
        "x",
        "-d",
        "a.example.com",
    ];
    env.cmd()
        .env("TCLIVE_SITE", "international")
        .args(dry)
        .run()
        .assert_code(2)
        .assert_stderr_contains("TCLIVE_SITE 'international' is not a site: use cn")
        .assert_stdout_eq("");
    env.cmd()
        .env("TCLIVE_SITE", undecodable("intl"))
        .args(dry)
        .run()
        .assert_code(2)
        .assert_stderr_contains("TCLIVE_SITE is set but is not valid UTF-8")
        .assert_stdout_eq("");
    // Even with an endpoint given: a site was meant and is not understood.
    env.cmd()
        .env("TCLIVE_SITE", "mars")
        .args(["--endpoint", "http://127.0.0.1:9"])
        .args(dry)
        .run()
        .assert_code(2)
        .assert_stderr_contains("TCLIVE_SITE 'mars'");
    env.cmd()
        .args(["--site", "mars"])
        .args(dry)
        .run()
        .assert_code(2)
        .assert_stderr_contains("--site");
    // `cert check` reads no site.
    let pair = env.key_pair_files(&["a.example.com"]);
    env.cmd()
        .env("TCLIVE_SITE", "mars")
        .args(["cert", "check"])
        .args(pair.args())
        .run()
        .assert_code(0);
}

#[test]
fn dry_run_of_a_key_pair_shows_the_upload_then_the_bind_by_its_id_the_key_redacted() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let api = FakeApi::answering_ok();
    let ssl = FakeApi::answering_ok();
    let out = env
        .cmd()
        .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args([
            "--dry-run",
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--alias",
            "x",
        ])
        .args(pair.args())
        .args(["--endpoint", &api.endpoint()])
        .run();
    out.assert_code(0)
        .assert_stdout_lacks("Authorization")
        .assert_stderr_contains(
            "if CAM refuses ssl:UploadCertificate, the key pair goes with the bind",
        );
    assert!(
        api.requests().is_empty() && ssl.requests().is_empty(),
        "dry run sent a request"
    );
    let (ssl_port, port) = (ssl.port(), api.port());
    let text = out.stdout();
    let (upload, bind) = text
        .split_once(&format!("\nPOST http://127.0.0.1:{port}/\n"))
        .unwrap_or_else(|| out.fail("two requests"));
    assert!(upload.starts_with(&format!(
        "POST http://127.0.0.1:{ssl_port}/\nHost: 127.0.0.1:{ssl_port}\nContent-Type: application/json\n\
         X-TC-Action: UploadCertificate\nX-TC-Version: 2019-12-05\nX-TC-Timestamp: "
    )), "{upload}");
    let body = |part: &str| -> serde_json::Value {
        serde_json::from_str(part.split_once("\n\n").unwrap().1.trim()).unwrap()
    };
    assert_eq!(
        body(upload),
        serde_json::json!({
            "CertificatePublicKey": pair.cert_pem,
            "CertificatePrivateKey": format!("<redacted: {} bytes>", pair.key_pem.len()),
            "CertificateType": "SVR",
            "Alias": "x",
            "CertificateUse": "LIVE",
            "Repeatable": false,
        })
    );
    assert!(
        bind.contains("X-TC-Action: ModifyLiveDomainCertBindings\n"),
        "{bind}"
    );
    assert_eq!(
        body(bind),
        serde_json::json!({
            "DomainInfos": [{"DomainName": "a.example.com", "Status": 1}],
            "CloudCertId": "<CertificateId or RepeatCertId of UploadCertificate>",
        })
    );
    // -o json: both requests, in order; --upload-via ssl says nothing of a fallback.
    let out = env
        .cmd()
        .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args([
            "--dry-run",
            "-o",
            "json",
            "cert",
            "bind",
            "-d",
            "a.example.com",
        ])
        .args(["--upload-via", "ssl"])
        .args(pair.args())
        .args(["--endpoint", &api.endpoint()])
        .run();
    out.assert_code(0).assert_stderr_lacks("if CAM refuses");
    let v = out.json();
    assert_eq!(v[0]["Headers"]["X-TC-Action"], "UploadCertificate", "{v}");
    assert_eq!(v[0]["Url"], format!("http://127.0.0.1:{ssl_port}/"));
    assert!(
        v[0]["Body"]["CertificatePrivateKey"]
            .as_str()
            .unwrap()
            .starts_with("<redacted: ")
    );
    assert_eq!(
        v[1]["Headers"]["X-TC-Action"],
        "ModifyLiveDomainCertBindings"
    );
    assert!(v[1]["Body"].get("CertificatePrivateKey").is_none());
    // The site's SSL host when no endpoint is given.
    env.cmd()
        .env_remove("TCLIVE_SSL_ENDPOINT")
        .args([
            "--site",
            "intl",
            "--dry-run",
            "cert",
            "bind",
            "-d",
            "a.example.com",
        ])
        .args(pair.args())
        .run()
        .assert_code(0)
        .assert_stdout_contains(
            "POST https://ssl.intl.tencentcloudapi.com/\nHost: ssl.intl.tencentcloudapi.com\n",
        )
        .assert_stdout_contains("POST https://live.intl.tencentcloudapi.com/\n");
}
