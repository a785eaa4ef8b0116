//! The matrix: names beside every fitted matrix, the selection marked and named, long names
//! shortened keeping what tells them apart, one issue a readable column.

use std::fmt::Write as _;

use super::*;
use stancemap::ui::matrix_view::MatrixView;

/// 150 countries on three issues, one with a long name whose end tells it apart.
fn many_rows() -> String {
    let mut text = String::from("(title: \"Rows\", actors: [");
    for k in 0..150 {
        let _ = write!(
            text,
            "(id: \"c{k}\", name: \"Country {k:03}\", kind: Country),"
        );
    }
    text.push_str(
        "], issues: [(id: \"x\", name: \"Human rights, globalization and its impact on the full \
         enjoyment of all human rights (R/63/176)\"), (id: \"y\", name: \"Why\"), \
         (id: \"z\", name: \"Zed\")], positions: [",
    );
    for k in 0..150 {
        for (i, issue) in ["x", "y", "z"].iter().enumerate() {
            let stance = if (k + i) % 3 == 0 {
                "Reject"
            } else {
                "Support"
            };
            let _ = write!(
                text,
                "(actor: \"c{k}\", issue: \"{issue}\", stance: {stance}, quote: \"q\"),"
            );
        }
    }
    text.push_str("])");
    text
}

fn matrix_view<'a>(harness: &'a Harness<'_, StancemapApp>) -> &'a MatrixView {
    harness
        .state()
        .current_view()
        .as_any()
        .downcast_ref::<MatrixView>()
        .expect("the matrix view")
}

#[test]
fn a_fitted_matrix_names_its_rows_and_columns_and_always_the_selected_actor() {
    let file = temp_positions("matrix-rows", &many_rows());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    let (rows, columns) = matrix_view(&harness).painted_names();
    // 150 rows do not all fit at 1280×800: every n-th is named, and some are.
    assert!(
        rows.len() > 10 && rows.len() < 150,
        "{} rows named",
        rows.len()
    );
    assert_eq!(columns.len(), 3, "{columns:?}");
    // The long issue name keeps its distinguishing end.
    let long = columns
        .iter()
        .find(|c| c.starts_with("Human"))
        .expect("the long issue named");
    assert!(long.contains('…') && long.ends_with("(R/63/176)"), "{long}");
    // The cells fill the width: three columns share the body, no narrow strip.
    let cell = matrix_view(&harness).cell_size();
    assert!(cell.x >= 40.0, "cell {cell:?}");

    // An actor whose row is not among the named ones, selected elsewhere, is named too.
    let unnamed = (0..150)
        .map(|k| format!("Country {k:03}"))
        .find(|name| !rows.contains(name))
        .expect("an unnamed row");
    let dataset = harness.state().dataset().expect("dataset");
    let a = dataset
        .actors
        .iter()
        .position(|x| x.name == unnamed)
        .expect("the actor");
    let node = Node::Actor(stancemap::model::ActorIx(a as u32));
    harness.state_mut().select(Some(Selection::Node(node)));
    settle(&mut harness);
    let (rows, _) = matrix_view(&harness).painted_names();
    assert!(rows.contains(&unnamed), "{unnamed} not in {rows:?}");
}

#[test]
fn one_issue_is_a_readable_column_not_a_strip() {
    let mut harness = seed_harness();
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    show_only_ground_troops(&mut harness);
    harness.get_by_label("Fit").click();
    settle(&mut harness);
    let cell = matrix_view(&harness).cell_size();
    assert!(
        (18.0..=60.0).contains(&cell.x),
        "one column {cell:?} wide: neither a strip nor a slab"
    );
    let (rows, columns) = matrix_view(&harness).painted_names();
    assert_eq!(columns.len(), 1);
    assert_eq!(rows.len(), 3, "{rows:?}");
}

/// 40 countries on 120 roll calls named as the UN names them (a topic, then the resolution).
fn many_columns() -> String {
    let mut text = String::from("(title: \"Columns\", actors: [");
    for k in 0..40 {
        let _ = write!(
            text,
            "(id: \"c{k}\", name: \"Country {k:02}\", kind: Country),"
        );
    }
    text.push_str("], issues: [");
    for i in 0..120 {
        let _ = write!(
            text,
            "(id: \"r{i}\", name: \"Human rights, globalization and its impact (R/63/{i})\"),"
        );
    }
    text.push_str("], positions: [");
    for k in 0..40 {
        for i in 0..120 {
            let stance = ["Support", "Reject", "Neutral"][(k * 7 + i) % 3];
            let _ = write!(
                text,
                "(actor: \"c{k}\", issue: \"r{i}\", stance: {stance}, quote: \"q\"),"
            );
        }
    }
    text.push_str("])");
    text
}

