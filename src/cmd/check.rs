//! `cpts-aci check`: validates a filled workbook.

use super::{DateArg, FormatArg, OutputFormat, today};
use crate::check::{Options, PieceFolder, Reviewed};
use crate::contract::Contract;
use crate::error::{Error, Outcome};
use crate::report::workbook::{CheckJson, findings_text};
use std::path::PathBuf;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeur rempli à contrôler.
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbook: PathBuf,
    /// Contrat signé (TOML ou classeur du contrat) : vérifie aussi que le classeur a été produit
    /// pour ce contrat.
    #[arg(long = "contrat", value_name = "CONTRAT")]
    pub contract: Option<PathBuf>,
    #[command(flatten)]
    pub report: FormatArg,
    /// Dossier des pièces justificatives : vérifie aussi que chaque référence y mène à un fichier.
    #[arg(long = "pieces", value_name = "DOSSIER")]
    pub pieces: Option<PathBuf>,
    #[command(flatten)]
    pub when: DateArg,
}

/// Checks the workbook and prints the findings.
pub(crate) fn run(args: &Args) -> Outcome {
    let signed = args.contract.as_deref().map(Contract::load).transpose()?;
    let file = args.workbook.display().to_string();
    let wb = match super::read(&args.workbook)? {
        Ok(wb) => wb,
        // A refusal is said on standard error; JSON still gets its one document on stdout.
        Err(finding) if args.report.format == OutputFormat::Text => {
            return super::refused(&args.workbook, finding);
        }
        Err(finding) => {
            let findings = [finding];
            print(
                args.report.format,
                &CheckJson::new(file, None, None, &findings),
            )?;
            super::refused(&args.workbook, findings[0].clone())?;
            return Ok(false);
        }
    };
    let folder = args
        .pieces
        .as_deref()
        .map(PieceFolder::scan)
        .transpose()
        .map_err(Error::Usage)?;
    let options = Options {
        today: today(args.when.date),
        signed: signed.as_ref(),
    };
    let reviewed = Reviewed::with_evidence(wb, options, folder.as_ref());
    let (wb, r) = (&reviewed.workbook, &reviewed.review);
    let report = CheckJson::new(
        file,
        Some(&wb.contract.cpts.name),
        Some(wb.year),
        &r.findings,
    );
    print(args.report.format, &report)?;
    Ok(r.ok())
}

fn print(format: OutputFormat, report: &CheckJson) -> Result<(), Error> {
    match format {
        OutputFormat::Text => super::print(&findings_text(report)),
        OutputFormat::Json => super::print(&(super::json(report)? + "\n")),
    }
}
