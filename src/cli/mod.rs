//! The command line: `stancemap check FILE...` validates, `stancemap export` draws snapshots
//! or writes positions, `stancemap network` and `stancemap matrix` write analyses
//! ([`analysis`]), `stancemap add` adds an entry to a positions file ([`add`]).
//! (`stancemap [FILE]` opens the window: `main` hands that to the app.)

pub mod add;
pub mod analysis;
pub mod balance;
pub mod diff;
pub mod groups;
mod table_args;

pub use table_args::TableArgs;
mod stakeholders;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::document::{Document, FilterSpec, Selection, UnknownId};
use crate::export::{self, ExportOptions, Format, FormatKind};
use crate::graph::{Filter, Node};
use crate::layout::LayoutParams;
use crate::model::table::TableOptions;
use crate::model::{self, DataSource, Dataset, StanceKind};
use crate::scene::Scene;
use crate::style::Theme;
use crate::style::colour::ColourBy;

/// Who stands where: explore actors, issues and quoted positions as a graph.
#[derive(Debug, Parser)]
#[command(
    name = "stancemap",
    version,
    about,
    long_about = "Who stands where: explore actors, issues and quoted positions as a graph.\n\n\
                  Without a command, opens the window on FILE (default: ./positions.ron, or the \
                  built-in seed dataset when there is none).",
    args_conflicts_with_subcommands = true,
    help_expected = true
)]
pub struct Cli {
    /// What to do; without a command, open the window.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The positions file to open in the window.
    pub file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check positions files and report every problem in them.
    ///
    /// Prints a one-line summary for each valid file on stdout and every problem of an
    /// invalid file on stderr. Exits 0 if all files are valid, 1 if any is invalid.
    Check {
        /// The files to check: positions files (.ron) or tables (.csv, .tsv).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,

        /// How tables are read.
        #[command(flatten)]
        table: TableArgs,
    },

    /// Convert between a positions file (.ron) and a table (.csv, .tsv), both ways.
    ///
    /// A table has one row per position (columns: actor, issue, stance, quote, condition,
    /// date, source, url, and the actors', issues' and sources' details), and a row for each
    /// source, actor and issue first, so that nothing is lost. RON is written readably: a
    /// comment header, one entry per line.
    Convert(ConvertArgs),

    /// Export a snapshot image or the positions of a positions file, without a display.
    ///
    /// The image shows the graph as the window lays it out for the same file and filter, with
    /// the dataset's title, a legend and a footer naming the filter and the source. A CSV holds
    /// one row per position the filter shows. The format follows the extension of --out. The
    /// file is written atomically: a failed export leaves no partial file and any existing
    /// file untouched.
    Export(ExportArgs),

    /// Write the agreement network between actors (DNA's measures) as an actor × actor CSV.
    ///
    /// congruence(i, j) counts the pairs of positions of i and j with the same stance on the
    /// same issue; conflict(i, j) the pairs of a support and a reject; subtract is congruence
    /// minus conflict. The CSV's first row is `actor` then the actor ids, then one row per
    /// actor, its id first (DNA's layout). Only actors with a position the filter shows are in
    /// it.
    Network(analysis::NetworkArgs),

    /// Compare two files, or one file at two dates: who moved, from what to what.
    ///
    /// Each side is the latest stance of each actor on each issue. Pairs added, removed and
    /// changed are reported with both quotes. Exits 0 when nothing differs, 1 when something
    /// does, 2 on errors (as diff(1)).
    Diff(diff::DiffArgs),

    /// Write the actor × issue matrix as CSV: who stands where on everything at once.
    ///
    /// The first row is `actor` then the issue ids; then one row per actor, its id first; a
    /// cell holds the stance names (`Support`, `Reject`, `Neutral`, `Condition: text`) of the
    /// actor's positions on the issue, several joined by `; ` in date order, empty when none.
    Matrix(analysis::MatrixArgs),

    /// What groups of actors do, the groups made by an actor attribute (e.g. `--by party`):
    /// each group's cohesion (the Agreement Index of Hix, Noury and Roland, averaged over
    /// the issues where 2 or more members hold a stance), its ties within and beyond it on the
    /// agreement network (the E-I index of Krackhardt and Stern) and, with `--defections`,
    /// every member whose latest stance differs from its group's strict plurality.
    Groups(groups::GroupsArgs),

    /// The balance of forces on each issue: over the actors whose latest stance is known and
    /// who have an influence and a salience, the weight w = influence × salience / 100 by
    /// stance, and the weighted balance Σ w·score / Σ w (support +1, condition +½, neutral 0,
    /// reject −1), with how many actors were left out for missing values.
    Balance(balance::BalanceArgs),

