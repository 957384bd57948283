//! The only place that writes to stdout and stderr: results in the format asked for
//! ([`Format`]; tables and tsv in `table.rs`, JSON in `json.rs`, metrics in `prometheus.rs`),
//! progress, warnings and errors.
//!
//! stdout carries results; a closed pipe (`tclive … | head -1`) is not a failure of ours.
//! stderr carries progress, warnings and errors; a write to it that fails (a closed pipe,
//! `2>/dev/full`) is dropped: the exit code stays the one the work earned, never an abort.
//! Whatever is written, on either, is scrubbed of every secret tclive holds
//! ([`crate::redact`]) at the moment it is written.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use crate::error::{Error, Result};

mod json;
pub(crate) mod prometheus;
pub mod table;

pub use json::{Raw, json_text};
pub use table::Fit;

/// How results are written on stdout (`-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Tsv,
    /// The Prometheus text exposition format (`cert list`, `cert probe`, `domain list`).
    Prometheus,
}

/// Writes results to stdout.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    let bytes = crate::redact::scrub_bytes(bytes);
    let mut out = std::io::stdout().lock();
    match out.write_all(&bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Other(format!("cannot write to stdout: {e}"))),
    }
}

/// Writes `text` to stderr as it is; a failed write is ignored.
pub fn stderr(text: &str) {
    stderr_own(&crate::redact::scrub_plain(text));
}

/// [`stderr`] without the scrub: only for tclive's own words and counts (progress lines),
/// which hold no secret, so that a progress line per page does not rebuild the scrubber's
/// automaton for every signature a listing adds.
fn stderr_own(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|_| err.flush());
}

/// `errln!("…", args)`: one line on stderr that can never abort the process.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use errln;

/// `errp!("…", args)`: text on stderr without a line break (progress lines).
macro_rules! errp {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!($($arg)*))
    };
}
pub(crate) use errp;

/// Progress on stderr for work of many requests, only on a terminal and only after a second.
pub(crate) struct Progress {
    started: Instant,
    tty: bool,
    shown: bool,
}

impl Progress {
    pub(crate) fn new() -> Self {
        Progress {
            started: Instant::now(),
            tty: std::io::stderr().is_terminal(),
            shown: false,
        }
    }
    pub(crate) fn update(&mut self, what: &str, got: usize, total: Option<u64>) {
        if self.tty && self.started.elapsed().as_secs() >= 1 {
            // `what` is tclive's own word for the work; the total a number.
            stderr_own(&match total {
                Some(t) => format!("\r{what}: {got} of {t}…"),
                None => format!("\r{what}: {got}…"),
            });
            self.shown = true;
        }
    }
    pub(crate) fn done(&self) {
        if self.shown {
            stderr_own("\r\x1b[K");
        }
    }
}

/// Rows on stdout as a table or as tsv (no header), per `-o`.
pub(crate) fn write_rows<S: AsRef<str>>(
    format: Format,
    fit: &Fit<'_>,
    header: &[&str],
    rows: &[Vec<S>],
) -> Result<()> {
    let text = if format == Format::Tsv {
        table::tsv(rows)
    } else {
        table::simple_table(header, rows, fit)
    };
    stdout(text.as_bytes())
}

/// `text` in `color` when `enabled`: the one place colour codes are made.
pub fn paint(enabled: bool, color: anstyle::AnsiColor, text: &str) -> String {
    if enabled {
        let style = anstyle::Style::new().fg_color(Some(color.into()));
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// Prints a warning on stderr, its label yellow when stderr takes colour.
pub fn warn(color: bool, msg: &str) {
    let label = paint(color, anstyle::AnsiColor::Yellow, "warning:");
    errln!("{label} {}", crate::text::printable_multiline(msg));
}

/// Prints an error (and its hint) on stderr, the label red when stderr takes colour.
pub fn error(color: bool, msg: &str, hint: Option<&str>) {
    let label = paint(color, anstyle::AnsiColor::Red, "error:");
    errln!("{label} {}", crate::text::printable_multiline(msg));
    if let Some(hint) = hint {
        errln!("hint: {hint}");
    }
}
