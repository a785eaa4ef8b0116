//! The drawable scene: every node, edge and label with its style and place in world units.
//!
//! Both painters (the egui graph view and the image exporters) draw a [`Scene`] and nothing
//! else, so an export shows exactly what the screen shows. Building a scene is pure: the same
//! dataset, filter, positions, selection and theme give the same scene.

mod cache;
mod groups;
mod legend;
pub mod network;
mod patch;
mod query;
pub mod stakeholders;

use std::sync::Arc;

use ecolor::Color32;
use emath::{Pos2, Vec2};
use petgraph::graph::{EdgeIndex, NodeIndex};

pub use self::cache::SceneCache;
pub use self::groups::{GROUP_CAPTION_POINTS, GROUP_CAPTION_SIZE, GROUP_FRAME_WIDTH, SceneGroup};
use crate::document::{Marks, Selection};
use crate::graph::{Edge, Node, StanceGraph, Subgraph};
use crate::model::{ActorIx, ActorKind, Dataset, PositionIx, StanceKind};
use crate::style::{
    Dash, Emphasis, LegendItem, REPRESENTS_WIDTH, Shape, Theme, kind_shape, node_radius,
    wrapped_labels,
};

/// A node ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneNode {
    /// The graph node it draws.
    pub node: Node,

    /// The graph node index.
    pub index: NodeIndex,

    /// The dataset id.
    pub id: Arc<str>,

    /// The display name.
    pub name: Arc<str>,

    /// The label, wrapped into lines.
    pub label_lines: Arc<[String]>,

    /// The size of the label at the label font size (world units at zoom 1), measured once.
    pub label_size: Vec2,

    /// How much larger than the usual size its label is drawn: 1 in the graph; in the network
    /// up to [`network::MAX_LABEL_SCALE`] for the strongest actors.
    pub label_scale: f32,

    /// "Country", "Leader", "Organization" or "Issue".
    pub kind_label: &'static str,

    /// Centre, in world units.
    pub center: Pos2,

    /// Radius of the shape, in world units.
    pub radius: f32,

    /// Outline.
    pub shape: Shape,

    /// Fill colour.
    pub fill: Color32,

    /// Outline colour.
    pub stroke: Color32,

    /// How many positions touch the node; labels of busier nodes win.
    pub degree: usize,

    /// Selection state.
    pub emphasis: Emphasis,

    /// Whether the label is set to the right of the node (an actor in a stance picture,
    /// where names read as lists) instead of below it.
    pub label_right: bool,

    /// The width a label set to the right has before the next column of its stance group
    /// (world units; infinite elsewhere): a name drawn wider is shortened to it.
    pub label_room: f32,
}

impl SceneNode {
    /// The node drawing a graph node from its catalogue entry, at `center`, filled as the
    /// theme and the colouring say.
    fn of(
        node: Node,
        index: NodeIndex,
        entry: &CatalogEntry,
        center: Pos2,
        theme: Theme,
        colouring: &crate::style::colour::Colouring,
    ) -> Self {
        let (mut fill, stroke) = theme.node_colors(entry.kind);
        if let (Node::Actor(a), Some(kind)) = (node, entry.kind)
            && !colouring.is_kind()
        {
            fill = colouring.fill(a, kind, theme);
        }
        Self {
            node,
            index,
            id: Arc::clone(&entry.id),
            name: Arc::clone(&entry.name),
            label_lines: Arc::clone(&entry.label_lines),
            label_size: entry.label_size,
            label_scale: 1.0,
            kind_label: entry.kind.map_or("Issue", ActorKind::label),
            center,
            radius: node_radius(entry.kind.is_none(), entry.degree),
            shape: kind_shape(entry.kind),
            fill,
            stroke,
            degree: entry.degree,
            emphasis: Emphasis::Normal,
            label_right: false,
            label_room: f32::INFINITY,
        }
    }

    /// Its accessible name, the same in the window and the HTML snapshot: its kind and name,
    /// e.g. "Leader: Friedrich Merz".
    pub fn accessible_name(&self) -> String {
        format!("{}: {}", self.kind_label, self.name)
    }

    /// The label's lines in display order, for painters that do not order right-to-left text
    /// themselves (the window; SVG viewers and resvg take the lines as written).
    pub fn display_lines(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        self.label_lines
            .iter()
            .map(|line| crate::text::bidi::visual(line))
    }
}

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A position with its stance.
    Position(PositionIx, StanceKind),

    /// A `represents` link.
    Represents,

    /// A tie of the agreement network between two actors.
    Tie(ActorIx, ActorIx),
}

