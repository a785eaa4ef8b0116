//! The validated data model: what a `positions.ron` file means once every reference is resolved.
//!
//! Nothing here knows about files, syntax or the GUI. [`load`] turns text into a [`Dataset`];
//! once you hold one, every index in it is valid, every date is a calendar date and every url is
//! http(s), so later layers never re-check and never panic on user data.

mod date;
mod dna;
mod draft;
mod edit;
mod load;
mod locate;
mod problem;
mod raw;
mod save;
mod source;
mod source_text;
pub mod table;
mod validate;
mod write;

use std::collections::BTreeMap;
use std::collections::HashMap;

pub use date::Date;
pub use dna::{DEFAULT_STATEMENT_TYPE, load_dna};
pub use draft::{ActorDraft, IssueDraft, PositionDraft, SourceDraft};
pub use edit::StepError;
pub use load::{
    FileKind, MAX_FILE_BYTES, load_bytes, load_bytes_in, load_file, load_file_keeping,
    load_file_with, load_str, load_str_in,
};
pub use problem::{LoadError, Location, Problem, ProblemKind};
pub use save::{SaveError, Saved, backup_path, keep_previous, save, save_mapped, write_atomic};
pub use source::{DataSource, SEED_NAME, SEED_RON};
pub use source_text::{Passage, QuoteSearch, SourceText, html_text};
pub use validate::suggest;
pub use write::{EntryMap, Origin, Origins, WriteError, write};

/// Index of a [`Source`] in [`Dataset::sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceIx(pub u32);

/// Index of an [`Actor`] in [`Dataset::actors`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorIx(pub u32);

/// Index of an [`Issue`] in [`Dataset::issues`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueIx(pub u32);

/// Index of a [`Position`] in [`Dataset::positions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PositionIx(pub u32);

/// How an actor without an attribute is named where its value would be (a group, a legend
/// row, a filter's value to tick): `(none)`.
pub const NO_VALUE: &str = "(none)";

/// A whole, validated positions file.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// What the dataset is about, shown as the window and snapshot title.
    pub title: String,

    /// A longer description, if the file gives one.
    pub description: Option<String>,

    /// Where the quotes come from.
    pub sources: Vec<Source>,

    /// Countries, leaders, organisations and groups that take positions.
    pub actors: Vec<Actor>,

    /// The questions positions are taken on.
    pub issues: Vec<Issue>,

    /// Who stands where, each with the quote that proves it.
    pub positions: Vec<Position>,

    /// What loading decided on the reader's behalf (a table's names that became the same id
    /// and were told apart, …), to show beside the summary.
    pub notes: Vec<String>,

    /// Every id (sources, actors and issues share one namespace) to what it names.
    ids: HashMap<String, Entity>,
}

/// The id table of these lists (the first of two equal ids wins, as the loader reports the
/// second).
pub(crate) fn id_table(
    sources: &[Source],
    actors: &[Actor],
    issues: &[Issue],
) -> HashMap<String, Entity> {
    let mut ids = HashMap::with_capacity(sources.len() + actors.len() + issues.len());
    let entries = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.id, Entity::Source(SourceIx(i as u32))))
        .chain(
            actors
                .iter()
                .enumerate()
                .map(|(i, a)| (&a.id, Entity::Actor(ActorIx(i as u32)))),
        )
        .chain(
            issues
                .iter()
                .enumerate()
                .map(|(i, s)| (&s.id, Entity::Issue(IssueIx(i as u32)))),
        );
    for (id, entity) in entries {
        ids.entry(id.clone()).or_insert(entity);
    }
    ids
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entity {
    /// A source.
    Source(SourceIx),

    /// An actor.
    Actor(ActorIx),

    /// An issue.
    Issue(IssueIx),
}

/// A document the quotes are taken from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Unique id.
    pub id: String,

    /// The document's title.
    pub title: String,

    /// Who published it, if known.
    pub publisher: Option<String>,

    /// Where to read it (http or https).
    pub url: Option<String>,

    /// When it was published.
    pub date: Option<Date>,

    /// Its full text, when the file gives it, with the passages its positions quote.
    pub text: Option<SourceText>,
}

/// What sort of actor this is; decides the node's shape and colour.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ActorKind {
    /// A state.
    Country,

    /// A person who speaks for a country or organisation.
    Leader,

    /// An organisation, alliance or named group.
    Organization,

    /// An individual who is not a state's leader: a member of parliament, an official, an
    /// expert.
    Person,
}

