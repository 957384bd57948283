//! What an exchange came to: an HTTP answer judged (the API's envelope, a redirect, a
//! retryable code, a transport failure), with whether the server can have processed the
//! request. Decided by status, API code and error type, never by the words of a message.

use crate::api::live;
use crate::api::request::Target;
use crate::error::Error;

/// What came back over HTTP, whatever it is.
pub struct Answer {
    pub status: u16,
    pub reason: String,
    pub date: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Whether the server can have processed a request that got no valid answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Processed {
    /// Never written, refused before processing (rate limit), or redirected.
    No,
    /// Written, and nothing valid came back: it may have been.
    Maybe,
}

/// A failed exchange, whether the request may have reached the server, and whether trying
/// again could help at all.
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) processed: Processed,
    pub(crate) permanent: bool,
}

/// The codes that mean "try again later", and the subset that proves nothing was processed.
pub(crate) fn retryable_code(code: &str) -> bool {
    rate_limited(code) || live::TRANSIENT.contains(&code)
}

pub(crate) fn rate_limited(code: &str) -> bool {
    code.starts_with("RequestLimitExceeded") || code == "LimitExceeded.RateLimitExceeded"
}

/// The offset of the API's clock from ours, from an HTTP `Date` header.
pub fn clock_offset(date: &str, local_now: i64) -> Option<i64> {
    let server = httpdate::parse_http_date(date.trim()).ok()?;
    let server = server.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(server - local_now)
}

/// "7m12s behind" / "3m0s ahead of"
pub fn describe_skew(offset: i64) -> String {
    let abs = offset.unsigned_abs();
    let (m, s) = (abs / 60, abs % 60);
    let amount = if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    };
    if offset >= 0 {
        format!("your clock is {amount} behind the API's")
    } else {
        format!("your clock is {amount} ahead of the API's")
    }
}

/// What one answer means for the loop.
pub(crate) enum Step {
    /// Return this answer.
    Done(live::Answer),
    /// Worth another attempt (if the policy and the budget allow); the last outcome if not.
    Retry {
        what: String,
        last: Result<live::Answer, Error>,
        processed: Processed,
    },
    /// Stop with this error.
    Fail(Error, Processed),
}

/// Judges one HTTP answer.
pub(crate) fn judge(t: &Target<'_>, http: &Answer) -> Step {
    if (300..400).contains(&http.status) {
        return Step::Fail(redirect_error(t, http), Processed::No);
    }
    match interpret(t, http) {
        Ok(live::Answer::ApiError {
            envelope,
            code,
            message,
        }) if retryable_code(&code) => Step::Retry {
            what: format!(
                "{}: {}",
                crate::text::printable(&code),
                crate::text::printable(&message)
            ),
            processed: if rate_limited(&code) {
                Processed::No
            } else {
                Processed::Maybe
            },
            last: Ok(live::Answer::ApiError {
                envelope,
                code,
                message,
            }),
        },
        Ok(answer) => Step::Done(answer),
        Err(e) if matches!(http.status, 429 | 500 | 502 | 503 | 504) => Step::Retry {
            what: format!("HTTP {} {}", http.status, http.reason),
            processed: if http.status == 429 {
                Processed::No
            } else {
                Processed::Maybe
            },
            last: Err(e),
        },
        Err(e) => Step::Fail(e, Processed::Maybe),
    }
}

pub(crate) fn redirect_error(t: &Target<'_>, http: &Answer) -> Error {
    let to = http
        .location
        .as_deref()
        .map(|l| match t.endpoint.url.join(l) {
            Ok(u) => crate::text::printable(u.host_str().unwrap_or("?")),
            Err(_) => "an invalid Location".into(),
        })
        .unwrap_or_else(|| "nowhere (no Location header)".into());
    Error::Transport(format!(
        "HTTP {} {} from {}: it redirects to {to}; tclive never follows redirects, so nothing \
         was sent there{}",
        http.status,
        http.reason,
        t.endpoint.url,
        if t.action == live::MODIFY_BINDINGS {
            " and the request was not processed as a bind"
        } else {
            ""
        }
    ))
}

/// The error a last outcome stands for, when it is not returned as an answer.
pub(crate) fn into_error(last: Result<live::Answer, Error>) -> Error {
    match last {
        Err(e) => e,
        Ok(live::Answer::ApiError {
            envelope,
            code,
            message,
        }) => Error::Api {
            code: crate::text::printable(&code),
            message: crate::text::printable(&message),
            request_id: crate::text::printable(&envelope.request_id),
        },
        Ok(live::Answer::Ok(envelope)) => Error::Other(format!(
            "unexpected answer (RequestId {})",
            crate::text::printable(&envelope.request_id)
        )),
    }
}

