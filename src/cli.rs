//! Command-line definitions (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::exit_table;

macro_rules! root_examples {
    () => {
        "Examples:
  # Bind a certificate already in the SSL certificate service to two domains
  tclive cert bind --cert-id hZy2N9vF --domain play.example.com --domain live.example.com:off

  # Upload a renewed key pair (from certbot) and bind it
  tclive cert bind --cert /etc/letsencrypt/live/example.com/fullchain.pem \\
                   --key /etc/letsencrypt/live/example.com/privkey.pem \\
                   --alias renewed-2026 --domain play.example.com

  # See exactly what would be sent, without credentials or network
  tclive --dry-run cert bind --cert-id hZy2N9vF --domain play.example.com

  # Which credentials would be used?
  tclive credentials show"
    };
}

/// `cert prune`'s examples, in `-h` and `--help` alike.
macro_rules! prune_examples {
    () => {
        "Examples:
  tclive cert prune                          # the plan; changes nothing
  tclive cert prune --search example.com --yes
  tclive cert prune --yes --mute -o tsv       # no more expiry notices for leftovers"
    };
}

macro_rules! bind_examples {
    () => {
        "Examples:
  tclive cert bind --cert-id hZy2N9vF --domain a.example.com:on --domain b.example.com:off
  tclive cert bind --cert fullchain.pem --key privkey.pem --alias renewed-2026 -d a.example.com
  tclive cert bind --domain a.example.com:off     # switch HTTPS off, keep the certificate

  # What would change, per domain? Reads the bindings, sends no change
  tclive cert bind --cert-id hZy2N9vF --domains-file domains.txt --plan

  # Bind, then read every domain back (exit 5 if one does not show it)
  tclive cert bind --cert-id hZy2N9vF -d a.example.com -d b.example.com --verify

  # As an ACME deploy hook (certbot --deploy-hook, lego --run-hook, acme.sh --reloadcmd):
  # the renewed files from the hook's environment, every play domain they cover, wait
  # until the edges serve them, then delete the certificates they replaced (exit 7: one stayed)
  tclive cert bind --from-hook-env --match-san --verify --wait-served 15m --retire-old delete"
    };
}

#[derive(Debug, Parser)]
#[command(
    name = "tclive",
    version,
    about = "Bind HTTPS certificates to Tencent Cloud Live (CSS) playback domains",
    long_about = "Bind HTTPS certificates to Tencent Cloud Live (CSS) playback domains.\n\n\
        tclive calls the Live API (TC3-HMAC-SHA256 signed), reports the result per domain and \
        sets the exit code from it, so scripts and ACME deploy hooks can trust it. Secrets are \
        never taken as flag values: credentials come from the environment or credentials files \
        (see `tclive credentials show --help`).",
    after_help = root_examples!(),
    after_long_help = concat!(root_examples!(), "\n\n", exit_table!()),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

/// A global option, by the id clap gives it (its field of [`Global`]). The help reshaping
/// below names options by these, never by free strings: a test checks that they are exactly
/// `Global`'s arguments, and that every command path names a subcommand, so a typo fails the
/// build's tests instead of silently showing an option where it does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GlobalId {
    Profile,
    CredentialsSource,
    Region,
    Endpoint,
    Site,
    Timeout,
    MaxAttempts,
    RetryBudget,
    Language,
    Output,
    Color,
    DryRun,
    Verbose,
}

use GlobalId as G;

impl GlobalId {
    const ALL: &[GlobalId] = &[
        G::Profile,
        G::CredentialsSource,
        G::Region,
        G::Endpoint,
        G::Site,
        G::Timeout,
        G::MaxAttempts,
        G::RetryBudget,
        G::Language,
        G::Output,
        G::Color,
        G::DryRun,
        G::Verbose,
    ];

    fn as_str(self) -> &'static str {
        match self {
            G::Profile => "profile",
            G::CredentialsSource => "credentials_source",
            G::Region => "region",
            G::Endpoint => "endpoint",
            G::Site => "site",
            G::Timeout => "timeout",
            G::MaxAttempts => "max_attempts",
            G::RetryBudget => "retry_budget",
            G::Language => "language",
            G::Output => "output",
            G::Color => "color",
            G::DryRun => "dry_run",
            G::Verbose => "verbose",
        }
    }
}

/// The global options a command has no use for. They are still accepted there (a
/// TCLIVE_ENDPOINT in the environment or an alias with --profile must not break `cert check`),
/// but its help and completions leave them out.
const UNUSED_GLOBALS: &[(&[&str], &[GlobalId])] = &[
    (
        &["cert", "check"],
        &[
            G::Profile,
            G::CredentialsSource,
            G::Region,
            G::Endpoint,
            G::Site,
            G::Timeout,
            G::MaxAttempts,
            G::RetryBudget,
            G::Language,
            G::DryRun,
            G::Verbose,
        ],
    ),
    (&["cert", "list"], &[G::DryRun]),
    (&["cert", "probe"], &[G::DryRun]),
    (&["domain", "list"], &[G::DryRun]),
    (&["credentials", "show"], &[G::DryRun]),
    (&["completions"], GlobalId::ALL),
    (&["man"], GlobalId::ALL),
];

