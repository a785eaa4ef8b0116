//! Editing the open document: edits applied in place (the layout kept, a new node placed
//! beside its neighbours), undo and redo without limit, and saving the file
//! format-preserving ([`crate::model::save`]).
//!
//! An edit changes the dataset through [`edit::apply`], which also keeps the writer's origins
//! true; the document then rebuilds what is derived from the dataset (graph, subgraph, layout
//! request) and carries over everything the user did: the filter (by ids), the selection,
//! dragged nodes and where every node is shown, matched by id (a renamed id is followed).

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use emath::{Pos2, Vec2};
use petgraph::graph::NodeIndex;

use super::edit::{self, Change, Edit, Entry, History};
use super::layout::{layout_request_after, layout_request_same_nodes};
use super::recall::{recall, remember};
use super::{Document, Selection};
use crate::graph::StanceGraph;
use crate::model::{
    DataSource, Dataset, EntryMap, IssueIx, Origins, SaveError, Saved, StepError, save_mapped,
};

/// The edits of a document: the text they started from, where each entry comes from, and
/// the undo history.
#[derive(Clone, Debug, Default)]
pub struct Editing {
    /// The file's text as read or last saved: the base of the next save (none for a table,
    /// which is never written over).
    base: Option<Arc<str>>,
    /// Where each entry comes from in `base`.
    origins: Origins,
    /// Undo and redo.
    history: History,
    /// Unsaved edits the history does not hold: brought back from a recovery file, or kept
    /// when the file changed on disk (the file no longer holds the document's base).
    unsaved_without_history: bool,
    /// Where the entries of `base` are, once found (on a worker: a 70 MB text takes a fifth
    /// of a second to scan, which the save then does not spend).
    map: Arc<OnceLock<EntryMap>>,
}

impl Editing {
    /// A document just read from `base` (the RON text; `None` for a table).
    pub fn new(dataset: &Dataset, base: Option<String>) -> Self {
        let base: Option<Arc<str>> = base.map(Arc::from);
        Self {
            map: map_later(base.as_ref()),
            base,
            origins: Origins::read(dataset),
            history: History::default(),
            unsaved_without_history: false,
        }
    }
}

/// The entry map of a text, found on a worker for a large text (at once for a small one).
fn map_later(base: Option<&Arc<str>>) -> Arc<OnceLock<EntryMap>> {
    let map = Arc::new(OnceLock::new());
    if let Some(base) = base {
        if base.len() < 1 << 20 {
            map.set(EntryMap::of(base)).ok();
        } else {
            let (map, base) = (Arc::clone(&map), Arc::clone(base));
            std::thread::spawn(move || {
                map.set(EntryMap::of(&base)).ok();
            });
        }
    }
    map
}

impl Document {
    /// Records the text the dataset was read from (a RON file's; `None` for a table): what a
    /// save starts from.
    pub fn set_base(&mut self, base: Option<String>) {
        self.editing = Editing::new(&self.dataset, base);
    }

    /// The text the dataset was read from or last saved as, if it is a RON file's.
    pub fn base(&self) -> Option<&str> {
        self.editing.base.as_deref()
    }

    /// Where the entries of [`Self::base`] are, once found (a worker scans a large text after
    /// it is read).
    pub fn entry_map(&self) -> Option<&EntryMap> {
        self.editing.map.get()
    }

    /// Where each entry comes from in [`Self::base`].
    pub fn origins(&self) -> &Origins {
        &self.editing.origins
    }

    /// Whether there are edits the file does not have.
    pub fn is_dirty(&self) -> bool {
        self.editing.unsaved_without_history || self.editing.history.is_dirty()
    }

    /// What Undo would undo ("Add position").
    pub fn undo_label(&self) -> Option<&str> {
        self.editing.history.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.editing.history.redo_label()
    }

    /// Whether Save can write the file it was read from (a RON file; a table or the bundled
    /// dataset needs a new file).
    pub fn saves_in_place(&self) -> bool {
        self.editing.base.is_some() && self.source.path().is_some()
    }

    /// Makes an edit; `select` is selected afterwards (else the selection is carried over).
    pub fn apply_edit(&mut self, edit: Edit, select: Option<Selection>) -> Result<(), StepError> {
        let undo = self.change(edit, select)?;
        self.editing.history.done(undo);
        Ok(())
    }

