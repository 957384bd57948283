//! `tclive cert bind` through the built binary against a loopback fake API: what the server
//! received (headers, body, signature), how the domains given on the command line, in files
//! and on stdin are sent, what the user sees (stdout, stderr) and the exit code; and every
//! argument that is refused with exit 2 before anything is sent.

use std::collections::BTreeSet;

use crate::common::fake_live::FakeLive;
use crate::common::fake_ssl::{FakeSsl, StoredCert};
use crate::common::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn names(req: &crate::common::server::Request) -> BTreeSet<String> {
    req.headers_vec()
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect()
}

#[test]
fn cert_id_bind_sends_exact_headers_and_body_and_prints_the_table() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(
        200,
        &ok_answer(r#""MismatchedDomainNames":[],"Errors":[],"#),
    );
    let out = env
        .bind(&api.endpoint())
        .args([
            "--cert-id",
            "hZy2N9vF",
            "--domain",
            "Play.Example.com.",
            "--domain",
            "b.example.com:off",
        ])
        .run();
    out.assert_code(0);
    let req = api.only_request();
    assert_eq!(req.method_str(), "POST");
    assert_eq!(req.path(), "/");
    assert_eq!(
        req.body_string(),
        r#"{"DomainInfos":[{"DomainName":"play.example.com","Status":1},{"DomainName":"b.example.com","Status":0}],"CloudCertId":"hZy2N9vF"}"#
    );
    let port = api.port();
    assert_eq!(
        header(&req, "host"),
        Some(format!("127.0.0.1:{port}").as_str())
    );
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    assert_eq!(
        header(&req, "x-tc-action"),
        Some("ModifyLiveDomainCertBindings")
    );
    assert_eq!(header(&req, "x-tc-version"), Some("2018-08-01"));
    assert_eq!(header(&req, "x-tc-language"), Some("en-US"));
    assert_eq!(
        header(&req, "x-tc-requestclient"),
        Some(format!("TCLIVE_{VERSION}").as_str())
    );
    let expected: BTreeSet<String> = [
        "host",
        "content-type",
        "content-length",
        "accept",
        "x-tc-action",
        "x-tc-version",
        "x-tc-timestamp",
        "x-tc-language",
        "x-tc-requestclient",
        "authorization",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(
        names(&req),
        expected,
        "no region or token header unless set"
    );
    assert_valid_signature(&req);

    out.assert_stdout_eq(
        "DOMAIN            HTTPS  RESULT  CODE  MESSAGE\n\
         play.example.com  on     ok\n\
         b.example.com     off    ok\n",
    )
    .assert_stderr_eq("2 domains: 2 ok, 0 failed, 0 mismatched (RequestId req-1234)\n");
}

#[test]
fn key_pair_with_alias_sends_both_pems_in_the_body_only() {
    let env = Env::new();
    let kp = key_pair(&["play.example.com"]);
    let cert = env.write("le/fullchain.pem", kp.cert_pem.as_bytes());
    let key = env.write("le/privkey.pem", kp.key_pem.as_bytes());
    let api = FakeApi::start();
    api.answer(
        200,
        &ok_answer(r#""MismatchedDomainNames":null,"Errors":null,"#),
    );
    env.cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--domain",
            "play.example.com",
            "--alias",
            "renewed-2026",
            // The key pair with the bind (the path CAM without ssl:UploadCertificate takes).
            "--upload-via",
            "live",
        ])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(0);
    let req = api.only_request();
    let expected = serde_json::json!({
        "DomainInfos": [{"DomainName": "play.example.com", "Status": 1}],
        "CertificatePublicKey": kp.cert_pem,
        "CertificatePrivateKey": kp.key_pem,
        "CertificateAlias": "renewed-2026",
    });
    assert_eq!(req.body_string(), serde_json::to_string(&expected).unwrap());
    assert_valid_signature(&req);
    // The key travels only in the body: not in a header, not in the URL.
    for (_, v) in req.headers_vec() {
        assert!(!v.contains(&pem_body(&kp.key_pem)[..40]));
    }
    assert!(!req.uri_str().contains("PRIVATE"));
}

