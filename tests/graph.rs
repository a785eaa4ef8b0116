//! The petgraph view of a dataset and the queries the views use.

use std::collections::BTreeSet;

use stancemap::graph::{Edge, Filter, Node, StanceGraph};
use stancemap::model::{self, ActorKind, Dataset, StanceKind};

fn seed() -> Dataset {
    model::load_str(stancemap::model::SEED_RON, "positions.ron").expect("valid seed")
}

#[test]
fn one_node_per_actor_and_issue_one_edge_per_position_and_link() {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    assert_eq!(
        graph.graph.node_count(),
        dataset.actors.len() + dataset.issues.len()
    );
    let represents = dataset
        .actors
        .iter()
        .filter(|a| a.represents.is_some())
        .count();
    assert_eq!(
        graph.graph.edge_count(),
        dataset.positions.len() + represents
    );
    let merz = dataset.find_actor("merz").expect("merz");
    let germany = dataset.find_actor("germany").expect("germany");
    let link = graph
        .graph
        .find_edge(graph.actor_node(merz), graph.actor_node(germany))
        .and_then(|e| graph.graph.edge_weight(e));
    assert_eq!(link, Some(&Edge::Represents));
    assert_eq!(graph.represented_by(germany), [merz]);
    assert_eq!(graph.node(graph.actor_node(merz)), Some(Node::Actor(merz)));
}

#[test]
fn positions_of_an_actor_and_on_an_issue() {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    let merz = dataset.find_actor("merz").expect("merz");
    let issues: Vec<&str> = graph
        .positions_of_actor(merz)
        .iter()
        .map(|&p| dataset.issue(dataset.position(p).issue).id.as_str())
        .collect();
    assert_eq!(issues, ["security-guarantees", "zelenskyy-putin-meeting"]);
    let troops = dataset.find_issue("ground-troops").expect("issue");
    let actors: BTreeSet<&str> = graph
        .positions_on_issue(troops)
        .iter()
        .map(|&p| dataset.actor(dataset.position(p).actor).id.as_str())
        .collect();
    assert_eq!(
        actors,
        ["european-countries", "germany", "united-states"].into()
    );
}

#[test]
fn the_subgraph_for_an_issue_holds_only_its_actors_and_positions() {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    let troops = dataset.find_issue("ground-troops").expect("issue");
    let sub = graph.subgraph_for_issues(&dataset, &[troops].into());
    let names: BTreeSet<String> = sub
        .nodes
        .iter()
        .map(|&n| match graph.node(n) {
            Some(Node::Actor(a)) => dataset.actor(a).id.clone(),
            Some(Node::Issue(i)) => dataset.issue(i).id.clone(),
            None => String::new(),
        })
        .collect();
    assert_eq!(
        names,
        [
            "european-countries",
            "germany",
            "ground-troops",
            "united-states"
        ]
        .map(String::from)
        .into()
    );
    assert_eq!(sub.position_count, 3);
    assert_eq!(
        sub.edges.len(),
        3,
        "no represents link between these actors"
    );
}

#[test]
fn the_unfiltered_view_shows_everything_and_stance_filters_drop_edges() {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    let all = graph.subgraph(&dataset, &Filter::default());
    assert_eq!(all.nodes.len(), graph.graph.node_count());
    assert_eq!(all.edges.len(), graph.graph.edge_count());
    let mut no_support = Filter::default();
    no_support.stances.remove(&StanceKind::Support);
    let sub = graph.subgraph(&dataset, &no_support);
    assert_eq!(
        sub.position_count,
        dataset.tally().total() - dataset.tally().support
    );
    let mut no_leaders = Filter::default();
    no_leaders.actor_kinds.remove(&ActorKind::Leader);
    let sub = graph.subgraph(&dataset, &no_leaders);
    assert!(sub.nodes.iter().all(|&n| match graph.node(n) {
        Some(Node::Actor(a)) => dataset.actor(a).kind != ActorKind::Leader,
        _ => true,
    }));
}

/// The seed, its graph, its layout and everything visible.
struct Laid {
    dataset: Dataset,
    graph: StanceGraph,
    positions: Vec<emath::Pos2>,
    visible: stancemap::graph::Subgraph,
}

fn laid_out_seed() -> Laid {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    let request = stancemap::document::layout_request(
        &dataset,
        &graph,
        stancemap::layout::LayoutParams::default(),
    );
    let positions = stancemap::layout::compute(&request);
    let visible = graph.subgraph(&dataset, &Filter::default());
    Laid {
        dataset,
        graph,
        positions,
        visible,
    }
}

