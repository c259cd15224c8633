//! Attainment of one indicator line (docs/regles.md §5): the four rules, both directions.

use crate::contract::{Direction, Indicator, IndicatorYear, Rule};
use crate::money::Fraction;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the coordinator reported for a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Observation {
    /// Nothing entered.
    #[default]
    Missing,
    /// A measured value.
    Number(Decimal),
    /// `Fait` (true) or `Non fait` (false), for a binary line without target.
    Done(bool),
    /// The answer of a qualitative line.
    Quality(Quality),
}

/// Answer of a qualitative line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quality {
    /// `Atteint`.
    Reached,
    /// `Partiellement atteint`.
    Partial,
    /// `Non atteint`.
    NotReached,
}

/// The attainment of a line in [0, 1], or `None` when the observation cannot be used by the
/// line's rule (nothing entered, or a value of the wrong kind: both count as 0 and are flagged).
pub(crate) fn attainment(
    indicator: &Indicator,
    terms: &IndicatorYear,
    observed: Observation,
    partial_share: Decimal,
) -> Option<Fraction> {
    let dir = indicator.direction;
    match (indicator.rule, observed, terms.target) {
        (Rule::Binaire, Observation::Number(x), Some(c)) => Some(reached(dir, x, c)),
        (Rule::Binaire, Observation::Done(done), None) => Some(yes_no(done)),
        (Rule::Lineaire, Observation::Number(x), Some(c)) => {
            let a = linear(dir, x, c, indicator.baseline);
            Some(match terms.floor {
                Some(floor) if a < Fraction::whole(floor) => Fraction::ZERO,
                _ => a,
            })
        }
        (Rule::Paliers, Observation::Number(x), _) => Some(tiers(dir, x, terms)),
        (Rule::Qualitatif, Observation::Quality(q), _) => Some(match q {
            Quality::Reached => Fraction::ONE,
            Quality::Partial => Fraction::whole(partial_share),
            Quality::NotReached => Fraction::ZERO,
        }),
        _ => None,
    }
}

fn yes_no(done: bool) -> Fraction {
    if done { Fraction::ONE } else { Fraction::ZERO }
}

fn reached(dir: Direction, x: Decimal, c: Decimal) -> Fraction {
    yes_no(match dir {
        Direction::Hausse => x >= c,
        Direction::Baisse => x <= c,
    })
}

fn linear(dir: Direction, x: Decimal, c: Decimal, baseline: Option<Decimal>) -> Fraction {
    let a = match (baseline, dir) {
        (Some(v0), _) if c == v0 => return reached(dir, x, c),
        (Some(v0), Direction::Hausse) => Fraction::new(x - v0, c - v0),
        (Some(v0), Direction::Baisse) => Fraction::new(v0 - x, v0 - c),
        (None, Direction::Hausse) if c.is_zero() => return reached(dir, x, c),
        (None, Direction::Hausse) => Fraction::new(x, c),
        (None, Direction::Baisse) if x.is_zero() => Fraction::ONE,
        (None, Direction::Baisse) => Fraction::new(c, x),
    };
    a.clamp01()
}

