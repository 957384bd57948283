//! The documents a user reads: README.md, SECURITY.md, CONTRIBUTING.md and docs/. Every relative
//! link resolves (the file, and a `#fragment` to one of its headings as GitHub names them), and
//! what the README repeats from elsewhere is what that place says: the bind policy of
//! docs/cam.md, the paths of `tclive completions -h` and `tclive man -h`, the credentials file
//! as tclive reads it. (The README's install lines are run by scripts/readme-test, as root.)

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The documents: the three at the top and every Markdown file under docs/.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = ["README.md", "SECURITY.md", "CONTRIBUTING.md"]
        .iter()
        .map(|d| repo().join(d))
        .collect();
    for entry in std::fs::read_dir(repo().join("docs")).expect("docs/") {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            docs.push(p);
        }
    }
    docs.sort();
    docs
}

/// GitHub's anchor for a heading: lower case, only letters, digits, `-`, `_` and spaces kept,
/// spaces made `-`; a repeated anchor gets `-1`, `-2` …
fn anchors(markdown: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = heading.take().unwrap_or_default();
                let slug: String = text
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                let mut anchor = slug.clone();
                let mut n = 0;
                while !found.insert(anchor.clone()) {
                    n += 1;
                    anchor = format!("{slug}-{n}");
                }
            }
            _ => {}
        }
    }
    found
}

/// Every link and image destination of a document, as written.
fn destinations(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// What is wrong with the relative links of `doc` (whose text is `markdown`), as one line
/// each; and how many relative links it has.
fn broken_links(doc: &Path, markdown: &str) -> (Vec<String>, usize) {
    let root = repo().canonicalize().unwrap();
    let mut problems = Vec::new();
    let mut relative = 0;
    for dest in destinations(markdown) {
        if dest.starts_with("https://")
            || dest.starts_with("http://")
            || dest.starts_with("mailto:")
        {
            continue;
        }
        relative += 1;
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest.as_str(), None),
        };
        let target = if path.is_empty() {
            doc.to_path_buf()
        } else {
            doc.parent().unwrap().join(path)
        };
        let Ok(resolved) = target.canonicalize() else {
            problems.push(format!("{}: {dest}: no such file", doc.display()));
            continue;
        };
        if !resolved.starts_with(&root) {
            problems.push(format!("{}: {dest}: outside the repository", doc.display()));
            continue;
        }
        if let Some(fragment) = fragment {
            let text = if path.is_empty() {
                markdown.to_string()
            } else {
                std::fs::read_to_string(&resolved).unwrap_or_default()
            };
            if !anchors(&text).contains(fragment) {
                problems.push(format!(
                    "{}: {dest}: no heading #{fragment} in {}",
                    doc.display(),
                    resolved.display()
                ));
            }
        }
    }
    (problems, relative)
}

#[test]
fn every_relative_link_of_the_documents_resolves() {
    let docs = documents();
    let names: BTreeSet<String> = docs
        .iter()
        .map(|d| d.strip_prefix(repo()).unwrap().display().to_string())
        .collect();
    for want in [
        "README.md",
        "SECURITY.md",
        "CONTRIBUTING.md",
        "docs/cam.md",
        "docs/commands.md",
        "docs/container.md",
        "docs/credentials.md",
        "docs/performance.md",
        "docs/reliability.md",
    ] {
        assert!(names.contains(want), "{want} is missing: {names:?}");
    }
    let mut problems = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        let (mut p, relative) = broken_links(doc, &text);
        assert!(relative > 0, "{} has no relative link", doc.display());
        problems.append(&mut p);
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    // The README links every document.
    let readme = read("README.md");
    let linked: BTreeSet<String> = destinations(&readme)
        .into_iter()
        .map(|d| d.split('#').next().unwrap().to_string())
        .collect();
    for name in names.iter().filter(|n| *n != "README.md") {
        assert!(linked.contains(name), "the README does not link {name}");
    }
}

