//! The document: one loaded dataset with everything the views share (its graph, the filter,
//! the search, the selection, the visible subgraph, dragged nodes and the layout keyed by its
//! request). No egui: the window, the command line and every export go through it.
//!
//! Every change to what the views draw (the filter, the search, the selection, where nodes
//! are shown) goes through a method that bumps a counter of its [`Revision`]; scenes and
//! tables are derived from the document and rebuilt only when the counters they were built
//! from have moved, never invalidated by hand. (A layout's target positions are not drawn:
//! they count once the nodes are shown there.)

pub mod edit;
mod editing;
mod filter;
mod focus;
mod incremental;
mod layout;
pub mod reading;
mod recall;
pub mod table;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use emath::Pos2;
use petgraph::graph::NodeIndex;

pub use self::editing::Editing;
pub use self::filter::{FilterError, FilterSpec, Search, UnknownId};
pub use self::focus::{
    Focus, FocusGroup, GROUP_ORDER, focus as stance_picture, one_line_label, single_issue,
};
pub use self::incremental::EditedPositions;
pub use self::layout::layout_request;
use crate::graph::{Filter, Node, StanceGraph, Subgraph};
use crate::layout::{self as force, LayoutParams, LayoutRequest};
use crate::model::{ActorIx, DataSource, Dataset, IssueIx, PositionIx};
use crate::style::colour::{Blocs, ColourBy, Colouring};

/// Graphs up to this many nodes (and [`SYNC_LAYOUT_EDGES`] edges) are laid out at once when
/// a layout starts; larger ones on a worker.
const SYNC_LAYOUT_NODES: usize = 400;

/// See [`SYNC_LAYOUT_NODES`].
const SYNC_LAYOUT_EDGES: usize = 4000;

/// What the user has selected, shared by every view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Selection {
    /// An actor or issue node.
    Node(Node),

    /// One position.
    Position(PositionIx),

    /// Every position of one actor on one issue (a cell of the matrix).
    Pair(ActorIx, IssueIx),

    /// Two actors: where they agree and disagree (a tie of the agreement network).
    Actors(ActorIx, ActorIx),
}

/// The (actor, issue) pairs a comparison found changed, added or removed.
pub type Marks = std::collections::HashSet<(ActorIx, IssueIx)>;

/// Where the nodes are when a layout starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutStart {
    /// At the layout's seeded placement (a new document).
    Seeded,
    /// Where they are shown now (a layout started again: nodes glide to the new one).
    AsShown,
}

/// Which version of which document something was derived from: the document's identity and
/// one counter per kind of change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Revision {
    /// Unique per document made (a reload is a new document).
    pub document: u64,
    /// Bumped when the filter changes (and so the visible subgraph).
    pub filter: u64,
    /// Bumped when the search text changes.
    pub search: u64,
    /// Bumped when the selection changes.
    pub selection: u64,
    /// Bumped when where nodes are shown changes (layout, animation, drags).
    pub positions: u64,
    /// Bumped when what actors are coloured by changes (or the blocs it uses).
    pub colour: u64,
}

/// A loaded dataset and the state every view shares.
#[derive(Debug)]
pub struct Document {
    /// Where the data came from.
    source: DataSource,
    /// The dataset, shared with workers (exports, loads).
    dataset: Arc<Dataset>,
    /// "18 actors, 11 issues, 25 positions (…)", counted once.
    summary: String,
    /// The graph of the whole dataset.
    graph: StanceGraph,
    /// What the layout is asked to do; positions are kept while it stays the same.
    request: Arc<LayoutRequest>,
    /// Where the layout wants each node (by graph node index).
    target: Vec<Pos2>,
    /// Where each node goes: `target`, but for the nodes of a stance picture (`focus`).
    goal: Vec<Pos2>,
    /// Where each node is shown now (animates towards `goal`).
    shown: Vec<Pos2>,
    /// The stance picture of the one issue the filter shows, if it shows one.
    focus: Option<Arc<Focus>>,
    /// Nodes the user dragged, by graph node index.
    pinned: BTreeMap<usize, Pos2>,
    /// What part of the graph is shown.
    filter: Filter,
    /// The search text (narrows the table and the filter panel's lists).
    search: String,
    /// What is selected, in every view.
    selection: Option<Selection>,
    /// Pairs a comparison marked (the changed ones), highlighted in every view.
    marked: Option<Arc<Marks>>,
    /// The part of the graph the filter shows.
    visible: Subgraph,
    /// Which version of the document this is.
    revision: Revision,
    /// The edits made to it, and what saving them needs.
    editing: Editing,
    /// What actors are coloured by, in every view.
    colour_by: ColourBy,
    /// The agreement network's blocs, once a network view computed them.
    blocs: Option<Arc<Blocs>>,
    /// The colouring `colour_by` gives.
    colouring: Arc<Colouring>,
    /// The last edit, when it changed positions alone (what views follow in place).
    edited: Option<Arc<EditedPositions>>,
}

