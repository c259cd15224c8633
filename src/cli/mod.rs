//! The command line (README, « Commandes ») and the exit-code policy.
//!
//! Exit codes, a stable interface:
//! - **0**: nothing blocking;
//! - **1**: the input has errors (a finding of severity error; in batch, a file with errors or
//!   unreadable);
//! - **2**: the command could not run (bad arguments, unreadable contract, I/O failure).

mod french;

use crate::cmd;
use crate::error::Error;
use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;

/// Exit code: nothing blocking.
pub(crate) const EXIT_OK: i32 = 0;
/// Exit code: the input has errors.
pub(crate) const EXIT_INPUT_ERRORS: i32 = 1;
/// Exit code: the command could not run.
pub(crate) const EXIT_FAILURE: i32 = 2;

/// French headings for `--help` (clap's own are in English).
const HELP_TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "cpts-aci",
    version,
    about = "Suivi des contrats ACI des CPTS : contrat, classeur de suivi, contrôles et financement.",
    after_help = "Codes de sortie : 0 rien de bloquant ; 1 le fichier contient des erreurs ; \
                  2 la commande n'a pas pu s'exécuter.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    /// Affiche l'aide.
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Démonstration complète sur le contrat d'exemple intégré (aucun fichier requis).
    Demo(cmd::demo::Args),
    /// Écrit un contrat de départ (TOML, ou classeur du contrat en .xlsx) pré-rempli d'après la grille.
    Init(cmd::init::Args),
    /// Écrit le classeur de suivi d'une année de contrat.
    Generate(cmd::generate::Args),
    /// Contrôle un classeur rempli : chaque problème avec sa cellule et sa correction.
    Check(cmd::check::Args),
    /// Calcule le financement de l'année d'un classeur rempli.
    Compute(cmd::compute::Args),
    /// Écrit le classeur contrôlé, avec les feuilles « Synthèse » et « Contrôles ».
    Summarize(cmd::summarize::Args),
    /// Contrôle et consolide de nombreux classeurs (dossiers parcourus), en parallèle.
    Batch(cmd::batch::Args),
    /// Ce que change un avenant : termes de chaque année et effet sur les montants.
    Avenant(cmd::avenant::Args),
    /// Les années du contrat d'un coup d'œil : maximum, obtenu, échéancier, trajectoires.
    Plan(cmd::plan::Args),
    /// Dossier du dialogue de gestion : classeur contrôlé, pièces, index.html et empreintes.
    Dossier(cmd::dossier::Args),
    /// Contrôle un contrat (chaque problème d'un coup) et le convertit : TOML ↔ classeur du contrat.
    Contrat(cmd::contrat::Args),
}

/// Runs the program with the process's arguments and returns its exit code.
pub fn run() -> i32 {
    run_from(std::env::args_os())
}

/// Runs the program with the given arguments (the first is the program name).
pub(crate) fn run_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version: clap's text, French through the templates.
        Err(e) if !e.use_stderr() => {
            print!("{}", french::headings(&e.render().to_string()));
            return EXIT_OK;
        }
        Err(e) => {
            let commands: Vec<String> = Cli::command()
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            eprint!(
                "{}",
                french::render(&e, &usage_of(&args), &commands.join(", "))
            );
            return EXIT_FAILURE;
        }
    };
    let outcome = match cli.command {
        Command::Demo(args) => cmd::demo::run(&args),
        Command::Init(args) => cmd::init::run(&args),
        Command::Generate(args) => cmd::generate::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Compute(args) => cmd::compute::run(&args),
        Command::Summarize(args) => cmd::summarize::run(&args),
        Command::Batch(args) => cmd::batch::run(&args),
        Command::Avenant(args) => cmd::avenant::run(&args),
        Command::Plan(args) => cmd::plan::run(&args),
        Command::Dossier(args) => cmd::dossier::run(&args),
        Command::Contrat(args) => cmd::contrat::run(&args),
    };
    exit_code(outcome)
}

/// The usage line of the command named in `args` (or of the program).
fn usage_of(args: &[OsString]) -> String {
    let mut command = Cli::command();
    command.build();
    let named = args.iter().skip(1).find_map(|a| {
        command
            .find_subcommand(a.to_string_lossy().as_ref())
            .cloned()
    });
    match named {
        Some(mut sub) => sub.render_usage().to_string(),
        None => command.render_usage().to_string(),
    }
}

fn exit_code(outcome: Result<bool, Error>) -> i32 {
    match outcome {
        Ok(true) => EXIT_OK,
        Ok(false) => EXIT_INPUT_ERRORS,
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("erreur : {e}");
            EXIT_FAILURE
        }
    }
}
