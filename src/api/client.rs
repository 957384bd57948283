//! The signed POST: one session per command (one kept-alive connection, the API's pace, a
//! clock correction learned once), retries within the policy and the budget's deadline.

use std::time::{Duration, Instant};

use crate::api::answer::{
    Answer, Failure, Processed, Step, chain, clock_error, clock_offset, describe_skew, into_error,
    judge, transport_failure,
};
use crate::api::live;
use crate::api::request::{
    CONTENT_TYPE, Prepared, Target, headers, redacted, render_request, request_client,
};
use crate::api::tc3;
use crate::clock::unix_now;
use crate::credentials::Credentials;
use crate::credentials::fetch::Creds;
use crate::error::Error;
use crate::output::{errln, errp};
use crate::signals::InFlight;

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
    creds: &'a Creds,
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

/// The HTTP client every call goes through: rustls with the roots of [`crate::roots`], the
/// timeouts, no redirects (a request
/// carrying a signature and maybe a private key goes to the endpoint and nowhere else), and
/// the proxy decided by [`crate::proxy::decide`] instead of the library's own reading of the
/// environment. `localhost` names (of `url` and of the proxy) go to the loopback addresses,
/// never to what the resolver says of them. The credential services' calls
/// (`credentials::fetch`) use it too.
pub(crate) fn http_client(
    url: &reqwest::Url,
    timeout: Duration,
    connect_timeout: Duration,
    proxy: Option<&crate::proxy::Choice>,
) -> Result<reqwest::Client, Error> {
    // The roots tclive loaded itself (bounded, once per run), never the library's own.
    let roots = crate::roots::trusted(timeout)?.store.clone();
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(rustls::DEFAULT_VERSIONS)
    .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let mut builder = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .timeout(timeout)
        .connect_timeout(connect_timeout.min(timeout))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    for name in std::iter::once(url)
        .chain(proxy.map(|p| &p.url))
        .filter_map(crate::endpoint::localhost_name)
    {
        builder = builder.resolve_to_addrs(name, &crate::endpoint::LOOPBACK);
    }
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

/// The headers as a map, every value checked: a value that HTTP cannot carry (a line break
/// in a region or a token) is refused before anything is sent. `Err` names the header.
pub(crate) fn header_map(
    hdrs: &[(&'static str, String)],
) -> Result<reqwest::header::HeaderMap, &'static str> {
    let mut map = reqwest::header::HeaderMap::with_capacity(hdrs.len());
    for (k, v) in hdrs {
        let value = reqwest::header::HeaderValue::from_str(v).map_err(|_| *k)?;
        map.insert(*k, value);
    }
    Ok(map)
}

/// Why an answer's body was not read whole.
pub(crate) enum BodyError {
    /// More than the limit: reading stopped there.
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads `resp`'s body into `body`, stopping before it would pass `limit` bytes.
pub(crate) async fn read_body(
    resp: &mut reqwest::Response,
    body: &mut Vec<u8>,
    limit: usize,
) -> Result<(), BodyError> {
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(())
}

impl<'a> Session<'a> {
    pub fn new(
        endpoint: &reqwest::Url,
        timeout: Duration,
        proxy: Option<&crate::proxy::Choice>,
        creds: &'a Creds,
        verbose: bool,
        color: bool,
    ) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
        let client = http_client(endpoint, timeout, timeout, proxy)?;
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

async fn attempts(
    client: &reqwest::Client,
    state: &mut State<'_>,
    t: &Target<'_>,
    req: &Prepared,
    policy: Policy,
) -> Result<live::Answer, (Error, Processed)> {
    let verbose = state.verbose;
    let started = Instant::now();
    let deadline = started + policy.budget;
    let max = policy.max_attempts.max(1);
    let upload = policy.changes == InFlight::Upload;
    let mut attempt = 1;
    // The API's last answer to an earlier attempt, for when the budget ends one in flight.
    let mut previous: Option<Result<live::Answer, Error>> = None;
    loop {
        // Temporary keys that would expire before this request are fetched again first.
        let creds = state.creds.fresh().await.map_err(|e| (e, Processed::No))?;
        state.pace(t.action).await;
        let timestamp = unix_now() + state.offset;
        let exchanged = match tokio::time::timeout_at(
            deadline.into(),
            exchange(client, t, &creds, req, verbose, timestamp),
        )
        .await
        {
            Ok(exchanged) => exchanged,
            // The budget ran out with this attempt in flight: report the last answer the
            // API gave, if an earlier attempt had one, else the budget itself.
            Err(_) => {
                let last = previous.take().unwrap_or_else(|| {
                    Err(Error::Transport(format!(
                        "no answer from {} within the retry budget of {} (--retry-budget)",
                        t.endpoint.url,
                        humantime::format_duration(policy.budget)
                    )))
                });
                return give_up(attempt, max, started, last, Processed::Maybe, policy);
            }
        };
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
            return give_up(attempt, max, started, last, processed, policy);
        }
        // Only an answer of the API's own is worth reporting if the budget runs out later.
        if last.is_ok() {
            previous = Some(last);
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
    // As good as the key for replaying this request: never printed, even quoted back.
    crate::redact::register(&signed.signature);
    hdrs.push(("Authorization", signed.authorization));
    let map = header_map(&hdrs).map_err(|k| Failure {
        error: Error::Usage(format!(
            "the {k} header would contain characters HTTP cannot carry (line breaks or control characters); nothing was sent"
        )),
        processed: Processed::No,
        permanent: true,
    })?;
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
        read_body(&mut resp, &mut body, limit)
            .await
            .map_err(|e| match e {
                BodyError::Transport(e) => transport_failure(t, &e),
                BodyError::TooLarge => Failure {
                    error: Error::Transport(format!(
                        "the answer from {} is larger than {} KiB, more than this request can need; stopped reading",
                        t.endpoint.url,
                        limit / 1024
                    )),
                    processed: Processed::Maybe,
                    permanent: true,
                },
            })?;
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

/// The end of the retries: one line saying so, and the last outcome — a read's (or an
/// unprocessed change's) answer as it is, else the error it stands for.
fn give_up(
    attempt: u32,
    max: u32,
    started: Instant,
    last: Result<live::Answer, Error>,
    processed: Processed,
    policy: Policy,
) -> Result<live::Answer, (Error, Processed)> {
    if max > 1 {
        errln!(
            "giving up after {attempt} attempt{} ({} ms)",
            if attempt == 1 { "" } else { "s" },
            started.elapsed().as_millis()
        );
    }
    match last {
        Ok(answer) if processed == Processed::No || policy.changes == InFlight::Nothing => {
            Ok(answer)
        }
        last => Err((into_error(last), processed)),
    }
}
