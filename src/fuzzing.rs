//! The way in for the fuzz targets of `fuzz/` and their regression tests (below): one entry
//! per parser of outside input, taking the bytes as they arrive (a file's, an answer's body,
//! an environment, an argument), calling the parser the way tclive does and asserting what
//! must hold of every input. Not an API: whatever the modules become, the targets call only
//! these. It sits above every layer (it drives them all) and nothing imports it.
//!
//! An entry panics only where tclive is wrong: a parser that panics, or an invariant broken.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::Path;

use crate::api::live::{self, LIVE};
use crate::api::reads;
use crate::api::ssl::{self, SSL};
use crate::cloud::Keys;
use crate::cloud::envelope::{self, Answer};
use crate::cloud::fields::{ApiTime, Entry, Field, FromJson};
use crate::commands::bind::row::Rows;
use crate::domain::{self, DomainList, DomainSpec, Https};
use crate::error::Error;
use crate::exit::Exit;
use crate::plan::{Action, DomainPlan};
use crate::text::{is_hidden, printable};
use crate::{cert, check, cli, clock, credentials, hook, input, output};

/// An entry: the bytes in, nothing out (it panics where tclive is wrong).
pub type Target = fn(&[u8]);

/// Every entry, by the name of its fuzz target (and of its directories under `fuzz/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("pem_certificate", pem_certificate),
    ("pem_key", pem_key),
    ("domains_file", domains_file),
    ("api_envelope", api_envelope),
    ("bind_answer", bind_answer),
    ("bindings_listing", bindings_listing),
    ("domains_listing", domains_listing),
    ("https_crt", https_crt),
    ("json_output", json_output),
    ("credentials_ini", credentials_ini),
    ("tccli_file", tccli_file),
    ("hook_env", hook_env),
    ("durations", durations),
    ("api_time", api_time),
    ("ssl_answers", ssl_answers),
];

/// "Now" for the certificate checks: fixed, so that an input always takes the same path.
const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// Text that reaches a terminal holds no hidden character (and so no line break or tab).
fn assert_printable(what: &str, s: &str) {
    assert!(!s.chars().any(is_hidden), "{what} is not printable: {s:?}");
}

/// `--cert` (a chain, perhaps with its key in the same file, as some clients write them) and
/// `cert check` on it. What is sent re-loads as the same certificates; the checks always say
/// something, in printable words; `-o json` is never `null`.
pub fn pem_certificate(data: &[u8]) {
    let Ok(chain) = cert::load_cert("fuzz.pem", data) else {
        return;
    };
    let n = chain.ders().len();
    assert!((1..=cert::MAX_CHAIN).contains(&n));
    let sent = chain.pem_in_order(&(0..n).collect::<Vec<_>>());
    let again = cert::load_cert("sent.pem", sent.as_bytes()).expect("what is sent loads again");
    assert_eq!(again.ders(), chain.ders(), "what is sent is what was read");
    let key = cert::load_key("fuzz.pem", data).ok();
    let mut domains: Vec<String> = check::first_names(&chain)
        .iter()
        .filter_map(|n| domain::normalize(n).ok())
        .collect();
    domains.push("play.example.com".into());
    let report = check::run(&check::Input {
        cert: &chain,
        key: key.as_ref(),
        domains: &domains,
        now: time::OffsetDateTime::from_unix_timestamp(NOW).expect("a valid time"),
        min_days: check::DEFAULT_MIN_DAYS,
    });
    assert!(!report.checks.is_empty());
    for c in &report.checks {
        assert_printable(c.id, &c.detail);
    }
    // The leaf and its chain are sent, each once; a certificate left out is said to be
    // (fuzz/regressions/pem_certificate/: leaving one out is by design, silently is not).
    let mut order = report.send_order.clone();
    order.sort_unstable();
    order.dedup();
    assert_eq!(order.len(), report.send_order.len(), "sent once");
    assert!(order.iter().all(|&i| i < n) && !order.is_empty());
    if report.summary.is_some() && order.len() < n {
        assert!(
            report
                .with_status(check::Status::Warn)
                .any(|c| c.detail.contains("will not be sent")),
            "a certificate left out silently"
        );
    }
    if report.summary.is_none() {
        assert!(report.failed(), "no summary without a failed check");
    }
    let _ = chain.pem_in_order(&report.send_order);
    for der in chain.ders() {
        let _ = check::not_after(der);
    }
    let json = output::json_text(&report).expect("a check report is JSON");
    assert_ne!(json, "null\n");
}

