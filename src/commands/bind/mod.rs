//! `cert bind`, as a table of contents: check the inputs and the certificate, plan each
//! domain against what it has now, send one change request, verify it, wait until it is
//! served, finish with the report and the exit code. Each step is a function over the same
//! rows, one per planned domain ([`row::Rows`]), updated in place.

mod certificate;
mod match_san;
mod plan_view;
pub(crate) mod row;
mod upload;
mod wait;

use super::retire::{self, Against};
use crate::api::live::{self, LIVE};
use crate::api::reads;
use crate::api::ssl::{self, SSL};
use crate::cli::{BindArgs, UploadVia};
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
        return dry_run(ctx, args, &domains, &certificate);
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
    let Some(sent) = send(ctx, args, &mut session, &mut rows, &certificate)? else {
        if args.retire_old.is_some() {
            errln!("--retire-old: nothing retired: nothing was bound");
        }
        return finish(
            ctx,
            &rows,
            san_attention,
            Some(NOTHING_SENT),
            Done::default(),
        );
    };
    // What --verify read back of the whole account is what --retire-old needs bound now
    // (read again after --wait-served, which takes minutes).
    let bound_after = args
        .verify
        .then(|| verify(ctx, &mut session, &mut rows, &wanted))
        .flatten();
    if let Some(wait) = &wait
        && let Err(e) = wait::served(ctx, &mut session, &mut rows, &wanted, wait)
    {
        if let Some(text) = &sent.json {
            write_stdout(text.as_bytes())?;
        }
        return Err(e);
    }
    let bound_after = bound_after.filter(|_| wait.is_none());
    let retired = retire_old(
        ctx,
        args,
        &mut session,
        &rows,
        &sent,
        san_attention,
        bound_after,
    )?;
    finish(
        ctx,
        &rows,
        san_attention,
        None,
        Done {
            json: sent.json,
            retired,
        },
    )
}

/// `--retire-old`: the certificates the bound domains had before, retired when the whole bind
/// succeeded (nothing, saying why, when it did not, or under --force).
fn retire_old(
    ctx: &Settings,
    args: &BindArgs,
    session: &mut Session,
    rows: &Rows,
    sent: &Sent,
    san_attention: bool,
    bound_now: Option<std::collections::HashSet<String>>,
) -> Result<Option<(crate::cli::RetireOld, retire::Retirement)>> {
    let Some(mode) = args.retire_old else {
        return Ok(None);
    };
    let olds = candidates(rows, sent.new_id.as_deref());
    let refused = if rows.exit() != Exit::Ok || san_attention {
        Some(
            "the bind did not fully succeed (a domain failed, was mismatched, unverified or not \
             served, or --match-san needs attention)",
        )
    } else if args.force {
        Some(
            "--force skips the reads before the bind, so what the domains had before is not \
             known",
        )
    } else {
        None
    };
    let retirement = match sent.new_id.as_deref() {
        Some(new_id) => retire::run(
            ctx,
            mode,
            session,
            Against::New(new_id),
            olds,
            bound_now,
            refused,
        )?,
        None if refused.is_none() && !olds.is_empty() => retire::Retirement::nothing(
            "nothing retired: the new certificate's ID is not known (a key pair bound through \
             the bind itself: --upload-via ssl stores it first)"
                .into(),
            true,
        ),
        None => retire::run(ctx, mode, session, Against::Store, olds, None, refused)?,
    };
    Ok(Some((mode, retirement)))
}

