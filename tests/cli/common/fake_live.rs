//! A stateful fake Live API on loopback: domains, bindings and uploads (kept in the SSL
//! store that `fake_ssl` serves), serving
//! DescribeLiveDomains, DescribeLiveDomainCertBindings and ModifyLiveDomainCertBindings over
//! kept-alive HTTP/1.1 connections, and the SSL service's actions (`fake_ssl`) for tests that
//! point both hosts at it. It checks every signature and records each request's
//! action, arrival time and connection.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};

use super::server::{Handler, Reply, Request, Server};

#[derive(Clone, Debug)]
pub struct FakeDomain {
    pub name: String,
    pub play: bool,
    pub enabled: bool,
}

#[derive(Clone, Debug)]
pub struct FakeBinding {
    pub cloud_cert_id: String,
    pub alias: String,
    pub https: i64,
    /// Beijing time, as the API writes it.
    pub expire: String,
    pub update: Option<String>,
    /// The bound certificate chain, PEM (uploaded key pairs only).
    pub pem: Option<String>,
}

#[derive(Default, Debug)]
pub struct LiveState {
    pub domains: Vec<FakeDomain>,
    pub bindings: BTreeMap<String, FakeBinding>,
    /// Key pairs received (by UploadCertificate or a key-pair ModifyLiveDomainCertBindings).
    pub uploads: u32,
    /// Domains a change request silently skips (reported as done): what --verify must catch.
    pub ignore: Vec<String>,
    /// Refuse DescribeLiveDomainCertBindings without a DomainName, as a CAM policy limited to
    /// some domains' resources does.
    pub refuse_listing: bool,
    /// Leave the count (TotalNum, AllCount) out of the listings.
    pub omit_total: bool,
    /// Listings send no item past this many (a page past it comes back empty), while their
    /// count still says how many there are: a listing cut short.
    pub cut_at: Option<usize>,
    /// Every page of a listing is its first page: a server that ignores the page asked for.
    pub ignore_offset: bool,
    /// An uploaded chain is kept (and given back in HttpsCrt) as its first certificate only.
    pub keep_leaf_only: bool,
    /// The SSL certificate service's store (`fake_ssl`): what a bind by CloudCertId binds.
    pub stored: Vec<super::fake_ssl::StoredCert>,
    /// SSL actions refused with a code: (action, code).
    pub ssl_refuse: Vec<(String, String)>,
    /// The SSL service's clock is this many seconds behind the tests': a request whose
    /// X-TC-Timestamp is off by more than 5 minutes gets AuthFailure.SignatureExpire with the
    /// service's time in its Date header (as the real service answers a clock that is ahead).
    pub ssl_clock_behind: i64,
    /// Domains whose UnBindLiveDomainCert fails (FailedOperation), and a code refusing every
    /// unbind (a CAM denial).
    pub unbind_fails: Vec<String>,
    pub unbind_refuse: Option<String>,
    /// The SSL service's delete tasks and what decides them (`fake_ssl`).
    pub retire: super::fake_ssl::RetireState,
}

impl FakeBinding {
    /// A binding to certificate `cert_id`: no alias, HTTPS on, expiring 2030-01-01 00:00:00
    /// (Beijing time), never updated, no chain.
    pub fn to(cert_id: &str) -> FakeBinding {
        FakeBinding {
            cloud_cert_id: cert_id.into(),
            alias: String::new(),
            https: 1,
            expire: "2030-01-01 00:00:00".into(),
            update: None,
            pem: None,
        }
    }

    pub fn alias(mut self, alias: &str) -> Self {
        self.alias = alias.into();
        self
    }

    pub fn https(mut self, https: i64) -> Self {
        self.https = https;
        self
    }

    /// Beijing time, as the API writes it.
    pub fn expires(mut self, expire: &str) -> Self {
        self.expire = expire.into();
        self
    }

    pub fn updated(mut self, update: &str) -> Self {
        self.update = Some(update.into());
        self
    }

    pub fn pem(mut self, pem: &str) -> Self {
        self.pem = Some(pem.into());
        self
    }
}

impl LiveState {
    /// An account with these enabled play domains and no binding.
    pub fn with_play_domains<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> LiveState {
        let mut st = LiveState::default();
        for n in names {
            st.domains.push(FakeDomain {
                name: n.as_ref().to_string(),
                play: true,
                enabled: true,
            });
        }
        st
    }

