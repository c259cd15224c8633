//! Checking many CPTS workbooks at once and consolidating them (README, « Contrôler tout un territoire »).
//!
//! Files are sorted by path. A first look at each (its identification sheet only) finds the
//! consolidations to leave out and the files that share a CPTS-year; only those are read whole
//! beforehand, to compare their entries (`twins`). Then the files are processed in parallel by
//! ordered chunks: each is read, checked and computed, reduced to a compact [`FileReport`], and
//! the workbook is dropped. Each chunk's reports are streamed to the outputs in path order, so
//! memory stays flat however many files there are, and the same inputs always give the same
//! output.

mod cells;
mod cpts_page;
mod dashboard;
mod files;
mod labels;
pub(crate) mod output;
mod previous;
mod rapport;
mod report;
mod sheets;
mod summary;
mod twins;

pub use previous::{Previous, PreviousMission};
pub use report::FileReport;
pub use summary::Summary;

use chrono::NaiveDate;
use files::{Files, InMemory, OnDisk};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use twins::Look;

/// Files taken from walked folders (a file named on the command line is always taken).
const SPREADSHEET_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// Files processed together; their reports are written in order before the next chunk.
const CHUNK: usize = 64;

/// Outcome of one file (stable names, serialized as they are written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    /// No error, and every paid line has a value or is neutralised.
    Valide,
    /// No error, but paid lines without a value (counted at 0 %).
    Incomplet,
    /// At least one finding of severity error.
    Erreurs,
    /// Could not be read as a workbook of this tool.
    Illisible,
    /// The same CPTS-year and entries as an earlier file (by path): not counted.
    Doublon,
    /// The same CPTS-year as another file, with other entries: none of them counted.
    Conflit,
}

impl Status {
    /// The name written in the consolidation.
    pub fn label(self) -> &'static str {
        match self {
            Status::Valide => "Valide",
            Status::Incomplet => "Incomplet",
            Status::Erreurs => "Erreurs",
            Status::Illisible => "Illisible",
            Status::Doublon => "Doublon",
            Status::Conflit => "Conflit",
        }
    }

    /// Whether the file's money goes into the totals.
    pub fn counted(self) -> bool {
        matches!(self, Status::Valide | Status::Incomplet | Status::Erreurs)
    }
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

/// Receives each report, in path order.
pub(crate) type Sink<'a> = dyn FnMut(&FileReport) -> Result<(), String> + Send + 'a;

/// Processes `files` with `jobs` threads, handing each report to `sink` in path order.
/// `progress` is called once per file, from any thread. Consolidations found among the files
/// are left out and listed in the summary's `skipped`.
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
    pool.install(|| consolidate(&OnDisk(files), today, progress, sink))
}

/// [`run`] on files held in memory, each with the path it stands for (the browser edition):
/// the same statuses, reports and order. Where threads cannot be had (a page), rayon runs
/// everything on the calling thread.
pub fn run_in_memory(
    files: &[(String, Vec<u8>)],
    today: NaiveDate,
    progress: &(dyn Fn() + Sync),
    sink: &mut Sink,
) -> Result<Summary, String> {
    consolidate(&InMemory(files), today, progress, sink)
}

/// The batch itself, on the current rayon pool: a first look at every file, the twins of each
/// CPTS-year resolved, then the files processed by ordered chunks. Chunk k is written while
/// chunk k + 1 is processed: the writer takes one task of the pool and the other threads steal
/// the processing work, so no core waits for the output.
fn consolidate(
    files: &dyn Files,
    today: NaiveDate,
    progress: &(dyn Fn() + Sync),
    sink: &mut Sink,
) -> Result<Summary, String> {
    let mut summary = Summary::default();
    let looks: Vec<Look> = (0..files.count())
        .into_par_iter()
        .map(|i| twins::look(files, i))
        .collect();
    let mut inputs: Vec<usize> = Vec::with_capacity(files.count());
    let mut keys = Vec::with_capacity(files.count());
    for (i, look) in looks.into_iter().enumerate() {
        match look {
            Look::Consolidation => {
                summary.skipped.push(files.name(i));
                progress();
            }
            Look::Workbook(key) => {
                inputs.push(i);
                keys.push(Some(key));
            }
            Look::Other => {
                inputs.push(i);
                keys.push(None);
            }
        }
    }
    let twins = twins::resolve(files, &inputs, &keys);
    let mut pairing = previous::Pairing::new(&keys, &twins);
    drop(keys);
    pairing.process_ahead(files, &inputs, today, &twins);
    let process_chunk = |first: usize, chunk: &[usize]| -> Vec<(usize, FileReport)> {
        chunk
            .par_iter()
            .enumerate()
            .map(|(k, &i)| {
                let report = report::process(files, i, today, twins.get(&(first + k)));
                progress();
                (first + k, report)
            })
            .collect()
    };
    let mut pending: Vec<(usize, FileReport)> = Vec::new();
    let mut write = |pending: &mut Vec<(usize, FileReport)>| -> Result<(), String> {
        for (position, mut report) in pending.drain(..) {
            pairing.see(position, &mut report);
            summary.add(&report);
            sink(&report)?;
        }
        Ok(())
    };
    for (c, chunk) in inputs.chunks(CHUNK).enumerate() {
        let (next, written) =
            rayon::join(|| process_chunk(c * CHUNK, chunk), || write(&mut pending));
        written?;
        pending = next;
    }
    write(&mut pending)?;
    Ok(summary)
}

/// Whether a file met while walking a folder is taken: a spreadsheet by its extension, not
/// hidden (nor in a hidden folder) and not an Excel lock file (`~$name.xlsx`). `relative` is
/// its path under the folder walked, `/`-separated (a page's chosen folder).
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
    fn a_missing_file_is_an_unreadable_report_not_a_failure() {
        let missing = [PathBuf::from("/nonexistent/cpts.xlsx")];
        let r = report::process(
            &OnDisk(&missing),
            0,
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            None,
        );
        assert_eq!(r.status, Status::Illisible);
        assert!(r.reason.unwrap().contains("introuvable"));
        let mut s = Summary::default();
        s.add(&report::process(
            &OnDisk(&missing),
            0,
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            None,
        ));
        assert!(!s.ok());
        assert!(
            s.text(1.5).ends_with(
                "1 illisible, 0 doublon, 0 en conflit ; financement total 0,00 € ; 1,5 s"
            ),
            "{}",
            s.text(1.5)
        );
    }
}

#[cfg(test)]
mod chosen_folder {
    use super::taken_from_folder;

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
}
