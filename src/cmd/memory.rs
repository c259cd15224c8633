//! The commands on files held in memory, for the browser edition (README, « L'édition
//! navigateur »): each takes files as a name and bytes, and the reference date (a page has no
//! clock the library may call), and returns what the command line prints with
//! `--format json` and the files it writes. Nothing here touches a disk.

use super::generate::{check_year, current_year};
use super::json;
use crate::amendment::compare;
use crate::batch::output::Consolidation;
use crate::batch::{FileReport, run_in_memory};
use crate::check::{Options, PieceFolder, Reviewed};
use crate::contract::{Contract, ContractError};
use crate::contractbook::{ContractForm, Examination, examine_bytes};
use crate::dossier::dossier_bytes;
use crate::error::Error;
use crate::finding::Finding;
use crate::funding::fund_year;
use crate::pluriannual::{build, write_plan};
use crate::report::contract::ContractJson;
use crate::report::workbook::{CheckJson, findings_text};
use crate::workbook::read::formats::read_bytes;
use crate::workbook::read::{ReadError, ReadWorkbook};
use crate::workbook::{Entries, write_workbook};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A file given to a command: its name (a path relative to the folder chosen, for files of
/// a folder) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Its name, as messages show it.
    pub name: &'a str,
    /// Its content.
    pub bytes: &'a [u8],
}

