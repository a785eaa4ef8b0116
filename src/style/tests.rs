//! Tests of the parent module.

use super::{
    clear_of_overlaps, label_size, names_shown, shorten_keeping_tail, wrap_label, wrapped_labels,
};

#[test]
fn a_long_name_keeps_its_distinguishing_tail() {
    // One unit per character: easy to count by hand.
    let count = |s: &str| s.chars().count() as f32;
    let name = "Human rights, globalization and their impact (R/63/176)";
    assert_eq!(shorten_keeping_tail(name, 100.0, count), name);
    let short = shorten_keeping_tail(name, 30.0, count);
    assert_eq!(short, "Human rights, glob… (R/63/176)");
    assert_eq!(short.chars().count(), 30);
    assert_eq!(
        shorten_keeping_tail("Peace talks in Geneva 2025", 16.0, count),
        "Peace talk… 2025"
    );
    assert_eq!(
        shorten_keeping_tail("Bosnia and Herzegovina", 12.0, count),
        "Bosnia and…"
    );
    // The tail alone does not fit: cut from the end.
    let cut = shorten_keeping_tail("Kampuchea (a very long parenthesis)", 10.0, count);
    assert!(count(&cut) <= 10.0 && cut.starts_with("Kampu"), "{cut}");
}

#[test]
fn labels_wrapped_together_are_those_wrapped_one_by_one() {
    let names: Vec<String> = [
        "NATO",
        "",
        "U.S. strategic enablers for a European-led deployment",
        "中华人民共和国常驻联合国代表团",
        "جامعة الدول العربية",
        "An issue with a name so long that it is wrapped onto more lines than a label may have at all",
    ]
    .iter()
    .cycle()
    .take(2400)
    .enumerate()
    .map(|(i, name)| format!("{name} {i}"))
    .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let together = wrapped_labels(&refs);
    assert_eq!(together.len(), names.len());
    for (name, (lines, size)) in names.iter().zip(&together) {
        let alone = wrap_label(name);
        assert_eq!(lines, &alone, "{name}");
        assert!((*size - label_size(&alone)).length() < 1e-3, "{name}");
    }
}

#[test]
fn names_are_shown_every_nth_and_always_the_forced_ones() {
    // Rows of 14 points, names of 14: every row named.
    assert_eq!(names_shown(3..8, 14.0, 14.0, &[]), vec![3, 4, 5, 6, 7]);
    // Rows of 7 points: every second, counted from row 0 (so 4 and 6 of 3..8).
    assert_eq!(names_shown(3..8, 7.0, 14.0, &[]), vec![4, 6]);
    // Rows of 3 points: 14 / 3 = 4.7, every fifth.
    assert_eq!(names_shown(0..21, 3.0, 14.0, &[]), vec![0, 5, 10, 15, 20]);
    // Row 12 selected: named, and rows 10 and 15 (nearer than 5 places) left out.
    assert_eq!(names_shown(0..21, 3.0, 14.0, &[12]), vec![0, 5, 12, 20]);
    // The selected (12) and a search match (14) too near it: the match gives way; another
    // match (2) is named and its regular neighbour 0 and 5 left out.
    assert_eq!(names_shown(0..21, 3.0, 14.0, &[12, 14, 2]), vec![2, 12, 20]);
    // A forced name out of range is not written; nothing out of range is.
    assert_eq!(names_shown(5..11, 3.0, 14.0, &[30]), vec![5, 10]);
    assert!(names_shown(5..5, 3.0, 14.0, &[5]).is_empty());
}

#[test]
fn names_that_would_overlap_give_way_to_forced_ones() {
    // A first name moved down onto the second, a forced third name, a fourth clear of all.
    let spans = [
        (0.0, 16.0, false),
        (10.0, 26.0, false),
        (30.0, 46.0, true),
        (40.0, 56.0, false),
        (60.0, 76.0, false),
    ];
    assert_eq!(
        clear_of_overlaps(&spans),
        vec![true, false, true, false, true]
    );
    // Touching is not overlapping.
    assert_eq!(
        clear_of_overlaps(&[(0.0, 16.0, false), (16.0, 32.0, false)]),
        vec![true, true]
    );
    assert!(clear_of_overlaps(&[]).is_empty());
}
