//! The recovery file: unsaved edits kept in the app's data folder within a second of each
//! edit, so that after a crash (or `kill -9`) the next start offers them back for that file.
//!
//! One file per data file (named by a hash of its path) holds the text a save would write,
//! where each entry comes from in the file's text, and a fingerprint of that text (for a
//! table: the dataset as RON and the table's fingerprint): edits are only offered back onto
//! the file they were made to, unchanged. Written atomically on a
//! worker; removed once the edits are saved or dropped.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::model::{DataSource, Dataset, Origins, load_str_in, write, write_atomic};

/// What a recovery file holds.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The data file, as opened.
    file: String,
    /// Fingerprint (FNV-1a) and length of the file's text the edits started from.
    base_hash: u64,
    base_len: u64,
    /// Where each entry comes from in that text.
    origins: Origins,
    /// The data file is a table: `text` is the whole dataset as RON, `origins` are not used,
    /// and the fingerprint is of the table's bytes.
    #[serde(default)]
    table: bool,
    /// The file as a save would write it.
    text: String,
    /// When, in seconds since 1970 (UTC).
    saved_at: u64,
}

/// Unsaved edits found for the open file.
pub struct Recovery {
    /// The document as the edits left it.
    pub dataset: Dataset,
    /// Where its entries come from in `base`.
    pub origins: Origins,
    /// The file's text (on disk, unchanged since); none for a table.
    pub base: Option<String>,
    /// "12 minutes ago".
    pub when: String,
}

/// The recovery file of a data file.
fn path_of(folder: &Path, source: &DataSource) -> PathBuf {
    let name = source.display_name();
    folder.join(format!("{:016x}.ron", fnv(name.as_bytes())))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes the document's unsaved edits on a worker: for a RON file, the text a save would
/// write; for a table, the whole dataset as RON (a table is never written over: its edits are
/// saved as a new file).
pub fn write_in_background(folder: PathBuf, doc: &Document, epoch: &Arc<AtomicU64>) {
    let epoch = Arc::clone(epoch);
    let started = epoch.load(Ordering::SeqCst);
    let Some(file) = doc.source().path().map(Path::to_path_buf) else {
        // The bundled example is not a file: its edits are saved as a new one.
        return;
    };
    let base = doc.base().map(str::to_owned);
    let dataset = Arc::clone(doc.dataset_arc());
    let origins = doc.origins().clone();
    let source = doc.source().clone();
    std::thread::spawn(move || {
        let name = source.display_name();
        // A RON file: the text a save would write, and where its entries come from. A table:
        // the whole dataset as RON, checked against the table's bytes.
        let (text, fingerprint, table) = if let Some(base) = &base {
            let Ok(text) = write(base, &dataset, &origins) else {
                return;
            };
            (text, base.as_bytes().to_vec(), false)
        } else {
            let Ok(bytes) = std::fs::read(&file) else {
                return;
            };
            (crate::export::ron_text::ron(&dataset, &name), bytes, true)
        };
        let stored = Stored {
            file: name,
            base_hash: fnv(&fingerprint),
            base_len: fingerprint.len() as u64,
            origins,
            table,
            text,
            saved_at: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        let Ok(bytes) = ron::to_string(&stored) else {
            return;
        };
        if std::fs::create_dir_all(&folder).is_ok() {
            let path = path_of(&folder, &source);
            write_atomic(&path, &mut |f| {
                std::io::Write::write_all(f, bytes.as_bytes())
            })
            .ok();
            // Saved or dropped meanwhile: these edits are no longer unsaved.
            if epoch.load(Ordering::SeqCst) != started {
                std::fs::remove_file(&path).ok();
            }
        }
    });
}

/// Removes the recovery file of a data file, if any.
pub fn remove(folder: &Path, source: &DataSource) {
    std::fs::remove_file(path_of(folder, source)).ok();
}

/// The unsaved edits kept for the open document's file: `None` if there are none, an
/// error message if they cannot be offered (the file changed since, or they do not load).
pub fn find(folder: &Path, doc: &Document) -> Option<Result<Recovery, String>> {
    let path = path_of(folder, doc.source());
    let bytes = std::fs::read_to_string(&path).ok()?;
    let stored: Stored = match ron::from_str(&bytes) {
        Ok(stored) => stored,
        Err(_) => return Some(Err(unusable(&path, "it could not be read"))),
    };
    if stored.file != doc.source().display_name() {
        return None;
    }
    let fingerprint: Vec<u8> = if stored.table {
        std::fs::read(doc.source().path()?).ok()?
    } else {
        doc.base()?.as_bytes().to_vec()
    };
    if fnv(&fingerprint) != stored.base_hash || fingerprint.len() as u64 != stored.base_len {
        return Some(Err(unusable(
            &path,
            "the file was changed after those edits were made",
        )));
    }
    let folder_of_data = doc
        .source()
        .path()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty());
    let Ok(dataset) = load_str_in(&stored.text, &stored.file, folder_of_data) else {
        return Some(Err(unusable(&path, "they no longer load")));
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base = (!stored.table).then(|| String::from_utf8_lossy(&fingerprint).into_owned());
    Some(Ok(Recovery {
        dataset,
        origins: stored.origins,
        base,
        when: ago(now.saturating_sub(stored.saved_at)),
    }))
}

fn unusable(path: &Path, why: &str) -> String {
    format!(
        "Unsaved edits to this file were found but cannot be restored: {why}. They are kept in \
         {}.",
        path.display()
    )
}

/// "just now", "12 minutes ago", "3 hours ago", "2 days ago".
fn ago(seconds: u64) -> String {
    match seconds {
        0..60 => "just now".to_owned(),
        60..3600 => plural(seconds / 60, "minute"),
        3600..86_400 => plural(seconds / 3600, "hour"),
        _ => plural(seconds / 86_400, "day"),
    }
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}
