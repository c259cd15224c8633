//! The starter contract workbook (`cpts-aci init -o contrat.xlsx`): the TOML starter's entries
//! (the grid's missions, each socle mission's national indicators or a local starter line, every
//! value to copy from the signed contract marked « À REMPLIR »), with a row per indicator for
//! every year of the contract, since a signed annex gives each year's weights and targets.

use super::form::{Field, Form, Value};
use crate::contract::placeholder::{MARK, is_placeholder};
use crate::contract::starter::{StarterOptions, render};
use crate::error::Error;
use crate::grid::Size;
use crate::mission::{MissionCode, Part};
use crate::money::split_evenly;
use rust_decimal::Decimal;

/// The starter's entries.
pub(crate) fn starter_form(opts: &StarterOptions) -> Form {
    let mut form =
        super::from_toml::from_toml(&render(opts)).expect("the starter fits the contract's shape");
    let size = opts
        .size
        .unwrap_or_else(|| Size::new(2).expect("2 is a taille"));
    let duration = match form.params.get("duree_annees").map(|f| &f.value) {
        Some(Value::Number(n)) => n.to_string().parse::<u32>().unwrap_or(5),
        _ => 5,
    };
    // Weights still to fill say what an even split would give.
    for code in MissionCode::ALL {
        let to_fill = form
            .indicators
            .iter()
            .filter(|i| mission(i) == Some(code.as_str()))
            .flat_map(|i| i.years.iter())
            .filter(|y| {
                y.fields
                    .get("poids")
                    .and_then(Field::text)
                    .is_some_and(is_placeholder)
            })
            .count();
        let Some(envelope) = opts.grid.envelope(code, Part::Variable) else {
            continue;
        };
        let Some(share) = split_evenly(envelope.amount(size), to_fill.max(1))
            .first()
            .copied()
        else {
            continue;
        };
        let text = format!(
            "{MARK} : poids ({} à parts égales)",
            crate::fr::euros(share)
        );
        for i in form
            .indicators
            .iter_mut()
            .filter(|i| mission(i) == Some(code.as_str()))
        {
            for y in &mut i.years {
                if let Some(w) = y
                    .fields
                    .get_mut("poids")
                    .filter(|w| w.text().is_some_and(is_placeholder))
                {
                    w.value = Value::Text(text.clone());
                }
            }
        }
    }
    for m in &mut form.missions {
        if let Some(start) = m.fields.get_mut("debut").filter(|d| d.text().is_some()) {
            start.value = Value::Text(format!("{MARK} : date de début"));
        }
    }
    for i in &mut form.indicators {
        // The workbook's columns are narrow: the shortest wording that says what to copy.
        if let Some(b) = i
            .fields
            .get_mut("valeur_initiale")
            .filter(|b| b.text().is_some())
        {
            b.value = Value::Text(format!("{MARK} : valeur de départ (CPAM)"));
        }
        if let Some(y) = i.years.first_mut()
            && let Some(target) = y.fields.get_mut("cible").filter(|t| t.text().is_some())
        {
            target.value = Value::Text(format!("{MARK} : cible de l'année 1"));
        }
        let Some(first) = i.years.first().cloned() else {
            continue;
        };
        for n in 2..=duration {
            let mut year = first.clone();
            year.year = Some(Field::new(Value::Number(Decimal::from(n))));
            if let Some(target) = year.fields.get_mut("cible") {
                target.value = Value::Text(format!("{MARK} : cible de l'année {n}"));
            }
            i.years.push(year);
        }
    }
    form
}

fn mission(i: &super::form::IndicatorForm) -> Option<&str> {
    i.fields.get("mission").and_then(Field::text)
}

/// The starter contract workbook's bytes, and how many values are still to fill.
pub(crate) fn starter_book(opts: &StarterOptions) -> Result<(Vec<u8>, usize), Error> {
    let form = starter_form(opts);
    let bytes = super::write::write_book(&form)?;
    Ok((bytes, to_fill(&form)))
}

/// How many values of a contract's entries are still to fill.
pub(crate) fn to_fill(form: &Form) -> usize {
    let is_mark = |f: &Field| f.text().is_some_and(is_placeholder);
    let fields = form
        .params
        .values()
        .chain(form.missions.iter().flat_map(|m| m.fields.values()))
        .chain(form.indicators.iter().flat_map(|i| {
            i.fields
                .values()
                .chain(i.evidence.iter())
                .chain(i.years.iter().flat_map(|y| y.fields.values()))
        }));
    fields.filter(|f| is_mark(f)).count()
}
