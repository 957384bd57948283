//! `credentials show`: which credentials would be used, never a secret.

use crate::cli::Output;
use crate::credentials;
use crate::error::Result;
use crate::exit::Exit;
use crate::output::{json_text, stdout as write_stdout};
use crate::report;
use crate::settings::Settings;

pub(crate) fn show(ctx: &Settings) -> Result<Exit> {
    let g = &ctx.cli.global;
    let endpoint = ctx.endpoint()?;
    let creds = ctx.credentials()?;
    let token = creds.token.is_some();
    let fields: [(&str, String); 6] = [
        ("source", creds.source.clone()),
        ("profile", g.profile.clone()),
        ("secret_id", credentials::mask_id(&creds.secret_id)),
        ("token", if token { "present" } else { "none" }.to_string()),
        ("region", ctx.region().unwrap_or("-").to_string()),
        ("endpoint", endpoint.url.to_string()),
    ];
    let out = match g.output {
        Output::Json => {
            let v = serde_json::json!({
                "source": creds.source,
                "profile": g.profile,
                "secret_id": credentials::mask_id(&creds.secret_id),
                "token": token,
                "region": ctx.region(),
                "endpoint": endpoint.url.as_str(),
            });
            json_text(&v)
        }
        Output::Tsv => report::tsv(
            &fields
                .iter()
                .map(|(k, v)| vec![k.to_string(), v.clone()])
                .collect::<Vec<_>>(),
        ),
        Output::Table => report::key_values(
            &fields
                .iter()
                .map(|(k, v)| (*k, crate::text::printable(v)))
                .collect::<Vec<_>>(),
        ),
    };
    write_stdout(out.as_bytes())?;
    Ok(Exit::Ok)
}