/// `--key`: one private key, re-encoded as it is sent, which loads again as the same key.
pub fn pem_key(data: &[u8]) {
    use secrecy::ExposeSecret;
    let Ok(key) = cert::load_key("fuzz.key", data) else {
        return;
    };
    let again = cert::load_key("sent.key", key.pem.expose().as_bytes()).expect("sent key loads");
    assert_eq!(again.kind, key.kind);
    assert_eq!(again.der.expose_secret(), key.der.expose_secret());
}

/// `--domains-file`, its bytes as read: every name accepted is a clean host name that parses
/// again to itself, each once.
pub fn domains_file(data: &[u8]) {
    for allow_mixed_scripts in [false, true] {
        let rules = domain::Rules {
            allow_mixed_scripts,
        };
        let mut list = DomainList::default();
        if let Err(e) = input::domains_file(data, "fuzz.txt", &mut list, rules) {
            assert!(matches!(e, Error::Usage(_)), "{e:?}");
            continue;
        }
        let mut seen = HashSet::new();
        for d in list.specs() {
            assert!(d.name.len() <= 253, "{:?}", d.name);
            assert!(
                d.name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'.'
                    || b == b'*'),
                "{:?}",
                d.name
            );
            assert!(seen.insert(domain::key(&d.name)), "{} twice", d.name);
            let spec = format!("{}:{}", d.name, d.https.as_str());
            assert_eq!(
                domain::parse_spec_with(&spec, &spec, rules),
                Ok((d.name.clone(), d.https)),
                "an accepted name parses again to itself"
            );
            assert!(list.contains(&d.name));
        }
    }
}

/// An HTTP 200 body as the API client judges it: the envelope, and the refusal it stands
/// for: never a success when `Response.Error` is there, always a code to name
/// (fuzz/regressions/api_envelope/: an empty one).
pub fn api_envelope(data: &[u8]) {
    match envelope::parse(data) {
        Err(why) => assert!(!why.is_empty()),
        Ok(Answer::Ok(envelope)) => {
            assert!(envelope.response.get().starts_with('{'));
        }
        Ok(Answer::Refused {
            envelope,
            code,
            message,
        }) => {
            assert!(
                !code.trim().is_empty(),
                "a refusal without a code: {code:?}"
            );
            let e = LIVE.refusal(
                live::MODIFY_BINDINGS,
                &code,
                &message,
                envelope.request_id.as_deref(),
            );
            assert_printable("the error", &e.to_string());
            assert_ne!(e.exit(), Exit::Ok);
            let _ = e.hint(false);
        }
    }
}

/// The plans of the bind the answers of [`bind_answer`] answer: one of them unchanged.
fn requested() -> (Vec<DomainSpec>, Vec<DomainPlan>) {
    let spec = |name: &str, https| DomainSpec {
        name: name.into(),
        https,
        origin: "--domain".into(),
    };
    let specs = vec![
        spec("a.example.com", Https::On),
        spec("b.example.com", Https::Off),
        spec("c.example.com", Https::Keep),
        spec("xn--z6ut02b.xn--fsqu00a.com", Https::On),
    ];
    let mut plans = DomainPlan::forced(&specs);
    plans[2].action = Action::Unchanged;
    (specs, plans)
}

