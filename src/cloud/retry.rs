//! The one retry rule of every call tclive makes to a web service: how hard to try
//! ([`Policy`]), what one exchange came to ([`Step`], judged by [`classify`] for the API:
//! by status, API code and error type, never by the words of a message), and what follows
//! from it ([`Retries`]: another attempt after a jittered backoff, within the attempts and the
//! budget's deadline, or the outcome to report — with whether the server can have processed
//! the request).

use std::time::{Duration, Instant};

use crate::cloud::envelope::{self, Answer};
use crate::cloud::http::{Processed, Reply};
use crate::cloud::request::CallOptions;
use crate::error::Error;
use crate::output::errln;
use crate::signals::InFlight;
use crate::text::printable;

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
    /// the request, so it is retried only when it certainly was not processed), or a store
    /// of a certificate that refuses duplicates (retried like a read).
    pub changes: InFlight,
}

/// Backoff: full jitter over an exponential window (500 ms, 1 s, 2 s … capped at 10 s).
pub fn backoff(retry: u32) -> Duration {
    let window_ms = 500u64.saturating_mul(1u64 << retry.min(10)).min(10_000);
    Duration::from_millis(fastrand::u64(0..=window_ms))
}

/// Whether `code` is a rate limit: refused before it was processed, by every product.
pub fn rate_limited(code: &str) -> bool {
    code.starts_with("RequestLimitExceeded") || code == "LimitExceeded.RateLimitExceeded"
}

/// What one exchange came to.
pub(crate) enum Step<T> {
    /// Return this.
    Done(T),
    /// Worth another attempt (if the policy and the budget allow); the last outcome if not.
    Retry {
        what: String,
        last: Result<T, Error>,
        processed: Processed,
    },
    /// Stop with this error.
    Fail(Error, Processed),
    /// Send again at once, without counting an attempt (the clock was corrected).
    Again,
}

/// Where a series of attempts stands.
pub(crate) struct Retries<T> {
    policy: Policy,
    started: Instant,
    deadline: Instant,
    attempt: u32,
    /// The API's last answer to an earlier attempt, for when the budget ends one in flight.
    previous: Option<T>,
    /// An earlier attempt was written: something reached the server.
    written: bool,
    /// An earlier attempt may have been processed: whatever the last one came to, the
    /// request may have been.
    maybe_processed: bool,
}

/// What follows an attempt.
pub(crate) enum Next<T> {
    /// Send it again.
    Again,
    /// The outcome: an answer, or the error and whether the request may have been processed.
    Stop(Result<T, (Error, Processed)>),
}

impl<T> Retries<T> {
    pub(crate) fn new(policy: Policy) -> Self {
        let started = Instant::now();
        Retries {
            policy,
            started,
            deadline: started + policy.budget,
            attempt: 1,
            previous: None,
            written: false,
            maybe_processed: false,
        }
    }

    /// Whether any attempt so far was written (or may have been: one in flight when the
    /// budget ended).
    pub(crate) fn written(&self) -> bool {
        self.written
    }

    /// When the budget ends: the attempt in flight then is given up.
    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    fn max(&self) -> u32 {
        self.policy.max_attempts.max(1)
    }

