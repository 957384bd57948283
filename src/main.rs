//! tclive: parse, run, map the outcome to an exit code — and nothing else.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
use tclive::{cli, commands, output, settings, signals};

fn main() -> ExitCode {
    // Before anything secret is read: no core dump, no ptrace by other users' processes.
    tclive::hardening::no_core_dumps();
    // From here to the end, SIGINT/SIGTERM end the process with exit 130.
    signals::install();
    let matches = cli::Cli::command().get_matches();
    let profile_source = find_source(&matches, "profile");
    let profile_from_flag = matches!(profile_source, Some(ValueSource::CommandLine));
    let profile_defaulted = matches!(profile_source, Some(ValueSource::DefaultValue) | None);
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let ctx = settings::Settings::new(cli, profile_from_flag, profile_defaulted);
    match commands::run(&ctx) {
        Ok(exit) => exit.into(),
        Err(err) => {
            // Messages quote paths, names and the API's words: escaped where printed.
            output::error(ctx.color_stderr, &err.to_string(), err.hint().as_deref());
            err.exit().into()
        }
    }
}

/// Global options are propagated to the subcommand that was used: look there first.
fn find_source(m: &clap::ArgMatches, id: &str) -> Option<ValueSource> {
    let mut cur = m;
    let mut source = cur.value_source(id);
    while let Some((_, sub)) = cur.subcommand() {
        if let Some(s) = sub.try_get_raw(id).ok().flatten().and(sub.value_source(id)) {
            source = Some(s);
        }
        cur = sub;
    }
    source
}
