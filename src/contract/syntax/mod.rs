//! Reading a contract's TOML with every mistake at once (README, « Le contrat »).
//!
//! People copy a signed annex into TOML by hand and make the same few mistakes: a date written
//! 01/03/2025 or 2025-3-1, a decimal comma, `50%`, `6000 €`, `vrai`, a `;` at a line's end, a
//! text without quotes. The parser resumes after each syntax error, so that each is reported in
//! the same run with the fix of its kind. A mistake whose intended value is certain is repaired
//! in a copy of the text (on the same line, so that every place stays right), and the copy is
//! read again: values of the wrong kind are then reported too, one after the other, and when
//! every repair was certain the contract's own checks run on the repaired copy as well. The
//! contract itself is only ever made from a text without any error.

mod kinds;
mod mistakes;

use super::error::Problem;
use super::file::ContractFile;
use crate::finding::{Code, hints};
use kinds::kind_problem;
use mistakes::{explain, mistake, quote};
use std::ops::Range;
use toml::de::DeTable;

/// Most values of the wrong kind read one after the other: far above a real file's mistakes,
/// and a bound on the time a hostile file can take.
const MAX_ROUNDS: usize = 64;

/// Most syntax problems listed: far above a file typed by hand, and a bound on what a file
/// that is not TOML at all prints.
const MAX_SYNTAX_PROBLEMS: usize = 100;

/// A contract text read as far as its mistakes allow.
pub(crate) struct Reading {
    /// The file, when the text (once repaired) reads.
    pub file: Option<ContractFile>,
    /// The text with its syntax repaired (values of the wrong kind as typed): where values
    /// still to fill are looked for.
    pub syntax_repaired: String,
    /// The text the file was read from: every repair made, on the original's lines.
    pub text: String,
    /// Every syntax problem and value of the wrong kind, in the order found.
    pub problems: Vec<Problem>,
    /// Whether every repair gives the value the person meant, so that the contract's checks on
    /// the repaired text are the checks of the file as intended.
    pub certain: bool,
}

/// A replacement in the text that makes a mistake read as intended.
pub(super) struct Repair {
    pub(super) range: Range<usize>,
    pub(super) with: String,
    pub(super) certain: bool,
}

/// Reads a contract text with every syntax problem and every value of the wrong kind.
pub(crate) fn read(original: &str) -> Reading {
    let (mut problems, repairs, mut certain) = syntax_problems(original);
    let syntax_repaired = apply(original, repairs);
    let mut text = syntax_repaired.clone();
    let mut file = None;
    if problems.is_empty() || DeTable::parse(&text).is_ok() {
        let mut seen: Vec<Range<usize>> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let error = match toml::from_str::<ContractFile>(&text) {
                Ok(parsed) => {
                    file = Some(parsed);
                    break;
                }
                Err(error) => error,
            };
            let (problem, repair) = kind_problem(&text, &error);
            problems.push(problem);
            let Some(repair) = repair.filter(|r| !seen.contains(&r.range)) else {
                certain = false;
                break;
            };
            certain &= repair.certain;
            seen.push(repair.range.clone());
            text.replace_range(repair.range, &repair.with);
        }
    } else {
        certain = false;
    }
    Reading {
        file,
        syntax_repaired,
        text,
        problems,
        certain,
    }
}

fn apply(text: &str, mut repairs: Vec<Repair>) -> String {
    let mut out = text.to_string();
    repairs.sort_by_key(|r| std::cmp::Reverse(r.range.start));
    for r in repairs {
        out.replace_range(r.range, &r.with);
    }
    out
}

