//! Every value and completeness check of the README, each triggered in a generated workbook and
//! asserted with its code, severity, sheet and cell; plus the identity checks.

mod common;

use chrono::NaiveDate;
use common::row_number;
use cpts_aci::Contract;
use cpts_aci::layout::{CHECKPOINTS, EVIDENCE, INDICATORS, evid, ind, step};
use cpts_aci::{Cell, Entries, write_workbook};
use cpts_aci::{Options, Review, Severity, review};
use cpts_aci::{ReadError, read_workbook};
use cpts_aci::{Readings, fund_year};
use cpts_aci::{checkpoint_key, evidence_key};
use std::path::{Path, PathBuf};

fn sample() -> Contract {
    Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Writes the year-2 workbook with these entries (cached values from the same entries unless
/// `stale`), reads it back and reviews it on 1 June 2026.
fn checked(e: &Entries, stale: bool, dir: &Path) -> (PathBuf, Review) {
    let c = sample();
    let f = if stale {
        fund_year(&c, 2, &Readings::new())
    } else {
        fund_year(&c, 2, &e.readings(&c, 2))
    };
    let path = dir.join("classeur.xlsx");
    std::fs::write(&path, write_workbook(&c, 2, e, &f).unwrap()).unwrap();
    let wb = read_workbook(&path).unwrap();
    (
        path.clone(),
        review(
            &wb,
            Options {
                today: date(2026, 6, 1),
                signed: None,
            },
        ),
    )
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

/// Asserts one finding of `code` at the row of `key`, column `letter`.
fn assert_finding(
    path: &Path,
    r: &Review,
    code: &str,
    sheet: &str,
    key: &str,
    letter: &str,
    severity: Severity,
) {
    let cell = format!("{letter}{}", row_number(path, sheet, key));
    let found = r
        .findings
        .iter()
        .find(|f| f.code == code && f.cell == cell && f.sheet == sheet);
    let f = found.unwrap_or_else(|| panic!("no {code} at {sheet}!{cell}: {:#?}", r.findings));
    assert_eq!(f.severity, severity, "{code}");
    assert!(!f.message.is_empty() && !f.hint.is_empty());
}

#[test]
fn value_checks_have_their_code_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Entries::default();
    e.set(&INDICATORS, "ACC-01", ind::OBSERVED, text("environ 300"));
    e.set(&INDICATORS, "ACC-02", ind::OBSERVED, Cell::Number(-4.0));
    e.set(&INDICATORS, "ACC-04", ind::OBSERVED, text("Peut-être"));
    e.set(&INDICATORS, "ACC-03", ind::OBSERVED, text("12,5"));
    e.set(&INDICATORS, "ACC-03", ind::MEASURED_ON, text("31/02/2026"));
    e.set(&INDICATORS, "PAR-03", ind::OBSERVED, Cell::Number(130.0));
    e.set(
        &INDICATORS,
        "PAR-03",
        ind::MEASURED_ON,
        Cell::Date(date(2027, 1, 10)),
    );
    e.set(&INDICATORS, "PAR-04", ind::NEUTRALISED, text("Oui"));
    e.set(&INDICATORS, "PRE-01", ind::NEUTRALISED, text("Peut-être"));
    let (path, r) = checked(&e, false, dir.path());
    let at = |code, key, letter, severity| {
        assert_finding(&path, &r, code, "Indicateurs", key, letter, severity)
    };
    at("value_not_number", "ACC-01", "L", Severity::Error);
    at("value_negative", "ACC-02", "L", Severity::Error);
    at("value_not_in_list", "ACC-04", "L", Severity::Error);
    at("value_not_number", "ACC-03", "L", Severity::Error);
    at("date_invalid", "ACC-03", "M", Severity::Error);
    at("date_outside_year", "PAR-03", "M", Severity::Warning);
    at(
        "neutralised_without_comment",
        "PAR-04",
        "P",
        Severity::Warning,
    );
    at("value_not_in_list", "PRE-01", "O", Severity::Error);
    at("value_missing", "PRE-02", "L", Severity::Warning);
    assert!(!r.ok());
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "value_not_number")
        .unwrap();
    assert_eq!(f.indicator.as_deref(), Some("ACC-01"));
    assert!(f.message.contains("« environ 300 »"), "{}", f.message);
    // Text counts as no value, as in the workbook: the fix names the number only when the
    // text reads one way, and the line's weight is at stake.
    let at_acc03 = r
        .findings
        .iter()
        .find(|f| f.code == "value_not_number" && f.indicator.as_deref() == Some("ACC-03"))
        .unwrap();
    assert!(at_acc03.hint.contains("12,5"), "{}", at_acc03.hint);
    assert!(
        at_acc03
            .stake
            .is_some_and(|s| s > rust_decimal::Decimal::ZERO)
    );
    assert!(
        r.readings["ACC-03"].value == cpts_aci::Observation::Missing,
        "a number typed as text is never paid on"
    );
    // Errors first, then by stake.
    let first_warning = r
        .findings
        .iter()
        .position(|f| f.severity != Severity::Error);
    let errors = &r.findings[..first_warning.unwrap_or(r.findings.len())];
    assert!(errors.iter().all(|f| f.severity == Severity::Error));
    let stakes: Vec<_> = errors.iter().map(|f| f.stake.unwrap_or_default()).collect();
    assert!(stakes.windows(2).all(|w| w[0] >= w[1]), "{stakes:?}");
}

#[test]
fn a_pasted_thousands_figure_is_never_read_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Entries::default();
    // ACC-01 is a `baisse` line: 1 250 patients would pay nothing, 1,25 everything.
    for (code, typed) in [("ACC-01", "1.250"), ("ACC-02", "1,250"), ("ACC-03", "1 3")] {
        e.set(&INDICATORS, code, ind::OBSERVED, text(typed));
    }
    let (_, r) = checked(&e, false, dir.path());
    for code in ["ACC-01", "ACC-02", "ACC-03"] {
        let f = r
            .findings
            .iter()
            .find(|f| f.indicator.as_deref() == Some(code) && f.code == "value_not_number")
            .unwrap_or_else(|| panic!("{code}: {:#?}", r.findings));
        assert_eq!(f.severity, Severity::Error);
        for guess in ["1,25", "1 250", "13"] {
            assert!(!f.hint.contains(guess), "{code}: {}", f.hint);
        }
        let line = r
            .funding
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .find(|l| l.code == code)
            .unwrap();
        assert!(line.amount.is_zero(), "{code} earns nothing on a guess");
    }
}

