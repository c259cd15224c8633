//! The usual mistakes of a value typed by hand, each with the value meant.

use crate::finding::{Hint, hints};

/// A usual mistake at the start of a value: its length, the value meant, and what to say.
pub(super) struct Mistake {
    pub(super) length: usize,
    pub(super) replacement: String,
    pub(super) message: String,
    pub(super) hint: Hint,
}

/// The usual mistake the value `v` of `key` begins with, if any.
pub(super) fn mistake(key: &str, v: &str, nested: bool) -> Option<Mistake> {
    let mk = |length: usize, replacement: String, message: String, hint: Hint| Mistake {
        length,
        replacement,
        message,
        hint,
    };
    if let Some((length, iso)) = french_date(v).or_else(|| short_date(v)) {
        let message = format!("date « {} » mal écrite", &v[..length]);
        return Some(mk(length, iso, message, hints::TOML_DATE));
    }
    if let Some((length, number)) = number_with(v, &['%']) {
        let written = &v[..length];
        // A share is written between 0 and 1; anything else (a target, a threshold of a `%`
        // indicator) counts in points.
        let share = key.starts_with("part") || (key == "seuil" && !nested);
        return Some(if share {
            let value = (number / rust_decimal::Decimal::ONE_HUNDRED).normalize();
            let message = format!("« {key} » écrit en pourcentage (« {written} »)");
            mk(
                length,
                value.to_string(),
                message,
                hints::TOML_SHARE_PERCENT,
            )
        } else {
            let message = format!("« {written} » écrit avec le signe %");
            mk(
                length,
                number.normalize().to_string(),
                message,
                hints::TOML_POINTS_PERCENT,
            )
        });
    }
    if let Some((length, number)) = number_with(v, &['€']).or_else(|| euros_in_words(v)) {
        let message = format!("montant « {} » écrit avec son unité", &v[..length]);
        return Some(mk(length, number.to_string(), message, hints::TOML_EUROS));
    }
    if let Some((length, number)) = decimal_comma(v) {
        let message = format!("nombre « {} » écrit avec une virgule", &v[..length]);
        return Some(mk(length, number, message, hints::TOML_DECIMAL_POINT));
    }
    if let Some((length, number)) = spaced_number(v) {
        let message = format!("nombre « {} » écrit avec des espaces", &v[..length]);
        return Some(mk(length, number, message, hints::TOML_NUMBER_SPACES));
    }
    if let Some((length, flag)) = french_boolean(v) {
        let message = format!(
            "« {} » n'est pas une valeur oui / non du TOML",
            &v[..length]
        );
        return Some(mk(length, flag.to_string(), message, hints::TOML_BOOLEAN));
    }
    if v.starts_with('"') && v.matches('"').count() % 2 == 1 && !nested {
        let message = "guillemet fermant manquant".to_string();
        return Some(mk(
            v.len(),
            format!("{v}\""),
            message,
            hints::TOML_CLOSE_QUOTE,
        ));
    }
    None
}

pub(super) fn digits(s: &str) -> usize {
    s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len()
}

/// `01/03/2025`, `1.3.2025`, `01-03-2025`: the day first, the year last.
pub(super) fn french_date(v: &str) -> Option<(usize, String)> {
    let d = digits(v);
    let sep = v[d..].chars().next().filter(|c| "/.-".contains(*c))?;
    let rest = &v[d + 1..];
    let m = digits(rest);
    let rest2 = rest[m..].strip_prefix(sep)?;
    let y = digits(rest2);
    ((1..=2).contains(&d) && (1..=2).contains(&m) && y == 4).then(|| {
        let length = d + 1 + m + 1 + y;
        let iso = format!("{}-{:0>2}-{:0>2}", &rest2[..4], &rest[..m], &v[..d]);
        (length, iso)
    })
}

/// `2025-3-1`: the year first, a month or a day of one digit.
pub(super) fn short_date(v: &str) -> Option<(usize, String)> {
    let y = digits(v);
    let rest = v[y..].strip_prefix('-')?;
    let m = digits(rest);
    let rest2 = rest[m..].strip_prefix('-')?;
    let d = digits(rest2);
    (y == 4 && (1..=2).contains(&m) && (1..=2).contains(&d) && (m == 1 || d == 1)).then(|| {
        let iso = format!("{}-{:0>2}-{:0>2}", &v[..4], &rest[..m], &rest2[..d]);
        (y + 1 + m + 1 + d, iso)
    })
}

