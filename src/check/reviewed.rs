//! A workbook read and reviewed: the one value that `check`, `summarize`, `dossier` and `batch`
//! work from, so each shows the same findings and the same money for the same file.

use super::evidence::{Piece, PieceFolder, evidence};
use super::{Options, Review, review, sort_findings};
use crate::workbook::Entries;
use crate::workbook::read::ReadWorkbook;
use crate::workbook::write::{WriteBack, write_back};

/// A workbook read back, its review, and (when an evidence folder was given) its pieces.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The workbook as read.
    pub workbook: ReadWorkbook,
    /// Its findings (the evidence's among them), the readings and the funding of the year.
    pub review: Review,
    /// Each row of `Justificatifs` with a reference or marked provided, resolved in the
    /// evidence folder; empty without a folder.
    pub pieces: Vec<Piece>,
}

impl Reviewed {
    /// Reviews a workbook read back.
    pub fn new(workbook: ReadWorkbook, opts: Options) -> Reviewed {
        Reviewed::with_evidence(workbook, opts, None)
    }

    /// Reviews a workbook read back and, with an evidence folder, resolves each reference of
    /// `Justificatifs` in it; the evidence's findings join the others, in the same order.
    pub fn with_evidence(
        workbook: ReadWorkbook,
        opts: Options,
        folder: Option<&PieceFolder>,
    ) -> Reviewed {
        let mut review = review(&workbook, opts);
        let pieces = match folder {
            Some(folder) => {
                let (pieces, findings) = evidence(&workbook, folder);
                review.findings.extend(findings);
                sort_findings(&mut review.findings);
                pieces
            }
            None => Vec::new(),
        };
        Reviewed {
            workbook,
            review,
            pieces,
        }
    }

    /// Everything the coordinator typed, by row key.
    pub fn entries(&self) -> Entries {
        self.workbook.entries()
    }

    /// The reviewed workbook (`summarize`): every entry written back, whatever was typed
    /// outside the layout, `Synthèse` with the engine's figures and `Contrôles`.
    pub fn summary(&self) -> Result<Vec<u8>, crate::error::Error> {
        let wb = &self.workbook;
        let kept = wb.kept();
        let back = WriteBack {
            findings: &self.review.findings,
            extra_sheets: &wb.extra_sheets,
            kept: &kept,
        };
        write_back(
            &wb.contract,
            wb.year,
            &self.entries(),
            &self.review.funding,
            &back,
        )
    }
}
