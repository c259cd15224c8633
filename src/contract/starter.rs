//! Starter contracts (`cpts-aci init`): a commented contract pre-filled from a national grid.
//!
//! The text lives in `templates/contrat-modele.toml`; this module fills its `{{…}}` slots with
//! the grid's amounts (as commented overrides), the socle missions and, for each of them, its
//! national indicators or a local placeholder (`templates/indicateurs-locaux-depart.toml`).
//! The result loads as soon as it is written: placeholders are valid.

use super::{Direction, Rule};
use crate::grid::{Confidence, Grid, Size};
use crate::mission::{MissionCode, Part};
use crate::money::split_evenly;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

const TEMPLATE: &str = include_str!("../../templates/contrat-modele.toml");
const NATIONAL: &str = include_str!("../../templates/indicateurs-nationaux.toml");
const LOCAL: &str = include_str!("../../templates/indicateurs-locaux-depart.toml");

/// What `init` was told.
#[derive(Debug, Clone)]
pub(crate) struct StarterOptions {
    /// The grid giving default amounts.
    pub grid: Grid,
    /// The taille the contract is written for.
    pub size: Size,
    /// The population, when given (written instead of the taille).
    pub population: Option<u64>,
    /// Placeholder signature date; missions start on it.
    pub signature: NaiveDate,
}

/// An indicator set by the ACI, from `templates/indicateurs-nationaux.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NationalIndicator {
    /// Code.
    pub code: String,
    /// Mission.
    pub mission: MissionCode,
    /// French wording.
    pub libelle: String,
    /// Usual rule.
    pub regle: Rule,
    /// Direction.
    pub sens: Direction,
    /// Unit of the values (`%` for a percentage).
    #[serde(default)]
    pub unite: Option<String>,
    /// Data source.
    pub source: String,
    /// Evidence.
    pub justificatifs: Vec<String>,
}

/// The national indicators this build knows.
pub(crate) fn national_indicators() -> Vec<NationalIndicator> {
    parse_list(NATIONAL)
}

fn parse_list(text: &str) -> Vec<NationalIndicator> {
    #[derive(Deserialize)]
    struct List {
        indicateurs: Vec<NationalIndicator>,
    }
    let list: List = toml::from_str(text).expect("embedded indicator lists are valid");
    list.indicateurs
}

/// The starter contract's text.
pub(crate) fn render(opts: &StarterOptions) -> String {
    let population = match opts.population {
        Some(p) => format!("population = {p}              # population couverte : donne la taille"),
        None => format!(
            "taille = {}                     # ou mieux, la population couverte : population = …",
            opts.size.get()
        ),
    };
    let replacements = [
        ("{{grille}}", opts.grid.id.clone()),
        ("{{taille}}", opts.size.get().to_string()),
        ("{{population}}", population),
        ("{{signature}}", opts.signature.to_string()),
        (
            "{{fonctionnement}}",
            opts.grid.operating.amount(opts.size).to_string(),
        ),
        ("{{missions}}", missions(opts, &MissionCode::SOCLE, false)),
        (
            "{{complementaires}}",
            missions(
                opts,
                &[MissionCode::Qualite, MissionCode::Accompagnement],
                true,
            ),
        ),
        ("{{indicateurs}}", indicators(opts)),
    ];
    replacements
        .iter()
        .fold(TEMPLATE.to_string(), |text, (slot, value)| {
            text.replace(slot, value)
        })
}

fn missions(opts: &StarterOptions, codes: &[MissionCode], commented: bool) -> String {
    let mut out = String::new();
    let prefix = if commented { "# " } else { "" };
    for &code in codes {
        let grid = opts.grid.missions.get(&code);
        let deadline = match grid.and_then(|g| g.start_months) {
            Some(m) => format!(" : démarrage au plus tard {m} mois après la signature"),
            None => " : délais fixés par le contrat".into(),
        };
        out.push_str(&format!("\n# Mission {}{deadline}\n", code.label()));
        out.push_str(&format!(
            "{prefix}[[missions]]\n{prefix}code = \"{code}\"\n"
        ));
        out.push_str(&format!(
            "{prefix}debut = {}             # À REMPLIR : date de démarrage de la mission\n",
            opts.signature
        ));
        out.push_str(&format!(
            "# Montants annuels de la grille pour la taille {} ; retirez le « # » pour les remplacer :\n",
            opts.size.get()
        ));
        for part in code.parts() {
            let Some(envelope) = opts.grid.envelope(code, *part) else {
                continue;
            };
            let sure = match envelope.confidence {
                Confidence::Confirmed => "confirmé",
                Confidence::ToConfirm => "à confirmer",
            };
            let line = format!("{} = {}", part.key(), envelope.amount(opts.size));
            out.push_str(&format!("# {line:<28} # {} ({sure})\n", part.label()));
        }
    }
    out
}

/// The starter's lines of year 1: every socle mission's variable envelope split evenly over
/// its national indicators, or over a local placeholder where the ACI sets none, so that no
/// envelope is left that no line can earn.
fn indicators(opts: &StarterOptions) -> String {
    let national = national_indicators();
    let local = parse_list(LOCAL);
    let mut out = String::new();
    for code in MissionCode::SOCLE.iter().filter(|c| c.has_variable()) {
        let of = |list: &[NationalIndicator]| -> Vec<NationalIndicator> {
            list.iter()
                .filter(|i| i.mission == *code)
                .cloned()
                .collect()
        };
        let (lines, scope) = match of(&national) {
            lines if !lines.is_empty() => (lines, "national"),
            _ => (of(&local), "local"),
        };
        let envelope = opts
            .grid
            .envelope(*code, Part::Variable)
            .map_or(Decimal::ZERO, |e| e.amount(opts.size));
        for (i, weight) in lines.iter().zip(split_evenly(envelope, lines.len())) {
            out.push_str(&indicator(i, scope, weight));
        }
    }
    out
}

