//! Runs a parsed command line: flags → validated inputs → request → answer → report → output.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::Path;

use clap::CommandFactory;

use crate::cert;
use crate::check;
use crate::cli::{
    BindArgs, CertCommand, CheckArgs, Cli, ColorChoice, Command, CredentialsCommand, DomainCommand,
    Output,
};
use crate::client::{self, Prepared, Target};
use crate::credentials::{self, Credentials, Lookup};
use crate::current;
use crate::domain::{self, DomainList, DomainSpec};
use crate::endpoint::{self, Endpoint};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::live::{self, DomainInfo, ModifyBindingsRequest};
use crate::output::{errln, json_text, stdout as write_stdout};
use crate::plan;
use crate::report;
use crate::text::printable;

/// Largest input file read (PEM, domains list): far above any real one, and it keeps a wrong
/// path such as /dev/zero from eating memory.
const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Decisions derived once from the flags and the environment.
pub struct Context {
    pub cli: Cli,
    pub profile_from_flag: bool,
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub stdout_tty: bool,
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

impl Context {
    pub fn new(cli: Cli, profile_from_flag: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR");
        let stdout_tty = std::io::stdout().is_terminal();
        let stderr_tty = std::io::stderr().is_terminal();
        Context {
            color_stdout: color_enabled(cli.global.color, stdout_tty, no_color.as_deref()),
            color_stderr: color_enabled(cli.global.color, stderr_tty, no_color.as_deref()),
            stdout_tty,
            profile_from_flag,
            cli,
        }
    }

    pub(crate) fn endpoint(&self) -> Result<Endpoint> {
        endpoint::parse(&self.cli.global.endpoint).map_err(Error::Usage)
    }

    pub(crate) fn region(&self) -> Option<&str> {
        self.cli
            .global
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// The region, refused when it could not travel in a header (a line break would split
    /// the request) or is not a region's shape.
    pub(crate) fn checked_region(&self) -> Result<Option<&str>> {
        match self.region() {
            Some(r)
                if !r
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                Err(Error::Usage(format!(
                    "--region '{}' is not a region name (such as ap-guangzhou): use letters, digits and '-'",
                    printable(r)
                )))
            }
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
        creds: &'c Credentials,
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

    pub fn warn(&self, msg: &str) {
        crate::text::warn(self.color_stderr, msg);
    }
}

pub fn run(ctx: &Context) -> Result<Exit> {
    match &ctx.cli.command {
        Command::Cert(CertCommand::Bind(args)) => bind(ctx, args),
        Command::Cert(CertCommand::Check(args)) => cert_check(ctx, args),
        Command::Cert(CertCommand::List(args)) => crate::inventory::cert_list(ctx, args),
        Command::Domain(DomainCommand::List(args)) => crate::inventory::domain_list(ctx, args),
        Command::Credentials(CredentialsCommand::Show) => credentials_show(ctx),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "tclive", &mut buf);
            write_stdout(&buf)?;
            Ok(Exit::Ok)
        }
    }
}

/// Reads a file named on the command line, `-` meaning stdin. Errors name the flag and file.
/// The bytes are zeroed when dropped: they may be a private key.
fn read_input(flag: &str, path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    let shown = path.display().to_string();
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    // Sized up front so that reading never reallocates: no copy of a key is left behind.
    buf.reserve(MAX_INPUT_BYTES as usize + 1);
    let res = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
    } else {
        match std::fs::File::open(path) {
            Ok(f) if f.metadata().is_ok_and(|m| m.is_dir()) => {
                return Err(Error::Usage(format!(
                    "{flag} {shown}: is a directory, not a file"
                )));
            }
            Ok(f) => f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf),
            Err(e) => Err(e),
        }
    };
    match res {
        Ok(_) if buf.len() as u64 > MAX_INPUT_BYTES => Err(Error::Usage(format!(
            "{flag} {shown}: larger than {} KiB; is this the right file?",
            MAX_INPUT_BYTES / 1024
        ))),
        Ok(_) => Ok(buf),
        Err(e) => Err(Error::Usage(format!(
            "{flag} {shown}: cannot read: {}",
            match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                std::io::ErrorKind::PermissionDenied =>
                    "permission denied (run as a user who can read it)".to_string(),
                _ => e.to_string(),
            }
        ))),
    }
}

