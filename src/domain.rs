//! Domain arguments: `NAME[:on|off|keep]`, from `--domain` or a domains file.
//!
//! Names are normalised (lower case, trailing dot dropped, IDN to `xn--`) and validated before
//! anything is sent; duplicates merge, conflicting states are a usage error naming both.

use std::collections::HashMap;
use std::fmt;

use crate::text::printable;

/// The HTTPS state requested for a domain; the API's `Status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Https {
    On,
    Off,
    Keep,
}

impl Https {
    pub fn status(self) -> i8 {
        match self {
            Https::On => 1,
            Https::Off => 0,
            Https::Keep => -1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Https::On => "on",
            Https::Off => "off",
            Https::Keep => "keep",
        }
    }
}

impl fmt::Display for Https {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The API's HTTPS `Status` (1 on, 0 off) as tclive shows it; `-` when absent or unknown.
pub fn https_word(status: Option<i64>) -> &'static str {
    match status {
        Some(1) => "on",
        Some(0) => "off",
        _ => "-",
    }
}

/// One requested domain, with where it came from (for conflict messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSpec {
    pub name: String,
    pub https: Https,
    pub origin: String,
}

/// How names are compared everywhere (requested, listed by the API, answered in `Errors`):
/// trimmed, one trailing dot dropped, ASCII lower case.
pub fn key(name: &str) -> String {
    let t = name.trim();
    t.strip_suffix('.').unwrap_or(t).to_ascii_lowercase()
}

/// What the user allows of domain names beyond plain ASCII.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// `--allow-idn`: accept a name whose labels mix scripts (as `plаy` with a Cyrillic `а`).
    pub allow_mixed_scripts: bool,
}

/// Parses one `NAME[:on|off|keep]` argument with the default rules. The error names the
/// input and what to do.
#[cfg(test)]
pub fn parse_spec(raw: &str) -> Result<(String, Https), String> {
    parse_spec_with(raw, &printable(raw), Rules::default())
}

/// Like [`parse_spec`], with the input shown as `shown` in errors and the given rules.
pub fn parse_spec_with(raw: &str, shown: &str, rules: Rules) -> Result<(String, Https), String> {
    let shown = shown.to_string();
    if let Some(ip) = ip_literal(raw) {
        return Err(format!(
            "'{shown}' is an IP address ({ip}); a playback domain is a name such as play.example.com"
        ));
    }
    if raw.trim().is_empty() {
        return Err("empty domain name: give a name such as play.example.com".into());
    }
    if raw.contains(',') {
        return Err(format!(
            "'{shown}' holds several names: give one per --domain (repeat it) or one per line of a domains file"
        ));
    }
    let words: Vec<&str> = raw.split_whitespace().collect();
    if let Some(e) = several_words(&words, &shown) {
        return Err(e);
    }
    if raw.contains("://") {
        let bare = url_host(raw);
        return Err(format!(
            "'{shown}' looks like a URL: give the bare domain name{}",
            if bare.is_empty() {
                String::new()
            } else {
                format!(" ('{}')", crate::text::excerpt(&bare, EXCERPT_CHARS))
            }
        ));
    }
    let (name, https) = match raw.rsplit_once(':') {
        None => (raw, Https::On),
        Some((name, suffix)) => {
            let https = match suffix.to_ascii_lowercase().as_str() {
                "on" => Https::On,
                "off" => Https::Off,
                "keep" => Https::Keep,
                s if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(format!(
                        "'{shown}': a domain takes no port; write NAME or NAME:on|off|keep"
                    ));
                }
                _ => {
                    return Err(format!(
                        "'{shown}': unknown HTTPS state '{}'; use NAME:on, NAME:off or NAME:keep",
                        crate::text::excerpt(suffix, EXCERPT_CHARS)
                    ));
                }
            };
            (name, https)
        }
    };
    Ok((normalize_with(name, &shown, rules)?, https))
}

