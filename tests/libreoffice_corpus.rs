//! The workbook's formulas equal the engine on binary floating point, in real LibreOffice.
//!
//! A generated corpus of contracts (every rule, both directions, tiers as shares and in euros,
//! all three neutralisation policies, pro-rata below 1, percentage indicators) is filled with values chosen to land
//! exactly on seuils, tier thresholds and targets, just beside them, and on exact half cents,
//! plus typed percentages, values with too many decimals and values out of range. LibreOffice
//! recalculates each workbook; every `Poids de l'année (€)`, `Atteinte`, `Montant (€)` and the
//! `Synthèse` totals must equal the engine's, and `check` on the file LibreOffice saved must
//! read the same values and find no amount that differs. The corpus is in `tests/corpus`.

mod common;
mod corpus;

use common::{cents, engine_cents, number, recalculated, table_rows};
use corpus::corpus;
use cpts_aci::Contract;
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::read_workbook;
use cpts_aci::{Cell, Entries, write_workbook};
use cpts_aci::{Options, review};
use cpts_aci::{Readings, YearFunding, fund_year};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// Whether an amount, before its rounding, is an exact half cent.
fn half_cent(weight: Decimal, attainment: Decimal) -> bool {
    let exact = weight * attainment;
    let thousandths = exact * Decimal::from(1000);
    thousandths.fract().is_zero() && thousandths % Decimal::TEN == Decimal::from(5)
}

#[test]
fn libreoffice_equals_the_engine_on_seuils_half_cents_and_typed_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lines, mut seuils, mut halves, mut percents, mut euros) = (0, 0, 0, 0, 0);
    let cases = [
        (11, "exclu", "jours"),
        (23, "verse", "mois"),
        (37, "nul", "jours"),
    ];
    for (seed, policy, prorata) in cases {
        let (c, e, on_seuil) = corpus(seed, policy, prorata, 40, false);
        let f: YearFunding = fund_year(&c, 1, &e.readings(&c, 1));
        assert!(
            f.missions.iter().any(|m| m.prorata < Decimal::ONE),
            "pro-rata below 1"
        );
        // Stale cached values: only LibreOffice's recalculation can give the right figures.
        let stale = fund_year(&c, 1, &Readings::new());
        let path = dir.path().join(format!("{policy}.xlsx"));
        std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
        let lo = recalculated(&path, dir.path());

        let engine: HashMap<String, (Decimal, Decimal, Decimal, Decimal)> = f
            .missions
            .iter()
            .flat_map(|m| m.indicators.iter().map(move |l| (m, l)))
            .map(|(m, l)| {
                let figures = (l.attainment, l.amount, m.prorata, l.year_weight);
                (l.code.clone(), figures)
            })
            .collect();
        let rows = table_rows(&lo, "Indicateurs", "Code");
        assert_eq!(rows.len(), engine.len());
        let mut differences = Vec::new();
        for row in &rows {
            let code = row["Code"].to_string();
            let (attainment, amount, p, year_weight) = engine[&code];
            let shown_a = number(&row["Atteinte"]);
            let shown_m = number(&row["Montant (€)"]);
            let shown_y = number(&row["Poids de l'année (€)"]);
            if (shown_a - attainment.to_f64().unwrap()).abs() > 1e-9
                || cents(shown_m) != engine_cents(amount)
                || cents(shown_y) != engine_cents(year_weight)
            {
                differences.push(format!(
                    "{code}: LibreOffice {shown_y} / {shown_a} / {shown_m}, \
                     engine {year_weight} / {attainment} / {amount}"
                ));
            }
            let line = c
                .lines(1)
                .into_iter()
                .find(|l| l.indicator.code == code)
                .unwrap();
            let neutralised = e.get(&INDICATORS, &code, ind::NEUTRALISED).text() == Some("Oui");
            if p == Decimal::ONE && !neutralised && half_cent(line.terms.weight, attainment) {
                halves += 1;
            }
            euros += usize::from(line.terms.tiers.iter().any(|t| t.amount.is_some()));
            percents += usize::from(matches!(
                e.get(&INDICATORS, &code, ind::OBSERVED),
                Cell::Percent(_)
            ));
        }
        assert!(differences.is_empty(), "{policy}: {differences:#?}");
        common::assert_summary_matches(&lo, &f, policy);
        // `check` reads the file LibreOffice saved as the formulas did, typed percentages too.
        let wb = read_workbook(&lo).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 2).unwrap();
        let r = review(
            &wb,
            Options {
                today,
                signed: None,
            },
        );
        assert_eq!(
            r.funding.total, f.total,
            "{policy}: check reads the same values"
        );
        assert!(
            r.findings.iter().all(|f| f.code != "amount_differs"),
            "{:#?}",
            r.findings
        );
        lines += rows.len();
        seuils += on_seuil;
    }
    eprintln!(
        "corpus : {lines} lignes, dont {seuils} sur un seuil, {halves} sur un demi-centime, \
         {percents} saisies en pourcentage, {euros} à paliers en euros"
    );
    assert!(lines >= 400 && seuils >= 40 && halves >= 40 && percents >= 20 && euros >= 20);
}

