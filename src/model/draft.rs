//! Drafts: an entry as typed into a form or given to `stancemap add` (every field text),
//! checked against the dataset by the same rules the loader applies before it becomes an
//! entry. A draft's problems are located at its fields, as the loader's are at line:column.
//! The steps that then change the dataset are in [`super::edit`].

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::source_text::read_text_file;
use super::validate::{
    entity_noun, is_valid_id, of_kind, slug, suggest, text_file_problem, url_problem,
};
use super::{
    Actor, ActorIx, ActorKind, Dataset, Date, Entity, Issue, IssueIx, Position, Problem,
    ProblemKind, QuoteSearch, Source, SourceIx, SourceText, Stance, StanceKind,
};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceDraft {
    /// Unique id.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Where to read it.
    pub url: String,
    /// When it was published, `YYYY-MM-DD`.
    pub date: String,
    /// Its full text, inline.
    pub text: String,
    /// A file holding its text, relative to the positions file.
    pub text_file: String,
}

/// An actor as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorDraft {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Country, leader or organisation.
    pub kind: ActorKind,
    /// Office or function.
    pub role: String,
    /// The id of the actor it speaks for.
    pub represents: String,
    /// Its attributes, one `name: value` a line.
    pub attributes: String,
    /// 0 to 100, or empty when not recorded.
    pub influence: String,
}

/// An issue as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IssueDraft {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is about.
    pub description: String,
    /// Its tags, separated by commas.
    pub tags: String,
}

/// A position as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionDraft {
    /// The actor's id.
    pub actor: String,
    /// The issue's id.
    pub issue: String,
    /// Where the actor stands.
    pub stance: StanceKind,
    /// The condition, for a conditional stance.
    pub condition: String,
    /// The verbatim words.
    pub quote: String,
    /// The source's id.
    pub source: String,
    /// A link to the statement.
    pub url: String,
    /// When it was taken, `YYYY-MM-DD`.
    pub date: String,
    /// 0 to 100, or empty when not recorded.
    pub salience: String,
}

impl SourceDraft {
    /// A source's fields as text, to edit.
    pub fn of(source: &Source) -> Self {
        let (text, text_file) = match &source.text {
            Some(t) => match &t.file {
                Some(file) => (String::new(), file.clone()),
                None => (t.body.to_string(), String::new()),
            },
            None => (String::new(), String::new()),
        };
        Self {
            id: source.id.clone(),
            title: source.title.clone(),
            publisher: source.publisher.clone().unwrap_or_default(),
            url: source.url.clone().unwrap_or_default(),
            date: source.date.map(|d| d.to_string()).unwrap_or_default(),
            text,
            text_file,
        }
    }
}

impl ActorDraft {
    /// An actor's fields as text, to edit.
    pub fn of(dataset: &Dataset, actor: &Actor) -> Self {
        Self {
            id: actor.id.clone(),
            name: actor.name.clone(),
            kind: actor.kind,
            role: actor.role.clone().unwrap_or_default(),
            represents: actor
                .represents
                .map(|a| dataset.actor(a).id.clone())
                .unwrap_or_default(),
            attributes: actor
                .attributes
                .iter()
                .map(|(name, value)| format!("{name}: {value}"))
                .collect::<Vec<_>>()
                .join("\n"),
            influence: actor.influence.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

/// An actor's attributes as typed, one `name: value` a line (blank lines skipped), or the
/// line that is wrong and how to mend it.
pub fn parse_attributes(text: &str) -> Result<BTreeMap<String, String>, (String, String)> {
    let mut attributes = BTreeMap::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let wrong = |help: String| Err((line.to_owned(), help));
        let Some((name, value)) = line.split_once(':') else {
            return wrong(
                "write each attribute as name: value (e.g. party: SPD), one a line".to_owned(),
            );
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return wrong("put the attribute's name before its colon".to_owned());
        }
        if value.is_empty() {
            return wrong(format!("give `{name}` a value, or remove its line"));
        }
        if attributes
            .insert(name.to_owned(), value.to_owned())
            .is_some()
        {
            return wrong(format!("`{name}` is given twice: keep one line for it"));
        }
    }
    Ok(attributes)
}

impl IssueDraft {
    /// An issue's fields as text, to edit.
    pub fn of(issue: &Issue) -> Self {
        Self {
            id: issue.id.clone(),
            name: issue.name.clone(),
            description: issue.description.clone().unwrap_or_default(),
            tags: issue.tags.join(", "),
        }
    }
}

impl PositionDraft {
    /// A position's fields as text, to edit.
    pub fn of(dataset: &Dataset, position: &Position) -> Self {
        Self {
            actor: dataset.actor(position.actor).id.clone(),
            issue: dataset.issue(position.issue).id.clone(),
            stance: position.stance.kind(),
            condition: position.stance.condition().unwrap_or_default().to_owned(),
            quote: position.quote.clone(),
            source: position
                .source
                .map(|s| dataset.source(s).id.clone())
                .unwrap_or_default(),
            url: position.url.clone().unwrap_or_default(),
            date: position.date.map(|d| d.to_string()).unwrap_or_default(),
            salience: position.salience.map(|v| v.to_string()).unwrap_or_default(),
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| text.to_owned())
}

/// Collects the problems of one draft, each at its field.
struct Checker<'d> {
    dataset: &'d Dataset,
    subject: String,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, field: &'static str, kind: ProblemKind, help: Option<String>) {
        self.problems.push(Problem {
            location: None,
            subject: Some(self.subject.clone()),
            field: Some(field),
            kind,
            help,
        });
    }

    fn require(&mut self, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.report(field, ProblemKind::Empty { field }, None);
        }
    }

