//! Imports flow one way, bottom to top. Each source file belongs to a unit (a top-level module,
//! or a module of `workbook`), each unit to a layer; a unit may import from its own layer or
//! below, never above, and the units never import each other in a circle.
//!
//! Layers, bottom to top: leaves (money, French formatting, missions, grid, file I/O, findings)
//! → contract → funding → workbook description → workbook read / write → check → batch,
//! report, demo data → commands → command line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LAYERS: &[&[&str]] = &[
    &[
        "money", "fr", "mission", "grid", "fsio", "finding", "concepts",
    ],
    &["contract"],
    &["funding", "error"],
    &[
        "workbook::layout",
        "workbook::plan",
        "workbook::entries",
        "workbook::formulas",
        "workbook::missing",
        "workbook::remaining",
        "workbook::texts",
        "workbook::limits",
        "workbook::ods",
        "workbook::style",
        "workbook::reports",
    ],
    &[
        "workbook::read",
        "workbook::write",
        "workbook",
        "contractbook",
    ],
    &["check"],
    &[
        "batch",
        "report",
        "synthetic",
        "amendment",
        "pluriannual",
        "dossier",
    ],
    &["cmd"],
    &["cli", "lib", "main"],
];

fn layer(unit: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| l.contains(&unit))
        .unwrap_or_else(|| panic!("unit {unit} has no layer: add it to LAYERS"))
}

/// The unit of a path under `src/`: `workbook/read.rs` → `workbook::read`.
fn unit_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap();
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [one] => one.clone(),
        [dir, file, ..] if dir == "workbook" && file != "mod" => format!("workbook::{file}"),
        [dir, ..] => dir.clone(),
        [] => unreachable!(),
    }
}

/// The units a file imports through `crate::…` (and `super::…` inside `workbook`).
fn imports(path: &Path, unit: &str, text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let first: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let target = if first == "workbook" {
            let second: String = rest["workbook::".len().min(rest.len())..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let candidate = format!("workbook::{second}");
            if LAYERS.iter().any(|l| l.contains(&candidate.as_str())) {
                candidate
            } else {
                "workbook".into()
            }
        } else {
            first
        };
        if !target.is_empty() && target != unit {
            found.insert(target);
        }
    }
    // `super::x` from a direct child of `workbook` names a sibling unit.
    let depth = path.strip_prefix("src").unwrap().iter().count();
    if unit.starts_with("workbook::") && depth == 2 {
        for (i, _) in text.match_indices("super::") {
            let name: String = text[i + "super::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let candidate = format!("workbook::{name}");
            if candidate != unit && LAYERS.iter().any(|l| l.contains(&candidate.as_str())) {
                found.insert(candidate);
            }
        }
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn imports_flow_one_way_with_no_circle() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        // Unit tests may use anything; the rule is about the product's code.
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let unit = unit_of(path);
        for target in imports(path, &unit, text) {
            if layer(&target) > layer(&unit) {
                upward.push(format!("{} ({unit}) imports {target}", path.display()));
            }
            graph.entry(unit.clone()).or_default().insert(target);
        }
    }
    assert!(upward.is_empty(), "upward imports:\n{}", upward.join("\n"));
    // No circle between units (depth-first search for a back edge).
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let start = path.iter().position(|p| p == n).unwrap();
                return Some(path[start..].to_vec());
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for next in graph.get(n).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, state, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for unit in graph.keys() {
        if let Some(cycle) = visit(unit, &graph, &mut state, &mut Vec::new()) {
            panic!("circle between units: {}", cycle.join(" → "));
        }
    }
    assert!(graph.len() > 15, "the scan found the units");
}

#[test]
fn the_scan_sees_an_upward_import_and_a_sibling() {
    let found = imports(
        Path::new("src/workbook/read.rs"),
        "workbook::read",
        "use crate::check::Finding;\nuse super::write::Kept;\nuse super::layout::X;",
    );
    assert!(found.contains("check") && found.contains("workbook::write"));
    assert!(
        layer("check") > layer("workbook::read"),
        "check is above the reader"
    );
    assert_eq!(
        unit_of(Path::new("src/workbook/write/tables.rs")),
        "workbook::write"
    );
    assert_eq!(unit_of(Path::new("src/cmd/demo.rs")), "cmd");
    // Modules split out of a unit stay in it: the batch's pairing of years and report pages,
    // the demo's lot.
    for (path, unit) in [
        ("src/batch/previous.rs", "batch"),
        ("src/batch/cpts_page.rs", "batch"),
        ("src/batch/cells.rs", "batch"),
        ("src/cmd/demo/lot.rs", "cmd"),
    ] {
        assert!(Path::new(path).is_file(), "{path}");
        assert_eq!(unit_of(Path::new(path)), unit);
    }
}

/// The browser edition's crate (`page/`) sits on top of the library: it reaches it only
/// through the public API (`cpts_aci::…`, never its source files), and touches no disk, no
/// clock and no thread, which a page does not have.
#[test]
fn the_page_crate_uses_only_the_public_api_and_no_disk_clock_or_thread() {
    let mut files = Vec::new();
    sources(Path::new("page/src"), &mut files);
    assert!(!files.is_empty(), "the page crate's sources are found");
    let members = std::fs::read_to_string("Cargo.toml").unwrap();
    assert!(
        members.contains("members = [\".\", \"page\"]"),
        "the page crate is a member of the workspace"
    );
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        for forbidden in [
            "#[path",
            "include!",
            "std::fs",
            "std::time",
            "std::thread",
            "rayon",
            "Local::now",
            "Utc::now",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} uses {forbidden}",
                path.display()
            );
        }
        assert!(
            text.contains("cpts_aci::"),
            "{} reaches the library through its public API",
            path.display()
        );
    }
}
