//! One signed POST to the Live API: headers, signature, timeout, body limit, envelope.
//!
//! The request is described by [`Prepared`] (pure: built and rendered without any I/O, which
//! is what `--dry-run` and `-v` show); only [`send`] touches the network.

use std::time::{Duration, Instant};

use crate::api::live;
use crate::api::tc3;
use crate::credentials::{Credentials, mask_id};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::output::{errln, errp};
use crate::signals::InFlight;

pub const CONTENT_TYPE: &str = "application/json";
/// The largest answer to a read (one page of at most 100 items, or one certificate): real ones
/// are tens of KiB. Reading stops past this.
pub const MAX_READ_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// The largest answer to a change request for `domains` domains: 1 MiB, plus 1 KiB for each
/// domain (an error entry per domain with its code and message takes about 150 bytes).
pub fn change_answer_limit(domains: usize) -> usize {
    (1024 * 1024usize).saturating_add(domains.saturating_mul(1024))
}

pub fn request_client() -> String {
    format!("TCLIVE_{}", env!("CARGO_PKG_VERSION"))
}

/// Everything about the call except credentials and the clock.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub endpoint: &'a Endpoint,
    pub action: &'a str,
    pub region: Option<&'a str>,
    pub language: &'a str,
    pub timeout: Duration,
}

/// A request ready to be signed and sent. `body` may hold a private key: it is only ever sent
/// and never shown; `display_body` is what dry-run and verbose print.
pub struct Prepared {
    pub body: zeroize::Zeroizing<Vec<u8>>,
    pub display_body: serde_json::Value,
    /// The largest answer this request can need; reading stops past it.
    pub answer_limit: usize,
}

impl Prepared {
    /// A request without secrets: what is sent is what is shown.
    pub fn plain<T: serde::Serialize>(req: &T) -> Result<Self, Error> {
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        let display_body = serde_json::to_value(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        Ok(Prepared {
            body: zeroize::Zeroizing::new(body),
            display_body,
            answer_limit: MAX_READ_ANSWER_BYTES,
        })
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("body", &"[redacted]")
            .field("display_body", &self.display_body)
            .finish()
    }
}

/// The headers of a request, in the order they are sent, without `Authorization`.
pub fn headers(
    t: &Target<'_>,
    timestamp: i64,
    token: Option<&str>,
    request_client: &str,
) -> Vec<(&'static str, String)> {
    let mut h = vec![
        ("Host", t.endpoint.host.clone()),
        ("Content-Type", CONTENT_TYPE.to_string()),
        ("X-TC-Action", t.action.to_string()),
        ("X-TC-Version", live::VERSION.to_string()),
        ("X-TC-Timestamp", timestamp.to_string()),
        ("X-TC-Language", t.language.to_string()),
        ("X-TC-RequestClient", request_client.to_string()),
    ];
    if let Some(region) = t.region.filter(|r| !r.is_empty()) {
        h.push(("X-TC-Region", region.to_string()));
    }
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        h.push(("X-TC-Token", token.to_string()));
    }
    h
}

/// Renders a request for people: dry-run (no Authorization) and verbose (redacted).
pub fn render_request(
    t: &Target<'_>,
    headers: &[(&str, String)],
    display_body: &serde_json::Value,
    prefix: &str,
) -> String {
    let mut out = format!("{prefix}POST {}\n", t.endpoint.url);
    for (k, v) in headers {
        out.push_str(&format!("{prefix}{k}: {v}\n"));
    }
    out.push_str(prefix.trim_end());
    out.push('\n');
    out.push_str(&serde_json::to_string_pretty(display_body).unwrap_or_default());
    out.push('\n');
    out
}

/// The headers as verbose shows them: token and signature redacted, SecretId masked.
fn redacted(headers: &[(&'static str, String)], secret_id: &str) -> Vec<(&'static str, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            let v = match *k {
                "X-TC-Token" => "[redacted]".to_string(),
                "Authorization" => {
                    let v = v.replace(secret_id, &mask_id(secret_id));
                    match v.find("Signature=") {
                        Some(i) => format!("{}Signature=[redacted]", &v[..i]),
                        None => v,
                    }
                }
                _ => v.clone(),
            };
            (*k, v)
        })
        .collect()
}

/// What came back over HTTP, whatever it is.
pub struct Answer {
    pub status: u16,
    pub reason: String,
    pub date: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// How hard to try, and what is at stake if the request was processed.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Attempts in all, 1 = no retry.
    pub max_attempts: u32,
    /// Time allowed for the whole call: every attempt, the one in flight included, and the
    /// waits between them.
    pub budget: Duration,
    /// What the request changes: nothing (a read), bindings, or bindings and a new
    /// certificate in the SSL certificate service (which stores one each time it processes
    /// the request, so it is retried only when it certainly was not processed).
    pub changes: InFlight,
}