    /// An account with `n` enabled play domains, d000.example.com … (in name order), and no
    /// binding.
    pub fn numbered(n: usize) -> LiveState {
        Self::with_play_domains((0..n).map(|i| format!("d{i:03}.example.com")))
    }

    /// [`LiveState::numbered`], every domain bound to certificate OLD (alias `old`, HTTPS
    /// on, expiring 2030-01-01 08:00:00): an account whose renewal is due.
    pub fn bound_to_old(n: usize) -> LiveState {
        Self::numbered(n).all_bound(
            FakeBinding::to("OLD")
                .alias("old")
                .expires("2030-01-01 08:00:00"),
        )
    }

    /// One more domain.
    pub fn domain(mut self, name: &str, play: bool, enabled: bool) -> Self {
        self.domains.push(FakeDomain {
            name: name.into(),
            play,
            enabled,
        });
        self
    }

    /// `name` bound as `binding` says.
    pub fn bound(mut self, name: &str, binding: FakeBinding) -> Self {
        self.bindings.insert(name.into(), binding);
        self
    }

    /// Every domain so far bound as `binding` says.
    pub fn all_bound(mut self, binding: FakeBinding) -> Self {
        for d in &self.domains {
            self.bindings.insert(d.name.clone(), binding.clone());
        }
        self
    }
}

#[derive(Clone, Debug)]
pub struct Seen {
    pub action: String,
    pub at: Instant,
    pub body: Value,
}

pub struct FakeLive {
    pub state: Arc<Mutex<LiveState>>,
    server: Server,
}

impl FakeLive {
    pub fn start(state: LiveState) -> Self {
        let state = Arc::new(Mutex::new(state));
        let server = Server::start(Live {
            state: state.clone(),
        });
        FakeLive { state, server }
    }

    pub fn endpoint(&self) -> String {
        self.server.endpoint()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.server
            .requests()
            .into_iter()
            .map(|r| Seen {
                action: r.header("x-tc-action").unwrap_or_default(),
                at: r.at,
                body: serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            })
            .collect()
    }

    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// The actions received, in order.
    pub fn actions(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.action).collect()
    }

    /// The bodies of the change requests (ModifyLiveDomainCertBindings) received.
    pub fn modifies(&self) -> Vec<Value> {
        self.seen()
            .into_iter()
            .filter(|s| s.action == "ModifyLiveDomainCertBindings")
            .map(|s| s.body)
            .collect()
    }

    /// The bodies of the UploadCertificate requests received (when this fake stands in for
    /// the SSL service too).
    pub fn stores(&self) -> Vec<Value> {
        self.seen()
            .into_iter()
            .filter(|s| s.action == "UploadCertificate")
            .map(|s| s.body)
            .collect()
    }

    /// An account of these enabled play domains, none bound.
    pub fn with_play_domains<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> FakeLive {
        Self::start(LiveState::with_play_domains(names))
    }
}

/// The fake's behaviour: checks the signature, then answers each action from the state.
struct Live {
    state: Arc<Mutex<LiveState>>,
}

impl Handler for Live {
    fn reply(&self, r: &Request, index: usize) -> Reply {
        let action = r.header("x-tc-action").unwrap_or_default();
        let ts: i64 = r
            .header("x-tc-timestamp")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let host = r.header("host").unwrap_or_default();
        // The SSL service's actions, when this server stands in for both hosts, are signed
        // for service `ssl`; Live's for `live`.
        let ssl = super::fake_ssl::is_ssl_action(&action);
        let service = if ssl { "ssl" } else { "live" };
        let signed_ok = r.header("authorization").as_deref()
            == Some(super::expected_authorization_for(service, &host, ts, &r.body).as_str());
        if ssl && signed_ok {
            return super::fake_ssl::reply(&self.state, &action, r, index);
        }
        let req: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        let mut response = if !signed_ok {
            json!({"Error": {"Code": "AuthFailure.SignatureFailure", "Message": "bad signature"}})
        } else {
            let mut st = self.state.lock().unwrap();
            match action.as_str() {
                "DescribeLiveDomainCertBindings"
                    if st.refuse_listing && req["DomainName"].as_str().is_none() =>
                {
                    json!({"Error": {"Code": "UnauthorizedOperation", "Message": "not allowed"}})
                }
                "DescribeLiveDomainCertBindings" => describe_bindings(&st, &req),
                "DescribeLiveDomains" => describe_domains(&st, &req),
                "ModifyLiveDomainCertBindings" => modify(&mut st, &req),
                "DescribeLiveDomainCert" => describe_cert(&st, &req),
                "UnBindLiveDomainCert" => unbind(&mut st, &req),
                _ => json!({"Error": {"Code": "InvalidAction", "Message": "unknown action"}}),
            }
        };
        response["RequestId"] = json!(format!("fake-{}", index + 1));
        Reply::json(200, json!({ "Response": response }).to_string())
    }
}

