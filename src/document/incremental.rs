//! An edit of positions alone (the most common: a position coded, changed, deleted, or one
//! of those undone) brought into the document in place: the graph, the layout request and
//! the summary are updated for the positions changed rather than made again, and the edit
//! is described ([`EditedPositions`]) so the scene and the panels can follow it the same way.
//! On a file of 200,000 positions an edit has one frame (16 ms) to be applied and drawn.

use std::sync::Arc;

use petgraph::graph::NodeIndex;

use super::Document;
use super::edit::{Change, Edit, Entry, EntryKind};
use crate::graph::{PositionChange, PositionEdits, StanceGraph};
use crate::layout::LayoutRequest;
use crate::model::{Dataset, PositionIx};

/// The last edit, when it changed positions alone: the document version it was made on and
/// the one it made, and the changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedPositions {
    /// The revision of the document the edit was made on.
    pub from: super::Revision,
    /// The version it made.
    pub to: u64,
    /// How many positions there were before.
    pub count_before: usize,
    /// The changes, with what each took away or replaced.
    pub edits: PositionEdits,
}

/// The changes of an edit as the graph sees them, when it changes positions alone (the header
/// may change too); `None` when it adds, removes or changes an actor, issue or source.
pub(super) fn position_changes(dataset: &Dataset, edit: &Edit) -> Option<Vec<PositionChange>> {
    let date = |p: &crate::model::Position| {
        p.date.or_else(|| {
            p.source
                .and_then(|s| dataset.sources.get(s.0 as usize)?.date)
        })
    };
    let mut changes = Vec::new();
    for change in &edit.changes {
        changes.push(match change {
            Change::Header { .. } => continue,
            Change::Insert {
                at,
                entry: Entry::Position(p),
                ..
            } => PositionChange::Insert {
                at: PositionIx(*at),
                ends: (p.actor, p.issue, p.stance.kind()),
                date: date(p),
            },
            Change::Replace {
                at,
                entry: Entry::Position(p),
                ..
            } => PositionChange::Set {
                at: PositionIx(*at),
                ends: (p.actor, p.issue, p.stance.kind()),
                date: date(p),
            },
            Change::Remove {
                kind: EntryKind::Position,
                at,
            } => PositionChange::Remove {
                at: PositionIx(*at),
            },
            Change::Insert { .. } | Change::Replace { .. } | Change::Remove { .. } => {
                return None;
            }
        });
    }
    Some(changes)
}

/// The layout request after position changes: the edges changed as the graph's were (the
/// positions' edges come first, in order), and the nodes of the changed positions sized
/// again when their number of positions gave them another radius. Equal to
/// [`super::layout_request`] of the edited dataset.
pub(super) fn update_request(
    request: &mut LayoutRequest,
    edits: &PositionEdits,
    dataset: &Dataset,
    graph: &StanceGraph,
) {
    let node = |a: crate::model::ActorIx, i: crate::model::IssueIx| {
        (
            graph.actor_node(a).index() as u32,
            graph.issue_node(i).index() as u32,
        )
    };
    for change in &edits.changes {
        match *change {
            PositionChange::Insert { at, ends, .. } if at.0 as usize <= request.edges.len() => {
                request.edges.insert(at.0 as usize, node(ends.0, ends.1));
            }
            PositionChange::Remove { at } if (at.0 as usize) < request.edges.len() => {
                request.edges.remove(at.0 as usize);
            }
            PositionChange::Set { at, ends, .. } => {
                if let Some(edge) = request.edges.get_mut(at.0 as usize) {
                    *edge = node(ends.0, ends.1);
                }
            }
            PositionChange::Insert { .. } | PositionChange::Remove { .. } => {}
        }
    }
    let mut nodes: Vec<NodeIndex> = edits
        .pairs()
        .into_iter()
        .flat_map(|(a, i)| [graph.actor_node(a), graph.issue_node(i)])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    super::layout::resize_nodes(request, dataset, graph, &nodes);
}

