//! What every workbook target does with a file: read it, check it, and write the summary back.

use cpts_aci::{Options, review};
use cpts_aci::read_bytes;
use cpts_aci::{WriteBack, write_back};
use std::path::Path;

pub fn exercise(bytes: &[u8]) {
    let Ok(wb) = read_bytes(Path::new("fuzz.xlsx"), bytes) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let r = review(&wb, Options { today, signed: None });
    let kept = wb.kept();
    let back = WriteBack { findings: &r.findings, extra_sheets: &wb.extra_sheets, kept: &kept };
    let _ = write_back(&wb.contract, wb.year, &wb.entries(), &r.funding, &back);
}
