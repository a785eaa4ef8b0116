//! The dataset as a petgraph graph: actors and issues are nodes, positions and `represents`
//! links are edges. Plain data with the queries the views need; no drawing, no egui.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use crate::model::{ActorIx, ActorKind, Dataset, Date, IssueIx, PositionIx, StanceKind, Tally};

mod edit;

pub use edit::{Ends, PositionChange, PositionEdits, Renumbering};

/// A node: an actor or an issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// An actor of the dataset.
    Actor(ActorIx),

    /// An issue of the dataset.
    Issue(IssueIx),
}

/// An edge: a position (actor → issue) or a `represents` link (leader → country).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// A stated position, with its stance.
    Position {
        /// The position in the dataset.
        position: PositionIx,

        /// Its stance.
        stance: StanceKind,
    },

    /// The source actor speaks for the target actor.
    Represents,
}

/// The graph of one dataset, with indexes for the views' queries.
#[derive(Clone, Debug)]
pub struct StanceGraph {
    /// Nodes are actors then issues; edges are positions then `represents` links.
    pub graph: DiGraph<Node, Edge>,
    actor_nodes: Vec<NodeIndex>,
    issue_nodes: Vec<NodeIndex>,
    by_actor: Lists<PositionIx>,
    by_issue: Lists<PositionIx>,
    represented_by: Lists<ActorIx>,
    /// Each position's actor, issue and stance, by position index (which is also its edge
    /// index: positions are the first edges), compact for filtering.
    position_ends: Vec<(ActorIx, IssueIx, StanceKind)>,
    /// Each `represents` link's edge and ends.
    represents: Vec<(EdgeIndex, NodeIndex, NodeIndex)>,
    /// Each position's date (its own, else its source's), by position index.
    dates: Vec<Option<Date>>,
    /// The positions of each (actor, issue) pair that has several, oldest first (undated
    /// first, then by date, then in file order): what "as of" and the change marks read.
    histories: Vec<Vec<PositionIx>>,
    /// Each position's history (in `histories`), or `u32::MAX` when it is its pair's only one.
    history_of: Vec<u32>,
    /// The positions counted by stance.
    tally: Tally,
}

