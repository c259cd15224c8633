//! The finding codes are a catalogue (`finding::Code`): the README lists exactly its codes,
//! and every code has its severity and a French fix.

use cpts_aci::{Code, Severity};
use std::collections::BTreeSet;

/// The codes named in the README's table of findings (the rows between its header and the
/// first blank line).
fn readme_codes() -> BTreeSet<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("| domaine | codes |")
        .expect("the table of finding codes");
    let table = readme[start..].split("\n\n").next().unwrap();
    table
        .lines()
        .skip(2)
        .filter_map(|row| row.split('|').nth(2))
        .flat_map(|codes| {
            codes
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|word| word.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_readme_lists_exactly_the_codes_of_the_catalogue() {
    let catalogue: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(catalogue.len(), Code::ALL.len(), "codes are unique");
    assert_eq!(readme_codes(), catalogue);
}

#[test]
fn every_code_has_a_severity_and_a_french_fix() {
    for code in Code::ALL {
        assert!(code.hint().text().ends_with('.'), "{code:?}");
        assert!(!code.label().is_empty(), "{code:?}");
        assert_ne!(code.severity(), Severity::Info, "{code:?}");
        let s = code.as_str();
        assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
    }
}

/// Every fix lives in the catalogue: no source file outside it writes a fix's text.
#[test]
fn no_fix_is_written_outside_the_catalogue() {
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.starts_with("src/finding")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                for pattern in [".hint = ", "hint: \"", "Hint(\""] {
                    assert!(!text.contains(pattern), "{}: {pattern}", path.display());
                }
            }
        }
    }
}
