//! What an avenant changes (README, « Avenants ») : the terms of each contract year from the
//! former contract to the new one, the money effect per year, and what makes it unlawful (a
//! change to a year already started on its effect date, an avenant not recorded).

use crate::contract::Contract;
use crate::contract::changes::{ChangeKind, TermChange, year_changes};
use crate::finding::{Code, Finding};
use crate::fr;
use crate::funding::{Readings, fund_year};
use crate::money::ser;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The money effect of an avenant on one contract year (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearEffect {
    /// The contract year.
    pub year: u32,
    /// The year's maximum under the former contract.
    #[serde(serialize_with = "ser::money")]
    pub max_before: Decimal,
    /// The year's maximum under the new contract.
    #[serde(serialize_with = "ser::money")]
    pub max_after: Decimal,
    /// After minus before.
    #[serde(serialize_with = "ser::money")]
    pub difference: Decimal,
}

/// One changed term (stable JSON keys).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ChangeJson {
    /// The contract year.
    pub(crate) year: u32,
    /// `contract`, `mission_added`, `mission_removed`, `mission_changed`, `line_added`,
    /// `line_removed`, `line_changed`.
    pub(crate) kind: ChangeKind,
    /// Mission code, when the change concerns one.
    pub(crate) mission: Option<String>,
    /// Indicator code, when the change concerns one.
    pub(crate) indicator: Option<String>,
    /// The term, by its key in the contract file.
    pub(crate) field: &'static str,
    /// Its value before, as written in a contract file.
    pub(crate) before: Option<String>,
    /// Its value after.
    pub(crate) after: Option<String>,
}

/// What an avenant changes (stable JSON keys).
#[derive(Debug, Clone, Serialize)]
pub struct AmendmentReport {
    /// Effect date of the (first) new avenant.
    #[serde(rename = "effet")]
    pub effect: Option<NaiveDate>,
    /// Number of the (last) new avenant.
    #[serde(rename = "numero")]
    pub number: Option<u32>,
    /// Money effect per contract year.
    pub years: Vec<YearEffect>,
    /// Every changed term, year by year.
    #[serde(serialize_with = "changes_json")]
    pub changes: Vec<TermChange>,
    /// What makes the avenant unlawful.
    pub errors: Vec<Finding>,
}

fn changes_json<S: serde::Serializer>(changes: &[TermChange], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(changes.iter().map(|c| ChangeJson {
        year: c.year,
        kind: c.kind,
        mission: c.mission.map(|m| m.to_string()),
        indicator: c.indicator.clone(),
        field: c.field,
        before: c.before.as_file(),
        after: c.after.as_file(),
    }))
}

