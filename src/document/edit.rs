//! Edits: the one path by which a dataset changes, whoever changes it (the window's forms,
//! the Sources view's coding, `stancemap add`, undo and redo).
//!
//! An [`Edit`] is a labelled list of [`Change`]s, each one entry inserted, removed or
//! replaced (or the header set). Applying a change returns its inverse, so applying an edit
//! returns the edit that undoes it: the history holds those, and costs memory in proportion
//! to what was edited, never to the file (as editors' undo does; see STYLE.md (d)). Every
//! change also keeps the writer's [`Origins`] true, so a save knows which entries of the file
//! to keep byte for byte.

use crate::model::{
    Actor, ActorIx, Dataset, Issue, IssueIx, Origin, Origins, Position, PositionIx, Source,
    SourceIx, StepError,
};

/// One entry of a dataset, of any kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A source.
    Source(Source),
    /// An actor.
    Actor(Actor),
    /// An issue.
    Issue(Issue),
    /// A position.
    Position(Position),
}

/// Which list an entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// `sources`.
    Source,
    /// `actors`.
    Actor,
    /// `issues`.
    Issue,
    /// `positions`.
    Position,
}

impl Entry {
    /// Which list it goes in.
    pub fn kind(&self) -> EntryKind {
        match self {
            Self::Source(_) => EntryKind::Source,
            Self::Actor(_) => EntryKind::Actor,
            Self::Issue(_) => EntryKind::Issue,
            Self::Position(_) => EntryKind::Position,
        }
    }
}

/// One change of a dataset.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Sets the title and description (`edited`: what the writer records, `None` for
    /// "edited now").
    Header {
        /// The new title.
        title: String,
        /// The new description.
        description: Option<String>,
        /// Whether the header counts as edited afterwards (`None`: yes).
        edited: Option<bool>,
    },
    /// Puts an entry at an index of its list.
    Insert {
        /// Where.
        at: u32,
        /// What.
        entry: Entry,
        /// Where it comes from (a new entry: [`Origin::Added`]).
        origin: Origin,
    },
    /// Takes the entry at an index away.
    Remove {
        /// Which list.
        kind: EntryKind,
        /// Where.
        at: u32,
    },
    /// Puts an entry in the place of the one at an index.
    Replace {
        /// Where.
        at: u32,
        /// What.
        entry: Entry,
        /// Its origin afterwards (`None`: the old one, now edited).
        origin: Option<Origin>,
    },
}

/// A labelled group of changes, done and undone as one.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// What it does, for the undo button and the status line ("Add position").
    pub label: String,
    /// The changes, in the order they are made.
    pub changes: Vec<Change>,
}

impl Edit {
    /// An edit of these changes.
    pub fn new(label: impl Into<String>, changes: Vec<Change>) -> Self {
        Self {
            label: label.into(),
            changes,
        }
    }

    /// Adds an entry at the end of its list.
    pub fn add(dataset: &Dataset, entry: Entry) -> Self {
        let (at, noun) = match &entry {
            Entry::Source(_) => (dataset.sources.len(), "source"),
            Entry::Actor(_) => (dataset.actors.len(), "actor"),
            Entry::Issue(_) => (dataset.issues.len(), "issue"),
            Entry::Position(_) => (dataset.positions.len(), "position"),
        };
        Self::new(
            format!("Add {noun}"),
            vec![Change::Insert {
                at: at as u32,
                entry,
                origin: Origin::Added,
            }],
        )
    }

    /// Puts an entry in the place of the one at `at`.
    pub fn replace(at: u32, entry: Entry) -> Self {
        let noun = match entry.kind() {
            EntryKind::Source => "source",
            EntryKind::Actor => "actor",
            EntryKind::Issue => "issue",
            EntryKind::Position => "position",
        };
        Self::new(
            format!("Edit {noun}"),
            vec![Change::Replace {
                at,
                entry,
                origin: None,
            }],
        )
    }

    /// Deletes a position.
    pub fn delete_position(at: PositionIx) -> Self {
        Self::new(
            "Delete position",
            vec![Change::Remove {
                kind: EntryKind::Position,
                at: at.0,
            }],
        )
    }