/// The command line as parsed and as its help, completions and man page show it.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let globals: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    for (path, unused) in UNUSED_GLOBALS {
        cmd = hide_globals(cmd, path, unused, &globals);
    }
    point_to_long_help(cmd, &globals)
}

/// `-h` shows only the global options most runs use (-o, --dry-run); a line under it says
/// where the others are, on every command that has them.
fn point_to_long_help(mut cmd: clap::Command, globals: &[clap::Arg]) -> clap::Command {
    let hidden_here: Vec<&str> = UNUSED_GLOBALS
        .iter()
        .filter(|(path, _)| path.last() == Some(&cmd.get_name()))
        .flat_map(|(_, ids)| ids.iter().map(|id| id.as_str()))
        .collect();
    let more: Vec<String> = globals
        .iter()
        .filter(|a| a.is_hide_short_help_set() && !hidden_here.contains(&a.get_id().as_str()))
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    if !more.is_empty() {
        let examples = cmd
            .get_after_help()
            .map(|h| format!("\n\n{h}"))
            .unwrap_or_default();
        cmd = cmd.after_help(format!(
            "More global options with --help: {}{examples}",
            more.join(" ")
        ));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sc| point_to_long_help(sc, globals));
    }
    cmd
}

/// Gives the subcommand at `path` hidden copies of the `unused` globals: clap then does not
/// propagate the visible ones to it.
fn hide_globals(
    cmd: clap::Command,
    path: &[&str],
    unused: &[GlobalId],
    globals: &[clap::Arg],
) -> clap::Command {
    match path {
        [] => unused.iter().fold(cmd, |c, id| {
            match globals.iter().find(|a| a.get_id() == id.as_str()) {
                Some(a) => c.arg(a.clone().hide(true)),
                None => c,
            }
        }),
        [first, rest @ ..] => {
            cmd.mut_subcommand(*first, |sc| hide_globals(sc, rest, unused, globals))
        }
    }
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Credentials profile (section of the credentials file, tccli profile name); else
    /// TENCENTCLOUD_PROFILE, else TCCLI_PROFILE, else `default`. Given on the command line, the
    /// environment's keys are not used
    #[arg(
        hide_short_help = true,
        long,
        global = true,
        value_name = "NAME",
        help_heading = "Global options"
    )]
    pub profile: Option<String>,

    /// Where the keys come from: the chain (auto), or only one source
    ///
    /// auto: environment, credentials file, tccli profile, TKE OIDC, GitHub Actions OIDC,
    /// then the CVM instance role; or only the one named (cvm-role: ask the metadata service
    /// first and only). See `tclive credentials show --help`.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "SOURCE",
        default_value_t = CredentialsSource::Auto,
        hide_short_help = true,
        help_heading = "Global options"
    )]
    pub credentials_source: CredentialsSource,

    /// Region, sent as X-TC-Region (Live does not need one; sent only when set)
    /// [env: TENCENTCLOUD_REGION]
    #[arg(
        hide_short_help = true,
        long,
        global = true,
        value_name = "REGION",
        help_heading = "Global options"
    )]
    pub region: Option<String>,

    /// API endpoint: HOST, HOST:PORT, https://HOST[:PORT]; http:// only for loopback hosts
    /// [env: TCLIVE_ENDPOINT] [default: live.tencentcloudapi.com, or live.intl.… with --site intl]
    #[arg(
        hide_short_help = true,
        long,
        global = true,
        value_name = "URL",
        help_heading = "Global options"
    )]
    pub endpoint: Option<String>,

    /// Site of the account: cn, or intl for accounts of tencentcloud.com (Live, SSL and STS
    /// calls go to *.intl.tencentcloudapi.com) [env: TCLIVE_SITE] [default: cn]
    #[arg(
        hide_short_help = true,
        long,
        global = true,
        value_enum,
        value_name = "SITE",
        help_heading = "Global options"
    )]
    pub site: Option<Site>,

    /// Time allowed for the request, e.g. 30s, 2m, 1m30s
    #[arg(hide_short_help = true, long, global = true, value_name = "DURATION", default_value = "30s", value_parser = wait("--timeout", "30s"), help_heading = "Global options")]
    pub timeout: std::time::Duration,

    /// Attempts in all for one API call (1 = no retry); rate limits, internal errors, 5xx,
    /// resets and timeouts are retried with jittered exponential backoff
    #[arg(hide_short_help = true, long, global = true, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=20), help_heading = "Global options")]
    pub max_attempts: u32,

    /// Total time allowed across attempts and the waits between them
    #[arg(hide_short_help = true, long, global = true, value_name = "DURATION", default_value = "60s", value_parser = wait("--retry-budget", "60s"), help_heading = "Global options")]
    pub retry_budget: std::time::Duration,

    /// Language of the API's error messages, sent as X-TC-Language
    #[arg(hide_short_help = true, long, global = true, value_enum, value_name = "LANG", default_value_t = Language::EnUs, help_heading = "Global options")]
    pub language: Language,

    /// Output format for results on stdout
    ///
    /// table: aligned columns for a person; tsv: the same, tab-separated, no header; json: the
    /// API's objects or tclive's report; prometheus: metrics in the text exposition format
    /// (node_exporter's textfile collector), for cert list, cert probe and domain list only,
    /// with tclive_run_success 0 when the run fails (see docs/monitoring.md).
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT", default_value_t = Output::Table, help_heading = "Global options")]
    pub output: Output,

    /// When to colour output (auto: only on a terminal and without NO_COLOR)
    ///
    /// auto: only on a terminal, and never with NO_COLOR set; always: even with NO_COLOR set
    /// (tables and the labels on stderr alike); never: no colour. tsv and json are never
    /// coloured.
    #[arg(hide_short_help = true, long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Print the request that would be sent and exit: no credentials, nothing sent
    ///
    /// --dry-run never reads credentials and never sends anything, on every command. `cert
    /// bind` prints the request it would send (the private key as <redacted: N bytes>) and
    /// exits 0; a command that would read credentials or send anything refuses it (exit 2):
    /// `cert list`, `domain list`, `cert probe`, `credentials show`, and `cert bind` with
    /// --plan, --match-san or --wait-served. `cert check`, `completions` and `man` do
    /// neither and ignore it.
    #[arg(long, global = true, help_heading = "Global options")]
    pub dry_run: bool,

    /// Trace request and response on stderr (secrets redacted)
    #[arg(
        hide_short_help = true,
        short,
        long,
        global = true,
        help_heading = "Global options"
    )]
    pub verbose: bool,
}

