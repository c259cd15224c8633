//! The hidden identification sheet: format, year, the contract and its fingerprint.

use super::ReadError;
use super::formats::Sheets;
use super::invalid;
use crate::contract::Contract;
use crate::finding::Code;
use crate::finding::Finding;
use crate::finding::hints;
use crate::workbook::layout;
use crate::workbook::layout::meta;
use rust_xlsxwriter::utility::row_col_to_cell;
use std::path::Path;
pub(super) fn read_meta(
    sheets: &Sheets,
) -> Result<(Contract, u32, String, Vec<Finding>), ReadError> {
    let sheet = layout::SHEET_META;
    let range = sheets.get(sheet).ok_or_else(|| {
        invalid(
            Code::NotOurWorkbook,
            "",
            "",
            "ce classeur n'a pas été produit par cpts-aci (sa feuille \
            d'identification est absente)"
                .into(),
            None,
        )
    })?;
    let values = |key: &str| -> Vec<(u32, String)> {
        let start = range.start().unwrap_or((0, 0)).0;
        range
            .rows()
            .enumerate()
            .filter(|(_, r)| r.first().is_some_and(|c| *c == key))
            .map(|(i, r)| {
                (
                    start + i as u32,
                    r.get(1).map(|c| c.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    };
    let one = |key: &str| values(key).into_iter().next();
    let format = one(meta::FORMAT).map(|(_, v)| v).unwrap_or_default();
    if format != layout::WORKBOOK_FORMAT {
        return Err(invalid(
            Code::UnsupportedFormat,
            sheet,
            "B1",
            format!(
                "format de classeur « {format} » non pris en charge (attendu : « {} »)",
                layout::WORKBOOK_FORMAT
            ),
            None,
        ));
    }
    let joined = |key: &str| -> String { values(key).into_iter().map(|(_, v)| v).collect() };
    let text = joined(meta::CONTRACT_TEXT);
    let mut findings = Vec::new();
    // The year's compact terms, when their digest proves them intact, spare parsing and
    // checking the whole contract text again; otherwise the text is the reference.
    let terms = joined(meta::TERMS);
    let (terms_row, terms_hash) = one(meta::TERMS_SHA256).unwrap_or_default();
    let trusted = (!terms.is_empty() && crate::contract::terms::sha256(&terms) == terms_hash)
        .then(|| crate::contract::terms::from_json(&text, &terms))
        .flatten();
    if !terms.is_empty() && trusted.is_none() {
        findings.push(Finding::of(
            Code::ContractAltered,
            sheet,
            row_col_to_cell(terms_row, 1),
            "les termes de l'année enregistrés dans le classeur ne correspondent plus à leur \
                 empreinte : ils ont été modifiés ; le texte du contrat est lu à leur place",
        ));
    }
    let contract = match trusted {
        Some(contract) => contract,
        None => Contract::parse_draft(&text, Path::new("contrat du classeur")).map_err(|e| {
            invalid(
                Code::ContractUnreadable,
                sheet,
                "",
                format!("le contrat enregistré dans le classeur est illisible : {e}"),
                None,
            )
        })?,
    };
    let (year_row, year_text) = one(meta::YEAR).unwrap_or_default();
    let year = year_text
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|y| y.fract() == 0.0 && *y >= 1.0 && *y <= f64::from(contract.terms.duration_years))
        .map(|y| y as u32)
        .ok_or_else(|| {
            invalid(
                Code::UnsupportedFormat,
                sheet,
                &row_col_to_cell(year_row, 1),
                format!("année de contrat « {year_text} » illisible"),
                Some(hints::REGENERATE),
            )
        })?;
    let (hash_row, stored_hash) = one(meta::CONTRACT_SHA256).unwrap_or_default();
    if stored_hash != contract.sha256() {
        findings.push(Finding::of(
            Code::ContractAltered,
            sheet,
            row_col_to_cell(hash_row, 1),
            "le texte du contrat enregistré dans le classeur ne \
            correspond plus à son empreinte : il a été modifié",
        ));
    }
    Ok((contract, year, stored_hash, findings))
}
