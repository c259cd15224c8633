//! The contract checks listed in the README (« Le contrat »): from the file as written to a [`Contract`], or every problem.

use super::error::Problem;
use super::file::{
    ContractFile, Direction, FORMAT, IndicatorFile, IndicatorYearFile, MissionFile, Rule,
};
use super::{Contract, Cpts, Indicator, IndicatorYear, Mission, Terms, Tier, YearSettings};
use crate::fr::euros;
use crate::grid::{self, Grid, Size};
use crate::mission::{MissionCode, Part};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

/// Longest indicator code accepted: codes name workbook rows and must stay short.
const MAX_CODE_CHARS: usize = 32;
/// Longest contract accepted, in years.
const MAX_DURATION_YEARS: u32 = 10;
/// Largest baseline, target or tier threshold, and most decimals in one: the workbook's
/// formulas compute exactly as the engine within these bounds (see `workbook::formulas`).
pub const MAX_VALUE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Most decimals of a baseline, target, tier threshold or realised value.
pub const MAX_VALUE_DECIMALS: u32 = 6;
/// Largest weight of one line: far above any envelope, and small enough for the workbook's
/// amount formula to see an exact half cent as one.
const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);
/// Longest unit text.
const MAX_UNIT_CHARS: usize = 30;

struct Checker<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        self.problems.push(Problem::at(self.text, span, message));
    }

    fn date(&mut self, value: &Spanned<Datetime>, what: &str) -> Option<NaiveDate> {
        let dt = value.get_ref();
        let date = match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        };
        if date.is_none() {
            let msg = format!("{what} : une date sans heure est attendue, par exemple 2024-03-01");
            self.error(Some(value.span()), msg);
        }
        date
    }

    /// An amount in euros: positive or zero, with at most two decimals (cents).
    fn amount(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v.is_sign_negative() && !v.is_zero() {
            self.error(
                Some(value.span()),
                format!("{what} : montant négatif ({v})"),
            );
        } else if v.normalize().scale() > 2 {
            let msg = format!(
                "{what} : le montant {v} a plus de deux décimales ; les montants sont en euros et \
                 centimes (par exemple {})",
                crate::money::round2(v)
            );
            self.error(Some(value.span()), msg);
        }
        v
    }

    /// A baseline, target or threshold: within the bounds the workbook computes exactly.
    fn value(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v.abs() >= MAX_VALUE || v.normalize().scale() > MAX_VALUE_DECIMALS {
            let msg = format!(
                "{what} : {v} sort des valeurs prises en charge (moins d'un milliard, au plus \
                 {MAX_VALUE_DECIMALS} décimales)"
            );
            self.error(Some(value.span()), msg);
        }
        v
    }

    fn share(&mut self, value: &Spanned<Decimal>, what: &str) -> Decimal {
        let v = *value.get_ref();
        if v < Decimal::ZERO || v > Decimal::ONE {
            let msg = format!("{what} : {v} n'est pas une part entre 0 et 1 (0,5 s'écrit 0.5)");
            self.error(Some(value.span()), msg);
        }
        v
    }
}

