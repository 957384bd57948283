//! One module per command, each a short pipeline: settings → inputs → reads → plan → request
//! → outcome → output and exit code.

pub(crate) mod bind;
mod check;
mod credentials;
mod list;
mod man;
mod metrics;
mod probe;
mod prune;
pub(crate) mod retire;
mod unbind;

use crate::cli::{self, CertCommand, Command, CredentialsCommand, DomainCommand};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::output::Format;
use crate::output::stdout as write_stdout;
use crate::settings::Settings;

/// Runs `command` with the settled `ctx`.
pub fn run(ctx: &Settings, command: &Command) -> Result<Exit> {
    if ctx.output() != Format::Prometheus {
        return dispatch(ctx, command);
    }
    let Some(name) = metrics::command_name(command) else {
        return Err(Error::Usage(format!(
            "-o prometheus is for `cert list`, `cert probe` and `domain list`; `{}` writes \
             table, tsv or json: use one of them",
            command_path(command)
        )));
    };
    // A run that fails still says so on stdout, where the metrics file is written: the run's
    // metrics with tclive_run_success 0 and the exit code it ends with.
    dispatch(ctx, command).inspect_err(|e| {
        let _ = write_stdout(metrics::run_metrics(name, e.exit(), false, &[]).as_bytes());
    })
}

/// The words of `command` as typed (`cert bind`).
fn command_path(command: &Command) -> &'static str {
    match command {
        Command::Cert(CertCommand::Bind(_)) => "cert bind",
        Command::Cert(CertCommand::Unbind(_)) => "cert unbind",
        Command::Cert(CertCommand::Prune(_)) => "cert prune",
        Command::Cert(CertCommand::Check(_)) => "cert check",
        Command::Cert(CertCommand::List(_)) => "cert list",
        Command::Cert(CertCommand::Probe(_)) => "cert probe",
        Command::Domain(DomainCommand::List(_)) => "domain list",
        Command::Credentials(CredentialsCommand::Show(_)) => "credentials show",
        Command::Completions { .. } => "completions",
        Command::Man => "man",
    }
}

fn dispatch(ctx: &Settings, command: &Command) -> Result<Exit> {
    if ctx.dry_run()
        && let Some(why) = dry_run_refusal(command)
    {
        return Err(Error::Usage(format!(
            "{why} (--dry-run never reads credentials and never sends anything)"
        )));
    }
    match command {
        Command::Cert(CertCommand::Bind(args)) => bind::run(ctx, args),
        Command::Cert(CertCommand::Unbind(args)) => unbind::run(ctx, args),
        Command::Cert(CertCommand::Prune(args)) => prune::run(ctx, args),
        Command::Cert(CertCommand::Check(args)) => check::run(ctx, args),
        Command::Cert(CertCommand::List(args)) => list::certs(ctx, args),
        Command::Cert(CertCommand::Probe(args)) => probe::run(ctx, args),
        Command::Domain(DomainCommand::List(args)) => list::domains(ctx, args),
        Command::Credentials(CredentialsCommand::Show(args)) => credentials::show(ctx, args),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut cli::command(), "tclive", &mut buf);
            write_stdout(&buf)?;
            Ok(Exit::Ok)
        }
        Command::Man => {
            write_stdout(&man::page()?)?;
            Ok(Exit::Ok)
        }
    }
}

/// The one rule of `--dry-run`, for every command: it never reads credentials and never sends
/// anything. `cert bind` prints the request it would send; a command (or a `cert bind`
/// option) that would read credentials or send anything refuses it, saying why and what to
/// run instead; `cert check`, `completions` and `man` do neither and are unaffected.
fn dry_run_refusal(command: &Command) -> Option<String> {
    let reads = |what: &str, does: &str| {
        format!("--dry-run applies to changes; `{what}` {does}: run it without --dry-run")
    };
    Some(match command {
        Command::Cert(CertCommand::Bind(args)) => {
            if args.plan {
                "--plan reads the current bindings from the API, which --dry-run never does; \
                 use one of them"
                    .into()
            } else if args.match_san {
                "--match-san reads the domain list from the API, which --dry-run never does; \
                 run the dry run with explicit --domain names"
                    .into()
            } else if args.wait_served.is_some() {
                "--wait-served probes what the servers hand out after a real bind, which \
                 --dry-run never makes; use one of them"
                    .into()
            } else {
                return None;
            }
        }
        Command::Cert(CertCommand::Unbind(args)) if args.plan => {
            "--plan reads the current bindings from the API, which --dry-run never does; \
             use one of them"
                .into()
        }
        Command::Cert(CertCommand::Unbind(_)) => return None,
        Command::Cert(CertCommand::Prune(_)) => "`cert prune` decides what to delete from \
             the listings of the account, which --dry-run never reads: run `cert prune` \
             without --yes to see its plan (it changes nothing)"
            .into(),
        Command::Cert(CertCommand::List(_)) => reads(
            "cert list",
            "only reads (with credentials, from the API; it changes nothing)",
        ),
        Command::Domain(DomainCommand::List(_)) => reads(
            "domain list",
            "only reads (with credentials, from the API; it changes nothing)",
        ),
        Command::Cert(CertCommand::Probe(args)) => reads(
            "cert probe",
            if args.expect_bound {
                "changes nothing (it sends TLS handshakes, and --expect-bound reads the \
                 bindings with credentials)"
            } else {
                "changes nothing (it sends TLS handshakes to the domains' servers)"
            },
        ),
        Command::Credentials(CredentialsCommand::Show(args)) => reads(
            "credentials show",
            if args.check {
                "changes nothing (it reads the credentials and tries read actions of the API)"
            } else {
                "changes nothing (it reads the credentials, and fetches temporary keys)"
            },
        ),
        Command::Cert(CertCommand::Check(_)) | Command::Completions { .. } | Command::Man => {
            return None;
        }
    })
}
