//! `tclive man`: tclive(1) as roff, one page holding every command (its synopsis, description,
//! options and examples), so that `man tclive` answers without a page per subcommand.
//!
//! The page is meant to be copied from: no word is hyphenated across lines, examples are set
//! as they are written (no filling, one command line a line), and the lists of the help texts
//! (exit codes, output formats, numbered steps) are set as lists. The help's pointers to
//! `--help` are left out: the page already holds everything.

use roff::{Roff, bold, roman};

use crate::cli;
use crate::error::{Error, Result};

/// The help texts' pointer to the long help (`-h` only): the page has every option already.
const MORE_WITH_HELP: &str = "More global options with --help";

pub(crate) fn page() -> Result<Vec<u8>> {
    // A page has room for every global option's text (-h keeps most of them out).
    let mut root = cli::command().mut_args(|a| a.hide_short_help(false));
    root.build();
    let man = clap_mangen::Man::new(root.clone());
    let mut out = Vec::new();
    let io = |e: std::io::Error| Error::Other(format!("cannot render the manual page: {e}"));
    man.render_title(&mut out).map_err(io)?;
    // No hyphenation anywhere, and ragged-right text: a name or an option split at a line's
    // end cannot be copied, and stretched spaces read as tabs.
    out.extend_from_slice(b".nh\n.ad l\n");
    man.render_name_section(&mut out).map_err(io)?;
    man.render_synopsis_section(&mut out).map_err(io)?;
    out.extend_from_slice(description(&root, "SH").as_bytes());
    man.render_options_section(&mut out).map_err(io)?;
    for command in leaves(&root) {
        let title = command
            .get_bin_name()
            .unwrap_or(command.get_name())
            .to_uppercase();
        out.extend_from_slice(format!(".SH \"{title}\"\n").as_bytes());
        // The global options are described once, above.
        let man = clap_mangen::Man::new(command.clone().mut_args(|a| {
            let hide = a.is_global_set() || a.is_hide_set();
            a.hide(hide)
        }));
        let mut part = Vec::new();
        man.render_synopsis_section(&mut part).map_err(io)?;
        // The command's sections are subsections of its own.
        let part = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        out.extend_from_slice(part.as_bytes());
        out.extend_from_slice(description(command, "SS").as_bytes());
        let mut part = Vec::new();
        man.render_options_section(&mut part).map_err(io)?;
        let part = String::from_utf8_lossy(&part).replace(".SH ", ".SS ");
        out.extend_from_slice(part.as_bytes());
        out.extend_from_slice(extra(command, "SS").as_bytes());
    }
    out.extend_from_slice(extra(&root, "SH").as_bytes());
    man.render_version_section(&mut out).map_err(io)?;
    Ok(out)
}

/// The commands that do something (no groups, no `help`), in the order `--help` lists them.
fn leaves(cmd: &clap::Command) -> Vec<&clap::Command> {
    let mut out = Vec::new();
    for sc in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        if sc.has_subcommands() {
            out.extend(leaves(sc));
        } else {
            out.push(sc);
        }
    }
    out
}

/// The DESCRIPTION of `cmd` (its long about, else its about) under the heading macro `h`.
fn description(cmd: &clap::Command, h: &str) -> String {
    let Some(text) = cmd.get_long_about().or(cmd.get_about()) else {
        return String::new();
    };
    let mut roff = Roff::new();
    roff.control(h, ["DESCRIPTION"]);
    blocks(&mut roff, &text.to_string(), None);
    roff.render()
}

/// The help text after the options (examples, output formats, exit codes), each part under a
/// heading of its own: `Examples:` becomes EXAMPLES.
fn extra(cmd: &clap::Command, h: &str) -> String {
    let Some(text) = cmd.get_after_long_help().or(cmd.get_after_help()) else {
        return String::new();
    };
    let mut roff = Roff::new();
    blocks(&mut roff, &text.to_string(), Some(h));
    roff.render()
}

/// What a block's indented lines are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Command lines and comments, set as written.
    Literal,
    /// `TAG   text` rows (exit codes, output formats), continued by deeper-indented lines.
    Tagged,
}

