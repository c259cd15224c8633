//! `Lisez-moi` opens with what is left to do, live, in real LibreOffice: values typed through
//! the interface (every sheet protected as shipped), the workbook sorted, and the three lines
//! of « Ce qui reste à faire » recalculated to what `check` finds in the saved file: the paid
//! lines without a value and the euros they weigh, the pieces whose « Fournie » is empty, the
//! checkpoints past their date with nothing recorded. Then the contract's deadline and contacts.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{column_letter, libreoffice, row_number, table_rows};
use cpts_aci::layout::{CHECKPOINTS, EVIDENCE, INDICATORS, evid, ind, step};
use cpts_aci::{Code, Contract, Entries, Options, fund_year, read_workbook, review};
use cpts_aci::{fr, write_workbook};
use rust_decimal::Decimal;
use std::path::Path;

const NB: char = '\u{a0}';

/// The sample contract with a deadline for year 1 and a contact. Its year 1 is prorated (the
/// weights have cents) and over (every checkpoint is past, whatever the day the test runs).
fn contract() -> Contract {
    let text = std::fs::read_to_string("samples/contrat-exemple.toml").unwrap()
        + "\n[annees.1]\nremise = 2025-02-15\n\n[[contacts]]\nrole = \"CPAM\"\nnom = \"Mme Durand\"\ncourriel = \"aci@cpam.fr\"\n";
    Contract::parse(&text, Path::new("c.toml")).unwrap()
}

/// The first column of `Lisez-moi` as texts, row by row.
fn readme(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range("Lisez-moi").unwrap();
    range
        .rows()
        .map(|r| r.first().map_or(String::new(), Data::to_string))
        .collect()
}

fn line(lines: &[String], start: &str) -> String {
    lines
        .iter()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line « {start} » in {lines:#?}"))
        .clone()
}

/// The three lines as they must read for these counts.
fn expected(values: usize, euros: Decimal, pieces: usize, points: usize) -> [String; 3] {
    let count = |n: usize| match n {
        0 => "rien".to_string(),
        n => n.to_string(),
    };
    let euros = euros.round_dp(2);
    let dp = if euros.fract().is_zero() { 0 } else { 2 };
    let euros = fr::french_number(euros, dp).replace(' ', &NB.to_string());
    let values = match values {
        0 => "tout est saisi".to_string(),
        1 => format!("1 indicateur payé sans «{NB}Réalisé{NB}», qui pèse {euros}{NB}€"),
        n => format!("{n} indicateurs payés sans «{NB}Réalisé{NB}», qui pèsent {euros}{NB}€"),
    };
    [
        format!("Valeurs à saisir{NB}: {values}"),
        format!(
            "Pièces justificatives dont «{NB}Fournie{NB}» est vide{NB}: {}",
            count(pieces)
        ),
        format!(
            "Points d'étape passés sans rien d'inscrit{NB}: {}",
            count(points)
        ),
    ]
}

/// What `check` and the tables of the saved file say is left: paid lines without a value and
/// their stake, pieces with `Fournie` empty, checkpoints not recorded.
fn found(path: &Path) -> (usize, Decimal, usize, usize) {
    let wb = read_workbook(path).unwrap();
    let today = chrono::Local::now().date_naive();
    let r = review(
        &wb,
        Options {
            today,
            signed: None,
        },
    );
    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ValueMissing)
        .collect();
    let euros: Decimal = missing.iter().map(|f| f.stake.unwrap_or_default()).sum();
    let pieces = table_rows(path, "Justificatifs", "Code indicateur")
        .iter()
        .filter(|row| row["Fournie"].to_string().trim().is_empty())
        .count();
    let points = r
        .findings
        .iter()
        .filter(|f| f.code == Code::CheckpointNotRecorded)
        .count();
    (missing.len(), euros, pieces, points)
}

fn typed(sheet: &str, cell: String, text: &str) -> serde_json::Value {
    serde_json::json!({"op": "type", "sheet": sheet, "cell": cell, "text": text})
}

