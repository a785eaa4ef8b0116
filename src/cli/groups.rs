//! `stancemap groups`: what groups of actors (by an attribute) do: cohesion, E-I index and
//! defections, as CSV (definitions in [`crate::analysis::groups`] and the README).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};

use super::analysis::{agreement_options, cell, choose, document, normalised};
use super::{FilterArgs, TableArgs};
use crate::analysis::agreement::{Agreement, Measure};
use crate::analysis::groups::{self, Grouping};
use crate::analysis::network::{Keep, Network, Progress};
use crate::document::UnknownId;
use crate::export;

/// Options of `stancemap groups`.
#[derive(Debug, clap::Args)]
pub struct GroupsArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The actor attribute that makes the groups (e.g. `party`).
    #[arg(long, value_name = "ATTRIBUTE")]
    pub by: String,

    /// The agreement network the E-I index is taken on: congruence (same stance on the same
    /// issue) or subtract (congruence − conflict); only ties of positive weight count.
    #[arg(long, value_name = "MEASURE", default_value = "congruence")]
    pub measure: String,

    /// none, average, jaccard or cosine (as `stancemap network`).
    #[arg(long = "normalize", value_name = "HOW", default_value = "none")]
    pub normalization: String,

    /// include, source or once (as `stancemap network`).
    #[arg(long, value_name = "HOW", default_value = "include")]
    pub duplicates: String,

    /// Which issues, stances and dates count.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,

    /// Where to write the groups' figures (.csv): `group,members,issues,cohesion,internal,
    /// external,ei`, one row per group, then `all`.
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,

    /// Also write every defection (.csv): `actor,group,issue,stance,group_stance,date,quote`.
    #[arg(long, value_name = "PATH")]
    pub defections: Option<PathBuf>,
}

/// A cohesion or an index as a CSV cell: four decimals.
fn ratio(value: f64) -> String {
    format!("{value:.4}")
}

/// Runs `stancemap groups`; returns the summary.
pub fn groups(args: &GroupsArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    for path in std::iter::once(&args.out).chain(&args.defections) {
        if !path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            bail!(
                "the groups are written as .csv: name the file {}.csv",
                path.with_extension("").display()
            );
        }
    }
    let options = agreement_options(
        choose(
            "measure",
            &args.measure,
            &[Measure::Congruence, Measure::Subtract],
            Measure::name,
        )?,
        &args.normalization,
        &args.duplicates,
    )?;
    let doc = document(&args.file, &args.filter, &args.table)?;
    let dataset = doc.dataset();
    let attributes = dataset.attribute_names();
    if !attributes.contains(&args.by.as_str()) {
        let error = UnknownId::new("attribute", &args.by, attributes.iter().copied());
        if attributes.is_empty() {
            bail!(
                "{error}: no actor of {} has an attribute (give them one: attributes: {{\"{}\": \"…\"}}, or a table column attribute:{})",
                args.file.display(),
                args.by,
                args.by
            );
        }
        bail!("{error} (the actors have: {})", attributes.join(", "));
    }
    let grouping = Grouping::by(dataset, &args.by);
    let positions: Vec<_> = doc.visible_positions().collect();
    let agreement = Agreement::new(dataset, positions.iter().copied(), options);
    let of_actor = groups::network_groups(&grouping, agreement.actors());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    // The ties' sums are taken over every partner; none need be kept.
    let keep = Keep {
        min_weight: f64::INFINITY,
        top: Some(0),
    };
    let network = Network::compute_grouped(
        &agreement,
        keep,
        cores,
        &Progress::default(),
        Some(&of_actor),
    )
    .context("the network computation stopped")?;
    let mut figures = groups::figures(dataset, &positions, &grouping);
    let (within, between) = groups::with_ties(&mut figures, &grouping, &network);

    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "group", "members", "issues", "cohesion", "internal", "external", "ei",
    ])?;
    for (name, f) in grouping.names.iter().zip(&figures) {
        writer.write_record([
            name.clone(),
            f.members.to_string(),
            f.issues.to_string(),
            f.cohesion.map(ratio).unwrap_or_default(),
            cell(f.internal),
            cell(f.external),
            ratio(f.ei()),
        ])?;
    }
    let members: usize = figures.iter().map(|f| f.members).sum();
    writer.write_record([
        "all".to_owned(),
        members.to_string(),
        String::new(),
        String::new(),
        cell(within),
        cell(between),
        ratio(groups::ei(within, between)),
    ])?;
    let bytes = writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("cannot write the CSV: {}", e.error()))?;
    export::write_atomic(&args.out, &bytes).context("groups failed")?;
    let mut summary = format!(
        "{}: {} groups by {} ({} actors; E-I on the {} network, {}), {} bytes",
        args.out.display(),
        grouping.names.len(),
        args.by,
        members,
        options.measure.name(),
        normalised(options.normalization),
        bytes.len()
    );
    if let Some(path) = &args.defections {
        let found = groups::defections(dataset, &positions, &grouping);
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record([
            "actor",
            "group",
            "issue",
            "stance",
            "group_stance",
            "date",
            "quote",
        ])?;
        for d in &found {
            let position = dataset.position(d.position);
            let stance = match position.stance.condition() {
                Some(text) => format!("Condition: {text}"),
                None => position.stance.kind().label().to_owned(),
            };
            writer.write_record([
                dataset.actor(d.actor).id.as_str(),
                grouping.names[d.group as usize].as_str(),
                dataset.issue(d.issue).id.as_str(),
                stance.as_str(),
                d.group_stance.label(),
                &dataset
                    .date_of(d.position)
                    .map(|day| day.to_string())
                    .unwrap_or_default(),
                position.quote.as_str(),
            ])?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot write the CSV: {}", e.error()))?;
        export::write_atomic(path, &bytes).context("groups failed")?;
        let _ = write!(
            summary,
            "\nwrote {}: {} defections, {} bytes",
            path.display(),
            found.len(),
            bytes.len()
        );
    }
    let _ = write!(summary, ", {:.2} s", started.elapsed().as_secs_f64());
    Ok(summary)
}
