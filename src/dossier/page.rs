//! `index.html`: one self-contained French page (no network, no script) for the CPAM agent who
//! unzips the dossier. It prints on A4.

use super::Placed;
use crate::check::Review;
use crate::finding::{Finding, Severity};
use crate::fr::date;
use crate::funding::LineStatus;
use crate::funding::Observation;
use crate::funding::Share;
use crate::funding::confirm;
use crate::funding::explained::explain_year;
use crate::workbook::read::ReadWorkbook;
use figures::{decimal, euros, percent};
use std::fmt::Write;

/// The page's style, in the workbook's palette (`{…}` fields filled by [`style`]).
const STYLE: &str = "
@page { size: A4; margin: 14mm 12mm; }
body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt; color: #1a1a1a; margin: 24px; }
h1 { color: {titre}; font-size: 18pt; margin: 0 0 4px; }
h2 { color: {titre}; font-size: 13pt; border-bottom: 2px solid {calcul_entete}; padding-bottom: 2px; margin-top: 22px; }
p.sub { color: #595959; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th { background: {entete}; color: #fff; text-align: left; font-weight: bold; padding: 4px 6px; }
td { border: 1px solid {bordure}; padding: 3px 6px; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
h2, p.lead { break-after: avoid; }
td.ind { width: 28%; }
td.pc { width: 34%; }
.box { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
.box div { border: 1px solid {bordure}; background: {calcul}; padding: 6px 10px; min-width: 150px; }
.box b { display: block; font-size: 13pt; }
.ok { background: {vert}; color: {vert_texte}; }
.partial { background: {orange}; color: {orange_texte}; }
.ko { background: {rouge}; color: {rouge_texte}; }
.grey { background: {gris}; color: {gris_texte}; }
.missing { color: {rouge_texte}; font-style: italic; }
a { color: #0563C1; }
ul.pieces { margin: 0; padding-left: 16px; }
.why { color: #595959; font-size: 9pt; }
.confirm { color: {orange_texte}; font-style: italic; }
.box b .confirm { display: inline; font-size: 10pt; font-weight: normal; }
footer { color: #595959; font-size: 9pt; margin-top: 20px; }
@media print { body { margin: 0; } a { color: #1a1a1a; } }
";

/// An amount, followed by a discreet « (à confirmer) » when it rests on a grid figure still to
/// confirm (docs/regles.md §2).
fn marked(amount: rust_decimal::Decimal, to_confirm: bool) -> String {
    if to_confirm {
        format!(
            "{} <span class=\"confirm\">({})</span>",
            euros(amount),
            confirm::MARK
        )
    } else {
        euros(amount)
    }
}

pub(crate) fn style() -> String {
    use crate::workbook::style::palette as p;
    let css = |rgb: u32| format!("#{rgb:06X}");
    let fields = [
        ("titre", css(p::TITLE)),
        ("entete", css(p::FIXED_HEADER)),
        ("calcul_entete", css(p::COMPUTED_HEADER)),
        ("calcul", css(p::COMPUTED)),
        ("bordure", css(p::BORDER)),
        ("vert", css(p::GREEN.0)),
        ("vert_texte", css(p::GREEN.1)),
        ("orange", css(p::ORANGE.0)),
        ("orange_texte", css(p::ORANGE.1)),
        ("rouge", css(p::RED.0)),
        ("rouge_texte", css(p::RED.1)),
        ("gris", css(p::GREY.0)),
        ("gris_texte", css(p::GREY.1)),
    ];
    crate::workbook::texts::fill(STYLE, &fields)
}

/// The French figures of [`crate::fr`] as a page shows them: typeset, so that an amount never
/// breaks across two lines (`62` at the end of one, `500,00 €` at the start of the next).
pub(crate) mod figures {
    use crate::fr::typographic;
    use rust_decimal::Decimal;

    /// An amount: `62 500,00 €`, unbreakable.
    pub(crate) fn euros(amount: Decimal) -> String {
        typographic(&crate::fr::euros(amount))
    }

    /// A ratio as a percentage: `56,2 %`, unbreakable.
    pub(crate) fn percent(ratio: Decimal) -> String {
        typographic(&crate::fr::percent(ratio))
    }

    /// A value as written: `1 250`, unbreakable.
    pub(crate) fn decimal(value: Decimal) -> String {
        typographic(&crate::fr::decimal(value))
    }

    /// A count and its noun: `2 erreurs`.
    pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
        typographic(&crate::fr::count(n, singular, plural))
    }
}

/// A text for the page: escaped, and typeset in French (non-breaking spaces where French
/// keeps words together).
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::fr::typographic(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A zip path as a relative URL: every byte but the unreserved ones and `/` percent-encoded.
pub(crate) fn href(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A piece as an item of a list, linked to its file.
fn link(p: &Placed) -> String {
    format!(
        "<li><a href=\"{}\">{}</a></li>",
        href(&p.zip_path),
        esc(&p.label)
    )
}

pub(crate) fn status_class(status: LineStatus) -> &'static str {
    match status {
        LineStatus::Reached => "ok",
        LineStatus::Partial => "partial",
        LineStatus::Neutralised | LineStatus::Tracking => "grey",
        _ => "ko",
    }
}

/// The page.
pub(super) fn index(
    wb: &ReadWorkbook,
    r: &Review,
    findings: &[Finding],
    placed: &[Placed],
    workbook_name: &str,
) -> String {
    let c = &wb.contract;
    let f = &r.funding;
    let said = explain_year(c, wb.year, f, &r.readings);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Dossier du dialogue de gestion — {name}, année {year}</title>\n<style>{style}</style>\n\
         </head>\n<body>\n<h1>Dossier du dialogue de gestion — {name}</h1>\n\
         <p class=\"sub\">Année {year} du contrat ACI, du {start} au {end} ; contrat signé le {signed} ; \
         identifiant {id} ; taille {size}.</p>\n",
        name = esc(&c.cpts.name),
        year = wb.year,
        start = date(f.period.start),
        end = date(f.period.end),
        signed = date(c.terms.signature),
        id = esc(&c.cpts.identifier),
        size = c.size.get(),
        style = style(),
    );
    let errors = findings
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|x| x.severity == Severity::Warning)
        .count();
    let _ = write!(
        h,
        "<div class=\"box\"><div>Financement de l'année<b>{}</b></div>\
         <div>Maximum possible<b>{}</b></div><div>Part variable obtenue<b>{} sur {}</b></div>\
         <div class=\"{}\">Contrôles<b>{}, {}</b></div></div>\n\
         <p>Classeur contrôlé, avec toutes les saisies : <a href=\"{}\">{}</a>. \
         Empreintes de chaque fichier : <a href=\"empreintes.sha256\">empreintes.sha256</a>.</p>\n",
        marked(f.total, !f.to_confirm.is_empty()),
        marked(f.max, !f.to_confirm.is_empty()),
        euros(f.variable()),
        marked(
            f.variable_max(),
            f.missions
                .iter()
                .any(|m| m.to_confirm.contains(&Share::Variable))
        ),
        if errors > 0 {
            "ko"
        } else if warnings > 0 {
            "partial"
        } else {
            "ok"
        },
        figures::count(errors, "erreur", "erreurs"),
        figures::count(warnings, "avertissement", "avertissements"),
        href(workbook_name),
        esc(workbook_name),
    );
    if !f.to_confirm.is_empty() {
        let _ = writeln!(h, "<p class=\"confirm\">{}</p>", esc(confirm::EXPLANATION));
    }
    for m in &f.missions {
        let share = |s| m.to_confirm.contains(&s);
        let _ = write!(
            h,
            "<h2>Mission {} — {}</h2>\n<p class=\"lead\">Fixe {} ; variable {} sur {} ; activation {}.</p>\n",
            esc(m.code.label()),
            marked(m.total(), !m.to_confirm.is_empty()),
            marked(m.fixed, share(Share::Fixed)),
            euros(m.variable),
            marked(m.variable_max, share(Share::Variable)),
            marked(m.activation, share(Share::Activation))
        );
        // Pieces of the mission itself (the crisis plan), not of one of its indicators.
        let own: Vec<String> = placed
            .iter()
            .filter(|p| {
                !c.indicators.iter().any(|i| i.code == p.code)
                    && super::mission_of(c, &p.code) == m.code.to_string()
            })
            .map(link)
            .collect();
        if !own.is_empty() {
            let _ = writeln!(
                h,
                "<p>Pièces de la mission :</p><ul class=\"pieces\">{}</ul>",
                own.join("")
            );
        }
        if m.indicators.is_empty() {
            h.push_str("<p>Aucun indicateur cette année.</p>\n");
            continue;
        }
        h.push_str(
            "<table><thead><tr><th>Indicateur</th><th>Cible</th><th>Réalisé</th><th>Atteinte</th>\
             <th>Montant</th><th>Pièces</th></tr></thead>\n",
        );
        for l in &m.indicators {
            let indicator = c.indicators.iter().find(|i| i.code == l.code);
            let label = indicator.map_or(String::new(), |i| i.label.clone());
            let unit = indicator
                .and_then(|i| i.unit.clone())
                .map_or(String::new(), |u| format!(" {u}"));
            let target = indicator
                .and_then(|i| i.years.get(&wb.year))
                .and_then(|t| t.target)
                .map_or("—".into(), |t| format!("{}{unit}", decimal(t)));
            let realised = r.readings.get(&l.code).map_or("—".into(), |reading| {
                if reading.neutralised {
                    "neutralisé".into()
                } else if let Observation::Number(d) = reading.value {
                    format!("{}{unit}", decimal(d))
                } else {
                    crate::pluriannual::shown(reading.value).unwrap_or_else(|| "—".into())
                }
            });
            let links: Vec<String> = placed
                .iter()
                .filter(|p| p.code == l.code)
                .map(link)
                .collect();
            let missing: Vec<String> = findings
                .iter()
                .filter(|x| {
                    x.indicator.as_deref() == Some(l.code.as_str())
                        && x.code.as_str().starts_with("evidence_")
                })
                .map(|x| {
                    format!(
                        "<li class=\"missing\">{} : {}</li>",
                        esc(&x.cell),
                        esc(&x.message)
                    )
                })
                .collect();
            let pieces = if links.is_empty() && missing.is_empty() {
                "<span class=\"missing\">aucune pièce</span>".to_string()
            } else {
                format!(
                    "<ul class=\"pieces\">{}{}</ul>",
                    links.join(""),
                    missing.join("")
                )
            };
            let why = said.get(&l.code).map_or(String::new(), |t| {
                [
                    ("Barème", &t.scale),
                    ("Il manque", &t.missing),
                    ("Explication", &t.explanation),
                ]
                .iter()
                .filter(|(_, text)| !text.is_empty())
                .map(|(name, text)| format!("<div class=\"why\">{name}\u{a0}: {}</div>", esc(text)))
                .collect()
            });
            let _ = writeln!(
                h,
                "<tr><td class=\"ind\"><b>{}</b> {}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                 <td class=\"n {}\">{}</td><td class=\"n\">{}</td><td class=\"pc\">{}</td></tr>",
                esc(&l.code),
                esc(&label),
                why,
                esc(&target),
                esc(&realised),
                status_class(l.status),
                percent(l.attainment),
                euros(l.amount),
                pieces
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("<h2>Contrôles</h2>\n");
    if findings.is_empty() {
        h.push_str("<p class=\"ok\">Aucun problème : le classeur est prêt pour le dialogue de gestion.</p>\n");
    } else {
        h.push_str(
            "<table><thead><tr><th>Gravité</th><th>Constat</th><th>Feuille</th><th>Cellule</th>\
             <th>Indicateur</th><th>Problème</th><th>Correction</th><th>Enjeu</th></tr></thead>\n",
        );
        for x in findings {
            let class = if x.severity == Severity::Error {
                "ko"
            } else {
                "partial"
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"{class}\">{}</td><td>{}<br><code>{}</code></td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                x.severity.label(),
                esc(x.code.label()),
                x.code.as_str(),
                esc(&x.sheet),
                esc(&x.cell),
                esc(x.indicator.as_deref().unwrap_or("")),
                esc(&x.message),
                esc(&x.hint),
                x.stake.map_or(String::new(), euros)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("<h2>Calendrier des versements de l'année</h2>\n<table><thead><tr><th>Date</th><th>Versement</th><th>Montant</th></tr></thead>\n");
    for p in &f.payments {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            date(p.date),
            esc(&p.label),
            marked(p.amount, confirm::payment_to_confirm(f, p))
        );
    }
    let _ = write!(
        h,
        "</table>\n<footer>Dossier établi par cpts-aci {}. Pour vérifier qu'aucun fichier n'a \
         changé : <code>sha256sum -c empreintes.sha256</code> dans le dossier décompressé.</footer>\n\
         </body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    );
    h
}
