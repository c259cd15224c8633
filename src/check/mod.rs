//! Checking a filled workbook (README, « Contrôler un classeur rempli »): identity, structure, values, completeness.
//!
//! [`review`] turns a workbook read back into findings, the readings the engine needs (with
//! every tolerated spelling normalised and reported) and the funding of the year.
//!
//! Finding codes are the stable catalogue of [`crate::finding::Code`].

pub mod normalise;

pub use crate::finding::{Finding, Severity};

use crate::contract::MAX_VALUE;
use crate::contract::{Contract, Line, Period, Rule};
use crate::finding::Code;
use crate::fr::french_number;
use crate::funding::{Observation, Quality, Reading, Readings, YearFunding, fund_year};
use crate::workbook::entries::{Cell, ValueRead, decimal, read_decimal, read_value};
use crate::workbook::formulas::VALUE_DECIMALS;
use crate::workbook::layout::Role;
use crate::workbook::layout::{DONE_CHOICES, INDICATORS, QUALITY_CHOICES, YES_NO, evid, ind, step};
use crate::workbook::plan::{expected_evidence, observed_choices};
use crate::workbook::read::{ReadWorkbook, RowRead, TableRead};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{HashMap, HashSet};

/// What the check is compared against.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Checkpoints planned before this date must be recorded.
    pub today: NaiveDate,
    /// The signed contract, when given (`--contrat`).
    pub signed: Option<&'a Contract>,
}

/// The outcome of checking a workbook.
#[derive(Debug, Clone)]
pub struct Review {
    /// Every finding, by sheet then row.
    pub findings: Vec<Finding>,
    /// What the engine reads for each line, after normalisation.
    pub readings: Readings,
    /// The funding of the year from those readings.
    pub funding: YearFunding,
}

impl Review {
    /// Number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Whether nothing blocks (no error).
    pub fn ok(&self) -> bool {
        self.count(Severity::Error) == 0
    }
}

/// Checks a workbook read back.
pub fn review(wb: &ReadWorkbook, opts: Options) -> Review {
    let mut ck = Checker {
        wb,
        findings: wb.findings.clone(),
        period: wb.contract.period(wb.year),
    };
    if let Some(signed) = opts.signed
        && signed.sha256() != wb.stored_hash
    {
        ck.findings.push(Finding::of(Code::ContractMismatch, crate::workbook::layout::SHEET_META, "", format!(
                    "ce classeur a été produit pour un autre contrat que celui fourni ({}, signé le {})",
                    wb.contract.cpts.name,
                    crate::fr::date(wb.contract.terms.signature)
                )).hint("Vérifiez que le classeur et le contrat concernent la même CPTS et la même version \
                 du contrat ; sinon régénérez le classeur à partir du contrat signé."));
    }
    let readings = wb
        .indicators
        .as_ref()
        .map(|t| ck.indicators(t))
        .unwrap_or_default();
    let funding = fund_year(&wb.contract, wb.year, &readings);
    if let Some(t) = &wb.indicators {
        ck.amounts(t, &funding);
    }
    if let Some(t) = &wb.evidence {
        ck.evidence(t, &funding);
    }
    for t in [&wb.indicators, &wb.evidence, &wb.checkpoints]
        .into_iter()
        .flatten()
    {
        ck.formulas(t);
    }
    ck.findings
        .extend(unreachable_findings(&wb.contract, wb.year));
    if let Some(t) = &wb.checkpoints {
        ck.checkpoints(t, opts.today);
    }
    let mut findings = ck.findings;
    let order = |f: &Finding| (sheet_rank(&f.sheet), cell_rank(&f.cell), f.severity);
    findings.sort_by_key(order);
    Review {
        findings,
        readings,
        funding,
    }
}

fn sheet_rank(sheet: &str) -> usize {
    use crate::workbook::layout::*;
    [
        SHEET_META,
        SHEET_INDICATORS,
        SHEET_EVIDENCE,
        SHEET_CHECKPOINTS,
    ]
    .iter()
    .position(|s| *s == sheet)
    .unwrap_or(usize::MAX)
}

/// Row then column of an A1 address, for sorting.
fn cell_rank(cell: &str) -> (u32, usize, String) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let row = cell[letters.len()..].parse().unwrap_or(0);
    (row, letters.len(), letters)
}

