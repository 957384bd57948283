//! The certificate of a bind: an id, or a key pair (from --cert/--key or an ACME client's hook
//! environment) checked before anything is sent (the pre-flight), and the change request
//! that carries it.

use std::time::Duration;

use crate::api::live::{DomainInfo, ModifyBindingsRequest};
use crate::api::ssl::{self, UploadRequest};
use crate::cert;
use crate::check;
use crate::cli::BindArgs;
use crate::cloud::request::Prepared;
use crate::domain::DomainSpec;
use crate::error::{Error, Result};
use crate::input;
use crate::output::errln;
use crate::plan;
use crate::settings::Settings;
use crate::text::printable;

/// The certificate part of a bind request.
pub(super) enum Certificate {
    None,
    CloudId(String),
    KeyPair {
        /// The chain as it will be sent: leaf first, issuer order, re-encoded.
        cert_pem: String,
        /// The leaf's not-after, UTC: compared when a bound certificate cannot be read.
        leaf_not_after: String,
        /// The SHA-256 fingerprints of the chain as it will be sent, the leaf first: what an
        /// idempotent bind compares.
        chain_sha256: Vec<String>,
        key: cert::KeyPem,
        alias: Option<String>,
        /// The leaf's names, which --match-san looks for among the account's domains.
        names: Vec<String>,
    },
}

/// The certificate the options name, loaded and, for a key pair, checked against `domains`
/// (unless --no-check): any failure stops the bind before anything is sent.
pub(super) fn checked(
    ctx: &Settings,
    args: &BindArgs,
    domains: &[DomainSpec],
) -> Result<Certificate> {
    let source = load_source(args, ctx.timeout())?;
    Ok(match source {
        Source::None => Certificate::None,
        Source::CloudId(id) => Certificate::CloudId(id),
        Source::Pair { cert, key, alias } => {
            // The leaf's names and expiry come from the checks' own reading of the chain: a
            // 38,000-name certificate is parsed once, not once per question.
            let (order, leaf) = if args.no_check {
                let leaf = cert.ders().first().and_then(|d| check::leaf_summary(d));
                ((0..cert.ders().len()).collect(), leaf)
            } else {
                let names: Vec<String> = domains.iter().map(|d| d.name.clone()).collect();
                let report = check::run(&check::Input {
                    cert: &cert,
                    key: Some(&key),
                    domains: &names,
                    now: time::OffsetDateTime::now_utc(),
                    min_days: check::DEFAULT_MIN_DAYS,
                });
                preflight(ctx, &report)?;
                let leaf = report.summary.map(|s| (s.names, s.not_after));
                (report.send_order, leaf)
            };
            let (names, leaf_not_after) = leaf.unwrap_or_default();
            Certificate::KeyPair {
                leaf_not_after,
                cert_pem: cert.pem_in_order(&order),
                chain_sha256: order
                    .iter()
                    .filter_map(|&i| cert.ders().get(i))
                    .map(|der| check::fingerprint(der))
                    .collect(),
                key,
                alias,
                names,
            }
        }
    })
}

impl Certificate {
    /// What an idempotent bind compares the domains' bindings with.
    pub(super) fn wanted(&self) -> plan::Wanted {
        match self {
            Certificate::None => plan::Wanted::None,
            Certificate::CloudId(id) => plan::Wanted::CloudId(id.clone()),
            Certificate::KeyPair {
                chain_sha256,
                leaf_not_after,
                ..
            } => plan::Wanted::Fingerprint(
                chain_sha256.first().cloned().unwrap_or_default(),
                leaf_not_after.clone(),
                chain_sha256.clone(),
            ),
        }
    }

    /// The change request for `domains`. `display`: also build the copy `-v` and
    /// `--dry-run` show (with the key redacted); a large bind that shows nothing does not pay
    /// for it.
    pub(super) fn request(&self, domains: &[DomainSpec], display: bool) -> Result<Prepared> {
        prepare(domains, self, display)
    }

