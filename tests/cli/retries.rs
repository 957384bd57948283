//! Retries, clock skew and hostile or broken answers, against the scripted hostile server
//! (`common/fault.rs`): what is retried (rate limits, transient codes and statuses, dropped
//! and reset connections, interrupted handshakes), what never is (a change that may have been
//! processed: "may have been applied/uploaded"), the retry budget as a deadline, a clock
//! corrected from the API's Date, and each answer that is not the API's envelope.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::common::fault::*;
use crate::common::server::{Handler, Reply, Request, Server};
use crate::common::*;

fn bind_id(env: &Env, server: &FaultServer, extra: &[&str]) -> Outcome {
    env.bind(&server.endpoint())
        // --force: straight to the change request, so the script answers that alone.
        .args([
            "--force",
            "--cert-id",
            "hZy2N9vF",
            "-d",
            "a.example.com",
            "-o",
            "tsv",
        ])
        .args(extra)
        .run()
}

fn retry_lines(out: &Outcome) -> Vec<String> {
    out.stderr()
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

/// A key-pair bind of a.example.com that sends the key pair with the bind (--upload-via live:
/// the path that stores a new copy each time, and the fallback when CAM refuses the SSL
/// upload), with --force, so that the script answers the change request alone.
fn upload(env: &Env, endpoint: &str, extra: &[&str]) -> Outcome {
    env.bind(endpoint)
        .args(["--force", "--upload-via", "live", "-d", "a.example.com"])
        .args(env.key_pair_args(&["a.example.com"]))
        .args(extra)
        .run()
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
    out.assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n");
    let retries = retry_lines(&out);
    out.assert(retries.len() == 2, "two retries")
        .assert(
            retries[0].starts_with(
                "retry: RequestLimitExceeded: scripted RequestLimitExceeded; attempt 2 of 4 in ",
            ),
            "the first retry names the code and the attempt",
        )
        .assert(
            retries[1].contains("; attempt 3 of 4 in "),
            "the second retry is attempt 3",
        );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    // Every attempt is signed anew and correctly.
    reqs.iter().for_each(assert_signed);
}

#[test]
fn internal_error_until_the_budget_runs_out_exits_1() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("InternalError")]);
    let started = Instant::now();
    let out = bind_id(
        &env,
        &server,
        &["--max-attempts", "20", "--retry-budget", "2s"],
    );
    out.assert_code(1);
    assert!(started.elapsed() < Duration::from_secs(10));
    out.assert(!retry_lines(&out).is_empty(), "retried")
        .assert_stderr_contains("giving up after ")
        // The change request was written and never answered with a result: it may have been
        // applied, and the user is told so (and how to finish it).
        .assert_stderr_contains(
            "error: InternalError: scripted InternalError (RequestId req-InternalError); the request had been sent, so the bind may have been applied: run the same command again",
        )
        .assert_stderr_contains("hint: `tclive cert list --domain NAME`");
    assert!(server.requests().len() >= 2);
}

#[test]
fn max_attempts_1_means_no_retry() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("ServiceUnavailable")]);
    let out = bind_id(&env, &server, &["--max-attempts", "1"]);
    out.assert_code(1)
        .assert(retry_lines(&out).is_empty(), "no retry");
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
        let out = bind_id(&env, &server, &[]).case(code);
        out.assert(out.code() != Some(0), "a failure")
            .assert(retry_lines(&out).is_empty(), "no retry");
        assert_eq!(server.requests().len(), 1, "{code}");
    }
    // Per-domain errors inside a successful answer are results, not retried.
    let env = Env::new();
    let server = FaultServer::start(vec![json(
        200,
        r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"InternalError","Message":"m"}],"RequestId":"r"}}"#,
    )]);
    bind_id(&env, &server, &[]).assert_code(5);
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
        let out = bind_id(&env, &server, &[]).case(format!("{first:?}"));
        out.assert_code(0)
            .assert(retry_lines(&out).len() == 1, "one retry");
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
        bind_id(
            &env,
            &server,
            &["--max-attempts", "1", "--timeout", "300ms"],
        )
        .case(format!("{action:?}"))
        .assert_code(6)
        .assert_stderr_starts_with("error: ")
        .assert_stderr_contains(expected)
        // No escape reaches the terminal, and nothing panics.
        .assert_stderr_lacks("\x1b")
        .assert_stderr_lacks("panicked")
        .assert_stdout_eq("");
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
    bind_id(&env, &server, &[]).assert_code(0);
}

