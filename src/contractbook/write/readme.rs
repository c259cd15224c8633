//! `Lisez-moi` of the contract workbook: how to fill each sheet, how to type values, and a
//! filled example of `Annexe` and `Paliers` (both forms of tiers).

use super::super::layout::{ANNEX, BookTable, SHEET_README, TIERS};
use crate::fr::typographic;
use crate::workbook::style::{EUROS, GENERAL, palette};
use crate::workbook::write::style::{base, boxed, heading, note, protect, title, wrapped_height};
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// The steps, each a heading and its paragraphs.
const STEPS: [(&str, &[&str]); 6] = [
    (
        "1. Remplir le classeur, feuille par feuille",
        &[
            "Contrat : une ligne par réglage du contrat signé (nom, SIRET, population, date de signature…) ; remplissez la colonne Valeur.",
            "Missions : une ligne par mission signée, avec sa date de début. Laissez les montants vides pour ceux de la grille nationale ; ne remplissez un montant que si le contrat en fixe un autre.",
            "Annexe : recopiez le tableau des indicateurs de l'annexe signée, une ligne par indicateur et par année de contrat. Pour l'année suivante, copiez les lignes d'une année sous le tableau et changez Année, Poids et Cible. Le libellé, la portée, la règle… d'un indicateur sont les mêmes sur chacune de ses lignes ; laissés vides sur ses lignes suivantes, ils reprennent ceux de sa première ligne.",
            "Paliers : pour un indicateur à paliers, une ligne par palier et par année : le seuil et ce qu'il paie, soit en part du poids (Part : 1, 0,5), soit en euros (Montant), une seule des deux formes par indicateur et année.",
            "Justificatifs : une ligne par pièce attendue pour un indicateur. Années : une ligne pour une année où l'ARS a reconnu une crise sanitaire grave, ou dont le classeur de suivi est à remettre à une date fixée (Remise du classeur). Avenants : une ligne par avenant signé.",
            "Contacts (facultatif) : à qui envoyer le classeur de suivi, avec leur rôle, courriel et téléphone. Ils s'affichent dans le classeur de suivi ; les changer, comme la date de remise, ne demande pas d'avenant.",
        ],
    ),
    (
        "2. Saisir les valeurs",
        &[
            "Cellules jaunes : à remplir. Cellules orange : « À REMPLIR », une valeur du contrat signé reste à recopier à leur place.",
            "Dates : JJ/MM/AAAA (01/03/2025). Montants en euros : 6000 ou 6 000 € (le classeur affiche 6 000,00 €). Parts : 0,5 ou 50 %. Pour un indicateur en pourcentage, 62 (ou 62 %) pour 62 %.",
            "Listes déroulantes : mission, portée, nature, règle, sens, prorata, neutralisation, Oui/Non. Une valeur tapée avec ou sans accent ni majuscule est lue de même (Linéaire, lineaire).",
            "Les tableaux gardent des lignes vides pour grandir ; au-delà, tapez ou collez simplement sous la dernière ligne (ou, dans LibreOffice, insérez des lignes dans le tableau) : chaque ligne tapée sous un tableau est lue aussi.",
        ],
    ),
    (
        "3. Vérifier le contrat",
        &[
            "Ouvrez la page cpts-aci.html dans votre navigateur (rien n'est envoyé : tout se passe sur votre ordinateur), écran « Contrat », et choisissez ce classeur : elle liste d'un coup chaque problème, avec sa feuille et sa cellule (Annexe!L12) et la façon de le corriger. En ligne de commande : cpts-aci contrat contrat.xlsx.",
            "Les poids d'une mission et d'une année doivent faire son enveloppe variable ; les paliers d'un indicateur, du meilleur au moins bon, ne peuvent pas payer plus pour un moins bon résultat.",
        ],
    ),
    (
        "4. Produire le classeur de suivi",
        &[
            "Sur le même écran de la page, choisissez l'année : elle écrit le classeur de suivi de l'année, à remplir au fil de l'année. En ligne de commande : cpts-aci generate contrat.xlsx --annee 1.",
            "Pour les scripts, le même contrat en texte (TOML) : cpts-aci contrat contrat.xlsx -o contrat.toml ; l'inverse aussi (contrat.toml -o contrat.xlsx).",
        ],
    ),
    (
        "5. Ce qui ne se change pas",
        &[
            "Ne renommez ni les feuilles, ni les tableaux, ni leurs en-têtes : le classeur est lu par leur nom. Les colonnes ajoutées à droite d'un tableau sont ignorées.",
        ],
    ),
    (
        "Exemple rempli",
        &[
            "Deux indicateurs sur deux années : ACC-01 payé par paliers (en part du poids en année 1, en euros en année 2) et PAR-01 linéaire avec un seuil de 50 %.",
        ],
    ),
];

