//! An HTTP 200 body: the API's envelope and the error it stands for: see `tclive::fuzzing::api_envelope`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::api_envelope(data));
