//! What `summarize` adds: the per-indicator detail, `Contrôles`, `Saisies conservées` and
//! the user's own sheets, written back as values.

use super::Ctx;
use super::style::heading;
use super::style::kind_format;
use super::style::note;
use super::style::protect;
use super::style::title;
use super::style::wrapped_height;
use super::summary::header_row;
use super::table::Out;
use super::table::print_setup;
use super::table::write_cell;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::fr::typographic;
use crate::funding::LineStatus;
use crate::funding::explained::explain_year;
use crate::workbook::entries::Cell;
use crate::workbook::entries::ExtraSheet;
use crate::workbook::entries::Kept;
use crate::workbook::layout;
use crate::workbook::layout::Kind;
use crate::workbook::reports::summary;
use crate::workbook::style::{DATE, palette};
use crate::workbook::texts::fill;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::Url;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
/// Characters of the `Barème`, `Il manque` and `Explication` columns on one line of the
/// summary (columns G to I are widened for them: see `summary_sheet`).
pub(super) const EXPLAINED_CHARS: usize = 22;

/// Each indicator's outcome, coloured by status (write-back only: the figures are the engine's).
pub(super) fn detail_block(ws: &mut Worksheet, ctx: &Ctx, at: u32) -> Result<(), XlsxError> {
    let t = &ctx.texts.revue;
    ws.write_string_with_format(at, 0, &t.detail, &heading())?;
    let head = at + 1;
    header_row(ws, head, summary::DETAIL.columns)?;
    let mut row = head + 1;
    let lines = ctx.contract.lines(ctx.year);
    let readings = ctx.entries.readings(ctx.contract, ctx.year);
    let said = explain_year(ctx.contract, ctx.year, ctx.funding, &readings);
    for m in &ctx.funding.missions {
        for l in &m.indicators {
            let (bg, fg) = match l.status {
                LineStatus::Reached => palette::GREEN,
                LineStatus::Partial => palette::ORANGE,
                LineStatus::NotReached | LineStatus::Missing => palette::RED,
                LineStatus::Neutralised | LineStatus::Tracking => palette::GREY,
            };
            let colour = |f: Format| {
                f.set_background_color(Color::RGB(bg))
                    .set_font_color(Color::RGB(fg))
            };
            let label = lines
                .iter()
                .find(|x| x.indicator.code == l.code)
                .map_or("", |x| x.indicator.label.as_str());
            ws.write_string_with_format(row, 0, label, &colour(kind_format(Kind::Text)))?;
            ws.write_string_with_format(row, 1, &l.code, &colour(kind_format(Kind::Text)))?;
            ws.write_number_with_format(
                row,
                2,
                l.year_weight.to_f64().unwrap_or(0.0),
                &colour(kind_format(Kind::Euros)),
            )?;
            ws.write_number_with_format(
                row,
                3,
                l.attainment.to_f64().unwrap_or(0.0),
                &colour(kind_format(Kind::Percent)),
            )?;
            ws.write_number_with_format(
                row,
                4,
                l.amount.to_f64().unwrap_or(0.0),
                &colour(kind_format(Kind::Euros)),
            )?;
            ws.write_string_with_format(
                row,
                5,
                l.status.label(),
                &colour(kind_format(Kind::Text)),
            )?;
            let texts = said.get(&l.code).cloned().unwrap_or_default();
            for (col, text) in [
                (6, &texts.scale),
                (7, &texts.missing),
                (8, &texts.explanation),
            ] {
                ws.write_string_with_format(row, col, text, &colour(kind_format(Kind::Text)))?;
            }
            ws.set_row_height(
                row,
                wrapped_height([
                    (label, 38),
                    (texts.scale.as_str(), EXPLAINED_CHARS),
                    (texts.missing.as_str(), EXPLAINED_CHARS),
                    (texts.explanation.as_str(), EXPLAINED_CHARS),
                ]),
            )?;
            row += 1;
        }
    }
    Ok(())
}

