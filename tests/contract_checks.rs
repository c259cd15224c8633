//! Every contract check of the README (« Le contrat »), each asserting the French message and where it points.

use cpts_aci::{Contract, ContractError, Problem};
use std::path::Path;

const HEAD: &str = r#"format = "cpts-aci/contrat@1"
grille = "avenant2-2022"
[cpts]
nom = "CPTS Test"
identifiant = "123 456 789 00012"
population = 62000
[contrat]
signature = 2024-03-01
duree_annees = 5
"#;

const ACCES: &str = r#"
[[missions]]
code = "acces"
debut = 2024-06-01
"#;

fn indicator(code: &str, mission: &str, year: &str, weight: u32) -> String {
    format!(
        "\n[[indicateurs]]\ncode = \"{code}\"\nmission = \"{mission}\"\nlibelle = \"x\"\n\
         portee = \"local\"\nnature = \"moyens\"\nregle = \"binaire\"\n\
         [indicateurs.annees.{year}]\npoids = {weight}\n"
    )
}

/// The errors of `text` (warnings are asserted on their own).
fn problems(text: &str) -> Vec<Problem> {
    match Contract::parse(text, Path::new("contrat.toml")) {
        Err(ContractError::Invalid { problems, .. }) => {
            problems.into_iter().filter(Problem::is_error).collect()
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("the contract was accepted:\n{text}"),
    }
}

/// The single problem of `text`, with its line and the 1-based line of `needle` in `text`.
fn only(text: &str, needle: &str) -> (String, usize, usize) {
    let p = problems(text);
    assert_eq!(p.len(), 1, "{p:#?}");
    let expected_line = text
        .lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1;
    let said = format!("{} — {}", p[0].message, p[0].hint);
    (said, p[0].line.unwrap_or(0), expected_line)
}

fn assert_at(text: &str, needle: &str, words: &[&str]) {
    let (message, line, expected) = only(text, needle);
    assert_eq!(line, expected, "{message}");
    for w in words {
        assert!(message.contains(w), "« {w} » missing from: {message}");
    }
}

#[test]
fn a_valid_contract_loads() {
    let c = Contract::parse(&format!("{HEAD}{ACCES}"), Path::new("c.toml")).unwrap();
    assert_eq!(c.size.get(), 2);
    assert_eq!(c.missions.len(), 1);
}

#[test]
fn unknown_key_is_reported_with_line_and_column() {
    let text = HEAD.replace("nom = ", "nomm = ");
    let p = problems(&text);
    assert_eq!((p[0].line, p[0].column), (Some(4), Some(1)));
    assert!(
        p[0].message.starts_with("clé inconnue « nomm »"),
        "{}",
        p[0].message
    );
    assert!(p[0].message.contains("nom, identifiant"));
}

#[test]
fn unknown_mission_code() {
    let text = format!("{HEAD}{}", ACCES.replace("\"acces\"", "\"urgences\""));
    assert_at(
        &text,
        "urgences",
        &[
            "valeur inconnue « urgences » pour « code »",
            "acces, parcours",
        ],
    );
}

#[test]
fn unknown_grid() {
    let text = format!("{HEAD}{ACCES}").replace("avenant2-2022", "avenant9");
    assert_at(
        &text,
        "avenant9",
        &["grille « avenant9 » inconnue", "avenant2-2022"],
    );
}

#[test]
fn wrong_format() {
    let text = format!("{HEAD}{ACCES}").replace("contrat@1", "contrat@7");
    assert_at(&text, "contrat@7", &["format", "non pris en charge"]);
}

#[test]
fn mission_declared_twice() {
    let text = format!("{HEAD}{ACCES}{ACCES}");
    let p = problems(&text);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, Some(16));
    assert!(
        p[0].message
            .contains("« acces » déclarée deux fois (déjà ligne 12)"),
        "{}",
        p[0].message
    );
}

