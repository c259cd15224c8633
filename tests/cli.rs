//! Command-line tests that need more than a file comparison (the file-based cases are run by
//! `tests/cmd.rs`).

mod common;

use common::cpts_aci;

use chrono::Datelike;
use cpts_aci::Contract;

/// The mark that begins every value still to fill in a starter contract.
const MARK: &str = "À REMPLIR";

/// The starter as a coordinator fills it: each « À REMPLIR » value replaced, quotes included,
/// by the example its comment gives (`cible = 300`, the even split of the weights…), or a text.
fn starter_filled(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let to_fill = line
            .split_once(&format!(" = \"{MARK}"))
            .filter(|(key, _)| !key.starts_with('#'));
        out.push_str(&match to_fill {
            None => line.to_string(),
            Some((key, rest)) => {
                let comment = rest.split_once('#').map_or("", |(_, c)| c);
                let example = comment
                    .split_once(&format!("{key} = "))
                    .and_then(|(_, v)| v.split_whitespace().next())
                    .map(|v| v.trim_end_matches([')', ';']).to_string());
                format!(
                    "{key} = {}",
                    example.unwrap_or_else(|| format!("\"Texte {key}\""))
                )
            }
        });
        out.push('\n');
    }
    out
}

#[test]
fn init_then_generate_names_each_value_to_fill_and_works_once_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], u8); 6] = [
        (&["--taille", "1"], 1),
        (&["--taille", "2"], 2),
        (&["--taille", "3"], 3),
        (&["--taille", "4"], 4),
        (&["--population", "175001"], 4),
        (&[], 2),
    ];
    for (i, (args, size)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("contrat-{i}.toml"));
        let workbook = dir.path().join(format!("suivi-{i}.xlsx"));
        cpts_aci()
            .arg("init")
            .args(*args)
            .arg("-o")
            .arg(&path)
            .assert()
            .success();
        let text = std::fs::read_to_string(&path).unwrap();
        let marked: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(&format!(" = \"{MARK}")) && !l.starts_with('#'))
            .map(|(n, _)| n + 1)
            .collect();
        assert!(marked.len() >= 20, "{args:?}: {} marked", marked.len());
        let refused = cpts_aci()
            .arg("generate")
            .arg(&path)
            .args(["--annee", "1", "-o"])
            .arg(&workbook)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
        let named: Vec<usize> = stderr
            .lines()
            .filter_map(|l| l.split_once(", ligne ")?.1.split_once(',')?.0.parse().ok())
            .collect();
        assert_eq!(named, marked, "{args:?}: {stderr}");
        assert!(stderr.contains("n'est pas encore rempli"), "{stderr}");
        assert!(!workbook.exists(), "nothing written");
        std::fs::write(&path, starter_filled(&text)).unwrap();
        let contract = Contract::load(&path).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(contract.size.get(), *size, "{args:?}");
        cpts_aci()
            .arg("generate")
            .arg(&path)
            .args(["--annee", "1", "-o"])
            .arg(&workbook)
            .assert()
            .success();
        assert!(workbook.exists());
    }
}

#[test]
fn demo_writes_the_sample_contract_and_it_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    cpts_aci()
        .args(["demo", "--out"])
        .arg(&out)
        .assert()
        .success();
    let contract = Contract::load(&out.join("contrat.toml")).unwrap();
    assert_eq!(contract.cpts.name, "CPTS des Deux Rivières");
}

#[test]
fn demo_into_a_file_instead_of_a_folder_fails_with_exit_2_and_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("occupé");
    std::fs::write(&file, "x").unwrap();
    let assert = cpts_aci()
        .args(["demo", "--out"])
        .arg(&file)
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("erreur : ") && stderr.contains("occupé"),
        "{stderr}"
    );
}

/// A filled workbook with the demo's three mistakes.
fn filled(dir: &std::path::Path) -> std::path::PathBuf {
    cpts_aci()
        .args(["demo", "--out"])
        .arg(dir)
        .assert()
        .success();
    dir.join("suivi-annee-2-rempli.xlsx")
}

#[test]
fn check_json_has_the_stable_keys_and_exit_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let out = cpts_aci()
        .args(["check", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    for key in [
        "file", "cpts", "year", "ok", "errors", "warnings", "findings",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(
        (
            json["ok"].as_bool(),
            json["year"].as_u64(),
            json["errors"].as_u64()
        ),
        (Some(false), Some(2), Some(1))
    );
    let finding = &json["findings"].as_array().unwrap()[0];
    for key in [
        "code",
        "severity",
        "sheet",
        "cell",
        "indicator",
        "message",
        "hint",
    ] {
        assert!(finding.get(key).is_some(), "finding.{key}");
    }
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"value_not_number") && codes.contains(&"evidence_missing"),
        "{codes:?}"
    );
}

#[test]
fn check_with_the_signed_contract_and_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let out = cpts_aci()
        .args([
            "check",
            "--contrat",
            "samples/contrat-reference.toml",
            "--date",
            "2026-06-01",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Erreurs (à corriger avant le dialogue de gestion)")
            && text.contains("contract_mismatch (autre contrat)")
            && text.contains("→ "),
        "{text}"
    );
    assert!(text.contains("produit pour un autre contrat"), "{text}");
}

