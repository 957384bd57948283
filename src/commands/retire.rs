//! Retiring stored certificates, for every command that does: `cert bind --retire-old` (the
//! certificates a renewal replaced, superseded by the new one), `cert unbind --retire-old` and
//! `cert prune` (leftovers superseded by any stored certificate, or expired). A certificate
//! is retired only when it is uploaded, bound to no Live domain (the whole listing, read
//! again) and superseded or expired; every read is whole or nothing is retired; an id an
//! answer names that was not asked for is ignored. `mute` switches off its expiry notices,
//! `delete` deletes it after the service checked every other cloud product for it.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::api::reads;
use crate::api::ssl::{self, SSL};
use crate::check::{NameIndex, covers};
use crate::cli::RetireOld;
use crate::cloud::fields::Entry;
use crate::cloud::session::Session;
use crate::error::{Error, Result};
use crate::output::table::{Fit, table, tsv};
use crate::settings::Settings;
use crate::text::printable;

/// One certificate a retirement looked at.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Retired {
    /// As printed (see [`printable`]); `id` is what is sent.
    pub certificate_id: String,
    #[serde(skip)]
    pub id: String,
    pub alias: String,
    pub names: Vec<String>,
    pub expires: String,
    /// `mute`, `delete`, or `keep` when a rule keeps it.
    pub action: &'static str,
    pub result: String,
    /// Retired as asked.
    #[serde(skip)]
    pub done: bool,
    /// Still bound to a Live domain: in use, not a leftover.
    #[serde(skip)]
    pub in_use: bool,
    /// Why it is retired (expired, superseded by …), when judged against the whole store.
    #[serde(skip)]
    pub why: Option<String>,
}

/// What `--retire-old` came to.
#[derive(Debug, Default)]
pub(crate) struct Retirement {
    pub rows: Vec<Retired>,
    /// Why nothing was retired, when nothing was.
    pub note: Option<String>,
    /// A read could not be read whole, or the bind did not fully succeed: leftovers may stay.
    pub blocked: bool,
}

impl Retirement {
    pub(crate) fn nothing(why: String, blocked: bool) -> Retirement {
        Retirement {
            rows: Vec::new(),
            note: Some(why),
            blocked,
        }
    }

    /// True when an old certificate stayed that is bound to no Live domain (exit 7).
    pub(crate) fn left_over(&self) -> bool {
        self.blocked || self.rows.iter().any(|r| !r.done && !r.in_use)
    }

    pub(crate) fn json(&self, mode: RetireOld) -> serde_json::Value {
        serde_json::json!({
            "Action": mode.word(),
            "Note": self.note,
            "Certificates": self.rows,
        })
    }

    fn cells(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| {
                vec![
                    r.certificate_id.clone(),
                    r.alias.clone(),
                    r.names.join(","),
                    r.expires.clone(),
                    r.action.to_string(),
                    r.result.clone(),
                ]
            })
            .collect()
    }

    /// The rows as a table; `first`: the first column's header.
    pub(crate) fn table(&self, first: &str, width: Option<u16>) -> String {
        let cells = self.cells();
        let rows: Vec<Vec<&str>> = cells
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        table(
            &[first, "ALIAS", "NAMES", "EXPIRES", "ACTION", "RESULT"],
            &rows,
            &Fit { width, free: &[5] },
            None,
        )
    }

    /// `retire<TAB>id<TAB>alias<TAB>names<TAB>expires<TAB>action<TAB>result`: the first
    /// field tells these lines from the domains' (which start with a domain name). `cert
    /// prune`, whose lines are all of certificates, leaves it out (`prefixed` false).
    pub(crate) fn tsv(&self, prefixed: bool) -> String {
        let rows: Vec<Vec<String>> = self
            .cells()
            .into_iter()
            .map(|mut r| {
                if prefixed {
                    r.insert(0, "retire".to_string());
                }
                r
            })
            .collect();
        tsv(&rows)
    }

    pub(crate) fn summary(&self, mode: RetireOld) -> String {
        if let Some(note) = &self.note {
            return format!("--retire-old {}: {note}", mode.word());
        }
        let done = self.rows.iter().filter(|r| r.done).count();
        format!(
            "--retire-old {}: {} old certificate{} looked at, {done} {}, {} kept",
            mode.word(),
            self.rows.len(),
            if self.rows.len() == 1 { "" } else { "s" },
            mode.done(),
            self.rows.len() - done
        )
    }
}

/// What a retirement judges the old certificates against.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Against<'a> {
    /// The certificate a bind just bound: an old one must be covered and outlived by it.
    New(&'a str),
    /// Every uploaded certificate stored: an old one must be expired, or covered and
    /// outlived by another.
    Store,
}

