//! `cert list` and `domain list`: every page of a listing, as a table, tsv or the API's JSON.

use serde_json::value::RawValue;

use crate::api::live::{self, Binding};
use crate::api::reads::{fetch_bindings, fetch_domains};
use crate::check::utc;
use crate::cli::{DomainListArgs, ListArgs, Output};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::{errln, json_text, stdout as write_stdout, write_rows};
use crate::settings::Settings;
use crate::text::printable;

pub(crate) fn certs(ctx: &Settings, args: &ListArgs) -> Result<Exit> {
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
    let creds = ctx.credentials()?;
    let target = ctx.target(&endpoint, live::DESCRIBE_BINDINGS);
    let mut session = ctx.session(&endpoint, &creds)?;
    let raw = fetch_bindings(
        &mut session,
        &target,
        domain.as_deref(),
        args.search.as_deref(),
        ctx.policy(),
    )?;
    let now = crate::api::request::unix_now();
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
            write_stdout(json_text(&arr)?.as_bytes())?;
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
                ctx.cli.global.output,
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
    let n = items.len();
    match args.expiring_within {
        Some(w) => {
            errln!(
                "{n} binding{} expiring within {} or expired",
                if n == 1 { "" } else { "s" },
                crate::text::duration(w)
            );
            Ok(if n > 0 { Exit::Partial } else { Exit::Ok })
        }
        None => {
            errln!("{n} binding{}", if n == 1 { "" } else { "s" });
            Ok(Exit::Ok)
        }
    }
}

/// An API time shown in UTC, or `-`.
fn api_time(s: Option<&str>) -> String {
    s.and_then(live::parse_api_time)
        .map(utc)
        .unwrap_or("-".into())
}

pub(crate) fn domains(ctx: &Settings, args: &DomainListArgs) -> Result<Exit> {
    let g = &ctx.cli.global;
    let endpoint = ctx.endpoint()?;
    let creds = ctx.credentials()?;
    let target = ctx.target(&endpoint, live::DESCRIBE_DOMAINS);
    let mut session = ctx.session(&endpoint, &creds)?;
    let raw = fetch_domains(&mut session, &target, args.kind, args.enabled, ctx.policy())?;
    match g.output {
        Output::Json => {
            let arr: Vec<crate::output::Raw<'_>> =
                raw.iter().map(|(v, _)| crate::output::Raw(v)).collect();
            write_stdout(json_text(&arr)?.as_bytes())?;
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
            write_rows(
                ctx.cli.global.output,
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
    Ok(Exit::Ok)
}