static NEXT_DOCUMENT: AtomicU64 = AtomicU64::new(1);

impl Document {
    /// A document for a dataset under a filter, with no layout yet (see
    /// [`Self::needs_layout`]). `previous`, an earlier version of the same file, hands on
    /// the selection, the search and dragged nodes (matched by id), and its layout when the
    /// new file has the same nodes and edges (only texts changed).
    pub fn new(
        source: DataSource,
        dataset: Dataset,
        filter: Filter,
        params: LayoutParams,
        previous: Option<&Self>,
    ) -> Self {
        let graph = StanceGraph::build(&dataset);
        let request = Arc::new(layout_request(&dataset, &graph, params));
        let mut doc = Self {
            source,
            summary: dataset.summary(),
            visible: graph.subgraph(&dataset, &filter),
            dataset: Arc::new(dataset),
            graph,
            request,
            target: Vec::new(),
            goal: Vec::new(),
            shown: Vec::new(),
            focus: None,
            pinned: BTreeMap::new(),
            filter,
            search: String::new(),
            selection: None,
            marked: None,
            revision: Revision {
                document: NEXT_DOCUMENT.fetch_add(1, Ordering::Relaxed),
                ..Revision::default()
            },
            editing: Editing::default(),
            colour_by: ColourBy::Kind,
            blocs: None,
            colouring: Arc::default(),
            edited: None,
        };
        if let Some(old) = previous {
            doc.carry_over(old);
        }
        doc
    }

    /// What actors are coloured by.
    pub fn colour_by(&self) -> &ColourBy {
        &self.colour_by
    }

    /// The colouring of the actors, as every view and export fills them.
    pub fn colouring(&self) -> &Colouring {
        &self.colouring
    }

    /// The agreement network's blocs, when a network view computed them for this version.
    pub fn blocs(&self) -> Option<&Blocs> {
        self.blocs
            .as_deref()
            .filter(|b| b.document == self.revision.document)
    }

    /// Colours actors by something else; returns whether it changed.
    pub fn set_colour_by(&mut self, by: ColourBy) -> bool {
        if by == self.colour_by {
            return false;
        }
        self.colour_by = by;
        self.recolour();
        true
    }

    /// Hands over the blocs of the agreement network (what colouring by bloc shows).
    pub fn set_blocs(&mut self, blocs: Blocs) {
        if self.blocs.as_deref() == Some(&blocs) {
            return;
        }
        self.blocs = Some(Arc::new(blocs));
        if self.colour_by == ColourBy::Bloc {
            self.recolour();
        }
    }

    /// Makes the colouring again (after its choice, the blocs or the actors changed).
    fn recolour(&mut self) {
        let colouring = Colouring::new(&self.dataset, &self.colour_by, self.blocs());
        if *self.colouring != colouring {
            self.colouring = Arc::new(colouring);
            self.revision.colour += 1;
        }
    }

    /// A document laid out to rest at once, as exports and the command line need it.
    pub fn laid_out(
        source: DataSource,
        dataset: Dataset,
        filter: Filter,
        selection: Option<Selection>,
    ) -> Self {
        let mut doc = Self::new(source, dataset, filter, LayoutParams::default(), None);
        doc.layout_now();
        doc.select(selection);
        doc
    }

