//! The signed contract: loading, checking and querying it.
//!
//! A contract file (TOML, described in the README) is parsed by [`mod@file`] and checked by `validate` into a
//! [`Contract`], where every amount is resolved (contract override, else the grid for the
//! contract's taille) and every date is a calendar date. Everything downstream reads only
//! [`Contract`]: the funding engine, the workbook, the checks.

pub(crate) mod changes;
pub(crate) mod error;
pub(crate) mod file;
pub(crate) mod placeholder;
pub(crate) mod starter;
mod syntax;
pub(crate) mod terms;
mod validate;

pub use error::{ContractError, Problem};

pub(crate) use file::{Direction, Nature, NeutralisationPolicy, ProrataMode, Rule, Scope};
pub(crate) use validate::{MAX_VALUE, MAX_VALUE_DECIMALS};

use crate::grid::{Grid, Size};
use crate::mission::{MissionCode, Part};
use chrono::{Days, Months, NaiveDate};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest contract file read, far above any real contract (a few tens of kilobytes).
pub(crate) const MAX_CONTRACT_BYTES: u64 = 4 * 1024 * 1024;

/// A checked contract, with every amount resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    /// The file's text as signed, kept for the workbook's metadata and hash.
    pub text: String,
    /// The national grid the contract refers to.
    pub grid: Grid,
    /// Who signed.
    pub cpts: Cpts,
    /// Size class, from the population or given.
    pub size: Size,
    /// Dates and choices of `[contrat]`.
    pub terms: Terms,
    /// Annual operating budget (fonctionnement).
    pub operating: Decimal,
    /// Whether the contract states the operating budget itself (`[contrat] fonctionnement`)
    /// rather than taking the grid's: a stated amount needs no grid confirmation.
    pub operating_stated: bool,
    /// Signed missions, in file order.
    pub missions: Vec<Mission>,
    /// Indicators, in file order.
    pub indicators: Vec<Indicator>,
    /// Per-year settings; a year absent here has the defaults.
    pub years: BTreeMap<u32, YearSettings>,
    /// The avenants signed since the contract, in order (the text is already consolidated).
    pub avenants: Vec<Avenant>,
    /// Whom to send the workbook to (`[[contacts]]`): practical information, not a term of
    /// the contract, so it never makes a workbook a mismatch nor needs an avenant.
    pub contacts: Vec<Contact>,
    /// The date each year's filled workbook is due (`remise` of `[annees.N]`): practical
    /// information like the contacts, not a term.
    pub deadlines: BTreeMap<u32, NaiveDate>,
}

/// Someone to send the tracking workbook to, or to ask about the contract.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// What the person does for the contract (`CPAM`, `ARS`…), possibly empty.
    pub role: String,
    /// Name of the person or service.
    pub name: String,
    /// E-mail address, possibly empty.
    pub email: String,
    /// Telephone number as written, possibly empty.
    pub phone: String,
}

/// A contract text and every problem found in it.
#[derive(Debug, Clone)]
pub struct Examined {
    /// The contract, when no error blocks it.
    pub contract: Option<Contract>,
    /// Every problem, errors and warnings, in file order.
    pub problems: Vec<Problem>,
}

impl Examined {
    /// The problems found while reading, with the contract's checks when the reading allows
    /// them; the contract only when nothing is an error. Problems in file order, one per place
    /// and kind.
    fn gather(mut problems: Vec<Problem>, checked: Option<syntax::Reading>) -> Examined {
        let mut contract = None;
        if let Some(reading) = checked
            && let Some(file) = reading.file
        {
            let (built, checks) = validate::build(&reading.text, file);
            contract = built;
            problems.extend(checks);
        }
        problems.sort_by_key(|p| (p.line, p.column));
        problems.dedup_by(|b, a| (a.line, a.column, a.code) == (b.line, b.column, b.code));
        if problems.iter().any(Problem::is_error) {
            contract = None;
        }
        Examined { contract, problems }
    }

    /// Whether the only errors are values still to fill: the file is a starter not completed.
    pub fn unfilled(&self) -> bool {
        let mut errors = self.problems.iter().filter(|p| p.is_error()).peekable();
        errors.peek().is_some()
            && errors.all(|p| p.code == crate::finding::Code::ContractPlaceholder)
    }

    /// The contract, or every error (values still to fill apart, when they are the only ones);
    /// `path` names the file in messages.
    pub fn into_contract(self, path: &Path) -> Result<Contract, ContractError> {
        let errors = self.problems.iter().any(Problem::is_error);
        match self.contract {
            Some(contract) if !errors => Ok(contract),
            _ if self.unfilled() => Err(ContractError::Unfilled {
                path: PathBuf::from(path),
                placeholders: self
                    .problems
                    .into_iter()
                    .filter(Problem::is_error)
                    .collect(),
            }),
            _ => Err(ContractError::Invalid {
                path: PathBuf::from(path),
                problems: self.problems,
            }),
        }
    }
}

