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
    /// A finding with no indicator.
    pub fn new(
        code: &'static str,
        severity: Severity,
        sheet: &str,
        cell: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            severity,
            sheet: sheet.to_string(),
            cell: cell.into(),
            indicator: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The same finding, about an indicator.
    pub fn about(mut self, indicator: &str) -> Finding {
        self.indicator = Some(indicator.to_string());
        self
    }
}
