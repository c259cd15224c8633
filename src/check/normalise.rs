//! Reading what people type: choices as the workbook's formulas read them (` oui `), dates
//! typed as text (`15/03/2025`), and what a number typed as text seems to mean (`12,5`,
//! `1 250`) — only to name it in a finding: a number typed as text is never paid on.

use crate::workbook::entries::same_choice;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::str::FromStr;

/// What a number typed as text could mean. The text itself counts as no value, as in the
/// workbook's formulas; this only lets the finding say which number the person seems to mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextNumber {
    /// One reading only (`12,5`, `1 250`, `42 patients`, `1.250,5`).
    One(Decimal),
    /// Two readings (`1.250`, `1,250`: 1,25 or 1 250).
    Ambiguous,
    /// Not a number (`1 3`, `douze`).
    NotANumber,
}

/// Reads a number typed as text, the way a French reader would, to name it in a hint: spaces
/// (also non-breaking) between groups of three digits, a decimal comma or point, a trailing
/// `%`, `€` or unit word. A single `.` or `,` followed by exactly three digits could be either
/// a decimal or a thousands separator: never guessed.
pub(crate) fn text_number(text: &str) -> TextNumber {
    let core = strip_unit(text.trim());
    let (negative, digits) = match core.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, core),
    };
    if digits.is_empty()
        || digits.len() > 40
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',') || is_space(c))
    {
        return TextNumber::NotANumber;
    }
    let commas = digits.matches(',').count();
    let points = digits.matches('.').count();
    let spaced = digits.chars().any(is_space);
    // The decimal mark: the last of `,` and `.` when both are used; the only one used once
    // otherwise, unless it could be a thousands separator.
    let decimal_mark = match (commas, points) {
        (0, 0) => None,
        (1, 0) | (0, 1) if spaced => Some(if commas == 1 { ',' } else { '.' }),
        (1, 0) | (0, 1) => {
            let mark = if commas == 1 { ',' } else { '.' };
            let (int, frac) = digits.split_once(mark).unwrap_or((digits, ""));
            if frac.len() == 3 && int != "0" && int.len() <= 3 {
                return TextNumber::Ambiguous;
            }
            Some(mark)
        }
        (_, 0) | (0, _) => None,
        _ => digits
            .rfind([',', '.'])
            .and_then(|i| digits[i..].chars().next()),
    };
    let (int, frac) = match decimal_mark {
        Some(mark) => match digits.rsplit_once(mark) {
            Some((int, frac)) if frac.chars().all(|c| c.is_ascii_digit()) => (int, frac),
            _ => return TextNumber::NotANumber,
        },
        None => (digits, ""),
    };
    let groups: Vec<&str> = int.split(|c: char| !c.is_ascii_digit()).collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped {
        return TextNumber::NotANumber;
    }
    let plain = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        groups.concat(),
        frac
    );
    let plain = plain.trim_end_matches('.');
    Decimal::from_str(plain).map_or(TextNumber::NotANumber, TextNumber::One)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\u{202f}'
}

/// The text without a trailing `%`, `€` or unit word (`42 patients`, `12,5 %`).
fn strip_unit(text: &str) -> &str {
    let end = text.trim_end_matches(|c: char| {
        c.is_alphabetic() || matches!(c, '%' | '€' | '.') || is_space(c) || c == '\''
    });
    // A unit follows the number after a space or directly (`12%`); keep a trailing decimal
    // point that belongs to the number only if digits follow it (they don't, here).
    if end.len() == text.len() {
        text
    } else {
        end.trim_end_matches(['.', ','])
    }
}

/// One of `choices`, as the workbook's formulas read it (case and plain spaces aside:
/// [`same_choice`]). A choice typed that way is typed correctly: nothing to report.
pub(crate) fn choice(text: &str, choices: &[&'static str]) -> Option<&'static str> {
    choices.iter().copied().find(|c| same_choice(text, c))
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
    fn a_number_typed_as_text_is_named_only_when_it_reads_one_way() {
        let one = |t: &str| match text_number(t) {
            TextNumber::One(d) => d,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(one("12,5"), dec!(12.5));
        assert_eq!(one("12.5"), dec!(12.5));
        assert_eq!(one(" 80 %"), dec!(80));
        assert_eq!(one("1 234"), dec!(1234));
        assert_eq!(one("1\u{202f}234,50 €"), dec!(1234.50));
        assert_eq!(one("1.250,5"), dec!(1250.5));
        assert_eq!(one("1,250.5"), dec!(1250.5));
        assert_eq!(one("1.250.000"), dec!(1250000));
        assert_eq!(one("0,250"), dec!(0.25));
        assert_eq!(one("1250,000"), dec!(1250));
        assert_eq!(one("42 patients"), dec!(42));
        assert_eq!(one("-3"), dec!(-3));
        for ambiguous in ["1.250", "1,250", "12,500", "-1.250"] {
            assert_eq!(text_number(ambiguous), TextNumber::Ambiguous, "{ambiguous}");
        }
        for not in [
            "1 3", "douze", "1,2,3", "", "12 34 5", "1.2.3", "3 et 4", ",5",
        ] {
            assert_eq!(text_number(not), TextNumber::NotANumber, "{not}");
        }
    }

    #[test]
    fn choices_are_read_as_the_formulas_read_them() {
        assert_eq!(choice("Oui", &["Oui", "Non"]), Some("Oui"));
        assert_eq!(choice(" OUI ", &["Oui", "Non"]), Some("Oui"));
        let q = &["Atteint", "Partiellement atteint"];
        assert_eq!(
            choice("partiellement  atteint", q),
            Some("Partiellement atteint")
        );
        assert_eq!(choice("Oui\u{a0}", &["Oui", "Non"]), None);
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
