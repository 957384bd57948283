//! The HTTP client every connection to a web service goes through (the API's products and the
//! credential services): rustls with the roots of [`crate::roots`], no redirects, the proxy
//! decided by [`crate::proxy::decide`], `localhost` names resolved to loopback by tclive
//! itself, every header checked before it is sent, every answer read capped, and what went
//! wrong told apart by the error's type (a TLS failure, a connection never made, an answer
//! cut short), never by its words.

use std::time::Duration;

use crate::error::Error;
use crate::output::errln;
use crate::text::printable;

/// What came back over HTTP, whatever it is.
pub struct Reply {
    pub status: u16,
    pub reason: String,
    pub date: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// Whether the server can have processed a request that got no valid answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Processed {
    /// Never written: no connection was made (refused, no such host, connect timeout, a
    /// TLS handshake that failed). Nothing reached the server.
    Unsent,
    /// Written and refused before processing (rate limit), or redirected.
    No,
    /// Written, and nothing valid came back: it may have been.
    Maybe,
}

/// A failed exchange, whether the request may have reached the server, and whether trying
/// again could help at all.
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) processed: Processed,
    pub(crate) permanent: bool,
}

/// The client: rustls with the roots tclive loaded itself (bounded, once per run), the
/// timeouts, no redirects (a request carrying a signature and maybe a private key goes to
/// the endpoint and nowhere else), and `proxy` instead of the library's own reading of the
/// environment. `localhost` names (of `url` and of the proxy) go to the loopback addresses,
/// never to what the resolver says of them.
pub(crate) fn client(
    url: &reqwest::Url,
    timeout: Duration,
    connect_timeout: Duration,
    proxy: Option<&crate::proxy::Choice>,
) -> Result<reqwest::Client, Error> {
    let roots = crate::roots::trusted(timeout)?.store.clone();
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(rustls::DEFAULT_VERSIONS)
    .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let mut builder = reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .timeout(timeout)
        .connect_timeout(connect_timeout.min(timeout))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    for name in std::iter::once(url)
        .chain(proxy.map(|p| &p.url))
        .filter_map(crate::endpoint::localhost_name)
    {
        builder = builder.resolve_to_addrs(name, &crate::endpoint::LOOPBACK);
    }
    if let Some(p) = proxy {
        let proxy = reqwest::Proxy::all(p.url.as_str())
            .map_err(|e| Error::Usage(format!("{}: {}", p.from, printable(&chain(&e)))))?
            .no_proxy(
                p.no_proxy
                    .as_deref()
                    .and_then(reqwest::NoProxy::from_string),
            );
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| Error::Transport(format!("cannot set up HTTPS: {}", chain(&e))))
}

/// The headers as a map, every value checked: a value that HTTP cannot carry (a line break
/// in a region or a token) is refused before anything is sent. `Err` names the header.
pub(crate) fn header_map(
    hdrs: &[(&'static str, String)],
) -> Result<reqwest::header::HeaderMap, &'static str> {
    let mut map = reqwest::header::HeaderMap::with_capacity(hdrs.len());
    for (k, v) in hdrs {
        let value = reqwest::header::HeaderValue::from_str(v).map_err(|_| *k)?;
        map.insert(*k, value);
    }
    Ok(map)
}

/// Why an answer's body was not read whole.
pub(crate) enum BodyError {
    /// More than the limit: reading stopped there.
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads `resp`'s body into `body`, stopping before it would pass `limit` bytes.
pub(crate) async fn read_body(
    resp: &mut reqwest::Response,
    body: &mut Vec<u8>,
    limit: usize,
) -> Result<(), BodyError> {
    while let Some(chunk) = resp.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(())
}

/// reqwest's own message wraps the cause in layers ("error sending request … client error
/// (Connect) …"); the innermost error is the one that says what happened (refused, reset,
/// certificate unknown …).
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}

/// The TLS failure in the error's chain, if there is one: an untrusted or invalid certificate
/// will be just as untrusted in a second. Decided by the error's type, not its words. The
/// connector wraps the TLS error in `io::Error`s, whose `source()` skips the wrapped error:
/// those are opened with `get_ref()`.
pub(crate) fn tls_failure<'e>(
    e: &'e (dyn std::error::Error + 'static),
) -> Option<&'e rustls::Error> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    // Bounded: a chain is a handful of layers.
    for _ in 0..32 {
        let err = cur?;
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        cur = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
}

/// What a TLS failure says of the server's protocol versions, when it is about them: a
/// server that answered with TLS 1.0 or 1.1 (or refused every version offered with a
/// `protocol_version` alert), told apart by the error's variant.
fn version_problem(e: &rustls::Error) -> Option<&'static str> {
    use rustls::PeerIncompatible as P;
    match e {
        rustls::Error::PeerIncompatible(P::ServerDoesNotSupportTls12Or13) => {
            Some("the server speaks only a TLS version older than 1.2 (TLS 1.0 or 1.1)")
        }
        rustls::Error::PeerIncompatible(
            P::ServerTlsVersionIsDisabledByOurConfig
            | P::SupportedVersionsExtensionRequired
            | P::Tls12NotOffered
            | P::Tls12NotOfferedOrEnabled,
        ) => Some("the server and tclive have no TLS version in common"),
        rustls::Error::AlertReceived(rustls::AlertDescription::ProtocolVersion) => Some(
            "the server refused the TLS versions tclive offers (1.2 and 1.3) with a protocol_version alert",
        ),
        _ => None,
    }
}

