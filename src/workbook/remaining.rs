//! The « Ce qui reste à faire » block that opens `Lisez-moi`: live formulas counting the paid
//! indicator lines still without a value (and the euros they weigh), the expected pieces not
//! marked, and the checkpoints past their date with nothing recorded; and the same counts
//! computed here, written as the formulas' cached values.
//!
//! The formulas address the tables by name and column (`Justificatifs[Fournie]`), so sorting,
//! filtering or inserting rows keeps them right; they count as `check` does (a cell of spaces is
//! empty, `oui` is `Oui`). Numbers are written out digit by digit ([`french_euros`]), so the
//! text reads the French way in a spreadsheet of any language.

use super::entries::{Cell, Entries, same_choice};
use super::layout::{CHECKPOINTS, EVIDENCE, INDICATORS, TableLayout, evid, ind, step};
use crate::contract::Contract;
use crate::funding::YearFunding;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The no-break space French puts between thousands and before a unit or `:`.
pub(crate) const NBSP: char = '\u{a0}';

/// What is left to do in a workbook, as its formulas count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Remaining {
    /// Paid indicator lines (weight not 0, not neutralised) with an empty `Réalisé`.
    pub values: usize,
    /// Their year weights, added up.
    pub weight: Decimal,
    /// Rows of `Justificatifs` naming a piece with `Fournie` empty.
    pub pieces: usize,
    /// Rows of `Points d'étape` dated before `today` with no date held, participants nor
    /// decisions.
    pub checkpoints: usize,
}

impl Remaining {
    /// The counts of the workbook written from these entries, on `today`.
    pub(crate) fn of(
        contract: &Contract,
        year: u32,
        entries: &Entries,
        funding: &YearFunding,
        today: NaiveDate,
    ) -> Remaining {
        let mut out = Remaining::default();
        let year_weights = funding.missions.iter().flat_map(|m| &m.indicators);
        for line in contract.lines(year) {
            let code = &line.indicator.code;
            let cell = |column| entries.get(&INDICATORS, code, column);
            let neutralised = cell(ind::NEUTRALISED)
                .text()
                .is_some_and(|t| same_choice(t, "Oui"));
            if line.terms.weight.is_zero() || neutralised || !blank(cell(ind::OBSERVED)) {
                continue;
            }
            out.values += 1;
            out.weight += year_weights
                .clone()
                .find(|l| &l.code == code)
                .map_or(Decimal::ZERO, |l| l.year_weight);
        }
        let pieces = crate::workbook::plan::expected_evidence(contract, year)
            .into_iter()
            .map(|(c, p)| {
                let key = super::entries::evidence_key(&c, &p);
                (p, entries.get(&EVIDENCE, &key, evid::PROVIDED).clone())
            });
        let typed = added_keys(entries, &EVIDENCE, contract, year)
            .into_iter()
            .map(|key| {
                let get = |c| entries.get(&EVIDENCE, &key, c).clone();
                (shown(&get(evid::PIECE)), get(evid::PROVIDED))
            });
        out.pieces = pieces
            .chain(typed)
            .filter(|(piece, provided)| !piece.trim().is_empty() && blank(provided))
            .count();
        let period = contract.period(year);
        let planned = crate::workbook::plan::planned_checkpoints(period)
            .into_iter()
            .map(|(d, _)| (Cell::Date(d), super::entries::checkpoint_key(d)));
        let typed = added_keys(entries, &CHECKPOINTS, contract, year)
            .into_iter()
            .map(|key| (entries.get(&CHECKPOINTS, &key, step::PLANNED).clone(), key));
        out.checkpoints = planned
            .chain(typed)
            .filter(|(date, key)| {
                let empty = |c| blank(entries.get(&CHECKPOINTS, key, c));
                matches!(date, Cell::Date(d) if d < &today)
                    && empty(step::HELD)
                    && empty(step::PARTICIPANTS)
                    && empty(step::DECISIONS)
            })
            .count();
        out
    }
}

/// Keys of the rows a coordinator added to a table (the writer writes them back whole).
fn added_keys(
    entries: &Entries,
    table: &TableLayout,
    contract: &Contract,
    year: u32,
) -> Vec<String> {
    let expected: Vec<String> = if table.name == EVIDENCE.name {
        crate::workbook::plan::expected_evidence(contract, year)
            .iter()
            .map(|(c, p)| super::entries::evidence_key(c, p))
            .collect()
    } else {
        crate::workbook::plan::planned_checkpoints(contract.period(year))
            .iter()
            .map(|(d, _)| super::entries::checkpoint_key(*d))
            .collect()
    };
    entries
        .keys(table)
        .into_iter()
        .filter(|k| !expected.contains(k))
        .collect()
}

/// A cell with nothing in it as `LEN(TRIM(…))=0` sees it.
fn blank(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(t) => t.trim_matches(' ').is_empty(),
        _ => false,
    }
}

fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Empty => String::new(),
        _ => "x".into(),
    }
}

/// A whole column of a table as a structured reference: `Indicateurs[Poids de l''année (€)]`
/// (`'`, `[`, `]` and `#` are escaped by a `'`).
fn column(table: &TableLayout, name: &str) -> String {
    let mut escaped = String::new();
    for c in name.chars() {
        if matches!(c, '\'' | '[' | ']' | '#') {
            escaped.push('\'');
        }
        escaped.push(c);
    }
    format!("{}[{escaped}]", table.name)
}

