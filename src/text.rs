//! Text from outside (the server, the user's files) made safe before it reaches a terminal.

/// Makes untrusted text safe to show on a terminal: tabs and line breaks become spaces, other
/// control characters (escape sequences start with one) become `?`, long text is cut.
pub fn printable(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(300)
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect();
    if s.chars().count() > 300 {
        out.push('…');
    }
    out
}

/// Like [`printable`] but keeps line breaks and does not cut: for bodies traced by `-v`.
pub fn printable_multiline(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

/// Prints a warning on stderr, its label yellow when stderr takes colour.
pub fn warn(color: bool, msg: &str) {
    let label = if color {
        "\x1b[33mwarning:\x1b[0m"
    } else {
        "warning:"
    };
    eprintln!("{label} {msg}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_neutralised() {
        assert_eq!(printable("a\x1b[31mb\n"), "a?[31mb ");
        assert_eq!(printable_multiline("a\x1b]0;x\x07\nb\r"), "a?]0;x?\nb?");
        let long = "x".repeat(400);
        assert_eq!(printable(&long).chars().count(), 301);
    }
}
