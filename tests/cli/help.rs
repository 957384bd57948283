//! --help, -h, --version and `tclive man`: examples and the exit-code table are where users
//! look for them, each help screen is pinned by a snapshot, the README's copies match, and a
//! mistyped command line gets a usage error that points at the right command.

use crate::common::*;

#[test]
fn every_command_help_has_examples() {
    let env = Env::new();
    for args in [
        vec!["--help"],
        vec!["cert", "bind", "--help"],
        vec!["cert", "check", "--help"],
        vec!["cert", "list", "--help"],
        vec!["cert", "probe", "--help"],
        vec!["domain", "list", "--help"],
        vec!["credentials", "show", "--help"],
        vec!["completions", "--help"],
    ] {
        env.cmd()
            .args(&args)
            .run()
            .assert_code(0)
            .assert_stdout_contains("Examples:\n  ");
    }
}

#[test]
fn help_shows_the_exit_code_table_and_global_options() {
    let env = Env::new();
    for args in [vec!["--help"], vec!["cert", "bind", "--help"]] {
        let out = env.cmd().args(&args).run();
        for line in [
            "Exit codes:",
            "  0    every requested domain was applied",
            "  2    usage error",
            "  4    credentials missing, incomplete, or rejected by the service (AuthFailure.*)",
            "  5    one or more domains need attention: failed, mismatched, unverified or not served in a",
            "  6    network or transport failure",
            "  130  interrupted: SIGINT (Ctrl-C); tclive dies by the signal, so a shell sees 128 + 2",
            "  143  terminated: SIGTERM; tclive dies by the signal, so a shell sees 128 + 15",
        ] {
            out.assert_stdout_contains(line);
        }
    }
    let out = env.cmd().args(["cert", "bind", "--help"]).run();
    for flag in [
        "--endpoint",
        "--profile",
        "--timeout",
        "--dry-run",
        "--verbose",
        "--output",
        "--color",
        "--language",
        "--region",
    ] {
        out.assert_stdout_contains(flag);
    }
}

#[test]
fn version_is_printed() {
    let env = Env::new();
    env.cmd()
        .arg("--version")
        .run()
        .assert_code(0)
        .assert_stdout_eq(format!("tclive {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let env = Env::new();
    env.cmd()
        .run()
        .assert_code(2)
        .assert_stderr_contains("Usage: tclive");
}

/// The README's exit-code table is the one `--help` prints: same codes, same meanings.
#[test]
fn readme_exit_table_is_the_one_in_help() {
    let env = Env::new();
    let out = env.cmd().arg("--help").run();
    let block = out
        .stdout()
        .split("Exit codes:\n")
        .nth(1)
        .expect("--help has the exit table");
    let mut from_help: Vec<(String, String)> = Vec::new();
    for line in block.lines().take_while(|l| l.starts_with("  ")) {
        let t = line.trim();
        match t.split_once(char::is_whitespace) {
            Some((code, rest)) if code.bytes().all(|b| b.is_ascii_digit()) => {
                from_help.push((code.to_string(), rest.trim().to_string()))
            }
            _ => {
                let last = from_help.last_mut().expect("a continuation follows a code");
                last.1 = format!("{} {t}", last.1);
            }
        }
    }
    let readme = include_str!("../../README.md");
    let section = readme
        .split("## Exit codes")
        .nth(1)
        .expect("README has the section");
    let from_readme: Vec<(String, String)> = section
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells.len() == 4
                && cells[1].bytes().all(|b| b.is_ascii_digit())
                && !cells[1].is_empty())
            .then(|| (cells[1].to_string(), cells[2].replace('`', "")))
        })
        .collect();
    let norm = |v: Vec<(String, String)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(c, m)| (c, m.replace('`', "")))
            .collect()
    };
    assert_eq!(from_help.len(), 10, "0-7, 130 and 143: {from_help:?}");
    assert_eq!(norm(from_readme), norm(from_help));
}