/// Every syntax error the parser finds as it resumes, the first of each line (the others of
/// a line follow from it), each with its repair when its intended value is certain; and
/// whether every one has such a repair.
fn syntax_problems(text: &str) -> (Vec<Problem>, Vec<Repair>, bool) {
    let (_, errors) = DeTable::parse_recoverable(text);
    let mut errors: Vec<(usize, &toml::de::Error)> = errors
        .iter()
        .map(|e| (e.span().map_or(0, |s| s.start), e))
        .collect();
    errors.sort_by_key(|(offset, _)| *offset);
    let (mut problems, mut repairs, mut certain) = (Vec::new(), Vec::new(), true);
    let mut lines_seen = std::collections::BTreeSet::new();
    for (offset, error) in errors {
        if problems.len() == MAX_SYNTAX_PROBLEMS {
            // A file this broken is not a contract typed by hand: what is listed is enough.
            certain = false;
            break;
        }
        let place = Place::of(text, offset);
        if !lines_seen.insert(place.line_start) {
            continue;
        }
        let (problem, repair) = place.diagnose(text, error.message());
        problems.push(problem);
        match repair {
            Some(r) => repairs.push(r),
            None => certain = false,
        }
    }
    (problems, repairs, certain)
}

/// The line of an error and the `key = value` it falls in.
pub(super) struct Place {
    pub(super) line_start: usize,
    pub(super) line_end: usize,
    /// The key whose value holds the error, when there is one on the line.
    pub(super) key: Option<String>,
    /// Where the value begins (the first character after `=` and its spaces).
    pub(super) value_start: usize,
    /// Whether the value sits in a `{ … }` or `[ … ]` of the line.
    pub(super) nested: bool,
}

impl Place {
    pub(super) fn of(text: &str, offset: usize) -> Place {
        let offset = offset.min(text.len());
        let mut start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        // An error reported at the start of a line after an unterminated value belongs to it.
        if start == offset && start > 0 && !text[start..].starts_with(|c: char| c != '\n') {
            start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        let line = &text[start..end];
        let rel = offset.saturating_sub(start).min(line.len());
        let rel = if rel == 0 && start < offset {
            line.len()
        } else {
            rel
        };
        let before = &line[..floor_boundary(line, rel)];
        let (key, value_start, nested) = match before.rfind('=') {
            Some(eq) => {
                let head = before[..eq].trim_end();
                let key_from = head
                    .rfind(|c: char| c.is_whitespace() || c == '{' || c == ',')
                    .map_or(0, |i| i + 1);
                let key = head[key_from..].trim_matches(['"', '\'']).to_string();
                let after = &line[eq + 1..];
                let skip = after.len() - after.trim_start().len();
                let nested = head[..key_from].contains(['{', '[']);
                (Some(key), start + eq + 1 + skip, nested)
            }
            None => (None, start, false),
        };
        Place {
            line_start: start,
            line_end: end,
            key,
            value_start,
            nested,
        }
    }

    /// The value as written, without a comment after it.
    fn value<'t>(&self, text: &'t str) -> &'t str {
        let rest = &text[self.value_start.min(self.line_end)..self.line_end];
        let mut in_string = false;
        for (i, c) in rest.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => return rest[..i].trim_end(),
                _ => {}
            }
        }
        rest.trim_end()
    }

    /// The problem of a syntax error on this line, and its repair when certain.
    fn diagnose(&self, text: &str, parser: &str) -> (Problem, Option<Repair>) {
        let value = self.value(text);
        let key = self.key.as_deref().unwrap_or("");
        // A `,` or `;` ending a `key = value` line (not inside a list), then what is left.
        let punct = (!self.nested && (value.ends_with(',') || value.ends_with(';')))
            .then(|| value.len() - 1);
        let core = punct.map_or(value, |p| value[..p].trim_end());
        let found = self
            .key
            .as_ref()
            .and_then(|_| mistake(key, core, self.nested));
        let at = Some(self.value_start..self.value_start + value.len());
        if let Some(m) = found {
            let mut with = m.replacement.clone();
            let mut end = self.value_start + m.length;
            if let Some(p) = punct {
                // The repair drops the punctuation too, keeping what stands between.
                with.push_str(&value[m.length..p]);
                end = self.value_start + p + 1;
            }
            let repair = Repair {
                range: self.value_start..end,
                with,
                certain: true,
            };
            let fixed = self.fixed_line(text, &repair);
            let problem =
                Problem::of(Code::ContractSyntax, text, at, m.message).hint_with(m.hint, &[&fixed]);
            return (problem, Some(repair));
        }
        if let Some(p) = punct
            && toml::from_str::<toml::Table>(&format!("x = {core}")).is_ok()
        {
            let repair = Repair {
                range: self.value_start + p..self.value_start + p + 1,
                with: String::new(),
                certain: true,
            };
            let fixed = self.fixed_line(text, &repair);
            let mark = &value[p..];
            let message = format!("« {mark} » en fin de ligne, après la valeur de « {key} »");
            let problem = Problem::of(Code::ContractSyntax, text, at, message)
                .hint_with(hints::TOML_LINE_END, &[&fixed]);
            return (problem, Some(repair));
        }
        if self.key.is_some() && parser.contains("string values must be quoted") {
            let quoted = quote(core);
            let repair = Repair {
                range: self.value_start..self.value_start + value.len(),
                with: quoted,
                certain: true,
            };
            let fixed = self.fixed_line(text, &repair);
            let message = format!("texte « {core} » sans guillemets");
            let problem = Problem::of(Code::ContractSyntax, text, at, message)
                .hint_with(hints::TOML_QUOTE_TEXT, &[&fixed]);
            return (problem, Some(repair));
        }
        let place = if self.key.is_some() {
            at
        } else {
            let line = &text[self.line_start..self.line_end];
            let indent = line.len() - line.trim_start().len();
            Some(self.line_start + indent..self.line_end)
        };
        let message = format!("syntaxe TOML incorrecte : {}", explain(parser));
        (
            Problem::of(Code::ContractSyntax, text, place, message),
            None,
        )
    }

    /// The line as it reads once repaired, for the fix shown to the person.
    fn fixed_line(&self, text: &str, repair: &Repair) -> String {
        let mut line = text[self.line_start..self.line_end].to_string();
        let range = repair.range.start - self.line_start..repair.range.end - self.line_start;
        line.replace_range(range, &repair.with);
        line.trim().trim_start_matches('\u{feff}').to_string()
    }
}

