//! `Synthèse`: per mission and in total, with the chart of attainment and the calendar.

use super::Ctx;
use super::ratio;
use super::review::detail_block;
use super::style::base;
use super::style::boxed;
use super::style::header_format;
use super::style::heading;
use super::style::kind_format;
use super::style::note;
use super::style::protect;
use super::style::title;
use super::style::traffic_lights;
use super::style::wrapped_height;
use super::table::print_setup;
use crate::funding;
use crate::funding::PaymentKind;
use crate::workbook::layout;
use crate::workbook::layout::INDICATORS;
use crate::workbook::layout::Kind;
use crate::workbook::layout::Role;
use crate::workbook::layout::col_at;
use crate::workbook::layout::ind;
use crate::workbook::reports::summary;
use crate::workbook::reports::{ReportColumn, ReportTable};
use crate::workbook::style::palette;
use crate::workbook::style::{PERCENT, PERCENT_AXIS};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::Chart;
use rust_xlsxwriter::ChartDataLabel;
use rust_xlsxwriter::ChartFormat;
use rust_xlsxwriter::ChartSolidFill;
use rust_xlsxwriter::ChartType;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::ConditionalFormatFormula;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::FormatBorder;
use rust_xlsxwriter::Formula;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::utility::column_number_to_name;

/// Column letters of the summary table.
pub(super) mod sum_col {
    pub(crate) const MISSION: u16 = 0;
    pub(crate) const PRORATA: u16 = 1;
    pub(crate) const FIXED: u16 = 2;
    pub(crate) const ACTIVATION: u16 = 3;
    pub(crate) const VARIABLE_MAX: u16 = 4;
    pub(crate) const VARIABLE: u16 = 5;
    pub(crate) const RATE: u16 = 6;
    pub(crate) const TOTAL: u16 = 7;
    pub(crate) const MAX: u16 = 8;
    pub(crate) const TO_CONFIRM: u16 = 9;
}

