//! A large piece is streamed into the dossier, never loaded: the peak memory of `dossier` stays
//! flat whatever the piece weighs. Alone in its test program, so that the kernel's account of
//! the children's peak memory is this command's only. `CPTS_ACI_DOSSIER_MB` sets the piece's
//! size (512 MB by default; the closing note of the issue measured 1 024).

mod common;

use cpts_aci::layout::{EVIDENCE, evid};
use cpts_aci::{
    Cell, Contract, Entries, evidence_key, expected_evidence, fund_year, write_workbook,
};
use std::path::Path;

#[test]
fn a_large_piece_is_zipped_in_flat_memory() {
    let mb: u64 = std::env::var("CPTS_ACI_DOSSIER_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    let dir = tempfile::tempdir().unwrap();
    let pieces = dir.path().join("pieces");
    std::fs::create_dir_all(&pieces).unwrap();
    // A sparse file: the disk is not filled, the reading is real.
    let video = std::fs::File::create(pieces.join("atelier filmé.mp4")).unwrap();
    video.set_len(mb * 1024 * 1024).unwrap();
    drop(video);
    let c = Contract::load(Path::new("samples/contrat-exemple.toml")).unwrap();
    let (code, piece) = expected_evidence(&c, 2).into_iter().next().unwrap();
    let mut e = Entries::default();
    let key = evidence_key(&code, &piece);
    e.set(&EVIDENCE, &key, evid::PROVIDED, Cell::Text("Oui".into()));
    e.set(
        &EVIDENCE,
        &key,
        evid::REFERENCE,
        Cell::Text("atelier filmé.mp4".into()),
    );
    let wb = dir.path().join("classeur.xlsx");
    let funding = fund_year(&c, 2, &e.readings(&c, 2));
    std::fs::write(&wb, write_workbook(&c, 2, &e, &funding).unwrap()).unwrap();
    let zip = dir.path().join("dossier.zip");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_cpts-aci"))
        .args([
            "dossier",
            wb.to_str().unwrap(),
            "--pieces",
            pieces.to_str().unwrap(),
        ])
        .args(["-o", zip.to_str().unwrap(), "--date", "2025-06-01"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let peak_mb = usage.ru_maxrss as f64 / 1024.0;
    let size = std::fs::metadata(&zip).unwrap().len();
    assert!(
        size > mb * 1024 * 1024,
        "the piece is in the archive ({size} bytes)"
    );
    println!(
        "dossier with a {mb} MB piece: archive {size} bytes, peak resident memory {peak_mb:.1} MB"
    );
    assert!(
        peak_mb < 64.0,
        "peak memory {peak_mb:.1} MB for a {mb} MB piece"
    );
}
