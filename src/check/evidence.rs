//! The evidence folder: each `Référence` of the `Justificatifs` table resolved to a file of the
//! folder, safely (README, « Le dossier du dialogue de gestion »).
//!
//! A reference is a path relative to the folder (`acces/ACC-04/procedure.pdf`, `\` accepted),
//! or a bare file name or a partial path (`ACC-04/procedure.pdf`) found once anywhere under it:
//! the file whose path ends with those components, in any case when no file has them in the
//! case typed. A reference with `..`, an absolute path, or a symbolic link leading outside the
//! folder is refused, never followed. The folder is walked once, bounded in entries and depth;
//! symbolic links to folders are not walked.

use super::normalise;
use crate::finding::{Code, Finding};
use crate::workbook::Cell;
use crate::workbook::layout::{YES_NO, evid};
use crate::workbook::read::{ReadWorkbook, TableRead};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Most entries (files and folders) walked in an evidence folder.
pub(crate) const MAX_ENTRIES: usize = 100_000;
/// Deepest folder walked.
const MAX_DEPTH: usize = 32;

/// The evidence folder, walked.
#[derive(Debug)]
pub struct PieceFolder {
    /// The folder, canonical.
    root: PathBuf,
    /// Every file under it, relative, with its name as text (lossy for non-UTF-8 names).
    by_name: HashMap<String, Vec<PathBuf>>,
    /// The files of a folder chosen in a browser, by relative path: there is no disk to look
    /// at, and no symbolic link.
    memory: Option<MemoryFiles>,
}

/// The files of an evidence folder held in memory, by relative path.
pub(crate) struct MemoryFiles(pub(crate) HashMap<PathBuf, Vec<u8>>);

impl std::fmt::Debug for MemoryFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemoryFiles({} files)", self.0.len())
    }
}

/// Where a reference leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// One file: its path on disk and its path relative to the folder.
    File(PathBuf, PathBuf),
    /// No file.
    Missing,
    /// A bare name or a partial path found several times (relative paths).
    Ambiguous(Vec<PathBuf>),
    /// Refused, and why (in French).
    Outside(&'static str),
}

