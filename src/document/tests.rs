//! Tests of the parent module.

use super::*;
use crate::model::SEED_RON;

impl Document {
    /// The bundled seed, laid out from its seeded placement (for tests across the layers).
    pub(crate) fn seed_laid_out() -> Self {
        let dataset = DataSource::BuiltIn.load().expect("seed");
        let mut doc = Self::new(
            DataSource::BuiltIn,
            dataset,
            Filter::default(),
            LayoutParams::default(),
            None,
        );
        assert!(doc.needs_layout());
        assert!(
            doc.start_layout(LayoutStart::Seeded).is_none(),
            "small: laid out at once"
        );
        doc
    }
}

fn seed() -> Document {
    Document::seed_laid_out()
}

#[test]
fn each_change_bumps_its_own_counter_and_only_a_change_does() {
    let mut doc = seed();
    let before = doc.revision();
    assert!(
        !doc.set_filter(Filter::default()),
        "the same filter is no change"
    );
    assert!(!doc.select(None));
    assert!(!doc.set_search(String::new()));
    assert_eq!(doc.revision(), before);

    let troops = doc.dataset().find_issue("ground-troops").expect("issue");
    assert!(doc.set_filter(Filter::only_issues([troops])));
    assert_eq!(doc.visible().position_count, 3);
    let merz = doc.dataset().find_actor("merz").expect("merz");
    assert!(doc.select(Some(Selection::Node(Node::Actor(merz)))));
    assert!(doc.set_search("merz".to_owned()));
    let after = doc.revision();
    assert_eq!(after.document, before.document);
    assert_eq!(after.filter, before.filter + 1);
    assert_eq!(after.selection, before.selection + 1);
    assert_eq!(after.search, before.search + 1);
    assert_eq!(after.positions, before.positions);
}

#[test]
fn a_pinned_node_stays_through_a_layout_and_goes_with_the_pins() {
    let mut doc = seed();
    let germany = doc.dataset().find_actor("germany").expect("germany");
    let node = doc.graph().actor_node(germany);
    let spot = Pos2::new(1234.0, -567.0);
    let before = doc.revision().positions;
    doc.pin(node, spot);
    assert_eq!(doc.revision().positions, before + 1);
    assert_eq!(doc.position_of(Node::Actor(germany)), Some(spot));
    doc.start_layout(LayoutStart::AsShown);
    while doc.animate(1.0) {}
    assert_eq!(doc.position_of(Node::Actor(germany)), Some(spot));
    doc.clear_pins();
    doc.start_layout(LayoutStart::AsShown);
    while doc.animate(1.0) {}
    assert_ne!(doc.position_of(Node::Actor(germany)), Some(spot));
    assert!(doc.is_at_rest());
}

#[test]
fn a_new_version_of_the_file_keeps_selection_search_pins_and_layout() {
    let mut old = seed();
    let germany = old.dataset().find_actor("germany").expect("germany");
    old.pin(old.graph().actor_node(germany), Pos2::new(5.0, 6.0));
    old.set_search("ger".to_owned());
    let p = old
        .dataset()
        .position_ixs()
        .find(|&p| old.dataset().position(p).actor == germany)
        .expect("a position of Germany");
    old.select(Some(Selection::Position(p)));

    // Only a text changed: the same nodes and edges.
    let text = SEED_RON.replacen("title: \"", "title: \"Edited: ", 1);
    let dataset = crate::model::load_str(&text, "edited.ron").expect("valid");
    let new = Document::new(
        DataSource::BuiltIn,
        dataset,
        Filter::default(),
        LayoutParams::default(),
        Some(&old),
    );
    assert!(!new.needs_layout(), "the layout is kept");
    assert_eq!(new.positions(), old.positions());
    assert_eq!(new.search(), "ger");
    assert_eq!(new.selection(), Some(Selection::Position(p)));
    assert_ne!(new.revision().document, old.revision().document);
}

#[test]
fn laid_out_documents_are_the_same_for_the_same_file() {
    let dataset = DataSource::BuiltIn.load().expect("seed");
    let a = Document::laid_out(
        DataSource::BuiltIn,
        dataset.clone(),
        Filter::default(),
        None,
    );
    let b = Document::laid_out(DataSource::BuiltIn, dataset, Filter::default(), None);
    assert_eq!(a.positions(), b.positions());
    assert!(a.is_at_rest());
}

#[test]
fn visible_counts_match_a_count_of_the_visible_nodes() {
    use crate::model::StanceKind;
    let mut doc = seed();
    let count = |doc: &Document| {
        let kind = |actor: bool| {
            doc.visible()
                .nodes
                .iter()
                .filter(|&&n| matches!(doc.graph().node(n), Some(Node::Actor(_))) == actor)
                .count()
        };
        (kind(true), kind(false), doc.visible().position_count)
    };
    let issue = doc.dataset().issue_ixs().nth(2).expect("three issues");
    let mut no_support = Filter::default();
    no_support.stances.remove(&StanceKind::Support);
    for filter in [Filter::default(), Filter::only_issues([issue]), no_support] {
        doc.set_filter(filter);
        let (actors, issues, positions) = doc.visible_counts();
        assert_eq!((actors, issues, positions), count(&doc));
        assert!(actors > 0 && issues > 0 && positions > 0);
    }
}
