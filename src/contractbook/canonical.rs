//! The canonical TOML of a contract: one value per line, in a fixed order, without comments.
//!
//! It is what `contrat X.xlsx -o X.toml` writes, and the text the contract's checks read when
//! the contract is a workbook: every line remembers the cells its values were typed in, so a
//! problem found at a line and column is shown at its sheet and cell.

use super::form::{At, Field, Fields, Form, Item, Place, Value};
use super::layout::{PARAM_ROWS, Section};
use crate::contract::file::FORMAT;

/// The canonical text and, for each of its lines, where its values were typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Canonical {
    /// The TOML text.
    pub text: String,
    /// For each line (0-based), the cells of its values by the column (1-based, in characters)
    /// where each value starts.
    lines: Vec<Vec<(usize, At)>>,
}

impl Canonical {
    /// The cell a place of the text (1-based line and column) comes from: the value starting
    /// at or before the column, else the line's first.
    pub(crate) fn at(&self, line: usize, column: usize) -> Option<&At> {
        let cells = self.lines.get(line.checked_sub(1)?)?;
        cells
            .iter()
            .rev()
            .find(|(start, _)| *start <= column)
            .or_else(|| cells.first())
            .map(|(_, at)| at)
    }

    fn line(&mut self, text: &str, at: &Place) {
        self.segments(text, at.0.iter().map(|a| (1, a.clone())).collect());
    }

    fn segments(&mut self, text: &str, cells: Vec<(usize, At)>) {
        self.text.push_str(text);
        self.text.push('\n');
        self.lines.push(cells);
    }

    fn blank(&mut self) {
        self.segments("", Vec::new());
    }

    fn key_value(&mut self, key: &str, field: &Field) {
        self.line(&format!("{key} = {}", value(&field.value)), &field.at);
    }

    fn fields(&mut self, fields: &Fields) {
        for (key, field) in fields {
            self.key_value(key, field);
        }
    }
}

