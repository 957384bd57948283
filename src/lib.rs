//! tclive's library. Data flows one way: flags (`cli`) → `settings` → `input` → reads
//! (`api::reads`) → `plan` → request (`api::client`) → outcome (`report`) → `output` and the
//! exit code. `commands` holds one short pipeline per command; everything else is a pure core
//! usable (and tested) without a network. The binary in `main.rs` parses, runs and exits.

// Every write goes through `output`, which never aborts on a closed stderr.
#![deny(clippy::print_stderr, clippy::print_stdout)]

pub mod api;
pub mod bounded;
pub mod cert;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cloud;
pub mod commands;
pub mod credentials;
pub mod domain;
pub mod endpoint;
pub mod envvar;
pub mod error;
pub mod exit;
pub mod hardening;
pub mod hook;
pub mod input;
pub mod output;
pub mod plan;
pub mod probe;
pub mod proxy;
pub mod redact;
pub mod roots;
pub mod secret;
pub mod settings;
pub mod signals;
pub mod text;

pub use settings::Settings;
