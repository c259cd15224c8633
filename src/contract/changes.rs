//! What differs between two versions of a contract for one contract year: the terms a
//! workbook of that year is bound to (docs/regles.md, « Avenants »).
//!
//! A year's terms are the CPTS's identity, the contract's choices, the year's settings, the
//! missions in force that year with their amounts and start, and the year's indicator lines with
//! everything that decides their money (rule, direction, unit, baseline, target, weight, tiers,
//! seuil). Wording (labels, sources, evidence) is not money and is not compared.

use super::{Contract, Indicator, IndicatorYear, Mission, Period, Tier};
use crate::mission::{MissionCode, Part};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// What kind of term changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The CPTS, the contract's choices or the year's settings.
    Contract,
    /// A mission is in force this year and was not.
    MissionAdded,
    /// A mission was in force this year and is no more.
    MissionRemoved,
    /// A mission's amount or start changed for this year.
    MissionChanged,
    /// An indicator line is added to the year.
    LineAdded,
    /// An indicator line is removed from the year.
    LineRemoved,
    /// A term of an indicator line changed.
    LineChanged,
}

/// A term's value, kept typed so that people read it in French and programs as in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum TermValue {
    /// Not set.
    Absent,
    /// A value (baseline, target, seuil, population).
    Number(Decimal),
    /// An amount.
    Euros(Decimal),
    /// A date.
    Date(NaiveDate),
    /// A word or a name.
    Text(String),
    /// A yes / no setting.
    Flag(bool),
    /// The tiers of a `paliers` line.
    Tiers(Vec<Tier>),
}

impl TermValue {
    /// As written in a contract file, for JSON (`None` when absent).
    pub fn as_file(&self) -> Option<String> {
        Some(match self {
            TermValue::Absent => return None,
            TermValue::Number(d) => d.normalize().to_string(),
            TermValue::Euros(d) => crate::money::to_json_string(*d),
            TermValue::Date(d) => d.to_string(),
            TermValue::Text(t) => t.clone(),
            TermValue::Flag(b) => b.to_string(),
            TermValue::Tiers(tiers) => tiers
                .iter()
                .map(|t| match t.amount {
                    Some(m) => format!("{}:{}€", t.threshold.normalize(), m.normalize()),
                    None => format!("{}:{}", t.threshold.normalize(), t.share.normalize()),
                })
                .collect::<Vec<_>>()
                .join(";"),
        })
    }

