//! One module per command, each a thin layer over the domain modules.

pub mod check;
pub mod compute;
pub mod demo;
pub mod generate;
pub mod init;
pub mod summarize;

use crate::error::Error;
use std::io::Write;

/// Writes text to standard output; a closed pipe is not an error worth reporting.
pub(crate) fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io(format!(
            "sortie standard : écriture impossible ({e})"
        ))),
        _ => Ok(()),
    }
}

/// A value as pretty JSON.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::Io(format!("JSON impossible à écrire : {e}")))
}
