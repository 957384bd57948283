//! Ctrl-C (SIGINT) or SIGTERM while a request is in flight: `interrupted` on stderr, nothing on
//! stdout, and death by the signal received (a shell sees 130 for SIGINT, 143 for SIGTERM).

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::*;

fn interrupt_during_request(signal: &str, number: i32) {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer_any_after(Duration::from_secs(20), 200, &ok_answer(""));
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("tclive"))
        .env_clear()
        .env("HOME", env.home.path())
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .args([
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--endpoint",
            &api.endpoint(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the request is in flight.
    let start = Instant::now();
    while api.requests().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "request never arrived"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "did not stop at once"
    );
    assert_eq!(
        out.status.signal(),
        Some(number),
        "{signal}: {:?} {}",
        out.status,
        stderr(&out)
    );
    // A change request was on the wire: it may have been applied, and the words say so.
    assert_eq!(
        stderr(&out),
        format!(
            "{}\n",
            tclive::signals::message(tclive::signals::InFlight::Change)
        ),
        "{signal}"
    );
    assert!(stderr(&out).starts_with("interrupted"));
    assert_eq!(stdout(&out), "", "{signal}: no partial table");
    assert_no_secrets(&out, None);
}

#[test]
fn sigint_during_request_dies_by_sigint() {
    interrupt_during_request("-INT", 2);
}

#[test]
fn sigterm_during_request_dies_by_sigterm() {
    interrupt_during_request("-TERM", 15);
}
