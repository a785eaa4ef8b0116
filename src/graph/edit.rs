//! The graph brought up to date in place after positions are added, removed or changed (what
//! coding and editing do most): on a file of 200,000 positions a graph built afresh took 10 ms
//! of the 16 ms an edit has to be applied and drawn in; the changes here cost a pass over a
//! few compact lists.

use petgraph::graph::EdgeIndex;

use super::{Edge, Lists, StanceGraph};
use crate::model::{ActorIx, Date, IssueIx, PositionIx, StanceKind};

/// A position's actor, issue and stance: what the graph keeps of it (with its date).
pub type Ends = (ActorIx, IssueIx, StanceKind);

/// One change of the dataset's position list, as the graph sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionChange {
    /// A position put at this index (the ones from there on move up by one).
    Insert {
        /// Where.
        at: PositionIx,
        /// Its actor, issue and stance.
        ends: Ends,
        /// Its date (its own, else its source's).
        date: Option<Date>,
    },
    /// The position at this index taken away (the ones after it move down by one).
    Remove {
        /// Where.
        at: PositionIx,
    },
    /// The position at this index replaced.
    Set {
        /// Where.
        at: PositionIx,
        /// Its actor, issue and stance now.
        ends: Ends,
        /// Its date now.
        date: Option<Date>,
    },
}

/// Changes made to the positions, with what each one took away or replaced: what a view
/// needs to bring itself up to date in place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PositionEdits {
    /// The changes, in the order they were made.
    pub changes: Vec<PositionChange>,
    /// For each change, the position it took away or replaced (its ends and date).
    pub before: Vec<Option<(Ends, Option<Date>)>>,
}

impl PositionEdits {
    /// Where each of the `count` positions before the changes is after them, by its index
    /// before (`u32::MAX` for one taken away or replaced); and where each position after the
    /// changes was before them, by its index after (`u32::MAX` for one put in or replaced).
    pub fn maps(&self, count: usize) -> (Vec<u32>, Vec<u32>) {
        let mut origin: Vec<u32> = (0..count as u32).collect();
        for change in &self.changes {
            match *change {
                PositionChange::Insert { at, .. } if at.0 as usize <= origin.len() => {
                    origin.insert(at.0 as usize, u32::MAX);
                }
                PositionChange::Remove { at } if (at.0 as usize) < origin.len() => {
                    origin.remove(at.0 as usize);
                }
                PositionChange::Set { at, .. } => {
                    if let Some(slot) = origin.get_mut(at.0 as usize) {
                        *slot = u32::MAX;
                    }
                }
                PositionChange::Insert { .. } | PositionChange::Remove { .. } => {}
            }
        }
        let mut remap = vec![u32::MAX; count];
        for (now, &was) in origin.iter().enumerate() {
            if let Some(slot) = remap.get_mut(was as usize) {
                *slot = now as u32;
            }
        }
        (remap, origin)
    }

    /// The actor-issue pairs whose positions changed (before or after), without repeats.
    pub fn pairs(&self) -> Vec<(ActorIx, IssueIx)> {
        let mut pairs: Vec<(ActorIx, IssueIx)> = self
            .changes
            .iter()
            .filter_map(|change| match *change {
                PositionChange::Insert { ends, .. } | PositionChange::Set { ends, .. } => {
                    Some((ends.0, ends.1))
                }
                PositionChange::Remove { .. } => None,
            })
            .chain(
                self.before
                    .iter()
                    .flatten()
                    .map(|&(ends, _)| (ends.0, ends.1)),
            )
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// The dates of the positions taken away (or replaced), and of those put in.
    pub fn dates(&self) -> (Vec<Option<Date>>, Vec<Option<Date>>) {
        let gone = self
            .before
            .iter()
            .flatten()
            .map(|&(_, date)| date)
            .collect();
        let come = self
            .changes
            .iter()
            .filter_map(|change| match *change {
                PositionChange::Insert { date, .. } | PositionChange::Set { date, .. } => {
                    Some(date)
                }
                PositionChange::Remove { .. } => None,
            })
            .collect();
        (gone, come)
    }
}

/// Where positions go through some changes, both ways: by arithmetic for one change (no pass
/// over 200,000 positions), by tables for several.
#[derive(Clone, Debug)]
pub struct Renumbering {
    /// The one change, when there is one.
    single: Option<PositionChange>,
    /// [`PositionEdits::maps`], for several changes.
    tables: Option<(Vec<u32>, Vec<u32>)>,
}

impl Renumbering {
    /// The renumbering of `edits` made on `count` positions.
    pub fn new(edits: &PositionEdits, count: usize) -> Self {
        match edits.changes.as_slice() {
            [one] => Self {
                single: Some(*one),
                tables: None,
            },
            _ => Self {
                single: None,
                tables: Some(edits.maps(count)),
            },
        }
    }

