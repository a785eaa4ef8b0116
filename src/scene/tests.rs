//! Tests of the parent module.

use super::{Emphasis, Scene, SceneNode, Selection, Theme};
use crate::graph::{Filter, Node, StanceGraph};
use crate::style::wrap_label;

/// Labels claim space in this order: the selection, its neighbours, then issues before
/// actors, the busiest first.
#[test]
fn labels_claim_space_selection_then_neighbours_then_issues_by_degree() {
    let dataset = crate::model::load_str(crate::model::SEED_RON, "positions.ron").expect("seed");
    let graph = StanceGraph::build(&dataset);
    let visible = graph.subgraph(&dataset, &Filter::default());
    let positions = vec![emath::Pos2::ZERO; graph.graph.node_count()];
    let mut scene = Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light);
    let by_importance = |nodes: &[&SceneNode]| {
        nodes.windows(2).all(|w| {
            // Issues rank before actors, then more positions before fewer.
            let rank = |n: &SceneNode| (matches!(n.node, Node::Actor(_)), usize::MAX - n.degree);
            rank(w[0]) <= rank(w[1])
        })
    };
    let order: Vec<&SceneNode> = scene.label_order.iter().map(|&i| &scene.nodes[i]).collect();
    assert_eq!(order.len(), scene.nodes.len());
    assert!(by_importance(&order));
    assert!(matches!(order[0].node, Node::Issue(_)));

    let germany = dataset.find_actor("germany").expect("germany");
    scene.reselect(&graph, Some(Selection::Node(Node::Actor(germany))), None);
    let order: Vec<&SceneNode> = scene.label_order.iter().map(|&i| &scene.nodes[i]).collect();
    assert_eq!(order[0].node, Node::Actor(germany));
    let neighbours = order[1..]
        .iter()
        .take_while(|n| n.emphasis == Emphasis::Highlighted)
        .count();
    assert!(neighbours >= 3, "Germany's issues and Merz come next");
    let rest = &order[1 + neighbours..];
    assert!(rest.iter().all(|n| n.emphasis == Emphasis::Dimmed));
    assert!(by_importance(&order[1..=neighbours]));
    assert!(by_importance(rest));
}

#[test]
fn labels_wrap_at_word_boundaries() {
    assert_eq!(
        wrap_label("U.S. strategic enablers for a European-led deployment"),
        [
            "U.S. strategic enablers",
            "for a European-led",
            "deployment"
        ]
    );
    // Chinese is set without spaces: it wraps between characters, by width (measured in
    // the system's CJK font: CI installs fonts-noto-cjk).
    if crate::text::font_for('中').is_none() {
        assert!(std::env::var_os("CI").is_none(), "no CJK font in CI");
        return;
    }
    let lines = wrap_label("中华人民共和国常驻联合国代表团");
    assert!(lines.len() == 2 && lines.concat() == "中华人民共和国常驻联合国代表团");
    assert_eq!(wrap_label("NATO"), ["NATO"]);
    assert_eq!(
        wrap_label(
            "Implementation of the declaration on the granting of independence to colonial countries"
        ),
        [
            "Implementation of the",
            "declaration on the",
            "granting of",
            "independence to…"
        ]
    );
    assert_eq!(wrap_label(""), [""]);
}

/// A catalogue refreshed after an edit (a renamed actor, a new position, a deleted one) is
/// the one made afresh; a dataset with another node count is refused.
#[test]
fn a_refreshed_catalogue_is_the_one_made_afresh() {
    use super::NodeCatalog;
    let mut dataset =
        crate::model::load_str(crate::model::SEED_RON, "positions.ron").expect("seed");
    let mut catalog = NodeCatalog::new(&dataset, &StanceGraph::build(&dataset));
    let before = catalog.clone();
    dataset.actors[1].name = "The Federal Republic of Germany".to_owned();
    let mut extra = dataset.positions[0].clone();
    extra.issue = crate::model::IssueIx(3);
    dataset.positions.push(extra);
    dataset.positions.remove(2);
    let graph = StanceGraph::build(&dataset);
    assert!(catalog.refresh(&dataset, &graph));
    assert_ne!(catalog, before);
    assert_eq!(catalog, NodeCatalog::new(&dataset, &graph));

    let mut fewer = dataset.clone();
    fewer.issues.pop();
    fewer
        .positions
        .retain(|p| (p.issue.0 as usize) < fewer.issues.len());
    let kept = catalog.clone();
    assert!(!catalog.refresh(&fewer, &StanceGraph::build(&fewer)));
    assert_eq!(catalog, kept);
}
