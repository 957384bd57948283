//! The exit-code taxonomy: a public contract (README, `--help`). Change only through an issue.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every requested domain was applied.
    Ok = 0,
    /// The service refused the whole request (other than authentication), or an unexpected failure.
    Failure = 1,
    /// Bad options or arguments, invalid domain, unreadable file: nothing was sent.
    Usage = 2,
    /// A local certificate check failed: nothing was sent.
    CertCheck = 3,
    /// Credentials missing, incomplete, rejected by the service (AuthFailure.*), or not
    /// permitted by CAM to call the action.
    Credentials = 4,
    /// One or more domains need attention: failed, mismatched, unverified or not served in a
    /// bind, expiring within the window of `cert list --expiring-within`, or serving what
    /// `cert probe` does not expect.
    Partial = 5,
    /// No valid API response (connect, TLS, timeout, non-200, not the API's JSON), or no TLS
    /// handshake with a domain `cert probe` was asked to probe.
    Transport = 6,
    /// `cert bind`/`cert unbind --retire-old`: every domain was applied, but an old
    /// certificate bound to no Live domain stayed (kept by a rule, a failed or unfinished
    /// retirement, or a read that could not be made whole); `cert prune --yes`: a certificate
    /// it selected, or a listing entry it could not read, stayed.
    Retained = 7,
    /// Interrupted by SIGINT (Ctrl-C). tclive dies by the signal rather than exiting with
    /// this code; it is what a shell reports (128 + 2), and the code used should the signal
    /// fail to end the process.
    Interrupted = 130,
    /// Terminated by SIGTERM: likewise, 128 + 15.
    Terminated = 143,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

/// The table shown in `--help` (and, in Markdown, in the README), as a literal so that
/// `concat!` can put it into clap's help texts.
macro_rules! exit_table {
    () => {
        "Exit codes:
  0    every requested domain was applied
  1    the service refused the whole request (other than authentication), or an unexpected failure
  2    usage error: bad options or arguments, invalid domain, unreadable file (nothing was sent)
  3    a local certificate check failed (nothing was sent)
  4    credentials missing, incomplete, or rejected by the service (AuthFailure.*),
       or not permitted by CAM (UnauthorizedOperation, FailedOperation.AuthError)
  5    one or more domains need attention: failed, mismatched, unverified or not served in a
       bind, expiring within the window of `cert list --expiring-within`, or serving what
       `cert probe` does not expect
  6    network or transport failure: no valid API response (connect, TLS, timeout, non-200,
       not the API's JSON), or no TLS handshake with a domain `cert probe` was asked to probe
  7    cert bind/unbind --retire-old: every domain was applied, but an old certificate bound
       to no Live domain stayed (kept by a rule or not retired; see its row); cert prune --yes:
       a certificate it selected, or a listing entry it could not read, stayed
  130  interrupted: SIGINT (Ctrl-C); tclive dies by the signal, so a shell sees 128 + 2
  143  terminated: SIGTERM; tclive dies by the signal, so a shell sees 128 + 15"
    };
}
pub(crate) use exit_table;