    /// Where the position at `p` before the changes is after them (`u32::MAX`: taken away
    /// or replaced).
    pub fn forward(&self, p: u32) -> u32 {
        match (self.single, &self.tables) {
            (Some(PositionChange::Insert { at, .. }), _) => p + u32::from(p >= at.0),
            (Some(PositionChange::Remove { at }), _) if p == at.0 => u32::MAX,
            (Some(PositionChange::Remove { at }), _) => p - u32::from(p > at.0),
            (Some(PositionChange::Set { at, .. }), _) if p == at.0 => u32::MAX,
            (None, Some((remap, _))) => remap.get(p as usize).copied().unwrap_or(u32::MAX),
            (Some(PositionChange::Set { .. }) | None, _) => p,
        }
    }

    /// Where the position at `q` after the changes was before them (`u32::MAX`: put in or
    /// replaced).
    pub fn back(&self, q: u32) -> u32 {
        match (self.single, &self.tables) {
            (Some(PositionChange::Insert { at, .. }), _) if q == at.0 => u32::MAX,
            (Some(PositionChange::Insert { at, .. }), _) => q - u32::from(q > at.0),
            (Some(PositionChange::Remove { at }), _) => q + u32::from(q >= at.0),
            (Some(PositionChange::Set { at, .. }), _) if q == at.0 => u32::MAX,
            (None, Some((_, origin))) => origin.get(q as usize).copied().unwrap_or(u32::MAX),
            (Some(PositionChange::Set { .. }) | None, _) => q,
        }
    }

    /// The positions before the changes that were taken away or replaced, in order.
    pub fn gone(&self) -> Vec<u32> {
        match (self.single, &self.tables) {
            (Some(PositionChange::Insert { .. }), _) | (None, None) => Vec::new(),
            (Some(PositionChange::Remove { at } | PositionChange::Set { at, .. }), _) => {
                vec![at.0]
            }
            (None, Some((remap, _))) => (0..remap.len() as u32)
                .filter(|&p| remap[p as usize] == u32::MAX)
                .collect(),
        }
    }
}

impl PositionChange {
    /// The index it changes.
    pub fn at(&self) -> PositionIx {
        match *self {
            Self::Insert { at, .. } | Self::Remove { at } | Self::Set { at, .. } => at,
        }
    }
}

impl<T: Copy + Ord> Lists<T> {
    /// Puts `item` into key `k`'s list, in order.
    fn insert(&mut self, k: u32, item: T) {
        let (start, end) = self.bounds(k);
        let at = start + self.items[start..end].partition_point(|&x| x < item);
        self.items.insert(at, item);
        for offset in &mut self.offsets[k as usize + 1..] {
            *offset += 1;
        }
    }

    /// Takes `item` out of key `k`'s list (nothing when it is not there).
    fn remove(&mut self, k: u32, item: T) {
        let (start, end) = self.bounds(k);
        if let Ok(i) = self.items[start..end].binary_search(&item) {
            self.items.remove(start + i);
            for offset in &mut self.offsets[k as usize + 1..] {
                *offset -= 1;
            }
        }
    }

    fn bounds(&self, k: u32) -> (usize, usize) {
        (
            self.offsets[k as usize] as usize,
            self.offsets[k as usize + 1] as usize,
        )
    }
}

/// Moves every position index from `from` on one up (or down).
fn shift(items: &mut [PositionIx], from: u32, up: bool) {
    for p in items.iter_mut().filter(|p| p.0 >= from) {
        p.0 = if up { p.0 + 1 } else { p.0 - 1 };
    }
}

impl StanceGraph {
    /// A position's actor, issue and stance.
    pub fn ends(&self, position: PositionIx) -> Option<Ends> {
        self.position_ends.get(position.0 as usize).copied()
    }

    /// Brings the graph up to date with changes made to the dataset's positions, in the order
    /// they were made (actors, issues and sources unchanged): afterwards it equals the graph
    /// [`StanceGraph::build`] makes of the changed dataset. An index out of range is ignored.
    /// Returns the changes with what each one took away or replaced.
    pub fn apply_positions(&mut self, changes: Vec<PositionChange>) -> PositionEdits {
        let mut edges_rebuilt = false;
        let mut before = Vec::with_capacity(changes.len());
        for &change in &changes {
            before.push(match change {
                PositionChange::Insert { .. } => None,
                PositionChange::Remove { at } | PositionChange::Set { at, .. } => {
                    self.ends(at).map(|ends| (ends, self.date_of(at)))
                }
            });
            match change {
                PositionChange::Insert { at, ends, date } => {
                    edges_rebuilt |= !self.insert_position(at, ends, date);
                }
                PositionChange::Remove { at } => {
                    edges_rebuilt |= !self.remove_position(at);
                }
                PositionChange::Set { at, ends, date } => {
                    edges_rebuilt |= !self.set_position(at, ends, date);
                }
            }
        }
        if edges_rebuilt {
            self.rebuild_edges();
        }
        self.number_histories();
        PositionEdits { changes, before }
    }

