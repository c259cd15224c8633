//! The dialogue de gestion dossier (README, « Le dossier du dialogue de gestion »): the zip is
//! complete and verifiable, its page opens in a real browser with every link resolving, and
//! hostile references are refused.

mod common;

use common::cpts_aci;
use cpts_aci::layout::{EVIDENCE, evid};
use cpts_aci::{
    Cell, Contract, Entries, evidence_key, expected_evidence, fund_year, write_workbook,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Extracts a zip into `dir` and returns the paths it holds.
fn unzip(zip: &Path, dir: &Path) -> BTreeSet<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut names = BTreeSet::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let path = dir.join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut out = std::fs::File::create(&path).unwrap();
        std::io::copy(&mut entry, &mut out).unwrap();
        names.insert(name);
    }
    names
}

fn sha256sum_check(dir: &Path) {
    let out = Command::new("sha256sum")
        .args(["-c", "--strict", "empreintes.sha256"])
        .current_dir(dir)
        .output()
        .expect("sha256sum (coreutils)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The targets of the page's links, decoded.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .map(|target| {
            let bytes = target.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    out.push(u8::from_str_radix(&target[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        })
        .collect()
}

fn chromium(args: &[&str], profile: &Path) -> std::process::Output {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("chromium").is_file()));
    assert!(
        found,
        "Chromium est nécessaire à ce test et est absent : lancez ./scripts/test.sh, qui \
         l'installe, ou installez le paquet Debian chromium."
    );
    // Chromium keeps scratch folders in the temporary directory and may leave one behind:
    // give it one beside its profile, removed with the test's folder.
    let scratch = profile.with_extension("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    Command::new("chromium")
        .env("TMPDIR", &scratch)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium starts")
}

#[test]
fn the_demo_dossier_is_verifiable_and_its_page_opens_in_a_browser_with_every_link_resolving() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    cpts_aci()
        .args(["demo", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let filled = out.join("suivi-annee-2-rempli.xlsx");
    let zip = dir.path().join("dossier.zip");
    let run = cpts_aci()
        .args(["dossier", filled.to_str().unwrap(), "--pieces"])
        .arg(out.join("pieces"))
        .args(["-o", zip.to_str().unwrap(), "--date", "2026-03-15"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "the demo has errors");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("Dossier écrit dans"), "{stderr}");
    let root = dir.path().join("decompresse");
    let names = unzip(&zip, &root);
    assert!(names.contains("index.html") && names.contains("empreintes.sha256"));
    assert!(names.contains("suivi-annee-2-rempli-synthese.xlsx"));
    sha256sum_check(&root);
    // Every piece is linked from the page, and every link leads to a file of the archive.
    let html = std::fs::read_to_string(root.join("index.html")).unwrap();
    let targets: BTreeSet<String> = links(&html).into_iter().collect();
    let pieces: BTreeSet<String> = names
        .iter()
        .filter(|n| n.starts_with("pieces/"))
        .cloned()
        .collect();
    assert_eq!(pieces.len(), 14, "{pieces:?}");
    assert!(
        pieces.is_subset(&targets),
        "{pieces:?} not all in {targets:?}"
    );
    for t in &targets {
        assert!(root.join(t).is_file(), "link {t} leads nowhere");
    }
    // The piece not filed is an error at its Référence cell, in check --pieces too.
    let check = cpts_aci()
        .args([
            "check",
            filled.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            "2026-03-15",
            "--pieces",
        ])
        .arg(out.join("pieces"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    let missing: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "evidence_file_missing")
        .collect();
    assert_eq!(missing.len(), 1, "{v}");
    assert_eq!(
        (
            missing[0]["sheet"].as_str(),
            missing[0]["indicator"].as_str()
        ),
        (Some("Justificatifs"), Some("ACC-03"))
    );
    let row = common::row_number(&filled, "Justificatifs", "ACC-03");
    let col = EVIDENCE.col(evid::REFERENCE);
    assert_eq!(
        missing[0]["cell"].as_str().unwrap(),
        format!("{}{row}", (b'A' + col as u8) as char)
    );
    // The page is typeset in French: non-breaking spaces inside the guillemets.
    assert!(html.contains(&cpts_aci::fr::typographic(
        "« ACC-03 pièce 1.pdf » ne désigne aucun fichier"
    )));
    // A real browser opens the page from the disk: same links, and a picture of it.
    let profile = dir.path().join("chromium");
    let url = format!("file://{}", root.join("index.html").display());
    let dom = chromium(&["--dump-dom", &url], &profile);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("Dossier du dialogue de gestion — CPTS des Deux Rivières"),
        "{dom}"
    );
    let dom_targets: BTreeSet<String> = links(&dom).into_iter().collect();
    assert_eq!(dom_targets, targets);
    let shot = dir.path().join("index.png");
    chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1800",
            &url,
        ],
        &profile,
    );
    let png = std::fs::read(&shot).expect("the screenshot is written");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    if let Some(keep) = std::env::var_os("CPTS_ACI_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

fn sample() -> Contract {
    Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap()
}

/// A year-2 workbook whose `Justificatifs` rows get these (Fournie, Référence) in order.
fn workbook_with(references: &[(&str, &str)], dir: &Path) -> PathBuf {
    let c = sample();
    let mut e = Entries::default();
    let expected = expected_evidence(&c, 2);
    assert!(expected.len() >= references.len());
    for ((code, piece), (provided, reference)) in expected.iter().zip(references) {
        let key = evidence_key(code, piece);
        e.set(
            &EVIDENCE,
            &key,
            evid::PROVIDED,
            Cell::Text((*provided).into()),
        );
        e.set(
            &EVIDENCE,
            &key,
            evid::REFERENCE,
            Cell::Text((*reference).into()),
        );
    }
    let funding = fund_year(&c, 2, &e.readings(&c, 2));
    let path = dir.join("classeur.xlsx");
    std::fs::write(&path, write_workbook(&c, 2, &e, &funding).unwrap()).unwrap();
    path
}

#[test]
fn hostile_references_are_refused_and_odd_names_are_handled() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let pieces = dir.path().join("pieces");
    std::fs::create_dir_all(pieces.join("a")).unwrap();
    std::fs::create_dir_all(pieces.join("b")).unwrap();
    std::fs::create_dir_all(pieces.join("lien")).unwrap();
    std::fs::write(dir.path().join("secret.pdf"), "hors du dossier").unwrap();
    std::fs::write(pieces.join("a/double.pdf"), "un").unwrap();
    std::fs::write(pieces.join("b/double.pdf"), "deux").unwrap();
    std::fs::write(pieces.join("b/pas-fournie.pdf"), "prête").unwrap();
    std::fs::write(pieces.join("a/compte rendu réunion été.pdf"), "accents").unwrap();
    std::fs::write(
        pieces.join(std::ffi::OsStr::from_bytes(b"caf\xe9.pdf")),
        "latin-1",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.pdf"),
        pieces.join("lien/dehors.pdf"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), pieces.join("remonte")).unwrap();
    let wb = workbook_with(
        &[
            ("Oui", "../secret.pdf"),
            ("Oui", "/etc/passwd"),
            ("Oui", "lien/dehors.pdf"),
            ("Oui", "double.pdf"),
            ("Non", "pas-fournie.pdf"),
            ("Oui", "compte rendu réunion été.pdf"),
            ("Oui", "caf\u{FFFD}.pdf"),
            ("Oui", "a\\double.pdf"),
            ("Oui", "remonte/secret.pdf"),
            ("Oui", "https://drive.example.org/piece.pdf"),
        ],
        dir.path(),
    );
    let out = cpts_aci()
        .args([
            "check",
            wb.to_str().unwrap(),
            "--format",
            "json",
            "--date",
            "2025-06-01",
            "--pieces",
        ])
        .arg(&pieces)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["code"].as_str().unwrap().starts_with("evidence_") && f["code"] != "evidence_missing"
        })
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "evidence_outside_folder",
            "evidence_outside_folder",
            "evidence_outside_folder",
            "evidence_ambiguous",
            "evidence_outside_folder",
            "evidence_file_missing",
            "evidence_not_marked",
        ],
        "errors first, then warnings: {found:#?}"
    );
    assert!(found[0].1.contains(".."), "{}", found[0].1);
    assert!(found[1].1.contains("absolu"), "{}", found[1].1);
    assert!(found[2].1.contains("lien symbolique"), "{}", found[2].1);
    assert!(found[5].1.contains("est un lien"), "{}", found[5].1);
    // The dossier holds the pieces that resolve, and nothing from outside the folder.
    let zip = dir.path().join("dossier.zip");
    cpts_aci()
        .args(["dossier", wb.to_str().unwrap(), "--pieces"])
        .arg(&pieces)
        .args(["-o", zip.to_str().unwrap(), "--date", "2025-06-01"])
        .assert()
        .code(1);
    let root = dir.path().join("x");
    let names = unzip(&zip, &root);
    let pieces_in: Vec<&String> = names.iter().filter(|n| n.starts_with("pieces/")).collect();
    assert_eq!(pieces_in.len(), 4, "{pieces_in:?}");
    assert!(
        pieces_in
            .iter()
            .any(|n| n.ends_with("/compte rendu réunion été.pdf"))
    );
    assert!(pieces_in.iter().any(|n| n.ends_with("/caf\u{FFFD}.pdf")));
    assert!(
        !names
            .iter()
            .any(|n| n.contains("secret") || n.contains("passwd") || n.contains("dehors"))
    );
    sha256sum_check(&root);
    // Never over an existing file, nor inside the evidence folder.
    for (output, said) in [
        (zip.clone(), "existe déjà"),
        (pieces.join("d.zip"), "dans le dossier des pièces"),
    ] {
        let out = cpts_aci()
            .args(["dossier", wb.to_str().unwrap(), "--pieces"])
            .arg(&pieces)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(said));
    }
}

