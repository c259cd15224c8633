//! cpts-aci: the yearly ACI paperwork of a CPTS as one reliable Excel workflow.
//!
//! Data flows one way: a signed [`contract`] (TOML) and a national [`grid`] give the amounts;
//! the [`funding`] engine computes, to the cent, what a contract year pays; commands in [`cmd`]
//! are thin layers over these modules, and [`cli::run`] returns the process exit code.

pub mod batch;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod concepts;
pub mod contract;
pub mod error;
pub mod finding;
pub mod fr;
pub mod fsio;
pub mod funding;
pub mod grid;
pub mod mission;
pub mod money;
pub mod report;
pub mod synthetic;
pub mod workbook;
