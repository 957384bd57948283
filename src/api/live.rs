//! Request and response types of the Live API actions (serde, PascalCase), and the envelope.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub const SERVICE: &str = "live";
pub const VERSION: &str = "2018-08-01";
pub const MODIFY_BINDINGS: &str = "ModifyLiveDomainCertBindings";
pub const DESCRIBE_BINDINGS: &str = "DescribeLiveDomainCertBindings";
pub const DESCRIBE_DOMAINS: &str = "DescribeLiveDomains";
pub const DESCRIBE_CERT: &str = "DescribeLiveDomainCert";

/// The codes that mean "CAM does not allow this" (errorcodes.py of the official SDK has all
/// three for these actions).
pub const PERMISSION_DENIED: [&str; 3] = [
    "UnauthorizedOperation",
    "AuthFailure.UnauthorizedOperation",
    "FailedOperation.AuthError",
];

/// The account-level codes of errorcodes.py and what each says of the account's Live service:
/// they are about the account, not the request, so no read or bind can succeed.
pub const ACCOUNT_STATES: [(&str, &str); 7] = [
    (
        "ResourceNotFound.FreezeService",
        "the Live service of this account is frozen",
    ),
    (
        "ResourceNotFound.StopService",
        "the Live service of this account is suspended (stopped for arrears?)",
    ),
    (
        "FailedOperation.OutOfService",
        "the Live service of this account is suspended (stopped for arrears?)",
    ),
    (
        "ResourceNotFound.ForbidService",
        "the Live service of this account is disabled",
    ),
    (
        "ResourceNotFound.UserDisableService",
        "the Live service of this account was switched off by its owner",
    ),
    (
        "ResourceNotFound.UserNotExist",
        "this account has not activated the Live service",
    ),
    (
        "ResourceNotFound.UserNotFount",
        "this account has not activated the Live service",
    ),
];

/// What `code` says of the account, when it is one of [`ACCOUNT_STATES`].
pub fn account_problem(code: &str) -> Option<&'static str> {
    ACCOUNT_STATES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, what)| *what)
}

/// Codes the SDK lists as transient for these actions ("CA system busy", database and
/// network errors inside the service): worth another attempt where retrying is safe.
pub const TRANSIENT: [&str; 6] = [
    "InternalError",
    "ServiceUnavailable",
    "FailedOperation.NetworkError",
    "InternalError.NetworkError",
    "InternalError.DBError",
    "InternalError.ConnectDbError",
];

/// `DescribeLiveDomainCert` request.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertRequest<'a> {
    pub domain_name: &'a str,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeCertResponse {
    #[serde(default)]
    pub domain_cert_info: Option<DomainCertInfo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainCertInfo {
    /// The bound certificate chain, PEM.
    #[serde(default)]
    pub https_crt: Field<String>,
}

/// `DescribeLiveDomainCertBindings` request (one page).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBindingsRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_search: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<&'a str>,
    pub offset: u64,
    pub length: u64,
    pub order_by: &'a str,
}

/// One page of bindings; the objects are kept as received for `-o json`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeBindingsResponse {
    #[serde(default)]
    pub live_domain_cert_bindings: Option<Capped<Box<RawValue>>>,
    #[serde(default)]
    pub total_num: Option<u64>,
}

/// The fields of a binding that tclive reads, each read on its own (see [`Field`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Binding {
    #[serde(default)]
    pub domain_name: Field<String>,
    #[serde(default)]
    pub certificate_alias: Field<String>,
    #[serde(default)]
    pub status: Field<i64>,
    #[serde(default)]
    pub cert_expire_time: Field<ApiTime>,
    #[serde(default)]
    pub cloud_cert_id: Field<String>,
    #[serde(default)]
    pub update_time: Field<ApiTime>,
    /// The entry as a whole could not be read (not an object, or a field given twice): every
    /// field is unreadable.
    #[serde(skip)]
    pub unreadable: bool,
}