/// The certificates the bound domains had before (read before the bind), the new one
/// excepted, each once, in the domains' order.
fn candidates(rows: &Rows, new_id: Option<&str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    rows.planned_rows()
        .filter(|(r, p)| p.action == Action::Bind && r.outcome == Outcome::Ok)
        .filter_map(|(_, p)| p.current.as_ref()?.cert_id.clone())
        .filter(|id| !id.is_empty() && Some(id.as_str()) != new_id)
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

/// What a bind that sent its change request hands on to the end.
struct Sent {
    /// The -o json document, printed at the end (with the retirement's field).
    json: Option<String>,
    /// The CloudCertId bound, when known: --cert-id's, or the upload's.
    new_id: Option<String>,
}

/// What `finish` prints besides the rows.
#[derive(Default)]
struct Done {
    json: Option<String>,
    retired: Option<(crate::cli::RetireOld, retire::Retirement)>,
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
    if args.upload_via != UploadVia::Live && (args.cert.is_some() || args.from_hook_env) {
        ctx.endpoint(&SSL)?;
    }
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

/// `--dry-run`: the requests that would be sent, without credentials or network: for a key
/// pair stored through the SSL service, the upload and then the bind by the ID it answers.
fn dry_run(
    ctx: &Settings,
    args: &BindArgs,
    domains: &DomainList,
    certificate: &Certificate,
) -> Result<Exit> {
    let mut requests = Vec::new();
    let stored_first =
        matches!(certificate, Certificate::KeyPair { .. }) && args.upload_via != UploadVia::Live;
    let by_id;
    let bound = if stored_first {
        let upload = certificate
            .upload_request(true)?
            .ok_or_else(|| Error::Other("only a key pair is stored".into()))?;
        requests.push((&SSL, ssl::UPLOAD, upload.display_body));
        by_id = Certificate::CloudId(DRY_RUN_ID.into());
        &by_id
    } else {
        certificate
    };
    let prepared = bound.request(domains.specs(), true)?;
    requests.push((&LIVE, live::MODIFY_BINDINGS, prepared.display_body));
    let now = crate::clock::unix_now();
    let mut texts = Vec::new();
    let mut docs = Vec::new();
    for (product, action, body) in requests {
        let options = ctx.call_options(product)?;
        let headers = request::headers(&options, action, now, None, &request::request_client());
        if ctx.output() == Format::Json {
            let mut h = serde_json::Map::new();
            for (k, v) in &headers {
                h.insert((*k).to_string(), serde_json::Value::String(v.clone()));
            }
            docs.push(serde_json::json!({
                "Method": "POST",
                "Url": options.endpoint.url.as_str(),
                "Headers": h,
                "Body": body,
            }));
        } else {
            texts.push(request::render_request(&options, &headers, &body, ""));
        }
    }
    let out = match ctx.output() {
        // One request: its object, as before; an upload and a bind: both, in order.
        Format::Json if docs.len() == 1 => json_text(&docs[0])?,
        Format::Json => json_text(&docs)?,
        _ => texts.join("\n"),
    };
    write_stdout(out.as_bytes())?;
    if stored_first {
        errln!(
            "dry run: the bind names the ID UploadCertificate answers (RepeatCertId when the \
             certificate is stored already){}",
            if args.upload_via == UploadVia::Auto {
                "; if CAM refuses ssl:UploadCertificate, the key pair goes with the bind \
                 instead (--upload-via live shows that request)"
            } else {
                ""
            }
        );
    }
    if let Some(mode) = args.retire_old {
        errln!(
            "dry run: after a bind that fully succeeds, --retire-old {} reads the bindings \
             listing (DescribeLiveDomainCertBindings) and the old certificates \
             (DescribeCertificates by CertIds), then {} each old certificate bound to no Live \
             domain, uploaded and superseded by the new one",
            mode.word(),
            match mode {
                crate::cli::RetireOld::Mute => {
                    "mutes (ModifyCertificatesExpiringNotificationSwitch, SwitchStatus 1)"
                }
                crate::cli::RetireOld::Delete => {
                    "deletes (DeleteCertificates, IsSync true, then \
                     DescribeDeleteCertificatesTaskResult)"
                }
            }
        );
    }
    errln!(
        "dry run: nothing was sent; a real call adds Authorization (and X-TC-Token with a session token)"
    );
    Ok(Exit::Ok)
}

/// What the bind request of a dry run names in place of the ID the upload would answer.
const DRY_RUN_ID: &str = "<CertificateId or RepeatCertId of UploadCertificate>";

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
        // With --plan nothing is ever bound: the error alone says enough.
        Err(e) if args.plan => return Err(e),
        Err(e) => {
            return Err(Error::NothingBound {
                cause: Box::new(e),
                because: "the current bindings could not be read, and the bind is sent only \
                          after them: nothing was bound",
            });
        }
    };
    if args.plan {
        plan_view::print(ctx, &plans, wanted)?;
        if matches!(wanted, Wanted::Fingerprint(..)) && args.upload_via != UploadVia::Live {
            errln!("{}", stored_in_plan(&plans, wanted));
        }
        if let Some(mode) = args.retire_old {
            errln!("{}", retire_in_plan(&plans, wanted, args, mode));
        }
        return Ok(None);
    }
    Ok(Some(Rows::planned(plans)))
}

