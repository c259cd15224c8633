//! The workbook's layout: the one description of sheets, tables and columns that the writer
//! uses to build a workbook and the reader uses to find things in one (README, « Le classeur de suivi »).
//!
//! Names here are a stable interface: CPAM scripts and acceptance checks rely on them.
//! Nothing else in the code addresses a table column by position: ask [`TableLayout::col`].

/// Sheet with the instructions.
pub const SHEET_README: &str = "Lisez-moi";
/// Read-only sheet with the contract's identity, dates and envelopes.
pub const SHEET_CONTRACT: &str = "Contrat";
/// Sheet holding the `Indicateurs` table.
pub const SHEET_INDICATORS: &str = "Indicateurs";
/// Sheet holding the `Justificatifs` table.
pub const SHEET_EVIDENCE: &str = "Justificatifs";
/// Sheet holding the `PointsEtape` table.
pub const SHEET_CHECKPOINTS: &str = "Points d'étape";
/// Summary sheet with live formulas.
pub const SHEET_SUMMARY: &str = "Synthèse";
/// Sheet listing the findings, written by `summarize`.
pub const SHEET_CONTROLS: &str = "Contrôles";
/// Sheet keeping entries that have no place in the layout (unknown rows, added columns).
pub const SHEET_KEPT: &str = "Saisies conservées";
/// Hidden sheet identifying the workbook (format, year, contract and its hash).
pub const SHEET_META: &str = "cpts-aci";

/// A column index as a sheet column number; layouts have a handful, and a larger index
/// saturates at the last column instead of silently wrapping to the first.
pub fn col_at(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A row offset as a sheet row number, saturating at the sheet's end.
pub fn row_at(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The sheets this tool writes for people and never reads back.
pub const DISPLAY_ONLY: [&str; 5] = [
    SHEET_README,
    SHEET_CONTRACT,
    SHEET_SUMMARY,
    SHEET_CONTROLS,
    SHEET_KEPT,
];

/// Cell of the `Contrat` sheet showing the CPTS's name (the identity block opens the sheet):
/// where `check` points when the name is still to fill.
pub const CONTRACT_NAME_CELL: &str = "B4";
/// Cell of the `Contrat` sheet showing the CPTS's SIRET or FINESS, just under its name.
pub const CONTRACT_IDENTIFIER_CELL: &str = "B5";

/// The sheets read back, in the order findings are listed.
pub const READ_BACK: [&str; 4] = [
    SHEET_META,
    SHEET_INDICATORS,
    SHEET_EVIDENCE,
    SHEET_CHECKPOINTS,
];

/// Format identifier written in the metadata sheet.
pub const WORKBOOK_FORMAT: &str = "cpts-aci/classeur@1";
/// Version of the workbook's texts and presentation, shown in `Lisez-moi`.
pub const TEMPLATE_VERSION: &str = "2026.1";

/// Keys of the metadata sheet (column A), with their value in column B.
pub mod meta {
    /// Workbook format identifier.
    pub const FORMAT: &str = "format";
    /// Contract year of the workbook.
    pub const YEAR: &str = "annee";
    /// SHA-256 of the contract text, in hexadecimal.
    pub const CONTRACT_SHA256: &str = "contrat_sha256";
    /// The contract text, split over as many rows as needed (a cell holds 32 767 characters).
    pub const CONTRACT_TEXT: &str = "contrat";
    /// The year's terms in compact form (JSON), split like the contract text.
    pub const TERMS: &str = "termes";
    /// SHA-256 of the year's terms.
    pub const TERMS_SHA256: &str = "termes_sha256";
    /// Program and version that wrote the workbook.
    pub const GENERATOR: &str = "generateur";
    /// Version of the workbook template.
    pub const TEMPLATE: &str = "modele";
}

/// Largest piece of contract text put in one metadata cell (Excel's limit is 32 767).
pub const META_CHUNK_CHARS: usize = 30_000;

/// Who writes a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Typed by the coordinator: unlocked, input-styled.
    Input,
    /// Written from the contract: locked.
    Fixed,
    /// A formula: locked, computed.
    Computed,
}

/// How a column's values are shown and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A number.
    Number,
    /// Euros.
    Euros,
    /// A share shown as a percentage.
    Percent,
    /// A date.
    Date,
    /// `Oui` / `Non`.
    YesNo,
    /// The observed value of an indicator line: a number or a choice, depending on its rule.
    Observed,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Header text (stable).
    pub name: &'static str,
    /// Who writes it.
    pub role: Role,
    /// What it holds.
    pub kind: Kind,
    /// Width in characters.
    pub width: f64,
    /// Input message title for input columns (at most 32 characters).
    pub help_title: &'static str,
    /// Input message for input columns (at most 255 characters).
    pub help: &'static str,
}

