//! The contract workbook's layout (README, « Le classeur du contrat »): the one description of
//! its sheets, tables, columns and parameter rows, used by the writer to build it and by the
//! reader to find things in it.
//!
//! Sheet, table and column names and parameter keys are a stable interface (spec §3.1): never
//! renamed, only added to. Nothing else addresses a column by position: ask [`BookTable::col`].

mod params;
mod tables;

pub(crate) use params::{PARAM_ROWS, Section, param_of};
pub(crate) use tables::{
    ANNEX, AVENANTS, CONTACTS, MISSIONS, PARAMS, PIECES, TABLES, TIERS, YEARS,
};

use crate::mission::MissionCode;

/// Sheet with the instructions and a filled example.
pub(crate) const SHEET_README: &str = "Lisez-moi";
/// Sheet holding the `Parametres` table.
pub(crate) const SHEET_PARAMS: &str = "Contrat";

/// What a column (or a parameter row) holds: how it is shown, validated and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Free text, kept as typed.
    Text,
    /// A code: text, trimmed (a number typed there is read as its digits).
    Code,
    /// A whole number.
    Integer,
    /// A number (baseline, target, threshold).
    Number,
    /// Euros and cents.
    Euros,
    /// A share between 0 and 1 (`0,5` or `50 %`).
    Share,
    /// A date.
    Date,
    /// One of a list; the reader accepts accents and case ([`choice_key`]).
    Choice(Choices),
    /// `Oui` or `Non`.
    YesNo,
}

/// The lists of the drop-downs: what is shown, and the contract key each one stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choices {
    /// Mission codes.
    Mission,
    /// `national`, `local`.
    Scope,
    /// `moyens`, `résultat`.
    Nature,
    /// `binaire`, `linéaire`, `paliers`, `qualitatif`.
    Rule,
    /// `hausse`, `baisse`.
    Direction,
    /// `jours`, `mois`.
    Prorata,
    /// `exclu`, `versé`, `nul`.
    Neutralisation,
    /// The grids this build knows.
    Grid,
    /// Taille 1 to 4.
    Size,
}

impl Choices {
    /// `(shown, key)` pairs: the drop-down shows the first, the contract file holds the second.
    pub(crate) fn pairs(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Choices::Mission => MissionCode::ALL
                .iter()
                .map(|m| (m.as_str(), m.as_str()))
                .collect(),
            Choices::Scope => vec![("national", "national"), ("local", "local")],
            Choices::Nature => vec![("moyens", "moyens"), ("résultat", "resultat")],
            Choices::Rule => vec![
                ("binaire", "binaire"),
                ("linéaire", "lineaire"),
                ("paliers", "paliers"),
                ("qualitatif", "qualitatif"),
            ],
            Choices::Direction => vec![("hausse", "hausse"), ("baisse", "baisse")],
            Choices::Prorata => vec![("jours", "jours"), ("mois", "mois")],
            Choices::Neutralisation => {
                vec![("exclu", "exclu"), ("versé", "verse"), ("nul", "nul")]
            }
            Choices::Grid => crate::grid::known_ids()
                .into_iter()
                .map(|g| (g, g))
                .collect(),
            Choices::Size => vec![("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")],
        }
    }

    /// What the drop-down shows.
    pub(crate) fn shown(self) -> Vec<&'static str> {
        self.pairs().into_iter().map(|(s, _)| s).collect()
    }

    /// The contract key of a typed text: a shown value or a key, in any case, with or without
    /// accents and surrounding spaces; a mission may also be typed by its French name.
    pub(crate) fn key_of(self, typed: &str) -> Option<&'static str> {
        let typed = choice_key(typed);
        let found = self
            .pairs()
            .into_iter()
            .find(|(shown, key)| choice_key(shown) == typed || *key == typed)
            .map(|(_, key)| key);
        found.or_else(|| match self {
            Choices::Mission => MissionCode::ALL
                .iter()
                .find(|m| choice_key(m.label()) == typed)
                .map(|m| m.as_str()),
            _ => None,
        })
    }

    /// The shown value of a contract key (the key itself when the list does not hold it).
    pub(crate) fn shown_of(self, key: &str) -> Option<&'static str> {
        self.pairs()
            .into_iter()
            .find(|(_, k)| *k == key)
            .map(|(s, _)| s)
    }
}

