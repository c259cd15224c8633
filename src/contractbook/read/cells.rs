//! One cell of the contract workbook read as the value its column holds, the way a person types
//! it: a date typed as text (`01/03/2025`), a number typed as text (`6 000 €`, `0,5`), a choice
//! in any case and with or without accents (`Linéaire`), `Oui`/`Non`. A value still to fill
//! (« À REMPLIR … ») is kept as the text it is, for the contract's checks to name.

use super::super::form::Value;
use super::super::layout::{Choices, Kind};
use super::CellIn;
use crate::contract::placeholder::is_placeholder;
use crate::workbook::entries::Cell;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Largest number read: far beyond any amount or count of a contract, and within what a
/// spreadsheet holds exactly.
const MAX_NUMBER: f64 = 1e15;

/// What a cell gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Read {
    /// Nothing typed.
    Blank,
    /// A value of the column's type (or a value still to fill).
    Value(Value),
    /// Something else: what is wrong, in French.
    Bad(Wrong),
}

/// Why a cell does not hold what its column does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Wrong {
    /// Not a number (the text found).
    NotNumber(String),
    /// A number with decimals where a whole number belongs.
    NotWhole(String),
    /// Not a date.
    NotDate(String),
    /// Not one of the list.
    NotInList(String, Choices),
    /// Not `Oui` or `Non`.
    NotYesNo(String),
    /// A number beyond what a contract holds.
    TooLarge(String),
    /// A percentage where the indicator is not one.
    Percent(String),
}

/// A number shown as a person reads it: `0,5`, `6000`.
pub(super) fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(x) | Cell::Percent(x) => crate::workbook::entries::decimal(*x)
            .map_or_else(|| x.to_string(), |d| crate::fr::decimal(d.normalize())),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Date(d) => crate::fr::date(*d),
        Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
    }
}

/// Reads a cell as its column's kind. `points` says whether the row's indicator counts in
/// percentage points (`%` unit): a percentage typed there (`62 %`, stored 0,62) reads 62.
pub(super) fn read(c: &CellIn, kind: Kind, points: bool) -> Read {
    match (&c.cell, kind) {
        // A text is kept as typed, spaces included: the TOML keeps them too.
        (Cell::Text(t), Kind::Text) if !t.is_empty() => return Read::Value(Value::Text(t.clone())),
        (cell, _) if cell.is_empty() => return Read::Blank,
        _ => {}
    }
    if let Cell::Text(t) = &c.cell
        && is_placeholder(t)
    {
        return Read::Value(Value::Text(t.trim().to_string()));
    }
    let bad = |w: fn(String) -> Wrong| Read::Bad(w(shown(&c.cell)));
    match kind {
        Kind::Text => match &c.cell {
            Cell::Text(t) => Read::Value(Value::Text(t.clone())),
            other => Read::Value(Value::Text(shown_plain(other))),
        },
        Kind::Code => match &c.cell {
            Cell::Text(t) => Read::Value(Value::Text(t.trim().to_string())),
            // A date or a boolean typed where a code belongs is kept as the text it shows.
            other => Read::Value(Value::Text(shown_plain(other))),
        },
        Kind::Integer | Kind::Choice(Choices::Size) => match number(c) {
            Ok((n, false)) if n.fract().is_zero() => Read::Value(Value::Number(n.normalize())),
            Ok(_) => bad(Wrong::NotWhole),
            Err(w) => Read::Bad(w),
        },
        Kind::Euros => match number(c) {
            Ok((n, false)) => Read::Value(Value::Number(n)),
            Ok((_, true)) => bad(Wrong::NotNumber),
            Err(w) => Read::Bad(w),
        },
        Kind::Share => match number(c) {
            Ok((n, _)) => Read::Value(Value::Number(n)),
            Err(w) => Read::Bad(w),
        },
        Kind::Number => match number(c) {
            Ok((n, false)) => Read::Value(Value::Number(n)),
            Ok((n, true)) if points => {
                Read::Value(Value::Number((n * Decimal::ONE_HUNDRED).normalize()))
            }
            Ok(_) => bad(Wrong::Percent),
            Err(w) => Read::Bad(w),
        },
        Kind::Date => match &c.cell {
            Cell::Date(d) => Read::Value(Value::Date(*d)),
            Cell::Number(x) => {
                serial_date(*x).map_or(bad(Wrong::NotDate), |d| Read::Value(Value::Date(d)))
            }
            Cell::Text(t) => {
                text_date(t).map_or(bad(Wrong::NotDate), |d| Read::Value(Value::Date(d)))
            }
            _ => bad(Wrong::NotDate),
        },
        Kind::Choice(list) => match &c.cell {
            Cell::Text(t) => list.key_of(t).map_or_else(
                || Read::Bad(Wrong::NotInList(t.trim().to_string(), list)),
                |key| Read::Value(Value::Text(key.to_string())),
            ),
            other => Read::Bad(Wrong::NotInList(shown(other), list)),
        },
        Kind::YesNo => match &c.cell {
            Cell::Bool(b) => Read::Value(Value::Bool(*b)),
            Cell::Text(t) => match super::super::layout::choice_key(t).as_str() {
                "oui" | "vrai" | "true" | "o" => Read::Value(Value::Bool(true)),
                "non" | "faux" | "false" | "n" => Read::Value(Value::Bool(false)),
                _ => bad(Wrong::NotYesNo),
            },
            _ => bad(Wrong::NotYesNo),
        },
    }
}

