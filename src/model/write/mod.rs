//! Dataset to RON text, keeping the user's file: the format-preserving writer.
//!
//! The writer starts from the text the dataset was read from and changes only what was
//! edited, as `toml_edit` does for Cargo.toml: an entry kept as read is copied byte for byte,
//! with every comment and blank line around it; an edited entry has only its changed fields'
//! values replaced (in place, so comments inside it stay), a field it lost removed with its
//! line and a field it gained added after its last one; a new entry is appended to its list in
//! the shape of the entry before it; a deleted entry goes with its own line(s), leaving any
//! comment inside it behind. The same located spans the loader reports problems with
//! ([`super::locate`]) say where everything is.

use std::fmt::Write as _;

mod fields;
mod patch;

use super::Dataset;
use super::locate::{FieldSpan, FileMap, List, struct_fields};
use fields::{Value, entry_fields};
pub use patch::Edits;
use patch::{
    Patches, Shape, comments_in, indent_at, line_end, line_start, patch_fields, removal,
    rest_is_blank_or_comment, starts_line,
};

/// Where an entry of the dataset on screen comes from, as the writer needs to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// Entry `k` of its list in the file, as it was read.
    Kept(u32),
    /// Entry `k` of its list in the file, edited since.
    Edited(u32),
    /// Not in the file: added since it was read.
    Added,
}

impl Origin {
    /// The entry of the file it comes from, if any.
    pub fn entry(self) -> Option<u32> {
        match self {
            Self::Kept(k) | Self::Edited(k) => Some(k),
            Self::Added => None,
        }
    }

    /// The same origin once its entry is edited.
    #[must_use]
    pub fn edited(self) -> Self {
        match self {
            Self::Kept(k) | Self::Edited(k) => Self::Edited(k),
            Self::Added => Self::Added,
        }
    }
}

/// The origin of every entry of a dataset, list by list (parallel to its lists), and whether
/// its title or description changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origins {
    /// One per source.
    pub sources: Vec<Origin>,
    /// One per actor.
    pub actors: Vec<Origin>,
    /// One per issue.
    pub issues: Vec<Origin>,
    /// One per position.
    pub positions: Vec<Origin>,
    /// Whether the title or the description was edited.
    pub header_edited: bool,
}

impl Origins {
    /// A dataset just read: every entry is the file's entry at its index.
    pub fn read(dataset: &Dataset) -> Self {
        let kept = |n: usize| (0..n as u32).map(Origin::Kept).collect();
        Self {
            sources: kept(dataset.sources.len()),
            actors: kept(dataset.actors.len()),
            issues: kept(dataset.issues.len()),
            positions: kept(dataset.positions.len()),
            header_edited: false,
        }
    }

    /// Whether anything differs from the file.
    pub fn is_edited(&self) -> bool {
        let changed = |list: &[Origin]| {
            list.iter()
                .enumerate()
                .any(|(i, o)| *o != Origin::Kept(i as u32))
        };
        self.header_edited
            || changed(&self.sources)
            || changed(&self.actors)
            || changed(&self.issues)
            || changed(&self.positions)
    }

    fn list(&self, list: List) -> &[Origin] {
        match list {
            List::Sources => &self.sources,
            List::Actors => &self.actors,
            List::Issues => &self.issues,
            List::Positions => &self.positions,
        }
    }
}

/// Why the writer could not write (a fault in the caller, never in the user's data).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// The origins do not fit the dataset or the text (a bug: reported, never written).
    #[error("the edits no longer match the file's {list}s: {reason}")]
    Mismatch {
        /// Which list.
        list: &'static str,
        /// What does not fit.
        reason: String,
    },
}

/// Writes `dataset` as the new text of the file `base` was read from, keeping everything of
/// `base` the edits (as `origins` records them) did not touch.
pub fn write(base: &str, dataset: &Dataset, origins: &Origins) -> Result<String, WriteError> {
    Ok(edits(base, dataset, origins)?.text(base))
}

