//! Files of one CPTS-year: the same CPTS (identifier and signature date) and contract year,
//! whatever their format. Every file gets a cheap first look (its identification sheet, and
//! the mark of a consolidation); only the files that share a CPTS-year are then read whole and
//! their entries compared: the same entries are one workbook sent twice (`Doublon`), other
//! entries two versions of it (`Conflit`). What is kept meanwhile is a key per file and, for
//! the files that share one, their statuses: memory stays small however many files there are.

use super::files::Files;
use crate::finding::{Code, Finding};
use crate::workbook::entries::{Cell, decimal};
use crate::workbook::layout::TABLES;
use crate::workbook::read::ReadWorkbook;
use crate::workbook::read::formats::{Identity, read_identity};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

/// The custom document property (name, value) that marks a consolidation written by `batch`:
/// kept by Excel and LibreOffice when they save it again, in `.xlsx` or `.ods`, and found
/// without reading a single sheet.
pub(crate) const MARK: (&str, &str) = ("cpts-aci", "consolidation");

/// What the first look at a file finds.
pub(crate) enum Look {
    /// A consolidation written by `batch`: not an input.
    Consolidation,
    /// A workbook of this CPTS-year.
    Workbook(Key),
    /// Anything else: reading it whole says what it is.
    Other,
}

/// A CPTS-year: the CPTS's identifier (spaces left out), its contract's signature date and the
/// contract year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Key {
    identifier: String,
    signature: NaiveDate,
    year: u32,
}

impl Key {
    fn of(identity: Identity) -> Key {
        let mut identifier = identity.identifier;
        identifier.retain(|c| !c.is_whitespace());
        Key {
            identifier,
            signature: identity.signature,
            year: identity.year,
        }
    }

    /// The same CPTS's previous contract year, if it has one.
    pub(crate) fn before(&self) -> Option<Key> {
        (self.year > 1).then(|| Key {
            year: self.year - 1,
            ..self.clone()
        })
    }
}

/// Looks at file `i` without reading its tables.
pub(crate) fn look(files: &dyn Files, i: usize) -> Look {
    let Some(bytes) = files.bytes(i) else {
        return Look::Other;
    };
    if is_consolidation(&bytes) {
        return Look::Consolidation;
    }
    match read_identity(Path::new(&files.name(i)), &bytes) {
        Ok(identity) => Look::Workbook(Key::of(identity)),
        Err(_) => Look::Other,
    }
}

/// Whether the bytes are a zip holding our mark in its document properties (`docProps/custom.xml`
/// in an `.xlsx`, `meta.xml` in an `.ods`).
pub(crate) fn is_consolidation(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let (name, value) = MARK;
    let attribute = format!("name=\"{name}\"");
    ["docProps/custom.xml", "meta.xml"].iter().any(|part| {
        let mut xml = String::new();
        if let Ok(p) = zip.by_name(part) {
            let _ = p.take(1 << 20).read_to_string(&mut xml);
        }
        // The value follows the name, before the element closes: `name="cpts-aci"><vt:lpwstr>
        // consolidation</…` (Office) or `meta:name="cpts-aci" …>consolidation</…` (OpenDocument).
        xml.match_indices(&attribute).any(|(i, _)| {
            xml[i..]
                .split("</")
                .next()
                .is_some_and(|s| s.ends_with(value))
        })
    })
}

/// What becomes of a file that shares its CPTS-year with others.
#[derive(Debug, Clone)]
pub(crate) enum Twin {
    /// The same entries as an earlier file (by path), counted in its place.
    Doublon {
        /// The file counted.
        of: String,
    },
    /// Other entries than another file of its CPTS-year: none of them is counted.
    Conflit {
        /// The other files, for the row.
        others: Vec<String>,
        /// The error that names them and says how they differ.
        finding: Finding,
    },
}

/// The statuses of the files that share a CPTS-year, by position in `inputs` (indices of
/// `files`); `keys` holds the first look's key of each input.
pub(crate) fn resolve(
    files: &dyn Files,
    inputs: &[usize],
    keys: &[Option<Key>],
) -> HashMap<usize, Twin> {
    let mut groups: BTreeMap<&Key, Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if let Some(key) = key {
            groups.entry(key).or_default().push(i);
        }
    }
    let groups: Vec<(&Key, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .collect();
    groups
        .par_iter()
        .flat_map_iter(|(key, members)| resolve_group(files, inputs, key, members))
        .collect()
}

