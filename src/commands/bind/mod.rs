//! `cert bind`: domains and certificate → local checks → reads → one plan per domain → one
//! change request → per-domain report → exit code.

mod certificate;
mod plan_view;
mod report;
mod wait;

use std::collections::HashMap;

use crate::api::live::{self, LIVE};
use crate::api::reads;
use crate::check;
use crate::cli::BindArgs;
use crate::cloud::envelope::Answer;
use crate::cloud::request;
use crate::cloud::retry::Policy;
use crate::cloud::session::Session;
use crate::domain::{self, DomainList, DomainSpec};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input::{self, Source};
use crate::output::Format;
use crate::output::{errln, json_text, stdout as write_stdout};
use crate::plan;
use crate::settings::Settings;
use crate::text::printable;
use certificate::{Certificate, certificate, prepare, wanted};

pub(crate) fn run(ctx: &Settings, args: &BindArgs) -> Result<Exit> {
    input::check_stdin_once(&[
        ("--cert", args.cert.as_deref()),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    // --wait-served's options, checked before anything is sent.
    let wait = wait::Wait::from_args(args)?;
    if wait.is_some() && args.cert_id.is_none() && args.cert.is_none() && !args.from_hook_env {
        return Err(Error::Usage(
            "--wait-served waits for a new certificate to be served: give --cert-id, \
             --cert/--key or --from-hook-env"
                .into(),
        ));
    }
    let endpoint = ctx.endpoint(&LIVE)?;
    ctx.region()?;
    let rules = domain::Rules {
        allow_mixed_scripts: args.allow_idn,
    };
    let mut domains = input::collect_domains(
        &args.domains,
        args.domains_file.as_deref(),
        args.match_san,
        rules,
        ctx.timeout(),
    )?;
    let source = input::load_source(args, ctx.timeout())?;
    let leaf_names = match &source {
        Source::Pair { cert, .. } => check::first_names(cert),
        _ => Vec::new(),
    };
    // Every local check before anything is sent, --match-san's listing included: the domains
    // it adds are covered by the certificate's names by construction.
    let certificate = certificate(ctx, args, source, domains.specs())?;

    if ctx.dry_run() {
        let prepared = prepare(domains.specs(), &certificate, true)?;
        let options = ctx.call_options(&LIVE)?;
        let headers = request::headers(
            &options,
            live::MODIFY_BINDINGS,
            crate::clock::unix_now(),
            None,
            &request::request_client(),
        );
        let out = match ctx.output() {
            Format::Json => {
                let mut h = serde_json::Map::new();
                for (k, v) in &headers {
                    h.insert((*k).to_string(), serde_json::Value::String(v.clone()));
                }
                let v = serde_json::json!({
                    "Method": "POST",
                    "Url": endpoint.url.as_str(),
                    "Headers": h,
                    "Body": prepared.display_body,
                });
                json_text(&v)?
            }
            _ => request::render_request(&options, &headers, &prepared.display_body, ""),
        };
        write_stdout(out.as_bytes())?;
        errln!(
            "dry run: nothing was sent; a real call adds Authorization (and X-TC-Token with a session token)"
        );
        return Ok(Exit::Ok);
    }

    // One session for the whole bind: one connection, one pace, one clock correction.
    let mut session = ctx.session(&LIVE)?;
    // --match-san that finds nothing, or lists a domain it cannot read, is worth an exit 5
    // even when the other domains were bound.
    let mut san_attention = false;
    if args.match_san {
        let (found, unreadable) = match &certificate {
            Certificate::KeyPair { .. } => match_san(&mut session, ctx, &leaf_names, &mut domains)?,
            _ => (0, 0),
        };
        if found == 0 && domains.is_empty() {
            errln!("nothing to bind");
            return Ok(Exit::Partial);
        }
        san_attention = found == 0 || unreadable > 0;
    }
    let domains = domains.specs();
    let wanted = wanted(&certificate);
    let read_policy = ctx.policy();

    // Read what each domain has now, unless --force makes it irrelevant.
    let plans: Vec<plan::DomainPlan> = if args.force && !args.plan {
        plan::DomainPlan::forced(domains)
    } else {
        let need_fp = matches!(wanted, plan::Wanted::Fingerprint(..));
        let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
        let read = reads::read_states(
            &mut session,
            &names,
            need_fp,
            read_policy,
            "reading current bindings",
        );
        match read {
            Ok(states) => {
                let plans = plan::DomainPlan::all(&wanted, domains, states);
                if args.plan {
                    plan_view::print(ctx, &plans, &wanted)?;
                    return Ok(Exit::Ok);
                }
                plans
            }
            // A key allowed to bind but not to read: bind blindly, as before idempotence,
            // unless the user asked for something that needs the reads.
            Err(Error::NotPermitted { code, .. }) if !args.plan && !args.verify => {
                ctx.warn(&format!(
                    "cannot read the current bindings ({code}): binding every domain; allow \
                     live:DescribeLiveDomainCertBindings (and live:DescribeLiveDomainCert) in \
                     CAM for binds that skip what is already done"
                ));
                plan::DomainPlan::forced(domains)
            }
            Err(e) => return Err(e),
        }
    };
    let to_send: Vec<DomainSpec> = plans
        .iter()
        .filter(|p| p.action != plan::Action::Unchanged)
        .map(|p| p.spec.clone())
        .collect();
    if to_send.is_empty() {
        let report = report::from_plans(&plans, &live::ModifyBindingsResponse::default(), None);
        if ctx.output() == Format::Json {
            // One JSON document for every successful run: when nothing was sent, one that
            // says so, with the Response's two lists (empty) so that the same query works.
            let unchanged: Vec<&str> = plans.iter().map(|p| p.spec.name.as_str()).collect();
            let doc = serde_json::json!({
                "Sent": false,
                "Unchanged": unchanged,
                "MismatchedDomainNames": [],
                "Errors": [],
            });
            write_stdout(json_text(&doc)?.as_bytes())?;
        }
        return finish(
            ctx,
            &report,
            san_attention,
            Some("nothing to change: no change request was sent"),
        );
    }
    // Only domains that need the certificate carry it: HTTPS switches alone never upload.
    let binds = plans.iter().any(|p| p.action == plan::Action::Bind);
    let none = Certificate::None;
    let sent_cert = if binds { &certificate } else { &none };
    let prepared = prepare(&to_send, sent_cert, ctx.verbose())?;

    // Worth knowing in a log: the key-pair mode stores a new certificate on every call.
    if ctx.verbose() && matches!(sent_cert, Certificate::KeyPair { .. }) {
        errln!(
            "note: the key pair is uploaded as a new certificate in the SSL certificate service"
        );
    }
    let policy = Policy {
        changes: if matches!(sent_cert, Certificate::KeyPair { .. }) {
            crate::signals::InFlight::Upload
        } else {
            crate::signals::InFlight::Change
        },
        ..read_policy
    };
    let answer = session.call(live::MODIFY_BINDINGS, &prepared, policy)?;
    drop(prepared);
    let (envelope, api_error) = match answer {
        Answer::Ok(envelope) => (envelope, None),
        Answer::Refused {
            envelope,
            code,
            message,
        } => (envelope, Some((code, message))),
    };
    let parsed: Result<live::ModifyBindingsResponse> =
        envelope.fields().map_err(|e| Error::MaybeApplied {
            upload: policy.changes == crate::signals::InFlight::Upload,
            cause: Box::new(Error::Transport(format!(
                "the answer has the API's envelope but not this action's fields ({}), from {}",
                printable(&e.to_string()),
                endpoint.url
            ))),
        });
    if ctx.output() == Format::Json && (parsed.is_ok() || api_error.is_some()) {
        write_stdout(json_text(&crate::output::Raw(&envelope.response))?.as_bytes())?;
    }
    if let Some((code, message)) = api_error {
        return Err(LIVE.refusal(
            live::MODIFY_BINDINGS,
            &code,
            &message,
            envelope.request_id.as_deref(),
        ));
    }
    let parsed = parsed?;
    let mut report = report::from_plans(&plans, &parsed, envelope.request_id.as_deref());
    if args.verify {
        let need_fp = binds && matches!(wanted, plan::Wanted::Fingerprint(..));
        // The report's first rows are the plans, in order.
        let applied: Vec<&plan::DomainPlan> = plans
            .iter()
            .zip(&report.rows)
            .filter(|(_, row)| row.outcome == report::Outcome::Ok)
            .map(|(p, _)| p)
            .collect();
        let names: Vec<&str> = applied.iter().map(|p| p.spec.name.as_str()).collect();
        let states = reads::read_states(&mut session, &names, need_fp, read_policy, "verifying");
        let mut problems = HashMap::new();
        // A domain asked to `keep` its HTTPS state shows the state it read back.
        let mut kept = HashMap::new();
        // The bind was applied: a read-back that fails makes its domains `unverified`, and
        // the report is still printed.
        let states = match states {
            Ok(states) => states,
            Err(e) => {
                problems = unreadable_back(ctx, "--verify", &names, &e);
                Vec::new()
            }
        };
        for (p, cur) in applied.into_iter().zip(states) {
            if p.spec.https == domain::Https::Keep
                && let Some(https) = cur.as_ref().and_then(|c| c.https)
            {
                kept.insert(
                    domain::key(&p.spec.name),
                    crate::domain::https_word(Some(https)).to_string(),
                );
            }
            let cert_wanted = if p.action == plan::Action::Bind {
                &wanted
            } else {
                &plan::Wanted::None
            };
            if let Some(problem) = plan::verify_problem(cert_wanted, p.spec.https, cur.as_ref()) {
                problems.insert(domain::key(&p.spec.name), problem);
            }
        }
        report.mark_unverified(&problems);
        report.show_https(&kept);
    }
    if let Some(wait) = &wait {
        wait::served(ctx, &mut session, &plans, &wanted, wait, &mut report)?;
    }
    finish(ctx, &report, san_attention, None)
}

/// `--match-san`: every enabled play domain the leaf's names cover, added with HTTPS on unless
/// it was listed explicitly. Returns how many were added, and how many listed domains might be
/// covered but cannot be read (their name, or whether they are enabled): named on stderr,
/// never bound, never dropped without a word.
fn match_san(
    session: &mut Session,
    ctx: &Settings,
    names: &[String],
    domains: &mut DomainList,
) -> Result<(usize, usize)> {
    let policy = ctx.policy();
    let all = reads::fetch_domains(session, reads::DomainKind::Play, true, policy)?;
    let index = check::NameIndex::new(names);
    let mut added = 0;
    let mut unreadable: Vec<String> = Vec::new();
    for (_, d) in all {
        let Some(listed) = d.name.value() else {
            // Without its name, it may be a domain the certificate covers.
            unreadable.push(format!(
                "? ({})",
                crate::cloud::fields::Entry::problems(&d).unwrap_or_default()
            ));
            continue;
        };
        let Ok(name) = domain::normalize(listed) else {
            continue;
        };
        if domains.contains(&name) || !index.covers(&name) {
            continue;
        }
        if d.status.is_unreadable() {
            unreadable.push(format!("{} (Status)", printable(&name)));
            continue;
        }
        if d.status.value() != Some(&1) {
            continue;
        }
        domains
            .add(DomainSpec {
                name,
                https: domain::Https::On,
                origin: "--match-san".into(),
            })
            .map_err(Error::Usage)?;
        added += 1;
    }
    if let Some(first) = unreadable.first() {
        let n = unreadable.len();
        ctx.warn(&format!(
            "--match-san: {n} listed domain{} cannot be read in full, so {} not bound: {first}{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it was" } else { "they were" },
            match n {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            }
        ));
    }
    if added == 0 {
        ctx.warn(&format!(
            "--match-san: no enabled play domain is covered by the certificate's names ({})",
            if names.is_empty() {
                "none".to_string()
            } else {
                printable(&names.join(", "))
            }
        ));
    } else {
        errln!(
            "--match-san: {added} enabled play domain{} covered by the certificate",
            if added == 1 { "" } else { "s" }
        );
    }
    Ok((added, unreadable.len()))
}

/// After an applied bind, a read-back (`--verify`, or `--wait-served`'s read of the bound
/// certificate) that failed: the error on stderr, and each of `names` to be marked
/// `unverified` with it (by [`domain::key`]).
fn unreadable_back(
    ctx: &Settings,
    option: &str,
    names: &[&str],
    e: &Error,
) -> HashMap<String, String> {
    crate::output::error(
        ctx.color_stderr(),
        &format!(
            "{option}: cannot read the applied domains back (the bind itself was applied): {e}"
        ),
        e.hint().as_deref(),
    );
    let why = format!("could not be read back: {e}");
    names
        .iter()
        .map(|n| (domain::key(n), why.clone()))
        .collect()
}

/// The end of every bind: the per-domain report on stdout (json printed the API's answer
/// already, or has none to print), the summary and `note` on stderr, and the exit code —
/// 5 too when --match-san found no domain or listed one it cannot read.
fn finish(
    ctx: &Settings,
    report: &report::Report,
    san_attention: bool,
    note: Option<&str>,
) -> Result<Exit> {
    match ctx.output() {
        Format::Json => {}
        Format::Table => write_stdout(
            report
                .table(ctx.color_stdout(), ctx.stdout_width())
                .as_bytes(),
        )?,
        Format::Tsv => write_stdout(report.tsv().as_bytes())?,
    }
    errln!("{}", report.summary());
    if let Some(note) = note {
        errln!("{note}");
    }
    Ok(match report.exit() {
        Exit::Ok if san_attention => Exit::Partial,
        e => e,
    })
}