#[test]
fn key_read_from_stdin() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("fullchain.pem", kp.cert_pem.as_bytes());
    let api = FakeApi::answering_ok();
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com", "--key", "-"])
        .arg("--cert")
        .arg(&cert)
        .write_stdin(kp.key_pem.clone())
        .run()
        .assert_code(0);
    let body = api.only_upload();
    assert_eq!(body["CertificatePrivateKey"], kp.key_pem.as_str());
    // No --alias: the leaf's name and its expiry day (rcgen's certificates end in 4096).
    assert_eq!(body["Alias"], "tclive a.example.com 4096-01-01");
}

#[test]
fn toggle_only_sends_just_the_domain_states() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    let run = |extra: &[&str]| {
        env.bind(&api.endpoint())
            .args([
                "-d",
                "a.example.com:on",
                "-d",
                "b.example.com:off",
                "-d",
                "c.example.com:keep",
                "-o",
                "tsv",
            ])
            .args(extra)
            .run()
    };
    // `keep` with no certificate to bind has nothing to do: left out of the request.
    let out = run(&[]);
    out.assert_code(0);
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0}]}"#
    );
    out.assert_stdout_eq(
        "a.example.com\ton\tok\t\t\nb.example.com\toff\tok\t\t\nc.example.com\tkeep\tunchanged\t\t\n",
    );
    // --force sends every domain as given.
    run(&["--force"]).assert_code(0);
    assert_eq!(
        api.requests()[1].body_string(),
        r#"{"DomainInfos":[{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0},{"DomainName":"c.example.com","Status":-1}]}"#
    );
}

#[test]
fn region_token_and_language_headers_when_set() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    env.bind(&api.endpoint())
        .env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .args([
            "--cert-id",
            "x1",
            "-d",
            "a.example.com",
            "--language",
            "zh-CN",
        ])
        .run()
        .assert_code(0);
    let req = api.only_request();
    assert_eq!(header(&req, "x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(header(&req, "x-tc-token"), Some(TOKEN));
    assert_eq!(header(&req, "x-tc-language"), Some("zh-CN"));
    assert_valid_signature(&req);

    // --region on the command line wins over the environment; an empty region sends nothing.
    let api2 = FakeApi::answering_ok();
    let out = env
        .bind(&api2.endpoint())
        .env("TENCENTCLOUD_REGION", "")
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(header(&api2.only_request(), "x-tc-region"), None);
    out.assert_code(0);
    let api3 = FakeApi::answering_ok();
    env.bind(&api3.endpoint())
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .args(["-d", "a.example.com", "--region", "ap-shanghai"])
        .run()
        .assert_code(0);
    assert_eq!(
        header(&api3.only_request(), "x-tc-region"),
        Some("ap-shanghai")
    );
}

#[test]
fn global_options_work_after_the_subcommand_and_from_the_environment() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    // Before the subcommand, endpoint from TCLIVE_ENDPOINT.
    env.cmd_with_creds()
        .env("TCLIVE_ENDPOINT", api.endpoint())
        .args(["-o", "tsv", "cert", "bind", "-d", "a.example.com"])
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n");
    // After it.
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .args([
            "--output",
            "tsv",
            "--timeout",
            "5s",
            "--color",
            "never",
            "--language",
            "en-US",
        ])
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n");
    assert_eq!(api.requests().len(), 2);
}

fn partial(format: &str) -> Outcome {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, PARTIAL);
    env.bind(&api.endpoint())
        .args([
            "--cert-id",
            "hZy2N9vF",
            "-d",
            "a.example.com",
            "-d",
            "b.example.com",
            "-d",
            "c.example.com:keep",
            "-o",
            format,
        ])
        .run()
}

