//! Where a batch's files come from: the disk (the command line) or memory (the browser
//! edition). Both go through the same first look, the same comparison of twins and the same
//! checks, so a page and the command line give the same statuses for the same files.

use crate::workbook::limits::MAX_FILE_BYTES;
use crate::workbook::read::formats::read_bytes;
use crate::workbook::read::{ReadError, ReadWorkbook, read_workbook};
use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The files of a batch, by index, in path order.
pub(crate) trait Files: Sync {
    /// How many files.
    fn count(&self) -> usize;
    /// The file's path as shown in the consolidation.
    fn name(&self, i: usize) -> String;
    /// Its bytes for a first look, unless it cannot be read or is over the size limit (its
    /// full read then says why).
    fn bytes(&self, i: usize) -> Option<Cow<'_, [u8]>>;
    /// The workbook read whole.
    fn read(&self, i: usize) -> Result<ReadWorkbook, ReadError>;
}

/// Files on disk.
pub(crate) struct OnDisk<'a>(pub &'a [PathBuf]);

impl Files for OnDisk<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn name(&self, i: usize) -> String {
        self.0[i].display().to_string()
    }

    fn bytes(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        let path = &self.0[i];
        let len = std::fs::metadata(path).ok().filter(|m| m.is_file())?.len();
        if len > MAX_FILE_BYTES {
            return None;
        }
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES).read_to_end(&mut bytes))
            .ok()?;
        Some(Cow::Owned(bytes))
    }

    fn read(&self, i: usize) -> Result<ReadWorkbook, ReadError> {
        read_workbook(&self.0[i])
    }
}

/// Files held in memory, each with the path it stands for (a page's chosen folder).
pub(crate) struct InMemory<'a>(pub &'a [(String, Vec<u8>)]);

impl Files for InMemory<'_> {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn name(&self, i: usize) -> String {
        self.0[i].0.clone()
    }

    fn bytes(&self, i: usize) -> Option<Cow<'_, [u8]>> {
        let bytes = &self.0[i].1;
        (bytes.len() as u64 <= MAX_FILE_BYTES).then_some(Cow::Borrowed(bytes.as_slice()))
    }

    fn read(&self, i: usize) -> Result<ReadWorkbook, ReadError> {
        let (name, bytes) = &self.0[i];
        read_bytes(Path::new(name), bytes)
    }
}