/// Retires `olds` as `mode` says, once the change is known to have fully succeeded
/// (`refused`: why not, when it did not). `bound`: the CloudCertIds bound to any Live domain,
/// when a read of the whole listing after the change has them already.
pub(crate) fn run(
    ctx: &Settings,
    mode: RetireOld,
    live: &mut Session,
    against: Against,
    olds: Vec<String>,
    bound: Option<HashSet<String>>,
    refused: Option<&str>,
) -> Result<Retirement> {
    if let Some(why) = refused {
        // Unknown candidates (--force) may be leftovers too.
        let blocked = !olds.is_empty() || why.starts_with("--force");
        return Ok(Retirement::nothing(
            format!("nothing retired: {why}"),
            blocked,
        ));
    }
    if olds.is_empty() {
        return Ok(Retirement::nothing(
            "no certificate to retire: the domains had no other certificate before".into(),
            false,
        ));
    }
    // What is bound now: as a read-back of the whole listing just found it, or read again.
    let bound_now = match bound.map_or_else(|| bound_now(ctx, live), Ok) {
        Ok(ids) => ids,
        Err(e @ Error::Transport(_)) => {
            return Ok(Retirement::nothing(format!("nothing retired: {e}"), true));
        }
        Err(e) => {
            return Ok(Retirement::nothing(
                format!("nothing retired: the bindings listing could not be read: {e}"),
                true,
            ));
        }
    };
    let mut ssl_session = match ctx.session(&SSL) {
        Ok(s) => s,
        Err(e) => return Ok(Retirement::nothing(format!("nothing retired: {e}"), true)),
    };
    let mut rows = match against {
        Against::New(new_id) => {
            // Only ids tclive sends as printed are asked about (and so ever retired).
            let mut asked = vec![new_id.to_string()];
            asked.extend(olds.iter().filter(|id| ssl::usable_id(id)).cloned());
            let listed = match describe(ctx, &mut ssl_session, &asked) {
                Ok(l) => l,
                Err(why) => {
                    return Ok(Retirement::nothing(format!("nothing retired: {why}"), true));
                }
            };
            let new = listed.get(new_id).and_then(|c| c.as_ref());
            let now = service_now(live, &ssl_session);
            olds.iter()
                .map(|id| match listed.get(id.as_str()) {
                    _ if !ssl::usable_id(id) => kept(id, UNSENDABLE),
                    Some(Some(c)) => judged(c, mode, &bound_now, |c| {
                        keep_reason(c, new, now).map_or(Ok(None), Err)
                    }),
                    Some(None) => kept(id, "kept: the SSL listing names it more than once"),
                    None => kept(id, "kept: not in the SSL certificate listing"),
                })
                .collect::<Vec<_>>()
        }
        Against::Store => {
            let store = match list_uploaded(ctx, &mut ssl_session) {
                Ok(s) => s,
                Err(e) => {
                    return Ok(Retirement::nothing(
                        format!("nothing retired: the stored certificates could not be read: {e}"),
                        true,
                    ));
                }
            };
            let verdicts = store.leftovers(service_now(live, &ssl_session), &bound_now);
            olds.iter()
                .map(|id| match store.position(id) {
                    _ if !ssl::usable_id(id) => kept(id, UNSENDABLE),
                    Some(i) => judged(&store.certs[i], mode, &bound_now, |_| verdicts[i].clone()),
                    None => kept(id, "kept: not among the uploaded certificates listed"),
                })
                .collect()
        }
    };
    execute(ctx, &mut ssl_session, mode, &mut rows);
    Ok(Retirement {
        rows,
        note: None,
        blocked: false,
    })
}

/// The row of an id that is not one tclive sends ([`ssl::usable_id`]).
const UNSENDABLE: &str =
    "kept: its id is not one tclive sends (only ASCII letters, digits, '-', '_' and '.')";

/// Now by the services' clock: of the sessions' corrections (a `SignatureExpire` teaches one),
/// the larger.
pub(crate) fn service_now(a: &Session, b: &Session) -> i64 {
    let local = crate::clock::unix_now();
    let (x, y) = (a.now(), b.now());
    if (x - local).abs() >= (y - local).abs() {
        x
    } else {
        y
    }
}

/// The ids of the certificates bound to any Live domain now: the account's whole bindings
/// listing, read again (why not, when it cannot be read whole).
pub(crate) fn bound_now(ctx: &Settings, live: &mut Session) -> Result<HashSet<String>> {
    let listing = reads::bindings_listing(live, None, None, ctx.policy()).map_err(|e| match e {
        Error::Transport(m) => {
            Error::Transport(format!("the bindings listing could not be read: {m}"))
        }
        e => e,
    })?;
    if listing.total.is_none() {
        return Err(Error::Transport(
            "the bindings listing gives no total (TotalNum), so it cannot be known to be whole"
                .into(),
        ));
    }
    if let Some(name) = listing.conflicts.iter().min() {
        return Err(Error::Transport(format!(
            "the bindings listing names {} more than once with different bindings",
            printable(name)
        )));
    }
    let mut ids = HashSet::new();
    for (_, b) in &listing.items {
        if let Some(p) = b.problems() {
            return Err(Error::Transport(format!(
                "the bindings listing could not be read whole ({})",
                printable(&p)
            )));
        }
        if let Some(id) = b.cloud_cert_id.value() {
            ids.insert(id.clone());
        }
    }
    Ok(ids)
}