#[test]
fn the_scene_hit_tests_nodes_and_edges() {
    use stancemap::scene::{EdgeKind, Scene};
    use stancemap::style::Theme;
    let Laid {
        dataset,
        graph,
        positions,
        visible,
    } = laid_out_seed();
    let scene = Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light);
    let germany = scene
        .nodes
        .iter()
        .position(|n| &*n.id == "germany")
        .expect("germany");
    assert_eq!(
        scene.node_at(scene.nodes[germany].center, 0.0),
        Some(germany)
    );
    let edge = scene
        .edges
        .iter()
        .position(|e| matches!(e.kind, EdgeKind::Position(..)))
        .expect("a position edge");
    let (a, b) = (
        scene.nodes[scene.edges[edge].from].center,
        scene.nodes[scene.edges[edge].to].center,
    );
    let middle = a + (b - a) * 0.5;
    assert_eq!(scene.edge_at(middle, 1.0), Some(edge));
    assert_eq!(
        scene.node_at(middle + emath::vec2(10_000.0, 0.0), 1.0),
        None
    );
}

#[test]
fn labels_keep_off_what_covers_the_graph() {
    use stancemap::scene::Scene;
    use stancemap::style::Theme;
    let Laid {
        dataset,
        graph,
        positions,
        visible,
    } = laid_out_seed();
    let scene = Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light);
    let zoom = 1.0;
    let free = scene.visible_labels(zoom, None);
    let germany = scene
        .nodes
        .iter()
        .position(|n| &*n.id == "germany")
        .expect("germany");
    assert!(free[germany], "Germany's label shows on an open canvas");
    // A legend drawn over Germany's label pushes it (and only labels under it) away.
    let cover = scene.label_rect_at(&scene.nodes[germany], zoom).expand(2.0);
    let avoiding = scene.visible_labels_avoiding(zoom, None, &[cover]);
    assert!(!avoiding[germany]);
    for (i, node) in scene.nodes.iter().enumerate() {
        if avoiding[i] {
            assert!(
                !scene.label_rect_at(node, zoom).intersects(cover),
                "{}",
                node.id
            );
        }
    }
}

#[test]
fn reselecting_gives_the_scene_a_fresh_build_gives() {
    use stancemap::document::Selection;
    use stancemap::scene::Scene;
    use stancemap::style::Theme;
    let Laid {
        dataset,
        graph,
        positions,
        visible,
    } = laid_out_seed();
    let germany = Selection::Node(Node::Actor(dataset.find_actor("germany").expect("germany")));
    let troops = Selection::Node(Node::Issue(
        dataset.find_issue("ground-troops").expect("issue"),
    ));
    let mut scene = Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light);
    for selection in [Some(germany), Some(troops), None, Some(germany)] {
        scene.reselect(&graph, selection, None);
        let fresh = Scene::build(
            &dataset,
            &graph,
            &visible,
            &positions,
            selection,
            Theme::Light,
        );
        assert_eq!(scene, fresh, "{selection:?}");
    }
}

/// The visible part of the graph as the filter's documentation states it, written plainly
/// from the dataset: what `StanceGraph::subgraph` must agree with.
fn reference_subgraph(
    dataset: &Dataset,
    graph: &StanceGraph,
    filter: &Filter,
) -> (
    Vec<petgraph::graph::NodeIndex>,
    Vec<petgraph::graph::EdgeIndex>,
) {
    let position_shown = |p: &model::Position| {
        filter.shows_issue(p.issue)
            && filter.stances.contains(&p.stance.kind())
            && filter.actor_kinds.contains(&dataset.actor(p.actor).kind)
    };
    let actor_shown = |a: model::ActorIx| {
        if filter.issues.is_none() {
            filter.actor_kinds.contains(&dataset.actor(a).kind)
        } else {
            dataset
                .positions
                .iter()
                .any(|p| p.actor == a && position_shown(p))
        }
    };
    let mut nodes: Vec<_> = dataset
        .actor_ixs()
        .filter(|&a| actor_shown(a))
        .map(|a| graph.actor_node(a))
        .collect();
    nodes.extend(
        dataset
            .issue_ixs()
            .filter(|&i| filter.shows_issue(i))
            .map(|i| graph.issue_node(i)),
    );
    let edge_of = |wanted: &Edge| {
        graph
            .graph
            .edge_indices()
            .find(|&e| graph.graph.edge_weight(e) == Some(wanted))
    };
    let mut edges: Vec<_> = dataset
        .position_ixs()
        .zip(&dataset.positions)
        .filter(|(_, p)| position_shown(p))
        .filter_map(|(ix, p)| {
            edge_of(&Edge::Position {
                position: ix,
                stance: p.stance.kind(),
            })
        })
        .collect();
    for a in dataset.actor_ixs() {
        if let Some(target) = dataset.actor(a).represents
            && actor_shown(a)
            && actor_shown(target)
        {
            edges.extend(
                graph
                    .graph
                    .find_edge(graph.actor_node(a), graph.actor_node(target)),
            );
        }
    }
    (nodes, edges)
}

