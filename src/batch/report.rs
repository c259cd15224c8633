//! What the consolidation keeps of one file: its identity, status, money, lines and findings,
//! computed once from the workbook, which is then dropped.

use super::Status;
use super::files::Files;
use super::previous::Previous;
use super::twins::Twin;
use crate::check::{Finding, Options, Reviewed, Severity};
use crate::funding::LineStatus;
use crate::funding::confirm;
use crate::funding::explained::{LineTexts, explain_year};
use crate::workbook::entries::Cell;
use crate::workbook::layout::{INDICATORS, ind};
use crate::workbook::read::ReadError;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// One indicator line of one file.
#[derive(Debug, Clone, Serialize)]
pub struct LineRow {
    /// Mission code.
    pub mission: String,
    /// Indicator code.
    pub code: String,
    /// French wording.
    pub label: String,
    /// What was typed in `Réalisé`, as text.
    pub observed: String,
    /// Weight, as signed for the year.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub weight: Decimal,
    /// Year weight: the weight pro-rated and rounded, what the line earns at 100 %.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub year_weight: Decimal,
    /// Attainment applied.
    #[serde(serialize_with = "crate::money::ser::ratio")]
    pub attainment: Decimal,
    /// Amount earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub amount: Decimal,
    /// Outcome (`reached`, `partial`, …).
    pub status: crate::funding::LineStatus,
    /// Attainment of the same line in the previous contract year, when the batch counts that
    /// year and the line existed then.
    #[serde(serialize_with = "crate::money::ser::opt_ratio")]
    pub previous_attainment: Option<Decimal>,
    /// Amount of the same line in the previous contract year (as `previous_attainment`).
    #[serde(serialize_with = "crate::money::ser::opt_money")]
    pub previous_amount: Option<Decimal>,
    /// What explains the line's amount, as the tracking workbook says it.
    #[serde(flatten)]
    pub explained: Explained,
}

/// The line's `Barème`, `Il manque` and `Explication`, as the tracking workbook's columns say
/// them (JSON keys `scale`, `missing`, `explanation`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Explained {
    /// The rule in words.
    pub scale: String,
    /// What the line still lacks for its next step; empty at 100 %.
    pub missing: String,
    /// Why the amount is not the year weight × attainment; often empty.
    pub explanation: String,
}

impl From<LineTexts> for Explained {
    fn from(t: LineTexts) -> Explained {
        Explained {
            scale: t.scale,
            missing: t.missing,
            explanation: t.explanation,
        }
    }
}

/// The money of one mission (or of fonctionnement) of one file.
#[derive(Debug, Clone, Serialize)]
pub struct MissionRow {
    /// Mission code, or `fonctionnement`.
    pub code: String,
    /// Share of the year.
    #[serde(serialize_with = "crate::money::ser::ratio")]
    pub prorata: Decimal,
    /// Fixed part.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub fixed: Decimal,
    /// Variable earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable maximum.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Crisis activation.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub activation: Decimal,
    /// Everything the mission brings.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// The shares resting on a grid figure still « à confirmer », as in `compute`
    /// (fonctionnement's amount is its `fixed`).
    pub to_confirm: Vec<crate::funding::Share>,
}

/// One payment of one file.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentRow {
    /// When it is due.
    pub date: NaiveDate,
    /// What it is, in French.
    pub label: String,
    /// Mission code (none for fonctionnement).
    pub mission: Option<String>,
    /// How much.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub amount: Decimal,
    /// Paid during the year (an advance), not after the dialogue de gestion (a balance).
    pub advance: bool,
}

/// Everything the consolidation keeps of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// Path as walked.
    pub file: String,
    /// Outcome.
    pub status: Status,
    /// Whether its money is in the totals (`Valide`, `Incomplet`, `Erreurs`).
    pub counted: bool,
    /// Why the file could not be read (`Illisible`), or which file it repeats (`Doublon`) or
    /// contradicts (`Conflit`).
    pub reason: Option<String>,
    /// CPTS name.
    pub cpts: Option<String>,
    /// SIRET or FINESS.
    pub identifier: Option<String>,
    /// Size class.
    pub taille: Option<u8>,
    /// Contract year.
    pub year: Option<u32>,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Funding of the year.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Variable part earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable part at most.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Variable earned over variable at most (absent when there is no variable part).
    pub attainment: Option<String>,
    /// Fonctionnement and each mission.
    pub missions: Vec<MissionRow>,
    /// Every indicator line.
    pub indicators: Vec<LineRow>,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// The year's payments, by date.
    pub payments: Vec<PaymentRow>,
    /// The previous contract year of the same CPTS, when the batch counts a file of it.
    pub previous: Option<Previous>,
}

impl FileReport {
    fn unreadable(file: String, reason: String, finding: Option<Finding>) -> FileReport {
        FileReport {
            file,
            status: Status::Illisible,
            counted: false,
            reason: Some(reason),
            cpts: None,
            identifier: None,
            taille: None,
            year: None,
            errors: 1,
            warnings: 0,
            total: Decimal::ZERO,
            variable: Decimal::ZERO,
            variable_max: Decimal::ZERO,
            attainment: None,
            missions: Vec::new(),
            indicators: Vec::new(),
            findings: finding.into_iter().collect(),
            payments: Vec::new(),
            previous: None,
        }
    }

