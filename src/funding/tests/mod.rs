use super::payments::split_advance;
use super::{
    Fraction, LineStatus, Observation, Quality, Reading, Readings, YearFunding, fund_year, prorata,
    reaching_readings, unreachable_variable,
};
use crate::contract::{Contract, Direction, Indicator, IndicatorYear, Nature, Rule, Scope};
use crate::contract::{NeutralisationPolicy, ProrataMode};
use crate::mission::MissionCode;
use crate::money::round2;
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use std::path::Path;

fn parse(text: &str) -> Contract {
    Contract::parse(text, Path::new("test.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A taille 2 contract with the given `[contrat]` extras, missions and indicators.
fn contract(signature: &str, extra: &str, body: &str) -> Contract {
    parse(&format!(
        "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"T\"\nidentifiant = \"1\"\ntaille = 2\n\
         [contrat]\nsignature = {signature}\n{extra}\n{body}"
    ))
}

fn reading(x: Decimal) -> Reading {
    Reading {
        value: Observation::Number(x),
        neutralised: false,
    }
}

fn neutralised(x: Decimal) -> Reading {
    Reading {
        value: Observation::Number(x),
        neutralised: true,
    }
}

fn readings(list: &[(&str, Reading)]) -> Readings {
    list.iter().map(|(k, r)| (k.to_string(), *r)).collect()
}

/// Prévention (variable 15 000 in taille 2) with two lineaire hausse lines weighing 9 000 and
/// 6 000, target 100, no baseline.
const TWO_LINES: &str = r#"
[[missions]]
code = "prevention"
debut = 2024-03-01
[[indicateurs]]
code = "L1"
mission = "prevention"
libelle = "un"
portee = "local"
nature = "resultat"
regle = "lineaire"
[indicateurs.annees.1]
poids = 9000
cible = 100
[[indicateurs]]
code = "L2"
mission = "prevention"
libelle = "deux"
portee = "local"
nature = "resultat"
regle = "lineaire"
[indicateurs.annees.1]
poids = 6000
cible = 100
"#;

fn amounts(f: &YearFunding) -> Vec<Decimal> {
    f.missions
        .iter()
        .flat_map(|m| m.indicators.iter().map(|l| l.amount))
        .collect()
}

#[test]
fn prorata_in_days_counts_exact_days_over_the_contract_year() {
    let c = contract(
        "2024-03-01",
        "prorata = \"jours\"",
        "[[missions]]\ncode = \"acces\"\ndebut = 2024-06-01",
    );
    let p = prorata(&c, &c.missions[0], 1);
    assert_eq!(p, Fraction::new(dec!(273), dec!(365)));
    // 17 500 + 12 000 + 45 000 = 74 500 × 273 / 365 = 55 721.917… → 55 721.92
    assert_eq!(
        fund_year(&c, 1, &Readings::new()).missions[0].fixed,
        dec!(55721.92)
    );
    assert_eq!(prorata(&c, &c.missions[0], 2), Fraction::ONE);
}

#[test]
fn mission_starting_on_the_last_day_of_a_year() {
    let body = "[[missions]]\ncode = \"parcours\"\ndebut = 2025-02-28";
    let days = contract("2024-03-01", "prorata = \"jours\"", body);
    assert_eq!(
        prorata(&days, &days.missions[0], 1),
        Fraction::new(dec!(1), dec!(365))
    );
    let months = contract("2024-03-01", "prorata = \"mois\"", body);
    assert_eq!(
        prorata(&months, &months.missions[0], 1),
        Fraction::new(dec!(1), dec!(12))
    );
    let f = fund_year(&months, 1, &Readings::new());
    assert_eq!(f.missions[0].fixed, dec!(2916.67), "35 000 / 12");
    let advance = f.payments.iter().find(|p| p.mission.is_some()).unwrap();
    assert_eq!(
        (advance.date, advance.amount),
        (date(2025, 2, 28), dec!(2187.50))
    );
    assert_eq!(prorata(&months, &months.missions[0], 2), Fraction::ONE);
}

#[test]
fn mission_not_started_in_a_year_gets_nothing_that_year() {
    let c = contract(
        "2024-03-01",
        "",
        "[[missions]]\ncode = \"parcours\"\ndebut = 2025-03-01",
    );
    let f = fund_year(&c, 1, &Readings::new());
    assert_eq!(
        (f.missions[0].fixed, f.missions[0].prorata),
        (dec!(0), dec!(0))
    );
    assert_eq!(f.total, dec!(60000));
    assert!(f.payments.iter().all(|p| p.mission.is_none()));
}

#[test]
fn months_pro_rata_counts_started_months_at_month_ends() {
    // 31 January + 1 month is 28 February, before the 1 March anniversary: 2 months started.
    let c = contract(
        "2024-03-01",
        "prorata = \"mois\"",
        "[[missions]]\ncode = \"acces\"\ndebut = 2025-01-31",
    );
    assert_eq!(
        prorata(&c, &c.missions[0], 1),
        Fraction::new(dec!(2), dec!(12))
    );
}

#[test]
fn signature_on_29_february_has_anniversaries_on_28_february() {
    let c = contract(
        "2024-02-29",
        "prorata = \"jours\"",
        "[[missions]]\ncode = \"acces\"\ndebut = 2024-08-29",
    );
    assert_eq!(c.period(1).end, date(2025, 2, 27));
    assert_eq!(c.period(2).start, date(2025, 2, 28));
    assert_eq!(c.period(4).end, date(2028, 2, 28));
    assert_eq!(
        c.period(5).start,
        date(2028, 2, 29),
        "a leap year keeps the true anniversary"
    );
    assert_eq!(c.year_of(date(2025, 2, 27)), Some(1));
    assert_eq!(c.year_of(date(2025, 2, 28)), Some(2));
    // 29 Aug 2024 → 28 Feb 2025 is 183 days of the 365 of year 1.
    assert_eq!(
        prorata(&c, &c.missions[0], 1),
        Fraction::new(dec!(183), dec!(365))
    );
    let f = fund_year(&c, 2, &Readings::new());
    assert!(
        f.payments
            .iter()
            .all(|p| p.date == date(2025, 2, 28) || p.date == date(2026, 2, 28))
    );
}

#[test]
fn exclu_leaves_neutralised_lines_out_and_scales_the_others() {
    let c = contract("2024-03-01", "neutralisation = \"exclu\"", TWO_LINES);
    let r = readings(&[("L1", reading(dec!(50))), ("L2", neutralised(dec!(100)))]);
    let f = fund_year(&c, 1, &r);
    // L1: 9 000 × 0.5 × 15 000 / 9 000 = 7 500; L2 out.
    assert_eq!(amounts(&f), vec![dec!(7500), dec!(0)]);
    assert_eq!(f.missions[0].indicators[1].status, LineStatus::Neutralised);
}

#[test]
fn exclu_with_every_line_neutralised_pays_the_whole_envelope() {
    let c = contract("2024-03-01", "neutralisation = \"exclu\"", TWO_LINES);
    let r = readings(&[("L1", neutralised(dec!(0))), ("L2", neutralised(dec!(0)))]);
    let f = fund_year(&c, 1, &r);
    assert_eq!(f.missions[0].variable, dec!(15000));
}

#[test]
fn verse_pays_neutralised_lines_as_reached_and_nul_pays_nothing() {
    let r = readings(&[("L1", reading(dec!(50))), ("L2", neutralised(dec!(0)))]);
    let verse = contract("2024-03-01", "neutralisation = \"verse\"", TWO_LINES);
    assert_eq!(
        amounts(&fund_year(&verse, 1, &r)),
        vec![dec!(4500), dec!(6000)]
    );
    let nul = contract("2024-03-01", "neutralisation = \"nul\"", TWO_LINES);
    assert_eq!(amounts(&fund_year(&nul, 1, &r)), vec![dec!(4500), dec!(0)]);
}

#[test]
fn missing_values_count_zero_and_are_flagged() {
    let c = contract("2024-03-01", "", TWO_LINES);
    let f = fund_year(&c, 1, &readings(&[("L1", reading(dec!(100)))]));
    assert_eq!(amounts(&f), vec![dec!(9000), dec!(0)]);
    assert_eq!(f.missions[0].indicators[1].status, LineStatus::Missing);
    assert_eq!(f.missions[0].indicators[0].status, LineStatus::Reached);
}

#[test]
fn tracking_lines_are_reported_and_never_paid() {
    let body = TWO_LINES
        .replace("poids = 6000", "poids = 0")
        .replace("poids = 9000", "poids = 15000");
    let c = contract("2024-03-01", "", &body);
    let f = fund_year(
        &c,
        1,
        &readings(&[("L1", reading(dec!(100))), ("L2", reading(dec!(100)))]),
    );
    let l2 = &f.missions[0].indicators[1];
    assert_eq!(
        (l2.amount, l2.status, l2.attainment),
        (dec!(0), LineStatus::Tracking, dec!(1))
    );
    assert_eq!(f.missions[0].variable, dec!(15000));
}

#[test]
fn all_weights_zero_make_a_tracking_only_year() {
    let body = TWO_LINES
        .replace("poids = 6000", "poids = 0")
        .replace("poids = 9000", "poids = 0");
    let c = contract("2024-03-01", "", &body);
    let f = fund_year(&c, 1, &readings(&[("L1", reading(dec!(100)))]));
    assert_eq!(
        (f.missions[0].variable, f.missions[0].variable_max),
        (dec!(0), dec!(0))
    );
}

#[test]
fn crisis_plan_first_year_update_later_activation_when_recognised() {
    let body =
        "[[missions]]\ncode = \"crise\"\ndebut = 2024-09-01\n[annees.2]\ncrise_reconnue = true";
    let c = contract("2024-03-01", "prorata = \"mois\"", body);
    let y1 = fund_year(&c, 1, &Readings::new());
    assert_eq!(
        (y1.missions[0].fixed, y1.missions[0].activation),
        (dec!(17500), dec!(0)),
        "35 000 × 6/12"
    );
    let y2 = fund_year(&c, 2, &Readings::new());
    assert_eq!(
        (y2.missions[0].fixed, y2.missions[0].activation),
        (dec!(17500), dec!(52500))
    );
    assert_eq!(y2.total, dec!(60000) + dec!(17500) + dec!(52500));
    assert_eq!(y2.max, y2.total);
    let activation = y2
        .payments
        .iter()
        .find(|p| p.label.contains("activation"))
        .unwrap();
    assert_eq!(
        (activation.date, activation.amount),
        (date(2026, 3, 1), dec!(52500))
    );
    let y3 = fund_year(&c, 3, &Readings::new());
    assert_eq!(
        (y3.missions[0].fixed, y3.missions[0].activation),
        (dec!(17500), dec!(0))
    );
}

#[test]
fn crisis_plan_is_paid_in_the_year_the_mission_starts_even_after_year_one() {
    let body =
        "[[missions]]\ncode = \"crise\"\ndebut = 2025-03-01\nplan = 40000\nmise_a_jour = 20000";
    let c = contract("2024-03-01", "", body);
    assert_eq!(
        fund_year(&c, 1, &Readings::new()).missions[0].fixed,
        dec!(0)
    );
    assert_eq!(
        fund_year(&c, 2, &Readings::new()).missions[0].fixed,
        dec!(40000)
    );
    assert_eq!(
        fund_year(&c, 3, &Readings::new()).missions[0].fixed,
        dec!(20000)
    );
}

#[test]
fn fonctionnement_is_paid_in_full_in_year_one_and_75_25_later() {
    // The only mission starts in year 5, so years 1 and 2 pay fonctionnement alone.
    let c = contract(
        "2024-03-01",
        "fonctionnement = 60000.02",
        "[[missions]]\ncode = \"qualite\"\ndebut = 2028-03-01",
    );
    let y1 = fund_year(&c, 1, &Readings::new());
    assert_eq!(payments_of(&y1), vec![(date(2024, 3, 1), dec!(60000.02))]);
    let y2 = fund_year(&c, 2, &Readings::new());
    // 75 % of 60 000.02 = 45 000.015 → 45 000.02; the balance is the rest.
    assert_eq!(
        payments_of(&y2),
        vec![
            (date(2025, 3, 1), dec!(45000.02)),
            (date(2026, 3, 1), dec!(15000.00))
        ]
    );
}

fn payments_of(f: &YearFunding) -> Vec<(NaiveDate, Decimal)> {
    f.payments.iter().map(|p| (p.date, p.amount)).collect()
}

#[test]
fn advance_and_balance_always_add_up() {
    for amount in [
        dec!(0.01),
        dec!(0.02),
        dec!(22125.01),
        dec!(13125),
        dec!(99999.99),
    ] {
        let (a, b) = split_advance(amount);
        assert_eq!(a + b, amount);
        assert_eq!(a, round2(amount * dec!(0.75)));
    }
}

/// The reference sample, with a qualitative line added to accès so that every rule is present.
fn rich_contract(
    prorata: ProrataMode,
    policy: NeutralisationPolicy,
    starts: (i64, i64),
) -> Contract {
    let mut c = Contract::load(Path::new("samples/contrat-reference.toml")).unwrap();
    c.terms.prorata = prorata;
    c.terms.neutralisation = policy;
    c.missions[0].start = c.terms.signature + chrono::Days::new(starts.0 as u64);
    c.missions[1].start = c.terms.signature + chrono::Days::new(starts.1 as u64);
    let years = [1, 2].into_iter().map(|y| {
        let terms = IndicatorYear {
            weight: dec!(1234.57),
            target: None,
            tiers: vec![],
            floor: None,
        };
        (y, terms)
    });
    c.indicators.push(Indicator {
        code: "Q1".into(),
        mission: MissionCode::Acces,
        label: "qualitatif".into(),
        scope: Scope::Local,
        nature: Nature::Moyens,
        rule: Rule::Qualitatif,
        direction: Direction::Hausse,
        baseline: None,
        unit: None,
        source: String::new(),
        evidence: vec![],
        years: years.collect(),
    });
    for i in &mut c.indicators {
        if let Some(t) = i.years.get(&2).cloned() {
            i.years.insert(1, t);
        }
    }
    c
}

fn observation_for(rule: Rule, raw: i64) -> Observation {
    match (rule, raw) {
        (_, r) if r < 0 => Observation::Missing,
        (Rule::Qualitatif, r) => Observation::Quality(
            [Quality::Reached, Quality::Partial, Quality::NotReached][(r % 3) as usize],
        ),
        (Rule::Binaire, r) => Observation::Done(r % 2 == 0),
        (_, r) => Observation::Number(Decimal::new(r, 1)),
    }
}

fn arb_readings(c: &Contract) -> impl Strategy<Value = Readings> + use<> {
    let rules: Vec<(String, Rule)> = c
        .indicators
        .iter()
        .map(|i| (i.code.clone(), i.rule))
        .collect();
    proptest::collection::vec(
        (-200i64..20_000, proptest::bool::weighted(0.2)),
        rules.len(),
    )
    .prop_map(move |raw| {
        rules
            .iter()
            .zip(raw)
            .map(|((code, rule), (r, n))| {
                (
                    code.clone(),
                    Reading {
                        value: observation_for(*rule, r),
                        neutralised: n,
                    },
                )
            })
            .collect()
    })
}

fn arb_setup() -> impl Strategy<Value = (Contract, Readings, u32)> {
    let modes = prop_oneof![Just(ProrataMode::Jours), Just(ProrataMode::Mois)];
    let policies = prop_oneof![
        Just(NeutralisationPolicy::Exclu),
        Just(NeutralisationPolicy::Verse),
        Just(NeutralisationPolicy::Nul)
    ];
    (modes, policies, 0i64..800, 0i64..800, 1u32..=3).prop_flat_map(|(m, p, s1, s2, year)| {
        let c = rich_contract(m, p, (s1, s2));
        let readings = arb_readings(&c);
        (Just(c), readings, Just(year))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn advances_and_balances_add_up_to_the_total((c, r, year) in arb_setup()) {
        let f = fund_year(&c, year, &r);
        let paid: Decimal = f.payments.iter().map(|p| p.amount).sum();
        prop_assert_eq!(paid, f.total);
        // A line earns at most its year weight and the maximum is their sum: only a neutralised
        // line's weight shared out under `exclu` may pass it, by the lines' rounding.
        let lines: usize = f.missions.iter().map(|m| m.indicators.len()).sum();
        let rounding = Decimal::new(5, 3) * Decimal::from(lines);
        prop_assert!(f.total <= f.max + rounding);
        if c.terms.neutralisation != NeutralisationPolicy::Exclu {
            prop_assert!(f.total <= f.max);
        }
    }

    #[test]
    fn a_line_never_pays_more_than_its_year_weight((c, r, year) in arb_setup()) {
        let f = fund_year(&c, year, &r);
        for m in &f.missions {
            let scaled = m.indicators.iter().any(|l| l.status == LineStatus::Neutralised);
            let year_weights: Decimal = m.indicators.iter().map(|l| l.year_weight).sum();
            if !m.indicators.is_empty() {
                prop_assert_eq!(m.variable_max, year_weights);
            }
            for l in &m.indicators {
                let cap = l.year_weight;
                prop_assert!(cap <= l.weight);
                prop_assert!(l.amount >= Decimal::ZERO);
                if !(scaled && c.terms.neutralisation == NeutralisationPolicy::Exclu) {
                    prop_assert!(l.amount <= cap, "{} pays {} > {}", l.code, l.amount, cap);
                }
                prop_assert!(l.attainment >= Decimal::ZERO && l.attainment <= Decimal::ONE);
            }
            if !scaled {
                prop_assert!(m.variable <= m.variable_max);
            }
        }
    }

    #[test]
    fn better_values_never_pay_less((c, r, year) in arb_setup(), pick in 0usize..8, step in 1i64..5000) {
        let i = &c.indicators[pick % c.indicators.len()];
        let Some(Reading { value: Observation::Number(x), neutralised }) = r.get(&i.code).copied() else {
            return Ok(());
        };
        let delta = Decimal::new(step, 1);
        let better = match i.direction { Direction::Hausse => x + delta, Direction::Baisse => x - delta };
        let mut improved = r.clone();
        improved.insert(i.code.clone(), Reading { value: Observation::Number(better), neutralised });
        let before = fund_year(&c, year, &r);
        let after = fund_year(&c, year, &improved);
        prop_assert!(after.total >= before.total, "{}: {} → {}", i.code, before.total, after.total);
        let line = |f: &YearFunding| f.missions.iter().flat_map(|m| &m.indicators).find(|l| l.code == i.code).map(|l| l.amount);
        prop_assert!(line(&after) >= line(&before));
    }
}

#[test]
fn reaching_every_target_pays_exactly_the_maximum() {
    for sample in [
        "samples/contrat-exemple.toml",
        "samples/contrat-reference.toml",
    ] {
        let c = Contract::load(Path::new(sample)).unwrap();
        for year in 1..=c.terms.duration_years {
            let f = fund_year(&c, year, &reaching_readings(&c, year));
            // A mission with no line this year (annex not written yet) has its envelope at stake
            // in the maximum, but nothing can earn it.
            let unearnable: Decimal = f
                .missions
                .iter()
                .filter(|m| m.indicators.is_empty())
                .map(|m| m.variable_max)
                .sum();
            assert_eq!(f.total + unearnable, f.max, "{sample}, year {year}");
            assert!(
                f.missions
                    .iter()
                    .flat_map(|m| &m.indicators)
                    .all(|l| l.status != LineStatus::Missing)
            );
        }
    }
}

#[test]
fn a_mission_year_without_lines_keeps_its_envelope_as_unreachable() {
    let c = contract(
        "2024-03-01",
        "",
        "[[missions]]\ncode = \"prevention\"\ndebut = 2024-03-01\nvariable = 15000",
    );
    let f = fund_year(&c, 1, &Readings::new());
    assert_eq!(f.missions[0].variable_max, dec!(15000));
    assert_eq!(f.missions[0].variable, dec!(0));
    assert_eq!(
        unreachable_variable(&c, 1),
        vec![(MissionCode::Prevention, dec!(15000))]
    );
}

mod year_weights;