/// What `--plan` can tell of a key pair in the SSL service: stored already when a domain
/// has it bound (its chain read back), else left to the upload, which finds an identical one
/// itself (the service's listing gives no fingerprint to compare with before).
fn stored_in_plan(plans: &[DomainPlan], wanted: &Wanted) -> String {
    let bound: Vec<&str> = plans
        .iter()
        .filter_map(|p| p.current.as_ref())
        .filter(|c| wanted.is_bound(c))
        .filter_map(|c| c.cert_id.as_deref())
        .collect();
    match bound.first() {
        Some(id) => format!(
            "certificate: already stored in the SSL certificate service as {} (bound to {} of \
             these domains); a bind stores no second copy",
            printable(id),
            bound.len()
        ),
        None => "certificate: bound to none of these domains; a bind stores it with \
                 UploadCertificate, which answers the ID of an identical certificate if one is \
                 stored already"
            .to_string(),
    }
}

/// What `--plan` can tell of `--retire-old`: the certificates the domains to bind have now
/// (candidates; the checks against the listings come after the bind).
fn retire_in_plan(
    plans: &[DomainPlan],
    wanted: &Wanted,
    args: &BindArgs,
    mode: crate::cli::RetireOld,
) -> String {
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<String> = plans
        .iter()
        .filter(|p| p.action == Action::Bind)
        .filter_map(|p| p.current.as_ref())
        .filter(|c| !wanted.is_bound(c))
        .filter_map(|c| c.cert_id.clone())
        .filter(|id| !id.is_empty() && Some(id) != args.cert_id.as_ref())
        .filter(|id| seen.insert(id.clone()))
        .map(|id| printable(&id))
        .collect();
    if ids.is_empty() {
        return format!(
            "--retire-old {}: no candidate: the domains to bind have no other certificate now",
            mode.word()
        );
    }
    format!(
        "--retire-old {}: candidates (bound to these domains now; each is {} after the bind only \
         if then bound to no Live domain, uploaded and superseded by the new certificate): {}",
        mode.word(),
        mode.done(),
        ids.join(", ")
    )
}

