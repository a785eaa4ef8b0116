//! The agreement network between actors, with the measures of the Discourse Network Analyzer
//! (DNA), so that results compare with published studies. With `n[i][c][s]` the number of
//! positions of actor i on issue c with stance s (Support, Reject, Neutral and Condition are
//! each their own stance; conditions count as one stance whatever their text):
//!
//! ```text
//! congruence(i, j) = Σ_c Σ_s n[i][c][s] · n[j][c][s]
//! conflict(i, j)   = Σ_c (n[i][c][Support] · n[j][c][Reject] + n[i][c][Reject] · n[j][c][Support])
//! subtract(i, j)   = congruence(i, j) − conflict(i, j)
//! ```
//!
//! The diagonal is 0; the matrix is symmetric. Normalisations divide a weight ω by (DNA's
//! manual, "Normalization for One-Mode Networks"), with `N_i = Σ_c Σ_s n[i][c][s]`:
//!
//! ```text
//! average:  (N_i + N_j) / 2
//! jaccard:  Σ_cs n[i][c][s]·[n[j][c][s] = 0] + Σ_cs n[j][c][s]·[n[i][c][s] = 0]
//!           + Σ_cs n[i][c][s]·n[j][c][s]
//! cosine:   √(N_i²) · √(N_j²) = N_i · N_j
//! ```
//!
//! A zero denominator gives 0. Rows are computed one at a time from an inverted index
//! (issue → the actors with a position on it), so memory stays linear in the positions even
//! when one issue has tens of thousands of actors.

use std::collections::{BTreeSet, HashSet};

use crate::model::{ActorIx, Dataset, PositionIx, SourceIx, StanceKind};

/// Which agreement is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Measure {
    /// Same stance on the same issue.
    Congruence,
    /// Support against reject on the same issue.
    Conflict,
    /// Congruence minus conflict (a signed weight).
    Subtract,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Self; 3] = [Self::Congruence, Self::Conflict, Self::Subtract];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Congruence => "congruence",
            Self::Conflict => "conflict",
            Self::Subtract => "subtract",
        }
    }

    /// What it counts, in plain words.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Congruence => {
                "Congruence: how often two actors took the same stance on the same issue (both for, both against…). Each pair of their statements counts: 3 statements by one and 2 by the other on the same side of an issue make 6."
            }
            Self::Conflict => {
                "Conflict: how often one actor supported what the other rejected. Counted like congruence, pair of statements by pair."
            }
            Self::Subtract => {
                "Subtract: agreements minus conflicts. Above 0, the two mostly agree; below 0, they mostly oppose each other."
            }
        }
    }
}

/// How weights are normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Normalization {
    /// Counts as they are.
    None,
    /// Divided by the pair's average activity.
    Average,
    /// Divided by the pair's matches and non-matches (Jaccard).
    Jaccard,
    /// Divided by the product of the pair's activities (DNA's cosine).
    Cosine,
}

impl Normalization {
    /// Every normalisation.
    pub const ALL: [Self; 4] = [Self::None, Self::Average, Self::Jaccard, Self::Cosine];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Average => "average",
            Self::Jaccard => "jaccard",
            Self::Cosine => "cosine",
        }
    }

    /// What it does to the counts, in plain words.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::None => {
                "None: the counts as they are. Actors who say a lot get strong ties with everyone."
            }
            Self::Average => {
                "Average: each count divided by the average number of statements of the two actors, so that talkative actors do not dominate."
            }
            Self::Jaccard => {
                "Jaccard: the share of the two actors' statements that match, from 0 (nothing in common) to 1 (they said the same things)."
            }
            Self::Cosine => {
                "Cosine: each count divided by the number of statements of one actor times that of the other, a strict scale on which only actors whose statements mostly match score high."
            }
        }
    }
}

/// Which positions count when one actor states the same thing several times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Duplicates {
    /// Every position counts.
    Include,
    /// One position per (actor, issue, stance, source), as DNA's "ignore per document".
    Source,
    /// Exact repeats count once: one position per (actor, issue, stance, quote), the stance
    /// with its condition text.
    Once,
}

