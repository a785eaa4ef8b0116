//! Coding from the source by keyboard: a sentence found and selected in the Sources view, coded
//! as a position of a new actor on an existing issue, undone, redone and saved; the file then
//! differs from the original by exactly those entries.

use super::*;
use stancemap::model::load_file;
use stancemap::ui::sources_view::SourcesView;

const SENTENCE: &str = "The recent summit in Washington was hailed as a historic event by the \
German government, reversing the dynamics of the Trump-Putin summit in Alaska last week.";

fn selected_text(harness: &Harness<'_, StancemapApp>) -> Option<String> {
    let view = harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<SourcesView>()?;
    let range = view.selected_text()?;
    let dataset = harness.state().dataset()?;
    let source = view.source()?;
    Some(dataset.source(source).text.as_ref()?.body[range].to_owned())
}

#[test]
fn a_sentence_coded_by_keyboard_is_undone_redone_and_saved_as_exactly_its_lines() {
    let file = temp_positions("coding", SEED_RON);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness
        .query_all_by_label("Sources")
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the Sources tab")
        .click();
    settle(&mut harness);

    // Find the sentence's first words: the match is selected; Shift+Down takes it to the
    // end of its sentence.
    harness.get_by_label("Find:").click();
    harness.run();
    harness.get_by_label("Find:").type_text("The recent summit");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(
        selected_text(&harness).as_deref(),
        Some("The recent summit")
    );
    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::ArrowDown);
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some(SENTENCE));

    // Enter opens the form with the quote, the source and its date; the actor's field has
    // the keyboard. A new name, Enter, the issue's first letters, Enter: saved.
    harness.key_press(Key::Enter);
    settle(&mut harness);
    harness.get_by_label("New position");
    assert_eq!(
        harness.get_by_label("Quote").value().as_deref(),
        Some(SENTENCE)
    );
    // The form floats beside the sentence: just below (or above) it, over the text's column,
    // not in the inspector at the window's right.
    let passage = harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<SourcesView>()
        .and_then(SourcesView::selected_rect)
        .expect("the sentence is in view");
    let heading = harness.get_by_label("New position").rect();
    let gap = if heading.min.y >= passage.max.y {
        heading.min.y - passage.max.y
    } else {
        passage.min.y - harness.get_by_label("Link").rect().max.y
    };
    assert!(
        (0.0..80.0).contains(&gap),
        "form at {heading:?} to {:?}, passage at {passage:?}",
        harness.get_by_label("Link").rect()
    );
    assert!(heading.min.x < passage.max.x && heading.min.x + 200.0 > passage.min.x);
    harness.get_by_label("Actor").type_text("German government");
    harness.run();
    harness.get_by_label_contains("New actor “German government” (id german-government)");
    // Its kind, a key away.
    harness.key_press_modifiers(egui::Modifiers::ALT, Key::O);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("Issue").type_text("washington");
    harness.run();
    harness.key_press(Key::Enter);
    settle(&mut harness);

    let dataset = harness.state().dataset().expect("dataset");
    assert_eq!(dataset.positions.len(), 26, "one position more");
    let german = dataset
        .find_actor("german-government")
        .expect("the new actor");
    let coded = dataset.positions.last().expect("the new position");
    assert_eq!(coded.actor, german);
    assert_eq!(dataset.issue(coded.issue).id, "washington-summit");
    assert_eq!(coded.quote, SENTENCE);
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Position(stancemap::model::PositionIx(25))),
        "the new position is selected"
    );
    harness.get_by_label_contains("Unsaved changes");

    // Undo takes the actor and the position away together; redo brings them back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    settle(&mut harness);
    let dataset = harness.state().dataset().expect("dataset");
    assert_eq!(dataset.positions.len(), 25);
    assert!(dataset.find_actor("german-government").is_none());
    harness.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    assert_eq!(
        harness.state().dataset().expect("dataset").positions.len(),
        26
    );

    // Save: the file gains exactly the actor's line and the position's lines.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = std::fs::read_to_string(&file.0).expect("saved");
    let backup = std::fs::read_to_string(file.0.with_file_name("positions.ron~")).expect("backup");
    assert_eq!(backup, SEED_RON, "the previous version is kept");
    let old: Vec<&str> = SEED_RON.lines().collect();
    let new: Vec<&str> = saved.lines().collect();
    // Every old line is kept, in order; what is added is the new entries.
    let mut k = 0;
    let mut added = Vec::new();
    for line in &new {
        if k < old.len() && *line == old[k] {
            k += 1;
        } else {
            added.push(*line);
        }
    }
    assert_eq!(k, old.len(), "every line of the original kept:\n{saved}");
    let added = added.join("\n");
    assert!(
        added.contains(
            r#"(id: "german-government", name: "German government", kind: Organization)"#
        ),
        "{added}"
    );
    assert!(added.contains(r#"actor: "german-government""#), "{added}");
    assert!(added.contains(r#"issue: "washington-summit""#), "{added}");
    assert!(added.contains(SENTENCE), "{added}");
    assert_eq!(added.lines().count(), 3, "{added}");
    let reloaded = load_file(&file.0).expect("the saved file loads");
    assert_eq!(&reloaded, harness.state().dataset().expect("dataset"));
    assert!(harness.query_by_label_contains("Unsaved changes").is_none());
}

/// Selects an actor and deletes it with the inspector's buttons (confirming).
fn delete_actor_by_its_buttons(harness: &mut Harness<'static, StancemapApp>, id: &str) {
    let node = actor(harness, id);
    harness.state_mut().select(Some(Selection::Node(node)));
    settle(harness);
    harness.get_by_label("Delete actor").click();
    settle(harness);
    harness.get_by_label("Delete").click();
    settle(harness);
}

/// The window on a file, keeping recovery files in `folder`.
fn window_keeping_recovery(
    file: &std::path::Path,
    folder: &std::path::Path,
) -> Harness<'static, StancemapApp> {
    let source = DataSource::File(file.to_path_buf());
    let folder = folder.to_path_buf();
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            StancemapApp::with_state(&cc.egui_ctx, stancemap::app::AppState::default(), source)
                .with_recovery_dir(Some(folder))
        });
    harness.run();
    harness
}