impl Entry for Binding {
    fn unreadable() -> Self {
        Binding {
            domain_name: Field::Unreadable,
            certificate_alias: Field::Unreadable,
            status: Field::Unreadable,
            cert_expire_time: Field::Unreadable,
            cloud_cert_id: Field::Unreadable,
            update_time: Field::Unreadable,
            unreadable: true,
        }
    }
    fn name(&self) -> Option<&str> {
        self.domain_name.value().map(String::as_str)
    }
    fn problems(&self) -> Option<String> {
        if self.unreadable {
            return Some(NOT_AN_ENTRY.into());
        }
        let mut what: Vec<&str> = [
            ("DomainName", self.domain_name.is_unreadable()),
            ("CertificateAlias", self.certificate_alias.is_unreadable()),
            ("Status", self.status.is_unreadable()),
            ("CertExpireTime", self.cert_expire_time.is_unreadable()),
            ("CloudCertId", self.cloud_cert_id.is_unreadable()),
            ("UpdateTime", self.update_time.is_unreadable()),
        ]
        .into_iter()
        .filter_map(|(name, bad)| bad.then_some(name))
        .collect();
        // A binding is known by its domain and always has a certificate, so an expiry:
        // without them, it cannot be told or judged.
        if self.domain_name == Field::Absent {
            what.insert(0, "no DomainName");
        }
        if self.cert_expire_time == Field::Absent {
            what.push("no CertExpireTime");
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

/// `DescribeLiveDomains` request (one page).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDomainsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_status: Option<u8>,
    pub page_size: u64,
    pub page_num: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeDomainsResponse {
    #[serde(default)]
    pub all_count: Option<u64>,
    #[serde(default)]
    pub domain_list: Option<Capped<Box<RawValue>>>,
}

/// The fields of a Live domain that tclive reads, each read on its own (see [`Field`]).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Domain {
    #[serde(default)]
    pub name: Field<String>,
    #[serde(default, rename = "Type")]
    pub kind: Field<i64>,
    #[serde(default)]
    pub status: Field<i64>,
    #[serde(default)]
    pub create_time: Field<ApiTime>,
    /// The entry as a whole could not be read: every field is unreadable.
    #[serde(skip)]
    pub unreadable: bool,
}

impl Entry for Domain {
    fn unreadable() -> Self {
        Domain {
            name: Field::Unreadable,
            kind: Field::Unreadable,
            status: Field::Unreadable,
            create_time: Field::Unreadable,
            unreadable: true,
        }
    }
    fn name(&self) -> Option<&str> {
        self.name.value().map(String::as_str)
    }
    fn problems(&self) -> Option<String> {
        if self.unreadable {
            return Some(NOT_AN_ENTRY.into());
        }
        let mut what: Vec<&str> = [
            ("Name", self.name.is_unreadable()),
            ("Type", self.kind.is_unreadable()),
            ("Status", self.status.is_unreadable()),
            ("CreateTime", self.create_time.is_unreadable()),
        ]
        .into_iter()
        .filter_map(|(name, bad)| bad.then_some(name))
        .collect();
        if self.name == Field::Absent {
            what.insert(0, "no Name");
        }
        (!what.is_empty()).then(|| what.join(", "))
    }
}

/// What [`Entry::problems`] says of an entry that could not be read at all.
const NOT_AN_ENTRY: &str = "not a readable object";

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
fn lossy_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Field::<String>::deserialize(d)? {
        Field::Absent => None,
        Field::Value(s) => Some(s),
        Field::Unreadable => Some("?".into()),
    })
}