#[test]
fn connection_refused_is_retried_then_reported() {
    let env = Env::new();
    let out = env
        .bind(&closed_metadata())
        .args(["--force", "-d", "a.example.com", "--max-attempts", "2"])
        .run();
    out.assert_code(6)
        .assert(retry_lines(&out).len() == 1, "one retry")
        .assert_stderr_contains("giving up after 2 attempts");
}

#[test]
fn a_refused_connection_says_that_nothing_was_sent_and_bound() {
    let env = Env::new();
    let endpoint = closed_metadata();
    let cannot = format!("error: cannot connect to {endpoint}/: Connection refused (os error 111)");
    let hint = "hint: check --endpoint, the network, and proxy settings (HTTPS_PROXY, NO_PROXY)";
    // A bind by id, every attempt refused.
    let out = env
        .bind(&endpoint)
        .args(["--force", "--cert-id", "x", "-d", "a.example.com"])
        .args(["--max-attempts", "2"])
        .run();
    out.assert_code(6)
        .assert_stdout_eq("")
        .assert_stderr_ends_with(format!(
            "{cannot}; no request reached the API, so nothing was bound\n{hint}; run with -v to \
         trace the request\n"
        ));
    // Under -v, no hint to run with -v.
    let out = env
        .bind(&endpoint)
        .args(["-v", "--force", "--cert-id", "x", "-d", "a.example.com"])
        .args(["--max-attempts", "1"])
        .run();
    out.assert_code(6)
        .assert_stderr_ends_with(format!(
            "{cannot}; no request reached the API, so nothing was bound\n{hint}\n"
        ))
        .assert_stderr_lacks("run with -v");
    // A key pair: no certificate uploaded either.
    upload(&env, &endpoint, &["--max-attempts", "1"])
        .assert_code(6)
        .assert_stderr_ends_with(format!(
            "{cannot}; no request reached the API, so no certificate was uploaded and nothing \
             was bound\n{hint}; run with -v to trace the request\n"
        ));
    // Without --force the reads come first: the bind was never sent.
    env.bind(&endpoint)
        .args([
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
            "--max-attempts",
            "1",
        ])
        .run()
        .assert_code(6)
        .assert_stderr_ends_with(format!(
            "{cannot}; the current bindings could not be read, and the bind is sent only after \
             them: nothing was bound\n{hint}; run with -v to trace the request\n"
        ));
    // A read says what it says: no word of binds.
    env.at(&endpoint)
        .args(["cert", "list", "--max-attempts", "1"])
        .run()
        .assert_code(6)
        .assert_stderr_eq(format!(
            "{cannot}\n{hint}; run with -v to trace the request\n"
        ));
}

fn http_date(unix: i64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + Duration::from_secs(unix as u64))
}

