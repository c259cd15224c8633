//! The workbook's formulas equal the engine on binary floating point, in real LibreOffice.
//!
//! A generated corpus of contracts (every rule, both directions, all three neutralisation
//! policies, pro-rata below 1, percentage indicators) is filled with values chosen to land
//! exactly on seuils, tier thresholds and targets, just beside them, and on exact half cents,
//! plus typed percentages, values with too many decimals and values out of range. LibreOffice
//! recalculates each workbook; every `Atteinte`, every `Montant (€)` and the `Synthèse`
//! totals must equal the engine's, and `check` on the file LibreOffice saved must read the
//! same values and find no amount that differs.

mod common;

use common::{cents, engine_cents, number, recalculated, table_rows};
use cpts_aci::Contract;
use cpts_aci::layout::{INDICATORS, ind};
use cpts_aci::read_workbook;
use cpts_aci::{Cell, Entries, write_workbook};
use cpts_aci::{Options, review};
use cpts_aci::{Readings, YearFunding, fund_year};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

/// A small deterministic generator: the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    /// A number of decimals from `lo` to `hi`.
    fn dp(&mut self, lo: u32, hi: u32) -> u32 {
        lo + u32::try_from(self.next(u64::from(hi - lo + 1))).unwrap()
    }

    /// A decimal with `dp` decimals in [lo, hi).
    fn decimal(&mut self, lo: i64, hi: i64, dp: u32) -> Decimal {
        let scale = 10i64.pow(dp);
        let span = u64::try_from((hi - lo) * scale).unwrap();
        Decimal::new(lo * scale + i64::try_from(self.next(span)).unwrap(), dp)
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// One generated line: its contract text and the value typed in `Réalisé`.
struct Line {
    toml: String,
    typed: Cell,
    neutralised: bool,
    /// The value lands exactly on the line's seuil.
    on_seuil: bool,
}

const MISSIONS: [(&str, &str); 4] = [
    ("acces", "2024-03-01"),
    ("parcours", "2024-08-17"),
    ("prevention", "2024-03-01"),
    ("qualite", "2024-11-03"),
];

fn value_cell(rng: &mut Rng, x: Decimal, percentage: bool) -> Cell {
    let f = x.to_f64().unwrap();
    if percentage && rng.next(2) == 0 {
        // As LibreOffice stores a typed `56,2 %`.
        Cell::Percent((x / Decimal::ONE_HUNDRED).to_f64().unwrap())
    } else {
        Cell::Number(f)
    }
}

/// A line of rule `kind` for mission `mission`, weight `w`.
fn line(rng: &mut Rng, i: usize, mission: &str, w: Decimal, kind: u64) -> Line {
    let code = format!("L{i:03}");
    let percentage = rng.next(4) == 0;
    let unit = if percentage { "%" } else { "patients" };
    let seuils = ["0.5", "0.25", "0.8", "0.6", "0.3", "0.75"];
    let shares = [
        ["1", "0.66", "0.33"],
        ["0.75", "0.5", "0.25"],
        ["0.5", "0.25", "0.1"],
    ];
    let mut on_seuil = false;
    let dir = if rng.next(2) == 0 { "hausse" } else { "baisse" };
    let (rule, extra, year, x): (&str, String, String, Cell) = match kind {
        // lineaire with a baseline, landing on the seuil, beside it, or at mid-course.
        0 => {
            let dp = rng.dp(1, 2);
            let v0 = rng.decimal(20, 90, dp);
            let dp = rng.dp(1, 2);
            let gap = rng.decimal(1, 9, dp);
            let c = if dir == "hausse" { v0 + gap } else { v0 - gap };
            let s = d(seuils[rng.next(seuils.len() as u64) as usize]);
            let at = v0 + s * (c - v0);
            let x = match rng.next(4) {
                0 | 1 => {
                    on_seuil = true;
                    at
                }
                2 => at - d("0.000001"),
                _ => v0 + (c - v0) / Decimal::TWO,
            };
            (
                "lineaire",
                format!("valeur_initiale = {v0}\n"),
                format!("cible = {c}\nseuil = {s}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // lineaire without baseline, seuil included.
        1 => {
            let dp = rng.dp(0, 2);
            let c = rng.decimal(10, 200, dp);
            let s = d(seuils[rng.next(seuils.len() as u64) as usize]);
            let at = if dir == "hausse" { s * c } else { c / s };
            let x = if rng.next(3) == 0 {
                rng.decimal(0, 300, 2)
            } else {
                on_seuil = at.round_dp(6) == at;
                at.round_dp(6)
            };
            (
                "lineaire",
                String::new(),
                format!("cible = {c}\nseuil = {s}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // binaire with a target: on it, or one step beside it.
        2 => {
            let c = rng.decimal(10, 500, 2);
            let x = match rng.next(3) {
                0 => c,
                1 => c + d("0.01"),
                _ => c - d("0.01"),
            };
            (
                "binaire",
                String::new(),
                format!("cible = {c}\n"),
                value_cell(rng, x, percentage),
            )
        }
        // paliers in any order, the value on a threshold.
        3 => {
            let mut tiers: Vec<(Decimal, Decimal)> = Vec::new();
            let base = rng.decimal(30, 100, 1);
            let shares = shares[rng.next(3) as usize];
            for k in 0..3u32 {
                // Best first: the further from the best value, the less it pays.
                let share = d(shares[k as usize]);
                let step = Decimal::from(k) * d("12.5");
                let t = if dir == "hausse" {
                    base - step
                } else {
                    base + step
                };
                tiers.push((t, share));
            }
            let (t, _) = tiers[rng.next(3) as usize];
            tiers.reverse();
            let list: Vec<String> = tiers
                .iter()
                .map(|(t, s)| format!("{{ seuil = {t}, part = {s} }}"))
                .collect();
            (
                "paliers",
                String::new(),
                format!("paliers = [{}]\n", list.join(", ")),
                value_cell(rng, t, percentage),
            )
        }
        // Half way (or a quarter of the way) from baseline to target: with odd cents of
        // weight, an exact half cent, as 2 563,61 × 0,5 = 1 281,805 from 64,9 → 66,2 at 65,55.
        6 | 7 => {
            let (v0, c, x) = if kind == 6 && rng.next(2) == 0 {
                (d("64.9"), d("66.2"), d("65.55"))
            } else {
                let dp = rng.dp(1, 2);
                let v0 = rng.decimal(20, 90, dp);
                let gap = rng.decimal(1, 9, 1) * Decimal::TWO;
                let part = if rng.next(3) == 0 {
                    d("0.25")
                } else {
                    d("0.5")
                };
                (v0, v0 + gap, v0 + gap * part)
            };
            let (v0, c, x) = if dir == "hausse" {
                (v0, c, x)
            } else {
                (c, v0, v0 + c - x)
            };
            (
                "lineaire",
                format!("valeur_initiale = {v0}\n"),
                format!("cible = {c}\n"),
                value_cell(rng, x, percentage),
            )
        }
        4 => {
            let q = ["Atteint", "Partiellement atteint", "Non atteint"];
            (
                "qualitatif",
                String::new(),
                String::new(),
                Cell::Text(q[rng.next(3) as usize].into()),
            )
        }
        _ => {
            // Oddities: too many decimals (rounded), negative, out of range, empty.
            let x = match rng.next(4) {
                0 => Cell::Number(33.333_333_333),
                1 => Cell::Number(-4.0),
                2 => Cell::Number(1e30),
                _ => Cell::Empty,
            };
            (
                "lineaire",
                String::new(),
                "cible = 40\nseuil = 0.5\n".into(),
                x,
            )
        }
    };
    let toml = format!(
        "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"{mission}\"\nlibelle = \"ligne {i}\"\n\
         portee = \"local\"\nnature = \"resultat\"\nregle = \"{rule}\"\nsens = \"{dir}\"\n\
         unite = \"{unit}\"\n{extra}[indicateurs.annees.1]\npoids = {w}\n{year}"
    );
    Line {
        toml,
        typed: x,
        neutralised: rng.next(12) == 0,
        on_seuil,
    }
}

/// A contract of `n` lines per mission under a policy and a pro-rata mode, and its entries.
fn corpus(seed: u64, policy: &str, prorata: &str, n: usize) -> (Contract, Entries, usize) {
    let mut rng = Rng(seed);
    let mut text = format!(
        "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"CPTS Corpus\"\nidentifiant = \"1\"\ntaille = 2\n\
         [contrat]\nsignature = 2024-03-01\nprorata = \"{prorata}\"\nneutralisation = \"{policy}\"\n\
         part_partielle = 0.35\n"
    );
    let mut lines = Vec::new();
    let mut body = String::new();
    for (m, (mission, start)) in MISSIONS.iter().enumerate() {
        let mut total = Decimal::ZERO;
        for k in 0..n {
            // Odd cents, so that half of them is an exact half cent.
            let w = rng.decimal(100, 5000, 2);
            let w = if (w * Decimal::ONE_HUNDRED) % Decimal::TWO == Decimal::ZERO {
                w + d("0.01")
            } else {
                w
            };
            total += w;
            let kind = rng.next(8);
            let l = line(&mut rng, m * n + k, mission, w, kind);
            body.push_str(&l.toml);
            lines.push(l);
        }
        text.push_str(&format!(
            "\n[[missions]]\ncode = \"{mission}\"\ndebut = {start}\nvariable = {total}\n"
        ));
    }
    text.push_str(&body);
    let contract =
        Contract::parse(&text, Path::new("corpus.toml")).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut entries = Entries::default();
    let mut on_seuil = 0;
    for (i, l) in lines.iter().enumerate() {
        let code = format!("L{i:03}");
        entries.set(&INDICATORS, &code, ind::OBSERVED, l.typed.clone());
        if l.neutralised {
            entries.set(
                &INDICATORS,
                &code,
                ind::NEUTRALISED,
                Cell::Text("Oui".into()),
            );
            entries.set(
                &INDICATORS,
                &code,
                ind::COMMENT,
                Cell::Text("accord".into()),
            );
        }
        on_seuil += usize::from(l.on_seuil && !l.neutralised);
    }
    (contract, entries, on_seuil)
}

/// Whether an amount, before its rounding, is an exact half cent.
fn half_cent(weight: Decimal, attainment: Decimal) -> bool {
    let exact = weight * attainment;
    let thousandths = exact * Decimal::from(1000);
    thousandths.fract().is_zero() && thousandths % Decimal::TEN == Decimal::from(5)
}

#[test]
fn libreoffice_equals_the_engine_on_seuils_half_cents_and_typed_percentages() {
    let dir = tempfile::tempdir().unwrap();
    let (mut lines, mut seuils, mut halves, mut percents) = (0, 0, 0, 0);
    let cases = [
        (11, "exclu", "jours"),
        (23, "verse", "mois"),
        (37, "nul", "jours"),
    ];
    for (seed, policy, prorata) in cases {
        let (c, e, on_seuil) = corpus(seed, policy, prorata, 40);
        let f: YearFunding = fund_year(&c, 1, &e.readings(&c, 1));
        assert!(
            f.missions.iter().any(|m| m.prorata < Decimal::ONE),
            "pro-rata below 1"
        );
        // Stale cached values: only LibreOffice's recalculation can give the right figures.
        let stale = fund_year(&c, 1, &Readings::new());
        let path = dir.path().join(format!("{policy}.xlsx"));
        std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
        let lo = recalculated(&path, dir.path());

        let engine: HashMap<String, (Decimal, Decimal, Decimal)> = f
            .missions
            .iter()
            .flat_map(|m| m.indicators.iter().map(move |l| (m, l)))
            .map(|(m, l)| (l.code.clone(), (l.attainment, l.amount, m.prorata)))
            .collect();
        let rows = table_rows(&lo, "Indicateurs", "Code");
        assert_eq!(rows.len(), engine.len());
        let mut differences = Vec::new();
        for row in &rows {
            let code = row["Code"].to_string();
            let (attainment, amount, p) = engine[&code];
            let shown_a = number(&row["Atteinte"]);
            let shown_m = number(&row["Montant (€)"]);
            if (shown_a - attainment.to_f64().unwrap()).abs() > 1e-9
                || cents(shown_m) != engine_cents(amount)
            {
                differences.push(format!(
                    "{code}: LibreOffice {shown_a} / {shown_m}, engine {attainment} / {amount}"
                ));
            }
            let line = c
                .lines(1)
                .into_iter()
                .find(|l| l.indicator.code == code)
                .unwrap();
            let neutralised = e.get(&INDICATORS, &code, ind::NEUTRALISED).text() == Some("Oui");
            if p == Decimal::ONE && !neutralised && half_cent(line.terms.weight, attainment) {
                halves += 1;
            }
            percents += usize::from(matches!(
                e.get(&INDICATORS, &code, ind::OBSERVED),
                Cell::Percent(_)
            ));
        }
        assert!(differences.is_empty(), "{policy}: {differences:#?}");
        common::assert_summary_matches(&lo, &f, policy);
        // `check` reads the file LibreOffice saved as the formulas did, typed percentages too.
        let wb = read_workbook(&lo).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 2).unwrap();
        let r = review(
            &wb,
            Options {
                today,
                signed: None,
            },
        );
        assert_eq!(
            r.funding.total, f.total,
            "{policy}: check reads the same values"
        );
        assert!(
            r.findings.iter().all(|f| f.code != "amount_differs"),
            "{:#?}",
            r.findings
        );
        lines += rows.len();
        seuils += on_seuil;
    }
    eprintln!(
        "corpus : {lines} lignes, dont {seuils} sur un seuil, {halves} sur un demi-centime, \
         {percents} saisies en pourcentage"
    );
    assert!(lines >= 400 && seuils >= 40 && halves >= 40 && percents >= 20);
}

fn cpts_aci_json(args: &[&str]) -> serde_json::Value {
    let output = common::cpts_aci().args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn a_percentage_typed_in_french_libreoffice_pays_the_same_in_libreoffice_compute_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let blank = Entries::default();
    let f = fund_year(&c, 2, &blank.readings(&c, 2));
    let path = dir.path().join("suivi.xlsx");
    std::fs::write(&path, write_workbook(&c, 2, &blank, &f).unwrap()).unwrap();
    // Typed as a coordinator does, in the protected sheet as shipped: PRE-01 is a `%`
    // indicator (52 → 58 points), ACC-03 counts doctors.
    let ops = dir.path().join("ops.json");
    let typed = |code: &str, text: &str| {
        format!(
            r#"{{"op": "type", "sheet": "Indicateurs", "row": "{code}", "column": "Réalisé", "text": "{text}"}}"#
        )
    };
    std::fs::write(
        &ops,
        format!(
            "[{}, {}]",
            typed("PRE-01", "56,2 %"),
            typed("ACC-03", "12,5 %")
        ),
    )
    .unwrap();
    let typed_file = dir.path().join("saisi.xlsx");
    common::libreoffice(&[
        "edit",
        path.to_str().unwrap(),
        typed_file.to_str().unwrap(),
        ops.to_str().unwrap(),
    ]);
    let file = typed_file.to_str().unwrap();

    let rows = table_rows(&typed_file, "Indicateurs", "Code");
    let shown = |code: &str| {
        let row = rows.iter().find(|r| r["Code"] == code).unwrap();
        number(&row["Montant (€)"])
    };
    // (56,2 − 52) / (58 − 52) = 0,7 of 8 000 €.
    assert_eq!(cents(shown("PRE-01")), 560_000, "LibreOffice");
    let computed = cpts_aci_json(&["compute", "--format", "json", file]);
    let amount_of = |lines: &serde_json::Value, code: &str| -> String {
        lines
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == code)
            .map(|l| l["amount"].as_str().unwrap().to_string())
            .unwrap()
    };
    let compute_lines: serde_json::Value = computed["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["indicators"].as_array().unwrap().clone())
        .collect();
    assert_eq!(amount_of(&compute_lines, "PRE-01"), "5600.00", "compute");
    // Saved as OpenDocument (« Enregistrer sous » .ods): the percentage is still one.
    let ods = dir.path().join("saisi.ods");
    common::libreoffice(&["convert", file, ods.to_str().unwrap()]);
    let from_ods = cpts_aci_json(&["compute", "--format", "json", ods.to_str().unwrap()]);
    assert_eq!(
        from_ods, computed,
        "the .ods reads the typed percentage the same way"
    );
    let report = dir.path().join("lot.json");
    let _ = common::cpts_aci()
        .args(["batch", file, "-o"])
        .arg(dir.path().join("lot.xlsx"))
        .arg("--json")
        .arg(&report)
        .output()
        .unwrap();
    let batch: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(
        amount_of(&batch["files"][0]["indicators"], "PRE-01"),
        "5600.00",
        "batch"
    );
    // A percentage typed in a `%` indicator is typed correctly: nothing is said of it. One typed
    // in another indicator is said, at its cell; ACC-03 keeps the stored 0.125 in both places.
    let checked = cpts_aci_json(&["check", "--format", "json", file]);
    let finding = |code: &str, indicator: &str| {
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code && f["indicator"] == indicator)
            .cloned()
            .unwrap_or_else(|| panic!("no {code} for {indicator}: {checked:#}"))
    };
    assert!(
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["indicator"] != "PRE-01" || f["sheet"] != "Indicateurs"),
        "{checked:#}"
    );
    let mismatch = finding("value_unit_mismatch", "ACC-03");
    assert_eq!(mismatch["severity"], "error");
    let column = |f: &serde_json::Value| {
        f["cell"]
            .as_str()
            .unwrap()
            .trim_end_matches(char::is_numeric)
            .to_string()
    };
    let observed_column = common::column_letter(file, "Indicateurs", "Réalisé");
    assert_eq!(column(&mismatch), observed_column, "at its Réalisé cell");
    assert!(
        checked["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "amount_differs"),
        "{checked:#}"
    );
    let acc03 = Decimal::from_str(&amount_of(&compute_lines, "ACC-03")).unwrap();
    assert!(acc03 > Decimal::ZERO);
    assert_eq!(cents(shown("ACC-03")), engine_cents(acc03));
}
