//! One module per command, each a thin layer over the domain modules.

pub(crate) mod avenant;
pub(crate) mod batch;
pub(crate) mod check;
pub(crate) mod compute;
pub(crate) mod contrat;
pub(crate) mod demo;
pub(crate) mod dossier;
pub(crate) mod generate;
pub(crate) mod init;
pub(crate) mod memory;
pub(crate) mod plan;
pub(crate) mod summarize;

use crate::check::Finding;
use crate::error::{Error, Outcome};
use crate::report::workbook::{CheckJson, findings_text};
use crate::workbook::read::{ReadError, ReadWorkbook, read_workbook};
use std::io::Write;
use std::path::Path;

/// French headings for a command's `--help` (clap's own are in English).
pub(crate) const SUBCOMMAND_HELP: &str =
    "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}";

/// Parses a `--date`: `AAAA-MM-JJ`. A date written the French way gets a hint with the same
/// date written as expected.
pub(crate) fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let t = text.trim();
    if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d);
    }
    let hint = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(t, f).ok())
        .map_or_else(
            || "par exemple 2026-03-15".to_string(),
            |d| format!("ici {d}"),
        );
    Err(format!(
        "date « {text} » illisible : écrivez-la AAAA-MM-JJ ({hint})"
    ))
}

/// Writes text to standard output; a closed pipe is not an error worth reporting.
pub(crate) fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io(format!(
            "sortie standard : écriture impossible ({e})"
        ))),
        _ => Ok(()),
    }
}

/// A value as pretty JSON.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::Io(format!("JSON impossible à écrire : {e}")))
}

/// Reads a workbook. A file that cannot be opened stops the command (exit 2); a file that is not
/// a readable workbook of this tool is a finding about the input (exit 1).
pub(crate) fn read(path: &Path) -> Result<Result<ReadWorkbook, Finding>, Error> {
    match read_workbook(path) {
        Ok(wb) => Ok(Ok(wb)),
        Err(ReadError::Io(message)) => Err(Error::Io(message)),
        Err(ReadError::Invalid(finding)) => Ok(Err(*finding)),
    }
}

/// Says on standard error why a workbook was refused; the input has an error.
pub(crate) fn refused(path: &Path, finding: Finding) -> Outcome {
    let findings = [finding];
    eprint!(
        "{}",
        findings_text(&CheckJson::new(
            path.display().to_string(),
            None,
            None,
            &findings
        ))
    );
    Ok(false)
}

/// `--date`, shared by the commands that check workbooks.
#[derive(Debug, clap::Args)]
pub(crate) struct DateArg {
    /// Date de référence pour les points d'étape échus (AAAA-MM-JJ ; par défaut aujourd'hui).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
}

/// `--format`, shared by the commands that print a report.
#[derive(Debug, clap::Args)]
pub(crate) struct FormatArg {
    /// Format de sortie : text (par défaut) ou json.
    #[arg(
        long,
        value_enum,
        default_value = "text",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: OutputFormat,
}

/// Output format of the commands that print a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    /// Text for people, in French.
    Text,
    /// One JSON document on standard output.
    Json,
}

/// A file next to `input` named after it: `suivi.xlsx` and `-synthese.xlsx` give
/// `suivi-synthese.xlsx`.
pub(crate) fn beside(input: &Path, suffix: &str) -> std::path::PathBuf {
    let stem = input
        .file_stem()
        .map_or("classeur".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}{suffix}"))
}

/// Today, or the date given for reproducible runs (`--date`).
pub(crate) fn today(date: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    date.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Refuses an output that is one of the command's inputs: an input is never overwritten.
pub(crate) fn refuse_input_as_output(output: &Path, inputs: &[&Path]) -> Result<(), Error> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if inputs.iter().any(|input| same(output, input)) {
        return Err(Error::Usage(format!(
            "{} est aussi un fichier d'entrée : choisissez un autre nom de sortie",
            output.display()
        )));
    }
    Ok(())
}

/// Refuses an output name whose extension says another format than the one written: a file
/// called `.ods` must be an OpenDocument file, and this tool writes `.xlsx` (and `.zip`).
pub(crate) fn refuse_other_format(output: &Path, extension: &str) -> Result<(), Error> {
    let given = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if given == extension {
        return Ok(());
    }
    let what = if given.is_empty() {
        "n'a pas d'extension".to_string()
    } else {
        format!("a l'extension .{given}")
    };
    Err(Error::Usage(format!(
        "{} {what} : cpts-aci écrit des fichiers .{extension} (Excel et LibreOffice les ouvrent \
         tous deux) ; nommez la sortie en .{extension}",
        output.display()
    )))
}

/// Refuses to replace an existing file without `--force`: it may hold someone's entries.
pub(crate) fn refuse_existing(output: &Path, force: bool) -> Result<(), Error> {
    if output.exists() && !force {
        return Err(Error::Usage(format!(
            "{} existe déjà : il n'est pas remplacé, car il peut contenir des saisies (ajoutez \
             --force pour l'écraser)",
            output.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_french_date_gets_the_expected_form_as_a_hint() {
        assert_eq!(
            parse_date("2026-03-15").unwrap(),
            chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
        );
        let e = parse_date("15/03/2026").unwrap_err();
        assert!(
            e.contains("AAAA-MM-JJ") && e.contains("ici 2026-03-15"),
            "{e}"
        );
        assert!(parse_date("demain").unwrap_err().contains("par exemple"));
    }
}