#[test]
fn partial_failure_exits_5_with_a_row_per_domain_in_each_format() {
    partial("table")
        .assert_code(5)
        .assert_stdout_eq(
            "DOMAIN         HTTPS  RESULT      CODE                                MESSAGE\n\
             a.example.com  on     ok\n\
             b.example.com  on     failed      FailedOperation.ConfigCDNFailed     CDN configuration failed.\n\
             c.example.com  keep   mismatched  InvalidParameter.CrtDomainNotFound  Unable to find the domain.\n",
        )
        .assert_stderr_eq("3 domains: 1 ok, 1 failed, 1 mismatched (RequestId req-partial)\n");

    partial("tsv").assert_code(5).assert_stdout_eq(
        "a.example.com\ton\tok\t\t\n\
         b.example.com\ton\tfailed\tFailedOperation.ConfigCDNFailed\tCDN configuration failed.\n\
         c.example.com\tkeep\tmismatched\tInvalidParameter.CrtDomainNotFound\tUnable to find the domain.\n",
    );

    let out = partial("json");
    out.assert_code(5);
    // Exactly the Response object as received: pretty, field order kept, unknown fields kept.
    let response = &serde_json::from_str::<serde_json::Value>(PARTIAL).unwrap()["Response"];
    out.assert_stdout_eq(format!(
        "{}\n",
        serde_json::to_string_pretty(response).unwrap()
    ));
    let text = out.stdout();
    out.assert(
        text.find("\"Z\"").unwrap() < text.find("\"A\"").unwrap(),
        "the unknown object's keys keep their order",
    );
}

/// Runs a bind with credentials against a fake API that must receive nothing.
fn refused(env: &Env, args: &[&str], expected: &str) {
    let api = FakeApi::answering_ok();
    env.bind(&api.endpoint())
        .args(args)
        .run()
        .assert_code(2)
        .assert_stderr_contains(expected)
        .assert_stdout_eq("");
    assert!(
        api.server.requests().is_empty(),
        "{args:?}: something was sent"
    );
}

#[test]
fn domain_arguments_that_are_refused() {
    let env = Env::new();
    refused(&env, &[], "no domain given");
    refused(&env, &["-d", "a.example.com:443"], "takes no port");
    refused(
        &env,
        &["-d", "a.example.com:maybe"],
        "unknown HTTPS state 'maybe'",
    );
    refused(
        &env,
        &["-d", "https://play.example.com/live/x"],
        "looks like a URL: give the bare domain name ('play.example.com')",
    );
    refused(&env, &["-d", "play.example.com/live"], "contains a path");
    refused(&env, &["-d", "bad name.com"], "contains spaces");
    refused(
        &env,
        &["-d", "under_score.example.com"],
        "not a valid host name",
    );
    refused(
        &env,
        &["-d", "localhost"],
        "not a fully qualified domain name",
    );
    refused(&env, &["-d", "a..example.com"], "empty label");
    let long = format!("{}.example.com", "a".repeat(64));
    refused(&env, &["-d", &long], "at most 63");
    refused(
        &env,
        &["-d", "a.example.com:on", "-d", "A.Example.com.:off"],
        "domain a.example.com is requested twice with different HTTPS states: 'a.example.com:on' (--domain) and 'a.example.com:off' (--domain)",
    );
}

