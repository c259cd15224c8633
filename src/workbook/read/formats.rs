//! Opening a file: the format recognised from its bytes, then its sheets read by calamine,
//! each bounded by the limits before it is used.

use super::ReadError;
use super::ReadWorkbook;
use super::identity::read_meta;
use super::invalid;
use super::read_sheets;
use crate::contract::Contract;
use crate::finding::Code;
use crate::finding::Hint;
use crate::finding::hints;
use crate::workbook::layout;
use crate::workbook::layout::INDICATORS;
use crate::workbook::layout::meta;
use crate::workbook::limits::SheetCells;
use calamine::Range;
use calamine::Xlsx;
use calamine::{Data, Reader};
use rust_xlsxwriter::utility::row_col_to_cell;
use std::collections::HashMap;
use std::io::Read;
use std::io::Seek;
use std::path::Path;
/// The spreadsheet formats read, recognised from the bytes whatever the file is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Excel 2007 and later (`.xlsx`, `.xlsm`).
    Xlsx,
    /// OpenDocument (`.ods`), LibreOffice's own.
    Ods,
    /// Excel 97-2003 (`.xls`).
    Xls,
}

/// Reads a workbook held in memory; `path` names it in messages.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<ReadWorkbook, ReadError> {
    let format = detect(bytes)?;
    let cursor = || std::io::Cursor::new(bytes);
    if format != Format::Xls {
        crate::workbook::limits::check_archive(cursor(), bytes.len() as u64)
            .map_err(ReadError::Invalid)?;
    } else {
        crate::workbook::limits::check_size(bytes.len() as u64).map_err(ReadError::Invalid)?;
    }
    let unreadable = |reason: &str| {
        invalid(
            Code::Unreadable,
            "",
            "",
            format!("le fichier n'est pas un classeur lisible ({reason})"),
            None,
        )
    };
    let sheets = match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(cursor()).map_err(|e| unreadable(calamine_reason(&e)))?;
            load_sheets(&mut wb)?
        }
        Format::Ods => {
            let scanned = crate::workbook::ods::scan(cursor()).map_err(ReadError::Invalid)?;
            let mut wb = calamine::Ods::new(cursor())
                .map_err(|_| unreadable("classeur OpenDocument endommagé"))?;
            let mut ranges = Vec::new();
            for sheet in scanned.into_iter().filter(|s| !is_display_only(&s.name)) {
                let range = wb
                    .worksheet_range(&sheet.name)
                    .map_err(|_| unreadable("classeur OpenDocument endommagé"))?;
                let cells = SheetCells {
                    range,
                    formulas: sheet.formulas,
                    percent: sheet.percent,
                };
                ranges.push((sheet.name, bounded(cells)?));
            }
            Sheets::untabled(ranges)
        }
        Format::Xls => {
            let mut wb = calamine::Xls::new(cursor()).map_err(|_| {
                invalid(
                    Code::Unreadable,
                    "",
                    "",
                    "classeur Excel 97-2003 (.xls) endommagé, ou protégé par un mot de passe \
                     (chiffré)"
                        .into(),
                    Some(hints::XLS_DAMAGED),
                )
            })?;
            let mut ranges = Vec::new();
            for name in wb.sheet_names().into_iter().filter(|n| !is_display_only(n)) {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|_| unreadable("classeur Excel 97-2003 endommagé"))?;
                let formulas = wb
                    .worksheet_formula(&name)
                    .map(|f| {
                        let (r0, c0) = f.start().unwrap_or((0, 0));
                        f.used_cells()
                            .filter(|(_, _, text)| !text.is_empty())
                            .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
                            .collect()
                    })
                    .unwrap_or_default();
                let cells = SheetCells {
                    range,
                    formulas,
                    percent: Default::default(),
                };
                ranges.push((name, bounded(cells)?));
            }
            Sheets::untabled(ranges)
        }
    };
    read_sheets(sheets, path)
}

/// Who a workbook is for: the CPTS's identifier, its contract's signature date and the
/// contract year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    /// SIRET or FINESS, as the contract writes it.
    pub identifier: String,
    /// Signature date of the contract.
    pub signature: chrono::NaiveDate,
    /// Contract year.
    pub year: u32,
}

impl Identity {
    pub(crate) fn of(contract: &Contract, year: u32) -> Identity {
        Identity {
            identifier: contract.cpts.identifier.clone(),
            signature: contract.terms.signature,
            year,
        }
    }
}