const fn col(name: &'static str, role: Role, kind: Kind, width: f64) -> Column {
    Column {
        name,
        role,
        kind,
        width,
        help_title: "",
        help: "",
    }
}

const fn input(
    name: &'static str,
    kind: Kind,
    width: f64,
    help_title: &'static str,
    help: &'static str,
) -> Column {
    Column {
        name,
        role: Role::Input,
        kind,
        width,
        help_title,
        help,
    }
}

/// An Excel table and where it sits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableLayout {
    /// Sheet name.
    pub sheet: &'static str,
    /// Excel table name (stable).
    pub name: &'static str,
    /// Columns, in order (stable).
    pub columns: &'static [Column],
    /// 0-based row of the header in a freshly generated workbook (readers search for it).
    pub header_row: u32,
}

impl TableLayout {
    /// 0-based index of a column of this table, by name.
    ///
    /// # Panics
    /// When the name is not a column of the table: a programming error caught by the tests.
    pub fn col(&self, name: &str) -> u16 {
        let index = self.columns.iter().position(|c| c.name == name);
        let index = index.unwrap_or_else(|| panic!("{} has no column {name}", self.name));
        u16::try_from(index).expect("a table has few columns")
    }

    /// 0-based row of the first data row in a freshly generated workbook.
    pub fn first_data_row(&self) -> u32 {
        self.header_row + 1
    }
}

/// Column names of table `Indicateurs`.
pub mod ind {
    #![allow(missing_docs)]
    pub const CODE: &str = "Code";
    pub const MISSION: &str = "Mission";
    pub const LABEL: &str = "Indicateur";
    pub const SCOPE: &str = "Portée";
    pub const NATURE: &str = "Nature";
    pub const RULE: &str = "Règle";
    pub const DIRECTION: &str = "Sens";
    pub const BASELINE: &str = "Valeur initiale";
    pub const TARGET: &str = "Cible";
    pub const WEIGHT: &str = "Poids (€)";
    pub const YEAR_WEIGHT: &str = "Poids de l'année (€)";
    pub const OBSERVED: &str = "Réalisé";
    pub const MEASURED_ON: &str = "Date de mesure";
    pub const SOURCE: &str = "Source";
    pub const NEUTRALISED: &str = "Neutralisé";
    pub const COMMENT: &str = "Commentaire";
    pub const ATTAINMENT: &str = "Atteinte";
    pub const AMOUNT: &str = "Montant (€)";
    pub const SCALE: &str = "Barème";
    pub const MISSING: &str = "Il manque";
    pub const EXPLANATION: &str = "Explication";
}

