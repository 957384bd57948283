//! `cert check`: a certificate (and key) checked locally, offline.

use crate::check;
use crate::cli::CheckArgs;
use crate::domain::{self, DomainList};
use crate::error::Result;
use crate::exit::Exit;
use crate::input;
use crate::output::Format;
use crate::output::{json_text, stdout as write_stdout};
use crate::settings::Settings;
use crate::text::printable;

pub(crate) fn run(ctx: &Settings, args: &CheckArgs) -> Result<Exit> {
    input::check_stdin_once(&[
        ("--cert", Some(args.cert.as_path())),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    let domains = if args.domains.is_empty() && args.domains_file.is_none() {
        DomainList::default()
    } else {
        input::collect_domains(
            &args.domains,
            args.domains_file.as_deref(),
            true,
            domain::Rules {
                allow_mixed_scripts: args.allow_idn,
            },
            ctx.timeout(),
        )?
    };
    let (cert, key) = input::load_pair(&args.cert, args.key.as_deref(), ctx.timeout())?;
    let names: Vec<String> = domains.specs().iter().map(|d| d.name.clone()).collect();
    let report = check::run(&check::Input {
        cert: &cert,
        key: key.as_ref(),
        domains: &names,
        now: time::OffsetDateTime::now_utc(),
        min_days: args.min_days,
    });
    let out = match ctx.output() {
        Format::Json => json_text(&report)?,
        Format::Tsv => crate::output::table::tsv(
            &report
                .checks
                .iter()
                .map(|c| vec![c.id.into(), c.status.as_str().into(), c.detail.clone()])
                .collect::<Vec<_>>(),
        ),
        // -o prometheus never gets here: commands::run refuses it for cert check.
        Format::Table | Format::Prometheus => {
            let mut t = check_table(&report, ctx.color_stdout(), ctx.stdout_width());
            t.push('\n');
            t.push_str(&verdict(&report, args.strict));
            t
        }
    };
    write_stdout(out.as_bytes())?;
    Ok(if report.failed() || (args.strict && report.warned()) {
        Exit::CertCheck
    } else {
        Exit::Ok
    })
}

/// The table's last line: what the checks come to, and why, with the exit code when it is
/// not 0; `--strict` named whenever a warning is what decides. Only in the table: tsv and
/// json carry each check's status, from which a program decides for itself.
fn verdict(report: &check::Report, strict: bool) -> String {
    let ids = |s: check::Status| -> (usize, String) {
        let ids: Vec<&str> = report.with_status(s).map(|c| c.id).collect();
        (ids.len(), ids.join(", "))
    };
    let (failed, failed_ids) = ids(check::Status::Fail);
    let (warned, warned_ids) = ids(check::Status::Warn);
    let warnings = format!(
        "{warned} warning{} ({warned_ids})",
        if warned == 1 { "" } else { "s" }
    );
    let line = if failed > 0 {
        format!(
            "result: fail: {failed} failed ({failed_ids}){} (exit 3)",
            if warned > 0 {
                format!(", {warnings}")
            } else {
                String::new()
            }
        )
    } else if warned > 0 && strict {
        format!("result: fail: {warnings}, and --strict fails on any warning (exit 3)")
    } else if warned > 0 {
        format!("result: pass with {warnings}; with --strict a warning fails (exit 3)")
    } else {
        let n = report.checks.len();
        format!(
            "result: pass: {n} check{} passed",
            if n == 1 { "" } else { "s" }
        )
    };
    format!("{line}\n")
}

fn check_table(report: &check::Report, color: bool, width: Option<u16>) -> String {
    let mut out = String::new();
    if let Some(s) = &report.summary {
        let rows = [
            ("subject", s.subject.clone()),
            ("names", s.names.join(", ")),
            ("issuer", s.issuer.clone()),
            ("not before", s.not_before.clone()),
            (
                "not after",
                format!("{} ({} days left)", s.not_after, s.days_left),
            ),
            (
                "key",
                if s.key_bits > 0 && s.key_type == "RSA" {
                    format!("RSA {} bits", s.key_bits)
                } else {
                    s.key_type.clone()
                },
            ),
            ("fingerprint", s.sha256_fingerprint.clone()),
            (
                "chain",
                format!("{} certificate(s) after the leaf", s.chain_certificates),
            ),
        ];
        let rows: Vec<(&str, String)> = rows.into_iter().map(|(k, v)| (k, printable(&v))).collect();
        out.push_str(&crate::output::table::key_values(&rows));
        out.push('\n');
    }
    let rows: Vec<Vec<String>> = report
        .checks
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.status.as_str().to_string(),
                printable(&c.detail),
            ]
        })
        .collect();
    let status_color = |col: usize, row: usize| {
        (col == 1)
            .then(|| report.checks.get(row))
            .flatten()
            .map(|c| match c.status {
                check::Status::Pass => comfy_table::Color::Green,
                check::Status::Warn => comfy_table::Color::Yellow,
                check::Status::Fail => comfy_table::Color::Red,
            })
    };
    out.push_str(&crate::output::table::table(
        &["CHECK", "STATUS", "DETAIL"],
        &rows,
        &crate::output::Fit { width, free: &[2] },
        color.then_some(&status_color as &dyn Fn(usize, usize) -> Option<comfy_table::Color>),
    ));
    out
}