/// The longest --timeout and --retry-budget: a day is far beyond any API call, and keeps
/// every deadline computed from them representable.
pub const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(86_400);
/// The longest --expiring-within window: 100 years.
pub const MAX_WINDOW: std::time::Duration = std::time::Duration::from_secs(100 * 365 * 86_400);

/// The value parser of a duration flag. `flag` and `example` (`--timeout`, `30s`) name the
/// flag and a value that works, so that every bad value gets one sentence and one spelling
/// to copy, never the parser's own words ("expected number at 0", "30sec or 30ms"). A bare
/// number is refused with the one spelling it most likely meant, `bare` (`("s", "seconds")`;
/// days for a window): a guess either way would be a surprise.
fn bounded(
    flag: &'static str,
    example: &'static str,
    bare: (&'static str, &'static str),
    max: std::time::Duration,
    max_text: &'static str,
) -> impl Fn(&str) -> Result<std::time::Duration, String> + Clone + Send + Sync + 'static {
    move |s| {
        let t = s.trim();
        let bare_number = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if bare_number && t.bytes().any(|b| b != b'0') {
            let (unit, word) = bare;
            return Err(format!(
                "'{t}' has no unit: write {flag} {t}{unit} ({word})"
            ));
        }
        let d = if bare_number {
            std::time::Duration::ZERO
        } else {
            humantime::parse_duration(t).map_err(|_| {
                format!(
                    "not a duration: write a number with a unit (s, m, h, d), e.g. {flag} {example}"
                )
            })?
        };
        if d.is_zero() {
            return Err(format!("must be more than zero, e.g. {flag} {example}"));
        }
        if d > max {
            return Err(format!(
                "is too long: at most {max_text}, e.g. {flag} {example}"
            ));
        }
        Ok(d)
    }
}

/// A wait (`--timeout`, `--retry-budget`, `--wait-served`): at most [`MAX_WAIT`].
pub(crate) fn wait(
    flag: &'static str,
    example: &'static str,
) -> impl Fn(&str) -> Result<std::time::Duration, String> + Clone + Send + Sync + 'static {
    bounded(flag, example, ("s", "seconds"), MAX_WAIT, "24h")
}

/// An expiry window (`--expiring-within`): at most [`MAX_WINDOW`].
pub(crate) fn window(
    example: &'static str,
) -> impl Fn(&str) -> Result<std::time::Duration, String> + Clone + Send + Sync + 'static {
    bounded(
        "--expiring-within",
        example,
        ("d", "days"),
        MAX_WINDOW,
        "100 years (36500d)",
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    #[value(name = "en-US")]
    EnUs,
    #[value(name = "zh-CN")]
    ZhCn,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::EnUs => "en-US",
            Language::ZhCn => "zh-CN",
        }
    }
}

/// How `cert bind` gets a key pair to Live (`--upload-via`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UploadVia {
    Auto,
    Ssl,
    Live,
}

/// What `cert bind --retire-old` does with a certificate the bind replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RetireOld {
    /// No more expiry notices for it (ModifyCertificatesExpiringNotificationSwitch)
    Mute,
    /// Deleted, after the service checked no other cloud product uses it (DeleteCertificates)
    Delete,
}

