//! A coordinator's contract, without TOML, in real LibreOffice: the starter workbook of
//! `init -o contrat.xlsx`, its values typed in French as a person types them (with every sheet
//! protected as shipped), rows inserted in a table and typed below the last one, saved as
//! `.xlsx` and `.ods`; then `contrat` finds nothing to say and `generate` makes the year's
//! tracking workbook. And a workbook with six mistakes gets all six in one run, each at its cell.

mod common;

use common::{cpts_aci, libreoffice};
use cpts_aci::{Contract, MissionCode};
use rust_decimal::Decimal;
use std::path::Path;

/// Typing ops for `lo.py edit`: each value typed in a cell as a person types it.
fn typing(cells: &[(&str, String, String)]) -> String {
    let ops: Vec<serde_json::Value> = cells
        .iter()
        .map(|(sheet, cell, text)| {
            serde_json::json!({"op": "type", "sheet": sheet, "cell": cell, "text": text})
        })
        .collect();
    serde_json::to_string(&ops).unwrap()
}

fn cell(
    sheet: &'static str,
    cell: impl Into<String>,
    text: impl Into<String>,
) -> (&'static str, String, String) {
    (sheet, cell.into(), text.into())
}

/// One row of `Annexe` typed from column A.
fn annex_row(row: u32, values: [&str; 14]) -> Vec<(&'static str, String, String)> {
    values
        .iter()
        .zip('A'..='N')
        .filter(|(v, _)| !v.is_empty())
        .map(|(v, col)| cell("Annexe", format!("{col}{row}"), *v))
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn a_coordinator_fills_the_starter_workbook_in_libreoffice_and_generates_without_toml() {
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("contrat.xlsx");
    cpts_aci()
        .args(["init", "--population", "62000", "-o"])
        .arg(&starter)
        .assert()
        .success();
    let mut typed = vec![
        cell("Contrat", "C5", "CPTS du Val de Sambre"),
        cell("Contrat", "C6", "123 456 789 00012"),
        cell("Contrat", "C7", "59"),
        cell("Contrat", "C8", "Hauts-de-France"),
        cell("Contrat", "C9", "CPAM du Hainaut"),
        cell("Contrat", "C10", "ARS Hauts-de-France"),
        cell("Contrat", "C13", "01/03/2025"),
        cell("Missions", "B5", "01/06/2025"),
        cell("Missions", "B6", "01/09/2025"),
        cell("Missions", "B7", "01/01/2026"),
        cell("Missions", "B8", "01/06/2025"),
        // A complementary mission, in the table's spare row, by its French name.
        cell("Missions", "A9", "Qualité"),
        cell("Missions", "B9", "01/09/2025"),
        cell("Annexe", "H5", "420"),
        cell("Annexe", "H10", "950"),
        cell("Annexe", "H15", "180"),
        cell("Annexe", "C30", "Campagne de vaccination antigrippale"),
        cell("Années", "A5", "2"),
        cell("Années", "B5", "oui"),
    ];
    // Five years of targets; ACC-N1 pays by tiers in euros, PAR-N1 is a percentage.
    let targets = [
        ["380", "360", "340", "320", "300"],
        ["900", "850", "800", "750", "700"],
        ["170", "160", "150", "140", "130"],
        ["8", "10", "12", "14", "16"],
        ["12 %", "14 %", "16 %", "18 %", "20 %"],
    ];
    for (i, years) in targets.iter().enumerate() {
        for (y, target) in years.iter().enumerate() {
            let row = 5 + 5 * i + y;
            typed.push(cell("Annexe", format!("M{row}"), *target));
            if i < 4 {
                typed.push(cell("Annexe", format!("L{row}"), "4 375 €"));
            }
            if i == 0 {
                typed.push(cell("Annexe", format!("F{row}"), "Paliers"));
                let year = (y + 1).to_string();
                let tier = 5 + 2 * y;
                typed.push(cell("Paliers", format!("A{tier}"), "ACC-N1"));
                typed.push(cell("Paliers", format!("B{tier}"), year.clone()));
                typed.push(cell("Paliers", format!("C{tier}"), *target));
                typed.push(cell("Paliers", format!("E{tier}"), "4 375 €"));
                typed.push(cell("Paliers", format!("A{}", tier + 1), "ACC-N1"));
                typed.push(cell("Paliers", format!("B{}", tier + 1), year));
                typed.push(cell("Paliers", format!("C{}", tier + 1), "400"));
                typed.push(cell("Paliers", format!("E{}", tier + 1), "2 000,50 €"));
            }
        }
    }
    // QUA-01: two years in the table's spare rows, three typed below the table.
    for (row, year) in [(35, "1"), (36, "2"), (290, "3"), (291, "4"), (292, "5")] {
        typed.extend(annex_row(
            row,
            [
                "QUA-01",
                "qualité",
                "Réunions qualité tenues",
                "Local",
                "Moyens",
                "Linéaire",
                "Hausse",
                "",
                "réunions",
                "Registre de la CPTS",
                year,
                "11 250 €",
                "4",
                "50 %",
            ],
        ));
    }
    typed.push(cell("Justificatifs", "A400", "QUA-01"));
    typed.push(cell(
        "Justificatifs",
        "B400",
        "Comptes rendus des réunions qualité",
    ));
    let ops_path = dir.path().join("ops.json");
    // A row inserted in the protected table, above PAR-N1, for a tracking-only line.
    let mut ops: Vec<serde_json::Value> = serde_json::from_str(&typing(&typed)).unwrap();
    ops.push(serde_json::json!({"op": "click_insert_row", "sheet": "Annexe", "before": "PAR-N1"}));
    let inserted: serde_json::Value = serde_json::from_str(&typing(&annex_row(
        25,
        [
            "PRE-02",
            "Prévention",
            "Ateliers d'éducation thérapeutique",
            "local",
            "moyens",
            "binaire",
            "",
            "",
            "",
            "CPTS",
            "1",
            "0",
            "",
            "",
        ],
    )))
    .unwrap();
    ops.extend(inserted.as_array().unwrap().iter().cloned());
    std::fs::write(&ops_path, serde_json::to_string(&ops).unwrap()).unwrap();
    let filled = dir.path().join("rempli.xlsx");
    libreoffice(&[
        "edit",
        starter.to_str().unwrap(),
        filled.to_str().unwrap(),
        ops_path.to_str().unwrap(),
    ]);
    let ods = dir.path().join("rempli.ods");
    libreoffice(&["convert", filled.to_str().unwrap(), ods.to_str().unwrap()]);

    let checked = cpts_aci().arg("contrat").arg(&filled).output().unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{said}");
    assert!(said.contains("Aucun problème"), "{said}");

    let c = Contract::load(&filled).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(Contract::load(&ods).unwrap(), c, "the .ods reads the same");
    assert_eq!(c.cpts.identifier, "123 456 789 00012");
    assert_eq!(c.cpts.departement, "59");
    assert_eq!(c.terms.signature.to_string(), "2025-03-01");
    let codes: Vec<&str> = c.indicators.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "ACC-N1", "ACC-N2", "ACC-N3", "ACC-N4", "PRE-02", "PAR-N1", "PRE-L1", "QUA-01"
        ]
    );
    let qua = c.indicators.iter().find(|i| i.code == "QUA-01").unwrap();
    assert_eq!(qua.mission, MissionCode::Qualite);
    assert_eq!(qua.years.len(), 5, "rows typed below the table are read");
    assert_eq!(qua.years[&4].weight, d("11250"));
    assert_eq!(qua.years[&4].floor, Some(d("0.5")));
    assert_eq!(qua.evidence, ["Comptes rendus des réunions qualité"]);
    let acc = &c.indicators[0];
    let amounts: Vec<Option<Decimal>> = acc.years[&3].tiers.iter().map(|t| t.amount).collect();
    assert_eq!(amounts, [Some(d("4375")), Some(d("2000.5"))]);
    let par = c.indicators.iter().find(|i| i.code == "PAR-N1").unwrap();
    assert_eq!(
        par.years[&1].target,
        Some(d("12")),
        "12 % typed is 12 points"
    );
    assert!(c.year_settings(2).crisis_recognised);
    assert_eq!(
        c.mission(MissionCode::Qualite).unwrap().start.to_string(),
        "2025-09-01"
    );

    let suivi = dir.path().join("suivi.xlsx");
    cpts_aci()
        .arg("generate")
        .arg(&filled)
        .args(["--annee", "1", "-o"])
        .arg(&suivi)
        .assert()
        .success();
    let wb = cpts_aci::read_workbook(&suivi).unwrap();
    assert_eq!(wb.contract.lines(1).len(), 8);
    assert_eq!(
        wb.contract.text, c.text,
        "the tracking workbook carries the contract read from the workbook"
    );
    cpts_aci()
        .arg("check")
        .arg(&suivi)
        .arg("--contrat")
        .arg(&ods)
        .assert()
        .code(0);
}

