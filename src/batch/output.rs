//! The consolidation outputs, written as reports arrive: a workbook in constant-memory mode
//! (each row goes to disk as soon as the next one starts) and one JSON document streamed to a
//! temporary file. Both are renamed into place only when complete. The browser edition, which
//! has no disk, builds both in memory ([`Consolidation::in_memory`]).

use super::cells::{Formats, V};
use super::sheets::{self, MAX_COLUMNS};
use super::{FileReport, Status, Summary};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::{BufWriter, Write};
use std::path::Path;

/// The consolidation being written.
pub struct Consolidation {
    wb: Workbook,
    next_row: [u32; 4],
    formats: Formats,
    json: Option<(tempfile::NamedTempFile, BufWriter<std::fs::File>, bool)>,
    /// The JSON document being built in memory (browser edition), instead of `json`.
    memory: Option<Vec<u8>>,
    /// The HTML report (`--rapport`), and where it goes (none in memory).
    rapport: Option<(super::rapport::Rapport, Option<std::path::PathBuf>)>,
    /// The run's reference date.
    date: chrono::NaiveDate,
    /// The paths checked, as the report names them.
    paths: Vec<String>,
    /// Per sheet and column, the widest value written, in column units.
    widths: [[f64; MAX_COLUMNS]; 4],
    /// Per sheet, the most lines a row's wrapped text takes.
    lines: [usize; 4],
    /// The CPTS sheet's sums of the previous years' totals and of the evolutions, for the
    /// cached values of its `SUBTOTAL`s.
    previous_sums: (Decimal, Decimal),
    /// The folder from which the `Fichier` cells link to their files (none: names as given).
    links: Option<std::path::PathBuf>,
}

/// A JSON document's opening, before the first file's report.
const JSON_HEAD: &[u8] = b"{\n\"files\": [\n";

/// A JSON document's end, after the last file's report.
fn json_tail(summary: &Summary) -> Result<String, String> {
    Ok(format!(
        "\n],\n\"summary\": {}\n}}\n",
        serde_json::to_string(summary).map_err(|e| e.to_string())?
    ))
}

fn xl(e: XlsxError) -> String {
    format!("écriture du classeur de consolidation impossible : {e}")
}

pub(super) fn io(path: &Path, e: std::io::Error) -> String {
    format!(
        "{} : écriture impossible ({})",
        path.display(),
        crate::fsio::io_reason(&e)
    )
}

impl Consolidation {
    /// Starts the outputs; the JSON file is streamed when `json` is given.
    pub fn new(json: Option<&Path>, date: chrono::NaiveDate) -> Result<Consolidation, String> {
        let mut out = Consolidation::start(date, true)?;
        if let Some(path) = json {
            let tmp = crate::fsio::temp_beside(path)?;
            let file = tmp.reopen().map_err(|e| io(path, e))?;
            let mut w = BufWriter::new(file);
            w.write_all(JSON_HEAD).map_err(|e| io(path, e))?;
            out.json = Some((tmp, w, true));
        }
        Ok(out)
    }

    /// Starts both outputs in memory, with no temporary file (the browser edition): the
    /// workbook and the JSON document that [`Consolidation::finish_in_memory`] returns are
    /// those the command line writes for the same reports and date.
    pub fn in_memory(date: chrono::NaiveDate) -> Result<Consolidation, String> {
        let mut out = Consolidation::start(date, false)?;
        out.memory = Some(JSON_HEAD.to_vec());
        out.rapport = Some((super::rapport::Rapport::in_memory(), None));
        Ok(out)
    }

    /// Also writes the HTML report at `path` (`--rapport`), naming `paths` as those checked.
    pub fn with_rapport(mut self, path: &Path) -> Result<Consolidation, String> {
        self.rapport = Some((
            super::rapport::Rapport::on_disk(path)?,
            Some(path.to_path_buf()),
        ));
        Ok(self)
    }

