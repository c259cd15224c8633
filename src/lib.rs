//! cpts-aci: the yearly ACI paperwork of a CPTS as one reliable Excel workflow.
//!
//! Data flows one way: a signed [`Contract`] (TOML) and a national grid give the amounts; the
//! funding engine ([`fund_year`]) computes, to the cent, what a contract year pays; the
//! tracking workbook is written ([`write_workbook`]) and read back ([`read_workbook`]) through
//! one layout ([`layout`]); [`review`] checks what a coordinator entered; commands are thin
//! layers over these, and [`run`] returns the process exit code.
//!
//! This front door is what the program, the tests, the benchmarks and the fuzz targets use;
//! everything else is private to the crate.

#![warn(missing_docs, unreachable_pub)]

mod amendment;
mod batch;
mod check;
mod cli;
mod cmd;
pub mod concepts;
mod contract;
mod contractbook;
mod dossier;
mod error;
mod finding;
pub mod fr;
mod fsio;
mod funding;
mod grid;
mod mission;
mod money;
mod pluriannual;
mod report;
pub mod synthetic;
mod workbook;

pub use amendment::{AmendmentReport, YearEffect, compare as compare_contracts};
pub use check::{Options, Review, review};
pub use check::{Piece, PieceFolder, Resolved, Reviewed};
pub use cli::run;
pub use cmd::demo::demo_entries;
pub use contract::changes::{ChangeKind, TermChange, TermValue, year_changes};
pub use contract::file::json_schema;
pub use contract::{Avenant, Contract, ContractError, Examined, Problem};
pub use contractbook::{
    ContractForm, Examination, examine as examine_contract, examine_bytes as examine_contract_bytes,
};
pub use dossier::{DossierReport, MAX_PIECES, MAX_TOTAL_BYTES, dossier_bytes, write_dossier};
pub use error::Error;
pub use finding::{Code, Finding, Hint, Severity};
pub use funding::attainment::Observation;
pub use funding::explain::{scale_text, still_missing};
pub use funding::{
    LineFunding, Reading, Readings, Share, YearFunding, fund_year, planned_year, reaching_readings,
};
pub use mission::MissionCode;
pub use pluriannual::{Basis, Plan, build as build_plan, write_plan};
pub use workbook::entries::{checkpoint_key, evidence_key};
pub use workbook::plan::{expected_evidence, planned_checkpoints};
pub use workbook::read::formats::read_bytes;
pub use workbook::read::{ReadError, ReadWorkbook, read_workbook};
pub use workbook::write::{WriteBack, write_back};
pub use workbook::{Cell, Entries, write_workbook};

/// The one description of the workbook's sheets, tables and columns, shared by the writer and
/// the reader.
pub mod layout {
    pub use crate::workbook::layout::*;

    /// The report tables (plan, consolidation, summary), each described once.
    pub mod reports {
        pub use crate::workbook::reports::*;
    }
}

/// Every command on files held in memory, for the browser edition: the same documents and
/// files as the command line, with no disk and no clock.
pub mod memory {
    pub use crate::cmd::memory::*;
}

/// Checking many workbooks at once and writing their consolidation.
pub mod consolidation {
    pub use crate::batch::output::Consolidation;
    pub use crate::batch::{
        FileReport, Previous, PreviousMission, Summary, collect, run, run_in_memory,
        taken_from_folder,
    };
}
