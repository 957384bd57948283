//! Temporary keys as a credential service hands them out, and where the services are: what
//! the key holder and each protocol client (the instance role, STS, the OIDC token) share.

use std::rc::Rc;
use std::time::Duration;

use url::Url;

use super::{Secret, check_shape};
use crate::clock::{unix_now, utc};
use crate::cloud::Keys;
use crate::cloud::retry::Policy;
use crate::endpoint::Endpoint;
use crate::error::Error;

/// The largest answer read from any of the credential services (real ones are under 4 KiB).
pub(super) const MAX_ANSWER: usize = 64 * 1024;

/// Keys are fetched again when less than this is left of them (the SDK's margin for the
/// instance role), or half their lifetime when that is shorter.
const REFRESH_MARGIN: i64 = 300;

/// Where the credential services are, and how to ask them: settled by `Settings`.
#[derive(Clone)]
pub struct Net {
    /// For each request (`--timeout`).
    pub timeout: Duration,
    /// The retry rule of reads (`--max-attempts`, `--retry-budget`), for STS and GitHub.
    pub policy: Policy,
    pub verbose: bool,
    /// Colour for a warning label.
    pub color: bool,
    /// The metadata service's base URL.
    pub metadata: Url,
    pub sts: Endpoint,
    /// The one runtime of the run.
    pub runtime: Rc<tokio::runtime::Runtime>,
}

/// Keys fetched, with what `credentials show` tells of them.
#[derive(Debug, Clone)]
pub(super) struct Fetched {
    pub(super) keys: Keys,
    /// Unix seconds; None for keys that do not expire.
    pub(super) expires: Option<i64>,
    /// The role they are of (CVM role name, or role ARN).
    pub(super) role: Option<String>,
    pub(super) fetched_at: i64,
}

impl Fetched {
    pub(super) fn stored(keys: &Keys, expires: Option<i64>) -> Fetched {
        Fetched {
            keys: keys.clone(),
            expires,
            role: None,
            fetched_at: unix_now(),
        }
    }

    /// Due when less than the margin is left, and the keys are not brand new: keys that look
    /// expired as soon as they arrive (a clock that is ahead) are fetched again at most once
    /// a minute, never before every request.
    pub(super) fn refresh_due(&self, now: i64) -> bool {
        self.expires.is_some_and(|e| {
            let lifetime = e - self.fetched_at;
            let margin = (lifetime / 2).clamp(0, REFRESH_MARGIN);
            let min_age = if lifetime > 0 {
                (lifetime / 2).min(60)
            } else {
                60
            };
            now + margin >= e && now - self.fetched_at >= min_age
        })
    }
}

/// Temporary keys as a service handed them out, checked like stored ones; keys already
/// expired when they arrive are refused, as expired tccli keys are (signing with them could
/// only fail, or hide a clock that is wrong).
pub(super) fn temporary(
    id: String,
    key: String,
    token: String,
    expires: i64,
    source: &str,
    role: String,
) -> Result<Fetched, Error> {
    check_shape(&id, &key, Some(&token), source)?;
    let now = unix_now();
    if expires <= now {
        return Err(Error::Credentials(format!(
            "{source}: the temporary keys it handed out had already expired at {} (this \
             machine's clock says {}): if this machine's clock is ahead, synchronise it (NTP); \
             otherwise the service gave out stale keys: try again later",
            utc(expires),
            utc(now)
        )));
    }
    Ok(Fetched {
        keys: Keys {
            secret_id: id,
            secret_key: Secret::new(key),
            token: Some(Secret::new(token)),
        },
        expires: Some(expires),
        role: Some(role),
        fetched_at: unix_now(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(at: i64, expires: Option<i64>) -> Fetched {
        Fetched {
            keys: Keys {
                secret_id: "AKIDxxxxxxxxxxxxxxxx".into(),
                secret_key: Secret::new("k".into()),
                token: None,
            },
            expires,
            role: None,
            fetched_at: at,
        }
    }

    #[test]
    fn keys_are_renewed_near_their_end_and_never_per_request() {
        // Two hours of life: renewed in the last five minutes.
        let f = fetched(1000, Some(1000 + 7200));
        assert!(!f.refresh_due(1000 + 7200 - 301));
        assert!(f.refresh_due(1000 + 7200 - 300));
        // Three seconds of life: in its second half.
        let f = fetched(1000, Some(1003));
        assert!(!f.refresh_due(1000));
        assert!(f.refresh_due(1002));
        // Expired on arrival (a clock ahead of the service's): not again for a minute.
        let f = fetched(1000, Some(900));
        assert!(!f.refresh_due(1000));
        assert!(!f.refresh_due(1059));
        assert!(f.refresh_due(1060));
        // Keys that do not expire never are.
        assert!(!fetched(1000, None).refresh_due(i64::MAX / 2));
    }
}
