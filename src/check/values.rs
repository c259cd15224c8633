//! The indicator lines: each row found by its code, its locked values compared with the
//! contract, its `Réalisé` read as the engine reads it, every reinterpretation reported.

#[allow(unused_imports)]
use super::*;

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
                    .with_indicator(Some(code))
                    .hint(
                        "Rétablissez sa ligne : repartez du classeur produit par \
    cpts-aci ou annulez la suppression.",
                    ),
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
                let hint = "Indiquez dans « Commentaire » pourquoi l'action n'a pu être menée et \
                            la date de l'accord de l'ARS et de la CPAM.";
                self.findings.push(
                    t.finding(
                        Code::NeutralisedWithoutComment,
                        row.row,
                        ind::COMMENT,
                        message,
                    )
                    .with_indicator(Some(code))
                    .hint(hint),
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
                    .with_indicator(Some(code))
                    .hint(
                        "Saisissez la valeur réalisée, ou faites neutraliser \
    l'indicateur avec l'accord de l'ARS et de la CPAM.",
                    ),
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
                    .hint(format!(
                        "Le contrat fait foi : rétablissez {signed_text}, ou faites \
    signer un avenant puis régénérez le classeur."
                    )),
                );
            }
        }
    }

    /// The observation of a line, with tolerated spellings normalised and reported.
    pub(super) fn observed(&mut self, t: &TableRead, row: &RowRead, line: Line<'_>) -> Observation {
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
                    "Saisissez un nombre seul, sans unité ni texte (par exemple \
                        12,5) ; mettez les précisions dans « Commentaire »."
                        .into(),
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
            let hint = "Saisissez le nombre constaté sans le signe % (par exemple 56,2) ; si \
                        l'indicateur est un pourcentage, le contrat doit le dire (unite = \"%\") \
                        par avenant.";
            self.findings.push(
                t.finding(Code::ValueUnitMismatch, row.row, ind::OBSERVED, message)
                    .with_indicator(Some(code))
                    .hint(hint),
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
                .with_indicator(Some(code))
                .hint(
                    "Vérifiez la valeur (une faute de frappe ou une unité \
                    erronée ?) et saisissez le nombre constaté.",
                ),
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
                let hint = "Saisissez la valeur elle-même (Copier, puis Collage spécial, Valeurs \
                            seulement) : le contrôle et le calcul lisent des valeurs, pas des \
                            formules.";
                self.findings.push(
                    t.finding(Code::FormulaInInput, row.row, column.name, message)
                        .with_indicator(code)
                        .hint(hint),
                );
            }
        }
    }
}
