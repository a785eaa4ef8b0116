//! The legend of the graph's scene: the colouring's values (or the kinds of node) and the
//! edge styles that appear, in a fixed order.

use super::{EdgeKind, NodeCatalog, SceneEdge, SceneNode};
use crate::graph::Node;
use crate::model::{ActorKind, StanceKind};
use crate::style::{Dash, LegendItem, REPRESENTS_WIDTH, Theme, kind_shape};

/// Legend rows for the node kinds and edge styles that appear, in a fixed order.
pub(super) fn legend(
    theme: Theme,
    nodes: &[SceneNode],
    edges: &[SceneEdge],
    colouring: &crate::style::colour::Colouring,
    catalog: &NodeCatalog,
) -> Vec<LegendItem> {
    let shown = nodes.iter().filter_map(|n| match n.node {
        Node::Actor(a) => Some((a, catalog.entries.get(n.index.index())?.kind?)),
        Node::Issue(_) => None,
    });
    let mut items = colouring.legend(shown, theme).unwrap_or_default();
    let kinds: &[Option<ActorKind>] = if items.is_empty() {
        &[
            Some(ActorKind::Country),
            Some(ActorKind::Leader),
            Some(ActorKind::Organization),
            Some(ActorKind::Person),
            None,
        ]
    } else {
        // The actors' rows are the colouring's.
        &[None]
    };
    // Which kinds appear, in one pass over the nodes.
    let mut present = [false; 5];
    for node in nodes {
        let kind = match node.node {
            Node::Issue(_) => None,
            Node::Actor(_) => catalog.entries.get(node.index.index()).and_then(|e| e.kind),
        };
        present[kind_slot(kind)] = true;
    }
    for &kind in kinds {
        let label = kind.map_or("Issue", ActorKind::label);
        if present[kind_slot(kind)] {
            let (fill, stroke) = theme.node_colors(kind);
            items.push(LegendItem::Node {
                shape: kind_shape(kind),
                fill,
                stroke,
                label: label.into(),
            });
        }
    }
    // Which edge styles appear, in one pass over the edges (a scene may hold 200,000).
    let (mut stances, mut represents, mut changed) = ([false; 4], false, false);
    for edge in edges {
        match edge.kind {
            EdgeKind::Position(_, s) => stances[s.index()] = true,
            EdgeKind::Represents => represents = true,
            EdgeKind::Tie(..) => {}
        }
        changed |= edge.changed;
    }
    for stance in StanceKind::ALL {
        if stances[stance.index()] {
            let (width, dash) = Theme::stance_line(stance);
            items.push(LegendItem::Edge {
                color: theme.stance_color(stance),
                width,
                dash,
                label: stance.label().into(),
            });
        }
    }
    if represents {
        items.push(LegendItem::Edge {
            color: theme.represents_color(),
            width: REPRESENTS_WIDTH,
            dash: Dash::Solid,
            label: "Represents".into(),
        });
    }
    if changed {
        items.push(LegendItem::Change {
            color: theme.palette().weak_text,
            label: "Stance changed".into(),
        });
    }
    items
}

/// A kind's place in a table of five (the four kinds of actor, then issues).
fn kind_slot(kind: Option<ActorKind>) -> usize {
    match kind {
        Some(ActorKind::Country) => 0,
        Some(ActorKind::Leader) => 1,
        Some(ActorKind::Organization) => 2,
        Some(ActorKind::Person) => 3,
        None => 4,
    }
}
