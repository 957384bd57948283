//! `credentials show`: which credentials would be used, never a secret.

use crate::api::live::{self, LIVE};
use crate::api::reads::read;
use crate::api::ssl::{self, SSL};
use crate::cli::ShowArgs;
use crate::error::Error;
use crate::error::Result;
use crate::exit::Exit;
use crate::output::Format;
use crate::output::{json_text, stdout as write_stdout};
use crate::settings::Settings;

pub(crate) fn show(ctx: &Settings, args: &ShowArgs) -> Result<Exit> {
    let endpoint = ctx.endpoint(&LIVE)?;
    let live = ctx.credentials()?;
    let creds = live.current();
    let token = creds.token.is_some();
    let source = live.provider().name();
    let expires = live.expires().map(crate::clock::utc);
    let role = live.role();
    let fields: [(&str, String); 8] = [
        ("source", source.clone()),
        ("profile", ctx.profile()?.to_string()),
        ("secret_id", crate::secret::mask_id(&creds.secret_id)),
        ("token", if token { "present" } else { "none" }.to_string()),
        ("role", role.clone().unwrap_or_else(|| "-".into())),
        ("expires", expires.clone().unwrap_or_else(|| "-".into())),
        ("region", ctx.region()?.unwrap_or("-").to_string()),
        ("endpoint", endpoint.url.to_string()),
    ];
    // The checks run first, so that -o json prints one document holding both.
    let checked = if args.check {
        Some(try_reads(ctx)?)
    } else {
        None
    };
    let out = match ctx.output() {
        Format::Json => {
            let mut v = serde_json::json!({
                "source": source,
                "profile": ctx.profile()?,
                "secret_id": crate::secret::mask_id(&creds.secret_id),
                "token": token,
                "role": role,
                "expires": expires,
                "region": ctx.region()?,
                "endpoint": endpoint.url.as_str(),
            });
            if let Some(c) = &checked {
                v["check"] = c.json.clone();
            }
            json_text(&v)?
        }
        Format::Tsv => crate::output::table::tsv(
            &fields
                .iter()
                .map(|(k, v)| vec![k.to_string(), v.clone()])
                .collect::<Vec<_>>(),
        ),
        // -o prometheus never gets here: commands::run refuses it for credentials show.
        Format::Table | Format::Prometheus => crate::output::table::key_values(
            &fields
                .iter()
                .map(|(k, v)| (*k, crate::text::printable(v)))
                .collect::<Vec<_>>(),
        ),
    };
    write_stdout(out.as_bytes())?;
    let Some(checked) = checked else {
        return Ok(Exit::Ok);
    };
    if ctx.output() != Format::Json {
        write_stdout(checked.text.as_bytes())?;
    }
    crate::output::errln!(
        "live:{} was not tried: it would change bindings; ssl:{} (key-pair binds) was not \
         tried: it would store a certificate",
        live::MODIFY_BINDINGS,
        ssl::UPLOAD
    );
    Ok(checked.exit)
}

/// What `--check` found, in each output form.
struct Checked {
    json: serde_json::Value,
    text: String,
    exit: Exit,
}

/// How one action fared.
enum Verdict {
    Allowed,
    NotPermitted(String),
    Other(String),
}

/// `service:Action`, as CAM names it.
fn qualified(action: &str) -> String {
    let service = if action == ssl::DESCRIBE_CERTIFICATES {
        SSL.service
    } else {
        LIVE.service
    };
    format!("{service}:{action}")
}

