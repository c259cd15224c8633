//! Writing a report table from its description ([`crate::workbook::reports`]): the header row
//! and the widths, each cell's format from what its column shows, wrapped rows tall enough for
//! their text (measured once, for the consolidation too), and the print set-up every sheet shares.

use crate::workbook::layout::col_at;
use crate::workbook::reports::{ReportTable, Shows};
use crate::workbook::style::{DATE, EUROS, PERCENT, measure_format, palette, report_header};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// The format of a body cell of a column: a thin grey border, every cell aligned to the top
/// (a wrapped text beside a number reads as one row), and the number format of what it shows.
pub(crate) fn body_format(shows: Shows) -> Format {
    let f = Format::new()
        .set_font_name("Calibri")
        .set_font_size(11)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(palette::BORDER))
        .set_align(FormatAlign::Top);
    match shows {
        Shows::Label => f,
        Shows::Text => f.set_text_wrap(),
        Shows::Integer | Shows::Basis => f.set_align(FormatAlign::Center),
        Shows::Number => f.set_align(FormatAlign::Right),
        Shows::Euros => f.set_num_format(EUROS),
        Shows::Percent => f.set_num_format(PERCENT),
        Shows::Date => f.set_num_format(DATE).set_align(FormatAlign::Center),
    }
}

/// A planned figure's `Base` cell: grey, as the legend says, with the same border as its row.
pub(crate) fn planned_format() -> Format {
    body_format(Shows::Basis)
        .set_background_color(Color::RGB(palette::GREY.0))
        .set_font_color(Color::RGB(palette::GREY.1))
}

/// Writes the header row of a table at `row` and sets its columns' widths.
pub(crate) fn header(ws: &mut Worksheet, row: u32, table: &ReportTable) -> Result<(), XlsxError> {
    let f = report_header().set_align(FormatAlign::Center);
    for (c, column) in table.columns.iter().enumerate() {
        ws.write_string_with_format(row, col_at(c), column.name, &f)?;
        ws.set_column_width(col_at(c), column.width)?;
    }
    // Bold headers wrap within their column, words whole.
    let tallest = table
        .columns
        .iter()
        .map(|c| lines(c.name, (c.width - PADDING) / 1.1))
        .max()
        .unwrap_or(1);
    ws.set_row_height(row, height(tallest).max(30.0))?;
    Ok(())
}

/// The height of a row whose tallest cell holds `lines` lines.
fn height(lines: usize) -> f64 {
    15.0 * lines.max(1) as f64 + 3.0
}

/// Sets a row's height so that the wrapped texts of its `Text` columns show whole, measured as
/// the consolidation measures its texts.
pub(crate) fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    table: &ReportTable,
    texts: &[(&str, &str)],
) -> Result<(), XlsxError> {
    let tallest = texts
        .iter()
        .filter_map(|(name, text)| {
            let column = table.columns.iter().find(|c| c.name == *name)?;
            (column.shows == Shows::Text).then(|| lines(text, column.width - PADDING))
        })
        .max()
        .unwrap_or(1);
    ws.set_row_height(row, height(tallest))?;
    Ok(())
}

/// The width of `text` in column units, as the widest common rendering of the default font
/// draws it (a unit is a digit's width; narrow letters and spaces take about half of one).
pub(crate) fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '\'' | '’' | '|' | '!' => 0.45,
            ' ' | '\u{a0}' | '\u{202f}' | '.' | ',' | ':' | ';' => 0.5,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' | 'I' => 0.65,
            's' | 'c' | 'z' => 0.85,
            'w' => 1.3,
            'm' | 'M' | 'W' | '%' | 'œ' | 'Œ' => 1.55,
            c if c.is_uppercase() => 1.2,
            _ => 1.0,
        })
        .sum()
}

