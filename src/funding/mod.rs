//! The funding of a contract year, to the cent (docs/regles.md §5).
//!
//! [`fund_year`] takes a contract, a year and what was observed for each indicator line, and
//! returns every figure: per line, per mission, totals, maximum and the dated payment calendar.
//! A line's weight is pro-rated and rounded to the cent once (its year weight); ratios stay
//! exact fractions until the line's amount is rounded once; totals and maxima are sums of
//! rounded lines; an advance is rounded and its balance is what is left, so they always add up.

pub(crate) mod attainment;
pub(crate) mod confirm;
pub(crate) mod explain;
pub(crate) mod explained;
mod payments;
mod planned;

pub use confirm::Share;
pub use planned::{planned_year, reaching_readings};

pub(crate) use payments::payments;

pub(crate) use attainment::{Observation, Quality, attainment};

use crate::contract::{Contract, Mission, NeutralisationPolicy, ProrataMode};
use crate::grid::Size;
use crate::mission::{MissionCode, Part};
use crate::money::{Fraction, ser};
use chrono::{Months, NaiveDate};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

/// What was reported for one indicator line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// The observed value.
    pub value: Observation,
    /// The parties agreed not to count the line this year.
    pub neutralised: bool,
}

/// Readings of a year's lines, by indicator code. A line with no entry counts as missing.
pub type Readings = IndexMap<String, Reading>;

/// How a line ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    /// Attainment 100 %.
    Reached,
    /// Attainment between 0 and 100 %.
    Partial,
    /// Attainment 0.
    NotReached,
    /// No usable value: counts as 0 and is flagged.
    Missing,
    /// Neutralised this year.
    Neutralised,
    /// Weight 0: reported, never paid.
    Tracking,
}

impl LineStatus {
    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            LineStatus::Reached => "atteint",
            LineStatus::Partial => "partiel",
            LineStatus::NotReached => "non atteint",
            LineStatus::Missing => "valeur manquante",
            LineStatus::Neutralised => "neutralisé",
            LineStatus::Tracking => "suivi (non payé)",
        }
    }
}

/// The money of one indicator line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineFunding {
    /// Indicator code.
    pub code: String,
    /// Weight in euros, as signed for the year (before pro-rata).
    #[serde(serialize_with = "ser::money")]
    pub weight: Decimal,
    /// Year weight: round₂(weight × the mission's pro-rata), what the line earns at 100 %
    /// (docs/regles.md §5); the mission's variable maximum is the sum of its lines' year weights.
    #[serde(serialize_with = "ser::money")]
    pub year_weight: Decimal,
    /// Attainment applied, in [0, 1].
    #[serde(serialize_with = "ser::ratio")]
    pub attainment: Decimal,
    /// Amount earned.
    #[serde(serialize_with = "ser::money")]
    pub amount: Decimal,
    /// Outcome.
    pub status: LineStatus,
}

/// The money of one mission in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissionFunding {
    /// Mission.
    pub code: MissionCode,
    /// Fixed part of the year (pro-rated).
    #[serde(serialize_with = "ser::money")]
    pub fixed: Decimal,
    /// Maximum variable part of the year: the sum of the lines' year weights (round₂(envelope ×
    /// pro-rata) for a mission-year without any line).
    #[serde(serialize_with = "ser::money")]
    pub variable_max: Decimal,
    /// Variable part earned.
    #[serde(serialize_with = "ser::money")]
    pub variable: Decimal,
    /// Crisis activation paid this year (crise only).
    #[serde(serialize_with = "ser::money")]
    pub activation: Decimal,
    /// Everything the mission would bring with every line reached (a = 1).
    #[serde(serialize_with = "ser::money")]
    pub max: Decimal,
    /// Share of the year the mission ran, in [0, 1].
    #[serde(serialize_with = "ser::ratio")]
    pub prorata: Decimal,
    /// Lines, in contract order.
    pub indicators: Vec<LineFunding>,
    /// The shares of the year (`fixed`, `variable`, `activation`) whose amount rests on a grid
    /// figure still « à confirmer » that the contract does not state.
    pub to_confirm: Vec<Share>,
}

impl MissionFunding {
    /// Everything the mission brings this year.
    pub fn total(&self) -> Decimal {
        self.fixed + self.variable + self.activation
    }
}

/// A dated payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    /// When it is due.
    pub date: NaiveDate,
    /// What it is, in French.
    pub label: String,
    /// How much.
    #[serde(serialize_with = "ser::money")]
    pub amount: Decimal,
    /// The mission it belongs to (none for fonctionnement).
    pub mission: Option<MissionCode>,
    /// What kind of payment it is (not in the JSON: its label says it in French).
    #[serde(skip)]
    pub kind: PaymentKind,
}

/// The kinds of payment of a contract year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentKind {
    /// Paid in full at the signature (year 1's fonctionnement).
    Whole,
    /// 75 % paid when the amount becomes due.
    Advance,
    /// The rest, paid after the dialogue de gestion.
    Balance,
    /// The variable part earned, after the dialogue de gestion.
    Variable,
    /// The crisis activation, after the dialogue de gestion.
    Activation,
}

