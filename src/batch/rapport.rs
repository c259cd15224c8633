//! `batch --rapport FICHIER.html`: the consolidation as one self-contained French page (no
//! script, no network) that prints on A4: the dashboard first, then one page per CPTS-year.
//! Each file's page is written as its report arrives, to a temporary file (or a buffer in the
//! browser edition), so memory stays flat; the dashboard, which needs every report, is put in
//! front of them at the end.

use super::cpts_page::{money, status_css};
use super::report::FileReport;
use super::summary::{Summary, Totals};
use super::{Status, output::io};
use crate::dossier::page::figures::{count, euros};
use crate::dossier::page::{esc, href, style};
use crate::fr::date;
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use super::labels::{month_label, relative};

/// What the report adds to the dossier's style: a page per CPTS, smaller type to fit it.
const EXTRA: &str = "
@page { size: A4; margin: 10mm; }
body { font-size: 8.5pt; line-height: 1.2; }
h3 { break-after: avoid; }
section.cpts { break-before: page; }
h1 { font-size: 15pt; }
h2 { margin-top: 10px; font-size: 12pt; }
h3 { font-size: 10pt; margin: 8px 0 2px; }
table { margin: 2px 0 6px; }
td, th { padding: 1px 5px; }
td.ind { width: 58%; }
td.n, th { white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px double #1a1a1a; }
.box { gap: 6px; margin: 4px 0; flex-wrap: wrap; }
.box div { min-width: 0; flex: 1 1 auto; padding: 3px 6px; }
.box b { font-size: 10pt; }
";

/// A table of totals: its title, its first column's name, and its rows (id, label, totals).
type Group<'a> = (&'a str, &'a str, Vec<(String, String, &'a Totals)>);

/// Where a file's page goes until the dashboard is written.
enum Body {
    Disk(tempfile::NamedTempFile, BufWriter<std::fs::File>),
    Memory(Vec<u8>),
}

/// The report being written.
pub(crate) struct Rapport {
    body: Body,
    /// The report's folder, absolute, from which links to the files are relative (none in
    /// a page: the names are already relative to the folder chosen).
    base: Option<PathBuf>,
    /// Files whose money is not counted: file, status, reason.
    left_out: Vec<(String, Status, String)>,
    /// Every file read, for the dashboard's index: file, CPTS, year, status, total.
    index: Vec<(String, String, String, Status, Option<Decimal>)>,
}

impl Rapport {
    /// A report to be written at `path`, its pages kept in a temporary file beside it.
    pub(crate) fn on_disk(path: &Path) -> Result<Rapport, String> {
        let tmp = crate::fsio::temp_beside(path)?;
        let file = tmp.reopen().map_err(|e| io(path, e))?;
        let absolute = std::path::absolute(path).map_err(|e| io(path, e))?;
        Ok(Rapport {
            body: Body::Disk(tmp, BufWriter::new(file)),
            base: absolute.parent().map(Path::to_path_buf),
            left_out: Vec::new(),
            index: Vec::new(),
        })
    }

    /// A report built in memory (the browser edition).
    pub(crate) fn in_memory() -> Rapport {
        Rapport {
            body: Body::Memory(Vec::new()),
            base: None,
            left_out: Vec::new(),
            index: Vec::new(),
        }
    }

    /// A file's path as a link from the report.
    fn link(&self, file: &str) -> String {
        let target = match &self.base {
            Some(base) => relative(base, Path::new(file)),
            None => file.to_string(),
        };
        format!("<a href=\"{}\">{}</a>", href(&target), esc(file))
    }

    /// Adds one file's page (a file that could not be read is listed on the dashboard).
    pub(crate) fn add(&mut self, r: &FileReport) -> Result<(), String> {
        if !r.counted {
            self.left_out.push((
                r.file.clone(),
                r.status,
                r.reason.clone().unwrap_or_default(),
            ));
        }
        let Some(cpts) = &r.cpts else {
            return Ok(());
        };
        self.index.push((
            r.file.clone(),
            cpts.clone(),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.status,
            r.counted.then_some(r.total),
        ));
        let page = super::cpts_page::page(r, cpts, &|file| self.link(file));
        match &mut self.body {
            Body::Disk(tmp, w) => w
                .write_all(page.as_bytes())
                .map_err(|e| io(tmp.path(), e))?,
            Body::Memory(buffer) => buffer.extend_from_slice(page.as_bytes()),
        }
        Ok(())
    }

