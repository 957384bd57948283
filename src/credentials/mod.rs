//! Where the SecretId/SecretKey come from: a chain of sources, first complete one wins.
//!
//! 1. environment (`TENCENTCLOUD_SECRET_ID`/`_KEY`, optional token; each also as `<NAME>_FILE`),
//!    skipped when `--profile` is given on the command line;
//! 2. the SDK credentials file (INI), section = profile;
//! 3. tccli's `~/.tccli/<profile>.credential` (JSON).
//!
//! Secrets live in [`Secret`], whose `Debug` and `Display` print `[redacted]`; no error message
//! ever contains a value, only the name of the place it came from.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

/// A secret value. Printing it in any way shows `[redacted]`.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(SecretString::from(value))
    }
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub secret_id: String,
    pub secret_key: Secret,
    pub token: Option<Secret>,
    /// Human description of where they came from, e.g. `environment (TENCENTCLOUD_SECRET_ID, …)`.
    pub source: String,
}

/// What the lookup may read: the environment and the home directory are passed in so that the
/// chain is testable without touching the real ones.
pub struct Lookup<'a> {
    pub env: &'a dyn Fn(&str) -> Option<OsString>,
    pub home: Option<PathBuf>,
    pub profile: &'a str,
    /// `--profile` was given on the command line: the environment keys are not used.
    pub profile_from_flag: bool,
}

pub struct Resolved {
    pub credentials: Credentials,
    pub warnings: Vec<String>,
}

const ENV_ID: &str = "TENCENTCLOUD_SECRET_ID";
const ENV_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
const ENV_TOKENS: [&str; 2] = ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_TOKEN"];

pub fn resolve(l: &Lookup<'_>) -> Result<Resolved, Error> {
    validate_profile(l.profile)?;
    let mut looked = Vec::new();
    let mut warnings = Vec::new();

    if l.profile_from_flag {
        looked.push(format!(
            "environment ({ENV_ID}, {ENV_KEY}): skipped because --profile was given"
        ));
    } else if let Some(c) = from_env(l)? {
        return Ok(Resolved {
            credentials: c,
            warnings,
        });
    } else {
        looked.push(format!(
            "environment: {ENV_ID} and {ENV_KEY} (or their _FILE forms) not set"
        ));
    }

    for path in ini_candidates(l) {
        match from_ini(&path, l.profile, &mut warnings)? {
            IniOutcome::Found(c) => {
                return Ok(Resolved {
                    credentials: c,
                    warnings,
                });
            }
            IniOutcome::Missing => looked.push(format!("{}: no such file", path.display())),
            IniOutcome::NoSection => looked.push(format!(
                "{}: no [{}] section with secret_id and secret_key",
                path.display(),
                l.profile
            )),
        }
    }

    match &l.home {
        Some(home) => {
            let path = home
                .join(".tccli")
                .join(format!("{}.credential", l.profile));
            match from_tccli(&path, &mut warnings)? {
                Some(c) => {
                    return Ok(Resolved {
                        credentials: c,
                        warnings,
                    });
                }
                None => looked.push(format!("{}: no such file", path.display())),
            }
        }
        None => looked.push("~/.tccli: HOME is not set".into()),
    }

    Err(Error::Credentials(format!(
        "no credentials found for profile '{}'. Looked at:\n{}\nSet {ENV_ID} and {ENV_KEY}, or write \
         secret_id and secret_key under [{}] in ~/.tencentcloud/credentials (chmod 600).",
        l.profile,
        looked
            .iter()
            .map(|s| format!("  - {s}"))
            .collect::<Vec<_>>()
            .join("\n"),
        l.profile
    )))
}

fn validate_profile(profile: &str) -> Result<(), Error> {
    let ok = !profile.is_empty()
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !profile.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--profile '{}' is not a valid profile name: use letters, digits, '-', '_' and '.'",
            crate::text::printable(profile)
        )))
    }
}