/// The identity of a workbook held in memory, from its identification sheet alone: a cheap
/// first look (`batch` finds the files of one CPTS-year with it before reading any of them
/// whole). An `.xlsx` is opened without its other sheets, and its year's terms, once their
/// digest proves them intact, are read for the identity only; calamine reads every sheet of an
/// `.ods` or `.xls` as it opens it, so those are simply read whole.
pub(crate) fn read_identity(path: &Path, bytes: &[u8]) -> Result<Identity, ReadError> {
    if detect(bytes)? != Format::Xlsx {
        let wb = read_bytes(path, bytes)?;
        return Ok(Identity::of(&wb.contract, wb.year));
    }
    let cursor = || std::io::Cursor::new(bytes);
    crate::workbook::limits::check_archive(cursor(), bytes.len() as u64)
        .map_err(ReadError::Invalid)?;
    let mut wb = Xlsx::new(cursor()).map_err(|e| {
        invalid(
            Code::Unreadable,
            "",
            "",
            format!(
                "le fichier n'est pas un classeur lisible ({})",
                calamine_reason(&e)
            ),
            None,
        )
    })?;
    let sheet = layout::SHEET_META;
    let cells =
        crate::workbook::limits::sheet_range(&mut wb, sheet, false).map_err(ReadError::Invalid)?;
    let sheets = Sheets::untabled(cells.map(|c| (sheet.to_string(), c)).into_iter().collect());
    if let Some(identity) = sheets.get(sheet).and_then(identity_from_terms) {
        return Ok(identity);
    }
    let (contract, year, _, _) = read_meta(&sheets)?;
    Ok(Identity::of(&contract, year))
}

/// The identity from the year's terms, without building the contract they describe; `None`
/// whenever [`read_meta`] would have to say something (other format, terms altered or absent).
fn identity_from_terms(range: &Range<Data>) -> Option<Identity> {
    #[derive(serde::Deserialize)]
    struct Cpts {
        identifier: String,
    }
    #[derive(serde::Deserialize)]
    struct Terms {
        signature: chrono::NaiveDate,
    }
    #[derive(serde::Deserialize)]
    struct YearTerms {
        cpts: Cpts,
        terms: Terms,
    }
    fn values<'a>(range: &'a Range<Data>, key: &'a str) -> impl Iterator<Item = String> + 'a {
        range
            .rows()
            .filter(move |r| r.first().is_some_and(|c| *c == key))
            .map(|r| r.get(1).map(|c| c.to_string()).unwrap_or_default())
    }
    let values = |key| values(range, key);
    let format = values(meta::FORMAT).next()?;
    let terms: String = values(meta::TERMS).collect();
    let digest = values(meta::TERMS_SHA256).next()?;
    if format != layout::WORKBOOK_FORMAT || crate::contract::terms::sha256(&terms) != digest {
        return None;
    }
    let year = values(meta::YEAR).next()?.trim().parse::<f64>().ok()?;
    let parsed: YearTerms = serde_json::from_str(&terms).ok()?;
    (year.fract() == 0.0 && year >= 1.0).then_some(Identity {
        identifier: parsed.cpts.identifier,
        signature: parsed.terms.signature,
        year: year as u32,
    })
}

/// A sheet read whole by calamine (`.ods`, `.xls`), held to the limits the streamed `.xlsx`
/// sheets are held to while they are read.
pub(crate) fn bounded(cells: SheetCells) -> Result<SheetCells, ReadError> {
    let (rows, cols) = cells.range.get_size();
    let too_large =
        (rows as u64).saturating_mul(cols as u64) > crate::workbook::limits::MAX_SHEET_AREA;
    let long_text = cells.range.used_cells().find(|(_, _, d)| {
        matches!(d, Data::String(s) if s.len() > crate::workbook::limits::MAX_TEXT_CHARS
            && s.chars().count() > crate::workbook::limits::MAX_TEXT_CHARS)
    });
    let (r0, c0) = cells.range.start().unwrap_or((0, 0));
    if too_large {
        return Err(invalid(
            Code::SheetTooLarge,
            "",
            "",
            format!("une feuille est trop grande : {rows} lignes sur {cols} colonnes"),
            None,
        ));
    }
    if let Some((r, c, _)) = long_text {
        let cell = row_col_to_cell(
            r0 + r as u32,
            crate::workbook::layout::col_at(c0 as usize + c),
        );
        return Err(invalid(
            Code::TextTooLong,
            "",
            &cell,
            format!(
                "texte de plus de {} caractères, au-delà de la limite d'Excel",
                crate::workbook::limits::MAX_TEXT_CHARS
            ),
            None,
        ));
    }
    Ok(cells)
}

/// calamine's errors, in French and without internals.
pub(crate) fn calamine_reason(e: &calamine::XlsxError) -> &'static str {
    use calamine::XlsxError as E;
    match e {
        E::Zip(_) | E::Io(_) => "archive tronquée ou endommagée",
        E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) => "contenu XML invalide",
        E::FileNotFound(_) => "une partie du classeur manque",
        _ => "structure de classeur inattendue",
    }
}

