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
