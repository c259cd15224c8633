//! Amounts that rest on a grid figure still « à confirmer » (docs/regles.md §2).
//!
//! Several figures of the national grid are reconstructed from real contracts, not read in the
//! legal text. An amount drawn from such a figure is marked wherever it is shown, so that nobody
//! takes it for certain; an amount the contract states itself (`fonctionnement`, `fixe`,
//! `variable`, `snp_*`, `plan`, `mise_a_jour`, `activation`) is the signed one and is never
//! marked.

use super::{Payment, PaymentKind, YearFunding};
use crate::contract::{Contract, Mission};
use crate::grid::Confidence;
use crate::mission::{MissionCode, Part};
use rust_decimal::Decimal;
use serde::Serialize;

/// A share of a mission's money in a year, as the funding names it (`compute --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Share {
    /// The fixed part (`fixed`): for accès, fixe and both SNP envelopes; for crise, the plan.
    Fixed,
    /// The variable part (`variable`, `variable_max`).
    Variable,
    /// The crisis activation (`activation`).
    Activation,
}

impl Share {
    /// French name, as printed beside « à confirmer ».
    pub fn label(self) -> &'static str {
        match self {
            Share::Fixed => "fixe",
            Share::Variable => "variable",
            Share::Activation => "activation",
        }
    }
}

/// The key that names the operating budget in a year's `to_confirm` list.
pub(crate) const OPERATING: &str = "fonctionnement";

/// The French sentence that explains the « à confirmer » mark, for every output that shows it.
/// Non-breaking spaces inside the guillemets and before « : » and « ; », as French typography
/// wants them, so that no line starts with one of these signs.
pub(crate) const EXPLANATION: &str = "«\u{a0}à confirmer\u{a0}»\u{a0}: montant tiré d'un chiffre \
    de la grille nationale encore à vérifier sur le texte officiel\u{a0}; le contrat signé \
    l'emporte s'il fixe son propre montant.";

/// The French words put beside an amount that rests on a figure à confirmer.
pub(crate) const MARK: &str = "à confirmer";

/// The contract year in which a mission starts (its first year, for the crisis plan).
pub(crate) fn first_year(contract: &Contract, mission: &Mission) -> u32 {
    contract.year_of(mission.start).unwrap_or(1)
}

/// The parts that make up a mission's fixed amount in a given year: the plan in the crisis
/// mission's first year and its update afterwards; fixe and the SNP envelopes otherwise.
pub(crate) fn fixed_parts(contract: &Contract, mission: &Mission, year: u32) -> Vec<Part> {
    let candidates: &[Part] = match mission.code {
        MissionCode::Crise if year == first_year(contract, mission) => &[Part::Plan],
        MissionCode::Crise => &[Part::MiseAJour],
        _ => &[Part::Fixe, Part::SnpCompensation, Part::SnpSupplementaire],
    };
    // Only the parts the mission carries: the SNP envelopes are accès's alone.
    candidates
        .iter()
        .copied()
        .filter(|p| mission.code.parts().contains(p))
        .collect()
}

/// Whether the amount of a part comes from a grid figure à confirmer: the contract does not
/// state it and the grid marks it so.
pub(crate) fn rests_on_grid_to_confirm(contract: &Contract, mission: &Mission, part: Part) -> bool {
    mission.code.parts().contains(&part)
        && !mission.overridden.contains(&part)
        && contract
            .grid
            .envelope(mission.code, part)
            .is_some_and(|e| e.confidence == Confidence::ToConfirm)
}

/// Whether the year's operating budget comes from a grid figure à confirmer.
pub(crate) fn operating_to_confirm(contract: &Contract) -> bool {
    !contract.operating_stated && contract.grid.operating.confidence == Confidence::ToConfirm
}

/// The shares of a mission's year that rest on a grid figure à confirmer, among those that
/// bring money this year (a share worth 0 € rests on nothing).
pub(crate) fn mission_to_confirm(
    contract: &Contract,
    mission: &Mission,
    year: u32,
    amounts: [Decimal; 3],
) -> Vec<Share> {
    let [fixed, variable_max, activation] = amounts;
    let shares = [
        (Share::Fixed, fixed, fixed_parts(contract, mission, year)),
        (Share::Variable, variable_max, vec![Part::Variable]),
        (Share::Activation, activation, vec![Part::Activation]),
    ];
    shares
        .into_iter()
        .filter(|(_, amount, _)| !amount.is_zero())
        .filter(|(_, _, parts)| {
            parts
                .iter()
                .any(|p| rests_on_grid_to_confirm(contract, mission, *p))
        })
        .map(|(share, _, _)| share)
        .collect()
}

