//! A Barnes–Hut quadtree: repulsion from far-away groups of nodes is approximated by their
//! total mass at their centre of mass, so one step costs O(n log n) instead of O(n²).
//!
//! The tree is rebuilt each step, in node order, and every force is summed in a fixed
//! traversal order, so results are the same on every run and with any number of threads.

use emath::{Vec2, vec2};

/// Below this cell size bodies are not split further (they sit on the same point).
const MIN_CELL: f32 = 1e-3;

/// Marks "no child" / "no body".
const NONE: u32 = u32::MAX;

/// On the flattening's stack: the entry (the rest of the bits) whose subtree ends here.
const CLOSE: u32 = 1 << 31;

#[derive(Clone, Debug)]
struct Cell {
    /// Top-left corner.
    min: Vec2,
    /// Side length.
    size: f32,
    /// Total mass inside.
    mass: f32,
    /// Mass-weighted sum of positions (centre of mass × mass).
    weighted: Vec2,
    /// Children by quadrant, or `NONE`.
    children: [u32; 4],
    /// The one body of a leaf (`NONE` for inner cells and empty leaves).
    body: u32,
    /// How many bodies are inside.
    count: u32,
}

impl Cell {
    fn new(min: Vec2, size: f32) -> Self {
        Self {
            min,
            size,
            mass: 0.0,
            weighted: Vec2::ZERO,
            children: [NONE; 4],
            body: NONE,
            count: 0,
        }
    }

    fn is_leaf(&self) -> bool {
        self.children == [NONE; 4]
    }

    fn quadrant(&self, p: Vec2) -> usize {
        let half = self.size * 0.5;
        usize::from(p.x >= self.min.x + half) + 2 * usize::from(p.y >= self.min.y + half)
    }

    fn child_min(&self, quadrant: usize) -> Vec2 {
        let half = self.size * 0.5;
        self.min
            + vec2(
                if quadrant & 1 == 1 { half } else { 0.0 },
                if quadrant & 2 == 2 { half } else { 0.0 },
            )
    }
}

/// The quadtree of one step.
pub(crate) struct QuadTree {
    cells: Vec<Cell>,
    /// The cells with mass, flattened in the traversal's order (depth first, quadrants in
    /// order): a traversal walks this array forward, jumping past a subtree it takes whole,
    /// with no stack, and nearby cells sit next to each other in memory.
    flat: Vec<Flat>,
}

/// One cell of the flattened tree.
#[derive(Clone, Copy, Debug)]
struct Flat {
    /// Centre of mass.
    center: Vec2,
    /// Total mass.
    mass: f32,
    /// Side length squared; zero for a leaf.
    size2: f32,
    /// Where the traversal goes when it takes this cell whole: past its subtree.
    skip: u32,
    /// The leaf's first body (`NONE` for inner cells).
    body: u32,
}

impl QuadTree {
    /// Builds the tree of bodies at `positions` with `masses`.
    pub(crate) fn build(positions: &[Vec2], masses: &[f32]) -> Self {
        let (mut lo, mut hi) = (Vec2::splat(f32::INFINITY), Vec2::splat(f32::NEG_INFINITY));
        for p in positions {
            lo = lo.min(*p);
            hi = hi.max(*p);
        }
        let size = (hi - lo).max_elem().max(1.0) * 1.0001;
        let mut tree = Self {
            cells: Vec::with_capacity(positions.len() * 2 + 1),
            flat: Vec::new(),
        };
        tree.cells.push(Cell::new(lo, size));
        for (i, (&p, &m)) in positions.iter().zip(masses).enumerate() {
            tree.insert(i as u32, p, m, positions);
        }
        tree.flatten();
        tree
    }

    /// Lays the cells with mass out in traversal order. An inner cell's skip link is set when
    /// the walk comes back out of its subtree (a marker on the stack under its children), so
    /// the links follow the tree itself, whatever the cells' coordinates.
    fn flatten(&mut self) {
        let mut flat: Vec<Flat> = Vec::with_capacity(self.cells.len());
        let mut stack = Stack::default();
        stack.push(0);
        while let Some(entry) = stack.pop() {
            if entry & CLOSE != 0 {
                let at = (entry & !CLOSE) as usize;
                flat[at].skip = flat.len() as u32;
                continue;
            }
            let cell = &self.cells[entry as usize];
            if cell.mass <= 0.0 {
                continue;
            }
            let leaf = cell.is_leaf();
            flat.push(Flat {
                center: cell.weighted / cell.mass,
                mass: cell.mass,
                size2: if leaf { 0.0 } else { cell.size * cell.size },
                skip: flat.len() as u32 + 1,
                body: if leaf { cell.body } else { NONE },
            });
            if !leaf {
                stack.push(CLOSE | (flat.len() - 1) as u32);
                for &child in cell.children.iter().rev() {
                    if child != NONE {
                        stack.push(child);
                    }
                }
            }
        }
        self.flat = flat;
    }

