//! Each line's three explanations at once — its scale in words, what it still lacks for its
//! next step, why its amount is not its year weight × attainment — for the reports that show
//! them beside the figures (the summary's detail, the dossier page, the consolidation). They
//! are the cached values of the tracking workbook's live `Barème`, `Il manque` and
//! `Explication` columns, so every face of the product says the same words.

use super::explain::{AmountContext, amount_explanation, scale_text, still_missing};
use super::{Readings, YearFunding, prorata};
use crate::contract::Contract;
use indexmap::IndexMap;

/// What a line's explaining columns say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct LineTexts {
    /// The rule in words (`Barème`).
    pub(crate) scale: String,
    /// What the line still lacks for its next step (`Il manque`); empty at 100 %.
    pub(crate) missing: String,
    /// Why the amount differs from year weight × attainment (`Explication`); often empty.
    pub(crate) explanation: String,
}

/// The texts of every paid or tracked line of a year, by indicator code.
pub(crate) fn explain_year(
    contract: &Contract,
    year: u32,
    funding: &YearFunding,
    readings: &Readings,
) -> IndexMap<String, LineTexts> {
    let neutralised = |code: &str| readings.get(code).is_some_and(|r| r.neutralised);
    let lines = contract.lines(year);
    let mut out = IndexMap::new();
    for mf in &funding.missions {
        let Some(mission) = contract.mission(mf.code) else {
            continue;
        };
        let p = prorata(contract, mission, year);
        let all = mf.indicators.iter().map(|l| l.year_weight).sum();
        let kept = mf
            .indicators
            .iter()
            .filter(|l| !neutralised(&l.code))
            .map(|l| l.year_weight)
            .sum();
        for lf in &mf.indicators {
            let Some(line) = lines.iter().find(|l| l.indicator.code == lf.code) else {
                continue;
            };
            let reading = readings.get(&lf.code).copied().unwrap_or_default();
            let texts = LineTexts {
                scale: scale_text(line.indicator, line.terms, contract.terms.partial_share),
                missing: still_missing(
                    line.indicator,
                    line.terms,
                    reading.value,
                    reading.neutralised,
                ),
                explanation: amount_explanation(AmountContext {
                    prorata: p.parts(),
                    weights: (line.terms.weight, lf.year_weight),
                    neutralised: reading.neutralised,
                    policy: contract.terms.neutralisation,
                    mission: (all, kept),
                }),
            };
            out.insert(lf.code.clone(), texts);
        }
    }
    out
}
