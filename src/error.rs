//! Every failure tclive reports, each mapped to one exit code in one place.
//!
//! Messages never contain a secret: credential errors name the source, never the value.

use crate::exit::Exit;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, found before anything was sent.
    #[error("{0}")]
    Usage(String),

    /// A local certificate check failed before anything was sent.
    #[error("{0}")]
    CertCheck(String),

    /// Credentials missing, incomplete or unreadable.
    #[error("{0}")]
    Credentials(String),

    /// The API answered with an error for the whole request.
    #[error("{code}: {message} (RequestId {request_id})")]
    Api {
        code: String,
        message: String,
        request_id: String,
    },

    /// The account's service of `product` (Live …) is suspended, disabled or not activated:
    /// nothing can be read or bound until it is back, whatever tclive does.
    #[error("{code}: {what} ({message}) (RequestId {request_id})")]
    Account {
        product: &'static str,
        code: String,
        what: &'static str,
        message: String,
        request_id: String,
    },

    /// CAM does not allow this identity to call `service:action`.
    #[error("{code}: not permitted to call {action}: {message} (RequestId {request_id})")]
    NotPermitted {
        service: &'static str,
        action: String,
        code: String,
        message: String,
        request_id: String,
    },

    /// `AuthFailure.SignatureExpire`, the API's refusal of the request's time, which tclive
    /// could not correct: `skew` is the API's clock minus this machine's, from its answer's
    /// Date header (None: no usable one); `again`: refused once more when signed with the
    /// API's time. One sentence of what was found, one hint of what to do, each by the case.
    #[error("{refusal} — {}", clock_finding(*skew, *again))]
    Clock {
        refusal: Box<Error>,
        skew: Option<i64>,
        again: bool,
    },

    /// No valid API answer.
    #[error("{0}")]
    Transport(String),

    /// The endpoint's TLS certificate was refused (untrusted, expired, wrong name): no request
    /// was written, and trying again will not help.
    #[error("{0}")]
    Tls(String),

    /// The endpoint speaks no TLS version tclive does (TLS 1.0 or 1.1 only): no request was
    /// written, and trying again will not help.
    #[error("{0}")]
    TlsVersion(String),

    /// A change request was written and no valid answer came back: it may have been
    /// processed. `upload`: it carried a key pair, so a certificate may have been stored.
    #[error("{cause}; {}", if *upload {
        "the request had been sent, so the certificate may have been uploaded to the SSL certificate service and bound: check before running again (each call with --cert/--key uploads another copy)"
    } else {
        "the request had been sent, so the bind may have been applied: run the same command again to finish it (binds are idempotent)"
    })]
    MaybeApplied { upload: bool, cause: Box<Error> },

    /// A bind that, for sure, changed nothing: its request never reached the server (no
    /// connection was made on any attempt), or the reads before it failed and it was never
    /// sent. `because` says which, and what was not done; running it again is safe.
    #[error("{cause}; {because}")]
    NothingBound {
        cause: Box<Error>,
        because: &'static str,
    },

    /// Anything else that should not happen (writing output failed, say).
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            Error::CertCheck(_) => Exit::CertCheck,
            Error::Credentials(_) => Exit::Credentials,
            Error::Api { code, .. } if code.starts_with("AuthFailure") => Exit::Credentials,
            Error::NotPermitted { .. } => Exit::Credentials,
            Error::Account { .. } => Exit::Failure,
            Error::Api { .. } => Exit::Failure,
            Error::Transport(_) | Error::Tls(_) | Error::TlsVersion(_) => Exit::Transport,
            Error::MaybeApplied { cause, .. } | Error::NothingBound { cause, .. } => cause.exit(),
            Error::Clock { refusal, .. } => refusal.exit(),
            Error::Other(_) => Exit::Failure,
        }
    }

    /// A follow-up hint for the user, printed after the error line; `verbose`: -v is on (no
    /// hint then says to run with it).
    pub fn hint(&self, verbose: bool) -> Option<String> {
        match self {
            Error::NothingBound { cause, .. } => return cause.hint(verbose),
            Error::Transport(_) => {
                return Some(format!(
                    "check --endpoint, the network, and proxy settings (HTTPS_PROXY, NO_PROXY){}",
                    if verbose {
                        ""
                    } else {
                        "; run with -v to trace the request"
                    }
                ));
            }
            _ => {}
        }
        if let Error::NotPermitted {
            service, action, ..
        } = self
        {
            return Some(format!(
                "allow {service}:{action} for this identity in CAM (the README gives the policy each command needs)"
            ));
        }
        if let Error::Account { product, .. } = self {
            return Some(format!(
                "the {product} service of this account must be restored in the Tencent Cloud console (billing, or the service's status) before anything can be bound"
            ));
        }
        self.static_hint().map(str::to_string)
    }

    fn static_hint(&self) -> Option<&'static str> {
        match self {
            Error::Clock { skew, again, .. } => Some(clock_hint(*skew, *again)),
            Error::Api { code, .. } => api_hint(code),
            Error::MaybeApplied { .. } => Some(
                "`tclive cert list --domain NAME` shows what is bound now; the SSL certificate service console lists uploaded certificates",
            ),
            Error::Tls(_) => Some(
                "the server's certificate is not trusted: behind a TLS-inspecting proxy, set SSL_CERT_FILE to a PEM bundle with its CA",
            ),
            Error::TlsVersion(_) => Some(
                "the server offers no TLS version tclive speaks: it needs TLS 1.2 or 1.3 (1.0 and 1.1 are refused); check --endpoint, or have TLS 1.2 enabled on the server or on the TLS-inspecting proxy in the way",
            ),
            _ => None,
        }
    }
}

