//! Limits on input and answers: every read is bounded in size and time whatever it is given —
//! the largest domains file the cap allows (read whole), answers larger than a request can
//! need (refused unread) or over 10 MiB because the request is large (read), listings of
//! millions of items or without end (bounded memory), devices, FIFOs and pipes given as files,
//! trust stores of endless zeros — and every check is linear in its input (38,000 names
//! against 40,000 domains under a CPU limit). Durations that overflow are usage errors.

use std::ffi::OsString;
use std::sync::Arc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::common::fault::{FaultServer, bindings_answer, compute, json};
use crate::common::*;

/// [`Env::capped`] at 100 MiB of data segment: a command that needed more would abort (exit
/// 134) instead of earning its exit code.
const DATA_100_MIB: &str = "--data=104857600";

#[test]
fn an_answer_larger_than_the_request_can_need_is_refused_without_reading_it_all() {
    let env = Env::new();
    let api = FakeApi::start();
    let huge = format!(
        r#"{{"Response":{{"Pad":"{}","RequestId":"r"}}}}"#,
        "x".repeat(11 * 1024 * 1024)
    );
    api.answer(200, &huge);
    env.bind(&api.endpoint())
        .args(["-d", "a.example.com"])
        .run()
        .assert_code(6)
        .assert_stderr_contains(
            "is larger than 1025 KiB, more than this request can need; stopped reading",
        )
        .assert_stderr_contains("the bind may have been applied")
        .assert_stdout_eq("");
}

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
    out.assert_code(5)
        .assert(out.stdout().lines().count() == n, "a row per domain")
        .assert_stderr_contains(format!("{n} domains: 0 ok, {n} failed"));
}

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
    out.assert_code(0);
    assert_eq!(
        out.json()["Body"]["DomainInfos"].as_array().unwrap().len(),
        n
    );
}

#[test]
fn a_page_of_millions_of_empty_items_is_refused_in_bounded_memory() {
    let page = bindings_answer(&format!("{}{{}}", "{},".repeat(1_300_000)), Some(5));
    let api = FaultServer::start(vec![json(200, &page)]);
    let env = Env::new();
    env.capped(DATA_100_MIB)
        .args(["cert", "list", "--endpoint", &api.endpoint()])
        .run()
        .assert_code(6)
        .assert_stderr_contains("more than 200000 entries");
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
        (200, bindings_answer(&items.join(","), Some(4_000_000_000)))
    })]);
    let env = Env::new();
    env.capped(DATA_100_MIB)
        .args(["cert", "list", "--endpoint", &api.endpoint()])
        .run()
        .assert_code(6)
        .assert_stderr_contains("goes on past 100000 items")
        .assert_stdout_eq("");
    assert!(api.requests().len() <= 6, "{}", api.requests().len());
}

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
        out.assert(
            started.elapsed() < Duration::from_secs(5),
            "refused at once",
        )
        .assert_code(4)
        .assert_stderr_contains(why);
    }
}

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
        out.assert_code(2).assert(
            out.stderr().contains("too long") || out.stderr().contains("invalid value"),
            "says the duration is too long or invalid",
        );
    }
}

#[test]
fn a_fifo_given_as_an_input_file_ends_with_an_error_instead_of_hanging() {
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    let c = env.write("c.pem", kp.cert_pem.as_bytes());
    let lineage = env.path("lineage");
    std::fs::create_dir_all(&lineage).unwrap();
    env.fifo("lineage/fullchain.pem");
    std::fs::write(lineage.join("privkey.pem"), &kp.key_pem).unwrap();
    let edge = format!("a.example.com:{}", closed());
    let pipe = |rel: &str| env.fifo(rel).display().to_string();
    let (cert, key, domains, expect) = (pipe("cert"), pipe("key"), pipe("domains"), pipe("exp"));
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("--cert", vec!["cert", "check", "--cert", &cert]),
        (
            "--key",
            vec![
                "cert",
                "check",
                "--cert",
                c.to_str().unwrap(),
                "--key",
                &key,
            ],
        ),
        (
            "--domains-file",
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "--domains-file",
                &domains,
            ],
        ),
        (
            "--cert",
            vec![
                "--dry-run",
                "cert",
                "bind",
                "--from-hook-env",
                "-d",
                "a.example.com",
            ],
        ),
        (
            "--expect-cert",
            vec![
                "cert",
                "probe",
                "-d",
                "a.example.com",
                "--connect-to",
                &edge,
                "--expect-cert",
                &expect,
            ],
        ),
    ];
    // Each case waits out its own --timeout on a FIFO of its own: side by side.
    std::thread::scope(|s| {
        let runs: Vec<_> = cases
            .iter()
            .map(|(flag, args)| {
                let (env, lineage) = (&env, &lineage);
                let run = s.spawn(move || {
                    within_20s(
                        env.cmd()
                            .env("RENEWED_LINEAGE", lineage)
                            .args(["--timeout", "1s"])
                            .args(args),
                    )
                });
                (flag, run)
            })
            .collect();
        for (flag, run) in runs {
            run.join()
                .unwrap()
                .assert_code(2)
                .assert_stderr_contains(format!("error: {flag} "))
                .assert_stderr_contains(
                    "a pipe that did not come to its end within 1s (--timeout)",
                );
        }
    });
}

