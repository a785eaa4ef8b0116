//! One issue in focus: its actors in stance groups, each captioned with its count; and the
//! banner that offers the views that answer on a graph too dense to read.

use std::fmt::Write as _;

use super::*;

/// The centre of the scene node of an actor, where the document will rest it.
fn resting_place(harness: &Harness<'_, StancemapApp>, id: &str) -> egui::Pos2 {
    let doc = harness.state().document().expect("document");
    let a = doc.dataset().find_actor(id).expect("actor");
    doc.goal()[doc.graph().actor_node(a).index()]
}

#[test]
fn one_issue_shows_its_actors_in_captioned_stance_groups_and_all_issues_bring_the_graph_back() {
    let mut harness = seed_harness();
    assert!(harness.query_by_label("Condition · 2").is_none());
    show_only_ground_troops(&mut harness);
    harness.get_by_label("Support · 1");
    harness.get_by_label("Condition · 2");
    let doc = harness.state().document().expect("document");
    let focus = doc.focus().expect("one issue in focus");
    let troops = doc.dataset().find_issue("ground-troops").expect("issue");
    assert_eq!(focus.issue, troops);
    // Support on the left, then condition; Germany and the European countries in the
    // condition frame, the United States in the support frame.
    let [support, condition] = &focus.groups[..] else {
        panic!("two groups: {:?}", focus.groups);
    };
    for (group, ids) in [
        (support, &["united-states"][..]),
        (condition, &["germany", "european-countries"][..]),
    ] {
        for id in ids {
            let at = resting_place(&harness, id);
            assert!(group.frame.contains(at), "{id} at {at:?} not in {group:?}");
        }
    }
    assert!(support.frame.max.x < condition.frame.min.x);

    harness.get_by_label("All").click();
    harness.run();
    assert!(harness.state().document().expect("doc").focus().is_none());
    assert!(harness.query_by_label("Condition · 2").is_none());
}

/// One issue voted on by 40 countries: 20 yes, 12 no, 8 abstentions; `c0` first voted yes,
/// then no.
fn roll_call() -> String {
    let mut text = String::from("(title: \"Roll call\", actors: [");
    for k in 0..40 {
        let _ = write!(
            text,
            "(id: \"c{k}\", name: \"Country {k:02}\", kind: Country),"
        );
    }
    text.push_str("], issues: [(id: \"x\", name: \"Resolution X\")], positions: [");
    text.push_str(
        "(actor: \"c0\", issue: \"x\", stance: Support, quote: \"c0 yes\", date: \"2020-01-01\"),",
    );
    for k in 0..40 {
        let stance = match k {
            0..12 => "Reject",
            12..32 => "Support",
            _ => "Neutral",
        };
        let _ = write!(
            text,
            "(actor: \"c{k}\", issue: \"x\", stance: {stance}, quote: \"c{k} votes\", date: \"2021-01-01\"),"
        );
    }
    text.push_str("])");
    text
}

#[test]
fn a_roll_call_shows_who_voted_yes_no_and_abstained_in_three_columns() {
    let file = temp_positions("roll-call", &roll_call());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    wait_until(&mut harness, |app| {
        app.document()
            .is_some_and(|d| d.focus().is_some() && d.is_at_rest())
    });
    // The latest vote counts: c0 voted yes, then no.
    harness.get_by_label("Support · 20");
    harness.get_by_label("Neutral · 8");
    harness.get_by_label("Reject · 12");
    let rightmost_yes = (12..32)
        .map(|k| resting_place(&harness, &format!("c{k}")).x)
        .fold(f32::MIN, f32::max);
    let leftmost_no = (0..12)
        .map(|k| resting_place(&harness, &format!("c{k}")).x)
        .fold(f32::MAX, f32::min);
    assert!(rightmost_yes < leftmost_no, "yes votes left of no votes");
    // Within a group, by name: Country 12 heads the support group, Country 13 follows it in
    // its column.
    let (first, second) = (
        resting_place(&harness, "c12"),
        resting_place(&harness, "c13"),
    );
    assert!((first.x - second.x).abs() < 1e-3 && first.y < second.y);
    // Forty names in several rows: one line from the issue to each group, not forty crossing
    // the names.
    let app = harness.state();
    let doc = app.document().expect("document");
    assert!(doc.focus().expect("focus").trunks);
    let scene = stancemap::scene::Scene::of(doc, stancemap::style::Theme::Light);
    assert!(
        scene
            .edges
            .iter()
            .all(|e| !matches!(e.kind, EdgeKind::Position(..)))
    );
    assert!(scene.groups.iter().all(|g| g.trunk.is_some()));
}

/// 14,000 positions: past the point where the graph view draws a sample of the edges.
fn dense_file() -> String {
    let mut text = String::from("(title: \"Dense\", actors: [");
    for k in 0..350 {
        let _ = write!(text, "(id: \"a{k}\", name: \"A{k}\", kind: Country),");
    }
    text.push_str("], issues: [");
    for k in 0..40 {
        let _ = write!(text, "(id: \"i{k}\", name: \"I{k}\"),");
    }
    text.push_str("], positions: [");
    for a in 0..350 {
        for i in 0..40 {
            let stance = if (a + i) % 3 == 0 {
                "Reject"
            } else {
                "Support"
            };
            let _ = write!(
                text,
                "(actor: \"a{a}\", issue: \"i{i}\", stance: {stance}, quote: \"q\"),"
            );
        }
    }
    text.push_str("])");
    text
}

#[test]
fn a_graph_too_dense_to_read_offers_the_matrix_by_blocs_in_one_click() {
    let file = temp_positions("dense", &dense_file());
    let source = DataSource::File(file.0.clone());
    // Not `harness_on`: the layout of 14,000 edges keeps the window busy for a while.
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| {
            StancemapApp::with_state(&cc.egui_ctx, stancemap::app::AppState::default(), source)
        });
    let start = Instant::now();
    while harness.query_by_label("Matrix by blocs").is_none() {
        assert!(
            start.elapsed() < Duration::from_mins(1),
            "no banner on a graph of 14,000 edges"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    harness.get_by_label("Matrix by blocs").click();
    harness.step();
    harness.step();
    assert_eq!(harness.state().current_view().id(), "matrix");
}
