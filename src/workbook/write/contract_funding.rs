//! The funding table of `Contrat`: one row per envelope with its total for the year, the
//! overall total (the year's maximum, as in `Synthèse`), the parts of accès's fixed amount, and
//! a mark on every amount that rests on a grid figure still « à confirmer ».

use super::Ctx;
use super::style::base;
use super::style::boxed;
use super::style::heading;
use super::style::note;
use super::summary::header_row;
use super::summary::to_confirm_format;
use crate::funding;
use crate::funding::Share;
use crate::funding::confirm;
use crate::mission::Part;
use crate::workbook::layout::col_at;
use crate::workbook::reports::summary;
use crate::workbook::style::{DATE, EUROS, PERCENT, palette};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::FormatBorder;
use rust_xlsxwriter::Formula;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::utility::column_number_to_name;

/// Columns of the funding table, 0-based.
mod col {
    pub(super) const ANNUAL_FIXED: u16 = 3;
    pub(super) const YEAR_FIXED: u16 = 5;
    pub(super) const ACTIVATION: u16 = 7;
    pub(super) const TOTAL: u16 = 8;
    pub(super) const TO_CONFIRM: u16 = 9;

    #[test]
    fn the_formulas_columns_are_the_described_ones() {
        use crate::workbook::reports::summary::ENVELOPES;
        for (name, col) in [
            ("Fixe annuel (€)", ANNUAL_FIXED),
            ("Fixe de l'année (€)", YEAR_FIXED),
            ("Activation crise (€)", ACTIVATION),
            ("Total de l'année (€)", TOTAL),
            ("À confirmer", TO_CONFIRM),
        ] {
            assert_eq!(ENVELOPES.col(name), col, "{name}");
        }
    }
}

