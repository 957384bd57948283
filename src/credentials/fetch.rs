//! Temporary keys, fetched once per run and again only when they would expire during it:
//! the CVM instance role (metadata service), STS `AssumeRole` (TC3-signed with service `sts`)
//! and `AssumeRoleWithWebIdentity` (unsigned) with a TKE or GitHub Actions OIDC token.
//!
//! Every endpoint can be pointed elsewhere for tests (`TCLIVE_METADATA_ENDPOINT`,
//! `TCLIVE_STS_ENDPOINT`; GitHub's is the job's own URL); plain http goes only to loopback
//! hosts and to the metadata address; redirects are never followed; answers are capped;
//! nothing these answers hold (keys, tokens) is ever printed, `--verbose` included.

use std::cell::RefCell;
use std::time::Duration;

use serde::Deserialize;
use url::Url;
use zeroize::Zeroizing;

use super::{Credentials, IdToken, Provider, RoleSpec, Secret, check_shape};
use crate::api::answer::retryable_code;
use crate::api::client::{BodyError, header_map, http_client, read_body};
use crate::api::live::{self, parse_envelope};
use crate::api::request::{CONTENT_TYPE, request_client};
use crate::api::tc3;
use crate::clock::unix_now;
use crate::endpoint::{self, Endpoint};
use crate::error::Error;
use crate::output::errln;
use crate::text::{excerpt, printable};

/// The metadata service's base URL (the SDK's), and the variable that replaces it.
pub const METADATA: &str = "http://metadata.tencentyun.com";
const METADATA_HOST: &str = "metadata.tencentyun.com";
pub const ENV_METADATA: &str = "TCLIVE_METADATA_ENDPOINT";
/// STS (the SDK's), and the variable that replaces it.
pub const STS: &str = "https://sts.tencentcloudapi.com";
pub const ENV_STS: &str = "TCLIVE_STS_ENDPOINT";
const STS_VERSION: &str = "2018-08-13";
/// The region the SDK sends AssumeRole with.
const STS_REGION: &str = "ap-guangzhou";
/// The metadata path of the instance role.
const ROLE_PATH: &str = "latest/meta-data/cam/security-credentials/";
/// A machine that is not a CVM must not wait: the metadata service answers in milliseconds.
pub const METADATA_CONNECT_TIMEOUT: Duration = Duration::from_millis(800);
/// The largest answer read from any of these services (real ones are under 4 KiB).
pub const MAX_ANSWER: usize = 64 * 1024;
/// Keys are fetched again when less than this is left of them (the SDK's margin for the
/// instance role), or half their lifetime when that is shorter.
const REFRESH_MARGIN: i64 = 300;

/// Where the services are, and how long to wait for them.
#[derive(Debug, Clone)]
pub struct Net {
    pub timeout: Duration,
    /// Attempts in all for a call to STS or GitHub (`--max-attempts`).
    pub max_attempts: u32,
    pub verbose: bool,
    pub metadata: Url,
    pub sts: Endpoint,
}

impl Net {
    /// From the environment's overrides, checked: the metadata base may be plain http only
    /// on a loopback host or the metadata address itself; STS as `--endpoint` is.
    pub fn new(
        timeout: Duration,
        max_attempts: u32,
        verbose: bool,
        env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Net, Error> {
        let get = |k: &str| crate::envvar::text(env, k).map_err(|e| e.usage());
        let metadata_raw = get(ENV_METADATA)?.unwrap_or_else(|| METADATA.into());
        let metadata = metadata_base(&metadata_raw)
            .map_err(|why| Error::Usage(format!("{ENV_METADATA}: {why}")))?;
        let sts = endpoint::parse(&get(ENV_STS)?.unwrap_or_else(|| STS.into()), ENV_STS)
            .map_err(Error::Usage)?;
        Ok(Net {
            timeout,
            max_attempts: max_attempts.max(1),
            verbose,
            metadata,
            sts,
        })
    }
}

fn metadata_base(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("'{}' is not a URL ({e})", printable(raw)))?;
    let plain_ok = endpoint::is_loopback(&url) || url.host_str() == Some(METADATA_HOST);
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

/// Keys fetched, with what `credentials show` tells of them.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub creds: Credentials,
    /// Unix seconds; None for keys that do not expire.
    pub expires: Option<i64>,
    /// The role they are of (CVM role name, or role ARN).
    pub role: Option<String>,
    fetched_at: i64,
}

