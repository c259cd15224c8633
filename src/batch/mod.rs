//! Checking many CPTS workbooks at once and consolidating them (README, « Contrôler tout un territoire »).
//!
//! Files are sorted by path, then processed in parallel by ordered chunks: each file is read,
//! checked and computed, reduced to a compact [`FileReport`], and the workbook is dropped. Each
//! chunk's reports are streamed to the outputs in path order, so memory stays flat however many
//! files there are, and the same inputs always give the same output.

pub(crate) mod output;

use crate::check::{Finding, Options, Severity, review};
use crate::fr::euros;
use crate::funding::YearFunding;
use crate::workbook::entries::Cell;
use crate::workbook::layout::{INDICATORS, ind};
use crate::workbook::read::formats::read_bytes;
use crate::workbook::read::{ReadError, ReadWorkbook, read_workbook};
use chrono::NaiveDate;
#[cfg(not(target_arch = "wasm32"))]
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Files taken from walked folders (a file named on the command line is always taken).
const SPREADSHEET_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Files processed together; their reports are written in order before the next chunk.
#[cfg(not(target_arch = "wasm32"))]
const CHUNK: usize = 64;

/// Outcome of one file (stable: `Valide`, `Erreurs`, `Illisible`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// Read and checked, no error.
    Valide,
    /// Read, with at least one finding of severity error.
    Erreurs,
    /// Could not be read as a workbook of this tool.
    Illisible,
}

/// One indicator line of one file.
#[derive(Debug, Clone, Serialize)]
pub struct LineRow {
    /// Mission code.
    pub mission: String,
    /// Indicator code.
    pub code: String,
    /// French wording.
    pub label: String,
    /// What was typed in `Réalisé`, as text.
    pub observed: String,
    /// Weight, as signed for the year.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub weight: Decimal,
    /// Year weight: the weight pro-rated and rounded, what the line earns at 100 %.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub year_weight: Decimal,
    /// Attainment applied.
    #[serde(serialize_with = "crate::money::ser::ratio")]
    pub attainment: Decimal,
    /// Amount earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub amount: Decimal,
    /// Outcome (`reached`, `partial`, …).
    pub status: crate::funding::LineStatus,
}

/// The money of one mission (or of fonctionnement) of one file.
#[derive(Debug, Clone, Serialize)]
pub struct MissionRow {
    /// Mission code, or `fonctionnement`.
    pub code: String,
    /// Share of the year.
    #[serde(serialize_with = "crate::money::ser::ratio")]
    pub prorata: Decimal,
    /// Fixed part.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub fixed: Decimal,
    /// Variable earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable maximum.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Crisis activation.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub activation: Decimal,
    /// Everything the mission brings.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
}

/// Everything the consolidation keeps of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// Path as walked.
    pub file: String,
    /// Outcome.
    pub status: Status,
    /// Why the file could not be read (`Illisible` only).
    pub reason: Option<String>,
    /// CPTS name.
    pub cpts: Option<String>,
    /// SIRET or FINESS.
    pub identifier: Option<String>,
    /// Size class.
    pub taille: Option<u8>,
    /// Contract year.
    pub year: Option<u32>,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Funding of the year.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Variable part earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable part at most.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
    /// Variable earned over variable at most (absent when there is no variable part).
    pub attainment: Option<String>,
    /// Fonctionnement and each mission.
    pub missions: Vec<MissionRow>,
    /// Every indicator line.
    pub indicators: Vec<LineRow>,
    /// Every finding.
    pub findings: Vec<Finding>,
}

impl FileReport {
    fn unreadable(file: String, reason: String, finding: Option<Finding>) -> FileReport {
        FileReport {
            file,
            status: Status::Illisible,
            reason: Some(reason),
            cpts: None,
            identifier: None,
            taille: None,
            year: None,
            errors: 1,
            warnings: 0,
            total: Decimal::ZERO,
            variable: Decimal::ZERO,
            variable_max: Decimal::ZERO,
            attainment: None,
            missions: Vec::new(),
            indicators: Vec::new(),
            findings: finding.into_iter().collect(),
        }
    }

