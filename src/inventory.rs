//! Read-only listings: `cert list` (DescribeLiveDomainCertBindings) and `domain list`
//! (DescribeLiveDomains). Every page is fetched on one kept-alive connection, paced under the
//! API's 20 requests per second.

use std::io::IsTerminal;
use std::time::Instant;

use std::collections::HashSet;

use serde_json::value::RawValue;

use crate::app::{Context, credentials};
use crate::check::utc;
use crate::cli::{DomainKind, DomainListArgs, ListArgs, Output};
use crate::client::{Policy, Prepared, Session, Target};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::live::{self, Binding, Domain};
use crate::output::{errln, errp, json_text, stdout as write_stdout};
use crate::report::{simple_table, tsv};
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

/// Progress on stderr for work of many requests, only on a terminal and only after a second.
pub(crate) struct Progress {
    started: Instant,
    tty: bool,
    shown: bool,
}

impl Progress {
    pub(crate) fn new() -> Self {
        Progress {
            started: Instant::now(),
            tty: std::io::stderr().is_terminal(),
            shown: false,
        }
    }
    pub(crate) fn update(&mut self, what: &str, got: usize, total: Option<u64>) {
        if self.tty && self.started.elapsed().as_secs() >= 1 {
            match total {
                Some(t) => errp!("\r{what}: {got} of {t}…"),
                None => errp!("\r{what}: {got}…"),
            }
            self.shown = true;
        }
    }
    pub(crate) fn done(&self) {
        if self.shown {
            errp!("\r\x1b[K");
        }
    }
}

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
        } => Err(Error::Api {
            code: printable(&code),
            message: printable(&message),
            request_id: printable(&envelope.request_id),
        }),
    }
}

pub(crate) fn policy(ctx: &Context) -> Policy {
    Policy {
        max_attempts: ctx.cli.global.max_attempts,
        budget: ctx.cli.global.retry_budget,
        changes: crate::signals::InFlight::Nothing,
    }
}

fn dry_run_refused(ctx: &Context, what: &str) -> Result<()> {
    if ctx.cli.global.dry_run {
        return Err(Error::Usage(format!(
            "--dry-run applies to changes; `{what}` only reads: run it without --dry-run"
        )));
    }
    Ok(())
}

/// One listing item: as received (for `-o json`) and the fields tclive reads.
pub type Item<T> = (Box<RawValue>, T);

/// Reads every page of a listing. `fetch(page, offset)` reads one page: its items and the
/// total the API says it has. Linear and bounded whatever the server does: items are
/// de-duplicated by `key`; the listing ends on an empty page, on a page that adds nothing
/// new (a server that ignores the offset), when the total is reached or, without one, on a
/// short page; past [`MAX_LISTED_ITEMS`] or [`MAX_LISTED_BYTES`] it is an error.
pub(crate) fn list_all<T: serde::de::DeserializeOwned + Default>(
    what: &str,
    page_size: u64,
    mut fetch: impl FnMut(u64, u64) -> Result<(Vec<Box<RawValue>>, Option<u64>)>,
    key: impl Fn(&T) -> String,
) -> Result<Vec<Item<T>>> {
    let mut all: Vec<Item<T>> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let (mut received, mut bytes) = (0u64, 0usize);
    let mut progress = Progress::new();
    for page in 0..MAX_PAGES {
        let (items, total) = fetch(page, received)?;
        let got = items.len() as u64;
        received += got;
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
        let done = match total {
            _ if got == 0 => true,
            Some(total) => received >= total,
            None => got < page_size,
        };
        if done {
            break;
        }
        if new == 0 {
            progress.done();
            crate::text::warn(
                false,
                &format!(
                    "the {what} listing repeated itself after {} items (the server ignores the page asked for?); stopped there",
                    all.len()
                ),
            );
            return Ok(all);
        }
    }
    progress.done();
    Ok(all)
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
        |_, offset| {
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
        },
        |b: &Binding| crate::domain::key(&b.domain_name),
    )
}

