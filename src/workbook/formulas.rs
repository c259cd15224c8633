//! The formulas of the `Indicateurs` table: each line's rule, written out for Excel.
//!
//! Every formula reads only its own row (relative references) plus absolute ranges over the
//! whole table, so sorting, filtering or inserting rows keeps it right. Line-specific constants
//! (tiers, floor, pro-rata) are written into the formula, so they travel with the row.
//! A choice typed in a cell (`Oui`, `Fait`, `Atteint`…) is compared as the engine reads it
//! (`check::normalise::choice`): case ignored, spaces around and doubled spaces ignored.
//! These formulas mirror [`crate::funding`] exactly; a LibreOffice test checks they agree.

use super::layout::{DONE_CHOICES, INDICATORS, QUALITY_CHOICES, ind};
use crate::contract::{Contract, Direction, Line, NeutralisationPolicy, Rule, Tier};
use crate::money::Fraction;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::utility::{column_number_to_name, row_col_to_cell};

/// Where a row sits in the table: its own row and the span of data rows (all 0-based).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowRefs {
    /// This row.
    pub row: u32,
    /// First data row of the table.
    pub first: u32,
    /// Last data row of the table.
    pub last: u32,
}

impl RowRefs {
    /// `K5`: this row's cell in a column.
    pub(crate) fn cell(&self, column: &str) -> String {
        row_col_to_cell(self.row, INDICATORS.col(column))
    }

    /// `$J$5:$J$40`: a column over every data row.
    fn range(&self, column: &str) -> String {
        let name = column_number_to_name(INDICATORS.col(column));
        format!("${name}${}:${name}${}", self.first + 1, self.last + 1)
    }

    /// Whether this row is neutralised: its `Neutralisé` cell reads `Oui`.
    pub(crate) fn neutralised(&self) -> String {
        is_choice(&self.cell(ind::NEUTRALISED), "Oui")
    }

    /// Sum of the year weights of this row's mission (`Y`).
    pub(crate) fn mission_year_weights(&self) -> String {
        format!(
            "SUMIFS({},{},{})",
            self.range(ind::YEAR_WEIGHT),
            self.range(ind::MISSION),
            self.cell(ind::MISSION)
        )
    }

    /// Sum of the year weights of this row's mission over the lines not neutralised (`Y'`).
    /// A `SUMIFS` criterion cannot trim a cell, hence the product: `Oui` read as everywhere.
    pub(crate) fn kept_year_weights(&self) -> String {
        let neutralised = self.range(ind::NEUTRALISED);
        format!(
            "SUMPRODUCT({}*({}={})*({}<>\"OUI\"))",
            self.range(ind::YEAR_WEIGHT),
            self.range(ind::MISSION),
            self.cell(ind::MISSION),
            choice_key(&neutralised)
        )
    }
}

/// A typed choice as compared: trimmed (spaces around and doubled spaces dropped, as `TRIM`
/// does) and in capitals, since LibreOffice may compare text case-sensitively where Excel never
/// does. Works on one cell or, inside `SUMPRODUCT`, on a range.
fn choice_key(cell: &str) -> String {
    format!("UPPER(TRIM({cell}))")
}

/// Whether `cell` holds `choice`, typed in any case and with stray spaces.
pub(crate) fn is_choice(cell: &str, choice: &str) -> String {
    format!("{}=\"{}\"", choice_key(cell), choice.to_uppercase())
}

