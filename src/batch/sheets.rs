//! The consolidated workbook's sheets: their stable names and columns, and how each prints
//! (A4 landscape, the title and date in the page header, page numbers, the header row repeated,
//! widths that fit what was written).

use rust_xlsxwriter::{Worksheet, XlsxError};

/// One row per file.
pub(crate) const CPTS: (&str, &[&str]) = (
    "CPTS",
    &[
        "Fichier",
        "CPTS",
        "Identifiant",
        "Taille",
        "Année",
        "Statut",
        "Erreurs",
        "Avertissements",
        "Financement total (€)",
        "Variable obtenu (€)",
        "Variable max (€)",
        "Taux d'atteinte",
        "Motif",
        "Financement total N-1 (€)",
        "Taux d'atteinte N-1",
        "Évolution (€)",
    ],
);
/// Every indicator line of every file.
pub(crate) const INDICATORS: (&str, &[&str]) = (
    "Indicateurs",
    &[
        "Fichier",
        "CPTS",
        "Année",
        "Mission",
        "Code",
        "Indicateur",
        "Réalisé",
        "Poids (€)",
        "Poids de l'année (€)",
        "Atteinte",
        "Montant (€)",
        "Statut",
        "Atteinte N-1",
        "Montant N-1 (€)",
        "Évolution (€)",
    ],
);
/// Per file and mission.
pub(crate) const FUNDING: (&str, &[&str]) = (
    "Financement",
    &[
        "Fichier",
        "CPTS",
        "Année",
        "Mission",
        "Prorata",
        "Fixe (€)",
        "Variable obtenu (€)",
        "Variable max (€)",
        "Activation (€)",
        "Total (€)",
        "Variable obtenu N-1 (€)",
        "Taux d'atteinte N-1",
        "Total N-1 (€)",
        "Évolution (€)",
    ],
);
/// Every finding, with its file.
pub(crate) const CONTROLS: (&str, &[&str]) = (
    "Contrôles",
    &[
        "Fichier",
        "CPTS",
        "Gravité",
        "Code",
        "Constat",
        "Feuille",
        "Cellule",
        "Indicateur",
        "Problème",
        "Correction",
        "Enjeu (€)",
    ],
);
/// The most columns a sheet has.
pub(crate) const MAX_COLUMNS: usize = 16;
/// All four, in workbook order.
pub(crate) const ALL: [(&str, &[&str]); 4] = [CPTS, INDICATORS, FUNDING, CONTROLS];

/// Sets the printing of a data sheet: A4 landscape, one page wide, the header row on every
/// page, the sheet's title and the date in the page header, the page number in the footer.
pub(super) fn setup(
    ws: &mut Worksheet,
    name: &str,
    date: chrono::NaiveDate,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!(
        "&L&\"-,Bold\"Consolidation des classeurs ACI — {name}&R{}",
        crate::fr::date(date)
    ));
    ws.set_footer("&CPage &P sur &N");
    Ok(())
}

/// The width at which a column shows its widest value (`longest`, in characters) without
/// `###` nor a cut, up to `cap` beyond which its text wraps; never narrower than the longest
/// word of its header (which wraps on two lines).
pub(super) fn width(header: &str, longest: usize) -> f64 {
    let word = header
        .split(' ')
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let cap = match header {
        "Indicateur" | "Problème" | "Correction" | "Motif" => 45,
        "Fichier" | "CPTS" | "Constat" => 36,
        _ => 24,
    };
    (longest.min(cap).max(word).max(6) as f64) * 1.1 + 2.0
}
