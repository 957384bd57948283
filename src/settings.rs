//! The global flags and the environment turned into settled values, once (`Settings::new`),
//! and the ready-made objects every command is handed: the one runtime of the run, its keys
//! (fetched once, shared), a session per product that owns them, the table fit, the trust
//! roots of a probe. Commands never read the flags themselves: they get their own arguments
//! and these settings. A value from the environment that cannot be used is kept as the error
//! it is and reported by the commands that use it (`cert check` uses none of them, so a stray
//! TCLIVE_ENDPOINT cannot break it).

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::rc::Rc;
use std::time::Duration;

use url::Url;

use crate::api::live::LIVE;
use crate::api::ssl::SSL;
use crate::cli::{self, ColorChoice, Global};
use crate::cloud::request::CallOptions;
use crate::cloud::retry::Policy;
use crate::cloud::session::{Session, Trace};
use crate::cloud::{KeySource, Product};
use crate::credentials::metadata::{self, ENV_METADATA, METADATA};
use crate::credentials::sts::STS;
use crate::credentials::{self, Credentials, Lookup, Net, Only};
use crate::endpoint::{self, Endpoint};
use crate::envvar::{self, NotText};
use crate::error::{Error, Result};
use crate::output::{Fit, Format};
use crate::text::printable;

/// Settled once from the flags and the environment; every field private.
pub struct Settings {
    output: Format,
    color_stdout: bool,
    color_stderr: bool,
    /// The terminal's width when stdout is one: tables are fitted to it.
    stdout_width: Option<u16>,
    timeout: Duration,
    /// The retry rule of reads (a change sets what it changes).
    policy: Policy,
    language: &'static str,
    verbose: bool,
    dry_run: bool,
    /// --profile, else TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`.
    profile: std::result::Result<String, NotText>,
    profile_from_flag: bool,
    credentials_source: Only,
    /// --region, else TENCENTCLOUD_REGION: checked once (text, a region's shape).
    region: std::result::Result<Option<String>, String>,
    /// Each product's endpoint: Live's from --endpoint, else TCLIVE_ENDPOINT; every other's
    /// from its own variable; else the product's public host on the site (--site).
    endpoints: Vec<(&'static Product, std::result::Result<Endpoint, String>)>,
    /// The metadata service's base (TCLIVE_METADATA_ENDPOINT).
    metadata: std::result::Result<Url, String>,
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

/// The region, refused when it could not travel in a header (a line break would split the
/// request) or is not a region's shape.
fn settle_region(g: &Global) -> std::result::Result<Option<String>, String> {
    let region =
        flag_or_env(g.region.as_ref(), &["TENCENTCLOUD_REGION"]).map_err(|e| e.to_string())?;
    match region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        Some(r) if !endpoint::is_region(r) => Err(format!(
            "--region '{}' is not a region name (such as ap-guangzhou): use letters, digits and '-'",
            printable(r)
        )),
        r => Ok(r.map(str::to_string)),
    }
}

/// The site: --site, else TCLIVE_SITE (`cn` or `intl`), else `cn`. A value of the variable
/// that is neither is refused, naming it, never taken as `cn`.
fn settle_site(g: &Global) -> std::result::Result<cli::Site, String> {
    if let Some(site) = g.site {
        return Ok(site);
    }
    match envvar::text(&envvar::process, "TCLIVE_SITE").map_err(|e| e.to_string())? {
        None => Ok(cli::Site::Cn),
        Some(v) if v.eq_ignore_ascii_case("cn") => Ok(cli::Site::Cn),
        Some(v) if v.eq_ignore_ascii_case("intl") => Ok(cli::Site::Intl),
        Some(v) => Err(format!(
            "TCLIVE_SITE '{}' is not a site: use cn (cloud.tencent.com accounts) or intl \
             (tencentcloud.com accounts), or unset it",
            printable(&crate::text::excerpt(&v, 40))
        )),
    }
}

/// A product's endpoint: `flag` (named `flag_name` in errors), else its variable, else its
/// public host on the site.
fn settle_endpoint(
    product: &'static Product,
    flag: Option<&String>,
    flag_name: &str,
    site: &std::result::Result<cli::Site, String>,
) -> std::result::Result<Endpoint, String> {
    // A bad site is refused even where an endpoint is given: the user meant something.
    let intl = *site.as_ref().map_err(Clone::clone)? == cli::Site::Intl;
    let raw = flag_or_env(flag, &[product.endpoint_var])
        .map_err(|e| e.to_string())?
        .unwrap_or_else(|| product.default_url(intl));
    endpoint::parse(&raw, flag_name)
}

impl Settings {
    /// The flags, completed from the environment here rather than by clap: a value from the
    /// environment is not something the user typed, and clap would write it into the usage
    /// line of every error.
    pub fn new(g: &Global) -> Self {
        let profile = flag_or_env(
            g.profile.as_ref(),
            &["TENCENTCLOUD_PROFILE", "TCCLI_PROFILE"],
        )
        .map(|p| p.unwrap_or_else(|| "default".into()));
        // Only whether it is set and not empty counts (no-color.org): any bytes will do.
        let no_color = std::env::var_os("NO_COLOR");
        let stdout_tty = std::io::stdout().is_terminal();
        let site = settle_site(g);
        let stderr_tty = std::io::stderr().is_terminal();
        let metadata = envvar::text(&envvar::process, ENV_METADATA)
            .map_err(|e| e.to_string())
            .and_then(|raw| {
                metadata::base(&raw.unwrap_or_else(|| METADATA.into()))
                    .map_err(|why| format!("{ENV_METADATA}: {why}"))
            });
        Settings {
            output: match g.output {
                cli::Output::Table => Format::Table,
                cli::Output::Json => Format::Json,
                cli::Output::Tsv => Format::Tsv,
                cli::Output::Prometheus => Format::Prometheus,
            },
            color_stdout: color_enabled(g.color, stdout_tty, no_color.as_deref()),
            color_stderr: color_enabled(g.color, stderr_tty, no_color.as_deref()),
            stdout_width: terminal_width(),
            timeout: g.timeout,
            policy: Policy {
                max_attempts: g.max_attempts,
                budget: g.retry_budget,
                changes: crate::signals::InFlight::Nothing,
            },
            language: g.language.as_str(),
            verbose: g.verbose,
            dry_run: g.dry_run,
            profile,
            profile_from_flag: g.profile.is_some(),
            credentials_source: match g.credentials_source {
                cli::CredentialsSource::Auto => Only::Auto,
                cli::CredentialsSource::Env => Only::Env,
                cli::CredentialsSource::File => Only::File,
                cli::CredentialsSource::Tccli => Only::Tccli,
                cli::CredentialsSource::Tke => Only::Tke,
                cli::CredentialsSource::Github => Only::Github,
                cli::CredentialsSource::CvmRole => Only::CvmRole,
            },
            region: settle_region(g),
            endpoints: vec![
                (
                    &LIVE,
                    settle_endpoint(&LIVE, g.endpoint.as_ref(), "--endpoint", &site),
                ),
                (&SSL, settle_endpoint(&SSL, None, SSL.endpoint_var, &site)),
                (&STS, settle_endpoint(&STS, None, STS.endpoint_var, &site)),
            ],
            metadata,
            runtime: OnceCell::new(),
            credentials: OnceCell::new(),
        }
    }

