//! Completeness: amounts shown against the engine's, evidence of the results claimed,
//! checkpoints past their date.

use super::{Checker, shown};
use crate::finding::Code;
use crate::funding::YearFunding;
use crate::workbook::entries::{Cell, decimal};
use crate::workbook::layout::{evid, ind, step};
use crate::workbook::plan::expected_evidence;
use crate::workbook::read::TableRead;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

impl Checker<'_> {
    /// The amounts shown in the workbook against the engine's.
    pub(super) fn amounts(&mut self, t: &TableRead, funding: &YearFunding) {
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
            // The workbook's own figure, to the cent as it shows it.
            let Some(shown) = decimal(*shown_amount).map(crate::money::round2) else {
                continue;
            };
            if shown != *engine {
                let code = row.key.clone();
                self.findings.push(
                    t.finding(
                        Code::AmountDiffers,
                        row.row,
                        ind::AMOUNT,
                        format!(
                            "{code} : le classeur affiche {}, le contrat donne {} pour la valeur \
                             saisie (écart de {})",
                            crate::fr::euros(shown),
                            crate::fr::euros(*engine),
                            crate::fr::euros((shown - *engine).abs())
                        ),
                    )
                    .with_indicator(Some(&code))
                    .stake((shown - *engine).abs()),
                );
            }
        }
    }

    pub(super) fn evidence(&mut self, t: &TableRead, funding: &YearFunding) {
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
                    t.finding(
                        Code::EvidenceMissing,
                        row.row,
                        evid::PROVIDED,
                        format!(
                            "{code} déclare un résultat, mais la pièce {piece} n'est pas \
    marquée fournie"
                        ),
                    )
                    .with_indicator(Some(&code)),
                );
            }
        }
    }

    pub(super) fn checkpoints(&mut self, t: &TableRead, today: NaiveDate) {
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
                self.findings.push(t.finding(
                    Code::CheckpointNotRecorded,
                    row.row,
                    step::HELD,
                    format!(
                        "le point d'étape prévu le {} n'est pas renseigné",
                        crate::fr::date(planned)
                    ),
                ));
            }
        }
    }
}
