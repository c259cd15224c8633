//! `batch` over a folder mixing good, erroneous and broken files: it never stops, exits 1, and
//! writes one correct row per file, in path order, in a workbook LibreOffice opens and in JSON.
//! Files of one CPTS-year are counted once: copies in any format are `Doublon`, versions that
//! differ `Conflit`; a consolidation among the inputs is left out.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use cpts_aci::Contract;
use cpts_aci::demo_entries;
use cpts_aci::fund_year;
use cpts_aci::synthetic::{Spec, contract_text, entries};
use cpts_aci::{Entries, write_workbook};
use std::path::Path;

fn workbook(entries: &Entries) -> Vec<u8> {
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    write_workbook(&c, 2, entries, &fund_year(&c, 2, &entries.readings(&c, 2))).unwrap()
}

/// The year-2 workbook of a generated CPTS (its identifier follows its population), filled
/// with every line given a value, or untouched.
fn cpts_workbook(name: &str, population: u64, filled: bool) -> Vec<u8> {
    let spec = Spec {
        name: name.into(),
        population,
        signature: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        lines_per_year: 12,
    };
    let c = Contract::parse(&contract_text(&spec), Path::new("contrat.toml")).unwrap();
    let e = if filled {
        entries(&c, 2, population)
    } else {
        Entries::default()
    };
    write_workbook(&c, 2, &e, &fund_year(&c, 2, &e.readings(&c, 2))).unwrap()
}

/// The mixed folder, and the status and reason words expected for each file, in path order.
fn mixed_folder(dir: &Path) -> Vec<(&'static str, &'static str, &'static str)> {
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let good = cpts_workbook("CPTS des Deux Rivières", 62_000, true);
    let std_write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    std_write("a-valide.xlsx", &good);
    std_write("b-erreurs.xlsx", &workbook(&demo_entries(&c, 2)));
    std_write("c-vide.xlsx", b"");
    std_write("d-tronque.xlsx", &good[..good.len() / 2]);
    std_write(
        "e-aleatoire.xlsx",
        &(0..5000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<_>>(),
    );
    std_write(
        "f-ancien.xls",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    std_write("g-libreoffice.ods", b"PK\x03\x04 un classeur OpenDocument");
    std_write(
        "h-chiffre.xlsx",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2],
    );
    let mut foreign = rust_xlsxwriter::Workbook::new();
    foreign
        .add_worksheet()
        .write_string(0, 0, "Suivi maison")
        .unwrap();
    std_write("i-autre-outil.xlsx", &foreign.save_to_buffer().unwrap());
    std_write(
        "sous-dossier/j-vierge.xlsx",
        &cpts_workbook("CPTS du Plateau", 30_000, false),
    );
    std_write("notes.txt", b"pas un classeur");
    std_write("~$a-valide.xlsx", b"verrou d'Excel");
    vec![
        ("a-valide.xlsx", "Valide", ""),
        ("b-erreurs.xlsx", "Erreurs", ""),
        ("c-vide.xlsx", "Illisible", "vide"),
        ("d-tronque.xlsx", "Illisible", "tronquée"),
        ("e-aleatoire.xlsx", "Illisible", "pas un classeur"),
        ("f-ancien.xls", "Illisible", "(.xls) endommagé"),
        ("g-libreoffice.ods", "Illisible", "endommagée"),
        ("h-chiffre.xlsx", "Illisible", "mot de passe"),
        (
            "i-autre-outil.xlsx",
            "Illisible",
            "pas été produit par cpts-aci",
        ),
        ("sous-dossier/j-vierge.xlsx", "Incomplet", ""),
    ]
}

fn cpts_rows(path: &Path) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range("CPTS").unwrap();
    range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn a_mixed_folder_gives_one_row_per_file_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("lot");
    let expected = mixed_folder(&folder);
    let xlsx = dir.path().join("consolidation.xlsx");
    let json = dir.path().join("consolidation.json");
    let out = common::cpts_aci()
        .args(["batch", "--jobs", "2", "--date", "2025-04-02", "-o"])
        .arg(&xlsx)
        .arg("--json")
        .arg(&json)
        .arg(&folder)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "10 fichiers : 1 valide, 1 incomplet, 1 avec erreurs, 7 illisibles, 0 doublon, 0 en conflit"
        ),
        "{stdout}"
    );
    assert!(
        out.stderr.is_empty(),
        "no progress bar when stderr is not a terminal"
    );
    let rows = cpts_rows(&xlsx);
    assert_eq!(
        rows[0][..6],
        [
            "Fichier",
            "CPTS",
            "Identifiant",
            "Taille",
            "Année",
            "Statut"
        ]
    );
    assert_eq!(
        rows.len(),
        expected.len() + 2,
        "header, one row per file, total"
    );
    for (row, (file, status, reason)) in rows[1..].iter().zip(&expected) {
        assert!(row[0].ends_with(file), "{} vs {file}", row[0]);
        assert_eq!(row[5], *status, "{file}");
        assert!(row[12].contains(reason), "{file}: {}", row[12]);
    }
    assert_eq!(rows[1][1], "CPTS des Deux Rivières");
    assert_eq!(rows[2][6], "1", "one error in b-erreurs");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), expected.len());
    for (f, (file, status, _)) in files.iter().zip(&expected) {
        assert!(f["file"].as_str().unwrap().ends_with(file));
        assert_eq!(f["status"], *status);
    }
    assert_eq!(doc["summary"]["unreadable"], 7);
    assert_eq!(
        doc["summary"]["statuses"],
        serde_json::json!({"Valide": 1, "Incomplet": 1, "Erreurs": 1, "Illisible": 7, "Doublon": 0, "Conflit": 0})
    );
    assert_eq!(files[1]["findings"][0]["code"], "value_not_number");
    assert_eq!(files[1]["indicators"].as_array().unwrap().len(), 11);
    // The consolidation opens in LibreOffice, which reads the same rows.
    let lo = common::recalculated(&xlsx, dir.path());
    assert_eq!(cpts_rows(&lo).len(), rows.len());
}

