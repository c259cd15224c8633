//! Hostile and broken input (README, « Fichiers abîmés ou hostiles »): every case of this corpus gives its expected French
//! message, with no panic, and within the documented limits (see `workbook::limits`).
//! The corpus is built here, from a real generated workbook whose XML parts are rewritten the
//! way a damaged or malicious file would be.

mod common;

use common::cpts_aci;

use cpts_aci::Contract;
use cpts_aci::checkpoint_key;
use cpts_aci::fund_year;
use cpts_aci::layout::{CHECKPOINTS, INDICATORS, ind, step};
use cpts_aci::{Cell, Entries, write_workbook};
use cpts_aci::{Options, review};
use cpts_aci::{ReadError, read_workbook};
use std::io::{Read, Write};
use std::path::Path;

fn sample() -> Contract {
    Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap()
}

fn good(entries: &Entries) -> Vec<u8> {
    let c = sample();
    write_workbook(&c, 2, entries, &fund_year(&c, 2, &entries.readings(&c, 2))).unwrap()
}

/// The same archive with one part changed by `edit` (or removed when it returns `None`).
fn rewrite(xlsx: &[u8], part: &str, edit: impl Fn(String) -> Option<String>) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        let content = if name == part {
            edit(String::from_utf8(text).unwrap()).map(String::into_bytes)
        } else {
            Some(text)
        };
        if let Some(content) = content {
            out.start_file(name, options).unwrap();
            out.write_all(&content).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// A zip with one part that inflates to `size` bytes of spaces.
fn bomb(size: usize) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..size / chunk.len() {
        out.write_all(&chunk).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn refused(name: &str, bytes: &[u8]) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    match read_workbook(&path) {
        Err(ReadError::Invalid(f)) => (f.code.to_string(), f.message, f.cell),
        Err(ReadError::Io(m)) => ("io".into(), m, String::new()),
        Ok(_) => ("accepted".into(), String::new(), String::new()),
    }
}

#[test]
fn every_broken_file_of_the_corpus_gives_its_message() {
    let blank = good(&Entries::default());
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "vide.xlsx",
            vec![],
            "unreadable",
            "le fichier est vide (0 octet)",
        ),
        (
            "tronque.xlsx",
            blank[..blank.len() / 2].to_vec(),
            "unreadable",
            "archive tronquée ou endommagée",
        ),
        (
            "aleatoire.xlsx",
            (0..4000u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 11) as u8)
                .collect(),
            "unreadable",
            "n'est pas un classeur (ni .xlsx, ni .ods, ni .xls)",
        ),
        (
            "ancien.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            "unreadable",
            "classeur Excel 97-2003 (.xls) endommagé",
        ),
        (
            "chiffre.xlsx",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            "unreadable",
            "protégé par un mot de passe",
        ),
        (
            "bombe.xlsx",
            bomb(101 << 20),
            "unreadable",
            "bombe de décompression",
        ),
        (
            "textes-annonces.xlsx",
            rewrite(&blank, "xl/sharedStrings.xml", |t| {
                Some(t.replacen("uniqueCount=\"", "uniqueCount=\"4000000000", 1))
            }),
            "unreadable",
            "textes (limite 1000000)",
        ),
        (
            "sans-identification.xlsx",
            rewrite(&blank, "xl/workbook.xml", |t| {
                let start = t.find("<sheet name=\"cpts-aci\"").unwrap();
                let end = start + t[start..].find("/>").unwrap() + 2;
                Some(format!("{}{}", &t[..start], &t[end..]))
            }),
            "not_our_workbook",
            "n'a pas été produit par cpts-aci",
        ),
        (
            "cellule-lointaine.xlsx",
            rewrite(&blank, "xl/worksheets/sheet3.xml", |t| {
                Some(t.replace(
                    "</sheetData>",
                    "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
                ))
            }),
            "sheet_too_large",
            "la feuille « Indicateurs » est trop grande",
        ),
        (
            "texte-geant.xlsx",
            rewrite(&blank, "xl/sharedStrings.xml", |t| {
                Some(t.replacen(
                    "Patients en ALD sans médecin traitant",
                    &"x".repeat(40_000),
                    1,
                ))
            }),
            "text_too_long",
            "texte de 40000 caractères, au-delà de la limite d'Excel (32767)",
        ),
        (
            "format-futur.xlsx",
            rewrite(&blank, "xl/sharedStrings.xml", |t| {
                Some(t.replace("cpts-aci/classeur@1", "cpts-aci/classeur@9"))
            }),
            "unsupported_format",
            "« cpts-aci/classeur@9 » non pris en charge",
        ),
    ];
    for (name, bytes, code, message) in cases {
        let (found_code, found_message, _) = refused(name, &bytes);
        assert_eq!(found_code, code, "{name}: {found_message}");
        assert!(
            found_message.contains(message),
            "{name}: « {found_message} » lacks « {message} »"
        );
    }
}

