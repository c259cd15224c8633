//! The contract's entries built from the workbook's tables, with the problems only the workbook
//! can have: a cell of the wrong type, a required cell left blank, an indicator described
//! differently on two of its rows, a tier or a piece for no line of the annex.
//!
//! A value that cannot be read is replaced by a neutral one (a weight by 0, a date by the
//! signature's) and its row, indicator or totals are marked in [`Taint`], so that the
//! contract's checks still run on everything else without reporting what follows from it.

use super::super::form::{At, Field, Form, Item, Place, Value, YearForm};
use super::super::layout::{
    ANNEX, AVENANTS, BookTable, CONTACTS, Choices, Kind, MISSIONS, PARAM_ROWS, PARAMS, PIECES,
    TIERS, YEARS, col, param_of,
};
use super::cells::{self, Read, Wrong};
use super::flaw::{Flaw, Taint};
use super::{BookRead, RowIn, TableIn};
use crate::finding::{Code, Hint, hints};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Builds the entries from the tables found (in the order of `layout::TABLES`).
pub(super) fn build(tables: &[Option<TableIn>], flaws: &mut Vec<Flaw>) -> BookRead {
    let mut b = Builder {
        flaws: Vec::new(),
        taint: Taint::default(),
        form: Form::default(),
    };
    let table = |t: &BookTable| tables.iter().flatten().find(|x| x.table.name == t.name);
    if let Some(t) = table(&PARAMS) {
        b.params(t);
    }
    if let Some(t) = table(&MISSIONS) {
        b.form.missions_at = Place::at(at(t, t.header_row + 1, 0, None));
        b.missions(t);
    }
    let mut annex = super::annex::Annex::default();
    if let Some(t) = table(&ANNEX) {
        b.annex(t, &mut annex);
    }
    if let Some(t) = table(&TIERS) {
        b.tiers(t, &mut annex);
    }
    if let Some(t) = table(&PIECES) {
        b.pieces(t, &mut annex);
    }
    b.form.indicators = annex.finish();
    b.taint.resolve(&b.form.indicators);
    if let Some(t) = table(&YEARS) {
        b.years(t);
    }
    if let Some(t) = table(&AVENANTS) {
        b.avenants(t);
    }
    if let Some(t) = table(&CONTACTS) {
        b.contacts(t);
    }
    b.fill_dates();
    flaws.append(&mut b.flaws);
    BookRead {
        form: b.form,
        flaws: Vec::new(),
        taint: b.taint,
    }
}

pub(super) fn at(t: &TableIn, row: u32, col: u16, indicator: Option<&str>) -> At {
    At {
        sheet: t.table.sheet,
        row,
        col,
        indicator: indicator.map(str::to_string),
        mission: None,
    }
}

pub(super) struct Builder {
    pub(super) flaws: Vec<Flaw>,
    pub(super) taint: Taint,
    pub(super) form: Form,
}

/// A date still to be set once the signature is known: a start or an avenant's date that
/// could not be read.
const PENDING: &str = "\u{0}date";

impl Builder {
    /// Reads one cell of a row; a value that cannot be read is a problem, its row tainted.
    pub(super) fn cell(
        &mut self,
        t: &TableIn,
        r: &RowIn,
        name: &str,
        kind: Kind,
        ind: Option<&str>,
    ) -> Option<Field> {
        self.read_cell(t, r, name, kind, ind, false)
    }

    pub(super) fn read_cell(
        &mut self,
        t: &TableIn,
        r: &RowIn,
        name: &str,
        kind: Kind,
        ind: Option<&str>,
        points: bool,
    ) -> Option<Field> {
        let c = &r.cells[usize::from(t.table.col(name))];
        let place = at(t, r.row, c.col, ind);
        match cells::read(c, kind, points) {
            Read::Blank => None,
            Read::Value(value) => Some(Field {
                value,
                at: Place::at(place),
            }),
            Read::Bad(wrong) => {
                self.bad(place, name, wrong);
                None
            }
        }
    }