#[test]
fn the_same_inputs_give_the_same_outputs_whatever_the_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("lot");
    mixed_folder(&folder);
    let run = |jobs: &str| {
        let xlsx = dir.path().join(format!("c{jobs}.xlsx"));
        let json = dir.path().join(format!("c{jobs}.json"));
        common::cpts_aci()
            .args(["batch", "--date", "2025-04-02", "--jobs", jobs, "-o"])
            .arg(&xlsx)
            .arg("--json")
            .arg(&json)
            .arg(&folder)
            .assert()
            .code(1);
        (std::fs::read(xlsx).unwrap(), std::fs::read(json).unwrap())
    };
    let one = run("1");
    let two = run("2");
    assert!(one.0 == two.0, "consolidated workbooks differ");
    assert!(one.1 == two.1, "JSON documents differ");
}

#[test]
fn an_output_that_is_also_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("classeur.xlsx");
    std::fs::write(&input, workbook(&Entries::default())).unwrap();
    let before = std::fs::read(&input).unwrap();
    common::cpts_aci()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

/// Runs `batch` on `input` with a JSON output in `dir`; its exit code, JSON and standard error.
fn batch_json(input: &Path, dir: &Path) -> (i32, serde_json::Value, String) {
    std::fs::create_dir_all(dir).unwrap();
    let json = dir.join("consolidation.json");
    let out = common::cpts_aci()
        .args(["batch", "--date", "2025-04-01", "-o"])
        .arg(dir.join("consolidation.xlsx"))
        .arg("--json")
        .arg(&json)
        .arg(input)
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    (out.status.code().unwrap(), doc, stderr)
}

