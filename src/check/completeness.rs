//! Completeness: amounts shown against the engine's, evidence of the results claimed,
//! checkpoints past their date.

#[allow(unused_imports)]
use super::*;

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
            let engine_f = engine.to_f64().unwrap_or(0.0);
            if (shown_amount - engine_f).abs() >= 0.005 {
                let code = row.key.clone();
                let shown_text =
                    decimal(*shown_amount).map_or(shown_amount.to_string(), crate::fr::euros);
                self.findings.push(
                    t.finding(
                        Code::AmountDiffers,
                        row.row,
                        ind::AMOUNT,
                        format!(
                            "le classeur affiche {shown_text} pour {code}, le calcul \
    donne {}",
                            crate::fr::euros(*engine)
                        ),
                    )
                    .with_indicator(Some(&code))
                    .hint(
                        "Le montant calculé par cpts-aci fait foi ; vérifiez la \
    valeur saisie (texte au lieu d'un nombre ?) ou une formule \
    remplacée.",
                    ),
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
                    .with_indicator(Some(&code))
                    .hint(
                        "Réunissez la pièce et mettez « Fournie » à Oui, avec sa \
    référence ; sans elle le résultat pourra être refusé.",
                    ),
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
                self.findings.push(
                    t.finding(
                        Code::CheckpointNotRecorded,
                        row.row,
                        step::HELD,
                        format!(
                            "le point d'étape prévu le {} n'est pas renseigné",
                            crate::fr::date(planned)
                        ),
                    )
                    .hint(
                        "Indiquez la date réelle, les participants et les décisions, \
    ou la raison du report dans « Décisions ».",
                    ),
                );
            }
        }
    }
}