/// Backoff: full jitter over an exponential window (500 ms, 1 s, 2 s … capped at 10 s).
pub fn backoff(retry: u32) -> Duration {
    let window_ms = 500u64.saturating_mul(1u64 << retry.min(10)).min(10_000);
    Duration::from_millis(fastrand::u64(0..=window_ms))
}

/// Whether the server can have processed a request that got no valid answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Processed {
    /// Never written, refused before processing (rate limit), or redirected.
    No,
    /// Written, and nothing valid came back: it may have been.
    Maybe,
}

/// A failed exchange, whether the request may have reached the server, and whether trying
/// again could help at all.
struct Failure {
    error: Error,
    processed: Processed,
    permanent: bool,
}

/// The codes that mean "try again later", and the subset that proves nothing was processed.
fn retryable_code(code: &str) -> bool {
    rate_limited(code) || code == "InternalError" || code == "ServiceUnavailable"
}

fn rate_limited(code: &str) -> bool {
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

/// The API allows 20 requests per second per action; tclive starts at most one request of an
/// action every 52 ms (50 ms plus a margin for jitter on the way), so any one-second window
/// holds at most 20 of them.
pub const MIN_REQUEST_INTERVAL: Duration = Duration::from_millis(52);

/// What a series of calls shares: one runtime, one HTTP client (so one kept-alive connection),
/// the pace limiter and a clock correction learned from the API.
pub struct Session<'a> {
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    state: State<'a>,
}

struct State<'a> {
    creds: &'a Credentials,
    verbose: bool,
    /// Colour for the warning label on stderr.
    color: bool,
    /// Seconds to add to our clock, learned once from a SignatureExpire answer.
    offset: i64,
    clock_corrected: bool,
    /// When the last request of each action started: the API's limit is per action.
    last_start: Vec<(String, Instant)>,
}

impl State<'_> {
    /// Waits until `action` may start again (one request per action every
    /// MIN_REQUEST_INTERVAL, under the API's 20 per second), then records the start.
    async fn pace(&mut self, action: &str) {
        match self.last_start.iter_mut().find(|(a, _)| a == action) {
            Some((_, last)) => {
                // An instant already past returns at once.
                tokio::time::sleep_until((*last + MIN_REQUEST_INTERVAL).into()).await;
                *last = Instant::now();
            }
            None => self.last_start.push((action.to_string(), Instant::now())),
        }
    }
}

/// The HTTP client every call goes through: rustls, the timeout, no redirects (a request
/// carrying a signature and maybe a private key goes to the endpoint and nowhere else), and
/// the proxy decided by [`crate::proxy::decide`] instead of the library's own reading of the
/// environment.
pub fn http_client(
    timeout: Duration,
    proxy: Option<&crate::proxy::Choice>,
) -> Result<reqwest::Client, Error> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    if let Some(p) = proxy {
        let proxy = reqwest::Proxy::all(p.url.as_str())
            .map_err(|e| {
                Error::Usage(format!(
                    "{}: {}",
                    p.from,
                    crate::text::printable(&chain(&e))
                ))
            })?
            .no_proxy(
                p.no_proxy
                    .as_deref()
                    .and_then(reqwest::NoProxy::from_string),
            );
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| Error::Transport(format!("cannot set up HTTPS: {}", chain(&e))))
}

impl<'a> Session<'a> {
    pub fn new(
        timeout: Duration,
        proxy: Option<&crate::proxy::Choice>,
        creds: &'a Credentials,
        verbose: bool,
        color: bool,
    ) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
        let client = http_client(timeout, proxy)?;
        Ok(Session {
            runtime,
            client,
            state: State {
                creds,
                verbose,
                color,
                offset: 0,
                clock_corrected: false,
                last_start: Vec::new(),
            },
        })
    }

    /// Sends the request until it gets an answer worth returning: retries what the policy
    /// allows (each attempt signed anew), corrects the clock once on
    /// `AuthFailure.SignatureExpire`, keeps to the API's pace and to the retry budget.
    /// Returns the API's envelope or the error to report. SIGINT/SIGTERM end the process
    /// from `signals`, with words that depend on what is in flight.
    pub fn call(
        &mut self,
        t: &Target<'_>,
        req: &Prepared,
        policy: Policy,
    ) -> Result<live::Answer, Error> {
        let Session {
            runtime,
            client,
            state,
        } = self;
        let _flight = crate::signals::in_flight(policy.changes);
        runtime
            .block_on(attempts(client, state, t, req, policy))
            .map_err(|(error, processed)| match (processed, policy.changes) {
                (Processed::Maybe, InFlight::Change | InFlight::Upload) => Error::MaybeApplied {
                    upload: policy.changes == InFlight::Upload,
                    cause: Box::new(error),
                },
                _ => error,
            })
    }
}

