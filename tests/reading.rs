//! Workbooks edited and saved by real LibreOffice (fixtures in `tests/fixtures/lo/`, rebuilt by
//! `tests/fixtures/lo/make.sh` from the JSON list of edits beside each one) are read exactly;
//! they were made before the column `Poids de l'année (€)`, as a previous version's workbooks.

mod common;

use common::row_number;
use cpts_aci::Cell;
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::{Finding, Options, Review, Severity, review};
use cpts_aci::{Observation, Reading, Readings, fund_year};
use cpts_aci::{ReadWorkbook, read_workbook};
use rust_decimal_macros::dec;
use std::path::Path;

fn fixture(name: &str) -> (ReadWorkbook, Review) {
    let wb = read_workbook(Path::new(&format!("tests/fixtures/lo/{name}.xlsx"))).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let r = review(
        &wb,
        Options {
            today,
            signed: None,
        },
    );
    (wb, r)
}

fn find<'a>(r: &'a Review, code: &str, indicator: &str) -> Vec<&'a Finding> {
    r.findings
        .iter()
        .filter(|f| f.code == code && f.indicator.as_deref() == Some(indicator))
        .collect()
}

/// The A1 address of `column` in the row of `key` (found independently of the reader).
fn cell(name: &str, sheet: &str, key: &str, column_letter: &str) -> String {
    let path = format!("tests/fixtures/lo/{name}.xlsx");
    format!(
        "{column_letter}{}",
        row_number(Path::new(&path), sheet, key)
    )
}

#[test]
fn values_typed_in_libreoffice_are_read_exactly_after_sort_insert_and_added_column() {
    let (wb, r) = fixture("rempli");
    let e = wb.entries();
    let get = |code: &str, column: &str| e.get(&INDICATORS, code, column).clone();
    assert_eq!(get("ACC-01", ind::OBSERVED), Cell::Number(355.0));
    assert_eq!(get("ACC-02", ind::OBSERVED), Cell::Text("890,5".into()));
    assert_eq!(
        get("ACC-03", ind::MEASURED_ON),
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap())
    );
    assert_eq!(
        get("ACC-04", ind::MEASURED_ON),
        Cell::Text("20/03/2026".into())
    );
    assert_eq!(
        get("PRE-02", ind::COMMENT),
        Cell::Text("Action reportée : accord ARS & CPAM du 12/01/2026 <mail>".into())
    );
    // LibreOffice sorted the table by code, descending: rows are found by code, not position.
    let rows = &wb.indicators.as_ref().unwrap().rows;
    assert_eq!(rows.first().map(|r| r.key.as_str()), Some("PRE-02"));
    assert_eq!(rows.len(), 11, "the inserted empty row is skipped");
    // Normalised readings: each one reported.
    let number = |x| Reading {
        value: Observation::Number(x),
        neutralised: false,
    };
    let expected: Readings = [
        ("ACC-01", number(dec!(355))),
        ("ACC-02", Reading::default()),
        ("ACC-03", number(dec!(11))),
        (
            "ACC-04",
            Reading {
                value: Observation::Done(true),
                neutralised: false,
            },
        ),
        ("ACC-05", Reading::default()),
        (
            "PAR-01",
            Reading {
                value: Observation::Done(true),
                neutralised: false,
            },
        ),
        ("PAR-02", Reading::default()),
        ("PAR-03", number(dec!(141))),
        ("PAR-04", number(dec!(13))),
        ("PRE-01", Reading::default()),
        (
            "PRE-02",
            Reading {
                value: Observation::Missing,
                neutralised: true,
            },
        ),
    ]
    .into_iter()
    .map(|(c, r)| (c.to_string(), r))
    .collect();
    assert_eq!(r.readings, expected);
    assert_eq!(r.funding, fund_year(&wb.contract, 2, &expected));
    // Numbers pasted as text count as no value, as in the workbook's own formulas: each is an
    // error at its cell whose fix names the number it reads as.
    for (code, named) in [("ACC-02", "890,5"), ("PAR-02", "1 234"), ("PRE-01", "56")] {
        let found = find(&r, "value_not_number", code);
        let at = cell("rempli", "Indicateurs", code, "K");
        assert!(
            found
                .iter()
                .any(|f| f.cell == at && f.severity == Severity::Error && f.hint.contains(named)),
            "{code} {at}: {found:?}"
        );
    }
    // A date pasted as text is read, and said; a choice typed in lower case or with spaces
    // around (`fait`, ` oui `) is typed correctly: nothing to say.
    let date = find(&r, "value_normalised", "ACC-04");
    assert!(
        date.iter()
            .any(|f| f.cell == cell("rempli", "Indicateurs", "ACC-04", "L"))
    );
    for code in ["ACC-04", "PRE-02"] {
        let on_choices: Vec<_> = r
            .findings
            .iter()
            .filter(|f| {
                f.indicator.as_deref() == Some(code)
                    && f.sheet == "Indicateurs"
                    && !f.cell.starts_with('L')
            })
            .collect();
        assert!(on_choices.is_empty(), "{code}: {on_choices:?}");
    }
    assert_eq!(r.count(Severity::Error), 3, "{:#?}", r.findings);
}