    /// The whole page: the dashboard, then every file's page. Returns its bytes, or writes
    /// it at `path` (through a temporary file renamed into place).
    pub(crate) fn finish(
        self,
        summary: &Summary,
        day: chrono::NaiveDate,
        paths: &[String],
        path: Option<&Path>,
    ) -> Result<Vec<u8>, String> {
        let head = self.dashboard(summary, day, paths);
        let tail = format!(
            "<footer>Rapport établi par cpts-aci {}.</footer>\n</body>\n</html>\n",
            env!("CARGO_PKG_VERSION")
        );
        match self.body {
            Body::Memory(body) => {
                let mut out = head.into_bytes();
                out.extend_from_slice(&body);
                out.extend_from_slice(tail.as_bytes());
                Ok(out)
            }
            Body::Disk(tmp, w) => {
                let path = path.unwrap_or(tmp.path()).to_path_buf();
                w.into_inner()
                    .map_err(|e| io(&path, e.into_error()))?
                    .sync_all()
                    .map_err(|e| io(&path, e))?;
                let out = crate::fsio::temp_beside(&path)?;
                let mut w = BufWriter::new(out.reopen().map_err(|e| io(&path, e))?);
                let mut body = tmp.reopen().map_err(|e| io(&path, e))?;
                w.write_all(head.as_bytes()).map_err(|e| io(&path, e))?;
                let mut chunk = vec![0u8; 1 << 16];
                loop {
                    let n = body.read(&mut chunk).map_err(|e| io(&path, e))?;
                    if n == 0 {
                        break;
                    }
                    w.write_all(&chunk[..n]).map_err(|e| io(&path, e))?;
                }
                w.write_all(tail.as_bytes())
                    .and_then(|_| w.flush())
                    .map_err(|e| io(&path, e))?;
                drop(w);
                out.persist(&path).map_err(|e| io(&path, e.error))?;
                Ok(Vec::new())
            }
        }
    }

