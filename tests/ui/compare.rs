//! The compare panel: no error before input, the changes first and the rest folded, and a
//! plain word when nothing could have changed.

use super::*;

#[test]
fn compare_on_a_file_without_dates_shows_no_error() {
    let mut harness = seed_harness();
    harness.get_by_label("Compare").click();
    harness.run();
    harness.get_by_label("No position of this file has a date: compare it with another file.");
    assert!(harness.query_by_label_contains("Before:").is_none());
    assert!(harness.query_by_label_contains("not a date").is_none());
}

/// A changes from support to reject; B and C are stated only after the first day.
const CHANGES: &str = r#"(title: "Changes",
    actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country),
             (id: "c", name: "C", kind: Country)],
    issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
    positions: [
        (actor: "a", issue: "x", stance: Support, quote: "a yes", date: "2020-01-01"),
        (actor: "a", issue: "x", stance: Reject, quote: "a no", date: "2021-01-01"),
        (actor: "b", issue: "y", stance: Support, quote: "b yes", date: "2021-01-01"),
        (actor: "c", issue: "y", stance: Support, quote: "c yes", date: "2021-01-01"),
    ])"#;

fn compare_dates(
    name: &str,
    text: &str,
    before: &str,
    after: &str,
) -> (TempFile, Harness<'static, StancemapApp>) {
    let file = temp_positions(name, text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Compare").click();
    harness.run();
    for (label, value) in [("Before date", before), ("After date", after)] {
        harness.get_by_label(label).click();
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::A);
        harness.get_by_label(label).type_text(value);
        settle(&mut harness);
    }
    let start = Instant::now();
    while harness.query_by_label_contains(" changed · ").is_none() {
        assert!(start.elapsed() < Duration::from_secs(10), "no comparison");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    settle(&mut harness);
    (file, harness)
}

#[test]
fn the_changes_come_first_and_the_added_pairs_are_folded_with_their_count() {
    let (_file, harness) = compare_dates("compare-changes", CHANGES, "2020-06-01", "2021-06-01");
    let summary = harness
        .get_by_label_contains(" changed · ")
        .accesskit_node()
        .value();
    let fields = (
        harness.get_by_label("Before date").value(),
        harness.get_by_label("After date").value(),
    );
    assert_eq!(
        summary.as_deref(),
        Some("1 changed · 2 added · 0 removed"),
        "{fields:?}"
    );
    let changed = harness.get_by_label_contains("Changed (1)").rect();
    let added = harness.get_by_label_contains("Added (2)").rect();
    assert!(changed.top() < added.top());
    // The change is listed; the added pairs are folded away.
    harness.get_by_label_contains("A: Support, then Reject");
    assert!(harness.query_by_label_contains("B: added").is_none());
}

#[test]
fn a_file_of_one_date_per_issue_says_why_nothing_changed() {
    // Each issue stated on one day, as each UN roll call is.
    let text = r#"(title: "Roll calls",
        actors: [(id: "a", name: "A", kind: Country)],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "yes", date: "2020-01-01"),
            (actor: "a", issue: "y", stance: Reject, quote: "no", date: "2021-01-01"),
        ])"#;
    let (_file, harness) = compare_dates("compare-one-date", text, "2020-06-01", "2021-06-01");
    harness.get_by_label("0 changed · 1 added · 0 removed");
    harness.get_by_label_contains("no issue has positions on both sides of 2020-06-01");
}

#[test]
fn the_balance_of_forces_moved_is_listed() {
    let (_file, harness) = compare_dates(
        "compare-balance",
        include_str!("../fixtures/valid/stakeholders.ron"),
        "2024-06-01",
        "2025-06-01",
    );
    harness.get_by_label("Balance of forces moved");
    // (40 + 25 − 20 − 10) / 120 then, (40 + 25 − 20) / 170 now: worked in the balance's tests.
    harness.get_by_label("The treaty: +0.29 then, +0.26 now (4 of 5 actors weighed)");
}
