//! The demo's lot: the workbooks of eleven CPTS of every taille, for contract years 1 and 2
//! (two year-2 workbooks with an error, one damaged), consolidated as a CPAM would, so that the
//! consolidation shows each CPTS's year 1 beside its year 2.

use crate::contract::Contract;
use crate::error::Error;
use crate::fsio;
use crate::funding::fund_year;
use crate::workbook::entries::Cell;
use crate::workbook::layout::{INDICATORS, ind};
use crate::workbook::write_workbook;
use std::path::{Path, PathBuf};

/// The CPTS of the demo's batch, with their population.
const PLACES: [(&str, u64); 11] = [
    ("Val de Sambre", 32_000),
    ("Grand Douai", 150_000),
    ("Lys et Deûle", 55_000),
    ("Pévèle", 71_000),
    ("Cœur de l'Aisne", 24_000),
    ("Grand Arras", 190_000),
    ("Beauvaisis", 98_000),
    ("Littoral", 62_000),
    ("Santerre", 38_000),
    ("Sud Oise", 120_000),
    ("Ternois", 45_000),
];

/// The contract years of the lot: the year ended (1) and the year under way (2).
const YEARS: [u32; 2] = [1, 2];

/// A workbook's name: year 2's as it always was, year 1's with `-annee-1`, which sorts just
/// before it.
fn file_name(i: usize, place: &str, year: u32) -> String {
    let stem = format!(
        "cpts-{:02}-{}",
        i + 1,
        place.to_lowercase().replace([' ', '\''], "-")
    );
    if year == 2 {
        format!("{stem}.xlsx")
    } else {
        format!("{stem}-annee-{year}.xlsx")
    }
}

/// Every workbook of the lot, in `folder`.
pub(super) fn files(folder: &Path) -> Vec<PathBuf> {
    PLACES
        .iter()
        .enumerate()
        .flat_map(|(i, (place, _))| YEARS.map(|y| folder.join(file_name(i, place, y))))
        .collect()
}

/// Writes the lot, consolidates it as a CPAM would, and says how it went.
pub(super) fn demo_batch(out: &Path) -> Result<String, Error> {
    use crate::batch::{self, output::Consolidation};
    use crate::synthetic::{Spec, contract_text, entries};
    let folder = out.join("lot");
    fsio::create_dir(&folder).map_err(Error::Io)?;
    let signature = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    for (i, (place, population)) in PLACES.iter().enumerate() {
        let spec = Spec {
            name: format!("CPTS {place}"),
            population: *population,
            signature,
            lines_per_year: 12 + 4 * (i % 4),
        };
        let contract = Contract::parse(&contract_text(&spec), Path::new("contrat.toml"))?;
        for year in YEARS {
            // Year 2's values as they always were; year 1's from another draw.
            let seed = if year == 2 { i as u64 } else { 100 + i as u64 };
            let mut filled = entries(&contract, year, seed);
            if year == 2 && (i == 3 || i == 7) {
                let code = &contract.lines(2)[0].indicator.code;
                filled.set(
                    &INDICATORS,
                    code,
                    ind::OBSERVED,
                    Cell::Text("voir rapport d'activité".into()),
                );
            }
            let funding = fund_year(&contract, year, &filled.readings(&contract, year));
            let bytes = write_workbook(&contract, year, &filled, &funding)?;
            let bytes = if year == 2 && i == 9 {
                bytes[..bytes.len() / 3].to_vec()
            } else {
                bytes
            };
            let path = folder.join(file_name(i, place, year));
            fsio::write_atomic(&path, &bytes).map_err(Error::Io)?;
        }
    }
    let files = batch::collect(std::slice::from_ref(&folder), &[]);
    let xlsx = out.join("consolidation.xlsx");
    let json = out.join("consolidation.json");
    let today = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).expect("a date");
    let mut consolidation = Consolidation::new(Some(&json), today)
        .map_err(Error::Io)?
        .checked(vec![folder.display().to_string()]);
    if let Ok(folder) = std::path::absolute(out) {
        consolidation = consolidation.linked_from(folder);
    }
    let start = std::time::Instant::now();
    let summary =
        batch::run(&files, 2, today, &|| {}, &mut |r| consolidation.add(r)).map_err(Error::Io)?;
    consolidation
        .finish(&summary, &xlsx, Some(&json))
        .map_err(Error::Io)?;
    Ok(format!(
        "\n== cpts-aci batch {} -o {} --json {}\nLot de {} CPTS, classeurs des années 1 et 2 : \
         la consolidation montre l'année 1 à côté de l'année 2.\n{}\n",
        folder.display(),
        xlsx.display(),
        json.display(),
        PLACES.len(),
        summary
            .text(start.elapsed().as_secs_f64())
            .rsplit_once(" ; ")
            .map_or(String::new(), |(s, _)| s.to_string())
    ))
}