    /// What a value that cannot be read leaves unknown: its row (its cell only in `Missions`)
    /// and its indicator.
    fn taint(&mut self, place: &At) {
        if place.sheet == MISSIONS.sheet {
            self.taint.cells.insert((place.sheet, place.row, place.col));
        } else {
            self.taint.rows.insert((place.sheet, place.row));
        }
        if let Some(i) = &place.indicator {
            self.taint.indicators.insert(i.clone());
        }
    }

    fn bad(&mut self, place: At, name: &str, wrong: Wrong) {
        self.taint(&place);
        let (message, hint): (String, Option<(Hint, String)>) = match wrong {
            Wrong::NotNumber(s) => (
                format!("« {name} » : « {s} » n'est pas un nombre"),
                Some((hints::CONTRACT_NUMBER, String::new())),
            ),
            Wrong::NotWhole(s) => (
                format!("« {name} » : {s} n'est pas un nombre entier"),
                Some((hints::CONTRACT_NUMBER, String::new())),
            ),
            Wrong::TooLarge(s) => (
                format!("« {name} » : {s} dépasse ce qu'un contrat peut contenir"),
                Some((hints::CONTRACT_NUMBER, String::new())),
            ),
            Wrong::Percent(s) => (
                format!(
                    "« {name} » : {s} est un pourcentage, mais l'indicateur ne se compte pas en %"
                ),
                Some((hints::CONTRACT_PERCENT, String::new())),
            ),
            Wrong::NotDate(s) => (
                format!("« {name} » : « {s} » n'est pas une date"),
                Some((hints::CONTRACT_DATE, String::new())),
            ),
            Wrong::NotInList(s, list) => (
                format!("« {name} » : « {s} » n'est pas dans la liste"),
                Some((hints::CHOOSE_FROM, list.shown().join(", "))),
            ),
            Wrong::NotYesNo(s) => (
                format!("« {name} » : « {s} » n'est ni Oui ni Non"),
                Some((hints::CHOOSE_FROM, "Oui, Non".into())),
            ),
        };
        let mut flaw = Flaw::new(Some(place), Code::ContractCellInvalid, message);
        if let Some((hint, arg)) = hint {
            flaw = flaw.hint(hint, &arg);
        }
        self.flaws.push(flaw);
    }

    pub(super) fn missing(&mut self, place: At, what: &str) {
        self.taint(&place);
        let message = format!("{what} : la cellule est vide");
        self.flaws
            .push(Flaw::new(Some(place), Code::ContractValueMissing, message));
    }

    /// A required cell: its value, or a problem and `None`.
    pub(super) fn required(
        &mut self,
        t: &TableIn,
        r: &RowIn,
        name: &str,
        kind: Kind,
        ind: Option<&str>,
    ) -> Option<Field> {
        let c = &r.cells[usize::from(t.table.col(name))];
        let blank = c.cell.is_empty();
        let field = self.cell(t, r, name, kind, ind);
        if blank {
            let what = match ind {
                Some(code) => format!("« {name} » de {code}"),
                None => format!("« {name} »"),
            };
            self.missing(at(t, r.row, c.col, ind), &what);
        }
        field
    }

