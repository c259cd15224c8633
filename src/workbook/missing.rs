//! The `Il manque` formula of a line: what its value still lacks for the next step, in words,
//! live; and its `Explication`: why its amount is not its year weight × attainment. It writes [`crate::funding::explain::still_missing`] as a formula; a LibreOffice test
//! checks that both give the same text.
//!
//! The quantity is written out by the formula itself, digit by digit, rather than with `TEXT`
//! or `FIXED`, whose format codes and separators follow the spreadsheet's language: the text
//! reads `1 250,5` in a French, an English or any other Excel or LibreOffice.

use super::formulas::{RowRefs, Value, is_choice, num};
use super::layout::{DONE_CHOICES, QUALITY_CHOICES};
use crate::contract::{Direction, Line, NeutralisationPolicy, Rule};
use crate::funding::explain::{
    DONE_MISSING, ENTER_VALUE, FACTOR_DECIMALS, MISSING_DECIMALS, REACHED_MISSING, SHARED, bound,
    neutralised_text, prorata_text, quantity_suffix, steps,
};
use crate::money::Fraction;
use rust_decimal::Decimal;

/// A text as a formula literal.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The `Il manque` formula of a line (without the leading `=`).
pub(crate) fn still_missing(line: Line<'_>, at: RowRefs) -> String {
    let x = Value::of(line, &at);
    let body = match (line.indicator.rule, line.terms.target) {
        (Rule::Binaire, None) => format!(
            "IF({},\"\",{})",
            is_choice(&x.cell, DONE_CHOICES[0]),
            quoted(DONE_MISSING)
        ),
        (Rule::Qualitatif, _) => format!(
            "IF({},\"\",{})",
            is_choice(&x.cell, QUALITY_CHOICES[0]),
            quoted(REACHED_MISSING)
        ),
        _ => format!(
            "IF(ISNUMBER({}),{},{})",
            x.cell,
            next_step(line, &x),
            quoted(ENTER_VALUE)
        ),
    };
    format!("IF({},\"\",{body})", at.neutralised())
}

/// The words of the first step the value does not reach, or nothing when it reaches them all.
fn next_step(line: Line<'_>, x: &Value) -> String {
    let dir = line.indicator.direction;
    let steps = steps(line.indicator, line.terms);
    let Some((last_threshold, last_pays)) = steps.last() else {
        return "\"\"".into();
    };
    let reached: Vec<String> = steps.iter().map(|(t, _)| x.reaches(dir, *t)).collect();
    // The bound and the words of the first step not reached, as nested IFs; the last step is
    // the fallback (it is the one not reached when every earlier one is).
    let pick = |of: &dyn Fn(&(rust_decimal::Decimal, String)) -> String, last: String| {
        steps
            .iter()
            .zip(&reached)
            .rev()
            .skip(1)
            .fold(last, |otherwise, (step, r)| {
                format!("IF(NOT({r}),{},{otherwise})", of(step))
            })
    };
    let bound_of = |(t, _): &(rust_decimal::Decimal, String)| num(bound(dir, *t));
    let pays_of = |(_, pays): &(rust_decimal::Decimal, String)| quoted(pays);
    let target = pick(&bound_of, num(bound(dir, *last_threshold)));
    let pays = pick(&pays_of, quoted(last_pays));
    let difference = match dir {
        Direction::Hausse => format!("{target}-{}", x.expr),
        Direction::Baisse => format!("{}-{target}", x.expr),
    };
    let suffix = |one| quoted(&format!("{} pour ", quantity_suffix(line.indicator, one)));
    let (one, many) = (suffix(true), suffix(false));
    let words = if one == many {
        many
    } else {
        format!("IF({}<2,{one},{many})", rounded_quantity(&difference))
    };
    format!(
        "IF(AND({}),\"\",{}&{words}&{})",
        reached.join(","),
        french_quantity(&difference),
        pays
    )
}

/// The quantity `expr` (at least 0 and under a billion), rounded up to two decimals, written
/// in French: `1 250,5`, `12`, `0,25`.
fn french_quantity(expr: &str) -> String {
    french_number(&rounded_quantity(expr))
}

/// The quantity `expr` as the engine counts it: rounded up to two decimals.
fn rounded_quantity(expr: &str) -> String {
    format!("ROUNDUP(ROUND({expr},6),{MISSING_DECIMALS})")
}

/// A number `d` with at most two decimals (at least 0 and under a billion), written in French.
fn french_number(d: &str) -> String {
    let i = format!("INT({d})");
    let f = format!("ROUND(({d}-{i})*100,0)");
    let group = |e: String| format!("RIGHT(\"00\"&{e},3)");
    let whole = format!(
        "IF({i}>=1000000,INT({i}/1000000)&\" \"&{}&\" \"&{},IF({i}>=1000,INT({i}/1000)&\" \"&{},{i}&\"\"))",
        group(format!("INT(MOD({i},1000000)/1000)")),
        group(format!("MOD({i},1000)")),
        group(format!("MOD({i},1000)")),
    );
    let fraction = format!("IF({f}=0,\"\",\",\"&IF(MOD({f},10)=0,{f}/10,RIGHT(\"0\"&{f},2)))");
    format!("{whole}&{fraction}")
}

/// The `Explication` formula of a line (without the leading `=`): the pro-rata that made its
/// year weight, written from the contract, and live, the neutralisation: the line's own, or
/// under `exclu` the factor by which it carries the neutralised lines' weights. It writes
/// [`crate::funding::explain::amount_explanation`] as a formula.
pub(crate) fn amount_explanation(
    policy: NeutralisationPolicy,
    prorata: Fraction,
    weights: (Decimal, Decimal),
    at: RowRefs,
) -> String {
    let before = prorata_text(prorata.parts(), weights);
    let sep = if before.is_empty() { "" } else { " ; " };
    let with = |own: &str| quoted(&format!("{before}{sep}{own}"));
    let neutralised = at.neutralised();
    match policy {
        NeutralisationPolicy::Exclu => {
            let kept = format!("ROUND({},2)", at.kept_year_weights());
            let all = format!("ROUND({},2)", at.mission_year_weights());
            format!(
                "IF({neutralised},IF(AND({kept}=0,{all}<>0),{},{}),\
                 IF(OR({kept}=0,{all}={kept}),{},{}&{}))",
                with(neutralised_text(policy, true)),
                with(neutralised_text(policy, false)),
                quoted(&before),
                with(SHARED),
                french_number(&format!("ROUND(ROUND({all}/{kept},8),{FACTOR_DECIMALS})")),
            )
        }
        _ => format!(
            "IF({neutralised},{},{})",
            with(neutralised_text(policy, false)),
            quoted(&before)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Contract;
    use std::path::Path;

    #[test]
    fn every_line_of_the_reference_contract_has_a_formula_excel_accepts() {
        let c = Contract::load(Path::new("samples/contrat-reference.toml")).unwrap();
        let at = RowRefs {
            row: 4,
            first: 4,
            last: 40,
        };
        for line in c.lines(2) {
            let f = still_missing(line, at);
            assert!(
                f.len() < 8000,
                "{}: {} characters",
                line.indicator.code,
                f.len()
            );
            assert_eq!(f.matches('(').count(), f.matches(')').count());
        }
    }
}