impl PieceFolder {
    /// Walks the folder; fails with a French message when it cannot be read or is too large.
    pub fn scan(root: &Path) -> Result<PieceFolder, String> {
        let canonical = root.canonicalize().map_err(|e| {
            format!(
                "{} : dossier des pièces illisible ({})",
                root.display(),
                crate::fsio::io_reason(&e)
            )
        })?;
        if !canonical.is_dir() {
            return Err(format!("{} : ce n'est pas un dossier", root.display()));
        }
        let mut folder = PieceFolder {
            root: canonical.clone(),
            by_name: HashMap::new(),
            memory: None,
        };
        let mut stack = vec![(canonical, 0usize)];
        let mut entries = 0usize;
        while let Some((dir, depth)) = stack.pop() {
            let Ok(list) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in list.flatten() {
                entries += 1;
                if entries > MAX_ENTRIES {
                    return Err(format!(
                        "{} : plus de {MAX_ENTRIES} fichiers et dossiers ; donnez le dossier des \
                         pièces de l'année seulement",
                        root.display()
                    ));
                }
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    if depth + 1 < MAX_DEPTH {
                        stack.push((path, depth + 1));
                    }
                } else if (kind.is_file() || (kind.is_symlink() && folder.inside(&path)))
                    && let Ok(rel) = path.strip_prefix(&folder.root)
                {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    folder
                        .by_name
                        .entry(name)
                        .or_default()
                        .push(rel.to_path_buf());
                }
            }
        }
        for paths in folder.by_name.values_mut() {
            paths.sort();
        }
        Ok(folder)
    }

    /// An evidence folder chosen in a browser: each file with its path relative to the folder
    /// (`/`-separated, as the browser gives it). References resolve as on disk; the files'
    /// bytes are what the dossier copies.
    pub fn in_memory(files: Vec<(String, Vec<u8>)>) -> Result<PieceFolder, String> {
        if files.len() > MAX_ENTRIES {
            return Err(format!(
                "plus de {MAX_ENTRIES} fichiers dans le dossier des pièces ; donnez le dossier \
                 des pièces de l'année seulement"
            ));
        }
        let mut by_name: HashMap<String, Vec<PathBuf>> = HashMap::new();
        let mut memory = HashMap::new();
        for (path, bytes) in files {
            let rel: PathBuf = path
                .replace('\\', "/")
                .split('/')
                .filter(|p| !p.is_empty() && *p != ".")
                .collect();
            // A path that climbs out is no file of the folder.
            if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                continue;
            }
            let Some(name) = rel.file_name() else {
                continue;
            };
            by_name
                .entry(name.to_string_lossy().into_owned())
                .or_default()
                .push(rel.clone());
            memory.insert(rel, bytes);
        }
        for paths in by_name.values_mut() {
            paths.sort();
            paths.dedup();
        }
        Ok(PieceFolder {
            root: PathBuf::new(),
            by_name,
            memory: Some(MemoryFiles(memory)),
        })
    }

    /// The bytes of a file of a folder held in memory, by the path a reference resolved to.
    pub(crate) fn memory_file(&self, path: &Path) -> Option<&[u8]> {
        self.memory.as_ref()?.0.get(path).map(Vec::as_slice)
    }

    /// Whether a path leads to a file inside the folder once every link is followed.
    fn inside(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|c| c.starts_with(&self.root) && c.is_file())
    }

    /// Resolves one reference.
    pub fn resolve(&self, reference: &str) -> Resolved {
        let text = reference.trim().replace('\\', "/");
        if text.is_empty() {
            return Resolved::Missing;
        }
        let windows_drive = text.len() >= 2 && text.as_bytes()[1] == b':';
        if text.starts_with('/') || windows_drive {
            return Resolved::Outside("un chemin absolu");
        }
        let rel = Path::new(&text);
        if rel.components().any(|c| matches!(c, Component::ParentDir)) {
            return Resolved::Outside("« .. », qui remonte hors du dossier");
        }
        if text.contains('/') {
            let path = self.root.join(rel);
            if let Some(memory) = &self.memory {
                let clean: PathBuf = rel.components().collect();
                return if memory.0.contains_key(&clean) {
                    Resolved::File(clean.clone(), clean)
                } else {
                    self.ending_with(rel)
                };
            }
            return match path.symlink_metadata() {
                // Not a path from the folder's root: the end of the path of a file under it.
                Err(_) => self.ending_with(rel),
                Ok(_) if !self.inside(&path) => {
                    if path
                        .canonicalize()
                        .is_ok_and(|c| !c.starts_with(&self.root))
                    {
                        Resolved::Outside("un lien symbolique qui sort du dossier")
                    } else {
                        Resolved::Missing
                    }
                }
                Ok(_) => Resolved::File(path, rel.to_path_buf()),
            };
        }
        self.ending_with(rel)
    }

    /// The one file of the folder whose path ends with the components of `tail` (a bare name
    /// is a tail of one): those with the case typed, else those in any case.
    fn ending_with(&self, tail: &Path) -> Resolved {
        let tail: Vec<String> = tail
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(name) = tail.last() else {
            return Resolved::Missing;
        };
        let ends = |path: &PathBuf, fold: bool| {
            let parts: Vec<String> = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.len() >= tail.len()
                && parts[parts.len() - tail.len()..]
                    .iter()
                    .zip(&tail)
                    .all(|(a, b)| {
                        if fold {
                            a.to_lowercase() == b.to_lowercase()
                        } else {
                            a == b
                        }
                    })
        };
        let exact: Vec<PathBuf> = self
            .by_name
            .get(name)
            .into_iter()
            .flatten()
            .filter(|p| ends(p, false))
            .cloned()
            .collect();
        let found = if exact.is_empty() {
            let lower = name.to_lowercase();
            let mut any: Vec<PathBuf> = self
                .by_name
                .iter()
                .filter(|(n, _)| n.to_lowercase() == lower)
                .flat_map(|(_, paths)| paths)
                .filter(|p| ends(p, true))
                .cloned()
                .collect();
            any.sort();
            any
        } else {
            exact
        };
        match found.as_slice() {
            [] => Resolved::Missing,
            [one] => Resolved::File(self.root.join(one), one.clone()),
            many => Resolved::Ambiguous(many.to_vec()),
        }
    }
}

/// One row of `Justificatifs` with a reference resolved.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Indicator code.
    pub code: String,
    /// The piece expected.
    pub label: String,
    /// Where the reference leads.
    pub resolved: Resolved,
}

/// A cell as the text it shows; a file may be named by a number alone (`2025`).
fn text(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => n.to_string(),
        cell => cell.text().unwrap_or_default().to_string(),
    }
}

