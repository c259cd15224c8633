use super::form::{Form, Value};
use super::from_toml::from_toml;
use super::read::read_book;
use super::write::write_book;
use super::*;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// Every contract shipped: the samples and the fixtures.
fn contracts() -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    for dir in ["samples", "tests/fixtures"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).unwrap();
                all.push((path, text));
            }
        }
    }
    assert!(all.len() >= 4, "{all:?}");
    all
}

fn contract(text: &str) -> Contract {
    let mut c = Contract::parse(text, Path::new("c.toml")).unwrap_or_else(|e| panic!("{e}"));
    c.text.clear();
    c
}

fn sample_form() -> Form {
    from_toml(&std::fs::read_to_string("samples/contrat-exemple.toml").unwrap()).unwrap()
}

/// The problems of a workbook written from `form`, as (code, cell).
fn problems(form: &Form) -> Vec<(String, String)> {
    let e = examine_bytes(&write_book(form).unwrap()).unwrap();
    e.problems()
        .iter()
        .map(|p| (p.code.as_str().to_string(), p.place()))
        .collect()
}

#[test]
fn every_sample_goes_to_the_workbook_and_back_with_the_same_entries_and_contract() {
    for (path, text) in contracts() {
        let form = from_toml(&text).unwrap();
        let bytes = write_book(&form).unwrap();
        let read = read_book(&bytes).unwrap();
        assert_eq!(read.flaws, [], "{}", path.display());
        assert_eq!(read.form, form, "{}", path.display());
        let canonical = canonical::canonical(&form).text;
        assert_eq!(canonical::canonical(&read.form).text, canonical);
        assert_eq!(contract(&canonical), contract(&text), "{}", path.display());
        // The workbook of the workbook's entries is the same file.
        assert_eq!(write_book(&read.form).unwrap(), bytes, "{}", path.display());
    }
}

#[test]
fn five_mistakes_are_all_reported_at_once_each_at_its_cell() {
    let mut form = sample_form();
    // ACC-01, first row of Annexe: a weight typed in words.
    form.indicators[0].years[0].fields["poids"].value = Value::Text("six mille".into());
    // The start of the second mission, not a date.
    form.missions[1].fields["debut"].value = Value::Text("32/13/2024".into());
    // ACC-05's rule (its only row), outside the list.
    form.indicators[4].fields["regle"].value = Value::Text("progressif".into());
    // PAR-01 (mission parcours) weighs 100 € too much in year 1.
    let par = form
        .indicators
        .iter_mut()
        .find(|i| i.fields["code"].text() == Some("PAR-01"))
        .unwrap();
    par.years[0].fields["poids"].value = Value::Number(Decimal::from(12100));
    // ACC-04's year 3 moved to the bottom of the annex, with another label.
    let mut again = form.indicators[3].clone();
    let third = form.indicators[3].years.pop().unwrap();
    again.years = vec![third];
    again.fields["libelle"].value = Value::Text("Un autre libellé".into());
    again.evidence.clear();
    form.indicators.push(again);
    let found = problems(&form);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("contract_invalid", "Missions!A6"),
            ("contract_cell_invalid", "Missions!B6"),
            ("contract_cell_invalid", "Annexe!L5"),
            ("contract_cell_invalid", "Annexe!F16"),
            ("contract_fields_differ", "Annexe!C34"),
        ],
        "{found:#?}"
    );
}

#[test]
fn values_typed_as_a_person_would_give_the_contract_of_the_toml() {
    let signed = contract(&std::fs::read_to_string("samples/contrat-exemple.toml").unwrap());
    let mut form = sample_form();
    let text = |s: &str| Value::Text(s.into());
    form.params["part_partielle"].value = text("50 %");
    form.params["prorata"].value = text(" Jours");
    form.params["signature"].value = text("01/04/2024");
    form.missions[0].fields["debut"].value = text("1/6/2024");
    form.indicators[1].fields["regle"].value = text("Linéaire");
    form.indicators[1].fields["sens"].value = text("BAISSE");
    form.indicators[1].fields["nature"].value = text("Résultat");
    form.indicators[0].years[0].fields["poids"].value = text("5\u{a0}000 €");
    form.years[0].fields["crise_reconnue"].value = text("non");
    let e = examine_bytes(&write_book(&form).unwrap()).unwrap();
    assert_eq!(e.problems(), [], "{:#?}", e.problems());
    let mut read = e.examined.contract.unwrap();
    read.text.clear();
    assert_eq!(read, signed);
}

#[test]
fn a_value_still_to_fill_is_named_at_its_cell_and_refused_like_the_toml() {
    let mut form = sample_form();
    form.params["signature"].value = Value::Text("À REMPLIR : date de signature".into());
    let e = examine_bytes(&write_book(&form).unwrap()).unwrap();
    let places: Vec<String> = e.problems().iter().map(Problem::place).collect();
    assert_eq!(places, ["Contrat!C13"]);
    assert_eq!(
        e.problems()[0].code,
        crate::finding::Code::ContractPlaceholder
    );
    match e.into_contract(Path::new("c.xlsx")) {
        Err(ContractError::Unfilled { placeholders, .. }) => {
            assert_eq!(placeholders.len(), 1);
            assert!(
                ContractError::Unfilled {
                    path: "c.xlsx".into(),
                    placeholders
                }
                .to_string()
                .contains("c.xlsx, Contrat!C13 : ")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_starter_workbook_has_every_year_and_loads_once_filled() {
    let opts = crate::contract::starter::StarterOptions {
        grid: crate::grid::find("avenant2-2022").unwrap(),
        size: crate::grid::Size::new(2),
        population: Some(62_000),
        signature: None,
    };
    let form = starter::starter_form(&opts);
    let years: Vec<usize> = form.indicators.iter().map(|i| i.years.len()).collect();
    assert_eq!(years, [5; 6]);
    let e = examine_bytes(&write_book(&form).unwrap()).unwrap();
    assert!(e.examined.unfilled(), "{:#?}", e.problems());
    // The baseline still to fill is asked once per indicator, on its first row.
    let baselines = e
        .problems()
        .iter()
        .filter(|p| p.place().starts_with("Annexe!H"))
        .count();
    assert_eq!(baselines, 3, "{:#?}", e.problems());
    assert_eq!(starter::to_fill(&form), e.problems().len());
}

#[test]
fn a_mission_given_twice_names_the_cell_of_the_first() {
    let mut form = sample_form();
    let twice = form.missions[0].clone();
    form.missions.push(twice);
    let e = examine_bytes(&write_book(&form).unwrap()).unwrap();
    let said: Vec<(String, &str)> = e
        .problems()
        .iter()
        .map(|p| (p.place(), p.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(
            "Missions!A9".to_string(),
            "mission « acces » déclarée deux fois (déjà en Missions!A5)"
        )]
    );
}
