//! The layout request of a document: every node sized for its label, every edge. A request is
//! a value (`PartialEq`): the layout is run again only when it changes.

use emath::{Vec2, vec2};

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
    let facts: Vec<_> = graph
        .graph
        .node_indices()
        .filter_map(|index| {
            let node = graph.node(index)?;
            Some((node, graph.node_facts(dataset, node)))
        })
        .collect();
    let names: Vec<&str> = facts.iter().map(|(_, (name, _, _))| *name).collect();
    let labels = style::wrapped_labels(&names);
    let nodes = facts
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
        .collect();
    let edges = graph
        .graph
        .edge_indices()
        .filter_map(|e| graph.graph.edge_endpoints(e))
        .map(|(a, b)| (a.index() as u32, b.index() as u32))
        .collect();
    LayoutRequest {
        nodes,
        edges,
        params,
    }
}
