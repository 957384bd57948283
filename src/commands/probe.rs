//! `cert probe`: the certificate each domain's servers hand out, judged; and the probing
//! `cert bind --wait-served` repeats until the new leaf is served everywhere.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::api::live::LIVE;
use crate::api::reads;
use crate::cli::{Output, ProbeArgs};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::input;
use crate::output::{Progress, errln, json_text, stdout as write_stdout};
use crate::probe::handshake::{self, Failed, Handshake};
use crate::probe::targets::{ConnectTo, addresses};
use crate::probe::{Roots, Served, judge};
use crate::settings::Settings;
use crate::text::printable;

/// Handshakes in flight at once.
pub(crate) const CONCURRENCY: usize = 16;

/// Without --all-addresses: the most addresses of a name tried (in the resolver's order), all
/// within the one --timeout the domain has.
pub(crate) const MAX_TRIED: usize = 8;

/// With --all-addresses: the most addresses of a name probed, one row each; the rest are
/// named in one row as not probed.
pub(crate) const MAX_PROBED: usize = 32;

/// Without an answer from an address, the next one is tried after this, the earlier attempts
/// still running (RFC 8305's connection attempt delay): a silent address costs a name this
/// much, not its whole --timeout.
const NEXT_ATTEMPT: Duration = Duration::from_millis(250);

/// How to probe: shared by `cert probe` and `cert bind --wait-served`.
struct Prober<'a> {
    config: Arc<rustls::ClientConfig>,
    roots: &'a Roots,
    connect_to: &'a ConnectTo,
    port: u16,
    timeout: Duration,
    all_addresses: bool,
}

/// One handshake's outcome at one address.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub address: Option<SocketAddr>,
    /// The TLS version and the judged chain (its bytes are not kept: a long list holds one
    /// small verdict per address, not the certificates), or why there was no handshake.
    pub outcome: std::result::Result<(String, Option<Served>), String>,
}

/// The system's trust roots, their loading problems warned of.
fn system_roots(ctx: &Settings) -> Result<Roots> {
    let (roots, warnings) = Roots::system(ctx.cli.global.timeout)?;
    for w in warnings {
        ctx.warn(&w);
    }
    Ok(roots)
}

/// A unit of the workers' queue: a domain to resolve (and, without --all-addresses, to
/// probe), or one address of it (--all-addresses).
enum Job {
    Domain(usize),
    Address {
        domain: usize,
        slot: usize,
        addr: SocketAddr,
    },
}

/// The queue and how many jobs are being worked on: the workers end when both are empty.
struct Work {
    queue: VecDeque<Job>,
    busy: usize,
}

/// Counts a job as done when dropped, also when the worker doing it panicked: the other
/// workers must not wait for it for ever.
struct Busy<'a>(&'a Mutex<Work>, &'a Condvar);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        let mut w = self.0.lock().unwrap_or_else(|e| e.into_inner());
        w.busy -= 1;
        self.1.notify_all();
    }
}

/// `n more addresses` / `1 more address`.
fn more_addresses(n: usize) -> String {
    format!("{n} more address{}", if n == 1 { "" } else { "es" })
}

