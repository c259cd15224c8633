//! `cpts-aci contrat`: every problem of a contract at once, and its conversion between the TOML
//! file and the contract workbook.

use super::{FormatArg, OutputFormat};
use crate::contractbook::{self, ContractForm};
use crate::error::{Error, Outcome};
use crate::fsio;
use crate::report::contract::{ContractJson, contract_text};
use std::path::PathBuf;

/// Arguments of `contrat`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Contrat : fichier TOML ou classeur du contrat (.xlsx, .ods).
    #[arg(value_name = "CONTRAT")]
    pub contract: PathBuf,
    /// Écrit aussi le contrat sous l'autre forme : .xlsx (classeur du contrat) ou .toml.
    #[arg(short = 'o', long = "output", value_name = "SORTIE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub report: FormatArg,
    /// Remplace la sortie si elle existe déjà.
    #[arg(long)]
    pub force: bool,
}

/// Checks the contract, converts it when asked; exits 1 when it has errors.
pub(crate) fn run(args: &Args) -> Outcome {
    let target = match &args.output {
        Some(output) => {
            let form = ContractForm::of_extension(output).ok_or_else(|| {
                Error::Usage(format!(
                    "{} : nommez la sortie en .xlsx (classeur du contrat) ou en .toml",
                    output.display()
                ))
            })?;
            super::refuse_input_as_output(output, &[&args.contract])?;
            super::refuse_existing(output, args.force)?;
            Some((output, form))
        }
        None => None,
    };
    let examination = contractbook::examine(&args.contract)?;
    let mut written = None;
    let mut refused = None;
    if let Some((output, form)) = target {
        match examination.convert(form) {
            Ok(bytes) => {
                fsio::write_atomic(output, &bytes).map_err(Error::Io)?;
                written = Some(output.display().to_string());
            }
            Err(reason) => refused = Some(reason),
        }
    }
    let report = ContractJson::new(
        args.contract.display().to_string(),
        &examination,
        written.clone(),
    );
    match args.report.format {
        OutputFormat::Text => super::print(&contract_text(&report, &examination))?,
        OutputFormat::Json => super::print(&(super::json(&report)? + "\n"))?,
    }
    if let Some(path) = &written {
        eprintln!("Contrat écrit dans {path}.");
    }
    if let Some(reason) = refused {
        eprintln!("Contrat non converti : {reason}.");
        return Ok(false);
    }
    Ok(report.ok)
}
