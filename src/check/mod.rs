//! Checking a filled workbook (README, « Contrôler un classeur rempli »): identity, structure,
//! values, completeness.
//!
//! [`review`] turns a workbook read back into findings, the readings the engine needs (with
//! every tolerated spelling normalised and reported) and the funding of the year.
//!
//! Finding codes are the stable catalogue of [`crate::finding::Code`].

mod binding;
mod completeness;
pub(crate) mod evidence;
pub(crate) mod normalise;
mod reviewed;
mod values;

pub use evidence::{Piece, PieceFolder, Resolved};
pub use reviewed::Reviewed;

pub(crate) use crate::finding::{Finding, Severity};

use crate::contract::{Contract, Period};
use crate::finding::{Code, hints};
use crate::fr::french_number;
use crate::funding::{Observation, Readings, YearFunding, fund_year};
use crate::workbook::entries::{Cell, decimal};
use crate::workbook::layout::{INDICATORS, YES_NO};
use crate::workbook::read::{ReadWorkbook, RowRead, TableRead};
use chrono::NaiveDate;
use rust_decimal::Decimal;
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
    put_at_stake(&mut findings, &readings, &funding);
    sort_findings(&mut findings);
    Review {
        findings,
        readings,
        funding,
    }
}

/// The euros each finding on an unusable value puts at stake: the line's weight for the year,
/// which the line cannot earn while its value is not read (spec: `stake`).
fn put_at_stake(findings: &mut [Finding], readings: &Readings, funding: &YearFunding) {
    let unusable = [
        Code::ValueNotNumber,
        Code::ValueNotInList,
        Code::ValueNegative,
        Code::ValueOutOfRange,
        Code::ValueMissing,
        Code::RowMissing,
        Code::FormulaInInput,
    ];
    let weights: HashMap<&str, Decimal> = funding
        .missions
        .iter()
        .flat_map(|m| &m.indicators)
        .map(|l| (l.code.as_str(), l.year_weight))
        .collect();
    for f in findings.iter_mut() {
        let Some(code) = f.indicator.as_deref() else {
            continue;
        };
        let lost = readings
            .get(code)
            .is_some_and(|r| r.value == Observation::Missing && !r.neutralised);
        if f.stake.is_none()
            && unusable.contains(&f.code)
            && f.sheet == crate::workbook::layout::SHEET_INDICATORS
            && lost
            && let Some(weight) = weights.get(code).filter(|w| !w.is_zero())
        {
            f.stake = Some(*weight);
        }
    }
}

/// Findings in the order people act on them (errors first, then by stake, then by place).
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    crate::finding::sort(findings, &crate::workbook::layout::READ_BACK);
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
                self.findings.push(
                    t.finding(Code::RowUnknown, row.row, first, message)
                        .with_indicator(code.filter(|c| !c.is_empty())),
                );
            } else if let Some(previous) = seen.get(&row.key) {
                let message = format!(
                    "ligne {what} en double : déjà présente ligne {}",
                    previous.row + 1
                );
                self.findings.push(
                    t.finding(Code::RowDuplicate, row.row, first, message)
                        .with_indicator(code),
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
            .hint_with(hints::TYPE_AS_READ, &[read_as]),
        );
    }

    /// `Oui` / `Non`, read as the workbook's formulas read it (case and spaces aside); `None`
    /// when empty or not a choice (reported: the formulas count it as `Non`).
    pub(super) fn yes_no(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: Option<&str>,
    ) -> Option<bool> {
        let cell = self.cell(t, row, column).clone();
        if cell.is_empty() {
            return None;
        }
        if let Some(choice) = cell.text().and_then(|t| normalise::choice(t, &YES_NO)) {
            return Some(choice == YES_NO[0]);
        }
        self.findings.push(
            t.finding(
                Code::ValueNotInList,
                row.row,
                column,
                format!("« {column} » : {} n'est ni Oui ni Non", shown(&cell)),
            )
            .with_indicator(code)
            .hint_with(hints::CHOOSE_FROM, &[&YES_NO.join(", ")]),
        );
        None
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
                .with_indicator(code),
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
                .with_indicator(code),
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
        })
        .collect()
}
