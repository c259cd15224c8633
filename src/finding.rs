//! A finding: one problem in a workbook, with its place and its fix (README, « Contrôler un classeur rempli »).

use serde::Serialize;

/// How serious a finding is. Errors make `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the dialogue de gestion until fixed.
    Error,
    /// To look at; the figures are computed anyway.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Info => "information",
        }
    }
}

/// Every kind of finding this tool reports: the catalogue of stable codes, each with its
/// usual severity and its usual fix in French. The README lists exactly these codes (a test
/// checks it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The workbook was not made by cpts-aci (no identification sheet).
    NotOurWorkbook,
    /// The file is not a readable workbook (empty, truncated, encrypted, not a spreadsheet).
    Unreadable,
    /// The workbook's format version is not one this version reads.
    UnsupportedFormat,
    /// The contract stored in the workbook cannot be read.
    ContractUnreadable,
    /// The contract stored in the workbook no longer matches its fingerprint.
    ContractAltered,
    /// The workbook was made for another contract than the one given.
    ContractMismatch,
    /// A value fixed by the contract (target, weight, baseline) was edited.
    LockedValueChanged,
    /// A table is gone or renamed (or only its Excel table definition is).
    TableMissing,
    /// A column is gone or renamed.
    ColumnMissing,
    /// An indicator line of the year has no row.
    RowMissing,
    /// A row is there twice.
    RowDuplicate,
    /// A row the contract does not know.
    RowUnknown,
    /// Not a number where one is needed.
    ValueNotNumber,
    /// A value read after reinterpreting how it was typed.
    ValueNormalised,
    /// A negative value.
    ValueNegative,
    /// A value outside its choice list.
    ValueNotInList,
    /// A value beyond what the engine holds.
    ValueOutOfRange,
    /// A percentage typed in an indicator that is not a percentage.
    ValueUnitMismatch,
    /// A formula in an input cell.
    FormulaInInput,
    /// Not a date.
    DateInvalid,
    /// A date outside the contract year.
    DateOutsideYear,
    /// A neutralised line without its explanation.
    NeutralisedWithoutComment,
    /// A paid line without a value.
    ValueMissing,
    /// A result claimed with its evidence not provided.
    EvidenceMissing,
    /// A checkpoint past its date with nothing recorded.
    CheckpointNotRecorded,
    /// An amount shown in the workbook that differs from the engine's.
    AmountDiffers,
    /// A mission's variable envelope that no line of the year can earn.
    VariableUnreachable,
    /// A sheet beyond the size limits.
    SheetTooLarge,
    /// A text beyond Excel's length limit.
    TextTooLong,
    /// A contract changed without an avenant recorded in `[[avenants]]`.
    AvenantMissing,
    /// An avenant that changes a contract year already started on its effect date.
    AvenantPastYear,
    /// Two workbooks given for the same contract year.
    YearDuplicate,
    /// Two workbooks of one CPTS and contract year with different entries, given to `batch`.
    WorkbookConflict,
    /// A piece marked provided whose reference leads to no file.
    EvidenceFileMissing,
    /// A bare file name found several times in the evidence folder.
    EvidenceAmbiguous,
    /// A file referenced while the piece is not marked provided.
    EvidenceNotMarked,
    /// A reference leading outside the evidence folder (`..`, absolute path, symbolic link).
    EvidenceOutsideFolder,
}

impl Code {
    /// The whole catalogue, in the order of the README.
    pub const ALL: [Code; 37] = [
        Code::NotOurWorkbook,
        Code::Unreadable,
        Code::UnsupportedFormat,
        Code::ContractUnreadable,
        Code::ContractAltered,
        Code::ContractMismatch,
        Code::LockedValueChanged,
        Code::TableMissing,
        Code::ColumnMissing,
        Code::RowMissing,
        Code::RowDuplicate,
        Code::RowUnknown,
        Code::ValueNotNumber,
        Code::ValueNormalised,
        Code::ValueNegative,
        Code::ValueNotInList,
        Code::ValueOutOfRange,
        Code::ValueUnitMismatch,
        Code::FormulaInInput,
        Code::DateInvalid,
        Code::DateOutsideYear,
        Code::NeutralisedWithoutComment,
        Code::ValueMissing,
        Code::EvidenceMissing,
        Code::CheckpointNotRecorded,
        Code::AmountDiffers,
        Code::VariableUnreachable,
        Code::SheetTooLarge,
        Code::TextTooLong,
        Code::AvenantMissing,
        Code::AvenantPastYear,
        Code::YearDuplicate,
        Code::WorkbookConflict,
        Code::EvidenceFileMissing,
        Code::EvidenceAmbiguous,
        Code::EvidenceNotMarked,
        Code::EvidenceOutsideFolder,
    ];

