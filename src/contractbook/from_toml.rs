//! A contract file's entries, read from its TOML into the form both contract forms share.
//!
//! Only the shape is read here (which keys, which tables); the values stay as written, to be
//! checked by the contract's checks: a value still to fill where a date belongs stays a text.

use super::form::{
    AVENANT_KEYS, CONTACT_KEYS, Field, Fields, Form, INDICATOR_KEYS, INDICATOR_YEAR_KEYS,
    IndicatorForm, IndicatorYearForm, Item, MISSION_KEYS, TIER_KEYS, Value, YEAR_KEYS, YearForm,
    known,
};
use super::layout::{PARAM_ROWS, Section};
use rust_decimal::Decimal;
use toml::Table;

/// Reads a contract's TOML text into its entries; the error says, in French, what does not fit
/// the contract's shape (the contract's checks say it better: this is only asked of a text
/// they accept, or accept but for values still to fill).
pub(crate) fn from_toml(text: &str) -> Result<Form, String> {
    let root: Table = toml::from_str(text).map_err(|e| {
        format!(
            "le texte n'est pas du TOML lisible ({})",
            e.message().trim()
        )
    })?;
    let mut form = Form::default();
    for (key, v) in &root {
        match key.as_str() {
            "format" => {}
            "grille" => {
                form.params.insert("grille", scalar(key, v)?);
            }
            "cpts" | "contrat" => {
                let section = if key == "cpts" {
                    Section::Cpts
                } else {
                    Section::Terms
                };
                for (k, v) in table(key, v)? {
                    let param = PARAM_ROWS
                        .iter()
                        .find(|p| p.section == section && p.key == k)
                        .ok_or_else(|| unknown(k, key))?;
                    form.params.insert(param.key, scalar(k, v)?);
                }
            }
            "missions" => {
                for m in tables(key, v)? {
                    form.missions.push(item(&MISSION_KEYS, key, m)?);
                }
            }
            "indicateurs" => {
                for i in tables(key, v)? {
                    form.indicators.push(indicator(i)?);
                }
            }
            "annees" => {
                for (year, settings) in years(key, v)? {
                    form.years.push(YearForm {
                        year: Some(year),
                        at: Default::default(),
                        fields: fields(&YEAR_KEYS, "annees", table("annees", settings)?)?,
                    });
                }
            }
            "avenants" => {
                for a in tables(key, v)? {
                    form.avenants.push(item(&AVENANT_KEYS, key, a)?);
                }
            }
            "contacts" => {
                for c in tables(key, v)? {
                    form.contacts.push(item(&CONTACT_KEYS, key, c)?);
                }
            }
            other => return Err(unknown(other, "contrat")),
        }
    }
    // An empty text where the contract takes none is no entry: a cell cannot tell them apart.
    for key in ["departement", "region", "cpam", "ars"] {
        if form.params.get(key).and_then(Field::text) == Some("") {
            form.params.shift_remove(key);
        }
    }
    for i in &mut form.indicators {
        if i.fields.get("source").and_then(Field::text) == Some("") {
            i.fields.shift_remove("source");
        }
    }
    for a in &mut form.avenants {
        if a.fields.get("objet").and_then(Field::text) == Some("") {
            a.fields.shift_remove("objet");
        }
    }
    for c in &mut form.contacts {
        for key in ["role", "courriel", "telephone"] {
            if c.fields.get(key).and_then(Field::text) == Some("") {
                c.fields.shift_remove(key);
            }
        }
    }
    // The form keeps the workbook's order of the parameters.
    form.params
        .sort_by_key(|k, _| PARAM_ROWS.iter().position(|p| p.key == *k));
    Ok(form)
}

fn indicator(t: &Table) -> Result<IndicatorForm, String> {
    let mut out = IndicatorForm::default();
    for (k, v) in t {
        match k.as_str() {
            "justificatifs" => {
                let list = v
                    .as_array()
                    .ok_or_else(|| "« justificatifs » doit être une liste [ … ]".to_string())?;
                for piece in list {
                    out.evidence.push(scalar(k, piece)?);
                }
            }
            "annees" => {
                for (year, terms) in years(k, v)? {
                    let mut y = IndicatorYearForm {
                        year: Some(year),
                        ..Default::default()
                    };
                    for (key, v) in table(k, terms)? {
                        if key == "paliers" {
                            let list = v.as_array().ok_or_else(|| {
                                "« paliers » doit être une liste [ { … } ]".to_string()
                            })?;
                            for tier in list {
                                y.tiers
                                    .push(item(&TIER_KEYS, "paliers", table(key, tier)?)?);
                            }
                        } else {
                            let known = known(&INDICATOR_YEAR_KEYS, key)
                                .ok_or_else(|| unknown(key, "indicateurs.annees"))?;
                            y.fields.insert(known, scalar(key, v)?);
                        }
                    }
                    order(&mut y.fields, &INDICATOR_YEAR_KEYS);
                    out.years.push(y);
                }
            }
            key => {
                let known =
                    known(&INDICATOR_KEYS, key).ok_or_else(|| unknown(key, "indicateurs"))?;
                out.fields.insert(known, scalar(key, v)?);
            }
        }
    }
    order(&mut out.fields, &INDICATOR_KEYS);
    Ok(out)
}