/// Every help screen, pinned: a change to one shows in review as a change to its snapshot under
/// tests/snapshots/help/. Regenerate with `TCLIVE_BLESS=1 cargo test --test cli help` and commit.
#[test]
fn help_screens_match_their_snapshots() {
    let env = Env::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/help");
    let bless = std::env::var_os("TCLIVE_BLESS").is_some();
    let mut stale = Vec::new();
    for command in [
        "",
        "cert",
        "cert bind",
        "cert unbind",
        "cert prune",
        "cert check",
        "cert list",
        "cert probe",
        "domain list",
        "credentials show",
        "completions",
        "man",
    ] {
        for flag in ["-h", "--help"] {
            let args: Vec<&str> = command.split_whitespace().chain([flag]).collect();
            let out = env.cmd().args(&args).run();
            out.assert_code(0);
            let name = format!("tclive {command} {flag}.txt")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join("_");
            let path = dir.join(&name);
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, out.stdout()).unwrap();
                continue;
            }
            let committed = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("tests/snapshots/help/{name} is missing"));
            if committed != out.stdout() {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "help changed: {stale:?}; review, then `TCLIVE_BLESS=1 cargo test --test cli help` and commit"
    );
}

/// `-h` fits a screen: the global options few runs need, and the examples, are in --help.
#[test]
fn short_help_fits_a_screen_and_points_at_the_rest() {
    let env = Env::new();
    for args in [
        vec!["-h"],
        vec!["cert", "bind", "-h"],
        vec!["cert", "list", "-h"],
    ] {
        let out = env.cmd().args(&args).run();
        out.assert(
            out.stdout().lines().count() <= 50,
            format!("{} lines: more than a screen", out.stdout().lines().count()),
        )
        .assert_stdout_lacks("--retry-budget <DURATION>")
        .assert_stdout_contains("More global options with --help: --profile");
    }
    let out = env.cmd().args(["cert", "bind", "-h"]).run();
    for example in [
        "--plan\n",
        "--verify\n",
        "--from-hook-env --match-san --verify",
    ] {
        out.assert_stdout_contains(example);
    }
}

/// A global option shows only where it does something.
#[test]
fn global_options_appear_only_where_they_apply() {
    let env = Env::new();
    for (args, absent, present) in [
        (
            &["completions"][..],
            &[
                "--profile",
                "--endpoint",
                "--dry-run",
                "--output",
                "Global options",
            ][..],
            &[][..],
        ),
        (
            &["man"],
            &["--profile", "--endpoint", "--dry-run", "--output"],
            &[],
        ),
        (
            &["cert", "check"],
            &[
                "--profile",
                "--endpoint",
                "--timeout",
                "--dry-run",
                "--region",
                "--verbose",
            ],
            &["--output", "--color"],
        ),
        (
            &["cert", "list"],
            &["--dry-run"],
            &["--profile", "--endpoint", "--timeout"],
        ),
        (
            &["domain", "list"],
            &["--dry-run"],
            &["--profile", "--endpoint"],
        ),
        (
            &["credentials", "show"],
            &["--dry-run"],
            &["--profile", "--endpoint"],
        ),
    ] {
        let out = env.cmd().args(args).arg("--help").run();
        for flag in absent {
            out.assert_stdout_lacks(flag);
        }
        for flag in present {
            out.assert_stdout_contains(flag);
        }
    }
    // Hidden is not refused: an endpoint from the environment or an alias does not break
    // an offline command.
    let kp = key_pair(&["a.example.com"]);
    let cert = env.write("c.pem", kp.cert_pem.as_bytes());
    env.cmd()
        .args([
            "--profile",
            "x",
            "cert",
            "check",
            "--endpoint",
            "127.0.0.1:1",
            "--cert",
        ])
        .arg(&cert)
        .run()
        .assert_code(0);
}

/// Options the environment supplies are not in the usage line of an error: the user did not
/// type them.
#[test]
fn usage_line_leaves_out_what_the_environment_supplied() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TCLIVE_ENDPOINT", "http://127.0.0.1:1")
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .env("TENCENTCLOUD_PROFILE", "prod")
        .args(["cert", "bind", "--cert", "x.pem"])
        .run();
    out.assert_code(2)
        .assert_stderr_contains("Usage: tclive cert bind --cert <FILE> --key <FILE>\n");
    for flag in ["--endpoint", "--region", "--profile"] {
        out.assert_stderr_lacks(flag);
    }
    // The environment still counts where it is used.
    let v = env
        .cmd()
        .env("TCLIVE_ENDPOINT", "http://127.0.0.1:1")
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .env("TENCENTCLOUD_PROFILE", "prod")
        .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
        .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
        .args(["credentials", "show", "-o", "json"])
        .run()
        .json();
    assert_eq!(v["endpoint"], "http://127.0.0.1:1/");
    assert_eq!(v["region"], "ap-guangzhou");
    assert_eq!(v["profile"], "prod");
}

