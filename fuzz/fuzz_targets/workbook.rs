//! Raw bytes as a workbook file (seeded with real workbooks from samples/ and tests/fixtures/).
#![no_main]
mod common;
libfuzzer_sys::fuzz_target!(|data: &[u8]| common::exercise(data));
