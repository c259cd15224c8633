//! The missions of a contract: each declared once, started within the contract, with its
//! amounts (the contract's, else the grid's) in euros and cents.

use super::Checker;
use crate::contract::Mission;
use crate::contract::Terms;
use crate::contract::file::MissionFile;
use crate::grid::Grid;
use crate::grid::Size;
use crate::mission::MissionCode;
use crate::mission::Part;
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::value::Datetime;
pub(super) fn resolve_missions(
    ck: &mut Checker,
    missions: &[Spanned<MissionFile>],
    grid: &Grid,
    size: Size,
    terms: Option<&Terms>,
) -> Vec<Mission> {
    let mut out: Vec<Mission> = Vec::new();
    let mut seen: IndexMap<MissionCode, usize> = IndexMap::new();
    for spanned in missions {
        let m = spanned.get_ref();
        let code = *m.code.get_ref();
        // Byte offsets are kept; a line number is only computed for an error.
        if let Some(&offset) = seen.get(&code) {
            let line = crate::contract::error::line_column(ck.text, offset).0;
            let msg = format!("mission « {code} » déclarée deux fois (déjà ligne {line})");
            ck.error(Some(m.code.span()), msg);
            continue;
        }
        seen.insert(code, m.code.span().start);
        let start = ck.date(&m.start, "debut");
        if let (Some(start), Some(terms)) = (start, terms) {
            check_mission_start(ck, &m.start, start, code, terms);
        }
        let (annual, overridden) = mission_amounts(ck, m, grid, size);
        if let Some(start) = start {
            out.push(Mission {
                code,
                start,
                annual,
                overridden,
            });
        }
    }
    out
}

pub(super) fn check_mission_start(
    ck: &mut Checker,
    at: &Spanned<Datetime>,
    start: NaiveDate,
    code: MissionCode,
    terms: &Terms,
) {
    let end = crate::contract::add_years(terms.signature, terms.duration_years);
    if start < terms.signature {
        let msg = format!(
            "la mission « {code} » commence le {}, avant la signature du contrat ({}) : une \
             mission commence au plus tôt à la signature",
            crate::fr::date(start),
            crate::fr::date(terms.signature)
        );
        ck.error(Some(at.span()), msg);
    } else if start >= end {
        let msg = format!(
            "la mission « {code} » commence le {}, après la fin du contrat (le {})",
            crate::fr::date(start),
            crate::fr::date(end.pred_opt().unwrap_or(end))
        );
        ck.error(Some(at.span()), msg);
    }
}

pub(super) fn mission_amounts(
    ck: &mut Checker,
    m: &MissionFile,
    grid: &Grid,
    size: Size,
) -> (IndexMap<Part, Decimal>, Vec<Part>) {
    let code = *m.code.get_ref();
    let given = [
        (Part::Fixe, &m.fixe),
        (Part::Variable, &m.variable),
        (Part::SnpCompensation, &m.snp_compensation),
        (Part::SnpSupplementaire, &m.snp_supplementaire),
        (Part::Plan, &m.plan),
        (Part::MiseAJour, &m.mise_a_jour),
        (Part::Activation, &m.activation),
    ];
    let mut annual = IndexMap::new();
    let mut overridden = Vec::new();
    for (part, value) in given {
        let allowed = code.parts().contains(&part);
        match value {
            Some(v) if !allowed => {
                let keys: Vec<_> = code.parts().iter().map(|p| p.key()).collect();
                let msg = format!(
                    "« {} » ne s'applique pas à la mission « {code} » ; montants possibles : {}",
                    part.key(),
                    keys.join(", ")
                );
                ck.error(Some(v.span()), msg);
            }
            Some(v) => {
                annual.insert(part, ck.amount(v, part.key()));
                overridden.push(part);
            }
            None if allowed => {
                let default = grid.envelope(code, part).map(|e| e.amount(size));
                annual.insert(part, default.unwrap_or_default());
            }
            None => {}
        }
    }
    annual.sort_by_key(|part, _| code.parts().iter().position(|p| p == part));
    (annual, overridden)
}