pub(crate) fn clock_error(http: &Answer) -> Error {
    let (code, message, request_id) = match live::parse_envelope(&http.body) {
        Ok(live::Answer::ApiError {
            envelope,
            code,
            message,
        }) => (code, message, envelope.request_id),
        _ => (
            "AuthFailure.SignatureExpire".into(),
            String::new(),
            "-".into(),
        ),
    };
    Error::Api {
        code,
        message: format!(
            "{} — the API refuses requests signed more than 5 minutes from its clock, and its answer had no usable Date header to correct by; synchronise this machine's clock (NTP) and try again",
            crate::text::printable(&message)
        ),
        request_id: crate::text::printable(&request_id),
    }
}

/// reqwest's own message wraps the cause in layers ("error sending request … client error
/// (Connect) …"); the innermost error is the one that says what happened (refused, reset,
/// certificate unknown …).
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

/// The TLS failure in the error's chain, if there is one: an untrusted or invalid certificate
/// will be just as untrusted in a second. Decided by the error's type, not its words. The
/// connector wraps the TLS error in `io::Error`s, whose `source()` skips the wrapped error:
/// those are opened with `get_ref()`.
pub(crate) fn tls_failure<'e>(
    e: &'e (dyn std::error::Error + 'static),
) -> Option<&'e rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    // Bounded: a chain is a handful of layers.
    for _ in 0..32 {
        let err = cur?;
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        cur = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

/// What a TLS failure says of the server's protocol versions, when it is about them: a
/// server that answered with TLS 1.0 or 1.1 (or refused every version offered with a
/// `protocol_version` alert), told apart by the error's variant.
fn version_problem(e: &rustls::Error) -> Option<&'static str> {
    use rustls::PeerIncompatible as P;
    match e {
        rustls::Error::PeerIncompatible(P::ServerDoesNotSupportTls12Or13) => {
            Some("the server speaks only a TLS version older than 1.2 (TLS 1.0 or 1.1)")
        }
        rustls::Error::PeerIncompatible(
            P::ServerTlsVersionIsDisabledByOurConfig
            | P::SupportedVersionsExtensionRequired
            | P::Tls12NotOffered
            | P::Tls12NotOfferedOrEnabled,
        ) => Some("the server and tclive have no TLS version in common"),
        rustls::Error::AlertReceived(rustls::AlertDescription::ProtocolVersion) => Some(
            "the server refused the TLS versions tclive offers (1.2 and 1.3) with a protocol_version alert",
        ),
        _ => None,
    }
}

pub(crate) fn transport_failure(t: &Target<'_>, e: &reqwest::Error) -> Failure {
    let url = &t.endpoint.url;
    // A connect error (refused, DNS, TLS handshake, connect timeout) means the request was
    // never written: the server cannot have processed it.
    if e.is_connect() {
        let tls = tls_failure(e);
        let error = match tls.map(|t| (t, version_problem(t))) {
            Some((_, Some(why))) => Error::TlsVersion(format!("cannot connect to {url}: {why}")),
            tls => {
                let message = format!(
                    "cannot connect to {url}: {}",
                    crate::text::printable(&chain(e))
                );
                if tls.is_some() {
                    Error::Tls(message)
                } else {
                    Error::Transport(message)
                }
            }
        };
        return Failure {
            permanent: tls.is_some(),
            error,
            processed: Processed::No,
        };
    }
    let error = if e.is_timeout() {
        Error::Transport(format!(
            "no answer from {url} within {} (--timeout)",
            humantime::format_duration(t.timeout)
        ))
    } else {
        Error::Transport(format!(
            "request to {url} failed: {}",
            crate::text::printable(&chain(e))
        ))
    };
    Failure {
        error,
        processed: Processed::Maybe,
        permanent: false,
    }
}

/// Turns an HTTP answer into the API's envelope, or the transport error it is.
pub fn interpret(t: &Target<'_>, answer: &Answer) -> Result<live::Answer, Error> {
    if answer.status != 200 {
        // The whole body: secrets are scrubbed before it is cut, so no part of one is left.
        let text = String::from_utf8_lossy(&answer.body);
        let snippet: String = crate::text::printable(text.trim())
            .chars()
            .take(200)
            .collect();
        return Err(Error::Transport(format!(
            "HTTP {} {} from {}{}",
            answer.status,
            answer.reason,
            t.endpoint.url,
            if snippet.is_empty() {
                String::new()
            } else {
                format!(": {snippet}")
            }
        )));
    }
    live::parse_envelope(&answer.body)
        .map_err(|why| Error::Transport(format!("{why}, from {}", t.endpoint.url)))
}