    /// Links each file's row to the file, by a path relative to `folder` (the consolidation's).
    pub fn linked_from(mut self, folder: std::path::PathBuf) -> Consolidation {
        self.links = Some(folder);
        self
    }

    /// The paths checked, as the report's dashboard names them.
    pub fn checked(mut self, paths: Vec<String>) -> Consolidation {
        self.paths = paths;
        self
    }

    fn start(date: chrono::NaiveDate, on_disk: bool) -> Result<Consolidation, String> {
        let mut wb = Workbook::new();
        // The run's reference date, not the clock: the same inputs give the same file.
        let properties = rust_xlsxwriter::DocProperties::new()
            .set_title("Consolidation des classeurs ACI des CPTS")
            .set_author("cpts-aci")
            .set_creation_datetime(&date)
            // The mark by which a later batch knows this file is no CPTS's workbook.
            .set_custom_property(super::twins::MARK.0, super::twins::MARK.1);
        wb.set_properties(&properties);
        // The consolidation can hold millions of cells: a fast compression level saves far
        // more time than the few percent of size it costs.
        wb.set_zip_compression_level(1);
        let formats = Formats::new();
        // The dashboard comes first but is written last, from the summary: a sheet in memory
        // (it is small) ahead of the streamed ones.
        wb.add_worksheet()
            .set_name(super::dashboard::NAME)
            .map_err(xl)?;
        for table in sheets::ALL {
            // Constant memory spills rows to temporary files: none in memory (nor in a page).
            let ws = if on_disk && cfg!(not(target_arch = "wasm32")) {
                wb.add_worksheet_with_constant_memory().map_err(xl)?
            } else {
                wb.add_worksheet()
            };
            ws.set_name(table.sheet).map_err(xl)?;
            for (c, column) in table.columns.iter().enumerate() {
                let col = crate::workbook::layout::col_at(c);
                ws.write_string_with_format(0, col, column.name, &formats.header)
                    .map_err(xl)?;
                // Widths are set at the end, from what was written (`widths`).
            }
            ws.set_freeze_panes(1, 0).map_err(xl)?;
            ws.set_row_height(0, 30).map_err(xl)?;
        }
        Ok(Consolidation {
            wb,
            next_row: [1; 4],
            widths: [[0.0; MAX_COLUMNS]; 4],
            lines: [1; 4],
            previous_sums: (Decimal::ZERO, Decimal::ZERO),
            links: None,
            formats,
            json: None,
            memory: None,
            rapport: None,
            date,
            paths: Vec::new(),
        })
    }

