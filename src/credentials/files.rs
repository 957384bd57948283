//! The file sources: the SDK's INI credentials file and tccli's JSON profile files, read
//! capped and only when regular files.

use std::path::{Path, PathBuf};

use super::{
    ENV_ID, ENV_KEY, Lookup, NothingElse, Provider, RoleSpec, Secret, check_shape, io_reason,
    nonempty,
};
use crate::cloud::Keys;
use crate::error::Error;

/// The largest credentials file read (a SecretId and SecretKey are under 100 bytes; an INI
/// file of many profiles a few KiB): a wrong path such as /dev/zero stops here.
pub const MAX_CREDENTIALS_FILE: u64 = 64 * 1024;

/// Reads a credentials file: a regular file (never a pipe, which could make tclive wait) of
/// at most [`MAX_CREDENTIALS_FILE`] bytes of UTF-8. `Ok(None)` when it does not exist. The
/// text is zeroed when dropped.
pub fn read_capped(path: &Path) -> Result<Option<zeroize::Zeroizing<String>>, String> {
    use crate::bounded::{self, Pipes, ReadError};
    let buf = match bounded::read(path, MAX_CREDENTIALS_FILE, Pipes::Refused) {
        Ok(buf) => buf,
        Err(ReadError::NotFound) => return Ok(None),
        Err(ReadError::NotAFile(_) | ReadError::Timeout(_)) => {
            return Err(
                "not a regular file (a directory, device or pipe); give the path of a file holding the value"
                    .into(),
            );
        }
        Err(ReadError::TooLarge) => {
            return Err(format!(
                "larger than {} KiB; is this the right file?",
                MAX_CREDENTIALS_FILE / 1024
            ));
        }
        Err(ReadError::Io(e)) => return Err(format!("cannot read it: {}", io_reason(&e))),
    };
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
    /// The keys, where they came from, and the role they assume when the section names one
    /// (`role_arn`).
    Found(Keys, String, Option<RoleSpec>),
    Missing,
    NoSection,
}

pub(crate) fn from_ini(
    path: &Path,
    l: &Lookup<'_>,
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
    parse_ini(&text, path, l, warnings)
}

