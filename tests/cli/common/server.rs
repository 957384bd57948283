//! The one loopback fake API server every test talks to: HTTP/1.1 on 127.0.0.1 (plain, or TLS
//! with a certificate made for the test), keep-alive, every request recorded with its
//! connection and arrival time. What it answers is up to a [`Handler`]: scripted faults
//! (`fault.rs`), canned answers per action (`FakeApi`), or the stateful fake Live API
//! (`fake_live.rs`). Nothing here listens anywhere but loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One received request.
#[derive(Clone, Debug)]
pub struct Request {
    /// The request line and headers, as received.
    pub head: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which connection (0, 1 …) it came on.
    pub connection: usize,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }

    pub fn headers_vec(&self) -> &[(String, String)] {
        &self.headers
    }

    pub fn body_ref(&self) -> &[u8] {
        &self.body
    }

    /// The request line's target, as sent.
    pub fn uri_str(&self) -> &str {
        self.path()
    }

    pub fn method_str(&self) -> &str {
        self.head.split(' ').next().unwrap_or("")
    }

    pub fn body_string(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The request target of the request line (`/`, or `host:port` for a CONNECT).
    pub fn path(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or("")
    }
}

/// What to do with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answer; `close` ends the connection after it (`Connection: close`).
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        close: bool,
    },
    /// Say nothing and close.
    Drop,
    /// Close with the body unread: the kernel answers with a reset (only from
    /// [`Handler::early`], before the body is read).
    Reset,
    /// Say nothing for this long, then close.
    Stall(Duration),
    /// Promise `declared` bytes of body, send `body`, close.
    Truncated { declared: usize, body: String },
    /// Wait, then do the inner reply.
    Later(Duration, Box<Reply>),
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
            close: false,
        }
    }
}

pub trait Handler: Send + Sync + 'static {
    /// Called when connection number `connection` is accepted; false hangs up at once.
    fn accept(&self, _connection: usize) -> bool {
        true
    }
    /// Called when a request's head has arrived (`index`: requests seen before it); a reply
    /// here is given before the body is read.
    fn early(&self, _head: &str, _index: usize) -> Option<Reply> {
        None
    }
    fn reply(&self, req: &Request, index: usize) -> Reply;
}

pub struct Server {
    pub port: u16,
    received: Arc<Mutex<Vec<Request>>>,
    accepted: Arc<AtomicUsize>,
    tls: bool,
}

impl Server {
    pub fn start(handler: impl Handler) -> Server {
        Self::start_with("127.0.0.1:0", Arc::new(handler), None)
    }

    /// The same server behind TLS with this configuration.
    pub fn start_tls(handler: impl Handler, config: Arc<rustls::ServerConfig>) -> Server {
        Self::start_with("127.0.0.1:0", Arc::new(handler), Some(config))
    }

    /// The same server on another loopback address (`127.0.0.2:8443`), for the tests that
    /// run in a network namespace of their own.
    pub fn start_at(addr: &str, handler: impl Handler) -> Server {
        assert!(addr.starts_with("127."), "fakes listen on loopback only");
        Self::start_with(addr, Arc::new(handler), None)
    }

    fn start_with(
        addr: &str,
        handler: Arc<dyn Handler>,
        tls: Option<Arc<rustls::ServerConfig>>,
    ) -> Server {
        let listener = TcpListener::bind(addr).unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let shared = Shared {
            handler,
            received: received.clone(),
            count,
        };
        let is_tls = tls.is_some();
        let accepted = Arc::new(AtomicUsize::new(0));
        let accepts = accepted.clone();
        std::thread::spawn(move || {
            for (connection, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { break };
                accepts.fetch_add(1, Ordering::SeqCst);
                if !shared.handler.accept(connection) {
                    drop(stream);
                    continue;
                }
                let shared = shared.clone();
                let tls = tls.clone();
                std::thread::spawn(move || {
                    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
                    match tls {
                        None => {
                            let writer = stream.try_clone().unwrap();
                            serve(stream, writer, connection, &shared)
                        }
                        Some(config) => {
                            let conn = rustls::ServerConnection::new(config).unwrap();
                            let tls = Arc::new(Mutex::new(rustls::StreamOwned::new(conn, stream)));
                            serve(SharedTls(tls.clone()), SharedTls(tls), connection, &shared)
                        }
                    }
                });
            }
        });
        Server {
            port,
            received,
            accepted,
            tls: is_tls,
        }
    }