/// A ModifyLiveDomainCertBindings answer and the rows built from it: a row per requested
/// domain, in order, and one for every other domain the answer names; one line of tsv a row;
/// success only when the answer names no error and no mismatch.
pub fn bind_answer(data: &[u8]) {
    let Ok(answer) = envelope::parse(data) else {
        return;
    };
    let request_id = match &answer {
        Answer::Ok(e) | Answer::Refused { envelope: e, .. } => e.request_id.clone(),
    };
    let Ok(resp) =
        reads::fields_of::<live::ModifyBindingsResponse>(&LIVE, live::MODIFY_BINDINGS, answer)
    else {
        return;
    };
    let (specs, plans) = requested();
    let mut r = Rows::planned(plans);
    r.answered(&resp, request_id.as_deref());
    for (row, spec) in r.rows.iter().zip(&specs) {
        assert_eq!(row.domain, spec.name);
    }
    assert!(r.rows.len() >= specs.len());
    let named = resp.errors.as_deref().unwrap_or_default().len()
        + resp
            .mismatched_domain_names
            .as_deref()
            .unwrap_or_default()
            .len();
    assert_eq!(
        r.exit() == Exit::Ok,
        named == 0,
        "success only without errors"
    );
    let tsv = r.tsv();
    assert_eq!(tsv.lines().count(), r.rows.len(), "one tsv line a row");
    for line in tsv.lines() {
        assert_eq!(line.matches('\t').count(), 4, "{line:?}");
        for cell in line.split('\t') {
            assert_printable("a tsv cell", cell);
        }
    }
    let table = r.table(false, None);
    assert!(!table.contains('\x1b'));
    let _ = r.table(true, Some(60));
    assert_printable("the summary", &r.summary());
}

/// An entry of a listing and the answer it comes in.
trait Listed: Entry {
    type Response: serde::de::DeserializeOwned;
}

impl Listed for live::Binding {
    type Response = live::DescribeBindingsResponse;
}

impl Listed for live::Domain {
    type Response = live::DescribeDomainsResponse;
}

impl Listed for ssl::StoredCertificate {
    type Response = ssl::DescribeCertificatesResponse;
}

/// One listing, the server giving `data` for every page: used whole or not at all (as many
/// distinct entries as its total says), each entry read field by field.
fn listing<T: Listed>(
    data: &[u8],
    action: &str,
    page_size: u64,
    page: impl Fn(T::Response) -> (Vec<Box<serde_json::value::RawValue>>, Option<u64>),
) -> Option<Vec<reads::Item<T>>> {
    let fetch = |_: u64, _: u64| {
        let answer = envelope::parse(data).map_err(Error::Transport)?;
        reads::fields_of::<T::Response>(&LIVE, action, answer).map(&page)
    };
    let first = fetch(0, 0).ok();
    let items = match reads::list_all::<T>("fuzz", action, page_size, fetch, |_, _, _| true) {
        Ok(l) => {
            assert!(l.complete);
            l.items
        }
        Err(e) => {
            assert_ne!(e.exit(), Exit::Ok);
            return None;
        }
    };
    if let Some((_, Some(total))) = first {
        assert_eq!(items.len() as u64, total, "a listing is whole");
    }
    let mut names = HashSet::new();
    for (raw, item) in &items {
        let key = item.key().unwrap_or_else(|| raw.get().to_string());
        assert!(names.insert(key), "an entry is listed once");
        if let Some(p) = item.problems() {
            assert!(!p.is_empty());
        }
    }
    Some(items)
}

/// DescribeLiveDomainCertBindings (`cert list`, `--match-san`, the reads before a bind).
pub fn bindings_listing(data: &[u8]) {
    let Some(items) =
        listing::<live::Binding>(data, live::DESCRIBE_BINDINGS, reads::BINDINGS_PAGE, |r| {
            (
                r.live_domain_cert_bindings.unwrap_or_default().0,
                r.total_num,
            )
        })
    else {
        return;
    };
    for (_, b) in &items {
        // What `cert list` shows of it.
        let _ = (
            b.cert_expire_time.show(|t| clock::utc(t.0)),
            b.update_time.show(|t| clock::utc(t.0)),
            domain::https_word(b.status.value().copied()),
            b.cloud_cert_id.show(|s| printable(s)),
            b.certificate_alias.show(|s| printable(s)),
        );
        if b.name().is_none() || b.cert_expire_time.value().is_none() {
            assert!(
                b.problems().is_some(),
                "an entry that cannot be told is one"
            );
        }
    }
}

