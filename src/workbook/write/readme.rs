//! `Lisez-moi`: what to fill, the colour legend, the year and its dates.

use super::Ctx;
use super::style::base;
use super::style::boxed;
use super::style::heading;
use super::style::note;
use super::style::protect;
use super::style::title;
use super::style::wrapped_height;
use super::table::print_setup;
use crate::workbook::layout;
use crate::workbook::style::palette;
use crate::workbook::texts::Texts;
use crate::workbook::texts::fill;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::XlsxError;
pub(super) fn readme_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let t = &ctx.texts;
    let ws = wb.add_worksheet().set_name(layout::SHEET_README)?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(0, 0, ctx.text(&t.titre), &title())?;
    ws.write_string_with_format(1, 0, ctx.text(&t.sous_titre), &heading())?;
    let wrap = base().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = 3;
    // The avenant that set the year's terms is named in the first paragraph.
    let avenant = ctx.contract.avenant_of_year(ctx.year).map(|a| {
        let fields = [
            ("numero", a.number.to_string()),
            ("signature_avenant", crate::fr::date(a.signature)),
            ("effet", crate::fr::date(a.effect)),
            ("objet", a.object.clone()),
        ];
        let text = fill(&t.avenant, &fields);
        // Without an object the sentence ends at the date.
        format!("{}.", text.trim_end_matches([' ', ':', '.']))
    });
    for (i, block) in t.blocs.iter().enumerate() {
        ws.write_string_with_format(row, 0, ctx.text(&block.titre), &heading())?;
        row += 1;
        let extra = avenant.iter().filter(|_| i == 0).cloned();
        for line in block.lignes.iter().map(|l| ctx.text(l)).chain(extra) {
            ws.write_string_with_format(row, 0, format!("• {line}"), &wrap)?;
            ws.set_row_height(row, wrapped_height([(line.as_str(), 105)]))?;
            row += 1;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, &t.titre_legende, &heading())?;
    row += 1;
    for (label, f) in legend(t) {
        ws.write_string_with_format(row, 0, &label, &f)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, ctx.text(&t.pied), &note())?;
    print_setup(ws, ctx, None)?;
    ws.set_portrait();
    ws.set_active(true);
    protect(ws);
    Ok(())
}

pub(super) fn legend(t: &Texts) -> Vec<(String, Format)> {
    let swatch = |fill: u32, font: u32| {
        boxed(base())
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(font))
    };
    vec![
        (t.legende_saisie.clone(), swatch(palette::INPUT, 0)),
        (t.legende_calcul.clone(), swatch(palette::COMPUTED, 0)),
        (t.legende_contrat.clone(), swatch(0xFFFFFF, 0)),
        (
            t.legende_atteint.clone(),
            swatch(palette::GREEN.0, palette::GREEN.1),
        ),
        (
            t.legende_partiel.clone(),
            swatch(palette::ORANGE.0, palette::ORANGE.1),
        ),
        (
            t.legende_non_atteint.clone(),
            swatch(palette::RED.0, palette::RED.1),
        ),
        (
            t.legende_neutralise.clone(),
            swatch(palette::GREY.0, palette::GREY.1),
        ),
    ]
}