/// Sets a help text's blank-line-separated blocks. A block is a paragraph of prose, or a
/// lead-in line followed by indented lines; with `headings`, a lead-in ending in `:` is a
/// heading of that macro. Indented lines are a list when they are `N. text` or `TAG  text`
/// rows, else literal text.
fn blocks(roff: &mut Roff, text: &str, headings: Option<&str>) {
    let mut kind = Kind::Literal;
    for block in text.split("\n\n") {
        if block.trim().is_empty() || block.trim_start().starts_with(MORE_WITH_HELP) {
            continue;
        }
        let lines: Vec<&str> = block.lines().collect();
        let (lead, rest) = match lines.split_first() {
            Some((first, rest)) if !first.starts_with(' ') => (Some(*first), rest),
            _ => (None, &lines[..]),
        };
        // Prose lines before the indented ones belong to the lead-in.
        let split = rest
            .iter()
            .position(|l| l.starts_with(' '))
            .unwrap_or(rest.len());
        let (more, indented) = rest.split_at(split);
        if let Some(lead) = lead {
            let mut prose = std::iter::once(lead)
                .chain(more.iter().copied())
                .collect::<Vec<_>>()
                .join(" ");
            match headings {
                Some(h) if prose.ends_with(':') && more.is_empty() => {
                    prose.pop();
                    let title = prose.to_uppercase();
                    roff.control(h, [title.as_str()]);
                    kind = if matches!(title.as_str(), "EXAMPLES") {
                        Kind::Literal
                    } else {
                        Kind::Tagged
                    };
                }
                _ => {
                    roff.control("PP", []);
                    roff.text([roman(prose)]);
                }
            }
        } else {
            roff.control("PP", []);
        }
        if indented.is_empty() {
            continue;
        }
        if indented.iter().all(|l| numbered(l).is_some()) {
            for l in indented {
                if let Some((n, t)) = numbered(l) {
                    roff.control("IP", [n, "4"]);
                    roff.text([roman(t)]);
                }
            }
        } else if kind == Kind::Tagged && tagged(indented[0]).is_some() {
            tagged_list(roff, indented);
        } else {
            // Literal: the lines as written, less the help's two-space indent.
            roff.control("RS", ["2"]);
            roff.control("nf", []);
            let body: Vec<&str> = indented
                .iter()
                .map(|l| l.strip_prefix("  ").unwrap_or(l))
                .collect();
            roff.text([roman(body.join("\n"))]);
            roff.control("fi", []);
            roff.control("RE", []);
        }
    }
}

/// `  1. text` as ("1.", "text").
fn numbered(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let (n, rest) = t.split_once(". ")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (&t[..n.len() + 1], rest.trim()))
}

/// `  TAG   text` (two spaces or more after a one-word tag) as ("TAG", "text").
fn tagged(line: &str) -> Option<(&str, &str)> {
    let t = line.strip_prefix("  ")?;
    if t.starts_with(' ') {
        return None;
    }
    let end = t.find("  ")?;
    let (tag, rest) = t.split_at(end);
    (!tag.contains(' ')).then(|| (tag, rest.trim()))
}

/// Rows of `TAG  text`, a line indented deeper continuing the row above, as a tagged list.
fn tagged_list(roff: &mut Roff, lines: &[&str]) {
    let mut rows: Vec<(&str, String)> = Vec::new();
    for l in lines {
        match (tagged(l), rows.last_mut()) {
            (Some((tag, text)), _) => rows.push((tag, text.to_string())),
            (None, Some((_, text))) => {
                text.push(' ');
                text.push_str(l.trim());
            }
            (None, None) => rows.push(("", l.trim().to_string())),
        }
    }
    let width = rows.iter().map(|(t, _)| t.len()).max().unwrap_or(0) + 2;
    let width = width.to_string();
    // One row a line, as in --help: no blank line between them.
    roff.control("PD", ["0"]);
    for (tag, text) in rows {
        roff.control("TP", [width.as_str()]);
        roff.text([bold(tag)]);
        roff.text([roman(text)]);
    }
    roff.control("PD", []);
}
