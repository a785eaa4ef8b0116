//! Tests of the parent module.

use super::*;
use crate::model::load_str;

/// A supports x and rejects y; B supports both; C rejects both and also supports x.
/// A states its support of x twice in one source.
const SMALL: &str = r#"(
    title: "Hand-worked",
    sources: [(id: "s1", title: "One"), (id: "s2", title: "Two")],
    actors: [
        (id: "a", name: "A", kind: Country),
        (id: "b", name: "B", kind: Country),
        (id: "c", name: "C", kind: Country),
        (id: "d", name: "D", kind: Country),
    ],
    issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
    positions: [
        (actor: "a", issue: "x", stance: Support, quote: "a x", source: "s1"),
        (actor: "a", issue: "x", stance: Support, quote: "a x again", source: "s1"),
        (actor: "a", issue: "y", stance: Reject, quote: "a y", source: "s1"),
        (actor: "b", issue: "x", stance: Support, quote: "b x", source: "s1"),
        (actor: "b", issue: "y", stance: Condition("if"), quote: "b y", source: "s2"),
        (actor: "c", issue: "x", stance: Reject, quote: "c x", source: "s1"),
        (actor: "c", issue: "x", stance: Support, quote: "c x later", source: "s2"),
        (actor: "c", issue: "y", stance: Reject, quote: "c y", source: "s2"),
    ],
)"#;

fn matrix(measure: Measure, normalization: Normalization, duplicates: Duplicates) -> Vec<Vec<f64>> {
    let dataset = load_str(SMALL, "small.ron").expect("valid");
    let options = Options {
        measure,
        normalization,
        duplicates,
    };
    let agreement = Agreement::new(&dataset, dataset.position_ixs(), options);
    // D has no position: it is not in the network.
    assert_eq!(agreement.actors().len(), 3);
    agreement.dense()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Counts, by hand (include duplicates): n[a][x][S] = 2, n[a][y][R] = 1; n[b][x][S] = 1,
/// n[b][y][C] = 1; n[c][x][R] = 1, n[c][x][S] = 1, n[c][y][R] = 1.
#[test]
fn congruence_conflict_and_subtract_by_hand() {
    let congruence = matrix(
        Measure::Congruence,
        Normalization::None,
        Duplicates::Include,
    );
    // a–b: x S 2·1 = 2; y R vs C: 0.  a–c: x S 2·1 + y R 1·1 = 3.  b–c: x S 1·1 = 1.
    assert_eq!(
        congruence,
        vec![
            vec![0.0, 2.0, 3.0],
            vec![2.0, 0.0, 1.0],
            vec![3.0, 1.0, 0.0],
        ]
    );
    let conflict = matrix(Measure::Conflict, Normalization::None, Duplicates::Include);
    // a–b: none (a condition is no support).  a–c: x a S 2 · c R 1 = 2.  b–c: x 1·1 = 1.
    assert_eq!(
        conflict,
        vec![
            vec![0.0, 0.0, 2.0],
            vec![0.0, 0.0, 1.0],
            vec![2.0, 1.0, 0.0],
        ]
    );
    let subtract = matrix(Measure::Subtract, Normalization::None, Duplicates::Include);
    assert_eq!(
        subtract,
        vec![
            vec![0.0, 2.0, 1.0],
            vec![2.0, 0.0, 0.0],
            vec![1.0, 0.0, 0.0],
        ]
    );
}

/// `N_a` = 3, `N_b` = 2, `N_c` = 3.
#[test]
fn normalisations_by_hand() {
    let average = matrix(
        Measure::Congruence,
        Normalization::Average,
        Duplicates::Include,
    );
    assert!(close(average[0][1], 2.0 / 2.5));
    assert!(close(average[0][2], 3.0 / 3.0));
    assert!(close(average[1][2], 1.0 / 2.5));
    // Jaccard a–c: a's cells (x,S)=2, (y,R)=1; c's (x,R)=1, (x,S)=1, (y,R)=1.
    // m10 = 0 (c has both of a's cells), m01 = 1 ((x,R)), m11 = 2·1 + 1·1 = 3 → 3 / 4.
    let jaccard = matrix(
        Measure::Congruence,
        Normalization::Jaccard,
        Duplicates::Include,
    );
    assert!(close(jaccard[0][2], 3.0 / 4.0), "{}", jaccard[0][2]);
    // a–b: m10 = 1 ((y,R)), m01 = 1 ((y,C)), m11 = 2 → 2 / 4.
    assert!(close(jaccard[0][1], 2.0 / 4.0));
    let cosine = matrix(
        Measure::Congruence,
        Normalization::Cosine,
        Duplicates::Include,
    );
    assert!(close(cosine[0][2], 3.0 / 9.0));
    assert!(close(cosine[0][1], 2.0 / 6.0));
    // Conflict takes the same denominators.
    let conflict = matrix(
        Measure::Conflict,
        Normalization::Average,
        Duplicates::Include,
    );
    assert!(close(conflict[0][2], 2.0 / 3.0));
}

#[test]
fn one_position_per_actor_issue_stance_and_source() {
    // a's second support of x in the same source no longer counts: n[a][x][S] = 1.
    let congruence = matrix(Measure::Congruence, Normalization::None, Duplicates::Source);
    assert!(close(congruence[0][1], 1.0));
    assert!(close(congruence[0][2], 2.0));
    let symmetric = (0..3).all(|i| (0..3).all(|j| close(congruence[i][j], congruence[j][i])));
    assert!(symmetric);
}

/// A states "same" three times (and once more in other words), B once; A also sets two
/// conditions in one sentence, which differ by their condition text, and C rejects.
const REPEATS: &str = r#"(
    title: "Repeats",
    actors: [
        (id: "a", name: "A", kind: Country),
        (id: "b", name: "B", kind: Country),
        (id: "c", name: "C", kind: Country),
    ],
    issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
    positions: [
        (actor: "b", issue: "x", stance: Support, quote: "same"),
        (actor: "a", issue: "x", stance: Support, quote: "same"),
        (actor: "a", issue: "x", stance: Support, quote: "same"),
        (actor: "a", issue: "x", stance: Support, quote: "other words"),
        (actor: "a", issue: "x", stance: Support, quote: "same"),
        (actor: "a", issue: "y", stance: Condition("if"), quote: "q"),
        (actor: "a", issue: "y", stance: Condition("unless"), quote: "q"),
        (actor: "c", issue: "x", stance: Reject, quote: "no"),
        (actor: "c", issue: "x", stance: Reject, quote: "no"),
    ],
)"#;