/// A row for a certificate kept without being judged (not listed, or listed twice).
pub(crate) fn kept(id: &str, why: &str) -> Retired {
    Retired {
        certificate_id: printable(id),
        id: id.to_string(),
        alias: String::new(),
        names: Vec::new(),
        expires: String::new(),
        action: "keep",
        result: why.to_string(),
        done: false,
        in_use: false,
        why: None,
    }
}

/// The row of a listed certificate: kept when still bound to a Live domain, or when `rule`
/// gives a reason to keep it (`Err`); else to be retired as `mode` says (`Ok`: why, when
/// there is more to say than "superseded by the new certificate"). A certificate whose
/// notices are muted already is muted, with nothing sent.
pub(crate) fn judged(
    c: &Listed,
    mode: RetireOld,
    bound_now: &HashSet<String>,
    rule: impl FnOnce(&Listed) -> std::result::Result<Option<String>, String>,
) -> Retired {
    let mut row = Retired {
        certificate_id: printable(&c.id),
        id: c.id.clone(),
        alias: printable(&c.alias),
        names: c.names.iter().map(|n| printable(n)).collect(),
        expires: printable(c.end_text.as_deref().unwrap_or("")),
        action: "keep",
        result: String::new(),
        done: false,
        in_use: false,
        why: None,
    };
    if bound_now.contains(&c.id) {
        row.in_use = true;
        row.result = "kept: still bound to a Live domain".into();
        return row;
    }
    match rule(c) {
        Err(why) => row.result = why,
        Ok(why) => {
            row.action = mode.word();
            row.why = why;
            if mode == RetireOld::Mute && c.muted {
                row.done = true;
                row.result = "muted already: no expiry notices".into();
            }
        }
    }
    row
}

/// How the reason starts for a certificate kept because nothing supersedes it: the current
/// one for its names.
const CURRENT: &str = "kept: current";

/// Mutes or deletes the rows to retire that are not done yet, and writes each one's result.
pub(crate) fn execute(ctx: &Settings, ssl: &mut Session, mode: RetireOld, rows: &mut [Retired]) {
    let to_retire: Vec<String> = rows
        .iter()
        .filter(|r| r.action != "keep" && !r.done)
        .map(|r| r.id.clone())
        .collect();
    if to_retire.is_empty() {
        return;
    }
    let results = match mode {
        RetireOld::Mute => mute(ctx, ssl, &to_retire),
        RetireOld::Delete => delete(ctx, ssl, &to_retire),
    };
    for row in rows.iter_mut().filter(|r| r.action != "keep" && !r.done) {
        let (done, text) = results
            .get(&row.id)
            .cloned()
            .unwrap_or((false, "kept: no answer names it".to_string()));
        row.done = done;
        row.result = match (&row.why, done) {
            (Some(why), true) => format!("{text}: {why}"),
            _ => text,
        };
    }
}

/// What the SSL listing says of a certificate, as judged.
#[derive(Debug)]
pub(crate) struct Listed {
    /// As received (only ids [`ssl::usable_id`] takes are listed): what is sent.
    pub id: String,
    pub alias: String,
    /// Lower case, each once; `["?"]` when they cannot be read (no SubjectAltName list, or
    /// too many to be a real certificate's).
    pub names: Vec<String>,
    pub from: Option<String>,
    pub end_text: Option<String>,
    pub end: Option<i64>,
    pub muted: bool,
    /// `CertificateType` (`SVR`, `CA`), when given.
    kind: Option<String>,
    /// `Status` when given: `Some(None)` when it is not a number.
    status: Option<Option<u64>>,
    /// `CertBeginTime` when given: `Some(None)` when it cannot be read.
    begin: Option<Option<i64>>,
    /// `InsertTime`, when it can be read.
    inserted: Option<i64>,
}

impl Listed {
    fn of(id: String, c: ssl::StoredCertificate) -> Listed {
        let mut names: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for n in c
            .domain
            .iter()
            .chain(c.subject_alt_name.iter().flat_map(|l| l.0.iter()))
        {
            let n = n.trim().to_ascii_lowercase();
            if !n.is_empty() && seen.insert(n.clone()) {
                names.push(n);
            }
        }
        // Without its SubjectAltName list the names are not known; past any real certificate
        // (a CA allows 100 names) they are not believed.
        if c.subject_alt_name.is_none() || names.len() > MAX_NAMES {
            names = vec!["?".to_string()];
        }
        let time = |t: &Option<String>| t.as_deref().and_then(crate::clock::parse_api_time);
        Listed {
            id,
            alias: c.alias.unwrap_or_default(),
            names,
            from: c.from,
            end: time(&c.cert_end_time),
            end_text: c.cert_end_time,
            muted: c.is_ignore.as_ref().and_then(|v| v.as_bool()) == Some(true),
            kind: c.certificate_type,
            status: c.status.map(|v| v.as_u64()),
            begin: c.cert_begin_time.as_ref().map(|_| time(&c.cert_begin_time)),
            inserted: time(&c.insert_time),
        }
    }

