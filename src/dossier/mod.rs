//! The dialogue de gestion dossier (README, « Le dossier du dialogue de gestion »): one zip with
//! the summarized workbook, every referenced piece under `pieces/<mission>/<code>/`, a French
//! `index.html` linking each amount to its pieces, and `empreintes.sha256` to verify it all.
//!
//! Pieces are streamed into the zip (stored, not compressed again: they are PDFs, images or
//! videos) and hashed on the way, so a piece of any size costs a few kilobytes of memory.

pub(crate) mod page;

use crate::check::{Piece, PieceFolder, Resolved, Reviewed};
use crate::finding::Finding;
use crate::workbook::read::ReadWorkbook;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// Most pieces in one dossier.
pub const MAX_PIECES: usize = 5_000;
/// Largest total size of the pieces of one dossier: 20 Gio.
pub const MAX_TOTAL_BYTES: u64 = 20 * 1024 * 1024 * 1024;

/// One piece placed in the dossier.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// Indicator code.
    pub code: String,
    /// The piece expected.
    pub label: String,
    /// Its path inside the zip.
    pub zip_path: String,
    /// Size in bytes.
    pub size: u64,
}

/// What was written.
#[derive(Debug)]
pub struct DossierReport {
    /// Every finding: the workbook's and the evidence's.
    pub findings: Vec<Finding>,
    /// Pieces placed in the zip.
    pub pieces: usize,
    /// Their total size.
    pub bytes: u64,
    /// Name of the summarized workbook inside the zip.
    pub workbook: String,
}

/// Writes the dossier of a workbook reviewed with its evidence folder
/// ([`Reviewed::with_evidence`]) to `output`, atomically.
pub fn write_dossier(reviewed: &Reviewed, output: &Path) -> Result<DossierReport, String> {
    let fail = |e: std::io::Error| crate::fsio::write_error(output, &e);
    let tmp = crate::fsio::temp_beside(output)?;
    let (file, report) = write_into(reviewed, None, tmp.reopen().map_err(fail)?, output)?;
    file.sync_all().map_err(fail)?;
    drop(file);
    tmp.persist(output).map_err(|e| fail(e.error))?;
    Ok(report)
}

/// The dossier of a workbook reviewed with an evidence folder held in memory
/// ([`PieceFolder::in_memory`], the browser edition), as the bytes of the zip: the same
/// archive [`write_dossier`] writes for the same workbook and files.
pub fn dossier_bytes(
    reviewed: &Reviewed,
    folder: &PieceFolder,
) -> Result<(Vec<u8>, DossierReport), String> {
    let name = Path::new("dossier.zip");
    let (cursor, report) = write_into(
        reviewed,
        Some(folder),
        std::io::Cursor::new(Vec::new()),
        name,
    )?;
    Ok((cursor.into_inner(), report))
}

/// Writes the zip into `sink`; pieces are read from `memory` when the folder is held in
/// memory, else from the disk.
fn write_into<W: Write + Seek>(
    reviewed: &Reviewed,
    memory: Option<&PieceFolder>,
    sink: W,
    output: &Path,
) -> Result<(W, DossierReport), String> {
    let (wb, review) = (&reviewed.workbook, &reviewed.review);
    let findings = &review.findings;
    let size_of = |source: &Path| match memory {
        Some(folder) => folder.memory_file(source).map_or(0, |b| b.len() as u64),
        None => std::fs::metadata(source).map(|m| m.len()).unwrap_or(0),
    };
    let placed_files = place(wb, &reviewed.pieces, &size_of)?;
    let stem = wb
        .path
        .file_stem()
        .map_or("classeur".into(), |s| s.to_string_lossy().into_owned());
    let workbook_name = format!("{}-synthese.xlsx", safe_name(&stem));
    let workbook = reviewed.summary().map_err(|e| e.to_string())?;
    let placed: Vec<Placed> = placed_files.iter().map(|(p, _)| p.clone()).collect();
    let page = page::index(wb, review, findings, &placed, &workbook_name);

    let fail = |e: std::io::Error| crate::fsio::write_error(output, &e);
    let mut zip = zip::ZipWriter::new(sink);
    let mut sums: Vec<(String, String)> = Vec::new();
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (name, bytes) in [
        ("index.html", page.as_bytes()),
        (workbook_name.as_str(), &workbook),
    ] {
        zip.start_file(name, deflated).map_err(zip_error)?;
        zip.write_all(bytes).map_err(fail)?;
        sums.push((hex(&Sha256::digest(bytes)), name.to_string()));
    }
    let mut buffer = vec![0u8; 64 * 1024];
    for (p, source) in &placed_files {
        let Some(source) = source else { continue };
        let stored = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(p.size >= u64::from(u32::MAX))
            .unix_permissions(0o644);
        zip.start_file(p.zip_path.as_str(), stored)
            .map_err(zip_error)?;
        let unreadable = |e: std::io::Error| {
            format!(
                "{} : pièce illisible ({})",
                source.display(),
                crate::fsio::io_reason(&e)
            )
        };
        let mut file: Box<dyn Read> = match memory {
            Some(folder) => Box::new(folder.memory_file(source).unwrap_or_default()),
            None => Box::new(std::fs::File::open(source).map_err(unreadable)?),
        };
        let mut hash = Sha256::new();
        loop {
            let n = file.read(&mut buffer).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            hash.update(&buffer[..n]);
            zip.write_all(&buffer[..n]).map_err(fail)?;
        }
        sums.push((hex(&hash.finalize()), p.zip_path.clone()));
    }
    let list: String = sums
        .iter()
        .map(|(h, name)| format!("{h}  {name}\n"))
        .collect();
    zip.start_file("empreintes.sha256", deflated)
        .map_err(zip_error)?;
    zip.write_all(list.as_bytes()).map_err(fail)?;
    let sink = zip.finish().map_err(zip_error)?;
    let copied = || placed_files.iter().filter(|(_, s)| s.is_some());
    Ok((
        sink,
        DossierReport {
            findings: findings.clone(),
            pieces: copied().count(),
            bytes: copied().map(|(p, _)| p.size).sum(),
            workbook: workbook_name,
        },
    ))
}