/// `tclive man` is tclive(1) in roff, with every command in it.
#[test]
fn man_prints_the_manual_page() {
    let env = Env::new();
    let out = env.cmd().arg("man").run();
    out.assert_code(0).assert_stdout_contains(".TH tclive 1");
    for part in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH \"GLOBAL OPTIONS\"",
        ".SH \"TCLIVE CERT BIND\"",
        ".SH \"TCLIVE CERT CHECK\"",
        ".SH \"TCLIVE CREDENTIALS SHOW\"",
        ".SS EXAMPLES",
        ".SH \"EXIT CODES\"",
        "\\-\\-from\\-hook\\-env",
    ] {
        out.assert_stdout_contains(part);
    }
    // Global options are described once, not under every command.
    out.assert(
        out.stdout().matches("GLOBAL OPTIONS").count() == 1,
        "GLOBAL OPTIONS appears once",
    );
}

/// The page as `man` shows it at 80 columns (man-db and groff must be installed: .ci/run
/// installs them; without `man` this test fails rather than passes).
fn man_at_80_columns(env: &Env) -> String {
    let page = env.cmd().arg("man").run();
    page.assert_code(0);
    let file = env.write("tclive.1", page.stdout_bytes());
    let mut man = env.std_program("man");
    man.arg("-l")
        .arg(&file)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8");
    if let Err(e) = man.output() {
        panic!(
            "cannot run `man` ({e}): this test renders the page with man-db and groff; \
             install them (apt-get install man-db groff-base), as .ci/run does"
        );
    }
    let shown = man.run();
    shown.assert_code(0).assert(
        shown.stderr().is_empty(),
        "groff says nothing about the page (no warning, no error)",
    );
    shown.stdout().to_string()
}

/// The lines of every "Examples:" block of `--help` (the root's and every command's).
fn help_example_lines(env: &Env) -> Vec<String> {
    let mut lines = Vec::new();
    for args in [
        vec!["--help"],
        vec!["cert", "bind", "--help"],
        vec!["cert", "check", "--help"],
        vec!["cert", "list", "--help"],
        vec!["cert", "probe", "--help"],
        vec!["domain", "list", "--help"],
        vec!["credentials", "show", "--help"],
        vec!["completions", "--help"],
        vec!["man", "--help"],
    ] {
        let out = env.cmd().args(&args).run();
        out.assert_code(0);
        let block = out
            .stdout()
            .split("\nExamples:\n")
            .nth(1)
            .unwrap_or_else(|| out.fail("the help has examples"));
        lines.extend(
            block
                .lines()
                .take_while(|l| l.is_empty() || l.starts_with(' '))
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string()),
        );
    }
    lines
}

/// `man tclive` at 80 columns can be copied from: every example line of every help screen
/// is one whole line of the page, no word is hyphenated across lines, the exit codes are a
/// list (a code, then its meaning, on one line), and no line points at `--help`.
#[test]
fn man_page_can_be_copied_from_at_80_columns() {
    let env = Env::new();
    let shown = man_at_80_columns(&env);
    let page: std::collections::HashSet<&str> = shown.lines().map(str::trim).collect();
    let examples = help_example_lines(&env);
    assert!(examples.len() > 30, "examples found: {examples:?}");
    let broken: Vec<&String> = examples
        .iter()
        .filter(|l| !page.contains(l.as_str()))
        .collect();
    assert!(
        broken.is_empty(),
        "example lines not whole on the page: {broken:#?}\n--- page:\n{shown}"
    );
    // groff's hyphen at a line's end is U+2010; with hyphenation off there is none.
    let hyphenated: Vec<&str> = shown.lines().filter(|l| l.contains('\u{2010}')).collect();
    assert!(
        hyphenated.is_empty(),
        "hyphenated across lines: {hyphenated:#?}"
    );
    // Nor an ASCII hyphen ending a line in a word that goes on on the next.
    let split: Vec<(&str, &str)> = shown
        .lines()
        .zip(shown.lines().skip(1))
        .map(|(a, b)| (a.trim_end(), b.trim_start()))
        .filter(|(a, b)| {
            a.strip_suffix('-')
                .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_alphabetic()))
                && b.starts_with(|c: char| c.is_ascii_lowercase())
        })
        .collect();
    assert!(split.is_empty(), "words split at a hyphen: {split:#?}");
    assert!(
        !shown.contains("More global options"),
        "the page points at --help:\n{shown}"
    );
    let codes = shown
        .split("\nEXIT CODES\n")
        .nth(1)
        .expect("the page has an EXIT CODES section");
    for (code, starts) in [
        ("0", "every requested domain was applied"),
        ("1", "the service refused the whole request"),
        ("2", "usage error:"),
        ("3", "a local certificate check failed"),
        ("4", "credentials missing,"),
        ("5", "one or more domains need attention:"),
        ("6", "network or transport failure:"),
        ("130", "interrupted:"),
        ("143", "terminated:"),
    ] {
        assert!(
            codes.lines().any(|l| {
                let l = l.trim_start();
                l.strip_prefix(code).is_some_and(|rest| {
                    rest.starts_with("  ") && rest.trim_start().starts_with(starts)
                })
            }),
            "exit code {code} is a row of a list (`{code}  {starts}…`):\n{codes}"
        );
    }
}