/// Checks a parsed contract file and resolves it into a [`Contract`].
pub(super) fn build(text: &str, file: ContractFile) -> Result<Contract, Vec<Problem>> {
    let mut ck = Checker {
        text,
        problems: Vec::new(),
    };
    if file.format.get_ref() != FORMAT {
        let msg = format!(
            "format « {} » non pris en charge : cette version lit « {FORMAT} »",
            file.format.get_ref()
        );
        ck.error(Some(file.format.span()), msg);
    }
    let grid = resolve_grid(&mut ck, file.grid.as_ref());
    let size = resolve_size(&mut ck, &file.cpts);
    let terms = resolve_terms(&mut ck, &file.terms);
    let operating = match &file.terms.get_ref().operating {
        Some(v) => ck.amount(v, "fonctionnement"),
        None => grid.operating.amount(size),
    };
    if file.missions.is_empty() {
        let msg = "le contrat ne déclare aucune mission : ajoutez une table [[missions]] par \
                   mission signée (code et debut), par exemple [[missions]] code = \"acces\" \
                   debut = 2024-06-01";
        ck.error(Some(file.terms.span()), msg);
    }
    let missions = resolve_missions(&mut ck, &file.missions, &grid, size, terms.as_ref());
    let years = resolve_years(&mut ck, &file.years, terms.as_ref(), &missions);
    let declared: Vec<MissionCode> = file
        .missions
        .iter()
        .map(|m| *m.get_ref().code.get_ref())
        .collect();
    let indicators = resolve_indicators(
        &mut ck,
        &file.indicators,
        &declared,
        &missions,
        terms.as_ref(),
    );
    check_weights(&mut ck, &file.missions, &missions, &indicators);
    let cpts = file.cpts.into_inner();
    let cpts = Cpts {
        name: cpts.name,
        identifier: cpts.identifier,
        departement: cpts.departement,
        region: cpts.region,
        cpam: cpts.cpam,
        ars: cpts.ars,
        population: cpts.population.map(Spanned::into_inner),
    };
    match (ck.problems.is_empty(), terms) {
        (true, Some(terms)) => Ok(Contract {
            text: text.to_string(),
            grid,
            cpts,
            size,
            terms,
            operating,
            missions,
            indicators,
            years,
        }),
        _ => {
            ck.problems.sort_by_key(|p| (p.line, p.column));
            Err(ck.problems)
        }
    }
}

fn resolve_grid(ck: &mut Checker, id: Option<&Spanned<String>>) -> Grid {
    let default = || grid::find(grid::DEFAULT_ID).expect("default grid is embedded");
    let Some(id) = id else { return default() };
    grid::find(id.get_ref()).unwrap_or_else(|| {
        let msg = format!(
            "grille « {} » inconnue ; grilles disponibles : {}",
            id.get_ref(),
            grid::known_ids().join(", ")
        );
        ck.error(Some(id.span()), msg);
        default()
    })
}

fn resolve_size(ck: &mut Checker, cpts: &Spanned<super::file::CptsFile>) -> Size {
    let c = cpts.get_ref();
    let from_population = c
        .population
        .as_ref()
        .map(|p| Size::from_population(*p.get_ref()));
    let given = c.size.as_ref().map(|s| (Size::new(*s.get_ref()), s.span()));
    match (from_population, given) {
        (_, Some((None, span))) => {
            ck.error(Some(span), "taille inconnue : 1, 2, 3 ou 4 attendu");
            Size::new(1).expect("1 is a size")
        }
        (Some(p), Some((Some(t), span))) if p != t => {
            let pop = c
                .population
                .as_ref()
                .map(|p| *p.get_ref())
                .unwrap_or_default();
            let msg = format!(
                "la taille {} ne correspond pas à la population de {} habitants, qui donne la \
                 taille {} ; corrigez l'une des deux ou retirez la taille",
                t.get(),
                crate::fr::french_number(Decimal::from(pop), 0),
                p.get()
            );
            ck.error(Some(span), msg);
            t
        }
        (Some(size), _) | (None, Some((Some(size), _))) => size,
        (None, None) => {
            let msg = "[cpts] : indiquez la population couverte (population = 62000) ou la \
                       taille (taille = 2)";
            ck.error(Some(cpts.span()), msg);
            Size::new(1).expect("1 is a size")
        }
    }
}

fn resolve_terms(ck: &mut Checker, terms: &Spanned<super::file::TermsFile>) -> Option<Terms> {
    let t = terms.get_ref();
    let signature = ck.date(&t.signature, "signature");
    let duration_years = match &t.duration_years {
        Some(d) if !(1..=MAX_DURATION_YEARS).contains(d.get_ref()) => {
            let msg = format!(
                "durée de {} ans impossible : entre 1 et {MAX_DURATION_YEARS} ans (5 pour un ACI)",
                d.get_ref()
            );
            ck.error(Some(d.span()), msg);
            5
        }
        Some(d) => *d.get_ref(),
        None => 5,
    };
    let partial_share = match &t.partial_share {
        Some(v) => ck.share(v, "part_partielle"),
        None => Decimal::new(5, 1),
    };
    Some(Terms {
        signature: signature?,
        duration_years,
        prorata: t.prorata,
        neutralisation: t.neutralisation,
        partial_share,
    })
}