/// The message for an argument or a line of several words of which one is a state or a URL:
/// a state after a space (`play.example.com on`) is shown with its colon; a name beside a
/// URL gets the first word that is no URL as the suggestion, never a word of a URL's path
/// (`play.example.com https://bad/` suggests `play.example.com`, not `bad`). Other words
/// with spaces are left to the name's own check ("contains spaces").
fn several_words(words: &[&str], shown: &str) -> Option<String> {
    let state = |w: &str| matches!(w.to_ascii_lowercase().as_str(), "on" | "off" | "keep");
    if words.len() < 2 || !words.iter().any(|w| state(w) || w.contains("://")) {
        return None;
    }
    if let [name, st] = words
        && state(st)
        && !name.contains(':')
        && !name.contains("://")
    {
        return Some(format!(
            "'{shown}': the HTTPS state follows a colon, not a space: write {}:{}",
            crate::text::excerpt(name, EXCERPT_CHARS),
            st.to_ascii_lowercase()
        ));
    }
    let suggestion = words
        .iter()
        .find(|w| !w.contains("://") && !state(w))
        .map(|w| w.to_string())
        .or_else(|| words.iter().map(|w| url_host(w)).find(|h| !h.is_empty()));
    Some(format!(
        "'{shown}' holds several words: give one bare domain name{}",
        match suggestion {
            Some(s) => format!(", such as '{}'", crate::text::excerpt(&s, EXCERPT_CHARS)),
            None => String::new(),
        }
    ))
}

/// The host of a URL (`https://user@play.example.com:8443/x` gives `play.example.com`):
/// never its user part (which may hold a password), its port or its path; empty when there is
/// none.
fn url_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    match host.rsplit_once(':') {
        Some((h, port)) if !h.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            h.to_string()
        }
        _ => host.to_string(),
    }
}

/// `1.2.3.4`, `::1`, `[::1]`, each perhaps with a `:STATE` suffix: the address it is.
fn ip_literal(raw: &str) -> Option<std::net::IpAddr> {
    let raw = raw.trim();
    let candidates = [Some(raw), raw.rsplit_once(':').map(|(a, _)| a)];
    candidates.into_iter().flatten().find_map(|c| {
        let c = c.trim_start_matches('[').trim_end_matches(']');
        c.parse::<std::net::IpAddr>().ok()
    })
}

/// Lower-cases, drops one trailing dot, converts IDN to `xn--` and checks hostname syntax.
pub fn normalize(name: &str) -> Result<String, String> {
    normalize_with(name, &printable(name), Rules::default())
}

/// Whether a label of Unicode text mixes scripts in a way no real name needs: an
/// approximation of UTS #39's "highly restrictive" level (one script, or Latin with Han and
/// the Japanese kana, with Han and Bopomofo, or with Han and Hangul). Characters common to all
/// scripts (digits, hyphen) and inherited ones (combining marks) count for none. Where it
/// falls short of UTS #39: it reads each character's Script, not its Script_Extensions (so a
/// character shared by two scripts, such as the Japanese prolonged sound mark, counts for
/// one of them only), and it does none of the standard's other checks (confusable
/// characters, mixed numbering systems, invisible characters); hand-written because
/// icu_properties, which tclive has, gives the scripts and no crate it has gives the level.
pub fn mixes_scripts(label: &str) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::Script;
    let map = CodePointMapData::<Script>::new();
    let mut seen: Vec<Script> = Vec::new();
    for c in label.chars() {
        let s = map.get(c);
        if matches!(s, Script::Common | Script::Inherited | Script::Unknown) || seen.contains(&s) {
            continue;
        }
        seen.push(s);
        if seen.len() > 4 {
            return true;
        }
    }
    if seen.len() <= 1 {
        return false;
    }
    let allowed: [&[Script]; 3] = [
        &[
            Script::Latin,
            Script::Han,
            Script::Hiragana,
            Script::Katakana,
        ],
        &[Script::Latin, Script::Han, Script::Bopomofo],
        &[Script::Latin, Script::Han, Script::Hangul],
    ];
    !allowed
        .iter()
        .any(|set| seen.iter().all(|s| set.contains(s)))
}

