//! tclive: parse, settle, run, print the error, exit — and nothing else.

use std::process::ExitCode;

use clap::FromArgMatches;
use tclive::{Settings, cli, signals};

fn main() -> ExitCode {
    // Before anything secret is read: no core dump, no ptrace by other users' processes.
    tclive::hardening::no_core_dumps();
    // From here to the end, SIGINT/SIGTERM end the process: `interrupted`, then death by the
    // signal.
    signals::install();
    let matches = cli::command()
        .try_get_matches()
        .unwrap_or_else(|e| suggest_command(e).exit());
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let settings = Settings::new(&cli.global);
    match tclive::run(&settings, &cli.command) {
        Ok(exit) => exit.into(),
        Err(err) => {
            settings.print_error(&err);
            err.exit().into()
        }
    }
}

/// `tclive bind`, `tclive check`, `tclive list` are natural guesses: clap's own "a similar
/// subcommand exists" tip, pointing at the full command.
fn suggest_command(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() == ErrorKind::InvalidSubcommand
        && let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidSubcommand)
        && matches!(word.as_str(), "bind" | "check" | "list")
    {
        let full = format!("cert {word}");
        e.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(vec![full]),
        );
    }
    e
}
