//! `stancemap network` and `stancemap matrix`: the analyses of [`crate::analysis`] written
//! for a spreadsheet, R (igraph) or Python.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{FilterArgs, filter_spec, load};
use crate::analysis::agreement::{
    Agreement, Duplicates, Measure, Normalization, Options, RowScratch,
};
use crate::analysis::matrix::{Matrix, Order};
use crate::document::{Document, UnknownId};
use crate::export;
use crate::layout::LayoutParams;
use crate::model::Dataset;

/// Options of `stancemap network`.
#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: a .csv file (the actor × actor matrix).
    #[arg(long, short, value_name = "PATH", value_parser = parse_csv_out)]
    pub out: PathBuf,

    /// congruence (same stance on the same issue), conflict (support against reject) or
    /// subtract (congruence − conflict).
    #[arg(long, value_name = "MEASURE")]
    pub measure: String,

    /// none, average (÷ the pair's mean number of positions), jaccard (÷ matches and
    /// non-matches) or cosine (÷ the product of the pair's numbers of positions).
    #[arg(long = "normalize", value_name = "HOW", default_value = "none")]
    pub normalization: String,

    /// include (every position counts) or source (one per actor, issue, stance and source).
    #[arg(long, value_name = "HOW", default_value = "include")]
    pub duplicates: String,

    /// Which issues and stances count.
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Options of `stancemap matrix`.
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: a .csv file.
    #[arg(long, short, value_name = "PATH", value_parser = parse_csv_out)]
    pub out: PathBuf,

    /// name, count (most positions first) or blocs (similar actors and issues side by side).
    #[arg(long, value_name = "ORDER", default_value = "name")]
    pub order: String,

    /// Which issues and stances are shown.
    #[command(flatten)]
    pub filter: FilterArgs,
}

fn parse_csv_out(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => Ok(path),
        _ => Err("name the file .csv".to_owned()),
    }
}

/// One of a list of named values, or an error naming the closest.
fn choose<T: Copy>(
    what: &'static str,
    text: &str,
    all: &[T],
    name: fn(T) -> &'static str,
) -> anyhow::Result<T> {
    let wanted = text.trim().to_ascii_lowercase();
    all.iter()
        .copied()
        .find(|&v| name(v) == wanted)
        .ok_or_else(|| {
            let error = UnknownId::new(what, text, all.iter().map(|&v| name(v)));
            let names: Vec<&str> = all.iter().map(|&v| name(v)).collect();
            anyhow::anyhow!("{error} (one of: {})", names.join(", "))
        })
}

/// A document of a file under the command's filter (no layout: analyses need none).
fn document(file: &Path, filter: &FilterArgs) -> anyhow::Result<Document> {
    let (source, dataset) = load(file)?;
    let filter = filter_spec(filter).resolve(&dataset)?;
    Ok(Document::new(
        source,
        dataset,
        filter,
        LayoutParams::default(),
        None,
    ))
}

/// A weight as a CSV cell: whole numbers without a fraction.
fn cell(weight: f64) -> String {
    if weight.fract() == 0.0 && weight.abs() < 1e15 {
        format!("{}", weight as i64)
    } else {
        format!("{weight}")
    }
}

/// Writes the network's CSV, row by row (a large network is never held whole).
fn network_csv(dataset: &Dataset, agreement: &Agreement) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let actors = agreement.actors();
    let mut header = vec!["actor".to_owned()];
    header.extend(actors.iter().map(|&a| dataset.actor(a).id.clone()));
    writer.write_record(&header)?;
    let mut scratch = RowScratch::default();
    let mut record = vec![String::new(); actors.len() + 1];
    for (i, &actor) in actors.iter().enumerate() {
        record[0].clone_from(&dataset.actor(actor).id);
        record[1..].iter_mut().for_each(|c| "0".clone_into(c));
        for (j, weight) in agreement.row(i, &mut scratch) {
            record[j as usize + 1] = cell(weight);
        }
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the CSV: {}", e.error()))
}

/// Runs `stancemap network`; returns the summary line.
pub fn network(args: &NetworkArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let options = Options {
        measure: choose("measure", &args.measure, &Measure::ALL, Measure::name)?,
        normalization: choose(
            "normalization",
            &args.normalization,
            &Normalization::ALL,
            Normalization::name,
        )?,
        duplicates: choose(
            "duplicates setting",
            &args.duplicates,
            &Duplicates::ALL,
            Duplicates::name,
        )?,
    };
    let doc = document(&args.file, &args.filter)?;
    let agreement = Agreement::new(doc.dataset(), doc.visible_positions(), options);
    let bytes = network_csv(doc.dataset(), &agreement)?;
    export::write_atomic(&args.out, &bytes).context("network failed")?;
    let n = agreement.actors().len();
    let mut summary = format!(
        "{}: {n} × {n} {} network ({}, duplicates: {}), {} bytes, {:.2} s",
        args.out.display(),
        options.measure.name(),
        match options.normalization {
            Normalization::None => "not normalised".to_owned(),
            other => format!("normalised: {}", other.name()),
        },
        options.duplicates.name(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if n < 2 {
        let who = if n == 0 { "no actor" } else { "only one actor" };
        let note =
            format!("\nnote: {who} has a position the filter shows: the network has no ties");
        summary.push_str(&note);
    }
    Ok(summary)
}

/// Runs `stancemap matrix`; returns the summary line.
pub fn matrix(args: &MatrixArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let order = choose("order", &args.order, &Order::ALL, Order::name)?;
    let doc = document(&args.file, &args.filter)?;
    let matrix = Matrix::of(&doc, order);
    let bytes = matrix.csv(doc.dataset()).context("cannot write the CSV")?;
    export::write_atomic(&args.out, &bytes).context("matrix failed")?;
    let mut summary = format!(
        "{}: {} actors × {} issues, {} positions, ordered by {}, {} bytes, {:.2} s",
        args.out.display(),
        matrix.actors.len(),
        matrix.issues.len(),
        matrix.position_count(),
        order.name(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if matrix.actors.is_empty() {
        summary.push_str("\nnote: no actor has a position the filter shows: the matrix is empty");
    }
    Ok(summary)
}
