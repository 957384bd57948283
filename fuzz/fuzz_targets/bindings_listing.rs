//! A DescribeLiveDomainCertBindings page, its entries as read: see `tclive::fuzzing::bindings_listing`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::bindings_listing(data));
