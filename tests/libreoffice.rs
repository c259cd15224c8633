//! The workbook's formulas against the Rust engine, in real LibreOffice.
//!
//! A workbook is written with values in every `Réalisé` cell (covering every rule, both
//! directions, floors, tiers, neutralisation and pro-rata), LibreOffice recalculates it, and
//! every `Poids de l'année (€)` and `Montant (€)` read back with calamine must equal the
//! engine's to the cent. Choices typed in any case or with stray spaces, and a prorated year
//! with every line reached, are recalculated too; so are the texts `Il manque` and
//! `Explication`, which must read as the engine writes them.

mod common;

use calamine::Data;
use common::{cents, engine_cents, libreoffice, number, recalculated, table_rows};
use cpts_aci::Contract;
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::{Cell, Entries, write_workbook};
use cpts_aci::{LineFunding, Readings, YearFunding, fund_year};
use std::collections::HashMap;
use std::path::Path;

fn contract(policy: &str) -> Contract {
    let text = std::fs::read_to_string("tests/fixtures/contrat-toutes-regles.toml").unwrap();
    let text = text.replace(
        "neutralisation = \"exclu\"",
        &format!("neutralisation = \"{policy}\""),
    );
    Contract::parse(&text, Path::new("contrat-toutes-regles.toml")).unwrap()
}

fn entries() -> Entries {
    let n = Cell::Number;
    let t = |s: &str| Cell::Text(s.into());
    let values = [
        ("B1", n(12.0)),
        ("B2", n(6.0)),
        ("B3", t("Fait")),
        ("L1", n(29.0)),
        ("L2", n(800.0)),
        ("L3", n(8.0)),
        ("L4", n(45.0)),
        ("L5", n(41.0)),
        ("T1", n(15.0)),
        ("T2", n(360.0)),
        ("Q1", t("Partiellement atteint")),
        ("P1", n(37.0)),
        ("P3", t("Non fait")),
        ("N1", n(3.0)),
    ];
    let mut e = Entries::default();
    for (code, value) in values {
        e.set(&INDICATORS, code, ind::OBSERVED, value);
    }
    for code in ["L2", "N1", "N2"] {
        e.set(&INDICATORS, code, ind::NEUTRALISED, t("Oui"));
    }
    e
}

fn engine_lines(f: &YearFunding) -> HashMap<String, LineFunding> {
    f.missions
        .iter()
        .flat_map(|m| &m.indicators)
        .map(|l| (l.code.clone(), l.clone()))
        .collect()
}

/// Every indicator row of `path` against the engine; returns how many amounts are not zero.
fn assert_rows_match(path: &Path, f: &YearFunding) -> usize {
    let engine = engine_lines(f);
    let rows = table_rows(path, "Indicateurs", "Code");
    assert_eq!(rows.len(), engine.len());
    let mut non_zero = 0;
    for row in &rows {
        let code = row["Code"].to_string();
        let line = &engine[&code];
        let amount = number(&row["Montant (€)"]);
        assert_eq!(cents(amount), engine_cents(line.amount), "{code}: Montant");
        assert_eq!(
            cents(number(&row["Poids de l'année (€)"])),
            engine_cents(line.year_weight),
            "{code}: Poids de l'année"
        );
        let attainment: f64 = line.attainment.to_string().parse().unwrap();
        assert!(
            (number(&row["Atteinte"]) - attainment).abs() < 1e-9,
            "{code}: Atteinte"
        );
        non_zero += usize::from(line.amount != rust_decimal::Decimal::ZERO);
    }
    non_zero
}