/// The checker above can fail: a missing file, a missing heading, a path out of the repository.
#[test]
fn the_link_checker_finds_broken_links() {
    let doc = repo().join("README.md");
    let text = "# Top\n\n## Second part\n\n[a](#second-part) [b](docs/cam.md#cam-policies) \
                [c](https://example.com/#x)\n\n[d](#no-such-part) [e](docs/nothing.md) \
                [f](docs/cam.md#nothing) [g](/etc/passwd)\n\n```\n[h](not-a-link.md)\n```\n";
    let (problems, relative) = broken_links(&doc, text);
    assert_eq!(relative, 6, "{problems:?}");
    assert_eq!(problems.len(), 4, "{problems:#?}");
    for (p, what) in problems
        .iter()
        .zip(["#no-such-part", "no such file", "#nothing", "outside"])
    {
        assert!(p.contains(what), "{p} lacks {what}");
    }
    let a = anchors("# `cert bind`\n## 1. A key, or a role (OIDC)\n## Twice\n## Twice\n");
    for want in ["cert-bind", "1-a-key-or-a-role-oidc", "twice", "twice-1"] {
        assert!(a.contains(want), "{want} not in {a:?}");
    }
}

/// The fenced code blocks of a document, with their info strings, each with the HTML comment
/// that stands right before it (`<!-- readme-test: NAME -->`), if any.
fn code_blocks(markdown: &str) -> Vec<(Option<String>, String, String)> {
    let mut blocks = Vec::new();
    let mut comment: Option<String> = None;
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Html(h) if h.trim_start().starts_with("<!--") => {
                comment = Some(h.trim().to_string())
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), String::new()))
            }
            Event::Text(t) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, body)) = current.take() {
                    blocks.push((comment.take(), info, body));
                }
            }
            Event::Start(Tag::Paragraph) => comment = None,
            _ => {}
        }
    }
    blocks
}

/// The block marked `<!-- readme-test: NAME -->` in the README: exactly one.
fn marked_block(name: &str) -> String {
    let marker = format!("<!-- readme-test: {name} -->");
    let found: Vec<String> = code_blocks(&read("README.md"))
        .into_iter()
        .filter(|(c, info, _)| c.as_deref() == Some(marker.as_str()) && info == "sh")
        .map(|(_, _, body)| body)
        .collect();
    assert_eq!(found.len(), 1, "README blocks marked {marker}: {found:?}");
    found.into_iter().next().unwrap()
}

/// Paths in shell lines: words that start with `/` or `~/`, without quotes or redirections;
/// comments left out.
fn paths(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| l.split(" #").next().unwrap().split_whitespace())
        .map(|w| w.trim_matches(|c| c == '"' || c == '\'' || c == ';' || c == '>'))
        .filter(|w| w.starts_with('/') || w.starts_with("~/"))
        .filter(|w| *w != "/dev/null")
        .map(str::to_string)
        .collect()
}

/// `tclive completions -h` and `tclive man -h` give the README's paths, directories included:
/// no more, no fewer.
#[test]
fn completions_and_man_help_give_the_readme_s_paths() {
    let env = Env::new();
    let mut from_help = BTreeSet::new();
    for command in ["completions", "man"] {
        let out = env.cmd().args([command, "-h"]).run();
        out.assert_code(0);
        let help = out.stdout();
        let examples = help
            .split("Examples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{command} -h has examples:\n{help}"));
        from_help.extend(paths(examples));
    }
    let block = marked_block("extras");
    let from_readme = paths(&block);
    assert!(
        from_readme.contains("/usr/local/share/man/man1/tclive.1")
            && from_readme.contains("~/.config/fish/completions"),
        "{from_readme:?}"
    );
    assert_eq!(from_help, from_readme);
}

/// The bind policy the README shows is docs/cam.md's, and names the actions bind calls.
#[test]
fn the_readme_s_bind_policy_is_cam_md_s() {
    let first_json = |doc: &str| -> serde_json::Value {
        let (_, _, body) = code_blocks(&read(doc))
            .into_iter()
            .find(|(_, info, _)| info == "json")
            .unwrap_or_else(|| panic!("{doc} has a json block"));
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{doc}'s policy: {e}"))
    };
    let readme = first_json("README.md");
    assert_eq!(readme, first_json("docs/cam.md"));
    let actions: BTreeSet<&str> = readme["statement"][0]["action"]
        .as_array()
        .expect("an action list")
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let want: BTreeSet<&str> = [
        "live:ModifyLiveDomainCertBindings",
        "live:DescribeLiveDomainCertBindings",
        "live:DescribeLiveDomainCert",
        "live:DescribeLiveDomains",
        // Key-pair binds store the certificate once in the SSL service (issue 21).
        "ssl:UploadCertificate",
        // --retire-old reads the old certificates and mutes or deletes them (issue 21).
        "ssl:DescribeCertificates",
        "ssl:DeleteCertificates",
        "ssl:DescribeDeleteCertificatesTaskResult",
        "ssl:ModifyCertificatesExpiringNotificationSwitch",
    ]
    .into();
    assert_eq!(actions, want);
    assert_eq!(readme["statement"][0]["effect"], "allow");
}