pub fn normalize_with(name: &str, shown: &str, rules: Rules) -> Result<String, String> {
    let shown = shown.to_string();
    if name.is_empty() {
        return Err("empty domain name: give a name such as play.example.com".into());
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("'{shown}' contains spaces or control characters"));
    }
    if name.contains('/') {
        return Err(format!(
            "'{shown}' contains a path: give the bare domain name"
        ));
    }
    let trimmed = name.strip_suffix('.').unwrap_or(name);
    let (wildcard, rest) = match trimmed.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    if !rest.is_ascii()
        && !rules.allow_mixed_scripts
        && let Some(label) = rest.split('.').find(|l| mixes_scripts(l))
    {
        return Err(format!(
            "'{shown}' mixes scripts in the label '{}' (a look-alike of another name?); \
             check the name, or pass --allow-idn if it is really meant",
            crate::text::excerpt(label, EXCERPT_CHARS)
        ));
    }
    let ascii = idna::domain_to_ascii(rest)
        .map_err(|_| format!("'{shown}' is not a valid internationalised domain name"))?;
    let full = if wildcard {
        format!("*.{ascii}")
    } else {
        ascii.clone()
    };
    if full.len() > 253 {
        return Err(format!(
            "'{shown}' is {} characters long; a domain name has at most 253",
            full.len()
        ));
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "'{shown}' is not a fully qualified domain name (expected something like play.example.com)"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!("'{shown}' has an empty label (two dots in a row?)"));
        }
        if label.len() > 63 {
            return Err(format!(
                "'{shown}' has a label of {} characters; labels have at most 63",
                label.len()
            ));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(format!(
                "'{shown}' is not a valid host name: use letters, digits and hyphens only{}",
                if label.contains('*') {
                    " (a wildcard may only be the whole first label, as in *.example.com)"
                } else {
                    ""
                }
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "'{shown}' is not a valid host name: a label cannot start or end with a hyphen"
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "'{shown}' ends in an all-numeric label: no top-level domain is numeric (an IP address is not a playback domain)"
        ));
    }
    Ok(full)
}

/// The requested domains in order, each once, with an index by [`key`]: adding, merging and
/// looking up cost the same for the 40,000th domain as for the first.
#[derive(Debug, Default, Clone)]
pub struct DomainList {
    specs: Vec<DomainSpec>,
    index: HashMap<String, usize>,
    /// Names accepted only because `--allow-idn` was given: worth a warning.
    pub mixed_scripts: Vec<String>,
}

impl DomainList {
    /// Adds a domain: merges an exact duplicate, refuses a conflicting state.
    pub fn add(&mut self, spec: DomainSpec) -> Result<(), String> {
        match self.index.get(&key(&spec.name)).map(|&i| &self.specs[i]) {
            Some(existing) if existing.https == spec.https => Ok(()),
            Some(existing) => Err(format!(
                "domain {} is requested twice with different HTTPS states: '{}:{}' ({}) and '{}:{}' ({}); keep one",
                spec.name,
                existing.name,
                existing.https,
                existing.origin,
                spec.name,
                spec.https,
                spec.origin
            )),
            None => {
                self.index.insert(key(&spec.name), self.specs.len());
                self.specs.push(spec);
                Ok(())
            }
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(&key(name))
    }

    pub fn specs(&self) -> &[DomainSpec] {
        &self.specs
    }

    pub fn len(&self) -> usize {
        self.specs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.specs.is_empty()
    }
}

/// What a file that is not a domains file looks like: a PEM block (a private key, a
/// certificate) or a credentials file (INI or tccli JSON). Nothing of such a file is ever
/// quoted in an error.
pub fn looks_secret(text: &str) -> Option<&'static str> {
    // `secret_key = …`, `"secretKey": …`: a known key name followed by an assignment (a
    // domain name never has `_`, and its label would be followed by `.`).
    let lower_has = |needle: &str| {
        text.lines().take(200).any(|l| {
            let l = l.to_ascii_lowercase();
            l.match_indices(needle).any(|(i, _)| {
                let rest = l[i + needle.len()..].trim_start();
                rest.starts_with('=') || rest.starts_with('"') || rest.starts_with(':')
            })
        })
    };
    if text.contains("-----BEGIN") {
        return Some("a PEM file (a key or a certificate)");
    }
    if [
        "secret_key",
        "secretkey",
        "secret_id",
        "secretid",
        "private_key",
        "password",
        "token",
    ]
    .iter()
    .any(|n| lower_has(n))
    {
        return Some("a credentials file");
    }
    None
}