    fn row(&mut self, sheet: usize, cells: &[V], status: Option<Status>) -> Result<(), String> {
        let row = self.next_row[sheet];
        self.next_row[sheet] += 1;
        let f = &self.formats;
        // Sheet 0 is the dashboard.
        let ws = self.wb.worksheet_from_index(sheet + 1).map_err(xl)?;
        let table = &sheets::ALL[sheet];
        let lines = cells
            .iter()
            .enumerate()
            .map(|(c, v)| match v {
                V::Text(t) => sheets::lines(t, sheets::cap(table, c)),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        self.lines[sheet] = self.lines[sheet].max(lines);
        // One row per file: the CPTS sheet's rows that wrap get their height (LibreOffice does
        // not grow a row to its text). The long sheets get one height for all rows at the end:
        // a height per row would be kept in memory until then.
        if sheet == 0 && lines > 1 {
            ws.set_row_height(row, 15 * lines as u32).map_err(xl)?;
        }
        for (c, v) in cells.iter().enumerate() {
            let col = crate::workbook::layout::col_at(c);
            let shown = match v {
                V::Text(t) => sheets::units(t),
                V::Int(n) => n.to_string().len() as f64,
                V::Euros(d) => sheets::units(&crate::fr::euros(*d)),
                V::Ratio(_) => sheets::units("100,0 %"),
                V::Blank => 0.0,
            };
            self.widths[sheet][c] = self.widths[sheet][c].max(shown);
            match v {
                // The file's name links to it (one link per file: the other sheets, with a row
                // per line or finding, would keep too many links in memory).
                V::Text(t) if sheet == 0 && c == 0 => {
                    let target = match &self.links {
                        Some(base) => super::labels::relative(base, std::path::Path::new(t)),
                        None => t.to_string(),
                    };
                    // `file:///` then a relative path is stored relative (rust_xlsxwriter).
                    let link = rust_xlsxwriter::Url::new(format!("file:///{target}")).set_text(*t);
                    ws.write_url_with_format(row, col, link, &f.link)
                        .map_err(xl)?
                }
                V::Text(t) if status.is_some() && table.columns[c].name == "Statut" => {
                    let i = status.map_or(0, |s| s as usize);
                    ws.write_string_with_format(row, col, *t, &f.status[i])
                        .map_err(xl)?
                }
                // Written as text so that nothing typed by a user becomes a formula.
                V::Text(t) if sheets::units(t) > sheets::cap(table, c) => ws
                    .write_string_with_format(row, col, *t, &f.wrap)
                    .map_err(xl)?,
                V::Text(t) => ws
                    .write_string_with_format(row, col, *t, &f.top)
                    .map_err(xl)?,
                V::Int(n) => ws
                    .write_number_with_format(row, col, *n as f64, &f.top)
                    .map_err(xl)?,
                V::Euros(d) => ws
                    .write_number_with_format(row, col, d.to_f64().unwrap_or(0.0), &f.euros)
                    .map_err(xl)?,
                V::Ratio(d) => ws
                    .write_number_with_format(row, col, d.to_f64().unwrap_or(0.0), &f.percent)
                    .map_err(xl)?,
                V::Blank => ws,
            };
        }
        Ok(())
    }

    /// Adds one file's report to every output.
    pub fn add(&mut self, r: &FileReport) -> Result<(), String> {
        let cpts = r.cpts.as_deref().unwrap_or("");
        let year = r.year.map(|y| y.to_string()).unwrap_or_default();
        let rate = if r.variable_max.is_zero() || !r.counted {
            V::Blank
        } else {
            V::Ratio(r.variable / r.variable_max)
        };
        // Only what the totals count shows money: a copy or a version in conflict has none.
        let money = |d: Decimal| if r.counted { V::Euros(d) } else { V::Blank };
        let taille = r.taille.map(|t| t.to_string()).unwrap_or_default();
        // Only a counted file has a previous year (and only a counted one gives it).
        let previous = r.previous.as_ref().filter(|_| r.counted);
        let cells = [
            V::Text(&r.file),
            V::Text(cpts),
            V::Text(r.identifier.as_deref().unwrap_or("")),
            V::Text(&taille),
            V::Text(&year),
            V::Text(r.status.label()),
            V::Int(r.errors),
            V::Int(r.warnings),
            money(r.total),
            money(r.variable),
            money(r.variable_max),
            rate,
            V::Text(r.reason.as_deref().unwrap_or("")),
            previous.map_or(V::Blank, |p| V::Euros(p.total)),
            previous
                .and_then(|p| p.attainment)
                .map_or(V::Blank, V::Ratio),
            previous.map_or(V::Blank, |p| V::Euros(r.total - p.total)),
        ];
        if let Some(p) = previous {
            self.previous_sums.0 += p.total;
            self.previous_sums.1 += r.total - p.total;
        }
        self.row(0, &cells, Some(r.status))?;
        // The lines and missions of a file not counted would be summed with those counted.
        let lines = if r.counted { &r.indicators[..] } else { &[] };
        let missions = if r.counted { &r.missions[..] } else { &[] };
        for l in lines {
            let cells = [
                V::Text(&r.file),
                V::Text(cpts),
                V::Text(&year),
                V::Text(crate::mission::envelope_label(&l.mission)),
                V::Text(&l.code),
                V::Text(&l.label),
                V::Text(&l.observed),
                V::Euros(l.weight),
                V::Euros(l.year_weight),
                V::Ratio(l.attainment),
                V::Euros(l.amount),
                V::Text(l.status.label()),
                l.previous_attainment.map_or(V::Blank, V::Ratio),
                l.previous_amount.map_or(V::Blank, V::Euros),
                l.previous_amount
                    .map_or(V::Blank, |before| V::Euros(l.amount - before)),
                V::Text(&l.explained.scale),
                V::Text(&l.explained.missing),
                V::Text(&l.explained.explanation),
            ];
            self.row(1, &cells, None)?;
        }
        for m in missions {
            let before = previous.and_then(|p| p.mission(&m.code));
            let cells = [
                V::Text(&r.file),
                V::Text(cpts),
                V::Text(&year),
                V::Text(crate::mission::envelope_label(&m.code)),
                V::Ratio(m.prorata),
                V::Euros(m.fixed),
                V::Euros(m.variable),
                V::Euros(m.variable_max),
                V::Euros(m.activation),
                V::Euros(m.total),
                before.map_or(V::Blank, |b| V::Euros(b.variable)),
                before.and_then(|b| b.attainment).map_or(V::Blank, V::Ratio),
                before.map_or(V::Blank, |b| V::Euros(b.total)),
                before.map_or(V::Blank, |b| V::Euros(m.total - b.total)),
                V::Text(&crate::funding::confirm::shares_label(&m.to_confirm)),
            ];
            self.row(2, &cells, None)?;
        }
        // A copy's findings are those of the file counted in its place.
        let findings = if r.status == Status::Doublon {
            &[]
        } else {
            &r.findings[..]
        };
        for f in findings {
            let severity = f.severity.label();
            let cells = [
                V::Text(&r.file),
                V::Text(cpts),
                V::Text(severity),
                V::Text(f.code.as_str()),
                V::Text(f.code.label()),
                V::Text(&f.sheet),
                V::Text(&f.cell),
                V::Text(f.indicator.as_deref().unwrap_or("")),
                V::Text(&f.message),
                V::Text(&f.hint),
                f.stake.map_or(V::Blank, V::Euros),
            ];
            self.row(3, &cells, None)?;
        }
        if let Some((tmp, w, first)) = &mut self.json {
            let text = serde_json::to_string(r).map_err(|e| e.to_string())?;
            let sep = if *first { "" } else { ",\n" };
            *first = false;
            w.write_all(sep.as_bytes())
                .and_then(|_| w.write_all(text.as_bytes()))
                .map_err(|e| io(tmp.path(), e))?;
        }
        if let Some((rapport, _)) = &mut self.rapport {
            rapport.add(r)?;
        }
        if let Some(buffer) = &mut self.memory {
            if buffer.len() > JSON_HEAD.len() {
                buffer.extend_from_slice(b",\n");
            }
            serde_json::to_writer(&mut *buffer, r).map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// Writes the totals, filters and summary, then renames both outputs into place.
    pub fn finish(
        mut self,
        summary: &Summary,
        xlsx: &Path,
        json: Option<&Path>,
    ) -> Result<(), String> {
        self.totals(summary)?;
        let tmp = crate::fsio::temp_beside(xlsx)?;
        self.wb.save(tmp.path()).map_err(xl)?;
        tmp.persist(xlsx).map_err(|e| io(xlsx, e.error))?;
        if let (Some((tmp, mut w, _)), Some(path)) = (self.json.take(), json) {
            w.write_all(json_tail(summary)?.as_bytes())
                .and_then(|_| w.flush())
                .map_err(|e| io(path, e))?;
            drop(w);
            tmp.persist(path).map_err(|e| io(path, e.error))?;
        }
        if let Some((rapport, path)) = self.rapport.take() {
            rapport.finish(summary, self.date, &self.paths, path.as_deref())?;
        }
        Ok(())
    }

    /// Writes the totals, filters and summary, and returns the workbook's bytes, the JSON
    /// document and the HTML report (of a consolidation started [`Consolidation::in_memory`]).
    pub fn finish_in_memory(
        mut self,
        summary: &Summary,
    ) -> Result<(Vec<u8>, String, Vec<u8>), String> {
        self.totals(summary)?;
        let xlsx = self.wb.save_to_buffer().map_err(xl)?;
        let mut json = self.memory.take().unwrap_or_else(|| JSON_HEAD.to_vec());
        json.extend_from_slice(json_tail(summary)?.as_bytes());
        let json = String::from_utf8(json).map_err(|e| e.to_string())?;
        let rapport = match self.rapport.take() {
            Some((rapport, _)) => rapport.finish(summary, self.date, &self.paths, None)?,
            None => Vec::new(),
        };
        Ok((xlsx, json, rapport))
    }

    fn totals(&mut self, summary: &Summary) -> Result<(), String> {
        let last = self.next_row;
        let total_row = last[0];
        let f = &self.formats;
        let ws = self.wb.worksheet_from_index(1).map_err(xl)?;
        ws.write_string_with_format(
            total_row,
            0,
            // A copy or a version in conflict is a row but not in the total.
            format!(
                "Total : {}, {}",
                crate::fr::count(summary.files, "fichier", "fichiers"),
                crate::fr::count(summary.counted, "compté", "comptés")
            ),
            &f.total,
        )
        .map_err(xl)?;
        // SUBTOTAL (109: a sum of the visible rows) follows the filters; its cached value is
        // the summary's, what a reader that does not calculate shows.
        // The totals are wider than any row's amount: their width counts.
        for (col, value) in [
            (8, summary.total),
            (9, summary.variable),
            (10, summary.variable_max),
            (13, self.previous_sums.0),
            (15, self.previous_sums.1),
        ] {
            // In bold.
            let shown = sheets::units(&crate::fr::euros(value)) * 1.1;
            self.widths[0][col] = self.widths[0][col].max(shown);
        }
        let f = &self.formats;
        let ws = self.wb.worksheet_from_index(1).map_err(xl)?;
        for (col, letter, value) in [
            (8, 'I', summary.total),
            (9, 'J', summary.variable),
            (10, 'K', summary.variable_max),
            (13, 'N', self.previous_sums.0),
            (15, 'P', self.previous_sums.1),
        ] {
            let formula = rust_xlsxwriter::Formula::new(format!(
                "=SUBTOTAL(109,{letter}2:{letter}{})",
                total_row.max(2)
            ))
            .set_result(value.round_dp(2).to_string());
            ws.write_formula_with_format(total_row, col, formula, &f.total_euros)
                .map_err(xl)?;
        }
        for (i, table) in sheets::ALL.iter().enumerate() {
            let ws = self.wb.worksheet_from_index(i + 1).map_err(xl)?;
            let last_col = crate::workbook::layout::col_at(table.columns.len() - 1);
            ws.autofilter(0, 0, last[i].saturating_sub(1).max(1), last_col)
                .map_err(xl)?;
            let mut natural = 0.0;
            for c in 0..table.columns.len() {
                let col = crate::workbook::layout::col_at(c);
                let width = sheets::width(table, c, self.widths[i][c]);
                natural += width;
                ws.set_column_width(col, width).map_err(xl)?;
            }
            // Rows written without a height take the sheet's default, set now: as many lines
            // as the longest wrapped text (up to four). A height per row would be kept in
            // memory until the end by rust_xlsxwriter's constant-memory mode; only the CPTS
            // sheet, one row per file, has them.
            if i > 0 && self.lines[i] > 1 {
                ws.set_default_row_height(15 * self.lines[i].min(4) as u32);
            }
            sheets::setup(ws, table, self.date, natural).map_err(xl)?;
        }
        let ws = self.wb.worksheet_from_index(0).map_err(xl)?;
        super::dashboard::write(ws, summary, self.date, &self.paths).map_err(xl)?;
        Ok(())
    }
}
