//! The bound certificate (DescribeLiveDomainCert's HttpsCrt): see `tclive::fuzzing::https_crt`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tclive::fuzzing::https_crt(data));
