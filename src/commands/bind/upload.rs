//! A key pair stored once in the SSL certificate service before the bind
//! (`UploadCertificate`, duplicates refused), so that the bind carries only its ID. Sending
//! it again stores no second copy, so it is retried like a read; an identity CAM does not let
//! store one falls back, under `--upload-via auto`, to sending the key pair with the bind.

use crate::api::ssl::{self, SSL, Stored, UploadResponse};
use crate::cli::UploadVia;
use crate::cloud::envelope::Answer;
use crate::cloud::retry::Policy;
use crate::error::{Error, Result};
use crate::output::errln;
use crate::settings::Settings;
use crate::signals::InFlight;
use crate::text::printable;

use super::certificate::Certificate;

/// How the key pair reaches Live.
pub(super) enum Via {
    /// Stored (or found stored) in the SSL service: bind this ID.
    Stored(Stored),
    /// With the bind itself (ModifyLiveDomainCertBindings), as before the SSL service.
    Live,
}

/// What `-o json` adds to the bind's answer about the certificate a key pair became.
pub(super) fn json_field(via: &Via) -> serde_json::Value {
    match via {
        Via::Stored(s) => serde_json::json!({
            "CloudCertId": s.id,
            "Stored": if s.new { "new" } else { "existing" },
            "Via": ssl::UPLOAD,
        }),
        Via::Live => serde_json::json!({
            "CloudCertId": null,
            "Stored": "new",
            "Via": crate::api::live::MODIFY_BINDINGS,
        }),
    }
}

/// Stores `certificate` (a key pair) as `via` asks; `Via::Live` when the bind is to carry it.
pub(super) fn store(ctx: &Settings, via: UploadVia, certificate: &Certificate) -> Result<Via> {
    if via == UploadVia::Live {
        return Ok(Via::Live);
    }
    let Some(prepared) = certificate.upload_request(ctx.verbose())? else {
        return Err(Error::Other("only a key pair is stored".into()));
    };
    let mut session = ctx.session(&SSL)?;
    let policy = Policy {
        changes: InFlight::Store,
        ..ctx.policy()
    };
    let answer = session.call(ssl::UPLOAD, &prepared, policy);
    drop(prepared);
    let nothing_bound = || {
        errln!(
            "{} did not store the certificate: nothing was bound (running the same command \
             again stores no second copy)",
            ssl::UPLOAD
        )
    };
    let envelope = match answer {
        Ok(Answer::Ok(envelope)) => envelope,
        Ok(Answer::Refused {
            envelope,
            code,
            message,
        }) => {
            let refusal = SSL.refusal(ssl::UPLOAD, &code, &message, envelope.request_id.as_deref());
            if let Error::NotPermitted { code, .. } = &refusal
                && via == UploadVia::Auto
            {
                ctx.warn(&format!(
                    "ssl:{} is not permitted for this identity ({code}): the key pair goes \
                     with the bind instead (ModifyLiveDomainCertBindings), which stores a new \
                     copy every time; allow ssl:{} in CAM to store it once",
                    ssl::UPLOAD,
                    ssl::UPLOAD
                ));
                return Ok(Via::Live);
            }
            nothing_bound();
            return Err(refusal);
        }
        Err(e) => {
            nothing_bound();
            return Err(e);
        }
    };
    let request_id = printable(envelope.request_id.as_deref().unwrap_or("-"));
    let stored = envelope
        .fields::<UploadResponse>()
        .ok()
        .and_then(|r| r.stored());
    let Some(stored) = stored else {
        nothing_bound();
        return Err(Error::Transport(format!(
            "the answer to {} names no certificate ID (CertificateId, RepeatCertId) from {} \
             (RequestId {request_id})",
            ssl::UPLOAD,
            session.options().endpoint.url
        )));
    };
    errln!("{}", stored_line(&stored));
    Ok(Via::Stored(stored))
}

/// The summary line of an upload.
pub(super) fn stored_line(s: &Stored) -> String {
    if s.new {
        format!(
            "certificate: stored in the SSL certificate service as {} (new); binding it by that ID",
            s.id
        )
    } else {
        format!(
            "certificate: already stored in the SSL certificate service as {}; binding it by \
             that ID (no second copy stored)",
            s.id
        )
    }
}