/// An avenant: a signed change to the contract, effective from a contract year's start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Avenant {
    /// Its number (1, 2, …).
    pub number: u32,
    /// Date signed.
    pub signature: NaiveDate,
    /// Date it takes effect: the start of a contract year.
    pub effect: NaiveDate,
    /// What it changes.
    pub object: String,
}

/// The CPTS's identity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cpts {
    /// Name.
    pub name: String,
    /// SIRET or FINESS.
    pub identifier: String,
    /// Département.
    pub departement: String,
    /// Region.
    pub region: String,
    /// CPAM.
    pub cpam: String,
    /// ARS.
    pub ars: String,
    /// Population covered, when given.
    pub population: Option<u64>,
}

/// Dates and the contract's choices.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Terms {
    /// Signature date.
    pub signature: NaiveDate,
    /// Number of contract years.
    pub duration_years: u32,
    /// Pro-rata day count.
    pub prorata: ProrataMode,
    /// Neutralisation policy.
    pub neutralisation: NeutralisationPolicy,
    /// Share paid for "Partiellement atteint".
    pub partial_share: Decimal,
}

/// A signed mission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mission {
    /// Which mission.
    pub code: MissionCode,
    /// Start date.
    pub start: NaiveDate,
    /// Annual amount of each of the mission's parts.
    pub annual: IndexMap<Part, Decimal>,
    /// Parts whose amount the contract sets instead of the grid.
    pub overridden: Vec<Part>,
}

impl Mission {
    /// The annual amount of a part (0 for a part the mission does not carry).
    pub fn annual(&self, part: Part) -> Decimal {
        self.annual.get(&part).copied().unwrap_or_default()
    }
}

/// An indicator and its yearly targets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Indicator {
    /// Unique code.
    pub code: String,
    /// Mission.
    pub mission: MissionCode,
    /// French wording.
    pub label: String,
    /// National or local.
    pub scope: Scope,
    /// Means or result.
    pub nature: Nature,
    /// Attainment rule.
    pub rule: Rule,
    /// Direction.
    pub direction: Direction,
    /// Baseline value.
    pub baseline: Option<Decimal>,
    /// Unit of the values (free text); `%` marks a percentage indicator.
    pub unit: Option<String>,
    /// Data source.
    pub source: String,
    /// Evidence expected.
    pub evidence: Vec<String>,
    /// Weight and target for each contract year in which the line is in force.
    pub years: BTreeMap<u32, IndicatorYear>,
}

impl Indicator {
    /// Whether the indicator is a percentage: values in points, a typed `56,2 %` means 56.2.
    pub fn is_percentage(&self) -> bool {
        self.unit.as_deref().map(str::trim) == Some("%")
    }
}

/// An indicator's terms for one contract year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorYear {
    /// Euros of the mission's variable envelope (0: tracking only).
    pub weight: Decimal,
    /// Target.
    pub target: Option<Decimal>,
    /// Thresholds sorted best first, whatever the order in the file (`paliers` only).
    pub tiers: Vec<Tier>,
    /// Attainment under which nothing is paid (`lineaire` only).
    pub floor: Option<Decimal>,
}

/// One threshold of a `paliers` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tier {
    /// Observed value to reach (hausse) or not to exceed (baisse).
    pub threshold: Decimal,
    /// Share of the weight paid; for a tier in euros, `amount / weight` to 28 digits, for
    /// ordering and display only ([`Tier::fraction`] is the exact share).
    pub share: Decimal,
    /// Euros of the year's contract weight paid, when the contract states the tier in euros
    /// (`montant`). Absent from the terms stored in workbooks made before, whose bytes stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

impl Tier {
    /// The exact share of the line's contract weight paid: `montant / poids` for a tier in
    /// euros (so that the line pays its euros to the cent at a pro-rata of 1), else `part`.
    pub(crate) fn fraction(&self, weight: Decimal) -> crate::money::Fraction {
        match self.amount {
            Some(amount) if !weight.is_zero() => crate::money::Fraction::new(amount, weight),
            _ => crate::money::Fraction::whole(self.share),
        }
    }
}

/// Settings of one contract year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct YearSettings {
    /// The ARS recognised a serious crisis this year.
    pub crisis_recognised: bool,
}

/// The dates of one contract year, both inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day (an anniversary of the signature).
    pub start: NaiveDate,
    /// Last day (the day before the next anniversary).
    pub end: NaiveDate,
}

