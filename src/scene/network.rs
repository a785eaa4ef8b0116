//! The scene of the agreement network: actors as nodes (coloured by bloc, sized by strength,
//! shaped by kind), ties as edges (agreement as support is drawn, conflict as reject is:
//! colour and pattern), laid out by the same engine as the graph.

use std::sync::Arc;

use ecolor::Color32;
use emath::{Pos2, vec2};

use super::{EdgeKind, Scene, SceneEdge, SceneNode};
use crate::analysis::network::Network;
use crate::document::Selection;
use crate::graph::{Node, StanceGraph};
use crate::layout::{LayoutNode, LayoutParams, LayoutRequest};
use crate::model::{ActorKind, Dataset, StanceKind};
use crate::style::{
    Dash, Emphasis, LABEL_GAP, LegendItem, Shape, Theme, kind_shape, label_size, wrap_label,
};

/// Colours of the first blocs (a qualitative palette that stays apart from the stance
/// colours); later blocs share the last, grey.
const BLOC_COLORS: [Color32; 9] = [
    Color32::from_rgb(0x44, 0x77, 0xAA),
    Color32::from_rgb(0xEE, 0x66, 0x77),
    Color32::from_rgb(0x22, 0x88, 0x33),
    Color32::from_rgb(0xCC, 0xBB, 0x44),
    Color32::from_rgb(0x66, 0xCC, 0xEE),
    Color32::from_rgb(0xAA, 0x33, 0x77),
    Color32::from_rgb(0x99, 0x66, 0x33),
    Color32::from_rgb(0x88, 0x88, 0xDD),
    Color32::from_rgb(0xAA, 0xAA, 0xAA),
];

/// How many blocs get a colour and a legend row of their own.
pub const NAMED_BLOCS: usize = BLOC_COLORS.len() - 1;

/// The colour of a bloc.
pub fn bloc_color(bloc: usize) -> Color32 {
    BLOC_COLORS[bloc.min(NAMED_BLOCS)]
}

/// The radius of an actor of some strength, the strongest being `max`.
fn radius(strength: f64, max: f64) -> f32 {
    let share = if max > 0.0 { strength / max } else { 0.0 };
    7.0 + 11.0 * share.sqrt() as f32
}

/// The layout request of a network: its actors, sized for their labels, pulled together by
/// their positive ties (a stronger tie pulls harder: it counts up to four times). Conflict
/// ties do not pull, so opposed blocs drift apart.
pub fn layout_request(network: &Network, dataset: &Dataset, params: LayoutParams) -> LayoutRequest {
    let max = network.strength.iter().copied().fold(0.0, f64::max);
    let nodes = network
        .actors
        .iter()
        .zip(&network.strength)
        .map(|(&a, &strength)| {
            let actor = dataset.actor(a);
            let r = radius(strength, max);
            let label = label_size(&wrap_label(&actor.name));
            let bottom = r + LABEL_GAP + label.y;
            LayoutNode {
                key: format!("actor:{}", actor.id),
                half_size: vec2((label.x * 0.5).max(r) + 3.0, (bottom + r) * 0.5 + 1.0),
                box_offset: vec2(0.0, (bottom - r) * 0.5),
                radius: r,
            }
        })
        .collect();
    let mut edges = Vec::new();
    // Agreement pulls; a network of conflict only (the conflict measure) is drawn by its
    // conflicts, so that each actor sits near those it opposes most.
    let any_agree = network.ties.iter().any(|t| t.agrees);
    for tie in network.ties.iter().filter(|t| t.agrees || !any_agree) {
        let pulls =
            1 + (3.0 * tie.weight / network.max_weight.max(f64::MIN_POSITIVE)).round() as usize;
        edges.extend(std::iter::repeat_n((tie.a, tie.b), pulls.min(4)));
    }
    LayoutRequest {
        nodes,
        edges,
        params,
    }
}