impl ActorKind {
    /// Every kind, in display order.
    pub const ALL: [Self; 4] = [
        Self::Country,
        Self::Leader,
        Self::Organization,
        Self::Person,
    ];

    /// Human-readable name ("Country").
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "Country",
            Self::Leader => "Leader",
            Self::Organization => "Organization",
            Self::Person => "Person",
        }
    }

    /// The kind's plural, as lists name it ("Countries").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Country => "Countries",
            Self::Leader => "Leaders",
            Self::Organization => "Organizations",
            Self::Person => "People",
        }
    }
}

/// Someone who takes positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Unique id.
    pub id: String,

    /// Display name.
    pub name: String,

    /// Country, leader, organisation or person.
    pub kind: ActorKind,

    /// Office or function, e.g. "President of Ukraine".
    pub role: Option<String>,

    /// The actor this one speaks for (a leader's country).
    pub represents: Option<ActorIx>,

    /// What else is known of it, by name: `{"party": "SPD", "region": "Western Europe"}`
    /// (names and values never empty).
    pub attributes: BTreeMap<String, String>,

    /// How much it can affect the outcomes in this file, 0 to 100 (none when not recorded:
    /// never guessed).
    pub influence: Option<u8>,
}

/// A question on which actors take positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Unique id.
    pub id: String,

    /// Display name.
    pub name: String,

    /// What the issue is about.
    pub description: Option<String>,

    /// Free-form groups ("troops"), used to filter several issues at once.
    pub tags: Vec<String>,
}

/// Where an actor stands on an issue.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Stance {
    /// In favour.
    Support,

    /// Against.
    Reject,

    /// Neither, e.g. an abstention.
    Neutral,

    /// In favour only if the condition holds.
    Condition(String),
}

impl Stance {
    /// The stance without its condition text.
    pub fn kind(&self) -> StanceKind {
        match self {
            Self::Support => StanceKind::Support,
            Self::Reject => StanceKind::Reject,
            Self::Neutral => StanceKind::Neutral,
            Self::Condition(_) => StanceKind::Condition,
        }
    }

    /// The condition text, for a conditional stance.
    pub fn condition(&self) -> Option<&str> {
        match self {
            Self::Condition(text) => Some(text),
            _ => None,
        }
    }
}

/// The four stances without data, for filters, legends and tallies.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum StanceKind {
    /// In favour.
    Support,

    /// Against.
    Reject,

    /// In favour under a condition.
    Condition,

    /// Neither.
    Neutral,
}

impl StanceKind {
    /// Every stance, in display order.
    pub const ALL: [Self; 4] = [Self::Support, Self::Reject, Self::Condition, Self::Neutral];

    /// The stance's place in [`Self::ALL`], for tables indexed by stance.
    pub fn index(self) -> usize {
        match self {
            Self::Support => 0,
            Self::Reject => 1,
            Self::Condition => 2,
            Self::Neutral => 3,
        }
    }

    /// Lower-case name as used on the command line ("support").
    pub fn name(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Reject => "reject",
            Self::Condition => "condition",
            Self::Neutral => "neutral",
        }
    }

    /// Capitalised name for display ("Support").
    pub fn label(self) -> &'static str {
        match self {
            Self::Support => "Support",
            Self::Reject => "Reject",
            Self::Condition => "Condition",
            Self::Neutral => "Neutral",
        }
    }
}

/// One stated position: an actor's stance on an issue, with its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// Who.
    pub actor: ActorIx,

    /// On what.
    pub issue: IssueIx,

    /// Where they stand.
    pub stance: Stance,

    /// The verbatim words that prove it.
    pub quote: String,

    /// The document the quote comes from.
    pub source: Option<SourceIx>,

    /// A link to the statement itself (http or https).
    pub url: Option<String>,

    /// When the position was taken.
    pub date: Option<Date>,

    /// How much the issue matters to the actor, 0 to 100, as stated or judged at that date
    /// (none when not recorded: never guessed).
    pub salience: Option<u8>,
}

/// The largest influence or salience: both are 0 to 100.
pub const SCALE_MAX: u8 = 100;

/// Reads an influence or salience as written: a whole number from 0 to 100.
pub fn scale_value(value: f64) -> Result<u8, String> {
    if !value.is_finite() || !(0.0..=f64::from(SCALE_MAX)).contains(&value) {
        return Err("it must be from 0 to 100".to_owned());
    }
    if value.fract() != 0.0 {
        return Err("it must be a whole number".to_owned());
    }
    Ok(value as u8)
}

