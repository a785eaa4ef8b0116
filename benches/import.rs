//! Imports at scale: a DNA 3 database of 10,000 statements (a parliament's coded debates:
//! 200 documents, 164 speakers in 8 parties, 348 concepts) opened as the window and `check`
//! open it: read from `SQLite`, spans converted from UTF-16, every quote checked in its
//! document's text. `cargo bench --bench import`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its tables")]

#[path = "../tests/dna_fixture/mod.rs"]
mod dna_fixture;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use dna_fixture::{Doc, Span, Stmt};
use stancemap::model;

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let file = dir.join("parliament-10k.dna");
    let (documents, per_document) = (200, 50);
    let speakers: Vec<String> = (0..164).map(|k| format!("Speaker {k:03}")).collect();
    let parties = ["SPD", "CDU", "CSU", "Grüne", "FDP", "Linke", "AfD", "SSW"];
    let concepts: Vec<String> = (0..348).map(|k| format!("Concept {k}")).collect();
    // Each document: 50 sentences, one statement each (an umlaut in every sentence, so
    // offsets are converted, not taken as bytes).
    let mut texts = Vec::new();
    let mut spans = Vec::new();
    for d in 0..documents {
        let mut text = String::new();
        for s in 0..per_document {
            let k = d * per_document + s;
            let sentence = format!(
                "{} für {}: statement {k} on the matter, with its reasons given at length. ",
                speakers[k % speakers.len()],
                concepts[(k * 7) % concepts.len()]
            );
            spans.push((d, sentence.trim_end().to_owned()));
            text.push_str(&sentence);
        }
        texts.push(text);
    }
    let docs: Vec<Doc> = texts
        .iter()
        .enumerate()
        .map(|(d, text)| Doc {
            title: "Plenary",
            text,
            author: "",
            source: "Plenarprotokoll",
            seconds: 1_600_000_000 + d as i64 * 86_400,
        })
        .collect();
    let statements: Vec<Stmt> = spans
        .iter()
        .enumerate()
        .map(|(k, (d, sentence))| Stmt {
            doc: *d,
            span: Span::Text(sentence),
            person: &speakers[k % speakers.len()],
            organization: parties[(k % speakers.len()) % parties.len()],
            concept: &concepts[(k * 7) % concepts.len()],
            agreement: i64::from(k % 3 != 0),
        })
        .collect();
    dna_fixture::create(&file, "3.0.11", &docs, &statements, &[]);
    let mut times = Vec::new();
    let mut summary = String::new();
    for _ in 0..5 {
        let start = Instant::now();
        let dataset = model::load_file(&file).expect("the database loads");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        summary = dataset.summary();
    }
    times.sort_by(f64::total_cmp);
    let mut out = String::new();
    writeln!(out, "\n### A DNA database opened (median of 5)\n").ok();
    writeln!(out, "| statements | documents | what it gives | open |").ok();
    writeln!(out, "|---|---|---|---|").ok();
    writeln!(
        out,
        "| {} | {documents} | {summary} | {:.1} ms |",
        statements.len(),
        times[2]
    )
    .ok();
    print!("{out}");
}
