//! The worked example of docs/regles.md §6, reproduced to the cent from the sample
//! contract `samples/contrat-reference.toml`. Every figure below was computed by hand.

use chrono::NaiveDate;
use cpts_aci::Contract;
use cpts_aci::MissionCode;
use cpts_aci::{Observation, Reading, Readings, fund_year};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

fn contract() -> Contract {
    Contract::load(Path::new("samples/contrat-reference.toml")).expect("sample contract loads")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn payments(f: &cpts_aci::YearFunding) -> Vec<(NaiveDate, Decimal)> {
    f.payments.iter().map(|p| (p.date, p.amount)).collect()
}

#[test]
fn year_1_pro_rates_by_started_months_and_pays_fonctionnement_at_signature() {
    let c = contract();
    assert_eq!(c.size.get(), 2);
    let f = fund_year(&c, 1, &Readings::new());
    assert_eq!(
        (f.period.start, f.period.end),
        (date(2024, 3, 1), date(2025, 2, 28))
    );
    assert_eq!(f.operating, dec!(60000));
    let acces = &f.missions[0];
    assert_eq!(
        (acces.code, acces.prorata, acces.fixed),
        (MissionCode::Acces, dec!(0.75), dec!(22125))
    );
    let parcours = &f.missions[1];
    assert_eq!((parcours.prorata, parcours.fixed), (dec!(0.5), dec!(13125)));
    assert_eq!(f.max, dec!(121500));
    assert_eq!(
        payments(&f),
        vec![
            (date(2024, 3, 1), dec!(60000)),
            (date(2024, 6, 1), dec!(16593.75)),
            (date(2024, 9, 1), dec!(9843.75)),
            (date(2025, 3, 1), dec!(5531.25)),
            (date(2025, 3, 1), dec!(3281.25)),
        ]
    );
}

#[test]
fn year_2_lines_missions_totals_and_calendar() {
    let c = contract();
    let number = |x: Decimal| Reading {
        value: Observation::Number(x),
        neutralised: false,
    };
    let done = Reading {
        value: Observation::Done(true),
        neutralised: false,
    };
    let readings: Readings = [
        ("A1", number(dec!(330))),
        ("A2", number(dec!(810))),
        ("A3", number(dec!(12))),
        ("A4", done),
        ("P1", done),
        ("P2", number(dec!(42))),
        ("P3", number(dec!(126))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let f = fund_year(&c, 2, &readings);
    let lines: Vec<(String, Decimal, Decimal)> = f
        .missions
        .iter()
        .flat_map(|m| {
            m.indicators
                .iter()
                .map(|l| (l.code.clone(), l.attainment, l.amount))
        })
        .collect();
    let expected = [
        ("A1", dec!(0.5), dec!(3000)),
        ("A2", dec!(0.6), dec!(2400)),
        ("A3", dec!(0.8), dec!(2800)),
        ("A4", dec!(1), dec!(4000)),
        ("P1", dec!(1), dec!(8000)),
        ("P2", dec!(0.7), dec!(7000)),
        ("P3", dec!(0.2), dec!(1650)),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(c, a, m)| (c.to_string(), *a, *m))
        .collect();
    assert_eq!(lines, expected);
    let acces = &f.missions[0];
    assert_eq!(
        (acces.fixed, acces.variable, acces.variable_max),
        (dec!(29500), dec!(12200), dec!(17500))
    );
    let parcours = &f.missions[1];
    assert_eq!(
        (parcours.fixed, parcours.variable),
        (dec!(26250), dec!(16650))
    );
    assert_eq!((f.total, f.max), (dec!(144600.00), dec!(159500.00)));
    assert_eq!(
        payments(&f),
        vec![
            (date(2025, 3, 1), dec!(45000)),
            (date(2025, 3, 1), dec!(22125)),
            (date(2025, 3, 1), dec!(19687.50)),
            (date(2026, 3, 1), dec!(15000)),
            (date(2026, 3, 1), dec!(7375)),
            (date(2026, 3, 1), dec!(12200)),
            (date(2026, 3, 1), dec!(6562.50)),
            (date(2026, 3, 1), dec!(16650)),
        ]
    );
    let paid: Decimal = f.payments.iter().map(|p| p.amount).sum();
    assert_eq!(paid, f.total);
}

#[test]
fn year_2_json_has_the_stable_keys_and_two_decimal_amounts() {
    let f = fund_year(&contract(), 2, &Readings::new());
    let json = serde_json::to_value(&f).unwrap();
    for key in [
        "cpts",
        "year",
        "period",
        "taille",
        "fonctionnement",
        "missions",
        "total",
        "max",
        "payments",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(json["period"]["start"], "2025-03-01");
    assert_eq!(json["fonctionnement"], "60000.00");
    assert_eq!(json["taille"], 2);
    let line = &json["missions"][0]["indicators"][0];
    assert_eq!(line["code"], "A1");
    assert_eq!(line["weight"], "6000.00");
    assert_eq!(line["attainment"], "0");
    assert_eq!(line["status"], "missing");
    let pay = &json["payments"][0];
    assert_eq!(
        (pay["date"].as_str(), pay["amount"].as_str()),
        (Some("2025-03-01"), Some("45000.00"))
    );
    assert!(pay["label"].as_str().unwrap().starts_with("Fonctionnement"));
}

#[test]
fn the_demo_sample_contract_loads_with_about_25_lines_over_three_years() {
    let c =
        Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap_or_else(|e| panic!("{e}"));
    let lines: usize = (1..=3).map(|y| c.lines(y).len()).sum();
    assert!((25..=35).contains(&lines), "{lines} lines");
    let codes: Vec<_> = c.missions.iter().map(|m| m.code).collect();
    assert_eq!(
        codes,
        [
            MissionCode::Acces,
            MissionCode::Parcours,
            MissionCode::Prevention,
            MissionCode::Crise
        ]
    );
}
