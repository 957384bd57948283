//! `cert bind`, as a table of contents: check the inputs and the certificate, plan each
//! domain against what it has now, send one change request, verify it, wait until it is
//! served, finish with the report and the exit code. Each step is a function over the same
//! rows, one per planned domain ([`row::Rows`]), updated in place.

mod certificate;
mod match_san;
mod plan_view;
pub(crate) mod row;
mod wait;

use crate::api::live::{self, LIVE};
use crate::api::reads;
use crate::cli::BindArgs;
use crate::cloud::envelope::Answer;
use crate::cloud::request;
use crate::cloud::retry::Policy;
use crate::cloud::session::Session;
use crate::domain::{self, DomainList};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input;
use crate::output::{Format, errln, json_text, stdout as write_stdout};
use crate::plan::{self, Action, DomainPlan, Wanted};
use crate::settings::Settings;
use crate::signals::InFlight;
use crate::text::printable;
use certificate::Certificate;
use row::{Outcome, Rows};

pub(crate) fn run(ctx: &Settings, args: &BindArgs) -> Result<Exit> {
    let Checked {
        mut domains,
        certificate,
        wait,
    } = check(ctx, args)?;
    if ctx.dry_run() {
        return dry_run(ctx, &domains, &certificate);
    }
    // One session for the whole bind: one connection, one pace, one clock correction.
    let mut session = ctx.session(&LIVE)?;
    let san_attention = match match_san::add(ctx, args, &mut session, &certificate, &mut domains)? {
        match_san::Found::Nothing => return Ok(Exit::Partial),
        match_san::Found::Some { attention } => attention,
    };
    let wanted = certificate.wanted();
    let Some(mut rows) = plan(ctx, args, &mut session, &domains, &wanted)? else {
        return Ok(Exit::Ok);
    };
    if !send(ctx, &mut session, &mut rows, &certificate)? {
        return finish(ctx, &rows, san_attention, Some(NOTHING_SENT));
    }
    if args.verify {
        verify(ctx, &mut session, &mut rows, &wanted);
    }
    if let Some(wait) = &wait {
        wait::served(ctx, &mut session, &mut rows, &wanted, wait)?;
    }
    finish(ctx, &rows, san_attention, None)
}

const NOTHING_SENT: &str = "nothing to change: no change request was sent";

/// What the local checks give.
struct Checked {
    domains: DomainList,
    certificate: Certificate,
    /// --wait-served's options.
    wait: Option<wait::Wait>,
}