/// A cell's value as shown in a message.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "vide".into(),
        Cell::Number(x) => decimal(*x).map_or(x.to_string(), |d| french_number(d, d.scale())),
        Cell::Percent(x) => decimal(*x).map_or(x.to_string(), |d| {
            let points = d * Decimal::ONE_HUNDRED;
            format!("{} %", french_number(points, points.normalize().scale()))
        }),
        Cell::Text(t) => {
            let short: String = t.chars().take(60).collect();
            let more = if t.chars().count() > 60 { "…" } else { "" };
            format!("« {short}{more} »")
        }
        Cell::Date(d) => crate::fr::date(*d),
        Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.into(),
    }
}

struct Checker<'a> {
    wb: &'a ReadWorkbook,
    findings: Vec<Finding>,
    period: Period,
}

impl Checker<'_> {
    fn cell<'r>(&self, table: &TableRead, row: &'r RowRead, column: &str) -> &'r Cell {
        &row.cells[usize::from(table.layout.col(column))]
    }

    /// Rows of a table by key; reports rows without key, unknown and duplicated keys.
    fn index<'t>(
        &mut self,
        t: &'t TableRead,
        expected: &HashSet<String>,
        what: &str,
    ) -> HashMap<String, &'t RowRead> {
        let mut seen: HashMap<String, &RowRead> = HashMap::new();
        let first = t.layout.columns[0].name;
        for row in &t.rows {
            let code = (t.layout.name == INDICATORS.name).then_some(row.key.as_str());
            if row.key.is_empty()
                || (!expected.contains(&row.key) && t.layout.name == INDICATORS.name)
            {
                let found = shown(self.cell(t, row, first));
                self.findings.push(
t.finding(Code::RowUnknown, row.row, first, format!("ligne {what} inconnue du contrat pour l'année {} : code {found}", self.wb.year)).with_indicator(code.filter(|c| !c.is_empty())).hint("Ne créez pas de ligne d'indicateur : corrigez le code ou supprimez la ligne (un \
                     nouvel indicateur demande un avenant au contrat)."),
);
            } else if let Some(previous) = seen.get(&row.key) {
                let message = format!(
                    "ligne {what} en double : déjà présente ligne {}",
                    previous.row + 1
                );
                let hint = "Gardez une seule ligne et supprimez l'autre.".to_string();
                self.findings.push(
                    t.finding(Code::RowDuplicate, row.row, first, message)
                        .with_indicator(code)
                        .hint(hint),
                );
            } else {
                seen.insert(row.key.clone(), row);
            }
        }
        seen
    }

    fn indicators(&mut self, t: &TableRead) -> Readings {
        let contract = &self.wb.contract;
        let lines = contract.lines(self.wb.year);
        let expected: HashSet<String> = lines.iter().map(|l| l.indicator.code.clone()).collect();
        let rows = self.index(t, &expected, "d'indicateur");
        let mut readings = Readings::new();
        for line in &lines {
            let code = &line.indicator.code;
            let Some(row) = rows.get(code) else {
                self.findings.push(
t.finding(Code::RowMissing, t.header_row, ind::CODE, format!("l'indicateur {code} (« {} ») n'a plus de ligne dans le tableau (ligne supprimée ou code modifié)", line.indicator.label)).with_indicator(Some(code)).hint("Rétablissez sa ligne : repartez du classeur produit par cpts-aci ou annulez la suppression."),
);
                readings.insert(code.clone(), Reading::default());
                continue;
            };
            self.locked_values(t, row, *line);
            let value = self.observed(t, row, *line);
            let neutralised = self.yes_no(t, row, ind::NEUTRALISED, Some(code)) == Some(true);
            self.date(t, row, ind::MEASURED_ON, Some(code));
            let comment = self.cell(t, row, ind::COMMENT);
            if neutralised && comment.is_empty() {
                self.findings.push(
t.finding(Code::NeutralisedWithoutComment, row.row, ind::COMMENT, format!("{code} est neutralisé sans explication")).with_indicator(Some(code)).hint("Indiquez dans « Commentaire » pourquoi l'action n'a pu être menée et la date de \
                     l'accord de l'ARS et de la CPAM."),
);
            }
            let paid = !line.terms.weight.is_zero() && !neutralised;
            let formula = row
                .formulas
                .contains(&usize::from(t.layout.col(ind::OBSERVED)));
            if paid
                && !formula
                && value == Observation::Missing
                && self.cell(t, row, ind::OBSERVED).is_empty()
            {
                self.findings.push(
t.finding(Code::ValueMissing, row.row, ind::OBSERVED, format!("aucune valeur pour {code}, qui pèse {} : il compte pour 0 %", crate::fr::euros(line.terms.weight))).with_indicator(Some(code)).hint("Saisissez la valeur réalisée, ou faites neutraliser l'indicateur avec l'accord de l'ARS et de la CPAM."),
);
            }
            readings.insert(code.clone(), Reading { value, neutralised });
        }
        readings
    }

    fn locked_values(&mut self, t: &TableRead, row: &RowRead, line: Line<'_>) {
        let code = &line.indicator.code;
        let checks = [
            (ind::TARGET, line.terms.target),
            (ind::WEIGHT, Some(line.terms.weight)),
            (ind::BASELINE, line.indicator.baseline),
        ];
        for (column, signed) in checks {
            let cell = self.cell(t, row, column);
            let found = match cell {
                Cell::Number(x) => decimal(*x),
                Cell::Empty => None,
                _ => Some(Decimal::MIN),
            };
            if found != signed {
                let signed_text = signed.map_or("vide".into(), |d| french_number(d, d.scale()));
                self.findings.push(
t.finding(Code::LockedValueChanged, row.row, column, format!("« {column} » de {code} vaut {} dans le classeur, {signed_text} dans le contrat signé", shown(cell))).with_indicator(Some(code)).hint(format!("Le contrat fait foi : rétablissez {signed_text}, ou faites signer un avenant puis régénérez le classeur.")),
);
            }
        }
    }

    /// The observation of a line, with tolerated spellings normalised and reported.
    fn observed(&mut self, t: &TableRead, row: &RowRead, line: Line<'_>) -> Observation {
        let code = line.indicator.code.as_str();
        let cell = self.cell(t, row, ind::OBSERVED).clone();
        let choices = observed_choices(line);
        let percentage = line.indicator.is_percentage();
        let formula = row
            .formulas
            .contains(&usize::from(t.layout.col(ind::OBSERVED)));
        let (message, hint) = match (&cell, choices) {
            (Cell::Empty, _) => return Observation::Missing,
            // A formula's error value (`=1/0`) is reported once, as a formula.
            (Cell::Text(text), _) if formula && text.starts_with('#') => {
                return Observation::Missing;
            }
            (Cell::Number(x), None) => {
                return self.number(t, row, line, &cell, read_value(*x, false, percentage));
            }
            (Cell::Percent(x), None) => {
                return self.number(t, row, line, &cell, read_value(*x, true, percentage));
            }
            (Cell::Text(text), None) => match normalise::number(text) {
                Some(n) => {
                    let read = read_decimal(Some(n.value), false, percentage);
                    if let Some(v) = read.value.filter(|_| !read.rounded) {
                        let read_as = format!("le nombre {}", french_number(v, v.scale()));
                        self.normalised(t, row, ind::OBSERVED, code, &cell, &read_as);
                    }
                    return self.number(t, row, line, &cell, read);
                }
                None => (
                    format!("{} n'est pas un nombre", shown(&cell)),
                    "Saisissez un nombre seul, sans unité ni texte (par exemple 12,5) ; mettez les précisions dans « Commentaire ».".into(),
                ),
            },
            (Cell::Text(text), Some(list)) => match normalise::choice(text, list) {
                Some(choice) => {
                    if choice.normalised {
                        self.normalised(t, row, ind::OBSERVED, code, &cell, choice.value);
                    }
                    return choice_observation(choice.value, line.indicator.rule);
                }
                None => (
                    format!("{} ne fait pas partie des choix possibles", shown(&cell)),
                    format!("Choisissez dans la liste : {}.", list.join(", ")),
                ),
            },
            (_, Some(list)) => (
                format!("{} ne fait pas partie des choix possibles", shown(&cell)),
                format!("Choisissez dans la liste : {}.", list.join(", ")),
            ),
            (_, None) => (
                format!("{} n'est pas un nombre", shown(&cell)),
                "Saisissez un nombre (par exemple 12,5).".into(),
            ),
        };
        let kind = if choices.is_some() {
            Code::ValueNotInList
        } else {
            Code::ValueNotNumber
        };
        self.findings.push(
            t.finding(kind, row.row, ind::OBSERVED, format!("{code} : {message}"))
                .with_indicator(Some(code))
                .hint(hint),
        );
        Observation::Missing
    }

    /// A number typed in `Réalisé`, read as [`read_value`] says, each reinterpretation reported.
    fn number(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        line: Line<'_>,
        cell: &Cell,
        read: ValueRead,
    ) -> Observation {
        let code = line.indicator.code.as_str();
        let unit = line.indicator.unit.as_deref().unwrap_or("nombre");
        let fr = |v: Decimal| french_number(v, v.normalize().scale());
        if read.percent_unexpected {
            let stored = read.typed.map_or_else(|| shown(cell), fr);
            self.findings.push(
t.finding(Code::ValueUnitMismatch, row.row, ind::OBSERVED, format!(
                    "{code} : {} est saisi en pourcentage, mais l'indicateur se compte en « {unit} » : \
                     le tableur l'enregistre {stored}, valeur retenue",
                    shown(cell)
                )).with_indicator(Some(code)).hint("Saisissez le nombre constaté sans le signe % (par exemple 56,2) ; si l'indicateur \
                 est un pourcentage, le contrat doit le dire (unite = \"%\") par avenant."),
);
        }
        if let (true, Some(v)) = (read.percent_read, read.value) {
            let read_as = format!("{} (l'indicateur est en points de pourcentage)", fr(v));
            self.normalised(t, row, ind::OBSERVED, code, cell, &read_as);
        }
        if let (true, Some(v)) = (read.rounded, read.value) {
            let read_as = format!("{} (arrondi à {VALUE_DECIMALS} décimales)", fr(v));
            self.normalised(t, row, ind::OBSERVED, code, cell, &read_as);
        }
        if read.negative {
            self.findings.push(
                t.finding(
                    Code::ValueNegative,
                    row.row,
                    ind::OBSERVED,
                    format!("{code} : valeur négative ({})", shown(cell)),
                )
                .with_indicator(Some(code))
                .hint("Saisissez la valeur constatée, positive ou nulle."),
            );
        }
        if read.out_of_range {
            self.findings.push(
t.finding(Code::ValueOutOfRange, row.row, ind::OBSERVED, format!(
                    "{code} : {} dépasse les valeurs prises en charge (moins de {}) ; la ligne compte pour 0 %",
                    shown(cell),
                    french_number(MAX_VALUE, 0)
                )).with_indicator(Some(code)).hint("Vérifiez la valeur (une faute de frappe ou une unité erronée ?) et saisissez le nombre constaté."),
);
        }
        read.value.map_or(Observation::Missing, Observation::Number)
    }

    /// Input cells holding a formula: the tool reads the value the spreadsheet last computed,
    /// which the formula may no longer give; each is reported with what was read.
    fn formulas(&mut self, t: &TableRead) {
        for row in &t.rows {
            for &i in &row.formulas {
                let column = &t.layout.columns[i];
                if column.role != Role::Input {
                    continue;
                }
                let read = match &row.cells[i] {
                    Cell::Empty => {
                        "aucune valeur calculée n'est enregistrée : la cellule est lue vide"
                            .to_string()
                    }
                    Cell::Text(e) if e.starts_with('#') => {
                        format!("elle donne une erreur ({e}) : la cellule est lue vide")
                    }
                    cell => format!("valeur lue : {}", shown(cell)),
                };
                let code = (t.layout.name == INDICATORS.name && !row.key.is_empty())
                    .then_some(row.key.as_str());
                self.findings.push(
t.finding(Code::FormulaInInput, row.row, column.name, format!("« {} » contient une formule au lieu d'une valeur saisie ; {read}", column.name)).with_indicator(code).hint("Saisissez la valeur elle-même (Copier, puis Collage spécial, Valeurs seulement) : \
                     le contrôle et le calcul lisent des valeurs, pas des formules."),
);
            }
        }
    }

    fn normalised(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: &str,
        cell: &Cell,
        read_as: &str,
    ) {
        self.findings.push(
t.finding(Code::ValueNormalised, row.row, column, format!("{} lu comme {read_as}", shown(cell))).with_indicator(Some(code).filter(|c| !c.is_empty())).hint(format!("Saisissez {read_as} tel quel (liste déroulante ou nombre) pour que le classeur calcule la même chose.")),
);
    }

    /// `Oui` / `Non` (tolerant); `None` when empty or not a choice (reported).
    fn yes_no(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: Option<&str>,
    ) -> Option<bool> {
        let cell = self.cell(t, row, column).clone();
        let text = match &cell {
            Cell::Empty => return None,
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => s.clone(),
            Cell::Bool(b) => if *b { "Oui" } else { "Non" }.to_string(),
            _ => String::new(),
        };
        match normalise::choice(&text, &YES_NO) {
            Some(choice) => {
                if choice.normalised || matches!(cell, Cell::Bool(_)) {
                    self.normalised(t, row, column, code.unwrap_or(""), &cell, choice.value);
                }
                Some(choice.value == "Oui")
            }
            None => {
                self.findings.push(
                    t.finding(
                        Code::ValueNotInList,
                        row.row,
                        column,
                        format!("« {column} » : {} n'est ni Oui ni Non", shown(&cell)),
                    )
                    .with_indicator(code)
                    .hint("Choisissez Oui ou Non dans la liste."),
                );
                None
            }
        }
    }

    /// A date cell: a date in the contract year (tolerant); reported otherwise.
    fn date(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        column: &str,
        code: Option<&str>,
    ) -> Option<NaiveDate> {
        let cell = self.cell(t, row, column).clone();
        let (date, normalised) = match &cell {
            Cell::Empty => return None,
            Cell::Date(d) => (Some(*d), false),
            Cell::Text(s) if s.trim().is_empty() => return None,
            Cell::Text(s) => (normalise::date(s), true),
            Cell::Number(x) => (normalise::serial_date(*x), true),
            Cell::Percent(_) | Cell::Bool(_) => (None, false),
        };
        let Some(date) = date else {
            self.findings.push(
                t.finding(
                    Code::DateInvalid,
                    row.row,
                    column,
                    format!("« {column} » : {} n'est pas une date", shown(&cell)),
                )
                .with_indicator(code)
                .hint("Saisissez une date au format JJ/MM/AAAA, par exemple 15/03/2025."),
            );
            return None;
        };
        if normalised {
            self.normalised(
                t,
                row,
                column,
                code.unwrap_or(""),
                &cell,
                &crate::fr::date(date),
            );
        }
        if !self.period.contains(date) {
            self.findings.push(
                t.finding(
                    Code::DateOutsideYear,
                    row.row,
                    column,
                    format!(
                        "« {column} » : le {} est hors de l'année de contrat ({} – {})",
                        crate::fr::date(date),
                        crate::fr::date(self.period.start),
                        crate::fr::date(self.period.end)
                    ),
                )
                .with_indicator(code)
                .hint(
                    "Vérifiez la date : elle doit se situer dans l'année de contrat du classeur.",
                ),
            );
        }
        Some(date)
    }

    /// The amounts shown in the workbook against the engine's.
    fn amounts(&mut self, t: &TableRead, funding: &YearFunding) {
        let amounts: HashMap<&str, Decimal> = funding
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .map(|l| (l.code.as_str(), l.amount))
            .collect();
        for row in &t.rows {
            let (Some(engine), Cell::Number(shown_amount)) = (
                amounts.get(row.key.as_str()),
                self.cell(t, row, ind::AMOUNT),
            ) else {
                continue;
            };
            let engine_f = engine.to_f64().unwrap_or(0.0);
            if (shown_amount - engine_f).abs() >= 0.005 {
                let code = row.key.clone();
                let shown_text =
                    decimal(*shown_amount).map_or(shown_amount.to_string(), crate::fr::euros);
                self.findings.push(
t.finding(Code::AmountDiffers, row.row, ind::AMOUNT, format!("le classeur affiche {shown_text} pour {code}, le calcul donne {}", crate::fr::euros(*engine))).with_indicator(Some(&code)).hint("Le montant calculé par cpts-aci fait foi ; vérifiez la valeur saisie (texte au lieu d'un nombre ?) ou une formule remplacée."),
);
            }
        }
    }

    fn evidence(&mut self, t: &TableRead, funding: &YearFunding) {
        let expected: Vec<(String, String)> = expected_evidence(&self.wb.contract, self.wb.year);
        let keys: HashSet<String> = expected
            .iter()
            .map(|(c, p)| crate::workbook::entries::evidence_key(c, p))
            .collect();
        let rows = self.index(t, &keys, "de justificatif");
        let earning: HashSet<&str> = funding
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .filter(|l| {
                l.attainment > Decimal::ZERO && l.status != crate::funding::LineStatus::Neutralised
            })
            .map(|l| l.code.as_str())
            .collect();
        for row in &t.rows {
            let code = match self.cell(t, row, evid::CODE) {
                Cell::Text(c) => c.trim().to_string(),
                _ => String::new(),
            };
            let provided = self.yes_no(
                t,
                row,
                evid::PROVIDED,
                Some(&code).filter(|c| !c.is_empty()).map(|c| c.as_str()),
            );
            self.date(
                t,
                row,
                evid::DATE,
                Some(&code).filter(|c| !c.is_empty()).map(|c| c.as_str()),
            );
            if earning.contains(code.as_str())
                && provided != Some(true)
                && rows.contains_key(&row.key)
            {
                let piece = shown(self.cell(t, row, evid::PIECE));
                self.findings.push(
t.finding(Code::EvidenceMissing, row.row, evid::PROVIDED, format!("{code} déclare un résultat, mais la pièce {piece} n'est pas marquée fournie")).with_indicator(Some(&code)).hint("Réunissez la pièce et mettez « Fournie » à Oui, avec sa référence ; sans elle le résultat pourra être refusé."),
);
            }
        }
    }

    fn checkpoints(&mut self, t: &TableRead, today: NaiveDate) {
        for row in &t.rows {
            let held = self.date(t, row, step::HELD, None);
            let planned = match self.cell(t, row, step::PLANNED) {
                Cell::Date(d) => Some(*d),
                _ => None,
            };
            let recorded = held.is_some()
                || !self.cell(t, row, step::PARTICIPANTS).is_empty()
                || !self.cell(t, row, step::DECISIONS).is_empty();
            if let (Some(planned), false) = (planned, recorded)
                && planned < today
            {
                self.findings.push(
t.finding(Code::CheckpointNotRecorded, row.row, step::HELD, format!("le point d'étape prévu le {} n'est pas renseigné", crate::fr::date(planned))).hint("Indiquez la date réelle, les participants et les décisions, ou la raison du report dans « Décisions »."),
);
            }
        }
    }
}

