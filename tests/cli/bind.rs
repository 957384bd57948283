//! `tclive cert bind` through the built binary against a loopback fake API: what the server
//! received (headers, body, signature), what the user sees (stdout, stderr) and the exit code.

use std::collections::BTreeSet;

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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
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

    assert_eq!(
        stdout(&out),
        "DOMAIN            HTTPS  RESULT  CODE  MESSAGE\n\
         play.example.com  on     ok\n\
         b.example.com     off    ok\n"
    );
    assert_eq!(
        stderr(&out),
        "2 domains: 2 ok, 0 failed, 0 mismatched (RequestId req-1234)\n"
    );
    assert_no_secrets(&out, None);
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
    let out = env
        .cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--domain",
            "play.example.com",
            "--alias",
            "renewed-2026",
        ])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
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
    assert_no_secrets(&out, Some(&kp.key_pem));
}

#[test]
fn key_read_from_stdin() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("fullchain.pem", kp.cert_pem.as_bytes());
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .bind(&api.endpoint())
        .args(["-d", "a.example.com", "--key", "-"])
        .arg("--cert")
        .arg(&cert)
        .write_stdin(kp.key_pem.clone())
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let body: serde_json::Value = serde_json::from_slice(api.only_request().body_ref()).unwrap();
    assert_eq!(body["CertificatePrivateKey"], kp.key_pem.as_str());
    assert!(body.get("CertificateAlias").is_none());
}

#[test]
fn toggle_only_sends_just_the_domain_states() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        api.only_request().body_string(),
        r#"{"DomainInfos":[{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0}]}"#
    );
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\nb.example.com\toff\tok\t\t\nc.example.com\tkeep\tunchanged\t\t\n"
    );
    // --force sends every domain as given.
    let out = run(&["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        api.requests()[1].body_string(),
        r#"{"DomainInfos":[{"DomainName":"a.example.com","Status":1},{"DomainName":"b.example.com","Status":0},{"DomainName":"c.example.com","Status":-1}]}"#
    );
}

#[test]
fn region_token_and_language_headers_when_set() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .bind(&api.endpoint())
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
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let req = api.only_request();
    assert_eq!(header(&req, "x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(header(&req, "x-tc-token"), Some(TOKEN));
    assert_eq!(header(&req, "x-tc-language"), Some("zh-CN"));
    assert_valid_signature(&req);
    assert_no_secrets(&out, None);

    // --region on the command line wins over the environment; an empty region sends nothing.
    let api2 = FakeApi::start();
    api2.answer(200, &ok_answer(""));
    let out = env
        .bind(&api2.endpoint())
        .env("TENCENTCLOUD_REGION", "")
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(header(&api2.only_request(), "x-tc-region"), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let api3 = FakeApi::start();
    api3.answer(200, &ok_answer(""));
    let out = env
        .bind(&api3.endpoint())
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .args(["-d", "a.example.com", "--region", "ap-shanghai"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        header(&api3.only_request(), "x-tc-region"),
        Some("ap-shanghai")
    );
}

#[test]
fn global_options_work_after_the_subcommand_and_from_the_environment() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    // Before the subcommand, endpoint from TCLIVE_ENDPOINT.
    let out = env
        .cmd_with_creds()
        .env("TCLIVE_ENDPOINT", api.endpoint())
        .args(["-o", "tsv", "cert", "bind", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    // After it.
    let out = env
        .bind(&api.endpoint())
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
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    assert_eq!(api.requests().len(), 2);
}

const PARTIAL: &str = r#"{"Response":{"MismatchedDomainNames":["c.example.com"],"Errors":[{"DomainName":"b.example.com","Code":"FailedOperation.ConfigCDNFailed","Message":"CDN configuration failed."},{"DomainName":"c.example.com","Code":"InvalidParameter.CrtDomainNotFound","Message":"Unable to find the domain."}],"Extra":{"Z":1,"A":2},"RequestId":"req-partial"}}"#;

fn partial(format: &str) -> std::process::Output {
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
    let out = partial("table");
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(
        stdout(&out),
        "DOMAIN         HTTPS  RESULT      CODE                                MESSAGE\n\
         a.example.com  on     ok\n\
         b.example.com  on     failed      FailedOperation.ConfigCDNFailed     CDN configuration failed.\n\
         c.example.com  keep   mismatched  InvalidParameter.CrtDomainNotFound  Unable to find the domain.\n"
    );
    assert_eq!(
        stderr(&out),
        "3 domains: 1 ok, 1 failed, 1 mismatched (RequestId req-partial)\n"
    );

    let out = partial("tsv");
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(
        stdout(&out),
        "a.example.com\ton\tok\t\t\n\
         b.example.com\ton\tfailed\tFailedOperation.ConfigCDNFailed\tCDN configuration failed.\n\
         c.example.com\tkeep\tmismatched\tInvalidParameter.CrtDomainNotFound\tUnable to find the domain.\n"
    );

    let out = partial("json");
    assert_eq!(out.status.code(), Some(5));
    // Exactly the Response object as received: pretty, field order kept, unknown fields kept.
    let response = &serde_json::from_str::<serde_json::Value>(PARTIAL).unwrap()["Response"];
    assert_eq!(
        stdout(&out),
        format!("{}\n", serde_json::to_string_pretty(response).unwrap())
    );
    assert!(stdout(&out).find("\"Z\"").unwrap() < stdout(&out).find("\"A\"").unwrap());
}

#[test]
fn api_error_for_the_whole_request_exits_1_and_names_code_message_and_request_id() {
    let env = Env::new();
    let api = FakeApi::start();
    let body = r#"{"Response":{"Error":{"Code":"InvalidParameter.CloudCrtIdError","Message":"Incorrect certificate ID."},"RequestId":"req-err"}}"#;
    api.answer(200, body);
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "nope", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error: InvalidParameter.CloudCrtIdError: Incorrect certificate ID. (RequestId req-err)\n"
    );
    // json still prints the Response as received.
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "nope", "-d", "a.example.com", "-o", "json"])
        .run();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["Error"]["Code"], "InvalidParameter.CloudCrtIdError");
    assert_eq!(v["RequestId"], "req-err");
}

