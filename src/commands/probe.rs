//! `cert probe`: the certificate each domain's servers hand out, judged against what was
//! expected (any, a file's leaf, or what the API says is bound), one row per address.

use crate::api::live::LIVE;
use crate::api::reads;
use crate::cli::ProbeArgs;
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input;
use crate::output::Format;
use crate::output::prometheus::Gauge;
use crate::output::{errln, json_text, stdout as write_stdout};
use crate::probe::engine::Prober;
use crate::probe::targets::ConnectTo;
use crate::probe::verdict::{Expected, ProbeRow, Verdict, row};
use crate::settings::Settings;
use crate::text::printable;

fn write(ctx: &Settings, rows: &[ProbeRow], expect_given: bool, exit: Exit) -> Result<()> {
    match ctx.output() {
        Format::Json => write_stdout(json_text(&rows)?.as_bytes()),
        // The run did its work even when some address gave no handshake (exit 6): that is
        // what tclive_probe_handshake_success says, address by address.
        Format::Prometheus => {
            let found = probe_metrics(rows, expect_given);
            let n = super::metrics::repeats(&found);
            if n > 0 {
                ctx.warn(&format!(
                    "{n} row{} repeat a domain and address already in the metrics: left out of them",
                    if n == 1 { "" } else { "s" }
                ));
            }
            write_stdout(super::metrics::run_metrics("cert probe", exit, true, &found).as_bytes())
        }
        format => {
            let short = format == Format::Table;
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let s = r.served.as_ref();
                    vec![
                        r.domain.clone(),
                        r.address.clone().unwrap_or_else(|| "-".into()),
                        r.tls.clone().unwrap_or_else(|| "-".into()),
                        s.map(|s| s.not_after.clone()).unwrap_or_else(|| "-".into()),
                        s.map(|s| s.days_left.to_string())
                            .unwrap_or_else(|| "-".into()),
                        s.map(|s| {
                            if short {
                                crate::check::short_fingerprint(&s.fingerprint)
                            } else {
                                s.fingerprint.clone()
                            }
                        })
                        .unwrap_or_else(|| "-".into()),
                        s.map(|s| match s.distrust {
                            None => "trusted".to_string(),
                            Some(d) => d.as_str().to_string(),
                        })
                        .unwrap_or_else(|| "-".into()),
                        r.result.as_str().to_string(),
                        r.error.clone().unwrap_or_else(|| r.problems.join("; ")),
                    ]
                })
                .collect();
            crate::output::write_rows(
                format,
                &ctx.fit(&[8]),
                &[
                    "DOMAIN",
                    "ADDRESS",
                    "TLS",
                    "EXPIRES",
                    "DAYS",
                    "FINGERPRINT",
                    "TRUST",
                    "RESULT",
                    "DETAIL",
                ],
                &cells,
            )
        }
    }
}

/// The domains to probe, from --domain/--domains-file; a wildcard cannot be sent as SNI.
fn names(
    domains: &[String],
    file: Option<&std::path::Path>,
    allow_idn: bool,
    wait: std::time::Duration,
) -> Result<Vec<String>> {
    let list = input::collect_domains(
        domains,
        file,
        false,
        crate::domain::Rules {
            allow_mixed_scripts: allow_idn,
        },
        wait,
    )?;
    let names: Vec<String> = list.specs().iter().map(|d| d.name.clone()).collect();
    if let Some(w) = names.iter().find(|n| n.starts_with("*.")) {
        return Err(Error::Usage(format!(
            "{w} is a wildcard: a TLS client asks for one name; probe a name it covers, e.g. {}",
            w.replacen('*', "play", 1)
        )));
    }
    Ok(names)
}

pub(crate) fn run(ctx: &Settings, args: &ProbeArgs) -> Result<Exit> {
    input::check_stdin_once(&[
        ("--domains-file", args.domains_file.as_deref()),
        ("--expect-cert", args.expect_cert.as_deref()),
    ])?;
    let wait = ctx.timeout();
    let names = names(
        &args.domains,
        args.domains_file.as_deref(),
        args.allow_idn,
        wait,
    )?;
    let connect_to = ConnectTo::parse(&args.connect_to).map_err(Error::Usage)?;
    let expected: Vec<Expected> = if let Some(path) = &args.expect_cert {
        let bytes = input::read_input("--expect-cert", path, wait)?;
        let pem = crate::cert::load_cert_as("--expect-cert", &path.display().to_string(), &bytes)
            .map_err(Error::Usage)?;
        let leaf = pem
            .ders()
            .first()
            .map(|d| crate::check::fingerprint(d))
            .ok_or_else(|| Error::Usage("--expect-cert: no certificate in the file".into()))?;
        vec![Expected::Leaf(leaf); names.len()]
    } else if args.expect_bound {
        bound_leaves(ctx, &names)?
    } else {
        vec![Expected::Any; names.len()]
    };
    let roots = ctx.probe_roots()?;
    let prober = Prober::new(
        &roots,
        &connect_to,
        args.port,
        ctx.timeout(),
        args.all_addresses,
    );
    let seen = prober.all(&names, "probing");
    let mut rows = Vec::new();
    for ((name, seen), expected) in names.iter().zip(&seen).zip(&expected) {
        for s in seen {
            rows.push(row(name, s, expected, args.expiring_within));
        }
    }
    let expect_given = args.expect_cert.is_some() || args.expect_bound;
    write(ctx, &rows, expect_given, exit_of(&rows))?;
    summary_and_exit(&names, &rows)
}