    /// The stable code, as JSON and the README write it.
    pub fn as_str(self) -> &'static str {
        self.entry().0
    }

    /// How serious a finding of this kind usually is.
    pub fn severity(self) -> Severity {
        self.entry().1
    }

    /// The usual fix, in French, when the finding does not say a more precise one.
    pub fn hint(self) -> &'static str {
        self.entry().2
    }

    fn entry(self) -> (&'static str, Severity, &'static str) {
        use Severity::{Error as E, Warning as W};
        match self {
            Code::NotOurWorkbook => (
                "not_our_workbook",
                E,
                "Partez du classeur produit par « cpts-aci generate » pour votre contrat et reportez-y vos saisies.",
            ),
            Code::Unreadable => (
                "unreadable",
                E,
                "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau.",
            ),
            Code::UnsupportedFormat => (
                "unsupported_format",
                E,
                "Régénérez le classeur avec cette version de cpts-aci.",
            ),
            Code::ContractUnreadable => (
                "contract_unreadable",
                E,
                "Régénérez le classeur à partir du contrat signé.",
            ),
            Code::ContractAltered => (
                "contract_altered",
                E,
                "Régénérez le classeur à partir du contrat signé et reportez-y vos saisies.",
            ),
            Code::ContractMismatch => (
                "contract_mismatch",
                E,
                "Vérifiez que le classeur et le contrat concernent la même CPTS et la même version du contrat.",
            ),
            Code::LockedValueChanged => (
                "locked_value_changed",
                E,
                "Le contrat fait foi : rétablissez la valeur du contrat, ou faites signer un avenant.",
            ),
            Code::TableMissing => (
                "table_missing",
                E,
                "Ne renommez ni les feuilles, ni les tableaux, ni leurs colonnes.",
            ),
            Code::ColumnMissing => (
                "column_missing",
                E,
                "Rétablissez l'en-tête de la colonne (le contrôle lit les colonnes par leur nom).",
            ),
            Code::RowMissing => (
                "row_missing",
                E,
                "Rétablissez la ligne : repartez du classeur produit par cpts-aci.",
            ),
            Code::RowDuplicate => (
                "row_duplicate",
                E,
                "Gardez une seule ligne et supprimez l'autre.",
            ),
            Code::RowUnknown => ("row_unknown", E, "Corrigez le code ou supprimez la ligne."),
            Code::ValueNotNumber => (
                "value_not_number",
                E,
                "Saisissez un nombre (par exemple 12,5).",
            ),
            Code::ValueNormalised => (
                "value_normalised",
                W,
                "Saisissez la valeur telle qu'elle est lue, pour que le classeur calcule la même chose.",
            ),
            Code::ValueNegative => (
                "value_negative",
                E,
                "Saisissez la valeur constatée, positive ou nulle.",
            ),
            Code::ValueNotInList => (
                "value_not_in_list",
                E,
                "Choisissez dans la liste déroulante.",
            ),
            Code::ValueOutOfRange => (
                "value_out_of_range",
                E,
                "Vérifiez la valeur et saisissez le nombre constaté.",
            ),
            Code::ValueUnitMismatch => (
                "value_unit_mismatch",
                E,
                "Saisissez le nombre constaté sans le signe %.",
            ),
            Code::FormulaInInput => (
                "formula_in_input",
                E,
                "Saisissez la valeur elle-même (Collage spécial, Valeurs seulement).",
            ),
            Code::DateInvalid => (
                "date_invalid",
                E,
                "Saisissez une date au format JJ/MM/AAAA, par exemple 15/03/2025.",
            ),
            Code::DateOutsideYear => (
                "date_outside_year",
                W,
                "Vérifiez la date : elle doit se situer dans l'année de contrat du classeur.",
            ),
            Code::NeutralisedWithoutComment => (
                "neutralised_without_comment",
                W,
                "Indiquez dans « Commentaire » pourquoi l'action n'a pu être menée.",
            ),
            Code::ValueMissing => (
                "value_missing",
                W,
                "Saisissez la valeur réalisée, ou faites neutraliser l'indicateur.",
            ),
            Code::EvidenceMissing => (
                "evidence_missing",
                W,
                "Réunissez la pièce et mettez « Fournie » à Oui, avec sa référence.",
            ),
            Code::CheckpointNotRecorded => (
                "checkpoint_not_recorded",
                W,
                "Indiquez la date réelle, les participants et les décisions.",
            ),
            Code::AmountDiffers => (
                "amount_differs",
                W,
                "Le montant calculé par cpts-aci fait foi ; vérifiez la valeur saisie ou une formule remplacée.",
            ),
            Code::VariableUnreachable => (
                "variable_unreachable",
                W,
                "Faites répartir cette enveloppe entre des indicateurs par un avenant.",
            ),
            Code::SheetTooLarge => (
                "sheet_too_large",
                E,
                "Supprimez les lignes et colonnes parasites puis enregistrez le classeur.",
            ),
            Code::TextTooLong => (
                "text_too_long",
                E,
                "Raccourcissez ce texte ; joignez les longs documents comme pièces justificatives.",
            ),
            Code::AvenantMissing => (
                "avenant_missing",
                E,
                "Ajoutez au nouveau contrat une table [[avenants]] pour l'avenant signé (numero, signature, effet, objet).",
            ),
            Code::AvenantPastYear => (
                "avenant_past_year",
                E,
                "Une année commencée ne change plus : reportez ce changement sur une année qui commence à la date d'effet ou après.",
            ),
            Code::YearDuplicate => (
                "year_duplicate",
                E,
                "Ne donnez qu'un classeur par année de contrat : le classeur rempli et à jour.",
            ),
            Code::WorkbookConflict => (
                "workbook_conflict",
                E,
                "Gardez un seul classeur par CPTS et par année, le bon et à jour, retirez les autres du lot et relancez batch.",
            ),
            Code::EvidenceFileMissing => (
                "evidence_file_missing",
                E,
                "Écrivez dans « Référence » le nom du fichier de la pièce, ou son chemin dans le dossier des pièces, et vérifiez qu'il y est.",
            ),
            Code::EvidenceAmbiguous => (
                "evidence_ambiguous",
                E,
                "Écrivez le chemin de la pièce dans le dossier des pièces (par exemple acces/ACC-04/procedure.pdf) plutôt que son seul nom.",
            ),
            Code::EvidenceNotMarked => (
                "evidence_not_marked",
                W,
                "Si la pièce est prête, mettez « Fournie » à Oui ; sinon effacez la référence.",
            ),
            Code::EvidenceOutsideFolder => (
                "evidence_outside_folder",
                E,
                "Placez la pièce dans le dossier des pièces et écrivez son chemin à partir de ce dossier, sans « .. » ni chemin absolu.",
            ),
        }
    }
}