    /// The remark the certificate is stored with: --alias, else `tclive NAME DATE` (the
    /// leaf's first name and its not-after day, UTC), so that the SSL console tells renewals
    /// apart.
    pub(super) fn alias(&self) -> Option<String> {
        let Certificate::KeyPair {
            alias,
            names,
            leaf_not_after,
            ..
        } = self
        else {
            return None;
        };
        if let Some(a) = alias {
            return Some(a.clone());
        }
        let name = names.first().map(|n| printable(n)).unwrap_or_default();
        let day: String = leaf_not_after.chars().take(10).collect();
        let made = ["tclive", name.as_str(), day.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        Some(made.chars().take(MAX_DEFAULT_ALIAS).collect())
    }

    /// `UploadCertificate` for a key pair: duplicates refused (`Repeatable: false`), for
    /// Live, with its alias; the key redacted in the copy that is shown.
    pub(super) fn upload_request(&self, display: bool) -> Result<Option<Prepared>> {
        let Certificate::KeyPair { cert_pem, key, .. } = self else {
            return Ok(None);
        };
        let alias = self.alias().unwrap_or_default();
        let mut req = UploadRequest {
            certificate_public_key: cert_pem,
            certificate_private_key: key.pem.expose(),
            certificate_type: ssl::CERTIFICATE_TYPE,
            alias: &alias,
            certificate_use: ssl::CERTIFICATE_USE,
            repeatable: false,
        };
        let encode = |e: serde_json::Error| Error::Other(format!("cannot encode the request: {e}"));
        let body = zeroize::Zeroizing::new(serde_json::to_vec(&req).map_err(encode)?);
        let redaction = format!("<redacted: {} bytes>", key.pem.expose().len());
        req.certificate_private_key = &redaction;
        let display_body = if display {
            serde_json::to_value(&req).map_err(encode)?
        } else {
            serde_json::Value::Null
        };
        Ok(Some(Prepared {
            body,
            display_body,
            answer_limit: crate::cloud::request::MAX_READ_ANSWER_BYTES,
        }))
    }
}

/// The longest alias tclive makes up (a long first name is cut).
const MAX_DEFAULT_ALIAS: usize = 128;

/// Before a bind: warnings go to stderr and the bind goes on; any failure stops it (exit 3).
fn preflight(ctx: &Settings, report: &check::Report) -> Result<()> {
    for c in report.with_status(check::Status::Warn) {
        ctx.warn(&format!("{}: {}", c.id, c.detail));
    }
    if !report.failed() {
        return Ok(());
    }
    let lines: Vec<String> = report
        .with_status(check::Status::Fail)
        .map(|c| format!("  {}: {}", c.id, c.detail))
        .collect();
    Err(Error::CertCheck(format!(
        "the certificate checks failed, nothing was sent:\n{}\n\
         See `tclive cert check` for the full report; --no-check skips the checks (last resort).",
        lines.join("\n")
    )))
}

fn prepare(domains: &[DomainSpec], certificate: &Certificate, display: bool) -> Result<Prepared> {
    let (cloud_cert_id, public, private, alias) = match certificate {
        Certificate::None => (None, None, None, None),
        Certificate::CloudId(id) => (Some(id.as_str()), None, None, None),
        Certificate::KeyPair {
            cert_pem,
            key,
            alias,
            ..
        } => (
            None,
            Some(cert_pem.as_str()),
            Some(key.pem.expose()),
            alias.as_deref(),
        ),
    };
    let mut req = ModifyBindingsRequest {
        domain_infos: domains
            .iter()
            .map(|d| DomainInfo {
                domain_name: &d.name,
                status: d.https.status(),
            })
            .collect(),
        cloud_cert_id,
        certificate_public_key: public,
        certificate_private_key: private,
        certificate_alias: alias,
    };
    let body = zeroize::Zeroizing::new(
        serde_json::to_vec(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?,
    );
    let redaction = private.map(|k| format!("<redacted: {} bytes>", k.len()));
    req.certificate_private_key = redaction.as_deref();
    let display_body = if display {
        serde_json::to_value(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?
    } else {
        serde_json::Value::Null
    };
    Ok(Prepared {
        body,
        display_body,
        answer_limit: crate::api::live::change_answer_limit(domains.len()),
    })
}

/// What `--cert-id`, `--cert/--key` or `--from-hook-env` gave, loaded but not yet checked.
enum Source {
    None,
    CloudId(String),
    Pair {
        cert: cert::CertPem,
        key: cert::KeyPem,
        alias: Option<String>,
    },
}

fn load_source(args: &BindArgs, wait: Duration) -> Result<Source> {
    if let Some(id) = &args.cert_id {
        let id = id.trim();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::Usage(format!(
                "--cert-id '{}' is not a certificate ID (expected something like hZy2N9vF)",
                printable(id)
            )));
        }
        return Ok(Source::CloudId(id.to_string()));
    }
    let (cert_path, key_path) = if args.from_hook_env {
        let env = |k: &str| std::env::var_os(k);
        let p = crate::hook::resolve(&env).map_err(Error::Usage)?;
        errln!(
            "using {}'s certificate {} and key {}",
            p.client,
            printable(&p.cert.display().to_string()),
            printable(&p.key.display().to_string())
        );
        (p.cert, p.key)
    } else {
        match (&args.cert, &args.key) {
            (Some(c), Some(k)) => (c.clone(), k.clone()),
            // clap enforces --cert and --key together; this is the toggle-only mode.
            _ => return Ok(Source::None),
        }
    };
    let (cert, key) = input::load_pair(&cert_path, Some(&key_path), wait)?;
    let key = key.ok_or_else(|| Error::Other("the key was not loaded".into()))?;
    let alias = match &args.alias {
        Some(a) if a.chars().any(char::is_control) => {
            return Err(Error::Usage(
                "--alias contains control characters; use plain text".into(),
            ));
        }
        Some(a) if a.trim().is_empty() => {
            return Err(Error::Usage(
                "--alias is empty: give a remark or leave it out".into(),
            ));
        }
        Some(a) => Some(a.trim().to_string()),
        None => None,
    };
    Ok(Source::Pair { cert, key, alias })
}
