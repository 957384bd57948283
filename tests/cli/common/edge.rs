//! Loopback TLS "edge servers" for `cert probe` and `--wait-served`: a certificate chain per
//! SNI name, optionally switched to another after a number of handshakes (propagation), on
//! the common server; plus servers that accept and never answer a handshake. Test chains come
//! from a test root the binary is told to trust (`SSL_CERT_FILE`).

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    /// The leaf, then the intermediate when the chain has it.
    pub pem: String,
    pub leaf_pem: String,
    pub inter_pem: String,
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

    /// Writes the chain into HOME under `dir`, as certbot lays out a lineage:
    /// `fullchain.pem` (the chain), `privkey.pem`, and `leaf.pem` (the leaf alone).
    pub fn write(&self, env: &super::Env, dir: &str) -> ChainFiles {
        let at = |name: &str| match dir {
            "" => name.to_string(),
            _ => format!("{dir}/{name}"),
        };
        ChainFiles {
            full: env.write(&at("fullchain.pem"), self.pem.as_bytes()),
            leaf_only: env.write(&at("leaf.pem"), self.leaf_pem.as_bytes()),
            key: env.write(&at("privkey.pem"), self.key_pem.as_bytes()),
            dir: env.path(dir),
        }
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

/// A chain written as files.
pub struct ChainFiles {
    /// The lineage directory (what certbot's RENEWED_LINEAGE names).
    pub dir: std::path::PathBuf,
    pub full: std::path::PathBuf,
    pub leaf_only: std::path::PathBuf,
    pub key: std::path::PathBuf,
}

impl ChainFiles {
    /// `--cert FULLCHAIN --key KEY`.
    pub fn args(&self) -> Vec<std::ffi::OsString> {
        vec![
            "--cert".into(),
            self.full.clone().into(),
            "--key".into(),
            self.key.clone().into(),
        ]
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

    /// A leaf for `spec` with the intermediate after it (or not: `with_intermediate`). Its
    /// key is registered with the leak check.
    pub fn chain(&self, spec: &LeafSpec<'_>, with_intermediate: bool) -> Chain {
        let key = KeyPair::generate().unwrap();
        let leaf = leaf(spec, &key, &self.inter);
        let key_pem = key.serialize_pem();
        super::register_private_key(&key_pem);
        Chain {
            pem: if with_intermediate {
                format!("{leaf}{}", self.inter.pem)
            } else {
                leaf.clone()
            },
            leaf_pem: leaf,
            inter_pem: self.inter.pem.clone(),
            key_pem,
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

/// A self-signed leaf for `spec`, served alone (its key registered with the leak check).
pub fn self_signed_chain(spec: &LeafSpec<'_>) -> Chain {
    let (leaf, key) = self_signed_leaf(spec);
    let key_pem = key.serialize_pem();
    super::register_private_key(&key_pem);
    Chain {
        pem: leaf.clone(),
        leaf_pem: leaf,
        inter_pem: String::new(),
        key_pem,
    }
}

/// What an edge serves for one SNI name: `first`, then `then` from the handshake after the
/// first `after` full handshakes of that name (a renewal that reached the edge between two
/// rounds of probes, whatever the time the rounds take).
pub struct Serve {
    pub first: Chain,
    pub then: Option<(usize, Chain)>,
}

/// What a name serves first, what it serves after that many handshakes, and how many
/// handshakes (certificate choices: a resumed session makes none) it has had.
type Phases = (
    Arc<CertifiedKey>,
    Option<(usize, Arc<CertifiedKey>)>,
    AtomicUsize,
);

#[derive(Debug)]
struct BySni {
    by_name: HashMap<String, Phases>,
}

impl ResolvesServerCert for BySni {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let (first, then, handshakes) = self.by_name.get(hello.server_name()?)?;
        let before = handshakes.fetch_add(1, Ordering::SeqCst);
        match then {
            Some((after, next)) if before >= *after => Some(next.clone()),
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
                    AtomicUsize::new(0),
                ),
            )
        })
        .collect();
    let resolver = Arc::new(BySni { by_name });
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
    counting_silent().0
}

/// [`silent`], and how many connections it accepted.
pub fn counting_silent() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            held.push(s);
        }
    });
    (port, count)
}

/// `--connect-to NAME:127.0.0.1:PORT` for each port: the edges of one name.
pub fn connect_to(name: &str, ports: &[u16]) -> Vec<String> {
    ports
        .iter()
        .flat_map(|p| ["--connect-to".to_string(), format!("{name}:127.0.0.1:{p}")])
        .collect()
}

/// `-d NAME --connect-to NAME:ADDRESS`: a domain and its edge at an address such as
/// [`closed`](super::closed)'s.
pub fn at_address(name: &str, address: &str) -> Vec<String> {
    ["-d", name, "--connect-to", &format!("{name}:{address}")]
        .map(String::from)
        .to_vec()
}

/// `-d NAME --connect-to NAME:127.0.0.1:PORT`: a domain and its one edge.
pub fn at(name: &str, port: u16) -> Vec<String> {
    let mut args = vec!["-d".to_string(), name.to_string()];
    args.extend(connect_to(name, &[port]));
    args
}

impl Pki {
    /// `tclive cert probe` trusting this root only.
    pub fn probe(&self, env: &super::Env) -> assert_cmd::Command {
        let roots = env.write("roots.pem", self.root.pem.as_bytes());
        let mut c = env.cmd();
        c.env("SSL_CERT_FILE", roots).args(["cert", "probe"]);
        c
    }
}
