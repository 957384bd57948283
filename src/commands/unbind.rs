//! `cert unbind`: remove the certificate of each domain (`UnBindLiveDomainCert`, one request
//! per domain, paced by the session), after reading what is bound: a domain with nothing bound
//! is `unchanged` and nothing is sent for it. `--plan` shows what is bound and sends nothing;
//! `--dry-run` prints the requests. One row per domain; exit 5 when any failed.

use crate::api::live::{self, LIVE};
use crate::api::reads;
use crate::api::ssl::SSL;
use crate::cli::{RetireOld, Rule, UnbindArgs};
use crate::cloud::envelope::Answer;
use crate::cloud::request::{self, Prepared};
use crate::cloud::retry::Policy;
use crate::domain;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input;
use crate::output::{Format, errln, json_text, stdout as write_stdout, write_rows};
use crate::plan::Current;
use crate::settings::Settings;
use crate::signals::InFlight;
use crate::text::{excerpt, printable};

use super::retire::{self, Against, Retirement};

/// One domain's outcome.
struct Row {
    domain: String,
    result: &'static str,
    code: String,
    message: String,
    request_id: Option<String>,
}

pub(crate) fn run(ctx: &Settings, args: &UnbindArgs) -> Result<Exit> {
    input::check_stdin_once(&[("--domains-file", args.domains_file.as_deref())])?;
    ctx.endpoint(&LIVE)?;
    ctx.region()?;
    let list = input::collect_domains(
        &args.domains,
        args.domains_file.as_deref(),
        false,
        domain::Rules {
            allow_mixed_scripts: args.allow_idn,
        },
        ctx.timeout(),
    )?;
    // The state of a NAME:STATE (a bind's domains file) is not an unbind's.
    let names: Vec<&str> = list.specs().iter().map(|d| d.name.as_str()).collect();
    let rule = args.rule.as_str();
    if args.retire_old.is_some() && args.rule == Rule::Gray {
        return Err(Error::Usage(
            "--retire-old needs to know the certificates removed, and the bindings listing \
             shows only the formal one: leave out --retire-old with --rule gray"
                .into(),
        ));
    }
    if args.retire_old.is_some() {
        ctx.endpoint(&SSL)?;
    }
    if ctx.dry_run() {
        return dry_run(ctx, &names, rule, args.retire_old);
    }
    let mut session = ctx.session(&LIVE)?;
    // What is bound now. The listing shows the formal certificate only: a gray one is sent
    // for whatever it says.
    let mut whole = None;
    let states = if args.plan || args.rule == Rule::Formal {
        match reads::read_states_and_bound(
            &mut session,
            &names,
            false,
            ctx.policy(),
            "reading current bindings",
        ) {
            Ok((states, bound)) => {
                whole = bound;
                Some(states)
            }
            Err(Error::NotPermitted { code, .. }) if !args.plan && args.retire_old.is_none() => {
                ctx.warn(&format!(
                    "cannot read the current bindings ({code}): unbinding every domain; allow \
                     live:DescribeLiveDomainCertBindings in CAM for unbinds that skip what has \
                     nothing bound"
                ));
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    if args.retire_old.is_some() && whole.is_none() {
        // The retirement reads the whole bindings listing after the unbinds (again: the
        // unbinds change it): one that CAM refuses or that cannot be read whole stops the
        // run here, before anything changes — and the plan says so the same way. The read of
        // the domains above settles it when it read the whole listing beyond doubt.
        retire::bound_now(ctx, &mut session)?;
    }
    if args.plan {
        let states = states.unwrap_or_default();
        return plan(ctx, &names, &states, args.rule, args.retire_old);
    }
    let policy = Policy {
        changes: InFlight::Change,
        ..ctx.policy()
    };
    let mut rows = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let bound = states.as_ref().map(|s| s[i].is_some());
        if bound == Some(false) {
            rows.push(Row {
                domain: name.to_string(),
                result: "unchanged",
                code: String::new(),
                message: "no certificate bound".into(),
                request_id: None,
            });
            continue;
        }
        let prepared = Prepared::plain(&live::UnbindRequest {
            domain_name: name,
            rule,
        })?;
        let row = match session.call(live::UNBIND, &prepared, policy) {
            Ok(Answer::Ok(envelope)) => Row {
                domain: name.to_string(),
                result: "ok",
                code: String::new(),
                message: String::new(),
                request_id: envelope.request_id.as_deref().map(printable),
            },
            Ok(Answer::Refused {
                envelope,
                code,
                message,
            }) => {
                let refusal = LIVE.refusal(
                    live::UNBIND,
                    &code,
                    &message,
                    envelope.request_id.as_deref(),
                );
                // CAM or the account's state refuses every domain alike: stop here.
                if matches!(refusal, Error::NotPermitted { .. } | Error::Account { .. }) {
                    report(ctx, &rows, rule, None)?;
                    if args.retire_old.is_some() {
                        errln!("--retire-old: nothing retired: an unbind was refused");
                    }
                    return Err(refusal);
                }
                Row {
                    domain: name.to_string(),
                    result: "failed",
                    code: printable(&excerpt(&code, 80)),
                    message: printable(&excerpt(&message, 300)),
                    request_id: envelope.request_id.as_deref().map(printable),
                }
            }
            // A request that may have been applied, or never got through: this domain failed,
            // the others are still tried (a re-run finds what is left).
            Err(e) => Row {
                domain: name.to_string(),
                result: "failed",
                code: String::new(),
                message: e.to_string(),
                request_id: None,
            },
        };
        rows.push(row);
    }
    let failed = rows.iter().any(|r| r.result == "failed");
    let retired = match args.retire_old {
        Some(mode) => {
            let olds = removed(&rows, states.as_deref());
            let refused = failed.then_some("an unbind failed");
            let r = retire::run(ctx, mode, &mut session, Against::Store, olds, None, refused)?;
            Some((mode, r))
        }
        None => None,
    };
    report(ctx, &rows, rule, retired.as_ref())?;
    Ok(if failed {
        Exit::Partial
    } else if retired.as_ref().is_some_and(|(_, r)| r.left_over()) {
        Exit::Retained
    } else {
        Exit::Ok
    })
}

/// The certificates the unbound domains had (read before), each once, in the domains' order.
fn removed(rows: &[Row], states: Option<&[Option<Current>]>) -> Vec<String> {
    let Some(states) = states else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .zip(states)
        .filter(|(r, _)| r.result == "ok")
        .filter_map(|(_, s)| s.as_ref()?.cert_id.clone())
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .collect()
}

/// The rows on stdout (then the retirement's, with --retire-old), the summary on stderr.
fn report(
    ctx: &Settings,
    rows: &[Row],
    rule: &str,
    retired: Option<&(RetireOld, Retirement)>,
) -> Result<()> {
    match ctx.output() {
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "domain": r.domain,
                        "rule": rule,
                        "result": r.result,
                        "code": (!r.code.is_empty()).then_some(&r.code),
                        "message": (!r.message.is_empty()).then_some(&r.message),
                        "request_id": r.request_id,
                    })
                })
                .collect();
            // With --retire-old, an object: the domains' rows and the retirement.
            let doc = match retired {
                Some((mode, r)) => serde_json::json!({"Domains": v, "RetireOld": r.json(*mode)}),
                None => serde_json::Value::Array(v),
            };
            write_stdout(json_text(&doc)?.as_bytes())?;
        }
        format => {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.domain.clone(),
                        rule.to_string(),
                        r.result.to_string(),
                        r.code.clone(),
                        r.message.clone(),
                    ]
                })
                .collect();
            write_rows(
                format,
                &ctx.fit(&[4]),
                &["DOMAIN", "RULE", "RESULT", "CODE", "MESSAGE"],
                &table,
            )?;
            if let Some((_, r)) = retired.filter(|(_, r)| !r.rows.is_empty()) {
                let more = if format == Format::Tsv {
                    r.tsv(true)
                } else {
                    format!("\n{}", r.table("OLD CERTIFICATE", ctx.stdout_width()))
                };
                write_stdout(more.as_bytes())?;
            }
        }
    }
    let count = |what: &str| rows.iter().filter(|r| r.result == what).count();
    errln!(
        "{} domain{}: {} unbound, {} failed, {} unchanged",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        count("ok"),
        count("failed"),
        count("unchanged")
    );
    if let Some((mode, r)) = retired {
        errln!("{}", r.summary(*mode));
    }
    Ok(())
}

