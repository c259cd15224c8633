//! What users read in the terminal: aligned French tables of funding figures.

pub(crate) mod contract;
pub(crate) mod table;
pub(crate) mod workbook;

use crate::contract::Contract;
use crate::fr::{date, euros};
use crate::funding::{YearFunding, fund_year, reaching_readings};
use rust_decimal::Decimal;
use table::{Align, Table};

/// An amount in euros, followed by « (à confirmer) » when it rests on a grid figure still to
/// confirm (docs/regles.md §2).
pub(crate) fn euros_marked(amount: Decimal, to_confirm: bool) -> String {
    if to_confirm {
        format!("{} ({})", euros(amount), crate::funding::confirm::MARK)
    } else {
        euros(amount)
    }
}

/// The line that explains the « à confirmer » mark, when the year has an amount so marked.
pub(crate) fn to_confirm_note(f: &YearFunding) -> String {
    if f.to_confirm.is_empty() {
        String::new()
    } else {
        format!("{}\n", crate::funding::confirm::EXPLANATION)
    }
}

/// `01/04/2024 – 31/03/2025`.
pub(crate) fn period(f: &YearFunding) -> String {
    format!("{} – {}", date(f.period.start), date(f.period.end))
}

/// The maximum funding of each contract year, one row a year.
pub(crate) fn max_by_year(contract: &Contract) -> String {
    let years: Vec<YearFunding> = (1..=contract.terms.duration_years)
        .map(|y| fund_year(contract, y, &reaching_readings(contract, y)))
        .collect();
    let activation = YearFunding::activation;
    let with_activation = years.iter().any(|f| !activation(f).is_zero());
    let mut headers = vec![
        ("Année", Align::Left),
        ("Période", Align::Left),
        ("Fonctionnement", Align::Right),
        ("Missions : fixe", Align::Right),
        ("Missions : variable", Align::Right),
    ];
    if with_activation {
        headers.push(("Activation crise", Align::Right));
    }
    headers.push(("Maximum", Align::Right));
    let mut table = Table::new(&headers);
    let mut sum = Decimal::ZERO;
    for f in &years {
        let fixed: Decimal = f.fixed();
        let variable = f.max - f.operating - fixed - activation(f);
        let mut row = vec![
            f.year.to_string(),
            period(f),
            euros(f.operating),
            euros(fixed),
            euros(variable),
        ];
        if with_activation {
            row.push(euros(activation(f)));
        }
        row.push(euros(f.max));
        table.row(row);
        sum += f.max;
    }
    let mut total = vec![String::new(); headers.len()];
    total[0] = "Total".into();
    total[headers.len() - 1] = euros(sum);
    table.total(total);
    table.render()
}

/// The dated payments of a year, with their total.
pub(crate) fn calendar(f: &YearFunding) -> String {
    let mut table = Table::new(&[
        ("Date", Align::Left),
        ("Versement", Align::Left),
        ("Montant", Align::Right),
    ]);
    for p in &f.payments {
        table.row(vec![date(p.date), p.label.clone(), euros(p.amount)]);
    }
    let paid: Decimal = f.payments.iter().map(|p| p.amount).sum();
    table.total(vec![String::new(), "Total".into(), euros(paid)]);
    table.render()
}
