//! Writes the contract workbook (README, « Le classeur du contrat ») from a contract's entries.
//!
//! Each sheet holds one Excel table of [`super::layout`], protected like the tracking workbook
//! (no password) with its input cells unlocked and yellow, a drop-down for every list, an input
//! message on every column, dates and amounts validated as typed. Tables are written with spare
//! blank rows, and the columns below them stay unlocked with the same validations: LibreOffice
//! does not grow a table under protection, and the reader takes every row typed below it.

mod readme;

use super::form::{Field, Form, IndicatorForm, Value};
use super::layout::{
    self, ANNEX, AVENANTS, BookColumn, BookTable, CONTACTS, Choices, FIRST_ROW, HEADER_ROW, Kind,
    MISSIONS, PARAM_ROWS, PARAMS, PIECES, TIERS, TYPED_ROWS, YEARS,
};
use crate::contract::placeholder::is_placeholder;
use crate::error::Error;
use crate::workbook::layout::Role;
use crate::workbook::style::{DATE, EUROS, GENERAL, palette};
use crate::workbook::write::report::{fit_table, print_setup};
use crate::workbook::write::style::{
    base, boxed, header_format, note, protect, title, wrapped_height,
};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, DataValidation,
    DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, Table, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

/// What one cell of a table gets: a value (or nothing), written with the column's kind.
type Row = Vec<Option<Value>>;

fn xl(e: XlsxError) -> Error {
    Error::Io(format!("écriture du classeur du contrat impossible : {e}"))
}

/// The contract workbook of a contract's entries, as the bytes of an `.xlsx` file.
pub(crate) fn write_book(form: &Form) -> Result<Vec<u8>, Error> {
    let mut wb = Workbook::new();
    let name = form
        .params
        .get("nom")
        .and_then(Field::text)
        .unwrap_or("CPTS");
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let created = match form.params.get("signature").map(|f| &f.value) {
        Some(Value::Date(d)) => *d,
        _ => NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date"),
    };
    let properties = DocProperties::new()
        .set_title(format!("Contrat ACI : {name}"))
        .set_subject("Classeur du contrat ACI (cpts-aci)")
        .set_author("cpts-aci")
        .set_creation_datetime(&created);
    wb.set_properties(&properties);
    readme::readme_sheet(&mut wb).map_err(xl)?;
    params_sheet(&mut wb, form).map_err(xl)?;
    let missions = form
        .missions
        .iter()
        .map(|m| row(&MISSIONS, |key| m.fields.get(key)));
    table_sheet(&mut wb, &MISSIONS, missions.collect()).map_err(xl)?;
    table_sheet(&mut wb, &ANNEX, annex_rows(form)).map_err(xl)?;
    table_sheet(&mut wb, &TIERS, tier_rows(form)).map_err(xl)?;
    table_sheet(&mut wb, &PIECES, piece_rows(form)).map_err(xl)?;
    let years = form.years.iter().map(|y| {
        row(&YEARS, |key| match key {
            "YEAR" => y.year.as_ref(),
            key => y.fields.get(key),
        })
    });
    table_sheet(&mut wb, &YEARS, years.collect()).map_err(xl)?;
    let avenants = form
        .avenants
        .iter()
        .map(|a| row(&AVENANTS, |key| a.fields.get(key)));
    table_sheet(&mut wb, &AVENANTS, avenants.collect()).map_err(xl)?;
    let contacts = form
        .contacts
        .iter()
        .map(|c| row(&CONTACTS, |key| c.fields.get(key)));
    table_sheet(&mut wb, &CONTACTS, contacts.collect()).map_err(xl)?;
    wb.save_to_buffer().map_err(xl)
}

/// A row of `table`, each column's value by its key.
fn row<'a>(table: &BookTable, value: impl Fn(&str) -> Option<&'a Field>) -> Row {
    table
        .columns
        .iter()
        .map(|c| value(c.key).map(|f| f.value.clone()))
        .collect()
}

