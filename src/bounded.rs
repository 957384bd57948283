//! The one bounded reader of the files tclive reads (all but stdin): certificates, keys and
//! domain lists, credentials and token files, the trust store. Opened without blocking (a FIFO
//! with no writer would block `open()` for ever), checked by type on the opened file, read at
//! most `max` bytes; a pipe is read only when the caller accepts pipes, and then within a
//! deadline, so that a writer that never writes or never closes ends in an error too. Each
//! caller words the errors its own way, naming its flag or variable and the file.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::OFlags;
use zeroize::Zeroizing;

/// Whether a pipe (FIFO, `<(…)` process substitution) is read, and for how long at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipes {
    /// Regular files only.
    Refused,
    /// Pipes too, read to their end within this time.
    Within(Duration),
}

/// What the path names, when it is not something to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Directory,
    Device,
    Socket,
    /// A pipe, where pipes are refused.
    Pipe,
    Other,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Directory => "a directory",
            Kind::Device => "a device",
            Kind::Socket => "a socket",
            Kind::Pipe => "a pipe",
            Kind::Other => "not a regular file",
        }
    }
}

#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Neither a regular file nor an accepted pipe.
    NotAFile(Kind),
    /// More than the cap.
    TooLarge,
    /// A pipe that did not come to its end within the time allowed.
    Timeout(Duration),
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(e),
        }
    }
}

impl From<rustix::io::Errno> for ReadError {
    fn from(e: rustix::io::Errno) -> Self {
        ReadError::Io(e.into())
    }
}

/// Reads `path`: at most `max` bytes, zeroed when dropped (they may be a private key).
pub fn read(path: &Path, max: u64, pipes: Pipes) -> Result<Zeroizing<Vec<u8>>, ReadError> {
    let flags = OFlags::NONBLOCK | OFlags::NOCTTY;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)?;
    let meta = file.metadata()?;
    let kind = meta.file_type();
    let mut buf = Zeroizing::new(Vec::new());
    if kind.is_file() {
        // Sized up front (the size it has, capped) so that reading does not reallocate and
        // leave a copy behind; O_NONBLOCK does nothing to a regular file.
        buf.reserve(meta.len().min(max) as usize + 1);
        (&file).take(max + 1).read_to_end(&mut buf)?;
    } else if kind.is_fifo() {
        let Pipes::Within(wait) = pipes else {
            return Err(ReadError::NotAFile(Kind::Pipe));
        };
        buf.reserve(max as usize + 1);
        read_pipe(&file, max, wait, &mut buf)?;
    } else {
        return Err(ReadError::NotAFile(if kind.is_dir() {
            Kind::Directory
        } else if kind.is_block_device() || kind.is_char_device() {
            Kind::Device
        } else if kind.is_socket() {
            Kind::Socket
        } else {
            Kind::Other
        }));
    }
    if buf.len() as u64 > max {
        return Err(ReadError::TooLarge);
    }
    Ok(buf)
}

/// Reads a non-blocking pipe to its end (every writer gone), waiting for data at most until
/// `wait` has passed. A FIFO nobody has opened for writing polls as "nothing yet", so it too
/// ends at the deadline.
fn read_pipe(
    file: &std::fs::File,
    max: u64,
    wait: Duration,
    buf: &mut Vec<u8>,
) -> Result<(), ReadError> {
    let deadline = Instant::now() + wait;
    let mut chunk = Zeroizing::new(vec![0u8; 16 * 1024]);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ReadError::Timeout(wait));
        }
        let timeout = Timespec::try_from(left).unwrap_or(Timespec {
            tv_sec: i64::MAX,
            tv_nsec: 0,
        });
        let mut fds = [PollFd::new(file, PollFlags::IN)];
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => return Err(ReadError::Timeout(wait)),
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
        // Ready: data, or every writer gone (then read gives 0: the end).
        match (&*file).read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() as u64 > max {
                    return Ok(());
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
                ) => {}
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_capped_and_directories_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(&**read(&p, 5, Pipes::Refused).unwrap(), b"12345");
        assert!(matches!(
            read(&p, 4, Pipes::Refused),
            Err(ReadError::TooLarge)
        ));
        assert!(matches!(
            read(dir.path(), 4, Pipes::Refused),
            Err(ReadError::NotAFile(Kind::Directory))
        ));
        assert!(matches!(
            read(
                Path::new("/dev/zero"),
                4,
                Pipes::Within(Duration::from_secs(1))
            ),
            Err(ReadError::NotAFile(Kind::Device))
        ));
        assert!(matches!(
            read(&dir.path().join("none"), 4, Pipes::Refused),
            Err(ReadError::NotFound)
        ));
    }

    #[test]
    fn a_pipe_is_read_to_its_end_or_refused() {
        let (r, mut w) = std::io::pipe().unwrap();
        std::io::Write::write_all(&mut w, b"abc").unwrap();
        drop(w);
        let fd = std::os::fd::AsRawFd::as_raw_fd(&r);
        let path = std::path::PathBuf::from(format!("/proc/self/fd/{fd}"));
        assert!(matches!(
            read(&path, 10, Pipes::Refused),
            Err(ReadError::NotAFile(Kind::Pipe))
        ));
        let wait = Pipes::Within(Duration::from_secs(5));
        assert_eq!(&**read(&path, 10, wait).unwrap(), b"abc");
    }

    #[test]
    fn a_pipe_that_never_ends_stops_at_the_deadline() {
        let (r, mut w) = std::io::pipe().unwrap();
        std::io::Write::write_all(&mut w, b"abc").unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&r);
        let path = std::path::PathBuf::from(format!("/proc/self/fd/{fd}"));
        let wait = Duration::from_millis(200);
        assert!(matches!(
            read(&path, 10, Pipes::Within(wait)),
            Err(ReadError::Timeout(w)) if w == wait
        ));
        drop(w);
    }
}
