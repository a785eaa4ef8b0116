//! How two actors stand to each other, issue by issue, in words a reader can check: on how
//! many issues they agree, disagree or differ, and which statements several actors share.
//!
//! On each issue an actor counts once, with its latest stance there: the position with the
//! latest date (its own, else its source's; undated positions are the oldest), and among
//! positions of the same date the last in file order (as [`super::compare`] takes a pair's
//! stance). Two actors who both took a stance on an issue then:
//! - **agree**: the same stance (both support, both reject, both neutral, or both a condition,
//!   whatever each condition says);
//! - **disagree**: one supports and the other rejects;
//! - **differ**: any other pair (a condition against support or reject, neutral against any
//!   other stance).
//!
//! These are counts of issues, unlike the network's congruence and conflict
//! ([`super::agreement`]), which multiply every position of one actor with every position of
//! the other on an issue.

use std::collections::BTreeMap;

use crate::model::{Dataset, IssueIx, PositionIx, StanceKind};

/// How two actors' stances on one issue relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// One supports, the other rejects.
    Disagree,
    /// Neither the same stance nor support against reject (e.g. a condition against support).
    Differ,
    /// The same stance.
    Agree,
}

impl Relation {
    /// Every relation, in the order the inspector lists them.
    pub const ALL: [Self; 3] = [Self::Disagree, Self::Differ, Self::Agree];

    /// How two stances relate.
    pub fn of(a: StanceKind, b: StanceKind) -> Self {
        match (a, b) {
            _ if a == b => Self::Agree,
            (StanceKind::Support, StanceKind::Reject)
            | (StanceKind::Reject, StanceKind::Support) => Self::Disagree,
            _ => Self::Differ,
        }
    }

    /// Its section heading, naming what it holds.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Disagree => "Disagree (support against reject)",
            Self::Differ => "Differ (a condition or neutral against another stance)",
            Self::Agree => "Agree (the same stance)",
        }
    }
}

/// The latest position on each issue among one actor's `positions` (see the module's rule).
pub fn latest_by_issue(
    dataset: &Dataset,
    positions: impl IntoIterator<Item = PositionIx>,
) -> BTreeMap<IssueIx, PositionIx> {
    let mut latest: BTreeMap<IssueIx, PositionIx> = BTreeMap::new();
    for p in positions {
        let key = |q: PositionIx| (dataset.date_of(q), q.0);
        let issue = dataset.position(p).issue;
        match latest.get(&issue) {
            Some(&q) if key(q) >= key(p) => {}
            _ => {
                latest.insert(issue, p);
            }
        }
    }
    latest
}

/// One issue two actors both took a stance on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SharedIssue {
    /// The issue.
    pub issue: IssueIx,
    /// The first actor's latest position on it.
    pub a: PositionIx,
    /// The second actor's latest position on it.
    pub b: PositionIx,
    /// How the two stances relate.
    pub relation: Relation,
}

/// The issues both actors took a stance on, from each one's positions (any order), with how
/// their latest stances relate; disagreements first, then differences, then agreements, each
/// by issue.
pub fn shared_issues(
    dataset: &Dataset,
    of_a: &[PositionIx],
    of_b: &[PositionIx],
) -> Vec<SharedIssue> {
    let a = latest_by_issue(dataset, of_a.iter().copied());
    let b = latest_by_issue(dataset, of_b.iter().copied());
    let kind = |p: PositionIx| dataset.position(p).stance.kind();
    let mut shared: Vec<SharedIssue> = a
        .iter()
        .filter_map(|(&issue, &pa)| {
            let &pb = b.get(&issue)?;
            Some(SharedIssue {
                issue,
                a: pa,
                b: pb,
                relation: Relation::of(kind(pa), kind(pb)),
            })
        })
        .collect();
    shared.sort_by_key(|s| (s.relation, s.issue));
    shared
}

/// On how many issues two actors agree, disagree and differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCounts {
    /// Issues with the same stance.
    pub agree: usize,
    /// Issues with support against reject.
    pub disagree: usize,
    /// Issues with any other pair of stances.
    pub differ: usize,
}

impl PairCounts {
    /// Counts the shared issues of [`shared_issues`].
    pub fn of(shared: &[SharedIssue]) -> Self {
        let mut counts = Self::default();
        for s in shared {
            match s.relation {
                Relation::Agree => counts.agree += 1,
                Relation::Disagree => counts.disagree += 1,
                Relation::Differ => counts.differ += 1,
            }
        }
        counts
    }