/// Longest excerpt of a line of a domains file quoted in an error.
pub const EXCERPT_CHARS: usize = 40;

/// A character of tokens, keys and base64 (standard and URL-safe).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-')
}

/// Whether a line looks like a secret rather than a mistyped domain: with no dot, one run of
/// token characters (a SecretKey, a SecretId, a session token, a line of a key); with dots, a
/// part of 64 or more of them, longer than any DNS label (an OIDC token, a JWT).
pub fn looks_like_token(line: &str) -> bool {
    if line.is_empty() || !line.chars().all(|c| is_token_char(c) || c == '.') {
        return false;
    }
    !line.contains('.') || line.split('.').any(|part| part.len() >= 64)
}

/// What a line that is not shown looks like, for the error that refuses it.
fn shape(line: &str) -> &'static str {
    if looks_like_token(line) {
        "a token, a key or base64 text"
    } else if line.chars().any(char::is_whitespace) {
        "text with spaces"
    } else if line.contains("://") {
        "a URL"
    } else {
        "text that is not a domain name"
    }
}

/// Parses a domains file: one spec a line, blank lines and `#` comments ignored. Errors name
/// the line and quote at most a short excerpt of it; a file that looks like a key or a
/// credentials file is refused without quoting anything.
#[cfg(test)]
pub fn parse_file(text: &str, file: &str, list: &mut DomainList) -> Result<(), String> {
    parse_file_with(text, file, list, Rules::default())
}

