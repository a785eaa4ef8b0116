//! The scene of the agreement network: actors as nodes (coloured by bloc when the blocs are
//! clear, else by kind as in the graph; sized by strength, shaped by kind), ties as edges
//! (agreement as support is drawn, conflict as reject is: colour and pattern), laid out by the
//! same engine as the graph. The strongest and searched actors are always labelled, and
//! labels grow with strength.

use std::sync::Arc;

use emath::{Pos2, vec2};

use super::{EdgeKind, Scene, SceneEdge, SceneNode};
use crate::analysis::network::Network;
use crate::document::{Search, Selection};
use crate::graph::{Node, StanceGraph};
use crate::layout::{LayoutNode, LayoutParams, LayoutRequest};
use crate::model::{ActorKind, Dataset, StanceKind};
use crate::style::colour::{Blocs, Colouring};
use crate::style::{
    Dash, Emphasis, LABEL_GAP, LegendItem, Theme, kind_shape, label_size, wrap_label,
};

/// The largest label, relative to the usual size, for the strongest actor.
pub const MAX_LABEL_SCALE: f32 = 1.35;

/// How many of the strongest actors, and how many of those most in conflict with others, are
/// always labelled.
pub const STRONGEST_LABELLED: usize = 5;

/// At most this many actors a search matches are always labelled (the strongest of them).
pub const SEARCHED_LABELLED: usize = 12;

pub use crate::style::colour::{BLOC_COLORS, NAMED_BLOCS, bloc_color};

/// The radius of an actor of some strength, the strongest being `max`.
fn radius(strength: f64, max: f64) -> f32 {
    let share = if max > 0.0 { strength / max } else { 0.0 };
    7.0 + 11.0 * share.sqrt() as f32
}

/// How much larger than usual an actor's label is drawn: with the square root of its share of
/// the largest strength, from 1 to [`MAX_LABEL_SCALE`].
pub fn label_scale(strength: f64, max: f64) -> f32 {
    let share = if max > 0.0 {
        (strength / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    1.0 + (MAX_LABEL_SCALE - 1.0) * share.sqrt() as f32
}

/// The actors (by their place in [`Network::actors`]) whose labels are always drawn: the
/// [`STRONGEST_LABELLED`] strongest, as many of those most in conflict with others (the
/// extremes of a subtract or conflict network, such as the United States and Israel in the UN
/// votes, whose many disagreements cancel their agreements in their strength), and those
/// whose name or id contains the search text (at most [`SEARCHED_LABELLED`], the strongest of
/// them). The selection is labelled anyway.
pub fn always_labelled(network: &Network, dataset: &Dataset, search: &str) -> Vec<bool> {
    let n = network.actors.len();
    let ranked = |score: &[f64]| {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
        order
    };
    let by_strength = ranked(&network.strength);
    let mut pinned = vec![false; n];
    for &k in by_strength.iter().take(STRONGEST_LABELLED) {
        pinned[k] = true;
    }
    for &k in ranked(&network.opposition)
        .iter()
        .take(STRONGEST_LABELLED)
        .filter(|&&k| network.opposition[k] > 0.0)
    {
        pinned[k] = true;
    }
    let search = Search::new(search);
    if !search.is_empty() {
        by_strength
            .iter()
            .filter(|&&k| search.matches_actor(dataset.actor(network.actors[k])))
            .take(SEARCHED_LABELLED)
            .for_each(|&k| pinned[k] = true);
    }
    pinned
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
            let label = label_size(&wrap_label(&actor.name)) * label_scale(strength, max);
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
        colouring: &Colouring,
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
                    label_scale: label_scale(network.strength[k], max_strength),
                    label_lines,
                    kind_label: actor.kind.label(),
                    center: positions.get(k).copied().unwrap_or(Pos2::ZERO),
                    radius: radius(network.strength[k], max_strength),
                    shape: kind_shape(Some(actor.kind)),
                    fill: colouring.fill(a, actor.kind, theme),
                    stroke,
                    degree: graph.positions_of_actor(a).len(),
                    emphasis: Emphasis::Normal,
                    label_right: false,
                    label_room: f32::INFINITY,
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
        let shown = network.actors.iter().map(|&a| (a, dataset.actor(a).kind));
        let legend = match colouring.legend(shown, theme) {
            Some(mut items) => {
                items.extend(tie_legend(network, theme, &edges));
                items
            }
            None => kind_legend(network, dataset, theme, &edges),
        };
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
            pinned: Vec::new(),
            slot,
        };
        scene.reselect(graph, selection, None);
        scene.pin_labels(always_labelled(network, dataset, ""));
        scene
    }
}

