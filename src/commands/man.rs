//! `tclive man`: tclive(1) as roff, one page holding every command (its synopsis, description,
//! options and examples), so that `man tclive` answers without a page per subcommand.

use crate::cli;
use crate::error::{Error, Result};

pub(crate) fn page() -> Result<Vec<u8>> {
    // A page has room for every global option's text (-h keeps most of them out).
    let mut root = cli::command().mut_args(|a| a.hide_short_help(false));
    root.build();
    let man = clap_mangen::Man::new(root.clone());
    let mut out = Vec::new();
    let io = |e: std::io::Error| Error::Other(format!("cannot render the manual page: {e}"));
    man.render_title(&mut out).map_err(io)?;
    man.render_name_section(&mut out).map_err(io)?;
    man.render_synopsis_section(&mut out).map_err(io)?;
    man.render_description_section(&mut out).map_err(io)?;
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
        man.render_description_section(&mut part).map_err(io)?;
        man.render_options_section(&mut part).map_err(io)?;
        if command.get_after_long_help().is_some() || command.get_after_help().is_some() {
            man.render_extra_section(&mut part).map_err(io)?;
        }
        // The command's sections are subsections of its own.
        let part = String::from_utf8_lossy(&part)
            .replace(".SH EXTRA", ".SH EXAMPLES")
            .replace(".SH ", ".SS ");
        out.extend_from_slice(part.as_bytes());
    }
    let mut extra = Vec::new();
    man.render_extra_section(&mut extra).map_err(io)?;
    out.extend_from_slice(
        String::from_utf8_lossy(&extra)
            .replace(".SH EXTRA", ".SH \"EXAMPLES AND EXIT CODES\"")
            .as_bytes(),
    );
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
