//! The SDK's INI credentials file: see `tclive::fuzzing::credentials_ini`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::credentials_ini(data));
