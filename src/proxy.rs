//! Which proxy, if any, a request to the endpoint goes through: decided here, from the
//! environment, instead of by the HTTP library's silent defaults.
//!
//! - A loopback endpoint never goes through a proxy (the request would leave the machine).
//! - `NO_PROXY=*` bypasses the proxy for every endpoint, IP literals included; other
//!   `NO_PROXY` entries (names, suffixes, IPs, CIDRs) are applied by reqwest.
//! - A proxy variable that is set but is not a usable proxy URL is an error naming the
//!   variable, never a silent direct connection. Its value is not shown: it may hold a password.
//!   So is one that is not text (not UTF-8): read lossily it would be another URL.

use std::ffi::OsString;

use url::Url;

/// The proxy to use, with the `NO_PROXY` list it comes with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub url: Url,
    /// The variable it came from, for messages.
    pub from: &'static str,
    pub no_proxy: Option<String>,
}

const HTTPS_VARS: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
const HTTP_VARS: [&str; 4] = ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

/// A proxy variable's text: one that is not text is an error, never a mangled proxy URL.
fn get(env: &dyn Fn(&str) -> Option<OsString>, name: &str) -> Result<Option<String>, String> {
    crate::envvar::text(env, name).map_err(|e| e.to_string())
}

/// Checks one proxy variable's value.
fn parse(name: &'static str, raw: &str) -> Result<Url, String> {
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("http://{raw}")
    };
    let bad = |why: &str| {
        format!(
            "{name} is set but is not a usable proxy URL ({why}); fix it (e.g. http://proxy.example.com:3128) or unset it"
        )
    };
    let url = Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
    match url.scheme() {
        "http" | "https" => {}
        "socks5" | "socks5h" | "socks4" | "socks4a" => {
            return Err(bad("SOCKS proxies are not supported; use an HTTP proxy"));
        }
        _ => return Err(bad("the scheme must be http:// or https://")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    Ok(url)
}

/// Decides the proxy for `endpoint`. Every proxy variable that is set is checked, whichever
/// one is used, so a broken one is found the first time rather than on another machine.
pub fn decide(
    endpoint: &Url,
    loopback: bool,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Option<Choice>, String> {
    let mut parsed = Vec::new();
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        if let Some(raw) = get(env, name)? {
            parsed.push((name, parse(name, &raw)?));
        }
    }
    let no_proxy = match get(env, "NO_PROXY")? {
        Some(list) => Some(list),
        None => get(env, "no_proxy")?,
    };
    if loopback
        || no_proxy
            .as_deref()
            .is_some_and(|list| list.split(',').any(|e| e.trim() == "*"))
    {
        return Ok(None);
    }
    let order = if endpoint.scheme() == "https" {
        HTTPS_VARS
    } else {
        HTTP_VARS
    };
    Ok(order.iter().find_map(|want| {
        parsed
            .iter()
            .find(|(n, _)| n == want)
            .map(|(n, url)| Choice {
                url: url.clone(),
                from: n,
                no_proxy: no_proxy.clone(),
            })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).map(OsString::from)
    }

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn loopback_never_uses_a_proxy() {
        let e = env(&[("HTTP_PROXY", "http://p:1"), ("ALL_PROXY", "http://p:2")]);
        assert_eq!(decide(&url("http://127.0.0.1:9/"), true, &e).unwrap(), None);
    }

    #[test]
    fn star_in_no_proxy_bypasses_ip_literals_too() {
        let e = env(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "a.com, *")]);
        assert_eq!(decide(&url("https://10.1.2.3/"), false, &e).unwrap(), None);
        assert_eq!(
            decide(&url("https://api.example/"), false, &e).unwrap(),
            None
        );
    }

    #[test]
    fn scheme_picks_the_variable() {
        let e = env(&[
            ("HTTP_PROXY", "http://plain:1"),
            ("https_proxy", "secure:2"),
            ("NO_PROXY", "internal.example"),
        ]);
        let c = decide(&url("https://api.example/"), false, &e)
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.url.as_str(), c.from),
            ("http://secure:2/", "https_proxy")
        );
        assert_eq!(c.no_proxy.as_deref(), Some("internal.example"));
        let all = env(&[("ALL_PROXY", "http://all:3")]);
        let c = decide(&url("https://api.example/"), false, &all)
            .unwrap()
            .unwrap();
        assert_eq!(c.from, "ALL_PROXY");
        assert_eq!(
            decide(&url("https://api.example/"), false, &env(&[])).unwrap(),
            None
        );
    }

    #[test]
    fn an_unusable_proxy_is_an_error_that_does_not_show_the_value() {
        for bad in [
            "http://",
            "ftp://p:1",
            "socks5://p:1",
            "http://user:pa ss@p:99999",
        ] {
            let e = env(&[("HTTPS_PROXY", bad)]);
            let err = decide(&url("https://api.example/"), false, &e).unwrap_err();
            assert!(err.starts_with("HTTPS_PROXY is set but"), "{bad}: {err}");
            assert!(!err.contains("pa ss"), "{err}");
        }
        // Checked even where it would not be used.
        let e = env(&[("HTTP_PROXY", "::nonsense")]);
        assert!(decide(&url("http://127.0.0.1:1/"), true, &e).is_err());
    }
}