/// The README's credentials steps, run as written (its editor writes the README's INI block):
/// tclive reads the file, and has no warning about it; the same file readable by others draws
/// the `chmod 600` fix the README promises.
#[test]
fn the_readme_s_credentials_file_is_read_as_written() {
    let env = Env::new();
    let (_, _, ini) = code_blocks(&read("README.md"))
        .into_iter()
        .find(|(_, info, _)| info == "ini")
        .expect("README has the credentials file");
    let ini_path = env.write("readme.ini", ini.as_bytes());
    let editor = env.write("editor", b"#!/bin/sh\ncat \"$README_INI\" > \"$1\"\n");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let steps = std::process::Command::new("sh")
        .args(["-e", "-c", &marked_block("credentials")])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", env.home.path())
        .env("EDITOR", &editor)
        .env("README_INI", &ini_path)
        .output()
        .unwrap();
    assert!(
        steps.status.success(),
        "the README's credentials steps: {}",
        String::from_utf8_lossy(&steps.stderr)
    );
    let file = env.path(".tencentcloud/credentials");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), ini);
    let show = || env.cmd().args(["credentials", "show", "-o", "json"]).run();
    let out = show();
    out.assert_code(0);
    let json = out.json();
    assert_eq!(
        json["source"],
        format!("{} [default]", file.display()),
        "{json}"
    );
    out.assert_stderr_eq(""); // no warning for a file of mode 600
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    show()
        .assert_code(0)
        .assert_stderr_contains(format!("chmod 600 {}", file.display()));
}

/// The script marked `<!-- monitoring-test: NAME -->` in docs/monitoring.md: exactly one.
fn monitoring_script(name: &str) -> String {
    let marker = format!("<!-- monitoring-test: {name} -->");
    let found: Vec<String> = code_blocks(&read("docs/monitoring.md"))
        .into_iter()
        .filter(|(c, info, _)| c.as_deref() == Some(marker.as_str()) && info == "sh")
        .map(|(_, _, body)| body)
        .collect();
    assert_eq!(found.len(), 1, "docs/monitoring.md blocks marked {marker}");
    found.into_iter().next().unwrap()
}

/// Which `tclive` a monitoring host has on PATH.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Installed {
    /// The built binary.
    Real,
    /// None: the scripts run alone.
    Missing,
    /// The binary, its stdout cut after 300 bytes and the run then killed by SIGTERM: what a
    /// full disk or a signal in the middle of the write leaves.
    CutShort,
}

/// The monitoring scripts installed as written beside a `tclive` (see [`Installed`]), and a
/// textfile directory: what a monitoring host has.
struct Monitor {
    env: Env,
    textfile: PathBuf,
}

impl Monitor {
    fn new() -> Monitor {
        use std::os::unix::fs::PermissionsExt;
        let env = Env::new();
        let exe = |path: &Path, text: &str| {
            std::fs::write(path, text).unwrap();
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        for installed in [Installed::Real, Installed::Missing, Installed::CutShort] {
            let bin = env.path(&format!("{installed:?}"));
            std::fs::create_dir_all(&bin).unwrap();
            for name in ["tclive-textfile", "check_tclive"] {
                exe(&bin.join(name), &monitoring_script(name));
            }
            match installed {
                Installed::Real => {
                    std::os::unix::fs::symlink(tclive_bin(), bin.join("tclive")).unwrap()
                }
                Installed::Missing => {}
                Installed::CutShort => exe(
                    &bin.join("tclive"),
                    &format!(
                        "#!/bin/sh\n'{}' \"$@\" | head -c 300\nkill -TERM $$\n",
                        tclive_bin().display()
                    ),
                ),
            }
        }
        let textfile = env.path("textfile");
        std::fs::create_dir_all(&textfile).unwrap();
        Monitor { env, textfile }
    }

    /// `sh -c LINE` with the scripts and `installed` on PATH, the API at `endpoint`
    /// (TCLIVE_ENDPOINT), credentials when `creds`.
    fn sh(&self, line: &str, endpoint: &str, creds: bool, installed: Installed) -> Outcome {
        let bin = self.env.path(&format!("{installed:?}"));
        let mut c = self.env.std_program("sh");
        c.args(["-c", line])
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("TEXTFILE_DIR", &self.textfile)
            .env("TCLIVE_ENDPOINT", endpoint);
        if creds {
            c.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
                .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY);
        }
        c.run()
    }