    fn names_readable(&self) -> bool {
        !self.names.is_empty() && !self.names.iter().any(|n| n == "?")
    }

    /// A server certificate, or one whose type is not given.
    fn serves(&self) -> bool {
        self.kind
            .as_deref()
            .is_none_or(|k| k == ssl::CERTIFICATE_TYPE)
    }

    /// Whether it can stand in for another now: a server certificate, valid (Status 1, when
    /// given), already begun, with names and an expiry that can be read.
    fn usable(&self, now: i64) -> bool {
        self.serves()
            && self.status.is_none_or(|s| s == Some(1))
            && self.begin.is_none_or(|b| b.is_some_and(|b| b <= now))
            && self.names_readable()
            && self.end.is_some_and(|e| e > now)
    }
}

/// `DescribeCertificates` by CertIds, one page: each id asked for once (None when named
/// twice); ids not asked for are ignored.
fn describe(
    ctx: &Settings,
    session: &mut Session,
    ids: &[String],
) -> std::result::Result<HashMap<String, Option<Listed>>, String> {
    let req = ssl::DescribeCertificatesRequest {
        offset: 0,
        limit: ids.len() as u64,
        search_key: None,
        filter_source: None,
        cert_ids: Some(ids),
    };
    let resp: ssl::DescribeCertificatesResponse =
        reads::read(session, ssl::DESCRIBE_CERTIFICATES, &req, ctx.policy())
            .map_err(|e| format!("the stored certificates could not be read: {e}"))?;
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut out: HashMap<String, Option<Listed>> = HashMap::new();
    for raw in resp.certificates.unwrap_or_default().0 {
        let c: ssl::StoredCertificate = serde_json::from_str(raw.get()).map_err(|_| {
            "the stored certificates could not be read whole (an entry is not an object)"
                .to_string()
        })?;
        let Some(id) = c
            .certificate_id
            .clone()
            .filter(|i| wanted.contains(i.as_str()))
        else {
            continue;
        };
        if let Some(seen) = out.get_mut(&id) {
            *seen = None;
            continue;
        }
        out.insert(id.clone(), Some(Listed::of(id, c)));
    }
    Ok(out)
}

/// The most names a stored certificate is judged with.
const MAX_NAMES: usize = 1000;

/// The account's uploaded certificates (`DescribeCertificates`, `FilterSource: upload`,
/// every page of 1000), indexed by id and by name. Listed whole or an error, as every
/// listing is; an entry whose id cannot be read is in `unreadable`, one the listing gives
/// twice with different contents in `conflicts`.
pub(crate) struct Store {
    pub certs: Vec<Listed>,
    /// Entries that could not be read (not an object, or no usable id): what was received.
    pub unreadable: Vec<String>,
    conflicts: HashSet<String>,
    by_id: HashMap<String, usize>,
    /// Name (a wildcard as written) → the certificates that hold it, latest expiry first.
    by_name: HashMap<String, Vec<usize>>,
}

/// The most certificates tried as the one that supersedes another: the latest-expiring
/// that share its first name. Past them it is kept (a rule that keeps is always safe), so
/// judging the whole store stays linear whatever the listing holds.
const MAX_TRIED: usize = 16;

pub(crate) fn list_uploaded(ctx: &Settings, session: &mut Session) -> Result<Store> {
    let listing = reads::list_all::<ssl::StoredCertificate>(
        "stored certificates",
        ssl::DESCRIBE_CERTIFICATES,
        ssl::CERTIFICATES_PAGE,
        |_, offset| {
            let resp: ssl::DescribeCertificatesResponse = reads::read(
                session,
                ssl::DESCRIBE_CERTIFICATES,
                &ssl::DescribeCertificatesRequest {
                    offset,
                    limit: ssl::CERTIFICATES_PAGE,
                    search_key: None,
                    filter_source: Some("upload"),
                    cert_ids: None,
                },
                ctx.policy(),
            )?;
            Ok((resp.certificates.unwrap_or_default().0, resp.total_count))
        },
        |_, _, _| true,
    )?;
    Ok(Store::new(listing.items, listing.conflicts))
}

