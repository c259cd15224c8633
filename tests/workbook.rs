//! The generated workbook as a file: sheets, tables and columns by their stable names, the
//! hidden metadata, protection and print setup, and byte-for-byte reproducibility.

mod common;

use calamine::{Data, Reader, SheetVisible, Xlsx, open_workbook};
use common::table_rows;
use cpts_aci::Contract;
use cpts_aci::fund_year;
use cpts_aci::layout::{self, INDICATORS, TABLES, ind};
use cpts_aci::{Cell, Entries, write_workbook};
use std::io::Read;
use std::path::{Path, PathBuf};

fn sample() -> Contract {
    Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap()
}

fn generate(c: &Contract, year: u32, entries: &Entries, dir: &Path) -> PathBuf {
    let f = fund_year(c, year, &entries.readings(c, year));
    let path = dir.join(format!("annee-{year}.xlsx"));
    std::fs::write(&path, write_workbook(c, year, entries, &f).unwrap()).unwrap();
    path
}

/// The text of one part of the xlsx zip.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn sheets_tables_and_columns_have_their_stable_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = generate(&sample(), 2, &Entries::default(), dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheets: Vec<_> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Lisez-moi",
            "Contrat",
            "Indicateurs",
            "Justificatifs",
            "Points d'étape",
            "Synthèse",
            "cpts-aci"
        ]
    );
    assert_eq!(sheets[6].1, SheetVisible::VeryHidden);
    assert!(sheets[..6].iter().all(|(_, v)| *v == SheetVisible::Visible));
    wb.load_tables().unwrap();
    for table in TABLES {
        let t = wb.table_by_name(table.name).unwrap();
        assert_eq!(t.sheet_name(), table.sheet);
        let expected: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(t.columns(), expected.as_slice());
    }
    let indicators = wb.table_by_name("Indicateurs").unwrap();
    assert_eq!(indicators.data().height(), sample().lines(2).len());
    assert_eq!(wb.table_by_name("PointsEtape").unwrap().data().height(), 4);
}

#[test]
fn metadata_identifies_the_contract_year_and_its_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    // A long comment makes the contract span several metadata cells.
    let c = sample();
    let long = format!("# {}\n{}", "é".repeat(70_000), c.text);
    let c = Contract::parse(&long, Path::new("long.toml")).unwrap();
    let path = generate(&c, 3, &Entries::default(), dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range(layout::SHEET_META).unwrap();
    let value = |key: &str| -> Vec<String> {
        range
            .rows()
            .filter(|r| r[0] == key)
            .map(|r| r[1].to_string())
            .collect()
    };
    assert_eq!(value(layout::meta::FORMAT), [layout::WORKBOOK_FORMAT]);
    assert_eq!(value(layout::meta::YEAR), ["3"]);
    assert_eq!(value(layout::meta::CONTRACT_SHA256), [c.sha256()]);
    assert_eq!(
        value(layout::meta::GENERATOR),
        [format!("cpts-aci {}", env!("CARGO_PKG_VERSION"))]
    );
    let chunks = value(layout::meta::CONTRACT_TEXT);
    assert!(chunks.len() >= 3, "{} chunks", chunks.len());
    assert_eq!(chunks.concat(), c.text);
    assert_eq!(c.sha256().len(), 64);
}