/// The one change request, for the domains not already as asked, and what its answer says of
/// each (on stdout as received, with -o json). False when there is nothing to change: then
/// nothing is sent (and -o json says so in a document of its own).
fn send(
    ctx: &Settings,
    args: &BindArgs,
    session: &mut Session,
    rows: &mut Rows,
    certificate: &Certificate,
) -> Result<Option<Sent>> {
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
        return Ok(None);
    }
    // Only domains that need the certificate carry it: HTTPS switches alone never upload.
    let binds = rows.planned_rows().any(|(_, p)| p.action == Action::Bind);
    // A key pair is stored once in the SSL service first, and bound by its ID: the key
    // travels only in that upload.
    let via = match certificate {
        Certificate::KeyPair { .. } if binds => {
            Some(upload::store(ctx, args.upload_via, certificate)?)
        }
        _ => None,
    };
    let by_id;
    let sent = match &via {
        _ if !binds => &Certificate::None,
        Some(upload::Via::Stored(stored)) => {
            by_id = Certificate::CloudId(stored.id.clone());
            &by_id
        }
        _ => certificate,
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
    let mut json = None;
    if ctx.output() == Format::Json && (parsed.is_ok() || refused.is_some()) {
        let text = json_text(&crate::output::Raw(&envelope.response))?;
        let text = match &via {
            Some(via) => with_field(text, "Certificate", &upload::json_field(via))?,
            None => text,
        };
        if refused.is_some() {
            write_stdout(text.as_bytes())?;
        } else {
            json = Some(text);
        }
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
    if upload
        && rows
            .planned_rows()
            .any(|(r, p)| p.action == Action::Bind && r.outcome == Outcome::Ok)
    {
        rows.uploaded = Some(row::Uploaded::Unread);
    }
    let new_id = match (&via, sent) {
        (Some(upload::Via::Stored(stored)), _) => Some(stored.id.clone()),
        (_, Certificate::CloudId(id)) => Some(id.clone()),
        _ => None,
    };
    Ok(Some(Sent { json, new_id }))
}

/// `text` (a JSON object as [`json_text`] writes it) with `name: value` first.
fn with_field(text: String, name: &str, value: &serde_json::Value) -> Result<String> {
    let field = json_text(value)?;
    let field = field.trim_end().replace('\n', "\n  ");
    let name = serde_json::Value::String(name.into());
    Ok(match text.strip_prefix("{\n") {
        Some(rest) => format!("{{\n  {name}: {field},\n{rest}"),
        None => format!("{{\n  {name}: {field}\n}}\n"),
    })
}

/// `--verify`: every applied domain read back; one that does not show the certificate and
/// HTTPS state asked for is `unverified`, and a domain asked to `keep` its state shows the
/// state read back. The bind was applied: a read-back that fails makes its domains
/// `unverified`, and the report is still printed.
/// The read-back of --verify; the CloudCertIds bound to any domain of the account, when it
/// read the account's whole listing on the way.
fn verify(
    ctx: &Settings,
    session: &mut Session,
    rows: &mut Rows,
    wanted: &Wanted,
) -> Option<std::collections::HashSet<String>> {
    let binds = rows.planned_rows().any(|(_, p)| p.action == Action::Bind);
    let need_fp = binds && matches!(wanted, Wanted::Fingerprint(..));
    let mut applied = rows.select(|r, _| r.outcome == Outcome::Ok);
    let names: Vec<String> = applied.iter().map(|r| r.domain.clone()).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (states, bound) =
        match reads::read_states_and_bound(session, &refs, need_fp, ctx.policy(), "verifying") {
            Ok(read) => read,
            Err(e) => {
                let why = unreadable_back(ctx, "--verify", &e);
                for row in applied {
                    row.mark(Outcome::Unverified, &why);
                }
                if rows.uploaded.is_some() {
                    rows.uploaded = Some(row::Uploaded::ReadBack(Vec::new()));
                }
                return None;
            }
        };
    // The CloudCertIds read back, each once, in order (a set: linear in the domains).
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
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
        match plan::verify_problem(cert_wanted, https, cur.as_ref()) {
            Some(problem) => row.mark(Outcome::Unverified, &problem),
            // Bound to the leaf sent: the id it reads back is the uploaded certificate's.
            None if action == Action::Bind => {
                if let Some(id) = cur.as_ref().and_then(|c| c.cert_id.clone())
                    && seen.insert(id.clone())
                {
                    ids.push(printable(&id));
                }
            }
            None => {}
        }
    }
    if rows.uploaded.is_some() {
        rows.uploaded = Some(row::Uploaded::ReadBack(ids));
    }
    bound
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
        e.hint(ctx.verbose()).as_deref(),
    );
    format!("could not be read back: {e}")
}

/// The end of every bind: the per-domain report on stdout (json printed the API's answer
/// already, or has none to print), the summary and `note` on stderr, and the exit code —
/// 5 too when --match-san found no domain or listed one it cannot read.
fn finish(
    ctx: &Settings,
    rows: &Rows,
    san_attention: bool,
    note: Option<&str>,
    done: Done,
) -> Result<Exit> {
    let retired = done.retired.as_ref();
    let listed = retired.filter(|(_, r)| !r.rows.is_empty());
    match ctx.output() {
        Format::Json => {
            if let Some(text) = done.json {
                let text = match retired {
                    Some((mode, r)) => with_field(text, "RetireOld", &r.json(*mode))?,
                    None => text,
                };
                write_stdout(text.as_bytes())?;
            }
        }
        // -o prometheus never gets here: commands::run refuses it for cert bind.
        Format::Table | Format::Prometheus => {
            let mut out = rows.table(ctx.color_stdout(), ctx.stdout_width());
            if let Some((_, r)) = listed {
                out.push('\n');
                out.push_str(&r.table("OLD CERTIFICATE", ctx.stdout_width()));
            }
            write_stdout(out.as_bytes())?
        }
        Format::Tsv => {
            let mut out = rows.tsv();
            if let Some((_, r)) = listed {
                out.push_str(&r.tsv(true));
            }
            write_stdout(out.as_bytes())?
        }
    }
    errln!("{}", rows.summary());
    if let Some((mode, r)) = retired {
        errln!("{}", r.summary(*mode));
    }
    if let Some(uploaded) = rows.uploaded_note() {
        errln!("{uploaded}");
    }
    if let Some(note) = note {
        errln!("{note}");
    }
    Ok(match rows.exit() {
        Exit::Ok if san_attention => Exit::Partial,
        Exit::Ok if retired.is_some_and(|(_, r)| r.left_over()) => Exit::Retained,
        e => e,
    })
}