pub(super) fn summary_sheet(wb: &mut Workbook, ctx: &Ctx, review: bool) -> Result<(), XlsxError> {
    let f = ctx.funding;
    let ws = wb.add_worksheet().set_name(layout::SHEET_SUMMARY)?;
    ws.write_string_with_format(0, 0, ctx.text(&ctx.texts.titre_synthese), &title())?;
    ws.write_string_with_format(1, 0, ctx.text(&ctx.texts.aide_synthese), &note())?;
    let t = &ctx.texts.synthese;
    let header = 3;
    header_row(ws, header, summary::MISSIONS.columns)?;
    let flag = to_confirm_format();
    let label = boxed(base().set_bold());
    let euros = kind_format(Kind::Euros);
    let computed = |k| kind_format(k).set_background_color(Color::RGB(palette::COMPUTED));
    let pct = kind_format(Kind::Percent);
    let value = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let ind_col = |name| column_number_to_name(INDICATORS.col(name));
    // The same rows as 1-based numbers, for the A1 references of the formulas.
    let (first, last) = ctx.indicator_rows();
    let (first, last) = (first + 1, last + 1);
    // Missions with a variable part first, so that the chart reads one contiguous range; a
    // mission not started in the year comes after them, out of the chart.
    let mut missions: Vec<&funding::MissionFunding> = f.missions.iter().collect();
    missions.sort_by_key(|m| (not_started(m), !m.code.has_variable()));
    let mut row = header + 1;
    let first_row = row;
    let mut variable_rows = Vec::new();
    for m in &missions {
        let r = row + 1;
        ws.write_string_with_format(row, sum_col::MISSION, m.code.label(), &label)?;
        ws.write_number_with_format(row, sum_col::PRORATA, value(m.prorata), &pct)?;
        ws.write_number_with_format(row, sum_col::FIXED, value(m.fixed), &euros)?;
        ws.write_number_with_format(row, sum_col::ACTIVATION, value(m.activation), &euros)?;
        let of_mission = |column| {
            format!(
                "SUMIFS(Indicateurs!${a}${first}:${a}${last},Indicateurs!${b}${first}:${b}${last},A{r})",
                a = ind_col(column),
                b = ind_col(ind::MISSION)
            )
        };
        // The maximum is the sum of the lines' year weights, as in the engine; a mission without
        // any line this year keeps its pro-rated envelope, which no line shows.
        if m.indicators.is_empty() {
            ws.write_number_with_format(row, sum_col::VARIABLE_MAX, value(m.variable_max), &euros)?;
        } else {
            let most = Formula::new(of_mission(ind::YEAR_WEIGHT))
                .set_result(format!("{:.2}", m.variable_max));
            ws.write_formula_with_format(row, sum_col::VARIABLE_MAX, most, &euros)?;
        }
        let earned = Formula::new(of_mission(ind::AMOUNT)).set_result(format!("{:.2}", m.variable));
        ws.write_formula_with_format(row, sum_col::VARIABLE, earned, &computed(Kind::Euros))?;
        if not_started(m) {
            let grey = computed(Kind::Percent)
                .set_align(FormatAlign::Right)
                .set_font_color(Color::RGB(palette::GREY.1));
            ws.write_string_with_format(row, sum_col::RATE, NOT_STARTED, &grey)?;
        } else if m.code.has_variable() {
            variable_rows.push(row);
            let formula = Formula::new(format!("IF(E{r}=0,0,F{r}/E{r})"))
                .set_result(ratio(m.variable, m.variable_max));
            ws.write_formula_with_format(row, sum_col::RATE, formula, &computed(Kind::Percent))?;
        } else {
            let dash = computed(Kind::Percent).set_align(FormatAlign::Right);
            ws.write_string_with_format(row, sum_col::RATE, "—", &dash)?;
        }
        let total = Formula::new(format!("C{r}+D{r}+F{r}")).set_result(format!("{:.2}", m.total()));
        ws.write_formula_with_format(row, sum_col::TOTAL, total, &computed(Kind::Euros))?;
        let max = Formula::new(format!("C{r}+D{r}+E{r}")).set_result(format!("{:.2}", m.max));
        ws.write_formula_with_format(row, sum_col::MAX, max, &euros)?;
        let shares = funding::confirm::shares_label(&m.to_confirm);
        ws.write_string_with_format(row, sum_col::TO_CONFIRM, shares, &flag)?;
        row += 1;
    }
    ws.write_string_with_format(row, sum_col::MISSION, &t.fonctionnement, &label)?;
    ws.write_blank(row, sum_col::PRORATA, &pct)?;
    ws.write_number_with_format(row, sum_col::FIXED, value(f.operating), &euros)?;
    ws.write_number_with_format(row, sum_col::ACTIVATION, 0.0, &euros)?;
    ws.write_number_with_format(row, sum_col::VARIABLE_MAX, 0.0, &euros)?;
    ws.write_blank(row, sum_col::VARIABLE, &computed(Kind::Euros))?;
    ws.write_blank(row, sum_col::RATE, &computed(Kind::Percent))?;
    let operating = Formula::new(format!("C{}", row + 1)).set_result(format!("{:.2}", f.operating));
    ws.write_formula_with_format(row, sum_col::TOTAL, operating, &computed(Kind::Euros))?;
    ws.write_number_with_format(row, sum_col::MAX, value(f.operating), &euros)?;
    let operating = f
        .to_confirm
        .iter()
        .any(|k| k == funding::confirm::OPERATING);
    let operating = if operating {
        funding::confirm::MARK
    } else {
        ""
    };
    ws.write_string_with_format(row, sum_col::TO_CONFIRM, operating, &flag)?;
    row += 1;
    let total_row = row;
    total_line(ws, ctx, (first_row, total_row))?;
    // The fonctionnement row has no attainment: colour the missions and the total only; a text
    // (`—`, `non démarrée`) stays grey, whatever a spreadsheet makes of text against numbers.
    let text = format!(
        "=ISTEXT(${}{})",
        column_number_to_name(sum_col::RATE),
        first_row + 1
    );
    let grey = ConditionalFormatFormula::new()
        .set_rule(text.as_str())
        .set_format(crate::workbook::style::fill(palette::GREY))
        .set_stop_if_true(true);
    ws.add_conditional_format(
        first_row,
        sum_col::RATE,
        total_row - 2,
        sum_col::RATE,
        &grey,
    )?;
    traffic_lights(ws, sum_col::RATE, (first_row, total_row - 2), None)?;
    traffic_lights(ws, sum_col::RATE, (total_row, total_row), None)?;
    // Once summarized, the detail's explanations widen G to I.
    let tables: &[&ReportTable] = if review {
        &[&summary::MISSIONS, &summary::DETAIL]
    } else {
        &[&summary::MISSIONS]
    };
    for (i, width) in crate::workbook::reports::shared_widths(tables)
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(col_at(i), width)?;
    }
    if !f.to_confirm.is_empty() {
        let explanation = funding::confirm::EXPLANATION;
        // A row apart, so that the table ends at its total for whoever reads it to the first
        // empty row.
        ws.write_string_with_format(total_row + 2, 0, explanation, &note())?;
    }
    let mut next = total_row + 3;
    if let (Some(&a), Some(&b)) = (variable_rows.first(), variable_rows.last()) {
        attainment_chart(ws, t, (a, b), next)?;
        next += 17;
    }
    next = calendar_block(ws, ctx, &missions, first_row, next)?;
    if review {
        // The detail starts a page: its heading would otherwise print alone at the foot of one.
        ws.set_page_breaks(&[next + 2])?;
        detail_block(ws, ctx, next + 2)?;
        ws.set_active(true);
    }
    ws.set_freeze_panes(header + 1, 1)?;
    // The missions' header is not repeated: on a second page it would stand above the payment
    // calendar, whose columns are not the missions'.
    print_setup(ws, ctx, None)?;
    protect(ws);
    Ok(())
}

