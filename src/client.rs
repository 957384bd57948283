//! One signed POST to the Live API: headers, signature, timeout, body limit, envelope.
//!
//! The request is described by [`Prepared`] (pure: built and rendered without any I/O, which
//! is what `--dry-run` and `-v` show); only [`send`] touches the network.

use std::time::{Duration, Instant};

use crate::credentials::{Credentials, mask_id};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::live;
use crate::tc3;

pub const CONTENT_TYPE: &str = "application/json";
/// The API refuses bodies over 10 MB; answers are far smaller. Reading stops past this.
pub const MAX_ANSWER_BYTES: usize = 10 * 1024 * 1024;

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
    pub body: Vec<u8>,
    pub display_body: serde_json::Value,
}

impl Prepared {
    /// A request without secrets: what is sent is what is shown.
    pub fn plain<T: serde::Serialize>(req: &T) -> Result<Self, Error> {
        let body = serde_json::to_vec(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        let display_body = serde_json::to_value(req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?;
        Ok(Prepared { body, display_body })
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
    pub body: Vec<u8>,
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Attempts in all, 1 = no retry.
    pub max_attempts: u32,
    /// Time allowed across all attempts and waits.
    pub budget: Duration,
    /// The request uploads a key pair: the service stores a new certificate each time it
    /// processes one, so only retry when it certainly was not processed.
    pub uploads_certificate: bool,
}

/// Backoff: full jitter over an exponential window (500 ms, 1 s, 2 s … capped at 10 s).
pub fn backoff(retry: u32) -> Duration {
    let window_ms = 500u64.saturating_mul(1u64 << retry.min(10)).min(10_000);
    Duration::from_millis(fastrand::u64(0..=window_ms))
}

/// A failed exchange, whether the request may have reached the server, and whether trying
/// again could help at all.
struct Failure {
    error: Error,
    maybe_processed: bool,
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

impl<'a> Session<'a> {
    pub fn new(
        timeout: Duration,
        creds: &'a Credentials,
        verbose: bool,
        color: bool,
    ) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| Error::Transport(format!("cannot set up HTTPS: {}", chain(&e))))?;
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
    /// `AuthFailure.SignatureExpire`, keeps to the API's pace, and stops at once on
    /// SIGINT/SIGTERM. Returns the API's envelope or the error to report.
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
        runtime.block_on(async {
            tokio::select! {
                r = attempts(client, state, t, req, policy) => r,
                // Ctrl-C or SIGTERM (cron, CI cancelling a job): stop at once, print nothing
                // on stdout, exit 130.
                _ = interrupted() => Err(Error::Interrupted),
            }
        })
    }
}

async fn attempts(
    client: &reqwest::Client,
    state: &mut State<'_>,
    t: &Target<'_>,
    req: &Prepared,
    policy: Policy,
) -> Result<live::Answer, Error> {
    let (creds, verbose) = (state.creds, state.verbose);
    let started = Instant::now();
    let max = policy.max_attempts.max(1);
    let mut attempt = 1;
    loop {
        state.pace(t.action).await;
        let timestamp = unix_now() + state.offset;
        let (what, error) = match exchange(client, t, creds, req, verbose, timestamp).await {
            Ok(http) => match interpret(t, &http) {
                Ok(live::Answer::ApiError { code, .. })
                    if code == "AuthFailure.SignatureExpire" =>
                {
                    let local = unix_now();
                    match http.date.as_deref().and_then(|d| clock_offset(d, local)) {
                        Some(o) if !state.clock_corrected => {
                            crate::text::warn(
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
                        _ => return Err(clock_error(&http)),
                    }
                }
                Ok(live::Answer::ApiError {
                    envelope,
                    code,
                    message,
                }) => {
                    let retry = retryable_code(&code)
                        && (!policy.uploads_certificate || rate_limited(&code));
                    if !retry {
                        return Ok(live::Answer::ApiError {
                            envelope,
                            code,
                            message,
                        });
                    }
                    let what = format!(
                        "{}: {}",
                        crate::text::printable(&code),
                        crate::text::printable(&message)
                    );
                    (
                        what,
                        Retryable::Answer(live::Answer::ApiError {
                            envelope,
                            code,
                            message,
                        }),
                    )
                }
                Ok(answer) => return Ok(answer),
                Err(e) => {
                    let transient = matches!(http.status, 429 | 500 | 502 | 503 | 504);
                    let retry = transient && (!policy.uploads_certificate || http.status == 429);
                    if !retry {
                        return Err(e);
                    }
                    (
                        format!("HTTP {} {}", http.status, http.reason),
                        Retryable::Error(e),
                    )
                }
            },
            Err(f) => {
                if f.maybe_processed && policy.uploads_certificate {
                    return Err(Error::Transport(format!(
                        "{}; the request had been sent, so the certificate may have been uploaded to the SSL certificate service: check it there before running again (each call with --cert/--key uploads another copy)",
                        f.error
                    )));
                }
                if f.permanent || !matches!(f.error, Error::Transport(_)) {
                    return Err(f.error);
                }
                (f.error.to_string(), Retryable::Error(f.error))
            }
        };
        let wait = backoff(attempt - 1);
        if attempt >= max || started.elapsed() + wait > policy.budget {
            if max > 1 {
                eprintln!(
                    "giving up after {attempt} attempt{} ({} ms)",
                    if attempt == 1 { "" } else { "s" },
                    started.elapsed().as_millis()
                );
            }
            return error.into_result();
        }
        attempt += 1;
        eprintln!(
            "retry: {what}; attempt {attempt} of {max} in {} ms",
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
    }
}

/// The last outcome of a retried call, returned as is when the retries run out.
enum Retryable {
    Answer(live::Answer),
    Error(Error),
}

impl Retryable {
    fn into_result(self) -> Result<live::Answer, Error> {
        match self {
            Retryable::Answer(a) => Ok(a),
            Retryable::Error(e) => Err(e),
        }
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
    if verbose {
        eprint!(
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
    let result = async {
        let mut builder = client.post(t.endpoint.url.clone());
        for (k, v) in &hdrs {
            builder = builder.header(*k, v);
        }
        let mut resp = builder
            .body(req.body.clone())
            .send()
            .await
            .map_err(|e| transport_failure(t, &e))?;
        let status = resp.status();
        let date = resp
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
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
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(Failure {
                    error: Error::Transport(format!(
                        "the answer from {} is larger than {} MiB; stopped reading",
                        t.endpoint.url,
                        MAX_ANSWER_BYTES / 1024 / 1024
                    )),
                    maybe_processed: true,
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
                eprintln!("< (no answer after {} ms)", elapsed.as_millis());
            }
            return Err(f);
        }
    };
    if verbose {
        eprintln!(
            "< HTTP {} {} ({} ms)",
            answer.status,
            answer.reason,
            elapsed.as_millis()
        );
        for h in headers_text {
            eprintln!("{h}");
        }
        eprintln!("<");
        eprintln!(
            "{}",
            crate::text::printable_multiline(&String::from_utf8_lossy(&answer.body))
        );
    }
    Ok(answer)
}

/// Resolves when SIGINT or SIGTERM arrives. If a handler cannot be installed, never resolves:
/// the default disposition still ends the process.
async fn interrupted() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
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

fn transport_failure(t: &Target<'_>, e: &reqwest::Error) -> Failure {
    let url = &t.endpoint.url;
    // A connect error (refused, DNS, TLS handshake, connect timeout) means the request was
    // never written: the server cannot have processed it.
    if e.is_connect() {
        let cause = chain(e);
        return Failure {
            // An untrusted or invalid certificate will be just as untrusted in a second.
            permanent: cause.contains("certificate"),
            error: Error::Transport(format!(
                "cannot connect to {url}: {}",
                crate::text::printable(&cause)
            )),
            maybe_processed: false,
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
        maybe_processed: true,
        permanent: false,
    }
}

/// Turns an HTTP answer into the API's envelope, or the transport error it is.
pub fn interpret(t: &Target<'_>, answer: &Answer) -> Result<live::Answer, Error> {
    if answer.status != 200 {
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