    /// Add a position, actor, issue or source to a positions file (.ron).
    ///
    /// The flags are the format's field names. The entry is checked by the rules `check`
    /// applies (a quote must be in its source's text); a refused entry leaves the file
    /// untouched. The rest of the file is kept as written, and its previous version as
    /// FILE~. Exits 0 when added, 1 when refused or the file is invalid, 2 on usage errors.
    Add(add::AddArgs),
}

/// Options of `stancemap convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to read: .ron, .csv or .tsv.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: .ron, .csv or .tsv.
    #[arg(long, short, value_name = "PATH")]
    pub out: PathBuf,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,
}

/// Which part of the data a command looks at (as the window's filter panel).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct FilterArgs {
    /// Show only this issue (by id); repeat for several.
    #[arg(long = "issue", value_name = "ID")]
    pub issues: Vec<String>,

    /// Show only the issues with this tag; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Show only positions with this stance; repeat for several (default: all).
    #[arg(long = "stance", value_name = "STANCE")]
    pub stances: Vec<StanceArg>,

    /// Show no position dated before this day (YYYY-MM-DD; a position's date is its own,
    /// else its source's; undated positions stay).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Show no position dated after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Show each actor's latest position on each issue up to this day (YYYY-MM-DD).
    #[arg(long = "as-of", value_name = "DATE")]
    pub as_of: Option<String>,

    /// Hide the actors with this value of an attribute, as NAME=VALUE (`(none)` for those
    /// without it); repeat for several, e.g. `--hide-value party=SSW`.
    #[arg(long = "hide-value", value_name = "NAME=VALUE")]
    pub hide_values: Vec<String>,
}

/// Options of `stancemap export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write: the extension names the format (see the list below).
    #[arg(long, short, value_name = "PATH", value_parser = parse_out)]
    pub out: PathBuf,

    /// Which issues and stances.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How a table is read.
    #[command(flatten)]
    pub table: TableArgs,

    /// Select an actor or issue (by id): its neighbourhood is highlighted, the rest dimmed.
    #[arg(long, value_name = "ID")]
    pub select: Option<String>,

    /// Width of the image in CSS pixels (before --scale); the graph is fit into it.
    #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(100..=32000))]
    pub width: Option<u32>,

    /// Height of the image in CSS pixels (before --scale); the graph is fit into it.
    #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(100..=32000))]
    pub height: Option<u32>,

    /// Pixels per CSS pixel: 2 for slides, 3.125 for 300 dpi print.
    #[arg(long, value_name = "N", default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,

    /// Colours.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,

    /// Pictures and the page: what actors are coloured by: kind (default), bloc (the
    /// agreement network's, when clear) or an attribute's name (e.g. party).
    #[arg(
        long = "colour-by",
        visible_alias = "color-by",
        value_name = "kind|bloc|ATTRIBUTE"
    )]
    pub colour_by: Option<String>,

    /// Pictures: which view is drawn: the graph (default), or the stakeholders of the one
    /// issue `--issue` names (`stakeholders`: the position map; `--layout grid`: the
    /// power–interest grid).
    #[arg(long, value_name = "VIEW", default_value = "graph")]
    pub view: String,

    /// With `--view stakeholders`: map (stance, influence, salience as size) or grid
    /// (salience, influence, quadrants).
    #[arg(long, value_name = "LAYOUT", default_value = "map")]
    pub layout: String,
}

/// A stance on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StanceArg {
    /// Support.
    Support,
    /// Reject.
    Reject,
    /// Condition.
    Condition,
    /// Neutral.
    Neutral,
}

impl From<StanceArg> for StanceKind {
    fn from(stance: StanceArg) -> Self {
        match stance {
            StanceArg::Support => Self::Support,
            StanceArg::Reject => Self::Reject,
            StanceArg::Condition => Self::Condition,
            StanceArg::Neutral => Self::Neutral,
        }
    }
}

/// A theme on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The command line as clap sees it, with `export --out`'s help listing the formats of
/// [`Format::ALL`].
pub fn command() -> clap::Command {
    let formats: Vec<String> = Format::ALL
        .iter()
        .map(|f| format!(".{} {}", f.extension(), f.description()))
        .collect();
    <Cli as clap::CommandFactory>::command().mut_subcommand("export", |export| {
        let about = format!(
            "Export {} of a positions file, without a display.",
            Format::summary()
        );
        export.about(about).mut_arg("out", |out| {
            out.help(format!(
                "Where to write; the extension names the format: {}",
                formats.join("; ")
            ))
        })
    })
}

/// Parses the process's arguments (exits with clap's message and code 2 on a usage error).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
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

