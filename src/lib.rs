//! tclive's library: every module is usable (and tested) without a network; only `client`
//! touches it, driven by `app` (the commands), `inventory` (the listings) and `current` (what
//! domains have bound now). The binary in `main.rs` parses, runs and maps the exit code.

// Every write goes through `output`, which never aborts on a closed stderr.
#![deny(clippy::print_stderr, clippy::print_stdout)]

pub mod app;
pub mod cert;
pub mod check;
pub mod cli;
pub mod client;
pub mod credentials;
pub mod current;
pub mod domain;
pub mod endpoint;
pub mod error;
pub mod exit;
pub mod hardening;
pub mod hook;
pub mod inventory;
pub mod live;
pub mod output;
pub mod plan;
pub mod proxy;
pub mod report;
pub mod signals;
pub mod tc3;
pub mod text;
