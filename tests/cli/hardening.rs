//! Issue #10: each attack on tclive, reproduced against the built binary with the hostile
//! loopback server (`crate::common::fault`), and what tclive must do instead. Test names say the
//! problem they pin.

use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::fault::{self, Action, FaultServer, api_error, compute, json, redirect};
use crate::common::pki::fixture_key;
use crate::common::*;

/// The binary as a plain std Command (whose stdio can be any file), hermetic like `Env::cmd`.
fn raw(env: &Env) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin!("tclive"));
    c.env_clear().env("HOME", env.home.path());
    c
}

/// [`raw`] with credentials in the environment.
fn raw_with_creds(env: &Env) -> std::process::Command {
    let mut c = raw(env);
    c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
    c
}

const READ_NONE: &str =
    r#"{"Response":{"LiveDomainCertBindings":[],"TotalNum":0,"RequestId":"r0"}}"#;

fn upload(env: &Env, endpoint: &str) -> assert_cmd::Command {
    let mut cmd = env.bind(endpoint);
    cmd.args(["--force", "-d", "a.example.com"])
        .args(env.key_pair_args(&["a.example.com"]));
    cmd
}

fn body_has_key(r: &fault::Received) -> bool {
    String::from_utf8_lossy(&r.body).contains("CertificatePrivateKey")
}

// 1. Redirects -------------------------------------------------------------------------------

#[test]
fn a_redirect_is_never_followed_and_the_key_never_reaches_the_location_host() {
    let stranger = FaultServer::start(vec![json(200, r#"{"Response":{"RequestId":"x"}}"#)]);
    for status in [301, 302, 303, 307, 308] {
        let env = Env::new();
        let api = FaultServer::start(vec![redirect(status, &format!("{}/", stranger.endpoint()))]);
        let out = upload(&env, &api.endpoint()).run();
        assert_eq!(out.status.code(), Some(6), "{status}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(&format!("HTTP {status}")), "{err}");
        assert!(err.contains("it redirects to 127.0.0.1"), "{err}");
        assert!(
            err.contains("the request was not processed as a bind"),
            "{err}"
        );
        assert!(!err.contains("may have been uploaded"), "{err}");
        assert_eq!(stdout(&out), "", "no result table for a redirect");
        assert_eq!(api.requests().len(), 1, "not retried");
        assert!(body_has_key(&api.requests()[0]));
    }
    assert!(
        stranger.requests().is_empty(),
        "the Location host received the request"
    );
}

// 2. Proxies ---------------------------------------------------------------------------------

#[test]
fn a_remote_endpoint_goes_through_the_proxy_only_as_a_tunnel() {
    // The endpoint is a name that never resolves: only the proxy is ever contacted, and it
    // sees a CONNECT (TLS end to end), never the signed request.
    let proxy = FaultServer::start(vec![fault::Action::Respond {
        status: 502,
        headers: vec![],
        body: String::new(),
    }]);
    let env = Env::new();
    let out = env
        .bind("https://live.example.invalid")
        .env("HTTPS_PROXY", proxy.endpoint())
        .args(["--max-attempts", "1", "--cert-id", "x", "--force"])
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0]
            .head
            .starts_with("CONNECT live.example.invalid:443 HTTP/1.1"),
        "{}",
        seen[0].head
    );
    assert!(seen[0].header("authorization").is_none());
}

#[test]
fn an_unusable_proxy_variable_is_a_usage_error_before_anything_is_sent() {
    let api = FaultServer::start(vec![json(200, READ_NONE)]);
    for (var, value) in [
        ("HTTPS_PROXY", "http://"),
        ("HTTPS_PROXY", "socks5://127.0.0.1:1080"),
        ("ALL_PROXY", "http://u:p@[::1:3128"),
        ("http_proxy", "ftp://127.0.0.1:21"),
    ] {
        let env = Env::new();
        let out = env
            .bind(&api.endpoint())
            .env(var, value)
            .args(["--cert-id", "x", "-d", "a.example.com"])
            .run();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{var}={value}: {}",
            stderr(&out)
        );
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: {var} is set but is not a usable proxy URL"
            )),
            "{err}"
        );
        assert!(!err.contains("u:p"), "the value may hold a password: {err}");
    }
    assert!(api.requests().is_empty());
}

// 3. Core dumps ------------------------------------------------------------------------------

#[test]
fn no_core_dump_can_hold_a_secret() {
    // The function main() calls first makes the process non-dumpable…
    tclive::hardening::no_core_dumps();
    assert_eq!(tclive::hardening::is_dumpable(), Some(false));
    // …and the binary runs with a core size limit of 0 (seen while a request is in flight).
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(20))]);
    let mut child = raw_with_creds(&env)
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

