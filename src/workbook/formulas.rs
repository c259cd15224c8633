//! The formulas of the `Indicateurs` table: each line's rule, written out for Excel.
//!
//! Every formula reads only its own row (relative references) plus absolute ranges over the
//! whole table, so sorting, filtering or inserting rows keeps it right. Line-specific constants
//! (tiers, floor, pro-rata) are written into the formula, so they travel with the row.
//! These formulas mirror [`crate::funding`] exactly; a LibreOffice test checks they agree.

use super::layout::{INDICATORS, ind};
use crate::contract::{Contract, Direction, Line, NeutralisationPolicy, Rule};
use crate::money::Fraction;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::{column_number_to_name, row_col_to_cell};

/// Where a row sits in the table: its own row and the span of data rows (all 0-based).
#[derive(Debug, Clone, Copy)]
pub struct RowRefs {
    /// This row.
    pub row: u32,
    /// First data row of the table.
    pub first: u32,
    /// Last data row of the table.
    pub last: u32,
}

impl RowRefs {
    /// `K5`: this row's cell in a column.
    fn cell(&self, column: &str) -> String {
        row_col_to_cell(self.row, INDICATORS.col(column))
    }

    /// `$J$5:$J$40`: a column over every data row.
    fn range(&self, column: &str) -> String {
        let name = column_number_to_name(INDICATORS.col(column));
        format!("${name}${}:${name}${}", self.first + 1, self.last + 1)
    }

    /// Sum of the weights of this row's mission, optionally only the lines not neutralised.
    fn mission_weights(&self, kept_only: bool) -> String {
        let mut f = format!(
            "SUMIFS({},{},{}",
            self.range(ind::WEIGHT),
            self.range(ind::MISSION),
            self.cell(ind::MISSION)
        );
        if kept_only {
            f.push_str(&format!(",{},\"<>Oui\"", self.range(ind::NEUTRALISED)));
        }
        f.push(')');
        f
    }
}

fn num(value: Decimal) -> String {
    value.normalize().to_string()
}

/// The `Atteinte` formula of a line (without the leading `=`).
pub fn attainment(contract: &Contract, line: Line<'_>, at: RowRefs) -> String {
    let neutralised = match contract.terms.neutralisation {
        NeutralisationPolicy::Verse => "1".to_string(),
        NeutralisationPolicy::Nul => "0".to_string(),
        // Under `exclu` a neutralised line is paid in full only when no paid line of its
        // mission is left (the mission then gets its whole envelope).
        NeutralisationPolicy::Exclu => format!(
            "IF(AND({}=0,{}<>0),1,0)",
            at.mission_weights(true),
            at.mission_weights(false)
        ),
    };
    format!(
        "IF({}=\"Oui\",{neutralised},{})",
        at.cell(ind::NEUTRALISED),
        rule(contract, line, at)
    )
}

