//! `cpts-aci compute`: the funding of the workbook's contract year.

use super::{FormatArg, OutputFormat, today};
use crate::check::{Options, review};
use crate::error::Outcome;
use crate::report::workbook::funding_text;
use std::path::PathBuf;

/// Arguments of `compute`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeur rempli.
    #[arg(value_name = "CLASSEUR.xlsx")]
    pub workbook: PathBuf,
    #[command(flatten)]
    pub report: FormatArg,
}

/// Computes and prints the funding; exits 1 when the workbook has errors.
pub(crate) fn run(args: &Args) -> Outcome {
    let wb = match super::read(&args.workbook)? {
        Ok(wb) => wb,
        Err(finding) => return super::refused(&args.workbook, finding),
    };
    let r = review(
        &wb,
        Options {
            today: today(None),
            signed: None,
        },
    );
    match args.report.format {
        OutputFormat::Text => super::print(&funding_text(&r.funding, Some(&r)))?,
        OutputFormat::Json => super::print(&(super::json(&r.funding)? + "\n"))?,
    }
    Ok(r.ok())
}
