//! The command line: `stancemap [FILE]` opens the window, `stancemap check FILE...` validates.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::{self, Dataset, LoadError};

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
        None => {
            crate::app::run_native(cli.file)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