/// Lists of items by key, flat in one allocation: key `k`'s items are
/// `items[offsets[k]..offsets[k + 1]]`, in the order they were given.
#[derive(Clone, Debug)]
struct Lists<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Lists<T> {
    /// The lists of `keys` keys from (key, item) pairs (each key below `keys`), by a counting
    /// pass and a placing pass; `fill` only holds the places until they are filled.
    fn build(keys: usize, pairs: impl Iterator<Item = (u32, T)> + Clone, fill: T) -> Self {
        let mut offsets = vec![0_u32; keys + 1];
        for (k, _) in pairs.clone() {
            offsets[k as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut next = offsets[..keys].to_vec();
        let mut items = vec![fill; offsets[keys] as usize];
        for (k, item) in pairs {
            let at = &mut next[k as usize];
            items[*at as usize] = item;
            *at += 1;
        }
        Self { offsets, items }
    }

    /// Key `k`'s items.
    fn get(&self, k: u32) -> &[T] {
        let k = k as usize;
        &self.items[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }
}

/// Which dates are shown. A position's date is its own, else its source's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeWindow {
    /// No position dated before this.
    pub from: Option<Date>,
    /// No position dated after this.
    pub to: Option<Date>,
    /// Only each actor's latest position on each issue up to this date ("as of").
    pub as_of: Option<Date>,
    /// Whether positions without any date are left out (they are shown by default).
    pub hide_undated: bool,
}

impl TimeWindow {
    /// Whether it shows every position.
    pub fn is_all(&self) -> bool {
        *self == Self::default()
    }

    /// Whether a position of this date passes the range (not yet the "as of" rule).
    fn admits(&self, date: Option<Date>) -> bool {
        match date {
            None => !self.hide_undated,
            Some(d) => {
                self.from.is_none_or(|f| d >= f)
                    && self.to.is_none_or(|t| d <= t)
                    && self.as_of.is_none_or(|a| d <= a)
            }
        }
    }

    /// "2014-03-27 to 2016-12-31", "as of 2015-06-30", …; `None` for every date.
    pub fn caption(&self) -> Option<String> {
        if self.is_all() {
            return None;
        }
        let mut parts = Vec::new();
        match (self.from, self.to) {
            (Some(f), Some(t)) => parts.push(format!("{f} to {t}")),
            (Some(f), None) => parts.push(format!("from {f}")),
            (None, Some(t)) => parts.push(format!("until {t}")),
            (None, None) => {}
        }
        if let Some(a) = self.as_of {
            parts.push(format!("as of {a} (each actor's latest stance per issue)"));
        }
        if self.hide_undated {
            parts.push("undated positions hidden".to_owned());
        }
        Some(format!("Dates: {}", parts.join(", ")))
    }
}

/// Which part of the graph to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Issues to show; `None` shows all of them.
    pub issues: Option<BTreeSet<IssueIx>>,

    /// Stances whose positions are shown.
    pub stances: BTreeSet<StanceKind>,

    /// Kinds of actor shown.
    pub actor_kinds: BTreeSet<ActorKind>,

    /// Which dates are shown.
    pub time: TimeWindow,

    /// Values of actor attributes switched off, by attribute (`(none)` for the actors
    /// without it): an actor shows when none of its values is hidden.
    pub hidden_values: BTreeMap<String, BTreeSet<String>>,
}

impl Default for Filter {
    fn default() -> Self {
        Self {
            issues: None,
            stances: StanceKind::ALL.into_iter().collect(),
            actor_kinds: ActorKind::ALL.into_iter().collect(),
            time: TimeWindow::default(),
            hidden_values: BTreeMap::new(),
        }
    }
}

impl Filter {
    /// Whether an actor passes the kind and attribute toggles.
    pub fn shows_actor(&self, actor: &crate::model::Actor) -> bool {
        self.actor_kinds.contains(&actor.kind)
            && self.hidden_values.iter().all(|(name, hidden)| {
                let value = actor
                    .attributes
                    .get(name)
                    .map_or(crate::model::NO_VALUE, String::as_str);
                !hidden.contains(value)
            })
    }

    /// Shows only these issues (and the actors with a stance on them).
    pub fn only_issues(issues: impl IntoIterator<Item = IssueIx>) -> Self {
        Self {
            issues: Some(issues.into_iter().collect()),
            ..Self::default()
        }
    }

