//! The hostile server: the one loopback server (`server.rs`) following a script, one action
//! per request (the last repeats): answers of any status (redirects), dropped or reset
//! connections, stalls, truncated bodies, answers computed from the request (endless or
//! repeated pages), huge answers; it also stands in for a proxy (it records a CONNECT).

use std::sync::Arc;
use std::time::Duration;

use super::server::{Handler, Reply, Request, Server};

/// One received request.
pub type Received = Request;

/// An answer computed from the request: status and body.
pub type Responder = Arc<dyn Fn(&Received) -> (u16, String) + Send + Sync>;

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

/// A redirect to `location`.
pub fn redirect(status: u16, location: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("Location".into(), location.into())],
        body: String::new(),
    }
}

pub fn compute(f: impl Fn(&Received) -> (u16, String) + Send + Sync + 'static) -> Action {
    Action::Compute(Arc::new(f))
}

struct Script(Vec<Action>);

impl Script {
    fn action(&self, index: usize) -> &Action {
        &self.0[index.min(self.0.len() - 1)]
    }
}

impl Handler for Script {
    fn early(&self, _head: &str, index: usize) -> Option<Reply> {
        matches!(self.action(index), Action::Reset).then_some(Reply::Reset)
    }

    fn reply(&self, req: &Request, index: usize) -> Reply {
        match self.action(index).clone() {
            Action::Respond {
                status,
                headers,
                body,
            } => Reply::Respond {
                status,
                headers,
                body,
                close: true,
            },
            Action::Drop | Action::Reset => Reply::Drop,
            Action::Stall(d) => Reply::Stall(d),
            Action::Truncated { declared, body } => Reply::Truncated { declared, body },
            Action::Compute(f) => {
                let (status, body) = f(req);
                match Reply::json(status, body) {
                    Reply::Respond {
                        status,
                        headers,
                        body,
                        ..
                    } => Reply::Respond {
                        status,
                        headers,
                        body,
                        close: true,
                    },
                    other => other,
                }
            }
        }
    }
}

pub struct FaultServer {
    pub port: u16,
    server: Server,
}

impl FaultServer {
    /// Serves the script, one action per request; the last action repeats.
    pub fn start(script: Vec<Action>) -> Self {
        assert!(!script.is_empty());
        let server = Server::start(Script(script));
        FaultServer {
            port: server.port,
            server,
        }
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    pub fn requests(&self) -> Vec<Received> {
        self.server.requests()
    }

    /// The actions (X-TC-Action) received, in order.
    pub fn actions(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| r.header("x-tc-action").unwrap_or_default())
            .collect()
    }
}

/// A DescribeLiveDomainCertBindings answer holding `items` (JSON values, comma-separated) and,
/// when given, `TotalNum`.
pub fn bindings_answer(items: &str, total: Option<u64>) -> String {
    let total = total
        .map(|t| format!(r#","TotalNum":{t}"#))
        .unwrap_or_default();
    format!(r#"{{"Response":{{"LiveDomainCertBindings":[{items}]{total},"RequestId":"r"}}}}"#)
}
