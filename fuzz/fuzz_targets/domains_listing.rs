//! A DescribeLiveDomains page, its entries as read: see `tclive::fuzzing::domains_listing`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::domains_listing(data));
