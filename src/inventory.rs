//! Read-only listings: `cert list` (DescribeLiveDomainCertBindings) and `domain list`
//! (DescribeLiveDomains). Every page is fetched on one kept-alive connection, paced under the
//! API's 20 requests per second.

use std::io::IsTerminal;
use std::time::Instant;

use serde_json::Value;

use crate::app::{Context, credentials, json_text, write_stdout};
use crate::check::utc;
use crate::cli::{DomainKind, DomainListArgs, ListArgs, Output};
use crate::client::{Policy, Prepared, Session, Target};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::live::{self, Binding, Domain};
use crate::report::{simple_table, tsv};
use crate::text::printable;

/// Bindings asked for per page (the API's default is 50).
pub const BINDINGS_PAGE: u64 = 100;
/// Domains per page (the API allows 10 to 100).
pub const DOMAINS_PAGE: u64 = 100;
/// A bound on pages, so that an API that never stops counting cannot keep us forever.
const MAX_PAGES: u64 = 10_000;

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
                Some(t) => eprint!("\r{what}: {got} of {t}…"),
                None => eprint!("\r{what}: {got}…"),
            }
            self.shown = true;
        }
    }
    pub(crate) fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
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
        live::Answer::Ok(envelope) => serde_json::from_value(envelope.response).map_err(|e| {
            Error::Transport(format!(
                "the answer to {} has the API's envelope but not its fields ({e})",
                target.action
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
        uploads_certificate: false,
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

/// Whether the page just read (`got` items, `seen` in all so far) is the last: the count the
/// API gave says so, or, when it gave none, a page that is not full.
fn last_page(seen: usize, got: u64, page_size: u64, total: Option<u64>) -> bool {
    match total {
        _ if got == 0 => true,
        Some(total) => seen as u64 >= total,
        None => got < page_size,
    }
}

/// Every binding, all pages merged, as received.
pub fn fetch_bindings(
    session: &mut Session<'_>,
    target: &Target<'_>,
    domain: Option<&str>,
    search: Option<&str>,
    policy: Policy,
) -> Result<Vec<Value>> {
    let mut all = Vec::new();
    let mut progress = Progress::new();
    for page in 0..MAX_PAGES {
        let resp: live::DescribeBindingsResponse = read(
            session,
            target,
            &live::DescribeBindingsRequest {
                domain_search: search,
                domain_name: domain,
                offset: page * BINDINGS_PAGE,
                length: BINDINGS_PAGE,
                order_by: "ExpireTimeAsc",
            },
            policy,
        )?;
        let items = resp.live_domain_cert_bindings.unwrap_or_default();
        let n = items.len() as u64;
        all.extend(items);
        progress.update("bindings", all.len(), resp.total_num);
        if last_page(all.len(), n, BINDINGS_PAGE, resp.total_num) {
            break;
        }
    }
    progress.done();
    Ok(all)
}

pub fn cert_list(ctx: &Context, args: &ListArgs) -> Result<Exit> {
    dry_run_refused(ctx, "cert list")?;
    let g = &ctx.cli.global;
    let domain = match &args.domain {
        Some(d) => {
            Some(crate::domain::normalize(d).map_err(|e| Error::Usage(format!("--domain {e}")))?)
        }
        None => None,
    };
    let endpoint = ctx.endpoint()?;
    let creds = credentials(ctx)?;
    let target = ctx.target(&endpoint, live::DESCRIBE_BINDINGS);
    let mut session = ctx.session(&creds)?;
    let raw = fetch_bindings(
        &mut session,
        &target,
        domain.as_deref(),
        args.search.as_deref(),
        policy(ctx),
    )?;
    let now = crate::client::unix_now();
    let mut items: Vec<(Value, Binding, Option<i64>)> = raw
        .into_iter()
        .map(|v| {
            let b: Binding = serde_json::from_value(v.clone()).unwrap_or_default();
            let exp = b.cert_expire_time.as_deref().and_then(live::parse_api_time);
            (v, b, exp)
        })
        .collect();
    // Soonest expiry first; bindings without a readable expiry last.
    items.sort_by_key(|(_, b, exp)| (exp.is_none(), exp.unwrap_or(0), b.domain_name.clone()));
    if let Some(window) = args.expiring_within {
        let limit = now + window.as_secs() as i64;
        items.retain(|(_, _, exp)| exp.is_some_and(|e| e <= limit));
    }
    match g.output {
        Output::Json => {
            let arr = Value::Array(items.iter().map(|(v, _, _)| v.clone()).collect());
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
            eprintln!(
                "{n} binding{} expiring within {} or expired",
                if n == 1 { "" } else { "s" },
                humantime::format_duration(w)
            );
            Ok(if n > 0 { Exit::Partial } else { Exit::Ok })
        }
        None => {
            eprintln!("{n} binding{}", if n == 1 { "" } else { "s" });
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
) -> Result<Vec<Value>> {
    let mut all = Vec::new();
    let mut progress = Progress::new();
    for page in 1..=MAX_PAGES {
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
                page_num: page,
            },
            policy,
        )?;
        let items = resp.domain_list.unwrap_or_default();
        let n = items.len();
        all.extend(items);
        progress.update("domains", all.len(), resp.all_count);
        if last_page(all.len(), n as u64, DOMAINS_PAGE, resp.all_count) {
            break;
        }
    }
    progress.done();
    Ok(all)
}

pub fn domain_list(ctx: &Context, args: &DomainListArgs) -> Result<Exit> {
    dry_run_refused(ctx, "domain list")?;
    let g = &ctx.cli.global;
    let endpoint = ctx.endpoint()?;
    let creds = credentials(ctx)?;
    let target = ctx.target(&endpoint, live::DESCRIBE_DOMAINS);
    let mut session = ctx.session(&creds)?;
    let raw = fetch_domains(&mut session, &target, args.kind, args.enabled, policy(ctx))?;
    match g.output {
        Output::Json => {
            write_stdout(json_text(&raw).as_bytes())?;
        }
        Output::Table | Output::Tsv => {
            let rows: Vec<Vec<String>> = raw
                .iter()
                .map(|v| {
                    let d: Domain = serde_json::from_value(v.clone()).unwrap_or_default();
                    vec![
                        d.name,
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
    eprintln!(
        "{} domain{}",
        raw.len(),
        if raw.len() == 1 { "" } else { "s" }
    );
    Ok(Exit::Ok)
}
