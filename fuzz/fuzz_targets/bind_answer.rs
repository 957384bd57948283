//! The ModifyLiveDomainCertBindings answer and the report built from it: see `tclive::fuzzing::bind_answer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::bind_answer(data));