/// The largest char boundary at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::mistakes::{closest, edit_distance};
    use super::*;

    /// The problems of `value` written as `key`'s value in `[contrat]`, as (message, hint).
    fn problem(key: &str, value: &str) -> (String, String, (usize, usize)) {
        let text = format!("[contrat]\n{key} = {value}\n");
        let r = read(&text);
        let p = r
            .problems
            .first()
            .unwrap_or_else(|| panic!("{value}: no problem"));
        let place = (p.line.unwrap_or(0), p.column.unwrap_or(0));
        (p.message.clone(), p.hint.clone(), place)
    }

    #[test]
    fn usual_syntax_mistakes_get_the_line_as_it_should_read() {
        let cases = [
            (
                "signature",
                "01/03/2025",
                "signature = 2025-03-01",
                "AAAA-MM-JJ",
            ),
            (
                "signature",
                "2025-3-1",
                "signature = 2025-03-01",
                "deux chiffres",
            ),
            (
                "part_partielle",
                "50%",
                "part_partielle = 0.5",
                "entre 0 et 1",
            ),
            (
                "part_partielle",
                "50 %",
                "part_partielle = 0.5",
                "entre 0 et 1",
            ),
            ("cible", "58%", "cible = 58", "en points"),
            (
                "fonctionnement",
                "6000 €",
                "fonctionnement = 6000",
                "sans « € »",
            ),
            (
                "fonctionnement",
                "6 000,50 €",
                "fonctionnement = 6000.50",
                "sans « € »",
            ),
            (
                "fonctionnement",
                "6000 euros",
                "fonctionnement = 6000",
                "sans « € »",
            ),
            (
                "fonctionnement",
                "15 000",
                "fonctionnement = 15000",
                "sans espace",
            ),
            ("part_partielle", "0,5", "part_partielle = 0.5", "point"),
            (
                "crise_reconnue",
                "vrai",
                "crise_reconnue = true",
                "true et false",
            ),
            (
                "crise_reconnue",
                "Faux",
                "crise_reconnue = false",
                "true et false",
            ),
            (
                "fonctionnement",
                "6000;",
                "fonctionnement = 6000",
                "sans « , » ni « ; »",
            ),
            (
                "debut",
                "2024-06-01,",
                "debut = 2024-06-01",
                "sans « , » ni « ; »",
            ),
            (
                "fonctionnement",
                "6000 €;",
                "fonctionnement = 6000",
                "sans « € »",
            ),
            ("nom", "\"CPTS du Val", "nom = \"CPTS du Val\"", "guillemet"),
            (
                "regle",
                "linéaire",
                "regle = \"linéaire\"",
                "entre guillemets",
            ),
        ];
        for (key, value, fixed, words) in cases {
            let (message, hint, place) = problem(key, value);
            assert!(hint.contains(fixed), "{value}: {hint}");
            assert!(hint.contains(words), "{value}: {hint}");
            assert_eq!(place, (2, key.chars().count() + 4), "{value}: at the value");
            assert!(
                !message.is_empty() && !message.contains("expected"),
                "{message}"
            );
        }
        let text = "paliers = [ { seuil = 300, part = 0,5 } ]\n";
        let r = read(&format!("[x]\n{text}"));
        assert!(
            r.problems[0].message.contains("« 0,5 »"),
            "{:?}",
            r.problems
        );
        assert!(
            r.problems[0].hint.contains("part = 0.5 } ]"),
            "{:?}",
            r.problems
        );
        assert_eq!(r.problems[0].column, Some(35));
        for value in ["[1, 2", "= ="] {
            let (message, _, _) = problem("signature", value);
            assert!(
                message.starts_with("syntaxe TOML incorrecte : "),
                "{message}"
            );
            assert!(!message.contains("expected"), "no English: {message}");
        }
    }

    #[test]
    fn every_syntax_mistake_is_reported_in_one_reading_and_the_rest_is_read_as_meant() {
        let text = "[contrat]\nsignature = 2025-3-1\npart_partielle = 50%\n\
                    fonctionnement = 6000 €;\nprorata = jours\n[annees.1]\ncrise_reconnue = vrai\n";
        let r = read(text);
        let lines: Vec<usize> = r.problems.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines[..5], [2, 3, 4, 5, 7], "{:#?}", r.problems);
        assert_eq!(
            r.text,
            "[contrat]\nsignature = 2025-03-01\npart_partielle = 0.5\n\
             fonctionnement = 6000\nprorata = \"jours\"\n[annees.1]\ncrise_reconnue = true\n"
        );
    }

    #[test]
    fn values_of_the_wrong_kind_are_read_one_after_the_other() {
        let text = std::fs::read_to_string("tests/fixtures/contrat-paliers-euros.toml").unwrap();
        let text = text
            .replace("duree_annees = 2", "duree_annees = \"2\"")
            .replace(
                "regle = \"paliers\"\nsens = \"baisse\"",
                "regle = \"palier\"\nsens = \"Baisse\"",
            )
            .replace("portee = \"local\"", "portee = \"régional\"");
        let r = read(&text);
        let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages[0].contains("nombre écrit comme un texte"),
            "{messages:#?}"
        );
        assert!(
            messages[1].contains(
                "valeur inconnue « palier » pour « regle » (vouliez-vous dire « paliers » ?)"
            ),
            "{messages:#?}"
        );
        assert!(
            r.problems[1]
                .hint
                .contains("binaire, lineaire, paliers, qualitatif")
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("« régional » pour « portee »"))
        );
        assert!(r.file.is_some() && !r.certain, "{messages:#?}");
    }

    #[test]
    fn a_file_that_is_mistakes_only_lists_a_bounded_number_of_them() {
        let r = read(&"signature = 01/02/2024\n".repeat(5000));
        assert_eq!(r.problems.len(), MAX_SYNTAX_PROBLEMS);
        assert!(r.file.is_none() && !r.certain);
    }

    #[test]
    fn typos_are_matched_to_the_nearest_name() {
        assert_eq!(
            closest("lineare", &["binaire", "lineaire"]),
            Some("lineaire")
        );
        assert_eq!(closest("Progressif", &["binaire", "lineaire"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