/// Within this many seconds of the API's Date header, this machine's clock agrees with the
/// API's: the Date has whole seconds and the answer takes its time, and the API allows five
/// minutes, so a refusal of the request's time is not this clock's doing.
pub const CLOCK_AGREES_SECS: u64 = 60;

/// What the Date header of a SignatureExpire answer showed (see [`Error::Clock`]).
fn clock_finding(skew: Option<i64>, again: bool) -> String {
    match skew {
        None => "the API refuses a request signed more than 5 minutes off its clock, and its \
                 answer had no usable Date header to tell how far this machine's clock is off"
            .to_string(),
        Some(o) if again => format!(
            "refused again when signed with the time of the API's Date header ({})",
            crate::clock::describe_skew(o)
        ),
        Some(o) => format!(
            "yet this machine's clock agrees with the API's Date header ({}s apart): the clock is \
             not the cause, and there is nothing to correct",
            o.unsigned_abs()
        ),
    }
}

/// What to do about a SignatureExpire refusal, by what its Date header showed.
fn clock_hint(skew: Option<i64>, again: bool) -> &'static str {
    match skew {
        None => "synchronise this machine's clock (NTP) and try again",
        Some(_) if again => {
            "synchronise this machine's clock (NTP) and try again; the Date header may not be the API's own (a proxy's?)"
        }
        Some(_) => "try again; if it persists, report it to Tencent Cloud with the RequestId",
    }
}

fn api_hint(code: &str) -> Option<&'static str> {
    Some(match code {
        "AuthFailure.SignatureExpire" => {
            "the request time was more than 5 minutes off the API's clock: synchronise this machine's clock (NTP) and try again"
        }
        "AuthFailure.SecretIdNotFound" | "AuthFailure.InvalidSecretId" => {
            "the SecretId is unknown or malformed: check it with `tclive credentials show`"
        }
        "AuthFailure.SignatureFailure" => {
            "the signature did not verify: the SecretKey does not belong to this SecretId (check for a pasted key with extra characters)"
        }
        "AuthFailure.TokenFailure" => {
            "the session token is invalid or expired: refresh the temporary credentials"
        }
        _ => return None,
    })
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