    /// The textfile directory: the file's text, and the names of everything in it.
    fn textfile(&self, name: &str) -> (String, Vec<String>) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.textfile.join(name);
        let mode = std::fs::metadata(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "{name} is readable by node_exporter's user"
        );
        let mut names: Vec<String> = std::fs::read_dir(&self.textfile)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (std::fs::read_to_string(path).unwrap(), names)
    }
}

/// docs/monitoring.md's textfile script, run as written: a good run writes the metrics; a
/// failed one (no credentials, no answer, tclive not installed) keeps them beside its
/// tclive_run_success 0 and exit code, and leaves no temporary file; a good run again
/// replaces it all. The README's monitoring line runs it the same way.
#[test]
fn the_textfile_recipe_keeps_the_last_good_metrics_when_tclive_fails() {
    use crate::common::fake_live::*;
    use crate::common::prometheus::{parse, value};
    let m = Monitor::new();
    let api = FakeLive::start(LiveState::default().bound(
        "a.example.com",
        FakeBinding::to("certA").expires("2030-01-01 08:00:00"),
    ));
    let run = [("command", "cert list")];
    let a = [("domain", "a.example.com"), ("cert_id", "certA")];
    let readme = marked_block("monitoring");
    let line = readme
        .lines()
        .find(|l| l.starts_with("tclive-textfile "))
        .expect("the README runs tclive-textfile");
    m.sh(line, &api.endpoint(), true, Installed::Real)
        .assert_code(0);
    let (good, names) = m.textfile("tclive_bindings.prom");
    assert_eq!(names, ["tclive_bindings.prom"], "no temporary file is left");
    let metrics = parse(&good);
    assert_eq!(value(&metrics, "tclive_run_success", &run), 1.0);
    assert_eq!(
        value(&metrics, "tclive_binding_cert_expiry_timestamp_seconds", &a),
        1_893_456_000.0
    );
    let last = value(&metrics, "tclive_last_success_timestamp_seconds", &run);

    let closed = closed_metadata();
    for (case, endpoint, creds, installed, code) in [
        ("no credentials", api.endpoint(), false, Installed::Real, 4),
        ("no answer", closed.clone(), true, Installed::Real, 6),
        (
            "tclive not installed",
            api.endpoint(),
            true,
            Installed::Missing,
            127,
        ),
        (
            "output cut short",
            api.endpoint(),
            true,
            Installed::CutShort,
            143,
        ),
    ] {
        let out = m
            .sh(
                "tclive-textfile bindings cert list --max-attempts 1",
                &endpoint,
                creds,
                installed,
            )
            .case(case);
        out.assert_code(code);
        let (kept, names) = m.textfile("tclive_bindings.prom");
        assert_eq!(
            names,
            ["tclive_bindings.prom"],
            "{case}: no temporary file is left"
        );
        let metrics = parse(&kept);
        assert_eq!(value(&metrics, "tclive_run_success", &run), 0.0, "{case}");
        assert_eq!(
            value(&metrics, "tclive_run_exit_code", &run),
            f64::from(code),
            "{case}"
        );
        assert_eq!(
            value(&metrics, "tclive_binding_cert_expiry_timestamp_seconds", &a),
            1_893_456_000.0,
            "{case}: the last good run's findings stay"
        );
        assert_eq!(
            value(&metrics, "tclive_last_success_timestamp_seconds", &run),
            last,
            "{case}: and when that run was"
        );
    }
    m.sh(
        "tclive-textfile bindings cert list",
        &api.endpoint(),
        true,
        Installed::Real,
    )
    .assert_code(0);
    let (again, _) = m.textfile("tclive_bindings.prom");
    let metrics = parse(&again);
    assert_eq!(value(&metrics, "tclive_run_success", &run), 1.0);
    assert_eq!(value(&metrics, "tclive_run_exit_code", &run), 0.0);
}