fn describe_bindings(st: &LiveState, req: &Value) -> Value {
    let exact = req["DomainName"].as_str();
    let search = req["DomainSearch"].as_str();
    let mut list: Vec<(&String, &FakeBinding)> = st
        .bindings
        .iter()
        .filter(|(name, _)| exact.is_none_or(|e| *name == e))
        .filter(|(name, _)| search.is_none_or(|s| name.contains(s)))
        .collect();
    list.sort_by(|a, b| a.1.expire.cmp(&b.1.expire).then(a.0.cmp(b.0)));
    let total = list.len();
    let offset = match st.ignore_offset {
        true => 0,
        false => req["Offset"].as_u64().unwrap_or(0) as usize,
    };
    let length = req["Length"].as_u64().unwrap_or(50) as usize;
    let page: Vec<Value> = list
        .into_iter()
        .take(st.cut_at.unwrap_or(usize::MAX))
        .skip(offset)
        .take(length)
        .map(|(name, b)| {
            json!({
                "DomainName": name,
                "CertificateAlias": b.alias,
                "CertType": 1,
                "Status": b.https,
                "CertExpireTime": b.expire,
                "CertId": 1000,
                "CloudCertId": b.cloud_cert_id,
                "UpdateTime": b.update,
            })
        })
        .collect();
    if st.omit_total {
        return json!({ "LiveDomainCertBindings": page });
    }
    json!({"LiveDomainCertBindings": page, "TotalNum": total})
}

fn describe_domains(st: &LiveState, req: &Value) -> Value {
    let kind = req["DomainType"].as_u64();
    let status = req["DomainStatus"].as_u64();
    let list: Vec<&FakeDomain> = st
        .domains
        .iter()
        .filter(|d| kind.is_none_or(|k| (k == 1) == d.play))
        .filter(|d| status.is_none_or(|s| (s == 1) == d.enabled))
        .collect();
    let size = req["PageSize"].as_u64().unwrap_or(10) as usize;
    let num = match st.ignore_offset {
        true => 1,
        false => req["PageNum"].as_u64().unwrap_or(1).max(1) as usize,
    };
    let page: Vec<Value> = list
        .iter()
        .take(st.cut_at.unwrap_or(usize::MAX))
        .skip((num - 1) * size)
        .take(size)
        .map(|d| {
            json!({
                "Name": d.name,
                "Type": if d.play { 1 } else { 0 },
                "Status": if d.enabled { 1 } else { 0 },
                "CreateTime": "2024-01-01 08:00:00",
                "PlayType": 1,
            })
        })
        .collect();
    if st.omit_total {
        return json!({ "DomainList": page });
    }
    json!({"AllCount": list.len(), "DomainList": page})
}

fn unbind(st: &mut LiveState, req: &Value) -> Value {
    let name = req["DomainName"].as_str().unwrap_or("").to_string();
    if let Some(code) = &st.unbind_refuse {
        return json!({"Error": {"Code": code, "Message": "not allowed"}});
    }
    if st.unbind_fails.contains(&name) {
        return json!({"Error": {"Code": "FailedOperation", "Message": "unbind failed"}});
    }
    if !st.domains.iter().any(|d| d.name == name) {
        return json!({"Error": {"Code": "ResourceNotFound.DomainNotExist", "Message": "no such domain"}});
    }
    // The listing shows the formal certificate: a gray one leaves it.
    if req["Type"].as_str().unwrap_or("formal") == "formal" && st.bindings.remove(&name).is_none() {
        return json!({"Error": {"Code": "ResourceNotFound.CrtDomainNotFound", "Message": "no certificate bound"}});
    }
    json!({})
}

