//! Starter contracts (`cpts-aci init`): a commented contract pre-filled from a national grid.
//!
//! The text lives in `templates/contrat-modele.toml`; this module fills its `{{…}}` slots with
//! the grid's amounts (as commented overrides), the socle missions and, for each of them, its
//! national indicators or a local starter line (`templates/indicateurs-locaux-depart.toml`).
//! Every value to copy from the signed contract is written « À REMPLIR : … » in place of the
//! value (see [`super::placeholder`]), so the starter is refused until each one is replaced;
//! once they are, with values that add up, it loads.

use super::placeholder::MARK;
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
    /// The taille, when given or known from the population (else the population is to fill
    /// and the grid's amounts are shown for taille 2).
    pub size: Option<Size>,
    /// The population, when given (written instead of the taille).
    pub population: Option<u64>,
    /// The signature date, when given (else it is to fill).
    pub signature: Option<NaiveDate>,
}

impl StarterOptions {
    /// The taille whose grid amounts the starter shows.
    fn shown_size(&self) -> Size {
        self.size
            .unwrap_or_else(|| Size::new(2).expect("2 is a taille"))
    }
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
    let population = match (opts.population, opts.size) {
        (Some(p), _) => {
            format!("population = {p}              # population couverte : donne la taille")
        }
        (None, Some(size)) => format!(
            "taille = {}                     # ou mieux, la population couverte : population = …",
            size.get()
        ),
        (None, None) => format!(
            "population = \"{MARK} : population couverte\"   # un nombre, qui donne la taille : \
             population = 62000 (ou la taille, de 1 à 4 : taille = 2)"
        ),
    };
    let signature = match opts.signature {
        Some(date) => format!(
            "signature = {date}         # chaque année de contrat commence à sa date anniversaire"
        ),
        None => format!(
            "signature = \"{MARK} : date de signature\"   # une date : signature = 2025-03-01 ; \
             chaque année de contrat commence à sa date anniversaire"
        ),
    };
    let size = match opts.size {
        Some(size) => size.get().to_string(),
        None => "2 (à corriger selon la population)".into(),
    };
    let replacements = [
        ("{{grille}}", opts.grid.id.clone()),
        ("{{grille_libelle}}", opts.grid.label.clone()),
        ("{{taille}}", size),
        ("{{population}}", population),
        ("{{signature}}", signature),
        (
            "{{fonctionnement}}",
            opts.grid.operating.amount(opts.shown_size()).to_string(),
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
    let size = opts.shown_size();
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
            "{prefix}debut = \"{MARK} : date de démarrage de la mission\"   # une date : debut = {}\n",
            opts.signature.map_or("2025-06-01".into(), |d| d.to_string())
        ));
        out.push_str(&format!(
            "# Montants annuels de la grille pour la taille {} ; retirez le « # » pour les remplacer :\n",
            size.get()
        ));
        for part in code.parts() {
            let Some(envelope) = opts.grid.envelope(code, *part) else {
                continue;
            };
            let sure = match envelope.confidence {
                Confidence::Confirmed => "confirmé",
                Confidence::ToConfirm => "à confirmer",
            };
            let line = format!("{} = {}", part.key(), envelope.amount(size));
            out.push_str(&format!("# {line:<28} # {} ({sure})\n", part.label()));
        }
    }
    out
}

/// The starter's lines of year 1: every socle mission's variable envelope goes to its national
/// indicators, or to a local starter line where the ACI sets none, so that no envelope is left
/// that no line can earn. A line alone in its mission carries the whole envelope; the weights
/// of several lines are to fill, the comment giving an even split.
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
            .map_or(Decimal::ZERO, |e| e.amount(opts.shown_size()));
        let count = lines.len();
        for (i, share) in lines.iter().zip(split_evenly(envelope, count)) {
            let weight = if count == 1 {
                format!(
                    "poids = {share}                  # toute l'enveloppe variable de la mission\n"
                )
            } else {
                format!(
                    "poids = \"{MARK} : part de l'enveloppe variable\"   # en euros ; les {count} poids \
                     de la mission font {envelope} (à parts égales : poids = {share})\n"
                )
            };
            out.push_str(&indicator(i, scope, &weight));
        }
    }
    out
}

