//! Writes the tracking workbook of a contract year (spec §4).
//!
//! Every formula is written with the engine's figure as its cached value, so a viewer that never
//! recalculates shows the right numbers, and Excel or LibreOffice recalculating shows the same.

use super::entries::{Cell, Entries, checkpoint_key, evidence_key};
use super::formulas::{self, RowRefs};
use super::layout::{
    self, CHECKPOINTS, Column, DONE_CHOICES, EVIDENCE, INDICATORS, Kind, QUALITY_CHOICES, Role,
    TableLayout, YES_NO, ind, meta,
};
use super::texts::{Texts, fill, texts};
use crate::contract::{Contract, Direction, Nature, NeutralisationPolicy, Period, Rule, Scope};
use crate::error::Error;
use crate::funding::{self, YearFunding, prorata};
use crate::mission::MissionCode;
use crate::money::{french_number, percent};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatFormula,
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Table, TableColumn, TableStyle, Workbook, Worksheet,
    XlsxError,
};

/// Colours of the workbook, shared by cells, the legend and conditional formats.
mod palette {
    pub const INPUT: u32 = 0xFFF2CC;
    pub const INPUT_HEADER: u32 = 0xFFD966;
    pub const COMPUTED: u32 = 0xDDEBF7;
    pub const COMPUTED_HEADER: u32 = 0x2E75B6;
    pub const FIXED_HEADER: u32 = 0x1F4E78;
    pub const BORDER: u32 = 0xBFBFBF;
    pub const TITLE: u32 = 0x1F4E78;
    pub const GREEN: (u32, u32) = (0xC6EFCE, 0x006100);
    pub const ORANGE: (u32, u32) = (0xFFEB9C, 0x9C5700);
    pub const RED: (u32, u32) = (0xFFC7CE, 0x9C0006);
    pub const GREY: (u32, u32) = (0xE7E6E6, 0x595959);
}

const EUROS: &str = "#,##0.00\\ \"€\"";
const PERCENT: &str = "0.0%";
const DATE: &str = "dd/mm/yyyy";

/// Everything a sheet writer needs.
struct Ctx<'a> {
    contract: &'a Contract,
    year: u32,
    period: Period,
    entries: &'a Entries,
    funding: &'a YearFunding,
    texts: Texts,
    fields: Vec<(&'static str, String)>,
}

impl Ctx<'_> {
    fn text(&self, template: &str) -> String {
        fill(template, &self.fields)
    }
}

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn xl(e: XlsxError) -> Error {
    Error::Io(format!("écriture du classeur impossible : {e}"))
}

/// Builds the workbook of `year` and returns the bytes of the `.xlsx` file.
///
/// `entries` are the values typed in input cells (empty for a blank workbook); `funding` is
/// the engine's result for those entries, written as the formulas' cached values.
pub fn write_workbook(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
) -> Result<Vec<u8>, Error> {
    let period = contract.period(year);
    let ctx = Ctx {
        contract,
        year,
        period,
        entries,
        funding,
        texts: texts(),
        fields: fields(contract, year, period),
    };
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let properties = DocProperties::new()
        .set_title(ctx.text(&ctx.texts.titre))
        .set_subject(ctx.text(&ctx.texts.sous_titre))
        .set_author("cpts-aci")
        .set_creation_datetime(&contract.terms.signature);
    wb.set_properties(&properties);
    readme_sheet(&mut wb, &ctx).map_err(xl)?;
    contract_sheet(&mut wb, &ctx).map_err(xl)?;
    indicators_sheet(&mut wb, &ctx).map_err(xl)?;
    evidence_sheet(&mut wb, &ctx).map_err(xl)?;
    checkpoints_sheet(&mut wb, &ctx).map_err(xl)?;
    summary_sheet(&mut wb, &ctx).map_err(xl)?;
    meta_sheet(&mut wb, &ctx).map_err(xl)?;
    wb.save_to_buffer().map_err(xl)
}

