//! One product's session: one kept-alive connection, the API's pace, a clock correction
//! learned once, and the keys it signs with; every call goes through the one retry rule
//! ([`crate::cloud::retry`]) within the policy and the budget's deadline.

use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::clock::unix_now;
use crate::cloud::envelope::Answer;
use crate::cloud::http::{self, BodyError, Failure, Processed, Reply, read_body};
use crate::cloud::request::{
    CONTENT_TYPE, CallOptions, Prepared, headers, redacted, render_request, request_client,
};
use crate::cloud::retry::{
    Next, Policy, Retries, Step, classify, clock_error, clock_offset, into_error,
};
use crate::cloud::{KeySource, Keys, tc3};
use crate::error::Error;
use crate::output::{errln, errp};
use crate::signals::InFlight;
use crate::text::printable;

/// The least time between two starts of one action of a product allowing `per_second` of
/// them (its [`crate::cloud::Product::per_second`]): a second's share plus a 2 ms margin for
/// jitter on the way, so any one-second window holds at most `per_second` of them — every
/// 52 ms for Live's 20 a second, every 102 ms for the SSL service's 10.
pub fn min_interval(per_second: u32) -> Duration {
    Duration::from_millis(1000 / u64::from(per_second.max(1)) + 2)
}

/// How a session shows itself on stderr.
#[derive(Debug, Clone, Copy)]
pub struct Trace {
    /// `-v`: every request and answer (secrets redacted), or only that a call was made for a
    /// product whose calls carry credentials.
    pub verbose: bool,
    /// Colour for the warning label.
    pub color: bool,
}

/// What a series of calls to one product shares.
pub struct Session {
    options: CallOptions,
    trace: Trace,
    client: reqwest::Client,
    /// None: unsigned calls (`Authorization: SKIP`, as the SDK sends
    /// AssumeRoleWithWebIdentity).
    keys: Option<Rc<dyn KeySource>>,
    runtime: Rc<tokio::runtime::Runtime>,
    /// Seconds to add to our clock, learned once from a SignatureExpire answer.
    offset: i64,
    clock_corrected: bool,
    /// When the last request of each action started: the API's limit is per action.
    last_start: Vec<(String, Instant)>,
}

impl Session {
    pub fn new(
        options: CallOptions,
        trace: Trace,
        proxy: Option<&crate::proxy::Choice>,
        keys: Option<Rc<dyn KeySource>>,
        runtime: Rc<tokio::runtime::Runtime>,
    ) -> Result<Self, Error> {
        let client = http::client(
            &options.endpoint.url,
            options.timeout,
            options.timeout,
            proxy,
        )?;
        Ok(Session {
            options,
            trace,
            client,
            keys,
            runtime,
            offset: 0,
            clock_corrected: false,
            last_start: Vec::new(),
        })
    }

    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// Now, in unix seconds, as the service's clock has it: this machine's, corrected by the
    /// offset a `SignatureExpire` answer taught the session.
    pub fn now(&self) -> i64 {
        unix_now() + self.offset
    }

    /// [`Session::send`], waited for; SIGINT/SIGTERM end the process from `signals`, with
    /// words that depend on what is in flight.
    pub fn call(&mut self, action: &str, req: &Prepared, policy: Policy) -> Result<Answer, Error> {
        let _flight = crate::signals::in_flight(policy.changes);
        let runtime = self.runtime.clone();
        runtime.block_on(self.send(action, req, policy))
    }