impl Store {
    pub(crate) fn new(
        items: Vec<reads::Item<ssl::StoredCertificate>>,
        conflicts: HashSet<String>,
    ) -> Store {
        let mut certs = Vec::new();
        let mut unreadable = Vec::new();
        for (raw, c) in items {
            match c.name().map(str::to_string) {
                Some(id) if c.problems().is_none() => certs.push(Listed::of(id, c)),
                _ => unreadable.push(raw.get().to_string()),
            }
        }
        let by_id = certs
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, c) in certs.iter().enumerate() {
            if c.names_readable() && c.end.is_some() && !conflicts.contains(&c.id) {
                for n in &c.names {
                    by_name.entry(n.clone()).or_default().push(i);
                }
            }
        }
        for list in by_name.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(certs[i].end));
        }
        Store {
            certs,
            unreadable,
            conflicts,
            by_id,
            by_name,
        }
    }

    /// The ids the listing gave twice with different contents (each kept).
    pub(crate) fn conflicts(&self) -> usize {
        self.conflicts.len()
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// For every certificate, why it is a leftover (`Ok`: expired, or superseded by another
    /// stored certificate), or why it is kept (`Err`), at `now` (the service's clock), with
    /// `bound` the certificates bound to a Live domain. Linear in the names listed: each
    /// certificate's names are indexed once.
    pub(crate) fn leftovers(
        &self,
        now: i64,
        bound: &HashSet<String>,
    ) -> Vec<std::result::Result<Option<String>, String>> {
        let indexes: Vec<NameIndex> = self
            .certs
            .iter()
            .map(|c| NameIndex::new(&c.names))
            .collect();
        (0..self.certs.len())
            .map(|i| self.leftover(i, now, bound, &indexes))
            .collect()
    }

    fn leftover(
        &self,
        i: usize,
        now: i64,
        bound: &HashSet<String>,
        indexes: &[NameIndex],
    ) -> std::result::Result<Option<String>, String> {
        let c = &self.certs[i];
        if c.from.as_deref() != Some("upload") {
            return Err(format!(
                "kept: not uploaded (From: {})",
                printable(c.from.as_deref().unwrap_or("none"))
            ));
        }
        if self.conflicts.contains(&c.id) {
            return Err("kept: the listing names it more than once".into());
        }
        if !c.serves() {
            return Err(format!(
                "kept: not a server certificate (CertificateType: {})",
                printable(c.kind.as_deref().unwrap_or(""))
            ));
        }
        let Some(end) = c.end else {
            return Err("kept: its expiry could not be read".into());
        };
        if end <= now {
            return Ok(Some(format!("expired {}", crate::clock::utc(end))));
        }
        if !c.names_readable() {
            return Err("kept: its names could not be read".into());
        }
        match self.superseder(i, now, bound, indexes) {
            Some((j, copy)) => {
                let s = &self.certs[j];
                Ok(Some(if copy {
                    format!(
                        "a copy of {} (the same names and expiry; that one is {})",
                        printable(&s.id),
                        if bound.contains(&s.id) {
                            "bound to a Live domain"
                        } else if s.inserted != c.inserted {
                            "the newer upload"
                        } else {
                            "kept, by the greater id"
                        }
                    )
                } else {
                    format!(
                        "superseded by {} (expires {})",
                        printable(&s.id),
                        s.end.map(crate::clock::utc).unwrap_or_default()
                    )
                }))
            }
            None => Err(format!(
                "{CURRENT}: no other stored certificate covers its names and expires later"
            )),
        }
    }

    /// Another certificate, usable now, that covers every name of certificate `i` and expires
    /// later — or at the same time, when it covers more, or when it is an identical copy that
    /// is bound to a Live domain or was stored later (`true`: a copy). One of the
    /// latest-expiring that hold its first name, or the wildcard over it.
    fn superseder(
        &self,
        i: usize,
        now: i64,
        bound: &HashSet<String>,
        indexes: &[NameIndex],
    ) -> Option<(usize, bool)> {
        let c = &self.certs[i];
        let end = c.end?;
        let first = c.names.first()?;
        let empty = Vec::new();
        let exact = self.by_name.get(first).unwrap_or(&empty);
        let wildcard = match first.split_once('.') {
            Some((label, rest)) if !first.starts_with("*.") && !label.is_empty() => {
                self.by_name.get(&format!("*.{rest}")).unwrap_or(&empty)
            }
            _ => &empty,
        };
        // Which of two identical copies stays: the one bound, then the newer upload, then
        // the greater id (a total order, so exactly one of them stays).
        let rank = |k: usize| {
            let x = &self.certs[k];
            (bound.contains(&x.id), x.inserted, x.id.as_str())
        };
        // The two lists merged, latest expiry first, as far as they expire no earlier.
        let (mut a, mut b) = (exact.iter().peekable(), wildcard.iter().peekable());
        let mut tried = 0;
        // The copy that stays, of those tried: the one named.
        let mut copy: Option<usize> = None;
        while tried < MAX_TRIED {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if self.certs[x].end >= self.certs[y].end => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => None,
            };
            let Some(&j) = next else { break };
            if j == i {
                continue;
            }
            let later = match self.certs[j].end {
                Some(e) if e > end => true,
                Some(e) if e == end => false,
                _ => break,
            };
            tried += 1;
            if !self.certs[j].usable(now) || !c.names.iter().all(|n| indexes[j].covers(n)) {
                continue;
            }
            if later {
                return Some((j, false));
            }
            // The same expiry: more names supersede; the same names are a copy.
            let covered_back = self.certs[j].names.iter().all(|n| indexes[i].covers(n));
            if !covered_back {
                return Some((j, false));
            }
            if rank(j) > rank(i) && copy.is_none_or(|k| rank(j) > rank(k)) {
                copy = Some(j);
            }
        }
        copy.map(|j| (j, true))
    }
}

