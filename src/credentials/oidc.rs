//! The OIDC token a web identity exchanges with STS: read from TKE's projected file, or asked
//! of GitHub Actions' token endpoint for the audience (through the one retry rule).

use serde::Deserialize;
use url::Url;

use super::temporary::{MAX_ANSWER, Net};
use super::{IdToken, Secret};
use crate::cloud::http::{Plain, PlainError, Processed};
use crate::cloud::retry::{Next, Retries, Step};
use crate::error::Error;

/// The token, checked: one token, no whitespace.
pub(super) async fn id_token(net: &Net, via: &str, token: &IdToken) -> Result<Secret, Error> {
    match token {
        IdToken::File(path) => {
            let text = super::read_capped(path)
                .map_err(|why| {
                    Error::Credentials(format!(
                        "{via} OIDC token file ({}) {}: {why}",
                        super::roles::TKE_TOKEN_FILE,
                        path.display()
                    ))
                })?
                .ok_or_else(|| {
                    Error::Credentials(format!(
                        "{via} OIDC token file ({}) {}: no such file",
                        super::roles::TKE_TOKEN_FILE,
                        path.display()
                    ))
                })?;
            let t = text.trim();
            if t.is_empty() || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(Error::Credentials(format!(
                    "{via} OIDC token file ({}) {}: empty, or not one token",
                    super::roles::TKE_TOKEN_FILE,
                    path.display()
                )));
            }
            Ok(Secret::new(t.to_string()))
        }
        IdToken::Github {
            url,
            bearer,
            audience,
        } => github(net, url, bearer, audience).await,
    }
}

const GITHUB: &str = "GitHub Actions OIDC token";

/// GitHub Actions' token for `audience`; a transient failure (no answer, 429, 5xx) is tried
/// again as the retry rule allows.
async fn github(net: &Net, url: &str, bearer: &Secret, audience: &str) -> Result<Secret, Error> {
    let fail = |why: String| Error::Credentials(format!("{GITHUB}: {why}"));
    let mut u =
        Url::parse(url).map_err(|_| fail("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL".into()))?;
    match u.scheme() {
        "https" => {}
        "http" if crate::endpoint::is_loopback(&u) => {}
        _ => {
            return Err(fail(
                "ACTIONS_ID_TOKEN_REQUEST_URL must be https:// (http only on loopback)".into(),
            ));
        }
    }
    u.query_pairs_mut().append_pair("audience", audience);
    let request = Plain {
        method: reqwest::Method::GET,
        url: u,
        headers: vec![
            ("Authorization", format!("Bearer {}", bearer.expose())),
            ("Accept", "application/json".into()),
        ],
        what: GITHUB,
        proxy: true,
        timeout: net.timeout,
        connect_timeout: net.timeout,
        limit: MAX_ANSWER,
        verbose: net.verbose,
    };
    let mut retries = Retries::new(net.policy);
    let unanswered = |status: u16| Error::Other(format!("HTTP {status}"));
    let outcome = loop {
        let step = match request.send().await {
            Ok((status, body)) if status == 429 || status >= 500 => Step::Retry {
                what: format!("{GITHUB}: HTTP {status}"),
                last: Ok((status, body)),
                processed: Processed::No,
            },
            Ok(answer) => Step::Done(answer),
            Err(PlainError::Unreachable(why)) => Step::Retry {
                what: format!("{GITHUB}: {why}"),
                last: Err(Error::Other(why)),
                processed: Processed::No,
            },
            Err(PlainError::Other(why)) => Step::Fail(Error::Other(why), Processed::No),
        };
        match retries.after(step, |(status, _)| unanswered(status)).await {
            Next::Again => continue,
            Next::Stop(outcome) => break outcome,
        }
    };
    let (status, body) = outcome.map_err(|(e, _)| fail(e.to_string()))?;
    if status != 200 {
        return Err(fail(format!(
            "the token endpoint answered HTTP {status} (does the workflow grant \
             `permissions: id-token: write`?)"
        )));
    }
    #[derive(Deserialize)]
    struct TokenAnswer {
        value: Option<String>,
    }
    let a: TokenAnswer = serde_json::from_slice(&body)
        .map_err(|_| fail("the token endpoint's answer is not the expected JSON".into()))?;
    match a.value {
        Some(v) if !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Ok(Secret::new(v))
        }
        _ => Err(fail("the token endpoint's answer holds no token".into())),
    }
}
