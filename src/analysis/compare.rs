//! Who moved: the latest stance of each (actor, issue) pair on two sides (two dates of one
//! file, or two files), compared. Pairs are matched by the actor's and the issue's ids.

use std::collections::BTreeMap;

use crate::document::table::stance_text;
use crate::model::{Dataset, Date, PositionIx};

/// How a pair differs between the two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Another stance on the second side.
    Changed,
    /// Only on the second side.
    Added,
    /// Only on the first side.
    Removed,
}

impl ChangeKind {
    /// Its name in a CSV's `change` column.
    pub fn name(self) -> &'static str {
        match self {
            Self::Changed => "changed",
            Self::Added => "added",
            Self::Removed => "removed",
        }
    }
}

/// One side of a pair: the latest stance, its date and quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    /// "Support", "Condition: text", …
    pub stance: String,
    /// When, if known.
    pub date: Option<Date>,
    /// The words.
    pub quote: String,
}

/// A pair that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How.
    pub kind: ChangeKind,
    /// The actor's id and name.
    pub actor: (String, String),
    /// The issue's id and name.
    pub issue: (String, String),
    /// Before (not for an added pair).
    pub before: Option<Side>,
    /// After (not for a removed pair).
    pub after: Option<Side>,
}

/// The positions known on a day: those dated up to it, and the undated ones (as `--to`
/// keeps them), in file order.
pub fn positions_until(dataset: &Dataset, day: Date) -> Vec<PositionIx> {
    dataset
        .position_ixs()
        .filter(|&p| dataset.date_of(p).is_none_or(|d| d <= day))
        .collect()
}

/// One file at two dates: what changed from the first day to the second (as `stancemap diff
/// FILE --at FIRST --at SECOND` without filters).
pub fn compare_dates(dataset: &Dataset, first: Date, second: Date) -> Vec<Change> {
    compare(
        (dataset, positions_until(dataset, first)),
        (dataset, positions_until(dataset, second)),
    )
    .0
}

/// How many issues have positions on both sides of a comparison of two days: one known on the
/// first day (dated up to it, or undated) and one dated after it, up to the second. Only such
/// an issue can show a changed stance; a file whose issues are each stated on one day (a roll
/// call per issue) has none, and every difference is an issue added.
pub fn issues_on_both_sides(dataset: &Dataset, first: Date, second: Date) -> usize {
    let mut sides = vec![(false, false); dataset.issues.len()];
    for p in dataset.position_ixs() {
        let side = &mut sides[dataset.position(p).issue.0 as usize];
        match dataset.date_of(p) {
            None => side.0 = true,
            Some(d) if d <= first => side.0 = true,
            Some(d) if d <= second => side.1 = true,
            Some(_) => {}
        }
    }
    sides.iter().filter(|&&(a, b)| a && b).count()
}

/// The latest position of each pair among `positions`: by date (undated oldest), then file
/// order. Keyed by the actor's and the issue's ids.
fn latest(
    dataset: &Dataset,
    positions: impl IntoIterator<Item = PositionIx>,
) -> BTreeMap<(String, String), PositionIx> {
    let mut out: BTreeMap<(String, String), PositionIx> = BTreeMap::new();
    for p in positions {
        let position = dataset.position(p);
        let key = (
            dataset.actor(position.actor).id.clone(),
            dataset.issue(position.issue).id.clone(),
        );
        let newer = |q: PositionIx| (dataset.date_of(p), p.0) > (dataset.date_of(q), q.0);
        match out.get(&key) {
            Some(&q) if !newer(q) => {}
            _ => {
                out.insert(key, p);
            }
        }
    }
    out
}

fn side(dataset: &Dataset, p: PositionIx) -> Side {
    let position = dataset.position(p);
    Side {
        stance: stance_text(&position.stance),
        date: dataset.date_of(p),
        quote: position.quote.clone(),
    }
}