/// The command reference (docs/commands.md) shows `cert bind -h` as the binary prints it today.
#[test]
fn commands_md_shows_the_current_bind_help() {
    let env = Env::new();
    let out = env.cmd().args(["cert", "bind", "-h"]).run();
    let reference = include_str!("../../docs/commands.md");
    assert!(
        reference.contains(&format!("```\n{}```\n", out.stdout())),
        "docs/commands.md's `tclive cert bind -h` block is stale: paste the new one"
    );
}

#[test]
fn natural_guesses_get_a_pointer_to_the_right_command() {
    let env = Env::new();
    for word in ["bind", "check", "list"] {
        env.cmd()
            .arg(word)
            .run()
            .assert_code(2)
            .assert_stderr_contains(format!("a similar subcommand exists: 'cert {word}'"));
    }
    // A window without a unit is most likely days.
    env.cmd_with_creds()
        .args(["cert", "list", "--expiring-within", "30"])
        .run()
        .assert_code(2)
        .assert_stderr_contains("write --expiring-within 30d (days)");
    // Several names in one --domain: repeat the flag.
    env.cmd()
        .args([
            "--dry-run",
            "cert",
            "bind",
            "--cert-id",
            "x",
            "-d",
            "a.example.com,b.example.com",
        ])
        .run()
        .assert_code(2)
        .assert_stderr_contains("holds several names: give one per --domain (repeat it)");
}

#[test]
fn every_duration_flag_names_itself_and_one_spelling_that_works() {
    let env = Env::new();
    // (the command before the flag, the flag, the spelling its messages offer)
    let flags: [(&[&str], &str, &str); 5] = [
        (&["cert", "list"], "--timeout", "30s"),
        (&["cert", "list"], "--retry-budget", "60s"),
        (&["cert", "list"], "--expiring-within", "30d"),
        (
            &["cert", "probe", "-d", "a.example.com"],
            "--expiring-within",
            "21d",
        ),
        (
            &["cert", "bind", "--cert-id", "x", "-d", "a.example.com"],
            "--wait-served",
            "5m",
        ),
    ];
    for (cmd, flag, example) in flags {
        let bare = if flag == "--expiring-within" {
            format!("'30' has no unit: write {flag} 30d (days)")
        } else {
            format!("'30' has no unit: write {flag} 30s (seconds)")
        };
        for (value, message) in [
            (
                "abc",
                format!(
                    "not a duration: write a number with a unit (s, m, h, d), e.g. {flag} {example}"
                ),
            ),
            ("30", bare),
            (
                "0",
                format!("must be more than zero, e.g. {flag} {example}"),
            ),
            (
                "0s",
                format!("must be more than zero, e.g. {flag} {example}"),
            ),
        ] {
            let out = env
                .cmd_with_creds()
                .args(cmd)
                .args([flag, value])
                .run()
                .case(format!("{flag} {value}"));
            out.assert_code(2)
                .assert_stdout_eq("")
                .assert_stderr_starts_with(format!(
                    "error: invalid value '{value}' for '{flag} <DURATION>': {message}\n"
                ))
                // The parser's own words and its other spellings never reach the user.
                .assert_stderr_lacks("expected number")
                .assert_stderr_lacks("30sec")
                .assert_stderr_lacks("30ms");
        }
    }
}