    /// A new or renamed id: well formed and not taken by another entry than `own`.
    fn id(&mut self, id: &str, own: Option<Entity>) {
        if id.trim().is_empty() {
            self.report("id", ProblemKind::Empty { field: "id" }, None);
            return;
        }
        if !is_valid_id(id) {
            let fixed = slug(id);
            let help = (!fixed.is_empty()).then(|| format!("try \"{fixed}\""));
            self.report("id", ProblemKind::BadId { id: id.to_owned() }, help);
            return;
        }
        if let Some(taken) = self.dataset.lookup(id)
            && Some(taken) != own
        {
            let noun = entity_noun(taken);
            let free = (2..100_000)
                .map(|n| format!("{id}-{n}"))
                .find(|c| self.dataset.lookup(c).is_none())
                .unwrap_or_default();
            self.report(
                "id",
                ProblemKind::DuplicateId {
                    id: id.to_owned(),
                    first: format!("an existing {noun}"),
                },
                Some(format!(
                    "ids must be unique across sources, actors and issues; try \"{free}\""
                )),
            );
        }
    }

    fn url(&mut self, url: &str) -> Option<String> {
        let url = optional(url)?;
        if let Some((kind, help)) = url_problem(&url) {
            self.report("url", kind, help);
        }
        Some(url)
    }

    /// An influence or salience as typed: empty for none, else a whole number 0 to 100.
    fn scale(&mut self, field: &'static str, text: &str) -> Option<u8> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let parsed = text
            .parse::<f64>()
            .map_err(|_| "it is not a number".to_owned())
            .and_then(super::scale_value);
        match parsed {
            Ok(v) => Some(v),
            Err(reason) => {
                self.report(
                    field,
                    ProblemKind::BadScale {
                        field,
                        value: text.to_owned(),
                        reason,
                    },
                    Some(format!(
                        "give {field} as a whole number from 0 to 100, or leave it empty when it is not known"
                    )),
                );
                None
            }
        }
    }

    fn date(&mut self, date: &str) -> Option<Date> {
        let date = date.trim();
        if date.is_empty() {
            return None;
        }
        match Date::parse(date) {
            Ok(d) => Some(d),
            Err(reason) => {
                self.report(
                    "date",
                    ProblemKind::BadDate {
                        value: date.to_owned(),
                        reason,
                    },
                    Some("write dates as YYYY-MM-DD, e.g. \"2025-08-19\"".to_owned()),
                );
                None
            }
        }
    }

    /// An id that must name an entity of one kind.
    fn reference(
        &mut self,
        field: &'static str,
        expected: &'static str,
        id: &str,
    ) -> Option<Entity> {
        let note = match of_kind(id, expected, self.dataset.lookup(id)) {
            Ok(entity) => return Some(entity),
            Err(note) => note,
        };
        let candidates: Vec<&str> = match expected {
            "issue" => self.dataset.issues.iter().map(|i| i.id.as_str()).collect(),
            "source" => self.dataset.sources.iter().map(|s| s.id.as_str()).collect(),
            _ => self.dataset.actors.iter().map(|a| a.id.as_str()).collect(),
        };
        let help = suggest(id, candidates.into_iter()).map(|s| format!("did you mean \"{s}\"?"));
        self.report(
            field,
            ProblemKind::DanglingReference {
                expected,
                id: id.to_owned(),
                note,
            },
            help,
        );
        None
    }

    fn done<T>(self, value: T) -> Result<T, Vec<Problem>> {
        if self.problems.is_empty() {
            Ok(value)
        } else {
            Err(self.problems)
        }
    }
}