#[test]
fn auth_failure_exits_4_with_a_hint() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"The provided credentials could not be validated."},"RequestId":"r-auth"}}"#,
    );
    let out = env
        .bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.starts_with("error: AuthFailure.SignatureFailure: The provided credentials could not be validated. (RequestId r-auth)\nhint: "), "{err}");
    assert_no_secrets(&out, None);
}

#[test]
fn server_text_with_escape_sequences_is_neutralised() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(
        200,
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X\u001b[2J","Message":"bad\u001b]0;pwned\u0007\nline"}],"RequestId":"r\u001b[31m"}}"#,
    );
    let out = env
        .bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(5));
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b));
    assert!(stdout(&out).contains("X\\u{1b}[2J"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("bad\\u{1b}]0;pwned\\u{7} line"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn non_200_answer_is_a_transport_failure_showing_status_and_start_of_body() {
    let env = Env::new();
    let api = FakeApi::start();
    let html = format!(
        "<html><body>502 Bad Gateway{}</body></html>",
        "x".repeat(500)
    );
    api.answer(502, &html);
    let out = env
        .cmd_with_creds()
        .args(["--max-attempts", "1"])
        .args([
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--endpoint",
            &api.endpoint(),
        ])
        .run();
    assert_eq!(out.status.code(), Some(6));
    let err = stderr(&out);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "error: HTTP 502 Bad Gateway from {}/: <html><body>502 Bad Gateway",
            api.endpoint()
        )),
        "{err}"
    );
    let (http, rest) = first.split_once("; the request had been sent").unwrap();
    assert!(http.len() < 320, "body is cut to 200 characters: {first}");
    assert!(rest.contains("the bind may have been applied"), "{first}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn answers_that_are_not_the_api_envelope_exit_6() {
    for (body, why) in [
        ("<html>hello</html>", "not JSON"),
        (r#"{"Response":{"RequestId":"#, "truncated JSON"),
        (r#"{"ok":true}"#, "not the API's envelope"),
        (
            r#"{"Response":{"Errors":"nope","RequestId":"r"}}"#,
            "not this action's fields",
        ),
    ] {
        let env = Env::new();
        let api = FakeApi::start();
        api.answer(200, body);
        let out = env
            .bind(&api.endpoint())
            .args(["-d", "a.example.com"])
            .run();
        assert_eq!(out.status.code(), Some(6), "{body}");
        assert!(stderr(&out).contains(why), "{body}: {}", stderr(&out));
    }
}

#[test]
fn connection_refused_exits_6() {
    let env = Env::new();
    // Bind and drop a listener to get a port nobody listens on.
    let port = closed_port();
    let out = env
        .cmd_with_creds()
        .args(["--max-attempts", "1"])
        .args(["cert", "bind", "-d", "a.example.com"])
        .args(["--endpoint", &format!("http://127.0.0.1:{port}")])
        .run();
    assert_eq!(out.status.code(), Some(6));
    assert!(
        stderr(&out).contains("cannot connect to"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("refused"), "{}", stderr(&out));
}

#[test]
fn slow_answer_past_timeout_exits_6() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer_any_after(std::time::Duration::from_secs(5), 200, &ok_answer(""));
    let out = env
        .cmd_with_creds()
        .args(["--max-attempts", "1"])
        .args(["cert", "bind", "-d", "a.example.com", "--timeout", "300ms"])
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(6));
    assert!(stderr(&out).contains("no answer from"), "{}", stderr(&out));
    assert!(stderr(&out).contains("within 300ms"), "{}", stderr(&out));
}

#[test]
fn dry_run_needs_no_credentials_sends_nothing_and_redacts_the_key() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    let key = env.write("k.pem", kp.key_pem.as_bytes());
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
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
        ])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(api.requests().is_empty(), "dry run sent a request");
    let text = stdout(&out);
    let port = api.port();
    let expected_head = format!(
        "POST http://127.0.0.1:{port}/\nHost: 127.0.0.1:{port}\nContent-Type: application/json\n\
         X-TC-Action: ModifyLiveDomainCertBindings\nX-TC-Version: 2018-08-01\nX-TC-Timestamp: "
    );
    assert!(text.starts_with(&expected_head), "{text}");
    assert!(!text.contains("Authorization"));
    let (_, body) = text.split_once("\n\n").unwrap();
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "DomainInfos": [{"DomainName": "a.example.com", "Status": 1}],
            "CertificatePublicKey": kp.cert_pem,
            "CertificatePrivateKey": format!("<redacted: {} bytes>", kp.key_pem.len()),
            "CertificateAlias": "x",
        })
    );
    assert_no_secrets(&out, Some(&kp.key_pem));
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
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
fn verbose_traces_request_and_answer_with_secrets_redacted() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    let key = env.write("k.pem", kp.key_pem.as_bytes());
    let api = FakeApi::start();
    api.answer(200, &ok_answer(""));
    let out = env
        .cmd_with_creds()
        .env("TENCENTCLOUD_TOKEN", TOKEN)
        .args(["cert", "bind", "-d", "a.example.com", "-v"])
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("> POST {}/", api.endpoint())),
        "{err}"
    );
    assert!(err.contains("> X-TC-Token: [redacted]"), "{err}");
    assert!(err.contains("Signature=[redacted]"), "{err}");
    assert!(
        err.contains("Credential=AKID****************9876/"),
        "{err}"
    );
    assert!(
        err.contains("\"CertificatePrivateKey\": \"<redacted: "),
        "{err}"
    );
    assert!(err.contains("< HTTP 200 OK ("), "{err}");
    assert!(err.contains("\"RequestId\":\"req-1234\""), "{err}");
    assert!(!err.contains(SECRET_ID), "the SecretId is masked in traces");
    let signature = header(&api.only_request(), "authorization")
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .to_string();
    assert!(!err.contains(&signature));
    assert_no_secrets(&out, Some(&kp.key_pem));
}