impl PaymentKind {
    /// Whether it is paid during the year (before the dialogue de gestion).
    pub fn during_the_year(self) -> bool {
        matches!(self, PaymentKind::Whole | PaymentKind::Advance)
    }
}

/// The start and end of the contract year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodJson {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

/// Everything a contract year pays (`compute --format json`, stable keys in the README).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearFunding {
    /// CPTS name.
    pub cpts: String,
    /// Contract year.
    pub year: u32,
    /// Its dates.
    pub period: PeriodJson,
    /// Size class.
    #[serde(rename = "taille")]
    pub size: Size,
    /// Operating budget of the year.
    #[serde(rename = "fonctionnement", serialize_with = "ser::money")]
    pub operating: Decimal,
    /// Per mission, in contract order.
    pub missions: Vec<MissionFunding>,
    /// Total due for the year.
    #[serde(serialize_with = "ser::money")]
    pub total: Decimal,
    /// Total if every line were fully reached.
    #[serde(serialize_with = "ser::money")]
    pub max: Decimal,
    /// Dated payments, by date then label; they add up to `total`.
    pub payments: Vec<Payment>,
    /// What of the year rests on a grid figure still « à confirmer »: `fonctionnement` and the
    /// codes of the missions with a share to confirm; `total` and `max` are to confirm when it
    /// is not empty.
    pub to_confirm: Vec<String>,
}

impl YearFunding {
    /// The missions' fixed parts, added up (without fonctionnement).
    pub fn fixed(&self) -> Decimal {
        self.missions.iter().map(|m| m.fixed).sum()
    }

    /// The variable parts earned, added up.
    pub fn variable(&self) -> Decimal {
        self.missions.iter().map(|m| m.variable).sum()
    }

    /// The variable parts at most, added up.
    pub fn variable_max(&self) -> Decimal {
        self.missions.iter().map(|m| m.variable_max).sum()
    }

    /// The crisis activations paid, added up.
    pub fn activation(&self) -> Decimal {
        self.missions.iter().map(|m| m.activation).sum()
    }
}

/// The share of contract year `year` during which a mission runs (docs/regles.md §5).
pub(crate) fn prorata(contract: &Contract, mission: &Mission, year: u32) -> Fraction {
    let period = contract.period(year);
    if mission.start <= period.start {
        return Fraction::ONE;
    }
    if mission.start > period.end {
        return Fraction::ZERO;
    }
    let anniversary = period.next_anniversary();
    match contract.terms.prorata {
        ProrataMode::Jours => {
            let left = (anniversary - mission.start).num_days();
            let whole = (anniversary - period.start).num_days();
            Fraction::new(left.into(), whole.into())
        }
        ProrataMode::Mois => {
            let months = (1..=12u32)
                .find(|&m| {
                    mission
                        .start
                        .checked_add_months(Months::new(m))
                        .is_some_and(|d| d >= anniversary)
                })
                .unwrap_or(12);
            Fraction::new(months.into(), 12.into())
        }
    }
}

/// The annual fixed amount of a mission in a given year, before pro-rata.
pub(crate) fn annual_fixed(contract: &Contract, mission: &Mission, year: u32) -> Decimal {
    mission.parts_sum(&confirm::fixed_parts(contract, mission, year))
}

impl Mission {
    fn parts_sum(&self, parts: &[Part]) -> Decimal {
        parts.iter().map(|p| self.annual(*p)).sum()
    }
}

/// Funds one contract year from the readings of its lines.
pub fn fund_year(contract: &Contract, year: u32, readings: &Readings) -> YearFunding {
    let period = contract.period(year);
    let missions: Vec<MissionFunding> = contract
        .missions
        .iter()
        .map(|m| fund_mission(contract, m, year, readings))
        .collect();
    let max_missions: Decimal = missions.iter().map(|m| m.max).sum();
    let operating = contract.operating;
    let total = operating + missions.iter().map(MissionFunding::total).sum::<Decimal>();
    let payments = payments(contract, year, period, &missions);
    let operating_flag = confirm::operating_to_confirm(contract).then(|| confirm::OPERATING.into());
    let to_confirm = operating_flag
        .into_iter()
        .chain(
            missions
                .iter()
                .filter(|m| !m.to_confirm.is_empty())
                .map(|m| m.code.as_str().into()),
        )
        .collect();
    YearFunding {
        cpts: contract.cpts.name.clone(),
        year,
        period: PeriodJson {
            start: period.start,
            end: period.end,
        },
        size: contract.size,
        operating,
        missions,
        total,
        max: operating + max_missions,
        payments,
        to_confirm,
    }
}

/// Missions of a year whose variable envelope no indicator line can earn: the mission runs in
/// the year and carries a variable part, but the year's annex has no line for it. Each comes
/// with the envelope at stake (pro-rated), which stays in the year's maximum (docs/regles.md §5).
pub(crate) fn unreachable_variable(contract: &Contract, year: u32) -> Vec<(MissionCode, Decimal)> {
    contract
        .missions
        .iter()
        .filter(|m| m.code.has_variable())
        .filter(|m| mission_lines(contract, m.code, year).is_empty())
        .map(|m| {
            (
                m.code,
                prorated(m.annual(Part::Variable), prorata(contract, m, year)),
            )
        })
        .filter(|(_, at_stake)| !at_stake.is_zero())
        .collect()
}

