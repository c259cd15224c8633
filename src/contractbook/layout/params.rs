//! The rows of `Parametres`: one per key of `[cpts]` and `[contrat]`, and for `grille`.

use super::{Choices, Kind};

/// Where a parameter goes in the contract file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// At the top, beside `format`.
    Root,
    /// `[cpts]`.
    Cpts,
    /// `[contrat]`.
    Terms,
}

/// A row of `Parametres`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Param {
    /// The contract key (`Clé`, stable).
    pub key: &'static str,
    /// Its table in the contract file.
    pub section: Section,
    /// What the row is, for a person (`Libellé`).
    pub label: &'static str,
    /// What its value holds.
    pub kind: Kind,
    /// Whether the contract needs it.
    pub required: bool,
    /// Input message of its value.
    pub help: &'static str,
}

pub(super) const fn param(
    key: &'static str,
    section: Section,
    label: &'static str,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> Param {
    Param {
        key,
        section,
        label,
        kind,
        required,
        help,
    }
}

/// The rows of `Parametres`, in order.
pub(crate) const PARAM_ROWS: [Param; 15] = [
    param(
        "nom",
        Section::Cpts,
        "Nom de la CPTS",
        Kind::Text,
        true,
        "Nom de l'association, tel que dans le contrat signé.",
    ),
    param(
        "identifiant",
        Section::Cpts,
        "SIRET (ou FINESS) de la CPTS",
        Kind::Code,
        true,
        "Numéro SIRET (14 chiffres) ou FINESS de la CPTS.",
    ),
    param(
        "departement",
        Section::Cpts,
        "Département",
        Kind::Code,
        false,
        "Numéro du département : 59, 2A, 974…",
    ),
    param(
        "region",
        Section::Cpts,
        "Région",
        Kind::Text,
        false,
        "Région de la CPTS.",
    ),
    param(
        "cpam",
        Section::Cpts,
        "CPAM signataire",
        Kind::Text,
        false,
        "La caisse primaire qui a signé le contrat.",
    ),
    param(
        "ars",
        Section::Cpts,
        "ARS signataire",
        Kind::Text,
        false,
        "L'agence régionale de santé qui a signé le contrat.",
    ),
    param(
        "population",
        Section::Cpts,
        "Population couverte (habitants)",
        Kind::Integer,
        false,
        "Nombre d'habitants couverts : il donne la taille de la CPTS. Ou bien remplissez la taille.",
    ),
    param(
        "taille",
        Section::Cpts,
        "Taille de la CPTS (1 à 4)",
        Kind::Choice(Choices::Size),
        false,
        "Taille de 1 à 4, si la population n'est pas donnée ; si les deux le sont, elles doivent concorder.",
    ),
    param(
        "signature",
        Section::Terms,
        "Date de signature du contrat",
        Kind::Date,
        true,
        "Date de signature (JJ/MM/AAAA) : chaque année de contrat commence à sa date anniversaire.",
    ),
    param(
        "duree_annees",
        Section::Terms,
        "Durée du contrat (années)",
        Kind::Integer,
        false,
        "Nombre d'années du contrat : 5 pour un ACI (vide : 5).",
    ),
    param(
        "prorata",
        Section::Terms,
        "Mission démarrant en cours d'année",
        Kind::Choice(Choices::Prorata),
        false,
        "jours : au prorata des jours exacts ; mois : des mois entamés (vide : jours).",
    ),
    param(
        "neutralisation",
        Section::Terms,
        "Indicateur neutralisé",
        Kind::Choice(Choices::Neutralisation),
        false,
        "exclu : retiré du calcul ; versé : payé comme atteint ; nul : non payé (vide : exclu).",
    ),
    param(
        "part_partielle",
        Section::Terms,
        "Part versée si « Partiellement atteint »",
        Kind::Share,
        false,
        "Part du poids versée pour un indicateur qualitatif partiellement atteint : 0,5 ou 50 % (vide : 0,5).",
    ),
    param(
        "fonctionnement",
        Section::Terms,
        "Fonctionnement annuel (€)",
        Kind::Euros,
        false,
        "Montant annuel de fonctionnement s'il diffère de la grille ; vide = montant de la grille.",
    ),
    param(
        "grille",
        Section::Root,
        "Grille nationale des montants",
        Kind::Choice(Choices::Grid),
        false,
        "Grille qui donne les montants par défaut (vide : avenant2-2022).",
    ),
];

/// The row of a parameter key.
pub(crate) fn param_of(key: &str) -> Option<&'static Param> {
    PARAM_ROWS.iter().find(|p| p.key == key)
}