#[test]
fn certificate_arguments_that_are_refused() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    let key = env.write("k.pem", kp.key_pem.as_bytes());
    let empty = env.write("empty.pem", b"\n\n");
    let text = env.write("notes.txt", b"hello world\n");
    let der = env.write(
        "c.der",
        &[0x30, 0x82, 0x03, 0x10, 0xa0, 0x03, 0x02, 0x01, 0x02, 0xff],
    );
    let (c, k, e, t, d) = (
        cert.to_str().unwrap(),
        key.to_str().unwrap(),
        empty.to_str().unwrap(),
        text.to_str().unwrap(),
        der.to_str().unwrap(),
    );
    let missing = env.path("nope.pem");
    let m = missing.to_str().unwrap();
    fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        [&["-d", "a.example.com"][..], extra].concat()
    }

    refused(
        &env,
        &with(&["--cert-id", "x", "--cert", c, "--key", k]),
        "cannot be used with",
    );
    refused(&env, &with(&["--cert", c]), "--key <FILE>");
    refused(&env, &with(&["--key", k]), "--cert <FILE>");
    refused(
        &env,
        &with(&["--cert-id", "x", "--alias", "a"]),
        "cannot be used with",
    );
    refused(&env, &with(&["--alias", "a"]), "--cert <FILE>");
    refused(&env, &with(&["--cert-id", "  "]), "is not a certificate ID");
    refused(
        &env,
        &with(&["--cert", m, "--key", k]),
        &format!("--cert {m}: cannot read: no such file"),
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", m]),
        &format!("--key {m}: cannot read: no such file"),
    );
    refused(
        &env,
        &with(&["--cert", e, "--key", k]),
        &format!("--cert {e}: the file is empty"),
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", e]),
        &format!("--key {e}: the file is empty"),
    );
    refused(
        &env,
        &with(&["--cert", t, "--key", k]),
        &format!("--cert {t}: not a PEM file"),
    );
    refused(
        &env,
        &with(&["--cert", d, "--key", k]),
        &format!("openssl x509 -inform der -in {d}"),
    );
    refused(
        &env,
        &with(&["--cert", k, "--key", c]),
        "did you swap --cert and --key?",
    );
    let dir = env.home.path().to_str().unwrap();
    refused(&env, &with(&["--cert", dir, "--key", k]), "is a directory");
    refused(
        &env,
        &with(&["--cert", "-", "--key", "-"]),
        "--cert and --key both read stdin ('-'); only one of them can: give the other as a file",
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", k, "--alias", ""]),
        "--alias is empty",
    );
    refused(
        &env,
        &with(&["--cert", c, "--key", k, "--alias", "renewed\x1b[2J"]),
        "--alias contains control characters; use plain text",
    );
    refused(
        &env,
        &with(&["--cert-id", "x", "--plan", "--dry-run"]),
        "--plan reads the current bindings from the API, which --dry-run never does",
    );
}

#[test]
fn unreadable_file_is_a_usage_error() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    std::fs::set_permissions(&pair.key, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads anything; only assert where the permission really bites.
    if std::fs::read(&pair.key).is_err() {
        refused(
            &env,
            &[
                "-d",
                "a.example.com",
                "--cert",
                pair.cert.to_str().unwrap(),
                "--key",
                pair.key.to_str().unwrap(),
            ],
            "permission denied",
        );
    }
    std::fs::set_permissions(&pair.key, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn bad_global_options_are_refused() {
    let env = Env::new();
    refused(
        &env,
        &["-d", "a.example.com", "--timeout", "soon"],
        "--timeout",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--timeout", "0s"],
        "more than zero",
    );
    refused(
        &env,
        &["-d", "a.example.com", "-o", "xml"],
        "invalid value 'xml'",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--language", "fr-FR"],
        "invalid value 'fr-FR'",
    );
    refused(
        &env,
        &["-d", "a.example.com", "--color", "sometimes"],
        "invalid value 'sometimes'",
    );
    for (endpoint, expected) in [
        (
            "http://api.example.com",
            "http:// is allowed only for loopback hosts",
        ),
        (
            "http://192.168.1.10:8080",
            "http:// is allowed only for loopback hosts",
        ),
        ("https://a.example.com/v3", "the API lives at the root"),
        ("ftp://a.example.com", "unsupported scheme 'ftp'"),
    ] {
        env.bind(endpoint)
            .args(["-d", "a.example.com"])
            .run()
            .assert_code(2)
            .assert_stderr_contains(expected);
    }
}

#[test]
fn idn_case_and_trailing_dot_are_normalised_in_what_is_sent() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    let out = env
        .cmd_with_creds()
        // --force: send every domain, so the request shows each normalised name.
        .args([
            "cert",
            "bind",
            "--force",
            "-d",
            "直播.例子.com",
            "-d",
            "PLAY.Example.COM.:Keep",
        ])
        .args([
            "-d",
            "play.example.com:keep",
            "--endpoint",
            &api.endpoint(),
            "-o",
            "tsv",
        ])
        .run();
    out.assert_code(0);
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"xn--z6ut02b.xn--fsqu00a.com","Status":1},{"DomainName":"play.example.com","Status":-1}]}"#
    );
    out.assert_stdout_eq(
        "xn--z6ut02b.xn--fsqu00a.com\ton\tok\t\t\nplay.example.com\tkeep\tok\t\t\n",
    );
}

