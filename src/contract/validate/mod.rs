//! The contract checks listed in the README (« Le contrat »): from the file as written to a
//! [`Contract`], or every problem.

mod avenants;
mod indicators;
mod missions;
mod reach;

use super::error::Problem;
use super::file::{ContractFile, FORMAT};
use super::{Contract, Cpts, Mission, Terms, YearSettings};
use crate::finding::Code;
use crate::grid::{self, Grid, Size};
use crate::mission::MissionCode;
use chrono::NaiveDate;
use indexmap::IndexMap;
use indicators::check_weights;
use indicators::resolve_indicators;
use missions::resolve_missions;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

/// Longest indicator code accepted: codes name workbook rows and must stay short.
const MAX_CODE_CHARS: usize = 32;
/// Longest contract accepted, in years.
const MAX_DURATION_YEARS: u32 = 10;
/// Largest baseline, target or tier threshold, and most decimals in one: the workbook's
/// formulas compute exactly as the engine within these bounds (see `workbook::formulas`).
pub(crate) const MAX_VALUE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Most decimals of a baseline, target, tier threshold or realised value.
pub(crate) const MAX_VALUE_DECIMALS: u32 = 6;
/// Largest weight of one line: far above any envelope, and small enough for the workbook's
/// amount formula to see an exact half cent as one.
const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Longest unit text.
const MAX_UNIT_CHARS: usize = 30;

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    /// A value the checks refuse (`contract_invalid`).
    fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        self.problems.push(Problem::at(self.text, span, message));
    }

    /// A problem of a given kind, with its code's usual severity; the caller may refine it.
    fn problem(
        &mut self,
        code: Code,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> &mut Problem {
        self.problems
            .push(Problem::of(code, self.text, span, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn date(&mut self, value: &Spanned<Datetime>, what: &str) -> Option<NaiveDate> {
        let dt = value.get_ref();
        let date = match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        };
        if date.is_none() {
            let msg = format!("{what} : une date sans heure est attendue, par exemple 2024-03-01");
            self.error(Some(value.span()), msg);
        }
        date
    }

    /// An amount in euros: positive or zero, with at most two decimals (cents).
    fn amount(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v.is_sign_negative() && !v.is_zero() {
            self.error(
                Some(value.span()),
                format!("{what} : montant négatif ({v})"),
            );
        } else if v.normalize().scale() > 2 {
            let msg = format!(
                "{what} : le montant {v} a plus de deux décimales ; les montants sont en euros et \
                 centimes (par exemple {})",
                crate::money::round2(v)
            );
            self.error(Some(value.span()), msg);
        }
        v
    }

    /// A baseline, target or threshold: within the bounds the workbook computes exactly.
    fn value(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v.abs() >= MAX_VALUE || v.normalize().scale() > MAX_VALUE_DECIMALS {
            let msg = format!(
                "{what} : {v} sort des valeurs prises en charge (moins d'un milliard, au plus \
                 {MAX_VALUE_DECIMALS} décimales)"
            );
            self.error(Some(value.span()), msg);
        }
        v
    }

    fn share(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v < Decimal::ZERO || v > Decimal::ONE {
            let msg = format!("{what} : {v} n'est pas une part entre 0 et 1 (0,5 s'écrit 0.5)");
            self.error(Some(value.span()), msg);
        }
        v
    }
}

/// Checks a parsed contract file and resolves it into a [`Contract`] when no error blocks it;
/// every problem, errors and warnings, in file order.
pub(super) fn build(text: &str, file: ContractFile) -> (Option<Contract>, Vec<Problem>) {
    let mut ck = Checker {
        text,
        problems: Vec::new(),
    };
    if file.format.get_ref() != FORMAT {
        let msg = format!(
            "format « {} » non pris en charge : cette version lit « {FORMAT} »",
            file.format.get_ref()
        );
        ck.error(Some(file.format.span()), msg);
    }
    let grid = resolve_grid(&mut ck, file.grid.as_ref());
    let size = resolve_size(&mut ck, &file.cpts);
    let terms = resolve_terms(&mut ck, &file.terms);
    let operating = match &file.terms.get_ref().operating {
        Some(v) => ck.amount(v, "fonctionnement"),
        None => grid.operating.amount(size),
    };
    let operating_stated = file.terms.get_ref().operating.is_some();
    if file.missions.is_empty() {
        let msg = "le contrat ne déclare aucune mission : ajoutez une table [[missions]] par \
                   mission signée (code et debut), par exemple [[missions]] code = \"acces\" \
                   debut = 2024-06-01";
        ck.error(Some(file.terms.span()), msg);
    }
    let missions = resolve_missions(&mut ck, &file.missions, &grid, size, terms.as_ref());
    let years = resolve_years(&mut ck, &file.years, terms.as_ref(), &missions);
    let deadlines = resolve_deadlines(&mut ck, &file.years, terms.as_ref());
    for (i, c) in file.contacts.iter().enumerate() {
        if c.get_ref().nom.trim().is_empty() {
            let msg = format!(
                "contact n° {} : « nom » est vide ; donnez le nom de la personne ou du service",
                i + 1
            );
            ck.error(Some(c.span()), msg);
        }
    }
    let contacts = file.contacts.iter().map(|c| contact(c.get_ref())).collect();
    let declared: Vec<MissionCode> = file
        .missions
        .iter()
        .map(|m| *m.get_ref().code.get_ref())
        .collect();
    let indicators = resolve_indicators(
        &mut ck,
        &file.indicators,
        &declared,
        &missions,
        terms.as_ref(),
    );
    check_weights(&mut ck, &file.missions, &missions, &indicators);
    if let Some(terms) = &terms {
        reach::unreachable_envelopes(&mut ck, &file.missions, &missions, &indicators, terms);
    }
    let avenants = avenants::resolve(&mut ck, &file.avenants, terms.as_ref());
    let cpts = file.cpts.into_inner();
    let cpts = Cpts {
        name: cpts.name,
        identifier: cpts.identifier,
        departement: cpts.departement,
        region: cpts.region,
        cpam: cpts.cpam,
        ars: cpts.ars,
        population: cpts.population.map(Spanned::into_inner),
    };
    ck.problems.sort_by_key(|p| (p.line, p.column));
    let blocked = ck.problems.iter().any(Problem::is_error);
    let contract = match (blocked, terms) {
        (false, Some(terms)) => Some(Contract {
            text: text.to_string(),
            grid,
            cpts,
            size,
            terms,
            operating,
            operating_stated,
            missions,
            indicators,
            years,
            avenants,
            contacts,
            deadlines,
        }),
        _ => None,
    };
    (contract, ck.problems)
}

fn resolve_grid(ck: &mut Checker, id: Option<&Spanned<String>>) -> Grid {
    let default = || grid::find(grid::DEFAULT_ID).expect("default grid is embedded");
    let Some(id) = id else { return default() };
    grid::find(id.get_ref()).unwrap_or_else(|| {
        let msg = format!(
            "grille « {} » inconnue ; grilles disponibles : {}",
            id.get_ref(),
            grid::known_ids().join(", ")
        );
        ck.error(Some(id.span()), msg);
        default()
    })
}

fn resolve_size(ck: &mut Checker, cpts: &Spanned<super::file::CptsFile>) -> Size {
    let c = cpts.get_ref();
    let from_population = c
        .population
        .as_ref()
        .map(|p| Size::from_population(*p.get_ref()));
    let given = c.size.as_ref().map(|s| (Size::new(*s.get_ref()), s.span()));
    match (from_population, given) {
        (_, Some((None, span))) => {
            ck.error(Some(span), "taille inconnue : 1, 2, 3 ou 4 attendu");
            Size::new(1).expect("1 is a size")
        }
        (Some(p), Some((Some(t), span))) if p != t => {
            let pop = c
                .population
                .as_ref()
                .map(|p| *p.get_ref())
                .unwrap_or_default();
            let msg = format!(
                "la taille {} ne correspond pas à la population de {} habitants, qui donne la \
                 taille {} ; corrigez l'une des deux ou retirez la taille",
                t.get(),
                crate::fr::french_number(Decimal::from(pop), 0),
                p.get()
            );
            ck.error(Some(span), msg);
            t
        }
        (Some(size), _) | (None, Some((Some(size), _))) => size,
        (None, None) => {
            let msg = "[cpts] : indiquez la population couverte (population = 62000) ou la \
                       taille (taille = 2)";
            ck.error(Some(cpts.span()), msg);
            Size::new(1).expect("1 is a size")
        }
    }
}

fn resolve_terms(ck: &mut Checker, terms: &Spanned<super::file::TermsFile>) -> Option<Terms> {
    let t = terms.get_ref();
    let signature = ck.date(&t.signature, "signature");
    let duration_years = match &t.duration_years {
        Some(d) if !(1..=MAX_DURATION_YEARS).contains(d.get_ref()) => {
            let msg = format!(
                "durée de {} ans impossible : entre 1 et {MAX_DURATION_YEARS} ans (5 pour un ACI)",
                d.get_ref()
            );
            ck.error(Some(d.span()), msg);
            5
        }
        Some(d) => *d.get_ref(),
        None => 5,
    };
    let partial_share = match &t.partial_share {
        Some(v) => ck.share(v, "part_partielle"),
        None => Decimal::new(5, 1),
    };
    Some(Terms {
        signature: signature?,
        duration_years,
        prorata: t.prorata,
        neutralisation: t.neutralisation,
        partial_share,
    })
}

fn year_number(ck: &mut Checker, key: &Spanned<String>, terms: Option<&Terms>) -> Option<u32> {
    let duration = terms.map_or(MAX_DURATION_YEARS, |t| t.duration_years);
    match key.get_ref().trim().parse::<u32>() {
        Ok(n) if (1..=duration).contains(&n) => Some(n),
        _ => {
            let msg = format!(
                "année « {} » hors du contrat : les années vont de 1 à {duration}",
                key.get_ref()
            );
            ck.error(Some(key.span()), msg);
            None
        }
    }
}

fn resolve_years(
    ck: &mut Checker,
    years: &IndexMap<Spanned<String>, super::file::YearFile>,
    terms: Option<&Terms>,
    missions: &[Mission],
) -> BTreeMap<u32, YearSettings> {
    let mut out = BTreeMap::new();
    for (key, year) in years {
        let Some(n) = year_number(ck, key, terms) else {
            continue;
        };
        if year.crisis_recognised && !missions.iter().any(|m| m.code == MissionCode::Crise) {
            let msg = format!(
                "année {n} : crise_reconnue n'a d'effet que si le contrat comporte la mission « crise »"
            );
            ck.error(Some(key.span()), msg);
        }
        out.insert(
            n,
            YearSettings {
                crisis_recognised: year.crisis_recognised,
            },
        );
    }
    out
}

/// The `remise` dates of `[annees.N]`, by year (a year number out of range is reported by
/// [`resolve_years`]).
fn resolve_deadlines(
    ck: &mut Checker,
    years: &IndexMap<Spanned<String>, super::file::YearFile>,
    terms: Option<&Terms>,
) -> BTreeMap<u32, NaiveDate> {
    let mut out = BTreeMap::new();
    for (key, year) in years {
        let Some(remise) = &year.remise else {
            continue;
        };
        let n = terms.and_then(|t| {
            key.get_ref()
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=t.duration_years).contains(n))
        });
        if let (Some(n), Some(date)) = (n, ck.date(remise, "remise")) {
            out.insert(n, date);
        }
    }
    out
}

fn contact(c: &super::file::ContactFile) -> super::Contact {
    super::Contact {
        role: c.role.trim().to_string(),
        name: c.nom.trim().to_string(),
        email: c.courriel.trim().to_string(),
        phone: c.telephone.trim().to_string(),
    }
}
