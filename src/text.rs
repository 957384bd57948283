//! Text from outside (the server, certificates, the user's files) made safe before it reaches
//! a terminal.
//!
//! Besides control characters (escape sequences start with one), Unicode has characters that
//! change how the text around them is shown without being seen themselves: bidi overrides
//! (U+202E turns `gpj.exe` around), zero-width characters, line and paragraph separators.
//! All of them are shown escaped, as `\u{202e}`, so that what is on the screen is what is in
//! the text.

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;

/// A character that must never reach a terminal as it is: a control character (C0, DEL, C1),
/// a format character (bidi controls, zero-width characters, tags …) or a line or paragraph
/// separator.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        CodePointMapData::<GeneralCategory>::new().get(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::Unassigned
    )
}

fn push_escaped(out: &mut String, c: char) {
    out.push_str(&format!("\\u{{{:x}}}", c as u32));
}

/// Makes untrusted text safe to show on one line of a terminal: secrets tclive holds become
/// `[redacted]` (before anything is cut, so no part of one is left), tabs and line breaks
/// become spaces, other hidden characters are escaped visibly, long text is cut.
pub fn printable(s: &str) -> String {
    let mut out = String::new();
    Printer::new().push(&mut out, s);
    out
}

/// [`printable`] for many texts in a row (the cells of a table), each appended to one string:
/// the secrets are looked up once, and no text is copied but into the output.
pub struct Printer(crate::redact::Scrubber);

impl Printer {
    pub fn new() -> Printer {
        Printer(crate::redact::Scrubber::now())
    }

    /// Appends [`printable`]`(s)` to `out`.
    pub fn push(&self, out: &mut String, s: &str) {
        let s = self.0.scrub(s);
        // Most text (names, IDs, times) is short printable ASCII, which the loop below would
        // copy as it is: a table of 40,000 rows makes this the common case.
        if s.len() <= 300 && s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            out.push_str(&s);
            return;
        }
        out.reserve(s.len().min(1200));
        let mut chars = s.chars();
        for c in chars.by_ref().take(300) {
            match c {
                '\t' | '\n' | '\r' => out.push(' '),
                c if is_hidden(c) => push_escaped(out, c),
                c => out.push(c),
            }
        }
        if chars.next().is_some() {
            out.push('…');
        }
    }
}

impl Default for Printer {
    fn default() -> Self {
        Printer::new()
    }
}

/// Like [`printable`] but keeps line breaks and tabs and does not cut: for bodies traced by
/// `-v`.
pub fn printable_multiline(s: &str) -> String {
    let s = crate::redact::scrub(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if is_hidden(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// A duration as the user means it: whole days as "100 days", else humantime's form
/// ("12h", "1h 30m").
pub fn duration(d: std::time::Duration) -> String {
    let secs = d.as_secs();
    if secs > 0 && secs.is_multiple_of(86_400) && d.subsec_nanos() == 0 {
        let days = secs / 86_400;
        format!("{days} day{}", if days == 1 { "" } else { "s" })
    } else {
        humantime::format_duration(d).to_string()
    }
}

/// At most `max` characters of `s`, made printable, with `…` when cut: for quoting a line of
/// a user's file in an error.
pub fn excerpt(s: &str, max: usize) -> String {
    let s = crate::redact::scrub(s);
    let cut: String = s.chars().take(max).collect();
    let mut out = printable(&cut);
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_neutralised() {
        assert_eq!(printable("a\x1b[31mb\n"), "a\\u{1b}[31mb ");
        assert_eq!(
            printable_multiline("a\x1b]0;x\x07\nb\r"),
            "a\\u{1b}]0;x\\u{7}\nb\\u{d}"
        );
        let long = "x".repeat(400);
        assert_eq!(printable(&long).chars().count(), 301);
        assert_eq!(printable(&"x".repeat(300)).chars().count(), 300);
    }

    #[test]
    fn invisible_unicode_is_shown_escaped() {
        // bidi override, zero-width space and joiner, BOM, line/paragraph separators, DEL, C1
        for (raw, shown) in [
            ("exe.\u{202e}gpj", "exe.\\u{202e}gpj"),
            ("a\u{200b}b\u{200d}c", "a\\u{200b}b\\u{200d}c"),
            ("\u{feff}x", "\\u{feff}x"),
            ("a\u{2028}b\u{2029}c", "a\\u{2028}b\\u{2029}c"),
            ("a\u{7f}b\u{85}c\u{9b}d", "a\\u{7f}b\\u{85}c\\u{9b}d"),
            ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
            ("tag\u{e0041}", "tag\\u{e0041}"),
        ] {
            assert_eq!(printable(raw), shown, "{raw:?}");
        }
        // Ordinary non-ASCII text stays as it is.
        assert_eq!(
            printable("直播.例子.com bücher ü"),
            "直播.例子.com bücher ü"
        );
    }

    #[test]
    fn the_short_ascii_way_and_the_long_way_agree() {
        for b in 0u8..=127 {
            let c = b as char;
            let shown = match c {
                '\t' | '\n' | '\r' => " ".to_string(),
                c if c.is_ascii_control() => format!("\\u{{{b:x}}}"),
                c => c.to_string(),
            };
            assert_eq!(printable(&c.to_string()), shown, "{c:?}");
            // At the length where the short way ends, and past it.
            let at = format!("{}{c}", "x".repeat(299));
            assert_eq!(
                printable(&at),
                format!("{}{shown}", "x".repeat(299)),
                "{c:?}"
            );
            let past = format!("{}{c}", "x".repeat(300));
            assert_eq!(printable(&past), format!("{}…", "x".repeat(300)), "{c:?}");
        }
    }

    #[test]
    fn durations_read_as_meant() {
        use std::time::Duration;
        assert_eq!(duration(Duration::from_secs(100 * 86_400)), "100 days");
        assert_eq!(duration(Duration::from_secs(86_400)), "1 day");
        assert_eq!(duration(Duration::from_secs(12 * 3600)), "12h");
        assert_eq!(duration(Duration::from_secs(90 * 60)), "1h 30m");
    }

    #[test]
    fn excerpts_are_short_and_printable() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("a\u{202e}b", 10), "a\\u{202e}b");
    }
}
