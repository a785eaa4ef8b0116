//! The real window driven as a person would: find widgets by their label, click, type, and
//! check what is on screen.

use std::path::PathBuf;
use std::time::{Duration, Instant};

#[path = "../common/mod.rs"]
mod common;

use common::{harness_on, show_only_ground_troops};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use stancemap::app::StancemapApp;
use stancemap::document::Selection;
use stancemap::graph::Node;
use stancemap::model::StanceKind;
use stancemap::model::{DataSource, SEED_RON};
use stancemap::scene::EdgeKind;
use stancemap::style::{Emphasis, LegendItem};

/// Two actors on one issue over a year: A supports (2020-01-15); B supports (2020-06-15),
/// then rejects (2021-03-15).
const DATED_VOTES: &str = r#"(title: "Votes",
    actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
    issues: [(id: "x", name: "X")],
    positions: [
        (actor: "a", issue: "x", stance: Support, quote: "a yes", date: "2020-01-15"),
        (actor: "b", issue: "x", stance: Support, quote: "b yes", date: "2020-06-15"),
        (actor: "b", issue: "x", stance: Reject, quote: "b no", date: "2021-03-15"),
    ])"#;

fn seed_harness() -> Harness<'static, StancemapApp> {
    harness_on(DataSource::BuiltIn)
}

fn actor(harness: &Harness<'_, StancemapApp>, id: &str) -> Node {
    let dataset = harness.state().dataset().expect("dataset loaded");
    Node::Actor(dataset.find_actor(id).expect("actor in the seed"))
}

/// Steps the app until `done` holds, for at most a few seconds (file watching is real time).
fn wait_until(harness: &mut Harness<'_, StancemapApp>, done: impl Fn(&StancemapApp) -> bool) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    settle(harness);
}

/// Runs the app until it stops repainting: what just arrived or was clicked may glide into
/// place for more frames than `Harness::run` allows (a network laid out, a stance picture
/// forming).
/// A primary click at a point (press and release a frame apart), the pointer moved there first.
fn click_at(harness: &mut Harness<'_, StancemapApp>, at: egui::Pos2) {
    harness.hover_at(at);
    harness.run();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

fn settle(harness: &mut Harness<'_, StancemapApp>) {
    let start = Instant::now();
    while harness.try_run().is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the window never settled"
        );
    }
}

#[test]
fn opens_on_the_seed_with_counts_in_the_status_line() {
    let harness = seed_harness();
    harness.get_by_label("18 actors · 11 issues · 25 positions shown of 25");
    harness.get_by_label("Leader: Friedrich Merz");
    harness.get_by_label("Issue: European-led ground troops in Ukraine");
    // The dataset title heads the inspector; the issue of the same name is in the list.
    assert_eq!(
        harness
            .get_all_by_label("Security guarantees for Ukraine")
            .count(),
        2
    );
}

#[test]
fn clicking_an_actor_shows_its_quotes_in_the_inspector() {
    let mut harness = seed_harness();
    let quote = "Europe as a whole should participate in providing security guarantees";
    assert!(harness.query_by_label_contains(quote).is_none());
    harness.get_by_label("Leader: Friedrich Merz").click();
    harness.run();
    harness.get_by_label_contains(quote);
    harness.get_by_label_contains("Zelenskyy-Putin meeting is planned within the next two weeks");
    harness.get_by_label("Federal Chancellor (CDU)");
    let merz = actor(&harness, "merz");
    assert_eq!(harness.state().selection(), Some(Selection::Node(merz)));

    // Escape clears the selection and the quotes leave.
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().selection(), None);
    assert!(harness.query_by_label_contains(quote).is_none());
}

#[test]
fn clicking_an_issue_tallies_it_and_links_select_actors() {
    let mut harness = seed_harness();
    harness
        .get_by_label("Issue: European-led ground troops in Ukraine")
        .click();
    harness.run();
    harness.get_by_label("1 support · 2 condition");
    let conditions = harness
        .get_all_by_label("U.S. backing for effective operations and protection of their forces");
    // Germany and the European countries state it in the same words: shown once, with both
    // names.
    assert_eq!(
        conditions.count(),
        1,
        "the shared conditional position shows its condition once"
    );
    harness.get_by_label("2 actors, the same words");
    // The inspector links to the actors; clicking one selects it.
    harness.get_by_label("European countries").click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(actor(&harness, "european-countries")))
    );
}

#[test]
fn only_the_ground_troops_issue_keeps_only_its_actors() {
    let mut harness = seed_harness();
    show_only_ground_troops(&mut harness);
    // Macron took no stance on ground troops: he leaves. Germany did: it stays.
    assert!(harness.query_by_label("Leader: Emmanuel Macron").is_none());
    harness.get_by_label("Country: Germany");
    harness.get_by_label("Organization: European countries");
    harness.get_by_label("3 actors · 1 issue · 3 positions shown of 25");
    let scene = harness.state().scene().expect("scene");
    assert_eq!(scene.nodes.len(), 4);
    assert_eq!(scene.edges.len(), 3);
}

