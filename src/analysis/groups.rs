//! What groups do: actors grouped by an attribute (a party, a region), each group's cohesion,
//! its ties within and beyond it (the E-I index), and the members who break ranks.
//!
//! Definitions (the README's "Groups" section says the same):
//! - A member's stance on an issue is their latest position on it among the positions given
//!   (by date, undated before dated; equal dates: the later in the file).
//! - Actors without the attribute form the group [`NONE`].
//! - **Cohesion** of a group on an issue where at least 2 members hold a stance: the Agreement
//!   Index of Hix, Noury and Roland, AI = (max(S,R,N) − (T − max(S,R,N)) / 2) / T, with S
//!   members at Support or Condition, R at Reject, N at Neutral, T = S + R + N. A group's
//!   cohesion is the mean over those issues.
//! - **E-I index** (Krackhardt and Stern) on an agreement network, over its ties of positive
//!   weight: for a group, I is the sum of the weights of ties between two of its members, E of
//!   ties between a member and a non-member, EI = (E − I) / (E + I), 0 when both are 0; for the
//!   whole network, the same over all ties (I within groups, E between).
//! - **Defections**: where a group's members on an issue have a strict plurality stance (one
//!   of Support, Reject, Neutral, Condition held by more members than any other), every
//!   member whose stance differs is a defection.

use std::collections::{BTreeMap, HashMap};

use super::network::Network;
use super::pairs::latest_by_issue;
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};

/// The group of the actors without the attribute: `(none)`.
pub use crate::model::NO_VALUE as NONE;

/// Actors grouped by the values of one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    /// The attribute.
    pub attribute: String,
    /// The groups' names: the attribute's values in order, then [`NONE`] when some actor has
    /// no value.
    pub names: Vec<String>,
    /// Each actor's group (by actor index).
    pub of_actor: Vec<u32>,
}

impl Grouping {
    /// The dataset's actors grouped by `attribute`.
    pub fn by(dataset: &Dataset, attribute: &str) -> Self {
        let mut names: Vec<String> = dataset
            .actors
            .iter()
            .filter_map(|a| a.attributes.get(attribute).cloned())
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .collect();
        let index: HashMap<&str, u32> = names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), k as u32))
            .collect();
        let none = names.len() as u32;
        let of_actor: Vec<u32> = dataset
            .actors
            .iter()
            .map(|a| {
                a.attributes
                    .get(attribute)
                    .and_then(|v| index.get(v.as_str()).copied())
                    .unwrap_or(none)
            })
            .collect();
        if of_actor.contains(&none) {
            names.push(NONE.to_owned());
        }
        Self {
            attribute: attribute.to_owned(),
            names,
            of_actor,
        }
    }

    /// An actor's group.
    pub fn of(&self, actor: ActorIx) -> u32 {
        self.of_actor[actor.0 as usize]
    }
}

/// One group's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupFigures {
    /// Members holding a position among those given.
    pub members: usize,
    /// Issues where at least 2 members hold a stance.
    pub issues: usize,
    /// The mean Agreement Index over those issues (`None` without any).
    pub cohesion: Option<f64>,
    /// Positive weight of ties between two members.
    pub internal: f64,
    /// Positive weight of ties between a member and a non-member.
    pub external: f64,
}

impl GroupFigures {
    /// (E − I) / (E + I), 0 when both are 0.
    pub fn ei(&self) -> f64 {
        ei(self.internal, self.external)
    }
}

/// (E − I) / (E + I), 0 when both are 0.
pub fn ei(internal: f64, external: f64) -> f64 {
    if internal + external > 0.0 {
        (external - internal) / (external + internal)
    } else {
        0.0
    }
}

/// The Agreement Index of one group on one issue: S for (Support or Condition), R against, N
/// neutral. `None` under 2 stances.
pub fn agreement_index(s: usize, r: usize, n: usize) -> Option<f64> {
    let t = s + r + n;
    if t < 2 {
        return None;
    }
    let max = s.max(r).max(n) as f64;
    let t = t as f64;
    Some((max - (t - max) / 2.0) / t)
}

/// Every member's latest position on each issue (the module's rule), by actor.
fn latest(
    dataset: &Dataset,
    positions: &[PositionIx],
) -> BTreeMap<ActorIx, BTreeMap<IssueIx, PositionIx>> {
    let mut by_actor: BTreeMap<ActorIx, Vec<PositionIx>> = BTreeMap::new();
    for &p in positions {
        by_actor
            .entry(dataset.position(p).actor)
            .or_default()
            .push(p);
    }
    by_actor
        .into_iter()
        .map(|(a, list)| (a, latest_by_issue(dataset, list)))
        .collect()
}