fn indicator(i: &NationalIndicator, scope: &str, weight: Decimal) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let evidence: Vec<String> = i.justificatifs.iter().map(|j| quote(j)).collect();
    let unit = i
        .unite
        .as_deref()
        .map_or(String::new(), |u| format!("unite = {}\n", quote(u)));
    let (nature, baseline, target) = match (i.regle, i.sens) {
        (Rule::Binaire | Rule::Qualitatif, _) => ("moyens", "", String::new()),
        (_, Direction::Baisse) => (
            "resultat",
            "valeur_initiale = 100         # À REMPLIR : valeur de départ fournie par la CPAM\n",
            "cible = 80                    # À REMPLIR : objectif de l'année 1\n".to_string(),
        ),
        (_, Direction::Hausse) => (
            "resultat",
            "",
            "cible = 10                    # À REMPLIR : objectif de l'année 1\n".to_string(),
        ),
    };
    format!(
        "\n[[indicateurs]]\ncode = \"{}\"\nmission = \"{}\"\nlibelle = {}\nportee = \"{scope}\"\n\
         nature = \"{nature}\"\nregle = \"{}\"\nsens = \"{}\"\n{unit}{baseline}source = {}\n\
         justificatifs = [{}]\n[indicateurs.annees.1]\n\
         poids = {weight}                  # À NÉGOCIER : part de l'enveloppe variable de la mission\n\
         {target}",
        i.code,
        i.mission,
        quote(&i.libelle),
        rule_key(i.regle),
        direction_key(i.sens),
        quote(&i.source),
        evidence.join(", "),
    )
}

fn rule_key(rule: Rule) -> &'static str {
    match rule {
        Rule::Binaire => "binaire",
        Rule::Lineaire => "lineaire",
        Rule::Paliers => "paliers",
        Rule::Qualitatif => "qualitatif",
    }
}

fn direction_key(direction: Direction) -> &'static str {
    match direction {
        Direction::Hausse => "hausse",
        Direction::Baisse => "baisse",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::Contract;
    use std::path::Path;

    fn options(size: u8, population: Option<u64>) -> StarterOptions {
        StarterOptions {
            grid: crate::grid::find("avenant2-2022").unwrap(),
            size: Size::new(size).unwrap(),
            population,
            signature: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        }
    }

    #[test]
    fn every_taille_gives_a_contract_that_loads_with_that_taille() {
        for size in 1..=4 {
            let text = render(&options(size, None));
            let c =
                Contract::parse(&text, Path::new("init.toml")).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.size.get(), size);
            let codes: Vec<_> = c.missions.iter().map(|m| m.code).collect();
            assert_eq!(codes, MissionCode::SOCLE);
            let lines = c.lines(1);
            assert_eq!(
                lines.len(),
                6,
                "4 national lines of accès, 1 of parcours, 1 local"
            );
            for m in &c.missions {
                let weights: Decimal = lines
                    .iter()
                    .filter(|l| l.indicator.mission == m.code)
                    .map(|l| l.terms.weight)
                    .sum();
                assert_eq!(weights, m.annual(Part::Variable), "{}", m.code);
            }
            assert_eq!(
                crate::funding::unreachable_variable(&c, 1),
                vec![],
                "every envelope can be earned"
            );
            assert!(lines.iter().any(|l| l.indicator.is_percentage()));
            assert!(
                c.missions.iter().all(|m| m.overridden.is_empty()),
                "grid amounts are comments"
            );
        }
    }

    #[test]
    fn a_population_is_written_instead_of_the_taille() {
        let text = render(&options(3, Some(120_000)));
        assert!(text.contains("population = 120000"));
        let c = Contract::parse(&text, Path::new("init.toml")).unwrap();
        assert_eq!(c.size.get(), 3);
        assert_eq!(c.cpts.population, Some(120_000));
    }

    #[test]
    fn grid_amounts_are_shown_as_commented_overrides_with_their_confidence() {
        let text = render(&options(2, None));
        assert!(text.contains("# snp_supplementaire = 45000"), "{text}");
        assert!(text.contains("# mise_a_jour = 17500"));
        assert!(text.contains("(à confirmer)") && text.contains("(confirmé)"));
        assert!(text.contains("# fonctionnement = 60000"));
        assert!(!text.contains("{{"), "every slot is filled");
    }

    #[test]
    fn uncommenting_the_complementary_missions_still_loads() {
        let text = render(&options(2, None))
            .replace("# [[missions]]", "[[missions]]")
            .replace("# code = \"", "code = \"");
        let text = text.replace("# debut = ", "debut = ");
        let c = Contract::parse(&text, Path::new("init.toml")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.missions.len(), 6);
    }

    #[test]
    fn split_evenly_adds_up() {
        assert_eq!(
            split_evenly(Decimal::from(17500), 4),
            vec![Decimal::from(4375); 4]
        );
        let parts = split_evenly(Decimal::from(10000), 3);
        assert_eq!(parts.iter().sum::<Decimal>(), Decimal::from(10000));
    }
}
