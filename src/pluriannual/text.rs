//! The plan in French, for people: the years, the payment calendar, the trajectories.

use super::{Basis, Plan};
use crate::fr::{date, euros, percent};
use crate::report::euros_marked;

/// The plan as text.
pub(crate) fn text(plan: &Plan) -> String {
    let mut out = format!("Plan pluriannuel du contrat de {}\n\n", plan.cpts);
    out.push_str("Années :\n");
    for y in &plan.years {
        let obtained = match y.obtained {
            Some(o) if y.closed => format!(
                "obtenu {} (calculé) ; non obtenu {}",
                euros(o),
                euros(y.max - o)
            ),
            Some(o) => format!(
                "obtenu {} (calculé) ; reste à obtenir {}",
                euros(o),
                euros(y.max - o)
            ),
            None => "prévu au maximum".into(),
        };
        out.push_str(&format!(
            "  année {} ({} – {}) : maximum {} ; {obtained}\n",
            y.year,
            date(y.start),
            date(y.end),
            euros_marked(y.max, !y.to_confirm.is_empty())
        ));
    }
    let obtained: rust_decimal::Decimal = plan.years.iter().filter_map(|y| y.obtained).sum();
    let to_confirm = plan.years.iter().any(|y| !y.to_confirm.is_empty());
    out.push_str(&format!(
        "  total du contrat : maximum {} ; obtenu {} sur les années calculées\n",
        euros_marked(plan.max(), to_confirm),
        euros(obtained)
    ));
    if to_confirm {
        out.push_str(&format!("  {}\n", crate::funding::confirm::EXPLANATION));
    }
    out.push_str("\nÉchéancier :\n");
    for p in &plan.payments {
        out.push_str(&format!(
            "  {}  année {}  {:<58} {:>14}  {:<8} cumul {}\n",
            date(p.date),
            p.year,
            p.label,
            euros(p.amount),
            p.basis.label(),
            euros(p.cumulative)
        ));
    }
    out.push_str("\nTrajectoire des indicateurs :\n");
    for i in &plan.indicators {
        out.push_str(&format!("  {} — {}\n", i.code, i.label));
        for y in &i.years {
            let target = y.target.map_or(String::new(), |t| {
                format!("cible {} ; ", crate::fr::decimal(t))
            });
            let result = match (y.basis, &y.realised, y.attainment) {
                (Basis::Computed, realised, Some(a)) => format!(
                    "réalisé {} ; atteinte {} ; ",
                    realised.as_deref().unwrap_or("(vide)"),
                    percent(a)
                ),
                _ => String::new(),
            };
            out.push_str(&format!(
                "    année {} : {target}poids {} ; {result}montant {} ({})\n",
                y.year,
                euros(y.weight),
                euros(y.amount),
                y.basis.label()
            ));
        }
    }
    if !plan.findings.is_empty() {
        out.push_str(&format!(
            "\n{} non comptés :\n",
            crate::fr::count(plan.findings.len(), "classeur", "classeurs")
        ));
        for f in &plan.findings {
            out.push_str(&f.listed());
        }
    }
    out
}