impl Duplicates {
    /// Every setting.
    pub const ALL: [Self; 3] = [Self::Include, Self::Source, Self::Once];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Include => "include",
            Self::Source => "source",
            Self::Once => "once",
        }
    }

    /// What counts, in plain words.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Include => {
                "Include: every statement counts, even when an actor says the same thing many times."
            }
            Self::Source => {
                "Source: an actor's stance on an issue counts once per document, however often it is repeated there."
            }
            Self::Once => {
                "Once: a statement repeated word for word (same actor, issue, stance and quote) counts once."
            }
        }
    }
}

/// Positions that repeat another word for word: the same actor, issue, stance (with its
/// condition text) and quote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repeats {
    /// How many positions are exact repeats of an earlier one (each group of k identical
    /// positions adds k − 1).
    pub count: usize,
    /// The most repeated position (its first occurrence) and how many times it is stated,
    /// when any repeats; among equal counts the earliest.
    pub most: Option<(PositionIx, usize)>,
}

impl Repeats {
    /// Counts the exact repeats among `positions` of `dataset`.
    pub fn of(dataset: &Dataset, positions: impl IntoIterator<Item = PositionIx>) -> Self {
        // Each distinct statement: its first position and how many times it occurs.
        let mut groups: std::collections::HashMap<
            (ActorIx, crate::model::IssueIx, &crate::model::Stance, &str),
            (PositionIx, usize),
        > = std::collections::HashMap::new();
        let mut total = 0;
        for p in positions {
            let position = dataset.position(p);
            total += 1;
            groups
                .entry((
                    position.actor,
                    position.issue,
                    &position.stance,
                    position.quote.as_str(),
                ))
                .or_insert((p, 0))
                .1 += 1;
        }
        let count = total - groups.len();
        let most = groups
            .into_values()
            .filter(|&(_, times)| times > 1)
            .max_by_key(|&(first, times)| (times, std::cmp::Reverse(first)));
        Self { count, most }
    }

    /// What the network says of them, e.g. "412 positions are exact repeats of another (same
    /// actor, issue, stance and quote), e.g. A on X ×45"; `None` when there are none.
    pub fn note(&self, dataset: &Dataset) -> Option<String> {
        let (first, times) = self.most?;
        let position = dataset.position(first);
        let count = if self.count == 1 {
            "1 position is an exact repeat".to_owned()
        } else {
            format!("{} positions are exact repeats", self.count)
        };
        Some(format!(
            "{count} of another (same actor, issue, stance and quote), e.g. {} on {} ×{times}",
            dataset.actor(position.actor).name,
            dataset.issue(position.issue).name,
        ))
    }
}

/// How an agreement network is computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Options {
    /// The measure.
    pub measure: Measure,
    /// The normalisation.
    pub normalization: Normalization,
    /// Which duplicates count.
    pub duplicates: Duplicates,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            measure: Measure::Subtract,
            normalization: Normalization::None,
            duplicates: Duplicates::Include,
        }
    }
}

/// Counts of one actor on one issue, by stance ([`StanceKind::index`]).
type Counts = [u32; 4];

/// The positions of a filter, counted by actor, issue and stance, indexed both ways so that
/// any actor's row of the network can be computed on its own.
#[derive(Clone, Debug)]
pub struct Agreement {
    options: Options,
    /// The actors in the network (those with a counted position), in dataset order.
    actors: Vec<ActorIx>,
    /// Each dataset actor's place in `actors` (`u32::MAX` when absent).
    slot: Vec<u32>,
    /// Per actor (by slot): the issues it took positions on, with counts, by issue.
    by_actor: Vec<Vec<(u32, Counts)>>,
    /// Per issue: the actors (by slot) with counts, by slot.
    by_issue: Vec<Vec<(u32, Counts)>>,
    /// `N_i`: every counted position of each actor (by slot).
    activity: Vec<u64>,
}

