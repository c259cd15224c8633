//! The report tables: the sheets we write for people to read and print, and never read back
//! (the plan's sheets, the consolidation's sheets). Each is described once, the way the input
//! tables are in [`crate::workbook::layout`]: its sheet, its title, its columns with their
//! width, what they show and who computed them. Writers take names, widths, number formats and
//! the print set-up from here, so a column cannot be renamed in one place and not another.
//!
//! The sheet and column names are stable: scripts read these sheets, and `tests/reports.rs`
//! pins them.

use crate::workbook::layout::Role;

/// What a report column shows, which decides its number format and alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// A short text on one line (a code, a status, a name that fits).
    Label,
    /// A longer text that wraps within the column's width.
    Text,
    /// A whole number centred in its column (a contract year, a count).
    Integer,
    /// A count or a measure, in French, with the decimals it has.
    Number,
    /// Euros: `74 500,00 €`.
    Euros,
    /// A share: `56,2 %`.
    Percent,
    /// A date: `31/03/2026`.
    Date,
    /// `prévu` or `calculé`: grey when planned.
    Basis,
}

/// One column of a report table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportColumn {
    /// Header text (stable).
    pub name: &'static str,
    /// What it shows.
    pub shows: Shows,
    /// Where its values come from: the contract or the file (`Fixed`), the engine
    /// (`Computed`), or what the coordinator typed (`Input`).
    pub role: Role,
    /// Width in characters; a column sized from its content never grows past it (its text
    /// wraps instead).
    pub width: f64,
}

const fn col(name: &'static str, shows: Shows, role: Role, width: f64) -> ReportColumn {
    ReportColumn {
        name,
        shows,
        role,
        width,
    }
}

/// A report table and the sheet that holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportTable {
    /// Sheet name (stable).
    pub sheet: &'static str,
    /// The table's title, printed in the page header.
    pub title: &'static str,
    /// Columns, in order (stable names).
    pub columns: &'static [ReportColumn],
    /// How many leading columns stay in view when scrolling right.
    pub frozen: u16,
    /// The columns repeated at the left of each printed page when the table prints more than
    /// one page wide: the fewest that say what a row is about.
    pub repeated: Option<(u16, u16)>,
}

impl ReportTable {
    /// 0-based index of a column of this table, by name.
    ///
    /// # Panics
    /// When the name is not a column of the table: a programming error caught by the tests.
    pub fn col(&self, name: &str) -> u16 {
        let index = self.columns.iter().position(|c| c.name == name);
        let index = index.unwrap_or_else(|| panic!("{} has no column {name}", self.sheet));
        u16::try_from(index).expect("a report table has few columns")
    }

    /// The column names, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

/// The width of each sheet column shared by `tables` (tables one above the other on a sheet):
/// the widest any of them gives it, so that none shows `###` nor cuts a text sized for another.
pub fn shared_widths(tables: &[&ReportTable]) -> Vec<f64> {
    let mut widths: Vec<f64> = Vec::new();
    for t in tables {
        if widths.len() < t.columns.len() {
            widths.resize(t.columns.len(), 0.0);
        }
        for (w, c) in widths.iter_mut().zip(t.columns) {
            *w = w.max(c.width);
        }
    }
    widths
}

use Role::{Computed, Fixed, Input};
use Shows::{Basis, Date, Euros, Integer, Label, Number, Percent, Text};

/// The plan's sheets (`plan -o plan.xlsx`).
pub mod plan {
    use super::{
        Basis, Computed, Date, Euros, Fixed, Input, Integer, Label, Number, Percent, ReportTable,
        Text, col,
    };