/// DescribeLiveDomains (`domain list`).
pub fn domains_listing(data: &[u8]) {
    let Some(items) =
        listing::<live::Domain>(data, live::DESCRIBE_DOMAINS, reads::DOMAINS_PAGE, |r| {
            (r.domain_list.unwrap_or_default().0, r.all_count)
        })
    else {
        return;
    };
    for (_, d) in &items {
        let _ = d.create_time.show(|t| clock::utc(t.0));
        if d.name().is_none() {
            assert!(
                d.problems().is_some(),
                "an entry that cannot be told is one"
            );
        }
    }
}

/// The bound certificate: a DescribeLiveDomainCert answer, or (when `data` is no envelope)
/// `HttpsCrt`'s text itself, in any of its forms (real or escaped line breaks).
pub fn https_crt(data: &[u8]) {
    let fingerprints = match envelope::parse(data) {
        Ok(answer) => {
            match reads::fields_of::<live::DescribeCertResponse>(&LIVE, live::DESCRIBE_CERT, answer)
            {
                Ok(info) => match reads::bound_cert(info) {
                    reads::BoundCert::Chain(c) => Some(c),
                    _ => None,
                },
                Err(_) => None,
            }
        }
        Err(_) => reads::chain_fingerprints(&String::from_utf8_lossy(data)),
    };
    if let Some(chain) = fingerprints {
        assert!((1..=cert::MAX_CHAIN).contains(&chain.len()));
        for fp in &chain {
            let hex = fp.strip_prefix("sha256:").expect("a sha256: fingerprint");
            assert!(hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }
}

/// `-o json`: an answer (`cert bind`) or a listing's entries (`cert list`, `domain list`)
/// as received. Never `null`: the same JSON value as the answer, every hidden character
/// escaped (fuzz/regressions/json_output/).
pub fn json_output(data: &[u8]) {
    let Ok(answer) = envelope::parse(data) else {
        return;
    };
    let envelope = match &answer {
        Answer::Ok(e) | Answer::Refused { envelope: e, .. } => e,
    };
    let text = output::json_text(&output::Raw(&envelope.response)).expect("-o json of an answer");
    same_json(envelope.response.get(), &text);
    if let Ok(r) = envelope.fields::<live::DescribeBindingsResponse>() {
        let entries = r.live_domain_cert_bindings.unwrap_or_default().0;
        let arr: Vec<output::Raw<'_>> = entries.iter().map(|v| output::Raw(v)).collect();
        let text = output::json_text(&arr).expect("-o json of a listing");
        let joined: Vec<&str> = entries.iter().map(|v| v.get()).collect();
        same_json(&format!("[{}]", joined.join(",")), &text);
    }
}

/// `printed` is a JSON document with nothing hidden in it, and the same value as `received`
/// (as serde reads them; a text serde cannot read as a value, as a lone surrogate escape,
/// must be printed as JSON all the same).
fn same_json(received: &str, printed: &str) {
    assert_ne!(printed, "null\n", "-o json printed null for {received:?}");
    assert!(
        !printed.chars().any(|c| c != '\n' && is_hidden(c)),
        "{printed:?}"
    );
    match serde_json::from_str::<serde_json::Value>(received) {
        Ok(value) => {
            let back: serde_json::Value = serde_json::from_str(printed).expect("-o json is JSON");
            assert_eq!(back, value, "-o json is the answer as received");
        }
        Err(_) => {
            serde_json::from_str::<&serde_json::value::RawValue>(printed).expect("JSON");
        }
    }
}

/// The environment the credential files are read with: empty (no role, no session name).
fn no_env(_: &str) -> Option<OsString> {
    None
}

/// The values `found` in `text` that are surely secrets: long enough to be keys, and found
/// once (so that no other field, quoted in an error, holds one).
fn secret_values(text: &str, found: &[String]) -> Vec<String> {
    found
        .iter()
        .filter(|v| v.len() >= 12 && v.chars().all(|c| c.is_ascii_alphanumeric()))
        .filter(|v| text.matches(v.as_str()).count() == 1)
        .cloned()
        .collect()
}

/// Keys that were accepted can sign: no whitespace or control character in them.
fn assert_signable(k: &Keys) {
    let bad = |s: &str| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control());
    assert!(!bad(&k.secret_id) && !bad(k.secret_key.expose()));
    assert!(!k.token.as_ref().is_some_and(|t| bad(t.expose())));
}

/// Whatever error a credential file gives, it never quotes a key of the file.
fn assert_unquoted(e: &Error, secrets: &[String]) {
    let shown = e.to_string();
    for s in secrets {
        assert!(
            !shown.contains(s.as_str()),
            "an error quotes a secret: {shown}"
        );
    }
}

fn lookup(profile: &str) -> credentials::Lookup<'_> {
    credentials::Lookup {
        env: &no_env,
        home: None,
        profile,
        profile_from_flag: false,
        only: credentials::Only::Auto,
    }
}