/// A file a command writes: the name the command line would give it, and its bytes.
#[derive(Debug, Clone)]
pub struct Output {
    /// File name (no folder).
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Why a command on files in memory gave no result.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command could not run (exit code 2 on the command line): its French message.
    #[error(transparent)]
    Stopped(#[from] Error),
    /// The workbook is not one this tool can read (exit code 1): the findings as the command
    /// line says them on standard error.
    #[error("{0}")]
    Refused(String),
}

/// The version of the program and of the formats it reads and writes.
#[derive(Debug, Serialize)]
struct Version {
    version: &'static str,
    format: &'static str,
    contrat: &'static str,
}

/// `{version, format, contrat}`: the program's version, the tracking workbook's format and
/// the contract file's.
pub fn version() -> Result<String, Failure> {
    Ok(json(&Version {
        version: env!("CARGO_PKG_VERSION"),
        format: crate::workbook::layout::WORKBOOK_FORMAT,
        contrat: "cpts-aci/contrat@1",
    })?)
}

fn contract_of(input: Input) -> Result<Contract, Error> {
    Ok(Contract::from_bytes(input.bytes, Path::new(input.name))?)
}

fn workbook_of(input: Input) -> Result<Result<ReadWorkbook, Finding>, Error> {
    match read_bytes(Path::new(input.name), input.bytes) {
        Ok(wb) => Ok(Ok(wb)),
        Err(ReadError::Io(message)) => Err(Error::Io(message)),
        Err(ReadError::Invalid(finding)) => Ok(Err(*finding)),
    }
}

/// The workbook read, or the command line's words for a refused one.
fn readable(input: Input) -> Result<ReadWorkbook, Failure> {
    match workbook_of(input)? {
        Ok(wb) => Ok(wb),
        Err(finding) => Err(refusal(input.name, finding)),
    }
}

fn refusal(name: &str, finding: Finding) -> Failure {
    let findings = [finding];
    Failure::Refused(findings_text(&CheckJson::new(
        name.to_string(),
        None,
        None,
        &findings,
    )))
}

/// `name` without its extension, then `suffix`: `suivi.xlsx` and `-synthese.xlsx` give
/// `suivi-synthese.xlsx`, as the command line names its outputs.
fn beside(name: &str, suffix: &str) -> String {
    super::beside(Path::new(name), suffix)
        .file_name()
        .map_or_else(|| suffix.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A contract of either form examined, or why its bytes are no contract (exit code 2 on the
/// command line).
fn examined(input: Input) -> Result<Examination, Error> {
    examine_bytes(input.bytes).map_err(|reason| {
        Error::Contract(ContractError::Read {
            path: PathBuf::from(input.name),
            reason,
        })
    })
}

/// `contrat FILE --format json`: checks a contract, TOML or contract workbook, and lists every
/// problem at once, exactly as the command line does.
pub fn contrat(input: Input) -> Result<String, Failure> {
    let examination = examined(input)?;
    Ok(json(&ContractJson::new(
        input.name.to_string(),
        &examination,
        None,
    ))?)
}

/// `contrat FILE -o OUT.toml|OUT.xlsx`: the contract in the form `to` names (`toml` or `xlsx`),
/// named after its input as the command line would name it.
pub fn convert_contract(input: Input, to: &str) -> Result<Output, Failure> {
    let suffix = format!(".{}", to.trim_start_matches('.').to_lowercase());
    let form =
        ContractForm::of_extension(Path::new(&format!("contrat{suffix}"))).ok_or_else(|| {
            Error::Usage(format!(
                "conversion vers {suffix} impossible : le contrat s'écrit en .xlsx (classeur du \
             contrat) ou en .toml"
            ))
        })?;
    let bytes = examined(input)?
        .convert(form)
        .map_err(|reason| Failure::Refused(format!("Contrat non converti : {reason}.")))?;
    Ok(Output {
        name: beside(input.name, &suffix),
        bytes,
    })
}

/// What `generate` says about the workbook it wrote.
#[derive(Debug, Serialize)]
struct GenerateJson {
    file: String,
    year: u32,
    start: NaiveDate,
    end: NaiveDate,
    indicators: usize,
    findings: Vec<Finding>,
}

/// `generate CONTRAT --annee N`: the blank tracking workbook of the year (the year containing
/// `today` when none is given) and what was written.
pub fn generate(
    contract: Input,
    year: Option<u32>,
    today: NaiveDate,
) -> Result<(Output, String), Failure> {
    let c = contract_of(contract)?;
    let year = match year {
        Some(y) => check_year(&c, y)?,
        None => current_year(&c, today)?,
    };
    let entries = Entries::default();
    let funding = fund_year(&c, year, &entries.readings(&c, year));
    let bytes = write_workbook(&c, year, &entries, &funding)?;
    let name = format!("suivi-annee-{year}.xlsx");
    let period = c.period(year);
    let report = GenerateJson {
        file: name.clone(),
        year,
        start: period.start,
        end: period.end,
        indicators: c.lines(year).len(),
        findings: crate::check::unreachable_findings(&c, year),
    };
    Ok((Output { name, bytes }, json(&report)?))
}

/// `check CLASSEUR [--contrat C] [--pieces DIR] --format json`: the check document (a refused
/// workbook gives its one finding, as on the command line).
pub fn check(
    workbook: Input,
    contract: Option<Input>,
    pieces: Option<Vec<(String, Vec<u8>)>>,
    today: NaiveDate,
) -> Result<String, Failure> {
    let signed = contract.map(contract_of).transpose()?;
    let file = workbook.name.to_string();
    let wb = match workbook_of(workbook)? {
        Ok(wb) => wb,
        Err(finding) => return Ok(json(&CheckJson::new(file, None, None, &[finding]))?),
    };
    let folder = pieces
        .map(PieceFolder::in_memory)
        .transpose()
        .map_err(Error::Usage)?;
    let options = Options {
        today,
        signed: signed.as_ref(),
    };
    let reviewed = Reviewed::with_evidence(wb, options, folder.as_ref());
    let (wb, r) = (&reviewed.workbook, &reviewed.review);
    Ok(json(&CheckJson::new(
        file,
        Some(&wb.contract.cpts.name),
        Some(wb.year),
        &r.findings,
    ))?)
}

/// `compute CLASSEUR --format json`: the funding of the year.
pub fn compute(workbook: Input, today: NaiveDate) -> Result<String, Failure> {
    let wb = readable(workbook)?;
    let r = crate::check::review(
        &wb,
        Options {
            today,
            signed: None,
        },
    );
    Ok(json(&r.funding)?)
}

/// `summarize CLASSEUR`: the reviewed workbook (`<name>-synthese.xlsx`) and the check document.
pub fn summarize(workbook: Input, today: NaiveDate) -> Result<(Output, String), Failure> {
    let wb = readable(workbook)?;
    let reviewed = Reviewed::new(
        wb,
        Options {
            today,
            signed: None,
        },
    );
    let bytes = reviewed.summary()?;
    let (wb, r) = (&reviewed.workbook, &reviewed.review);
    let report = json(&CheckJson::new(
        workbook.name.to_string(),
        Some(&wb.contract.cpts.name),
        Some(wb.year),
        &r.findings,
    ))?;
    Ok((
        Output {
            name: beside(workbook.name, "-synthese.xlsx"),
            bytes,
        },
        report,
    ))
}

/// What `dossier` says: the check document of its findings, and what the zip holds.
#[derive(Debug, Serialize)]
struct DossierJson<'a> {
    #[serde(flatten)]
    check: CheckJson<'a>,
    pieces: usize,
    bytes: u64,
    workbook: String,
}

/// `dossier CLASSEUR --pieces DIR`: the zip (`<name>-dossier.zip`) and its findings.
pub fn dossier(
    workbook: Input,
    pieces: Vec<(String, Vec<u8>)>,
    today: NaiveDate,
) -> Result<(Output, String), Failure> {
    let wb = readable(workbook)?;
    let folder = PieceFolder::in_memory(pieces).map_err(Error::Usage)?;
    let options = Options {
        today,
        signed: None,
    };
    let reviewed = Reviewed::with_evidence(wb, options, Some(&folder));
    let (bytes, report) = dossier_bytes(&reviewed, &folder).map_err(Error::Io)?;
    let wb = &reviewed.workbook;
    let document = json(&DossierJson {
        check: CheckJson::new(
            workbook.name.to_string(),
            Some(&wb.contract.cpts.name),
            Some(wb.year),
            &report.findings,
        ),
        pieces: report.pieces,
        bytes: report.bytes,
        workbook: report.workbook.clone(),
    })?;
    Ok((
        Output {
            name: beside(workbook.name, "-dossier.zip"),
            bytes,
        },
        document,
    ))
}

/// `avenant ANCIEN NOUVEAU --format json`: what the avenant changes and its money effect.
pub fn avenant(before: Input, after: Input) -> Result<String, Failure> {
    let before = contract_of(before)?;
    let after = contract_of(after)?;
    Ok(json(&compare(&before, &after))?)
}

/// `plan CONTRAT CLASSEUR... -o plan.xlsx --format json`: the plan document and its workbook
/// (`<contract>-plan.xlsx`).
pub fn plan(
    contract: Input,
    workbooks: &[Input],
    today: NaiveDate,
) -> Result<(String, Output), Failure> {
    let c = contract_of(contract)?;
    let mut read = Vec::new();
    let mut refused: Vec<Finding> = Vec::new();
    for input in workbooks {
        match workbook_of(*input)? {
            Ok(wb) => read.push(wb),
            Err(mut f) => {
                f.message = format!("{} : {}", input.name, f.message);
                refused.push(f);
            }
        }
    }
    let mut plan = build(&c, &read, today);
    refused.append(&mut plan.findings);
    plan.findings = refused;
    let bytes =
        write_plan(&plan).map_err(|e| Error::Io(format!("écriture du plan impossible : {e}")))?;
    Ok((
        json(&plan)?,
        Output {
            name: beside(contract.name, "-plan.xlsx"),
            bytes,
        },
    ))
}

/// `batch` on files held in memory: [`Batch::add`] each file as it is read (a page shows
/// its progress meanwhile), then [`Batch::finish`] checks them all as the command line does —
/// in path order whatever the order they came in, with the same first look, the same
/// `Doublon` and `Conflit` and the same reports.
#[derive(Debug)]
pub struct Batch {
    today: NaiveDate,
    files: Vec<(String, Vec<u8>)>,
}

impl Batch {
    /// A batch checked at `today`.
    pub fn new(today: NaiveDate) -> Batch {
        Batch {
            today,
            files: Vec::new(),
        }
    }

    /// Takes one file (kept until [`Batch::finish`]).
    pub fn add(&mut self, input: Input) {
        self.files
            .push((input.name.to_string(), input.bytes.to_vec()));
    }

    /// The consolidation: its JSON document (`--json`), its workbook (`consolidation.xlsx`)
    /// and its printable report (`--rapport`, `rapport.html`).
    pub fn finish(mut self) -> Result<(String, Output, Output), Failure> {
        self.files.sort_by(|a, b| {
            PathBuf::from(&a.0)
                .cmp(&PathBuf::from(&b.0))
                .then(a.0.cmp(&b.0))
        });
        self.files.dedup_by(|a, b| a.0 == b.0);
        // The folders the files were chosen from (the first part of their names).
        let mut checked: Vec<String> = self
            .files
            .iter()
            .map(|(name, _)| name.split('/').next().unwrap_or(name).to_string())
            .collect();
        checked.dedup();
        let mut out = Consolidation::in_memory(self.today)
            .map_err(Error::Io)?
            .checked(checked);
        let summary = {
            let mut sink = |report: &FileReport| out.add(report);
            run_in_memory(&self.files, self.today, &|| {}, &mut sink).map_err(Error::Io)?
        };
        let (bytes, document, rapport) = out.finish_in_memory(&summary).map_err(Error::Io)?;
        Ok((
            document,
            Output {
                name: "consolidation.xlsx".into(),
                bytes,
            },
            Output {
                name: "rapport.html".into(),
                bytes: rapport,
            },
        ))
    }
}

/// A reference date given as text (`AAAA-MM-JJ`), refused with the command line's words for
/// `--date`.
pub fn parse_date(text: &str) -> Result<NaiveDate, Failure> {
    super::parse_date(text).map_err(|e| Error::Usage(e).into())
}
