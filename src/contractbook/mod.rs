//! The contract in its two forms (README, « Le classeur du contrat »): the TOML file, for
//! scripts, and the contract workbook, for people who copy their signed annex table.
//!
//! Every command that takes a contract reads it through [`Contract::load`], which recognises
//! the form from the file's bytes. A workbook is read into the entries both forms share
//! ([`form`]), written as canonical TOML that remembers which cell each line comes from
//! ([`canonical`]), and checked by the very checks of the TOML form, each problem then shown
//! at its sheet and cell: one set of checks, the same contract, the same results.

pub(crate) mod canonical;
pub(crate) mod form;
pub(crate) mod from_toml;
pub(crate) mod layout;
pub(crate) mod read;
pub(crate) mod starter;
pub(crate) mod write;

use crate::contract::{Contract, ContractError, Examined, MAX_CONTRACT_BYTES, Problem};
use crate::finding::{Code, hints};
use form::Form;
use std::path::Path;

/// The two forms of a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractForm {
    /// The TOML file.
    Toml,
    /// The contract workbook (`.xlsx` or `.ods`).
    Workbook,
}

impl ContractForm {
    /// The form of a file, from its first bytes: a zip archive (`.xlsx`, `.ods`) or an OLE
    /// container (`.xls`) is a workbook, anything else a text.
    pub fn of_bytes(bytes: &[u8]) -> ContractForm {
        match bytes.get(..4) {
            Some([b'P', b'K', 3, 4]) | Some([0xD0, 0xCF, 0x11, 0xE0]) => ContractForm::Workbook,
            _ => ContractForm::Toml,
        }
    }

    /// The form an output file's extension asks for (`.toml`, `.xlsx`).
    pub fn of_extension(path: &Path) -> Option<ContractForm> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "toml" => Some(ContractForm::Toml),
            "xlsx" => Some(ContractForm::Workbook),
            _ => None,
        }
    }
}

/// A contract file examined: its form, its entries, the text the checks read and what they
/// found.
#[derive(Debug, Clone)]
pub struct Examination {
    /// Which form the file has.
    pub form: ContractForm,
    /// The contract's entries, or why they cannot be converted (a TOML whose keys do not fit
    /// the contract, a workbook with cells that cannot be read).
    pub(crate) entries: Result<Form, String>,
    /// The contract, when no error blocks it, and every problem, errors and warnings, at its
    /// line and column (TOML) or its cell (workbook).
    pub examined: Examined,
}

impl Examination {
    /// The contract, or every error; `path` names the file in messages.
    pub fn into_contract(self, path: &Path) -> Result<Contract, ContractError> {
        self.examined.into_contract(path)
    }

    /// The problems, in the order a person reads them.
    pub fn problems(&self) -> &[Problem] {
        &self.examined.problems
    }

    /// The contract in the other form asked for: canonical TOML text or workbook bytes.
    pub fn convert(&self, to: ContractForm) -> Result<Vec<u8>, String> {
        let entries = self.entries.as_ref().map_err(Clone::clone)?;
        match to {
            ContractForm::Toml => Ok(canonical::canonical(entries).text.into_bytes()),
            ContractForm::Workbook => write::write_book(entries).map_err(|e| e.to_string()),
        }
    }
}

impl Contract {
    /// Reads and checks a contract file, TOML or contract workbook (recognised from its bytes).
    pub fn load(path: &Path) -> Result<Contract, ContractError> {
        examine(path)?.into_contract(path)
    }

    /// Reads and checks a contract held in memory (a file dropped in the browser edition), of
    /// either form; `path` only names it in messages, which are those [`Contract::load`] gives.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Contract, ContractError> {
        examine_bytes(bytes)
            .map_err(|reason| ContractError::Read {
                path: path.to_path_buf(),
                reason,
            })?
            .into_contract(path)
    }
}