impl Document {
    /// The last edit, when it changed positions alone and made this version of the document
    /// (a view a version behind can follow it in place).
    pub fn edited_positions(&self) -> Option<&EditedPositions> {
        self.edited
            .as_deref()
            .filter(|e| e.to == self.revision.document)
    }

    /// Brings the graph, the layout request and the summary up to date with an edit of
    /// positions alone (already applied to the dataset); `from` is the version it was made
    /// on, and the document's revision must already name the new one.
    pub(super) fn follow_positions(&mut self, changes: Vec<PositionChange>, from: super::Revision) {
        let count_before = self.graph.position_count();
        let edits = self.graph.apply_positions(changes);
        update_request(
            Arc::make_mut(&mut self.request),
            &edits,
            &self.dataset,
            &self.graph,
        );
        self.summary = self.dataset.summary_of(self.graph.tally());
        self.edited = Some(Arc::new(EditedPositions {
            from,
            to: self.revision.document,
            count_before,
            edits,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::edit::Edit;
    use crate::document::{LayoutStart, layout_request};
    use crate::graph::Filter;
    use crate::layout::LayoutParams;
    use crate::model::{DataSource, Stance};

    /// What the document keeps of its dataset, made afresh: it must equal what the edits
    /// brought up to date in place.
    fn assert_fresh(doc: &Document, what: &str) {
        let graph = StanceGraph::build(doc.dataset());
        assert_eq!(
            *doc.request,
            layout_request(doc.dataset(), &graph, doc.request.params),
            "{what}: the request"
        );
        assert_eq!(doc.summary, doc.dataset().summary(), "{what}: the summary");
        assert_eq!(
            doc.visible,
            graph.subgraph(doc.dataset(), &doc.filter),
            "{what}: the visible part"
        );
        assert_eq!(doc.graph.tally(), graph.tally(), "{what}");
        for p in doc.dataset().position_ixs() {
            assert_eq!(doc.graph.ends(p), graph.ends(p), "{what}: position {p:?}");
            assert_eq!(
                doc.graph.history(p),
                graph.history(p),
                "{what}: position {p:?}"
            );
        }
    }

    #[test]
    fn edits_of_positions_undone_and_redone_keep_the_document_as_if_made_afresh() {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        let mut doc = Document::new(
            DataSource::BuiltIn,
            dataset,
            Filter::default(),
            LayoutParams::default(),
            None,
        );
        doc.start_layout(LayoutStart::Seeded);
        let shown = doc.shown.clone();
        let count = doc.dataset().positions.len() as u32;
        let mut made = 0;
        for step in 0..12_u32 {
            let from = doc.revision();
            let at = (step * 7) % count;
            let edit = match step % 3 {
                0 => {
                    // A second position of an actor on an issue: a history forms.
                    let mut position = doc.dataset().positions[at as usize].clone();
                    position.quote = format!("Said again ({step}).");
                    position.stance = Stance::Neutral;
                    Edit::add(
                        doc.dataset(),
                        crate::document::edit::Entry::Position(position),
                    )
                }
                1 => Edit::delete_position(PositionIx(at)),
                _ => {
                    let mut position = doc.dataset().positions[at as usize].clone();
                    position.stance = Stance::Reject;
                    Edit::replace(at, crate::document::edit::Entry::Position(position))
                }
            };
            doc.apply_edit(edit, None).expect("fits");
            made += 1;
            let edited = doc.edited_positions().expect("an edit of positions alone");
            assert_eq!((edited.from, edited.to), (from, doc.revision().document));
            assert_fresh(&doc, &format!("edit {step}"));
            assert_eq!(doc.shown, shown, "no node moves");
        }
        for step in 0..made {
            doc.undo().expect("undoes");
            assert_fresh(&doc, &format!("undo {step}"));
        }
        assert_eq!(doc.dataset().positions.len() as u32, count);
        for step in 0..made {
            doc.redo().expect("redoes");
            assert_fresh(&doc, &format!("redo {step}"));
        }
    }
}
