//! The checks a careful reader of the annex makes (README, « Le contrat »): a target or a tier
//! on the wrong side of the baseline for the line's direction (reached without any progress),
//! a target or a tier no value can ever reach (values are never negative), and a mission-year
//! whose envelope no line can earn.

use super::Checker;
use crate::contract::file::{Direction, IndicatorFile, IndicatorYearFile, MissionFile, Rule};
use crate::contract::{Indicator, Mission, Terms, add_years};
use crate::finding::{Code, Severity};
use crate::fr::euros;
use crate::mission::Part;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use toml::Spanned;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// The target and the tiers of one line-year, against the values a line can take and its
/// baseline. A linear target on the wrong side is an error of `check_linear`: its attainment
/// would run backwards. Elsewhere a value reached at the baseline is a warning: the line pays
/// without any progress, which an annex may mean (keep the level) but usually does not.
pub(super) fn check_line(ck: &mut Checker, i: &IndicatorFile, what: &str, y: &IndicatorYearFile) {
    let dir = i.direction;
    let percentage = i.unit.as_deref().map(str::trim) == Some("%");
    let baseline = i.baseline.as_ref().map(|b| *b.get_ref());
    if let Some(target) = &y.target {
        let c = *target.get_ref();
        let done = unreachable(ck, dir, percentage, target, &format!("{what}, cible"));
        if !done
            && matches!(i.rule, Rule::Binaire | Rule::Paliers)
            && let Some(v0) = baseline.filter(|v0| beyond(dir, c, *v0))
        {
            let msg = format!(
                "{what} : la cible {} est déjà atteinte à la valeur initiale ({}) pour un \
                 indicateur en {} : la ligne paierait sans aucun progrès",
                c.normalize(),
                v0.normalize(),
                sens(dir)
            );
            ck.problem(Code::ContractTargetDirection, Some(target.span()), msg);
        }
    }
    let Some(tiers) = y.tiers.as_ref().filter(|_| i.rule == Rule::Paliers) else {
        return;
    };
    let mut warned = false;
    for (k, t) in tiers.get_ref().iter().enumerate() {
        let label = format!("{what}, palier {}", k + 1);
        let done = unreachable(ck, dir, percentage, &t.seuil, &label);
        let s = *t.seuil.get_ref();
        if let Some(v0) = baseline.filter(|v0| !done && !warned && beyond(dir, s, *v0)) {
            warned = true;
            let msg = format!(
                "{label} : le seuil {} est déjà atteint à la valeur initiale ({}) pour un \
                 indicateur en {} : ce palier paierait sans aucun progrès",
                s.normalize(),
                v0.normalize(),
                sens(dir)
            );
            ck.problem(Code::ContractTargetDirection, Some(t.seuil.span()), msg);
        }
    }
}

/// Whether `value` is strictly on the side of the baseline `v0` that is already reached.
fn beyond(dir: Direction, value: Decimal, v0: Decimal) -> bool {
    match dir {
        Direction::Hausse => value < v0,
        Direction::Baisse => value > v0,
    }
}

fn sens(dir: Direction) -> &'static str {
    match dir {
        Direction::Hausse => "hausse",
        Direction::Baisse => "baisse",
    }
}

/// A target or a threshold no observed value can reach: below 0 in baisse (an error, the line
/// could never be paid for it), above 100 for a percentage in hausse (a warning: a rate may
/// exceed 100 %, a share of patients cannot). Whether one was reported.
fn unreachable(
    ck: &mut Checker,
    dir: Direction,
    percentage: bool,
    at: &Spanned<Decimal>,
    what: &str,
) -> bool {
    let v = *at.get_ref();
    match dir {
        Direction::Baisse if v < Decimal::ZERO => {
            let msg = format!(
                "{what} : {} en baisse ne peut jamais être atteint, une valeur observée n'étant \
                 jamais négative",
                v.normalize()
            );
            ck.problem(Code::ContractUnreachable, Some(at.span()), msg);
            true
        }
        Direction::Hausse if percentage && v > HUNDRED => {
            let msg = format!(
                "{what} : {} % en hausse n'est atteint que si l'indicateur dépasse 100 %",
                crate::fr::decimal(v)
            );
            ck.problem(Code::ContractUnreachable, Some(at.span()), msg)
                .severity = Severity::Warning;
            true
        }
        _ => false,
    }
}

/// One warning per mission with a variable envelope, started, and without any line in a year
/// whose annex is written (some line of another mission is in force that year): its envelope
/// counts in the year's maximum but cannot be earned. A year without any line at all is an
/// annex not yet negotiated, not a mistake.
pub(super) fn unreachable_envelopes(
    ck: &mut Checker,
    files: &[Spanned<MissionFile>],
    missions: &[Mission],
    indicators: &[Indicator],
    terms: &Terms,
) {
    let written: BTreeSet<u32> = indicators
        .iter()
        .flat_map(|i| i.years.keys().copied())
        .collect();
    for year in written {
        let end = add_years(terms.signature, year)
            .pred_opt()
            .unwrap_or(terms.signature);
        for m in missions {
            let envelope = m.annual(Part::Variable);
            let has_line = indicators
                .iter()
                .any(|i| i.mission == m.code && i.years.contains_key(&year));
            if !m.code.has_variable() || envelope.is_zero() || m.start > end || has_line {
                continue;
            }
            let span = files
                .iter()
                .map(Spanned::get_ref)
                .find(|f| *f.code.get_ref() == m.code)
                .map(|f| f.code.span());
            let msg = format!(
                "mission « {} », année {year} : aucune ligne d'indicateur alors que l'annexe de \
                 l'année en compte pour d'autres missions ; son enveloppe variable ({} par an) \
                 compte dans le maximum mais ne peut pas être obtenue",
                m.code,
                euros(envelope)
            );
            ck.problem(Code::VariableUnreachable, span, msg);
        }
    }
}
