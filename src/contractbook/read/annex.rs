//! The rows of `Annexe`, `Paliers` and `Justificatifs`: indicators by code, their fixed fields
//! given on each of their rows and agreeing, a row per year, the tiers and pieces of each.

use super::super::form::{
    At, Field, INDICATOR_KEYS, IndicatorForm, IndicatorYearForm, Item, Place, Value,
};
use super::super::layout::{Kind, col};
use super::build::{Builder, at, shown, year_order};
use super::cells::{self, Read};
use super::flaw::Flaw;
use super::{RowIn, TableIn};
use crate::finding::Code;
use indexmap::IndexMap;
use rust_decimal::Decimal;

/// The indicators as their rows of `Annexe` are read, by code in order of first appearance.
#[derive(Default)]
pub(crate) struct Annex {
    indicators: IndexMap<String, IndicatorForm>,
    /// Fixed fields typed but unreadable, as (code, key).
    unreadable: std::collections::HashSet<(String, &'static str)>,
}

impl Annex {
    pub(super) fn finish(self) -> Vec<IndicatorForm> {
        self.indicators
            .into_values()
            .map(|mut i| {
                i.years.sort_by_key(|y| year_order(y.year.as_ref()));
                i
            })
            .collect()
    }

    fn points(&self, code: &str) -> bool {
        self.indicators.get(code).is_some_and(|i| {
            i.fields.get("unite").and_then(Field::text).map(str::trim) == Some("%")
        })
    }
}

/// Neutral values of the fixed fields an indicator needs, when none of its rows gives one.
const NEUTRAL: [(&str, &str); 5] = [
    ("mission", "acces"),
    ("libelle", ""),
    ("portee", "local"),
    ("nature", "resultat"),
    ("regle", "binaire"),
];

impl Builder {
    fn code(&mut self, t: &TableIn, r: &RowIn) -> Option<String> {
        let code = self.required(t, r, col::CODE, Kind::Code, None)?;
        code.text().map(str::to_string)
    }

    pub(super) fn annex(&mut self, t: &TableIn, annex: &mut Annex) {
        for r in &t.rows {
            let Some(code) = self.code(t, r) else {
                self.taint.weights_all = true;
                continue;
            };
            let ind = Some(code.as_str());
            let first = !annex.indicators.contains_key(&code);
            let entry = annex.indicators.entry(code.clone()).or_default();
            if first {
                let code_cell = &r.cells[usize::from(t.table.col(col::CODE))];
                entry.at = Place::at(at(t, r.row, code_cell.col, ind));
                entry.fields.insert(
                    "code",
                    Field {
                        value: Value::Text(code.clone()),
                        at: entry.at.clone(),
                    },
                );
            }
            // The unit first: a percentage typed in the row's values reads as points.
            let unit_col = t.table.col(col::UNIT);
            let unit = cells::read(&r.cells[usize::from(unit_col)], Kind::Text, false);
            let points = match unit {
                Read::Value(Value::Text(u)) => u.trim() == "%",
                _ => annex.points(&code),
            };
            for column in &t.table.columns[1..10] {
                let before = self.flaws.len();
                let field = self.read_cell(t, r, column.name, column.kind, ind, points);
                if self.flaws.len() > before {
                    annex.unreadable.insert((code.clone(), column.key));
                    if column.key == "mission" {
                        self.taint.weight_of(&code);
                    }
                }
                let Some(field) = field else { continue };
                let entry = annex.indicators.get_mut(&code).expect("just inserted");
                match entry.fields.get(column.key) {
                    None => {
                        entry.fields.insert(column.key, field);
                    }
                    Some(kept) if kept.value != field.value => {
                        let kept_at = kept.at.0.as_ref().map(At::place).unwrap_or_default();
                        let message = format!(
                            "« {} » de {code} diffère d'une ligne à l'autre : « {} » ici, « {} » en \
                             {kept_at}, la valeur retenue",
                            column.name,
                            shown(&field.value),
                            shown(&kept.value),
                        );
                        let flaw =
                            Flaw::new(field.at.0.clone(), Code::ContractFieldsDiffer, message);
                        self.flaws.push(flaw);
                    }
                    Some(_) => {}
                }
            }
            self.annex_year(t, r, &code, points, annex);
        }
        for (code, i) in &mut annex.indicators {
            let missing: Vec<(&str, &str)> = NEUTRAL
                .iter()
                .copied()
                .filter(|(key, _)| !i.fields.contains_key(*key))
                .collect();
            for (key, neutral) in missing {
                let column = t
                    .table
                    .columns
                    .iter()
                    .find(|c| c.key == key)
                    .expect("a column");
                let mut place = i.at.0.clone().unwrap_or_default();
                place.col = t.table.col(column.name);
                let value = Value::Text(neutral.into());
                // The contract accepts an empty label, as its TOML does.
                if key == "libelle" {
                    i.fields.insert(
                        key,
                        Field {
                            value,
                            at: Place::at(place),
                        },
                    );
                    continue;
                }
                i.fields.insert(key, Field::new(value));
                if key == "mission" {
                    self.taint.weights_all = true;
                }
                // A value typed but unreadable is already named.
                if annex.unreadable.contains(&(code.clone(), key)) {
                    continue;
                }
                let what = format!("« {} » de {code}", column.name);
                self.missing(place, &what);
                if key == "mission" {
                    self.taint.weights_all = true;
                }
                i.fields
                    .insert(key, Field::new(Value::Text(neutral.into())));
            }
            i.fields
                .sort_by_key(|k, _| INDICATOR_KEYS.iter().position(|x| x == k));
        }
    }