/// The certificate part of a bind request.
enum Certificate {
    None,
    CloudId(String),
    KeyPair {
        /// The chain as it will be sent: leaf first, issuer order, re-encoded.
        cert_pem: String,
        /// The leaf's SHA-256 fingerprint: what an idempotent bind compares.
        leaf_sha256: String,
        key: cert::KeyPem,
        alias: Option<String>,
    },
}

/// Reads and loads `--cert` and, when given, `--key` (usage errors name the file).
fn load_pair(cert: &Path, key: Option<&Path>) -> Result<(cert::CertPem, Option<cert::KeyPem>)> {
    let bytes = read_input("--cert", cert)?;
    let c = cert::load_cert(&cert.display().to_string(), &bytes).map_err(Error::Usage)?;
    let k = match key {
        Some(k) => {
            let bytes = read_input("--key", k)?;
            Some(cert::load_key(&k.display().to_string(), &bytes).map_err(Error::Usage)?)
        }
        None => None,
    };
    Ok((c, k))
}

/// Only one input can come from stdin (`-`).
fn check_stdin_once(inputs: &[(&str, Option<&Path>)]) -> Result<()> {
    let users: Vec<&str> = inputs
        .iter()
        .filter(|(_, p)| p.is_some_and(|p| p.as_os_str() == "-"))
        .map(|(n, _)| *n)
        .collect();
    if users.len() > 1 {
        return Err(Error::Usage(format!(
            "{} all read stdin ('-'); only one of them can: give the others as files",
            users.join(" and ")
        )));
    }
    Ok(())
}

/// The domains of `--domain` and `--domains-file`, each once, checked and normalised.
fn collect_domains(
    domains: &[String],
    file: Option<&Path>,
    allow_empty: bool,
    rules: domain::Rules,
) -> Result<DomainList> {
    let mut list = DomainList::default();
    for raw in domains {
        let (name, https) = domain::parse_spec_with(raw, &printable(raw), rules)
            .map_err(|e| Error::Usage(format!("--domain {e}")))?;
        if rules.allow_mixed_scripts && raw.split('.').any(domain::mixes_scripts) {
            list.mixed_scripts
                .push(format!("--domain {}", printable(raw)));
        }
        list.add(DomainSpec {
            name,
            https,
            origin: "--domain".into(),
        })
        .map_err(Error::Usage)?;
    }
    if let Some(path) = file {
        let bytes = read_input("--domains-file", path)?;
        let shown = if path.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| Error::Usage(format!("--domains-file {shown}: not UTF-8 text")))?;
        domain::parse_file_with(text, &shown, &mut list, rules)
            .map_err(|e| Error::Usage(format!("--domains-file {e}")))?;
    }
    for name in &list.mixed_scripts {
        crate::text::warn(
            false,
            &format!("{name}: mixes scripts (a look-alike?); accepted because of --allow-idn"),
        );
    }
    if list.is_empty() && !allow_empty {
        return Err(Error::Usage(
            "no domain given: add --domain NAME[:on|off|keep] (repeatable) or --domains-file FILE"
                .into(),
        ));
    }
    Ok(list)
}

/// What `--cert-id`, `--cert/--key` or `--from-hook-env` gave, loaded but not yet checked.
enum Source {
    None,
    CloudId(String),
    Pair {
        cert: cert::CertPem,
        key: cert::KeyPem,
        alias: Option<String>,
    },
}