fn cents(v: &serde_json::Value) -> i64 {
    let text = v.as_str().unwrap();
    let (euros, cents) = text.split_once('.').unwrap();
    euros.parse::<i64>().unwrap() * 100 + cents.parse::<i64>().unwrap()
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn the_demo_lot_sent_three_times_with_ods_and_xls_copies_and_a_v2_counts_each_cpts_year_once() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo");
    common::cpts_aci()
        .args(["demo", "--out"])
        .arg(&demo)
        .assert()
        .success();
    let lot = demo.join("lot");
    let (_, single, _) = batch_json(&lot, &dir.path().join("seul"));
    let file_total = |doc: &serde_json::Value, name: &str| {
        let files = doc["files"].as_array().unwrap();
        let f = files
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap();
        cents(&f["total"])
    };

    let sent = dir.path().join("envoi");
    for copy in ["lot-1", "lot-2", "lot-3"] {
        copy_folder(&lot, &sent.join(copy));
    }
    // The .ods a coordinator saved beside her .xlsx through LibreOffice, and an .xls another
    // one sent.
    std::fs::create_dir_all(sent.join("par-mail")).unwrap();
    for (name, ext) in [
        ("cpts-01-val-de-sambre", "ods"),
        ("cpts-03-lys-et-deûle", "xls"),
    ] {
        let copy = sent.join(format!("par-mail/{name}.{ext}"));
        common::libreoffice(&[
            "convert",
            lot.join(format!("{name}.xlsx")).to_str().unwrap(),
            copy.to_str().unwrap(),
        ]);
    }
    // A v2 of Grand Douai, e-mailed a week later with one value changed.
    let v1 = cpts_aci::read_workbook(&lot.join("cpts-02-grand-douai.xlsx")).unwrap();
    let mut e = v1.entries();
    let line = v1.contract.lines(v1.year)[0].indicator.code.clone();
    let (table, observed) = (
        &cpts_aci::layout::INDICATORS,
        cpts_aci::layout::ind::OBSERVED,
    );
    let changed = match e.get(table, &line, observed) {
        cpts_aci::Cell::Number(x) => cpts_aci::Cell::Number(x + 1.0),
        _ => cpts_aci::Cell::Number(1.0),
    };
    e.set(table, &line, observed, changed);
    let f = fund_year(&v1.contract, v1.year, &e.readings(&v1.contract, v1.year));
    std::fs::create_dir_all(sent.join("v2")).unwrap();
    std::fs::write(
        sent.join("v2/cpts-02-grand-douai-v2.xlsx"),
        write_workbook(&v1.contract, v1.year, &e, &f).unwrap(),
    )
    .unwrap();
    // The consolidation of an earlier run, left in the folder.
    std::fs::copy(
        demo.join("consolidation.xlsx"),
        sent.join("consolidation.xlsx"),
    )
    .unwrap();

    let (code, doc, stderr) = batch_json(&sent, &dir.path().join("sortie"));
    assert_eq!(code, 1, "a conflict makes the batch exit 1");
    assert!(
        stderr.contains(
            "consolidation.xlsx : consolidation écrite par cpts-aci batch, ignorée (ce n'est pas le classeur d'une CPTS)"
        ),
        "{stderr}"
    );
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 3 * 22 + 3, "the consolidation is no row");
    let status = |f: &serde_json::Value| f["status"].as_str().unwrap().to_string();
    for f in files {
        let name = f["file"].as_str().unwrap();
        let year_2 = !name.contains("annee-1");
        let expected = if name.contains("grand-douai") && year_2 {
            "Conflit"
        } else if name.contains("sud-oise") && year_2 {
            "Illisible"
        } else if name.contains("lot-1") {
            let base = Path::new(name).file_name().unwrap().to_str().unwrap();
            let own = single["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["file"].as_str().unwrap().ends_with(base))
                .unwrap();
            own["status"].as_str().unwrap()
        } else {
            "Doublon"
        };
        assert_eq!(status(f), expected, "{name}");
        assert_eq!(
            f["counted"],
            name.contains("lot-1") && expected != "Conflit" && expected != "Illisible",
            "{name}"
        );
        // A counted year 2 shows the year 1 counted (lot-1's), never a copy; a file not
        // counted shows none.
        let previous = &f["previous"];
        if f["counted"] == true && year_2 {
            let of = previous["file"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: {previous}"));
            assert!(
                of.contains("lot-1/") && of.ends_with("-annee-1.xlsx"),
                "{name}: {of}"
            );
        } else {
            assert!(previous.is_null(), "{name}: {previous}");
        }
        if expected == "Doublon" {
            let stem = Path::new(name).file_stem().unwrap().to_str().unwrap();
            let of = sent
                .join(format!("lot-1/{stem}.xlsx"))
                .display()
                .to_string();
            assert!(
                f["reason"].as_str().unwrap().contains(&of),
                "{name}: {}",
                f["reason"]
            );
        }
        if expected == "Conflit" {
            let conflict = &f["findings"][0];
            assert_eq!(conflict["code"], "workbook_conflict");
            assert_eq!(conflict["severity"], "error");
            let message = conflict["message"].as_str().unwrap();
            for other in files.iter().map(|o| o["file"].as_str().unwrap()) {
                if other.contains("grand-douai") && !other.contains("annee-1") && other != name {
                    assert!(message.contains(other), "{name} names {other}: {message}");
                }
            }
            assert!(
                message.contains(&line),
                "the first difference is named: {message}"
            );
        }
    }
    let summary = &doc["summary"];
    assert_eq!(
        summary["statuses"],
        serde_json::json!({"Valide": 18, "Incomplet": 0, "Erreurs": 2, "Illisible": 3, "Doublon": 42, "Conflit": 4})
    );
    assert_eq!(summary["counted"], 20);
    assert_eq!(summary["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(
        cents(&summary["total"]),
        cents(&single["summary"]["total"]) - file_total(&single, "cpts-02-grand-douai.xlsx"),
        "the single lot's total less the CPTS in conflict"
    );
    for key in ["variable", "variable_max"] {
        let single_file = single["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["file"]
                    .as_str()
                    .unwrap()
                    .ends_with("cpts-02-grand-douai.xlsx")
            })
            .unwrap();
        assert_eq!(
            cents(&summary[key]),
            cents(&single["summary"][key]) - cents(&single_file[key]),
            "{key}"
        );
    }
    // The consolidation's CPTS sheet: no money on a row not counted, and a total of the counted.
    let rows = cpts_rows(&dir.path().join("sortie/consolidation.xlsx"));
    let last = rows.last().unwrap();
    assert_eq!(last[0], "Total : 69 fichiers, 20 comptés");
    for row in &rows[1..rows.len() - 1] {
        if row[5] == "Doublon" || row[5] == "Conflit" {
            assert_eq!(row[8], "", "{}", row[0]);
        }
    }
}

#[test]
fn an_untouched_workbook_is_incomplete_and_does_not_fail_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vierge.xlsx");
    std::fs::write(&path, workbook(&Entries::default())).unwrap();
    let (code, doc, _) = batch_json(&path, &dir.path().join("sortie"));
    assert_eq!(code, 0);
    assert_eq!(doc["files"][0]["status"], "Incomplet");
    assert_eq!(doc["files"][0]["errors"], 0);
    assert_eq!(doc["summary"]["statuses"]["Incomplet"], 1);
    assert_eq!(doc["summary"]["counted"], 1);
}

