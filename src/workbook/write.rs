//! Writes the tracking workbook of a contract year (README, « Le classeur de suivi »).
//!
//! Every formula is written with the engine's figure as its cached value, so a viewer that never
//! recalculates shows the right numbers, and Excel or LibreOffice recalculating shows the same.

use super::entries::{Cell, Entries, checkpoint_key, evidence_key};
use super::formulas::{self, RowRefs};
use super::layout::{
    self, CHECKPOINTS, Column, DONE_CHOICES, EVIDENCE, INDICATORS, Kind, QUALITY_CHOICES, Role,
    TableLayout, YES_NO, ind, meta,
};
use super::read::ExtraSheet;
use super::texts::{Texts, fill, texts};
use crate::check::finding::{Finding, Severity};
use crate::contract::{Contract, Direction, Nature, NeutralisationPolicy, Period, Rule, Scope};
use crate::error::Error;
use crate::funding::LineStatus;
use crate::funding::{self, YearFunding, prorata};
use crate::mission::MissionCode;
use crate::money::{french_number, percent};
use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartSolidFill, ChartType, Color, ConditionalFormatCell,
    ConditionalFormatCellRule, ConditionalFormatFormula, DataValidation, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, IgnoreError,
    ProtectionOptions, Table, TableColumn, TableStyle, Url, Workbook, Worksheet, XlsxError,
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
/// A percentage typed by a user, shown with the decimals it was typed with.
const TYPED_PERCENT: &str = "0.0##%";
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

    /// First and last data rows (0-based) of table `Indicateurs`: one row per line of the
    /// year, and at least one, since an Excel table needs a data row.
    fn indicator_rows(&self) -> (u32, u32) {
        let first = INDICATORS.first_data_row();
        let lines = u32::try_from(self.contract.lines(self.year).len()).unwrap_or(u32::MAX);
        (first, first + lines.max(1) - 1)
    }
}

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn xl(e: XlsxError) -> Error {
    Error::Io(format!("écriture du classeur impossible : {e}"))
}

/// What `summarize` adds to a workbook: the findings and everything typed outside the layout.
#[derive(Debug, Clone, Copy)]
pub struct WriteBack<'a> {
    /// Findings, listed in `Contrôles` with a link to their cell.
    pub findings: &'a [Finding],
    /// Sheets the layout does not know, written back as values.
    pub extra_sheets: &'a [ExtraSheet],
    /// Entries with no place in the layout, listed in `Saisies conservées`.
    pub kept: &'a [Kept],
}

/// An entry with no place in the layout: an unknown or duplicated row, an added column.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    /// Sheet it was typed in.
    pub sheet: String,
    /// Cell it was typed in.
    pub cell: String,
    /// Column header.
    pub column: String,
    /// The value.
    pub value: Cell,
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
    build(contract, year, entries, funding, None)
}

/// The same workbook with the review of `summarize`: `Contrôles`, the per-indicator detail in
/// `Synthèse`, and everything typed outside the layout.
pub fn write_back(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
    back: &WriteBack,
) -> Result<Vec<u8>, Error> {
    build(contract, year, entries, funding, Some(back))
}