fn parse_scale(text: &str) -> Result<f32, String> {
    let scale: f32 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.1..=16.0).contains(&scale) {
        Ok(scale)
    } else {
        Err("the scale must be between 0.1 and 16".to_owned())
    }
}

/// The filter the command line asks for (one way with the window: a [`FilterSpec`]).
pub fn filter_spec(args: &FilterArgs) -> FilterSpec {
    FilterSpec {
        issues: (!args.issues.is_empty()).then(|| args.issues.iter().cloned().collect()),
        tags: args.tags.iter().cloned().collect(),
        hidden_stances: if args.stances.is_empty() {
            std::collections::BTreeSet::new()
        } else {
            let shown: Vec<StanceKind> = args.stances.iter().map(|&s| s.into()).collect();
            StanceKind::ALL
                .into_iter()
                .filter(|s| !shown.contains(s))
                .collect()
        },
        hidden_kinds: std::collections::BTreeSet::new(),
        from: args.from.clone(),
        to: args.to.clone(),
        as_of: args.as_of.clone(),
        hide_undated: false,
        hidden_values: {
            let mut hidden: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
                std::collections::BTreeMap::new();
            for pair in &args.hide_values {
                let (name, value) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
                hidden
                    .entry(name.trim().to_owned())
                    .or_default()
                    .insert(value.trim().to_owned());
            }
            hidden
        },
    }
}

/// The filter and selection the export options ask for; an unknown id is an error with the
/// closest id the dataset has.
pub fn export_filter(
    dataset: &Dataset,
    args: &ExportArgs,
) -> anyhow::Result<(Filter, Option<Selection>)> {
    let filter = filter_spec(&args.filter).resolve(dataset)?;
    let selection = match &args.select {
        None => None,
        Some(id) => Some(Selection::Node(match dataset.lookup(id) {
            Some(model::Entity::Actor(a)) => Node::Actor(a),
            Some(model::Entity::Issue(i)) => Node::Issue(i),
            _ => {
                let ids = dataset
                    .actors
                    .iter()
                    .map(|a| a.id.as_str())
                    .chain(dataset.issues.iter().map(|i| i.id.as_str()));
                return Err(UnknownId::new("actor or issue", id, ids).into());
            }
        })),
    };
    Ok((filter, selection))
}

/// Loads a file for a command: every problem of an invalid file is the error.
fn load(file: &std::path::Path, table: &TableArgs) -> anyhow::Result<(DataSource, Dataset)> {
    let source = DataSource::File(file.to_path_buf());
    let dataset = model::load_file_with(file, &table.options()?)
        .map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))?;
    Ok((source, dataset))
}