fn value(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The mark of the `À confirmer` column: the shares concerned, in French.
fn mark(shares: &[Share]) -> String {
    confirm::shares_label(shares)
}

/// Writes the table from `row` on; returns the next free row.
pub(super) fn funding_table(ws: &mut Worksheet, ctx: &Ctx, mut row: u32) -> Result<u32, XlsxError> {
    let c = ctx.contract;
    let f = ctx.funding;
    let t = &ctx.texts.contrat;
    let label = boxed(base().set_bold());
    let value_fmt = boxed(base()).set_align(FormatAlign::Left);
    let euros = boxed(base()).set_num_format(EUROS);
    let computed = euros
        .clone()
        .set_background_color(Color::RGB(palette::COMPUTED));
    let flag = to_confirm_format();
    ws.write_string_with_format(row, 0, &t.financements, &heading())?;
    row += 1;
    header_row(ws, row, summary::ENVELOPES.columns)?;
    row += 1;
    let first = row;
    // The row total: the year's fixed, variable at most and activation, live.
    let row_total = |ws: &mut Worksheet, row: u32, cached: Decimal| {
        let r = row + 1;
        let formula = Formula::new(format!("SUM(F{r}:H{r})")).set_result(format!("{cached:.2}"));
        ws.write_formula_with_format(row, col::TOTAL, formula, &computed)
            .map(drop)
    };
    ws.write_string_with_format(row, 0, &t.fonctionnement, &label)?;
    ws.write_blank(row, 1, &value_fmt)?;
    ws.write_blank(row, 2, &value_fmt)?;
    for col in [col::ANNUAL_FIXED, col::YEAR_FIXED] {
        ws.write_number_with_format(row, col, value(f.operating), &euros)?;
    }
    for col in [4, 6, col::ACTIVATION] {
        ws.write_blank(row, col, &euros)?;
    }
    row_total(ws, row, f.operating)?;
    let operating = f.to_confirm.iter().any(|k| k == confirm::OPERATING);
    let operating_mark = if operating { confirm::MARK } else { "" };
    ws.write_string_with_format(row, col::TO_CONFIRM, operating_mark, &flag)?;
    row += 1;
    let pct = boxed(base()).set_num_format(PERCENT);
    let date = boxed(base())
        .set_num_format(DATE)
        .set_align(FormatAlign::Left);
    for (m, mf) in c.missions.iter().zip(&f.missions) {
        ws.write_string_with_format(row, 0, m.code.label(), &label)?;
        ws.write_date_with_format(row, 1, m.start, &date)?;
        ws.write_number_with_format(row, 2, value(mf.prorata), &pct)?;
        let amounts = [
            funding::annual_fixed(c, m, ctx.year),
            m.annual(Part::Variable),
            mf.fixed,
            mf.variable_max,
            mf.activation,
        ];
        for (i, a) in amounts.iter().enumerate() {
            ws.write_number_with_format(row, 3 + col_at(i), value(*a), &euros)?;
        }
        row_total(ws, row, mf.max)?;
        ws.write_string_with_format(row, col::TO_CONFIRM, mark(&mf.to_confirm), &flag)?;
        row += 1;
    }
    let total = boxed(base().set_bold()).set_border_top(FormatBorder::Double);
    let total_euros = total.clone().set_num_format(EUROS);
    ws.write_string_with_format(row, 0, &t.total, &total)?;
    ws.write_blank(row, 1, &total)?;
    ws.write_blank(row, 2, &total)?;
    let annual_fixed: Decimal = f.operating
        + c.missions
            .iter()
            .map(|m| funding::annual_fixed(c, m, ctx.year))
            .sum::<Decimal>();
    let annual_variable: Decimal = c.missions.iter().map(|m| m.annual(Part::Variable)).sum();
    let sums = [
        annual_fixed,
        annual_variable,
        f.operating + f.fixed(),
        f.variable_max(),
        f.activation(),
        f.max,
    ];
    for (i, cached) in sums.iter().enumerate() {
        let column = col::ANNUAL_FIXED + col_at(i);
        let letter = column_number_to_name(column);
        let formula = Formula::new(format!("SUM({letter}{}:{letter}{row})", first + 1))
            .set_result(format!("{cached:.2}"));
        let format = if column == col::TOTAL {
            total_euros
                .clone()
                .set_background_color(Color::RGB(palette::COMPUTED))
        } else {
            total_euros.clone()
        };
        ws.write_formula_with_format(row, column, formula, &format)?;
    }
    let year_mark = if f.to_confirm.is_empty() {
        ""
    } else {
        confirm::MARK
    };
    ws.write_string_with_format(row, col::TO_CONFIRM, year_mark, &flag.set_bold())?;
    // A row apart, so that the table ends at its total for whoever reads it to the first
    // empty row.
    row += 2;
    if !f.to_confirm.is_empty() {
        ws.write_string_with_format(row, 0, confirm::EXPLANATION, &note())?;
        row += 2;
    }
    for (m, mf) in c.missions.iter().zip(&f.missions) {
        let parts = confirm::fixed_parts(c, m, ctx.year);
        if parts.len() > 1 {
            row = fixed_breakdown(ws, ctx, (m, mf), row, &euros)? + 1;
        }
    }
    Ok(row)
}

/// The parts of a mission's annual fixed amount (accès: fixe, SNP compensation, SNP
/// supplémentaire) and their live sum, which is the mission's `Fixe annuel (€)`.
fn fixed_breakdown(
    ws: &mut Worksheet,
    ctx: &Ctx,
    (m, mf): (&crate::contract::Mission, &funding::MissionFunding),
    mut row: u32,
    euros: &Format,
) -> Result<u32, XlsxError> {
    let t = &ctx.texts.contrat;
    let title = crate::workbook::texts::fill(&t.detail_fixe, &[("mission", m.code.label().into())]);
    ws.write_string_with_format(row, 0, title, &heading())?;
    row += 1;
    header_row(ws, row, summary::FIXED_PARTS.columns)?;
    row += 1;
    let first = row;
    let text = boxed(base());
    let flag = to_confirm_format();
    for part in &confirm::fixed_parts(ctx.contract, m, ctx.year) {
        ws.write_string_with_format(row, 0, capitalised(part.label()), &text)?;
        ws.write_number_with_format(row, 1, value(m.annual(*part)), euros)?;
        // A part worth nothing this year is not marked, as in the funding.
        let unconfirmed = mf.to_confirm.contains(&Share::Fixed)
            && confirm::rests_on_grid_to_confirm(ctx.contract, m, *part);
        let shown = if unconfirmed { confirm::MARK } else { "" };
        ws.write_string_with_format(row, 2, shown, &flag)?;
        row += 1;
    }
    let total = boxed(base().set_bold()).set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, 0, &t.detail_total, &total)?;
    let cached = funding::annual_fixed(ctx.contract, m, ctx.year);
    let formula =
        Formula::new(format!("SUM(B{}:B{row})", first + 1)).set_result(format!("{cached:.2}"));
    ws.write_formula_with_format(row, 1, formula, &total.clone().set_num_format(EUROS))?;
    ws.write_blank(row, 2, &total)?;
    Ok(row + 1)
}

/// « volet fixe » → « Volet fixe ».
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
