//! What a coordinator typed in a workbook's input cells, keyed by row identity, not position.
//!
//! A row is identified by its table and its key: the indicator code in `Indicateurs`, the code
//! and the expected piece in `Justificatifs`, the planned date in `PointsEtape`. The writer
//! puts entries back in the rows with the same key, wherever those rows end up.

use super::formulas::VALUE_DECIMALS;
use super::layout::{DONE_CHOICES, QUALITY_CHOICES, TableLayout};
use crate::contract::{Contract, Line, MAX_VALUE, Rule};
use crate::funding::{Observation, Quality, Reading, Readings};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// A cell's value as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// A number.
    Number(f64),
    /// A number shown as a percentage, as a spreadsheet stores a typed `56,2 %`: 0.562.
    Percent(f64),
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

/// An entry with no place in the layout: an unknown or duplicated row, an added column.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// Sheet it was typed in.
    pub sheet: String,
    /// Cell it was typed in.
    pub cell: String,
    /// Column header.
    pub column: String,
    /// The value.
    pub value: Cell,
}

/// A sheet the layout does not know, kept as values.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraSheet {
    /// Its name.
    pub name: String,
    /// Non-empty cells: 0-based row, column, value.
    pub cells: Vec<(u32, u16, Cell)>,
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

    /// Every entry as (table name, row key, column, value), in the order they were entered:
    /// what `batch` compares to tell two copies of a workbook from two versions of it.
    pub(crate) fn cells(&self) -> impl Iterator<Item = (&'static str, &str, &'static str, &Cell)> {
        self.rows.iter().flat_map(|((table, key), row)| {
            row.iter()
                .map(move |(column, cell)| (*table, key.as_str(), *column, cell))
        })
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
                let neutralised = self
                    .get(&INDICATORS, code, ind::NEUTRALISED)
                    .text()
                    .is_some_and(|t| same_choice(t, super::layout::YES_NO[0]));
                let value = observation(observed, line);
                (code.clone(), Reading { value, neutralised })
            })
            .collect()
    }
}

/// The observation a cell gives under a line's rule; anything else counts as missing.
pub(crate) fn observation(cell: &Cell, line: Line<'_>) -> Observation {
    let percentage = line.indicator.is_percentage();
    match (cell, line.indicator.rule) {
        (Cell::Number(x), Rule::Binaire | Rule::Lineaire | Rule::Paliers) => {
            read_value(*x, false, percentage).observation()
        }
        (Cell::Percent(x), Rule::Binaire | Rule::Lineaire | Rule::Paliers) => {
            read_value(*x, true, percentage).observation()
        }
        (Cell::Text(t), Rule::Binaire | Rule::Qualitatif) => {
            choice_observation(t, line.indicator.rule)
        }
        _ => Observation::Missing,
    }
}

/// Whether a typed text is a choice of a list as the workbook's formulas see it: spreadsheets
/// compare texts without regard to case, and the formulas `TRIM` the cell (spaces around
/// dropped, runs of spaces inside made one). Only the plain space counts: `TRIM` leaves
/// non-breaking spaces, so a choice typed with one is not read as the choice here either.
pub(crate) fn same_choice(typed: &str, choice: &str) -> bool {
    let mut words = typed.split(' ').filter(|w| !w.is_empty());
    let mut wanted = choice.split(' ');
    loop {
        match (words.next(), wanted.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.to_lowercase() == b.to_lowercase() => {}
            _ => return false,
        }
    }
}

/// The observation a choice of a list gives under a rule (`Fait`, `atteint `…), read as the
/// formulas read it ([`same_choice`]); anything else counts as missing.
pub(crate) fn choice_observation(typed: &str, rule: Rule) -> Observation {
    let qualities = [Quality::Reached, Quality::Partial, Quality::NotReached];
    match rule {
        Rule::Qualitatif => QUALITY_CHOICES
            .iter()
            .zip(qualities)
            .find(|(c, _)| same_choice(typed, c))
            .map_or(Observation::Missing, |(_, q)| Observation::Quality(q)),
        Rule::Binaire => DONE_CHOICES
            .iter()
            .position(|c| same_choice(typed, c))
            .map_or(Observation::Missing, |i| Observation::Done(i == 0)),
        _ => Observation::Missing,
    }
}

/// How a number typed in `Réalisé` is read. The workbook's formulas read it the same way
/// (`workbook::formulas`), so both compute the same amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ValueRead {
    /// The value the engine uses; `None` when it cannot be used (counts as 0).
    pub value: Option<Decimal>,
    /// What was typed, as an exact decimal (`None` beyond what a decimal holds, e.g. 1e30).
    pub typed: Option<Decimal>,
    /// A percentage typed in a `%` indicator, read in points (0.562 → 56.2).
    pub percent_read: bool,
    /// A percentage typed in an indicator that is not a percentage: read as stored.
    pub percent_unexpected: bool,
    /// Rounded to [`VALUE_DECIMALS`] decimals.
    pub rounded: bool,
    /// Negative: not used.
    pub negative: bool,
    /// A billion or more (or beyond a decimal): not used.
    pub out_of_range: bool,
}

impl ValueRead {
    fn observation(self) -> Observation {
        self.value.map_or(Observation::Missing, Observation::Number)
    }
}