/// One row per indicator and year; an indicator without a year has one row, its year blank.
/// A fixed field still to fill is asked on the indicator's first row only: its other rows,
/// left blank, take the value of the first.
fn annex_rows(form: &Form) -> Vec<Row> {
    let mut rows = Vec::new();
    for i in &form.indicators {
        let fixed = |key: &str, first: bool| {
            i.fields
                .get(key)
                .filter(|f| first || !f.text().is_some_and(is_placeholder))
        };
        if i.years.is_empty() {
            rows.push(row(&ANNEX, |key| fixed(key, true)));
        }
        for (n, y) in i.years.iter().enumerate() {
            rows.push(row(&ANNEX, |key| match key {
                "YEAR" => y.year.as_ref(),
                "poids" | "cible" | "seuil" => y.fields.get(key),
                key => fixed(key, n == 0),
            }));
        }
    }
    rows
}

fn code(i: &IndicatorForm) -> Option<&Field> {
    i.fields.get("code")
}

fn tier_rows(form: &Form) -> Vec<Row> {
    let mut rows = Vec::new();
    for i in &form.indicators {
        for y in &i.years {
            for t in &y.tiers {
                rows.push(row(&TIERS, |key| match key {
                    "CODE" => code(i),
                    "YEAR" => y.year.as_ref(),
                    key => t.fields.get(key),
                }));
            }
        }
    }
    rows
}

fn piece_rows(form: &Form) -> Vec<Row> {
    let mut rows = Vec::new();
    for i in &form.indicators {
        for piece in &i.evidence {
            rows.push(row(&PIECES, |key| match key {
                "CODE" => code(i),
                _ => Some(piece),
            }));
        }
    }
    rows
}

/// The format of a table cell of a kind: boxed, unlocked and yellow for input.
fn cell_format(kind: Kind, input: bool) -> Format {
    // Every cell wraps: a value still to fill is a sentence, even in a narrow number column.
    let f = boxed(base()).set_align(FormatAlign::Top).set_text_wrap();
    let f = match kind {
        Kind::Euros => f.set_num_format(EUROS),
        Kind::Date => f.set_num_format(DATE).set_align(FormatAlign::Center),
        Kind::Integer => f.set_num_format("0").set_align(FormatAlign::Center),
        Kind::YesNo => f.set_align(FormatAlign::Center),
        // A code typed as digits (a département, a SIRET) stays the text typed.
        Kind::Code => f.set_num_format("@"),
        Kind::Number | Kind::Share => f.set_num_format(GENERAL),
        Kind::Text | Kind::Choice(_) => f,
    };
    if input {
        f.set_unlocked()
            .set_background_color(Color::RGB(palette::INPUT))
    } else {
        f.set_background_color(Color::RGB(0xF2F2F2))
    }
}

/// The cells below a table: unlocked, with the column's number format, and no border (the
/// column's format also covers the title rows above the table).
fn below_format(kind: Kind) -> Format {
    let f = base().set_unlocked();
    match kind {
        Kind::Euros => f.set_num_format(EUROS),
        Kind::Date => f.set_num_format(DATE),
        Kind::Code => f.set_num_format("@"),
        Kind::Number | Kind::Share => f.set_num_format(GENERAL),
        _ => f,
    }
}

/// Writes one value in a cell of a kind; a value of another type than the column's (a value
/// still to fill, say) is written as it is, so that it reads back the same.
fn write_value(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    kind: Kind,
    value: Option<&Value>,
    f: &Format,
) -> Result<(), XlsxError> {
    match (value, kind) {
        (None, _) => ws.write_blank(r, c, f).map(drop),
        (Some(Value::Text(t)), Kind::Choice(list)) => {
            let shown = list.shown_of(t).unwrap_or(t);
            ws.write_string_with_format(r, c, shown, f).map(drop)
        }
        (Some(Value::Text(t)), _) => ws.write_string_with_format(r, c, t, f).map(drop),
        (Some(Value::Bool(b)), Kind::YesNo) => {
            let yes_no = if *b { "Oui" } else { "Non" };
            ws.write_string_with_format(r, c, yes_no, f).map(drop)
        }
        (Some(Value::Bool(b)), _) => ws.write_boolean_with_format(r, c, *b, f).map(drop),
        (Some(Value::Date(d)), _) => match excel_date(*d) {
            Some(x) => ws
                .write_date_with_format(r, c, &x, &f.clone().set_num_format(DATE))
                .map(drop),
            None => ws
                .write_string_with_format(r, c, d.to_string(), f)
                .map(drop),
        },
        (Some(Value::Number(n)), Kind::Text | Kind::Code) => ws
            .write_string_with_format(r, c, super::form::integer_text(*n), f)
            .map(drop),
        (Some(Value::Number(n)), _) => match exact_f64(*n) {
            Some(x) => ws.write_number_with_format(r, c, x, f).map(drop),
            // Beyond what a spreadsheet number holds exactly: kept as its digits.
            None => ws
                .write_string_with_format(r, c, n.normalize().to_string(), f)
                .map(drop),
        },
    }
}