/// The SDK's INI credentials file, as read for the profiles `default` and `prod`.
pub fn credentials_ini(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // What the file assigns to a key name, by the simplest reading.
    let values: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| ["secret_id", "secret_key", "token"].contains(&k.trim()))
        .map(|(_, v)| v.trim().to_string())
        .collect();
    let secrets = secret_values(text, &values);
    for profile in ["default", "prod"] {
        let path = Path::new("/nonexistent/fuzz/credentials");
        match credentials::parse_ini(text, path, &lookup(profile), &mut Vec::new()) {
            Ok(credentials::IniOutcome::Found(keys, _, role)) => {
                assert_signable(&keys);
                if let Some(role) = role {
                    assert!(role.arn.starts_with("qcs::cam::"), "{:?}", role.arn);
                }
            }
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.exit(), Exit::Credentials);
                assert_unquoted(&e, &secrets);
            }
        }
    }
}

/// tccli's `<profile>.credential` JSON file.
pub fn tccli_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let values: Vec<String> = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(m)) => ["secretId", "secretKey", "token"]
            .iter()
            .filter_map(|k| m.get(*k).and_then(|v| v.as_str()).map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let secrets = secret_values(text, &values);
    let path = Path::new("/nonexistent/fuzz/default.credential");
    match credentials::parse_tccli(text, path, &lookup("default"), &[], &mut Vec::new()) {
        Ok(credentials::Provider::Stored { keys, .. }) => assert_signable(&keys),
        Ok(credentials::Provider::AssumeRole { base, role }) => {
            if let credentials::Provider::Stored { keys, .. } = *base {
                assert_signable(&keys);
            }
            assert!(role.arn.starts_with("qcs::cam::"), "{:?}", role.arn);
        }
        Ok(_) => {}
        Err(e) => {
            assert_eq!(e.exit(), Exit::Credentials);
            assert_unquoted(&e, &secrets);
        }
    }
}

/// `--from-hook-env`: an environment of `NAME=VALUE` entries parted by NUL bytes (values of
/// any bytes, as paths are), the last of a name winning.
pub fn hook_env(data: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    let mut env: std::collections::HashMap<String, OsString> = Default::default();
    for entry in data.split(|&b| b == 0) {
        let Some(eq) = entry.iter().position(|&b| b == b'=') else {
            continue;
        };
        let name = String::from_utf8_lossy(&entry[..eq]).into_owned();
        env.insert(name, std::ffi::OsStr::from_bytes(&entry[eq + 1..]).into());
    }
    let get = |k: &str| env.get(k).cloned();
    match hook::resolve(&get) {
        Ok(p) => {
            assert!(["certbot", "lego v5", "lego v4", "acme.sh"].contains(&p.client));
            assert!(!p.cert.as_os_str().is_empty() && !p.key.as_os_str().is_empty());
        }
        Err(e) => assert!(e.starts_with("--from-hook-env: "), "{e}"),
    }
}

