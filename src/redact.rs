//! Every secret tclive holds, and the scrubbing of printed text that removes them.
//!
//! A server can quote back what it was sent — the private key in the body, the signature, the
//! token — and a message can be built from any text from outside. So every secret is
//! registered here when it comes into being (`credentials::Secret::new`, the private key's
//! PEM, each request's signature), and the output layer (`text::printable`,
//! `text::printable_multiline`, the JSON writer of `output`, and stdout and stderr themselves)
//! replaces each occurrence by `[redacted]` before anything is written. Scrubbing happens when
//! text is printed, not when it is built, so the order of registration does not matter.
//!
//! One Aho-Corasick automaton over all secrets, rebuilt only when the set changed, keeps every
//! scrub linear in the text, however many signatures a long listing registers.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use aho_corasick::AhoCorasick;
use zeroize::Zeroizing;

/// What stands where a secret was.
pub const REDACTED: &str = "[redacted]";

/// Shorter values are not registered: replacing every `k` or `abc` of the output would make
/// it unreadable, and no real SecretKey, token or signature is that short.
pub const MIN_SECRET_CHARS: usize = 8;

/// The base64 lines of a PEM that are registered on their own: a shorter (last) line would
/// match ordinary text.
pub const MIN_PEM_LINE_CHARS: usize = 16;

struct Registry {
    /// Zeroed when the process frees them (at exit); the automaton's own copies are out of
    /// reach, as the HTTP library's are.
    secrets: Vec<Zeroizing<String>>,
    /// Built lazily from `secrets`; None when it must be built again.
    automaton: Option<Arc<AhoCorasick>>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    secrets: Vec::new(),
    automaton: None,
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    // A panic elsewhere while the lock was held leaves the list as it was: still usable.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Registers a secret value (ignored when shorter than [`MIN_SECRET_CHARS`]).
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.chars().count() < MIN_SECRET_CHARS {
        return;
    }
    let mut r = registry();
    if r.secrets.iter().any(|s| s.as_str() == secret) {
        return;
    }
    r.secrets.push(Zeroizing::new(secret.to_string()));
    r.automaton = None;
}

/// Registers a PEM block (a private key): the whole text, and each of its base64 lines of at
/// least [`MIN_PEM_LINE_CHARS`] characters, which is how a server quoting it JSON-escaped, or
/// a message cut into lines, shows it.
pub fn register_pem(pem: &str) {
    register(pem);
    for line in pem.lines().map(str::trim) {
        if !line.starts_with("-----") && line.len() >= MIN_PEM_LINE_CHARS {
            register(line);
        }
    }
}

/// The automaton over every registered secret; None while there is none.
fn automaton() -> Option<Arc<AhoCorasick>> {
    let mut r = registry();
    if r.secrets.is_empty() {
        return None;
    }
    if r.automaton.is_none() {
        let patterns: Vec<&str> = r.secrets.iter().map(|s| s.as_str()).collect();
        // Leftmost-longest: the whole PEM wins over its own lines where both match.
        let built = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(patterns)
            .ok()?;
        r.automaton = Some(Arc::new(built));
    }
    r.automaton.clone()
}

/// `text` with every registered secret replaced by [`REDACTED`], as it is: for text whose
/// escapes are already decoded (a JSON string's value) or that has none.
pub fn scrub_plain(text: &str) -> Cow<'_, str> {
    match automaton() {
        Some(ac) if ac.is_match(text) => Cow::Owned(replace(&ac, text)),
        _ => Cow::Borrowed(text),
    }
}

fn replace(ac: &AhoCorasick, text: &str) -> String {
    ac.replace_all(text, &vec![REDACTED; ac.patterns_len()])
}

/// [`scrub_plain`] of bytes that may not be UTF-8 (what goes to stdout).
pub fn scrub_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    match automaton() {
        Some(ac) if ac.is_match(bytes) => {
            Cow::Owned(ac.replace_all_bytes(bytes, &vec![REDACTED.as_bytes(); ac.patterns_len()]))
        }
        _ => Cow::Borrowed(bytes),
    }
}