/// Reads and checks a contract file of either form.
pub fn examine(path: &Path) -> Result<Examination, ContractError> {
    let unreadable = |reason: String| ContractError::Read {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = crate::fsio::read_bytes(path, crate::workbook::limits::MAX_FILE_BYTES)
        .map_err(unreadable)?;
    examine_bytes(&bytes).map_err(unreadable)
}

/// Checks a contract given as the bytes of either form; the error says why they are no
/// contract at all.
pub fn examine_bytes(bytes: &[u8]) -> Result<Examination, String> {
    match ContractForm::of_bytes(bytes) {
        ContractForm::Toml => {
            let text = crate::fsio::text_of(bytes.to_vec(), MAX_CONTRACT_BYTES)?;
            Ok(Examination {
                form: ContractForm::Toml,
                entries: from_toml::from_toml(&text),
                examined: Contract::examine(&text),
            })
        }
        ContractForm::Workbook => {
            let book = read::read_book(bytes)?;
            Ok(examine_book(book))
        }
    }
}

/// A message naming a line of the canonical text (« déjà ligne 27 ») names its cell instead.
fn cells_for_lines(message: &str, canonical: &canonical::Canonical) -> String {
    const LINE: &str = "ligne ";
    let Some(start) = message.find(&format!("déjà {LINE}")) else {
        return message.to_string();
    };
    let digits_at = start + "déjà ".len() + LINE.len();
    let digits: String = message[digits_at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let cell = digits
        .parse()
        .ok()
        .and_then(|line| canonical.at(line, 1))
        .map(form::At::place);
    match cell {
        Some(cell) => format!(
            "{}déjà en {cell}{}",
            &message[..start],
            &message[digits_at + digits.len()..]
        ),
        None => message.to_string(),
    }
}

/// The contract of a workbook read: its canonical TOML checked, each problem shown at its cell.
fn examine_book(book: read::BookRead) -> Examination {
    let canonical = canonical::canonical(&book.form);
    let mut examined = Contract::examine(&canonical.text);
    let mut problems: Vec<(Option<form::At>, Problem)> = Vec::new();
    for p in examined.problems.drain(..) {
        let at = p
            .line
            .zip(p.column)
            .and_then(|(l, c)| canonical.at(l, c))
            .cloned();
        if at.as_ref().is_some_and(|at| book.taint.covers(at)) {
            continue;
        }
        // A weight that could not be read leaves its mission's total unknown: the check of
        // the totals (validate::indicators::check_weights) would only repeat it.
        // So would a mission left without a line in a year by a row that could not be read.
        let mission = at.as_ref().and_then(|at| at.mission.as_deref());
        let totals = p.message.contains("les poids de ses") || p.code == Code::VariableUnreachable;
        if totals && book.taint.weights_of(mission) {
            continue;
        }
        let p = Problem {
            message: cells_for_lines(&p.message, &canonical),
            ..p
        };
        // The catalogue's fix speaks of TOML quotes: a cell has none.
        let p = if p.code == Code::ContractPlaceholder {
            p.hint(hints::CONTRACT_CELL_PLACEHOLDER)
        } else {
            p
        };
        problems.push((at, p));
    }
    let flawed = !book.flaws.is_empty();
    for flaw in book.flaws {
        let p = Problem::of(flaw.code, "", None, flaw.message);
        let p = match &flaw.hint {
            Some((hint, arg)) => p.hint_with(*hint, &[arg]),
            None => p,
        };
        problems.push((flaw.at, p));
    }
    problems.sort_by_key(|(at, _)| {
        at.as_ref().map(|at| {
            let sheet = layout::TABLES.iter().position(|t| t.sheet == at.sheet);
            (sheet, at.row, at.col)
        })
    });
    examined.problems = problems
        .into_iter()
        .map(|(at, p)| match at {
            Some(at) => p.in_cell(at.place(), at.indicator),
            None => p,
        })
        .collect();
    if flawed {
        examined.contract = None;
    }
    Examination {
        form: ContractForm::Workbook,
        entries: if flawed {
            Err("des cellules du classeur ne peuvent pas être lues : corrigez-les d'abord".into())
        } else {
            Ok(book.form)
        },
        examined,
    }
}

#[cfg(test)]
mod tests;
