//! The one reading layer: a read action's call, the one paging routine every listing uses
//! (`cert list`, `domain list`, `--match-san`, the reads before a bind and `--verify`), and
//! what domains have bound now.

use std::collections::{HashMap, HashSet};

use serde_json::value::RawValue;

use crate::api::live::{self, Binding, Domain};
use crate::cert;
use crate::check;
use crate::cloud::Product;
use crate::cloud::envelope::Answer;
use crate::cloud::fields::{Entry, Field};
use crate::cloud::request::Prepared;
use crate::cloud::retry::Policy;
use crate::cloud::session::Session;
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
    session: &mut Session,
    action: &str,
    req: &impl serde::Serialize,
    policy: Policy,
) -> Result<T> {
    let prepared = Prepared::plain(req)?;
    let answer = session.call(action, &prepared, policy)?;
    fields_of(session.options().product, action, answer)
}

/// What a read action's answer holds: its fields, or the refusal it is. Pure: the fuzz
/// targets (`crate::fuzzing`) read answers through it as [`read`] does.
pub(crate) fn fields_of<T: serde::de::DeserializeOwned>(
    product: &Product,
    action: &str,
    answer: Answer,
) -> Result<T> {
    match answer {
        Answer::Ok(envelope) => envelope.fields().map_err(|e| {
            Error::Transport(format!(
                "the answer to {action} has the API's envelope but not its fields ({})",
                printable(&e.to_string())
            ))
        }),
        Answer::Refused {
            envelope,
            code,
            message,
        } => Err(product.refusal(action, &code, &message, envelope.request_id.as_deref())),
    }
}

/// Which of the account's Live domains a listing asks for (the API's `DomainType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainKind {
    Play,
    Push,
    All,
}

/// One listing item: as received (for `-o json`) and the fields tclive reads.
pub type Item<T> = (Box<RawValue>, T);

/// A listing as far as it was read.
pub(crate) struct Listing<T> {
    pub items: Vec<Item<T>>,
    /// Read to its end. False only when the caller stopped it on purpose: a listing that the
    /// server ends short of its own total is an error, never a partial result.
    pub complete: bool,
    /// The total the server gave (None: the answers gave none, and the end was taken from a
    /// short page).
    pub total: Option<u64>,
    /// The names (or texts) of items the listing gave more than once with different contents:
    /// only the first is in `items`, and neither can be trusted.
    pub conflicts: HashSet<String>,
}

impl<T> Listing<T> {
    /// Whole beyond doubt: read to its end, against a total the server gave, and no item
    /// given twice with different contents. What a decision to delete needs.
    pub fn certain(&self) -> bool {
        self.complete && self.total.is_some() && self.conflicts.is_empty()
    }
}