/// One group: each file read whole (one at a time; only its entries are kept), then compared.
fn resolve_group(
    files: &dyn Files,
    inputs: &[usize],
    key: &Key,
    members: &[usize],
) -> Vec<(usize, Twin)> {
    // A file that the first look took for a workbook but that cannot be read whole is
    // `Illisible`: it is no version of anything.
    let typed: Vec<(usize, Typed)> = members
        .iter()
        .filter_map(|&i| files.read(inputs[i]).ok().map(|wb| (i, Typed::of(&wb))))
        .collect();
    let name = |i: usize| files.name(inputs[i]);
    let Some((first, reference)) = typed.first() else {
        return Vec::new();
    };
    if typed.iter().all(|(_, t)| t == reference) {
        return typed[1..]
            .iter()
            .map(|(i, _)| (*i, Twin::Doublon { of: name(*first) }))
            .collect();
    }
    typed
        .iter()
        .map(|(i, mine)| {
            let others: Vec<(String, &Typed)> = typed
                .iter()
                .filter(|(j, _)| j != i)
                .map(|(j, t)| (name(*j), t))
                .collect();
            let described: Vec<String> = others
                .iter()
                .map(|(file, theirs)| format!("{file} ({})", mine.difference(theirs)))
                .collect();
            let message = format!(
                "même CPTS (identifiant {}, contrat signé le {}) et même année {} que {} : \
                 aucun de ces classeurs n'est compté tant qu'il en reste plus d'un",
                if key.identifier.is_empty() {
                    "(vide)"
                } else {
                    &key.identifier
                },
                crate::fr::date(key.signature),
                key.year,
                described.join(", ")
            );
            let twin = Twin::Conflit {
                others: others.into_iter().map(|(f, _)| f).collect(),
                finding: Finding::of(Code::WorkbookConflict, "", "", message),
            };
            (*i, twin)
        })
        .collect()
}

/// A place of an entry: sheet, row key, column.
type Place = (&'static str, String, &'static str);

/// What a coordinator typed, in a form where a copy (in any format) equals its original:
/// empty cells left out, texts trimmed, numbers to 15 significant digits (what a spreadsheet
/// keeps), rows in no particular order; and the terms of the year the workbook applies.
#[derive(Debug, PartialEq)]
struct Typed {
    entries: BTreeMap<Place, Value>,
    terms: String,
}

/// An entry: its canonical form (compared) and how it is shown (in messages).
#[derive(Debug)]
struct Value {
    canonical: String,
    shown: String,
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.canonical == other.canonical
    }
}

impl Typed {
    fn of(wb: &ReadWorkbook) -> Typed {
        let entries = wb
            .entries()
            .cells()
            .filter_map(|(table, key, column, cell)| {
                let sheet = TABLES
                    .iter()
                    .find(|t| t.name == table)
                    .map_or(table, |t| t.sheet);
                let value = Value {
                    canonical: canonical(cell)?,
                    shown: said(cell),
                };
                Some(((sheet, key.replace('\u{1f}', " — "), column), value))
            })
            .collect();
        // The year's terms without what other years hold (their settings, the avenants list),
        // which a workbook regenerated after an avenant of a later year may differ by, nor the
        // practical information (contacts, deadlines), which is no term.
        let mut contract = wb.contract.clone();
        contract.avenants.clear();
        contract.contacts.clear();
        contract.deadlines.clear();
        contract.years.retain(|y, _| *y == wb.year);
        Typed {
            entries,
            terms: crate::contract::terms::to_json(&contract, wb.year),
        }
    }

    /// How `theirs` differs from this, in French: the first entry that differs, by sheet,
    /// row and column.
    fn difference(&self, theirs: &Typed) -> String {
        if self == theirs {
            return "mêmes saisies".into();
        }
        let places = self.entries.keys().chain(theirs.entries.keys());
        let mut differing: Vec<&Place> = places
            .filter(|p| self.entries.get(*p) != theirs.entries.get(*p))
            .collect();
        differing.sort();
        let Some(place) = differing.first() else {
            return "mêmes saisies, mais termes du contrat de l'année différents".into();
        };
        let shown = |t: &Typed| {
            t.entries
                .get(*place)
                .map_or("(vide)".to_string(), |v| format!("« {} »", v.shown))
        };
        let (sheet, key, column) = place;
        format!(
            "saisies différentes, d'abord {sheet}, {key}, {column} : {} ici, {} dans l'autre",
            shown(self),
            shown(theirs)
        )
    }
}

/// An entry as a message quotes it, numbers in French notation.
fn said(cell: &Cell) -> String {
    match cell {
        Cell::Number(x) => decimal(*x).map_or(x.to_string(), crate::fr::decimal),
        Cell::Percent(x) => decimal(*x).map_or(x.to_string(), crate::fr::percent),
        other => super::report::shown(other),
    }
}

