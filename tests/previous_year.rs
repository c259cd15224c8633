//! Year N-1 beside year N in the consolidation (README, « Contrôler tout un territoire »): a
//! lot holding years 1 and 2 of one CPTS shows, on year 2's rows, year 1's own figures (total,
//! variable, attainment per mission, amount per line) and the evolution, in the workbook read
//! back, the JSON and the report; a year 1 that is not counted (`Conflit`) gives none, and of
//! copies of a year 1 (`Doublon`) only the one counted is shown.

mod common;

use calamine::Data;
use cpts_aci::Contract;
use cpts_aci::synthetic::{Spec, contract_text, entries};
use cpts_aci::{Entries, fund_year, write_workbook};
use std::collections::HashMap;
use std::path::Path;

/// A generated CPTS's contract (its identifier follows its population).
fn contract(name: &str, population: u64) -> Contract {
    let spec = Spec {
        name: name.into(),
        population,
        signature: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        lines_per_year: 12,
    };
    Contract::parse(&contract_text(&spec), Path::new("contrat.toml")).unwrap()
}

fn written(c: &Contract, year: u32, e: &Entries) -> Vec<u8> {
    write_workbook(c, year, e, &fund_year(c, year, &e.readings(c, year))).unwrap()
}

/// An amount of the JSON in cents.
fn cents(v: &serde_json::Value) -> i64 {
    let text = v.as_str().unwrap_or_else(|| panic!("an amount: {v}"));
    let (units, fraction) = text.split_once('.').unwrap();
    let sign = if units.starts_with('-') { -1 } else { 1 };
    sign * (units.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + fraction.parse::<i64>().unwrap())
}

/// A cell of the workbook in cents (or as a ratio in millionths), blank as none.
fn cell(row: &HashMap<String, Data>, column: &str, scale: f64) -> Option<i64> {
    match &row[column] {
        Data::Empty => None,
        Data::String(s) if s.is_empty() => None,
        d => Some((common::number(d) * scale).round() as i64),
    }
}

fn money(row: &HashMap<String, Data>, column: &str) -> Option<i64> {
    cell(row, column, 100.0)
}

fn ratio(row: &HashMap<String, Data>, column: &str) -> Option<i64> {
    cell(row, column, 1e6)
}

fn text(row: &HashMap<String, Data>, column: &str) -> String {
    row[column].to_string()
}