fn item(keys: &[&'static str], within: &str, t: &Table) -> Result<Item, String> {
    Ok(Item {
        at: Default::default(),
        fields: fields(keys, within, t)?,
    })
}

fn fields(keys: &[&'static str], within: &str, t: &Table) -> Result<Fields, String> {
    let mut out = Fields::new();
    for (k, v) in t {
        let key = known(keys, k).ok_or_else(|| unknown(k, within))?;
        out.insert(key, scalar(k, v)?);
    }
    order(&mut out, keys);
    Ok(out)
}

/// The file's order of keys, whatever the order written.
fn order(fields: &mut Fields, keys: &[&'static str]) {
    fields.sort_by_key(|k, _| keys.iter().position(|x| x == k));
}

/// The year tables of `annees`, sorted by year number (a key that is not one comes last, as
/// written, for the checks to name).
fn years<'a>(key: &str, v: &'a toml::Value) -> Result<Vec<(Field, &'a toml::Value)>, String> {
    let mut out: Vec<(Field, &toml::Value)> = table(key, v)?
        .iter()
        .map(|(k, v)| {
            let year = match k.trim().parse::<u32>() {
                Ok(n) if k.trim() == n.to_string() => Value::Number(Decimal::from(n)),
                _ => Value::Text(k.clone()),
            };
            (Field::new(year), v)
        })
        .collect();
    out.sort_by_key(|(year, _)| match year.value {
        Value::Number(n) => (0, n),
        _ => (1, Decimal::ZERO),
    });
    Ok(out)
}

fn table<'a>(key: &str, v: &'a toml::Value) -> Result<&'a Table, String> {
    v.as_table()
        .ok_or_else(|| format!("« {key} » doit être une table"))
}

fn tables<'a>(key: &str, v: &'a toml::Value) -> Result<Vec<&'a Table>, String> {
    let list = v
        .as_array()
        .ok_or_else(|| format!("« {key} » doit être une liste de tables [[{key}]]"))?;
    list.iter().map(|t| table(key, t)).collect()
}

fn unknown(key: &str, within: &str) -> String {
    format!("clé inconnue « {key} » dans [{within}]")
}

/// One value; a list or a table where a value belongs does not fit the contract.
fn scalar(key: &str, v: &toml::Value) -> Result<Field, String> {
    let value = match v {
        toml::Value::String(s) => Value::Text(s.clone()),
        toml::Value::Integer(i) => Value::Number(Decimal::from(*i)),
        toml::Value::Float(f) => crate::workbook::entries::decimal(*f)
            .map_or_else(|| Value::Text(f.to_string()), Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => chrono::NaiveDate::from_ymd_opt(
                i32::from(d.year),
                u32::from(d.month),
                u32::from(d.day),
            )
            .map_or_else(|| Value::Text(dt.to_string()), Value::Date),
            _ => Value::Text(dt.to_string()),
        },
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err(format!("« {key} » : une seule valeur attendue"));
        }
    };
    Ok(Field::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_read_in_the_file_order_of_keys() {
        let text = "format = \"cpts-aci/contrat@1\"\n[contrat]\nsignature = 2024-03-01\n\
                    prorata = \"mois\"\n[cpts]\ntaille = 2\nnom = \"X\"\n\
                    [[indicateurs]]\nmission = \"acces\"\ncode = \"A\"\n\
                    justificatifs = [\"p1\", \"p2\"]\n[indicateurs.annees.10]\npoids = 0.5\n\
                    [indicateurs.annees.2]\ncible = 3\npoids = 1\n\
                    paliers = [{ part = 1, seuil = 3 }]\n[annees.3]\ncrise_reconnue = true\n";
        let f = from_toml(text).unwrap();
        let keys: Vec<&str> = f.params.keys().copied().collect();
        assert_eq!(keys, ["nom", "taille", "signature", "prorata"]);
        let i = &f.indicators[0];
        assert_eq!(
            i.fields.keys().copied().collect::<Vec<_>>(),
            ["code", "mission"]
        );
        assert_eq!(i.evidence.len(), 2);
        let years: Vec<Value> = i
            .years
            .iter()
            .map(|y| y.year.clone().unwrap().value)
            .collect();
        assert_eq!(
            years,
            [
                Value::Number(Decimal::from(2)),
                Value::Number(Decimal::from(10))
            ]
        );
        assert_eq!(
            i.years[0].fields.keys().copied().collect::<Vec<_>>(),
            ["poids", "cible"]
        );
        assert_eq!(
            i.years[0].tiers[0]
                .fields
                .keys()
                .copied()
                .collect::<Vec<_>>(),
            ["seuil", "part"]
        );
        assert_eq!(
            i.years[1].fields["poids"].value,
            Value::Number(Decimal::new(5, 1))
        );
        assert_eq!(f.years[0].fields["crise_reconnue"].value, Value::Bool(true));
    }

    #[test]
    fn what_does_not_fit_is_said() {
        assert!(
            from_toml("[cpts]\nnomm = 1\n")
                .unwrap_err()
                .contains("« nomm »")
        );
        assert!(
            from_toml("[[indicateurs]]\njustificatifs = \"x\"\n")
                .unwrap_err()
                .contains("liste")
        );
        assert!(from_toml("x = [").is_err());
    }
}
