//! The layout request of a document: every node sized for its label, every edge. A request is
//! a value (`PartialEq`): the layout is run again only when it changes.

use emath::{Vec2, vec2};
use petgraph::graph::NodeIndex;

use crate::graph::StanceGraph;
use crate::layout::{LayoutNode, LayoutParams, LayoutRequest};
use crate::model::Dataset;
use crate::style;

/// The size of a node's label, from its layout node: the inverse of how [`layout_request`]
/// sizes a node with its label below.
pub(super) fn label_of(node: &LayoutNode) -> Vec2 {
    vec2(
        ((node.half_size.x - 3.0) * 2.0).max(0.0),
        ((node.half_size.y - 1.0) * 2.0 - 2.0 * node.radius - style::LABEL_GAP).max(0.0),
    )
}

/// The box of a node whose label (this large) is set to its right (an actor in a stance
/// picture): half its size, and where its centre is from the node.
pub(super) fn right_label_box(node: &LayoutNode, label: Vec2) -> (Vec2, Vec2) {
    let radius = node.radius;
    // Labels are drawn at least 9 points high, so a picture fitted below a zoom of about 0.7
    // draws them larger than their world size: some room for that, to the right.
    let width = 2.0 * radius + style::LABEL_GAP + label.x * 1.15 + 4.0;
    let height = (2.0 * radius).max(label.y) + 2.0;
    // From the node's left edge to the label's end, centred on the node vertically.
    (vec2(width, height) * 0.5, vec2(width * 0.5 - radius, 0.0))
}

/// The layout request for a whole dataset: every node, sized for its label, and every edge.
/// Filters do not change it, so hidden nodes leave and the others stay where they are.
pub fn layout_request(
    dataset: &Dataset,
    graph: &StanceGraph,
    params: LayoutParams,
) -> LayoutRequest {
    let all: Vec<NodeIndex> = graph.graph.node_indices().collect();
    LayoutRequest {
        nodes: layout_nodes(dataset, graph, &all),
        edges: layout_edges(graph),
        params,
    }
}

/// The request after an edit: the nodes of `old` whose key is not in `touched` (their name
/// and degree are as they were) are taken over, the others sized again; the edges are the
/// graph's. Equal to [`layout_request`] of the edited dataset, at the cost of the nodes
/// touched.
pub(super) fn layout_request_after(
    old: &LayoutRequest,
    touched: &std::collections::HashSet<String>,
    dataset: &Dataset,
    graph: &StanceGraph,
) -> LayoutRequest {
    let old_index: std::collections::HashMap<&str, usize> = old
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key.as_str(), i))
        .collect();
    let mut nodes: Vec<Option<LayoutNode>> = Vec::with_capacity(graph.graph.node_count());
    let mut fresh = Vec::new();
    for index in graph.graph.node_indices() {
        let kept = graph.node(index).and_then(|node| {
            let key = super::node_key(dataset, node);
            if touched.contains(&key) {
                return None;
            }
            // A node whose number of positions changed may have another size.
            let (_, kind, degree) = graph.node_facts(dataset, node);
            let radius = style::node_radius(kind.is_none(), degree);
            old_index
                .get(key.as_str())
                .map(|&i| &old.nodes[i])
                .filter(|n| n.radius.to_bits() == radius.to_bits())
                .cloned()
        });
        if kept.is_none() {
            fresh.push(index);
        }
        nodes.push(kept);
    }
    let mut made = layout_nodes(dataset, graph, &fresh).into_iter();
    let nodes = nodes
        .into_iter()
        .map(|kept| {
            kept.or_else(|| made.next()).unwrap_or_else(|| LayoutNode {
                key: String::new(),
                half_size: Vec2::splat(1.0),
                box_offset: Vec2::ZERO,
                radius: 1.0,
            })
        })
        .collect();
    LayoutRequest {
        nodes,
        edges: layout_edges(graph),
        params: old.params,
    }
}

