//! Overlap removal, after the forces: a layout far denser than its node shapes is spread out
//! evenly, passes push overlapping boxes apart pair by pair, and node shapes still overlapping
//! are settled one by one into the nearest free place, so no two shapes overlap at the end.

use emath::{Vec2, vec2};

use super::{CellMap, ForceLayout, Grid, LayoutRequest, MULTILEVEL_MIN_NODES, tie_break};

/// The most overlap-removal passes; each pass resolves most remaining overlaps.
pub(super) const OVERLAP_PASSES: u32 = 60;

/// The boxes the overlap passes keep apart, half sizes and offsets from their nodes: a node
/// with its label in graphs small enough to label every node, the node's shape alone in
/// bigger ones (their labels cannot all be shown, and the painters hide those that would
/// meet; making room for every label would spread the graph far apart).
fn pass_boxes(request: &LayoutRequest) -> (Vec<Vec2>, Vec<Vec2>) {
    let nodes = &request.nodes;
    if nodes.len() < MULTILEVEL_MIN_NODES {
        (
            nodes.iter().map(|node| node.half_size).collect(),
            nodes.iter().map(|node| node.box_offset).collect(),
        )
    } else {
        (
            nodes.iter().map(|node| Vec2::splat(node.radius)).collect(),
            vec![Vec2::ZERO; nodes.len()],
        )
    }
}

/// The space left between two node shapes, in world units, for a layout's edge length.
pub(super) fn shape_gap(request: &LayoutRequest) -> f32 {
    request.params.edge_length * 0.06
}

/// Places a node settling into a crowd tries (nearest first) before rings around it.
const SLIDES: usize = 400;

/// The most a too-dense layout is spread out before the overlap passes.
const MAX_SPREAD: f32 = 3.0;

impl ForceLayout {
    /// Before the overlap passes: a layout much denser than its node shapes allow is spread
    /// out evenly (every position scaled about the centre), as Graphviz's `overlap=scale`
    /// does, by the factor that parts nine in ten of the overlapping shapes (at most
    /// [`MAX_SPREAD`]): the picture keeps its shape, and the passes and [`Self::settle`] then
    /// only move what is left.
    pub(super) fn spread(&mut self, request: &LayoutRequest) {
        let nodes = &request.nodes;
        let gap = shape_gap(request);
        let max_radius = nodes.iter().map(|node| node.radius).fold(1.0_f32, f32::max);
        let grid = Grid::new(&self.positions, 2.0 * max_radius + gap);
        // For each pair of overlapping shapes, the scale that would part it.
        let mut needed: Vec<f32> = Vec::new();
        for (i, &p) in self.positions.iter().enumerate() {
            grid.for_neighbours(p, |j| {
                if j <= i {
                    return;
                }
                let distance = (p - self.positions[j]).length();
                let reach = nodes[i].radius + nodes[j].radius + gap;
                if distance < reach {
                    needed.push(if distance > 0.0 {
                        reach / distance
                    } else {
                        f32::INFINITY
                    });
                }
            });
        }
        // Fewer overlapping pairs than nodes are for the passes and the settling; more mean
        // the layout is too dense for its shapes.
        if needed.len() < self.positions.len() {
            return;
        }
        needed.sort_by(f32::total_cmp);
        let scale = needed[needed.len() * 9 / 10].clamp(1.0, MAX_SPREAD);
        let n = self.positions.len() as f32;
        let centre = self.positions.iter().fold(Vec2::ZERO, |sum, p| sum + *p) / n;
        for p in &mut self.positions {
            *p = centre + (*p - centre) * scale;
        }
    }