/// An edge ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneEdge {
    /// The graph edge it draws.
    pub edge: EdgeIndex,

    /// What it stands for.
    pub kind: EdgeKind,

    /// Index of the source node in [`Scene::nodes`].
    pub from: usize,

    /// Index of the target node in [`Scene::nodes`].
    pub to: usize,

    /// Line colour.
    pub color: Color32,

    /// Line width, in world units.
    pub width: f32,

    /// Line pattern.
    pub dash: Dash,

    /// Selection state.
    pub emphasis: Emphasis,

    /// Whether the pair's stance changed over time (the edge draws the latest one, with a
    /// ring at its middle).
    pub changed: bool,
}

impl SceneEdge {
    /// The edge drawing a graph edge between two scene nodes (`ends`), as the theme styles it.
    fn of(
        graph: &StanceGraph,
        edge: EdgeIndex,
        weight: Edge,
        ends: (usize, usize),
        theme: Theme,
    ) -> Self {
        let (kind, color, width, dash) = match weight {
            Edge::Position { position, stance } => {
                let (width, dash) = Theme::stance_line(stance);
                (
                    EdgeKind::Position(position, stance),
                    theme.stance_color(stance),
                    width,
                    dash,
                )
            }
            Edge::Represents => (
                EdgeKind::Represents,
                theme.represents_color(),
                REPRESENTS_WIDTH,
                Dash::Solid,
            ),
        };
        let changed = matches!(weight, Edge::Position { position, .. }
            if graph.has_histories() && graph.stance_changed(position));
        Self {
            edge,
            kind,
            from: ends.0,
            to: ends.1,
            color,
            width,
            dash,
            emphasis: Emphasis::Normal,
            changed,
        }
    }
}

/// Everything that is drawn, in world units.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Visible nodes, actors first.
    pub nodes: Vec<SceneNode>,

    /// Visible edges, drawn before (under) the nodes.
    pub edges: Vec<SceneEdge>,

    /// Legend rows for what appears in the scene.
    pub legend: Vec<LegendItem>,

    /// The stance groups of the one issue in focus (empty otherwise).
    pub groups: Vec<SceneGroup>,

    /// The theme the colours come from.
    pub theme: Theme,

    /// The order edges are painted in: dimmed ones first, so highlighted ones are on top.
    paint_order: Vec<usize>,

    /// The order labels claim space in: selection, neighbours, issues, then by degree.
    label_order: Vec<usize>,

    /// The label order without a selection (issues, then by degree), sorted once per build;
    /// a selection only moves its nodes to the front.
    base_label_order: Vec<usize>,

    /// Nodes whose labels are always drawn, by scene node (empty: none), e.g. the network's
    /// strongest and searched actors.
    pinned: Vec<bool>,

    /// The scene node of each graph node (by graph index; `usize::MAX` when not shown).
    slot: Vec<usize>,
}

/// What a scene shows of each node of a graph that depends on neither the filter, the
/// layout nor the theme (names, wrapped labels and their sizes, kinds, degrees), by graph node
/// index: made once per dataset, shared by every scene built from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeCatalog {
    entries: Vec<CatalogEntry>,
    /// Graph node indices in the order labels claim space when nothing is selected: issues
    /// first, then by degree (most first), then by index.
    label_order: Vec<usize>,
}

/// One node's entry: what its [`SceneNode`] copies.
#[derive(Clone, Debug, PartialEq)]
struct CatalogEntry {
    /// The dataset id.
    id: Arc<str>,
    /// The display name.
    name: Arc<str>,
    /// The label, wrapped.
    label_lines: Arc<[String]>,
    /// The label's size at zoom 1.
    label_size: Vec2,
    /// The actor's kind; `None` for an issue.
    kind: Option<ActorKind>,
    /// Positions touching the node.
    degree: usize,
}

