//! Filters built one way: a [`FilterSpec`] names issues, tags, stances and kinds of actor by
//! their ids and words, as the command line and the saved window state do, and resolves
//! against a dataset into the graph's index-based [`Filter`]. Search matching lives here too,
//! so the filter panel and the table find the same things.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::graph::{Filter, TimeWindow};
use crate::model::{self, Actor, ActorKind, Dataset, Date, Issue, StanceKind};

/// A filter by ids, before it meets a dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterSpec {
    /// Issues shown, by id; `None` (and no tags) shows every issue.
    pub issues: Option<BTreeSet<String>>,
    /// Tags whose issues are shown, besides `issues`.
    pub tags: BTreeSet<String>,
    /// Stances switched off.
    pub hidden_stances: BTreeSet<StanceKind>,
    /// Kinds of actor switched off.
    pub hidden_kinds: BTreeSet<ActorKind>,
    /// No position dated before this (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// No position dated after this.
    pub to: Option<String>,
    /// Each actor's latest position per issue up to this date.
    pub as_of: Option<String>,
    /// Positions without a date are left out.
    pub hide_undated: bool,
    /// Values of actor attributes switched off, by attribute (`(none)`: actors without it).
    pub hidden_values: std::collections::BTreeMap<String, BTreeSet<String>>,
}

/// Why a filter cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    /// An id or tag the dataset does not have.
    #[error(transparent)]
    Unknown(#[from] UnknownId),
    /// A date that is not one.
    #[error("{option} {value:?} is not a date: {reason}")]
    BadDate {
        /// `--from`, `--to` or `--as-of`.
        option: &'static str,
        /// As given.
        value: String,
        /// Why.
        reason: String,
    },
    /// The range ends before it starts.
    #[error("--from {from} is after --to {to}: nothing would be shown")]
    Backwards {
        /// The start.
        from: Date,
        /// The end.
        to: Date,
    },
}

/// An id or tag the dataset does not have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {id:?}{}", suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
pub struct UnknownId {
    /// "issue", "tag", "actor or issue".
    pub what: &'static str,
    /// What was asked for.
    pub id: String,
    /// The closest the dataset has.
    pub suggestion: Option<String>,
}

impl UnknownId {
    /// The error for `id`, suggesting the closest of `candidates`.
    pub fn new<'a>(
        what: &'static str,
        id: &str,
        candidates: impl Iterator<Item = &'a str>,
    ) -> Self {
        Self {
            what,
            id: id.to_owned(),
            suggestion: model::suggest(id, candidates),
        }
    }
}

impl FilterSpec {
    /// The spec of a resolved filter (what the window saves).
    pub fn of(filter: &Filter, dataset: &Dataset) -> Self {
        Self {
            issues: filter
                .issues
                .as_ref()
                .map(|set| set.iter().map(|&i| dataset.issue(i).id.clone()).collect()),
            tags: BTreeSet::new(),
            hidden_stances: StanceKind::ALL
                .into_iter()
                .filter(|s| !filter.stances.contains(s))
                .collect(),
            hidden_kinds: ActorKind::ALL
                .into_iter()
                .filter(|k| !filter.actor_kinds.contains(k))
                .collect(),
            from: filter.time.from.map(|d| d.to_string()),
            to: filter.time.to.map(|d| d.to_string()),
            as_of: filter.time.as_of.map(|d| d.to_string()),
            hide_undated: filter.time.hide_undated,
            hidden_values: filter.hidden_values.clone(),
        }
    }

