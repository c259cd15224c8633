//! `Tableau de bord`, the consolidation's first sheet: what a CPAM agent reads first and
//! prints on one page — the files per status, the totals per mission, taille and contract year
//! (a CPTS-year counted once), and the consolidated payment schedule with its chart. Written
//! last, from the [`Summary`] gathered while the other sheets were streamed, into a sheet that
//! was added first.

use super::Status;
use super::summary::{Summary, Totals};
use crate::workbook::style::{EUROS, fill, palette, report_header};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Chart, ChartLegendPosition, ChartType, Color, Format, Worksheet, XlsxError};

/// The sheet's name (stable).
pub(crate) const NAME: &str = "Tableau de bord";

/// Columns of the totals tables (stable).
pub(crate) const TOTALS: [&str; 8] = [
    "Libellé",
    "Code",
    "CPTS",
    "Fixe (€)",
    "Variable obtenu (€)",
    "Variable max (€)",
    "Activation (€)",
    "Total (€)",
];

/// Columns of the payment schedule (stable).
pub(crate) const SCHEDULE: [&str; 5] = ["Mois", "Code", "Avances (€)", "Soldes (€)", "Total (€)"];

fn money(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

struct Styles {
    title: Format,
    section: Format,
    header: Format,
    euros: Format,
    total: Format,
    total_euros: Format,
}

/// Writes the dashboard into `ws` (the workbook's first sheet).
pub(super) fn write(
    ws: &mut Worksheet,
    s: &Summary,
    date: chrono::NaiveDate,
    paths: &[String],
) -> Result<(), XlsxError> {
    let st = Styles {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_font_color(Color::RGB(palette::TITLE)),
        section: Format::new()
            .set_bold()
            .set_font_size(12)
            .set_font_color(Color::RGB(palette::TITLE)),
        header: report_header(),
        euros: Format::new().set_num_format(EUROS),
        total: crate::workbook::style::total(None),
        total_euros: crate::workbook::style::total(Some(EUROS)),
    };
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 17)?; // the longest mission code, « accompagnement »
    ws.set_column_width(2, 14)?;
    for col in 3..8 {
        ws.set_column_width(col, 18)?;
    }
    ws.write_string_with_format(0, 0, "Consolidation des classeurs ACI des CPTS", &st.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "Établie le {} ; chemins contrôlés : {}",
            crate::fr::date(date),
            paths.join(", ")
        ),
    )?;
    ws.write_string(
        2,
        0,
        format!(
            "{}, dont {} dans les totaux (une CPTS-année n'est comptée qu'une fois).",
            crate::fr::count(s.files, "fichier", "fichiers"),
            crate::fr::count(s.counted, "compté", "comptés")
        ),
    )?;
    let mut row = 4;
    ws.write_string_with_format(row, 0, "Fichiers par statut", &st.section)?;
    row += 1;
    for (c, h) in ["Statut", "Fichiers", "Compté"].iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    row += 1;
    let c = &s.statuses;
    for (status, n, colour) in [
        (Status::Valide, c.valide, palette::GREEN),
        (Status::Incomplet, c.incomplet, palette::ORANGE),
        (Status::Erreurs, c.erreurs, palette::RED),
        (Status::Illisible, c.illisible, palette::RED),
        (Status::Doublon, c.doublon, palette::GREY),
        (Status::Conflit, c.conflit, palette::RED),
    ] {
        ws.write_string_with_format(row, 0, status.label(), &fill(colour))?;
        ws.write_number(row, 1, n as f64)?;
        ws.write_string(row, 2, if status.counted() { "oui" } else { "non" })?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Total", &st.total)?;
    ws.write_number_with_format(row, 1, s.files as f64, &st.total)?;
    row += 2;
    let missions: Vec<(String, String, &Totals)> = s
        .missions
        .iter()
        .map(|(k, t)| (crate::mission::envelope_label(k).to_string(), k.clone(), t))
        .collect();
    row = totals(ws, &st, row, "Totaux par mission", &missions, false)?;
    let tailles: Vec<(String, String, &Totals)> = s
        .tailles
        .iter()
        .map(|(k, t)| (format!("Taille {k}"), k.to_string(), t))
        .collect();
    row = totals(ws, &st, row, "Totaux par taille", &tailles, true)?;
    let years: Vec<(String, String, &Totals)> = s
        .years
        .iter()
        .map(|(k, t)| (format!("Année {k}"), k.to_string(), t))
        .collect();
    row = totals(ws, &st, row, "Totaux par année du contrat", &years, true)?;
    ws.write_string_with_format(
        row,
        0,
        "Échéancier consolidé des versements (avances : pendant l'année ; soldes : après le dialogue de gestion)",
        &st.section,
    )?;
    row += 1;
    for (c, h) in SCHEDULE.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    row += 1;
    let first = row;
    let (mut advances, mut balances) = (Decimal::ZERO, Decimal::ZERO);
    for (month, m) in &s.schedule {
        ws.write_string(row, 0, super::labels::month_label(month))?;
        ws.write_string(row, 1, month)?;
        ws.write_number_with_format(row, 2, money(m.advances), &st.euros)?;
        ws.write_number_with_format(row, 3, money(m.balances), &st.euros)?;
        ws.write_number_with_format(row, 4, money(m.advances + m.balances), &st.euros)?;
        advances += m.advances;
        balances += m.balances;
        row += 1;
    }
    let last = row.saturating_sub(1).max(first);
    ws.write_string_with_format(row, 0, "Total", &st.total)?;
    ws.write_string_with_format(row, 1, "", &st.total)?;
    for (col, v) in [(2, advances), (3, balances), (4, advances + balances)] {
        ws.write_number_with_format(row, col, money(v), &st.total_euros)?;
    }
    if !s.schedule.is_empty() {
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for (name, col, colour) in [
            ("Avances", 2, palette::COMPUTED_HEADER),
            ("Soldes", 3, palette::GREEN.1),
        ] {
            chart
                .add_series()
                .set_name(name)
                .set_categories((NAME, first, 0, last, 0))
                .set_values((NAME, first, col, last, col))
                .set_format(rust_xlsxwriter::ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(colour)),
                ));
        }
        chart.set_width(640).set_height(260);
        chart.title().set_name("Versements par mois");
        chart
            .y_axis()
            .set_num_format(crate::workbook::style::EUROS_AXIS);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        ws.insert_chart_with_offset(row + 2, 0, &chart, 4, 0)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_header(format!("&L&\"-,Bold\"{NAME}&R{}", crate::fr::date(date)));
    ws.set_footer("&CPage &P sur &N");
    Ok(())
}