#[test]
fn libreoffice_recalculates_every_rule_exactly_as_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    for policy in ["exclu", "verse", "nul"] {
        let c = contract(policy);
        let e = entries();
        let f = fund_year(&c, 1, &e.readings(&c, 1));
        // Cached values from a blank year: only a real recalculation can give the right figures.
        let stale = fund_year(&c, 1, &Readings::new());
        let path = dir.path().join(format!("{policy}.xlsx"));
        std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
        let before = table_rows(&path, "Indicateurs", "Code");
        assert!(
            before.iter().all(|r| number(&r["Montant (€)"]) == 0.0),
            "stale cached values"
        );
        let lo = recalculated(&path, dir.path());
        let non_zero = assert_rows_match(&lo, &f);
        assert!(non_zero >= 8, "{policy}: only {non_zero} lines earn money");
        common::assert_summary_matches(&lo, &f, policy);
    }
}

#[test]
fn cached_values_are_right_and_sorting_in_libreoffice_keeps_every_formula_right() {
    let dir = tempfile::tempdir().unwrap();
    let c = contract("exclu");
    let e = entries();
    let f = fund_year(&c, 1, &e.readings(&c, 1));
    let path = dir.path().join("classeur.xlsx");
    std::fs::write(&path, write_workbook(&c, 1, &e, &f).unwrap()).unwrap();
    // What a viewer that never recalculates shows.
    assert_rows_match(&path, &f);
    let sorted = dir.path().join("trie.xlsx");
    libreoffice(&[
        "sort",
        path.to_str().unwrap(),
        sorted.to_str().unwrap(),
        "Indicateurs",
        "Code",
    ]);
    let codes: Vec<String> = table_rows(&sorted, "Indicateurs", "Code")
        .iter()
        .map(|r| r["Code"].to_string())
        .collect();
    let mut descending = codes.clone();
    descending.sort_by(|a, b| b.cmp(a));
    assert_eq!(codes, descending, "LibreOffice sorted the table");
    assert_ne!(codes.first().map(String::as_str), Some("B1"));
    assert_rows_match(&sorted, &f);
}

/// What `check` reads of a workbook: every reading and the year's total.
fn readings_of(path: &Path) -> (Vec<(String, String)>, rust_decimal::Decimal) {
    let wb = cpts_aci::read_workbook(path).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 2).unwrap();
    let r = cpts_aci::review(
        &wb,
        cpts_aci::Options {
            today,
            signed: None,
        },
    );
    let mut readings: Vec<(String, String)> = r
        .readings
        .iter()
        .map(|(code, reading)| (code.clone(), format!("{reading:?}")))
        .collect();
    readings.sort();
    (readings, r.funding.total)
}

#[test]
fn a_coordinator_sorts_filters_and_inserts_rows_in_the_protected_workbook_as_shipped() {
    let dir = tempfile::tempdir().unwrap();
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let mut e = Entries::default();
    for (code, value) in [("ACC-01", 330.0), ("ACC-02", 810.0), ("PAR-03", 126.0)] {
        e.set(&INDICATORS, code, ind::OBSERVED, Cell::Number(value));
    }
    e.set(
        &INDICATORS,
        "PAR-01",
        ind::OBSERVED,
        Cell::Text("Fait".into()),
    );
    let f = fund_year(&c, 2, &e.readings(&c, 2));
    let path = dir.path().join("classeur.xlsx");
    std::fs::write(&path, write_workbook(&c, 2, &e, &f).unwrap()).unwrap();
    let before = readings_of(&path);
    // A row inserted inside the table, as one does to add a piece under its indicator.
    let second_piece =
        table_rows(&path, "Justificatifs", "Code indicateur")[1]["Code indicateur"].to_string();
    let piece = common::row_number(&path, "Justificatifs", &second_piece);
    let ops = dir.path().join("ops.json");
    // Clicks only, with every sheet protected as shipped: no unprotect anywhere.
    std::fs::write(
        &ops,
        format!(
            r#"[{{"op": "click_sort", "sheet": "Indicateurs", "column": "Code"}},
                {{"op": "filter", "sheet": "Indicateurs", "column": "Mission", "equals": "Prévention"}},
                {{"op": "click_insert_row", "sheet": "Justificatifs", "before": "{second_piece}"}},
                {{"op": "type", "sheet": "Justificatifs", "cell": "A{piece}", "text": "ACC-01"}},
                {{"op": "type", "sheet": "Justificatifs", "cell": "B{piece}", "text": "Feuille d'émargement ajoutée"}},
                {{"op": "type", "sheet": "Justificatifs", "cell": "C{piece}", "text": "Oui"}}]"#
        ),
    )
    .unwrap();
    let edited = dir.path().join("trie.xlsx");
    libreoffice(&[
        "edit",
        path.to_str().unwrap(),
        edited.to_str().unwrap(),
        ops.to_str().unwrap(),
    ]);
    let codes: Vec<String> = table_rows(&edited, "Indicateurs", "Code")
        .iter()
        .map(|r| r["Code"].to_string())
        .collect();
    let mut descending = codes.clone();
    descending.sort_by(|a, b| b.cmp(a));
    assert_eq!(codes, descending, "the click sorted the protected table");
    assert_ne!(codes.first().map(String::as_str), Some("ACC-01"));
    assert_rows_match(&edited, &f);
    assert_eq!(
        readings_of(&edited),
        before,
        "check reads the sorted workbook exactly"
    );
    let pieces = table_rows(&edited, "Justificatifs", "Code indicateur");
    assert!(
        pieces
            .iter()
            .any(|r| r["Pièce attendue"] == Data::String("Feuille d'émargement ajoutée".into())),
        "the inserted row holds what was typed"
    );
    let wb = cpts_aci::read_workbook(&edited).unwrap();
    let kept = wb.entries();
    assert!(
        kept.keys(&cpts_aci::layout::EVIDENCE)
            .iter()
            .any(|k| k.contains("Feuille d'émargement ajoutée")),
        "check and summarize keep the added piece"
    );
}

