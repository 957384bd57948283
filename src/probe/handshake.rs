//! One TLS handshake with SNI = the domain, to read the chain the server hands out: no HTTP
//! request, nothing sent but the ClientHello and what the handshake needs. The chain is
//! accepted whatever it is (a chain that is not trusted must still be read and shown; its
//! trust is judged afterwards, in `judge`), but the handshake's own signature is verified.
//! Every read and write is bounded by the deadline.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};

/// What the handshake gave.
#[derive(Debug, Clone)]
pub struct Handshake {
    /// `TLSv1.3`, `TLSv1.2`.
    pub version: String,
    /// The certificates as served, leaf first, DER.
    pub chain: Vec<Vec<u8>>,
}

/// Why there was no handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    Refused,
    Timeout,
    /// Anything else: reset, TLS alert, not TLS.
    Other(String),
}

impl Failed {
    pub fn describe(&self) -> String {
        match self {
            Failed::Refused => "connection refused".into(),
            Failed::Timeout => "no handshake within the timeout".into(),
            Failed::Other(s) => s.clone(),
        }
    }
}

/// Accepts any chain (judged later), verifies the handshake signatures.
#[derive(Debug)]
struct ReadAnyChain(Arc<CryptoProvider>);

impl ServerCertVerifier for ReadAnyChain {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The client configuration every probe shares: TLS 1.3 and 1.2, no client certificate, and
/// no session resumption. A resumed session carries no certificate, and rustls then reports
/// the chain of the handshake the session came from: another edge of the name (CDN edges
/// share session stores and ticket keys), or the same edge before it was renewed. So every
/// handshake is a full one: no session is kept, no TLS 1.2 session id or ticket nor TLS 1.3
/// ticket (PSK) is offered, and no early data.
pub fn config() -> Arc<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .expect("ring supports TLS 1.3 and 1.2")
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ReadAnyChain(provider)))
        .with_no_client_auth();
    config.resumption = rustls::client::Resumption::disabled();
    config.enable_early_data = false;
    Arc::new(config)
}

fn io_failed(e: &io::Error) -> Failed {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Failed::Refused,
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Failed::Timeout,
        io::ErrorKind::UnexpectedEof => {
            Failed::Other("the server closed the connection during the handshake".into())
        }
        io::ErrorKind::ConnectionReset => {
            Failed::Other("the server reset the connection during the handshake".into())
        }
        _ => Failed::Other(crate::text::printable(&e.to_string())),
    }
}

/// Connects to `addr` and shakes hands as a browser would for `sni`, by `deadline`.
pub fn handshake(
    config: &Arc<ClientConfig>,
    addr: SocketAddr,
    sni: &str,
    deadline: Instant,
) -> Result<Handshake, Failed> {
    let left = || {
        deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(Failed::Timeout)
    };
    let name = ServerName::try_from(sni.to_string())
        .map_err(|_| Failed::Other(format!("'{sni}' cannot be sent as SNI")))?;
    let mut tcp = TcpStream::connect_timeout(&addr, left()?).map_err(|e| io_failed(&e))?;
    let _ = tcp.set_nodelay(true);
    let mut conn = ClientConnection::new(config.clone(), name)
        .map_err(|e| Failed::Other(format!("TLS: {e}")))?;
    while conn.is_handshaking() {
        while conn.wants_write() {
            tcp.set_write_timeout(Some(left()?))
                .map_err(|e| io_failed(&e))?;
            conn.write_tls(&mut tcp).map_err(|e| io_failed(&e))?;
        }
        if !conn.is_handshaking() {
            break;
        }
        tcp.set_read_timeout(Some(left()?))
            .map_err(|e| io_failed(&e))?;
        let n = conn.read_tls(&mut tcp).map_err(|e| io_failed(&e))?;
        if n == 0 {
            return Err(Failed::Other(
                "the server closed the connection during the handshake".into(),
            ));
        }
        conn.process_new_packets().map_err(|e| {
            Failed::Other(format!("TLS: {}", crate::text::printable(&e.to_string())))
        })?;
    }
    let chain: Vec<Vec<u8>> = conn
        .peer_certificates()
        .unwrap_or_default()
        .iter()
        .map(|c| c.as_ref().to_vec())
        .collect();
    if chain.is_empty() {
        return Err(Failed::Other("the server sent no certificate".into()));
    }
    let version = match conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3",
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2",
        _ => "TLS",
    }
    .to_string();
    // A polite goodbye; what the server does with it does not matter.
    conn.send_close_notify();
    let _ = tcp.set_write_timeout(Some(Duration::from_millis(200)));
    let _ = conn.write_tls(&mut tcp);
    Ok(Handshake { version, chain })
}
