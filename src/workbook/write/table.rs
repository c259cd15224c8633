//! The table writer: one titled sheet holding one Excel table of the layout, with its
//! formats, input validations, row heights and print setup.

use super::Ctx;
use super::style::cell_format;
use super::style::header_format;
use super::style::note;
use super::style::protect;
use super::style::title;
use super::style::wrapped_height;
use crate::workbook::entries::Cell;
use crate::workbook::layout::Column;
use crate::workbook::layout::Kind;
use crate::workbook::layout::Role;
use crate::workbook::layout::TableLayout;
use crate::workbook::layout::YES_NO;
use crate::workbook::style::{DATE, TYPED_PERCENT, measure_format};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::DataValidation;
use rust_xlsxwriter::DataValidationRule;
use rust_xlsxwriter::ExcelDateTime;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::Formula;
use rust_xlsxwriter::Table;
use rust_xlsxwriter::TableColumn;
use rust_xlsxwriter::TableStyle;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;

/// The print set-up of a tracking workbook's sheet: the CPTS and the contract year in the page
/// header.
pub(super) fn print_setup(
    ws: &mut Worksheet,
    ctx: &Ctx,
    repeat_row: Option<u32>,
) -> Result<(), XlsxError> {
    let year = format!("Année {} du contrat", ctx.year);
    super::report::print_setup(ws, (&ctx.contract.cpts.name, &year), repeat_row)
}

/// What goes in one cell of a table.
pub(super) enum Out {
    /// A value.
    Value(Cell),
    /// A formula and its cached value.
    Formula(String, String),
    /// A contract value and its number format, in French, with its unit when it has one
    /// (`1 200 patients`, `12,5`).
    Measure(f64, String),
}

pub(super) fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    out: &Out,
    f: &Format,
) -> Result<(), XlsxError> {
    match out {
        Out::Value(Cell::Empty) => ws.write_blank(row, col, f).map(drop),
        Out::Value(Cell::Number(x)) => ws.write_number_with_format(row, col, *x, f).map(drop),
        // A typed percentage keeps its percent format: it is read back the same way.
        Out::Value(Cell::Percent(x)) => {
            let f = f.clone().set_num_format(TYPED_PERCENT);
            ws.write_number_with_format(row, col, *x, &f).map(drop)
        }
        // Strings are always written as strings: a value typed as `=…` never becomes a formula.
        Out::Value(Cell::Text(t)) => ws.write_string_with_format(row, col, t, f).map(drop),
        Out::Value(Cell::Date(d)) => ws.write_date_with_format(row, col, d, f).map(drop),
        Out::Value(Cell::Bool(b)) => ws.write_boolean_with_format(row, col, *b, f).map(drop),
        // The unit is part of the number format: the value stays a number.
        Out::Measure(x, format) => {
            let f = f.clone().set_num_format(format);
            ws.write_number_with_format(row, col, *x, &f).map(drop)
        }
        Out::Formula(formula, cached) => {
            let formula = Formula::new(formula).set_result(cached);
            ws.write_formula_with_format(row, col, formula, f).map(drop)
        }
    }
}

pub(super) fn text(s: impl Into<String>) -> Out {
    Out::Value(Cell::Text(s.into()))
}

pub(super) fn number(d: Option<Decimal>) -> Out {
    Out::Value(d.and_then(|d| d.to_f64()).map_or(Cell::Empty, Cell::Number))
}

/// What the `Réalisé` cell of a row accepts: a choice list (else a number), and its help when
/// the indicator says more than the column (its unit).
#[derive(Debug, Clone, Default)]
pub(super) struct ObservedInput {
    pub(super) choices: Option<&'static [&'static str]>,
    pub(super) help: Option<String>,
}

/// A contract value with the indicator's unit, when it has one short enough to stand beside
/// the number in its column (a longer one is in the help of the `Réalisé` cell).
pub(super) fn measure(d: Option<Decimal>, unit: Option<&str>) -> Out {
    const SHORT_UNIT: usize = 10;
    let Some((d, x)) = d.and_then(|d| Some((d, d.to_f64()?))) else {
        return Out::Value(Cell::Empty);
    };
    let unit = unit.filter(|u| u.chars().count() <= SHORT_UNIT);
    Out::Measure(x, measure_format(d, unit))
}

