//! The house style shared by every workbook this tool writes (the tracking workbook and the
//! batch consolidation): the palette and the number formats.

use rust_xlsxwriter::{Color, Format};

/// Colours of the workbook, shared by cells, the legend and conditional formats.
pub mod palette {
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

/// Euros with a thin space before the sign: `16 593,75 €`.
pub const EUROS: &str = "#,##0.00\\ \"€\"";
/// A computed ratio.
pub const PERCENT: &str = "0.0%";
/// A percentage typed by a user, shown with the decimals it was typed with.
pub const TYPED_PERCENT: &str = "0.0##%";
/// A French date.
pub const DATE: &str = "dd/mm/yyyy";

/// A fill and its font colour, from a `(background, font)` pair of the palette.
pub fn fill((background, font): (u32, u32)) -> Format {
    Format::new()
        .set_background_color(Color::RGB(background))
        .set_font_color(Color::RGB(font))
}