impl NodeCatalog {
    /// The catalogue of every node of `graph`, built from `dataset`.
    pub fn new(dataset: &Dataset, graph: &StanceGraph) -> Self {
        let facts: Vec<_> = graph
            .graph
            .node_weights()
            .map(|&node| (node, graph.node_facts(dataset, node)))
            .collect();
        let names: Vec<&str> = facts.iter().map(|(_, (name, _, _))| *name).collect();
        let entries = facts
            .iter()
            .zip(wrapped_labels(&names))
            .map(
                |(&(node, (name, kind, degree)), (label_lines, label_size))| CatalogEntry {
                    id: match node {
                        Node::Actor(a) => dataset.actor(a).id.as_str().into(),
                        Node::Issue(i) => dataset.issue(i).id.as_str().into(),
                    },
                    name: name.into(),
                    label_size,
                    label_lines: label_lines.into(),
                    kind,
                    degree,
                },
            )
            .collect::<Vec<_>>();
        let mut catalog = Self {
            entries,
            label_order: Vec::new(),
        };
        catalog.order_labels();
        catalog
    }

    /// Brings the catalogue up to date with an edited dataset whose graph has as many nodes
    /// (an edit of positions, or of an actor's or issue's fields): only the entries that
    /// changed are made again, and only new names are wrapped. Returns false, changing
    /// nothing, when the node count differs (then [`Self::new`] is what fits).
    pub fn refresh(&mut self, dataset: &Dataset, graph: &StanceGraph) -> bool {
        if graph.graph.node_count() != self.entries.len() {
            return false;
        }
        let mut reorder = false;
        let mut renamed: Vec<usize> = Vec::new();
        for (g, &node) in graph.graph.node_weights().enumerate() {
            let (name, kind, degree) = graph.node_facts(dataset, node);
            let id = match node {
                Node::Actor(a) => dataset.actor(a).id.as_str(),
                Node::Issue(i) => dataset.issue(i).id.as_str(),
            };
            let entry = &mut self.entries[g];
            if *entry.id != *id {
                entry.id = id.into();
            }
            if *entry.name != *name {
                entry.name = name.into();
                renamed.push(g);
            }
            if entry.kind != kind || entry.degree != degree {
                entry.kind = kind;
                entry.degree = degree;
                reorder = true;
            }
        }
        let names: Vec<&str> = renamed.iter().map(|&g| &*self.entries[g].name).collect();
        let wrapped = wrapped_labels(&names);
        for (&g, (label_lines, label_size)) in renamed.iter().zip(wrapped) {
            self.entries[g].label_lines = label_lines.into();
            self.entries[g].label_size = label_size;
        }
        if reorder {
            self.order_labels();
        }
        true
    }

    /// Issues first, then by degree (most first), then by index.
    fn order_labels(&mut self) {
        let entries = &self.entries;
        let mut label_order: Vec<usize> = std::mem::take(&mut self.label_order);
        label_order.clear();
        label_order.extend(0..entries.len());
        label_order.sort_unstable_by_key(|&g| {
            let e = &entries[g];
            (e.kind.is_some(), std::cmp::Reverse(e.degree), g)
        });
        self.label_order = label_order;
    }
}

impl Scene {
    /// Builds the scene for the visible part of a graph.
    ///
    /// `positions` holds a world position per graph node (by node index).
    pub fn build(
        dataset: &Dataset,
        graph: &StanceGraph,
        visible: &Subgraph,
        positions: &[Pos2],
        selection: Option<Selection>,
        theme: Theme,
    ) -> Self {
        let catalog = NodeCatalog::new(dataset, graph);
        let colouring = crate::style::colour::Colouring::default();
        Self::build_from(
            &catalog, graph, visible, positions, selection, theme, &colouring,
        )
    }

