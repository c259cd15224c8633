//! Synthetic but realistic contracts, for benchmarks and for the demo's batch of CPTS.
//!
//! A contract is built as TOML text and loaded through the normal parser, so it passes every
//! contract check: weights add up to the grid's variable envelopes, tiers are ordered, and so on.

use crate::grid::{self, Size};
use crate::mission::{MissionCode, Part};
use crate::money::split_evenly;
use chrono::NaiveDate;
use std::fmt::Write;

/// What to build.
#[derive(Debug, Clone)]
pub struct Spec {
    /// CPTS name.
    pub name: String,
    /// Population covered (gives the taille).
    pub population: u64,
    /// Signature date.
    pub signature: NaiveDate,
    /// Indicator lines in each of years 1 to 3.
    pub lines_per_year: usize,
}

/// Missions with a variable part, and the prefix of their indicator codes.
const MISSIONS: [(MissionCode, &str); 5] = [
    (MissionCode::Acces, "ACC"),
    (MissionCode::Parcours, "PAR"),
    (MissionCode::Prevention, "PRE"),
    (MissionCode::Qualite, "QUA"),
    (MissionCode::Accompagnement, "APS"),
];

/// The contract text for a spec.
pub fn contract_text(spec: &Spec) -> String {
    let grid = grid::find(grid::DEFAULT_ID).expect("default grid");
    let size = Size::from_population(spec.population);
    let mut t = format!(
        "format = \"cpts-aci/contrat@1\"\n\n[cpts]\nnom = {}\nidentifiant = \"{:014}\"\n\
         departement = \"59\"\nregion = \"Hauts-de-France\"\ncpam = \"CPAM de Lille-Douai\"\n\
         ars = \"ARS Hauts-de-France\"\npopulation = {}\n\n[contrat]\nsignature = {}\n\
         prorata = \"jours\"\nneutralisation = \"exclu\"\n",
        toml::Value::String(spec.name.clone()),
        spec.population * 7 + 1,
        spec.population,
        spec.signature
    );
    let start = |i: usize| {
        if i == 2 {
            spec.signature + chrono::Days::new(92)
        } else {
            spec.signature
        }
    };
    for (i, (m, _)) in MISSIONS.iter().enumerate() {
        let _ = write!(t, "\n[[missions]]\ncode = \"{m}\"\ndebut = {}\n", start(i));
    }
    let per_mission = |k: usize| {
        spec.lines_per_year / MISSIONS.len() + usize::from(k < spec.lines_per_year % MISSIONS.len())
    };
    for (k, (m, prefix)) in MISSIONS.iter().enumerate() {
        let envelope = grid
            .envelope(*m, Part::Variable)
            .map(|e| e.amount(size))
            .unwrap_or_default();
        let weights = split_evenly(envelope, per_mission(k));
        for (j, weight) in weights.iter().enumerate() {
            let code = format!("{prefix}-{:02}", j + 1);
            let _ = write!(t, "{}", indicator(&code, *m, j, *weight));
        }
    }
    t
}

/// One indicator in force in years 1 to 3, its rule chosen by its rank.
fn indicator(
    code: &str,
    mission: MissionCode,
    rank: usize,
    weight: rust_decimal::Decimal,
) -> String {
    let (rule, head, year) = match rank % 6 {
        0 => ("lineaire", "sens = \"hausse\"\n", "cible = 100\n"),
        1 => (
            "lineaire",
            "sens = \"baisse\"\nvaleur_initiale = 500\n",
            "cible = 400\n",
        ),
        2 => (
            "paliers",
            "sens = \"hausse\"\n",
            "paliers = [ { seuil = 80, part = 1.0 }, { seuil = 50, part = 0.5 } ]\n",
        ),
        3 => ("binaire", "", ""),
        4 => ("qualitatif", "", ""),
        _ => (
            "lineaire",
            "sens = \"hausse\"\n",
            "cible = 60\nseuil = 0.5\n",
        ),
    };
    let mut t = format!(
        "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"{mission}\"\nlibelle = \"Indicateur {code} de la mission {}\"\n\
         portee = \"local\"\nnature = \"resultat\"\nregle = \"{rule}\"\n{head}source = \"CPTS\"\n\
         justificatifs = [\"Compte rendu de l'action {code}\"]\n",
        mission.label()
    );
    for y in 1..=3 {
        let _ = write!(t, "[indicateurs.annees.{y}]\npoids = {weight}\n{year}");
    }
    t
}

