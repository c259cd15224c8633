//! The tracking workbook: its layout, the formulas, and the writer.
//!
//! [`layout`] is the single description of sheets, tables and columns; [`formulas`] turns each
//! indicator line's rule into an Excel formula; [`mod@write`] builds the file from a contract year,
//! what was entered, and the engine's figures (written as every formula's cached value).

pub mod entries;
pub mod formulas;
pub mod layout;
pub mod limits;
pub mod ods;
pub mod plan;
pub mod read;
pub mod style;
pub mod texts;
pub mod write;

pub use entries::{Cell, Entries};
pub use write::write_workbook;
