//! File input and output: bounded reads and atomic writes.
//!
//! Every output is written to a temporary file in the destination folder and renamed over the
//! target, so an interrupted run never leaves a half-written file behind.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a UTF-8 text file of at most `limit` bytes; the error is a French reason.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("c'est un dossier, pas un fichier".into());
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "fichier trop gros (plus de {} Mo)",
            limit / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "le fichier n'est pas en UTF-8 (octet invalide à la position {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(format!(
            "{} : c'est un dossier, pas un fichier",
            path.display()
        ));
    }
    let fail = |e: std::io::Error| {
        format!(
            "{} : écriture impossible ({})",
            path.display(),
            io_reason(&e)
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".cpts-aci-")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Creates a folder and its parents; the error is a French reason naming it.
pub fn create_dir(path: &Path) -> Result<(), String> {
    fs::create_dir_all(path).map_err(|e| {
        format!(
            "{} : création du dossier impossible ({})",
            path.display(),
            io_reason(&e)
        )
    })
}

/// The French wording of an I/O error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier ou dossier introuvable".into(),
        PermissionDenied => "accès refusé".into(),
        AlreadyExists => "existe déjà".into(),
        IsADirectory => "c'est un dossier, pas un fichier".into(),
        ReadOnlyFilesystem => "disque en lecture seule".into(),
        StorageFull => "disque plein".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn writing_into_a_missing_folder_fails_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent").join("out.txt");
        let err = write_atomic(&path, b"x").unwrap_err();
        assert!(
            err.contains("out.txt") && err.contains("introuvable"),
            "{err}"
        );
    }

    #[test]
    fn reading_refuses_folders_and_oversized_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_text(dir.path(), 10).unwrap_err().contains("dossier"));
        let path = dir.path().join("big.toml");
        fs::write(&path, "x".repeat(20)).unwrap();
        assert!(read_text(&path, 10).unwrap_err().contains("trop gros"));
        assert_eq!(read_text(&path, 20).unwrap().len(), 20);
    }
}
