//! Limits on untrusted workbooks, checked before any expensive or memory-hungry work.
//!
//! A workbook is a zip of XML parts. Before calamine sees a file, [`check_archive`] checks its
//! size and structure, the decompressed size of every part (a zip bomb inflates a few kilobytes
//! into gigabytes; the zip crate fails a part that inflates beyond what it declares, so the
//! declared sizes are upper bounds), and the number of shared strings calamine would reserve.
//! Before a sheet is turned into a grid, [`sheet_range`] streams its cells and bounds their number, the grid they span and the
//! length of their texts: a tiny file claiming a cell at XFD1048576 never allocates the grid.

use crate::finding::{Code, Finding, Hint, hints};
use calamine::{Data, DataRef, Range, Xlsx};
use std::collections::HashSet;
use std::io::{Read, Seek};

const MIB: u64 = 1024 * 1024;

/// Largest workbook file read (a 100-line tracking workbook weighs about 40 KB).
pub(crate) const MAX_FILE_BYTES: u64 = 50 * MIB;
/// Most parts in the zip archive.
pub(crate) const MAX_ZIP_ENTRIES: usize = 2_000;
/// Largest XML part once decompressed.
pub(crate) const MAX_PART_BYTES: u64 = 100 * MIB;
/// Largest total of the XML parts once decompressed.
pub(crate) const MAX_TOTAL_BYTES: u64 = 200 * MIB;
/// Most distinct texts (shared strings) in a workbook.
pub(crate) const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Most non-empty cells in one sheet.
pub(crate) const MAX_CELLS_PER_SHEET: usize = 500_000;
/// Largest grid a sheet may span (rows × columns from its first to its last cell).
pub(crate) const MAX_SHEET_AREA: u64 = 2_000_000;
/// Longest text in a cell: Excel's own limit.
pub(crate) const MAX_TEXT_CHARS: usize = 32_767;

/// Why a file was refused by a limit, in French (becomes an `unreadable` finding).
pub(crate) type Refusal = Box<Finding>;

/// An error finding that stops the reading of a workbook.
pub(crate) fn refusal(
    code: Code,
    sheet: &str,
    cell: String,
    message: String,
    hint: Option<Hint>,
) -> Refusal {
    let finding = Finding::of(code, sheet, cell, message);
    Box::new(match hint {
        Some(hint) => finding.hint(hint),
        None => finding,
    })
}

fn too_big(message: String) -> Refusal {
    refusal(
        Code::Unreadable,
        "",
        String::new(),
        message,
        Some(hints::FILE_TOO_BIG),
    )
}

/// Refuses a file larger than [`MAX_FILE_BYTES`], before any byte of it is read.
pub(crate) fn check_size(len: u64) -> Result<(), Refusal> {
    if len > MAX_FILE_BYTES {
        return Err(too_big(format!(
            "fichier trop gros ({} Mo ; limite {} Mo)",
            len / MIB,
            MAX_FILE_BYTES / MIB
        )));
    }
    Ok(())
}

