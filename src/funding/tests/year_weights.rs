//! The year weight (docs/regles.md §5): each line's weight pro-rated and rounded once, the
//! maximum their sum, every amount computed on it.

use super::{TWO_LINES, amounts, contract, neutralised, reading, readings};
use crate::contract::Contract;
use crate::funding::{
    MissionFunding, Observation, Reading, Readings, fund_year, reaching_readings,
};
use crate::mission::MissionCode;
use crate::money::round2;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

#[test]
fn a_line_on_a_half_cent_is_rounded_away_from_zero() {
    // Year weight 10 001 × 9/12 = 7 500.75; × 1/2 = 3 750.375 → 3 750.38 (and not 3 750.37).
    let body = TWO_LINES
        .replace("debut = 2024-03-01", "debut = 2024-06-01")
        .replace("poids = 9000", "poids = 10001")
        .replace("poids = 6000", "poids = 4999");
    let c = contract("2024-03-01", "prorata = \"mois\"", &body);
    let f = fund_year(&c, 1, &readings(&[("L1", reading(dec!(50)))]));
    let l1 = &f.missions[0].indicators[0];
    assert_eq!((l1.year_weight, l1.amount), (dec!(7500.75), dec!(3750.38)));
}

/// TWO_LINES weighing 10 001 and 4 999, the mission starting on 1 June 2024: p = 273/365 in
/// days, year weights 7 480.20 and 3 738.98 (3 738.9780…), Y = 11 219.18.
fn prorated_two_lines(policy: &str) -> Contract {
    let body = TWO_LINES
        .replace("debut = 2024-03-01", "debut = 2024-06-01")
        .replace("poids = 9000", "poids = 10001")
        .replace("poids = 6000", "poids = 4999");
    contract(
        "2024-03-01",
        &format!("prorata = \"jours\"\nneutralisation = \"{policy}\""),
        &body,
    )
}

#[test]
fn year_weights_are_each_weight_pro_rated_and_rounded_once() {
    let c = prorated_two_lines("exclu");
    let f = fund_year(&c, 1, &Readings::new());
    let m = &f.missions[0];
    let year_weights: Vec<Decimal> = m.indicators.iter().map(|l| l.year_weight).collect();
    assert_eq!(year_weights, vec![dec!(7480.20), dec!(3738.98)]);
    assert_eq!(m.variable_max, dec!(11219.18));
    assert_eq!(
        (m.indicators[0].weight, m.indicators[1].weight),
        (dec!(10001), dec!(4999)),
        "weight stays the contract's"
    );
}

#[test]
fn exclu_in_a_prorated_year_shares_out_the_year_weights() {
    let c = prorated_two_lines("exclu");
    // L1 reached, L2 neutralised: L1 earns Y' × Y / Y' = Y, the whole maximum.
    let r = readings(&[("L1", reading(dec!(100))), ("L2", neutralised(dec!(100)))]);
    let f = fund_year(&c, 1, &r);
    assert_eq!(amounts(&f), vec![dec!(11219.18), dec!(0)]);
    assert_eq!(f.missions[0].variable, f.missions[0].variable_max);
    // Half way: round₂(7 480.20 × 0.5 × 11 219.18 / 7 480.20) = 5 609.59.
    let r = readings(&[("L1", reading(dec!(50))), ("L2", neutralised(dec!(100)))]);
    assert_eq!(amounts(&fund_year(&c, 1, &r)), vec![dec!(5609.59), dec!(0)]);
}

#[test]
fn exclu_in_a_prorated_year_with_every_line_neutralised_pays_each_its_year_weight() {
    let c = prorated_two_lines("exclu");
    let r = readings(&[("L1", neutralised(dec!(0))), ("L2", neutralised(dec!(0)))]);
    let f = fund_year(&c, 1, &r);
    assert_eq!(amounts(&f), vec![dec!(7480.20), dec!(3738.98)]);
    assert_eq!(f.missions[0].variable, dec!(11219.18));
    assert_eq!(f.missions[0].variable, f.missions[0].variable_max);
}

#[test]
fn verse_and_nul_in_a_prorated_year_work_on_year_weights() {
    let r = readings(&[("L1", reading(dec!(50))), ("L2", neutralised(dec!(0)))]);
    let verse = fund_year(&prorated_two_lines("verse"), 1, &r);
    assert_eq!(amounts(&verse), vec![dec!(3740.10), dec!(3738.98)]);
    let nul = fund_year(&prorated_two_lines("nul"), 1, &r);
    assert_eq!(amounts(&nul), vec![dec!(3740.10), dec!(0)]);
}

