//! Runs the built binary with its stdout on a pseudo-terminal of a given width, as a user at
//! a terminal sees it (stderr stays a pipe).

use std::io::Read;
use std::process::{Command, Stdio};

pub struct Seen {
    /// What the terminal received, with the terminal's `\r\n` turned back into `\n`.
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// Runs `cmd` with stdout on a terminal `cols` wide.
pub fn run(mut cmd: Command, cols: u16) -> Seen {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
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
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tclive");
    // `cmd` still holds the slave side: drop it so that the reader sees the end.
    drop(cmd);
    let out = child.wait_with_output().expect("tclive ends");
    let stdout = reader.join().expect("reader");
    Seen {
        stdout: String::from_utf8_lossy(&stdout).replace("\r\n", "\n"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}