#[test]
fn indicator_for_a_mission_not_in_the_contract() {
    let text = format!("{HEAD}{ACCES}{}", indicator("PAR-01", "parcours", "2", 0));
    assert_at(
        &text,
        "mission = \"parcours\"",
        &["« PAR-01 »", "« parcours », absente du contrat"],
    );
}

#[test]
fn indicator_code_twice() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        indicator("ACC-01", "acces", "2", 0),
        indicator("ACC-01", "acces", "3", 0)
    );
    let p = problems(&text);
    assert_eq!(p.len(), 1);
    assert!(p[0].message.contains("« ACC-01 » déclaré deux fois"));
}

#[test]
fn year_outside_the_contract() {
    let text = format!("{HEAD}{ACCES}{}", indicator("ACC-01", "acces", "6", 0));
    assert_at(
        &text,
        "annees.6",
        &["année « 6 » hors du contrat", "de 1 à 5"],
    );
    let text = format!("{HEAD}{ACCES}\n[annees.0]\ncrise_reconnue = false\n");
    assert_at(&text, "annees.0", &["année « 0 »"]);
}

#[test]
fn weights_must_add_up_to_the_variable_envelope() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        indicator("ACC-01", "acces", "2", 10000),
        indicator("ACC-02", "acces", "2", 7000)
    );
    assert_at(
        &text,
        "code = \"acces\"",
        &[
            "année 2",
            "17 000,00 €",
            "enveloppe variable est de 17 500,00 €",
            "écart -500,00 €",
        ],
    );
}

#[test]
fn weights_all_zero_are_accepted_as_tracking_only() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        indicator("ACC-01", "acces", "2", 0),
        indicator("ACC-02", "acces", "2", 0)
    );
    assert!(Contract::parse(&text, Path::new("c.toml")).is_ok());
}

#[test]
fn weights_follow_an_overridden_envelope() {
    let acces = format!("{ACCES}variable = 10000\n");
    let text = format!("{HEAD}{acces}{}", indicator("ACC-01", "acces", "2", 10000));
    assert!(Contract::parse(&text, Path::new("c.toml")).is_ok());
}

fn paliers(direction: &str, tiers: &str) -> String {
    format!(
        "{HEAD}{ACCES}\n[[indicateurs]]\ncode = \"ACC-01\"\nmission = \"acces\"\nlibelle = \"x\"\n\
         portee = \"national\"\nnature = \"resultat\"\nregle = \"paliers\"\nsens = \"{direction}\"\n\
         [indicateurs.annees.2]\npoids = 17500\npaliers = {tiers}\n"
    )
}

#[test]
fn paliers_may_be_listed_in_any_order_but_must_be_consistent() {
    use cpts_aci::{Observation, Reading, Readings, fund_year};
    use rust_decimal::Decimal;
    let good = "[ { seuil = 300, part = 1.0 }, { seuil = 350, part = 0.5 } ]";
    assert!(Contract::parse(&paliers("baisse", good), Path::new("c.toml")).is_ok());
    // The order of the issue: worst first, hausse.
    let rising = "[{seuil=50,part=0.25},{seuil=100,part=0.6},{seuil=150,part=1.0}]";
    let c = Contract::parse(&paliers("hausse", rising), Path::new("c.toml")).unwrap();
    let pays = |x: i64| {
        let mut r = Readings::new();
        let value = Observation::Number(Decimal::from(x));
        r.insert(
            "ACC-01".into(),
            Reading {
                value,
                neutralised: false,
            },
        );
        fund_year(&c, 2, &r).missions[0].indicators[0].amount
    };
    assert_eq!(pays(120), Decimal::from(10500), "60 % of 17 500");
    assert_eq!(pays(150), Decimal::from(17500));
    assert_eq!(pays(49), Decimal::ZERO);
    let shuffled = "[ { seuil = 350, part = 0.5 }, { seuil = 300, part = 1.0 } ]";
    assert!(Contract::parse(&paliers("baisse", shuffled), Path::new("c.toml")).is_ok());
    // A better value paying less.
    let inconsistent = "[ { seuil = 10, part = 1.0 }, { seuil = 20, part = 0.5 } ]";
    assert_at(
        &paliers("hausse", inconsistent),
        "paliers =",
        &[
            "paliers incohérents",
            "le seuil 10 paie 1 ",
            "le seuil 20, meilleur",
        ],
    );
    let twice = "[ { seuil = 10, part = 1.0 }, { seuil = 10, part = 0.5 } ]";
    assert_at(
        &paliers("hausse", twice),
        "paliers =",
        &["le seuil 10 figure deux fois"],
    );
    let share = "[ { seuil = 10, part = 1.5 } ]";
    assert_at(
        &paliers("hausse", share),
        "paliers =",
        &["part 1.5 hors de 0 à 1"],
    );
}