fn indicator(i: &NationalIndicator, scope: &str, weight: &str) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let evidence: Vec<String> = i.justificatifs.iter().map(|j| quote(j)).collect();
    let unit = i
        .unite
        .as_deref()
        .map_or(String::new(), |u| format!("unite = {}\n", quote(u)));
    let example = |key: &str, count: u32, points: u32| {
        if i.unite.as_deref() == Some("%") {
            format!("un nombre de points : {key} = {points} pour {points} %")
        } else {
            format!("un nombre : {key} = {count}")
        }
    };
    let baseline = format!(
        "valeur_initiale = \"{MARK} : valeur de départ fournie par la CPAM\"   # {}\n",
        example("valeur_initiale", 400, 62)
    );
    let target = format!(
        "cible = \"{MARK} : objectif de l'année 1\"   # {}\n",
        example("cible", 300, 58)
    );
    let (nature, baseline, target) = match (i.regle, i.sens) {
        (Rule::Binaire | Rule::Qualitatif, _) => ("moyens", String::new(), String::new()),
        (_, Direction::Baisse) => ("resultat", baseline, target),
        (_, Direction::Hausse) => ("resultat", String::new(), target),
    };
    format!(
        "\n[[indicateurs]]\ncode = \"{}\"\nmission = \"{}\"\nlibelle = {}\nportee = \"{scope}\"\n\
         nature = \"{nature}\"\nregle = \"{}\"\nsens = \"{}\"\n{unit}{baseline}source = {}\n\
         justificatifs = [{}]\n[indicateurs.annees.1]\n{weight}{target}",
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
    use crate::contract::{Contract, ContractError};
    use std::path::Path;

    fn options(size: u8, population: Option<u64>) -> StarterOptions {
        StarterOptions {
            grid: crate::grid::find("avenant2-2022").unwrap(),
            size: Some(Size::new(size).unwrap()),
            population,
            signature: None,
        }
    }

    /// The starter as a coordinator fills it: each placeholder replaced by the example its
    /// comment gives (`cible = 300`, the even split of the weights…), or by a text.
    pub(crate) fn filled(text: &str) -> String {
        let mut out = String::new();
        for line in text.lines() {
            let to_fill = line
                .split_once(&format!(" = \"{MARK}"))
                .filter(|(key, _)| !key.starts_with('#'));
            out.push_str(&match to_fill {
                None => line.to_string(),
                Some((key, rest)) => {
                    let comment = rest.split_once('#').map_or("", |(_, c)| c);
                    let example = comment
                        .split_once(&format!("{key} = "))
                        .and_then(|(_, v)| v.split_whitespace().next())
                        .map(|v| v.trim_end_matches([')', ';']).to_string());
                    let value = example.unwrap_or_else(|| format!("\"Texte {key}\""));
                    format!("{key} = {value}")
                }
            });
            out.push('\n');
        }
        out
    }

    fn unfilled(text: &str) -> Vec<crate::contract::Problem> {
        match Contract::parse(text, Path::new("init.toml")) {
            Err(ContractError::Unfilled { placeholders, .. }) => placeholders,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_value_to_fill_is_marked_and_named_with_its_line() {
        let text = render(&StarterOptions {
            size: None,
            ..options(2, None)
        });
        let marked: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(&format!("= \"{MARK}")) && !l.starts_with('#'))
            .map(|(i, _)| i + 1)
            .collect();
        let named: Vec<usize> = unfilled(&text).iter().map(|p| p.line.unwrap()).collect();
        assert_eq!(named, marked);
        // Identity (6), signature, population, 4 mission starts, 3 baselines, 5 targets, 4
        // weights of the accès lines, the local line's label.
        assert_eq!(named.len(), 25, "{text}");
        for key in [
            "nom",
            "identifiant",
            "signature",
            "population",
            "debut",
            "cible",
            "poids",
        ] {
            assert!(
                text.contains(&format!("\n{key} = \"{MARK}")),
                "{key} is to fill"
            );
        }
        let dated = render(&StarterOptions {
            signature: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..options(3, None)
        });
        assert!(dated.contains("\nsignature = 2026-01-01 "), "{dated}");
        assert!(dated.contains("\ntaille = 3 "));
        assert_eq!(unfilled(&dated).len(), 23);
    }

    #[test]
    fn every_taille_once_filled_gives_a_contract_that_loads_with_that_taille() {
        for size in 1..=4 {
            let text = filled(&render(&options(size, None)));
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
        let c = Contract::parse(&filled(&text), Path::new("init.toml")).unwrap();
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
    fn uncommenting_the_complementary_missions_still_loads_once_filled() {
        let text = render(&options(2, None))
            .replace("# [[missions]]", "[[missions]]")
            .replace("# code = \"", "code = \"");
        let text = text.replace("# debut = ", "debut = ");
        assert_eq!(unfilled(&text).len(), 26, "their starts are to fill");
        let c = Contract::parse(&filled(&text), Path::new("init.toml"))
            .unwrap_or_else(|e| panic!("{e}"));
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
