//! What one address serves, judged against what was expected of it: the row of `cert probe`,
//! and the word `cert bind --wait-served` says of an address still serving another leaf.

use std::time::Duration;

use crate::probe::Served;
use crate::probe::engine::Seen;
use crate::text::printable;

/// What one address came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Verdict {
    /// Serves what was expected, trusted and not expiring.
    #[serde(rename = "ok")]
    Ok,
    #[serde(rename = "problem")]
    Problem,
    #[serde(rename = "no handshake")]
    NoHandshake,
}

impl Verdict {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Problem => "problem",
            Verdict::NoHandshake => "no handshake",
        }
    }
}

/// What one row of `cert probe` says, judged against what was expected.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ProbeRow {
    pub domain: String,
    pub address: Option<String>,
    pub tls: Option<String>,
    pub result: Verdict,
    pub problems: Vec<String>,
    pub error: Option<String>,
    pub served: Option<Served>,
    pub expected: Option<String>,
}

/// The leaf expected for a domain: a fingerprint, or why none can be had.
#[derive(Debug, Clone)]
pub(crate) enum Expected {
    Any,
    Leaf(String),
    Unknown(String),
}

/// The row of what `seen` shows for `domain`: its problems, if any (`window`: a leaf expiring
/// within it is one).
pub(crate) fn row(
    domain: &str,
    seen: &Seen,
    expected: &Expected,
    window: Option<Duration>,
) -> ProbeRow {
    let address = seen.address.map(|a| a.to_string());
    let (h, served) = match &seen.outcome {
        Err(e) => {
            return ProbeRow {
                domain: domain.to_string(),
                address,
                tls: None,
                result: Verdict::NoHandshake,
                problems: Vec::new(),
                error: Some(e.clone()),
                served: None,
                expected: None,
            };
        }
        Ok(x) => x,
    };
    let mut problems = Vec::new();
    let expected_fp = match expected {
        Expected::Leaf(f) => Some(f.clone()),
        _ => None,
    };
    match served {
        None => problems.push("the served certificate cannot be parsed".to_string()),
        Some(s) => {
            use crate::probe::Distrust;
            let names = || crate::text::excerpt(&s.names.join(", "), 80);
            match s.distrust {
                None => {}
                Some(Distrust::SelfSigned) => {
                    problems
                        .push("self-signed: players and browsers will not trust it".to_string());
                    // Self-signed says nothing of the dates, which the verifier may not have
                    // reached.
                    if s.not_after_unix < crate::clock::unix_now() {
                        problems.push("not trusted: expired".to_string());
                    }
                }
                // Said once, with the names, below; unless the verifier and tclive's own
                // reading of the names disagree (a name only in the subject's CN).
                Some(Distrust::NameMismatch) if !s.covers => {}
                Some(Distrust::NameMismatch) => problems.push(format!(
                    "name mismatch: the certificate is not valid for {domain} (its names: {})",
                    names()
                )),
                Some(Distrust::Other) => problems.push("not trusted".to_string()),
                Some(d) => problems.push(format!("not trusted: {}", d.as_str())),
            }
            if !s.covers {
                problems.push(format!(
                    "name mismatch: its names ({}) do not cover {domain}",
                    names()
                ));
            }
            match expected {
                Expected::Leaf(f) if *f != s.fingerprint => problems.push(format!(
                    "serves {}, expected {}",
                    crate::check::short_fingerprint(&s.fingerprint),
                    crate::check::short_fingerprint(f)
                )),
                Expected::Unknown(why) => problems.push(why.clone()),
                _ => {}
            }
            if let Some(w) = window
                && s.not_after_unix <= crate::clock::unix_now().saturating_add(w.as_secs() as i64)
                && s.distrust != Some(crate::probe::Distrust::Expired)
            {
                problems.push(format!("expires in {} days", s.days_left.max(0)));
            }
        }
    }
    ProbeRow {
        domain: domain.to_string(),
        address,
        tls: Some(h.clone()),
        result: if problems.is_empty() {
            Verdict::Ok
        } else {
            Verdict::Problem
        },
        problems: problems.iter().map(|p| printable(p)).collect(),
        error: None,
        served: served.clone(),
        expected: expected_fp,
    }
}

/// What an address serves instead of the expected leaf; None when it serves that leaf.
pub(crate) fn stale(seen: &Seen, expected: &Expected) -> Option<String> {
    let at = seen.address.map(|a| format!(" at {a}")).unwrap_or_default();
    match (&seen.outcome, expected) {
        (_, Expected::Unknown(why)) => Some(why.clone()),
        (Ok((_, Some(served))), Expected::Leaf(f)) if served.fingerprint == *f => None,
        (Ok((_, Some(served))), Expected::Leaf(f)) => Some(format!(
            "serves {}{at} (expires {}), not {}",
            crate::check::short_fingerprint(&served.fingerprint),
            served.not_after,
            crate::check::short_fingerprint(f)
        )),
        (Ok((_, None)), _) => Some(format!("serves a certificate that cannot be parsed{at}")),
        (Err(e), _) => Some(format!("no handshake{at}: {e}")),
        (Ok(_), Expected::Any) => None,
    }
}