/// The keys of profile `l.profile` in the text of the INI credentials file at `path` (named
/// in messages, and looked at for who may read it).
pub(crate) fn parse_ini(
    text: &str,
    path: &Path,
    l: &Lookup<'_>,
    warnings: &mut Vec<String>,
) -> Result<IniOutcome, Error> {
    let profile = l.profile;
    // The parser's own message may quote the file's text, which holds secrets: report only where.
    let ini = ini::Ini::load_from_str(text).map_err(|e| {
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
    let role = match get("role_arn") {
        Some(arn) => Some(super::roles::role_spec(
            l,
            arn,
            &format!("{source} role_arn"),
            get("role_session_name"),
            None,
        )?),
        None => None,
    };
    Ok(IniOutcome::Found(
        Keys {
            secret_id: id,
            secret_key: Secret::new(key),
            token: get("token").map(Secret::new),
        },
        source,
        role,
    ))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TccliFile {
    secret_id: Option<String>,
    secret_key: Option<String>,
    token: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "role-arn")]
    role_arn: Option<String>,
    #[serde(rename = "role-session-name")]
    role_session_name: Option<String>,
    /// oauth and sso files: when the stored temporary keys expire (unix seconds).
    expires_at: Option<f64>,
}

/// tccli's profile file, of any type: stored keys (`default`, optionally assuming the
/// `role-arn` it names), the instance role (`cvm-role`: keys left in the file are never
/// used), or the temporary keys of `tccli auth login` / `tccli sso login` (`oauth`, `sso`),
/// refused once expired. `looked` is what the chain tried before, for a cvm-role's error.
pub(crate) fn from_tccli(
    path: &Path,
    l: &Lookup<'_>,
    looked: &[String],
    warnings: &mut Vec<String>,
) -> Result<Option<Provider>, Error> {
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
    parse_tccli(&text, path, l, looked, warnings).map(Some)
}

/// The provider the text of tccli's profile file at `path` names (see [`from_tccli`]).
pub(crate) fn parse_tccli(
    text: &str,
    path: &Path,
    l: &Lookup<'_>,
    looked: &[String],
    warnings: &mut Vec<String>,
) -> Result<Provider, Error> {
    let f: TccliFile = serde_json::from_str(text).map_err(|e| {
        Error::Credentials(format!(
            "tccli credential file {} is not valid JSON (line {}, column {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let source = path.display().to_string();
    let kind = f.kind.as_deref().and_then(nonempty);
    match kind.as_deref() {
        None | Some("default") => {}
        Some("cvm-role") => {
            let mut looked = looked.to_vec();
            looked.push(format!("{source}: type cvm-role"));
            return Ok(Provider::CvmRole {
                chain: Some(NothingElse {
                    profile: l.profile.to_string(),
                    looked,
                    advice: format!(
                        "{source} asks for the instance role (type cvm-role): attach a CAM \
                         role to this CVM, or run `tccli configure` for stored keys."
                    ),
                }),
            });
        }
        Some(k @ ("oauth" | "sso")) => {
            let login = if k == "oauth" {
                "tccli auth login"
            } else {
                "tccli sso login"
            };
            let now = crate::clock::unix_now();
            match f.expires_at {
                Some(at) if at.is_finite() && (at as i64) > now => {
                    let keys = stored(&f, &source, warnings, path)?;
                    return Ok(Provider::Stored {
                        keys,
                        source,
                        expires: Some(at as i64),
                    });
                }
                Some(at) if at.is_finite() => {
                    return Err(Error::Credentials(format!(
                        "{source}: the {k} credentials of profile '{}' expired at {}: run \
                         `{login}` again",
                        l.profile,
                        crate::clock::utc(at as i64)
                    )));
                }
                _ => {
                    return Err(Error::Credentials(format!(
                        "{source}: {k} credentials without an expiry (expiresAt): run `{login}` \
                         again"
                    )));
                }
            }
        }
        Some(other) => {
            return Err(Error::Credentials(format!(
                "{source}: credential type '{}' is not one tclive knows (default, cvm-role, \
                 oauth, sso)",
                crate::text::printable(other)
            )));
        }
    }
    let keys = stored(&f, &source, warnings, path)?;
    let base = Provider::Stored {
        keys,
        source: source.clone(),
        expires: None,
    };
    // tccli assumes the profile's role only with both names (as its own calls do).
    match (
        f.role_arn.as_deref().and_then(nonempty),
        f.role_session_name.as_deref().and_then(nonempty),
    ) {
        (Some(arn), session) => Ok(Provider::AssumeRole {
            base: Box::new(base),
            role: super::roles::role_spec(l, arn, &format!("{source} role-arn"), session, None)?,
        }),
        (None, _) => super::roles::with_env_role(l, base),
    }
}

/// The keys stored in a tccli file, checked.
fn stored(
    f: &TccliFile,
    source: &str,
    warnings: &mut Vec<String>,
    path: &Path,
) -> Result<Keys, Error> {
    let id = f.secret_id.as_deref().and_then(nonempty);
    let key = f.secret_key.as_deref().and_then(nonempty);
    let (id, key) = match (id, key) {
        (Some(id), Some(key)) => (id, key),
        (None, None) => {
            return Err(Error::Credentials(format!(
                "{source}: no secretId/secretKey; run `tccli configure`, or set {ENV_ID} and \
                 {ENV_KEY} instead"
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
    let token = f.token.as_deref().and_then(nonempty);
    check_shape(&id, &key, token.as_deref(), source)?;
    warn_if_shared(path, warnings);
    Ok(Keys {
        secret_id: id,
        secret_key: Secret::new(key),
        token: token.map(Secret::new),
    })
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
