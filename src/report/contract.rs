//! The report of `cpts-aci contrat`: every problem of a contract at once, as findings (their
//! usual keys), at `ligne:colonne` in a TOML file or at `Feuille!B5` in a contract workbook.

use crate::contract::{Contract, Problem};
use crate::contractbook::{ContractForm, Examination};
use crate::finding::{Finding, Severity};
use serde::Serialize;

/// `contrat --format json` (stable keys).
#[derive(Debug, Serialize)]
pub(crate) struct ContractJson {
    /// The contract's path as given.
    pub file: String,
    /// No error.
    pub ok: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every problem, as a finding.
    pub findings: Vec<Finding>,
    /// The converted contract written, when asked (additive key).
    pub output: Option<String>,
}

impl ContractJson {
    /// The report of an examined contract.
    pub(crate) fn new(file: String, examination: &Examination, output: Option<String>) -> Self {
        let findings: Vec<Finding> = examination.problems().iter().map(finding).collect();
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        ContractJson {
            file,
            ok: count(Severity::Error) == 0,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            findings,
            output,
        }
    }
}

/// A contract's problem as a finding: in a workbook its sheet and `Feuille!B5`, in TOML no
/// sheet and `ligne:colonne`.
pub(crate) fn finding(p: &Problem) -> Finding {
    let sheet = p
        .cell
        .as_deref()
        .and_then(|c| c.rsplit_once('!'))
        .map_or(String::new(), |(sheet, _)| {
            sheet.trim_matches('\'').replace("''", "'")
        });
    Finding::of(p.code, &sheet, p.place(), p.message.clone())
        .severity(p.severity)
        .with_indicator(p.indicator.as_deref())
        .drawn_hint(&p.hint)
}

/// The report for a person: the contract, then its problems, errors first, each at its place
/// with its code, what was found and the fix.
pub(crate) fn contract_text(report: &ContractJson, examination: &Examination) -> String {
    let form = match examination.form {
        ContractForm::Toml => "fichier TOML",
        ContractForm::Workbook => "classeur du contrat",
    };
    let mut out = format!("Contrat {} ({form})", report.file);
    if let Some(c) = &examination.examined.contract {
        out.push_str(&format!(" : {}", summary(c)));
    }
    out.push('\n');
    if report.findings.is_empty() {
        out.push_str("Aucun problème : le contrat est prêt.\n");
        return out;
    }
    let plural = |n: usize, word: &str| crate::fr::count(n, word, &format!("{word}s"));
    out.push_str(&format!(
        "{}, {}\n",
        plural(report.errors, "erreur"),
        plural(report.warnings, "avertissement")
    ));
    let mut severity = None;
    let mut said: Option<&str> = None;
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| f.severity);
    for f in findings {
        if severity != Some(f.severity) {
            severity = Some(f.severity);
            out.push_str(match f.severity {
                Severity::Error => "\nErreurs (à corriger)\n",
                Severity::Warning => "\nAvertissements (à revoir)\n",
                Severity::Info => "\nInformations\n",
            });
        }
        let place = match (examination.form, f.cell.split_once(':')) {
            (_, _) if f.cell.is_empty() => "fichier".to_string(),
            (ContractForm::Toml, Some((line, column))) => format!("ligne {line}, colonne {column}"),
            _ => f.cell.clone(),
        };
        out.push_str(&format!("  {place} : {}\n", f.labelled_code()));
        out.push_str(&format!("    {}\n", f.message));
        // The fix just said for the problem above is not said again.
        if said != Some(f.hint.as_str()) {
            out.push_str(&format!("    → {}\n", f.hint));
        }
        said = Some(f.hint.as_str());
    }
    out
}

/// `CPTS du Val, signé le 01/03/2024 pour 5 ans : 4 missions, 24 indicateurs`.
fn summary(c: &Contract) -> String {
    format!(
        "{}, signé le {} pour {} : {}, {}",
        c.cpts.name,
        crate::fr::date(c.terms.signature),
        crate::fr::count(c.terms.duration_years as usize, "an", "ans"),
        crate::fr::count(c.missions.len(), "mission", "missions"),
        crate::fr::count(c.indicators.len(), "indicateur", "indicateurs"),
    )
}