impl Fetched {
    fn stored(creds: &Credentials, expires: Option<i64>) -> Fetched {
        Fetched {
            creds: creds.clone(),
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
pub struct Creds {
    provider: Provider,
    net: Option<Net>,
    now: RefCell<Fetched>,
}

impl Creds {
    /// Fetches the provider's keys (blocking: used before a command's session exists).
    pub fn fetch(provider: Provider, net: Net) -> Result<Creds, Error> {
        // Stored keys need no runtime and no network.
        if let Provider::Stored { creds, expires } = &provider {
            let now = RefCell::new(Fetched::stored(creds, *expires));
            return Ok(Creds {
                provider,
                net: None,
                now,
            });
        }
        // The trust store first: a broken SSL_CERT_FILE is its own error (exit 2), never
        // taken for a refusal of the credential service.
        crate::roots::trusted(net.timeout)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
        let fetched = runtime.block_on(fetch(&provider, &net))?;
        Ok(Creds {
            provider,
            net: Some(net),
            now: RefCell::new(fetched),
        })
    }

    pub fn current(&self) -> Credentials {
        self.now.borrow().creds.clone()
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
    pub async fn fresh(&self) -> Result<Credentials, Error> {
        let due = self.now.borrow().refresh_due(unix_now());
        if let (true, Some(net)) = (due, &self.net) {
            let fetched = fetch(&self.provider, net).await?;
            errln!(
                "credentials: temporary keys renewed ({}), valid until {}",
                self.provider.name(),
                fetched
                    .expires
                    .map(crate::clock::utc)
                    .unwrap_or_else(|| "-".into())
            );
            *self.now.borrow_mut() = fetched;
        }
        Ok(self.current())
    }
}

/// Fetches the keys `p` stands for.
pub async fn fetch(p: &Provider, net: &Net) -> Result<Fetched, Error> {
    match p {
        Provider::Stored { creds, expires } => Ok(Fetched::stored(creds, *expires)),
        Provider::CvmRole { chain } => cvm_role(net).await.map_err(|e| match e {
            CvmError::NoRole(detail) => {
                let line = format!(
                    "CVM instance role ({}): no instance role (not a CVM, or no role attached): {detail}",
                    net.metadata
                );
                match chain {
                    Some(nothing) => nothing.error(Some(&line)),
                    None => Error::Credentials(format!("--credentials-source cvm-role: {line}")),
                }
            }
            CvmError::Other(e) => e,
        }),
        Provider::AssumeRole { base, role } => {
            let base = Box::pin(fetch(base, net)).await?;
            let body = serde_json::json!({
                "RoleArn": role.arn,
                "RoleSessionName": role.session_name,
                "DurationSeconds": role.duration,
            });
            sts(
                net,
                "AssumeRole",
                STS_REGION,
                Some(&base.creds),
                body.to_string().into_bytes(),
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
            let web_token = id_token(net, via, token).await?;
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
            sts(
                net,
                "AssumeRoleWithWebIdentity",
                region,
                None,
                body.to_vec(),
                role,
            )
            .await
        }
    }
}

/// One request to a credentials service: no redirects, capped answer, the proxy of the
/// environment only where one may be used (never for the metadata service).
#[derive(Clone)]
struct Call<'a> {
    method: reqwest::Method,
    url: Url,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// For messages and the verbose trace.
    what: &'a str,
    proxy: bool,
    connect_timeout: Duration,
}

#[derive(Debug)]
enum CallError {
    /// No connection, or no answer in time.
    Unreachable(String),
    Other(String),
}

impl CallError {
    fn text(self) -> String {
        match self {
            CallError::Unreachable(s) | CallError::Other(s) => s,
        }
    }
}

/// Whether an outcome is worth another attempt: no connection or answer, a rate limit, a
/// server error, or STS's own transient codes.
fn transient(r: &Result<(u16, Zeroizing<Vec<u8>>), CallError>) -> Option<String> {
    match r {
        Err(CallError::Unreachable(why)) => Some(why.clone()),
        Ok((status, _)) if *status == 429 || *status >= 500 => Some(format!("HTTP {status}")),
        // STS's own refusals, by the API's rule for what is worth another attempt.
        Ok((_, body)) => match parse_envelope(body).ok()? {
            live::Answer::ApiError { code, .. } if retryable_code(&code) => {
                Some(printable(&excerpt(&code, 80)))
            }
            _ => None,
        },
        Err(CallError::Other(_)) => None,
    }
}

/// [`call`], again after a jittered backoff while the outcome is transient, up to
/// `--max-attempts` in all. `make` builds each attempt (a signature is made anew).
async fn call_retrying(
    net: &Net,
    make: &dyn Fn() -> Call<'static>,
) -> Result<(u16, Zeroizing<Vec<u8>>), CallError> {
    let mut attempt = 1;
    loop {
        let c = make();
        let what = c.what;
        let r = call(net, c).await;
        match transient(&r) {
            Some(why) if attempt < net.max_attempts => {
                let wait = crate::api::client::backoff(attempt - 1);
                attempt += 1;
                errln!(
                    "retry: {what}: {why}; attempt {attempt} of {} in {} ms",
                    net.max_attempts,
                    wait.as_millis()
                );
                tokio::time::sleep(wait).await;
            }
            _ => return r,
        }
    }
}

async fn call(net: &Net, c: Call<'_>) -> Result<(u16, Zeroizing<Vec<u8>>), CallError> {
    let shown = {
        let mut u = c.url.clone();
        u.set_query(None);
        u.to_string()
    };
    let proxy = if c.proxy {
        crate::proxy::decide(
            &c.url,
            endpoint::is_loopback(&c.url),
            &crate::envvar::process,
        )
        .map_err(CallError::Other)?
    } else {
        None
    };
    let client = http_client(&c.url, net.timeout, c.connect_timeout, proxy.as_ref())
        .map_err(|e| CallError::Other(e.to_string()))?;
    let headers = header_map(&c.headers).map_err(|k| {
        CallError::Other(format!(
            "the {k} header would hold characters HTTP cannot carry"
        ))
    })?;
    if net.verbose {
        errln!(
            "> {} {shown} ({}; its headers and body are not shown: they hold credentials)",
            c.method,
            c.what
        );
    }
    let mut req = client
        .request(c.method.clone(), c.url.clone())
        .headers(headers);
    if let Some(body) = c.body {
        req = req.body(body);
    }
    let mut resp = req.send().await.map_err(|e| {
        let why = crate::api::answer::chain(&e);
        if e.is_connect() || e.is_timeout() {
            CallError::Unreachable(printable(&why))
        } else {
            CallError::Other(format!("{shown}: {}", printable(&why)))
        }
    })?;
    let status = resp.status().as_u16();
    if resp.status().is_redirection() {
        return Err(CallError::Other(format!(
            "{shown} answered with a redirect (HTTP {status}); not followed: credentials are \
             asked of that address and no other"
        )));
    }
    let mut body = Zeroizing::new(Vec::new());
    read_body(&mut resp, &mut body, MAX_ANSWER)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge => CallError::Other(format!(
                "{shown}: the answer is larger than {} KiB; stopped reading",
                MAX_ANSWER / 1024
            )),
            BodyError::Transport(e) => {
                CallError::Other(format!("{shown}: {}", crate::api::answer::chain(&e)))
            }
        })?;
    if net.verbose {
        errln!(
            "< HTTP {status} ({} bytes, not shown: it holds credentials)",
            body.len()
        );
    }
    Ok((status, body))
}

enum CvmError {
    NoRole(String),
    Other(Error),
}

/// The instance role: its name, then its keys.
async fn cvm_role(net: &Net) -> Result<Fetched, CvmError> {
    let base = net
        .metadata
        .join(ROLE_PATH)
        .map_err(|e| CvmError::Other(Error::Usage(format!("{ENV_METADATA}: {e}"))))?;
    let get = |url: Url, what: &'static str| Call {
        method: reqwest::Method::GET,
        url,
        headers: Vec::new(),
        body: None,
        what,
        proxy: false,
        connect_timeout: METADATA_CONNECT_TIMEOUT,
    };
    let (status, body) = call(net, get(base.clone(), "CVM instance role name"))
        .await
        .map_err(|e| match e {
            CallError::Unreachable(why) => CvmError::NoRole(why),
            CallError::Other(why) => {
                CvmError::Other(Error::Credentials(format!("CVM instance role: {why}")))
            }
        })?;
    let text = String::from_utf8_lossy(&body);
    let role = text.lines().next().unwrap_or("").trim().to_string();
    if status == 404 || (status == 200 && role.is_empty()) {
        return Err(CvmError::NoRole(format!(
            "the metadata service names no role (HTTP {status})"
        )));
    }
    if status != 200 {
        return Err(CvmError::Other(Error::Credentials(format!(
            "CVM instance role: the metadata service answered HTTP {status}"
        ))));
    }
    if !super::roles::is_cam_name(&role) {
        return Err(CvmError::Other(Error::Credentials(format!(
            "CVM instance role: the metadata service gave a role name that is not one ('{}')",
            printable(&excerpt(&role, 40))
        ))));
    }
    let url = base
        .join(&role)
        .map_err(|e| CvmError::Other(Error::Credentials(format!("CVM instance role: {e}"))))?;
    let fail = |why: String| {
        CvmError::Other(Error::Credentials(format!(
            "CVM instance role '{role}': {why}"
        )))
    };
    let (status, body) = call(net, get(url, "CVM instance role keys"))
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
    temporary(id, key, token, expires, source, role).map_err(CvmError::Other)
}

/// An STS action answering `Credentials` and `ExpiredTime`; signed with `signer`'s keys, or
/// unsigned (`Authorization: SKIP`, as the SDK sends AssumeRoleWithWebIdentity).
async fn sts(
    net: &Net,
    action: &'static str,
    region: &str,
    signer: Option<&Credentials>,
    body: Vec<u8>,
    role: &RoleSpec,
) -> Result<Fetched, Error> {
    let body = Zeroizing::new(body);
    let arn = printable(&role.arn);
    let fail = |why: String| Error::Credentials(format!("STS {action} ({arn}): {why}"));
    let make = || {
        let timestamp = unix_now();
        let mut headers: Vec<(&'static str, String)> = vec![
            ("Content-Type", CONTENT_TYPE.into()),
            ("X-TC-Action", action.into()),
            ("X-TC-Version", STS_VERSION.into()),
            ("X-TC-Timestamp", timestamp.to_string()),
            ("X-TC-Region", region.into()),
            ("X-TC-RequestClient", request_client()),
        ];
        match signer {
            Some(c) => {
                let signed = tc3::sign(&tc3::SigningInput {
                    secret_id: &c.secret_id,
                    secret_key: c.secret_key.expose(),
                    service: "sts",
                    host: &net.sts.host,
                    content_type: CONTENT_TYPE,
                    timestamp,
                    body: &body,
                });
                crate::redact::register(&signed.signature);
                headers.push(("Authorization", signed.authorization));
                if let Some(t) = &c.token {
                    headers.push(("X-TC-Token", t.expose().to_string()));
                }
            }
            None => headers.push(("Authorization", "SKIP".into())),
        }
        Call {
            method: reqwest::Method::POST,
            url: net.sts.url.clone(),
            headers,
            body: Some(body.to_vec()),
            what: action,
            proxy: true,
            connect_timeout: net.timeout,
        }
    };
    let (status, answer) = call_retrying(net, &make)
        .await
        .map_err(|e| fail(e.text()))?;
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct StsAnswer {
        credentials: Option<StsKeys>,
        expired_time: Option<i64>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct StsKeys {
        token: Option<String>,
        tmp_secret_id: Option<String>,
        tmp_secret_key: Option<String>,
    }
    let envelope = match parse_envelope(&answer) {
        Ok(live::Answer::Ok(e)) => e,
        Ok(live::Answer::ApiError {
            code,
            message,
            envelope,
        }) => {
            return Err(fail(format!(
                "{}: {} (RequestId {})",
                printable(&excerpt(&code, 80)),
                printable(&excerpt(&message, 300)),
                printable(&excerpt(&envelope.request_id, 64))
            )));
        }
        Err(why) => return Err(fail(format!("HTTP {status}: {why}"))),
    };
    let request_id = printable(&excerpt(&envelope.request_id, 64));
    let r: StsAnswer = envelope.fields().map_err(|_| {
        fail(format!(
            "HTTP {status}: the answer's Credentials are not what STS sends (RequestId {request_id})"
        ))
    })?;
    let (Some(k), Some(expires)) = (r.credentials, r.expired_time) else {
        return Err(fail(format!(
            "HTTP {status}: the answer has no Credentials or ExpiredTime (RequestId {request_id})"
        )));
    };
    let (Some(id), Some(key), Some(token)) = (k.tmp_secret_id, k.tmp_secret_key, k.token) else {
        return Err(fail(format!(
            "the answer lacks TmpSecretId, TmpSecretKey or Token (RequestId {request_id})"
        )));
    };
    temporary(
        id,
        key,
        token,
        expires,
        format!("STS {action} ({arn})"),
        role.arn.clone(),
    )
}

/// Temporary keys as a service handed them out, checked like stored ones; keys already
/// expired when they arrive are refused, as expired tccli keys are (signing with them could
/// only fail, or hide a clock that is wrong).
fn temporary(
    id: String,
    key: String,
    token: String,
    expires: i64,
    source: String,
    role: String,
) -> Result<Fetched, Error> {
    check_shape(&id, &key, Some(&token), &source)?;
    let now = unix_now();
    if expires <= now {
        return Err(Error::Credentials(format!(
            "{source}: the temporary keys it handed out had already expired at {} (this \
             machine's clock says {}): if this machine's clock is ahead, synchronise it (NTP); \
             otherwise the service gave out stale keys: try again later",
            crate::clock::utc(expires),
            crate::clock::utc(now)
        )));
    }
    Ok(Fetched {
        creds: Credentials {
            secret_id: id,
            secret_key: Secret::new(key),
            token: Some(Secret::new(token)),
            source,
        },
        expires: Some(expires),
        role: Some(role),
        fetched_at: unix_now(),
    })
}

/// The OIDC token: read from TKE's file, or asked of GitHub for the audience.
async fn id_token(net: &Net, via: &str, token: &IdToken) -> Result<Secret, Error> {
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
        } => {
            let fail =
                |why: String| Error::Credentials(format!("GitHub Actions OIDC token: {why}"));
            let mut u = Url::parse(url)
                .map_err(|_| fail("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL".into()))?;
            match u.scheme() {
                "https" => {}
                "http" if endpoint::is_loopback(&u) => {}
                _ => {
                    return Err(fail(
                        "ACTIONS_ID_TOKEN_REQUEST_URL must be https:// (http only on loopback)"
                            .into(),
                    ));
                }
            }
            u.query_pairs_mut().append_pair("audience", audience);
            let make = || Call {
                method: reqwest::Method::GET,
                url: u.clone(),
                headers: vec![
                    ("Authorization", format!("Bearer {}", bearer.expose())),
                    ("Accept", "application/json".into()),
                ],
                body: None,
                what: "GitHub Actions OIDC token",
                proxy: true,
                connect_timeout: net.timeout,
            };
            let (status, body) = call_retrying(net, &make)
                .await
                .map_err(|e| fail(e.text()))?;
            if status != 200 {
                return Err(fail(format!(
                    "the token endpoint answered HTTP {status} (does the workflow grant \
                     `permissions: id-token: write`?)"
                )));
            }
            #[derive(Deserialize)]
            struct Answer {
                value: Option<String>,
            }
            let a: Answer = serde_json::from_slice(&body)
                .map_err(|_| fail("the token endpoint's answer is not the expected JSON".into()))?;
            match a.value {
                Some(v)
                    if !v.is_empty() && !v.chars().any(|c| c.is_whitespace() || c.is_control()) =>
                {
                    Ok(Secret::new(v))
                }
                _ => Err(fail("the token endpoint's answer holds no token".into())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(at: i64, expires: Option<i64>) -> Fetched {
        Fetched {
            creds: Credentials {
                secret_id: "AKIDxxxxxxxxxxxxxxxx".into(),
                secret_key: Secret::new("k".into()),
                token: None,
                source: "test".into(),
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
