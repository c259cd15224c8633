//! The browser edition of cpts-aci (`cpts-aci.html`): the library's commands on files held in
//! memory ([`cpts_aci::memory`]), exposed to the page's script through `wasm-bindgen`.
//!
//! Each function takes the files as names and bytes and the reference date as text (a page
//! never lets the library ask for the clock), and returns the command line's JSON document as
//! text, or a [`Produced`] holding it and the file written. A failure is thrown as a JavaScript
//! error carrying the command line's French message. The page's script wraps all this into the
//! stable `window.cptsAci` (README, « L'édition navigateur »).

use chrono::NaiveDate;
use cpts_aci::memory::{self, Failure, Input, Output};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The message of the last panic, for the page to show instead of a bare trap.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Keeps each panic's message so that [`last_panic`] can tell it: a panic in WebAssembly
/// stops with an opaque `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let text = info.to_string();
        LAST_PANIC.with(|p| *p.borrow_mut() = text);
    }));
}

/// What the last panic said (empty when none happened).
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> String {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// A list of files (a folder's, or many dropped at once), filled from the page one by one.
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Files {
    list: Vec<(String, Vec<u8>)>,
}

#[wasm_bindgen]
impl Files {
    /// An empty list.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Files {
        Files::default()
    }

    /// Adds a file: its path relative to the folder chosen, and its bytes.
    pub fn push(&mut self, name: String, bytes: Vec<u8>) {
        self.list.push((name, bytes));
    }

    /// How many files the list holds.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.list.len()
    }
}

impl Files {
    fn inputs(&self) -> Vec<Input<'_>> {
        self.list
            .iter()
            .map(|(name, bytes)| Input { name, bytes })
            .collect()
    }
}

/// A command's result: its JSON document and the file it wrote.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Produced {
    json: String,
    file: Option<Output>,
    /// A second file (the batch's report).
    second: Option<Output>,
}

#[wasm_bindgen]
impl Produced {
    /// The JSON document, as the command line prints it.
    #[wasm_bindgen(getter)]
    pub fn json(&self) -> String {
        self.json.clone()
    }

    /// The file's name (empty when there is none).
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.file
            .as_ref()
            .map_or_else(String::new, |f| f.name.clone())
    }

    /// The file's bytes (empty when there is none).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> Vec<u8> {
        self.file
            .as_ref()
            .map_or_else(Vec::new, |f| f.bytes.clone())
    }

    /// The second file's name (the batch's report; empty when there is none).
    #[wasm_bindgen(getter, js_name = secondName)]
    pub fn second_name(&self) -> String {
        self.second
            .as_ref()
            .map_or_else(String::new, |f| f.name.clone())
    }

    /// The second file's bytes (empty when there is none).
    #[wasm_bindgen(getter, js_name = secondBytes)]
    pub fn second_bytes(&self) -> Vec<u8> {
        self.second
            .as_ref()
            .map_or_else(Vec::new, |f| f.bytes.clone())
    }
}

fn produced(json: String, file: Output) -> Produced {
    Produced {
        json,
        file: Some(file),
        second: None,
    }
}

/// A failure as a JavaScript error with the command line's message.
fn thrown(f: Failure) -> JsError {
    JsError::new(&f.to_string())
}

fn date(text: &str) -> Result<NaiveDate, JsError> {
    memory::parse_date(text).map_err(thrown)
}

/// `{version, format, contrat}`.
#[wasm_bindgen]
pub fn version() -> Result<String, JsError> {
    memory::version().map_err(thrown)
}

/// `contrat FILE --format json`.
#[wasm_bindgen]
pub fn contrat(name: &str, bytes: &[u8]) -> Result<String, JsError> {
    memory::contrat(Input { name, bytes }).map_err(thrown)
}

/// The contract converted to `to` (`toml` or `xlsx`).
#[wasm_bindgen(js_name = convertContract)]
pub fn convert_contract(name: &str, bytes: &[u8], to: &str) -> Result<Produced, JsError> {
    let file = memory::convert_contract(Input { name, bytes }, to).map_err(thrown)?;
    Ok(produced(String::new(), file))
}