fn build(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
    back: Option<&WriteBack>,
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
    summary_sheet(&mut wb, &ctx, back.is_some()).map_err(xl)?;
    if let Some(back) = back {
        controls_sheet(&mut wb, &ctx, back.findings).map_err(xl)?;
        kept_sheet(&mut wb, &ctx, back.kept).map_err(xl)?;
        for sheet in back.extra_sheets {
            extra_sheet(&mut wb, sheet).map_err(xl)?;
        }
    }
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
///
/// Every cell of a table's body is unlocked: Excel and LibreOffice refuse to sort a range with
/// locked cells on a protected sheet, and sorting is what coordinators do first. The sheet
/// stays protected (headers, titles, the other sheets); a changed contract value is caught by
/// `locked_value_changed`, a replaced formula by `amount_differs`, and colours tell what to
/// fill.
fn cell_format(column: &Column) -> Format {
    let f = kind_format(column.kind).set_unlocked();
    match column.role {
        Role::Input => f.set_background_color(Color::RGB(palette::INPUT)),
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

/// Sheet protection without password; sorting, filtering and inserting rows stay possible (the
/// table bodies are unlocked: see [`cell_format`]).
fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        sort: true,
        use_autofilter: true,
        insert_rows: true,
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
    /// A contract value shown with its unit (`400 patients`, `58 %`).
    Measure(f64, String),
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
        Out::Measure(x, unit) => {
            let f = f.clone().set_num_format(format!("General\\ \"{unit}\""));
            ws.write_number_with_format(row, col, *x, &f).map(drop)
        }
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

/// What the `Réalisé` cell of a row accepts: a choice list (else a number), and its help when
/// the indicator says more than the column (its unit).
#[derive(Debug, Clone, Default)]
struct ObservedInput {
    choices: Option<&'static [&'static str]>,
    help: Option<String>,
}

/// A contract value with the indicator's unit, when it has one short enough to stand beside
/// the number in its column (a longer one is in the help of the `Réalisé` cell).
fn measure(d: Option<Decimal>, unit: Option<&str>) -> Out {
    const SHORT_UNIT: usize = 10;
    match (d.and_then(|d| d.to_f64()), unit) {
        (Some(x), Some(unit)) if unit.chars().count() <= SHORT_UNIT => {
            Out::Measure(x, unit.to_string())
        }
        _ => number(d),
    }
}

/// Writes a titled sheet holding one Excel table, its formats, validations and print setup.
/// `rows` give every cell of every row; `observed` the list and the help of a row's
/// `Réalisé` cell, which depend on the indicator.
fn table_sheet(
    wb: &mut Workbook,
    ctx: &Ctx,
    layout: &TableLayout,
    heading_lines: (String, String),
    rows: Vec<Vec<Out>>,
    observed: &dyn Fn(usize) -> ObservedInput,
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
            validate_input(ws, ctx, column, col, (first, last), observed)?;
        }
    }
    ws.set_freeze_panes(first, 1)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// A cell's format follows its value as well as its column: a date typed in a text column
/// keeps a date format, a number typed in a date column keeps a number format, so each value
/// reads back with the type it was typed with.
fn value_format(column: &Format, kind: Kind, out: &Out) -> Format {
    match (out, kind) {
        (Out::Value(Cell::Date(_)), k) if k != Kind::Date => column.clone().set_num_format(DATE),
        (Out::Value(Cell::Number(_)), Kind::Date) => column.clone().set_num_format("General"),
        _ => column.clone(),
    }
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
                date_fr(ctx.period.start),
                date_fr(ctx.period.end)
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
    header_row(ws, row, &headers.map(|h| (h, Role::Fixed)))?;
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
    let (first, last) = ctx.indicator_rows();
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
                ind::BASELINE => measure(ind_.baseline, ind_.unit.as_deref()),
                ind::TARGET => measure(line.terms.target, ind_.unit.as_deref()),
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
    let observed = |i: usize| {
        let line = lines.get(i).map(|(line, _, _)| *line);
        let unit = line.and_then(|l| l.indicator.unit.as_deref());
        let help = match (line.is_some_and(|l| l.indicator.is_percentage()), unit) {
            (true, _) => Some(ctx.texts.aide_realise_pourcentage.clone()),
            (false, Some(unit)) => Some(fill(
                &ctx.texts.aide_realise_unite,
                &[("unite", unit.to_string())],
            )),
            (false, None) => None,
        };
        ObservedInput {
            choices: line.and_then(observed_choices),
            help,
        }
    };
    table_sheet(wb, ctx, &INDICATORS, headings, rows, &observed)?;
    let ws = wb.worksheet_from_name(layout::SHEET_INDICATORS)?;
    // Each row's formula carries that line's own rule: Excel would flag every one as
    // inconsistent with its neighbours.
    let (a, m) = (INDICATORS.col(ind::ATTAINMENT), INDICATORS.col(ind::AMOUNT));
    ws.ignore_error_range(first, a, last, m, IgnoreError::FormulaDiffers)?;
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
    let expected: Vec<String> = expected_evidence(ctx.contract, ctx.year)
        .iter()
        .map(|(code, piece)| evidence_key(code, piece))
        .collect();
    let mut rows: Vec<Vec<Out>> = expected_evidence(ctx.contract, ctx.year)
        .into_iter()
        .zip(&expected)
        .map(|((code, piece), key)| {
            EVIDENCE
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::evid::CODE => text(&code),
                    layout::evid::PIECE => text(&piece),
                    input => Out::Value(ctx.entries.get(&EVIDENCE, key, input).clone()),
                })
                .collect()
        })
        .collect();
    rows.extend(added_rows(ctx, &EVIDENCE, &expected));
    let headings = (
        ctx.text(&ctx.texts.titre_justificatifs),
        ctx.text(&ctx.texts.aide_justificatifs),
    );
    table_sheet(wb, ctx, &EVIDENCE, headings, rows, &|_| {
        ObservedInput::default()
    })
}