fn fields(contract: &Contract, year: u32, period: Period) -> Vec<(&'static str, String)> {
    let t = texts();
    let neutralisation = match contract.terms.neutralisation {
        NeutralisationPolicy::Exclu => t.neutralisation_exclu,
        NeutralisationPolicy::Verse => t.neutralisation_verse,
        NeutralisationPolicy::Nul => t.neutralisation_nul,
    };
    vec![
        ("cpts", contract.cpts.name.clone()),
        ("annee", year.to_string()),
        ("debut", date_fr(period.start)),
        ("fin", date_fr(period.end)),
        ("signature", date_fr(contract.terms.signature)),
        ("duree", contract.terms.duration_years.to_string()),
        ("version", env!("CARGO_PKG_VERSION").to_string()),
        ("modele", layout::TEMPLATE_VERSION.to_string()),
        ("partielle", percent(contract.terms.partial_share)),
        ("neutralisation", neutralisation),
    ]
}

fn base() -> Format {
    Format::new().set_font_name("Calibri").set_font_size(11)
}

fn title() -> Format {
    base()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(palette::TITLE))
}

fn heading() -> Format {
    base()
        .set_bold()
        .set_font_size(12)
        .set_font_color(Color::RGB(palette::TITLE))
}

fn note() -> Format {
    base().set_italic().set_font_color(Color::RGB(0x595959))
}

fn boxed(f: Format) -> Format {
    f.set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(palette::BORDER))
}

fn kind_format(kind: Kind) -> Format {
    let f = boxed(base()).set_align(FormatAlign::Top);
    match kind {
        Kind::Euros => f.set_num_format(EUROS),
        Kind::Percent => f.set_num_format(PERCENT),
        Kind::Date => f.set_num_format(DATE).set_align(FormatAlign::Center),
        Kind::YesNo => f.set_align(FormatAlign::Center),
        Kind::Text => f.set_text_wrap(),
        Kind::Number | Kind::Observed => f,
    }
}

/// The format of a table cell, from its column's role and kind.
fn cell_format(column: &Column) -> Format {
    let f = kind_format(column.kind);
    match column.role {
        Role::Input => f
            .set_background_color(Color::RGB(palette::INPUT))
            .set_unlocked(),
        Role::Computed => f.set_background_color(Color::RGB(palette::COMPUTED)),
        Role::Fixed => f,
    }
}

fn header_format(column: &Column) -> Format {
    let (fill, font) = match column.role {
        Role::Input => (palette::INPUT_HEADER, 0x000000),
        Role::Computed => (palette::COMPUTED_HEADER, 0xFFFFFF),
        Role::Fixed => (palette::FIXED_HEADER, 0xFFFFFF),
    };
    boxed(base())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
}

