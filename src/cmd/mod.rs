//! One module per command, each a thin layer over the domain modules.

pub mod demo;
pub mod generate;
pub mod init;

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
