//! The totals of a batch: files per status and the money of the files counted.

use super::{FileReport, Status};
use crate::fr::{count, euros};
use rust_decimal::Decimal;
use serde::Serialize;

/// Files per status (stable JSON keys: the status names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// `Valide`.
    #[serde(rename = "Valide")]
    pub valide: usize,
    /// `Incomplet`.
    #[serde(rename = "Incomplet")]
    pub incomplet: usize,
    /// `Erreurs`.
    #[serde(rename = "Erreurs")]
    pub erreurs: usize,
    /// `Illisible`.
    #[serde(rename = "Illisible")]
    pub illisible: usize,
    /// `Doublon`.
    #[serde(rename = "Doublon")]
    pub doublon: usize,
    /// `Conflit`.
    #[serde(rename = "Conflit")]
    pub conflit: usize,
}

impl StatusCounts {
    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Valide => &mut self.valide,
            Status::Incomplet => &mut self.incomplet,
            Status::Erreurs => &mut self.erreurs,
            Status::Illisible => &mut self.illisible,
            Status::Doublon => &mut self.doublon,
            Status::Conflit => &mut self.conflit,
        }
    }
}

/// Totals of a batch, for the final summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files processed (one row each).
    pub files: usize,
    /// `Valide`.
    pub valid: usize,
    /// `Erreurs`.
    pub with_errors: usize,
    /// `Illisible`.
    pub unreadable: usize,
    /// Funding of the files counted (never a `Doublon` or a `Conflit`).
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Variable earned, files counted.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable at most, files counted.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Files per status.
    pub statuses: StatusCounts,
    /// Files whose money is in the totals: one per CPTS-year at most.
    pub counted: usize,
    /// Consolidations written by `batch` found among the inputs, left out (not rows).
    pub skipped: Vec<String>,
}

impl Summary {
    /// Adds a file's report.
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        *self.statuses.slot(r.status) += 1;
        match r.status {
            Status::Valide => self.valid += 1,
            Status::Erreurs => self.with_errors += 1,
            Status::Illisible => self.unreadable += 1,
            Status::Incomplet | Status::Doublon | Status::Conflit => {}
        }
        if r.status.counted() {
            self.counted += 1;
            self.total += r.total;
            self.variable += r.variable;
            self.variable_max += r.variable_max;
        }
    }

    /// Whether nothing blocks: no file with errors, unreadable or in conflict (an `Incomplet`
    /// or a `Doublon` does not block).
    pub fn ok(&self) -> bool {
        let s = &self.statuses;
        s.erreurs == 0 && s.illisible == 0 && s.conflit == 0
    }

    /// The French summary line.
    pub fn text(&self, seconds: f64) -> String {
        let s = &self.statuses;
        format!(
            "{} : {}, {}, {} avec erreurs, {}, {}, {} en conflit ; financement total {} ; {} s",
            count(self.files, "fichier", "fichiers"),
            count(s.valide, "valide", "valides"),
            count(s.incomplet, "incomplet", "incomplets"),
            s.erreurs,
            count(s.illisible, "illisible", "illisibles"),
            count(s.doublon, "doublon", "doublons"),
            s.conflit,
            euros(self.total),
            crate::fr::french_number(Decimal::from_f64_retain(seconds).unwrap_or_default(), 1)
        )
    }
}
