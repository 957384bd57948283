//! tclive's library: the binary's command line, settled and run, over layers that import only
//! downwards (`tests/layering.rs` checks it; the README's Layout section draws it).
//!
//! Data flows one way: flags (`cli`) → `settings` (settled once; it hands out the sessions) →
//! the command's pipeline (`commands`): inputs (`input`, `domain`, `cert`) → local checks
//! (`check`) → reads of the product (`api::reads`, through a `cloud` session signed with the
//! `credentials`) → one plan per domain (`plan`) → one change request → per-domain rows →
//! `output` and the exit code (`exit`). Below everything, the floor: `secret`, `redact`,
//! `clock`, `text`, `error`, `envvar`, `endpoint`, `proxy`, `bounded`, `roots`, `signals`,
//! `hardening`, `output`. The pure cores are usable (and tested) without a network.
//!
//! The public surface is small on purpose: what the binary calls (`cli`, [`Settings`],
//! [`run`], [`Error`], [`Exit`], `signals`, `hardening`), and the pure functions the tests'
//! harness and the benches call (the signer `tc3`, `cert`'s loaders, `check`'s report and
//! fingerprints, `clock`'s formats, the `table` renderer), and `fuzzing`, the fuzz targets'
//! way in (hidden: not an API). Everything else is crate-private.

// Every write goes through `output`, which never aborts on a closed stderr.
#![deny(clippy::print_stderr, clippy::print_stdout)]

// The binary's face.
pub mod cli;
pub mod hardening;
pub mod signals;
pub use commands::run;
pub use error::{Error, Result};
pub use exit::Exit;
pub use settings::Settings;

// What the tests' harness and the benches call.
pub mod cert;
pub mod check;
pub mod clock;
pub use cloud::tc3;
pub use output::table;

// The fuzz targets' way in (`fuzz/`): above every layer, imported by nothing; not an API.
#[doc(hidden)]
pub mod fuzzing;

mod api;
mod bounded;
mod cloud;
mod commands;
mod credentials;
mod domain;
mod endpoint;
mod envvar;
mod error;
mod exit;
mod hook;
mod input;
mod output;
mod plan;
mod probe;
mod proxy;
mod redact;
mod roots;
mod secret;
mod settings;
mod text;
