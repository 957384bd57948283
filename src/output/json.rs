//! The `-o json` output of every command: pretty JSON, every string escaped so that nothing in
//! it can act on a terminal and scrubbed of the secrets tclive holds, and the API's own answers
//! transcoded as received (never built into a tree, never `null` in place of an answer).

use std::io::Write;

use crate::error::{Error, Result};

/// Pretty JSON and a final newline: the `-o json` output of every command. Every control,
/// format and separator character in a string is written as `\uXXXX`: the same JSON value,
/// but nothing in it can act on a terminal that shows it; every string is scrubbed of the
/// secrets tclive holds.
///
/// An answer of the API's that serde cannot transcode (a number such as `1e400`, a lone
/// surrogate escape) is written as received instead ([`Raw`]); when even that cannot be done,
/// the command fails: never a `null` in place of the answer.
pub fn json_text(v: &impl serde::Serialize) -> Result<String> {
    match render_json(v) {
        Ok(text) => Ok(text),
        Err(_) => {
            AS_RECEIVED.with(|c| c.set(true));
            let again = render_json(v);
            AS_RECEIVED.with(|c| c.set(false));
            again.map_err(|e| {
                Error::Other(format!(
                    "cannot write the answer as JSON ({}); run without -o json to see the results",
                    crate::text::printable(&e.to_string())
                ))
            })
        }
    }
}

fn render_json(v: &impl serde::Serialize) -> std::result::Result<String, serde_json::Error> {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        SafeFormatter {
            inner: PrettyFormatter::new(),
            string: None,
        },
    );
    v.serialize(&mut ser)?;
    buf.push(b'\n');
    // The serializer writes UTF-8 only.
    String::from_utf8(buf).map_err(serde::ser::Error::custom)
}

thread_local! {
    /// Set while [`json_text`] writes again a document that could not be transcoded: each
    /// [`Raw`] part that cannot be is then written as received.
    static AS_RECEIVED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A JSON text received from the API, re-serialised piece by piece (never built into a tree in
/// memory) through the caller's serializer: so it gets the same escaping and indentation as
/// everything else tclive prints. When serde cannot read it (`1e400`, `"\ud800"`) and
/// [`json_text`] asks for it, it is written as received ([`as_received`]).
pub struct Raw<'a>(pub &'a serde_json::value::RawValue);

impl serde::Serialize for Raw<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let text = self.0.get();
        let transcode = |s: S| {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_transcode::Transcoder::new(&mut de).serialize(s)
        };
        if !AS_RECEIVED.with(|c| c.get()) {
            return transcode(s);
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let mut probe = serde_json::Serializer::new(std::io::sink());
        if serde_transcode::transcode(&mut de, &mut probe).is_ok() {
            return transcode(s);
        }
        let raw = serde_json::value::RawValue::from_string(as_received(text))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A JSON text as received, made as harmless as the transcoded form: secrets scrubbed (also
/// behind escapes), every hidden character inside a string written as its `\uXXXX` escape
/// (the same JSON value), whitespace between tokens other than spaces and line breaks made a
/// space (a carriage return could overwrite what a terminal shows).
fn as_received(raw: &str) -> String {
    let text = crate::redact::scrub(raw);
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if !in_string {
            match c {
                '"' => in_string = true,
                '\t' | '\r' => {
                    out.push(' ');
                    continue;
                }
                _ => {}
            }
            out.push(c);
        } else if escaped {
            escaped = false;
            out.push(c);
        } else if crate::text::is_hidden(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            match c {
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            out.push(c);
        }
    }
    out
}

use serde_json::ser::{Formatter, PrettyFormatter};

/// serde_json's pretty output, with every character that [`crate::text::is_hidden`] names
/// escaped as `\uXXXX` (serde_json itself escapes only U+0000 to U+001F), and every string
/// scrubbed of secrets as a whole: serde_json hands a string over in fragments split at its
/// escapes, so they are gathered (`string`) and written at its end.
struct SafeFormatter<'a> {
    inner: PrettyFormatter<'a>,
    /// The decoded value of the string being written, when inside one.
    string: Option<String>,
}

impl Formatter for SafeFormatter<'_> {
    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.string = Some(String::new());
        w.write_all(b"\"")
    }
    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if let Some(value) = self.string.take() {
            write_json_string_contents(w, &crate::redact::scrub_plain(&value))?;
        }
        w.write_all(b"\"")
    }
    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape::*;
        let c = match escape {
            Quote => '"',
            ReverseSolidus => '\\',
            Solidus => '/',
            Backspace => '\u{8}',
            FormFeed => '\u{c}',
            LineFeed => '\n',
            CarriageReturn => '\r',
            Tab => '\t',
            AsciiControl(b) => char::from(b),
        };
        match &mut self.string {
            Some(s) => {
                s.push(c);
                Ok(())
            }
            None => self.inner.write_char_escape(w, escape),
        }
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.inner.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.inner.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.end_object_value(w)
    }
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        match &mut self.string {
            Some(s) => {
                s.push_str(fragment);
                Ok(())
            }
            None => write_json_string_contents(w, fragment),
        }
    }
}

