//! The three tables coordinators fill: `Indicateurs`, `Justificatifs`, `Points d'étape`.

use super::Ctx;
use super::contract_sheet::direction_label;
use super::contract_sheet::nature_label;
use super::contract_sheet::rule_label;
use super::contract_sheet::scope_label;
use super::style::traffic_lights;
use super::table::ObservedInput;
use super::table::Out;
use super::table::measure;
use super::table::number;
use super::table::table_sheet;
use super::table::text;
use crate::funding;
use crate::funding::explained::explain_year;
use crate::funding::prorata;
use crate::workbook::entries::Cell;
use crate::workbook::entries::checkpoint_key;
use crate::workbook::entries::evidence_key;
use crate::workbook::formulas;
use crate::workbook::formulas::RowRefs;
use crate::workbook::layout;
use crate::workbook::layout::CHECKPOINTS;
use crate::workbook::layout::EVIDENCE;
use crate::workbook::layout::INDICATORS;
use crate::workbook::layout::TableLayout;
use crate::workbook::layout::ind;
use crate::workbook::missing;
use crate::workbook::plan::expected_evidence;
use crate::workbook::plan::observed_choices;
use crate::workbook::plan::planned_checkpoints;
use crate::workbook::texts::fill;
use rust_xlsxwriter::IgnoreError;
use rust_xlsxwriter::Workbook;
use rust_xlsxwriter::XlsxError;
/// The year's lines in workbook order: by mission (contract order), then contract order.
pub(super) fn ordered_lines<'a>(
    ctx: &Ctx<'a>,
) -> Vec<(
    crate::contract::Line<'a>,
    &'a funding::LineFunding,
    &'a funding::MissionFunding,
)> {
    let lines = ctx.contract.lines(ctx.year);
    ctx.funding
        .missions
        .iter()
        .flat_map(|m| m.indicators.iter().map(move |l| (l, m)))
        .filter_map(|(l, m)| {
            let line = lines.iter().find(|x| x.indicator.code == l.code)?;
            Some((*line, l, m))
        })
        .collect()
}

pub(super) fn indicators_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let lines = ordered_lines(ctx);
    let (first, last) = ctx.indicator_rows();
    let readings = ctx.entries.readings(ctx.contract, ctx.year);
    let texts = explain_year(ctx.contract, ctx.year, ctx.funding, &readings);
    let mut rows = Vec::new();
    for (i, (line, lf, mf)) in lines.iter().enumerate() {
        let at = RowRefs {
            row: first + crate::workbook::layout::row_at(i),
            first,
            last,
        };
        let ind_ = line.indicator;
        let mission = ctx
            .contract
            .mission(ind_.mission)
            .expect("a line's mission is signed");
        let p = prorata(ctx.contract, mission, ctx.year);
        let entry = |column| Out::Value(ctx.entries.get(&INDICATORS, &ind_.code, column).clone());
        let said = texts.get(&ind_.code).cloned().unwrap_or_default();
        let row = INDICATORS
            .columns
            .iter()
            .map(|c| match c.name {
                ind::CODE => text(&ind_.code),
                ind::MISSION => text(mf.code.label()),
                ind::LABEL => text(&ind_.label),
                ind::SCOPE => text(scope_label(ind_.scope)),
                ind::NATURE => text(nature_label(ind_.nature)),
                ind::RULE => text(rule_label(ind_.rule)),
                ind::DIRECTION => text(direction_label(ind_.direction)),
                ind::BASELINE => measure(ind_.baseline, ind_.unit.as_deref()),
                ind::TARGET => measure(line.terms.target, ind_.unit.as_deref()),
                ind::WEIGHT => number(Some(line.terms.weight)),
                ind::YEAR_WEIGHT => Out::Formula(
                    formulas::year_weight(p, at),
                    format!("{:.2}", lf.year_weight),
                ),
                ind::SOURCE => text(&ind_.source),
                ind::ATTAINMENT => Out::Formula(
                    formulas::attainment(ctx.contract, *line, at),
                    lf.attainment.to_string(),
                ),
                ind::AMOUNT => Out::Formula(
                    formulas::amount(ctx.contract, at),
                    format!("{:.2}", lf.amount),
                ),
                ind::SCALE => text(&said.scale),
                ind::MISSING => {
                    Out::Formula(missing::still_missing(*line, at), said.missing.clone())
                }
                ind::EXPLANATION => Out::Formula(
                    missing::amount_explanation(
                        ctx.contract.terms.neutralisation,
                        p,
                        (line.terms.weight, lf.year_weight),
                        at,
                    ),
                    said.explanation.clone(),
                ),
                input => entry(input),
            })
            .collect();
        rows.push(row);
    }
    let headings = (
        ctx.text(&ctx.texts.titre_indicateurs),
        ctx.text(&ctx.texts.aide_indicateurs),
    );
    let observed = |i: usize| {
        let line = lines.get(i).map(|(line, _, _)| *line);
        let unit = line.and_then(|l| l.indicator.unit.as_deref());
        let help = match (line.is_some_and(|l| l.indicator.is_percentage()), unit) {
            (true, _) => Some(ctx.texts.aide_realise_pourcentage.clone()),
            (false, Some(unit)) => Some(fill(
                &ctx.texts.aide_realise_unite,
                &[("unite", unit.to_string())],
            )),
            (false, None) => None,
        };
        ObservedInput {
            choices: line.and_then(observed_choices),
            help,
        }
    };
    table_sheet(wb, ctx, &INDICATORS, headings, rows, &observed)?;
    let ws = wb.worksheet_from_name(layout::SHEET_INDICATORS)?;
    // Each row's formula carries that line's own rule and pro-rata: Excel would flag every one
    // as inconsistent with its neighbours.
    let y = INDICATORS.col(ind::YEAR_WEIGHT);
    ws.ignore_error_range(first, y, last, y, IgnoreError::FormulaDiffers)?;
    let (a, m) = (
        INDICATORS.col(ind::ATTAINMENT),
        INDICATORS.col(ind::MISSING),
    );
    ws.ignore_error_range(first, a, last, m, IgnoreError::FormulaDiffers)?;
    traffic_lights(
        ws,
        INDICATORS.col(ind::ATTAINMENT),
        (first, last),
        Some(INDICATORS.col(ind::NEUTRALISED)),
    )?;
    Ok(())
}

