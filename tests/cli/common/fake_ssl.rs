//! A stateful fake SSL Certificate service on loopback, sharing its store with a [`FakeLive`]
//! (a Live domain bound by `CloudCertId` serves the stored chain): `UploadCertificate` with
//! duplicate detection (an identical chain answers the stored id in `RepeatCertId` when
//! `Repeatable` is false, and a `CertificateId` that names nothing, so that a client binding
//! the wrong one fails), `DescribeCertificates` (paged, `FilterSource`, `SearchKey`), bought
//! certificates (`From` is not `upload`), and a refusal of any action by code. Every
//! signature is checked under service `ssl`: a request signed for Live is refused.

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::fake_live::{FakeLive, LiveState};
use super::server::{Handler, Reply, Request, Server};

/// One certificate of the store.
#[derive(Clone, Debug)]
pub struct StoredCert {
    pub id: String,
    pub alias: String,
    /// The chain as uploaded, PEM (empty for a bought certificate).
    pub pem: String,
    /// `upload`, or the CA of a bought one (`trustasia` …).
    pub from: String,
    pub domain: String,
    /// Beijing time, as the API writes it.
    pub end: String,
}

impl StoredCert {
    /// A certificate bought from Tencent (`From: trustasia`) for `domain`.
    pub fn bought(id: &str, domain: &str) -> StoredCert {
        StoredCert {
            id: id.into(),
            alias: String::new(),
            pem: String::new(),
            from: "trustasia".into(),
            domain: domain.into(),
            end: "2030-01-01 08:00:00".into(),
        }
    }
}

/// The base64 of every certificate of a PEM chain, whitespace removed: what makes two
/// uploads the same certificate.
pub fn chain_key(pem: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in pem.lines().map(str::trim) {
        if line.starts_with("-----BEGIN CERTIFICATE") {
            cur = Some(String::new());
        } else if line.starts_with("-----END CERTIFICATE") {
            out.extend(cur.take());
        } else if let Some(c) = cur.as_mut() {
            c.push_str(line);
        }
    }
    out
}

/// A fake SSL service over the store of a [`FakeLive`].
pub struct FakeSsl {
    pub state: Arc<Mutex<LiveState>>,
    server: Server,
}

impl FakeSsl {
    /// The SSL service of `live`'s account.
    pub fn of(live: &FakeLive) -> FakeSsl {
        let state = live.state.clone();
        let server = Server::start(Ssl {
            state: state.clone(),
        });
        FakeSsl { state, server }
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    pub fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// The actions received, in order.
    pub fn actions(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| r.header("x-tc-action").unwrap_or_default())
            .collect()
    }

    /// The bodies of the UploadCertificate requests received.
    pub fn uploads(&self) -> Vec<Value> {
        self.requests()
            .iter()
            .filter(|r| r.header("x-tc-action").as_deref() == Some("UploadCertificate"))
            .map(|r| serde_json::from_slice(&r.body).unwrap_or(Value::Null))
            .collect()
    }
}

struct Ssl {
    state: Arc<Mutex<LiveState>>,
}

impl Handler for Ssl {
    fn reply(&self, r: &Request, index: usize) -> Reply {
        let action = r.header("x-tc-action").unwrap_or_default();
        let ts: i64 = r
            .header("x-tc-timestamp")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let host = r.header("host").unwrap_or_default();
        let signed_ok = r.header("authorization").as_deref()
            == Some(super::expected_authorization_for("ssl", &host, ts, &r.body).as_str());
        if !signed_ok {
            let response = json!({
                "Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"},
                "RequestId": format!("ssl-{}", index + 1),
            });
            return Reply::json(200, json!({ "Response": response }).to_string());
        }
        reply(&self.state, &action, r, index)
    }
}

/// Whether `action` is one of the SSL service's (the fake Live API answers them too).
pub fn is_ssl_action(action: &str) -> bool {
    matches!(action, "UploadCertificate" | "DescribeCertificates")
}

/// The answer to a request whose signature was checked.
pub fn reply(state: &Mutex<LiveState>, action: &str, r: &Request, index: usize) -> Reply {
    let req: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    let mut response = {
        let mut st = state.lock().unwrap();
        let refused = st
            .ssl_refuse
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, code)| code.clone());
        if let Some(code) = refused {
            json!({"Error": {"Code": code, "Message": "refused by the test"}})
        } else {
            match action {
                "UploadCertificate" => upload(&mut st, &req),
                "DescribeCertificates" => describe(&st, &req),
                _ => json!({"Error": {"Code": "InvalidAction", "Message": "unknown action"}}),
            }
        }
    };
    response["RequestId"] = json!(format!("ssl-{}", index + 1));
    Reply::json(200, json!({ "Response": response }).to_string())
}

fn upload(st: &mut LiveState, req: &Value) -> Value {
    let (Some(pem), Some(_key)) = (
        req["CertificatePublicKey"].as_str(),
        req["CertificatePrivateKey"].as_str(),
    ) else {
        return json!({"Error": {"Code": "MissingParameter", "Message": "CertificatePublicKey and CertificatePrivateKey"}});
    };
    st.uploads += 1;
    let key = chain_key(pem);
    if key.is_empty() {
        return json!({"Error": {"Code": "FailedOperation.CertificateParseError", "Message": "not a certificate"}});
    }
    let repeatable = req["Repeatable"].as_bool().unwrap_or(true);
    if !repeatable
        && let Some(dup) = st
            .stored
            .iter()
            .find(|c| c.from == "upload" && chain_key(&c.pem) == key)
    {
        return json!({"CertificateId": format!("not-stored-{}", st.uploads), "RepeatCertId": dup.id});
    }
    let id = format!(
        "upload-{}",
        st.stored.iter().filter(|c| c.from == "upload").count() + 1
    );
    st.stored.push(StoredCert {
        id: id.clone(),
        alias: req["Alias"].as_str().unwrap_or("").to_string(),
        pem: pem.to_string(),
        from: "upload".into(),
        domain: String::new(),
        end: "2027-03-01 07:59:59".into(),
    });
    json!({"CertificateId": id, "RepeatCertId": ""})
}

fn describe(st: &LiveState, req: &Value) -> Value {
    let source = req["FilterSource"].as_str();
    let search = req["SearchKey"].as_str();
    let list: Vec<&StoredCert> = st
        .stored
        .iter()
        .filter(|c| match source {
            Some("upload") => c.from == "upload",
            Some("buy") => c.from != "upload",
            _ => true,
        })
        .filter(|c| {
            search.is_none_or(|s| c.id.contains(s) || c.alias.contains(s) || c.domain.contains(s))
        })
        .collect();
    let offset = req["Offset"].as_u64().unwrap_or(0) as usize;
    let limit = req["Limit"].as_u64().unwrap_or(10).min(1000) as usize;
    let page: Vec<Value> = list
        .iter()
        .skip(offset)
        .take(limit)
        .map(|c| {
            json!({
                "CertificateId": c.id,
                "Alias": c.alias,
                "From": c.from,
                "Domain": c.domain,
                "CertificateType": "SVR",
                "Status": 1,
                "CertEndTime": c.end,
            })
        })
        .collect();
    json!({"TotalCount": list.len(), "Certificates": page})
}
