//! What the workbook's cells get wrong on their own ([`Flaw`]), and what those values leave
//! unknown ([`Taint`]) so that the contract's checks do not report their consequences.

use super::super::form::{At, Field, IndicatorForm};
use super::super::layout::{ANNEX, AVENANTS, BookTable, MISSIONS, col};
use crate::finding::{Code, Hint, hints};
use std::collections::HashSet;

/// A problem of the workbook itself, at its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flaw {
    /// The cell (none for the whole workbook).
    pub at: Option<At>,
    /// Its kind.
    pub code: Code,
    /// What is wrong, in French.
    pub message: String,
    /// A fix more precise than the code's, when there is one, and what fills its slot.
    pub hint: Option<(Hint, String)>,
}

impl Flaw {
    pub(super) fn new(at: Option<At>, code: Code, message: String) -> Flaw {
        Flaw {
            at,
            code,
            message,
            hint: None,
        }
    }

    pub(super) fn hint(self, hint: Hint, arg: &str) -> Flaw {
        Flaw {
            hint: Some((hint, arg.to_string())),
            ..self
        }
    }

    pub(super) fn table_missing(table: &BookTable) -> Flaw {
        let message = format!(
            "le tableau « {} » est introuvable : feuille « {} » supprimée ou renommée, ou \
             en-têtes modifiés",
            table.name, table.sheet
        );
        Flaw::new(None, Code::TableMissing, message).hint(hints::CONTRACT_TABLE, table.sheet)
    }

    pub(super) fn column_missing(table: &BookTable, header_row: u32, column: &str) -> Flaw {
        let at = At {
            sheet: table.sheet,
            row: header_row,
            col: 0,
            indicator: None,
            mission: None,
        };
        let message = format!(
            "la colonne « {column} » du tableau « {} » est absente ou renommée",
            table.name
        );
        Flaw::new(Some(at), Code::ColumnMissing, message).hint(hints::CONTRACT_TABLE, column)
    }
}

/// What the problems of cells leave unknown.
#[derive(Debug, Clone, Default)]
pub(crate) struct Taint {
    /// Rows holding a value that could not be read, as (sheet, 0-based row).
    pub rows: HashSet<(&'static str, u32)>,
    /// Cells that could not be read, on sheets whose other cells of the row stand on their own
    /// (a mission's start says nothing of its envelopes).
    pub cells: HashSet<(&'static str, u32, u16)>,
    /// Indicators with a value that could not be read.
    pub indicators: HashSet<String>,
    /// The signature date could not be read: dates compared with it are unknown.
    pub signature: bool,
    /// A mission's row could not be read: whether an indicator's mission is signed is unknown.
    pub missions: bool,
    /// A row of `Annexe` or `Missions` whose mission is unknown could not be read: no total of
    /// weights is known.
    pub weights_all: bool,
    /// Missions with a weight, a year or an envelope that could not be read: their totals of
    /// weights are unknown.
    pub weight_missions: HashSet<String>,
    /// Indicators with such a value, whose mission is known once every row is read.
    weight_codes: HashSet<String>,
}

impl Taint {
    /// Whether a problem found at this cell may follow from a value that could not be read.
    pub(crate) fn covers(&self, at: &At) -> bool {
        self.rows.contains(&(at.sheet, at.row))
            || self.cells.contains(&(at.sheet, at.row, at.col))
            || at
                .indicator
                .as_ref()
                .is_some_and(|i| self.indicators.contains(i))
            || (self.signature && [MISSIONS.sheet, AVENANTS.sheet].contains(&at.sheet))
            || (self.missions && at.sheet == ANNEX.sheet && at.col == ANNEX.col(col::MISSION))
    }

    /// Whether the total of a mission's weights is unknown.
    pub(crate) fn weights_of(&self, mission: Option<&str>) -> bool {
        self.weights_all || mission.is_some_and(|m| self.weight_missions.contains(m))
    }

    /// The total of weights of an indicator's mission is unknown.
    pub(super) fn weight_of(&mut self, code: &str) {
        self.weight_codes.insert(code.to_string());
    }

    /// The missions of the indicators whose weights are unknown.
    pub(super) fn resolve(&mut self, indicators: &[IndicatorForm]) {
        for code in &self.weight_codes {
            let mission = indicators
                .iter()
                .find(|i| i.fields.get("code").and_then(Field::text) == Some(code))
                .and_then(|i| i.fields.get("mission"))
                .and_then(Field::text);
            match mission {
                Some(m) => {
                    self.weight_missions.insert(m.to_string());
                }
                None => self.weights_all = true,
            }
        }
    }
}
