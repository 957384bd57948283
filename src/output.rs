//! The only place that writes to stdout and stderr.
//!
//! stdout carries results; a closed pipe (`tclive … | head -1`) is not a failure of ours.
//! stderr carries progress, warnings and errors; a write to it that fails (a closed pipe,
//! `2>/dev/full`) is dropped: the exit code stays the one the work earned, never an abort.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use crate::error::{Error, Result};

/// Writes results to stdout.
pub fn stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Other(format!("cannot write to stdout: {e}"))),
    }
}

/// Writes `text` to stderr as it is; a failed write is ignored.
pub fn stderr(text: &str) {
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
            match total {
                Some(t) => errp!("\r{what}: {got} of {t}…"),
                None => errp!("\r{what}: {got}…"),
            }
            self.shown = true;
        }
    }
    pub(crate) fn done(&self) {
        if self.shown {
            errp!("\r\x1b[K");
        }
    }
}

/// Rows on stdout as a table or as tsv (no header), per `-o`.
pub(crate) fn write_rows(
    format: crate::cli::Output,
    fit: &crate::report::Fit<'_>,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<()> {
    let text = if format == crate::cli::Output::Tsv {
        crate::report::tsv(rows)
    } else {
        crate::report::simple_table(header, rows, fit)
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

/// Pretty JSON and a final newline: the `-o json` output of every command. Every control,
/// format and separator character in a string is written as `\uXXXX`: the same JSON value,
/// but nothing in it can act on a terminal that shows it.
pub fn json_text(v: &impl serde::Serialize) -> String {
    let mut buf = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut buf, SafeFormatter(PrettyFormatter::new()));
    if v.serialize(&mut ser).is_err() {
        return "null\n".into();
    }
    buf.push(b'\n');
    // The serializer writes UTF-8 only.
    String::from_utf8(buf).unwrap_or_default()
}

/// A JSON text received from the API, re-serialised piece by piece (never built into a tree in
/// memory) through the caller's serializer: so it gets the same escaping and indentation as
/// everything else tclive prints.
pub struct Raw<'a>(pub &'a serde_json::value::RawValue);

impl serde::Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut de = serde_json::Deserializer::from_str(self.0.get());
        serde_transcode::Transcoder::new(&mut de).serialize(s)
    }
}

use serde_json::ser::{Formatter, PrettyFormatter};

/// serde_json's pretty output, with every character that [`crate::text::is_hidden`] names
/// escaped as `\uXXXX` (serde_json itself escapes only U+0000 to U+001F).
struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for SafeFormatter<'_> {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::is_hidden(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", u)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_every_hidden_character_and_keeps_the_value() {
        let raw = "a\u{7f}b\u{85}c\u{202e}d\u{200b}e\u{2028}f\u{e0041}g\u{1b}h\"q";
        let text = json_text(&serde_json::json!({ "k\u{9b}": raw }));
        assert!(
            !text.chars().any(|c| c != '\n' && crate::text::is_hidden(c)),
            "{text}"
        );
        assert!(
            text.contains("\\u007f") && text.contains("\\u202e") && text.contains("\\udb40\\udc41")
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["k\u{9b}"], raw);
    }

    #[test]
    fn raw_answers_are_transcoded_in_order_and_escaped() {
        let raw: Box<serde_json::value::RawValue> =
            serde_json::from_str(r#"{"Z":1,"A":["x\u202ey",{"B":null}],"C":1.5e3}"#).unwrap();
        let text = json_text(&Raw(&raw));
        assert!(text.find("\"Z\"").unwrap() < text.find("\"A\"").unwrap());
        assert!(text.contains("x\\u202ey"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["A"][1]["B"], serde_json::Value::Null);
    }
}
