//! Where a domain is probed: its own addresses, or the hosts `--connect-to NAME:HOST[:PORT]`
//! gives for it (as curl's `--connect-to`: the TLS name stays the domain, the connection goes
//! to HOST). Parsing is pure; resolving asks the system's resolver.

use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs};

/// One `--connect-to` host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub host: String,
    pub port: Option<u16>,
}

/// `--connect-to` values by domain (by `domain::key`), in the order given.
#[derive(Debug, Default, Clone)]
pub struct ConnectTo(HashMap<String, Vec<Host>>);

impl ConnectTo {
    pub fn parse(values: &[String]) -> Result<ConnectTo, String> {
        let mut map: HashMap<String, Vec<Host>> = HashMap::new();
        for v in values {
            let shown = crate::text::printable(v);
            let bad = |why: &str| {
                format!(
                    "--connect-to '{shown}': {why}; write NAME:HOST[:PORT], e.g. play.example.com:edge1.cdn.example.net:443"
                )
            };
            let (name, rest) = v.split_once(':').ok_or_else(|| bad("no HOST"))?;
            let name = crate::domain::normalize(name).map_err(|e| bad(&e))?;
            let (host, port) = if let Some(inner) = rest.strip_prefix('[') {
                let (h, after) = inner.split_once(']').ok_or_else(|| bad("unclosed '['"))?;
                let port = match after {
                    "" => None,
                    p => Some(p.strip_prefix(':').ok_or_else(|| bad("text after ']'"))?),
                };
                (h.to_string(), port)
            } else {
                match rest.rsplit_once(':') {
                    Some((h, p)) if !h.contains(':') => (h.to_string(), Some(p)),
                    Some(_) => return Err(bad("an IPv6 address goes in brackets, [::1]")),
                    None => (rest.to_string(), None),
                }
            };
            if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(bad("no HOST"));
            }
            let port = match port {
                None => None,
                Some(p) => Some(
                    p.parse::<u16>()
                        .ok()
                        .filter(|p| *p > 0)
                        .ok_or_else(|| bad("PORT is not a port number"))?,
                ),
            };
            map.entry(crate::domain::key(&name))
                .or_default()
                .push(Host { host, port });
        }
        Ok(ConnectTo(map))
    }

    pub fn hosts(&self, domain: &str) -> Option<&[Host]> {
        self.0.get(&crate::domain::key(domain)).map(Vec::as_slice)
    }
}

/// The addresses to probe `domain` at — its own, or those of the `--connect-to` hosts given
/// for it — in the resolver's order, without repeats.
pub fn addresses(
    domain: &str,
    port: u16,
    hosts: Option<&[Host]>,
) -> Result<Vec<SocketAddr>, String> {
    let own = [Host {
        host: domain.to_string(),
        port: None,
    }];
    let hosts = hosts.unwrap_or(&own);
    let mut out: Vec<SocketAddr> = Vec::new();
    let mut last_error = None;
    for h in hosts {
        let port = h.port.unwrap_or(port);
        match (h.host.as_str(), port).to_socket_addrs() {
            Ok(addrs) => {
                for a in addrs {
                    if !out.contains(&a) {
                        out.push(a);
                    }
                }
            }
            Err(e) => last_error = Some(format!("cannot resolve {}: {e}", h.host)),
        }
    }
    if out.is_empty() {
        return Err(last_error.unwrap_or_else(|| format!("{domain} has no address")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_to_forms() {
        let c = ConnectTo::parse(&[
            "A.example.com:127.0.0.1:8443".into(),
            "a.example.com:edge.example.net".into(),
            "b.example.com:[::1]:9".into(),
        ])
        .unwrap();
        assert_eq!(
            c.hosts("a.example.com").unwrap(),
            [
                Host {
                    host: "127.0.0.1".into(),
                    port: Some(8443)
                },
                Host {
                    host: "edge.example.net".into(),
                    port: None
                }
            ]
        );
        assert_eq!(c.hosts("b.example.com").unwrap()[0].host, "::1");
        for bad in [
            "a.example.com",
            "a.example.com:",
            "a.example.com:h:0",
            "a.example.com:h:x",
            "a.example.com:::1",
            "a.example.com:[::1",
            "not a name:h",
        ] {
            assert!(ConnectTo::parse(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