#[test]
fn a_pipe_given_as_an_input_file_is_read_to_its_end_within_the_timeout() {
    use std::io::Write;
    let env = Env::new();
    let kp = key_pair(&["a.example.com"]);
    // Process substitution (`--cert <(vault read …)`): a writer that writes and closes.
    let path = env.fifo("written");
    let pem = kp.cert_pem.clone();
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            for line in pem.lines() {
                writeln!(w, "{line}").unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "10s", "cert", "check", "--cert"])
            .arg(&path),
    );
    writer.join().unwrap();
    out.assert_code(0).assert_stdout_contains("pem");

    // A writer that writes and never closes.
    let path = env.fifo("open");
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn({
        let path = path.clone();
        let pem = kp.cert_pem.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            w.write_all(pem.as_bytes()).unwrap();
            let _ = rx.recv();
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "1s", "cert", "check", "--cert"])
            .arg(&path),
    );
    tx.send(()).unwrap();
    holder.join().unwrap();
    out.assert_code(2)
        .assert_stderr_contains("a pipe that did not come to its end within 1s (--timeout)");

    // A writer that never stops: the cap ends it.
    let path = env.fifo("endless");
    let flood = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut w = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            let chunk = vec![b'A'; 64 * 1024];
            while w.write_all(&chunk).is_ok() {}
        }
    });
    let out = within_20s(
        env.cmd()
            .args(["--timeout", "10s", "cert", "check", "--cert"])
            .arg(&path),
    );
    flood.join().unwrap();
    out.assert_code(2)
        .assert_stderr_contains("larger than 1024 KiB");
}

#[test]
fn a_fifo_given_as_a_credentials_file_is_refused_at_once() {
    let closed = closed_metadata();
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "TENCENTCLOUD_SECRET_ID_FILE",
            vec![("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into())],
        ),
        (
            "TENCENTCLOUD_SECRET_KEY_FILE",
            vec![("TENCENTCLOUD_SECRET_ID", SECRET_ID.into())],
        ),
        (
            "TENCENTCLOUD_SESSION_TOKEN_FILE",
            vec![
                ("TENCENTCLOUD_SECRET_ID", SECRET_ID.into()),
                ("TENCENTCLOUD_SECRET_KEY", SECRET_KEY.into()),
            ],
        ),
        ("TENCENTCLOUD_CREDENTIALS_FILE", vec![]),
        (
            "TKE_WEB_IDENTITY_TOKEN_FILE",
            vec![
                ("TKE_REGION", "ap-guangzhou".into()),
                ("TKE_PROVIDER_ID", "provider".into()),
                ("TKE_ROLE_ARN", crate::common::providers::ROLE_ARN.into()),
                ("TCLIVE_STS_ENDPOINT", closed.clone()),
            ],
        ),
    ];
    for (var, given) in cases {
        let env = Env::new();
        let path = env.fifo("pipe");
        let out = within_20s(
            env.cmd()
                .envs(given)
                .env(var, &path)
                .args(["credentials", "show"]),
        )
        .case(var);
        out.assert_code(4)
            .assert(
                out.stderr().contains(var) || var.starts_with("TENCENTCLOUD_CREDENTIALS"),
                "the error names the variable",
            )
            .assert_stderr_contains(path.display().to_string())
            .assert_stderr_contains("not a regular file");
    }
    // The files found in HOME.
    for rel in [".tencentcloud/credentials", ".tccli/default.credential"] {
        let env = Env::new();
        let path = env.fifo(rel);
        within_20s(env.cmd().args(["credentials", "show"]))
            .assert_code(4)
            .assert_stderr_contains(path.display().to_string())
            .assert_stderr_contains("not a regular file");
    }
}

