//! A line's rule and its next step, in words (docs/regles.md §5, spec §4 « explains every
//! euro »): the `Barème` of a line, and what its value still lacks for the next step (`Il
//! manque`). The workbook's formulas write the same words live; a LibreOffice test checks that
//! they agree with [`still_missing`].

use super::attainment::{Observation, Quality};
use crate::contract::{Direction, Indicator, IndicatorYear, NeutralisationPolicy, Rule, Tier};
use crate::fr;
use rust_decimal::{Decimal, RoundingStrategy};

/// What `Il manque` says while a number is expected and none is typed.
pub(crate) const ENTER_VALUE: &str = "valeur à saisir";
/// What `Il manque` says for a line done or reported without a number that is not at 100 %.
pub(crate) const DONE_MISSING: &str = "« Fait » pour 100 %";
/// What `Il manque` says for a qualitative line not `Atteint`.
pub(crate) const REACHED_MISSING: &str = "« Atteint » pour 100 %";

/// Decimals a missing quantity is shown with, rounded up so that adding it reaches the step.
pub(crate) const MISSING_DECIMALS: u32 = 2;

/// The `Barème` of a line: its rule in words (`≤ 340 → 100 % ; ≤ 370 → 50 %`,
/// `≥ 60 → 100 %, sinon en proportion ; seuil 50 %`, `Fait → 100 %`).
pub fn scale_text(indicator: &Indicator, terms: &IndicatorYear, partial_share: Decimal) -> String {
    let cmp = comparator(indicator.direction);
    match (indicator.rule, terms.target) {
        (Rule::Binaire, None) => "Fait → 100 %".into(),
        (Rule::Binaire, Some(c)) => format!("{cmp} {} → 100 %", fr::decimal(c)),
        (Rule::Lineaire, target) => {
            let mut text = match target {
                Some(c) => format!("{cmp} {} → 100 %, sinon en proportion", fr::decimal(c)),
                None => "en proportion de la cible".into(),
            };
            if let Some(v0) = indicator.baseline {
                text.push_str(&format!(" depuis {}", fr::decimal(v0)));
            }
            if let Some(s) = terms.floor {
                text.push_str(&format!(" ; seuil {}", fr::percent(s)));
            }
            text
        }
        (Rule::Paliers, _) => {
            let tiers: Vec<String> = terms
                .tiers
                .iter()
                .map(|t| format!("{cmp} {} → {}", fr::decimal(t.threshold), tier_pays(t)))
                .collect();
            tiers.join(" ; ")
        }
        (Rule::Qualitatif, _) => format!(
            "Atteint → 100 % ; Partiellement → {}",
            fr::percent(partial_share)
        ),
    }
}

/// `≥` for a line to raise, `≤` for a line to lower.
fn comparator(dir: Direction) -> &'static str {
    match dir {
        Direction::Hausse => "≥",
        Direction::Baisse => "≤",
    }
}

/// What a tier pays, in words: its euros for a tier in euros (`9 000 €`), else its share.
pub(crate) fn tier_pays(tier: &Tier) -> String {
    match tier.amount {
        Some(amount) if amount.fract().is_zero() => {
            format!("{} €", fr::french_number(amount, 0))
        }
        Some(amount) => fr::euros(amount),
        None => fr::percent(tier.share),
    }
}

/// The words after the quantity: the unit (` patients`; a `%` indicator counts in points), and
/// ` de moins` for a line to lower. French counts under 2 in the singular (`1 patient`,
/// `0,5 point`): `one` asks for that form, which a one-word unit in `s` gets by dropping it.
pub(crate) fn quantity_suffix(indicator: &Indicator, one: bool) -> String {
    let unit = match indicator.unit.as_deref().map(str::trim) {
        Some("%") if one => " point".to_string(),
        Some("%") => " points".to_string(),
        Some(u) if one && !u.contains(' ') && u.chars().count() > 2 && u.ends_with('s') => {
            format!(" {}", &u[..u.len() - 1])
        }
        Some(u) if !u.is_empty() => format!(" {u}"),
        _ => String::new(),
    };
    match indicator.direction {
        Direction::Hausse => unit,
        Direction::Baisse => format!("{unit} de moins"),
    }
}

/// A value a line's value must reach (hausse: at least, baisse: at most), read on the value as
/// the workbook reads it (6 decimals, see `workbook::formulas`), and what reaching it pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// The bound, already rounded the safe way to 6 decimals.
    pub(crate) bound: Decimal,
    /// What reaching it pays, in words (`100 %`, `50 %`, `9 000 €`).
    pub(crate) pays: String,
}

