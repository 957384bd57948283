//! The keys of a run: fetched once, kept, and fetched again only when they would expire
//! during it. Stored keys need no network; temporary ones come from the CVM instance role
//! ([`super::metadata`]) or from STS ([`super::sts`]), which a web identity asks with an OIDC
//! token ([`super::oidc`]).
//!
//! Every service can be pointed elsewhere for tests (`TCLIVE_METADATA_ENDPOINT`,
//! `TCLIVE_STS_ENDPOINT`; GitHub's is the job's own URL); plain http goes only to loopback
//! hosts and to the metadata address; redirects are never followed; answers are capped;
//! nothing these answers hold (keys, tokens) is ever printed, `--verbose` included.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use url::Url;
use zeroize::Zeroizing;

use super::{Provider, Secret, check_shape, metadata, oidc, sts};
use crate::clock::{unix_now, utc};
use crate::cloud::retry::Policy;
use crate::cloud::{KeySource, Keys};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::output::errln;

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
    fn stored(keys: &Keys, expires: Option<i64>) -> Fetched {
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
    fn refresh_due(&self, now: i64) -> bool {
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

/// The keys of this run: fetched once, and again when they would expire before a request.
pub struct Credentials {
    provider: Provider,
    net: Option<Net>,
    now: RefCell<Fetched>,
}

impl Credentials {
    /// Fetches the provider's keys, waiting for them (before any session exists).
    pub fn fetch(provider: Provider, net: Net) -> Result<Credentials, Error> {
        // Stored keys need no network.
        if let Provider::Stored { keys, expires, .. } = &provider {
            let now = RefCell::new(Fetched::stored(keys, *expires));
            return Ok(Credentials {
                provider,
                net: None,
                now,
            });
        }
        // The trust store first: a broken SSL_CERT_FILE is its own error (exit 2), never
        // taken for a refusal of the credential service.
        crate::roots::trusted(net.timeout)?;
        let fetched = net.runtime.clone().block_on(fetch(&provider, &net))?;
        Ok(Credentials {
            provider,
            net: Some(net),
            now: RefCell::new(fetched),
        })
    }

    pub fn current(&self) -> Keys {
        self.now.borrow().keys.clone()
    }

    pub fn expires(&self) -> Option<i64> {
        self.now.borrow().expires
    }

    pub fn role(&self) -> Option<String> {
        self.now.borrow().role.clone()
    }

    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// The keys to sign the next request with: fetched again first when they would expire
    /// within the margin (a long listing outliving them). Stored keys (no `net`) are never
    /// refetched.
    pub async fn fresh(&self) -> Result<Keys, Error> {
        let due = self.now.borrow().refresh_due(unix_now());
        if let (true, Some(net)) = (due, &self.net) {
            let fetched = fetch(&self.provider, net).await?;
            errln!(
                "credentials: temporary keys renewed ({}), valid until {}",
                self.provider.name(),
                fetched.expires.map(utc).unwrap_or_else(|| "-".into())
            );
            *self.now.borrow_mut() = fetched;
        }
        Ok(self.current())
    }
}

impl KeySource for Credentials {
    fn keys(&self) -> Pin<Box<dyn Future<Output = Result<Keys, Error>> + '_>> {
        Box::pin(self.fresh())
    }
}

/// Fetches the keys `p` stands for.
async fn fetch(p: &Provider, net: &Net) -> Result<Fetched, Error> {
    match p {
        Provider::Stored { keys, expires, .. } => Ok(Fetched::stored(keys, *expires)),
        Provider::CvmRole { chain } => metadata::instance_role(net).await.map_err(|e| match e {
            metadata::RoleError::NoRole(detail) => {
                let line = format!(
                    "CVM instance role ({}): no instance role (not a CVM, or no role attached): {detail}",
                    net.metadata
                );
                match chain {
                    Some(nothing) => nothing.error(Some(&line)),
                    None => Error::Credentials(format!("--credentials-source cvm-role: {line}")),
                }
            }
            metadata::RoleError::Other(e) => e,
        }),
        Provider::AssumeRole { base, role } => {
            let base = Box::pin(fetch(base, net)).await?;
            let body = serde_json::json!({
                "RoleArn": role.arn,
                "RoleSessionName": role.session_name,
                "DurationSeconds": role.duration,
            });
            sts::assume(
                net,
                sts::ASSUME_ROLE,
                sts::ASSUME_ROLE_REGION,
                Some(base.keys),
                Zeroizing::new(body.to_string().into_bytes()),
                role,
            )
            .await
        }
        Provider::WebIdentity {
            via,
            region,
            provider_id,
            token,
            role,
        } => {
            let web_token = oidc::id_token(net, via, token).await?;
            let body = Zeroizing::new(
                serde_json::json!({
                    "ProviderId": provider_id,
                    "WebIdentityToken": web_token.expose(),
                    "RoleArn": role.arn,
                    "RoleSessionName": role.session_name,
                    "DurationSeconds": role.duration,
                })
                .to_string()
                .into_bytes(),
            );
            sts::assume(net, sts::ASSUME_ROLE_WITH_WEB_IDENTITY, region, None, body, role).await
        }
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
