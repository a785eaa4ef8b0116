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

/// The last edit, when it kept the graph's nodes and links but for positions (positions
/// changed, actors, issues or sources replaced): the document version it was made on and the
/// one it made, and the changes.
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
    /// The nodes whose actor or issue was replaced (its id, name, kind, … may differ).
    pub texts: Vec<NodeIndex>,
}

/// What an edit that keeps the graph's nodes changes, as the views follow it: the positions
/// changed, and the actors and issues whose texts (id, name, kind, …) changed.
#[derive(Clone, Debug, Default)]
pub(super) struct Plan {
    /// The changes of positions, as the graph sees them.
    pub(super) positions: Vec<PositionChange>,
    /// The nodes whose entries were replaced (their links, `represents`, unchanged).
    pub(super) texts: Vec<crate::graph::Node>,
}

/// How an edit is followed in place, when it changes positions, replaces actors (their
/// `represents` kept), issues or sources (their dates kept), or sets the header; `None` when
/// it adds or removes an actor, issue or source, or changes what the graph holds of one
/// (then the document is derived afresh).
pub(super) fn plan(dataset: &Dataset, edit: &Edit) -> Option<Plan> {
    let date = |p: &crate::model::Position| {
        p.date.or_else(|| {
            p.source
                .and_then(|s| dataset.sources.get(s.0 as usize)?.date)
        })
    };
    let mut plan = Plan::default();
    for change in &edit.changes {
        plan.positions.push(match change {
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
            Change::Replace {
                at,
                entry: Entry::Actor(actor),
                ..
            } if dataset
                .actors
                .get(*at as usize)
                .is_some_and(|old| old.represents == actor.represents) =>
            {
                plan.texts
                    .push(crate::graph::Node::Actor(crate::model::ActorIx(*at)));
                continue;
            }
            Change::Replace {
                at,
                entry: Entry::Issue(_),
                ..
            } if (*at as usize) < dataset.issues.len() => {
                plan.texts
                    .push(crate::graph::Node::Issue(crate::model::IssueIx(*at)));
                continue;
            }
            Change::Replace {
                at,
                entry: Entry::Source(source),
                ..
            } if dataset
                .sources
                .get(*at as usize)
                .is_some_and(|old| old.date == source.date) =>
            {
                continue;
            }
            Change::Insert { .. } | Change::Replace { .. } | Change::Remove { .. } => {
                return None;
            }
        });
    }
    plan.texts.sort_unstable();
    plan.texts.dedup();
    Some(plan)
}

/// The layout request after position changes: the edges changed as the graph's were (the
/// positions' edges come first, in order), the nodes of the changed positions sized again
/// when their number of positions gave them another radius, and the nodes whose texts
/// changed (`texts`) sized again. Equal to
/// [`super::layout_request`] of the edited dataset.
pub(super) fn update_request(
    request: &mut LayoutRequest,
    edits: &PositionEdits,
    texts: &[NodeIndex],
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
    super::layout::resize_nodes(request, dataset, graph, &nodes, texts);
}

impl Document {
    /// The last edit, when it was followed in place (see [`EditedPositions`]) and made this
    /// version of the document (a view a version behind can follow it in place too).
    pub fn edited_positions(&self) -> Option<&EditedPositions> {
        self.edited
            .as_deref()
            .filter(|e| e.to == self.revision.document)
    }

    /// Brings the graph, the layout request and the summary up to date with an edit
    /// [`plan`] found followable (already applied to the dataset); `from` is the version it
    /// was made on, and the document's revision must already name the new one.
    pub(super) fn follow_plan(&mut self, plan: Plan, from: super::Revision) {
        let count_before = self.graph.position_count();
        let edits = self.graph.apply_positions(plan.positions);
        let texts: Vec<NodeIndex> = plan
            .texts
            .iter()
            .map(|&node| match node {
                crate::graph::Node::Actor(a) => self.graph.actor_node(a),
                crate::graph::Node::Issue(i) => self.graph.issue_node(i),
            })
            .collect();
        update_request(
            Arc::make_mut(&mut self.request),
            &edits,
            &texts,
            &self.dataset,
            &self.graph,
        );
        self.summary = self.dataset.summary_of(self.graph.tally());
        self.edited = Some(Arc::new(EditedPositions {
            from,
            to: self.revision.document,
            count_before,
            edits,
            texts,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::edit::Edit;
    use crate::document::layout_request;
    use crate::model::Stance;

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
        let mut doc = Document::seed_laid_out();
        let shown = doc.shown.clone();
        let count = doc.dataset().positions.len() as u32;
        let mut made = 0;
        for step in 0..16_u32 {
            let from = doc.revision();
            let at = (step * 7) % count;
            let edit = match step % 4 {
                3 => {
                    // An actor renamed, id and name: its label is sized again.
                    let a = doc.dataset().positions[at as usize].actor;
                    let mut actor = doc.dataset().actor(a).clone();
                    actor.id = format!("{}-{step}", actor.id);
                    actor.name = format!("{} with a much longer name ({step})", actor.name);
                    Edit::replace(a.0, crate::document::edit::Entry::Actor(actor))
                }
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
            let renamed = match &edit.changes[0] {
                Change::Replace {
                    at,
                    entry: Entry::Actor(actor),
                    ..
                } => Some((
                    doc.dataset().actors[*at as usize].id.clone(),
                    actor.id.clone(),
                    *at,
                )),
                _ => None,
            };
            doc.apply_edit(edit, None).expect("fits");
            if let Some((old, new, at)) = renamed {
                assert_eq!(doc.dataset().find_actor(&new).map(|a| a.0), Some(at));
                assert_eq!(
                    doc.dataset().find_actor(&old),
                    None,
                    "{old} is no longer an id"
                );
            }
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
        // A leader who no longer represents a country changes the graph's links: derived
        // afresh, and said so.
        let merz = doc.dataset().find_actor("merz").expect("merz");
        let mut actor = doc.dataset().actor(merz).clone();
        assert!(actor.represents.is_some());
        actor.represents = None;
        doc.apply_edit(
            Edit::replace(merz.0, crate::document::edit::Entry::Actor(actor)),
            None,
        )
        .expect("fits");
        assert!(doc.edited_positions().is_none());
        assert_fresh(&doc, "represents");
    }
}
