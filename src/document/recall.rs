//! A selection found again after an edit: remembered by ids before it, looked up in the
//! edited dataset after it (a renamed id followed).

use std::collections::HashMap;

use super::Selection;
use crate::graph::{Node, StanceGraph};
use crate::model::{Dataset, IssueIx};

/// A selection by ids, to find again after an edit.
pub(super) enum Remembered {
    Actor(String),
    Issue(String),
    Actors(String, String),
    Pair(String, String),
    Position(String, String, String),
}

pub(super) fn remember(dataset: &Dataset, selection: Selection) -> Remembered {
    let actor = |a: crate::model::ActorIx| dataset.actor(a).id.clone();
    let issue = |i: IssueIx| dataset.issue(i).id.clone();
    match selection {
        Selection::Node(Node::Actor(a)) => Remembered::Actor(actor(a)),
        Selection::Node(Node::Issue(i)) => Remembered::Issue(issue(i)),
        Selection::Actors(a, b) => Remembered::Actors(actor(a), actor(b)),
        Selection::Pair(a, i) => Remembered::Pair(actor(a), issue(i)),
        Selection::Position(p) => {
            let position = dataset.position(p);
            Remembered::Position(
                actor(position.actor),
                issue(position.issue),
                position.quote.clone(),
            )
        }
    }
}

/// A remembered selection in the edited dataset (a renamed id followed).
pub(super) fn recall(
    dataset: &Dataset,
    graph: &StanceGraph,
    remembered: &Remembered,
    renamed: &HashMap<String, String>,
) -> Option<Selection> {
    let actor = |id: &str| {
        let key = format!("actor:{id}");
        let key = renamed.get(&key).unwrap_or(&key);
        dataset.find_actor(&key["actor:".len()..])
    };
    let issue = |id: &str| {
        let key = format!("issue:{id}");
        let key = renamed.get(&key).unwrap_or(&key);
        dataset.find_issue(&key["issue:".len()..])
    };
    match remembered {
        Remembered::Actor(a) => actor(a).map(|a| Selection::Node(Node::Actor(a))),
        Remembered::Issue(i) => issue(i).map(|i| Selection::Node(Node::Issue(i))),
        Remembered::Actors(a, b) => Some(Selection::Actors(actor(a)?, actor(b)?)),
        Remembered::Pair(a, i) => Some(Selection::Pair(actor(a)?, issue(i)?)),
        Remembered::Position(a, i, quote) => {
            let (a, i) = (actor(a)?, issue(i)?);
            graph
                .positions_of_actor(a)
                .iter()
                .copied()
                .find(|&q| {
                    let now = dataset.position(q);
                    now.issue == i && now.quote == *quote
                })
                .map(Selection::Position)
        }
    }
}
