//! The indicators of a contract and their yearly terms: codes, units, rules, targets, tiers and
//! the weights that add up to each mission's variable envelope.

use super::Checker;
use super::MAX_CODE_CHARS;
use super::MAX_UNIT_CHARS;
use super::MAX_WEIGHT;
use super::year_number;
use crate::contract::Indicator;
use crate::contract::IndicatorYear;
use crate::contract::Mission;
use crate::contract::Terms;
use crate::contract::Tier;
use crate::contract::file::Direction;
use crate::contract::file::IndicatorFile;
use crate::contract::file::IndicatorYearFile;
use crate::contract::file::MissionFile;
use crate::contract::file::Rule;
use crate::contract::file::TierFile;
use crate::finding::{Code, Severity};
use crate::fr::euros;
use crate::mission::MissionCode;
use crate::mission::Part;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use toml::Spanned;
pub(super) fn resolve_indicators(
    ck: &mut Checker,
    indicators: &[Spanned<IndicatorFile>],
    declared: &[MissionCode],
    missions: &[Mission],
    terms: Option<&Terms>,
) -> Vec<Indicator> {
    let mut out = Vec::new();
    let mut seen: IndexMap<String, usize> = IndexMap::new();
    for spanned in indicators {
        let i = spanned.get_ref();
        let code = i.code.get_ref().trim().to_string();
        check_code(ck, &i.code, &code);
        if let Some(&offset) = seen.get(&code) {
            let line = crate::contract::error::line_column(ck.text, offset).0;
            let msg = format!("indicateur « {code} » déclaré deux fois (déjà ligne {line})");
            ck.error(Some(i.code.span()), msg);
        }
        seen.insert(code.clone(), i.code.span().start);
        check_indicator_mission(ck, i, &code, declared);
        let baseline = i
            .baseline
            .as_ref()
            .map(|b| ck.value(b, &format!("« {code} », valeur_initiale")));
        let unit = check_unit(ck, i, &code);
        let signed = missions.iter().find(|m| m.code == *i.mission.get_ref());
        let mut years = BTreeMap::new();
        for (key, year) in &i.years {
            let Some(n) = year_number(ck, key, terms) else {
                continue;
            };
            if let (Some(m), Some(t)) = (signed, terms) {
                let end = crate::contract::add_years(t.signature, n)
                    .pred_opt()
                    .unwrap_or(t.signature);
                if m.start > end {
                    let msg = format!(
                        "« {code} » en année {n} : la mission « {} » ne commence que le {}, \
                         après la fin de cette année",
                        m.code,
                        crate::fr::date(m.start)
                    );
                    ck.error(Some(key.span()), msg);
                }
            }
            years.insert(n, check_year(ck, i, &code, n, year));
        }
        out.push(Indicator {
            code,
            mission: *i.mission.get_ref(),
            label: i.label.clone(),
            scope: i.scope,
            nature: i.nature,
            rule: i.rule,
            direction: i.direction,
            baseline,
            unit,
            source: i.source.clone(),
            evidence: i.evidence.clone(),
            years,
        });
    }
    out
}

pub(super) fn check_unit(ck: &mut Checker, i: &IndicatorFile, code: &str) -> Option<String> {
    let unit = i.unit.as_deref().map(str::trim)?;
    if unit.is_empty() || unit.chars().count() > MAX_UNIT_CHARS || unit.contains(['"', '\\']) {
        let msg = format!(
            "« {code} », unite : « {unit} » incorrecte ; écrivez l'unité en quelques mots (au plus \
             {MAX_UNIT_CHARS} caractères, sans guillemets), par exemple \"%\" ou \"patients\""
        );
        ck.error(Some(i.code.span()), msg);
        return None;
    }
    Some(unit.to_string())
}

pub(super) fn check_code(ck: &mut Checker, at: &Spanned<String>, code: &str) {
    let well_formed = !code.is_empty()
        && code.chars().count() <= MAX_CODE_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && code.starts_with(|c: char| c.is_ascii_alphanumeric());
    if !well_formed {
        let msg = format!(
            "code d'indicateur « {code} » incorrect : de 1 à {MAX_CODE_CHARS} lettres sans accent, \
             chiffres, « - », « _ » ou « . », par exemple ACC-01"
        );
        ck.error(Some(at.span()), msg);
    }
}

pub(super) fn check_indicator_mission(
    ck: &mut Checker,
    i: &IndicatorFile,
    code: &str,
    declared: &[MissionCode],
) {
    let mission = *i.mission.get_ref();
    if mission == MissionCode::Crise {
        let msg = "la mission « crise » n'a pas d'indicateurs : ses justificatifs sont le plan de \
                   crise et sa mise à jour annuelle";
        ck.error(Some(i.mission.span()), msg);
    } else if !declared.contains(&mission) {
        let msg = format!(
            "l'indicateur « {code} » relève de la mission « {mission} », absente du contrat ; \
             ajoutez-la dans [[missions]] ou corrigez la mission de l'indicateur"
        );
        ck.error(Some(i.mission.span()), msg);
    }
}