/// By hand: A's "same" on x is stated 3 times (2 repeats), C's "no" twice (1 repeat); B's
/// "same" is another actor's, A's two conditions differ in their text: 3 repeats, the most
/// repeated A's (position 1), 3 times.
#[test]
fn exact_repeats_are_counted_and_counted_once_on_request() {
    let dataset = load_str(REPEATS, "repeats.ron").expect("valid");
    let repeats = Repeats::of(&dataset, dataset.position_ixs());
    assert_eq!(repeats.count, 3);
    assert_eq!(repeats.most, Some((PositionIx(1), 3)));
    assert_eq!(
        repeats.note(&dataset).as_deref(),
        Some(
            "3 positions are exact repeats of another (same actor, issue, stance and quote), e.g. A on X ×3"
        )
    );
    let matrix = |duplicates| {
        let options = Options {
            measure: Measure::Subtract,
            normalization: Normalization::None,
            duplicates,
        };
        let agreement = Agreement::new(&dataset, dataset.position_ixs(), options);
        (agreement.activity(0), agreement.dense())
    };
    // Slots in dataset order: a, b, c. Every position: n[a][x][S] = 4, n[c][x][R] = 2, so
    // a–b = 4·1 = 4, a–c = −4·2 = −8, b–c = −1·2 = −2; N_a = 6.
    let (activity, every) = matrix(Duplicates::Include);
    assert_eq!(activity, 6);
    assert_eq!(every[0], vec![0.0, 4.0, -8.0]);
    assert!(close(every[1][2], -2.0));
    // Once: n[a][x][S] = 2 ("same", "other words"), n[c][x][R] = 1; the two conditions stay.
    let (activity, once) = matrix(Duplicates::Once);
    assert_eq!(activity, 4);
    assert_eq!(once[0], vec![0.0, 2.0, -2.0]);
    assert!(close(once[1][2], -1.0));
    // Nothing repeated: nothing to report.
    let b = dataset.find_actor("b").expect("b");
    let only_b = dataset
        .position_ixs()
        .filter(|&p| dataset.position(p).actor == b);
    assert_eq!(Repeats::of(&dataset, only_b), Repeats::default());
}

#[test]
fn nothing_to_count_gives_an_empty_network() {
    let dataset = load_str(SMALL, "small.ron").expect("valid");
    let agreement = Agreement::new(&dataset, std::iter::empty(), Options::default());
    assert!(agreement.actors().is_empty());
    assert!(agreement.dense().is_empty());
    // One actor alone: a 1 × 1 matrix of 0, not NaN.
    let alone = dataset.find_actor("b").expect("b");
    let only_b = dataset
        .position_ixs()
        .filter(|&p| dataset.position(p).actor == alone);
    let options = Options {
        normalization: Normalization::Jaccard,
        ..Options::default()
    };
    assert_eq!(
        Agreement::new(&dataset, only_b, options).dense(),
        vec![vec![0.0]]
    );
}
