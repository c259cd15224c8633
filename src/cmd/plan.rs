//! `cpts-aci plan`: the contract's five years at a glance, from the filled workbooks given.

use super::{DateArg, FormatArg, OutputFormat, today};
use crate::contract::Contract;
use crate::error::{Error, Outcome};
use crate::finding::Finding;
use crate::fsio;
use crate::pluriannual::{build, text, write_plan};
use std::path::{Path, PathBuf};

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Contrat signé, TOML ou classeur du contrat (texte consolidé, avenants compris).
    #[arg(value_name = "CONTRAT")]
    pub contract: PathBuf,
    /// Classeurs remplis des années déjà suivies (au plus un par année).
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbooks: Vec<PathBuf>,
    /// Écrit aussi le plan dans ce classeur (feuilles Pluriannuel, Échéancier, Indicateurs).
    #[arg(short = 'o', long = "output", value_name = "FICHIER.xlsx")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub report: FormatArg,
    #[command(flatten)]
    pub when: DateArg,
    /// Remplace le classeur de sortie s'il existe déjà.
    #[arg(long)]
    pub force: bool,
}

/// Prints the plan (and writes its workbook); exits 1 when a workbook given is left out.
pub(crate) fn run(args: &Args) -> Outcome {
    if let Some(output) = &args.output {
        super::refuse_other_format(output, "xlsx")?;
        let mut inputs: Vec<&Path> = args.workbooks.iter().map(PathBuf::as_path).collect();
        inputs.push(&args.contract);
        super::refuse_input_as_output(output, &inputs)?;
        super::refuse_existing(output, args.force)?;
    }
    let contract = Contract::load(&args.contract)?;
    let mut read = Vec::new();
    let mut refused: Vec<Finding> = Vec::new();
    for path in &args.workbooks {
        match super::read(path)? {
            Ok(wb) => read.push(wb),
            Err(finding) => {
                let mut f = finding;
                f.message = format!("{} : {}", path.display(), f.message);
                refused.push(f);
            }
        }
    }
    let mut plan = build(&contract, &read, today(args.when.date));
    refused.append(&mut plan.findings);
    plan.findings = refused;
    match args.report.format {
        OutputFormat::Text => super::print(&text(&plan))?,
        OutputFormat::Json => super::print(&(super::json(&plan)? + "\n"))?,
    }
    if let Some(output) = &args.output {
        let bytes = write_plan(&plan)
            .map_err(|e| Error::Io(format!("écriture du plan impossible : {e}")))?;
        fsio::write_atomic(output, &bytes).map_err(Error::Io)?;
        eprintln!("Plan écrit dans {}.", output.display());
    }
    Ok(plan.ok())
}
