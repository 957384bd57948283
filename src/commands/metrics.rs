//! What `-o prometheus` says of each command: what the command found, then the run itself
//! (always, also when the run fails: then alone). Every metric is a gauge; times are seconds since
//! the Unix epoch (`_timestamp_seconds`), durations seconds (`_seconds`); labels name the
//! domain, the address probed and the certificate (CloudCertId, alias or fingerprint).

use crate::cli::{CertCommand, Command, DomainCommand};
use crate::exit::Exit;
use crate::output::prometheus::{Gauge, render};

/// The `command` label of the run's metrics, for the commands that have metrics.
pub(super) fn command_name(command: &Command) -> Option<&'static str> {
    match command {
        Command::Cert(CertCommand::List(_)) => Some("cert list"),
        Command::Cert(CertCommand::Probe(_)) => Some("cert probe"),
        Command::Domain(DomainCommand::List(_)) => Some("domain list"),
        _ => None,
    }
}

/// `found`, then the run's metrics: the whole of what `-o prometheus` prints. `success`: the
/// command did its work and `found` is complete and current.
pub(super) fn run_metrics(command: &str, exit: Exit, success: bool, found: &[Gauge]) -> String {
    let now = crate::clock::unix_now();
    let labels = [("command", command)];
    let mut ok = Gauge::new(
        "tclive_run_success",
        "1 when the run did its work and its other metrics are current, 0 when it failed \
         (then only the tclive_run_ metrics are printed).",
    );
    ok.set(&labels, i64::from(success));
    let mut code = Gauge::new(
        "tclive_run_exit_code",
        "The exit code of the run (tclive --help lists them).",
    );
    code.set(&labels, exit as i64);
    let mut ended = Gauge::new(
        "tclive_run_timestamp_seconds",
        "When the run ended, in seconds since the Unix epoch.",
    );
    ended.set(&labels, now);
    let mut last = Gauge::new(
        "tclive_last_success_timestamp_seconds",
        "When the last successful run ended, in seconds since the Unix epoch (printed by \
         successful runs only).",
    );
    if success {
        last.set(&labels, now);
    }
    // Last: output cut short (a full disk, a signal in the middle of the write) has no
    // tclive_run_success 1, so a reader never takes a truncated file for a good run.
    let mut out = render(found);
    out.push_str(&render(&[ok, code, ended, last]));
    out
}

/// How many samples of `found` were left out as repeats (a listing that names a domain
/// twice): said on stderr, as the file cannot hold both.
pub(super) fn repeats(found: &[Gauge]) -> usize {
    found.iter().map(|g| g.repeats).max().unwrap_or(0)
}
