//! `-o prometheus`: the text exposition format (version 0.0.4) that Prometheus scrapes and
//! node_exporter's textfile collector reads. Every metric is a gauge with a HELP and a TYPE
//! line, its samples together under them; label values are escaped as the format says
//! (backslash, double quote, line feed) after the text is made printable like every other
//! output (other control characters escaped visibly as `\u{1b}`, at most 300 characters), so
//! a server's names and aliases can neither break a line of the file nor carry terminal
//! escapes. A label set seen twice in one metric (a listing that repeats a domain) is written
//! once: node_exporter refuses a whole file with a duplicate series.

use std::collections::HashSet;
use std::fmt::Write;

/// The most characters of a label value, as of a table cell.
const LABEL_CHARS: usize = 300;

/// One metric: its samples, each a label set and a value.
pub(crate) struct Gauge {
    name: &'static str,
    help: &'static str,
    samples: Vec<(String, i64)>,
    seen: HashSet<String>,
    /// Samples left out as repeats of a label set already written.
    pub(crate) repeats: usize,
}

impl Gauge {
    pub(crate) fn new(name: &'static str, help: &'static str) -> Self {
        Gauge {
            name,
            help,
            samples: Vec::new(),
            seen: HashSet::new(),
            repeats: 0,
        }
    }

    /// Adds a sample; an empty label value is left out (to Prometheus the same as absent).
    pub(crate) fn set(&mut self, labels: &[(&str, &str)], value: i64) {
        let mut text = String::new();
        for (name, value) in labels.iter().filter(|(_, v)| !v.is_empty()) {
            if !text.is_empty() {
                text.push(',');
            }
            let _ = write!(text, "{name}=\"{}\"", label_value(value));
        }
        if self.seen.insert(text.clone()) {
            self.samples.push((text, value));
        } else {
            self.repeats += 1;
        }
    }

    /// The metric in the format; nothing when it has no sample.
    pub(crate) fn render(&self, out: &mut String) {
        if self.samples.is_empty() {
            return;
        }
        let _ = writeln!(out, "# HELP {} {}", self.name, help_text(self.help));
        let _ = writeln!(out, "# TYPE {} gauge", self.name);
        for (labels, value) in &self.samples {
            if labels.is_empty() {
                let _ = writeln!(out, "{} {value}", self.name);
            } else {
                let _ = writeln!(out, "{}{{{labels}}} {value}", self.name);
            }
        }
    }
}

/// The metrics in order, as one text.
pub(crate) fn render(gauges: &[Gauge]) -> String {
    let mut out = String::new();
    for g in gauges {
        g.render(&mut out);
    }
    out
}

/// A label value as the format writes it: `\` as `\\`, `"` as `\"`, a line feed as `\n`.
fn label_value(raw: &str) -> String {
    let shown = crate::text::printable_multiline(raw);
    let mut out = String::with_capacity(shown.len());
    let mut chars = shown.chars();
    for c in chars.by_ref().take(LABEL_CHARS) {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// A HELP text as the format writes it: `\` as `\\`, a line feed as `\n`.
fn help_text(raw: &str) -> String {
    raw.replace('\\', "\\\\").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped_as_the_format_says() {
        assert_eq!(label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        assert_eq!(label_value("x\x1b[31m"), "x\\\\u{1b}[31m");
        assert_eq!(
            label_value(&"y".repeat(400)).chars().count(),
            LABEL_CHARS + 1
        );
    }

    #[test]
    fn a_repeated_label_set_is_written_once() {
        let mut g = Gauge::new("tclive_x", "X.");
        g.set(&[("domain", "a")], 1);
        g.set(&[("domain", "a")], 2);
        g.set(&[("domain", "b"), ("alias", "")], 3);
        assert_eq!(g.repeats, 1);
        assert_eq!(
            render(&[g]),
            "# HELP tclive_x X.\n# TYPE tclive_x gauge\ntclive_x{domain=\"a\"} 1\ntclive_x{domain=\"b\"} 3\n"
        );
    }
}