#[test]
fn a_filter_to_one_issue_fits_the_cells_again_without_asking() {
    let file = temp_positions("matrix-columns", &many_columns());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    let cell = matrix_view(&harness).cell_size();
    assert!(cell.x < 10.0, "120 columns share the width: {cell:?}");
    let (_, columns) = matrix_view(&harness).painted_names();
    // Not every column is named, and every name named keeps its resolution number.
    assert!(columns.len() > 5 && columns.len() < 120, "{columns:?}");
    assert!(
        columns
            .iter()
            .all(|c| c.ends_with(')') && c.contains("(R/63/")),
        "{columns:?}"
    );

    // Only one roll call: the cells fit again, no "Fit" needed.
    let name = "Human rights, globalization and its impact (R/63/1)";
    harness.get_by_label("None").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::Role::CheckBox, name)
        .click();
    settle(&mut harness);
    let cell = matrix_view(&harness).cell_size();
    assert!(
        (40.0..=60.0).contains(&cell.x),
        "one column {cell:?} wide: neither a strip nor a slab"
    );
    // 40 rows fill the height: at least every second one is named.
    assert!(cell.y >= 10.0, "{cell:?}");
    let (rows, columns) = matrix_view(&harness).painted_names();
    assert_eq!(columns.len(), 1, "{columns:?}");
    assert!(
        columns[0].starts_with("Human rights") && columns[0].ends_with("(R/63/1)"),
        "{columns:?}"
    );
    assert!(rows.len() >= 20, "{rows:?}");
}

#[test]
fn a_searched_actor_and_a_selected_cell_s_row_and_column_are_named() {
    let file = temp_positions("matrix-search", &many_rows());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    let (rows, _) = matrix_view(&harness).painted_names();
    let mut unnamed = (0..150)
        .map(|k| format!("Country {k:03}"))
        .filter(|name| !rows.contains(name));
    let searched = unnamed.next().expect("an unnamed row");
    let selected = unnamed.nth(3).expect("another unnamed row");

    // The search's match is named though every n-th row is.
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text(&searched);
    settle(&mut harness);
    let (rows, _) = matrix_view(&harness).painted_names();
    assert!(rows.contains(&searched), "{searched} not in {rows:?}");

    // A selected cell names its actor and its issue.
    let dataset = harness.state().dataset().expect("dataset");
    let a = dataset
        .actors
        .iter()
        .position(|x| x.name == selected)
        .expect("the actor");
    let i = dataset.find_issue("z").expect("the issue");
    let pair = Selection::Pair(stancemap::model::ActorIx(a as u32), i);
    harness.state_mut().select(Some(pair));
    settle(&mut harness);
    let (rows, columns) = matrix_view(&harness).painted_names();
    assert!(rows.contains(&selected), "{selected} not in {rows:?}");
    assert!(columns.contains(&"Zed".to_owned()), "{columns:?}");
}

#[test]
fn the_legend_says_in_plain_words_what_a_colour_means() {
    let file = temp_positions("matrix-legend", DATED_VOTES);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    for words in [
        "for",
        "against",
        "for, on a condition",
        "neutral or abstained",
        "blank: no position",
    ] {
        harness.get_by_label(words);
    }
    // B said two things on X: the legend says what the count in its square means.
    harness.get_by_label(stancemap::style::MATRIX_SEVERAL);

    // A file with one position a square has no counts to explain.
    let file = temp_positions("matrix-legend-once", &many_rows());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    harness.get_by_label("for");
    assert!(
        harness
            .query_by_label(stancemap::style::MATRIX_SEVERAL)
            .is_none()
    );
}

#[test]
fn a_click_on_an_unnamed_row_or_column_selects_it_and_only_named_ones_are_widgets() {
    let file = temp_positions("matrix-unnamed-click", &many_columns());
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Matrix").click();
    settle(&mut harness);
    let (_, columns) = matrix_view(&harness).painted_names();
    let headers = harness.get_all_by_role(egui::Role::ColumnHeader).count();
    // Only the written names are widgets: a frame of many columns builds a few.
    assert!(headers < 120, "{headers} column headers");
    assert!(headers >= columns.len(), "{headers} < {}", columns.len());

    // The first column is named; the one right of it is not: a click there selects its issue.
    let cell = matrix_view(&harness).cell_size();
    let first = harness
        .get_by_label("Issue: Human rights, globalization and its impact (R/63/0)")
        .rect();
    assert!(
        harness
            .query_by_label("Issue: Human rights, globalization and its impact (R/63/1)")
            .is_none()
    );
    let at = egui::pos2(first.center().x + cell.x, first.center().y);
    click_at(&mut harness, at);
    let dataset = harness.state().dataset().expect("dataset");
    let r1 = dataset.find_issue("r1").expect("r1");
    assert_eq!(
        harness.state().selection(),
        Some(Selection::Node(Node::Issue(r1)))
    );
}