/// `text` from outside with every registered secret replaced by [`REDACTED`], also where the
/// text holds it JSON-escaped: a hostile server can write a secret's characters as `\u0041`
/// or `\/`. Every quoted string in the text (a JSON string, or what looks like one) whose
/// decoded value holds a secret is written again, decoded, scrubbed and re-escaped; the rest
/// of the text is kept as it is.
pub fn scrub(text: &str) -> Cow<'_, str> {
    Scrubber::now().scrub(text)
}

/// The secrets registered when it was taken, for scrubbing many texts in a row (the cells of
/// a 40,000-row table) with one look at the registry instead of one per text.
pub struct Scrubber(Option<Arc<AhoCorasick>>);

impl Scrubber {
    pub fn now() -> Scrubber {
        Scrubber(automaton())
    }

    /// [`scrub`], against the secrets of [`Scrubber::now`].
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match &self.0 {
            Some(ac) => scrub_with(ac, text),
            None => Cow::Borrowed(text),
        }
    }
}

fn scrub_with<'a>(ac: &AhoCorasick, text: &'a str) -> Cow<'a, str> {
    let decoded = scrub_json_strings(text, ac);
    let plain = match &decoded {
        Cow::Borrowed(t) => *t,
        Cow::Owned(t) => t.as_str(),
    };
    // Escapes outside any quoted string (text that only looks like JSON): when the text read
    // with its escapes undone holds a secret, that reading is what is shown, scrubbed.
    if plain.contains('\\') {
        let pieces = decode_json_string(plain);
        if pieces
            .iter()
            .any(|p| matches!(p, Piece::Text(t) if ac.is_match(t)))
        {
            let mut out = String::with_capacity(plain.len());
            for p in &pieces {
                match p {
                    Piece::Text(t) => out.push_str(&replace(ac, t)),
                    Piece::Lone(u) => out.push_str(&format!("\\u{u:04x}")),
                }
            }
            return Cow::Owned(out);
        }
    }
    if !ac.is_match(plain) {
        return decoded;
    }
    Cow::Owned(replace(ac, plain))
}

/// The quoted strings of `text` that hold a backslash escape, decoded and checked (a string
/// without one is what it shows, and the plain pass sees it as it is).
fn scrub_json_strings<'a>(text: &'a str, ac: &AhoCorasick) -> Cow<'a, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut kept = 0;
    let mut rest = 0;
    while let Some(open) = text[rest..].find('"').map(|i| rest + i) {
        let Some(close) = string_end(text, open + 1) else {
            break;
        };
        let inner = &text[open + 1..close];
        if inner.contains('\\') {
            let pieces = decode_json_string(inner);
            if pieces
                .iter()
                .any(|p| matches!(p, Piece::Text(t) if ac.is_match(t)))
            {
                out.push_str(&text[kept..open]);
                out.push('"');
                encode_pieces(&pieces, ac, &mut out);
                out.push('"');
                kept = close + 1;
            }
        }
        rest = close + 1;
    }
    if kept == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[kept..]);
    Cow::Owned(out)
}

/// The index of the quote that ends the string whose content starts at `from`.
fn string_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A JSON string's decoded value, split at the lone surrogates JSON can escape but a Rust
/// string cannot hold: no secret spans one.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Text(String),
    Lone(u16),
}

/// Decodes the content of a JSON string (between its quotes). Hand-written because serde_json
/// refuses a lone surrogate, which a hostile answer may hold; an escape JSON does not have is
/// kept as written.
pub(crate) fn decode_json_string(inner: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.char_indices().peekable();
    let hex4 = |at: usize| -> Option<u16> {
        let h = inner.get(at..at + 4)?;
        h.bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| u16::from_str_radix(h, 16).ok())
            .flatten()
    };
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            cur.push(c);
            continue;
        }
        let Some(&(_, e)) = chars.peek() else {
            cur.push('\\');
            break;
        };
        let simple = match e {
            '"' => Some('"'),
            '\\' => Some('\\'),
            '/' => Some('/'),
            'b' => Some('\u{8}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            _ => None,
        };
        if let Some(s) = simple {
            chars.next();
            cur.push(s);
            continue;
        }
        let Some(unit) = (e == 'u').then(|| hex4(i + 2)).flatten() else {
            cur.push('\\');
            continue;
        };
        // `\uXXXX`: skip `u` and the four digits.
        for _ in 0..5 {
            chars.next();
        }
        let decoded = match unit {
            0xD800..=0xDBFF => {
                let low = (inner.get(i + 6..i + 8) == Some("\\u"))
                    .then(|| hex4(i + 8))
                    .flatten()
                    .filter(|l| (0xDC00..=0xDFFF).contains(l));
                match low {
                    Some(low) => {
                        for _ in 0..6 {
                            chars.next();
                        }
                        char::from_u32(
                            0x10000
                                + ((u32::from(unit) - 0xD800) << 10)
                                + (u32::from(low) - 0xDC00),
                        )
                    }
                    None => None,
                }
            }
            0xDC00..=0xDFFF => None,
            u => char::from_u32(u32::from(u)),
        };
        match decoded {
            Some(d) => cur.push(d),
            None => {
                pieces.push(Piece::Text(std::mem::take(&mut cur)));
                pieces.push(Piece::Lone(unit));
            }
        }
    }
    pieces.push(Piece::Text(cur));
    pieces
}

