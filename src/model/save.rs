//! Saving an edited positions file: the format-preserving writer's text, checked, then written
//! so that nothing the user owns is lost.
//!
//! A save refuses when the file on disk is no longer the text the edits started from
//! (someone else changed it: it is never silently overwritten); checks that the new text loads
//! to exactly the edited dataset before anything is replaced; keeps the previous version beside
//! the file as `NAME~` (as Emacs and Vim do); and replaces the file atomically (a temporary
//! file in the same folder, flushed, then renamed), keeping its permissions.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::write::{EntryMap, Origins, WriteError, edits, edits_mapped};
use super::{Dataset, load_str_in};

/// Why a save did not happen (the file on disk is then as it was).
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was read (or since the last save).
    #[error(
        "{path} was changed by another program since it was opened; reload it (dropping your \
         edits) or save your version under another name"
    )]
    ChangedOnDisk {
        /// The file.
        path: String,
    },
    /// The file could not be read, or written.
    #[error("could not save {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The writer could not follow the edits (a fault in stancemap; nothing was written).
    #[error("could not save {path}: {source} (nothing was written; please report this)")]
    Writer {
        /// The file.
        path: String,
        /// What went wrong.
        source: WriteError,
    },
    /// The text written would not load to the edited dataset (a fault in stancemap; nothing
    /// was written).
    #[error("could not save {path}: {reason} (nothing was written; please report this)")]
    Verify {
        /// The file.
        path: String,
        /// What differs.
        reason: String,
    },
}

/// What a save did.
#[derive(Debug)]
pub struct Saved {
    /// The text now in the file: the base of the next save.
    pub text: String,
    /// Where the previous version was kept.
    pub backup: PathBuf,
}

/// The backup of `path`: `positions.ron` → `positions.ron~`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push("~");
    path.with_file_name(name)
}

/// Saves `dataset` (edited from the text `base`, as `origins` records) over `path`, which
/// must still hold `base`. See the module's documentation for what is guaranteed.
pub fn save(
    path: &Path,
    base: &str,
    dataset: &Dataset,
    origins: &Origins,
) -> Result<Saved, SaveError> {
    save_mapped(path, base, None, dataset, origins)
}

/// [`save`] with the entries of `base` already found (when it was read, or by the last save).
pub fn save_mapped(
    path: &Path,
    base: &str,
    map: Option<&EntryMap>,
    dataset: &Dataset,
    origins: &Origins,
) -> Result<Saved, SaveError> {
    let name = path.display().to_string();
    let io = |e: &dyn std::fmt::Display| SaveError::Io {
        path: name.clone(),
        reason: e.to_string(),
    };
    // The file is read back (has another program changed it?) while the edits are worked out.
    let (on_disk, edits) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| std::fs::read(path));
        let edits = match map {
            Some(map) => edits_mapped(base, map, dataset, origins),
            None => edits(base, dataset, origins),
        };
        let on_disk = reading
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the read stopped unexpectedly")));
        (on_disk, edits)
    });
    if on_disk.map_err(|e| io(&e))? != base.as_bytes() {
        return Err(SaveError::ChangedOnDisk { path: name });
    }
    let edits = edits.map_err(|source| SaveError::Writer {
        path: name.clone(),
        source,
    })?;
    // The new text is made and checked to load to the document while it is streamed into a
    // temporary file beside the target; the file is replaced only when both succeed.
    let (checked, temp) = std::thread::scope(|scope| {
        // (The next save's map of the new text is the caller's to find, after this one:
        // found here, beside the check, it took a core from the check on a two-core machine.)
        let checking = scope.spawn(|| {
            let text = edits.text(base);
            verify(&text, path, dataset).map(|()| text)
        });
        let temp = temporary_beside(path, &mut |file| edits.write_to(base, file));
        let checked = checking
            .join()
            .unwrap_or_else(|_| Err("the check stopped unexpectedly".to_owned()));
        (checked, temp)
    });
    let text = checked.map_err(|reason| SaveError::Verify {
        path: name.clone(),
        reason,
    })?;
    let temp = temp.map_err(|e| io(&e))?;
    let backup = keep_previous(path)
        .map_err(|e| io(&e))?
        .unwrap_or_else(|| backup_path(path));
    temp.persist(path).map_err(|e| io(&e.error))?;
    Ok(Saved { text, backup })
}

/// Keeps the current version of `path` beside it as [`backup_path`] (nothing when there is no
/// such file): a second name for the same bytes (a hard link costs nothing, whatever the size;
/// the rename that replaces the file leaves it the old version), or a copy, written
/// atomically, where links are not possible. Returns where it was kept.
pub fn keep_previous(path: &Path) -> std::io::Result<Option<PathBuf>> {
    if !path.exists() {
        return Ok(None);
    }
    let backup = backup_path(path);
    match std::fs::remove_file(&backup) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if std::fs::hard_link(path, &backup).is_err() {
        let bytes = std::fs::read(path)?;
        write_atomic(&backup, &mut |file| file.write_all(&bytes))?;
    }
    Ok(Some(backup))
}

/// Checks that `text` loads to `dataset` (what the loader decided aside, `notes`).
fn verify(text: &str, path: &Path, dataset: &Dataset) -> Result<(), String> {
    // A bare file name is in the current folder, as the loader takes it.
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut reloaded = load_str_in(text, &path.display().to_string(), Some(folder))
        .map_err(|e| format!("the new text would not load ({e})"))?;
    reloaded.notes.clone_from(&dataset.notes);
    if reloaded == *dataset {
        // Freeing 200,000 positions takes tens of milliseconds: not while the user waits.
        std::thread::spawn(move || drop(reloaded));
        return Ok(());
    }
    let differs = if reloaded.title != dataset.title || reloaded.description != dataset.description
    {
        "the title or description".to_owned()
    } else if reloaded.sources != dataset.sources {
        "the sources".to_owned()
    } else if reloaded.actors != dataset.actors {
        "the actors".to_owned()
    } else if reloaded.issues != dataset.issues {
        "the issues".to_owned()
    } else {
        "the positions".to_owned()
    };
    Err(format!("the new text would load with different {differs}"))
}

/// Writes `path` atomically with `fill`, which writes the contents into a temporary file in
/// the same folder; it is flushed to disk, then renamed over `path`. A failure leaves no
/// partial file and the old file intact. A file written over keeps its permissions; a new one
/// gets those the user's umask leaves.
pub fn write_atomic(
    path: &Path,
    fill: &mut dyn FnMut(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temp = temporary_beside(path, fill)?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `path` filled by `fill`, flushed to disk, ready to be renamed
/// over it.
fn temporary_beside(
    path: &Path,
    fill: &mut dyn FnMut(&mut File) -> std::io::Result<()>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".stancemap-").suffix(".tmp");
    #[cfg(unix)]
    let existing = {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
        std::fs::metadata(path).ok().map(|m| m.permissions())
    };
    let mut temp = builder.tempfile_in(folder)?;
    #[cfg(unix)]
    if let Some(permissions) = existing {
        temp.as_file().set_permissions(permissions)?;
    }
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    Ok(temp)
}