/// Whether a payment of the year rests on a grid figure à confirmer: the share it pays (the
/// operating budget, a fixed part, the variable part or the activation) is marked so.
pub(crate) fn payment_to_confirm(f: &YearFunding, p: &Payment) -> bool {
    let share = match p.kind {
        PaymentKind::Variable => Share::Variable,
        PaymentKind::Activation => Share::Activation,
        PaymentKind::Whole | PaymentKind::Advance | PaymentKind::Balance => Share::Fixed,
    };
    match p.mission {
        None => f.to_confirm.iter().any(|k| k == OPERATING),
        Some(code) => f
            .missions
            .iter()
            .any(|m| m.code == code && m.to_confirm.contains(&share)),
    }
}

/// The French list of shares to confirm (« fixe, variable »), empty when there is none.
pub(crate) fn shares_label(shares: &[Share]) -> String {
    shares
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::{Share, mission_to_confirm, operating_to_confirm};
    use crate::contract::Contract;
    use crate::funding::{fund_year, planned_year};
    use crate::mission::MissionCode;
    use std::path::Path;

    fn contract(operating: &str, missions: &str) -> Contract {
        let text = format!(
            "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"T\"\nidentifiant = \"1\"\ntaille = 2\n\
             [contrat]\nsignature = 2024-01-01\n{operating}\n{missions}"
        );
        Contract::parse(&text, Path::new("c.toml")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn shares(c: &Contract, code: MissionCode, year: u32) -> Vec<Share> {
        let f = planned_year(c, year);
        f.missions
            .iter()
            .find(|m| m.code == code)
            .unwrap()
            .to_confirm
            .clone()
    }

    #[test]
    fn the_default_grid_prevention_is_to_confirm_and_flags_its_year() {
        let c = contract(
            "",
            "[[missions]]\ncode = \"prevention\"\ndebut = 2024-01-01\n\
             [[missions]]\ncode = \"parcours\"\ndebut = 2024-01-01",
        );
        assert_eq!(
            shares(&c, MissionCode::Prevention, 1),
            [Share::Fixed, Share::Variable]
        );
        // Parcours rests on confirmed figures only.
        assert!(shares(&c, MissionCode::Parcours, 1).is_empty());
        let year = planned_year(&c, 1);
        assert_eq!(year.to_confirm, ["prevention"]);
        // Prévention's payments are to confirm, parcours's are not.
        for p in &year.payments {
            let expected = p.mission == Some(MissionCode::Prevention);
            assert_eq!(super::payment_to_confirm(&year, p), expected, "{}", p.label);
        }
    }

    #[test]
    fn amounts_the_contract_states_are_never_flagged() {
        let c = contract(
            "",
            "[[missions]]\ncode = \"qualite\"\ndebut = 2024-01-01\nfixe = 9000\nvariable = 9000",
        );
        assert!(shares(&c, MissionCode::Qualite, 1).is_empty());
        assert!(planned_year(&c, 1).to_confirm.is_empty());
        // Only the variable stated: the fixed part still rests on the grid.
        let c = contract(
            "",
            "[[missions]]\ncode = \"qualite\"\ndebut = 2024-01-01\nvariable = 9000",
        );
        assert_eq!(shares(&c, MissionCode::Qualite, 1), [Share::Fixed]);
    }

    #[test]
    fn confirmed_or_stated_operating_budget_is_not_flagged() {
        let c = contract("", "[[missions]]\ncode = \"acces\"\ndebut = 2024-01-01");
        assert!(!operating_to_confirm(&c));
        assert!(!c.operating_stated);
        let stated = contract(
            "fonctionnement = 61000",
            "[[missions]]\ncode = \"acces\"\ndebut = 2024-01-01",
        );
        assert!(stated.operating_stated);
        let mut grid_to_confirm = stated.clone();
        grid_to_confirm.grid.operating.confidence = crate::grid::Confidence::ToConfirm;
        assert!(!operating_to_confirm(&grid_to_confirm));
        let mut unstated = c.clone();
        unstated.grid.operating.confidence = crate::grid::Confidence::ToConfirm;
        assert!(operating_to_confirm(&unstated));
        let f = fund_year(&unstated, 1, &Default::default());
        assert_eq!(f.to_confirm, [super::OPERATING]);
    }

    #[test]
    fn crisis_plan_activation_and_update_follow_their_own_part() {
        let c = contract(
            "",
            "[[missions]]\ncode = \"crise\"\ndebut = 2024-01-01\nplan = 30000",
        );
        let m = &c.missions[0];
        let amounts = |x: i64| [x.into(), 0.into(), x.into()];
        // Year 1 is the plan, stated; the activation (when paid) rests on the grid.
        assert_eq!(
            mission_to_confirm(&c, m, 1, amounts(1)),
            [Share::Activation]
        );
        // Year 2 is the update, from the grid.
        assert_eq!(
            mission_to_confirm(&c, m, 2, amounts(1)),
            [Share::Fixed, Share::Activation]
        );
        // Nothing paid, nothing to confirm.
        assert!(mission_to_confirm(&c, m, 2, amounts(0)).is_empty());
    }
}