/// A typed choice as compared: lower case, without accents, spaces squeezed.
pub(crate) fn choice_key(text: &str) -> String {
    // Non-breaking spaces are whitespace to `split_whitespace`: they squeeze like the others.
    crate::fr::unaccented(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BookColumn {
    /// Header text (stable).
    pub name: &'static str,
    /// The contract file's key this column holds (a pseudo-key in capitals for what is not a
    /// key of its own: the indicator code a row belongs to, its year, a piece).
    pub key: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a value is required on every row.
    pub required: bool,
    /// Width in characters.
    pub width: u16,
    /// Input message title (at most 32 characters).
    pub help_title: &'static str,
    /// Input message (at most 255 characters).
    pub help: &'static str,
}

pub(super) const fn column(
    name: &'static str,
    key: &'static str,
    kind: Kind,
    required: bool,
    width: u16,
    help_title: &'static str,
    help: &'static str,
) -> BookColumn {
    BookColumn {
        name,
        key,
        kind,
        required,
        width,
        help_title,
        help,
    }
}

/// An Excel table of the contract workbook and where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BookTable {
    /// Sheet name (stable).
    pub sheet: &'static str,
    /// Excel table name (stable).
    pub name: &'static str,
    /// Sheet title.
    pub title: &'static str,
    /// The line under the title: what a row is.
    pub note: &'static str,
    /// Columns, in order (stable).
    pub columns: &'static [BookColumn],
    /// Blank rows written after the data, so that the table has room to grow under protection
    /// (LibreOffice does not grow a table by itself; rows typed below it are read all the same).
    pub spare_rows: u32,
}

/// 0-based row of every table's header: a title, a note and a blank row above it.
pub(crate) const HEADER_ROW: u32 = 3;
/// 0-based row of every table's first data row.
pub(crate) const FIRST_ROW: u32 = HEADER_ROW + 1;
/// How far below a table typed rows still get the column's format, validation and help.
pub(crate) const TYPED_ROWS: u32 = 2_000;

impl BookTable {
    /// 0-based index of a column, by name.
    ///
    /// # Panics
    /// When the name is not a column of the table: a programming error caught by the tests.
    pub(crate) fn col(&self, name: &str) -> u16 {
        let index = self.columns.iter().position(|c| c.name == name);
        let index = index.unwrap_or_else(|| panic!("{} has no column {name}", self.name));
        u16::try_from(index).expect("a table has few columns")
    }
}

/// Whether a table (`column` = `None`) or a column was added after the first contract
/// workbooks were written: a workbook without it is read as one that leaves it empty.
pub(crate) fn added_later(table: &BookTable, column: Option<&str>) -> bool {
    match column {
        None => table.name == CONTACTS.name,
        Some(name) => table.name == YEARS.name && name == col::DEADLINE,
    }
}

/// Column names of the contract workbook's tables.
pub(crate) mod col {
    #![allow(missing_docs)]
    pub(crate) const KEY: &str = "Clé";
    pub(crate) const LABEL: &str = "Libellé";
    pub(crate) const VALUE: &str = "Valeur";
    pub(crate) const MISSION: &str = "Mission";
    pub(crate) const START: &str = "Début";
    pub(crate) const CODE: &str = "Code";
    pub(crate) const SCOPE: &str = "Portée";
    pub(crate) const NATURE: &str = "Nature";
    pub(crate) const RULE: &str = "Règle";
    pub(crate) const DIRECTION: &str = "Sens";
    pub(crate) const BASELINE: &str = "Valeur initiale";
    pub(crate) const UNIT: &str = "Unité";
    pub(crate) const SOURCE: &str = "Source";
    pub(crate) const YEAR: &str = "Année";
    pub(crate) const WEIGHT: &str = "Poids (€)";
    pub(crate) const TARGET: &str = "Cible";
    pub(crate) const FLOOR: &str = "Seuil";
    pub(crate) const THRESHOLD: &str = "Seuil";
    pub(crate) const SHARE: &str = "Part";
    pub(crate) const AMOUNT: &str = "Montant (€)";
    pub(crate) const PIECE: &str = "Pièce attendue";
    pub(crate) const CRISIS: &str = "Crise reconnue";
    pub(crate) const NUMBER: &str = "Numéro";
    pub(crate) const SIGNATURE: &str = "Signature";
    pub(crate) const EFFECT: &str = "Effet";
    pub(crate) const OBJECT: &str = "Objet";
    pub(crate) const DEADLINE: &str = "Remise du classeur";
    pub(crate) const ROLE: &str = "Rôle";
    pub(crate) const NAME: &str = "Nom";
    pub(crate) const EMAIL: &str = "Courriel";
    pub(crate) const PHONE: &str = "Téléphone";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_the_stable_names_and_columns_in_order() {
        let names = |t: &BookTable| t.columns.iter().map(|c| c.name).collect::<Vec<_>>();
        let all: Vec<(&str, &str, Vec<&str>)> =
            TABLES.iter().map(|t| (t.sheet, t.name, names(t))).collect();
        assert_eq!(
            all,
            [
                ("Contrat", "Parametres", vec!["Clé", "Libellé", "Valeur"]),
                (
                    "Missions",
                    "Missions",
                    vec![
                        "Mission",
                        "Début",
                        "fixe",
                        "variable",
                        "snp_compensation",
                        "snp_supplementaire",
                        "plan",
                        "mise_a_jour",
                        "activation"
                    ]
                ),
                (
                    "Annexe",
                    "Annexe",
                    vec![
                        "Code",
                        "Mission",
                        "Libellé",
                        "Portée",
                        "Nature",
                        "Règle",
                        "Sens",
                        "Valeur initiale",
                        "Unité",
                        "Source",
                        "Année",
                        "Poids (€)",
                        "Cible",
                        "Seuil"
                    ]
                ),
                (
                    "Paliers",
                    "Paliers",
                    vec!["Code", "Année", "Seuil", "Part", "Montant (€)"]
                ),
                ("Justificatifs", "Pieces", vec!["Code", "Pièce attendue"]),
                (
                    "Années",
                    "Annees",
                    vec!["Année", "Crise reconnue", "Remise du classeur"]
                ),
                (
                    "Avenants",
                    "Avenants",
                    vec!["Numéro", "Signature", "Effet", "Objet"]
                ),
                (
                    "Contacts",
                    "Contacts",
                    vec!["Rôle", "Nom", "Courriel", "Téléphone"]
                ),
            ]
        );
        let parts: Vec<&str> = crate::mission::Part::ALL.iter().map(|p| p.key()).collect();
        assert_eq!(names(&MISSIONS)[2..], parts[..]);
    }

    #[test]
    fn help_fits_excel_and_every_key_of_the_file_has_its_row() {
        for c in TABLES.iter().flat_map(|t| t.columns) {
            assert!(c.help_title.chars().count() <= 32, "{}", c.name);
            assert!(c.help.chars().count() <= 255, "{}", c.name);
        }
        for p in PARAM_ROWS {
            assert!(p.help.chars().count() <= 255, "{}", p.key);
        }
        let keys: Vec<&str> = PARAM_ROWS.iter().map(|p| p.key).collect();
        let schema = crate::contract::file::json_schema();
        for key in [
            "nom",
            "identifiant",
            "departement",
            "region",
            "cpam",
            "ars",
            "population",
            "taille",
            "signature",
            "duree_annees",
            "prorata",
            "neutralisation",
            "part_partielle",
            "fonctionnement",
            "grille",
        ] {
            assert!(keys.contains(&key), "{key}");
            assert!(schema.contains(&format!("\"{key}\"")), "{key} is a key");
        }
        assert_eq!(keys.len(), 15);
    }

    #[test]
    fn choices_read_accents_case_and_spaces() {
        assert_eq!(Choices::Rule.key_of(" Linéaire "), Some("lineaire"));
        assert_eq!(Choices::Rule.key_of("LINEAIRE"), Some("lineaire"));
        assert_eq!(Choices::Nature.key_of("Résultat"), Some("resultat"));
        assert_eq!(Choices::Neutralisation.key_of("Versé"), Some("verse"));
        assert_eq!(Choices::Mission.key_of("Accès"), Some("acces"));
        assert_eq!(Choices::Mission.key_of("Prévention"), Some("prevention"));
        assert_eq!(Choices::Mission.key_of("accès aux soins"), Some("acces"));
        assert_eq!(Choices::Direction.key_of("montée"), None);
        assert_eq!(Choices::Rule.shown_of("lineaire"), Some("linéaire"));
    }
}
