//! Coarsening for multilevel layout: a big graph is laid out first as a small graph of
//! clusters, then each finer level starts from its clusters' places and only needs a short,
//! cool refinement instead of hundreds of hot iterations from a random start.
//!
//! Clusters are stars: nodes taken by weighted degree (hubs first, ties by index) become
//! centres and take every neighbour not yet taken. In an actor–issue graph an issue gathers
//! the actors who took a position on it, so one level shrinks 22,000 nodes to about the
//! number of issues. Everything runs in index order: the same graph gives the same levels.

/// A graph at one level: weighted edges and a repulsion mass per node.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Graph {
    /// Edges as (a, b, weight); parallel edges of the finer level are summed into one.
    pub(crate) edges: Vec<(u32, u32, f32)>,
    /// Repulsion mass of each node (the sum of its members' masses).
    pub(crate) mass: Vec<f32>,
}

impl Graph {
    /// The number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.mass.len()
    }
}

/// One coarser level and how the finer level's nodes map onto it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Level {
    /// The coarse graph.
    pub(crate) graph: Graph,
    /// For each node of the finer level, its cluster here.
    pub(crate) parent: Vec<u32>,
    /// For each node of the finer level, whether it is its cluster's centre.
    pub(crate) centre: Vec<bool>,
}

/// The coarsest graph keeps at least this many clusters (it is laid out in full).
const COARSEST: usize = 60;

/// Stop coarsening when a level keeps more than this share of the nodes.
const MAX_KEPT: f32 = 0.75;

/// At most this many levels above the request's graph.
const MAX_LEVELS: usize = 8;

/// The coarser levels of `finest`, finest first (empty when it does not shrink).
pub(crate) fn levels(finest: &Graph) -> Vec<Level> {
    let mut levels: Vec<Level> = Vec::new();
    while levels.len() < MAX_LEVELS {
        let graph = levels.last().map_or(finest, |l| &l.graph);
        if graph.len() <= COARSEST {
            break;
        }
        let level = coarsen(graph);
        // A level that keeps most nodes gains nothing; one that collapses to a handful of
        // clusters (dense coarse graphs do) would lay out nothing worth refining.
        if level.graph.len() as f32 > graph.len() as f32 * MAX_KEPT || level.graph.len() < COARSEST
        {
            break;
        }
        levels.push(level);
    }
    levels
}

/// Marks a node not yet in a cluster.
const FREE: u32 = u32::MAX;

/// One level of star clustering.
fn coarsen(graph: &Graph) -> Level {
    let n = graph.len();
    // Adjacency in compressed rows, neighbours in edge order.
    let mut weight = vec![0.0_f32; n];
    let mut count = vec![0_u32; n + 1];
    for &(a, b, w) in &graph.edges {
        if a == b {
            continue;
        }
        weight[a as usize] += w;
        weight[b as usize] += w;
        count[a as usize + 1] += 1;
        count[b as usize + 1] += 1;
    }
    for i in 0..n {
        count[i + 1] += count[i];
    }
    let mut fill = count.clone();
    let mut neighbours = vec![0_u32; count[n] as usize];
    for &(a, b, _) in &graph.edges {
        if a == b {
            continue;
        }
        neighbours[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
        neighbours[fill[b as usize] as usize] = a;
        fill[b as usize] += 1;
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| {
        weight[b as usize]
            .total_cmp(&weight[a as usize])
            .then(a.cmp(&b))
    });
    let mut cluster = vec![FREE; n];
    let mut centre = vec![false; n];
    let mut clusters = 0_u32;
    for &u in &order {
        if cluster[u as usize] != FREE {
            continue;
        }
        cluster[u as usize] = clusters;
        centre[u as usize] = true;
        let (from, to) = (count[u as usize] as usize, count[u as usize + 1] as usize);
        for &v in &neighbours[from..to] {
            if cluster[v as usize] == FREE {
                cluster[v as usize] = clusters;
            }
        }
        clusters += 1;
    }
    let mut mass = vec![0.0_f32; clusters as usize];
    for (i, &c) in cluster.iter().enumerate() {
        mass[c as usize] += graph.mass[i];
    }
    let mut edges: Vec<(u32, u32, f32)> = graph
        .edges
        .iter()
        .filter_map(|&(a, b, w)| {
            let (ca, cb) = (cluster[a as usize], cluster[b as usize]);
            (ca != cb).then(|| (ca.min(cb), ca.max(cb), w))
        })
        .collect();
    edges.sort_by_key(|&(a, b, _)| (a, b));
    let mut merged: Vec<(u32, u32, f32)> = Vec::with_capacity(edges.len());
    for (a, b, w) in edges {
        match merged.last_mut() {
            Some(last) if last.0 == a && last.1 == b => last.2 += w,
            _ => merged.push((a, b, w)),
        }
    }
    Level {
        graph: Graph {
            edges: merged,
            mass,
        },
        parent: cluster,
        centre,
    }
}

#[cfg(test)]
mod tests {
    use super::{Graph, levels};

    /// Issues 0..issues, actors after them, each actor on `per_actor` issues.
    fn bipartite(issues: u32, actors: u32, per_actor: u32) -> Graph {
        let mut edges = Vec::new();
        for a in 0..actors {
            for k in 0..per_actor {
                edges.push((issues + a, (a * 7 + k * 13) % issues, 1.0));
            }
        }
        Graph {
            edges,
            mass: vec![1.0; (issues + actors) as usize],
        }
    }

    #[test]
    fn an_actor_issue_graph_shrinks_to_about_its_issues() {
        let graph = bipartite(100, 3000, 5);
        let levels = levels(&graph);
        assert!(!levels.is_empty());
        let first = &levels[0];
        assert!(first.graph.len() <= 100, "{} clusters", first.graph.len());
        // Every node has a cluster, masses are conserved, edges join distinct clusters.
        assert_eq!(first.parent.len(), graph.len());
        let total: f32 = first.graph.mass.iter().sum();
        assert!((total - graph.len() as f32).abs() < 1e-3);
        assert!(first.graph.edges.iter().all(|&(a, b, w)| a < b && w > 0.0));
        assert_eq!(levels, super::levels(&graph), "deterministic");
        // The dense graph of issue clusters is not collapsed further into a handful.
        assert!(levels.iter().all(|l| l.graph.len() >= super::COARSEST));
    }

    #[test]
    fn small_or_edgeless_graphs_are_not_coarsened() {
        assert!(levels(&bipartite(10, 40, 2)).is_empty());
        let scattered = Graph {
            edges: Vec::new(),
            mass: vec![1.0; 5000],
        };
        assert!(levels(&scattered).is_empty());
    }
}
