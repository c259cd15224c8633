//! The plan workbook: `Pluriannuel` (the years, their envelopes and a chart of maximum against
//! obtained), `Échéancier` (every payment and the running total) and `Indicateurs` (each
//! indicator's trajectory). Protected and styled like the tracking workbook; sorting and
//! filtering stay open.

use super::{Basis, Plan};
use crate::mission::envelope_label;
use crate::workbook::style::{DATE, EUROS, PERCENT, fill, palette, report_header};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

/// Sheet names (stable).
pub(crate) const SHEET_YEARS: &str = "Pluriannuel";
/// Sheet of the payment calendar (stable).
pub(crate) const SHEET_CALENDAR: &str = "Échéancier";
/// Sheet of the indicators' trajectories (stable).
pub(crate) const SHEET_INDICATORS: &str = "Indicateurs";

const YEAR_COLUMNS: [(&str, f64); 8] = [
    ("Année", 8.0),
    ("Du", 12.0),
    ("Au", 12.0),
    ("Maximum (€)", 16.0),
    ("Obtenu (€)", 16.0),
    ("Base", 10.0),
    ("Reste à obtenir (€)", 18.0),
    ("Classeur", 40.0),
];
const ENVELOPE_COLUMNS: [(&str, f64); 7] = [
    ("Année", 8.0),
    ("Enveloppe", 28.0),
    ("Fixe (€)", 16.0),
    ("Variable maximum (€)", 20.0),
    ("Variable obtenu (€)", 18.0),
    ("Activation (€)", 16.0),
    ("Base", 10.0),
];
const CALENDAR_COLUMNS: [(&str, f64); 7] = [
    ("Date", 12.0),
    ("Année", 8.0),
    ("Versement", 48.0),
    ("Mission", 24.0),
    ("Montant (€)", 16.0),
    ("Base", 10.0),
    ("Cumul versé (€)", 18.0),
];
const INDICATOR_COLUMNS: [(&str, f64); 11] = [
    ("Code", 10.0),
    ("Mission", 24.0),
    ("Indicateur", 46.0),
    ("Valeur initiale", 12.0),
    ("Année", 8.0),
    ("Cible", 10.0),
    ("Poids (€)", 14.0),
    ("Réalisé", 14.0),
    ("Atteinte", 10.0),
    ("Montant (€)", 14.0),
    ("Base", 10.0),
];

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    text: Format,
    wrap: Format,
    int: Format,
    date: Format,
    euros: Format,
    percent: Format,
    total: Format,
    total_euros: Format,
    planned: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("Calibri").set_font_size(11);
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(palette::BORDER))
            .set_align(FormatAlign::Top);
        let total = boxed
            .clone()
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
            header: report_header(),
            text: boxed.clone(),
            wrap: boxed.clone().set_text_wrap(),
            int: boxed.clone().set_align(FormatAlign::Center),
            date: boxed
                .clone()
                .set_num_format(DATE)
                .set_align(FormatAlign::Center),
            euros: boxed.clone().set_num_format(EUROS),
            percent: boxed.clone().set_num_format(PERCENT),
            total_euros: total.clone().set_num_format(EUROS),
            total,
            planned: fill(palette::GREY).set_border(FormatBorder::Thin),
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

fn header(
    ws: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, (name, width)) in columns.iter().enumerate() {
        let col = crate::workbook::layout::col_at(c);
        ws.write_string_with_format(row, col, *name, &f.header)?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_row_height(row, 30)?;
    Ok(())
}

fn finish(ws: &mut Worksheet, title: &str, plan: &Plan) {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let name = plan.cpts.replace('&', "&&");
    ws.set_header(format!("&L{name}&R{title}"));
    ws.set_footer("&Lcpts-aci&RPage &P / &N");
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
    name: &str,
    (title, note): (&str, &str),
    columns: &[(&str, f64)],
    f: &Formats,
) -> Result<u32, XlsxError> {
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, title, &f.title)?;
    ws.write_string_with_format(1, 0, note, &f.note)?;
    let head = 3;
    header(ws, head, columns, f)?;
    Ok(head)
}

/// The end of a list sheet: filter on the header, header and `frozen` columns kept in view
/// and repeated on each printed page, protection.
fn list_end(
    ws: &mut Worksheet,
    (head, next_row): (u32, u32),
    (columns, frozen): (usize, u16),
    title: &str,
    plan: &Plan,
) -> Result<(), XlsxError> {
    let last = next_row.saturating_sub(1).max(head + 1);
    ws.autofilter(head, 0, last, crate::workbook::layout::col_at(columns - 1))?;
    ws.set_freeze_panes(head + 1, frozen)?;
    ws.set_repeat_rows(head, head)?;
    finish(ws, title, plan);
    Ok(())
}

fn basis_format(basis: Basis, f: &Formats) -> &Format {
    match basis {
        Basis::Planned => &f.planned,
        Basis::Computed => &f.text,
    }
}

/// The first data row of the years table (0-based): the chart reads from it.
const YEARS_FIRST_ROW: u32 = 4;