    /// Sends the request until it gets an answer worth returning: retries what the policy
    /// allows (each attempt signed anew), corrects the clock once on
    /// `AuthFailure.SignatureExpire`, keeps to the API's pace and to the retry budget.
    /// Returns the API's envelope or the error to report: a change that may have been
    /// processed is [`Error::MaybeApplied`].
    pub async fn send(
        &mut self,
        action: &str,
        req: &Prepared,
        policy: Policy,
    ) -> Result<Answer, Error> {
        let options = self.options.clone();
        let into = |a: Answer| into_error(&options, action, a);
        let mut retries = Retries::new(policy);
        let outcome = loop {
            let step = match tokio::time::timeout_at(
                retries.deadline().into(),
                self.attempt(action, req, policy),
            )
            .await
            {
                Ok(step) => step,
                Err(_) => {
                    break retries.out_of_budget(
                        Error::Transport(format!(
                            "no answer from {} within the retry budget of {} (--retry-budget)",
                            options.endpoint.url,
                            humantime::format_duration(policy.budget)
                        )),
                        into,
                    );
                }
            };
            match retries.after(step, into).await {
                Next::Again => continue,
                Next::Stop(outcome) => break outcome,
            }
        };
        let written = retries.written();
        outcome.map_err(|(error, processed)| match (processed, policy.changes) {
            (Processed::Maybe, InFlight::Change | InFlight::Upload) => Error::MaybeApplied {
                upload: policy.changes == InFlight::Upload,
                cause: Box::new(error),
            },
            // No attempt reached the server: a change can say for sure that nothing changed.
            (Processed::Unsent, InFlight::Change | InFlight::Upload) if !written => {
                Error::NothingBound {
                    cause: Box::new(error),
                    because: if policy.changes == InFlight::Upload {
                        "no request reached the API, so no certificate was uploaded and nothing \
                         was bound"
                    } else {
                        "no request reached the API, so nothing was bound"
                    },
                }
            }
            _ => error,
        })
    }

    /// One attempt: fresh keys, the pace, the signature, the exchange, and what it came to.
    async fn attempt(&mut self, action: &str, req: &Prepared, policy: Policy) -> Step<Answer> {
        // Temporary keys that would expire before this request are fetched again first.
        let keys = match &self.keys {
            Some(source) => match source.keys().await {
                Ok(k) => Some(k),
                Err(e) => return Step::Fail(e, Processed::No),
            },
            None => None,
        };
        self.pace(action).await;
        let timestamp = unix_now() + self.offset;
        let http = match self.exchange(action, keys.as_ref(), req, timestamp).await {
            Ok(http) => http,
            Err(f) if f.permanent => return Step::Fail(f.error, f.processed),
            Err(f) => {
                return Step::Retry {
                    what: if self.options.product.opaque {
                        format!("{action}: {}", f.error)
                    } else {
                        f.error.to_string()
                    },
                    last: Err(f.error),
                    processed: f.processed,
                };
            }
        };
        match classify(&self.options, action, policy.changes, &http) {
            Step::Done(Answer::Refused { code, .. }) if code == "AuthFailure.SignatureExpire" => {
                let local = unix_now();
                let skew = http.date.as_deref().and_then(|d| clock_offset(d, local));
                match skew {
                    Some(o)
                        if !self.clock_corrected
                            && o.unsigned_abs() >= crate::error::CLOCK_AGREES_SECS =>
                    {
                        crate::output::warn(
                            self.trace.color,
                            &format!(
                                "{}; retrying once with the API's time (fix this machine's clock: NTP)",
                                crate::clock::describe_skew(o)
                            ),
                        );
                        self.offset = o;
                        self.clock_corrected = true;
                        Step::Again
                    }
                    // Refused again with the API's time: the correction is what to report.
                    _ if self.clock_corrected => Step::Fail(
                        clock_error(&self.options, action, &http, Some(self.offset), true),
                        Processed::No,
                    ),
                    _ => Step::Fail(
                        clock_error(&self.options, action, &http, skew, false),
                        Processed::No,
                    ),
                }
            }
            step => step,
        }
    }

    /// Waits until `action` may start again (one request per action every
    /// [`min_interval`] of the product's limit: 52 ms for Live's 20 per second), then records
    /// the start.
    async fn pace(&mut self, action: &str) {
        let interval = min_interval(self.options.product.per_second);
        match self.last_start.iter_mut().find(|(a, _)| a == action) {
            Some((_, last)) => {
                // An instant already past returns at once.
                tokio::time::sleep_until((*last + interval).into()).await;
                *last = Instant::now();
            }
            None => self.last_start.push((action.to_string(), Instant::now())),
        }
    }

