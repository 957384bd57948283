//! `--cert` files (a chain, perhaps with its key) and `cert check` on them: see `tclive::fuzzing::pem_certificate`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::pem_certificate(data));