    /// What follows `step`: the outcome, or another attempt after the backoff's wait (slept
    /// here, the line on stderr said first). `into_error` turns an answer that is not
    /// returned into the error it stands for. A request that uploads is never sent again once
    /// it may have been processed.
    pub(crate) async fn after(
        &mut self,
        step: Step<T>,
        into_error: impl Fn(T) -> Error,
    ) -> Next<T> {
        let (what, last, processed) = match step {
            Step::Done(answer) => return Next::Stop(Ok(answer)),
            Step::Fail(e, processed) => {
                self.written |= processed != Processed::Unsent;
                return Next::Stop(Err((e, processed)));
            }
            Step::Again => {
                self.written = true;
                return Next::Again;
            }
            Step::Retry {
                what,
                last,
                processed,
            } => (what, last, processed),
        };
        self.written |= processed != Processed::Unsent;
        if self.policy.changes == InFlight::Upload && processed == Processed::Maybe {
            return Next::Stop(Err((Self::error(last, &into_error), processed)));
        }
        let wait = backoff(self.attempt - 1);
        if self.attempt >= self.max() || Instant::now() + wait >= self.deadline {
            return Next::Stop(self.give_up(last, processed, &into_error));
        }
        self.maybe_processed |= processed == Processed::Maybe;
        // Only an answer of the API's own is worth reporting if the budget runs out later.
        if let Ok(answer) = last {
            self.previous = Some(answer);
        }
        self.attempt += 1;
        errln!(
            "retry: {}; attempt {} of {} in {} ms",
            what.trim_end_matches('.'),
            self.attempt,
            self.max(),
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
        Next::Again
    }

    /// The budget ran out with an attempt in flight: the last answer the API gave, if an
    /// earlier attempt had one, else `error` (the budget itself).
    pub(crate) fn out_of_budget(
        &mut self,
        error: Error,
        into_error: impl Fn(T) -> Error,
    ) -> Result<T, (Error, Processed)> {
        let last = self.previous.take().map(Ok).unwrap_or(Err(error));
        self.written = true;
        self.give_up(last, Processed::Maybe, &into_error)
    }

    fn error(last: Result<T, Error>, into_error: &impl Fn(T) -> Error) -> Error {
        match last {
            Ok(answer) => into_error(answer),
            Err(e) => e,
        }
    }

    /// The end of the retries: one line saying so, and the last outcome — a read's (or an
    /// unprocessed change's) answer as it is, else the error it stands for.
    fn give_up(
        &self,
        last: Result<T, Error>,
        processed: Processed,
        into_error: &impl Fn(T) -> Error,
    ) -> Result<T, (Error, Processed)> {
        if self.max() > 1 {
            errln!(
                "giving up after {} attempt{} ({} ms)",
                self.attempt,
                if self.attempt == 1 { "" } else { "s" },
                self.started.elapsed().as_millis()
            );
        }
        // An earlier attempt that may have been processed outweighs a last one that was not
        // (written once and lost, then refused a connection).
        let processed = if self.maybe_processed {
            Processed::Maybe
        } else {
            processed
        };
        match last {
            Ok(answer)
                if processed != Processed::Maybe || self.policy.changes == InFlight::Nothing =>
            {
                Ok(answer)
            }
            last => Err((Self::error(last, into_error), processed)),
        }
    }
}

/// Judges one HTTP reply to `action`: a redirect is never followed, a retryable code or
/// status is worth another attempt, anything else is the answer or the error it is.
pub(crate) fn classify(
    o: &CallOptions,
    action: &str,
    changes: InFlight,
    http: &Reply,
) -> Step<Answer> {
    if (300..400).contains(&http.status) {
        return Step::Fail(redirect_error(o, changes, http), Processed::No);
    }
    // A credential service's words are not repeated: the action and the code say enough.
    let what = |detail: String| {
        if o.product.opaque {
            format!("{action}: {detail}")
        } else {
            detail
        }
    };
    match interpret(o, http) {
        Ok(Answer::Refused {
            envelope,
            code,
            message,
        }) if o.product.retryable(&code) => Step::Retry {
            what: what(if o.product.opaque {
                printable(&crate::text::excerpt(&code, 80))
            } else {
                format!("{}: {}", printable(&code), printable(&message))
            }),
            processed: if rate_limited(&code) {
                Processed::No
            } else {
                Processed::Maybe
            },
            last: Ok(Answer::Refused {
                envelope,
                code,
                message,
            }),
        },
        Ok(answer) => Step::Done(answer),
        Err(e) if matches!(http.status, 429 | 500 | 502 | 503 | 504) => Step::Retry {
            what: what(format!("HTTP {} {}", http.status, http.reason)),
            processed: if http.status == 429 {
                Processed::No
            } else {
                Processed::Maybe
            },
            last: Err(e),
        },
        // A store that refuses duplicates is safe to send again whatever it came to: an
        // answer that is not the API's JSON is worth another attempt.
        Err(e) if changes == InFlight::Store && http.status == 200 => Step::Retry {
            what: what(e.to_string()),
            processed: Processed::Maybe,
            last: Err(e),
        },
        Err(e) => Step::Fail(e, Processed::Maybe),
    }
}

fn redirect_error(o: &CallOptions, changes: InFlight, http: &Reply) -> Error {
    if o.product.opaque {
        return Error::Transport(format!(
            "{} answered with a redirect (HTTP {}); not followed: credentials are asked of \
             that address and no other",
            o.endpoint.url, http.status
        ));
    }
    let to = http
        .location
        .as_deref()
        .map(|l| match o.endpoint.url.join(l) {
            Ok(u) => printable(u.host_str().unwrap_or("?")),
            Err(_) => "an invalid Location".into(),
        })
        .unwrap_or_else(|| "nowhere (no Location header)".into());
    Error::Transport(format!(
        "HTTP {} {} from {}: it redirects to {to}; tclive never follows redirects, so nothing \
         was sent there{}",
        http.status,
        http.reason,
        o.endpoint.url,
        // A change request is a bind (see `InFlight`).
        if changes != InFlight::Nothing {
            " and the request was not processed as a bind"
        } else {
            ""
        }
    ))
}

/// The error an answer stands for, when it is not returned as one.
pub(crate) fn into_error(o: &CallOptions, action: &str, answer: Answer) -> Error {
    match answer {
        Answer::Refused {
            envelope,
            code,
            message,
        } => o
            .product
            .refusal(action, &code, &message, envelope.request_id.as_deref()),
        Answer::Ok(envelope) => Error::Other(format!(
            "unexpected answer (RequestId {})",
            printable(envelope.request_id.as_deref().unwrap_or("-"))
        )),
    }
}

/// The error of an `AuthFailure.SignatureExpire` answer tclive does not correct: what its
/// Date header showed (`skew`, None: nothing usable) and whether it came `again` after a
/// correction.
pub(crate) fn clock_error(
    o: &CallOptions,
    action: &str,
    http: &Reply,
    skew: Option<i64>,
    again: bool,
) -> Error {
    let (code, message, request_id) = match envelope::parse(&http.body) {
        Ok(Answer::Refused {
            envelope,
            code,
            message,
        }) => (code, message, envelope.request_id),
        _ => ("AuthFailure.SignatureExpire".into(), String::new(), None),
    };
    Error::Clock {
        refusal: Box::new(
            o.product
                .refusal(action, &code, &message, request_id.as_deref()),
        ),
        skew,
        again,
    }
}

/// The offset of the API's clock from ours, from an HTTP `Date` header.
pub fn clock_offset(date: &str, local_now: i64) -> Option<i64> {
    let server = httpdate::parse_http_date(date.trim()).ok()?;
    let server = server.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(server - local_now)
}

/// Turns an HTTP reply into the API's envelope, or the transport error it is.
pub fn interpret(o: &CallOptions, reply: &Reply) -> Result<Answer, Error> {
    if reply.status != 200 {
        // The whole body: secrets are scrubbed before it is cut, so no part of one is left.
        let text = String::from_utf8_lossy(&reply.body);
        let snippet: String = printable(text.trim()).chars().take(200).collect();
        return Err(Error::Transport(format!(
            "HTTP {} {} from {}{}",
            reply.status,
            reply.reason,
            o.endpoint.url,
            if snippet.is_empty() {
                String::new()
            } else {
                format!(": {snippet}")
            }
        )));
    }
    envelope::parse(&reply.body)
        .map_err(|why| Error::Transport(format!("{why}, from {}", o.endpoint.url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lost(processed: Processed) -> Step<()> {
        Step::Retry {
            what: "lost".into(),
            last: Err(Error::Transport("lost".into())),
            processed,
        }
    }

    /// A change written once and lost, then refused a connection, may have been processed:
    /// the last attempt's "never written" does not speak for the first.
    #[tokio::test(flavor = "current_thread")]
    async fn an_earlier_written_attempt_outweighs_a_last_unsent_one() {
        let policy = Policy {
            max_attempts: 2,
            budget: Duration::from_secs(60),
            changes: InFlight::Change,
        };
        let mut r = Retries::new(policy);
        assert!(matches!(
            r.after(lost(Processed::Maybe), |_| unreachable!()).await,
            Next::Again
        ));
        match r.after(lost(Processed::Unsent), |_| unreachable!()).await {
            Next::Stop(Err((_, processed))) => assert_eq!(processed, Processed::Maybe),
            _ => panic!("expected the end of the retries"),
        }
        assert!(r.written());

        // Never written on any attempt: unsent, and said so.
        let mut r = Retries::new(policy);
        assert!(matches!(
            r.after(lost(Processed::Unsent), |_| unreachable!()).await,
            Next::Again
        ));
        match r.after(lost(Processed::Unsent), |_| unreachable!()).await {
            Next::Stop(Err((_, processed))) => assert_eq!(processed, Processed::Unsent),
            _ => panic!("expected the end of the retries"),
        }
        assert!(!r.written());
    }
}