fn merz_name(harness: &Harness<'_, StancemapApp>) -> String {
    let dataset = harness.state().dataset().expect("dataset");
    dataset
        .actor(dataset.find_actor("merz").expect("merz"))
        .name
        .clone()
}

/// An edit not saved is in the recovery file within a second; the next window on the same
/// file offers it back.
#[test]
fn unsaved_edits_survive_the_window_and_are_offered_back() {
    let file = temp_positions("recovery", SEED_RON);
    let recovery = file.0.parent().expect("dir").join("recovery");
    let open = || window_keeping_recovery(&file.0, &recovery);
    let mut harness = open();
    let merz = actor(&harness, "merz");
    harness.state_mut().select(Some(Selection::Node(merz)));
    settle(&mut harness);
    harness.get_by_label("Edit actor").click();
    settle(&mut harness);
    harness.get_by_label("Name").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Name")
        .type_text("Friedrich Merz (CDU)");
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    assert_eq!(merz_name(&harness), "Friedrich Merz (CDU)");
    wait_until(&mut harness, |_| {
        std::fs::read_dir(&recovery).is_ok_and(|mut d| d.next().is_some())
    });
    // Wait for the worker's atomic write to land, then "crash".
    std::thread::sleep(Duration::from_millis(300));
    drop(harness);
    assert_eq!(std::fs::read_to_string(&file.0).expect("file"), SEED_RON);

    let mut harness = open();
    harness.get_by_label("Restore unsaved edits?");
    harness.get_by_label("Restore").click();
    settle(&mut harness);
    assert_eq!(merz_name(&harness), "Friedrich Merz (CDU)");
    harness.get_by_label_contains("Unsaved changes");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    let saved = std::fs::read_to_string(&file.0).expect("saved");
    let changed: Vec<(&str, &str)> = SEED_RON
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].1.contains("Friedrich Merz (CDU)"));
    assert!(
        std::fs::read_dir(&recovery).is_ok_and(|mut d| d.next().is_none()),
        "saved: the recovery file is gone"
    );
}

