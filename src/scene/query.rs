//! What the painters ask of a scene: how a node or edge looks at a zoom, where labels go and
//! which of them fit, the bounds, and what lies under the pointer.

use ecolor::Color32;
use emath::{Pos2, Rect, Vec2, pos2};
use std::borrow::Cow;

use super::{Scene, SceneEdge, SceneNode};
use crate::style::{
    Emphasis, LABEL_GAP, LABEL_LINE_HEIGHT, LABEL_SIZE, MAX_LABEL_POINTS, MIN_NODE_POINTS,
    NodeLook, dim, label_points,
};

impl Scene {
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

    /// A node's label size on screen (points) at a zoom: the usual size times its label scale,
    /// never above [`MAX_LABEL_POINTS`] unless the usual size already is.
    pub fn label_points_of(&self, node: &SceneNode, zoom: f32) -> f32 {
        let points = label_points(zoom);
        (points * node.label_scale).min(points.max(MAX_LABEL_POINTS))
    }

    /// The rectangle of a node's label (below the node, or right of it) at zoom 1, in world
    /// units.
    pub fn label_rect(&self, node: &SceneNode) -> Rect {
        self.label_rect_at(node, 1.0)
    }

    /// The rectangle of a node's label as drawn at a zoom, in world units: labels keep a
    /// readable size on screen, so far out they cover more of the world.
    pub fn label_rect_at(&self, node: &SceneNode, zoom: f32) -> Rect {
        let scale = self.label_points_of(node, zoom) / (LABEL_SIZE * zoom);
        let mut size = node.label_size * scale;
        let radius = node.radius.max(MIN_NODE_POINTS / zoom);
        if node.label_right {
            // A name wider than its column's room is shortened to it ([`Self::label_lines_at`]).
            if let Some((_, width)) = self.shortened(node, zoom) {
                size.x = width;
            }
            return Rect::from_min_size(
                pos2(
                    node.center.x + radius + LABEL_GAP * scale,
                    node.center.y - size.y * 0.5,
                ),
                size,
            );
        }
        Rect::from_min_size(
            pos2(
                node.center.x - size.x * 0.5,
                node.center.y + radius + LABEL_GAP * scale,
            ),
            size,
        )
    }

    /// A node's label lines as drawn at a zoom: a name set to the right of its node in a
    /// stance picture that is wider there than its column's room (labels keep a readable size
    /// on screen, so far out they cover more of the world) is shortened with "…" to fit, so
    /// every actor of a column keeps a label.
    pub fn label_lines_at<'a>(&self, node: &'a SceneNode, zoom: f32) -> Cow<'a, [String]> {
        match self.shortened(node, zoom) {
            Some((keep, _)) => {
                let mut short: String = node.label_lines[0].chars().take(keep).collect();
                short.truncate(short.trim_end().len());
                short.push('…');
                Cow::Owned(vec![short])
            }
            None => Cow::Borrowed(&node.label_lines),
        }
    }

    /// How many characters of a right-set label are kept at a zoom, and the shortened label's
    /// width (world units, estimated in proportion); `None` when it fits its room.
    fn shortened(&self, node: &SceneNode, zoom: f32) -> Option<(usize, f32)> {
        if !node.label_right || node.label_lines.len() != 1 || !node.label_room.is_finite() {
            return None;
        }
        let scale = self.label_points_of(node, zoom) / (LABEL_SIZE * zoom);
        let width = node.label_size.x * scale;
        let room = node.label_room.max(LABEL_SIZE * scale);
        if width <= room {
            return None;
        }
        let chars = node.label_lines[0].chars().count().max(1);
        // In proportion to the characters kept, less one for the ellipsis and a margin for
        // wide letters.
        let keep = ((chars as f32 * room / width * 0.95) as usize)
            .saturating_sub(1)
            .clamp(1, chars);
        Some((keep, width * (keep + 1) as f32 / chars as f32))
    }

    /// The bounds of everything drawn, labels included, in world units.
    pub fn bounds(&self) -> Rect {
        self.bounds_at(&[])
    }

    /// [`Self::bounds`] with the nodes at `positions` (by graph node index) instead of where
    /// they are shown: where a glide ends (a camera fitted now is right when it does).
    pub fn bounds_at(&self, positions: &[Pos2]) -> Rect {
        let mut bounds = Rect::NOTHING;
        for node in &self.nodes {
            let center = positions
                .get(node.index.index())
                .copied()
                .unwrap_or(node.center);
            bounds = bounds.union(Rect::from_center_size(
                center,
                Vec2::splat(node.radius * 2.0),
            ));
            bounds = bounds.union(self.label_rect(node).translate(center - node.center));
        }
        for group in &self.groups {
            bounds = bounds.union(group.frame);
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
        // The centres copied out of the nodes first: this looks at every edge, and 200,000
        // lookups into the large node records miss the cache where a compact copy stays in it.
        let centers: Vec<Pos2> = self.nodes.iter().map(|n| n.center).collect();
        self.nearest_edge(pos, tolerance, 0..self.edges.len(), |n| centers[n])
    }

    /// [`Self::edge_at`] among some edges only (those a view draws: the rest cannot be
    /// pointed at).
    pub fn edge_at_among(&self, pos: Pos2, tolerance: f32, among: &[u32]) -> Option<usize> {
        let edges = among
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| i < self.edges.len());
        self.nearest_edge(pos, tolerance, edges, |n| self.nodes[n].center)
    }

    fn nearest_edge(
        &self,
        pos: Pos2,
        tolerance: f32,
        edges: impl Iterator<Item = usize>,
        center: impl Fn(usize) -> Pos2,
    ) -> Option<usize> {
        // Squared distances, after a bounding-box test.
        let mut best: Option<(f32, usize)> = None;
        for i in edges {
            let edge = &self.edges[i];
            let a = center(edge.from);
            let b = center(edge.to);
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
            let forced = node.emphasis == Emphasis::Selected || self.is_pinned(i);
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