    fn insert(&mut self, body: u32, p: Vec2, mass: f32, positions: &[Vec2]) {
        let mut cell = 0usize;
        loop {
            self.cells[cell].mass += mass;
            self.cells[cell].weighted += p * mass;
            self.cells[cell].count += 1;
            if self.cells[cell].is_leaf() {
                let resident = self.cells[cell].body;
                if self.cells[cell].count == 1 {
                    // Empty leaf: the body lives here.
                    self.cells[cell].body = body;
                    return;
                }
                if self.cells[cell].size < MIN_CELL {
                    // Coincident bodies share a leaf; the leaf keeps its first body.
                    return;
                }
                // Split: move the resident down, then continue with the new body.
                self.cells[cell].body = NONE;
                if resident != NONE {
                    let rp = positions[resident as usize];
                    let q = self.cells[cell].quadrant(rp);
                    let child = self.child(cell, q);
                    let resident_mass = self.cells[cell].mass - mass;
                    self.cells[child].mass = resident_mass;
                    self.cells[child].weighted = rp * resident_mass;
                    self.cells[child].body = resident;
                    self.cells[child].count = self.cells[cell].count - 1;
                }
            }
            let q = self.cells[cell].quadrant(p);
            cell = self.child(cell, q);
        }
    }

    fn child(&mut self, cell: usize, quadrant: usize) -> usize {
        let existing = self.cells[cell].children[quadrant];
        if existing != NONE {
            return existing as usize;
        }
        let min = self.cells[cell].child_min(quadrant);
        let size = self.cells[cell].size * 0.5;
        self.cells.push(Cell::new(min, size));
        let index = self.cells.len() - 1;
        self.cells[cell].children[quadrant] = index as u32;
        index
    }

    /// The bodies of `count` in the tree's order (neighbours next to each other), bodies
    /// that share a leaf with an earlier one last: walking bodies in this order, each
    /// traversal finds most cells where the previous one left them in the cache.
    pub(crate) fn bodies_in_order(&self, count: usize) -> Vec<u32> {
        let mut order = Vec::with_capacity(count);
        let mut seen = vec![false; count];
        for cell in &self.flat {
            if let Some(flag) = seen.get_mut(cell.body as usize)
                && !*flag
            {
                *flag = true;
                order.push(cell.body);
            }
        }
        order.extend((0..count as u32).filter(|&i| !seen[i as usize]));
        order
    }

    /// The repulsion on body `i` at `p` with mass `mass`: Σ k²·m·M/d along each direction,
    /// with cells seen at an angle below `theta` taken whole.
    pub(crate) fn repulsion(&self, i: usize, p: Vec2, mass: f32, k2: f32, theta: f32) -> Vec2 {
        let mut force = Vec2::ZERO;
        let theta2 = theta * theta;
        let flat = &self.flat[..];
        let mut k = 0;
        while let Some(cell) = flat.get(k) {
            let mut center = cell.center;
            let mut delta = p - center;
            let mut cell_mass = cell.mass;
            if cell.body == NONE {
                if cell.size2 >= theta2 * delta.length_sq() {
                    // Too near to take whole: into its children.
                    k += 1;
                    continue;
                }
            } else if cell.body == i as u32 {
                // Our own leaf: only coincident others count.
                cell_mass -= mass;
                if cell_mass <= 1e-6 {
                    k = cell.skip as usize;
                    continue;
                }
                center = p + tie(i);
                delta = p - center;
            }
            k = cell.skip as usize;
            let delta = if delta == Vec2::ZERO { tie(i) } else { delta };
            let d2 = delta.length_sq().max(1.0);
            force += delta * (k2 * mass * cell_mass / d2);
        }
        force
    }
}

/// The traversal's stack of cells to visit: on the call's own stack (a traversal holds at
/// most three cells per level), spilling to the heap only for absurdly deep trees.
struct Stack {
    inline: [u32; 128],
    len: usize,
    spill: Vec<u32>,
}

impl Default for Stack {
    fn default() -> Self {
        Self {
            inline: [0; 128],
            len: 0,
            spill: Vec::new(),
        }
    }
}

impl Stack {
    #[inline]
    fn push(&mut self, cell: u32) {
        if self.len < self.inline.len() {
            self.inline[self.len] = cell;
            self.len += 1;
        } else {
            self.spill.push(cell);
        }
    }

