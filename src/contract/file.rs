//! The contract file exactly as written (README, « Le contrat »): serde types with source spans.
//!
//! These types are the single description of the file format: they parse it, and they generate
//! the committed JSON Schema (`schemas/contrat.schema.json`), so the two cannot drift. Spans are
//! kept on every value a check may need to point at, so errors carry a line and a column.

use crate::mission::MissionCode;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::value::Datetime;

/// The only format identifier this version reads.
pub(crate) const FORMAT: &str = "cpts-aci/contrat@1";

/// A whole contract file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Contrat ACI CPTS",
    description = "Contrat ACI d'une CPTS, lu par cpts-aci (format cpts-aci/contrat@1)."
)]
pub(crate) struct ContractFile {
    /// Format identifier: `cpts-aci/contrat@1`.
    #[schemars(with = "String")]
    pub format: Spanned<String>,
    /// National grid giving the default amounts (default `avenant2-2022`).
    #[serde(rename = "grille", default)]
    #[schemars(with = "Option<String>")]
    pub grid: Option<Spanned<String>>,
    /// Identity of the CPTS.
    #[schemars(with = "CptsFile")]
    pub cpts: Spanned<CptsFile>,
    /// Terms of the contract.
    #[serde(rename = "contrat")]
    #[schemars(with = "TermsFile")]
    pub terms: Spanned<TermsFile>,
    /// Missions the CPTS signed for.
    #[serde(default)]
    #[schemars(with = "Vec<MissionFile>")]
    pub missions: Vec<Spanned<MissionFile>>,
    /// Indicator lines, with one table per contract year in force.
    #[serde(rename = "indicateurs", default)]
    #[schemars(with = "Vec<IndicatorFile>")]
    pub indicators: Vec<Spanned<IndicatorFile>>,
    /// Optional settings per contract year, keyed by the year number.
    #[serde(rename = "annees", default)]
    #[schemars(with = "IndexMap<String, YearFile>")]
    pub years: IndexMap<Spanned<String>, YearFile>,
    /// The avenants signed since the contract, in order: the file holds the consolidated
    /// current text, this list is its history.
    #[serde(default)]
    #[schemars(with = "Vec<AvenantFile>")]
    pub avenants: Vec<Spanned<AvenantFile>>,
    /// Optional: the people to send the tracking workbook to or to ask about the contract
    /// (CPAM, ARS). Shown in the workbook's `Lisez-moi`; not part of the contract's terms.
    #[serde(default)]
    #[schemars(with = "Vec<ContactFile>")]
    pub contacts: Vec<Spanned<ContactFile>>,
}

/// `[[contacts]]`: someone to send the tracking workbook to, or to ask about the contract.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactFile {
    /// What the person does for the contract: `CPAM`, `ARS`, `Référente CPAM`…
    #[serde(default)]
    pub role: String,
    /// Name of the person or of the service (required).
    pub nom: String,
    /// E-mail address.
    #[serde(default)]
    pub courriel: String,
    /// Telephone number, as written.
    #[serde(default)]
    pub telephone: String,
}

/// `[[avenants]]`: one avenant to the contract.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AvenantFile {
    /// Its number: 1, 2, … in order.
    #[schemars(with = "u32")]
    pub numero: Spanned<u32>,
    /// Date it was signed.
    #[schemars(with = "chrono::NaiveDate")]
    pub signature: Spanned<Datetime>,
    /// Date it takes effect: an anniversary of the contract's signature (the start of a
    /// contract year), for the contract cannot change during a year.
    #[schemars(with = "chrono::NaiveDate")]
    pub effet: Spanned<Datetime>,
    /// What it changes, in a sentence.
    #[serde(default)]
    pub objet: String,
}

/// `[cpts]`: who signed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CptsFile {
    /// Name of the CPTS.
    #[serde(rename = "nom")]
    pub name: String,
    /// SIRET or FINESS number.
    #[serde(rename = "identifiant", default)]
    pub identifier: String,
    /// Département number.
    #[serde(rename = "departement", default)]
    pub departement: String,
    /// Region.
    #[serde(default)]
    pub region: String,
    /// CPAM co-signing the contract.
    #[serde(default)]
    pub cpam: String,
    /// ARS co-signing the contract.
    #[serde(default)]
    pub ars: String,
    /// Population covered; gives the taille.
    #[serde(default)]
    #[schemars(with = "Option<u64>")]
    pub population: Option<Spanned<u64>>,
    /// Size class 1 to 4, if given instead of (or as well as) the population.
    #[serde(rename = "taille", default)]
    #[schemars(with = "Option<u8>", range(min = 1, max = 4))]
    pub size: Option<Spanned<u8>>,
}

