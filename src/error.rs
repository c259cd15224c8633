//! Errors that stop a command (exit code 2), each already worded in French for the user.

use crate::contract::ContractError;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The contract could not be read or is invalid.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// A file or folder could not be read or written; the text names it.
    #[error("{0}")]
    Io(String),
    /// The arguments do not make sense together.
    #[error("{0}")]
    Usage(String),
}

/// Result of a command: `Ok(true)` when nothing blocking was found (exit 0), `Ok(false)` when the
/// input has errors (exit 1).
pub(crate) type Outcome = Result<bool, Error>;
