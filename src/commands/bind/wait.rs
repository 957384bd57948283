//! `cert bind --wait-served`: after the bind, the domains bound with HTTPS on are probed as
//! `cert probe` does, in rounds with growing pauses, until each serves the new leaf or the
//! time has passed.

use std::collections::HashMap;
use std::time::Duration;

use super::row::{Outcome, Rows};
use crate::api::reads;
use crate::cloud::session::Session;
use crate::domain::Https;
use crate::error::{Error, Result};
use crate::output::Format;
use crate::output::errln;
use crate::plan;
use crate::probe::engine::Prober;
use crate::probe::targets::ConnectTo;
use crate::probe::verdict::{Expected, stale};
use crate::settings::Settings;
use crate::text::printable;

/// `--wait-served DURATION` with its `--connect-to` and `--all-addresses`, checked once.
pub(super) struct Wait {
    until: Duration,
    connect_to: ConnectTo,
    all_addresses: bool,
}

impl Wait {
    pub(super) fn from_args(args: &crate::cli::BindArgs) -> Result<Option<Wait>> {
        args.wait_served
            .map(|until| {
                Ok(Wait {
                    until,
                    connect_to: ConnectTo::parse(&args.connect_to).map_err(Error::Usage)?,
                    all_addresses: args.all_addresses,
                })
            })
            .transpose()
    }
}

/// `cert bind --wait-served`: probes the domains bound with HTTPS on until each serves the
/// new leaf or `wait` has passed, in rounds with growing pauses (2 s, 4 s … at most 30 s);
/// the rows of the domains still serving something else are marked `not served`, with what
/// they serve.
pub(super) fn served(
    ctx: &Settings,
    session: &mut Session,
    rows: &mut Rows,
    wanted: &plan::Wanted,
    wait: &Wait,
) -> Result<()> {
    let deadline = std::time::Instant::now() + wait.until;
    // The domains that now have the certificate and serve HTTPS.
    let mut waiting = rows.select(|r, p| {
        p.spec.https != Https::Off && matches!(r.outcome, Outcome::Ok | Outcome::Unchanged)
    });
    let names: Vec<String> = waiting.iter().map(|r| r.domain.clone()).collect();
    if names.is_empty() {
        errln!("--wait-served: no domain was bound with HTTPS on; nothing to wait for");
        return Ok(());
    }
    let expected: Vec<Expected> = match wanted {
        plan::Wanted::Fingerprint(f, ..) => vec![Expected::Leaf(f.clone()); names.len()],
        _ => {
            // By id: the leaf is what the API now has bound.
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let states = reads::read_states(
                session,
                &refs,
                true,
                ctx.policy(),
                "reading the bound certificate",
            );
            match states {
                Ok(states) => states
                    .into_iter()
                    .map(|c| match c.and_then(|c| c.fingerprint) {
                        Some(f) => Expected::Leaf(f),
                        None => Expected::Unknown("the bound certificate cannot be read".into()),
                    })
                    .collect(),
                // The bind was applied: its report is still printed, these domains are
                // `unverified`, and nothing is probed without a leaf to expect.
                Err(e) => {
                    let why = super::unreadable_back(ctx, "--wait-served", &e);
                    for row in waiting {
                        row.mark(Outcome::Unverified, &why);
                    }
                    return Ok(());
                }
            }
        }
    };
    let roots = ctx.probe_roots()?;
    let prober = Prober::new(
        &roots,
        &wait.connect_to,
        443,
        ctx.timeout(),
        wait.all_addresses,
    );
    let mut pending: Vec<usize> = (0..names.len()).collect();
    let mut last: HashMap<usize, String> = HashMap::new();
    let mut pause = Duration::from_secs(2);
    loop {
        let batch: Vec<String> = pending.iter().map(|&i| names[i].clone()).collect();
        let seen = prober.all(&batch, "waiting for the new certificate");
        let mut still = Vec::new();
        for (&i, seen) in pending.iter().zip(&seen) {
            let what: Vec<String> = seen.iter().filter_map(|s| stale(s, &expected[i])).collect();
            if seen.is_empty() || !what.is_empty() {
                still.push(i);
                last.insert(i, what.join("; "));
            } else {
                last.remove(&i);
            }
        }
        pending = still;
        let served = names.len() - pending.len();
        if pending.is_empty() {
            errln!(
                "--wait-served: {0} of {0} domains serve the new certificate",
                names.len()
            );
            break;
        }
        let now = std::time::Instant::now();
        if now >= deadline
            || pending
                .iter()
                .all(|&i| matches!(expected[i], Expected::Unknown(_)))
        {
            errln!(
                "--wait-served: {served} of {} domains serve the new certificate after {}",
                names.len(),
                crate::text::duration(wait.until)
            );
            break;
        }
        let sleep = pause.min(deadline - now);
        errln!(
            "--wait-served: {served} of {} domains serve the new certificate; looking again in {} s",
            names.len(),
            sleep.as_secs_f64().ceil()
        );
        std::thread::sleep(sleep);
        pause = (pause * 2).min(Duration::from_secs(30));
    }
    // -o json prints the API's answer as received: what each domain still serves is said
    // on stderr instead (tables and tsv carry it in their rows).
    if ctx.output() == Format::Json {
        let mut stale: Vec<(&usize, &String)> = last.iter().collect();
        stale.sort();
        for (i, what) in stale {
            errln!("not served: {}: {}", names[*i], printable(what));
        }
    }
    for (i, what) in last {
        waiting[i].mark(Outcome::NotServed, &what);
    }
    Ok(())
}
