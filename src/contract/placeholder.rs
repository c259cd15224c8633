//! Values still to fill in a contract (README, « Le contrat »).
//!
//! The starter of `init` writes every value a coordinator must copy from the signed contract as
//! a text beginning with « À REMPLIR », in place of the value, even where a number or a date is
//! expected: the file stays TOML, a person sees what to replace, and this module finds each one
//! with its line and column before the file is read as a contract. A signed contract holds
//! none, and names its CPTS: an empty name or identifier is a value still to fill too.

use super::error::Problem;
use crate::finding::Code;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The words that begin every value still to fill.
pub(crate) const MARK: &str = "À REMPLIR";

/// The name the starters of earlier versions gave the CPTS, before the marker existed.
const OLD_STARTER_NAME: &str = "cpts à nommer";

/// Whether a text is a value still to fill: it begins with « À REMPLIR » (in any case, with or
/// without the accent).
pub(crate) fn is_placeholder(text: &str) -> bool {
    let text = text.trim().to_lowercase();
    let text = text.strip_prefix('à').or_else(|| text.strip_prefix('a'));
    text.is_some_and(|rest| rest.trim_start().starts_with("remplir"))
}

/// Whether a name or identifier of the CPTS is still to fill: empty, or a placeholder.
pub(crate) fn identity_unfilled(text: &str) -> bool {
    text.trim().is_empty() || is_placeholder(text) || text.trim().to_lowercase() == OLD_STARTER_NAME
}

/// Every value still to fill in a contract text, in file order: each placeholder, and the
/// CPTS's name or identifier when empty or absent. Empty when the text is not TOML (reading it
/// as a contract then says why).
pub(crate) fn find(text: &str) -> Vec<Problem> {
    let mut all = marked(text);
    all.extend(identity_gaps(text));
    all.sort_by_key(|p| (p.line, p.column));
    all
}

/// Each value written « À REMPLIR : … », in file order.
pub(crate) fn marked(text: &str) -> Vec<Problem> {
    collect(text, |document, push| {
        for (key, value) in document.iter() {
            walk(key.get_ref(), value, &[], None, push);
        }
    })
}

/// The CPTS's name or identifier when empty or absent, or the name the starters of earlier
/// versions wrote.
pub(crate) fn identity_gaps(text: &str) -> Vec<Problem> {
    collect(text, |document, push| identity(text, document, push))
}

/// The problems `look` finds in the parsed text, in file order.
fn collect(text: &str, look: impl FnOnce(&DeTable<'_>, &mut Push<'_>)) -> Vec<Problem> {
    let Ok(document) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, Problem)> = Vec::new();
    let mut push = |span: std::ops::Range<usize>, message: String| {
        found.push((
            span.start,
            Problem::of(Code::ContractPlaceholder, text, Some(span), message),
        ));
    };
    look(document.get_ref(), &mut push);
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, p)| p).collect()
}

type Push<'a> = dyn FnMut(std::ops::Range<usize>, String) + 'a;

/// Looks for placeholders in one value; `within` names the tables it sits in, for a person, and
/// `parent` is the key of the table holding it.
fn walk(
    key: &str,
    value: &Spanned<DeValue<'_>>,
    within: &[String],
    parent: Option<&str>,
    push: &mut Push<'_>,
) {
    match value.get_ref() {
        DeValue::String(s) if is_placeholder(s) => {
            let place = if within.is_empty() {
                format!("« {key} »")
            } else {
                format!("« {key} » ({})", within.join(", "))
            };
            push(
                value.span(),
                format!("{place} reste à remplir{}", described(s)),
            );
        }
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                match item.get_ref() {
                    DeValue::Table(table) => {
                        let mut inner = within.to_vec();
                        inner.push(element(key, table, i));
                        for (k, v) in table.iter() {
                            walk(k.get_ref(), v, &inner, Some(key), push);
                        }
                    }
                    _ => walk(key, item, within, parent, push),
                }
            }
        }
        DeValue::Table(table) => {
            let mut inner = within.to_vec();
            match (parent, key) {
                (_, "annees") => {}
                (Some("annees"), year) => inner.push(format!("année {year}")),
                _ => inner.push(format!("[{key}]")),
            }
            for (k, v) in table.iter() {
                walk(k.get_ref(), v, &inner, Some(key), push);
            }
        }
        _ => {}
    }
}

