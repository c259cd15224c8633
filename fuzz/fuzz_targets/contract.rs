//! Bytes as a contract file: parsed, checked, and, when valid, funded for every year.
#![no_main]
use cpts_aci::Contract;
use cpts_aci::{Readings, fund_year, reaching_readings};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(contract) = Contract::parse(text, std::path::Path::new("fuzz.toml")) else { return };
    for year in 1..=contract.terms.duration_years {
        let _ = fund_year(&contract, year, &Readings::new());
        let _ = fund_year(&contract, year, &reaching_readings(&contract, year));
    }
});
