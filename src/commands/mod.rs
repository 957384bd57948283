//! One module per command, each a short pipeline: settings → inputs → reads → plan → request
//! → outcome → output and exit code.

mod bind;
mod check;
mod credentials;
mod list;
mod man;
mod probe;

use crate::cli::{self, CertCommand, Command, CredentialsCommand, DomainCommand};
use crate::error::Result;
use crate::exit::Exit;
use crate::output::stdout as write_stdout;
use crate::settings::Settings;

pub fn run(ctx: &Settings) -> Result<Exit> {
    match &ctx.cli.command {
        Command::Cert(CertCommand::Bind(args)) => bind::run(ctx, args),
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