#[test]
fn a_stance_toggled_off_takes_its_edges_away() {
    let mut harness = seed_harness();
    let rejects = |h: &Harness<'_, StancemapApp>| {
        h.state()
            .scene()
            .expect("scene")
            .edges
            .iter()
            .filter(|e| matches!(e.kind, EdgeKind::Position(_, StanceKind::Reject)))
            .count()
    };
    assert_eq!(rejects(&harness), 5);
    harness
        .get_by_role_and_label(egui::Role::CheckBox, "Reject")
        .click();
    harness.run();
    assert_eq!(rejects(&harness), 0);
    harness.get_by_label("18 actors · 11 issues · 20 positions shown of 25");
}

#[test]
fn search_narrows_the_issue_list_and_finds_actors() {
    let mut harness = seed_harness();
    let checkbox = |h: &Harness<'_, StancemapApp>, name: &str| {
        h.query_by_role_and_label(egui::Role::CheckBox, name)
            .is_some()
    };
    assert!(checkbox(&harness, "Security guarantees for Ukraine"));
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("troops");
    harness.run();
    assert!(!checkbox(&harness, "Security guarantees for Ukraine"));
    assert!(checkbox(&harness, "NATO troops on Ukrainian soil"));
    assert!(checkbox(&harness, "European-led ground troops in Ukraine"));
}

#[test]
fn search_finds_actors_and_a_click_selects_one() {
    let mut harness = seed_harness();
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("merz");
    harness.run();
    harness.get_by_label("Friedrich Merz").click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(actor(&harness, "merz")))
    );
}

#[test]
fn the_same_file_gives_the_same_layout_every_time() {
    let first = seed_harness();
    let second = seed_harness();
    let a = first.state().positions().expect("positions").to_vec();
    let b = second.state().positions().expect("positions").to_vec();
    assert_eq!(a, b);
    assert!(a.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
}

#[test]
fn theme_and_filters_end_up_in_the_saved_state() {
    let mut harness = seed_harness();
    harness.get_by_label("Dark theme").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::CheckBox, "Neutral")
        .click();
    harness.run();
    let state = harness.state().state();
    assert_eq!(state.theme, stancemap::style::Theme::Dark);
    assert!(state.filter.hidden_stances.contains(&StanceKind::Neutral));
    harness.get_by_label("Light theme");
}

struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        std::fs::remove_dir_all(self.0.parent().expect("temp dir")).ok();
    }
}

