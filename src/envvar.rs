//! The one rule for reading a text variable of the environment: unset or blank is `None`; set
//! but not text (not UTF-8, or holding a NUL) is an error naming the variable, never showing
//! its value — never "unset", which would quietly send a request to the default endpoint or
//! pick the `default` profile. Variables that hold paths (`*_FILE`, `HOME`, the hook paths,
//! `SSL_CERT_FILE`/`SSL_CERT_DIR`) are not text: they are read as they are, any bytes a path
//! can hold, and never through this module.

use std::ffi::OsString;

use crate::error::Error;

/// The environment as tclive reads it: a function, so that tests can give their own.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// A variable that is set but holds no text: the name, and nothing of the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText(String);

impl NotText {
    /// The error for an option's environment form (endpoints, region, profile, proxies): exit 2.
    pub fn usage(self) -> Error {
        Error::Usage(self.to_string())
    }

    /// The error for a credential setting (keys, tokens, roles, OIDC): exit 4.
    pub fn credentials(self) -> Error {
        Error::Credentials(self.to_string())
    }
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is set but is not valid UTF-8 text (its value is not shown): set it to plain text, or unset it",
            self.0
        )
    }
}

/// `name`'s value, trimmed; `None` when unset or blank.
pub fn text(env: Env<'_>, name: &str) -> Result<Option<String>, NotText> {
    let Some(raw) = env(name) else {
        return Ok(None);
    };
    match raw.into_string() {
        Ok(v) if !v.contains('\0') => {
            let v = v.trim();
            Ok((!v.is_empty()).then(|| v.to_string()))
        }
        _ => Err(NotText(name.to_string())),
    }
}

/// The process's own environment.
pub fn process(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    #[test]
    fn unset_blank_text_and_not_text() {
        let env = |k: &str| match k {
            "BLANK" => Some(OsString::from("  \n")),
            "TEXT" => Some(OsString::from(" https://a.example \n")),
            "BYTES" => Some(OsString::from_vec(b"https://a\xff".to_vec())),
            "NUL" => Some(OsString::from("a\0b")),
            _ => None,
        };
        assert_eq!(text(&env, "UNSET"), Ok(None));
        assert_eq!(text(&env, "BLANK"), Ok(None));
        assert_eq!(text(&env, "TEXT"), Ok(Some("https://a.example".into())));
        for name in ["BYTES", "NUL"] {
            let e = text(&env, name).unwrap_err();
            assert!(
                e.to_string().starts_with(&format!("{name} is set but")),
                "{e}"
            );
            assert!(!e.to_string().contains("https://a"), "{e}");
            assert_eq!(e.clone().usage().exit(), crate::exit::Exit::Usage);
            assert_eq!(e.credentials().exit(), crate::exit::Exit::Credentials);
        }
    }
}