pub(super) fn evidence_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let expected: Vec<String> = expected_evidence(ctx.contract, ctx.year)
        .iter()
        .map(|(code, piece)| evidence_key(code, piece))
        .collect();
    let mut rows: Vec<Vec<Out>> = expected_evidence(ctx.contract, ctx.year)
        .into_iter()
        .zip(&expected)
        .map(|((code, piece), key)| {
            EVIDENCE
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::evid::CODE => text(&code),
                    layout::evid::PIECE => text(&piece),
                    input => Out::Value(ctx.entries.get(&EVIDENCE, key, input).clone()),
                })
                .collect()
        })
        .collect();
    rows.extend(added_rows(ctx, &EVIDENCE, &expected));
    let headings = (
        ctx.text(&ctx.texts.titre_justificatifs),
        ctx.text(&ctx.texts.aide_justificatifs),
    );
    table_sheet(wb, ctx, &EVIDENCE, headings, rows, &|_| {
        ObservedInput::default()
    })
}

/// Rows the coordinator added to a table (keys the contract does not give), written back whole.
pub(super) fn added_rows(ctx: &Ctx, table: &TableLayout, expected: &[String]) -> Vec<Vec<Out>> {
    ctx.entries
        .keys(table)
        .into_iter()
        .filter(|key| !expected.contains(key))
        .map(|key| {
            table
                .columns
                .iter()
                .map(|c| Out::Value(ctx.entries.get(table, &key, c.name).clone()))
                .collect()
        })
        .collect()
}

pub(super) fn checkpoints_sheet(wb: &mut Workbook, ctx: &Ctx) -> Result<(), XlsxError> {
    let planned = planned_checkpoints(ctx.period);
    let expected: Vec<String> = planned
        .iter()
        .map(|(date, _)| checkpoint_key(*date))
        .collect();
    let mut rows: Vec<Vec<Out>> = planned
        .into_iter()
        .zip(&expected)
        .map(|((date, subject), key)| {
            CHECKPOINTS
                .columns
                .iter()
                .map(|c| match c.name {
                    layout::step::PLANNED => Out::Value(Cell::Date(date)),
                    layout::step::SUBJECT if !ctx.entries.has(&CHECKPOINTS, key, c.name) => {
                        text(subject)
                    }
                    input => Out::Value(ctx.entries.get(&CHECKPOINTS, key, input).clone()),
                })
                .collect()
        })
        .collect();
    rows.extend(added_rows(ctx, &CHECKPOINTS, &expected));
    let headings = (
        ctx.text(&ctx.texts.titre_points),
        ctx.text(&ctx.texts.aide_points),
    );
    table_sheet(wb, ctx, &CHECKPOINTS, headings, rows, &|_| {
        ObservedInput::default()
    })
}