/// Where a line's attainment falls under its seuil, read on the value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Under {
    /// When the value is below this.
    Below(Decimal),
    /// When the value is above this.
    Above(Decimal),
    /// Never.
    Never,
}

/// Where a linear line's seuil `s` reads on the value, for a target `c` (docs/regles.md §5).
pub(crate) fn floor_limit(indicator: &Indicator, c: Decimal, s: Decimal) -> Under {
    match (indicator.baseline, indicator.direction) {
        (Some(v0), Direction::Hausse) => Under::Below(v0 + s * (c - v0)),
        (Some(v0), Direction::Baisse) => Under::Above(v0 - s * (v0 - c)),
        (None, Direction::Hausse) => Under::Below(s * c),
        // c / x < s  ⇔  x > c / s (for x > 0); with s = 0 nothing is below.
        (None, Direction::Baisse) => c.checked_div(s).map_or(Under::Never, Under::Above),
    }
}

/// The smallest 6-decimal number at or above `t`.
pub(crate) fn up6(t: Decimal) -> Decimal {
    t.round_dp_with_strategy(6, RoundingStrategy::ToPositiveInfinity)
}

/// The largest 6-decimal number at or below `t`.
pub(crate) fn down6(t: Decimal) -> Decimal {
    t.round_dp_with_strategy(6, RoundingStrategy::ToNegativeInfinity)
}

/// The bound of `t` in the line's direction: a 6-decimal value reaches `t` when it reaches it.
pub(crate) fn bound(dir: Direction, t: Decimal) -> Decimal {
    match dir {
        Direction::Hausse => up6(t),
        Direction::Baisse => down6(t),
    }
}

fn reaches(dir: Direction, x: Decimal, t: Decimal) -> bool {
    match dir {
        Direction::Hausse => x >= up6(t),
        Direction::Baisse => x <= down6(t),
    }
}