/// Counts of positions by stance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Support positions.
    pub support: usize,

    /// Reject positions.
    pub reject: usize,

    /// Conditional positions.
    pub condition: usize,

    /// Neutral positions.
    pub neutral: usize,
}

impl Tally {
    /// Adds one position of this stance.
    pub fn add(&mut self, stance: StanceKind) {
        *self.get_mut(stance) += 1;
    }

    /// Takes one position of this stance away.
    pub fn remove(&mut self, stance: StanceKind) {
        let count = self.get_mut(stance);
        *count = count.saturating_sub(1);
    }

    /// The count for one stance.
    pub fn get(&self, stance: StanceKind) -> usize {
        match stance {
            StanceKind::Support => self.support,
            StanceKind::Reject => self.reject,
            StanceKind::Condition => self.condition,
            StanceKind::Neutral => self.neutral,
        }
    }

    fn get_mut(&mut self, stance: StanceKind) -> &mut usize {
        match stance {
            StanceKind::Support => &mut self.support,
            StanceKind::Reject => &mut self.reject,
            StanceKind::Condition => &mut self.condition,
            StanceKind::Neutral => &mut self.neutral,
        }
    }

    /// All positions counted.
    pub fn total(&self) -> usize {
        self.support + self.reject + self.condition + self.neutral
    }
}

impl std::fmt::Display for Tally {
    /// "4 support · 2 reject · 3 condition", leaving out stances with no positions.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = StanceKind::ALL
            .iter()
            .filter(|&&s| self.get(s) > 0)
            .map(|&s| format!("{} {}", self.get(s), s.name()))
            .collect();
        if parts.is_empty() {
            f.write_str("no positions")
        } else {
            f.write_str(&parts.join(" · "))
        }
    }
}

impl Dataset {
    /// The source at an index taken from this dataset.
    pub fn source(&self, ix: SourceIx) -> &Source {
        &self.sources[ix.0 as usize]
    }

    /// The actor at an index taken from this dataset.
    pub fn actor(&self, ix: ActorIx) -> &Actor {
        &self.actors[ix.0 as usize]
    }

    /// The issue at an index taken from this dataset.
    pub fn issue(&self, ix: IssueIx) -> &Issue {
        &self.issues[ix.0 as usize]
    }

    /// The position at an index taken from this dataset.
    pub fn position(&self, ix: PositionIx) -> &Position {
        &self.positions[ix.0 as usize]
    }

    /// What an id names, if anything.
    pub fn lookup(&self, id: &str) -> Option<Entity> {
        self.ids.get(id).copied()
    }

    /// The actor with this id.
    pub fn find_actor(&self, id: &str) -> Option<ActorIx> {
        match self.lookup(id) {
            Some(Entity::Actor(ix)) => Some(ix),
            _ => None,
        }
    }

    /// The issue with this id.
    pub fn find_issue(&self, id: &str) -> Option<IssueIx> {
        match self.lookup(id) {
            Some(Entity::Issue(ix)) => Some(ix),
            _ => None,
        }
    }

    /// All actor indices, in file order.
    pub fn actor_ixs(&self) -> impl Iterator<Item = ActorIx> + use<> {
        (0..self.actors.len() as u32).map(ActorIx)
    }

    /// All issue indices, in file order.
    pub fn issue_ixs(&self) -> impl Iterator<Item = IssueIx> + use<> {
        (0..self.issues.len() as u32).map(IssueIx)
    }

    /// All position indices, in file order.
    pub fn position_ixs(&self) -> impl Iterator<Item = PositionIx> + use<> {
        (0..self.positions.len() as u32).map(PositionIx)
    }

    /// When a position was taken: its own date, else its source's.
    pub fn date_of(&self, p: PositionIx) -> Option<Date> {
        let position = self.position(p);
        position
            .date
            .or_else(|| position.source.and_then(|s| self.source(s).date))
    }

    /// The span of the positions' dates (their own, else their source's), if any has one.
    pub fn date_span(&self) -> Option<(Date, Date)> {
        let mut dates = self.position_ixs().filter_map(|p| self.date_of(p));
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }

    /// Positions counted by stance.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for position in &self.positions {
            tally.add(position.stance.kind());
        }
        tally
    }

    /// Some positions counted by stance.
    pub fn tally_of(&self, positions: &[PositionIx]) -> Tally {
        let mut tally = Tally::default();
        for &p in positions {
            tally.add(self.position(p).stance.kind());
        }
        tally
    }

    /// Every text the dataset holds that a view may show: titles, names, roles, descriptions,
    /// tags, quotes, conditions and sources' texts.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str())
            .chain(self.description.as_deref())
            .chain(self.sources.iter().flat_map(|s| {
                std::iter::once(s.title.as_str())
                    .chain(s.publisher.as_deref())
                    .chain(s.text.as_ref().map(|t| &*t.body))
            }))
            .chain(
                self.actors
                    .iter()
                    .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.role.as_deref())),
            )
            .chain(self.issues.iter().flat_map(|i| {
                std::iter::once(i.name.as_str())
                    .chain(i.description.as_deref())
                    .chain(i.tags.iter().map(String::as_str))
            }))
            .chain(
                self.positions
                    .iter()
                    .flat_map(|p| std::iter::once(p.quote.as_str()).chain(p.stance.condition())),
            )
    }

    /// One line: "18 actors, 11 issues, 25 positions (18 support, 5 reject, 2 condition)".
    pub fn summary(&self) -> String {
        self.summary_of(self.tally())
    }

    /// [`Self::summary`] with the positions already counted by stance (the graph keeps the
    /// count; counting 200,000 position records again took 2 ms of an edit).
    pub fn summary_of(&self, tally: Tally) -> String {
        let count = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {} ({})",
            count(self.actors.len(), "actor"),
            count(self.issues.len(), "issue"),
            count(self.positions.len(), "position"),
            tally
        )
    }

    /// How the quotes stand against their sources' texts: "25 of 25 quotes found in their
    /// sources", and how many were not checked because their source has no text. (A loaded
    /// dataset has every checked quote found: one not found is a load error.)
    pub fn quote_check(&self) -> String {
        let found: usize = self
            .sources
            .iter()
            .filter_map(|s| s.text.as_ref())
            .map(|t| t.passages.len())
            .sum();
        let checked = self
            .positions
            .iter()
            .filter(|p| p.source.is_some_and(|s| self.source(s).text.is_some()))
            .count();
        let unchecked = self.positions.len() - checked;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        match (checked, unchecked) {
            (0, 0) => "no quotes to check".to_owned(),
            (_, 0) => format!(
                "{found} of {checked} quote{} found in their sources",
                plural(checked)
            ),
            (0, _) => format!(
                "{unchecked} quote{} not checked: their sources carry no text",
                plural(unchecked)
            ),
            _ => format!(
                "{found} of {checked} quote{} found in their sources; {unchecked} not checked \
                 (their source has no text)",
                plural(checked)
            ),
        }
    }

    /// One line naming where the quotes come from, for snapshot footers: the source with its
    /// publisher and date, or how many sources and the span of their dates.
    pub fn source_caption(&self) -> Option<String> {
        match self.sources.as_slice() {
            [] => None,
            [source] => {
                let publisher = source.publisher.as_ref().map(|p| format!(", {p}"));
                let date = source.date.map(|d| format!(", {d}"));
                Some(format!(
                    "Source: {}{}{}",
                    source.title,
                    publisher.unwrap_or_default(),
                    date.unwrap_or_default()
                ))
            }
            sources => {
                let mut dates: Vec<Date> = sources.iter().filter_map(|s| s.date).collect();
                dates.sort();
                let span = match (dates.first(), dates.last()) {
                    (Some(first), Some(last)) if first != last => format!(", {first} to {last}"),
                    (Some(first), _) => format!(", {first}"),
                    _ => String::new(),
                };
                Some(format!("Sources: {} documents{span}", sources.len()))
            }
        }
    }

    /// Every distinct issue tag, sorted.
    pub fn tags(&self) -> Vec<String> {
        let set: std::collections::BTreeSet<&String> =
            self.issues.iter().flat_map(|issue| &issue.tags).collect();
        set.into_iter().cloned().collect()
    }

    /// Every distinct actor attribute name, sorted.
    pub fn attribute_names(&self) -> Vec<&str> {
        let set: std::collections::BTreeSet<&str> = self
            .actors
            .iter()
            .flat_map(|actor| actor.attributes.keys().map(String::as_str))
            .collect();
        set.into_iter().collect()
    }
}
