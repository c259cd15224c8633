//! clap's argument errors, said in French with the usage in French (clap's own are English).
//!
//! Each kind of error gets its sentence from the error's context (the argument, the value, the
//! accepted values, a suggestion); the usage line is clap's, with French headings.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

fn text(value: Option<&ContextValue>) -> String {
    match value {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// The French sentence for an argument error, without the usage.
fn sentence(e: &Error, commands: &str) -> String {
    let get = |kind| text(e.get(kind));
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let suggested = match (
        e.get(ContextKind::SuggestedArg),
        e.get(ContextKind::SuggestedSubcommand),
    ) {
        (Some(s), _) | (None, Some(s)) => format!(" ; vouliez-vous dire « {} » ?", text(Some(s))),
        _ => String::new(),
    };
    match e.kind() {
        ErrorKind::UnknownArgument => format!("argument inattendu : « {arg} »{suggested}"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue : « {} »{suggested}",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("argument obligatoire manquant : {arg}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            format!("indiquez une commande : {commands}")
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} attend une valeur")
        }
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue);
            let valid = if valid.is_empty() {
                String::new()
            } else {
                format!(" ; valeurs possibles : {valid}")
            };
            format!("valeur « {value} » invalide pour {arg}{valid}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            let why = translate_source(&why);
            format!("{arg} : {why}")
        }
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            format!("{arg} et {other} ne peuvent pas être donnés ensemble")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("argument en trop : « {value}{arg} »")
        }
        ErrorKind::NoEquals => format!("{arg} attend une valeur après « = »"),
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte UTF-8 valide".into(),
        _ => "arguments incorrects".into(),
    }
}

/// clap's own validation messages (numbers out of range, not a number) in French; ours are
/// already French.
fn translate_source(why: &str) -> String {
    if let Some(rest) = why.strip_prefix("invalid digit found in string") {
        return format!("un nombre entier est attendu{rest}");
    }
    if why.contains("is not in") {
        // "N is not in 1..=4"
        let range = why.rsplit(' ').next().unwrap_or("").replace("..=", " à ");
        return format!("valeur hors des bornes ({range})");
    }
    if why.starts_with("number too large") || why.starts_with("number too small") {
        return "nombre hors des bornes".into();
    }
    why.to_string()
}

/// The whole French message for an argument error: the sentence, the usage, where to find help.
pub(crate) fn render(e: &Error, usage: &str, commands: &str) -> String {
    let usage = usage.replace("Usage:", "Utilisation :");
    format!(
        "erreur : {}\n\n{usage}\n\nPour en savoir plus, ajoutez --help.\n",
        sentence(e, commands)
    )
}

/// clap writes its headings as `Options:`; French puts a non-breaking space before the colon.
pub(crate) fn headings(help: &str) -> String {
    help.lines()
        .map(|line| match line.strip_suffix(':') {
            Some(heading) if !heading.starts_with(' ') && !heading.contains(' ') => {
                format!("{heading}\u{a0}:")
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
