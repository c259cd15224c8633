//! A finding: one problem in a workbook, with its place, its fix and the euros it puts at stake
//! (README, « Contrôler un classeur rempli »).
//!
//! This file is the one catalogue of findings: every code with its severity, its French label
//! and its usual fix, and every more precise fix a finding may carry ([`hints`]). Call sites
//! choose a fix from here; they never write one, so one wording serves the terminal, the
//! workbook's `Contrôles`, the consolidation and the pages.

use rust_decimal::Decimal;
use serde::Serialize;

/// How serious a finding is. Errors make `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the dialogue de gestion until fixed.
    Error,
    /// To look at; the figures are computed anyway.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// French name, the one vocabulary every reader sees (`erreur`, `avertissement`,
    /// `information`); JSON keeps the English key.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
            Severity::Info => "information",
        }
    }
}

/// A fix in French, from the catalogue. Only this module makes one, so no call site retypes a
/// fix; a fix may hold `{}` slots that the finding fills ([`Finding::hint_with`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint(&'static str);

impl Hint {
    /// The text, slots unfilled.
    pub fn text(self) -> &'static str {
        self.0
    }

    /// The text with its `{}` slots filled in order (a missing argument leaves the slot empty).
    pub fn fill(self, args: &[&str]) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut args = args.iter();
        let mut parts = self.0.split("{}");
        out.push_str(parts.next().unwrap_or_default());
        for part in parts {
            out.push_str(args.next().copied().unwrap_or_default());
            out.push_str(part);
        }
        out
    }
}

mod catalogue;

pub use catalogue::Code;
pub(crate) use catalogue::hints;

/// One problem found in a workbook (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable identifier of the kind of problem, e.g. `value_not_number`.
    pub code: Code,
    /// The code's French label, for people reading the JSON (additive key).
    #[serde(rename = "label")]
    label: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// Sheet name ("" when the problem is the whole file).
    pub sheet: String,
    /// Cell in A1 notation ("" when the problem is not in one cell).
    pub cell: String,
    /// Indicator code, when the problem concerns one.
    pub indicator: Option<String>,
    /// What is wrong with the value found, in French.
    pub message: String,
    /// How to fix it, in French.
    pub hint: String,
    /// The euros the finding puts at stake: the line's weight for the year when its value
    /// cannot be used, the difference for `amount_differs`; `None` otherwise.
    #[serde(serialize_with = "crate::money::ser::opt_money")]
    pub stake: Option<Decimal>,
}

impl Finding {
    /// A finding of a kind of the catalogue, at a cell ("" for a whole sheet or file), with
    /// its usual severity and fix.
    pub fn of(
        code: Code,
        sheet: &str,
        cell: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            code,
            label: code.label(),
            severity: code.severity(),
            sheet: sheet.to_string(),
            cell: cell.into(),
            indicator: None,
            message: message.into(),
            hint: code.hint().text().to_string(),
            stake: None,
        }
    }

    /// The same finding, with a more precise fix of the catalogue.
    pub fn hint(self, hint: Hint) -> Finding {
        self.hint_with(hint, &[])
    }

    /// The same finding, with a more precise fix of the catalogue, its slots filled.
    pub fn hint_with(mut self, hint: Hint, args: &[&str]) -> Finding {
        self.hint = hint.fill(args);
        self
    }

    /// The same finding with a fix already drawn from the catalogue (a contract problem's,
    /// which carries its own).
    pub(crate) fn drawn_hint(mut self, hint: &str) -> Finding {
        self.hint = hint.to_string();
        self
    }

    /// The same finding at another severity (a code that can be either, like a table whose
    /// data is intact but whose Excel definition is gone).
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// The same finding, about an indicator when there is one.
    pub fn with_indicator(mut self, indicator: Option<&str>) -> Finding {
        self.indicator = indicator.map(str::to_string);
        self
    }

    /// The same finding, about an indicator.
    pub fn about(mut self, indicator: &str) -> Finding {
        self.indicator = Some(indicator.to_string());
        self
    }

    /// The same finding, with the euros it puts at stake.
    pub fn stake(mut self, euros: Decimal) -> Finding {
        self.stake = Some(euros);
        self
    }

    /// The code and its French label, as a person reads them.
    pub fn labelled_code(&self) -> String {
        self.code.labelled()
    }

    /// The finding as an item of a list in the terminal: its code and label, its severity,
    /// what was found, then the fix on a line of its own.
    pub fn listed(&self) -> String {
        format!(
            "  {} ({}) : {}\n    → {}\n",
            self.labelled_code(),
            self.severity.label(),
            self.message,
            self.hint
        )
    }
}