/// The steps of a line whose rule reads a number, easiest first: for each, the value to reach
/// (as written in the contract) and what reaching it pays. The next step of a value is the
/// first one it does not reach (`workbook::missing` writes the same choice as a formula).
pub(crate) fn steps(indicator: &Indicator, terms: &IndicatorYear) -> Vec<(Decimal, String)> {
    let full = |c: Decimal| (c, fr::percent(Decimal::ONE));
    match (indicator.rule, terms.target) {
        (Rule::Binaire, Some(c)) => vec![full(c)],
        (Rule::Lineaire, Some(c)) => {
            let all_or_nothing = match indicator.baseline {
                Some(v0) => v0 == c,
                None => indicator.direction == Direction::Hausse && c.is_zero(),
            };
            let floor = terms.floor.filter(|_| !all_or_nothing).and_then(|s| {
                match floor_limit(indicator, c, s) {
                    Under::Below(l) | Under::Above(l) => Some((l, fr::percent(s))),
                    Under::Never => None,
                }
            });
            floor.into_iter().chain([full(c)]).collect()
        }
        // The least paid tier first: tiers are listed best first.
        (Rule::Paliers, _) => terms
            .tiers
            .iter()
            .rev()
            .map(|t| (t.threshold, tier_pays(t)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The next step of a line whose rule reads a number, for the value `x` (6 decimals): `None`
/// once every step is reached.
pub(crate) fn next_step(indicator: &Indicator, terms: &IndicatorYear, x: Decimal) -> Option<Step> {
    let dir = indicator.direction;
    steps(indicator, terms)
        .into_iter()
        .find(|(t, _)| !reaches(dir, x, *t))
        .map(|(t, pays)| Step {
            bound: bound(dir, t),
            pays,
        })
}

/// The quantity between `x` and a step's bound, rounded up to [`MISSING_DECIMALS`].
pub(crate) fn missing_quantity(dir: Direction, x: Decimal, bound: Decimal) -> Decimal {
    let d = match dir {
        Direction::Hausse => bound - x,
        Direction::Baisse => x - bound,
    };
    d.round_dp_with_strategy(MISSING_DECIMALS, RoundingStrategy::ToPositiveInfinity)
}

/// What a line still lacks for its next step, in words (`12 patients pour 100 %`,
/// `18 pour 50 %`, `30 jours de moins pour 9 000 €`); empty once nothing more can be earned
/// and for a neutralised line; « valeur à saisir » while a number is expected and none is typed.
pub fn still_missing(
    indicator: &Indicator,
    terms: &IndicatorYear,
    observed: Observation,
    neutralised: bool,
) -> String {
    if neutralised {
        return String::new();
    }
    match (indicator.rule, terms.target, observed) {
        (Rule::Binaire, None, Observation::Done(true)) => String::new(),
        (Rule::Binaire, None, _) => DONE_MISSING.into(),
        (Rule::Qualitatif, _, Observation::Quality(Quality::Reached)) => String::new(),
        (Rule::Qualitatif, _, _) => REACHED_MISSING.into(),
        (_, _, Observation::Number(x)) => {
            let x = x.round_dp(6);
            next_step(indicator, terms, x).map_or_else(String::new, |step| {
                let d = missing_quantity(indicator.direction, x, step.bound);
                format!(
                    "{}{} pour {}",
                    fr::decimal(d),
                    quantity_suffix(indicator, d < Decimal::TWO),
                    step.pays
                )
            })
        }
        _ => ENTER_VALUE.into(),
    }
}

/// Why a line's amount is not simply its year weight × attainment, as the workbook's
/// `Explication` column says it: the pro-rata that made the year weight, and the neutralisation
/// (the line's own, or the share of the neutralised lines' weights it carries under `exclu`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AmountContext {
    /// The mission's pro-rata for the year, as numerator and denominator.
    pub(crate) prorata: (Decimal, Decimal),
    /// The line's weight as signed and its year weight.
    pub(crate) weights: (Decimal, Decimal),
    /// The line is neutralised.
    pub(crate) neutralised: bool,
    /// The contract's neutralisation policy.
    pub(crate) policy: NeutralisationPolicy,
    /// The year weights of the mission's lines: all of them, and those not neutralised.
    pub(crate) mission: (Decimal, Decimal),
}

/// The pro-rata part of the explanation, known from the contract alone (empty at a full year):
/// `prorata 9/12 : 6 000,00 € → 4 500,00 €`.
pub(crate) fn prorata_text(prorata: (Decimal, Decimal), weights: (Decimal, Decimal)) -> String {
    let (n, d) = prorata;
    if n == d {
        return String::new();
    }
    format!(
        "prorata {}/{} : {} → {}",
        fr::decimal(n),
        fr::decimal(d),
        fr::euros(weights.0),
        fr::euros(weights.1)
    )
}

/// What a neutralised line says of itself under each policy.
pub(crate) fn neutralised_text(policy: NeutralisationPolicy, all_out: bool) -> &'static str {
    match policy {
        NeutralisationPolicy::Verse => "neutralisé : versé en entier",
        NeutralisationPolicy::Nul => "neutralisé : rien n'est versé",
        NeutralisationPolicy::Exclu if all_out => {
            "neutralisé, comme toute la mission : versé en entier"
        }
        NeutralisationPolicy::Exclu => {
            "neutralisé : son poids est partagé entre les autres lignes de la mission"
        }
    }
}

/// What a line under `exclu` says when it carries a share of neutralised lines' weights,
/// before the factor.
pub(crate) const SHARED: &str = "poids des lignes neutralisées partagé : × ";

/// Decimals the sharing factor is shown with.
pub(crate) const FACTOR_DECIMALS: u32 = 2;

/// The `Explication` of a line: why its amount is not its weight × attainment (empty when it
/// is): `prorata 9/12 : 6 000,00 € → 4 500,00 € ; poids des lignes neutralisées partagé : × 1,25`.
pub(crate) fn amount_explanation(c: AmountContext) -> String {
    let (all, kept) = c.mission;
    let own = match (c.neutralised, c.policy) {
        (true, policy) => neutralised_text(policy, kept.is_zero() && !all.is_zero()).to_string(),
        (false, NeutralisationPolicy::Exclu) if !kept.is_zero() && all != kept => {
            let factor = (all / kept)
                .round_dp(8)
                .round_dp_with_strategy(FACTOR_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
            format!("{SHARED}{}", fr::decimal(factor))
        }
        _ => String::new(),
    };
    let prorata = prorata_text(c.prorata, c.weights);
    match (prorata.is_empty(), own.is_empty()) {
        (false, false) => format!("{prorata} ; {own}"),
        (true, _) => own,
        (false, true) => prorata,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{Nature, Scope};
    use rust_decimal_macros::dec;

    fn line(rule: Rule, dir: Direction, baseline: Option<Decimal>, unit: &str) -> Indicator {
        Indicator {
            code: "X".into(),
            mission: crate::mission::MissionCode::Acces,
            label: String::new(),
            scope: Scope::Local,
            nature: Nature::Resultat,
            rule,
            direction: dir,
            baseline,
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            source: String::new(),
            evidence: vec![],
            years: Default::default(),
        }
    }

    fn terms(target: Option<Decimal>, floor: Option<Decimal>, tiers: &[Tier]) -> IndicatorYear {
        IndicatorYear {
            weight: dec!(18000),
            target,
            floor,
            tiers: tiers.to_vec(),
        }
    }

    fn tier(threshold: i64, share: Decimal, amount: Option<Decimal>) -> Tier {
        Tier {
            threshold: threshold.into(),
            share,
            amount,
        }
    }

    use Direction::{Baisse, Hausse};
    use Observation::Number;

    #[test]
    fn paliers_say_the_tiers_and_the_next_one() {
        let i = line(Rule::Paliers, Baisse, None, "jours");
        let t = terms(
            None,
            None,
            &[tier(340, dec!(1), None), tier(370, dec!(0.5), None)],
        );
        assert_eq!(
            scale_text(&i, &t, dec!(0.5)),
            "≤ 340 → 100 % ; ≤ 370 → 50 %"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(400)), false),
            "30 jours de moins pour 50 %"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(352)), false),
            "12 jours de moins pour 100 %"
        );
        assert_eq!(still_missing(&i, &t, Number(dec!(340)), false), "");
        assert_eq!(
            still_missing(&i, &t, Observation::Missing, false),
            ENTER_VALUE
        );
        assert_eq!(still_missing(&i, &t, Number(dec!(400)), true), "");
    }

    #[test]
    fn tiers_in_euros_say_their_euros() {
        let i = line(Rule::Paliers, Hausse, None, "");
        let t = terms(
            None,
            None,
            &[
                tier(50, dec!(0.5), Some(dec!(9000))),
                tier(20, dec!(0.25), Some(dec!(4500))),
            ],
        );
        assert_eq!(
            scale_text(&i, &t, dec!(0.5)),
            "≥ 50 → 9 000 € ; ≥ 20 → 4 500 €"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(30)), false),
            "20 pour 9 000 €"
        );
        assert_eq!(still_missing(&i, &t, Number(dec!(60)), false), "");
    }

    #[test]
    fn lineaire_says_the_seuil_first_then_the_target() {
        let i = line(Rule::Lineaire, Hausse, None, "patients");
        let t = terms(Some(dec!(40)), Some(dec!(0.5)), &[]);
        assert_eq!(
            scale_text(&i, &t, dec!(0.5)),
            "≥ 40 → 100 %, sinon en proportion ; seuil 50 %"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(18)), false),
            "2 patients pour 50 %"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(28)), false),
            "12 patients pour 100 %"
        );
        assert_eq!(
            still_missing(&i, &t, Number(dec!(38.5)), false),
            "1,5 patient pour 100 %",
            "under 2, French counts in the singular"
        );
        let pct = line(Rule::Lineaire, Baisse, Some(dec!(20)), "%");
        let t = terms(Some(dec!(15)), None, &[]);
        assert_eq!(
            still_missing(&pct, &t, Number(dec!(18.333)), false),
            "3,34 points de moins pour 100 %",
            "rounded up: adding it reaches the step"
        );
        assert_eq!(
            still_missing(&pct, &t, Number(dec!(16)), false),
            "1 point de moins pour 100 %"
        );
    }

    #[test]
    fn choices_say_the_choice_that_pays() {
        let b = line(Rule::Binaire, Hausse, None, "");
        let t = terms(None, None, &[]);
        assert_eq!(scale_text(&b, &t, dec!(0.5)), "Fait → 100 %");
        assert_eq!(
            still_missing(&b, &t, Observation::Missing, false),
            DONE_MISSING
        );
        assert_eq!(still_missing(&b, &t, Observation::Done(true), false), "");
        let q = line(Rule::Qualitatif, Hausse, None, "");
        assert_eq!(
            scale_text(&q, &t, dec!(0.5)),
            "Atteint → 100 % ; Partiellement → 50 %"
        );
        assert_eq!(
            still_missing(&q, &t, Observation::Quality(Quality::Partial), false),
            REACHED_MISSING
        );
    }

    #[test]
    fn an_amount_says_its_prorata_and_the_share_it_carries() {
        let c = AmountContext {
            prorata: (dec!(9), dec!(12)),
            weights: (dec!(6000), dec!(4500)),
            neutralised: false,
            policy: NeutralisationPolicy::Exclu,
            mission: (dec!(10000), dec!(8000)),
        };
        assert_eq!(
            amount_explanation(c),
            "prorata 9/12 : 6 000,00 € → 4 500,00 € ; poids des lignes neutralisées partagé : × 1,25"
        );
        let whole = AmountContext {
            prorata: (dec!(1), dec!(1)),
            mission: (dec!(10000), dec!(10000)),
            ..c
        };
        assert_eq!(amount_explanation(whole), "");
        let out = AmountContext {
            neutralised: true,
            policy: NeutralisationPolicy::Nul,
            ..whole
        };
        assert_eq!(amount_explanation(out), "neutralisé : rien n'est versé");
    }
}
