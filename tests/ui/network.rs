//! The network: what a person sees and does there (tests added with the readable-answers work).

use super::*;
use stancemap::analysis::agreement::Duplicates;
use stancemap::ui::network_view::NetworkView;

/// The network view of the app, once shown.
fn network_view(app: &StancemapApp) -> Option<&NetworkView> {
    app.current_view().as_any().downcast_ref::<NetworkView>()
}

/// Opens the Network tab and waits for the network the current settings ask for.
fn open_network(harness: &mut Harness<'_, StancemapApp>) {
    harness.get_by_label("Network").click();
    // Computed on a worker, which asks for frames until it is done: step, don't run to idle.
    harness.step();
    wait_for_network(harness);
}

fn wait_for_network(harness: &mut Harness<'_, StancemapApp>) {
    harness.step();
    wait_until(harness, |app| {
        network_view(app).is_some_and(|v| v.network().is_some() && !v.is_computing())
    });
}

#[test]
fn the_seed_shows_no_clear_blocs_and_colours_no_bloc() {
    let mut harness = seed_harness();
    open_network(&mut harness);
    // Modularity 0.04: not a split worth colouring.
    harness.get_by_label("13 actors · 58 ties · no clear blocs (modularity 0.04)");
    assert!(harness.query_by_label_contains("3 blocs").is_none());
    let scene = network_view(harness.state())
        .and_then(NetworkView::scene)
        .expect("scene");
    // The legend names kinds of actor, as the graph's does, and no bloc.
    let legend: Vec<String> = scene
        .legend
        .iter()
        .filter_map(|item| match item {
            LegendItem::Node { label, .. } => Some(label.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(legend, ["Country", "Leader", "Organization"]);
}

/// A states the same sentence three times; B once; C disagrees twice in one sentence.
const REPEATED: &str = r#"(title: "Repeats",
    actors: [
        (id: "a", name: "Party A", kind: Organization),
        (id: "b", name: "Party B", kind: Organization),
        (id: "c", name: "Party C", kind: Organization),
    ],
    issues: [(id: "x", name: "Tax"), (id: "y", name: "Rail")],
    positions: [
        (actor: "a", issue: "x", stance: Support, quote: "Lower it."),
        (actor: "a", issue: "x", stance: Support, quote: "Lower it."),
        (actor: "a", issue: "x", stance: Support, quote: "Lower it."),
        (actor: "a", issue: "y", stance: Support, quote: "Build it."),
        (actor: "b", issue: "x", stance: Support, quote: "Lower it."),
        (actor: "b", issue: "y", stance: Reject, quote: "Never."),
        (actor: "c", issue: "x", stance: Reject, quote: "No."),
        (actor: "c", issue: "x", stance: Reject, quote: "No."),
    ])"#;

#[test]
fn exact_repeats_are_named_and_one_click_counts_them_once() {
    let file = temp_positions("network-repeats", REPEATED);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    open_network(&mut harness);
    // By hand: A's "Lower it." twice more, C's "No." once more.
    let note = "3 positions are exact repeats of another (same actor, issue, stance and quote), e.g. Party A on Tax ×3.";
    harness.get_by_label(note);
    let view = network_view(harness.state()).expect("network view");
    assert_eq!(view.options().duplicates, Duplicates::Include);
    // A–B: 3 supports of A against B's one on tax (3), A's support of rail against B's reject
    // (−1): 2 when every position counts.
    let weight_a_b = |app: &StancemapApp| {
        let network = network_view(app)
            .and_then(NetworkView::network)
            .expect("network");
        network
            .ties
            .iter()
            .find(|t| (t.a, t.b) == (0, 1))
            .map(|t| t.weight)
    };
    assert_eq!(weight_a_b(harness.state()), Some(2.0));

    harness
        .get_by_role_and_label(egui::Role::Button, "Count repeats once")
        .click();
    wait_for_network(&mut harness);
    let view = network_view(harness.state()).expect("network view");
    assert_eq!(view.options().duplicates, Duplicates::Once);
    // Counted once: A–B = 1 − 1 = 0, no tie; the note says so and the warning is gone.
    assert_eq!(weight_a_b(harness.state()), None);
    harness.get_by_label("3 exact repeats (same actor, issue, stance and quote) are counted once.");
    assert!(harness.query_by_label(note).is_none());
}

#[test]
fn the_settings_are_explained_in_plain_words_on_hover() {
    let mut harness = seed_harness();
    open_network(&mut harness);
    // Each label names its field.
    harness.get_by_label("Measure");
    harness.get_by_label("Normalise");
    harness.get_by_label("Duplicates");
    // (The filter panel's "Colour by" is a drop-down too: the network's are right of it.)
    let measure = harness
        .query_all_by_role(egui::Role::ComboBox)
        .find(|n| n.rect().left() > 285.0)
        .expect("the measure's drop-down");
    measure.hover();
    harness.run();
    harness.get_by_label_contains("agreements minus conflicts");
    // The blocs and their modularity too.
    harness.get_by_label_contains("no clear blocs").hover();
    harness.run();
    harness.get_by_label_contains("Modularity says how clear the split is");
}

/// Each label of the toolbar sits just left of its field, on the same row, at the width the
/// issue was seen at and at a narrower one where the toolbar must wrap (a pair moves whole).
#[test]
fn the_toolbar_keeps_each_label_with_its_field() {
    let mut harness = seed_harness();
    open_network(&mut harness);
    for width in [1280.0, 1000.0] {
        harness.set_size(egui::vec2(width, 800.0));
        harness.run();
        let combos: Vec<egui::Rect> = harness
            .query_all_by_role(egui::Role::ComboBox)
            .map(|n| n.rect())
            .filter(|r| r.left() > 285.0)
            .collect();
        let numbers: Vec<egui::Rect> = harness
            .query_all_by_role(egui::Role::SpinButton)
            .map(|n| n.rect())
            .collect();
        let fields = combos.iter().chain(&numbers);
        let labels = [
            "Measure",
            "Normalise",
            "Duplicates",
            "Partners per actor",
            "Min weight",
        ];
        let mut rows = Vec::new();
        for (label, field) in labels.iter().zip(fields) {
            let rect = harness
                .get_by_role_and_label(egui::Role::Label, label)
                .rect();
            assert!(
                (rect.center().y - field.center().y).abs() < 4.0,
                "{label} at {width} px: {rect:?} and its field {field:?} on different rows"
            );
            let gap = field.left() - rect.right();
            assert!(
                (0.0..20.0).contains(&gap),
                "{label} at {width} px: {gap} px from its field"
            );
            rows.push(rect.center().y.round() as i32);
        }
        rows.dedup();
        if width < 1100.0 {
            assert!(rows.len() >= 2, "at {width} px the toolbar wraps: {rows:?}");
        }
    }
}

/// An actor searched for is always labelled, even one whose label would otherwise compete.
#[test]
fn a_searched_actor_is_always_labelled() {
    let mut harness = seed_harness();
    open_network(&mut harness);
    let trump = actor(&harness, "trump");
    let pinned = |app: &StancemapApp| {
        let scene = network_view(app)
            .and_then(NetworkView::scene)
            .expect("scene");
        let k = scene
            .nodes
            .iter()
            .position(|n| n.node == trump)
            .expect("Trump in the network");
        scene.is_pinned(k)
    };
    // Neither among the five strongest nor the five most opposed.
    assert!(!pinned(harness.state()));
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("TRUMP");
    harness.run();
    assert!(pinned(harness.state()));
}