fn temp_positions(name: &str, text: &str) -> TempFile {
    let dir = std::env::temp_dir().join(format!("stancemap-ui-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("positions.ron");
    std::fs::write(&path, text).expect("write");
    TempFile(path)
}

#[test]
fn a_broken_save_keeps_the_last_good_graph_and_shows_the_error() {
    let file = temp_positions("reload", SEED_RON);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Leader: Friedrich Merz");

    // Break it: a misspelt actor id.
    let broken = SEED_RON.replacen(
        "(actor: \"merz\", issue: \"security-guarantees\"",
        // One more space, so the size changes too: the watcher sees the save even where
        // file times are coarse.
        "(actor: \"merc\",  issue: \"security-guarantees\"",
        1,
    );
    std::fs::write(&file.0, broken).expect("write");
    wait_until(&mut harness, |app| app.problems().is_some());
    harness.get_by_label_contains("unknown actor \"merc\"");
    harness.get_by_label_contains("did you mean \"merz\"?");
    // The last good graph is still on screen.
    harness.get_by_label("Leader: Friedrich Merz");
    harness.get_by_label("18 actors · 11 issues · 25 positions shown of 25");

    // Fixing the file clears the errors.
    let fixed = SEED_RON.replace(
        "title: \"Security guarantees for Ukraine\"",
        "title: \"Fixed\"",
    );
    std::fs::write(&file.0, fixed).expect("write");
    wait_until(&mut harness, |app| app.problems().is_none());
    assert!(harness.query_by_label_contains("unknown actor").is_none());
    assert_eq!(
        harness.state().dataset().map(|d| d.title.as_str()),
        Some("Fixed")
    );
}

#[test]
fn a_broken_file_at_start_shows_its_problems() {
    let file = temp_positions(
        "broken",
        "(title: \"x\", actors: [(id: \"a\", name: \"A\", kind: Company)], issues: [], positions: [])",
    );
    let harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label_contains("`Company` is not a valid ActorKind");
    harness.get_by_label("No dataset loaded. Open a positions file (Ctrl+O) or drop one here.");
}

#[test]
fn arrow_keys_move_the_selection_between_nodes() {
    let mut harness = seed_harness();
    harness.key_press(Key::ArrowRight);
    harness.run();
    let first = harness.state().selection().expect("a node is selected");
    harness.key_press(Key::ArrowDown);
    harness.run();
    let second = harness.state().selection().expect("still a node");
    assert_ne!(first, second);
    // Tab steps to another node, Shift+Tab steps back.
    harness.key_press(Key::Tab);
    harness.run();
    let third = harness.state().selection().expect("a node");
    assert_ne!(third, second);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::Tab);
    harness.run();
    assert_eq!(harness.state().selection(), Some(second));
}

/// Exports the seed filtered to ground troops from the window's dialog in the format with
/// this label (and the whole graph, where the dialog asks), and with the command line; both
/// files' text.
fn export_from_window_and_cli(format_label: &str, extension: &str) -> (String, String) {
    let dir = std::env::temp_dir().join(format!(
        "stancemap-ui-export-{extension}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let from_window = dir.join(format!("window.{extension}"));
    let from_cli = dir.join(format!("cli.{extension}"));

    let mut harness = seed_harness();
    show_only_ground_troops(&mut harness);
    harness.get_by_label("Export…").click();
    harness.run();
    harness.get_by_label(format_label).click();
    harness.run();
    if let Some(whole) = harness.query_by_label("Whole graph") {
        whole.click();
    }
    harness.run();
    harness.get_by_label("Export file").focus();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    harness
        .get_by_label("Export file")
        .type_text(&from_window.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    // The dialog shows a spinner while the export runs: step, don't wait for idle.
    harness.step();
    wait_until(&mut harness, |app| !app.export_dialog().busy);
    let status = harness
        .state()
        .export_dialog()
        .status
        .clone()
        .unwrap_or_default();
    assert!(status.starts_with("Saved"), "{status}");

    let args = ["export", "--issue", "ground-troops", "--out"];
    let parsed = <stancemap::cli::Cli as clap::Parser>::try_parse_from(
        ["stancemap"]
            .into_iter()
            .chain(args[..1].iter().copied())
            .chain(["positions.ron"])
            .chain(args[1..].iter().copied())
            .chain([from_cli.to_str().expect("utf-8 path")]),
    )
    .expect("arguments");
    let Some(stancemap::cli::Command::Export(export_args)) = parsed.command else {
        panic!("an export command");
    };
    let export_args = stancemap::cli::ExportArgs {
        file: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("positions.ron"),
        ..export_args
    };
    stancemap::cli::export(&export_args).expect("cli export");
    let window = std::fs::read_to_string(&from_window).expect("window export");
    let cli = std::fs::read_to_string(&from_cli).expect("cli export");
    std::fs::remove_dir_all(&dir).ok();
    (window, cli)
}

#[test]
fn the_window_exports_the_same_picture_as_the_command_line() {
    let (window, cli) = export_from_window_and_cli("SVG (vector, text stays text)", "svg");
    assert_eq!(
        window, cli,
        "the same picture from the window and the command line"
    );
}

#[test]
fn the_window_exports_the_same_interactive_page_as_the_command_line() {
    let (window, cli) =
        export_from_window_and_cli("HTML (interactive, opens in any browser)", "html");
    assert!(window.starts_with("<!DOCTYPE html>"));
    assert!(window.contains("aria-label=\"Issue: European-led ground troops in Ukraine\""));
    assert_eq!(
        window, cli,
        "the same page from the window and the command line"
    );
}

#[test]
fn a_dragged_node_stays_where_dropped_until_re_layout() {
    let mut harness = seed_harness();
    let Node::Actor(merz) = actor(&harness, "merz") else {
        panic!("an actor");
    };
    let position =
        |h: &Harness<'_, StancemapApp>| h.state().positions().expect("positions")[merz.0 as usize];
    let before = position(&harness);
    let start = harness
        .get_by_label("Leader: Friedrich Merz")
        .rect()
        .center();
    let end = start + egui::vec2(120.0, 80.0);
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.step();
    for k in 1..=4 {
        harness.hover_at(start + (end - start) * (k as f32 / 4.0));
        harness.step();
    }
    harness.drop_at(end);
    harness.run();
    let zoom = harness.state().camera().zoom;
    let moved = position(&harness) - before;
    assert!(
        (moved * zoom - (end - start)).length() < 2.0,
        "moved {moved:?} at zoom {zoom}"
    );
    // Other nodes did not move, and the node stays after more frames.
    harness.run();
    assert!((position(&harness) - before - moved).length() < 0.01);

    harness.get_by_label("Re-layout").click();
    harness.run();
    assert!(
        (position(&harness) - before).length() < 0.01,
        "re-layout puts it back"
    );
}

/// An actor with hundreds of positions (a UN member's roll calls): the inspector lays out only
/// the rows in view, and scrolling brings the last one.
#[test]
fn a_long_list_of_positions_scrolls_to_its_end() {
    use std::fmt::Write as _;
    let (mut issues, mut positions) = (String::new(), String::new());
    for k in 1..=200 {
        let _ = write!(issues, "(id: \"vote-{k:03}\", name: \"Roll call {k:03}\"),");
        let _ = write!(
            positions,
            "(actor: \"voter\", issue: \"vote-{k:03}\", stance: Support, quote: \"Statement {k:03} ends here, with enough words to wrap onto a second line of the panel.\"),"
        );
    }
    let text = format!(
        "(title: \"Many votes\", actors: [(id: \"voter\", name: \"Voter\", kind: Country)], issues: [{issues}], positions: [{positions}])"
    );
    let file = temp_positions("long-list", &text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Country: Voter").click();
    harness.run();
    harness.get_by_label_contains("Statement 001 ends here");
    assert!(
        harness
            .query_by_label_contains("Statement 200 ends here")
            .is_none(),
        "rows far below the view are not laid out"
    );
    // Scroll the inspector to the end.
    harness.hover_at(egui::pos2(1100.0, 400.0));
    for _ in 0..200 {
        if harness
            .query_by_label_contains("Statement 200 ends here")
            .is_some()
        {
            break;
        }
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -2000.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        // Smooth scrolling takes a few frames.
        harness.run_steps(10);
    }
    harness.get_by_label_contains("Statement 200 ends here");
    harness.get_by_label_contains("Statement 199 ends here");
    assert!(
        harness
            .query_by_label_contains("Statement 001 ends here")
            .is_none()
    );
}

/// The table's cells as the user sees them, row by row (six cells a row), with whether each
/// row shows as selected.
fn table_rows(harness: &Harness<'_, StancemapApp>) -> Vec<(Vec<String>, bool)> {
    let cells: Vec<(String, bool)> = harness
        .get_all_by_role(egui::Role::Cell)
        .map(|node| {
            let node = node.accesskit_node();
            let selected = node.toggled() == Some(egui::accesskit::Toggled::True);
            (node.label().unwrap_or_default(), selected)
        })
        .collect();
    assert_eq!(cells.len() % 6, 0, "six cells a row");
    cells
        .chunks(6)
        .map(|row| (row.iter().map(|(t, _)| t.clone()).collect(), row[0].1))
        .collect()
}

#[test]
fn the_table_sorts_by_stance_and_a_clicked_row_is_selected_everywhere() {
    let mut harness = seed_harness();
    harness.get_by_label("Table").click();
    harness.run();
    harness.get_by_label("25 rows");
    let rows = table_rows(&harness);
    assert_eq!(rows.len(), 25, "the seed's 25 positions fit on screen");

    // Sorted by stance: supports first; again: the other way round.
    harness.get_by_label("Stance").click();
    harness.run();
    let stances: Vec<String> = table_rows(&harness)
        .into_iter()
        .map(|(r, _)| r[2].clone())
        .collect();
    assert_eq!(stances[0], "Support");
    assert!(stances[24].starts_with("Condition"), "{stances:?}");
    harness.get_by_label("Stance").click();
    harness.run();
    let rows = table_rows(&harness);
    assert!(rows[0].0[2].starts_with("Condition: "), "{rows:?}");
    assert_eq!(rows[24].0[2], "Support");
    let rank = |s: &str| {
        ["Support", "Reject", "Condition", "Neutral"]
            .iter()
            .position(|k| s.starts_with(k))
            .expect("a stance")
    };
    assert!(
        rows.windows(2)
            .all(|w| rank(&w[0].0[2]) >= rank(&w[1].0[2]))
    );

    // Click the first reject: that position is selected, its row shows it, and the
    // inspector reads its quote.
    let k = rows
        .iter()
        .position(|(r, _)| r[2] == "Reject")
        .expect("a reject");
    let reject = rows[k].0.clone();
    let quote = reject[5].clone();
    let before = harness.get_all_by_label_contains(&quote).count();
    // Its actor cell (the first column is always in view).
    harness
        .get_all_by_role(egui::Role::Cell)
        .nth(6 * k)
        .expect("the row's first cell")
        .click();
    harness.run();
    let Some(Selection::Position(p)) = harness.state().selection() else {
        panic!("a position is selected: {:?}", harness.state().selection());
    };
    let dataset = harness.state().dataset().expect("dataset");
    assert_eq!(dataset.position(p).quote, quote);
    assert_eq!(dataset.actor(dataset.position(p).actor).name, reject[0]);
    assert!(
        harness.get_all_by_label_contains(&quote).count() > before,
        "the inspector shows the quote"
    );
    let selected: Vec<_> = table_rows(&harness)
        .into_iter()
        .filter(|(_, s)| *s)
        .collect();
    assert_eq!(selected.len(), 1);
    assert_eq!(selected[0].0[5], quote);

    // Copy gives the row as tab-separated text with a header.
    harness.get_by_label("Copy").click();
    // The frame that handles the click hands the text to the clipboard.
    harness.step();
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        });
    let copied = copied.expect("copied text");
    let lines: Vec<&str> = copied.lines().collect();
    assert_eq!(lines[0], "Actor\tIssue\tStance\tDate\tSource\tQuote");
    assert_eq!(lines[1].split('\t').next_back(), Some(quote.as_str()));
    assert_eq!(lines.len(), 2);

    // Back in the graph, the selected position is the one drawn as selected.
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::Num1]);
    harness.run();
    assert_eq!(harness.state().current_view().id(), "graph");
    let scene = harness.state().scene().expect("scene");
    let chosen: Vec<_> = scene
        .edges
        .iter()
        .filter(|e| e.emphasis == stancemap::style::Emphasis::Selected)
        .collect();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].kind, EdgeKind::Position(p, StanceKind::Reject));
}

