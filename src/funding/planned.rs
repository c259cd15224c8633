//! A contract year as planned: every line reached, the variable part at its maximum. The
//! pluriannual plan shows it for the years no filled workbook tells yet.

use super::{YearFunding, fund_year, payments, reaching_readings};
use crate::contract::Contract;

/// The funding of a year when every target is met: each mission's variable part is its
/// maximum, the total is the year's maximum, and the payments are those of that maximum.
pub fn planned_year(contract: &Contract, year: u32) -> YearFunding {
    let mut f = fund_year(contract, year, &reaching_readings(contract, year));
    for m in &mut f.missions {
        m.variable = m.variable_max;
    }
    f.total = f.max;
    f.payments = payments(contract, year, contract.period(year), &f.missions);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_planned_year_pays_its_maximum_exactly() {
        let text = include_str!("../../samples/contrat-exemple.toml");
        let c = Contract::parse(text, Path::new("c.toml")).unwrap();
        for year in 1..=c.terms.duration_years {
            let f = planned_year(&c, year);
            let paid: rust_decimal::Decimal = f.payments.iter().map(|p| p.amount).sum();
            assert_eq!(paid, f.max, "year {year}");
            assert_eq!(f.total, f.max);
        }
    }
}