/// The pieces as the content of a JSON string, secrets replaced: `"`, `\` and control
/// characters escaped, lone surrogates as their `\uXXXX` escape.
fn encode_pieces(pieces: &[Piece], ac: &AhoCorasick, out: &mut String) {
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let t = replace(ac, t);
                let quoted = serde_json::to_string(&t).unwrap_or_default();
                out.push_str(quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or(""));
            }
            Piece::Lone(u) => out.push_str(&format!("\\u{u:04x}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The registry is one per process: each test registers values of its own.

    #[test]
    fn a_secret_registered_after_the_text_was_built_is_still_scrubbed() {
        let text = format!("answer: {} and more", "LateRegisteredSecret0001");
        register("LateRegisteredSecret0001");
        assert_eq!(scrub(&text), "answer: [redacted] and more");
        assert_eq!(scrub_plain(&text), "answer: [redacted] and more");
    }

    #[test]
    fn short_values_are_not_registered() {
        register("short7");
        assert_eq!(scrub("short7 short7"), "short7 short7");
    }

    #[test]
    fn a_pem_and_each_of_its_long_lines_are_scrubbed() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0B\nQEFAASCAT8wggE7AgEAAkEAx\nabc=\n-----END PRIVATE KEY-----\n";
        register_pem(pem);
        assert_eq!(scrub(&format!("x {pem} y")), "x [redacted]\n y");
        let escaped = serde_json::to_string(pem).unwrap();
        let s = scrub(&escaped);
        assert!(!s.contains("MIIBVQIBADANBgkqhkiG9w0B"), "{s}");
        assert!(!s.contains("QEFAASCAT8wggE7AgEAAkEAx"), "{s}");
    }

    #[test]
    fn a_secret_hidden_behind_json_escapes_is_scrubbed_and_the_rest_kept() {
        register("EscapedSecretValue/0002");
        let text = r#"{"Message":"bad \u0045scapedSecretValue\/0002 here","Other":"\u202e"} tail"#;
        assert_eq!(
            scrub(text),
            r#"{"Message":"bad [redacted] here","Other":"\u202e"} tail"#
        );
        // A lone surrogate beside it is kept as it was written.
        let text = r#""\ud800 \u0045scapedSecretValue\/0002""#;
        assert_eq!(scrub(text), r#""\ud800 [redacted]""#);
    }

    #[test]
    fn escapes_outside_any_string_do_not_hide_a_secret() {
        register("OutsideQuotesSecret0003");
        let text = r"bad request: \u004futsideQuotesSecret0003 (\ud800)";
        assert_eq!(scrub(text), r"bad request: [redacted] (\ud800)");
        // Text whose escapes hide nothing is kept as written.
        assert_eq!(scrub(r"C:\new \u0041"), r"C:\new \u0041");
    }

    #[test]
    fn json_strings_decode_every_escape() {
        assert_eq!(
            decode_json_string(r#"a\"b\\c\/d\n\u0041\ud83d\ude00\ud800x\q"#),
            vec![
                Piece::Text("a\"b\\c/d\nA😀".into()),
                Piece::Lone(0xd800),
                Piece::Text("x\\q".into())
            ]
        );
        assert_eq!(
            decode_json_string(r"\u12"),
            vec![Piece::Text("\\u12".into())]
        );
        assert_eq!(decode_json_string("\\"), vec![Piece::Text("\\".into())]);
    }
}
