//! Flags and environment turned into validated settings, once: colour, terminals, endpoint,
//! region, retry policy, the session every request of a command goes through, credentials.

use std::io::IsTerminal;

use crate::api::client::{self, Policy};
use crate::api::request::Target;
use crate::cli::{Cli, ColorChoice};
use crate::credentials::fetch::{Creds, Net};
use crate::credentials::{self, Lookup};
use crate::endpoint::{self, Endpoint};
use crate::error::{Error, Result};
use crate::text::printable;

/// Decisions derived once from the flags and the environment.
pub struct Settings {
    pub cli: Cli,
    /// --profile, else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`.
    pub profile: String,
    pub profile_from_flag: bool,
    /// --endpoint, else TCLIVE_ENDPOINT, else the public endpoint.
    endpoint: String,
    /// --region, else TENCENTCLOUD_REGION.
    region: Option<String>,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub stdout_tty: bool,
    /// The terminal's width when stdout is one: tables are fitted to it.
    pub stdout_width: Option<u16>,
}

/// The width of the terminal on stdout, when stdout is one and says its size.
fn terminal_width() -> Option<u16> {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .map(|w| w.ws_col)
        .filter(|&c| c > 0)
}

pub fn color_enabled(
    choice: ColorChoice,
    is_tty: bool,
    no_color: Option<&std::ffi::OsStr>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_tty && no_color.is_none_or(|v| v.is_empty()),
    }
}

/// An environment variable's value, unless unset, empty or not Unicode.
fn env_text(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl Settings {
    /// The flags, completed from the environment here rather than by clap: a value from the
    /// environment is not something the user typed, and clap would write it into the usage
    /// line of every error.
    pub fn new(cli: Cli) -> Self {
        let g = &cli.global;
        let profile_from_flag = g.profile.is_some();
        let profile = g
            .profile
            .clone()
            .or_else(|| env_text("TENCENTCLOUD_PROFILE"))
            .or_else(|| env_text("TCCLI_PROFILE"))
            .unwrap_or_else(|| "default".into());
        let endpoint = g
            .endpoint
            .clone()
            .or_else(|| env_text("TCLIVE_ENDPOINT"))
            .unwrap_or_else(|| endpoint::DEFAULT.into());
        let region = g.region.clone().or_else(|| env_text("TENCENTCLOUD_REGION"));
        let no_color = std::env::var_os("NO_COLOR");
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        Settings {
            color_stdout: color_enabled(cli.global.color, stdout_tty, no_color.as_deref()),
            color_stderr: color_enabled(cli.global.color, stderr_tty, no_color.as_deref()),
            stdout_tty,
            stdout_width: terminal_width(),
            profile,
            profile_from_flag,
            endpoint,
            region,
            cli,
        }
    }

    pub(crate) fn endpoint(&self) -> Result<Endpoint> {
        endpoint::parse(&self.endpoint).map_err(Error::Usage)
    }

    pub(crate) fn region(&self) -> Option<&str> {
        self.region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// The region, refused when it could not travel in a header (a line break would split
    /// the request) or is not a region's shape.
    pub(crate) fn checked_region(&self) -> Result<Option<&str>> {
        match self.region() {
            Some(r) if !crate::api::request::is_region(r) => Err(Error::Usage(format!(
                "--region '{}' is not a region name (such as ap-guangzhou): use letters, digits and '-'",
                printable(r)
            ))),
            r => Ok(r),
        }
    }

    /// Where and how to send `action`: the endpoint and the global options every request
    /// carries.
    pub(crate) fn target<'a>(&'a self, endpoint: &'a Endpoint, action: &'a str) -> Target<'a> {
        let g = &self.cli.global;
        Target {
            endpoint,
            action,
            region: self.region(),
            language: g.language.as_str(),
            timeout: g.timeout,
        }
    }

    /// The one session (connection, pace, clock correction) a command sends everything through.
    pub(crate) fn session<'c>(
        &self,
        endpoint: &Endpoint,
        creds: &'c Creds,
    ) -> Result<client::Session<'c>> {
        let g = &self.cli.global;
        self.checked_region()?;
        let env = |k: &str| std::env::var_os(k);
        let proxy = crate::proxy::decide(&endpoint.url, endpoint.is_loopback(), &env)
            .map_err(Error::Usage)?;
        client::Session::new(
            g.timeout,
            proxy.as_ref(),
            creds,
            g.verbose,
            self.color_stderr,
        )
    }

    /// How a table meets stdout: its terminal's width, and which columns are free text.
    pub(crate) fn fit<'a>(&self, free: &'a [usize]) -> crate::report::Fit<'a> {
        crate::report::Fit {
            width: self.stdout_width,
            free,
        }
    }

    pub fn warn(&self, msg: &str) {
        crate::output::warn(self.color_stderr, msg);
    }
}

impl Settings {
    /// The retry policy of reads (`changes` is set by a command that changes something).
    pub(crate) fn policy(&self) -> Policy {
        Policy {
            max_attempts: self.cli.global.max_attempts,
            budget: self.cli.global.retry_budget,
            changes: crate::signals::InFlight::Nothing,
        }
    }

    /// The keys of the chain (fetched when temporary), their warnings printed.
    pub(crate) fn credentials(&self) -> Result<Creds> {
        let env = |k: &str| std::env::var_os(k);
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(std::path::PathBuf::from);
        let resolved = credentials::resolve(&Lookup {
            env: &env,
            home,
            profile: &self.profile,
            profile_from_flag: self.profile_from_flag,
            only: self.cli.global.credentials_source,
        })?;
        for w in &resolved.warnings {
            self.warn(w);
        }
        let g = &self.cli.global;
        let net = Net::new(g.timeout, g.max_attempts, g.verbose, &env)?;
        Creds::fetch(resolved.provider, net)
    }
}