impl AmendmentReport {
    /// Whether the avenant is lawful.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Compares the former contract with the new one.
pub fn compare(before: &Contract, after: &Contract) -> AmendmentReport {
    let last_year = before.terms.duration_years.max(after.terms.duration_years);
    let max = |c: &Contract, year: u32| {
        if year > c.terms.duration_years {
            Decimal::ZERO
        } else {
            fund_year(c, year, &Readings::default()).max
        }
    };
    let years = (1..=last_year)
        .map(|year| {
            let (b, a) = (max(before, year), max(after, year));
            YearEffect {
                year,
                max_before: b,
                max_after: a,
                difference: a - b,
            }
        })
        .collect();
    let changes: Vec<TermChange> = (1..=last_year)
        .flat_map(|year| year_changes(before, after, year))
        .collect();
    let recorded = after.avenants.starts_with(&before.avenants);
    let new = if recorded {
        &after.avenants[before.avenants.len()..]
    } else {
        &[][..]
    };
    let mut errors = Vec::new();
    // Comments and layout of the file are not the contract, nor are the contacts and the
    // deadlines (practical information); any other difference is.
    let content = |c: &Contract| Contract {
        text: String::new(),
        avenants: Vec::new(),
        contacts: Vec::new(),
        deadlines: Default::default(),
        ..c.clone()
    };
    let changed = !changes.is_empty() || content(before) != content(after);
    if !recorded {
        errors.push(Finding::of(
            Code::AvenantMissing,
            "",
            "",
            "la liste [[avenants]] du nouveau contrat ne reprend pas celle de l'ancien : \
             l'historique des avenants ne se réécrit pas, il s'allonge",
        ));
    } else if new.is_empty() && changed {
        errors.push(Finding::of(
            Code::AvenantMissing,
            "",
            "",
            format!(
                "le contrat a changé{} mais aucun nouvel avenant n'est inscrit dans [[avenants]] \
                 (l'ancien en compte {}, le nouveau aussi)",
                if changes.is_empty() {
                    " (libellés, sources ou pièces attendues)"
                } else {
                    ""
                },
                before.avenants.len()
            ),
        ));
    }
    let effect = new.first().map(|a| a.effect);
    if let Some(effect) = effect {
        errors.extend(
            changes
                .iter()
                .filter(|c| after.period(c.year).start < effect)
                .map(|c| past_year(c, effect, after)),
        );
    }
    AmendmentReport {
        effect,
        number: new.last().map(|a| a.number),
        years,
        changes,
        errors,
    }
}

fn past_year(c: &TermChange, effect: NaiveDate, after: &Contract) -> Finding {
    let period = after.period(c.year);
    Finding::of(
        Code::AvenantPastYear,
        "",
        "",
        format!(
            "{} — l'année {} ({} – {}) avait déjà commencé à la date d'effet de l'avenant, le {}",
            describe(c),
            c.year,
            fr::date(period.start),
            fr::date(period.end),
            fr::date(effect)
        ),
    )
    .with_indicator(c.indicator.as_deref())
}

/// One change in a French sentence.
pub(crate) fn describe(c: &TermChange) -> String {
    let whose = match (&c.indicator, c.mission) {
        (Some(code), _) => format!("{code} "),
        (None, Some(m)) => format!("mission {} ", m.label()),
        (None, None) => String::new(),
    };
    match c.kind {
        ChangeKind::LineAdded => format!("ligne {whose}ajoutée : {}", c.after.french()),
        ChangeKind::LineRemoved => format!("ligne {whose}retirée : {}", c.before.french()),
        ChangeKind::MissionAdded => format!("mission {} ajoutée", c.after.french()),
        ChangeKind::MissionRemoved => format!("mission {} retirée", c.before.french()),
        _ => format!(
            "{whose}{} : {} → {}",
            c.field_label(),
            c.before.french(),
            c.after.french()
        ),
    }
}

/// The report in French, for people.
pub(crate) fn text(r: &AmendmentReport, before: &Contract, after: &Contract) -> String {
    let mut out = String::new();
    match (r.number, r.effect) {
        (Some(n), Some(effect)) => {
            let a = after.avenants.iter().find(|a| a.number == n);
            out.push_str(&format!(
                "Avenant n° {n} au contrat de {}, effet le {}{}\n",
                after.cpts.name,
                fr::date(effect),
                a.filter(|a| !a.object.is_empty())
                    .map_or(String::new(), |a| format!(" : {}", a.object))
            ));
        }
        _ => out.push_str(&format!(
            "Contrat de {} : aucun nouvel avenant inscrit\n",
            before.cpts.name
        )),
    }
    out.push_str("\nEffet sur le maximum de chaque année :\n");
    for y in &r.years {
        let sign = if y.difference > Decimal::ZERO {
            "+"
        } else {
            ""
        };
        out.push_str(&format!(
            "  année {} : {} → {} ({sign}{})\n",
            y.year,
            fr::euros(y.max_before),
            fr::euros(y.max_after),
            fr::euros(y.difference)
        ));
    }
    out.push_str("\nChangements :\n");
    if r.changes.is_empty() {
        out.push_str("  aucun changement des termes\n");
    }
    let mut year = 0;
    for c in &r.changes {
        if c.year != year {
            year = c.year;
            out.push_str(&format!("  année {year} :\n"));
        }
        out.push_str(&format!("    - {}\n", describe(c)));
    }
    if !r.errors.is_empty() {
        out.push_str(&format!(
            "\n{} :\n",
            fr::count(r.errors.len(), "erreur", "erreurs")
        ));
        for e in &r.errors {
            out.push_str(&e.listed());
        }
    }
    out
}