    #[inline]
    fn pop(&mut self) -> Option<u32> {
        if let Some(cell) = self.spill.pop() {
            return Some(cell);
        }
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(self.inline[self.len])
    }
}

/// A tiny direction to part bodies that sit on one point, the same every run.
fn tie(i: usize) -> Vec2 {
    Vec2::angled((i % 360) as f32 * 0.017_453_3) * 0.01
}

#[cfg(test)]
mod tests {
    use super::QuadTree;
    use emath::{Vec2, vec2};

    /// The repulsion on body `i` from every other body of unit mass (k² = 100), summed pair by
    /// pair.
    fn exact_repulsion(positions: &[Vec2], i: usize) -> Vec2 {
        positions
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, &q)| {
                let d = positions[i] - q;
                d * (100.0 / d.length_sq().max(1.0))
            })
            .fold(Vec2::ZERO, |a, b| a + b)
    }

    #[test]
    fn far_field_matches_the_exact_sum() {
        let positions: Vec<Vec2> = (0..200)
            .map(|i| {
                let a = i as f32 * 2.399_963;
                vec2(a.cos(), a.sin()) * (i as f32).sqrt() * 30.0
            })
            .collect();
        let masses = vec![1.0; positions.len()];
        let tree = QuadTree::build(&positions, &masses);
        for i in [0, 17, 199] {
            let exact = exact_repulsion(&positions, i);
            let approx = tree.repulsion(i, positions[i], 1.0, 100.0, 0.5);
            let error = (approx - exact).length() / exact.length().max(1e-3);
            assert!(error < 0.05, "node {i}: relative error {error}");
            assert_eq!(
                tree.repulsion(i, positions[i], 1.0, 100.0, 0.0).round(),
                exact.round()
            );
        }
    }

    #[test]
    fn a_pile_of_coincident_bodies_far_from_the_origin_counts_once() {
        // Twenty bodies on one point where an f32 step (4 thousandths) is larger than the
        // smallest cells, and bodies beside them, one a few steps away: each is pushed by
        // the pile and the others as the exact sum says (the walk takes every body once).
        let pile = vec2(40_000.0, -40_000.0);
        let mut positions = vec![pile; 20];
        positions.extend([
            pile + vec2(50.0, 30.0),
            pile + vec2(0.02, 0.0),
            pile + vec2(-7.0, 3.0),
        ]);
        let masses = vec![1.0; positions.len()];
        let tree = QuadTree::build(&positions, &masses);
        for i in 20..positions.len() {
            let exact = exact_repulsion(&positions, i);
            let force = tree.repulsion(i, positions[i], 1.0, 100.0, 0.0);
            assert!(
                (force - exact).length() <= exact.length() * 1e-3 + 1e-3,
                "body {i}: {force:?} against {exact:?}"
            );
        }
    }

    /// The skip links a tree's cells must have, from its parent and child pointers.
    fn walk(tree: &QuadTree, cell: u32, skips: &mut Vec<u32>) {
        let c = &tree.cells[cell as usize];
        if c.mass <= 0.0 {
            return;
        }
        let at = skips.len();
        skips.push(0);
        for &child in &c.children {
            if child != super::NONE {
                walk(tree, child, skips);
            }
        }
        skips[at] = skips.len() as u32;
    }

    #[test]
    fn every_skip_link_points_past_its_subtree() {
        // Bodies piled far from the origin, where cells get smaller than an f32 step.
        let pile = vec2(40_000.0, -40_000.0);
        let mut positions = vec![pile; 6];
        positions.extend([
            pile + vec2(0.01, 0.004),
            pile + vec2(3.0, -2.0),
            vec2(0.0, 0.0),
        ]);
        let masses = vec![1.0; positions.len()];
        let tree = QuadTree::build(&positions, &masses);
        // The links worked out from the tree's own parent and child pointers.
        let mut skips = Vec::new();
        walk(&tree, 0, &mut skips);
        let flat: Vec<u32> = tree.flat.iter().map(|f| f.skip).collect();
        assert!(skips.len() > 20, "a deep pile");
        assert_eq!(flat, skips);
    }

    #[test]
    fn coincident_bodies_do_not_loop_forever() {
        let positions = vec![vec2(1.0, 1.0); 50];
        let masses = vec![1.0; 50];
        let tree = QuadTree::build(&positions, &masses);
        let force = tree.repulsion(3, positions[3], 1.0, 100.0, 0.8);
        assert!(force.x.is_finite() && force.y.is_finite());
    }
}
