//! File input and output: bounded reads and atomic writes.
//!
//! Every output is written to a temporary file in the destination folder and renamed over the
//! target, so an interrupted run never leaves a half-written file behind.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Reads a file of at most `limit` bytes; the error is a French reason.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("c'est un dossier, pas un fichier".into());
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    Ok(bytes)
}

/// A file's bytes as UTF-8 text of at most `limit` bytes; the error is a French reason.
pub(crate) fn text_of(bytes: Vec<u8>, limit: u64) -> Result<String, String> {
    if bytes.len() as u64 > limit {
        return Err(too_big(limit));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "le fichier n'est pas en UTF-8 (octet invalide à la position {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn too_big(limit: u64) -> String {
    format!("fichier trop gros (plus de {} Mo)", limit / (1024 * 1024))
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "{} : c'est un dossier, pas un fichier",
            path.display()
        ));
    }
    let fail = |e: std::io::Error| write_error(path, &e);
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// `path : écriture impossible (raison)`.
pub(crate) fn write_error(path: &Path, e: &std::io::Error) -> String {
    format!(
        "{} : écriture impossible ({})",
        path.display(),
        io_reason(e)
    )
}

/// A temporary file in the folder of `path`, to be renamed over it once complete. It is created
/// with the permissions any new file gets under the user's umask (`-rw-rw-r--` under umask 002),
/// or, when `path` already exists, with that file's permissions, so colleagues sharing the
/// folder can still open what is written there.
pub(crate) fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, String> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cpts-aci-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| write_error(path, &e))?;
    if let Ok(existing) = fs::metadata(path) {
        fs::set_permissions(tmp.path(), existing.permissions())
            .map_err(|e| write_error(path, &e))?;
    }
    Ok(tmp)
}

/// Creates a folder and its parents; the error is a French reason naming it.
pub(crate) fn create_dir(path: &Path) -> Result<(), String> {
    fs::create_dir_all(path).map_err(|e| {
        format!(
            "{} : création du dossier impossible ({})",
            path.display(),
            io_reason(&e)
        )
    })
}

/// The French wording of an I/O error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
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

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_umask_permissions_or_keep_those_of_the_file_they_replace() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The umask is the process's: set it as a user's shell would, then put it back.
        let old = unsafe { libc::umask(0o002) };
        let path = dir.path().join("new.xlsx");
        write_atomic(&path, b"x").unwrap();
        let created = mode(&path);
        let shared = dir.path().join("shared.xlsx");
        fs::write(&shared, b"old").unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&shared, b"new").unwrap();
        unsafe { libc::umask(old) };
        assert_eq!(created, 0o664, "-rw-rw-r-- under umask 002");
        assert_eq!(
            mode(&shared),
            0o640,
            "--force keeps the replaced file's permissions"
        );
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
        assert!(read_bytes(dir.path(), 10).unwrap_err().contains("dossier"));
        let path = dir.path().join("big.toml");
        fs::write(&path, "x".repeat(20)).unwrap();
        assert!(read_bytes(&path, 10).unwrap_err().contains("trop gros"));
        assert_eq!(read_bytes(&path, 20).unwrap().len(), 20);
    }
}
