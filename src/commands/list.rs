//! `cert list` and `domain list`: every page of a listing, as a table, tsv or the API's JSON.

use serde_json::value::RawValue;

use crate::api::live::{Binding, LIVE};
use crate::api::reads::{DomainKind, fetch_bindings, fetch_domains};
use crate::cli::{DomainListArgs, ListArgs};
use crate::clock::utc;
use crate::cloud::fields::{ApiTime, Entry, Field};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::Format;
use crate::output::prometheus::Gauge;
use crate::output::{errln, json_text, stdout as write_stdout, write_rows};
use crate::settings::Settings;
use crate::text::printable;

pub(crate) fn certs(ctx: &Settings, args: &ListArgs) -> Result<Exit> {
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
    let mut session = ctx.session(&LIVE)?;
    let raw = fetch_bindings(
        &mut session,
        domain.as_deref(),
        args.search.as_deref(),
        ctx.policy(),
    )?;
    let now = crate::clock::unix_now();
    let mut items: Vec<(Box<RawValue>, Binding, Option<String>)> = raw
        .into_iter()
        .map(|(v, b)| {
            let problems = b.problems();
            (v, b, problems)
        })
        .collect();
    // Bindings whose expiry cannot be read first (each a problem, never taken for "far in
    // the future"), then soonest expiry first.
    items.sort_by(|(_, a, _), (_, b, _)| expiry_order(a).cmp(&expiry_order(b)));
    let limit = args.expiring_within.map(|window| {
        // The flag's parser bounds the window, so this cannot overflow.
        now.saturating_add(i64::try_from(window.as_secs()).unwrap_or(i64::MAX))
    });
    let expiring = |b: &Binding| {
        limit.is_some_and(|limit| b.cert_expire_time.value().is_some_and(|e| e.0 <= limit))
    };
    if limit.is_some() {
        // Within the window, and every binding that cannot be read in full.
        items.retain(|(_, b, problems)| expiring(b) || problems.is_some());
    }
    let unreadable = unreadable_entries(items.iter().map(|(_, b, p)| (b.name(), p.as_deref())));
    let exit = if items.is_empty() || (limit.is_none() && unreadable.0 == 0) {
        Exit::Ok
    } else {
        Exit::Partial
    };
    match ctx.output() {
        Format::Json => {
            let arr: Vec<crate::output::Raw<'_>> = items
                .iter()
                .map(|(v, _, _)| crate::output::Raw(v))
                .collect();
            write_stdout(json_text(&arr)?.as_bytes())?;
        }
        Format::Prometheus => {
            let found = binding_metrics(&items, now);
            write_stdout(super::metrics::run_metrics("cert list", exit, true, &found).as_bytes())?;
            say_repeats(ctx, &found);
        }
        Format::Table | Format::Tsv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|(_, b, _)| {
                    let exp = b.cert_expire_time.value();
                    vec![
                        b.name().unwrap_or("?").to_string(),
                        https_cell(&b.status),
                        b.cloud_cert_id.show(|s| non_empty(s)),
                        b.certificate_alias.show(|s| non_empty(s)),
                        // An expiry is never "none": one that is not there cannot be read.
                        exp.map_or("?".into(), |e| utc(e.0)),
                        exp.map_or("?".into(), |e| (e.0 - now).div_euclid(86_400).to_string()),
                        b.update_time.show(|t| utc(t.0)),
                    ]
                })
                .collect();
            write_rows(
                ctx.output(),
                &ctx.fit(&[]),
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
    match args.expiring_within {
        Some(w) => {
            let n = items.iter().filter(|(_, b, _)| expiring(b)).count();
            errln!(
                "{n} binding{} expiring within {} or expired",
                if n == 1 { "" } else { "s" },
                crate::text::duration(w)
            );
        }
        None => {
            let n = items.len();
            errln!("{n} binding{}", if n == 1 { "" } else { "s" });
        }
    }
    say_unreadable(&unreadable, "binding");
    Ok(exit)
}

/// `cert list`'s metrics: per binding listed, when its certificate expires (and how long
/// until then), whether HTTPS is on, whether it could be read in full.
fn binding_metrics(items: &[(Box<RawValue>, Binding, Option<String>)], now: i64) -> Vec<Gauge> {
    let mut count = Gauge::new(
        "tclive_cert_list_bindings",
        "Bindings listed (with --expiring-within: those within the window, and those that cannot be read).",
    );
    count.set(&[], items.len() as i64);
    let mut expiry = Gauge::new(
        "tclive_binding_cert_expiry_timestamp_seconds",
        "When the certificate bound to the domain expires, in seconds since the Unix epoch.",
    );
    let mut remaining = Gauge::new(
        "tclive_binding_cert_remaining_seconds",
        "Seconds from the run to the expiry of the certificate bound to the domain (negative once expired).",
    );
    let mut https = Gauge::new(
        "tclive_binding_https_enabled",
        "1 when HTTPS is on for the domain, 0 when it is off.",
    );
    let mut readable = Gauge::new(
        "tclive_binding_readable",
        "1 when the domain's binding was read in full, 0 when some field of it cannot be read (its other metrics may then be missing).",
    );
    for (_, b, problems) in items {
        let domain = b.name().unwrap_or("?");
        let id = b.cloud_cert_id.value().map_or("", String::as_str);
        let alias = b.certificate_alias.value().map_or("", String::as_str);
        let cert = [("domain", domain), ("cert_id", id), ("alias", alias)];
        if let Some(e) = b.cert_expire_time.value() {
            expiry.set(&cert, e.0);
            remaining.set(&cert, e.0.saturating_sub(now));
        }
        match b.status.value() {
            Some(1) => https.set(&[("domain", domain)], 1),
            Some(0) => https.set(&[("domain", domain)], 0),
            _ => {}
        }
        readable.set(&[("domain", domain)], i64::from(problems.is_none()));
    }
    vec![count, expiry, remaining, https, readable]
}

/// The warning for samples left out as repeats of a label set (a listing naming a domain twice).
fn say_repeats(ctx: &Settings, found: &[Gauge]) {
    let n = super::metrics::repeats(found);
    if n > 0 {
        ctx.warn(&format!(
            "{n} listed entr{} repeat{} a domain already in the metrics: left out of them",
            if n == 1 { "y" } else { "ies" },
            if n == 1 { "s" } else { "" }
        ));
    }
}

/// Unreadable expiries (None) first, then the soonest; then by name.
fn expiry_order(b: &Binding) -> (Option<ApiTime>, &str) {
    (b.cert_expire_time.value().copied(), b.name().unwrap_or("?"))
}

/// An id or alias as shown: `-` when empty.
fn non_empty(s: &str) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s.to_string()
    }
}