    /// In French, for people.
    pub fn french(&self) -> String {
        match self {
            TermValue::Absent => "(aucun)".into(),
            TermValue::Number(d) => crate::fr::decimal(*d),
            TermValue::Euros(d) => crate::fr::euros(*d),
            TermValue::Date(d) => crate::fr::date(*d),
            TermValue::Text(t) => t.clone(),
            TermValue::Flag(b) => if *b { "oui" } else { "non" }.into(),
            TermValue::Tiers(tiers) => tiers
                .iter()
                .map(|t| {
                    let threshold = crate::fr::decimal(t.threshold);
                    let pays = t
                        .amount
                        .map_or_else(|| crate::fr::percent(t.share), crate::fr::euros);
                    format!("{threshold} → {pays}")
                })
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One term of a contract year that differs between two versions of the contract.
#[derive(Debug, Clone, PartialEq)]
pub struct TermChange {
    /// The contract year.
    pub year: u32,
    /// What changed.
    pub kind: ChangeKind,
    /// The mission concerned, if any.
    pub mission: Option<MissionCode>,
    /// The indicator concerned, if any.
    pub indicator: Option<String>,
    /// The term, by its key in the contract file (`cible`, `poids`, `fixe`…).
    pub field: &'static str,
    /// Its value before.
    pub before: TermValue,
    /// Its value after.
    pub after: TermValue,
}

impl TermChange {
    /// The term in French words, for messages: `valeur initiale`, `volet fixe`…
    pub fn field_label(&self) -> &'static str {
        if let Some(part) = Part::ALL.into_iter().find(|p| p.key() == self.field) {
            return part.label();
        }
        match self.field {
            "valeur_initiale" => "valeur initiale",
            "regle" => "règle",
            "unite" => "unité",
            "debut" => "début dans l'année",
            "nom" => "nom de la CPTS",
            "signature" => "date de signature",
            "duree_annees" => "durée du contrat",
            "prorata" => "mode de prorata",
            "neutralisation" => "règle de neutralisation",
            "part_partielle" => "part versée pour « partiellement atteint »",
            "crise_reconnue" => "crise reconnue par l'ARS",
            other => other,
        }
    }
}

/// The terms of `year` that differ from `before` to `after`, in a stable order: the contract,
/// then missions, then lines in the order of the later contract.
pub fn year_changes(before: &Contract, after: &Contract, year: u32) -> Vec<TermChange> {
    let mut out = Changes {
        year,
        list: Vec::new(),
    };
    out.contract(before, after);
    out.missions(before, after);
    out.lines(before, after);
    out.list
}

struct Changes {
    year: u32,
    list: Vec<TermChange>,
}

impl Changes {
    fn push(
        &mut self,
        kind: ChangeKind,
        (mission, indicator): (Option<MissionCode>, Option<&str>),
        field: &'static str,
        before: TermValue,
        after: TermValue,
    ) {
        if before != after {
            self.list.push(TermChange {
                year: self.year,
                kind,
                mission,
                indicator: indicator.map(str::to_string),
                field,
                before,
                after,
            });
        }
    }

    fn contract(&mut self, a: &Contract, b: &Contract) {
        use TermValue::{Date, Euros, Flag, Number, Text};
        let c = ChangeKind::Contract;
        let text = |s: &str| Text(s.to_string());
        let key = |v: &dyn erased::Key| Text(v.key());
        self.push(
            c,
            (None, None),
            "nom",
            text(&a.cpts.name),
            text(&b.cpts.name),
        );
        let (ia, ib) = (&a.cpts.identifier, &b.cpts.identifier);
        self.push(c, (None, None), "identifiant", text(ia), text(ib));
        let size = |x: &Contract| Number(x.size.get().into());
        self.push(c, (None, None), "taille", size(a), size(b));
        let (ta, tb) = (&a.terms, &b.terms);
        self.push(
            c,
            (None, None),
            "signature",
            Date(ta.signature),
            Date(tb.signature),
        );
        let duration = |x: u32| Number(x.into());
        let (da, db) = (duration(ta.duration_years), duration(tb.duration_years));
        self.push(c, (None, None), "duree_annees", da, db);
        self.push(
            c,
            (None, None),
            "prorata",
            key(&ta.prorata),
            key(&tb.prorata),
        );
        let (na, nb) = (key(&ta.neutralisation), key(&tb.neutralisation));
        self.push(c, (None, None), "neutralisation", na, nb);
        let (pa, pb) = (Number(ta.partial_share), Number(tb.partial_share));
        self.push(c, (None, None), "part_partielle", pa, pb);
        let (oa, ob) = (Euros(a.operating), Euros(b.operating));
        self.push(c, (None, None), "fonctionnement", oa, ob);
        let year = self.year;
        let crisis = |x: &Contract| Flag(x.year_settings(year).crisis_recognised);
        let (ca, cb) = (crisis(a), crisis(b));
        self.push(c, (None, None), "crise_reconnue", ca, cb);
    }

    fn missions(&mut self, a: &Contract, b: &Contract) {
        let year = self.year;
        fn in_force(x: &Contract, code: MissionCode, year: u32) -> Option<&Mission> {
            x.mission(code).filter(|m| m.start <= x.period(year).end)
        }
        for code in MissionCode::ALL {
            let at = (Some(code), None);
            match (in_force(a, code, year), in_force(b, code, year)) {
                (None, None) => {}
                (Some(_), None) => self.push(
                    ChangeKind::MissionRemoved,
                    at,
                    "mission",
                    TermValue::Text(code.label().into()),
                    TermValue::Absent,
                ),
                (None, Some(_)) => self.push(
                    ChangeKind::MissionAdded,
                    at,
                    "mission",
                    TermValue::Absent,
                    TermValue::Text(code.label().into()),
                ),
                (Some(ma), Some(mb)) => {
                    let start = |m: &Mission, p: Period| TermValue::Date(m.start.max(p.start));
                    let (sa, sb) = (
                        start(ma, a.period(self.year)),
                        start(mb, b.period(self.year)),
                    );
                    self.push(ChangeKind::MissionChanged, at, "debut", sa, sb);
                    // A part the mission does not carry counts as 0 on that side.
                    for part in Part::ALL {
                        let (va, vb) = (ma.annual(part), mb.annual(part));
                        let euros = TermValue::Euros;
                        self.push(
                            ChangeKind::MissionChanged,
                            at,
                            part.key(),
                            euros(va),
                            euros(vb),
                        );
                    }
                }
            }
        }
    }

    fn lines(&mut self, a: &Contract, b: &Contract) {
        let year = self.year;
        fn find<'c>(x: &'c Contract, code: &str, year: u32) -> Option<LineTerms<'c>> {
            let i = x.indicators.iter().find(|i| i.code == code)?;
            Some((i, i.years.get(&year)?))
        }
        let mut codes: Vec<&str> = b
            .lines(self.year)
            .iter()
            .map(|l| &*l.indicator.code)
            .collect();
        for l in a.lines(self.year) {
            if !codes.contains(&&*l.indicator.code) {
                codes.push(&l.indicator.code);
            }
        }
        for code in codes {
            match (find(a, code, year), find(b, code, year)) {
                (None, None) => {}
                (Some((i, _)), None) => self.push(
                    ChangeKind::LineRemoved,
                    (Some(i.mission), Some(code)),
                    "ligne",
                    TermValue::Text(i.label.clone()),
                    TermValue::Absent,
                ),
                (None, Some((i, _))) => self.push(
                    ChangeKind::LineAdded,
                    (Some(i.mission), Some(code)),
                    "ligne",
                    TermValue::Absent,
                    TermValue::Text(i.label.clone()),
                ),
                (Some(la), Some(lb)) => self.line(code, la, lb),
            }
        }
    }