/// The legend of a network without clear blocs: the kinds of actor it shows, coloured and
/// shaped as in the graph, then its kinds of tie.
fn kind_legend(
    network: &Network,
    dataset: &Dataset,
    theme: Theme,
    edges: &[SceneEdge],
) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = ActorKind::ALL
        .into_iter()
        .filter(|&kind| {
            network
                .actors
                .iter()
                .any(|&a| dataset.actor(a).kind == kind)
        })
        .map(|kind| {
            let (fill, stroke) = theme.node_colors(Some(kind));
            LegendItem::Node {
                shape: kind_shape(Some(kind)),
                fill,
                stroke,
                label: kind.label().into(),
            }
        })
        .collect();
    items.extend(tie_legend(network, theme, edges));
    items
}

/// The blocs of a network by actor (what colouring by bloc shows in every view), for the
/// document version `document`.
pub fn blocs_of(network: &Network, dataset: &Dataset, document: u64) -> Blocs {
    let mut of_actor = vec![None; dataset.actors.len()];
    for (k, &a) in network.actors.iter().enumerate() {
        if let (Some(slot), Some(&bloc)) = (
            of_actor.get_mut(a.0 as usize),
            network.blocs.community.get(k),
        ) {
            *slot = Some(bloc as u32);
        }
    }
    Blocs {
        document,
        of_actor,
        count: network.blocs.count,
        modularity: network.blocs.modularity,
        clear: network.has_clear_blocs(),
    }
}