/// The inputs of the command-line case `tests/cmd/batch-lot.toml`, rebuilt here: a filled
/// workbook and its copy, a v1 and a v2 of another CPTS-year, an untouched workbook and an old
/// consolidation. `CPTS_ACI_BLESS=1` rewrites them after a deliberate change.
#[test]
fn the_command_line_lot_is_up_to_date() {
    let dir = Path::new("tests/cmd/lot.in");
    let filled = cpts_workbook("CPTS de la Vallée", 41_000, true);
    let spec = Spec {
        name: "CPTS du Bocage".into(),
        population: 87_000,
        signature: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        lines_per_year: 12,
    };
    let c = Contract::parse(&contract_text(&spec), Path::new("contrat.toml")).unwrap();
    let v1 = entries(&c, 2, 7);
    let mut v2 = v1.clone();
    let code = &c.lines(2)[1].indicator.code;
    let (table, observed) = (
        &cpts_aci::layout::INDICATORS,
        cpts_aci::layout::ind::OBSERVED,
    );
    v2.set(table, code, observed, cpts_aci::Cell::Number(2.0));
    assert_ne!(v1.get(table, code, observed), v2.get(table, code, observed));
    let written =
        |e: &Entries| write_workbook(&c, 2, e, &fund_year(&c, 2, &e.readings(&c, 2))).unwrap();
    let old = tempfile::tempdir().unwrap();
    let consolidation = old.path().join("consolidation.xlsx");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
    cpts_aci::consolidation::Consolidation::new(None, date)
        .unwrap()
        .finish(&Default::default(), &consolidation, None)
        .unwrap();
    let expected: Vec<(&str, Vec<u8>)> = vec![
        ("vallee.xlsx", filled.clone()),
        ("copie/vallee.xlsx", filled),
        ("bocage.xlsx", written(&v1)),
        ("bocage-v2.xlsx", written(&v2)),
        ("vierge.xlsx", workbook(&Entries::default())),
        ("consolidation.xlsx", std::fs::read(&consolidation).unwrap()),
    ];
    for (name, bytes) in expected {
        let path = dir.join(name);
        if std::env::var_os("CPTS_ACI_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(
            std::fs::read(&path).unwrap_or_default() == bytes,
            "{} is out of date: run `CPTS_ACI_BLESS=1 cargo test --test batch`",
            path.display()
        );
    }
}

/// The consolidation's `Financement` names, in its last column, the parts resting on a grid
/// figure still à confirmer, as `to_confirm` does in the JSON: the sample's prévention and
/// crise, never accès nor parcours.
#[test]
fn the_funding_sheet_names_the_amounts_still_to_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annee-2.xlsx");
    std::fs::write(&path, workbook(&Entries::default())).unwrap();
    let out = dir.path().join("sortie");
    let (_, doc, _) = batch_json(&path, &out);
    let mut wb: Xlsx<_> = open_workbook(out.join("consolidation.xlsx")).unwrap();
    let range = wb.worksheet_range("Financement").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect();
    let head = rows.iter().position(|r| r[0] == "Fichier").unwrap();
    assert_eq!(rows[head].last().unwrap(), "À confirmer");
    let marks: Vec<(String, String)> = rows[head + 1..]
        .iter()
        .map(|r| (r[3].clone(), r.last().unwrap().clone()))
        .collect();
    let mark = |label: &str| {
        marks
            .iter()
            .find(|(m, _)| m == label)
            .unwrap_or_else(|| panic!("{label}: {marks:?}"))
            .1
            .clone()
    };
    assert_eq!(mark("Prévention"), "fixe, variable");
    assert_eq!(mark("Crises sanitaires graves"), "fixe");
    assert_eq!(mark("Accès aux soins"), "");
    assert_eq!(mark("Fonctionnement"), "");
    let missions = doc["files"][0]["missions"].as_array().unwrap();
    let prevention = missions.iter().find(|m| m["code"] == "prevention").unwrap();
    assert_eq!(
        prevention["to_confirm"],
        serde_json::json!(["fixed", "variable"])
    );
}
