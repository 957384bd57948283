//! Ctrl-C (SIGINT) or SIGTERM at any moment: while a change request is in flight (a key-pair
//! upload says the certificate may have been uploaded), after the first API call, while
//! stdout or stderr is blocked, during handshakes or a key fetch, and under a shell:
//! `interrupted` on stderr, nothing on stdout, and death by the signal received (a shell sees
//! 130 for SIGINT, 143 for SIGTERM). Every child is waited for through `Outcome`, so its
//! output is leak-checked like every other run.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::edge::counting_silent;
use crate::common::fault::{Action, FaultServer, bindings_answer, json};
use crate::common::*;

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

/// `tclive ARGS` with credentials, stdout and stderr piped, spawned; and its command line.
fn spawn(env: &Env, args: &[String]) -> (std::process::Child, String) {
    let mut cmd = env.std_cmd_with_creds();
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let what = describe_std(&cmd);
    (cmd.spawn().unwrap(), what)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// `cert bind --cert-id x -d a.example.com` to a fake that takes 30 s to answer the change
/// (`FakeApi::start` answers the reads).
fn stuck_bind() -> (FakeApi, Vec<String>) {
    let api = FakeApi::start();
    api.answer_any_after(Duration::from_secs(30), 200, &ok_answer(""));
    let args = strings(&[
        "cert",
        "bind",
        "--cert-id",
        "x",
        "-d",
        "a.example.com",
        "--endpoint",
        &api.endpoint(),
    ]);
    (api, args)
}

fn interrupt_during_request(signal: &str, number: i32) {
    let env = Env::new();
    let api = FakeApi::start();
    api.answer_any_after(Duration::from_secs(20), 200, &ok_answer(""));
    let (child, what) = spawn(
        &env,
        &strings(&[
            "cert",
            "bind",
            "-d",
            "a.example.com",
            "--endpoint",
            &api.endpoint(),
        ]),
    );
    // Wait until the request is in flight.
    let start = Instant::now();
    wait_for(|| !api.requests().is_empty());
    kill(child.id(), signal);
    let out = Outcome::wait(what, child);
    out.assert(
        start.elapsed() < Duration::from_secs(10),
        "did not stop at once",
    )
    .assert_signal(number)
    // A change request was on the wire: it may have been applied, and the words say so.
    .assert_stderr_eq(format!(
        "{}\n",
        tclive::signals::message(tclive::signals::InFlight::Change)
    ))
    .assert_stderr_starts_with("interrupted")
    // No partial table.
    .assert_stdout_eq("");
}

#[test]
fn sigint_during_request_dies_by_sigint() {
    interrupt_during_request("-INT", SIGINT);
}

#[test]
fn sigterm_during_request_dies_by_sigterm() {
    interrupt_during_request("-TERM", SIGTERM);
}

#[test]
fn a_signal_after_the_first_api_call_still_ends_the_process() {
    // Page 1 of a listing is answered; page 2 stalls: the runtime has served a call already.
    let page1 = bindings_answer(r#"{"DomainName":"a.example.com"}"#, Some(500));
    for (sig, number) in [("-INT", SIGINT), ("-TERM", SIGTERM)] {
        let env = Env::new();
        let api = FaultServer::start(vec![
            json(200, &page1),
            Action::Stall(Duration::from_secs(30)),
        ]);
        let (child, what) = spawn(
            &env,
            &strings(&["cert", "list", "--endpoint", &api.endpoint()]),
        );
        wait_for(|| api.requests().len() >= 2);
        let at = kill(child.id(), sig);
        let out = Outcome::wait(what, child);
        out.assert(
            at.elapsed() < Duration::from_secs(1),
            format!("took {:?}", at.elapsed()),
        )
        .assert_signal(number)
        .assert_stderr_eq("interrupted\n")
        .assert_stdout_eq("");
    }
}

#[test]
fn a_signal_while_stdout_is_blocked_ends_the_process() {
    let env = Env::new();
    let domains: String = (0..20_000).map(|i| format!("p{i}.example.com\n")).collect();
    let file = env.write("d.txt", domains.as_bytes());
    // Nobody reads stdout: the dry run's 1 MB of output blocks in write() once the pipe's
    // 64 KiB are full.
    let (reader, writer) = std::io::pipe().unwrap();
    let mut cmd = env.std_cmd();
    cmd.args([
        "--dry-run",
        "cert",
        "bind",
        "--cert-id",
        "x",
        "--domains-file",
    ])
    .arg(&file)
    .stdout(writer)
    .stderr(Stdio::piped());
    let what = describe_std(&cmd);
    let child = cmd.spawn().unwrap();
    drop(cmd);
    wait_for(|| queued(&reader) >= 64 * 1024);
    let at = kill(child.id(), "-TERM");
    let out = Outcome::wait(what, child);
    out.assert(
        at.elapsed() < Duration::from_secs(1),
        format!("took {:?}", at.elapsed()),
    )
    .assert_signal(SIGTERM)
    .assert_stderr_eq("interrupted\n");
    drop(reader);
}

#[test]
fn ctrl_c_during_a_key_pair_upload_says_the_certificate_may_have_been_uploaded() {
    let env = Env::new();
    let api = FaultServer::start(vec![Action::Stall(Duration::from_secs(30))]);
    // The key pair sent with the bind: the path that stores a new copy each time.
    let mut args = strings(&["cert", "bind", "--force", "--upload-via", "live"]);
    args.extend(
        env.key_pair_args(&["a.example.com"])
            .into_iter()
            .map(|a| a.into_string().unwrap()),
    );
    args.extend(strings(&[
        "-d",
        "a.example.com",
        "--endpoint",
        &api.endpoint(),
    ]));
    let (child, what) = spawn(&env, &args);
    wait_for(|| !api.requests().is_empty());
    kill(child.id(), "-INT");
    let out = Outcome::wait(what, child);
    out.assert_signal(SIGINT)
        .assert(
            out.stderr().lines().last()
                == Some(tclive::signals::message(tclive::signals::InFlight::Upload)),
            "the last line is the upload's message",
        )
        .assert_stderr_contains("interrupted while the key-pair request was in flight: the certificate may have been uploaded")
        .assert_stderr_contains("tclive cert list");
}

#[test]
fn ctrl_c_while_the_certificate_is_stored_says_nothing_was_bound_and_a_rerun_is_safe() {
    let env = Env::new();
    let live = FaultServer::start(vec![Action::Stall(Duration::from_secs(30))]);
    let ssl = FaultServer::start(vec![Action::Stall(Duration::from_secs(30))]);
    let mut args = strings(&["cert", "bind", "--force"]);
    args.extend(
        env.key_pair_args(&["a.example.com"])
            .into_iter()
            .map(|a| a.into_string().unwrap()),
    );
    args.extend(strings(&[
        "-d",
        "a.example.com",
        "--endpoint",
        &live.endpoint(),
    ]));
    let mut cmd = env.std_cmd_with_creds();
    cmd.env("TCLIVE_SSL_ENDPOINT", ssl.endpoint())
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let what = describe_std(&cmd);
    let child = cmd.spawn().unwrap();
    wait_for(|| !ssl.requests().is_empty());
    kill(child.id(), "-INT");
    let out = Outcome::wait(what, child);
    out.assert_signal(SIGINT)
        .assert(
            out.stderr().lines().last()
                == Some(tclive::signals::message(tclive::signals::InFlight::Store)),
            "the last line is the store's message",
        )
        .assert_stderr_contains(
            "nothing was bound; running the same command again stores no second copy",
        );
    assert!(live.requests().is_empty(), "nothing was bound");
}

/// The children of process `pid` (from /proc: every process whose parent it is).
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/stat"))
                .ok()
                .and_then(|s| {
                    // pid (comm) state ppid …: comm may hold spaces, so split after ')'.
                    let after = s.rsplit_once(')')?.1;
                    after.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}

#[test]
fn sigterm_is_told_from_sigint_the_process_dies_by_the_signal_it_received() {
    for (sig, number, shell_sees) in [("-INT", SIGINT, 130), ("-TERM", SIGTERM, 143)] {
        // Run directly: the parent's wait status says which signal ended it.
        let env = Env::new();
        let (api, args) = stuck_bind();
        let (child, what) = spawn(&env, &args);
        wait_for(|| !api.requests().is_empty());
        let at = kill(child.id(), sig);
        let out = Outcome::wait(what, child);
        out.assert(
            at.elapsed() < Duration::from_secs(1),
            format!("took {:?}", at.elapsed()),
        )
        .assert_signal(number)
        .assert_stderr_eq(format!(
            "{}\n",
            tclive::signals::message(tclive::signals::InFlight::Change)
        ))
        .assert_stdout_eq("");

        // Run by a shell, as cron, xargs and scripts do: `$?` is 128 + the signal.
        let env = Env::new();
        let (api, args) = stuck_bind();
        let mut shell = env.std_program("sh");
        shell
            .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
            .env("PATH", "/usr/bin:/bin")
            .args(["-c", r#""$0" "$@"; echo "status $?""#])
            .arg(tclive_bin())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let what = describe_std(&shell);
        let shell = shell.spawn().unwrap();
        wait_for(|| !api.requests().is_empty());
        let tclive = children(shell.id());
        assert_eq!(tclive.len(), 1, "{sig}: the shell's children {tclive:?}");
        kill(tclive[0], sig);
        Outcome::wait(what, shell)
            .assert_stdout_eq(format!("status {shell_sees}\n"))
            .assert_stderr_starts_with("interrupted");
    }
}

#[test]
fn a_signal_while_stderr_is_blocked_still_ends_the_process_by_that_signal() {
    // stderr is a pipe nobody reads, already full: the `interrupted` line cannot get out.
    let (reader, writer) = std::io::pipe().unwrap();
    let mut filler = writer.try_clone().unwrap();
    std::thread::spawn(move || {
        let block = [b'x'; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    });
    wait_for(|| queued(&reader) >= 64 * 1024);
    let env = Env::new();
    let (api, args) = stuck_bind();
    let mut child = env
        .std_cmd_with_creds()
        .args(&args)
        .stdout(Stdio::null())
        .stderr(writer)
        .spawn()
        .unwrap();
    wait_for(|| !api.requests().is_empty());
    let at = kill(child.id(), "-TERM");
    let status = child.wait().unwrap();
    assert!(
        at.elapsed() < Duration::from_secs(1),
        "took {:?}",
        at.elapsed()
    );
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(SIGTERM),
        "{status:?}"
    );
    drop(reader);
}

/// Ctrl-C while handshakes hang, and while temporary keys are being fetched: `interrupted`,
/// death by SIGINT at once (a shell sees 130), no partial table.
#[test]
fn ctrl_c_during_handshakes_or_a_key_fetch_dies_by_sigint() {
    let env = Env::new();
    let (hangs, handshakes) = counting_silent();
    let (stuck_probe, probe_what) = spawn(
        &env,
        &strings(&[
            "cert",
            "probe",
            "-d",
            "a.example.com",
            "--timeout",
            "20s",
            "--connect-to",
            &format!("a.example.com:127.0.0.1:{hangs}"),
        ]),
    );
    // The metadata service accepts and never answers: the instance role's fetch hangs.
    let api = crate::common::fake_live::FakeLive::with_play_domains(["a.example.com"]);
    let (metadata, fetches) = counting_silent();
    let mut fetch = env.std_cmd();
    fetch
        .env(
            "TCLIVE_METADATA_ENDPOINT",
            format!("http://127.0.0.1:{metadata}"),
        )
        .args([
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com",
            "--timeout",
            "20s",
        ])
        .args(["--endpoint", &api.endpoint()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let fetch_what = describe_std(&fetch);
    let stuck_fetch = fetch.spawn().unwrap();
    // Both are stuck where the test means: a handshake and a key fetch in flight.
    let accepted = |c: &std::sync::atomic::AtomicUsize| c.load(std::sync::atomic::Ordering::SeqCst);
    wait_for(|| accepted(&handshakes) >= 1 && accepted(&fetches) >= 1);
    let started = Instant::now();
    for (child, what) in [(stuck_probe, probe_what), (stuck_fetch, fetch_what)] {
        kill(child.id(), "-INT");
        Outcome::wait(what, child)
            .assert_signal(SIGINT)
            .assert_stderr_starts_with("interrupted")
            .assert_stdout_eq("");
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "did not stop at once"
    );
    assert!(api.seen().is_empty(), "nothing reached the API");
}
