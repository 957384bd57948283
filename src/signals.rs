//! SIGINT and SIGTERM at any moment of the process's life: `interrupted` on stderr, then death
//! by the signal received (the default action restored and the signal raised again), so that
//! a shell, `xargs` or a supervisor tells them apart: 130 for SIGINT, 143 for SIGTERM.
//!
//! One thread waits for the signals from the start of `main` to the end, so that neither the
//! async runtime (whose handler outlives a call) nor a write blocked on a full pipe can swallow
//! them. What was in flight decides the words: a key-pair request may have stored a
//! certificate, a change request may have been applied.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

/// What request is on the wire now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum InFlight {
    /// Nothing that changes anything (reads, or no request at all).
    Nothing = 0,
    /// A change request without a key pair (bind by id, HTTPS switch).
    Change = 1,
    /// A change request that uploads a key pair.
    Upload = 2,
    /// A key pair stored in the SSL service with duplicates refused: sending it again stores
    /// no second copy, so it is retried like a read, but it may have stored one.
    Store = 3,
}

static IN_FLIGHT: AtomicU8 = AtomicU8::new(InFlight::Nothing as u8);

/// Marks what is on the wire until the guard is dropped.
pub struct Guard;

pub fn in_flight(what: InFlight) -> Guard {
    IN_FLIGHT.store(what as u8, Ordering::SeqCst);
    Guard
}

impl Drop for Guard {
    fn drop(&mut self) {
        IN_FLIGHT.store(InFlight::Nothing as u8, Ordering::SeqCst);
    }
}

/// The line printed when a signal ends the process.
pub fn message(what: InFlight) -> &'static str {
    match what {
        InFlight::Nothing => "interrupted",
        InFlight::Change => {
            "interrupted while the change request was in flight: it may have been applied; \
             run the same command again to finish it (binds are idempotent), or see \
             `tclive cert list`"
        }
        InFlight::Store => {
            "interrupted while the certificate was being stored in the SSL certificate \
             service: nothing was bound; running the same command again stores no second copy"
        }
        InFlight::Upload => {
            "interrupted while the key-pair request was in flight: the certificate may have \
             been uploaded and bound; see `tclive cert list` before running again (each call \
             with --cert/--key uploads another copy)"
        }
    }
}

/// Installs the handler thread. Without it (no thread or no handler could be had) the default
/// disposition still ends the process.
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            let what = match IN_FLIGHT.load(Ordering::SeqCst) {
                1 => InFlight::Change,
                2 => InFlight::Upload,
                3 => InFlight::Store,
                _ => InFlight::Nothing,
            };
            // stderr may be a pipe nobody reads: write from another thread and give it a
            // moment, then die whether or not the line got out.
            let (tx, rx) = std::sync::mpsc::channel();
            let _ = std::thread::Builder::new().spawn(move || {
                crate::output::stderr(&format!("{}\n", message(what)));
                let _ = tx.send(());
            });
            let _ = rx.recv_timeout(Duration::from_millis(500));
            die_by(signal);
        });
}

/// Ends the process by `signal`, as if it had never been caught: signal-hook restores the
/// default action and raises the signal again. Should the process outlive that, it exits with
/// the status a shell would have shown.
fn die_by(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    let code = if signal == signal_hook::consts::SIGTERM {
        crate::exit::Exit::Terminated
    } else {
        crate::exit::Exit::Interrupted
    };
    std::process::exit(code as i32)
}
