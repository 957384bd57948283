//! Loopback TLS "edge servers" for `cert probe` and `--wait-served`: a certificate chain per
//! SNI name, optionally switched to another after a delay (propagation), on the common
//! server; plus a server that accepts and never answers a handshake. Test chains come from a
//! test root the binary is told to trust (`SSL_CERT_FILE`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rcgen::KeyPair;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use super::pki::*;
use super::server::{Handler, Reply, Request, Server};

/// A chain (leaf first) and its key, as PEM.
#[derive(Clone)]
pub struct Chain {
    pub pem: String,
    pub key_pem: String,
}

impl Chain {
    /// The leaf's fingerprint, as tclive writes it.
    pub fn fingerprint(&self) -> String {
        let first = CertificateDer::pem_slice_iter(self.pem.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        tclive::check::fingerprint(first.as_ref())
    }

    fn certified(&self) -> Arc<CertifiedKey> {
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(self.pem.as_bytes())
                .map(|c| c.unwrap())
                .collect();
        let key = PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes()).unwrap();
        let signer = rustls::crypto::ring::sign::any_supported_type(&key).unwrap();
        Arc::new(CertifiedKey::new(certs, signer))
    }
}

/// A test PKI: a root (trusted through `SSL_CERT_FILE`) and an intermediate.
pub struct Pki {
    pub root: Authority,
    pub inter: Authority,
}

impl Pki {
    pub fn new(name: &str) -> Pki {
        let root = root(&format!("{name} Root"));
        let inter = intermediate(&format!("{name} Intermediate"), &root);
        Pki { root, inter }
    }

    /// A leaf for `spec` with the intermediate after it (or not: `with_intermediate`).
    pub fn chain(&self, spec: &LeafSpec<'_>, with_intermediate: bool) -> Chain {
        let key = KeyPair::generate().unwrap();
        let leaf = leaf(spec, &key, &self.inter);
        Chain {
            pem: if with_intermediate {
                format!("{leaf}{}", self.inter.pem)
            } else {
                leaf
            },
            key_pem: key.serialize_pem(),
        }
    }

    pub fn chain_for(&self, names: &[&str]) -> Chain {
        self.chain(
            &LeafSpec {
                names,
                ..LeafSpec::default()
            },
            true,
        )
    }
}

/// What an edge serves for one SNI name: `first`, then `then` once `after` has passed.
pub struct Serve {
    pub first: Chain,
    pub then: Option<(Duration, Chain)>,
}

/// What a name serves first, and what it serves after a while.
type Phases = (Arc<CertifiedKey>, Option<(Duration, Arc<CertifiedKey>)>);

#[derive(Debug)]
struct BySni {
    started: Instant,
    by_name: HashMap<String, Phases>,
}

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let (first, then) = self.by_name.get(hello.server_name()?)?;
        match then {
            Some((after, next)) if self.started.elapsed() >= *after => Some(next.clone()),
            _ => Some(first.clone()),
        }
    }
}

struct NoHttp;

impl Handler for NoHttp {
    fn reply(&self, _: &Request, _: usize) -> Reply {
        Reply::Respond {
            status: 404,
            headers: vec![],
            body: String::new(),
            close: true,
        }
    }
}

/// Starts an edge serving `sites` (SNI name → what it serves).
pub fn edge(sites: Vec<(&str, Serve)>) -> Server {
    edge_with(sites, rustls::DEFAULT_VERSIONS, |_| {})
}

/// Like [`edge`], speaking only `versions`, its configuration then changed by `tune` (e.g. a
/// session store or ticket keys shared with other edges, as a CDN's edges share them).
pub fn edge_with(
    sites: Vec<(&str, Serve)>,
    versions: &[&'static rustls::SupportedProtocolVersion],
    tune: impl FnOnce(&mut rustls::ServerConfig),
) -> Server {
    let by_name = sites
        .into_iter()
        .map(|(name, s)| {
            (
                name.to_string(),
                (
                    s.first.certified(),
                    s.then.map(|(after, c)| (after, c.certified())),
                ),
            )
        })
        .collect();
    let resolver = Arc::new(BySni {
        started: Instant::now(),
        by_name,
    });
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(versions)
    .unwrap()
    .with_no_client_auth()
    .with_cert_resolver(resolver);
    tune(&mut config);
    Server::start_tls(NoHttp, Arc::new(config))
}

pub fn serve(chain: &Chain) -> Serve {
    Serve {
        first: chain.clone(),
        then: None,
    }
}

/// A server that accepts connections and never says a word: a handshake that hangs.
pub fn silent() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    port
}