// 4. Secret files given as a domains file -------------------------------------------------

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
            let out = env
                .cmd()
                .args(&cmd)
                .args(["--domains-file", path.to_str().unwrap()])
                .run();
            assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
            let err = stderr(&out);
            assert!(err.contains("nothing of it is shown"), "{err}");
            assert!(!err.contains(&secret[..20]), "{err}");
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
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("d.txt line 2: '"), "{err}");
    assert!(err.lines().next().unwrap().len() < 300, "{err}");
}

// 5. stderr that cannot be written --------------------------------------------------------

#[test]
fn a_stderr_that_cannot_be_written_never_aborts_and_keeps_the_exit_code() {
    let env = Env::new();
    let api = FaultServer::start(vec![
        json(200, READ_NONE),
        json(
            200,
            r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X","Message":"m"}],"RequestId":"r"}}"#,
        ),
    ]);
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // A usage error (2), a dry run (0) and a partial bind (5), each with stderr on /dev/full.
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["cert", "bind", "-d", "a b"], 2),
        (
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
            ],
            0,
        ),
        (
            vec!["cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
            5,
        ),
    ];
    let endpoint = api.endpoint();
    for (args, code) in &cases {
        let out = raw_with_creds(&env)
            .env("TCLIVE_ENDPOINT", &endpoint)
            .args(args)
            .stderr(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(*code), "{args:?}");
    }
    // `2>&1 | head -1`: stderr is a pipe whose reader has gone.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = raw(&env)
        .args(["cert", "bind", "-d", "a b"])
        .stderr(writer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// 6. Signals at any moment ----------------------------------------------------------------

fn wait_for(cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(pid: u32, sig: &str) -> Instant {
    let at = Instant::now();
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    at
}

#[test]
fn a_signal_after_the_first_api_call_still_ends_the_process() {
    // Page 1 of a listing is answered; page 2 stalls: the runtime has served a call already.
    let page1 = r#"{"Response":{"LiveDomainCertBindings":[{"DomainName":"a.example.com"}],"TotalNum":500,"RequestId":"p1"}}"#;
    for (sig, number) in [("-INT", 2), ("-TERM", 15)] {
        let env = Env::new();
        let api = FaultServer::start(vec![
            json(200, page1),
            Action::Stall(Duration::from_secs(30)),
        ]);
        let child = raw_with_creds(&env)
            .args(["cert", "list", "--endpoint", &api.endpoint()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(|| api.requests().len() >= 2);
        let at = signal(child.id(), sig);
        let out = child.wait_with_output().unwrap();
        assert!(
            at.elapsed() < Duration::from_secs(1),
            "{sig}: took {:?}",
            at.elapsed()
        );
        assert_eq!(out.status.signal(), Some(number), "{sig}: {:?}", out.status);
        assert_eq!(stderr(&out), "interrupted\n", "{sig}");
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn a_signal_while_stdout_is_blocked_ends_the_process() {
    let env = Env::new();
    let domains: String = (0..20_000).map(|i| format!("p{i}.example.com\n")).collect();
    let file = env.write("d.txt", domains.as_bytes());
    // Nobody reads stdout: the dry run's 1 MB of output blocks in write().
    let (reader, writer) = std::io::pipe().unwrap();
    let child = raw(&env)
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--domains-file",
        ])
        .arg(&file)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let at = signal(child.id(), "-TERM");
    let out = child.wait_with_output().unwrap();
    assert!(
        at.elapsed() < Duration::from_secs(1),
        "took {:?}",
        at.elapsed()
    );
    assert_eq!(out.status.signal(), Some(15), "{:?}", out.status);
    assert_eq!(stderr(&out), "interrupted\n");
    drop(reader);
}

#[test]
fn ctrl_c_during_a_key_pair_upload_says_the_certificate_may_have_been_uploaded() {
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(30))]);
    let child = raw_with_creds(&env)
        .args(["cert", "bind", "--force"])
        .args(env.key_pair_args(&["a.example.com"]))
        .args(["-d", "a.example.com", "--endpoint", &api.endpoint()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(|| !api.requests().is_empty());
    signal(child.id(), "-INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(2), "{:?}", out.status);
    let err = stderr(&out);
    assert_eq!(
        err.lines().last(),
        Some(tclive::signals::message(tclive::signals::InFlight::Upload)),
        "{err}"
    );
    assert!(err.contains("interrupted while the key-pair request was in flight: the certificate may have been uploaded"), "{err}");
    assert!(err.contains("tclive cert list"), "{err}");
    assert_no_secrets(&out, None);
}

// 7. "may have been uploaded" whenever the request was written and no valid answer came ------

#[test]
fn an_upload_without_a_valid_answer_says_it_may_have_been_uploaded_and_is_never_resent() {
    let html = fault::Action::Respond {
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
        let out = upload(&env, &api.endpoint()).run();
        assert_eq!(out.status.code(), Some(code), "{what}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("the certificate may have been uploaded"),
            "{what}: {err}"
        );
        assert!(err.contains("hint: `tclive cert list"), "{what}: {err}");
        assert!(!err.contains("retry:"), "{what}: {err}");
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
    let out = upload(&env, &api.endpoint()).run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(api.requests().len(), 2);
}

// 8. The retry budget is a deadline ------------------------------------------------------

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
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("within the retry budget of 1s"), "{err}");
    assert!(err.contains("the bind may have been applied"), "{err}");
}

// 9. Header values are checked before anything is sent -----------------------------------

#[test]
fn a_header_value_with_a_line_break_is_refused_before_anything_is_sent() {
    let api = FaultServer::start(vec![json(200, READ_NONE)]);
    let env = Env::new();
    let out = env
        .bind(&api.endpoint())
        .args(["--region", "ap-guangzhou\r\nX-Evil: 1", "--cert-id", "x"])
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--region"), "{}", stderr(&out));

    let token = env.write("token", b"part-one\npart-two\n");
    let out = env
        .bind(&api.endpoint())
        .env("TENCENTCLOUD_SESSION_TOKEN_FILE", &token)
        .args(["--cert-id", "x", "-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the session token contains"), "{err}");
    assert!(
        !err.contains("part-one") && !err.contains("retry:") && !err.contains("may have"),
        "{err}"
    );
    assert!(api.requests().is_empty(), "something was sent");
}

// 10. --match-san: local checks first -----------------------------------------------------

#[test]
fn match_san_runs_the_local_checks_before_any_request() {
    let env = Env::new();
    let api = FaultServer::start(vec![json(200, READ_NONE)]);
    // A key that does not belong to the certificate: the key-match check fails.
    let kp = key_pair(&["a.example.com"]);
    let other = key_pair(&["a.example.com"]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let k = env.write("k.pem", other.key_pem.as_bytes());
    let out = env
        .bind(&api.endpoint())
        .args(["--match-san", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was sent"),
        "{}",
        stderr(&out)
    );
    assert!(
        api.requests().is_empty(),
        "DescribeLiveDomains was sent first"
    );
}

// 11. Linear time: the largest inputs work (their speed is measured in benches/linear.rs)

#[test]
fn the_largest_domains_file_the_cap_allows_is_read_whole() {
    let env = Env::new();
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 1024 * 1024 - 32 {
        text.push_str(&format!("play{n:05}.example.com:on\n"));
        n += 1;
    }
    let file = env.write("d.txt", text.as_bytes());
    let out = env
        .cmd()
        .args([
            "--dry-run",
            "-o",
            "json",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--domains-file",
        ])
        .arg(&file)
        .run();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["Body"]["DomainInfos"].as_array().unwrap().len(), n);
}

// 12. Listings: bounded whatever the server sends ----------------------------------------

#[test]
fn a_server_that_ignores_the_offset_stops_after_a_page_that_adds_nothing_and_fails() {
    let items: Vec<String> = (0..100)
        .map(|i| format!(r#"{{"DomainName":"d{i}.example.com","Status":1}}"#))
        .collect();
    let page = format!(
        r#"{{"Response":{{"LiveDomainCertBindings":[{}],"TotalNum":999999999,"RequestId":"r"}}}}"#,
        items.join(",")
    );
    let api = FaultServer::start(vec![json(200, &page)]);
    let env = Env::new();
    let out = env
        .cmd_with_creds()
        .args(["cert", "list", "-o", "tsv", "--endpoint", &api.endpoint()])
        .run();
    // Issue #19: the first page is not the whole listing (exit 6, nothing on stdout).
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "never a partial listing");
    assert!(
        stderr(&out)
            .contains("100 of 999999999 items read, then page 2 repeated items already read"),
        "{}",
        stderr(&out)
    );
    assert_eq!(api.requests().len(), 2);
}

/// Runs `tclive ARGS` with its data segment capped at 100 MiB: a command that needed more
/// would abort (exit 134) instead of earning its exit code.
fn capped_at_100_mib(env: &Env, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new("prlimit")
        .arg(format!("--data={}", 100 * 1024 * 1024))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("tclive"))
        .args(args)
        .env_clear()
        .env("HOME", env.home.path())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .output()
        .expect("prlimit (util-linux) runs");
    assert_no_secrets(&out, None);
    out
}

#[test]
fn a_page_of_millions_of_empty_items_is_refused_in_bounded_memory() {
    let page = format!(
        r#"{{"Response":{{"LiveDomainCertBindings":[{}{{}}],"TotalNum":5,"RequestId":"r"}}}}"#,
        "{},".repeat(1_300_000)
    );
    let api = FaultServer::start(vec![json(200, &page)]);
    let env = Env::new();
    let out = capped_at_100_mib(&env, &["cert", "list", "--endpoint", &api.endpoint()]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than 200000 entries"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_endless_listing_of_new_items_stops_at_the_cap_in_bounded_memory() {
    // Every page brings 20,000 new bindings (the server ignores Length) and claims more.
    let api = FaultServer::start(vec![compute(|req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        let offset = body["Offset"].as_u64().unwrap();
        let items: Vec<String> = (offset..offset + 20_000)
            .map(|i| format!(r#"{{"DomainName":"d{i}.example.com","Status":1}}"#))
            .collect();
        (
            200,
            format!(
                r#"{{"Response":{{"LiveDomainCertBindings":[{}],"TotalNum":4000000000,"RequestId":"r"}}}}"#,
                items.join(",")
            ),
        )
    })]);
    let env = Env::new();
    let out = capped_at_100_mib(&env, &["cert", "list", "--endpoint", &api.endpoint()]);
    assert_eq!(out.status.code(), Some(6), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("goes on past 100000 items"),
        "{}",
        stderr(&out)
    );
    assert!(api.requests().len() <= 6, "{}", api.requests().len());
    assert_eq!(stdout(&out), "");
}

// 13. Credentials files are capped and must be regular files ----------------------------

#[test]
fn a_credentials_file_that_is_a_device_or_huge_is_refused() {
    let env = Env::new();
    let big = env.write("big", &vec![b'k'; 100 * 1024]);
    for (var, path, why) in [
        (
            "TENCENTCLOUD_SECRET_KEY_FILE",
            "/dev/zero".to_string(),
            "not a regular file",
        ),
        (
            "TENCENTCLOUD_SECRET_KEY_FILE",
            big.display().to_string(),
            "larger than 64 KiB",
        ),
        (
            "TENCENTCLOUD_CREDENTIALS_FILE",
            "/dev/zero".to_string(),
            "not a regular file",
        ),
    ] {
        let started = Instant::now();
        let mut cmd = env.cmd();
        if var == "TENCENTCLOUD_SECRET_KEY_FILE" {
            cmd.env("TENCENTCLOUD_SECRET_ID", SECRET_ID);
        }
        let out = cmd.env(var, &path).args(["credentials", "show"]).run();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(out.status.code(), Some(4), "{var}: {}", stderr(&out));
        assert!(stderr(&out).contains(why), "{var}: {}", stderr(&out));
    }
}

// 14. A large bind's answer fits the request ----------------------------------------------

#[test]
fn a_large_bind_whose_answer_exceeds_10_mib_is_read_and_reported() {
    let env = Env::new();
    let n = 20_000;
    let domains: String = (0..n).map(|i| format!("p{i}.example.com\n")).collect();
    let file = env.write("d.txt", domains.as_bytes());
    let message = "m".repeat(600);
    let errors: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"DomainName":"p{i}.example.com","Code":"FailedOperation","Message":"{message}"}}"#)
        })
        .collect();
    let answer = format!(
        r#"{{"Response":{{"Errors":[{}],"RequestId":"big"}}}}"#,
        errors.join(",")
    );
    assert!(answer.len() > 10 * 1024 * 1024);
    let api = FaultServer::start(vec![json(200, &answer)]);
    let out = env
        .bind(&api.endpoint())
        .args(["--force", "--cert-id", "x", "-o", "tsv", "--domains-file"])
        .arg(&file)
        .run();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), n);
    assert!(stderr(&out).contains(&format!("{n} domains: 0 ok, {n} failed")));
}