/// Checks the archive of a workbook of `len` bytes before calamine opens it.
pub(crate) fn check_archive<R: Read + Seek>(reader: R, len: u64) -> Result<(), Refusal> {
    check_size(len)?;
    let mut zip = zip::ZipArchive::new(reader).map_err(|_| {
        refusal(
            Code::Unreadable,
            "",
            String::new(),
            "le fichier n'est pas un classeur Excel lisible (archive \
            tronquée ou endommagée)"
                .into(),
            Some(hints::RESEND),
        )
    })?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(too_big(format!(
            "archive anormale : {} parties (limite {MAX_ZIP_ENTRIES})",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return Err(too_big(
                "archive endommagée : une partie ne peut pas être lue".into(),
            ));
        };
        // The zip crate that calamine reads through fails any part that inflates beyond its
        // declared size, so the declared sizes bound what will really be decompressed: a bomb
        // must either declare its size (and is refused here) or fail while being read.
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let size = part.size();
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES || total > MAX_TOTAL_BYTES {
            return Err(too_big(format!(
                "archive suspecte : « {name} » se décompresse en plus de {} Mo (bombe de décompression ?)",
                MAX_PART_BYTES.min(MAX_TOTAL_BYTES) / MIB
            )));
        }
        if name == "xl/sharedStrings.xml" {
            let mut head = Vec::new();
            let _ = (&mut part).take(4096).read_to_end(&mut head);
            check_shared_strings(&head, size)?;
        }
    }
    Ok(())
}

/// calamine reserves room for the number of texts the file announces: bound it.
fn check_shared_strings(head: &[u8], size: u64) -> Result<(), Refusal> {
    let text = String::from_utf8_lossy(head);
    for attribute in ["uniqueCount=\"", "count=\""] {
        let Some(start) = text.find(attribute).map(|i| i + attribute.len()) else {
            continue;
        };
        let digits: String = text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let announced = digits.parse::<u64>().unwrap_or(u64::MAX);
        // Each text takes at least a dozen bytes of XML (<si><t>…</t></si>).
        if announced > MAX_SHARED_STRINGS
            || (attribute.starts_with('u') && announced > size / 8 + 16)
        {
            return Err(too_big(format!(
                "archive suspecte : elle annonce {digits} textes (limite {MAX_SHARED_STRINGS})"
            )));
        }
    }
    Ok(())
}

/// A sheet's grid of values, and what the values alone do not say: which cells hold a
/// formula, and which numbers are shown as percentages (a typed `56,2 %` is stored 0.562).
#[derive(Debug, Clone, Default)]
pub(crate) struct SheetCells {
    /// The values (cached values for formulas).
    pub range: Range<Data>,
    /// Cells holding a formula, as (row, column).
    pub formulas: HashSet<(u32, u32)>,
    /// Cells with a percent number format, as (row, column); only looked at when asked.
    pub percent: HashSet<(u32, u32)>,
}

/// Streams a sheet's cells, refusing it as soon as it exceeds a limit, and only then builds its
/// grid (bounded by [`MAX_SHEET_AREA`]). `None` when the workbook has no such sheet. With
/// `styles`, a second, lighter pass notes the cells shown as percentages.
pub(crate) fn sheet_range<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    sheet: &str,
    styles: bool,
) -> Result<Option<SheetCells>, Refusal> {
    let Ok(mut reader) = wb.worksheet_cells_reader(sheet) else {
        // Missing sheets are reported by the reader with their own finding.
        return Ok(None);
    };
    let damaged = || {
        refusal(
            Code::Unreadable,
            sheet,
            String::new(),
            format!("la feuille « {sheet} » est endommagée (contenu XML invalide)"),
            Some(hints::REPAIR),
        )
    };
    let mut kept: Vec<calamine::Cell<Data>> = Vec::new();
    let mut formulas = HashSet::new();
    let (mut min_row, mut max_row, mut min_col, mut max_col) = (u32::MAX, 0u32, u32::MAX, 0u32);
    let mut cells = 0usize;
    loop {
        let record = match reader.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(_) => return Err(damaged()),
        };
        if record.formula.is_some() {
            formulas.insert(record.pos);
        }
        let cell = calamine::Cell::new(record.pos, record.value);
        let (row, col) = cell.get_position();
        let text: Option<&str> = match cell.get_value() {
            DataRef::String(s) => Some(s.as_str()),
            DataRef::SharedString(s) => Some(s),
            _ => None,
        };
        if let Some(s) = text
            && s.len() > MAX_TEXT_CHARS
            && s.chars().count() > MAX_TEXT_CHARS
        {
            let address = rust_xlsxwriter::utility::row_col_to_cell(
                row,
                u16::try_from(col).unwrap_or(u16::MAX),
            );
            return Err(refusal(
                Code::TextTooLong,
                sheet,
                address,
                format!(
                    "texte de {} caractères, au-delà de la limite d'Excel ({MAX_TEXT_CHARS})",
                    s.chars().count()
                ),
                None,
            ));
        }
        cells += 1;
        if !matches!(cell.get_value(), DataRef::Empty) {
            kept.push(calamine::Cell::new(
                (row, col),
                Data::from(cell.get_value().clone()),
            ));
        }
        (min_row, max_row) = (min_row.min(row), max_row.max(row));
        (min_col, max_col) = (min_col.min(col), max_col.max(col));
        let area = u64::from(max_row - min_row + 1) * u64::from(max_col - min_col + 1);
        if cells > MAX_CELLS_PER_SHEET || area > MAX_SHEET_AREA {
            let last = rust_xlsxwriter::utility::row_col_to_cell(
                row,
                u16::try_from(col).unwrap_or(u16::MAX),
            );
            return Err(refusal(
                Code::SheetTooLarge,
                sheet,
                last.clone(),
                format!(
                    "la feuille « {sheet} » est trop grande : {cells} cellules ou plus, jusqu'en {last} \
                     (limites : {MAX_CELLS_PER_SHEET} cellules, {MAX_SHEET_AREA} cellules d'étendue)"
                ),
                None,
            ));
        }
    }
    let mut percent = HashSet::new();
    if styles {
        drop(reader);
        let Ok(mut reader) = wb.worksheet_cells_reader(sheet) else {
            return Err(damaged());
        };
        let percent_styles: HashSet<usize> = reader
            .styles()
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent(&f.format_code))
            })
            .map(|(i, _)| i)
            .collect();
        if !percent_styles.is_empty() {
            while let Some((row, col, style)) = reader.next_style_id().map_err(|_| damaged())? {
                if percent_styles.contains(&style) {
                    percent.insert((row, col));
                }
            }
        }
    }
    Ok(Some(SheetCells {
        range: Range::from_sparse(kept),
        formulas,
        percent,
    }))
}

/// Whether a number format shows percentages: a `%` outside quotes and escapes.
fn is_percent(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match (c, quoted, escaped) {
            (_, _, true) => escaped = false,
            ('\\', false, false) => escaped = true,
            ('"', _, false) => quoted = !quoted,
            ('%', false, false) => return true,
            _ => {}
        }
    }
    false
}
