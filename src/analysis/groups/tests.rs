//! Tests of the parent module, on cases worked by hand.

// The figures worked by hand (0.5, 0.625, 1) are exact in binary: compared exactly.
#![allow(clippy::float_cmp)]

use super::*;
use crate::analysis::agreement::{Agreement, Measure, Options};
use crate::analysis::network::{Keep, Progress};
use crate::model::load_str;

/// Red: A1, A2, A3; Blue: B1, B2; C has no party. A3 supported X in 2020, rejected it in 2021.
const PARTIES: &str = r#"(title: "Parties",
    actors: [
        (id: "a1", name: "A1", kind: Person, attributes: {"party": "Red"}),
        (id: "a2", name: "A2", kind: Person, attributes: {"party": "Red"}),
        (id: "a3", name: "A3", kind: Person, attributes: {"party": "Red"}),
        (id: "b1", name: "B1", kind: Person, attributes: {"party": "Blue"}),
        (id: "b2", name: "B2", kind: Person, attributes: {"party": "Blue"}),
        (id: "c", name: "C", kind: Person),
    ],
    issues: [(id: "x", name: "X"), (id: "y", name: "Y"), (id: "z", name: "Z")],
    positions: [
        (actor: "a3", issue: "x", stance: Reject, quote: "A3 now against X.", date: "2021-01-01"),
        (actor: "a1", issue: "x", stance: Support, quote: "A1 for X."),
        (actor: "a2", issue: "x", stance: Support, quote: "A2 for X."),
        (actor: "a3", issue: "x", stance: Support, quote: "A3 for X.", date: "2020-01-01"),
        (actor: "b1", issue: "x", stance: Reject, quote: "B1 against X."),
        (actor: "b2", issue: "x", stance: Reject, quote: "B2 against X."),
        (actor: "c", issue: "x", stance: Support, quote: "C for X."),
        (actor: "a1", issue: "y", stance: Condition("if funded"), quote: "A1 for Y if funded."),
        (actor: "a2", issue: "y", stance: Neutral, quote: "A2 abstains on Y."),
        (actor: "a3", issue: "y", stance: Support, quote: "A3 for Y."),
        (actor: "b1", issue: "y", stance: Support, quote: "B1 for Y."),
        (actor: "c", issue: "y", stance: Reject, quote: "C against Y."),
        (actor: "b1", issue: "z", stance: Neutral, quote: "B1 abstains on Z."),
        (actor: "b2", issue: "z", stance: Support, quote: "B2 for Z."),
    ])"#;

fn all(dataset: &Dataset) -> Vec<PositionIx> {
    dataset.position_ixs().collect()
}

#[test]
fn the_agreement_index_by_hand() {
    assert_eq!(agreement_index(1, 0, 0), None);
    assert_eq!(agreement_index(2, 0, 0), Some(1.0));
    // 2 for, 1 against: (2 − 1/2) / 3.
    assert_eq!(agreement_index(2, 1, 0), Some(0.5));
    // An even three-way split: (1 − 2/2) / 3 = 0, the index's floor.
    assert_eq!(agreement_index(1, 1, 1), Some(0.0));
    // 1 and 1: (1 − 1/2) / 2.
    assert_eq!(agreement_index(0, 1, 1), Some(0.25));
}

/// Red on X: A1, A2 for, A3 against (its latest) → 0.5; on Y: A1 (a condition) and A3 for,
/// A2 neutral → 0.5; Red's cohesion 0.5 over 2 issues. Blue on X: both against → 1; on Z: one
/// neutral, one for → 0.25; Y has one Blue stance only. Blue: (1 + 0.25) / 2 = 0.625. C alone
/// is the group "(none)", with no issue of 2 stances.
#[test]
fn cohesion_by_hand() {
    let dataset = load_str(PARTIES, "parties.ron").expect("valid");
    let grouping = Grouping::by(&dataset, "party");
    assert_eq!(grouping.names, ["Blue", "Red", NONE]);
    let figures = figures(&dataset, &all(&dataset), &grouping);
    assert_eq!(figures[0].members, 2);
    assert_eq!(figures[0].issues, 2);
    assert_eq!(figures[0].cohesion, Some(0.625));
    assert_eq!(figures[1].members, 3);
    assert_eq!(figures[1].issues, 2);
    assert_eq!(figures[1].cohesion, Some(0.5));
    assert_eq!(figures[2].members, 1);
    assert_eq!(figures[2].issues, 0);
    assert_eq!(figures[2].cohesion, None);
}

/// Red on X: 2 for, A3 against (its latest): A3 defects. Red on Y: one each of condition,
/// neutral and support: no strict plurality. Blue on Z: a tie. Blue on X and Y: no dissent.
#[test]
fn defections_by_hand() {
    let dataset = load_str(PARTIES, "parties.ron").expect("valid");
    let grouping = Grouping::by(&dataset, "party");
    let found = defections(&dataset, &all(&dataset), &grouping);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(dataset.actor(d.actor).id, "a3");
    assert_eq!(grouping.names[d.group as usize], "Red");
    assert_eq!(dataset.issue(d.issue).id, "x");
    assert_eq!(dataset.position(d.position).quote, "A3 now against X.");
    assert_eq!(d.group_stance, StanceKind::Support);
}

/// Congruence: R1–R2 share X (1); R1–B1 share X and Y (2); R2–B1 share X (1). Red: I = 1,
/// E = 2 + 1 = 3, EI = (3 − 1) / 4 = 0.5. Blue: I = 0, E = 3, EI = 1. The whole network:
/// I = 1, E = 3, EI = 0.5.
#[test]
fn e_i_by_hand() {
    let text = r#"(title: "Ties",
        actors: [
            (id: "r1", name: "R1", kind: Person, attributes: {"party": "Red"}),
            (id: "r2", name: "R2", kind: Person, attributes: {"party": "Red"}),
            (id: "b1", name: "B1", kind: Person, attributes: {"party": "Blue"}),
        ],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "r1", issue: "x", stance: Support, quote: "1"),
            (actor: "r2", issue: "x", stance: Support, quote: "2"),
            (actor: "b1", issue: "x", stance: Support, quote: "3"),
            (actor: "r1", issue: "y", stance: Reject, quote: "4"),
            (actor: "r2", issue: "y", stance: Support, quote: "5"),
            (actor: "b1", issue: "y", stance: Reject, quote: "6"),
        ])"#;
    let dataset = load_str(text, "ties.ron").expect("valid");
    let grouping = Grouping::by(&dataset, "party");
    let positions = all(&dataset);
    let options = Options {
        measure: Measure::Congruence,
        ..Options::default()
    };
    let agreement = Agreement::new(&dataset, positions.iter().copied(), options);
    let groups = network_groups(&grouping, agreement.actors());
    let network = Network::compute_grouped(
        &agreement,
        Keep::default(),
        2,
        &Progress::default(),
        Some(&groups),
    )
    .expect("network");
    let mut figures = figures(&dataset, &positions, &grouping);
    let (within, between) = with_ties(&mut figures, &grouping, &network);
    let (blue, red) = (&figures[0], &figures[1]);
    assert_eq!((red.internal, red.external), (1.0, 3.0));
    assert_eq!(red.ei(), 0.5);
    assert_eq!((blue.internal, blue.external), (0.0, 3.0));
    assert_eq!(blue.ei(), 1.0);
    assert_eq!((within, between), (1.0, 3.0));
    assert_eq!(ei(within, between), 0.5);
    assert_eq!(ei(0.0, 0.0), 0.0);
}