/// One actor's weights to the others, as (partner slot, weight), partners in slot order;
/// only partners with a shared issue appear (every other weight is 0).
pub type Row = Vec<(u32, f64)>;

/// What a row pass accumulates for each partner j of actor i.
#[derive(Clone, Copy, Debug, Default)]
struct Pair {
    congruence: u64,
    conflict: u64,
    /// Σ over cells where both have positions of n[i][c][s].
    overlap_i: u64,
    /// … and of n[j][c][s].
    overlap_j: u64,
}

impl Agreement {
    /// Counts `positions` (e.g. those a filter shows) of `dataset`.
    pub fn new(
        dataset: &Dataset,
        positions: impl IntoIterator<Item = PositionIx>,
        options: Options,
    ) -> Self {
        let mut seen: BTreeSet<(ActorIx, u32, StanceKind, Option<SourceIx>)> = BTreeSet::new();
        let mut said: HashSet<(ActorIx, u32, &crate::model::Stance, &str)> = HashSet::new();
        let mut cells: Vec<(ActorIx, u32, usize)> = Vec::new();
        for p in positions {
            let position = dataset.position(p);
            let stance = position.stance.kind();
            let repeated = match options.duplicates {
                Duplicates::Include => false,
                Duplicates::Source => {
                    !seen.insert((position.actor, position.issue.0, stance, position.source))
                }
                Duplicates::Once => !said.insert((
                    position.actor,
                    position.issue.0,
                    &position.stance,
                    position.quote.as_str(),
                )),
            };
            if repeated {
                continue;
            }
            cells.push((position.actor, position.issue.0, stance.index()));
        }
        cells.sort_unstable_by_key(|&(a, c, s)| (a, c, s));
        let mut slot = vec![u32::MAX; dataset.actors.len()];
        let mut actors = Vec::new();
        let mut by_actor: Vec<Vec<(u32, Counts)>> = Vec::new();
        let mut activity = Vec::new();
        for &(actor, issue, stance) in &cells {
            let a = actor.0 as usize;
            if slot[a] == u32::MAX {
                slot[a] = actors.len() as u32;
                actors.push(actor);
                by_actor.push(Vec::new());
                activity.push(0);
            }
            let i = slot[a] as usize;
            let row = &mut by_actor[i];
            match row.last_mut() {
                Some((c, counts)) if *c == issue => counts[stance] += 1,
                _ => {
                    let mut counts = [0; 4];
                    counts[stance] = 1;
                    row.push((issue, counts));
                }
            }
            activity[i] += 1;
        }
        let mut by_issue: Vec<Vec<(u32, Counts)>> = vec![Vec::new(); dataset.issues.len()];
        for (i, row) in by_actor.iter().enumerate() {
            for &(issue, counts) in row {
                by_issue[issue as usize].push((i as u32, counts));
            }
        }
        Self {
            options,
            actors,
            slot,
            by_actor,
            by_issue,
            activity,
        }
    }

    /// How it was computed.
    pub fn options(&self) -> Options {
        self.options
    }

    /// The actors in the network (those with a counted position), in dataset order.
    pub fn actors(&self) -> &[ActorIx] {
        &self.actors
    }

    /// An actor's place in [`Self::actors`].
    pub fn slot_of(&self, actor: ActorIx) -> Option<usize> {
        self.slot
            .get(actor.0 as usize)
            .filter(|&&s| s != u32::MAX)
            .map(|&s| s as usize)
    }

    /// `N_i`: how many positions of the actor (by slot) count.
    pub fn activity(&self, i: usize) -> u64 {
        self.activity.get(i).copied().unwrap_or(0)
    }

    /// The work a whole network takes: Σ over issues of (actors on it)², the pairs visited.
    pub fn pair_visits(&self) -> u64 {
        self.by_issue
            .iter()
            .map(|actors| (actors.len() as u64).pow(2))
            .sum()
    }

