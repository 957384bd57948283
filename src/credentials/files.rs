//! The file sources: the SDK's INI credentials file and tccli's JSON profile files, read
//! capped and only when regular files.

use std::path::{Path, PathBuf};

use super::{Credentials, ENV_ID, ENV_KEY, Lookup, Secret, check_shape, io_reason, nonempty};
use crate::error::Error;

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

pub(crate) fn ini_candidates(l: &Lookup<'_>) -> Vec<PathBuf> {
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

pub(crate) enum IniOutcome {
    Found(Credentials),
    Missing,
    NoSection,
}

pub(crate) fn from_ini(
    path: &Path,
    profile: &str,
    warnings: &mut Vec<String>,
) -> Result<IniOutcome, Error> {
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
pub(crate) struct TccliFile {
    secret_id: Option<String>,
    secret_key: Option<String>,
    token: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

pub(crate) fn from_tccli(
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Option<Credentials>, Error> {
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

#[cfg(unix)]
pub(crate) fn warn_if_shared(path: &Path, warnings: &mut Vec<String>) {
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
pub(crate) fn warn_if_shared(_: &Path, _: &mut Vec<String>) {}
