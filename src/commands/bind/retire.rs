//! `--retire-old mute|delete`: after a bind that fully succeeded (its --verify and
//! --wait-served too), the certificates the bound domains had before, now bound to no Live
//! domain, uploaded and superseded by the new one, are muted or deleted. Every read is whole
//! or nothing is retired; an id an answer names that was not asked for is ignored.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::api::reads;
use crate::api::ssl::{self, SSL};
use crate::check::covers;
use crate::cli::RetireOld;
use crate::cloud::fields::Entry;
use crate::cloud::session::Session;
use crate::error::Result;
use crate::output::table::{Fit, table, tsv};
use crate::plan::Action;
use crate::settings::Settings;
use crate::text::printable;

use super::row::{Outcome, Rows};

/// One certificate a retirement looked at.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct Retired {
    pub certificate_id: String,
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
}

/// What `--retire-old` came to.
#[derive(Debug, Default)]
pub(super) struct Retirement {
    pub rows: Vec<Retired>,
    /// Why nothing was retired, when nothing was.
    pub note: Option<String>,
    /// A read could not be read whole, or the bind did not fully succeed: leftovers may stay.
    pub blocked: bool,
}

impl Retirement {
    fn nothing(why: String, blocked: bool) -> Retirement {
        Retirement {
            rows: Vec::new(),
            note: Some(why),
            blocked,
        }
    }

    /// True when an old certificate stayed that is bound to no Live domain (exit 7).
    pub(super) fn left_over(&self) -> bool {
        self.blocked || self.rows.iter().any(|r| !r.done && !r.in_use)
    }

    pub(super) fn json(&self, mode: RetireOld) -> serde_json::Value {
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

    pub(super) fn table(&self, width: Option<u16>) -> String {
        let cells = self.cells();
        let rows: Vec<Vec<&str>> = cells
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        table(
            &[
                "OLD CERTIFICATE",
                "ALIAS",
                "NAMES",
                "EXPIRES",
                "ACTION",
                "RESULT",
            ],
            &rows,
            &Fit { width, free: &[5] },
            None,
        )
    }

    /// `retire<TAB>id<TAB>alias<TAB>names<TAB>expires<TAB>action<TAB>result`: the first
    /// field tells these lines from the domains' (which start with a domain name).
    pub(super) fn tsv(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .cells()
            .into_iter()
            .map(|mut r| {
                r.insert(0, "retire".to_string());
                r
            })
            .collect();
        tsv(&rows)
    }

    pub(super) fn summary(&self, mode: RetireOld) -> String {
        if let Some(note) = &self.note {
            return format!("--retire-old {}: {note}", mode.word());
        }
        let done = self.rows.iter().filter(|r| r.done).count();
        format!(
            "--retire-old {}: {} old certificate{} looked at, {done} {}, {} kept",
            mode.word(),
            self.rows.len(),
            if self.rows.len() == 1 { "" } else { "s" },
            if mode == RetireOld::Mute {
                "muted"
            } else {
                "deleted"
            },
            self.rows.len() - done
        )
    }
}

/// The certificates the bound domains had before (read before the bind), the new one
/// excepted, each once, in the domains' order.
pub(super) fn candidates(rows: &Rows, new_id: Option<&str>) -> Vec<String> {
    let mut seen = HashSet::new();
    rows.planned_rows()
        .filter(|(r, p)| p.action == Action::Bind && r.outcome == Outcome::Ok)
        .filter_map(|(_, p)| p.current.as_ref()?.cert_id.clone())
        .filter(|id| !id.is_empty() && Some(id.as_str()) != new_id)
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// Retires what `candidates` names, as `mode` says, once the bind is known to have fully
/// succeeded (`refused`: why not, when it did not).
pub(super) fn run(
    ctx: &Settings,
    mode: RetireOld,
    live: &mut Session,
    new_id: Option<&str>,
    olds: Vec<String>,
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
            "no certificate to retire: the bound domains had no other certificate before".into(),
            false,
        ));
    }
    let Some(new_id) = new_id else {
        return Ok(Retirement::nothing(
            "nothing retired: the new certificate's ID is not known (a key pair bound through \
             the bind itself: --upload-via ssl stores it first)"
                .into(),
            true,
        ));
    };
    // Bound now: the account's whole listing, read again.
    let bound_now: HashSet<String> = match reads::fetch_bindings(live, None, None, ctx.policy()) {
        Ok(items) => {
            let mut ids = HashSet::new();
            for (_, b) in &items {
                if let Some(p) = b.problems() {
                    return Ok(Retirement::nothing(
                        format!(
                            "nothing retired: the bindings listing could not be read whole ({})",
                            printable(&p)
                        ),
                        true,
                    ));
                }
                if let Some(id) = b.cloud_cert_id.value() {
                    ids.insert(id.clone());
                }
            }
            ids
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
    let mut asked = vec![new_id.to_string()];
    asked.extend(olds.iter().cloned());
    let listed = match describe(ctx, &mut ssl_session, &asked) {
        Ok(l) => l,
        Err(why) => return Ok(Retirement::nothing(format!("nothing retired: {why}"), true)),
    };
    let new = listed.get(new_id).and_then(|c| c.as_ref());
    let mut rows = Vec::new();
    let mut to_retire = Vec::new();
    for id in &olds {
        let entry = listed.get(id.as_str()).and_then(|c| c.as_ref());
        let mut row = Retired {
            certificate_id: printable(id),
            alias: entry.map(|c| printable(&c.alias)).unwrap_or_default(),
            names: entry.map(|c| c.names.clone()).unwrap_or_default(),
            expires: entry
                .map(|c| printable(c.end_text.as_deref().unwrap_or("")))
                .unwrap_or_default(),
            action: "keep",
            result: String::new(),
            done: false,
            in_use: false,
        };
        let why = if bound_now.contains(id) {
            row.in_use = true;
            Some("kept: still bound to a Live domain".to_string())
        } else if listed.get(id.as_str()).is_some_and(Option::is_none) {
            Some("kept: the SSL listing names it more than once".to_string())
        } else if let Some(c) = entry {
            keep_reason(c, new)
        } else {
            Some("kept: not in the SSL certificate listing".to_string())
        };
        match why {
            Some(why) => row.result = why,
            None => {
                row.action = mode.word();
                to_retire.push(id.clone());
            }
        }
        rows.push(row);
    }
    let results = match mode {
        RetireOld::Mute => mute(ctx, &mut ssl_session, &to_retire),
        RetireOld::Delete => delete(ctx, &mut ssl_session, &to_retire),
    };
    for row in rows.iter_mut().filter(|r| r.action != "keep") {
        let (done, text) = results
            .get(&row.certificate_id)
            .cloned()
            .unwrap_or((false, "kept: no answer names it".to_string()));
        row.done = done;
        row.result = text;
    }
    Ok(Retirement {
        rows,
        note: None,
        blocked: false,
    })
}

/// What the SSL listing says of a certificate, as judged.
#[derive(Debug)]
struct Listed {
    alias: String,
    names: Vec<String>,
    from: Option<String>,
    end_text: Option<String>,
    end: Option<i64>,
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
        // Past any real certificate (a CA allows 100 names): judged unreadable.
        if names.len() > MAX_NAMES {
            names = vec!["?".to_string()];
        }
        let end = c
            .cert_end_time
            .as_deref()
            .and_then(crate::clock::parse_api_time);
        out.insert(
            id,
            Some(Listed {
                alias: c.alias.unwrap_or_default(),
                names,
                from: c.from,
                end_text: c.cert_end_time,
                end,
            }),
        );
    }
    Ok(out)
}