/// The mission an evidence row belongs to: its indicator's, or the mission it names (`CRISE`
/// for the crisis plan), else `autres`.
pub(crate) fn mission_of(contract: &crate::contract::Contract, code: &str) -> String {
    contract
        .indicators
        .iter()
        .find(|i| i.code == code)
        .map(|i| i.mission)
        .or_else(|| crate::mission::MissionCode::parse(&code.to_lowercase()))
        .map_or("autres".to_string(), |m| m.to_string())
}

fn zip_error(e: zip::result::ZipError) -> String {
    format!("écriture de l'archive impossible : {e}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file name safe in a zip and in `sha256sum -c`: no folder separator, no control character.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    match cleaned.trim() {
        "" | "." | ".." => "piece".into(),
        t => t.to_string(),
    }
}

/// Each resolved piece's place in the zip, with the file to copy there the first time (a file
/// named for two expected pieces of an indicator is copied once, linked twice); checks the
/// limits.
fn place(
    wb: &ReadWorkbook,
    pieces: &[Piece],
    size_of: &dyn Fn(&Path) -> u64,
) -> Result<Vec<(Placed, Option<PathBuf>)>, String> {
    let mut out: Vec<(Placed, Option<PathBuf>)> = Vec::new();
    let mut copied = 0usize;
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    let mut total = 0u64;
    for piece in pieces {
        let Resolved::File(source, rel) = &piece.resolved else {
            continue;
        };
        let mission = mission_of(&wb.contract, &piece.code);
        let code = if piece.code.is_empty() {
            "sans-code".into()
        } else {
            safe_name(&piece.code)
        };
        let name = safe_name(
            &rel.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
        );
        let folder = format!("pieces/{mission}/{code}");
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
            _ => (name.as_str(), String::new()),
        };
        // Another file of the same name for the same indicator gets ` (2)`, ` (3)`…
        let mut zip_path = format!("{folder}/{name}");
        let mut n = 2;
        while taken.get(&zip_path).is_some_and(|other| other != source) {
            zip_path = format!("{folder}/{stem} ({n}){ext}");
            n += 1;
        }
        let size = size_of(source);
        let first_time = taken.insert(zip_path.clone(), source.clone()).is_none();
        let placed = Placed {
            code: piece.code.clone(),
            label: piece.label.clone(),
            zip_path,
            size,
        };
        if first_time {
            total += size;
            copied += 1;
            out.push((placed, Some(source.clone())));
            if copied > MAX_PIECES {
                return Err(format!(
                    "{} : plus de {MAX_PIECES} pièces référencées, et un dossier en compte au \
                     plus {MAX_PIECES} ; regroupez les pièces (une archive par action, par exemple)",
                    wb.path.display()
                ));
            }
            if total > MAX_TOTAL_BYTES {
                return Err(format!(
                    "{} : les pièces référencées pèsent plus de {} Gio, la taille la plus grande \
                     d'un dossier ; remettez les plus lourdes (vidéos) à part",
                    wb.path.display(),
                    MAX_TOTAL_BYTES / (1024 * 1024 * 1024)
                ));
            }
        } else {
            out.push((placed, None));
        }
    }
    Ok(out)
}