impl RetireOld {
    pub fn word(self) -> &'static str {
        match self {
            RetireOld::Mute => "mute",
            RetireOld::Delete => "delete",
        }
    }

    /// What a certificate it was done to is: `muted` or `deleted`.
    pub fn done(self) -> &'static str {
        match self {
            RetireOld::Mute => "muted",
            RetireOld::Delete => "deleted",
        }
    }
}

/// Which Tencent Cloud site an account belongs to: the China site (cloud.tencent.com) or the
/// international one (tencentcloud.com).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Site {
    Cn,
    Intl,
}

/// Which source `--credentials-source` asks for (`Auto`: the chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CredentialsSource {
    Auto,
    Env,
    File,
    Tccli,
    Tke,
    Github,
    CvmRole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Table,
    Json,
    Tsv,
    Prometheus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage the certificates of playback domains
    #[command(subcommand)]
    Cert(CertCommand),

    /// List the account's Live domains
    #[command(subcommand)]
    Domain(DomainCommand),

    /// Inspect the credentials tclive would use
    #[command(subcommand)]
    Credentials(CredentialsCommand),

    /// Print the manual page, tclive(1), as roff
    #[command(after_help = "Examples:\n  \
            # As root: the directory first, as a fresh system has none\n  \
            mkdir -p /usr/local/share/man/man1\n  \
            tclive man > /usr/local/share/man/man1/tclive.1 && mandb -q\n\n  \
            # Read it without installing it\n  \
            tclive man | man -l -")]
    Man,

    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
            # As root, for all users: bash loads it with bash-completion, zsh\n  \
            # with compinit (autoload -Uz compinit && compinit in ~/.zshrc)\n  \
            mkdir -p /usr/local/share/bash-completion/completions\n  \
            tclive completions bash > /usr/local/share/bash-completion/completions/tclive\n  \
            mkdir -p /usr/local/share/zsh/site-functions\n  \
            tclive completions zsh > /usr/local/share/zsh/site-functions/_tclive\n\n  \
            # fish, for yourself (loaded at the first tclive <Tab>)\n  \
            mkdir -p ~/.config/fish/completions\n  \
            tclive completions fish > ~/.config/fish/completions/tclive.fish")]
    Completions {
        /// The shell to generate for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Bind one certificate to playback domains (ModifyLiveDomainCertBindings)
    #[command(
        long_about = "Bind one certificate to playback domains and switch their HTTPS, in one \
            ModifyLiveDomainCertBindings call.\n\n\
            The certificate is either one already in the SSL certificate service (--cert-id) or \
            a key pair read from PEM files (--cert/--key), which the service stores as a NEW \
            certificate on every call, so the checks of `tclive cert check` run first: any \
            failure stops the bind before anything is sent (exit 3). With neither, only the \
            HTTPS state of domains that already have a certificate is changed.\n\n\
            Binds are idempotent: each domain's current binding is read first, and a domain \
            that already has this certificate and HTTPS state is left out (`unchanged`); when \
            nothing needs changing no request is sent. --plan shows the decisions, --force binds \
            anyway, --verify reads the result back.\n\n\
            Each domain gets one result row: ok, failed, mismatched (the certificate does not \
            cover it), unchanged or unverified. The exit code is 0 only when every domain was \
            applied or already as asked.",
        after_help = bind_examples!(),
        after_long_help = concat!(
            bind_examples!(),
            "\n\nOutput:\n",
            "  table  DOMAIN, HTTPS, RESULT, CODE, MESSAGE on stdout; a summary line on stderr\n",
            "  tsv    domain<TAB>https<TAB>result<TAB>code<TAB>message, one line per domain, no header\n",
            "  json   the API's Response object exactly as received (success, partial or error)\n\n",
            exit_table!()
        )
    )]
    Bind(BindArgs),

    /// Remove the certificate from playback domains (UnBindLiveDomainCert, one per domain)
    #[command(
        long_about = "Remove the certificate bound to each playback domain, one \
            UnBindLiveDomainCert call per domain, paced for the API's limit; the certificate \
            stays in the SSL certificate service.\n\n\
            Each domain's binding is read first: a domain with nothing bound is `unchanged` and \
            no request is sent for it. --plan shows what is bound now and sends nothing; \
            --dry-run prints the requests. --rule gray removes the gray-release (canary) \
            certificate instead of the formal one. A NAME:STATE suffix is ignored, so a bind's \
            --domains-file serves.\n\n\
            Each domain gets one result row: ok, failed or unchanged. The exit code is 5 when \
            any failed.",
        after_help = "Examples:\n  tclive cert unbind -d a.example.com -d b.example.com\n  \
            tclive cert unbind --domains-file domains.txt --plan     # what is bound now; sends nothing\n  \
            tclive cert unbind -d a.example.com --rule gray          # the gray-release certificate\n  \
            tclive --dry-run cert unbind -d a.example.com            # the request, not sent"
    )]
    Unbind(UnbindArgs),

    /// Check a certificate and key locally, offline (no credentials, nothing sent)
    #[command(
        long_about = "Check a certificate chain (and its private key) locally, before it is \
            bound: PEM structure, key type and size, that the key matches the certificate, \
            validity dates, chain order and signatures, and that each --domain is covered by \
            the certificate's names (RFC 6125 wildcards). Each check is pass, warn or fail.\n\n\
            Exit 0 when nothing fails (warnings allowed unless --strict), 3 when a check fails, \
            2 for usage errors.",
        after_help = "Examples:\n  tclive cert check --cert fullchain.pem --key privkey.pem --domain play.example.com\n  \
            tclive cert check --cert /etc/letsencrypt/live/example.com/fullchain.pem --min-days 30 --strict\n  \
            tclive cert check --cert fullchain.cer -o json | jq '.checks[] | select(.status != \"pass\")'"
    )]
    Check(CheckArgs),

    /// What viewers see: the certificate each domain's edge servers hand out in TLS
    #[command(
        long_about = "Probe what viewers see: for each domain, open a TLS connection with SNI = \
            the domain and read the certificate chain the server hands out (no HTTP request, no \
            credentials). Per domain: the address probed, the TLS version, the served leaf \
            (subject, names, issuer, expiry, fingerprint), whether its names cover the domain \
            and whether the system's roots trust the chain (else why: expired, unknown issuer, \
            missing intermediate, name mismatch). A chain that is not trusted is still read and \
            shown.\n\n\
            --expect-cert FILE: the served leaf must be that one. --expect-bound: it must be \
            the one the API says is bound (reads the binding; needs credentials). \
            --expiring-within: a leaf expiring within the window is a problem. --all-addresses \
            probes every address a name resolves to (one row each), to find the one stale edge. \
            --connect-to NAME:HOST[:PORT] (as curl's) probes a given edge.\n\n\
            Each domain has one --timeout, its name resolution included: at most 8 of its \
            addresses are tried, in the resolver's order, the next one as soon as one fails or \
            after 250 ms without an answer; the first handshake counts. With --all-addresses, \
            at most 32 addresses a name are probed, each a handshake within --timeout; the \
            rest are named in a row of their own, not probed. At most 16 handshakes at a \
            time.\n\n\
            Exit 0 when every domain serves what was expected, trusted and not expiring; 5 when \
            one does not; 6 when no handshake could be made for some domain (named on \
            stderr).",
        after_help = "Examples:\n  tclive cert probe -d play.example.com -d live.example.com\n  \
            tclive cert probe --domains-file domains.txt --expect-bound --expiring-within 21d\n  \
            tclive cert probe -d play.example.com --all-addresses --expect-cert fullchain.pem\n  \
            tclive cert probe -d play.example.com --connect-to play.example.com:edge3.cdn.example.net"
    )]
    Probe(ProbeArgs),

    /// List the certificate bindings of all domains, soonest expiry first
    #[command(
        long_about = "List the certificate bindings of the account's domains \
            (DescribeLiveDomainCertBindings, every page), soonest expiry first. Times are shown \
            in UTC (the API's own are Beijing time).\n\n\
            With --expiring-within only the bindings expiring within that window (or already \
            expired) are listed, and the exit code is 5 when there is at least one: a cron-friendly \
            expiry monitor.\n\n\
            A binding that cannot be read in full (a field of another type, an expiry in no form \
            the API writes) is listed all the same, with `?` for what could not be read, and makes \
            the exit code 5; a listing that ends short of its own total is an error (exit 6).",
        after_help = "Examples:\n  tclive cert list\n  tclive cert list --search example.com -o tsv\n  \
            tclive cert list --expiring-within 30d || mail -s 'Live certificates expiring' ops@example.com"
    )]
    List(ListArgs),

    /// Delete the uploaded certificates earlier renewals left: expired or superseded, unbound
    #[command(
        long_about = "Clean up what earlier renewals left in the SSL certificate service: list \
            the account's uploaded certificates (DescribeCertificates, every page) and select \
            those bound to no Live domain that are expired, or superseded (another stored \
            certificate covers all their names and expires later). Bought certificates and \
            those still bound are never selected.\n\n\
            Without --yes it only shows the plan, one row per certificate: what it would \
            delete and why, what it keeps and why; nothing is changed. With --yes it deletes \
            them (DeleteCertificates with IsSync: the service first checks that no other \
            cloud product uses each one, and one still in use is kept, saying where); --mute \
            switches off their expiry notices instead. --search narrows the rows by id, alias \
            or name; a certificate outside it is still counted as a superseding one.\n\n\
            Exit 0 when the plan was shown, or when everything selected was retired; 7 when \
            something selected stayed (see its row).",
        after_help = prune_examples!(),
        after_long_help = concat!(
            prune_examples!(),
            "\n\nOutput:\n",
            "  table  CERTIFICATE, ALIAS, NAMES, EXPIRES, ACTION, RESULT on stdout; a summary on stderr\n",
            "  tsv    id<TAB>alias<TAB>names<TAB>expires<TAB>action<TAB>result, one line per certificate\n",
            "  json   {\"Action\", \"Applied\", \"Certificates\": [{CertificateId, Alias, Names, Expires, Action, Result}]}\n\n",
            exit_table!()
        )
    )]
    Prune(PruneArgs),
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Domain to probe (repeatable); a `:STATE` suffix, as bind takes it, is ignored
    #[arg(long = "domain", short = 'd', value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub domains: Vec<String>,

    /// File of domains, one per line ('#' comments); '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,

    /// Port to connect to
    #[arg(long, value_name = "PORT", default_value_t = 443, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,

    /// Connect to HOST[:PORT] for NAME (repeatable; as curl's --connect-to)
    ///
    /// The TLS name (SNI) stays NAME; the connection goes to HOST. Given several times for one
    /// NAME, each host is an address of it (with --all-addresses, each is probed).
    #[arg(long, value_name = "NAME:HOST[:PORT]")]
    pub connect_to: Vec<String>,

    /// Probe every address a name resolves to (IPv4 and IPv6), one row each
    #[arg(long)]
    pub all_addresses: bool,

    /// The served leaf must be the first certificate of this PEM file
    #[arg(long, value_name = "FILE", conflicts_with = "expect_bound")]
    pub expect_cert: Option<PathBuf>,

    /// The served leaf must be the one the API says is bound (needs credentials)
    #[arg(long)]
    pub expect_bound: bool,

    /// A served leaf expiring within DURATION (e.g. 21d) is a problem
    #[arg(long, value_name = "DURATION", value_parser = window("21d"))]
    pub expiring_within: Option<std::time::Duration>,

    /// Accept labels that mix scripts (refused by default as look-alikes)
    #[arg(long)]
    pub allow_idn: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this domain (exact name)
    #[arg(long, short = 'd', value_name = "NAME", conflicts_with = "search", value_hint = clap::ValueHint::Other)]
    pub domain: Option<String>,

    /// Only domains whose name contains TEXT
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Only bindings expiring within DURATION (e.g. 30d) or already expired; exit 5 if any
    #[arg(long, value_name = "DURATION", value_parser = window("30d"))]
    pub expiring_within: Option<std::time::Duration>,

    /// Accept labels that mix scripts (refused by default as look-alikes)
    ///
    /// A label that mixes scripts (a Cyrillic 'а' among Latin letters …) is refused by default
    /// as a possible look-alike of another name; with this flag it is accepted with a warning.
    #[arg(long)]
    pub allow_idn: bool,
}