    fn dashboard(&self, s: &Summary, day: chrono::NaiveDate, paths: &[String]) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Consolidation des classeurs ACI des CPTS — {day}</title>\n<style>{style}{EXTRA}</style>\n\
             </head>\n<body>\n<section class=\"tableau\">\n\
             <h1>Consolidation des classeurs ACI des CPTS</h1>\n\
             <p class=\"sub\">Établie le {day} ; chemins contrôlés : {paths} ; {files}, dont {counted} \
             dans les totaux (une CPTS-année n'est comptée qu'une fois).</p>\n",
            day = date(day),
            style = style(),
            paths = esc(&paths.join(", ")),
            files = count(s.files, "fichier", "fichiers"),
            counted = count(s.counted, "compté", "comptés"),
        );
        let c = &s.statuses;
        h.push_str("<div class=\"box\">");
        for (status, n) in [
            (Status::Valide, c.valide),
            (Status::Incomplet, c.incomplet),
            (Status::Erreurs, c.erreurs),
            (Status::Illisible, c.illisible),
            (Status::Doublon, c.doublon),
            (Status::Conflit, c.conflit),
        ] {
            let _ = write!(
                h,
                "<div class=\"{}\" id=\"statut-{}\">{}<b>{n}</b></div>",
                if n > 0 { status_css(status) } else { "" },
                status.label(),
                status.label()
            );
        }
        // The money on a row of its own: its amounts, unbreakable, need the room.
        let _ = writeln!(
            h,
            "</div>\n<div class=\"box\"><div>Financement total<b>{}</b></div>\
             <div>Variable obtenu<b>{} sur {}</b></div></div>",
            euros(s.total),
            euros(s.variable),
            euros(s.variable_max)
        );
        let groups: [Group; 3] = [
            (
                "Totaux par mission",
                "Mission",
                s.missions
                    .iter()
                    .map(|(k, t)| {
                        (
                            format!("mission-{k}"),
                            crate::mission::envelope_label(k).to_string(),
                            t,
                        )
                    })
                    .collect(),
            ),
            (
                "Totaux par taille",
                "Taille",
                s.tailles
                    .iter()
                    .map(|(k, t)| (format!("taille-{k}"), format!("Taille {k}"), t))
                    .collect(),
            ),
            (
                "Totaux par année du contrat",
                "Année",
                s.years
                    .iter()
                    .map(|(k, t)| (format!("annee-{k}"), format!("Année {k}"), t))
                    .collect(),
            ),
        ];
        for (title, first, rows) in groups {
            let _ = write!(
                h,
                "<h2>{title}</h2>\n<table><thead><tr><th>{first}</th><th>CPTS</th><th>Fixe</th>\
                 <th>Variable obtenu</th><th>Variable max</th><th>Activation</th><th>Total</th>\
                 </tr></thead>\n"
            );
            let mut sum = Totals::default();
            for (id, label, t) in rows {
                let _ = writeln!(
                    h,
                    "<tr id=\"{id}\"><td>{}</td><td class=\"n\">{}</td>{}{}{}{}{}</tr>",
                    esc(&label),
                    t.cpts,
                    money(t.fixed),
                    money(t.variable),
                    money(t.variable_max),
                    money(t.activation),
                    money(t.total)
                );
                sum.add(t);
            }
            let _ = writeln!(
                h,
                "<tr class=\"total\"><td>Total</td><td class=\"n\">{}</td>{}{}{}{}{}</tr>\n</table>",
                if first == "Mission" {
                    String::new()
                } else {
                    sum.cpts.to_string()
                },
                money(sum.fixed),
                money(sum.variable),
                money(sum.variable_max),
                money(sum.activation),
                money(sum.total)
            );
        }
        h.push_str(
            "<h2>Échéancier consolidé des versements</h2>\n<p class=\"lead\">Chaque versement de \
             chaque CPTS-année comptée, par mois : les avances (versées pendant l'année) à part \
             des soldes (versés après le dialogue de gestion).</p>\n<table><thead><tr><th>Mois</th>\
             <th>Avances</th><th>Soldes</th><th>Total</th></tr></thead>\n",
        );
        let (mut advances, mut balances) = (Decimal::ZERO, Decimal::ZERO);
        for (month, m) in &s.schedule {
            let _ = writeln!(
                h,
                "<tr id=\"mois-{month}\"><td>{}</td>{}{}{}</tr>",
                month_label(month),
                money(m.advances),
                money(m.balances),
                money(m.advances + m.balances)
            );
            advances += m.advances;
            balances += m.balances;
        }
        let _ = writeln!(
            h,
            "<tr class=\"total\" id=\"echeancier-total\"><td>Total</td>{}{}{}</tr>\n</table>",
            money(advances),
            money(balances),
            money(advances + balances)
        );
        if !self.left_out.is_empty() {
            h.push_str(
                "<h2>Fichiers non comptés</h2>\n<table><thead><tr><th>Fichier</th><th>Statut</th>\
                 <th>Motif</th></tr></thead>\n",
            );
            for (file, status, reason) in &self.left_out {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                    self.link(file),
                    status_css(*status),
                    status.label(),
                    esc(reason)
                );
            }
            h.push_str("</table>\n");
        }
        if !self.index.is_empty() {
            h.push_str(
                "<h2>CPTS</h2>\n<table><thead><tr><th>CPTS</th><th>Année</th><th>Statut</th>\
                 <th>Financement</th><th>Fichier</th></tr></thead>\n",
            );
            for (file, cpts, year, status, total) in &self.index {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{year}</td><td class=\"{}\">{}</td>{}<td>{}</td></tr>",
                    esc(cpts),
                    status_css(*status),
                    status.label(),
                    total.map_or("<td></td>".into(), money),
                    self.link(file)
                );
            }
            h.push_str("</table>\n");
        }
        h.push_str("</section>\n");
        h
    }
}
