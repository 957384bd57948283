//! What domains have bound now: their bindings (by the account's listing or one exact read
//! each, whichever takes fewer requests) and the fingerprints of bound key pairs.

use std::collections::HashMap;

use crate::cert;
use crate::check;
use crate::client::{self, Target};
use crate::error::{Error, Result};
use crate::live;
use crate::plan;

/// The SHA-256 fingerprint of the first certificate in `pem`.
fn leaf_fingerprint(pem: &str) -> Option<String> {
    let c = cert::load_cert("bound", pem.as_bytes()).ok()?;
    c.ders.first().map(|d| check::fingerprint(d))
}

/// What each of `names` has now (same order): its binding and, for key-pair binds, the bound
/// leaf's fingerprint. A binding is found either by one exact read per domain or, while it
/// takes fewer requests than the domains still to look up, by the account's listing of all
/// bindings, a page at a time: binding 300 domains reads a few pages, not 300 domains.
pub(crate) fn read_states(
    session: &mut client::Session<'_>,
    target: &Target<'_>,
    names: &[&str],
    need_fp: bool,
    policy: client::Policy,
    what: &str,
) -> Result<Vec<Option<plan::Current>>> {
    let t = Target {
        action: live::DESCRIBE_BINDINGS,
        ..*target
    };
    let mut progress = crate::inventory::Progress::new();
    let index: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (crate::domain::key(n), i))
        .collect();
    // None: not looked up yet; Some(None): known to have no binding.
    let mut found: Vec<Option<Option<live::Binding>>> = names.iter().map(|_| None).collect();
    let mut left = names.len() as u64;
    if names.len() > 1 {
        let page = crate::inventory::BINDINGS_PAGE;
        let mut offset = 0;
        let mut total: Option<u64> = None;
        loop {
            let pages_left = total.map(|t| t.saturating_sub(offset).div_ceil(page));
            if left == 0 || pages_left.is_some_and(|p| p >= left) {
                break;
            }
            progress.update(what, names.len() - left as usize, Some(names.len() as u64));
            let resp: Result<live::DescribeBindingsResponse> = crate::inventory::read(
                session,
                &t,
                &live::DescribeBindingsRequest {
                    domain_search: None,
                    domain_name: None,
                    offset,
                    length: page,
                    order_by: "ExpireTimeAsc",
                },
                policy,
            );
            let resp = match resp {
                Ok(resp) => resp,
                // CAM may allow reading these domains but not listing the account's: read
                // them one by one.
                Err(Error::Api { code, .. }) if code.ends_with("UnauthorizedOperation") => break,
                Err(e) => return Err(e),
            };
            let items = resp.live_domain_cert_bindings.unwrap_or_default().0;
            let got = items.len() as u64;
            offset += got;
            for v in items {
                let b = serde_json::from_str::<live::Binding>(v.get()).unwrap_or_default();
                if let Some(&i) = index.get(&crate::domain::key(&b.domain_name))
                    && found[i].is_none()
                {
                    found[i] = Some(Some(b));
                    left -= 1;
                }
            }
            let complete = match resp.total_num {
                Some(n) => offset >= n,
                None => got < page,
            };
            if complete {
                // The whole listing is read: the rest have no binding.
                found
                    .iter_mut()
                    .filter(|f| f.is_none())
                    .for_each(|f| *f = Some(None));
                break;
            }
            if got == 0 || resp.total_num.is_none() {
                // A listing that ends before its TotalNum, or has none: rather than guess,
                // look the rest up one by one.
                break;
            }
            total = resp.total_num;
        }
    }
    for (i, name) in names.iter().enumerate() {
        if found[i].is_none() {
            progress.update(what, i, Some(names.len() as u64));
            found[i] = Some(read_binding(session, &t, name, policy)?);
        }
    }
    let mut states = Vec::with_capacity(names.len());
    for (i, (name, b)) in names.iter().zip(found).enumerate() {
        let Some(b) = b.flatten() else {
            states.push(None);
            continue;
        };
        let mut cur = plan::Current {
            cert_id: b.cloud_cert_id.filter(|s| !s.is_empty()),
            alias: b.certificate_alias.filter(|s| !s.is_empty()),
            expires: b
                .cert_expire_time
                .as_deref()
                .and_then(live::parse_api_time)
                .map(check::utc),
            https: b.status,
            fingerprint: None,
        };
        if need_fp {
            progress.update(what, i, Some(names.len() as u64));
            cur.fingerprint = bound_fingerprint(session, target, name, policy)?;
        }
        states.push(Some(cur));
    }
    progress.done();
    Ok(states)
}

/// One domain's binding, by an exact read.
fn read_binding(
    session: &mut client::Session<'_>,
    t: &Target<'_>,
    name: &str,
    policy: client::Policy,
) -> Result<Option<live::Binding>> {
    let resp: live::DescribeBindingsResponse = crate::inventory::read(
        session,
        t,
        &live::DescribeBindingsRequest {
            domain_search: None,
            domain_name: Some(name),
            offset: 0,
            length: 10,
            order_by: "ExpireTimeAsc",
        },
        policy,
    )?;
    let want = crate::domain::key(name);
    Ok(resp
        .live_domain_cert_bindings
        .unwrap_or_default()
        .0
        .into_iter()
        .map(|v| serde_json::from_str::<live::Binding>(v.get()).unwrap_or_default())
        .find(|b| crate::domain::key(&b.domain_name) == want))
}

/// The fingerprint of the leaf bound to `name`; None when it has no readable certificate
/// (which then simply does not match).
fn bound_fingerprint(
    session: &mut client::Session<'_>,
    target: &Target<'_>,
    name: &str,
    policy: client::Policy,
) -> Result<Option<String>> {
    let t = Target {
        action: live::DESCRIBE_CERT,
        ..*target
    };
    let info: Result<live::DescribeCertResponse> = crate::inventory::read(
        session,
        &t,
        &live::DescribeCertRequest { domain_name: name },
        policy,
    );
    match info {
        Ok(info) => Ok(info
            .domain_cert_info
            .and_then(|i| i.https_crt)
            .and_then(|pem| leaf_fingerprint(&pem))),
        Err(Error::Api { ref code, .. }) if code.starts_with("ResourceNotFound") => Ok(None),
        Err(e) => Err(e),
    }
}