/// A number as a formula literal.
pub(crate) fn num(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Decimals a realised value is read with, here and in the engine's reading.
pub(crate) const VALUE_DECIMALS: u32 = crate::contract::MAX_VALUE_DECIMALS;

/// Why these formulas equal the engine on binary floating point (Excel and LibreOffice alike):
/// - the value is read as `ROUND(x;6)`, the double nearest to the 6-decimal value the engine
///   reads, and out of range values (negative, a billion or more) count as 0, as in the engine;
/// - a seuil is never compared as a ratio: `a < s` is turned into a comparison of the value
///   with a threshold `T`, written as a 6-decimal literal rounded the right way (`x < T` is
///   `x < ⌈T⌉₆` for a 6-decimal `x`), which doubles compare exactly;
/// - a difference of values is snapped back to 6 decimals before dividing, so no cancellation
///   error reaches the ratio;
/// - the amount is snapped to 8 decimals before the rounding to the cent, so that an exact half
///   cent (1 281.805) is not seen as 1 281.80499999…: a line weighs under a million euros, so
///   the product's error stays far below that snap. The year weight is snapped the same way:
///   weight × n / d (d ≤ 366) is either on a half cent or at least 1/(200 d) away from one.
pub(crate) struct Value {
    /// The cell as typed (`K5`).
    pub(crate) cell: String,
    /// The number the engine reads from it.
    pub(crate) expr: String,
}

impl Value {
    /// The value of a line's `Réalisé` cell on its row.
    pub(crate) fn of(line: Line<'_>, at: &RowRefs) -> Value {
        let cell = at.cell(ind::OBSERVED);
        // A percentage typed in a `%` indicator (`56,2 %` is stored 0.562 with a percent format)
        // means 56.2 points, as the engine reads it.
        let typed = if line.indicator.is_percentage() {
            format!("IF(LEFT(CELL(\"format\",{cell}),1)=\"P\",{cell}*100,{cell})")
        } else {
            cell.clone()
        };
        let expr = format!("ROUND({typed},{VALUE_DECIMALS})");
        Value { cell, expr }
    }

    /// `expr` where the value is a number the engine reads, else 0.
    fn guard(&self, expr: String) -> String {
        format!(
            "IF(ISNUMBER({c}),IF(AND({x}>=0,{x}<{max}),{expr},0),0)",
            c = self.cell,
            x = self.expr,
            max = num(crate::contract::MAX_VALUE)
        )
    }

    /// `x < t`, exact for a 6-decimal value.
    fn below(&self, t: Decimal) -> String {
        format!("{}<{}", self.expr, num(up6(t)))
    }

    /// `x > t`, exact for a 6-decimal value.
    fn above(&self, t: Decimal) -> String {
        format!("{}>{}", self.expr, num(down6(t)))
    }

    /// Whether the value reaches `t` in the line's direction: not below it (hausse), not above
    /// it (baisse).
    pub(crate) fn reaches(&self, dir: Direction, t: Decimal) -> String {
        match dir {
            Direction::Hausse => format!("{}>={}", self.expr, num(up6(t))),
            Direction::Baisse => format!("{}<={}", self.expr, num(down6(t))),
        }
    }
}

/// The smallest 6-decimal number at or above `t`: for a 6-decimal `x`, `x < t ⇔ x < up6(t)`.
fn up6(t: Decimal) -> Decimal {
    t.round_dp_with_strategy(VALUE_DECIMALS, RoundingStrategy::ToPositiveInfinity)
}

/// The largest 6-decimal number at or below `t`: for a 6-decimal `x`, `x > t ⇔ x > down6(t)`.
fn down6(t: Decimal) -> Decimal {
    t.round_dp_with_strategy(VALUE_DECIMALS, RoundingStrategy::ToNegativeInfinity)
}

/// The `Atteinte` formula of a line (without the leading `=`).
pub(crate) fn attainment(contract: &Contract, line: Line<'_>, at: RowRefs) -> String {
    let neutralised = match contract.terms.neutralisation {
        NeutralisationPolicy::Verse => "1".to_string(),
        NeutralisationPolicy::Nul => "0".to_string(),
        // Under `exclu` a neutralised line is paid in full only when no paid line of its
        // mission is left (the mission then gets its whole envelope).
        NeutralisationPolicy::Exclu => format!(
            "IF(AND({}=0,{}<>0),1,0)",
            at.kept_year_weights(),
            at.mission_year_weights()
        ),
    };
    format!(
        "IF({},{neutralised},{})",
        at.neutralised(),
        rule(contract, line, at)
    )
}

fn rule(contract: &Contract, line: Line<'_>, at: RowRefs) -> String {
    let x = Value::of(line, &at);
    let (dir, terms) = (line.indicator.direction, line.terms);
    let all_or_nothing = |c: Decimal| x.guard(format!("IF({},1,0)", x.reaches(dir, c)));
    match (line.indicator.rule, terms.target) {
        (Rule::Binaire, Some(c)) => all_or_nothing(c),
        (Rule::Binaire, None) => format!("IF({},1,0)", is_choice(&x.cell, DONE_CHOICES[0])),
        (Rule::Qualitatif, _) => format!(
            "IF({},1,IF({},{},0))",
            is_choice(&x.cell, QUALITY_CHOICES[0]),
            is_choice(&x.cell, QUALITY_CHOICES[1]),
            num(contract.terms.partial_share),
        ),
        (Rule::Paliers, _) => {
            // Tiers are sorted best first: the first one reached pays.
            let nested = terms
                .tiers
                .iter()
                .rev()
                .fold("0".to_string(), |otherwise, tier| {
                    format!(
                        "IF({},{},{otherwise})",
                        x.reaches(dir, tier.threshold),
                        tier_share(tier, terms.weight)
                    )
                });
            x.guard(nested)
        }
        (Rule::Lineaire, target) => {
            let c = target.unwrap_or_default();
            let (v, t) = (at.cell(ind::BASELINE), at.cell(ind::TARGET));
            let snap = |e: String| format!("ROUND({e},{VALUE_DECIMALS})");
            let clamp = |e: String| format!("MAX(0,MIN(1,{e}))");
            let xe = &x.expr;
            // The ratio, and how a seuil `s` reads on the value itself.
            let (ratio, seuil): (String, fn(Decimal, Decimal, Decimal) -> Under) =
                match (line.indicator.baseline, dir) {
                    (Some(v0), _) if v0 == c => return all_or_nothing(c),
                    (Some(_), Direction::Hausse) => (
                        clamp(format!(
                            "{}/{}",
                            snap(format!("{xe}-{v}")),
                            snap(format!("{t}-{v}"))
                        )),
                        |s, v0, c| Under::Below(v0 + s * (c - v0)),
                    ),
                    (Some(_), Direction::Baisse) => (
                        clamp(format!(
                            "{}/{}",
                            snap(format!("{v}-{xe}")),
                            snap(format!("{v}-{t}"))
                        )),
                        |s, v0, c| Under::Above(v0 - s * (v0 - c)),
                    ),
                    (None, Direction::Hausse) if c.is_zero() => return all_or_nothing(c),
                    (None, Direction::Hausse) => {
                        (clamp(format!("{xe}/{t}")), |s, _, c| Under::Below(s * c))
                    }
                    // c / x < s  ⇔  x > c / s (for x > 0); with s = 0 nothing is below.
                    (None, Direction::Baisse) => (
                        format!("IF({xe}=0,1,{})", clamp(format!("{t}/{xe}"))),
                        |s, _, c| c.checked_div(s).map_or(Under::Never, Under::Above),
                    ),
                };
            let v0 = line.indicator.baseline.unwrap_or_default();
            match terms.floor.map(|s| seuil(s, v0, c)) {
                Some(Under::Below(limit)) => x.guard(format!("IF({},0,{ratio})", x.below(limit))),
                Some(Under::Above(limit)) => x.guard(format!("IF({},0,{ratio})", x.above(limit))),
                Some(Under::Never) | None => x.guard(ratio),
            }
        }
    }
}

/// What a tier pays, as a share of the weight: its `part`, or for a tier in euros the quotient
/// `montant/poids` itself, written as a division so that the amount (year weight × share) is
/// the euros to the cent at a pro-rata of 1: weight × (montant / weight) is montant within an
/// ulp, which the snap of the amount to 8 decimals removes.
fn tier_share(tier: &Tier, weight: Decimal) -> String {
    match tier.amount {
        Some(amount) if !weight.is_zero() => format!("{}/{}", num(amount), num(weight)),
        _ => num(tier.share),
    }
}

/// Where a line's attainment falls under its seuil, read on the value itself.
enum Under {
    /// When the value is below this.
    Below(Decimal),
    /// When the value is above this.
    Above(Decimal),
    /// Never.
    Never,
}

/// The `Poids de l'année (€)` formula of a line: its weight × the mission's pro-rata, rounded
/// to the cent (snapped to 8 decimals first: the exact product is never that close to a half
/// cent without being on it, see `Value`).
pub(crate) fn year_weight(prorata: Fraction, at: RowRefs) -> String {
    let (n, d) = prorata.parts();
    let weight = at.cell(ind::WEIGHT);
    if n == d {
        weight
    } else {
        format!("ROUND(ROUND({weight}*{}/{},8),2)", num(n), num(d))
    }
}

/// The `Montant (€)` formula of a line: year weight × attainment × neutralisation scale,
/// snapped to 8 decimals then rounded to the cent (see `Value`).
pub(crate) fn amount(contract: &Contract, at: RowRefs) -> String {
    let mut product = format!("{}*{}", at.cell(ind::YEAR_WEIGHT), at.cell(ind::ATTAINMENT));
    if contract.terms.neutralisation == NeutralisationPolicy::Exclu {
        let kept = format!("ROUND({},2)", at.kept_year_weights());
        product.push_str(&format!(
            "*IF({},1,IF({kept}=0,1,ROUND({},2)/{kept}))",
            at.neutralised(),
            at.mission_year_weights()
        ));
    }
    format!("ROUND(ROUND({product},8),2)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Indicator;
    use std::path::Path;

    fn contract() -> Contract {
        Contract::load(Path::new("samples/contrat-reference.toml")).unwrap()
    }

    fn formula_of(code: &str) -> String {
        let c = contract();
        let line = c
            .lines(2)
            .into_iter()
            .find(|l| l.indicator.code == code)
            .unwrap();
        attainment(
            &c,
            line,
            RowRefs {
                row: 4,
                first: 4,
                last: 10,
            },
        )
    }

    #[test]
    fn each_rule_reads_its_own_row() {
        let guard = "IF(ISNUMBER(L5),IF(AND(ROUND(L5,6)>=0,ROUND(L5,6)<1000000000),";
        let a1 = formula_of("A1");
        assert!(
            a1.ends_with(&format!(
                "{guard}IF(ROUND(L5,6)<=300,1,IF(ROUND(L5,6)<=350,0.5,0)),0),0))"
            )),
            "{a1}"
        );
        let a2 = formula_of("A2");
        assert!(
            a2.ends_with(&format!(
                "{guard}MAX(0,MIN(1,ROUND(H5-ROUND(L5,6),6)/ROUND(H5-I5,6))),0),0))"
            )),
            "{a2}"
        );
        let a3 = formula_of("A3");
        assert!(
            a3.ends_with(&format!("{guard}MAX(0,MIN(1,ROUND(L5,6)/I5)),0),0))")),
            "{a3}"
        );
        assert!(formula_of("A4").ends_with(",IF(UPPER(TRIM(L5))=\"FAIT\",1,0))"));
        // The seuil 0.5 of 60 without baseline is read on the value: below 30, nothing.
        let p2 = formula_of("P2");
        assert!(
            p2.ends_with(&format!(
                "{guard}IF(ROUND(L5,6)<30,0,MAX(0,MIN(1,ROUND(L5,6)/I5))),0),0))"
            )),
            "{p2}"
        );
    }

    #[test]
    fn a_percentage_indicator_reads_a_typed_percentage_in_points() {
        let text = std::fs::read_to_string("samples/contrat-reference.toml")
            .unwrap()
            .replace("unite = \"médecins\"", "unite = \"%\"");
        let c = Contract::parse(&text, Path::new("t.toml")).unwrap();
        let line = c
            .lines(2)
            .into_iter()
            .find(|l| l.indicator.code == "A3")
            .unwrap();
        let at = RowRefs {
            row: 4,
            first: 4,
            last: 10,
        };
        let f = attainment(&c, line, at);
        assert!(
            f.contains("ROUND(IF(LEFT(CELL(\"format\",L5),1)=\"P\",L5*100,L5),6)"),
            "{f}"
        );
        assert!(
            !formula_of("A3").contains("CELL("),
            "only % indicators look at the format"
        );
    }

    #[test]
    fn seuil_thresholds_are_rounded_to_six_decimals_the_safe_way() {
        assert_eq!(up6(Decimal::new(1234567, 7)), Decimal::new(123457, 6));
        assert_eq!(down6(Decimal::new(1234567, 7)), Decimal::new(123456, 6));
        assert_eq!(up6(Decimal::new(65_85, 2)), Decimal::new(65_85, 2));
    }

    #[test]
    fn neutralisation_under_exclu_checks_the_mission_year_weights() {
        let f = formula_of("A1");
        assert!(
            f.starts_with(
                "IF(UPPER(TRIM(O5))=\"OUI\",IF(AND(SUMPRODUCT($K$5:$K$11*($B$5:$B$11=B5)\
                 *(UPPER(TRIM($O$5:$O$11))<>\"OUI\"))=0,SUMIFS($K$5:$K$11,$B$5:$B$11,B5)<>0),1,0),"
            ),
            "{f}"
        );
    }

    #[test]
    fn choices_are_read_in_any_case_and_with_stray_spaces() {
        let c = contract();
        let q = Line {
            indicator: &Indicator {
                rule: Rule::Qualitatif,
                ..c.indicators[0].clone()
            },
            terms: c.lines(2)[0].terms,
        };
        let f = attainment(
            &c,
            q,
            RowRefs {
                row: 4,
                first: 4,
                last: 10,
            },
        );
        assert!(
            f.ends_with(
                "IF(UPPER(TRIM(L5))=\"ATTEINT\",1,\
                 IF(UPPER(TRIM(L5))=\"PARTIELLEMENT ATTEINT\",0.5,0)))"
            ),
            "{f}"
        );
    }

    #[test]
    fn year_weight_is_the_weight_pro_rated_and_rounded() {
        let at = RowRefs {
            row: 6,
            first: 4,
            last: 10,
        };
        assert_eq!(
            year_weight(Fraction::new(9.into(), 12.into()), at),
            "ROUND(ROUND(J7*9/12,8),2)"
        );
        assert_eq!(year_weight(Fraction::ONE, at), "J7");
    }

    #[test]
    fn amount_applies_the_scale_to_the_year_weight() {
        let c = contract();
        let f = amount(
            &c,
            RowRefs {
                row: 6,
                first: 4,
                last: 10,
            },
        );
        assert_eq!(
            f,
            "ROUND(ROUND(K7*Q7*IF(UPPER(TRIM(O7))=\"OUI\",1,\
             IF(ROUND(SUMPRODUCT($K$5:$K$11*($B$5:$B$11=B7)*(UPPER(TRIM($O$5:$O$11))<>\"OUI\")),2)=0,1,\
             ROUND(SUMIFS($K$5:$K$11,$B$5:$B$11,B7),2)\
             /ROUND(SUMPRODUCT($K$5:$K$11*($B$5:$B$11=B7)*(UPPER(TRIM($O$5:$O$11))<>\"OUI\")),2))),8),2)"
        );
        assert!(!f.contains("/12"), "the pro-rata is in the year weight");
    }
}
