//! The trusted roots of every TLS connection tclive makes (the API, the credential services,
//! `cert probe`): `SSL_CERT_FILE` (a PEM bundle) and `SSL_CERT_DIR` (directories, separated by
//! `:`) when either is set, as rustls-native-certs reads them; else the system's, where
//! OpenSSL looks (found by openssl-probe). Loaded once per run, by the first connection that
//! needs them (never by `--version`, `--help`, `completions`, `cert check` or `--dry-run`), and
//! read like every other file, through [`crate::bounded`]: each file capped, only regular files
//! (symlinks to them included: `c_rehash` makes those) taken from the directories, at most
//! [`MAX_ENTRIES`] entries a directory and [`MAX_TOTAL`] bytes in all. Hand-written because
//! rustls-native-certs reads without any bound (`SSL_CERT_FILE=/dev/zero` grows for ever).

use std::collections::HashSet;
use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::bounded::{self, Pipes, ReadError};
use crate::error::Error;

/// The largest file read (a full system bundle is about 200 KiB).
pub const MAX_FILE: u64 = 4 * 1024 * 1024;
/// The most read in all, every file of every directory together.
pub const MAX_TOTAL: u64 = 16 * 1024 * 1024;
/// The most entries looked at in one directory (a system's holds a few hundred).
pub const MAX_ENTRIES: usize = 10_000;

/// The roots, as loaded.
pub struct Trusted {
    /// Every certificate found, each once.
    pub certs: Vec<CertificateDer<'static>>,
    /// Those usable as trust anchors.
    pub store: Arc<RootCertStore>,
    /// What could not be read of the system's store (its own business: not an error).
    pub warnings: Vec<String>,
}

/// Why the roots could not be loaded: the words, and whether they are the user's setting
/// (exit 2) or the system's store (exit 6, as a connection that cannot be made).
#[derive(Debug, Clone)]
struct Failure {
    setting: bool,
    message: String,
}

static LOADED: OnceLock<Result<Trusted, Failure>> = OnceLock::new();

/// The roots of this run, loaded on first use; `wait` bounds the reading of a pipe given as
/// `SSL_CERT_FILE` (--timeout).
pub fn trusted(wait: Duration) -> Result<&'static Trusted, Error> {
    LOADED
        .get_or_init(|| load(&crate::envvar::process, wait))
        .as_ref()
        .map_err(|f| {
            if f.setting {
                Error::Usage(f.message.clone())
            } else {
                Error::Transport(f.message.clone())
            }
        })
}

/// Where roots are read from, for messages.
#[derive(Clone, Copy)]
enum Origin {
    /// The variable that named it.
    Setting(&'static str),
    System,
}

impl Origin {
    fn fail(self, path: &Path, why: &str) -> Failure {
        match self {
            Origin::Setting(var) => Failure {
                setting: true,
                message: format!(
                    "{var} {}: {why}; point {var} at {}, or unset it",
                    crate::text::printable(&path.display().to_string()),
                    if var == "SSL_CERT_FILE" {
                        "a PEM bundle of CA certificates"
                    } else {
                        "directories of PEM CA certificates"
                    }
                ),
            },
            Origin::System => Failure {
                setting: false,
                message: format!(
                    "the system's trusted roots, {}: {why}",
                    crate::text::printable(&path.display().to_string())
                ),
            },
        }
    }
}

/// What has been read so far.
#[derive(Default)]
struct Reading {
    certs: Vec<CertificateDer<'static>>,
    /// Files already read (a bundle that is also in a directory is read once).
    seen: HashSet<(u64, u64)>,
    total: u64,
    warnings: Vec<String>,
}

fn path_var(env: crate::envvar::Env<'_>, name: &str) -> Option<OsString> {
    env(name).filter(|v| !v.is_empty())
}

fn load(env: crate::envvar::Env<'_>, wait: Duration) -> Result<Trusted, Failure> {
    let file = path_var(env, "SSL_CERT_FILE").map(PathBuf::from);
    let dirs: Vec<PathBuf> = path_var(env, "SSL_CERT_DIR")
        .map(|d| {
            std::env::split_paths(&d)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let setting = file.is_some() || !dirs.is_empty();
    let mut r = Reading::default();
    if setting {
        if let Some(file) = &file {
            if let Ok(m) = std::fs::metadata(file) {
                r.seen.insert((m.dev(), m.ino()));
            }
            let found = read_file(
                &mut r,
                file,
                Pipes::Within(wait),
                Origin::Setting("SSL_CERT_FILE"),
                false,
            )?;
            if found == 0 {
                return Err(Origin::Setting("SSL_CERT_FILE").fail(file, "holds no certificate"));
            }
        }
        for dir in &dirs {
            read_dir(&mut r, dir, Origin::Setting("SSL_CERT_DIR"))?;
        }
    } else {
        let system = openssl_probe::probe();
        if let Some(file) = &system.cert_file {
            if let Ok(m) = std::fs::metadata(file) {
                r.seen.insert((m.dev(), m.ino()));
            }
            read_file(&mut r, file, Pipes::Refused, Origin::System, false)?;
        }
        for dir in &system.cert_dir {
            read_dir(&mut r, dir, Origin::System)?;
        }
    }
    r.certs.sort_unstable_by(|a, b| a.as_ref().cmp(b.as_ref()));
    r.certs.dedup();
    let mut store = RootCertStore::empty();
    let (usable, _) = store.add_parsable_certificates(r.certs.iter().cloned());
    if setting && usable == 0 {
        let (var, path) = match (&file, dirs.first()) {
            (Some(f), _) => ("SSL_CERT_FILE", f.clone()),
            (None, Some(d)) => ("SSL_CERT_DIR", d.clone()),
            (None, None) => ("SSL_CERT_FILE", PathBuf::new()),
        };
        return Err(
            Origin::Setting(var).fail(&path, "holds no certificate usable as a trusted root")
        );
    }
    Ok(Trusted {
        certs: r.certs,
        store: Arc::new(store),
        warnings: r.warnings,
    })
}

/// Reads the certificates of one PEM file; returns how many it held. `in_dir`: a file of a
/// directory, which is skipped when it is gone or no longer a regular file by the time it is
/// opened (as it would have been when listed).
fn read_file(
    r: &mut Reading,
    path: &Path,
    pipes: Pipes,
    origin: Origin,
    in_dir: bool,
) -> Result<usize, Failure> {
    let bytes = match bounded::read(path, MAX_FILE, pipes) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound | ReadError::NotAFile(_)) if in_dir => return Ok(0),
        Err(e) => return Err(origin.fail(path, &why(e))),
    };
    r.total += bytes.len() as u64;
    if r.total > MAX_TOTAL {
        return Err(origin.fail(
            path,
            &format!(
                "the trusted roots come to more than {} MiB in all",
                MAX_TOTAL / 1024 / 1024
            ),
        ));
    }
    let mut found = 0;
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        match cert {
            Ok(c) => {
                r.certs.push(c);
                found += 1;
            }
            Err(_) if r.warnings.len() < 3 => r.warnings.push(format!(
                "trusted roots: {}: a certificate block that cannot be read was skipped",
                crate::text::printable(&path.display().to_string())
            )),
            Err(_) => {}
        }
    }
    Ok(found)
}

