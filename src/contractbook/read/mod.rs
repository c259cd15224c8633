//! Reads a contract workbook (`.xlsx` or `.ods`, recognised from its bytes) into the contract's
//! entries, with every problem a cell shows on its own: a value of the wrong type, a choice
//! outside its list, a required value left blank, an indicator described differently on two of
//! its rows. Each table is found by its Excel name (or its header row), each column by its
//! header, and every row below the header is read, blank rows skipped: rows typed or pasted
//! below a table count as its rows.

mod annex;
mod build;
mod cells;
mod flaw;

pub(crate) use flaw::{Flaw, Taint};

use super::form::Form;
use super::layout::{self, ANNEX, BookTable, TABLES, TIERS};
use crate::workbook::entries::Cell;
use crate::workbook::limits::SheetCells;
use crate::workbook::read::ReadError;
use crate::workbook::read::formats::{self, Format};
use crate::workbook::read::tables::header_row;
use calamine::{Data, Reader, Xlsx};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;

/// Most rows read below a table's header.
const MAX_ROWS: usize = 20_000;

/// A contract workbook read: its entries, the problems of its cells, and what those problems
/// leave unknown (so that the contract's checks do not report their consequences).
#[derive(Debug, Clone, Default)]
pub(crate) struct BookRead {
    /// The entries, a value that could not be read replaced by a neutral one.
    pub form: Form,
    /// Problems of cells.
    pub flaws: Vec<Flaw>,
    /// Rows, indicators and values that hold a problem.
    pub taint: Taint,
}

/// One cell of a table row as read.
#[derive(Debug, Clone, Default)]
pub(super) struct CellIn {
    /// The value.
    pub cell: Cell,
    /// Shown as a percentage (a typed `50 %` is stored 0.5).
    pub percent: bool,
    /// 0-based sheet column (the header's when the column is missing).
    pub col: u16,
}

/// A row of a table: its 0-based sheet row and its cells, by layout column.
#[derive(Debug, Clone)]
pub(super) struct RowIn {
    pub row: u32,
    pub cells: Vec<CellIn>,
}

/// A table as found in the workbook.
#[derive(Debug, Clone)]
pub(super) struct TableIn {
    pub table: BookTable,
    pub header_row: u32,
    pub rows: Vec<RowIn>,
}

/// The sheets of the workbook that hold our tables.
struct Sheets {
    grids: Vec<(String, SheetCells)>,
    /// The sheet holding each Excel table, for `.xlsx`.
    table_sheet: HashMap<&'static str, String>,
}

/// Why the bytes are not a workbook that can be read, in French.
fn reason(e: ReadError) -> String {
    match e {
        ReadError::Io(m) => m,
        ReadError::Invalid(f) => format!("{} ; {}", f.message, f.hint),
    }
}

/// Reads a contract workbook's bytes.
pub(crate) fn read_book(bytes: &[u8]) -> Result<BookRead, String> {
    let sheets = match formats::detect(bytes).map_err(reason)? {
        Format::Xlsx => xlsx(bytes)?,
        Format::Ods => ods(bytes)?,
        Format::Xls => {
            return Err(
                "classeur Excel 97-2003 (.xls) : enregistrez-le au format .xlsx (ou \
                        .ods) puis recommencez"
                    .into(),
            );
        }
    };
    let mut flaws = Vec::new();
    let tables: Vec<Option<TableIn>> = TABLES
        .iter()
        .map(|t| find_table(&sheets, t, &mut flaws))
        .collect();
    // A tracking workbook given for its contract: said as such, not as seven missing tables.
    if tables.iter().all(Option::is_none) && tracking(bytes) {
        return Err(
            "c'est un classeur de suivi, pas un contrat : donnez le contrat signé (fichier \
                    TOML ou classeur du contrat écrit par « cpts-aci init -o contrat.xlsx »)"
                .into(),
        );
    }
    let mut read = build::build(&tables, &mut flaws);
    flaws.append(&mut read.flaws);
    read.flaws = flaws;
    Ok(read)
}

/// Whether the bytes are a tracking workbook of this tool (its identification sheet).
fn tracking(bytes: &[u8]) -> bool {
    crate::workbook::read::formats::read_bytes(std::path::Path::new("classeur"), bytes).is_ok()
}

