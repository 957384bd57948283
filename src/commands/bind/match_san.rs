//! `cert bind --match-san`: the account's enabled play domains that the certificate's names
//! cover, added to the bind.

use super::certificate::Certificate;
use crate::api::reads::{self, DomainKind};
use crate::check;
use crate::cli::BindArgs;
use crate::cloud::fields::Entry;
use crate::cloud::session::Session;
use crate::domain::{self, DomainList, DomainSpec};
use crate::error::{Error, Result};
use crate::output::errln;
use crate::settings::Settings;
use crate::text::printable;

/// What --match-san came to.
pub(super) enum Found {
    /// No domain to bind at all: said on stderr, exit 5.
    Nothing,
    /// Domains to bind; `attention` when it found none of its own, or listed one it cannot
    /// read: worth an exit 5 even when the others were bound.
    Some { attention: bool },
}

/// Adds what --match-san finds (nothing without it).
pub(super) fn add(
    ctx: &Settings,
    args: &BindArgs,
    session: &mut Session,
    certificate: &Certificate,
    domains: &mut DomainList,
) -> Result<Found> {
    if !args.match_san {
        return Ok(Found::Some { attention: false });
    }
    let (found, unreadable) = match certificate {
        Certificate::KeyPair { names, .. } => covered(session, ctx, names, domains)?,
        _ => (0, 0),
    };
    if found == 0 && domains.is_empty() {
        errln!("nothing to bind");
        return Ok(Found::Nothing);
    }
    Ok(Found::Some {
        attention: found == 0 || unreadable > 0,
    })
}

/// `--match-san`: every enabled play domain the leaf's names cover, added with HTTPS on unless
/// it was listed explicitly. Returns how many were added, and how many listed domains might be
/// covered but cannot be read (their name, or whether they are enabled): named on stderr,
/// never bound, never dropped without a word.
fn covered(
    session: &mut Session,
    ctx: &Settings,
    names: &[String],
    domains: &mut DomainList,
) -> Result<(usize, usize)> {
    let policy = ctx.policy();
    let mut index = None;
    let mut added = 0;
    let mut unreadable: Vec<String> = Vec::new();
    let mut refused = None;
    // Each page as it arrives, in the time the API's pace leaves before the next request;
    // an incomplete listing is an error, and `domains` goes with it.
    reads::fetch_domains(session, DomainKind::Play, true, policy, |page| {
        if refused.is_some() {
            return;
        }
        let index = index.get_or_insert_with(|| check::NameIndex::new(names));
        for (_, d) in page {
            let Some(listed) = d.name.value() else {
                // Without its name, it may be a domain the certificate covers.
                unreadable.push(format!("? ({})", Entry::problems(d).unwrap_or_default()));
                continue;
            };
            let Ok(name) = domain::normalize(listed) else {
                continue;
            };
            if domains.contains(&name) || !index.covers(&name) {
                continue;
            }
            if d.status.is_unreadable() {
                unreadable.push(format!("{} (Status)", printable(&name)));
                continue;
            }
            if d.status.value() != Some(&1) {
                continue;
            }
            if let Err(e) = domains.add(DomainSpec {
                name,
                https: domain::Https::On,
                origin: "--match-san".into(),
            }) {
                refused = Some(Error::Usage(e));
                return;
            }
            added += 1;
        }
    })?;
    if let Some(e) = refused {
        return Err(e);
    }
    if let Some(first) = unreadable.first() {
        let n = unreadable.len();
        ctx.warn(&format!(
            "--match-san: {n} listed domain{} cannot be read in full, so {} not bound: {first}{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it was" } else { "they were" },
            match n {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            }
        ));
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
    Ok((added, unreadable.len()))
}
