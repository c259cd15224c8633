//! The contract's five years at a glance (README, « Le plan pluriannuel ») : per year the
//! maximum and, where a filled workbook of the year is given, what it obtains; every payment of
//! the contract with its basis; each indicator's trajectory across the years.
//!
//! A year with a workbook is computed exactly as `compute` computes it; a year without one is
//! planned at its maximum (`funding::planned_year`). A workbook that does not belong to the
//! contract (another CPTS, or other terms for its year) is a finding and is left out, never
//! summed.

mod sheets;
mod text;

pub use sheets::write_plan;
pub(crate) use text::text;

use crate::check::{Options, Review, review};
use crate::contract::Contract;
use crate::contract::changes::year_changes;
use crate::finding::{Code, Finding, hints};
use crate::funding::attainment::Quality;
use crate::funding::confirm;
use crate::funding::{Observation, Share, YearFunding, planned_year};
use crate::money::ser;
use crate::workbook::layout::{DONE_CHOICES, QUALITY_CHOICES, SHEET_META};
use crate::workbook::read::ReadWorkbook;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// Whether a figure is planned at the maximum or computed from the year's workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// Planned at the maximum: no filled workbook of the year was given.
    #[serde(rename = "prévu")]
    Planned,
    /// Computed from the year's filled workbook.
    #[serde(rename = "calculé")]
    Computed,
}

impl Basis {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Planned => "prévu",
            Basis::Computed => "calculé",
        }
    }
}

/// One envelope line of a year: fonctionnement or a mission (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanMission {
    /// `fonctionnement` or the mission code.
    pub code: String,
    /// Fixed part (pro-rated).
    #[serde(serialize_with = "ser::money")]
    pub fixed: Decimal,
    /// Variable part at its maximum.
    #[serde(serialize_with = "ser::money")]
    pub variable_max: Decimal,
    /// Variable part obtained (none without the year's workbook).
    #[serde(serialize_with = "ser::opt_money")]
    pub variable: Option<Decimal>,
    /// Crisis activation.
    #[serde(serialize_with = "ser::money")]
    pub activation: Decimal,
    /// The shares resting on a grid figure still « à confirmer » (`fixed`, `variable`,
    /// `activation`), as in `compute`; fonctionnement's amount is its `fixed`.
    pub to_confirm: Vec<Share>,
}

/// One contract year (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanYear {
    /// The contract year.
    pub year: u32,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The year's maximum.
    #[serde(serialize_with = "ser::money")]
    pub max: Decimal,
    /// What the year's workbook obtains (none without it).
    #[serde(serialize_with = "ser::opt_money")]
    pub obtained: Option<Decimal>,
    /// The workbook the figures come from, if any.
    pub workbook: Option<String>,
    /// Fonctionnement, then each mission.
    pub missions: Vec<PlanMission>,
    /// The year had ended on the plan's date: what was not obtained is lost, not still to get.
    pub closed: bool,
    /// What of the year rests on a grid figure still « à confirmer » (`fonctionnement`, mission
    /// codes), as in `compute`: `max` is to confirm when it is not empty.
    pub to_confirm: Vec<String>,
}

/// One payment of the contract (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanPayment {
    /// When it is due.
    pub date: NaiveDate,
    /// The contract year it belongs to.
    pub year: u32,
    /// What it is, in French.
    pub label: String,
    /// Mission code (none for fonctionnement).
    pub mission: Option<String>,
    /// How much.
    #[serde(serialize_with = "ser::money")]
    pub amount: Decimal,
    /// `prévu` or `calculé`.
    pub basis: Basis,
    /// Everything paid up to and including this payment.
    #[serde(serialize_with = "ser::money")]
    pub cumulative: Decimal,
    /// The payment rests on a grid amount still to confirm (`à confirmer`).
    pub to_confirm: bool,
}

