//! Secrets never printed: every command path run with a known secret key, session token and
//! private key (and with -v); a server (or STS) that echoes back the private key, the
//! signature and the token, JSON-escaped to hide them; a secret file given as a domains file;
//! -v traces; and no core dump. (Every run in every other test is checked too, by `Outcome`;
//! these make sure each path is taken with every secret present.)

use std::process::Stdio;
use std::time::Duration;

use crate::common::fault::*;
use crate::common::pki::fixture_key;
use crate::common::providers::ROLE_ARN;
use crate::common::*;

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn no_secret_on_any_path() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let (cert, key) = (pair.cert.to_str().unwrap(), pair.key.to_str().unwrap());
    // The SSL service at the same fake: a key pair is stored there first (FakeApi answers
    // the upload), or, with --upload-via live, sent with the bind.
    let run = |endpoint: &str, args: &[&str]| {
        env.cmd_with_creds()
            .env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
            .env("TCLIVE_SSL_ENDPOINT", endpoint)
            .args(["--endpoint", endpoint])
            .args(args)
            .run()
    };
    let pair_args = |extra: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = ["cert", "bind", "-d", "a.example.com", "--cert", cert]
            .iter()
            .chain(["--key", key].iter())
            .map(|s| s.to_string())
            .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let answers = [
        ok_answer(""),
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X","Message":"m"}],"MismatchedDomainNames":["a.example.com"],"RequestId":"r"}}"#.to_string(),
        r#"{"Response":{"Error":{"Code":"InvalidParameter","Message":"bad"},"RequestId":"r"}}"#.to_string(),
        r#"{"Response":{"Error":{"Code":"AuthFailure.SecretIdNotFound","Message":"who?"},"RequestId":"r"}}"#.to_string(),
        "<html>proxy error</html>".to_string(),
    ];
    let mut codes = Vec::new();
    for (i, answer) in answers.iter().enumerate() {
        let api = FakeApi::start();
        api.answer(if i == 4 { 502 } else { 200 }, answer);
        for format in ["table", "json", "tsv"] {
            for verbose in [false, true] {
                for via in ["ssl", "live"] {
                    let mut args = pair_args(&["--max-attempts", "1", "-o"]);
                    args.push(format.to_string());
                    args.extend(["--upload-via".to_string(), via.to_string()]);
                    if verbose {
                        args.push("-v".into());
                    }
                    codes.push(run(&api.endpoint(), &as_strs(&args)).code().unwrap());
                }
            }
        }
    }
    // success 0, partial 5, API error 1, auth error 4, transport 6: every path was taken.
    for code in [0, 5, 1, 4, 6] {
        assert!(codes.contains(&code), "exit {code} not reached: {codes:?}");
    }

    // Network error with retries, verbose.
    let refused = closed();
    run(
        &format!("http://{refused}"),
        &as_strs(&pair_args(&["-v", "--max-attempts", "2"])),
    )
    .assert_code(6);

    // Retries after rate limits, and a clock correction, verbose.
    let server = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        Action::Respond {
            status: 200,
            headers: vec![(
                "Date".into(),
                httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(900)),
            )],
            body: r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"late"},"RequestId":"r"}}"#.into(),
        },
        // The upload those were for, then the bind by its ID.
        json(
            200,
            r#"{"Response":{"CertificateId":"up1","RepeatCertId":"","RequestId":"u"}}"#,
        ),
        json(200, &ok_answer("")),
    ]);
    run(&server.endpoint(), &as_strs(&pair_args(&["-v", "--force"])))
        .assert_code(0)
        .assert_stderr_contains("retry: ")
        .assert_stderr_contains("your clock is");

    // Dry run, verbose, json.
    for format in ["table", "json"] {
        let mut args = pair_args(&["--dry-run", "-v", "-o"]);
        args.push(format.to_string());
        run("https://live.tencentcloudapi.com", &as_strs(&args))
            .assert_code(0)
            .assert_stdout_contains("<redacted: ");
    }

    // Credentials show, every format, from the environment and from a file.
    for format in ["table", "json", "tsv"] {
        run(
            "https://live.tencentcloudapi.com",
            &["credentials", "show", "-o", format],
        )
        .assert_code(0);
    }
    let file = env.write(
        "creds.ini",
        format!("[default]\nsecret_id={SECRET_ID}\nsecret_key={SECRET_KEY}\ntoken={TOKEN}\n")
            .as_bytes(),
    );
    env.cmd()
        .env("TENCENTCLOUD_CREDENTIALS_FILE", &file)
        .args(["credentials", "show", "-v"])
        .run()
        .assert_code(0);

    // Local checks and bad input.
    run(
        "https://x.invalid",
        &["cert", "check", "--cert", cert, "--key", key, "-o", "json"],
    )
    .assert_code(0);
    run(
        "https://x.invalid",
        &as_strs(&pair_args(&["-d", "not-covered.example.net"])),
    )
    .assert_code(3);
    for bad in [
        &["cert", "bind", "-d", "https://x/"][..],
        &["cert", "bind"],
        &["--timeout", "x"],
        &["nope"],
    ] {
        run("https://x.invalid", bad).assert_code(2);
    }
    // A broken key file: the error never quotes it.
    let broken = env.write(
        "broken.pem",
        format!("-----BEGIN PRIVATE KEY-----\n{SECRET_KEY}!!\n-----END PRIVATE KEY-----\n")
            .as_bytes(),
    );
    run(
        "https://x.invalid",
        &[
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--cert",
            cert,
            "--key",
            broken.to_str().unwrap(),
        ],
    )
    .assert_code(2);
}