    fn line(&mut self, code: &str, (ia, ya): LineTerms, (ib, yb): LineTerms) {
        use TermValue::{Euros, Text};
        let at = (Some(ib.mission), Some(code));
        let k = ChangeKind::LineChanged;
        let number = |d: Option<Decimal>| d.map_or(TermValue::Absent, TermValue::Number);
        let key = |v: &dyn erased::Key| Text(v.key());
        let mission = |i: &Indicator| Text(i.mission.label().into());
        self.push(k, at, "mission", mission(ia), mission(ib));
        self.push(k, at, "regle", key(&ia.rule), key(&ib.rule));
        self.push(k, at, "sens", key(&ia.direction), key(&ib.direction));
        let unit = |i: &Indicator| {
            i.unit
                .as_deref()
                .map_or(TermValue::Absent, |u| Text(u.into()))
        };
        self.push(k, at, "unite", unit(ia), unit(ib));
        let (ba, bb) = (number(ia.baseline), number(ib.baseline));
        self.push(k, at, "valeur_initiale", ba, bb);
        self.push(k, at, "cible", number(ya.target), number(yb.target));
        self.push(k, at, "poids", Euros(ya.weight), Euros(yb.weight));
        let tiers =
            |y: &IndicatorYear| (!y.tiers.is_empty()).then(|| TermValue::Tiers(y.tiers.clone()));
        let (pa, pb) = (
            tiers(ya).unwrap_or(TermValue::Absent),
            tiers(yb).unwrap_or(TermValue::Absent),
        );
        self.push(k, at, "paliers", pa, pb);
        self.push(k, at, "seuil", number(ya.floor), number(yb.floor));
    }
}

type LineTerms<'a> = (&'a Indicator, &'a IndicatorYear);

/// The contract's enumerations by their key in the file, through serde (one spelling).
mod erased {
    pub(super) trait Key {
        fn key(&self) -> String;
    }

    impl<T: serde::Serialize> Key for T {
        fn key(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn sample() -> Contract {
        let text = include_str!("../../samples/contrat-exemple.toml");
        Contract::parse(text, Path::new("c.toml")).unwrap()
    }

    #[test]
    fn the_same_contract_has_no_change() {
        let c = sample();
        for year in 1..=5 {
            assert!(year_changes(&c, &c, year).is_empty());
        }
    }

    #[test]
    fn a_target_changed_for_one_year_is_a_change_of_that_year_only() {
        let a = sample();
        let mut b = a.clone();
        let line = b
            .indicators
            .iter_mut()
            .find(|i| i.years.contains_key(&3))
            .unwrap();
        let code = line.code.clone();
        let y3 = line.years.get_mut(&3).unwrap();
        y3.target = Some(y3.target.unwrap_or_default() + Decimal::ONE);
        assert!(year_changes(&a, &b, 2).is_empty());
        let changes = year_changes(&a, &b, 3);
        assert_eq!(changes.len(), 1, "{changes:?}");
        let c = &changes[0];
        assert_eq!(
            (c.kind, c.field, c.indicator.as_deref()),
            (ChangeKind::LineChanged, "cible", Some(code.as_str()))
        );
        assert_ne!(c.before.as_file(), c.after.as_file());
    }

    #[test]
    fn the_operating_amount_changes_every_year() {
        let a = sample();
        let mut b = a.clone();
        b.operating += Decimal::ONE_HUNDRED;
        for year in 1..=5 {
            let changes = year_changes(&a, &b, year);
            assert_eq!(changes.len(), 1);
            assert_eq!(changes[0].field, "fonctionnement");
            assert_eq!(changes[0].after.french(), crate::fr::euros(b.operating));
        }
    }
}