    /// One line saying what the filter shows, for snapshot footers:
    /// "Issue: European-led ground troops in Ukraine · Stances: support, reject".
    pub fn caption(&self, dataset: &Dataset) -> String {
        let mut parts = vec![match &self.issues {
            None => "All issues".to_owned(),
            Some(set) if set.is_empty() => "No issues".to_owned(),
            Some(set) if set.len() == 1 => {
                let name = set
                    .iter()
                    .map(|&i| dataset.issue(i).name.as_str())
                    .collect::<String>();
                format!("Issue: {name}")
            }
            Some(set) if set.len() <= 3 => {
                let names: Vec<&str> = set
                    .iter()
                    .map(|&i| dataset.issue(i).name.as_str())
                    .collect();
                format!("Issues: {}", names.join("; "))
            }
            Some(set) => format!("Issues: {} of {}", set.len(), dataset.issues.len()),
        }];
        if self.stances.len() < StanceKind::ALL.len() {
            let names: Vec<&str> = StanceKind::ALL
                .into_iter()
                .filter(|s| self.stances.contains(s))
                .map(StanceKind::name)
                .collect();
            parts.push(format!(
                "Stances: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ));
        }
        if self.actor_kinds.len() < ActorKind::ALL.len() {
            let names: Vec<&str> = ActorKind::ALL
                .into_iter()
                .filter(|k| self.actor_kinds.contains(k))
                .map(ActorKind::label)
                .collect();
            parts.push(format!(
                "Actors: {}",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ));
        }
        for (name, hidden) in &self.hidden_values {
            if !hidden.is_empty() {
                let values: Vec<&str> = hidden.iter().map(String::as_str).collect();
                parts.push(format!("{name}: not {}", values.join(", ")));
            }
        }
        parts.extend(self.time.caption());
        parts.join(" · ")
    }

    /// Whether an issue passes the filter.
    pub fn shows_issue(&self, issue: IssueIx) -> bool {
        self.issues.as_ref().is_none_or(|set| set.contains(&issue))
    }
}

/// The visible part of the graph: sorted node and edge lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subgraph {
    /// Visible nodes, actors first, in dataset order.
    pub nodes: Vec<NodeIndex>,

    /// Visible edges, positions first, in dataset order.
    pub edges: Vec<EdgeIndex>,

    /// How many of the edges are positions.
    pub position_count: usize,
}

impl StanceGraph {
    /// Builds the graph of a validated dataset.
    pub fn build(dataset: &Dataset) -> Self {
        let actor_count = dataset.actors.len();
        let issue_count = dataset.issues.len();
        let represents_count = dataset
            .actors
            .iter()
            .filter(|a| a.represents.is_some())
            .count();
        let mut graph = DiGraph::with_capacity(
            actor_count + issue_count,
            dataset.positions.len() + represents_count,
        );
        let actor_nodes: Vec<NodeIndex> = dataset
            .actor_ixs()
            .map(|ix| graph.add_node(Node::Actor(ix)))
            .collect();
        let issue_nodes: Vec<NodeIndex> = dataset
            .issue_ixs()
            .map(|ix| graph.add_node(Node::Issue(ix)))
            .collect();
        let mut position_ends = Vec::with_capacity(dataset.positions.len());
        let mut tally = Tally::default();
        for (ix, position) in dataset.position_ixs().zip(&dataset.positions) {
            tally.add(position.stance.kind());
            position_ends.push((position.actor, position.issue, position.stance.kind()));
            graph.add_edge(
                actor_nodes[position.actor.0 as usize],
                issue_nodes[position.issue.0 as usize],
                Edge::Position {
                    position: ix,
                    stance: position.stance.kind(),
                },
            );
        }
        let by_actor = Lists::build(
            actor_count,
            position_ends
                .iter()
                .zip(0_u32..)
                .map(|(ends, p)| (ends.0.0, PositionIx(p))),
            PositionIx(0),
        );
        let by_issue = Lists::build(
            issue_count,
            position_ends
                .iter()
                .zip(0_u32..)
                .map(|(ends, p)| (ends.1.0, PositionIx(p))),
            PositionIx(0),
        );
        let mut represents = Vec::with_capacity(represents_count);
        for (ix, actor) in dataset.actor_ixs().zip(&dataset.actors) {
            if let Some(target) = actor.represents {
                let (from, to) = (actor_nodes[ix.0 as usize], actor_nodes[target.0 as usize]);
                represents.push((graph.add_edge(from, to, Edge::Represents), from, to));
            }
        }
        let represented_by = Lists::build(
            actor_count,
            dataset
                .actors
                .iter()
                .zip(0_u32..)
                .filter_map(|(actor, ix)| Some((actor.represents?.0, ActorIx(ix)))),
            ActorIx(0),
        );
        let dates: Vec<Option<Date>> = dataset.position_ixs().map(|p| dataset.date_of(p)).collect();
        // The positions of one actor on one issue: every position by actor, then issue, then
        // file order (the issue-ordered list placed again, stably, by actor: two linear passes,
        // no sort); each run of one pair with several positions is a history.
        let by_pair = Lists::build(
            actor_count,
            by_issue
                .items
                .iter()
                .map(|&p| (position_ends[p.0 as usize].0.0, p)),
            PositionIx(0),
        );
        let mut histories: Vec<Vec<PositionIx>> = Vec::new();
        for run in by_pair
            .items
            .chunk_by(|a, b| position_ends[a.0 as usize].0 == position_ends[b.0 as usize].0)
            .flat_map(|mine| {
                mine.chunk_by(|a, b| position_ends[a.0 as usize].1 == position_ends[b.0 as usize].1)
            })
        {
            if run.len() > 1 {
                let mut history = run.to_vec();
                history.sort_by_key(|p| (dates[p.0 as usize], p.0));
                histories.push(history);
            }
        }
        // In a fixed order: by each one's first position in the file.
        histories.sort_by_key(|list| list.iter().map(|p| p.0).min());
        let mut history_of = vec![u32::MAX; position_ends.len()];
        for (h, list) in histories.iter().enumerate() {
            for p in list {
                history_of[p.0 as usize] = h as u32;
            }
        }
        Self {
            graph,
            actor_nodes,
            issue_nodes,
            by_actor,
            by_issue,
            represented_by,
            position_ends,
            represents,
            dates,
            histories,
            history_of,
            tally,
        }
    }

