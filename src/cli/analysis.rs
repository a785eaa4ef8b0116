//! `stancemap network` and `stancemap matrix`: the analyses of [`crate::analysis`] written
//! for a spreadsheet, R (igraph) or Python.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::ThemeArg;
use super::{FilterArgs, TableArgs, filter_spec, load};
use crate::analysis::agreement::{
    Agreement, Duplicates, Measure, Normalization, Options, Repeats, RowScratch,
};
use crate::analysis::matrix::{Matrix, Order};
use crate::analysis::network::{Keep, Network, Progress};
use crate::document::{Document, UnknownId};
use crate::export::matrix::MatrixPage;
use crate::export::{self, ExportOptions, Format, FormatKind};
use crate::layout::LayoutParams;
use crate::model::Dataset;
use crate::scene::Scene;
use crate::scene::network::layout_request;
use crate::style::Theme;
use crate::style::colour::{ColourBy, Colouring};

/// Options of `stancemap network`.
#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: .csv (the actor × actor matrix), .graphml (the ties kept, with a
    /// numeric weight), or .png / .svg (the network drawn).
    #[arg(long, short, value_name = "PATH", value_parser = parse_out)]
    pub out: PathBuf,

    /// congruence (same stance on the same issue), conflict (support against reject) or
    /// subtract (congruence − conflict).
    #[arg(long, value_name = "MEASURE")]
    pub measure: String,

    /// none, average (÷ the pair's mean number of positions), jaccard (÷ matches and
    /// non-matches) or cosine (÷ the product of the pair's numbers of positions).
    #[arg(long = "normalize", value_name = "HOW", default_value = "none")]
    pub normalization: String,

    /// include (every position counts), source (one per actor, issue, stance and source) or
    /// once (exact repeats, the same actor, issue, stance and quote, count once).
    #[arg(long, value_name = "HOW", default_value = "include")]
    pub duplicates: String,

    /// Which issues and stances count.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,

    /// Pictures and `.graphml`: each actor keeps its strongest ties, this many (0: all).
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub top: usize,

    /// Pictures and `.graphml`: ties weaker than this are left out.
    #[arg(long = "min-weight", value_name = "W", default_value_t = 0.0)]
    pub min_weight: f64,

    /// How pictures look.
    #[command(flatten)]
    pub picture: PictureArgs,
}

/// How a picture of an analysis is drawn.
#[derive(Debug, Clone, clap::Args)]
pub struct PictureArgs {
    /// Pixels per CSS pixel (PNG): 2 for slides, 3.125 for 300 dpi print.
    #[arg(long, value_name = "N", default_value_t = 1.0, value_parser = super::parse_scale)]
    pub scale: f32,

    /// Colours.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,

    /// What actors are coloured by: kind, bloc (the agreement network's, when clear) or an
    /// attribute's name (e.g. party).
    #[arg(
        long = "colour-by",
        visible_alias = "color-by",
        value_name = "kind|bloc|ATTRIBUTE"
    )]
    pub colour_by: Option<String>,
}

impl PictureArgs {
    /// What `--colour-by` asks for; an attribute no actor has is an error with a suggestion.
    pub fn colour_by(&self, dataset: &Dataset) -> anyhow::Result<Option<ColourBy>> {
        parse_colour_by(self.colour_by.as_deref(), dataset)
    }
}

/// Reads `--colour-by`: `kind`, `bloc` or an attribute the actors have.
pub fn parse_colour_by(text: Option<&str>, dataset: &Dataset) -> anyhow::Result<Option<ColourBy>> {
    let Some(text) = text.map(str::trim) else {
        return Ok(None);
    };
    Ok(Some(match text.to_lowercase().as_str() {
        "kind" => ColourBy::Kind,
        "bloc" | "blocs" => ColourBy::Bloc,
        _ => {
            let names = dataset.attribute_names();
            if !names.contains(&text) {
                let mut candidates = names.clone();
                candidates.extend(["kind", "bloc"]);
                return Err(UnknownId::new("attribute", text, candidates.into_iter()).into());
            }
            ColourBy::Attribute(text.to_owned())
        }
    }))
}

/// Options of `stancemap matrix`.
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: .csv (for a spreadsheet), or .png / .svg (the matrix drawn).
    #[arg(long, short, value_name = "PATH", value_parser = parse_out)]
    pub out: PathBuf,

    /// name, count (most positions first), blocs (similar actors and issues side by side) or
    /// balance (issues by their balance of forces, the most supported first).
    #[arg(long, value_name = "ORDER", default_value = "name")]
    pub order: String,

    /// Which issues and stances are shown.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,

    /// How pictures look.
    #[command(flatten)]
    pub picture: PictureArgs,
}

fn parse_out(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    match Format::from_path(&path) {
        Some(_) => Ok(path),
        None => Err(format!(
            "the format follows the extension: name the file {}",
            Format::extension_list()
        )),
    }
}

impl PictureArgs {
    pub(super) fn theme(&self) -> Theme {
        match self.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        }
    }
}

