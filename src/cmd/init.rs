//! `cpts-aci init`: a starter contract to fill in.

use crate::contract::starter::{self, StarterOptions};
use crate::contractbook::ContractForm;
use crate::error::{Error, Outcome};
use crate::fsio;
use crate::grid::{self, Size};
use chrono::NaiveDate;
use std::path::PathBuf;

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Population couverte par la CPTS (donne la taille).
    #[arg(long, value_name = "P", conflicts_with = "taille")]
    pub population: Option<u64>,
    /// Taille de la CPTS, de 1 à 4, si la population n'est pas connue.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub taille: Option<u8>,
    /// Grille nationale des montants (par défaut avenant2-2022).
    #[arg(long, value_name = "GRILLE", default_value = grid::DEFAULT_ID, hide_default_value = true)]
    pub grille: String,
    /// Date de signature à inscrire (AAAA-MM-JJ) ; sans elle, la date reste à remplir.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub signature: Option<NaiveDate>,
    /// Fichier à écrire : contrat.toml, ou contrat.xlsx pour le classeur du contrat ; sans
    /// cette option, le contrat TOML est affiché.
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Remplace le fichier s'il existe déjà.
    #[arg(long)]
    pub force: bool,
}

/// Writes or prints the starter contract.
pub(crate) fn run(args: &Args) -> Outcome {
    let workbook =
        args.output.as_deref().and_then(ContractForm::of_extension) == Some(ContractForm::Workbook);
    // Another spreadsheet's name would hold a TOML text, or a workbook of another format.
    if let Some(path) = &args.output
        && !workbook
    {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if matches!(ext.as_deref(), Some("ods" | "xls" | "xlsm")) {
            return Err(Error::Usage(format!(
                "{} : nommez la sortie en .xlsx (classeur du contrat, qu'Excel et LibreOffice \
                 ouvrent tous deux) ou en .toml",
                path.display()
            )));
        }
    }
    let grid = grid::find(&args.grille).ok_or_else(|| {
        Error::Usage(format!(
            "grille « {} » inconnue ; grilles disponibles : {}",
            args.grille,
            grid::known_ids().join(", ")
        ))
    })?;
    let size = match (args.population, args.taille) {
        (Some(p), _) => Some(Size::from_population(p)),
        (None, Some(t)) => Some(Size::new(t).expect("clap checks the range")),
        (None, None) => {
            eprintln!(
                "note : ni --population ni --taille indiquée ; montants de la grille montrés pour \
                 la taille 2, population à remplir dans [cpts]"
            );
            None
        }
    };
    let options = StarterOptions {
        grid,
        size,
        population: args.population,
        signature: args.signature,
    };
    let (bytes, to_fill) = if workbook {
        crate::contractbook::starter::starter_book(&options)?
    } else {
        let text = starter::render(&options);
        let to_fill = crate::contract::placeholder::find(&text).len();
        (text.into_bytes(), to_fill)
    };
    match &args.output {
        None => super::print(&String::from_utf8_lossy(&bytes))?,
        Some(path) => {
            super::refuse_existing(path, args.force)?;
            fsio::write_atomic(path, &bytes).map_err(Error::Io)?;
            let next = if workbook {
                format!(
                    "remplissez-les dans Excel ou LibreOffice (cellules orange), vérifiez avec \
                     « cpts-aci contrat {} », puis « cpts-aci generate »",
                    path.display()
                )
            } else {
                "remplacez-les par celles du contrat signé avant « cpts-aci generate »".into()
            };
            eprintln!(
                "Contrat de départ écrit dans {} : {} « À REMPLIR » ; {next}.",
                path.display(),
                crate::fr::count(to_fill, "valeur", "valeurs")
            );
        }
    }
    Ok(true)
}