/// Which certificate of a domain `cert unbind` removes (the API's `Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rule {
    Formal,
    Gray,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Formal => "formal",
            Rule::Gray => "gray",
        }
    }
}

#[derive(Debug, Args)]
pub struct UnbindArgs {
    /// Domain to unbind; repeat it (a :STATE suffix is ignored)
    #[arg(long = "domain", short = 'd', value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub domains: Vec<String>,

    /// File of domain names, one a line ('#' comments); '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,

    /// Which certificate: the formal one, or the gray-release one
    #[arg(long, value_enum, value_name = "RULE", default_value_t = Rule::Formal)]
    pub rule: Rule,

    /// Show what is bound now; send nothing
    #[arg(long)]
    pub plan: bool,

    /// After every unbind succeeded, mute or delete the certificates removed, when leftovers
    ///
    /// Each certificate an unbound domain had that is now bound to no Live domain, was
    /// uploaded (not bought) and is expired or superseded by another stored certificate (all
    /// its names covered, a later expiry) is muted or deleted, as `cert prune --yes` does;
    /// one still current for its names is kept. Nothing is retired when an unbind failed.
    /// Not with --rule gray (the listing shows only the formal certificate). Exit 7 when an
    /// old certificate stayed.
    #[arg(hide_short_help = true, long, value_enum, value_name = "HOW")]
    pub retire_old: Option<RetireOld>,

