//! Tiers stated in euros (`montant`), as real annexes pay them (domain reference §7): ≤ 50
//! patients → 9 000 €, ≤ 100 → 6 000 €, ≤ 219 → 3 000 € of a 9 000 € line, and 1 000 / 2 500 /
//! 3 500 € of a 3 500 € line. The engine and the LibreOffice-recalculated workbook pay exactly
//! those euros in a full year, and round₂(year weight × montant / weight) in a prorated one.

mod common;

use common::{number, recalculated, table_rows};
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::{Cell, Contract, ContractError, Entries, Observation, Reading, Readings};
use cpts_aci::{YearFunding, fund_year, write_workbook};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/contrat-paliers-euros.toml";

fn contract() -> Contract {
    Contract::load(Path::new(FIXTURE)).expect("the fixture is a valid contract")
}

/// Each line's value and the euros it pays in a full year.
const PAID: [(&str, f64, &str); 7] = [
    ("E1", 50.0, "9000"),
    ("E2", 100.0, "6000"),
    ("E3", 219.0, "3000"),
    ("H1", 10.0, "1000"),
    ("H2", 20.0, "2500"),
    ("H3", 30.0, "3500"),
    ("T1", 2.0, "2222.22"),
];

fn readings() -> Readings {
    PAID.iter()
        .map(|(code, x, _)| {
            let value = Observation::Number(Decimal::try_from(*x).unwrap());
            let reading = Reading {
                value,
                neutralised: false,
            };
            (code.to_string(), reading)
        })
        .collect()
}

fn entries() -> Entries {
    let mut e = Entries::default();
    for (code, x, _) in PAID {
        e.set(&INDICATORS, code, ind::OBSERVED, Cell::Number(x));
    }
    e
}

fn amounts(f: &YearFunding) -> Vec<(String, Decimal)> {
    f.missions
        .iter()
        .flat_map(|m| &m.indicators)
        .map(|l| (l.code.clone(), l.amount))
        .collect()
}

#[test]
fn a_full_year_pays_each_tier_its_euros_to_the_cent() {
    let c = contract();
    let f = fund_year(&c, 2, &readings());
    let expected: Vec<(String, Decimal)> = PAID
        .iter()
        .map(|(code, _, euros)| (code.to_string(), euros.parse().unwrap()))
        .collect();
    assert_eq!(amounts(&f), expected);
    // Just past a tier, the next one pays.
    let mut r = readings();
    for (code, x) in [("E1", dec!(51)), ("E3", dec!(220)), ("H2", dec!(19.99))] {
        r.insert(
            code.into(),
            Reading {
                value: Observation::Number(x),
                neutralised: false,
            },
        );
    }
    let paid: Vec<Decimal> = amounts(&fund_year(&c, 2, &r))
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(
        &paid[..5],
        [dec!(6000), dec!(6000), dec!(0), dec!(1000), dec!(1000)]
    );
}

#[test]
fn a_prorated_year_pays_the_year_weight_times_montant_over_weight() {
    let c = contract();
    let f = fund_year(&c, 1, &readings());
    let mission = &f.missions[0];
    assert!(mission.prorata < Decimal::ONE && mission.prorata > Decimal::ZERO);
    for line in &mission.indicators {
        let (_, _, euros) = PAID.iter().find(|(code, _, _)| *code == line.code).unwrap();
        let montant: Decimal = euros.parse().unwrap();
        let expected = (line.year_weight * montant / line.weight)
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(line.amount, expected, "{}", line.code);
    }
    // The example of docs/regles.md §5: p = 288/365, 7 101,37 € of year weight, 6 000 € of
    // 9 000 € become 4 734,25 €.
    let e2 = mission.indicators.iter().find(|l| l.code == "E2").unwrap();
    assert_eq!((e2.year_weight, e2.amount), (dec!(7101.37), dec!(4734.25)));
    // H3's best tier pays its whole weight: the year weight itself.
    let h3 = mission.indicators.iter().find(|l| l.code == "H3").unwrap();
    assert_eq!(h3.amount, h3.year_weight);
}