#[test]
fn what_a_person_types_correctly_raises_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let c = sample();
    let mut e = Entries::default();
    for line in c.lines(2) {
        let code = &line.indicator.code;
        let value = match cpts_aci::reaching_readings(&c, 2)[code].value {
            // PRE-01 is a `%` indicator: typed with its sign, as a person types 56,2 %.
            cpts_aci::Observation::Number(x) if code == "PRE-01" => {
                Cell::Percent(x.to_string().parse::<f64>().unwrap() / 100.0)
            }
            cpts_aci::Observation::Number(x) => Cell::Number(x.to_string().parse().unwrap()),
            cpts_aci::Observation::Done(_) => text(" fait "),
            cpts_aci::Observation::Quality(_) => text("ATTEINT"),
            cpts_aci::Observation::Missing => Cell::Empty,
        };
        e.set(&INDICATORS, code, ind::OBSERVED, value);
    }
    e.set(&INDICATORS, "PAR-04", ind::NEUTRALISED, text("oui "));
    e.set(
        &INDICATORS,
        "PAR-04",
        ind::COMMENT,
        text("Action reportée, accord ARS du 3 mars"),
    );
    e.set(&INDICATORS, "PRE-01", ind::NEUTRALISED, text("non"));
    let (_, r) = checked(&e, false, dir.path());
    let on_indicators: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.sheet == "Indicateurs")
        .collect();
    assert!(on_indicators.is_empty(), "{on_indicators:#?}");
    assert!(r.readings["PAR-04"].neutralised);
}