    /// Accept labels that mix scripts (refused by default as look-alikes)
    #[arg(long)]
    pub allow_idn: bool,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// Only certificates whose id, alias or a name contains TEXT (case-insensitive)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Delete (or with --mute, mute) what the plan selects; without it nothing is changed
    #[arg(long)]
    pub yes: bool,

    /// Mute the expiry notices of what is selected instead of deleting it
    #[arg(long)]
    pub mute: bool,
}

#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// List the account's Live domains (DescribeLiveDomains, every page)
    #[command(
        after_help = "Examples:\n  tclive domain list\n  tclive domain list --type all --enabled -o tsv"
    )]
    List(DomainListArgs),
}

#[derive(Debug, Args)]
pub struct DomainListArgs {
    /// Which domains: play (default), push or all
    #[arg(long = "type", value_enum, value_name = "TYPE", default_value_t = DomainKind::Play)]
    pub kind: DomainKind,

    /// Only enabled domains
    #[arg(long)]
    pub enabled: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DomainKind {
    Play,
    Push,
    All,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// PEM certificate chain, leaf first (fullchain.pem); '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,

    /// PEM private key to match against the certificate; '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Domain the certificate must cover (repeatable; NAME or NAME:STATE)
    #[arg(long = "domain", short = 'd', value_name = "NAME", value_hint = clap::ValueHint::Other)]
    pub domains: Vec<String>,

    /// File with one domain per line ('#' comments, blank lines ignored); '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,

    /// Warn when the certificate expires within this many days
    #[arg(long, value_name = "N", default_value_t = crate::check::DEFAULT_MIN_DAYS, value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub min_days: i64,

    /// Treat warnings as failures (exit 3)
    #[arg(long)]
    pub strict: bool,

    /// Accept labels that mix scripts (refused by default as look-alikes)
    ///
    /// A label that mixes scripts (a Cyrillic 'а' among Latin letters …) is refused by default
    /// as a possible look-alike of another name; with this flag it is accepted with a warning.
    #[arg(long)]
    pub allow_idn: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("certsource").args(["cert", "from_hook_env"]))]
