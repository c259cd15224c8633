//! Contract errors: every problem with its file, line and column, in French.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// One problem found in a contract file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters).
    pub column: Option<usize>,
    /// What is wrong and how to fix it, in French.
    pub message: String,
}

impl Problem {
    /// A problem at a byte span of `text` (or with no place when `span` is `None`).
    pub fn at(text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        Problem {
            line,
            column,
            message: message.into(),
        }
    }
}

/// Why a contract could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    /// The file could not be read at all.
    #[error("impossible de lire le contrat {} : {reason}", path.display())]
    Read {
        /// The contract's path.
        path: PathBuf,
        /// The system's reason, in French where we know it.
        reason: String,
    },
    /// The file was read and has one or more problems.
    #[error("{}", Invalid { path, problems })]
    Invalid {
        /// The contract's path (or the name it was given).
        path: PathBuf,
        /// Every problem, in file order.
        problems: Vec<Problem>,
    },
}

struct Invalid<'a> {
    path: &'a PathBuf,
    problems: &'a [Problem],
}

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        let plural = if n > 1 { "s" } else { "" };
        write!(
            f,
            "le contrat {} contient {n} erreur{plural} :",
            self.path.display()
        )?;
        for p in self.problems {
            write!(f, "\n  {}", self.path.display())?;
            if let (Some(l), Some(c)) = (p.line, p.column) {
                write!(f, ", ligne {l}, colonne {c}")?;
            }
            write!(f, " : {}", p.message)?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Turns a TOML/serde error into a French problem.
pub fn from_toml(text: &str, error: &toml::de::Error) -> Problem {
    Problem::at(text, error.span(), translate(error.message()))
}

/// Puts serde's and the TOML parser's English messages into French.
fn translate(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = split_expected(rest);
        return format!(
            "clé inconnue {field}{}",
            choices(expected, "clés possibles")
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        return format!(
            "valeur inconnue {value}{}",
            choices(expected, "valeurs possibles")
        );
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("clé obligatoire absente : {}", quote(field));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "type incorrect : {} trouvé, {} attendu",
            kind(found),
            kind(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "valeur incorrecte : {} trouvé, {} attendu",
            kind(found),
            kind(expected)
        );
    }
    if message.contains("duplicate key") {
        return format!("clé définie deux fois ({message})");
    }
    format!("syntaxe TOML incorrecte : {message}")
}

fn split_expected(rest: &str) -> (String, &str) {
    let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
    (quote(name), expected)
}

fn choices(expected: &str, what: &str) -> String {
    let list = expected
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ")
        .replace('`', "");
    if list.is_empty() || expected.starts_with("there are no") {
        String::new()
    } else {
        format!(" ; {what} : {list}")
    }
}

fn quote(name: &str) -> String {
    format!("« {} »", name.trim_matches('`'))
}

fn kind(text: &str) -> String {
    let text = text.trim();
    let mapped = match text {
        "a string" | "string" => "un texte",
        "a boolean" | "bool" => "vrai ou faux (true / false)",
        "u8" | "u32" | "u64" | "usize" => "un nombre entier positif",
        "i64" | "integer" => "un nombre entier",
        "a sequence" | "sequence" | "array" => "une liste [ … ]",
        "a map" | "map" | "struct" | "table" => "une table",
        "a TOML datetime" | "datetime" => "une date",
        _ if text.starts_with("a Decimal") => "un nombre",
        _ if text.starts_with("struct ") => "une table",
        _ if text.starts_with("string ") => return format!("le texte {}", &text[7..]),
        _ if text.starts_with("integer ") => {
            return format!("le nombre {}", text[8..].replace('`', ""));
        }
        _ if text.starts_with("floating point ") => {
            return format!("le nombre {}", text[15..].replace('`', ""));
        }
        _ if text.starts_with("boolean ") => {
            return format!("la valeur {}", text[8..].replace('`', ""));
        }
        _ if text.starts_with("a date") || text.contains("datetime") => "une date",
        _ => text,
    };
    mapped.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let text = "a = 1\nnom = \"Égée\" x";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 14));
    }

    #[test]
    fn serde_messages_become_french() {
        assert_eq!(
            translate("unknown field `nomm`, expected one of `nom`, `identifiant`"),
            "clé inconnue « nomm » ; clés possibles : nom, identifiant"
        );
        assert_eq!(
            translate("missing field `signature`"),
            "clé obligatoire absente : « signature »"
        );
        assert_eq!(
            translate("invalid type: string \"cinq\", expected u32"),
            "type incorrect : le texte \"cinq\" trouvé, un nombre entier positif attendu"
        );
        assert!(
            translate("unknown variant `urgence`, expected one of `acces`, `crise`")
                .contains("valeurs possibles : acces, crise")
        );
    }
}