#[test]
fn completeness_checks_evidence_checkpoints_and_shown_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let c = sample();
    let mut e = Entries::default();
    e.set(&INDICATORS, "PAR-01", ind::OBSERVED, text("Fait"));
    e.set(&INDICATORS, "PAR-03", ind::OBSERVED, Cell::Number(150.0));
    let key = evidence_key("PAR-01", "Document du parcours");
    e.set(&EVIDENCE, &key, evid::PROVIDED, text("Non"));
    let period = c.period(2);
    let first = cpts_aci::planned_checkpoints(period)[0].0;
    let second = cpts_aci::planned_checkpoints(period)[1].0;
    e.set(
        &CHECKPOINTS,
        &checkpoint_key(second),
        step::PARTICIPANTS,
        text("Bureau, ARS"),
    );
    // Cached amounts of a blank year: the workbook shows 0 where the engine computes money.
    let (path, r) = checked(&e, true, dir.path());
    assert_finding(
        &path,
        &r,
        "evidence_missing",
        "Justificatifs",
        "PAR-01",
        "C",
        Severity::Warning,
    );
    assert_finding(
        &path,
        &r,
        "amount_differs",
        "Indicateurs",
        "PAR-03",
        "R",
        Severity::Error,
    );
    let planned = cpts_aci::fr::date(first);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "checkpoint_not_recorded")
        .unwrap();
    assert!(f.message.contains(&planned), "{}", f.message);
    assert_eq!(
        (f.sheet.as_str(), f.cell.as_str()),
        ("Points d'étape", "B5")
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.code == "checkpoint_not_recorded")
            .count(),
        3,
        "the second one is recorded"
    );
    assert!(!r.ok(), "an amount the workbook shows wrong is an error");
    let differs = r
        .findings
        .iter()
        .find(|f| f.code == "amount_differs")
        .unwrap();
    assert!(
        differs
            .stake
            .is_some_and(|s| s > rust_decimal::Decimal::ZERO)
    );
    assert!(differs.message.contains("0,00"), "{}", differs.message);
}

#[test]
fn a_workbook_of_another_tool_or_format_is_refused_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("autre.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "Tableau maison")
        .unwrap();
    wb.save(&foreign).unwrap();
    match read_workbook(&foreign) {
        Err(ReadError::Invalid(f)) => {
            assert_eq!(
                (f.code.as_str(), f.severity),
                ("not_our_workbook", Severity::Error)
            )
        }
        other => panic!("{other:?}"),
    }
    let future = dir.path().join("futur.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("cpts-aci").unwrap();
    ws.write_string(0, 0, "format").unwrap();
    ws.write_string(0, 1, "cpts-aci/classeur@9").unwrap();
    wb.save(&future).unwrap();
    match read_workbook(&future) {
        Err(ReadError::Invalid(f)) => {
            assert_eq!(
                (f.code.as_str(), f.sheet.as_str(), f.cell.as_str()),
                ("unsupported_format", "cpts-aci", "B1")
            )
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        read_workbook(&dir.path().join("absent.xlsx")),
        Err(ReadError::Io(_))
    ));
    assert!(matches!(read_workbook(dir.path()), Err(ReadError::Io(_))));
}

#[test]
fn the_signed_contract_must_be_the_one_of_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = checked(&Entries::default(), false, dir.path());
    let wb = read_workbook(&path).unwrap();
    let other = Contract::load(Path::new("samples/contrat-reference.toml")).unwrap();
    let today = date(2025, 5, 1);
    let r = review(
        &wb,
        Options {
            today,
            signed: Some(&other),
        },
    );
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "contract_mismatch")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    let same = sample();
    let r = review(
        &wb,
        Options {
            today,
            signed: Some(&same),
        },
    );
    assert!(r.findings.iter().all(|f| f.code != "contract_mismatch"));
}