/// One year of an indicator's trajectory (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanIndicatorYear {
    /// The contract year.
    pub year: u32,
    /// Target of the year.
    pub target: Option<Decimal>,
    /// Weight of the year.
    #[serde(serialize_with = "ser::money")]
    pub weight: Decimal,
    /// What the year's workbook reports (none without it).
    pub realised: Option<String>,
    /// Attainment computed from the workbook (none without it).
    #[serde(serialize_with = "ser::opt_ratio")]
    pub attainment: Option<Decimal>,
    /// Amount: computed from the workbook, or planned when the line is reached.
    #[serde(serialize_with = "ser::money")]
    pub amount: Decimal,
    /// `prévu` or `calculé`.
    pub basis: Basis,
}

/// An indicator across the contract (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanIndicator {
    /// Indicator code.
    pub code: String,
    /// Mission code.
    pub mission: String,
    /// French wording.
    pub label: String,
    /// Baseline value.
    pub baseline: Option<Decimal>,
    /// Each year the line is in force.
    pub years: Vec<PlanIndicatorYear>,
}

/// The plan of a contract (stable JSON keys).
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The CPTS's name.
    pub cpts: String,
    /// Each contract year.
    pub years: Vec<PlanYear>,
    /// Every payment of the contract, by date.
    pub payments: Vec<PlanPayment>,
    /// Each indicator's trajectory.
    pub indicators: Vec<PlanIndicator>,
    /// Workbooks left out, and why.
    pub findings: Vec<Finding>,
}

impl Plan {
    /// Whether every workbook given was used.
    pub fn ok(&self) -> bool {
        self.findings.is_empty()
    }

    /// The contract's maximum over all its years.
    pub fn max(&self) -> Decimal {
        self.years.iter().map(|y| y.max).sum()
    }
}

/// Builds the plan of a contract from the filled workbooks given (any years, any order).
pub fn build(contract: &Contract, workbooks: &[ReadWorkbook], today: NaiveDate) -> Plan {
    let mut findings = Vec::new();
    let mut by_year: Vec<Option<(&ReadWorkbook, Review)>> =
        (0..contract.terms.duration_years).map(|_| None).collect();
    for wb in workbooks {
        if let Some(f) = not_of_contract(contract, wb) {
            findings.push(f);
            continue;
        }
        let slot = &mut by_year[wb.year as usize - 1];
        if let Some((first, _)) = slot {
            findings.push(Finding::of(
                Code::YearDuplicate,
                "",
                "",
                format!(
                    "{} : l'année {} a déjà un classeur ({}) ; celui-ci n'est pas compté",
                    wb.path.display(),
                    wb.year,
                    first.path.display()
                ),
            ));
            continue;
        }
        // Its terms were just compared with the contract's: no need to compare them again.
        let r = review(
            wb,
            Options {
                today,
                signed: None,
            },
        );
        *slot = Some((wb, r));
    }
    let mut years = Vec::new();
    let mut payments = Vec::new();
    let mut fundings = Vec::new();
    for (i, slot) in by_year.iter().enumerate() {
        let year = i as u32 + 1;
        let (funding, basis, workbook) = match slot {
            Some((wb, r)) => (
                r.funding.clone(),
                Basis::Computed,
                Some(wb.path.display().to_string()),
            ),
            None => (planned_year(contract, year), Basis::Planned, None),
        };
        let mut planned = plan_year(&funding, basis, workbook);
        planned.closed = funding.period.end < today;
        years.push(planned);
        payments.extend(funding.payments.iter().map(|p| PlanPayment {
            date: p.date,
            year,
            label: p.label.clone(),
            mission: p.mission.map(|m| m.to_string()),
            amount: p.amount,
            basis,
            cumulative: Decimal::ZERO,
            to_confirm: confirm::payment_to_confirm(&funding, p),
        }));
        fundings.push((funding, basis, slot.as_ref().map(|(_, r)| r)));
    }
    payments.sort_by_key(|p| (p.date, p.year));
    let mut paid = Decimal::ZERO;
    for p in &mut payments {
        paid += p.amount;
        p.cumulative = paid;
    }
    Plan {
        cpts: contract.cpts.name.clone(),
        years,
        payments,
        indicators: trajectories(contract, &fundings),
        findings,
    }
}