/// The API's HTTPS `Status` as shown: `on`, `off`, `-` (absent or unknown), `?` (unreadable).
fn https_cell(status: &Field<i64>) -> String {
    match status {
        Field::Unreadable => "?".into(),
        s => crate::domain::https_word(s.value().copied()).into(),
    }
}

/// How many listed entries cannot be read in full, and the first of them named with what
/// cannot be read: `a.example.com (Status)`.
fn unreadable_entries<'a>(
    entries: impl Iterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> (usize, Vec<String>) {
    const NAMED: usize = 20;
    let mut count = 0;
    let mut named = Vec::new();
    for (name, problems) in entries {
        let Some(problems) = problems else { continue };
        count += 1;
        if named.len() < NAMED {
            named.push(format!("{} ({problems})", printable(name.unwrap_or("?"))));
        }
    }
    (count, named)
}

/// The line on stderr that names the entries that cannot be read in full (a problem: exit 5).
fn say_unreadable((count, named): &(usize, Vec<String>), what: &str) {
    if *count == 0 {
        return;
    }
    let more = match count - named.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    errln!(
        "{count} listed {what}{} cannot be read in full: {}{more}",
        if *count == 1 { "" } else { "s" },
        named.join(", ")
    );
}

pub(crate) fn domains(ctx: &Settings, args: &DomainListArgs) -> Result<Exit> {
    let mut session = ctx.session(&LIVE)?;
    let kind = match args.kind {
        crate::cli::DomainKind::Play => DomainKind::Play,
        crate::cli::DomainKind::Push => DomainKind::Push,
        crate::cli::DomainKind::All => DomainKind::All,
    };
    let raw = fetch_domains(&mut session, kind, args.enabled, ctx.policy(), |_| {})?;
    let problems: Vec<Option<String>> = raw.iter().map(|(_, d)| d.problems()).collect();
    let unreadable = unreadable_entries(
        raw.iter()
            .zip(&problems)
            .map(|((_, d), p)| (d.name(), p.as_deref())),
    );
    let exit = if unreadable.0 == 0 {
        Exit::Ok
    } else {
        Exit::Partial
    };
    match ctx.output() {
        Format::Prometheus => {
            let found = domain_metrics(&raw, &problems);
            write_stdout(
                super::metrics::run_metrics("domain list", exit, true, &found).as_bytes(),
            )?;
            say_repeats(ctx, &found);
        }
        Format::Json => {
            let arr: Vec<crate::output::Raw<'_>> =
                raw.iter().map(|(v, _)| crate::output::Raw(v)).collect();
            write_stdout(json_text(&arr)?.as_bytes())?;
        }
        Format::Table | Format::Tsv => {
            let word = |f: &Field<i64>, one: &str, zero: &str| match f {
                Field::Value(1) => one.to_string(),
                Field::Value(0) => zero.to_string(),
                Field::Unreadable => "?".to_string(),
                _ => "-".to_string(),
            };
            let rows: Vec<Vec<String>> = raw
                .iter()
                .map(|(_, d)| {
                    vec![
                        d.name().unwrap_or("?").to_string(),
                        word(&d.kind, "play", "push"),
                        word(&d.status, "enabled", "disabled"),
                        d.create_time.show(|t| utc(t.0)),
                    ]
                })
                .collect();
            write_rows(
                ctx.output(),
                &ctx.fit(&[]),
                &["DOMAIN", "TYPE", "STATUS", "CREATED"],
                &rows,
            )?;
        }
    }
    errln!(
        "{} domain{}",
        raw.len(),
        if raw.len() == 1 { "" } else { "s" }
    );
    say_unreadable(&unreadable, "domain");
    Ok(exit)
}

/// `domain list`'s metrics: per domain, whether it is enabled (its type a label), whether it
/// could be read in full.
fn domain_metrics(
    raw: &[(Box<RawValue>, crate::api::live::Domain)],
    problems: &[Option<String>],
) -> Vec<Gauge> {
    let mut count = Gauge::new("tclive_domain_list_domains", "Domains listed.");
    count.set(&[], raw.len() as i64);
    let mut enabled = Gauge::new(
        "tclive_domain_enabled",
        "1 when the Live domain is enabled, 0 when it is disabled (type: play or push).",
    );
    let mut readable = Gauge::new(
        "tclive_domain_readable",
        "1 when the domain was read in full, 0 when some field of it cannot be read (its other metrics may then be missing).",
    );
    for ((_, d), problems) in raw.iter().zip(problems) {
        let name = d.name().unwrap_or("?");
        let kind = match d.kind.value() {
            Some(1) => "play",
            Some(0) => "push",
            _ => "",
        };
        if let Some(s @ (0 | 1)) = d.status.value() {
            enabled.set(&[("domain", name), ("type", kind)], *s);
        }
        readable.set(&[("domain", name)], i64::from(problems.is_none()));
    }
    vec![count, enabled, readable]
}
