//! Nodes bucketed by square cells, for the overlap passes' neighbour queries, and the fast
//! hasher of cell keys.

use std::collections::HashMap;

use emath::Vec2;

/// A fast hasher for grid cell keys (the standard `SipHash` showed in profiles; keys here are
/// not attacker-chosen). The scene's label index uses it too.
#[derive(Default)]
pub(crate) struct CellHasher(u64);

impl std::hash::Hasher for CellHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_i32(&mut self, value: i32) {
        self.write_u64(u64::from(value.cast_unsigned()));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(26) ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(super) type CellMap =
    HashMap<(i32, i32), Vec<usize>, std::hash::BuildHasherDefault<CellHasher>>;

/// Nodes bucketed by square cells, for neighbour queries.
pub(super) struct Grid {
    cell: f32,
    cells: Cells,
}

/// A grid's buckets: a dense array of cells over the nodes' bounds (each cell's nodes one
/// after another), or a map of the occupied cells when the bounds hold far more cells than
/// nodes (a few nodes far away).
enum Cells {
    Dense {
        /// The cell key of the first column and row.
        origin: (i32, i32),
        columns: i32,
        rows: i32,
        /// Where each cell's nodes start in `nodes` (one more entry than cells).
        starts: Vec<u32>,
        nodes: Vec<u32>,
    },
    Sparse(CellMap),
}

impl Grid {
    pub(super) fn new(positions: &[Vec2], cell: f32) -> Self {
        let keys: Vec<(i32, i32)> = positions.iter().map(|p| Self::key(*p, cell)).collect();
        let (mut lo, mut hi) = ((i32::MAX, i32::MAX), (i32::MIN, i32::MIN));
        for &(x, y) in &keys {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        let span = |a: i32, b: i32| i64::from(b) - i64::from(a) + 1;
        let count = span(lo.0, hi.0).max(0) * span(lo.1, hi.1).max(0);
        if keys.is_empty() || count > 4 * keys.len() as i64 + 4096 {
            let mut cells = CellMap::default();
            for (i, key) in keys.into_iter().enumerate() {
                cells.entry(key).or_default().push(i);
            }
            return Self {
                cell,
                cells: Cells::Sparse(cells),
            };
        }
        let (columns, rows) = ((hi.0 - lo.0 + 1), (hi.1 - lo.1 + 1));
        let index = |(x, y): (i32, i32)| ((y - lo.1) * columns + (x - lo.0)) as usize;
        // A counting sort by cell, nodes in index order within a cell.
        let mut starts = vec![0_u32; (columns * rows) as usize + 1];
        for &key in &keys {
            starts[index(key) + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut fill = starts.clone();
        let mut nodes = vec![0_u32; keys.len()];
        for (i, &key) in keys.iter().enumerate() {
            let slot = &mut fill[index(key)];
            nodes[*slot as usize] = i as u32;
            *slot += 1;
        }
        Self {
            cell,
            cells: Cells::Dense {
                origin: lo,
                columns,
                rows,
                starts,
                nodes,
            },
        }
    }

    fn key(p: Vec2, cell: f32) -> (i32, i32) {
        ((p.x / cell).floor() as i32, (p.y / cell).floor() as i32)
    }

    /// Calls `f` for every node in the 3×3 cells around `p`, in a fixed order.
    pub(super) fn for_neighbours(&self, p: Vec2, mut f: impl FnMut(usize)) {
        let (cx, cy) = Self::key(p, self.cell);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let (key_x, key_y) = (cx.saturating_add(dx), cy.saturating_add(dy));
                match &self.cells {
                    Cells::Dense {
                        origin,
                        columns,
                        rows,
                        starts,
                        nodes,
                    } => {
                        let (column, row) =
                            (key_x.wrapping_sub(origin.0), key_y.wrapping_sub(origin.1));
                        if !(0..*columns).contains(&column) || !(0..*rows).contains(&row) {
                            continue;
                        }
                        let k = (row * columns + column) as usize;
                        for &j in &nodes[starts[k] as usize..starts[k + 1] as usize] {
                            f(j as usize);
                        }
                    }
                    Cells::Sparse(cells) => {
                        if let Some(list) = cells.get(&(key_x, key_y)) {
                            for &j in list {
                                f(j);
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cells, Grid};
    use emath::vec2;

    #[test]
    fn a_grid_finds_the_same_neighbours_dense_or_sparse() {
        let mut positions: Vec<emath::Vec2> = (0..500)
            .map(|i| {
                let a = i as f32 * 2.4;
                vec2(a.cos(), a.sin()) * (i as f32).sqrt() * 9.0
            })
            .collect();
        let dense = Grid::new(&positions, 10.0);
        assert!(matches!(dense.cells, Cells::Dense { .. }));
        // One node far away makes the bounds mostly empty: the grid keeps a map instead.
        positions.push(vec2(1.0e6, -1.0e6));
        let sparse = Grid::new(&positions, 10.0);
        assert!(matches!(sparse.cells, Cells::Sparse(_)));
        for p in positions.iter().step_by(7) {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            dense.for_neighbours(*p, |j| a.push(j));
            sparse.for_neighbours(*p, |j| b.push(j));
            b.retain(|&j| j < 500);
            assert_eq!(a, b);
            let mut brute: Vec<usize> = (0..500)
                .filter(|&j| {
                    let key = |q: emath::Vec2| Grid::key(q, 10.0);
                    let (k, l) = (key(*p), key(positions[j]));
                    (k.0 - l.0).abs() <= 1 && (k.1 - l.1).abs() <= 1
                })
                .collect();
            let mut found = a.clone();
            found.sort_unstable();
            brute.sort_unstable();
            assert_eq!(found, brute);
        }
    }
}