fn plan_year(f: &YearFunding, basis: Basis, workbook: Option<String>) -> PlanYear {
    let computed = basis == Basis::Computed;
    let operating = f.to_confirm.iter().any(|k| k == confirm::OPERATING);
    let mut missions = vec![PlanMission {
        code: confirm::OPERATING.into(),
        fixed: f.operating,
        variable_max: Decimal::ZERO,
        variable: computed.then_some(Decimal::ZERO),
        activation: Decimal::ZERO,
        to_confirm: if operating {
            vec![Share::Fixed]
        } else {
            Vec::new()
        },
    }];
    missions.extend(f.missions.iter().map(|m| PlanMission {
        code: m.code.to_string(),
        fixed: m.fixed,
        variable_max: m.variable_max,
        variable: computed.then_some(m.variable),
        activation: m.activation,
        to_confirm: m.to_confirm.clone(),
    }));
    PlanYear {
        year: f.year,
        start: f.period.start,
        end: f.period.end,
        max: f.max,
        obtained: computed.then_some(f.total),
        workbook,
        missions,
        closed: false,
        to_confirm: f.to_confirm.clone(),
    }
}

fn trajectories(
    contract: &Contract,
    fundings: &[(YearFunding, Basis, Option<&Review>)],
) -> Vec<PlanIndicator> {
    contract
        .indicators
        .iter()
        .map(|i| PlanIndicator {
            code: i.code.clone(),
            mission: i.mission.to_string(),
            label: i.label.clone(),
            baseline: i.baseline,
            years: i
                .years
                .iter()
                .filter_map(|(&year, terms)| {
                    let (f, basis, review) = fundings.get(year as usize - 1)?;
                    let line = f
                        .missions
                        .iter()
                        .flat_map(|m| &m.indicators)
                        .find(|l| l.code == i.code)?;
                    let computed = *basis == Basis::Computed;
                    let reading = review.and_then(|r| r.readings.get(&i.code));
                    Some(PlanIndicatorYear {
                        year,
                        target: terms.target,
                        weight: terms.weight,
                        realised: reading.and_then(|r| {
                            if r.neutralised {
                                Some("neutralisé".into())
                            } else {
                                shown(r.value)
                            }
                        }),
                        attainment: computed.then_some(line.attainment),
                        amount: line.amount,
                        basis: *basis,
                    })
                })
                .collect(),
        })
        .collect()
}

/// A reading as the coordinator typed it.
pub(crate) fn shown(value: Observation) -> Option<String> {
    Some(match value {
        Observation::Missing => return None,
        Observation::Number(d) => d.normalize().to_string(),
        Observation::Done(true) => DONE_CHOICES[0].into(),
        Observation::Done(false) => DONE_CHOICES[1].into(),
        Observation::Quality(Quality::Reached) => QUALITY_CHOICES[0].into(),
        Observation::Quality(Quality::Partial) => QUALITY_CHOICES[1].into(),
        Observation::Quality(Quality::NotReached) => QUALITY_CHOICES[2].into(),
    })
}

/// Why a workbook cannot count in this contract's plan, if it cannot.
fn not_of_contract(contract: &Contract, wb: &ReadWorkbook) -> Option<Finding> {
    let file = wb.path.display();
    let other = |why: String| {
        Some(
            Finding::of(
                Code::ContractMismatch,
                SHEET_META,
                "",
                format!("{file} : {why} ; il n'est pas compté"),
            )
            .hint(hints::PLAN_OTHER_CONTRACT),
        )
    };
    let theirs = &wb.contract;
    if !contract.same_contract(theirs) {
        return other(format!(
            "classeur de {} (contrat signé le {}), pas de {}",
            theirs.cpts.name,
            crate::fr::date(theirs.terms.signature),
            contract.cpts.name
        ));
    }
    if wb.year == 0 || wb.year > contract.terms.duration_years {
        return other(format!("année {} hors du contrat", wb.year));
    }
    let changes = year_changes(theirs, contract, wb.year);
    if !changes.is_empty() {
        let list: Vec<String> = changes
            .iter()
            .take(3)
            .map(crate::amendment::describe)
            .collect();
        let more = if changes.len() > 3 { " …" } else { "" };
        return other(format!(
            "les termes de l'année {} y diffèrent de ceux du contrat ({}{more})",
            wb.year,
            list.join(" ; ")
        ));
    }
    None
}
