//! The terms of one contract year in a compact, exact form, stored in the workbook beside the
//! contract text so that reading a workbook does not parse and check the whole TOML again.
//!
//! The form is JSON of the resolved terms (amounts as exact decimal strings) with the year's
//! indicator lines only. It carries its own SHA-256 in the workbook: a reader trusts it only
//! when the digest matches, and otherwise parses the contract text itself.

use super::{Avenant, Contact, Contract, Cpts, Indicator, Mission, Terms, YearSettings};
use crate::grid::Size;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize)]
struct YearTerms {
    grid: String,
    cpts: Cpts,
    size: Size,
    terms: Terms,
    operating: Decimal,
    // Absent when the grid's amount is used, so that the terms of such contracts keep their bytes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    operating_stated: bool,
    missions: Vec<Mission>,
    indicators: Vec<Indicator>,
    years: BTreeMap<u32, YearSettings>,
    // Absent from the terms of a contract without avenants, so that their bytes stay as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    avenants: Vec<Avenant>,
    // Practical information, not terms: carried so that a summary's `Lisez-moi` still shows
    // them, absent when the contract gives none (the bytes of earlier terms stay).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    deadlines: BTreeMap<u32, NaiveDate>,
}

/// The year's terms of a contract as compact JSON.
pub(crate) fn to_json(contract: &Contract, year: u32) -> String {
    let indicators = contract
        .indicators
        .iter()
        .filter_map(|i| {
            let terms = i.years.get(&year)?;
            let mut one = i.clone();
            one.years = BTreeMap::from([(year, terms.clone())]);
            Some(one)
        })
        .collect();
    let terms = YearTerms {
        grid: contract.grid.id.clone(),
        cpts: contract.cpts.clone(),
        size: contract.size,
        terms: contract.terms.clone(),
        operating: contract.operating,
        operating_stated: contract.operating_stated,
        missions: contract.missions.clone(),
        indicators,
        years: contract.years.clone(),
        avenants: contract.avenants.clone(),
        contacts: contract.contacts.clone(),
        deadlines: contract.deadlines.clone(),
    };
    serde_json::to_string(&terms).unwrap_or_default()
}

/// The contract of a workbook from its text and its year's terms; `None` when the terms
/// cannot be used (then the text is parsed instead).
pub(crate) fn from_json(text: &str, json: &str) -> Option<Contract> {
    let terms: YearTerms = serde_json::from_str(json).ok()?;
    Some(Contract {
        text: text.to_string(),
        grid: crate::grid::find(&terms.grid)?,
        cpts: terms.cpts,
        size: terms.size,
        terms: terms.terms,
        operating: terms.operating,
        operating_stated: terms.operating_stated,
        missions: terms.missions,
        indicators: terms.indicators,
        years: terms.years,
        avenants: terms.avenants,
        contacts: terms.contacts,
        deadlines: terms.deadlines,
    })
}

/// SHA-256 in lowercase hexadecimal.
pub(crate) fn sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_year_terms_give_the_same_funding_as_the_contract_text() {
        let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
        for year in 1..=c.terms.duration_years {
            let fast = from_json(&c.text, &to_json(&c, year)).expect("terms read back");
            let readings = crate::funding::reaching_readings(&c, year);
            assert_eq!(
                crate::funding::fund_year(&fast, year, &readings),
                crate::funding::fund_year(&c, year, &readings),
                "year {year}"
            );
            assert_eq!(fast.lines(year).len(), c.lines(year).len());
            assert_eq!(fast.sha256(), c.sha256());
            assert!(to_json(&c, year).len() < c.text.len());
        }
        assert!(from_json(&c.text, "{}").is_none());
    }
}
