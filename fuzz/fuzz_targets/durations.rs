//! `--timeout`, `--retry-budget`, `--wait-served`, `--expiring-within`: see `tclive::fuzzing::durations`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::durations(data));
