//! `cpts-aci dossier`: the year's dossier for the dialogue de gestion, one verifiable zip.

use super::DateArg;
use super::today;
use crate::check::{Options, PieceFolder, Reviewed, Severity};
use crate::dossier::write_dossier;
use crate::error::{Error, Outcome};
use crate::report::workbook::{CheckJson, findings_text};
use std::path::{Path, PathBuf};

/// Arguments of `dossier`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeur rempli de l'année.
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbook: PathBuf,
    /// Dossier des pièces justificatives (les références du tableau Justificatifs y mènent).
    #[arg(long = "pieces", value_name = "DOSSIER", required = true)]
    pub pieces: PathBuf,
    /// Archive à écrire ; par défaut le nom du classeur suivi de -dossier.zip, à côté de lui.
    #[arg(short = 'o', long = "output", value_name = "FICHIER.zip")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub when: DateArg,
    /// Remplace l'archive si elle existe déjà.
    #[arg(long)]
    pub force: bool,
}

/// The default output: `<name>-dossier.zip` next to the workbook.
pub(crate) fn default_output(input: &Path) -> PathBuf {
    super::beside(input, "-dossier.zip")
}

/// Writes the dossier and lists its findings; exits 1 when there is an error.
pub(crate) fn run(args: &Args) -> Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.workbook));
    super::refuse_other_format(&output, "zip")?;
    super::refuse_input_as_output(&output, &[&args.workbook, &args.pieces])?;
    super::refuse_existing(&output, args.force)?;
    // The archive's folder, resolved (the archive itself does not exist yet).
    let folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if folder
        .canonicalize()
        .ok()
        .zip(args.pieces.canonicalize().ok())
        .is_some_and(|(o, p)| o.starts_with(p))
    {
        return Err(Error::Usage(format!(
            "{} est dans le dossier des pièces : écrivez l'archive ailleurs",
            output.display()
        )));
    }
    let wb = match super::read(&args.workbook)? {
        Ok(wb) => wb,
        Err(finding) => return super::refused(&args.workbook, finding),
    };
    let folder = PieceFolder::scan(&args.pieces).map_err(Error::Usage)?;
    let options = Options {
        today: today(args.when.date),
        signed: None,
    };
    let reviewed = Reviewed::with_evidence(wb, options, Some(&folder));
    let report = write_dossier(&reviewed, &output).map_err(Error::Io)?;
    let wb = &reviewed.workbook;
    let text = findings_text(&CheckJson::new(
        args.workbook.display().to_string(),
        Some(&wb.contract.cpts.name),
        Some(wb.year),
        &report.findings,
    ));
    super::print(&text)?;
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    eprintln!(
        "Dossier écrit dans {} : {} ({}), le classeur contrôlé {}, index.html et \
         empreintes.sha256.",
        output.display(),
        crate::fr::count(report.pieces, "pièce", "pièces"),
        crate::fr::bytes(report.bytes),
        report.workbook
    );
    Ok(errors == 0)
}