/// Checks one year of an indicator against its rule and returns its terms.
pub(super) fn check_year(
    ck: &mut Checker,
    i: &IndicatorFile,
    code: &str,
    year: u32,
    at: &Spanned<IndicatorYearFile>,
) -> IndicatorYear {
    let y = at.get_ref();
    let what = format!("« {code} », année {year}");
    let weight = ck.amount(&y.weight, &format!("{what}, poids"));
    if weight >= MAX_WEIGHT {
        let msg = format!(
            "{what}, poids : {} dépasse ce qu'une ligne peut peser (moins de {})",
            euros(weight),
            euros(MAX_WEIGHT)
        );
        ck.error(Some(y.weight.span()), msg);
    }
    let rule = i.rule;
    if let (Some(f), false) = (&y.floor, rule == Rule::Lineaire) {
        ck.error(
            Some(f.span()),
            format!("{what} : « seuil » ne s'emploie qu'avec la règle lineaire"),
        );
    }
    if let (Some(t), false) = (&y.tiers, rule == Rule::Paliers) {
        ck.error(
            Some(t.span()),
            format!("{what} : « paliers » ne s'emploie qu'avec la règle paliers"),
        );
    }
    if let (Some(c), Rule::Qualitatif) = (&y.target, rule) {
        let msg = format!("{what} : une cible chiffrée n'a pas de sens pour la règle qualitatif");
        ck.error(Some(c.span()), msg);
    }
    let floor = y
        .floor
        .as_ref()
        .map(|f| ck.share(f, &format!("{what}, seuil")));
    let target = y
        .target
        .as_ref()
        .map(|c| ck.value(c, &format!("{what}, cible")));
    super::reach::check_line(ck, i, &what, y);
    match rule {
        Rule::Lineaire => check_linear(ck, i, &what, at),
        Rule::Paliers if y.tiers.as_ref().is_none_or(|t| t.get_ref().is_empty()) => {
            let msg = format!(
                "{what} : la règle paliers demande une liste « paliers », par exemple \
                 paliers = [ {{ seuil = 300, part = 1.0 }}, {{ seuil = 350, part = 0.5 }} ]"
            );
            ck.error(Some(at.span()), msg);
        }
        _ => {}
    }
    let tiers = match (&y.tiers, rule) {
        (Some(t), Rule::Paliers) => check_tiers(ck, &what, i.direction, weight, t),
        _ => Vec::new(),
    };
    IndicatorYear {
        weight,
        target,
        tiers,
        floor,
    }
}

pub(super) fn check_linear(
    ck: &mut Checker,
    i: &IndicatorFile,
    what: &str,
    at: &Spanned<IndicatorYearFile>,
) {
    let Some(target) = &at.get_ref().target else {
        let msg = format!("{what} : la règle lineaire demande une « cible »");
        ck.error(Some(at.span()), msg);
        return;
    };
    let c = *target.get_ref();
    let wrong_way = match (i.baseline.as_ref().map(|b| *b.get_ref()), i.direction) {
        (None, Direction::Hausse) if c <= Decimal::ZERO => {
            let msg = format!(
                "{what} : sans valeur initiale, une cible en hausse doit être positive (trouvé {c})"
            );
            ck.error(Some(target.span()), msg);
            return;
        }
        (Some(v0), Direction::Hausse) => c < v0,
        (Some(v0), Direction::Baisse) => c > v0,
        (None, _) => false,
    };
    if wrong_way {
        let sens = match i.direction {
            Direction::Hausse => "hausse : la cible doit être au moins égale à",
            Direction::Baisse => "baisse : la cible doit être au plus égale à",
        };
        let v0 = i
            .baseline
            .as_ref()
            .map(|b| *b.get_ref())
            .unwrap_or_default();
        let msg = format!("{what} : indicateur en {sens} la valeur initiale ({v0}), trouvé {c}");
        // Linear attainment from this baseline would pay for getting worse: it cannot compute.
        ck.problem(Code::ContractTargetDirection, Some(target.span()), msg)
            .severity = Severity::Error;
    }
}