/// Each group's members and cohesion over `positions` (their E-I sums left at 0: see
/// [`with_ties`]), by group.
pub fn figures(
    dataset: &Dataset,
    positions: &[PositionIx],
    grouping: &Grouping,
) -> Vec<GroupFigures> {
    let latest = latest(dataset, positions);
    let mut out = vec![GroupFigures::default(); grouping.names.len()];
    // (group, issue) → [S, R, N].
    let mut counts: BTreeMap<(u32, IssueIx), [usize; 3]> = BTreeMap::new();
    for (&actor, issues) in &latest {
        let g = grouping.of(actor);
        out[g as usize].members += 1;
        for (&issue, &p) in issues {
            let k = match dataset.position(p).stance.kind() {
                StanceKind::Support | StanceKind::Condition => 0,
                StanceKind::Reject => 1,
                StanceKind::Neutral => 2,
            };
            counts.entry((g, issue)).or_default()[k] += 1;
        }
    }
    let mut sums = vec![0.0_f64; grouping.names.len()];
    for ((g, _), [s, r, n]) in counts {
        if let Some(ai) = agreement_index(s, r, n) {
            out[g as usize].issues += 1;
            sums[g as usize] += ai;
        }
    }
    for (figures, sum) in out.iter_mut().zip(sums) {
        if figures.issues > 0 {
            figures.cohesion = Some(sum / figures.issues as f64);
        }
    }
    out
}

/// The groups of a network's actors (by their place in [`Network::actors`]), for
/// [`Network::compute_grouped`].
pub fn network_groups(grouping: &Grouping, actors: &[ActorIx]) -> Vec<u32> {
    actors.iter().map(|&a| grouping.of(a)).collect()
}

/// Adds a grouped network's positive weights to the figures: each group's internal (ties
/// between two members, each counted once) and external weight; returns the whole network's
/// (internal, external).
pub fn with_ties(
    figures: &mut [GroupFigures],
    grouping: &Grouping,
    network: &Network,
) -> (f64, f64) {
    let (mut within, mut between) = (0.0, 0.0);
    for (k, &actor) in network.actors.iter().enumerate() {
        let Some(&[inside, outside]) = network.group_weights.get(k) else {
            continue;
        };
        let g = grouping.of(actor) as usize;
        // Each tie within a group is met from both its ends.
        figures[g].internal += inside / 2.0;
        figures[g].external += outside;
        within += inside / 2.0;
        between += outside / 2.0;
    }
    (within, between)
}

/// A member whose stance on an issue differs from the strict plurality of its group's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defection {
    /// The member.
    pub actor: ActorIx,
    /// Its group.
    pub group: u32,
    /// The issue.
    pub issue: IssueIx,
    /// The member's latest position on it.
    pub position: PositionIx,
    /// The group's plurality stance.
    pub group_stance: StanceKind,
}

/// Every defection over `positions`: by group, issue (in file order) and member.
pub fn defections(
    dataset: &Dataset,
    positions: &[PositionIx],
    grouping: &Grouping,
) -> Vec<Defection> {
    let latest = latest(dataset, positions);
    // (group, issue) → members' latest positions.
    let mut by_group: BTreeMap<(u32, IssueIx), Vec<(ActorIx, PositionIx)>> = BTreeMap::new();
    for (&actor, issues) in &latest {
        for (&issue, &p) in issues {
            by_group
                .entry((grouping.of(actor), issue))
                .or_default()
                .push((actor, p));
        }
    }
    let mut out = Vec::new();
    for ((group, issue), members) in by_group {
        let mut counts = [0_usize; 4];
        for &(_, p) in &members {
            counts[stance_slot(dataset.position(p).stance.kind())] += 1;
        }
        let most = counts.iter().copied().max().unwrap_or(0);
        if counts.iter().filter(|&&c| c == most).count() != 1 {
            continue;
        }
        let Some(plurality) = StanceKind::ALL
            .into_iter()
            .find(|&k| counts[stance_slot(k)] == most)
        else {
            continue;
        };
        for (actor, p) in members {
            if dataset.position(p).stance.kind() != plurality {
                out.push(Defection {
                    actor,
                    group,
                    issue,
                    position: p,
                    group_stance: plurality,
                });
            }
        }
    }
    out
}

fn stance_slot(kind: StanceKind) -> usize {
    match kind {
        StanceKind::Support => 0,
        StanceKind::Reject => 1,
        StanceKind::Neutral => 2,
        StanceKind::Condition => 3,
    }
}

#[cfg(test)]
mod tests;