/// A decimal as a spreadsheet number, when the number reads back as the same decimal.
fn exact_f64(n: Decimal) -> Option<f64> {
    let x = n.to_f64()?;
    (crate::workbook::entries::decimal(x) == Some(n.normalize())).then_some(x)
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// The drop-down, limits and input message of a kind, for a cell range.
fn validation(kind: Kind, title: &str, help: &str) -> Result<DataValidation, XlsxError> {
    let v = match kind {
        Kind::Choice(Choices::Size) => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1, 4))
            .set_error_message("Saisissez une taille de 1 à 4.")?,
        Kind::Choice(list) => DataValidation::new()
            .allow_list_strings(&list.shown())?
            // A value typed with other accents or case is read all the same: warn, never block.
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message(format!(
                "Choisissez dans la liste : {}.",
                list.shown().join(", ")
            ))?,
        Kind::YesNo => DataValidation::new()
            .allow_list_strings(&["Oui", "Non"])?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message("Choisissez Oui ou Non.")?,
        Kind::Date => {
            let from = ExcelDateTime::from_ymd(2000, 1, 1)?;
            let to = ExcelDateTime::from_ymd(2100, 12, 31)?;
            DataValidation::new()
                .allow_date(DataValidationRule::Between(from, to))
                .set_error_message("Saisissez une date, JJ/MM/AAAA (par exemple 01/03/2025).")?
        }
        Kind::Integer => DataValidation::new()
            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
            .set_error_message("Saisissez un nombre entier, sans décimale ni unité.")?,
        Kind::Share => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
            .set_error_message("Saisissez une part entre 0 et 1 : 0,5 ou 50 %.")?,
        Kind::Euros => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message("Saisissez un montant en euros, positif : 6000 ou 6 000 €.")?,
        Kind::Number => DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_error_message("Saisissez un nombre positif, sans unité (58 pour 58 %).")?,
        Kind::Text | Kind::Code => DataValidation::new().allow_any_value(),
    };
    let v = v.set_error_title("Valeur refusée")?;
    if help.is_empty() {
        Ok(v)
    } else {
        v.set_input_title(title)?.set_input_message(help)
    }
}

/// A value still to fill shows in orange wherever it is.
fn mark_placeholders(ws: &mut Worksheet, range: (u32, u16, u32, u16)) -> Result<(), XlsxError> {
    let rule = ConditionalFormatText::new()
        .set_rule(ConditionalFormatTextRule::Contains("REMPLIR".into()))
        .set_format(crate::workbook::style::fill(palette::ORANGE));
    ws.add_conditional_format(range.0, range.1, range.2, range.3, &rule)?;
    Ok(())
}

fn heading(ws: &mut Worksheet, table: &BookTable) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, crate::fr::typographic(table.title), &title())?;
    ws.write_string_with_format(1, 0, crate::fr::typographic(table.note), &note())?;
    Ok(())
}

fn add_table(
    ws: &mut Worksheet,
    table: &BookTable,
    last: u32,
    input: &dyn Fn(&BookColumn) -> bool,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = table
        .columns
        .iter()
        .map(|c| {
            TableColumn::new()
                .set_header(c.name)
                .set_header_format(header_format(if input(c) {
                    Role::Input
                } else {
                    Role::Fixed
                }))
        })
        .collect();
    let t = Table::new()
        .set_name(table.name)
        .set_style(TableStyle::Light1)
        .set_columns(&columns);
    let last_col = layout_col(table.columns.len() - 1);
    ws.add_table(HEADER_ROW, 0, last, last_col, &t)?;
    ws.set_row_height(HEADER_ROW, 32)?;
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    print_setup(ws, ("Classeur du contrat", ""), Some(HEADER_ROW))?;
    let natural = table.columns.iter().map(|c| f64::from(c.width)).sum();
    fit_table(ws, natural, (HEADER_ROW, last_col))?;
    Ok(())
}