/// Sheet protection without password; sorting and filtering stay possible.
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        sort: true,
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn print_setup(ws: &mut Worksheet, ctx: &Ctx, repeat_row: Option<u32>) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let name = ctx.contract.cpts.name.replace('&', "&&");
    ws.set_header(format!("&L{name}&RAnnée {} du contrat", ctx.year));
    ws.set_footer("&Lcpts-aci&RPage &P / &N");
    if let Some(row) = repeat_row {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// What goes in one cell of a table.
enum Out {
    /// A value.
    Value(Cell),
    /// A formula and its cached value.
    Formula(String, String),
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    out: &Out,
    f: &Format,
) -> Result<(), XlsxError> {
    match out {
        Out::Value(Cell::Empty) => ws.write_blank(row, col, f).map(drop),
        Out::Value(Cell::Number(x)) => ws.write_number_with_format(row, col, *x, f).map(drop),
        // Strings are always written as strings: a value typed as `=…` never becomes a formula.
        Out::Value(Cell::Text(t)) => ws.write_string_with_format(row, col, t, f).map(drop),
        Out::Value(Cell::Date(d)) => ws.write_date_with_format(row, col, d, f).map(drop),
        Out::Value(Cell::Bool(b)) => ws.write_boolean_with_format(row, col, *b, f).map(drop),
        Out::Formula(formula, cached) => {
            let formula = Formula::new(formula).set_result(cached);
            ws.write_formula_with_format(row, col, formula, f).map(drop)
        }
    }
}

fn text(s: impl Into<String>) -> Out {
    Out::Value(Cell::Text(s.into()))
}

fn number(d: Option<Decimal>) -> Out {
    Out::Value(d.and_then(|d| d.to_f64()).map_or(Cell::Empty, Cell::Number))
}

/// Writes a titled sheet holding one Excel table, its formats, validations and print setup.
/// `rows` give every cell of every row; `choices` the list of the `Réalisé` cell of a row.
fn table_sheet(
    wb: &mut Workbook,
    ctx: &Ctx,
    layout: &TableLayout,
    heading_lines: (String, String),
    rows: Vec<Vec<Out>>,
    choices: &dyn Fn(usize) -> Option<&'static [&'static str]>,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout.sheet)?;
    ws.write_string_with_format(0, 0, &heading_lines.0, &title())?;
    ws.write_string_with_format(1, 0, &heading_lines.1, &note())?;
    let header = layout.header_row;
    let first = layout.first_data_row();
    // An Excel table needs at least one data row.
    let last = first + u32::try_from(rows.len().max(1)).unwrap_or(u32::MAX) - 1;
    let formats: Vec<Format> = layout.columns.iter().map(cell_format).collect();
    for (i, row) in rows.iter().enumerate() {
        let r = first + u32::try_from(i).unwrap_or(0);
        for (c, out) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(0);
            write_cell(ws, r, col, out, &formats[c])?;
        }
        ws.set_row_height(r, row_height(layout, row))?;
    }
    if rows.is_empty() {
        for (c, f) in formats.iter().enumerate() {
            ws.write_blank(first, u16::try_from(c).unwrap_or(0), f)?;
        }
    }
    let columns: Vec<TableColumn> = layout
        .columns
        .iter()
        .map(|c| {
            TableColumn::new()
                .set_header(c.name)
                .set_header_format(header_format(c))
        })
        .collect();
    let table = Table::new()
        .set_name(layout.name)
        .set_style(TableStyle::Light1)
        .set_columns(&columns);
    let last_col = u16::try_from(layout.columns.len() - 1).unwrap_or(0);
    ws.add_table(header, 0, last, last_col, &table)?;
    ws.set_row_height(header, 32)?;
    for (c, column) in layout.columns.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(0);
        ws.set_column_width(col, column.width)?;
        if column.role == Role::Input {
            validate_input(ws, ctx, column, col, (first, last), choices)?;
        }
    }
    ws.set_freeze_panes(first, 1)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// Neither Excel nor LibreOffice grows a row for wrapped text written by a program, so the
/// height is set from the longest text for its column width.
fn row_height(layout: &TableLayout, row: &[Out]) -> f64 {
    let lines = layout
        .columns
        .iter()
        .zip(row)
        .filter_map(|(column, out)| match out {
            Out::Value(Cell::Text(t)) if column.kind == Kind::Text => {
                let per_line = (column.width * 1.1).max(1.0) as usize;
                Some(t.chars().count().div_ceil(per_line).max(1))
            }
            _ => None,
        })
        .max()
        .unwrap_or(1);
    (15.0 * lines as f64 + 3.0).max(18.0)
}

