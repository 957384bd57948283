//! The products tclive manages, each a [`crate::cloud::Product`] with its own action types:
//! Live (`live.rs`), the SSL Certificate service where key pairs are stored (`ssl.rs`), and
//! the reads built on them (`reads.rs`: the one paging routine, and what domains have bound
//! now).

pub mod live;
pub mod reads;
pub mod ssl;

#[cfg(test)]
mod definitions_tests;