    /// The positions counted by stance.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// A position's date (its own, else its source's).
    pub fn date_of(&self, position: PositionIx) -> Option<Date> {
        self.dates.get(position.0 as usize).copied().flatten()
    }

    /// Every position's date (its own, else its source's), by position.
    pub fn dates(&self) -> &[Option<Date>] {
        &self.dates
    }

    /// Every position of the same actor on the same issue, oldest first (undated first);
    /// just this one when it is the pair's only position.
    pub fn history(&self, position: PositionIx) -> Vec<PositionIx> {
        match self.history_of.get(position.0 as usize) {
            Some(&h) if h != u32::MAX => self.histories[h as usize].clone(),
            _ => vec![position],
        }
    }

    /// Whether any actor holds several positions on one issue.
    pub fn has_histories(&self) -> bool {
        !self.histories.is_empty()
    }

    /// Whether this position's actor holds other positions on its issue.
    pub fn has_history(&self, position: PositionIx) -> bool {
        self.history_of
            .get(position.0 as usize)
            .is_some_and(|&h| h != u32::MAX)
    }

    /// How many positions the graph holds.
    pub fn position_count(&self) -> usize {
        self.position_ends.len()
    }

    /// Whether the stance of this position's actor on its issue changed over time (the pair
    /// has positions with different stances).
    pub fn stance_changed(&self, position: PositionIx) -> bool {
        match self.history_of.get(position.0 as usize) {
            Some(&h) if h != u32::MAX => {
                let list = &self.histories[h as usize];
                let first = self.position_ends[list[0].0 as usize].2;
                list.iter()
                    .any(|p| self.position_ends[p.0 as usize].2 != first)
            }
            _ => false,
        }
    }

    /// The positions a time window lets through, by position index; `None` when it lets every
    /// one through.
    fn time_mask(&self, window: &TimeWindow) -> Option<Vec<bool>> {
        if window.is_all() {
            return None;
        }
        let mut mask: Vec<bool> = self.dates.iter().map(|&d| window.admits(d)).collect();
        if window.as_of.is_some() {
            // Of a pair's positions up to the date, only the latest stays.
            for list in &self.histories {
                let latest = list.iter().rev().find(|p| mask[p.0 as usize]).copied();
                for p in list {
                    mask[p.0 as usize] = Some(*p) == latest;
                }
            }
        }
        Some(mask)
    }

    /// The node of an actor.
    pub fn actor_node(&self, actor: ActorIx) -> NodeIndex {
        self.actor_nodes[actor.0 as usize]
    }

    /// The node of an issue.
    pub fn issue_node(&self, issue: IssueIx) -> NodeIndex {
        self.issue_nodes[issue.0 as usize]
    }

    /// What a node stands for.
    pub fn node(&self, node: NodeIndex) -> Option<Node> {
        self.graph.node_weight(node).copied()
    }

    /// The positions an actor takes, in file order.
    pub fn positions_of_actor(&self, actor: ActorIx) -> &[PositionIx] {
        self.by_actor.get(actor.0)
    }

    /// The positions taken on an issue, in file order.
    pub fn positions_on_issue(&self, issue: IssueIx) -> &[PositionIx] {
        self.by_issue.get(issue.0)
    }