#[test]
fn amounts_are_euros_and_cents() {
    let text = format!("{HEAD}fonctionnement = 50000.005\n{ACCES}");
    assert_at(
        &text,
        "50000.005",
        &["fonctionnement", "plus de deux décimales", "50000.01"],
    );
    let text = format!(
        "{HEAD}{}",
        ACCES.replace("debut", "fixe = 17500.125\ndebut")
    );
    assert_at(&text, "17500.125", &["fixe", "plus de deux décimales"]);
    let text = format!("{HEAD}{ACCES}{}", indicator("ACC-01", "acces", "2", 0))
        .replace("poids = 0", "poids = 17500.001");
    let p = problems(&text);
    assert!(
        p.iter().any(|p| p.line == Some(23)
            && p.message
                .contains("poids : le montant 17500.001 a plus de deux décimales")),
        "{p:#?}"
    );
    let text = format!("{HEAD}{ACCES}{}", indicator("ACC-01", "acces", "2", 0))
        .replace("poids = 0", "poids = 1000000");
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|p| p.message.contains("dépasse ce qu'une ligne peut peser")),
        "{p:#?}"
    );
}

#[test]
fn a_contract_without_missions_is_refused_in_french() {
    assert_at(HEAD, "[contrat]", &["aucune mission", "[[missions]]"]);
}

#[test]
fn values_and_units_stay_within_what_the_workbook_computes_exactly() {
    let lin = indicator("ACC-01", "acces", "2", 17500)
        .replace("binaire", "lineaire")
        .replace("poids = 17500", "poids = 17500\ncible = 12.1234567");
    assert_at(
        &format!("{HEAD}{ACCES}{lin}"),
        "cible = 12.1234567",
        &["cible", "au plus 6 décimales"],
    );
    let unit = indicator("ACC-01", "acces", "2", 17500)
        .replace("libelle = \"x\"", "libelle = \"x\"\nunite = \"\"");
    assert_at(
        &format!("{HEAD}{ACCES}{unit}"),
        "code = \"ACC-01\"",
        &["unite"],
    );
    let unit = unit.replace("unite = \"\"", "unite = \"%\"");
    let c = Contract::parse(&format!("{HEAD}{ACCES}{unit}"), Path::new("c.toml")).unwrap();
    assert!(c.indicators[0].is_percentage());
}

#[test]
fn paliers_rule_without_tiers() {
    let text = paliers("baisse", "[]");
    let p = problems(&text);
    assert!(
        p[0].message.contains("demande une liste « paliers »"),
        "{}",
        p[0].message
    );
}

#[test]
fn population_and_taille_must_agree() {
    let text =
        format!("{HEAD}{ACCES}").replace("population = 62000", "population = 62000\ntaille = 3");
    assert_at(
        &text,
        "taille = 3",
        &["taille 3", "62 000 habitants", "taille 2"],
    );
    let text = format!("{HEAD}{ACCES}").replace("population = 62000", "taille = 3");
    assert_eq!(
        Contract::parse(&text, Path::new("c.toml"))
            .unwrap()
            .size
            .get(),
        3
    );
    let text = format!("{HEAD}{ACCES}").replace("population = 62000\n", "");
    assert_at(&text, "[cpts]", &["indiquez la population"]);
}