    /// `Pluriannuel`: one row per contract year, maximum against obtained; what a year still
    /// running may yet obtain (`Reste à obtenir`) or what a year ended did not
    /// (`Non obtenu`), and whether its maximum rests on a grid figure à confirmer.
    pub const YEARS: ReportTable = ReportTable {
        sheet: "Pluriannuel",
        title: "Les années du contrat",
        columns: &[
            col("Année", Integer, Fixed, 8.0),
            col("Du", Date, Fixed, 12.0),
            col("Au", Date, Fixed, 12.0),
            col("Maximum (€)", Euros, Computed, 16.0),
            col("Obtenu (€)", Euros, Computed, 16.0),
            col("Base", Basis, Computed, 10.0),
            col("Reste à obtenir (€)", Euros, Computed, 16.0),
            col("Classeur", Text, Fixed, 40.0),
            // Added after the stable columns, so that none of them moves.
            col("Non obtenu (€)", Euros, Computed, 16.0),
            col("À confirmer", Text, Computed, 13.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Pluriannuel`, below the chart: each envelope of each year.
    pub const ENVELOPES: ReportTable = ReportTable {
        sheet: "Pluriannuel",
        title: "Par enveloppe et par année",
        columns: &[
            col("Année", Integer, Fixed, 8.0),
            col("Enveloppe", Label, Fixed, 28.0),
            col("Fixe (€)", Euros, Computed, 16.0),
            col("Variable maximum (€)", Euros, Computed, 16.0),
            col("Variable obtenu (€)", Euros, Computed, 16.0),
            col("Activation (€)", Euros, Computed, 16.0),
            col("Base", Basis, Computed, 10.0),
            col("À confirmer", Text, Computed, 16.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Échéancier`: every payment of every year, with the running total.
    pub const CALENDAR: ReportTable = ReportTable {
        sheet: "Échéancier",
        title: "Tous les versements du contrat",
        columns: &[
            col("Date", Date, Fixed, 12.0),
            col("Année", Integer, Fixed, 8.0),
            col("Versement", Text, Fixed, 48.0),
            col("Mission", Label, Fixed, 26.0),
            col("Montant (€)", Euros, Computed, 16.0),
            col("Base", Basis, Computed, 10.0),
            col("Cumul versé (€)", Euros, Computed, 18.0),
            col("À confirmer", Text, Fixed, 13.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Indicateurs`: each indicator's trajectory, one row per year.
    pub const INDICATORS: ReportTable = ReportTable {
        sheet: "Indicateurs",
        title: "Trajectoire des indicateurs",
        columns: &[
            col("Code", Label, Fixed, 10.0),
            col("Mission", Label, Fixed, 26.0),
            col("Indicateur", Text, Fixed, 44.0),
            col("Valeur initiale", Number, Fixed, 12.0),
            col("Année", Integer, Fixed, 8.0),
            col("Cible", Number, Fixed, 10.0),
            col("Poids (€)", Euros, Fixed, 14.0),
            col("Réalisé", Number, Input, 12.0),
            col("Atteinte", Percent, Computed, 10.0),
            col("Montant (€)", Euros, Computed, 14.0),
            col("Base", Basis, Computed, 10.0),
        ],
        frozen: 1,
        repeated: Some((0, 0)),
    };

    /// The plan's tables, in workbook order.
    pub const ALL: [ReportTable; 4] = [YEARS, ENVELOPES, CALENDAR, INDICATORS];
}

/// The consolidation's data sheets (`batch -o consolidation.xlsx`), after `Tableau de bord`.
/// A column's width is the most it grows to show its widest value; longer texts wrap.
pub mod consolidation {
    use super::{
        Computed, Euros, Fixed, Input, Integer, Label, Percent, ReportColumn, ReportTable, Text,
        col,
    };

    const FILE: ReportColumn = col("Fichier", Text, Fixed, 48.0);
    const CPTS_NAME: ReportColumn = col("CPTS", Text, Fixed, 28.0);
    const YEAR: ReportColumn = col("Année", Integer, Fixed, 22.0);
    // « Accompagnement des professionnels », the longest mission, on one line.
    const MISSION: ReportColumn = col("Mission", Text, Fixed, 32.0);
    const EVOLUTION: ReportColumn = col("Évolution (€)", Euros, Computed, 22.0);

    /// `CPTS`: one row per file.
    pub const CPTS: ReportTable = ReportTable {
        sheet: "CPTS",
        title: "CPTS",
        columns: &[
            FILE,
            CPTS_NAME,
            col("Identifiant", Label, Fixed, 22.0),
            col("Taille", Integer, Fixed, 22.0),
            YEAR,
            col("Statut", Label, Computed, 22.0),
            col("Erreurs", Integer, Computed, 22.0),
            col("Avertissements", Integer, Computed, 22.0),
            col("Financement total (€)", Euros, Computed, 22.0),
            col("Variable obtenu (€)", Euros, Computed, 22.0),
            col("Variable max (€)", Euros, Computed, 22.0),
            col("Taux d'atteinte", Percent, Computed, 22.0),
            col("Motif", Text, Computed, 32.0),
            col("Financement total N-1 (€)", Euros, Computed, 22.0),
            col("Taux d'atteinte N-1", Percent, Computed, 22.0),
            EVOLUTION,
        ],
        frozen: 0,
        repeated: Some((1, 1)),
    };

    /// `Indicateurs`: every indicator line of every file, with what explains its amount.
    pub const INDICATORS: ReportTable = ReportTable {
        sheet: "Indicateurs",
        title: "Indicateurs",
        columns: &[
            FILE,
            CPTS_NAME,
            YEAR,
            MISSION,
            col("Code", Label, Fixed, 22.0),
            // An indicator's wording on one line as long as it is not a sentence.
            col("Indicateur", Text, Fixed, 60.0),
            col("Réalisé", Label, Input, 22.0),
            col("Poids (€)", Euros, Fixed, 22.0),
            col("Poids de l'année (€)", Euros, Computed, 22.0),
            col("Atteinte", Percent, Computed, 22.0),
            col("Montant (€)", Euros, Computed, 22.0),
            col("Statut", Label, Computed, 22.0),
            col("Atteinte N-1", Percent, Computed, 22.0),
            col("Montant N-1 (€)", Euros, Computed, 22.0),
            EVOLUTION,
            col("Barème", Text, Fixed, 40.0),
            col("Il manque", Text, Computed, 30.0),
            col("Explication", Text, Computed, 40.0),
        ],
        frozen: 0,
        repeated: Some((3, 4)),
    };

    /// `Financement`: per file and mission.
    pub const FUNDING: ReportTable = ReportTable {
        sheet: "Financement",
        title: "Financement",
        columns: &[
            FILE,
            CPTS_NAME,
            YEAR,
            MISSION,
            col("Prorata", Percent, Fixed, 22.0),
            col("Fixe (€)", Euros, Computed, 22.0),
            col("Variable obtenu (€)", Euros, Computed, 22.0),
            col("Variable max (€)", Euros, Computed, 22.0),
            col("Activation (€)", Euros, Computed, 22.0),
            col("Total (€)", Euros, Computed, 22.0),
            col("Variable obtenu N-1 (€)", Euros, Computed, 22.0),
            col("Taux d'atteinte N-1", Percent, Computed, 22.0),
            col("Total N-1 (€)", Euros, Computed, 22.0),
            EVOLUTION,
            // The parts resting on a grid figure still à confirmer (« fixe, variable »).
            col("À confirmer", Label, Computed, 22.0),
        ],
        frozen: 0,
        repeated: Some((1, 3)),
    };

    /// `Contrôles`: every finding, with its file.
    pub const CONTROLS: ReportTable = ReportTable {
        sheet: "Contrôles",
        title: "Contrôles",
        columns: &[
            FILE,
            CPTS_NAME,
            col("Gravité", Label, Computed, 22.0),
            col("Code", Label, Computed, 22.0),
            col("Constat", Text, Computed, 28.0),
            col("Feuille", Label, Fixed, 22.0),
            col("Cellule", Label, Fixed, 22.0),
            col("Indicateur", Label, Fixed, 22.0),
            col("Problème", Text, Computed, 50.0),
            col("Correction", Text, Computed, 50.0),
            col("Enjeu (€)", Euros, Computed, 22.0),
        ],
        frozen: 0,
        repeated: Some((1, 1)),
    };

    /// The most columns a data sheet has.
    pub const MAX_COLUMNS: usize = 18;

    /// The data sheets, in workbook order.
    pub const ALL: [ReportTable; 4] = [CPTS, INDICATORS, FUNDING, CONTROLS];
}

/// The tracking workbook's own report tables: the `Contrat` sheet's envelopes, `Synthèse`, and
/// what `summarize` adds (`Contrôles`, `Saisies conservées`). Tables that share a sheet share
/// its columns: a sheet column is as wide as the widest of its tables makes it.
pub mod summary {
    use super::{
        Computed, Date, Euros, Fixed, Input, Label, Percent, ReportColumn, ReportTable, Text, col,
    };

    const TO_CONFIRM: ReportColumn = col("À confirmer", Text, Fixed, 17.0);

    /// `Contrat`: each envelope of the year, with the total row.
    pub const ENVELOPES: ReportTable = ReportTable {
        sheet: "Contrat",
        title: "Financements de l'année",
        columns: &[
            col("Mission", Label, Fixed, 40.0),
            col("Début", Date, Fixed, 15.0),
            col("Prorata de l'année", Percent, Fixed, 15.0),
            col("Fixe annuel (€)", Euros, Fixed, 15.0),
            col("Variable annuel (€)", Euros, Fixed, 15.0),
            col("Fixe de l'année (€)", Euros, Fixed, 15.0),
            col("Variable max de l'année (€)", Euros, Fixed, 15.0),
            col("Activation crise (€)", Euros, Fixed, 15.0),
            col("Total de l'année (€)", Euros, Computed, 15.0),
            col("À confirmer", Text, Fixed, 18.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Contrat`, below the envelopes: the parts of a fixed envelope made of several.
    pub const FIXED_PARTS: ReportTable = ReportTable {
        sheet: "Contrat",
        title: "Détail de la part fixe",
        columns: &[
            col("Part", Label, Fixed, 40.0),
            col("Montant annuel (€)", Euros, Fixed, 15.0),
            col("À confirmer", Text, Fixed, 15.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Synthèse`: per mission and in total, live.
    pub const MISSIONS: ReportTable = ReportTable {
        sheet: "Synthèse",
        title: "Synthèse",
        columns: &[
            col("Mission", Label, Fixed, 34.0),
            col("Prorata", Percent, Fixed, 11.0),
            col("Fixe (€)", Euros, Fixed, 15.0),
            col("Activation crise (€)", Euros, Fixed, 15.0),
            col("Variable max (€)", Euros, Fixed, 15.0),
            col("Variable obtenu (€)", Euros, Computed, 15.0),
            col("Atteinte", Percent, Computed, 15.0),
            col("Total obtenu (€)", Euros, Computed, 15.0),
            col("Maximum (€)", Euros, Fixed, 15.0),
            TO_CONFIRM,
        ],
        frozen: 1,
        repeated: None,
    };

    /// `Synthèse`, below the chart: the year's payments, on the missions' columns.
    /// `Situation` spans three sheet columns (D to F), so `À confirmer` sits in G.
    pub const CALENDAR: ReportTable = ReportTable {
        sheet: "Synthèse",
        title: "Calendrier des versements de l'année",
        columns: &[
            col("Versement", Text, Fixed, 34.0),
            col("Date", Date, Fixed, 11.0),
            col("Montant (€)", Euros, Computed, 15.0),
            col("Situation", Text, Fixed, 45.0),
            TO_CONFIRM,
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Synthèse` of a summarized workbook: each line's outcome and what explains it.
    pub const DETAIL: ReportTable = ReportTable {
        sheet: "Synthèse",
        title: "Détail par indicateur (calcul de cpts-aci)",
        columns: &[
            col("Indicateur", Text, Fixed, 34.0),
            col("Code", Label, Fixed, 11.0),
            col("Poids de l'année (€)", Euros, Fixed, 15.0),
            col("Atteinte", Percent, Computed, 15.0),
            col("Montant (€)", Euros, Computed, 15.0),
            col("Statut", Label, Computed, 15.0),
            col("Barème", Text, Fixed, 24.0),
            col("Il manque", Text, Computed, 24.0),
            col("Explication", Text, Computed, 24.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// `Contrôles`: every finding, with a link to its cell (a list read as one block: every
    /// header in the contract's colour).
    pub const CONTROLS: ReportTable = ReportTable {
        sheet: "Contrôles",
        title: "Contrôles",
        columns: &[
            col("Gravité", Label, Fixed, 15.0),
            col("Feuille", Label, Fixed, 16.0),
            col("Cellule", Label, Fixed, 9.0),
            col("Indicateur", Label, Fixed, 11.0),
            col("Constat", Text, Fixed, 22.0),
            col("Problème", Text, Fixed, 55.0),
            col("Correction", Text, Fixed, 55.0),
            col("Enjeu (€)", Euros, Fixed, 13.0),
            col("Code", Label, Fixed, 26.0),
        ],
        frozen: 0,
        repeated: Some((0, 0)),
    };

    /// `Saisies conservées`: what was typed with no place in the layout.
    pub const KEPT: ReportTable = ReportTable {
        sheet: "Saisies conservées",
        title: "Saisies conservées",
        columns: &[
            col("Feuille", Label, Fixed, 18.0),
            col("Cellule d'origine", Label, Fixed, 16.0),
            col("Colonne", Label, Fixed, 24.0),
            col("Valeur", Text, Input, 50.0),
        ],
        frozen: 0,
        repeated: None,
    };

    /// Every table of the tracking workbook's report sheets.
    pub const ALL: [ReportTable; 7] = [
        ENVELOPES,
        FIXED_PARTS,
        MISSIONS,
        CALENDAR,
        DETAIL,
        CONTROLS,
        KEPT,
    ];
}
