//! Idempotent binds: from each domain's current binding and the wanted one, decide what to do.
//! Pure: values in, decisions out.

use crate::domain::Https;

/// The certificate a bind wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// No certificate: only switch HTTPS.
    None,
    CloudId(String),
    /// A key pair, known by its leaf's SHA-256 fingerprint, its expiry (UTC, as
    /// `clock::utc` writes it) for when the bound certificate cannot be read, and the
    /// fingerprints of the chain as it is sent (the leaf first, in issuer order).
    Fingerprint(String, String, Vec<String>),
}

impl Wanted {
    /// Whether `cur` already has this certificate (no certificate wanted: always). For a key
    /// pair, the whole chain bound must be the chain that would be sent: the same leaf with
    /// another chain (an intermediate missing) is not bound yet.
    pub fn is_bound(&self, cur: &Current) -> bool {
        match self {
            Wanted::None => true,
            Wanted::CloudId(id) => cur.cert_id.as_deref() == Some(id.as_str()),
            Wanted::Fingerprint(f, not_after, chain) => match &cur.fingerprint {
                Some(bound) => bound == f && cur.chain.as_ref().is_none_or(|c| c == chain),
                // The API gave a certificate that cannot be read: its expiry is what can
                // still be compared (a renewal always moves it).
                None => cur.unreadable && cur.expires.as_deref() == Some(not_after.as_str()),
            },
        }
    }

    /// When `cur` has this key pair's leaf with another chain: how many certificates are
    /// bound and how many would be sent.
    pub fn other_chain(&self, cur: &Current) -> Option<(usize, usize)> {
        match (self, &cur.fingerprint, &cur.chain) {
            (Wanted::Fingerprint(f, _, chain), Some(leaf), Some(bound))
                if leaf == f && bound != chain =>
            {
                Some((bound.len(), chain.len()))
            }
            _ => None,
        }
    }
}

/// `n certificate(s)`.
pub fn certificates(n: usize) -> String {
    format!("{n} certificate{}", if n == 1 { "" } else { "s" })
}

/// What a domain has now.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Current {
    pub cert_id: Option<String>,
    pub alias: Option<String>,
    /// UTC, as `cert list` shows it.
    pub expires: Option<String>,
    /// 1 on, 0 off; written `"on"`/`"off"` (null when unknown) in json, as `desired.https` is.
    #[serde(serialize_with = "https_text")]
    pub https: Option<i64>,
    /// The bound certificate's leaf fingerprint, read only for key-pair binds.
    pub fingerprint: Option<String>,
    /// The fingerprints of every certificate bound, the leaf first (key-pair binds only).
    pub chain: Option<Vec<String>>,
    /// A certificate is bound, but the API's copy of it could not be read.
    #[serde(skip)]
    pub unreadable: bool,
}

fn https_text<S: serde::Serializer>(https: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match crate::domain::https_word(*https) {
        "-" => s.serialize_none(),
        word => s.serialize_str(word),
    }
}

/// One requested domain on its way from the reads to the report: what was asked, what it has
/// now (None: no binding, or not read because of --force) and what will be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainPlan {
    pub spec: crate::domain::DomainSpec,
    pub current: Option<Current>,
    pub action: Action,
}

impl DomainPlan {
    /// Plans every domain against what it has now (`states`, same order).
    pub fn all(
        wanted: &Wanted,
        specs: &[crate::domain::DomainSpec],
        states: Vec<Option<Current>>,
    ) -> Vec<DomainPlan> {
        specs
            .iter()
            .zip(states)
            .map(|(spec, current)| DomainPlan {
                action: decide(wanted, spec.https, current.as_ref()),
                spec: spec.clone(),
                current,
            })
            .collect()
    }