fn describe_cert(st: &LiveState, req: &Value) -> Value {
    let name = req["DomainName"].as_str().unwrap_or("");
    match st.bindings.get(name) {
        Some(b) => json!({"DomainCertInfo": {
            "CertId": 1000,
            "CertName": b.alias,
            "HttpsCrt": b.pem.clone().unwrap_or_default(),
            "CertType": 1,
            "CertExpireTime": b.expire,
            "DomainName": name,
            "Status": 1,
            "CloudCertId": b.cloud_cert_id,
        }}),
        None => {
            json!({"Error": {"Code": "ResourceNotFound.CrtDomainNotFound", "Message": "no certificate"}})
        }
    }
}

fn modify(st: &mut LiveState, req: &Value) -> Value {
    let cert_id = match (
        req["CloudCertId"].as_str(),
        req["CertificatePublicKey"].as_str(),
    ) {
        (Some(id), _) => Some(id.to_string()),
        (None, Some(pem)) => {
            // The key-pair path stores a new certificate in the SSL service every time.
            st.uploads += 1;
            let id = format!(
                "upload-{}",
                st.stored.iter().filter(|c| c.from == "upload").count() + 1
            );
            st.stored.push(super::fake_ssl::StoredCert {
                id: id.clone(),
                alias: req["CertificateAlias"].as_str().unwrap_or("").to_string(),
                pem: pem.to_string(),
                from: "upload".into(),
                domain: String::new(),
                sans: super::fake_ssl::pem_names(pem),
                end: "2027-03-01 07:59:59".into(),
            });
            Some(id)
        }
        (None, None) => None,
    };
    // A certificate of the SSL store is bound as stored: its chain, alias and expiry.
    let stored = req["CloudCertId"]
        .as_str()
        .and_then(|id| st.stored.iter().find(|c| c.id == id))
        .cloned();
    let alias = match &stored {
        Some(c) => c.alias.clone(),
        None => req["CertificateAlias"].as_str().unwrap_or("").to_string(),
    };
    let keep_leaf_only = st.keep_leaf_only;
    let mut errors = Vec::new();
    for info in req["DomainInfos"].as_array().cloned().unwrap_or_default() {
        let name = info["DomainName"].as_str().unwrap_or("").to_string();
        let status = info["Status"].as_i64().unwrap_or(-1);
        if st.ignore.contains(&name) {
            continue;
        }
        if !st.domains.iter().any(|d| d.name == name) {
            errors.push(json!({"DomainName": name, "Code": "ResourceNotFound.DomainNotExist", "Message": "no such domain"}));
            continue;
        }
        match (&cert_id, st.bindings.get_mut(&name)) {
            (Some(id), existing) => {
                let https = match (status, existing.as_ref()) {
                    (-1, Some(b)) => b.https,
                    (-1, None) => 0,
                    (s, _) => s,
                };
                st.bindings.insert(
                    name,
                    FakeBinding {
                        cloud_cert_id: id.clone(),
                        alias: alias.clone(),
                        https,
                        expire: stored
                            .as_ref()
                            .map_or("2027-03-01 07:59:59".into(), |c| c.end.clone()),
                        update: Some("2026-11-27 12:00:00".into()),
                        pem: req["CertificatePublicKey"]
                            .as_str()
                            .or(stored.as_ref().map(|c| c.pem.as_str()).filter(|p| !p.is_empty()))
                            .map(|pem| match keep_leaf_only {
                            true => first_certificate(pem),
                            false => pem.to_string(),
                        }),
                    },
                );
            }
            (None, Some(b)) => {
                if status >= 0 {
                    b.https = status;
                }
            }
            (None, None) => errors.push(json!({"DomainName": name, "Code": "ResourceNotFound.CrtDomainNotFound", "Message": "no certificate bound"})),
        }
    }
    json!({"MismatchedDomainNames": [], "Errors": errors})
}

/// The first PEM block of `pem`, with its END line.
fn first_certificate(pem: &str) -> String {
    const END: &str = "-----END CERTIFICATE-----";
    match pem.find(END) {
        Some(i) => format!("{}\n", &pem[..i + END.len()]),
        None => pem.to_string(),
    }
}