/// Recognises the format from the bytes, or says exactly why the file is not a workbook.
pub(crate) fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    let refuse = |message: &str, hint: Hint| {
        Err(invalid(
            Code::Unreadable,
            "",
            "",
            message.to_string(),
            Some(hint),
        ))
    };
    if bytes.is_empty() {
        return refuse("le fichier est vide (0 octet)", hints::RESEND);
    }
    let magic = &bytes[..bytes.len().min(4)];
    let not_a_workbook = || {
        refuse(
            "ce fichier n'est pas un classeur (ni .xlsx, ni .ods, ni .xls)",
            hints::NOT_A_WORKBOOK,
        )
    };
    match magic {
        [0xD0, 0xCF, 0x11, 0xE0] if contains_utf16(bytes, "EncryptedPackage") => refuse(
            "classeur protégé par un mot de passe (chiffré)",
            hints::ENCRYPTED,
        ),
        [0xD0, 0xCF, 0x11, 0xE0] => Ok(Format::Xls),
        [b'P', b'K', 3, 4] => {
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
                return refuse(
                    "le fichier n'est pas un classeur lisible (archive tronquée ou endommagée)",
                    hints::RESEND,
                );
            };
            let mut mimetype = String::new();
            if let Ok(part) = zip.by_name("mimetype") {
                let _ = part.take(100).read_to_string(&mut mimetype);
            }
            if mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
                Ok(Format::Ods)
            } else if zip.index_for_name("xl/workbook.xml").is_some()
                || zip.index_for_name("xl/workbook.bin").is_none() && mimetype.is_empty()
            {
                Ok(Format::Xlsx)
            } else {
                not_a_workbook()
            }
        }
        _ => not_a_workbook(),
    }
}

/// Whether `bytes` hold `text` in UTF-16LE (names inside an OLE container).
pub(super) fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The grids of the sheets this reader uses, in workbook order, each streamed and bounded by
/// `limits` before it is built; and the sheet holding each of our Excel tables.
pub(super) struct Sheets {
    pub(super) ranges: Vec<(String, SheetCells)>,
    pub(super) table_sheet: HashMap<&'static str, String>,
    /// Whether the format has Excel tables (`.ods` and `.xls` have plain ranges only).
    pub(super) tables: bool,
}

impl Sheets {
    /// The sheets of a format without Excel tables: found by their header rows.
    pub(super) fn untabled(ranges: Vec<(String, SheetCells)>) -> Sheets {
        Sheets {
            ranges,
            table_sheet: HashMap::new(),
            tables: false,
        }
    }

    pub(super) fn cells(&self, name: &str) -> Option<&SheetCells> {
        self.ranges.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }

    pub(super) fn get(&self, name: &str) -> Option<&Range<Data>> {
        self.cells(name).map(|c| &c.range)
    }
}

pub(super) fn load_sheets<RS: Read + Seek>(wb: &mut Xlsx<RS>) -> Result<Sheets, ReadError> {
    let mut table_sheet = HashMap::new();
    // Only the table parts' metadata is used: calamine's own table lookup would build a grid of
    // the whole sheet before any limit is checked.
    if wb.load_tables().is_ok() {
        for name in wb.sheet_names() {
            for table in wb.table_names_in_sheet(&name) {
                if let Some(l) = layout::TABLES.iter().find(|l| l.name == table.as_str()) {
                    table_sheet.insert(l.name, name.clone());
                }
            }
        }
    }
    let mut ranges = Vec::new();
    for name in wb.sheet_names() {
        let holds_ours = table_sheet.values().any(|s| *s == name);
        if is_display_only(&name) && !holds_ours {
            continue;
        }
        // Only `Réalisé` can mean a percentage: the styles of the indicators' sheet are read.
        let styles = table_sheet
            .get(INDICATORS.name)
            .unwrap_or(&INDICATORS.sheet.to_string())
            == &name;
        if let Some(range) =
            crate::workbook::limits::sheet_range(wb, &name, styles).map_err(ReadError::Invalid)?
        {
            ranges.push((name, range));
        }
    }
    Ok(Sheets {
        ranges,
        table_sheet,
        tables: true,
    })
}

/// Sheets this tool writes for people and never reads back.
pub(super) fn is_display_only(sheet: &str) -> bool {
    layout::DISPLAY_ONLY.contains(&sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identity_read_from_the_terms_alone_is_the_contracts() {
        let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
        let entries = crate::workbook::Entries::default();
        let funding = crate::funding::fund_year(&c, 2, &entries.readings(&c, 2));
        let bytes = crate::workbook::write_workbook(&c, 2, &entries, &funding).unwrap();
        let path = Path::new("suivi.xlsx");
        let identity = read_identity(path, &bytes).unwrap();
        let wb = read_bytes(path, &bytes).unwrap();
        assert_eq!(identity, Identity::of(&wb.contract, wb.year));
        assert_eq!(identity.identifier, "852 741 963 00018");
        // Taken from the terms, not from parsing the contract again.
        let mut xlsx = Xlsx::new(std::io::Cursor::new(&bytes)).unwrap();
        let cells = crate::workbook::limits::sheet_range(&mut xlsx, layout::SHEET_META, false)
            .unwrap()
            .unwrap();
        assert_eq!(identity_from_terms(&cells.range), Some(identity));
    }
}