/// A number as people type it: a sign, digits with spaces between thousands, a decimal point
/// or comma; its length and its value.
pub(super) fn typed_number(v: &str) -> Option<(usize, rust_decimal::Decimal)> {
    let mut end = 0;
    let mut plain = String::new();
    for (i, c) in v.char_indices() {
        match c {
            '-' if i == 0 => plain.push('-'),
            '0'..='9' => plain.push(c),
            '.' | ',' => plain.push('.'),
            ' ' | '\u{a0}' | '\u{202f}' => {}
            _ => break,
        }
        end = i + c.len_utf8();
    }
    let written = v[..end].trim_end();
    let value = plain.parse().ok()?;
    Some((written.len(), value))
}

/// A number followed by one of `units` (spaces allowed between): its length up to the unit
/// included, and the number.
fn number_with(v: &str, units: &[char]) -> Option<(usize, rust_decimal::Decimal)> {
    let (length, number) = typed_number(v)?;
    let after = &v[length..];
    let trimmed = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
    let unit = trimmed.chars().next().filter(|c| units.contains(c))?;
    Some((v.len() - trimmed.len() + unit.len_utf8(), number))
}

/// A number followed by `euros`, `euro` or `EUR`.
fn euros_in_words(v: &str) -> Option<(usize, rust_decimal::Decimal)> {
    let (length, number) = typed_number(v)?;
    let after = v[length..].trim_start();
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    ["euros", "euro", "eur"]
        .contains(&word.to_lowercase().as_str())
        .then(|| (v.len() - after.len() + word.len(), number))
}

/// `0,5`: digits, a comma, digits (no space).
fn decimal_comma(v: &str) -> Option<(usize, String)> {
    let sign = usize::from(v.starts_with('-'));
    let int = digits(&v[sign..]);
    let rest = v[sign + int..].strip_prefix(',')?;
    let frac = digits(rest);
    let length = sign + int + 1 + frac;
    let next = v[length..].chars().next();
    (int > 0 && frac > 0 && !next.is_some_and(|c| c.is_ascii_digit() || c == ','))
        .then(|| (length, v[..length].replace(',', ".")))
}

/// `15 000`: digits with spaces between them.
fn spaced_number(v: &str) -> Option<(usize, String)> {
    let (length, number) = typed_number(v)?;
    let written = &v[..length];
    let next = v[length..].trim_start().chars().next();
    (written.contains([' ', '\u{a0}', '\u{202f}'])
        && !written.contains(',')
        && next.is_none_or(|c| "}],#".contains(c)))
    .then(|| (length, number.to_string()))
}

/// `vrai`, `faux`, `oui`, `non`, `True`…: the yes / no the person meant.
pub(super) fn french_boolean(v: &str) -> Option<(usize, bool)> {
    let word: String = v.chars().take_while(|c| c.is_alphabetic()).collect();
    let flag = match word.to_lowercase().as_str() {
        "vrai" | "oui" | "true" | "yes" => true,
        "faux" | "non" | "false" | "no" => false,
        _ => return None,
    };
    (word != "true" && word != "false").then_some((word.len(), flag))
}

/// A text as a TOML basic string.
pub(super) fn quote(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// The parser's reason, in French, for the errors that are not one of the usual mistakes.
pub(super) fn explain(parser: &str) -> &'static str {
    match parser {
        p if p.contains("string values must be quoted") => {
            "un texte s'écrit entre guillemets droits, par exemple nom = \"CPTS du Val\""
        }
        p if p.contains("invalid basic string") || p.contains("expected `\"`") => {
            "guillemet fermant manquant : un texte s'écrit entre deux guillemets droits"
        }
        p if p.contains("expected newline") => {
            "une seule clé par ligne, de la forme cle = valeur (un texte entre guillemets)"
        }
        p if p.contains("invalid table header") || p.contains("expected `]`") => {
            "en-tête de table mal écrit : [contrat], [[missions]], [indicateurs.annees.2]"
        }
        p if p.contains("expected `=`") || p.contains("expected `.`, `=`") => {
            "signe « = » attendu entre la clé et sa valeur"
        }
        p if p.contains("invalid number") || p.contains("invalid integer") => {
            "nombre mal écrit : chiffres seuls, point décimal, sans espace (par exemple 15000.50)"
        }
        p if p.contains("duplicate") => "clé définie deux fois : gardez-en une seule",
        _ => "vérifiez les guillemets, les crochets et le signe « = » de cette ligne",
    }
}

/// The canonical name nearest to what was typed, when it is a likely typo (at most two
/// letters apart once accents and case are set aside).
pub(super) fn closest<'n>(typed: &str, names: &[&'n str]) -> Option<&'n str> {
    let typed = crate::fr::fold_choice(typed);
    names
        .iter()
        .map(|n| (edit_distance(&typed, n), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
