//! The balance of forces worked by hand on `tests/fixtures/valid/stakeholders.ron`.

// The weights are products of whole numbers divided by 100, exact in binary here (40, 50, 60,
// 20, 30, 0): compared exactly on purpose.
#![allow(clippy::float_cmp)]

use super::*;
use crate::model::{Date, load_str};

fn stakeholders() -> Dataset {
    load_str(
        include_str!("../../../tests/fixtures/valid/stakeholders.ron"),
        "stakeholders.ron",
    )
    .expect("valid")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn weights_shares_and_the_balance_by_hand() {
    let dataset = stakeholders();
    let all: Vec<PositionIx> = dataset.position_ixs().collect();
    let found = balances(&dataset, &all);
    assert_eq!(found.len(), 2);
    let x = &found[0];
    assert_eq!(x.issue, dataset.find_issue("x").expect("x"));
    // Five actors hold a stance; Delta has no influence: left out.
    assert_eq!((x.actors, x.weighted, x.left_out()), (5, 4, 1));
    // w = influence × salience / 100: Alpha 80×50 = 40 (support), Beta 50×100 = 50
    // (condition), Epsilon's latest (neutral) 100×60 = 60, Gamma 20×100 = 20 (reject).
    assert_eq!(x.weights, [40.0, 50.0, 60.0, 20.0]);
    assert!(close(x.total(), 170.0));
    let shares = x.shares();
    assert!(close(shares[0], 40.0 / 170.0) && close(shares[3], 20.0 / 170.0));
    // (40×1 + 50×½ + 60×0 − 20×1) / 170 = 45 / 170.
    assert!(close(x.balance().expect("weighted"), 45.0 / 170.0));
    // The fund: one actor, no salience: nothing weighted, no balance.
    let y = &found[1];
    assert_eq!((y.actors, y.weighted), (1, 0));
    assert_eq!(y.balance(), None);
    assert_eq!(y.shares(), [0.0; 4]);
}

#[test]
fn the_latest_stance_in_the_dates_counts() {
    let dataset = stakeholders();
    // Up to mid-2024 Epsilon's latest stance is its reject of 2024 (salience 10: w = 10).
    let cut = Date::parse("2024-06-01").expect("date");
    let before: Vec<PositionIx> = dataset
        .position_ixs()
        .filter(|&p| dataset.date_of(p).is_none_or(|d| d <= cut))
        .collect();
    let x = balance_of(&dataset, &before, dataset.find_issue("x").expect("x"));
    assert_eq!(x.weights, [40.0, 50.0, 0.0, 30.0]);
    // (40 + 25 − 30) / 120.
    assert!(close(x.balance().expect("weighted"), 35.0 / 120.0));
    // No position on an issue: nothing at all.
    let none = balance_of(&dataset, &[], dataset.find_issue("y").expect("y"));
    assert_eq!((none.actors, none.weighted, none.balance()), (0, 0, None));
}