/// The workbook with the sheet XML of `Indicateurs` edited: `edits` replace a cell element
/// (found by its address) with another, as a spreadsheet would write a formula.
fn with_cells_replaced(path: &Path, edits: &[(String, String)]) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut content = Vec::new();
        part.read_to_end(&mut content).unwrap();
        if name == "xl/worksheets/sheet3.xml" {
            let mut xml = String::from_utf8(content).unwrap();
            for (cell, replacement) in edits {
                let start = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
                let end = start + xml[start..].find("/>").unwrap() + 2;
                let style = xml[start..end]
                    .split("s=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string();
                xml.replace_range(start..end, &replacement.replace("STYLE", &style));
            }
            content = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn nothing_is_silent_formulas_in_input_cells_and_values_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Entries::default();
    e.set(&INDICATORS, "ACC-02", ind::OBSERVED, Cell::Number(1e30));
    e.set(
        &INDICATORS,
        "PAR-02",
        ind::OBSERVED,
        Cell::Number(33.333_333_333),
    );
    let (path, _) = checked(&e, false, dir.path());
    let row = |key: &str| row_number(&path, "Indicateurs", key);
    let (acc03, par03, par04) = (row("ACC-03"), row("PAR-03"), row("PAR-04"));
    with_cells_replaced(
        &path,
        &[
            // `=A1` saved by a program that never computed it: no cached value.
            (
                format!("L{acc03}"),
                format!("<c r=\"L{acc03}\" s=\"STYLE\"><f>A1</f></c>"),
            ),
            (
                format!("L{par03}"),
                format!("<c r=\"L{par03}\" s=\"STYLE\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"),
            ),
            (
                format!("L{par04}"),
                format!("<c r=\"L{par04}\" s=\"STYLE\"><f>10+2</f><v>12</v></c>"),
            ),
        ],
    );
    let wb = read_workbook(&path).unwrap();
    let r = review(
        &wb,
        Options {
            today: date(2026, 6, 1),
            signed: None,
        },
    );
    let at =
        |code, key, severity| assert_finding(&path, &r, code, "Indicateurs", key, "L", severity);
    at("value_out_of_range", "ACC-02", Severity::Error);
    at("formula_in_input", "ACC-03", Severity::Error);
    at("formula_in_input", "PAR-03", Severity::Error);
    at("formula_in_input", "PAR-04", Severity::Error);
    at("value_normalised", "PAR-02", Severity::Warning);
    let message = |key: &str| {
        let cell = format!("L{}", row(key));
        r.findings
            .iter()
            .filter(|f| f.cell == cell)
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(
        message("ACC-03").contains("aucune valeur calculée"),
        "{}",
        message("ACC-03")
    );
    assert!(
        message("PAR-03").contains("erreur"),
        "{}",
        message("PAR-03")
    );
    assert!(
        message("PAR-04").contains("valeur lue : 12"),
        "{}",
        message("PAR-04")
    );
    assert!(
        message("PAR-02").contains("33,333333"),
        "{}",
        message("PAR-02")
    );
    // One finding per problem: the error value is not also "not a number".
    assert!(!message("PAR-03").contains("n'est pas un nombre"));
    let reading = |code: &str| r.readings[code].value;
    use cpts_aci::Observation;
    assert_eq!(reading("ACC-02"), Observation::Missing);
    assert_eq!(reading("PAR-04"), Observation::Number(12.into()));
}

#[test]
fn an_envelope_no_line_can_earn_is_reported_and_stays_in_the_maximum() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("samples/contrat-exemple.toml").unwrap()
        + "\n[[missions]]\ncode = \"qualite\"\ndebut = 2025-04-01\n";
    let c = Contract::parse(&text, Path::new("c.toml")).unwrap();
    let f = fund_year(&c, 2, &Readings::new());
    let qualite = f
        .missions
        .iter()
        .find(|m| m.code == cpts_aci::MissionCode::Qualite)
        .unwrap();
    assert_eq!(qualite.variable_max, 11250.into());
    assert_eq!(qualite.max, qualite.fixed + qualite.variable_max);
    let path = dir.path().join("q.xlsx");
    std::fs::write(
        &path,
        write_workbook(&c, 2, &Entries::default(), &f).unwrap(),
    )
    .unwrap();
    let wb = read_workbook(&path).unwrap();
    let r = review(
        &wb,
        Options {
            today: date(2025, 4, 2),
            signed: None,
        },
    );
    let found: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == "variable_unreachable")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("Qualité") && found[0].message.contains("11 250,00 €"),
        "{}",
        found[0].message
    );
}

/// The sample contract with its CPTS as a starter leaves it: as earlier versions wrote it from
/// the raw `init` starter (« CPTS à nommer », no identifier), or with today's marks.
fn unfilled_identity(name: &str, identifier: &str) -> Contract {
    let text = sample()
        .text
        .replace(
            "nom = \"CPTS des Deux Rivières\"",
            &format!("nom = \"{name}\""),
        )
        .replace(
            "identifiant = \"852 741 963 00018\"",
            &format!("identifiant = \"{identifier}\""),
        );
    assert!(
        Contract::parse(&text, Path::new("modele.toml")).is_err(),
        "never loaded as a signed contract"
    );
    Contract::parse_draft(&text, Path::new("modele.toml")).unwrap()
}

