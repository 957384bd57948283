//! The hostile loopback server: an HTTP server on 127.0.0.1 that misbehaves on purpose, one
//! scripted action per connection: answers of any status (redirects), dropped or reset
//! connections, stalls, truncated bodies, answers computed from the request (endless or
//! repeated pages), huge answers; it also stands in for a proxy (it records a CONNECT).
//! httpmock cannot do these.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An answer computed from the request: status and body.
pub type Responder = std::sync::Arc<dyn Fn(&Received) -> (u16, String) + Send + Sync>;

#[derive(Clone)]
pub enum Action {
    /// Answer with this status, extra headers and body (then close).
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Read the whole request, then close without answering.
    Drop,
    /// Read only the headers and close with the body unread: the kernel sends a reset.
    Reset,
    /// Read the request and say nothing for this long.
    Stall(Duration),
    /// Promise `declared` bytes of body, send `body`, close.
    Truncated { declared: usize, body: String },
    /// Answer with what the function makes of the request (JSON content type).
    Compute(Responder),
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Respond { status, .. } => write!(f, "Respond({status})"),
            Action::Drop => f.write_str("Drop"),
            Action::Reset => f.write_str("Reset"),
            Action::Stall(d) => write!(f, "Stall({d:?})"),
            Action::Truncated { declared, .. } => write!(f, "Truncated({declared})"),
            Action::Compute(_) => f.write_str("Compute"),
        }
    }
}

/// A redirect to `location`.
pub fn redirect(status: u16, location: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("Location".into(), location.into())],
        body: String::new(),
    }
}

pub fn compute(f: impl Fn(&Received) -> (u16, String) + Send + Sync + 'static) -> Action {
    Action::Compute(std::sync::Arc::new(f))
}

pub fn json(status: u16, body: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.into(),
    }
}

pub fn api_error(code: &str) -> Action {
    json(
        200,
        &format!(
            r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"scripted {code}"}},"RequestId":"req-{code}"}}}}"#
        ),
    )
}

/// One received request.
#[derive(Clone, Debug)]
pub struct Received {
    pub head: String,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

pub struct FaultServer {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl FaultServer {
    /// Serves the script, one action per connection; the last action repeats.
    pub fn start(script: Vec<Action>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let rec = received.clone();
        std::thread::spawn(move || {
            for (i, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { break };
                let action = script[i.min(script.len() - 1)].clone();
                let rec = rec.clone();
                std::thread::spawn(move || serve(stream, action, rec));
            }
        });
        FaultServer { port, received }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn read_head(s: &mut TcpStream) -> Option<(String, usize)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let len = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    Some((head, len))
}

fn serve(mut s: TcpStream, action: Action, rec: Arc<Mutex<Vec<Received>>>) {
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let Some((head, len)) = read_head(&mut s) else {
        return;
    };
    if let Action::Reset = action {
        rec.lock().unwrap().push(Received {
            head,
            body: Vec::new(),
        });
        // Closing with unread data makes the kernel answer with RST.
        return;
    }
    let mut body = vec![0; len];
    if s.read_exact(&mut body).is_err() {
        return;
    }
    let received = Received { head, body };
    rec.lock().unwrap().push(received.clone());
    let action = match action {
        Action::Compute(f) => {
            let (status, body) = f(&received);
            json(status, &body)
        }
        other => other,
    };
    match action {
        Action::Respond {
            status,
            headers,
            body,
        } => {
            let mut out = format!("HTTP/1.1 {status} Scripted\r\n");
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str(&format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ));
            let _ = s.write_all(out.as_bytes());
        }
        Action::Drop | Action::Reset | Action::Compute(_) => {}
        Action::Stall(d) => std::thread::sleep(d),
        Action::Truncated { declared, body } => {
            let _ = s.write_all(
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n{body}"
                )
                .as_bytes(),
            );
        }
    }
    let _ = s.flush();
}
