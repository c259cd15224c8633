//! The plan workbook: `Pluriannuel` (the years, their envelopes and a chart of maximum against
//! obtained), `Échéancier` (every payment and the running total) and `Indicateurs` (each
//! indicator's trajectory). Protected and styled like the tracking workbook; sorting and
//! filtering stay open.

use super::{Basis, Plan};
use crate::funding::confirm;
use crate::mission::envelope_label;
use crate::workbook::layout::col_at;
use crate::workbook::reports::plan as reports;
use crate::workbook::reports::{ReportTable, Shows, shared_widths};
use crate::workbook::style::{EUROS, EUROS_AXIS, palette};
use crate::workbook::write::report::{
    body_format, fit_row, header, planned_format, print_setup, write_measure,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

/// Sheet of the years (stable).
const SHEET_YEARS: &str = reports::YEARS.sheet;

struct Formats {
    title: Format,
    note: Format,
    total: Format,
    total_euros: Format,
    /// The `À confirmer` cells: italic, dark orange.
    flag: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("Calibri").set_font_size(11);
        let total = body_format(Shows::Label)
            .set_bold()
            .set_border_top(FormatBorder::Double);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(palette::TITLE)),
            note: base
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            total_euros: total.clone().set_num_format(EUROS),
            total,
            flag: body_format(Shows::Text)
                .set_italic()
                .set_font_color(Color::RGB(palette::ORANGE.1)),
        }
    }
}

