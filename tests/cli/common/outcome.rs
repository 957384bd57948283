//! What one run of the binary showed, and the one way tests look at it: [`Outcome`] holds the
//! exit status, stdout and stderr, and every `assert_*` of it prints all three (and the
//! command line) when it fails, as ripgrep's `TestCommand` and fd's `TestEnv` do. Every
//! outcome is made by [`Outcome::new`], which first checks that no secret a test knows of
//! reached either stream: every run of every test is leak-checked.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fmt::Display;
use std::os::unix::process::ExitStatusExt;
use std::process::Output;
use std::sync::Mutex;
use std::time::Duration;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::providers;
use super::{SECRET_KEY, TOKEN};

/// Runs the binary (or a command that runs it) and returns what it showed, leak-checked.
pub trait Run {
    fn run(&mut self) -> Outcome;
}

impl Run for assert_cmd::Command {
    #[track_caller]
    fn run(&mut self) -> Outcome {
        let what = describe(self.get_program(), self.get_args(), self.get_envs());
        let out = self.output().expect("the binary runs");
        Outcome::new(what, out)
    }
}

impl Run for std::process::Command {
    #[track_caller]
    fn run(&mut self) -> Outcome {
        let what = describe_std(self);
        let out = self.output().expect("the command runs");
        Outcome::new(what, out)
    }
}

/// Runs `cmd` like [`Run::run`], killed after 20 s: a run that takes that long is hanging.
#[track_caller]
pub fn within_20s(cmd: &mut assert_cmd::Command) -> Outcome {
    let what = describe(cmd.get_program(), cmd.get_args(), cmd.get_envs());
    let out = cmd
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap_or_else(|e| panic!("still running after 20 s: it hangs ({e})\n{what}"));
    let out = Outcome::new(what, out);
    if out.code().is_none() {
        out.fail("still running after 20 s: it hangs");
    }
    out
}

/// `std::process::Command`'s program, arguments and the variables it sets, as one line for
/// a failure message.
pub fn describe_std(cmd: &std::process::Command) -> String {
    describe(cmd.get_program(), cmd.get_args(), cmd.get_envs())
}

fn describe<'a>(
    program: &OsStr,
    args: impl Iterator<Item = &'a OsStr>,
    envs: impl Iterator<Item = (&'a OsStr, Option<&'a OsStr>)>,
) -> String {
    let word = |s: &OsStr| {
        let s = s.to_string_lossy();
        let s = match s.chars().count() > 120 {
            true => format!("{}…", s.chars().take(120).collect::<String>()),
            false => s.into_owned(),
        };
        match s.is_empty() || s.contains([' ', '\'', '"', '\n', '\t']) {
            true => format!("{s:?}"),
            false => s,
        }
    };
    let program = std::path::Path::new(program)
        .file_name()
        .map(word)
        .unwrap_or_default();
    let mut line: Vec<String> = envs
        .filter(|(k, _)| *k != "HOME")
        .filter_map(|(k, v)| Some(format!("{}={}", k.to_string_lossy(), word(v?))))
        .collect();
    line.push(program);
    line.extend(args.map(word));
    line.join(" ")
}

/// What one run showed.
pub struct Outcome {
    what: String,
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    stdout_bytes: Vec<u8>,
    stderr_bytes: Vec<u8>,
    case: Option<String>,
}

impl Outcome {
    /// The outcome of the run described by `what` (its command line), after checking that
    /// neither stream holds a secret.
    #[track_caller]
    pub fn new(what: String, out: Output) -> Outcome {
        Self::from_parts(
            what,
            out.status.code(),
            out.status.signal(),
            out.stdout,
            out.stderr,
        )
    }

    /// The outcome of a run whose streams were collected some other way (a terminal).
    #[track_caller]
    pub fn from_parts(
        what: String,
        code: Option<i32>,
        signal: Option<i32>,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    ) -> Outcome {
        let outcome = Outcome {
            what,
            code,
            signal,
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            stdout_bytes: stdout,
            stderr_bytes: stderr,
            case: None,
        };
        if let Err(leak) = check_for_leaks(&outcome.stdout, &outcome.stderr) {
            outcome.fail(leak);
        }
        outcome
    }

    /// The outcome of a spawned child, waited for.
    #[track_caller]
    pub fn wait(what: String, child: std::process::Child) -> Outcome {
        let out = child.wait_with_output().expect("the child ends");
        Outcome::new(what, out)
    }

    /// Names the case of a loop this run belongs to, for the failure messages.
    pub fn case(mut self, label: impl Display) -> Outcome {
        self.case = Some(label.to_string());
        self
    }

    pub fn code(&self) -> Option<i32> {
        self.code
    }

    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    pub fn stdout_bytes(&self) -> &[u8] {
        &self.stdout_bytes
    }