    /// The time window this spec asks for; a bad date or a backwards range is an error.
    fn time(&self) -> Result<TimeWindow, FilterError> {
        let date =
            |option: &'static str, value: &Option<String>| -> Result<Option<Date>, FilterError> {
                value
                    .as_deref()
                    .map(|v| {
                        Date::parse(v.trim()).map_err(|reason| FilterError::BadDate {
                            option,
                            value: v.to_owned(),
                            reason,
                        })
                    })
                    .transpose()
            };
        let window = TimeWindow {
            from: date("--from", &self.from)?,
            to: date("--to", &self.to)?,
            as_of: date("--as-of", &self.as_of)?,
            hide_undated: self.hide_undated,
        };
        if let (Some(from), Some(to)) = (window.from, window.to)
            && from > to
        {
            return Err(FilterError::Backwards { from, to });
        }
        Ok(window)
    }

    /// The filter this spec asks for; every unknown issue id or tag is an error with a
    /// suggestion (the command line).
    pub fn resolve(&self, dataset: &Dataset) -> Result<Filter, FilterError> {
        let mut filter = self.toggles();
        filter.time = self.time()?;
        let names = dataset.attribute_names();
        for (name, hidden) in &self.hidden_values {
            if !names.contains(&name.as_str()) {
                return Err(UnknownId::new("attribute", name, names.iter().copied()).into());
            }
            let mut values: BTreeSet<&str> = dataset
                .actors
                .iter()
                .filter_map(|a| a.attributes.get(name).map(String::as_str))
                .collect();
            values.insert(crate::model::NO_VALUE);
            for value in hidden {
                if !values.contains(value.as_str()) {
                    let what = "attribute value";
                    return Err(UnknownId::new(what, value, values.iter().copied()).into());
                }
            }
        }
        if self.issues.is_some() || !self.tags.is_empty() {
            let mut issues = BTreeSet::new();
            for id in self.issues.iter().flatten() {
                let issue = dataset.find_issue(id).ok_or_else(|| {
                    UnknownId::new("issue", id, dataset.issues.iter().map(|i| i.id.as_str()))
                })?;
                issues.insert(issue);
            }
            let tags = dataset.tags();
            for tag in &self.tags {
                if !tags.contains(tag) {
                    return Err(UnknownId::new("tag", tag, tags.iter().map(String::as_str)).into());
                }
                issues.extend(
                    dataset
                        .issue_ixs()
                        .filter(|&i| dataset.issue(i).tags.contains(tag)),
                );
            }
            filter.issues = Some(issues);
        }
        Ok(filter)
    }

    /// The filter this spec asks for, leaving out what the dataset lacks (a saved filter
    /// meeting an edited file). Saved issues that all vanished mean another file: then every
    /// issue is shown.
    pub fn resolve_leniently(&self, dataset: &Dataset) -> Filter {
        let mut filter = self.toggles();
        filter.time = self.time().unwrap_or_default();
        let ids = self.issues.iter().flatten();
        let mut issues: BTreeSet<_> = ids.filter_map(|id| dataset.find_issue(id)).collect();
        for tag in &self.tags {
            issues.extend(
                dataset
                    .issue_ixs()
                    .filter(|&i| dataset.issue(i).tags.contains(tag)),
            );
        }
        let asked = self.issues.as_ref().map_or(0, BTreeSet::len) + self.tags.len();
        let restricted = self.issues.is_some() || !self.tags.is_empty();
        if restricted && (asked == 0 || !issues.is_empty()) {
            filter.issues = Some(issues);
        }
        filter
    }

    /// The stance and kind toggles, every issue shown.
    fn toggles(&self) -> Filter {
        Filter {
            issues: None,
            stances: StanceKind::ALL
                .into_iter()
                .filter(|s| !self.hidden_stances.contains(s))
                .collect(),
            actor_kinds: ActorKind::ALL
                .into_iter()
                .filter(|k| !self.hidden_kinds.contains(k))
                .collect(),
            time: TimeWindow::default(),
            hidden_values: self.hidden_values.clone(),
        }
    }
}

/// A search text, lower-cased once, matched against names, ids and tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    needle: String,
}

impl Search {
    /// The search for a text typed in (trimmed; case does not matter).
    pub fn new(text: &str) -> Self {
        Self {
            needle: text.trim().to_lowercase(),
        }
    }

    /// Whether there is nothing to search for (everything matches).
    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    /// Whether an actor's name or id contains the text.
    pub fn matches_actor(&self, actor: &Actor) -> bool {
        self.is_empty() || contains(&actor.name, &self.needle) || actor.id.contains(&self.needle)
    }

    /// Whether an issue's name, id or one of its tags contains the text.
    pub fn matches_issue(&self, issue: &Issue) -> bool {
        self.is_empty()
            || contains(&issue.name, &self.needle)
            || issue.id.contains(&self.needle)
            || issue.tags.iter().any(|t| contains(t, &self.needle))
    }
}

fn contains(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(needle)
}