fn rule(contract: &Contract, line: Line<'_>, at: RowRefs) -> String {
    let x = at.cell(ind::OBSERVED);
    let c = at.cell(ind::TARGET);
    let v0 = at.cell(ind::BASELINE);
    let (dir, terms) = (line.indicator.direction, line.terms);
    let reaches = |x: &str, c: &str| match dir {
        Direction::Hausse => format!("{x}>={c}"),
        Direction::Baisse => format!("{x}<={c}"),
    };
    let numeric = |expr: String| format!("IF(ISNUMBER({x}),{expr},0)");
    let all_or_nothing = || numeric(format!("IF({},1,0)", reaches(&x, &c)));
    match line.indicator.rule {
        Rule::Binaire if terms.target.is_some() => all_or_nothing(),
        Rule::Binaire => format!("IF({x}=\"Fait\",1,0)"),
        Rule::Qualitatif => format!(
            "IF({x}=\"Atteint\",1,IF({x}=\"Partiellement atteint\",{},0))",
            num(contract.terms.partial_share)
        ),
        Rule::Paliers => {
            let nested = terms
                .tiers
                .iter()
                .rev()
                .fold("0".to_string(), |otherwise, tier| {
                    format!(
                        "IF({},{},{otherwise})",
                        reaches(&x, &num(tier.threshold)),
                        num(tier.share)
                    )
                });
            numeric(nested)
        }
        Rule::Lineaire => {
            let target = terms.target.unwrap_or_default();
            let clamp = |e: String| format!("MAX(0,MIN(1,{e}))");
            let a = match (line.indicator.baseline, dir) {
                (Some(b), _) if b == target => return all_or_nothing(),
                (Some(_), Direction::Hausse) => clamp(format!("({x}-{v0})/({c}-{v0})")),
                (Some(_), Direction::Baisse) => clamp(format!("({v0}-{x})/({v0}-{c})")),
                (None, Direction::Hausse) if target.is_zero() => return all_or_nothing(),
                (None, Direction::Hausse) => clamp(format!("{x}/{c}")),
                (None, Direction::Baisse) => format!("IF({x}=0,1,{})", clamp(format!("{c}/{x}"))),
            };
            match terms.floor {
                Some(floor) => numeric(format!("IF({a}<{},0,{a})", num(floor))),
                None => numeric(a),
            }
        }
    }
}

/// The `Montant (€)` formula of a line: weight × attainment × neutralisation scale × pro-rata,
/// rounded to the cent.
pub fn amount(contract: &Contract, prorata: Fraction, at: RowRefs) -> String {
    let mut product = format!("{}*{}", at.cell(ind::WEIGHT), at.cell(ind::ATTAINMENT));
    if contract.terms.neutralisation == NeutralisationPolicy::Exclu {
        let kept = at.mission_weights(true);
        product.push_str(&format!(
            "*IF({}=\"Oui\",1,IF({kept}=0,1,{}/{kept}))",
            at.cell(ind::NEUTRALISED),
            at.mission_weights(false)
        ));
    }
    let (n, d) = prorata.parts();
    if n != d {
        product.push_str(&format!("*{}/{}", num(n), num(d)));
    }
    format!("ROUND({product},2)")
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert!(formula_of("A1").ends_with("IF(ISNUMBER(K5),IF(K5<=300,1,IF(K5<=350,0.5,0)),0))"));
        assert!(formula_of("A2").ends_with("IF(ISNUMBER(K5),MAX(0,MIN(1,(H5-K5)/(H5-I5))),0))"));
        assert!(formula_of("A3").ends_with("IF(ISNUMBER(K5),MAX(0,MIN(1,K5/I5)),0))"));
        assert!(formula_of("A4").ends_with(",IF(K5=\"Fait\",1,0))"));
        let p2 = formula_of("P2");
        assert!(
            p2.ends_with("IF(ISNUMBER(K5),IF(MAX(0,MIN(1,K5/I5))<0.5,0,MAX(0,MIN(1,K5/I5))),0))"),
            "{p2}"
        );
    }

    #[test]
    fn neutralisation_under_exclu_checks_the_mission_weights() {
        let f = formula_of("A1");
        assert!(
            f.starts_with(
                "IF(N5=\"Oui\",IF(AND(SUMIFS($J$5:$J$11,$B$5:$B$11,B5,$N$5:$N$11,\"<>Oui\")=0,"
            ),
            "{f}"
        );
    }

    #[test]
    fn amount_applies_scale_and_pro_rata() {
        let c = contract();
        let f = amount(
            &c,
            Fraction::new(9.into(), 12.into()),
            RowRefs {
                row: 6,
                first: 4,
                last: 10,
            },
        );
        assert!(
            f.starts_with("ROUND(J7*P7*IF(N7=\"Oui\",1,IF(SUMIFS("),
            "{f}"
        );
        assert!(f.ends_with("*9/12,2)"), "{f}");
        let whole = amount(
            &c,
            Fraction::ONE,
            RowRefs {
                row: 6,
                first: 4,
                last: 10,
            },
        );
        assert!(!whole.contains("/12"));
    }
}