/// How a mission starting during a year is pro-rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum ProrataMode {
    /// Exact days over the days of the contract year.
    #[default]
    Jours,
    /// Whole months started, over 12.
    Mois,
}

crate::fr::choice_deserialize!(ProrataMode {
    "jours" => ProrataMode::Jours,
    "mois" => ProrataMode::Mois,
});

/// What a neutralised indicator line does to the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum NeutralisationPolicy {
    /// The line leaves the calculation; the mission's other lines are scaled up.
    #[default]
    Exclu,
    /// The line is paid as if reached.
    Verse,
    /// The line pays nothing.
    Nul,
}

crate::fr::choice_deserialize!(NeutralisationPolicy {
    "exclu" => NeutralisationPolicy::Exclu,
    "verse" => NeutralisationPolicy::Verse,
    "nul" => NeutralisationPolicy::Nul,
});

/// `[contrat]`: dates and the contract's choices.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermsFile {
    /// Signature date; each contract year starts on its anniversary.
    #[schemars(with = "chrono::NaiveDate")]
    pub signature: Spanned<Datetime>,
    /// Length of the contract in years (default 5).
    #[serde(rename = "duree_annees", default)]
    #[schemars(with = "Option<u32>")]
    pub duration_years: Option<Spanned<u32>>,
    /// Pro-rata day count (default `jours`).
    #[serde(default)]
    pub prorata: ProrataMode,
    /// Policy for neutralised lines (default `exclu`).
    #[serde(default)]
    pub neutralisation: NeutralisationPolicy,
    /// Share paid for "Partiellement atteint" on a qualitative line (default 0.5).
    #[serde(rename = "part_partielle", default)]
    #[schemars(with = "Option<Decimal>")]
    pub partial_share: Option<Spanned<Decimal>>,
    /// Annual operating budget, overriding the grid.
    #[serde(rename = "fonctionnement", default)]
    #[schemars(with = "Option<Decimal>")]
    pub operating: Option<Spanned<Decimal>>,
}

/// `[[missions]]`: one signed mission, its start date and optional amount overrides.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MissionFile {
    /// Mission code.
    #[schemars(with = "MissionCode")]
    pub code: Spanned<MissionCode>,
    /// Date the mission starts.
    #[serde(rename = "debut")]
    #[schemars(with = "chrono::NaiveDate")]
    pub start: Spanned<Datetime>,
    /// Annual fixed part (overrides the grid).
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub fixe: Option<Spanned<Decimal>>,
    /// Annual variable envelope (overrides the grid).
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub variable: Option<Spanned<Decimal>>,
    /// Accès only: SNP compensation envelope.
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub snp_compensation: Option<Spanned<Decimal>>,
    /// Accès only: SNP supplementary envelope.
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub snp_supplementaire: Option<Spanned<Decimal>>,
    /// Crise only: writing the plan (first year).
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub plan: Option<Spanned<Decimal>>,
    /// Crise only: updating the plan (later years).
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub mise_a_jour: Option<Spanned<Decimal>>,
    /// Crise only: activation in a year of recognised crisis.
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub activation: Option<Spanned<Decimal>>,
}

/// National (ACI) or local (health project) indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Set by the ACI, values supplied by the CPAM.
    National,
    /// From the CPTS's own health project.
    Local,
}

crate::fr::choice_deserialize!(Scope {
    "national" => Scope::National,
    "local" => Scope::Local,
});

/// Means (process) or result indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// Qualitative: an action carried out.
    Moyens,
    /// Quantitative: a measured result.
    Resultat,
}

crate::fr::choice_deserialize!(Nature {
    "moyens" => Nature::Moyens,
    "resultat" => Nature::Resultat,
});

/// How attainment is computed from the observed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Done / not done, or target reached / not reached.
    Binaire,
    /// Progress from baseline to target, capped, with an optional floor.
    Lineaire,
    /// Ordered thresholds, each paying a share.
    Paliers,
    /// Atteint / Partiellement atteint / Non atteint.
    Qualitatif,
}

crate::fr::choice_deserialize!(Rule {
    "binaire" => Rule::Binaire,
    "lineaire" => Rule::Lineaire,
    "paliers" => Rule::Paliers,
    "qualitatif" => Rule::Qualitatif,
});