fn tiers(dir: Direction, x: Decimal, terms: &IndicatorYear) -> Fraction {
    terms
        .tiers
        .iter()
        .filter(|t| match dir {
            Direction::Hausse => x >= t.threshold,
            Direction::Baisse => x <= t.threshold,
        })
        .map(|t| t.fraction(terms.weight))
        .fold(None, |best: Option<Fraction>, share| match best {
            Some(b) if b >= share => Some(b),
            _ => Some(share),
        })
        .map_or(Fraction::ZERO, Fraction::clamp01)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{Nature, Scope, Tier};
    use rust_decimal_macros::dec;

    fn line(rule: Rule, dir: Direction, baseline: Option<Decimal>) -> Indicator {
        Indicator {
            code: "X".into(),
            mission: crate::mission::MissionCode::Acces,
            label: String::new(),
            scope: Scope::Local,
            nature: Nature::Resultat,
            rule,
            direction: dir,
            baseline,
            unit: None,
            source: String::new(),
            evidence: vec![],
            years: Default::default(),
        }
    }

    fn terms(
        target: Option<Decimal>,
        floor: Option<Decimal>,
        tiers: &[(i64, Decimal)],
    ) -> IndicatorYear {
        IndicatorYear {
            weight: dec!(1000),
            target,
            floor,
            tiers: tiers
                .iter()
                .map(|(t, s)| Tier {
                    threshold: (*t).into(),
                    share: *s,
                    amount: None,
                })
                .collect(),
        }
    }

    fn a(i: &Indicator, t: &IndicatorYear, o: Observation) -> Option<Decimal> {
        attainment(i, t, o, dec!(0.5)).map(|f| f.value())
    }

    use Direction::{Baisse, Hausse};
    use Observation::{Done, Number};

    #[test]
    fn binaire_with_target_compares_in_the_line_direction() {
        let t = terms(Some(dec!(10)), None, &[]);
        let up = line(Rule::Binaire, Hausse, None);
        assert_eq!(a(&up, &t, Number(dec!(10))), Some(dec!(1)));
        assert_eq!(a(&up, &t, Number(dec!(9.99))), Some(dec!(0)));
        let down = line(Rule::Binaire, Baisse, None);
        assert_eq!(a(&down, &t, Number(dec!(10))), Some(dec!(1)));
        assert_eq!(a(&down, &t, Number(dec!(10.01))), Some(dec!(0)));
    }

    #[test]
    fn binaire_without_target_reads_fait_non_fait() {
        let t = terms(None, None, &[]);
        let i = line(Rule::Binaire, Hausse, None);
        assert_eq!(a(&i, &t, Done(true)), Some(dec!(1)));
        assert_eq!(a(&i, &t, Done(false)), Some(dec!(0)));
        assert_eq!(
            a(&i, &t, Number(dec!(1))),
            None,
            "a number where Fait/Non fait is expected"
        );
    }

    #[test]
    fn lineaire_with_baseline_both_directions_and_clamped() {
        let up = line(Rule::Lineaire, Hausse, Some(dec!(120)));
        let t = terms(Some(dec!(150)), None, &[]);
        assert_eq!(a(&up, &t, Number(dec!(126))), Some(dec!(0.2)));
        assert_eq!(a(&up, &t, Number(dec!(200))), Some(dec!(1)));
        assert_eq!(a(&up, &t, Number(dec!(100))), Some(dec!(0)));
        let down = line(Rule::Lineaire, Baisse, Some(dec!(900)));
        let t = terms(Some(dec!(750)), None, &[]);
        assert_eq!(a(&down, &t, Number(dec!(810))), Some(dec!(0.6)));
        assert_eq!(a(&down, &t, Number(dec!(950))), Some(dec!(0)));
        assert_eq!(a(&down, &t, Number(dec!(700))), Some(dec!(1)));
    }

    #[test]
    fn lineaire_without_baseline() {
        let up = line(Rule::Lineaire, Hausse, None);
        let t = terms(Some(dec!(15)), None, &[]);
        assert_eq!(a(&up, &t, Number(dec!(12))), Some(dec!(0.8)));
        let down = line(Rule::Lineaire, Baisse, None);
        let t = terms(Some(dec!(30)), None, &[]);
        assert_eq!(a(&down, &t, Number(dec!(40))), Some(dec!(0.75)));
        assert_eq!(
            a(&down, &t, Number(dec!(0))),
            Some(dec!(1)),
            "x = 0 with baisse"
        );
        assert_eq!(a(&down, &t, Number(dec!(20))), Some(dec!(1)));
    }

    #[test]
    fn lineaire_target_equal_to_baseline_is_all_or_nothing() {
        let t = terms(Some(dec!(50)), None, &[]);
        let up = line(Rule::Lineaire, Hausse, Some(dec!(50)));
        assert_eq!(a(&up, &t, Number(dec!(50))), Some(dec!(1)));
        assert_eq!(a(&up, &t, Number(dec!(49))), Some(dec!(0)));
        let down = line(Rule::Lineaire, Baisse, Some(dec!(50)));
        assert_eq!(a(&down, &t, Number(dec!(51))), Some(dec!(0)));
        assert_eq!(a(&down, &t, Number(dec!(50))), Some(dec!(1)));
    }

    #[test]
    fn lineaire_floor_pays_nothing_below_it_and_keeps_the_value_at_it() {
        let i = line(Rule::Lineaire, Hausse, None);
        let t = terms(Some(dec!(15)), Some(dec!(0.8)), &[]);
        assert_eq!(
            a(&i, &t, Number(dec!(10))),
            Some(dec!(0)),
            "seed example: 10 of 15, seuil 0.8"
        );
        assert_eq!(a(&i, &t, Number(dec!(12))), Some(dec!(0.8)));
        let t = terms(Some(dec!(15)), None, &[]);
        let two_thirds = a(&i, &t, Number(dec!(10))).unwrap();
        assert_eq!(two_thirds.round_dp(4), dec!(0.6667));
    }

    #[test]
    fn paliers_take_the_best_tier_met() {
        let down = line(Rule::Paliers, Baisse, Some(dec!(400)));
        let t = terms(
            None,
            None,
            &[(50, dec!(1)), (100, dec!(0.66)), (219, dec!(0.33))],
        );
        assert_eq!(a(&down, &t, Number(dec!(50))), Some(dec!(1)));
        assert_eq!(a(&down, &t, Number(dec!(51))), Some(dec!(0.66)));
        assert_eq!(a(&down, &t, Number(dec!(219))), Some(dec!(0.33)));
        assert_eq!(a(&down, &t, Number(dec!(220))), Some(dec!(0)));
        let up = line(Rule::Paliers, Hausse, None);
        let t = terms(None, None, &[(20, dec!(1)), (10, dec!(0.5))]);
        assert_eq!(a(&up, &t, Number(dec!(15))), Some(dec!(0.5)));
        assert_eq!(a(&up, &t, Number(dec!(25))), Some(dec!(1)));
        assert_eq!(a(&up, &t, Number(dec!(9))), Some(dec!(0)));
    }

    #[test]
    fn qualitatif_uses_the_contract_partial_share() {
        let i = line(Rule::Qualitatif, Hausse, None);
        let t = terms(None, None, &[]);
        assert_eq!(
            a(&i, &t, Observation::Quality(Quality::Reached)),
            Some(dec!(1))
        );
        assert_eq!(
            a(&i, &t, Observation::Quality(Quality::Partial)),
            Some(dec!(0.5))
        );
        assert_eq!(
            a(&i, &t, Observation::Quality(Quality::NotReached)),
            Some(dec!(0))
        );
        let share = attainment(&i, &t, Observation::Quality(Quality::Partial), dec!(0.3));
        assert_eq!(share.map(|f| f.value()), Some(dec!(0.3)));
    }

    #[test]
    fn missing_or_mismatched_values_are_unusable() {
        let i = line(Rule::Lineaire, Hausse, None);
        let t = terms(Some(dec!(15)), None, &[]);
        assert_eq!(a(&i, &t, Observation::Missing), None);
        assert_eq!(a(&i, &t, Done(true)), None);
    }
}