/// One totals table from `row`; returns the row after it. `count_total`: whether the CPTS
/// column adds up (a CPTS is in every mission, but in one taille and one year).
fn totals(
    ws: &mut Worksheet,
    st: &Styles,
    mut row: u32,
    title: &str,
    rows: &[(String, String, &Totals)],
    count_total: bool,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, title, &st.section)?;
    row += 1;
    for (c, h) in TOTALS.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    row += 1;
    let mut sum = Totals::default();
    for (label, code, t) in rows {
        ws.write_string(row, 0, label)?;
        ws.write_string(row, 1, code)?;
        ws.write_number(row, 2, t.cpts as f64)?;
        for (col, v) in amounts(t) {
            ws.write_number_with_format(row, col, money(v), &st.euros)?;
        }
        sum.add(t);
        row += 1;
    }
    ws.write_string_with_format(row, 0, "Total", &st.total)?;
    ws.write_string_with_format(row, 1, "", &st.total)?;
    if count_total {
        ws.write_number_with_format(row, 2, sum.cpts as f64, &st.total)?;
    } else {
        ws.write_string_with_format(row, 2, "", &st.total)?;
    }
    for (col, v) in amounts(&sum) {
        ws.write_number_with_format(row, col, money(v), &st.total_euros)?;
    }
    Ok(row + 2)
}

fn amounts(t: &Totals) -> [(u16, Decimal); 5] {
    [
        (3, t.fixed),
        (4, t.variable),
        (5, t.variable_max),
        (6, t.activation),
        (7, t.total),
    ]
}