impl<'a> Prober<'a> {
    fn new(
        ctx: &Settings,
        roots: &'a Roots,
        connect_to: &'a ConnectTo,
        port: u16,
        all_addresses: bool,
    ) -> Prober<'a> {
        Prober {
            config: handshake::config(),
            roots,
            connect_to,
            port,
            timeout: ctx.cli.global.timeout,
            all_addresses,
        }
    }

    /// The domain's addresses, by `deadline`: the system's resolver has no timeout of its
    /// own, so it runs on a thread of its own that is left behind if it does not answer.
    fn resolve(
        &self,
        domain: &str,
        deadline: Instant,
    ) -> std::result::Result<Vec<SocketAddr>, String> {
        let (tx, rx) = std::sync::mpsc::channel();
        let (name, port) = (domain.to_string(), self.port);
        let hosts = self.connect_to.hosts(domain).map(<[_]>::to_vec);
        std::thread::spawn(move || {
            let _ = tx.send(addresses(&name, port, hosts.as_deref()));
        });
        rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| {
                Err(format!(
                    "cannot resolve {domain} within the timeout ({})",
                    crate::text::duration(self.timeout)
                ))
            })
    }

    /// What a handshake at `addr` gave, judged for `domain`.
    fn seen(&self, domain: &str, addr: SocketAddr, h: Result<Handshake, Failed>) -> Seen {
        Seen {
            address: Some(addr),
            outcome: h
                .map(|h| {
                    let served = judge(domain, &h.chain, self.roots, crate::clock::unix_now());
                    (h.version, served)
                })
                .map_err(|f| f.describe()),
        }
    }

    /// Without --all-addresses: the first of the domain's addresses to shake hands, all within
    /// one deadline — resolving included. At most [`MAX_TRIED`] addresses are tried, in the
    /// resolver's order, the next one as soon as the previous failed or after
    /// [`NEXT_ATTEMPT`] without an answer; attempts left running when one succeeds end by the
    /// deadline on their own threads.
    fn first_answer(&self, domain: &str) -> Seen {
        let deadline = Instant::now() + self.timeout;
        let addrs = match self.resolve(domain, deadline) {
            Ok(a) => a,
            Err(e) => {
                return Seen {
                    address: None,
                    outcome: Err(printable(&e)),
                };
            }
        };
        let candidates = &addrs[..addrs.len().min(MAX_TRIED)];
        let (tx, rx) = std::sync::mpsc::channel();
        // Why each attempt started failed; None: no answer by the deadline.
        let mut failed: Vec<Option<Failed>> = Vec::new();
        let mut running = 0;
        let mut next_at = Instant::now();
        loop {
            let now = Instant::now();
            if failed.len() < candidates.len() && now < deadline && (running == 0 || now >= next_at)
            {
                let (i, addr) = (failed.len(), candidates[failed.len()]);
                let (config, sni, tx) = (self.config.clone(), domain.to_string(), tx.clone());
                let spawned = std::thread::Builder::new().spawn(move || {
                    let _ = tx.send((i, handshake::handshake(&config, addr, &sni, deadline)));
                });
                failed.push(None);
                match spawned {
                    Ok(_) => running += 1,
                    Err(e) => {
                        failed[i] = Some(Failed::Other(format!("no thread to probe it: {e}")))
                    }
                }
                next_at = now + NEXT_ATTEMPT;
                continue;
            }
            if running == 0 {
                break;
            }
            let until = if failed.len() < candidates.len() {
                next_at.min(deadline)
            } else {
                deadline
            };
            match rx.recv_timeout(until.saturating_duration_since(now)) {
                Ok((i, Ok(h))) => return self.seen(domain, candidates[i], Ok(h)),
                Ok((i, Err(f))) => {
                    failed[i] = Some(f);
                    running -= 1;
                }
                Err(_) if Instant::now() >= deadline => break,
                Err(_) => {}
            }
        }
        let why = |f: &Option<Failed>| f.as_ref().unwrap_or(&Failed::Timeout).describe();
        let mut text = failed.first().map(why).unwrap_or_else(|| {
            format!(
                "no address tried within the timeout ({})",
                crate::text::duration(self.timeout)
            )
        });
        if failed.len() > 1 {
            let others: Vec<String> = candidates[1..failed.len()]
                .iter()
                .zip(&failed[1..])
                .map(|(a, f)| format!("{a} ({})", why(f)))
                .collect();
            text.push_str(&format!("; also tried {}", others.join(", ")));
        }
        let untried = addrs.len() - failed.len();
        if untried > 0 && addrs.len() > 1 {
            text.push_str(&format!(
                "; {} not tried (at most {MAX_TRIED} a name, within one --timeout)",
                more_addresses(untried)
            ));
        }
        Seen {
            address: addrs.first().copied(),
            outcome: Err(printable(&text)),
        }
    }

    /// With --all-addresses: the domain's addresses, resolved within --timeout, as jobs for
    /// the workers (at most [`MAX_PROBED`], each its own handshake within --timeout), and the
    /// row slots they fill; the addresses past the cap are named in a row of their own.
    fn address_jobs(&self, i: usize, domain: &str) -> (Vec<Option<Seen>>, Vec<Job>) {
        let addrs = match self.resolve(domain, Instant::now() + self.timeout) {
            Ok(a) => a,
            Err(e) => {
                let seen = Seen {
                    address: None,
                    outcome: Err(printable(&e)),
                };
                return (vec![Some(seen)], Vec::new());
            }
        };
        let probed = &addrs[..addrs.len().min(MAX_PROBED)];
        let mut slots: Vec<Option<Seen>> = vec![None; probed.len()];
        let rest = &addrs[probed.len()..];
        if !rest.is_empty() {
            let shown: Vec<String> = rest.iter().take(5).map(|a| a.to_string()).collect();
            slots.push(Some(Seen {
                address: None,
                outcome: Err(format!(
                    "not probed: {} (at most {MAX_PROBED} a name are probed): {}{}",
                    more_addresses(rest.len()),
                    shown.join(", "),
                    if rest.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                )),
            }));
        }
        let jobs = probed
            .iter()
            .enumerate()
            .map(|(slot, &addr)| Job::Address {
                domain: i,
                slot,
                addr,
            })
            .collect();
        (slots, jobs)
    }

    /// Every domain (and, with --all-addresses, every address of each), at most
    /// [`CONCURRENCY`] handshakes at a time; results in the domains' order, each domain's in
    /// the resolver's. Progress on a terminal as `what: n of m…` (domains done).
    pub(crate) fn all(&self, domains: &[String], what: &str) -> Vec<Vec<Seen>> {
        // Per domain: its rows as they are filled (empty until it is resolved).
        let results: Mutex<Vec<Vec<Option<Seen>>>> = Mutex::new(vec![Vec::new(); domains.len()]);
        let work = Mutex::new(Work {
            queue: (0..domains.len()).map(Job::Domain).collect(),
            busy: 0,
        });
        let wake = Condvar::new();
        let done = AtomicUsize::new(0);
        let lock_results = || results.lock().unwrap_or_else(|e| e.into_inner());
        let next_job = || {
            let mut w = work.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if let Some(job) = w.queue.pop_front() {
                    w.busy += 1;
                    return Some(job);
                }
                if w.busy == 0 {
                    return None;
                }
                w = wake.wait(w).unwrap_or_else(|e| e.into_inner());
            }
        };
        let worker = || {
            while let Some(job) = next_job() {
                let _busy = Busy(&work, &wake);
                match job {
                    Job::Domain(i) if !self.all_addresses => {
                        let seen = self.first_answer(&domains[i]);
                        lock_results()[i] = vec![Some(seen)];
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    Job::Domain(i) => {
                        let (slots, jobs) = self.address_jobs(i, &domains[i]);
                        if jobs.is_empty() {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        lock_results()[i] = slots;
                        // First in the queue, in order: a name's addresses before the next name.
                        let mut w = work.lock().unwrap_or_else(|e| e.into_inner());
                        for job in jobs.into_iter().rev() {
                            w.queue.push_front(job);
                        }
                        wake.notify_all();
                    }
                    Job::Address { domain, slot, addr } => {
                        let h = handshake::handshake(
                            &self.config,
                            addr,
                            &domains[domain],
                            Instant::now() + self.timeout,
                        );
                        let seen = self.seen(&domains[domain], addr, h);
                        let mut r = lock_results();
                        r[domain][slot] = Some(seen);
                        if r[domain].iter().all(Option::is_some) {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
        };
        // With --all-addresses, one name may keep every worker busy.
        let jobs = domains.len() * if self.all_addresses { MAX_PROBED } else { 1 };
        let workers = CONCURRENCY.min(jobs).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
            let mut progress = Progress::new();
            // Until every worker has ended (not until every domain is done: a worker that
            // died must not leave this loop waiting for ever).
            while !handles.iter().all(|h| h.is_finished()) {
                std::thread::sleep(Duration::from_millis(100));
                progress.update(
                    what,
                    done.load(Ordering::Relaxed),
                    Some(domains.len() as u64),
                );
            }
            progress.done();
        });
        results
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|slots| slots.into_iter().flatten().collect())
            .collect()
    }
}

/// What one row says, judged against what was expected.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Row {
    pub domain: String,
    pub address: Option<String>,
    pub tls: Option<String>,
    pub result: &'static str,
    pub problems: Vec<String>,
    pub error: Option<String>,
    pub served: Option<Served>,
    pub expected: Option<String>,
}