/// Why a rule keeps `old`, None when it may be retired: uploaded, superseded by `new`
/// (every name covered, a later expiry), `new` able to serve at `now`.
fn keep_reason(old: &Listed, new: Option<&Listed>, now: i64) -> Option<String> {
    if old.from.as_deref() != Some("upload") {
        return Some(format!(
            "kept: not uploaded (From: {})",
            printable(old.from.as_deref().unwrap_or("none"))
        ));
    }
    let Some(new) = new else {
        return Some("kept: the new certificate is not in the SSL listing".into());
    };
    if !old.names_readable() {
        return Some("kept: its names could not be read".into());
    }
    let uncovered: Vec<&str> = old
        .names
        .iter()
        .filter(|n| !new.names.iter().any(|p| p == *n || covers(p, n)))
        .map(String::as_str)
        .collect();
    if !uncovered.is_empty() {
        return Some(format!(
            "kept: not superseded: the new certificate does not cover {}",
            printable(&uncovered.join(", "))
        ));
    }
    match (old.end, new.end) {
        (Some(o), Some(n)) if n > o && !new.usable(now) => Some(
            "kept: the new certificate cannot serve now (not a valid server certificate, or \
             not yet begun, by the SSL listing)"
                .into(),
        ),
        (Some(o), Some(n)) if n > o => None,
        (Some(_), Some(_)) => {
            Some("kept: not superseded: the new certificate does not expire later".into())
        }
        _ => Some("kept: an expiry could not be read".into()),
    }
}

/// `ModifyCertificatesExpiringNotificationSwitch`, 50 ids a call: muted when the answer
/// names it.
fn mute(ctx: &Settings, session: &mut Session, ids: &[String]) -> HashMap<String, (bool, String)> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(ssl::MUTE_BATCH) {
        let req = ssl::MuteRequest {
            certificate_ids: chunk,
            switch_status: 1,
        };
        match reads::read::<ssl::MuteResponse>(session, ssl::MUTE_EXPIRY, &req, ctx.policy()) {
            Ok(resp) => {
                let named: HashSet<String> = resp
                    .certificate_ids
                    .unwrap_or_default()
                    .0
                    .into_iter()
                    .collect();
                for id in chunk {
                    out.insert(
                        id.clone(),
                        if named.contains(id) {
                            (true, "muted: no more expiry notices".to_string())
                        } else {
                            (
                                false,
                                "kept: the answer does not confirm it muted".to_string(),
                            )
                        },
                    );
                }
            }
            Err(e) => {
                for id in chunk {
                    out.insert(id.clone(), (false, format!("kept: {e}")));
                }
            }
        }
    }
    out
}

/// `DeleteCertificates` with `IsSync`, 100 ids a call, then its tasks polled to an end state
/// within --retry-budget.
fn delete(
    ctx: &Settings,
    session: &mut Session,
    ids: &[String],
) -> HashMap<String, (bool, String)> {
    let mut out = HashMap::new();
    // Task id → certificate id, for the tasks of the certificates asked for; and those
    // certificates, to find them in constant time.
    let mut tasks: Vec<(String, String)> = Vec::new();
    let mut tasked: HashSet<String> = HashSet::new();
    for chunk in ids.chunks(ssl::DELETE_BATCH) {
        let req = ssl::DeleteRequest {
            certificate_ids: chunk,
            is_sync: true,
        };
        let resp = match reads::read::<ssl::DeleteResponse>(
            session,
            ssl::DELETE_CERTIFICATES,
            &req,
            ctx.policy(),
        ) {
            Ok(r) => r,
            Err(e) => {
                for id in chunk {
                    out.insert(id.clone(), (false, format!("kept: {e}")));
                }
                continue;
            }
        };
        let asked: HashSet<&str> = chunk.iter().map(String::as_str).collect();
        let mut told: HashMap<&str, (bool, String)> = HashMap::new();
        for f in resp.fail.unwrap_or_default().0 {
            if let Some(id) = f.cert_id.as_deref().and_then(|i| asked.get(i).copied()) {
                told.insert(
                    id,
                    (
                        false,
                        format!(
                            "kept: the delete failed: {}",
                            printable(f.msg.as_deref().unwrap_or("no reason given"))
                        ),
                    ),
                );
            }
        }
        for t in resp.cert_task_ids.unwrap_or_default().0 {
            if let (Some(id), Some(task)) = (
                t.cert_id.as_deref().and_then(|i| asked.get(i).copied()),
                t.task_id
                    .filter(|t| (1..=ssl::MAX_ID_LEN).contains(&t.len())),
            ) && !told.contains_key(id)
                && tasked.insert(id.to_string())
            {
                tasks.push((task, id.to_string()));
            }
        }
        let success: HashSet<String> = resp.success.unwrap_or_default().0.into_iter().collect();
        for id in chunk {
            let text = if let Some(t) = told.remove(id.as_str()) {
                t
            } else if tasked.contains(id) {
                continue;
            } else if success.contains(id) {
                (true, "deleted".to_string())
            } else {
                (false, "kept: the answer names no result for it".to_string())
            };
            out.insert(id.clone(), text);
        }
    }
    poll(ctx, session, tasks, &mut out);
    out
}

