//! `cert prune`: what earlier renewals left in the SSL certificate service. Every uploaded
//! certificate is listed (the whole listing, or nothing is judged) with every Live binding;
//! one bound to no Live domain that is expired, or superseded by another stored certificate,
//! is selected. Without --yes the plan is shown and nothing changes; with it the selected are
//! deleted (or muted), as `--retire-old` retires.

use crate::api::live::LIVE;
use crate::api::ssl::SSL;
use crate::cli::{PruneArgs, RetireOld};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::{Format, errln, json_text, stdout as write_stdout};
use crate::settings::Settings;
use crate::text::printable;

use super::retire::{self, Retired, Retirement};

/// The longest --search taken: far past any id, alias or name.
const MAX_SEARCH: usize = 256;

pub(crate) fn run(ctx: &Settings, args: &PruneArgs) -> Result<Exit> {
    let search = search_text(args.search.as_deref())?;
    let mode = if args.mute {
        RetireOld::Mute
    } else {
        RetireOld::Delete
    };
    ctx.endpoint(&LIVE)?;
    ctx.endpoint(&SSL)?;
    ctx.region()?;
    let mut live = ctx.session(&LIVE)?;
    let bound_now = retire::bound_now(ctx, &mut live)?;
    let mut ssl = ctx.session(&SSL)?;
    let store = retire::list_uploaded(ctx, &mut ssl)?;
    // Judged by the service's clock: a machine whose clock is ahead must not find current
    // certificates expired.
    let verdicts = store.leftovers(retire::service_now(&live, &ssl), &bound_now);
    let mut rows: Vec<Retired> = store
        .certs
        .iter()
        .zip(&verdicts)
        .filter(|(c, _)| search.as_deref().is_none_or(|s| matches(c, s)))
        .map(|(c, verdict)| retire::judged(c, mode, &bound_now, |_| verdict.clone()))
        .collect();
    // An entry that cannot be read could be a leftover: always a row, and named below.
    rows.extend(
        store
            .unreadable
            .iter()
            .map(|_| retire::kept("?", "kept: the listing's entry could not be read")),
    );
    if store.conflicts() > 0 {
        ctx.warn(&format!(
            "{} certificate{} the stored certificates listing gives twice with different \
             contents: kept; each may be a leftover",
            store.conflicts(),
            if store.conflicts() == 1 { "" } else { "s" }
        ));
    }
    if let Some(first) = store.unreadable.first() {
        ctx.warn(&format!(
            "{} entr{} of the stored certificates listing could not be read (the first: {}): \
             kept; each may be a leftover",
            store.unreadable.len(),
            if store.unreadable.len() == 1 {
                "y"
            } else {
                "ies"
            },
            printable(&crate::text::excerpt(first, 120))
        ));
    }
    if args.yes {
        retire::execute(ctx, &mut ssl, mode, &mut rows);
    } else {
        for r in rows.iter_mut().filter(|r| r.action != "keep" && !r.done) {
            r.result = format!(
                "would {}: {}",
                mode.word(),
                r.why.as_deref().unwrap_or("superseded")
            );
        }
    }
    let shown = rows.len();
    let selected = rows.iter().filter(|r| r.action != "keep").count();
    let stayed = rows
        .iter()
        .filter(|r| r.action != "keep" && !r.done)
        .count();
    report(ctx, mode, args.yes, rows)?;
    let listed = store.certs.len() + store.unreadable.len();
    let scope = match &search {
        Some(s) => format!(" ({listed} listed; these match --search {})", printable(s)),
        None => String::new(),
    };
    let count = |n: usize| format!("{n} uploaded certificate{}", if n == 1 { "" } else { "s" });
    if !args.yes {
        errln!(
            "plan: {}{scope}: {selected} would be {}, {} kept; nothing was changed{}",
            count(shown),
            mode.done(),
            shown - selected,
            if selected > 0 {
                format!(": run it again with --yes to {} them", mode.word())
            } else {
                String::new()
            }
        );
        return Ok(Exit::Ok);
    }
    errln!(
        "prune: {}{scope}: {} {}, {} kept by the rules{}",
        count(shown),
        selected - stayed,
        mode.done(),
        shown - selected,
        if stayed > 0 {
            format!("; {stayed} selected stayed (see their rows)")
        } else {
            String::new()
        }
    );
    Ok(
        if stayed > 0 || !store.unreadable.is_empty() || store.conflicts() > 0 {
            Exit::Retained
        } else {
            Exit::Ok
        },
    )
}

/// --search, checked: not empty, not too long, and compared in lower case.
fn search_text(given: Option<&str>) -> Result<Option<String>> {
    let Some(s) = given else {
        return Ok(None);
    };
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::Usage(
            "--search is empty: give part of an id, alias or name, or leave it out".into(),
        ));
    }
    if t.len() > MAX_SEARCH || t.chars().any(char::is_control) {
        return Err(Error::Usage(format!(
            "--search must be at most {MAX_SEARCH} bytes of text without control characters"
        )));
    }
    Ok(Some(t.to_lowercase()))
}

/// Whether the certificate's id, alias or a name contains `search` (lower case).
fn matches(c: &retire::Listed, search: &str) -> bool {
    c.id.to_lowercase().contains(search)
        || c.alias.to_lowercase().contains(search)
        || c.names.iter().any(|n| n.contains(search))
}

/// The rows on stdout: table, tsv (no prefix: every line is a certificate) or json.
fn report(ctx: &Settings, mode: RetireOld, applied: bool, rows: Vec<Retired>) -> Result<()> {
    let r = Retirement {
        rows,
        note: None,
        blocked: false,
    };
    let out = match ctx.output() {
        Format::Json => json_text(&serde_json::json!({
            "Action": mode.word(),
            "Applied": applied,
            "Certificates": r.rows,
        }))?,
        Format::Tsv => r.tsv(false),
        // -o prometheus never gets here: commands::run refuses it for cert prune.
        Format::Table | Format::Prometheus => r.table("CERTIFICATE", ctx.stdout_width()),
    };
    write_stdout(out.as_bytes())
}