/// Reads a spreadsheet number typed in `Réalisé`: a percentage typed in a `%` indicator is
/// taken in points, the value is rounded to [`VALUE_DECIMALS`] decimals (half away from zero,
/// as the spreadsheets' `ROUND`), then a negative value or one of a billion or more is refused.
pub(crate) fn read_value(x: f64, percent_typed: bool, percentage: bool) -> ValueRead {
    read_decimal(decimal(x), percent_typed, percentage)
}

/// [`read_value`] for a value already read as a decimal (a number typed as text, say).
pub(crate) fn read_decimal(
    typed: Option<Decimal>,
    percent_typed: bool,
    percentage: bool,
) -> ValueRead {
    let mut read = ValueRead {
        value: None,
        typed,
        percent_read: percent_typed && percentage,
        percent_unexpected: percent_typed && !percentage,
        rounded: false,
        negative: false,
        out_of_range: typed.is_none(),
    };
    let Some(mut d) = typed else { return read };
    if read.percent_read {
        d *= Decimal::ONE_HUNDRED;
    }
    let rounded = d.round_dp_with_strategy(VALUE_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
    read.rounded = rounded != d;
    if rounded.is_sign_negative() && !rounded.is_zero() {
        read.negative = true;
    } else if rounded.abs() >= MAX_VALUE {
        read.out_of_range = true;
    } else {
        read.value = Some(rounded.normalize());
    }
    read
}

/// A spreadsheet number as an exact decimal: the shortest decimal that reads back as the same
/// double, which is what the user typed.
pub(crate) fn decimal(x: f64) -> Option<Decimal> {
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

    use rust_decimal_macros::dec;

    /// A one-line contract: the line's rule and unit.
    fn line(rule: Rule, unit: Option<&str>) -> Contract {
        let (target, unit) = (
            if rule == Rule::Qualitatif {
                ""
            } else {
                "cible = 60\n"
            },
            unit.map_or(String::new(), |u| format!("unite = \"{u}\"\n")),
        );
        let rule = format!("{rule:?}").to_lowercase();
        let text = format!(
            "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"T\"\nidentifiant = \"1\"\ntaille = 2\n\
             [contrat]\nsignature = 2024-03-01\n[[missions]]\ncode = \"acces\"\ndebut = 2024-03-01\n\
             [[indicateurs]]\ncode = \"X\"\nmission = \"acces\"\nlibelle = \"x\"\nportee = \"local\"\n\
             nature = \"resultat\"\nregle = \"{rule}\"\n{unit}[indicateurs.annees.1]\npoids = 17500\n{target}"
        );
        Contract::parse(&text, std::path::Path::new("t.toml")).unwrap()
    }

    #[test]
    fn a_percentage_typed_in_a_percent_indicator_is_read_in_points() {
        let r = read_value(0.562, true, true);
        assert_eq!(r.value, Some(dec!(56.2)));
        assert!(r.percent_read && !r.percent_unexpected && !r.rounded);
        let r = read_value(0.562, true, false);
        assert_eq!(r.value, Some(dec!(0.562)));
        assert!(r.percent_unexpected && !r.percent_read);
        let c = line(Rule::Lineaire, Some("%"));
        let l = c.lines(1)[0];
        assert_eq!(
            observation(&Cell::Percent(0.562), l),
            Observation::Number(dec!(56.2))
        );
        assert_eq!(
            observation(&Cell::Number(56.2), l),
            Observation::Number(dec!(56.2))
        );
    }

    #[test]
    fn values_are_rounded_to_six_decimals_and_bounded() {
        let r = read_value(33.333_333_333, false, false);
        assert_eq!((r.value, r.rounded), (Some(dec!(33.333333)), true));
        let r = read_value(0.000_000_5, false, false);
        assert_eq!(
            r.value,
            Some(dec!(0.000001)),
            "half away from zero, as ROUND"
        );
        let r = read_value(1e30, false, false);
        assert!(r.out_of_range && r.value.is_none() && r.typed.is_none());
        let r = read_value(1e9, false, false);
        assert!(r.out_of_range && r.value.is_none());
        assert_eq!(
            read_value(999_999_999.999_999, false, false).value,
            Some(dec!(999999999.999999))
        );
        let r = read_value(-2.0, false, false);
        assert!(r.negative && r.value.is_none());
        assert_eq!(read_value(-0.000_000_1, false, false).value, Some(dec!(0)));
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(decimal(0.1), Some(Decimal::new(1, 1)));
        assert_eq!(decimal(12.5), Some(Decimal::new(125, 1)));
        assert_eq!(decimal(f64::NAN), None);
    }

    #[test]
    fn choices_give_observations_only_under_their_rule() {
        let fait = Cell::Text("Fait".into());
        let (binaire, qualitatif) = (line(Rule::Binaire, None), line(Rule::Qualitatif, None));
        let (binaire, qualitatif) = (binaire.lines(1)[0], qualitatif.lines(1)[0]);
        assert_eq!(observation(&fait, binaire), Observation::Done(true));
        assert_eq!(observation(&fait, qualitatif), Observation::Missing);
        let partial = Cell::Text("Partiellement atteint".into());
        assert_eq!(
            observation(&partial, qualitatif),
            Observation::Quality(Quality::Partial)
        );
        assert_eq!(
            observation(&Cell::Number(3.0), qualitatif),
            Observation::Missing
        );
    }
}