/// Polls the delete tasks (100 a call) until each has ended or --retry-budget has passed:
/// 1 s, then doubling waits up to 8 s.
fn poll(
    ctx: &Settings,
    session: &mut Session,
    mut tasks: Vec<(String, String)>,
    out: &mut HashMap<String, (bool, String)>,
) {
    let deadline = Instant::now() + ctx.policy().budget;
    let mut wait = Duration::from_secs(1);
    while !tasks.is_empty() {
        let mut pending = Vec::new();
        for chunk in tasks.chunks(ssl::TASKS_BATCH) {
            let ids: Vec<String> = chunk.iter().map(|(t, _)| t.clone()).collect();
            let req = ssl::TasksRequest { task_ids: &ids };
            let results = match reads::read::<ssl::TasksResponse>(
                session,
                ssl::DESCRIBE_DELETE_TASKS,
                &req,
                ctx.policy(),
            ) {
                Ok(r) => r.delete_task_result.unwrap_or_default().0,
                Err(e) => {
                    for (task, cert) in chunk {
                        out.insert(
                            cert.clone(),
                            (
                                false,
                                format!("kept: task {} could not be read: {e}", printable(task)),
                            ),
                        );
                    }
                    continue;
                }
            };
            let mut by_task: HashMap<&str, &ssl::TaskResult> = HashMap::new();
            for r in &results {
                if let Some(t) = r.task_id.as_deref() {
                    // Named twice: neither answer is trusted.
                    if by_task.insert(t, r).is_some() {
                        by_task.insert(t, &DUPLICATE);
                    }
                }
            }
            for (task, cert) in chunk {
                let r = by_task.get(task.as_str()).copied();
                let r = r.filter(|r| r.cert_id.as_deref().is_none_or(|c| c == cert));
                match r.map(|r| (r.status.as_ref().and_then(|s| s.as_u64()), r)) {
                    None | Some((Some(0), _)) => pending.push((task.clone(), cert.clone())),
                    Some((status, r)) => {
                        out.insert(cert.clone(), ended(status, r, task));
                    }
                }
            }
        }
        tasks = pending;
        if tasks.is_empty() {
            break;
        }
        let now = Instant::now();
        if now >= deadline {
            for (task, cert) in &tasks {
                out.insert(
                    cert.clone(),
                    (
                        false,
                        format!(
                            "kept: delete task {} had not ended within --retry-budget ({}s); \
                             see it in the SSL console or run the bind again",
                            printable(task),
                            ctx.policy().budget.as_secs()
                        ),
                    ),
                );
            }
            break;
        }
        std::thread::sleep(wait.min(deadline - now));
        wait = (wait * 2).min(Duration::from_secs(8));
    }
}

static DUPLICATE: ssl::TaskResult = ssl::TaskResult {
    task_id: None,
    cert_id: None,
    status: None,
    error: None,
    domains: None,
};

