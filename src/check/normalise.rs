//! Tolerant reading of typed values: `12,5`, `80 %`, `1 234`, ` oui `, `15/03/2025`.
//! Each function says whether it had to reinterpret the value, so the caller can report it:
//! nothing is ever guessed silently.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A value read, and whether it had to be reinterpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Read<T> {
    /// The value.
    pub value: T,
    /// True when the typed form was not the exact expected one.
    pub normalised: bool,
}

/// A number typed as text: spaces (also non-breaking) between thousands, a decimal comma, a
/// trailing `%` or `€`. `None` when it is not a number at all.
pub(crate) fn number(text: &str) -> Option<Read<Decimal>> {
    let cleaned: String = text
        .trim()
        .trim_end_matches(['%', '€'])
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() || cleaned.len() > 40 || cleaned.matches('.').count() > 1 {
        return None;
    }
    let value = Decimal::from_str(&cleaned).ok()?;
    Some(Read {
        value,
        normalised: true,
    })
}

/// One of `choices`, ignoring case, spaces around and doubled spaces.
pub(crate) fn choice(text: &str, choices: &[&'static str]) -> Option<Read<&'static str>> {
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    choices
        .iter()
        .find(|c| c.to_lowercase() == squeezed.to_lowercase())
        .map(|c| Read {
            value: *c,
            normalised: *c != text,
        })
}

/// A date typed as text: `15/03/2025`, `15-03-2025`, `15.03.2025`, `2025-03-15`.
pub(crate) fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .filter(|d| (1990..=2100).contains(&chrono::Datelike::year(d)))
}

/// A date stored as a bare spreadsheet serial number (a date cell that lost its format).
pub(crate) fn serial_date(serial: f64) -> Option<NaiveDate> {
    // Serials from 1990 to 2100 only: anything else is surely not a date.
    if !(32_874.0..=73_415.0).contains(&serial) || serial.fract() != 0.0 {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_typed_as_text() {
        assert_eq!(number("12,5").unwrap().value, dec!(12.5));
        assert_eq!(number(" 80 %").unwrap().value, dec!(80));
        assert_eq!(number("1 234").unwrap().value, dec!(1234));
        assert_eq!(number("1\u{202f}234,50 €").unwrap().value, dec!(1234.50));
        assert_eq!(number("-3").unwrap().value, dec!(-3));
        assert!(number("douze").is_none());
        assert!(number("1,2,3").is_none());
        assert!(number("").is_none());
    }

    #[test]
    fn choices_ignore_case_and_spaces_and_say_so() {
        assert_eq!(
            choice("Oui", &["Oui", "Non"]),
            Some(Read {
                value: "Oui",
                normalised: false
            })
        );
        assert_eq!(
            choice(" OUI ", &["Oui", "Non"]),
            Some(Read {
                value: "Oui",
                normalised: true
            })
        );
        let q = &["Atteint", "Partiellement atteint"];
        assert_eq!(
            choice("partiellement  atteint", q).unwrap().value,
            "Partiellement atteint"
        );
        assert!(choice("peut-être", &["Oui", "Non"]).is_none());
    }

    #[test]
    fn dates_typed_as_text_or_left_as_serials() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 15).unwrap();
        assert_eq!(date("15/03/2025"), Some(d));
        assert_eq!(date("2025-03-15"), Some(d));
        assert_eq!(date("15.03.2025"), Some(d));
        assert_eq!(date("31/02/2025"), None);
        assert_eq!(serial_date(45731.0), Some(d));
        assert_eq!(serial_date(12.0), None);
    }
}