/// `--timeout`, `--retry-budget`, `--wait-served` and `--expiring-within`: accepted only
/// above zero and within their bounds; what tclive shows of one reads back as it.
pub fn durations(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let wait = cli::wait("--timeout", "30s");
    let window = cli::window("21d");
    type Parser<'a> = &'a dyn Fn(&str) -> Result<std::time::Duration, String>;
    let parsers: [(Parser<'_>, _); 2] = [(&wait, cli::MAX_WAIT), (&window, cli::MAX_WINDOW)];
    for (parse, max) in parsers {
        match parse(s) {
            Ok(d) => {
                assert!(!d.is_zero() && d <= max, "{d:?}");
                let _ = crate::text::duration(d);
                let shown = humantime::format_duration(d).to_string();
                assert_eq!(humantime::parse_duration(&shown).ok(), Some(d), "{shown}");
            }
            Err(e) => assert!(!e.is_empty()),
        }
    }
}

/// The API's times (CertExpireTime, UpdateTime, CreateTime): a time read is shown in UTC,
/// which reads back as the same time; read as a JSON field, it is the same
/// (fuzz/regressions/api_time/: one past the years UTC can be written in).
pub fn api_time(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let t = clock::parse_api_time(s);
    if let Some(t) = t {
        let shown = clock::utc(t);
        assert_eq!(clock::parse_api_time(&shown), Some(t), "{shown}");
    }
    let json = serde_json::to_string(s).expect("a string is JSON");
    let field = <ApiTime as FromJson>::from_json(&json);
    match s.trim() {
        "" | "0000-00-00 00:00:00" => assert_eq!(field, Field::Absent),
        _ => assert_eq!(field.into_value().map(|a| a.0), t),
    }
}

/// The SSL Certificate service's answers as tclive reads them: the upload's id, the delete's
/// and its tasks' results, the mute's, and the stored certificates' listing judged as `cert
/// prune` judges it. Only an id that can be sent as printed is ever to be sent; only an
/// uploaded server certificate, expired or superseded by another listed one, is selected.
pub fn ssl_answers(data: &[u8]) {
    if envelope::parse(data).is_err() {
        return;
    }
    // Each read takes the answer whole, as tclive's do: parsed again for each.
    let read = |action: &str| {
        let answer = envelope::parse(data).map_err(Error::Transport)?;
        reads::fields_of::<serde_json::Value>(&SSL, action, answer)
    };
    if let Ok(v) = read(ssl::UPLOAD)
        && let Ok(up) = serde_json::from_value::<ssl::UploadResponse>(v)
        && let Some(stored) = up.stored()
    {
        assert!(ssl::usable_id(&stored.id), "an id to bind: {:?}", stored.id);
    }
    for action in [
        ssl::DELETE_CERTIFICATES,
        ssl::DESCRIBE_DELETE_TASKS,
        ssl::MUTE_EXPIRY,
    ] {
        let _ = read(action).map(|v| {
            let _ = serde_json::from_value::<ssl::DeleteResponse>(v.clone());
            let _ = serde_json::from_value::<ssl::TasksResponse>(v.clone());
            let _ = serde_json::from_value::<ssl::MuteResponse>(v);
        });
    }
    let Some(items) = listing::<ssl::StoredCertificate>(
        data,
        ssl::DESCRIBE_CERTIFICATES,
        ssl::CERTIFICATES_PAGE,
        |r| (r.certificates.unwrap_or_default().0, r.total_count),
    ) else {
        return;
    };
    let store = crate::commands::retire::Store::new(items, HashSet::new());
    let bound = HashSet::new();
    let verdicts = store.leftovers(NOW, &bound);
    assert_eq!(verdicts.len(), store.certs.len());
    for (c, verdict) in store.certs.iter().zip(&verdicts) {
        assert!(ssl::usable_id(&c.id), "a listed id: {:?}", c.id);
        let row =
            crate::commands::retire::judged(c, cli::RetireOld::Delete, &bound, |_| verdict.clone());
        assert_eq!(row.id, c.id, "the id sent is the one listed");
        assert_printable("an id", &row.certificate_id);
        for n in &row.names {
            assert_printable("a name", n);
        }
        if let Ok(why) = verdict {
            assert_eq!(
                c.from.as_deref(),
                Some("upload"),
                "only uploads are selected"
            );
            let why = why.as_deref().unwrap_or_default();
            let expired = c.end.is_some_and(|e| e <= NOW);
            assert!(
                expired || why.starts_with("superseded by ") || why.starts_with("a copy of "),
                "selected for no reason: {why:?}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::TARGETS;

    /// The files of `fuzz/<kind>/`, by target: a directory that is missing, empty or named
    /// after no target is an error, never nothing to test.
    fn inputs(kind: &str) -> BTreeMap<String, Vec<PathBuf>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(kind);
        let mut by_target = BTreeMap::new();
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                TARGETS.iter().any(|(t, _)| *t == name),
                "{}: no fuzz target is called {name}",
                path.display()
            );
            let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
                .unwrap()
                .map(|f| f.unwrap().path())
                .collect();
            files.sort();
            assert!(!files.is_empty(), "{} is empty", path.display());
            by_target.insert(name, files);
        }
        assert!(!by_target.is_empty(), "{} is empty", dir.display());
        by_target
    }

    /// Feeds each file to its target's entry; the files that made it panic, and how many
    /// were fed.
    fn failures(kind: &str) -> (Vec<String>, usize) {
        failures_of(inputs(kind))
    }

    /// [`failures`] of the given files, by target.
    fn failures_of(
        by_target: impl IntoIterator<Item = (String, Vec<PathBuf>)>,
    ) -> (Vec<String>, usize) {
        let mut failed = Vec::new();
        let mut fed = 0;
        for (target, files) in by_target {
            let entry = TARGETS.iter().find(|(t, _)| *t == target).unwrap().1;
            for file in files {
                let data = std::fs::read(&file).unwrap();
                fed += 1;
                if std::panic::catch_unwind(|| entry(&data)).is_err() {
                    failed.push(file.display().to_string());
                }
            }
        }
        (failed, fed)
    }

    #[test]
    fn every_fuzz_target_has_an_entry_and_seeds() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut names: Vec<String> = TARGETS.iter().map(|(t, _)| format!("{t}.rs")).collect();
        names.sort();
        assert_eq!(
            files, names,
            "fuzz/fuzz_targets/ and fuzzing::TARGETS differ"
        );
        let seeded: Vec<String> = inputs("seeds").into_keys().collect();
        let mut targets: Vec<String> = TARGETS.iter().map(|(t, _)| t.to_string()).collect();
        targets.sort();
        assert_eq!(seeded, targets, "a target without seeds in fuzz/seeds/");
    }

    #[test]
    fn the_seed_inputs_pass_their_targets() {
        let (failed, fed) = failures("seeds");
        assert!(fed >= TARGETS.len(), "{fed} seeds fed");
        assert!(failed.is_empty(), "panicked: {failed:#?}");
    }

    /// The targets whose committed corpus is left to the fuzzer: every secret an input
    /// holds stays in the process-wide registry of `redact`, so in one process that feeds a
    /// thousand inputs each scrub rebuilds an automaton of all the secrets read so far (60%
    /// of the time): 8 s for tccli_file's 1,318 inputs and 6 s for pem_certificate's 961 in
    /// a debug build, against 0.4 s at most for each of the others.
    const CORPUS_LEFT_TO_THE_FUZZER: &[&str] = &["pem_certificate", "tccli_file"];

    /// The committed corpora (`fuzz/corpus/`, minimised with `scripts/fuzz --cmin`): what
    /// the fuzzers reached, fed on every `cargo test`, so that a change that makes a parser
    /// panic or break an invariant on any of it fails here without a nightly toolchain.
    /// Every target has a corpus.
    #[test]
    fn every_committed_corpus_input_passes_its_target() {
        let corpora = inputs("corpus");
        let mut targets: Vec<String> = TARGETS.iter().map(|(t, _)| t.to_string()).collect();
        targets.sort();
        let named: Vec<String> = corpora.keys().cloned().collect();
        assert_eq!(named, targets, "a target without a corpus in fuzz/corpus/");
        let (failed, fed) = failures_of(
            corpora
                .into_iter()
                .filter(|(t, _)| !CORPUS_LEFT_TO_THE_FUZZER.contains(&t.as_str())),
        );
        assert!(fed >= 1_000, "{fed} corpus inputs fed");
        assert!(failed.is_empty(), "panicked: {failed:#?}");
    }

    #[test]
    fn every_input_a_fuzz_target_crashed_on_passes_it_now() {
        let (failed, fed) = failures("regressions");
        assert!(fed > 0, "no regression input was fed");
        assert!(failed.is_empty(), "panicked: {failed:#?}");
    }
}
