//! Retries, clock skew and hostile or broken answers, against the scripted hostile server (`common/fault.rs`).

use std::time::Duration;

use crate::common::fault::*;
use crate::common::server::{Handler, Reply, Request, Server};
use crate::common::*;

fn bind_id(env: &Env, server: &FaultServer, extra: &[&str]) -> std::process::Output {
    env.cmd_with_creds()
        // --force: straight to the change request, so the script answers that alone.
        .args([
            "cert",
            "bind",
            "--force",
            "--cert-id",
            "hZy2N9vF",
            "-d",
            "a.example.com",
            "-o",
            "tsv",
        ])
        .args(["--endpoint", &server.endpoint()])
        .args(extra)
        .run()
}

fn retry_lines(out: &std::process::Output) -> Vec<String> {
    stderr(out)
        .lines()
        .filter(|l| l.starts_with("retry: "))
        .map(str::to_string)
        .collect()
}

fn assert_signed(r: &Received) {
    let ts: i64 = r.header("x-tc-timestamp").unwrap().parse().unwrap();
    let host = r.header("host").unwrap();
    assert_eq!(
        r.header("authorization").unwrap(),
        expected_authorization(&host, ts, &r.body)
    );
}

#[test]
fn rate_limited_twice_then_success() {
    let env = Env::new();
    let server = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        api_error("LimitExceeded.RateLimitExceeded"),
        json(200, &ok_answer("")),
    ]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let retries = retry_lines(&out);
    assert_eq!(retries.len(), 2, "{}", stderr(&out));
    assert!(
        retries[0].starts_with(
            "retry: RequestLimitExceeded: scripted RequestLimitExceeded; attempt 2 of 4 in "
        ),
        "{}",
        retries[0]
    );
    assert!(
        retries[1].contains("; attempt 3 of 4 in "),
        "{}",
        retries[1]
    );
    assert_eq!(stdout(&out), "a.example.com\ton\tok\t\t\n");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    // Every attempt is signed anew and correctly.
    reqs.iter().for_each(assert_signed);
}

#[test]
fn internal_error_until_the_budget_runs_out_exits_1() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("InternalError")]);
    let started = std::time::Instant::now();
    let out = bind_id(
        &env,
        &server,
        &["--max-attempts", "20", "--retry-budget", "2s"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
    let err = stderr(&out);
    assert!(!retry_lines(&out).is_empty(), "{err}");
    assert!(err.contains("giving up after "), "{err}");
    // The change request was written and never answered with a result: it may have been
    // applied, and the user is told so (and how to finish it).
    assert!(
        err.contains(
            "error: InternalError: scripted InternalError (RequestId req-InternalError); the request had been sent, so the bind may have been applied: run the same command again"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: `tclive cert list --domain NAME`"),
        "{err}"
    );
    assert!(server.requests().len() >= 2);
}

#[test]
fn max_attempts_1_means_no_retry() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("ServiceUnavailable")]);
    let out = bind_id(&env, &server, &["--max-attempts", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(retry_lines(&out).is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn errors_that_are_never_retried() {
    for code in [
        "AuthFailure.SignatureFailure",
        "InvalidParameter.CloudCrtIdError",
        "MissingParameter",
        "UnknownParameter",
        "ResourceNotFound.DomainNotExist",
        "UnauthorizedOperation",
        "InternalError.CrtDateNotFound",
    ] {
        let env = Env::new();
        let server = FaultServer::start(vec![api_error(code)]);
        let out = bind_id(&env, &server, &[]);
        assert_ne!(out.status.code(), Some(0), "{code}");
        assert!(retry_lines(&out).is_empty(), "{code}: {}", stderr(&out));
        assert_eq!(server.requests().len(), 1, "{code}");
    }
    // Per-domain errors inside a successful answer are results, not retried.
    let env = Env::new();
    let server = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"InternalError","Message":"m"}],"RequestId":"r"}}"#,
    )]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn transient_http_statuses_dropped_and_reset_connections_are_retried() {
    for first in [
        json(503, "<html>busy</html>"),
        json(429, "slow down"),
        Action::Drop,
        Action::Reset,
        Action::Truncated {
            declared: 500,
            body: r#"{"Response":"#.into(),
        },
    ] {
        let env = Env::new();
        let server = FaultServer::start(vec![first.clone(), json(200, &ok_answer(""))]);
        let out = bind_id(&env, &server, &[]);
        assert_eq!(out.status.code(), Some(0), "{first:?}: {}", stderr(&out));
        assert_eq!(retry_lines(&out).len(), 1, "{first:?}: {}", stderr(&out));
        assert_eq!(server.requests().len(), 2, "{first:?}");
    }
}

