//! Finding the tables of a workbook read back: by their Excel name, or by their header row,
//! and their rows by key.

use super::MAX_ROWS;
use super::RowRead;
use super::TableRead;
use super::cell_of;
use super::formats::Sheets;
use crate::finding::Code;
use crate::finding::Finding;
use crate::finding::Severity;
use crate::finding::hints;
use crate::workbook::entries::Cell;
use crate::workbook::entries::ExtraSheet;
use crate::workbook::entries::checkpoint_key;
use crate::workbook::entries::evidence_key;
use crate::workbook::layout;
use crate::workbook::layout::TableLayout;
use crate::workbook::layout::evid;
use crate::workbook::layout::ind;
use crate::workbook::layout::step;
use calamine::Data;
use calamine::Range;
use rust_xlsxwriter::utility::row_col_to_cell;
/// Finds a table's header row: the row holding its first column and most of the others.
pub(super) fn find_header(
    range: &Range<Data>,
    layout: &TableLayout,
) -> Option<(u32, Vec<(u16, String)>)> {
    let names: Vec<&str> = layout.columns.iter().map(|c| c.name).collect();
    header_row(range, &names)
}

/// The first row of a sheet holding the first of `columns` and more than half of them: its
/// 0-based row, and every header it holds with its sheet column. Shared by every table read
/// back by its headers (the tracking workbook's, the contract workbook's).
pub(crate) fn header_row(
    range: &Range<Data>,
    columns: &[&str],
) -> Option<(u32, Vec<(u16, String)>)> {
    let (r0, c0) = range.start()?;
    let first = columns.first()?;
    range
        .rows()
        .take(MAX_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let names: Vec<(u16, String)> = row
                .iter()
                .enumerate()
                .filter_map(|(j, c)| match c {
                    Data::String(s) if !s.trim().is_empty() => Some((
                        crate::workbook::layout::col_at(c0 as usize + j),
                        s.trim().to_string(),
                    )),
                    _ => None,
                })
                .collect();
            let known = columns
                .iter()
                .filter(|c| names.iter().any(|(_, n)| n == *c))
                .count();
            let has_first = names.iter().any(|(_, n)| n == first);
            (has_first && known * 2 > columns.len()).then(|| (r0 + i as u32, names))
        })
}

pub(super) fn read_table(
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
        findings.push(Finding::of(
            Code::TableMissing,
            layout.sheet,
            "",
            format!(
                "le tableau « {} » est introuvable : feuille « {} » \
                    supprimée ou renommée, ou en-têtes modifiés",
                layout.name, layout.sheet
            ),
        ));
        return None;
    };
    if !is_table && sheets.tables {
        // The rows are still read through their headers: the data is intact, only the Excel
        // table object is gone (LibreOffice drops it in some edits), hence a warning.
        findings.push(
            Finding::of(
                Code::TableMissing,
                sheet,
                row_col_to_cell(header_row, 0),
                format!(
                    "« {} » n'est plus défini comme tableau Excel (renommé ou \
                    converti en plage) ; ses lignes ont été lues d'après les \
                    en-têtes",
                    layout.name
                ),
            )
            .hint_with(hints::TABLE_RENAME, &[layout.name])
            .severity(Severity::Warning),
        );
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
pub(super) struct Typed {
    cell: Cell,
    formula: bool,
}

/// Builds a table from its header names and a way to read any cell. Inside a table definition
/// empty rows are skipped; without one, the first empty row ends the table.
#[allow(clippy::too_many_arguments)]
pub(super) fn table_read(
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
        // A column this version added is missing from the workbooks of earlier versions: its
        // formulas are rewritten by `summarize`, nothing typed is lost without it.
        if found.is_none() && !crate::workbook::layout::ADDED_COLUMNS.contains(&column.name) {
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
                .hint_with(hints::COLUMN_RESTORE, &[column.name]),
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
pub(super) fn row_key(layout: &TableLayout, cells: &[Cell]) -> String {
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

pub(super) fn read_extra_sheets(sheets: &Sheets) -> Vec<ExtraSheet> {
    let ours = layout::READ_BACK;
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
                        crate::workbook::layout::col_at(c0 as usize + c),
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