impl Dataset {
    /// Checks a source draft (`replacing` the source it edits, if any) by the loader's rules;
    /// `folder` is where a `text_file` is read from.
    pub fn check_source(
        &self,
        draft: &SourceDraft,
        replacing: Option<SourceIx>,
        folder: Option<&Path>,
    ) -> Result<Source, Vec<Problem>> {
        let mut c = Checker {
            dataset: self,
            subject: format!("source {:?}", draft.id),
            problems: Vec::new(),
        };
        c.id(&draft.id, replacing.map(Entity::Source));
        c.require("title", &draft.title);
        let url = c.url(&draft.url);
        let date = c.date(&draft.date);
        let text = match (optional(&draft.text), optional(&draft.text_file)) {
            (Some(_), Some(_)) => {
                c.report(
                    "text_file",
                    ProblemKind::TextTwice,
                    Some(
                        "keep `text` (the text itself) or `text_file` (a file holding it)"
                            .to_owned(),
                    ),
                );
                None
            }
            (Some(text), None) => Some((Arc::<str>::from(text), None)),
            (None, Some(file)) => {
                // The text of a source being edited is already read: keep it.
                let current = replacing
                    .and_then(|s| self.sources.get(s.0 as usize))
                    .and_then(|s| s.text.as_ref())
                    .filter(|t| t.file.as_deref() == Some(file.as_str()));
                match current {
                    Some(t) => Some((Arc::clone(&t.body), Some(file))),
                    None => match read_text_file(folder, &file) {
                        Ok(text) => Some((Arc::from(text), Some(file))),
                        Err(error) => {
                            let (kind, help) = text_file_problem(error, file);
                            c.report("text_file", kind, Some(help.to_owned()));
                            None
                        }
                    },
                }
            }
            (None, None) => None,
        };
        // A changed text must still hold every quote taken from it.
        if let (Some(ix), Some((body, _))) = (replacing, &text) {
            let quotes: Vec<&str> = self
                .positions
                .iter()
                .filter(|p| p.source == Some(ix))
                .map(|p| p.quote.as_str())
                .collect();
            let missing = QuoteSearch::new(body)
                .find(&quotes)
                .iter()
                .filter(|r| r.is_none())
                .count();
            if missing > 0 {
                c.report(
                    "text",
                    ProblemKind::QuoteNotInSource {
                        source_id: draft.id.clone(),
                    },
                    Some(format!(
                        "{missing} quote{} of this source's positions would no longer be in its text",
                        if missing == 1 { "" } else { "s" }
                    )),
                );
            }
        }
        let source = Source {
            id: draft.id.clone(),
            title: draft.title.clone(),
            publisher: optional(&draft.publisher),
            url,
            date,
            text: text.map(|(body, file)| SourceText {
                body,
                file,
                passages: Vec::new(),
            }),
        };
        c.done(source)
    }

    /// Checks an actor draft (`replacing` the actor it edits, if any) by the loader's rules.
    pub fn check_actor(
        &self,
        draft: &ActorDraft,
        replacing: Option<ActorIx>,
    ) -> Result<Actor, Vec<Problem>> {
        let mut c = Checker {
            dataset: self,
            subject: format!("actor {:?}", draft.id),
            problems: Vec::new(),
        };
        c.id(&draft.id, replacing.map(Entity::Actor));
        c.require("name", &draft.name);
        let represents = match optional(&draft.represents) {
            Some(target)
                if target == draft.id || replacing.is_some_and(|a| self.actor(a).id == target) =>
            {
                c.report(
                    "represents",
                    ProblemKind::SelfRepresents {
                        id: draft.id.clone(),
                    },
                    Some(
                        "leave it empty, or name the country or organisation this actor speaks for"
                            .to_owned(),
                    ),
                );
                None
            }
            Some(target) => match c.reference("represents", "actor", target.trim()) {
                Some(Entity::Actor(a)) => Some(a),
                _ => None,
            },
            None => None,
        };
        let attributes = match parse_attributes(&draft.attributes) {
            Ok(attributes) => attributes,
            Err((line, help)) => {
                c.report(
                    "attributes",
                    ProblemKind::WrongType {
                        expected: "a line `name: value`".to_owned(),
                        found: format!("{line:?}"),
                    },
                    Some(help),
                );
                BTreeMap::new()
            }
        };
        let influence = c.scale("influence", &draft.influence);
        let actor = Actor {
            id: draft.id.clone(),
            name: draft.name.clone(),
            kind: draft.kind,
            role: optional(&draft.role),
            represents,
            attributes,
            influence,
        };
        c.done(actor)
    }