#[test]
fn domains_file_with_comments_merges_with_flags() {
    let env = Env::new();
    let file = env.write(
        "domains.txt",
        b"# playback domains\n\na.example.com\r\n  b.example.com:off   # legacy player\nc.example.com:keep\na.example.com:on\n",
    );
    let api = FakeApi::answering_ok();
    env.cmd_with_creds()
        .args(["cert", "bind", "--cert-id", "x", "-d", "z.example.com"])
        .arg("--domains-file")
        .arg(&file)
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(0);
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"z.example.com","Status":1},{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0},{"DomainName":"c.example.com","Status":-1}],"CloudCertId":"x"}"#
    );
}

#[test]
fn a_state_or_a_url_after_a_space_gets_the_spelling_meant() {
    let env = Env::new();
    for (line, expected) in [
        (
            "play.example.com on",
            "line 2: 'play.example.com on': the HTTPS state follows a colon, not a space: write \
             play.example.com:on\n",
        ),
        (
            "play.example.com KEEP",
            "line 2: 'play.example.com KEEP': the HTTPS state follows a colon, not a space: write \
             play.example.com:keep\n",
        ),
        // The suggestion is the name beside the URL, never a word of the URL's path.
        (
            "play.example.com https://bad/",
            "line 2: 'play.example.com https://bad/' holds several words: give one bare domain \
             name, such as 'play.example.com'\n",
        ),
    ] {
        let file = env.write("d.txt", format!("a.example.com\n{line}\n").as_bytes());
        let api = FakeApi::answering_ok();
        env.bind(&api.endpoint())
            .args(["--cert-id", "x", "--domains-file", file.to_str().unwrap()])
            .run()
            .case(line)
            .assert_code(2)
            .assert_stdout_eq("")
            .assert_stderr_eq(format!(
                "error: --domains-file {} {expected}",
                file.display()
            ));
        assert!(
            api.server.requests().is_empty(),
            "{line}: something was sent"
        );
    }
    // The same on the command line; a URL's host never carries its user part or port.
    refused(
        &env,
        &["--cert-id", "x", "-d", "play.example.com off"],
        "error: --domain 'play.example.com off': the HTTPS state follows a colon, not a space: \
         write play.example.com:off\n",
    );
    refused(
        &env,
        &[
            "--cert-id",
            "x",
            "-d",
            "https://deploy@play.example.com:8443/live",
        ],
        "looks like a URL: give the bare domain name ('play.example.com')\n",
    );
}

#[test]
fn domains_file_from_stdin_and_its_errors_name_the_line() {
    let env = Env::new();
    let api = FakeApi::answering_ok();
    env.bind(&api.endpoint())
        .args(["--domains-file", "-", "-o", "tsv"])
        .write_stdin("a.example.com:off\n")
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\toff\tok\t\t\n");

    let bad = env.write("d.txt", b"a.example.com\n\nhttps://b.example.com\n");
    refused(
        &env,
        &["--domains-file", bad.to_str().unwrap()],
        &format!(
            "--domains-file {} line 3: 'https://b.example.com' looks like a URL",
            bad.display()
        ),
    );
    let conflict = env.write("c.txt", b"a.example.com:off\n");
    refused(
        &env,
        &[
            "-d",
            "a.example.com",
            "--domains-file",
            conflict.to_str().unwrap(),
        ],
        &format!(
            "'a.example.com:on' (--domain) and 'a.example.com:off' ({} line 1)",
            conflict.display()
        ),
    );
    refused(
        &env,
        &["--domains-file", env.path("none.txt").to_str().unwrap()],
        "no such file",
    );
    let blank = env.write("blank.txt", b"# nothing yet\n\n");
    refused(
        &env,
        &["--domains-file", blank.to_str().unwrap()],
        &format!(
            "error: --domains-file {} has no domain, only comments and blank lines: put one \
             NAME[:on|off|keep] per line in it, or give --domain NAME",
            blank.display()
        ),
    );
    let empty = env.write("empty.txt", b"");
    refused(
        &env,
        &["--domains-file", empty.to_str().unwrap(), "--cert-id", "x"],
        &format!("error: --domains-file {} is empty:", empty.display()),
    );
}

