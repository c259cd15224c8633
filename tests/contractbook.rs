//! The contract in its two forms: every sample and generated contracts go from TOML to the
//! contract workbook and back without loss, and every command reading a contract gets the same
//! contract, and the same problems, from either form.

use cpts_aci::{Contract, ContractForm, examine_contract, examine_contract_bytes};
use cpts_aci::{fund_year, reaching_readings};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every contract shipped: the samples and the fixtures.
fn shipped() -> Vec<PathBuf> {
    let mut all = Vec::new();
    for dir in ["samples", "tests/fixtures"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                all.push(path);
            }
        }
    }
    all.sort();
    assert!(all.len() >= 5, "{all:?}");
    all
}

/// A contract as the checks resolve it, its text aside (the workbook's is canonical).
fn resolved(mut c: Contract) -> Contract {
    c.text.clear();
    c
}

/// The workbook of a TOML contract, the TOML of that workbook, and the workbook of that TOML.
fn both_ways(toml: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let first = examine_contract_bytes(toml).unwrap();
    let book = first.convert(ContractForm::Workbook).unwrap();
    let back = examine_contract_bytes(&book).unwrap();
    let text = back.convert(ContractForm::Toml).unwrap();
    let again = examine_contract_bytes(&text)
        .unwrap()
        .convert(ContractForm::Workbook)
        .unwrap();
    (book, text, again)
}

#[test]
fn every_sample_converts_both_ways_and_loads_as_the_same_contract() {
    let dir = tempfile::tempdir().unwrap();
    for path in shipped() {
        let signed = Contract::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let (book, text, again) = both_ways(&std::fs::read(&path).unwrap());
        let xlsx = dir.path().join("contrat.xlsx");
        std::fs::write(&xlsx, &book).unwrap();
        let from_book = Contract::load(&xlsx).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            resolved(from_book.clone()),
            resolved(signed.clone()),
            "{}",
            path.display()
        );
        // The workbook's contract is its canonical TOML, which loads as itself.
        assert_eq!(from_book.text.as_bytes(), &text[..], "{}", path.display());
        let canonical = dir.path().join("canonique.toml");
        std::fs::write(&canonical, &text).unwrap();
        assert_eq!(Contract::load(&canonical).unwrap(), from_book);
        // Workbook → TOML → workbook: the same entries, so the same file.
        assert_eq!(again, book, "{}", path.display());
        for year in 1..=signed.terms.duration_years {
            let a = fund_year(&signed, year, &reaching_readings(&signed, year));
            let b = fund_year(&from_book, year, &reaching_readings(&from_book, year));
            assert_eq!(a.max, b.max, "{} year {year}", path.display());
            assert_eq!(a.total, b.total, "{} year {year}", path.display());
            assert_eq!(a.payments, b.payments, "{} year {year}", path.display());
        }
    }
}

#[test]
fn a_tracking_workbook_made_from_the_contract_workbook_is_bound_to_the_toml_contract() {
    let dir = tempfile::tempdir().unwrap();
    let toml = Path::new("samples/contrat-exemple.toml");
    let (book, _, _) = both_ways(&std::fs::read(toml).unwrap());
    let xlsx = dir.path().join("contrat.xlsx");
    std::fs::write(&xlsx, &book).unwrap();
    let bin = env!("CARGO_BIN_EXE_cpts-aci");
    let suivi = dir.path().join("suivi.xlsx");
    let made = std::process::Command::new(bin)
        .arg("generate")
        .arg(&xlsx)
        .args(["--annee", "2", "-o"])
        .arg(&suivi)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // Checked against either form of the signed contract: the same year's terms.
    for contract in [toml, xlsx.as_path()] {
        let checked = std::process::Command::new(bin)
            .arg("check")
            .arg(&suivi)
            .arg("--contrat")
            .arg(contract)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
        let codes: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(!codes.contains(&"contract_mismatch"), "{codes:?}");
    }
}