fn money(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The plan as an `.xlsx` file.
pub fn write_plan(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    years_sheet(wb.add_worksheet(), plan, &f)?;
    calendar_sheet(wb.add_worksheet(), plan, &f)?;
    indicators_sheet(wb.add_worksheet(), plan, &f)?;
    chart(&mut wb, plan)?;
    wb.save_to_buffer()
}

/// A figure that may be unknown: the number, or a blank cell in the same format.
fn optional(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, money(v), format)?,
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Cell formats of a table's columns, in order, from its description.
fn formats(table: &ReportTable) -> Vec<Format> {
    table.columns.iter().map(|c| body_format(c.shows)).collect()
}

fn finish(ws: &mut Worksheet, table: &ReportTable, plan: &Plan, repeat: Option<u32>) {
    // The header row exists (it was just written), so setting it as print title cannot fail.
    let _ = print_setup(ws, (&plan.cpts, table.title), repeat);
    ws.protect_with_options(&ProtectionOptions {
        sort: true,
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
}

/// A sheet holding one list: its name, title and note, and the list's header row (returned).
fn list_head(
    ws: &mut Worksheet,
    table: &ReportTable,
    (title, note): (&str, &str),
    f: &Formats,
) -> Result<u32, XlsxError> {
    ws.set_name(table.sheet)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string_with_format(1, 0, note, &f.note)?;
    let head = 3;
    header(ws, head, table)?;
    Ok(head)
}

/// The end of a list sheet: filter on the header, header and frozen columns kept in view
/// and repeated on each printed page, protection.
fn list_end(
    ws: &mut Worksheet,
    (head, next_row): (u32, u32),
    table: &ReportTable,
    plan: &Plan,
) -> Result<(), XlsxError> {
    let last = next_row.saturating_sub(1).max(head + 1);
    ws.autofilter(head, 0, last, col_at(table.columns.len() - 1))?;
    ws.set_freeze_panes(head + 1, table.frozen)?;
    finish(ws, table, plan, Some(head));
    Ok(())
}

fn write_basis(ws: &mut Worksheet, (row, col): (u32, u16), basis: Basis) -> Result<(), XlsxError> {
    let f = match basis {
        Basis::Planned => planned_format(),
        Basis::Computed => body_format(Shows::Basis),
    };
    ws.write_string_with_format(row, col, basis.label(), &f)?;
    Ok(())
}

/// The first data row of the years table (0-based): the chart reads from it.
const YEARS_FIRST_ROW: u32 = 4;

fn years_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let t = &reports::YEARS;
    let c = formats(t);
    ws.set_name(t.sheet)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Contrat ACI : {} — les années du contrat", plan.cpts),
        &f.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        "Obtenu : calculé à partir du classeur rempli de l'année ; une année sans classeur est prévue à son maximum (en gris).",
        &f.note,
    )?;
    if plan.years.iter().any(|y| !y.to_confirm.is_empty()) {
        ws.write_string_with_format(2, 0, confirm::EXPLANATION, &f.note)?;
    }
    let head = YEARS_FIRST_ROW - 1;
    header(ws, head, t)?;
    let (left, lost) = (t.col("Reste à obtenir (€)"), t.col("Non obtenu (€)"));
    let (marked, book) = (t.col("À confirmer"), t.col("Classeur"));
    let mut row = YEARS_FIRST_ROW;
    for y in &plan.years {
        let basis = if y.obtained.is_some() {
            Basis::Computed
        } else {
            Basis::Planned
        };
        ws.write_number_with_format(row, 0, y.year, &c[0])?;
        ws.write_date_with_format(row, 1, y.start, &c[1])?;
        ws.write_date_with_format(row, 2, y.end, &c[2])?;
        ws.write_number_with_format(row, 3, money(y.max), &c[3])?;
        ws.write_blank(row, left, &c[usize::from(left)])?;
        ws.write_blank(row, lost, &c[usize::from(lost)])?;
        match y.obtained {
            Some(o) => {
                ws.write_number_with_format(row, 4, money(o), &c[4])?;
                // A year ended brings nothing more: what it did not obtain is lost.
                let col = if y.closed { lost } else { left };
                let formula = format!("=D{r}-E{r}", r = row + 1);
                ws.write_formula_with_format(row, col, formula.as_str(), &c[usize::from(col)])?
                    .set_formula_result(row, col, crate::money::to_json_string(y.max - o));
            }
            None => {
                ws.write_blank(row, 4, &c[4])?;
            }
        }
        write_basis(ws, (row, 5), basis)?;
        let mark = if y.to_confirm.is_empty() {
            ""
        } else {
            confirm::MARK
        };
        ws.write_string_with_format(row, marked, mark, &f.flag)?;
        let workbook = y.workbook.as_deref().unwrap_or("");
        ws.write_string_with_format(row, book, workbook, &c[usize::from(book)])?;
        fit_row(ws, row, t, &[("Classeur", workbook)])?;
        row += 1;
    }
    let last = row - 1;
    ws.write_string_with_format(row, 0, "Total", &f.total)?;
    for col in [1, 2, 5, left, lost, marked, book] {
        ws.write_blank(row, col, &f.total)?;
    }
    let max: Decimal = plan.max();
    let obtained: Decimal = plan.years.iter().filter_map(|y| y.obtained).sum();
    for (col, letter, value) in [(3u16, "D", max), (4, "E", obtained)] {
        let formula = format!("=SUM({letter}{}:{letter}{})", YEARS_FIRST_ROW + 1, last + 1);
        ws.write_formula_with_format(row, col, formula.as_str(), &f.total_euros)?
            .set_formula_result(row, col, crate::money::to_json_string(value));
    }
    ws.autofilter(head, 0, last, col_at(t.columns.len() - 1))?;
    // The envelopes of each year start a page of their own, below the chart's place: a table
    // cut by the page's end would print without its header.
    let mut row = row + 20;
    ws.set_page_breaks(&[row])?;
    let e = &reports::ENVELOPES;
    let c = formats(e);
    ws.write_string_with_format(row, 0, e.title, &f.title)?;
    row += 1;
    header(ws, row, e)?;
    // Both tables share the sheet's columns.
    for (i, width) in shared_widths(&[t, e]).into_iter().enumerate() {
        ws.set_column_width(col_at(i), width)?;
    }
    row += 1;
    for y in &plan.years {
        let basis = if y.obtained.is_some() {
            Basis::Computed
        } else {
            Basis::Planned
        };
        for m in &y.missions {
            ws.write_number_with_format(row, 0, y.year, &c[0])?;
            ws.write_string_with_format(row, 1, envelope_label(&m.code), &c[1])?;
            ws.write_number_with_format(row, 2, money(m.fixed), &c[2])?;
            ws.write_number_with_format(row, 3, money(m.variable_max), &c[3])?;
            optional(ws, (row, 4), m.variable, &c[4])?;
            ws.write_number_with_format(row, 5, money(m.activation), &c[5])?;
            write_basis(ws, (row, 6), basis)?;
            let shares = confirm::shares_label(&m.to_confirm);
            ws.write_string_with_format(row, 7, shares, &f.flag)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(YEARS_FIRST_ROW, 0)?;
    finish(ws, t, plan, None);
    ws.set_active(true);
    Ok(())
}

fn calendar_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let t = &reports::CALENDAR;
    let c = formats(t);
    let title = format!("Échéancier du contrat : {}", plan.cpts);
    let note = "Chaque avance et chaque solde de chaque année, avec le cumul versé à sa date ; \
                « prévu » : au maximum de l'année.";
    let head = list_head(ws, t, (&title, note), f)?;
    let mut row = head + 1;
    for p in &plan.payments {
        ws.write_date_with_format(row, 0, p.date, &c[0])?;
        ws.write_number_with_format(row, 1, p.year, &c[1])?;
        ws.write_string_with_format(row, 2, &p.label, &c[2])?;
        let mission = envelope_label(p.mission.as_deref().unwrap_or(""));
        ws.write_string_with_format(row, 3, mission, &c[3])?;
        ws.write_number_with_format(row, 4, money(p.amount), &c[4])?;
        write_basis(ws, (row, 5), p.basis)?;
        ws.write_number_with_format(row, 6, money(p.cumulative), &c[6])?;
        let mark = if p.to_confirm { confirm::MARK } else { "" };
        ws.write_string_with_format(row, 7, mark, &f.flag)?;
        fit_row(ws, row, t, &[("Versement", &p.label)])?;
        row += 1;
    }
    list_end(ws, (head, row), t, plan)
}

fn indicators_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let t = &reports::INDICATORS;
    let c = formats(t);
    let title = format!("Trajectoire des indicateurs : {}", plan.cpts);
    let note = "Une ligne par indicateur et par année ; sans classeur de l'année, le montant est \
                celui de la ligne atteinte (prévu).";
    let head = list_head(ws, t, (&title, note), f)?;
    let mut row = head + 1;
    for i in &plan.indicators {
        for y in &i.years {
            ws.write_string_with_format(row, 0, &i.code, &c[0])?;
            ws.write_string_with_format(row, 1, envelope_label(&i.mission), &c[1])?;
            ws.write_string_with_format(row, 2, &i.label, &c[2])?;
            write_measure(ws, (row, 3), i.baseline, None)?;
            ws.write_number_with_format(row, 4, y.year, &c[4])?;
            write_measure(ws, (row, 5), y.target, None)?;
            ws.write_number_with_format(row, 6, money(y.weight), &c[6])?;
            // A number typed by the coordinator is shown as a number; a choice as its word.
            match y.realised.as_deref().map(|r| (r, r.parse::<Decimal>())) {
                Some((_, Ok(d))) => write_measure(ws, (row, 7), Some(d), None)?,
                Some((text, Err(_))) => {
                    ws.write_string_with_format(row, 7, text, &c[7])?;
                }
                None => {
                    ws.write_blank(row, 7, &c[7])?;
                }
            }
            optional(ws, (row, 8), y.attainment, &c[8])?;
            ws.write_number_with_format(row, 9, money(y.amount), &c[9])?;
            write_basis(ws, (row, 10), y.basis)?;
            fit_row(ws, row, t, &[("Indicateur", &i.label)])?;
            row += 1;
        }
    }
    list_end(ws, (head, row), t, plan)
}

fn chart(wb: &mut Workbook, plan: &Plan) -> Result<(), XlsxError> {
    let first = YEARS_FIRST_ROW;
    let last = first + plan.years.len().max(1) as u32 - 1;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name("Maximum")
        .set_categories((SHEET_YEARS, first, 0, last, 0))
        .set_values((SHEET_YEARS, first, 3, last, 3))
        .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
            rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(palette::COMPUTED_HEADER)),
        ));
    chart
        .add_series()
        .set_name("Obtenu")
        .set_categories((SHEET_YEARS, first, 0, last, 0))
        .set_values((SHEET_YEARS, first, 4, last, 4))
        .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
            rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(palette::GREEN.1)),
        ));
    chart.set_width(720).set_height(300);
    chart
        .title()
        .set_name("Maximum et obtenu par année du contrat");
    chart.x_axis().set_name("Année du contrat");
    chart.y_axis().set_name("€").set_num_format(EUROS_AXIS);
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let ws = wb.worksheet_from_name(SHEET_YEARS)?;
    ws.insert_chart_with_offset(last + 3, 0, &chart, 10, 0)?;
    Ok(())
}