#[test]
fn compute_json_is_the_engine_funding_with_two_decimal_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let out = cpts_aci()
        .args(["compute", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(json["total"], "244691.67");
    assert_eq!(json["max"], "269500.00");
    assert_eq!(json["missions"][0]["code"], "acces");
    assert_eq!(json["missions"][0]["variable"], "13025.00");
    assert_eq!(json["missions"][0]["indicators"][1]["attainment"], "0.6");
    let paid: f64 = json["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["amount"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((paid - 244691.67).abs() < 0.005);
}

#[test]
fn summarize_writes_next_to_the_input_and_never_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let before = std::fs::read(&path).unwrap();
    cpts_aci()
        .arg("summarize")
        .arg(&path)
        .arg("-o")
        .arg(&path)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&path).unwrap(), before, "input untouched");
    std::fs::remove_file(dir.path().join("suivi-annee-2-rempli-synthese.xlsx")).unwrap();
    cpts_aci().arg("summarize").arg(&path).assert().code(1);
    assert!(
        dir.path()
            .join("suivi-annee-2-rempli-synthese.xlsx")
            .exists()
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "input untouched");
}

#[test]
fn exit_codes_for_missing_foreign_and_clean_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    cpts_aci().args(["check", "absent.xlsx"]).assert().code(2);
    let foreign = dir.path().join("autre.xlsx");
    std::fs::write(&foreign, b"PK\x03\x04 pas vraiment un classeur").unwrap();
    let out = cpts_aci()
        .args(["check", "--format", "json"])
        .arg(&foreign)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "unreadable");
    assert!(json["cpts"].is_null());
    let blank = dir.path().join("vierge.xlsx");
    cpts_aci()
        .args([
            "generate",
            "samples/contrat-exemple.toml",
            "--annee",
            "2",
            "-o",
        ])
        .arg(&blank)
        .assert()
        .success();
    cpts_aci()
        .args(["check", "--date", "2025-04-02"])
        .arg(&blank)
        .assert()
        .code(0);
}

#[test]
fn generate_says_when_a_year_has_no_line_and_when_an_envelope_cannot_be_earned() {
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("contrat.toml");
    // Signed this year: whatever today is, its year has no indicator line.
    let signature = chrono::Local::now().date_naive().with_day(1).unwrap();
    std::fs::write(
        &contract,
        format!(
            "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"T\"\nidentifiant = \"1\"\ntaille = 2\n\
             [contrat]\nsignature = {signature}\n[[missions]]\ncode = \"prevention\"\n\
             debut = {signature}\n"
        ),
    )
    .unwrap();
    let run = cpts_aci().arg("generate").arg(&contract).assert().code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("n'a aucune ligne d'indicateur") && stderr.contains("--annee N"),
        "{stderr}"
    );
    let output = dir.path().join("suivi.xlsx");
    let run = cpts_aci()
        .arg("generate")
        .arg(&contract)
        .args(["--annee", "1", "-o"])
        .arg(&output)
        .assert()
        .success();
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("attention : mission Prévention : aucun indicateur en année 1")
            && stderr.contains("15 000,00 €"),
        "{stderr}"
    );
    assert!(output.exists());
}

#[test]
fn one_overwrite_policy_summarize_batch_and_demo_need_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = filled(dir.path());
    let synthesis = dir.path().join("suivi-annee-2-rempli-synthese.xlsx");
    std::fs::write(&synthesis, b"une synthese annotee").unwrap();
    let run = cpts_aci().arg("summarize").arg(&path).assert().code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("existe déjà") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&synthesis).unwrap(), b"une synthese annotee");
    cpts_aci()
        .arg("summarize")
        .arg(&path)
        .arg("--force")
        .assert()
        .code(1);
    assert_ne!(std::fs::read(&synthesis).unwrap(), b"une synthese annotee");

    let (xlsx, json) = (dir.path().join("lot.xlsx"), dir.path().join("lot.json"));
    std::fs::write(&json, b"{}").unwrap();
    let batch = |force: bool| {
        let mut c = cpts_aci();
        c.arg("batch")
            .arg(&path)
            .arg("-o")
            .arg(&xlsx)
            .arg("--json")
            .arg(&json);
        if force {
            c.arg("--force");
        }
        c.assert()
    };
    let stderr = String::from_utf8(batch(false).code(2).get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("lot.json existe déjà"), "{stderr}");
    assert!(!xlsx.exists(), "nothing written when one output is refused");
    batch(true).code(1);
    assert!(xlsx.exists() && std::fs::read(&json).unwrap() != b"{}");

    let out = dir.path().join("demo");
    cpts_aci()
        .arg("demo")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let run = cpts_aci()
        .arg("demo")
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("--force") && stderr.contains("--out"),
        "{stderr}"
    );
    cpts_aci()
        .arg("demo")
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
}

#[test]
fn a_refused_workbook_is_said_on_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("autre.xlsx");
    std::fs::write(&foreign, b"PK\x03\x04 pas vraiment un classeur").unwrap();
    let out = cpts_aci().arg("check").arg(&foreign).assert().code(1);
    let output = out.get_output();
    assert!(output.stdout.is_empty(), "nothing on stdout in text mode");
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(
        stderr.contains("autre.xlsx") && stderr.contains("illisible")
            || stderr.contains("n'est pas"),
        "{stderr}"
    );
}
