//! `cpts-aci summarize`: writes the reviewed workbook, with `Synthèse` and `Contrôles`.

use super::DateArg;
use super::today;
use crate::check::{Options, Reviewed, Severity};
use crate::error::{Error, Outcome};
use crate::fsio;
use std::path::{Path, PathBuf};

/// Arguments of `summarize`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeur rempli.
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbook: PathBuf,
    /// Classeur à écrire ; par défaut le nom du classeur suivi de -synthese.xlsx, à côté de lui.
    #[arg(short = 'o', long = "output", value_name = "FICHIER.xlsx")]
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
    let options = Options {
        today: today(args.when.date),
        signed: None,
    };
    let reviewed = Reviewed::new(wb, options);
    fsio::write_atomic(&output, &reviewed.summary()?).map_err(Error::Io)?;
    let (wb, r) = (&reviewed.workbook, &reviewed.review);
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
