//! The integration tests, one binary: each module drives the built `tclive` binary the way a
//! user, a hook or a CI job does, against the loopback fakes of `common` (nothing leaves the
//! machine), and checks stdout, stderr, the exit code and what the fake received.

mod common;

mod bind;
mod check_cli;
mod completions;
mod credentials;
mod docs;
mod hardening;
mod help;
mod hooks;
mod idempotence;
mod inventory;
mod no_leaks;
mod probe;
mod providers;
mod reliability;
mod service;
mod signals;
mod tables;
mod transport;
mod trust_env;
mod trust_listings;
mod trust_output;
mod trust_probe;
mod usage;
