//! `batch --rapport` and the consolidation's `Tableau de bord` (README, « Contrôler tout un
//! territoire »): their totals are the JSON's sums (a CPTS-year counted once), their schedule is
//! every counted file's payments, its links reach the source files, and Chromium prints it with each CPTS on pages
//! of its own.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Cents of a JSON amount (`"1234.56"`).
fn cents(v: &serde_json::Value) -> i64 {
    let text = v.as_str().unwrap_or_else(|| panic!("an amount: {v}"));
    let (units, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let sign = if units.starts_with('-') { -1 } else { 1 };
    let units: i64 = units.trim_start_matches('-').parse().unwrap();
    let fraction: i64 = format!("{fraction:0<2}")[..2].parse().unwrap();
    sign * (units * 100 + fraction)
}

/// The amounts (`data-montant`) of the row with this id, in cents.
fn row_amounts(html: &str, id: &str) -> Vec<i64> {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("row {id} in the report"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("data-montant=\"")
        .skip(1)
        .map(|part| {
            cents(&serde_json::Value::String(
                part[..part.find('"').unwrap()].into(),
            ))
        })
        .collect()
}

fn run(dir: &Path) -> (serde_json::Value, String) {
    common::cpts_aci()
        .current_dir(dir)
        .args([
            "batch",
            "lot",
            "-o",
            "sortie/c.xlsx",
            "--json",
            "sortie/c.json",
        ])
        .args(["--rapport", "sortie/rapport.html", "--date", "2026-03-15"])
        .assert()
        .code(1);
    let doc = serde_json::from_slice(&std::fs::read(dir.join("sortie/c.json")).unwrap()).unwrap();
    (
        doc,
        std::fs::read_to_string(dir.join("sortie/rapport.html")).unwrap(),
    )
}

#[test]
fn the_report_and_the_dashboard_totals_are_the_json_sums_and_it_prints_one_cpts_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::cpts_aci()
        .current_dir(d)
        .args(["demo", "--out", "."])
        .assert()
        .success();
    // A copy of one CPTS in a subfolder: a `Doublon`, whose money must not be counted twice.
    std::fs::create_dir_all(d.join("lot/copies")).unwrap();
    std::fs::copy(
        d.join("lot/cpts-01-val-de-sambre.xlsx"),
        d.join("lot/copies/val-de-sambre.xlsx"),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("sortie")).unwrap();
    let (doc, html) = run(d);
    let files = doc["files"].as_array().unwrap();
    let counted: Vec<&serde_json::Value> = files.iter().filter(|f| f["counted"] == true).collect();
    assert_eq!(doc["summary"]["statuses"]["Doublon"], 1);
    assert_eq!(counted.len(), 21, "one file per CPTS-year counted");

    // Per mission, taille and year: [fixed, variable, variable_max, activation, total].
    let mut groups: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    let mut schedule: BTreeMap<String, [i64; 2]> = BTreeMap::new();
    for f in &counted {
        let whole = [
            f["missions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| cents(&m["fixed"]))
                .sum(),
            cents(&f["variable"]),
            cents(&f["variable_max"]),
            f["missions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| cents(&m["activation"]))
                .sum(),
            cents(&f["total"]),
        ];
        for key in [
            format!("taille-{}", f["taille"]),
            format!("annee-{}", f["year"]),
        ] {
            let g = groups.entry(key).or_default();
            for (a, b) in g.iter_mut().zip(whole) {
                *a += b;
            }
        }
        for m in f["missions"].as_array().unwrap() {
            let g = groups
                .entry(format!("mission-{}", m["code"].as_str().unwrap()))
                .or_default();
            for (a, k) in
                g.iter_mut()
                    .zip(["fixed", "variable", "variable_max", "activation", "total"])
            {
                *a += cents(&m[k]);
            }
        }
        for p in f["payments"].as_array().unwrap() {
            let month = p["date"].as_str().unwrap()[..7].to_string();
            let slot = usize::from(p["advance"] != true);
            schedule.entry(month).or_default()[slot] += cents(&p["amount"]);
        }
    }
    assert!(groups.len() >= 8, "{groups:?}");
    for (id, sums) in &groups {
        assert_eq!(row_amounts(&html, id), sums.to_vec(), "{id}");
    }
    let mut all = [0i64; 2];
    for (month, [advances, balances]) in &schedule {
        assert_eq!(
            row_amounts(&html, &format!("mois-{month}")),
            [*advances, *balances, advances + balances],
            "{month}"
        );
        all[0] += advances;
        all[1] += balances;
    }
    let total = cents(&doc["summary"]["total"]);
    assert_eq!(all[0] + all[1], total, "the schedule pays the whole total");
    assert_eq!(
        row_amounts(&html, "echeancier-total"),
        [all[0], all[1], total]
    );
    assert!(html.contains("id=\"statut-Doublon\">Doublon<b>1</b>"));

    // The workbook's first sheet, `Tableau de bord`: the same sums, read back.
    let mut wb: Xlsx<_> = open_workbook(d.join("sortie/c.xlsx")).unwrap();
    assert_eq!(wb.sheet_names()[0], "Tableau de bord");
    let range = wb.worksheet_range("Tableau de bord").unwrap();
    let mut section = "";
    let mut seen = 0;
    let number = |c: &Data| match c {
        Data::Float(x) => (x * 100.0).round() as i64,
        Data::Int(x) => *x * 100,
        other => panic!("a number: {other:?}"),
    };
    for row in range.rows() {
        let text = |i: usize| row.get(i).map(|c| c.to_string()).unwrap_or_default();
        let a = text(0);
        for (title, prefix) in [
            ("Totaux par mission", "mission-"),
            ("Totaux par taille", "taille-"),
            ("Totaux par année du contrat", "annee-"),
            ("Échéancier consolidé", "mois-"),
        ] {
            if a.starts_with(title) {
                section = prefix;
            }
        }
        let code = text(1);
        if section.is_empty() || code.is_empty() || code == "Code" {
            continue;
        }
        let id = format!("{section}{code}");
        if section == "mois-" {
            let [advances, balances] = schedule[&code];
            let got: Vec<i64> = row[2..5].iter().map(number).collect();
            assert_eq!(got, [advances, balances, advances + balances], "{id}");
        } else {
            let got: Vec<i64> = row[3..8].iter().map(number).collect();
            assert_eq!(got, groups[&id].to_vec(), "{id}");
        }
        seen += 1;
    }
    assert_eq!(seen, groups.len() + schedule.len(), "every group and month");

    // Each file's row links to its file, relative to the consolidation's folder.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(d.join("sortie/c.xlsx")).unwrap()).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/_rels/sheet2.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    let targets: Vec<&str> = rels
        .split("Target=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(targets.len(), files.len(), "{rels}");
    for t in targets {
        assert!(d.join("sortie").join(t).is_file(), "{t}");
    }

    // The CPTS sheet's totals follow the filters: LibreOffice keeps the `Valide` rows only.
    let ops = d.join("ops.json");
    std::fs::write(
        &ops,
        r#"[{"op": "filter", "sheet": "CPTS", "column": "Statut", "equals": "Valide"}]"#,
    )
    .unwrap();
    let filtered = d.join("filtre.xlsx");
    common::libreoffice(&[
        "edit",
        d.join("sortie/c.xlsx").to_str().unwrap(),
        filtered.to_str().unwrap(),
        ops.to_str().unwrap(),
    ]);
    let valid: i64 = counted
        .iter()
        .filter(|f| f["status"] == "Valide")
        .map(|f| cents(&f["total"]))
        .sum();
    assert_ne!(valid, total, "the filter leaves some out");
    let mut wb: Xlsx<_> = open_workbook(&filtered).unwrap();
    let range = wb.worksheet_range("CPTS").unwrap();
    let last = range
        .rows()
        .find(|r| r[0].to_string().starts_with("Total"))
        .expect("the total row");
    assert_eq!(number(&last[8]), valid, "SUBTOTAL follows the filter");

    // Self-contained: no script, nothing fetched; every link reaches its source file.
    assert!(!html.contains("<script") && !html.contains("http"));
    let links: Vec<&str> = html
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.len() > files.len(), "{} links", links.len());
    for link in links {
        let decoded = percent_decoded(link);
        assert!(
            d.join("sortie").join(&decoded).is_file(),
            "{link} from the report's folder"
        );
    }

    // Printed by Chromium: the dashboard, then each CPTS read from its own page on.
    let pdf = d.join("sortie/rapport.pdf");
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(d.join("sortie/rapport.html"))
        .output()
        .expect("chromium runs");
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&status.stderr));
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8(text.stdout).unwrap();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let titled: Vec<&serde_json::Value> = files.iter().filter(|f| f["cpts"].is_string()).collect();
    for f in &titled {
        let title = format!("{} — année {}", f["cpts"].as_str().unwrap(), f["year"]);
        let starts = pages
            .iter()
            .filter(|p| p.trim_start().starts_with(&title))
            .count();
        assert!(starts >= 1, "{title} opens a page");
    }
    let names: std::collections::BTreeSet<&str> =
        titled.iter().map(|f| f["cpts"].as_str().unwrap()).collect();
    for page in &pages {
        let heads = names
            .iter()
            .filter(|name| page.contains(&format!("{name} — année")))
            .count();
        assert!(heads <= 1, "one CPTS per page:\n{page}");
    }
    assert!(pages[0].starts_with("Consolidation des classeurs ACI des CPTS"));
    assert!(
        pages.len() <= 2 * titled.len() + 2,
        "{} pages for {} CPTS",
        pages.len(),
        titled.len()
    );
}

fn percent_decoded(link: &str) -> String {
    let bytes = link.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&link[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