pub fn cert_list(ctx: &Context, args: &ListArgs) -> Result<Exit> {
    dry_run_refused(ctx, "cert list")?;
    let g = &ctx.cli.global;
    let domain = match &args.domain {
        Some(d) => {
            let rules = crate::domain::Rules {
                allow_mixed_scripts: args.allow_idn,
            };
            Some(
                crate::domain::normalize_with(d, &printable(d), rules)
                    .map_err(|e| Error::Usage(format!("--domain {e}")))?,
            )
        }
        None => None,
    };
    let endpoint = ctx.endpoint()?;
    let creds = credentials(ctx)?;
    let target = ctx.target(&endpoint, live::DESCRIBE_BINDINGS);
    let mut session = ctx.session(&endpoint, &creds)?;
    let raw = fetch_bindings(
        &mut session,
        &target,
        domain.as_deref(),
        args.search.as_deref(),
        policy(ctx),
    )?;
    let now = crate::client::unix_now();
    let mut items: Vec<(Box<RawValue>, Binding, Option<i64>)> = raw
        .into_iter()
        .map(|(v, b)| {
            let exp = b.cert_expire_time.as_deref().and_then(live::parse_api_time);
            (v, b, exp)
        })
        .collect();
    // Soonest expiry first; bindings without a readable expiry last.
    items.sort_by_key(|(_, b, exp)| (exp.is_none(), exp.unwrap_or(0), b.domain_name.clone()));
    if let Some(window) = args.expiring_within {
        // The flag's parser bounds the window, so this cannot overflow.
        let limit = now.saturating_add(i64::try_from(window.as_secs()).unwrap_or(i64::MAX));
        items.retain(|(_, _, exp)| exp.is_some_and(|e| e <= limit));
    }
    match g.output {
        Output::Json => {
            let arr: Vec<crate::output::Raw<'_>> = items
                .iter()
                .map(|(v, _, _)| crate::output::Raw(v))
                .collect();
            write_stdout(json_text(&arr).as_bytes())?;
        }
        Output::Table | Output::Tsv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|(_, b, exp)| {
                    vec![
                        b.domain_name.clone(),
                        live::https_word(b.status).into(),
                        b.cloud_cert_id
                            .clone()
                            .filter(|s| !s.is_empty())
                            .unwrap_or("-".into()),
                        b.certificate_alias
                            .clone()
                            .filter(|s| !s.is_empty())
                            .unwrap_or("-".into()),
                        exp.map(utc).unwrap_or("-".into()),
                        exp.map(|e| (e - now).div_euclid(86_400).to_string())
                            .unwrap_or("-".into()),
                        api_time(b.update_time.as_deref()),
                    ]
                })
                .collect();
            write_rows(
                ctx,
                &[
                    "DOMAIN",
                    "HTTPS",
                    "CERT ID",
                    "ALIAS",
                    "EXPIRES",
                    "DAYS LEFT",
                    "UPDATED",
                ],
                &rows,
            )?;
        }
    }
    let n = items.len();
    match args.expiring_within {
        Some(w) => {
            errln!(
                "{n} binding{} expiring within {} or expired",
                if n == 1 { "" } else { "s" },
                humantime::format_duration(w)
            );
            Ok(if n > 0 { Exit::Partial } else { Exit::Ok })
        }
        None => {
            errln!("{n} binding{}", if n == 1 { "" } else { "s" });
            Ok(Exit::Ok)
        }
    }
}

/// Rows on stdout as a table or as tsv (no header), per `-o`.
pub(crate) fn write_rows(ctx: &Context, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let text = if ctx.cli.global.output == Output::Tsv {
        tsv(rows)
    } else {
        simple_table(header, rows, ctx.stdout_tty)
    };
    write_stdout(text.as_bytes())
}

/// An API time shown in UTC, or `-`.
fn api_time(s: Option<&str>) -> String {
    s.and_then(live::parse_api_time)
        .map(utc)
        .unwrap_or("-".into())
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
    )
}

pub fn domain_list(ctx: &Context, args: &DomainListArgs) -> Result<Exit> {
    dry_run_refused(ctx, "domain list")?;
    let g = &ctx.cli.global;
    let endpoint = ctx.endpoint()?;
    let creds = credentials(ctx)?;
    let target = ctx.target(&endpoint, live::DESCRIBE_DOMAINS);
    let mut session = ctx.session(&endpoint, &creds)?;
    let raw = fetch_domains(&mut session, &target, args.kind, args.enabled, policy(ctx))?;
    match g.output {
        Output::Json => {
            let arr: Vec<crate::output::Raw<'_>> =
                raw.iter().map(|(v, _)| crate::output::Raw(v)).collect();
            write_stdout(json_text(&arr).as_bytes())?;
        }
        Output::Table | Output::Tsv => {
            let rows: Vec<Vec<String>> = raw
                .iter()
                .map(|(_, d)| {
                    vec![
                        d.name.clone(),
                        match d.kind {
                            Some(1) => "play".into(),
                            Some(0) => "push".into(),
                            _ => "-".into(),
                        },
                        match d.status {
                            Some(1) => "enabled".into(),
                            Some(0) => "disabled".into(),
                            _ => "-".into(),
                        },
                        api_time(d.create_time.as_deref()),
                    ]
                })
                .collect();
            write_rows(ctx, &["DOMAIN", "TYPE", "STATUS", "CREATED"], &rows)?;
        }
    }
    errln!(
        "{} domain{}",
        raw.len(),
        if raw.len() == 1 { "" } else { "s" }
    );
    Ok(Exit::Ok)
}
