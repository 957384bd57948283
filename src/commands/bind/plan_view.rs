//! `cert bind --plan`: what would change per domain, as a table, tsv or json.

use crate::error::Result;
use crate::output::Format;
use crate::output::{errln, json_text, stdout as write_stdout};
use crate::plan;
use crate::settings::Settings;

/// Why a key pair whose leaf is bound already is bound again.
const SAME_LEAF: &str = "same leaf, different chain";

/// A cell of what may be absent.
fn or_dash(v: Option<&String>) -> &str {
    v.map_or("-", String::as_str)
}

pub(super) fn print(
    ctx: &Settings,
    plans: &[plan::DomainPlan],
    wanted: &plan::Wanted,
) -> Result<()> {
    let want_cert = match wanted {
        plan::Wanted::None => "-".to_string(),
        plan::Wanted::CloudId(id) => id.clone(),
        plan::Wanted::Fingerprint(f, ..) => f.clone(),
    };
    let rows: Vec<(&String, plan::Action, Option<&plan::Current>, &str)> = plans
        .iter()
        .map(|p| {
            (
                &p.spec.name,
                p.action,
                p.current.as_ref(),
                p.spec.https.as_str(),
            )
        })
        .collect();
    // Why a domain that has the leaf already is bound again.
    let other_chain = |cur: Option<&plan::Current>| cur.and_then(|c| wanted.other_chain(c));
    if ctx.output() == Format::Json {
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|(name, action, cur, https)| {
                serde_json::json!({
                    "domain": name,
                    "current": cur,
                    "desired": {
                        "cert": if *wanted == plan::Wanted::None { serde_json::Value::Null } else { serde_json::Value::String(want_cert.clone()) },
                        "https": https,
                    },
                    "action": action.as_str(),
                    "reason": other_chain(*cur).map(|_| SAME_LEAF),
                })
            })
            .collect();
        write_stdout(json_text(&arr)?.as_bytes())?;
    } else {
        // Borrowed cells: a plan of 40,000 rows copies nothing but into the output.
        let want_shown = if ctx.output() == Format::Table {
            crate::check::short_fingerprint(&want_cert)
        } else {
            want_cert.clone()
        };
        let table: Vec<Vec<&str>> = rows
            .iter()
            .map(|(name, action, cur, https)| {
                vec![
                    name.as_str(),
                    action.as_str(),
                    or_dash(cur.and_then(|c| c.cert_id.as_ref())),
                    or_dash(cur.and_then(|c| c.alias.as_ref())),
                    or_dash(cur.and_then(|c| c.expires.as_ref())),
                    crate::domain::https_word(cur.and_then(|c| c.https)),
                    want_shown.as_str(),
                    https,
                ]
            })
            .collect();
        crate::output::write_rows(
            ctx.output(),
            &ctx.fit(&[]),
            &[
                "DOMAIN",
                "ACTION",
                "CERT ID",
                "ALIAS",
                "EXPIRES",
                "HTTPS",
                "WANT CERT",
                "WANT HTTPS",
            ],
            &table,
        )?;
    }
    for (name, _, cur, _) in &rows {
        if let Some((bound, sent)) = other_chain(*cur) {
            errln!(
                "{}: {SAME_LEAF} ({} bound, {sent} to send)",
                crate::text::printable(name),
                plan::certificates(bound)
            );
        }
    }
    let changes = rows
        .iter()
        .filter(|r| r.1 != plan::Action::Unchanged)
        .count();
    errln!(
        "plan: {changes} of {} domain{} would change; nothing was sent",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    Ok(())
}
