//! One page of `batch --rapport` per file read: the CPTS-year's identity, status, totals,
//! missions, lines with their attainment colours and findings, and, when the batch counts the
//! CPTS's previous contract year, that year's figures beside this one's with the evolution.

use super::Status;
use super::report::{FileReport, LineRow};
use crate::dossier::page::figures::{count, euros, percent};
use crate::dossier::page::{esc, status_class};
use crate::finding::Severity;
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// The page of one file; `link` gives a file's name as a link from the report.
pub(super) fn page(r: &FileReport, cpts: &str, link: &dyn Fn(&str) -> String) -> String {
    let mut h = String::new();
    let year = r.year.map(|y| y.to_string()).unwrap_or_default();
    let _ = write!(
        h,
        "<section class=\"cpts\">\n<h2>{} — année {}</h2>\n<p class=\"sub\">Identifiant {} ; \
         taille {} ; fichier {}.</p>\n",
        esc(cpts),
        year,
        esc(r.identifier.as_deref().unwrap_or("")),
        r.taille.map(|t| t.to_string()).unwrap_or_default(),
        link(&r.file)
    );
    let rate = r
        .attainment
        .as_ref()
        .and_then(|_| (!r.variable_max.is_zero()).then(|| percent(r.variable / r.variable_max)))
        .unwrap_or_else(|| "—".into());
    let _ = writeln!(
        h,
        "<div class=\"box\"><div class=\"{}\">Statut<b>{}</b></div>\
         <div>Financement de l'année<b>{}</b></div>\
         <div>Part variable obtenue<b>{} sur {}</b></div><div>Taux d'atteinte<b>{}</b></div>\
         <div class=\"{}\">Contrôles<b>{}, {}</b></div></div>",
        status_css(r.status),
        r.status.label(),
        euros(r.total),
        euros(r.variable),
        euros(r.variable_max),
        rate,
        if r.errors > 0 {
            "ko"
        } else if r.warnings > 0 {
            "partial"
        } else {
            "ok"
        },
        count(r.errors, "erreur", "erreurs"),
        count(r.warnings, "avertissement", "avertissements"),
    );
    // Only a counted file shows a previous year.
    let previous = r.previous.as_ref().filter(|_| r.counted);
    if let Some(p) = previous {
        let _ = writeln!(
            h,
            "<div class=\"box precedente\"><div>Financement de l'année {}<b>{}</b></div>\
             <div>Évolution<b>{}</b></div><div>Part variable obtenue en année {}<b>{} sur {}</b></div>\
             <div>Taux d'atteinte en année {}<b>{}</b></div></div>\n<p class=\"sub\">Année \
             précédente (N-1) : année {}, fichier {}.</p>",
            p.year,
            euros(p.total),
            signed(r.total - p.total),
            p.year,
            euros(p.variable),
            euros(p.variable_max),
            p.year,
            p.attainment.map_or_else(|| "—".into(), percent),
            p.year,
            link(&p.file),
        );
    }
    if let Some(reason) = &r.reason {
        let _ = writeln!(h, "<p><b>Non compté :</b> {}</p>", esc(reason));
    }
    h.push_str(
        "<h3>Missions</h3>\n<table><thead><tr><th>Mission</th><th>Prorata</th><th>Fixe</th>\
         <th>Variable obtenu</th><th>Variable max</th><th>Activation</th><th>Total</th>",
    );
    if previous.is_some() {
        h.push_str("<th>Taux N-1</th><th>Total N-1</th><th>Évolution</th>");
    }
    h.push_str("</tr></thead>\n");
    for m in &r.missions {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td>{}{}{}{}{}",
            esc(crate::mission::envelope_label(&m.code)),
            percent(m.prorata),
            money(m.fixed),
            money(m.variable),
            money(m.variable_max),
            money(m.activation),
            money(m.total)
        );
        if let Some(p) = previous {
            match p.mission(&m.code) {
                Some(b) => {
                    let _ = write!(
                        h,
                        "<td class=\"n\">{}</td>{}{}",
                        b.attainment.map_or_else(|| "—".into(), percent),
                        money(b.total),
                        money(m.total - b.total)
                    );
                }
                None => h.push_str("<td></td><td></td><td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
    if !r.indicators.is_empty() {
        h.push_str(
            "<h3>Indicateurs</h3>\n<table><thead><tr><th>Indicateur</th>\
             <th>Réalisé</th><th>Poids de l'année</th><th>Atteinte</th><th>Montant</th>",
        );
        if previous.is_some() {
            h.push_str("<th>Atteinte N-1</th><th>Montant N-1</th><th>Évolution</th>");
        }
        h.push_str("</tr></thead>\n");
        for l in &r.indicators {
            h.push_str(&line(l, previous.is_some()));
        }
        h.push_str("</table>\n");
    }
    // A copy's findings are those of the file counted in its place.
    if r.status != Status::Doublon && !r.findings.is_empty() {
        h.push_str(
            "<h3>Contrôles</h3>\n<table><thead><tr><th>Gravité</th><th>Constat</th>\
             <th>Cellule</th><th>Problème</th><th>Correction</th><th>Enjeu</th></tr></thead>\n",
        );
        let mut findings: Vec<_> = r.findings.iter().collect();
        findings.sort_by_key(|f| f.severity != Severity::Error);
        for x in findings {
            let class = if x.severity == Severity::Error {
                "ko"
            } else {
                "partial"
            };
            let cell = match (x.sheet.is_empty(), x.cell.is_empty()) {
                (false, false) => format!("{} ! {}", x.sheet, x.cell),
                _ => format!("{}{}", x.sheet, x.cell),
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"{class}\">{}</td><td>{}<br><code>{}</code></td><td>{}</td>\
                 <td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                x.severity.label(),
                esc(x.code.label()),
                x.code.as_str(),
                esc(&cell),
                esc(&x.message),
                esc(&x.hint),
                x.stake.map_or(String::new(), euros)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");
    h
}

/// An amount cell, with its exact value for whoever reads the page by program.
pub(super) fn money(d: Decimal) -> String {
    format!(
        "<td class=\"n\" data-montant=\"{}\">{}</td>",
        d.round_dp(2),
        euros(d)
    )
}

/// An evolution, with its sign (`+1 250,00 €`, `−300,00 €`).
fn signed(d: Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", euros(d))
    } else {
        euros(d)
    }
}

/// A line of the indicators table; `beside`: whether the previous year's columns are there
/// (blank for a line that did not exist then).
fn line(l: &LineRow, beside: bool) -> String {
    let mut h = format!(
        "<tr><td class=\"ind\"><b>{}</b> {}</td><td>{}</td>{}<td class=\"n {}\">{}</td>{}",
        esc(&l.code),
        esc(&l.label),
        esc(&l.observed),
        money(l.year_weight),
        status_class(l.status),
        percent(l.attainment),
        money(l.amount)
    );
    if beside {
        match (l.previous_attainment, l.previous_amount) {
            (Some(attainment), Some(amount)) => {
                let _ = write!(
                    h,
                    "<td class=\"n\">{}</td>{}{}",
                    percent(attainment),
                    money(amount),
                    money(l.amount - amount)
                );
            }
            _ => h.push_str("<td></td><td></td><td></td>"),
        }
    }
    h.push_str("</tr>\n");
    h
}

/// The colour of a status, as in the consolidation workbook.
pub(super) fn status_css(status: Status) -> &'static str {
    match status {
        Status::Valide => "ok",
        Status::Incomplet => "partial",
        Status::Doublon => "grey",
        Status::Erreurs | Status::Illisible | Status::Conflit => "ko",
    }
}