    fn read(
        file: String,
        wb: &ReadWorkbook,
        findings: Vec<Finding>,
        f: &YearFunding,
    ) -> FileReport {
        let count = |s| findings.iter().filter(|x| x.severity == s).count();
        let variable: Decimal = f.variable();
        let variable_max: Decimal = f.variable_max();
        let mut missions = vec![MissionRow {
            code: "fonctionnement".into(),
            prorata: Decimal::ONE,
            fixed: f.operating,
            variable: Decimal::ZERO,
            variable_max: Decimal::ZERO,
            activation: Decimal::ZERO,
            total: f.operating,
        }];
        missions.extend(f.missions.iter().map(|m| MissionRow {
            code: m.code.to_string(),
            prorata: m.prorata,
            fixed: m.fixed,
            variable: m.variable,
            variable_max: m.variable_max,
            activation: m.activation,
            total: m.total(),
        }));
        // Only the `Réalisé` column is shown: read it from the rows, not a full entries map.
        let observed_col = usize::from(INDICATORS.col(ind::OBSERVED));
        let observed = |code: &str| -> String {
            let rows = wb
                .indicators
                .as_ref()
                .map_or(&[][..], |t| t.rows.as_slice());
            rows.iter()
                .find(|r| r.key == code)
                .map_or(String::new(), |r| shown(&r.cells[observed_col]))
        };
        let lines = wb.contract.lines(wb.year);
        let indicators = f
            .missions
            .iter()
            .flat_map(|m| m.indicators.iter().map(move |l| (m, l)))
            .map(|(m, l)| LineRow {
                mission: m.code.to_string(),
                code: l.code.clone(),
                label: lines
                    .iter()
                    .find(|x| x.indicator.code == l.code)
                    .map(|x| x.indicator.label.clone())
                    .unwrap_or_default(),
                observed: observed(&l.code),
                weight: l.weight,
                year_weight: l.year_weight,
                attainment: l.attainment,
                amount: l.amount,
                status: l.status,
            })
            .collect();
        let errors = count(Severity::Error);
        FileReport {
            file,
            status: if errors == 0 {
                Status::Valide
            } else {
                Status::Erreurs
            },
            reason: None,
            cpts: Some(wb.contract.cpts.name.clone()),
            identifier: Some(wb.contract.cpts.identifier.clone()),
            taille: Some(wb.contract.size.get()),
            year: Some(wb.year),
            errors,
            warnings: count(Severity::Warning),
            total: f.total,
            variable,
            variable_max,
            attainment: (!variable_max.is_zero())
                .then(|| crate::money::ratio_string(variable / variable_max)),
            missions,
            indicators,
            findings,
        }
    }
}

fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Number(x) => x.to_string(),
        Cell::Percent(x) => format!("{} %", x * 100.0),
        Cell::Text(t) => t.clone(),
        Cell::Date(d) => crate::fr::date(*d),
        Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
    }
}

/// Reads, checks and computes one file; never fails: a bad file is an `Illisible` report.
pub(crate) fn process(path: &Path, today: NaiveDate) -> FileReport {
    report_of(path.display().to_string(), read_workbook(path), today)
}

/// Reads, checks and computes one file held in memory (the browser edition), `name` standing
/// for its path; the same report as the command line gives for the same bytes at that path.
pub fn process_bytes(name: &str, bytes: &[u8], today: NaiveDate) -> FileReport {
    report_of(name.to_string(), read_bytes(Path::new(name), bytes), today)
}

fn report_of(file: String, read: Result<ReadWorkbook, ReadError>, today: NaiveDate) -> FileReport {
    match read {
        Ok(wb) => {
            let r = review(
                &wb,
                Options {
                    today,
                    signed: None,
                },
            );
            FileReport::read(file, &wb, r.findings, &r.funding)
        }
        Err(ReadError::Io(reason)) => FileReport::unreadable(file, reason, None),
        Err(ReadError::Invalid(finding)) => {
            FileReport::unreadable(file, finding.message.clone(), Some(*finding))
        }
    }
}

/// Whether a file met while walking a folder is taken: a spreadsheet by its extension, not
/// hidden (nor in a hidden folder) and not an Excel lock file (`~$name.xlsx`). `relative` is
/// its path under the folder walked, `/`-separated.
pub fn taken_from_folder(relative: &str) -> bool {
    let mut parts = relative.split('/').filter(|p| !p.is_empty()).peekable();
    while let Some(part) = parts.next() {
        if part.starts_with('.') || (parts.peek().is_none() && part.starts_with("~$")) {
            return false;
        }
    }
    let ext = Path::new(relative)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    SPREADSHEET_EXTENSIONS.contains(&ext.as_str())
}

/// The files to process: named files as they are, folders walked for spreadsheets, sorted by
/// path without duplicates; `exclude` (the outputs) is left out.
pub fn collect(paths: &[PathBuf], exclude: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files);
        } else {
            files.push(path.clone());
        }
    }
    let excluded: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    files.retain(|f| f.canonicalize().map_or(true, |c| !excluded.contains(&c)));
    files.sort();
    files.dedup();
    files
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        // Hidden files and Excel's lock files (~$name.xlsx) are not workbooks.
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if kind.is_dir() {
            walk(&path, out);
        } else if kind.is_file() || kind.is_symlink() {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if SPREADSHEET_EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
}

/// Totals of a batch, for the final summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files processed.
    pub files: usize,
    /// `Valide`.
    pub valid: usize,
    /// `Erreurs`.
    pub with_errors: usize,
    /// `Illisible`.
    pub unreadable: usize,
    /// Funding of all readable files.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub total: Decimal,
    /// Variable earned.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable: Decimal,
    /// Variable at most.
    #[serde(serialize_with = "crate::money::ser::money")]
    pub variable_max: Decimal,
}