    /// Takes over what the user did in an earlier version of the same file.
    fn carry_over(&mut self, old: &Self) {
        self.colour_by = old.colour_by.clone();
        self.recolour();
        let index_of: BTreeMap<String, usize> = self
            .graph
            .graph
            .node_indices()
            .filter_map(|n| Some((node_key(&self.dataset, self.graph.node(n)?), n.index())))
            .collect();
        let new_index = |old_node: Option<Node>| {
            old_node.and_then(|n| index_of.get(&node_key(&old.dataset, n)).copied())
        };
        for (&old_index, &pos) in &old.pinned {
            if let Some(index) = new_index(old.graph.node(NodeIndex::new(old_index))) {
                self.pinned.insert(index, pos);
            }
        }
        self.selection = match old.selection {
            Some(Selection::Node(node)) => new_index(Some(node))
                .and_then(|i| self.graph.node(NodeIndex::new(i)))
                .map(Selection::Node),
            // A position is the same one when its actor, issue and quote are.
            Some(Selection::Position(p)) => {
                let wanted = position_key(&old.dataset, p);
                self.dataset
                    .position_ixs()
                    .find(|&q| position_key(&self.dataset, q) == wanted)
                    .map(Selection::Position)
            }
            Some(Selection::Actors(a, b)) => {
                let a = self.dataset.find_actor(&old.dataset.actor(a).id);
                let b = self.dataset.find_actor(&old.dataset.actor(b).id);
                a.zip(b).map(|(a, b)| Selection::Actors(a, b))
            }
            Some(Selection::Pair(actor, issue)) => {
                let actor = self.dataset.find_actor(&old.dataset.actor(actor).id);
                let issue = self.dataset.find_issue(&old.dataset.issue(issue).id);
                actor.zip(issue).map(|(a, i)| Selection::Pair(a, i))
            }
            None => None,
        };
        self.search.clone_from(&old.search);
        if old.request == self.request && old.target.len() == self.graph.graph.node_count() {
            // Same structure: keep the picture exactly.
            self.target.clone_from(&old.target);
            self.shown.clone_from(&old.target);
        }
        self.apply_pins(true);
        self.refocus();
        if !self.needs_layout() {
            self.shown.clone_from(&self.goal);
        }
    }

    /// Where the data came from.
    pub fn source(&self) -> &DataSource {
        &self.source
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The dataset, shared (for work on other threads).
    pub fn dataset_arc(&self) -> &Arc<Dataset> {
        &self.dataset
    }

    /// "18 actors, 11 issues, 25 positions (…)".
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// The graph of the whole dataset.
    pub fn graph(&self) -> &StanceGraph {
        &self.graph
    }

    /// The filter in use.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The search text in use.
    pub fn search(&self) -> &str {
        &self.search
    }

    /// The selection.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    /// The part of the graph the filter shows.
    pub fn visible(&self) -> &Subgraph {
        &self.visible
    }

    /// The positions the filter shows, in dataset order.
    pub fn visible_positions(&self) -> impl ExactSizeIterator<Item = PositionIx> + '_ {
        // Positions are the graph's first edges: a position's edge index is its index.
        self.visible.edges[..self.visible.position_count]
            .iter()
            .map(|e| PositionIx(e.index() as u32))
    }

    /// The actors and issues the filter shows.
    pub fn visible_nodes(&self) -> Vec<Node> {
        self.visible
            .nodes
            .iter()
            .filter_map(|&n| self.graph.node(n))
            .collect()
    }

    /// Where each node is shown, by graph node index.
    pub fn positions(&self) -> &[Pos2] {
        &self.shown
    }

    /// Where each node is going (where it will rest once the glide ends), by graph node index.
    pub fn goal(&self) -> &[Pos2] {
        &self.goal
    }

    /// Where a node is shown.
    pub fn position_of(&self, node: Node) -> Option<Pos2> {
        let index = match node {
            Node::Actor(a) => self.graph.actor_node(a),
            Node::Issue(i) => self.graph.issue_node(i),
        };
        self.shown.get(index.index()).copied()
    }

    /// What the layout is asked to do.
    pub fn request(&self) -> &Arc<LayoutRequest> {
        &self.request
    }

    /// Which version of the document this is.
    pub fn revision(&self) -> Revision {
        self.revision
    }

    /// Counts of what is visible: (actors, issues, positions).
    pub fn visible_counts(&self) -> (usize, usize, usize) {
        // The visible nodes are the actors, then the issues (`StanceGraph::subgraph`): the
        // first issue is found by halving, not by a pass over 20,000 nodes each frame.
        let nodes = &self.visible.nodes;
        let actors =
            nodes.partition_point(|&node| matches!(self.graph.node(node), Some(Node::Actor(_))));
        (actors, nodes.len() - actors, self.visible.position_count)
    }

    /// The footer lines of a snapshot: what the filter shows, and the source.
    pub fn footer(&self) -> Vec<String> {
        footer(&self.dataset, &self.filter)
    }