#[test]
fn every_line_reached_in_a_prorated_year_earns_each_mission_exactly_its_maximum_in_libreoffice() {
    // Year 1 of the demo contract: accès and parcours start during the year (the rule before
    // year weights paid accès one cent over its maximum and parcours one cent under).
    let dir = tempfile::tempdir().unwrap();
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let e = common::reaching_entries(&c, 1);
    let f = fund_year(&c, 1, &e.readings(&c, 1));
    let prorated = f
        .missions
        .iter()
        .filter(|m| m.prorata < rust_decimal::Decimal::ONE && !m.indicators.is_empty())
        .count();
    assert!(prorated >= 2, "missions starting during year 1");
    let stale = fund_year(&c, 1, &Readings::new());
    let path = dir.path().join("annee-1.xlsx");
    std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
    let lo = recalculated(&path, dir.path());
    assert_rows_match(&lo, &f);
    common::assert_summary_matches(&lo, &f, "année 1 atteinte");
    let shown = common::summary_variables(&lo);
    for m in f.missions.iter().filter(|m| !m.indicators.is_empty()) {
        assert_eq!(m.variable, m.variable_max, "{}: engine", m.code);
        let (_, earned, most) = shown
            .iter()
            .find(|(name, _, _)| name == m.code.label())
            .unwrap();
        assert_eq!(
            (*earned, *most),
            (engine_cents(m.variable_max), engine_cents(m.variable_max)),
            "{}: LibreOffice's variable obtenu and maximum",
            m.code
        );
    }
}

