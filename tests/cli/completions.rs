//! `tclive completions SHELL` prints the script, and the committed scripts under completions/
//! are what the binary generates today. Regenerate with: `TCLIVE_BLESS=1 cargo test --test cli completions`.

use crate::common::*;

const SHELLS: [(&str, &str); 5] = [
    ("bash", "tclive.bash"),
    ("zsh", "_tclive"),
    ("fish", "tclive.fish"),
    ("powershell", "_tclive.ps1"),
    ("elvish", "tclive.elv"),
];

#[test]
fn committed_completions_are_up_to_date() {
    let env = Env::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("TCLIVE_BLESS").is_some();
    for (shell, file) in SHELLS {
        let out = env.cmd().args(["completions", shell]).run();
        out.assert_code(0)
            .assert_stdout_contains("tclive")
            .assert_stdout_contains("cert-id")
            .assert_stdout_contains("domains-file");
        let script = out.stdout();
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, script).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == script,
            "completions/{file} is stale: run `TCLIVE_BLESS=1 cargo test --test cli completions` and commit"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let env = Env::new();
    env.cmd()
        .args(["completions", "tcsh"])
        .run()
        .assert_code(2)
        .assert_stderr_contains("invalid value 'tcsh'");
}

/// A domain is not a file: completing --domain offers no file names (bash, zsh, fish).
#[test]
fn domain_values_complete_no_file_names() {
    let env = Env::new();
    let script = |shell: &str| {
        env.cmd()
            .args(["completions", shell])
            .run()
            .stdout()
            .to_string()
    };
    let bash = script("bash");
    let cases: Vec<&str> = bash.split("--domain)").skip(1).collect();
    assert_eq!(
        cases.len(),
        5,
        "bind, unbind, check, list and probe take --domain"
    );
    for case in cases {
        let body = case.split(";;").next().unwrap();
        assert!(
            !body.contains("compgen -f"),
            "bash completes files for --domain:{body}"
        );
    }
    // --domains-file still completes files.
    let file_case = bash.split("--domains-file)").nth(1).unwrap();
    assert!(file_case.split(";;").next().unwrap().contains("compgen -f"));
    let zsh = script("zsh");
    for line in zsh
        .lines()
        .filter(|l| l.contains("'*--domain=") || l.contains("'--domain="))
    {
        assert!(!line.contains("_files"), "{line}");
    }
    let fish = script("fish");
    let domain_lines: Vec<&str> = fish.lines().filter(|l| l.contains("-l domain ")).collect();
    assert_eq!(domain_lines.len(), 5);
    for line in domain_lines {
        assert!(
            line.ends_with(" -r -f"),
            "fish offers files for --domain: {line}"
        );
    }
}