/// Whether higher or lower values are better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better.
    #[default]
    Hausse,
    /// Lower is better.
    Baisse,
}

crate::fr::choice_deserialize!(Direction {
    "hausse" => Direction::Hausse,
    "baisse" => Direction::Baisse,
});

/// `[[indicateurs]]`: one indicator and its yearly targets.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorFile {
    /// Unique code, e.g. `ACC-01`.
    #[schemars(with = "String")]
    pub code: Spanned<String>,
    /// Mission the indicator belongs to.
    #[schemars(with = "MissionCode")]
    pub mission: Spanned<MissionCode>,
    /// French wording.
    #[serde(rename = "libelle")]
    pub label: String,
    /// National or local.
    #[serde(rename = "portee")]
    pub scope: Scope,
    /// Means or result.
    pub nature: Nature,
    /// Attainment rule.
    #[serde(rename = "regle")]
    pub rule: Rule,
    /// Direction (default `hausse`).
    #[serde(rename = "sens", default)]
    pub direction: Direction,
    /// Baseline value.
    #[serde(rename = "valeur_initiale", default)]
    #[schemars(with = "Option<Decimal>")]
    pub baseline: Option<Spanned<Decimal>>,
    /// Unit the values are counted in, shown in the workbook (`"%"` marks a percentage
    /// indicator, whose baseline, target and tiers are in points: 58 means 58 %).
    #[serde(rename = "unite", default)]
    pub unit: Option<String>,
    /// Where the value comes from.
    #[serde(default)]
    pub source: String,
    /// Evidence expected for this indicator.
    #[serde(rename = "justificatifs", default)]
    pub evidence: Vec<String>,
    /// One table per contract year in which the line is in force, keyed by the year number.
    #[serde(rename = "annees", default)]
    #[schemars(with = "IndexMap<String, IndicatorYearFile>")]
    pub years: IndexMap<Spanned<String>, Spanned<IndicatorYearFile>>,
}

/// `[indicateurs.annees.N]`: the line's weight and target in year N.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorYearFile {
    /// Euros of the mission's variable envelope; 0 for a tracking-only line.
    #[serde(rename = "poids")]
    #[schemars(with = "Decimal")]
    pub weight: Spanned<Decimal>,
    /// Target of the year.
    #[serde(rename = "cible", default)]
    #[schemars(with = "Option<Decimal>")]
    pub target: Option<Spanned<Decimal>>,
    /// Thresholds, in any order (rule `paliers` only).
    #[serde(rename = "paliers", default)]
    #[schemars(with = "Option<Vec<TierFile>>")]
    pub tiers: Option<Spanned<Vec<TierFile>>>,
    /// Under this attainment nothing is paid (rule `lineaire` only).
    #[serde(rename = "seuil", default)]
    #[schemars(with = "Option<Decimal>")]
    pub floor: Option<Spanned<Decimal>>,
}

/// One threshold of a `paliers` line: what it pays as a share of the weight (`part`) or in
/// euros of the year's weight (`montant`), one or the other, the same form for the whole list.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["part"] }, { "required": ["montant"] }]))]
pub(crate) struct TierFile {
    /// Observed value that must be reached (hausse) or not exceeded (baisse).
    #[schemars(with = "Decimal")]
    pub seuil: Spanned<Decimal>,
    /// Share of the weight paid, between 0 and 1.
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub part: Option<Spanned<Decimal>>,
    /// Euros of the year's contract weight paid, instead of `part` (at most the weight, in
    /// euros and cents): the share is exactly `montant / poids`.
    #[serde(default)]
    #[schemars(with = "Option<Decimal>")]
    pub montant: Option<Spanned<Decimal>>,
}

/// `[annees.N]`: settings of one contract year.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct YearFile {
    /// The ARS recognised a serious health crisis this year (pays the crisis activation).
    #[serde(rename = "crise_reconnue", default)]
    pub crisis_recognised: bool,
    /// Optional: the date by which the year's filled tracking workbook is due to the CPAM and
    /// the ARS. Shown in the workbook's `Lisez-moi`; not part of the contract's terms.
    #[serde(default)]
    #[schemars(with = "Option<chrono::NaiveDate>")]
    pub remise: Option<Spanned<Datetime>>,
}

/// The JSON Schema of the contract file, as committed in `schemas/contrat.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ContractFile);
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
}