/// A number typed in a text column, as its plain digits (`59`, `12345678900012`).
fn shown_plain(cell: &Cell) -> String {
    match cell {
        Cell::Number(x) | Cell::Percent(x) => crate::workbook::entries::decimal(*x)
            .map_or_else(|| x.to_string(), |d| d.normalize().to_string()),
        other => shown(other),
    }
}

/// A number cell, or a number typed as text; and whether it was typed as a percentage (its
/// value is then the share: `50 %` is 0.5).
fn number(c: &CellIn) -> Result<(Decimal, bool), Wrong> {
    match &c.cell {
        Cell::Number(x) | Cell::Percent(x) => {
            if x.abs() >= MAX_NUMBER {
                return Err(Wrong::TooLarge(shown(&c.cell)));
            }
            let d = crate::workbook::entries::decimal(*x)
                .ok_or_else(|| Wrong::TooLarge(shown(&c.cell)))?;
            Ok((d, c.percent || matches!(c.cell, Cell::Percent(_))))
        }
        Cell::Text(t) => text_number(t).ok_or_else(|| Wrong::NotNumber(t.trim().to_string())),
        other => Err(Wrong::NotNumber(shown(other))),
    }
}

/// A number typed as text, as a French reader reads it: `6 000`, `6 000 €`, `0,5`, `50 %`,
/// `1250.5`. A text that could be read two ways (`1.250`: 1,25 or 1 250) is not a number.
pub(super) fn text_number(text: &str) -> Option<(Decimal, bool)> {
    let t = text.trim();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest, true),
        None => (t.strip_suffix('€').unwrap_or(t), false),
    };
    let digits: String = t
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let grouped_ok = t
        .trim()
        .split([' ', '\u{a0}', '\u{202f}'])
        .skip(1)
        .all(|g| g.len() >= 3 && g[..3].chars().all(|c| c.is_ascii_digit()));
    let marks = digits.matches([',', '.']).count();
    if digits.is_empty() || marks > 1 || !grouped_ok {
        return None;
    }
    let (int, frac) = digits.split_once([',', '.']).unwrap_or((&digits, ""));
    let int_digits = int.trim_start_matches('-');
    // `1.250` or `1,250` may be a thousand two hundred and fifty: never guessed.
    if frac.len() == 3 && int_digits.len() <= 3 && int_digits != "0" && !int_digits.is_empty() {
        return None;
    }
    if !int_digits.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || int_digits.is_empty() && frac.is_empty()
    {
        return None;
    }
    let plain = if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    };
    let n = Decimal::from_str(&plain).ok()?;
    if n.abs() >= Decimal::from(1_000_000_000_000_000u64) {
        return None;
    }
    let n = if percent { n / Decimal::ONE_HUNDRED } else { n };
    Some((n.normalize(), percent))
}