#[test]
fn six_mistakes_typed_in_libreoffice_are_all_reported_in_one_run_each_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("contrat.xlsx");
    cpts_aci()
        .args(["contrat", "samples/contrat-exemple.toml", "-o"])
        .arg(&book)
        .assert()
        .success();
    let typed = [
        cell("Missions", "B6", "1er septembre"),
        cell("Annexe", "L5", "six mille"),
        cell("Annexe", "C6", "Patients en ALD"),
        cell("Annexe", "F17", "progressif"),
        cell("Annexe", "L18", "12 100"),
        cell("Paliers", "A12", "ACC-99"),
        cell("Paliers", "B12", "1"),
        cell("Paliers", "C12", "10"),
        cell("Paliers", "D12", "1"),
    ];
    let ops = dir.path().join("ops.json");
    std::fs::write(&ops, typing(&typed)).unwrap();
    let edited = dir.path().join("erreurs.xlsx");
    libreoffice(&[
        "edit",
        book.to_str().unwrap(),
        edited.to_str().unwrap(),
        ops.to_str().unwrap(),
    ]);
    let out = cpts_aci()
        .arg("contrat")
        .arg(&edited)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let found: Vec<(&str, &str)> = found
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("contract_invalid", "Missions!A6"),
            ("contract_cell_invalid", "Missions!B6"),
            ("contract_cell_invalid", "Annexe!L5"),
            ("contract_fields_differ", "Annexe!C6"),
            ("contract_cell_invalid", "Annexe!F17"),
            ("contract_row_unknown", "Paliers!A12"),
        ],
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The same mistakes stop generate, each named at its cell.
    let refused = cpts_aci()
        .arg("generate")
        .arg(&edited)
        .args(["--annee", "1"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("Annexe!L5") && said.contains("Paliers!A12"),
        "{said}"
    );
    assert!(!Path::new(&dir.path().join("suivi-annee-1.xlsx")).exists());
}