/// Every local check before anything is sent: one stdin, the options, the endpoint and
/// region, the domains, the certificate and its pre-flight checks against them.
fn check(ctx: &Settings, args: &BindArgs) -> Result<Checked> {
    input::check_stdin_once(&[
        ("--cert", args.cert.as_deref()),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    let wait = wait::Wait::from_args(args)?;
    if wait.is_some() && args.cert_id.is_none() && args.cert.is_none() && !args.from_hook_env {
        return Err(Error::Usage(
            "--wait-served waits for a new certificate to be served: give --cert-id, \
             --cert/--key or --from-hook-env"
                .into(),
        ));
    }
    ctx.endpoint(&LIVE)?;
    ctx.region()?;
    let rules = domain::Rules {
        allow_mixed_scripts: args.allow_idn,
    };
    let domains = input::collect_domains(
        &args.domains,
        args.domains_file.as_deref(),
        args.match_san,
        rules,
        ctx.timeout(),
    )?;
    // --match-san's listing comes later: the domains it adds are covered by the
    // certificate's names by construction.
    let certificate = certificate::checked(ctx, args, domains.specs())?;
    Ok(Checked {
        domains,
        certificate,
        wait,
    })
}

/// `--dry-run`: the request that would be sent, without credentials or network.
fn dry_run(ctx: &Settings, domains: &DomainList, certificate: &Certificate) -> Result<Exit> {
    let prepared = certificate.request(domains.specs(), true)?;
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
                "Url": options.endpoint.url.as_str(),
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
    Ok(Exit::Ok)
}

/// One row per domain, planned against what it has now (read unless --force makes it
/// irrelevant). With --plan, the plan is printed and there is nothing more to do (None).
fn plan(
    ctx: &Settings,
    args: &BindArgs,
    session: &mut Session,
    domains: &DomainList,
    wanted: &Wanted,
) -> Result<Option<Rows>> {
    let domains = domains.specs();
    if args.force && !args.plan {
        return Ok(Some(Rows::planned(DomainPlan::forced(domains))));
    }
    let need_fp = matches!(wanted, Wanted::Fingerprint(..));
    let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
    let read = reads::read_states(
        session,
        &names,
        need_fp,
        ctx.policy(),
        "reading current bindings",
    );
    let plans = match read {
        Ok(states) => DomainPlan::all(wanted, domains, states),
        // A key allowed to bind but not to read: bind blindly, as before idempotence,
        // unless the user asked for something that needs the reads.
        Err(Error::NotPermitted { code, .. }) if !args.plan && !args.verify => {
            ctx.warn(&format!(
                "cannot read the current bindings ({code}): binding every domain; allow \
                 live:DescribeLiveDomainCertBindings (and live:DescribeLiveDomainCert) in \
                 CAM for binds that skip what is already done"
            ));
            DomainPlan::forced(domains)
        }
        Err(e) => return Err(e),
    };
    if args.plan {
        plan_view::print(ctx, &plans, wanted)?;
        return Ok(None);
    }
    Ok(Some(Rows::planned(plans)))
}

/// The one change request, for the domains not already as asked, and what its answer says of
/// each (on stdout as received, with -o json). False when there is nothing to change: then
/// nothing is sent (and -o json says so in a document of its own).
fn send(
    ctx: &Settings,
    session: &mut Session,
    rows: &mut Rows,
    certificate: &Certificate,
) -> Result<bool> {
    let to_send = rows.to_send();
    if to_send.is_empty() {
        if ctx.output() == Format::Json {
            // One JSON document for every successful run: when nothing was sent, one that
            // says so, with the Response's two lists (empty) so that the same query works.
            let unchanged: Vec<&str> = rows
                .planned_rows()
                .map(|(_, p)| p.spec.name.as_str())
                .collect();
            let doc = serde_json::json!({
                "Sent": false,
                "Unchanged": unchanged,
                "MismatchedDomainNames": [],
                "Errors": [],
            });
            write_stdout(json_text(&doc)?.as_bytes())?;
        }
        return Ok(false);
    }
    // Only domains that need the certificate carry it: HTTPS switches alone never upload.
    let binds = rows.planned_rows().any(|(_, p)| p.action == Action::Bind);
    let sent = if binds {
        certificate
    } else {
        &Certificate::None
    };
    let upload = matches!(sent, Certificate::KeyPair { .. });
    let prepared = sent.request(&to_send, ctx.verbose())?;
    // Worth knowing in a log: the key-pair mode stores a new certificate on every call.
    if ctx.verbose() && upload {
        errln!(
            "note: the key pair is uploaded as a new certificate in the SSL certificate service"
        );
    }
    let policy = Policy {
        changes: if upload {
            InFlight::Upload
        } else {
            InFlight::Change
        },
        ..ctx.policy()
    };
    let answer = session.call(live::MODIFY_BINDINGS, &prepared, policy)?;
    drop(prepared);
    let (envelope, refused) = match answer {
        Answer::Ok(envelope) => (envelope, None),
        Answer::Refused {
            envelope,
            code,
            message,
        } => (envelope, Some((code, message))),
    };
    let parsed: Result<live::ModifyBindingsResponse> =
        envelope.fields().map_err(|e| Error::MaybeApplied {
            upload,
            cause: Box::new(Error::Transport(format!(
                "the answer has the API's envelope but not this action's fields ({}), from {}",
                printable(&e.to_string()),
                session.options().endpoint.url
            ))),
        });
    if ctx.output() == Format::Json && (parsed.is_ok() || refused.is_some()) {
        write_stdout(json_text(&crate::output::Raw(&envelope.response))?.as_bytes())?;
    }
    if let Some((code, message)) = refused {
        return Err(LIVE.refusal(
            live::MODIFY_BINDINGS,
            &code,
            &message,
            envelope.request_id.as_deref(),
        ));
    }
    rows.answered(&parsed?, envelope.request_id.as_deref());
    Ok(true)
}

/// `--verify`: every applied domain read back; one that does not show the certificate and
/// HTTPS state asked for is `unverified`, and a domain asked to `keep` its state shows the
/// state read back. The bind was applied: a read-back that fails makes its domains
/// `unverified`, and the report is still printed.
fn verify(ctx: &Settings, session: &mut Session, rows: &mut Rows, wanted: &Wanted) {
    let binds = rows.planned_rows().any(|(_, p)| p.action == Action::Bind);
    let need_fp = binds && matches!(wanted, Wanted::Fingerprint(..));
    let mut applied = rows.select(|r, _| r.outcome == Outcome::Ok);
    let names: Vec<String> = applied.iter().map(|r| r.domain.clone()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let states = match reads::read_states(session, &refs, need_fp, ctx.policy(), "verifying") {
        Ok(states) => states,
        Err(e) => {
            let why = unreadable_back(ctx, "--verify", &e);
            for row in applied {
                row.mark(Outcome::Unverified, &why);
            }
            return;
        }
    };
    for (row, cur) in applied.iter_mut().zip(states) {
        let Some(p) = &row.plan else { continue };
        let (https, action) = (p.spec.https, p.action);
        if https == domain::Https::Keep
            && let Some(state) = cur.as_ref().and_then(|c| c.https)
        {
            row.https = domain::https_word(Some(state)).to_string();
        }
        let cert_wanted = if action == Action::Bind {
            wanted
        } else {
            &Wanted::None
        };
        if let Some(problem) = plan::verify_problem(cert_wanted, https, cur.as_ref()) {
            row.mark(Outcome::Unverified, &problem);
        }
    }
}

/// After an applied bind, a read-back (`--verify`, or `--wait-served`'s read of the bound
/// certificate) that failed: the error on stderr, and what the domains it was for are marked
/// `unverified` with.
fn unreadable_back(ctx: &Settings, option: &str, e: &Error) -> String {
    crate::output::error(
        ctx.color_stderr(),
        &format!(
            "{option}: cannot read the applied domains back (the bind itself was applied): {e}"
        ),
        e.hint().as_deref(),
    );
    format!("could not be read back: {e}")
}

/// The end of every bind: the per-domain report on stdout (json printed the API's answer
/// already, or has none to print), the summary and `note` on stderr, and the exit code —
/// 5 too when --match-san found no domain or listed one it cannot read.
fn finish(ctx: &Settings, rows: &Rows, san_attention: bool, note: Option<&str>) -> Result<Exit> {
    match ctx.output() {
        Format::Json => {}
        Format::Table => write_stdout(
            rows.table(ctx.color_stdout(), ctx.stdout_width())
                .as_bytes(),
        )?,
        Format::Tsv => write_stdout(rows.tsv().as_bytes())?,
    }
    errln!("{}", rows.summary());
    if let Some(note) = note {
        errln!("{note}");
    }
    Ok(match rows.exit() {
        Exit::Ok if san_attention => Exit::Partial,
        e => e,
    })
}