#[test]
fn mission_starting_before_signature() {
    let text = format!("{HEAD}{}", ACCES.replace("2024-06-01", "2024-01-15"));
    assert_at(
        &text,
        "2024-01-15",
        &["commence le 15/01/2024, avant la signature", "01/03/2024"],
    );
}

#[test]
fn mission_starting_after_the_contract() {
    let text = format!("{HEAD}{}", ACCES.replace("2024-06-01", "2030-01-01"));
    assert_at(
        &text,
        "2030-01-01",
        &["après la fin du contrat", "28/02/2029"],
    );
}

#[test]
fn indicator_in_a_year_before_its_mission_starts() {
    let late = ACCES.replace("2024-06-01", "2025-06-01");
    let text = format!("{HEAD}{late}{}", indicator("ACC-01", "acces", "1", 0));
    assert_at(&text, "annees.1", &["ne commence que le 01/06/2025"]);
}

#[test]
fn override_of_a_part_the_mission_does_not_have() {
    let text = format!("{HEAD}{ACCES}plan = 1000\n");
    assert_at(
        &text,
        "plan = 1000",
        &[
            "« plan » ne s'applique pas à la mission « acces »",
            "snp_compensation",
        ],
    );
}

#[test]
fn wrong_types_and_missing_keys_are_french() {
    let text = format!("{HEAD}{ACCES}").replace("duree_annees = 5", "duree_annees = \"cinq\"");
    assert_at(
        &text,
        "cinq",
        &["type incorrect", "un nombre entier positif attendu"],
    );
    let text = HEAD.replace("signature = 2024-03-01\n", "");
    let p = problems(&text);
    assert!(
        p[0].message
            .contains("clé obligatoire absente : « signature »"),
        "{}",
        p[0].message
    );
    let text = format!("{HEAD}{ACCES}").replace("2024-03-01", "2024-03-01T10:00:00");
    assert_at(&text, "T10", &["une date sans heure"]);
}

#[test]
fn crisis_mission_has_no_indicators_and_lineaire_needs_a_target() {
    let crise = "\n[[missions]]\ncode = \"crise\"\ndebut = 2024-06-01\n";
    let text = format!("{HEAD}{crise}{}", indicator("CRI-01", "crise", "2", 0));
    assert_at(&text, "mission = \"crise\"", &["n'a pas d'indicateurs"]);
    let lin = indicator("ACC-01", "acces", "2", 17500).replace("binaire", "lineaire");
    let text = format!("{HEAD}{ACCES}{lin}");
    assert_at(&text, "annees.2", &["demande une « cible »"]);
}

#[test]
fn several_problems_are_all_reported_in_file_order() {
    let text = format!(
        "{HEAD}{}{}",
        ACCES.replace("2024-06-01", "2023-01-01"),
        indicator("X", "parcours", "9", 0)
    );
    let p = problems(&text);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p.windows(2).all(|w| w[0].line <= w[1].line));
    let shown = ContractError::Invalid {
        path: "contrat.toml".into(),
        problems: p,
    }
    .to_string();
    assert!(
        shown.starts_with("le contrat contrat.toml contient 3 erreurs :"),
        "{shown}"
    );
    assert!(
        shown.contains("contrat.toml, ligne 13, colonne 9 : la mission"),
        "{shown}"
    );
}

fn avenant(numero: u32, signature: &str, effet: &str) -> String {
    format!(
        "\n[[avenants]]\nnumero = {numero}\nsignature = {signature}\neffet = {effet}\n\
         objet = \"Cibles de l'année suivante\"\n"
    )
}

#[test]
fn avenants_in_order_at_anniversaries_load_and_set_the_terms_of_later_years() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        avenant(1, "2025-02-20", "2025-03-01"),
        avenant(2, "2026-02-20", "2026-03-01")
    );
    let c = Contract::parse(&text, Path::new("c.toml")).unwrap();
    assert_eq!(c.avenants.len(), 2);
    assert_eq!(c.avenant_of_year(1), None);
    assert_eq!(c.avenant_of_year(2).map(|a| a.number), Some(1));
    assert_eq!(c.avenant_of_year(5).map(|a| a.number), Some(2));
}

