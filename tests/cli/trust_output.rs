//! Issue #19, items 3, 4, 5, 9 and 18: what tclive prints must stay trustworthy when a server
//! echoes secrets, a secret file is given as a domains file, `--dry-run` meets a command that
//! reads or sends, an answer cannot be transcoded, or NO_COLOR meets `--color always`. Each test
//! drives the built binary against loopback fakes; test names say the problem they pin.

use std::process::Output;

use crate::common::fault::{FaultServer, Received, compute, json};
use crate::common::providers::{Providers, ROLE_ARN, Script};
use crate::common::pty;
use crate::common::*;

// 3. Secrets a server echoes back ------------------------------------------------------------

/// `text` as the inside of a JSON string, escaped as a server would write it; `hostile`: also
/// `\/` for every slash and every fifth letter or digit as a `\u00XX` escape, so that no
/// secret appears in the answer's text as it is.
fn json_inner(text: &str, hostile: bool) -> String {
    let quoted = serde_json::to_string(text).unwrap();
    let inner = &quoted[1..quoted.len() - 1];
    if !hostile {
        return inner.to_string();
    }
    let mut out = String::new();
    let mut escaped = false;
    for (i, c) in inner.chars().enumerate() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            out.push(c);
            escaped = true;
        } else if c == '/' {
            out.push_str("\\/");
        } else if c.is_ascii_alphanumeric() && i % 5 == 0 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
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
fn assert_nothing_secret(what: &str, out: &Output, key_pem: &str, signatures: &[String]) {
    let all = unescaped(&format!("{}{}", stdout(out), stderr(out)));
    let mut secrets: Vec<&str> = vec![SECRET_KEY, TOKEN];
    secrets.extend(
        key_pem
            .lines()
            .filter(|l| !l.starts_with("-----") && l.len() >= 16),
    );
    secrets.extend(signatures.iter().map(String::as_str));
    for s in secrets {
        assert!(!all.contains(s), "{what}: {s} shows:\n{all}");
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
                let kp = key_pair(&["a.example.com"]);
                let c = env.write("fullchain.pem", kp.cert_pem.as_bytes());
                let k = env.write("privkey.pem", kp.key_pem.as_bytes());
                let api = FaultServer::start(vec![compute(move |r| answer(r, hostile))]);
                let mut cmd = env.bind(&api.endpoint());
                cmd.env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
                    .args(["--force", "--max-attempts", "1", "-d", "a.example.com"])
                    .args(["-o", format, "--cert"])
                    .arg(&c)
                    .arg("--key")
                    .arg(&k);
                if verbose {
                    cmd.arg("-v");
                }
                let out = cmd.run();
                assert_eq!(out.status.code(), Some(code), "{what}: {}", stderr(&out));
                let sigs = signatures(&api);
                assert_nothing_secret(&what, &out, &kp.key_pem, &sigs);
                // `[redacted]` stands where they were.
                let shown = match (code, format, verbose) {
                    (5, "json", _) => {
                        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
                        v["Errors"][0]["Message"].as_str().unwrap().to_string()
                    }
                    (1, "json", _) => {
                        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
                        v["Error"]["Message"].as_str().unwrap().to_string()
                    }
                    (5, _, false) => stdout(&out),
                    (_, _, true) => stderr(&out)
                        .lines()
                        .skip_while(|l| !l.starts_with("< HTTP"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => stderr(&out),
                };
                assert!(shown.contains("[redacted]"), "{what}: {shown}");
                assert!(
                    unescaped(&shown).contains("bad CertificatePrivateKey"),
                    "{what}: the message is still shown: {shown}"
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
        assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
        let sigs = signatures(&sts);
        assert_nothing_secret("STS", &out, "", &sigs);
        let err = stderr(&out);
        assert!(err.contains("STS AssumeRole"), "{err}");
        assert!(err.contains("[redacted]"), "{err}");
    }
}

// 4. A bare secret file given as --domains-file ----------------------------------------------

#[test]
fn a_bare_secret_file_given_as_domains_file_is_never_quoted() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("fullchain.pem", kp.cert_pem.as_bytes());
    let cert = cert.to_str().unwrap();
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
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            let err = stderr(&out);
            let chars: Vec<char> = value.chars().collect();
            for w in chars.windows(8) {
                let w: String = w.iter().collect();
                assert!(
                    !err.contains(&w),
                    "{args:?}: '{w}' of the secret shows: {err}"
                );
            }
            assert!(err.contains(&format!("--domains-file {file}")), "{err}");
            assert!(err.contains("not shown"), "{err}");
            assert!(err.contains("it looks like"), "{err}");
            assert!(err.contains("one NAME[:on|off|keep] a line"), "{err}");
        }
    }
    // In a longer file, a line with no dot that looks like a token is not quoted either; its
    // line number is given.
    let file = env.write(
        "d.txt",
        format!("a.example.com\n# renewals\n{SECRET_KEY}\n").as_bytes(),
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
        .arg(&file)
        .run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("d.txt line 3: "), "{err}");
    assert!(!err.contains(&SECRET_KEY[..8]), "{err}");
    assert!(err.contains("not shown"), "{err}");
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
            .arg(&file)
            .run();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(quoted), "{}", stderr(&out));
    }
}