fn cpts_aci_json(args: &[&str]) -> serde_json::Value {
    let output = common::cpts_aci().args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn a_percentage_typed_in_french_libreoffice_pays_the_same_in_libreoffice_compute_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let blank = Entries::default();
    let f = fund_year(&c, 2, &blank.readings(&c, 2));
    let path = dir.path().join("suivi.xlsx");
    std::fs::write(&path, write_workbook(&c, 2, &blank, &f).unwrap()).unwrap();
    // Typed as a coordinator does, in the protected sheet as shipped: PRE-01 is a `%`
    // indicator (52 → 58 points), ACC-03 counts doctors.
    let ops = dir.path().join("ops.json");
    let typed = |code: &str, text: &str| {
        format!(
            r#"{{"op": "type", "sheet": "Indicateurs", "row": "{code}", "column": "Réalisé", "text": "{text}"}}"#
        )
    };
    std::fs::write(
        &ops,
        format!(
            "[{}, {}]",
            typed("PRE-01", "56,2 %"),
            typed("ACC-03", "12,5 %")
        ),
    )
    .unwrap();
    let typed_file = dir.path().join("saisi.xlsx");
    common::libreoffice(&[
        "edit",
        path.to_str().unwrap(),
        typed_file.to_str().unwrap(),
        ops.to_str().unwrap(),
    ]);
    let file = typed_file.to_str().unwrap();

    let rows = table_rows(&typed_file, "Indicateurs", "Code");
    let shown = |code: &str| {
        let row = rows.iter().find(|r| r["Code"] == code).unwrap();
        number(&row["Montant (€)"])
    };
    // (56,2 − 52) / (58 − 52) = 0,7 of 8 000 €.
    assert_eq!(cents(shown("PRE-01")), 560_000, "LibreOffice");
    let computed = cpts_aci_json(&["compute", "--format", "json", file]);
    let amount_of = |lines: &serde_json::Value, code: &str| -> String {
        lines
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == code)
            .map(|l| l["amount"].as_str().unwrap().to_string())
            .unwrap()
    };
    let compute_lines: serde_json::Value = computed["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["indicators"].as_array().unwrap().clone())
        .collect();
    assert_eq!(amount_of(&compute_lines, "PRE-01"), "5600.00", "compute");
    // Saved as OpenDocument (« Enregistrer sous » .ods): the percentage is still one.
    let ods = dir.path().join("saisi.ods");
    common::libreoffice(&["convert", file, ods.to_str().unwrap()]);
    let from_ods = cpts_aci_json(&["compute", "--format", "json", ods.to_str().unwrap()]);
    assert_eq!(
        from_ods, computed,
        "the .ods reads the typed percentage the same way"
    );
    let report = dir.path().join("lot.json");
    let _ = common::cpts_aci()
        .args(["batch", file, "-o"])
        .arg(dir.path().join("lot.xlsx"))
        .arg("--json")
        .arg(&report)
        .output()
        .unwrap();
    let batch: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(
        amount_of(&batch["files"][0]["indicators"], "PRE-01"),
        "5600.00",
        "batch"
    );
    // ACC-03 keeps the stored 0.125 in both places.
    let checked = cpts_aci_json(&["check", "--format", "json", file]);
    let finding = |code: &str, indicator: &str| {
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code && f["indicator"] == indicator)
            .cloned()
            .unwrap_or_else(|| panic!("no {code} for {indicator}: {checked:#}"))
    };
    // A percentage typed in a `%` indicator is typed correctly: nothing is said of it. One typed
    // in another indicator is said, at its cell.
    assert!(
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["indicator"] != "PRE-01" || f["sheet"] != "Indicateurs"),
        "{checked:#}"
    );
    let mismatch = finding("value_unit_mismatch", "ACC-03");
    assert_eq!(mismatch["severity"], "error");
    let column = |f: &serde_json::Value| {
        f["cell"]
            .as_str()
            .unwrap()
            .trim_end_matches(char::is_numeric)
            .to_string()
    };
    let observed_column = common::column_letter(file, "Indicateurs", "Réalisé");
    assert_eq!(column(&mismatch), observed_column, "at its Réalisé cell");
    assert!(
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "amount_differs"),
        "{checked:#}"
    );
    let acc03 = Decimal::from_str(&amount_of(&compute_lines, "ACC-03")).unwrap();
    assert!(acc03 > Decimal::ZERO);
    assert_eq!(cents(shown("ACC-03")), engine_cents(acc03));
}