/// The leaf expected for a domain: a fingerprint, or why none can be had.
#[derive(Debug, Clone)]
pub(crate) enum Expected {
    Any,
    Leaf(String),
    Unknown(String),
}

pub(crate) const OK: &str = "ok";
pub(crate) const PROBLEM: &str = "problem";
pub(crate) const NO_HANDSHAKE: &str = "no handshake";

pub(crate) fn row(domain: &str, seen: &Seen, expected: &Expected, window: Option<Duration>) -> Row {
    let address = seen.address.map(|a| a.to_string());
    let (h, served) = match &seen.outcome {
        Err(e) => {
            return Row {
                domain: domain.to_string(),
                address,
                tls: None,
                result: NO_HANDSHAKE,
                problems: Vec::new(),
                error: Some(e.clone()),
                served: None,
                expected: None,
            };
        }
        Ok(x) => x,
    };
    let mut problems = Vec::new();
    let expected_fp = match expected {
        Expected::Leaf(f) => Some(f.clone()),
        _ => None,
    };
    match served {
        None => problems.push("the served certificate cannot be parsed".to_string()),
        Some(s) => {
            if let Some(d) = s.distrust {
                problems.push(format!("not trusted: {}", d.as_str()));
            }
            if !s.covers {
                problems.push(format!(
                    "its names ({}) do not cover {domain}",
                    crate::text::excerpt(&s.names.join(", "), 80)
                ));
            }
            match expected {
                Expected::Leaf(f) if *f != s.fingerprint => problems.push(format!(
                    "serves {}, expected {}",
                    crate::check::short_fingerprint(&s.fingerprint),
                    crate::check::short_fingerprint(f)
                )),
                Expected::Unknown(why) => problems.push(why.clone()),
                _ => {}
            }
            if let Some(w) = window
                && s.not_after_unix <= crate::clock::unix_now().saturating_add(w.as_secs() as i64)
                && s.distrust != Some(crate::probe::Distrust::Expired)
            {
                problems.push(format!("expires in {} days", s.days_left.max(0)));
            }
        }
    }
    Row {
        domain: domain.to_string(),
        address,
        tls: Some(h.clone()),
        result: if problems.is_empty() { OK } else { PROBLEM },
        problems: problems.iter().map(|p| printable(p)).collect(),
        error: None,
        served: served.clone(),
        expected: expected_fp,
    }
}

