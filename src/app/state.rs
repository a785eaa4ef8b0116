//! What survives a restart of the window (eframe persistence): the last file, the theme, the
//! filter, each file's views and each table's column map. The dataset itself is always re-read
//! from its file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::document::FilterSpec;
use crate::model::table::{Field, TableOptions};
use crate::style::Theme;

/// What survives a restart (eframe persistence). The dataset itself is always re-read from
/// its file; only the view is stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// The file opened last.
    pub last_file: Option<PathBuf>,
    /// Light or dark.
    pub theme: Theme,
    /// The filter, by ids (the same spec the command line builds).
    pub filter: FilterSpec,
    /// Each file's views (which one was shown, and each view's own state), the most
    /// recently used file first.
    pub files: Vec<FileViews>,
    /// The column map each table was opened with, by file.
    pub table_maps: BTreeMap<String, TableMap>,
    /// What actors are coloured by.
    pub colour_by: crate::style::colour::ColourBy,
}

/// How a table file's columns were mapped in the window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableMap {
    /// Each field's column, by the field's name.
    pub columns: BTreeMap<String, String>,
    /// The quote template, if any.
    pub quote: Option<String>,
    /// What a field's cell values mean, by the field's name.
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    /// Each actor attribute's column.
    pub attributes: BTreeMap<String, String>,
    /// A field's value where a row says nothing, by the field's name.
    pub defaults: BTreeMap<String, String>,
}

impl TableMap {
    /// As table options.
    pub fn options(&self) -> TableOptions {
        TableOptions {
            map: self
                .columns
                .iter()
                .filter_map(|(f, c)| Some((Field::parse(f)?, c.clone())))
                .collect(),
            quote: self.quote.clone(),
            title: None,
            values: self
                .values
                .iter()
                .filter_map(|(f, m)| Some((Field::parse(f)?, m.clone())))
                .collect(),
            attributes: self.attributes.clone(),
            statement_type: None,
            defaults: self
                .defaults
                .iter()
                .filter_map(|(f, v)| Some((Field::parse(f)?, v.clone())))
                .collect(),
        }
    }

    /// From table options.
    pub fn of(options: &TableOptions) -> Self {
        Self {
            columns: options
                .map
                .iter()
                .map(|(f, c)| (f.name().to_owned(), c.clone()))
                .collect(),
            quote: options.quote.clone(),
            values: options
                .values
                .iter()
                .map(|(f, m)| (f.name().to_owned(), m.clone()))
                .collect(),
            attributes: options.attributes.clone(),
            defaults: options
                .defaults
                .iter()
                .map(|(f, v)| (f.name().to_owned(), v.clone()))
                .collect(),
        }
    }
}

/// The views of one file, as they were left.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileViews {
    /// The file, as [`DataSource::display_name`] names it.
    pub file: String,
    /// The id of the view shown.
    pub view: String,
    /// Each view's own state (e.g. the graph's camera), by view id.
    pub states: BTreeMap<String, String>,
}