impl Summary {
    /// Adds a file's report.
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        match r.status {
            Status::Valide => self.valid += 1,
            Status::Erreurs => self.with_errors += 1,
            Status::Illisible => self.unreadable += 1,
        }
        self.total += r.total;
        self.variable += r.variable;
        self.variable_max += r.variable_max;
    }

    /// Whether every file is valid.
    pub fn ok(&self) -> bool {
        self.with_errors == 0 && self.unreadable == 0
    }

    /// The French summary line.
    pub fn text(&self, seconds: f64) -> String {
        format!(
            "{} : {}, {} avec erreurs, {} ; financement total {} ; {} s",
            crate::fr::count(self.files, "fichier", "fichiers"),
            crate::fr::count(self.valid, "valide", "valides"),
            self.with_errors,
            crate::fr::count(self.unreadable, "illisible", "illisibles"),
            euros(self.total),
            crate::fr::french_number(Decimal::from_f64_retain(seconds).unwrap_or_default(), 1)
        )
    }
}

/// Receives each report, in path order.
pub(crate) type Sink<'a> = dyn FnMut(&FileReport) -> Result<(), String> + Send + 'a;

/// Processes `files` with `jobs` threads, handing each report to `sink` in path order.
/// `progress` is called once per file, from any thread.
///
/// Chunk k is written while chunk k + 1 is processed: the writer takes one task of the pool
/// and the other threads steal the processing work, so no core waits for the output.
#[cfg(not(target_arch = "wasm32"))]
pub fn run(
    files: &[PathBuf],
    jobs: usize,
    today: NaiveDate,
    progress: &(dyn Fn() + Sync),
    sink: &mut Sink,
) -> Result<Summary, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| format!("impossible de démarrer les tâches parallèles ({e})"))?;
    let process_chunk = |chunk: &[PathBuf]| -> Vec<FileReport> {
        chunk
            .par_iter()
            .map(|path| {
                let report = process(path, today);
                progress();
                report
            })
            .collect()
    };
    let mut summary = Summary::default();
    let mut pending: Vec<FileReport> = Vec::new();
    pool.install(|| -> Result<(), String> {
        for chunk in files.chunks(CHUNK) {
            let (next, written) = rayon::join(
                || process_chunk(chunk),
                || -> Result<(), String> {
                    for report in pending.drain(..) {
                        summary.add(&report);
                        sink(&report)?;
                    }
                    Ok(())
                },
            );
            written?;
            pending = next;
        }
        for report in pending.drain(..) {
            summary.add(&report);
            sink(&report)?;
        }
        Ok(())
    })?;
    Ok(summary)
}

/// Processes `files` one after the other, handing each report to `sink` in path order: a
/// browser page has no threads to run rayon's pool on, and the reports are the same.
#[cfg(target_arch = "wasm32")]
pub fn run(
    files: &[PathBuf],
    _jobs: usize,
    today: NaiveDate,
    progress: &(dyn Fn() + Sync),
    sink: &mut Sink,
) -> Result<Summary, String> {
    let mut summary = Summary::default();
    for path in files {
        let report = process(path, today);
        progress();
        summary.add(&report);
        sink(&report)?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_for_spreadsheets_sorted_without_outputs_or_lock_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "b.xlsx",
            "a.XLSX",
            "sub/c.xls",
            "sub/d.ods",
            "notes.txt",
            "~$b.xlsx",
            ".cache.xlsx",
            "out.xlsx",
        ] {
            let path = d.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"x").unwrap();
        }
        let named = d.join("absent.xlsx");
        let files = collect(
            &[d.to_path_buf(), named.clone(), d.join("b.xlsx")],
            &[d.join("out.xlsx")],
        );
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.strip_prefix(d)
                    .map_or(f.display().to_string(), |p| p.display().to_string())
            })
            .collect();
        assert_eq!(
            names,
            ["a.XLSX", "absent.xlsx", "b.xlsx", "sub/c.xls", "sub/d.ods"]
        );
    }

    #[test]
    fn a_chosen_folder_keeps_the_files_a_walk_keeps() {
        for (name, taken) in [
            ("lot/b.xlsx", true),
            ("lot/a.XLSX", true),
            ("lot/sub/d.ods", true),
            ("lot/notes.txt", false),
            ("lot/~$b.xlsx", false),
            ("lot/.cache.xlsx", false),
            ("lot/.git/x.xlsx", false),
        ] {
            assert_eq!(taken_from_folder(name), taken, "{name}");
        }
    }

    #[test]
    fn a_missing_file_is_an_unreadable_report_not_a_failure() {
        let r = process(
            Path::new("/nonexistent/cpts.xlsx"),
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        );
        assert_eq!(r.status, Status::Illisible);
        assert!(r.reason.unwrap().contains("introuvable"));
        let mut s = Summary::default();
        s.add(&process(
            Path::new("/nonexistent/x.xlsx"),
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        ));
        assert!(!s.ok());
        assert!(
            s.text(1.5)
                .ends_with("1 illisible ; financement total 0,00 € ; 1,5 s"),
            "{}",
            s.text(1.5)
        );
    }
}