fn load_source(args: &BindArgs) -> Result<Source> {
    if let Some(id) = &args.cert_id {
        let id = id.trim();
        if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::Usage(format!(
                "--cert-id '{}' is not a certificate ID (expected something like hZy2N9vF)",
                printable(id)
            )));
        }
        return Ok(Source::CloudId(id.to_string()));
    }
    let (cert_path, key_path) = if args.from_hook_env {
        let env = |k: &str| std::env::var_os(k);
        let p = crate::hook::resolve(&env).map_err(Error::Usage)?;
        errln!(
            "using {}'s certificate {} and key {}",
            p.client,
            printable(&p.cert.display().to_string()),
            printable(&p.key.display().to_string())
        );
        (p.cert, p.key)
    } else {
        match (&args.cert, &args.key) {
            (Some(c), Some(k)) => (c.clone(), k.clone()),
            // clap enforces --cert and --key together; this is the toggle-only mode.
            _ => return Ok(Source::None),
        }
    };
    let (cert, key) = load_pair(&cert_path, Some(&key_path))?;
    let key = key.ok_or_else(|| Error::Other("the key was not loaded".into()))?;
    let alias = match &args.alias {
        Some(a) if a.chars().any(char::is_control) => {
            return Err(Error::Usage(
                "--alias contains control characters; use plain text".into(),
            ));
        }
        Some(a) if a.trim().is_empty() => {
            return Err(Error::Usage(
                "--alias is empty: give a remark or leave it out".into(),
            ));
        }
        Some(a) => Some(a.trim().to_string()),
        None => None,
    };
    Ok(Source::Pair { cert, key, alias })
}

/// Runs the pre-flight checks on a key pair (unless --no-check) and fixes what is sent.
fn certificate(
    ctx: &Context,
    args: &BindArgs,
    source: Source,
    domains: &[DomainSpec],
) -> Result<Certificate> {
    Ok(match source {
        Source::None => Certificate::None,
        Source::CloudId(id) => Certificate::CloudId(id),
        Source::Pair { cert, key, alias } => {
            let order = if args.no_check {
                (0..cert.ders.len()).collect()
            } else {
                let names: Vec<String> = domains.iter().map(|d| d.name.clone()).collect();
                let report = check::run(&check::Input {
                    cert: &cert,
                    key: Some(&key),
                    domains: &names,
                    now: time::OffsetDateTime::now_utc(),
                    min_days: DEFAULT_MIN_DAYS,
                });
                preflight(ctx, &report)?;
                report.send_order
            };
            Certificate::KeyPair {
                cert_pem: cert.pem_in_order(&order),
                leaf_sha256: order
                    .first()
                    .and_then(|&i| cert.ders.get(i))
                    .map(|der| check::fingerprint(der))
                    .unwrap_or_default(),
                key,
                alias,
            }
        }
    })
}

fn wanted(certificate: &Certificate) -> plan::Wanted {
    match certificate {
        Certificate::None => plan::Wanted::None,
        Certificate::CloudId(id) => plan::Wanted::CloudId(id.clone()),
        Certificate::KeyPair { leaf_sha256, .. } => plan::Wanted::Fingerprint(leaf_sha256.clone()),
    }
}

fn print_plan(
    ctx: &Context,
    domains: &[DomainSpec],
    states: &[Option<plan::Current>],
    wanted: &plan::Wanted,
) -> Result<()> {
    let want_cert = match wanted {
        plan::Wanted::None => "-".to_string(),
        plan::Wanted::CloudId(id) => id.clone(),
        plan::Wanted::Fingerprint(f) => {
            format!("sha256:{}", f.replace(':', "").to_ascii_lowercase())
        }
    };
    let rows: Vec<(String, plan::Action, Option<&plan::Current>, &str)> = domains
        .iter()
        .zip(states)
        .map(|(d, cur)| {
            (
                d.name.clone(),
                plan::decide(wanted, d.https, cur.as_ref()),
                cur.as_ref(),
                d.https.as_str(),
            )
        })
        .collect();
    if ctx.cli.global.output == Output::Json {
        let arr: Vec<serde_json::Value> = rows
            .iter()
            .map(|(name, action, cur, https)| {
                serde_json::json!({
                    "domain": name,
                    "current": cur,
                    "desired": {
                        "cert": if *wanted == plan::Wanted::None { serde_json::Value::Null } else { serde_json::Value::String(want_cert.clone()) },
                        "https": https,
                    },
                    "action": action.as_str(),
                })
            })
            .collect();
        write_stdout(json_text(&arr).as_bytes())?;
    } else {
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|(name, action, cur, https)| {
                vec![
                    name.clone(),
                    action.as_str().to_string(),
                    cur.and_then(|c| c.cert_id.clone()).unwrap_or("-".into()),
                    cur.and_then(|c| c.alias.clone()).unwrap_or("-".into()),
                    cur.and_then(|c| c.expires.clone()).unwrap_or("-".into()),
                    live::https_word(cur.and_then(|c| c.https)).to_string(),
                    want_cert.clone(),
                    https.to_string(),
                ]
            })
            .collect();
        crate::inventory::write_rows(
            ctx,
            &[
                "DOMAIN",
                "ACTION",
                "CERT ID",
                "ALIAS",
                "EXPIRES",
                "HTTPS",
                "WANT CERT",
                "WANT HTTPS",
            ],
            &table,
        )?;
    }
    let changes = rows
        .iter()
        .filter(|r| r.1 != plan::Action::Unchanged)
        .count();
    errln!(
        "plan: {changes} of {} domain{} would change; nothing was sent",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    Ok(())
}