#[test]
fn an_actor_selected_in_the_graph_is_selected_in_the_table() {
    let mut harness = seed_harness();
    harness.get_by_label("Country: Germany").click();
    harness.run();
    let germany = actor(&harness, "germany");
    let Node::Actor(germany_ix) = germany else {
        unreachable!()
    };
    let count = harness
        .state()
        .dataset()
        .expect("dataset")
        .positions
        .iter()
        .filter(|p| p.actor == germany_ix)
        .count();
    assert!(count >= 2);

    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::Num2]);
    harness.run();
    assert_eq!(harness.state().current_view().id(), "table");
    harness.get_by_label(&format!("{count} rows of Germany selected"));
    let rows = table_rows(&harness);
    let selected: Vec<_> = rows.iter().filter(|(_, s)| *s).collect();
    assert_eq!(selected.len(), count);
    assert!(selected.iter().all(|(r, _)| r[0] == "Germany"));
    assert!(
        rows.iter()
            .filter(|(r, _)| r[0] != "Germany")
            .all(|(_, s)| !s)
    );
    assert_eq!(harness.state().selection(), Some(Selection::Node(germany)));

    // The filter and the search narrow the table as they narrow the graph.
    show_only_ground_troops(&mut harness);
    assert_eq!(table_rows(&harness).len(), 3);
    harness.get_by_label("Search").click();
    harness.get_by_label("Search").type_text("germany");
    harness.run();
    harness.get_by_label("1 of 3 rows match the search");
    assert_eq!(table_rows(&harness).len(), 1);
}

