//! `-o json` of an answer or a listing: never `null`: see `tclive::fuzzing::json_output`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::json_output(data));