    fn params(&mut self, t: &TableIn) {
        let key_col = t.table.col(col::KEY);
        let mut seen: IndexMap<&'static str, u32> = IndexMap::new();
        for r in &t.rows {
            let key_cell = &r.cells[usize::from(key_col)];
            let typed = cells::shown(&key_cell.cell);
            let place = at(t, r.row, key_cell.col, None);
            let Some(p) = param_of(typed.trim()) else {
                let message = format!(
                    "clé « {typed} » inconnue : le contrat n'a pas de réglage de ce nom (clés : {})",
                    PARAM_ROWS
                        .iter()
                        .map(|p| p.key)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.flaws
                    .push(Flaw::new(Some(place), Code::ContractRowUnknown, message));
                continue;
            };
            if let Some(first) = seen.insert(p.key, r.row) {
                let message = format!(
                    "la clé « {} » figure deux fois (déjà ligne {}) : seule la première compte",
                    p.key,
                    first + 1
                );
                self.flaws
                    .push(Flaw::new(Some(place), Code::RowDuplicate, message));
                continue;
            }
            let value_cell = &r.cells[usize::from(t.table.col(col::VALUE))];
            let value_at = at(t, r.row, value_cell.col, None);
            // A CPTS without population nor taille is shown at its population.
            if p.key == "population" || self.form.cpts_at.0.is_none() {
                self.form.cpts_at = Place::at(value_at.clone());
            }
            match cells::read(value_cell, p.kind, false) {
                Read::Value(value) => {
                    self.form.params.insert(
                        p.key,
                        Field {
                            value,
                            at: Place::at(value_at),
                        },
                    );
                }
                Read::Bad(wrong) => {
                    if p.key == "signature" {
                        self.taint.signature = true;
                    }
                    self.bad(value_at, p.label, wrong);
                }
                // An empty name or identifier is named by the contract's own check.
                Read::Blank if ["nom", "identifiant"].contains(&p.key) => {
                    let value = Value::Text(String::new());
                    self.form.params.insert(
                        p.key,
                        Field {
                            value,
                            at: Place::at(value_at),
                        },
                    );
                }
                Read::Blank if p.required => {
                    self.taint.signature = true;
                    self.missing(value_at, &format!("« {} » ({})", p.key, p.label));
                }
                Read::Blank => {}
            }
        }
        for p in PARAM_ROWS
            .iter()
            .filter(|p| p.required && !seen.contains_key(p.key))
        {
            let message = format!(
                "la ligne « {} » ({}) manque au tableau « {} » : ajoutez-la avec sa valeur",
                p.key, p.label, t.table.name
            );
            let place = at(t, t.header_row, 0, None);
            self.flaws.push(Flaw::new(
                Some(place.clone()),
                Code::ContractValueMissing,
                message,
            ));
            self.taint.rows.insert((place.sheet, place.row));
            if p.key == "signature" {
                self.taint.signature = true;
            } else {
                let value = Field {
                    value: Value::Text(String::new()),
                    at: Place::at(place),
                };
                self.form.params.insert(p.key, value);
            }
        }
        self.form
            .params
            .sort_by_key(|k, _| PARAM_ROWS.iter().position(|p| p.key == *k));
    }

    fn missions(&mut self, t: &TableIn) {
        for r in &t.rows {
            let Some(code) =
                self.required(t, r, col::MISSION, Kind::Choice(Choices::Mission), None)
            else {
                self.taint.missions = true;
                self.taint.weights_all = true;
                continue;
            };
            let mission = code.text().map(str::to_string);
            let mut item = Item {
                at: code.at.clone(),
                fields: IndexMap::new(),
            };
            item.fields.insert("code", code);
            let start = self.required(t, r, col::START, Kind::Date, None);
            item.fields.insert("debut", start.unwrap_or_else(pending));
            for column in &t.table.columns[2..] {
                let before = self.flaws.len();
                if let Some(f) = self.cell(t, r, column.name, column.kind, None) {
                    item.fields.insert(column.key, f);
                } else if self.flaws.len() > before {
                    self.taint.weight_missions.extend(mission.clone());
                }
            }
            // A problem of the mission's totals is shown at its row: the row says which.
            for f in
                std::iter::once(&mut item.at).chain(item.fields.values_mut().map(|f| &mut f.at))
            {
                if let Some(at) = &mut f.0 {
                    at.mission.clone_from(&mission);
                }
            }
            self.form.missions.push(item);
        }
    }

    fn years(&mut self, t: &TableIn) {
        let mut seen = HashSet::new();
        for r in &t.rows {
            let Some(year) = self.required(t, r, col::YEAR, Kind::Integer, None) else {
                continue;
            };
            if !seen.insert(year.value.clone()) {
                let message =
                    "cette année figure déjà plus haut : gardez une seule ligne par année"
                        .to_string();
                self.flaws
                    .push(Flaw::new(year.at.0.clone(), Code::RowDuplicate, message));
                continue;
            }
            let mut fields = IndexMap::new();
            if let Some(f) = self.cell(t, r, col::CRISIS, Kind::YesNo, None) {
                fields.insert("crise_reconnue", f);
            }
            if let Some(f) = self.cell(t, r, col::DEADLINE, Kind::Date, None) {
                fields.insert("remise", f);
            }
            self.form.years.push(YearForm {
                at: year.at.clone(),
                year: Some(year),
                fields,
            });
        }
        self.form.years.sort_by_key(|y| year_order(y.year.as_ref()));
    }

    fn avenants(&mut self, t: &TableIn) {
        for (i, r) in t.rows.iter().enumerate() {
            let mut item = Item::default();
            for column in t.table.columns {
                let field = if column.required {
                    self.required(t, r, column.name, column.kind, None)
                } else {
                    self.cell(t, r, column.name, column.kind, None)
                };
                let field = match (field, column.kind) {
                    (Some(f), _) => f,
                    (None, Kind::Date) => pending(),
                    (None, Kind::Integer) => Field::new(Value::Number(Decimal::from(i + 1))),
                    (None, _) => continue,
                };
                if item.at.0.is_none() {
                    item.at = Place::at(at(t, r.row, r.cells[0].col, None));
                }
                item.fields.insert(column.key, field);
            }
            self.form.avenants.push(item);
        }
    }

    fn contacts(&mut self, t: &TableIn) {
        for r in &t.rows {
            let mut item = Item::default();
            for column in t.table.columns {
                let field = if column.required {
                    self.required(t, r, column.name, column.kind, None)
                } else {
                    self.cell(t, r, column.name, column.kind, None)
                };
                // A name left blank is reported here; an empty one keeps the TOML check quiet.
                let field = match field {
                    Some(f) => f,
                    None if column.required => Field::new(Value::Text(String::new())),
                    None => continue,
                };
                if item.at.0.is_none() {
                    item.at = Place::at(at(t, r.row, r.cells[0].col, None));
                }
                item.fields.insert(column.key, field);
            }
            self.form.contacts.push(item);
        }
    }

    /// Dates that could not be read take the signature's (or, without one, the earliest
    /// mission start's): a neutral value whose consequences are not reported.
    fn fill_dates(&mut self) {
        let date = |f: Option<&Field>| match f.map(|f| &f.value) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        let starts = self
            .form
            .missions
            .iter()
            .filter_map(|m| date(m.fields.get("debut")))
            .min();
        let signature = date(self.form.params.get("signature"))
            .or(starts)
            .unwrap_or(NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date"));
        if self.taint.signature && !self.form.params.contains_key("signature") {
            let value = Field::new(Value::Date(signature));
            self.form.params.insert("signature", value);
            self.form
                .params
                .sort_by_key(|k, _| PARAM_ROWS.iter().position(|p| p.key == *k));
        }
        let fields = self
            .form
            .missions
            .iter_mut()
            .chain(self.form.avenants.iter_mut())
            .flat_map(|i| i.fields.values_mut());
        for f in fields {
            if f.text() == Some(PENDING) {
                f.value = Value::Date(signature);
            }
        }
    }
}

pub(super) fn pending() -> Field {
    Field::new(Value::Text(PENDING.into()))
}

pub(super) fn year_order(year: Option<&Field>) -> (u8, Decimal) {
    match year.map(|y| &y.value) {
        Some(Value::Number(n)) => (0, *n),
        _ => (1, Decimal::ZERO),
    }
}

/// A value as a person reads it in a message.
pub(super) fn shown(v: &Value) -> String {
    match v {
        Value::Text(t) => t.trim().to_string(),
        Value::Number(n) => crate::fr::decimal(n.normalize()),
        Value::Date(d) => crate::fr::date(*d),
        Value::Bool(b) => if *b { "Oui" } else { "Non" }.into(),
    }
}