/// Reads `NAME`, or the file named by `NAME_FILE`. Both set is ambiguous and refused.
/// Returns the value (trimmed, empty = unset) and the variable it came from.
fn env_value(l: &Lookup<'_>, name: &str) -> Result<Option<(String, String)>, Error> {
    let direct = (l.env)(name).filter(|v| !v.is_empty());
    let file_var = format!("{name}_FILE");
    let file = (l.env)(&file_var).filter(|v| !v.is_empty());
    match (direct, file) {
        (Some(_), Some(_)) => Err(Error::Credentials(format!(
            "both {name} and {file_var} are set; unset one of them"
        ))),
        (Some(v), None) => {
            let v = v
                .into_string()
                .map_err(|_| Error::Credentials(format!("{name} is not valid UTF-8")))?;
            Ok(nonempty(&v).map(|v| (v, name.to_string())))
        }
        (None, Some(path)) => {
            let path = PathBuf::from(path);
            let v = read_capped(&path)
                .map_err(|why| {
                    Error::Credentials(format!("{file_var}: {}: {why}", path.display()))
                })?
                .ok_or_else(|| {
                    Error::Credentials(format!(
                        "{file_var}: cannot read {}: no such file",
                        path.display()
                    ))
                })?;
            Ok(nonempty(&v).map(|v| (v, format!("{file_var}={}", path.display()))))
        }
        (None, None) => Ok(None),
    }
}