#[test]
fn verbose_traces_request_and_answer_with_secrets_redacted() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let api = FakeApi::answering_ok();
    let out = env
        .cmd_with_creds()
        .env("TENCENTCLOUD_TOKEN", TOKEN)
        .args([
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "-v",
            "--upload-via",
            "live",
        ])
        .args(pair.args())
        .args(["--endpoint", &api.endpoint()])
        .run();
    out.assert_code(0)
        .assert_stderr_contains(format!("> POST {}/", api.endpoint()))
        .assert_stderr_contains("> X-TC-Token: [redacted]")
        .assert_stderr_contains("Signature=[redacted]")
        .assert_stderr_contains("Credential=AKID****************9876/")
        .assert_stderr_contains("\"CertificatePrivateKey\": \"<redacted: ")
        .assert_stderr_contains("< HTTP 200 OK (")
        .assert_stderr_contains("\"RequestId\":\"req-1234\"")
        // The SecretId is masked in traces.
        .assert_stderr_lacks(SECRET_ID);
    let signature = header(&api.only_request(), "authorization")
        .unwrap()
        .rsplit('=')
        .next()
        .unwrap()
        .to_string();
    out.assert_stderr_lacks(&signature);
}

/// What a server that quotes the request in its complaint says: the private key of the body
/// first, the Authorization header, the token, the SecretKey, then the whole body.
fn echo(req: &Received, hostile: bool) -> String {
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
    let key = body["CertificatePrivateKey"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let text = format!(
        "bad CertificatePrivateKey {key} signed {} with X-TC-Token {} and SecretKey {SECRET_KEY}; request: {}",
        req.header("authorization").unwrap_or_default(),
        req.header("x-tc-token").unwrap_or_default(),
        String::from_utf8_lossy(&req.body)
    );
    json_inner(&text, hostile)
}

/// `text` with the JSON escapes a hostile server may use undone (`\/`, `\uXXXX`, `\n`), for
/// looking for secrets in what tclive printed of an answer's raw text.
fn unescaped(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(d) => out.push(d),
                    None => out.push_str(&format!("\\u{hex}")),
                }
            }
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Asserts that none of the secrets of a key-pair bind with a session token shows in `out`,
/// even with JSON escapes undone: the private key (whole and each line), the signatures the
/// server received, the token and the SecretKey.
fn assert_nothing_secret(out: &Outcome, key_pem: &str, signatures: &[String]) {
    let all = unescaped(&format!("{}{}", out.stdout(), out.stderr()));
    let mut secrets: Vec<&str> = vec![SECRET_KEY, TOKEN];
    secrets.extend(
        key_pem
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() >= 16),
    );
    secrets.extend(signatures.iter().map(String::as_str));
    for s in secrets {
        out.assert(
            !all.contains(s),
            format!("{s} shows once JSON escapes are undone"),
        );
    }
}

fn signatures(api: &FaultServer) -> Vec<String> {
    let sigs: Vec<String> = api
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization"))
        .filter_map(|a| a.rsplit_once("Signature=").map(|(_, s)| s.to_string()))
        .collect();
    assert!(!sigs.is_empty(), "no signed request reached the fake");
    sigs
}