#[test]
fn the_contrat_command_names_cells_in_json_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_cpts-aci");
    let starter = dir.path().join("contrat.xlsx");
    let init = std::process::Command::new(bin)
        .args(["init", "--taille", "2", "-o"])
        .arg(&starter)
        .output()
        .unwrap();
    assert!(init.status.success());
    let checked = std::process::Command::new(bin)
        .arg("contrat")
        .arg(&starter)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(json["ok"], false);
    let first = &json["findings"][0];
    assert_eq!(first["code"], "contract_placeholder");
    assert_eq!(first["sheet"], "Contrat");
    assert_eq!(first["cell"], "Contrat!C5");
    for key in ["label", "severity", "indicator", "message", "hint", "stake"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    // The starter converts to TOML (its values still to fill kept), never over a file.
    let toml = dir.path().join("contrat.toml");
    let convert = |force: bool| {
        let mut c = std::process::Command::new(bin);
        c.arg("contrat").arg(&starter).arg("-o").arg(&toml);
        if force {
            c.arg("--force");
        }
        c.output().unwrap()
    };
    assert_eq!(
        convert(false).status.code(),
        Some(1),
        "placeholders are errors"
    );
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("nom = \"À REMPLIR"), "{text}");
    let again = convert(false);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("existe déjà"));
    assert_eq!(convert(true).status.code(), Some(1));
    let same = std::process::Command::new(bin)
        .arg("contrat")
        .arg(&starter)
        .arg("-o")
        .arg(&starter)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(2), "never over its input");
}

/// One generated contract: plausible, not always valid.
#[derive(Debug, Clone)]
struct Gen {
    name: String,
    population: u64,
    signature: (u32, u32),
    duration: u32,
    prorata: &'static str,
    neutralisation: &'static str,
    partial: u32,
    operating: Option<u32>,
    missions: Vec<Signed>,
    indicators: Vec<Ind>,
    /// Settings of a year: its number, crisis recognised, and its deadline (days after the
    /// signature), when given.
    crisis: Vec<(u32, bool, Option<u32>)>,
    avenant: Option<String>,
    /// `[[contacts]]`: role, name, e-mail, telephone.
    contacts: Vec<ContactGen>,
}

/// A contact: role, name, e-mail and telephone, each but the name optional.
type ContactGen = (Option<String>, String, Option<String>, Option<String>);

/// A mission: its code's index, its start (days after the signature), and an amount in cents
/// overriding the grid for one of its parts.
type Signed = (usize, u32, Option<(u32, u32)>);

#[derive(Debug, Clone)]
struct Ind {
    mission: usize,
    label: String,
    rule: usize,
    down: bool,
    baseline: Option<u32>,
    unit: Option<&'static str>,
    evidence: Vec<String>,
    years: Vec<(u32, u32, u32, bool)>,
}

const MISSIONS: [&str; 6] = [
    "acces",
    "parcours",
    "prevention",
    "crise",
    "qualite",
    "accompagnement",
];
const RULES: [&str; 4] = ["binaire", "lineaire", "paliers", "qualitatif"];

fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9 '\"\\\\;:,.()%€«»-]{0,40}"
}

