//! `batch` over a folder mixing good, erroneous and broken files: it never stops, exits 1, and
//! writes one correct row per file, in path order, in a workbook LibreOffice opens and in JSON.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use cpts_aci::Contract;
use cpts_aci::demo_entries;
use cpts_aci::fund_year;
use cpts_aci::{Entries, write_workbook};
use std::path::Path;

fn workbook(entries: &Entries) -> Vec<u8> {
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    write_workbook(&c, 2, entries, &fund_year(&c, 2, &entries.readings(&c, 2))).unwrap()
}

/// The mixed folder, and the status and reason words expected for each file, in path order.
fn mixed_folder(dir: &Path) -> Vec<(&'static str, &'static str, &'static str)> {
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let good = workbook(&Entries::default());
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
    std_write("sous-dossier/j-valide.xlsx", &good);
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
        ("sous-dossier/j-valide.xlsx", "Valide", ""),
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
        stdout.starts_with("10 fichiers : 2 valides, 1 avec erreurs, 7 illisibles"),
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
