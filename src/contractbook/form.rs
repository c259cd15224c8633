//! A contract's entries as written, in either form: every value with the key it stands for
//! and, when it comes from the workbook, the cell it was typed in.
//!
//! Both forms go through this one model: a TOML file is read into it ([`super::from_toml`]),
//! a workbook too ([`super::read`]); it is written as the canonical TOML that the contract's
//! checks read ([`super::canonical`]) or as the workbook ([`super::write`]). Values are kept
//! as written, not yet checked: a date still to fill is a text here, and the checks say so.

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use rust_xlsxwriter::utility::row_col_to_cell;

/// A value as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Value {
    /// A text.
    Text(String),
    /// A number, exact as typed.
    Number(Decimal),
    /// A date.
    Date(NaiveDate),
    /// True or false.
    Bool(bool),
}

/// Where a value of the workbook sits, and the indicator or mission its row is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct At {
    /// The sheet.
    pub sheet: &'static str,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u16,
    /// The indicator of the row, when it is about one.
    pub indicator: Option<String>,
    /// The mission of the row, in `Missions`.
    pub mission: Option<String>,
}

impl At {
    /// The cell as a person finds it: `B5`.
    pub(crate) fn cell(&self) -> String {
        row_col_to_cell(self.row, self.col)
    }

    /// The cell with its sheet: `Annexe!B5` (quoted when the name needs it, as a formula does).
    pub(crate) fn place(&self) -> String {
        let plain = self.sheet.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            format!("{}!{}", self.sheet, self.cell())
        } else {
            format!("'{}'!{}", self.sheet.replace('\'', "''"), self.cell())
        }
    }
}

/// Where an entry was typed: a cell of the workbook, or nowhere (an entry read from TOML). Two
/// places are always equal, so that two forms compare by their entries only: where a value was
/// typed does not change the contract.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place(pub Option<At>);

impl PartialEq for Place {
    fn eq(&self, _: &Place) -> bool {
        true
    }
}

impl Eq for Place {}

impl Place {
    /// A cell.
    pub(crate) fn at(at: At) -> Place {
        Place(Some(at))
    }
}

/// A value and where it was typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The value.
    pub value: Value,
    /// Its cell, in the workbook form.
    pub at: Place,
}

impl Field {
    /// A value with no cell.
    pub(crate) fn new(value: Value) -> Field {
        Field {
            value,
            at: Place::default(),
        }
    }

    /// The value's text, when it is one.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// Values by their contract key, in the file's order.
pub(crate) type Fields = IndexMap<&'static str, Field>;

/// A table of the contract file (a mission, a tier, a year's settings, an avenant): its keys
/// and where its row starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Item {
    /// The row's first cell, in the workbook form.
    pub at: Place,
    /// Its values.
    pub fields: Fields,
}

/// An indicator: its fixed fields, its evidence and its years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndicatorForm {
    /// Its first row, in the workbook form.
    pub at: Place,
    /// Code, mission, label … source.
    pub fields: Fields,
    /// The pieces expected.
    pub evidence: Vec<Field>,
    /// One entry per contract year in force.
    pub years: Vec<IndicatorYearForm>,
}

/// An indicator's terms for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IndicatorYearForm {
    /// The year number as written.
    pub year: Option<Field>,
    /// Its `Annexe` row, in the workbook form.
    pub at: Place,
    /// Weight, target, floor.
    pub fields: Fields,
    /// Its tiers, in the order written.
    pub tiers: Vec<Item>,
}

/// A contract year's settings (`[annees.N]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct YearForm {
    /// The year number as written.
    pub year: Option<Field>,
    /// Its row, in the workbook form.
    pub at: Place,
    /// `crise_reconnue`, `remise`.
    pub fields: Fields,
}

/// A whole contract as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Form {
    /// Where a problem of `[cpts]` as a whole is shown (no population nor taille).
    pub cpts_at: Place,
    /// Where a contract without missions is shown.
    pub missions_at: Place,
    /// `grille` and the keys of `[cpts]` and `[contrat]` that are given.
    pub params: Fields,
    /// `[[missions]]`.
    pub missions: Vec<Item>,
    /// `[[indicateurs]]`.
    pub indicators: Vec<IndicatorForm>,
    /// `[annees.N]`.
    pub years: Vec<YearForm>,
    /// `[[avenants]]`.
    pub avenants: Vec<Item>,
    /// `[[contacts]]`.
    pub contacts: Vec<Item>,
}

/// Keys of `[[missions]]`, in the file's order.
pub(crate) const MISSION_KEYS: [&str; 9] = [
    "code",
    "debut",
    "fixe",
    "variable",
    "snp_compensation",
    "snp_supplementaire",
    "plan",
    "mise_a_jour",
    "activation",
];
/// Keys of `[[indicateurs]]` holding one value, in the file's order.
pub(crate) const INDICATOR_KEYS: [&str; 10] = [
    "code",
    "mission",
    "libelle",
    "portee",
    "nature",
    "regle",
    "sens",
    "valeur_initiale",
    "unite",
    "source",
];
/// Keys of `[indicateurs.annees.N]` holding one value.
pub(crate) const INDICATOR_YEAR_KEYS: [&str; 3] = ["poids", "cible", "seuil"];
/// Keys of a tier.
pub(crate) const TIER_KEYS: [&str; 3] = ["seuil", "part", "montant"];
/// Keys of `[annees.N]`.
pub(crate) const YEAR_KEYS: [&str; 2] = ["crise_reconnue", "remise"];
/// Keys of `[[avenants]]`.
pub(crate) const AVENANT_KEYS: [&str; 4] = ["numero", "signature", "effet", "objet"];
/// Keys of `[[contacts]]`.
pub(crate) const CONTACT_KEYS: [&str; 4] = ["role", "nom", "courriel", "telephone"];

/// The static key among `keys` equal to `key`.
pub(crate) fn known(keys: &[&'static str], key: &str) -> Option<&'static str> {
    keys.iter().copied().find(|k| *k == key)
}

/// A whole number's text, without decimals: `59`.
pub(crate) fn integer_text(n: Decimal) -> String {
    n.normalize().to_string()
}