#[test]
fn a_far_away_cell_is_named_by_its_address() {
    let blank = good(&Entries::default());
    let far = rewrite(&blank, "xl/worksheets/sheet3.xml", |t| {
        Some(t.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
        ))
    });
    let (_, message, cell) = refused("loin.xlsx", &far);
    assert_eq!(cell, "XFD1048576", "{message}");
}

#[test]
fn renamed_tables_and_deleted_columns_are_structural_findings() {
    let blank = good(&Entries::default());
    let today = chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    let check = |bytes: Vec<u8>| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let wb = read_workbook(&path).unwrap();
        review(
            &wb,
            Options {
                today,
                signed: None,
            },
        )
        .findings
    };
    let renamed = rewrite(&blank, "xl/tables/table1.xml", |t| {
        Some(t.replace("\"Indicateurs\"", "\"Tableau1\""))
    });
    let f = check(renamed);
    assert!(
        f.iter()
            .any(|f| f.code == "table_missing" && f.sheet == "Indicateurs" && f.cell == "A4"),
        "{f:#?}"
    );
    // As Excel writes a renamed header: the cell and the table's column name change together.
    let no_column = rewrite(&blank, "xl/sharedStrings.xml", |t| {
        Some(t.replacen(">Réalisé<", ">Valeur<", 1))
    });
    let no_column = rewrite(&no_column, "xl/tables/table1.xml", |t| {
        Some(t.replace("name=\"Réalisé\"", "name=\"Valeur\""))
    });
    let f = check(no_column);
    assert!(
        f.iter()
            .any(|f| f.code == "column_missing" && f.message.contains("« Réalisé »")),
        "{f:#?}"
    );
}

#[test]
fn ten_thousand_junk_rows_and_formula_like_values_are_read_and_written_back_as_typed() {
    let c = sample();
    let mut e = Entries::default();
    for i in 0..10_000 {
        let key = format!("junk-{i}");
        e.set(&CHECKPOINTS, &key, step::PLANNED, Cell::Text(key.clone()));
        e.set(
            &CHECKPOINTS,
            &key,
            step::DECISIONS,
            Cell::Text(format!("ligne parasite {i}")),
        );
    }
    for (code, text) in [
        ("ACC-01", "=1+1"),
        ("ACC-02", "+33 6 12 34 56 78"),
        ("ACC-03", "-5"),
        ("ACC-04", "@SOMME(A1)"),
    ] {
        e.set(&INDICATORS, code, ind::COMMENT, Cell::Text(text.into()));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.xlsx");
    std::fs::write(&path, good(&e)).unwrap();
    let wb = read_workbook(&path).unwrap();
    assert_eq!(wb.checkpoints.as_ref().unwrap().rows.len(), 10_004);
    let back = wb.entries();
    assert_eq!(
        back.get(&INDICATORS, "ACC-01", ind::COMMENT),
        &Cell::Text("=1+1".into())
    );
    assert_eq!(
        back.get(&INDICATORS, "ACC-04", ind::COMMENT),
        &Cell::Text("@SOMME(A1)".into())
    );
    let planned = checkpoint_key(cpts_aci::planned_checkpoints(c.period(2))[0].0);
    assert!(back.has_row(&CHECKPOINTS, &planned));
    // Written back by summarize: still text, never a formula.
    let reviewed = cpts_aci::Reviewed::new(
        wb,
        Options {
            today: chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
            signed: None,
        },
    );
    let out = dir.path().join("synthese.xlsx");
    std::fs::write(&out, reviewed.summary().unwrap()).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet3.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        !sheet.contains("<f>1+1</f>") && !sheet.contains("<f>SOMME"),
        "a typed value became a formula"
    );
}

