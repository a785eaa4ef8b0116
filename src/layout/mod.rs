//! Deterministic force-directed layout: a pure function of (nodes, edges, parameters).
//!
//! The same request gives the same positions, run after run and on every machine of the same
//! architecture: the start is placed by a seeded hash of each node's id, not by an unseeded
//! RNG, and every loop runs in index order. The simulation runs in bounded steps
//! ([`ForceLayout::step`]) so callers can run it off the UI thread, show progress and cancel.
//!
//! The model is Fruchterman–Reingold (edges pull with d²/k, nodes push with k²/d, the step is
//! capped by a cooling temperature) with a weak pull to the centre, followed by a pass that
//! removes overlaps between node-and-label boxes. Repulsion is exact for small graphs and
//! limited to neighbouring grid cells for large ones, so a step costs O(n + e).

mod quadtree;

use std::collections::HashMap;

use emath::{Pos2, Vec2, vec2};

use self::quadtree::QuadTree;

/// Below this many nodes, every pair of nodes repels exactly; above it, Barnes–Hut.
const EXACT_REPULSION_LIMIT: usize = 700;

/// Barnes–Hut opening angle: cells smaller than this fraction of their distance count whole.
const THETA: f32 = 0.9;

/// Below this many nodes a step is not split across threads (a step of 1,000 nodes takes about
/// a millisecond, far more than starting two threads).
const PARALLEL_MIN_NODES: usize = 1000;

/// Tuning of the simulation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    /// Seed of the starting placement; a different seed gives a different (equally good) map.
    pub seed: u64,

    /// The natural length of an edge, in world units.
    pub edge_length: f32,

    /// Force-simulation iterations before the overlap pass.
    pub iterations: u32,

    /// Pull towards the centre, relative to the edge forces.
    pub gravity: f32,

    /// Worker threads for large graphs (0: one per core). The result does not depend on it.
    pub threads: usize,
}

impl Default for LayoutParams {
    fn default() -> Self {
        Self {
            seed: 1,
            edge_length: 80.0,
            iterations: 350,
            gravity: 0.3,
            threads: 0,
        }
    }
}

/// One node to place.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutNode {
    /// A stable key (the dataset id), which seeds the node's starting place.
    pub key: String,

    /// Half the size of the box the node and its label need; boxes do not overlap at the end.
    pub half_size: Vec2,

    /// Where that box's centre sits relative to the node (labels hang below their node).
    pub box_offset: Vec2,
}

/// Everything the layout depends on; equal requests give equal layouts.
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutRequest {
    /// The nodes.
    pub nodes: Vec<LayoutNode>,

    /// Edges as pairs of node indices; duplicates pull harder.
    pub edges: Vec<(u32, u32)>,

    /// Tuning.
    pub params: LayoutParams,
}

/// Which part of the work a [`ForceLayout`] is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Forces are moving nodes.
    Forces,

    /// Overlapping boxes are being pushed apart.
    Overlaps,

    /// Finished.
    Done,
}

/// A layout in progress.
#[derive(Clone, Debug)]
pub struct ForceLayout {
    positions: Vec<Vec2>,
    displacement: Vec<Vec2>,
    degree: Vec<f32>,
    iteration: u32,
    overlap_pass: u32,
    phase: Phase,
    start_temperature: f32,
}

/// The most overlap-removal passes; each pass resolves most remaining overlaps.
const OVERLAP_PASSES: u32 = 60;