#[test]
fn a_private_key_signature_and_token_a_server_echoes_back_are_never_printed_in_any_format() {
    type Answer = fn(&Received, bool) -> (u16, String);
    let whole: Answer = |req, hostile| {
        (
            200,
            format!(
                r#"{{"Response":{{"Error":{{"Code":"InvalidParameter","Message":"{}"}},"RequestId":"r-echo"}}}}"#,
                echo(req, hostile)
            ),
        )
    };
    let per_domain: Answer = |req, hostile| {
        (
            200,
            format!(
                r#"{{"Response":{{"MismatchedDomainNames":[],"Errors":[{{"DomainName":"a.example.com","Code":"InvalidParameter","Message":"{}"}}],"RequestId":"r-echo"}}}}"#,
                echo(req, hostile)
            ),
        )
    };
    let not_200: Answer = |req, hostile| (400, format!("bad request: {}", echo(req, hostile)));
    for (kind, answer, code) in [
        ("whole-request error", whole, 1),
        ("per-domain error", per_domain, 5),
        ("HTTP 400", not_200, 6),
    ] {
        for hostile in [false, true] {
            for (format, verbose) in [
                ("table", false),
                ("tsv", false),
                ("json", false),
                ("table", true),
            ] {
                let what = format!("{kind}, hostile {hostile}, -o {format}, -v {verbose}");
                let env = Env::new();
                let pair = env.key_pair_files(&["a.example.com"]);
                let api = FaultServer::start(vec![compute(move |r| answer(r, hostile))]);
                let mut cmd = env.bind(&api.endpoint());
                cmd.env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
                    .args(["--force", "--max-attempts", "1", "-d", "a.example.com"])
                    .args(["--upload-via", "live"])
                    .args(["-o", format])
                    .args(pair.args());
                if verbose {
                    cmd.arg("-v");
                }
                let out = cmd.run().case(&what);
                out.assert_code(code);
                assert_nothing_secret(&out, &pair.key_pem, &signatures(&api));
                // `[redacted]` stands where they were.
                let shown = match (code, format, verbose) {
                    (5, "json", _) => out.json()["Errors"][0]["Message"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    (1, "json", _) => out.json()["Error"]["Message"].as_str().unwrap().to_string(),
                    (5, _, false) => out.stdout().to_string(),
                    (_, _, true) => out
                        .stderr()
                        .lines()
                        .skip_while(|l| !l.starts_with("< HTTP"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => out.stderr().to_string(),
                };
                out.assert(
                    shown.contains("[redacted]"),
                    format!("[redacted] stands where the secrets were: {shown}"),
                )
                .assert(
                    unescaped(&shown).contains("bad CertificatePrivateKey"),
                    format!("the message is still shown: {shown}"),
                );
            }
        }
    }
}

#[test]
fn a_signature_and_token_sts_echoes_back_are_never_printed() {
    for verbose in [false, true] {
        let sts = FaultServer::start(vec![compute(|req| {
            (
                200,
                format!(
                    r#"{{"Response":{{"Error":{{"Code":"InvalidParameter","Message":"{}"}},"RequestId":"sts-echo"}}}}"#,
                    echo(req, false)
                ),
            )
        })]);
        let env = Env::new();
        let mut cmd = env.cmd_with_creds();
        cmd.env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
            .env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN)
            .env("TCLIVE_STS_ENDPOINT", sts.endpoint())
            .args(["credentials", "show", "--max-attempts", "1"]);
        if verbose {
            cmd.arg("-v");
        }
        let out = cmd.run();
        out.assert_code(4);
        assert_nothing_secret(&out, "", &signatures(&sts));
        out.assert_stderr_contains("STS AssumeRole")
            .assert_stderr_contains("[redacted]");
    }
}

#[test]
fn a_bare_secret_file_given_as_domains_file_is_never_quoted() {
    let env = Env::new();
    let pair = env.key_pair_files(&["a.example.com"]);
    let cert = pair.cert.to_str().unwrap();
    let secrets = [
        // A SecretKey or SecretId as a *_FILE holds it.
        format!("{SECRET_KEY}\n"),
        // A session token in base64.
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo+/0123456789abcdef==\n".to_string(),
        // An OIDC token (TKE_WEB_IDENTITY_TOKEN_FILE): base64url parts with dots.
        format!(
            "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.{}.c2lnbmF0dXJlc2lnbmF0dXJl",
            "eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6ZGVmYXVsdDp0Y2xpdmUiLCJhdWQiOiJzdHMifQ"
        ),
        // A password, no newline.
        "hunter2.Passw0rd!x".to_string(),
    ];
    for (i, secret) in secrets.iter().enumerate() {
        let file = env.write(&format!("s{i}"), secret.as_bytes());
        let file = file.to_str().unwrap();
        let value = secret.trim();
        for args in [
            vec!["--dry-run", "cert", "bind", "--cert-id", "x"],
            vec!["cert", "check", "--cert", cert],
            vec!["cert", "probe"],
        ] {
            let out = env.cmd().args(&args).args(["--domains-file", file]).run();
            out.assert_code(2);
            let chars: Vec<char> = value.chars().collect();
            for w in chars.windows(8) {
                let w: String = w.iter().collect();
                out.assert_stderr_lacks(&w);
            }
            out.assert_stderr_contains(format!("--domains-file {file}"))
                .assert_stderr_contains("not shown")
                .assert_stderr_contains("it looks like")
                .assert_stderr_contains("one NAME[:on|off|keep] a line");
        }
    }
    // In a longer file, a line with no dot that looks like a token is not quoted either; its
    // line number is given.
    let dry_run_with = |file: &std::path::Path| {
        env.cmd()
            .args([
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--domains-file",
            ])
            .arg(file)
            .run()
    };
    let file = env.write(
        "d.txt",
        format!("a.example.com\n# renewals\n{SECRET_KEY}\n").as_bytes(),
    );
    dry_run_with(&file)
        .assert_code(2)
        .assert_stderr_contains("d.txt line 3: ")
        .assert_stderr_lacks(&SECRET_KEY[..8])
        .assert_stderr_contains("not shown");
    // Ordinary bad lines of a domains file are still quoted.
    for (text, quoted) in [
        (
            "a.example.com\nbad name.example.com\n",
            "'bad name.example.com'",
        ),
        (
            "a.example.com\nplay.example.com:of\n",
            "'play.example.com:of'",
        ),
    ] {
        let file = env.write("e.txt", text.as_bytes());
        dry_run_with(&file)
            .assert_code(2)
            .assert_stderr_contains(quoted);
    }
}

#[test]
fn a_domains_file_that_is_a_key_or_credentials_file_is_never_quoted() {
    let env = Env::new();
    let key = fixture_key("rsa2048.pkcs8.pem");
    let key_path = env.write("privkey.pem", key.as_bytes());
    let ini = format!("[default]\nsecret_id = {SECRET_ID}\nsecret_key = {SECRET_KEY}\n");
    let ini_path = env.write("credentials", ini.as_bytes());
    for (path, secret) in [(&key_path, pem_body(&key)), (&ini_path, SECRET_KEY.into())] {
        for cmd in [
            vec!["--dry-run", "cert", "bind", "--cert-id", "x"],
            vec!["cert", "check", "--cert", key_path.to_str().unwrap()],
        ] {
            env.cmd()
                .args(&cmd)
                .args(["--domains-file", path.to_str().unwrap()])
                .run()
                .assert_code(2)
                .assert_stderr_contains("nothing of it is shown")
                .assert_stderr_lacks(&secret[..20]);
        }
    }
    // A line that is merely wrong is quoted as a short excerpt with its line number.
    let long = env.write(
        "d.txt",
        format!("ok.example.com\n{}bad!\n", "x".repeat(400)).as_bytes(),
    );
    let out = env
        .cmd()
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--domains-file",
        ])
        .arg(&long)
        .run();
    out.assert_code(2)
        .assert_stderr_contains("d.txt line 2: '")
        .assert(
            out.stderr().lines().next().unwrap_or_default().len() < 300,
            "the excerpt is short",
        );
}

