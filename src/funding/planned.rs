//! A contract year as planned: every line reached, the variable part at its maximum. The
//! pluriannual plan shows it for the years no filled workbook tells yet.

use super::{Observation, Quality, Reading, Readings, YearFunding, fund_year, payments};
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

/// Readings under which every line of a year is fully reached: the "if every target is met"
/// scenario shown to coordinators. Funding them gives each mission its variable maximum to the
/// cent, since a line reached earns its year weight and the maximum is their sum.
pub fn reaching_readings(contract: &Contract, year: u32) -> Readings {
    contract
        .lines(year)
        .into_iter()
        .map(|line| {
            use crate::contract::Rule;
            let terms = line.terms;
            // Tiers are sorted best first when the contract is read.
            let best_tier = terms.tiers.first().map(|t| t.threshold);
            let value = match (line.indicator.rule, terms.target) {
                (Rule::Qualitatif, _) => Observation::Quality(Quality::Reached),
                (Rule::Paliers, _) => best_tier.map_or(Observation::Missing, Observation::Number),
                (_, Some(target)) => Observation::Number(target),
                (_, None) => Observation::Done(true),
            };
            (
                line.indicator.code.clone(),
                Reading {
                    value,
                    neutralised: false,
                },
            )
        })
        .collect()
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