impl ForceLayout {
    /// Places every node at its seeded starting point.
    pub fn new(request: &LayoutRequest) -> Self {
        let n = request.nodes.len();
        let k = request.params.edge_length;
        let radius = k * (n as f32).sqrt() * 0.6 + k;
        let positions = request
            .nodes
            .iter()
            .map(|node| {
                let h = hash(request.params.seed, &node.key);
                let angle = (h & 0xFFFF_FFFF) as f32 / u32::MAX as f32 * std::f32::consts::TAU;
                let r = radius * ((h >> 32) as f32 / u32::MAX as f32).sqrt();
                vec2(angle.cos() * r, angle.sin() * r)
            })
            .collect();
        let mut degree = vec![0.0; n];
        for &(a, b) in &request.edges {
            if let Some(d) = degree.get_mut(a as usize) {
                *d += 1.0;
            }
            if let Some(d) = degree.get_mut(b as usize) {
                *d += 1.0;
            }
        }
        Self {
            positions,
            displacement: vec![Vec2::ZERO; n],
            degree,
            iteration: 0,
            overlap_pass: 0,
            phase: if n == 0 { Phase::Done } else { Phase::Forces },
            start_temperature: radius * 0.15,
        }
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// Progress from 0 to 1.
    pub fn progress(&self, request: &LayoutRequest) -> f32 {
        let total = (request.params.iterations + OVERLAP_PASSES) as f32;
        match self.phase {
            Phase::Done => 1.0,
            _ => ((self.iteration + self.overlap_pass) as f32 / total).min(0.99),
        }
    }

    /// The current positions, in world units, node order.
    pub fn positions(&self) -> Vec<Pos2> {
        self.positions.iter().map(|v| v.to_pos2()).collect()
    }

    /// Runs one iteration; returns true once the layout is finished.
    pub fn step(&mut self, request: &LayoutRequest) -> bool {
        match self.phase {
            Phase::Forces => {
                self.force_step(request);
                self.iteration += 1;
                if self.iteration >= request.params.iterations {
                    self.phase = Phase::Overlaps;
                }
            }
            Phase::Overlaps => {
                let moved = self.overlap_step(request);
                self.overlap_pass += 1;
                if !moved || self.overlap_pass >= OVERLAP_PASSES {
                    self.phase = Phase::Done;
                }
            }
            Phase::Done => {}
        }
        self.phase == Phase::Done
    }

    #[expect(
        clippy::many_single_char_names,
        reason = "the textbook names of the force model"
    )]
    fn force_step(&mut self, request: &LayoutRequest) {
        let k = request.params.edge_length;
        let n = self.positions.len();
        for d in &mut self.displacement {
            *d = Vec2::ZERO;
        }
        // Repulsion, weighted by degree so hubs keep room around them.
        let mass = |degree: f32| 1.0 + 0.15 * degree.sqrt();
        let repel = |delta: Vec2, ma: f32, mb: f32| -> Vec2 {
            let d2 = delta.length_sq().max(1.0);
            delta * (k * k * ma * mb / d2)
        };
        if n <= EXACT_REPULSION_LIMIT {
            for i in 0..n {
                for j in (i + 1)..n {
                    let delta = self.positions[i] - self.positions[j];
                    let delta = if delta == Vec2::ZERO {
                        tie_break(i, j)
                    } else {
                        delta
                    };
                    let f = repel(delta, mass(self.degree[i]), mass(self.degree[j]));
                    self.displacement[i] += f;
                    self.displacement[j] -= f;
                }
            }
        } else {
            let masses: Vec<f32> = self.degree.iter().map(|&d| mass(d)).collect();
            let tree = QuadTree::build(&self.positions, &masses);
            let positions = &self.positions;
            let forces = |range: std::ops::Range<usize>, out: &mut [Vec2]| {
                for (i, slot) in range.zip(out.iter_mut()) {
                    *slot += tree.repulsion(i, positions[i], masses[i], k * k, THETA);
                }
            };
            let threads = match request.params.threads {
                0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
                t => t,
            };
            if threads <= 1 || n < PARALLEL_MIN_NODES {
                forces(0..n, &mut self.displacement);
            } else {
                // Each node's force is summed alone, in a fixed order: threads change speed only.
                let chunk = n.div_ceil(threads);
                std::thread::scope(|scope| {
                    for (c, out) in self.displacement.chunks_mut(chunk).enumerate() {
                        let start = c * chunk;
                        let forces = &forces;
                        scope.spawn(move || forces(start..start + out.len(), out));
                    }
                });
            }
        }
        // Attraction along edges.
        for &(a, b) in &request.edges {
            let (a, b) = (a as usize, b as usize);
            if a >= n || b >= n || a == b {
                continue;
            }
            let delta = self.positions[a] - self.positions[b];
            let f = delta * (delta.length() / k);
            self.displacement[a] -= f;
            self.displacement[b] += f;
        }
        // Gravity keeps disconnected parts from drifting away.
        let gravity = request.params.gravity;
        for i in 0..n {
            let p = self.positions[i];
            self.displacement[i] -= p * (gravity * mass(self.degree[i]) * p.length() / k);
        }
        // Move, capped by a temperature that cools linearly.
        let progress = self.iteration as f32 / request.params.iterations.max(1) as f32;
        let temperature = (self.start_temperature * (1.0 - progress)).max(k * 0.01);
        for (p, d) in self.positions.iter_mut().zip(&self.displacement) {
            let length = d.length();
            if length > 0.0 {
                *p += *d * (length.min(temperature) / length);
            }
        }
    }

    /// Pushes overlapping boxes apart along the axis of least overlap. Returns whether any moved.
    fn overlap_step(&mut self, request: &LayoutRequest) -> bool {
        let n = self.positions.len();
        let margin = request.params.edge_length * 0.06;
        let max_half = request
            .nodes
            .iter()
            .map(|node| node.half_size.x.max(node.half_size.y))
            .fold(1.0_f32, f32::max);
        let grid = Grid::new(&self.positions, 2.0 * max_half + margin);
        let mut moved = false;
        for i in 0..n {
            let mut push = Vec2::ZERO;
            grid.for_neighbours(self.positions[i], |j| {
                if j == i {
                    return;
                }
                let delta = (self.positions[i] + request.nodes[i].box_offset)
                    - (self.positions[j] + request.nodes[j].box_offset);
                let reach =
                    request.nodes[i].half_size + request.nodes[j].half_size + Vec2::splat(margin);
                let overlap = reach - delta.abs();
                if overlap.x <= 0.0 || overlap.y <= 0.0 {
                    return;
                }
                let delta = if delta == Vec2::ZERO {
                    tie_break(i, j)
                } else {
                    delta
                };
                // Half of the overlap each, along the cheaper axis.
                if overlap.x < overlap.y {
                    push.x += overlap.x * 0.5 * delta.x.signum();
                } else {
                    push.y += overlap.y * 0.5 * delta.y.signum();
                }
            });
            moved |= push != Vec2::ZERO;
            self.displacement[i] = push;
        }
        for (p, d) in self.positions.iter_mut().zip(&self.displacement) {
            *p += *d;
        }
        moved
    }
}