fn validate_input(
    ws: &mut Worksheet,
    ctx: &Ctx,
    column: &Column,
    col: u16,
    (first, last): (u32, u32),
    choices: &dyn Fn(usize) -> Option<&'static [&'static str]>,
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
                date_fr(ctx.period.start),
                date_fr(ctx.period.end)
            );
            ws.add_data_validation(first, col, last, col, &error(v, &message)?)?;
        }
        Kind::Observed => {
            for row in first..=last {
                let index = usize::try_from(row - first).unwrap_or(0);
                let v = match choices(index) {
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

fn readme_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let t = &ctx.texts;
    let ws = wb.add_worksheet().set_name(layout::SHEET_README)?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(0, 0, ctx.text(&t.titre), &title())?;
    ws.write_string_with_format(1, 0, ctx.text(&t.sous_titre), &heading())?;
    let wrap = base().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = 3;
    for block in &t.blocs {
        ws.write_string_with_format(row, 0, ctx.text(&block.titre), &heading())?;
        row += 1;
        for line in &block.lignes {
            let line = ctx.text(line);
            ws.write_string_with_format(row, 0, format!("• {line}"), &wrap)?;
            let height = 15.0 * (1.0 + (line.chars().count() / 105) as f64);
            ws.set_row_height(row, height)?;
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

fn legend(t: &Texts) -> Vec<(String, Format)> {
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

fn contract_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let c = ctx.contract;
    let ws = wb.add_worksheet().set_name(layout::SHEET_CONTRACT)?;
    ws.write_string_with_format(0, 0, ctx.text(&ctx.texts.titre_contrat), &title())?;
    let label = boxed(base().set_bold());
    let value = boxed(base()).set_align(FormatAlign::Left);
    let euros = boxed(base()).set_num_format(EUROS);
    let mut row = 2;
    let mut pairs =
        |ws: &mut Worksheet, head: &str, items: Vec<(&str, String)>| -> Result<(), XlsxError> {
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
    pairs(
        ws,
        "Identité de la CPTS",
        vec![
            ("Nom", c.cpts.name.clone()),
            ("Identifiant (SIRET ou FINESS)", c.cpts.identifier.clone()),
            ("Département", c.cpts.departement.clone()),
            ("Région", c.cpts.region.clone()),
            ("CPAM", c.cpts.cpam.clone()),
            ("ARS", c.cpts.ars.clone()),
            ("Population couverte", population),
            ("Taille", c.size.get().to_string()),
        ],
    )?;
    let prorata_mode = match c.terms.prorata {
        crate::contract::ProrataMode::Jours => "en jours exacts",
        crate::contract::ProrataMode::Mois => "en mois entamés",
    };
    let policy = match c.terms.neutralisation {
        NeutralisationPolicy::Exclu => "exclu du calcul (les autres lignes se partagent son poids)",
        NeutralisationPolicy::Verse => "versé comme atteint",
        NeutralisationPolicy::Nul => "non versé",
    };
    pairs(
        ws,
        "Contrat",
        vec![
            ("Date de signature", date_fr(c.terms.signature)),
            ("Durée", format!("{} ans", c.terms.duration_years)),
            (
                "Année de ce classeur",
                format!(
                    "{} (du {} au {})",
                    ctx.year,
                    date_fr(ctx.period.start),
                    date_fr(ctx.period.end)
                ),
            ),
            ("Prorata en cours d'année", prorata_mode.to_string()),
            ("Indicateur neutralisé", policy.to_string()),
            (
                "Part versée si « Partiellement atteint »",
                percent(c.terms.partial_share),
            ),
            (
                "Grille nationale",
                format!("{} ({})", c.grid.label, c.grid.id),
            ),
        ],
    )?;
    ws.write_string_with_format(row, 0, "Financements de l'année", &heading())?;
    row += 1;
    let headers = [
        "Mission",
        "Début",
        "Prorata de l'année",
        "Fixe annuel (€)",
        "Variable annuel (€)",
        "Fixe de l'année (€)",
        "Variable max de l'année (€)",
        "Activation crise (€)",
    ];
    let head_fmt = header_format(&Column {
        name: "",
        role: Role::Fixed,
        kind: Kind::Text,
        width: 0.0,
        help_title: "",
        help: "",
    });
    ws.set_row_height(row, 32)?;
    for (i, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, u16::try_from(i).unwrap_or(0), *h, &head_fmt)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Fonctionnement", &label)?;
    ws.write_blank(row, 1, &value)?;
    ws.write_blank(row, 2, &value)?;
    for col in [3, 5] {
        ws.write_number_with_format(
            row,
            col,
            ctx.funding.operating.to_f64().unwrap_or(0.0),
            &euros,
        )?;
    }
    row += 1;
    let pct = boxed(base()).set_num_format(PERCENT);
    let date = boxed(base())
        .set_num_format(DATE)
        .set_align(FormatAlign::Left);
    for (m, f) in c.missions.iter().zip(&ctx.funding.missions) {
        let annual_variable = m.annual(crate::mission::Part::Variable);
        ws.write_string_with_format(row, 0, m.code.label(), &label)?;
        ws.write_date_with_format(row, 1, m.start, &date)?;
        ws.write_number_with_format(row, 2, f.prorata.to_f64().unwrap_or(0.0), &pct)?;
        let amounts = [
            funding::annual_fixed(c, m, ctx.year),
            annual_variable,
            f.fixed,
            f.variable_max,
            f.activation,
        ];
        for (i, a) in amounts.iter().enumerate() {
            ws.write_number_with_format(
                row,
                3 + u16::try_from(i).unwrap_or(0),
                a.to_f64().unwrap_or(0.0),
                &euros,
            )?;
        }
        row += 1;
    }
    ws.set_column_width(0, 40)?;
    for col in 1..=7 {
        ws.set_column_width(col, 15)?;
    }
    print_setup(ws, ctx, None)?;
    protect(ws);
    Ok(())
}

fn scope_label(s: Scope) -> &'static str {
    match s {
        Scope::National => "National",
        Scope::Local => "Local",
    }
}

fn nature_label(n: Nature) -> &'static str {
    match n {
        Nature::Moyens => "Moyens",
        Nature::Resultat => "Résultat",
    }
}

fn rule_label(r: Rule) -> &'static str {
    match r {
        Rule::Binaire => "Binaire",
        Rule::Lineaire => "Linéaire",
        Rule::Paliers => "Paliers",
        Rule::Qualitatif => "Qualitatif",
    }
}

fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Hausse => "Hausse",
        Direction::Baisse => "Baisse",
    }
}

/// The choice list of a line's `Réalisé` cell, when it is not a number.
pub fn observed_choices(line: crate::contract::Line<'_>) -> Option<&'static [&'static str]> {
    match line.indicator.rule {
        Rule::Binaire if line.terms.target.is_none() => Some(&DONE_CHOICES),
        Rule::Qualitatif => Some(&QUALITY_CHOICES),
        _ => None,
    }
}

/// The year's lines in workbook order: by mission (contract order), then contract order.
fn ordered_lines<'a>(
    ctx: &Ctx<'a>,
) -> Vec<(
    crate::contract::Line<'a>,
    &'a funding::LineFunding,
    &'a funding::MissionFunding,
)> {
    let lines = ctx.contract.lines(ctx.year);
    ctx.funding
        .missions
        .iter()
        .flat_map(|m| m.indicators.iter().map(move |l| (l, m)))
        .filter_map(|(l, m)| {
            let line = lines.iter().find(|x| x.indicator.code == l.code)?;
            Some((*line, l, m))
        })
        .collect()
}

fn indicators_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let lines = ordered_lines(ctx);
    let first = INDICATORS.first_data_row();
    let last = first + u32::try_from(lines.len().max(1)).unwrap_or(1) - 1;
    let mut rows = Vec::new();
    for (i, (line, lf, mf)) in lines.iter().enumerate() {
        let at = RowRefs {
            row: first + u32::try_from(i).unwrap_or(0),
            first,
            last,
        };
        let ind_ = line.indicator;
        let mission = ctx
            .contract
            .mission(ind_.mission)
            .expect("a line's mission is signed");
        let p = prorata(ctx.contract, mission, ctx.year);
        let entry = |column| Out::Value(ctx.entries.get(&INDICATORS, &ind_.code, column).clone());
        let row = INDICATORS
            .columns
            .iter()
            .map(|c| match c.name {
                ind::CODE => text(&ind_.code),
                ind::MISSION => text(mf.code.label()),
                ind::LABEL => text(&ind_.label),
                ind::SCOPE => text(scope_label(ind_.scope)),
                ind::NATURE => text(nature_label(ind_.nature)),
                ind::RULE => text(rule_label(ind_.rule)),
                ind::DIRECTION => text(direction_label(ind_.direction)),
                ind::BASELINE => number(ind_.baseline),
                ind::TARGET => number(line.terms.target),
                ind::WEIGHT => number(Some(line.terms.weight)),
                ind::SOURCE => text(&ind_.source),
                ind::ATTAINMENT => Out::Formula(
                    formulas::attainment(ctx.contract, *line, at),
                    lf.attainment.to_string(),
                ),
                ind::AMOUNT => Out::Formula(
                    formulas::amount(ctx.contract, p, at),
                    format!("{:.2}", lf.amount),
                ),
                input => entry(input),
            })
            .collect();
        rows.push(row);
    }
    let headings = (
        ctx.text(&ctx.texts.titre_indicateurs),
        ctx.text(&ctx.texts.aide_indicateurs),
    );
    let choices = |i: usize| {
        lines
            .get(i)
            .and_then(|(line, _, _)| observed_choices(*line))
    };
    table_sheet(wb, ctx, &INDICATORS, headings, rows, &choices)?;
    let ws = wb.worksheet_from_name(layout::SHEET_INDICATORS)?;
    traffic_lights(
        ws,
        INDICATORS.col(ind::ATTAINMENT),
        (first, last),
        Some(INDICATORS.col(ind::NEUTRALISED)),
    )?;
    Ok(())
}