/// The hostile fixture edited in the window: an actor whose name is markup and RON syntax is
/// added through the form and saved; the file loads with the name exactly, and the SVG and
/// HTML exports of it show the name as text.
#[test]
fn a_hostile_name_typed_into_the_form_is_saved_and_exported_safely() {
    let hostile = std::fs::read_to_string("tests/fixtures/hostile.ron").expect("fixture");
    let file = temp_positions("hostile-edit", &hostile);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.state_mut().select(None);
    settle(&mut harness);
    let name = "</script><img src=x onerror=alert(1)> \"q\" \\ back\\\\slash ) ], ( r#\"raw\"#";
    harness.get_by_label("Add actor").click();
    settle(&mut harness);
    harness.get_by_label("Name").click();
    harness.get_by_label("Name").type_text(name);
    harness.get_by_label("Id").click();
    harness.get_by_label("Id").type_text("mallory");
    harness.run();
    harness.get_by_label("Save").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);

    let saved = load_file(&file.0).expect("the saved file loads");
    let mallory = saved.find_actor("mallory").expect("the new actor");
    assert_eq!(saved.actor(mallory).name, name, "the name round-trips");
    assert_eq!(&saved, harness.state().dataset().expect("dataset"));
    let dir = file.0.parent().expect("dir");
    for out in ["x.svg", "x.html"] {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_stancemap"))
            .current_dir(dir)
            .args(["export", "positions.ron", "--out", out])
            .status()
            .expect("runs");
        assert!(status.success(), "{out}");
        let text = std::fs::read_to_string(dir.join(out)).expect("written");
        assert!(!text.contains("<img src=x"), "raw markup in {out}");
    }
}

/// A table's unsaved edits are kept too, and come back on a table that did not change; saving
/// them asks for a new RON file (the table is never written over).
#[test]
fn a_tables_unsaved_edits_come_back_and_are_saved_as_a_new_file() {
    let file = temp_positions("recovery-table", "");
    let dir = file.0.parent().expect("dir").to_path_buf();
    let table = dir.join("votes.csv");
    std::fs::write(
        &table,
        "actor,issue,stance,quote\nAlpha,Peace,support,we agree\nBeta,Peace,reject,we do not\n",
    )
    .expect("table");
    let recovery = dir.join("recovery");
    let open = || window_keeping_recovery(&table, &recovery);
    let mut harness = open();
    delete_actor_by_its_buttons(&mut harness, "alpha");
    assert!(
        harness
            .state()
            .dataset()
            .expect("dataset")
            .find_actor("alpha")
            .is_none()
    );
    wait_until(&mut harness, |_| {
        std::fs::read_dir(&recovery).is_ok_and(|mut d| d.next().is_some())
    });
    std::thread::sleep(Duration::from_millis(300));
    drop(harness);

    let mut harness = open();
    harness.get_by_label("Restore").click();
    settle(&mut harness);
    let dataset = harness.state().dataset().expect("dataset");
    assert!(
        dataset.find_actor("alpha").is_none(),
        "the deletion is back"
    );
    assert_eq!(dataset.positions.len(), 1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    harness.get_by_label("Save as a positions file");
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let saved = load_file(&dir.join("votes.ron")).expect("the new RON file loads");
    assert_eq!(&saved, harness.state().dataset().expect("dataset"));
    assert!(
        std::fs::read_to_string(&table)
            .expect("table")
            .contains("Alpha"),
        "the table is untouched"
    );
}

/// A file changed by another program while there are unsaved edits is never reloaded or
/// written over silently: the window asks, and "Keep mine" keeps the edits (Save then asks for
/// a new file); "Reload" shows the file as it is now.
#[test]
fn a_file_changed_on_disk_with_unsaved_edits_asks_first() {
    let file = temp_positions("changed-on-disk", SEED_RON);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    delete_actor_by_its_buttons(&mut harness, "merz");
    assert!(
        harness
            .state()
            .dataset()
            .expect("dataset")
            .find_actor("merz")
            .is_none()
    );

    // Another program rewrites the file (a comment added at the top).
    let theirs = format!("// Edited elsewhere.\n{SEED_RON}");
    std::fs::write(&file.0, &theirs).expect("write");
    let start = Instant::now();
    while harness.query_by_label_contains("changed on disk").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no question asked"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    assert!(
        harness
            .state()
            .dataset()
            .expect("dataset")
            .find_actor("merz")
            .is_none(),
        "nothing reloaded behind the user's back"
    );
    harness.get_by_label("Keep mine").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    settle(&mut harness);
    harness.get_by_label("Save as a positions file");
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(
        std::fs::read_to_string(&file.0).expect("file"),
        theirs,
        "their version is untouched"
    );

    // Another change, and this time "Reload": the file as it is now.
    let again = format!("// Edited again.\n{SEED_RON}");
    std::fs::write(&file.0, &again).expect("write");
    let start = Instant::now();
    while harness.query_by_label("Reload").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no question asked"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    settle(&mut harness);
    harness.get_by_label("Reload").click();
    settle(&mut harness);
    assert!(
        harness
            .state()
            .dataset()
            .expect("dataset")
            .find_actor("merz")
            .is_some()
    );
    assert!(harness.query_by_label_contains("Unsaved changes").is_none());
}
