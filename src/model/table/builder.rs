//! Rows to a dataset: actors, issues and sources collected as the rows name them, every
//! problem at its `row:column`.

use std::collections::HashMap;

use super::super::raw::{
    RawActor, RawActorKind, RawDataset, RawIssue, RawPosition, RawSource, RawStance,
};
use super::super::validate::suggest;
use super::super::{Date, Location, Problem, ProblemKind};
use super::{Field, STANCE_WORDS, StanceWord, TableOptions, is_id, slug, stance_word, unguard};

/// An influence or salience cell: a whole number from 0 to 100 (a problem at the cell
/// otherwise), or nothing when empty.
fn scale_cell<'r>(
    cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
    field: Field,
    row: usize,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let (text, column) = cell(field)?;
    let parsed = text
        .trim()
        .parse::<f64>()
        .map_err(|_| "it is not a number".to_owned())
        .and_then(crate::model::scale_value);
    match parsed {
        Ok(v) => Some(f64::from(v)),
        Err(reason) => {
            problems.push(Problem {
                location: Some(Location { line: row, column }),
                subject: Some(format!("row {row}")),
                field: Some(field.name()),
                kind: ProblemKind::BadScale {
                    field: field.name(),
                    value: text.to_owned(),
                    reason,
                },
                help: Some(format!(
                    "write {} as a whole number from 0 to 100, or leave the cell empty",
                    field.name()
                )),
            });
            None
        }
    }
}

/// Collects actors, issues, sources and positions from rows.
#[derive(Default)]
pub(super) struct Builder {
    actors: Vec<RawActor>,
    actor_ids: HashMap<String, usize>,
    /// Each cell text an actor was given by, to its id (names become ids once).
    actor_by_text: HashMap<String, String>,
    issues: Vec<RawIssue>,
    issue_ids: HashMap<String, usize>,
    issue_by_text: HashMap<String, String>,
    sources: Vec<RawSource>,
    source_by_text: HashMap<String, String>,
    positions: Vec<RawPosition>,
    /// Every id given out, with the kind of thing and the text it was made from, so two
    /// things never share one.
    taken: HashMap<String, (&'static str, String)>,
    /// What was decided on the reader's behalf.
    pub(super) notes: Vec<String>,
    /// `represents` cells (the actor, the text, where), resolved once every actor is known.
    represents: Vec<(usize, String, Location)>,
    /// Stance cells that are no stance word, for one suggestion covering them all.
    pub(super) unknown_stances: std::collections::BTreeSet<String>,
    /// The dataset's title and description, when a row gives them.
    title: Option<String>,
    description: Option<String>,
    /// The `attribute:NAME` columns: each attribute's name and column (from 0).
    pub(super) attribute_columns: Vec<(String, usize)>,
}

impl Builder {
    /// An id for a cell's text in one namespace: the text itself when it is an id, else a
    /// slug; a clash with another kind of thing gets `-2`, `-3`…
    pub(super) fn id_for(&mut self, text: &str, what: &'static str) -> String {
        let base = if is_id(text) {
            text.to_owned()
        } else {
            slug(text)
        };
        let mut id = base.clone();
        let mut k = 2;
        while let Some((kind, owner)) = self.taken.get(&id) {
            // The same text, or an id and the name it was made from, is the same thing.
            let same =
                owner == text || ((is_id(owner) || is_id(text)) && slug(owner) == slug(text));
            if *kind == what && same {
                return id;
            }
            id = format!("{base}-{k}");
            k += 1;
        }
        if let Some((kind, owner)) = self.taken.get(&base) {
            self.notes.push(format!(
                "{what} {text:?} became id {id:?}: {base:?} is {kind} {owner:?}"
            ));
        }
        self.taken.insert(id.clone(), (what, text.to_owned()));
        id
    }

