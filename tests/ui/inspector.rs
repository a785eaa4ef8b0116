//! The inspector: what a person sees and does there (tests added with the readable-answers work).

use super::*;

/// Alpha supports Ex, Beta states a condition on it (they differ); both support Why (they
/// agree). Gamma and Delta support Why in one joint statement. Epsilon rejects Zed, which
/// Gamma supports: Epsilon agrees with no one.
const PAIRS: &str = r#"(title: "Pairs",
    actors: [
        (id: "alpha", name: "Alpha", kind: Country),
        (id: "beta", name: "Beta", kind: Country),
        (id: "gamma", name: "Gamma", kind: Country),
        (id: "delta", name: "Delta", kind: Country),
        (id: "epsilon", name: "Epsilon", kind: Country),
    ],
    issues: [(id: "x", name: "Ex"), (id: "y", name: "Why"), (id: "z", name: "Zed")],
    positions: [
        (actor: "alpha", issue: "x", stance: Support, quote: "Alpha backs Ex."),
        (actor: "beta", issue: "x", stance: Condition("only with a mandate"),
         quote: "Beta backs Ex only with a mandate."),
        (actor: "alpha", issue: "y", stance: Support, quote: "Alpha backs Why."),
        (actor: "beta", issue: "y", stance: Support, quote: "Beta backs Why."),
        (actor: "gamma", issue: "y", stance: Support, quote: "A joint statement on Why."),
        (actor: "delta", issue: "y", stance: Support, quote: "A joint statement on Why."),
        (actor: "epsilon", issue: "z", stance: Reject, quote: "Epsilon opposes Zed."),
        (actor: "gamma", issue: "z", stance: Support, quote: "Gamma supports Zed."),
    ])"#;

/// The app on [`PAIRS`] in the network view, its network computed.
fn network_on_pairs() -> (TempFile, Harness<'static, StancemapApp>) {
    let file = temp_positions("inspector-pairs", PAIRS);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Network").click();
    harness.step();
    wait_until(&mut harness, |app| {
        app.current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::network_view::NetworkView>()
            .is_some_and(|v| v.network().is_some() && !v.is_computing())
    });
    (file, harness)
}

/// The inspector's node labelled `label`: the rightmost one (the network names its nodes too).
fn in_inspector<'a>(
    harness: &'a Harness<'_, StancemapApp>,
    label: &'a str,
) -> egui_kittest::Node<'a> {
    harness
        .get_all_by_label(label)
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .expect("a node with the label")
}

#[test]
fn an_actor_s_name_comes_before_its_partners_who_say_what_they_agreed_on() {
    let (_file, mut harness) = network_on_pairs();
    harness.get_by_label("Country: Alpha").click();
    settle(&mut harness);
    let name = in_inspector(&harness, "Alpha").rect();
    let agrees = harness.get_by_label("Agrees most with").rect();
    assert!(
        name.bottom() <= agrees.top(),
        "the name {name:?} above the partners {agrees:?}"
    );
    // Beta: Why in common (agreed), Ex a condition against support (neither agreed nor
    // disagreed); the weight is labelled as such.
    harness.get_by_label("agreed on 1 issue, disagreed on 0 (of 2 both took a stance on)");
    // Beta, Gamma and Delta each share one supported issue with Alpha.
    assert_eq!(
        harness
            .get_all_by_label("weight: congruence 1, conflict 0")
            .count(),
        3
    );
    // No one disagrees with Alpha, and the list says so.
    harness.get_by_label("Disagrees most with");
    harness
        .get_by_label("None: no actor supports what Alpha rejects, or rejects what it supports.");
}

#[test]
fn an_empty_partner_list_says_so() {
    let (_file, mut harness) = network_on_pairs();
    harness.get_by_label("Country: Epsilon").click();
    settle(&mut harness);
    harness.get_by_label("Agrees most with");
    harness.get_by_label("None: no actor agrees with Epsilon more often than it disagrees.");
    // Gamma supports what Epsilon rejects.
    harness.get_by_label("Disagrees most with");
    harness.get_by_label("agreed on 0 issues, disagreed on 1 (of 1 both took a stance on)");
}

