//! Everything that talks to the Live API: the signer, the action types, the signed POST with
//! its retries and pace, and the reads built on it.

pub mod answer;
pub mod client;
pub mod live;
pub mod reads;
pub mod request;
pub mod tc3;
