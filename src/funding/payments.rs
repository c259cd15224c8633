//! The dated payments of a contract year (docs/regles.md §5): advances of 75 % when an amount
//! becomes due, balances and variable parts after the dialogue de gestion.

use super::{MissionFunding, Payment, PaymentKind};
use crate::contract::{Contract, Period};
use crate::money::round2;
use rust_decimal::Decimal;

/// Advance: round₂(75 % × amount); balance: the rest.
pub(crate) fn split_advance(amount: Decimal) -> (Decimal, Decimal) {
    let advance = round2(amount * Decimal::new(75, 2));
    (advance, amount - advance)
}

pub(crate) fn payments(
    contract: &Contract,
    year: u32,
    period: Period,
    missions: &[MissionFunding],
) -> Vec<Payment> {
    let end = period.next_anniversary();
    let mut out = Vec::new();
    let mut pay = |date, kind, label: String, amount: Decimal, mission| {
        if !amount.is_zero() {
            out.push(Payment {
                date,
                label,
                amount,
                mission,
                kind,
            });
        }
    };
    if year == 1 {
        pay(
            period.start,
            PaymentKind::Whole,
            "Fonctionnement : versement intégral à la signature".into(),
            contract.operating,
            None,
        );
    } else {
        let (advance, balance) = split_advance(contract.operating);
        pay(
            period.start,
            PaymentKind::Advance,
            "Fonctionnement : avance 75 %".into(),
            advance,
            None,
        );
        pay(
            end,
            PaymentKind::Balance,
            "Fonctionnement : solde".into(),
            balance,
            None,
        );
    }
    for (m, funded) in contract.missions.iter().zip(missions) {
        let name = m.code.label();
        let due = m.start.max(period.start);
        let (advance, balance) = split_advance(funded.fixed);
        pay(
            due,
            PaymentKind::Advance,
            format!("Mission {name} : fixe, avance 75 %"),
            advance,
            Some(m.code),
        );
        pay(
            end,
            PaymentKind::Balance,
            format!("Mission {name} : fixe, solde"),
            balance,
            Some(m.code),
        );
        pay(
            end,
            PaymentKind::Variable,
            format!("Mission {name} : variable"),
            funded.variable,
            Some(m.code),
        );
        pay(
            end,
            PaymentKind::Activation,
            format!("Mission {name} : activation (crise reconnue)"),
            funded.activation,
            Some(m.code),
        );
    }
    out.sort_by(|a, b| (a.date, &a.label).cmp(&(b.date, &b.label)));
    out
}