#[test]
fn arbitrary_bytes_as_arguments_never_panic() {
    let env = Env::new();
    for arg in [
        "\u{7f}",
        "%%%",
        ":",
        "::on",
        "*.*.com",
        "é",
        "\u{202e}moc.a",
        "a.com:on:off",
    ] {
        env.cmd()
            .args(["--dry-run", "cert", "bind", "-d", arg])
            .run()
            .assert_code(2)
            .assert_stderr_lacks("panicked");
    }
}

#[test]
fn non_utf8_arguments_are_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    env.cmd()
        .args(["--dry-run", "cert", "bind", "-d"])
        .arg(std::ffi::OsStr::from_bytes(b"a\xff.example.com"))
        .run()
        .assert_code(2)
        .assert_stderr_contains("invalid UTF-8");
}

#[test]
fn look_alike_domains_need_allow_idn_and_ip_literals_are_refused() {
    let env = Env::new();
    let spoof = "pl\u{430}y.example.com"; // Cyrillic а
    let dry = |extra: &[&str], domain: &str| {
        env.cmd()
            .args(["--dry-run", "cert", "bind", "--cert-id", "x", "-d", domain])
            .args(extra)
            .run()
    };
    dry(&[], spoof)
        .assert_code(2)
        .assert_stderr_contains("mixes scripts")
        .assert_stderr_contains("--allow-idn");
    dry(&["--allow-idn"], spoof)
        .assert_code(0)
        .assert_stderr_contains("warning: --domain")
        .assert_stdout_contains("xn--");
    for ip in [
        "192.0.2.1",
        "[2001:db8::1]",
        "2001:db8::1:on",
        "play.example.123",
    ] {
        dry(&[], ip).assert_code(2);
    }
}

#[test]
fn a_header_value_with_a_line_break_is_refused_before_anything_is_sent() {
    let api = FakeApi::answering_ok();
    let env = Env::new();
    env.bind(&api.endpoint())
        .args(["--region", "ap-guangzhou\r\nX-Evil: 1", "--cert-id", "x"])
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(2)
        .assert_stderr_contains("--region");

    let token = env.write("token", b"part-one\npart-two\n");
    env.bind(&api.endpoint())
        .env("TENCENTCLOUD_SESSION_TOKEN_FILE", &token)
        .args(["--cert-id", "x", "-d", "a.example.com"])
        .run()
        .assert_code(4)
        .assert_stderr_contains("the session token contains")
        .assert_stderr_lacks("part-one")
        .assert_stderr_lacks("retry:")
        .assert_stderr_lacks("may have");
    assert!(api.server.requests().is_empty(), "something was sent");
}

// A key pair stored once in the SSL service, then bound by its ID ---------------------------

/// A fake Live account of these play domains and, on a host of its own, its SSL service.
fn live_and_ssl(names: &[&str]) -> (FakeLive, FakeSsl) {
    let live = FakeLive::with_play_domains(names.iter().copied());
    let ssl = FakeSsl::of(&live);
    (live, ssl)
}

fn bind_via(env: &Env, live: &FakeLive, ssl: &FakeSsl) -> assert_cmd::Command {
    let mut c = env.bind(&live.endpoint());
    c.env("TCLIVE_SSL_ENDPOINT", ssl.endpoint());
    c
}