#[test]
fn year_2_shows_year_1_beside_it_and_only_from_a_counted_file() {
    let dir = tempfile::tempdir().unwrap();
    let lot = dir.path().join("lot");
    std::fs::create_dir_all(lot.join("archives")).unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(lot.join(name), bytes).unwrap();
    // Aval: year 2, and its year 1 filed after it by path (read ahead).
    let aval = contract("CPTS Aval", 41_000);
    put(
        "a-aval-2025.xlsx",
        &written(&aval, 2, &entries(&aval, 2, 3)),
    );
    put(
        "archives/aval-2024.xlsx",
        &written(&aval, 1, &entries(&aval, 1, 8)),
    );
    // Bocage: a v1 and a v2 of year 1 (`Conflit`), and year 2.
    let bocage = contract("CPTS du Bocage", 87_000);
    let v1 = entries(&bocage, 1, 5);
    let mut v2 = v1.clone();
    let code = bocage.lines(1)[1].indicator.code.clone();
    let (table, observed) = (
        &cpts_aci::layout::INDICATORS,
        cpts_aci::layout::ind::OBSERVED,
    );
    v2.set(table, &code, observed, cpts_aci::Cell::Number(1.0));
    put("b-bocage-2024-v1.xlsx", &written(&bocage, 1, &v1));
    put("b-bocage-2024-v2.xlsx", &written(&bocage, 1, &v2));
    put(
        "b-bocage-2025.xlsx",
        &written(&bocage, 2, &entries(&bocage, 2, 6)),
    );
    // Crête: year 1 sent twice (`Doublon`), then year 2.
    let crete = contract("CPTS de la Crête", 150_000);
    let year_1 = written(&crete, 1, &entries(&crete, 1, 9));
    put("c-crete-2024.xlsx", &year_1);
    put("c-crete-copie-2024.xlsx", &year_1);
    put(
        "c-crete-2025.xlsx",
        &written(&crete, 2, &entries(&crete, 2, 4)),
    );

    let out = dir.path().join("sortie");
    std::fs::create_dir_all(&out).unwrap();
    let (xlsx, json, html) = (
        out.join("c.xlsx"),
        out.join("c.json"),
        out.join("rapport.html"),
    );
    common::cpts_aci()
        .args(["batch", "--date", "2025-04-01", "-o"])
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .arg("--rapport")
        .arg(&html)
        .arg(&lot)
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let files = doc["files"].as_array().unwrap();
    let file = |name: &str| {
        files
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let status = |name: &str| file(name)["status"].as_str().unwrap().to_string();
    assert_eq!(status("b-bocage-2024-v1.xlsx"), "Conflit");
    assert_eq!(status("c-crete-copie-2024.xlsx"), "Doublon");

    // JSON: year 2's `previous` is year 1's own figures; year 1 has none.
    let (y2, y1) = (file("a-aval-2025.xlsx"), file("archives/aval-2024.xlsx"));
    let p = &y2["previous"];
    assert_eq!(p["year"], 1);
    assert_eq!(p["file"], y1["file"]);
    for key in ["total", "variable", "variable_max"] {
        assert_eq!(cents(&p[key]), cents(&y1[key]), "{key}");
    }
    assert_eq!(p["attainment"], y1["attainment"]);
    assert!(y1["previous"].is_null());
    let missions = y1["missions"].as_array().unwrap();
    assert_eq!(p["missions"].as_array().unwrap().len(), missions.len());
    for (m, own) in p["missions"].as_array().unwrap().iter().zip(missions) {
        assert_eq!(m["code"], own["code"]);
        assert_eq!(cents(&m["variable"]), cents(&own["variable"]));
        assert_eq!(cents(&m["total"]), cents(&own["total"]));
        let max = cents(&own["variable_max"]);
        match m["attainment"].as_str() {
            None => assert_eq!(max, 0, "{}", m["code"]),
            Some(a) => {
                let a: f64 = a.parse().unwrap();
                let own = cents(&own["variable"]) as f64 / max as f64;
                assert!((a - own).abs() < 1e-6, "{}: {a} vs {own}", m["code"]);
            }
        }
    }
    let lines_1: HashMap<&str, &serde_json::Value> = y1["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["code"].as_str().unwrap(), l))
        .collect();
    let lines_2 = y2["indicators"].as_array().unwrap();
    assert!(lines_2.len() >= 10);
    for l in lines_2 {
        let own = lines_1[l["code"].as_str().unwrap()];
        assert_eq!(cents(&l["previous_amount"]), cents(&own["amount"]));
        assert_eq!(l["previous_attainment"], own["attainment"]);
    }
    // Bocage's year 1 is in conflict: not counted, so not shown; Crête's is the counted copy.
    assert!(file("b-bocage-2025.xlsx")["previous"].is_null());
    assert!(
        file("b-bocage-2025.xlsx")["indicators"][0]["previous_amount"].is_null(),
        "no line of an uncounted year 1"
    );
    assert!(
        file("c-crete-2025.xlsx")["previous"]["file"]
            .as_str()
            .unwrap()
            .ends_with("c-crete-2024.xlsx")
    );

    // The workbook, read back: year 2's N-1 cells are year 1's own row, and the evolution.
    let rows = common::table_rows(&xlsx, "CPTS", "Fichier");
    let row = |name: &str| {
        rows.iter()
            .find(|r| text(r, "Fichier").ends_with(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (r2, r1) = (row("a-aval-2025.xlsx"), row("archives/aval-2024.xlsx"));
    let total_1 = money(r1, "Financement total (€)").unwrap();
    let total_2 = money(r2, "Financement total (€)").unwrap();
    assert_eq!(money(r2, "Financement total N-1 (€)"), Some(total_1));
    assert_eq!(money(r2, "Évolution (€)"), Some(total_2 - total_1));
    assert_eq!(
        ratio(r2, "Taux d'atteinte N-1"),
        ratio(r1, "Taux d'atteinte")
    );
    assert!(ratio(r2, "Taux d'atteinte N-1").is_some());
    for name in [
        "archives/aval-2024.xlsx",
        "b-bocage-2025.xlsx",
        "c-crete-copie-2024.xlsx",
    ] {
        assert_eq!(
            money(row(name), "Financement total N-1 (€)"),
            None,
            "{name}"
        );
        assert_eq!(money(row(name), "Évolution (€)"), None, "{name}");
    }
    assert!(money(row("c-crete-2025.xlsx"), "Évolution (€)").is_some());
    // The total row sums the previous years and the evolutions of the rows above it.
    let (total, files_rows) = rows.split_last().unwrap();
    assert!(text(total, "Fichier").starts_with("Total"));
    for column in ["Financement total N-1 (€)", "Évolution (€)"] {
        let sum: i64 = files_rows.iter().filter_map(|r| money(r, column)).sum();
        assert_eq!(money(total, column), Some(sum), "{column}");
    }

    let funding = common::table_rows(&xlsx, "Financement", "Fichier");
    let of = |name: &str, mission: &str| {
        funding
            .iter()
            .find(|r| text(r, "Fichier").ends_with(name) && text(r, "Mission") == mission)
            .unwrap_or_else(|| panic!("{name} {mission}"))
    };
    let mut compared = 0;
    for m in funding
        .iter()
        .filter(|r| text(r, "Fichier").ends_with("archives/aval-2024.xlsx"))
    {
        let mission = text(m, "Mission");
        let now = of("a-aval-2025.xlsx", &mission);
        assert_eq!(
            money(now, "Variable obtenu N-1 (€)"),
            money(m, "Variable obtenu (€)")
        );
        assert_eq!(money(now, "Total N-1 (€)"), money(m, "Total (€)"));
        assert_eq!(
            money(now, "Évolution (€)"),
            Some(money(now, "Total (€)").unwrap() - money(m, "Total (€)").unwrap())
        );
        let max = money(m, "Variable max (€)").unwrap();
        let expected =
            (max != 0).then(|| money(m, "Variable obtenu (€)").unwrap() as f64 / max as f64 * 1e6);
        let got = ratio(now, "Taux d'atteinte N-1");
        match expected {
            None => assert_eq!(got, None, "{mission}"),
            Some(e) => assert!((got.unwrap() as f64 - e).abs() <= 1.0, "{mission}"),
        }
        compared += 1;
    }
    assert_eq!(compared, 6, "fonctionnement and five missions");

    let lines = common::table_rows(&xlsx, "Indicateurs", "Fichier");
    let line = |name: &str, code: &str| {
        lines
            .iter()
            .find(|r| text(r, "Fichier").ends_with(name) && text(r, "Code") == code)
    };
    let mut compared = 0;
    for l in lines
        .iter()
        .filter(|r| text(r, "Fichier").ends_with("a-aval-2025.xlsx"))
    {
        let own = line("archives/aval-2024.xlsx", &text(l, "Code")).unwrap();
        let before = money(own, "Montant (€)").unwrap();
        assert_eq!(money(l, "Montant N-1 (€)"), Some(before));
        assert_eq!(ratio(l, "Atteinte N-1"), ratio(own, "Atteinte"));
        assert_eq!(
            money(l, "Évolution (€)"),
            Some(money(l, "Montant (€)").unwrap() - before)
        );
        compared += 1;
    }
    assert_eq!(compared, lines_2.len());
    assert!(
        lines
            .iter()
            .filter(|r| text(r, "Fichier").ends_with("b-bocage-2025.xlsx"))
            .all(|r| money(r, "Montant N-1 (€)").is_none())
    );

    // The report: year 2's page shows year 1's total and the evolution.
    let html = std::fs::read_to_string(&html).unwrap();
    let page = &html[html.find("CPTS Aval — année 2").unwrap()..];
    let page = &page[..page.find("</section>").unwrap()];
    // Amounts on a page are typeset: they never break across two lines.
    let euros =
        |c: i64| cpts_aci::fr::typographic(&cpts_aci::fr::euros(rust_decimal::Decimal::new(c, 2)));
    assert!(page.contains("Financement de l'année 1"), "{page}");
    assert!(page.contains(&euros(total_1)), "{page}");
    assert!(page.contains("<th>Montant N-1</th>"));
    let first = &lines_2[0];
    let evolution = cents(&first["amount"]) - cents(&first["previous_amount"]);
    assert!(
        page.contains(&format!(
            "data-montant=\"{}\"",
            rust_decimal::Decimal::new(evolution, 2)
        )),
        "the first line's evolution"
    );
    let bocage_page = &html[html.find("CPTS du Bocage — année 2").unwrap()..];
    let bocage_page = &bocage_page[..bocage_page.find("</section>").unwrap()];
    assert!(!bocage_page.contains("N-1"), "{bocage_page}");
}
