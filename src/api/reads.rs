//! The one reading layer: a read action's call, the one paging routine every listing uses
//! (`cert list`, `domain list`, `--match-san`, the reads before a bind and `--verify`), and
//! what domains have bound now.

use std::collections::{HashMap, HashSet};

use serde_json::value::RawValue;

use crate::api::client::{Policy, Session};
use crate::api::live::{self, Binding, Domain};
use crate::api::request::{Prepared, Target};
use crate::cert;
use crate::check;
use crate::cli::DomainKind;
use crate::error::{Error, Result};
use crate::output::Progress;
use crate::plan;
use crate::text::printable;

/// Bindings asked for per page (the API's default is 50).
pub const BINDINGS_PAGE: u64 = 100;

/// Domains per page (the API allows 10 to 100).
pub const DOMAINS_PAGE: u64 = 100;

/// The most items tclive reads from one listing, and the most bytes of them: far above any
/// account (the API's own limits are hundreds of domains), and they keep a server that never
/// stops counting from costing more than a few seconds and tens of MiB.
pub const MAX_LISTED_ITEMS: usize = 100_000;

pub const MAX_LISTED_BYTES: usize = 32 * 1024 * 1024;

/// A bound on pages, whatever the page size the server keeps to.
const MAX_PAGES: u64 = 5_000;

/// Calls one read action; an API error for the whole request becomes the error to report.
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    session: &mut Session<'_>,
    target: &Target<'_>,
    req: &impl serde::Serialize,
    policy: Policy,
) -> Result<T> {
    let prepared = Prepared::plain(req)?;
    match session.call(target, &prepared, policy)? {
        live::Answer::Ok(envelope) => envelope.fields().map_err(|e| {
            Error::Transport(format!(
                "the answer to {} has the API's envelope but not its fields ({})",
                target.action,
                printable(&e.to_string())
            ))
        }),
        live::Answer::ApiError {
            envelope,
            code,
            message,
        } => Err(Error::from_api(
            target.action,
            &code,
            &message,
            &envelope.request_id,
        )),
    }
}

/// One listing item: as received (for `-o json`) and the fields tclive reads.
pub type Item<T> = (Box<RawValue>, T);

/// A listing as far as it was read.
pub(crate) struct Listing<T> {
    pub items: Vec<Item<T>>,
    /// Read to its end: the total the API gave was reached or, without one, a page was short.
    /// False when it stopped early (on the caller's word, on a page that added nothing new,
    /// or on an empty page before the total): what it holds is then not all there is.
    pub complete: bool,
}

/// The one paging routine, for every listing. `fetch(page, offset)` reads one page: its
/// items and the total the API says it has; the offset advances by the items received.
/// `on_page(new, total, received)` sees each page's new items and says whether to read on.
/// Linear and bounded whatever the server does: items are de-duplicated by `key`; the
/// listing ends on an empty page, on a page that adds nothing new (a server that ignores
/// the offset), when the total is reached or, without one, on a short page; past
/// [`MAX_LISTED_ITEMS`] or [`MAX_LISTED_BYTES`] it is an error.
pub(crate) fn list_all<T: serde::de::DeserializeOwned + Default>(
    what: &str,
    page_size: u64,
    mut fetch: impl FnMut(u64, u64) -> Result<(Vec<Box<RawValue>>, Option<u64>)>,
    key: impl Fn(&T) -> String,
    mut on_page: impl FnMut(&[Item<T>], Option<u64>, u64) -> bool,
) -> Result<Listing<T>> {
    let mut all: Vec<Item<T>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let (mut received, mut bytes) = (0u64, 0usize);
    let mut progress = Progress::new();
    for page in 0..MAX_PAGES {
        let (items, total) = fetch(page, received)?;
        let got = items.len() as u64;
        received += got;
        let start = all.len();
        let mut new = 0;
        for raw in items {
            let item: T = serde_json::from_str(raw.get()).unwrap_or_default();
            if !seen.insert(key(&item)) {
                continue;
            }
            bytes += raw.get().len();
            if all.len() >= MAX_LISTED_ITEMS || bytes > MAX_LISTED_BYTES {
                return Err(Error::Transport(format!(
                    "the {what} listing goes on past {MAX_LISTED_ITEMS} items or {} MiB; stopped reading (narrow it with --search or --domain)",
                    MAX_LISTED_BYTES / 1024 / 1024
                )));
            }
            all.push((raw, item));
            new += 1;
        }
        progress.update(what, all.len(), total);
        let complete = match total {
            Some(total) => received >= total,
            None => got < page_size,
        };
        let read_on = on_page(&all[start..], total, received);
        if complete || got == 0 {
            progress.done();
            return Ok(Listing {
                items: all,
                complete,
            });
        }
        if new == 0 {
            progress.done();
            crate::output::warn(
                false,
                &format!(
                    "the {what} listing repeated itself after {} items (the server ignores the page asked for?); stopped there",
                    all.len()
                ),
            );
            break;
        }
        if !read_on {
            break;
        }
    }
    progress.done();
    Ok(Listing {
        items: all,
        complete: false,
    })
}

