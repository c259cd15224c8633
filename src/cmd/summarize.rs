//! `cpts-aci summarize`: writes the reviewed workbook, with `Synthèse` and `Contrôles`.

use super::DateArg;
use super::today;
use crate::check::{Options, Review, Severity, review};
use crate::error::{Error, Outcome};
use crate::fsio;
use crate::workbook::read::ReadWorkbook;
use crate::workbook::write::{WriteBack, write_back};
use std::path::{Path, PathBuf};

/// Arguments of `summarize`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeur rempli.
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbook: PathBuf,
    /// Classeur à écrire ; par défaut le nom du classeur suivi de -synthese.xlsx, à côté de lui.
    #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub when: DateArg,
    /// Remplace le classeur de sortie s'il existe déjà.
    #[arg(long)]
    pub force: bool,
}

/// The default output: `<name>-synthese.xlsx` next to the input.
pub(crate) fn default_output(input: &Path) -> PathBuf {
    super::beside(input, "-synthese.xlsx")
}

/// Writes the reviewed workbook: every entry, the engine's figures, the findings, and whatever
/// was typed outside the layout.
pub fn write_summary(wb: &ReadWorkbook, r: &Review, output: &Path) -> Result<(), Error> {
    let kept = wb.kept();
    let back = WriteBack {
        findings: &r.findings,
        extra_sheets: &wb.extra_sheets,
        kept: &kept,
    };
    let bytes = write_back(&wb.contract, wb.year, &wb.entries(), &r.funding, &back)?;
    fsio::write_atomic(output, &bytes).map_err(Error::Io)
}

/// Reads, checks and writes the reviewed workbook; exits 1 when it has errors.
pub(crate) fn run(args: &Args) -> Outcome {
    let wb = match super::read(&args.workbook)? {
        Ok(wb) => wb,
        Err(finding) => return super::refused(&args.workbook, finding),
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.workbook));
    // A previous synthesis may be replaced, never the workbook it is made from.
    super::refuse_input_as_output(&output, &[&args.workbook])?;
    super::refuse_other_format(&output, "xlsx")?;
    super::refuse_existing(&output, args.force)?;
    let r = review(
        &wb,
        Options {
            today: today(args.when.date),
            signed: None,
        },
    );
    write_summary(&wb, &r, &output)?;
    eprintln!(
        "Synthèse écrite dans {} : {}, {} \
            ; financement de l'année {} : {} sur {} possibles.",
        output.display(),
        crate::fr::count(r.count(Severity::Error), "erreur", "erreurs"),
        crate::fr::count(
            r.count(Severity::Warning),
            "avertissement",
            "avertissements"
        ),
        wb.year,
        crate::fr::euros(r.funding.total),
        crate::fr::euros(r.funding.max),
    );
    Ok(r.ok())
}
