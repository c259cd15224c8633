//! `cpts-aci generate`: the tracking workbook of a contract year.

use crate::contract::Contract;
use crate::error::{Error, Outcome};
use crate::fsio;
use crate::funding::fund_year;
use crate::workbook::{Entries, write_workbook};
use std::path::{Path, PathBuf};

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Contrat signé : fichier TOML ou classeur du contrat (.xlsx, .ods).
    #[arg(value_name = "CONTRAT")]
    pub contract: PathBuf,
    /// Année de contrat (1 à 5) ; par défaut celle qui contient la date du jour.
    #[arg(long = "annee", value_name = "N")]
    pub year: Option<u32>,
    /// Classeur à écrire ; par défaut suivi-annee-N.xlsx à côté du contrat.
    #[arg(short = 'o', long = "output", value_name = "FICHIER.xlsx")]
    pub output: Option<PathBuf>,
    /// Remplace le classeur s'il existe déjà (les saisies qu'il contient seraient perdues).
    #[arg(long)]
    pub force: bool,
}

/// Writes the blank workbook of the chosen year.
pub(crate) fn run(args: &Args) -> Outcome {
    let contract = Contract::load(&args.contract)?;
    if let Some(output) = &args.output {
        super::refuse_input_as_output(output, &[&args.contract])?;
    }
    let year = match args.year {
        Some(y) => check_year(&contract, y)?,
        None => current_year(&contract, chrono::Local::now().date_naive())?,
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.contract, year));
    super::refuse_input_as_output(&output, &[&args.contract])?;
    super::refuse_other_format(&output, "xlsx")?;
    super::refuse_existing(&output, args.force)?;
    let entries = Entries::default();
    let funding = fund_year(&contract, year, &entries.readings(&contract, year));
    let bytes = write_workbook(&contract, year, &entries, &funding)?;
    fsio::write_atomic(&output, &bytes).map_err(Error::Io)?;
    let period = contract.period(year);
    eprintln!(
        "Classeur de l'année {year} ({} – {}) écrit dans {} : {} indicateurs.",
        crate::fr::date(period.start),
        crate::fr::date(period.end),
        output.display(),
        contract.lines(year).len()
    );
    for finding in crate::check::unreachable_findings(&contract, year) {
        eprintln!("attention : {}.\n  → {}", finding.message, finding.hint);
    }
    Ok(true)
}

pub(crate) fn check_year(contract: &Contract, year: u32) -> Result<u32, Error> {
    if (1..=contract.terms.duration_years).contains(&year) {
        Ok(year)
    } else {
        Err(Error::Usage(format!(
            "année {year} hors du contrat : les années vont de 1 à {}",
            contract.terms.duration_years
        )))
    }
}

/// The contract year containing today; before the signature, year 1; after the end, the last.
/// A year whose annex has no indicator line yet is refused: there would be nothing to fill.
pub(crate) fn current_year(contract: &Contract, today: chrono::NaiveDate) -> Result<u32, Error> {
    let year = contract.year_of(today).unwrap_or_else(|| {
        let last = contract.terms.duration_years;
        let (year, why) = if today < contract.terms.signature {
            (1, "le contrat n'a pas encore commencé")
        } else {
            (last, "le contrat est terminé")
        };
        eprintln!("note : {why} ; classeur de l'année {year} (précisez --annee pour une autre)");
        year
    });
    if !contract.lines(year).is_empty() {
        return Ok(year);
    }
    let with_lines: Vec<String> = (1..=contract.terms.duration_years)
        .filter(|&y| !contract.lines(y).is_empty())
        .map(|y| y.to_string())
        .collect();
    let period = contract.period(year);
    let choice = if with_lines.is_empty() {
        "le contrat n'a encore d'indicateur pour aucune année : complétez ses [[indicateurs]], \
         ou précisez --annee N pour un classeur sans indicateur"
            .to_string()
    } else {
        format!(
            "précisez l'année voulue avec --annee N (années avec des indicateurs : {})",
            with_lines.join(", ")
        )
    };
    Err(Error::Usage(format!(
        "l'année de contrat en cours ({year}, du {} au {}) n'a aucune ligne d'indicateur dans le \
         contrat : son classeur n'aurait rien à remplir ; {choice}",
        crate::fr::date(period.start),
        crate::fr::date(period.end)
    )))
}

fn default_output(contract: &Path, year: u32) -> PathBuf {
    contract.with_file_name(format!("suivi-annee-{year}.xlsx"))
}