// 5. --dry-run never reads credentials and never sends ---------------------------------------

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
    let kp = key_pair(&["a.example.com"]);
    let c = env.write("fullchain.pem", kp.cert_pem.as_bytes());
    let k = env.write("privkey.pem", kp.key_pem.as_bytes());
    let (c, k) = (c.to_str().unwrap(), k.to_str().unwrap());
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
            let out = cmd.run();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains(says), "{args:?}: {err}");
            assert!(
                err.contains("--dry-run never reads credentials and never sends anything"),
                "{args:?}: {err}"
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
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    assert!(metadata.requests().is_empty() && api.requests().is_empty());
}

// 9. -o json prints the answer as received, never `null` -------------------------------------

/// What python3's json module makes of `text`: `(errors, first error's domain, first
/// error's message)`; it reads `1e400` (as infinity) and lone surrogates, which serde_json
/// does not.
fn python_errors(text: &str) -> (usize, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            "import json,sys\nd=json.load(sys.stdin)\nd=d if isinstance(d,dict) else {'Errors':d}\n\
             e=d['Errors']\nprint(len(e))\nprint(e[0].get('DomainName') if e else '')\n\
             print(json.dumps(e[0].get('Message') if e else ''))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "stdout is not JSON: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let n = lines.next().unwrap().parse().unwrap();
    let domain = lines.next().unwrap().to_string();
    let message: String = serde_json::from_str(lines.next().unwrap()).unwrap_or_default();
    (n, domain, message)
}

