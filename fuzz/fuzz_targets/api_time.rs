//! The API's time fields: see `tclive::fuzzing::api_time`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::api_time(data));
