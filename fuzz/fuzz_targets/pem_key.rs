//! `--key` files: see `tclive::fuzzing::pem_key`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::pem_key(data));
