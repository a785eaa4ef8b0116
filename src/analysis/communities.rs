//! Blocs: communities of a weighted, undirected graph by the Louvain method (Blondel et al.,
//! 2008), deterministic: nodes are visited in index order and ties go to the lowest
//! community, so the same graph always gives the same partition.
//!
//! Modularity, where `A_CC` sums the weights inside C (each edge both ways), `k_C` the
//! weighted degrees of its nodes and `2m` all weights both ways (only positive weights count):
//!
//! ```text
//! Q = Σ_C [A_CC / 2m − (k_C / 2m)²]
//! ```

/// A partition of the nodes into communities.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    /// Each node's community: 0 is the largest, then by size (ties: the lowest node first).
    pub community: Vec<usize>,
    /// How many communities there are.
    pub count: usize,
    /// The modularity of the partition.
    pub modularity: f64,
}

/// A graph being partitioned: symmetric adjacency without self-loops, plus each node's
/// self-loop weight (what an aggregated node holds inside).
struct Level {
    neighbours: Vec<Vec<(usize, f64)>>,
    loops: Vec<f64>,
}

impl Level {
    fn degree(&self, i: usize) -> f64 {
        self.loops[i] + self.neighbours[i].iter().map(|&(_, w)| w).sum::<f64>()
    }
}

/// The Louvain partition of `n` nodes joined by `edges` (u, v, weight); edges may repeat
/// (weights add up); self-loops and weights ≤ 0 are ignored.
pub fn louvain(n: usize, edges: &[(usize, usize, f64)]) -> Partition {
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(u, v, w) in edges {
        if u != v && u < n && v < n && w > 0.0 && w.is_finite() {
            neighbours[u].push((v, w));
            neighbours[v].push((u, w));
        }
    }
    for list in &mut neighbours {
        merge_duplicates(list);
    }
    let mut level = Level {
        neighbours,
        loops: vec![0.0; n],
    };
    let two_m: f64 = (0..n).map(|i| level.degree(i)).sum();
    // Which community of the current level each original node is in.
    let mut membership: Vec<usize> = (0..n).collect();
    if two_m > 0.0 {
        loop {
            let (moved, community) = local_moves(&level, two_m);
            if !moved {
                break;
            }
            let (renumbered, count) = renumber(&community);
            for m in &mut membership {
                *m = renumbered[*m];
            }
            level = aggregate(&level, &renumbered, count);
        }
    }
    finish(n, &membership, edges, two_m)
}

/// Sorts a neighbour list and adds up the weights of repeated neighbours.
fn merge_duplicates(list: &mut Vec<(usize, f64)>) {
    list.sort_by_key(|&(j, _)| j);
    let mut merged: Vec<(usize, f64)> = Vec::with_capacity(list.len());
    for &(j, w) in list.iter() {
        match merged.last_mut() {
            Some((previous, sum)) if *previous == j => *sum += w,
            _ => merged.push((j, w)),
        }
    }
    *list = merged;
}

/// Moves nodes between communities while modularity grows; returns whether any moved and
/// each node's community.
fn local_moves(level: &Level, two_m: f64) -> (bool, Vec<usize>) {
    let n = level.neighbours.len();
    let degree: Vec<f64> = (0..n).map(|i| level.degree(i)).collect();
    let mut community: Vec<usize> = (0..n).collect();
    let mut total: Vec<f64> = degree.clone();
    let mut links = vec![0.0; n];
    let mut listed = vec![false; n];
    let mut touched: Vec<usize> = Vec::new();
    let mut moved_any = false;
    // Bounded: each pass must raise modularity, so a few dozen passes are plenty.
    for _ in 0..100 {
        let mut moved = false;
        for i in 0..n {
            let own = community[i];
            for &c in &touched {
                links[c] = 0.0;
                listed[c] = false;
            }
            touched.clear();
            touched.push(own);
            listed[own] = true;
            for &(j, w) in &level.neighbours[i] {
                let c = community[j];
                if !listed[c] {
                    listed[c] = true;
                    touched.push(c);
                }
                links[c] += w;
            }
            total[own] -= degree[i];
            let gain = |c: usize, links: &[f64]| links[c] - total[c] * degree[i] / two_m;
            let mut best = own;
            let mut best_gain = gain(own, &links);
            let mut candidates = touched.clone();
            candidates.sort_unstable();
            // Only a strict gain moves a node; among equal gains the lowest community wins.
            for c in candidates {
                let g = gain(c, &links);
                if c != own && g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            total[best] += degree[i];
            if best != own {
                community[i] = best;
                moved = true;
                moved_any = true;
            }
        }
        if !moved {
            break;
        }
    }
    (moved_any, community)
}

/// Community labels renumbered 0.. in order of first appearance; and how many.
fn renumber(community: &[usize]) -> (Vec<usize>, usize) {
    let mut map = vec![usize::MAX; community.len()];
    let mut next = 0;
    let renumbered = community
        .iter()
        .map(|&c| {
            if map[c] == usize::MAX {
                map[c] = next;
                next += 1;
            }
            map[c]
        })
        .collect();
    (renumbered, next)
}

/// The graph of communities: one node per community, weights summed.
fn aggregate(level: &Level, community: &[usize], count: usize) -> Level {
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); count];
    let mut loops = vec![0.0; count];
    for (i, list) in level.neighbours.iter().enumerate() {
        let ci = community[i];
        loops[ci] += level.loops[i];
        for &(j, w) in list {
            let cj = community[j];
            if ci == cj {
                loops[ci] += w;
            } else {
                neighbours[ci].push((cj, w));
            }
        }
    }
    for list in &mut neighbours {
        merge_duplicates(list);
    }
    Level { neighbours, loops }
}