pub struct BindArgs {
    /// ID of a certificate in the SSL certificate service (CloudCertId)
    #[arg(long, value_name = "ID", conflicts_with_all = ["cert", "key", "alias", "from_hook_env"])]
    pub cert_id: Option<String>,

    /// PEM chain to upload, leaf first (fullchain.pem); '-' reads stdin
    #[arg(
        long,
        value_name = "FILE",
        requires = "key",
        conflicts_with = "from_hook_env"
    )]
    pub cert: Option<PathBuf>,

    /// PEM private key of that certificate (privkey.pem); '-' reads stdin
    #[arg(
        long,
        value_name = "FILE",
        requires = "cert",
        conflicts_with = "from_hook_env"
    )]
    pub key: Option<PathBuf>,

    /// Take --cert and --key from an ACME client's deploy-hook environment
    ///
    /// Read from: certbot RENEWED_LINEAGE, lego LEGO_HOOK_CERT_PATH/LEGO_HOOK_CERT_KEY_PATH
    /// (v4: LEGO_CERT_PATH/LEGO_CERT_KEY_PATH), acme.sh CERT_FULLCHAIN_PATH/CERT_KEY_PATH.
    /// The variables of two clients at once are refused.
    #[arg(long)]
    pub from_hook_env: bool,

    /// Remark for the uploaded certificate (only with a key pair; default "tclive CN DATE")
    #[arg(long, value_name = "TEXT", requires = "certsource")]
    pub alias: Option<String>,

    /// How a key pair reaches Live: stored once in the SSL service, or uploaded by the bind
    ///
    /// ssl: stored with UploadCertificate (an identical certificate already stored is reused,
    /// never stored twice), then bound by its ID; the key travels only in the upload.
    /// live: sent with the bind (ModifyLiveDomainCertBindings), which stores a new copy every
    /// time. auto: ssl, and live with one warning when CAM refuses ssl:UploadCertificate.
    #[arg(
        long,
        value_enum,
        value_name = "VIA",
        default_value_t = UploadVia::Auto,
        requires = "certsource"
    )]
    pub upload_via: UploadVia,

    /// After a bind that fully succeeded, mute or delete the certificates it replaced
    ///
    /// Each certificate a bound domain had before that is now bound to no Live domain, was
    /// uploaded (not bought) and is superseded by the new one (all its names covered, a later
    /// expiry) is muted (no more expiry notices) or deleted (the service checks first that no
    /// other cloud product uses it). Nothing is retired when the bind, --verify or
    /// --wait-served did not fully succeed. Exit 7 when an old certificate stayed.
    #[arg(hide_short_help = true, long, value_enum, value_name = "HOW")]
    pub retire_old: Option<RetireOld>,

    /// Domain to bind, NAME[:on|off|keep] (HTTPS; default on); repeat it
    ///
    /// STATE switches HTTPS on, off, or leaves it as it is (keep).
    #[arg(long = "domain", short = 'd', value_name = "NAME[:STATE]", value_hint = clap::ValueHint::Other)]
    pub domains: Vec<String>,

    /// File of NAME[:STATE] lines ('#' comments); '-' reads stdin
    ///
    /// One domain per line as --domain takes it; blank lines and '#' comments are ignored.
    #[arg(long, value_name = "FILE")]
    pub domains_file: Option<PathBuf>,

    /// Also bind every enabled play domain the certificate's names cover
    ///
    /// With HTTPS on. Reads the account's domain list; exit 5 when none is found.
    #[arg(long, requires = "certsource")]
    pub match_san: bool,

    /// Skip the local certificate checks (last resort)
    ///
    /// The API may then store a certificate that `tclive cert check` would have refused.
    #[arg(long, requires = "certsource")]
    pub no_check: bool,

    /// Show what would change per domain; send no change
    ///
    /// Per domain: bind, https on/off or unchanged, with the current and the wanted
    /// certificate and state. Reads the bindings; sends no change.
    #[arg(long)]
    pub plan: bool,

    /// Bind even the domains that already have this certificate and state
    #[arg(long)]
    pub force: bool,

    /// Read every applied domain back; a difference is `unverified`
    ///
    /// After binding, every applied domain is read back; one that does not show the certificate
    /// and HTTPS state asked for is reported `unverified` (exit 5).
    #[arg(long, conflicts_with = "plan")]
    pub verify: bool,

    /// Then wait until the domains' servers hand out the new certificate
    ///
    /// After the bind (and --verify), the domains bound with HTTPS on are probed as `cert
    /// probe` does, in rounds with growing pauses, until each serves the new leaf or DURATION
    /// has passed; one still serving something else is `not served` (exit 5), with what it
    /// serves.
    #[arg(long, value_name = "DURATION", value_parser = wait("--wait-served", "5m"), conflicts_with = "plan")]
    pub wait_served: Option<std::time::Duration>,

    /// With --wait-served: connect to HOST[:PORT] for NAME (repeatable; as curl's --connect-to)
    #[arg(
        long,
        value_name = "NAME:HOST[:PORT]",
        requires = "wait_served",
        hide_short_help = true
    )]
    pub connect_to: Vec<String>,

    /// With --wait-served: wait for every address of each name, not just one
    #[arg(long, requires = "wait_served", hide_short_help = true)]
    pub all_addresses: bool,

    /// Accept labels that mix scripts (refused by default as look-alikes)
    ///
    /// A label that mixes scripts (a Cyrillic 'а' among Latin letters …) is refused by default
    /// as a possible look-alike of another name; with this flag it is accepted with a warning.
    #[arg(long)]
    pub allow_idn: bool,
}

