//! The same workbook typed in French LibreOffice and saved by it as `.xlsx`, `.ods` and `.xls`
//! (`tests/fixtures/lo/saisie.*`, rebuilt by `tests/fixtures/lo/make.sh`) is read exactly the
//! same way: same funding, same findings, whatever its name says.

mod common;

use serde_json::Value;

fn json(args: &[&str]) -> (Value, i32) {
    let out = common::cpts_aci().args(args).output().unwrap();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (value, out.status.code().unwrap())
}

fn fixture(ext: &str) -> String {
    format!("tests/fixtures/lo/saisie.{ext}")
}

#[test]
fn xlsx_ods_and_xls_give_the_same_funding_and_findings() {
    let (reference, code) = json(&["compute", "--format", "json", &fixture("xlsx")]);
    assert_eq!(code, 0);
    assert_eq!(reference["total"], "248855.00", "the typed values are read");
    let (checked, _) = json(&["check", "--format", "json", &fixture("xlsx")]);
    let findings = |v: &Value| v["findings"].clone();
    assert!(!findings(&checked).as_array().unwrap().is_empty());
    for ext in ["ods", "xls"] {
        let (computed, code) = json(&["compute", "--format", "json", &fixture(ext)]);
        assert_eq!(code, 0, "{ext}");
        assert_eq!(computed, reference, "{ext}: compute");
        let (other, _) = json(&["check", "--format", "json", &fixture(ext)]);
        assert_eq!(findings(&other), findings(&checked), "{ext}: findings");
        assert_eq!(other["errors"], checked["errors"]);
    }
}

#[test]
fn the_format_comes_from_the_bytes_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, disguise) in [("ods", "xlsx"), ("xls", "xlsx"), ("xlsx", "ods")] {
        let path = dir.path().join(format!("{ext}-nomme.{disguise}"));
        std::fs::copy(fixture(ext), &path).unwrap();
        let (computed, code) = json(&["compute", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{ext} named .{disguise}");
        assert_eq!(computed["total"], "248855.00");
    }
}

#[test]
fn summarize_of_an_ods_writes_an_xlsx_that_checks_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let ods = dir.path().join("saisie.ods");
    std::fs::copy(fixture("ods"), &ods).unwrap();
    common::cpts_aci()
        .arg("summarize")
        .arg(&ods)
        .assert()
        .success();
    let written = dir.path().join("saisie-synthese.xlsx");
    assert_eq!(&std::fs::read(&written).unwrap()[..2], b"PK");
    let (before, _) = json(&["compute", "--format", "json", ods.to_str().unwrap()]);
    let (after, _) = json(&["compute", "--format", "json", written.to_str().unwrap()]);
    assert_eq!(before, after);
}

#[test]
fn outputs_are_xlsx_and_an_other_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (args, name) in [
        (
            vec![
                "generate",
                "samples/contrat-exemple.toml",
                "--annee",
                "2",
                "-o",
            ],
            "x.ods",
        ),
        (vec!["summarize", &fixture("xlsx"), "-o"], "x.xls"),
        (vec!["batch", &fixture("xlsx"), "-o"], "x.csv"),
    ] {
        let out = dir.path().join(name);
        let run = common::cpts_aci().args(&args).arg(&out).assert().code(2);
        let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("écrit des fichiers .xlsx"), "{stderr}");
        assert!(!out.exists());
    }
}