/// What a placeholder says is to fill, after its mark: « : objectif de l'année 1 ».
fn described(text: &str) -> String {
    let rest = text
        .trim()
        .chars()
        .skip(MARK.chars().count())
        .collect::<String>();
    match rest.trim().trim_start_matches(':').trim() {
        "" => String::new(),
        what => format!(" : {what}"),
    }
}

/// How a person names an element of an array of tables: by its code when it has one.
fn element(key: &str, table: &DeTable<'_>, index: usize) -> String {
    let field = |name: &str| {
        table
            .iter()
            .find(|(k, _)| k.get_ref() == name)
            .map(|(_, v)| v.get_ref())
    };
    let code = match field("code") {
        Some(DeValue::String(code)) => Some(code.to_string()),
        _ => None,
    };
    match (key, code) {
        ("missions", Some(code)) => format!("mission {code}"),
        ("indicateurs", Some(code)) => format!("indicateur {code}"),
        ("avenants", _) => format!("avenant n° {}", index + 1),
        ("contacts", _) => format!("contact n° {}", index + 1),
        (key, _) => format!("[[{key}]] n° {}", index + 1),
    }
}

/// The CPTS's name and identifier when empty, absent, or the name the starters of earlier
/// versions wrote (a placeholder is found by `walk`).
fn identity(text: &str, document: &DeTable<'_>, push: &mut Push<'_>) {
    let Some((header, cpts)) = document.iter().find(|(k, _)| k.get_ref() == "cpts") else {
        return;
    };
    let DeValue::Table(cpts) = cpts.get_ref() else {
        return;
    };
    let field = |name: &str| cpts.iter().find(|(k, _)| k.get_ref() == name);
    if let Some((_, value)) = field("nom")
        && let DeValue::String(s) = value.get_ref()
    {
        if s.trim().is_empty() {
            push(
                value.span(),
                "« nom » ([cpts]) est vide : écrivez le nom de la CPTS".into(),
            );
        } else if s.trim().to_lowercase() == OLD_STARTER_NAME {
            push(
                value.span(),
                format!(
                    "« nom » ([cpts]) est encore celui du modèle de départ (« {} ») : écrivez le \
                     nom de la CPTS",
                    s.trim()
                ),
            );
        }
    }
    match field("identifiant") {
        Some((_, value)) => {
            if let DeValue::String(s) = value.get_ref()
                && s.trim().is_empty()
            {
                push(
                    value.span(),
                    "« identifiant » ([cpts]) est vide : écrivez le numéro SIRET ou FINESS de la \
                     CPTS"
                        .into(),
                );
            }
        }
        None => {
            // The `[cpts]` header, or the key of an inline table.
            let span = header.span();
            let start = text[..span.start].rfind('[').unwrap_or(span.start);
            push(
                start..span.end,
                "[cpts] n'a pas d'« identifiant » : ajoutez identifiant = \"…\", le numéro SIRET \
                 ou FINESS de la CPTS"
                    .into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_begins_with_the_mark_in_any_case_or_accent() {
        for text in [
            "À REMPLIR : nom",
            "à remplir",
            "A REMPLIR : cible",
            "  a remplir",
        ] {
            assert!(is_placeholder(text), "{text}");
        }
        for text in ["CPTS du Val", "", "Remplir le formulaire", "À compléter"] {
            assert!(!is_placeholder(text), "{text}");
        }
        assert!(identity_unfilled("CPTS à nommer") && identity_unfilled(" "));
        assert_eq!(described("à remplir"), "");
        assert_eq!(described(" À REMPLIR : cible "), " : cible");
        assert!(!identity_unfilled("CPTS du Val"));
    }

    #[test]
    fn each_placeholder_is_named_at_its_line_and_column() {
        let text = "format = \"cpts-aci/contrat@1\"\n\
                    [cpts]\n\
                    nom = \"À REMPLIR : nom\"\n\
                    identifiant = \"\"\n\
                    [contrat]\n\
                    signature = \"À REMPLIR : date\"\n\
                    [[missions]]\n\
                    code = \"acces\"\n\
                    debut = \"À REMPLIR : début\"\n\
                    [[indicateurs]]\n\
                    code = \"ACC-01\"\n\
                    justificatifs = [\"À REMPLIR : pièce\"]\n\
                    [indicateurs.annees.1]\n\
                    cible = \"À REMPLIR : cible\"\n";
        let found: Vec<(usize, usize, String)> = find(text)
            .into_iter()
            .map(|p| (p.line.unwrap(), p.column.unwrap(), p.message))
            .collect();
        let at: Vec<(usize, usize)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(3, 7), (4, 15), (6, 13), (9, 9), (12, 18), (14, 9)]);
        assert_eq!(found[0].2, "« nom » ([cpts]) reste à remplir : nom");
        assert!(
            find(text)
                .iter()
                .all(|p| p.code == Code::ContractPlaceholder)
        );
        assert!(found[1].2.contains("SIRET"));
        assert!(found[3].2.contains("(mission acces)"), "{}", found[3].2);
        assert!(
            found[5].2.contains("(indicateur ACC-01, année 1)"),
            "{}",
            found[5].2
        );
    }

    #[test]
    fn an_absent_identifier_and_the_old_starter_name_are_to_fill() {
        let text = "[cpts]\nnom = \"CPTS à nommer\"\n";
        let found = find(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].line, found[0].column), (Some(1), Some(1)));
        assert!(found[0].message.contains("n'a pas d'« identifiant »"));
        assert_eq!(found[1].line, Some(2));
        let filled = "[cpts]\nnom = \"CPTS du Val\"\nidentifiant = \"123\"\nx = 1\n";
        assert!(find(filled).is_empty());
        assert!(
            find("[cpts\n").is_empty(),
            "TOML errors are reported elsewhere"
        );
    }

    #[test]
    fn a_signed_contract_names_its_cpts_or_is_refused_with_every_gap() {
        use crate::contract::{Contract, ContractError};
        use std::path::Path;
        let full = "format = \"cpts-aci/contrat@1\"\n[cpts]\nnom = \"CPTS Test\"\n\
                    identifiant = \"123\"\npopulation = 62000\n[contrat]\n\
                    signature = 2024-03-01\n[[missions]]\ncode = \"prevention\"\n\
                    debut = 2024-06-01\n";
        assert!(Contract::parse(full, Path::new("c.toml")).is_ok());
        let refused = |text: &str| match Contract::parse(text, Path::new("c.toml")) {
            Err(ContractError::Unfilled { placeholders, .. }) => placeholders,
            other => panic!("{other:?}"),
        };
        let without = full.replace("identifiant = \"123\"\n", "");
        let p = refused(&without);
        assert_eq!((p.len(), p[0].line), (1, Some(2)), "{p:#?}");
        assert!(p[0].message.contains("SIRET ou FINESS"), "{}", p[0].message);
        let p = refused(&full.replace("\"CPTS Test\"", "\"  \""));
        assert!(p[0].message.contains("« nom » ([cpts]) est vide"), "{p:#?}");
        let p = refused(&full.replace("\"CPTS Test\"", "\"CPTS à nommer\""));
        assert!(p[0].message.contains("modèle de départ"), "{p:#?}");
        // With another problem, both are listed, in file order.
        match Contract::parse(&without.replace("2024-06-01", "2023-01-01"), Path::new("c")) {
            Err(ContractError::Invalid { problems, .. }) => {
                assert_eq!(problems.len(), 2, "{problems:#?}");
                assert!(problems[0].message.contains("identifiant"));
                assert!(problems[1].message.contains("mission"));
            }
            other => panic!("{other:?}"),
        }
        // A placeholder where a number is expected is named, not a type error.
        let p = refused(&full.replace("population = 62000", "population = \"À REMPLIR\""));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].message, "« population » ([cpts]) reste à remplir");
        // The contract of a workbook may be a draft: `check` reports its identity.
        let draft = Contract::parse_draft(&without, Path::new("c.toml")).unwrap();
        assert_eq!(draft.cpts.identifier, "");
    }
}
