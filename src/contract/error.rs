//! Contract errors: every problem with its file, line and column, in French.

use crate::finding::{Code, Hint, Severity};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem found in a contract file: like a workbook's finding, a code of the catalogue
/// (`contract_syntax`, `contract_invalid`, `contract_placeholder`, …), a severity (an error
/// blocks the contract, a warning does not), its place, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// Stable identifier of the kind of problem.
    pub code: Code,
    /// Whether it blocks the contract (error) or is only to look at (warning).
    pub severity: Severity,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters).
    pub column: Option<usize>,
    /// What is wrong, in French.
    pub message: String,
    /// How to fix it, in French (from the catalogue).
    pub hint: String,
    /// In a contract workbook, the cell with its sheet (`Annexe!L12`); the line and column are
    /// then none, for they would name the canonical text no one reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// The indicator the problem is about, when the workbook's row says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
}

impl Problem {
    /// A problem of a kind of the catalogue at a byte span of `text` (or with no place when
    /// `span` is `None`), with its code's usual severity and fix.
    pub fn of(
        code: Code,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Problem {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        Problem {
            code,
            severity: code.severity(),
            line,
            column,
            message: message.into(),
            hint: code.hint().text().to_string(),
            cell: None,
            indicator: None,
        }
    }

    /// The same problem shown at a cell of a contract workbook (`Annexe!L12`), about an
    /// indicator when its row is one's.
    pub fn in_cell(self, cell: String, indicator: Option<String>) -> Problem {
        Problem {
            line: None,
            column: None,
            cell: Some(cell),
            indicator,
            ..self
        }
    }

    /// A value the checks refuse (`contract_invalid`) at a byte span of `text`.
    pub fn at(text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Problem {
        Problem::of(Code::ContractInvalid, text, span, message)
    }

    /// The same problem, with a more precise fix of the catalogue.
    pub fn hint(self, hint: Hint) -> Problem {
        self.hint_with(hint, &[])
    }

    /// The same problem, with a more precise fix of the catalogue, its slots filled.
    pub fn hint_with(self, hint: Hint, args: &[&str]) -> Problem {
        Problem {
            hint: hint.fill(args),
            ..self
        }
    }

    /// The same problem at another severity.
    pub fn severity(mut self, severity: Severity) -> Problem {
        self.severity = severity;
        self
    }

    /// Whether it blocks the contract.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `ligne:colonne`, or `Feuille!B5` in a contract workbook: the place a person or a
    /// program looks for (empty without a place).
    pub fn place(&self) -> String {
        match (self.line, self.column, &self.cell) {
            (_, _, Some(cell)) => cell.clone(),
            (Some(l), Some(c), None) => format!("{l}:{c}"),
            _ => String::new(),
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
    /// The file still holds values to fill (a starter of `init` not completed): it is not yet
    /// a signed contract.
    #[error("{}", Unfilled { path, placeholders })]
    Unfilled {
        /// The contract's path (or the name it was given).
        path: PathBuf,
        /// Every value still to fill, in file order.
        placeholders: Vec<Problem>,
    },
}

struct Unfilled<'a> {
    path: &'a PathBuf,
    placeholders: &'a [Problem],
}

impl fmt::Display for Unfilled<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A cell of the contract workbook has no quotes to replace.
        let how = if self.placeholders.iter().any(|p| p.cell.is_some()) {
            "recopiez à la place de chacune la valeur du contrat signé"
        } else {
            "remplacez chacune, guillemets compris, par la valeur du contrat signé"
        };
        write!(
            f,
            "le contrat {} n'est pas encore rempli : {} à remplir ({how} ; les autres contrôles \
             suivront) :",
            self.path.display(),
            crate::fr::count(self.placeholders.len(), "valeur", "valeurs")
        )?;
        write_problems(f, self.path, self.placeholders)
    }
}

struct Invalid<'a> {
    path: &'a PathBuf,
    problems: &'a [Problem],
}

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.problems.iter().filter(|p| p.is_error()).count();
        let warnings = self.problems.len() - errors;
        write!(
            f,
            "le contrat {} contient {}",
            self.path.display(),
            crate::fr::count(errors, "erreur", "erreurs")
        )?;
        if warnings > 0 {
            write!(
                f,
                " et {}",
                crate::fr::count(warnings, "avertissement", "avertissements")
            )?;
        }
        f.write_str(" :")?;
        write_problems(f, self.path, self.problems)
    }
}