#[test]
fn choices_typed_in_any_case_or_with_stray_spaces_pay_in_libreoffice_as_in_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    // Typed through UNO as a person types in a cell (FormulaLocal), over the entries' values.
    let typed = [
        ("B3", "Réalisé", "FAIT "),
        ("Q1", "Réalisé", "partiellement atteint"),
        ("P2", "Réalisé", " atteint"),
        ("P3", "Réalisé", "fait"),
        ("L2", "Neutralisé", "oui"),
        ("N1", "Neutralisé", " Oui "),
        ("N2", "Neutralisé", "OUI"),
    ];
    let ops: Vec<String> = typed
        .iter()
        .map(|(code, column, text)| {
            format!(
                r#"{{"op": "type", "sheet": "Indicateurs", "row": "{code}", "column": "{column}", "text": "{text}"}}"#
            )
        })
        .collect();
    let ops_file = dir.path().join("ops.json");
    std::fs::write(&ops_file, format!("[{}]", ops.join(","))).unwrap();
    for policy in ["exclu", "verse", "nul"] {
        let c = contract(policy);
        let mut e = entries();
        for code in ["L2", "N1", "N2"] {
            e.set(&INDICATORS, code, ind::NEUTRALISED, Cell::Empty);
        }
        // Cached values of a blank year: only LibreOffice's recalculation gives the figures.
        let stale = fund_year(&c, 1, &Readings::new());
        let path = dir.path().join(format!("{policy}.xlsx"));
        std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
        let lo = dir.path().join(format!("lo-{policy}.xlsx"));
        libreoffice(&[
            "edit",
            path.to_str().unwrap(),
            lo.to_str().unwrap(),
            ops_file.to_str().unwrap(),
        ]);
        let rows = table_rows(&lo, "Indicateurs", "Code");
        for (code, column, text) in typed {
            let row = rows.iter().find(|r| r["Code"] == code).unwrap();
            assert_eq!(
                row[column],
                Data::String(text.into()),
                "{code}: typed as is"
            );
        }
        // The engine as `check` and `compute` run it, on the file LibreOffice saved.
        let wb = cpts_aci::read_workbook(&lo).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 2).unwrap();
        let r = cpts_aci::review(
            &wb,
            cpts_aci::Options {
                today,
                signed: None,
            },
        );
        let engine = engine_lines(&r.funding);
        for code in ["L2", "N1", "N2"] {
            assert_eq!(
                engine[code].status.label(),
                "neutralisé",
                "{policy}: {code}"
            );
        }
        for code in ["B3", "P2", "P3"] {
            assert_eq!(
                engine[code].attainment,
                rust_decimal::Decimal::ONE,
                "{code}"
            );
        }
        assert_eq!(engine["Q1"].attainment, c.terms.partial_share);
        assert_rows_match(&lo, &r.funding);
        common::assert_summary_matches(&lo, &r.funding, policy);
    }
}

/// Values that put every line of the all-rules contract at each of its steps: under a seuil,
/// between a seuil and the target, between tiers, reached, with decimals and thousands, typed
/// choices, and nothing typed at all.
fn step_entries() -> Vec<Entries> {
    let n = Cell::Number;
    let t = |s: &str| Cell::Text(s.into());
    let sets: [Vec<(&str, Cell)>; 4] = [
        vec![
            ("B1", n(3.5)),
            ("B2", n(5.0)),
            ("B3", t("fait ")),
            ("L1", n(22.345)),
            ("L3", n(9.999)),
            ("L4", n(61.0)),
            ("L5", n(39.0)),
            ("T1", n(5.0)),
            ("T2", n(1_234_567.891)),
            ("Q1", t("Atteint")),
            ("P3", t("Fait")),
        ],
        vec![
            ("B1", n(10.0)),
            ("B2", n(5.01)),
            ("L1", n(36.0)),
            ("L3", n(15.0)),
            ("L4", n(59.999)),
            ("T1", n(12.0)),
            ("T2", n(301.0)),
            ("Q1", t("Non atteint")),
            ("P1", n(0.004)),
        ],
        // 1,5 patient short of the target: a count under 2 is said in the singular.
        vec![("L1", n(48.5))],
        vec![],
    ];
    sets.into_iter()
        .map(|values| {
            let mut e = Entries::default();
            for (code, value) in values {
                e.set(&INDICATORS, code, ind::OBSERVED, value);
            }
            e.set(&INDICATORS, "N1", ind::NEUTRALISED, t("Oui"));
            e
        })
        .collect()
}