    /// How results are written on stdout.
    pub fn output(&self) -> Format {
        self.output
    }

    pub fn color_stdout(&self) -> bool {
        self.color_stdout
    }

    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }

    pub fn stdout_width(&self) -> Option<u16> {
        self.stdout_width
    }

    /// Time allowed for one request, one handshake, or reading a pipe (--timeout).
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    pub fn verbose(&self) -> bool {
        self.verbose
    }

    pub fn dry_run(&self) -> bool {
        self.dry_run
    }

    /// The retry rule of reads (a change sets what it changes).
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// `product`'s endpoint.
    pub fn endpoint(&self, product: &'static Product) -> Result<&Endpoint> {
        self.endpoints
            .iter()
            .find(|(p, _)| std::ptr::eq(*p, product))
            .ok_or_else(|| Error::Other(format!("no endpoint is settled for {}", product.name)))?
            .1
            .as_ref()
            .map_err(|e| Error::Usage(e.clone()))
    }

    /// The profile the credentials are read from.
    pub fn profile(&self) -> Result<&str> {
        self.profile.as_deref().map_err(|e| e.clone().usage())
    }

    /// The region, when one is set (`X-TC-Region`).
    pub fn region(&self) -> Result<Option<&str>> {
        self.region
            .as_ref()
            .map(|r| r.as_deref())
            .map_err(|e| Error::Usage(e.clone()))
    }

    /// Where `product`'s requests go and what each carries.
    pub fn call_options(&self, product: &'static Product) -> Result<CallOptions> {
        Ok(CallOptions {
            product,
            endpoint: self.endpoint(product)?.clone(),
            region: self.region()?.map(str::to_string),
            language: Some(self.language),
            timeout: self.timeout,
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
    pub fn session(&self, product: &'static Product) -> Result<Session> {
        let options = self.call_options(product)?;
        let keys = self.credentials()?;
        let proxy = crate::proxy::decide(
            &options.endpoint.url,
            options.endpoint.is_loopback(),
            &envvar::process,
        )
        .map_err(Error::Usage)?;
        let trace = Trace {
            verbose: self.verbose,
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
    pub fn fit<'a>(&self, free: &'a [usize]) -> Fit<'a> {
        Fit {
            width: self.stdout_width,
            free,
        }
    }

    /// The trust roots a served chain is judged against, their loading problems warned of.
    pub fn probe_roots(&self) -> Result<crate::probe::Roots> {
        let (roots, warnings) = crate::probe::Roots::system(self.timeout)?;
        for w in warnings {
            self.warn(&w);
        }
        Ok(roots)
    }

    pub fn warn(&self, msg: &str) {
        crate::output::warn(self.color_stderr, msg);
    }

    /// An error on stderr, with its hint, the label coloured when stderr takes colour.
    pub fn print_error(&self, err: &Error) {
        // Messages quote paths, names and the API's words: escaped where printed.
        crate::output::error(
            self.color_stderr,
            &err.to_string(),
            err.hint(self.verbose).as_deref(),
        );
    }

    /// The keys of the chain (fetched when temporary, once), their warnings printed. The
    /// region is checked first: a GitHub Actions identity sends it to STS.
    pub fn credentials(&self) -> Result<Rc<Credentials>> {
        if let Some(c) = self.credentials.get() {
            return Ok(c.clone());
        }
        self.region()?;
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
            only: self.credentials_source,
        })?;
        for w in &resolved.warnings {
            self.warn(w);
        }
        let net = Net {
            timeout: self.timeout,
            policy: self.policy,
            verbose: self.verbose,
            color: self.color_stderr,
            metadata: self.metadata.clone().map_err(Error::Usage)?,
            sts: self.endpoint(&STS)?.clone(),
            runtime: self.runtime()?,
        };
        let fetched = Rc::new(Credentials::fetch(resolved.provider, net)?);
        Ok(self.credentials.get_or_init(|| fetched).clone())
    }
}
