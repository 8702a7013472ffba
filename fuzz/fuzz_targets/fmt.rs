#![no_main]
//! See `fdl_fuzz::fmt` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| fdl_fuzz::fmt(data));