#[test]
fn a_trust_store_of_endless_zeros_or_a_huge_file_is_refused_in_bounded_memory() {
    let env = Env::new();
    let huge = env.path("huge.pem");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(1024 * 1024 * 1024)
        .unwrap();
    let dir = env.path("certs");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::hard_link(&huge, dir.join("huge.pem")).unwrap();
    let api = FakeApi::answering_ok();
    let edge = format!("a.example.com:{}", closed());
    let endpoint = api.endpoint();
    let commands: [Vec<&str>; 2] = [
        vec![
            "cert",
            "bind",
            "--cert-id",
            "x",
            "--force",
            "-d",
            "a.example.com",
            "--endpoint",
            &endpoint,
        ],
        vec![
            "cert",
            "probe",
            "-d",
            "a.example.com",
            "--connect-to",
            &edge,
        ],
    ];
    let cases: [(&str, OsString, String); 3] = [
        ("SSL_CERT_FILE", "/dev/zero".into(), "is a device".into()),
        (
            "SSL_CERT_FILE",
            huge.clone().into(),
            "larger than 4 MiB".into(),
        ),
        (
            "SSL_CERT_DIR",
            dir.clone().into(),
            format!("{}: larger than 4 MiB", dir.join("huge.pem").display()),
        ),
    ];
    for args in &commands {
        for (var, value, why) in &cases {
            env.capped(DATA_100_MIB)
                .env(var, value)
                .args(args)
                .run()
                .assert_code(2)
                .assert_stderr_starts_with(format!("error: {var} "))
                .assert_stderr_contains(why);
        }
    }
    assert!(api.server.requests().is_empty());
}

#[test]
fn an_ssl_cert_file_that_is_a_fifo_ends_within_the_timeout() {
    let env = Env::new();
    let path = env.fifo("roots.pem");
    let api = FakeApi::answering_ok();
    within_20s(env.bind(&api.endpoint()).env("SSL_CERT_FILE", &path).args([
        "--timeout",
        "1s",
        "--cert-id",
        "x",
        "--force",
        "-d",
        "a.example.com",
    ]))
    .assert_code(2)
    .assert_stderr_starts_with(format!(
        "error: SSL_CERT_FILE {}: a pipe that did not come to its end within 1s (--timeout)",
        path.display()
    ));
    assert!(api.server.requests().is_empty());
}

// Name checks linear in SANs + domains --------------------------------------------------------

/// The case of the issue: a certificate with 38,000 names (37,000 exact, 1,000 wildcards)
/// and a domains file of 40,000 names it all covers (37,000 exactly, 3,000 by a wildcard).
struct ManyNames {
    cert_pem: String,
    key_pem: String,
    domains: String,
}

fn many_names() -> &'static ManyNames {
    static MADE: OnceLock<ManyNames> = OnceLock::new();
    MADE.get_or_init(|| {
        let mut names: Vec<String> = (0..37_000).map(|i| format!("d{i:05}.bench.test")).collect();
        names.extend((0..1_000).map(|i| format!("*.w{i:03}.bench.test")));
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(names)
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let key_pem = key.serialize_pem();
        register_private_key(&key_pem);
        let mut domains = String::new();
        for i in 0..37_000 {
            domains.push_str(&format!("d{i:05}.bench.test\n"));
        }
        for i in 0..1_000 {
            for x in ["a", "b", "c"] {
                domains.push_str(&format!("{x}.w{i:03}.bench.test\n"));
            }
        }
        ManyNames {
            cert_pem: cert.pem(),
            key_pem,
            domains,
        }
    })
}

/// `tclive ARGS` with at most 10 seconds of CPU time: a run that needed more is killed
/// instead of earning its exit code. A bound, not a timing: the linear check takes a small
/// fraction of it, SANs × domains many times it (the speed itself is measured in
/// benches/names.rs).
const CPU_10_S: &str = "--cpu=10";