#[test]
fn signature_expire_with_a_date_10_minutes_ahead_is_corrected_once() {
    let env = Env::new();
    let ahead = now() + 600;
    let expire = |request_id: &str| Action::Respond {
        status: 200,
        headers: vec![("Date".into(), http_date(ahead))],
        body: format!(
            r#"{{"Response":{{"Error":{{"Code":"AuthFailure.SignatureExpire","Message":"expired"}},"RequestId":"{request_id}"}}}}"#
        ),
    };
    let server = FaultServer::start(vec![expire("r1"), json(200, &ok_answer(""))]);
    let out = bind_id(&env, &server, &[]);
    out.assert_code(0);
    let warning = out.stderr().lines().next().unwrap_or_default();
    out.assert(
        warning.starts_with("warning: your clock is 10m0s behind the API's")
            || warning.starts_with("warning: your clock is 9m59s behind the API's"),
        "the first line says how far behind the clock is",
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
    let server = FaultServer::start(vec![expire("r2"), json(200, &ok_answer(""))]);
    bind_id(&env, &server, &["--color", "always"])
        .assert_code(0)
        .assert_stderr_starts_with("\x1b[33mwarning:\x1b[0m your clock is");
}

/// A SignatureExpire answer with its Date header `date` (None: none), RequestId `id`.
fn expire_at(date: Option<i64>, id: &str) -> Action {
    Action::Respond {
        status: 200,
        headers: date
            .map(|d| ("Date".into(), http_date(d)))
            .into_iter()
            .collect(),
        body: format!(
            r#"{{"Response":{{"Error":{{"Code":"AuthFailure.SignatureExpire","Message":"expired"}},"RequestId":"{id}"}}}}"#
        ),
    }
}

#[test]
fn signature_expire_says_one_coherent_thing_for_each_clock() {
    let env = Env::new();
    // A clock ahead: corrected once, and said so the right way round.
    let server = FaultServer::start(vec![
        expire_at(Some(now() - 600), "r1"),
        json(200, &ok_answer("")),
    ]);
    let out = bind_id(&env, &server, &[]);
    out.assert_code(0);
    let warning = out.stderr().lines().next().unwrap_or_default();
    out.assert(
        [
            "warning: your clock is 10m0s ahead of the API's; retrying once with the API's time (fix this machine's clock: NTP)",
            "warning: your clock is 10m1s ahead of the API's; retrying once with the API's time (fix this machine's clock: NTP)",
        ]
        .contains(&warning),
        "the warning says how far ahead the clock is",
    );
    assert_eq!(server.requests().len(), 2);

    // A clock that agrees with the API's: no "0s behind", no retry, no advice to fix it, no
    // word of a missing Date header.
    let server = FaultServer::start(vec![
        expire_at(Some(now()), "r2"),
        json(200, &ok_answer("")),
    ]);
    let out = bind_id(&env, &server, &[]);
    out.assert_code(4).assert_stdout_eq("");
    let agrees = out.stderr().starts_with(
        "error: AuthFailure.SignatureExpire: expired (RequestId r2) — yet this machine's clock agrees with the API's Date header (",
    ) && out.stderr().ends_with(
        "s apart): the clock is not the cause, and there is nothing to correct\n\
         hint: try again; if it persists, report it to Tencent Cloud with the RequestId\n",
    ) && out.stderr().lines().count() == 2;
    out.assert(
        agrees,
        "one error line and one hint, both about a clock that agrees",
    )
    .assert_stderr_lacks("0s behind")
    .assert_stderr_lacks("Date header to")
    .assert_stderr_lacks("NTP");
    assert_eq!(
        server.requests().len(),
        1,
        "nothing to correct, nothing retried"
    );

    // Refused again after the correction: said once, with the correction made.
    let server = FaultServer::start(vec![
        expire_at(Some(now() + 600), "r3"),
        expire_at(Some(now() + 600), "r4"),
    ]);
    let out = bind_id(&env, &server, &[]);
    out.assert_code(4).assert_stdout_eq("");
    let lines: Vec<&str> = out.stderr().lines().collect();
    out.assert(lines.len() == 3, "a warning, an error, a hint");
    out.assert(
        lines[1].starts_with(
            "error: AuthFailure.SignatureExpire: expired (RequestId r4) — refused again when signed with the time of the API's Date header (your clock is ",
        ) && lines[1].ends_with(" behind the API's)"),
        "the error says the corrected request was refused too",
    );
    assert_eq!(
        lines[2],
        "hint: synchronise this machine's clock (NTP) and try again; the Date header may not be the API's own (a proxy's?)"
    );
    out.assert_stderr_lacks("no usable Date");
    assert_eq!(server.requests().len(), 2);

    // No Date header: the rule, once; the advice, once, in the hint.
    let server = FaultServer::start(vec![expire_at(None, "r5")]);
    bind_id(&env, &server, &[])
        .assert_code(4)
        .assert_stdout_eq("")
        .assert_stderr_eq(
            "error: AuthFailure.SignatureExpire: expired (RequestId r5) — the API refuses a request \
             signed more than 5 minutes off its clock, and its answer had no usable Date header to \
             tell how far this machine's clock is off\n\
             hint: synchronise this machine's clock (NTP) and try again\n",
        );
}

#[test]
fn signature_expire_without_a_date_explains_the_five_minute_rule() {
    let env = Env::new();
    let server = FaultServer::start(vec![api_error("AuthFailure.SignatureExpire")]);
    bind_id(&env, &server, &[])
        .assert_code(4)
        .assert_stderr_contains("more than 5 minutes off its clock")
        .assert_stderr_contains("NTP");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn key_pair_bind_connection_dropped_after_sending_is_not_retried() {
    let env = Env::new();
    let server = FaultServer::start(vec![Action::Drop, json(200, &ok_answer(""))]);
    let out = upload(&env, &server.endpoint(), &["--timeout", "500ms"]);
    out.assert_code(6)
        .assert_stderr_contains("the certificate may have been uploaded")
        .assert(retry_lines(&out).is_empty(), "no retry")
        .assert_stderr_contains("hint: `tclive cert list --domain NAME` shows what is bound now");
    assert_eq!(server.requests().len(), 1, "exactly one request");

    // The same after a timeout.
    let server = FaultServer::start(vec![Action::Stall(Duration::from_secs(3))]);
    upload(&env, &server.endpoint(), &["--timeout", "500ms"])
        .assert_code(6)
        .assert_stderr_contains("may have been uploaded");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn key_pair_bind_retries_only_what_was_certainly_not_processed() {
    let env = Env::new();
    // A rate limit proves nothing was stored: retried.
    let server = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        json(200, &ok_answer("")),
    ]);
    upload(&env, &server.endpoint(), &["--timeout", "500ms"]).assert_code(0);
    assert_eq!(server.requests().len(), 2);
    // An internal error or a 502 may come after the upload: not retried.
    for action in [api_error("InternalError"), json(502, "bad gateway")] {
        let server = FaultServer::start(vec![action.clone(), json(200, &ok_answer(""))]);
        let out = upload(&env, &server.endpoint(), &["--timeout", "500ms"]);
        out.assert(out.code() != Some(0), format!("{action:?} is a failure"));
        assert_eq!(server.requests().len(), 1, "{action:?}");
    }
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
    out.assert_code(6)
        .assert(retry_lines(&out).len() == 2, "two retries")
        .assert(
            retry_lines(&out)[0].contains("cannot connect to https://127.0.0.1:"),
            "the retry says it could not connect",
        );
    assert_eq!(server.accepted(), 3);
}

#[test]
fn an_upload_without_a_valid_answer_says_it_may_have_been_uploaded_and_is_never_resent() {
    let html = Action::Respond {
        status: 200,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: "<html>proxy error</html>".into(),
    };
    let cases: Vec<(&str, Action, i32)> = vec![
        ("HTTP 500", json(500, "oops"), 6),
        ("HTTP 502", json(502, "<html>bad gateway</html>"), 6),
        ("HTML", html, 6),
        (
            "truncated JSON",
            Action::Truncated {
                declared: 100,
                body: r#"{"Response":{"Req"#.into(),
            },
            6,
        ),
        (
            "wrongly typed JSON",
            json(200, r#"{"Response":{"Errors":"no","RequestId":"r"}}"#),
            6,
        ),
        ("InternalError", api_error("InternalError"), 1),
        ("dropped", Action::Drop, 6),
    ];
    for (what, action, code) in cases {
        let env = Env::new();
        let api = FaultServer::start(vec![action]);
        upload(&env, &api.endpoint(), &[])
            .case(what)
            .assert_code(code)
            .assert_stderr_contains("the certificate may have been uploaded")
            .assert_stderr_contains("hint: `tclive cert list")
            .assert_stderr_lacks("retry:");
        assert_eq!(api.requests().len(), 1, "{what}: the upload was sent again");
    }
}

#[test]
fn a_rate_limited_upload_is_retried_because_it_was_not_processed() {
    let env = Env::new();
    let api = FaultServer::start(vec![
        api_error("RequestLimitExceeded"),
        json(200, &ok_answer("")),
    ]);
    upload(&env, &api.endpoint(), &[]).assert_code(0);
    assert_eq!(api.requests().len(), 2);
}

#[test]
fn the_retry_budget_bounds_the_attempt_in_flight() {
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(30))]);
    let started = Instant::now();
    let out = env
        .bind(&api.endpoint())
        .args(["--timeout", "20s", "--retry-budget", "1s", "--force"])
        .args(["--cert-id", "x", "-d", "a.example.com"])
        .run();
    let took = started.elapsed();
    out.assert(took < Duration::from_secs(5), format!("took {took:?}"))
        .assert_code(6)
        .assert_stderr_contains("within the retry budget of 1s")
        .assert_stderr_contains("the bind may have been applied");
}