fn resolve_missions(
    ck: &mut Checker,
    missions: &[Spanned<MissionFile>],
    grid: &Grid,
    size: Size,
    terms: Option<&Terms>,
) -> Vec<Mission> {
    let mut out: Vec<Mission> = Vec::new();
    let mut seen: IndexMap<MissionCode, usize> = IndexMap::new();
    for spanned in missions {
        let m = spanned.get_ref();
        let code = *m.code.get_ref();
        // Byte offsets are kept; a line number is only computed for an error.
        if let Some(&offset) = seen.get(&code) {
            let line = super::error::line_column(ck.text, offset).0;
            let msg = format!("mission « {code} » déclarée deux fois (déjà ligne {line})");
            ck.error(Some(m.code.span()), msg);
            continue;
        }
        seen.insert(code, m.code.span().start);
        let start = ck.date(&m.start, "debut");
        if let (Some(start), Some(terms)) = (start, terms) {
            check_mission_start(ck, &m.start, start, code, terms);
        }
        let (annual, overridden) = mission_amounts(ck, m, grid, size);
        if let Some(start) = start {
            out.push(Mission {
                code,
                start,
                annual,
                overridden,
            });
        }
    }
    out
}

fn check_mission_start(
    ck: &mut Checker,
    at: &Spanned<Datetime>,
    start: NaiveDate,
    code: MissionCode,
    terms: &Terms,
) {
    let end = super::add_years(terms.signature, terms.duration_years);
    if start < terms.signature {
        let msg = format!(
            "la mission « {code} » commence le {}, avant la signature du contrat ({}) : une \
             mission commence au plus tôt à la signature",
            crate::fr::date(start),
            crate::fr::date(terms.signature)
        );
        ck.error(Some(at.span()), msg);
    } else if start >= end {
        let msg = format!(
            "la mission « {code} » commence le {}, après la fin du contrat (le {})",
            crate::fr::date(start),
            crate::fr::date(end.pred_opt().unwrap_or(end))
        );
        ck.error(Some(at.span()), msg);
    }
}

fn mission_amounts(
    ck: &mut Checker,
    m: &MissionFile,
    grid: &Grid,
    size: Size,
) -> (IndexMap<Part, Decimal>, Vec<Part>) {
    let code = *m.code.get_ref();
    let given = [
        (Part::Fixe, &m.fixe),
        (Part::Variable, &m.variable),
        (Part::SnpCompensation, &m.snp_compensation),
        (Part::SnpSupplementaire, &m.snp_supplementaire),
        (Part::Plan, &m.plan),
        (Part::MiseAJour, &m.mise_a_jour),
        (Part::Activation, &m.activation),
    ];
    let mut annual = IndexMap::new();
    let mut overridden = Vec::new();
    for (part, value) in given {
        let allowed = code.parts().contains(&part);
        match value {
            Some(v) if !allowed => {
                let keys: Vec<_> = code.parts().iter().map(|p| p.key()).collect();
                let msg = format!(
                    "« {} » ne s'applique pas à la mission « {code} » ; montants possibles : {}",
                    part.key(),
                    keys.join(", ")
                );
                ck.error(Some(v.span()), msg);
            }
            Some(v) => {
                annual.insert(part, ck.amount(v, part.key()));
                overridden.push(part);
            }
            None if allowed => {
                let default = grid.envelope(code, part).map(|e| e.amount(size));
                annual.insert(part, default.unwrap_or_default());
            }
            None => {}
        }
    }
    annual.sort_by_key(|part, _| code.parts().iter().position(|p| p == part));
    (annual, overridden)
}