    /// The issues both took a stance on.
    pub fn shared(self) -> usize {
        self.agree + self.disagree + self.differ
    }

    /// "agreed on 7 issues, disagreed on 2 (of 11 both took a stance on)".
    pub fn sentence(self) -> String {
        format!(
            "agreed on {}, disagreed on {} (of {} both took a stance on)",
            issues(self.agree),
            self.disagree,
            self.shared()
        )
    }
}

/// "1 issue", "7 issues".
pub fn issues(n: usize) -> String {
    if n == 1 {
        "1 issue".to_owned()
    } else {
        format!("{n} issues")
    }
}

/// Positions that state the same thing: the same stance (a condition with the same text) and
/// the same words (ignoring surrounding spaces), e.g. a joint statement coded once per
/// signatory. Groups in the order of their first position; within a group, positions keep
/// their order in `positions`. A position that shares its words with no other is a group of one.
pub fn same_statements(dataset: &Dataset, positions: &[PositionIx]) -> Vec<Vec<PositionIx>> {
    let mut groups: Vec<Vec<PositionIx>> = Vec::new();
    let mut index: BTreeMap<(StanceKind, Option<&str>, &str), usize> = BTreeMap::new();
    for &p in positions {
        let position = dataset.position(p);
        let key = (
            position.stance.kind(),
            position.stance.condition(),
            position.quote.trim(),
        );
        let next = groups.len();
        let g = *index.entry(key).or_insert(next);
        if g == next {
            groups.push(Vec::new());
        }
        groups[g].push(p);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorIx, load_str};

    /// By hand. Issues x, y, z, w, v:
    /// - x: A supports; B states a condition → differ.
    /// - y: A rejects; B supports → disagree.
    /// - z: A supported (2020), then rejected (2021); B rejects → A's latest is reject: agree.
    /// - w: A neutral; B rejects undated, then (file order, same missing date) supports → B's
    ///   latest is the support: differ (neutral against support).
    /// - v: A has a condition "if a", B a condition "if b" → agree (both a condition).
    /// - u: only A.
    const PAIRS: &str = r#"(title: "Pairs",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country),
                 (id: "c", name: "C", kind: Country)],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y"), (id: "z", name: "Z"),
                 (id: "w", name: "W"), (id: "v", name: "V"), (id: "u", name: "U")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "a x"),
            (actor: "b", issue: "x", stance: Condition("only with a mandate"), quote: "b x"),
            (actor: "a", issue: "y", stance: Reject, quote: "a y"),
            (actor: "b", issue: "y", stance: Support, quote: "b y"),
            (actor: "a", issue: "z", stance: Reject, quote: "a z later", date: "2021-01-01"),
            (actor: "a", issue: "z", stance: Support, quote: "a z earlier", date: "2020-01-01"),
            (actor: "b", issue: "z", stance: Reject, quote: "b z"),
            (actor: "a", issue: "w", stance: Neutral, quote: "a w"),
            (actor: "b", issue: "w", stance: Reject, quote: "b w first"),
            (actor: "b", issue: "w", stance: Support, quote: "b w second"),
            (actor: "a", issue: "v", stance: Condition("if a"), quote: "a v"),
            (actor: "b", issue: "v", stance: Condition("if b"), quote: "b v"),
            (actor: "a", issue: "u", stance: Support, quote: "a u"),
            (actor: "c", issue: "x", stance: Support, quote: " Together we stand. "),
            (actor: "b", issue: "y", stance: Support, quote: "Together we stand."),
            (actor: "a", issue: "x", stance: Support, quote: "Together we stand."),
            (actor: "c", issue: "y", stance: Reject, quote: "Together we stand."),
        ])"#;

    fn of(d: &Dataset, id: &str) -> Vec<PositionIx> {
        let actor: ActorIx = d.find_actor(id).expect("actor");
        d.position_ixs()
            .filter(|&p| d.position(p).actor == actor)
            .collect()
    }

    fn quote(d: &Dataset, p: PositionIx) -> &str {
        &d.position(p).quote
    }

    #[test]
    fn every_pair_of_stances_by_hand() {
        use StanceKind::{Condition, Neutral, Reject, Support};
        for s in StanceKind::ALL {
            assert_eq!(Relation::of(s, s), Relation::Agree);
        }
        assert_eq!(Relation::of(Support, Reject), Relation::Disagree);
        assert_eq!(Relation::of(Reject, Support), Relation::Disagree);
        for (a, b) in [
            (Support, Condition),
            (Condition, Support),
            (Reject, Condition),
            (Neutral, Reject),
            (Support, Neutral),
            (Condition, Neutral),
        ] {
            assert_eq!(Relation::of(a, b), Relation::Differ, "{a:?} {b:?}");
        }
    }

    #[test]
    fn two_actors_by_their_latest_stance_on_each_issue() {
        let d = load_str(PAIRS, "pairs.ron").expect("valid");
        let shared = shared_issues(&d, &of(&d, "a"), &of(&d, "b"));
        let issue = |s: &SharedIssue| d.issue(s.issue).id.as_str();
        let got: Vec<(&str, Relation, &str, &str)> = shared
            .iter()
            .map(|s| (issue(s), s.relation, quote(&d, s.a), quote(&d, s.b)))
            .collect();
        // Disagreements, differences, agreements; each by issue (file order of issues). On x,
        // A's latest is its last position in file order ("Together we stand."); B's latest on
        // y likewise.
        assert_eq!(
            got,
            vec![
                ("y", Relation::Disagree, "a y", "Together we stand."),
                ("x", Relation::Differ, "Together we stand.", "b x"),
                ("w", Relation::Differ, "a w", "b w second"),
                ("z", Relation::Agree, "a z later", "b z"),
                ("v", Relation::Agree, "a v", "b v"),
            ]
        );
        let counts = PairCounts::of(&shared);
        assert_eq!(
            counts,
            PairCounts {
                agree: 2,
                disagree: 1,
                differ: 2
            }
        );
        assert_eq!(counts.shared(), 5);
        assert_eq!(
            counts.sentence(),
            "agreed on 2 issues, disagreed on 1 (of 5 both took a stance on)"
        );
        // The same pair the other way round: the same relations.
        let back = shared_issues(&d, &of(&d, "b"), &of(&d, "a"));
        assert_eq!(PairCounts::of(&back), counts);
        // No shared issue: nothing, and the sentence says 0.
        let none = shared_issues(&d, &of(&d, "a"), &[]);
        assert!(none.is_empty());
        assert_eq!(
            PairCounts::of(&none).sentence(),
            "agreed on 0 issues, disagreed on 0 (of 0 both took a stance on)"
        );
    }

    #[test]
    fn a_dated_position_is_newer_than_an_undated_one() {
        let d = load_str(PAIRS, "pairs.ron").expect("valid");
        let latest = latest_by_issue(&d, of(&d, "a"));
        let z = d.find_issue("z").expect("z");
        assert_eq!(quote(&d, latest[&z]), "a z later");
        assert_eq!(latest.len(), 6);
        let text = PAIRS.replace(
            "quote: \"a z earlier\", date: \"2020-01-01\"",
            "quote: \"a z earlier\"",
        );
        let undated = load_str(&text, "pairs.ron").expect("valid");
        let latest = latest_by_issue(&undated, of(&undated, "a"));
        assert_eq!(quote(&undated, latest[&z]), "a z later");
    }

    #[test]
    fn the_same_words_with_the_same_stance_are_one_statement() {
        let d = load_str(PAIRS, "pairs.ron").expect("valid");
        let on_x: Vec<PositionIx> = d
            .position_ixs()
            .filter(|&p| d.issue(d.position(p).issue).id == "x")
            .collect();
        let groups = same_statements(&d, &on_x);
        let quotes: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|&p| quote(&d, p)).collect())
            .collect();
        // C's and A's support of x share their words (spaces aside); B's condition stands alone.
        assert_eq!(
            quotes,
            vec![
                vec!["a x"],
                vec!["b x"],
                vec![" Together we stand. ", "Together we stand."],
            ]
        );
        // The same words with another stance are another statement.
        let on_y: Vec<PositionIx> = d
            .position_ixs()
            .filter(|&p| d.issue(d.position(p).issue).id == "y")
            .collect();
        assert_eq!(same_statements(&d, &on_y).len(), 4);
    }
}
