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
        "À confirmer",
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

/// A data sheet's print width at 100 %, in column units, on A4 landscape between the margins
/// of [`setup`] (277 mm). LibreOffice without Calibri measures a unit by its substitute's digit,
/// about 2.45 mm; Excel's Calibri unit is narrower (1.9 mm): the page is reckoned as the wider
/// measure makes it.
const PAGE_UNITS: f64 = 113.0;

/// The smallest print scale, in percent, at which the type stays readable (11 points print at
/// 7.2).
const READABLE_SCALE: u16 = 65;

/// The columns repeated at the left of each page when a sheet prints more than one page wide:
/// the fewest that say what a row is about (LibreOffice keeps their room on every page, the
/// first included).
fn repeated(name: &str) -> Option<(u16, u16)> {
    match name {
        "CPTS" | "Contrôles" => Some((1, 1)),
        "Indicateurs" => Some((3, 4)),
        "Financement" => Some((1, 3)),
        _ => None,
    }
}

/// Sets the printing of a data sheet: A4 landscape, the header row on every page, the
/// sheet's title and the date in the page header, the page number in the footer. A sheet whose
/// columns (`natural`, the sum of their widths) fit one page wide at a readable scale is fit to
/// one page wide; a wider one prints at that scale over several pages, left to right before
/// top to bottom, with the columns that say what a row is about repeated on each.
pub(super) fn setup(
    ws: &mut Worksheet,
    name: &str,
    date: chrono::NaiveDate,
    natural: f64,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    if natural * f64::from(READABLE_SCALE) / 100.0 <= PAGE_UNITS {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(READABLE_SCALE);
        ws.set_page_order(false);
        if let Some((first, last)) = repeated(name) {
            ws.set_repeat_columns(first, last)?;
        }
    }
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!(
        "&L&\"-,Bold\"Consolidation des classeurs ACI — {name}&R{}",
        crate::fr::date(date)
    ));
    ws.set_footer("&CPage &P sur &N");
    Ok(())
}

/// Beyond this width, in column units, a column's text wraps: the column stops growing.
pub(super) fn cap(header: &str) -> f64 {
    match header {
        // An indicator's wording on one line as long as it is not a sentence: the sheet's rows
        // then take one line each.
        "Indicateur" => 60.0,
        "Problème" | "Correction" => 50.0,
        "Fichier" => 48.0,
        "Motif" => 32.0,
        // « Accompagnement des professionnels », the longest mission, on one line.
        "Mission" => 32.0,
        "CPTS" | "Constat" => 28.0,
        _ => 22.0,
    }
}

/// The width of `text` in column units, as the widest common rendering of the default font
/// draws it (a unit is a digit's width; narrow letters and spaces take about half of one).
pub(super) fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '\'' | '’' | '|' | '!' => 0.45,
            ' ' | '\u{a0}' | '\u{202f}' | '.' | ',' | ':' | ';' => 0.5,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' | 'I' => 0.65,
            's' | 'c' | 'z' => 0.85,
            'w' => 1.3,
            'm' | 'M' | 'W' | '%' | 'œ' | 'Œ' => 1.55,
            c if c.is_uppercase() => 1.2,
            _ => 1.0,
        })
        .sum()
}

/// How many lines `text` takes in a column that wraps at `cap` units (words kept whole when
/// they fit, cut when wider than a line).
pub(super) fn lines(text: &str, cap: f64) -> usize {
    let space = units(" ");
    let (mut lines, mut used) = (1, 0.0);
    for word in text.split(' ') {
        let len = units(word);
        let needed = if used == 0.0 { len } else { used + space + len };
        if needed <= cap {
            used = needed;
        } else {
            if used > 0.0 {
                lines += 1;
            }
            let extra = (len / cap).ceil().max(1.0) - 1.0;
            lines += extra as usize;
            used = len - extra * cap;
        }
    }
    lines
}

/// Column units a header's bold type takes beyond the regular.
const BOLD: f64 = 1.1;

/// Room beside a cell's text, in column units.
const PADDING: f64 = 1.5;

/// The width at which a column shows its widest value (`widest`, in column units) without
/// `###` nor a cut, up to its [`cap`] beyond which its text wraps; never narrower than its
/// header needs to show on two lines, words whole.
pub(super) fn width(header: &str, widest: f64) -> f64 {
    let word = header.split(' ').map(units).fold(0.0, f64::max);
    let mut two_lines = word;
    while lines(header, two_lines) > 2 {
        two_lines += 0.5;
    }
    widest.min(cap(header)).max(two_lines * BOLD).max(4.0) + PADDING
}

#[cfg(test)]
mod tests {
    use super::{lines, units, width};

    #[test]
    fn texts_wrap_by_words_and_headers_fit_on_two_lines() {
        assert_eq!(units("0123456789"), 10.0);
        assert!(units("illisible") < units("MOMENTUM"));
        assert_eq!(lines("Accès aux soins", 18.0), 1);
        assert_eq!(lines("Accompagnement des professionnels", 18.0), 2);
        assert_eq!(
            lines("Accompagnement des professionnels", super::cap("Mission")),
            1
        );
        assert_eq!(lines("abcdefghij", 4.0), 3);
        assert_eq!(lines("", 4.0), 1);
        // « Variable » above « obtenu N-1 (€) ».
        let header = "Variable obtenu N-1 (€)";
        assert_eq!(lines(header, units("obtenu N-1 (€)") - 0.1), 3);
        assert_eq!(lines(header, units("obtenu N-1 (€)")), 2);
        let least = units("obtenu N-1 (€)") * 1.1 + 1.5;
        assert!((least..least + 0.6).contains(&width(header, 1.0)));
        assert_eq!(width("Montant (€)", 30.0), 22.0 + 1.5, "capped");
    }
}