    /// Checks an issue draft (`replacing` the issue it edits, if any) by the loader's rules.
    pub fn check_issue(
        &self,
        draft: &IssueDraft,
        replacing: Option<IssueIx>,
    ) -> Result<Issue, Vec<Problem>> {
        let mut c = Checker {
            dataset: self,
            subject: format!("issue {:?}", draft.id),
            problems: Vec::new(),
        };
        c.id(&draft.id, replacing.map(Entity::Issue));
        c.require("name", &draft.name);
        let tags: Vec<String> = if draft.tags.trim().is_empty() {
            Vec::new()
        } else {
            draft.tags.split(',').map(|t| t.trim().to_owned()).collect()
        };
        if tags.iter().any(String::is_empty) {
            c.report(
                "tags",
                ProblemKind::Empty { field: "tags" },
                Some("remove the empty tag".to_owned()),
            );
        }
        let issue = Issue {
            id: draft.id.clone(),
            name: draft.name.clone(),
            description: optional(&draft.description),
            tags,
        };
        c.done(issue)
    }

    /// Checks a position draft by the loader's rules, its quote against its source's text.
    pub fn check_position(&self, draft: &PositionDraft) -> Result<Position, Vec<Problem>> {
        let mut c = Checker {
            dataset: self,
            subject: format!(
                "position ({} on {})",
                if draft.actor.is_empty() {
                    "?"
                } else {
                    &draft.actor
                },
                if draft.issue.is_empty() {
                    "?"
                } else {
                    &draft.issue
                }
            ),
            problems: Vec::new(),
        };
        let actor = match draft.actor.trim() {
            "" => {
                c.report("actor", ProblemKind::Empty { field: "actor" }, None);
                None
            }
            id => match c.reference("actor", "actor", id) {
                Some(Entity::Actor(a)) => Some(a),
                _ => None,
            },
        };
        let issue = match draft.issue.trim() {
            "" => {
                c.report("issue", ProblemKind::Empty { field: "issue" }, None);
                None
            }
            id => match c.reference("issue", "issue", id) {
                Some(Entity::Issue(i)) => Some(i),
                _ => None,
            },
        };
        let source = match draft.source.trim() {
            "" => None,
            id => match c.reference("source", "source", id) {
                Some(Entity::Source(s)) => Some(s),
                _ => None,
            },
        };
        let stance = match draft.stance {
            StanceKind::Support => Stance::Support,
            StanceKind::Reject => Stance::Reject,
            StanceKind::Neutral => Stance::Neutral,
            StanceKind::Condition => {
                if draft.condition.trim().is_empty() {
                    c.report(
                        "stance",
                        ProblemKind::EmptyCondition,
                        Some("say under which condition".to_owned()),
                    );
                }
                Stance::Condition(draft.condition.clone())
            }
        };
        c.require("quote", &draft.quote);
        if !draft.quote.trim().is_empty()
            && let Some(s) = source
            && let Some(text) = &self.source(s).text
        {
            let search = QuoteSearch::new(&text.body);
            if search.find(&[draft.quote.as_str()])[0].is_none() {
                let help = search.closest(&draft.quote).map_or_else(
                    || "copy the quote from the source's text: case, quotation marks and dashes must match".to_owned(),
                    |near| format!("the closest passage of the text is \"{near}\""),
                );
                c.report(
                    "quote",
                    ProblemKind::QuoteNotInSource {
                        source_id: self.source(s).id.clone(),
                    },
                    Some(help),
                );
            }
        }
        let url = c.url(&draft.url);
        let date = c.date(&draft.date);
        let salience = c.scale("salience", &draft.salience);
        let (Some(actor), Some(issue)) = (actor, issue) else {
            return Err(c.problems);
        };
        let position = Position {
            actor,
            issue,
            stance,
            quote: draft.quote.clone(),
            source,
            url,
            date,
            salience,
        };
        c.done(position)
    }

    /// A free id made from a name ("Friedrich Merz" → "friedrich-merz", or "-2", "-3" …
    /// when it is taken); `fallback` when the name gives none (no Latin letters).
    pub fn id_for(&self, name: &str, fallback: &str) -> String {
        let base = match slug(name) {
            s if s.is_empty() => fallback.to_owned(),
            s => s,
        };
        if self.lookup(&base).is_none() {
            return base;
        }
        (2..100_000)
            .map(|n| format!("{base}-{n}"))
            .find(|c| self.lookup(c).is_none())
            .unwrap_or(base)
    }

    /// How many positions refer to an actor, and how many actors say they represent it.
    pub fn uses_of_actor(&self, actor: ActorIx) -> (usize, usize) {
        let positions = self.positions.iter().filter(|p| p.actor == actor).count();
        let actors = self
            .actors
            .iter()
            .filter(|a| a.represents == Some(actor))
            .count();
        (positions, actors)
    }

    /// How many positions are on an issue.
    pub fn uses_of_issue(&self, issue: IssueIx) -> usize {
        self.positions.iter().filter(|p| p.issue == issue).count()
    }

    /// How many positions quote a source.
    pub fn uses_of_source(&self, source: SourceIx) -> usize {
        self.positions
            .iter()
            .filter(|p| p.source == Some(source))
            .count()
    }
}