/// One warning per mission of the year whose variable envelope no indicator line can earn.
pub fn unreachable_findings(contract: &Contract, year: u32) -> Vec<Finding> {
    crate::funding::unreachable_variable(contract, year)
        .into_iter()
        .map(|(mission, at_stake)| {
            Finding::of(
                Code::VariableUnreachable,
                crate::workbook::layout::SHEET_INDICATORS,
                "",
                format!(
                    "mission {} : aucun indicateur en année {year}, son enveloppe variable de {} \
                     compte dans le maximum mais ne peut pas être obtenue",
                    mission.label(),
                    crate::fr::euros(at_stake)
                ),
            )
            .hint(
                "Faites répartir cette enveloppe entre des indicateurs (poids) par un avenant, \
                 avant le début de l'année suivante.",
            )
        })
        .collect()
}

fn choice_observation(choice: &str, rule: Rule) -> Observation {
    let qualities = [Quality::Reached, Quality::Partial, Quality::NotReached];
    match rule {
        Rule::Qualitatif => QUALITY_CHOICES
            .iter()
            .zip(qualities)
            .find(|(c, _)| **c == choice)
            .map_or(Observation::Missing, |(_, q)| Observation::Quality(q)),
        _ => Observation::Done(choice == DONE_CHOICES[0]),
    }
}
