//! The balance of forces on an issue: the stances of the actors who hold one, weighted by how
//! much each can move the outcome and how much the issue matters to it. The definitions,
//! exactly (the README's "The balance of forces"):
//!
//! - An actor's stance on an issue is its latest position on it among the positions given
//!   (the filter and dates): by date, undated before dated, equal dates the later in the file.
//! - Its weight is w = influence × salience / 100, with its influence and the salience of
//!   that latest position; an actor without either is left out (and counted as such).
//! - Its score: +1 support, +½ condition, 0 neutral, −1 reject.
//! - The weights are summed by stance; the weighted balance is Σ w·score / Σ w, from −1 (all
//!   weight against) to +1 (all for), and none when no weight is counted (Σ w = 0).
//!
//! It is the weighted mean of the compromise model (Achen 2006) taken over stated stances: a
//! summary of the recorded weights, not a forecast unless influence and salience are good.

use std::collections::BTreeMap;

use super::pairs::latest_by_issue;
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};

/// The stances in the order the balance lists them: for, for on a condition, neither, against.
pub const ORDER: [StanceKind; 4] = [
    StanceKind::Support,
    StanceKind::Condition,
    StanceKind::Neutral,
    StanceKind::Reject,
];

/// A stance's score.
pub fn score(stance: StanceKind) -> f64 {
    match stance {
        StanceKind::Support => 1.0,
        StanceKind::Condition => 0.5,
        StanceKind::Neutral => 0.0,
        StanceKind::Reject => -1.0,
    }
}

/// The balance of forces on one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct Balance {
    /// The issue.
    pub issue: IssueIx,
    /// The actors holding a stance on it.
    pub actors: usize,
    /// Of them, those with both an influence and a salience (the others are left out).
    pub weighted: usize,
    /// The sums of the weights by stance, in [`ORDER`].
    pub weights: [f64; 4],
}

impl Balance {
    /// The actors left out for a missing influence or salience.
    pub fn left_out(&self) -> usize {
        self.actors - self.weighted
    }

    /// All the weight counted.
    pub fn total(&self) -> f64 {
        self.weights.iter().sum()
    }

    /// Each stance's share of the weight, in [`ORDER`] (all 0 when none is counted).
    pub fn shares(&self) -> [f64; 4] {
        let total = self.total();
        if total > 0.0 {
            self.weights.map(|w| w / total)
        } else {
            [0.0; 4]
        }
    }

    /// Σ w·score / Σ w, from −1 to +1; `None` when no weight is counted.
    pub fn balance(&self) -> Option<f64> {
        let total = self.total();
        (total > 0.0).then(|| {
            ORDER
                .iter()
                .zip(self.weights)
                .map(|(&s, w)| score(s) * w)
                .sum::<f64>()
                / total
        })
    }
}

/// The balance on each issue some of `positions` is on, in the file's order of issues.
pub fn balances(dataset: &Dataset, positions: &[PositionIx]) -> Vec<Balance> {
    let mut by_actor: BTreeMap<ActorIx, Vec<PositionIx>> = BTreeMap::new();
    for &p in positions {
        by_actor
            .entry(dataset.position(p).actor)
            .or_default()
            .push(p);
    }
    let mut by_issue: BTreeMap<IssueIx, Balance> = BTreeMap::new();
    for (actor, list) in by_actor {
        let influence = dataset.actor(actor).influence;
        for (issue, p) in latest_by_issue(dataset, list) {
            let balance = by_issue.entry(issue).or_insert(Balance {
                issue,
                actors: 0,
                weighted: 0,
                weights: [0.0; 4],
            });
            balance.actors += 1;
            let position = dataset.position(p);
            if let (Some(influence), Some(salience)) = (influence, position.salience) {
                balance.weighted += 1;
                let k = ORDER
                    .iter()
                    .position(|&s| s == position.stance.kind())
                    .unwrap_or(0);
                balance.weights[k] += f64::from(influence) * f64::from(salience) / 100.0;
            }
        }
    }
    by_issue.into_values().collect()
}

/// The balance on one issue (the issue's inspector, the matrix's column head).
pub fn balance_of(dataset: &Dataset, positions: &[PositionIx], issue: IssueIx) -> Balance {
    let on: Vec<PositionIx> = positions
        .iter()
        .copied()
        .filter(|&p| dataset.position(p).issue == issue)
        .collect();
    balances(dataset, &on)
        .into_iter()
        .next()
        .unwrap_or(Balance {
            issue,
            actors: 0,
            weighted: 0,
            weights: [0.0; 4],
        })
}

/// How an issue's balance moved between two sides of a comparison (two dates of one file, or
/// two files, issues matched by id).
#[derive(Clone, Debug, PartialEq)]
pub struct Moved {
    /// The issue's name (on the later side when it has it).
    pub issue: String,
    /// The balance before and after (none where nothing is weighed).
    pub before: Option<f64>,
    /// After.
    pub after: Option<f64>,
    /// Actors weighed after, of those holding a stance.
    pub weighed: (usize, usize),
}

/// The issues whose weighted balance differs between `before` and `after`, in the later
/// file's order of issues (then the earlier's issues it lacks).
pub fn moved(before: (&Dataset, &[PositionIx]), after: (&Dataset, &[PositionIx])) -> Vec<Moved> {
    let old: std::collections::HashMap<&str, Balance> = balances(before.0, before.1)
        .into_iter()
        .map(|b| (before.0.issue(b.issue).id.as_str(), b))
        .collect();
    let new = balances(after.0, after.1);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for b in &new {
        let issue = after.0.issue(b.issue);
        seen.insert(issue.id.as_str());
        let then = old.get(issue.id.as_str()).and_then(Balance::balance);
        if then != b.balance() {
            out.push(Moved {
                issue: issue.name.clone(),
                before: then,
                after: b.balance(),
                weighed: (b.weighted, b.actors),
            });
        }
    }
    for b in balances(before.0, before.1) {
        let issue = before.0.issue(b.issue);
        if !seen.contains(issue.id.as_str()) && b.balance().is_some() {
            out.push(Moved {
                issue: issue.name.clone(),
                before: b.balance(),
                after: None,
                weighed: (0, 0),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
