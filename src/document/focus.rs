//! One issue in focus: when the filter shows a single issue, its actors are shown in stance
//! groups below it (support, condition, neutral, reject, each captioned with its count) instead
//! of where the force layout put them; see [`crate::layout::stance`]. The force layout comes
//! back as soon as more issues are shown.

use emath::{Pos2, Rect};

use crate::graph::{Edge, Node, StanceGraph, Subgraph};
use crate::layout::LayoutRequest;
use crate::layout::stance::{self, StanceItem};
use crate::model::{ActorIx, Dataset, IssueIx, StanceKind};
use crate::style;

/// The order of the groups, left to right: from agreement to refusal.
pub const GROUP_ORDER: [StanceKind; 4] = [
    StanceKind::Support,
    StanceKind::Condition,
    StanceKind::Neutral,
    StanceKind::Reject,
];

/// The stance picture of the one issue shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Focus {
    /// The issue.
    pub issue: IssueIx,
    /// The groups that have actors, left to right.
    pub groups: Vec<FocusGroup>,
    /// Whether the groups have more than one row: then one line from the issue to each
    /// group stands for its actors' lines, which would cross the names in the way.
    pub trunks: bool,
    /// Where the groups' lines start: just under the issue's label.
    pub stem: Pos2,
    /// Where each shown node goes: (graph node index, centre), the issue first.
    pub places: Vec<(usize, Pos2)>,
}

/// One stance group of a [`Focus`].
#[derive(Clone, Debug, PartialEq)]
pub struct FocusGroup {
    /// The stance its actors hold (their latest shown one); `None`: actors shown without a
    /// position on the issue (a dataset of one issue shows every actor).
    pub stance: Option<StanceKind>,
    /// Its actors, in the order shown (by kind, then name).
    pub actors: Vec<ActorIx>,
    /// Its frame, in world units.
    pub frame: Rect,
    /// The middle of its caption's left end, in world units.
    pub caption_at: Pos2,
}

impl Focus {
    /// Moves the whole picture by `delta` (its issue moved).
    pub(super) fn translate(&mut self, delta: emath::Vec2) {
        for (_, at) in &mut self.places {
            *at += delta;
        }
        self.stem += delta;
        for group in &mut self.groups {
            group.frame = group.frame.translate(delta);
            group.caption_at += delta;
        }
    }
}

impl FocusGroup {
    /// The caption: "Support · 71".
    pub fn caption(&self) -> String {
        let name = self.stance.map_or("No position", StanceKind::label);
        format!("{name} · {}", self.actors.len())
    }
}

/// An actor's name as one line, and its size: how a stance picture labels an actor whose name
/// is wrapped for a label below its node.
pub fn one_line_label(name: &str) -> (String, emath::Vec2) {
    let line = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let size = style::label_size(std::slice::from_ref(&line));
    (line, size)
}

/// The one issue the subgraph shows, if it shows exactly one.
pub fn single_issue(graph: &StanceGraph, visible: &Subgraph) -> Option<IssueIx> {
    let mut issues = visible.nodes.iter().filter_map(|&n| match graph.node(n) {
        Some(Node::Issue(i)) => Some(i),
        _ => None,
    });
    let first = issues.next()?;
    issues.next().is_none().then_some(first)
}

