//! tclive's library: every module is usable (and tested) without a network; only `client`
//! touches it, driven by `app` (the commands), `inventory` (the listings) and `current` (what
//! domains have bound now). The binary in `main.rs` parses, runs and maps the exit code.

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
pub mod hook;
pub mod inventory;
pub mod live;
pub mod plan;
pub mod report;
pub mod tc3;
pub mod text;