/// The look of the `À confirmer` cells: italic, dark orange, wrapped, in the table's border.
pub(super) fn to_confirm_format() -> rust_xlsxwriter::Format {
    kind_format(Kind::Text)
        .set_italic()
        .set_font_color(Color::RGB(palette::ORANGE.1))
}

/// What `Synthèse` shows instead of an attainment for a mission not started in the year.
pub(super) const NOT_STARTED: &str = "non démarrée";

/// A mission whose start falls after the year: nothing to attain, no place in the chart.
fn not_started(m: &funding::MissionFunding) -> bool {
    m.prorata.is_zero()
}

/// The header row of a report table of the workbook, from its description: each header's
/// look follows its column's role.
pub(super) fn header_row(
    ws: &mut Worksheet,
    row: u32,
    columns: &[ReportColumn],
) -> Result<(), XlsxError> {
    ws.set_row_height(row, 32)?;
    for (i, c) in columns.iter().enumerate() {
        ws.write_string_with_format(row, col_at(i), c.name, &header_format(c.role))?;
    }
    Ok(())
}

/// The total row of the summary: sums of the rows above it, the overall attainment.
pub(super) fn total_line(
    ws: &mut Worksheet,
    ctx: &Ctx,
    (first_row, row): (u32, u32),
) -> Result<(), XlsxError> {
    let f = ctx.funding;
    let total_fmt = |k| {
        kind_format(k)
            .set_background_color(Color::RGB(palette::COMPUTED))
            .set_bold()
            .set_border_top(FormatBorder::Double)
    };
    let label = boxed(base().set_bold()).set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, sum_col::MISSION, &ctx.texts.synthese.total, &label)?;
    ws.write_blank(row, sum_col::PRORATA, &total_fmt(Kind::Percent))?;
    let variable: Decimal = f.variable();
    let variable_max: Decimal = f.variable_max();
    let sums = [
        (sum_col::FIXED, f.operating + f.fixed()),
        (sum_col::ACTIVATION, f.activation()),
        (sum_col::VARIABLE_MAX, variable_max),
        (sum_col::VARIABLE, variable),
        (sum_col::TOTAL, f.total),
        (sum_col::MAX, f.max),
    ];
    let (a, b) = (first_row + 1, row);
    for (col, cached) in sums {
        let letter = column_number_to_name(col);
        let formula = Formula::new(format!("SUM({letter}{a}:{letter}{b})"))
            .set_result(format!("{cached:.2}"));
        ws.write_formula_with_format(row, col, formula, &total_fmt(Kind::Euros))?;
    }
    let year_mark = if f.to_confirm.is_empty() {
        ""
    } else {
        funding::confirm::MARK
    };
    let flag = to_confirm_format()
        .set_bold()
        .set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, sum_col::TO_CONFIRM, year_mark, &flag)?;
    let t = row + 1;
    let rate =
        Formula::new(format!("IF(E{t}=0,0,F{t}/E{t})")).set_result(ratio(variable, variable_max));
    ws.write_formula_with_format(row, sum_col::RATE, rate, &total_fmt(Kind::Percent))?;
    Ok(())
}

pub(super) fn attainment_chart(
    ws: &mut Worksheet,
    t: &crate::workbook::texts::SummaryTexts,
    (a, b): (u32, u32),
    at: u32,
) -> Result<(), XlsxError> {
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_categories((
            layout::SHEET_SUMMARY,
            a,
            sum_col::MISSION,
            b,
            sum_col::MISSION,
        ))
        .set_values((layout::SHEET_SUMMARY, a, sum_col::RATE, b, sum_col::RATE))
        .set_name(t.serie.as_str())
        .set_format(
            ChartFormat::new().set_solid_fill(
                ChartSolidFill::new().set_color(Color::RGB(palette::COMPUTED_HEADER)),
            ),
        )
        .set_data_label(ChartDataLabel::new().show_value().set_num_format(PERCENT));
    chart.title().set_name(t.graphique.as_str());
    chart
        .x_axis()
        .set_num_format(PERCENT_AXIS)
        .set_min(0.0)
        .set_max(1.0);
    chart.y_axis().set_reverse();
    chart.legend().set_hidden();
    chart.set_width(760).set_height(300);
    ws.insert_chart(at, 0, &chart)?;
    Ok(())
}