    /// The display name, kind (`None` for an issue) and degree of a graph node.
    pub fn node_facts<'a>(
        &self,
        dataset: &'a Dataset,
        node: Node,
    ) -> (&'a str, Option<ActorKind>, usize) {
        match node {
            Node::Actor(a) => {
                let actor = dataset.actor(a);
                (
                    &actor.name,
                    Some(actor.kind),
                    self.positions_of_actor(a).len(),
                )
            }
            Node::Issue(i) => (
                &dataset.issue(i).name,
                None,
                self.positions_on_issue(i).len(),
            ),
        }
    }

    /// The actors that represent this one (e.g. a country's leaders).
    pub fn represented_by(&self, actor: ActorIx) -> &[ActorIx] {
        self.represented_by.get(actor.0)
    }

    /// The subgraph for a set of issues: those issues, every position on them, and the actors
    /// who take those positions.
    pub fn subgraph_for_issues(&self, dataset: &Dataset, issues: &BTreeSet<IssueIx>) -> Subgraph {
        self.subgraph(dataset, &Filter::only_issues(issues.iter().copied()))
    }

    /// The visible part of the graph under a filter.
    ///
    /// Issues shown are the filtered ones; positions shown are those on shown issues whose
    /// stance and actor kind pass. With an issue filter, only actors with a shown position
    /// remain; without one, every actor of a shown kind remains, so a complete view also
    /// shows actors who take no position (e.g. a leader linked only to their country).
    /// `represents` links are shown between shown actors.
    pub fn subgraph(&self, dataset: &Dataset, filter: &Filter) -> Subgraph {
        // Every test below is a lookup in a small table, and each position is read from a
        // compact list of its ends and stance, not from the dataset's large position records:
        // a filter on 200,000 positions is one pass over 2 MB.
        let kind_shown: Vec<bool> = dataset
            .actors
            .iter()
            .map(|a| filter.shows_actor(a))
            .collect();
        let issue_shown: Vec<bool> = dataset
            .issue_ixs()
            .map(|ix| filter.shows_issue(ix))
            .collect();
        // With an issue filter or a time window, only the actors (and, for a time window, the
        // issues) with a shown position remain.
        let timed = !filter.time.is_all();
        let mut actor_visible: Vec<bool> = if filter.issues.is_none() && !timed {
            kind_shown.clone()
        } else {
            vec![false; dataset.actors.len()]
        };
        let mut issue_used = vec![false; dataset.issues.len()];
        let stance_shown = StanceKind::ALL.map(|s| filter.stances.contains(&s));
        let time = self.time_mask(&filter.time);
        // Room for every position and link at once: growing a list of 200,000 by doubling
        // copied it about twenty times.
        let mut position_edges = Vec::with_capacity(if filter.issues.is_some() {
            0
        } else {
            self.position_ends.len() + self.represents.len()
        });
        for (i, &(actor, issue, stance)) in self.position_ends.iter().enumerate() {
            let (actor, issue) = (actor.0 as usize, issue.0 as usize);
            if issue_shown[issue]
                && kind_shown[actor]
                && stance_shown[stance.index()]
                && time.as_ref().is_none_or(|mask| mask[i])
            {
                actor_visible[actor] = true;
                issue_used[issue] = true;
                position_edges.push(EdgeIndex::new(i));
            }
        }
        let mut nodes: Vec<NodeIndex> = dataset
            .actor_ixs()
            .filter(|ix| actor_visible[ix.0 as usize])
            .map(|ix| self.actor_node(ix))
            .collect();
        nodes.extend(
            dataset
                .issue_ixs()
                .filter(|&ix| issue_shown[ix.0 as usize] && (!timed || issue_used[ix.0 as usize]))
                .map(|ix| self.issue_node(ix)),
        );
        let position_count = position_edges.len();
        let mut edges = position_edges;
        let visible = |node| match self.node(node) {
            Some(Node::Actor(ix)) => actor_visible[ix.0 as usize],
            _ => false,
        };
        edges.extend(
            self.represents
                .iter()
                .filter(|&&(_, from, to)| visible(from) && visible(to))
                .map(|&(edge, _, _)| edge),
        );
        Subgraph {
            nodes,
            edges,
            position_count,
        }
    }
}