/// Every row of `Justificatifs` with a reference or marked provided, resolved, and the findings
/// about them, each at its `Référence` cell.
pub(crate) fn evidence(wb: &ReadWorkbook, folder: &PieceFolder) -> (Vec<Piece>, Vec<Finding>) {
    let Some(t) = &wb.evidence else {
        return (Vec::new(), Vec::new());
    };
    let col = |name: &str| usize::from(t.layout.col(name));
    let mut pieces = Vec::new();
    let mut findings = Vec::new();
    for row in &t.rows {
        let code = text(&row.cells[col(evid::CODE)]);
        let reference = text(&row.cells[col(evid::REFERENCE)]);
        let provided = match &row.cells[col(evid::PROVIDED)] {
            Cell::Bool(b) => *b,
            cell => normalise::choice(&text(cell), &YES_NO) == Some(YES_NO[0]),
        };
        if reference.is_empty() && !provided {
            continue;
        }
        let resolved = folder.resolve(&reference);
        if let Some(f) = finding(t, row.row, &code, &reference, provided, &resolved) {
            findings.push(f);
        }
        pieces.push(Piece {
            code,
            label: text(&row.cells[col(evid::PIECE)]),
            resolved,
        });
    }
    (pieces, findings)
}

fn finding(
    t: &TableRead,
    row: u32,
    code: &str,
    reference: &str,
    provided: bool,
    resolved: &Resolved,
) -> Option<Finding> {
    let at = |c: Code, message: String| {
        Some(
            t.finding(c, row, evid::REFERENCE, message)
                .with_indicator(Some(code).filter(|c| !c.is_empty())),
        )
    };
    match resolved {
        Resolved::Outside(why) => at(
            Code::EvidenceOutsideFolder,
            format!("la référence « {reference} » est refusée : {why} ; la pièce n'est pas lue"),
        ),
        Resolved::Missing if provided && reference.is_empty() => at(
            Code::EvidenceFileMissing,
            "pièce marquée fournie sans référence : aucun fichier ne la désigne".into(),
        ),
        Resolved::Missing if provided && reference.contains("://") => at(
            Code::EvidenceFileMissing,
            format!(
                "pièce marquée fournie, mais « {reference} » est un lien, pas un fichier du \
                 dossier des pièces : le dossier ne peut pas la joindre"
            ),
        ),
        Resolved::Missing if provided => at(
            Code::EvidenceFileMissing,
            format!(
                "pièce marquée fournie, mais « {reference} » ne désigne aucun fichier du dossier des pièces"
            ),
        ),
        Resolved::Ambiguous(paths) => at(
            Code::EvidenceAmbiguous,
            format!(
                "« {reference} » désigne plusieurs fichiers du dossier des pièces : {}",
                paths
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Resolved::File(_, rel) if !provided => at(
            Code::EvidenceNotMarked,
            format!(
                "le fichier {} est référencé, mais la pièce n'est pas marquée fournie",
                rel.to_string_lossy()
            ),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A folder with a file, a subfolder, and links to a file and a folder outside it.
    fn folder() -> (tempfile::TempDir, PieceFolder) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pieces");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/b.pdf"), "b").unwrap();
        std::fs::write(root.join("c.pdf"), "c").unwrap();
        std::fs::write(dir.path().join("secret.pdf"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.pdf"), root.join("lien.pdf")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("haut")).unwrap();
        let scanned = PieceFolder::scan(&root).unwrap();
        (dir, scanned)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Whatever is typed, a reference resolves to a file inside the folder or to nothing.
        #[test]
        fn no_reference_leads_outside_the_folder(parts in proptest::collection::vec(
            prop::sample::select(vec![
                "..", ".", "/", "\\", "a", "b.pdf", "c.pdf", "lien.pdf", "haut", "secret.pdf",
                "C:", "//", " ", "é",
            ]),
            1..7,
        )) {
            let (_dir, folder) = folder();
            let reference: String = parts.concat();
            if let Resolved::File(path, _) = folder.resolve(&reference) {
                let real = path.canonicalize().unwrap();
                prop_assert!(real.starts_with(&folder.root), "{reference} → {}", real.display());
                prop_assert!(real.is_file());
            }
        }
    }

    #[test]
    fn names_and_paths_resolve_and_escapes_are_refused() {
        let (_dir, folder) = folder();
        assert!(
            matches!(folder.resolve("b.pdf"), Resolved::File(_, rel) if rel == Path::new("a/b.pdf"))
        );
        assert!(
            matches!(folder.resolve("A\\B.PDF"), Resolved::File(_, rel) if rel == Path::new("a/b.pdf")),
            "a path in other capitals, like a name"
        );
        assert!(matches!(folder.resolve("B.PDF"), Resolved::File(..)));
        assert!(matches!(folder.resolve("a\\b.pdf"), Resolved::File(..)));
        assert_eq!(
            folder.resolve("../secret.pdf"),
            Resolved::Outside("« .. », qui remonte hors du dossier")
        );
        assert_eq!(
            folder.resolve("/etc/passwd"),
            Resolved::Outside("un chemin absolu")
        );
        assert_eq!(
            folder.resolve("haut/secret.pdf"),
            Resolved::Outside("un lien symbolique qui sort du dossier")
        );
        assert_eq!(
            folder.resolve("lien.pdf"),
            Resolved::Missing,
            "a bare name never finds a link outside"
        );
        assert_eq!(
            folder.resolve("./lien.pdf"),
            Resolved::Outside("un lien symbolique qui sort du dossier")
        );
        assert_eq!(
            folder.resolve("a"),
            Resolved::Missing,
            "a folder is not a piece"
        );
    }

    #[test]
    fn a_folder_in_memory_resolves_like_the_same_folder_on_disk() {
        let (dir, disk) = folder();
        let mut files = Vec::new();
        let root = dir.path().join("pieces");
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let kind = e.file_type().unwrap();
                if kind.is_dir() {
                    stack.push(e.path());
                } else if kind.is_file() {
                    let rel = e.path().strip_prefix(&root).unwrap().to_path_buf();
                    files.push((rel.to_string_lossy().into_owned(), b"x".to_vec()));
                }
            }
        }
        let memory = PieceFolder::in_memory(files).unwrap();
        for reference in [
            "c.pdf",
            "a/b.pdf",
            "b.pdf",
            "A/B.PDF",
            "absent.pdf",
            "../secret.pdf",
            "/etc/passwd",
            "lien.pdf",
        ] {
            let rel = |r: Resolved| match r {
                Resolved::File(_, rel) => Resolved::File(PathBuf::new(), rel),
                other => other,
            };
            assert_eq!(
                rel(memory.resolve(reference)),
                rel(disk.resolve(reference)),
                "{reference}"
            );
        }
        assert_eq!(memory.memory_file(Path::new("c.pdf")), Some(&b"x"[..]));
    }

    #[test]
    fn a_partial_path_found_once_resolves_like_a_bare_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pieces");
        for file in [
            "extractions/mars.pdf",
            "2025/acces/extractions/avril.pdf",
            "2026/acces/extractions/avril.pdf",
            "parcours/PAR-04/Compte-Rendu.pdf",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), file).unwrap();
        }
        std::fs::create_dir_all(root.join("liens")).unwrap();
        std::fs::write(dir.path().join("secret.pdf"), "s").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.pdf"), root.join("liens/secret.pdf"))
            .unwrap();
        let folder = PieceFolder::scan(&root).unwrap();
        let file = |reference: &str| match folder.resolve(reference) {
            Resolved::File(_, rel) => rel.to_string_lossy().into_owned(),
            other => panic!("{reference}: {other:?}"),
        };
        assert_eq!(file("extractions/mars.pdf"), "extractions/mars.pdf");
        assert_eq!(
            file("2026\\acces/extractions/avril.pdf"),
            "2026/acces/extractions/avril.pdf"
        );
        assert_eq!(
            file("2026/ACCES/extractions/avril.pdf"),
            "2026/acces/extractions/avril.pdf",
            "not a path from the root in this case, but the end of one in any case"
        );
        assert_eq!(
            file("par-04/compte-rendu.pdf"),
            "parcours/PAR-04/Compte-Rendu.pdf"
        );
        assert_eq!(
            file("./PAR-04/Compte-Rendu.pdf"),
            "parcours/PAR-04/Compte-Rendu.pdf"
        );
        let both = vec![
            PathBuf::from("2025/acces/extractions/avril.pdf"),
            PathBuf::from("2026/acces/extractions/avril.pdf"),
        ];
        assert_eq!(
            folder.resolve("extractions/avril.pdf"),
            Resolved::Ambiguous(both.clone())
        );
        assert_eq!(
            folder.resolve("ACCES/extractions/avril.pdf"),
            Resolved::Ambiguous(both)
        );
        // Whole components only, and the folders in their order.
        for missing in [
            "tractions/mars.pdf",
            "mars/extractions.pdf",
            "acces/mars.pdf",
        ] {
            assert_eq!(folder.resolve(missing), Resolved::Missing, "{missing}");
        }
        assert_eq!(
            folder.resolve("x/../extractions/mars.pdf"),
            Resolved::Outside("« .. », qui remonte hors du dossier")
        );
        assert_eq!(
            folder.resolve("liens/secret.pdf"),
            Resolved::Outside("un lien symbolique qui sort du dossier")
        );
        assert_eq!(
            folder.resolve("pieces/liens/secret.pdf"),
            Resolved::Missing,
            "a partial path never finds a link outside"
        );
    }
}
