//! National funding grids: the default amounts per taille, kept as data in `templates/grilles/`.
//!
//! Grids are embedded in the binary so that no command needs an external file. Each amount carries
//! its confidence, because several figures are reconstructed from real contracts rather than read
//! in the legal text; a signed contract may override any of them.

use crate::mission::{MissionCode, Part};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A contract's size class (1 to 4), which selects the grid column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Size(u8);

impl Size {
    /// A size from its number; `None` outside 1..=4.
    pub fn new(n: u8) -> Option<Size> {
        (1..=4).contains(&n).then_some(Size(n))
    }

    /// The size for a covered population (docs/regles.md §1: < 40 000; < 80 000; ≤ 175 000; more).
    pub fn from_population(population: u64) -> Size {
        Size(match population {
            p if p < 40_000 => 1,
            p if p < 80_000 => 2,
            p if p <= 175_000 => 3,
            _ => 4,
        })
    }

    /// The size as a number from 1 to 4.
    pub fn get(self) -> u8 {
        self.0
    }

    fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
}

impl TryFrom<u8> for Size {
    type Error = String;
    fn try_from(n: u8) -> Result<Size, String> {
        Size::new(n).ok_or_else(|| format!("taille {n} inconnue : 1, 2, 3 ou 4 attendu"))
    }
}

impl From<Size> for u8 {
    fn from(s: Size) -> u8 {
        s.0
    }
}

/// How sure we are of a grid figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    /// Read in a published text or stated by the field sources.
    #[serde(rename = "confirmé")]
    Confirmed,
    /// Reconstructed from real contracts; to be checked against the legal text.
    #[serde(rename = "à confirmer")]
    ToConfirm,
}

/// One envelope of the grid: the annual amount for each taille.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Annual amounts in euros for tailles 1 to 4.
    #[serde(rename = "montants")]
    pub amounts: [Decimal; 4],
    /// How sure the figures are.
    #[serde(rename = "confiance")]
    pub confidence: Confidence,
}

impl Envelope {
    /// The annual amount for a taille.
    pub fn amount(&self, size: Size) -> Decimal {
        self.amounts[size.index()]
    }
}

/// The grid's envelopes and deadlines for one mission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissionGrid {
    /// Months after signature by which the mission must start, when the ACI sets it.
    #[serde(rename = "demarrage_mois", default)]
    pub start_months: Option<u32>,
    /// Months after signature by which the mission must be fully deployed.
    #[serde(rename = "deploiement_mois", default)]
    pub full_months: Option<u32>,
    /// The mission's envelopes, by part.
    #[serde(flatten)]
    pub envelopes: IndexMap<Part, Envelope>,
}

/// A national funding grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Identifier used by contracts (`grille = "…"`).
    pub id: String,
    /// French title.
    #[serde(rename = "libelle")]
    pub label: String,
    /// Where the figures come from.
    pub source: String,
    /// Operating budget (fonctionnement).
    #[serde(rename = "fonctionnement")]
    pub operating: Envelope,
    /// Envelopes per mission.
    pub missions: IndexMap<MissionCode, MissionGrid>,
}

impl Grid {
    /// The envelope of a mission part, if the grid defines it.
    pub fn envelope(&self, mission: MissionCode, part: Part) -> Option<&Envelope> {
        self.missions.get(&mission)?.envelopes.get(&part)
    }
}

const EMBEDDED: &[(&str, &str)] = &[(
    "avenant2-2022",
    include_str!("../templates/grilles/avenant2-2022.toml"),
)];

/// Identifiers of the grids this build knows.
pub(crate) fn known_ids() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(id, _)| *id).collect()
}

/// The grid with this identifier, if this build knows it.
pub(crate) fn find(id: &str) -> Option<Grid> {
    // Parsed once per process: a batch looks the grid up for every file it reads.
    static PARSED: std::sync::OnceLock<Vec<Grid>> = std::sync::OnceLock::new();
    let grids = PARSED.get_or_init(|| {
        EMBEDDED
            .iter()
            // The embedded grids are checked by the tests below: a failure is a build defect.
            .map(|(_, text)| toml::from_str(text).expect("embedded grid is valid"))
            .collect()
    });
    grids.iter().find(|g| g.id == id).cloned()
}

/// The grid used when a command is not told which one.
pub(crate) const DEFAULT_ID: &str = "avenant2-2022";

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn every_embedded_grid_loads_with_its_own_id() {
        for id in known_ids() {
            assert_eq!(find(id).unwrap().id, id);
        }
    }

    #[test]
    fn avenant2_has_every_envelope_of_every_mission() {
        let grid = find("avenant2-2022").unwrap();
        for mission in MissionCode::ALL {
            for part in mission.parts() {
                assert!(
                    grid.envelope(mission, *part).is_some(),
                    "{mission} {part:?}"
                );
            }
        }
    }

    #[test]
    fn avenant2_figures_match_the_reference() {
        let grid = find("avenant2-2022").unwrap();
        let t = |n| Size::new(n).unwrap();
        assert_eq!(grid.operating.amount(t(2)), dec!(60000));
        assert_eq!(grid.operating.confidence, Confidence::Confirmed);
        let acces = |p| grid.envelope(MissionCode::Acces, p).unwrap();
        assert_eq!(acces(Part::SnpSupplementaire).amount(t(4)), dec!(70000));
        assert_eq!(acces(Part::Fixe).amount(t(3)), dec!(25000));
        let crise = grid.envelope(MissionCode::Crise, Part::MiseAJour).unwrap();
        assert_eq!(crise.amount(t(3)), dec!(22500));
        assert_eq!(crise.confidence, Confidence::ToConfirm);
        // Qualité, taille 2: 11 250 € a volet, still to confirm (docs/regles.md §2).
        for part in [Part::Fixe, Part::Variable] {
            let qualite = grid.envelope(MissionCode::Qualite, part).unwrap();
            assert_eq!(qualite.amount(t(2)), dec!(11250));
            assert_eq!(qualite.confidence, Confidence::ToConfirm);
        }
        // Seed totals: accès 75 000 / 92 000 / 120 000 / 150 000.
        for (n, total) in [(1, 75000), (2, 92000), (3, 120000), (4, 150000)] {
            let sum: Decimal = MissionCode::Acces
                .parts()
                .iter()
                .map(|p| acces(*p).amount(t(n)))
                .sum();
            assert_eq!(sum, Decimal::from(total));
        }
    }

    #[test]
    fn taille_boundaries_follow_the_published_wording() {
        let s = |p| Size::from_population(p).get();
        assert_eq!((s(39_999), s(40_000), s(79_999), s(80_000)), (1, 2, 2, 3));
        assert_eq!((s(175_000), s(175_001)), (3, 4));
    }
}