/// The most names a stored certificate is judged with.
const MAX_NAMES: usize = 1000;

/// Why a rule keeps `old`, None when it may be retired: uploaded, superseded by `new`
/// (every name covered, a later expiry).
fn keep_reason(old: &Listed, new: Option<&Listed>) -> Option<String> {
    if old.from.as_deref() != Some("upload") {
        return Some(format!(
            "kept: not uploaded (From: {})",
            printable(old.from.as_deref().unwrap_or("none"))
        ));
    }
    let Some(new) = new else {
        return Some("kept: the new certificate is not in the SSL listing".into());
    };
    if old.names.is_empty() || old.names.iter().any(|n| n == "?") {
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
                        printable(id),
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
                    out.insert(printable(id), (false, format!("kept: {e}")));
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
    // Task id → certificate id, for the tasks of the certificates asked for.
    let mut tasks: Vec<(String, String)> = Vec::new();
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
                    out.insert(printable(id), (false, format!("kept: {e}")));
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
                && !tasks.iter().any(|(_, c)| c == id)
            {
                tasks.push((task, id.to_string()));
            }
        }
        let success: HashSet<String> = resp.success.unwrap_or_default().0.into_iter().collect();
        for id in chunk {
            let text = if let Some(t) = told.remove(id.as_str()) {
                t
            } else if tasks.iter().any(|(_, c)| c == id) {
                continue;
            } else if success.contains(id) {
                (true, "deleted".to_string())
            } else {
                (false, "kept: the answer names no result for it".to_string())
            };
            out.insert(printable(id), text);
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
                            printable(cert),
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
                        out.insert(printable(cert), ended(status, r, task));
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
                    printable(cert),
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
