//! A stateful fake SSL Certificate service on loopback, sharing its store with a [`FakeLive`]
//! (a Live domain bound by `CloudCertId` serves the stored chain): `UploadCertificate` with
//! duplicate detection (an identical chain answers the stored id in `RepeatCertId` when
//! `Repeatable` is false, and a `CertificateId` that names nothing, so that a client binding
//! the wrong one fails), `DescribeCertificates` (paged, `FilterSource`, `SearchKey`, `IsIgnore`), bought
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
    /// SubjectAltName (an upload's: its leaf's DNS names).
    pub sans: Vec<String>,
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
            sans: vec![domain.into()],
            end: "2030-01-01 08:00:00".into(),
        }
    }

    /// A certificate uploaded earlier for `names` (the first is its Domain), ending `end`
    /// (Beijing time).
    pub fn uploaded(id: &str, names: &[&str], end: &str) -> StoredCert {
        StoredCert {
            id: id.into(),
            alias: format!("alias of {id}"),
            pem: String::new(),
            from: "upload".into(),
            domain: names.first().copied().unwrap_or_default().into(),
            sans: names.iter().map(|n| n.to_string()).collect(),
            end: end.into(),
        }
    }
}

/// The DNS names of a PEM chain's leaf.
pub fn pem_names(pem: &str) -> Vec<String> {
    let Ok((_, p)) = x509_parser::pem::parse_x509_pem(pem.as_bytes()) else {
        return Vec::new();
    };
    let Ok(cert) = p.parse_x509() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for n in &san.value.general_names {
            if let x509_parser::extensions::GeneralName::DNSName(d) = n {
                out.push(d.to_string());
            }
        }
    }
    out
}

/// How the fake decides a delete task (`DeleteCertificates` with `IsSync`).
#[derive(Debug, Clone)]
pub struct TaskPlan {
    /// Polls answered "running" (0) before the end state.
    pub running: u32,
    /// 1 deleted, 2 failed, 3 role missing, 4 used by another resource, 5 lookup timed out.
    pub status: u64,
    pub domains: Vec<String>,
    pub error: String,
}

impl TaskPlan {
    /// A task that ends at its first poll with `status`, no domains, no error.
    pub fn ends(status: u64) -> TaskPlan {
        TaskPlan {
            running: 0,
            status,
            domains: vec![],
            error: String::new(),
        }
    }

    /// A task that ends at its first poll with status 4: still used by the resources of
    /// `domains`, with `error`.
    pub fn used_by(domains: &[&str], error: &str) -> TaskPlan {
        TaskPlan {
            domains: domains.iter().map(|d| d.to_string()).collect(),
            error: error.into(),
            ..TaskPlan::ends(4)
        }
    }
}

#[derive(Debug, Default)]
pub struct RetireState {
    /// Per certificate, how its delete task ends (default: one poll running, then deleted).
    pub plans: std::collections::HashMap<String, TaskPlan>,
    /// Certificates that DeleteCertificates lists in Fail[] with this message.
    pub fail: Vec<(String, String)>,
    /// The service role is missing: every task ends with status 3.
    pub no_role: bool,
    /// Tasks: (task id, certificate id, polls so far).
    pub tasks: Vec<(String, String, u32)>,
    /// Certificates whose expiry notices are muted.
    pub muted: Vec<String>,
    /// Answers given as they are, whatever was asked: (action, Response without RequestId).
    pub raw: Vec<(String, Value)>,
    /// Actions whose next request is read, perhaps processed, and answered by closing the
    /// connection (each once).
    pub drop_once: Vec<String>,
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
    matches!(
        action,
        "UploadCertificate"
            | "DescribeCertificates"
            | "DeleteCertificates"
            | "DescribeDeleteCertificatesTaskResult"
            | "ModifyCertificatesExpiringNotificationSwitch"
    )
}

/// The answer to a request whose signature was checked.
pub fn reply(state: &Mutex<LiveState>, action: &str, r: &Request, index: usize) -> Reply {
    {
        let mut st = state.lock().unwrap();
        if let Some(i) = st.retire.drop_once.iter().position(|a| a == action) {
            st.retire.drop_once.remove(i);
            return Reply::Drop;
        }
    }
    let behind = state.lock().unwrap().ssl_clock_behind;
    if behind != 0 {
        let ts: i64 = r
            .header("x-tc-timestamp")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let service_now = super::now() - behind;
        if (ts - service_now).abs() > 300 {
            let date = httpdate::fmt_http_date(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(service_now as u64),
            );
            let response = json!({
                "Error": {"Code": "AuthFailure.SignatureExpire", "Message": "signature expired"},
                "RequestId": format!("ssl-{}", index + 1),
            });
            return Reply::Respond {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("Date".into(), date),
                ],
                body: json!({ "Response": response }).to_string(),
                close: false,
            };
        }
    }
    let req: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    let mut response = {
        let mut st = state.lock().unwrap();
        let refused = st
            .ssl_refuse
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, code)| code.clone());
        let raw = st
            .retire
            .raw
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, v)| v.clone());
        if let Some(code) = refused {
            json!({"Error": {"Code": code, "Message": "refused by the test"}})
        } else if let Some(raw) = raw {
            raw
        } else {
            match action {
                "UploadCertificate" => upload(&mut st, &req),
                "DescribeCertificates" => describe(&st, &req),
                "DeleteCertificates" => delete(&mut st, &req),
                "DescribeDeleteCertificatesTaskResult" => tasks(&mut st, &req),
                "ModifyCertificatesExpiringNotificationSwitch" => mute(&mut st, &req),
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
        sans: pem_names(pem),
        end: "2027-03-01 07:59:59".into(),
    });
    json!({"CertificateId": id, "RepeatCertId": ""})
}

