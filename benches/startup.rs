//! Start-up cost of whole commands that do no network I/O: `--version`, `--help`,
//! `cert bind --dry-run` and `cert check` on a leaf + intermediate, spawned from this process
//! round-robin (one run of each case per round, so a machine that speeds up or slows down
//! during the run affects every case alike), 300 rounds after 20 warm-up rounds.
//!
//! Two floors are measured the same way: `true` (the cost of fork+exec+wait on this machine)
//! and this benchmark's own binary re-run to print one line (the start-up every Rust program
//! of the same release profile pays: the dynamic loader, std's runtime set-up). The last
//! column is the median minus the `true` median: the time tclive itself adds.
//!
//! Run with `cargo bench --bench startup` (it uses the release-profile binary that
//! `cargo bench` builds).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

const ROUNDS: usize = 300;
const WARM_UP: usize = 20;
/// Set in the environment of the re-run of this binary that serves as the Rust floor.
const FLOOR_VAR: &str = "TCLIVE_STARTUP_BENCH_FLOOR";

fn run(cmd: &[String], env: &[(&str, &str)]) -> Duration {
    let t = Instant::now();
    let status = Command::new(&cmd[0])
        .args(&cmd[1..])
        .env_clear()
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    let elapsed = t.elapsed();
    assert!(status.success(), "{cmd:?} failed");
    elapsed
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    if std::env::var_os(FLOOR_VAR).is_some() {
        println!("floor");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tclive");
    let dir = std::env::temp_dir().join(format!("tclive-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (chain, key) = support::chain();
    let cert_path = dir.join("fullchain.pem");
    let key_path = dir.join("privkey.pem");
    std::fs::write(&cert_path, chain).unwrap();
    std::fs::write(&key_path, key).unwrap();
    let (c, k) = (cert_path.to_str().unwrap(), key_path.to_str().unwrap());
    let me = std::env::current_exe().unwrap();
    let me = me.to_str().unwrap();
    // An absolute path: a bare name would be looked up along PATH at every spawn, which
    // costs the floor a few failed execs that tclive (an absolute path) does not pay.
    let true_bin = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("true"))
        .find(|p| p.is_file())
        .expect("`true` on PATH");
    let true_bin = true_bin.to_str().unwrap();

    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("true (fork+exec floor)", vec![true_bin]),
        ("Rust floor (prints a line)", vec![me]),
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
    let cmds: Vec<Vec<String>> = cases
        .iter()
        .map(|(_, cmd)| cmd.iter().map(|s| s.to_string()).collect())
        .collect();
    let envs: Vec<Vec<(&str, &str)>> = cases
        .iter()
        .map(|(label, _)| {
            if label.starts_with("Rust floor") {
                vec![(FLOOR_VAR, "1")]
            } else {
                vec![]
            }
        })
        .collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(ROUNDS); cases.len()];
    for round in 0..WARM_UP + ROUNDS {
        for (i, cmd) in cmds.iter().enumerate() {
            let t = run(cmd, &envs[i]);
            if round >= WARM_UP {
                times[i].push(t);
            }
        }
    }
    let medians: Vec<Duration> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            t[ROUNDS / 2]
        })
        .collect();
    let floor = medians[0];
    println!("wall time, {ROUNDS} rounds round-robin after {WARM_UP} warm-up rounds (ms):");
    println!(
        "  {:<46} {:>7} {:>7} {:>7} {:>11}",
        "", "median", "p10", "p90", "above true"
    );
    for (i, (label, _)) in cases.iter().enumerate() {
        let t = &times[i];
        println!(
            "  {label:<46} {:>7.3} {:>7.3} {:>7.3} {:>11.3}",
            ms(medians[i]),
            ms(t[ROUNDS / 10]),
            ms(t[ROUNDS * 9 / 10]),
            ms(medians[i].saturating_sub(floor)),
        );
    }
    instructions(&cases, &cmds, &envs);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Instructions executed per case under `valgrind --tool=callgrind`, when valgrind is
/// installed: unlike wall time, the same for every run of the same binary and inputs, so a
/// change in start-up work shows even on a noisy machine.
fn instructions(cases: &[(&str, Vec<&str>)], cmds: &[Vec<String>], envs: &[Vec<(&str, &str)>]) {
    let probe = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        println!("(valgrind not found: no instruction counts)");
        return;
    }
    println!("instructions executed (valgrind --tool=callgrind, whole process):");
    for (i, (label, _)) in cases.iter().enumerate() {
        let out = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .args(&cmds[i])
            .env_clear()
            .envs(envs[i].iter().copied())
            .stdout(Stdio::null())
            .output()
            .expect("valgrind runs");
        let text = String::from_utf8_lossy(&out.stderr);
        let count = text
            .lines()
            .find_map(|l| {
                l.split_once("Collected :")
                    .map(|(_, n)| n.trim().to_string())
            })
            .unwrap_or_else(|| "?".into());
        println!("  {label:<46} {count:>11}");
    }
}
