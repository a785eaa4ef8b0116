//! The drawable scene: every node, edge and label with its style and place in world units.
//!
//! Both painters (the egui graph view and the image exporters) draw a [`Scene`] and nothing
//! else, so an export shows exactly what the screen shows. Building a scene is pure: the same
//! dataset, filter, positions, selection and theme give the same scene.

use std::sync::Arc;

use ecolor::Color32;
use emath::{Pos2, Rect, Vec2, pos2};
use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::document::{Document, Revision, Selection};
use crate::graph::{Edge, Node, StanceGraph, Subgraph};
use crate::model::{ActorKind, Dataset, PositionIx, StanceKind};
use crate::style::{
    Dash, Emphasis, LABEL_GAP, LABEL_LINE_HEIGHT, LABEL_SIZE, LegendItem, MIN_NODE_POINTS,
    NodeLook, Shape, Theme, dim, kind_shape, label_points, label_size, node_radius, wrap_label,
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
}

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A position with its stance.
    Position(PositionIx, StanceKind),

    /// A `represents` link.
    Represents,
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

    /// The theme the colours come from.
    pub theme: Theme,

    /// The order edges are painted in: dimmed ones first, so highlighted ones are on top.
    paint_order: Vec<usize>,

    /// The order labels claim space in: selection, neighbours, issues, then by degree.
    label_order: Vec<usize>,

    /// The label order without a selection (issues, then by degree), sorted once per build;
    /// a selection only moves its nodes to the front.
    base_label_order: Vec<usize>,

    /// The scene node of each graph node (by graph index; `usize::MAX` when not shown).
    slot: Vec<usize>,
}

/// What a scene shows of each node of a graph that depends on neither the filter, the
/// layout nor the theme (names, wrapped labels and their sizes, kinds, degrees), by graph node
/// index: made once per dataset, shared by every scene built from it.
#[derive(Clone, Debug, Default)]
pub struct NodeCatalog {
    entries: Vec<CatalogEntry>,
    /// Graph node indices in the order labels claim space when nothing is selected: issues
    /// first, then by degree (most first), then by index.
    label_order: Vec<usize>,
}

