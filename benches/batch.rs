//! Benchmark of `batch` (issue 4/5), in one run:
//! (a) our batch on 1 000 generated CPTS workbooks of ~60 lines, one thread;
//! (b) the floor: calamine alone opening the same files and reading every cell;
//! (c) our batch with one job against two jobs;
//! (d) the same 1 000 workbooks each sent twice (2 000 files, 1 000 `Doublon`), two jobs.
//! `cargo bench --bench batch`; with `CPTS_ACI_BENCH_MEMORY=10000` it also runs the release
//! binary (`cargo build --release`, or the one `CPTS_ACI_BENCH_BIN` names, to compare two
//! versions on the same files) on that many files and reports its peak memory (maximum
//! resident set size).

use calamine::{Reader, Xlsx, open_workbook};
use cpts_aci::Contract;
use cpts_aci::consolidation::{self as batch, Consolidation};
use cpts_aci::fund_year;
use cpts_aci::synthetic::{Spec, contract_text, entries};
use cpts_aci::write_workbook;
use rayon::prelude::*;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn generate(dir: &Path, n: usize) -> Vec<PathBuf> {
    let signature = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let populations = [25_000, 62_000, 120_000, 200_000];
    (0..n)
        .into_par_iter()
        .map(|i| {
            // One CPTS per file (its identifier follows its population), of each taille in
            // turn: files of one CPTS-year would be doublons or conflicts.
            let population = populations[i % populations.len()] + i as u64;
            let spec = Spec {
                name: format!("CPTS {population}"),
                population,
                signature,
                lines_per_year: 60,
            };
            let c = &Contract::parse(&contract_text(&spec), Path::new("bench.toml")).unwrap();
            let e = entries(c, 2, i as u64);
            let bytes = write_workbook(c, 2, &e, &fund_year(c, 2, &e.readings(c, 2))).unwrap();
            let path = dir.join(format!("cpts-{i:05}.xlsx"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect()
}

fn floor(files: &[PathBuf]) -> usize {
    let mut cells = 0;
    for f in files {
        let mut wb: Xlsx<_> = open_workbook(f).unwrap();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            for cell in range.used_cells() {
                black_box(cell);
                cells += 1;
            }
        }
    }
    cells
}

fn ours(files: &[PathBuf], jobs: usize, out: &Path) {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let mut consolidation = Consolidation::new(None, today).unwrap();
    let summary = batch::run(files, jobs, today, &|| {}, &mut |r| consolidation.add(r)).unwrap();
    consolidation.finish(&summary, out, None).unwrap();
}

fn seconds(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1000;
    let files = generate(dir.path(), n);
    let out = dir.path().join("consolidation.xlsx");
    // Warm the page cache and the allocator once, as any later run would find them.
    floor(&files[..50]);
    let mut cells = 0;
    let b = seconds(|| cells = floor(&files));
    let a1 = seconds(|| ours(&files, 1, &out));
    let a2 = seconds(|| ours(&files, 2, &out));
    let twice_dir = dir.path().join("deux-fois");
    std::fs::create_dir(&twice_dir).unwrap();
    let mut twice = files.clone();
    for f in &files {
        let copy = twice_dir.join(f.file_name().unwrap());
        std::fs::copy(f, &copy).unwrap();
        twice.push(copy);
    }
    twice.sort();
    let d2 = seconds(|| ours(&twice, 2, &out));
    println!("batch, {n} workbooks of 60 lines ({cells} cells in all):");
    println!("  (b) floor, calamine reading every cell, 1 thread : {b:.2} s");
    println!(
        "  (a) cpts-aci batch, --jobs 1                    : {a1:.2} s  ratio (a)/(b) = {:.2}",
        a1 / b
    );
    println!(
        "  (c) cpts-aci batch, --jobs 2                    : {a2:.2} s  speed-up = {:.2}x",
        a1 / a2
    );
    println!(
        "  (d) each workbook sent twice, --jobs 2          : {d2:.2} s  for {} files",
        twice.len()
    );
    if let Some(m) = std::env::var("CPTS_ACI_BENCH_MEMORY")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        memory(m);
    }
}

/// Peak memory of the release binary on `n` files, read from the kernel's accounting.
fn memory(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    generate(dir.path(), n);
    let made = start.elapsed().as_secs_f64();
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    let bin = std::env::var_os("CPTS_ACI_BENCH_BIN")
        .map_or_else(|| target.join("release/cpts-aci"), PathBuf::from);
    let out = dir.path().join("consolidation.xlsx");
    let start = Instant::now();
    let status = std::process::Command::new(&bin)
        .args(["batch", "--date", "2025-06-01", "-o"])
        .arg(&out)
        .arg("--json")
        .arg(dir.path().join("consolidation.json"))
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the release binary (cargo build --release)");
    let took = start.elapsed().as_secs_f64();
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    println!(
        "memory: {n} workbooks (generated in {made:.0} s): batch took {took:.1} s ({:.1} s of CPU), exit {:?}, peak resident memory {:.1} MB",
        cpu(usage.ru_utime) + cpu(usage.ru_stime),
        status.code(),
        usage.ru_maxrss as f64 / 1024.0
    );
}