/// A date typed as text: `01/03/2025`, `1-3-2025`, `01.03.2025` or `2025-03-01`.
fn text_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// A date cell that lost its date format shows its serial number (45352 for 01/03/2024).
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(32_874.0..=73_415.0).contains(&serial) || serial.fract() != 0.0 {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn cell(cell: Cell) -> CellIn {
        CellIn {
            cell,
            percent: false,
            col: 0,
        }
    }

    fn value(c: Cell, kind: Kind) -> Read {
        read(&cell(c), kind, false)
    }

    #[test]
    fn numbers_typed_as_a_person_would() {
        let n = |t: &str| text_number(t).map(|(n, _)| n);
        assert_eq!(n("6 000 €"), Some(dec!(6000)));
        assert_eq!(n("6\u{a0}000,50"), Some(dec!(6000.5)));
        assert_eq!(n("0,5"), Some(dec!(0.5)));
        assert_eq!(n("50 %"), Some(dec!(0.5)));
        assert_eq!(n("1250.5"), Some(dec!(1250.5)));
        assert_eq!(n("0.125"), Some(dec!(0.125)));
        assert_eq!(n("1.250"), None, "two readings");
        assert_eq!(n("12 5"), None);
        assert_eq!(n("douze"), None);
        assert_eq!(n("1,2,3"), None);
        assert_eq!(
            value(Cell::Text("6 000 €".into()), Kind::Euros),
            Read::Value(Value::Number(dec!(6000)))
        );
    }

    #[test]
    fn each_kind_reads_what_belongs_and_names_what_does_not() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(
            value(Cell::Text("01/03/2025".into()), Kind::Date),
            Read::Value(Value::Date(d))
        );
        assert_eq!(
            value(Cell::Number(45717.0), Kind::Date),
            Read::Value(Value::Date(d))
        );
        assert!(matches!(
            value(Cell::Text("mars".into()), Kind::Date),
            Read::Bad(Wrong::NotDate(_))
        ));
        assert_eq!(
            value(Cell::Text("Linéaire".into()), Kind::Choice(Choices::Rule)),
            Read::Value(Value::Text("lineaire".into()))
        );
        assert!(matches!(
            value(Cell::Text("progressif".into()), Kind::Choice(Choices::Rule)),
            Read::Bad(Wrong::NotInList(..))
        ));
        assert_eq!(
            value(Cell::Text(" oui".into()), Kind::YesNo),
            Read::Value(Value::Bool(true))
        );
        assert!(matches!(
            value(Cell::Number(2.5), Kind::Integer),
            Read::Bad(Wrong::NotWhole(_))
        ));
        assert_eq!(
            value(Cell::Number(59.0), Kind::Code),
            Read::Value(Value::Text("59".into()))
        );
        assert_eq!(
            value(Cell::Text("À REMPLIR : date".into()), Kind::Date),
            Read::Value(Value::Text("À REMPLIR : date".into()))
        );
        assert_eq!(value(Cell::Text("".into()), Kind::Text), Read::Blank);
        assert_eq!(value(Cell::Text("  ".into()), Kind::Date), Read::Blank);
        assert_eq!(
            value(Cell::Text(" ".into()), Kind::Text),
            Read::Value(Value::Text(" ".into()))
        );
        assert!(matches!(
            value(Cell::Number(1e16), Kind::Euros),
            Read::Bad(Wrong::TooLarge(_))
        ));
    }

    #[test]
    fn a_percentage_is_a_share_and_in_a_percent_indicator_points() {
        let typed = CellIn {
            cell: Cell::Number(0.62),
            percent: true,
            col: 0,
        };
        assert_eq!(
            read(&typed, Kind::Share, false),
            Read::Value(Value::Number(dec!(0.62)))
        );
        assert_eq!(
            read(&typed, Kind::Number, true),
            Read::Value(Value::Number(dec!(62)))
        );
        assert!(matches!(
            read(&typed, Kind::Number, false),
            Read::Bad(Wrong::Percent(_))
        ));
        assert!(matches!(
            read(&typed, Kind::Euros, false),
            Read::Bad(Wrong::NotNumber(_))
        ));
    }
}