/// Table `Indicateurs`: one row per indicator line of the year.
pub const INDICATORS: TableLayout = TableLayout {
    sheet: SHEET_INDICATORS,
    name: "Indicateurs",
    header_row: 3,
    columns: &[
        col(ind::CODE, Role::Fixed, Kind::Text, 10.0),
        col(ind::MISSION, Role::Fixed, Kind::Text, 26.0),
        col(ind::LABEL, Role::Fixed, Kind::Text, 46.0),
        col(ind::SCOPE, Role::Fixed, Kind::Text, 10.0),
        col(ind::NATURE, Role::Fixed, Kind::Text, 10.0),
        col(ind::RULE, Role::Fixed, Kind::Text, 11.0),
        col(ind::DIRECTION, Role::Fixed, Kind::Text, 8.0),
        col(ind::BASELINE, Role::Fixed, Kind::Number, 12.0),
        col(ind::TARGET, Role::Fixed, Kind::Number, 12.0),
        col(ind::WEIGHT, Role::Fixed, Kind::Euros, 13.0),
        col(ind::YEAR_WEIGHT, Role::Computed, Kind::Euros, 13.0),
        input(
            ind::OBSERVED,
            Kind::Observed,
            14.0,
            "Valeur réalisée",
            "Un nombre seul (12,5 ou 1250), ou un choix de la liste pour un indicateur Fait / Non \
             fait ou qualitatif. Un texte (1.250, 42 patients) ne compte pas : ni ici, ni au \
             contrôle.",
        ),
        input(
            ind::MEASURED_ON,
            Kind::Date,
            12.0,
            "Date de mesure",
            "Date à laquelle la valeur a été mesurée ou extraite (JJ/MM/AAAA), dans l'année de \
             contrat.",
        ),
        col(ind::SOURCE, Role::Fixed, Kind::Text, 24.0),
        input(
            ind::NEUTRALISED,
            Kind::YesNo,
            11.0,
            "Indicateur neutralisé ?",
            "Oui seulement si l'ARS et la CPAM ont accepté de ne pas compter cet indicateur cette \
             année. Expliquez pourquoi dans Commentaire.",
        ),
        input(
            ind::COMMENT,
            Kind::Text,
            30.0,
            "Commentaire",
            "Contexte utile au dialogue de gestion : source, difficulté, raison d'une \
             neutralisation.",
        ),
        col(ind::ATTAINMENT, Role::Computed, Kind::Percent, 10.0),
        col(ind::AMOUNT, Role::Computed, Kind::Euros, 13.0),
        col(ind::SCALE, Role::Fixed, Kind::Text, 34.0),
        col(ind::MISSING, Role::Computed, Kind::Text, 32.0),
        col(ind::EXPLANATION, Role::Computed, Kind::Text, 48.0),
    ],
};

/// Column names of table `Justificatifs`.
pub mod evid {
    #![allow(missing_docs)]
    pub const CODE: &str = "Code indicateur";
    pub const PIECE: &str = "Pièce attendue";
    pub const PROVIDED: &str = "Fournie";
    pub const REFERENCE: &str = "Référence";
    pub const DATE: &str = "Date";
    pub const COMMENT: &str = "Commentaire";
}

/// Table `Justificatifs`: one row per expected piece of evidence.
pub const EVIDENCE: TableLayout = TableLayout {
    sheet: SHEET_EVIDENCE,
    name: "Justificatifs",
    header_row: 3,
    columns: &[
        col(evid::CODE, Role::Fixed, Kind::Text, 16.0),
        col(evid::PIECE, Role::Fixed, Kind::Text, 56.0),
        input(
            evid::PROVIDED,
            Kind::YesNo,
            10.0,
            "Pièce fournie ?",
            "Oui quand la pièce est prête à être remise à l'ARS et à la CPAM.",
        ),
        input(
            evid::REFERENCE,
            Kind::Text,
            30.0,
            "Référence de la pièce",
            "Nom du fichier dans le dossier des pièces (compte-rendu-mars.pdf) ; si ce nom y revient plusieurs fois, son chemin dans ce dossier ou la fin de celui-ci qui le distingue (PAR-04/compte-rendu-mars.pdf).",
        ),
        input(
            evid::DATE,
            Kind::Date,
            12.0,
            "Date de la pièce",
            "Date du document (JJ/MM/AAAA), dans l'année de contrat.",
        ),
        input(
            evid::COMMENT,
            Kind::Text,
            36.0,
            "Commentaire",
            "Précision utile sur la pièce.",
        ),
    ],
};

/// Column names of table `PointsEtape`.
pub mod step {
    #![allow(missing_docs)]
    pub const PLANNED: &str = "Date prévue";
    pub const HELD: &str = "Date réelle";
    pub const PARTICIPANTS: &str = "Participants";
    pub const SUBJECT: &str = "Objet";
    pub const DECISIONS: &str = "Décisions";
}