fn describe(st: &LiveState, req: &Value) -> Value {
    let source = req["FilterSource"].as_str();
    let ids: Option<Vec<&str>> = req["CertIds"]
        .as_array()
        .map(|l| l.iter().filter_map(Value::as_str).collect());
    let search = req["SearchKey"].as_str();
    let list: Vec<&StoredCert> = st
        .stored
        .iter()
        .filter(|c| match source {
            Some("upload") => c.from == "upload",
            Some("buy") => c.from != "upload",
            _ => true,
        })
        .filter(|c| ids.as_ref().is_none_or(|ids| ids.contains(&c.id.as_str())))
        .filter(|c| {
            search.is_none_or(|s| c.id.contains(s) || c.alias.contains(s) || c.domain.contains(s))
        })
        .collect();
    let offset = req["Offset"].as_u64().unwrap_or(0) as usize;
    let limit = req["Limit"].as_u64().unwrap_or(10).min(1000) as usize;
    let page: Vec<Value> = list
        .iter()
        .enumerate()
        .skip(offset)
        .take(limit)
        .map(|(i, c)| {
            json!({
                "CertificateId": c.id,
                // Stored in the order of the store, a minute apart.
                "InsertTime": format!("2026-01-01 {:02}:{:02}:00", i / 60 % 24, i % 60),
                "Alias": c.alias,
                "From": c.from,
                "Domain": c.domain,
                "SubjectAltName": c.sans,
                "CertificateType": "SVR",
                "Status": 1,
                "CertEndTime": c.end,
                "IsIgnore": st.retire.muted.contains(&c.id),
            })
        })
        .collect();
    json!({"TotalCount": list.len(), "Certificates": page})
}

fn id_list(req: &Value, name: &str, max: usize) -> Result<Vec<String>, Value> {
    let Some(list) = req[name].as_array() else {
        return Err(json!({"Error": {"Code": "MissingParameter", "Message": name}}));
    };
    if list.is_empty() || list.len() > max {
        return Err(
            json!({"Error": {"Code": "InvalidParameter.CertificatesNumberExceeded", "Message": name}}),
        );
    }
    Ok(list
        .iter()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect())
}

/// `DeleteCertificates`: with `IsSync`, one task per certificate found (decided by
/// [`RetireState::plans`] when polled); without, deleted at once.
fn delete(st: &mut LiveState, req: &Value) -> Value {
    let ids = match id_list(req, "CertificateIds", 100) {
        Ok(ids) => ids,
        Err(e) => return e,
    };
    let sync = req["IsSync"].as_bool().unwrap_or(false);
    let (mut success, mut fail, mut tasks) = (vec![], vec![], vec![]);
    for id in ids {
        if let Some((_, msg)) = st.retire.fail.iter().find(|(c, _)| *c == id) {
            fail.push(json!({"CertId": id, "Msg": msg}));
        } else if !st.stored.iter().any(|c| c.id == id) {
            fail.push(json!({"CertId": id, "Msg": "certificate not found"}));
        } else if sync {
            let task = format!("task-{}", st.retire.tasks.len() + 1);
            st.retire.tasks.push((task.clone(), id.clone(), 0));
            tasks.push(json!({"CertId": id, "TaskId": task}));
        } else {
            st.stored.retain(|c| c.id != id);
            success.push(json!(id));
        }
    }
    json!({"Success": success, "Fail": fail, "CertTaskIds": tasks})
}

fn tasks(st: &mut LiveState, req: &Value) -> Value {
    let ids = match id_list(req, "TaskIds", 100) {
        Ok(ids) => ids,
        Err(e) => return e,
    };
    let mut out = vec![];
    for task in ids {
        let Some(i) = st.retire.tasks.iter().position(|(t, _, _)| *t == task) else {
            continue;
        };
        st.retire.tasks[i].2 += 1;
        let (_, cert, polls) = st.retire.tasks[i].clone();
        let plan = if st.retire.no_role {
            TaskPlan {
                running: 0,
                status: 3,
                domains: vec![],
                error: "role not authorised".into(),
            }
        } else {
            st.retire.plans.get(&cert).cloned().unwrap_or(TaskPlan {
                running: 1,
                status: 1,
                domains: vec![],
                error: String::new(),
            })
        };
        let status = if polls <= plan.running {
            0
        } else {
            plan.status
        };
        if status == 1 {
            st.stored.retain(|c| c.id != cert);
        }
        out.push(json!({
            "TaskId": task, "CertId": cert, "Status": status,
            "Error": if status == 0 { String::new() } else { plan.error.clone() },
            "CacheTime": "2026-12-02 11:00:00",
            "Domains": if status == 4 { plan.domains.clone() } else { vec![] },
        }));
    }
    json!({"DeleteTaskResult": out})
}

fn mute(st: &mut LiveState, req: &Value) -> Value {
    let ids = match id_list(req, "CertificateIds", 50) {
        Ok(ids) => ids,
        Err(e) => return e,
    };
    if req["SwitchStatus"].as_u64() != Some(1) && req["SwitchStatus"].as_u64() != Some(0) {
        return json!({"Error": {"Code": "InvalidParameter", "Message": "SwitchStatus"}});
    }
    let found: Vec<String> = ids
        .into_iter()
        .filter(|id| st.stored.iter().any(|c| c.id == *id))
        .collect();
    if req["SwitchStatus"].as_u64() == Some(1) {
        st.retire.muted.extend(found.iter().cloned());
    }
    json!({"CertificateIds": found})
}