/// Tiers may be listed in any order. Each pays a share (`part`) or euros of the year's weight
/// (`montant`), the same form for the whole list. They must be consistent (a better value never
/// pays less) and name each threshold once; they are returned sorted best first.
pub(super) fn check_tiers(
    ck: &mut Checker,
    what: &str,
    direction: Direction,
    weight: Decimal,
    tiers: &Spanned<Vec<TierFile>>,
) -> Vec<Tier> {
    let list = tiers.get_ref();
    let in_euros = list
        .first()
        .is_some_and(|t| t.montant.is_some() && t.part.is_none());
    let mut out: Vec<Tier> = Vec::with_capacity(list.len());
    for (k, t) in list.iter().enumerate() {
        let tier = format!("{what}, palier {}", k + 1);
        let seuil = ck.value(&t.seuil, &format!("{tier}, seuil"));
        let (share, amount) = match (&t.part, &t.montant) {
            (Some(part), None) if in_euros => {
                let msg = format!(
                    "{tier} : « part » dans une liste de paliers en euros (« montant ») ; une \
                     liste de paliers s'écrit toute en part ou toute en montant"
                );
                ck.error(Some(part.span()), msg);
                (*part.get_ref(), None)
            }
            (None, Some(montant)) if !in_euros => {
                let msg = format!(
                    "{tier} : « montant » dans une liste de paliers en part ; une liste de \
                     paliers s'écrit toute en part ou toute en montant"
                );
                ck.error(Some(montant.span()), msg);
                (Decimal::ZERO, None)
            }
            (Some(part), None) => {
                if *part.get_ref() < Decimal::ZERO || *part.get_ref() > Decimal::ONE {
                    let msg = format!("{tier} : part {} hors de 0 à 1", part.get_ref());
                    ck.error(Some(part.span()), msg);
                }
                (*part.get_ref(), None)
            }
            (None, Some(montant)) => {
                let m = ck.amount(montant, &format!("{tier}, montant"));
                if weight.is_zero() {
                    let msg = format!(
                        "{tier} : un palier en euros se rapporte au poids de la ligne, qui est \
                         de 0 € (ligne de suivi) ; écrivez les paliers en part"
                    );
                    ck.error(Some(montant.span()), msg);
                } else if m > weight {
                    let msg = format!(
                        "{tier} : le montant de {} dépasse le poids de la ligne ({}) ; un palier \
                         paie au plus le poids de l'année",
                        euros(m),
                        euros(weight)
                    );
                    ck.error(Some(montant.span()), msg);
                }
                let share = m.checked_div(weight).unwrap_or_default();
                (share, Some(m))
            }
            (Some(_), Some(montant)) => {
                let msg = format!(
                    "{tier} : « part » et « montant » à la fois ; un palier paie l'un ou l'autre"
                );
                ck.error(Some(montant.span()), msg);
                (Decimal::ZERO, None)
            }
            (None, None) => {
                let msg = format!(
                    "{tier} : ni « part » ni « montant » ; écrivez ce que paie le palier, par \
                     exemple {{ seuil = {}, part = 1.0 }} ou {{ seuil = {}, montant = 3000 }}",
                    seuil.normalize(),
                    seuil.normalize()
                );
                ck.error(Some(t.seuil.span()), msg);
                (Decimal::ZERO, None)
            }
        };
        if out.iter().any(|o| o.threshold == seuil) {
            let msg = format!("{what} : le seuil {seuil} figure deux fois dans les paliers");
            ck.error(Some(t.seuil.span()), msg);
        }
        out.push(Tier {
            threshold: seuil,
            share,
            amount,
        });
    }
    // Best first: the highest threshold for hausse, the lowest for baisse.
    out.sort_by(|a, b| match direction {
        Direction::Hausse => b.threshold.cmp(&a.threshold),
        Direction::Baisse => a.threshold.cmp(&b.threshold),
    });
    if let Some(pair) = out.windows(2).find(|w| w[1].share > w[0].share) {
        let (better, worse) = (pair[0], pair[1]);
        let pays = |t: Tier| t.amount.map_or_else(|| t.share.to_string(), euros);
        let msg = format!(
            "{what} : paliers incohérents : le seuil {} paie {} alors que le seuil {}, meilleur, \
             ne paie que {} ; un meilleur résultat ne peut pas payer moins",
            worse.threshold,
            pays(worse),
            better.threshold,
            pays(better)
        );
        ck.error(Some(tiers.span()), msg);
    }
    out
}

/// The weights of a mission-year add up to its variable envelope, unless all are 0 (tracking).
pub(super) fn check_weights(
    ck: &mut Checker,
    files: &[Spanned<MissionFile>],
    missions: &[Mission],
    indicators: &[Indicator],
) {
    let mut sums: BTreeMap<(MissionCode, u32), (Decimal, usize)> = BTreeMap::new();
    for i in indicators {
        for (year, terms) in &i.years {
            let entry = sums.entry((i.mission, *year)).or_default();
            entry.0 += terms.weight;
            entry.1 += 1;
        }
    }
    for ((code, year), (sum, lines)) in sums {
        let Some(mission) = missions.iter().find(|m| m.code == code) else {
            continue;
        };
        let envelope = mission.annual(Part::Variable);
        if sum.is_zero() || sum == envelope || !code.has_variable() {
            continue;
        }
        // Point at the overridden envelope when there is one, else at the mission's code.
        let file = files
            .iter()
            .map(Spanned::get_ref)
            .find(|f| *f.code.get_ref() == code);
        let span = file.map(|f| f.variable.as_ref().map_or(f.code.span(), Spanned::span));
        let msg = format!(
            "mission « {code} », année {year} : les poids de ses {lines} indicateurs totalisent {} \
             alors que l'enveloppe variable est de {} (écart {}) ; ajustez les poids ou \
             l'enveloppe « variable » de la mission",
            euros(sum),
            euros(envelope),
            euros(sum - envelope)
        );
        ck.error(span, msg);
    }
}