#[test]
fn a_key_pair_is_stored_once_and_bound_by_its_id_the_key_only_in_the_upload() {
    let env = Env::new();
    let (live, ssl) = live_and_ssl(&["a.example.com", "b.example.com"]);
    let pair = env.key_pair_files(&["a.example.com", "b.example.com"]);
    let domains = domain_args(&["a.example.com", "b.example.com"]);
    bind_via(&env, &live, &ssl)
        .args(&domains)
        .args(pair.args())
        .args(["-o", "tsv"])
        .run()
        .assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\nb.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "certificate: stored in the SSL certificate service as upload-1 (new); binding it by that ID\n",
        );
    // The upload: the chain and the key, duplicates refused, for Live, a server certificate,
    // with an alias made of the leaf's first name and its not-after day.
    let uploads = ssl.uploads();
    assert_eq!(uploads.len(), 1);
    let u = &uploads[0];
    assert_eq!(u["CertificatePublicKey"], pair.cert_pem.as_str());
    assert_eq!(u["CertificatePrivateKey"], pair.key_pem.as_str());
    assert_eq!(u["Repeatable"], false);
    assert_eq!(u["CertificateUse"], "LIVE");
    assert_eq!(u["CertificateType"], "SVR");
    let alias = u["Alias"].as_str().unwrap();
    let day = alias
        .strip_prefix("tclive a.example.com ")
        .unwrap_or_else(|| panic!("{alias}"));
    assert!(
        day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-',
        "{alias}"
    );
    // Signed for the SSL service, to its host.
    let r = &ssl.requests()[0];
    assert_eq!(r.header("x-tc-version").as_deref(), Some("2019-12-05"));
    assert!(
        r.header("authorization")
            .unwrap()
            .contains("/ssl/tc3_request")
    );
    // The bind: by the ID, and no key, no chain.
    let modifies = live.modifies();
    assert_eq!(modifies.len(), 1);
    assert_eq!(
        modifies[0],
        serde_json::json!({
            "DomainInfos": [
                {"DomainName": "a.example.com", "Status": 1},
                {"DomainName": "b.example.com", "Status": 1},
            ],
            "CloudCertId": "upload-1",
        })
    );
    let key_body = pem_body(&pair.key_pem);
    for r in live.seen() {
        assert!(
            !r.body.to_string().contains(&key_body[..40]),
            "{}",
            r.action
        );
    }
    assert!(!live.actions().contains(&"UploadCertificate".to_string()));
    // The request count of a first key-pair bind: one read (nothing bound, so no certificate
    // to read), one upload, one bind.
    assert_eq!(
        live.actions(),
        [
            "DescribeLiveDomainCertBindings",
            "ModifyLiveDomainCertBindings"
        ]
    );
    assert_eq!(ssl.actions(), ["UploadCertificate"]);

    // The unchanged re-run stores nothing and binds nothing.
    bind_via(&env, &live, &ssl)
        .args(&domains)
        .args(pair.args())
        .run()
        .assert_code(0)
        .assert_stderr_lacks("certificate: ");
    assert_eq!(ssl.uploads().len(), 1);
    assert_eq!(live.modifies().len(), 1);

    // Forced again: the service finds the same certificate and answers its ID; it is bound
    // by that one, and no second copy is stored. -o json says which and how.
    let out = bind_via(&env, &live, &ssl)
        .args(&domains)
        .args(pair.args())
        .args(["--force", "-o", "json"])
        .run();
    out.assert_code(0).assert_stderr_contains(
        "certificate: already stored in the SSL certificate service as upload-1; binding it by that ID (no second copy stored)\n",
    );
    let v = out.json();
    assert_eq!(
        v["Certificate"],
        serde_json::json!({"CloudCertId": "upload-1", "Stored": "existing", "Via": "UploadCertificate"})
    );
    assert_eq!(v["Errors"], serde_json::json!([]), "{v}");
    assert!(v["RequestId"].is_string(), "{v}");
    assert_eq!(live.modifies().last().unwrap()["CloudCertId"], "upload-1");
    let st = live.state.lock().unwrap();
    assert_eq!(st.uploads, 2, "two uploads received");
    assert_eq!(st.stored.len(), 1, "one certificate stored");
}