    /// Signs and sends one request; returns the HTTP reply or a transport failure.
    async fn exchange(
        &self,
        action: &str,
        keys: Option<&Keys>,
        req: &Prepared,
        timestamp: i64,
    ) -> Result<Reply, Failure> {
        let o = &self.options;
        let verbose = self.trace.verbose;
        let opaque = o.product.opaque;
        let mut hdrs = headers(
            o,
            action,
            timestamp,
            keys.and_then(|k| k.token.as_ref()).map(|s| s.expose()),
            &request_client(),
        );
        match keys {
            Some(keys) => {
                let signed = tc3::sign(&tc3::SigningInput {
                    secret_id: &keys.secret_id,
                    secret_key: keys.secret_key.expose(),
                    service: o.product.service,
                    host: &o.endpoint.host,
                    content_type: CONTENT_TYPE,
                    timestamp,
                    body: &req.body,
                });
                // As good as the key for replaying this request: never printed, even quoted back.
                crate::redact::register(&signed.signature);
                hdrs.push(("Authorization", signed.authorization));
            }
            None => hdrs.push(("Authorization", "SKIP".into())),
        }
        let map = http::header_map(&hdrs).map_err(|k| Failure {
            error: Error::Usage(format!(
                "the {k} header would contain characters HTTP cannot carry (line breaks or control characters); nothing was sent"
            )),
            processed: Processed::No,
            permanent: true,
        })?;
        if verbose && opaque {
            http::trace_opaque_request(&reqwest::Method::POST, &o.endpoint.url, action);
        } else if verbose {
            let id = keys.map(|k| k.secret_id.as_str()).unwrap_or_default();
            errp!(
                "{}",
                render_request(o, &redacted(&hdrs, id), &req.display_body, "> ")
            );
        }
        let started = Instant::now();
        let limit = req.answer_limit;
        let failure = |e: &reqwest::Error| http::transport_failure(&o.endpoint.url, o.timeout, e);
        let result = async {
            let mut resp = self
                .client
                .post(o.endpoint.url.clone())
                .headers(map)
                .body(req.body.to_vec())
                .send()
                .await
                .map_err(|e| failure(&e))?;
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
                        printable(&String::from_utf8_lossy(v.as_bytes()))
                    )
                })
                .collect();
            let mut body = Vec::new();
            read_body(&mut resp, &mut body, limit)
                .await
                .map_err(|e| match e {
                    BodyError::Transport(e) => failure(&e),
                    BodyError::TooLarge => Failure {
                        error: Error::Transport(format!(
                            "the answer from {} is larger than {} KiB, more than this request can need; stopped reading",
                            o.endpoint.url,
                            limit / 1024
                        )),
                        processed: Processed::Maybe,
                        permanent: true,
                    },
                })?;
            Ok((
                Reply {
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
        let (reply, headers_text) = match result {
            Ok(a) => a,
            Err(f) => {
                if verbose {
                    errln!("< (no answer after {} ms)", elapsed.as_millis());
                }
                return Err(f);
            }
        };
        if verbose && opaque {
            http::trace_opaque_answer(reply.status, reply.body.len());
        } else if verbose {
            errln!(
                "< HTTP {} {} ({} ms)",
                reply.status,
                reply.reason,
                elapsed.as_millis()
            );
            for h in headers_text {
                errln!("{h}");
            }
            errln!("<");
            errln!(
                "{}",
                crate::text::printable_multiline(&String::from_utf8_lossy(&reply.body))
            );
        }
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_product_is_paced_to_its_own_limit() {
        assert_eq!(
            min_interval(20),
            Duration::from_millis(52),
            "Live's 20 a second"
        );
        assert_eq!(
            min_interval(10),
            Duration::from_millis(102),
            "SSL's 10 a second"
        );
        assert_eq!(
            min_interval(0),
            Duration::from_millis(1002),
            "never a division by 0"
        );
        assert_eq!(crate::api::live::LIVE.per_second, 20);
        assert_eq!(crate::api::ssl::SSL.per_second, 10);
    }
}
