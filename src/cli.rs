//! The command line: `stancemap [FILE]` opens the window, `stancemap check FILE...` validates.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::export::{self, ExportOptions, Format};
use crate::graph::{Filter, Node};
use crate::model::{self, Dataset, LoadError, StanceKind};
use crate::scene::{Selection, Theme};

/// The seed dataset (security guarantees for Ukraine, August 2025), built into the binary so
/// the app always has something to show.
pub const SEED_RON: &str = include_str!("../positions.ron");

/// Name used in messages for the built-in seed dataset.
pub const SEED_NAME: &str = "<built-in positions.ron>";

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
        /// The files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },

    /// Export a snapshot image (PNG or SVG) of a positions file, without a display.
    ///
    /// The image shows the graph as the window lays it out for the same file and filter, with
    /// the dataset's title, a legend and a footer naming the filter and the source. The format
    /// follows the extension of --out. The file is written atomically: a failed export leaves
    /// no partial file and any existing file untouched.
    Export(ExportArgs),
}

/// Options of `stancemap export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The positions file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where to write the image: a .png or .svg file.
    #[arg(long, short, value_name = "PATH", value_parser = parse_out)]
    pub out: PathBuf,

    /// Show only this issue (by id); repeat for several.
    #[arg(long = "issue", value_name = "ID")]
    pub issues: Vec<String>,

    /// Show only the issues with this tag; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Show only positions with this stance; repeat for several (default: all).
    #[arg(long = "stance", value_name = "STANCE")]
    pub stances: Vec<StanceArg>,

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

fn parse_out(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    match Format::from_path(&path) {
        Some(_) => Ok(path),
        None => {
            Err("the image format follows the extension: name the file .png or .svg".to_owned())
        }
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

/// An id the dataset does not have, with the closest one it does.
fn unknown(
    what: &str,
    id: &str,
    candidates: impl Iterator<Item = impl AsRef<str>>,
) -> anyhow::Error {
    let candidates: Vec<String> = candidates.map(|c| c.as_ref().to_owned()).collect();
    match model::suggest(id, candidates.iter().map(String::as_str)) {
        Some(best) => anyhow::anyhow!("unknown {what} {id:?}; did you mean {best:?}?"),
        None => anyhow::anyhow!("unknown {what} {id:?}"),
    }
}

/// The filter and selection the export options ask for.
pub fn export_filter(
    dataset: &Dataset,
    args: &ExportArgs,
) -> anyhow::Result<(Filter, Option<Selection>)> {
    let mut filter = Filter::default();
    if !args.issues.is_empty() || !args.tags.is_empty() {
        let mut issues = std::collections::BTreeSet::new();
        for id in &args.issues {
            let issue = dataset
                .find_issue(id)
                .ok_or_else(|| unknown("issue", id, dataset.issues.iter().map(|i| &i.id)))?;
            issues.insert(issue);
        }
        let tags = dataset.tags();
        for tag in &args.tags {
            if !tags.contains(tag) {
                return Err(unknown("tag", tag, tags.iter()));
            }
            issues.extend(
                dataset
                    .issue_ixs()
                    .filter(|&i| dataset.issue(i).tags.contains(tag)),
            );
        }
        filter.issues = Some(issues);
    }
    if !args.stances.is_empty() {
        filter.stances = args.stances.iter().map(|&s| s.into()).collect();
    }
    let selection = match &args.select {
        None => None,
        Some(id) => Some(Selection::Node(match dataset.lookup(id) {
            Some(model::Entity::Actor(a)) => Node::Actor(a),
            Some(model::Entity::Issue(i)) => Node::Issue(i),
            _ => {
                let ids = dataset
                    .actors
                    .iter()
                    .map(|a| &a.id)
                    .chain(dataset.issues.iter().map(|i| &i.id));
                return Err(unknown("actor or issue", id, ids));
            }
        })),
    };
    Ok((filter, selection))
}

/// Runs `stancemap export`; returns the summary line.
pub fn export(args: &ExportArgs) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let dataset = model::load_file(&args.file)
        .map_err(|e| anyhow::anyhow!("{}", e.to_string().trim_end()))?;
    let (filter, selection) = export_filter(&dataset, args)?;
    let theme = match args.theme {
        ThemeArg::Light => Theme::Light,
        ThemeArg::Dark => Theme::Dark,
    };
    let Some(format) = Format::from_path(&args.out) else {
        bail!("name the output file .png or .svg: {}", args.out.display());
    };
    let scene = export::scene_for(&dataset, &filter, selection, theme);
    let options = ExportOptions {
        width: args.width,
        height: args.height,
        scale: args.scale,
        ..ExportOptions::default()
    };
    let page = export::page(
        &scene,
        &dataset.title,
        export::footer(&dataset, &filter),
        &options,
    );
    let bytes = export::render(&page, format)?;
    export::write_atomic(&args.out, &bytes).context("export failed")?;
    let (width, height) = page.pixel_size();
    let mut summary = format!(
        "{}: {width}×{height} px, {} nodes, {} edges, {} bytes, {:.2} s",
        args.out.display(),
        scene.nodes.len(),
        scene.edges.len(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    let missing = page.missing_glyphs();
    if format == Format::Png && !missing.is_empty() {
        let sample: String = missing.iter().take(12).collect();
        summary = format!(
            "{summary}\nnote: {} characters are not in the bundled font and are left out of the PNG ({sample}…); the SVG keeps them as text",
            missing.len()
        );
    }
    Ok(summary)
}

/// Where the window's dataset comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// A file on disk (watched for changes).
    File(PathBuf),

    /// The seed dataset built into the binary.
    BuiltIn,
}

impl DataSource {
    /// The file named on the command line, else ./positions.ron if present, else the file
    /// opened last time (if it still exists), else the built-in seed.
    pub fn resolve(file: Option<PathBuf>, last_opened: Option<&std::path::Path>) -> Self {
        if let Some(path) = file {
            return Self::File(path);
        }
        let default = PathBuf::from("positions.ron");
        if default.is_file() {
            return Self::File(default);
        }
        match last_opened {
            Some(path) if path.is_file() => Self::File(path.to_path_buf()),
            _ => Self::BuiltIn,
        }
    }

    /// How the source is named to the user.
    pub fn display_name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::BuiltIn => SEED_NAME.to_owned(),
        }
    }

    /// The file on disk, if any.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Self::File(path) => Some(path),
            Self::BuiltIn => None,
        }
    }

    /// Loads and validates the dataset.
    pub fn load(&self) -> Result<Dataset, LoadError> {
        match self {
            Self::File(path) => model::load_file(path),
            Self::BuiltIn => model::load_str(SEED_RON, SEED_NAME),
        }
    }
}

/// Validates each file; writes summaries to `out` and problems to `err`.
pub fn check(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut all_valid = true;
    for path in files {
        match model::load_file(path) {
            Ok(dataset) => {
                writeln!(out, "{}: valid: {}", path.display(), dataset.summary()).ok();
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

/// Runs the command line. Usage errors exit with 2 (clap's convention).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Check { files }) => Ok(check(
            &files,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )),
        Some(Command::Export(args)) => {
            let summary = export(&args)?;
            writeln!(std::io::stdout().lock(), "wrote {summary}").ok();
            Ok(ExitCode::SUCCESS)
        }
        None => {
            crate::app::run_native(cli.file)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