/// The legend rows of the kinds of tie that appear.
fn tie_legend(network: &Network, theme: Theme, edges: &[SceneEdge]) -> Vec<LegendItem> {
    let mut items = Vec::new();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::agreement::{Agreement, Options};
    use crate::analysis::network::{Keep, Progress};
    use ecolor::Color32;

    /// sRGB to CIELAB (D65), for the colour distances of the palette test.
    #[expect(
        clippy::many_single_char_names,
        reason = "r, g, b, x, y, z are the colour science's names"
    )]
    fn lab(c: Color32) -> [f64; 3] {
        let linear = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (linear(c.r()), linear(c.g()), linear(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008_856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// CIE76 colour difference: about 2.3 is just noticeable, 25 clearly another colour.
    fn delta_e(a: Color32, b: Color32) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    #[test]
    fn no_bloc_colour_can_be_taken_for_a_stance_colour() {
        // The measure itself: the support green against a slightly lighter green is "near".
        let support = Theme::Light.stance_color(StanceKind::Support);
        assert!(delta_e(support, Color32::from_rgb(0x10, 0xA8, 0x80)) < 25.0);
        for theme in [Theme::Light, Theme::Dark] {
            for stance in StanceKind::ALL {
                let stance_color = theme.stance_color(stance);
                let palettes = BLOC_COLORS
                    .iter()
                    .chain(&crate::style::colour::ATTRIBUTE_COLORS);
                for (k, &bloc) in palettes.enumerate() {
                    let distance = delta_e(bloc, stance_color);
                    assert!(
                        distance >= 25.0,
                        "bloc {k} {bloc:?} is {distance:.1} from {stance:?} {stance_color:?}"
                    );
                }
            }
        }
        // And the blocs stay apart from each other.
        for (i, &a) in BLOC_COLORS.iter().enumerate() {
            for &b in &BLOC_COLORS[i + 1..] {
                assert!(delta_e(a, b) >= 20.0, "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn labels_grow_with_strength_within_limits() {
        assert!((label_scale(0.0, 10.0) - 1.0).abs() < 1e-6);
        assert!((label_scale(10.0, 10.0) - MAX_LABEL_SCALE).abs() < 1e-6);
        assert!(label_scale(2.5, 10.0) > 1.0 && label_scale(2.5, 10.0) < label_scale(5.0, 10.0));
        // Nothing strong at all, or a weight beyond the maximum: within the limits.
        assert!((label_scale(0.0, 0.0) - 1.0).abs() < 1e-6);
        assert!(label_scale(20.0, 10.0) <= MAX_LABEL_SCALE);
    }

    fn seed_network() -> (Dataset, Network) {
        let dataset =
            crate::model::load_str(crate::model::SEED_RON, "positions.ron").expect("seed");
        let agreement = Agreement::new(&dataset, dataset.position_ixs(), Options::default());
        let network = Network::compute(&agreement, Keep::default(), 2, &Progress::default())
            .expect("computed");
        (dataset, network)
    }

    #[test]
    fn the_strongest_the_most_opposed_and_the_searched_actors_are_always_labelled() {
        let (dataset, network) = seed_network();
        let pinned = always_labelled(&network, &dataset, "");
        let is_pinned = |id: &str| {
            let a = dataset.find_actor(id).expect(id);
            pinned[network.actors.iter().position(|&x| x == a).expect(id)]
        };
        // The five strongest: each at least as strong as every actor not pinned.
        let mut by_strength: Vec<usize> = (0..pinned.len()).collect();
        by_strength.sort_by(|&a, &b| network.strength[b].total_cmp(&network.strength[a]));
        assert!(by_strength[..STRONGEST_LABELLED].iter().all(|&k| pinned[k]));
        // Russia opposes the most (its subtract weights below 0 sum to 10; the next, 1).
        assert!(is_pinned("russia"));
        let count = pinned.iter().filter(|&&p| p).count();
        assert!(count > STRONGEST_LABELLED && count <= 2 * STRONGEST_LABELLED);
        // An actor left to compete is labelled once searched for (by part of its name, any
        // case).
        let other = (0..pinned.len())
            .find(|&k| !pinned[k])
            .expect("one not pinned");
        let name = &dataset.actor(network.actors[other]).name;
        let part: String = name.chars().take(5).collect::<String>().to_uppercase();
        assert!(always_labelled(&network, &dataset, &part)[other]);
    }

    #[test]
    fn without_clear_blocs_actors_are_coloured_by_kind_and_the_legend_names_no_bloc() {
        let (dataset, network) = seed_network();
        assert!(!network.has_clear_blocs());
        let graph = StanceGraph::build(&dataset);
        let positions = vec![Pos2::ZERO; network.actors.len()];
        // Asked to colour by bloc, a network without clear blocs colours by kind.
        let blocs = blocs_of(&network, &dataset, 0);
        let colouring = Colouring::new(
            &dataset,
            &crate::style::colour::ColourBy::Bloc,
            Some(&blocs),
        );
        assert!(
            colouring
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with("No clear blocs"))
        );
        let scene = Scene::network(
            &network,
            &dataset,
            &graph,
            &positions,
            None,
            Theme::Light,
            &colouring,
        );
        for node in &scene.nodes {
            let Node::Actor(a) = node.node else {
                panic!("actors only")
            };
            assert_eq!(
                node.fill,
                Theme::Light.node_colors(Some(dataset.actor(a).kind)).0
            );
        }
        let labels: Vec<String> = scene
            .legend
            .iter()
            .filter_map(|item| match item {
                LegendItem::Node { label, .. } => Some(label.to_string()),
                _ => None,
            })
            .collect();
        assert!(labels.iter().all(|l| !l.contains("loc")), "{labels:?}");
        assert!(labels.iter().any(|l| l == "Leader"), "{labels:?}");
        // The strongest actors' labels are placed even when the view is too small for them.
        let shown = scene.visible_labels(
            1.0,
            Some(emath::Rect::from_min_size(
                Pos2::ZERO,
                emath::vec2(1.0, 1.0),
            )),
        );
        let pinned = always_labelled(&network, &dataset, "");
        assert!((0..pinned.len()).all(|k| !pinned[k] || shown[k]));
    }
}
