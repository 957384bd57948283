//! Flags and environment turned into validated settings, once: colour, terminals, endpoint,
//! region, retry policy, the session every request of a command goes through, credentials.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::rc::Rc;

use crate::cli::{Cli, ColorChoice};
use crate::cloud::request::CallOptions;
use crate::cloud::retry::Policy;
use crate::cloud::session::{Session, Trace};
use crate::cloud::{KeySource, Product};
use crate::credentials::{self, Credentials, Lookup, Net};
use crate::endpoint::{self, Endpoint};
use crate::envvar::{self, NotText};
use crate::error::{Error, Result};
use crate::text::printable;

/// Decisions derived once from the flags and the environment. A variable that is set but
/// not text is kept as the error it is and reported by the commands that use the setting
/// (`cert check` uses none of them, so a stray TCLIVE_ENDPOINT cannot break it).
pub struct Settings {
    pub cli: Cli,
    /// --profile, else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`.
    profile: std::result::Result<String, NotText>,
    pub profile_from_flag: bool,
    /// --endpoint, else TCLIVE_ENDPOINT, else the public endpoint.
    endpoint: std::result::Result<String, NotText>,
    /// --region, else TENCENTCLOUD_REGION.
    region: std::result::Result<Option<String>, NotText>,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub stdout_tty: bool,
    /// The terminal's width when stdout is one: tables are fitted to it.
    pub stdout_width: Option<u16>,
    /// The one async runtime of the run, started by the first that needs it.
    runtime: OnceCell<Rc<tokio::runtime::Runtime>>,
    /// The keys of the run, fetched once.
    credentials: OnceCell<Rc<Credentials>>,
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

/// The flag's value, else the first of `vars` that is set (an error if it is not text).
fn flag_or_env(
    flag: Option<&String>,
    vars: &[&str],
) -> std::result::Result<Option<String>, NotText> {
    if let Some(v) = flag {
        return Ok(Some(v.clone()));
    }
    for name in vars {
        if let Some(v) = envvar::text(&envvar::process, name)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

impl Settings {
    /// The flags, completed from the environment here rather than by clap: a value from the
    /// environment is not something the user typed, and clap would write it into the usage
    /// line of every error.
    pub fn new(cli: Cli) -> Self {
        let g = &cli.global;
        let profile_from_flag = g.profile.is_some();
        let profile = flag_or_env(
            g.profile.as_ref(),
            &["TENCENTCLOUD_PROFILE", "TCCLI_PROFILE"],
        )
        .map(|p| p.unwrap_or_else(|| "default".into()));
        let endpoint = flag_or_env(g.endpoint.as_ref(), &["TCLIVE_ENDPOINT"])
            .map(|e| e.unwrap_or_else(|| crate::api::live::LIVE.default_url()));
        let region = flag_or_env(g.region.as_ref(), &["TENCENTCLOUD_REGION"]);
        // Only whether it is set and not empty counts (no-color.org): any bytes will do.
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
            runtime: OnceCell::new(),
            credentials: OnceCell::new(),
        }
    }

    pub(crate) fn endpoint(&self) -> Result<Endpoint> {
        let raw = self.endpoint.as_ref().map_err(|e| e.clone().usage())?;
        endpoint::parse(raw, "--endpoint").map_err(Error::Usage)
    }

    /// The profile the credentials are read from.
    pub(crate) fn profile(&self) -> Result<&str> {
        self.profile.as_deref().map_err(|e| e.clone().usage())
    }

    /// The region; None also when TENCENTCLOUD_REGION holds no text, which
    /// [`Settings::checked_region`] refuses (every command that sends calls it first).
    pub(crate) fn region(&self) -> Option<&str> {
        self.region
            .as_ref()
            .ok()
            .and_then(|r| r.as_deref())
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// The region, refused when it could not travel in a header (a line break would split
    /// the request) or is not a region's shape.
    pub(crate) fn checked_region(&self) -> Result<Option<&str>> {
        if let Err(e) = &self.region {
            return Err(e.clone().usage());
        }
        match self.region() {
            Some(r) if !crate::endpoint::is_region(r) => Err(Error::Usage(format!(
                "--region '{}' is not a region name (such as ap-guangzhou): use letters, digits and '-'",
                printable(r)
            ))),
            r => Ok(r),
        }
    }

    /// Where a product's requests go and what each carries.
    pub(crate) fn call_options(&self, product: &'static Product) -> Result<CallOptions> {
        Ok(CallOptions {
            product,
            endpoint: self.endpoint()?,
            region: self.checked_region()?.map(str::to_string),
            language: Some(self.cli.global.language.as_str()),
            timeout: self.cli.global.timeout,
        })
    }

    /// The one runtime of the run.
    fn runtime(&self) -> Result<Rc<tokio::runtime::Runtime>> {
        if let Some(r) = self.runtime.get() {
            return Ok(r.clone());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
        Ok(self.runtime.get_or_init(|| Rc::new(runtime)).clone())
    }

    /// The session every request of a command to `product` goes through: its connection,
    /// pace and clock correction, signed with the run's keys.
    pub(crate) fn session(&self, product: &'static Product) -> Result<Session> {
        let options = self.call_options(product)?;
        let keys = self.credentials()?;
        let proxy = crate::proxy::decide(
            &options.endpoint.url,
            options.endpoint.is_loopback(),
            &envvar::process,
        )
        .map_err(Error::Usage)?;
        let trace = Trace {
            verbose: self.cli.global.verbose,
            color: self.color_stderr,
        };
        Session::new(
            options,
            trace,
            proxy.as_ref(),
            Some(keys as Rc<dyn KeySource>),
            self.runtime()?,
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

    /// The keys of the chain (fetched when temporary, once), their warnings printed. The
    /// region is checked first: a GitHub Actions identity sends it to STS.
    pub(crate) fn credentials(&self) -> Result<Rc<Credentials>> {
        if let Some(c) = self.credentials.get() {
            return Ok(c.clone());
        }
        self.checked_region()?;
        let env = envvar::process;
        // A path: any bytes a path can hold.
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(std::path::PathBuf::from);
        let resolved = credentials::resolve(&Lookup {
            env: &env,
            home,
            profile: self.profile()?,
            profile_from_flag: self.profile_from_flag,
            only: self.cli.global.credentials_source,
        })?;
        for w in &resolved.warnings {
            self.warn(w);
        }
        let net = self.net()?;
        let fetched = Rc::new(Credentials::fetch(resolved.provider, net)?);
        Ok(self.credentials.get_or_init(|| fetched).clone())
    }

    /// Where the credential services are: from the environment's overrides, checked (the
    /// metadata base may be plain http only on a loopback host or the metadata address
    /// itself; STS as `--endpoint` is).
    fn net(&self) -> Result<Net> {
        use credentials::metadata::{self, ENV_METADATA, METADATA};
        use credentials::sts::STS;
        let get = |k: &str| envvar::text(&envvar::process, k).map_err(|e| e.usage());
        let metadata_raw = get(ENV_METADATA)?.unwrap_or_else(|| METADATA.into());
        let metadata = metadata::base(&metadata_raw)
            .map_err(|why| Error::Usage(format!("{ENV_METADATA}: {why}")))?;
        let sts = endpoint::parse(
            &get(STS.endpoint_var)?.unwrap_or_else(|| STS.default_url()),
            STS.endpoint_var,
        )
        .map_err(Error::Usage)?;
        let g = &self.cli.global;
        Ok(Net {
            timeout: g.timeout,
            policy: self.policy(),
            verbose: g.verbose,
            color: self.color_stderr,
            metadata,
            sts,
            runtime: self.runtime()?,
        })
    }
}