/// Green at 100 %, orange in between, red at 0 or missing; grey when the line is neutralised.
fn traffic_lights(
    ws: &mut Worksheet,
    col: u16,
    (first, last): (u32, u32),
    neutralised: Option<u16>,
) -> Result<(), XlsxError> {
    let fill = |(bg, fg): (u32, u32)| {
        Format::new()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    };
    if let Some(n) = neutralised {
        let flag = format!("=${}{}=\"Oui\"", column_number_to_name(n), first + 1);
        let rule = ConditionalFormatFormula::new()
            .set_rule(flag.as_str())
            .set_format(fill(palette::GREY))
            .set_stop_if_true(true);
        ws.add_conditional_format(first, col, last, col, &rule)?;
    }
    let cell = |rule, colours| {
        ConditionalFormatCell::new()
            .set_rule(rule)
            .set_format(fill(colours))
            .set_stop_if_true(true)
    };
    ws.add_conditional_format(
        first,
        col,
        last,
        col,
        &cell(
            ConditionalFormatCellRule::GreaterThanOrEqualTo(1.0),
            palette::GREEN,
        ),
    )?;
    ws.add_conditional_format(
        first,
        col,
        last,
        col,
        &cell(ConditionalFormatCellRule::GreaterThan(0.0), palette::ORANGE),
    )?;
    ws.add_conditional_format(
        first,
        col,
        last,
        col,
        &cell(
            ConditionalFormatCellRule::LessThanOrEqualTo(0.0),
            palette::RED,
        ),
    )?;
    Ok(())
}