fn year_number(ck: &mut Checker, key: &Spanned<String>, terms: Option<&Terms>) -> Option<u32> {
    let duration = terms.map_or(MAX_DURATION_YEARS, |t| t.duration_years);
    match key.get_ref().trim().parse::<u32>() {
        Ok(n) if (1..=duration).contains(&n) => Some(n),
        _ => {
            let msg = format!(
                "année « {} » hors du contrat : les années vont de 1 à {duration}",
                key.get_ref()
            );
            ck.error(Some(key.span()), msg);
            None
        }
    }
}

fn resolve_years(
    ck: &mut Checker,
    years: &IndexMap<Spanned<String>, super::file::YearFile>,
    terms: Option<&Terms>,
    missions: &[Mission],
) -> BTreeMap<u32, YearSettings> {
    let mut out = BTreeMap::new();
    for (key, year) in years {
        let Some(n) = year_number(ck, key, terms) else {
            continue;
        };
        if year.crisis_recognised && !missions.iter().any(|m| m.code == MissionCode::Crise) {
            let msg = format!(
                "année {n} : crise_reconnue n'a d'effet que si le contrat comporte la mission « crise »"
            );
            ck.error(Some(key.span()), msg);
        }
        out.insert(
            n,
            YearSettings {
                crisis_recognised: year.crisis_recognised,
            },
        );
    }
    out
}

fn resolve_indicators(
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
            let line = super::error::line_column(ck.text, offset).0;
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
                let end = super::add_years(t.signature, n)
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

fn check_unit(ck: &mut Checker, i: &IndicatorFile, code: &str) -> Option<String> {
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

fn check_code(ck: &mut Checker, at: &Spanned<String>, code: &str) {
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

fn check_indicator_mission(
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
fn check_year(
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
        (Some(t), Rule::Paliers) => check_tiers(ck, &what, i.direction, t),
        _ => Vec::new(),
    };
    IndicatorYear {
        weight,
        target,
        tiers,
        floor,
    }
}

fn check_linear(ck: &mut Checker, i: &IndicatorFile, what: &str, at: &Spanned<IndicatorYearFile>) {
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
        ck.error(Some(target.span()), msg);
    }
}

/// Tiers may be listed in any order. They must be consistent (a better value never pays
/// less) and name each threshold once; they are returned sorted best first.
fn check_tiers(
    ck: &mut Checker,
    what: &str,
    direction: Direction,
    tiers: &Spanned<Vec<super::file::TierFile>>,
) -> Vec<Tier> {
    let mut out: Vec<Tier> = Vec::with_capacity(tiers.get_ref().len());
    for (k, t) in tiers.get_ref().iter().enumerate() {
        if t.part < Decimal::ZERO || t.part > Decimal::ONE {
            let msg = format!("{what}, palier {} : part {} hors de 0 à 1", k + 1, t.part);
            ck.error(Some(tiers.span()), msg);
        }
        ck.value(
            &Spanned::new(tiers.span(), t.seuil),
            &format!("{what}, palier {}, seuil", k + 1),
        );
        if out.iter().any(|o| o.threshold == t.seuil) {
            let msg = format!(
                "{what} : le seuil {} figure deux fois dans les paliers",
                t.seuil
            );
            ck.error(Some(tiers.span()), msg);
        }
        out.push(Tier {
            threshold: t.seuil,
            share: t.part,
        });
    }
    // Best first: the highest threshold for hausse, the lowest for baisse.
    out.sort_by(|a, b| match direction {
        Direction::Hausse => b.threshold.cmp(&a.threshold),
        Direction::Baisse => a.threshold.cmp(&b.threshold),
    });
    if let Some(pair) = out.windows(2).find(|w| w[1].share > w[0].share) {
        let (better, worse) = (pair[0], pair[1]);
        let msg = format!(
            "{what} : paliers incohérents : le seuil {} paie {} alors que le seuil {}, meilleur, \
             ne paie que {} ; un meilleur résultat ne peut pas payer moins",
            worse.threshold, worse.share, better.threshold, better.share
        );
        ck.error(Some(tiers.span()), msg);
    }
    out
}

/// The weights of a mission-year add up to its variable envelope, unless all are 0 (tracking).
fn check_weights(
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