fn nonempty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The largest credentials file read (a SecretId and SecretKey are under 100 bytes; an INI
/// file of many profiles a few KiB): a wrong path such as /dev/zero stops here.
pub const MAX_CREDENTIALS_FILE: u64 = 64 * 1024;

/// Reads a credentials file: a regular file of at most [`MAX_CREDENTIALS_FILE`] bytes of
/// UTF-8. `Ok(None)` when it does not exist. The text is zeroed when dropped.
pub fn read_capped(path: &Path) -> Result<Option<zeroize::Zeroizing<String>>, String> {
    use std::io::Read;
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read it: {}", io_reason(&e))),
    };
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read it: {}", io_reason(&e)))?;
    if !meta.is_file() {
        return Err(
            "not a regular file (a directory, device or pipe); give the path of a file holding the value"
                .into(),
        );
    }
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    file.take(MAX_CREDENTIALS_FILE + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read it: {}", io_reason(&e)))?;
    if buf.len() as u64 > MAX_CREDENTIALS_FILE {
        return Err(format!(
            "larger than {} KiB; is this the right file?",
            MAX_CREDENTIALS_FILE / 1024
        ));
    }
    let text = std::str::from_utf8(&buf).map_err(|_| "not UTF-8 text".to_string())?;
    Ok(Some(zeroize::Zeroizing::new(text.to_string())))
}

fn from_env(l: &Lookup<'_>) -> Result<Option<Credentials>, Error> {
    let id = env_value(l, ENV_ID)?;
    let key = env_value(l, ENV_KEY)?;
    let (id, key) = match (id, key) {
        (None, None) => return Ok(None),
        (Some((_, from)), None) => {
            return Err(Error::Credentials(format!(
                "environment: {from} is set but {ENV_KEY} is not; set both (or neither)"
            )));
        }
        (None, Some((_, from))) => {
            return Err(Error::Credentials(format!(
                "environment: {from} is set but {ENV_ID} is not; set both (or neither)"
            )));
        }
        (Some(id), Some(key)) => (id, key),
    };
    let mut token = None;
    let mut names = vec![id.1.clone(), key.1.clone()];
    for name in ENV_TOKENS {
        if let Some((t, from)) = env_value(l, name)? {
            token = Some(t);
            names.push(from);
            break;
        }
    }
    let source = format!("environment ({})", names.join(", "));
    check_shape(&id.0, &key.0, token.as_deref(), &source)?;
    Ok(Some(Credentials {
        secret_id: id.0,
        secret_key: Secret::new(key.0),
        token: token.map(Secret::new),
        source,
    }))
}

fn ini_candidates(l: &Lookup<'_>) -> Vec<PathBuf> {
    if let Some(p) = (l.env)("TENCENTCLOUD_CREDENTIALS_FILE").filter(|p| !p.is_empty()) {
        return vec![PathBuf::from(p)];
    }
    let mut v = Vec::new();
    if let Some(home) = &l.home {
        v.push(home.join(".tencentcloud").join("credentials"));
    }
    v.push(PathBuf::from("/etc/tencentcloud/credentials"));
    v
}

enum IniOutcome {
    Found(Credentials),
    Missing,
    NoSection,
}

fn from_ini(path: &Path, profile: &str, warnings: &mut Vec<String>) -> Result<IniOutcome, Error> {
    let text = match read_capped(path) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(IniOutcome::Missing),
        Err(why) => {
            return Err(Error::Credentials(format!(
                "credentials file {}: {why}",
                path.display()
            )));
        }
    };
    // The parser's own message may quote the file's text, which holds secrets: report only where.
    let ini = ini::Ini::load_from_str(&text).map_err(|e| {
        Error::Credentials(format!(
            "credentials file {} is not valid INI (line {}, column {}); fix or remove it",
            path.display(),
            e.line,
            e.col
        ))
    })?;
    let Some(section) = ini.section(Some(profile)) else {
        return Ok(IniOutcome::NoSection);
    };
    let get = |k: &str| section.get(k).and_then(nonempty);
    let source = format!("{} [{profile}]", path.display());
    let (id, key) = match (get("secret_id"), get("secret_key")) {
        (None, None) => return Ok(IniOutcome::NoSection),
        (Some(_), None) => {
            return Err(Error::Credentials(format!(
                "{source}: secret_id is set but secret_key is missing"
            )));
        }
        (None, Some(_)) => {
            return Err(Error::Credentials(format!(
                "{source}: secret_key is set but secret_id is missing"
            )));
        }
        (Some(id), Some(key)) => (id, key),
    };
    check_shape(&id, &key, get("token").as_deref(), &source)?;
    warn_if_shared(path, warnings);
    Ok(IniOutcome::Found(Credentials {
        secret_id: id,
        secret_key: Secret::new(key),
        token: get("token").map(Secret::new),
        source,
    }))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct TccliFile {
    secret_id: Option<String>,
    secret_key: Option<String>,
    token: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

fn from_tccli(path: &Path, warnings: &mut Vec<String>) -> Result<Option<Credentials>, Error> {
    let text = match read_capped(path) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(None),
        Err(why) => {
            return Err(Error::Credentials(format!(
                "tccli credential file {}: {why}",
                path.display()
            )));
        }
    };
    let f: TccliFile = serde_json::from_str(&text).map_err(|e| {
        Error::Credentials(format!(
            "tccli credential file {} is not valid JSON (line {}, column {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let source = path.display().to_string();
    let id = f.secret_id.as_deref().and_then(nonempty);
    let key = f.secret_key.as_deref().and_then(nonempty);
    let (id, key) = match (id, key) {
        (Some(id), Some(key)) => (id, key),
        (None, None) => {
            return Err(Error::Credentials(format!(
                "{source}: no secretId/secretKey{}; tclive supports only stored keys — set {ENV_ID} and {ENV_KEY} instead",
                f.kind
                    .filter(|k| k != "default")
                    .map(|k| format!(" (credential type '{}')", crate::text::printable(&k)))
                    .unwrap_or_default()
            )));
        }
        (Some(_), None) => {
            return Err(Error::Credentials(format!(
                "{source}: secretId is set but secretKey is missing"
            )));
        }
        (None, Some(_)) => {
            return Err(Error::Credentials(format!(
                "{source}: secretKey is set but secretId is missing"
            )));
        }
    };
    check_shape(
        &id,
        &key,
        f.token.as_deref().and_then(nonempty).as_deref(),
        &source,
    )?;
    warn_if_shared(path, warnings);
    Ok(Some(Credentials {
        secret_id: id,
        secret_key: Secret::new(key),
        token: f.token.as_deref().and_then(nonempty).map(Secret::new),
        source,
    }))
}

/// A value with inner whitespace or control characters can never sign correctly: say so here
/// rather than let the API answer SignatureFailure.
/// A token with a line break would split the request's headers: refused here too.
fn check_shape(id: &str, key: &str, token: Option<&str>, source: &str) -> Result<(), Error> {
    let bad = |s: &str| s.chars().any(|c| c.is_whitespace() || c.is_control());
    if token.is_some_and(bad) {
        return Err(Error::Credentials(format!(
            "{source}: the session token contains spaces, line breaks or control characters; it cannot be sent in a header: fetch or paste it again"
        )));
    }
    if bad(id) {
        return Err(Error::Credentials(format!(
            "{source}: the SecretId contains spaces or control characters; paste it again"
        )));
    }
    if bad(key) {
        return Err(Error::Credentials(format!(
            "{source}: the SecretKey contains spaces or control characters; paste it again"
        )));
    }
    Ok(())
}

#[cfg(unix)]
fn warn_if_shared(path: &Path, warnings: &mut Vec<String>) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        warnings.push(format!(
            "credentials file {} is readable by other users; run: chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path, _: &mut Vec<String>) {}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// `AKID…` shown as its first 4 and last 4 characters; shorter ids are masked whole.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 12 {
        return "*".repeat(chars.len().max(4));
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup<'a>(
        env: &'a dyn Fn(&str) -> Option<OsString>,
        home: Option<PathBuf>,
        profile: &'a str,
        flag: bool,
    ) -> Lookup<'a> {
        Lookup {
            env,
            home,
            profile,
            profile_from_flag: flag,
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).map(OsString::from)
    }

    #[test]
    fn debug_and_display_never_show_secrets() {
        let c = Credentials {
            secret_id: "AKIDxxxx".into(),
            secret_key: Secret::new("supersecretvalue".into()),
            token: Some(Secret::new("tokentokentoken".into())),
            source: "test".into(),
        };
        let dbg = format!("{c:?} {}", c.secret_key);
        assert!(!dbg.contains("supersecretvalue") && !dbg.contains("tokentokentoken"));
        assert!(dbg.contains("[redacted]"));
    }

    #[test]
    fn env_values_are_trimmed_and_token_order() {
        let env = env_of(&[
            (ENV_ID, " AKIDabcdefghijkl \n"),
            (ENV_KEY, "key\n"),
            ("TENCENTCLOUD_TOKEN", "t2"),
            ("TENCENTCLOUD_SESSION_TOKEN", "t1"),
        ]);
        let r = resolve(&lookup(&env, None, "default", false)).unwrap();
        assert_eq!(r.credentials.secret_id, "AKIDabcdefghijkl");
        assert_eq!(r.credentials.secret_key.expose(), "key");
        assert_eq!(r.credentials.token.unwrap().expose(), "t1");
    }

    #[test]
    fn half_pair_in_env_names_the_variable() {
        let env = env_of(&[(ENV_ID, "AKID")]);
        let e = resolve(&lookup(&env, None, "default", false))
            .err()
            .unwrap();
        assert!(
            e.to_string().contains("TENCENTCLOUD_SECRET_KEY is not"),
            "{e}"
        );
    }

    #[test]
    fn inner_whitespace_is_refused_without_showing_the_value() {
        let env = env_of(&[(ENV_ID, "AKID"), (ENV_KEY, "abc def")]);
        let e = resolve(&lookup(&env, None, "default", false))
            .err()
            .unwrap();
        assert!(e.to_string().contains("SecretKey contains spaces"), "{e}");
        assert!(!e.to_string().contains("abc def"));
    }

    #[test]
    fn bad_profile_names() {
        let env = env_of(&[]);
        for p in ["../x", "a/b", "", ".hidden"] {
            assert!(resolve(&lookup(&env, None, p, true)).is_err());
        }
    }

    #[test]
    fn masking() {
        assert_eq!(
            mask_id("AKIDEXAMPLEEXAMPLEEXAMPLE"),
            "AKID*****************MPLE"
        );
        assert_eq!(mask_id("short"), "*****");
        assert_eq!(mask_id(""), "****");
    }
}
