//! Helpers shared by the integration tests: LibreOffice and reading workbooks with calamine.
#![allow(dead_code)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `cpts-aci` program built for these tests.
pub fn cpts_aci() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("cpts-aci").expect("the cpts-aci binary is built")
}

/// The Python that can `import uno` (Debian's, with python3-uno), or `CPTS_ACI_UNO_PYTHON`.
fn uno_python() -> String {
    std::env::var("CPTS_ACI_UNO_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

/// Whether LibreOffice and its Python module are there; asked once per test program.
fn libreoffice_missing() -> Option<&'static str> {
    static MISSING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let missing = *MISSING.get_or_init(|| {
        // Found on the PATH rather than started: a LibreOffice started only to answer leaves
        // its pipe behind.
        let soffice = std::env::var_os("PATH").is_some_and(|path| {
            std::env::split_paths(&path).any(|dir| dir.join("soffice").is_file())
        });
        let uno = Command::new(uno_python())
            .args(["-c", "import uno"])
            .output();
        !(soffice && uno.is_ok_and(|o| o.status.success()))
    });
    if !missing {
        return None;
    }
    // The whole explanation once; the other tests that need LibreOffice point to it.
    Some(if SAID.swap(true, std::sync::atomic::Ordering::SeqCst) {
        "LibreOffice absent : voir le premier test en échec."
    } else {
        "LibreOffice Calc et Python-UNO sont nécessaires à ce test et sont absents : lancez \
         ./scripts/test.sh, qui les installe, ou installez les paquets Debian \
         libreoffice-calc-nogui et python3-uno."
    })
}

/// Runs `tests/lo/lo.py` with real LibreOffice. Fails (never skips) when LibreOffice or UNO is
/// missing: `scripts/test.sh` installs both.
pub fn libreoffice(args: &[&str]) {
    if let Some(message) = libreoffice_missing() {
        panic!("{message}");
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lo/lo.py");
    // Headless LibreOffice sometimes goes down after a dispatched command (its document object
    // disappears under the UNO bridge). Such a run is tried again, at most twice, and said;
    // any other failure fails the test at once.
    let crashed = |stderr: &str| {
        [
            "DisposedException",
            "cannot get value",
            "bridge disposed",
            "could not open",
        ]
        .iter()
        .any(|sign| stderr.contains(sign))
    };
    for attempt in 1..=3 {
        let output = Command::new(uno_python())
            .arg(&script)
            .args(args)
            .output()
            .expect("Python 3 lance lo.py");
        if output.status.success() {
            return;
        }
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if attempt < 3 && crashed(&stderr) {
            eprintln!("LibreOffice s'est arrêté en cours de route ; nouvel essai ({attempt}/2)");
            continue;
        }
        panic!(
            "LibreOffice failed: {}\n{stderr}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

/// Recalculates a workbook in LibreOffice and returns the path of the saved copy.
pub fn recalculated(input: &Path, dir: &Path) -> PathBuf {
    let out = dir.join(format!(
        "lo-{}",
        input.file_name().unwrap().to_string_lossy()
    ));
    libreoffice(&["recalc", input.to_str().unwrap(), out.to_str().unwrap()]);
    out
}

/// The rows of the table whose header row holds `first_header` in its first column, each as
/// header → value, until the first row with an empty first cell.
pub fn table_rows(path: &Path, sheet: &str, first_header: &str) -> Vec<HashMap<String, Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| *c == first_header))
        .expect("header row");
    let names: Vec<String> = rows[header].iter().map(|c| c.to_string()).collect();
    rows[header + 1..]
        .iter()
        .take_while(|r| r.first().is_some_and(|c| !c.to_string().is_empty()))
        .map(|r| names.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// A cell as a number (calamine gives integers and floats).
pub fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The 1-based row where `key` stands in the first column of `sheet` (an Excel row number).
pub fn row_number(path: &Path, sheet: &str, key: &str) -> u32 {
    let mut wb: Xlsx<_> = open_workbook(path).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let start = range.start().unwrap_or((0, 0)).0;
    let index = range
        .rows()
        .position(|r| r.first().is_some_and(|c| *c == key));
    start + index.expect("key present") as u32 + 1
}

/// The column letter of the header `name` in `sheet` (the first row that holds it).
pub fn column_letter(path: impl AsRef<Path>, sheet: &str, name: &str) -> String {
    let mut wb: Xlsx<_> = open_workbook(path.as_ref()).expect("workbook opens");
    let range = wb.worksheet_range(sheet).expect("sheet exists");
    let start = range.start().unwrap_or((0, 0)).1;
    let col = range
        .rows()
        .find_map(|r| r.iter().position(|c| *c == name))
        .expect("header present");
    rust_xlsxwriter::utility::column_number_to_name(start as u16 + col as u16)
}

/// An amount shown by a spreadsheet, in cents.
pub fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// An amount of the engine, in cents.
pub fn engine_cents(d: rust_decimal::Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (d * rust_decimal::Decimal::ONE_HUNDRED).to_i64().unwrap()
}

/// The `Synthèse` of a recalculated workbook against the engine: the total, the maximum, the
/// variable at most, and each mission's variable earned and maximum.
pub fn assert_summary_matches(path: &Path, f: &cpts_aci::YearFunding, what: &str) {
    let summary = table_rows(path, "Synthèse", "Mission");
    let total = summary
        .iter()
        .find(|r| r["Mission"] == Data::String("Total".into()))
        .expect("a total row");
    let shown = |row: &HashMap<String, Data>, column: &str| cents(number(&row[column]));
    assert_eq!(
        shown(total, "Total obtenu (€)"),
        engine_cents(f.total),
        "{what}: total"
    );
    assert_eq!(
        shown(total, "Maximum (€)"),
        engine_cents(f.max),
        "{what}: max"
    );
    assert_eq!(
        shown(total, "Variable max (€)"),
        engine_cents(f.variable_max()),
        "{what}: variable max"
    );
    for m in &f.missions {
        let row = summary
            .iter()
            .find(|r| r["Mission"] == m.code.label())
            .expect("a row per mission");
        assert_eq!(
            shown(row, "Variable obtenu (€)"),
            engine_cents(m.variable),
            "{what}: {}",
            m.code
        );
        assert_eq!(
            shown(row, "Maximum (€)"),
            engine_cents(m.max),
            "{what}: {} max",
            m.code
        );
    }
}

/// Entries under which every line of a year is fully reached (the engine's reaching readings,
/// typed as a coordinator would: numbers, `Fait`, `Atteint`).
pub fn reaching_entries(c: &cpts_aci::Contract, year: u32) -> cpts_aci::Entries {
    use cpts_aci::layout::{INDICATORS, ind};
    use cpts_aci::{Cell, Observation};
    use rust_decimal::prelude::ToPrimitive;
    let mut e = cpts_aci::Entries::default();
    for (code, reading) in cpts_aci::reaching_readings(c, year) {
        let cell = match reading.value {
            Observation::Number(x) => Cell::Number(x.to_f64().unwrap()),
            Observation::Done(_) => Cell::Text("Fait".into()),
            Observation::Quality(_) => Cell::Text("Atteint".into()),
            Observation::Missing => Cell::Empty,
        };
        e.set(&INDICATORS, &code, ind::OBSERVED, cell);
    }
    e
}

/// Each mission's `Variable obtenu (€)` and `Variable max (€)` in `Synthèse`, in cents.
pub fn summary_variables(path: &Path) -> Vec<(String, i64, i64)> {
    table_rows(path, "Synthèse", "Mission")
        .iter()
        .filter(|r| {
            r["Mission"] != Data::String("Total".into())
                && r["Mission"] != Data::String("Fonctionnement".into())
        })
        .map(|r| {
            (
                r["Mission"].to_string(),
                cents(number(&r["Variable obtenu (€)"])),
                cents(number(&r["Variable max (€)"])),
            )
        })
        .collect()
}
