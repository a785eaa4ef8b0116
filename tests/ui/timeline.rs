//! The timeline: marks of one day never hide each other, and the selection's row is brought
//! into view and marked.

use std::fmt::Write as _;

use super::*;

#[test]
fn the_selected_actor_s_row_is_scrolled_into_view() {
    // Sixty actors, each with a dated position: more rows than the window shows.
    let mut text = String::from("(title: \"Rows\", actors: [");
    for k in 0..60 {
        let _ = write!(
            text,
            "(id: \"a{k}\", name: \"Actor {k:02}\", kind: Country),"
        );
    }
    text.push_str("], issues: [(id: \"x\", name: \"X\")], positions: [");
    for k in 0..60 {
        let _ = write!(
            text,
            "(actor: \"a{k}\", issue: \"x\", stance: Support, quote: \"q\", date: \"2020-01-{:02}\"),",
            k % 28 + 1
        );
    }
    text.push_str("])");
    let file = temp_positions("timeline-rows", &text);
    let mut harness = harness_on(DataSource::File(file.0.clone()));
    harness.get_by_label("Timeline").click();
    settle(&mut harness);
    harness.get_by_label("Actor: Actor 00");
    assert!(harness.query_by_label("Actor: Actor 59").is_none());
    let a = harness
        .state()
        .dataset()
        .expect("dataset")
        .find_actor("a59")
        .expect("actor");
    harness
        .state_mut()
        .select(Some(Selection::Node(Node::Actor(a))));
    settle(&mut harness);
    harness.get_by_label("Actor: Actor 59");
    // The key says what a bar of several marks is.
    harness.get_by_label_contains("a bar split by stance");
}