/// How many lines `text` takes in a column that wraps at `cap` units (words kept whole when
/// they fit, cut when wider than a line).
pub(crate) fn lines(text: &str, cap: f64) -> usize {
    let space = units(" ");
    let (mut lines, mut used) = (1, 0.0);
    for word in text.split(' ') {
        let len = units(word);
        let needed = if used == 0.0 { len } else { used + space + len };
        if needed <= cap {
            used = needed;
        } else {
            if used > 0.0 {
                lines += 1;
            }
            let extra = (len / cap).ceil().max(1.0) - 1.0;
            lines += extra as usize;
            used = len - extra * cap;
        }
    }
    lines
}

/// Room beside a cell's text, in column units.
pub(crate) const PADDING: f64 = 1.5;

/// Writes a number in French with the decimals it has, or a blank cell in the same format.
pub(crate) fn write_measure(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    value: Option<Decimal>,
    unit: Option<&str>,
) -> Result<(), XlsxError> {
    let f = body_format(Shows::Number);
    match value.and_then(|d| Some((d, d.to_f64()?))) {
        Some((d, x)) => {
            let f = f.set_num_format(measure_format(d, unit));
            ws.write_number_with_format(row, col, x, &f)?
        }
        None => ws.write_blank(row, col, &f)?,
    };
    Ok(())
}

/// The print set-up of every sheet we write: A4 landscape, one page wide, narrow margins, a
/// page header (`left`, the sheet's name, `right`), the page number in the footer, and the
/// header row repeated on every page when there is one.
pub(crate) fn print_setup(
    ws: &mut Worksheet,
    (left, right): (&str, &str),
    repeat_row: Option<u32>,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_header(format!(
        "&L{}&C&A&R{}",
        left.replace('&', "&&"),
        right.replace('&', "&&")
    ));
    ws.set_footer("&Lcpts-aci&RPage &P / &N");
    if let Some(row) = repeat_row {
        ws.set_repeat_rows(row, row)?;
    }
    Ok(())
}

/// A sheet's print width at 100 %, in column units, on A4 landscape between the margins of
/// [`print_setup`] (277 mm). LibreOffice without Calibri measures a unit by its substitute's
/// digit, about 2.45 mm; Excel's Calibri unit is narrower (1.9 mm): the page is reckoned as the
/// wider measure makes it.
const PAGE_UNITS: f64 = 113.0;

/// The smallest print scale, in percent, at which the type stays readable (11 points print at
/// 7.2).
const READABLE_SCALE: u16 = 65;

/// Fits a sheet whose columns add up to `natural` units to one page wide when that keeps its
/// type readable; a wider one prints at the readable scale over several pages, left to right
/// before top to bottom, with the `repeated` columns (those that say what a row is about) on
/// each. Says whether the sheet prints more than one page wide.
pub(crate) fn fit_pages(
    ws: &mut Worksheet,
    natural: f64,
    repeated: Option<(u16, u16)>,
) -> Result<bool, XlsxError> {
    if natural * f64::from(READABLE_SCALE) / 100.0 <= PAGE_UNITS {
        ws.set_print_fit_to_pages(1, 0);
        return Ok(false);
    }
    ws.set_print_scale(READABLE_SCALE);
    ws.set_page_order(false);
    if let Some((first, last)) = repeated {
        ws.set_repeat_columns(first, last)?;
    }
    Ok(true)
}

/// Prints a sheet holding one table whose header row is `header` and last column `last_col`:
/// [`fit_pages`], and when it prints more than one page wide, only the table goes on paper
/// (the page header names the sheet): the title rows above it, beside the repeated first
/// column, would print cut on every page after the first. Rows typed below the table print
/// too: empty rows of the area do not.
pub(crate) fn fit_table(
    ws: &mut Worksheet,
    natural: f64,
    (header, last_col): (u32, u16),
) -> Result<(), XlsxError> {
    if fit_pages(ws, natural, Some((0, 0)))? {
        ws.set_print_area(header, 0, header.saturating_add(100_000), last_col)?;
    }
    Ok(())
}