    /// [`Self::build`] from a catalogue of the graph's nodes made once (what a window keeps,
    /// so a filter change does not name, wrap and measure every node again), its actors
    /// filled as `colouring` says.
    pub fn build_from(
        catalog: &NodeCatalog,
        graph: &StanceGraph,
        visible: &Subgraph,
        positions: &[Pos2],
        selection: Option<Selection>,
        theme: Theme,
        colouring: &crate::style::colour::Colouring,
    ) -> Self {
        debug_assert_eq!(
            catalog.entries.len(),
            graph.graph.node_count(),
            "a catalogue of another graph"
        );
        let mut slot = vec![usize::MAX; graph.graph.node_count()];
        let mut nodes = Vec::with_capacity(visible.nodes.len());
        for &index in &visible.nodes {
            let (Some(node), Some(entry)) = (graph.node(index), catalog.entries.get(index.index()))
            else {
                continue;
            };
            slot[index.index()] = nodes.len();
            let center = positions.get(index.index()).copied().unwrap_or(Pos2::ZERO);
            nodes.push(SceneNode::of(node, index, entry, center, theme, colouring));
        }
        let mut edges = Vec::with_capacity(visible.edges.len());
        let raw_edges = graph.graph.raw_edges();
        // An actor with several positions on one issue is drawn by its latest shown one
        // (the inspector and the table list them all).
        let mut shown_position = vec![false; visible.position_count.max(1)];
        let superseded = |p: PositionIx, shown: &[bool]| {
            graph.has_history(p)
                && graph
                    .history(p)
                    .iter()
                    .skip_while(|&&q| q != p)
                    .skip(1)
                    .any(|q| shown.get(q.0 as usize).copied().unwrap_or(false))
        };
        if graph.has_histories() {
            shown_position = vec![false; graph.position_count()];
            for &edge in &visible.edges[..visible.position_count] {
                if let Some(flag) = shown_position.get_mut(edge.index()) {
                    *flag = true;
                }
            }
        }
        for &edge in &visible.edges {
            let Some(raw) = raw_edges.get(edge.index()) else {
                continue;
            };
            let weight = &raw.weight;
            if let Edge::Position { position, .. } = *weight
                && graph.has_histories()
                && superseded(position, &shown_position)
            {
                continue;
            }
            let (from, to) = (slot[raw.source().index()], slot[raw.target().index()]);
            if from == usize::MAX || to == usize::MAX {
                continue;
            }
            edges.push(SceneEdge::of(graph, edge, *weight, (from, to), theme));
        }
        let mut scene = Self {
            legend: legend::legend(theme, &nodes, &edges, colouring, catalog),
            groups: Vec::new(),
            nodes,
            edges,
            theme,
            paint_order: Vec::new(),
            label_order: Vec::new(),
            base_label_order: Vec::new(),
            pinned: Vec::new(),
            slot,
        };
        let base: Vec<usize> = catalog
            .label_order
            .iter()
            .map(|&g| scene.slot[g])
            .filter(|&i| i != usize::MAX)
            .collect();
        scene.base_label_order = base;
        scene.reselect(graph, selection, None);
        scene
    }

    /// Applies a new selection (emphasis, and the paint and label orders that follow from
    /// it) without rebuilding anything else: selecting on a large graph costs a pass over the
    /// edges, not a new scene.
    /// Without a selection, pairs a comparison `marked` are highlighted and the rest dimmed.
    pub fn reselect(
        &mut self,
        graph: &StanceGraph,
        selection: Option<Selection>,
        marked: Option<&Marks>,
    ) {
        for node in &mut self.nodes {
            node.emphasis = Emphasis::Normal;
        }
        for edge in &mut self.edges {
            edge.emphasis = Emphasis::Normal;
        }
        // A selection the scene cannot show (filtered out) leaves the marks in view.
        let shown = selection.is_some() && self.apply_selection(graph, selection);
        let marks = !shown && marked.is_some();
        if !shown && let Some(marked) = marked {
            self.apply_marks(marked);
        }
        // Dimmed edges first, so highlighted ones are painted on top (stable: file order
        // within each group); with neither a selection nor marks none is dimmed.
        let edges = &self.edges;
        let dimmed = |i: &usize| edges[*i].emphasis == Emphasis::Dimmed;
        self.paint_order.clear();
        self.paint_order.reserve(edges.len());
        if shown || marks {
            self.paint_order.extend((0..edges.len()).filter(dimmed));
            self.paint_order
                .extend((0..edges.len()).filter(|i| !dimmed(i)));
        } else {
            self.paint_order.extend(0..edges.len());
        }
        self.order_labels();
    }

    /// Labels these nodes (by scene node) whatever else competes for the space, and lets
    /// them claim it first after the selection.
    pub fn pin_labels(&mut self, pinned: Vec<bool>) {
        self.pinned = pinned;
        self.order_labels();
    }