/// What changed from `before` to `after`, and notes on ids that name different things on the
/// two sides. Changes are sorted by actor name, then issue name.
pub fn compare(
    before: (&Dataset, Vec<PositionIx>),
    after: (&Dataset, Vec<PositionIx>),
) -> (Vec<Change>, Vec<String>) {
    let (first, second) = (before.0, after.0);
    let old = latest(first, before.1);
    let new = latest(second, after.1);
    let names = |d: &Dataset, (actor, issue): &(String, String)| {
        let actor_name = d
            .find_actor(actor)
            .map_or_else(|| actor.clone(), |x| d.actor(x).name.clone());
        let issue_name = d
            .find_issue(issue)
            .map_or_else(|| issue.clone(), |x| d.issue(x).name.clone());
        ((actor.clone(), actor_name), (issue.clone(), issue_name))
    };
    let mut changes = Vec::new();
    for (key, &was) in &old {
        if let Some(&now) = new.get(key) {
            let (then_side, now_side) = (side(first, was), side(second, now));
            if then_side.stance != now_side.stance {
                let (actor, issue) = names(second, key);
                changes.push(Change {
                    kind: ChangeKind::Changed,
                    actor,
                    issue,
                    before: Some(then_side),
                    after: Some(now_side),
                });
            }
        } else {
            let (actor, issue) = names(first, key);
            changes.push(Change {
                kind: ChangeKind::Removed,
                actor,
                issue,
                before: Some(side(first, was)),
                after: None,
            });
        }
    }
    for (key, &now) in &new {
        if !old.contains_key(key) {
            let (actor, issue) = names(second, key);
            changes.push(Change {
                kind: ChangeKind::Added,
                actor,
                issue,
                before: None,
                after: Some(side(second, now)),
            });
        }
    }
    changes.sort_by(|x, y| {
        (x.actor.1.to_lowercase(), x.issue.1.to_lowercase(), x.kind).cmp(&(
            y.actor.1.to_lowercase(),
            y.issue.1.to_lowercase(),
            y.kind,
        ))
    });
    // The same id naming different things on the two sides.
    let mut notes = Vec::new();
    if !std::ptr::eq(first, second) {
        for actor in &first.actors {
            if let Some(other) = second.find_actor(&actor.id)
                && second.actor(other).name != actor.name
            {
                notes.push(format!(
                    "actor {:?} is {:?} on one side and {:?} on the other",
                    actor.id,
                    actor.name,
                    second.actor(other).name
                ));
            }
        }
        for issue in &first.issues {
            if let Some(other) = second.find_issue(&issue.id)
                && second.issue(other).name != issue.name
            {
                notes.push(format!(
                    "issue {:?} is {:?} on one side and {:?} on the other",
                    issue.id,
                    issue.name,
                    second.issue(other).name
                ));
            }
        }
    }
    (changes, notes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn issues_on_both_sides_count_only_issues_stated_before_and_after_the_first_day() {
        let text = r#"(title: "T",
            actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
            issues: [(id: "x", name: "X"), (id: "y", name: "Y"), (id: "z", name: "Z")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "1", date: "2020-01-01"),
                (actor: "b", issue: "x", stance: Reject, quote: "2", date: "2020-06-01"),
                (actor: "a", issue: "y", stance: Support, quote: "3", date: "2020-06-01"),
                (actor: "b", issue: "y", stance: Support, quote: "4", date: "2020-07-01"),
                (actor: "a", issue: "z", stance: Support, quote: "5"),
                (actor: "b", issue: "z", stance: Support, quote: "6", date: "2021-01-01"),
            ])"#;
        let dataset = crate::model::load_str(text, "t.ron").expect("valid");
        let day = |s: &str| Date::parse(s).expect("date");
        // x: before and after; y: both after; z: undated (known before), the other past the
        // second day.
        assert_eq!(
            issues_on_both_sides(&dataset, day("2020-03-01"), day("2020-12-31")),
            1
        );
        // With the second day later, z counts too.
        assert_eq!(
            issues_on_both_sides(&dataset, day("2020-03-01"), day("2021-12-31")),
            2
        );
    }

    use super::*;
    use crate::model::load_str;

    const FILE: &str = r#"(title: "T",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "yes then", date: "2020-01-01"),
            (actor: "a", issue: "x", stance: Reject, quote: "no now", date: "2021-01-01"),
            (actor: "b", issue: "x", stance: Support, quote: "b yes", date: "2020-06-01"),
            (actor: "b", issue: "y", stance: Neutral, quote: "b abstains", date: "2021-06-01"),
        ])"#;

    fn at(d: &Dataset, date: &str) -> Vec<PositionIx> {
        let date = Date::parse(date).expect("date");
        d.position_ixs()
            .filter(|&p| d.date_of(p).is_some_and(|x| x <= date))
            .collect()
    }

    #[test]
    fn a_file_at_two_dates_by_hand() {
        let d = load_str(FILE, "t.ron").expect("valid");
        let (changes, notes) = compare((&d, at(&d, "2020-12-31")), (&d, at(&d, "2021-12-31")));
        assert!(notes.is_empty());
        // A moved from support to reject on X; B's stance on Y is new; B on X did not move.
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Changed);
        assert_eq!(changes[0].actor.0, "a");
        assert_eq!(
            changes[0].before.as_ref().map(|s| s.stance.as_str()),
            Some("Support")
        );
        assert_eq!(
            changes[0].after.as_ref().map(|s| s.quote.as_str()),
            Some("no now")
        );
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changes[1].issue.1, "Y");
        // The other way round: a removal and the reverse change.
        let (back, _) = compare((&d, at(&d, "2021-12-31")), (&d, at(&d, "2020-12-31")));
        assert_eq!(
            back.iter()
                .filter(|c| c.kind == ChangeKind::Removed)
                .count(),
            1
        );
        // The same side twice: nothing.
        let (none, _) = compare((&d, at(&d, "2021-12-31")), (&d, at(&d, "2021-12-31")));
        assert!(none.is_empty());
    }

    #[test]
    fn the_window_s_two_dates_are_the_cli_s_two_dates() {
        let d = load_str(FILE, "t.ron").expect("valid");
        let day = |t: &str| Date::parse(t).expect("date");
        let changes = compare_dates(&d, day("2020-12-31"), day("2021-12-31"));
        let (by_hand, _) = compare((&d, at(&d, "2020-12-31")), (&d, at(&d, "2021-12-31")));
        assert_eq!(changes, by_hand);
        // Before every date, every pair of the second day is new.
        let from_nothing = compare_dates(&d, day("2019-01-01"), day("2021-12-31"));
        assert_eq!(from_nothing.len(), 3);
        assert!(from_nothing.iter().all(|c| c.kind == ChangeKind::Added));
    }

    #[test]
    fn ids_naming_different_things_are_noted() {
        let a = load_str(FILE, "a.ron").expect("valid");
        let b = load_str(&FILE.replace("name: \"B\"", "name: \"Bee\""), "b.ron").expect("valid");
        let (changes, notes) = compare(
            (&a, a.position_ixs().collect()),
            (&b, b.position_ixs().collect()),
        );
        assert!(changes.is_empty());
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("\"Bee\""));
    }
}