    /// Undoes the newest edit; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        self.walk_history(true)
    }

    /// Redoes the newest undone edit; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        self.walk_history(false)
    }

    /// Makes the edit on top of the undo (or redo) list and moves it to the other list as
    /// its inverse; an edit that no longer fits stays where it was.
    fn walk_history(&mut self, back: bool) -> Option<String> {
        let history = &mut self.editing.history;
        let (serial, edit) = if back {
            history.take_undo()?
        } else {
            history.take_redo()?
        };
        let label = edit.label.clone();
        if let Ok(inverse) = self.change(edit.clone(), None) {
            let history = &mut self.editing.history;
            if back {
                history.undone(serial, inverse);
            } else {
                history.redone(serial, inverse);
            }
            Some(label)
        } else {
            self.editing.history.restore(back, (serial, edit));
            None
        }
    }

    /// Saves over the file the document was read from (see [`crate::model::save`]); returns
    /// where the previous version was kept.
    pub fn save(&mut self) -> Result<std::path::PathBuf, SaveError> {
        let (Some(base), Some(path)) = (self.editing.base.clone(), self.source.path()) else {
            return Err(SaveError::Io {
                path: self.source.display_name(),
                reason: "it was not read from a positions (.ron) file; save it as a new one"
                    .to_owned(),
            });
        };
        let saved = save_mapped(
            path,
            &base,
            self.editing.map.get(),
            &self.dataset,
            &self.editing.origins,
        )?;
        let Saved { text, backup } = saved;
        self.saved(None, text);
        Ok(backup)
    }

    /// Records that the document was written as `text` (to `path`, when that is a new file:
    /// the document is that file's from now on). The entries of the new text are found on a
    /// worker, for the next save.
    pub fn saved(&mut self, path: Option<&Path>, text: String) {
        if let Some(path) = path {
            self.source = DataSource::File(path.to_path_buf());
        }
        self.editing.history.saved_as(&self.editing.origins);
        self.editing.origins = Origins::read(&self.dataset);
        let base: Arc<str> = Arc::from(text);
        self.editing.map = map_later(Some(&base));
        self.editing.base = Some(base);
        self.editing.unsaved_without_history = false;
    }

    /// Keeps the edits but no longer counts the file they started from as theirs (it changed
    /// on disk and the user kept their version): Save asks for a new file.
    pub fn detach_from_file(&mut self) {
        self.editing.base = None;
        self.editing.unsaved_without_history = true;
    }

    /// Takes unsaved edits back from a recovery: `dataset` as the edits left it, `origins`
    /// where its entries come from in the file's text `base` (which must still be on disk;
    /// `None` for a table, which is saved as a new file).
    pub fn recover(&mut self, dataset: Dataset, origins: Origins, base: Option<String>) {
        let mut recovered = Document::new(
            self.source.clone(),
            dataset,
            self.filter.clone(),
            self.request.params,
            Some(self),
        );
        let base: Option<Arc<str>> = base.map(Arc::from);
        let origins = if base.is_some() {
            origins
        } else {
            Origins::read(&recovered.dataset)
        };
        recovered.editing = Editing {
            map: map_later(base.as_ref()),
            base,
            origins,
            history: History::default(),
            unsaved_without_history: true,
        };
        if recovered.needs_layout() && !self.needs_layout() {
            let old_keys: Vec<&str> = self.request.nodes.iter().map(|n| n.key.as_str()).collect();
            recovered.place_like(
                &old_keys,
                &self.target,
                &self.shown,
                &self.pinned,
                &HashMap::new(),
            );
        }
        *self = recovered;
    }

    /// Applies an edit in place and brings what is derived from the dataset up to date;
    /// returns the edit that undoes it. The dataset is changed where it is (copied first only
    /// while a worker still reads it); the graph is rebuilt, but the layout request keeps
    /// every node the edit did not touch (wrapping the labels of 20,000 nodes again is the
    /// dearest part of a rebuild), and every node stays where it is shown.
    fn change(&mut self, edit: Edit, select: Option<Selection>) -> Result<Edit, StepError> {
        let renamed = renamed_keys(&self.dataset, &edit);
        let touched = touched_keys(&edit);
        // Whether actors or issues come or go (the graph's nodes are then others).
        let structural = edit.changes.iter().any(|c| match c {
            Change::Insert { entry, .. } => matches!(entry, Entry::Actor(_) | Entry::Issue(_)),
            Change::Remove { kind, .. } => {
                matches!(
                    kind,
                    super::edit::EntryKind::Actor | super::edit::EntryKind::Issue
                )
            }
            Change::Header { .. } | Change::Replace { .. } => false,
        });
        let remembered = self.selection.map(|s| remember(&self.dataset, s));
        let filter_ids: Option<Vec<String>> = self.filter.issues.as_ref().map(|issues| {
            issues
                .iter()
                .filter_map(|i| self.dataset.issues.get(i.0 as usize).map(|x| x.id.clone()))
                .collect()
        });
        let new_issues = edit
            .changes
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    Change::Insert {
                        entry: Entry::Issue(_),
                        ..
                    }
                )
            })
            .count();
        // (An edit that adds or removes actors or issues has no plan.)
        let plan = super::incremental::plan(&self.dataset, &edit).filter(|_| !self.needs_layout());
        let mut editing = std::mem::take(&mut self.editing);
        let applied = edit::apply(Arc::make_mut(&mut self.dataset), &mut editing.origins, edit);
        self.editing = editing;
        let undo = applied?;

        let dataset = Arc::clone(&self.dataset);
        // The filter, by ids; an issue just created is shown if the filter picks issues.
        if let (Some(issues), Some(ids)) = (&mut self.filter.issues, filter_ids) {
            issues.clear();
            for id in ids {
                let id = renamed
                    .get(&format!("issue:{id}"))
                    .map_or(id.as_str(), |k| &k["issue:".len()..]);
                if let Some(i) = dataset.find_issue(id) {
                    issues.insert(i);
                }
            }
            let total = dataset.issues.len();
            issues.extend((total.saturating_sub(new_issues)..total).map(|i| IssueIx(i as u32)));
        }
        let laid_out = !self.needs_layout();
        let from = self.revision;
        self.revision = super::Revision {
            document: super::NEXT_DOCUMENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..super::Revision::default()
        };
        self.edited = None;
        let mut old_request = None;
        if let Some(plan) = plan {
            // The same nodes and links but for positions: the graph, the request and the
            // summary follow in place.
            self.follow_plan(plan, from);
        } else {
            let graph = StanceGraph::build(&dataset);
            let request = Arc::new(if structural {
                layout_request_after(&self.request, &touched, &dataset, &graph)
            } else {
                layout_request_same_nodes(&self.request, &touched, &dataset, &graph)
            });
            self.summary = dataset.summary_of(graph.tally());
            self.graph = graph;
            old_request = Some(std::mem::replace(&mut self.request, request));
        }
        let old_target = std::mem::take(&mut self.target);
        let old_shown = std::mem::take(&mut self.shown);
        let old_pinned = std::mem::take(&mut self.pinned);
        self.goal.clear();
        self.focus = None;
        self.visible = self.graph.subgraph(&dataset, &self.filter);
        self.selection =
            select.or_else(|| remembered.and_then(|r| recall(&dataset, &self.graph, &r, &renamed)));
        // The actors (and their attributes) may have changed; blocs of the old version go.
        self.recolour();
        if let Some(old_request) = old_request.filter(|_| laid_out && structural) {
            let old_keys: Vec<&str> = old_request.nodes.iter().map(|n| n.key.as_str()).collect();
            self.place_like(&old_keys, &old_target, &old_shown, &old_pinned, &renamed);
        } else if laid_out {
            // The same nodes: each stays where it is.
            self.target = old_target;
            self.shown = old_shown;
            self.pinned = old_pinned;
            self.refocus();
            self.revision.positions += 1;
        }
        Ok(undo)
    }

    /// Shows every node where it was (`old_keys`, `old_target`, `old_shown` and `old_pinned`:
    /// the nodes before the edit, by index; matched by key, following `renamed`) and keeps
    /// dragged nodes dragged; a new node goes beside its neighbours.
    fn place_like(
        &mut self,
        old_keys: &[&str],
        old_target: &[Pos2],
        old_shown: &[Pos2],
        old_pinned: &std::collections::BTreeMap<usize, Pos2>,
        renamed: &HashMap<String, String>,
    ) {
        let old_index: HashMap<&str, usize> = old_keys
            .iter()
            .enumerate()
            .map(|(j, &key)| (renamed.get(key).map_or(key, String::as_str), j))
            .collect();
        let count = self.graph.graph.node_count();
        let mut target: Vec<Option<Pos2>> = vec![None; count];
        let mut shown: Vec<Option<Pos2>> = vec![None; count];
        for (i, node) in self.request.nodes.iter().enumerate().take(count) {
            if let Some(&j) = old_index.get(node.key.as_str()) {
                target[i] = old_target.get(j).copied();
                shown[i] = old_shown.get(j).copied();
                if let Some(&pin) = old_pinned.get(&j) {
                    self.pinned.insert(i, pin);
                }
            }
        }
        let spacing = self.request.params.edge_length.max(1.0);
        let centre = {
            let placed: Vec<Pos2> = target.iter().flatten().copied().collect();
            if placed.is_empty() {
                Pos2::ZERO
            } else {
                let sum = placed.iter().fold(Vec2::ZERO, |s, p| s + p.to_vec2());
                (sum / placed.len() as f32).to_pos2()
            }
        };
        let mut newcomers = 0usize;
        for i in 0..count {
            if target[i].is_some() {
                continue;
            }
            let neighbours: Vec<Pos2> = self
                .graph
                .graph
                .neighbors_undirected(NodeIndex::new(i))
                .filter_map(|m| target[m.index()])
                .collect();
            let around = if neighbours.is_empty() {
                centre
            } else {
                let sum = neighbours.iter().fold(Vec2::ZERO, |s, p| s + p.to_vec2());
                (sum / neighbours.len() as f32).to_pos2()
            };
            // Beside, not on top of, what is there: a step out on a turning spiral.
            let angle = newcomers as f32 * 2.399_963;
            let radius = spacing * (0.6 + 0.25 * newcomers as f32);
            let at = around + Vec2::angled(angle) * radius;
            target[i] = Some(at);
            shown[i] = Some(at);
            newcomers += 1;
        }
        self.target = target.into_iter().map(Option::unwrap_or_default).collect();
        self.shown = shown.into_iter().map(Option::unwrap_or_default).collect();
        self.apply_pins(false);
        self.refocus();
        // Nodes the stance picture moves glide there; the rest are where they were.
        self.revision.positions += 1;
    }
}