fn generated() -> impl Strategy<Value = Gen> {
    let indicator = (
        0usize..6,
        text(),
        0usize..4,
        any::<bool>(),
        proptest::option::of(0u32..2000),
        proptest::option::of(prop_oneof![Just("%"), Just("patients"), Just("réunions")]),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec((1u32..7, 0u32..2_000_000, 0u32..3000, any::<bool>()), 0..4),
    )
        .prop_map(
            |(mission, label, rule, down, baseline, unit, evidence, years)| Ind {
                mission,
                label,
                rule,
                down,
                baseline,
                unit,
                evidence,
                years,
            },
        );
    (
        (text(), 1000u64..300_000, (0u32..3, 1u32..28), 1u32..7),
        (
            prop_oneof![Just("jours"), Just("mois")],
            prop_oneof![Just("exclu"), Just("verse"), Just("nul")],
            0u32..101,
            proptest::option::of(0u32..10_000_000),
        ),
        proptest::collection::vec(
            (
                0usize..6,
                0u32..400,
                proptest::option::of((0u32..5_000_000, 0u32..3)),
            ),
            1..5,
        ),
        proptest::collection::vec(indicator, 0..6),
        proptest::collection::vec(
            (1u32..7, any::<bool>(), proptest::option::of(0u32..2500)),
            0..3,
        ),
        proptest::option::of(text()),
        proptest::collection::vec(
            (
                proptest::option::of(text()),
                text(),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            0..3,
        ),
    )
        .prop_map(
            |(
                (name, population, signature, duration),
                (prorata, neutralisation, partial, operating),
                missions,
                indicators,
                crisis,
                avenant,
                contacts,
            )| Gen {
                name,
                population,
                signature,
                duration,
                prorata,
                neutralisation,
                partial,
                operating,
                missions,
                indicators,
                crisis,
                avenant,
                contacts,
            },
        )
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

impl Gen {
    fn toml(&self) -> String {
        let (month, day) = self.signature;
        let signature = format!("2024-{:02}-{:02}", month * 4 + 1, day);
        let mut t = format!(
            "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = {}\nidentifiant = \"123\"\n\
             departement = \"2A\"\npopulation = {}\n[contrat]\nsignature = {signature}\n\
             duree_annees = {}\nprorata = \"{}\"\nneutralisation = \"{}\"\npart_partielle = {}\n",
            quoted(&format!("CPTS {}", self.name)),
            self.population,
            self.duration,
            self.prorata,
            self.neutralisation,
            f64::from(self.partial) / 100.0,
        );
        if let Some(o) = self.operating {
            t.push_str(&format!("fonctionnement = {}\n", f64::from(o) / 100.0));
        }
        for (m, days, amounts) in &self.missions {
            t.push_str(&format!(
                "[[missions]]\ncode = \"{}\"\ndebut = {}\n",
                MISSIONS[*m],
                chrono::NaiveDate::parse_from_str(&signature, "%Y-%m-%d").unwrap()
                    + chrono::Days::new(u64::from(*days))
            ));
            if let Some((cents, part)) = amounts {
                let key = ["fixe", "variable", "plan"][*part as usize];
                t.push_str(&format!("{key} = {}\n", f64::from(*cents) / 100.0));
            }
        }
        for (k, i) in self.indicators.iter().enumerate() {
            t.push_str(&format!(
                "[[indicateurs]]\ncode = \"I-{k}\"\nmission = \"{}\"\nlibelle = {}\nportee = \"local\"\n\
                 nature = \"resultat\"\nregle = \"{}\"\nsens = \"{}\"\nsource = \"CPTS\"\n",
                MISSIONS[i.mission],
                quoted(&i.label),
                RULES[i.rule],
                if i.down { "baisse" } else { "hausse" },
            ));
            if let Some(b) = i.baseline {
                t.push_str(&format!("valeur_initiale = {}\n", f64::from(b) / 4.0));
            }
            if let Some(u) = i.unit {
                t.push_str(&format!("unite = {}\n", quoted(u)));
            }
            let pieces: Vec<String> = i.evidence.iter().map(|e| quoted(e)).collect();
            t.push_str(&format!("justificatifs = [{}]\n", pieces.join(", ")));
            let mut seen = Vec::new();
            for (year, cents, target, euros) in &i.years {
                if seen.contains(year) {
                    continue;
                }
                seen.push(*year);
                let weight = f64::from(*cents) / 100.0;
                t.push_str(&format!("[indicateurs.annees.{year}]\npoids = {weight}\n"));
                match RULES[i.rule] {
                    "lineaire" => t.push_str(&format!(
                        "cible = {}\nseuil = {}\n",
                        f64::from(*target) / 8.0,
                        f64::from(target % 100) / 100.0
                    )),
                    "paliers" if *euros => t.push_str(&format!(
                        "cible = {target}\npaliers = [ {{ seuil = {target}, montant = {weight} }}, {{ seuil = {}, montant = {} }} ]\n",
                        target + 10,
                        (weight / 2.0 * 100.0).round() / 100.0
                    )),
                    "paliers" => t.push_str(&format!(
                        "cible = {target}\npaliers = [ {{ seuil = {}, part = 0.5 }}, {{ seuil = {target}, part = 1 }} ]\n",
                        target + 10
                    )),
                    "binaire" => t.push_str(&format!("cible = {target}\n")),
                    _ => {}
                }
            }
        }
        let mut seen = Vec::new();
        for (year, crisis, deadline) in &self.crisis {
            if seen.contains(year) {
                continue;
            }
            seen.push(*year);
            t.push_str(&format!("[annees.{year}]\ncrise_reconnue = {crisis}\n"));
            if let Some(days) = deadline {
                let date = chrono::NaiveDate::parse_from_str(&signature, "%Y-%m-%d").unwrap()
                    + chrono::Days::new(u64::from(*days));
                t.push_str(&format!("remise = {date}\n"));
            }
        }
        if let Some(object) = &self.avenant {
            let effect = format!("2025-{:02}-{:02}", month * 4 + 1, day);
            t.push_str(&format!(
                "[[avenants]]\nnumero = 1\nsignature = {signature}\neffet = {effect}\nobjet = {}\n",
                quoted(object)
            ));
        }
        for (role, name, email, phone) in &self.contacts {
            t.push_str(&format!(
                "[[contacts]]\nnom = {}\n",
                quoted(&format!("Contact {name}"))
            ));
            for (key, value) in [("role", role), ("courriel", email), ("telephone", phone)] {
                if let Some(v) = value {
                    t.push_str(&format!("{key} = {}\n", quoted(v)));
                }
            }
        }
        t
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// A generated contract, valid or not, converts both ways without loss: the same entries,
    /// the same contract when it is valid, the same problems (by code) when it is not.
    #[test]
    fn generated_contracts_convert_both_ways_without_loss(g in generated()) {
        let text = g.toml();
        let toml = examine_contract_bytes(text.as_bytes()).unwrap();
        let (book, canonical, again) = both_ways(text.as_bytes());
        prop_assert_eq!(&again, &book);
        let from_book = examine_contract_bytes(&book).unwrap();
        let codes = |e: &cpts_aci::Examination| {
            let mut c: Vec<&str> = e.problems().iter().map(|p| p.code.as_str()).collect();
            c.sort_unstable();
            c.join(",")
        };
        prop_assert_eq!(codes(&from_book), codes(&toml), "{}", text);
        match (toml.examined.contract.clone(), from_book.examined.contract.clone()) {
            (Some(a), Some(b)) => {
                prop_assert_eq!(resolved(a), resolved(b.clone()));
                prop_assert_eq!(b.text.as_bytes(), &canonical[..]);
            }
            (None, None) => {}
            (a, b) => prop_assert!(false, "{} / {}", a.is_some(), b.is_some()),
        }
    }
}

#[test]
fn the_form_is_told_by_the_bytes_whatever_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let (book, _, _) = both_ways(&std::fs::read("samples/contrat-reference.toml").unwrap());
    let misnamed = dir.path().join("contrat.toml");
    std::fs::write(&misnamed, &book).unwrap();
    let e = examine_contract(&misnamed).unwrap();
    assert_eq!(e.form, ContractForm::Workbook);
    assert!(e.problems().is_empty(), "{:?}", e.problems());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A valid generated contract (the synthetic CPTS of the benchmarks and the demo's batch)
    /// loads from its workbook as the same contract, with the same funding.
    #[test]
    fn valid_generated_contracts_load_the_same_from_the_workbook(
        name in "[A-Za-zÀ-ÿ' -]{1,30}",
        population in 5_000u64..250_000,
        day in 0u64..900,
        lines in 1usize..40,
    ) {
        let spec = cpts_aci::synthetic::Spec {
            name: format!("CPTS {name}"),
            population,
            signature: chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(day),
            lines_per_year: lines,
        };
        let text = cpts_aci::synthetic::contract_text(&spec);
        let signed = Contract::parse(&text, Path::new("c.toml")).unwrap();
        let (book, canonical, again) = both_ways(text.as_bytes());
        prop_assert_eq!(&again, &book);
        let from_book = examine_contract_bytes(&book).unwrap();
        // The same warnings (a mission without a line in a year), said the same way.
        let said = |e: &cpts_aci::Examination| -> Vec<(String, String)> {
            e.problems().iter().map(|p| (p.code.to_string(), p.message.clone())).collect()
        };
        let toml = examine_contract_bytes(text.as_bytes()).unwrap();
        prop_assert_eq!(said(&from_book), said(&toml));
        let c = from_book.examined.contract.clone().unwrap();
        prop_assert_eq!(c.text.as_bytes(), &canonical[..]);
        prop_assert_eq!(resolved(c.clone()), resolved(signed.clone()));
        for year in 1..=3 {
            let a = fund_year(&signed, year, &reaching_readings(&signed, year));
            let b = fund_year(&c, year, &reaching_readings(&c, year));
            prop_assert_eq!(a.total, b.total);
        }
    }
}