/// One problem found in a workbook (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier of the kind of problem, e.g. `value_not_number`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Sheet name ("" when the problem is the whole file).
    pub sheet: String,
    /// Cell in A1 notation ("" when the problem is not in one cell).
    pub cell: String,
    /// Indicator code, when the problem concerns one.
    pub indicator: Option<String>,
    /// What is wrong with the value found, in French.
    pub message: String,
    /// How to fix it, in French.
    pub hint: String,
}

impl Finding {
    /// A finding of a kind of the catalogue, at a cell ("" for a whole sheet or file), with
    /// its usual severity and fix.
    pub fn of(
        code: Code,
        sheet: &str,
        cell: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code: code.as_str(),
            severity: code.severity(),
            sheet: sheet.to_string(),
            cell: cell.into(),
            indicator: None,
            message: message.into(),
            hint: code.hint().to_string(),
        }
    }

    /// The same finding, with a fix more precise than the usual one.
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = hint.into();
        self
    }

    /// The same finding at another severity (a code that can be either, like a table whose
    /// data is intact but whose Excel definition is gone).
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// The same finding, about an indicator when there is one.
    pub fn with_indicator(mut self, indicator: Option<&str>) -> Finding {
        self.indicator = indicator.map(str::to_string);
        self
    }

    /// The same finding, about an indicator.
    pub fn about(mut self, indicator: &str) -> Finding {
        self.indicator = Some(indicator.to_string());
        self
    }
}