    /// The actor a cell names, made from its first row.
    pub(super) fn actor<'r>(
        &mut self,
        text: &str,
        row: usize,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
        problems: &mut Vec<Problem>,
    ) -> String {
        if let Some(id) = self.actor_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "actor");
        self.actor_by_text.insert(text.to_owned(), id.clone());
        if self.actor_ids.contains_key(&id) {
            return id;
        }
        let kind = match cell(Field::ActorKind) {
            None => RawActorKind::Country,
            Some((word, column)) => match word.to_lowercase().as_str() {
                "country" | "state" => RawActorKind::Country,
                "leader" | "head of state" | "head of government" => RawActorKind::Leader,
                "person" | "mp" | "individual" => RawActorKind::Person,
                "organization" | "organisation" | "org" | "group" => RawActorKind::Organization,
                _ => {
                    problems.push(Problem {
                        location: Some(Location { line: row, column }),
                        subject: Some(format!("row {row}")),
                        field: Some("actor_kind"),
                        kind: ProblemKind::UnknownVariant {
                            found: word.to_owned(),
                            what: "kind of actor".to_owned(),
                            expected: vec!["Country", "Leader", "Organization", "Person"],
                        },
                        help: suggest(
                            &word.to_lowercase(),
                            ["country", "leader", "organization"].into_iter(),
                        )
                        .map(|s| format!("did you mean `{s}`?")),
                    });
                    RawActorKind::Country
                }
            },
        };
        if let Some((represents, column)) = cell(Field::Represents) {
            self.represents.push((
                self.actors.len(),
                represents.to_owned(),
                Location { line: row, column },
            ));
        }
        self.actor_ids.insert(id.clone(), self.actors.len());
        self.actors.push(RawActor {
            id: id.clone(),
            name: cell(Field::ActorName).map_or(text, |(n, _)| n).to_owned(),
            kind,
            role: cell(Field::ActorRole).map(|(r, _)| r.to_owned()),
            represents: None,
            attributes: Vec::new(),
            influence: scale_cell(cell, Field::Influence, row, problems),
        });
        id
    }

    /// The actor's attributes in this row's `attribute:NAME` cells (empty cells say nothing):
    /// a value it did not have yet is added; another value than an earlier row gave is a
    /// problem at its cell.
    fn actor_attributes(
        &mut self,
        id: &str,
        row: usize,
        record: &csv::StringRecord,
        problems: &mut Vec<Problem>,
    ) {
        let Some(&at) = self.actor_ids.get(id) else {
            return;
        };
        for (name, k) in &self.attribute_columns {
            let value = unguard(record.get(*k).unwrap_or("").trim());
            if value.is_empty() {
                continue;
            }
            let attributes = &mut self.actors[at].attributes;
            match attributes.iter().find(|(n, _)| n == name) {
                None => attributes.push((name.clone(), value.to_owned())),
                Some((_, earlier)) if earlier == value => {}
                Some((_, earlier)) => problems.push(Problem {
                    location: Some(Location {
                        line: row,
                        column: k + 1,
                    }),
                    subject: Some(format!("row {row}")),
                    field: Some("attributes"),
                    kind: ProblemKind::Table {
                        message: format!(
                            "actor {id:?} has `{name}` {earlier:?} in an earlier row, {value:?} here"
                        ),
                    },
                    help: Some(format!(
                        "an actor has one value of `{name}`: make the rows agree, or leave this cell empty"
                    )),
                }),
            }
        }
    }

    /// The issue a cell names, made from its first row.
    pub(super) fn issue<'r>(
        &mut self,
        text: &str,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
    ) -> String {
        if let Some(id) = self.issue_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "issue");
        self.issue_by_text.insert(text.to_owned(), id.clone());
        if !self.issue_ids.contains_key(&id) {
            self.issue_ids.insert(id.clone(), self.issues.len());
            self.issues.push(RawIssue {
                id: id.clone(),
                name: cell(Field::IssueName).map_or(text, |(n, _)| n).to_owned(),
                description: cell(Field::IssueDescription).map(|(d, _)| d.to_owned()),
                tags: cell(Field::IssueTags)
                    .map(|(t, _)| {
                        t.split(';')
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        id
    }

    /// The source a cell names, made from its first row.
    pub(super) fn source<'r>(
        &mut self,
        text: &str,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
    ) -> String {
        if let Some(id) = self.source_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "source");
        self.source_by_text.insert(text.to_owned(), id.clone());
        self.sources.push(RawSource {
            id: id.clone(),
            title: cell(Field::SourceTitle).map_or(text, |(t, _)| t).to_owned(),
            publisher: cell(Field::SourcePublisher).map(|(p, _)| p.to_owned()),
            url: cell(Field::SourceUrl).map(|(u, _)| u.to_owned()),
            date: cell(Field::SourceDate).map(|(d, _)| d.to_owned()),
            text: None,
            text_file: None,
        });
        id
    }

    /// One row: a position; or, with no stance and no quote, the declaration of a source, an
    /// actor or an issue that has no position (what a CSV export writes for them).
    pub(super) fn row<'r>(
        &mut self,
        row: usize,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
        template: &[(String, usize)],
        options: &TableOptions,
        record: &csv::StringRecord,
        problems: &mut Vec<Problem>,
    ) {
        let mut problem =
            |column: usize, field: &'static str, kind: ProblemKind, help: Option<String>| {
                problems.push(Problem {
                    location: Some(Location { line: row, column }),
                    subject: Some(format!("row {row}")),
                    field: Some(field),
                    kind,
                    help,
                });
            };
        if self.title.is_none() {
            self.title = cell(Field::DatasetTitle).map(|(t, _)| t.to_owned());
        }
        if self.description.is_none() {
            self.description = cell(Field::DatasetDescription).map(|(d, _)| d.to_owned());
        }
        let declares = cell(Field::Stance).is_none() && cell(Field::Quote).is_none();
        let dataset_row =
            cell(Field::DatasetTitle).is_some() || cell(Field::DatasetDescription).is_some();
        let (actor_text, issue_text) = match (cell(Field::Actor), cell(Field::Issue)) {
            (Some((a, _)), Some((i, _))) => (a, i),
            (Some((a, _)), None) if declares => {
                let mut found = Vec::new();
                let id = self.actor(a, row, cell, &mut found);
                self.actor_attributes(&id, row, record, &mut found);
                problems.extend(found);
                return;
            }
            (None, Some((i, _))) if declares => {
                self.issue(i, cell);
                return;
            }
            (None, None) if declares && cell(Field::Source).is_some() => {
                if let Some((s, _)) = cell(Field::Source) {
                    self.source(s, cell);
                }
                return;
            }
            (None, None) if declares && dataset_row => return,
            (actor, _) => {
                let missing = if actor.is_none() { "actor" } else { "issue" };
                problem(1, missing, ProblemKind::Empty { field: missing }, None);
                return;
            }
        };
        let mut found = Vec::new();
        let actor_id = self.actor(actor_text, row, cell, &mut found);
        self.actor_attributes(&actor_id, row, record, &mut found);
        let issue_id = self.issue(issue_text, cell);
        let source = cell(Field::Source).map(|(text, _)| self.source(text, cell));
        for p in found {
            problem(
                p.location.map_or(1, |l| l.column),
                p.field.unwrap_or("actor_kind"),
                p.kind,
                p.help,
            );
        }
        let stance = match cell(Field::Stance) {
            None => {
                problem(1, "stance", ProblemKind::Empty { field: "stance" }, None);
                return;
            }
            Some((word, column)) => match stance_word(word) {
                Some(StanceWord::Support) => RawStance::Support,
                Some(StanceWord::Reject) => RawStance::Reject,
                Some(StanceWord::Neutral) => RawStance::Neutral,
                Some(StanceWord::Condition) => {
                    let Some((text, _)) = cell(Field::Condition) else {
                        problem(
                            column,
                            "condition",
                            ProblemKind::EmptyCondition,
                            Some("fill the `condition` column".to_owned()),
                        );
                        return;
                    };
                    RawStance::Condition(text.to_owned())
                }
                None => {
                    self.unknown_stances.insert(word.to_owned());
                    problem(
                        column,
                        "stance",
                        ProblemKind::UnknownVariant {
                            found: word.to_owned(),
                            what: "stance".to_owned(),
                            expected: vec![
                                "support",
                                "reject",
                                "neutral",
                                "condition (and their synonyms)",
                            ],
                        },
                        suggest(&word.to_lowercase(), STANCE_WORDS.into_iter())
                            .map(|s| format!("did you mean `{s}`?")),
                    );
                    return;
                }
            },
        };
        let quote = if let Some(pattern) = &options.quote {
            let mut text = pattern.clone();
            for (name, k) in template {
                let value = record.get(*k).map_or("", |v| unguard(v.trim()));
                text = text.replace(&format!("{{{name}}}"), value);
            }
            text
        } else {
            let Some((q, _)) = cell(Field::Quote) else {
                problem(
                    1,
                    "quote",
                    ProblemKind::Empty { field: "quote" },
                    Some(
                        "every position needs the words that prove it, or give a quote template"
                            .to_owned(),
                    ),
                );
                return;
            };
            q.to_owned()
        };
        let date = match cell(Field::Date) {
            None => None,
            Some((text, column)) => match Date::parse(text) {
                Ok(_) => Some(text.to_owned()),
                // Spreadsheets often add a time: keep the day.
                Err(_) if text.len() > 10 && Date::parse(&text[..10]).is_ok() => {
                    Some(text[..10].to_owned())
                }
                Err(reason) => {
                    problem(
                        column,
                        "date",
                        ProblemKind::BadDate {
                            value: text.to_owned(),
                            reason,
                        },
                        Some("write dates as YYYY-MM-DD, e.g. 2025-08-19".to_owned()),
                    );
                    None
                }
            },
        };
        self.positions.push(RawPosition {
            actor: actor_id,
            issue: issue_id,
            stance,
            quote,
            source,
            url: cell(Field::Url).map(|(u, _)| u.to_owned()),
            date,
            salience: scale_cell(cell, Field::Salience, row, problems),
        });
    }

    /// Links each `represents` cell to its actor, once every row is read: an actor a row
    /// names (by its cell text or its id), or else a new Organization of that name, which a
    /// note reports. An actor that represents itself is a problem at its cell.
    pub(super) fn resolve_represents(&mut self, problems: &mut Vec<Problem>) {
        for (actor, text, at) in std::mem::take(&mut self.represents) {
            let known = self
                .actor_by_text
                .get(&text)
                .cloned()
                .or_else(|| self.actor_ids.contains_key(&text).then(|| text.clone()));
            let id = if let Some(id) = known {
                id
            } else {
                let id = self.id_for(&text, "actor");
                self.actor_by_text.insert(text.clone(), id.clone());
                if !self.actor_ids.contains_key(&id) {
                    self.notes.push(format!(
                        "actor {id:?} (an Organization) was made for `represents` {text:?} at row {}, column {}: no row declares it",
                        at.line, at.column
                    ));
                    self.actor_ids.insert(id.clone(), self.actors.len());
                    self.actors.push(RawActor {
                        id: id.clone(),
                        name: text.clone(),
                        kind: RawActorKind::Organization,
                        role: None,
                        represents: None,
                        attributes: Vec::new(),
                        influence: None,
                    });
                }
                id
            };
            if id == self.actors[actor].id {
                problems.push(Problem {
                    location: Some(at),
                    subject: Some(format!("row {}", at.line)),
                    field: Some("represents"),
                    kind: ProblemKind::SelfRepresents { id: id.clone() },
                    help: Some(
                        "leave the cell empty, or name the country or organisation this actor speaks for"
                            .to_owned(),
                    ),
                });
                continue;
            }
            self.actors[actor].represents = Some(id);
        }
    }

    pub(super) fn finish(mut self, title: Option<String>, name: &str) -> RawDataset {
        let title = title.or_else(|| self.title.take()).unwrap_or_else(|| {
            let stem = std::path::Path::new(name)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(name);
            stem.replace(['_', '-'], " ")
        });
        RawDataset {
            title,
            description: self.description,
            sources: self.sources,
            actors: self.actors,
            issues: self.issues,
            positions: self.positions,
        }
    }
}