#[test]
fn colour_only_when_asked_and_never_in_tsv_or_json() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, PARTIAL);
    let run = |extra: &[&str], no_color: bool| {
        let mut c = env.cmd_with_creds();
        if no_color {
            c.env("NO_COLOR", "1");
        }
        c.args(["cert", "bind", "-d", "a.example.com", "-d", "b.example.com"])
            .args(["--endpoint", &api.endpoint()])
            .args(extra)
            .run()
    };
    // Not a terminal: no colour by default.
    assert!(!run(&[], false).stdout.contains(&0x1b));
    // --color always colours the table's RESULT column (red for failed) …
    let out = run(&["--color", "always"], false);
    assert!(
        stdout(&out).contains("\x1b[38;5;9mfailed"),
        "{:?}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("\x1b[38;5;10mok"),
        "{:?}",
        stdout(&out)
    );
    // … but never tsv or json.
    assert!(
        !run(&["--color", "always", "-o", "tsv"], false)
            .stdout
            .contains(&0x1b)
    );
    assert!(
        !run(&["--color", "always", "-o", "json"], false)
            .stdout
            .contains(&0x1b)
    );
    // NO_COLOR with auto: none.
    assert!(!run(&["--color", "auto"], true).stdout.contains(&0x1b));
}

#[test]
fn an_answer_larger_than_the_request_can_need_is_refused_without_reading_it_all() {
    let env = Env::new();
    let api = FakeApi::start();
    let huge = format!(
        r#"{{"Response":{{"Pad":"{}","RequestId":"r"}}}}"#,
        "x".repeat(11 * 1024 * 1024)
    );
    api.answer(200, &huge);
    let out = env
        .bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("is larger than 1025 KiB, more than this request can need; stopped reading")
            && stderr(&out).contains("the bind may have been applied"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_key_that_may_bind_but_not_read_binds_every_domain_with_a_warning() {
    let env = Env::new();
    let api = FakeApi::start_reading(
        r#"{"Response":{"Error":{"Code":"AuthFailure.UnauthorizedOperation","Message":"no read"},"RequestId":"r"}}"#,
    );
    api.answer(200, &ok_answer(""));
    let out = env
        .bind(&api.endpoint())
        .args(["--cert-id", "X", "-d", "a.example.com", "-o", "tsv"])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "warning: cannot read the current bindings (AuthFailure.UnauthorizedOperation): binding every domain"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.requests().len(), 1);
    // --plan needs the reads: the refusal is the answer.
    let out = env
        .bind(&api.endpoint())
        .args(["--plan", "--cert-id", "X", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(4));
}