    /// Puts a position at `at`; false when the petgraph edges are to be made again (the
    /// position went anywhere but the end).
    fn insert_position(&mut self, at: PositionIx, ends: Ends, date: Option<Date>) -> bool {
        let count = self.position_ends.len() as u32;
        if at.0 > count {
            return true;
        }
        let (actor, issue, stance) = ends;
        self.drop_history(actor, issue);
        let last = at.0 == count;
        if !last {
            shift(&mut self.by_actor.items, at.0, true);
            shift(&mut self.by_issue.items, at.0, true);
            for history in &mut self.histories {
                shift(history, at.0, true);
            }
        }
        self.position_ends.insert(at.0 as usize, ends);
        self.dates.insert(at.0 as usize, date);
        self.by_actor.insert(actor.0, at);
        self.by_issue.insert(issue.0, at);
        self.tally.add(stance);
        self.add_history(actor, issue);
        if last {
            // Positions are the first edges, `represents` links the last: those go and come
            // back after the new edge (a few unlinked and linked, not every edge made again).
            let links = self.take_represents();
            self.graph.add_edge(
                self.actor_node(actor),
                self.issue_node(issue),
                Edge::Position {
                    position: at,
                    stance,
                },
            );
            self.put_represents(links);
        }
        last
    }

    /// Takes the position at `at` away; false when the petgraph edges are to be made again.
    fn remove_position(&mut self, at: PositionIx) -> bool {
        let Some((actor, issue, stance)) = self.ends(at) else {
            return true;
        };
        self.drop_history(actor, issue);
        let last = at.0 as usize + 1 == self.position_ends.len();
        self.by_actor.remove(actor.0, at);
        self.by_issue.remove(issue.0, at);
        self.tally.remove(stance);
        self.position_ends.remove(at.0 as usize);
        self.dates.remove(at.0 as usize);
        if !last {
            shift(&mut self.by_actor.items, at.0 + 1, false);
            shift(&mut self.by_issue.items, at.0 + 1, false);
            for history in &mut self.histories {
                shift(history, at.0 + 1, false);
            }
        }
        self.add_history(actor, issue);
        if last {
            let links = self.take_represents();
            self.graph.remove_edge(EdgeIndex::new(at.0 as usize));
            self.put_represents(links);
        }
        last
    }

    /// Replaces the position at `at`; false when the petgraph edges are to be made again (its
    /// actor or issue changed).
    fn set_position(&mut self, at: PositionIx, ends: Ends, date: Option<Date>) -> bool {
        let Some(old) = self.ends(at) else {
            return true;
        };
        let (actor, issue, stance) = ends;
        self.drop_history(old.0, old.1);
        self.drop_history(actor, issue);
        if old.0 != actor {
            self.by_actor.remove(old.0.0, at);
            self.by_actor.insert(actor.0, at);
        }
        if old.1 != issue {
            self.by_issue.remove(old.1.0, at);
            self.by_issue.insert(issue.0, at);
        }
        self.tally.remove(old.2);
        self.tally.add(stance);
        self.position_ends[at.0 as usize] = ends;
        self.dates[at.0 as usize] = date;
        self.add_history(old.0, old.1);
        if (old.0, old.1) != (actor, issue) {
            self.add_history(actor, issue);
        }
        let same_ends = old.0 == actor && old.1 == issue;
        if same_ends && let Some(weight) = self.graph.edge_weight_mut(EdgeIndex::new(at.0 as usize))
        {
            *weight = Edge::Position {
                position: at,
                stance,
            };
        }
        same_ends
    }

    /// Unlinks the `represents` edges (the last edges), returning their ends.
    fn take_represents(&mut self) -> Vec<(petgraph::graph::NodeIndex, petgraph::graph::NodeIndex)> {
        let links: Vec<_> = self.represents.iter().map(|&(_, a, b)| (a, b)).collect();
        for &(edge, _, _) in self.represents.iter().rev() {
            self.graph.remove_edge(edge);
        }
        self.represents.clear();
        links
    }