/// A string's value as the inside of a JSON string: `"` and `\` escaped, and every hidden
/// character (controls included) as `\uXXXX`.
fn write_json_string_contents<W: ?Sized + Write>(w: &mut W, value: &str) -> std::io::Result<()> {
    let mut start = 0;
    for (i, c) in value.char_indices() {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\t' => Some("\\t"),
            '\r' => Some("\\r"),
            _ => None,
        };
        if short.is_none() && !crate::text::is_hidden(c) {
            continue;
        }
        w.write_all(&value.as_bytes()[start..i])?;
        match short {
            Some(e) => w.write_all(e.as_bytes())?,
            None => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", u)?;
                }
            }
        }
        start = i + c.len_utf8();
    }
    w.write_all(&value.as_bytes()[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_every_hidden_character_and_keeps_the_value() {
        let raw = "a\u{7f}b\u{85}c\u{202e}d\u{200b}e\u{2028}f\u{e0041}g\u{1b}h\"q";
        let text = json_text(&serde_json::json!({ "k\u{9b}": raw })).unwrap();
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
        let text = json_text(&Raw(&raw)).unwrap();
        assert!(text.find("\"Z\"").unwrap() < text.find("\"A\"").unwrap());
        assert!(text.contains("x\\u202ey"), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["A"][1]["B"], serde_json::Value::Null);
    }

    #[test]
    fn an_answer_serde_cannot_transcode_is_written_as_received_never_null() {
        crate::redact::register("EchoedTokenValue0004");
        for raw in [
            "{\"A\":1e400,\"B\":\"x\u{202e}y\"}",
            "{\"A\":\"\\ud800\",\r\"B\":[1,\"\\u0045choedTokenValue0004\"]}",
        ] {
            let value: Box<serde_json::value::RawValue> = serde_json::from_str(raw).unwrap();
            // A listing: the parts that can be transcoded are, the others as received.
            let ok: Box<serde_json::value::RawValue> =
                serde_json::from_str("{\"C\":\"z\"}").unwrap();
            let text = json_text(&[Raw(&ok), Raw(&value)]).unwrap();
            assert!(
                text.starts_with("[\n  {\n    \"C\": \"z\"\n  },\n  {\"A\":"),
                "{text}"
            );
            assert!(
                !text.chars().any(|c| c != '\n' && crate::text::is_hidden(c)),
                "{text:?}"
            );
            assert!(!text.contains("choedTokenValue0004"), "{text}");
        }
        let value: Box<serde_json::value::RawValue> =
            serde_json::from_str("{\"A\":\"x\u{202e}y\",\"B\":1e400}").unwrap();
        assert_eq!(
            json_text(&Raw(&value)).unwrap(),
            "{\"A\":\"x\\u202ey\",\"B\":1e400}\n"
        );
    }

    #[test]
    fn a_long_number_is_printed_as_the_value_received() {
        // Found by fuzzing (fuzz/regressions/json_output/): serde_json's default reading of a
        // number past i64 was a few units off in the last place, so -o json printed another
        // number (-9.223372103685479e19 for -92233721036854775808).
        for number in [
            "-92233721036854775808",
            "123456789012345678901234567890",
            "0.30000000000000004441",
            "2.2250738585072011e-308",
        ] {
            let raw: Box<serde_json::value::RawValue> =
                serde_json::from_str(&format!("{{\"N\":{number}}}")).unwrap();
            let text = json_text(&Raw(&raw)).unwrap();
            let printed = text
                .split(':')
                .nth(1)
                .unwrap()
                .trim()
                .trim_end_matches('}')
                .trim();
            assert_eq!(
                printed.parse::<f64>().unwrap(),
                number.parse::<f64>().unwrap(),
                "{number} printed as {printed}"
            );
        }
    }

    #[test]
    fn strings_are_scrubbed_whole_even_when_escapes_split_them() {
        crate::redact::register("Split\"Secret\\Value0005");
        let text = json_text(&serde_json::json!({ "m": "a Split\"Secret\\Value0005 b" })).unwrap();
        assert!(text.contains("\"a [redacted] b\""), "{text}");
    }
}
