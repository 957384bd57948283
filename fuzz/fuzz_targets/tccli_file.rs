//! Tccli's JSON credential file: see `tclive::fuzzing::tccli_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::tccli_file(data));
