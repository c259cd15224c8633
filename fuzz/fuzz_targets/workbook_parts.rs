//! A real workbook with one XML part replaced by the fuzzer's bytes (first byte: which part),
//! stored uncompressed so that the mutations reach the XML parsers instead of the zip checks.
#![no_main]
mod common;
use std::io::{Read, Write};

const TEMPLATE: &[u8] = include_bytes!("../../samples/suivi-exemple-annee-2.xlsx");
const PARTS: [&str; 7] = [
    "xl/worksheets/sheet3.xml",
    "xl/worksheets/sheet4.xml",
    "xl/worksheets/sheet7.xml",
    "xl/sharedStrings.xml",
    "xl/tables/table1.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else { return };
    let target = PARTS[usize::from(which) % PARTS.len()];
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(TEMPLATE)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(if name == target { content } else { &bytes }).unwrap();
    }
    common::exercise(&out.finish().unwrap().into_inner());
});
