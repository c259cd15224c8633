//! The year's plan: what a contract year expects besides its indicator lines — the pieces of
//! evidence, the checkpoints, the choices a `Réalisé` cell offers. The writer lays them out,
//! the checks compare what was entered with them, the demo fills them.

use super::layout::{DONE_CHOICES, QUALITY_CHOICES};
use crate::contract::{Contract, Line, Period, Rule};
use crate::mission::MissionCode;
use chrono::{Months, NaiveDate};

/// The expected pieces of evidence of the year: each line's, then the crisis mission's.
pub fn expected_evidence(contract: &Contract, year: u32) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = contract
        .lines(year)
        .iter()
        .flat_map(|l| {
            l.indicator
                .evidence
                .iter()
                .map(|e| (l.indicator.code.clone(), e.clone()))
        })
        .collect();
    if let Some(crisis) = contract.mission(MissionCode::Crise) {
        let period = contract.period(year);
        if crisis.start <= period.end {
            let plan = if contract.year_of(crisis.start) == Some(year) {
                "Plan de réponse aux crises sanitaires graves (modèle national)"
            } else {
                "Mise à jour annuelle du plan de crise"
            };
            out.push(("CRISE".into(), plan.into()));
            if contract.year_settings(year).crisis_recognised {
                out.push((
                    "CRISE".into(),
                    "Preuve de la mise en œuvre du plan pendant la crise reconnue par l'ARS".into(),
                ));
            }
        }
    }
    out
}

/// The checkpoints of a year: one a quarter, and the last one a month before the anniversary.
pub fn planned_checkpoints(period: Period) -> Vec<(NaiveDate, &'static str)> {
    let at = |months| {
        period
            .start
            .checked_add_months(Months::new(months))
            .unwrap_or(period.end)
    };
    vec![
        (at(3), "Point d'étape du 1er trimestre"),
        (at(6), "Point d'étape du 2e trimestre"),
        (at(9), "Point d'étape du 3e trimestre"),
        (at(11), "Point préalable au dialogue de gestion"),
    ]
}

/// The choice list of a line's `Réalisé` cell, when it is not a number.
pub(crate) fn observed_choices(line: Line<'_>) -> Option<&'static [&'static str]> {
    match line.indicator.rule {
        Rule::Binaire if line.terms.target.is_none() => Some(&DONE_CHOICES),
        Rule::Qualitatif => Some(&QUALITY_CHOICES),
        _ => None,
    }
}
