//! The house style shared by every workbook this tool writes (the tracking workbook and the
//! batch consolidation): the palette and the number formats.

use rust_xlsxwriter::{Color, Format};

/// Colours of the workbook, shared by cells, the legend and conditional formats.
pub(crate) mod palette {
    pub(crate) const INPUT: u32 = 0xFFF2CC;
    pub(crate) const INPUT_HEADER: u32 = 0xFFD966;
    pub(crate) const COMPUTED: u32 = 0xDDEBF7;
    pub(crate) const COMPUTED_HEADER: u32 = 0x2E75B6;
    pub(crate) const FIXED_HEADER: u32 = 0x1F4E78;
    pub(crate) const BORDER: u32 = 0xBFBFBF;
    pub(crate) const TITLE: u32 = 0x1F4E78;
    pub(crate) const GREEN: (u32, u32) = (0xC6EFCE, 0x006100);
    pub(crate) const ORANGE: (u32, u32) = (0xFFEB9C, 0x9C5700);
    pub(crate) const RED: (u32, u32) = (0xFFC7CE, 0x9C0006);
    pub(crate) const GREY: (u32, u32) = (0xE7E6E6, 0x595959);
}

// Every format names the French locale (`[$-40C]`): LibreOffice then shows French separators
// (`74 500,00 €`, `56,2 %`) whatever its own language; Excel takes its separators from the
// system's settings and ignores the tag for them.

/// Euros with a space before the sign: `16 593,75 €`.
pub(crate) const EUROS: &str = "[$-40C]#,##0.00\\ \"€\"";
/// A computed ratio: `56,2 %`.
pub(crate) const PERCENT: &str = "[$-40C]0.0\\ %";
/// A percentage typed by a user, shown with the decimals it was typed with.
pub(crate) const TYPED_PERCENT: &str = "[$-40C]0.0##\\ %";
/// A number as typed, with a decimal comma whatever the spreadsheet's language: `12,5`.
pub(crate) const GENERAL: &str = "[$-40C]General";
/// A French date: `31/03/2026`.
pub(crate) const DATE: &str = "[$-40C]dd/mm/yyyy";

/// The header of a report table (consolidation, plan): white bold on dark blue, wrapped.
pub(crate) fn report_header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(palette::FIXED_HEADER))
        .set_font_color(Color::White)
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
}

/// A total row's cell: bold, under a double rule; with `number_format` for its figures.
pub(crate) fn total(number_format: Option<&str>) -> Format {
    let f = Format::new()
        .set_bold()
        .set_border_top(rust_xlsxwriter::FormatBorder::Double);
    match number_format {
        Some(n) => f.set_num_format(n),
        None => f,
    }
}

/// A fill and its font colour, from a `(background, font)` pair of the palette.
pub(crate) fn fill((background, font): (u32, u32)) -> Format {
    Format::new()
        .set_background_color(Color::RGB(background))
        .set_font_color(Color::RGB(font))
}

/// A count or a measure in French (`1 200`, `12,5`, `1 200 patients`), showing exactly the
/// decimals the value has: `General` would drop the thousands space and, in an English
/// spreadsheet, print a decimal point.
pub(crate) fn measure_format(value: rust_decimal::Decimal, unit: Option<&str>) -> String {
    let decimals = value.normalize().scale().min(10) as usize;
    let mut format = String::from("[$-40C]#,##0");
    if decimals > 0 {
        format.push('.');
        format.push_str(&"0".repeat(decimals));
    }
    if let Some(unit) = unit.filter(|u| !u.is_empty()) {
        format.push_str(&format!("\\ \"{}\"", unit.replace('"', "")));
    }
    format
}

/// The percentage axis of a chart: `50 %`.
pub(crate) const PERCENT_AXIS: &str = "[$-40C]0\\ %";

/// The euro axis of a chart: `150 000 €`.
pub(crate) const EUROS_AXIS: &str = "[$-40C]#,##0\\ \"€\"";

#[cfg(test)]
mod tests {
    use super::measure_format;
    use rust_decimal::Decimal;

    #[test]
    fn a_measure_keeps_its_decimals_and_its_unit() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(measure_format(d("1200"), None), "[$-40C]#,##0");
        assert_eq!(measure_format(d("12.50"), None), "[$-40C]#,##0.0");
        assert_eq!(
            measure_format(d("1200"), Some("patients")),
            "[$-40C]#,##0\\ \"patients\""
        );
        assert_eq!(measure_format(d("3"), Some("")), "[$-40C]#,##0");
    }
}