fn layout_col(i: usize) -> u16 {
    crate::workbook::layout::col_at(i)
}

fn row_at(i: usize) -> u32 {
    crate::workbook::layout::row_at(i)
}

/// A table sheet whose every column is typed: its rows, its spare rows and the rows below.
fn table_sheet(wb: &mut Workbook, table: &BookTable, rows: Vec<Row>) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(table.sheet)?;
    heading(ws, table)?;
    let body = row_at(rows.len()) + table.spare_rows;
    let last = FIRST_ROW + body.max(1) - 1;
    let formats: Vec<Format> = table
        .columns
        .iter()
        .map(|c| cell_format(c.kind, true))
        .collect();
    for (i, cells) in rows.iter().enumerate() {
        let r = FIRST_ROW + row_at(i);
        let mut texts = Vec::new();
        for (c, (column, value)) in table.columns.iter().zip(cells).enumerate() {
            write_value(
                ws,
                (r, layout_col(c)),
                column.kind,
                value.as_ref(),
                &formats[c],
            )?;
            if let Some(Value::Text(t)) = value {
                texts.push((t.as_str(), usize::from(column.width) * 11 / 10));
            }
        }
        ws.set_row_height(r, wrapped_height(texts))?;
    }
    for r in FIRST_ROW + row_at(rows.len())..=last {
        for (c, f) in formats.iter().enumerate() {
            ws.write_blank(r, layout_col(c), f)?;
        }
    }
    let end = FIRST_ROW + TYPED_ROWS;
    for (c, column) in table.columns.iter().enumerate() {
        let col = layout_col(c);
        ws.set_column_width(col, column.width)?;
        // Rows typed below the table stay typeable under protection, and read as typed.
        ws.set_column_format(col, &below_format(column.kind))?;
        let v = validation(column.kind, column.help_title, column.help)?;
        ws.add_data_validation(FIRST_ROW, col, end, col, &v)?;
    }
    mark_placeholders(ws, (FIRST_ROW, 0, end, layout_col(table.columns.len() - 1)))?;
    add_table(ws, table, last, &|_| true)?;
    protect(ws);
    Ok(())
}

/// `Contrat`: one row per parameter, its value typed in `Valeur` with the parameter's kind.
fn params_sheet(wb: &mut Workbook, form: &Form) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(PARAMS.sheet)?;
    heading(ws, &PARAMS)?;
    let fixed = cell_format(Kind::Text, false);
    let key_format = cell_format(Kind::Code, false).set_font_color(Color::RGB(0x595959));
    let value_col = PARAMS.col(layout::col::VALUE);
    for (i, p) in PARAM_ROWS.iter().enumerate() {
        let r = FIRST_ROW + row_at(i);
        ws.write_string_with_format(r, PARAMS.col(layout::col::KEY), p.key, &key_format)?;
        ws.write_string_with_format(r, PARAMS.col(layout::col::LABEL), p.label, &fixed)?;
        let value = form.params.get(p.key).map(|f| &f.value);
        let f = cell_format(p.kind, true).set_align(FormatAlign::Left);
        write_value(ws, (r, value_col), p.kind, value, &f)?;
        let v = validation(p.kind, "Valeur", p.help)?;
        ws.add_data_validation(r, value_col, r, value_col, &v)?;
        ws.set_row_height(r, 20)?;
    }
    let last = FIRST_ROW + row_at(PARAM_ROWS.len()) - 1;
    for (c, column) in PARAMS.columns.iter().enumerate() {
        ws.set_column_width(layout_col(c), column.width)?;
    }
    mark_placeholders(ws, (FIRST_ROW, value_col, last, value_col))?;
    add_table(ws, &PARAMS, last, &|c| c.name == layout::col::VALUE)?;
    ws.set_active(false);
    protect(ws);
    Ok(())
}
