//! `cert bind`: domains and certificate → local checks → reads → plan → one change request →
//! per-domain report → exit code.

use std::collections::{HashMap, HashSet};

use crate::api::client::{self, Prepared, Target};
use crate::api::live::{self, DomainInfo, ModifyBindingsRequest};
use crate::api::reads;
use crate::cert;
use crate::check;
use crate::cli::{BindArgs, Output};
use crate::domain::{self, DomainList, DomainSpec};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input::{self, Source};
use crate::output::{errln, json_text, stdout as write_stdout};
use crate::plan;
use crate::report;
use crate::settings::Settings;
use crate::text::printable;

pub(crate) fn run(ctx: &Settings, args: &BindArgs) -> Result<Exit> {
    let g = &ctx.cli.global;
    input::check_stdin_once(&[
        ("--cert", args.cert.as_deref()),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    if args.plan && g.dry_run {
        return Err(Error::Usage(
            "--plan reads the current bindings from the API, which --dry-run never does; use one of them".into(),
        ));
    }
    if args.match_san && g.dry_run {
        return Err(Error::Usage(
            "--match-san reads the domain list from the API, which --dry-run never does; \
             run the dry run with explicit --domain names"
                .into(),
        ));
    }
    let endpoint = ctx.endpoint()?;
    ctx.checked_region()?;
    let rules = domain::Rules {
        allow_mixed_scripts: args.allow_idn,
    };
    let mut domains = input::collect_domains(
        &args.domains,
        args.domains_file.as_deref(),
        args.match_san,
        rules,
    )?;
    let source = input::load_source(args)?;
    let leaf_names = match &source {
        Source::Pair { cert, .. } => check::first_names(cert),
        _ => Vec::new(),
    };
    // Every local check before anything is sent, --match-san's listing included: the domains
    // it adds are covered by the certificate's names by construction.
    let certificate = certificate(ctx, args, source, domains.specs())?;
    let target = ctx.target(&endpoint, live::MODIFY_BINDINGS);

    if g.dry_run {
        let prepared = prepare(domains.specs(), &certificate, true)?;
        let headers = client::headers(&target, client::unix_now(), None, &client::request_client());
        let out = match g.output {
            Output::Json => {
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
                json_text(&v)
            }
            _ => client::render_request(&target, &headers, &prepared.display_body, ""),
        };
        write_stdout(out.as_bytes())?;
        errln!(
            "dry run: nothing was sent; a real call adds Authorization (and X-TC-Token with a session token)"
        );
        return Ok(Exit::Ok);
    }

    // One session for the whole bind: one connection, one pace, one clock correction.
    let creds = ctx.credentials()?;
    let mut session = ctx.session(&endpoint, &creds)?;
    // --match-san that finds nothing is worth an exit 5 even when --domain names were bound.
    let mut san_found_none = false;
    if args.match_san {
        let found = match &certificate {
            Certificate::KeyPair { .. } => match_san(
                &mut session,
                &ctx.target(&endpoint, live::DESCRIBE_DOMAINS),
                ctx,
                &leaf_names,
                &mut domains,
            )?,
            _ => 0,
        };
        if found == 0 && domains.is_empty() {
            errln!("nothing to bind");
            return Ok(Exit::Partial);
        }
        san_found_none = found == 0;
    }
    let domains = domains.specs();
    let wanted = wanted(&certificate);
    let read_policy = ctx.policy();

    // Read what each domain has now, unless --force makes it irrelevant.
    let actions: Vec<plan::Action> = if args.force && !args.plan {
        vec![plan::Action::Bind; domains.len()]
    } else {
        let need_fp = matches!(wanted, plan::Wanted::Fingerprint(_));
        let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
        let read = reads::read_states(
            &mut session,
            &target,
            &names,
            need_fp,
            read_policy,
            "reading current bindings",
        );
        match read {
            Ok(states) => {
                if args.plan {
                    print_plan(ctx, domains, &states, &wanted)?;
                    return Ok(Exit::Ok);
                }
                domains
                    .iter()
                    .zip(&states)
                    .map(|(d, cur)| plan::decide(&wanted, d.https, cur.as_ref()))
                    .collect()
            }
            // A key allowed to bind but not to read: bind blindly, as before idempotence,
            // unless the user asked for something that needs the reads.
            Err(Error::Api { code, .. })
                if code.ends_with("UnauthorizedOperation") && !args.plan && !args.verify =>
            {
                ctx.warn(&format!(
                    "cannot read the current bindings ({code}): binding every domain; allow \
                     live:DescribeLiveDomainCertBindings (and live:DescribeLiveDomainCert) in \
                     CAM for binds that skip what is already done"
                ));
                vec![plan::Action::Bind; domains.len()]
            }
            Err(e) => return Err(e),
        }
    };
    let unchanged: HashSet<String> = domains
        .iter()
        .zip(&actions)
        .filter(|(_, a)| **a == plan::Action::Unchanged)
        .map(|(d, _)| domain::key(&d.name))
        .collect();
    let to_send: Vec<DomainSpec> = domains
        .iter()
        .zip(&actions)
        .filter(|(_, a)| **a != plan::Action::Unchanged)
        .map(|(d, _)| d.clone())
        .collect();
    if to_send.is_empty() {
        let report = report::build_with(
            domains,
            &unchanged,
            &live::ModifyBindingsResponse::default(),
            "-",
        );
        return finish(
            ctx,
            &report,
            san_found_none,
            Some("nothing to change: no change request was sent"),
        );
    }
    // Only domains that need the certificate carry it: HTTPS switches alone never upload.
    let binds = actions.contains(&plan::Action::Bind);
    let none = Certificate::None;
    let sent_cert = if binds { &certificate } else { &none };
    let prepared = prepare(&to_send, sent_cert, g.verbose)?;

    // Worth knowing in a log: the key-pair mode stores a new certificate on every call.
    if g.verbose && matches!(sent_cert, Certificate::KeyPair { .. }) {
        errln!(
            "note: the key pair is uploaded as a new certificate in the SSL certificate service"
        );
    }
    let policy = client::Policy {
        changes: if matches!(sent_cert, Certificate::KeyPair { .. }) {
            crate::signals::InFlight::Upload
        } else {
            crate::signals::InFlight::Change
        },
        ..read_policy
    };
    let answer = session.call(&target, &prepared, policy)?;
    drop(prepared);
    let (envelope, api_error) = match answer {
        live::Answer::Ok(envelope) => (envelope, None),
        live::Answer::ApiError {
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
    if g.output == Output::Json && (parsed.is_ok() || api_error.is_some()) {
        write_stdout(json_text(&crate::output::Raw(&envelope.response)).as_bytes())?;
    }
    if let Some((code, message)) = api_error {
        return Err(Error::Api {
            code: printable(&code),
            message: printable(&message),
            request_id: printable(&envelope.request_id),
        });
    }
    let parsed = parsed?;
    let mut report = report::build_with(domains, &unchanged, &parsed, &envelope.request_id);
    if args.verify {
        let need_fp = binds && matches!(wanted, plan::Wanted::Fingerprint(_));
        let ok = report.keys_with(report::Outcome::Ok);
        let applied: Vec<(&DomainSpec, &plan::Action)> = domains
            .iter()
            .zip(&actions)
            .filter(|(d, _)| ok.contains(&domain::key(&d.name)))
            .collect();
        let names: Vec<&str> = applied.iter().map(|(d, _)| d.name.as_str()).collect();
        let states = reads::read_states(
            &mut session,
            &target,
            &names,
            need_fp,
            read_policy,
            "verifying",
        )?;
        let mut problems = HashMap::new();
        for ((d, action), cur) in applied.into_iter().zip(states) {
            let cert_wanted = if *action == plan::Action::Bind {
                &wanted
            } else {
                &plan::Wanted::None
            };
            if let Some(problem) = plan::verify_problem(cert_wanted, d.https, cur.as_ref()) {
                problems.insert(domain::key(&d.name), problem);
            }
        }
        report.mark_unverified(&problems);
    }
    finish(ctx, &report, san_found_none, None)
}

/// The certificate part of a bind request.
enum Certificate {
    None,
    CloudId(String),
    KeyPair {
        /// The chain as it will be sent: leaf first, issuer order, re-encoded.
        cert_pem: String,
        /// The leaf's SHA-256 fingerprint: what an idempotent bind compares.
        leaf_sha256: String,
        key: cert::KeyPem,
        alias: Option<String>,
    },
}

/// Runs the pre-flight checks on a key pair (unless --no-check) and fixes what is sent.
fn certificate(
    ctx: &Settings,
    args: &BindArgs,
    source: Source,
    domains: &[DomainSpec],
) -> Result<Certificate> {
    Ok(match source {
        Source::None => Certificate::None,
        Source::CloudId(id) => Certificate::CloudId(id),
        Source::Pair { cert, key, alias } => {
            let order = if args.no_check {
                (0..cert.ders.len()).collect()
            } else {
                let names: Vec<String> = domains.iter().map(|d| d.name.clone()).collect();
                let report = check::run(&check::Input {
                    cert: &cert,
                    key: Some(&key),
                    domains: &names,
                    now: time::OffsetDateTime::now_utc(),
                    min_days: check::DEFAULT_MIN_DAYS,
                });
                preflight(ctx, &report)?;
                report.send_order
            };
            Certificate::KeyPair {
                cert_pem: cert.pem_in_order(&order),
                leaf_sha256: order
                    .first()
                    .and_then(|&i| cert.ders.get(i))
                    .map(|der| check::fingerprint(der))
                    .unwrap_or_default(),
                key,
                alias,
            }
        }
    })
}

fn wanted(certificate: &Certificate) -> plan::Wanted {
    match certificate {
        Certificate::None => plan::Wanted::None,
        Certificate::CloudId(id) => plan::Wanted::CloudId(id.clone()),
        Certificate::KeyPair { leaf_sha256, .. } => plan::Wanted::Fingerprint(leaf_sha256.clone()),
    }
}

fn print_plan(
    ctx: &Settings,
    domains: &[DomainSpec],
    states: &[Option<plan::Current>],
    wanted: &plan::Wanted,
) -> Result<()> {
    let want_cert = match wanted {
        plan::Wanted::None => "-".to_string(),
        plan::Wanted::CloudId(id) => id.clone(),
        plan::Wanted::Fingerprint(f) => {
            format!("sha256:{}", f.replace(':', "").to_ascii_lowercase())
        }
    };
    let rows: Vec<(String, plan::Action, Option<&plan::Current>, &str)> = domains
        .iter()
        .zip(states)
        .map(|(d, cur)| {
            (
                d.name.clone(),
                plan::decide(wanted, d.https, cur.as_ref()),
                cur.as_ref(),
                d.https.as_str(),
            )
        })
        .collect();
    if ctx.cli.global.output == Output::Json {
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
                })
            })
            .collect();
        write_stdout(json_text(&arr).as_bytes())?;
    } else {
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|(name, action, cur, https)| {
                vec![
                    name.clone(),
                    action.as_str().to_string(),
                    cur.and_then(|c| c.cert_id.clone()).unwrap_or("-".into()),
                    cur.and_then(|c| c.alias.clone()).unwrap_or("-".into()),
                    cur.and_then(|c| c.expires.clone()).unwrap_or("-".into()),
                    live::https_word(cur.and_then(|c| c.https)).to_string(),
                    want_cert.clone(),
                    https.to_string(),
                ]
            })
            .collect();
        crate::output::write_rows(
            ctx,
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

/// `--match-san`: every enabled play domain the leaf's names cover, added with HTTPS on unless
/// it was listed explicitly. Returns how many were added.
fn match_san(
    session: &mut client::Session<'_>,
    target: &Target<'_>,
    ctx: &Settings,
    names: &[String],
    domains: &mut DomainList,
) -> Result<usize> {
    let policy = ctx.policy();
    let all = reads::fetch_domains(session, target, crate::cli::DomainKind::Play, true, policy)?;
    let mut added = 0;
    for (_, d) in all {
        let Ok(name) = domain::normalize(&d.name) else {
            continue;
        };
        if d.status != Some(1)
            || domains.contains(&name)
            || !names.iter().any(|n| check::covers(n, &name))
        {
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
    Ok(added)
}

/// Before a bind: warnings go to stderr and the bind goes on; any failure stops it (exit 3).
fn preflight(ctx: &Settings, report: &check::Report) -> Result<()> {
    for c in report.with_status(check::Status::Warn) {
        ctx.warn(&format!("{}: {}", c.id, c.detail));
    }
    if !report.failed() {
        return Ok(());
    }
    let lines: Vec<String> = report
        .with_status(check::Status::Fail)
        .map(|c| format!("  {}: {}", c.id, c.detail))
        .collect();
    Err(Error::CertCheck(format!(
        "the certificate checks failed, nothing was sent:\n{}\n\
         See `tclive cert check` for the full report; --no-check skips the checks (last resort).",
        lines.join("\n")
    )))
}

/// The change request. `display`: also build the copy `-v` and `--dry-run` show (with the key
/// redacted); a large bind that shows nothing does not pay for it.
fn prepare(domains: &[DomainSpec], certificate: &Certificate, display: bool) -> Result<Prepared> {
    let (cloud_cert_id, public, private, alias) = match certificate {
        Certificate::None => (None, None, None, None),
        Certificate::CloudId(id) => (Some(id.as_str()), None, None, None),
        Certificate::KeyPair {
            cert_pem,
            key,
            alias,
            ..
        } => (
            None,
            Some(cert_pem.as_str()),
            Some(key.pem.expose()),
            alias.as_deref(),
        ),
    };
    let mut req = ModifyBindingsRequest {
        domain_infos: domains
            .iter()
            .map(|d| DomainInfo {
                domain_name: &d.name,
                status: d.https.status(),
            })
            .collect(),
        cloud_cert_id,
        certificate_public_key: public,
        certificate_private_key: private,
        certificate_alias: alias,
    };
    let body = zeroize::Zeroizing::new(
        serde_json::to_vec(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?,
    );
    let redaction = private.map(|k| format!("<redacted: {} bytes>", k.len()));
    req.certificate_private_key = redaction.as_deref();
    let display_body = if display {
        serde_json::to_value(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?
    } else {
        serde_json::Value::Null
    };
    Ok(Prepared {
        body,
        display_body,
        answer_limit: client::change_answer_limit(domains.len()),
    })
}

/// The end of every bind: the per-domain report on stdout (json printed the API's answer
/// already, or has none to print), the summary and `note` on stderr, and the exit code —
/// 5 too when --match-san found no domain.
fn finish(
    ctx: &Settings,
    report: &report::Report,
    san_found_none: bool,
    note: Option<&str>,
) -> Result<Exit> {
    match ctx.cli.global.output {
        Output::Json => {}
        Output::Table => write_stdout(report.table(ctx.color_stdout, ctx.stdout_tty).as_bytes())?,
        Output::Tsv => write_stdout(report.tsv().as_bytes())?,
    }
    errln!("{}", report.summary());
    if let Some(note) = note {
        errln!("{note}");
    }
    Ok(match report.exit() {
        Exit::Ok if san_found_none => Exit::Partial,
        e => e,
    })
}