#[test]
fn a_transport_error_after_a_bind_by_id_says_it_may_have_been_applied() {
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Drop]);
    env.bind(&api.endpoint())
        .args(["--max-attempts", "1", "--force", "--cert-id", "x"])
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(6)
        .assert_stderr_contains("so the bind may have been applied: run the same command again");
}

#[test]
fn transient_codes_are_retried_for_reads_but_never_for_an_upload() {
    for code in [
        "FailedOperation.NetworkError",
        "InternalError.NetworkError",
        "InternalError.DBError",
        "InternalError.ConnectDbError",
    ] {
        let env = Env::new();
        let api = FaultServer::start(vec![
            api_error(code),
            json(200, &bindings_answer("", Some(0))),
        ]);
        env.at(&api.endpoint())
            .args(["cert", "list"])
            .run()
            .assert_code(0)
            .assert_stderr_contains(format!("retry: {code}"));
        assert_eq!(api.requests().len(), 2);

        let api = FaultServer::start(vec![api_error(code), json(200, &ok_answer(""))]);
        upload(&env, &api.endpoint(), &[])
            .assert_code(1)
            .assert_stderr_contains("may have been uploaded");
        assert_eq!(api.requests().len(), 1, "{code}: the upload was sent again");
    }
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
    out.assert_code(6)
        .assert_stdout_eq("")
        .assert_stderr_starts_with(format!(
            "error: HTTP 502 Bad Gateway from {}/: <html><body>502 Bad Gateway",
            api.endpoint()
        ));
    let first = out.stderr().lines().next().unwrap_or_default();
    let (http, rest) = first
        .split_once("; the request had been sent")
        .unwrap_or_else(|| out.fail("the error says the request had been sent"));
    out.assert(
        http.len() < 320,
        "the body is cut to 200 characters in the error",
    )
    .assert(
        rest.contains("the bind may have been applied"),
        "the error says the bind may have been applied",
    );
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
        env.bind(&api.endpoint())
            .args(["-d", "a.example.com"])
            .run()
            .case(body)
            .assert_code(6)
            .assert_stderr_contains(why);
    }
}

