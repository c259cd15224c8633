//! The six ACI missions and the envelopes ("parts") a mission can carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A mission of the ACI, by its contract code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissionCode {
    /// Accès aux soins (socle).
    Acces,
    /// Parcours pluriprofessionnels (socle).
    Parcours,
    /// Prévention (socle).
    Prevention,
    /// Réponse aux crises sanitaires graves (socle since avenant 2).
    Crise,
    /// Qualité et pertinence des soins (complémentaire).
    Qualite,
    /// Accompagnement des professionnels de santé (complémentaire).
    Accompagnement,
}

crate::fr::choice_deserialize!(MissionCode {
    "acces" => MissionCode::Acces,
    "parcours" => MissionCode::Parcours,
    "prevention" => MissionCode::Prevention,
    "crise" => MissionCode::Crise,
    "qualite" => MissionCode::Qualite,
    "accompagnement" => MissionCode::Accompagnement,
});

impl MissionCode {
    /// Every mission, in the order the ACI lists them (and the workbook shows them).
    pub const ALL: [MissionCode; 6] = [
        MissionCode::Acces,
        MissionCode::Parcours,
        MissionCode::Prevention,
        MissionCode::Crise,
        MissionCode::Qualite,
        MissionCode::Accompagnement,
    ];

    /// The four mandatory missions, which a starter contract always contains.
    pub const SOCLE: [MissionCode; 4] = [
        MissionCode::Acces,
        MissionCode::Parcours,
        MissionCode::Prevention,
        MissionCode::Crise,
    ];

    /// The code as written in the contract file.
    pub fn as_str(self) -> &'static str {
        match self {
            MissionCode::Acces => "acces",
            MissionCode::Parcours => "parcours",
            MissionCode::Prevention => "prevention",
            MissionCode::Crise => "crise",
            MissionCode::Qualite => "qualite",
            MissionCode::Accompagnement => "accompagnement",
        }
    }

    /// Parses a contract code; `None` for anything else.
    pub fn parse(code: &str) -> Option<MissionCode> {
        MissionCode::ALL.into_iter().find(|m| m.as_str() == code)
    }

    /// The French name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            MissionCode::Acces => "Accès aux soins",
            MissionCode::Parcours => "Parcours pluriprofessionnels",
            MissionCode::Prevention => "Prévention",
            MissionCode::Crise => "Crises sanitaires graves",
            MissionCode::Qualite => "Qualité et pertinence des soins",
            MissionCode::Accompagnement => "Accompagnement des professionnels",
        }
    }

    /// The envelopes this mission may carry, in display order.
    pub fn parts(self) -> &'static [Part] {
        match self {
            MissionCode::Acces => &[
                Part::Fixe,
                Part::Variable,
                Part::SnpCompensation,
                Part::SnpSupplementaire,
            ],
            MissionCode::Crise => &[Part::Plan, Part::MiseAJour, Part::Activation],
            _ => &[Part::Fixe, Part::Variable],
        }
    }

    /// Whether the mission is paid partly on indicators (the crisis mission is not).
    pub fn has_variable(self) -> bool {
        self.parts().contains(&Part::Variable)
    }
}

/// The French name of an envelope line of a year: a mission by its code, anything else the
/// fonctionnement (`fonctionnement` in the JSON).
pub(crate) fn envelope_label(code: &str) -> &'static str {
    MissionCode::parse(code).map_or("Fonctionnement", MissionCode::label)
}

impl fmt::Display for MissionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One envelope of a mission; its key is also the contract's override key.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Volet fixe (moyens), paid from the mission's start.
    Fixe,
    /// Volet variable, paid on indicator attainment.
    Variable,
    /// Accès: compensation of the professionals taking unscheduled care (fixed).
    SnpCompensation,
    /// Accès: handling and orienting unscheduled-care requests (ring-fenced, fixed).
    SnpSupplementaire,
    /// Crise: writing the plan, in the mission's first contract year (fixed).
    Plan,
    /// Crise: updating the plan, in later years (fixed).
    MiseAJour,
    /// Crise: paid only in a year when the ARS recognises a serious crisis.
    Activation,
}

impl Part {
    /// Every part, in the order of the files.
    pub const ALL: [Part; 7] = [
        Part::Fixe,
        Part::Variable,
        Part::SnpCompensation,
        Part::SnpSupplementaire,
        Part::Plan,
        Part::MiseAJour,
        Part::Activation,
    ];

    /// The key as written in the contract and grid files.
    pub fn key(self) -> &'static str {
        match self {
            Part::Fixe => "fixe",
            Part::Variable => "variable",
            Part::SnpCompensation => "snp_compensation",
            Part::SnpSupplementaire => "snp_supplementaire",
            Part::Plan => "plan",
            Part::MiseAJour => "mise_a_jour",
            Part::Activation => "activation",
        }
    }

    /// The French name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Part::Fixe => "volet fixe",
            Part::Variable => "volet variable",
            Part::SnpCompensation => "SNP, compensation des professionnels",
            Part::SnpSupplementaire => "SNP, volet supplémentaire",
            Part::Plan => "rédaction du plan de crise",
            Part::MiseAJour => "mise à jour du plan de crise",
            Part::Activation => "activation en cas de crise reconnue",
        }
    }
}