#[test]
fn every_line_reached_in_a_prorated_year_earns_exactly_each_missions_maximum() {
    // The demo contract's year 1: accès and parcours start during the year. Under the rule
    // before year weights, accès earned 14 575,35 € for a maximum of 14 575,34 € and parcours
    // one cent under its maximum.
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let f = fund_year(&c, 1, &reaching_readings(&c, 1));
    let prorated: Vec<&MissionFunding> = f
        .missions
        .iter()
        .filter(|m| m.prorata > Decimal::ZERO && m.prorata < Decimal::ONE)
        .filter(|m| !m.indicators.is_empty())
        .collect();
    let codes: Vec<MissionCode> = prorated.iter().map(|m| m.code).collect();
    assert!(
        codes.contains(&MissionCode::Acces) && codes.contains(&MissionCode::Parcours),
        "{codes:?}"
    );
    for m in &f.missions {
        let sum: Decimal = m.indicators.iter().map(|l| l.year_weight).sum();
        if !m.indicators.is_empty() {
            assert_eq!(m.variable_max, sum, "{}: Σ year weights", m.code);
            assert_eq!(m.variable, m.variable_max, "{}", m.code);
        }
    }
    let acces = f
        .missions
        .iter()
        .find(|m| m.code == MissionCode::Acces)
        .unwrap();
    assert_eq!(acces.variable, dec!(14575.35));
}

#[test]
fn every_table_adds_up_variable_max_is_the_sum_of_the_year_weights() {
    // Two lines of 100.01 € in a mission running half the year: each year weight rounds
    // 50.005 to 50.01, and the mission's variable maximum is their sum, 100.02 (the rule before
    // year weights rounded the envelope once, 100.01, and the lines reached paid 100.02).
    let line = |code: &str| {
        format!(
            "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"qualite\"\nlibelle = \"x\"\n\
             portee = \"local\"\nnature = \"moyens\"\nregle = \"binaire\"\n\
             [indicateurs.annees.1]\npoids = 100.01\n"
        )
    };
    let body = format!(
        "[[missions]]\ncode = \"qualite\"\ndebut = 2024-09-01\nvariable = 200.02\nfixe = 0\n{}{}",
        line("Q1"),
        line("Q2")
    );
    let c = contract(
        "2024-03-01",
        "prorata = \"mois\"\nfonctionnement = 0",
        &body,
    );
    let f = fund_year(&c, 1, &Readings::new());
    let m = &f.missions[0];
    assert_eq!(m.variable_max, dec!(100.02));
    assert_eq!(m.max, m.fixed + m.variable_max + m.activation);
    assert_eq!(
        f.max,
        f.operating + f.missions.iter().map(|m| m.max).sum::<Decimal>()
    );
    // Both lines reached: each pays its year weight, the mission exactly its maximum.
    let mut r = Readings::new();
    for code in ["Q1", "Q2"] {
        r.insert(
            code.into(),
            Reading {
                value: Observation::Done(true),
                neutralised: false,
            },
        );
    }
    assert_eq!(fund_year(&c, 1, &r).missions[0].variable, dec!(100.02));
}

#[test]
fn the_year_weight_example_of_the_rules_document() {
    // docs/regles.md §5: p = 9/12, lines of 5 000,10, 3 500,30 and 2 499,62 €.
    let line = |code: &str, weight: &str| {
        format!(
            "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"qualite\"\nlibelle = \"x\"\n\
             portee = \"local\"\nnature = \"moyens\"\nregle = \"binaire\"\n\
             [indicateurs.annees.1]\npoids = {weight}\n"
        )
    };
    let body = format!(
        "[[missions]]\ncode = \"qualite\"\ndebut = 2024-06-01\nvariable = 11000.02\n{}{}{}",
        line("Q1", "5000.10"),
        line("Q2", "3500.30"),
        line("Q3", "2499.62")
    );
    let c = contract("2024-03-01", "prorata = \"mois\"", &body);
    let done = |yes: bool| Reading {
        value: Observation::Done(yes),
        neutralised: false,
    };
    let all = readings(&[("Q1", done(true)), ("Q2", done(true)), ("Q3", done(true))]);
    let m = &fund_year(&c, 1, &all).missions[0];
    let year_weights: Vec<Decimal> = m.indicators.iter().map(|l| l.year_weight).collect();
    assert_eq!(
        year_weights,
        vec![dec!(3750.08), dec!(2625.23), dec!(1874.72)]
    );
    assert_eq!((m.variable, m.variable_max), (dec!(8250.03), dec!(8250.03)));
    // The rule before year weights: the maximum rounded once on the envelope.
    assert_eq!(round2(dec!(11000.02) * dec!(0.75)), dec!(8250.02));
}