/// One page of DescribeLiveDomainCertBindings, soonest expiry first, and the total the API
/// says there is.
fn bindings_page(
    session: &mut Session<'_>,
    target: &Target<'_>,
    search: Option<&str>,
    domain: Option<&str>,
    offset: u64,
    policy: Policy,
) -> Result<(Vec<Box<serde_json::value::RawValue>>, Option<u64>)> {
    let resp: live::DescribeBindingsResponse = read(
        session,
        target,
        &live::DescribeBindingsRequest {
            domain_search: search,
            domain_name: domain,
            offset,
            length: BINDINGS_PAGE,
            order_by: "ExpireTimeAsc",
        },
        policy,
    )?;
    Ok((
        resp.live_domain_cert_bindings.unwrap_or_default().0,
        resp.total_num,
    ))
}

/// Every binding, all pages merged, as received.
pub fn fetch_bindings(
    session: &mut Session<'_>,
    target: &Target<'_>,
    domain: Option<&str>,
    search: Option<&str>,
    policy: Policy,
) -> Result<Vec<Item<Binding>>> {
    list_all(
        "bindings",
        BINDINGS_PAGE,
        |_, offset| bindings_page(session, target, search, domain, offset, policy),
        |b: &Binding| crate::domain::key(&b.domain_name),
        |_, _, _| true,
    )
    .map(|l| l.items)
}

/// Every domain of the kind asked for, all pages merged, as received.
pub fn fetch_domains(
    session: &mut Session<'_>,
    target: &Target<'_>,
    kind: DomainKind,
    enabled_only: bool,
    policy: Policy,
) -> Result<Vec<Item<Domain>>> {
    list_all(
        "domains",
        DOMAINS_PAGE,
        |page, _| {
            let resp: live::DescribeDomainsResponse = read(
                session,
                target,
                &live::DescribeDomainsRequest {
                    domain_type: match kind {
                        DomainKind::Play => Some(1),
                        DomainKind::Push => Some(0),
                        DomainKind::All => None,
                    },
                    domain_status: enabled_only.then_some(1),
                    page_size: DOMAINS_PAGE,
                    page_num: page + 1,
                },
                policy,
            )?;
            Ok((resp.domain_list.unwrap_or_default().0, resp.all_count))
        },
        |d: &Domain| crate::domain::key(&d.name),
        |_, _, _| true,
    )
    .map(|l| l.items)
}

/// The SHA-256 fingerprint of the first certificate in `pem`. The API's own example of
/// `HttpsCrt` carries literal `\n` sequences instead of line breaks; both forms (and `\r\n`)
/// are read.
fn leaf_fingerprint(pem: &str) -> Option<String> {
    let unescaped;
    let pem = if pem.contains("\\n") && !pem.contains('\n') {
        unescaped = pem.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        pem
    };
    let c = cert::load_cert("bound", pem.as_bytes()).ok()?;
    c.ders().first().map(|d| check::fingerprint(d))
}