/// `--plan`: what each domain has bound now, and whether an unbind would send anything.
fn plan(
    ctx: &Settings,
    names: &[&str],
    states: &[Option<Current>],
    rule: Rule,
    retire_old: Option<RetireOld>,
) -> Result<Exit> {
    let action = |cur: Option<&Current>| match (rule, cur) {
        (Rule::Gray, _) => "unbind gray",
        (Rule::Formal, Some(_)) => "unbind",
        (Rule::Formal, None) => "unchanged",
    };
    let current = |i: usize| states.get(i).and_then(Option::as_ref);
    if ctx.output() == Format::Json {
        let v: Vec<serde_json::Value> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                serde_json::json!({
                    "domain": n,
                    "current": current(i),
                    "action": action(current(i)),
                })
            })
            .collect();
        write_stdout(json_text(&v)?.as_bytes())?;
    } else {
        let rows: Vec<Vec<String>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let cur = current(i);
                let field = |f: fn(&Current) -> Option<String>| {
                    cur.and_then(f).unwrap_or_else(|| "-".into())
                };
                vec![
                    n.to_string(),
                    action(cur).to_string(),
                    field(|c| c.cert_id.clone()),
                    field(|c| c.alias.clone()),
                    field(|c| c.expires.clone()),
                    domain::https_word(cur.and_then(|c| c.https)).to_string(),
                ]
            })
            .collect();
        write_rows(
            ctx.output(),
            &ctx.fit(&[]),
            &["DOMAIN", "ACTION", "CERT ID", "ALIAS", "EXPIRES", "HTTPS"],
            &rows,
        )?;
    }
    let would = names
        .iter()
        .enumerate()
        .filter(|(i, _)| action(current(*i)) != "unchanged")
        .count();
    errln!(
        "plan: {would} of {} domain{} would be unbound{}; nothing was sent",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        if rule == Rule::Gray {
            " (the listing shows the formal certificate; a gray one is unbound as asked)"
        } else {
            ""
        }
    );
    if let Some(mode) = retire_old {
        let mut seen = std::collections::HashSet::new();
        let olds: Vec<String> = states
            .iter()
            .flatten()
            .filter_map(|c| c.cert_id.clone())
            .filter(|id| !id.is_empty() && seen.insert(id.clone()))
            .map(|id| printable(&id))
            .collect();
        if olds.is_empty() {
            errln!(
                "--retire-old {}: no candidate: the domains have no certificate bound",
                mode.word()
            );
        } else {
            errln!(
                "--retire-old {}: candidates (bound to these domains now; each is {} after the \
                 unbinds only if it is then bound to no Live domain, uploaded, and expired or \
                 superseded by another stored certificate): {}",
                mode.word(),
                mode.done(),
                olds.join(", ")
            );
        }
    }
    Ok(Exit::Ok)
}

