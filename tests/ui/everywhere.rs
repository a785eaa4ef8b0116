//! What holds in every view: Escape closes dialogs, Enter in the search goes to the match,
//! the toolbar offers only what acts on the view shown, the filter panel gives the issue list
//! its room.

use std::fmt::Write as _;

use super::*;

#[test]
fn escape_closes_the_export_dialog_before_it_clears_the_selection() {
    let mut harness = seed_harness();
    harness.get_by_label("Leader: Friedrich Merz").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    assert!(harness.state().export_dialog().open);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        !harness.state().export_dialog().open,
        "Esc closes the dialog"
    );
    assert!(
        harness.state().selection().is_some(),
        "the first Esc only closes the dialog"
    );
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().selection(), None);
}

#[test]
fn enter_in_the_search_selects_the_match_in_the_graph_and_in_the_table() {
    let mut harness = seed_harness();
    harness.get_by_label("Search").click();
    harness.get_by_label("Search").type_text("merz");
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(actor(&harness, "merz")))
    );
    // In the table, the same: another search, Enter, and that actor is selected.
    harness.get_by_label("Table").click();
    harness.run();
    harness.get_by_label("Search").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness.get_by_label("Search").type_text("zelensk");
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(actor(&harness, "zelenskyy")))
    );
    assert_eq!(harness.state().current_view().id(), "table");
}

#[test]
fn the_toolbar_offers_fit_and_re_layout_only_where_they_act() {
    let mut harness = seed_harness();
    harness.get_by_label("Re-layout");
    harness.get_by_label("Fit view");
    harness.get_by_label("Table").click();
    harness.run();
    assert!(harness.query_by_label("Re-layout").is_none());
    assert!(harness.query_by_label("Fit view").is_none());
    harness.get_by_label("Network").click();
    harness.step();
    wait_until(&mut harness, |app| app.current_view().id() == "network");
    assert!(harness.query_by_label("Re-layout").is_none());
    harness.get_by_label("Fit view");
    // The timeline has its own "Fit" beside its rows: the toolbar does not repeat it.
    harness.get_by_label("Timeline").click();
    harness.run();
    harness.get_by_label("Fit");
    assert!(harness.query_by_label("Fit view").is_none());
}

#[test]
fn a_tab_names_its_shortcut_on_hover() {
    let mut harness = seed_harness();
    assert!(harness.query_by_label_contains("Ctrl+3").is_none());
    harness.get_by_label("Matrix").hover();
    harness.run();
    harness.get_by_label_contains("Matrix — Ctrl+3: Actors × issues");
}

#[test]
fn escape_closes_the_column_map() {
    let dir = std::env::temp_dir().join(format!("stancemap-ui-esc-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = TempFile(dir.join("votes.csv"));
    std::fs::write(
        &file.0,
        "who,topic,verdict,said\nGermany,Troops,yes,We will.\n",
    )
    .expect("write");
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Columns of votes.csv");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().table_map_dialog().is_none());
    assert!(harness.query_by_label("Columns of votes.csv").is_none());
}

#[test]
fn enter_in_the_search_centres_the_graph_on_the_match_and_zooms_in() {
    let mut harness = seed_harness();
    harness.state_mut().zoom_by(0.2);
    harness.run();
    let before = harness.state().camera();
    harness.get_by_label("Search").click();
    harness.get_by_label("Search").type_text("macron");
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);
    let macron = actor(&harness, "macron");
    assert_eq!(harness.state().selection(), Some(Selection::Node(macron)));
    let camera = harness.state().camera();
    let at = harness
        .state()
        .document()
        .and_then(|d| d.position_of(macron));
    assert_eq!(Some(camera.center), at, "the camera is centred on Macron");
    assert!(
        camera.zoom >= 1.0 && camera.zoom > before.zoom,
        "zoomed in from {} to {}",
        before.zoom,
        camera.zoom
    );
    // Enter again goes to the next match, if any, else stays on this one: still selected.
    harness.key_press(Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().selection(), Some(Selection::Node(macron)));
}

#[test]
fn the_issue_list_gets_the_room_on_a_file_of_many_issues() {
    // 120 issues with tags in six groups and dated positions: the groups and the dates
    // fold away by default.
    let mut text = String::from(
        "(title: \"Many\", actors: [(id: \"a\", name: \"A\", kind: Country)], issues: [",
    );
    for k in 0..120 {
        let _ = write!(
            text,
            "(id: \"i{k}\", name: \"Issue {k}\", tags: [\"group-{}\"]),",
            k % 6
        );
    }
    text.push_str("], positions: [");
    for k in 0..120 {
        let _ = write!(
            text,
            "(actor: \"a\", issue: \"i{k}\", stance: Support, quote: \"q\", date: \"2020-01-{:02}\"),",
            k % 28 + 1
        );
    }
    text.push_str("])");
    let file = temp_positions("many-issues", &text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    let rows = harness.get_all_by_label("only").count();
    assert!(rows >= 15, "{rows} issue rows in view");
    // The folded sections are still there, a click away.
    harness.get_by_label_contains("Groups (6)");
    harness.get_by_label_contains("Dates");
}

#[test]
fn a_long_issue_name_is_cut_short_and_its_count_stays_in_the_panel() {
    let name = "Human rights situation in the occupied territories and the question of \
                the reports of the special committee, resolution R/63/176";
    let text = format!(
        "(title: \"Long\", actors: [(id: \"a\", name: \"A\", kind: Country), \
         (id: \"b\", name: \"B\", kind: Country)], \
         issues: [(id: \"long\", name: \"{name}\"), (id: \"short\", name: \"Short\")], \
         positions: [(actor: \"a\", issue: \"long\", stance: Support, quote: \"q\"), \
         (actor: \"b\", issue: \"long\", stance: Reject, quote: \"r\"), \
         (actor: \"a\", issue: \"short\", stance: Support, quote: \"s\")])"
    );
    let file = temp_positions("long-issue", &text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    settle(&mut harness);
    let panel = harness.get_by_label("Search").rect();
    let checkbox = harness
        .get_by_role_and_label(egui::Role::CheckBox, name)
        .rect();
    assert!(
        checkbox.max.x < panel.max.x - 12.0,
        "the name is cut short: {checkbox:?} in {panel:?}"
    );
    let count = harness
        .get_all_by_label("2")
        .map(|n| n.rect())
        .find(|r| (r.center().y - checkbox.center().y).abs() < 4.0)
        .expect("the issue's count on its row");
    assert!(
        count.min.x >= checkbox.max.x && count.max.x <= panel.max.x + 1.0,
        "the count {count:?} after the name {checkbox:?}, inside {panel:?}"
    );
}
