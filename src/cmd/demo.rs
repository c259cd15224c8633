//! `cpts-aci demo`: the whole pipeline on the embedded sample contract.

use crate::contract::Contract;
use crate::error::{Error, Outcome};
use crate::funding::{fund_year, reaching_readings};
use crate::workbook::{Entries, write_workbook};
use crate::{fsio, report};
use std::path::{Path, PathBuf};

/// The sample contract shipped in `samples/` and embedded in the binary.
pub const SAMPLE_CONTRACT: &str = include_str!("../../samples/contrat-exemple.toml");

/// Arguments of `demo`.
#[derive(Debug, clap::Args)]
#[command(help_template = crate::cli::SUBCOMMAND_HELP)]
pub struct Args {
    /// Dossier où écrire les fichiers de la démonstration (par défaut ./demo-aci).
    #[arg(
        long,
        value_name = "DIR",
        default_value = "demo-aci",
        hide_default_value = true
    )]
    pub out: PathBuf,
}

/// Writes the demo files and prints the funding tables.
pub fn run(args: &Args) -> Outcome {
    let contract = Contract::parse(SAMPLE_CONTRACT, Path::new("contrat-exemple.toml"))?;
    fsio::create_dir(&args.out).map_err(Error::Io)?;
    let contract_path = args.out.join("contrat.toml");
    fsio::write_atomic(&contract_path, SAMPLE_CONTRACT.as_bytes()).map_err(Error::Io)?;

    let year = 2;
    let workbook_path = args.out.join(format!("suivi-annee-{year}.xlsx"));
    let blank = Entries::default();
    let funding = fund_year(&contract, year, &blank.readings(&contract, year));
    let bytes = write_workbook(&contract, year, &blank, &funding)?;
    fsio::write_atomic(&workbook_path, &bytes).map_err(Error::Io)?;

    let c = &contract.cpts;
    let mut text = format!(
        "Démonstration cpts-aci : {} (taille {}, {} habitants)\n\
         Contrat signé le {} pour {} ans ; écrit dans {}\n\n",
        c.name,
        contract.size.get(),
        crate::money::french_number(c.population.unwrap_or_default().into(), 0),
        contract.terms.signature.format("%d/%m/%Y"),
        contract.terms.duration_years,
        contract_path.display(),
    );
    text.push_str("Financement maximal par année de contrat (tous les objectifs atteints)\n");
    text.push_str(&report::max_by_year(&contract));
    let year1 = fund_year(&contract, 1, &reaching_readings(&contract, 1));
    text.push_str(&format!(
        "\nCalendrier des versements de l'année 1 ({}), si tous les objectifs sont atteints\n",
        report::period(&year1)
    ));
    text.push_str(&report::calendar(&year1));
    text.push_str(&format!(
        "\nClasseur de suivi vierge de l'année {year} ({} indicateurs) : {}\n",
        contract.lines(year).len(),
        workbook_path.display()
    ));
    super::print(&text)?;
    Ok(true)
}