fn activation(contract: &Contract, mission: &Mission, year: u32, p: Fraction) -> Decimal {
    let recognised = contract.year_settings(year).crisis_recognised;
    if mission.code == MissionCode::Crise && recognised && p > Fraction::ZERO {
        mission.annual(Part::Activation)
    } else {
        Decimal::ZERO
    }
}

fn mission_lines(
    contract: &Contract,
    code: MissionCode,
    year: u32,
) -> Vec<crate::contract::Line<'_>> {
    contract
        .lines(year)
        .into_iter()
        .filter(|l| l.indicator.mission == code)
        .collect()
}

fn fund_mission(
    contract: &Contract,
    mission: &Mission,
    year: u32,
    readings: &Readings,
) -> MissionFunding {
    let p = prorata(contract, mission, year);
    let lines = mission_lines(contract, mission.code, year);
    // Each line's weight is pro-rated and rounded once (its year weight); everything after this
    // works on year weights, so a mission with every line reached earns exactly its maximum.
    let year_weights: Vec<Decimal> = lines.iter().map(|l| prorated(l.terms.weight, p)).collect();
    let envelope: Decimal = year_weights.iter().sum();
    // Without any line this year the envelope still exists (and stays in the maximum), even
    // though no line can earn it: `unreachable_variable` reports it.
    let variable_max = if lines.is_empty() {
        prorated(mission.annual(Part::Variable), p)
    } else {
        envelope
    };
    let policy = contract.terms.neutralisation;
    let neutralised = |code: &str| readings.get(code).is_some_and(|r| r.neutralised);
    let kept: Decimal = lines
        .iter()
        .zip(&year_weights)
        .filter(|(l, _)| !neutralised(&l.indicator.code))
        .map(|(_, y)| *y)
        .sum();
    // Under `exclu`, kept lines are scaled by Y / Y'. When no paid line is left (all
    // neutralised), the neutralised lines are paid in full so that the mission gets Y.
    let all_out = policy == NeutralisationPolicy::Exclu && kept.is_zero() && !envelope.is_zero();
    let scale = if policy == NeutralisationPolicy::Exclu && !kept.is_zero() {
        Fraction::new(envelope, kept)
    } else {
        Fraction::ONE
    };
    let indicators: Vec<LineFunding> = lines
        .iter()
        .zip(&year_weights)
        .map(|(line, &year_weight)| {
            let reading = readings
                .get(&line.indicator.code)
                .copied()
                .unwrap_or_default();
            let computed = attainment(
                line.indicator,
                line.terms,
                reading.value,
                contract.terms.partial_share,
            );
            let (a, line_scale, status) = match (reading.neutralised, policy, computed) {
                (true, NeutralisationPolicy::Verse, _) => {
                    (Fraction::ONE, Fraction::ONE, LineStatus::Neutralised)
                }
                (true, NeutralisationPolicy::Exclu, _) if all_out => {
                    (Fraction::ONE, Fraction::ONE, LineStatus::Neutralised)
                }
                (true, _, _) => (Fraction::ZERO, Fraction::ONE, LineStatus::Neutralised),
                (false, _, None) => (Fraction::ZERO, scale, LineStatus::Missing),
                (false, _, Some(a)) => (a, scale, status_of(a)),
            };
            let status = if line.terms.weight.is_zero() && status != LineStatus::Neutralised {
                LineStatus::Tracking
            } else {
                status
            };
            let amount = (Fraction::whole(year_weight) * a * line_scale).round2();
            LineFunding {
                code: line.indicator.code.clone(),
                weight: line.terms.weight,
                year_weight,
                attainment: round_ratio(a),
                amount,
                status,
            }
        })
        .collect();
    let fixed = prorated(annual_fixed(contract, mission, year), p);
    let activation = activation(contract, mission, year, p);
    MissionFunding {
        code: mission.code,
        fixed,
        variable_max,
        variable: indicators.iter().map(|l| l.amount).sum(),
        activation,
        max: fixed + activation + variable_max,
        prorata: round_ratio(p),
        indicators,
        to_confirm: confirm::mission_to_confirm(
            contract,
            mission,
            year,
            [fixed, variable_max, activation],
        ),
    }
}

/// round₂(amount × p): an annual amount for the part of the year a mission runs.
fn prorated(amount: Decimal, p: Fraction) -> Decimal {
    (Fraction::whole(amount) * p).round2()
}

fn round_ratio(f: Fraction) -> Decimal {
    f.value().round_dp(10).normalize()
}

fn status_of(a: Fraction) -> LineStatus {
    if a >= Fraction::ONE {
        LineStatus::Reached
    } else if a > Fraction::ZERO {
        LineStatus::Partial
    } else {
        LineStatus::NotReached
    }
}

#[cfg(test)]
mod tests;
