//! The contract's practical information (README, « Contacts et date de remise »): `[[contacts]]`
//! and `remise` of `[annees.N]` are read, kept in both forms of the contract, shown in the
//! tracking workbook, and never part of the terms a workbook is bound to.

use cpts_aci::{
    Contract, ContractForm, Entries, Options, compare_contracts, examine_contract_bytes,
};
use cpts_aci::{fund_year, read_workbook, review, write_workbook};
use std::path::Path;

const PRACTICAL: &str = r#"
[[contacts]]
role = "CPAM"
nom = "Mme Durand, service ACI"
courriel = "aci@cpam-exemple.fr"
telephone = "03 20 00 00 00"

[[contacts]]
nom = "ARS, délégation du Nord"
"#;

fn sample_text() -> String {
    std::fs::read_to_string("samples/contrat-exemple.toml").unwrap()
}

/// The sample with a deadline for year 2 (whose `[annees.2]` it already has) and two contacts.
fn with_practical() -> String {
    let text = sample_text().replace(
        "crise_reconnue = false\n",
        "crise_reconnue = false\nremise = 2026-02-15\n",
    );
    assert!(text.contains("remise"));
    format!("{text}{PRACTICAL}")
}

#[test]
fn contacts_and_deadlines_are_read() {
    let c = Contract::parse(&with_practical(), Path::new("c.toml")).unwrap();
    assert_eq!(c.contacts.len(), 2);
    assert_eq!(c.contacts[0].role, "CPAM");
    assert_eq!(c.contacts[0].email, "aci@cpam-exemple.fr");
    assert_eq!(c.contacts[0].phone, "03 20 00 00 00");
    assert_eq!(c.contacts[1].name, "ARS, délégation du Nord");
    assert_eq!(c.contacts[1].role, "");
    assert_eq!(c.deadline(2), chrono::NaiveDate::from_ymd_opt(2026, 2, 15));
    assert_eq!(c.deadline(3), None);
    // Without them, nothing changes.
    let plain = Contract::parse(&sample_text(), Path::new("c.toml")).unwrap();
    assert!(plain.contacts.is_empty() && plain.deadlines.is_empty());
}

#[test]
fn an_unknown_key_in_a_contact_is_an_error_at_its_line() {
    let text = with_practical().replace("courriel = ", "mail = ");
    let line = text.lines().position(|l| l.starts_with("mail = ")).unwrap() + 1;
    let e = examine_contract_bytes(text.as_bytes()).unwrap();
    let p = e
        .problems()
        .iter()
        .find(|p| p.is_error())
        .expect("an error");
    assert_eq!(p.line, Some(line), "{p:?}");
    assert!(p.message.contains("« mail »"), "{}", p.message);
    assert!(p.message.contains("courriel"), "{}", p.message);
    // A contact needs a name.
    let text = with_practical().replace("nom = \"ARS, délégation du Nord\"\n", "role = \"ARS\"\n");
    assert!(Contract::parse(&text, Path::new("c.toml")).is_err());
    let text = with_practical().replace("nom = \"ARS, délégation du Nord\"", "nom = \" \"");
    let p = examine_contract_bytes(text.as_bytes()).unwrap();
    assert!(
        p.problems()
            .iter()
            .any(|p| p.is_error() && p.message.contains("contact n° 2")),
        "{:?}",
        p.problems()
    );
    // A deadline is a date.
    let text = with_practical().replace("remise = 2026-02-15", "remise = \"mi-février\"");
    assert!(Contract::parse(&text, Path::new("c.toml")).is_err());
}

#[test]
fn they_survive_both_forms_of_the_contract() {
    let text = with_practical();
    let first = examine_contract_bytes(text.as_bytes()).unwrap();
    let book = first.convert(ContractForm::Workbook).unwrap();
    let from_book = examine_contract_bytes(&book).unwrap();
    assert!(
        from_book.problems().is_empty(),
        "{:?}",
        from_book.problems()
    );
    let back = from_book.convert(ContractForm::Toml).unwrap();
    let back = String::from_utf8(back).unwrap();
    assert!(back.contains("[[contacts]]\nrole = \"CPAM\"\nnom = \"Mme Durand, service ACI\""));
    assert!(back.contains("remise = 2026-02-15"), "{back}");
    let a = Contract::parse(&text, Path::new("a.toml")).unwrap();
    let b = Contract::parse(&back, Path::new("b.toml")).unwrap();
    assert_eq!((a.contacts, a.deadlines), (b.contacts, b.deadlines));
}

#[test]
fn a_contract_workbook_without_the_contacts_sheet_still_reads() {
    // Written by the version before them: neither the sheet nor the column.
    let book = std::fs::read("tests/fixtures/contrat-classeur-2026-1.xlsx").unwrap();
    let e = examine_contract_bytes(&book).unwrap();
    assert!(e.problems().is_empty(), "{:?}", e.problems());
    let c = e.into_contract(Path::new("c.xlsx")).unwrap();
    let same = Contract::parse(&sample_text(), Path::new("c.toml")).unwrap();
    assert_eq!(c.missions, same.missions);
    assert!(c.contacts.is_empty() && c.deadlines.is_empty());
}

#[test]
fn changing_them_is_no_mismatch_and_needs_no_avenant() {
    let signed = Contract::parse(&sample_text(), Path::new("a.toml")).unwrap();
    let changed = Contract::parse(&with_practical(), Path::new("b.toml")).unwrap();
    for year in 1..=signed.terms.duration_years {
        assert!(cpts_aci::year_changes(&signed, &changed, year).is_empty());
    }
    let report = compare_contracts(&signed, &changed);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // A workbook made from the contract without them checks clean against the one with them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.xlsx");
    let e = Entries::default();
    let f = fund_year(&signed, 2, &e.readings(&signed, 2));
    std::fs::write(&path, write_workbook(&signed, 2, &e, &f).unwrap()).unwrap();
    let wb = read_workbook(&path).unwrap();
    let r = review(
        &wb,
        Options {
            today: chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
            signed: Some(&changed),
        },
    );
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code == cpts_aci::Code::ContractMismatch),
        "{:?}",
        r.findings
    );
}

#[test]
fn two_copies_differing_only_by_a_contact_are_a_doublon_not_a_conflict() {
    let signed = Contract::parse(&sample_text(), Path::new("a.toml")).unwrap();
    let changed = Contract::parse(&with_practical(), Path::new("b.toml")).unwrap();
    let e = Entries::default();
    let bytes = |c: &Contract| write_workbook(c, 2, &e, &fund_year(c, 2, &e.readings(c, 2)));
    let files = vec![
        ("a.xlsx".to_string(), bytes(&signed).unwrap()),
        ("b.xlsx".to_string(), bytes(&changed).unwrap()),
    ];
    let mut statuses = Vec::new();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
    cpts_aci::consolidation::run_in_memory(&files, today, &|| {}, &mut |r| {
        statuses.push(format!("{:?}", r.status));
        Ok(())
    })
    .unwrap();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.iter().any(|s| s == "Doublon"), "{statuses:?}");
    assert!(!statuses.iter().any(|s| s == "Conflit"), "{statuses:?}");
}
