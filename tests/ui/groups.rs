//! Groups in every view: colour by an attribute (the graph's legend names each value with its
//! count), tick an attribute's values off in the filter panel, and the choice survives a restart.

use super::*;
use stancemap::style::colour::ColourBy;

fn legend_nodes(harness: &Harness<'_, StancemapApp>) -> Vec<String> {
    harness
        .state()
        .scene()
        .expect("scene")
        .legend
        .iter()
        .filter_map(|item| match item {
            LegendItem::Node { label, .. } => Some(label.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn actors_are_coloured_by_an_attribute_and_filtered_by_its_values() {
    let file = temp_positions("groups", include_str!("../fixtures/valid/people.ron"));
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    assert!(legend_nodes(&harness).contains(&"Person".to_owned()));
    // Colour by the party: each value with how many actors shown hold it; the organisation
    // has no party.
    harness
        .get_by_role_and_label(egui::Role::ComboBox, "Colour by")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::Button, "party")
        .click();
    settle(&mut harness);
    assert_eq!(
        legend_nodes(&harness),
        [
            "Blue (2)",
            "Red (2)",
            "(none) (1)",
            "Organization",
            "Person",
            "Issue"
        ]
    );
    let scene = harness.state().scene().expect("scene");
    let fill_of = |id: &str| {
        scene
            .nodes
            .iter()
            .find(|n| &*n.id == id)
            .map(|n| n.fill)
            .expect("node")
    };
    assert_eq!(fill_of("member-a"), fill_of("member-b"), "both Red");
    assert_ne!(fill_of("member-a"), fill_of("member-c"), "Red and Blue");
    assert_eq!(
        harness.state().state().colour_by,
        ColourBy::Attribute("party".to_owned())
    );
    // The party's values, to tick off: Blue goes, and with it members C and D.
    harness.get_by_label_contains("party (").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::CheckBox, "Blue")
        .click();
    settle(&mut harness);
    harness.get_by_label_contains("3 actors");
    let scene = harness.state().scene().expect("scene");
    assert!(scene.nodes.iter().all(|n| &*n.id != "member-c"));
    assert_eq!(legend_nodes(&harness)[0], "Red (2)");
    // The other views follow: the matrix's stripe has a key and groups its rows.
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    harness.get_by_label("Stripe: party");
    harness.get_by_label("Group rows by party").click();
    settle(&mut harness);
}

#[test]
fn the_groups_view_measures_each_group_and_leads_to_the_quotes() {
    let file = temp_positions("groups-view", include_str!("../fixtures/valid/people.ron"));
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    harness.get_by_label("Groups").click();
    harness.run();
    wait_until(&mut harness, |app| {
        app.current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::groups_view::GroupsView>()
            .is_some_and(|v| v.figures().is_some() && !v.is_computing())
    });
    harness.run();
    // By the one attribute the actors share most: party. Red (A, B) both support the budget:
    // cohesion 1; Blue (C rejects, D supports): AI = (1 - 1/2) / 2 = 0.25.
    let view = harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<stancemap::ui::groups_view::GroupsView>()
        .expect("groups view");
    let figures = view.figures().expect("figures");
    let names: Vec<&str> = figures.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Blue", "Red", "(none)"]);
    assert_eq!(figures[0].1.cohesion, Some(0.25));
    assert_eq!(figures[1].1.cohesion, Some(1.0));
    assert!(harness.query_all_by_label("1.000").count() >= 1);
    harness.get_by_label("0.250");
    // Blue has no strict plurality (one support, one reject): no defection there; Red none.
    harness.get_by_label("Who broke ranks (0 defections)");
    // The strongest tie across groups: Member A or B (Red) with D (Blue), who all support.
    let ties: Vec<String> = harness
        .query_all_by_label_contains("(Blue):")
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(ties.len(), 2, "{ties:?}");
    assert!(
        ties.iter().all(|t| t.contains("Member D (Blue)")),
        "{ties:?}"
    );
    harness
        .query_all_by_label_contains("(Blue):")
        .next()
        .expect("a tie")
        .click();
    settle(&mut harness);
    assert!(matches!(
        harness.state().selection(),
        Some(Selection::Actors(_, _))
    ));
    // Switching to region lists its groups; the button colours actors by it.
    harness
        .get_by_role_and_label(egui::Role::ComboBox, "Groups by")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::Button, "region")
        .click();
    harness.run();
    harness.get_by_label("Colour by region").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().state().colour_by,
        ColourBy::Attribute("region".to_owned())
    );
}

/// Three members of one party: two support, one rejects (a defection), and one of another.
const RANKS: &str = r#"(title: "Ranks",
    actors: [
        (id: "a", name: "Ann", kind: Person, attributes: {"party": "Red"}),
        (id: "b", name: "Ben", kind: Person, attributes: {"party": "Red"}),
        (id: "c", name: "Cy", kind: Person, attributes: {"party": "Red"}),
        (id: "d", name: "Dee", kind: Person, attributes: {"party": "Blue"}),
    ],
    issues: [(id: "x", name: "The rent cap")],
    positions: [
        (actor: "a", issue: "x", stance: Support, quote: "Ann backs the cap."),
        (actor: "b", issue: "x", stance: Support, quote: "Ben backs the cap."),
        (actor: "c", issue: "x", stance: Reject, quote: "Cy will vote against the cap."),
        (actor: "d", issue: "x", stance: Reject, quote: "Dee opposes it."),
    ])"#;