/// `cert probe`'s metrics, per domain and address: whether a handshake was made, whether it
/// serves what was expected, trusted and not expiring (the row's `ok`), and of the served
/// leaf: when it expires, whether the roots trust it, whether its names cover the domain,
/// and (with --expect-cert or --expect-bound) whether it is the expected one.
fn probe_metrics(rows: &[ProbeRow], expect_given: bool) -> Vec<Gauge> {
    let now = crate::clock::unix_now();
    let mut domains = Gauge::new("tclive_probe_domains", "Domains probed.");
    let mut names: Vec<&str> = rows.iter().map(|r| r.domain.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    domains.set(&[], names.len() as i64);
    let mut handshake = Gauge::new(
        "tclive_probe_handshake_success",
        "1 when a TLS handshake with the address was made, 0 when none could be.",
    );
    let mut ok = Gauge::new(
        "tclive_probe_ok",
        "1 when the address serves what was expected, trusted and not expiring within --expiring-within; 0 otherwise.",
    );
    let mut expiry = Gauge::new(
        "tclive_probe_cert_expiry_timestamp_seconds",
        "When the leaf certificate the address serves expires, in seconds since the Unix epoch.",
    );
    let mut remaining = Gauge::new(
        "tclive_probe_cert_remaining_seconds",
        "Seconds from the run to the expiry of the leaf certificate the address serves (negative once expired).",
    );
    let mut trusted = Gauge::new(
        "tclive_probe_cert_trusted",
        "1 when the system's roots trust the chain the address serves, 0 when they do not.",
    );
    let mut covers = Gauge::new(
        "tclive_probe_cert_covers_domain",
        "1 when the names of the served leaf cover the domain, 0 when they do not.",
    );
    let mut expected = Gauge::new(
        "tclive_probe_cert_expected",
        "1 when the served leaf is the expected one (--expect-cert or --expect-bound), 0 when it is another or none can be expected.",
    );
    for r in rows {
        let at = [
            ("domain", r.domain.as_str()),
            ("address", r.address.as_deref().unwrap_or("")),
        ];
        let made = r.result != Verdict::NoHandshake;
        handshake.set(&at, i64::from(made));
        ok.set(&at, i64::from(r.result == Verdict::Ok));
        if let Some(s) = &r.served {
            let leaf = [at[0], at[1], ("fingerprint", s.fingerprint.as_str())];
            expiry.set(&leaf, s.not_after_unix);
            remaining.set(&leaf, s.not_after_unix.saturating_sub(now));
            trusted.set(&at, i64::from(s.distrust.is_none()));
            covers.set(&at, i64::from(s.covers));
        }
        if expect_given && made {
            let same = match (&r.served, &r.expected) {
                (Some(s), Some(f)) => s.fingerprint == *f,
                _ => false,
            };
            expected.set(&at, i64::from(same));
        }
    }
    vec![
        domains, handshake, ok, expiry, remaining, trusted, covers, expected,
    ]
}

/// The exit code the rows earn: 6 when some domain could not be reached at all, else 5 when
/// some row has a problem, else 0.
fn exit_of(rows: &[ProbeRow]) -> Exit {
    if rows.iter().any(|r| r.result == Verdict::NoHandshake) {
        Exit::Transport
    } else if rows.iter().any(|r| r.result == Verdict::Problem) {
        Exit::Partial
    } else {
        Exit::Ok
    }
}

/// The leaf each domain has bound, read through the API.
fn bound_leaves(ctx: &Settings, names: &[String]) -> Result<Vec<Expected>> {
    let mut session = ctx.session(&LIVE)?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let states = reads::read_states(
        &mut session,
        &refs,
        true,
        ctx.policy(),
        "reading the bound certificates",
    )?;
    Ok(states
        .into_iter()
        .map(|cur| match cur {
            Some(c) => match c.fingerprint {
                Some(f) => Expected::Leaf(f),
                None if c.unreadable => Expected::Unknown(
                    "the API's copy of the bound certificate cannot be read".into(),
                ),
                None => Expected::Unknown("the API names no bound certificate".into()),
            },
            None => Expected::Unknown("the API says no certificate is bound".into()),
        })
        .collect())
}

/// The summary on stderr, and the exit code: 6 when some domain could not be reached at
/// all (named), else 5 when some row has a problem, else 0.
fn summary_and_exit(names: &[String], rows: &[ProbeRow]) -> Result<Exit> {
    let count = |v: Verdict| rows.iter().filter(|x| x.result == v).count();
    errln!(
        "{} domain{}, {} address{}: {} ok, {} with problems, {} without a handshake",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        rows.len(),
        if rows.len() == 1 { "" } else { "es" },
        count(Verdict::Ok),
        count(Verdict::Problem),
        count(Verdict::NoHandshake)
    );
    let unreachable: Vec<String> = rows
        .iter()
        .filter(|r| r.result == Verdict::NoHandshake)
        .map(|r| {
            format!(
                "{}{} ({})",
                r.domain,
                r.address
                    .as_deref()
                    .map(|a| format!(" at {a}"))
                    .unwrap_or_default(),
                r.error.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !unreachable.is_empty() {
        errln!(
            "no handshake: {}",
            printable(&crate::text::excerpt(&unreachable.join(", "), 2000))
        );
    }
    Ok(exit_of(rows))
}