/// eframe's storage in memory.
struct Memory<'a>(&'a mut std::collections::HashMap<String, String>);
impl eframe::Storage for Memory<'_> {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn each_file_reopens_in_the_view_it_was_left_in() {
    let mut harness = seed_harness();
    harness.get_by_label("Table").click();
    harness.run();
    // Sorted by stance, the other way round (conditions first; the default order by actor
    // starts with a support).
    harness.get_by_label("Stance").click();
    harness.run();
    harness.get_by_label("Stance").click();
    harness.run();
    // What eframe saves on exit.
    let mut storage = std::collections::HashMap::<String, String>::new();
    eframe::App::save(harness.state_mut(), &mut Memory(&mut storage));
    let state = harness.state().state().clone();
    let saved = &state.files[0];
    assert_eq!(saved.view, "table");
    assert!(saved.states.contains_key("graph"), "the camera is kept");
    assert!(storage.contains_key(eframe::APP_KEY));

    // A new window on the same file opens on the table, sorted as it was left.
    let mut again = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| StancemapApp::with_state(&cc.egui_ctx, state, DataSource::BuiltIn));
    again.run();
    assert_eq!(again.state().current_view().id(), "table");
    let stances: Vec<String> = table_rows(&again)
        .into_iter()
        .map(|(r, _)| r[2].clone())
        .collect();
    assert!(stances[0].starts_with("Condition"), "{stances:?}");
}

#[test]
fn the_matrix_shows_each_stance_and_a_click_reads_its_quotes() {
    let mut harness = seed_harness();
    harness.get_by_label("Matrix").click();
    harness.run();
    assert_eq!(harness.state().current_view().id(), "matrix");
    // Each cell says who, on what, and the stance (the colour has a mark too).
    let cell = "Germany on European-led ground troops in Ukraine: Condition";
    harness.get_by_label(cell).click();
    harness.run();
    let dataset = harness.state().dataset().expect("dataset");
    let germany = dataset.find_actor("germany").expect("germany");
    let troops = dataset.find_issue("ground-troops").expect("issue");
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Pair(germany, troops))
    );
    // The inspector lists that actor's positions on that issue, with their quotes.
    harness.get_by_label("Positions");
    harness.get_by_label_contains("expected to provide the bulk of ground troops");

    // Row and column headers select the actor and the issue, in every view.
    harness.get_by_label("Actor: Friedrich Merz").click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(actor(&harness, "merz")))
    );
    harness
        .get_by_label("Issue: European-led ground troops in Ukraine")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(Node::Issue(troops)))
    );

    // The filter holds here too: only the ground-troops issue, three cells.
    show_only_ground_troops(&mut harness);
    assert_eq!(harness.get_all_by_role(egui::Role::Cell).count(), 3);
    assert!(
        harness
            .query_by_label_contains("Friedrich Merz on")
            .is_none()
    );
}

#[test]
fn the_matrix_orders_by_blocs_and_by_count() {
    let mut harness = seed_harness();
    harness.get_by_label("Matrix").click();
    harness.run();
    let rows = |h: &Harness<'_, StancemapApp>| -> Vec<String> {
        h.get_all_by_role(egui::Role::RowHeader)
            .map(|n| n.accesskit_node().label().unwrap_or_default())
            .collect()
    };
    let by_name = rows(&harness);
    assert!(
        by_name
            .windows(2)
            .all(|w| w[0].to_lowercase() <= w[1].to_lowercase()),
        "{by_name:?}"
    );
    harness.get_by_label("Count").click();
    harness.run();
    let by_count = rows(&harness);
    // The United States took the most positions in the article.
    assert_eq!(by_count[0], "Actor: United States", "{by_count:?}");
    harness.get_by_label("Blocs").click();
    harness.run();
    let by_blocs = rows(&harness);
    assert_eq!(by_blocs.len(), by_name.len());
    let mut sorted = by_blocs.clone();
    sorted.sort();
    let mut names = by_name.clone();
    names.sort();
    assert_eq!(sorted, names, "the same actors, in another order");
}

