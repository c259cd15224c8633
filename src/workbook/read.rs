//! Reads a filled workbook back through the shared layout (README, « Le classeur de suivi » and « Contrôler un classeur rempli »).
//!
//! Nothing depends on row positions: each table is found by its Excel name (or, if that is
//! gone, by its header row), columns by their header, rows by their key. Whatever a user typed
//! outside the layout (extra sheets, extra columns, unknown rows) is kept for the write-back.

use super::entries::{Cell, Entries, ExtraSheet, Kept, checkpoint_key, evidence_key};
use super::layout::{
    self, CHECKPOINTS, EVIDENCE, INDICATORS, Role, TableLayout, evid, ind, meta, step,
};
use super::limits::SheetCells;
use crate::contract::Contract;
use crate::finding::Code;
use crate::finding::{Finding, Severity};
use calamine::{Data, Range, Reader, Xlsx};
use rust_xlsxwriter::utility::row_col_to_cell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

/// Most rows read below a table header when the table definition is gone.
const MAX_ROWS: usize = 100_000;

/// A row of a table as read.
#[derive(Debug, Clone, PartialEq)]
pub struct RowRead {
    /// 0-based row in the sheet.
    pub row: u32,
    /// The row's key (indicator code; code and piece; planned date), "" when it has none.
    pub key: String,
    /// Values of the layout's columns, by layout index (empty when the column is missing).
    pub cells: Vec<Cell>,
    /// Values of columns the user added, by header.
    pub extra: Vec<(String, Cell)>,
    /// Layout columns (by index) whose cell holds a formula rather than a typed value.
    pub formulas: Vec<usize>,
}

/// A table as read.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRead {
    /// Which table.
    pub layout: TableLayout,
    /// 0-based header row.
    pub header_row: u32,
    /// 0-based sheet column of each layout column, `None` when missing.
    pub columns: Vec<Option<u16>>,
    /// Data rows, in sheet order (empty rows skipped).
    pub rows: Vec<RowRead>,
}

impl TableRead {
    /// A finding at a layout column of a row of this table.
    pub fn finding(
        &self,
        code: Code,
        row: u32,
        column: &str,
        message: impl Into<String>,
    ) -> Finding {
        Finding::of(code, self.layout.sheet, self.cell(row, column), message)
    }

    /// A1 address of a layout column in a row (the header cell when the column is missing).
    pub fn cell(&self, row: u32, column: &str) -> String {
        let col = self.columns[usize::from(self.layout.col(column))].unwrap_or(0);
        row_col_to_cell(row, col)
    }
}

/// A workbook read back.
#[derive(Debug, Clone)]
pub struct ReadWorkbook {
    /// The file.
    pub path: PathBuf,
    /// The contract embedded in the workbook.
    pub contract: Contract,
    /// The contract year.
    pub year: u32,
    /// The contract hash recorded when the workbook was generated.
    pub stored_hash: String,
    /// The three tables, when found.
    pub indicators: Option<TableRead>,
    /// `Justificatifs`.
    pub evidence: Option<TableRead>,
    /// `PointsEtape`.
    pub checkpoints: Option<TableRead>,
    /// Sheets the layout does not know.
    pub extra_sheets: Vec<ExtraSheet>,
    /// Problems met while reading (identity and structure).
    pub findings: Vec<Finding>,
}

/// Why a workbook could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened (missing, permissions, folder): the command cannot run.
    #[error("{0}")]
    Io(String),
    /// The file is not a readable workbook of this tool: the input has an error.
    #[error("{}", .0.message)]
    Invalid(Box<Finding>),
}

fn invalid(code: Code, sheet: &str, cell: &str, message: String, hint: &str) -> ReadError {
    ReadError::Invalid(super::limits::refusal(
        code,
        sheet,
        cell.to_string(),
        message,
        hint,
    ))
}