    /// Shows another part of the graph; returns whether anything changed.
    pub fn set_filter(&mut self, filter: Filter) -> bool {
        if filter == self.filter {
            return false;
        }
        self.visible = self.graph.subgraph(&self.dataset, &filter);
        self.filter = filter;
        self.revision.filter += 1;
        self.refocus();
        true
    }

    /// Searches for another text; returns whether it changed.
    pub fn set_search(&mut self, search: String) -> bool {
        if search == self.search {
            return false;
        }
        self.search = search;
        self.revision.search += 1;
        true
    }

    /// Selects a node or position, or clears the selection; returns whether it changed.
    pub fn select(&mut self, selection: Option<Selection>) -> bool {
        if selection == self.selection {
            return false;
        }
        self.selection = selection;
        self.revision.selection += 1;
        true
    }

    /// The pairs a comparison marked, if one is shown.
    pub fn marked(&self) -> Option<&Arc<Marks>> {
        self.marked.as_ref()
    }

    /// Marks pairs (a comparison's changes) or clears the marks; the scene treats a change
    /// of marks as it treats a new selection.
    pub fn set_marked(&mut self, marked: Option<Arc<Marks>>) -> bool {
        if marked == self.marked {
            // The same pairs, perhaps another copy of them: keep that copy, so a caller that
            // compares copies by address sees them as the same from now on.
            self.marked = marked;
            return false;
        }
        self.marked = marked;
        self.revision.selection += 1;
        true
    }

    /// Whether no layout has placed the nodes yet.
    pub fn needs_layout(&self) -> bool {
        self.target.len() != self.graph.graph.node_count()
    }

    /// Lays the whole graph out now, to rest, and shows it there (exports, the command line).
    pub fn layout_now(&mut self) {
        self.target = force::compute(&self.request);
        self.apply_pins(false);
        self.refocus();
        self.shown.clone_from(&self.goal);
        self.revision.positions += 1;
    }

    /// Starts a layout: a small graph is laid out at once (`None`); a large one returns the
    /// request for a worker, whose results come back through [`Self::layout_published`].
    /// From a seeded start, the nodes first appear at the layout's seeded placement;
    /// otherwise they stay where they are and glide to what the worker publishes.
    pub fn start_layout(&mut self, start: LayoutStart) -> Option<Arc<LayoutRequest>> {
        let request = &self.request;
        let worker = if request.nodes.len() <= SYNC_LAYOUT_NODES
            && request.edges.len() <= SYNC_LAYOUT_EDGES
        {
            self.target = force::compute(request);
            None
        } else {
            if start == LayoutStart::Seeded || self.needs_layout() {
                self.target = force::ForceLayout::new(request).positions();
            }
            Some(Arc::clone(request))
        };
        self.apply_pins(false);
        self.refocus();
        if start == LayoutStart::Seeded || self.shown.len() != self.goal.len() {
            self.shown.clone_from(&self.goal);
        }
        self.revision.positions += 1;
        worker
    }

    /// Takes positions a layout worker published (dragged nodes stay where they were put).
    pub fn layout_published(&mut self, positions: Vec<Pos2>) {
        self.target = positions;
        self.apply_pins(false);
        self.follow_anchor();
    }

    /// Stops following a layout: the nodes stay where they are shown.
    pub fn layout_stopped(&mut self) {
        let focused = self.focused_nodes();
        for (i, (target, shown)) in self.target.iter_mut().zip(&self.shown).enumerate() {
            if !focused.get(i).copied().unwrap_or(false) {
                *target = *shown;
            }
        }
        self.regoal();
    }

    /// Forgets every dragged node (before a new layout).
    pub fn clear_pins(&mut self) {
        self.pinned.clear();
    }

    /// Puts a node where the user dragged it, and keeps it there.
    pub fn pin(&mut self, node: NodeIndex, world: Pos2) {
        let i = node.index();
        // In a stance picture the node moves within the picture (until the filter changes);
        // the force layout's place of it stays as it was.
        if let Some(focus) = &mut self.focus
            && let Some(place) = Arc::make_mut(focus)
                .places
                .iter_mut()
                .find(|(n, _)| *n == i)
        {
            place.1 = world;
            if let (Some(g), Some(s)) = (self.goal.get_mut(i), self.shown.get_mut(i)) {
                *g = world;
                *s = world;
                self.revision.positions += 1;
            }
            return;
        }
        if let (Some(t), Some(s)) = (self.target.get_mut(i), self.shown.get_mut(i)) {
            *t = world;
            *s = world;
            self.pinned.insert(i, world);
            if let Some(g) = self.goal.get_mut(i) {
                *g = world;
            }
            self.revision.positions += 1;
        }
    }