/// One of a list of named values, or an error naming the closest.
pub(super) fn choose<T: Copy>(
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

/// The agreement options of a measure and the `--normalize` and `--duplicates` words.
pub(super) fn agreement_options(
    measure: Measure,
    normalization: &str,
    duplicates: &str,
) -> anyhow::Result<Options> {
    Ok(Options {
        measure,
        normalization: choose(
            "normalization",
            normalization,
            &Normalization::ALL,
            Normalization::name,
        )?,
        duplicates: choose(
            "duplicates setting",
            duplicates,
            &Duplicates::ALL,
            Duplicates::name,
        )?,
    })
}

/// How a summary names the normalisation: "not normalised", "normalised: cosine".
pub(super) fn normalised(normalization: Normalization) -> String {
    match normalization {
        Normalization::None => "not normalised".to_owned(),
        other => format!("normalised: {}", other.name()),
    }
}

/// A document of a file under the command's filter (no layout: analyses need none).
pub(super) fn document(
    file: &Path,
    filter: &FilterArgs,
    table: &TableArgs,
) -> anyhow::Result<Document> {
    let (source, dataset) = load(file, table)?;
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
pub(super) fn cell(weight: f64) -> String {
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
    let options = agreement_options(
        choose("measure", &args.measure, &Measure::ALL, Measure::name)?,
        &args.normalization,
        &args.duplicates,
    )?;
    let doc = document(&args.file, &args.filter, &args.table)?;
    let agreement = Agreement::new(doc.dataset(), doc.visible_positions(), options);
    let format = Format::from_path(&args.out).unwrap_or(Format::Csv);
    let keep = Keep {
        min_weight: args.min_weight,
        top: (args.top > 0).then_some(args.top),
    };
    let kept = || {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Network::compute(&agreement, keep, cores, &Progress::default())
            .context("the network computation stopped")
    };
    let bytes = match (format, format.kind()) {
        (Format::Csv, _) => network_csv(doc.dataset(), &agreement)?,
        (Format::Graphml, _) => {
            export::graph_data::network_graphml(doc.dataset(), &kept()?).into_bytes()
        }
        (_, FormatKind::Data | FormatKind::Page) => bail!(
            "the network is written as .csv (the matrix), .graphml, .png or .svg: {}",
            args.out.display()
        ),
        (_, FormatKind::Picture) => {
            let network = kept()?;
            let request = layout_request(&network, doc.dataset(), LayoutParams::default());
            let positions = crate::layout::compute(&request);
            let theme = args.picture.theme();
            // Coloured by bloc when the blocs are clear (else by kind), unless asked otherwise.
            let by = args
                .picture
                .colour_by(doc.dataset())?
                .unwrap_or(ColourBy::Bloc);
            let blocs = crate::scene::network::blocs_of(&network, doc.dataset(), 0);
            let colouring = Colouring::new(doc.dataset(), &by, Some(&blocs));
            let scene = Scene::network(
                &network,
                doc.dataset(),
                doc.graph(),
                &positions,
                None,
                theme,
                &colouring,
            );
            let mut footer = doc.footer();
            footer.insert(1, network.caption(options, keep));
            let page_options = ExportOptions {
                scale: args.picture.scale,
                ..ExportOptions::default()
            };
            let title = format!("{}: who agrees with whom", doc.dataset().title);
            let page = export::page(&scene, &title, footer, &page_options);
            export::render(&page, format)?
        }
    };
    export::write_atomic(&args.out, &bytes).context("network failed")?;
    let n = agreement.actors().len();
    let mut summary = format!(
        "{}: {n} × {n} {} network ({}, duplicates: {}), {} bytes, {:.2} s",
        args.out.display(),
        options.measure.name(),
        normalised(options.normalization),
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
    if options.duplicates != Duplicates::Once
        && let Some(note) = Repeats::of(doc.dataset(), doc.visible_positions()).note(doc.dataset())
    {
        summary.push_str("\nnote: ");
        summary.push_str(&note);
        summary.push_str("; `--duplicates once` counts each once");
    }
    Ok(summary)
}

/// Runs `stancemap matrix`; returns the summary line.
pub fn matrix(args: &MatrixArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let order = choose("order", &args.order, &Order::ALL, Order::name)?;
    let doc = document(&args.file, &args.filter, &args.table)?;
    let matrix = Matrix::of(&doc, order);
    let title = format!("{}: who stands where", doc.dataset().title);
    let mut footer = doc.footer();
    footer.insert(1, format!("Rows and columns ordered by {}", order.name()));
    // The stripe by each row: coloured as asked (none by default).
    let by = args.picture.colour_by(doc.dataset())?.unwrap_or_default();
    let blocs = if by == ColourBy::Bloc {
        let agreement = Agreement::new(doc.dataset(), doc.visible_positions(), Options::default());
        let network = Network::compute(&agreement, Keep::default(), 2, &Progress::default())
            .context("the network was stopped")?;
        Some(crate::scene::network::blocs_of(&network, doc.dataset(), 0))
    } else {
        None
    };
    let colouring = Colouring::new(doc.dataset(), &by, blocs.as_ref());
    let page = MatrixPage::new(
        &matrix,
        doc.dataset(),
        &title,
        footer,
        args.picture.theme(),
        args.picture.scale,
    )
    .with_colouring(&colouring);
    let format = Format::from_path(&args.out).unwrap_or(Format::Csv);
    let bytes = page.render(format)?;
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
