//! Checking a filled workbook (README, « Contrôler un classeur rempli »): identity, structure,
//! values, completeness.
//!
//! [`review`] turns a workbook read back into findings, the readings the engine needs (with
//! every tolerated spelling normalised and reported) and the funding of the year.
//!
//! Finding codes are the stable catalogue of [`crate::finding::Code`].

mod binding;
mod completeness;
pub(crate) mod normalise;
mod values;

pub(crate) use crate::finding::{Finding, Severity};

use crate::contract::MAX_VALUE;
use crate::contract::{Contract, Line, Period};
use crate::finding::Code;
use crate::fr::french_number;
use crate::funding::{Observation, Reading, Readings, YearFunding, fund_year};
use crate::workbook::entries::{
    Cell, ValueRead, choice_observation, decimal, read_decimal, read_value,
};
use crate::workbook::formulas::VALUE_DECIMALS;
use crate::workbook::layout::Role;
use crate::workbook::layout::{INDICATORS, YES_NO, evid, ind, step};
use crate::workbook::plan::{expected_evidence, observed_choices};
use crate::workbook::read::{ReadWorkbook, RowRead, TableRead};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{HashMap, HashSet};

/// What the check is compared against.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Checkpoints planned before this date must be recorded.
    pub today: NaiveDate,
    /// The signed contract, when given (`--contrat`).
    pub signed: Option<&'a Contract>,
}

/// The outcome of checking a workbook.
#[derive(Debug, Clone)]
pub struct Review {
    /// Every finding, by sheet then row.
    pub findings: Vec<Finding>,
    /// What the engine reads for each line, after normalisation.
    pub readings: Readings,
    /// The funding of the year from those readings.
    pub funding: YearFunding,
}

impl Review {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether nothing blocks (no error).
    pub fn ok(&self) -> bool {
        self.count(Severity::Error) == 0
    }
}

/// Checks a workbook read back.
pub fn review(wb: &ReadWorkbook, opts: Options) -> Review {
    let mut ck = Checker {
        wb,
        findings: wb.findings.clone(),
        period: wb.contract.period(wb.year),
    };
    ck.findings.extend(binding::identity(wb));
    if let Some(signed) = opts.signed {
        ck.findings.extend(binding::bound_terms(wb, signed));
    }
    let readings = wb
        .indicators
        .as_ref()
        .map(|t| ck.indicators(t))
        .unwrap_or_default();
    let funding = fund_year(&wb.contract, wb.year, &readings);
    if let Some(t) = &wb.indicators {
        ck.amounts(t, &funding);
    }
    if let Some(t) = &wb.evidence {
        ck.evidence(t, &funding);
    }
    for t in [&wb.indicators, &wb.evidence, &wb.checkpoints]
        .into_iter()
        .flatten()
    {
        ck.formulas(t);
    }
    ck.findings
        .extend(unreachable_findings(&wb.contract, wb.year));
    if let Some(t) = &wb.checkpoints {
        ck.checkpoints(t, opts.today);
    }
    let mut findings = ck.findings;
    sort_findings(&mut findings);
    Review {
        findings,
        readings,
        funding,
    }
}

/// Findings in the order people read them: by sheet, then row and column, errors first. The
/// sort is stable, so findings of one cell keep the order they were found in.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (sheet_rank(&f.sheet), cell_rank(&f.cell), f.severity));
}

fn sheet_rank(sheet: &str) -> usize {
    crate::workbook::layout::READ_BACK
        .iter()
        .position(|s| *s == sheet)
        .unwrap_or(usize::MAX)
}

/// Row then column of an A1 address, for sorting.
fn cell_rank(cell: &str) -> (u32, usize, String) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row = cell[letters.len()..].parse().unwrap_or(0);
    (row, letters.len(), letters)
}

/// A cell's value as shown in a message.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "vide".into(),
        Cell::Number(x) => decimal(*x).map_or(x.to_string(), |d| french_number(d, d.scale())),
        Cell::Percent(x) => decimal(*x).map_or(x.to_string(), |d| {
            let points = d * Decimal::ONE_HUNDRED;
            format!("{} %", french_number(points, points.normalize().scale()))
        }),
        Cell::Text(t) => {
            let short: String = t.chars().take(60).collect();
            let more = if t.chars().count() > 60 { "…" } else { "" };
            format!("« {short}{more} »")
        }
        Cell::Date(d) => crate::fr::date(*d),
        Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
    }
}

struct Checker<'a> {
    wb: &'a ReadWorkbook,
    findings: Vec<Finding>,
    period: Period,
}