pub fn parse_file_with(
    text: &str,
    file: &str,
    list: &mut DomainList,
    rules: Rules,
) -> Result<(), String> {
    if let Some(what) = looks_secret(text) {
        return Err(format!(
            "{file}: this looks like {what}, not a list of domains; nothing of it is shown. \
             Give a file with one NAME[:on|off|keep] a line"
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A file of one line is how a secret is kept for a *_FILE variable: when it is not a
    // domain, nothing of it is quoted.
    let one_line = text.lines().filter(|l| !l.trim().is_empty()).count() == 1;
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let origin = format!("{file} line {}", i + 1);
        // The excerpt quoted in messages is made only when there is something to say.
        let shown = || crate::text::excerpt(line, EXCERPT_CHARS);
        let (name, https) = match parse_spec_with(line, "", rules) {
            Ok(v) => v,
            Err(_) if one_line => {
                return Err(format!(
                    "{file}: its one line is not a domain and is not shown (a file of one line \
                     may be a secret, such as the value of a *_FILE variable): it looks like {}. \
                     Give a file with one NAME[:on|off|keep] a line",
                    shape(line)
                ));
            }
            Err(_) if looks_like_token(line) => {
                return Err(format!(
                    "{origin}: not a domain, and not shown: it looks like {}, which may be a \
                     secret. Give one NAME[:on|off|keep] a line",
                    shape(line)
                ));
            }
            Err(_) => {
                let e = parse_spec_with(line, &shown(), rules)
                    .err()
                    .unwrap_or_default();
                return Err(format!("{origin}: {e}"));
            }
        };
        if rules.allow_mixed_scripts && !line.is_ascii() && line.split('.').any(mixes_scripts) {
            list.mixed_scripts.push(format!("{origin}: {}", shown()));
        }
        list.add(DomainSpec {
            name,
            https,
            origin,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod properties_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        assert_eq!(parse_spec("a.com").unwrap(), ("a.com".into(), Https::On));
        assert_eq!(parse_spec("a.com:on").unwrap(), ("a.com".into(), Https::On));
        assert_eq!(
            parse_spec("a.com:OFF").unwrap(),
            ("a.com".into(), Https::Off)
        );
        assert_eq!(
            parse_spec("a.com:keep").unwrap(),
            ("a.com".into(), Https::Keep)
        );
        assert!(
            parse_spec("a.com:maybe")
                .unwrap_err()
                .contains("unknown HTTPS state")
        );
        assert!(parse_spec("a.com:443").unwrap_err().contains("no port"));
        assert!(
            parse_spec("a.com:")
                .unwrap_err()
                .contains("unknown HTTPS state")
        );
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("Play.Example.COM.").unwrap(), "play.example.com");
        assert_eq!(
            normalize("直播.例子.com").unwrap(),
            "xn--z6ut02b.xn--fsqu00a.com"
        );
        assert_eq!(normalize("*.Example.com").unwrap(), "*.example.com");
        assert_eq!(normalize("bücher.de").unwrap(), "xn--bcher-kva.de");
    }

    #[test]
    fn invalid_names() {
        for bad in [
            "localhost",
            "a..com",
            "-a.com",
            "a-.com",
            "a_b.com",
            "a b.com",
            "a.com/path",
            "a.*.com",
            "x*.com",
            "",
            ".",
        ] {
            assert!(normalize(bad).is_err(), "{bad:?} should be refused");
        }
        let long = format!("{}.com", "a".repeat(64));
        assert!(normalize(&long).unwrap_err().contains("63"));
        let too_long = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        assert!(normalize(&too_long).unwrap_err().contains("253"));
    }

    #[test]
    fn url_given_by_mistake() {
        let e = parse_spec("https://play.example.com/live").unwrap_err();
        assert!(e.contains("looks like a URL"), "{e}");
        assert!(e.contains("'play.example.com'"), "{e}");
    }

    #[test]
    fn merging_and_conflicts() {
        let mut list = DomainList::default();
        let spec = |n: &str, h, o: &str| DomainSpec {
            name: n.into(),
            https: h,
            origin: o.into(),
        };
        list.add(spec("a.com", Https::On, "--domain")).unwrap();
        list.add(spec("a.com", Https::On, "--domain")).unwrap();
        assert_eq!(list.len(), 1);
        let e = list.add(spec("a.com", Https::Off, "f line 2")).unwrap_err();
        assert!(
            e.contains("'a.com:on' (--domain)") && e.contains("'a.com:off' (f line 2)"),
            "{e}"
        );
    }

    #[test]
    fn file_syntax() {
        let mut list = DomainList::default();
        parse_file(
            "\u{feff}# renewals\n\na.com\r\n  B.com:off  # legacy\n\t\nc.com:keep\n",
            "d.txt",
            &mut list,
        )
        .unwrap();
        let got: Vec<_> = list
            .specs()
            .iter()
            .map(|d| (d.name.as_str(), d.https))
            .collect();
        assert_eq!(
            got,
            [
                ("a.com", Https::On),
                ("b.com", Https::Off),
                ("c.com", Https::Keep)
            ]
        );
        let e = parse_file("a.com\nbad name\n", "d.txt", &mut DomainList::default()).unwrap_err();
        assert!(e.starts_with("d.txt line 2: "), "{e}");
    }

    #[test]
    fn ip_literals_and_numeric_tlds_are_refused() {
        for bad in [
            "1.2.3.4",
            "1.2.3.4:on",
            "::1",
            "[::1]",
            "[2001:db8::1]:off",
            "fe80::1",
        ] {
            let e = parse_spec(bad).unwrap_err();
            assert!(e.contains("is an IP address"), "{bad}: {e}");
        }
        for bad in ["a.123", "play.example.42"] {
            assert!(normalize(bad).unwrap_err().contains("all-numeric"), "{bad}");
        }
        assert!(normalize("123.example.com").is_ok());
        assert!(normalize("play.example.c0m").is_ok());
    }

    #[test]
    fn mixed_scripts_need_allow_idn() {
        // "plаy" with a Cyrillic а (U+0430)
        let spoof = "pl\u{430}y.example.com";
        let e = normalize(spoof).unwrap_err();
        assert!(
            e.contains("mixes scripts") && e.contains("--allow-idn"),
            "{e}"
        );
        let allowed = Rules {
            allow_mixed_scripts: true,
        };
        assert!(
            normalize_with(spoof, spoof, allowed)
                .unwrap()
                .starts_with("xn--")
        );
        // Single-script and the usual CJK mixtures are not "mixed".
        for ok in [
            "直播.例子.com",
            "bücher.de",
            "пример.рф",
            "テストひらがな漢字.jp",
            "한국어漢字.kr",
        ] {
            assert!(normalize(ok).is_ok(), "{ok}");
        }
        assert!(mixes_scripts("pаypal") && !mixes_scripts("paypal") && !mixes_scripts("a-1"));
    }

    #[test]
    fn secret_files_are_never_quoted() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
        let ini = "[default]\nsecret_id = AKIDxxxx\nsecret_key = hunter2hunter2\n";
        let json = "{\"secretId\": \"AKID\", \"secretKey\": \"hunter2hunter2\"}";
        for (text, secret) in [(key, "MIIEvQIBADAN"), (ini, "hunter2"), (json, "hunter2")] {
            let e = parse_file(text, "f", &mut DomainList::default()).unwrap_err();
            assert!(
                e.contains("nothing of it is shown") && !e.contains(secret),
                "{e}"
            );
        }
        // Domain names that merely contain such words are domains.
        let mut list = DomainList::default();
        parse_file(
            "token.example.com:on\nsecretkey.example.com\n",
            "f",
            &mut list,
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        // An ordinary bad line is quoted only as a short excerpt (in a file of more than one
        // line: a file of one line is never quoted, below).
        let long = format!("ok.example.com\n{}!.com", "x".repeat(500));
        let e = parse_file(&long, "f", &mut DomainList::default()).unwrap_err();
        assert!(e.len() < 300, "{e}");
        assert!(
            e.contains(&format!("'{}…'", "x".repeat(EXCERPT_CHARS))),
            "{e}"
        );
    }

    #[test]
    fn a_file_of_one_bad_line_or_a_token_line_is_never_quoted() {
        for (text, shape) in [
            ("TopSecretKeyValue0042\n", "a token, a key or base64 text"),
            ("p@ss word\n", "text with spaces"),
            ("https://play.example.com/x", "a URL"),
            ("hunter2.Passw0rd!x", "text that is not a domain name"),
        ] {
            let e = parse_file(text, "f", &mut DomainList::default()).unwrap_err();
            assert!(
                e.starts_with("f: its one line is not a domain and is not shown"),
                "{e}"
            );
            assert!(e.contains(&format!("it looks like {shape}.")), "{e}");
            assert!(!e.contains(&text.trim()[..5]), "{e}");
        }
        let jwt = format!("a.example.com\neyJhbGci.{}.c2ln\n", "Q".repeat(64));
        let e = parse_file(&jwt, "f", &mut DomainList::default()).unwrap_err();
        assert!(
            e.starts_with("f line 2: not a domain, and not shown"),
            "{e}"
        );
        assert!(!e.contains("eyJhbGci"), "{e}");
        assert!(looks_like_token("QUJD+/0123=") && looks_like_token("a-b_c"));
        assert!(!looks_like_token("a.example.com") && !looks_like_token("x!y"));
        // A valid one-line file is a domains file.
        let mut list = DomainList::default();
        parse_file("a.example.com:off\n", "f", &mut list).unwrap();
        assert_eq!(list.len(), 1);
    }
}