/// Rows the coordinator added to a table (keys the contract does not give), written back whole.
fn added_rows(ctx: &Ctx, table: &TableLayout, expected: &[String]) -> Vec<Vec<Out>> {
    ctx.entries
        .keys(table)
        .into_iter()
        .filter(|key| !expected.contains(key))
        .map(|key| {
            table
                .columns
                .iter()
                .map(|c| Out::Value(ctx.entries.get(table, &key, c.name).clone()))
                .collect()
        })
        .collect()
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
    let planned = planned_checkpoints(ctx.period);
    let expected: Vec<String> = planned
        .iter()
        .map(|(date, _)| checkpoint_key(*date))
        .collect();
    let mut rows: Vec<Vec<Out>> = planned
        .into_iter()
        .zip(&expected)
        .map(|((date, subject), key)| {
            CHECKPOINTS
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::step::PLANNED => Out::Value(Cell::Date(date)),
                    layout::step::SUBJECT if !ctx.entries.has(&CHECKPOINTS, key, c.name) => {
                        text(subject)
                    }
                    input => Out::Value(ctx.entries.get(&CHECKPOINTS, key, input).clone()),
                })
                .collect()
        })
        .collect();
    rows.extend(added_rows(ctx, &CHECKPOINTS, &expected));
    let headings = (
        ctx.text(&ctx.texts.titre_points),
        ctx.text(&ctx.texts.aide_points),
    );
    table_sheet(wb, ctx, &CHECKPOINTS, headings, rows, &|_| {
        ObservedInput::default()
    })
}

/// Column letters of the summary table.
mod sum_col {
    pub const MISSION: u16 = 0;
    pub const PRORATA: u16 = 1;
    pub const FIXED: u16 = 2;
    pub const ACTIVATION: u16 = 3;
    pub const VARIABLE_MAX: u16 = 4;
    pub const VARIABLE: u16 = 5;
    pub const RATE: u16 = 6;
    pub const TOTAL: u16 = 7;
    pub const MAX: u16 = 8;
}