#[test]
fn the_network_ties_actors_and_compares_two_of_them() {
    let mut harness = seed_harness();
    harness.get_by_label("Network").click();
    // The network is computed on a worker, which asks for frames until it is done: step,
    // don't run to idle.
    harness.step();
    wait_until(&mut harness, |app| {
        app.current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::network_view::NetworkView>()
            .is_some_and(|v| v.network().is_some() && !v.is_computing())
    });
    harness.get_by_label_contains("ties ·");
    // Actors are nodes, named as in the graph; clicking one lists its partners.
    harness.get_by_label("Country: Germany").click();
    harness.run();
    harness.get_by_label("Agrees most with");
    // Germany and the United States both support security guarantees (and more).
    let partner = harness.get_by_label("United States");
    partner.click();
    harness.run();
    let dataset = harness.state().dataset().expect("dataset");
    let germany = dataset.find_actor("germany").expect("germany");
    let us = dataset.find_actor("united-states").expect("us");
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Actors(germany, us))
    );
    harness.get_by_label("Two actors");
    harness.get_by_label_contains("Issues both took a stance on:");
    // Both quotes side by side under each shared issue.
    harness.get_by_label_contains("expected to provide the bulk of ground troops");
    harness.get_by_label_contains("willing to support a European-led deployment");
}

