//! What a coordinator typed in a workbook's input cells, keyed by row identity, not position.
//!
//! A row is identified by its table and its key: the indicator code in `Indicateurs`, the code
//! and the expected piece in `Justificatifs`, the planned date in `PointsEtape`. The writer
//! puts entries back in the rows with the same key, wherever those rows end up.

use super::layout::{DONE_CHOICES, QUALITY_CHOICES, TableLayout};
use crate::contract::{Contract, Rule};
use crate::funding::{Observation, Quality, Reading, Readings};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A cell's value as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A date.
    Date(NaiveDate),
    /// TRUE or FALSE.
    Bool(bool),
}

impl Cell {
    /// Whether nothing was entered (an empty text counts as nothing).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The text, trimmed, if the cell holds text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t.trim()),
            _ => None,
        }
    }
}

/// Everything entered in a workbook's tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries {
    rows: IndexMap<(&'static str, String), IndexMap<&'static str, Cell>>,
}

/// Key of a `Justificatifs` row.
pub fn evidence_key(code: &str, piece: &str) -> String {
    format!("{code}\u{1f}{piece}")
}

/// Key of a `PointsEtape` row.
pub fn checkpoint_key(planned: NaiveDate) -> String {
    planned.to_string()
}

impl Entries {
    /// Sets the value of an input cell.
    pub fn set(&mut self, table: &TableLayout, key: &str, column: &'static str, value: Cell) {
        self.rows
            .entry((table.name, key.to_string()))
            .or_default()
            .insert(column, value);
    }

    /// Whether a row has any entry.
    pub fn has_row(&self, table: &TableLayout, key: &str) -> bool {
        self.rows.contains_key(&(table.name, key.to_string()))
    }

    /// Keys of a table's rows with entries, in the order they were entered.
    pub fn keys(&self, table: &TableLayout) -> Vec<String> {
        self.rows
            .keys()
            .filter(|(t, _)| *t == table.name)
            .map(|(_, k)| k.clone())
            .collect()
    }

    /// Whether an input cell has an entry at all (even an empty one, which means "cleared").
    pub fn has(&self, table: &TableLayout, key: &str, column: &str) -> bool {
        self.rows
            .get(&(table.name, key.to_string()))
            .is_some_and(|row| row.contains_key(column))
    }

    /// The value of an input cell (empty when nothing was entered).
    pub fn get(&self, table: &TableLayout, key: &str, column: &str) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(&(table.name, key.to_string()))
            .and_then(|row| row.get(column))
            .unwrap_or(&EMPTY)
    }

    /// The readings of a year's lines, for the engine: exact choices and numbers only (the
    /// reader normalises tolerated spellings first, with a finding for each).
    pub fn readings(&self, contract: &Contract, year: u32) -> Readings {
        use super::layout::{INDICATORS, ind};
        contract
            .lines(year)
            .into_iter()
            .map(|line| {
                let code = &line.indicator.code;
                let observed = self.get(&INDICATORS, code, ind::OBSERVED);
                let neutralised =
                    self.get(&INDICATORS, code, ind::NEUTRALISED).text() == Some("Oui");
                let value = observation(observed, line.indicator.rule);
                (code.clone(), Reading { value, neutralised })
            })
            .collect()
    }
}

/// The observation a cell gives under a rule; anything else counts as missing.
pub fn observation(cell: &Cell, rule: Rule) -> Observation {
    match (cell, rule) {
        (Cell::Number(x), Rule::Binaire | Rule::Lineaire | Rule::Paliers) => {
            decimal(*x).map_or(Observation::Missing, Observation::Number)
        }
        (Cell::Text(t), Rule::Binaire) if t == DONE_CHOICES[0] => Observation::Done(true),
        (Cell::Text(t), Rule::Binaire) if t == DONE_CHOICES[1] => Observation::Done(false),
        (Cell::Text(t), Rule::Qualitatif) => {
            let qualities = [Quality::Reached, Quality::Partial, Quality::NotReached];
            QUALITY_CHOICES
                .iter()
                .zip(qualities)
                .find(|(choice, _)| *choice == t)
                .map_or(Observation::Missing, |(_, q)| Observation::Quality(q))
        }
        _ => Observation::Missing,
    }
}

/// A spreadsheet number as an exact decimal: the shortest decimal that reads back as the same
/// double, which is what the user typed.
pub fn decimal(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    Decimal::from_str(&format!("{x}"))
        .ok()
        .or_else(|| Decimal::from_scientific(&format!("{x:e}")).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(decimal(0.1), Some(Decimal::new(1, 1)));
        assert_eq!(decimal(12.5), Some(Decimal::new(125, 1)));
        assert_eq!(decimal(f64::NAN), None);
    }

    #[test]
    fn choices_give_observations_only_under_their_rule() {
        let fait = Cell::Text("Fait".into());
        assert_eq!(observation(&fait, Rule::Binaire), Observation::Done(true));
        assert_eq!(observation(&fait, Rule::Qualitatif), Observation::Missing);
        let partial = Cell::Text("Partiellement atteint".into());
        assert_eq!(
            observation(&partial, Rule::Qualitatif),
            Observation::Quality(Quality::Partial)
        );
        assert_eq!(
            observation(&Cell::Number(3.0), Rule::Qualitatif),
            Observation::Missing
        );
    }
}