/// Why a file could not be read, in words.
fn why(e: ReadError) -> String {
    match e {
        ReadError::NotFound => "no such file".to_string(),
        ReadError::NotAFile(kind) => format!("is {}, not a file", kind.describe()),
        ReadError::TooLarge => format!("larger than {} MiB", MAX_FILE / 1024 / 1024),
        ReadError::Timeout(wait) => format!(
            "a pipe that did not come to its end within {} (--timeout)",
            humantime::format_duration(wait)
        ),
        ReadError::Io(e) => format!("cannot read it: {}", crate::text::printable(&e.to_string())),
    }
}

/// Reads every regular file of `dir` (following symlinks); anything else there is skipped.
fn read_dir(r: &mut Reading, dir: &Path, origin: Origin) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such directory".to_string(),
            std::io::ErrorKind::NotADirectory => "not a directory".to_string(),
            _ => format!("cannot read it: {}", crate::text::printable(&e.to_string())),
        };
        origin.fail(dir, &why)
    })?;
    for (n, entry) in entries.enumerate() {
        if n >= MAX_ENTRIES {
            return Err(origin.fail(
                dir,
                &format!("more than {MAX_ENTRIES} entries; is this the right directory?"),
            ));
        }
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        // Follows a symlink; a dangling one, a FIFO, a device or a directory is not a root.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if !meta.is_file() || !r.seen.insert((meta.dev(), meta.ino())) {
            continue;
        }
        read_file(r, &path, Pipes::Refused, origin, true)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: Vec<(&'static str, OsString)>) -> impl Fn(&str) -> Option<OsString> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn a_bundle_in_a_directory_is_read_once_and_duplicates_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let ca = rcgen::generate_simple_self_signed(vec!["ca.test".to_string()]).unwrap();
        let pem = ca.cert.pem();
        std::fs::write(dir.path().join("a.pem"), format!("{pem}{pem}")).unwrap();
        std::fs::write(dir.path().join("README"), "not a certificate").unwrap();
        let env = env_of(vec![
            ("SSL_CERT_FILE", dir.path().join("a.pem").into()),
            ("SSL_CERT_DIR", dir.path().into()),
        ]);
        let t = load(&env, Duration::from_secs(1)).unwrap_or_else(|f| panic!("{}", f.message));
        assert_eq!(t.certs.len(), 1);
        assert_eq!(t.store.len(), 1);
    }

    #[test]
    fn a_setting_that_names_no_root_is_refused_naming_it() {
        let env = env_of(vec![(
            "SSL_CERT_DIR",
            "/nonexistent/a:/nonexistent/b".into(),
        )]);
        let f = load(&env, Duration::from_secs(1)).err().unwrap();
        assert!(f.setting);
        assert!(
            f.message
                .starts_with("SSL_CERT_DIR /nonexistent/a: no such directory"),
            "{}",
            f.message
        );
    }
}