impl Checker<'_> {
    pub(super) fn cell<'r>(&self, table: &TableRead, row: &'r RowRead, column: &str) -> &'r Cell {
        &row.cells[usize::from(table.layout.col(column))]
    }

    /// Rows of a table by key; reports rows without key, unknown and duplicated keys.
    pub(super) fn index<'t>(
        &mut self,
        t: &'t TableRead,
        expected: &HashSet<String>,
        what: &str,
    ) -> HashMap<String, &'t RowRead> {
        let mut seen: HashMap<String, &RowRead> = HashMap::new();
        let first = t.layout.columns[0].name;
        for row in &t.rows {
            let code = (t.layout.name == INDICATORS.name).then_some(row.key.as_str());
            if row.key.is_empty()
                || (!expected.contains(&row.key) && t.layout.name == INDICATORS.name)
            {
                let found = shown(self.cell(t, row, first));
                let message = format!(
                    "ligne {what} inconnue du contrat pour l'année {} : code {found}",
                    self.wb.year
                );
                let hint = "Ne créez pas de ligne d'indicateur : corrigez le code ou supprimez la \
                            ligne (un nouvel indicateur demande un avenant au contrat).";
                self.findings.push(
                    t.finding(Code::RowUnknown, row.row, first, message)
                        .with_indicator(code.filter(|c| !c.is_empty()))
                        .hint(hint),
                );
            } else if let Some(previous) = seen.get(&row.key) {
                let message = format!(
                    "ligne {what} en double : déjà présente ligne {}",
                    previous.row + 1
                );
                let hint = "Gardez une seule ligne et supprimez l'autre.".to_string();
                self.findings.push(
                    t.finding(Code::RowDuplicate, row.row, first, message)
                        .with_indicator(code)
                        .hint(hint),
                );
            } else {
                seen.insert(row.key.clone(), row);
            }
        }
        seen
    }

    pub(super) fn normalised(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: &str,
        cell: &Cell,
        read_as: &str,
    ) {
        self.findings.push(
            t.finding(
                Code::ValueNormalised,
                row.row,
                column,
                format!("{} lu comme {read_as}", shown(cell)),
            )
            .with_indicator(Some(code).filter(|c| !c.is_empty()))
            .hint(format!(
                "Saisissez {read_as} tel quel (liste déroulante ou nombre) \
    pour que le classeur calcule la même chose."
            )),
        );
    }

    /// `Oui` / `Non` (tolerant); `None` when empty or not a choice (reported).
    pub(super) fn yes_no(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: Option<&str>,
    ) -> Option<bool> {
        let cell = self.cell(t, row, column).clone();
        let text = match &cell {
            Cell::Empty => return None,
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => s.clone(),
            Cell::Bool(b) => if *b { "Oui" } else { "Non" }.to_string(),
            _ => String::new(),
        };
        match normalise::choice(&text, &YES_NO) {
            Some(choice) => {
                if choice.normalised || matches!(cell, Cell::Bool(_)) {
                    self.normalised(t, row, column, code.unwrap_or(""), &cell, choice.value);
                }
                Some(choice.value == "Oui")
            }
            None => {
                self.findings.push(
                    t.finding(
                        Code::ValueNotInList,
                        row.row,
                        column,
                        format!("« {column} » : {} n'est ni Oui ni Non", shown(&cell)),
                    )
                    .with_indicator(code)
                    .hint("Choisissez Oui ou Non dans la liste."),
                );
                None
            }
        }
    }

    /// A date cell: a date in the contract year (tolerant); reported otherwise.
    pub(super) fn date(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: Option<&str>,
    ) -> Option<NaiveDate> {
        let cell = self.cell(t, row, column).clone();
        let (date, normalised) = match &cell {
            Cell::Empty => return None,
            Cell::Date(d) => (Some(*d), false),
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => (normalise::date(s), true),
            Cell::Number(x) => (normalise::serial_date(*x), true),
            Cell::Percent(_) | Cell::Bool(_) => (None, false),
        };
        let Some(date) = date else {
            self.findings.push(
                t.finding(
                    Code::DateInvalid,
                    row.row,
                    column,
                    format!("« {column} » : {} n'est pas une date", shown(&cell)),
                )
                .with_indicator(code)
                .hint("Saisissez une date au format JJ/MM/AAAA, par exemple 15/03/2025."),
            );
            return None;
        };
        if normalised {
            self.normalised(
                t,
                row,
                column,
                code.unwrap_or(""),
                &cell,
                &crate::fr::date(date),
            );
        }
        if !self.period.contains(date) {
            self.findings.push(
                t.finding(
                    Code::DateOutsideYear,
                    row.row,
                    column,
                    format!(
                        "« {column} » : le {} est hors de l'année de contrat ({} – {})",
                        crate::fr::date(date),
                        crate::fr::date(self.period.start),
                        crate::fr::date(self.period.end)
                    ),
                )
                .with_indicator(code)
                .hint(
                    "Vérifiez la date : elle doit se situer dans l'année de contrat du classeur.",
                ),
            );
        }
        Some(date)
    }
}

/// One warning per mission of the year whose variable envelope no indicator line can earn.
pub(crate) fn unreachable_findings(contract: &Contract, year: u32) -> Vec<Finding> {
    crate::funding::unreachable_variable(contract, year)
        .into_iter()
        .map(|(mission, at_stake)| {
            Finding::of(
                Code::VariableUnreachable,
                crate::workbook::layout::SHEET_INDICATORS,
                "",
                format!(
                    "mission {} : aucun indicateur en année {year}, son enveloppe variable de {} \
                     compte dans le maximum mais ne peut pas être obtenue",
                    mission.label(),
                    crate::fr::euros(at_stake)
                ),
            )
            .hint(
                "Faites répartir cette enveloppe entre des indicateurs (poids) par un avenant, \
                 avant le début de l'année suivante.",
            )
        })
        .collect()
}