/// [`write`]'s edits of `base`, to make into the new text or to stream into a file.
pub fn edits(base: &str, dataset: &Dataset, origins: &Origins) -> Result<Edits, WriteError> {
    edits_mapped(base, &EntryMap::of(base), dataset, origins)
}

/// Where the entries of a file's text are: scanned once when the text is read (a 70 MB file
/// takes a fifth of a second), kept for the save that starts from that text.
#[derive(Debug)]
pub struct EntryMap(FileMap);

impl EntryMap {
    /// Scans a file's text.
    pub fn of(text: &str) -> Self {
        Self(FileMap::scan_entries(text))
    }
}

/// [`edits`] with the entries of `base` already found.
pub fn edits_mapped(
    base: &str,
    map: &EntryMap,
    dataset: &Dataset,
    origins: &Origins,
) -> Result<Edits, WriteError> {
    let crlf = base.contains("\r\n");
    Ok(write_patches(base, &map.0, dataset, origins, crlf)?.finish(crlf))
}

fn write_patches(
    base: &str,
    map: &FileMap,
    dataset: &Dataset,
    origins: &Origins,
    crlf: bool,
) -> Result<Patches, WriteError> {
    let mut patches = Patches::default();
    let top = map.top().ok_or(WriteError::Mismatch {
        list: "dataset",
        reason: "the file has no `(` … `)`".to_owned(),
    })?;
    let (top_fields, _) = struct_fields(base, top.0).ok_or(WriteError::Mismatch {
        list: "dataset",
        reason: "its fields cannot be read".to_owned(),
    })?;

    if origins.header_edited {
        let mut header = vec![("title", Value::Str(&dataset.title))];
        if let Some(description) = &dataset.description {
            header.push(("description", Value::Text(description)));
        }
        patch_fields(
            base,
            &top_fields,
            &header,
            Some(&["title", "description"]),
            crlf,
            &mut patches,
        );
    }

    // Which sources, actors and issues have another id than the file gives them: entries
    // kept as read that refer to them are rewritten too.
    let renamed =
        |list: List, ids: &mut dyn Iterator<Item = &str>| -> Result<Vec<bool>, WriteError> {
            let elements = map.elements(list);
            origins
                .list(list)
                .iter()
                .zip(ids)
                .map(|(origin, id)| match origin {
                    Origin::Edited(k) => {
                        let element = elements
                            .get(*k as usize)
                            .ok_or_else(|| mismatch(list, *k))?;
                        let (fields, _) =
                            struct_fields(base, element.start).ok_or_else(|| mismatch(list, *k))?;
                        Ok(fields
                            .iter()
                            .find(|f| f.name == "id")
                            .is_none_or(|f| !Value::Str(id).written_as(&base[f.value.clone()])))
                    }
                    Origin::Kept(_) | Origin::Added => Ok(false),
                })
                .collect()
        };
    let renamed_sources = renamed(
        List::Sources,
        &mut dataset.sources.iter().map(|s| s.id.as_str()),
    )?;
    let renamed_actors = renamed(
        List::Actors,
        &mut dataset.actors.iter().map(|a| a.id.as_str()),
    )?;
    let renamed_issues = renamed(
        List::Issues,
        &mut dataset.issues.iter().map(|i| i.id.as_str()),
    )?;
    let is_renamed = |flags: &[bool], i: u32| flags.get(i as usize).copied().unwrap_or(false);

    // Dates as written, for the entries that are written (on a large file most are kept:
    // 200,000 dates made into text for nothing would cost more than the rest of the writer).
    let any_renamed = [&renamed_sources, &renamed_actors, &renamed_issues]
        .iter()
        .any(|flags| flags.contains(&true));
    let written = |origin: &Origin| any_renamed || !matches!(origin, Origin::Kept(_));
    let source_dates: Vec<Option<String>> = dataset
        .sources
        .iter()
        .zip(&origins.sources)
        .map(|(s, o)| s.date.filter(|_| written(o)).map(|d| d.to_string()))
        .collect();
    let position_dates: Vec<Option<String>> = dataset
        .positions
        .iter()
        .zip(&origins.positions)
        .map(|(p, o)| p.date.filter(|_| written(o)).map(|d| d.to_string()))
        .collect();

    for list in List::ALL {
        let origins_of = origins.list(list);
        let count = match list {
            List::Sources => dataset.sources.len(),
            List::Actors => dataset.actors.len(),
            List::Issues => dataset.issues.len(),
            List::Positions => dataset.positions.len(),
        };
        if origins_of.len() != count {
            return Err(WriteError::Mismatch {
                list: list.noun(),
                reason: format!("{} origins for {count} entries", origins_of.len()),
            });
        }
        let dates: &[Option<String>] = match list {
            List::Sources => &source_dates,
            List::Positions => &position_dates,
            List::Actors | List::Issues => &[],
        };
        let elements = map.elements(list);
        let mut present = vec![false; elements.len()];
        let mut previous: Option<u32> = None;
        // New entries, in runs: each goes after the kept entry before it (or first).
        let mut added: Vec<(Option<u32>, Vec<usize>)> = Vec::new();
        for (i, origin) in origins_of.iter().enumerate() {
            let Some(k) = origin.entry() else {
                match added.last_mut() {
                    Some((anchor, run)) if *anchor == previous => run.push(i),
                    _ => added.push((previous, vec![i])),
                }
                continue;
            };
            if previous.is_some_and(|p| p >= k) {
                return Err(WriteError::Mismatch {
                    list: list.noun(),
                    reason: "entries out of the file's order".to_owned(),
                });
            }
            previous = Some(k);
            let element = elements.get(k as usize).ok_or_else(|| mismatch(list, k))?;
            present[k as usize] = true;
            let refers_to_renamed = match list {
                List::Positions => {
                    let p = &dataset.positions[i];
                    is_renamed(&renamed_actors, p.actor.0)
                        || is_renamed(&renamed_issues, p.issue.0)
                        || p.source.is_some_and(|s| is_renamed(&renamed_sources, s.0))
                }
                List::Actors => dataset.actors[i]
                    .represents
                    .is_some_and(|a| is_renamed(&renamed_actors, a.0)),
                List::Sources | List::Issues => false,
            };
            if matches!(origin, Origin::Edited(_)) || refers_to_renamed {
                let (spans, _) =
                    struct_fields(base, element.start).ok_or_else(|| mismatch(list, k))?;
                let fields = entry_fields(dataset, list, i, dates);
                patch_fields(base, &spans, &fields, None, crlf, &mut patches);
            }
        }

        // Deleted entries go, leaving their comments behind.
        for (k, element) in elements.iter().enumerate() {
            if present[k] {
                continue;
            }
            let end = entry_end(base, element).ok_or_else(|| mismatch(list, k as u32))?;
            let range = removal(base, element.start..end);
            let comments = comments_in(base, element.start..end);
            let indent = indent_at(base, element.start);
            let mut kept = String::new();
            for comment in comments {
                writeln!(kept, "{indent}{comment}").ok();
            }
            if !kept.is_empty() && !base[range.clone()].ends_with('\n') {
                kept.pop();
            }
            patches.replace(range, kept);
        }

        for (anchor, run) in &added {
            add_entries(
                base,
                map,
                list,
                &present,
                &top_fields,
                top,
                dataset,
                dates,
                (*anchor, run),
                crlf,
                &mut patches,
            )?;
        }
    }
    Ok(patches)
}