    /// Links the `represents` edges again, after the positions.
    fn put_represents(
        &mut self,
        links: Vec<(petgraph::graph::NodeIndex, petgraph::graph::NodeIndex)>,
    ) {
        for (from, to) in links {
            let edge = self.graph.add_edge(from, to, Edge::Represents);
            self.represents.push((edge, from, to));
        }
    }

    /// Makes the petgraph edges again from the compact lists: positions in order, then the
    /// `represents` links.
    fn rebuild_edges(&mut self) {
        let links: Vec<_> = self.represents.iter().map(|&(_, a, b)| (a, b)).collect();
        self.represents.clear();
        self.graph.clear_edges();
        self.graph
            .reserve_edges(self.position_ends.len() + links.len());
        for (p, &(actor, issue, stance)) in self.position_ends.iter().enumerate() {
            self.graph.add_edge(
                self.actor_nodes[actor.0 as usize],
                self.issue_nodes[issue.0 as usize],
                Edge::Position {
                    position: PositionIx(p as u32),
                    stance,
                },
            );
        }
        self.put_represents(links);
    }

    /// Takes away the history of one actor on one issue, if it has one.
    fn drop_history(&mut self, actor: ActorIx, issue: IssueIx) {
        let ends = &self.position_ends;
        if let Some(h) = self.histories.iter().position(|list| {
            list.first().is_some_and(|p| {
                let (a, i, _) = ends[p.0 as usize];
                a == actor && i == issue
            })
        }) {
            self.histories.remove(h);
        }
    }

    /// Makes the history of one actor on one issue (its positions oldest first) when it has
    /// several, in its place among the histories (ordered by first position); it has none.
    fn add_history(&mut self, actor: ActorIx, issue: IssueIx) {
        if actor.0 as usize >= self.actor_nodes.len() {
            return;
        }
        let mut list: Vec<PositionIx> = self
            .by_actor
            .get(actor.0)
            .iter()
            .copied()
            .filter(|p| self.position_ends[p.0 as usize].1 == issue)
            .collect();
        if list.len() < 2 {
            return;
        }
        let first = list[0].0;
        list.sort_by_key(|p| (self.dates[p.0 as usize], p.0));
        let at = self
            .histories
            .partition_point(|h| h.iter().map(|p| p.0).min() < Some(first));
        self.histories.insert(at, list);
    }