/// One node's entry: what its [`SceneNode`] copies.
#[derive(Clone, Debug)]
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
        let entries = graph
            .graph
            .node_weights()
            .map(|&node| {
                let (name, kind, degree) = graph.node_facts(dataset, node);
                let label_lines = wrap_label(name);
                CatalogEntry {
                    id: match node {
                        Node::Actor(a) => dataset.actor(a).id.as_str().into(),
                        Node::Issue(i) => dataset.issue(i).id.as_str().into(),
                    },
                    name: name.into(),
                    label_size: label_size(&label_lines),
                    label_lines: label_lines.into(),
                    kind,
                    degree,
                }
            })
            .collect::<Vec<_>>();
        let mut label_order: Vec<usize> = (0..entries.len()).collect();
        label_order.sort_unstable_by_key(|&g| {
            let e = &entries[g];
            (e.kind.is_some(), std::cmp::Reverse(e.degree), g)
        });
        Self {
            entries,
            label_order,
        }
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
        Self::build_from(&catalog, graph, visible, positions, selection, theme)
    }

    /// [`Self::build`] from a catalogue of the graph's nodes made once (what a window keeps,
    /// so a filter change does not name, wrap and measure every node again).
    pub fn build_from(
        catalog: &NodeCatalog,
        graph: &StanceGraph,
        visible: &Subgraph,
        positions: &[Pos2],
        selection: Option<Selection>,
        theme: Theme,
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
            let (fill, stroke) = theme.node_colors(entry.kind);
            slot[index.index()] = nodes.len();
            nodes.push(SceneNode {
                node,
                index,
                id: Arc::clone(&entry.id),
                name: Arc::clone(&entry.name),
                label_lines: Arc::clone(&entry.label_lines),
                label_size: entry.label_size,
                kind_label: entry.kind.map_or("Issue", ActorKind::label),
                center: positions.get(index.index()).copied().unwrap_or(Pos2::ZERO),
                radius: node_radius(entry.kind.is_none(), entry.degree),
                shape: kind_shape(entry.kind),
                fill,
                stroke,
                degree: entry.degree,
                emphasis: Emphasis::Normal,
            });
        }
        let mut edges = Vec::with_capacity(visible.edges.len());
        let raw_edges = graph.graph.raw_edges();
        for &edge in &visible.edges {
            let Some(raw) = raw_edges.get(edge.index()) else {
                continue;
            };
            let weight = &raw.weight;
            let (from, to) = (slot[raw.source().index()], slot[raw.target().index()]);
            if from == usize::MAX || to == usize::MAX {
                continue;
            }
            let (kind, color, width, dash) = match *weight {
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
                    1.2,
                    Dash::Solid,
                ),
            };
            edges.push(SceneEdge {
                edge,
                kind,
                from,
                to,
                color,
                width,
                dash,
                emphasis: Emphasis::Normal,
            });
        }
        let mut scene = Self {
            legend: legend(theme, &nodes, &edges),
            nodes,
            edges,
            theme,
            paint_order: Vec::new(),
            label_order: Vec::new(),
            base_label_order: Vec::new(),
            slot,
        };
        let base: Vec<usize> = catalog
            .label_order
            .iter()
            .map(|&g| scene.slot[g])
            .filter(|&i| i != usize::MAX)
            .collect();
        scene.base_label_order = base;
        scene.reselect(graph, selection);
        scene
    }

    /// Applies a new selection (emphasis, and the paint and label orders that follow from
    /// it) without rebuilding anything else: selecting on a large graph costs a pass over the
    /// edges, not a new scene.
    pub fn reselect(&mut self, graph: &StanceGraph, selection: Option<Selection>) {
        for node in &mut self.nodes {
            node.emphasis = Emphasis::Normal;
        }
        for edge in &mut self.edges {
            edge.emphasis = Emphasis::Normal;
        }
        self.apply_selection(graph, selection);
        // Dimmed edges first, so highlighted ones are painted on top (stable: file order
        // within each group).
        let edges = &self.edges;
        let dimmed = |i: &usize| edges[*i].emphasis == Emphasis::Dimmed;
        self.paint_order.clear();
        self.paint_order.reserve(edges.len());
        self.paint_order.extend((0..edges.len()).filter(dimmed));
        self.paint_order
            .extend((0..edges.len()).filter(|i| !dimmed(i)));
        // Selected, highlighted, plain, dimmed; the base order within each (a stable
        // bucketing, not a sort: this runs on every click).
        let rank: Vec<u8> = self
            .nodes
            .iter()
            .map(|n| match n.emphasis {
                Emphasis::Selected => 0,
                Emphasis::Highlighted => 1,
                Emphasis::Normal => 2,
                Emphasis::Dimmed => 3,
            })
            .collect();
        let mut label_order = Vec::with_capacity(rank.len());
        for wanted in 0..4 {
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

    /// Marks the selection, its neighbourhood, and dims everything else.
    fn apply_selection(&mut self, graph: &StanceGraph, selection: Option<Selection>) {
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
            Some(Selection::Position(p)) => self
                .edges
                .iter()
                .position(|e| matches!(e.kind, EdgeKind::Position(q, _) if q == p)),
            _ => None,
        };
        if selected_node.is_none() && selected_edge.is_none() {
            return;
        }
        for node in &mut self.nodes {
            node.emphasis = Emphasis::Dimmed;
        }
        for (i, edge) in self.edges.iter_mut().enumerate() {
            let touches = selected_node.is_some_and(|s| edge.from == s || edge.to == s);
            edge.emphasis = if Some(i) == selected_edge {
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
    }

    /// The order edges are painted in: dimmed ones first, so highlighted ones are on top.
    pub fn edge_paint_order(&self) -> &[usize] {
        &self.paint_order
    }

    /// An edge's colour and width (in points) at a zoom. Thousands of edges would paint the
    /// canvas solid, so plain edges fade as they multiply; the selection's edges stand out.
    pub fn edge_look(&self, edge: &SceneEdge, zoom: f32, hovered: bool) -> (Color32, f32) {
        let density = (1500.0 / self.edges.len().max(1) as f32)
            .sqrt()
            .clamp(0.25, 1.0);
        let mut width = edge.width * zoom.clamp(0.35, 1.6);
        if matches!(edge.emphasis, Emphasis::Selected | Emphasis::Highlighted) || hovered {
            width *= 1.6;
        }
        let color = match edge.emphasis {
            Emphasis::Normal => edge.color.gamma_multiply(density),
            emphasis => dim(edge.color, emphasis),
        };
        (color, width)
    }

    /// How a node and its label are drawn at a zoom.
    pub fn node_look(&self, node: &SceneNode, zoom: f32) -> NodeLook {
        let palette = self.theme.palette();
        NodeLook {
            radius: (node.radius * zoom).max(MIN_NODE_POINTS),
            fill: dim(node.fill, node.emphasis),
            stroke: dim(node.stroke, node.emphasis),
            ring: (node.emphasis == Emphasis::Selected).then_some(palette.selection),
            text: dim(palette.text, node.emphasis),
            backdrop: dim(palette.label_backdrop, node.emphasis),
        }
    }

    /// The rectangle of a node's label (below the node) at zoom 1, in world units.
    pub fn label_rect(&self, node: &SceneNode) -> Rect {
        self.label_rect_at(node, 1.0)
    }

    /// The rectangle of a node's label as drawn at a zoom, in world units: labels keep a
    /// readable size on screen, so far out they cover more of the world.
    pub fn label_rect_at(&self, node: &SceneNode, zoom: f32) -> Rect {
        let scale = label_points(zoom) / (LABEL_SIZE * zoom);
        let size = node.label_size * scale;
        let radius = node.radius.max(MIN_NODE_POINTS / zoom);
        Rect::from_min_size(
            pos2(
                node.center.x - size.x * 0.5,
                node.center.y + radius + LABEL_GAP * scale,
            ),
            size,
        )
    }

    /// The bounds of everything drawn, labels included, in world units.
    pub fn bounds(&self) -> Rect {
        let mut bounds = Rect::NOTHING;
        for node in &self.nodes {
            bounds = bounds.union(Rect::from_center_size(
                node.center,
                Vec2::splat(node.radius * 2.0),
            ));
            bounds = bounds.union(self.label_rect(node));
        }
        bounds
    }

    /// The node under a world position (the topmost, i.e. last drawn), if any.
    pub fn node_at(&self, pos: Pos2, slack: f32) -> Option<usize> {
        self.nodes
            .iter()
            .rposition(|n| n.center.distance(pos) <= n.radius + slack)
    }

    /// The edge nearest to a world position within `tolerance`, if any.
    pub fn edge_at(&self, pos: Pos2, tolerance: f32) -> Option<usize> {
        // Squared distances, and the centres copied out of the nodes first: this runs over
        // every edge on each pointer move, and 200,000 lookups into the large node records
        // miss the cache where a compact copy stays in it.
        let centers: Vec<Pos2> = self.nodes.iter().map(|n| n.center).collect();
        let mut best: Option<(f32, usize)> = None;
        for (i, edge) in self.edges.iter().enumerate() {
            let a = centers[edge.from];
            let b = centers[edge.to];
            let reach = tolerance.max(edge.width);
            let outside = pos.x < a.x.min(b.x) - reach
                || pos.x > a.x.max(b.x) + reach
                || pos.y < a.y.min(b.y) - reach
                || pos.y > a.y.max(b.y) + reach;
            if outside {
                continue;
            }
            let d2 = distance_sq_to_segment(pos, a, b);
            if d2 <= reach * reach && best.is_none_or(|(bd, _)| d2 < bd) {
                best = Some((d2, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Which labels to draw at a zoom level (screen pixels per world unit): the most
    /// connected first, skipping any that would overlap one already placed or be too small to
    /// read. Selected and highlighted nodes always keep their labels.
    pub fn visible_labels(&self, zoom: f32, within: Option<Rect>) -> Vec<bool> {
        self.visible_labels_avoiding(zoom, within, &[])
    }

    /// [`Self::visible_labels`], also keeping labels off `avoid` (world rectangles covered by
    /// something drawn over the graph, such as the window's legend).
    pub fn visible_labels_avoiding(
        &self,
        zoom: f32,
        within: Option<Rect>,
        avoid: &[Rect],
    ) -> Vec<bool> {
        let mut shown = vec![false; self.nodes.len()];
        let scale = label_points(zoom) / (LABEL_SIZE * zoom);
        let mut placed = LabelIndex::new(LABEL_LINE_HEIGHT * 4.0 * scale);
        for &rect in avoid {
            placed.insert(rect);
        }
        for &i in &self.label_order {
            let node = &self.nodes[i];
            let rect = self.label_rect_at(node, zoom).expand(1.5 * scale);
            let forced = node.emphasis == Emphasis::Selected;
            // A label cut by the edge of the view is worse than none.
            if within.is_some_and(|w| !w.contains_rect(rect)) && !forced {
                continue;
            }
            if forced || !placed.overlaps(rect) {
                placed.insert(rect);
                shown[i] = true;
            }
        }
        shown
    }
}

/// Rectangles bucketed by grid cell, to test a new label against those placed.
struct LabelIndex {
    cell: f32,
    cells: std::collections::HashMap<
        (i32, i32),
        Vec<Rect>,
        std::hash::BuildHasherDefault<crate::layout::CellHasher>,
    >,
}

impl LabelIndex {
    fn new(cell: f32) -> Self {
        Self {
            cell,
            cells: std::collections::HashMap::default(),
        }
    }

    fn cells_of(&self, rect: Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let (x0, x1) = (
            (rect.min.x / c).floor() as i32,
            (rect.max.x / c).floor() as i32,
        );
        let (y0, y1) = (
            (rect.min.y / c).floor() as i32,
            (rect.max.y / c).floor() as i32,
        );
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
    }

    fn overlaps(&self, rect: Rect) -> bool {
        self.cells_of(rect).any(|key| {
            self.cells
                .get(&key)
                .is_some_and(|list| list.iter().any(|r| r.intersects(rect)))
        })
    }

    fn insert(&mut self, rect: Rect) {
        for key in self.cells_of(rect).collect::<Vec<_>>() {
            self.cells.entry(key).or_default().push(rect);
        }
    }
}

fn distance_sq_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p - (a + ab * t)).length_sq()
}

/// Legend rows for the node kinds and edge styles that appear, in a fixed order.
fn legend(theme: Theme, nodes: &[SceneNode], edges: &[SceneEdge]) -> Vec<LegendItem> {
    let mut items = Vec::new();
    let kinds = [
        Some(ActorKind::Country),
        Some(ActorKind::Leader),
        Some(ActorKind::Organization),
        None,
    ];
    for kind in kinds {
        let label = kind.map_or("Issue", ActorKind::label);
        if nodes.iter().any(|n| n.kind_label == label) {
            let (fill, stroke) = theme.node_colors(kind);
            items.push(LegendItem::Node {
                shape: kind_shape(kind),
                fill,
                stroke,
                label,
            });
        }
    }
    for stance in StanceKind::ALL {
        if edges
            .iter()
            .any(|e| matches!(e.kind, EdgeKind::Position(_, s) if s == stance))
        {
            let (width, dash) = Theme::stance_line(stance);
            items.push(LegendItem::Edge {
                color: theme.stance_color(stance),
                width,
                dash,
                label: stance.label(),
            });
        }
    }
    if edges.iter().any(|e| e.kind == EdgeKind::Represents) {
        items.push(LegendItem::Edge {
            color: theme.represents_color(),
            width: 1.2,
            dash: Dash::Solid,
            label: "Represents",
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::{Emphasis, Scene, SceneNode, Selection, Theme, wrap_label};
    use crate::graph::{Filter, Node, StanceGraph};

    /// Labels claim space in this order: the selection, its neighbours, then issues before
    /// actors, the busiest first.
    #[test]
    fn labels_claim_space_selection_then_neighbours_then_issues_by_degree() {
        let dataset =
            crate::model::load_str(crate::model::SEED_RON, "positions.ron").expect("seed");
        let graph = StanceGraph::build(&dataset);
        let visible = graph.subgraph(&dataset, &Filter::default());
        let positions = vec![emath::Pos2::ZERO; graph.graph.node_count()];
        let mut scene = Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light);
        let by_importance = |nodes: &[&SceneNode]| {
            nodes.windows(2).all(|w| {
                // Issues rank before actors, then more positions before fewer.
                let rank =
                    |n: &SceneNode| (matches!(n.node, Node::Actor(_)), usize::MAX - n.degree);
                rank(w[0]) <= rank(w[1])
            })
        };
        let order: Vec<&SceneNode> = scene.label_order.iter().map(|&i| &scene.nodes[i]).collect();
        assert_eq!(order.len(), scene.nodes.len());
        assert!(by_importance(&order));
        assert!(matches!(order[0].node, Node::Issue(_)));

        let germany = dataset.find_actor("germany").expect("germany");
        scene.reselect(&graph, Some(Selection::Node(Node::Actor(germany))));
        let order: Vec<&SceneNode> = scene.label_order.iter().map(|&i| &scene.nodes[i]).collect();
        assert_eq!(order[0].node, Node::Actor(germany));
        let neighbours = order[1..]
            .iter()
            .take_while(|n| n.emphasis == Emphasis::Highlighted)
            .count();
        assert!(neighbours >= 3, "Germany's issues and Merz come next");
        let rest = &order[1 + neighbours..];
        assert!(rest.iter().all(|n| n.emphasis == Emphasis::Dimmed));
        assert!(by_importance(&order[1..=neighbours]));
        assert!(by_importance(rest));
    }

    #[test]
    fn labels_wrap_at_word_boundaries() {
        assert_eq!(
            wrap_label("U.S. strategic enablers for a European-led deployment"),
            [
                "U.S. strategic",
                "enablers for a",
                "European-led",
                "deployment"
            ]
        );
        assert_eq!(wrap_label("NATO"), ["NATO"]);
        assert_eq!(
            wrap_label(
                "Implementation of the declaration on the granting of independence to colonial countries"
            ),
            [
                "Implementation of the",
                "declaration on the",
                "granting of",
                "independence to…"
            ]
        );
        assert_eq!(wrap_label(""), [""]);
    }
}

/// The scene of a document, kept between frames and brought up to date from the document's
/// [`Revision`]: a new selection re-emphasises it in place, moved nodes move it in place, and
/// anything else (a filter, a theme, a new document) builds it afresh.
#[derive(Debug, Default)]
pub struct SceneCache {
    /// The node catalogue of the document it was made for.
    catalog: Option<(u64, NodeCatalog)>,
    scene: Option<Scene>,
    built: Option<(Revision, Theme)>,
    generation: u64,
}

impl SceneCache {
    /// The scene of `doc` in `theme`, updated as little as its changes allow.
    pub fn update(&mut self, doc: &Document, theme: Theme) -> &Scene {
        let revision = doc.revision();
        let catalog = match &mut self.catalog {
            Some((id, catalog)) if *id == revision.document => catalog,
            slot => {
                self.built = None;
                let catalog = NodeCatalog::new(doc.dataset(), doc.graph());
                &slot.insert((revision.document, catalog)).1
            }
        };
        let base = self.built.filter(|(built, built_theme)| {
            built.document == revision.document
                && built.filter == revision.filter
                && *built_theme == theme
        });
        self.built = Some((revision, theme));
        match (&mut self.scene, base) {
            (Some(scene), Some((built, _))) => {
                if built.positions != revision.positions {
                    scene.move_to(doc.positions());
                    self.generation += 1;
                }
                if built.selection != revision.selection {
                    scene.reselect(doc.graph(), doc.selection());
                    self.generation += 1;
                }
                scene
            }
            (slot, _) => {
                self.generation += 1;
                slot.insert(Scene::build_from(
                    catalog,
                    doc.graph(),
                    doc.visible(),
                    doc.positions(),
                    doc.selection(),
                    theme,
                ))
            }
        }
    }

    /// The scene last brought up to date, if any.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    /// Counts changes of the scene, so painters know when what they cached is stale.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Forgets the scene (a view that draws nothing now lets its memory go).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

impl Scene {
    /// The scene of a document as it is now (what an export draws).
    pub fn of(doc: &Document, theme: Theme) -> Self {
        Self::build(
            doc.dataset(),
            doc.graph(),
            doc.visible(),
            doc.positions(),
            doc.selection(),
            theme,
        )
    }
}