    /// Deletes an actor with every position it takes; actors that said they represent it
    /// no longer do.
    pub fn delete_actor(dataset: &Dataset, actor: ActorIx) -> Self {
        let mut changes = remove_positions(dataset, |p| p.actor == actor);
        for (i, other) in dataset.actors.iter().enumerate() {
            if other.represents == Some(actor) {
                changes.push(Change::Replace {
                    at: i as u32,
                    entry: Entry::Actor(Actor {
                        represents: None,
                        ..other.clone()
                    }),
                    origin: None,
                });
            }
        }
        changes.push(Change::Remove {
            kind: EntryKind::Actor,
            at: actor.0,
        });
        Self::new("Delete actor", changes)
    }

    /// Deletes an issue with every position on it.
    pub fn delete_issue(dataset: &Dataset, issue: IssueIx) -> Self {
        let mut changes = remove_positions(dataset, |p| p.issue == issue);
        changes.push(Change::Remove {
            kind: EntryKind::Issue,
            at: issue.0,
        });
        Self::new("Delete issue", changes)
    }

    /// Deletes a source; the positions that quote it keep their quotes, without a source.
    pub fn delete_source(dataset: &Dataset, source: SourceIx) -> Self {
        let mut changes: Vec<Change> = dataset
            .positions
            .iter()
            .enumerate()
            .filter(|(_, p)| p.source == Some(source))
            .map(|(i, p)| Change::Replace {
                at: i as u32,
                entry: Entry::Position(Position {
                    source: None,
                    ..p.clone()
                }),
                origin: None,
            })
            .collect();
        changes.push(Change::Remove {
            kind: EntryKind::Source,
            at: source.0,
        });
        Self::new("Delete source", changes)
    }
}

/// Removes the positions that match, last first (so the indices of the rest stay valid).
fn remove_positions(dataset: &Dataset, matches: impl Fn(&Position) -> bool) -> Vec<Change> {
    (0..dataset.positions.len())
        .rev()
        .filter(|&i| matches(&dataset.positions[i]))
        .map(|i| Change::Remove {
            kind: EntryKind::Position,
            at: i as u32,
        })
        .collect()
}

fn origins_of(origins: &mut Origins, kind: EntryKind) -> &mut Vec<Origin> {
    match kind {
        EntryKind::Source => &mut origins.sources,
        EntryKind::Actor => &mut origins.actors,
        EntryKind::Issue => &mut origins.issues,
        EntryKind::Position => &mut origins.positions,
    }
}

/// Makes one change; returns the change that undoes it.
fn apply_change(
    dataset: &mut Dataset,
    origins: &mut Origins,
    change: Change,
) -> Result<Change, StepError> {
    match change {
        Change::Header {
            title,
            description,
            edited,
        } => {
            let (title, description) = dataset.set_header(title, description);
            let was = origins.header_edited;
            origins.header_edited = edited.unwrap_or(true);
            Ok(Change::Header {
                title,
                description,
                edited: Some(was),
            })
        }
        Change::Insert { at, entry, origin } => {
            let kind = entry.kind();
            match entry {
                Entry::Source(s) => dataset.insert_source(SourceIx(at), s)?,
                Entry::Actor(a) => dataset.insert_actor(ActorIx(at), a)?,
                Entry::Issue(i) => dataset.insert_issue(IssueIx(at), i)?,
                Entry::Position(p) => dataset.insert_position(PositionIx(at), p)?,
            }
            let list = origins_of(origins, kind);
            list.insert((at as usize).min(list.len()), origin);
            Ok(Change::Remove { kind, at })
        }
        Change::Remove { kind, at } => {
            let entry = match kind {
                EntryKind::Source => Entry::Source(dataset.remove_source(SourceIx(at))?),
                EntryKind::Actor => Entry::Actor(dataset.remove_actor(ActorIx(at))?),
                EntryKind::Issue => Entry::Issue(dataset.remove_issue(IssueIx(at))?),
                EntryKind::Position => Entry::Position(dataset.remove_position(PositionIx(at))?),
            };
            let list = origins_of(origins, kind);
            let origin = if (at as usize) < list.len() {
                list.remove(at as usize)
            } else {
                Origin::Added
            };
            Ok(Change::Insert { at, entry, origin })
        }
        Change::Replace { at, entry, origin } => {
            let kind = entry.kind();
            let old = match entry {
                Entry::Source(s) => Entry::Source(dataset.replace_source(SourceIx(at), s)?),
                Entry::Actor(a) => Entry::Actor(dataset.replace_actor(ActorIx(at), a)?),
                Entry::Issue(i) => Entry::Issue(dataset.replace_issue(IssueIx(at), i)?),
                Entry::Position(p) => Entry::Position(dataset.replace_position(PositionIx(at), p)?),
            };
            let list = origins_of(origins, kind);
            let old_origin = list.get(at as usize).copied().unwrap_or(Origin::Added);
            if let Some(slot) = list.get_mut(at as usize) {
                *slot = origin.unwrap_or_else(|| old_origin.edited());
            }
            Ok(Change::Replace {
                at,
                entry: old,
                origin: Some(old_origin),
            })
        }
    }
}