/// The expected pieces of evidence of the year: each line's, then the crisis mission's.
pub fn expected_evidence(contract: &Contract, year: u32) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = contract
        .lines(year)
        .iter()
        .flat_map(|l| {
            l.indicator
                .evidence
                .iter()
                .map(|e| (l.indicator.code.clone(), e.clone()))
        })
        .collect();
    if let Some(crisis) = contract.mission(MissionCode::Crise) {
        let period = contract.period(year);
        if crisis.start <= period.end {
            let plan = if contract.year_of(crisis.start) == Some(year) {
                "Plan de réponse aux crises sanitaires graves (modèle national)"
            } else {
                "Mise à jour annuelle du plan de crise"
            };
            out.push(("CRISE".into(), plan.into()));
            if contract.year_settings(year).crisis_recognised {
                out.push((
                    "CRISE".into(),
                    "Preuve de la mise en œuvre du plan pendant la crise reconnue par l'ARS".into(),
                ));
            }
        }
    }
    out
}

fn evidence_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let rows = expected_evidence(ctx.contract, ctx.year)
        .into_iter()
        .map(|(code, piece)| {
            let key = evidence_key(&code, &piece);
            EVIDENCE
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::evid::CODE => text(&code),
                    layout::evid::PIECE => text(&piece),
                    input => Out::Value(ctx.entries.get(&EVIDENCE, &key, input).clone()),
                })
                .collect()
        })
        .collect();
    let headings = (
        ctx.text(&ctx.texts.titre_justificatifs),
        ctx.text(&ctx.texts.aide_justificatifs),
    );
    table_sheet(wb, ctx, &EVIDENCE, headings, rows, &|_| None)
}