#[test]
fn an_avenant_effective_during_a_year_is_refused() {
    let text = format!("{HEAD}{ACCES}{}", avenant(1, "2025-02-20", "2025-06-15"));
    assert_at(
        &text,
        "effet = 2025-06-15",
        &[
            "avenant n° 1",
            "n'est pas une date anniversaire",
            "le 2026-03-01",
        ],
    );
}

#[test]
fn avenants_numbered_out_of_order_are_refused() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        avenant(1, "2025-02-20", "2025-03-01"),
        avenant(3, "2026-02-20", "2026-03-01")
    );
    assert_at(&text, "numero = 3", &["avenant n° 3", "n° 2"]);
}

#[test]
fn avenant_effects_that_do_not_increase_are_refused() {
    let text = format!(
        "{HEAD}{ACCES}{}{}",
        avenant(1, "2026-02-20", "2026-03-01"),
        avenant(2, "2026-02-25", "2025-03-01")
    );
    assert_at(
        &text,
        "effet = 2025-03-01",
        &["avenant n° 2", "pas après l'avenant n° 1"],
    );
}

#[test]
fn enumerated_values_are_read_with_accents_and_any_case() {
    let text = format!(
        "{}{}{}",
        HEAD.replace(
            "duree_annees = 5\n",
            "duree_annees = 5\nprorata = \"Mois\"\nneutralisation = \"Versé\"\n"
        ),
        ACCES.replace("\"acces\"", "\"Accès\""),
        indicator("ACC-01", "ACCÈS", "2", 17500)
            .replace("\"local\"", "\"National\"")
            .replace("\"moyens\"", "\"Résultat\"")
            .replace(
                "regle = \"binaire\"",
                "regle = \"Linéaire\"\nsens = \" Baisse \"\nvaleur_initiale = 10"
            )
            + "cible = 5\n"
    );
    let c = Contract::parse(&text, Path::new("c.toml")).unwrap();
    let i = &c.indicators[0];
    let read = serde_json::to_value(i).unwrap();
    assert_eq!(
        (
            &read["mission"],
            &read["scope"],
            &read["nature"],
            &read["rule"],
            &read["direction"]
        ),
        (
            &serde_json::json!("acces"),
            &serde_json::json!("national"),
            &serde_json::json!("resultat"),
            &serde_json::json!("lineaire"),
            &serde_json::json!("baisse")
        )
    );
    let terms = serde_json::to_value(&c.terms).unwrap();
    assert_eq!(
        (&terms["prorata"], &terms["neutralisation"]),
        (&serde_json::json!("mois"), &serde_json::json!("verse"))
    );
    assert_eq!(c.text, text, "the contract's text stays as typed");
}

