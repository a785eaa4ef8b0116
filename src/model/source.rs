//! Where a dataset comes from: a file on disk or the seed built into the binary. A model-level
//! idea, so the window, the command line and every export name their data the same way.

use std::path::{Path, PathBuf};

use super::{Dataset, LoadError};

/// The seed dataset (security guarantees for Ukraine, August 2025), built into the binary so
/// the app always has something to show.
pub const SEED_RON: &str = include_str!("../../positions.ron");

/// Name used in messages for the built-in seed dataset.
pub const SEED_NAME: &str = "<built-in positions.ron>";

/// Where a dataset comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// A file on disk (watched for changes in the window).
    File(PathBuf),

    /// The seed dataset built into the binary.
    BuiltIn,
}

impl DataSource {
    /// The file named on the command line, else ./positions.ron if present, else the file
    /// opened last time (if it still exists), else the built-in seed.
    pub fn resolve(file: Option<PathBuf>, last_opened: Option<&Path>) -> Self {
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

    /// How the source is named to the user (and the key its view state is saved under).
    pub fn display_name(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::BuiltIn => SEED_NAME.to_owned(),
        }
    }

    /// The file on disk, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::File(path) => Some(path),
            Self::BuiltIn => None,
        }
    }

    /// Its size in bytes, when it is a readable file (the seed counts as small: 0).
    pub fn size(&self) -> Option<u64> {
        match self {
            Self::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Self::BuiltIn => Some(0),
        }
    }

    /// Loads and validates the dataset.
    pub fn load(&self) -> Result<Dataset, LoadError> {
        self.load_with(&super::table::TableOptions::default())
    }

    /// Loads and validates the dataset; a table is read with these options.
    pub fn load_with(&self, table: &super::table::TableOptions) -> Result<Dataset, LoadError> {
        match self {
            Self::File(path) => super::load_file_with(path, table),
            Self::BuiltIn => super::load_str(SEED_RON, SEED_NAME),
        }
    }

    /// Loads and validates the dataset, also giving back the RON text it was read from (none
    /// for a table), for the format-preserving writer.
    pub fn load_keeping(
        &self,
        table: &super::table::TableOptions,
    ) -> Result<(Dataset, Option<String>), LoadError> {
        match self {
            Self::File(path) => super::load::load_file_keeping(path, table),
            Self::BuiltIn => {
                super::load_str(SEED_RON, SEED_NAME).map(|d| (d, Some(SEED_RON.to_owned())))
            }
        }
    }

    /// Whether it is a table (CSV, TSV or a workbook), whose columns may need a map.
    pub fn is_table(&self) -> bool {
        self.path().is_some_and(|p| {
            let kind = super::FileKind::of(p);
            kind.is_table() || kind == super::FileKind::Workbook
        })
    }
}