/// Tries each read action the commands need, once, with the smallest request; a bind is not
/// tried (it would change something).
fn try_reads(ctx: &Settings) -> Result<Checked> {
    // A bad TCLIVE_SSL_ENDPOINT is refused before anything is sent.
    ctx.endpoint(&SSL)?;
    let mut session = ctx.session(&LIVE)?;
    let policy = ctx.policy();
    let verdict = |r: Result<()>| -> Result<Verdict> {
        match r {
            Ok(()) => Ok(Verdict::Allowed),
            Err(Error::NotPermitted { code, .. }) => Ok(Verdict::NotPermitted(code)),
            // Any answer of the API's own that is not a refusal means CAM let it through.
            Err(Error::Api { .. }) => Ok(Verdict::Allowed),
            // The account's state or an unusable key concerns every action: say it once.
            Err(
                e @ (Error::Account { .. }
                | Error::Clock { .. }
                | Error::Transport(_)
                | Error::Tls(_)
                | Error::TlsVersion(_)),
            ) => Err(e),
            Err(Error::MaybeApplied { cause, .. }) => Err(*cause),
            Err(e) => Ok(Verdict::Other(e.to_string())),
        }
    };
    let mut results: Vec<(&str, Verdict, &str)> = Vec::new();
    let r = read::<live::DescribeBindingsResponse>(
        &mut session,
        live::DESCRIBE_BINDINGS,
        &live::DescribeBindingsRequest {
            domain_search: None,
            domain_name: None,
            offset: 0,
            length: 1,
            order_by: "ExpireTimeAsc",
        },
        policy,
    );
    results.push((
        live::DESCRIBE_BINDINGS,
        verdict(r.map(|_| ()))?,
        "cert list, and the reads before every bind",
    ));
    let domains = read::<live::DescribeDomainsResponse>(
        &mut session,
        live::DESCRIBE_DOMAINS,
        &live::DescribeDomainsRequest {
            domain_type: Some(1),
            domain_status: None,
            page_size: 10,
            page_num: 1,
        },
        policy,
    );
    // DescribeLiveDomainCert needs a domain: the account's first play domain, if it has one.
    let first = domains.as_ref().ok().and_then(|d| {
        d.domain_list.as_ref().and_then(|l| {
            l.first()
                .and_then(|raw| serde_json::from_str::<live::Domain>(raw.get()).ok())
                .and_then(|d| d.name.into_value())
        })
    });
    results.push((
        live::DESCRIBE_DOMAINS,
        verdict(domains.map(|_| ()))?,
        "domain list, bind --match-san",
    ));
    let probe = first.unwrap_or_else(|| "tclive-permission-check.example.com".into());
    let r = read::<live::DescribeCertResponse>(
        &mut session,
        live::DESCRIBE_CERT,
        &live::DescribeCertRequest {
            domain_name: &probe,
        },
        policy,
    );
    results.push((
        live::DESCRIBE_CERT,
        verdict(r.map(|_| ()))?,
        "key-pair binds (is the bound certificate this one?)",
    ));
    // The SSL service's read, on its own session: where a key pair is stored before it is
    // bound. Its host unreachable says so in its row; the Live rows above still stand.
    let ssl = ctx.session(&SSL).and_then(|mut ssl| {
        read::<ssl::DescribeCertificatesResponse>(
            &mut ssl,
            ssl::DESCRIBE_CERTIFICATES,
            &ssl::DescribeCertificatesRequest {
                offset: 0,
                limit: 1,
                search_key: None,
                filter_source: Some("upload"),
                cert_ids: None,
            },
            policy,
        )
    });
    let ssl_verdict = match ssl {
        Err(e @ Error::Usage(_)) => return Err(e),
        Err(e @ (Error::Transport(_) | Error::Tls(_) | Error::TlsVersion(_))) => {
            Verdict::Other(e.to_string())
        }
        r => verdict(r.map(|_| ()))?,
    };
    // No command needs this read yet (key-pair binds need ssl:UploadCertificate, which is
    // not tried): its row informs, and a refusal of it does not fail the check.
    results.push((
        ssl::DESCRIBE_CERTIFICATES,
        ssl_verdict,
        "informational: does the SSL certificate service answer this identity",
    ));
    let word = |v: &Verdict| match v {
        Verdict::Allowed => "allowed".to_string(),
        Verdict::NotPermitted(code) => format!("not permitted ({code})"),
        Verdict::Other(e) => format!("unknown: {e}"),
    };
    let json = serde_json::json!(
        results
            .iter()
            .map(|(a, v, used)| serde_json::json!({
                "action": qualified(a),
                "allowed": matches!(v, Verdict::Allowed),
                "result": word(v),
                "used_by": used,
            }))
            .collect::<Vec<_>>()
    );
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(a, v, used)| vec![qualified(a), word(v), used.to_string()])
        .collect();
    let text = if ctx.output() == Format::Tsv {
        crate::output::table::tsv(&rows)
    } else {
        format!(
            "\n{}",
            crate::output::table::simple_table(
                &["ACTION", "RESULT", "USED BY"],
                &rows,
                &ctx.fit(&[2])
            )
        )
    };
    let exit = if results
        .iter()
        .filter(|(a, _, _)| *a != ssl::DESCRIBE_CERTIFICATES)
        .all(|(_, v, _)| matches!(v, Verdict::Allowed))
    {
        Exit::Ok
    } else {
        Exit::Credentials
    };
    Ok(Checked { json, text, exit })
}