/// The certificate, its key and the domains file, written into HOME.
fn many_names_files(env: &Env) -> [String; 3] {
    let m = many_names();
    assert!(
        m.cert_pem.len() < 1024 * 1024,
        "under the 1 MiB input cap: {} bytes",
        m.cert_pem.len()
    );
    [
        env.write("big.pem", m.cert_pem.as_bytes()),
        env.write("big.key", m.key_pem.as_bytes()),
        env.write("domains.txt", m.domains.as_bytes()),
    ]
    .map(|p| p.display().to_string())
}

#[test]
fn cert_check_of_38000_names_against_40000_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, domains] = many_names_files(&env);
    let out = env
        .capped(CPU_10_S)
        .args(["cert", "check", "-o", "tsv", "--cert", &cert, "--key", &key])
        .args(["--domains-file", &domains])
        .run();
    out.assert_code(0);
    let names: Vec<&str> = out
        .stdout()
        .lines()
        .filter(|l| l.starts_with("name\t"))
        .collect();
    assert_eq!(names.len(), 40_000);
    assert_eq!(
        names[0],
        "name\tpass\td00000.bench.test is in the certificate"
    );
    assert_eq!(
        names[39_999],
        "name\tpass\tc.w999.bench.test is covered by *.w999.bench.test"
    );
    assert!(names.iter().all(|l| l.starts_with("name\tpass\t")));
}

#[test]
fn the_bind_preflight_of_38000_names_against_40000_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, domains] = many_names_files(&env);
    let out = env
        .capped(CPU_10_S)
        .args(["--dry-run", "-o", "json", "cert", "bind"])
        .args(["--cert", &cert, "--key", &key, "--domains-file", &domains])
        .run();
    out.assert_code(0);
    // The upload, then the bind of every domain.
    assert_eq!(
        out.json()[1]["Body"]["DomainInfos"]
            .as_array()
            .unwrap()
            .len(),
        40_000
    );
}

#[test]
fn match_san_of_38000_names_against_40000_play_domains_costs_names_plus_domains() {
    let env = Env::new();
    let [cert, key, _] = many_names_files(&env);
    // 40,000 enabled play domains, 10,000 a page (the server's own page size: 4 requests
    // instead of 400 at the API's pace); the first 37,000 and 3 under each wildcard covered,
    // and 2,000 more that nothing covers.
    let listed: Arc<Vec<String>> = Arc::new(
        many_names()
            .domains
            .lines()
            .take(38_000)
            .map(str::to_string)
            .chain((0..2_000).map(|i| format!("other{i}.example.com")))
            .collect(),
    );
    let api = FaultServer::start(vec![compute(move |req| {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let answer = match req.header("x-tc-action").as_deref() {
            Some("DescribeLiveDomains") => {
                let page = body["PageNum"].as_u64().unwrap_or(1).max(1) as usize - 1;
                let items: Vec<String> = listed
                    .iter()
                    .skip(page * 10_000)
                    .take(10_000)
                    .map(|n| format!(r#"{{"Name":"{n}","Type":1,"Status":1}}"#))
                    .collect();
                format!(
                    r#"{{"Response":{{"AllCount":{},"DomainList":[{}],"RequestId":"d{page}"}}}}"#,
                    listed.len(),
                    items.join(",")
                )
            }
            _ => bindings_answer("", Some(0)),
        };
        (200, answer)
    })]);
    let out = env
        .capped(CPU_10_S)
        .args(["cert", "bind", "--plan", "--match-san", "-o", "json"])
        .args([
            "--endpoint",
            &api.endpoint(),
            "--cert",
            &cert,
            "--key",
            &key,
        ])
        .run();
    out.assert_code(0).assert_stderr_contains(
        "--match-san: 38000 enabled play domains covered by the certificate",
    );
    let plan = out.json_rows();
    assert_eq!(plan.len(), 38_000);
    assert!(plan.iter().all(|p| p["action"] == "bind"));
    assert!(
        api.actions()
            .iter()
            .all(|a| a != "ModifyLiveDomainCertBindings"),
        "--plan sent a change"
    );
}
