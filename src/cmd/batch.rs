//! `cpts-aci batch`: checks and computes many workbooks and consolidates them.

use super::DateArg;
use super::today;
use crate::batch::{self, output::Consolidation};
use crate::error::{Error, Outcome};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `batch`.
#[derive(Debug, clap::Args)]
#[command(help_template = super::SUBCOMMAND_HELP)]
pub(crate) struct Args {
    /// Classeurs ou dossiers (parcourus à la recherche des classeurs).
    #[arg(value_name = "CHEMIN", required = true)]
    pub paths: Vec<PathBuf>,
    /// Classeur de consolidation à écrire (par défaut consolidation.xlsx).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FICHIER.xlsx",
        default_value = "consolidation.xlsx",
        hide_default_value = true
    )]
    pub output: PathBuf,
    /// Écrit aussi le même contenu en JSON dans ce fichier.
    #[arg(long, value_name = "FICHIER")]
    pub json: Option<PathBuf>,
    /// Écrit aussi un rapport imprimable (tableau de bord, puis une page par CPTS) dans ce
    /// fichier HTML.
    #[arg(long, value_name = "FICHIER.html")]
    pub rapport: Option<PathBuf>,
    /// Nombre de tâches en parallèle (par défaut le nombre de cœurs).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    #[command(flatten)]
    pub when: DateArg,
    /// Remplace la consolidation (et le JSON, le rapport) s'ils existent déjà.
    #[arg(long)]
    pub force: bool,
}

/// Runs the batch; exits 1 when a file has errors, is unreadable or is in conflict.
pub(crate) fn run(args: &Args) -> Outcome {
    let outputs: Vec<PathBuf> = std::iter::once(args.output.clone())
        .chain(args.json.clone())
        .chain(args.rapport.clone())
        .collect();
    let named: Vec<&std::path::Path> = args
        .paths
        .iter()
        .filter(|p| p.is_file())
        .map(PathBuf::as_path)
        .collect();
    super::refuse_other_format(&args.output, "xlsx")?;
    for output in &outputs {
        super::refuse_input_as_output(output, &named)?;
        super::refuse_existing(output, args.force)?;
    }
    let files = batch::collect(&args.paths, &outputs);
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let bar = progress_bar(files.len() as u64);
    let start = Instant::now();
    let today = today(args.when.date);
    let mut out = Consolidation::new(args.json.as_deref(), today)
        .map_err(Error::Io)?
        .checked(args.paths.iter().map(|p| p.display().to_string()).collect());
    if let Some(folder) = std::path::absolute(&args.output)
        .ok()
        .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
    {
        out = out.linked_from(folder);
    }
    if let Some(rapport) = &args.rapport {
        out = out.with_rapport(rapport).map_err(Error::Io)?;
    }
    let tick = || bar.inc(1);
    let summary = batch::run(&files, jobs, today, &tick, &mut |r| out.add(r)).map_err(Error::Io)?;
    out.finish(&summary, &args.output, args.json.as_deref())
        .map_err(Error::Io)?;
    bar.finish_and_clear();
    for skipped in &summary.skipped {
        eprintln!(
            "{skipped} : consolidation écrite par cpts-aci batch, ignorée (ce n'est pas le classeur d'une CPTS)"
        );
    }
    let mut text = summary.text(start.elapsed().as_secs_f64());
    let written: Vec<String> = std::iter::once(&args.output)
        .chain(&args.json)
        .chain(&args.rapport)
        .map(|p| p.display().to_string())
        .collect();
    let (last, first) = written.split_last().unwrap_or((&written[0], &[]));
    text.push_str(&format!(
        "\nConsolidation écrite dans {}",
        if first.is_empty() {
            last.clone()
        } else {
            format!("{} et {last}", first.join(", "))
        }
    ));
    text.push('\n');
    if summary.files == 0 {
        text.push_str("Aucun classeur trouvé dans les chemins indiqués.\n");
    }
    super::print(&text)?;
    Ok(summary.ok())
}

/// A progress bar on standard error when it is a terminal; nothing otherwise.
fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} classeurs, reste {eta}") {
        bar.set_style(style);
    }
    bar
}