#[test]
fn what_is_left_to_do_recalculates_in_libreoffice_as_check_counts_it() {
    let dir = tempfile::tempdir().unwrap();
    let c = contract();
    let e = Entries::default();
    let f = fund_year(&c, 1, &e.readings(&c, 1));
    let blank = dir.path().join("suivi.xlsx");
    std::fs::write(&blank, write_workbook(&c, 1, &e, &f).unwrap()).unwrap();
    // Blank: every piece unmarked, every paid line empty; the checkpoints are counted as of the
    // year's first day in the cached value (the file stays reproducible), and as of today by
    // the spreadsheet.
    let lines = readme(&blank);
    assert_eq!(lines[3], "Ce qui reste à faire");
    let weight: Decimal = f
        .missions
        .iter()
        .flat_map(|m| &m.indicators)
        .filter(|l| !l.weight.is_zero())
        .map(|l| l.year_weight)
        .sum();
    let paid = c
        .lines(1)
        .iter()
        .filter(|l| !l.terms.weight.is_zero())
        .count();
    let pieces = cpts_aci::expected_evidence(&c, 1).len();
    let points = cpts_aci::planned_checkpoints(c.period(1)).len();
    assert_eq!(
        lines[4..7],
        expected(paid, weight, pieces, 0),
        "cached values"
    );
    assert!(line(&lines, "•").contains("15/02/2025"), "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("CPAM") && l.contains("Mme Durand") && l.contains("aci@cpam.fr"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Utiliser le format Excel 2007-365"))
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("cpts-aci dossier") || l.contains("cpts-aci generate"))
    );

    // Typed as a coordinator: some values, a neutralised line, pieces, checkpoints.
    let codes: Vec<String> = c
        .lines(1)
        .iter()
        .map(|l| l.indicator.code.clone())
        .collect();
    let at = |sheet: &str, key: &str, column: &str| {
        format!(
            "{}{}",
            column_letter(&blank, sheet, column),
            row_number(&blank, sheet, key)
        )
    };
    let mut ops = vec![
        typed(
            "Indicateurs",
            at("Indicateurs", &codes[0], ind::OBSERVED),
            "12",
        ),
        typed(
            "Indicateurs",
            at("Indicateurs", &codes[1], ind::NEUTRALISED),
            "oui",
        ),
        typed(
            "Indicateurs",
            at("Indicateurs", &codes[2], ind::OBSERVED),
            "  ",
        ),
    ];
    let first_piece = EVIDENCE.first_data_row() + 1;
    let provided = column_letter(&blank, "Justificatifs", evid::PROVIDED);
    ops.push(typed(
        "Justificatifs",
        format!("{provided}{first_piece}"),
        "Oui",
    ));
    ops.push(typed(
        "Justificatifs",
        format!("{provided}{}", first_piece + 1),
        "Non",
    ));
    let first_point = CHECKPOINTS.first_data_row() + 1;
    let held = column_letter(&blank, "Points d'étape", step::HELD);
    let decisions = column_letter(&blank, "Points d'étape", step::DECISIONS);
    ops.push(typed(
        "Points d'étape",
        format!("{held}{first_point}"),
        "15/07/2025",
    ));
    ops.push(typed(
        "Points d'étape",
        format!("{decisions}{}", first_point + 1),
        "Reporté en octobre",
    ));
    // Sorting the tables moves rows under the formulas: they follow the tables.
    ops.push(serde_json::json!({"op": "click_sort", "sheet": "Indicateurs", "column": INDICATORS.columns[2].name}));
    let ops_path = dir.path().join("ops.json");
    std::fs::write(&ops_path, serde_json::to_string(&ops).unwrap()).unwrap();
    let out = dir.path().join("rempli.xlsx");
    libreoffice(&[
        "edit",
        blank.to_str().unwrap(),
        out.to_str().unwrap(),
        ops_path.to_str().unwrap(),
    ]);

    let (values, euros, pieces_left, points_left) = found(&out);
    assert_eq!(values, paid - 2, "one value typed, one line neutralised");
    assert_eq!(pieces_left, pieces - 2);
    assert_eq!(points_left, points - 2);
    let lines = readme(&out);
    assert_eq!(
        lines[4..7],
        expected(values, euros, pieces_left, points_left)
    );
}

#[test]
fn when_everything_is_done_each_line_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let c = contract();
    let mut e = common::reaching_entries(&c, 1);
    for (code, piece) in cpts_aci::expected_evidence(&c, 1) {
        let key = cpts_aci::evidence_key(&code, &piece);
        e.set(
            &EVIDENCE,
            &key,
            evid::PROVIDED,
            cpts_aci::Cell::Text("Oui".into()),
        );
    }
    for (date, _) in cpts_aci::planned_checkpoints(c.period(1)) {
        let key = cpts_aci::checkpoint_key(date);
        e.set(&CHECKPOINTS, &key, step::HELD, cpts_aci::Cell::Date(date));
    }
    let f = fund_year(&c, 1, &e.readings(&c, 1));
    let path = dir.path().join("fait.xlsx");
    std::fs::write(&path, write_workbook(&c, 1, &e, &f).unwrap()).unwrap();
    let done = expected(0, Decimal::ZERO, 0, 0);
    assert_eq!(readme(&path)[4..7], done, "cached values");
    assert!(done[0].ends_with("tout est saisi") && done[1].ends_with("rien"));
    let out = common::recalculated(&path, dir.path());
    assert_eq!(readme(&out)[4..7], done, "recalculated");
}