/// `--dry-run`: the request for each domain, without credentials or network.
fn dry_run(
    ctx: &Settings,
    names: &[&str],
    rule: &str,
    retire_old: Option<RetireOld>,
) -> Result<Exit> {
    let options = ctx.call_options(&LIVE)?;
    let now = crate::clock::unix_now();
    let client = request::request_client();
    let headers = request::headers(&options, live::UNBIND, now, None, &client);
    let bodies: Vec<serde_json::Value> = names
        .iter()
        .map(|name| {
            serde_json::to_value(live::UnbindRequest {
                domain_name: name,
                rule,
            })
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))
        })
        .collect::<Result<_>>()?;
    let out = if ctx.output() == Format::Json {
        let mut h = serde_json::Map::new();
        for (k, v) in &headers {
            h.insert((*k).to_string(), serde_json::Value::String(v.clone()));
        }
        let docs: Vec<serde_json::Value> = bodies
            .into_iter()
            .map(|body| {
                serde_json::json!({
                    "Method": "POST",
                    "Url": options.endpoint.url.as_str(),
                    "Headers": h,
                    "Body": body,
                })
            })
            .collect();
        json_text(&docs)?
    } else {
        bodies
            .iter()
            .map(|body| request::render_request(&options, &headers, body, ""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    write_stdout(out.as_bytes())?;
    errln!(
        "dry run: nothing was sent; a real run reads each domain's binding first and sends \
         nothing for one with no certificate; each call adds Authorization (and X-TC-Token \
         with a session token)"
    );
    if let Some(mode) = retire_old {
        errln!(
            "dry run: after unbinds that all succeed, --retire-old {} reads the bindings and \
             the stored certificates, then they {} each certificate removed that is then bound \
             to no Live domain, uploaded, and expired or superseded by another stored certificate",
            mode.word(),
            mode.word()
        );
    }
    Ok(Exit::Ok)
}