impl Period {
    /// The next anniversary: the day after the period.
    pub fn next_anniversary(&self) -> NaiveDate {
        self.end + Days::new(1)
    }

    /// Whether a date falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// One indicator line of a contract year: the indicator and its terms that year.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// Its terms this year.
    pub terms: &'a IndicatorYear,
}

/// The date `years` years after `date`; a 29 February falls on 28 February in common years.
pub(crate) fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

impl Contract {
    /// Checks a contract given as text; `path` only names it in messages. A contract that still
    /// holds a value to fill is not yet the signed contract: every value written « À REMPLIR :
    /// … » is named before any other check (most stand where a number or a date belongs), and
    /// an empty or absent name or identifier of the CPTS with the other problems. Warnings do
    /// not block ([`Contract::examine`] lists them).
    pub fn parse(text: &str, path: &Path) -> Result<Contract, ContractError> {
        Contract::examine(text).into_contract(path)
    }

    /// Every problem of a contract text, errors and warnings, in file order, and the contract
    /// when no error blocks it: every syntax mistake the parser can resume after, every value
    /// of the wrong kind, every value still to fill, and — when the mistakes have a certain
    /// fix — the contract's checks on the text so fixed.
    pub fn examine(text: &str) -> Examined {
        let reading = syntax::read(text);
        // Values still to fill are named by where they stand (« cible » (indicateur X, année 1)).
        let mut problems = placeholder::find(&reading.syntax_repaired);
        problems.extend(reading.problems.iter().cloned());
        let checkable = reading.certain && placeholder::marked(&reading.syntax_repaired).is_empty();
        Examined::gather(problems, checkable.then_some(reading))
    }

    /// Like [`Contract::examine`], accepting values still to fill where a text is expected (a
    /// number or a date still to fill remains an error).
    fn examine_draft(text: &str) -> Examined {
        let reading = syntax::read(text);
        let problems = reading.problems.clone();
        let certain = reading.certain;
        Examined::gather(problems, certain.then_some(reading))
    }

    /// Checks a contract given as text, accepting values still to fill where a text is
    /// expected (a number or a date still to fill remains an error). For the contract a
    /// workbook carries, whose identity `check` reports (`identity_placeholder`), never for
    /// making one.
    pub fn parse_draft(text: &str, path: &Path) -> Result<Contract, ContractError> {
        let examined = Contract::examine_draft(text);
        match examined.contract {
            Some(contract) => Ok(contract),
            None => Err(ContractError::Invalid {
                path: PathBuf::from(path),
                problems: examined.problems,
            }),
        }
    }

    /// The dates of contract year `year` (1-based).
    pub fn period(&self, year: u32) -> Period {
        let start = add_years(self.terms.signature, year.saturating_sub(1));
        let end = add_years(self.terms.signature, year)
            .pred_opt()
            .unwrap_or(start);
        Period { start, end }
    }

    /// The contract year a date falls in, if any.
    pub fn year_of(&self, date: NaiveDate) -> Option<u32> {
        (1..=self.terms.duration_years).find(|&y| self.period(y).contains(date))
    }

    /// The signed mission with this code.
    pub fn mission(&self, code: MissionCode) -> Option<&Mission> {
        self.missions.iter().find(|m| m.code == code)
    }

    /// The indicator lines in force in a contract year, in file order.
    pub fn lines(&self, year: u32) -> Vec<Line<'_>> {
        self.indicators
            .iter()
            .filter_map(|indicator| {
                indicator
                    .years
                    .get(&year)
                    .map(|terms| Line { indicator, terms })
            })
            .collect()
    }

    /// SHA-256 of the contract text, in lowercase hexadecimal: proves which signed contract a
    /// workbook was made from.
    pub fn sha256(&self) -> String {
        terms::sha256(&self.text)
    }

    /// Whether `other` is a version of this contract: the same CPTS, signed the same day (its
    /// terms may differ by avenants).
    pub fn same_contract(&self, other: &Contract) -> bool {
        self.cpts.identifier == other.cpts.identifier
            && self.cpts.name == other.cpts.name
            && self.terms.signature == other.terms.signature
    }

    /// The avenant that set a year's terms: the latest effective on or before the year's start
    /// (none when the year is as first signed).
    pub fn avenant_of_year(&self, year: u32) -> Option<&Avenant> {
        let start = self.period(year).start;
        self.avenants.iter().rev().find(|a| a.effect <= start)
    }

    /// The date the filled workbook of a year is due, when the contract gives it.
    pub fn deadline(&self, year: u32) -> Option<NaiveDate> {
        self.deadlines.get(&year).copied()
    }

    /// The settings of a contract year.
    pub fn year_settings(&self, year: u32) -> YearSettings {
        self.years.get(&year).copied().unwrap_or_default()
    }
}