#[test]
fn folders_missing_and_dangling_files_stop_the_command_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    match read_workbook(dir.path()) {
        Err(ReadError::Io(m)) => assert!(m.contains("c'est un dossier"), "{m}"),
        other => panic!("{other:?}"),
    }
    let link = dir.path().join("lien.xlsx");
    std::os::unix::fs::symlink(dir.path().join("disparu.xlsx"), &link).unwrap();
    match read_workbook(&link) {
        Err(ReadError::Io(m)) => {
            assert!(m.contains("lien.xlsx") && m.contains("introuvable"), "{m}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_name_that_is_not_utf8_is_processed_and_shown() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9-cpts.xlsx");
    std::fs::write(dir.path().join(name), good(&Entries::default())).unwrap();
    let out = dir.path().join("conso.xlsx");
    let run = cpts_aci()
        .args(["batch", "--date", "2025-05-01", "-o"])
        .arg(&out)
        .arg(dir.path().join(""))
        .assert();
    let stdout = String::from_utf8(run.code(0).get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with("1 fichier : 0 valide, 1 incomplet"),
        "{stdout}"
    );
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    use calamine::Reader;
    let first = wb
        .worksheet_range("CPTS")
        .unwrap()
        .get((1, 0))
        .unwrap()
        .to_string();
    assert!(first.contains("caf\u{fffd}-cpts.xlsx"), "{first}");
}

#[test]
fn writing_into_a_missing_folder_fails_cleanly_naming_it() {
    let run = cpts_aci()
        .args([
            "generate",
            "samples/contrat-exemple.toml",
            "--annee",
            "2",
            "-o",
            "/nonexistent/dossier/suivi.xlsx",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("/nonexistent/dossier/suivi.xlsx") && stderr.contains("introuvable"),
        "{stderr}"
    );
}

#[test]
fn broken_contracts_stop_with_their_line_and_column() {
    let base = std::fs::read_to_string("samples/contrat-reference.toml").unwrap();
    let cases = [
        (
            base.replace("duree_annees = 5", "duree_annees = \"cinq\""),
            "ligne 17, colonne 16 : type incorrect",
        ),
        (
            base.replace("signature = 2024-03-01\n", ""),
            "clé obligatoire absente : « signature »",
        ),
        (
            base.replace("code = \"A2\"", "code = \"A1\""),
            "ligne 54, colonne 8 : indicateur « A1 » déclaré deux fois (déjà ligne 37)",
        ),
        (
            "\u{feff}format = ".to_string() + "\"x",
            "ligne 1, colonne 11 : guillemet fermant manquant\n    → Fermez le texte par un guillemet droit : format = \"x\".",
        ),
        ("[cpts]\nnom = 3\n".to_string(), "type incorrect"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, expected)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("c{i}.toml"));
        std::fs::write(&path, text).unwrap();
        let run = cpts_aci()
            .arg("generate")
            .arg(&path)
            .args(["--annee", "2"])
            .assert()
            .code(2);
        let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains(expected), "case {i}: {stderr}");
    }
    let binary = dir.path().join("binaire.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let run = cpts_aci().arg("generate").arg(&binary).assert().code(2);
    let stderr = String::from_utf8(run.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("pas en UTF-8"), "{stderr}");
}

/// An `.ods` archive holding `content` as its `content.xml`.
fn ods(content: &str) -> Vec<u8> {
    use std::io::Write;
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

#[test]
fn an_ods_claiming_billions_of_repeated_cells_is_refused_before_it_is_expanded() {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>
<table:table table:name="Indicateurs"><table:table-row table:number-rows-repeated="1048576">
<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>
</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let bytes = ods(content);
    assert!(bytes.len() < 2_000, "a few hundred bytes");
    let (code, message, _) = refused("geant.ods", &bytes);
    assert_eq!(code, "sheet_too_large", "{message}");
    assert!(message.contains("répétitions"), "{message}");
    // The same archive at a sane size goes on to calamine, which finds it incomplete.
    let small = content.replace("1048576", "2").replace("16384", "3");
    let (code, message, _) = refused("petit.ods", &ods(&small));
    assert!(
        ["unreadable", "not_our_workbook"].contains(&code.as_str()),
        "{code}: {message}"
    );
}

#[test]
fn tampered_year_terms_are_reported_and_the_contract_text_is_read_instead() {
    let bytes = good(&Entries::default());
    let tampered = rewrite(&bytes, "xl/sharedStrings.xml", |xml| {
        assert!(
            xml.contains(r#""operating":"60000""#),
            "the terms are in the workbook"
        );
        Some(xml.replace(r#""operating":"60000""#, r#""operating":"99999""#))
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("termes.xlsx");
    std::fs::write(&path, tampered).unwrap();
    let wb = read_workbook(&path).unwrap();
    let altered: Vec<_> = wb
        .findings
        .iter()
        .filter(|f| f.code == "contract_altered")
        .collect();
    assert_eq!(altered.len(), 1, "{altered:#?}");
    assert!(altered[0].message.contains("termes de l'année"));
    assert_eq!(
        wb.contract.sha256(),
        sample().sha256(),
        "the contract comes from its intact text"
    );
    let today = chrono::NaiveDate::from_ymd_opt(2025, 4, 2).unwrap();
    let r = cpts_aci::review(
        &wb,
        cpts_aci::Options {
            today,
            signed: None,
        },
    );
    assert_eq!(r.funding.operating, 60000.into(), "not the tampered 99 999");
}