/// The node keys an edit renames (an actor's or issue's id changed): old key → new key.
fn renamed_keys(dataset: &Dataset, edit: &Edit) -> HashMap<String, String> {
    let mut renamed = HashMap::new();
    for change in &edit.changes {
        let Change::Replace { at, entry, .. } = change else {
            continue;
        };
        match entry {
            Entry::Actor(actor) => {
                if let Some(old) = dataset.actors.get(*at as usize)
                    && old.id != actor.id
                {
                    renamed.insert(format!("actor:{}", old.id), format!("actor:{}", actor.id));
                }
            }
            Entry::Issue(issue) => {
                if let Some(old) = dataset.issues.get(*at as usize)
                    && old.id != issue.id
                {
                    renamed.insert(format!("issue:{}", old.id), format!("issue:{}", issue.id));
                }
            }
            Entry::Source(_) | Entry::Position(_) => {}
        }
    }
    renamed
}

/// The actors and issues an edit renames or replaces (their labels are sized again), as
/// node keys after the edit.
fn touched_keys(edit: &Edit) -> HashSet<String> {
    edit.changes
        .iter()
        .filter_map(|change| match change {
            Change::Insert { entry, .. } | Change::Replace { entry, .. } => match entry {
                Entry::Actor(actor) => Some(format!("actor:{}", actor.id)),
                Entry::Issue(issue) => Some(format!("issue:{}", issue.id)),
                Entry::Source(_) | Entry::Position(_) => None,
            },
            Change::Header { .. } | Change::Remove { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::node_key;
    use super::*;
    use crate::graph::Node;
    use crate::model::{ActorDraft, ActorKind, PositionDraft, SEED_RON, StanceKind};

    fn seed() -> Document {
        let mut doc = Document::seed_laid_out();
        doc.set_base(Some(SEED_RON.to_owned()));
        doc
    }

    #[test]
    fn a_new_actor_lands_beside_its_issue_and_nothing_else_moves_then_undo_and_redo() {
        let mut doc = seed();
        let before: HashMap<String, Pos2> = doc
            .graph
            .graph
            .node_indices()
            .map(|n| {
                let key = node_key(&doc.dataset, doc.graph.node(n).expect("node"));
                (key, doc.shown[n.index()])
            })
            .collect();
        let actor = doc
            .dataset()
            .check_actor(
                &ActorDraft {
                    id: "tusk".into(),
                    name: "Donald Tusk".into(),
                    kind: ActorKind::Leader,
                    role: String::new(),
                    represents: String::new(),
                    attributes: String::new(),
                    influence: String::new(),
                },
                None,
            )
            .expect("a valid actor");
        let mut edit = Edit::add(doc.dataset(), Entry::Actor(actor));
        let position = {
            let mut d = (*doc.dataset).clone();
            let mut o = Origins::read(&d);
            edit::apply(&mut d, &mut o, edit.clone()).expect("fits");
            d.check_position(&PositionDraft {
                actor: "tusk".into(),
                issue: "ground-troops".into(),
                stance: StanceKind::Reject,
                condition: String::new(),
                quote: "A quote.".into(),
                source: String::new(),
                url: String::new(),
                date: String::new(),
                salience: String::new(),
            })
            .expect("a valid position")
        };
        edit.changes
            .extend(Edit::add(doc.dataset(), Entry::Position(position)).changes);
        doc.apply_edit(edit, None).expect("applies");
        assert!(doc.is_dirty());
        assert!(!doc.needs_layout(), "no new layout");
        assert_eq!(
            *doc.request,
            crate::document::layout_request(&doc.dataset, &doc.graph, doc.request.params),
            "the request kept up to date is the request made afresh"
        );
        for n in doc.graph.graph.node_indices() {
            let key = node_key(&doc.dataset, doc.graph.node(n).expect("node"));
            if let Some(&was) = before.get(&key) {
                assert_eq!(doc.shown[n.index()], was, "{key} stays");
            } else {
                assert_eq!(key, "actor:tusk");
                let issue = doc.dataset.find_issue("ground-troops").expect("issue");
                let beside = doc.target[doc.graph.issue_node(issue).index()];
                let distance = doc.target[n.index()].distance(beside);
                assert!(
                    distance > 10.0 && distance < 200.0,
                    "beside its issue: {distance}"
                );
            }
        }
        assert_eq!(doc.undo().as_deref(), Some("Add actor"));
        assert!(!doc.is_dirty());
        assert_eq!(
            *doc.request,
            crate::document::layout_request(&doc.dataset, &doc.graph, doc.request.params),
            "and after undo"
        );
        assert_eq!(doc.dataset().actors.len(), 18);
        assert_eq!(doc.redo().as_deref(), Some("Add actor"));
        assert_eq!(doc.dataset().actors.len(), 19);
        assert!(doc.redo().is_none(), "nothing more to redo");
    }

    #[test]
    fn a_position_added_and_undone_moves_no_node_and_keeps_the_request_exact() {
        let mut doc = seed();
        let shown = doc.shown.clone();
        let fresh = |doc: &Document| {
            crate::document::layout_request(&doc.dataset, &doc.graph, doc.request.params)
        };
        let position = doc
            .dataset()
            .check_position(&PositionDraft {
                actor: "putin".into(),
                issue: "ground-troops".into(),
                stance: StanceKind::Reject,
                condition: String::new(),
                quote: "A quote.".into(),
                source: String::new(),
                url: String::new(),
                date: String::new(),
                salience: String::new(),
            })
            .expect("valid");
        doc.apply_edit(Edit::add(doc.dataset(), Entry::Position(position)), None)
            .expect("applies");
        assert_eq!(doc.shown, shown, "no node moves");
        assert_eq!(*doc.request, fresh(&doc), "Putin's node grew: sized again");
        assert_eq!(doc.graph().position_count(), 26);
        doc.undo();
        assert_eq!(*doc.request, fresh(&doc));
        assert_eq!(doc.shown, shown);
    }

    #[test]
    fn a_renamed_actor_keeps_its_place_and_the_selection() {
        let mut doc = seed();
        let merz = doc.dataset().find_actor("merz").expect("merz");
        doc.select(Some(Selection::Node(Node::Actor(merz))));
        let node = doc.graph.actor_node(merz).index();
        let was = doc.shown[node];
        let mut draft = ActorDraft::of(doc.dataset(), doc.dataset().actor(merz));
        draft.id = "friedrich-merz".into();
        draft.name = "Friedrich Merz".into();
        let actor = doc
            .dataset()
            .check_actor(&draft, Some(merz))
            .expect("valid");
        doc.apply_edit(Edit::replace(merz.0, Entry::Actor(actor)), None)
            .expect("applies");
        assert_eq!(
            *doc.request,
            crate::document::layout_request(&doc.dataset, &doc.graph, doc.request.params)
        );
        let renamed = doc.dataset().find_actor("friedrich-merz").expect("renamed");
        assert_eq!(doc.selection(), Some(Selection::Node(Node::Actor(renamed))));
        assert_eq!(doc.shown[doc.graph.actor_node(renamed).index()], was);
        assert!(
            doc.dataset().positions.iter().any(|p| p.actor == renamed),
            "its positions follow"
        );
        doc.undo();
        assert_eq!(
            doc.selection(),
            Some(Selection::Node(Node::Actor(merz))),
            "undo follows the id back"
        );
    }
}
