#![no_main]
//! See `fdl_fuzz::model` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fdl_fuzz::model(data));