#[test]
fn each_broken_answer_alone_is_a_clear_transport_error() {
    let cases: Vec<(Action, &str)> = vec![
        (Action::Drop, "request to http://127.0.0.1:"),
        (Action::Reset, "request to http://127.0.0.1:"),
        (
            Action::Truncated {
                declared: 500,
                body: r#"{"Response":"#.into(),
            },
            "request to http://127.0.0.1:",
        ),
        (
            Action::Stall(Duration::from_secs(5)),
            "within 300ms (--timeout)",
        ),
        (
            Action::Respond {
                status: 500,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: format!(
                    "<html><h1>Internal \x1b[31mServer Error</h1>{}</html>",
                    "y".repeat(400)
                ),
            },
            "HTTP 500 Internal Server Error from http://127.0.0.1:",
        ),
        (
            json(200, r#"{"Response":{"Req"#),
            "the answer is truncated JSON",
        ),
        (json(200, r#"{"Data":{}}"#), "not the API's envelope"),
    ];
    for (action, expected) in cases {
        let env = Env::new();
        let server = FaultServer::start(vec![action.clone()]);
        let out = bind_id(
            &env,
            &server,
            &["--max-attempts", "1", "--timeout", "300ms"],
        );
        assert_eq!(out.status.code(), Some(6), "{action:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{action:?}: {err}");
        assert!(err.contains(expected), "{action:?}: {err}");
        assert!(
            !err.contains('\x1b'),
            "{action:?}: escape reached the terminal"
        );
        assert!(!err.contains("panicked"), "{action:?}");
        assert_eq!(stdout(&out), "", "{action:?}");
    }
}

#[test]
fn a_valid_envelope_with_the_wrong_content_type_is_accepted() {
    let env = Env::new();
    let server = FaultServer::start(vec![Action::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "text/plain; charset=gbk".into())],
        body: ok_answer(""),
    }]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn connection_refused_is_retried_then_reported() {
    let env = Env::new();
    let port = closed_port();
    let out = env
        .bind(&format!("http://127.0.0.1:{port}"))
        .args(["--force", "-d", "a.example.com", "--max-attempts", "2"])
        .run();
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(retry_lines(&out).len(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("giving up after 2 attempts"),
        "{}",
        stderr(&out)
    );
}

fn http_date(unix: i64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + Duration::from_secs(unix as u64))
}

#[test]
fn signature_expire_with_a_date_10_minutes_ahead_is_corrected_once() {
    let env = Env::new();
    let ahead = now() + 600;
    let server = FaultServer::start(vec![
        Action::Respond {
            status: 200,
            headers: vec![("Date".into(), http_date(ahead))],
            body: r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r1"}}"#.into(),
        },
        json(200, &ok_answer("")),
    ]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let warning = err.lines().next().unwrap();
    assert!(
        warning.starts_with("warning: your clock is 10m0s behind the API's")
            || warning.starts_with("warning: your clock is 9m59s behind the API's"),
        "{err}"
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    let ts: i64 = reqs[1].header("x-tc-timestamp").unwrap().parse().unwrap();
    assert!(
        (ts - ahead).abs() <= 2,
        "second attempt signed with the API's time"
    );
    assert_signed(&reqs[1]);

    // With colour on stderr, the label is coloured like every other warning.
    let server = FaultServer::start(vec![
        Action::Respond {
            status: 200,
            headers: vec![("Date".into(), http_date(ahead))],
            body: r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r2"}}"#.into(),
        },
        json(200, &ok_answer("")),
    ]);
    let out = bind_id(&env, &server, &["--color", "always"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("\x1b[33mwarning:\x1b[0m your clock is"),
        "{:?}",
        stderr(&out)
    );
}

#[test]
fn signature_expire_without_a_date_explains_the_five_minute_rule() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("AuthFailure.SignatureExpire")]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(4));
    let err = stderr(&out);
    assert!(err.contains("more than 5 minutes from its clock"), "{err}");
    assert!(err.contains("NTP"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

fn key_pair_files(env: &Env) -> (std::path::PathBuf, std::path::PathBuf) {
    let kp = key_pair(&["a.example.com"]);
    (
        env.write("fullchain.pem", kp.cert_pem.as_bytes()),
        env.write("privkey.pem", kp.key_pem.as_bytes()),
    )
}

fn bind_pair(env: &Env, server: &FaultServer) -> std::process::Output {
    let (cert, key) = key_pair_files(env);
    env.cmd_with_creds()
        .args([
            "cert",
            "bind",
            "--force",
            "-d",
            "a.example.com",
            "--timeout",
            "500ms",
        ])
        .arg("--cert")
        .arg(cert)
        .arg("--key")
        .arg(key)
        .args(["--endpoint", &server.endpoint()])
        .run()
}

#[test]
fn key_pair_bind_connection_dropped_after_sending_is_not_retried() {
    let env = Env::new();
    let server = FaultServer::start(vec![Action::Drop, json(200, &ok_answer(""))]);
    let out = bind_pair(&env, &server);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 1, "exactly one request");
    assert!(
        stderr(&out).contains("the certificate may have been uploaded"),
        "{}",
        stderr(&out)
    );
    assert!(retry_lines(&out).is_empty());
    assert!(
        stderr(&out).contains("hint: `tclive cert list --domain NAME` shows what is bound now"),
        "{}",
        stderr(&out)
    );

    // The same after a timeout.
    let server = FaultServer::start(vec![Action::Stall(Duration::from_secs(3))]);
    let out = bind_pair(&env, &server);
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(server.requests().len(), 1);
    assert!(
        stderr(&out).contains("may have been uploaded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn key_pair_bind_retries_only_what_was_certainly_not_processed() {
    let env = Env::new();
    // A rate limit proves nothing was stored: retried.
    let server = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        json(200, &ok_answer("")),
    ]);
    let out = bind_pair(&env, &server);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 2);
    // An internal error or a 502 may come after the upload: not retried.
    for action in [api_error("InternalError"), json(502, "bad gateway")] {
        let server = FaultServer::start(vec![action.clone(), json(200, &ok_answer(""))]);
        let out = bind_pair(&env, &server);
        assert_ne!(out.status.code(), Some(0), "{action:?}");
        assert_eq!(server.requests().len(), 1, "{action:?}");
    }
}

#[test]
fn an_error_beside_results_wins() {
    let env = Env::new();
    let server = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"Errors":[],"MismatchedDomainNames":[],"Error":{"Code":"InvalidParameter","Message":"both"},"RequestId":"r-both"}}"#,
    )]);
    let out = bind_id(&env, &server, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "", "no result rows for a refused request");
    assert_eq!(
        stderr(&out),
        "error: InvalidParameter: both (RequestId r-both)\n"
    );
}

#[test]
fn tls_handshake_interrupted_is_retried() {
    // Accepts TCP and hangs up at once, in the middle of the TLS handshake.
    struct HangUp;
    impl Handler for HangUp {
        fn accept(&self, _: usize) -> bool {
            false
        }
        fn reply(&self, _: &Request, _: usize) -> Reply {
            Reply::Drop
        }
    }
    let server = Server::start(HangUp);
    let port = server.port;
    let env = Env::new();
    let out = env
        .bind(&format!("https://127.0.0.1:{port}"))
        .args(["--force", "-d", "a.example.com", "--max-attempts", "3"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(retry_lines(&out).len(), 2, "{}", stderr(&out));
    assert!(retry_lines(&out)[0].contains("cannot connect to https://127.0.0.1:"));
    assert_eq!(server.accepted(), 3);
}