/// Table `PointsEtape`: the quarterly checkpoints and the one before the dialogue de gestion.
pub const CHECKPOINTS: TableLayout = TableLayout {
    sheet: SHEET_CHECKPOINTS,
    name: "PointsEtape",
    header_row: 3,
    columns: &[
        col(step::PLANNED, Role::Fixed, Kind::Date, 13.0),
        input(
            step::HELD,
            Kind::Date,
            13.0,
            "Date réelle",
            "Date à laquelle le point d'étape a eu lieu (JJ/MM/AAAA).",
        ),
        input(
            step::PARTICIPANTS,
            Kind::Text,
            34.0,
            "Participants",
            "Qui était présent : CPTS, ARS, CPAM, bureau, référents.",
        ),
        input(
            step::SUBJECT,
            Kind::Text,
            36.0,
            "Objet",
            "Ce qui a été examiné.",
        ),
        input(
            step::DECISIONS,
            Kind::Text,
            48.0,
            "Décisions",
            "Ce qui a été décidé, et par qui.",
        ),
    ],
};

/// Columns added to a table after workbooks were first made: a workbook written by an earlier
/// version has none of them and is read without them (they are computed, never typed).
pub const ADDED_COLUMNS: [&str; 4] = [ind::YEAR_WEIGHT, ind::SCALE, ind::MISSING, ind::EXPLANATION];

/// Every table, for checks that go over all of them.
pub const TABLES: [TableLayout; 3] = [INDICATORS, EVIDENCE, CHECKPOINTS];

/// Choices of the `Réalisé` cell of a binary line without target.
pub const DONE_CHOICES: [&str; 2] = ["Fait", "Non fait"];
/// Choices of the `Réalisé` cell of a qualitative line.
pub const QUALITY_CHOICES: [&str; 3] = ["Atteint", "Partiellement atteint", "Non atteint"];
/// Choices of a yes/no cell.
pub const YES_NO: [&str; 2] = ["Oui", "Non"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_the_stable_columns_in_order() {
        let names = |t: &TableLayout| t.columns.iter().map(|c| c.name).collect::<Vec<_>>();
        assert_eq!(
            names(&INDICATORS),
            [
                "Code",
                "Mission",
                "Indicateur",
                "Portée",
                "Nature",
                "Règle",
                "Sens",
                "Valeur initiale",
                "Cible",
                "Poids (€)",
                "Poids de l'année (€)",
                "Réalisé",
                "Date de mesure",
                "Source",
                "Neutralisé",
                "Commentaire",
                "Atteinte",
                "Montant (€)",
                "Barème",
                "Il manque",
                "Explication"
            ]
        );
        assert_eq!(
            names(&EVIDENCE),
            [
                "Code indicateur",
                "Pièce attendue",
                "Fournie",
                "Référence",
                "Date",
                "Commentaire"
            ]
        );
        assert_eq!(
            names(&CHECKPOINTS),
            [
                "Date prévue",
                "Date réelle",
                "Participants",
                "Objet",
                "Décisions"
            ]
        );
    }

    #[test]
    fn input_columns_are_the_bold_ones_of_the_spec_and_have_help_that_fits_excel() {
        let inputs: Vec<_> = TABLES
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.role == Role::Input)
                    .map(|c| c.name)
            })
            .collect();
        assert_eq!(
            inputs,
            [
                "Réalisé",
                "Date de mesure",
                "Neutralisé",
                "Commentaire",
                "Fournie",
                "Référence",
                "Date",
                "Commentaire",
                "Date réelle",
                "Participants",
                "Objet",
                "Décisions"
            ]
        );
        for c in TABLES.iter().flat_map(|t| t.columns) {
            assert!(
                c.help_title.chars().count() <= 32 && c.help.chars().count() <= 255,
                "{}",
                c.name
            );
            assert_eq!(c.role == Role::Input, !c.help.is_empty(), "{}", c.name);
        }
    }

    #[test]
    fn col_finds_columns_by_name() {
        assert_eq!(INDICATORS.col(ind::AMOUNT), 17);
        assert_eq!(EVIDENCE.col(evid::PROVIDED), 2);
    }
}