/// The tracking workbook of contract year `year` (0: the year containing `today`).
#[wasm_bindgen]
pub fn generate(name: &str, bytes: &[u8], year: u32, today: &str) -> Result<Produced, JsError> {
    let year = (year > 0).then_some(year);
    let (file, json) =
        memory::generate(Input { name, bytes }, year, date(today)?).map_err(thrown)?;
    Ok(produced(json, file))
}

/// `check --format json`, with the signed contract and the evidence folder when given.
#[wasm_bindgen]
pub fn check(
    name: &str,
    bytes: &[u8],
    contract: Option<Files>,
    pieces: Option<Files>,
    today: &str,
) -> Result<String, JsError> {
    let contract = contract.as_ref().and_then(|c| c.inputs().first().copied());
    let pieces = pieces.map(|p| p.list);
    memory::check(Input { name, bytes }, contract, pieces, date(today)?).map_err(thrown)
}

/// `compute --format json`.
#[wasm_bindgen]
pub fn compute(name: &str, bytes: &[u8], today: &str) -> Result<String, JsError> {
    memory::compute(Input { name, bytes }, date(today)?).map_err(thrown)
}

/// The reviewed workbook and the check document.
#[wasm_bindgen]
pub fn summarize(name: &str, bytes: &[u8], today: &str) -> Result<Produced, JsError> {
    let (file, json) = memory::summarize(Input { name, bytes }, date(today)?).map_err(thrown)?;
    Ok(produced(json, file))
}

/// The dossier zip and its document.
#[wasm_bindgen]
pub fn dossier(name: &str, bytes: &[u8], pieces: Files, today: &str) -> Result<Produced, JsError> {
    let (file, json) =
        memory::dossier(Input { name, bytes }, pieces.list, date(today)?).map_err(thrown)?;
    Ok(produced(json, file))
}

/// `avenant --format json`.
#[wasm_bindgen]
pub fn avenant(
    before_name: &str,
    before: &[u8],
    after_name: &str,
    after: &[u8],
) -> Result<String, JsError> {
    memory::avenant(
        Input {
            name: before_name,
            bytes: before,
        },
        Input {
            name: after_name,
            bytes: after,
        },
    )
    .map_err(thrown)
}

/// `plan --format json` and its workbook.
#[wasm_bindgen]
pub fn plan(name: &str, bytes: &[u8], workbooks: &Files, today: &str) -> Result<Produced, JsError> {
    let (json, file) =
        memory::plan(Input { name, bytes }, &workbooks.inputs(), date(today)?).map_err(thrown)?;
    Ok(produced(json, file))
}

/// Whether a file of a chosen folder is one `batch` takes (as when it walks a folder).
#[wasm_bindgen(js_name = takenFromFolder)]
pub fn taken_from_folder(path: &str) -> bool {
    cpts_aci::consolidation::taken_from_folder(path)
}

/// A batch fed one file at a time, so the page can show progress between files.
#[wasm_bindgen]
#[derive(Debug)]
pub struct BatchRun {
    batch: Option<memory::Batch>,
}

#[wasm_bindgen]
impl BatchRun {
    /// A batch checked at `today`.
    #[wasm_bindgen(constructor)]
    pub fn new(today: &str) -> Result<BatchRun, JsError> {
        Ok(BatchRun {
            batch: Some(memory::Batch::new(date(today)?)),
        })
    }

    /// Checks and computes one file.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        if let Some(b) = &mut self.batch {
            b.add(Input { name, bytes });
        }
    }

    /// The consolidation's JSON document, workbook and report.
    pub fn finish(&mut self) -> Result<Produced, JsError> {
        let batch = self
            .batch
            .take()
            .ok_or_else(|| JsError::new("ce lot est déjà consolidé"))?;
        let (json, file, rapport) = batch.finish().map_err(thrown)?;
        let mut p = produced(json, file);
        p.second = Some(rapport);
        Ok(p)
    }
}
