//! What a workbook is bound to: a CPTS named in its contract (a workbook made from a starter
//! contract still to fill is an error), and with `check --contrat`, the terms of year N — not
//! the whole contract text, so an avenant that leaves year N alone leaves its workbook valid.

use crate::contract::Contract;
use crate::contract::changes::{ChangeKind, TermChange, year_changes};
use crate::contract::placeholder::identity_unfilled;
use crate::finding::{Code, Finding, hints};
use crate::workbook::layout::{self, ind};
use crate::workbook::read::ReadWorkbook;

/// An `identity_placeholder` finding for the CPTS's name and for its identifier when still to
/// fill (empty, « À REMPLIR », or the name the starters of earlier versions wrote), at the
/// `Contrat` cell showing it: such a workbook was made from a starter, not a signed contract.
pub(super) fn identity(wb: &ReadWorkbook) -> Vec<Finding> {
    let cpts = &wb.contract.cpts;
    [
        (&cpts.name, "le nom", layout::CONTRACT_NAME_CELL),
        (
            &cpts.identifier,
            "l'identifiant (SIRET ou FINESS)",
            layout::CONTRACT_IDENTIFIER_CELL,
        ),
    ]
    .into_iter()
    .filter(|(value, _, _)| identity_unfilled(value))
    .map(|(value, what, cell)| {
        let shown = if value.trim().is_empty() {
            "vide".to_string()
        } else {
            format!("« {} »", value.trim())
        };
        let message = format!(
            "{what} de la CPTS est encore à remplir ({shown}) : ce classeur a été produit à partir \
             d'un contrat de départ, pas du contrat signé"
        );
        Finding::of(
            Code::IdentityPlaceholder,
            layout::SHEET_CONTRACT,
            cell,
            message,
        )
    })
    .collect()
}

/// The findings of comparing the workbook's year terms with the signed contract's: none when
/// the texts are the same or the year's terms are; otherwise one `contract_mismatch` per term
/// that differs, at its line when the workbook has it.
pub(super) fn bound_terms(wb: &ReadWorkbook, signed: &Contract) -> Vec<Finding> {
    if signed.sha256() == wb.stored_hash {
        return Vec::new();
    }
    if !signed.same_contract(&wb.contract) {
        let message = format!(
            "ce classeur a été produit pour un autre contrat que celui fourni ({}, signé le {})",
            wb.contract.cpts.name,
            crate::fr::date(wb.contract.terms.signature)
        );
        return vec![Finding::of(
            Code::ContractMismatch,
            layout::SHEET_META,
            "",
            message,
        )];
    }
    // The avenant in force for the year made the change, else the latest one did.
    let by = signed
        .avenant_of_year(wb.year)
        .or(signed.avenants.last())
        .map_or(String::new(), |a| format!(" (avenant n° {})", a.number));
    year_changes(&wb.contract, signed, wb.year)
        .iter()
        .map(|c| finding(wb, &by, c))
        .collect()
}

fn finding(wb: &ReadWorkbook, by: &str, c: &TermChange) -> Finding {
    let what = match c.kind {
        ChangeKind::LineAdded => format!(
            "le contrat fourni{by} ajoute cette ligne à l'année {}",
            c.year
        ),
        ChangeKind::LineRemoved => format!(
            "le contrat fourni{by} retire cette ligne de l'année {}",
            c.year
        ),
        ChangeKind::MissionAdded => format!(
            "le contrat fourni{by} ajoute la mission {} à l'année {}",
            c.after.french(),
            c.year
        ),
        ChangeKind::MissionRemoved => format!(
            "le contrat fourni{by} retire la mission {} de l'année {}",
            c.before.french(),
            c.year
        ),
        _ => format!(
            "le contrat fourni{by} change « {} »{} pour l'année {} : {} dans ce classeur, {} dans le contrat",
            c.field_label(),
            c.mission
                .filter(|_| c.indicator.is_none())
                .map_or(String::new(), |m| format!(" de la mission {}", m.label())),
            c.year,
            c.before.french(),
            c.after.french()
        ),
    };
    let column = match c.field {
        "cible" => ind::TARGET,
        "poids" => ind::WEIGHT,
        "valeur_initiale" => ind::BASELINE,
        "regle" => ind::RULE,
        "sens" => ind::DIRECTION,
        "mission" => ind::MISSION,
        _ => ind::CODE,
    };
    let row = c.indicator.as_deref().and_then(|code| {
        let t = wb.indicators.as_ref()?;
        let r = t.rows.iter().find(|r| r.key == code)?;
        Some((t, r.row))
    });
    let f = match row {
        Some((t, r)) => t.finding(Code::ContractMismatch, r, column, what),
        None => Finding::of(Code::ContractMismatch, layout::SHEET_META, "", what),
    };
    f.hint(hints::TERMS_CHANGED)
        .with_indicator(c.indicator.as_deref())
}