    fn annex_year(&mut self, t: &TableIn, r: &RowIn, code: &str, points: bool, annex: &mut Annex) {
        let ind = Some(code);
        let before = self.flaws.len();
        let year = self.cell(t, r, col::YEAR, Kind::Integer, ind);
        let weight = self.cell(t, r, col::WEIGHT, Kind::Euros, ind);
        let target = self.read_cell(t, r, col::TARGET, Kind::Number, ind, points);
        let floor = self.cell(t, r, col::FLOOR, Kind::Share, ind);
        let unreadable = self.flaws.len() > before;
        let year_cell = r.cells[usize::from(t.table.col(col::YEAR))].col;
        let year_at = at(t, r.row, year_cell, ind);
        let Some(year) = year else {
            if weight.is_some() || target.is_some() || floor.is_some() {
                self.missing(year_at, &format!("« Année » de {code}"));
            }
            if unreadable || weight.is_some() {
                self.taint.weight_of(code);
            }
            return;
        };
        let i = annex.indicators.get_mut(code).expect("its row was read");
        if i.years.iter().any(|y| y.year.as_ref() == Some(&year)) {
            let message = format!(
                "{code} a déjà une ligne pour l'année {} : gardez une seule ligne par indicateur \
                 et par année",
                shown(&year.value)
            );
            self.flaws
                .push(Flaw::new(Some(year_at), Code::RowDuplicate, message));
            self.taint.weight_of(code);
            return;
        }
        let mut fields = IndexMap::new();
        match weight {
            Some(w) => {
                fields.insert("poids", w);
            }
            None => {
                if !unreadable {
                    let weight_col = r.cells[usize::from(t.table.col(col::WEIGHT))].col;
                    let what = format!("« Poids (€) » de {code} en année {}", shown(&year.value));
                    self.missing(at(t, r.row, weight_col, ind), &what);
                }
                self.taint.weight_of(code);
                fields.insert("poids", Field::new(Value::Number(Decimal::ZERO)));
            }
        }
        if let Some(target) = target {
            fields.insert("cible", target);
        }
        if let Some(floor) = floor {
            fields.insert("seuil", floor);
        }
        let i = annex.indicators.get_mut(code).expect("its row was read");
        i.years.push(IndicatorYearForm {
            at: Place::at(year_at),
            year: Some(year),
            fields,
            tiers: Vec::new(),
        });
    }

    /// The indicator a row of `Paliers` or `Pieces` names, or a problem.
    fn owner(&mut self, t: &TableIn, r: &RowIn, annex: &Annex) -> Option<String> {
        let code = self.code(t, r)?;
        if annex.indicators.contains_key(&code) {
            return Some(code);
        }
        let code_col = r.cells[usize::from(t.table.col(col::CODE))].col;
        let message = format!("aucune ligne de l'Annexe n'a le code « {code} »");
        let flaw = Flaw::new(
            Some(at(t, r.row, code_col, None)),
            Code::ContractRowUnknown,
            message,
        );
        self.flaws.push(flaw);
        None
    }

    pub(super) fn tiers(&mut self, t: &TableIn, annex: &mut Annex) {
        for r in &t.rows {
            let Some(code) = self.owner(t, r, annex) else {
                continue;
            };
            let ind = Some(code.as_str());
            let points = annex.points(&code);
            let year = self.required(t, r, col::YEAR, Kind::Integer, ind);
            let mut item = Item {
                at: Place::at(at(t, r.row, r.cells[0].col, ind)),
                fields: IndexMap::new(),
            };
            let blank = r.cells[usize::from(t.table.col(col::THRESHOLD))]
                .cell
                .is_empty();
            match self.read_cell(t, r, col::THRESHOLD, Kind::Number, ind, points) {
                Some(f) => {
                    item.fields.insert("seuil", f);
                }
                None if blank => {
                    let column = r.cells[usize::from(t.table.col(col::THRESHOLD))].col;
                    self.missing(
                        at(t, r.row, column, ind),
                        &format!("« Seuil » d'un palier de {code}"),
                    );
                }
                None => {}
            }
            for name in [col::SHARE, col::AMOUNT] {
                let column = t.table.columns[usize::from(t.table.col(name))];
                if let Some(f) = self.cell(t, r, name, column.kind, ind) {
                    item.fields.insert(column.key, f);
                }
            }
            let Some(year) = year else { continue };
            let i = annex.indicators.get_mut(&code).expect("its owner");
            match i.years.iter_mut().find(|y| y.year.as_ref() == Some(&year)) {
                Some(y) => y.tiers.push(item),
                None => {
                    let message = format!(
                        "{code} n'a pas de ligne pour l'année {} dans l'Annexe : ajoutez-la, ou \
                         corrigez l'année du palier",
                        shown(&year.value)
                    );
                    let flaw = Flaw::new(year.at.0.clone(), Code::ContractRowUnknown, message);
                    self.flaws.push(flaw);
                }
            }
        }
    }

    pub(super) fn pieces(&mut self, t: &TableIn, annex: &mut Annex) {
        for r in &t.rows {
            let Some(code) = self.owner(t, r, annex) else {
                continue;
            };
            let ind = Some(code.as_str());
            // A piece left blank is an empty one, as `""` is in the TOML.
            let piece = self.cell(t, r, col::PIECE, Kind::Text, ind).or_else(|| {
                let column = r.cells[usize::from(t.table.col(col::PIECE))].col;
                let at = Place::at(at(t, r.row, column, ind));
                Some(Field {
                    value: Value::Text(String::new()),
                    at,
                })
            });
            if let Some(piece) = piece {
                let i = annex.indicators.get_mut(&code).expect("its owner");
                i.evidence.push(piece);
            }
        }
    }
}
