//! The look of every sheet: palette, fonts, number formats, protection and traffic lights.

use crate::workbook::layout::Column;
use crate::workbook::layout::Kind;
use crate::workbook::layout::Role;
pub(super) use crate::workbook::style::{DATE, EUROS, GENERAL, PERCENT, palette};
use rust_xlsxwriter::Color;
use rust_xlsxwriter::ConditionalFormatCell;
use rust_xlsxwriter::ConditionalFormatCellRule;
use rust_xlsxwriter::ConditionalFormatFormula;
use rust_xlsxwriter::Format;
use rust_xlsxwriter::FormatAlign;
use rust_xlsxwriter::FormatBorder;
use rust_xlsxwriter::ProtectionOptions;
use rust_xlsxwriter::Worksheet;
use rust_xlsxwriter::XlsxError;
use rust_xlsxwriter::utility::column_number_to_name;

pub(crate) fn base() -> Format {
    Format::new().set_font_name("Calibri").set_font_size(11)
}

pub(crate) fn title() -> Format {
    base()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(palette::TITLE))
}

pub(crate) fn heading() -> Format {
    base()
        .set_bold()
        .set_font_size(12)
        .set_font_color(Color::RGB(palette::TITLE))
}

pub(crate) fn note() -> Format {
    base().set_italic().set_font_color(Color::RGB(0x595959))
}

pub(crate) fn boxed(f: Format) -> Format {
    f.set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(palette::BORDER))
}

pub(super) fn kind_format(kind: Kind) -> Format {
    let f = boxed(base()).set_align(FormatAlign::Top);
    match kind {
        Kind::Euros => f.set_num_format(EUROS),
        Kind::Percent => f.set_num_format(PERCENT),
        Kind::Date => f.set_num_format(DATE).set_align(FormatAlign::Center),
        Kind::YesNo => f.set_align(FormatAlign::Center),
        Kind::Text => f.set_text_wrap(),
        Kind::Number | Kind::Observed => f.set_num_format(GENERAL),
    }
}

/// The format of a table cell, from its column's role and kind.
///
/// Every cell of a table's body is unlocked: Excel and LibreOffice refuse to sort a range with
/// locked cells on a protected sheet, and sorting is what coordinators do first. The sheet
/// stays protected (headers, titles, the other sheets); a changed contract value is caught by
/// `locked_value_changed`, a replaced formula by `amount_differs`, and colours tell what to
/// fill.
pub(super) fn cell_format(column: &Column) -> Format {
    let f = kind_format(column.kind).set_unlocked();
    match column.role {
        Role::Input => f.set_background_color(Color::RGB(palette::INPUT)),
        Role::Computed => f.set_background_color(Color::RGB(palette::COMPUTED)),
        Role::Fixed => f,
    }
}

/// A table header's look, from its column's role: yellow to fill, dark blue from the contract,
/// blue computed.
pub(crate) fn header_format(role: Role) -> Format {
    let (fill, font) = match role {
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
pub(crate) fn protect(ws: &mut Worksheet) {
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

/// Green at 100 %, orange in between, red at 0 or missing; grey when the line is neutralised.
pub(super) fn traffic_lights(
    ws: &mut Worksheet,
    col: u16,
    (first, last): (u32, u32),
    neutralised: Option<u16>,
) -> Result<(), XlsxError> {
    use crate::workbook::style::fill;
    if let Some(n) = neutralised {
        let cell = format!("${}{}", column_number_to_name(n), first + 1);
        let flag = format!("={}", crate::workbook::formulas::is_choice(&cell, "Oui"));
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
    // The first rule that holds wins: reached, then partial, then nothing.
    for (rule, colours) in [
        (
            ConditionalFormatCellRule::GreaterThanOrEqualTo(1.0),
            palette::GREEN,
        ),
        (ConditionalFormatCellRule::GreaterThan(0.0), palette::ORANGE),
        (
            ConditionalFormatCellRule::LessThanOrEqualTo(0.0),
            palette::RED,
        ),
    ] {
        ws.add_conditional_format(first, col, last, col, &cell(rule, colours))?;
    }
    Ok(())
}

/// The one row-height rule for wrapped text. Neither Excel nor LibreOffice grows a row for
/// wrapped text written by a program, so the height is set from the longest of the row's
/// texts, each given with how many characters its cell shows on one line.
pub(crate) fn wrapped_height<'a>(texts: impl IntoIterator<Item = (&'a str, usize)>) -> f64 {
    let lines = texts
        .into_iter()
        .map(|(text, per_line)| text.chars().count().div_ceil(per_line.max(1)).max(1))
        .max()
        .unwrap_or(1);
    15.0 * lines as f64 + 3.0
}