    /// stdout parsed as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout_bytes)
            .unwrap_or_else(|e| self.fail(format!("stdout is not one JSON document: {e}")))
    }

    /// stdout parsed as a JSON array (the rows of `-o json`).
    pub fn json_rows(&self) -> Vec<serde_json::Value> {
        serde_json::from_slice(&self.stdout_bytes)
            .unwrap_or_else(|e| self.fail(format!("stdout is not a JSON array: {e}")))
    }

    /// Fails with `why` unless `cond` holds.
    #[track_caller]
    pub fn assert(&self, cond: bool, why: impl Display) -> &Self {
        if !cond {
            self.fail(why);
        }
        self
    }

    #[track_caller]
    pub fn assert_code(&self, expected: i32) -> &Self {
        if self.code != Some(expected) {
            self.fail(format!("expected exit code {expected}"));
        }
        self
    }

    /// The process was ended by signal `expected` (and so has no exit code).
    #[track_caller]
    pub fn assert_signal(&self, expected: i32) -> &Self {
        if self.signal != Some(expected) || self.code.is_some() {
            self.fail(format!("expected death by signal {expected}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stdout_eq(&self, expected: impl AsRef<str>) -> &Self {
        let expected = expected.as_ref();
        if self.stdout != expected {
            self.fail(format!(
                "stdout differs from the expected:\n{}",
                fenced(expected)
            ));
        }
        self
    }

    #[track_caller]
    pub fn assert_stderr_eq(&self, expected: impl AsRef<str>) -> &Self {
        let expected = expected.as_ref();
        if self.stderr != expected {
            self.fail(format!(
                "stderr differs from the expected:\n{}",
                fenced(expected)
            ));
        }
        self
    }

    #[track_caller]
    pub fn assert_stdout_contains(&self, needle: impl AsRef<str>) -> &Self {
        let needle = needle.as_ref();
        if !self.stdout.contains(needle) {
            self.fail(format!("stdout lacks {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stderr_contains(&self, needle: impl AsRef<str>) -> &Self {
        let needle = needle.as_ref();
        if !self.stderr.contains(needle) {
            self.fail(format!("stderr lacks {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stdout_lacks(&self, needle: impl AsRef<str>) -> &Self {
        let needle = needle.as_ref();
        if self.stdout.contains(needle) {
            self.fail(format!("stdout holds {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stderr_lacks(&self, needle: impl AsRef<str>) -> &Self {
        let needle = needle.as_ref();
        if self.stderr.contains(needle) {
            self.fail(format!("stderr holds {needle:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stdout_starts_with(&self, prefix: impl AsRef<str>) -> &Self {
        let prefix = prefix.as_ref();
        if !self.stdout.starts_with(prefix) {
            self.fail(format!("stdout does not start with {prefix:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stderr_starts_with(&self, prefix: impl AsRef<str>) -> &Self {
        let prefix = prefix.as_ref();
        if !self.stderr.starts_with(prefix) {
            self.fail(format!("stderr does not start with {prefix:?}"));
        }
        self
    }

    #[track_caller]
    pub fn assert_stderr_ends_with(&self, suffix: impl AsRef<str>) -> &Self {
        let suffix = suffix.as_ref();
        if !self.stderr.ends_with(suffix) {
            self.fail(format!("stderr does not end with {suffix:?}"));
        }
        self
    }

    /// Neither stream holds a byte of terminal control (ESC).
    #[track_caller]
    pub fn assert_no_escape(&self) -> &Self {
        if self.stdout_bytes.contains(&0x1b) || self.stderr_bytes.contains(&0x1b) {
            self.fail("an escape character (ESC) was printed");
        }
        self
    }

    /// Panics with `why`, the command line, the exit status and both streams.
    #[track_caller]
    pub fn fail(&self, why: impl Display) -> ! {
        let status = match (self.code, self.signal) {
            (Some(c), _) => format!("exit code {c}"),
            (None, Some(s)) => format!("killed by signal {s}"),
            (None, None) => "no exit status".to_string(),
        };
        let case = self
            .case
            .as_ref()
            .map(|c| format!("case:    {c}\n"))
            .unwrap_or_default();
        panic!(
            "\n{why}\n\n{case}command: {}\nstatus:  {status}\nstdout ({} bytes):\n{}stderr ({} bytes):\n{}",
            self.what,
            self.stdout_bytes.len(),
            fenced(&self.stdout),
            self.stderr_bytes.len(),
            fenced(&self.stderr),
        );
    }
}

/// `text` between two rules, its middle left out when it is long.
fn fenced(text: &str) -> String {
    const RULE: &str = "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~";
    const KEEP: usize = 3000;
    let chars: Vec<char> = text.chars().collect();
    let shown = match chars.len() > 2 * KEEP {
        true => format!(
            "{}\n[… {} characters left out …]\n{}",
            chars[..KEEP].iter().collect::<String>(),
            chars.len() - 2 * KEEP,
            chars[chars.len() - KEEP..].iter().collect::<String>()
        ),
        false => text.to_string(),
    };
    format!("{RULE}\n{shown}\n{RULE}\n")
}

// The leak check ----------------------------------------------------------------------------

/// What the leak check knows: the private keys made in this test binary (each base64 line of
/// 16 characters or more: distinctive enough that a match is a leak; a short last line, or
/// the few bytes of a deliberately damaged test key, would match unrelated text in a suite of
/// hundreds of outputs) and the request signatures the fake servers received.
struct Known {
    key_lines: Vec<String>,
    signatures: Option<HashSet<String>>,
    /// The automaton over the fixed secrets and `key_lines`, for this many key lines.
    automaton: Option<(usize, AhoCorasick)>,
}

static KNOWN: Mutex<Known> = Mutex::new(Known {
    key_lines: Vec::new(),
    signatures: None,
    automaton: None,
});

fn known() -> std::sync::MutexGuard<'static, Known> {
    // A test that panicked while holding the lock left the lists as they were.
    KNOWN.lock().unwrap_or_else(|e| e.into_inner())
}

/// The secrets every test shares: the stored keys' SecretKey and token, and what the
/// credential services hand out and what asks them (`providers.rs`).
fn fixed_secrets() -> [(&'static str, &'static str); 8] {
    [
        (SECRET_KEY, "the secret key"),
        (TOKEN, "the session token"),
        (providers::CVM_KEY, "the instance role's key"),
        (providers::CVM_TOKEN, "the instance role's token"),
        (providers::STS_KEY, "the key STS issued"),
        (providers::STS_TOKEN, "the token STS issued"),
        (providers::WEB_TOKEN, "the OIDC token"),
        (providers::GH_BEARER, "the GitHub job's bearer token"),
    ]
}

/// Registers a private key: from now on no run may print any of its long base64 lines.
pub fn register_private_key(pem: &str) {
    let mut k = known();
    for line in pem.lines().map(str::trim) {
        if !line.starts_with("-----") && line.len() >= 16 && !k.key_lines.iter().any(|l| l == line)
        {
            k.key_lines.push(line.to_string());
        }
    }
}

/// Records the signature of an `Authorization` header as received: the 64 hex digits of a
/// TC3-HMAC-SHA256 signature (`SKIP`, a bearer token and other schemes have none).
pub fn record_signature(authorization: &str) {
    if let Some((_, sig)) = authorization.rsplit_once("Signature=") {
        let sig = sig.trim().to_ascii_lowercase();
        if sig.len() == 64 && sig.bytes().all(|b| b.is_ascii_hexdigit()) {
            known()
                .signatures
                .get_or_insert_with(HashSet::new)
                .insert(sig);
        }
    }
}

/// Which secret `stdout` and `stderr` hold, if any: one pass of one automaton for the fixed
/// secrets and private keys, and one pass for the signatures (case-insensitive), so that the
/// cost stays linear in the output whatever the number of secrets the suite made.
fn check_for_leaks(stdout: &str, stderr: &str) -> Result<(), String> {
    let mut k = known();
    let lines = k.key_lines.len();
    if k.automaton.as_ref().is_none_or(|(n, _)| *n != lines) {
        let patterns: Vec<&str> = fixed_secrets()
            .iter()
            .map(|(s, _)| *s)
            .chain(k.key_lines.iter().map(String::as_str))
            .collect();
        // A contiguous NFA: built in a fraction of a DFA's time (it is rebuilt whenever a
        // test makes a key) and searched fast enough for outputs of megabytes.
        let ac = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns)
            .expect("an automaton over the secrets");
        k.automaton = Some((lines, ac));
    }
    let (_, ac) = k.automaton.as_ref().unwrap();
    // Both streams as one text, as a reader of `2>&1` sees them.
    let all = format!("{stdout}{stderr}");
    if let Some(m) = ac.find(&all) {
        let what = fixed_secrets()
            .get(m.pattern().as_usize())
            .map(|(_, name)| *name)
            .unwrap_or("private key material");
        return Err(format!("{what} leaked"));
    }
    if let Some(sig) = k
        .signatures
        .as_ref()
        .and_then(|known| signature_in(&all, known))
    {
        return Err(format!("a request signature leaked ({sig})"));
    }
    Ok(())
}

/// The first recorded signature in `text`: every 64 hex digits of it looked up, so that the
/// check stays linear in the output whatever the number of signatures the suite made.
fn signature_in(text: &str, known: &HashSet<String>) -> Option<String> {
    if known.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut run_start = 0;
    for i in 0..=bytes.len() {
        if i < bytes.len() && bytes[i].is_ascii_hexdigit() {
            continue;
        }
        if i - run_start >= 64 {
            for start in run_start..=i - 64 {
                let window = text[start..start + 64].to_ascii_lowercase();
                if known.contains(&window) {
                    return Some(window);
                }
            }
        }
        run_start = i + 1;
    }
    None
}