impl Scene {
    /// The scene of a network whose actors are at `positions` (one per actor, in the order of
    /// [`Network::actors`]).
    pub fn network(
        network: &Network,
        dataset: &Dataset,
        graph: &StanceGraph,
        positions: &[Pos2],
        selection: Option<Selection>,
        theme: Theme,
    ) -> Self {
        let max_strength = network.strength.iter().copied().fold(0.0, f64::max);
        let mut slot = vec![usize::MAX; graph.graph.node_count()];
        let (_, stroke) = theme.node_colors(Some(ActorKind::Country));
        let nodes: Vec<SceneNode> = network
            .actors
            .iter()
            .enumerate()
            .map(|(k, &a)| {
                let actor = dataset.actor(a);
                let index = graph.actor_node(a);
                slot[index.index()] = k;
                let label_lines: Arc<[String]> = wrap_label(&actor.name).into();
                SceneNode {
                    node: Node::Actor(a),
                    index,
                    id: actor.id.as_str().into(),
                    name: actor.name.as_str().into(),
                    label_size: label_size(&label_lines),
                    label_lines,
                    kind_label: actor.kind.label(),
                    center: positions.get(k).copied().unwrap_or(Pos2::ZERO),
                    radius: radius(network.strength[k], max_strength),
                    shape: kind_shape(Some(actor.kind)),
                    fill: bloc_color(network.blocs.community.get(k).copied().unwrap_or(0)),
                    stroke,
                    degree: graph.positions_of_actor(a).len(),
                    emphasis: Emphasis::Normal,
                    label_right: false,
                }
            })
            .collect();
        let max_weight = network.max_weight.max(f64::MIN_POSITIVE);
        let edges: Vec<SceneEdge> = network
            .ties
            .iter()
            .enumerate()
            .map(|(k, tie)| {
                let stance = if tie.agrees {
                    StanceKind::Support
                } else {
                    StanceKind::Reject
                };
                let (_, dash) = Theme::stance_line(stance);
                let share = (tie.weight.abs() / max_weight) as f32;
                SceneEdge {
                    edge: petgraph::graph::EdgeIndex::new(k),
                    kind: EdgeKind::Tie(
                        network.actors[tie.a as usize],
                        network.actors[tie.b as usize],
                    ),
                    from: tie.a as usize,
                    to: tie.b as usize,
                    color: theme
                        .stance_color(stance)
                        .gamma_multiply(0.35 + 0.65 * share),
                    width: 0.8 + 3.2 * share,
                    dash,
                    emphasis: Emphasis::Normal,
                    changed: false,
                }
            })
            .collect();
        let legend = legend(network, theme, &edges);
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| {
            network.strength[b]
                .total_cmp(&network.strength[a])
                .then(a.cmp(&b))
        });
        let mut scene = Self {
            nodes,
            edges,
            legend,
            groups: Vec::new(),
            theme,
            paint_order: Vec::new(),
            label_order: Vec::new(),
            base_label_order: order,
            slot,
        };
        scene.reselect(graph, selection, None);
        scene
    }
}

/// The legend of a network: its blocs (by size, with their number of actors) and the two
/// kinds of tie that appear.
fn legend(network: &Network, theme: Theme, edges: &[SceneEdge]) -> Vec<LegendItem> {
    let (_, stroke) = theme.node_colors(Some(ActorKind::Country));
    let mut sizes = vec![0usize; network.blocs.count];
    for &c in &network.blocs.community {
        sizes[c] += 1;
    }
    let mut items: Vec<LegendItem> = sizes
        .iter()
        .take(NAMED_BLOCS)
        .enumerate()
        .map(|(k, &size)| LegendItem::Node {
            shape: Shape::Circle,
            fill: bloc_color(k),
            stroke,
            label: format!("Bloc {} ({size})", k + 1).into(),
        })
        .collect();
    if sizes.len() > NAMED_BLOCS {
        let rest: usize = sizes[NAMED_BLOCS..].iter().sum();
        items.push(LegendItem::Node {
            shape: Shape::Circle,
            fill: bloc_color(NAMED_BLOCS),
            stroke,
            label: format!("{} smaller blocs ({rest})", sizes.len() - NAMED_BLOCS).into(),
        });
    }
    for (positive, stance, label) in [
        (true, StanceKind::Support, "Agreement"),
        (false, StanceKind::Reject, "Conflict"),
    ] {
        if edges
            .iter()
            .zip(&network.ties)
            .any(|(_, t)| t.agrees == positive)
        {
            let (width, dash) = Theme::stance_line(stance);
            items.push(LegendItem::Edge {
                color: theme.stance_color(stance),
                width,
                dash: if positive { Dash::Solid } else { dash },
                label: label.into(),
            });
        }
    }
    items
}