/// A list of names read with [`text`]: an entry of another type (or null) is `?`.
fn lossy_names<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Capped<String>>, D::Error> {
    let list: Option<Capped<Field<String>>> = Option::deserialize(d)?;
    Ok(list.map(|l| {
        l.0.into_iter()
            .map(|f| f.into_value().unwrap_or_else(|| "?".into()))
            .collect()
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainInfo<'a> {
    pub domain_name: &'a str,
    pub status: i8,
}

/// `ModifyLiveDomainCertBindings` request, fields in the order of the action's documentation.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyBindingsRequest<'a> {
    pub domain_infos: Vec<DomainInfo<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_cert_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_public_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_private_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_alias: Option<&'a str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainError {
    #[serde(default, deserialize_with = "lossy_text")]
    pub domain_name: Option<String>,
    #[serde(default, deserialize_with = "lossy_text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "lossy_text")]
    pub message: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyBindingsResponse {
    #[serde(default, deserialize_with = "lossy_names")]
    pub mismatched_domain_names: Option<Capped<String>>,
    #[serde(default)]
    pub errors: Option<Capped<DomainError>>,
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

/// A well-formed API answer: the `Response` object as received, as text (field order and
/// every value kept, nothing built in memory but what tclive reads).
#[derive(Debug)]
pub struct Envelope {
    pub response: Box<RawValue>,
    pub request_id: String,
}

impl Envelope {
    /// The action's fields, read from the `Response` object.
    pub fn fields<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.response.get())
    }
}

/// What a body can turn out to be.
#[derive(Debug)]
pub enum Answer {
    Ok(Envelope),
    /// `Response.Error`: the whole request was refused. It wins over any results beside it.
    ApiError {
        envelope: Envelope,
        code: String,
        message: String,
    },
}

/// A string, or nothing when the value is of another type.
fn string_of(raw: Option<&RawValue>) -> Option<String> {
    raw.and_then(|r| serde_json::from_str::<String>(r.get()).ok())
}

/// Parses an HTTP 200 body. `Err` carries why it is not the API's JSON envelope.
pub fn parse_envelope(body: &[u8]) -> Result<Answer, String> {
    const NOT_ENVELOPE: &str = "the answer is JSON but not the API's envelope (no Response object)";
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(rename = "Response", borrow, default)]
        response: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct Head<'a> {
        #[serde(rename = "RequestId", borrow, default)]
        request_id: Option<&'a RawValue>,
        #[serde(rename = "Error", borrow, default)]
        error: Option<&'a RawValue>,
    }
    #[derive(Deserialize)]
    struct ErrorBody<'a> {
        #[serde(rename = "Code", borrow, default)]
        code: Option<&'a RawValue>,
        #[serde(rename = "Message", borrow, default)]
        message: Option<&'a RawValue>,
    }
    let text = std::str::from_utf8(body).map_err(|_| "the answer is not UTF-8 text".to_string())?;
    let top: Top<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            "the answer is truncated JSON".to_string()
        } else if e.is_data() {
            NOT_ENVELOPE.to_string()
        } else {
            format!("the answer is not JSON ({e})")
        }
    })?;
    let response = top
        .response
        .filter(|r| r.get().starts_with('{'))
        .ok_or_else(|| NOT_ENVELOPE.to_string())?;
    let head: Head<'_> =
        serde_json::from_str(response.get()).map_err(|_| NOT_ENVELOPE.to_string())?;
    let request_id = string_of(head.request_id).unwrap_or_else(|| "-".into());
    let envelope = Envelope {
        response: response.to_owned(),
        request_id,
    };
    match head.error.filter(|e| e.get() != "null") {
        Some(err) => {
            let body: Option<ErrorBody<'_>> = serde_json::from_str(err.get()).ok();
            let code = string_of(body.as_ref().and_then(|b| b.code))
                .unwrap_or_else(|| "UnknownError".into());
            let message = string_of(body.as_ref().and_then(|b| b.message)).unwrap_or_default();
            Ok(Answer::ApiError {
                envelope,
                code,
                message,
            })
        }
        None => Ok(Answer::Ok(envelope)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_serialises_in_documented_order_without_absent_fields() {
        let req = ModifyBindingsRequest {
            domain_infos: vec![DomainInfo {
                domain_name: "a.com",
                status: -1,
            }],
            cloud_cert_id: Some("abc"),
            certificate_public_key: None,
            certificate_private_key: None,
            certificate_alias: None,
        };
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"DomainInfos":[{"DomainName":"a.com","Status":-1}],"CloudCertId":"abc"}"#
        );
    }

    #[test]
    fn an_entry_is_read_field_by_field_and_its_strings_lossily() {
        let b = Binding::read(
            r#"{"DomainName":"a\ud800b.example.com","CertificateAlias":"x\udc00\ud83d\ude00","Status":"1","CertExpireTime":"2026-12-01 03:00:00","UpdateTime":"0000-00-00 00:00:00","CloudCertId":null}"#,
        );
        assert_eq!(b.name(), Some("a\u{fffd}b.example.com"));
        assert_eq!(b.certificate_alias.value().unwrap(), "x\u{fffd}\u{1f600}");
        assert_eq!(b.status, Field::Unreadable);
        assert_eq!(b.cert_expire_time, Field::Value(ApiTime(1_796_065_200)));
        assert_eq!(b.update_time, Field::Absent, "the API's zero date is none");
        assert_eq!(b.cloud_cert_id, Field::Absent);
        assert_eq!(b.problems().as_deref(), Some("Status"));
        for raw in [
            "42",
            "[]",
            r#"["a.example.com"]"#,
            r#"{"Status":1,"Status":0}"#,
        ] {
            let b = Binding::read(raw);
            assert!(b.unreadable, "{raw}");
            assert_eq!(b.name(), None);
            assert_eq!(b.problems().as_deref(), Some(NOT_AN_ENTRY));
        }
        let b = Binding::read(r#"{"DomainName":"a.example.com","CertExpireTime":"soon"}"#);
        assert_eq!(b.problems().as_deref(), Some("CertExpireTime"));
        let b = Binding::read(r#"{"DomainName":"a.example.com","CertExpireTime":""}"#);
        assert_eq!(b.problems().as_deref(), Some("no CertExpireTime"));
        let b = Binding::read(r#"{"Status":"on"}"#);
        assert_eq!(
            b.problems().as_deref(),
            Some("no DomainName, Status, no CertExpireTime")
        );
        let d = Domain::read(r#"{"Type":1,"Status":1}"#);
        assert_eq!(d.problems().as_deref(), Some("no Name"));
        assert_eq!(text(r#""plain""#).as_deref(), Some("plain"));
        assert_eq!(text("7"), None);
        assert_eq!(text("[1]"), None);
    }

    #[test]
    fn a_bind_answer_with_a_lone_surrogate_or_an_odd_type_is_still_read() {
        let r: ModifyBindingsResponse = serde_json::from_str(
            r#"{"MismatchedDomainNames":["m\ud800.com",7],"Errors":[{"DomainName":"b.com","Code":12,"Message":"no \udfff"}]}"#,
        )
        .unwrap();
        let m: Vec<&str> = r
            .mismatched_domain_names
            .as_deref()
            .unwrap()
            .iter()
            .map(String::as_str)
            .collect();
        assert_eq!(m, ["m\u{fffd}.com", "?"]);
        let e = &r.errors.as_deref().unwrap()[0];
        assert_eq!(e.code.as_deref(), Some("?"));
        assert_eq!(e.message.as_deref(), Some("no \u{fffd}"));
    }

    #[test]
    fn envelope_shapes() {
        assert!(matches!(
            parse_envelope(br#"{"Response":{"RequestId":"r"}}"#),
            Ok(Answer::Ok(e)) if e.request_id == "r"
        ));
        let both = br#"{"Response":{"Errors":[],"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}"#;
        assert!(
            matches!(parse_envelope(both), Ok(Answer::ApiError { code, .. }) if code == "InternalError")
        );
        assert!(
            parse_envelope(br#"{"Response":{"Req"#)
                .unwrap_err()
                .contains("truncated")
        );
        assert!(parse_envelope(b"<html>").unwrap_err().contains("not JSON"));
        assert!(
            parse_envelope(br#"{"data":1}"#)
                .unwrap_err()
                .contains("envelope")
        );
        assert!(
            parse_envelope(br#"{"Response":[]}"#)
                .unwrap_err()
                .contains("envelope")
        );
        assert!(parse_envelope(b"[]").unwrap_err().contains("envelope"));
    }
}