/// Findings in the order people act on them: errors first, then warnings, then information;
/// within a severity, the most euros at stake first, then by sheet (in `sheets` order, others
/// after) and cell. The sort is stable, so findings of one cell keep the order they were found
/// in.
pub(crate) fn sort(findings: &mut [Finding], sheets: &[&str]) {
    let sheet_rank = |s: &str| sheets.iter().position(|x| *x == s).unwrap_or(usize::MAX);
    findings.sort_by(|a, b| {
        let stake = |f: &Finding| std::cmp::Reverse(f.stake.unwrap_or(Decimal::ZERO));
        (
            a.severity,
            stake(a),
            sheet_rank(&a.sheet),
            cell_rank(&a.cell),
        )
            .cmp(&(
                b.severity,
                stake(b),
                sheet_rank(&b.sheet),
                cell_rank(&b.cell),
            ))
    });
}

/// Row then column of an A1 address, for sorting.
fn cell_rank(cell: &str) -> (u32, usize, &str) {
    let letters = cell
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(cell.len());
    let row = cell[letters..].parse().unwrap_or(0);
    (row, letters, &cell[..letters])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_labels_are_unique_and_french_fixes_end_with_a_full_stop() {
        let mut codes = HashSet::new();
        let mut labels = HashSet::new();
        for code in Code::ALL {
            assert!(codes.insert(code.as_str()), "{code} twice");
            assert!(labels.insert(code.label()), "label of {code} twice");
            let hint = code.hint().text();
            assert!(!hint.contains("{}"), "{code}: a usual fix has no slot");
            assert!(hint.ends_with('.'), "{code}: {hint}");
        }
    }

    #[test]
    fn slots_are_filled_in_order() {
        assert_eq!(
            hints::CHOOSE_FROM.fill(&["Oui, Non"]),
            "Choisissez dans la liste : Oui, Non."
        );
        assert_eq!(hints::CHOOSE_FROM.fill(&[]), "Choisissez dans la liste : .");
    }

    #[test]
    fn errors_come_first_then_the_largest_stake() {
        let f = |code: Code, cell: &str, stake: Option<i64>| {
            let f = Finding::of(code, "Indicateurs", cell, "m");
            match stake {
                Some(s) => f.stake(Decimal::from(s)),
                None => f,
            }
        };
        let mut all = vec![
            f(Code::ValueMissing, "L5", Some(9000)),
            f(Code::ValueNotNumber, "L9", Some(100)),
            f(Code::ValueNotNumber, "L7", Some(4000)),
            f(Code::RowUnknown, "A3", None),
        ];
        sort(&mut all, &["Indicateurs"]);
        let cells: Vec<&str> = all.iter().map(|f| f.cell.as_str()).collect();
        assert_eq!(cells, ["L7", "L9", "A3", "L5"]);
    }

    #[test]
    fn json_names_the_code_its_label_and_the_stake() {
        let f = Finding::of(Code::ValueNotNumber, "Indicateurs", "L5", "m")
            .stake(Decimal::new(400000, 2));
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["code"], "value_not_number");
        assert_eq!(json["label"], "valeur non numérique");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["stake"], "4000.00");
        let none = serde_json::to_value(Finding::of(Code::RowUnknown, "", "", "m")).unwrap();
        assert!(none["stake"].is_null());
    }
}