fn summary_sheet(wb: &mut Workbook, ctx: &Ctx, review: bool) -> Result<(), XlsxError> {
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
    header_row(ws, header, &heads)?;
    let label = boxed(base().set_bold());
    let euros = kind_format(Kind::Euros);
    let computed = |k| kind_format(k).set_background_color(Color::RGB(palette::COMPUTED));
    let pct = kind_format(Kind::Percent);
    let value = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let ind_col = |name| column_number_to_name(INDICATORS.col(name));
    // The same rows as 1-based numbers, for the A1 references of the formulas.
    let (first, last) = ctx.indicator_rows();
    let (first, last) = (first + 1, last + 1);
    // Missions with a variable part first, so that the chart reads one contiguous range.
    let mut missions: Vec<&funding::MissionFunding> = f.missions.iter().collect();
    missions.sort_by_key(|m| !m.code.has_variable());
    let mut row = header + 1;
    let first_row = row;
    let mut variable_rows = Vec::new();
    for m in &missions {
        let r = row + 1;
        ws.write_string_with_format(row, sum_col::MISSION, m.code.label(), &label)?;
        ws.write_number_with_format(row, sum_col::PRORATA, value(m.prorata), &pct)?;
        ws.write_number_with_format(row, sum_col::FIXED, value(m.fixed), &euros)?;
        ws.write_number_with_format(row, sum_col::ACTIVATION, value(m.activation), &euros)?;
        ws.write_number_with_format(row, sum_col::VARIABLE_MAX, value(m.variable_max), &euros)?;
        let earned = format!(
            "SUMIFS(Indicateurs!${a}${first}:${a}${last},Indicateurs!${b}${first}:${b}${last},A{r})",
            a = ind_col(ind::AMOUNT),
            b = ind_col(ind::MISSION)
        );
        let earned = Formula::new(earned).set_result(format!("{:.2}", m.variable));
        ws.write_formula_with_format(row, sum_col::VARIABLE, earned, &computed(Kind::Euros))?;
        if m.code.has_variable() {
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
        ws.write_number_with_format(row, sum_col::MAX, value(m.max), &euros)?;
        row += 1;
    }
    ws.write_string_with_format(row, sum_col::MISSION, "Fonctionnement", &label)?;
    ws.write_blank(row, sum_col::PRORATA, &pct)?;
    ws.write_number_with_format(row, sum_col::FIXED, value(f.operating), &euros)?;
    ws.write_number_with_format(row, sum_col::ACTIVATION, 0.0, &euros)?;
    ws.write_number_with_format(row, sum_col::VARIABLE_MAX, 0.0, &euros)?;
    ws.write_blank(row, sum_col::VARIABLE, &computed(Kind::Euros))?;
    ws.write_blank(row, sum_col::RATE, &computed(Kind::Percent))?;
    let operating = Formula::new(format!("C{}", row + 1)).set_result(format!("{:.2}", f.operating));
    ws.write_formula_with_format(row, sum_col::TOTAL, operating, &computed(Kind::Euros))?;
    ws.write_number_with_format(row, sum_col::MAX, value(f.operating), &euros)?;
    row += 1;
    let total_row = row;
    total_line(ws, ctx, (first_row, total_row))?;
    // The fonctionnement row has no attainment: colour the missions and the total only.
    traffic_lights(ws, sum_col::RATE, (first_row, total_row - 2), None)?;
    traffic_lights(ws, sum_col::RATE, (total_row, total_row), None)?;
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 11)?;
    for col in 2..=8 {
        ws.set_column_width(col, 15)?;
    }
    let mut next = total_row + 3;
    if let (Some(&a), Some(&b)) = (variable_rows.first(), variable_rows.last()) {
        attainment_chart(ws, (a, b), next)?;
        next += 17;
    }
    next = calendar_block(ws, ctx, &missions, first_row, next)?;
    if review {
        detail_block(ws, ctx, next + 2)?;
        ws.set_active(true);
    }
    ws.set_freeze_panes(header + 1, 1)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// A column with nothing but a header, for headers written outside the layout's tables.
const HEADER: Column = Column {
    name: "",
    role: Role::Fixed,
    kind: Kind::Text,
    width: 0.0,
    help_title: "",
    help: "",
};

fn header_row(
    ws: &mut Worksheet,
    row: u32,
    heads: &[(&'static str, Role)],
) -> Result<(), XlsxError> {
    ws.set_row_height(row, 32)?;
    for (i, (name, role)) in heads.iter().enumerate() {
        let column = Column {
            name,
            role: *role,
            ..HEADER
        };
        ws.write_string_with_format(
            row,
            u16::try_from(i).unwrap_or(0),
            *name,
            &header_format(&column),
        )?;
    }
    Ok(())
}

/// The total row of the summary: sums of the rows above it, the overall attainment.
fn total_line(
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
    ws.write_string_with_format(row, sum_col::MISSION, "Total", &label)?;
    ws.write_blank(row, sum_col::PRORATA, &total_fmt(Kind::Percent))?;
    let variable: Decimal = f.missions.iter().map(|m| m.variable).sum();
    let variable_max: Decimal = f.missions.iter().map(|m| m.variable_max).sum();
    let sums = [
        (
            sum_col::FIXED,
            f.operating + f.missions.iter().map(|m| m.fixed).sum::<Decimal>(),
        ),
        (
            sum_col::ACTIVATION,
            f.missions.iter().map(|m| m.activation).sum(),
        ),
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
    let t = row + 1;
    let rate =
        Formula::new(format!("IF(E{t}=0,0,F{t}/E{t})")).set_result(ratio(variable, variable_max));
    ws.write_formula_with_format(row, sum_col::RATE, rate, &total_fmt(Kind::Percent))?;
    Ok(())
}

fn attainment_chart(ws: &mut Worksheet, (a, b): (u32, u32), at: u32) -> Result<(), XlsxError> {
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
        .set_name("Atteinte")
        .set_format(
            ChartFormat::new().set_solid_fill(
                ChartSolidFill::new().set_color(Color::RGB(palette::COMPUTED_HEADER)),
            ),
        )
        .set_data_label(ChartDataLabel::new().show_value());
    chart
        .title()
        .set_name("Atteinte de la part variable par mission");
    chart
        .x_axis()
        .set_num_format("0%")
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
fn calendar_block(
    ws: &mut Worksheet,
    ctx: &Ctx,
    missions: &[&funding::MissionFunding],
    first_row: u32,
    at: u32,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(at, 0, "Calendrier des versements de l'année", &heading())?;
    let head = at + 1;
    header_row(
        ws,
        head,
        &[
            ("Versement", Role::Fixed),
            ("Date", Role::Fixed),
            ("Montant (€)", Role::Computed),
        ],
    )?;
    let situation_head = header_format(&HEADER);
    ws.merge_range(head, 3, head, 5, "Situation", &situation_head)?;
    let text = kind_format(Kind::Text);
    let date = kind_format(Kind::Date);
    let euros = kind_format(Kind::Euros).set_background_color(Color::RGB(palette::COMPUTED));
    let mut row = head + 1;
    for p in &ctx.funding.payments {
        ws.write_string_with_format(row, 0, &p.label, &text)?;
        ws.write_date_with_format(row, 1, p.date, &date)?;
        let variable_row = p
            .mission
            .filter(|_| p.label.ends_with(": variable"))
            .and_then(|code| missions.iter().position(|m| m.code == code))
            .map(|i| first_row + 1 + u32::try_from(i).unwrap_or(0));
        match variable_row {
            Some(r) => {
                let formula = Formula::new(format!("F{r}")).set_result(format!("{:.2}", p.amount));
                ws.write_formula_with_format(row, 2, formula, &euros)?
            }
            None => {
                ws.write_number_with_format(row, 2, p.amount.to_f64().unwrap_or(0.0), &euros)?
            }
        };
        let situation = if p.date <= ctx.period.start || p.label.contains("avance") {
            "avance, versée en cours d'année"
        } else {
            "solde, versé après le dialogue de gestion"
        };
        ws.merge_range(row, 3, row, 5, situation, &text)?;
        ws.set_row_height(row, if p.label.chars().count() > 36 { 30 } else { 18 })?;
        row += 1;
    }
    let total = boxed(base().set_bold()).set_border_top(FormatBorder::Double);
    ws.write_string_with_format(row, 0, "Total de l'année", &total)?;
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
    Ok(row + 1)
}

/// Each indicator's outcome, coloured by status (write-back only: the figures are the engine's).
fn detail_block(ws: &mut Worksheet, ctx: &Ctx, at: u32) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        at,
        0,
        "Détail par indicateur (calcul de cpts-aci)",
        &heading(),
    )?;
    let head = at + 1;
    header_row(
        ws,
        head,
        &[
            ("Indicateur", Role::Fixed),
            ("Code", Role::Fixed),
            ("Poids (€)", Role::Fixed),
            ("Atteinte", Role::Computed),
            ("Montant (€)", Role::Computed),
            ("Statut", Role::Computed),
        ],
    )?;
    let mut row = head + 1;
    let lines = ctx.contract.lines(ctx.year);
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
                l.weight.to_f64().unwrap_or(0.0),
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
            ws.set_row_height(row, 18.0 * (1 + label.chars().count() / 38) as f64)?;
            row += 1;
        }
    }
    Ok(())
}

/// `Contrôles`: every finding, with a link to its cell.
fn controls_sheet(wb: &mut Workbook, ctx: &Ctx, findings: &[Finding]) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout::SHEET_CONTROLS)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Contrôles du classeur de l'année {}", ctx.year),
        &title(),
    )?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let summary = match (errors, findings.len() - errors) {
        (0, 0) => "Aucun problème : le classeur est prêt pour le dialogue de gestion.".to_string(),
        (e, w) => format!(
            "{e} erreur(s) à corriger, {w} point(s) à revoir. Cliquez sur une cellule pour y aller."
        ),
    };
    ws.write_string_with_format(1, 0, &summary, &note())?;
    let header = 3;
    header_row(
        ws,
        header,
        &[
            ("Gravité", Role::Fixed),
            ("Feuille", Role::Fixed),
            ("Cellule", Role::Fixed),
            ("Indicateur", Role::Fixed),
            ("Problème", Role::Fixed),
            ("Correction", Role::Fixed),
            ("Code", Role::Fixed),
        ],
    )?;
    let wrap = kind_format(Kind::Text);
    for (i, f) in findings.iter().enumerate() {
        let row = header + 1 + u32::try_from(i).unwrap_or(0);
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
        ws.write_string_with_format(row, 4, &f.message, &wrap)?;
        ws.write_string_with_format(row, 5, &f.hint, &wrap)?;
        ws.write_string_with_format(row, 6, f.code, &wrap)?;
        let lines = (f.message.chars().count() / 55).max(f.hint.chars().count() / 55) + 1;
        ws.set_row_height(row, 15.0 * lines as f64 + 3.0)?;
    }
    for (col, width) in [15.0, 16.0, 9.0, 11.0, 60.0, 60.0, 26.0].iter().enumerate() {
        ws.set_column_width(u16::try_from(col).unwrap_or(0), *width)?;
    }
    ws.set_freeze_panes(header + 1, 0)?;
    print_setup(ws, ctx, Some(header))?;
    protect(ws);
    Ok(())
}

