//! The cells of the consolidation's data sheets: what a cell holds, and the formats it is
//! written with (every cell top-aligned, like the wrapped ones beside it).

use rust_decimal::Decimal;
use rust_xlsxwriter::Format;

/// A cell of the consolidation.
pub(super) enum V<'a> {
    Text(&'a str),
    Int(usize),
    Euros(Decimal),
    Ratio(Decimal),
    Blank,
}

/// The formats of the data sheets, made once.
pub(super) struct Formats {
    pub(super) header: Format,
    pub(super) euros: Format,
    pub(super) percent: Format,
    pub(super) status: [Format; 6],
    pub(super) total: Format,
    pub(super) total_euros: Format,
    pub(super) wrap: Format,
    /// Every other cell: top-aligned like the wrapped ones beside it.
    pub(super) top: Format,
    /// A link to a file, top-aligned too, wrapped when longer than its column.
    pub(super) link: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        use crate::workbook::style::{EUROS, PERCENT, fill, palette};
        const TOP: rust_xlsxwriter::FormatAlign = rust_xlsxwriter::FormatAlign::Top;
        Formats {
            header: crate::workbook::style::report_header(),
            euros: Format::new().set_num_format(EUROS).set_align(TOP),
            percent: Format::new().set_num_format(PERCENT).set_align(TOP),
            // In the order of `Status`: red for what makes the batch exit 1, orange for what is
            // still to fill, grey for a copy counted elsewhere.
            status: [
                fill(palette::GREEN).set_align(TOP),
                fill(palette::ORANGE).set_align(TOP),
                fill(palette::RED).set_align(TOP),
                fill(palette::RED).set_align(TOP),
                fill(palette::GREY).set_align(TOP),
                fill(palette::RED).set_align(TOP),
            ],
            total: crate::workbook::style::total(None),
            total_euros: crate::workbook::style::total(Some(EUROS)),
            wrap: Format::new().set_text_wrap().set_align(TOP),
            top: Format::new().set_align(TOP),
            link: Format::new()
                .set_font_color(rust_xlsxwriter::Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single)
                .set_text_wrap()
                .set_align(TOP),
        }
    }
}