#[derive(Debug, Subcommand)]
pub enum CredentialsCommand {
    /// Show which credentials would be used (the SecretId masked, never the SecretKey)
    #[command(
        long_about = "Show which credentials would be used: the source, the profile, the SecretId \
            masked, whether a token is present, and for temporary keys the role and when they \
            expire (UTC). Never a SecretKey or a token. Temporary keys are fetched to show them; \
            without --check the Live API is not called.\n\n\
            Sources, first complete one wins (--credentials-source picks one):\n  \
            1. environment: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, optional \
            TENCENTCLOUD_SESSION_TOKEN or TENCENTCLOUD_TOKEN; each also as <NAME>_FILE (a path to \
            a file holding the value). Skipped when --profile is given on the command line.\n  \
            2. credentials file: TENCENTCLOUD_CREDENTIALS_FILE, else ~/.tencentcloud/credentials, \
            else /etc/tencentcloud/credentials (INI; section = profile; keys secret_id, \
            secret_key, optional token, role_arn, role_session_name).\n  \
            3. tccli: ~/.tccli/<profile>.credential of type default (role-arn assumed), \
            cvm-role, oauth or sso (refused once expired).\n  \
            4. TKE OIDC: TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN.\n  \
            5. GitHub Actions OIDC: a job with `permissions: id-token: write`, \
            TENCENTCLOUD_OIDC_PROVIDER_ID and TENCENTCLOUD_ROLE_ARN (audience \
            TENCENTCLOUD_OIDC_AUDIENCE, default sts.tencentcloudapi.com).\n  \
            6. CVM instance role (metadata service).\n\n\
            Stored keys and the instance role assume TENCENTCLOUD_ROLE_ARN when it is set \
            (TENCENTCLOUD_ROLE_SESSION_NAME, TENCENTCLOUD_ROLE_SESSION_DURATION).\n\n\
            With --check, each read action the commands need is tried once (nothing is \
            changed) and shown as allowed or not permitted by CAM; exit 4 when one is not.",
        after_help = "Examples:\n  tclive credentials show\n  tclive credentials show --profile prod -o json\n  \
            tclive credentials show --check     # which live:* actions does CAM allow?"
    )]
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Try each read action the commands need (DescribeLiveDomainCertBindings,
    /// DescribeLiveDomains, DescribeLiveDomainCert) and show which CAM allows; changes nothing
    #[arg(long)]
    pub check: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_reshaping_names_only_real_options_and_commands() {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let globals: Vec<String> = cmd
            .get_arguments()
            .filter(|a| a.is_global_set())
            .map(|a| a.get_id().to_string())
            .collect();
        let ids: Vec<String> = GlobalId::ALL.iter().map(|g| g.as_str().into()).collect();
        assert_eq!(ids, globals, "GlobalId is Global's arguments, in order");
        for (path, _) in UNUSED_GLOBALS {
            let mut c = &cmd;
            for name in *path {
                c = c
                    .find_subcommand(name)
                    .unwrap_or_else(|| panic!("{path:?}: no subcommand {name}"));
            }
        }
    }
}
