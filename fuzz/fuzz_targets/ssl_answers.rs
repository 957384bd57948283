//! The SSL Certificate service's answers and the stored certificates' listing, judged as `cert prune` judges it: see `tclive::fuzzing::ssl_answers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::ssl_answers(data));