#[test]
fn connection_refused_exits_6() {
    let env = Env::new();
    // Bind and drop a listener to get a port nobody listens on.
    let endpoint = closed_metadata();
    env.cmd_with_creds()
        .args(["--max-attempts", "1"])
        .args(["cert", "bind", "-d", "a.example.com"])
        .args(["--endpoint", &endpoint])
        .run()
        .assert_code(6)
        .assert_stderr_contains("cannot connect to")
        .assert_stderr_contains("refused");
}

#[test]
fn slow_answer_past_timeout_exits_6() {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer_any_after(Duration::from_secs(5), 200, &ok_answer(""));
    env.cmd_with_creds()
        .args(["--max-attempts", "1"])
        .args(["cert", "bind", "-d", "a.example.com", "--timeout", "300ms"])
        .args(["--endpoint", &api.endpoint()])
        .run()
        .assert_code(6)
        .assert_stderr_contains("no answer from")
        .assert_stderr_contains("within 300ms");
}

#[test]
fn hostile_server_helpers_are_wired() {
    // The stall action really stalls: a guard against a fake that answers at once and makes
    // the signal and budget tests pass for the wrong reason.
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(2))]);
    let mut s = std::net::TcpStream::connect(("127.0.0.1", api.port)).unwrap();
    s.write_all(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 1];
    assert!(std::io::Read::read(&mut s, &mut buf).is_err());
}

