//! Loopback fakes of the services temporary keys come from, on one server: the CVM metadata
//! service (`/latest/meta-data/cam/security-credentials/…`), STS (`POST /` with
//! `AssumeRole`, whose TC3 signature with service `sts` it checks, and
//! `AssumeRoleWithWebIdentity`, which must come unsigned) and GitHub Actions' OIDC token
//! endpoint (`GET /gh-token?audience=…` with the job's bearer token).

use std::sync::{Arc, Mutex};

use super::server::{Handler, Reply, Request, Server};
use super::{SECRET_ID, SECRET_KEY, header, now};

/// What the metadata service hands out (the Nth fetch gets `…{N}`).
pub const CVM_ID: &str = "AKIDCVMROLETEMPORARY0001";
pub const CVM_KEY: &str = "CvmRoleTemporaryKeyNeverShown";
pub const CVM_TOKEN: &str = "CvmRoleSessionTokenNeverShown";
/// What STS hands out.
pub const STS_ID: &str = "AKIDSTSISSUEDTEMPORARY02";
pub const STS_KEY: &str = "StsIssuedTemporaryKeyNeverShown";
pub const STS_TOKEN: &str = "StsIssuedSessionTokenNeverShown";
/// The OIDC token GitHub hands out, and the job's bearer token that asks for it.
pub const WEB_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.GithubOidcTokenNeverShown.c2ln";
pub const GH_BEARER: &str = "GithubJobRequestBearerNeverShown";
/// The role the instance has.
pub const ROLE: &str = "tclive-deployer";
pub const ROLE_ARN: &str = "qcs::cam::uin/100000000001:roleName/tclive-deployer";

/// The keys STS checks an `AssumeRole` signature with (and the token it expects with them).
#[derive(Clone)]
pub struct Signer {
    pub id: String,
    pub key: String,
    pub token: Option<String>,
}

/// Status, body and extra headers of an answer given to every request.
pub type Hostile = (u16, String, Vec<(String, String)>);

pub struct Script {
    /// The instance's role; None: the metadata service names none (404).
    pub role: Option<String>,
    /// Seconds the instance role's keys are valid for.
    pub cvm_valid_for: i64,
    /// Seconds the keys STS hands out are valid for.
    pub sts_valid_for: i64,
    /// Who may call AssumeRole.
    pub signer: Signer,
    /// The OIDC token AssumeRoleWithWebIdentity accepts.
    pub web_token: String,
    /// An error STS answers every call with.
    pub sts_error: Option<(String, String)>,
    /// Answer every request with this instead.
    pub hostile: Option<Hostile>,
    /// How many keys the metadata service handed out.
    pub cvm_issued: usize,
    /// The first this many calls to STS answer InternalError.
    pub sts_transient: usize,
    /// The first this many calls to GitHub's endpoint answer HTTP 503.
    pub gh_transient: usize,
}

impl Default for Script {
    fn default() -> Self {
        Script {
            role: Some(ROLE.into()),
            cvm_valid_for: 3600,
            sts_valid_for: 7200,
            signer: Signer {
                id: SECRET_ID.into(),
                key: SECRET_KEY.into(),
                token: None,
            },
            web_token: WEB_TOKEN.into(),
            sts_error: None,
            hostile: None,
            cvm_issued: 0,
            sts_transient: 0,
            gh_transient: 0,
        }
    }
}

pub struct Providers {
    pub server: Server,
    pub script: Arc<Mutex<Script>>,
}

impl Providers {
    pub fn start(script: Script) -> Providers {
        let script = Arc::new(Mutex::new(script));
        let server = Server::start(Fake(script.clone()));
        Providers { server, script }
    }

    /// The base URL, for TCLIVE_METADATA_ENDPOINT and TCLIVE_STS_ENDPOINT.
    pub fn url(&self) -> String {
        self.server.endpoint().trim_end_matches('/').to_string()
    }

    /// GitHub's token URL as the runner gives it (with a query of its own).
    pub fn github_url(&self) -> String {
        format!("{}/gh-token?api-version=2.0", self.url())
    }

    pub fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }

    /// Requests for the instance role's keys (not its name).
    pub fn cvm_key_fetches(&self) -> usize {
        self.script.lock().unwrap().cvm_issued
    }

    pub fn sts_calls(&self, action: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.header("x-tc-action").as_deref() == Some(action))
            .collect()
    }
}

/// The credential settings the tests give a command.
pub trait Sources {
    /// The credential services (metadata, STS) pointed at `p`.
    fn via(&mut self, p: &Providers) -> &mut Self;
    /// Long-lived keys in the environment.
    fn stored_keys(&mut self) -> &mut Self;
    /// Long-lived keys in the environment that assume [`ROLE_ARN`] through STS.
    fn assuming_role(&mut self) -> &mut Self;
    /// A GitHub Actions job allowed an OIDC token (`id-token: write`) from `p`, for
    /// [`ROLE_ARN`].
    fn in_github_job(&mut self, p: &Providers) -> &mut Self;
}

impl Sources for assert_cmd::Command {
    fn via(&mut self, p: &Providers) -> &mut Self {
        self.env("TCLIVE_METADATA_ENDPOINT", p.url())
            .env("TCLIVE_STS_ENDPOINT", p.url())
    }

    fn stored_keys(&mut self) -> &mut Self {
        self.env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
    }