#[test]
fn il_manque_and_explication_recalculated_by_libreoffice_say_what_the_engine_says_for_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    // Seuils on a line with a baseline and on a line to lower, and a unit, added to the fixture.
    let text = std::fs::read_to_string("tests/fixtures/contrat-toutes-regles.toml")
        .unwrap()
        .replace("cible = 50\n", "cible = 50\nseuil = 0.5\n")
        .replace("cible = 30\n", "cible = 30\nseuil = 0.5\n")
        .replace(
            "valeur_initiale = 20\n",
            "valeur_initiale = 20\nunite = \"patients\"\n",
        );
    let all_rules = Contract::parse(&text, Path::new("toutes-regles.toml")).unwrap();
    let euros = Contract::load(Path::new("tests/fixtures/contrat-paliers-euros.toml")).unwrap();
    let mut euro_sets = Vec::new();
    for values in [[60.0, 150.0, 49.0, 25.0], [220.0, 99.0, 1000.0, 9.0]] {
        let mut e = Entries::default();
        for (code, x) in ["E1", "E2", "E3", "H1"].into_iter().zip(values) {
            e.set(&INDICATORS, code, ind::OBSERVED, Cell::Number(x));
        }
        euro_sets.push(e);
    }
    let policies: Vec<Contract> = ["exclu", "verse", "nul"].map(contract).into();
    let cases = step_entries()
        .into_iter()
        .map(|e| (&all_rules, e))
        .chain(euro_sets.into_iter().map(|e| (&euros, e)))
        .chain(policies.iter().map(|c| (c, entries())));
    let mut explained = std::collections::BTreeSet::new();
    let (mut steps, mut kinds) = (0, std::collections::BTreeSet::new());
    let mut singular = 0;
    for (i, (c, e)) in cases.enumerate() {
        let readings = e.readings(c, 1);
        // Cached values from a blank year: only a real recalculation can give the right texts.
        let stale = fund_year(c, 1, &Readings::new());
        let path = dir.path().join(format!("manque-{i}.xlsx"));
        std::fs::write(&path, write_workbook(c, 1, &e, &stale).unwrap()).unwrap();
        let lo = recalculated(&path, dir.path());
        // The engine's explanations are the cached values of a workbook written with its figures.
        let fresh = dir.path().join(format!("moteur-{i}.xlsx"));
        let f = fund_year(c, 1, &readings);
        std::fs::write(&fresh, write_workbook(c, 1, &e, &f).unwrap()).unwrap();
        let engine_rows = table_rows(&fresh, "Indicateurs", "Code");
        for (row, engine_row) in table_rows(&lo, "Indicateurs", "Code")
            .iter()
            .zip(&engine_rows)
        {
            let text = |d: &Data| match d {
                Data::Empty => String::new(),
                d => d.to_string(),
            };
            let why = text(&engine_row["Explication"]);
            assert_eq!(text(&row["Explication"]), why, "set {i}, {}", row["Code"]);
            for part in why.split(" ; ").filter(|p| !p.is_empty()) {
                let kind = if part.starts_with("prorata ") {
                    "prorata"
                } else {
                    part
                };
                explained.insert(kind.split(" × ").next().unwrap_or("").to_string());
            }
            let code = row["Code"].to_string();
            let line = c
                .lines(1)
                .into_iter()
                .find(|l| l.indicator.code == code)
                .unwrap();
            let reading = readings.get(&code).copied().unwrap_or_default();
            let engine = cpts_aci::still_missing(
                line.indicator,
                line.terms,
                reading.value,
                reading.neutralised,
            );
            let shown = match &row["Il manque"] {
                Data::Empty => String::new(),
                d => d.to_string(),
            };
            assert_eq!(shown, engine, "set {i}, {code}");
            steps += usize::from(engine.contains(" pour "));
            singular += usize::from(engine.contains(" patient pour"));
            kinds.insert(engine.split(" pour ").nth(1).unwrap_or("").to_string());
        }
    }
    eprintln!("{steps} étapes ; {kinds:?} ; {explained:?}");
    assert_eq!(
        explained.len(),
        6,
        "prorata, neutralised under each policy and all out, shared: {explained:?}"
    );
    assert!(steps >= 20, "only {steps} steps said");
    assert!(singular >= 1, "no count under 2 said in the singular");
}
