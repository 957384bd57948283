//! Domain arguments: `NAME[:on|off|keep]`, from `--domain` or a domains file.
//!
//! Names are normalised (lower case, trailing dot dropped, IDN to `xn--`) and validated before
//! anything is sent; duplicates merge, conflicting states are a usage error naming both.

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

/// One requested domain, with where it came from (for conflict messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainSpec {
    pub name: String,
    pub https: Https,
    pub origin: String,
}

/// Parses one `NAME[:on|off|keep]` argument. The error names the input and what to do.
pub fn parse_spec(raw: &str) -> Result<(String, Https), String> {
    let shown = printable(raw);
    if raw.trim().is_empty() {
        return Err("empty domain name: give a name such as play.example.com".into());
    }
    if raw.contains("://") {
        let bare = raw
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        return Err(format!(
            "'{shown}' looks like a URL: give the bare domain name{}",
            if bare.is_empty() {
                String::new()
            } else {
                format!(" ('{}')", printable(bare))
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
                        printable(suffix)
                    ));
                }
            };
            (name, https)
        }
    };
    Ok((normalize(name)?, https))
}

/// Lower-cases, drops one trailing dot, converts IDN to `xn--` and checks hostname syntax.
pub fn normalize(name: &str) -> Result<String, String> {
    let shown = printable(name);
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
    Ok(full)
}

/// Adds a domain to the list: merges an exact duplicate, refuses a conflicting state.
pub fn add(list: &mut Vec<DomainSpec>, spec: DomainSpec) -> Result<(), String> {
    match list.iter().find(|d| d.name == spec.name) {
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
            list.push(spec);
            Ok(())
        }
    }
}

/// Parses a domains file: one spec a line, blank lines and `#` comments ignored.
pub fn parse_file(text: &str, file: &str, list: &mut Vec<DomainSpec>) -> Result<(), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let origin = format!("{file} line {}", i + 1);
        let (name, https) = parse_spec(line).map_err(|e| format!("{origin}: {e}"))?;
        add(
            list,
            DomainSpec {
                name,
                https,
                origin,
            },
        )?;
    }
    Ok(())
}

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
        let mut list = vec![];
        let spec = |n: &str, h, o: &str| DomainSpec {
            name: n.into(),
            https: h,
            origin: o.into(),
        };
        add(&mut list, spec("a.com", Https::On, "--domain")).unwrap();
        add(&mut list, spec("a.com", Https::On, "--domain")).unwrap();
        assert_eq!(list.len(), 1);
        let e = add(&mut list, spec("a.com", Https::Off, "f line 2")).unwrap_err();
        assert!(
            e.contains("'a.com:on' (--domain)") && e.contains("'a.com:off' (f line 2)"),
            "{e}"
        );
    }

    #[test]
    fn file_syntax() {
        let mut list = vec![];
        parse_file(
            "\u{feff}# renewals\n\na.com\r\n  B.com:off  # legacy\n\t\nc.com:keep\n",
            "d.txt",
            &mut list,
        )
        .unwrap();
        let got: Vec<_> = list.iter().map(|d| (d.name.as_str(), d.https)).collect();
        assert_eq!(
            got,
            [
                ("a.com", Https::On),
                ("b.com", Https::Off),
                ("c.com", Https::Keep)
            ]
        );
        let e = parse_file("a.com\nbad name\n", "d.txt", &mut vec![]).unwrap_err();
        assert!(e.starts_with("d.txt line 2: "), "{e}");
    }
}
