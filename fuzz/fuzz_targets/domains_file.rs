//! `--domains-file`, its bytes as read: see `tclive::fuzzing::domains_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::domains_file(data));