/// What a failed send or read to `url` means. A connect error (refused, DNS, TLS handshake,
/// connect timeout) means the request was never written: the server cannot have processed it.
pub(crate) fn transport_failure(
    url: &reqwest::Url,
    timeout: Duration,
    e: &reqwest::Error,
) -> Failure {
    if e.is_connect() {
        let tls = tls_failure(e);
        let error = match tls.map(|t| (t, version_problem(t))) {
            Some((_, Some(why))) => Error::TlsVersion(format!("cannot connect to {url}: {why}")),
            tls => {
                let message = format!("cannot connect to {url}: {}", printable(&chain(e)));
                if tls.is_some() {
                    Error::Tls(message)
                } else {
                    Error::Transport(message)
                }
            }
        };
        return Failure {
            permanent: tls.is_some(),
            error,
            processed: Processed::Unsent,
        };
    }
    let error = if e.is_timeout() {
        Error::Transport(format!(
            "no answer from {url} within {} (--timeout)",
            humantime::format_duration(timeout)
        ))
    } else {
        Error::Transport(format!("request to {url} failed: {}", printable(&chain(e))))
    };
    Failure {
        error,
        processed: Processed::Maybe,
        permanent: false,
    }
}

/// `-v`'s line for a request whose headers and body hold credentials.
pub(crate) fn trace_opaque_request(method: &reqwest::Method, url: &reqwest::Url, what: &str) {
    let mut shown = url.clone();
    shown.set_query(None);
    errln!(
        "> {method} {shown} ({what}; its headers and body are not shown: they hold credentials)"
    );
}

/// `-v`'s line for an answer that holds credentials.
pub(crate) fn trace_opaque_answer(status: u16, bytes: usize) {
    errln!("< HTTP {status} ({bytes} bytes, not shown: it holds credentials)");
}

/// One plain request (not of the API 3.0) to a credential service: the metadata service, a
/// CI's token endpoint. Its headers and its answer hold credentials: `-v` shows neither.
pub(crate) struct Plain<'a> {
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    pub headers: Vec<(&'static str, String)>,
    /// For messages and the verbose trace.
    pub what: &'a str,
    /// Through the proxy of the environment, where one is set (never for the metadata
    /// service, which is on the machine's own network).
    pub proxy: bool,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub limit: usize,
    pub verbose: bool,
}

/// Why a plain request got no answer.
#[derive(Debug)]
pub(crate) enum PlainError {
    /// No connection, or no answer in time.
    Unreachable(String),
    Other(String),
}

impl PlainError {
    pub(crate) fn text(self) -> String {
        match self {
            PlainError::Unreachable(s) | PlainError::Other(s) => s,
        }
    }
}

impl Plain<'_> {
    /// Sends it: the status and the body (zeroed when dropped), or why there is none. A
    /// redirect is never followed: credentials are asked of that address and no other.
    pub(crate) async fn send(&self) -> Result<(u16, zeroize::Zeroizing<Vec<u8>>), PlainError> {
        let shown = {
            let mut u = self.url.clone();
            u.set_query(None);
            u.to_string()
        };
        let proxy = if self.proxy {
            crate::proxy::decide(
                &self.url,
                crate::endpoint::is_loopback(&self.url),
                &crate::envvar::process,
            )
            .map_err(PlainError::Other)?
        } else {
            None
        };
        let client = client(
            &self.url,
            self.timeout,
            self.connect_timeout,
            proxy.as_ref(),
        )
        .map_err(|e| PlainError::Other(e.to_string()))?;
        let headers = header_map(&self.headers).map_err(|k| {
            PlainError::Other(format!(
                "the {k} header would hold characters HTTP cannot carry"
            ))
        })?;
        if self.verbose {
            trace_opaque_request(&self.method, &self.url, self.what);
        }
        let mut resp = client
            .request(self.method.clone(), self.url.clone())
            .headers(headers)
            .send()
            .await
            .map_err(|e| {
                let why = chain(&e);
                if e.is_connect() || e.is_timeout() {
                    PlainError::Unreachable(printable(&why))
                } else {
                    PlainError::Other(format!("{shown}: {}", printable(&why)))
                }
            })?;
        let status = resp.status().as_u16();
        if resp.status().is_redirection() {
            return Err(PlainError::Other(format!(
                "{shown} answered with a redirect (HTTP {status}); not followed: credentials are \
                 asked of that address and no other"
            )));
        }
        let mut body = zeroize::Zeroizing::new(Vec::new());
        read_body(&mut resp, &mut body, self.limit)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => PlainError::Other(format!(
                    "{shown}: the answer is larger than {} KiB; stopped reading",
                    self.limit / 1024
                )),
                BodyError::Transport(e) => PlainError::Other(format!("{shown}: {}", chain(&e))),
            })?;
        if self.verbose {
            trace_opaque_answer(status, body.len());
        }
        Ok((status, body))
    }
}
