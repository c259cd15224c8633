//! The workbook's French texts, kept in `templates/classeur.toml` so they can be edited
//! without touching code.

use serde::Deserialize;

const TEXTS: &str = include_str!("../../templates/classeur.toml");

/// A titled block of the `Lisez-moi` sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Block {
    /// Heading.
    pub titre: String,
    /// Paragraphs.
    pub lignes: Vec<String>,
}

/// The texts of the `Contrat` sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct ContractTexts {
    pub identite: String,
    pub nom: String,
    pub identifiant: String,
    pub departement: String,
    pub region: String,
    pub cpam: String,
    pub ars: String,
    pub population: String,
    pub taille: String,
    pub contrat: String,
    pub signature: String,
    pub duree: String,
    pub duree_valeur: String,
    pub annee: String,
    pub annee_valeur: String,
    pub prorata: String,
    pub prorata_jours: String,
    pub prorata_mois: String,
    pub neutralisation: String,
    pub neutralisation_exclu: String,
    pub neutralisation_verse: String,
    pub neutralisation_nul: String,
    pub partielle: String,
    pub grille: String,
    pub financements: String,
    pub fonctionnement: String,
    pub total: String,
    pub detail_fixe: String,
    pub detail_total: String,
}

/// The texts of the `Synthèse` sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct SummaryTexts {
    pub fonctionnement: String,
    pub total: String,
    pub serie: String,
    pub graphique: String,
    pub calendrier: String,
    pub avance: String,
    pub avance_debut: String,
    pub solde: String,
    pub total_annee: String,
}

/// What `summarize` adds: the per-indicator detail, `Contrôles` and `Saisies conservées`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct ReviewTexts {
    pub detail: String,
    pub titre_controles: String,
    pub aucun_probleme: String,
    pub problemes: String,
    pub titre_conservees: String,
    pub aide_conservees: String,
}

/// The block opening `Lisez-moi`: what is left to do, live, then how to send the workbook.
/// `{n}`, `{euros}` and `{date}` are filled by the formulas or from the contract.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct RemainingTexts {
    pub titre: String,
    pub aide: String,
    pub valeurs: String,
    pub valeurs_rien: String,
    pub valeurs_une: String,
    pub valeurs_plusieurs: String,
    pub pieces: String,
    pub points: String,
    pub rien: String,
    pub titre_envoi: String,
    pub remise: String,
    pub contacts: String,
    pub envoi: Vec<String>,
}

/// Every text of the workbook, with `{…}` fields still to fill.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub(crate) struct Texts {
    pub titre: String,
    pub sous_titre: String,
    pub blocs: Vec<Block>,
    pub avenant: String,
    pub neutralisation_exclu: String,
    pub neutralisation_verse: String,
    pub neutralisation_nul: String,
    pub titre_legende: String,
    pub legende_saisie: String,
    pub legende_calcul: String,
    pub legende_contrat: String,
    pub legende_atteint: String,
    pub legende_partiel: String,
    pub legende_non_atteint: String,
    pub legende_neutralise: String,
    pub pied: String,
    pub titre_indicateurs: String,
    pub aide_indicateurs: String,
    pub aide_realise_unite: String,
    pub aide_realise_pourcentage: String,
    pub titre_justificatifs: String,
    pub aide_justificatifs: String,
    pub titre_points: String,
    pub aide_points: String,
    pub titre_contrat: String,
    pub titre_synthese: String,
    pub aide_synthese: String,
    pub contrat: ContractTexts,
    pub synthese: SummaryTexts,
    pub revue: ReviewTexts,
    pub reste: RemainingTexts,
}

/// The texts of this build.
pub(crate) fn texts() -> Texts {
    toml::from_str(TEXTS).expect("embedded workbook texts are valid")
}

/// Replaces each `{name}` by its value.
pub(crate) fn fill(template: &str, fields: &[(&str, String)]) -> String {
    fields
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn texts_load_and_fill() {
        let t = super::texts();
        let title = super::fill(&t.titre, &[("cpts", "CPTS X".into())]);
        assert_eq!(title, "Suivi du contrat ACI : CPTS X");
    }
}