    /// Moves the shown positions a fraction `t` (0–1) of the way to the layout's; returns
    /// whether anything is still moving.
    pub fn animate(&mut self, t: f32) -> bool {
        let (mut moving, mut changed) = (false, false);
        for (shown, target) in self.shown.iter_mut().zip(&self.goal) {
            let delta = *target - *shown;
            if delta.length_sq() > 0.01 {
                *shown += delta * t;
                moving = true;
                changed = true;
            } else if *shown != *target {
                // The last small step snaps exactly onto the layout.
                *shown = *target;
                changed = true;
            }
        }
        if changed {
            self.revision.positions += 1;
        }
        moving
    }

    /// Whether the nodes are where the layout put them.
    pub fn is_at_rest(&self) -> bool {
        self.shown == self.goal
    }

    /// The stance picture shown, when the filter shows exactly one issue.
    pub fn focus(&self) -> Option<&Focus> {
        self.focus.as_deref()
    }

    /// Works out the stance picture for the filter (none unless it shows exactly one issue,
    /// and none before a layout, which gives the issue its place) and where nodes go.
    fn refocus(&mut self) {
        self.focus = None;
        if !self.needs_layout()
            && let Some(issue) = focus::single_issue(&self.graph, &self.visible)
        {
            let anchor = self.target[self.graph.issue_node(issue).index()];
            self.focus = focus::focus(
                &self.dataset,
                &self.graph,
                &self.visible,
                &self.request,
                anchor,
            )
            .map(Arc::new);
        }
        self.regoal();
    }

    /// Keeps the stance picture under its issue when a layout in progress moves the issue.
    fn follow_anchor(&mut self) {
        match &mut self.focus {
            Some(focus) => {
                let issue = self.graph.issue_node(focus.issue).index();
                let (Some(&now), Some(&(_, was))) = (self.target.get(issue), focus.places.first())
                else {
                    return;
                };
                let delta = now - was;
                if delta != emath::Vec2::ZERO {
                    Arc::make_mut(focus).translate(delta);
                }
                self.regoal();
            }
            None => self.refocus(),
        }
    }

    /// Which graph nodes the stance picture places.
    fn focused_nodes(&self) -> Vec<bool> {
        let mut focused = vec![false; self.target.len()];
        if let Some(focus) = &self.focus {
            for &(i, _) in &focus.places {
                if let Some(f) = focused.get_mut(i) {
                    *f = true;
                }
            }
        }
        focused
    }

    /// Where each node goes: the layout's place, or the stance picture's.
    fn regoal(&mut self) {
        self.goal.clone_from(&self.target);
        if let Some(focus) = &self.focus {
            for &(i, at) in &focus.places {
                if let Some(g) = self.goal.get_mut(i) {
                    *g = at;
                }
            }
        }
    }

    fn apply_pins(&mut self, shown_too: bool) {
        for (&i, &p) in &self.pinned {
            if let Some(t) = self.target.get_mut(i) {
                *t = p;
            }
            if shown_too && let Some(s) = self.shown.get_mut(i) {
                *s = p;
            }
        }
    }
}

/// A position's identity across versions of a file: its actor, issue and quote.
fn position_key(dataset: &Dataset, p: PositionIx) -> (&str, &str, &str) {
    let position = dataset.position(p);
    (
        &dataset.actor(position.actor).id,
        &dataset.issue(position.issue).id,
        &position.quote,
    )
}

/// The footer lines of a snapshot of a dataset under a filter.
pub fn footer(dataset: &Dataset, filter: &Filter) -> Vec<String> {
    std::iter::once(filter.caption(dataset))
        .chain(dataset.source_caption())
        .collect()
}

/// A node's identity across versions of a file (also the layout's key for it).
pub(crate) fn node_key(dataset: &Dataset, node: Node) -> String {
    match node {
        Node::Actor(a) => format!("actor:{}", dataset.actor(a).id),
        Node::Issue(i) => format!("issue:{}", dataset.issue(i).id),
    }
}

#[cfg(test)]
mod tests;