/// [`layout_request_after`] for an edit that adds or removes no actor or issue (the nodes are
/// the same, index for index): only the nodes named in `touched` and those whose number of
/// positions changed their size are sized again.
pub(super) fn layout_request_same_nodes(
    old: &LayoutRequest,
    touched: &std::collections::HashSet<String>,
    dataset: &Dataset,
    graph: &StanceGraph,
) -> LayoutRequest {
    let mut nodes = old.nodes.clone();
    let mut fresh: Vec<NodeIndex> = touched
        .iter()
        .filter_map(|key| {
            if let Some(id) = key.strip_prefix("actor:") {
                Some(graph.actor_node(dataset.find_actor(id)?))
            } else {
                Some(graph.issue_node(dataset.find_issue(key.strip_prefix("issue:")?)?))
            }
        })
        .collect();
    for index in graph.graph.node_indices() {
        let Some(node) = graph.node(index) else {
            continue;
        };
        let (_, kind, degree) = graph.node_facts(dataset, node);
        let radius = style::node_radius(kind.is_none(), degree);
        if nodes
            .get(index.index())
            .is_none_or(|n| n.radius.to_bits() != radius.to_bits())
        {
            fresh.push(index);
        }
    }
    fresh.sort_unstable();
    fresh.dedup();
    for (index, node) in fresh.iter().zip(layout_nodes(dataset, graph, &fresh)) {
        if let Some(slot) = nodes.get_mut(index.index()) {
            *slot = node;
        }
    }
    LayoutRequest {
        nodes,
        edges: layout_edges(graph),
        params: old.params,
    }
}

/// Sizes these nodes of a request again when their number of positions gave them another
/// radius (their names and kinds as they were), and the `renamed` ones (their entries were
/// replaced) whatever their radius.
pub(super) fn resize_nodes(
    request: &mut LayoutRequest,
    dataset: &Dataset,
    graph: &StanceGraph,
    nodes: &[NodeIndex],
    renamed: &[NodeIndex],
) {
    let mut fresh: Vec<NodeIndex> = nodes
        .iter()
        .copied()
        .filter(|&index| {
            graph.node(index).is_some_and(|node| {
                let (_, kind, degree) = graph.node_facts(dataset, node);
                let radius = style::node_radius(kind.is_none(), degree);
                request
                    .nodes
                    .get(index.index())
                    .is_some_and(|n| n.radius.to_bits() != radius.to_bits())
            })
        })
        .collect();
    fresh.extend_from_slice(renamed);
    fresh.sort_unstable();
    fresh.dedup();
    for (index, node) in fresh.iter().zip(layout_nodes(dataset, graph, &fresh)) {
        if let Some(slot) = request.nodes.get_mut(index.index()) {
            *slot = node;
        }
    }
}

/// These nodes, each sized for its label (the labels are wrapped all at once).
fn layout_nodes(dataset: &Dataset, graph: &StanceGraph, indices: &[NodeIndex]) -> Vec<LayoutNode> {
    let facts: Vec<_> = indices
        .iter()
        .filter_map(|&index| {
            let node = graph.node(index)?;
            Some((node, graph.node_facts(dataset, node)))
        })
        .collect();
    let names: Vec<&str> = facts.iter().map(|(_, (name, _, _))| *name).collect();
    let labels = style::wrapped_labels(&names);
    facts
        .iter()
        .zip(labels)
        .map(|(&(node, (_, kind, degree)), (_, label))| {
            let radius = style::node_radius(kind.is_none(), degree);
            let key = super::node_key(dataset, node);
            // The box spans from the top of the node to the bottom of its label.
            let top = -radius;
            let bottom = radius + style::LABEL_GAP + label.y;
            LayoutNode {
                key,
                half_size: vec2(
                    (label.x * 0.5).max(radius) + 3.0,
                    (bottom - top) * 0.5 + 1.0,
                ),
                box_offset: vec2(0.0, (top + bottom) * 0.5),
                radius,
            }
        })
        .collect()
}

fn layout_edges(graph: &StanceGraph) -> Vec<(u32, u32)> {
    graph
        .graph
        .edge_indices()
        .filter_map(|e| graph.graph.edge_endpoints(e))
        .map(|(a, b)| (a.index() as u32, b.index() as u32))
        .collect()
}