    fn assuming_role(&mut self) -> &mut Self {
        self.stored_keys().env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN)
    }

    fn in_github_job(&mut self, p: &Providers) -> &mut Self {
        self.env("ACTIONS_ID_TOKEN_REQUEST_URL", p.github_url())
            .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", GH_BEARER)
            .env("TENCENTCLOUD_OIDC_PROVIDER_ID", "github-actions")
            .env("TENCENTCLOUD_ROLE_ARN", ROLE_ARN)
            .env("GITHUB_RUN_ID", "1234567")
            .env("GITHUB_RUN_ATTEMPT", "2")
    }
}

struct Fake(Arc<Mutex<Script>>);

fn sts_error(code: &str, message: &str) -> Reply {
    Reply::json(
        200,
        format!(
            r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"{message}"}},"RequestId":"sts-err"}}}}"#
        ),
    )
}

fn sts_keys(valid_for: i64) -> Reply {
    Reply::json(
        200,
        format!(
            r#"{{"Response":{{"Credentials":{{"Token":"{STS_TOKEN}","TmpSecretId":"{STS_ID}","TmpSecretKey":"{STS_KEY}"}},"ExpiredTime":{},"Expiration":"2026-11-28T12:00:00Z","RequestId":"sts-1"}}}}"#,
            now() + valid_for
        ),
    )
}

impl Handler for Fake {
    fn reply(&self, req: &Request, _: usize) -> Reply {
        let mut s = self.0.lock().unwrap();
        if let Some((status, body, headers)) = &s.hostile {
            return Reply::Respond {
                status: *status,
                headers: headers.clone(),
                body: body.clone(),
                close: false,
            };
        }
        let path = req.path().to_string();
        const ROLE_PATH: &str = "/latest/meta-data/cam/security-credentials/";
        if let Some(rest) = path.strip_prefix(ROLE_PATH) {
            return match (&s.role, rest) {
                (None, _) => Reply::Respond {
                    status: 404,
                    headers: vec![],
                    body: "not found".into(),
                    close: false,
                },
                (Some(role), "") => Reply::Respond {
                    status: 200,
                    headers: vec![("Content-Type".into(), "text/plain".into())],
                    body: role.clone(),
                    close: false,
                },
                (Some(role), r) if r == role => {
                    s.cvm_issued += 1;
                    let n = s.cvm_issued;
                    Reply::json(
                        200,
                        format!(
                            r#"{{"TmpSecretId":"{CVM_ID}","TmpSecretKey":"{CVM_KEY}{n}","ExpiredTime":{},"Expiration":"-","Token":"{CVM_TOKEN}{n}","Code":"Success"}}"#,
                            now() + s.cvm_valid_for
                        ),
                    )
                }
                _ => Reply::Respond {
                    status: 404,
                    headers: vec![],
                    body: "no such role".into(),
                    close: false,
                },
            };
        }
        if path.starts_with("/gh-token") && s.gh_transient > 0 {
            s.gh_transient -= 1;
            return Reply::json(503, r#"{"message":"try later"}"#);
        }
        if req.method_str() == "POST" && s.sts_transient > 0 {
            s.sts_transient -= 1;
            return sts_error("InternalError", "An internal error occurred.");
        }
        if path.starts_with("/gh-token") {
            let auth = req.header("authorization").unwrap_or_default();
            if auth != format!("Bearer {GH_BEARER}") {
                return Reply::json(403, r#"{"message":"bad bearer"}"#);
            }
            return Reply::json(200, format!(r#"{{"count":1,"value":"{WEB_TOKEN}"}}"#));
        }
        if req.method_str() == "POST" {
            if let Some((code, message)) = &s.sts_error {
                return sts_error(code, message);
            }
            let body: serde_json::Value =
                serde_json::from_slice(req.body_ref()).unwrap_or_default();
            match req.header("x-tc-action").as_deref() {
                Some("AssumeRole") => {
                    let signer = &s.signer;
                    let host = header(req, "host").unwrap_or_default();
                    let ts: i64 = header(req, "x-tc-timestamp")
                        .and_then(|t| t.parse().ok())
                        .unwrap_or_default();
                    let expected = tclive::tc3::sign(&tclive::tc3::SigningInput {
                        secret_id: &signer.id,
                        secret_key: &signer.key,
                        service: "sts",
                        host,
                        content_type: "application/json",
                        timestamp: ts,
                        body: req.body_ref(),
                    })
                    .authorization;
                    if req.header("authorization").as_deref() != Some(expected.as_str()) {
                        return sts_error(
                            "AuthFailure.SignatureFailure",
                            "The provided credentials could not be validated.",
                        );
                    }
                    if req.header("x-tc-token") != signer.token {
                        return sts_error("AuthFailure.TokenFailure", "Token mismatch.");
                    }
                    if body["RoleArn"].as_str().is_none()
                        || body["RoleSessionName"].as_str().is_none()
                    {
                        return sts_error("MissingParameter", "RoleArn, RoleSessionName");
                    }
                    sts_keys(s.sts_valid_for)
                }
                Some("AssumeRoleWithWebIdentity") => {
                    if req.header("authorization").as_deref() != Some("SKIP")
                        || req.header("x-tc-token").is_some()
                    {
                        return sts_error("AuthFailure", "must be unsigned");
                    }
                    if body["WebIdentityToken"].as_str() != Some(s.web_token.as_str()) {
                        return sts_error(
                            "InvalidParameter.WebIdentityTokenError",
                            "The web identity token is not valid.",
                        );
                    }
                    sts_keys(s.sts_valid_for)
                }
                _ => sts_error("InvalidAction", "unknown action"),
            }
        } else {
            Reply::Respond {
                status: 404,
                headers: vec![],
                body: "not found".into(),
                close: false,
            }
        }
    }
}