#[test]
fn added_sheets_and_columns_are_kept() {
    let (wb, _) = fixture("rempli");
    let notes = wb
        .extra_sheets
        .iter()
        .find(|s| s.name == "Notes")
        .expect("Notes sheet");
    assert!(
        notes
            .cells
            .contains(&(0, 0, Cell::Text("Réunion bureau".into())))
    );
    assert!(notes.cells.contains(&(1, 1, Cell::Number(42.0))));
    assert!(notes.cells.contains(&(
        2,
        2,
        Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 12).unwrap())
    )));
    let kept = wb.kept();
    assert!(
        kept.iter()
            .any(|k| k.column == "Référent" && k.value == Cell::Text("Dr Martin".into())),
        "{kept:?}"
    );
}

#[test]
fn structural_damage_is_reported_with_its_code_and_cell() {
    let (_, r) = fixture("structure");
    let header = |f: &&Finding| f.sheet == "Indicateurs" && f.cell == "A4";
    let codes = |code: &str| {
        r.findings
            .iter()
            .filter(|f| f.code == code)
            .collect::<Vec<_>>()
    };
    assert!(
        codes("column_missing")
            .iter()
            .any(|f| header(f) && f.message.contains("« Commentaire »"))
    );
    let mut missing: Vec<_> = codes("row_missing")
        .iter()
        .map(|f| f.indicator.clone().unwrap())
        .collect();
    missing.sort();
    assert_eq!(missing, ["ACC-03", "ACC-04", "PRE-02"]);
    assert!(codes("row_missing").iter().all(header));
    let dup = &find(&r, "row_duplicate", "ACC-02")[0];
    assert_eq!((dup.severity, dup.cell.as_str()), (Severity::Error, "A7"));
    let unknown = &find(&r, "row_unknown", "ACC-99")[0];
    assert_eq!(
        unknown.cell,
        cell("structure", "Indicateurs", "ACC-99", "A")
    );
    let locked = &find(&r, "locked_value_changed", "ACC-01")[0];
    assert_eq!(locked.cell, cell("structure", "Indicateurs", "ACC-01", "I"));
    assert!(locked.message.contains("360") && locked.message.contains("340"));
    let gone = codes("table_missing");
    assert!(
        gone.iter()
            .any(|f| f.sheet == "Points d'étape" && f.severity == Severity::Error)
    );
}

#[test]
fn an_edited_contract_text_is_detected() {
    let (_, r) = fixture("identite");
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "contract_altered")
        .unwrap();
    assert_eq!(
        (f.sheet.as_str(), f.cell.as_str(), f.severity),
        ("cpts-aci", "B3", Severity::Error)
    );
}

#[test]
fn a_workbook_of_the_previous_version_without_year_weights_is_read_without_a_finding_for_it() {
    // The fixtures were saved before the column `Poids de l'année (€)` existed.
    let (wb, r) = fixture("rempli");
    let t = wb.indicators.as_ref().unwrap();
    assert_eq!(
        t.columns[usize::from(INDICATORS.col(ind::YEAR_WEIGHT))],
        None
    );
    assert!(t.columns[usize::from(INDICATORS.col(ind::AMOUNT))].is_some());
    assert!(
        r.findings.iter().all(|f| f.code != "column_missing"),
        "{:#?}",
        r.findings
    );
}
