//! The workbooks in `samples/` are exactly what `generate` writes for the sample contracts.
//! Regenerate them (after a deliberate change) with: `CPTS_ACI_BLESS=1 cargo test --test samples`.

use cpts_aci::Contract;
use cpts_aci::fund_year;
use cpts_aci::{Entries, write_workbook};
use std::path::Path;

/// Each sample contract and the year whose blank workbook is committed next to it.
const SAMPLES: [(&str, u32, &str); 2] = [
    (
        "samples/contrat-exemple.toml",
        2,
        "samples/suivi-exemple-annee-2.xlsx",
    ),
    (
        "samples/contrat-reference.toml",
        2,
        "samples/suivi-reference-annee-2.xlsx",
    ),
];

#[test]
fn sample_workbooks_are_up_to_date() {
    for (contract, year, workbook) in SAMPLES {
        let c = Contract::load(Path::new(contract)).unwrap();
        let entries = Entries::default();
        let f = fund_year(&c, year, &entries.readings(&c, year));
        let bytes = write_workbook(&c, year, &entries, &f).unwrap();
        if std::env::var_os("CPTS_ACI_BLESS").is_some() {
            std::fs::write(workbook, &bytes).unwrap();
        }
        let committed = std::fs::read(workbook).unwrap_or_default();
        assert!(
            committed == bytes,
            "{workbook} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test samples`"
        );
    }
}
