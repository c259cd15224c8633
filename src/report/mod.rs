//! What users read in the terminal: aligned French tables of funding figures.

pub(crate) mod contract;
pub(crate) mod table;
pub(crate) mod workbook;

use crate::contract::Contract;
use crate::fr::{date, euros};
use crate::funding::confirm;
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
    let flagged = years.iter().any(|f| !f.to_confirm.is_empty());
    if flagged {
        headers.push(("À confirmer", Align::Left));
    }
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
        if flagged {
            row.push(mark(!f.to_confirm.is_empty()));
        }
        table.row(row);
        sum += f.max;
    }
    let mut total = vec![String::new(); headers.len()];
    total[0] = "Total".into();
    let sum_col = headers.len() - 1 - usize::from(flagged);
    total[sum_col] = euros(sum);
    if flagged {
        total[sum_col + 1] = mark(true);
    }
    table.total(total);
    table.render()
}

/// The dated payments of a year, with their total.
pub(crate) fn calendar(f: &YearFunding) -> String {
    // The `À confirmer` column only for a year that has something to confirm.
    let flagged = !f.to_confirm.is_empty();
    let mut headers = vec![
        ("Date", Align::Left),
        ("Versement", Align::Left),
        ("Montant", Align::Right),
    ];
    if flagged {
        headers.push(("À confirmer", Align::Left));
    }
    let mut table = Table::new(&headers);
    for p in &f.payments {
        let mut row = vec![date(p.date), p.label.clone(), euros(p.amount)];
        if flagged {
            row.push(mark(confirm::payment_to_confirm(f, p)));
        }
        table.row(row);
    }
    let paid: Decimal = f.payments.iter().map(|p| p.amount).sum();
    let mut total = vec![String::new(), "Total".into(), euros(paid)];
    if flagged {
        total.push(mark(true));
    }
    table.total(total);
    table.render() + &to_confirm_note(f)
}

/// The words of an `À confirmer` cell: the mark, or nothing.
pub(crate) fn mark(to_confirm: bool) -> String {
    if to_confirm {
        confirm::MARK.into()
    } else {
        String::new()
    }
}