/// docs/monitoring.md's Nagios/Icinga check, run as written: tclive's exit codes as 0 OK,
/// 2 CRITICAL, 3 UNKNOWN, with a problem domain outranking an unreachable one.
#[test]
fn the_nagios_recipe_maps_each_exit_code_to_a_state() {
    use crate::common::edge::*;
    use crate::common::fake_live::*;
    let m = Monitor::new();
    let now = now();
    let api = FakeLive::start(LiveState::default().bound(
        "a.example.com",
        FakeBinding::to("certA").expires(&beijing(now + 10 * 86_400)),
    ));
    let closed = closed_metadata();
    let readme = marked_block("monitoring");
    let line = readme
        .lines()
        .find(|l| l.starts_with("check_tclive "))
        .expect("the README runs check_tclive");
    let list =
        |line: &str, endpoint: &str, creds: bool| m.sh(line, endpoint, creds, Installed::Real);
    // cert list: within the window (README's line, 21d) is CRITICAL, outside it OK.
    list(line, &api.endpoint(), true)
        .assert_code(2)
        .assert_stdout_eq("CRITICAL - 1 binding expiring within 21 days or expired\n");
    list(
        "check_tclive cert list --expiring-within 5d",
        &api.endpoint(),
        true,
    )
    .assert_code(0)
    .assert_stdout_eq("OK - 0 bindings expiring within 5 days or expired\n");
    list(line, &api.endpoint(), false)
        .assert_code(3)
        .assert_stdout_starts_with("UNKNOWN - tclive exited 4: error: ");
    // Retried first: the status line is the error, not a retry line.
    list(line, &closed, true)
        .assert_code(3)
        .assert_stdout_starts_with("UNKNOWN - error: cannot connect");
    list(
        "check_tclive cert list --expiring-within 5",
        &api.endpoint(),
        true,
    )
    .assert_code(3)
    .assert_stdout_starts_with("UNKNOWN - tclive exited 2: error: ");

    // cert probe, against loopback edges trusted through SSL_CERT_FILE.
    let pki = Pki::new("Nagios");
    let good = pki.chain_for(&["good.example.com"]);
    let wrong = pki.chain_for(&["elsewhere.example.com"]);
    let server = edge(vec![
        ("good.example.com", serve(&good)),
        ("bad.example.com", serve(&wrong)),
    ]);
    let roots = m.env.write("roots.pem", pki.root.pem.as_bytes());
    let refused = crate::common::closed();
    let probe = |names: &[&str]| {
        let mut line = format!("SSL_CERT_FILE={} check_tclive cert probe", roots.display());
        for n in names {
            let edge = if *n == "down.example.com" {
                refused.clone()
            } else {
                format!("127.0.0.1:{}", server.port)
            };
            line.push_str(&format!(" -d {n} --connect-to {n}:{edge}"));
        }
        m.sh(&line, &closed, false, Installed::Real)
    };
    probe(&["good.example.com"])
        .assert_code(0)
        .assert_stdout_eq(
            "OK - 1 domain, 1 address: 1 ok, 0 with problems, 0 without a handshake\n",
        );
    probe(&["good.example.com", "bad.example.com"])
        .assert_code(2)
        .assert_stdout_starts_with("CRITICAL - 2 domains");
    probe(&["good.example.com", "down.example.com"])
        .assert_code(3)
        .assert_stdout_eq(
            "UNKNOWN - 2 domains, 2 addresses: 1 ok, 0 with problems, 1 without a handshake\n",
        );
    // tclive exits 6 here (a domain without a handshake); the problem domain outranks it.
    probe(&["bad.example.com", "down.example.com"])
        .assert_code(2)
        .assert_stdout_eq(
            "CRITICAL - 2 domains, 2 addresses: 0 ok, 1 with problems, 1 without a handshake\n",
        );
}
