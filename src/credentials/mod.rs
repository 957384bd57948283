//! Where the SecretId/SecretKey come from: a chain of sources, first complete one wins.
//!
//! 1. environment (`TENCENTCLOUD_SECRET_ID`/`_KEY`, optional token; each also as `<NAME>_FILE`),
//!    skipped when `--profile` is given on the command line;
//! 2. the SDK credentials file (INI), section = profile;
//! 3. tccli's `~/.tccli/<profile>.credential` (JSON, of any type);
//! 4. TKE's OIDC web identity (`TKE_*`);
//! 5. GitHub Actions' OIDC token (`ACTIONS_ID_TOKEN_REQUEST_*` with a provider and role);
//! 6. the CVM instance role (metadata service), last.
//!
//! Stored keys may assume a role (`TENCENTCLOUD_ROLE_ARN`, or `role_arn` in the profile).
//! Resolving is pure (environment and files: `env.rs`, `files.rs`, `roles.rs`); the keys of a
//! run are held, fetched and renewed by [`Credentials`] (`holder.rs`, what a fetch gives in
//! `temporary.rs`), from the instance role
//! (`metadata.rs`) or STS (`sts.rs`), with an OIDC token (`oidc.rs`).
//!
//! Secrets live in [`Secret`], whose `Debug` and `Display` print `[redacted]`; no error message
//! ever contains a value, only the name of the place it came from.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::cloud::Keys;
use crate::error::Error;
pub use crate::secret::Secret;

mod env;
pub(crate) mod files;
mod holder;
pub mod metadata;
mod oidc;
mod roles;
pub mod sts;
mod temporary;

pub use files::read_capped;
pub use holder::Credentials;
pub use temporary::Net;

use env::from_env;

/// The environment variables of the first source; other sources name them in their advice.
pub(crate) const ENV_ID: &str = "TENCENTCLOUD_SECRET_ID";
pub(crate) const ENV_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
pub(crate) const ENV_TOKENS: [&str; 2] = ["TENCENTCLOUD_SESSION_TOKEN", "TENCENTCLOUD_TOKEN"];

pub(crate) use files::{IniOutcome, parse_ini, parse_tccli};
use files::{from_ini, from_tccli, ini_candidates};

/// Which source `--credentials-source` asks for (`Auto`: the chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Only {
    #[default]
    Auto,
    Env,
    File,
    Tccli,
    Tke,
    Github,
    CvmRole,
}

/// A role to assume, and the session's name and length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleSpec {
    pub arn: String,
    pub session_name: String,
    /// Seconds (the API's default 7200, at most 43200).
    pub duration: u32,
}

/// Where an OIDC token for `AssumeRoleWithWebIdentity` comes from.
#[derive(Debug, Clone)]
pub enum IdToken {
    /// A file the platform keeps current (TKE's projected service-account token).
    File(PathBuf),
    /// GitHub Actions' token endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`), asked with the job's
    /// request token for `audience`.
    Github {
        url: String,
        bearer: Secret,
        audience: String,
    },
}

/// What the chain found before it came to the instance role: the places looked at and the
/// advice, for an error that lists everything when there is no role either.
#[derive(Debug, Clone)]
pub struct NothingElse {
    pub profile: String,
    pub looked: Vec<String>,
    pub advice: String,
}

impl NothingElse {
    /// The error of a chain that found nothing, `last` being the instance role's line.
    pub fn error(&self, last: Option<&str>) -> Error {
        let mut looked = self.looked.clone();
        looked.extend(last.map(str::to_string));
        Error::Credentials(format!(
            "no credentials found for profile '{}'. Looked at:\n{}\n{}",
            self.profile,
            bullets(&looked),
            self.advice
        ))
    }
}

