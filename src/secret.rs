//! A secret value tclive holds (a SecretKey, a token, a private key's PEM), and the masked
//! form of a SecretId: the bottom of every module that touches one, so that `cert` and `api`
//! need not import the credentials to hold or show them.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

/// A secret value. Printing it in any way shows `[redacted]`.
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    /// The value, registered with [`crate::redact`] so that no output ever shows it, even
    /// when a server quotes it back.
    pub fn new(value: String) -> Self {
        crate::redact::register(&value);
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

    #[test]
    fn debug_and_display_never_show_secrets() {
        let s = Secret::new("supersecretvalue".into());
        let shown = format!("{s:?} {s}");
        assert!(!shown.contains("supersecretvalue"));
        assert_eq!(shown, "[redacted] [redacted]");
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
