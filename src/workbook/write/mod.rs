//! Writes the tracking workbook of a contract year (README, « Le classeur de suivi »).
//!
//! Every formula is written with the engine's figure as its cached value, so a viewer that never
//! recalculates shows the right numbers, and Excel or LibreOffice recalculating shows the same.

mod contract_funding;
mod contract_sheet;
mod readme;
pub(crate) mod report;
mod review;
pub(crate) mod style;
mod summary;
mod table;
mod tables;

use super::entries::{Entries, ExtraSheet, Kept};
use super::layout::{self, INDICATORS, meta};
use super::texts::{Texts, fill, texts};
use crate::contract::{Contract, NeutralisationPolicy, Period};
use crate::error::Error;
use crate::finding::Finding;
use crate::fr::percent;
use crate::funding::YearFunding;
use readme::readme_sheet;
use review::controls_sheet;
use review::extra_sheet;
use review::kept_sheet;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};
use style::protect;
use summary::summary_sheet;
use tables::checkpoints_sheet;
use tables::evidence_sheet;
use tables::indicators_sheet;

/// Everything a sheet writer needs.
struct Ctx<'a> {
    contract: &'a Contract,
    year: u32,
    period: Period,
    entries: &'a Entries,
    funding: &'a YearFunding,
    texts: Texts,
    fields: Vec<(&'static str, String)>,
}

impl Ctx<'_> {
    /// A template of the texts with the year's fields filled, typeset in French.
    fn text(&self, template: &str) -> String {
        crate::fr::typographic(&fill(template, &self.fields))
    }

    /// First and last data rows (0-based) of table `Indicateurs`: one row per line of the
    /// year, and at least one, since an Excel table needs a data row.
    fn indicator_rows(&self) -> (u32, u32) {
        let first = INDICATORS.first_data_row();
        let lines = u32::try_from(self.contract.lines(self.year).len()).unwrap_or(u32::MAX);
        (first, first + lines.max(1) - 1)
    }
}

fn xl(e: XlsxError) -> Error {
    Error::Io(format!("écriture du classeur impossible : {e}"))
}

/// What `summarize` adds to a workbook: the findings and everything typed outside the layout.
#[derive(Debug, Clone, Copy)]
pub struct WriteBack<'a> {
    /// Findings, listed in `Contrôles` with a link to their cell.
    pub findings: &'a [Finding],
    /// Sheets the layout does not know, written back as values.
    pub extra_sheets: &'a [ExtraSheet],
    /// Entries with no place in the layout, listed in `Saisies conservées`.
    pub kept: &'a [Kept],
}

/// Builds the workbook of `year` and returns the bytes of the `.xlsx` file.
///
/// `entries` are the values typed in input cells (empty for a blank workbook); `funding` is
/// the engine's result for those entries, written as the formulas' cached values.
pub fn write_workbook(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
) -> Result<Vec<u8>, Error> {
    build(contract, year, entries, funding, None)
}

/// The same workbook with the review of `summarize`: `Contrôles`, the per-indicator detail in
/// `Synthèse`, and everything typed outside the layout.
pub fn write_back(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
    back: &WriteBack,
) -> Result<Vec<u8>, Error> {
    build(contract, year, entries, funding, Some(back))
}

fn build(
    contract: &Contract,
    year: u32,
    entries: &Entries,
    funding: &YearFunding,
    back: Option<&WriteBack>,
) -> Result<Vec<u8>, Error> {
    let period = contract.period(year);
    let ctx = Ctx {
        contract,
        year,
        period,
        entries,
        funding,
        texts: texts(),
        fields: fields(contract, year, period),
    };
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-for-byte reproducible.
    let properties = DocProperties::new()
        .set_title(ctx.text(&ctx.texts.titre))
        .set_subject(ctx.text(&ctx.texts.sous_titre))
        .set_author("cpts-aci")
        .set_creation_datetime(&contract.terms.signature);
    wb.set_properties(&properties);
    readme_sheet(&mut wb, &ctx).map_err(xl)?;
    contract_sheet::contract_sheet(&mut wb, &ctx).map_err(xl)?;
    indicators_sheet(&mut wb, &ctx).map_err(xl)?;
    evidence_sheet(&mut wb, &ctx).map_err(xl)?;
    checkpoints_sheet(&mut wb, &ctx).map_err(xl)?;
    summary_sheet(&mut wb, &ctx, back.is_some()).map_err(xl)?;
    if let Some(back) = back {
        controls_sheet(&mut wb, &ctx, back.findings).map_err(xl)?;
        kept_sheet(&mut wb, &ctx, back.kept).map_err(xl)?;
        for sheet in back.extra_sheets {
            extra_sheet(&mut wb, sheet).map_err(xl)?;
        }
    }
    meta_sheet(&mut wb, &ctx).map_err(xl)?;
    wb.save_to_buffer().map_err(xl)
}

fn fields(contract: &Contract, year: u32, period: Period) -> Vec<(&'static str, String)> {
    let t = texts();
    let neutralisation = match contract.terms.neutralisation {
        NeutralisationPolicy::Exclu => t.neutralisation_exclu,
        NeutralisationPolicy::Verse => t.neutralisation_verse,
        NeutralisationPolicy::Nul => t.neutralisation_nul,
    };
    vec![
        ("cpts", contract.cpts.name.clone()),
        ("annee", year.to_string()),
        ("debut", crate::fr::date(period.start)),
        ("fin", crate::fr::date(period.end)),
        ("signature", crate::fr::date(contract.terms.signature)),
        ("duree", contract.terms.duration_years.to_string()),
        ("version", env!("CARGO_PKG_VERSION").to_string()),
        ("modele", layout::TEMPLATE_VERSION.to_string()),
        ("partielle", percent(contract.terms.partial_share)),
        ("neutralisation", neutralisation),
    ]
}

/// `part / whole` as a cached formula value (0 when there is nothing to reach).
fn ratio(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        "0".into()
    } else {
        (part / whole).round_dp(10).normalize().to_string()
    }
}

fn meta_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(layout::SHEET_META)?;
    let text = &ctx.contract.text;
    let hash = ctx.contract.sha256();
    let mut rows: Vec<(&str, String)> = vec![
        (meta::FORMAT, layout::WORKBOOK_FORMAT.to_string()),
        (meta::YEAR, ctx.year.to_string()),
        (meta::CONTRACT_SHA256, hash),
        (
            meta::GENERATOR,
            format!("cpts-aci {}", env!("CARGO_PKG_VERSION")),
        ),
        (meta::TEMPLATE, layout::TEMPLATE_VERSION.to_string()),
    ];
    let terms = crate::contract::terms::to_json(ctx.contract, ctx.year);
    rows.push((meta::TERMS_SHA256, crate::contract::terms::sha256(&terms)));
    for (key, long) in [(meta::CONTRACT_TEXT, text.as_str()), (meta::TERMS, &terms)] {
        let chars: Vec<char> = long.chars().collect();
        for chunk in chars.chunks(layout::META_CHUNK_CHARS) {
            rows.push((key, chunk.iter().collect()));
        }
    }
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = crate::workbook::layout::row_at(i);
        ws.write_string(r, 0, *k)?;
        ws.write_string(r, 1, v)?;
    }
    ws.set_very_hidden(true);
    protect(ws);
    Ok(())
}