/// `--match-san`: every enabled play domain the leaf's names cover, added with HTTPS on unless
/// it was listed explicitly. Returns how many were added.
fn match_san(
    session: &mut client::Session<'_>,
    target: &Target<'_>,
    ctx: &Context,
    names: &[String],
    domains: &mut DomainList,
) -> Result<usize> {
    let policy = crate::inventory::policy(ctx);
    let all = crate::inventory::fetch_domains(
        session,
        target,
        crate::cli::DomainKind::Play,
        true,
        policy,
    )?;
    let mut added = 0;
    for (_, d) in all {
        let Ok(name) = domain::normalize(&d.name) else {
            continue;
        };
        if d.status != Some(1)
            || domains.contains(&name)
            || !names.iter().any(|n| check::covers(n, &name))
        {
            continue;
        }
        domains
            .add(DomainSpec {
                name,
                https: domain::Https::On,
                origin: "--match-san".into(),
            })
            .map_err(Error::Usage)?;
        added += 1;
    }
    if added == 0 {
        ctx.warn(&format!(
            "--match-san: no enabled play domain is covered by the certificate's names ({})",
            if names.is_empty() {
                "none".to_string()
            } else {
                printable(&names.join(", "))
            }
        ));
    } else {
        errln!(
            "--match-san: {added} enabled play domain{} covered by the certificate",
            if added == 1 { "" } else { "s" }
        );
    }
    Ok(added)
}

/// Days of validity under which a certificate draws a warning.
pub const DEFAULT_MIN_DAYS: i64 = 14;

/// Before a bind: warnings go to stderr and the bind goes on; any failure stops it (exit 3).
fn preflight(ctx: &Context, report: &check::Report) -> Result<()> {
    for c in report.with_status(check::Status::Warn) {
        ctx.warn(&format!("{}: {}", c.id, c.detail));
    }
    if !report.failed() {
        return Ok(());
    }
    let lines: Vec<String> = report
        .with_status(check::Status::Fail)
        .map(|c| format!("  {}: {}", c.id, c.detail))
        .collect();
    Err(Error::CertCheck(format!(
        "the certificate checks failed, nothing was sent:\n{}\n\
         See `tclive cert check` for the full report; --no-check skips the checks (last resort).",
        lines.join("\n")
    )))
}

fn cert_check(ctx: &Context, args: &CheckArgs) -> Result<Exit> {
    check_stdin_once(&[
        ("--cert", Some(args.cert.as_path())),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    let domains = if args.domains.is_empty() && args.domains_file.is_none() {
        DomainList::default()
    } else {
        collect_domains(
            &args.domains,
            args.domains_file.as_deref(),
            true,
            domain::Rules {
                allow_mixed_scripts: args.allow_idn,
            },
        )?
    };
    let (cert, key) = load_pair(&args.cert, args.key.as_deref())?;
    let names: Vec<String> = domains.specs().iter().map(|d| d.name.clone()).collect();
    let report = check::run(&check::Input {
        cert: &cert,
        key: key.as_ref(),
        domains: &names,
        now: time::OffsetDateTime::now_utc(),
        min_days: args.min_days,
    });
    let out = match ctx.cli.global.output {
        Output::Json => json_text(&report),
        Output::Tsv => report::tsv(
            &report
                .checks
                .iter()
                .map(|c| vec![c.id.into(), c.status.as_str().into(), c.detail.clone()])
                .collect::<Vec<_>>(),
        ),
        Output::Table => check_table(&report, ctx.color_stdout),
    };
    write_stdout(out.as_bytes())?;
    Ok(if report.failed() || (args.strict && report.warned()) {
        Exit::CertCheck
    } else {
        Exit::Ok
    })
}

fn check_table(report: &check::Report, color: bool) -> String {
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
            ("sha256", s.sha256_fingerprint.clone()),
            (
                "chain",
                format!("{} certificate(s) after the leaf", s.chain_certificates),
            ),
        ];
        for (k, v) in rows {
            out.push_str(&format!("{k:<11} {}\n", printable(&v)));
        }
        out.push('\n');
    }
    let width = report
        .checks
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(5)
        .max(5);
    out.push_str(&format!("{:<width$}  STATUS  DETAIL\n", "CHECK"));
    for c in &report.checks {
        let status = c.status.as_str();
        let shown = if color {
            let code = match c.status {
                check::Status::Pass => "32",
                check::Status::Warn => "33",
                check::Status::Fail => "31",
            };
            format!("\x1b[{code}m{status:<6}\x1b[0m")
        } else {
            format!("{status:<6}")
        };
        out.push_str(&format!(
            "{:<width$}  {shown}  {}\n",
            c.id,
            printable(&c.detail)
        ));
    }
    out
}

