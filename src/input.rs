//! Bounded reads of what the user names on the command line: domain lists (flags and files)
//! and PEM files (or stdin), each read once, capped, within --timeout for a pipe.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use crate::bounded::{self, Kind, Pipes, ReadError};
use crate::cert;
use crate::domain::{self, DomainList, DomainSpec};
use crate::error::{Error, Result};
use crate::text::printable;

/// Largest input file read (PEM, domains list): far above any real one, and it keeps a wrong
/// path such as /dev/zero from eating memory.
pub(crate) const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Reads a file named on the command line, `-` meaning stdin; a pipe (`<(…)`) is read to its
/// end within `wait` (--timeout). Errors name the flag and file. The bytes are zeroed when
/// dropped: they may be a private key.
pub(crate) fn read_input(
    flag: &str,
    path: &Path,
    wait: Duration,
) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let shown = path.display().to_string();
    let too_large = || {
        Error::Usage(format!(
            "{flag} {shown}: larger than {} KiB; is this the right file?",
            MAX_INPUT_BYTES / 1024
        ))
    };
    if path.as_os_str() != "-" {
        return bounded::read(path, MAX_INPUT_BYTES, Pipes::Within(wait)).map_err(|e| match e {
            ReadError::TooLarge => too_large(),
            ReadError::NotAFile(Kind::Directory) => {
                Error::Usage(format!("{flag} {shown}: is a directory, not a file"))
            }
            ReadError::NotAFile(kind) => Error::Usage(format!(
                "{flag} {shown}: is {}, not a file: give the path of a file (or '-' for stdin)",
                kind.describe()
            )),
            ReadError::Timeout(wait) => Error::Usage(format!(
                "{flag} {shown}: a pipe that did not come to its end within {} (--timeout): is \
                 anything writing to it?",
                humantime::format_duration(wait)
            )),
            ReadError::NotFound => {
                Error::Usage(format!("{flag} {shown}: cannot read: no such file"))
            }
            ReadError::Io(e) => Error::Usage(format!(
                "{flag} {shown}: cannot read: {}",
                match e.kind() {
                    std::io::ErrorKind::PermissionDenied =>
                        "permission denied (run as a user who can read it)".to_string(),
                    _ => e.to_string(),
                }
            )),
        });
    }
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    // Sized up front so that reading never reallocates: no copy of a key is left behind.
    buf.reserve(MAX_INPUT_BYTES as usize + 1);
    match std::io::stdin()
        .lock()
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
    {
        Ok(_) if buf.len() as u64 > MAX_INPUT_BYTES => Err(too_large()),
        Ok(_) => Ok(buf),
        Err(e) => Err(Error::Usage(format!("{flag} {shown}: cannot read: {e}"))),
    }
}

/// Reads and loads `--cert` and, when given, `--key` (usage errors name the file).
pub(crate) fn load_pair(
    cert: &Path,
    key: Option<&Path>,
    wait: Duration,
) -> Result<(cert::CertPem, Option<cert::KeyPem>)> {
    let bytes = read_input("--cert", cert, wait)?;
    let c = cert::load_cert(&cert.display().to_string(), &bytes).map_err(Error::Usage)?;
    let k = match key {
        Some(k) => {
            let bytes = read_input("--key", k, wait)?;
            Some(cert::load_key(&k.display().to_string(), &bytes).map_err(Error::Usage)?)
        }
        None => None,
    };
    Ok((c, k))
}

/// Only one input can come from stdin (`-`).
pub(crate) fn check_stdin_once(inputs: &[(&str, Option<&Path>)]) -> Result<()> {
    let users: Vec<&str> = inputs
        .iter()
        .filter(|(_, p)| p.is_some_and(|p| p.as_os_str() == "-"))
        .map(|(n, _)| *n)
        .collect();
    if users.len() > 1 {
        return Err(Error::Usage(format!(
            "{} {} read stdin ('-'); only one of them can: give the {}",
            users.join(" and "),
            if users.len() == 2 { "both" } else { "all" },
            if users.len() == 2 {
                "other as a file"
            } else {
                "others as files"
            }
        )));
    }
    Ok(())
}

/// The domains of `--domain` and `--domains-file`, each once, checked and normalised.
pub(crate) fn collect_domains(
    domains: &[String],
    file: Option<&Path>,
    allow_empty: bool,
    rules: domain::Rules,
    wait: Duration,
) -> Result<DomainList> {
    let mut list = DomainList::default();
    for raw in domains {
        let (name, https) = domain::parse_spec_with(raw, &printable(raw), rules)
            .map_err(|e| Error::Usage(format!("--domain {e}")))?;
        if rules.allow_mixed_scripts && raw.split('.').any(domain::mixes_scripts) {
            list.mixed_scripts
                .push(format!("--domain {}", printable(raw)));
        }
        list.add(DomainSpec {
            name,
            https,
            origin: "--domain".into(),
        })
        .map_err(Error::Usage)?;
    }
    // What the file held when it gave no domain, for the error below.
    let mut empty_file: Option<(String, bool)> = None;
    if let Some(path) = file {
        let bytes = read_input("--domains-file", path, wait)?;
        let shown = if path.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        let before = list.len();
        let text = domains_file(&bytes, &shown, &mut list, rules)?;
        if list.len() == before {
            empty_file = Some((shown, text.trim().is_empty()));
        }
    }
    for name in &list.mixed_scripts {
        crate::output::warn(
            false,
            &format!("{name}: mixes scripts (a look-alike?); accepted because of --allow-idn"),
        );
    }
    if list.is_empty()
        && !allow_empty
        && let Some((shown, blank)) = empty_file
    {
        return Err(Error::Usage(format!(
            "--domains-file {shown} {}: put one NAME[:on|off|keep] per line in it, or give \
             --domain NAME",
            if blank {
                "is empty"
            } else {
                "has no domain, only comments and blank lines"
            }
        )));
    }
    if list.is_empty() && !allow_empty {
        return Err(Error::Usage(
            "no domain given: add --domain NAME[:on|off|keep] (repeatable) or --domains-file FILE"
                .into(),
        ));
    }
    Ok(list)
}

/// Adds the domains of a domains file's bytes (`shown` names it) to `list`; the text, for
/// what it held. Pure: the fuzz targets (`crate::fuzzing`) read files through it as
/// [`collect_domains`] does.
pub(crate) fn domains_file<'a>(
    bytes: &'a [u8],
    shown: &str,
    list: &mut DomainList,
    rules: domain::Rules,
) -> Result<&'a str> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::Usage(format!("--domains-file {shown}: not UTF-8 text")))?;
    domain::parse_file_with(text, shown, list, rules)
        .map_err(|e| Error::Usage(format!("--domains-file {e}")))?;
    Ok(text)
}