#[test]
fn libreoffice_pays_exactly_the_euros_of_each_tier() {
    let dir = tempfile::tempdir().unwrap();
    let c = contract();
    let e = entries();
    for year in [1, 2] {
        let f = fund_year(&c, year, &e.readings(&c, year));
        // Cached values of a blank year: only LibreOffice's recalculation gives the figures.
        let stale = fund_year(&c, year, &Readings::new());
        let path = dir.path().join(format!("annee-{year}.xlsx"));
        std::fs::write(&path, write_workbook(&c, year, &e, &stale).unwrap()).unwrap();
        let lo = recalculated(&path, dir.path());
        let rows = table_rows(&lo, "Indicateurs", "Code");
        assert_eq!(rows.len(), PAID.len());
        for line in f.missions.iter().flat_map(|m| &m.indicators) {
            let row = rows
                .iter()
                .find(|r| r["Code"] == line.code.as_str())
                .unwrap();
            // The very double of the engine's amount, not merely the nearest cent.
            let engine: f64 = line.amount.to_string().parse().unwrap();
            assert_eq!(number(&row["Montant (€)"]), engine, "{year} {}", line.code);
            if year == 2 {
                let (_, _, euros) = PAID.iter().find(|(c, _, _)| *c == line.code).unwrap();
                assert_eq!(engine, euros.parse::<f64>().unwrap(), "{}", line.code);
            }
        }
        common::assert_summary_matches(&lo, &f, &format!("paliers en euros, année {year}"));
    }
}

fn problems(text: &str) -> Vec<(usize, usize, String)> {
    match Contract::parse(text, Path::new("c.toml")) {
        Err(ContractError::Invalid { problems, .. }) => problems
            .into_iter()
            .map(|p| (p.line.unwrap(), p.column.unwrap(), p.message))
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_tier_list_takes_one_form_and_euros_within_the_weight() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let first = "paliers = [ { seuil = 50, montant = 9000 }, { seuil = 100, montant = 6000 }, \
                 { seuil = 219, montant = 3000 } ]";
    let line = text.lines().position(|l| l == first).unwrap() + 1;
    let with = |tiers: &str| text.replacen(first, tiers, 1);
    let p = problems(&with(
        "paliers = [ { seuil = 50, montant = 9000 }, { seuil = 100, part = 0.5 } ]",
    ));
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!((p[0].0, p[0].1), (line, 67), "at the value");
    assert!(
        p[0].2.contains("toute en part ou toute en montant"),
        "{}",
        p[0].2
    );
    let p = problems(&with("paliers = [ { seuil = 50, montant = 9000.01 } ]"));
    assert!(
        p[0].2.contains("dépasse le poids de la ligne (9 000,00 €)"),
        "{p:?}"
    );
    let p = problems(&with("paliers = [ { seuil = 50, montant = 900.001 } ]"));
    assert!(p[0].2.contains("plus de deux décimales"), "{p:?}");
    let p = problems(&with("paliers = [ { seuil = 50, montant = -1 } ]"));
    assert!(p[0].2.contains("montant négatif"), "{p:?}");
    let p = problems(&with(
        "paliers = [ { seuil = 50, part = 1, montant = 9000 } ]",
    ));
    assert!(p[0].2.contains("l'un ou l'autre"), "{p:?}");
    let p = problems(&with("paliers = [ { seuil = 50 } ]"));
    assert!(p[0].2.contains("ni « part » ni « montant »"), "{p:?}");
    let p = problems(&with(
        "paliers = [ { seuil = 50, montant = 3000 }, { seuil = 100, montant = 6000 } ]",
    ));
    assert!(p[0].2.contains("paliers incohérents"), "{p:?}");
    assert!(p[0].2.contains("6 000,00 €"), "{p:?}");
}

/// The workbook of the `compute-paliers-euros` command-line case: year 2 of the fixture with
/// each tier reached, as `generate` writes it and a coordinator fills it. A bless rewrites it.
#[test]
fn the_command_line_case_holds_a_filled_workbook_of_the_fixture() {
    let path = Path::new("tests/cmd/paliers-euros.in/classeur.xlsx");
    let c = contract();
    let e = entries();
    if std::env::var_os("CPTS_ACI_BLESS").is_some() {
        let f = fund_year(&c, 2, &e.readings(&c, 2));
        std::fs::write(path, write_workbook(&c, 2, &e, &f).unwrap()).unwrap();
    }
    let wb = cpts_aci::read_workbook(path).unwrap();
    assert_eq!((wb.contract.text.as_str(), wb.year), (c.text.as_str(), 2));
    let copy = std::fs::read_to_string("tests/cmd/paliers-euros.in/contrat.toml").unwrap();
    assert_eq!(copy, c.text, "the case's contract is the fixture");
}