#[test]
fn a_transport_error_after_a_bind_by_id_says_it_may_have_been_applied() {
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Drop]);
    let out = env
        .bind(&api.endpoint())
        .args(["--max-attempts", "1", "--force", "--cert-id", "x"])
        .args(["-d", "a.example.com"])
        .run();
    assert_eq!(out.status.code(), Some(6));
    assert!(
        stderr(&out).contains("so the bind may have been applied: run the same command again"),
        "{}",
        stderr(&out)
    );
}

// 15. Terminal hygiene ---------------------------------------------------------------------

#[test]
fn invisible_and_control_characters_from_the_server_are_escaped_everywhere() {
    let answer = r#"{"Response":{"Errors":[{"DomainName":"a.example.com","Code":"X\u202eY","Message":"m\u0085n\u007fo\u200bp\u2028q"}],"RequestId":"r\u2066"}}"#;
    let hidden = [
        '\u{202e}', '\u{85}', '\u{7f}', '\u{200b}', '\u{2028}', '\u{2066}',
    ];
    for format in ["table", "tsv", "json"] {
        let env = Env::new();
        let api = FaultServer::start(vec![json(200, answer)]);
        let out = env
            .bind(&api.endpoint())
            .args([
                "--force",
                "--cert-id",
                "x",
                "-d",
                "a.example.com",
                "-o",
                format,
            ])
            .run();
        assert_eq!(out.status.code(), Some(5), "{format}: {}", stderr(&out));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            !all.chars().any(|c| hidden.contains(&c)),
            "{format}: {all:?}"
        );
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(v["Errors"][0]["Code"], "X\u{202e}Y", "the same JSON value");
            assert!(stdout(&out).contains(r"\u202e") && stdout(&out).contains(r"\u0085"));
        } else {
            assert!(
                stdout(&out).contains(r"X\u{202e}Y"),
                "{format}: {}",
                stdout(&out)
            );
        }
    }
}

