//! Runs the built binary with one of its streams on a pseudo-terminal of a given width, as a
//! user at a terminal sees it: stdout (tables, colour) or stderr (progress lines); the other
//! stream stays a pipe. What the terminal received comes back with the terminal's `\r\n`
//! turned back into `\n`, in a leak-checked [`Outcome`].

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

use super::{Outcome, describe_std};

/// Runs `cmd` with stdout on a terminal `cols` wide.
pub fn run(cmd: Command, cols: u16) -> Outcome {
    on_terminal(cmd, cols, true)
}

/// Runs `cmd` with stderr on a terminal `cols` wide.
pub fn run_stderr(cmd: Command, cols: u16) -> Outcome {
    on_terminal(cmd, cols, false)
}

fn on_terminal(mut cmd: Command, cols: u16, stdout_on_terminal: bool) -> Outcome {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let what = format!(
        "{} ({} on a terminal {cols} columns wide)",
        describe_std(&cmd),
        if stdout_on_terminal {
            "stdout"
        } else {
            "stderr"
        }
    );
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(std::ffi::OsStr::new(
            std::str::from_utf8(name.as_bytes()).expect("utf-8 path"),
        ))
        .expect("open the terminal's slave side");
    rustix::termios::tcsetwinsize(
        &slave,
        rustix::termios::Winsize {
            ws_row: 50,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("set the terminal's size");
    let mut master = std::fs::File::from(master);
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        // Linux answers EIO once every slave side is closed and the rest was read.
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    cmd.stdin(Stdio::null());
    match stdout_on_terminal {
        true => cmd.stdout(Stdio::from(slave)).stderr(Stdio::piped()),
        false => cmd.stdout(Stdio::piped()).stderr(Stdio::from(slave)),
    };
    let child = cmd.spawn().expect("start tclive");
    // `cmd` still holds the slave side: drop it so that the reader sees the end.
    drop(cmd);
    let out = child.wait_with_output().expect("tclive ends");
    let terminal = String::from_utf8_lossy(&reader.join().expect("reader")).replace("\r\n", "\n");
    let (stdout, stderr) = match stdout_on_terminal {
        true => (terminal.into_bytes(), out.stderr),
        false => (out.stdout, terminal.into_bytes()),
    };
    Outcome::from_parts(what, out.status.code(), out.status.signal(), stdout, stderr)
}