/// Every problem of `text` of one code, as (line, column, severity, message).
fn of_code(text: &str, code: &str) -> Vec<(usize, usize, cpts_aci::Severity, String)> {
    Contract::examine(text)
        .problems
        .into_iter()
        .filter(|p| p.code == code)
        .map(|p| (p.line.unwrap(), p.column.unwrap(), p.severity, p.message))
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn a_target_on_the_wrong_side_of_its_baseline_is_a_warning_or_for_a_linear_line_an_error() {
    use cpts_aci::Severity::{Error, Warning};
    let binary = indicator("ACC-01", "acces", "2", 17500).replace(
        "regle = \"binaire\"",
        "regle = \"binaire\"\nvaleur_initiale = 40",
    ) + "cible = 30\n";
    let text = format!("{HEAD}{ACCES}{binary}");
    let p = of_code(&text, "contract_target_direction");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(
        (p[0].0, p[0].1, p[0].2),
        (line_of(&text, "cible = 30"), 9, Warning)
    );
    assert!(
        p[0].3.contains("déjà atteinte à la valeur initiale (40)"),
        "{}",
        p[0].3
    );
    // A warning does not block: the contract is read.
    assert!(Contract::parse(&text, Path::new("c.toml")).is_ok());
    let linear = binary.replace("binaire", "lineaire");
    let text = format!("{HEAD}{ACCES}{linear}");
    let p = of_code(&text, "contract_target_direction");
    assert_eq!((p.len(), p[0].2), (1, Error), "{p:#?}");
    assert!(Contract::parse(&text, Path::new("c.toml")).is_err());
    // A tier paid at the baseline, once per line-year, at its seuil.
    let tiers = indicator("ACC-01", "acces", "2", 17500).replace(
        "regle = \"binaire\"",
        "regle = \"paliers\"\nsens = \"baisse\"\nvaleur_initiale = 260",
    ) + "paliers = [ { seuil = 300, montant = 3000 }, { seuil = 280, montant = 5000 }, { seuil = 100, montant = 17500 } ]\n";
    let text = format!("{HEAD}{ACCES}{tiers}");
    let p = of_code(&text, "contract_target_direction");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!((p[0].1, p[0].2), (23, Warning));
    assert!(
        p[0].3.contains("palier 1 : le seuil 300 est déjà atteint"),
        "{}",
        p[0].3
    );
}

#[test]
fn a_target_or_tier_no_value_can_reach_is_named_at_its_value() {
    use cpts_aci::Severity::{Error, Warning};
    let tiers = indicator("ACC-01", "acces", "2", 17500).replace(
        "regle = \"binaire\"",
        "regle = \"paliers\"\nsens = \"baisse\"",
    ) + "paliers = [ { seuil = 0, part = 1 }, { seuil = -5, part = 0.5 } ]\n";
    let text = format!("{HEAD}{ACCES}{tiers}");
    let p = of_code(&text, "contract_unreachable");
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!(
        (p[0].0, p[0].1, p[0].2),
        (line_of(&text, "seuil = -5"), 48, Error)
    );
    assert!(
        p[0].3
            .contains("palier 2 : -5 en baisse ne peut jamais être atteint"),
        "{}",
        p[0].3
    );
    let percent = indicator("ACC-01", "acces", "2", 17500)
        .replace("regle = \"binaire\"", "regle = \"binaire\"\nunite = \"%\"")
        + "cible = 120\n";
    let text = format!("{HEAD}{ACCES}{percent}");
    let p = of_code(&text, "contract_unreachable");
    assert_eq!((p.len(), p[0].2), (1, Warning), "{p:#?}");
    assert!(p[0].3.contains("120 % en hausse"), "{}", p[0].3);
}

#[test]
fn a_started_mission_without_a_line_in_a_year_whose_annex_is_written_is_a_warning() {
    let parcours = "\n[[missions]]\ncode = \"parcours\"\ndebut = 2024-06-01\n";
    let text = format!(
        "{HEAD}{ACCES}{parcours}{}{}",
        indicator("ACC-01", "acces", "2", 0),
        indicator("PAR-01", "parcours", "3", 0)
    );
    let p = of_code(&text, "variable_unreachable");
    let at: Vec<(usize, String)> = p.iter().map(|p| (p.0, p.3.clone())).collect();
    assert_eq!(p.len(), 2, "{at:#?}");
    // In file order: at each mission's code.
    assert_eq!(p[0].0, line_of(&text, "code = \"acces\""));
    assert!(
        p[0].3
            .starts_with("mission « acces », année 3 : aucune ligne"),
        "{}",
        p[0].3
    );
    assert_eq!(p[1].0, line_of(&text, "code = \"parcours\""));
    assert!(
        p[1].3.starts_with("mission « parcours », année 2"),
        "{}",
        p[1].3
    );
    // Years 1, 4 and 5 have no annex yet: nothing to say.
    assert!(Contract::parse(&text, Path::new("c.toml")).is_ok());
}
