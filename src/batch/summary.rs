//! The totals of a batch: files per status and the money of the files counted.

use super::{FileReport, Status};
use crate::fr::{count, euros};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The money of a group of counted CPTS-years (a mission, a taille, a contract year).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// CPTS-years in the group, each counted once.
    pub cpts: usize,
    /// Fixed part (fonctionnement included).
    #[serde(serialize_with = "crate::money::ser::money")]
    pub fixed: Decimal,
    /// Variable earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable at most.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Crisis activation.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub activation: Decimal,
    /// Everything.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
}

/// What is paid in one month, over every counted CPTS-year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Month {
    /// Paid during the year (advances, and year 1's fonctionnement paid whole).
    #[serde(serialize_with = "crate::money::ser::money")]
    pub advances: Decimal,
    /// Paid after the dialogue de gestion (balances, variable, activation).
    #[serde(serialize_with = "crate::money::ser::money")]
    pub balances: Decimal,
}

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
    /// Totals per mission code (and `fonctionnement`), counted files.
    pub missions: BTreeMap<String, Totals>,
    /// Totals per taille, counted files.
    pub tailles: BTreeMap<u8, Totals>,
    /// Totals per contract year, counted files.
    pub years: BTreeMap<u32, Totals>,
    /// Every payment of every counted file, per month (`AAAA-MM`).
    pub schedule: BTreeMap<String, Month>,
}

impl Totals {
    pub(super) fn add(&mut self, o: &Totals) {
        self.cpts += o.cpts;
        self.fixed += o.fixed;
        self.variable += o.variable;
        self.variable_max += o.variable_max;
        self.activation += o.activation;
        self.total += o.total;
    }
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
            let fixed: Decimal = r.missions.iter().map(|m| m.fixed).sum();
            let activation: Decimal = r.missions.iter().map(|m| m.activation).sum();
            let whole = Totals {
                cpts: 1,
                fixed,
                variable: r.variable,
                variable_max: r.variable_max,
                activation,
                total: r.total,
            };
            if let Some(t) = r.taille {
                self.tailles.entry(t).or_default().add(&whole);
            }
            if let Some(y) = r.year {
                self.years.entry(y).or_default().add(&whole);
            }
            for m in &r.missions {
                self.missions
                    .entry(m.code.clone())
                    .or_default()
                    .add(&Totals {
                        cpts: 1,
                        fixed: m.fixed,
                        variable: m.variable,
                        variable_max: m.variable_max,
                        activation: m.activation,
                        total: m.total,
                    });
            }
            for p in &r.payments {
                let month = self
                    .schedule
                    .entry(p.date.format("%Y-%m").to_string())
                    .or_default();
                if p.advance {
                    month.advances += p.amount;
                } else {
                    month.balances += p.amount;
                }
            }
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