    /// Numbers each position's history again (after histories came, went or moved).
    fn number_histories(&mut self) {
        self.history_of.clear();
        self.history_of.resize(self.position_ends.len(), u32::MAX);
        for (h, list) in self.histories.iter().enumerate() {
            for p in list {
                self.history_of[p.0 as usize] = h as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataSource, Dataset, Position, Stance};

    /// Everything the graph holds, compared field by field with a graph built afresh
    /// (petgraph's graph has no `PartialEq`): nodes, edges in order, each node's edges in
    /// the order petgraph walks them, and every index.
    fn assert_same(kept: &StanceGraph, fresh: &StanceGraph, what: &str) {
        let nodes = |g: &StanceGraph| g.graph.node_weights().copied().collect::<Vec<_>>();
        assert_eq!(nodes(kept), nodes(fresh), "{what}: nodes");
        let edges = |g: &StanceGraph| {
            g.graph
                .raw_edges()
                .iter()
                .map(|e| (e.source(), e.target(), e.weight))
                .collect::<Vec<_>>()
        };
        assert_eq!(edges(kept), edges(fresh), "{what}: edges");
        for n in fresh.graph.node_indices() {
            let walk = |g: &StanceGraph| {
                g.graph
                    .edges_directed(n, petgraph::Direction::Outgoing)
                    .chain(g.graph.edges_directed(n, petgraph::Direction::Incoming))
                    .map(|e| petgraph::visit::EdgeRef::id(&e))
                    .collect::<Vec<_>>()
            };
            assert_eq!(walk(kept), walk(fresh), "{what}: the edges of {n:?}");
        }
        assert_eq!(kept.by_actor.offsets, fresh.by_actor.offsets, "{what}");
        assert_eq!(kept.by_actor.items, fresh.by_actor.items, "{what}");
        assert_eq!(kept.by_issue.offsets, fresh.by_issue.offsets, "{what}");
        assert_eq!(kept.by_issue.items, fresh.by_issue.items, "{what}");
        assert_eq!(kept.represented_by.items, fresh.represented_by.items);
        assert_eq!(kept.position_ends, fresh.position_ends, "{what}");
        assert_eq!(kept.represents, fresh.represents, "{what}");
        assert_eq!(kept.dates, fresh.dates, "{what}");
        assert_eq!(kept.histories, fresh.histories, "{what}: histories");
        assert_eq!(kept.history_of, fresh.history_of, "{what}: history_of");
        assert_eq!(kept.tally, fresh.tally, "{what}: tally");
    }

    /// A small deterministic generator (xorshift), so a failure repeats.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// A position of a random actor on a random issue, often one that already has a
    /// position (histories form), dated or not.
    fn random_position(dataset: &Dataset, rng: &mut Rng) -> Position {
        let mut position = if !dataset.positions.is_empty() && rng.below(3) > 0 {
            dataset.positions[rng.below(dataset.positions.len())].clone()
        } else {
            Position {
                actor: ActorIx(rng.below(dataset.actors.len()) as u32),
                issue: IssueIx(rng.below(dataset.issues.len()) as u32),
                stance: Stance::Support,
                quote: "q".into(),
                source: None,
                url: None,
                date: None,
                salience: None,
            }
        };
        position.stance = match rng.below(4) {
            0 => Stance::Support,
            1 => Stance::Reject,
            2 => Stance::Neutral,
            _ => Stance::Condition("if".into()),
        };
        position.date = match rng.below(3) {
            0 => None,
            d => Some(Date {
                year: 2020 + d as u16,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
            }),
        };
        position
    }

    fn change(dataset: &mut Dataset, rng: &mut Rng) -> PositionChange {
        let count = dataset.positions.len();
        let ends = |_: &Dataset, p: &Position| (p.actor, p.issue, p.stance.kind());
        match rng.below(3) {
            0 | 1 if count > 0 && rng.below(2) == 0 => {
                let at = if rng.below(2) == 0 {
                    count - 1
                } else {
                    rng.below(count)
                };
                dataset.positions.remove(at);
                PositionChange::Remove {
                    at: PositionIx(at as u32),
                }
            }
            0 => {
                let position = random_position(dataset, rng);
                let at = if rng.below(2) == 0 {
                    count
                } else {
                    rng.below(count + 1)
                };
                let change = PositionChange::Insert {
                    at: PositionIx(at as u32),
                    ends: ends(dataset, &position),
                    date: position.date,
                };
                dataset.positions.insert(at, position);
                change
            }
            _ if count > 0 => {
                let at = rng.below(count);
                let mut position = random_position(dataset, rng);
                if rng.below(2) == 0 {
                    // Only the stance and date: the edge changes in place.
                    position.actor = dataset.positions[at].actor;
                    position.issue = dataset.positions[at].issue;
                }
                let change = PositionChange::Set {
                    at: PositionIx(at as u32),
                    ends: ends(dataset, &position),
                    date: position.date,
                };
                dataset.positions[at] = position;
                change
            }
            _ => change(dataset, rng),
        }
    }

    #[test]
    fn positions_changed_in_place_give_the_graph_built_afresh() {
        let seed = DataSource::BuiltIn.load().expect("seed");
        let mut rng = Rng(0x5eed_cafe);
        for round in 0..300 {
            let mut dataset = seed.clone();
            let mut graph = StanceGraph::build(&dataset);
            let mut log = Vec::new();
            for step in 0..=(round % 6) {
                let before_ends = graph.position_ends.clone();
                let changes: Vec<PositionChange> = (0..=rng.below(3))
                    .map(|_| change(&mut dataset, &mut rng))
                    .collect();
                log.extend(changes.iter().copied());
                let count = graph.position_count();
                let edits = graph.apply_positions(changes);
                // The renumbering (arithmetic for one change) agrees with the tables.
                let (remap, origin) = edits.maps(count);
                let renumbering = Renumbering::new(&edits, count);
                for (p, &q) in remap.iter().enumerate() {
                    assert_eq!(renumbering.forward(p as u32), q, "{log:?}");
                }
                for (q, &p) in origin.iter().enumerate() {
                    assert_eq!(renumbering.back(q as u32), p, "{log:?}");
                }
                let gone: Vec<u32> = (0..count as u32)
                    .filter(|&p| remap[p as usize] == u32::MAX)
                    .collect();
                assert_eq!(renumbering.gone(), gone, "{log:?}");
                // The remap sends each kept position to its place.
                for (was, &now) in remap.iter().enumerate() {
                    if now != u32::MAX {
                        assert_eq!(
                            before_ends[was],
                            graph.ends(PositionIx(now)).expect("in range"),
                            "{log:?}"
                        );
                    }
                }
                assert_same(
                    &graph,
                    &StanceGraph::build(&dataset),
                    &format!("round {round}, step {step}: {log:?}"),
                );
            }
        }
    }
}