/// Writes a titled sheet holding one Excel table, its formats, validations and print setup.
/// `rows` give every cell of every row; `observed` the list and the help of a row's
/// `Réalisé` cell, which depend on the indicator.
pub(super) fn table_sheet(
    wb: &mut Workbook,
    ctx: &Ctx,
    layout: &TableLayout,
    heading_lines: (String, String),
    rows: Vec<Vec<Out>>,
    observed: &dyn Fn(usize) -> ObservedInput,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout.sheet)?;
    // A formula whose value is an empty text (`Il manque` at 100 %) is cached as that text,
    // not as the writer's default 0.
    ws.set_formula_result_default("");
    ws.write_string_with_format(0, 0, &heading_lines.0, &title())?;
    ws.write_string_with_format(1, 0, &heading_lines.1, &note())?;
    let header = layout.header_row;
    let first = layout.first_data_row();
    // An Excel table needs at least one data row.
    let last = first + u32::try_from(rows.len().max(1)).unwrap_or(u32::MAX) - 1;
    let formats: Vec<Format> = layout.columns.iter().map(cell_format).collect();
    for (i, row) in rows.iter().enumerate() {
        let r = first + crate::workbook::layout::row_at(i);
        for (c, out) in row.iter().enumerate() {
            let col = crate::workbook::layout::col_at(c);
            write_cell(
                ws,
                r,
                col,
                out,
                &value_format(&formats[c], layout.columns[c].kind, out),
            )?;
        }
        ws.set_row_height(r, row_height(layout, row))?;
    }
    if rows.is_empty() {
        for (c, f) in formats.iter().enumerate() {
            ws.write_blank(first, crate::workbook::layout::col_at(c), f)?;
        }
    }
    let columns: Vec<TableColumn> = layout
        .columns
        .iter()
        .map(|c| {
            TableColumn::new()
                .set_header(c.name)
                .set_header_format(header_format(c.role))
        })
        .collect();
    let table = Table::new()
        .set_name(layout.name)
        .set_style(TableStyle::Light1)
        .set_columns(&columns);
    let last_col = crate::workbook::layout::col_at(layout.columns.len() - 1);
    ws.add_table(header, 0, last, last_col, &table)?;
    ws.set_row_height(header, 32)?;
    for (c, column) in layout.columns.iter().enumerate() {
        let col = crate::workbook::layout::col_at(c);
        ws.set_column_width(col, column.width)?;
        if column.role == Role::Input {
            validate_input(ws, ctx, column, col, (first, last), observed)?;
        }
    }
    ws.set_freeze_panes(first, 1)?;
    print_setup(ws, ctx, Some(header))?;
    // A wide table printed one page wide comes out in unreadable type: it spreads over more
    // pages, each repeating the `Code` column so a printed row is still known.
    let natural = layout.columns.iter().map(|c| c.width).sum();
    let last_col = crate::workbook::layout::col_at(layout.columns.len() - 1);
    super::report::fit_table(ws, natural, (header, last_col))?;
    protect(ws);
    Ok(())
}

/// A cell's format follows its value as well as its column: a date typed in a text column
/// keeps a date format, a number typed in a date column keeps a number format, so each value
/// reads back with the type it was typed with.
pub(super) fn value_format(column: &Format, kind: Kind, out: &Out) -> Format {
    match (out, kind) {
        (Out::Value(Cell::Date(_)), k) if k != Kind::Date => column.clone().set_num_format(DATE),
        (Out::Value(Cell::Number(_)), Kind::Date) => column.clone().set_num_format("General"),
        _ => column.clone(),
    }
}

/// A table row's height: its texts wrapped at their columns' widths.
pub(super) fn row_height(layout: &TableLayout, row: &[Out]) -> f64 {
    wrapped_height(
        layout
            .columns
            .iter()
            .zip(row)
            .filter_map(|(column, out)| match out {
                // A text formula (`Il manque`, `Explication`) by the text it shows when written.
                Out::Value(Cell::Text(t)) | Out::Formula(_, t) if column.kind == Kind::Text => {
                    Some((t.as_str(), (column.width * 1.1) as usize))
                }
                _ => None,
            }),
    )
}

pub(super) fn validate_input(
    ws: &mut Worksheet,
    ctx: &Ctx,
    column: &Column,
    col: u16,
    (first, last): (u32, u32),
    observed: &dyn Fn(usize) -> ObservedInput,
) -> Result<(), XlsxError> {
    let with_help = |v: DataValidation| -> Result<DataValidation, XlsxError> {
        v.set_input_title(column.help_title)?
            .set_input_message(column.help)
    };
    let error = |v: DataValidation, message: &str| -> Result<DataValidation, XlsxError> {
        v.set_error_title("Valeur refusée")?
            .set_error_message(message)
    };
    match column.kind {
        Kind::YesNo => {
            let v = with_help(DataValidation::new().allow_list_strings(&YES_NO)?)?;
            let v = error(v, "Choisissez Oui ou Non dans la liste.")?;
            ws.add_data_validation(first, col, last, col, &v)?;
        }
        Kind::Date => {
            let day = |d: NaiveDate| {
                use chrono::Datelike;
                ExcelDateTime::from_ymd(
                    u16::try_from(d.year()).unwrap_or(1900),
                    u8::try_from(d.month()).unwrap_or(1),
                    u8::try_from(d.day()).unwrap_or(1),
                )
            };
            let (start, end) = (day(ctx.period.start)?, day(ctx.period.end)?);
            let rule = DataValidationRule::Between(start, end);
            let v = with_help(DataValidation::new().allow_date(rule))?;
            let message = format!(
                "Saisissez une date de l'année de contrat, entre le {} et le {} (JJ/MM/AAAA).",
                crate::fr::date(ctx.period.start),
                crate::fr::date(ctx.period.end)
            );
            ws.add_data_validation(first, col, last, col, &error(v, &message)?)?;
        }
        Kind::Observed => {
            for row in first..=last {
                let index = usize::try_from(row - first).unwrap_or(0);
                let input = observed(index);
                let with_help = |v: DataValidation| -> Result<DataValidation, XlsxError> {
                    v.set_input_title(column.help_title)?
                        .set_input_message(input.help.as_deref().unwrap_or(column.help))
                };
                let v = match input.choices {
                    Some(list) => {
                        let v = with_help(DataValidation::new().allow_list_strings(list)?)?;
                        error(
                            v,
                            &format!("Choisissez dans la liste : {}.", list.join(", ")),
                        )?
                    }
                    None => {
                        let rule = DataValidationRule::GreaterThanOrEqualTo(0.0);
                        let v = with_help(DataValidation::new().allow_decimal_number(rule))?;
                        error(
                            v,
                            "Saisissez un nombre positif ou nul, sans unité (12,5 et non 12,5 %).",
                        )?
                    }
                };
                ws.add_data_validation(row, col, row, col, &v)?;
            }
        }
        _ => {
            let v = with_help(DataValidation::new().allow_any_value())?;
            ws.add_data_validation(first, col, last, col, &v)?;
        }
    }
    Ok(())
}