#[test]
fn no_core_dump_can_hold_a_secret() {
    // The function main() calls first makes the process non-dumpable…
    tclive::hardening::no_core_dumps();
    assert_eq!(tclive::hardening::is_dumpable(), Some(false));
    // …and the binary runs with a core size limit of 0 (seen while a request is in flight).
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(20))]);
    let mut child = env
        .std_cmd_with_creds()
        .args(["cert", "bind", "--cert-id", "x", "-d", "a.example.com"])
        .args(["--endpoint", &api.endpoint()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for(|| !api.requests().is_empty());
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().nth(4),
        Some("0"),
        "soft limit: {core}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn an_upload_the_ssl_service_refuses_echoing_the_key_and_signature_never_prints_them() {
    for hostile in [false, true] {
        for (format, verbose) in [("table", false), ("json", false), ("table", true)] {
            let what = format!("hostile {hostile}, -o {format}, -v {verbose}");
            let env = Env::new();
            let pair = env.key_pair_files(&["a.example.com"]);
            let api = FaultServer::start(vec![compute(move |r| {
                (
                    200,
                    format!(
                        r#"{{"Response":{{"Error":{{"Code":"InvalidParameter","Message":"{}"}},"RequestId":"r-echo"}}}}"#,
                        echo(r, hostile)
                    ),
                )
            })]);
            let mut cmd = env.bind(&api.endpoint());
            cmd.env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
                .args(["--force", "--max-attempts", "1", "-d", "a.example.com"])
                .args(["-o", format])
                .args(pair.args());
            if verbose {
                cmd.arg("-v");
            }
            let out = cmd.run().case(&what);
            out.assert_code(1)
                .assert_stderr_contains("nothing was bound")
                .assert_stderr_contains("[redacted]")
                .assert_stdout_eq("");
            assert_eq!(api.actions(), ["UploadCertificate"], "{what}");
            assert_nothing_secret(&out, &pair.key_pem, &signatures(&api));
            if verbose {
                out.assert_stderr_contains("\"CertificatePrivateKey\": \"<redacted: ");
            }
        }
    }
}