/// The example's `Annexe` rows.
const EXAMPLE_ANNEX: [[&str; 14]; 4] = [
    [
        "ACC-01",
        "acces",
        "Patients en ALD sans médecin traitant",
        "national",
        "résultat",
        "paliers",
        "baisse",
        "400",
        "patients",
        "Données Assurance Maladie",
        "1",
        "6000",
        "300",
        "",
    ],
    [
        "ACC-01",
        "acces",
        "Patients en ALD sans médecin traitant",
        "national",
        "résultat",
        "paliers",
        "baisse",
        "400",
        "patients",
        "Données Assurance Maladie",
        "2",
        "9000",
        "220",
        "",
    ],
    [
        "PAR-01",
        "parcours",
        "Protocoles pluriprofessionnels mis en œuvre",
        "local",
        "résultat",
        "linéaire",
        "hausse",
        "0",
        "protocoles",
        "Registre de la CPTS",
        "1",
        "17500",
        "4",
        "0,5",
    ],
    [
        "PAR-01",
        "parcours",
        "Protocoles pluriprofessionnels mis en œuvre",
        "local",
        "résultat",
        "linéaire",
        "hausse",
        "0",
        "protocoles",
        "Registre de la CPTS",
        "2",
        "17500",
        "6",
        "0,5",
    ],
];

/// The example's `Paliers` rows: shares in year 1, euros in year 2.
const EXAMPLE_TIERS: [[&str; 5]; 5] = [
    ["ACC-01", "1", "300", "1", ""],
    ["ACC-01", "1", "350", "0,5", ""],
    ["ACC-01", "2", "50", "", "9000"],
    ["ACC-01", "2", "100", "", "6000"],
    ["ACC-01", "2", "220", "", "3000"],
];

pub(super) fn readme_sheet(wb: &mut Workbook) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(SHEET_README)?;
    ws.set_column_width(0, 14)?;
    for c in 1..14 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(2, 30)?;
    ws.set_column_width(9, 22)?;
    ws.write_string_with_format(0, 0, "Le classeur du contrat ACI", &title())?;
    ws.write_string_with_format(
        1,
        0,
        typographic(
            "Le contrat signé et son annexe, à recopier ici : cpts-aci en tire le classeur de suivi de chaque année.",
        ),
        &note(),
    )?;
    let wrap = base().set_text_wrap().set_align(FormatAlign::Top);
    let mut row = 3;
    for (head, lines) in STEPS {
        ws.write_string_with_format(row, 0, typographic(head), &heading())?;
        row += 1;
        for line in lines {
            let text = format!("• {}", typographic(line));
            ws.merge_range(row, 0, row, 13, &text, &wrap)?;
            ws.set_row_height(row, wrapped_height([(text.as_str(), 180)]))?;
            row += 1;
        }
        row += 1;
    }
    row = example(ws, row - 1, &ANNEX, &EXAMPLE_ANNEX.map(|r| r.to_vec()))?;
    example(ws, row + 1, &TIERS, &EXAMPLE_TIERS.map(|r| r.to_vec()))?;
    crate::workbook::write::report::print_setup(ws, ("Classeur du contrat", ""), None)?;
    ws.set_active(true);
    protect(ws);
    Ok(())
}

/// A small filled copy of a table, headers included; returns the row after it.
fn example(
    ws: &mut Worksheet,
    row: u32,
    table: &BookTable,
    rows: &[Vec<&str>],
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, format!("Feuille {}", table.sheet), &heading())?;
    let header = boxed(base())
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(palette::INPUT_HEADER));
    for (c, column) in table.columns.iter().enumerate() {
        let c = crate::workbook::layout::col_at(c);
        ws.write_string_with_format(row + 1, c, column.name, &header)?;
    }
    ws.set_row_height(row + 1, 30)?;
    let cell = boxed(base())
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(palette::INPUT));
    for (i, values) in rows.iter().enumerate() {
        let r = row + 2 + crate::workbook::layout::row_at(i);
        for (c, (column, value)) in table.columns.iter().zip(values).enumerate() {
            let c = crate::workbook::layout::col_at(c);
            write_example(ws, (r, c), column.name, value, &cell)?;
        }
        ws.set_row_height(r, 30)?;
    }
    Ok(row + 2 + crate::workbook::layout::row_at(rows.len()))
}

/// An example value: numbers as numbers (euros with their format), the rest as text.
fn write_example(
    ws: &mut Worksheet,
    (r, c): (u32, u16),
    column: &str,
    value: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    match value.replace(',', ".").parse::<f64>() {
        Ok(x) if column.contains('€') => {
            ws.write_number_with_format(r, c, x, &f.clone().set_num_format(EUROS))?;
        }
        Ok(x) => {
            ws.write_number_with_format(r, c, x, &f.clone().set_num_format(GENERAL))?;
        }
        Err(_) if value.is_empty() => {
            ws.write_blank(r, c, f)?;
        }
        Err(_) => {
            ws.write_string_with_format(r, c, value, f)?;
        }
    }
    Ok(())
}
