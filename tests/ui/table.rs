//! The table: columns sized to their content, the quote taking the rest, a selected row
//! showing its quote whole.

use super::*;

#[test]
fn a_selected_row_grows_to_show_its_quote_whole_and_empty_columns_stay_narrow() {
    let mut harness = seed_harness();
    harness.get_by_label("Table").click();
    harness.run();
    // Sorted by actor, as a reader would to find Donald Trump.
    harness.get_by_label("Actor").click();
    harness.run();
    let quote = "While President Trump publicly stated no American troops would be deployed in \
                 Ukraine, senior U.S. officials have indicated readiness to provide critical \
                 enabling capabilities to back European forces.";
    let cell = |h: &Harness<'_, StancemapApp>| {
        h.get_all_by_role(egui::Role::Cell)
            .find(|n| n.accesskit_node().label().as_deref() == Some(quote))
            .expect("the quote's cell")
            .rect()
    };
    let before = cell(&harness);
    // The seed's positions have no date of their own: the Date column is as narrow as its
    // header, the quote much wider.
    let date = harness.get_by_label("Date").rect();
    assert!(date.width() < 90.0, "date column {date:?}");
    assert!(
        before.width() > 2.0 * date.width(),
        "quote column {before:?}"
    );
    // Click the row (its date cell, empty, three before its quote's: a cell's text reaches
    // past a narrow column, so a name's middle may be on the column's resize handle).
    let k = harness
        .get_all_by_role(egui::Role::Cell)
        .position(|n| n.accesskit_node().label().as_deref() == Some(quote))
        .expect("the quote's cell");
    harness
        .get_all_by_role(egui::Role::Cell)
        .nth(k - 2)
        .expect("the row's date cell")
        .click();
    harness.run();
    assert!(
        matches!(harness.state().selection(), Some(Selection::Position(_))),
        "{:?} after clicking cell {k}",
        harness.state().selection()
    );
    let after = cell(&harness);
    assert!(
        after.height() > 2.0 * before.height(),
        "the selected row shows its quote on several lines: {before:?} → {after:?}"
    );
}
