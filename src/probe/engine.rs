//! The probing engine of `cert probe` and `cert bind --wait-served`: each domain's addresses
//! resolved within its deadline (the system's resolver has none of its own), its handshakes
//! raced as RFC 8305 does, at most [`CONCURRENCY`] at a time on worker threads, progress on a
//! terminal, and each address's chain judged as it comes.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::output::Progress;
use crate::probe::handshake::{self, Failed, Handshake};
use crate::probe::targets::{ConnectTo, addresses};
use crate::probe::{Roots, Served, judge};
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
pub(crate) struct Prober<'a> {
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
    /// `timeout`: each domain's, its name resolution included (--timeout).
    pub(crate) fn new(
        roots: &'a Roots,
        connect_to: &'a ConnectTo,
        port: u16,
        timeout: Duration,
        all_addresses: bool,
    ) -> Prober<'a> {
        Prober {
            config: handshake::config(),
            roots,
            connect_to,
            port,
            timeout,
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
