//! `[[avenants]]`: numbered in order, each effective at an anniversary of the signature, one
//! after the other.

use super::Checker;
use crate::contract::file::AvenantFile;
use crate::contract::{Avenant, Terms, add_years};
use toml::Spanned;

pub(super) fn resolve(
    ck: &mut Checker,
    avenants: &[Spanned<AvenantFile>],
    terms: Option<&Terms>,
) -> Vec<Avenant> {
    let mut out: Vec<Avenant> = Vec::new();
    for (i, a) in avenants.iter().enumerate() {
        let f = a.get_ref();
        let number = *f.numero.get_ref();
        let expected = i as u32 + 1;
        if number != expected {
            let msg = format!(
                "avenant n° {number} : les avenants sont numérotés 1, 2, 3… dans l'ordre de la \
                 liste ; celui-ci devrait porter le n° {expected}"
            );
            ck.error(Some(f.numero.span()), msg);
        }
        let what = format!("avenant n° {number}");
        let signature = ck.date(&f.signature, &format!("{what}, signature"));
        let effect = ck.date(&f.effet, &format!("{what}, effet"));
        let (Some(signature), Some(effect), Some(terms)) = (signature, effect, terms) else {
            continue;
        };
        if signature < terms.signature {
            let msg = format!(
                "{what} : signé le {}, avant le contrat lui-même (signé le {})",
                crate::fr::date(signature),
                crate::fr::date(terms.signature)
            );
            ck.error(Some(f.signature.span()), msg);
        }
        let anniversaries: Vec<_> = (1..terms.duration_years)
            .map(|k| add_years(terms.signature, k))
            .collect();
        if !anniversaries.contains(&effect) {
            let next = anniversaries
                .iter()
                .find(|d| **d >= effect)
                .or(anniversaries.last());
            let example = next.map_or(String::new(), |d| format!(", par exemple le {d}"));
            let msg = format!(
                "{what} : l'effet au {} n'est pas une date anniversaire du contrat (signé le {}) ; \
                 un avenant prend effet au début d'une année de contrat, jamais en cours \
                 d'année{example}",
                crate::fr::date(effect),
                crate::fr::date(terms.signature),
            );
            ck.error(Some(f.effet.span()), msg);
        }
        if let Some(before) = out.last()
            && effect <= before.effect
        {
            let msg = format!(
                "{what} : prend effet le {}, pas après l'avenant n° {} (effet le {}) ; les \
                 avenants se suivent, chacun à une date anniversaire plus tardive",
                crate::fr::date(effect),
                before.number,
                crate::fr::date(before.effect)
            );
            ck.error(Some(f.effet.span()), msg);
        }
        out.push(Avenant {
            number,
            signature,
            effect,
            object: f.objet.trim().to_string(),
        });
    }
    out
}