/// Converts a calamine value to a cell as typed.
pub fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => dt
            .as_datetime()
            .map_or(Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Reads a workbook file.
pub fn read_workbook(path: &Path) -> Result<ReadWorkbook, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(ReadError::Io(format!(
            "{} : c'est un dossier, pas un classeur",
            path.display()
        )));
    }
    // Refused by size before a single byte is read.
    super::limits::check_size(meta.len()).map_err(ReadError::Invalid)?;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(super::limits::MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|e| io_error(path, &e))?;
    read_bytes(path, &bytes)
}

/// The spreadsheet formats read, recognised from the bytes whatever the file is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
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
        super::limits::check_archive(cursor(), bytes.len() as u64).map_err(ReadError::Invalid)?;
    } else {
        super::limits::check_size(bytes.len() as u64).map_err(ReadError::Invalid)?;
    }
    let unreadable = |reason: &str| {
        invalid(
            Code::Unreadable,
            "",
            "",
            format!("le fichier n'est pas un classeur lisible ({reason})"),
            "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le à nouveau (.xlsx de préférence).",
        )
    };
    let sheets = match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(cursor()).map_err(|e| unreadable(calamine_reason(&e)))?;
            load_sheets(&mut wb)?
        }
        Format::Ods => {
            let scanned = super::ods::scan(cursor()).map_err(ReadError::Invalid)?;
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
                    "Retirez le mot de passe s'il y en a un, ou ouvrez-le dans Excel ou \
                     LibreOffice et enregistrez-le à nouveau (.xlsx de préférence).",
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

/// A sheet read whole by calamine (`.ods`, `.xls`), held to the limits the streamed `.xlsx`
/// sheets are held to while they are read.
fn bounded(cells: SheetCells) -> Result<SheetCells, ReadError> {
    let (rows, cols) = cells.range.get_size();
    let too_large = (rows as u64).saturating_mul(cols as u64) > super::limits::MAX_SHEET_AREA;
    let long_text = cells.range.used_cells().find(|(_, _, d)| {
        matches!(d, Data::String(s) if s.len() > super::limits::MAX_TEXT_CHARS
            && s.chars().count() > super::limits::MAX_TEXT_CHARS)
    });
    let (r0, c0) = cells.range.start().unwrap_or((0, 0));
    if too_large {
        return Err(invalid(
            Code::SheetTooLarge,
            "",
            "",
            format!("une feuille est trop grande : {rows} lignes sur {cols} colonnes"),
            "Supprimez les lignes et colonnes parasites puis enregistrez le classeur.",
        ));
    }
    if let Some((r, c, _)) = long_text {
        let cell = row_col_to_cell(r0 + r as u32, u16::try_from(c0 as usize + c).unwrap_or(0));
        return Err(invalid(
            Code::TextTooLong,
            "",
            &cell,
            format!(
                "texte de plus de {} caractères, au-delà de la limite d'Excel",
                super::limits::MAX_TEXT_CHARS
            ),
            "Raccourcissez ce texte ; joignez les longs documents comme pièces justificatives.",
        ));
    }
    Ok(cells)
}

/// calamine's errors, in French and without internals.
fn calamine_reason(e: &calamine::XlsxError) -> &'static str {
    use calamine::XlsxError as E;
    match e {
        E::Zip(_) | E::Io(_) => "archive tronquée ou endommagée",
        E::Xml(_) | E::XmlAttr(_) | E::XmlEof(_) => "contenu XML invalide",
        E::FileNotFound(_) => "une partie du classeur manque",
        _ => "structure de classeur inattendue",
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    ReadError::Io(format!(
        "{} : {}",
        path.display(),
        crate::fsio::io_reason(e)
    ))
}

/// Recognises the format from the bytes, or says exactly why the file is not a workbook.
pub fn detect(bytes: &[u8]) -> Result<Format, ReadError> {
    let refuse = |message: &str, hint: &str| {
        Err(invalid(Code::Unreadable, "", "", message.to_string(), hint))
    };
    if bytes.is_empty() {
        return refuse(
            "le fichier est vide (0 octet)",
            "Renvoyez le classeur : le fichier a été mal copié ou mal enregistré.",
        );
    }
    let magic = &bytes[..bytes.len().min(4)];
    let not_a_workbook = || {
        refuse(
            "ce fichier n'est pas un classeur (ni .xlsx, ni .ods, ni .xls)",
            "Vérifiez qu'il s'agit bien du classeur de suivi et non d'un autre document.",
        )
    };
    match magic {
        [0xD0, 0xCF, 0x11, 0xE0] if contains_utf16(bytes, "EncryptedPackage") => refuse(
            "classeur protégé par un mot de passe (chiffré)",
            "Retirez le mot de passe (Fichier, Informations, Protéger le classeur) et \
             enregistrez-le à nouveau.",
        ),
        [0xD0, 0xCF, 0x11, 0xE0] => Ok(Format::Xls),
        [b'P', b'K', 3, 4] => {
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
                return refuse(
                    "le fichier n'est pas un classeur lisible (archive tronquée ou endommagée)",
                    "Renvoyez le classeur : il a été mal copié, ou enregistrez-le à nouveau.",
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
fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// The grids of the sheets this reader uses, in workbook order, each streamed and bounded by
/// `limits` before it is built; and the sheet holding each of our Excel tables.
struct Sheets {
    ranges: Vec<(String, SheetCells)>,
    table_sheet: HashMap<&'static str, String>,
    /// Whether the format has Excel tables (`.ods` and `.xls` have plain ranges only).
    tables: bool,
}

impl Sheets {
    /// The sheets of a format without Excel tables: found by their header rows.
    fn untabled(ranges: Vec<(String, SheetCells)>) -> Sheets {
        Sheets {
            ranges,
            table_sheet: HashMap::new(),
            tables: false,
        }
    }

    fn cells(&self, name: &str) -> Option<&SheetCells> {
        self.ranges.iter().find(|(n, _)| n == name).map(|(_, r)| r)
    }

    fn get(&self, name: &str) -> Option<&Range<Data>> {
        self.cells(name).map(|c| &c.range)
    }
}

fn load_sheets<RS: Read + Seek>(wb: &mut Xlsx<RS>) -> Result<Sheets, ReadError> {
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
            super::limits::sheet_range(wb, &name, styles).map_err(ReadError::Invalid)?
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
fn is_display_only(sheet: &str) -> bool {
    [
        layout::SHEET_README,
        layout::SHEET_CONTRACT,
        layout::SHEET_SUMMARY,
        layout::SHEET_CONTROLS,
        layout::SHEET_KEPT,
    ]
    .contains(&sheet)
}

fn read_sheets(sheets: Sheets, path: &Path) -> Result<ReadWorkbook, ReadError> {
    let (contract, year, stored_hash, mut findings) = read_meta(&sheets)?;
    let mut table = |layout: &TableLayout| read_table(&sheets, layout, &mut findings);
    let indicators = table(&INDICATORS);
    let evidence = table(&EVIDENCE);
    let checkpoints = table(&CHECKPOINTS);
    let extra_sheets = read_extra_sheets(&sheets);
    Ok(ReadWorkbook {
        path: path.to_path_buf(),
        contract,
        year,
        stored_hash,
        indicators,
        evidence,
        checkpoints,
        extra_sheets,
        findings,
    })
}

fn read_meta(sheets: &Sheets) -> Result<(Contract, u32, String, Vec<Finding>), ReadError> {
    let sheet = layout::SHEET_META;
    let range = sheets.get(sheet).ok_or_else(|| {
        invalid(Code::NotOurWorkbook, "", "", "ce classeur n'a pas été produit par cpts-aci (sa feuille d'identification est absente)"
                .into(), "Partez du classeur produit par « cpts-aci generate » pour votre contrat et reportez-y \
             vos saisies.")
    })?;
    let values = |key: &str| -> Vec<(u32, String)> {
        let start = range.start().unwrap_or((0, 0)).0;
        range
            .rows()
            .enumerate()
            .filter(|(_, r)| r.first().is_some_and(|c| *c == key))
            .map(|(i, r)| {
                (
                    start + i as u32,
                    r.get(1).map(|c| c.to_string()).unwrap_or_default(),
                )
            })
            .collect()
    };
    let one = |key: &str| values(key).into_iter().next();
    let format = one(meta::FORMAT).map(|(_, v)| v).unwrap_or_default();
    if format != layout::WORKBOOK_FORMAT {
        return Err(invalid(
            Code::UnsupportedFormat,
            sheet,
            "B1",
            format!(
                "format de classeur « {format} » non pris en charge (attendu : « {} »)",
                layout::WORKBOOK_FORMAT
            ),
            "Régénérez le classeur avec cette version de cpts-aci, ou utilisez la version qui l'a produit.",
        ));
    }
    let text: String = values(meta::CONTRACT_TEXT)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let contract = Contract::parse(&text, Path::new("contrat du classeur")).map_err(|e| {
        invalid(
            Code::ContractUnreadable,
            sheet,
            "",
            format!("le contrat enregistré dans le classeur est illisible : {e}"),
            "Régénérez le classeur à partir du contrat signé.",
        )
    })?;
    let (year_row, year_text) = one(meta::YEAR).unwrap_or_default();
    let year = year_text
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|y| y.fract() == 0.0 && *y >= 1.0 && *y <= f64::from(contract.terms.duration_years))
        .map(|y| y as u32)
        .ok_or_else(|| {
            invalid(
                Code::UnsupportedFormat,
                sheet,
                &row_col_to_cell(year_row, 1),
                format!("année de contrat « {year_text} » illisible"),
                "Régénérez le classeur avec « cpts-aci generate ».",
            )
        })?;
    let (hash_row, stored_hash) = one(meta::CONTRACT_SHA256).unwrap_or_default();
    let mut findings = Vec::new();
    if stored_hash != contract.sha256() {
        findings.push(Finding::of(Code::ContractAltered, sheet, row_col_to_cell(hash_row, 1), "le texte du contrat enregistré dans le classeur ne correspond plus à son empreinte : il a été modifié").hint("Régénérez le classeur à partir du contrat signé et reportez-y vos saisies."));
    }
    Ok((contract, year, stored_hash, findings))
}

/// Finds a table's header row: the row holding its first column and most of the others.
fn find_header(range: &Range<Data>, layout: &TableLayout) -> Option<(u32, Vec<(u16, String)>)> {
    let (r0, c0) = range.start()?;
    range
        .rows()
        .take(MAX_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let names: Vec<(u16, String)> = row
                .iter()
                .enumerate()
                .filter_map(|(j, c)| match c {
                    Data::String(s) if !s.trim().is_empty() => {
                        Some((c0 as u16 + j as u16, s.trim().to_string()))
                    }
                    _ => None,
                })
                .collect();
            let known = layout
                .columns
                .iter()
                .filter(|c| names.iter().any(|(_, n)| n == c.name))
                .count();
            let has_first = names.iter().any(|(_, n)| n == layout.columns[0].name);
            (has_first && known * 2 > layout.columns.len()).then(|| (r0 + i as u32, names))
        })
}

fn read_table(
    sheets: &Sheets,
    layout: &TableLayout,
    findings: &mut Vec<Finding>,
) -> Option<TableRead> {
    let (sheet, is_table) = match sheets.table_sheet.get(layout.name) {
        Some(sheet) => (sheet.as_str(), true),
        None => (layout.sheet, false),
    };
    let grid = sheets.cells(sheet);
    let header = grid.and_then(|g| find_header(&g.range, layout));
    let (Some(grid), Some((header_row, names))) = (grid, header) else {
        findings.push(Finding::of(Code::TableMissing, layout.sheet, "", format!(
                "le tableau « {} » est introuvable : feuille « {} » supprimée ou renommée, ou en-têtes modifiés",
                layout.name, layout.sheet
            )).hint("Repartez du classeur produit par cpts-aci : ne renommez ni les feuilles, ni les tableaux, ni leurs colonnes."));
        return None;
    };
    if !is_table && sheets.tables {
        // The rows are still read through their headers: the data is intact, only the Excel
        // table object is gone (LibreOffice drops it in some edits), hence a warning.
        findings.push(Finding::of(Code::TableMissing, sheet, row_col_to_cell(header_row, 0), format!(
                "« {} » n'est plus défini comme tableau Excel (renommé ou converti en plage) ; ses lignes ont été lues d'après les en-têtes",
                layout.name
            )).hint(format!("Rétablissez le nom du tableau : « {} » (Création de tableau, Nom du tableau).", layout.name)).severity(Severity::Warning));
    }
    let range = &grid.range;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let at = |row: u32, col: u16| -> Typed {
        let (Some(r), Some(c)) = (row.checked_sub(r0), u32::from(col).checked_sub(c0)) else {
            return Typed::default();
        };
        let data = range.get((r as usize, c as usize)).unwrap_or(&Data::Empty);
        let pos = (row, u32::from(col));
        let cell = match cell_of(data) {
            Cell::Number(x) if grid.percent.contains(&pos) => Cell::Percent(x),
            cell => cell,
        };
        Typed {
            cell,
            formula: grid.formulas.contains(&pos),
        }
    };
    let last = range.end().map_or(header_row, |(r, _)| r);
    Some(table_read(
        layout, sheet, header_row, &names, &at, last, is_table, findings,
    ))
}

/// A cell as read: its value, and whether it holds a formula.
#[derive(Debug, Clone, Default)]
struct Typed {
    cell: Cell,
    formula: bool,
}

/// Builds a table from its header names and a way to read any cell. Inside a table definition
/// empty rows are skipped; without one, the first empty row ends the table.
#[allow(clippy::too_many_arguments)]
fn table_read(
    layout: &TableLayout,
    sheet: &str,
    header_row: u32,
    names: &[(u16, String)],
    at: &dyn Fn(u32, u16) -> Typed,
    last_row: u32,
    bounded: bool,
    findings: &mut Vec<Finding>,
) -> TableRead {
    let columns: Vec<Option<u16>> = layout
        .columns
        .iter()
        .map(|c| names.iter().find(|(_, n)| n == c.name).map(|(col, _)| *col))
        .collect();
    for (column, found) in layout.columns.iter().zip(&columns) {
        if found.is_none() {
            findings.push(
                Finding::of(
                    Code::ColumnMissing,
                    sheet,
                    row_col_to_cell(header_row, 0),
                    format!(
                        "la colonne « {} » du tableau « {} » est absente ou renommée",
                        column.name, layout.name
                    ),
                )
                .hint(format!(
                    "Rétablissez l'en-tête « {} » (le contrôle lit les colonnes par leur nom).",
                    column.name
                )),
            );
        }
    }
    let extra_columns: Vec<&(u16, String)> = names
        .iter()
        .filter(|(_, n)| !n.is_empty() && layout.columns.iter().all(|c| c.name != n))
        .collect();
    let mut rows = Vec::new();
    for row in header_row + 1..=last_row {
        let typed: Vec<Typed> = columns
            .iter()
            .map(|c| c.map_or_else(Typed::default, |col| at(row, col)))
            .collect();
        let formulas = (0..typed.len()).filter(|&i| typed[i].formula).collect();
        let cells: Vec<Cell> = typed.into_iter().map(|t| t.cell).collect();
        let extra: Vec<(String, Cell)> = extra_columns
            .iter()
            .map(|(col, name)| (name.clone(), at(row, *col).cell))
            .filter(|(_, c)| !c.is_empty())
            .collect();
        if cells.iter().all(Cell::is_empty) && extra.is_empty() {
            if bounded {
                continue;
            }
            break;
        }
        if rows.len() >= MAX_ROWS {
            break;
        }
        let key = row_key(layout, &cells);
        rows.push(RowRead {
            row,
            key,
            cells,
            extra,
            formulas,
        });
    }
    TableRead {
        layout: *layout,
        header_row,
        columns,
        rows,
    }
}

/// The identity of a row, from its key columns.
pub fn row_key(layout: &TableLayout, cells: &[Cell]) -> String {
    let text = |name: &str| match &cells[usize::from(layout.col(name))] {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        _ => String::new(),
    };
    match layout.name {
        "Indicateurs" => text(ind::CODE),
        "Justificatifs" => evidence_key(&text(evid::CODE), &text(evid::PIECE)),
        _ => match &cells[usize::from(layout.col(step::PLANNED))] {
            Cell::Date(d) => checkpoint_key(*d),
            _ => text(step::PLANNED),
        },
    }
}

fn read_extra_sheets(sheets: &Sheets) -> Vec<ExtraSheet> {
    let ours = [
        layout::SHEET_INDICATORS,
        layout::SHEET_EVIDENCE,
        layout::SHEET_CHECKPOINTS,
        layout::SHEET_META,
    ];
    sheets
        .ranges
        .iter()
        .filter(|(name, _)| {
            !ours.contains(&name.as_str()) && !sheets.table_sheet.values().any(|s| s == name)
        })
        .map(|(name, grid)| {
            let range = &grid.range;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cells = range
                .used_cells()
                .filter(|(_, _, d)| !matches!(d, Data::Empty))
                .map(|(r, c, d)| {
                    (
                        r0 + r as u32,
                        u16::try_from(c0 as usize + c).unwrap_or(u16::MAX),
                        cell_of(d),
                    )
                })
                .collect();
            ExtraSheet {
                name: name.clone(),
                cells,
            }
        })
        .collect()
}

impl ReadWorkbook {
    /// Entries with no place in the layout: rows of unknown indicators, duplicated rows (after
    /// the first) and values in columns the user added.
    pub fn kept(&self) -> Vec<Kept> {
        let expected: HashSet<String> = self
            .contract
            .lines(self.year)
            .iter()
            .map(|l| l.indicator.code.clone())
            .collect();
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        let mut kept = Vec::new();
        for table in [&self.indicators, &self.evidence, &self.checkpoints]
            .into_iter()
            .flatten()
        {
            let layout = &table.layout;
            for row in &table.rows {
                let first = seen.insert((layout.name, row.key.as_str()));
                let unknown = layout.name == INDICATORS.name && !expected.contains(&row.key);
                let orphan = row.key.is_empty() || unknown || !first;
                for (i, column) in layout.columns.iter().enumerate() {
                    let typed = column.role == Role::Input || unknown || row.key.is_empty();
                    if orphan && typed && !row.cells[i].is_empty() {
                        kept.push(Kept {
                            sheet: layout.sheet.to_string(),
                            cell: table.cell(row.row, column.name),
                            column: column.name.to_string(),
                            value: row.cells[i].clone(),
                        });
                    }
                }
                for (name, value) in &row.extra {
                    kept.push(Kept {
                        sheet: layout.sheet.to_string(),
                        cell: format!("ligne {}", row.row + 1),
                        column: name.clone(),
                        value: value.clone(),
                    });
                }
            }
        }
        kept
    }

    /// Everything typed in the input columns, keyed by row (first occurrence of a key wins).
    pub fn entries(&self) -> Entries {
        let mut entries = Entries::default();
        for table in [&self.indicators, &self.evidence, &self.checkpoints]
            .into_iter()
            .flatten()
        {
            for row in &table.rows {
                if row.key.is_empty() || entries.has_row(&table.layout, &row.key) {
                    continue;
                }
                // Rows a user added to Justificatifs or PointsEtape are written back whole, so
                // their fixed columns are kept too; indicator rows come from the contract.
                let whole_row = table.layout.name != INDICATORS.name;
                for (i, column) in table.layout.columns.iter().enumerate() {
                    if column.role == Role::Input || whole_row {
                        entries.set(&table.layout, &row.key, column.name, row.cells[i].clone());
                    }
                }
            }
        }
        entries
    }
}