/// The payment calendar; variable payments follow the live `Variable obtenu` cells.
/// Laid out on the summary's columns: label (A), date (B), amount (C), situation (D:F).
pub(super) fn calendar_block(
    ws: &mut Worksheet,
    ctx: &Ctx,
    missions: &[&funding::MissionFunding],
    first_row: u32,
    at: u32,
) -> Result<u32, XlsxError> {
    let t = &ctx.texts.synthese;
    ws.write_string_with_format(at, 0, &t.calendrier, &heading())?;
    let head = at + 1;
    let columns = summary::CALENDAR.columns;
    header_row(ws, head, &columns[..3])?;
    let situation_head = header_format(Role::Fixed);
    ws.merge_range(head, 3, head, 5, columns[3].name, &situation_head)?;
    ws.write_string_with_format(head, 6, columns[4].name, &situation_head)?;
    let flag = to_confirm_format();
    let text = kind_format(Kind::Text);
    let date = kind_format(Kind::Date);
    let euros = kind_format(Kind::Euros).set_background_color(Color::RGB(palette::COMPUTED));
    let mut row = head + 1;
    for p in &ctx.funding.payments {
        ws.write_string_with_format(row, 0, &p.label, &text)?;
        ws.write_date_with_format(row, 1, p.date, &date)?;
        let variable_row = p
            .mission
            .filter(|_| p.kind == PaymentKind::Variable)
            .and_then(|code| missions.iter().position(|m| m.code == code))
            .map(|i| first_row + 1 + crate::workbook::layout::row_at(i));
        match variable_row {
            Some(r) => {
                let formula = Formula::new(format!("F{r}")).set_result(format!("{:.2}", p.amount));
                ws.write_formula_with_format(row, 2, formula, &euros)?
            }
            None => {
                ws.write_number_with_format(row, 2, p.amount.to_f64().unwrap_or(0.0), &euros)?
            }
        };
        let situation = if p.kind.during_the_year() && p.date <= ctx.period.start {
            &t.avance_debut
        } else if p.kind.during_the_year() {
            &t.avance
        } else {
            &t.solde
        };
        ws.merge_range(row, 3, row, 5, situation, &text)?;
        let marked = funding::confirm::payment_to_confirm(ctx.funding, p);
        let mark = if marked { funding::confirm::MARK } else { "" };
        ws.write_string_with_format(row, 6, mark, &flag)?;
        ws.set_row_height(row, wrapped_height([(p.label.as_str(), 36)]))?;
        row += 1;
    }
    let total = boxed(base().set_bold()).set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, 0, &t.total_annee, &total)?;
    ws.write_blank(row, 1, &total)?;
    let sum = Formula::new(format!("SUM(C{}:C{})", head + 2, row))
        .set_result(format!("{:.2}", ctx.funding.total));
    ws.write_formula_with_format(
        row,
        2,
        sum,
        &euros
            .clone()
            .set_bold()
            .set_border_top(FormatBorder::Double),
    )?;
    let year_mark = if ctx.funding.to_confirm.is_empty() {
        ""
    } else {
        funding::confirm::MARK
    };
    let flag = flag.set_bold().set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, 6, year_mark, &flag)?;
    Ok(row + 1)
}

#[cfg(test)]
mod tests {
    use super::sum_col;
    use crate::workbook::reports::summary::MISSIONS;

    #[test]
    fn the_formulas_columns_are_the_described_ones() {
        for (name, col) in [
            ("Mission", sum_col::MISSION),
            ("Prorata", sum_col::PRORATA),
            ("Fixe (€)", sum_col::FIXED),
            ("Activation crise (€)", sum_col::ACTIVATION),
            ("Variable max (€)", sum_col::VARIABLE_MAX),
            ("Variable obtenu (€)", sum_col::VARIABLE),
            ("Atteinte", sum_col::RATE),
            ("Total obtenu (€)", sum_col::TOTAL),
            ("Maximum (€)", sum_col::MAX),
            ("À confirmer", sum_col::TO_CONFIRM),
        ] {
            assert_eq!(MISSIONS.col(name), col, "{name}");
        }
    }
}
