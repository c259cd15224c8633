//! `Lisez-moi`: what is left to do (live), how to send the workbook, what to fill, the colour
//! legend, the year and its dates.

use super::Ctx;
use super::style::base;
use super::style::boxed;
use super::style::heading;
use super::style::note;
use super::style::protect;
use super::style::title;
use super::style::wrapped_height;
use super::table::print_setup;
use crate::fr::typographic;
use crate::workbook::layout;
use crate::workbook::remaining::{self, Remaining, french_euros_text, live};
use crate::workbook::style::palette;
use crate::workbook::texts::Texts;
use crate::workbook::texts::fill;
use rust_xlsxwriter::Color;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::Formula;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
pub(super) fn readme_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let t = &ctx.texts;
    let ws = wb.add_worksheet().set_name(layout::SHEET_README)?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(0, 0, ctx.text(&t.titre), &title())?;
    ws.write_string_with_format(1, 0, ctx.text(&t.sous_titre), &heading())?;
    let wrap = base().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = remaining_block(ws, ctx, 3)?;
    row = sending_block(ws, ctx, row, &wrap)?;
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
        typographic(&format!("{}.", text.trim_end_matches([' ', ':', '.'])))
    });
    for (i, block) in t.blocs.iter().enumerate() {
        let titre = ctx.text(&block.titre);
        ws.write_string_with_format(row, 0, titre, &heading())?;
        row += 1;
        let extra = avenant.iter().filter(|_| i == 0).cloned();
        // `ctx.text` typesets its texts in French; the avenant's sentence is typeset above.
        for line in block.lignes.iter().map(|l| ctx.text(l)).chain(extra) {
            ws.write_string_with_format(row, 0, format!("• {line}"), &wrap)?;
            ws.set_row_height(row, wrapped_height([(line.as_str(), 105)]))?;
            row += 1;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, typographic(&t.titre_legende), &heading())?;
    row += 1;
    for (label, f) in legend(t) {
        ws.write_string_with_format(row, 0, typographic(&label), &f)?;
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

/// « Ce qui reste à faire »: one live line per count, each carrying the count of the entries
/// written as its cached value; returns the next free row.
fn remaining_block(ws: &mut Worksheet, ctx: &Ctx, mut row: u32) -> Result<u32, XlsxError> {
    let r = &ctx.texts.reste;
    // The checkpoints' count is cached as of the year's first day, not the clock's, so that
    // the file stays byte-for-byte reproducible; Excel and LibreOffice recompute `TODAY()` as
    // they open the file.
    let today = ctx.period.start;
    let left = Remaining::of(ctx.contract, ctx.year, ctx.entries, ctx.funding, today);
    let ty = |s: &str| typographic(s);
    ws.write_string_with_format(row, 0, ty(&r.titre), &heading())?;
    row += 1;
    let live_line = boxed(base())
        .set_bold()
        .set_background_color(Color::RGB(palette::COMPUTED));
    let n = remaining::values_formula();
    let euros = remaining::french_euros(&remaining::weight_formula());
    let fields = [("n", n.clone()), ("euros", euros)];
    let values = format!(
        "\"{}\"&IF({n}=0,\"{}\",IF({n}=1,{},{}))",
        ty(&r.valeurs),
        ty(&r.valeurs_rien),
        live(&ty(&r.valeurs_une), &fields),
        live(&ty(&r.valeurs_plusieurs), &fields),
    );
    let cached_fields = [
        ("n", left.values.to_string()),
        ("euros", french_euros_text(left.weight)),
    ];
    let values_cached = ty(&r.valeurs)
        + &match left.values {
            0 => ty(&r.valeurs_rien),
            1 => fill(&ty(&r.valeurs_une), &cached_fields),
            _ => fill(&ty(&r.valeurs_plusieurs), &cached_fields),
        };
    let count = |label: &str, formula: String, cached: usize| {
        let text = format!(
            "\"{}\"&IF({formula}=0,\"{}\",{formula}&\"\")",
            ty(label),
            ty(&r.rien)
        );
        let shown = match cached {
            0 => ty(&r.rien),
            n => n.to_string(),
        };
        (text, format!("{}{shown}", ty(label)))
    };
    let lines = [
        (values, values_cached),
        count(&r.pieces, remaining::pieces_formula(), left.pieces),
        count(
            &r.points,
            remaining::checkpoints_formula(),
            left.checkpoints,
        ),
    ];
    for (formula, cached) in lines {
        ws.write_formula_with_format(row, 0, Formula::new(formula).set_result(cached), &live_line)?;
        ws.set_row_height(row, 18)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, ty(&r.aide), &note())?;
    Ok(row + 2)
}

/// The deadline and the contacts the contract gives, then how to save and send the file.
fn sending_block(
    ws: &mut Worksheet,
    ctx: &Ctx,
    mut row: u32,
    wrap: &Format,
) -> Result<u32, XlsxError> {
    let r = &ctx.texts.reste;
    ws.write_string_with_format(row, 0, typographic(&r.titre_envoi), &heading())?;
    row += 1;
    let mut lines = Vec::new();
    if let Some(date) = ctx.contract.deadline(ctx.year) {
        lines.push(fill(&r.remise, &[("date", crate::fr::date(date))]));
    }
    if !ctx.contract.contacts.is_empty() {
        lines.push(r.contacts.clone());
    }
    let contacts = ctx.contract.contacts.iter().map(|c| {
        let who = [c.role.as_str(), c.name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" : ");
        let reach = [c.email.as_str(), c.phone.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if reach.is_empty() {
            format!("    – {who}")
        } else {
            format!("    – {who} ({reach})")
        }
    });
    let mut written: Vec<String> = lines
        .iter()
        .map(|l| format!("• {}", typographic(l)))
        .collect();
    if !ctx.contract.contacts.is_empty() {
        written.extend(contacts);
    }
    written.extend(r.envoi.iter().map(|l| format!("• {}", ctx.text(l))));
    for line in written {
        ws.write_string_with_format(row, 0, &line, wrap)?;
        ws.set_row_height(row, wrapped_height([(line.as_str(), 105)]))?;
        row += 1;
    }
    Ok(row + 1)
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