#[test]
fn the_subgraph_is_what_the_filter_documents_for_every_combination() {
    let dataset = seed();
    let graph = StanceGraph::build(&dataset);
    let issues = dataset.issue_ixs().collect::<Vec<_>>();
    let mut issue_sets: Vec<Option<BTreeSet<_>>> = vec![None, Some(BTreeSet::new())];
    issue_sets.extend(issues.iter().map(|&i| Some([i].into())));
    issue_sets.push(Some(issues.iter().copied().step_by(2).collect()));
    let stance_sets: [&[StanceKind]; 4] = [
        &StanceKind::ALL,
        &[
            StanceKind::Reject,
            StanceKind::Condition,
            StanceKind::Neutral,
        ],
        &[StanceKind::Reject],
        &[],
    ];
    let kind_sets: [&[ActorKind]; 3] = [
        &ActorKind::ALL,
        &[ActorKind::Country, ActorKind::Organization],
        &[ActorKind::Leader],
    ];
    let mut checked = 0;
    for issues in &issue_sets {
        for stances in stance_sets {
            for kinds in kind_sets {
                let filter = Filter {
                    issues: issues.clone(),
                    stances: stances.iter().copied().collect(),
                    actor_kinds: kinds.iter().copied().collect(),
                    time: stancemap::graph::TimeWindow::default(),
                    ..Filter::default()
                };
                let sub = graph.subgraph(&dataset, &filter);
                let (nodes, edges) = reference_subgraph(&dataset, &graph, &filter);
                assert_eq!(sub.nodes, nodes, "nodes under {filter:?}");
                assert_eq!(sub.edges, edges, "edges under {filter:?}");
                let positions = edges
                    .iter()
                    .filter(|&&e| matches!(graph.graph.edge_weight(e), Some(Edge::Position { .. })))
                    .count();
                assert_eq!(sub.position_count, positions);
                checked += 1;
            }
        }
    }
    // Some of them keep a represents link (Merz and Germany), some drop it.
    assert!(checked > 100);
}

#[test]
fn stance_indices_follow_the_display_order() {
    for (i, stance) in StanceKind::ALL.into_iter().enumerate() {
        assert_eq!(stance.index(), i);
    }
}

/// Each actor's positions on one issue, when there are several: oldest first (undated first,
/// then by date, then in file order), the histories in the order of their first position
/// in the file; checked against a plain grouping on a file whose pairs interleave.
#[test]
fn histories_group_each_pairs_positions_oldest_first() {
    let text = r#"(
    title: "Histories",
    actors: [
        (id: "a", name: "A", kind: Country),
        (id: "b", name: "B", kind: Country),
        (id: "c", name: "C", kind: Country),
    ],
    issues: [
        (id: "x", name: "X"),
        (id: "y", name: "Y"),
    ],
    positions: [
        (actor: "b", issue: "y", stance: Support, quote: "b y 1", date: "2024-05-01"),
        (actor: "a", issue: "x", stance: Support, quote: "a x 1", date: "2024-03-01"),
        (actor: "a", issue: "y", stance: Reject, quote: "a y 1"),
        (actor: "a", issue: "x", stance: Reject, quote: "a x 2", date: "2024-01-01"),
        (actor: "c", issue: "x", stance: Support, quote: "c x 1"),
        (actor: "b", issue: "y", stance: Reject, quote: "b y 2", date: "2024-02-01"),
        (actor: "a", issue: "x", stance: Neutral, quote: "a x 3"),
        (actor: "a", issue: "x", stance: Support, quote: "a x 4", date: "2024-01-01"),
        (actor: "b", issue: "y", stance: Neutral, quote: "b y 3", date: "2024-05-01"),
    ],
)"#;
    let dataset = model::load_str(text, "histories.ron").expect("valid");
    let graph = StanceGraph::build(&dataset);
    assert!(graph.has_histories());
    let quotes = |p: &model::PositionIx| dataset.position(*p).quote.clone();
    let a_x: Vec<String> = graph
        .history(model::PositionIx(1))
        .iter()
        .map(quotes)
        .collect();
    assert_eq!(a_x, ["a x 3", "a x 2", "a x 4", "a x 1"]);
    let b_y: Vec<String> = graph
        .history(model::PositionIx(0))
        .iter()
        .map(quotes)
        .collect();
    assert_eq!(b_y, ["b y 2", "b y 1", "b y 3"]);
    // A pair with one position is its own history.
    assert_eq!(graph.history(model::PositionIx(2)), [model::PositionIx(2)]);
    assert!(!graph.has_history(model::PositionIx(4)));
    // Every position of a pair has the same history.
    for p in dataset.position_ixs() {
        let history = graph.history(p);
        assert!(history.contains(&p));
        for q in &history {
            assert_eq!(graph.history(*q), history);
        }
    }
    // The lists by actor and by issue keep file order.
    let a = dataset.find_actor("a").expect("a");
    let x = dataset.find_issue("x").expect("x");
    let of_a: Vec<u32> = graph.positions_of_actor(a).iter().map(|p| p.0).collect();
    assert_eq!(of_a, [1, 2, 3, 6, 7]);
    let on_x: Vec<u32> = graph.positions_on_issue(x).iter().map(|p| p.0).collect();
    assert_eq!(on_x, [1, 3, 4, 6, 7]);
}