fn xlsx(bytes: &[u8]) -> Result<Sheets, String> {
    crate::workbook::limits::check_archive(Cursor::new(bytes), bytes.len() as u64)
        .map_err(|f| format!("{} ; {}", f.message, f.hint))?;
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        format!(
            "le fichier n'est pas un classeur lisible ({})",
            formats::calamine_reason(&e)
        )
    })?;
    let mut table_sheet = HashMap::new();
    if wb.load_tables().is_ok() {
        for name in wb.sheet_names() {
            for table in wb.table_names_in_sheet(&name) {
                if let Some(t) = TABLES.iter().find(|t| t.name == table.as_str()) {
                    table_sheet.insert(t.name, name.clone());
                }
            }
        }
    }
    let mut grids = Vec::new();
    for name in wb.sheet_names() {
        let ours =
            TABLES.iter().any(|t| t.sheet == name) || table_sheet.values().any(|s| *s == name);
        if !ours {
            continue;
        }
        let styles = [ANNEX, TIERS].iter().any(|t| {
            table_sheet
                .get(t.name)
                .map_or(t.sheet == name, |s| *s == name)
        });
        let range = crate::workbook::limits::sheet_range(&mut wb, &name, styles)
            .map_err(|f| format!("{} ; {}", f.message, f.hint))?;
        if let Some(range) = range {
            grids.push((name, range));
        }
    }
    Ok(Sheets { grids, table_sheet })
}

fn ods(bytes: &[u8]) -> Result<Sheets, String> {
    crate::workbook::limits::check_archive(Cursor::new(bytes), bytes.len() as u64)
        .map_err(|f| format!("{} ; {}", f.message, f.hint))?;
    let scanned = crate::workbook::ods::scan(Cursor::new(bytes))
        .map_err(|f| format!("{} ; {}", f.message, f.hint))?;
    let damaged = || "classeur OpenDocument endommagé".to_string();
    let mut wb = calamine::Ods::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let mut grids = Vec::new();
    for sheet in scanned {
        if !TABLES.iter().any(|t| t.sheet == sheet.name) {
            continue;
        }
        let range = wb.worksheet_range(&sheet.name).map_err(|_| damaged())?;
        let cells = SheetCells {
            range,
            formulas: sheet.formulas,
            percent: sheet.percent,
        };
        let cells = formats::bounded(cells).map_err(reason)?;
        grids.push((sheet.name, cells));
    }
    Ok(Sheets {
        grids,
        table_sheet: HashMap::new(),
    })
}

/// A table: by its Excel name, else on its sheet by its header row; every row below it.
fn find_table(sheets: &Sheets, table: &BookTable, flaws: &mut Vec<Flaw>) -> Option<TableIn> {
    let sheet = sheets
        .table_sheet
        .get(table.name)
        .map_or(table.sheet, String::as_str);
    let grid = sheets
        .grids
        .iter()
        .find(|(n, _)| n == sheet)
        .map(|(_, g)| g);
    let found = grid.and_then(|g| header(&g.range, table).map(|h| (g, h)));
    let Some((grid, (header_row, names))) = found else {
        if !layout::added_later(table, None) {
            flaws.push(Flaw::table_missing(table));
        }
        return None;
    };
    let columns: Vec<Option<u16>> = table
        .columns
        .iter()
        .map(|c| names.iter().find(|(_, n)| n == c.name).map(|(col, _)| *col))
        .collect();
    for (column, found) in table.columns.iter().zip(&columns) {
        if found.is_none() && !layout::added_later(table, Some(column.name)) {
            flaws.push(Flaw::column_missing(table, header_row, column.name));
        }
    }
    let range = &grid.range;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let last = range.end().map_or(header_row, |(r, _)| r);
    let percent: &HashSet<(u32, u32)> = &grid.percent;
    let mut rows = Vec::new();
    for row in header_row + 1..=last {
        let cells: Vec<CellIn> = columns
            .iter()
            .map(|col| match col {
                None => CellIn::default(),
                Some(col) => {
                    let data = range
                        .get(((row - r0) as usize, (u32::from(*col) - c0) as usize))
                        .unwrap_or(&Data::Empty);
                    CellIn {
                        cell: crate::workbook::read::cell_of(data),
                        percent: percent.contains(&(row, u32::from(*col))),
                        col: *col,
                    }
                }
            })
            .collect();
        if cells.iter().all(|c| c.cell.is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            break;
        }
        rows.push(RowIn { row, cells });
    }
    Some(TableIn {
        table: *table,
        header_row,
        rows,
    })
}

/// A table's header row: the first row holding its first column and most of the others.
fn header(range: &calamine::Range<Data>, table: &BookTable) -> Option<(u32, Vec<(u16, String)>)> {
    let names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    header_row(range, &names)
}