#[test]
fn a_table_with_other_headers_opens_through_the_column_map() {
    let dir = std::env::temp_dir().join(format!("stancemap-ui-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = TempFile(dir.join("votes.csv"));
    std::fs::write(
        &file.0,
        "who,topic,verdict,said\nGermany,Troops,yes,We will.\nFrance,Troops,no,Not now.\n",
    )
    .expect("write");
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    // The headers are not field names: the dialog shows the columns and the first rows.
    harness.get_by_label("Columns of votes.csv");
    harness.get_by_label("We will.");
    for (field, column) in [
        ("actor", "who"),
        ("issue", "topic"),
        ("stance", "verdict"),
        ("quote", "said"),
    ] {
        harness.get_by_label(&format!("Column for {field}")).click();
        harness.run();
        harness
            .get_by_role_and_label(egui::Role::Button, column)
            .click();
        harness.run();
    }
    harness.get_by_label("Open with these columns").click();
    wait_until(&mut harness, |app| app.dataset().is_some());
    let dataset = harness.state().dataset().expect("loaded");
    assert_eq!(dataset.positions.len(), 2);
    assert_eq!(dataset.actors[0].name, "Germany");
    harness.get_by_label("Country: France");
    // Remembered for the file.
    let saved = &harness.state().state().table_maps;
    let map = saved.values().next().expect("a map");
    assert_eq!(
        map.columns.get("stance").map(String::as_str),
        Some("verdict")
    );
}

#[test]
fn a_stance_column_of_numbers_is_read_through_the_column_chooser() {
    let dir = std::env::temp_dir().join(format!("stancemap-ui-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = TempFile(dir.join("dna-export.csv"));
    std::fs::write(
        &file.0,
        "speaker,concept,agreement,text\nAnna Berg,Minimum wage,1,We need it.\nJonas Keller,Minimum wage,0,It costs jobs.\n",
    )
    .expect("write");
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    // Every column is found, but 1 and 0 are no stance words: the chooser opens with the map
    // DNA's agreement needs already offered.
    harness.get_by_label("Columns of dna-export.csv");
    harness.get_by_label("stance \"0\" means");
    harness.get_by_label("Meaning of stance 1").click();
    harness.run();
    // The user may change a meaning: here they confirm 1 is support.
    harness
        .get_by_role_and_label(egui::Role::Button, "support")
        .click();
    harness.run();
    harness.get_by_label("Open with these columns").click();
    wait_until(&mut harness, |app| app.dataset().is_some());
    let dataset = harness.state().dataset().expect("loaded");
    let stances: Vec<&str> = dataset
        .positions
        .iter()
        .map(|p| p.stance.kind().name())
        .collect();
    assert_eq!(stances, ["support", "reject"]);
    // Remembered for the file.
    let saved = &harness.state().state().table_maps;
    let map = saved.values().next().expect("a map");
    assert_eq!(
        map.values
            .get("stance")
            .and_then(|m| m.get("0"))
            .map(String::as_str),
        Some("reject")
    );
}

#[test]
fn the_date_filter_narrows_every_view_and_plays_through_time() {
    let text = DATED_VOTES;
    let file = temp_positions("dates", text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("2 actors · 1 issue · 3 positions shown of 3");
    // As of a day: each actor's latest stance on each issue (B's reject replaces its support).
    harness.get_by_label("Latest as of").click();
    harness.run();
    harness.get_by_label(
        "2 actors · 1 issue · 2 positions shown of 3 · Dates: as of 2021-03-15 (each actor's latest stance per issue)",
    );
    let time = harness.state().filter().expect("filter").time;
    assert_eq!(
        time.as_of.map(|d| d.to_string()).as_deref(),
        Some("2021-03-15")
    );
    // Play starts at the first month and steps on: first only A, then B's support, …
    harness.get_by_label("Play").click();
    harness.step();
    harness.step();
    harness.get_by_label(
        "1 actor · 1 issue · 1 position shown of 3 · Dates: as of 2020-01-31 (each actor's latest stance per issue)",
    );
    // Steps of 0.6 s each (the harness's frames are shorter).
    for _ in 0..2000 {
        harness.step();
        if harness.query_by_label("Play").is_some() {
            break;
        }
    }
    // Played to the end: it stops by itself, as of the last day.
    harness.get_by_label("Play");
    harness.get_by_label(
        "2 actors · 1 issue · 2 positions shown of 3 · Dates: as of 2021-03-15 (each actor's latest stance per issue)",
    );
    // The table shows the same two rows; back to every date, all three.
    harness.get_by_label("Table").click();
    harness.run();
    harness.get_by_label("2 rows");
    harness.get_by_label("Range").click();
    harness.run();
    harness.get_by_label("3 rows");
}

#[test]
fn a_changed_stance_is_drawn_once_and_its_history_is_in_the_inspector() {
    let text = r#"(title: "Votes",
        actors: [(id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X")],
        positions: [
            (actor: "b", issue: "x", stance: Support, quote: "b yes", date: "2020-06-15"),
            (actor: "b", issue: "x", stance: Reject, quote: "b no", date: "2021-03-15"),
        ])"#;
    let file = temp_positions("history", text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    // One edge for the pair: the latest stance.
    let scene = harness.state().scene().expect("scene");
    assert_eq!(scene.edges.len(), 1);
    assert!(matches!(
        scene.edges[0].kind,
        EdgeKind::Position(_, StanceKind::Reject)
    ));
    // It carries the ring that says the stance changed, and the legend explains the ring.
    assert!(scene.edges[0].changed);
    assert!(
        scene.legend.iter().any(
            |item| matches!(item, LegendItem::Change { label, .. } if label == "Stance changed")
        )
    );
    // The inspector tells the history, oldest first, with both quotes.
    harness.get_by_label("Country: B").click();
    harness.run();
    harness.get_by_label("Stance changed: Support (2020-06-15), then Reject (2021-03-15)");
    harness.get_by_label_contains("b yes");
    harness.get_by_label_contains("b no");
}

#[test]
fn the_timeline_draws_each_dated_position_and_a_hovered_mark_reads_its_quote() {
    let text = DATED_VOTES;
    let file = temp_positions("timeline", text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Timeline").click();
    harness.run();
    // A row per actor, named at the left.
    let row = harness.get_by_label("Actor: B").rect();
    harness.get_by_label("Actor: A");
    // Move along B's row: the marks' tooltips name the stance, the date and the quote,
    // the support of 2020 first, then the reject of 2021.
    let mut seen = Vec::new();
    let mut x = row.max.x + 2.0;
    while x < 1280.0 {
        harness.hover_at(egui::pos2(x, row.center().y));
        harness.run();
        for quote in ["“b yes”", "“b no”"] {
            if harness.query_by_label(quote).is_some() && seen.last() != Some(&quote) {
                seen.push(quote);
            }
        }
        x += 3.0;
    }
    assert_eq!(seen, ["“b yes”", "“b no”"]);
    // A click on a name selects the actor, as everywhere.
    harness.get_by_label("Actor: B").click();
    harness.run();
    let b = actor(&harness, "b");
    assert_eq!(harness.state().selection(), Some(Selection::Node(b)));
    // Rows by issue: one row, X. ("Issues" is also the side panel's heading: the toggle is
    // the one right of it.)
    harness
        .query_all_by_label("Issues")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .expect("the rows toggle")
        .click();
    harness.run();
    harness.get_by_label("Issue: X");
    assert!(harness.query_by_label("Actor: B").is_none());
}

#[test]
fn the_timeline_says_so_when_nothing_has_a_date() {
    let mut harness = seed_harness();
    harness.get_by_label("Timeline").click();
    harness.run();
    harness.get_by_label("No position the filter shows has a date.");
}

/// Steps the app until a label shows (a comparison runs on a worker), for at most 5 s.
fn wait_for_label(harness: &mut Harness<'_, StancemapApp>, label: &str) {
    let start = Instant::now();
    while harness.query_by_label(label).is_none() && start.elapsed() < Duration::from_secs(5) {
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.get_by_label(label);
}

/// Replaces the text of a text field. Steps rather than runs to idle: each edit may start a
/// comparison on a worker, which asks for a frame when it is done.
fn retype(harness: &mut Harness<'_, StancemapApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.step();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    harness.get_by_label(label).type_text(text);
    harness.step();
    harness.step();
}

#[test]
fn compare_mode_lists_who_moved_and_highlights_it_in_every_view() {
    let text = DATED_VOTES;
    let file = temp_positions("compare", text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Compare").click();
    harness.step();
    harness.step();
    // Two dates by default: the middle of the span (212 of 425 days after 2020-01-15) and
    // the last day. B moved in between.
    assert_eq!(
        harness.get_by_label("Before date").value().as_deref(),
        Some("2020-08-14")
    );
    assert_eq!(
        harness.get_by_label("After date").value().as_deref(),
        Some("2021-03-15")
    );
    wait_for_label(&mut harness, "1 changed · 0 added · 0 removed");
    // The pair is marked for every view: the graph highlights B's edge and dims A's.
    let dataset = harness.state().dataset().expect("dataset");
    let (a, b, x) = (
        dataset.find_actor("a").expect("a"),
        dataset.find_actor("b").expect("b"),
        dataset.find_issue("x").expect("x"),
    );
    let scene = harness.state().scene().expect("scene");
    let emphasis = |actor| {
        scene
            .edges
            .iter()
            .find(|e| matches!(e.kind, EdgeKind::Position(p, _) if dataset.position(p).actor == actor))
            .expect("edge")
            .emphasis
    };
    assert_eq!(emphasis(b), Emphasis::Highlighted);
    assert_eq!(emphasis(a), Emphasis::Dimmed);
    let marked = harness
        .state()
        .document()
        .expect("doc")
        .marked()
        .expect("marks");
    assert_eq!(marked.iter().copied().collect::<Vec<_>>(), [(b, x)]);
    // The network highlights the actor who moved (B) and dims A.
    harness.get_by_label("Network").click();
    harness.step();
    wait_until(&mut harness, |app| {
        app.current_view()
            .as_any()
            .downcast_ref::<stancemap::ui::network_view::NetworkView>()
            .is_some_and(|v| v.scene().is_some() && !v.is_computing())
    });
    harness.step();
    let network = harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<stancemap::ui::network_view::NetworkView>()
        .and_then(stancemap::ui::network_view::NetworkView::scene)
        .expect("network scene");
    let node_emphasis = |actor| {
        network
            .nodes
            .iter()
            .find(|n| n.node == Node::Actor(actor))
            .expect("actor node")
            .emphasis
    };
    assert_eq!(node_emphasis(b), Emphasis::Highlighted);
    assert_eq!(node_emphasis(a), Emphasis::Dimmed);
    harness.get_by_label("Graph").click();
    harness.run();
    // A click on the change selects the pair and shows both quotes, oldest first.
    harness.get_by_label("B: Support, then Reject · X").click();
    harness.run();
    assert_eq!(harness.state().selection(), Some(Selection::Pair(b, x)));
    harness.get_by_label("“b yes”");
    harness.get_by_label("“b no”");
    // From before any position: both pairs are new.
    retype(&mut harness, "Before date", "2019-12-31");
    wait_for_label(&mut harness, "0 changed · 2 added · 0 removed");
    retype(&mut harness, "Before date", "2019-13-01");
    harness.get_by_label_contains("Before:");
    // Another file: the earlier version where B had not moved yet.
    let reject = r#"(actor: "b", issue: "x", stance: Reject, quote: "b no", date: "2021-03-15"),"#;
    assert!(text.contains(reject));
    let earlier = temp_positions("compare-before", &text.replace(reject, ""));
    harness.get_by_label("Another file").click();
    harness.run();
    retype(
        &mut harness,
        "File to compare",
        &earlier.0.display().to_string(),
    );
    harness.get_by_label("Compare with this file").click();
    harness.step();
    wait_for_label(&mut harness, "1 changed · 0 added · 0 removed");
    // Leaving compare mode clears the marks.
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().document().expect("doc").marked().is_none());
    harness.get_by_label("Compare");
}

#[test]
fn dragging_across_the_date_histogram_draws_a_range_and_its_handles_move_it() {
    let text = DATED_VOTES;
    let file = temp_positions("histogram", text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    let rect = harness.get_by_label("Dates histogram").rect();
    let drag = |harness: &mut Harness<'_, StancemapApp>, from: f32, to: f32| {
        let y = rect.center().y;
        let at = |share: f32| egui::pos2(rect.min.x + share * rect.width(), y);
        harness.hover_at(at(from));
        harness.step();
        harness.drag_at(at(from));
        harness.step();
        for k in 1..=5 {
            harness.hover_at(at(from + (to - from) * k as f32 / 5.0));
            harness.step();
        }
        harness.drop_at(at(to));
        harness.run();
    };
    // 15 monthly bins, January 2020 to March 2021: a quarter of the way is 3.75 bins (late
    // April 2020), three quarters 11.25 bins (about 2020-12-08); between them only B's
    // support.
    drag(&mut harness, 0.25, 0.75);
    let time = harness.state().filter().expect("filter").time;
    let (from, to) = (time.from.expect("from"), time.to.expect("to"));
    assert_eq!((from.year, from.month), (2020, 4), "{from}");
    assert_eq!((to.year, to.month), (2020, 12), "{to}");
    harness.get_by_label_contains("1 actor · 1 issue · 1 position shown of 3");
    // The range's end handle, dragged to the right edge: the window runs to the last day (and
    // the To end is then no limit at all).
    let handle = 0.75;
    drag(&mut harness, handle, 1.0);
    let time = harness.state().filter().expect("filter").time;
    assert_eq!(time.from, Some(from));
    assert_eq!(time.to, None);
    harness.get_by_label_contains("1 actor · 1 issue · 2 positions shown of 3");
}

// The readable-answers issue's behaviours, one file per view or panel.
mod coding;
mod compare;
mod everywhere;
mod focus;
mod groups;
mod inspector;
mod matrix;
mod network;
mod sources;
mod table;
mod timeline;
