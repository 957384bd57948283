//! The Tencent Cloud API 3.0 client, independent of any product: the TC3-HMAC-SHA256 signer,
//! the envelope every answer comes in and the tolerant reading of its fields, the HTTP client
//! (its proxy rule, trusted roots, capped answers, TLS failures told apart), the one retry
//! rule, and the session that sends a product's actions through all of it.
//!
//! A product (Live, STS, and next the SSL Certificate service) is a [`Product`] value and its
//! own action types; it imports this module, never the other way round. The keys a session
//! signs with come through [`KeySource`], so this module knows nothing of where they come from.

pub mod envelope;
pub mod fields;
pub mod http;
pub mod request;
pub mod retry;
pub mod session;
pub mod tc3;

#[cfg(test)]
mod tc3_vectors;

use std::future::Future;
use std::pin::Pin;

use crate::error::Error;
use crate::secret::Secret;
use crate::text::printable;

/// A product of the API 3.0 family, as tclive talks to it.
#[derive(Debug)]
pub struct Product {
    /// Its name in messages: "the Live service of this account".
    pub name: &'static str,
    /// The TC3 service name, which is also the CAM prefix of its actions (`live:…`).
    pub service: &'static str,
    /// `X-TC-Version`.
    pub version: &'static str,
    /// The host of the China site.
    pub host: &'static str,
    /// The host of the international site (accounts of tencentcloud.com).
    pub intl_host: &'static str,
    /// The environment variable that points it elsewhere (the tests' loopback fakes).
    pub endpoint_var: &'static str,
    /// The codes its errorcodes.py lists as transient: worth another attempt where retrying
    /// is safe. Rate limits are every product's (see [`retry::rate_limited`]).
    pub transient: &'static [&'static str],
    /// The account-level codes and what each says of the account's service: no request of
    /// this product can succeed until it is back.
    pub account_states: &'static [(&'static str, &'static str)],
    /// The codes that mean "CAM does not allow this".
    pub permission_denied: &'static [&'static str],
    /// Requests per second it allows per action: the session paces each action to it.
    pub per_second: u32,
    /// Its requests and answers carry credentials: `-v` says that a call was made and never
    /// shows it, and a retry line names the action and the code, never the answer's words.
    pub opaque: bool,
}

impl Product {
    /// `https://` and the host of the China site, or of the international one (`intl`).
    pub fn default_url(&self, intl: bool) -> String {
        format!("https://{}", if intl { self.intl_host } else { self.host })
    }

    /// Whether a code means "try again later".
    pub fn retryable(&self, code: &str) -> bool {
        retry::rate_limited(code) || self.transient.contains(&code)
    }

    /// The API's refusal of a whole request of `action`, classified by its code: the
    /// account's state, a permission denial, or any other. The one place an [`Error::Api`]
    /// (or its two classified kinds) is made; everything from the server made printable.
    pub fn refusal(
        &self,
        action: &str,
        code: &str,
        message: &str,
        request_id: Option<&str>,
    ) -> Error {
        let (code, message, request_id) = (
            printable(code),
            printable(message),
            printable(request_id.unwrap_or("-")),
        );
        if let Some((_, what)) = self.account_states.iter().find(|(c, _)| *c == code) {
            return Error::Account {
                product: self.name,
                code,
                what,
                message,
                request_id,
            };
        }
        if self.permission_denied.contains(&code.as_str()) {
            return Error::NotPermitted {
                service: self.service,
                action: action.to_string(),
                code,
                message,
                request_id,
            };
        }
        Error::Api {
            code,
            message,
            request_id,
        }
    }
}

/// The keys a request is signed with: the SecretId, the SecretKey and, for temporary keys,
/// the session token.
#[derive(Debug, Clone)]
pub struct Keys {
    pub secret_id: String,
    pub secret_key: Secret,
    pub token: Option<Secret>,
}

/// Where a session's keys come from: fixed keys, or a holder that renews them before they
/// expire (`credentials::Credentials`).
pub trait KeySource {
    /// The keys to sign the next request with.
    fn keys(&self) -> Pin<Box<dyn Future<Output = Result<Keys, Error>> + '_>>;
}

impl KeySource for Keys {
    fn keys(&self) -> Pin<Box<dyn Future<Output = Result<Keys, Error>> + '_>> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}