/// An entry in a form that does not depend on the file format, or `None` when empty.
fn canonical(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => Some(format!("t:{}", t.trim())),
        Cell::Number(x) => Some(format!("n:{x:.14e}")),
        Cell::Percent(x) => Some(format!("p:{x:.14e}")),
        Cell::Date(d) => Some(format!("d:{d}")),
        Cell::Bool(b) => Some(format!("b:{b}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with(part: &str, xml: &str) -> Vec<u8> {
        use std::io::Write;
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buffer);
        zip.start_file(part, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn a_consolidation_is_known_by_its_mark_in_either_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("consolidation.xlsx");
        let date = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let out = super::super::output::Consolidation::new(None, date).unwrap();
        out.finish(&Default::default(), &path, None).unwrap();
        assert!(is_consolidation(&std::fs::read(&path).unwrap()));
        let on_disk = [path.clone()];
        assert!(matches!(
            look(&super::super::files::OnDisk(&on_disk), 0),
            Look::Consolidation
        ));
        let in_memory = [(
            "lot/consolidation.xlsx".to_string(),
            std::fs::read(&path).unwrap(),
        )];
        assert!(matches!(
            look(&super::super::files::InMemory(&in_memory), 0),
            Look::Consolidation
        ));
        // As LibreOffice writes it in an .ods, and a property of another tool that is not ours.
        let ods = r#"<office:meta><meta:user-defined meta:name="cpts-aci" meta:value-type="string">consolidation</meta:user-defined></office:meta>"#;
        assert!(is_consolidation(&zip_with("meta.xml", ods)));
        let other = r#"<property name="cpts-aci"><vt:lpwstr>autre</vt:lpwstr></property><property name="x"><vt:lpwstr>consolidation</vt:lpwstr></property>"#;
        assert!(!is_consolidation(&zip_with("docProps/custom.xml", other)));
        assert!(!is_consolidation(b"PK\x03\x04 tronque"));
        assert!(!is_consolidation(b""));
    }

    #[test]
    fn entries_compare_as_typed_whatever_the_format_kept() {
        assert_eq!(said(&Cell::Number(1250.5)), "1 250,5");
        assert_eq!(said(&Cell::Percent(0.141)), "14,1 %");
        assert_eq!(canonical(&Cell::Empty), None);
        assert_eq!(canonical(&Cell::Text("  ".into())), None);
        assert_eq!(
            canonical(&Cell::Text(" Oui ".into())),
            canonical(&Cell::Text("Oui".into()))
        );
        // A spreadsheet keeps 15 significant digits: the last bits of a double do not count.
        assert_eq!(
            canonical(&Cell::Number(0.1 + 0.2)),
            canonical(&Cell::Number(0.3))
        );
        assert_ne!(
            canonical(&Cell::Number(1250.0)),
            canonical(&Cell::Number(1.25))
        );
        assert_ne!(
            canonical(&Cell::Number(0.5)),
            canonical(&Cell::Percent(0.5))
        );
        assert_ne!(
            canonical(&Cell::Number(1.0)),
            canonical(&Cell::Text("1".into()))
        );
    }

    #[test]
    fn a_difference_names_the_first_cell_that_differs() {
        let typed = |rows: &[(&'static str, &str, &str)]| Typed {
            entries: rows
                .iter()
                .map(|(column, key, shown)| {
                    let value = Value {
                        canonical: shown.to_string(),
                        shown: shown.to_string(),
                    };
                    (("Indicateurs", key.to_string(), *column), value)
                })
                .collect(),
            terms: "{}".into(),
        };
        let v1 = typed(&[("Réalisé", "ACC-01", "950"), ("Réalisé", "ACC-02", "12")]);
        let v2 = typed(&[("Réalisé", "ACC-01", "950"), ("Réalisé", "ACC-02", "13")]);
        assert_eq!(v1.difference(&v1), "mêmes saisies");
        assert_eq!(
            v1.difference(&v2),
            "saisies différentes, d'abord Indicateurs, ACC-02, Réalisé : « 12 » ici, « 13 » dans l'autre"
        );
        let v3 = typed(&[("Réalisé", "ACC-01", "950")]);
        assert!(
            v1.difference(&v3)
                .ends_with("« 12 » ici, (vide) dans l'autre")
        );
        let v4 = Typed {
            terms: "{\"autre\": 1}".into(),
            ..typed(&[("Réalisé", "ACC-01", "950"), ("Réalisé", "ACC-02", "12")])
        };
        assert_eq!(
            v1.difference(&v4),
            "mêmes saisies, mais termes du contrat de l'année différents"
        );
    }
}