/// The one paging routine, for every listing. `fetch(page, offset)` reads one page: its
/// items and the total the API says it has; the offset advances by the items received.
/// `on_page(new, total, received)` sees each page's new items and says whether to read on.
///
/// A listing is used whole or not at all. With a total (TotalNum, AllCount) it is whole when
/// it holds that many distinct items; without one, when a page is short of the page size (an
/// empty page after full ones included) and no page repeated an item already read. Anything
/// else is an error naming the listing, how far it got and what the server did (exit 6): an
/// empty page, or a page of items already read, before the total; pages that overlap; a total
/// that changes between pages, or more items than the total. Linear and bounded whatever the
/// server does: past [`MAX_LISTED_ITEMS`], [`MAX_LISTED_BYTES`] or `MAX_PAGES` it is an error.
pub(crate) fn list_all<T: Entry>(
    what: &str,
    action: &str,
    page_size: u64,
    mut fetch: impl FnMut(u64, u64) -> Result<(Vec<Box<RawValue>>, Option<u64>)>,
    mut on_page: impl FnMut(&[Item<T>], Option<u64>, u64) -> bool,
) -> Result<Listing<T>> {
    let mut all: Vec<Item<T>> = Vec::new();
    // Each key read, to the position of its first item.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut conflicts: HashSet<String> = HashSet::new();
    let (mut received, mut bytes) = (0u64, 0usize);
    // The total the first page gave: every page must give the same.
    let mut first_total: Option<Option<u64>> = None;
    let mut progress = Progress::new();
    for page in 0..MAX_PAGES {
        let (items, total) = fetch(page, received)?;
        let reference = *first_total.get_or_insert(total);
        let got = items.len() as u64;
        received += got;
        let start = all.len();
        for raw in items {
            let item = T::read(raw.get());
            // An entry without a readable name is known by its text.
            let key = item.key().unwrap_or_else(|| raw.get().to_string());
            if let Some(&first) = seen.get(&key) {
                if all[first].0.get() != raw.get() {
                    conflicts.insert(key);
                }
                continue;
            }
            seen.insert(key, all.len());
            bytes += raw.get().len();
            if all.len() >= MAX_LISTED_ITEMS || bytes > MAX_LISTED_BYTES {
                return Err(Error::Transport(format!(
                    "the {what} listing goes on past {MAX_LISTED_ITEMS} items or {} MiB; stopped reading (narrow it with --search or --domain)",
                    MAX_LISTED_BYTES / 1024 / 1024
                )));
            }
            all.push((raw, item));
        }
        let new = (all.len() - start) as u64;
        progress.update(what, all.len(), reference);
        let read_on = on_page(&all[start..], reference, received);
        let distinct = all.len() as u64;
        let n = page + 1;
        let short = |did: String| {
            progress.done();
            Err(incomplete(what, action, distinct, reference, &did))
        };
        if total != reference {
            return short(match total {
                Some(t) => format!("page {n} gave a total of {t}"),
                None => format!("page {n} gave no total"),
            });
        }
        let repeated = format!(
            "page {n} repeated items already read (does the server ignore the page asked for?)"
        );
        let complete = match reference {
            Some(t) if distinct > t => {
                progress.done();
                return Err(Error::Transport(format!(
                    "the {what} listing ({action}) cannot be trusted: {distinct} items read, more than the total of {t} the server gives; {WHOLE}"
                )));
            }
            Some(t) if distinct == t => true,
            Some(_) if got == 0 => return short(format!("page {n} came back empty")),
            Some(_) if new == 0 => return short(repeated),
            Some(t) if received >= t => {
                return short(format!(
                    "the pages overlapped ({} items came twice)",
                    received - distinct
                ));
            }
            Some(_) => false,
            None if new < got => return short(repeated),
            None => got < page_size,
        };
        if complete || !read_on {
            progress.done();
            return Ok(Listing {
                items: all,
                complete,
                total: reference,
                conflicts,
            });
        }
    }
    progress.done();
    Err(incomplete(
        what,
        action,
        all.len() as u64,
        first_total.flatten(),
        &format!("it went on past {MAX_PAGES} pages"),
    ))
}

/// How a listing error ends: what tclive does with it.
const WHOLE: &str = "tclive uses a listing whole or not at all: try again later";

/// The error for a listing the server ended short: `did` says how.
fn incomplete(what: &str, action: &str, read: u64, total: Option<u64>, did: &str) -> Error {
    let read = match total {
        Some(t) => format!("{read} of {t} items read"),
        None => format!("{read} items read (the answers give no total)"),
    };
    Error::Transport(format!(
        "the {what} listing ({action}) is incomplete: {read}, then {did}; {WHOLE}"
    ))
}

