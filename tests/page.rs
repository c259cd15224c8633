//! The browser edition in a real browser (README, « L'édition navigateur »): the page built by
//! `scripts/page.sh` is opened from `file://` in headless Chromium, driven through its fields
//! and buttons and through `window.cptsAci` (page/tests/drive.mjs, Playwright's
//! `playwright-core` on the system's Chromium), and everything it produced is compared with the
//! command line's output for the same files and the same date: the same JSON documents, the
//! same workbook and zip bytes where the command line's are deterministic, the same cells for
//! the consolidation (written in constant-memory mode by the command line) and the plan (whose
//! file carries its creation time).

use calamine::{Reader, open_workbook_auto};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const DATE: &str = "2026-03-15";

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from)
}

fn cli(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cpts-aci"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cpts-aci runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "cpts-aci {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json_file(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_text(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("one JSON document")
}

/// Every cell of every sheet, as text.
fn cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The same archive with one part changed.
fn rewrite(xlsx: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        if name == part {
            content = edit(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// An `.ods` claiming a sheet of 1 048 576 × 16 384 cells in a few hundred bytes.
fn giant_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>
<table:table table:name="Indicateurs"><table:table-row table:number-rows-repeated="1048576">
<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>
</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The inputs: the demo's files, and hostile ones.
fn fixtures(dir: &Path) {
    cli(dir, &["demo", "--out", "."]);
    let hostile = dir.join("hostile");
    std::fs::create_dir_all(&hostile).unwrap();
    let filled = std::fs::read(dir.join("suivi-annee-2-rempli.xlsx")).unwrap();
    let blank = std::fs::read(dir.join("suivi-annee-2.xlsx")).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("vide.xlsx", Vec::new()),
        ("tronque.xlsx", filled[..filled.len() / 2].to_vec()),
        (
            "etranger.xlsx",
            std::fs::read(dir.join("consolidation.xlsx")).unwrap(),
        ),
        ("geant.ods", giant_ods()),
        (
            "lointaine.xlsx",
            rewrite(&blank, "xl/worksheets/sheet3.xml", |t| {
                t.replace(
                    "</sheetData>",
                    "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
                )
            }),
        ),
        (
            "casse.toml",
            std::fs::read_to_string(dir.join("contrat.toml"))
                .unwrap()
                .replacen("population = 62000", "population = \"beaucoup\"", 1)
                .into_bytes(),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(hostile.join(name), bytes).unwrap();
    }
}

/// A source of the page (the library, the page crate, its HTML, styles and script) changed
/// after the page was built, if any: the page would not be the one the sources make.
fn newest_source_after(built: std::time::SystemTime) -> Option<PathBuf> {
    let mut stack: Vec<PathBuf> = ["src", "page/src", "page/web", "templates"]
        .iter()
        .map(PathBuf::from)
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|m| m > built)
            {
                return Some(path);
            }
        }
    }
    None
}

#[test]
fn the_page_gives_the_command_lines_results_offline_in_a_real_browser() {
    let page = std::env::var_os("CPTS_ACI_PAGE")
        .map_or_else(|| target_dir().join("page/cpts-aci.html"), PathBuf::from);
    if !page.is_file() {
        eprintln!(
            "test ignoré : {} n'existe pas ; construisez la page avec ./scripts/page.sh \
             (./scripts/test.sh le fait avant cargo test)",
            page.display()
        );
        return;
    }
    let built = std::fs::metadata(&page).and_then(|m| m.modified()).unwrap();
    if let Some(newer) = newest_source_after(built) {
        panic!(
            "la page {} est plus ancienne que {} : reconstruisez-la avec ./scripts/page.sh \
             (./scripts/test.sh le fait avant cargo test)",
            page.display(),
            newer.display()
        );
    }
    let page = page.canonicalize().unwrap();
    let tests = Path::new("page/tests");
    if !tests.join("node_modules/playwright-core").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(tests)
            .status()
            .expect("npm (Node.js) installs playwright-core");
        assert!(status.success(), "npm ci in page/tests");
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("entrees");
    let out = tmp.path().join("page");
    let expected = tmp.path().join("cli");
    for d in [&dir, &out, &expected] {
        std::fs::create_dir_all(d).unwrap();
    }
    fixtures(&dir);
    let screens = target_dir().join("page/screens");
    // Chromium keeps scratch folders in the temporary directory and may leave one behind:
    // give it one of the test's own, removed with it.
    let scratch = tmp.path().join("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    let run = Command::new("node")
        .arg(tests.join("drive.mjs"))
        .env("TMPDIR", &scratch)
        .env("PAGE", &page)
        .env("FIXTURES", &dir)
        .env("OUT", &out)
        .env("SCREENS", &screens)
        .env("DATE", DATE)
        .output()
        .expect("node runs");
    let said =
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    eprintln!("{said}");
    assert!(run.status.success(), "the page's run failed:\n{said}");

    // The command line on the same files, the same date.
    let e = |name: &str| expected.join(name).display().to_string();
    cli(
        &dir,
        &[
            "generate",
            "contrat.toml",
            "--annee",
            "2",
            "-o",
            &e("generate.xlsx"),
        ],
    );
    let wb = "suivi-annee-2-rempli.xlsx";
    cli(
        &dir,
        &["summarize", wb, "-o", &e("synthese.xlsx"), "--date", DATE],
    );
    let stdout = |args: &[&str]| json_text(&cli(&dir, args).stdout);
    let same = |page_file: &str, cli_doc: serde_json::Value| {
        assert_eq!(json_file(&out.join(page_file)), cli_doc, "{page_file}");
    };
    same(
        "check.json",
        stdout(&["check", wb, "--format", "json", "--date", DATE]),
    );
    same(
        "check-complet.json",
        stdout(&[
            "check",
            wb,
            "--contrat",
            "contrat.toml",
            "--pieces",
            "pieces",
            "--format",
            "json",
            "--date",
            DATE,
        ]),
    );
    same("compute.json", stdout(&["compute", wb, "--format", "json"]));
    same(
        "contrat-classeur.json",
        stdout(&["contrat", "contrat.xlsx", "--format", "json"]),
    );
    cli(
        &dir,
        &["contrat", "contrat.xlsx", "-o", &e("contrat-converti.toml")],
    );
    cli(
        &dir,
        &["contrat", "contrat.toml", "-o", &e("contrat-converti.xlsx")],
    );
    same(
        "avenant.json",
        stdout(&[
            "avenant",
            "contrat.toml",
            "contrat-avenant1.toml",
            "--format",
            "json",
        ]),
    );
    same(
        "plan.json",
        stdout(&[
            "plan",
            "contrat.toml",
            wb,
            "--format",
            "json",
            "--date",
            DATE,
            "-o",
            &e("plan.xlsx"),
        ]),
    );
    cli(
        &dir,
        &[
            "batch",
            "lot",
            "-o",
            &e("consolidation.xlsx"),
            "--json",
            &e("consolidation.json"),
            "--rapport",
            &e("rapport.html"),
            "--date",
            DATE,
        ],
    );
    same(
        "consolidation.json",
        json_file(&expected.join("consolidation.json")),
    );
    // The report: the same amounts in the same places (its links and the paths it names
    // differ: a page knows no folder but the one chosen).
    let amounts = |path: &Path| -> Vec<String> {
        let html = std::fs::read_to_string(path).unwrap();
        html.split("data-montant=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect()
    };
    let page_amounts = amounts(&out.join("rapport.html"));
    assert!(page_amounts.len() > 100, "{} amounts", page_amounts.len());
    assert_eq!(page_amounts, amounts(&expected.join("rapport.html")));
    cli(
        &dir,
        &[
            "dossier",
            wb,
            "--pieces",
            "pieces",
            "-o",
            &e("dossier.zip"),
            "--date",
            DATE,
        ],
    );
    for name in [
        "generate.xlsx",
        "synthese.xlsx",
        "dossier.zip",
        "contrat-converti.toml",
        "contrat-converti.xlsx",
    ] {
        let (p, c) = (
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(expected.join(name)).unwrap(),
        );
        assert!(
            p == c,
            "{name}: the page's bytes differ from the command line's ({} and {} bytes)",
            p.len(),
            c.len()
        );
    }
    for name in ["consolidation.xlsx", "plan.xlsx"] {
        assert_eq!(
            cells(&out.join(name)),
            cells(&expected.join(name)),
            "{name}"
        );
    }
    // Hostile inputs: the command line's findings, word for word.
    let hostile = dir.join("hostile");
    let mut names: Vec<String> = std::fs::read_dir(&hostile)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".toml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    for name in names {
        let cli_doc = json_text(
            &cli(
                &hostile,
                &["check", &name, "--format", "json", "--date", DATE],
            )
            .stdout,
        );
        let page_doc = json_file(&out.join("hostile").join(format!("{name}.json")));
        assert_eq!(page_doc, cli_doc, "{name}");
        assert_eq!(page_doc["ok"], false, "{name} is refused");
    }
    // A broken contract: every problem at its line and column, as the command line says it.
    let doc = json_file(&out.join("contrat-casse.json"));
    assert_eq!(doc["ok"], false);
    let cli_doc = json_text(&cli(&hostile, &["contrat", "casse.toml", "--format", "json"]).stdout);
    assert_eq!(doc, cli_doc);
    let cell = doc["findings"][0]["cell"].as_str().unwrap();
    assert!(
        cell.split_once(':')
            .is_some_and(|(l, c)| l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok()),
        "{doc}"
    );
    let figures = std::fs::read_to_string(out.join("figures.json")).unwrap();
    eprintln!("figures: {figures}");
}
