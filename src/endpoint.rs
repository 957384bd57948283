//! The API endpoint: `host`, `host:port`, `https://host[:port]`, or `http://` for loopback only.

use std::net::IpAddr;

use reqwest::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL requests are POSTed to, always with path `/`.
    pub url: Url,
    /// The `Host` header value, port included when not the scheme's default. It is also the host
    /// that is signed, so the two can never differ.
    pub host: String,
}

impl Endpoint {
    /// A loopback host: requests to it never go through a proxy.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.url)
    }
}

/// Reads an endpoint; `what` (`--endpoint`, `TCLIVE_STS_ENDPOINT`) is where it came from,
/// and every error names it.
pub fn parse(raw: &str, what: &str) -> Result<Endpoint, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(format!(
            "{what} is empty: give a host such as live.tencentcloudapi.com"
        ));
    }
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("https://{raw}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|e| format!("{what} '{raw}' is not a valid host or URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" => {
            if !is_loopback(&url) {
                return Err(format!(
                    "{what} '{raw}': http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost, *.localhost); \
                     signatures and private keys must not travel in clear text: use https://"
                ));
            }
        }
        other => {
            return Err(format!(
                "{what} '{raw}': unsupported scheme '{other}'; use https://HOST[:PORT]"
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{what} '{raw}': user information is not allowed in the endpoint"
        ));
    }
    if !(url.path() == "/" || url.path().is_empty())
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(format!(
            "{what} '{raw}': the API lives at the root; give only scheme, host and port"
        ));
    }
    let Some(host_str) = url.host_str() else {
        return Err(format!("{what} '{raw}' has no host"));
    };
    let host = match url.port() {
        Some(port) => format!("{host_str}:{port}"),
        None => host_str.to_string(),
    };
    Ok(Endpoint { url, host })
}

/// A region name as the API's `X-TC-Region` takes it (`ap-guangzhou`): letters, digits, `-`
/// and `_`. Anything else (a line break would split a request) is refused before it travels.
pub fn is_region(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether a connection to `url` can only go to a loopback address: a loopback IP literal, or
/// `localhost` / `*.localhost`, which tclive resolves to 127.0.0.1 and ::1 itself
/// ([`localhost_name`]), never through the resolver (/etc/hosts or DNS could say anything).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(_)) => localhost_name(url).is_some(),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// `url`'s host when it is `localhost` or a name under it (RFC 6761, as curl reads it; a
/// trailing dot allowed): the names the HTTP client resolves to [`LOOPBACK`] itself.
pub(crate) fn localhost_name(url: &Url) -> Option<&str> {
    let Some(url::Host::Domain(name)) = url.host() else {
        return None;
    };
    let bare = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    (bare == "localhost" || bare.ends_with(".localhost")).then_some(name)
}

/// Where a `localhost` name goes: the loopback addresses, port taken from the URL.
pub(crate) const LOOPBACK: [std::net::SocketAddr; 2] = [
    std::net::SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0),
    std::net::SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), 0),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Endpoint, String> {
        super::parse(raw, "--endpoint")
    }

    #[test]
    fn accepted_forms() {
        let e = parse("live.tencentcloudapi.com").unwrap();
        assert_eq!(e.url.as_str(), "https://live.tencentcloudapi.com/");
        assert_eq!(e.host, "live.tencentcloudapi.com");
        let e = parse("live.ap-guangzhou.tencentcloudapi.com:8443").unwrap();
        assert_eq!(e.host, "live.ap-guangzhou.tencentcloudapi.com:8443");
        let e = parse("https://live.tencentcloudapi.com:443/").unwrap();
        assert_eq!(
            e.host, "live.tencentcloudapi.com",
            "default port is not sent"
        );
        let e = parse("http://127.0.0.1:8080").unwrap();
        assert_eq!(e.url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(e.host, "127.0.0.1:8080");
        assert_eq!(parse("http://[::1]:9").unwrap().host, "[::1]:9");
        assert_eq!(parse("http://localhost:9").unwrap().host, "localhost:9");
        assert_eq!(parse("http://127.8.9.10:9").unwrap().host, "127.8.9.10:9");
        assert_eq!(
            parse("http://api.LOCALHOST.:9").unwrap().host,
            "api.localhost.:9"
        );
    }

    #[test]
    fn localhost_names() {
        let name = |u: &str| localhost_name(&Url::parse(u).unwrap()).map(str::to_string);
        assert_eq!(name("http://localhost:1").as_deref(), Some("localhost"));
        assert_eq!(
            name("http://a.b.localhost/").as_deref(),
            Some("a.b.localhost")
        );
        assert_eq!(name("http://localhost./").as_deref(), Some("localhost."));
        for other in [
            "http://localhost.example.com/",
            "http://notlocalhost/",
            "http://localhostx/",
            "http://127.0.0.1/",
            "http://[::1]/",
        ] {
            assert_eq!(name(other), None, "{other}");
        }
        assert!(parse("http://localhost.example.com").is_err());
        assert!(parse("http://mylocalhost").is_err());
    }

    #[test]
    fn refused_forms() {
        assert!(
            parse("http://live.tencentcloudapi.com")
                .unwrap_err()
                .contains("loopback")
        );
        assert!(parse("http://10.0.0.1").unwrap_err().contains("loopback"));
        assert!(parse("ftp://a.com").unwrap_err().contains("scheme"));
        assert!(parse("https://a.com/v3").unwrap_err().contains("root"));
        assert!(parse("https://u:p@a.com").unwrap_err().contains("user"));
        assert!(parse("").is_err());
        assert!(parse("a.com:notaport").is_err());
        assert!(
            parse("https://")
                .unwrap_err()
                .starts_with("--endpoint 'https://' is not a valid host or URL")
        );
    }
}