#[test]
fn json_output_of_an_answer_serde_cannot_transcode_is_the_answer_never_null() {
    let failed =
        r#""Errors":[{"DomainName":"a.example.com","Code":"FailedOperation","Message":"m"}]"#;
    for (what, answer) in [
        (
            "a number out of range",
            format!(r#"{{"Response":{{{failed},"Huge":1e400,"RequestId":"r"}}}}"#),
        ),
        (
            "a lone surrogate",
            format!(r#"{{"Response":{{{failed},"Note":"x\ud800y","RequestId":"r"}}}}"#),
        ),
        (
            "a lone surrogate in the failed domain's own Message",
            r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"FailedOperation","Message":"x\ud800y"}],"RequestId":"r"}}"#
                .to_string(),
        ),
    ] {
        let env = Env::new();
        let api = FaultServer::start(vec![json(200, &answer)]);
        let out = env
            .bind(&api.endpoint())
            .args([
                "--force",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "-o",
                "json",
            ])
            .run();
        assert_eq!(out.status.code(), Some(5), "{what}: {}", stderr(&out));
        let text = stdout(&out);
        assert_ne!(text.trim(), "null", "{what}");
        let (n, domain, _) = python_errors(&text);
        assert_eq!((n, domain.as_str()), (1, "a.example.com"), "{what}: {text}");
    }

    // Printed as received, hidden characters are still made harmless and secrets scrubbed,
    // also when the server \u-escapes part of them.
    let hidden = "\u{202e}";
    let token = json_inner(TOKEN, true);
    let answer = format!(
        "{{\"Response\":{{\"Errors\":[{{\"DomainName\":\"a.example.com\",\"Code\":\"X\",\"Message\":\"m{hidden}n {token} o\"}}],\r\"Huge\":1e400,\"RequestId\":\"r\"}}}}"
    );
    let env = Env::new();
    let api = FaultServer::start(vec![json(200, &answer)]);
    let out = env
        .bind(&api.endpoint())
        .env("TENCENTCLOUD_SESSION_TOKEN", TOKEN)
        .args([
            "--force",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
            "-o",
            "json",
        ])
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains(hidden) && !text.contains('\r'), "{text:?}");
    assert!(text.contains(r"\u202e"), "{text}");
    let (n, _, message) = python_errors(&text);
    assert_eq!(n, 1);
    assert_eq!(message, "m\u{202e}n [redacted] o", "{text}");

    // A listing's items, each as received.
    let item = r#"{"DomainName":"a.example.com","CertificateAlias":"x","Status":1,"CertExpireTime":"2030-01-01 00:00:00","Weight":1e400}"#;
    let page = format!(
        r#"{{"Response":{{"LiveDomainCertBindings":[{item}],"TotalNum":1,"RequestId":"r"}}}}"#
    );
    let api = FaultServer::start(vec![json(200, &page)]);
    let out = env
        .cmd_with_creds()
        .args(["cert", "list", "-o", "json", "--endpoint", &api.endpoint()])
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let wrapped = format!(r#"{{"Errors":{}}}"#, stdout(&out));
    let (n, domain, _) = python_errors(&wrapped);
    assert_eq!(
        (n, domain.as_str()),
        (1, "a.example.com"),
        "{}",
        stdout(&out)
    );
}

// 18. --color always wins over NO_COLOR -----------------------------------------------------

#[test]
fn an_explicit_color_always_wins_over_no_color_everywhere_alike() {
    let partial = r#"{"Response":{"MismatchedDomainNames":[],"Errors":[{"DomainName":"b.example.com","Code":"X","Message":"m"}],"RequestId":"r"}}"#;
    let env = Env::new();
    let api = FakeApi::start();
    api.answer(200, partial);
    let bind = |color: &str, format: &str| {
        let mut c = env.std_cmd_with_creds();
        c.env("NO_COLOR", "1")
            .args(["--color", color, "-o", format, "cert", "bind"])
            .args(["--endpoint", &api.endpoint(), "--cert-id", "x"])
            .args(["-d", "a.example.com", "-d", "b.example.com"]);
        c
    };
    // On a terminal and on a pipe alike, --color always colours the table and no bare code
    // is left in it.
    let on_terminal = pty::run(bind("always", "table"), 100);
    let on_pipe = bind("always", "table").output().unwrap();
    assert_no_secrets(&on_pipe, None);
    for (what, code, out) in [
        ("terminal", on_terminal.code, on_terminal.stdout.clone()),
        ("pipe", on_pipe.status.code(), stdout(&on_pipe)),
    ] {
        assert_eq!(code, Some(5), "{what}");
        assert!(out.contains("\x1b[38;5;9mfailed"), "{what}: {out:?}");
        assert!(out.contains("\x1b[38;5;10mok"), "{what}: {out:?}");
        assert!(!out.contains("\x1b[m"), "{what}: {out:?}");
    }
    // The labels on stderr are coloured too.
    let out = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "cert", "bind", "-d", "a b"])
        .run();
    assert!(
        stderr(&out).starts_with("\x1b[31merror:"),
        "{:?}",
        stderr(&out)
    );
    // auto with NO_COLOR: no colour code at all, even on a terminal.
    let seen = pty::run(bind("auto", "table"), 100);
    assert_eq!(seen.code, Some(5));
    assert!(!seen.stdout.contains('\x1b'), "{:?}", seen.stdout);
    assert!(!seen.stderr.contains('\x1b'), "{:?}", seen.stderr);
    // tsv and json never have colour codes.
    for format in ["tsv", "json"] {
        let seen = pty::run(bind("always", format), 100);
        assert_eq!(seen.code, Some(5), "{format}");
        assert!(!seen.stdout.contains('\x1b'), "{format}: {:?}", seen.stdout);
    }
}