/// Makes every change of an edit, or none: returns the edit that undoes it. A change that
/// does not fit undoes the ones made before it.
pub fn apply(dataset: &mut Dataset, origins: &mut Origins, edit: Edit) -> Result<Edit, StepError> {
    let mut inverse = Vec::with_capacity(edit.changes.len());
    for change in edit.changes {
        match apply_change(dataset, origins, change) {
            Ok(undo) => inverse.push(undo),
            Err(error) => {
                for undo in inverse.into_iter().rev() {
                    // Each undoes a change just made, so it fits.
                    apply_change(dataset, origins, undo).ok();
                }
                return Err(error);
            }
        }
    }
    inverse.reverse();
    Ok(Edit {
        label: edit.label,
        changes: inverse,
    })
}

/// The undo and redo history of one document, and where its file was last saved.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Edits that undo what was done, newest last, each with its serial number.
    undo: Vec<(u64, Edit)>,
    /// Edits that redo what was undone, newest last.
    redo: Vec<(u64, Edit)>,
    /// The serial of the newest edit done when the file was last written (0: none).
    saved: u64,
    next: u64,
}

impl History {
    /// Records an edit just done (given as the edit that undoes it); what was undone can
    /// no longer be redone.
    pub fn done(&mut self, undo: Edit) {
        self.next += 1;
        self.undo.push((self.next, undo));
        self.redo.clear();
    }

    /// The edit that undoes the newest one, taken off the history.
    pub fn take_undo(&mut self) -> Option<(u64, Edit)> {
        self.undo.pop()
    }

    /// The edit that redoes the newest undone one, taken off the history.
    pub fn take_redo(&mut self) -> Option<(u64, Edit)> {
        self.redo.pop()
    }

    /// Records an undo made: `redo` redoes it.
    pub fn undone(&mut self, serial: u64, redo: Edit) {
        self.redo.push((serial, redo));
    }

    /// Records a redo made: `undo` undoes it again.
    pub fn redone(&mut self, serial: u64, undo: Edit) {
        self.undo.push((serial, undo));
    }

    /// Puts back an edit taken off by [`Self::take_undo`] or [`Self::take_redo`] that could
    /// not be made.
    pub fn restore(&mut self, was_undo: bool, entry: (u64, Edit)) {
        if was_undo {
            self.undo.push(entry);
        } else {
            self.redo.push(entry);
        }
    }