/// Runs a layout to the end.
pub fn compute(request: &LayoutRequest) -> Vec<Pos2> {
    let mut layout = ForceLayout::new(request);
    while !layout.step(request) {}
    layout.positions()
}

/// A direction to separate two nodes that sit on the same point, the same every run.
fn tie_break(i: usize, j: usize) -> Vec2 {
    let angle = ((i * 7919 + j * 104_729) % 360) as f32;
    Vec2::angled(angle.to_radians())
}

/// A 64-bit hash of a key and a seed (FNV-1a, then a splitmix finaliser), stable across runs.
fn hash(seed: u64, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for byte in key.bytes() {
        h ^= u64::from(byte);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Nodes bucketed by square cells, for neighbour queries.
struct Grid {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<usize>>,
}

impl Grid {
    fn new(positions: &[Vec2], cell: f32) -> Self {
        let mut cells: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        for (i, p) in positions.iter().enumerate() {
            cells.entry(Self::key(*p, cell)).or_default().push(i);
        }
        Self { cell, cells }
    }

    fn key(p: Vec2, cell: f32) -> (i32, i32) {
        ((p.x / cell).floor() as i32, (p.y / cell).floor() as i32)
    }

    /// Calls `f` for every node in the 3×3 cells around `p`, in a fixed order.
    fn for_neighbours(&self, p: Vec2, mut f: impl FnMut(usize)) {
        let (cx, cy) = Self::key(p, self.cell);
        for dy in -1..=1 {
            for dx in -1..=1 {
                if let Some(list) = self.cells.get(&(cx + dx, cy + dy)) {
                    for &j in list {
                        f(j);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LayoutNode, LayoutParams, LayoutRequest, compute};
    use emath::vec2;

    fn request(n: usize, seed: u64) -> LayoutRequest {
        LayoutRequest {
            nodes: (0..n)
                .map(|i| LayoutNode {
                    key: format!("node-{i}"),
                    half_size: vec2(30.0, 12.0),
                    box_offset: vec2(0.0, 4.0),
                })
                .collect(),
            edges: (1..n as u32)
                .map(|i| (0, i))
                .chain([(1, 2), (3, 4)])
                .collect(),
            params: LayoutParams {
                seed,
                ..LayoutParams::default()
            },
        }
    }

    #[test]
    fn same_request_same_positions() {
        assert_eq!(compute(&request(30, 1)), compute(&request(30, 1)));
        assert_ne!(compute(&request(30, 1)), compute(&request(30, 2)));
    }

    #[test]
    fn boxes_do_not_overlap_and_positions_are_finite() {
        let req = request(40, 7);
        let positions = compute(&req);
        assert!(positions.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
        for i in 0..positions.len() {
            for j in (i + 1)..positions.len() {
                let d = ((positions[i] + req.nodes[i].box_offset)
                    - (positions[j] + req.nodes[j].box_offset))
                    .abs();
                let reach = req.nodes[i].half_size + req.nodes[j].half_size;
                assert!(
                    d.x >= reach.x - 0.5 || d.y >= reach.y - 0.5,
                    "{i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn large_graphs_use_barnes_hut_and_stay_finite() {
        let req = request(1500, 3);
        let positions = compute(&req);
        assert!(positions.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    }

    #[test]
    fn threads_change_the_speed_not_the_result() {
        let mut req = request(4500, 5);
        req.params.iterations = 12;
        req.params.threads = 1;
        let single = compute(&req);
        req.params.threads = 3;
        assert_eq!(single, compute(&req));
    }
}
