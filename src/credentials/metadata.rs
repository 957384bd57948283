//! The CVM instance role: its name, then its temporary keys, from the metadata service. A
//! machine that is not a CVM must not wait: the service answers in milliseconds.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::roles::is_cam_name;
use super::temporary::{Fetched, MAX_ANSWER, Net, temporary};
use crate::cloud::http::{Plain, PlainError};
use crate::error::Error;
use crate::text::{excerpt, printable};

/// The metadata service's base URL (the SDK's), and the variable that replaces it.
pub const METADATA: &str = "http://metadata.tencentyun.com";
const METADATA_HOST: &str = "metadata.tencentyun.com";
pub const ENV_METADATA: &str = "TCLIVE_METADATA_ENDPOINT";
/// The metadata path of the instance role.
const ROLE_PATH: &str = "latest/meta-data/cam/security-credentials/";
/// A machine that is not a CVM must not wait: the metadata service answers in milliseconds.
pub const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_millis(800);

/// The metadata base `raw` names, checked: plain http only on a loopback host or the metadata
/// address itself.
pub fn base(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("'{}' is not a URL ({e})", printable(raw)))?;
    let plain_ok = crate::endpoint::is_loopback(&url) || url.host_str() == Some(METADATA_HOST);
    match url.scheme() {
        "https" => {}
        "http" if plain_ok => {}
        "http" => {
            return Err(
                "http:// only for a loopback host or metadata.tencentyun.com; use https://".into(),
            );
        }
        other => return Err(format!("unsupported scheme '{}'", printable(other))),
    }
    if !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        return Err("give only scheme, host and port".into());
    }
    // The base: the path `/latest/meta-data/…` is appended to it.
    let mut url = url;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Why there are no instance-role keys.
pub(super) enum RoleError {
    /// This machine has no role: the chain's error says so with what it tried before.
    NoRole(String),
    Other(Error),
}

/// The instance role: its name, then its keys.
pub(super) async fn instance_role(net: &Net) -> Result<Fetched, RoleError> {
    let base = net
        .metadata
        .join(ROLE_PATH)
        .map_err(|e| RoleError::Other(Error::Usage(format!("{ENV_METADATA}: {e}"))))?;
    let get = |url: Url, what: &'static str| Plain {
        method: reqwest::Method::GET,
        url,
        headers: Vec::new(),
        what,
        proxy: false,
        timeout: net.timeout,
        connect_timeout: METADATA_CONNECT_TIMEOUT,
        limit: MAX_ANSWER,
        verbose: net.verbose,
    };
    let (status, body) = get(base.clone(), "CVM instance role name")
        .send()
        .await
        .map_err(|e| match e {
            PlainError::Unreachable(why) => RoleError::NoRole(why),
            PlainError::Other(why) => {
                RoleError::Other(Error::Credentials(format!("CVM instance role: {why}")))
            }
        })?;
    let text = String::from_utf8_lossy(&body);
    let role = text.lines().next().unwrap_or("").trim().to_string();
    if status == 404 || (status == 200 && role.is_empty()) {
        return Err(RoleError::NoRole(format!(
            "the metadata service names no role (HTTP {status})"
        )));
    }
    if status != 200 {
        return Err(RoleError::Other(Error::Credentials(format!(
            "CVM instance role: the metadata service answered HTTP {status}"
        ))));
    }
    if !is_cam_name(&role) {
        return Err(RoleError::Other(Error::Credentials(format!(
            "CVM instance role: the metadata service gave a role name that is not one ('{}')",
            printable(&excerpt(&role, 40))
        ))));
    }
    let url = base
        .join(&role)
        .map_err(|e| RoleError::Other(Error::Credentials(format!("CVM instance role: {e}"))))?;
    let fail = |why: String| {
        RoleError::Other(Error::Credentials(format!(
            "CVM instance role '{role}': {why}"
        )))
    };
    let (status, body) = get(url, "CVM instance role keys")
        .send()
        .await
        .map_err(|e| fail(e.text()))?;
    if status != 200 {
        return Err(fail(format!("the metadata service answered HTTP {status}")));
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct RoleKeys {
        code: Option<String>,
        tmp_secret_id: Option<String>,
        tmp_secret_key: Option<String>,
        token: Option<String>,
        expired_time: Option<i64>,
    }
    let k: RoleKeys = serde_json::from_slice(&body)
        .map_err(|_| fail("the metadata service's answer is not the expected JSON".into()))?;
    if k.code.as_deref() != Some("Success") {
        return Err(fail(format!(
            "the metadata service answered Code {}",
            printable(&excerpt(k.code.as_deref().unwrap_or("(none)"), 60))
        )));
    }
    let (Some(id), Some(key), Some(token), Some(expires)) =
        (k.tmp_secret_id, k.tmp_secret_key, k.token, k.expired_time)
    else {
        return Err(fail(
            "the answer lacks TmpSecretId, TmpSecretKey, Token or ExpiredTime".into(),
        ));
    };
    let source = format!("CVM instance role '{role}'");
    temporary(id, key, token, expires, &source, role).map_err(RoleError::Other)
}