#[test]
fn the_identity_cells_check_points_at_show_the_name_and_identifier() {
    let dir = tempfile::tempdir().unwrap();
    let c = sample();
    let path = generate(&c, 2, &Entries::default(), dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range(layout::SHEET_CONTRACT).unwrap();
    let at = |cell: &str| {
        let (col, row) = cell.split_at(1);
        let row: u32 = row.parse().unwrap();
        let col = u32::from(col.as_bytes()[0] - b'A');
        range
            .get_value((row - 1, col))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert_eq!(at(layout::CONTRACT_NAME_CELL), c.cpts.name);
    assert_eq!(at(layout::CONTRACT_IDENTIFIER_CELL), c.cpts.identifier);
}

#[test]
fn sheets_are_protected_without_password_inputs_unlocked_and_print_landscape() {
    let dir = tempfile::tempdir().unwrap();
    let path = generate(&sample(), 2, &Entries::default(), dir.path());
    let workbook = part(&path, "xl/workbook.xml");
    assert!(workbook.contains("state=\"veryHidden\""));
    for n in 1..=7 {
        let sheet = part(&path, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(sheet.contains("<sheetProtection"), "sheet {n} protected");
        assert!(!sheet.contains("password"), "sheet {n} without password");
    }
    let indicators = part(&path, "xl/worksheets/sheet3.xml");
    assert!(indicators.contains("orientation=\"landscape\""));
    // Too wide for one readable page: it prints at 65 % over two pages, Code repeated.
    assert!(indicators.contains("scale=\"65\""), "readable type");
    assert!(workbook.contains("_xlnm.Print_Titles"));
    assert!(indicators.contains("state=\"frozen\""));
    assert!(
        indicators.contains("sort=\"0\"") && indicators.contains("autoFilter=\"0\""),
        "sorting and filtering allowed"
    );
    assert!(indicators.contains("<dataValidation "));
    assert!(indicators.contains("showInputMessage=\"1\""));
    assert!(indicators.contains("Fait,Non fait") || indicators.contains("\"Fait,Non fait\""));
    assert!(indicators.contains("<conditionalFormatting"));
    let styles = part(&path, "xl/styles.xml");
    assert!(
        styles.contains("<protection locked=\"0\"/>"),
        "input cells are unlocked"
    );
}

#[test]
fn the_same_contract_gives_the_same_bytes() {
    let c = sample();
    let f = fund_year(&c, 2, &Entries::default().readings(&c, 2));
    let a = write_workbook(&c, 2, &Entries::default(), &f).unwrap();
    let b = write_workbook(&c, 2, &Entries::default(), &f).unwrap();
    assert!(a == b, "two generations differ");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    std::fs::write(&path, &a).unwrap();
    let core = part(&path, "docProps/core.xml");
    // Document dates are the signature date, never the time of generation.
    assert!(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-04-01T00:00:00Z"));
    assert!(core.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-04-01T00:00:00Z"));
}

#[test]
fn entered_values_are_written_back_and_formula_like_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = Entries::default();
    e.set(&INDICATORS, "ACC-02", ind::OBSERVED, Cell::Number(870.0));
    e.set(
        &INDICATORS,
        "ACC-02",
        ind::COMMENT,
        Cell::Text("=HYPERLINK(\"http://x\")".into()),
    );
    e.set(
        &INDICATORS,
        "ACC-03",
        ind::COMMENT,
        Cell::Text("@SUM(A1) & <b>\"gras\"</b>".into()),
    );
    let path = generate(&sample(), 2, &e, dir.path());
    let rows = table_rows(&path, "Indicateurs", "Code");
    let row = |code: &str| rows.iter().find(|r| r["Code"] == code).unwrap();
    assert_eq!(row("ACC-02")["Réalisé"], Data::Float(870.0));
    assert_eq!(
        row("ACC-02")["Commentaire"],
        Data::String("=HYPERLINK(\"http://x\")".into())
    );
    assert_eq!(
        row("ACC-03")["Commentaire"],
        Data::String("@SUM(A1) & <b>\"gras\"</b>".into())
    );
    assert!(!part(&path, "xl/worksheets/sheet3.xml").contains("<f>HYPERLINK"));
}

#[test]
fn a_year_without_indicator_lines_still_gives_a_valid_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let c = sample();
    assert!(c.lines(4).is_empty());
    let path = generate(&c, 4, &Entries::default(), dir.path());
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    wb.load_tables().unwrap();
    let t = wb.table_by_name("Indicateurs").unwrap();
    assert!(t.data().rows().all(|r| r.iter().all(|c| *c == Data::Empty)));
}

#[test]
fn a_mission_not_started_in_the_year_says_so_in_grey_and_stays_out_of_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    // Prévention starts after year 1 (01/03/2024 – 28/02/2025).
    let text = std::fs::read_to_string("tests/fixtures/contrat-toutes-regles.toml")
        .unwrap()
        .replace("debut = 2024-10-03", "debut = 2025-04-01");
    // Its lines start in year 2 too.
    let at = text.find("code = \"N1\"").unwrap();
    let text = text[..at].to_string() + &text[at..].replace("annees.1]", "annees.2]");
    let c = Contract::parse(&text, Path::new("toutes-regles.toml")).unwrap();
    let path = generate(&c, 1, &Entries::default(), dir.path());
    let rows = table_rows(&path, "Synthèse", "Mission");
    let rate = |mission: &str| {
        rows.iter()
            .find(|r| r["Mission"] == Data::String(mission.into()))
            .map(|r| r["Atteinte"].clone())
            .unwrap()
    };
    assert_eq!(rate("Prévention"), Data::String("non démarrée".into()));
    assert!(matches!(rate("Accès aux soins"), Data::Float(_)));
    // The chart reads the rows of the missions started, which come first.
    let chart = part(&path, "xl/charts/chart1.xml");
    let started = rows
        .iter()
        .take_while(|r| matches!(r["Atteinte"], Data::Float(_)))
        .count();
    assert_eq!(started, 2, "accès and parcours, before prévention");
    assert!(chart.contains("<c:f>Synthèse!$G$5:$G$6</c:f>"), "{chart}");
}

#[test]
fn formats_name_the_french_locale_and_only_the_tables_repeat_their_header_when_printed() {
    let dir = tempfile::tempdir().unwrap();
    let path = generate(&sample(), 2, &Entries::default(), dir.path());
    let styles = part(&path, "xl/styles.xml");
    for format in [
        "[$-40C]#,##0.00\\ &quot;€&quot;",
        "[$-40C]0.0\\ %",
        "[$-40C]dd/mm/yyyy",
    ] {
        assert!(styles.contains(format), "{format} in {styles}");
    }
    let book = part(&path, "xl/workbook.xml");
    assert!(book.contains("Indicateurs!$4:$4"), "{book}");
    assert!(
        !book.contains("Synthèse!$4:$4"),
        "the missions' header would stand above the calendar: {book}"
    );
    // An advance paid on the year's first day is not said to be paid « en cours d'année ».
    let strings = part(&path, "xl/sharedStrings.xml");
    assert!(
        strings.contains("avance, versée dès le premier jour de l&apos;année")
            || strings.contains("avance, versée dès le premier jour de l'année"),
        "{strings}"
    );
}

#[test]
fn the_contract_sheet_totals_equal_the_funding_maximum_and_break_down_access_fixed_part() {
    let dir = tempfile::tempdir().unwrap();
    let c = sample();
    let f = fund_year(&c, 2, &Entries::default().readings(&c, 2));
    let path = generate(&c, 2, &Entries::default(), dir.path());
    let rows = table_rows(&path, "Contrat", "Mission");
    let euros = |row: &std::collections::HashMap<String, Data>, column: &str| {
        common::cents(common::number(&row[column]))
    };
    let total = rows
        .iter()
        .find(|r| r["Mission"] == Data::String("Total".into()))
        .expect("a total row");
    assert_eq!(
        euros(total, "Total de l'année (€)"),
        common::engine_cents(f.max)
    );
    assert_eq!(
        euros(total, "Fixe de l'année (€)"),
        common::engine_cents(f.operating + f.fixed())
    );
    assert_eq!(
        euros(total, "Variable max de l'année (€)"),
        common::engine_cents(f.variable_max())
    );
    // Each mission's row total is its maximum; the grid's prévention and crise are à confirmer.
    for m in &f.missions {
        let row = rows
            .iter()
            .find(|r| r["Mission"] == m.code.label())
            .expect("a row per mission");
        assert_eq!(
            euros(row, "Total de l'année (€)"),
            common::engine_cents(m.max)
        );
        let expected = match m.code {
            cpts_aci::MissionCode::Prevention => "fixe, variable",
            cpts_aci::MissionCode::Crise => "fixe",
            _ => "",
        };
        assert_eq!(row["À confirmer"].to_string(), expected, "{}", m.code);
    }
    assert_eq!(total["À confirmer"].to_string(), "à confirmer");
    // The breakdown of accès's fixed part: 17 500 + 12 000 + 45 000 = 74 500, the mission's
    // annual fixed.
    let parts = table_rows(&path, "Contrat", "Part");
    let amount = |label: &str| {
        let row = parts
            .iter()
            .find(|r| r["Part"] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("row {label}"));
        euros(row, "Montant annuel (€)")
    };
    let (fixe, compensation, extra) = (
        amount("Volet fixe"),
        amount("SNP, compensation des professionnels"),
        amount("SNP, volet supplémentaire"),
    );
    assert_eq!(
        (fixe, compensation, extra),
        (1_750_000, 1_200_000, 4_500_000)
    );
    assert_eq!(amount("Fixe annuel"), fixe + compensation + extra);
    let access = rows
        .iter()
        .find(|r| r["Mission"] == cpts_aci::MissionCode::Acces.label())
        .unwrap();
    assert_eq!(
        euros(access, "Fixe annuel (€)"),
        fixe + compensation + extra
    );
    // The grid is named by its label, not its identifier.
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Contrat").unwrap();
    let texts: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(texts.iter().any(|t| t == "ACI CPTS, avenant 2 (2022)"));
    assert!(!texts.iter().any(|t| t.contains("avenant2-2022")));
}