/// One page of DescribeLiveDomainCertBindings, soonest expiry first, and the total the API
/// says there is.
fn bindings_page(
    session: &mut Session,
    search: Option<&str>,
    domain: Option<&str>,
    offset: u64,
    policy: Policy,
) -> Result<(Vec<Box<serde_json::value::RawValue>>, Option<u64>)> {
    let resp: live::DescribeBindingsResponse = read(
        session,
        live::DESCRIBE_BINDINGS,
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
    session: &mut Session,
    domain: Option<&str>,
    search: Option<&str>,
    policy: Policy,
) -> Result<Vec<Item<Binding>>> {
    bindings_listing(session, domain, search, policy).map(|l| l.items)
}

/// Every binding, as a [`Listing`]: with the total the server gave and what it gave twice.
pub(crate) fn bindings_listing(
    session: &mut Session,
    domain: Option<&str>,
    search: Option<&str>,
    policy: Policy,
) -> Result<Listing<Binding>> {
    list_all(
        "bindings",
        live::DESCRIBE_BINDINGS,
        BINDINGS_PAGE,
        |_, offset| bindings_page(session, search, domain, offset, policy),
        |_, _, _| true,
    )
}

/// Every domain of the kind asked for, all pages merged, as received. `on_page` sees each
/// page's new items as it arrives, while the API's pace holds the next request back (the
/// whole listing is returned only if it is complete: what `on_page` made of an incomplete
/// one must be dropped with the error).
pub fn fetch_domains(
    session: &mut Session,
    kind: DomainKind,
    enabled_only: bool,
    policy: Policy,
    mut on_page: impl FnMut(&[Item<Domain>]),
) -> Result<Vec<Item<Domain>>> {
    list_all(
        "domains",
        live::DESCRIBE_DOMAINS,
        DOMAINS_PAGE,
        |page, _| {
            let resp: live::DescribeDomainsResponse = read(
                session,
                live::DESCRIBE_DOMAINS,
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
        |items, _, _| {
            on_page(items);
            true
        },
    )
    .map(|l| l.items)
}

/// The SHA-256 fingerprints of the certificates in `pem`, in order (the leaf first). The
/// API's own example of `HttpsCrt` carries literal `\n` sequences instead of line breaks;
/// both forms (and `\r\n`) are read.
pub(crate) fn chain_fingerprints(pem: &str) -> Option<Vec<String>> {
    let unescaped;
    let pem = if pem.contains("\\n") && !pem.contains('\n') {
        unescaped = pem.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.as_str()
    } else {
        pem
    };
    let c = cert::load_cert("bound", pem.as_bytes()).ok()?;
    let chain: Vec<String> = c.ders().iter().map(|d| check::fingerprint(d)).collect();
    (!chain.is_empty()).then_some(chain)
}

/// What each of `names` has now (same order): its binding and, for key-pair binds, the bound
/// chain's fingerprints. A binding is found either by one exact read per domain or, while it
/// takes fewer requests than the domains still to look up, by the account's listing of all
/// bindings, a page at a time: binding 300 domains reads a few pages, not 300 domains.
pub(crate) fn read_states(
    session: &mut Session,
    names: &[&str],
    need_fp: bool,
    policy: Policy,
    what: &str,
) -> Result<Vec<Option<plan::Current>>> {
    read_states_and_bound(session, names, need_fp, policy, what).map(|(states, _)| states)
}

/// The CloudCertIds bound to any of the account's domains.
pub(crate) type BoundIds = HashSet<String>;

/// [`read_states`], and the CloudCertIds bound to any of the account's domains when the
/// account's whole listing was read on the way, beyond doubt ([`Listing::certain`]) and every
/// entry readable (None otherwise).
pub(crate) fn read_states_and_bound(
    session: &mut Session,
    names: &[&str],
    need_fp: bool,
    policy: Policy,
    what: &str,
) -> Result<(Vec<Option<plan::Current>>, Option<BoundIds>)> {
    let mut whole: Option<BoundIds> = None;
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
            live::DESCRIBE_BINDINGS,
            BINDINGS_PAGE,
            |_, offset| bindings_page(session, None, None, offset, policy),
            |new: &[Item<Binding>], total, received| {
                for (_, b) in new {
                    if let Some(&i) = b.name().and_then(|n| index.get(&crate::domain::key(n)))
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
            // The whole listing is read: the rest have no binding. (One the server cut short
            // is an error, below; only a listing stopped on purpose leaves exact reads.)
            Ok(l) if l.complete => {
                if l.certain() && l.items.iter().all(|(_, b)| b.problems().is_none()) {
                    whole = Some(
                        l.items
                            .iter()
                            .filter_map(|(_, b)| b.cloud_cert_id.value().cloned())
                            .collect(),
                    );
                }
                found
                    .iter_mut()
                    .filter(|f| f.is_none())
                    .for_each(|f| *f = Some(None))
            }
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
            found[i] = Some(read_binding(session, name, policy)?);
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
            cert_id: b.cloud_cert_id.into_value().filter(|s| !s.is_empty()),
            alias: b.certificate_alias.into_value().filter(|s| !s.is_empty()),
            expires: b.cert_expire_time.value().map(|t| crate::clock::utc(t.0)),
            https: b.status.into_value(),
            fingerprint: None,
            chain: None,
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
                    let b = bound_chain(session, name, policy)?;
                    if let Some(id) = &cur.cert_id {
                        by_cert.insert(id.clone(), b.clone());
                    }
                    b
                }
            };
            match bound {
                BoundCert::Chain(chain) => {
                    cur.fingerprint = chain.first().cloned();
                    cur.chain = Some(chain);
                }
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
    Ok((states, whole))
}

/// One domain's binding, by an exact read.
fn read_binding(
    session: &mut Session,
    name: &str,
    policy: Policy,
) -> Result<Option<live::Binding>> {
    let resp: live::DescribeBindingsResponse = read(
        session,
        live::DESCRIBE_BINDINGS,
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
        .map(|v| <live::Binding as Entry>::read(v.get()))
        .find(|b| b.name().map(crate::domain::key).as_ref() == Some(&want)))
}

/// What the API's copy of a bound certificate told.
#[derive(Debug, Clone)]
pub(crate) enum BoundCert {
    /// The fingerprints of its certificates, the leaf first.
    Chain(Vec<String>),
    /// Something is there, but not a readable certificate.
    Unreadable,
    None,
}

/// What the API's copy of the certificate bound to `name` is (DescribeLiveDomainCert): a
/// domain it says has none (`ResourceNotFound…`) has none.
fn bound_chain(session: &mut Session, name: &str, policy: Policy) -> Result<BoundCert> {
    let info: Result<live::DescribeCertResponse> = read(
        session,
        live::DESCRIBE_CERT,
        &live::DescribeCertRequest { domain_name: name },
        policy,
    );
    match info {
        Ok(info) => Ok(bound_cert(info)),
        Err(Error::Api { ref code, .. }) if code.starts_with("ResourceNotFound") => {
            Ok(BoundCert::None)
        }
        Err(e) => Err(e),
    }
}

/// What a DescribeLiveDomainCert answer says is bound. Pure: the fuzz targets read it
/// through this as [`bound_chain`] does.
pub(crate) fn bound_cert(info: live::DescribeCertResponse) -> BoundCert {
    match info
        .domain_cert_info
        .map(|i| i.https_crt)
        .unwrap_or_default()
    {
        Field::Absent => BoundCert::None,
        Field::Value(pem) if pem.trim().is_empty() => BoundCert::None,
        Field::Value(pem) => chain_fingerprints(&pem)
            .map(BoundCert::Chain)
            .unwrap_or(BoundCert::Unreadable),
        Field::Unreadable => BoundCert::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_certificate_is_read_in_every_shape_the_api_documents() {
        let ck = fixture_pem();
        let plain = chain_fingerprints(&ck).expect("real line breaks");
        let crlf = ck.replace('\n', "\r\n");
        let escaped = ck.trim_end().replace('\n', "\\n");
        let escaped_crlf = ck.trim_end().replace('\n', "\\r\\n");
        for (shape, pem) in [
            ("\\r\\n", crlf),
            ("escaped \\n", escaped),
            ("escaped \\r\\n", escaped_crlf),
        ] {
            assert_eq!(chain_fingerprints(&pem).as_ref(), Some(&plain), "{shape}");
        }
        assert_eq!(chain_fingerprints("<not a certificate>"), None);
        // Every certificate, in order.
        let two = chain_fingerprints(&format!("{ck}{ck}")).unwrap();
        assert_eq!(two, [plain[0].clone(), plain[0].clone()]);
    }

    /// A real certificate: the test-only self-signed one of tests/fixtures/keys.
    fn fixture_pem() -> String {
        include_str!("../../tests/fixtures/keys/rsa1024.selfsigned.crt.pem").to_string()
    }
}