/// The checkpoints of a year: one a quarter, and the last one a month before the anniversary.
pub fn planned_checkpoints(period: Period) -> Vec<(NaiveDate, &'static str)> {
    let at = |months| {
        period
            .start
            .checked_add_months(Months::new(months))
            .unwrap_or(period.end)
    };
    vec![
        (at(3), "Point d'étape du 1er trimestre"),
        (at(6), "Point d'étape du 2e trimestre"),
        (at(9), "Point d'étape du 3e trimestre"),
        (at(11), "Point préalable au dialogue de gestion"),
    ]
}

fn checkpoints_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let rows = planned_checkpoints(ctx.period)
        .into_iter()
        .map(|(date, subject)| {
            let key = checkpoint_key(date);
            CHECKPOINTS
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::step::PLANNED => Out::Value(Cell::Date(date)),
                    layout::step::SUBJECT if !ctx.entries.has(&CHECKPOINTS, &key, c.name) => {
                        text(subject)
                    }
                    input => Out::Value(ctx.entries.get(&CHECKPOINTS, &key, input).clone()),
                })
                .collect()
        })
        .collect();
    let headings = (
        ctx.text(&ctx.texts.titre_points),
        ctx.text(&ctx.texts.aide_points),
    );
    table_sheet(wb, ctx, &CHECKPOINTS, headings, rows, &|_| None)
}

