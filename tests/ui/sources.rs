//! The Sources view: the article read with its passages highlighted, a passage hovered names
//! who said it, a click selects its position everywhere, and a selection made elsewhere brings
//! its passage into view.

use super::*;
use stancemap::ui::sources_view::SourcesView;

/// The "Sources" tab (the inspector has a "Sources" heading too: the tab is the top one).
fn open_sources(harness: &mut Harness<'_, StancemapApp>) {
    harness
        .query_all_by_label("Sources")
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the Sources tab")
        .click();
    settle(harness);
}

fn sources_view<'a>(harness: &'a Harness<'_, StancemapApp>) -> &'a SourcesView {
    harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<SourcesView>()
        .expect("the sources view")
}

#[test]
fn the_article_is_read_with_its_passages_and_a_click_selects_one() {
    let mut harness = seed_harness();
    open_sources(&mut harness);
    assert_eq!(sources_view(&harness).source().map(|s| s.0), Some(0));
    harness.get_by_label_contains("25 passages");

    // Find a passage by moving down the text column: the tooltip names who said it.
    let mut found = None;
    let mut y = 90.0;
    while y < 760.0 && found.is_none() {
        harness.hover_at(egui::pos2(500.0, y));
        harness.run();
        found = sources_view(&harness).hovered().first().copied();
        y += 6.0;
    }
    let p = found.expect("a passage under the pointer");
    let dataset = harness.state().dataset().expect("dataset");
    let actor = dataset.actor(dataset.position(p).actor).name.clone();
    harness.get_by_label(&actor);
    harness.get_by_label("Click to select it everywhere");

    // A click selects the position in every view.
    let at = egui::pos2(500.0, y - 6.0);
    click_at(&mut harness, at);
    assert_eq!(harness.state().selection(), Some(Selection::Position(p)));
}

#[test]
fn a_selection_elsewhere_scrolls_to_its_passage_and_search_finds_text() {
    let mut harness = seed_harness();
    open_sources(&mut harness);
    // Zelenskyy's passage is near the end of the article: selected, it comes into view.
    let zelenskyy = actor(&harness, "zelenskyy");
    harness.state_mut().select(Some(Selection::Node(zelenskyy)));
    settle(&mut harness);
    let mut seen = false;
    for y in (90..760).step_by(6) {
        harness.hover_at(egui::pos2(500.0, y as f32));
        harness.run();
        let dataset = harness.state().dataset().expect("dataset");
        if sources_view(&harness)
            .hovered()
            .iter()
            .any(|&p| Node::Actor(dataset.position(p).actor) == zelenskyy)
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "Zelenskyy's passage is in view");

    // The search box finds words in the text and counts them.
    harness.get_by_label("Find:").click();
    harness.run();
    harness
        .get_by_label("Find:")
        .type_text("security guarantees");
    settle(&mut harness);
    harness.get_by_label("1 of 6");
}

#[test]
fn a_file_without_source_texts_says_how_to_add_one() {
    let file = temp_positions(
        "sources-none",
        r#"(title: "T", sources: [(id: "s", title: "S")], actors: [(id: "a", name: "A", kind: Country)],
            issues: [(id: "i", name: "I")], positions: [(actor: "a", issue: "i", stance: Support, quote: "q", source: "s")])"#,
    );
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    open_sources(&mut harness);
    harness.get_by_label_contains("No source carries its text");
}