    /// What Undo would undo ("Add position").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|(_, e)| e.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(_, e)| e.label.as_str())
    }

    /// Whether the document differs from its file as last written.
    pub fn is_dirty(&self) -> bool {
        self.undo.last().map_or(0, |(serial, _)| *serial) != self.saved
    }

    /// Records that the file now holds the document as it is.
    pub fn mark_saved(&mut self) {
        self.saved = self.undo.last().map_or(0, |(serial, _)| *serial);
    }

    /// How many edits can be undone.
    pub fn undo_count(&self) -> usize {
        self.undo.len()
    }

    /// Records that the file was written from a dataset whose entries had `origins` (so it
    /// now holds them in order), and makes the history's origins name the new file's
    /// entries: an entry still in the dataset is the new file's entry at its index (counted
    /// as edited, since what undo puts back differs from what was written); one the dataset
    /// no longer holds is not in the new file (added again if undo brings it back).
    pub fn saved_as(&mut self, origins: &Origins) {
        self.mark_saved();
        let table = |list: &[Origin]| -> Vec<Option<u32>> {
            let mut table = Vec::new();
            for (i, origin) in list.iter().enumerate() {
                if let Some(k) = origin.entry() {
                    let k = k as usize;
                    if table.len() <= k {
                        table.resize(k + 1, None);
                    }
                    table[k] = Some(i as u32);
                }
            }
            table
        };
        let tables = [
            table(&origins.sources),
            table(&origins.actors),
            table(&origins.issues),
            table(&origins.positions),
        ];
        let rebase = |kind: EntryKind, origin: Origin| -> Origin {
            let table = &tables[kind as usize];
            origin
                .entry()
                .and_then(|k| table.get(k as usize).copied().flatten())
                .map_or(Origin::Added, Origin::Edited)
        };
        for (_, edit) in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            for change in &mut edit.changes {
                match change {
                    Change::Header { edited, .. } => *edited = None,
                    Change::Insert { entry, origin, .. } => *origin = rebase(entry.kind(), *origin),
                    Change::Replace { entry, origin, .. } => {
                        if let Some(origin) = origin {
                            *origin = rebase(entry.kind(), *origin);
                        }
                    }
                    Change::Remove { .. } => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataSource, Stance, write};

    #[test]
    fn an_edit_and_its_inverse_give_back_the_dataset_and_the_file() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        let base = crate::model::SEED_RON;
        let mut edited = dataset.clone();
        let mut origins = Origins::read(&dataset);
        let merz = edited.find_actor("merz").expect("merz");
        let undo_delete = apply(
            &mut edited,
            &mut origins,
            Edit::delete_actor(&dataset, merz),
        )
        .expect("applies");
        assert!(edited.find_actor("merz").is_none());
        assert!(origins.is_edited());
        let mut position = edited.positions[0].clone();
        position.stance = Stance::Condition("if asked".to_owned());
        let undo_replace = apply(
            &mut edited,
            &mut origins,
            Edit::replace(0, Entry::Position(position)),
        )
        .expect("applies");
        let text = write(base, &edited, &origins).expect("writes");
        let reloaded = crate::model::load_str(&text, "edited.ron").expect("loads");
        assert_eq!(reloaded, edited);

        apply(&mut edited, &mut origins, undo_replace).expect("undoes");
        apply(&mut edited, &mut origins, undo_delete).expect("undoes");
        assert_eq!(edited, dataset);
        assert!(!origins.is_edited());
        assert_eq!(write(base, &edited, &origins).expect("writes"), base);
    }

    #[test]
    fn a_change_that_does_not_fit_leaves_nothing_done() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        let mut edited = dataset.clone();
        let mut origins = Origins::read(&dataset);
        let edit = Edit::new(
            "two",
            vec![
                Change::Remove {
                    kind: EntryKind::Position,
                    at: 0,
                },
                Change::Remove {
                    kind: EntryKind::Position,
                    at: 10_000,
                },
            ],
        );
        assert!(apply(&mut edited, &mut origins, edit).is_err());
        assert_eq!(edited, dataset);
        assert_eq!(origins, Origins::read(&dataset));
    }

    #[test]
    fn the_history_knows_when_the_document_is_as_saved() {
        let mut history = History::default();
        assert!(!history.is_dirty());
        history.done(Edit::new("a", Vec::new()));
        assert!(history.is_dirty());
        history.mark_saved();
        assert!(!history.is_dirty());
        let (serial, undo) = history.take_undo().expect("one");
        history.undone(serial, undo);
        assert!(history.is_dirty(), "undone past the save");
        let (serial, redo) = history.take_redo().expect("one");
        history.redone(serial, redo);
        assert!(!history.is_dirty(), "redone back to the save");
    }
}
