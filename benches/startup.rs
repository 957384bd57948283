//! Start-up cost of whole commands that do no network I/O: `--version`, `--help`,
//! `cert bind --dry-run` and `cert check` on a leaf + intermediate, each run 200 times from
//! this process, with `true` as the floor of fork+exec. Run with `cargo bench --bench startup`
//! (it uses the release-profile binary that `cargo bench` builds).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const RUNS: usize = 200;

fn median(cmd: &[&str]) -> Duration {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        let status = Command::new(cmd[0])
            .args(&cmd[1..])
            .env_clear()
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("runs");
        times.push(t.elapsed());
        assert!(status.success(), "{cmd:?} failed");
    }
    times.sort();
    times[RUNS / 2]
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_tclive");
    let dir = std::env::temp_dir().join(format!("tclive-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (chain, key) = support::chain();
    let cert_path = dir.join("fullchain.pem");
    let key_path = dir.join("privkey.pem");
    std::fs::write(&cert_path, chain).unwrap();
    std::fs::write(&key_path, key).unwrap();
    let (c, k) = (cert_path.to_str().unwrap(), key_path.to_str().unwrap());

    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("true (fork+exec floor)", vec!["true"]),
        ("tclive --version", vec![bin, "--version"]),
        ("tclive --help", vec![bin, "--help"]),
        (
            "tclive cert bind --dry-run (by id)",
            vec![
                bin,
                "--dry-run",
                "cert",
                "bind",
                "--cert-id",
                "x",
                "-d",
                "play.example.com",
            ],
        ),
        (
            "tclive cert bind --dry-run (key pair, checks)",
            vec![
                bin,
                "--dry-run",
                "cert",
                "bind",
                "--cert",
                c,
                "--key",
                k,
                "-d",
                "play.example.com",
            ],
        ),
        (
            "tclive cert check (leaf+intermediate, key)",
            vec![
                bin,
                "cert",
                "check",
                "--cert",
                c,
                "--key",
                k,
                "-d",
                "play.example.com",
            ],
        ),
    ];
    println!("median wall time of {RUNS} runs each:");
    for (label, cmd) in cases {
        let m = median(&cmd);
        println!("  {label:<46} {:>7.3} ms", m.as_secs_f64() * 1000.0);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