/// How the keys of this run are had: stored, or fetched for it.
#[derive(Debug, Clone)]
pub enum Provider {
    /// Keys as stored, with where they came from; `expires` when the store says (tccli's
    /// oauth/sso files).
    Stored {
        keys: Keys,
        source: String,
        expires: Option<i64>,
    },
    /// The CVM instance role, from the metadata service. `chain` is what the chain tried
    /// before (None: asked for by name), for the error when this machine has no role either.
    CvmRole { chain: Option<NothingElse> },
    /// STS `AssumeRole`, signed with the keys `base` gives.
    AssumeRole { base: Box<Provider>, role: RoleSpec },
    /// STS `AssumeRoleWithWebIdentity` (unsigned) with an OIDC token.
    WebIdentity {
        /// `TKE` or `GitHub Actions`.
        via: &'static str,
        region: String,
        provider_id: String,
        token: IdToken,
        role: RoleSpec,
    },
}

impl Provider {
    /// The provider's name as `credentials show` prints it.
    pub fn name(&self) -> String {
        match self {
            Provider::Stored { source, .. } => source.clone(),
            Provider::CvmRole { .. } => "CVM instance role (metadata service)".into(),
            Provider::AssumeRole { base, .. } => {
                format!("STS AssumeRole, signed with {}", base.name())
            }
            Provider::WebIdentity { via, .. } => {
                format!("STS AssumeRoleWithWebIdentity ({via} OIDC token)")
            }
        }
    }
}

/// What the lookup may read: the environment and the home directory are passed in so that the
/// chain is testable without touching the real ones.
pub struct Lookup<'a> {
    pub env: &'a dyn Fn(&str) -> Option<OsString>,
    pub home: Option<PathBuf>,
    pub profile: &'a str,
    /// `--profile` was given on the command line: the environment keys are not used.
    pub profile_from_flag: bool,
    /// `--credentials-source`.
    pub only: Only,
}

pub struct Resolved {
    pub provider: Provider,
    pub warnings: Vec<String>,
}

