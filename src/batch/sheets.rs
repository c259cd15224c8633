//! The consolidated workbook's sheets: their stable names and columns, and how each prints
//! (A4 landscape, the title and date in the page header, page numbers, the header row repeated,
//! widths that fit what was written).

use crate::workbook::reports::{ReportTable, consolidation};
use crate::workbook::write::report::{PADDING, fit_pages, print_setup};
pub(super) use crate::workbook::write::report::{lines, units};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The data sheets, in workbook order: their names and columns are described once, in
/// [`crate::workbook::reports::consolidation`].
pub(crate) const ALL: [ReportTable; 4] = consolidation::ALL;
/// The most columns a data sheet has.
pub(crate) const MAX_COLUMNS: usize = consolidation::MAX_COLUMNS;

/// Sets the printing of a data sheet: A4 landscape, the header row on every page, the
/// sheet's title and the date in the page header, the page number in the footer. A sheet whose
/// columns (`natural`, the sum of their widths) fit one page wide at a readable scale is fit to
/// one page wide; a wider one prints at that scale over several pages, left to right before
/// top to bottom, with the columns that say what a row is about repeated on each.
pub(super) fn setup(
    ws: &mut Worksheet,
    table: &ReportTable,
    date: chrono::NaiveDate,
    natural: f64,
) -> Result<(), XlsxError> {
    let date = crate::fr::date(date);
    print_setup(ws, ("Consolidation des classeurs ACI", &date), Some(0))?;
    fit_pages(ws, natural, table.repeated).map(drop)
}

/// Beyond this width, in column units, a column's text wraps: the column stops growing.
pub(super) fn cap(table: &ReportTable, c: usize) -> f64 {
    table.columns.get(c).map_or(22.0, |column| column.width)
}

/// Column units a header's bold type takes beyond the regular.
const BOLD: f64 = 1.1;

/// The width at which a column shows its widest value (`widest`, in column units) without
/// `###` nor a cut, up to its [`cap`] beyond which its text wraps; never narrower than its
/// header needs to show on two lines, words whole.
pub(super) fn width(table: &ReportTable, c: usize, widest: f64) -> f64 {
    let header = table.columns.get(c).map_or("", |column| column.name);
    let word = header.split(' ').map(units).fold(0.0, f64::max);
    let mut two_lines = word;
    while lines(header, two_lines) > 2 {
        two_lines += 0.5;
    }
    widest.min(cap(table, c)).max(two_lines * BOLD).max(4.0) + PADDING
}

#[cfg(test)]
mod tests {
    use super::{lines, units, width};
    use crate::workbook::reports::consolidation::{FUNDING, INDICATORS};

    #[test]
    fn texts_wrap_by_words_and_headers_fit_on_two_lines() {
        assert_eq!(units("0123456789"), 10.0);
        assert!(units("illisible") < units("MOMENTUM"));
        assert_eq!(lines("Accès aux soins", 18.0), 1);
        assert_eq!(lines("Accompagnement des professionnels", 18.0), 2);
        assert_eq!(
            lines(
                "Accompagnement des professionnels",
                super::cap(&INDICATORS, 3)
            ),
            1
        );
        assert_eq!(lines("abcdefghij", 4.0), 3);
        assert_eq!(lines("", 4.0), 1);
        // « Variable » above « obtenu N-1 (€) ».
        let header = "Variable obtenu N-1 (€)";
        assert_eq!(FUNDING.columns[10].name, header);
        assert_eq!(lines(header, units("obtenu N-1 (€)") - 0.1), 3);
        assert_eq!(lines(header, units("obtenu N-1 (€)")), 2);
        let least = units("obtenu N-1 (€)") * 1.1 + 1.5;
        assert!((least..least + 0.6).contains(&width(&FUNDING, 10, 1.0)));
        assert_eq!(INDICATORS.columns[10].name, "Montant (€)");
        assert_eq!(width(&INDICATORS, 10, 30.0), 22.0 + 1.5, "capped");
    }
}
