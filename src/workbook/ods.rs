//! What calamine does not say of an OpenDocument spreadsheet (`.ods`), read before it builds
//! anything: each sheet's bounds, its formulas and its percentages.
//!
//! An `.ods` compresses repeated cells into one element (`number-columns-repeated`,
//! `number-rows-repeated`): a few bytes can claim billions of cells, which calamine would
//! expand. This scanner streams `content.xml`, counts the cells each sheet really holds,
//! repeats included, and refuses a sheet beyond the limits of [`super::limits`] without
//! allocating it. On the way it notes the cells holding a formula and the numbers typed as
//! percentages (`office:value-type="percentage"`), which calamine reads as plain numbers.

use super::limits::{MAX_CELLS_PER_SHEET, MAX_SHEET_AREA, Refusal, refusal};
use crate::finding::{Code, hints};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::{BufReader, Read, Seek};

/// One sheet of an `.ods`, as scanned.
#[derive(Debug, Clone, Default)]
pub(crate) struct OdsSheet {
    /// Its name.
    pub name: String,
    /// Cells holding a formula, as (row, column).
    pub formulas: HashSet<(u32, u32)>,
    /// Numbers typed as percentages, as (row, column).
    pub percent: HashSet<(u32, u32)>,
}

/// Scans `content.xml` of an `.ods` archive.
pub(crate) fn scan<R: Read + Seek>(archive: R) -> Result<Vec<OdsSheet>, Refusal> {
    let damaged = || {
        refusal(
            Code::Unreadable,
            "",
            String::new(),
            "le classeur OpenDocument (.ods) est endommagé (contenu XML invalide)".into(),
            Some(hints::REPAIR),
        )
    };
    let mut zip = zip::ZipArchive::new(archive).map_err(|_| damaged())?;
    let content = zip.by_name("content.xml").map_err(|_| damaged())?;
    let mut reader = Reader::from_reader(BufReader::new(content));
    let mut scan = Scan::default();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| damaged())?;
        match event {
            Event::Start(e) => scan.start(&e, false)?,
            Event::Empty(e) => scan.start(&e, true)?,
            Event::End(e) => scan.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(scan.sheets)
}

#[derive(Default)]
struct Scan {
    sheets: Vec<OdsSheet>,
    row: u64,
    row_repeats: u64,
    col: u64,
    cells: u64,
    min_row: u64,
    max_row: u64,
    min_col: u64,
    max_col: u64,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Scan {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), Refusal> {
        match e.local_name().as_ref() {
            "table" => {
                self.sheets.push(OdsSheet {
                    name: attr(e, "table:name").unwrap_or_default(),
                    ..OdsSheet::default()
                });
                (self.row, self.cells) = (0, 0);
                (self.min_row, self.max_row) = (u64::MAX, 0);
                (self.min_col, self.max_col) = (u64::MAX, 0);
            }
            "table-row" => {
                self.row_repeats = repeats(e, "table:number-rows-repeated");
                self.col = 0;
                if empty {
                    self.end("table-row");
                }
            }
            "table-cell" | "covered-table-cell" => self.cell(e)?,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) {
        if name == "table-row" {
            self.row = self.row.saturating_add(self.row_repeats);
            self.row_repeats = 1;
        }
    }

    fn cell(&mut self, e: &BytesStart<'_>) -> Result<(), Refusal> {
        let across = repeats(e, "table:number-columns-repeated");
        let formula = attr(e, "table:formula").is_some();
        let kind = attr(e, "office:value-type");
        let (first_col, first_row) = (self.col, self.row);
        self.col = self.col.saturating_add(across);
        if kind.is_none() && !formula {
            return Ok(());
        }
        let (last_row, last_col) = (first_row + self.row_repeats - 1, self.col - 1);
        self.cells = self
            .cells
            .saturating_add(across.saturating_mul(self.row_repeats));
        (self.min_row, self.max_row) = (self.min_row.min(first_row), self.max_row.max(last_row));
        (self.min_col, self.max_col) = (self.min_col.min(first_col), self.max_col.max(last_col));
        let area =
            (self.max_row - self.min_row + 1).saturating_mul(self.max_col - self.min_col + 1);
        let sheet = self.sheets.last_mut();
        let name = sheet.as_ref().map(|s| s.name.clone()).unwrap_or_default();
        if self.cells > MAX_CELLS_PER_SHEET as u64 || area > MAX_SHEET_AREA {
            return Err(refusal(
                Code::SheetTooLarge,
                &name,
                String::new(),
                format!(
                    "la feuille « {name} » est trop grande : {} cellules ou plus (répétitions \
                     comprises), jusqu'à la ligne {} (limites : {MAX_CELLS_PER_SHEET} cellules, \
                     {MAX_SHEET_AREA} cellules d'étendue)",
                    self.cells,
                    last_row + 1
                ),
                None,
            ));
        }
        let Some(sheet) = sheet else { return Ok(()) };
        // Within the limits just checked, so these loops stay small.
        for row in first_row..=last_row {
            for col in first_col..=last_col {
                let pos = (row as u32, col as u32);
                if formula {
                    sheet.formulas.insert(pos);
                }
                if kind.as_deref() == Some("percentage") {
                    sheet.percent.insert(pos);
                }
            }
        }
        Ok(())
    }
}