#[test]
fn an_identity_cam_refuses_the_upload_falls_back_to_the_key_pair_bind_with_one_warning() {
    for code in [
        "UnauthorizedOperation",
        "AuthFailure.UnauthorizedOperation",
        "FailedOperation.CAMAuthorizedFail",
    ] {
        let env = Env::new();
        let (live, ssl) = live_and_ssl(&["a.example.com"]);
        live.state.lock().unwrap().ssl_refuse = vec![("UploadCertificate".into(), code.into())];
        let pair = env.key_pair_files(&["a.example.com"]);
        let out = bind_via(&env, &live, &ssl)
            .args(["-d", "a.example.com", "-o", "json"])
            .args(pair.args())
            .run()
            .case(code);
        out.assert_code(0);
        assert_eq!(
            out.stderr()
                .matches("ssl:UploadCertificate is not permitted for this identity")
                .count(),
            1,
            "{}",
            out.stderr()
        );
        out.assert_stderr_contains(format!("({code})"));
        assert_eq!(
            out.json()["Certificate"],
            serde_json::json!({"CloudCertId": null, "Stored": "new", "Via": "ModifyLiveDomainCertBindings"})
        );
        let m = live.modifies();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0]["CertificatePrivateKey"], pair.key_pem.as_str());
        assert!(m[0].get("CloudCertId").is_none());

        // --upload-via ssl pins the SSL path: exit 4, nothing bound.
        bind_via(&env, &live, &ssl)
            .args(["-d", "a.example.com", "--force", "--upload-via", "ssl"])
            .args(pair.args())
            .run()
            .case(code)
            .assert_code(4)
            .assert_stderr_contains(
                "UploadCertificate did not store the certificate: nothing was bound",
            )
            .assert_stderr_contains("ssl:UploadCertificate");
        assert_eq!(live.modifies().len(), 1);
    }
    // --upload-via live never asks the SSL service.
    let env = Env::new();
    let (live, ssl) = live_and_ssl(&["a.example.com"]);
    bind_via(&env, &live, &ssl)
        .args(["-d", "a.example.com", "--upload-via", "live"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run()
        .assert_code(0)
        .assert_stderr_lacks("certificate: ");
    assert!(ssl.requests().is_empty());
    assert!(live.modifies()[0]["CertificatePrivateKey"].is_string());
}

#[test]
fn an_upload_the_service_refuses_or_answers_without_an_id_binds_nothing() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    // A refusal that is not CAM's: no fallback, exit 1, nothing bound.
    let (live, ssl) = live_and_ssl(&["a.example.com"]);
    live.state.lock().unwrap().ssl_refuse = vec![(
        "UploadCertificate".into(),
        "InvalidParameter.MissMatchPrivateKey".into(),
    )];
    bind_via(&env, &live, &ssl)
        .args(["-d", "a.example.com"])
        .args(pair.args())
        .run()
        .assert_code(1)
        .assert_stderr_contains("InvalidParameter.MissMatchPrivateKey")
        .assert_stderr_contains("nothing was bound")
        .assert_stderr_lacks("is not permitted");
    assert!(live.modifies().is_empty());
    // Answers that name no usable ID: a blank, a number, an ID with a line break or a space.
    for answer in [
        r#"{"Response":{"CertificateId":"","RepeatCertId":"","RequestId":"x"}}"#,
        r#"{"Response":{"CertificateId":7,"RequestId":"x"}}"#,
        r#"{"Response":{"CertificateId":"a\nb","RequestId":"x"}}"#,
        r#"{"Response":{"RepeatCertId":"a b","RequestId":"x"}}"#,
        r#"{"Response":{"RequestId":"x"}}"#,
    ] {
        let live = FakeLive::with_play_domains(["a.example.com"]);
        let ssl =
            crate::common::fault::FaultServer::start(vec![crate::common::fault::json(200, answer)]);
        env.bind(&live.endpoint())
            .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
            .args(["-d", "a.example.com"])
            .args(pair.args())
            .run()
            .case(answer)
            .assert_code(6)
            .assert_stderr_contains("names no certificate ID")
            .assert_stderr_contains("nothing was bound");
        assert!(live.modifies().is_empty(), "{answer}");
        assert_eq!(
            ssl.actions(),
            ["UploadCertificate"],
            "not retried: {answer}"
        );
    }
}

#[test]
fn a_bought_certificate_is_never_taken_for_the_upload_of_a_key_pair() {
    let env = Env::new();
    let (live, ssl) = live_and_ssl(&["a.example.com"]);
    ssl.state
        .lock()
        .unwrap()
        .stored
        .push(StoredCert::bought("TA0001", "a.example.com"));
    bind_via(&env, &live, &ssl)
        .args(["-d", "a.example.com"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run()
        .assert_code(0)
        .assert_stderr_contains("stored in the SSL certificate service as upload-1 (new)");
    let st = ssl.state.lock().unwrap();
    assert_eq!(st.stored.len(), 2);
    assert_eq!(
        st.stored[0].from, "trustasia",
        "the bought one is left as it was"
    );
    assert_eq!(st.bindings["a.example.com"].cloud_cert_id, "upload-1");
}