#[test]
fn hidden_characters_in_file_paths_never_reach_stderr_raw() {
    let env = Env::new();
    let name = "evil\u{1b}[2J\u{202e}txt.pem";
    let missing = env.path(name);
    for args in [
        vec![
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--domains-file",
        ],
        vec!["cert", "check", "--cert"],
    ] {
        let out = env.cmd().args(&args).arg(&missing).run();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{err:?}"
        );
        assert!(err.contains(r"evil\u{1b}[2J\u{202e}txt.pem"), "{err}");
    }
    let out = env
        .cmd()
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY_FILE", &missing)
        .args(["credentials", "show"])
        .run();
    assert_eq!(out.status.code(), Some(4));
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
}

// 16. Domain names ---------------------------------------------------------------------------

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
    let out = dry(&[], spoof);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mixes scripts") && stderr(&out).contains("--allow-idn"));
    let out = dry(&["--allow-idn"], spoof);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: --domain"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("xn--"), "{}", stdout(&out));
    for ip in [
        "192.0.2.1",
        "[2001:db8::1]",
        "2001:db8::1:on",
        "play.example.123",
    ] {
        let out = dry(&[], ip);
        assert_eq!(out.status.code(), Some(2), "{ip}");
    }
}

// 17. Keys browsers cannot use never get uploaded ----------------------------------------

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
    let api = FaultServer::start(vec![json(200, READ_NONE)]);
    let out = env
        .bind(&api.endpoint())
        .args(["--force", "-d", "a.example.com", "--cert"])
        .arg(&c)
        .arg("--key")
        .arg(&k)
        .run();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Ed25519 keys cannot be used"),
        "{}",
        stderr(&out)
    );
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
        assert_eq!(out.status.code(), Some(3), "{file}: {}", stdout(&out));
        let key_line = stdout(&out)
            .lines()
            .find(|l| l.starts_with("key\t"))
            .unwrap_or_default()
            .to_string();
        assert!(key_line.starts_with("key\tfail\t"), "{file}: {key_line}");
        assert!(key_line.contains(name), "{file}: {key_line}");
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
    let out = env
        .cmd()
        .args(["cert", "check", "-o", "tsv", "--cert"])
        .arg(&c)
        .run();
    let text = stdout(&out);
    assert!(
        text.contains("chain\twarn\tthe certificate is self-signed"),
        "{text}"
    );
    assert!(!text.contains("is not in the file"), "{text}");
}

// 18. Durations that overflow ------------------------------------------------------------

#[test]
fn an_absurd_duration_is_a_usage_error() {
    let env = Env::new();
    for args in [
        vec!["cert", "list", "--expiring-within", "300000000000y"],
        vec!["cert", "list", "--expiring-within", "101years"],
        vec!["--timeout", "300000000000y", "cert", "list"],
        vec!["--retry-budget", "2days", "cert", "list"],
    ] {
        let out = env.cmd_with_creds().args(&args).run();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("too long") || stderr(&out).contains("invalid value"),
            "{}",
            stderr(&out)
        );
    }
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