    fn read(file: String, reviewed: Reviewed) -> FileReport {
        let Reviewed {
            workbook, review, ..
        } = reviewed;
        let (wb, findings, f) = (&workbook, review.findings, &review.funding);
        let said = explain_year(&wb.contract, wb.year, f, &review.readings);
        let count = |s| findings.iter().filter(|x| x.severity == s).count();
        let variable: Decimal = f.variable();
        let variable_max: Decimal = f.variable_max();
        let mut missions = vec![MissionRow {
            code: "fonctionnement".into(),
            prorata: Decimal::ONE,
            fixed: f.operating,
            variable: Decimal::ZERO,
            variable_max: Decimal::ZERO,
            activation: Decimal::ZERO,
            total: f.operating,
            to_confirm: if f.to_confirm.iter().any(|k| k == confirm::OPERATING) {
                vec![crate::funding::Share::Fixed]
            } else {
                Vec::new()
            },
        }];
        missions.extend(f.missions.iter().map(|m| MissionRow {
            code: m.code.to_string(),
            prorata: m.prorata,
            fixed: m.fixed,
            variable: m.variable,
            variable_max: m.variable_max,
            activation: m.activation,
            total: m.total(),
            to_confirm: m.to_confirm.clone(),
        }));
        // Only the `Réalisé` column is shown: read it from the rows, not a full entries map.
        let observed_col = usize::from(INDICATORS.col(ind::OBSERVED));
        let observed = |code: &str| -> String {
            let rows = wb
                .indicators
                .as_ref()
                .map_or(&[][..], |t| t.rows.as_slice());
            rows.iter()
                .find(|r| r.key == code)
                .map_or(String::new(), |r| shown(&r.cells[observed_col]))
        };
        let lines = wb.contract.lines(wb.year);
        let indicators = f
            .missions
            .iter()
            .flat_map(|m| m.indicators.iter().map(move |l| (m, l)))
            .map(|(m, l)| LineRow {
                mission: m.code.to_string(),
                code: l.code.clone(),
                label: lines
                    .iter()
                    .find(|x| x.indicator.code == l.code)
                    .map(|x| x.indicator.label.clone())
                    .unwrap_or_default(),
                observed: observed(&l.code),
                weight: l.weight,
                year_weight: l.year_weight,
                attainment: l.attainment,
                amount: l.amount,
                status: l.status,
                previous_attainment: None,
                previous_amount: None,
                explained: said.get(&l.code).cloned().unwrap_or_default().into(),
            })
            .collect();
        let payments = f
            .payments
            .iter()
            .map(|p| PaymentRow {
                date: p.date,
                label: p.label.clone(),
                mission: p.mission.map(|m| m.to_string()),
                amount: p.amount,
                advance: p.kind.during_the_year(),
            })
            .collect();
        let errors = count(Severity::Error);
        // A paid line left without a value counts at 0 %: the file is not wrong, but not done.
        let unfilled = f
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .any(|l| l.status == LineStatus::Missing && !l.weight.is_zero());
        let status = match (errors, unfilled) {
            (0, false) => Status::Valide,
            (0, true) => Status::Incomplet,
            _ => Status::Erreurs,
        };
        FileReport {
            file,
            status,
            counted: true,
            reason: None,
            cpts: Some(wb.contract.cpts.name.clone()),
            identifier: Some(wb.contract.cpts.identifier.clone()),
            taille: Some(wb.contract.size.get()),
            year: Some(wb.year),
            errors,
            warnings: count(Severity::Warning),
            total: f.total,
            variable,
            variable_max,
            attainment: (!variable_max.is_zero())
                .then(|| crate::money::ratio_string(variable / variable_max)),
            missions,
            indicators,
            findings,
            payments,
            previous: None,
        }
    }

    /// The status of a file that shares its CPTS-year with others: a `Doublon` names the
    /// file counted in its place; a `Conflit` gets the error that names the others.
    fn twin(mut self, twin: &Twin) -> FileReport {
        if self.status == Status::Illisible {
            return self;
        }
        self.counted = false;
        match twin {
            Twin::Doublon { of } => {
                self.status = Status::Doublon;
                self.reason = Some(format!(
                    "même CPTS, même année et mêmes saisies que {of}, compté à sa place"
                ));
            }
            Twin::Conflit { others, finding } => {
                self.status = Status::Conflit;
                self.reason = Some(format!(
                    "même CPTS et même année que {}, sans les mêmes saisies : aucun n'est compté",
                    others.join(", ")
                ));
                self.errors += 1;
                self.findings.insert(0, finding.clone());
            }
        }
        self
    }
}

/// A cell as the consolidation shows what was typed.
pub(super) fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(x) => x.to_string(),
        Cell::Percent(x) => format!("{} %", x * 100.0),
        Cell::Text(t) => t.clone(),
        Cell::Date(d) => crate::fr::date(*d),
        Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
    }
}

/// Reads, checks and computes file `i`, with its status among the files of its CPTS-year when
/// it shares one; never fails: a bad file is an `Illisible` report.
pub(crate) fn process(
    files: &dyn Files,
    i: usize,
    today: NaiveDate,
    twin: Option<&Twin>,
) -> FileReport {
    let file = files.name(i);
    match files.read(i) {
        Ok(wb) => {
            let options = Options {
                today,
                signed: None,
            };
            let report = FileReport::read(file, Reviewed::new(wb, options));
            match twin {
                Some(twin) => report.twin(twin),
                None => report,
            }
        }
        Err(ReadError::Io(reason)) => FileReport::unreadable(file, reason, None),
        Err(ReadError::Invalid(finding)) => {
            FileReport::unreadable(file, finding.message.clone(), Some(*finding))
        }
    }
}
