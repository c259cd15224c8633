//! Benchmark: writing the tracking workbook of a contract year with 100 indicator lines.
//! Run with `cargo bench --bench generate`; it prints the time per workbook.

use cpts_aci::Contract;
use cpts_aci::fund_year;
use cpts_aci::synthetic::{Spec, contract_text};
use cpts_aci::{Entries, write_workbook};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let spec = Spec {
        name: "CPTS de mesure".into(),
        population: 120_000,
        signature: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        lines_per_year: 100,
    };
    let contract = Contract::parse(&contract_text(&spec), Path::new("bench.toml")).unwrap();
    let entries = Entries::default();
    let generate = || {
        let funding = fund_year(&contract, 2, &entries.readings(&contract, 2));
        write_workbook(&contract, 2, &entries, &funding).unwrap()
    };
    let size = generate().len();
    let mut times: Vec<Duration> = (0..40)
        .map(|_| {
            let start = Instant::now();
            black_box(generate());
            start.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "generate, 100 indicator lines ({} KiB): median {:.2} ms, min {:.2} ms, max {:.2} ms over {} runs",
        size / 1024,
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