fn years_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(SHEET_YEARS)?;
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
    let head = YEARS_FIRST_ROW - 1;
    header(ws, head, &YEAR_COLUMNS, f)?;
    let mut row = YEARS_FIRST_ROW;
    for y in &plan.years {
        let basis = if y.obtained.is_some() {
            Basis::Computed
        } else {
            Basis::Planned
        };
        ws.write_number_with_format(row, 0, y.year, &f.int)?;
        ws.write_date_with_format(row, 1, y.start, &f.date)?;
        ws.write_date_with_format(row, 2, y.end, &f.date)?;
        ws.write_number_with_format(row, 3, money(y.max), &f.euros)?;
        match y.obtained {
            Some(o) => {
                ws.write_number_with_format(row, 4, money(o), &f.euros)?;
                let left = y.max - o;
                let formula = format!("=D{r}-E{r}", r = row + 1);
                ws.write_formula_with_format(row, 6, formula.as_str(), &f.euros)?
                    .set_formula_result(row, 6, crate::money::to_json_string(left));
            }
            None => {
                ws.write_blank(row, 4, &f.euros)?;
                ws.write_blank(row, 6, &f.euros)?;
            }
        }
        ws.write_string_with_format(row, 5, basis.label(), basis_format(basis, f))?;
        ws.write_string_with_format(row, 7, y.workbook.as_deref().unwrap_or(""), &f.wrap)?;
        row += 1;
    }
    let last = row - 1;
    ws.write_string_with_format(row, 0, "Total", &f.total)?;
    for col in [1, 2, 5, 6, 7] {
        ws.write_blank(row, col, &f.total)?;
    }
    let max: Decimal = plan.max();
    let obtained: Decimal = plan.years.iter().filter_map(|y| y.obtained).sum();
    for (col, letter, value) in [(3u16, "D", max), (4, "E", obtained)] {
        let formula = format!("=SUM({letter}{}:{letter}{})", YEARS_FIRST_ROW + 1, last + 1);
        ws.write_formula_with_format(row, col, formula.as_str(), &f.total_euros)?
            .set_formula_result(row, col, crate::money::to_json_string(value));
    }
    ws.autofilter(head, 0, last, 7)?;
    // The envelopes of each year, below the chart's place.
    let mut row = row + 20;
    ws.write_string_with_format(row, 0, "Par enveloppe et par année", &f.title)?;
    row += 1;
    header(ws, row, &ENVELOPE_COLUMNS, f)?;
    row += 1;
    for y in &plan.years {
        let basis = if y.obtained.is_some() {
            Basis::Computed
        } else {
            Basis::Planned
        };
        for m in &y.missions {
            ws.write_number_with_format(row, 0, y.year, &f.int)?;
            ws.write_string_with_format(row, 1, envelope_label(&m.code), &f.text)?;
            ws.write_number_with_format(row, 2, money(m.fixed), &f.euros)?;
            ws.write_number_with_format(row, 3, money(m.variable_max), &f.euros)?;
            optional(ws, (row, 4), m.variable, &f.euros)?;
            ws.write_number_with_format(row, 5, money(m.activation), &f.euros)?;
            ws.write_string_with_format(row, 6, basis.label(), basis_format(basis, f))?;
            row += 1;
        }
    }
    ws.set_freeze_panes(YEARS_FIRST_ROW, 0)?;
    finish(ws, "Les années du contrat", plan);
    ws.set_active(true);
    Ok(())
}

fn calendar_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let title = format!("Échéancier du contrat : {}", plan.cpts);
    let note = "Chaque avance et chaque solde de chaque année, avec le cumul versé à sa date ; \
                « prévu » : au maximum de l'année.";
    let head = list_head(ws, SHEET_CALENDAR, (&title, note), &CALENDAR_COLUMNS, f)?;
    let mut row = head + 1;
    for p in &plan.payments {
        ws.write_date_with_format(row, 0, p.date, &f.date)?;
        ws.write_number_with_format(row, 1, p.year, &f.int)?;
        ws.write_string_with_format(row, 2, &p.label, &f.wrap)?;
        ws.write_string_with_format(
            row,
            3,
            envelope_label(p.mission.as_deref().unwrap_or("")),
            &f.text,
        )?;
        ws.write_number_with_format(row, 4, money(p.amount), &f.euros)?;
        ws.write_string_with_format(row, 5, p.basis.label(), basis_format(p.basis, f))?;
        ws.write_number_with_format(row, 6, money(p.cumulative), &f.euros)?;
        row += 1;
    }
    list_end(
        ws,
        (head, row),
        (CALENDAR_COLUMNS.len(), 0),
        "Échéancier",
        plan,
    )
}

fn indicators_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let title = format!("Trajectoire des indicateurs : {}", plan.cpts);
    let note = "Une ligne par indicateur et par année ; sans classeur de l'année, le montant est \
                celui de la ligne atteinte (prévu).";
    let head = list_head(ws, SHEET_INDICATORS, (&title, note), &INDICATOR_COLUMNS, f)?;
    let mut row = head + 1;
    for i in &plan.indicators {
        for y in &i.years {
            ws.write_string_with_format(row, 0, &i.code, &f.text)?;
            ws.write_string_with_format(row, 1, envelope_label(&i.mission), &f.text)?;
            ws.write_string_with_format(row, 2, &i.label, &f.wrap)?;
            optional(ws, (row, 3), i.baseline, &f.text)?;
            ws.write_number_with_format(row, 4, y.year, &f.int)?;
            optional(ws, (row, 5), y.target, &f.text)?;
            ws.write_number_with_format(row, 6, money(y.weight), &f.euros)?;
            ws.write_string_with_format(row, 7, y.realised.as_deref().unwrap_or(""), &f.text)?;
            optional(ws, (row, 8), y.attainment, &f.percent)?;
            ws.write_number_with_format(row, 9, money(y.amount), &f.euros)?;
            ws.write_string_with_format(row, 10, y.basis.label(), basis_format(y.basis, f))?;
            row += 1;
        }
    }
    list_end(
        ws,
        (head, row),
        (INDICATOR_COLUMNS.len(), 1),
        "Trajectoire des indicateurs",
        plan,
    )
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
    chart.y_axis().set_name("€").set_num_format("# ##0 €");
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    let ws = wb.worksheet_from_name(SHEET_YEARS)?;
    ws.insert_chart_with_offset(last + 3, 0, &chart, 10, 0)?;
    Ok(())
}
