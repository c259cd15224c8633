//! Terminal reports about a workbook: its findings (`check`) and its funding (`compute`).

use super::table::{Align, Table};
use super::{euros_marked, mark};
use crate::check::{Finding, Review, Severity};
use crate::fr::{euros, percent};
use crate::funding::YearFunding;
use crate::funding::confirm;
use serde::Serialize;

/// `check --format json` (stable keys).
#[derive(Debug, Serialize)]
pub(crate) struct CheckJson<'a> {
    /// The workbook's path as given.
    pub file: String,
    /// CPTS name, when the workbook could be identified.
    pub cpts: Option<&'a str>,
    /// Contract year, when the workbook could be identified.
    pub year: Option<u32>,
    /// No error.
    pub ok: bool,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every finding.
    pub findings: &'a [Finding],
}

impl<'a> CheckJson<'a> {
    /// The report of a set of findings.
    pub(crate) fn new(
        file: String,
        cpts: Option<&'a str>,
        year: Option<u32>,
        findings: &'a [Finding],
    ) -> Self {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        CheckJson {
            file,
            cpts,
            year,
            ok: count(Severity::Error) == 0,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            findings,
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    crate::fr::count(n, word, &format!("{word}s"))
}

/// Findings as a person acts on them: errors first, then warnings, each group by the euros
/// at stake; each finding with its place, its code and French label, what was found and the
/// fix.
pub(crate) fn findings_text(report: &CheckJson) -> String {
    let mut out = match (report.cpts, report.year) {
        (Some(cpts), Some(year)) => format!("Classeur {} : {cpts}, année {year}\n", report.file),
        _ => format!("Classeur {}\n", report.file),
    };
    if report.findings.is_empty() {
        out.push_str("Aucun problème : le classeur est prêt pour le dialogue de gestion.\n");
        return out;
    }
    out.push_str(&format!(
        "{}, {}\n",
        plural(report.errors, "erreur"),
        plural(report.warnings, "avertissement")
    ));
    let mut severity: Option<Severity> = None;
    for f in report.findings {
        if severity != Some(f.severity) {
            severity = Some(f.severity);
            out.push_str(match f.severity {
                Severity::Error => "\nErreurs (à corriger avant le dialogue de gestion)\n",
                Severity::Warning => "\nAvertissements (à revoir)\n",
                Severity::Info => "\nInformations\n",
            });
        }
        let place = match (f.sheet.as_str(), f.cell.as_str()) {
            ("", _) => "fichier".to_string(),
            (sheet, "") => format!("feuille « {sheet} »"),
            (sheet, cell) => format!("{sheet} {cell}"),
        };
        let stake = f
            .stake
            .map_or(String::new(), |s| format!(" ; enjeu {}", euros(s)));
        out.push_str(&format!("  {place} : {}{stake}\n", f.labelled_code()));
        out.push_str(&format!("    {}\n", f.message));
        out.push_str(&format!("    → {}\n", f.hint));
    }
    out
}

/// The funding of a year: lines, missions, totals and payment calendar.
pub(crate) fn funding_text(f: &YearFunding, review: Option<&Review>) -> String {
    let mut out = format!(
        "Financement de l'année {} ({}) : {}, taille {}\n\n",
        f.year,
        super::period(f),
        f.cpts,
        f.size.get()
    );
    let mut lines = Table::new(&[
        ("Code", Align::Left),
        ("Mission", Align::Left),
        ("Poids de l'année", Align::Right),
        ("Atteinte", Align::Right),
        ("Montant", Align::Right),
        ("Statut", Align::Left),
    ]);
    for m in &f.missions {
        for l in &m.indicators {
            lines.row(vec![
                l.code.clone(),
                m.code.label().into(),
                euros(l.year_weight),
                percent(l.attainment),
                euros(l.amount),
                l.status.label().into(),
            ]);
        }
    }
    if f.missions.iter().any(|m| !m.indicators.is_empty()) {
        out.push_str("Indicateurs\n");
        out.push_str(&lines.render());
        out.push('\n');
    }
    // The `À confirmer` column only for a year that has something to confirm.
    let year_flag = !f.to_confirm.is_empty();
    let mut headers = vec![
        ("Mission", Align::Left),
        ("Prorata", Align::Right),
        ("Fixe", Align::Right),
        ("Variable obtenu", Align::Right),
        ("Variable max", Align::Right),
        ("Activation", Align::Right),
        ("Total", Align::Right),
    ];
    if year_flag {
        headers.push(("À confirmer", Align::Left));
    }
    let mut missions = Table::new(&headers);
    let operating = f.to_confirm.iter().any(|k| k == confirm::OPERATING);
    let mut row = vec![
        "Fonctionnement".into(),
        String::new(),
        euros(f.operating),
        String::new(),
        String::new(),
        String::new(),
        euros(f.operating),
    ];
    if year_flag {
        row.push(mark(operating));
    }
    missions.row(row);
    for m in &f.missions {
        let mut row = vec![
            m.code.label().into(),
            percent(m.prorata),
            euros(m.fixed),
            euros(m.variable),
            euros(m.variable_max),
            euros(m.activation),
            euros(m.total()),
        ];
        if year_flag {
            row.push(confirm::shares_label(&m.to_confirm));
        }
        missions.row(row);
    }
    let mut total = vec![String::new(); headers.len()];
    total[0] = "Total".into();
    total[6] = euros(f.total);
    if year_flag {
        total[7] = mark(true);
    }
    missions.total(total);
    out.push_str("Missions\n");
    out.push_str(&missions.render());
    out.push_str(&format!(
        "Maximum de l'année : {} ; obtenu : {}\n",
        euros_marked(f.max, year_flag),
        euros_marked(f.total, year_flag)
    ));
    out.push_str("\nCalendrier des versements\n");
    out.push_str(&super::calendar(f));
    if let Some(r) = review.filter(|r| !r.findings.is_empty()) {
        out.push_str(&format!(
            "\nLe classeur contient {} et {} : voir « cpts-aci check ».\n",
            plural(r.count(Severity::Error), "erreur"),
            plural(r.count(Severity::Warning), "avertissement")
        ));
    }
    out
}