    pub fn endpoint(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.received.lock().unwrap().clone()
    }

    /// How many connections were accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// How many connections requests came on.
    pub fn connections(&self) -> usize {
        let mut ids: Vec<usize> = self.requests().iter().map(|r| r.connection).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    }
}

#[derive(Clone)]
struct Shared {
    handler: Arc<dyn Handler>,
    received: Arc<Mutex<Vec<Request>>>,
    count: Arc<AtomicUsize>,
}

/// A TLS stream read and written from one thread through two handles.
struct SharedTls(Arc<Mutex<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>>);

impl Read for SharedTls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().read(buf)
    }
}

impl Write for SharedTls {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

impl Drop for SharedTls {
    /// The connection ends: say so the TLS way.
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.lock() {
            s.conn.send_close_notify();
            let _ = s.flush();
        }
    }
}

/// Reads requests from one connection and answers each, until it closes or a reply ends it.
fn serve(reader: impl Read, mut writer: impl Write, connection: usize, shared: &Shared) {
    let mut reader = BufReader::new(reader);
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let headers: Vec<(String, String)> = head
            .lines()
            .skip(1)
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                Some((k.trim().to_string(), v.trim().to_string()))
            })
            .collect();
        if let Some((_, auth)) = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        {
            super::record_signature(auth);
        }
        let index = shared.count.fetch_add(1, Ordering::SeqCst);
        let early = shared.handler.early(&head, index);
        if let Some(Reply::Reset) = early {
            shared.received.lock().unwrap().push(Request {
                head,
                headers,
                body: Vec::new(),
                connection,
                at: Instant::now(),
            });
            return;
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let req = Request {
            head,
            headers,
            body,
            connection,
            at: Instant::now(),
        };
        shared.received.lock().unwrap().push(req.clone());
        let reply = early.unwrap_or_else(|| shared.handler.reply(&req, index));
        if !answer(&mut writer, reply) {
            return;
        }
    }
}

/// Writes a reply; false when the connection is to be closed.
fn answer(w: &mut impl Write, reply: Reply) -> bool {
    match reply {
        Reply::Respond {
            status,
            headers,
            body,
            close,
        } => {
            let mut out = format!("HTTP/1.1 {status} Scripted\r\n");
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str(&format!("Content-Length: {}\r\n", body.len()));
            if close {
                out.push_str("Connection: close\r\n");
            }
            out.push_str("\r\n");
            out.push_str(&body);
            w.write_all(out.as_bytes()).is_ok() && w.flush().is_ok() && !close
        }
        Reply::Drop | Reply::Reset => false,
        Reply::Stall(d) => {
            std::thread::sleep(d);
            false
        }
        Reply::Truncated { declared, body } => {
            let _ = w.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n{body}"
                )
                .as_bytes(),
            );
            let _ = w.flush();
            false
        }
        Reply::Later(d, inner) => {
            std::thread::sleep(d);
            answer(w, *inner)
        }
    }
}

/// Answers every request as a successful bind.
struct AnswerOk;

impl Handler for AnswerOk {
    fn reply(&self, _: &Request, _: usize) -> Reply {
        Reply::json(200, super::ok_answer(""))
    }
}

/// The fake API behind TLS on 127.0.0.1, answering every request as a successful bind, with a
/// fresh self-signed certificate for 127.0.0.1; returns the server and that certificate's PEM
/// (the trust anchor to give the client).
pub fn https_answering_ok() -> (Server, String) {
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert_pem = ck.cert.pem();
    let cert_der = ck.cert.der().clone();
    let key_der = rustls::pki_types::PrivateKeyDer::Pkcs8(ck.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert_der], key_der)
        .unwrap();
    (Server::start_tls(AnswerOk, Arc::new(config)), cert_pem)
}