/// Numbers communities by size and measures the modularity on the original edges.
fn finish(n: usize, membership: &[usize], edges: &[(usize, usize, f64)], two_m: f64) -> Partition {
    let count = membership.iter().copied().max().map_or(0, |m| m + 1);
    let mut sizes: Vec<(usize, usize, usize)> = (0..count).map(|c| (0, usize::MAX, c)).collect();
    for (node, &c) in membership.iter().enumerate() {
        sizes[c].0 += 1;
        sizes[c].1 = sizes[c].1.min(node);
    }
    sizes.sort_by_key(|&(size, first, _)| (std::cmp::Reverse(size), first));
    let mut order = vec![0; count];
    for (rank, &(_, _, c)) in sizes.iter().enumerate() {
        order[c] = rank;
    }
    let community: Vec<usize> = membership.iter().map(|&c| order[c]).collect();
    let modularity = modularity(&community, edges, two_m);
    Partition {
        community,
        count: if n == 0 { 0 } else { count },
        modularity,
    }
}

/// The modularity of a partition of a graph whose weights sum to `two_m` (both ways).
pub fn modularity(community: &[usize], edges: &[(usize, usize, f64)], two_m: f64) -> f64 {
    if two_m <= 0.0 {
        return 0.0;
    }
    let count = community.iter().copied().max().map_or(0, |m| m + 1);
    let mut inside = vec![0.0; count];
    let mut total = vec![0.0; count];
    for &(u, v, w) in edges {
        if u == v || w <= 0.0 || !w.is_finite() || u >= community.len() || v >= community.len() {
            continue;
        }
        total[community[u]] += w;
        total[community[v]] += w;
        if community[u] == community[v] {
            inside[community[u]] += 2.0 * w;
        }
    }
    (0..count)
        .map(|c| inside[c] / two_m - (total[c] / two_m).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Zachary's karate club (1977): 34 members, 78 friendships (0-based).
    const KARATE: [(usize, usize); 78] = [
        (0, 1),
        (0, 2),
        (0, 3),
        (0, 4),
        (0, 5),
        (0, 6),
        (0, 7),
        (0, 8),
        (0, 10),
        (0, 11),
        (0, 12),
        (0, 13),
        (0, 17),
        (0, 19),
        (0, 21),
        (0, 31),
        (1, 2),
        (1, 3),
        (1, 7),
        (1, 13),
        (1, 17),
        (1, 19),
        (1, 21),
        (1, 30),
        (2, 3),
        (2, 7),
        (2, 8),
        (2, 9),
        (2, 13),
        (2, 27),
        (2, 28),
        (2, 32),
        (3, 7),
        (3, 12),
        (3, 13),
        (4, 6),
        (4, 10),
        (5, 6),
        (5, 10),
        (5, 16),
        (6, 16),
        (8, 30),
        (8, 32),
        (8, 33),
        (9, 33),
        (13, 33),
        (14, 32),
        (14, 33),
        (15, 32),
        (15, 33),
        (18, 32),
        (18, 33),
        (19, 33),
        (20, 32),
        (20, 33),
        (22, 32),
        (22, 33),
        (23, 25),
        (23, 27),
        (23, 29),
        (23, 32),
        (23, 33),
        (24, 25),
        (24, 27),
        (24, 31),
        (25, 31),
        (26, 29),
        (26, 33),
        (27, 33),
        (28, 31),
        (28, 33),
        (29, 32),
        (29, 33),
        (30, 32),
        (30, 33),
        (31, 32),
        (31, 33),
        (32, 33),
    ];

    #[test]
    fn the_karate_club_splits_with_modularity_above_0_41() {
        let edges: Vec<_> = KARATE.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        let partition = louvain(34, &edges);
        assert!(
            partition.modularity >= 0.41,
            "modularity {} ({} communities)",
            partition.modularity,
            partition.count
        );
        assert!(
            partition.modularity <= 0.4198 + 1e-4,
            "above the known optimum"
        );
        // The instructor (0) and the administrator (33) end in different blocs.
        assert_ne!(partition.community[0], partition.community[33]);
        // Deterministic.
        assert_eq!(louvain(34, &edges), partition);
    }

    #[test]
    fn two_triangles_joined_by_one_edge_are_two_blocs() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (0, 2, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
            (2, 3, 1.0),
        ];
        let p = louvain(6, &edges);
        assert_eq!(p.count, 2);
        assert_eq!(p.community[0], p.community[1]);
        assert_eq!(p.community[3], p.community[5]);
        assert_ne!(p.community[0], p.community[3]);
        // By hand: 2m = 14; each bloc has 6 inside (3 edges both ways) and degree 7.
        let expected = 2.0 * (6.0 / 14.0 - (7.0_f64 / 14.0).powi(2));
        assert!((p.modularity - expected).abs() < 1e-12, "{}", p.modularity);
    }

    /// Newman's definition itself, summed over every ordered pair of nodes:
    ///
    /// ```text
    /// Q = (1/2m) Σ_ij [A_ij − k_i k_j / 2m] δ(c_i, c_j)
    /// ```
    fn newman(n: usize, edges: &[(usize, usize, f64)], community: &[usize]) -> f64 {
        let mut a = vec![vec![0.0; n]; n];
        for &(u, v, w) in edges {
            a[u][v] += w;
            a[v][u] += w;
        }
        let k: Vec<f64> = a.iter().map(|row| row.iter().sum()).collect();
        let two_m: f64 = k.iter().sum();
        let mut q = 0.0;
        for i in 0..n {
            for j in 0..n {
                if community[i] == community[j] {
                    q += a[i][j] - k[i] * k[j] / two_m;
                }
            }
        }
        q / two_m
    }

    /// A weighted chain 0 =3= 1 -1- 2 =2= 3, split {0, 1} {2, 3}. By hand: 2m = 12; the first
    /// bloc holds 2·3 = 6 inside with degree 3 + 4 = 7, the second 2·2 = 4 with 3 + 2 = 5:
    /// Q = 6/12 − (7/12)² + 4/12 − (5/12)² = (120 − 49 − 25) / 144 = 46/144.
    #[test]
    fn weighted_modularity_by_hand_and_by_newmans_sum() {
        let edges = [(0, 1, 3.0), (1, 2, 1.0), (2, 3, 2.0)];
        let split = [0, 0, 1, 1];
        let by_hand = 46.0 / 144.0;
        assert!((modularity(&split, &edges, 12.0) - by_hand).abs() < 1e-12);
        assert!((newman(4, &edges, &split) - by_hand).abs() < 1e-12);
        // Louvain finds that split, and reports Newman's modularity of it.
        let p = louvain(4, &edges);
        assert_eq!(p.community, vec![0, 0, 1, 1]);
        assert!((p.modularity - by_hand).abs() < 1e-12, "{}", p.modularity);
        // On the karate club too, the reported modularity is Newman's.
        let karate: Vec<_> = KARATE.iter().map(|&(u, v)| (u, v, 1.0)).collect();
        let p = louvain(34, &karate);
        assert!((p.modularity - newman(34, &karate, &p.community)).abs() < 1e-12);
    }

    #[test]
    fn no_edges_no_blocs_and_no_nan() {
        let p = louvain(3, &[]);
        assert_eq!(p.community, vec![0, 1, 2]);
        assert!(p.modularity.abs() < 1e-12);
        let p = louvain(0, &[]);
        assert_eq!(p.count, 0);
        assert!(p.modularity.is_finite());
    }
}