/// `Contrôles`: every finding, with a link to its cell.
pub(super) fn controls_sheet(
    wb: &mut Workbook,
    ctx: &Ctx,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout::SHEET_CONTROLS)?;
    let t = &ctx.texts.revue;
    let title_text = fill(&t.titre_controles, &[("annee", ctx.year.to_string())]);
    ws.write_string_with_format(0, 0, &title_text, &title())?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let summary = match (errors, findings.len() - errors) {
        (0, 0) => t.aucun_probleme.clone(),
        (e, w) => fill(
            &t.problemes,
            &[
                ("erreurs", crate::fr::count(e, "erreur", "erreurs")),
                (
                    "avertissements",
                    crate::fr::count(w, "avertissement", "avertissements"),
                ),
            ],
        ),
    };
    ws.write_string_with_format(1, 0, &summary, &note())?;
    let header = 3;
    header_row(ws, header, summary::CONTROLS.columns)?;
    let wrap = kind_format(Kind::Text);
    for (i, f) in findings.iter().enumerate() {
        let row = header + 1 + crate::workbook::layout::row_at(i);
        let (bg, fg) = match f.severity {
            Severity::Error => palette::RED,
            Severity::Warning => palette::ORANGE,
            Severity::Info => palette::GREY,
        };
        let severity = wrap
            .clone()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
            .set_bold();
        ws.write_string_with_format(row, 0, f.severity.label(), &severity)?;
        ws.write_string_with_format(row, 1, &f.sheet, &wrap)?;
        if f.sheet.is_empty() || f.cell.is_empty() || f.sheet == layout::SHEET_META {
            ws.write_string_with_format(row, 2, &f.cell, &wrap)?;
        } else {
            let target = format!("internal:'{}'!{}", f.sheet.replace('\'', "''"), f.cell);
            let link = wrap
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single);
            ws.write_url_with_format(row, 2, Url::new(target).set_text(&f.cell), &link)?;
        }
        ws.write_string_with_format(row, 3, f.indicator.as_deref().unwrap_or(""), &wrap)?;
        ws.write_string_with_format(row, 4, f.code.label(), &wrap)?;
        ws.write_string_with_format(row, 5, typographic(&f.message), &wrap)?;
        ws.write_string_with_format(row, 6, typographic(&f.hint), &wrap)?;
        match f.stake {
            Some(stake) => {
                let euros = kind_format(Kind::Euros);
                ws.write_number_with_format(row, 7, stake.to_f64().unwrap_or(0.0), &euros)?
            }
            None => ws.write_blank(row, 7, &wrap)?,
        };
        ws.write_string_with_format(row, 8, f.code.as_str(), &wrap)?;
        ws.set_row_height(
            row,
            wrapped_height([(f.message.as_str(), 55), (f.hint.as_str(), 55)]),
        )?;
    }
    for (col, c) in summary::CONTROLS.columns.iter().enumerate() {
        ws.set_column_width(crate::workbook::layout::col_at(col), c.width)?;
    }
    ws.set_freeze_panes(header + 1, 0)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// `Saisies conservées`: entries with no place in the layout, so that nothing typed is lost.
pub(super) fn kept_sheet(wb: &mut Workbook, ctx: &Ctx, kept: &[Kept]) -> Result<(), XlsxError> {
    if kept.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet().set_name(layout::SHEET_KEPT)?;
    let t = &ctx.texts.revue;
    ws.write_string_with_format(0, 0, &t.titre_conservees, &title())?;
    ws.write_string_with_format(1, 0, &t.aide_conservees, &note())?;
    header_row(ws, 3, summary::KEPT.columns)?;
    let text = kind_format(Kind::Text);
    for (i, k) in kept.iter().enumerate() {
        let row = 4 + crate::workbook::layout::row_at(i);
        ws.write_string_with_format(row, 0, &k.sheet, &text)?;
        ws.write_string_with_format(row, 1, &k.cell, &text)?;
        ws.write_string_with_format(row, 2, &k.column, &text)?;
        let format = if matches!(k.value, Cell::Date(_)) {
            kind_format(Kind::Date)
        } else {
            text.clone()
        };
        write_cell(
            ws,
            row,
            3,
            &Out::Value(k.value.clone()),
            &format.set_unlocked(),
        )?;
    }
    for (col, c) in summary::KEPT.columns.iter().enumerate() {
        ws.set_column_width(crate::workbook::layout::col_at(col), c.width)?;
    }
    print_setup(ws, ctx, Some(3))?;
    Ok(())
}

/// A sheet the user added, written back as values (formulas become their values).
pub(super) fn extra_sheet(wb: &mut Workbook, sheet: &ExtraSheet) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(&sheet.name)?;
    let date = Format::new().set_num_format(DATE);
    let plain = Format::new();
    for (row, col, value) in &sheet.cells {
        let format = if matches!(value, Cell::Date(_)) {
            &date
        } else {
            &plain
        };
        write_cell(ws, *row, *col, &Out::Value(value.clone()), format)?;
    }
    Ok(())
}