/// What one answer means for the loop.
enum Step {
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
fn judge(t: &Target<'_>, http: &Answer) -> Step {
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

fn redirect_error(t: &Target<'_>, http: &Answer) -> Error {
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

async fn attempts(
    client: &reqwest::Client,
    state: &mut State<'_>,
    t: &Target<'_>,
    req: &Prepared,
    policy: Policy,
) -> Result<live::Answer, (Error, Processed)> {
    let (creds, verbose) = (state.creds, state.verbose);
    let started = Instant::now();
    let deadline = started + policy.budget;
    let max = policy.max_attempts.max(1);
    let upload = policy.changes == InFlight::Upload;
    let mut attempt = 1;
    loop {
        state.pace(t.action).await;
        let timestamp = unix_now() + state.offset;
        let exchanged = tokio::time::timeout_at(
            deadline.into(),
            exchange(client, t, creds, req, verbose, timestamp),
        )
        .await
        .unwrap_or_else(|_| {
            Err(Failure {
                error: Error::Transport(format!(
                    "no answer from {} within the retry budget of {} (--retry-budget)",
                    t.endpoint.url,
                    humantime::format_duration(policy.budget)
                )),
                processed: Processed::Maybe,
                permanent: true,
            })
        });
        let (what, last, processed) = match exchanged {
            Ok(http) => match judge(t, &http) {
                Step::Done(live::Answer::ApiError { code, .. })
                    if code == "AuthFailure.SignatureExpire" =>
                {
                    let local = unix_now();
                    match http.date.as_deref().and_then(|d| clock_offset(d, local)) {
                        Some(o) if !state.clock_corrected => {
                            crate::output::warn(
                                state.color,
                                &format!(
                                    "{}; retrying once with the API's time (fix this machine's clock: NTP)",
                                    describe_skew(o)
                                ),
                            );
                            state.offset = o;
                            state.clock_corrected = true;
                            continue;
                        }
                        _ => return Err((clock_error(&http), Processed::No)),
                    }
                }
                Step::Done(answer) => return Ok(answer),
                Step::Fail(e, processed) => return Err((e, processed)),
                Step::Retry {
                    what,
                    last,
                    processed,
                } => {
                    // An upload that may have been processed is never sent again.
                    if upload && processed == Processed::Maybe {
                        return Err((into_error(last), processed));
                    }
                    (what, last, processed)
                }
            },
            Err(f) => {
                if f.permanent || (upload && f.processed == Processed::Maybe) {
                    return Err((f.error, f.processed));
                }
                (f.error.to_string(), Err(f.error), f.processed)
            }
        };
        let wait = backoff(attempt - 1);
        if attempt >= max || Instant::now() + wait >= deadline {
            if max > 1 {
                errln!(
                    "giving up after {attempt} attempt{} ({} ms)",
                    if attempt == 1 { "" } else { "s" },
                    started.elapsed().as_millis()
                );
            }
            // A read, or a change whose last answer is the API's own: returned as it is.
            return match last {
                Ok(answer) if processed == Processed::No || policy.changes == InFlight::Nothing => {
                    Ok(answer)
                }
                last => Err((into_error(last), processed)),
            };
        }
        attempt += 1;
        errln!(
            "retry: {}; attempt {attempt} of {max} in {} ms",
            what.trim_end_matches('.'),
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
    }
}

/// The error a last outcome stands for, when it is not returned as an answer.
fn into_error(last: Result<live::Answer, Error>) -> Error {
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

fn clock_error(http: &Answer) -> Error {
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

/// The headers as a map, every value checked: a value that HTTP cannot carry (a line break
/// in a region or a token) stops the call before anything is sent.
fn header_map(hdrs: &[(&'static str, String)]) -> Result<reqwest::header::HeaderMap, Failure> {
    let mut map = reqwest::header::HeaderMap::with_capacity(hdrs.len());
    for (k, v) in hdrs {
        let value = reqwest::header::HeaderValue::from_str(v).map_err(|_| Failure {
            error: Error::Usage(format!(
                "the {k} header would contain characters HTTP cannot carry (line breaks or control characters); nothing was sent"
            )),
            processed: Processed::No,
            permanent: true,
        })?;
        map.insert(*k, value);
    }
    Ok(map)
}

/// Signs and sends one request; returns the HTTP answer or a transport failure.
async fn exchange(
    client: &reqwest::Client,
    t: &Target<'_>,
    creds: &Credentials,
    req: &Prepared,
    verbose: bool,
    timestamp: i64,
) -> Result<Answer, Failure> {
    let mut hdrs = headers(
        t,
        timestamp,
        creds.token.as_ref().map(|s| s.expose()),
        &request_client(),
    );
    let signed = tc3::sign(&tc3::SigningInput {
        secret_id: &creds.secret_id,
        secret_key: creds.secret_key.expose(),
        service: live::SERVICE,
        host: &t.endpoint.host,
        content_type: CONTENT_TYPE,
        timestamp,
        body: &req.body,
    });
    hdrs.push(("Authorization", signed.authorization));
    let map = header_map(&hdrs)?;
    if verbose {
        errp!(
            "{}",
            render_request(
                t,
                &redacted(&hdrs, &creds.secret_id),
                &req.display_body,
                "> "
            )
        );
    }
    let started = Instant::now();
    let limit = req.answer_limit;
    let result = async {
        let mut resp = client
            .post(t.endpoint.url.clone())
            .headers(map)
            .body(req.body.to_vec())
            .send()
            .await
            .map_err(|e| transport_failure(t, &e))?;
        let status = resp.status();
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (date, location) = (header("date"), header("location"));
        let headers_text: Vec<String> = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                format!(
                    "< {k}: {}",
                    crate::text::printable(&String::from_utf8_lossy(v.as_bytes()))
                )
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| transport_failure(t, &e))? {
            if body.len() + chunk.len() > limit {
                return Err(Failure {
                    error: Error::Transport(format!(
                        "the answer from {} is larger than {} KiB, more than this request can need; stopped reading",
                        t.endpoint.url,
                        limit / 1024
                    )),
                    processed: Processed::Maybe,
                    permanent: true,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((
            Answer {
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
                date,
                location,
                body,
            },
            headers_text,
        ))
    }
    .await;
    let elapsed = started.elapsed();
    let (answer, headers_text) = match result {
        Ok(a) => a,
        Err(f) => {
            if verbose {
                errln!("< (no answer after {} ms)", elapsed.as_millis());
            }
            return Err(f);
        }
    };
    if verbose {
        errln!(
            "< HTTP {} {} ({} ms)",
            answer.status,
            answer.reason,
            elapsed.as_millis()
        );
        for h in headers_text {
            errln!("{h}");
        }
        errln!("<");
        errln!(
            "{}",
            crate::text::printable_multiline(&String::from_utf8_lossy(&answer.body))
        );
    }
    Ok(answer)
}

/// reqwest's own message wraps the cause in layers ("error sending request … client error
/// (Connect) …"); the innermost error is the one that says what happened (refused, reset,
/// certificate unknown …).
fn chain(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

/// Whether a TLS failure is in the error's chain: an untrusted or invalid certificate will be
/// just as untrusted in a second. Decided by the error's type, not its words. The connector
/// wraps the TLS error in `io::Error`s, whose `source()` skips the wrapped error: those are
/// opened with `get_ref()`.
fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    // Bounded: a chain is a handful of layers.
    for _ in 0..32 {
        let Some(err) = cur else { return false };
        if err.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        cur = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    false
}

fn transport_failure(t: &Target<'_>, e: &reqwest::Error) -> Failure {
    let url = &t.endpoint.url;
    // A connect error (refused, DNS, TLS handshake, connect timeout) means the request was
    // never written: the server cannot have processed it.
    if e.is_connect() {
        return Failure {
            permanent: is_tls_failure(e),
            error: Error::Transport(format!(
                "cannot connect to {url}: {}",
                crate::text::printable(&chain(e))
            )),
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
        let text = String::from_utf8_lossy(&answer.body[..answer.body.len().min(4096)]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_masks_id_and_hides_signature_and_token() {
        let h = vec![
            ("X-TC-Token", "tok".to_string()),
            (
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKIDEXAMPLEEXAMPLE123/2023-11-14/live/tc3_request, SignedHeaders=content-type;host, Signature=abcdef".to_string(),
            ),
        ];
        let r = redacted(&h, "AKIDEXAMPLEEXAMPLE123");
        assert_eq!(r[0].1, "[redacted]");
        assert_eq!(
            r[1].1,
            "TC3-HMAC-SHA256 Credential=AKID*************E123/2023-11-14/live/tc3_request, SignedHeaders=content-type;host, Signature=[redacted]"
        );
    }
}