#[test]
fn support_against_a_condition_is_filed_under_differ() {
    let (_file, mut harness) = network_on_pairs();
    harness.get_by_label("Country: Alpha").click();
    settle(&mut harness);
    in_inspector(&harness, "Beta").click();
    settle(&mut harness);
    let dataset = harness.state().dataset().expect("dataset");
    let (alpha, beta) = (
        dataset.find_actor("alpha").expect("alpha"),
        dataset.find_actor("beta").expect("beta"),
    );
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Actors(alpha, beta))
    );
    harness
        .get_by_label("Issues both took a stance on: 2 · agree on 1 · disagree on 0 · differ on 1");
    // Ex, support against a condition, under "Differ"; Why under "Agree".
    let differ = harness
        .get_by_label("Differ (a condition or neutral against another stance)")
        .rect();
    let agree = harness.get_by_label("Agree (the same stance)").rect();
    let ex = in_inspector(&harness, "Ex").rect();
    let why = in_inspector(&harness, "Why").rect();
    assert!(differ.bottom() <= ex.top() && ex.bottom() <= agree.top());
    assert!(agree.bottom() <= why.top());
    assert!(harness.query_by_label_contains("Neither").is_none());
    assert!(harness.query_by_label_contains("Disagree (").is_none());
    // Both quotes, each once.
    harness.get_by_label_contains("Alpha backs Ex.");
    harness.get_by_label_contains("Beta backs Ex only with a mandate.");
}

#[test]
fn a_statement_several_actors_share_is_shown_once_with_their_names() {
    let file = temp_positions("inspector-shared", PAIRS);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Issue: Why").click();
    settle(&mut harness);
    // Gamma's and Delta's joint words once, under both names.
    assert_eq!(
        harness
            .query_all_by_label_contains("A joint statement on Why.")
            .count(),
        1
    );
    harness.get_by_label("2 actors, the same words");
    let names = harness.get_by_label("2 actors, the same words").rect();
    for name in ["Gamma", "Delta"] {
        let link = in_inspector(&harness, name).rect();
        assert!(link.bottom() <= names.top(), "{name} above the note");
    }
    // The others' words each once too.
    harness.get_by_label_contains("Alpha backs Why.");
    harness.get_by_label_contains("Beta backs Why.");
}

/// A member of parliament is a person: a triangle named in the legend, the filter's "People"
/// box, and the inspector lists its attributes; its form edits them as `name: value` lines.
#[test]
fn a_persons_attributes_are_shown_and_edited() {
    let file = temp_positions("people", include_str!("../fixtures/valid/people.ron"));
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    let scene = harness.state().scene().expect("scene");
    assert!(scene.legend.iter().any(|item| matches!(
        item,
        LegendItem::Node { label, shape, .. }
            if &**label == "Person" && *shape == stancemap::style::Shape::Triangle
    )));
    harness.get_by_role_and_label(egui::Role::CheckBox, "People");
    harness.get_by_label("Person: Member A").click();
    settle(&mut harness);
    harness.get_by_label("party");
    harness.get_by_label("Red");
    harness.get_by_label("region");
    harness.get_by_label("North");

    harness.get_by_label("Edit actor").click();
    settle(&mut harness);
    assert_eq!(
        harness.get_by_label("Attributes").value().as_deref(),
        Some("party: Red\nregion: North")
    );
    harness.get_by_label("Attributes").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Attributes").type_text("party: Green");
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let dataset = harness.state().dataset().expect("dataset");
    let a = dataset.find_actor("member-a").expect("member A");
    let attributes: Vec<(&str, &str)> = dataset
        .actor(a)
        .attributes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(attributes, [("party", "Green")]);
    harness.get_by_label("Green");
}