/// `Saisies conservées`: entries with no place in the layout, so that nothing typed is lost.
fn kept_sheet(wb: &mut Workbook, ctx: &Ctx, kept: &[Kept]) -> Result<(), XlsxError> {
    if kept.is_empty() {
        return Ok(());
    }
    let ws = wb.add_worksheet().set_name(layout::SHEET_KEPT)?;
    ws.write_string_with_format(0, 0, "Saisies conservées", &title())?;
    ws.write_string_with_format(
        1,
        0,
        "Valeurs saisies hors des lignes et colonnes du contrat (ligne inconnue ou en double, colonne ajoutée) : reportez-les si besoin.",
        &note(),
    )?;
    header_row(
        ws,
        3,
        &[
            ("Feuille", Role::Fixed),
            ("Cellule d'origine", Role::Fixed),
            ("Colonne", Role::Fixed),
            ("Valeur", Role::Input),
        ],
    )?;
    let text = kind_format(Kind::Text);
    for (i, k) in kept.iter().enumerate() {
        let row = 4 + u32::try_from(i).unwrap_or(0);
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
    for (col, width) in [18.0, 16.0, 24.0, 50.0].iter().enumerate() {
        ws.set_column_width(u16::try_from(col).unwrap_or(0), *width)?;
    }
    print_setup(ws, ctx, Some(3))?;
    Ok(())
}

/// A sheet the user added, written back as values (formulas become their values).
fn extra_sheet(wb: &mut Workbook, sheet: &ExtraSheet) -> Result<(), XlsxError> {
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