fn summary_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let f = ctx.funding;
    let ws = wb.add_worksheet().set_name(layout::SHEET_SUMMARY)?;
    ws.write_string_with_format(0, 0, ctx.text(&ctx.texts.titre_synthese), &title())?;
    ws.write_string_with_format(1, 0, ctx.text(&ctx.texts.aide_synthese), &note())?;
    let heads = [
        ("Mission", Role::Fixed),
        ("Prorata", Role::Fixed),
        ("Fixe (€)", Role::Fixed),
        ("Activation crise (€)", Role::Fixed),
        ("Variable max (€)", Role::Fixed),
        ("Variable obtenu (€)", Role::Computed),
        ("Atteinte", Role::Computed),
        ("Total obtenu (€)", Role::Computed),
        ("Maximum (€)", Role::Fixed),
    ];
    let header = 3;
    ws.set_row_height(header, 32)?;
    for (i, (name, role)) in heads.iter().enumerate() {
        let column = Column {
            name,
            role: *role,
            kind: Kind::Text,
            width: 0.0,
            help_title: "",
            help: "",
        };
        ws.write_string_with_format(
            header,
            u16::try_from(i).unwrap_or(0),
            *name,
            &header_format(&column),
        )?;
    }
    let label = boxed(base().set_bold());
    let euros = kind_format(Kind::Euros);
    let computed = |k| kind_format(k).set_background_color(Color::RGB(palette::COMPUTED));
    let pct = kind_format(Kind::Percent);
    let value = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let ind_col = |name| column_number_to_name(INDICATORS.col(name));
    let (first, last) = (
        INDICATORS.first_data_row() + 1,
        INDICATORS.first_data_row()
            + u32::try_from(ctx.contract.lines(ctx.year).len().max(1)).unwrap_or(1),
    );
    let mut row = header + 1;
    let first_row = row;
    for m in &f.missions {
        let r = row + 1;
        ws.write_string_with_format(row, 0, m.code.label(), &label)?;
        ws.write_number_with_format(row, 1, value(m.prorata), &pct)?;
        ws.write_number_with_format(row, 2, value(m.fixed), &euros)?;
        ws.write_number_with_format(row, 3, value(m.activation), &euros)?;
        ws.write_number_with_format(row, 4, value(m.variable_max), &euros)?;
        let earned = format!(
            "SUMIFS(Indicateurs!${a}${first}:${a}${last},Indicateurs!${b}${first}:${b}${last},A{r})",
            a = ind_col(ind::AMOUNT),
            b = ind_col(ind::MISSION)
        );
        ws.write_formula_with_format(
            row,
            5,
            Formula::new(earned).set_result(format!("{:.2}", m.variable)),
            &computed(Kind::Euros),
        )?;
        if m.code.has_variable() {
            let rate = ratio(m.variable, m.variable_max);
            let formula = Formula::new(format!("IF(E{r}=0,0,F{r}/E{r})")).set_result(rate);
            ws.write_formula_with_format(row, 6, formula, &computed(Kind::Percent))?;
        } else {
            let dash = computed(Kind::Percent).set_align(FormatAlign::Right);
            ws.write_string_with_format(row, 6, "—", &dash)?;
        }
        ws.write_formula_with_format(
            row,
            7,
            Formula::new(format!("C{r}+D{r}+F{r}")).set_result(format!("{:.2}", m.total())),
            &computed(Kind::Euros),
        )?;
        ws.write_number_with_format(row, 8, value(m.max), &euros)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Fonctionnement", &label)?;
    ws.write_blank(row, 1, &pct)?;
    ws.write_number_with_format(row, 2, value(f.operating), &euros)?;
    for col in [3, 4] {
        ws.write_number_with_format(row, col, 0.0, &euros)?;
    }
    ws.write_blank(row, 5, &computed(Kind::Euros))?;
    ws.write_blank(row, 6, &computed(Kind::Percent))?;
    let r = row + 1;
    ws.write_formula_with_format(
        row,
        7,
        Formula::new(format!("C{r}")).set_result(format!("{:.2}", f.operating)),
        &computed(Kind::Euros),
    )?;
    ws.write_number_with_format(row, 8, value(f.operating), &euros)?;
    row += 1;
    let total_fmt = |k| computed(k).set_bold().set_border_top(FormatBorder::Double);
    ws.write_string_with_format(
        row,
        0,
        "Total",
        &label.clone().set_border_top(FormatBorder::Double),
    )?;
    ws.write_blank(row, 1, &total_fmt(Kind::Percent))?;
    let (a, b) = (first_row + 1, row);
    let variable: Decimal = f.missions.iter().map(|m| m.variable).sum();
    let variable_max: Decimal = f.missions.iter().map(|m| m.variable_max).sum();
    let sums = [
        (
            2,
            f.operating + f.missions.iter().map(|m| m.fixed).sum::<Decimal>(),
        ),
        (3, f.missions.iter().map(|m| m.activation).sum()),
        (4, variable_max),
        (5, variable),
        (7, f.total),
        (8, f.max),
    ];
    for (col, cached) in sums {
        let letter = column_number_to_name(col);
        let formula = Formula::new(format!("SUM({letter}{a}:{letter}{b})"))
            .set_result(format!("{cached:.2}"));
        ws.write_formula_with_format(row, col, formula, &total_fmt(Kind::Euros))?;
    }
    let t = row + 1;
    let formula =
        Formula::new(format!("IF(E{t}=0,0,F{t}/E{t})")).set_result(ratio(variable, variable_max));
    ws.write_formula_with_format(row, 6, formula, &total_fmt(Kind::Percent))?;
    traffic_lights(ws, 6, (first_row, row), None)?;
    ws.set_column_width(0, 34)?;
    for col in 1..=8 {
        ws.set_column_width(col, 15)?;
    }
    ws.set_freeze_panes(header + 1, 1)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// `part / whole` as a cached formula value (0 when there is nothing to reach).
fn ratio(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        "0".into()
    } else {
        (part / whole).round_dp(10).normalize().to_string()
    }
}

fn meta_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout::SHEET_META)?;
    let text = &ctx.contract.text;
    let hash = ctx.contract.sha256();
    let mut rows: Vec<(&str, String)> = vec![
        (meta::FORMAT, layout::WORKBOOK_FORMAT.to_string()),
        (meta::YEAR, ctx.year.to_string()),
        (meta::CONTRACT_SHA256, hash),
        (
            meta::GENERATOR,
            format!("cpts-aci {}", env!("CARGO_PKG_VERSION")),
        ),
        (meta::TEMPLATE, layout::TEMPLATE_VERSION.to_string()),
    ];
    let chars: Vec<char> = text.chars().collect();
    for chunk in chars.chunks(layout::META_CHUNK_CHARS) {
        rows.push((meta::CONTRACT_TEXT, chunk.iter().collect()));
    }
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(i).unwrap_or(0);
        ws.write_string(r, 0, *k)?;
        ws.write_string(r, 1, v)?;
    }
    ws.set_very_hidden(true);
    protect(ws);
    Ok(())
}
