//! `cpts-aci avenant`: what an avenant changes, and its money effect per contract year.

use super::{FormatArg, OutputFormat};
use crate::amendment::{compare, text};
use crate::contract::Contract;
use crate::error::Outcome;
use std::path::PathBuf;

/// Arguments of `avenant`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Contrat avant l'avenant (TOML ou classeur du contrat).
    #[arg(value_name = "ANCIEN")]
    pub before: PathBuf,
    /// Contrat consolidé après l'avenant (l'avenant inscrit dans [[avenants]] ou la feuille
    /// Avenants).
    #[arg(value_name = "NOUVEAU")]
    pub after: PathBuf,
    #[command(flatten)]
    pub report: FormatArg,
}

/// Prints what the avenant changes; exits 1 when it is unlawful.
pub(crate) fn run(args: &Args) -> Outcome {
    let before = Contract::load(&args.before)?;
    let after = Contract::load(&args.after)?;
    let report = compare(&before, &after);
    match args.report.format {
        OutputFormat::Text => super::print(&text(&report, &before, &after))?,
        OutputFormat::Json => super::print(&(super::json(&report)? + "\n"))?,
    }
    Ok(report.ok())
}