    /// After the passes, node shapes that still overlap (a crowded spot where pushes only
    /// trade overlaps) are settled for certain: nodes are placed one by one in index order,
    /// and a node whose shape (its square, with a gap) meets one already placed moves to the
    /// nearest free place found by sliding it just clear of the shapes in its way (nearest
    /// candidates first), or failing that on rings around where it was. No two shapes overlap
    /// afterwards.
    pub(super) fn settle(&mut self, request: &LayoutRequest) {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;

        let gap = shape_gap(request);
        let halves: Vec<Vec2> = request
            .nodes
            .iter()
            .map(|node| Vec2::splat(node.radius + gap * 0.5))
            .collect();
        let max_half = halves.iter().map(|h| h.x).fold(1.0_f32, f32::max);
        let cell = 2.0 * max_half;
        let key = |p: Vec2| ((p.x / cell).floor() as i32, (p.y / cell).floor() as i32);
        let mut placed: CellMap = CellMap::default();
        let mut centres = self.positions.clone();
        // The first placed box that a box of node `i` centred at `at` would meet.
        let blocker = |placed: &CellMap, centres: &[Vec2], i: usize, at: Vec2| -> Option<usize> {
            let (cx, cy) = key(at);
            for dy in -1..=1 {
                for dx in -1..=1 {
                    for &j in placed
                        .get(&(cx + dx, cy + dy))
                        .map_or(&[][..], Vec::as_slice)
                    {
                        let delta = (at - centres[j]).abs();
                        let reach = halves[i] + halves[j];
                        if delta.x < reach.x && delta.y < reach.y {
                            return Some(j);
                        }
                    }
                }
            }
            None
        };
        for i in 0..centres.len() {
            let start = centres[i];
            let mut at = start;
            if let Some(first) = blocker(&placed, &centres, i, start) {
                // Nearest first: positions just clear of each box in the way.
                let mut queue: BinaryHeap<(Reverse<u64>, u64, [u32; 2])> = BinaryHeap::new();
                let mut seen = std::collections::HashSet::new();
                let mut order = 0_u64;
                let mut push_around = |queue: &mut BinaryHeap<_>, from: Vec2, j: usize| {
                    let reach = halves[i] + halves[j] + Vec2::splat(0.01);
                    let c = centres[j];
                    for candidate in [
                        vec2(c.x - reach.x, from.y),
                        vec2(c.x + reach.x, from.y),
                        vec2(from.x, c.y - reach.y),
                        vec2(from.x, c.y + reach.y),
                    ] {
                        let bits = [candidate.x.to_bits(), candidate.y.to_bits()];
                        if seen.insert(bits) {
                            let distance = (candidate - start).length();
                            order += 1;
                            queue.push((
                                Reverse(u64::from(distance.to_bits())),
                                u64::MAX - order,
                                bits,
                            ));
                        }
                    }
                };
                push_around(&mut queue, start, first);
                let mut found = None;
                for _ in 0..SLIDES {
                    let Some((_, _, bits)) = queue.pop() else {
                        break;
                    };
                    let candidate = vec2(f32::from_bits(bits[0]), f32::from_bits(bits[1]));
                    match blocker(&placed, &centres, i, candidate) {
                        None => {
                            found = Some(candidate);
                            break;
                        }
                        Some(j) => push_around(&mut queue, candidate, j),
                    }
                }
                at = if let Some(candidate) = found {
                    candidate
                } else {
                    // Rings a box wide around the start: some ring is clear.
                    let step = 2.0 * halves[i].x;
                    let mut ring = 1_u32;
                    loop {
                        let radius = ring as f32 * step;
                        let points = ring * 8;
                        let clear = (0..points).find_map(|k| {
                            let angle = k as f32 / points as f32 * std::f32::consts::TAU;
                            let candidate = start + vec2(angle.cos(), angle.sin()) * radius;
                            blocker(&placed, &centres, i, candidate)
                                .is_none()
                                .then_some(candidate)
                        });
                        if let Some(candidate) = clear {
                            break candidate;
                        }
                        ring += 1;
                    }
                };
            }
            centres[i] = at;
            placed.entry(key(at)).or_default().push(i);
        }
        self.positions = centres;
    }

    /// Pushes overlapping boxes apart along the axis of least overlap, pair by pair in index
    /// order, each pair seeing where earlier pushes of the pass put its boxes (a node pushed
    /// from both sides at once would stay put). Returns whether any moved.
    pub(super) fn overlap_step(&mut self, request: &LayoutRequest) -> bool {
        let margin = shape_gap(request);
        let (halves, offsets) = pass_boxes(request);
        let max_half = halves.iter().map(|h| h.x.max(h.y)).fold(1.0_f32, f32::max);
        // Boxes are found by their centres (a label hangs below its node); the grid is the
        // pass's start, with room for what a pass moves.
        let mut centres: Vec<Vec2> = self
            .positions
            .iter()
            .zip(&offsets)
            .map(|(p, offset)| *p + *offset)
            .collect();
        let grid = Grid::new(&centres, 2.0 * max_half + 2.0 * margin);
        let mut neighbours = Vec::new();
        let mut moved = false;
        for i in 0..centres.len() {
            neighbours.clear();
            grid.for_neighbours(centres[i], |j| {
                if j > i {
                    neighbours.push(j);
                }
            });
            for &j in &neighbours {
                let delta = centres[i] - centres[j];
                let reach = halves[i] + halves[j] + Vec2::splat(margin);
                let overlap = reach - delta.abs();
                if overlap.x <= 0.0 || overlap.y <= 0.0 {
                    continue;
                }
                let delta = if delta == Vec2::ZERO {
                    tie_break(i, j)
                } else {
                    delta
                };
                // Half of the overlap each, along the cheaper axis.
                let push = if overlap.x < overlap.y {
                    vec2(overlap.x * 0.5 * delta.x.signum(), 0.0)
                } else {
                    vec2(0.0, overlap.y * 0.5 * delta.y.signum())
                };
                centres[i] += push;
                centres[j] -= push;
                moved = true;
            }
        }
        for ((p, c), offset) in self.positions.iter_mut().zip(&centres).zip(&offsets) {
            *p = *c - *offset;
        }
        moved
    }
}
