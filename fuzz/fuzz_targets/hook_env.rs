//! `--from-hook-env`'s environment: see `tclive::fuzzing::hook_env`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::hook_env(data));