/// What each of `names` has now (same order): its binding and, for key-pair binds, the bound
/// leaf's fingerprint. A binding is found either by one exact read per domain or, while it
/// takes fewer requests than the domains still to look up, by the account's listing of all
/// bindings, a page at a time: binding 300 domains reads a few pages, not 300 domains.
pub(crate) fn read_states(
    session: &mut Session<'_>,
    target: &Target<'_>,
    names: &[&str],
    need_fp: bool,
    policy: Policy,
    what: &str,
) -> Result<Vec<Option<plan::Current>>> {
    let t = Target {
        action: live::DESCRIBE_BINDINGS,
        ..*target
    };
    let mut progress = Progress::new();
    let index: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (crate::domain::key(n), i))
        .collect();
    // None: not looked up yet; Some(None): known to have no binding.
    let mut found: Vec<Option<Option<live::Binding>>> = names.iter().map(|_| None).collect();
    let mut left = names.len() as u64;
    if names.len() > 1 {
        // The account's listing, a page at a time, while the pages left are fewer than the
        // domains still to find; then exact reads for the rest.
        let listing = list_all(
            "bindings",
            BINDINGS_PAGE,
            |_, offset| bindings_page(session, &t, None, None, offset, policy),
            |b: &Binding| crate::domain::key(&b.domain_name),
            |new, total, received| {
                for (_, b) in new {
                    if let Some(&i) = index.get(&crate::domain::key(&b.domain_name))
                        && found[i].is_none()
                    {
                        found[i] = Some(Some(b.clone()));
                        left -= 1;
                    }
                }
                // Without a total, a full page says nothing of what is left: rather than
                // guess, the rest are read one by one.
                total.is_some_and(|t| {
                    left > 0 && t.saturating_sub(received).div_ceil(BINDINGS_PAGE) < left
                })
            },
        );
        match listing {
            // The whole listing is read: the rest have no binding.
            Ok(l) if l.complete => found
                .iter_mut()
                .filter(|f| f.is_none())
                .for_each(|f| *f = Some(None)),
            Ok(_) => {}
            // CAM may allow reading these domains but not listing the account's: read
            // them one by one.
            Err(Error::NotPermitted { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    for (i, name) in names.iter().enumerate() {
        if found[i].is_none() {
            progress.update(what, i, Some(names.len() as u64));
            found[i] = Some(read_binding(session, &t, name, policy)?);
        }
    }
    let mut states = Vec::with_capacity(names.len());
    let mut by_cert: HashMap<String, BoundCert> = HashMap::new();
    let mut unreadable: Vec<String> = Vec::new();
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
            unreadable: false,
        };
        if need_fp {
            // Domains bound to the same certificate share its fingerprint: one read of the
            // certificate per CloudCertId, not one per domain (300 domains renewed together
            // share one).
            let cached = cur.cert_id.as_ref().and_then(|id| by_cert.get(id));
            let bound = match cached {
                Some(b) => b.clone(),
                None => {
                    progress.update(what, i, Some(names.len() as u64));
                    let b = bound_fingerprint(session, target, name, policy)?;
                    if let Some(id) = &cur.cert_id {
                        by_cert.insert(id.clone(), b.clone());
                    }
                    b
                }
            };
            match bound {
                BoundCert::Fingerprint(f) => cur.fingerprint = Some(f),
                BoundCert::Unreadable => {
                    cur.unreadable = true;
                    unreadable.push(name.to_string());
                }
                BoundCert::None => {}
            }
        }
        states.push(Some(cur));
    }
    progress.done();
    if let Some(first) = unreadable.first() {
        crate::output::warn(
            false,
            &format!(
                "the certificate bound to {}{} could not be read from the API (DomainCertInfo.HttpsCrt is not PEM): comparing expiry dates instead",
                printable(first),
                match unreadable.len() {
                    1 => String::new(),
                    n => format!(
                        " and {} more domain{}",
                        n - 1,
                        if n == 2 { "" } else { "s" }
                    ),
                }
            ),
        );
    }
    Ok(states)
}

/// One domain's binding, by an exact read.
fn read_binding(
    session: &mut Session<'_>,
    t: &Target<'_>,
    name: &str,
    policy: Policy,
) -> Result<Option<live::Binding>> {
    let resp: live::DescribeBindingsResponse = read(
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
/// What the API's copy of a bound certificate told.
#[derive(Debug, Clone)]
enum BoundCert {
    Fingerprint(String),
    /// Something is there, but not a readable certificate.
    Unreadable,
    None,
}

fn bound_fingerprint(
    session: &mut Session<'_>,
    target: &Target<'_>,
    name: &str,
    policy: Policy,
) -> Result<BoundCert> {
    let t = Target {
        action: live::DESCRIBE_CERT,
        ..*target
    };
    let info: Result<live::DescribeCertResponse> = read(
        session,
        &t,
        &live::DescribeCertRequest { domain_name: name },
        policy,
    );
    match info {
        Ok(info) => Ok(
            match info
                .domain_cert_info
                .and_then(|i| i.https_crt)
                .filter(|pem| !pem.trim().is_empty())
            {
                None => BoundCert::None,
                Some(pem) => leaf_fingerprint(&pem)
                    .map(BoundCert::Fingerprint)
                    .unwrap_or(BoundCert::Unreadable),
            },
        ),
        Err(Error::Api { ref code, .. }) if code.starts_with("ResourceNotFound") => {
            Ok(BoundCert::None)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_certificate_is_read_in_every_shape_the_api_documents() {
        let ck = fixture_pem();
        let plain = leaf_fingerprint(&ck).expect("real line breaks");
        let crlf = ck.replace('\n', "\r\n");
        let escaped = ck.trim_end().replace('\n', "\\n");
        let escaped_crlf = ck.trim_end().replace('\n', "\\r\\n");
        for (shape, pem) in [
            ("\\r\\n", crlf),
            ("escaped \\n", escaped),
            ("escaped \\r\\n", escaped_crlf),
        ] {
            assert_eq!(
                leaf_fingerprint(&pem).as_deref(),
                Some(plain.as_str()),
                "{shape}"
            );
        }
        assert_eq!(leaf_fingerprint("<not a certificate>"), None);
    }

    /// A real certificate: the test-only self-signed one of tests/fixtures/keys.
    fn fixture_pem() -> String {
        include_str!("../../tests/fixtures/keys/rsa1024.selfsigned.crt.pem").to_string()
    }
}