/// The row's result for a task that ended.
fn ended(status: Option<u64>, r: &ssl::TaskResult, task: &str) -> (bool, String) {
    let error = r
        .error
        .as_deref()
        .filter(|e| !e.is_empty())
        .map(|e| format!(": {}", printable(e)))
        .unwrap_or_default();
    match status {
        Some(1) => (true, "deleted".into()),
        Some(3) => (
            false,
            format!(
                "kept: the service role {} is missing: grant it in the SSL certificate console \
                 (or CAM, role {}) so that a delete can check the other cloud products",
                ssl::DELETE_ROLE,
                ssl::DELETE_ROLE
            ),
        ),
        Some(4) => {
            let domains: Vec<String> = r
                .domains
                .as_ref()
                .map(|d| d.0.iter().take(20).map(|s| printable(s)).collect())
                .unwrap_or_default();
            (
                false,
                format!(
                    "kept: still used by another cloud resource{}{error}",
                    if domains.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", domains.join(", "))
                    }
                ),
            )
        }
        Some(2) => (
            false,
            format!("kept: delete task {} failed{error}", printable(task)),
        ),
        Some(5) => (
            false,
            format!(
                "kept: delete task {}: looking up the resources bound timed out{error}",
                printable(task)
            ),
        ),
        _ => (
            false,
            format!(
                "kept: delete task {} answered an unknown status",
                printable(task)
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store of uploaded certificates: (id, names, Beijing end time).
    fn store(certs: &[(&str, &[&str], &str)]) -> Store {
        let items = certs
            .iter()
            .map(|(id, names, end)| {
                let text = serde_json::json!({
                    "CertificateId": id, "From": "upload", "Domain": names[0],
                    "SubjectAltName": names, "CertEndTime": end,
                })
                .to_string();
                let raw = serde_json::value::RawValue::from_string(text).unwrap();
                let c = ssl::StoredCertificate::read(raw.get());
                (raw, c)
            })
            .collect();
        Store::new(items, HashSet::new())
    }

    const NOW: i64 = 1_800_000_000; // 2027-01-15

    #[test]
    fn the_latest_of_the_exact_and_wildcard_holders_is_tried_first() {
        let s = store(&[
            (
                "old",
                &["a.example.com", "b.example.com"],
                "2027-06-01 08:00:00",
            ),
            (
                "exact",
                &["a.example.com", "b.example.com"],
                "2027-09-01 08:00:00",
            ),
            ("wild", &["*.example.com"], "2028-01-01 08:00:00"),
        ]);
        let v = s.leftovers(NOW, &HashSet::new());
        assert_eq!(
            v[0],
            Ok(Some(
                "superseded by wild (expires 2028-01-01T00:00:00Z)".into()
            ))
        );
        assert_eq!(
            v[1],
            Ok(Some(
                "superseded by wild (expires 2028-01-01T00:00:00Z)".into()
            ))
        );
        assert!(v[2].as_ref().is_err_and(|e| e.starts_with(CURRENT)));
    }

    #[test]
    fn at_the_same_expiry_more_names_supersede_and_of_copies_one_stays() {
        let s = store(&[
            ("one", &["a.example.com"], "2027-06-01 08:00:00"),
            ("two", &["a.example.com"], "2027-06-01 08:00:00"),
            (
                "wider",
                &["a.example.com", "b.example.com"],
                "2027-06-01 08:00:00",
            ),
            ("b-only", &["b.example.com"], "2027-06-01 08:00:00"),
        ]);
        let v = s.leftovers(NOW, &HashSet::new());
        assert_eq!(
            v[0],
            Ok(Some(
                "superseded by wider (expires 2027-06-01T00:00:00Z)".into()
            ))
        );
        assert_eq!(v[1], v[0]);
        assert!(
            v[2].as_ref().is_err_and(|e| e.starts_with(CURRENT)),
            "{:?}",
            v[2]
        );
        // Copies without more names: the greater id stays when neither is bound nor dated.
        let s = store(&[
            ("one", &["a.example.com"], "2027-06-01 08:00:00"),
            ("two", &["a.example.com"], "2027-06-01 08:00:00"),
        ]);
        let v = s.leftovers(NOW, &HashSet::new());
        assert_eq!(
            v[0],
            Ok(Some(
                "a copy of two (the same names and expiry; that one is kept, by the greater id)"
                    .into()
            ))
        );
        assert!(v[1].is_err());
        // Bound, the other one stays.
        let bound: HashSet<String> = ["one".to_string()].into();
        let v = s.leftovers(NOW, &bound);
        assert!(v[0].is_err());
        assert!(v[1].as_ref().is_ok_and(|w| {
            w.as_deref()
                .is_some_and(|w| w.contains("bound to a Live domain"))
        }));
    }

    #[test]
    fn past_sixteen_tries_a_certificate_is_kept_so_judging_stays_linear() {
        // 20 later certificates share the first name but lack the second; the one that covers
        // both expires earliest of the later ones, past the 16 tried.
        let mut certs: Vec<(String, Vec<&str>, String)> = vec![
            (
                "old".into(),
                vec!["a.example.com", "b.example.com"],
                "2027-06-01 08:00:00".into(),
            ),
            (
                "cover".into(),
                vec!["a.example.com", "b.example.com"],
                "2027-07-01 08:00:00".into(),
            ),
        ];
        for i in 0..20 {
            certs.push((
                format!("only-a-{i}"),
                vec!["a.example.com"],
                format!("2028-01-{:02} 08:00:00", i + 1),
            ));
        }
        let refs: Vec<(&str, &[&str], &str)> = certs
            .iter()
            .map(|(i, n, e)| (i.as_str(), n.as_slice(), e.as_str()))
            .collect();
        let v = store(&refs).leftovers(NOW, &HashSet::new());
        assert!(
            v[0].as_ref().is_err_and(|e| e.starts_with(CURRENT)),
            "{:?}",
            v[0]
        );
        // With fewer in the way it is found.
        let v = store(&refs[..10]).leftovers(NOW, &HashSet::new());
        assert_eq!(
            v[0],
            Ok(Some(
                "superseded by cover (expires 2027-07-01T00:00:00Z)".into()
            ))
        );
    }

    #[test]
    fn expired_is_judged_by_the_clock_and_names_do_not_matter() {
        let s = store(&[("gone", &["?"], "2020-01-01 08:00:00")]);
        assert_eq!(
            s.leftovers(NOW, &HashSet::new())[0],
            Ok(Some("expired 2020-01-01T00:00:00Z".into()))
        );
    }
}