#[test]
fn a_partial_path_found_once_is_joined_and_one_found_twice_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let pieces = dir.path().join("pieces");
    for file in [
        "2025/acces/extractions/mars.pdf",
        "2025/acces/extractions/avril.pdf",
        "2026/acces/extractions/avril.pdf",
    ] {
        std::fs::create_dir_all(pieces.join(file).parent().unwrap()).unwrap();
        std::fs::write(pieces.join(file), file).unwrap();
    }
    let wb = workbook_with(
        &[
            ("Oui", "extractions/mars.pdf"),
            ("Oui", "Extractions\\Avril.pdf"),
            ("Oui", "2026/acces/extractions/avril.pdf"),
            ("Oui", "tractions/mars.pdf"),
        ],
        dir.path(),
    );
    let out = cpts_aci()
        .args(["check", wb.to_str().unwrap(), "--format", "json"])
        .args(["--date", "2025-06-01", "--pieces"])
        .arg(&pieces)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"].as_str().unwrap().starts_with("evidence_"))
        .filter(|f| f["code"] != "evidence_missing")
        .map(|f| (f["code"].to_string(), f["message"].to_string()))
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].0, "\"evidence_ambiguous\"");
    assert!(
        found[0].1.contains("2025/acces/extractions/avril.pdf")
            && found[0].1.contains("2026/acces/extractions/avril.pdf"),
        "{}",
        found[0].1
    );
    assert_eq!(found[1].0, "\"evidence_file_missing\"");
    assert!(found[1].1.contains("tractions/mars.pdf"), "{}", found[1].1);
    // The pieces found once are in the dossier, with their content.
    let zip = dir.path().join("dossier.zip");
    cpts_aci()
        .args(["dossier", wb.to_str().unwrap(), "--pieces"])
        .arg(&pieces)
        .args(["-o", zip.to_str().unwrap(), "--date", "2025-06-01"])
        .assert()
        .code(1);
    let root = dir.path().join("x");
    let names = unzip(&zip, &root);
    let joined: Vec<&String> = names.iter().filter(|n| n.starts_with("pieces/")).collect();
    assert_eq!(joined.len(), 2, "{joined:?}");
    let mars = joined.iter().find(|n| n.ends_with("/mars.pdf")).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join(mars)).unwrap(),
        "2025/acces/extractions/mars.pdf"
    );
    let avril = joined.iter().find(|n| n.ends_with("/avril.pdf")).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join(avril)).unwrap(),
        "2026/acces/extractions/avril.pdf"
    );
    sha256sum_check(&root);
}