/// Each shown actor's stance on the issue: its latest shown position's (by date, then file
/// order, as the graph's histories keep them), `None` for an actor with no shown position.
fn latest_stances(
    graph: &StanceGraph,
    visible: &Subgraph,
    actor_count: usize,
) -> Vec<Option<(usize, StanceKind)>> {
    // (rank in the pair's history, stance) of the latest shown position of each actor.
    let mut latest: Vec<Option<(usize, StanceKind)>> = vec![None; actor_count];
    let raw = graph.graph.raw_edges();
    for &edge in &visible.edges[..visible.position_count] {
        let Some(Edge::Position { position, stance }) = raw.get(edge.index()).map(|e| e.weight)
        else {
            continue;
        };
        let Some(Node::Actor(actor)) = raw.get(edge.index()).and_then(|e| graph.node(e.source()))
        else {
            continue;
        };
        let rank = if graph.has_history(position) {
            graph
                .history(position)
                .iter()
                .position(|&q| q == position)
                .unwrap_or(0)
        } else {
            0
        };
        let slot = &mut latest[actor.0 as usize];
        if slot.is_none_or(|(r, _)| rank >= r) {
            *slot = Some((rank, stance));
        }
    }
    latest
}

/// The stance picture of the subgraph when it shows exactly one issue, with the issue kept at
/// `anchor` (where the force layout has it, so the picture opens in place).
pub fn focus(
    dataset: &Dataset,
    graph: &StanceGraph,
    visible: &Subgraph,
    request: &LayoutRequest,
    anchor: Pos2,
) -> Option<Focus> {
    let issue = single_issue(graph, visible)?;
    let latest = latest_stances(graph, visible, dataset.actors.len());
    let group_of = |stance: Option<StanceKind>| match stance {
        Some(s) => GROUP_ORDER.iter().position(|&g| g == s).unwrap_or(0),
        None => GROUP_ORDER.len(),
    };
    let mut members: Vec<Vec<ActorIx>> = vec![Vec::new(); GROUP_ORDER.len() + 1];
    for &n in &visible.nodes {
        if let Some(Node::Actor(a)) = graph.node(n) {
            let stance = latest[a.0 as usize].map(|(_, s)| s);
            members[group_of(stance)].push(a);
        }
    }
    for group in &mut members {
        group.sort_by_cached_key(|&a| {
            let actor = dataset.actor(a);
            (actor.kind, actor.name.to_lowercase(), a)
        });
    }
    let fallback = StanceItem {
        half_size: emath::Vec2::splat(10.0),
        box_offset: emath::Vec2::ZERO,
    };
    // The issue keeps its label below; the actors' labels are set to their right.
    let issue_item = |node: usize| {
        request.nodes.get(node).map_or(fallback, |n| StanceItem {
            half_size: n.half_size,
            box_offset: n.box_offset,
        })
    };
    let item_of = |actor: ActorIx| {
        let node = graph.actor_node(actor).index();
        request.nodes.get(node).map_or(fallback, |n| {
            let mut label = super::layout::label_of(n);
            // A name wrapped for a label below reads in one line beside its node (the scene
            // sets it so: `one_line_label`).
            if label.y > style::LABEL_LINE_HEIGHT * 1.5 {
                label = one_line_label(&dataset.actor(actor).name).1;
            }
            let (half_size, box_offset) = super::layout::right_label_box(n, label);
            StanceItem {
                half_size,
                box_offset,
            }
        })
    };
    let items: Vec<Vec<StanceItem>> = members
        .iter()
        .map(|group| group.iter().map(|&a| item_of(a)).collect())
        .collect();
    let issue_node = graph.issue_node(issue).index();
    let arrangement = stance::arrange(issue_item(issue_node), &items, anchor);
    let mut places = Vec::with_capacity(visible.nodes.len());
    places.push((issue_node, arrangement.issue));
    let mut groups = Vec::new();
    for (g, actors) in members.into_iter().enumerate() {
        if actors.is_empty() {
            continue;
        }
        for (&a, &at) in actors.iter().zip(&arrangement.positions[g]) {
            places.push((graph.actor_node(a).index(), at));
        }
        groups.push(FocusGroup {
            stance: GROUP_ORDER.get(g).copied(),
            actors,
            frame: arrangement.frames[g],
            caption_at: arrangement.captions[g],
        });
    }
    Some(Focus {
        issue,
        trunks: arrangement.rows > 1,
        stem: arrangement.stem,
        groups,
        places,
    })
}