/// An UploadCertificate answer naming a new certificate.
const STORED: &str =
    r#"{"Response":{"CertificateId":"fresh01","RepeatCertId":"","RequestId":"up"}}"#;

#[test]
fn the_ssl_upload_is_retried_on_drops_5xx_bad_json_and_transient_codes_then_bound_once() {
    let env = Env::new();
    let live = crate::common::fake_live::FakeLive::with_play_domains(["a.example.com"]);
    let ssl = FaultServer::start(vec![
        Action::Drop,
        json(502, "bad gateway"),
        json(200, "<html>not json</html>"),
        api_error("FailedOperation.NetworkError"),
        api_error("InternalError.BackendResponseEmpty"),
        json(200, STORED),
    ]);
    let out = env
        .bind(&live.endpoint())
        .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args(["--force", "-d", "a.example.com", "--max-attempts", "6"])
        .args(["--timeout", "2s", "--retry-budget", "120s", "-o", "tsv"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run();
    out.assert_code(0)
        .assert_stdout_eq("a.example.com\ton\tok\t\t\n")
        .assert_stderr_contains(
            "certificate: stored in the SSL certificate service as fresh01 (new)",
        )
        .assert_stderr_lacks("may have been uploaded");
    assert_eq!(retry_lines(&out).len(), 5, "{}", out.stderr());
    assert_eq!(ssl.actions(), vec!["UploadCertificate"; 6]);
    // Every attempt is the same request, signed anew for the SSL service.
    let bodies: Vec<Vec<u8>> = ssl.requests().iter().map(|r| r.body.clone()).collect();
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    for r in ssl.requests().iter().skip(1) {
        let ts: i64 = r.header("x-tc-timestamp").unwrap().parse().unwrap();
        let host = r.header("host").unwrap();
        assert_eq!(
            r.header("authorization").unwrap(),
            expected_authorization_for("ssl", &host, ts, &r.body)
        );
    }
    // One bind, by that ID.
    let m = live.modifies();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0]["CloudCertId"], "fresh01");
}

#[test]
fn an_ssl_upload_that_keeps_failing_binds_nothing_and_says_a_rerun_is_safe() {
    let env = Env::new();
    let live = crate::common::fake_live::FakeLive::with_play_domains(["a.example.com"]);
    let ssl = FaultServer::start(vec![json(503, "unavailable")]);
    let out = env
        .bind(&live.endpoint())
        .env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args(["--force", "-d", "a.example.com", "--max-attempts", "2"])
        .args(env.key_pair_args(&["a.example.com"]))
        .run();
    out.assert_code(6)
        .assert_stderr_contains("HTTP 503")
        .assert_stderr_contains(
            "UploadCertificate did not store the certificate: nothing was bound (running the same command again stores no second copy)",
        )
        .assert_stderr_lacks("may have been uploaded");
    assert_eq!(ssl.requests().len(), 2);
    assert!(live.modifies().is_empty());
}