/// A value as TOML writes it.
pub(crate) fn value(v: &Value) -> String {
    match v {
        Value::Text(t) => quote(t),
        Value::Number(n) if n.is_zero() => "0".into(),
        Value::Number(n) => n.normalize().to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

/// A text as a TOML basic string on one line: every line of the canonical text holds one
/// value, so that its line says its cell.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A year as a key of `annees`: bare when it is a number, quoted otherwise.
fn year_key(year: Option<&Field>) -> String {
    match year.map(|f| &f.value) {
        Some(Value::Number(n)) if n.normalize().scale() == 0 && !n.is_sign_negative() => {
            n.normalize().to_string()
        }
        Some(v @ Value::Text(_)) => value(v),
        Some(v) => quote(&value(v)),
        None => "\"\"".into(),
    }
}

/// Writes the canonical TOML of a contract.
pub(crate) fn canonical(form: &Form) -> Canonical {
    let mut out = Canonical::default();
    out.line(&format!("format = \"{FORMAT}\""), &Place::default());
    let section = |s: Section| {
        PARAM_ROWS
            .iter()
            .filter(move |p| p.section == s)
            .map(|p| p.key)
    };
    for key in section(Section::Root) {
        if let Some(f) = form.params.get(key) {
            out.key_value(key, f);
        }
    }
    for (header, s, at) in [
        ("[cpts]", Section::Cpts, &form.cpts_at),
        ("[contrat]", Section::Terms, &form.missions_at),
    ] {
        out.blank();
        out.line(header, at);
        for key in section(s) {
            if let Some(f) = form.params.get(key) {
                out.key_value(key, f);
            }
        }
    }
    for m in &form.missions {
        table(&mut out, "[[missions]]", m);
    }
    for i in &form.indicators {
        out.blank();
        out.line("[[indicateurs]]", &i.at);
        out.fields(&i.fields);
        if !i.evidence.is_empty() {
            out.line("justificatifs = [", &i.evidence[0].at);
            for e in &i.evidence {
                out.line(&format!("  {},", value(&e.value)), &e.at);
            }
            out.line("]", &i.evidence[0].at);
        }
        for y in &i.years {
            out.blank();
            let header = format!("[indicateurs.annees.{}]", year_key(y.year.as_ref()));
            out.line(&header, &y.at);
            out.fields(&y.fields);
            if !y.tiers.is_empty() {
                out.line("paliers = [", &y.tiers[0].at);
                for t in &y.tiers {
                    tier(&mut out, t);
                }
                out.line("]", &y.tiers[0].at);
            }
        }
    }
    for y in &form.years {
        let header = format!("[annees.{}]", year_key(y.year.as_ref()));
        out.blank();
        out.line(&header, &y.at);
        out.fields(&y.fields);
    }
    for a in &form.avenants {
        table(&mut out, "[[avenants]]", a);
    }
    for c in &form.contacts {
        table(&mut out, "[[contacts]]", c);
    }
    out
}

fn table(out: &mut Canonical, header: &str, item: &Item) {
    out.blank();
    out.line(header, &item.at);
    out.fields(&item.fields);
}

/// A tier on one line, `{ seuil = 50, part = 1 }`, each value remembering its cell.
fn tier(out: &mut Canonical, t: &Item) {
    let mut text = String::from("  {");
    let mut cells = Vec::new();
    if let Some(at) = &t.at.0 {
        cells.push((1, at.clone()));
    }
    for (i, (key, field)) in t.fields.iter().enumerate() {
        text.push_str(if i == 0 { " " } else { ", " });
        if let Some(at) = &field.at.0 {
            cells.push((text.chars().count() + 1, at.clone()));
        }
        text.push_str(&format!("{key} = {}", value(&field.value)));
    }
    text.push_str(" },");
    out.segments(&text, cells);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn at(sheet: &'static str, row: u32, col: u16) -> At {
        At {
            sheet,
            row,
            col,
            indicator: None,
            mission: None,
        }
    }

    #[test]
    fn values_are_written_as_toml_reads_them() {
        assert_eq!(value(&Value::Text("l'\"a\"".into())), "\"l'\\\"a\\\"\"");
        let text = "deux\nlignes\t\\ \u{1}";
        let quoted = value(&Value::Text(text.into()));
        assert!(!quoted.contains('\n'));
        let back: toml::Table = toml::from_str(&format!("x = {quoted}")).unwrap();
        assert_eq!(back["x"].as_str(), Some(text));
        assert_eq!(value(&Value::Number(Decimal::new(50, 2))), "0.5");
        assert_eq!(value(&Value::Number(Decimal::new(-0, 2))), "0");
        assert_eq!(value(&Value::Number(Decimal::new(600000, 2))), "6000");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(value(&Value::Date(d)), "2024-03-01");
    }

    #[test]
    fn each_line_knows_its_cells_and_a_tier_each_of_its_values() {
        let mut form = Form::default();
        form.params.insert(
            "nom",
            Field {
                value: Value::Text("CPTS".into()),
                at: Place::at(at("Contrat", 4, 2)),
            },
        );
        let one = Item {
            at: Place::at(at("Paliers", 4, 0)),
            fields: [
                (
                    "seuil",
                    Field {
                        value: Value::Number(Decimal::from(50)),
                        at: Place::at(at("Paliers", 4, 2)),
                    },
                ),
                (
                    "part",
                    Field {
                        value: Value::Number(Decimal::ONE),
                        at: Place::at(at("Paliers", 4, 3)),
                    },
                ),
            ]
            .into_iter()
            .collect(),
        };
        let mut out = Canonical::default();
        tier(&mut out, &one);
        assert_eq!(out.text, "  { seuil = 50, part = 1 },\n");
        assert_eq!(out.at(1, 1).unwrap().cell(), "A5");
        assert_eq!(out.at(1, 5).unwrap().cell(), "C5");
        assert_eq!(out.at(1, 18).unwrap().cell(), "D5");
        let c = canonical(&form);
        let line = c.text.lines().position(|l| l.starts_with("nom =")).unwrap() + 1;
        assert_eq!(c.at(line, 7).unwrap().place(), "Contrat!C5");
        assert!(c.at(1, 1).is_none(), "format is no cell");
    }
}
