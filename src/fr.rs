//! French formatting, the one home of how numbers, amounts, percentages, dates and plurals
//! are written for people: `16 593,75 €`, `66,67 %`, `15/03/2026`, `3 erreurs`; and how a
//! choice typed by a person (`Linéaire`, `Accès`) is read as its canonical name.

use crate::money::round2;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// A date as French readers write it: `15/03/2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `n` and its noun, in the plural from 2 on, as French counts: `0 erreur`, `1 erreur`,
/// `2 erreurs`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n >= 2 { plural } else { singular })
}

/// A size in French units: `512 o`, `3,4 Mo`, `1,2 Go`.
pub fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "Go"), (1 << 20, "Mo"), (1 << 10, "ko")];
    for (size, unit) in UNITS {
        if n >= size {
            let value = Decimal::from(n) / Decimal::from(size);
            return format!("{} {unit}", french_number(value.round_dp(1), 1));
        }
    }
    format!("{n} o")
}

/// A value as written, without trailing zeros, in French notation: `56,2`, `1 250`.
pub fn decimal(value: Decimal) -> String {
    let value = value.normalize();
    french_number(value, value.scale())
}

/// An amount in French notation: `16 593,75 €`.
pub fn euros(amount: Decimal) -> String {
    format!("{} €", french_number(round2(amount), 2))
}

/// A ratio as a French percentage with up to two decimals: `66,67 %`.
pub fn percent(ratio: Decimal) -> String {
    let pct = (ratio * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{} %", french_number(pct, pct.scale()))
}

/// A French sentence with its no-break spaces where a plain space stands: before `:` `;` `!`
/// `?` `»` `%` `€`, after `«` and `n°`, and between the digits of a number (`1 250`), so that
/// a line never breaks inside them.
pub fn typographic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        let glued = c == ' '
            && (matches!(after, Some(':' | ';' | '!' | '?' | '»' | '%' | '€'))
                || before == Some('«')
                || (before == Some('°') && i >= 2 && chars[i - 2] == 'n')
                || (before.is_some_and(|b| b.is_ascii_digit())
                    && chars[i + 1..].iter().take(3).all(char::is_ascii_digit)
                    && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit())
                    && i + 3 < chars.len()));
        out.push(if glued { '\u{a0}' } else { c });
    }
    out
}

/// A decimal with `dp` decimals, a space between thousands and a decimal comma.
pub fn french_number(value: Decimal, dp: u32) -> String {
    let text = format!("{:.*}", dp as usize, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(digit);
    }
    let sign = if value.is_sign_negative() && !value.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A choice as compared with its canonical name: spaces around dropped, lower case, French
/// accents removed, inner spaces and hyphens as `_` (`« Résultat »` → `resultat`).
pub(crate) fn fold_choice(text: &str) -> String {
    unaccented(text)
        .chars()
        .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
        .collect()
}

/// A typed text as compared with a word: spaces around dropped, lower case, the accents of
/// French removed (`« Atteint »`, `atteint`).
pub(crate) fn unaccented(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        })
        .collect()
}

/// Implements `Deserialize` for an enumerated value of the contract from its canonical names,
/// accepting them as a person types them (`fold_choice`): `regle = "Linéaire"` reads
/// `lineaire`. Anything else is serde's « unknown variant », naming the canonical names.
macro_rules! choice_deserialize {
    ($ty:ty { $($name:literal => $variant:expr),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const NAMES: &[&str] = &[$($name),+];
                let typed = <String as serde::Deserialize>::deserialize(d)?;
                let folded = $crate::fr::fold_choice(&typed);
                $( if folded == $name { return Ok($variant); } )+
                Err(<D::Error as serde::de::Error>::unknown_variant(&typed, NAMES))
            }
        }
    };
}
pub(crate) use choice_deserialize;

#[cfg(test)]
mod typeset_tests {
    use super::typographic as typeset;

    #[test]
    fn french_spaces_hold_their_neighbours() {
        assert_eq!(
            typeset("« Oui » : 1 250,00 € ; 56,2 % ?"),
            "«\u{a0}Oui\u{a0}»\u{a0}: 1\u{a0}250,00\u{a0}€\u{a0}; 56,2\u{a0}%\u{a0}?"
        );
        assert_eq!(
            typeset("12 patients, 2 3 et 1 2345"),
            "12 patients, 2 3 et 1 2345"
        );
        assert_eq!(typeset("1 200 300"), "1\u{a0}200\u{a0}300");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn typography_glues_what_must_not_break() {
        let nb = |s: &str| s.replace('_', "\u{a0}");
        assert_eq!(
            typographic("Note : « Fournie » vaut 100 % ; 12 500 € ? n° 2 !"),
            nb("Note_: «_Fournie_» vaut 100_%_; 12_500_€_? n°_2_!")
        );
        // A space between numbers that are not one is left alone.
        assert_eq!(typographic("année 2 du 01/04"), "année 2 du 01/04");
        assert_eq!(typographic("les 12 1250"), "les 12 1250");
    }

    #[test]
    fn french_formats() {
        assert_eq!(euros(dec!(16593.75)), "16 593,75 €");
        assert_eq!(euros(dec!(159500)), "159 500,00 €");
        assert_eq!(euros(dec!(-5)), "-5,00 €");
        assert_eq!(percent(dec!(0.666666)), "66,67 %");
        assert_eq!(percent(dec!(1)), "100 %");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()),
            "15/03/2026"
        );
        assert_eq!(count(0, "erreur", "erreurs"), "0 erreur");
        assert_eq!(count(2, "erreur", "erreurs"), "2 erreurs");
    }
}
