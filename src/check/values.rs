//! The indicator lines: each row found by its code, its locked values compared with the
//! contract, its `Réalisé` read as the engine reads it, every reinterpretation reported.

use super::normalise::{self, TextNumber};
use super::{Checker, shown};
use crate::contract::{Line, MAX_VALUE};
use crate::finding::{Code, hints};
use crate::fr::french_number;
use crate::funding::{Observation, Reading, Readings};
use crate::workbook::entries::{Cell, ValueRead, choice_observation, decimal, read_value};
use crate::workbook::formulas::VALUE_DECIMALS;
use crate::workbook::layout::{INDICATORS, Role, ind};
use crate::workbook::plan::observed_choices;
use crate::workbook::read::{RowRead, TableRead};
use rust_decimal::Decimal;
use std::collections::HashSet;

impl Checker<'_> {
    pub(super) fn indicators(&mut self, t: &TableRead) -> Readings {
        let contract = &self.wb.contract;
        let lines = contract.lines(self.wb.year);
        let expected: HashSet<String> = lines.iter().map(|l| l.indicator.code.clone()).collect();
        let rows = self.index(t, &expected, "d'indicateur");
        let mut readings = Readings::new();
        for line in &lines {
            let code = &line.indicator.code;
            let Some(row) = rows.get(code) else {
                self.findings.push(
                    t.finding(
                        Code::RowMissing,
                        t.header_row,
                        ind::CODE,
                        format!(
                            "l'indicateur {code} (« {} ») n'a plus de ligne dans le \
    tableau (ligne supprimée ou code modifié)",
                            line.indicator.label
                        ),
                    )
                    .with_indicator(Some(code)),
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
                let message = format!("{code} est neutralisé sans explication");
                self.findings.push(
                    t.finding(
                        Code::NeutralisedWithoutComment,
                        row.row,
                        ind::COMMENT,
                        message,
                    )
                    .with_indicator(Some(code)),
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
                    t.finding(
                        Code::ValueMissing,
                        row.row,
                        ind::OBSERVED,
                        format!(
                            "aucune valeur pour {code}, qui pèse {} : il compte pour 0 %",
                            crate::fr::euros(line.terms.weight)
                        ),
                    )
                    .with_indicator(Some(code)),
                );
            }
            readings.insert(code.clone(), Reading { value, neutralised });
        }
        readings
    }

    pub(super) fn locked_values(&mut self, t: &TableRead, row: &RowRead, line: Line<'_>) {
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
                    t.finding(
                        Code::LockedValueChanged,
                        row.row,
                        column,
                        format!(
                            "« {column} » de {code} vaut {} dans le classeur, \
    {signed_text} dans le contrat signé",
                            shown(cell)
                        ),
                    )
                    .with_indicator(Some(code))
                    .hint_with(hints::RESTORE_SIGNED, &[&signed_text]),
                );
            }
        }
    }

    /// The observation of a line, read exactly as the workbook's formulas read it: a number,
    /// or a choice of the line's list (case and spaces aside). Anything else counts as no
    /// value, as in the workbook, and is reported at its cell.
    pub(super) fn observed(&mut self, t: &TableRead, row: &RowRead, line: Line<'_>) -> Observation {
        let code = line.indicator.code.as_str();
        let cell = self.cell(t, row, ind::OBSERVED).clone();
        let choices = observed_choices(line);
        let percentage = line.indicator.is_percentage();
        let formula = row
            .formulas
            .contains(&usize::from(t.layout.col(ind::OBSERVED)));
        match (&cell, choices) {
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
            (Cell::Text(text), None) => {
                self.text_in_number(t, row, code, &cell, text);
                return Observation::Missing;
            }
            (Cell::Text(text), Some(list)) if normalise::choice(text, list).is_some() => {
                return choice_observation(text, line.indicator.rule);
            }
            _ => {}
        }
        let (kind, message, hint) = match choices {
            Some(list) => (
                Code::ValueNotInList,
                format!(
                    "{code} : {} ne fait pas partie des choix possibles ; le classeur le compte \
                     comme vide",
                    shown(&cell)
                ),
                Some(list.join(", ")),
            ),
            None => (
                Code::ValueNotNumber,
                format!(
                    "{code} : {} n'est pas un nombre ; le classeur le compte comme vide",
                    shown(&cell)
                ),
                None,
            ),
        };
        let finding = t
            .finding(kind, row.row, ind::OBSERVED, message)
            .with_indicator(Some(code));
        self.findings.push(match hint {
            Some(list) => finding.hint_with(hints::CHOOSE_FROM, &[&list]),
            None => finding,
        });
        Observation::Missing
    }

    /// Text typed where a number is expected: no value, as the workbook's formulas count it.
    /// The fix names the number only when the text reads as one number and one only.
    fn text_in_number(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        code: &str,
        cell: &Cell,
        text: &str,
    ) {
        let finding = t
            .finding(
                Code::ValueNotNumber,
                row.row,
                ind::OBSERVED,
                format!(
                    "{code} : {} est un texte, pas un nombre ; le classeur le compte comme vide \
                     (0 %), et le calcul aussi",
                    shown(cell)
                ),
            )
            .with_indicator(Some(code));
        let finding = match normalise::text_number(text) {
            TextNumber::One(v) => {
                finding.hint_with(hints::NUMBER_AS_TEXT, &[&french_number(v, v.scale())])
            }
            TextNumber::Ambiguous => finding.hint(hints::NUMBER_AMBIGUOUS),
            TextNumber::NotANumber => finding,
        };
        self.findings.push(finding);
    }

    /// A number typed in `Réalisé`, read as [`read_value`] says, each reinterpretation reported.
    pub(super) fn number(
        &mut self,
        t: &TableRead,
        row: &RowRead,
        line: Line<'_>,
        cell: &Cell,
        read: ValueRead,
    ) -> Observation {
        let code = line.indicator.code.as_str();
        let fr = |v: Decimal| french_number(v, v.normalize().scale());
        if read.percent_unexpected {
            let stored = read.typed.map_or_else(|| shown(cell), fr);
            let counted = match line.indicator.unit.as_deref() {
                Some(unit) => format!("se compte en « {unit} »"),
                None => "n'est pas un pourcentage".to_string(),
            };
            let message = format!(
                "{code} : {} est saisi en pourcentage, alors que l'indicateur {counted} ; le \
                 tableur l'enregistre comme {stored}, et c'est ce nombre qui est compté",
                shown(cell)
            );
            self.findings.push(
                t.finding(Code::ValueUnitMismatch, row.row, ind::OBSERVED, message)
                    .with_indicator(Some(code)),
            );
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
                .with_indicator(Some(code)),
            );
        }
        if read.out_of_range {
            self.findings.push(
                t.finding(
                    Code::ValueOutOfRange,
                    row.row,
                    ind::OBSERVED,
                    format!(
                        "{code} : {} dépasse les valeurs prises en charge (moins de \
                        {}) ; la ligne compte pour 0 %",
                        shown(cell),
                        french_number(MAX_VALUE, 0)
                    ),
                )
                .with_indicator(Some(code)),
            );
        }
        read.value.map_or(Observation::Missing, Observation::Number)
    }

    /// Input cells holding a formula: the tool reads the value the spreadsheet last computed,
    /// which the formula may no longer give; each is reported with what was read.
    pub(super) fn formulas(&mut self, t: &TableRead) {
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
                let message = format!(
                    "« {} » contient une formule au lieu d'une valeur saisie ; {read}",
                    column.name
                );
                self.findings.push(
                    t.finding(Code::FormulaInInput, row.row, column.name, message)
                        .with_indicator(code),
                );
            }
        }
    }
}
