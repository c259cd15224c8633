//! Reads a filled workbook back through the shared layout (README, « Le classeur de suivi » and
//! « Contrôler un classeur rempli »).
//!
//! Nothing depends on row positions: each table is found by its Excel name (or, if that is
//! gone, by its header row), columns by their header, rows by their key. Whatever a user typed
//! outside the layout (extra sheets, extra columns, unknown rows) is kept for the write-back.

pub(crate) mod formats;
mod identity;
pub(crate) mod tables;

use super::entries::{Cell, Entries, ExtraSheet, Kept};
use super::layout::{CHECKPOINTS, EVIDENCE, INDICATORS, Role, TableLayout};
use crate::contract::Contract;
use crate::finding::Finding;
use crate::finding::{Code, Hint};
use calamine::Data;
use formats::Sheets;
use formats::read_bytes;
use identity::read_meta;
use rust_xlsxwriter::utility::row_col_to_cell;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use tables::read_extra_sheets;
use tables::read_table;

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

fn invalid(code: Code, sheet: &str, cell: &str, message: String, hint: Option<Hint>) -> ReadError {
    ReadError::Invalid(super::limits::refusal(
        code,
        sheet,
        cell.to_string(),
        message,
        hint,
    ))
}

/// Converts a calamine value to a cell as typed.
pub(crate) fn cell_of(data: &Data) -> Cell {
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

fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    ReadError::Io(format!(
        "{} : {}",
        path.display(),
        crate::fsio::io_reason(e)
    ))
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
