//! Values of the wrong kind in well-formed TOML (a number between quotes, an unknown choice,
//! a misspelt key), each with the repair that lets the reading go on.

use super::mistakes::{Mistake, short_date, typed_number};
use super::mistakes::{closest, digits, french_boolean, french_date, mistake, quote};
use super::{Place, Repair};
use crate::contract::error::{Problem, translate};
use crate::contract::placeholder::is_placeholder;
use crate::finding::{Code, hints};

/// The problem of a value of the wrong kind (the text is well-formed TOML), and the repair
/// that lets the reading go on.
pub(super) fn kind_problem(text: &str, error: &toml::de::Error) -> (Problem, Option<Repair>) {
    let message = error.message().trim();
    let Some(span) = error.span() else {
        return (
            Problem::of(Code::ContractSyntax, text, None, translate(message)),
            None,
        );
    };
    let place = Place::of(text, span.start);
    let key = place.key.clone().unwrap_or_default();
    let raw = &text[span.clone()];
    let content = raw.trim_matches(['"', '\'']);
    let fixed = |with: &str| {
        let mut line = text[place.line_start..place.line_end].to_string();
        line.replace_range(
            span.start - place.line_start..span.end - place.line_start,
            with,
        );
        line.trim().trim_start_matches('\u{feff}').to_string()
    };
    let expected = message.rsplit_once(", expected ").map_or("", |(_, e)| e);
    let repair = |with: String, certain: bool| {
        Some(Repair {
            range: span.clone(),
            with,
            certain,
        })
    };
    let is_string = raw.starts_with(['"', '\'']);
    if is_string && is_placeholder(content) {
        let message = format!("« {key} » reste à remplir");
        let problem = Problem::of(Code::ContractPlaceholder, text, Some(span.clone()), message);
        return (problem, repair(neutral(expected), false));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        // serde writes `a`, `a` or `b`, one of `a`, `b`, `c`: the names are between backticks.
        let names: Vec<&str> = rest
            .split_once("expected ")
            .map_or("", |(_, e)| e)
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        let closest = closest(content, &names);
        let message = match closest {
            Some(name) => format!(
                "valeur inconnue « {content} » pour « {key} » (vouliez-vous dire « {name} » ?)"
            ),
            None => format!("valeur inconnue « {content} » pour « {key} »"),
        };
        let list = format!("{} (accents et majuscules indifférents)", names.join(", "));
        let problem = Problem::of(Code::ContractSyntax, text, Some(span.clone()), message)
            .hint_with(hints::CHOOSE_FROM, &[&list]);
        let guess = closest.or(names.first().copied()).unwrap_or("");
        return (problem, repair(quote(guess), false));
    }
    if message.starts_with("invalid type: string") || message.starts_with("invalid value: string") {
        if wants_number(expected)
            && let Some(m) = mistake(&key, content, place.nested)
                .filter(|m| m.length == content.len())
                .or_else(|| plain_number(content))
        {
            let message = format!("« {key} » : nombre écrit comme un texte ({raw})");
            let problem = Problem::of(Code::ContractSyntax, text, Some(span.clone()), message)
                .hint_with(hints::TOML_NUMBER_QUOTED, &[&fixed(&m.replacement)]);
            return (problem, repair(m.replacement, true));
        }
        if expected.contains("date")
            && let Some((length, iso)) = french_date(content)
                .or_else(|| short_date(content))
                .or_else(|| (digits(content) == 4).then(|| (content.len(), content.to_string())))
            && length == content.len()
            && toml::from_str::<toml::Table>(&format!("x = {iso}")).is_ok()
        {
            let message = format!("« {key} » : date écrite comme un texte ({raw})");
            let problem = Problem::of(Code::ContractSyntax, text, Some(span.clone()), message)
                .hint_with(hints::TOML_DATE, &[&fixed(&iso)]);
            return (problem, repair(iso, true));
        }
        if expected.contains("bool")
            && let Some((length, flag)) = french_boolean(content)
            && length == content.len()
        {
            let message = format!("« {key} » : oui / non écrit comme un texte ({raw})");
            let problem = Problem::of(Code::ContractSyntax, text, Some(span.clone()), message)
                .hint_with(hints::TOML_BOOLEAN, &[&fixed(&flag.to_string())]);
            return (problem, repair(flag.to_string(), true));
        }
    }
    let problem = Problem::of(
        Code::ContractSyntax,
        text,
        Some(span.clone()),
        translate(message),
    );
    if message.starts_with("invalid type:") || message.starts_with("invalid value:") {
        let with = if expected.contains("string") {
            quote(raw)
        } else {
            neutral(expected)
        };
        let certain = expected.contains("string") && !is_string;
        return (problem, repair(with, certain));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names: Vec<&str> = rest.split('`').skip(1).step_by(2).skip(1).collect();
        if let Some(name) = closest(content, &names) {
            // A misspelt key: read as the key meant, so that it is not also missing.
            let message = format!("{} (vouliez-vous dire « {name} » ?)", translate(message));
            let problem = Problem::of(Code::ContractSyntax, text, Some(span.clone()), message);
            return (problem, repair(name.to_string(), false));
        }
    }
    let own_line = span.start == place.line_start + indent(&text[place.line_start..place.line_end]);
    if message.starts_with("unknown field") && own_line {
        // A key of its own line: reading goes on without it.
        let line = place.line_start..place.line_end;
        let commented = format!("# {}", &text[line.clone()]);
        return (
            problem,
            Some(Repair {
                range: line,
                with: commented,
                certain: true,
            }),
        );
    }
    (problem, None)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A text that is a number as typed (`"6000"`).
fn plain_number(content: &str) -> Option<Mistake> {
    let (length, number) = typed_number(content.trim())?;
    (length == content.trim().len()).then(|| Mistake {
        length: content.len(),
        replacement: number.normalize().to_string(),
        message: String::new(),
        hint: hints::TOML_NUMBER_QUOTED,
    })
}

fn wants_number(expected: &str) -> bool {
    [
        "Decimal", "u8", "u32", "u64", "i64", "integer", "number", "f64",
    ]
    .iter()
    .any(|k| expected.contains(k))
}

/// A value of the expected kind that lets the reading go on (the problem is reported).
fn neutral(expected: &str) -> String {
    if expected.contains("date") {
        "2000-01-01".into()
    } else if expected.contains("bool") {
        "false".into()
    } else if expected.contains("string") {
        "\"\"".into()
    } else {
        "1".into()
    }
}
