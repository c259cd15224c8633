//! Year N-1 beside year N: when the counted files of a batch hold two consecutive contract
//! years of one CPTS (same identifier and signature, as [`super::twins`] keys a CPTS-year), the
//! report of year N carries the figures of year N-1 (totals, missions, lines), so that the
//! sheets, the JSON and the HTML report show both and the evolution.
//!
//! The pairing is found once, from the first look's keys, before any file is processed. Files
//! are written in path order: a previous year met before its next year (the usual order, `…-2024`
//! before `…-2025`) is reduced to its figures when its own report is written, and held until the
//! next year's is; one met after is processed ahead (it is then read twice). Only the figures are
//! held, a few numbers per line, and each is dropped once used.

use super::files::Files;
use super::report::{FileReport, process};
use super::twins::{Key, Twin};
use chrono::NaiveDate;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The previous contract year of a CPTS, as its counted file gives it (JSON key `previous`).
#[derive(Debug, Clone, Serialize)]
pub struct Previous {
    /// Its contract year (N-1).
    pub year: u32,
    /// Its file, as walked.
    pub file: String,
    /// Its funding.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Its variable part earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Its variable part at most.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Variable earned over variable at most (absent when there is no variable part).
    #[serde(serialize_with = "crate::money::ser::opt_ratio")]
    pub attainment: Option<Decimal>,
    /// Fonctionnement and each mission.
    pub missions: Vec<PreviousMission>,
    /// Each indicator line: code, attainment, amount (shown on the lines of year N).
    #[serde(skip)]
    lines: Vec<(String, Decimal, Decimal)>,
}

/// One mission (or fonctionnement) of the previous year.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousMission {
    /// Mission code, or `fonctionnement`.
    pub code: String,
    /// Everything the mission brought.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Variable earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable earned over variable at most (absent when the mission has no variable part).
    #[serde(serialize_with = "crate::money::ser::opt_ratio")]
    pub attainment: Option<Decimal>,
}

/// `part / whole`, none when there is nothing to attain.
fn rate(part: Decimal, whole: Decimal) -> Option<Decimal> {
    (!whole.is_zero()).then(|| part / whole)
}

impl Previous {
    /// The figures of a counted file's year; none for a file not counted.
    fn of(r: &FileReport) -> Option<Previous> {
        Some(Previous {
            year: r.year.filter(|_| r.counted)?,
            file: r.file.clone(),
            total: r.total,
            variable: r.variable,
            variable_max: r.variable_max,
            attainment: rate(r.variable, r.variable_max),
            missions: r
                .missions
                .iter()
                .map(|m| PreviousMission {
                    code: m.code.clone(),
                    total: m.total,
                    variable: m.variable,
                    attainment: rate(m.variable, m.variable_max),
                })
                .collect(),
            lines: r
                .indicators
                .iter()
                .map(|l| (l.code.clone(), l.attainment, l.amount))
                .collect(),
        })
    }

    /// The previous year's figures of a mission, by code.
    pub(crate) fn mission(&self, code: &str) -> Option<&PreviousMission> {
        self.missions.iter().find(|m| m.code == code)
    }

    /// Puts these figures beside year N's: on the file, and on each line that already existed
    /// (matched by indicator code).
    fn attach(self, r: &mut FileReport) {
        for l in &mut r.indicators {
            if let Some((_, attainment, amount)) = self.lines.iter().find(|(c, _, _)| *c == l.code)
            {
                l.previous_attainment = Some(*attainment);
                l.previous_amount = Some(*amount);
            }
        }
        r.previous = Some(self);
    }
}

/// Which files are whose previous year, and the figures held until they are used. Positions
/// are those of the batch's inputs.
pub(crate) struct Pairing {
    /// A file whose previous year is among the inputs: the key of that year.
    wants: HashMap<usize, Key>,
    /// A file that may be another's previous year: its key.
    gives: HashMap<usize, Key>,
    /// Previous years processed ahead, whose figures are already held.
    early: HashSet<usize>,
    /// The figures of a previous year, until its next year's report is written.
    held: HashMap<Key, Previous>,
}

impl Pairing {
    /// The pairs among the inputs: `keys` the first look's key of each, `twins` the statuses
    /// of those that share a CPTS-year. A `Doublon` or a file in `Conflit` is no one's previous
    /// year and has none (it is not counted); the first of a group of copies is.
    pub(crate) fn new(keys: &[Option<Key>], twins: &HashMap<usize, Twin>) -> Pairing {
        let candidates: HashMap<&Key, Vec<usize>> = keys
            .iter()
            .enumerate()
            .filter(|(i, _)| !twins.contains_key(i))
            .fold(HashMap::new(), |mut map, (i, key)| {
                if let Some(key) = key {
                    map.entry(key).or_default().push(i);
                }
                map
            });
        let mut wants = HashMap::new();
        let mut gives = HashMap::new();
        for (key, positions) in &candidates {
            let Some(before) = key.before() else {
                continue;
            };
            if let Some(givers) = candidates.get(&before) {
                for &p in positions {
                    wants.insert(p, before.clone());
                }
                for &q in givers {
                    gives.insert(q, before.clone());
                }
            }
        }
        Pairing {
            wants,
            gives,
            early: HashSet::new(),
            held: HashMap::new(),
        }
    }

    /// Processes ahead the previous years that come after their next year in path order, and
    /// holds their figures.
    pub(crate) fn process_ahead(
        &mut self,
        files: &dyn Files,
        inputs: &[usize],
        today: NaiveDate,
        twins: &HashMap<usize, Twin>,
    ) {
        let first_want: HashMap<&Key, usize> =
            self.wants
                .iter()
                .fold(HashMap::new(), |mut map, (&p, key)| {
                    let slot = map.entry(key).or_insert(p);
                    *slot = (*slot).min(p);
                    map
                });
        let mut ahead: Vec<usize> = self
            .gives
            .iter()
            .filter(|(q, key)| first_want.get(key).is_some_and(|p| p < q))
            .map(|(q, _)| *q)
            .collect();
        ahead.sort_unstable();
        let figures: Vec<(usize, Option<Previous>)> = ahead
            .par_iter()
            .map(|&q| {
                let r = process(files, inputs[q], today, twins.get(&q));
                (q, Previous::of(&r))
            })
            .collect();
        for (q, previous) in figures {
            self.early.insert(q);
            if let (Some(previous), Some(key)) = (previous, self.gives.get(&q)) {
                self.held.insert(key.clone(), previous);
            }
        }
    }

    /// Called with each report in path order, before it is written: gives it its previous
    /// year's figures when they are held, and holds its own when it is a next year's previous.
    pub(crate) fn see(&mut self, position: usize, r: &mut FileReport) {
        if r.counted
            && let Some(key) = self.wants.get(&position)
            && let Some(previous) = self.held.remove(key)
        {
            previous.attach(r);
        }
        if !self.early.contains(&position)
            && let Some(key) = self.gives.get(&position)
            && let Some(previous) = Previous::of(r)
        {
            self.held.insert(key.clone(), previous);
        }
    }
}