    /// Whether a node's label is always drawn.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// The order labels claim space in: selected, pinned, highlighted, plain, dimmed; the base
    /// order within each (a stable bucketing, not a sort: this runs on every click).
    fn order_labels(&mut self) {
        let rank: Vec<u8> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| match n.emphasis {
                Emphasis::Selected => 0,
                _ if self.is_pinned(i) => 1,
                Emphasis::Highlighted => 2,
                Emphasis::Normal => 3,
                Emphasis::Dimmed => 4,
            })
            .collect();
        let mut label_order = Vec::with_capacity(rank.len());
        for wanted in 0..5 {
            label_order.extend(
                self.base_label_order
                    .iter()
                    .copied()
                    .filter(|&i| rank[i] == wanted),
            );
        }
        self.label_order = label_order;
    }

    /// Moves the nodes to new positions (one per graph node, by node index), keeping
    /// everything else: what an animation step or a layout in progress changes.
    pub fn move_to(&mut self, positions: &[Pos2]) {
        for node in &mut self.nodes {
            if let Some(&p) = positions.get(node.index.index()) {
                node.center = p;
            }
        }
    }

    /// Highlights the edges of marked pairs and their ends, and dims everything else. In the
    /// agreement network (actors only) the actors of marked pairs are highlighted, with the
    /// ties among them.
    fn apply_marks(&mut self, marked: &Marks) {
        let movers: std::collections::HashSet<ActorIx> = marked.iter().map(|&(a, _)| a).collect();
        for node in &mut self.nodes {
            node.emphasis = match node.node {
                Node::Actor(a) if movers.contains(&a) => Emphasis::Highlighted,
                _ => Emphasis::Dimmed,
            };
        }
        for edge in &mut self.edges {
            if let EdgeKind::Tie(a, b) = edge.kind {
                edge.emphasis = if movers.contains(&a) && movers.contains(&b) {
                    Emphasis::Highlighted
                } else {
                    Emphasis::Dimmed
                };
                continue;
            }
            let pair = match (self.nodes[edge.from].node, self.nodes[edge.to].node) {
                (Node::Actor(a), Node::Issue(i)) => Some((a, i)),
                _ => None,
            };
            let hit = matches!(edge.kind, EdgeKind::Position(..))
                && pair.is_some_and(|p| marked.contains(&p));
            edge.emphasis = if hit {
                Emphasis::Highlighted
            } else {
                Emphasis::Dimmed
            };
            if hit {
                self.nodes[edge.from].emphasis = Emphasis::Highlighted;
                self.nodes[edge.to].emphasis = Emphasis::Highlighted;
            }
        }
    }

    /// Marks the selection, its neighbourhood, and dims everything else; returns whether the
    /// selection is in the scene.
    fn apply_selection(&mut self, graph: &StanceGraph, selection: Option<Selection>) -> bool {
        let selected_node = match selection {
            Some(Selection::Node(node)) => {
                let index = match node {
                    Node::Actor(a) => graph.actor_node(a),
                    Node::Issue(i) => graph.issue_node(i),
                };
                self.slot
                    .get(index.index())
                    .copied()
                    .filter(|&s| s != usize::MAX)
            }
            _ => None,
        };
        let selected_edge = match selection {
            // An earlier position of a pair is shown by the pair's edge (its latest).
            Some(Selection::Position(p)) => self
                .edges
                .iter()
                .position(|e| matches!(e.kind, EdgeKind::Position(q, _) if q == p))
                .or_else(|| {
                    let history = graph.history(p);
                    self.edges.iter().position(
                        |e| matches!(e.kind, EdgeKind::Position(q, _) if history.contains(&q)),
                    )
                }),
            _ => None,
        };
        // A pair: the edges from that actor to that issue.
        let slot_of = |index: petgraph::graph::NodeIndex| {
            self.slot
                .get(index.index())
                .copied()
                .filter(|&s| s != usize::MAX)
        };
        let pair = match selection {
            Some(Selection::Pair(a, i)) => {
                slot_of(graph.actor_node(a)).zip(slot_of(graph.issue_node(i)))
            }
            _ => None,
        };
        if selected_node.is_none() && selected_edge.is_none() && pair.is_none() {
            return false;
        }
        for node in &mut self.nodes {
            node.emphasis = Emphasis::Dimmed;
        }
        for (i, edge) in self.edges.iter_mut().enumerate() {
            let touches = selected_node.is_some_and(|s| edge.from == s || edge.to == s);
            let in_pair = pair.is_some_and(|(a, c)| edge.from == a && edge.to == c);
            edge.emphasis = if Some(i) == selected_edge || in_pair {
                Emphasis::Selected
            } else if touches {
                Emphasis::Highlighted
            } else {
                Emphasis::Dimmed
            };
            if edge.emphasis != Emphasis::Dimmed {
                self.nodes[edge.from].emphasis = Emphasis::Highlighted;
                self.nodes[edge.to].emphasis = Emphasis::Highlighted;
            }
        }
        if let Some(s) = selected_node {
            self.nodes[s].emphasis = Emphasis::Selected;
        }
        true
    }
}

#[cfg(test)]
mod tests;