pub(crate) fn write(ctx: &Settings, rows: &[Row]) -> Result<()> {
    match ctx.cli.global.output {
        Output::Json => write_stdout(json_text(&rows)?.as_bytes()),
        format => {
            let short = format == Output::Table;
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
                        r.result.to_string(),
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
pub(crate) fn names(
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
    let wait = ctx.cli.global.timeout;
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
    let roots = system_roots(ctx)?;
    let prober = Prober::new(ctx, &roots, &connect_to, args.port, args.all_addresses);
    let seen = prober.all(&names, "probing");
    let mut rows = Vec::new();
    for ((name, seen), expected) in names.iter().zip(&seen).zip(&expected) {
        for s in seen {
            rows.push(row(name, s, expected, args.expiring_within));
        }
    }
    write(ctx, &rows)?;
    summary_and_exit(&names, &rows)
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
pub(crate) fn summary_and_exit(names: &[String], rows: &[Row]) -> Result<Exit> {
    let count = |r: &str| rows.iter().filter(|x| x.result == r).count();
    errln!(
        "{} domain{}, {} address{}: {} ok, {} with problems, {} without a handshake",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        rows.len(),
        if rows.len() == 1 { "" } else { "es" },
        count(OK),
        count(PROBLEM),
        count(NO_HANDSHAKE)
    );
    let unreachable: Vec<String> = rows
        .iter()
        .filter(|r| r.result == NO_HANDSHAKE)
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
        return Ok(Exit::Transport);
    }
    Ok(if count(PROBLEM) > 0 {
        Exit::Partial
    } else {
        Exit::Ok
    })
}

/// `--wait-served DURATION` with its `--connect-to` and `--all-addresses`, checked once.
pub(crate) struct Wait {
    until: Duration,
    connect_to: ConnectTo,
    all_addresses: bool,
}

impl Wait {
    pub(crate) fn from_args(args: &crate::cli::BindArgs) -> Result<Option<Wait>> {
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

/// What an address serves instead of the expected leaf; None when it serves that leaf.
fn stale(seen: &Seen, expected: &Expected) -> Option<String> {
    let at = seen.address.map(|a| format!(" at {a}")).unwrap_or_default();
    match (&seen.outcome, expected) {
        (_, Expected::Unknown(why)) => Some(why.clone()),
        (Ok((_, Some(served))), Expected::Leaf(f)) if served.fingerprint == *f => None,
        (Ok((_, Some(served))), Expected::Leaf(f)) => Some(format!(
            "serves {}{at} (expires {}), not {}",
            crate::check::short_fingerprint(&served.fingerprint),
            served.not_after,
            crate::check::short_fingerprint(f)
        )),
        (Ok((_, None)), _) => Some(format!("serves a certificate that cannot be parsed{at}")),
        (Err(e), _) => Some(format!("no handshake{at}: {e}")),
        (Ok(_), Expected::Any) => None,
    }
}

/// `cert bind --wait-served`: probes the domains bound with HTTPS on until each serves the
/// new leaf or `wait` has passed, in rounds with growing pauses (2 s, 4 s … at most 30 s);
/// the domains still serving something else are marked `not served` in the report, with what
/// they serve.
pub(crate) fn wait_served(
    ctx: &Settings,
    session: &mut crate::cloud::session::Session,
    plans: &[crate::plan::DomainPlan],
    wanted: &crate::plan::Wanted,
    wait: &Wait,
    report: &mut crate::report::Report,
) -> Result<()> {
    use crate::domain::{self, Https};
    use crate::report::Outcome;
    use std::collections::HashMap;
    let deadline = std::time::Instant::now() + wait.until;
    // The domains that now have the certificate and serve HTTPS.
    let outcomes: HashMap<String, Outcome> = report
        .rows
        .iter()
        .map(|r| (domain::key(&r.domain), r.outcome))
        .collect();
    let names: Vec<String> = plans
        .iter()
        .filter(|p| p.spec.https != Https::Off)
        .filter(|p| {
            matches!(
                outcomes.get(&domain::key(&p.spec.name)),
                Some(Outcome::Ok | Outcome::Unchanged)
            )
        })
        .map(|p| p.spec.name.clone())
        .collect();
    if names.is_empty() {
        errln!("--wait-served: no domain was bound with HTTPS on; nothing to wait for");
        return Ok(());
    }
    let expected: Vec<Expected> = match wanted {
        crate::plan::Wanted::Fingerprint(f, ..) => vec![Expected::Leaf(f.clone()); names.len()],
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
                    report.mark_unverified(&super::bind::unreadable_back(
                        ctx,
                        "--wait-served",
                        &refs,
                        &e,
                    ));
                    return Ok(());
                }
            }
        }
    };
    let roots = system_roots(ctx)?;
    let prober = Prober::new(ctx, &roots, &wait.connect_to, 443, wait.all_addresses);
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
    if ctx.cli.global.output == Output::Json {
        let mut stale: Vec<(&usize, &String)> = last.iter().collect();
        stale.sort();
        for (i, what) in stale {
            errln!("not served: {}: {}", names[*i], printable(what));
        }
    }
    let problems: HashMap<String, String> = last
        .into_iter()
        .map(|(i, what)| (domain::key(&names[i]), what))
        .collect();
    report.mark_not_served(&problems);
    Ok(())
}