/// Runs `stancemap convert`; returns the summary line.
pub fn convert(args: &ConvertArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let (_, dataset) = load(&args.file, &args.table)?;
    let bytes = match model::FileKind::of(&args.out) {
        model::FileKind::Ron => {
            let from = args.file.file_name().map_or_else(
                || args.file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            export::ron_text::ron(&dataset, &from).into_bytes()
        }
        model::FileKind::Csv => export::data::full_csv(&dataset)?,
        model::FileKind::Tsv => {
            let csv = export::data::full_csv(&dataset)?;
            export::data::to_tsv(&csv)?
        }
        model::FileKind::Workbook | model::FileKind::Dna => bail!(
            "workbooks and DNA databases are not written: name the output .ron, .csv or .tsv: {}",
            args.out.display()
        ),
    };
    export::write_atomic(&args.out, &bytes).context("convert failed")?;
    let mut summary = format!(
        "{}: {}, {} bytes, {:.2} s",
        args.out.display(),
        dataset.summary(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    for note in &dataset.notes {
        summary.push_str("\nnote: ");
        summary.push_str(note);
    }
    Ok(summary)
}

/// Runs `stancemap export`; returns the summary line.
pub fn export(args: &ExportArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let (source, dataset) = load(&args.file, &args.table)?;
    let (filter, selection) = export_filter(&dataset, args)?;
    let theme = match args.theme {
        ThemeArg::Light => Theme::Light,
        ThemeArg::Dark => Theme::Dark,
    };
    let Some(format) = Format::from_path(&args.out) else {
        bail!(
            "name the output file {}: {}",
            Format::extension_list(),
            args.out.display()
        );
    };
    match args.view.as_str() {
        "graph" => {}
        "stakeholders" => {
            return stakeholders::export(args, source, dataset, filter, format, theme);
        }
        other => {
            let error = UnknownId::new("view", other, ["graph", "stakeholders"].into_iter());
            return Err(error.into());
        }
    }
    if format.kind() == FormatKind::Data {
        // Data needs no layout: the filter's positions, in file order.
        let doc = Document::new(source, dataset, filter, LayoutParams::default(), None);
        let rows: Vec<_> = doc.visible_positions().collect();
        let bytes = export::data::write(format, doc.dataset(), &rows, &doc.visible_nodes())?;
        export::write_atomic(&args.out, &bytes).context("export failed")?;
        let mut summary = format!(
            "{}: {} positions, {} bytes, {:.2} s",
            args.out.display(),
            rows.len(),
            bytes.len(),
            started.elapsed().as_secs_f64()
        );
        let pictures_only: Vec<&str> = [
            ("--select", args.select.is_some()),
            ("--width", args.width.is_some()),
            ("--height", args.height.is_some()),
            ("--scale", (args.scale - 1.0).abs() > f32::EPSILON),
            ("--theme", args.theme != ThemeArg::Light),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect();
        if !pictures_only.is_empty() {
            let note = format!(
                "\nnote: {} only change pictures; {} holds every position the filter shows",
                pictures_only.join(", "),
                format.name()
            );
            summary.push_str(&note);
        }
        return Ok(summary);
    }
    let colour_by = analysis::parse_colour_by(args.colour_by.as_deref(), &dataset)?;
    let mut doc = Document::laid_out(source, dataset, filter, selection);
    if let Some(by) = colour_by {
        if by == ColourBy::Bloc {
            // The blocs of the agreement network of what is shown, measured by default.
            let agreement = crate::analysis::agreement::Agreement::new(
                doc.dataset(),
                doc.visible_positions(),
                crate::analysis::agreement::Options::default(),
            );
            let network = crate::analysis::network::Network::compute(
                &agreement,
                crate::analysis::network::Keep::default(),
                2,
                &crate::analysis::network::Progress::default(),
            )
            .context("the network was stopped")?;
            let document = doc.revision().document;
            doc.set_blocs(crate::scene::network::blocs_of(
                &network,
                doc.dataset(),
                document,
            ));
        }
        doc.set_colour_by(by);
    }
    let mut scene = Scene::of(&doc, theme);
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        ..ExportOptions::default()
    };
    let bytes;
    let page;
    if format == Format::Html {
        // The page selects as its reader clicks: its picture starts with nothing emphasised.
        scene.reselect(doc.graph(), None, None);
        page = export::page(&scene, &doc.dataset().title, doc.footer(), &options);
        let html = export::html::render(&page, &export::html::Content::of(&doc));
        export::write_atomic(&args.out, html.as_bytes()).context("export failed")?;
        bytes = html.len() as u64;
    } else {
        page = export::page(&scene, &doc.dataset().title, doc.footer(), &options);
        // The picture needs only the scene: the dataset, graph and layout go first, so the
        // memory they held serves the drawing (a large file's peak falls by about their size).
        drop(doc);
        bytes = export::save(&page, format, &args.out).context("export failed")?;
    }
    let (width, height) = page.pixel_size();
    let size = if format == Format::Html {
        "an interactive page".to_owned()
    } else {
        format!("{width}×{height} px")
    };
    let mut summary = format!(
        "{}: {size}, {} nodes, {} edges, {} bytes, {:.2} s",
        args.out.display(),
        scene.nodes.len(),
        scene.edges.len(),
        bytes,
        started.elapsed().as_secs_f64()
    );
    let missing = page.missing_glyphs();
    if format.is_raster() && !missing.is_empty() {
        let sample: String = missing.iter().take(12).collect();
        summary = format!(
            "{summary}\nnote: {} characters are not in the bundled font and are left out of the PNG ({sample}…); the SVG keeps them as text",
            missing.len()
        );
    }
    Ok(summary)
}

/// Validates each file; writes summaries to `out` and problems to `err`.
pub fn check(
    files: &[PathBuf],
    table: &TableOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let mut all_valid = true;
    for path in files {
        match model::load_file_with(path, table) {
            Ok(dataset) => {
                writeln!(out, "{}: valid: {}", path.display(), dataset.summary()).ok();
                writeln!(out, "    {}", dataset.quote_check()).ok();
                for note in &dataset.notes {
                    writeln!(out, "    note: {note}").ok();
                }
            }
            Err(error) => {
                all_valid = false;
                write!(err, "{error}").ok();
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs a subcommand (`main` opens the window when there is none). Usage errors exit with 2
/// (clap's convention).
pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { files, table } => Ok(check(
            &files,
            &table.options()?,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Command::Convert(args) => {
            let summary = convert(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(args) => {
            let summary = export(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Network(args) => {
            let summary = analysis::network(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(args) => Ok(diff::run(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Command::Matrix(args) => {
            let summary = analysis::matrix(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Groups(args) => {
            let summary = groups::groups(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Balance(args) => {
            let summary = balance::balance(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        Command::Add(args) => Ok(add::run(
            &args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
    }
}
