//! What the process does to itself before it reads any secret.

/// Makes the process non-dumpable (no core file, no ptrace attach by other processes of the
/// same user, /proc/PID/mem closed) and sets the core-file size limit to zero, so a crash
/// never writes the SecretKey or a private key to disk. Best effort: failure leaves the
/// process as it was.
pub fn no_core_dumps() {
    #[cfg(target_os = "linux")]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
    #[cfg(unix)]
    {
        let zero = rustix::process::Rlimit {
            current: Some(0),
            maximum: None,
        };
        // Lowering the soft limit only: the hard limit stays as the user set it.
        let hard = rustix::process::getrlimit(rustix::process::Resource::Core).maximum;
        let _ = rustix::process::setrlimit(
            rustix::process::Resource::Core,
            rustix::process::Rlimit {
                maximum: hard,
                ..zero
            },
        );
    }
}

/// Whether the process is non-dumpable now (Linux); None elsewhere.
pub fn is_dumpable() -> Option<bool> {
    #[cfg(target_os = "linux")]
    {
        rustix::process::dumpable_behavior()
            .ok()
            .map(|b| b != rustix::process::DumpableBehavior::NotDumpable)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}