#[test]
fn a_defection_leads_to_its_quote() {
    let file = temp_positions("ranks", RANKS);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    harness.get_by_label("Groups").click();
    harness.run();
    wait_until(&mut harness, |app| {
        app.current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::groups_view::GroupsView>()
            .is_some_and(|v| v.figures().is_some() && !v.is_computing())
    });
    harness.run();
    harness.get_by_label("Who broke ranks (1 defections)");
    harness.get_by_label("(Red) reject on The rent cap where the group support");
    harness
        .get_by_label("“Cy will vote against the cap.”")
        .click();
    settle(&mut harness);
    let dataset = harness.state().dataset().expect("dataset");
    let Some(Selection::Position(p)) = harness.state().selection() else {
        panic!("a position is selected");
    };
    assert_eq!(dataset.position(p).quote, "Cy will vote against the cap.");
    // The actor's link in the list (the inspector, right, has one too).
    harness
        .query_all_by_role_and_label(egui::Role::Link, "Cy")
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .expect("the link")
        .click();
    settle(&mut harness);
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(Node::Actor(dataset_actor(&harness, "c"))))
    );
}

fn dataset_actor(harness: &Harness<'_, StancemapApp>, id: &str) -> stancemap::model::ActorIx {
    harness
        .state()
        .dataset()
        .expect("dataset")
        .find_actor(id)
        .expect("actor")
}

#[test]
fn an_issue_s_inspector_weighs_its_balance_of_forces() {
    let file = temp_positions(
        "stakeholders",
        include_str!("../fixtures/valid/stakeholders.ron"),
    );
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    harness.get_by_label("Issue: The treaty").click();
    settle(&mut harness);
    harness.get_by_label("Balance of forces");
    // (40 + 25 − 20) / 170, worked in the balance's tests.
    harness.get_by_label("+0.26 · 4 of 5 actors weighed");
    harness.get_by_label("1 left out: no influence or no salience recorded");
}

#[test]
fn dragging_an_actor_on_the_position_map_sets_its_influence_undoably_and_saves_it() {
    let file = temp_positions("stakeholders-drag", SEED_RON);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    harness.get_by_label("Stakeholders").click();
    settle(&mut harness);
    // The seed records no influence: every actor on the issue sits in the strip below.
    harness.get_by_label_contains("Influence not recorded");
    let view = |h: &Harness<'_, StancemapApp>| {
        h.state()
            .current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::stakeholders_view::StakeholdersView>()
            .expect("stakeholders view")
            .scene()
            .cloned()
            .expect("scene")
    };
    // Drag Germany up into the chart, about two thirds of the way.
    let start = harness.get_by_label("Country: Germany").rect().center();
    let scene = view(&harness);
    let germany = scene
        .nodes
        .iter()
        .find(|n| &*n.id == "germany")
        .expect("Germany")
        .center;
    // Where influence 70 is on screen: the scene's scale through the node's own screen spot.
    let zoom = harness.get_by_label("Country: Germany").rect().width()
        / (2.0
            * scene
                .nodes
                .iter()
                .find(|n| &*n.id == "germany")
                .expect("g")
                .radius)
            .max(1.0);
    let target_y = stancemap::scene::stakeholders::y_of(70);
    let end = start + egui::vec2(0.0, (target_y - germany.y) * zoom.max(0.01));
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.step();
    for k in 1..=6 {
        harness.hover_at(start + (end - start) * (k as f32 / 6.0));
        harness.step();
    }
    harness.drop_at(end);
    settle(&mut harness);
    let influence = |h: &Harness<'_, StancemapApp>| {
        let d = h.state().dataset().expect("dataset");
        d.actor(d.find_actor("germany").expect("germany")).influence
    };
    let set = influence(&harness).expect("an influence was set by the drag");
    assert!((60..=80).contains(&set), "dragged to about 70, set {set}");
    harness.get_by_label_contains("Unsaved changes");
    // Undo: no influence again; redo: back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    assert_eq!(influence(&harness), None);
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    assert_eq!(influence(&harness), Some(set));
    // Save: the file gains exactly that influence on Germany's line.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = std::fs::read_to_string(&file.0).expect("saved");
    let changed: Vec<(&str, &str)> = SEED_RON
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(
        changed[0].1.ends_with(&format!("influence: {set}),")),
        "{changed:?}"
    );
    assert_eq!(SEED_RON.lines().count(), saved.lines().count());
    // A click on an actor selects its position on the issue: the inspector reads its quote.
    harness.get_by_label("Country: Germany").click();
    settle(&mut harness);
    assert!(matches!(
        harness.state().selection(),
        Some(Selection::Pair(_, _))
    ));
    // The grid: the same actors, quadrants named; Germany has no salience yet, so it waits in
    // the strip.
    harness.get_by_label("Power–interest grid").click();
    settle(&mut harness);
    let scene = view(&harness);
    assert!(
        scene
            .groups
            .iter()
            .any(|g| g.caption.starts_with("Manage closely"))
    );
    assert!(
        scene
            .groups
            .iter()
            .any(|g| g.caption.starts_with("Influence or salience not recorded"))
    );
}
