//! The tracking workbook: its layout, the formulas, and the writer.
//!
//! [`layout`] is the single description of sheets, tables and columns; [`formulas`] turns each
//! indicator line's rule into an Excel formula; [`mod@write`] builds the file from a contract year,
//! what was entered, and the engine's figures (written as every formula's cached value).

pub(crate) mod entries;
pub(crate) mod formulas;
pub(crate) mod layout;
pub(crate) mod limits;
pub(crate) mod missing;
pub(crate) mod ods;
pub(crate) mod plan;
pub(crate) mod read;
pub(crate) mod remaining;
pub(crate) mod reports;
pub(crate) mod style;
pub(crate) mod texts;
pub(crate) mod write;

pub use entries::{Cell, Entries};
pub use write::write_workbook;