/// Plausible entries for every line of a year: values spread around the targets, chosen by
/// `seed` so that each synthetic CPTS differs but every run is the same.
pub fn entries(
    contract: &crate::contract::Contract,
    year: u32,
    seed: u64,
) -> crate::workbook::Entries {
    use crate::contract::Rule;
    use crate::workbook::Cell;
    use crate::workbook::layout::{INDICATORS, ind};
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let mut e = crate::workbook::Entries::default();
    let measured = Cell::Date(contract.period(year).end);
    for line in contract.lines(year) {
        let target = line
            .terms
            .target
            .and_then(|t| rust_decimal::prelude::ToPrimitive::to_f64(&t))
            .unwrap_or(80.0);
        let value = match line.indicator.rule {
            Rule::Binaire if line.terms.target.is_none() => {
                Cell::Text(["Fait", "Fait", "Non fait"][next(3) as usize].into())
            }
            Rule::Qualitatif => Cell::Text(
                ["Atteint", "Partiellement atteint", "Non atteint"][next(3) as usize].into(),
            ),
            _ => Cell::Number((target * (60 + next(60)) as f64 / 100.0).round()),
        };
        e.set(&INDICATORS, &line.indicator.code, ind::OBSERVED, value);
        e.set(
            &INDICATORS,
            &line.indicator.code,
            ind::MEASURED_ON,
            measured.clone(),
        );
    }
    // As in a workbook sent for the dialogue de gestion: most evidence is in, every checkpoint
    // recorded.
    use crate::workbook::entries::evidence_key;
    use crate::workbook::layout::{EVIDENCE, evid};
    use crate::workbook::plan::expected_evidence;
    for (code, piece) in expected_evidence(contract, year) {
        let provided = if next(10) == 0 { "Non" } else { "Oui" };
        e.set(
            &EVIDENCE,
            &evidence_key(&code, &piece),
            evid::PROVIDED,
            Cell::Text(provided.into()),
        );
    }
    record_checkpoints(&mut e, contract.period(year), "Bureau, ARS, CPAM");
    e
}

/// Marks every planned checkpoint of a year as held on its date, with these participants.
pub fn record_checkpoints(
    e: &mut crate::workbook::Entries,
    period: crate::contract::Period,
    participants: &str,
) {
    use crate::workbook::Cell;
    use crate::workbook::entries::checkpoint_key;
    use crate::workbook::layout::{CHECKPOINTS, step};
    for (date, _) in crate::workbook::plan::planned_checkpoints(period) {
        let key = checkpoint_key(date);
        e.set(&CHECKPOINTS, &key, step::HELD, Cell::Date(date));
        e.set(
            &CHECKPOINTS,
            &key,
            step::PARTICIPANTS,
            Cell::Text(participants.into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Contract;
    use std::path::Path;

    #[test]
    fn synthetic_contracts_pass_every_check_for_every_taille() {
        for (population, lines) in [(20_000, 7), (62_000, 60), (120_000, 100), (250_000, 33)] {
            let spec = Spec {
                name: "CPTS « Synthèse »".into(),
                population,
                signature: NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(),
                lines_per_year: lines,
            };
            let c = Contract::parse(&contract_text(&spec), Path::new("synthetique.toml"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.lines(2).len(), lines);
            assert_eq!(c.size, Size::from_population(population));
        }
    }
}
