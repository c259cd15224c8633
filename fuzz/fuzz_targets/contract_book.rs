//! Raw bytes as a contract of either form (seeded with contract workbooks): examined, converted
//! both ways when it can be, the converted form read back to the same contract.
#![no_main]
use cpts_aci::{ContractForm, examine_contract_bytes};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(first) = examine_contract_bytes(data) else { return };
    for form in [ContractForm::Toml, ContractForm::Workbook] {
        if let Ok(bytes) = first.convert(form) {
            let again = examine_contract_bytes(&bytes).expect("a converted contract reads back");
            if let (Some(mut a), Some(mut b)) =
                (first.examined.contract.clone(), again.examined.contract.clone())
            {
                a.text.clear();
                b.text.clear();
                assert_eq!(a, b, "the same contract in either form");
            }
        }
    }
});