    /// Actor i's row: its weight to every actor it shares an issue with (not itself), in slot
    /// order. `scratch` is reused between calls (one per thread).
    pub fn row(&self, i: usize, scratch: &mut RowScratch) -> Row {
        self.pairs(i, scratch)
            .into_iter()
            .map(|(j, pair)| (j, self.weight(i, j as usize, pair)))
            .collect()
    }

    /// Actor i's raw counts with every actor it shares an issue with: (partner slot,
    /// congruence, conflict), in slot order (what "agrees 40 times, disagrees 3" reads).
    pub fn counts(&self, i: usize) -> Vec<(u32, u64, u64)> {
        self.pairs(i, &mut RowScratch::default())
            .into_iter()
            .map(|(j, pair)| (j, pair.congruence, pair.conflict))
            .collect()
    }

    /// Actor i's counts with each partner, in slot order.
    fn pairs(&self, i: usize, scratch: &mut RowScratch) -> Vec<(u32, Pair)> {
        let RowScratch {
            pairs,
            touched,
            visited,
        } = scratch;
        if pairs.len() < self.actors.len() {
            pairs.resize(self.actors.len(), Pair::default());
            visited.resize(self.actors.len(), false);
        }
        touched.clear();
        let (support, reject) = (StanceKind::Support.index(), StanceKind::Reject.index());
        for &(issue, mine) in &self.by_actor[i] {
            for &(j, theirs) in &self.by_issue[issue as usize] {
                if j as usize == i {
                    continue;
                }
                let pair = &mut pairs[j as usize];
                if !visited[j as usize] {
                    visited[j as usize] = true;
                    touched.push(j);
                }
                for s in 0..4 {
                    let (a, b) = (u64::from(mine[s]), u64::from(theirs[s]));
                    if a > 0 && b > 0 {
                        pair.congruence += a * b;
                        pair.overlap_i += a;
                        pair.overlap_j += b;
                    }
                }
                pair.conflict += u64::from(mine[support]) * u64::from(theirs[reject])
                    + u64::from(mine[reject]) * u64::from(theirs[support]);
            }
        }
        touched.sort_unstable();
        let mut row = Vec::with_capacity(touched.len());
        for &j in touched.iter() {
            let pair = std::mem::take(&mut pairs[j as usize]);
            visited[j as usize] = false;
            row.push((j, pair));
        }
        row
    }

    /// The normalised weight of a pair from its counts.
    fn weight(&self, i: usize, j: usize, pair: Pair) -> f64 {
        let omega = match self.options.measure {
            Measure::Congruence => pair.congruence as f64,
            Measure::Conflict => pair.conflict as f64,
            Measure::Subtract => pair.congruence as f64 - pair.conflict as f64,
        };
        let (ni, nj) = (self.activity[i] as f64, self.activity[j] as f64);
        let norm = match self.options.normalization {
            Normalization::None => 1.0,
            Normalization::Average => f64::midpoint(ni, nj),
            Normalization::Jaccard => {
                (ni - pair.overlap_i as f64) + (nj - pair.overlap_j as f64) + pair.congruence as f64
            }
            Normalization::Cosine => ni * nj,
        };
        if norm == 0.0 { 0.0 } else { omega / norm }
    }

    /// The whole matrix, dense (for small networks and tests): `m[i][j]` by slot.
    pub fn dense(&self) -> Vec<Vec<f64>> {
        let n = self.actors.len();
        let mut scratch = RowScratch::default();
        (0..n)
            .map(|i| {
                let mut dense = vec![0.0; n];
                for (j, w) in self.row(i, &mut scratch) {
                    dense[j as usize] = w;
                }
                dense
            })
            .collect()
    }
}

/// Memory a row computation reuses.
#[derive(Debug, Default)]
pub struct RowScratch {
    /// Counts per partner (by slot), zero between rows.
    pairs: Vec<Pair>,
    /// The partners met in this row.
    touched: Vec<u32>,
    /// Whether a partner is in `touched`.
    visited: Vec<bool>,
}

#[cfg(test)]
mod tests;