/// A workbook made from a contract whose CPTS is still to fill is an error at the identity
/// cells of `Contrat`, never `Valide`. The one of the old raw starter is kept as
/// `tests/cmd/check-modele-brut.in/classeur.xlsx` for the file-based case (a bless rewrites it).
#[test]
fn a_workbook_whose_cpts_is_still_to_fill_is_an_error_at_its_identity() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("CPTS à nommer", "", 2),
        ("À REMPLIR : nom de l'association", "852 741 963 00018", 1),
        (
            "CPTS des Deux Rivières",
            "À REMPLIR : numéro SIRET (ou FINESS)",
            1,
        ),
    ];
    for (i, (name, identifier, count)) in cases.into_iter().enumerate() {
        let c = unfilled_identity(name, identifier);
        let e = Entries::default();
        let bytes = write_workbook(&c, 2, &e, &fund_year(&c, 2, &e.readings(&c, 2))).unwrap();
        let path = dir.path().join(format!("classeur-{i}.xlsx"));
        std::fs::write(&path, &bytes).unwrap();
        let r = review(
            &read_workbook(&path).unwrap(),
            Options {
                today: date(2025, 4, 2),
                signed: None,
            },
        );
        let found: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code == "identity_placeholder")
            .collect();
        assert_eq!(found.len(), count, "{name} / {identifier}: {found:#?}");
        for f in &found {
            assert_eq!((f.sheet.as_str(), f.severity), ("Contrat", Severity::Error));
            assert!(f.message.contains("contrat de départ"), "{}", f.message);
        }
        let cells: Vec<&str> = found.iter().map(|f| f.cell.as_str()).collect();
        match (name.starts_with("CPTS des"), identifier.is_empty()) {
            (false, true) => assert_eq!(cells, ["B4", "B5"]),
            (false, false) => assert_eq!(cells, ["B4"]),
            (true, _) => assert_eq!(cells, ["B5"]),
        }
        assert!(!r.ok(), "never valid");
        if i == 0 {
            let kept = "tests/cmd/check-modele-brut.in/classeur.xlsx";
            if std::env::var_os("CPTS_ACI_BLESS").is_some() {
                std::fs::create_dir_all("tests/cmd/check-modele-brut.in").unwrap();
                std::fs::write(kept, &bytes).unwrap();
            }
            assert!(
                std::fs::read(kept).unwrap_or_default() == bytes,
                "{kept} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test check`"
            );
        }
    }
}

/// The workbook of the `check-saisies` and `compute-saisies` command-line cases: a figure
/// pasted as text where the line pays on it (`1.250` in a `baisse` line: 1 250 patients would
/// pay nothing, 1,25 everything), `1 3`, `12,5` pasted as text, and entries typed correctly
/// (`56,2 %` in a `%` indicator, ` fait`, `oui`) that must raise nothing.
#[test]
fn the_typed_entries_case_is_up_to_date() {
    let c = sample();
    let mut e = Entries::default();
    let mut typed = |code: &str, column, cell| e.set(&INDICATORS, code, column, cell);
    typed("ACC-01", ind::OBSERVED, text("1.250"));
    typed("ACC-02", ind::OBSERVED, text("1 3"));
    typed("ACC-03", ind::OBSERVED, text("12,5"));
    typed("ACC-04", ind::OBSERVED, text(" fait"));
    typed("PAR-01", ind::OBSERVED, text("FAIT"));
    typed("PAR-02", ind::OBSERVED, Cell::Number(40.0));
    typed("PAR-03", ind::OBSERVED, Cell::Number(141.0));
    typed("PAR-04", ind::OBSERVED, Cell::Number(13.0));
    typed("PRE-01", ind::OBSERVED, Cell::Percent(0.562));
    typed("PRE-02", ind::NEUTRALISED, text("oui"));
    typed(
        "PRE-02",
        ind::COMMENT,
        text("Action reportée : accord ARS et CPAM du 12/01/2026"),
    );
    let f = fund_year(&c, 2, &e.readings(&c, 2));
    let bytes = write_workbook(&c, 2, &e, &f).unwrap();
    let kept = "tests/cmd/saisies.in/classeur.xlsx";
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        std::fs::create_dir_all("tests/cmd/saisies.in").unwrap();
        std::fs::write(kept, &bytes).unwrap();
    }
    assert!(
        std::fs::read(kept).unwrap_or_default() == bytes,
        "{kept} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test check`"
    );
    // What the cases show: three errors on text, nothing on what was typed correctly, and no
    // money on a guess.
    let r = review(
        &read_workbook(Path::new(kept)).unwrap(),
        Options {
            today: date(2025, 4, 2),
            signed: None,
        },
    );
    let on_lines: Vec<(&str, &str)> = r
        .findings
        .iter()
        .filter(|f| f.sheet == "Indicateurs")
        .map(|f| (f.indicator.as_deref().unwrap(), f.code.as_str()))
        .collect();
    assert_eq!(
        on_lines,
        [
            ("ACC-01", "value_not_number"),
            ("ACC-03", "value_not_number"),
            ("ACC-02", "value_not_number"),
        ],
        "errors by stake (5 000, 4 500, 4 000 €)"
    );
    let amount = |code: &str| {
        r.funding
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .find(|l| l.code == code)
            .unwrap()
            .amount
    };
    assert!(amount("ACC-01").is_zero());
    assert!(!amount("PRE-01").is_zero());
    assert!(!amount("ACC-04").is_zero());
}
