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

use zeroize::Zeroizing;

use super::temporary::{Fetched, Net};
use super::{Provider, metadata, oidc, sts};
use crate::clock::{unix_now, utc};
use crate::cloud::{KeySource, Keys};
use crate::error::Error;
use crate::output::errln;

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
