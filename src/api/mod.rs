//! The products tclive manages, each a [`crate::cloud::Product`] with its own action types:
//! Live (`live.rs`), and the reads built on it (`reads.rs`: the one paging routine, and what
//! domains have bound now).

pub mod live;
pub mod reads;

#[cfg(test)]
mod definitions_tests;