/// `1` on each row whose cell of `name` is empty or spaces, else `0`, over the whole column.
fn empty(table: &TableLayout, name: &str) -> String {
    format!("(LEN(TRIM({}))=0)", column(table, name))
}

/// The conditions of a paid line still without a value, one factor per row.
fn missing_lines() -> String {
    format!(
        "({}<>0)*{}*(UPPER(TRIM({}))<>\"OUI\")",
        column(&INDICATORS, ind::WEIGHT),
        empty(&INDICATORS, ind::OBSERVED),
        column(&INDICATORS, ind::NEUTRALISED)
    )
}

/// How many paid lines have no value (formula, without `=`).
pub(crate) fn values_formula() -> String {
    format!("SUMPRODUCT({})", missing_lines())
}

/// The year weights of those lines, added up and rounded to the cent.
pub(crate) fn weight_formula() -> String {
    format!(
        "ROUND(SUMPRODUCT({}*{}),2)",
        column(&INDICATORS, ind::YEAR_WEIGHT),
        missing_lines()
    )
}

/// How many rows of `Justificatifs` name a piece and leave `Fournie` empty.
pub(crate) fn pieces_formula() -> String {
    format!(
        "SUMPRODUCT((LEN(TRIM({}))>0)*{})",
        column(&EVIDENCE, evid::PIECE),
        empty(&EVIDENCE, evid::PROVIDED)
    )
}

/// How many checkpoints are dated before today with nothing recorded.
pub(crate) fn checkpoints_formula() -> String {
    let planned = column(&CHECKPOINTS, step::PLANNED);
    format!(
        "SUMPRODUCT(ISNUMBER({planned})*({planned}<TODAY())*{}*{}*{})",
        empty(&CHECKPOINTS, step::HELD),
        empty(&CHECKPOINTS, step::PARTICIPANTS),
        empty(&CHECKPOINTS, step::DECISIONS)
    )
}

/// An amount `d` in euros (at least 0 and under a billion), written in French by the formula
/// itself, with no-break spaces between thousands: `67 500`, `12 500,50`.
pub(crate) fn french_euros(d: &str) -> String {
    let i = format!("INT({d})");
    let f = format!("ROUND(({d}-{i})*100,0)");
    let group = |e: String| format!("RIGHT(\"00\"&{e},3)");
    let s = format!("\"{NBSP}\"");
    let whole = format!(
        "IF({i}>=1000000,INT({i}/1000000)&{s}&{}&{s}&{},IF({i}>=1000,INT({i}/1000)&{s}&{},{i}&\"\"))",
        group(format!("INT(MOD({i},1000000)/1000)")),
        group(format!("MOD({i},1000)")),
        group(format!("MOD({i},1000)")),
    );
    let fraction = format!("IF({f}=0,\"\",\",\"&RIGHT(\"0\"&{f},2))");
    format!("{whole}&{fraction}")
}

/// The text [`french_euros`] writes for `d`.
pub(crate) fn french_euros_text(d: Decimal) -> String {
    let d = d.round_dp(2);
    let dp = if d.fract().is_zero() { 0 } else { 2 };
    crate::fr::french_number(d, dp).replace(' ', &NBSP.to_string())
}

/// A template turned into a formula: its text as literals, each `{name}` replaced by the
/// expression given for it.
pub(crate) fn live(template: &str, fields: &[(&str, String)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        match fields.iter().find(|(n, _)| *n == name) {
            Some((_, expr)) => {
                parts.push(quoted(&rest[..start]));
                parts.push(expr.clone());
            }
            None => parts.push(quoted(&rest[..=start + len])),
        }
        rest = &rest[start + len + 1..];
    }
    parts.push(quoted(rest));
    parts.retain(|p| p != "\"\"");
    if parts.is_empty() {
        "\"\"".into()
    } else {
        parts.join("&")
    }
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_structured_references_with_escapes() {
        assert_eq!(
            column(&INDICATORS, ind::YEAR_WEIGHT),
            "Indicateurs[Poids de l''année (€)]"
        );
        assert_eq!(column(&EVIDENCE, evid::PROVIDED), "Justificatifs[Fournie]");
        assert!(checkpoints_formula().contains("PointsEtape[Date prévue]<TODAY()"));
    }

    #[test]
    fn templates_become_formulas_and_numbers_read_the_french_way() {
        assert_eq!(
            live(
                "{n} lignes, {euros} €",
                &[("n", "A1".into()), ("euros", "B1".into())]
            ),
            "A1&\" lignes, \"&B1&\" €\""
        );
        assert_eq!(live("rien", &[]), "\"rien\"");
        assert_eq!(
            french_euros_text(Decimal::new(1250050, 2)),
            "12\u{a0}500,50"
        );
        assert_eq!(french_euros_text(Decimal::new(700, 2)), "7");
        assert_eq!(
            french_euros_text(Decimal::new(1_234_567_805, 2)),
            "12\u{a0}345\u{a0}678,05"
        );
    }
}