pub fn resolve(l: &Lookup<'_>) -> Result<Resolved, Error> {
    validate_profile(l.profile)?;
    let mut looked = Vec::new();
    let mut warnings = Vec::new();
    let want = |o: Only| l.only == Only::Auto || l.only == o;
    let done = |provider: Provider, warnings: Vec<String>| Ok(Resolved { provider, warnings });

    // Keys in the environment that --profile made tclive pass over: the hint must say so
    // rather than ask for what is already set.
    let env_skipped = l.profile_from_flag
        && [ENV_ID, ENV_KEY]
            .iter()
            .any(|k| (l.env)(k).is_some() || (l.env)(&format!("{k}_FILE")).is_some());
    if want(Only::Env) {
        if env_skipped {
            looked.push(format!(
                "environment ({ENV_ID}, {ENV_KEY}): set, but skipped because --profile was given"
            ));
        } else if l.profile_from_flag {
            looked.push("environment: skipped because --profile was given".to_string());
        } else if let Some((keys, source)) = from_env(l, &mut warnings)? {
            let stored = Provider::Stored {
                keys,
                source,
                expires: None,
            };
            return done(roles::with_env_role(l, stored)?, warnings);
        } else {
            looked.push(format!(
                "environment: {ENV_ID} and {ENV_KEY} (or their _FILE forms) not set"
            ));
        }
    }

    if want(Only::File) {
        for path in ini_candidates(l) {
            match from_ini(&path, l, &mut warnings)? {
                IniOutcome::Found(keys, source, role) => {
                    let stored = Provider::Stored {
                        keys,
                        source,
                        expires: None,
                    };
                    let provider = match role {
                        Some(role) => Provider::AssumeRole {
                            base: Box::new(stored),
                            role,
                        },
                        None => roles::with_env_role(l, stored)?,
                    };
                    return done(provider, warnings);
                }
                IniOutcome::Missing => looked.push(format!("{}: no such file", path.display())),
                IniOutcome::NoSection => looked.push(format!(
                    "{}: no [{}] section with secret_id and secret_key",
                    path.display(),
                    l.profile
                )),
            }
        }
    }

    if want(Only::Tccli) {
        match &l.home {
            Some(home) => {
                let path = home
                    .join(".tccli")
                    .join(format!("{}.credential", l.profile));
                match from_tccli(&path, l, &looked, &mut warnings)? {
                    Some(provider) => return done(provider, warnings),
                    None => looked.push(format!("{}: no such file", path.display())),
                }
            }
            None => looked.push("~/.tccli: HOME is not set".into()),
        }
    }

    if want(Only::Tke) {
        match roles::tke(l)? {
            Some(provider) => return done(provider, warnings),
            None => looked.push(
                "TKE OIDC: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN not set"
                    .into(),
            ),
        }
    }

    if want(Only::Github) {
        match roles::github(l)? {
            Some(provider) => return done(provider, warnings),
            None => looked.push(
                "GitHub Actions OIDC: not in a job with `permissions: id-token: write`, or \
                 TENCENTCLOUD_OIDC_PROVIDER_ID and TENCENTCLOUD_ROLE_ARN not set"
                    .into(),
            ),
        }
    }

    let fix = if env_skipped {
        format!(
            "The keys in {ENV_ID}/{ENV_KEY} are used only without --profile: drop --profile \
             to use them, or write"
        )
    } else {
        format!("Set {ENV_ID} and {ENV_KEY}, or write")
    };
    let p = l.profile;
    // The advice is about the sources looked at: all of them, or the one named.
    let advice = match l.only {
        Only::Auto | Only::CvmRole => format!(
            "{fix} secret_id and secret_key under [{p}] in ~/.tencentcloud/credentials (chmod \
             600); on a CVM, attach a CAM role to the instance."
        ),
        Only::Env if env_skipped => format!(
            "The keys in {ENV_ID}/{ENV_KEY} are used only without --profile: drop --profile."
        ),
        Only::Env => format!("Set {ENV_ID} and {ENV_KEY} (or their _FILE forms)."),
        Only::File => format!(
            "Write secret_id and secret_key under [{p}] in ~/.tencentcloud/credentials (chmod 600)."
        ),
        Only::Tccli => format!("Run `tccli configure --profile {p}`."),
        Only::Tke => "Run in a TKE pod whose service account has a CAM role (TKE sets the \
                      TKE_* variables)."
            .into(),
        Only::Github => "Give the job `permissions: id-token: write` and set \
                         TENCENTCLOUD_OIDC_PROVIDER_ID and TENCENTCLOUD_ROLE_ARN."
            .into(),
    };
    let nothing = NothingElse {
        profile: p.to_string(),
        looked,
        advice,
    };
    // Last: the only source that needs the network to know whether it exists.
    match l.only {
        Only::Auto => {
            let cvm = Provider::CvmRole {
                chain: Some(nothing),
            };
            done(roles::with_env_role(l, cvm)?, warnings)
        }
        Only::CvmRole => done(
            roles::with_env_role(l, Provider::CvmRole { chain: None })?,
            warnings,
        ),
        _ => Err(nothing.error(None)),
    }
}

/// The places looked at, one `  - ` line each.
pub(crate) fn bullets(looked: &[String]) -> String {
    looked
        .iter()
        .map(|s| format!("  - {s}"))
        .collect::<Vec<_>>()
        .join("\n")
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

pub(crate) fn nonempty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A value with inner whitespace or control characters can never sign correctly: say so here
/// rather than let the API answer SignatureFailure.
/// A token with a line break would split the request's headers: refused here too.
pub(crate) fn check_shape(
    id: &str,
    key: &str,
    token: Option<&str>,
    source: &str,
) -> Result<(), Error> {
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

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
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
            only: Only::Auto,
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
        let c = Keys {
            secret_id: "AKIDxxxx".into(),
            secret_key: Secret::new("supersecretvalue".into()),
            token: Some(Secret::new("tokentokentoken".into())),
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
        let Provider::Stored { keys, expires, .. } = r.provider else {
            panic!("stored keys expected");
        };
        assert_eq!(keys.secret_id, "AKIDabcdefghijkl");
        assert_eq!(keys.secret_key.expose(), "key");
        assert_eq!(keys.token.unwrap().expose(), "t1");
        assert_eq!(expires, None);
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
}
