//! The environment source: `TENCENTCLOUD_SECRET_ID`/`_KEY` and an optional token, each
//! also as `<NAME>_FILE`.

use std::path::PathBuf;

use super::files::read_capped;
use super::{ENV_ID, ENV_KEY, ENV_TOKENS, Lookup, Secret, check_shape, nonempty};
use crate::cloud::Keys;
use crate::error::Error;

/// Reads `NAME`, or the file named by `NAME_FILE`. Both set is ambiguous and refused. A file
/// holding a secret (anything but the SecretId) that other users can read draws a warning.
/// Returns the value (trimmed, empty = unset) and the variable it came from.
pub(crate) fn env_value(
    l: &Lookup<'_>,
    name: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<(String, String)>, Error> {
    let direct = (l.env)(name).filter(|v| !v.is_empty());
    let file_var = format!("{name}_FILE");
    let file = (l.env)(&file_var).filter(|v| !v.is_empty());
    match (direct, file) {
        (Some(_), Some(_)) => Err(Error::Credentials(format!(
            "both {name} and {file_var} are set; unset one of them"
        ))),
        (Some(_), None) => Ok(crate::envvar::text(l.env, name)
            .map_err(|e| e.credentials())?
            .map(|v| (v, name.to_string()))),
        (None, Some(path)) => {
            let path = PathBuf::from(path);
            if name != ENV_ID {
                super::files::warn_if_shared(&path, warnings);
            }
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

/// The keys of the environment, and where they came from.
pub(crate) fn from_env(
    l: &Lookup<'_>,
    warnings: &mut Vec<String>,
) -> Result<Option<(Keys, String)>, Error> {
    let id = env_value(l, ENV_ID, warnings)?;
    let key = env_value(l, ENV_KEY, warnings)?;
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
        if let Some((t, from)) = env_value(l, name, warnings)? {
            token = Some(t);
            names.push(from);
            break;
        }
    }
    let source = format!("environment ({})", names.join(", "));
    check_shape(&id.0, &key.0, token.as_deref(), &source)?;
    Ok(Some((
        Keys {
            secret_id: id.0,
            secret_key: Secret::new(key.0),
            token: token.map(Secret::new),
        },
        source,
    )))
}