fn mismatch(list: List, k: u32) -> WriteError {
    WriteError::Mismatch {
        list: list.noun(),
        reason: format!("the file has no entry #{}", k + 1),
    }
}

/// Just past an entry and the comma after it (or its `)` when no comma follows).
fn entry_end(text: &str, element: &super::locate::Element) -> Option<usize> {
    if text.as_bytes().get(element.end) == Some(&b',') {
        return Some(element.end + 1);
    }
    struct_fields(text, element.start).map(|(_, close)| close + 1)
}

/// Adds a run of new entries after the kept entry `anchor` (`None`: before the first kept
/// one, or into the list when none is kept), in the shape of the last entry kept. New entries
/// go at the end of their list, but an undone deletion returns an entry to its place.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site, every argument a different thing"
)]
fn add_entries(
    base: &str,
    map: &FileMap,
    list: List,
    present: &[bool],
    top_fields: &[FieldSpan],
    top: (usize, usize),
    dataset: &Dataset,
    dates: &[Option<String>],
    (anchor, added): (Option<u32>, &[usize]),
    crlf: bool,
    patches: &mut Patches,
) -> Result<(), WriteError> {
    let elements = map.elements(list);
    let last_kept = elements
        .iter()
        .enumerate()
        .rev()
        .find(|(k, _)| present[*k])
        .map(|(_, e)| e);
    let template = last_kept.or(elements.last());
    let bracket = map.brackets(list);
    // The file's own indentation step: that of its top-level fields.
    let unit = top_fields
        .first()
        .map(|f| indent_at(base, f.start))
        .filter(|i| !i.is_empty())
        .unwrap_or("    ");
    let shape = match template.and_then(|e| Shape::of(base, e.start)) {
        Some(shape) => shape,
        None => Shape::one_line(match bracket {
            Some((open, _)) => format!("{}{unit}", indent_at(base, open)),
            None => format!("{unit}{unit}"),
        }),
    };
    let rendered: Vec<String> = added
        .iter()
        .map(|&i| shape.render(&entry_fields(dataset, list, i, dates), crlf))
        .collect();
    let indent = shape.indent.clone();
    let lines = |rendered: &[String]| -> String {
        rendered.iter().fold(String::new(), |mut out, entry| {
            writeln!(out, "{indent}{entry},").ok();
            out
        })
    };

    let first_kept = elements.iter().enumerate().find(|(k, _)| present[*k]);
    if let (None, Some((_, first))) = (anchor, first_kept) {
        if starts_line(base, first.start) {
            patches.insert(line_start(base, first.start), lines(&rendered));
        } else {
            let text = rendered.iter().fold(String::new(), |mut out, e| {
                write!(out, "{e}, ").ok();
                out
            });
            patches.insert(first.start, text);
        }
        return Ok(());
    }
    let after = anchor.and_then(|k| elements.get(k as usize)).or(last_kept);
    if let Some(last) = after {
        let end = entry_end(base, last).ok_or(WriteError::Mismatch {
            list: list.noun(),
            reason: "its last entry has no end".to_owned(),
        })?;
        if base.as_bytes().get(last.end) != Some(&b',') {
            patches.insert(end, ",".to_owned());
        }
        if rest_is_blank_or_comment(base, end) {
            let stop = line_end(base, end);
            let text = lines(&rendered);
            patches.insert(stop, format!("\n{}", text.trim_end_matches('\n')));
        } else {
            let text = rendered.iter().fold(String::new(), |mut out, e| {
                write!(out, " {e},").ok();
                out
            });
            patches.insert(end, text);
        }
        return Ok(());
    }
    match bracket {
        Some((_, close)) if starts_line(base, close) => {
            patches.insert(line_start(base, close), lines(&rendered));
        }
        Some((_, close)) => {
            let text = lines(&rendered);
            patches.insert(close, format!("\n{text}{}", indent_at(base, close)));
        }
        None => {
            // The file has no such list (sources are optional): add it as the last field.
            let field_indent = top_fields.last().map_or(unit, |f| indent_at(base, f.start));
            let entry_indent = format!("{field_indent}{unit}");
            let entries = rendered.iter().fold(String::new(), |mut out, e| {
                writeln!(out, "{entry_indent}{e},").ok();
                out
            });
            let name = match list {
                List::Sources => "sources",
                List::Actors => "actors",
                List::Issues => "issues",
                List::Positions => "positions",
            };
            if let Some(last) = top_fields.last()
                && last.comma_end.is_none()
            {
                patches.insert(last.value.end, ",".to_owned());
            }
            let close = top.1;
            let field = format!("{field_indent}{name}: [\n{entries}{field_indent}],\n");
            if starts_line(base, close) {
                patches.insert(line_start(base, close), field);
            } else {
                patches.insert(close, format!("\n{field}"));
            }
        }
    }
    Ok(())
}