/// One problem a line, each with the file, its place in it and its severity when it does not
/// block, then its precise fix on the next line.
fn write_problems(f: &mut fmt::Formatter<'_>, path: &Path, problems: &[Problem]) -> fmt::Result {
    let mut shown: Option<&str> = None;
    for p in problems {
        write!(f, "\n  {}", path.display())?;
        if let Some(cell) = &p.cell {
            write!(f, ", {cell}")?;
        } else if let (Some(l), Some(c)) = (p.line, p.column) {
            write!(f, ", ligne {l}, colonne {c}")?;
        }
        if !p.is_error() {
            write!(f, " ({})", p.severity.label())?;
        }
        write!(f, " : {}", p.message)?;
        // The message already says how to fix what it names; a fix of its own is shown, the
        // code's usual one only in JSON, where a program has no message to read it from.
        // A fix said for the problem just above is not repeated.
        if p.hint != p.code.hint().text() && shown != Some(p.hint.as_str()) {
            write!(f, "\n    → {}", p.hint)?;
        }
        shown = Some(p.hint.as_str());
    }
    Ok(())
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Puts serde's English messages into French.
pub(crate) fn translate(message: &str) -> String {
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
        let (found, expected) = (kind(found), kind(expected));
        return format!(
            "type incorrect : {found} {}, {expected} {}",
            agreed(&found, "trouvé"),
            agreed(&expected, "attendu")
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (found, expected) = (kind(found), kind(expected));
        return format!(
            "valeur incorrecte : {found} {}, {expected} {}",
            agreed(&found, "trouvé"),
            agreed(&expected, "attendu")
        );
    }
    if message.contains("duplicate key") {
        return "clé définie deux fois : gardez-en une seule".into();
    }
    "valeur ou clé incorrecte à cet endroit".into()
}

/// A participle agreeing with what it qualifies: `une date attendue`, `un nombre attendu`.
fn agreed(what: &str, participle: &str) -> String {
    let feminine = ["une ", "la "].iter().any(|a| what.starts_with(a));
    if feminine {
        format!("{participle}e")
    } else {
        participle.to_string()
    }
}

fn split_expected(rest: &str) -> (String, &str) {
    let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
    (quote(name), expected)
}

fn choices(expected: &str, what: &str) -> String {
    let list = expected
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ")
        .replace('`', "")
        .replace(" or ", " ou ");
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
    fn problems_carry_their_code_severity_and_place() {
        let text = "[contrat]\nsignature = 01/03/2025\n";
        let p = Problem::of(Code::ContractSyntax, text, Some(22..32), "date");
        assert_eq!(
            (p.code, p.severity),
            (Code::ContractSyntax, Severity::Error)
        );
        assert_eq!(p.place(), "2:13");
        assert_eq!(p.hint, Code::ContractSyntax.hint().text());
        let warning = Problem::of(Code::ContractTargetDirection, text, Some(10..11), "cible");
        assert!(!warning.is_error());
        let shown = ContractError::Invalid {
            path: "c.toml".into(),
            problems: vec![p, warning],
        }
        .to_string();
        assert!(
            shown.starts_with("le contrat c.toml contient 1 erreur et 1 avertissement :"),
            "{shown}"
        );
        assert!(
            shown.contains("c.toml, ligne 2, colonne 1 (avertissement) : cible"),
            "{shown}"
        );
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
        assert_eq!(
            translate("invalid type: integer `3`, expected a TOML datetime"),
            "type incorrect : le nombre 3 trouvé, une date attendue"
        );
        assert_eq!(
            translate("unknown variant `haut`, expected `hausse` or `baisse`"),
            "valeur inconnue « haut » ; valeurs possibles : hausse ou baisse"
        );
    }
}
