//! `Contrat`: the CPTS, its dates and choices, and the funding of the year per mission.

use super::Ctx;
use super::style::base;
use super::style::boxed;
use super::style::heading;
use super::style::protect;
use super::style::title;
use super::table::print_setup;
use crate::contract::Direction;
use crate::contract::Nature;
use crate::contract::NeutralisationPolicy;
use crate::contract::Rule;
use crate::contract::Scope;
use crate::fr::french_number;
use crate::fr::percent;
use crate::workbook::layout;
use crate::workbook::reports::summary;
use crate::workbook::texts::fill;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
pub(super) fn contract_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let c = ctx.contract;
    let ws = wb.add_worksheet().set_name(layout::SHEET_CONTRACT)?;
    ws.write_string_with_format(0, 0, ctx.text(&ctx.texts.titre_contrat), &title())?;
    let label = boxed(base().set_bold());
    let value = boxed(base()).set_align(FormatAlign::Left);
    let mut row = 2;
    let mut pairs =
        |ws: &mut Worksheet, head: &str, items: Vec<(&String, String)>| -> Result<(), XlsxError> {
            ws.write_string_with_format(row, 0, head, &heading())?;
            row += 1;
            for (k, v) in items {
                ws.write_string_with_format(row, 0, k, &label)?;
                ws.merge_range(row, 1, row, 4, &v, &value)?;
                row += 1;
            }
            row += 1;
            Ok(())
        };
    let population = c
        .cpts
        .population
        .map(|p| french_number(p.into(), 0))
        .unwrap_or_default();
    let t = &ctx.texts.contrat;
    pairs(
        ws,
        &t.identite,
        vec![
            (&t.nom, c.cpts.name.clone()),
            (&t.identifiant, c.cpts.identifier.clone()),
            (&t.departement, c.cpts.departement.clone()),
            (&t.region, c.cpts.region.clone()),
            (&t.cpam, c.cpts.cpam.clone()),
            (&t.ars, c.cpts.ars.clone()),
            (&t.population, population),
            (&t.taille, c.size.get().to_string()),
        ],
    )?;
    let prorata_mode = match c.terms.prorata {
        crate::contract::ProrataMode::Jours => &t.prorata_jours,
        crate::contract::ProrataMode::Mois => &t.prorata_mois,
    };
    let policy = match c.terms.neutralisation {
        NeutralisationPolicy::Exclu => &t.neutralisation_exclu,
        NeutralisationPolicy::Verse => &t.neutralisation_verse,
        NeutralisationPolicy::Nul => &t.neutralisation_nul,
    };
    let year = fill(
        &t.annee_valeur,
        &[
            ("annee", ctx.year.to_string()),
            ("debut", crate::fr::date(ctx.period.start)),
            ("fin", crate::fr::date(ctx.period.end)),
        ],
    );
    let duration = fill(
        &t.duree_valeur,
        &[("duree", c.terms.duration_years.to_string())],
    );
    pairs(
        ws,
        &t.contrat,
        vec![
            (&t.signature, crate::fr::date(c.terms.signature)),
            (&t.duree, duration),
            (&t.annee, year),
            (&t.prorata, prorata_mode.clone()),
            (&t.neutralisation, policy.clone()),
            (&t.partielle, percent(c.terms.partial_share)),
            (&t.grille, c.grid.label.clone()),
        ],
    )?;
    super::contract_funding::funding_table(ws, ctx, row)?;
    let tables = [&summary::ENVELOPES, &summary::FIXED_PARTS];
    for (i, width) in crate::workbook::reports::shared_widths(&tables)
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(crate::workbook::layout::col_at(i), width)?;
    }
    print_setup(ws, ctx, None)?;
    protect(ws);
    Ok(())
}

pub(super) fn scope_label(s: Scope) -> &'static str {
    match s {
        Scope::National => "National",
        Scope::Local => "Local",
    }
}

pub(super) fn nature_label(n: Nature) -> &'static str {
    match n {
        Nature::Moyens => "Moyens",
        Nature::Resultat => "Résultat",
    }
}

pub(super) fn rule_label(r: Rule) -> &'static str {
    match r {
        Rule::Binaire => "Binaire",
        Rule::Lineaire => "Linéaire",
        Rule::Paliers => "Paliers",
        Rule::Qualitatif => "Qualitatif",
    }
}

pub(super) fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Hausse => "Hausse",
        Direction::Baisse => "Baisse",
    }
}
