//! The certificate of a bind: an id, or a key pair checked before anything is sent (the
//! pre-flight), and the change request that carries it.

use crate::api::live::{DomainInfo, ModifyBindingsRequest};
use crate::cert;
use crate::check;
use crate::cli::BindArgs;
use crate::cloud::request::Prepared;
use crate::domain::DomainSpec;
use crate::error::{Error, Result};
use crate::input::Source;
use crate::plan;
use crate::settings::Settings;

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
    },
}

/// Runs the pre-flight checks on a key pair (unless --no-check) and fixes what is sent.
pub(super) fn certificate(
    ctx: &Settings,
    args: &BindArgs,
    source: Source,
    domains: &[DomainSpec],
) -> Result<Certificate> {
    Ok(match source {
        Source::None => Certificate::None,
        Source::CloudId(id) => Certificate::CloudId(id),
        Source::Pair { cert, key, alias } => {
            let order = if args.no_check {
                (0..cert.ders().len()).collect()
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
                report.send_order
            };
            let leaf = order.first().and_then(|&i| cert.ders().get(i));
            Certificate::KeyPair {
                leaf_not_after: leaf.and_then(|d| check::not_after(d)).unwrap_or_default(),
                cert_pem: cert.pem_in_order(&order),
                chain_sha256: order
                    .iter()
                    .filter_map(|&i| cert.ders().get(i))
                    .map(|der| check::fingerprint(der))
                    .collect(),
                key,
                alias,
            }
        }
    })
}

pub(super) fn wanted(certificate: &Certificate) -> plan::Wanted {
    match certificate {
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

/// Before a bind: warnings go to stderr and the bind goes on; any failure stops it (exit 3).
pub(super) fn preflight(ctx: &Settings, report: &check::Report) -> Result<()> {
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

/// The change request. `display`: also build the copy `-v` and `--dry-run` show (with the key
/// redacted); a large bind that shows nothing does not pay for it.
pub(super) fn prepare(
    domains: &[DomainSpec],
    certificate: &Certificate,
    display: bool,
) -> Result<Prepared> {
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