    /// Every domain bound, whatever it has now (--force, or no permission to read).
    pub fn forced(specs: &[crate::domain::DomainSpec]) -> Vec<DomainPlan> {
        specs
            .iter()
            .map(|spec| DomainPlan {
                spec: spec.clone(),
                current: None,
                action: Action::Bind,
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Bind,
    HttpsOn,
    HttpsOff,
    Unchanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Bind => "bind",
            Action::HttpsOn => "https on",
            Action::HttpsOff => "https off",
            Action::Unchanged => "unchanged",
        }
    }
}

fn https_action(want: Https, now: Option<i64>) -> Action {
    match (want, now) {
        (Https::Keep, _) => Action::Unchanged,
        (Https::On, Some(1)) | (Https::Off, Some(0)) => Action::Unchanged,
        (Https::On, _) => Action::HttpsOn,
        (Https::Off, _) => Action::HttpsOff,
    }
}

/// Unchanged when the same certificate is already bound and the HTTPS state already matches.
pub fn decide(wanted: &Wanted, https: Https, current: Option<&Current>) -> Action {
    let Some(cur) =
        current.filter(|c| c.cert_id.is_some() || c.fingerprint.is_some() || c.unreadable)
    else {
        return match wanted {
            Wanted::None => https_action(https, None),
            _ => Action::Bind,
        };
    };
    if !wanted.is_bound(cur) {
        return Action::Bind;
    }
    https_action(https, cur.https)
}

/// Why a domain does not read back as asked, if it does not.
pub fn verify_problem(wanted: &Wanted, https: Https, cur: Option<&Current>) -> Option<String> {
    let Some(cur) = cur else {
        return Some("reads back with no certificate bound".into());
    };
    if let Some((bound, sent)) = wanted.other_chain(cur) {
        return Some(format!(
            "reads back the same leaf with a different chain ({}, {sent} sent)",
            certificates(bound)
        ));
    }
    if wanted.is_bound(cur) && https_action(https, cur.https) == Action::Unchanged {
        return None;
    }
    Some(format!(
        "reads back certificate {} with HTTPS {}",
        cur.cert_id.as_deref().unwrap_or("-"),
        crate::domain::https_word(cur.https)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(id: &str, https: i64, fp: Option<&str>) -> Current {
        Current {
            cert_id: Some(id.into()),
            https: Some(https),
            fingerprint: fp.map(str::to_string),
            ..Current::default()
        }
    }

    #[test]
    fn decisions() {
        let id = Wanted::CloudId("A".into());
        assert_eq!(decide(&id, Https::On, None), Action::Bind);
        assert_eq!(
            decide(&id, Https::On, Some(&cur("A", 1, None))),
            Action::Unchanged
        );
        assert_eq!(
            decide(&id, Https::Keep, Some(&cur("A", 0, None))),
            Action::Unchanged
        );
        assert_eq!(
            decide(&id, Https::Off, Some(&cur("A", 1, None))),
            Action::HttpsOff
        );
        assert_eq!(
            decide(&id, Https::On, Some(&cur("A", 0, None))),
            Action::HttpsOn
        );
        assert_eq!(
            decide(&id, Https::On, Some(&cur("B", 1, None))),
            Action::Bind
        );
        let fp = Wanted::Fingerprint(
            "F".into(),
            "2030-01-01T00:00:00Z".into(),
            vec!["F".into(), "I".into()],
        );
        assert_eq!(
            decide(&fp, Https::On, Some(&cur("A", 1, Some("F")))),
            Action::Unchanged
        );
        assert_eq!(
            decide(&fp, Https::On, Some(&cur("A", 1, Some("G")))),
            Action::Bind
        );
        assert_eq!(
            decide(&fp, Https::On, Some(&cur("A", 1, None))),
            Action::Bind
        );
        // The same leaf: unchanged only with the same chain, when the chain is known.
        let chained = |chain: &[&str]| Current {
            chain: Some(chain.iter().map(|c| c.to_string()).collect()),
            ..cur("A", 1, Some("F"))
        };
        assert_eq!(
            decide(&fp, Https::On, Some(&chained(&["F", "I"]))),
            Action::Unchanged
        );
        assert_eq!(decide(&fp, Https::On, Some(&chained(&["F"]))), Action::Bind);
        assert_eq!(fp.other_chain(&chained(&["F"])), Some((1, 2)));
        assert_eq!(
            decide(&fp, Https::On, Some(&chained(&["F", "J"]))),
            Action::Bind
        );
        assert_eq!(fp.other_chain(&chained(&["F", "I"])), None);
        assert_eq!(
            verify_problem(&fp, Https::On, Some(&chained(&["F", "I", "R"]))).as_deref(),
            Some("reads back the same leaf with a different chain (3 certificates, 2 sent)")
        );
        assert_eq!(
            decide(&Wanted::None, Https::Off, Some(&cur("A", 1, None))),
            Action::HttpsOff
        );
        assert_eq!(decide(&Wanted::None, Https::Keep, None), Action::Unchanged);
        assert_eq!(decide(&Wanted::None, Https::On, None), Action::HttpsOn);
    }

    #[test]
    fn a_read_back_passes_only_with_the_certificate_and_the_https_state_asked_for() {
        let cur = Current {
            cert_id: Some("NEW".into()),
            https: Some(1),
            ..Current::default()
        };
        let new = Wanted::CloudId("NEW".into());
        assert_eq!(verify_problem(&new, Https::On, Some(&cur)), None);
        assert_eq!(verify_problem(&new, Https::Keep, Some(&cur)), None);
        assert_eq!(
            verify_problem(&new, Https::Off, Some(&cur)).as_deref(),
            Some("reads back certificate NEW with HTTPS on")
        );
        assert_eq!(
            verify_problem(&Wanted::CloudId("OTHER".into()), Https::On, Some(&cur)).as_deref(),
            Some("reads back certificate NEW with HTTPS on")
        );
        assert_eq!(verify_problem(&Wanted::None, Https::On, Some(&cur)), None);
        assert_eq!(
            verify_problem(&new, Https::On, None).as_deref(),
            Some("reads back with no certificate bound")
        );
    }
}
