//! An answer's fields as tclive reads them, whatever the server sends: each field on its own
//! ([`Field`]: absent, a value, or unreadable), strings read lossily ([`text`]), the entries of
//! a listing never dropped ([`Entry`]), and every list capped while it is read ([`Capped`]).

use serde::Deserialize;
use serde_json::value::RawValue;

/// What [`Entry::problems`] says of an entry that could not be read at all.
pub(crate) const NOT_AN_ENTRY: &str = "not a readable object";

/// An entry of a listing (a binding, a domain): read field by field, so that one field that
/// cannot be read leaves the others readable, and an entry that cannot be read at all is
/// still an entry (every field unreadable), never dropped and never defaulted.
pub trait Entry: serde::de::DeserializeOwned {
    /// The entry that is not a readable object.
    fn unreadable() -> Self;
    /// Its domain, when that can be read.
    fn name(&self) -> Option<&str>;
    /// What of it cannot be read, if anything: the fields' names.
    fn problems(&self) -> Option<String>;
    /// What tells it from the other entries of its listing: its name as a domain compares
    /// (case and a trailing dot aside). An entry known by an id compares it exactly.
    fn key(&self) -> Option<String> {
        self.name().map(crate::domain::key)
    }
    /// Reads one entry from its JSON text: an object (serde would also take an array for
    /// the fields in order).
    fn read(raw: &str) -> Self {
        if !raw.trim_start().starts_with('{') {
            return Self::unreadable();
        }
        serde_json::from_str(raw).unwrap_or_else(|_| Self::unreadable())
    }
}

/// One field of an answer as tclive reads it: absent (or null), its value, or there but
/// unreadable (of another type, or a time in no form the API writes). Strings are read
/// lossily (see [`text`]). Reading a field never fails, so a field that cannot be read never
/// takes its whole entry or answer with it, and is never taken for an absent one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Field<T> {
    #[default]
    Absent,
    Value(T),
    Unreadable,
}

impl<T> Field<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn into_value(self) -> Option<T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_unreadable(&self) -> bool {
        matches!(self, Field::Unreadable)
    }

    /// The value shown in a table: `-` when absent, `?` when unreadable.
    pub fn show(&self, f: impl FnOnce(&T) -> String) -> String {
        match self {
            Field::Absent => "-".into(),
            Field::Value(v) => f(v),
            Field::Unreadable => "?".into(),
        }
    }
}

/// How a field's JSON text (never `null`) reads as a value.
pub trait FromJson: Sized {
    fn from_json(raw: &str) -> Field<Self>;
}

impl FromJson for String {
    fn from_json(raw: &str) -> Field<Self> {
        text(raw).map_or(Field::Unreadable, Field::Value)
    }
}

impl FromJson for i64 {
    fn from_json(raw: &str) -> Field<Self> {
        serde_json::from_str(raw).map_or(Field::Unreadable, Field::Value)
    }
}

/// A time of the API, as unix seconds (see [`crate::clock::parse_api_time`]). Empty, and the API's zero
/// date `0000-00-00 00:00:00`, mean none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiTime(pub i64);

impl FromJson for ApiTime {
    fn from_json(raw: &str) -> Field<Self> {
        match String::from_json(raw) {
            Field::Value(s) => match s.trim() {
                "" | "0000-00-00 00:00:00" => Field::Absent,
                t => crate::clock::parse_api_time(t)
                    .map_or(Field::Unreadable, |u| Field::Value(ApiTime(u))),
            },
            _ => Field::Unreadable,
        }
    }
}

impl<'de, T: FromJson> Deserialize<'de> for Field<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Taken as its JSON text first: any value is accepted, whatever its type.
        let raw = Box::<RawValue>::deserialize(d)?;
        Ok(match raw.get() {
            "null" => Field::Absent,
            json => T::from_json(json),
        })
    }
}

/// A JSON string's text, read lossily: serde_json refuses a lone surrogate escape
/// (`"\ud800"`) for a `String`, but gives the string's bytes (WTF-8) to a byte reader; each
/// lone surrogate becomes one U+FFFD. None when `json` is not a string.
pub fn text(json: &str) -> Option<String> {
    struct Bytes;
    impl<'de> serde::de::Visitor<'de> for Bytes {
        type Value = Vec<u8>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_bytes<E>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }
    }
    use serde::Deserializer as _;
    let bytes = serde_json::Deserializer::from_str(json)
        .deserialize_bytes(Bytes)
        .ok()?;
    Some(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            // A lone surrogate is three bytes that are no UTF-8: a lead byte, then bytes that
            // only continue a sequence. One U+FFFD for the lead byte, none for the rest.
            let mut out = String::with_capacity(e.as_bytes().len());
            for chunk in e.as_bytes().utf8_chunks() {
                out.push_str(chunk.valid());
                if chunk.invalid().first().is_some_and(|b| b & 0xC0 != 0x80) {
                    out.push('\u{fffd}');
                }
            }
            out
        }
    })
}

/// A string field read with [`text`]: `None` when absent or null, `?` when of another type.
pub(crate) fn lossy_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Field::<String>::deserialize(d)? {
        Field::Absent => None,
        Field::Value(s) => Some(s),
        Field::Unreadable => Some("?".into()),
    })
}

/// A list of names read with [`text`]: an entry of another type (or null) is `?`.
pub(crate) fn lossy_names<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Capped<String>>, D::Error> {
    let list: Option<Capped<Field<String>>> = Option::deserialize(d)?;
    Ok(list.map(|l| {
        l.0.into_iter()
            .map(|f| f.into_value().unwrap_or_else(|| "?".into()))
            .collect()
    }))
}

/// The most entries tclive accepts in any one list of an answer. Real answers list at most
/// a page of items, or one entry per domain of the request; past this an answer is hostile or
/// broken, and reading on would only cost memory.
pub const MAX_LIST_ENTRIES: usize = 200_000;

/// A list from an answer, refused when longer than [`MAX_LIST_ENTRIES`]: counted while it is
/// read, so a hostile answer cannot make tclive allocate for millions of entries.
#[derive(Debug)]
pub struct Capped<T>(pub Vec<T>);

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped(Vec::new())
    }
}

impl<T> From<Vec<T>> for Capped<T> {
    fn from(v: Vec<T>) -> Self {
        Capped(v)
    }
}

impl<T> FromIterator<T> for Capped<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Capped(iter.into_iter().collect())
    }
}

impl<T> std::ops::Deref for Capped<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Capped<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Seq<T> {
            type Value = Capped<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(x) = seq.next_element()? {
                    if v.len() == MAX_LIST_ENTRIES {
                        return Err(serde::de::Error::custom(format!(
                            "a list with more than {MAX_LIST_ENTRIES} entries"
                        )));
                    }
                    v.push(x);
                }
                Ok(Capped(v))
            }
        }
        d.deserialize_seq(Seq(std::marker::PhantomData))
    }
}
