//! STS, the Security Token Service, as a product of the API 3.0: `AssumeRole` (signed with the
//! base keys, service `sts`) and `AssumeRoleWithWebIdentity` (unsigned, as the SDK sends it),
//! each answering temporary keys. Sent through the product-independent session and its retry
//! rule; its requests and answers hold credentials, so `-v` shows neither.

use std::rc::Rc;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::RoleSpec;
use super::temporary::{Fetched, MAX_ANSWER, Net, temporary};
use crate::cloud::envelope::Answer;
use crate::cloud::request::{CallOptions, Prepared};
use crate::cloud::session::{Session, Trace};
use crate::cloud::{KeySource, Keys, Product};
use crate::error::Error;
use crate::text::{excerpt, printable};

pub(super) const ASSUME_ROLE: &str = "AssumeRole";
pub(super) const ASSUME_ROLE_WITH_WEB_IDENTITY: &str = "AssumeRoleWithWebIdentity";
/// The region the SDK sends AssumeRole with.
pub(super) const ASSUME_ROLE_REGION: &str = "ap-guangzhou";

/// STS, version 2018-08-13.
pub static STS: Product = Product {
    name: "STS",
    service: "sts",
    version: "2018-08-13",
    host: "sts.tencentcloudapi.com",
    intl_host: "sts.intl.tencentcloudapi.com",
    endpoint_var: "TCLIVE_STS_ENDPOINT",
    // The common codes of every product, and STS's own database error (errorcodes.py).
    transient: &[
        "InternalError",
        "ServiceUnavailable",
        "InternalError.DbError",
    ],
    account_states: &[],
    permission_denied: &["UnauthorizedOperation"],
    per_second: 20,
    opaque: true,
};

/// An STS action answering `Credentials` and `ExpiredTime`; signed with `signer`, or unsigned.
/// Every failure is a credentials error (exit 4) naming the action and the role.
pub(super) async fn assume(
    net: &Net,
    action: &'static str,
    region: &str,
    signer: Option<Keys>,
    body: Zeroizing<Vec<u8>>,
    role: &RoleSpec,
) -> Result<Fetched, Error> {
    let arn = printable(&role.arn);
    let fail = |why: String| Error::Credentials(format!("STS {action} ({arn}): {why}"));
    let options = CallOptions {
        product: &STS,
        endpoint: net.sts.clone(),
        region: Some(region.to_string()),
        language: None,
        timeout: net.timeout,
    };
    let proxy = crate::proxy::decide(
        &options.endpoint.url,
        options.endpoint.is_loopback(),
        &crate::envvar::process,
    )
    .map_err(fail)?;
    let trace = Trace {
        verbose: net.verbose,
        color: net.color,
    };
    let keys = signer.map(|k| Rc::new(k) as Rc<dyn KeySource>);
    let mut session = Session::new(options, trace, proxy.as_ref(), keys, net.runtime.clone())
        .map_err(|e| fail(e.to_string()))?;
    let request = Prepared {
        body,
        display_body: serde_json::Value::Null,
        answer_limit: MAX_ANSWER,
    };
    let answer = session
        .send(action, &request, net.policy)
        .await
        .map_err(|e| fail(e.to_string()))?;
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Assumed {
        credentials: Option<StsKeys>,
        expired_time: Option<i64>,
    }
    #[derive(Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct StsKeys {
        token: Option<String>,
        tmp_secret_id: Option<String>,
        tmp_secret_key: Option<String>,
    }
    let shown_id = |id: Option<&str>| printable(&excerpt(id.unwrap_or("-"), 64));
    let envelope = match answer {
        Answer::Ok(e) => e,
        Answer::Refused {
            code,
            message,
            envelope,
        } => {
            return Err(fail(format!(
                "{}: {} (RequestId {})",
                printable(&excerpt(&code, 80)),
                printable(&excerpt(&message, 300)),
                shown_id(envelope.request_id.as_deref())
            )));
        }
    };
    let request_id = shown_id(envelope.request_id.as_deref());
    // An envelope comes only with HTTP 200 (anything else is the session's error).
    let r: Assumed = envelope.fields().map_err(|_| {
        fail(format!(
            "HTTP 200: the answer's Credentials are not what STS sends (RequestId {request_id})"
        ))
    })?;
    let (Some(k), Some(expires)) = (r.credentials, r.expired_time) else {
        return Err(fail(format!(
            "HTTP 200: the answer has no Credentials or ExpiredTime (RequestId {request_id})"
        )));
    };
    let (Some(id), Some(key), Some(token)) = (k.tmp_secret_id, k.tmp_secret_key, k.token) else {
        return Err(fail(format!(
            "the answer lacks TmpSecretId, TmpSecretKey or Token (RequestId {request_id})"
        )));
    };
    temporary(
        id,
        key,
        token,
        expires,
        &format!("STS {action} ({arn})"),
        role.arn.clone(),
    )
}
