//! Prorated years with every line reached, in real LibreOffice: each line's `Poids de l'année
//! (€)` and `Montant (€)`, and each mission's variable earned and maximum in `Synthèse`, must
//! equal the engine's, and every mission must earn exactly its maximum (docs/regles.md §5).

mod common;
mod corpus;

use common::{cents, engine_cents, number, recalculated, table_rows};
use corpus::corpus;
use cpts_aci::write_workbook;
use cpts_aci::{Readings, YearFunding, fund_year};
use rust_decimal::Decimal;
use std::collections::HashMap;

#[test]
fn every_line_reached_in_prorated_years_earns_each_mission_exactly_its_maximum_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    // Missions whose maximum the rule before year weights (round₂ of the envelope × p, each
    // line rounded on its own) missed by a cent or more: the cases this test is about.
    let mut old_rule_off = 0;
    let mut prorated = 0;
    for (seed, policy, prorata) in [(5, "exclu", "jours"), (19, "nul", "mois")] {
        let (c, _, _) = corpus(seed, policy, prorata, 40, true);
        let e = common::reaching_entries(&c, 1);
        let f: YearFunding = fund_year(&c, 1, &e.readings(&c, 1));
        let stale = fund_year(&c, 1, &Readings::new());
        let path = dir.path().join(format!("atteint-{policy}.xlsx"));
        std::fs::write(&path, write_workbook(&c, 1, &e, &stale).unwrap()).unwrap();
        let lo = recalculated(&path, dir.path());
        let rows = table_rows(&lo, "Indicateurs", "Code");
        let lines: HashMap<&str, &cpts_aci::LineFunding> = f
            .missions
            .iter()
            .flat_map(|m| &m.indicators)
            .map(|l| (l.code.as_str(), l))
            .collect();
        for row in &rows {
            let l = lines[row["Code"].to_string().as_str()];
            assert_eq!(l.attainment, Decimal::ONE, "{}: reached", l.code);
            assert_eq!(
                (
                    cents(number(&row["Poids de l'année (€)"])),
                    cents(number(&row["Montant (€)"]))
                ),
                (engine_cents(l.year_weight), engine_cents(l.amount)),
                "{policy}: {}",
                l.code
            );
        }
        common::assert_summary_matches(&lo, &f, policy);
        let shown = common::summary_variables(&lo);
        for m in &f.missions {
            let (_, earned, most) = shown
                .iter()
                .find(|(name, _, _)| name == m.code.label())
                .unwrap();
            assert_eq!(m.variable, m.variable_max, "{policy}: {} engine", m.code);
            assert_eq!(
                (*earned, *most),
                (engine_cents(m.variable_max), engine_cents(m.variable_max)),
                "{policy}: {} in LibreOffice",
                m.code
            );
            if m.prorata < Decimal::ONE {
                prorated += 1;
                let envelope: Decimal = m.indicators.iter().map(|l| l.weight).sum();
                let old_max = (envelope * m.prorata).round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                old_rule_off += usize::from(old_max != m.variable_max);
            }
        }
    }
    eprintln!("{prorated} missions au prorata, dont {old_rule_off} que l'ancienne règle manquait");
    assert!(prorated >= 4 && old_rule_off >= 2);
}