/// The change request. `display`: also build the copy `-v` and `--dry-run` show (with the key
/// redacted); a large bind that shows nothing does not pay for it.
fn prepare(domains: &[DomainSpec], certificate: &Certificate, display: bool) -> Result<Prepared> {
    let (cloud_cert_id, public, private, alias) = match certificate {
        Certificate::None => (None, None, None, None),
        Certificate::CloudId(id) => (Some(id.as_str()), None, None, None),
        Certificate::KeyPair {
            cert_pem,
            key,
            alias,
            ..
        } => (
            None,
            Some(cert_pem.as_str()),
            Some(key.pem.expose()),
            alias.as_deref(),
        ),
    };
    let mut req = ModifyBindingsRequest {
        domain_infos: domains
            .iter()
            .map(|d| DomainInfo {
                domain_name: &d.name,
                status: d.https.status(),
            })
            .collect(),
        cloud_cert_id,
        certificate_public_key: public,
        certificate_private_key: private,
        certificate_alias: alias,
    };
    let body = zeroize::Zeroizing::new(
        serde_json::to_vec(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?,
    );
    let redaction = private.map(|k| format!("<redacted: {} bytes>", k.len()));
    req.certificate_private_key = redaction.as_deref();
    let display_body = if display {
        serde_json::to_value(&req)
            .map_err(|e| Error::Other(format!("cannot encode the request: {e}")))?
    } else {
        serde_json::Value::Null
    };
    Ok(Prepared {
        body,
        display_body,
        answer_limit: client::change_answer_limit(domains.len()),
    })
}

pub(crate) fn credentials(ctx: &Context) -> Result<Credentials> {
    let env = |k: &str| std::env::var_os(k);
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(std::path::PathBuf::from);
    let resolved = credentials::resolve(&Lookup {
        env: &env,
        home,
        profile: &ctx.cli.global.profile,
        profile_from_flag: ctx.profile_from_flag,
    })?;
    for w in &resolved.warnings {
        ctx.warn(w);
    }
    Ok(resolved.credentials)
}

fn bind(ctx: &Context, args: &BindArgs) -> Result<Exit> {
    let g = &ctx.cli.global;
    check_stdin_once(&[
        ("--cert", args.cert.as_deref()),
        ("--key", args.key.as_deref()),
        ("--domains-file", args.domains_file.as_deref()),
    ])?;
    if args.plan && g.dry_run {
        return Err(Error::Usage(
            "--plan reads the current bindings from the API, which --dry-run never does; use one of them".into(),
        ));
    }
    if args.match_san && g.dry_run {
        return Err(Error::Usage(
            "--match-san reads the domain list from the API, which --dry-run never does; \
             run the dry run with explicit --domain names"
                .into(),
        ));
    }
    let endpoint = ctx.endpoint()?;
    ctx.checked_region()?;
    let rules = domain::Rules {
        allow_mixed_scripts: args.allow_idn,
    };
    let mut domains = collect_domains(
        &args.domains,
        args.domains_file.as_deref(),
        args.match_san,
        rules,
    )?;
    let source = load_source(args)?;
    let leaf_names = match &source {
        Source::Pair { cert, .. } => cert.leaf_names(),
        _ => Vec::new(),
    };
    // Every local check before anything is sent, --match-san's listing included: the domains
    // it adds are covered by the certificate's names by construction.
    let certificate = certificate(ctx, args, source, domains.specs())?;
    let target = ctx.target(&endpoint, live::MODIFY_BINDINGS);

    if g.dry_run {
        let prepared = prepare(domains.specs(), &certificate, true)?;
        let headers = client::headers(&target, client::unix_now(), None, &client::request_client());
        let out = match g.output {
            Output::Json => {
                let mut h = serde_json::Map::new();
                for (k, v) in &headers {
                    h.insert((*k).to_string(), serde_json::Value::String(v.clone()));
                }
                let v = serde_json::json!({
                    "Method": "POST",
                    "Url": endpoint.url.as_str(),
                    "Headers": h,
                    "Body": prepared.display_body,
                });
                json_text(&v)
            }
            _ => client::render_request(&target, &headers, &prepared.display_body, ""),
        };
        write_stdout(out.as_bytes())?;
        errln!(
            "dry run: nothing was sent; a real call adds Authorization (and X-TC-Token with a session token)"
        );
        return Ok(Exit::Ok);
    }

    // One session for the whole bind: one connection, one pace, one clock correction.
    let creds = credentials(ctx)?;
    let mut session = ctx.session(&endpoint, &creds)?;
    // --match-san that finds nothing is worth an exit 5 even when --domain names were bound.
    let mut san_found_none = false;
    if args.match_san {
        let found = match &certificate {
            Certificate::KeyPair { .. } => match_san(
                &mut session,
                &ctx.target(&endpoint, live::DESCRIBE_DOMAINS),
                ctx,
                &leaf_names,
                &mut domains,
            )?,
            _ => 0,
        };
        if found == 0 && domains.is_empty() {
            errln!("nothing to bind");
            return Ok(Exit::Partial);
        }
        san_found_none = found == 0;
    }
    let domains = domains.specs();
    let wanted = wanted(&certificate);
    let read_policy = crate::inventory::policy(ctx);

    // Read what each domain has now, unless --force makes it irrelevant.
    let actions: Vec<plan::Action> = if args.force && !args.plan {
        vec![plan::Action::Bind; domains.len()]
    } else {
        let need_fp = matches!(wanted, plan::Wanted::Fingerprint(_));
        let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
        let read = current::read_states(
            &mut session,
            &target,
            &names,
            need_fp,
            read_policy,
            "reading current bindings",
        );
        match read {
            Ok(states) => {
                if args.plan {
                    print_plan(ctx, domains, &states, &wanted)?;
                    return Ok(Exit::Ok);
                }
                domains
                    .iter()
                    .zip(&states)
                    .map(|(d, cur)| plan::decide(&wanted, d.https, cur.as_ref()))
                    .collect()
            }
            // A key allowed to bind but not to read: bind blindly, as before idempotence,
            // unless the user asked for something that needs the reads.
            Err(Error::Api { code, .. })
                if code.ends_with("UnauthorizedOperation") && !args.plan && !args.verify =>
            {
                ctx.warn(&format!(
                    "cannot read the current bindings ({code}): binding every domain; allow \
                     live:DescribeLiveDomainCertBindings (and live:DescribeLiveDomainCert) in \
                     CAM for binds that skip what is already done"
                ));
                vec![plan::Action::Bind; domains.len()]
            }
            Err(e) => return Err(e),
        }
    };
    let unchanged: HashSet<String> = domains
        .iter()
        .zip(&actions)
        .filter(|(_, a)| **a == plan::Action::Unchanged)
        .map(|(d, _)| domain::key(&d.name))
        .collect();
    let to_send: Vec<DomainSpec> = domains
        .iter()
        .zip(&actions)
        .filter(|(_, a)| **a != plan::Action::Unchanged)
        .map(|(d, _)| d.clone())
        .collect();
    if to_send.is_empty() {
        let report = report::build_with(
            domains,
            &unchanged,
            &live::ModifyBindingsResponse::default(),
            "-",
        );
        return finish(
            ctx,
            &report,
            san_found_none,
            Some("nothing to change: no change request was sent"),
        );
    }
    // Only domains that need the certificate carry it: HTTPS switches alone never upload.
    let binds = actions.contains(&plan::Action::Bind);
    let none = Certificate::None;
    let sent_cert = if binds { &certificate } else { &none };
    let prepared = prepare(&to_send, sent_cert, g.verbose)?;

    // Worth knowing in a log: the key-pair mode stores a new certificate on every call.
    if g.verbose && matches!(sent_cert, Certificate::KeyPair { .. }) {
        errln!(
            "note: the key pair is uploaded as a new certificate in the SSL certificate service"
        );
    }
    let policy = client::Policy {
        changes: if matches!(sent_cert, Certificate::KeyPair { .. }) {
            crate::signals::InFlight::Upload
        } else {
            crate::signals::InFlight::Change
        },
        ..read_policy
    };
    let answer = session.call(&target, &prepared, policy)?;
    drop(prepared);
    let (envelope, api_error) = match answer {
        live::Answer::Ok(envelope) => (envelope, None),
        live::Answer::ApiError {
            envelope,
            code,
            message,
        } => (envelope, Some((code, message))),
    };
    let parsed: Result<live::ModifyBindingsResponse> =
        envelope.fields().map_err(|e| Error::MaybeApplied {
            upload: policy.changes == crate::signals::InFlight::Upload,
            cause: Box::new(Error::Transport(format!(
                "the answer has the API's envelope but not this action's fields ({}), from {}",
                printable(&e.to_string()),
                endpoint.url
            ))),
        });
    if g.output == Output::Json && (parsed.is_ok() || api_error.is_some()) {
        write_stdout(json_text(&crate::output::Raw(&envelope.response)).as_bytes())?;
    }
    if let Some((code, message)) = api_error {
        return Err(Error::Api {
            code: printable(&code),
            message: printable(&message),
            request_id: printable(&envelope.request_id),
        });
    }
    let parsed = parsed?;
    let mut report = report::build_with(domains, &unchanged, &parsed, &envelope.request_id);
    if args.verify {
        let need_fp = binds && matches!(wanted, plan::Wanted::Fingerprint(_));
        let ok = report.keys_with(report::Outcome::Ok);
        let applied: Vec<(&DomainSpec, &plan::Action)> = domains
            .iter()
            .zip(&actions)
            .filter(|(d, _)| ok.contains(&domain::key(&d.name)))
            .collect();
        let names: Vec<&str> = applied.iter().map(|(d, _)| d.name.as_str()).collect();
        let states = current::read_states(
            &mut session,
            &target,
            &names,
            need_fp,
            read_policy,
            "verifying",
        )?;
        let mut problems = HashMap::new();
        for ((d, action), cur) in applied.into_iter().zip(states) {
            let cert_wanted = if *action == plan::Action::Bind {
                &wanted
            } else {
                &plan::Wanted::None
            };
            if let Some(problem) = plan::verify_problem(cert_wanted, d.https, cur.as_ref()) {
                problems.insert(domain::key(&d.name), problem);
            }
        }
        report.mark_unverified(&problems);
    }
    finish(ctx, &report, san_found_none, None)
}

/// The end of every bind: the per-domain report on stdout (json printed the API's answer
/// already, or has none to print), the summary and `note` on stderr, and the exit code —
/// 5 too when --match-san found no domain.
fn finish(
    ctx: &Context,
    report: &report::Report,
    san_found_none: bool,
    note: Option<&str>,
) -> Result<Exit> {
    match ctx.cli.global.output {
        Output::Json => {}
        Output::Table => write_stdout(report.table(ctx.color_stdout, ctx.stdout_tty).as_bytes())?,
        Output::Tsv => write_stdout(report.tsv().as_bytes())?,
    }
    errln!("{}", report.summary());
    if let Some(note) = note {
        errln!("{note}");
    }
    Ok(match report.exit() {
        Exit::Ok if san_found_none => Exit::Partial,
        e => e,
    })
}

fn credentials_show(ctx: &Context) -> Result<Exit> {
    let g = &ctx.cli.global;
    let endpoint = ctx.endpoint()?;
    let creds = credentials(ctx)?;
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
        Output::Table => fields
            .iter()
            .map(|(k, v)| format!("{k:<10} {v}\n"))
            .collect(),
    };
    write_stdout(out.as_bytes())?;
    Ok(Exit::Ok)
}
