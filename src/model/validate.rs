//! The rules a parsed file must follow, checked all at once: every problem is reported, and
//! only a file with none becomes a [`Dataset`].

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

mod entries;

use super::locate::{FileMap, List};
use super::raw::{RawActorKind, RawDataset, RawSource, RawStance};
use super::source_text::read_text_file;
use super::{
    Actor, ActorIx, ActorKind, Dataset, Date, Entity, Issue, IssueIx, Passage, Position,
    PositionIx, Problem, ProblemKind, QuoteSearch, Source, SourceIx, SourceText, Stance,
};
pub(super) use entries::{entity_noun, is_valid_id, of_kind, slug, text_file_problem, url_problem};
use entries::{entry_subject, position_subject};

/// How many "did you mean" searches one file may cost; each scans all ids of one kind.
const SUGGESTION_BUDGET: usize = 200;

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
pub fn suggest<'a>(found: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (found.chars().count() / 3).max(1);
    candidates
        .filter(|c| *c != found)
        .map(|c| (strsim::osa_distance(&found.to_lowercase(), c), c))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, c)| c.to_owned())
}

/// Where a problem is: a top-level field or a list entry.
#[derive(Clone, Copy)]
enum At {
    Top,
    Entry(List, usize),
}

struct Validator<'t> {
    text: &'t str,
    /// The positions file's folder, which `text_file`s are read from (none for text that was
    /// not read from a file).
    folder: Option<&'t std::path::Path>,
    /// Scanned only when the first problem needs a location.
    map: OnceCell<FileMap>,
    problems: Vec<Problem>,
    suggestions_left: usize,
}

impl Validator<'_> {
    fn map(&self) -> &FileMap {
        self.map.get_or_init(|| FileMap::scan(self.text))
    }

    fn line_of(&self, at: At) -> Option<usize> {
        let At::Entry(list, index) = at else {
            return None;
        };
        let offset = self.map().field_offset(list, index, None)?;
        Some(self.map().location(self.text, offset).line)
    }

    fn report(
        &mut self,
        at: At,
        subject: Option<String>,
        field: &'static str,
        kind: ProblemKind,
        help: Option<String>,
    ) {
        let offset = match at {
            At::Top => self.map().top_field_offset(field),
            At::Entry(list, index) => self.map().field_offset(list, index, Some(field)),
        };
        let location = offset.map(|o| self.map().location(self.text, o));
        self.problems.push(Problem {
            location,
            subject,
            field: Some(field),
            kind,
            help,
        });
    }

    /// Whether the file's budget of suggestion searches allows one more (and spends it).
    fn take_suggestion(&mut self) -> bool {
        let left = self.suggestions_left > 0;
        self.suggestions_left = self.suggestions_left.saturating_sub(1);
        left
    }

    fn suggest<'a>(
        &mut self,
        found: &str,
        candidates: impl Iterator<Item = &'a str>,
    ) -> Option<String> {
        self.take_suggestion()
            .then(|| suggest(found, candidates))
            .flatten()
    }

    fn require_text(&mut self, at: At, subject: &str, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.report(
                at,
                Some(subject.to_owned()),
                field,
                ProblemKind::Empty { field },
                None,
            );
        }
    }

    fn check_date(&mut self, at: At, subject: &str, value: Option<&str>) -> Option<Date> {
        let value = value?;
        match Date::parse(value) {
            Ok(date) => Some(date),
            Err(reason) => {
                self.report(
                    at,
                    Some(subject.to_owned()),
                    "date",
                    ProblemKind::BadDate {
                        value: value.to_owned(),
                        reason,
                    },
                    Some("write dates as YYYY-MM-DD, e.g. \"2025-08-19\"".to_owned()),
                );
                None
            }
        }
    }

    /// The text of a source (inline or from its `text_file`, with the file as written), or
    /// nothing when it has none or it cannot be read (reported).
    fn source_text(
        &mut self,
        at: At,
        subject: &str,
        source: &RawSource,
    ) -> Option<(Arc<str>, Option<String>)> {
        match (&source.text, &source.text_file) {
            (Some(_), Some(_)) => {
                self.report(
                    at,
                    Some(subject.to_owned()),
                    "text_file",
                    ProblemKind::TextTwice,
                    Some(
                        "keep `text` (the text itself) or `text_file` (a file holding it)"
                            .to_owned(),
                    ),
                );
                None
            }
            (Some(text), None) => Some((Arc::from(text.as_str()), None)),
            (None, Some(file)) => match read_text_file(self.folder, file) {
                Ok(text) => Some((Arc::from(text), Some(file.clone()))),
                Err(error) => {
                    let (kind, help) = text_file_problem(error, file.clone());
                    self.report(
                        at,
                        Some(subject.to_owned()),
                        "text_file",
                        kind,
                        Some(help.to_owned()),
                    );
                    None
                }
            },
            (None, None) => None,
        }
    }

    /// An influence or salience: a whole number from 0 to 100.
    fn check_scale(
        &mut self,
        at: At,
        subject: &str,
        field: &'static str,
        value: Option<f64>,
    ) -> Option<u8> {
        let value = value?;
        match super::scale_value(value) {
            Ok(v) => Some(v),
            Err(reason) => {
                let kind = ProblemKind::BadScale {
                    field,
                    value: value.to_string(),
                    reason,
                };
                let help = format!(
                    "give {field} as a whole number from 0 (none) to 100 (the most), or leave it out when it is not known"
                );
                self.report(at, Some(subject.to_owned()), field, kind, Some(help));
                None
            }
        }
    }

    fn check_url(&mut self, at: At, subject: &str, url: Option<&str>) {
        let Some(url) = url else { return };
        if let Some((kind, help)) = url_problem(url) {
            self.report(at, Some(subject.to_owned()), "url", kind, help);
        }
    }
}

/// A position's actor, issue, source and date, as resolved.
type Resolved = (
    Option<Entity>,
    Option<Entity>,
    Option<Entity>,
    Option<Date>,
    Option<u8>,
);

/// Checks every rule and builds the dataset, or returns every problem found. `folder` is the
/// positions file's folder, where `text_file`s are read from.
pub(super) fn validate(
    raw: RawDataset,
    text: &str,
    folder: Option<&std::path::Path>,
) -> Result<Dataset, Vec<Problem>> {
    let mut v = Validator {
        text,
        folder,
        map: OnceCell::new(),
        problems: Vec::new(),
        suggestions_left: SUGGESTION_BUDGET,
    };
    if raw.title.trim().is_empty() {
        v.report(
            At::Top,
            None,
            "title",
            ProblemKind::Empty { field: "title" },
            None,
        );
    }

    // One namespace for sources, actors and issues.
    let mut ids: HashMap<String, (Entity, At)> =
        HashMap::with_capacity(raw.sources.len() + raw.actors.len() + raw.issues.len());
    let entries = raw
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (List::Sources, i, &s.id, Entity::Source(SourceIx(i as u32))))
        .chain(
            raw.actors
                .iter()
                .enumerate()
                .map(|(i, a)| (List::Actors, i, &a.id, Entity::Actor(ActorIx(i as u32)))),
        )
        .chain(
            raw.issues
                .iter()
                .enumerate()
                .map(|(i, s)| (List::Issues, i, &s.id, Entity::Issue(IssueIx(i as u32)))),
        );
    for (list, index, id, entity) in entries {
        let at = At::Entry(list, index);
        let subject = entry_subject(list, index, id);
        if id.trim().is_empty() {
            v.report(
                at,
                Some(subject),
                "id",
                ProblemKind::Empty { field: "id" },
                None,
            );
            continue;
        }
        if !is_valid_id(id) {
            let fixed = slug(id);
            let help = (!fixed.is_empty()).then(|| format!("try \"{fixed}\""));
            v.report(
                at,
                Some(subject.clone()),
                "id",
                ProblemKind::BadId { id: id.clone() },
                help,
            );
        }
        if let Some(&(first_entity, first_at)) = ids.get(id.as_str()) {
            let noun = match first_entity {
                Entity::Source(_) => "source",
                Entity::Actor(_) => "actor",
                Entity::Issue(_) => "issue",
            };
            let first = match v.line_of(first_at) {
                Some(line) => format!("the {noun} at line {line}"),
                None => format!("an earlier {noun}"),
            };
            let help = Some("ids must be unique across sources, actors and issues".to_owned());
            v.report(
                at,
                Some(subject),
                "id",
                ProblemKind::DuplicateId {
                    id: id.clone(),
                    first,
                },
                help,
            );
        } else {
            ids.insert(id.clone(), (entity, at));
        }
    }

    // Candidate lists for suggestions, per kind, in file order.
    let actor_ids: Vec<&str> = raw.actors.iter().map(|a| a.id.as_str()).collect();
    let issue_ids: Vec<&str> = raw.issues.iter().map(|i| i.id.as_str()).collect();
    let source_ids: Vec<&str> = raw.sources.iter().map(|s| s.id.as_str()).collect();

    // Looks an id up as the expected kind, reporting a dangling reference otherwise.
    let resolve = |v: &mut Validator, at: At, subject: &str, field: &'static str, id: &str| {
        let found = ids.get(id).map(|&(entity, _)| entity);
        let (expected, candidates): (&'static str, &[&str]) = match field {
            "issue" => ("issue", &issue_ids),
            "source" => ("source", &source_ids),
            _ => ("actor", &actor_ids),
        };
        let note = match of_kind(id, expected, found) {
            Ok(entity) => return Some(entity),
            Err(note) => note,
        };
        let help = v
            .suggest(id, candidates.iter().copied())
            .map(|s| format!("did you mean \"{s}\"?"));
        v.report(
            at,
            Some(subject.to_owned()),
            field,
            ProblemKind::DanglingReference {
                expected,
                id: id.to_owned(),
                note,
            },
            help,
        );
        None
    };

    // First pass: check every entry by reference, keeping what the second pass needs.
    let mut source_dates = Vec::with_capacity(raw.sources.len());
    let mut source_texts: Vec<Option<(Arc<str>, Option<String>)>> =
        Vec::with_capacity(raw.sources.len());
    for (index, source) in raw.sources.iter().enumerate() {
        let at = At::Entry(List::Sources, index);
        let subject = entry_subject(List::Sources, index, &source.id);
        v.require_text(at, &subject, "title", &source.title);
        v.check_url(at, &subject, source.url.as_deref());
        source_dates.push(v.check_date(at, &subject, source.date.as_deref()));
        source_texts.push(v.source_text(at, &subject, source));
    }

    let mut represents = Vec::with_capacity(raw.actors.len());
    let mut influences = Vec::with_capacity(raw.actors.len());
    for (index, actor) in raw.actors.iter().enumerate() {
        let at = At::Entry(List::Actors, index);
        let subject = entry_subject(List::Actors, index, &actor.id);
        v.require_text(at, &subject, "name", &actor.name);
        influences.push(v.check_scale(at, &subject, "influence", actor.influence));
        for (k, (name, value)) in actor.attributes.iter().enumerate() {
            if actor.attributes[..k].iter().any(|(n, _)| n == name) {
                let kind = ProblemKind::DuplicateAttribute { name: name.clone() };
                let help = format!("keep one `{name}`: an actor has one value of each attribute");
                v.report(at, Some(subject.clone()), "attributes", kind, Some(help));
                continue;
            }
            let help = if name.trim().is_empty() {
                "give the attribute a name, or remove it".to_owned()
            } else if value.trim().is_empty() {
                format!("give `{name}` a value, or remove it (an actor without a value has none)")
            } else {
                continue;
            };
            let kind = ProblemKind::Empty {
                field: "attributes",
            };
            v.report(at, Some(subject.clone()), "attributes", kind, Some(help));
        }
        represents.push(match &actor.represents {
            Some(target) if *target == actor.id => {
                let kind = ProblemKind::SelfRepresents { id: actor.id.clone() };
                let help = "remove `represents`, or name the country or organisation this actor speaks for";
                v.report(at, Some(subject), "represents", kind, Some(help.to_owned()));
                None
            }
            Some(target) => match resolve(&mut v, at, &subject, "represents", target) {
                Some(Entity::Actor(ix)) => Some(ix),
                _ => None,
            },
            None => None,
        });
    }

    for (index, issue) in raw.issues.iter().enumerate() {
        let at = At::Entry(List::Issues, index);
        let subject = entry_subject(List::Issues, index, &issue.id);
        v.require_text(at, &subject, "name", &issue.name);
        if issue.tags.iter().any(|t| t.trim().is_empty()) {
            let help = Some("remove the empty tag".to_owned());
            v.report(
                at,
                Some(subject),
                "tags",
                ProblemKind::Empty { field: "tags" },
                help,
            );
        }
    }

    let mut resolved: Vec<Resolved> = Vec::with_capacity(raw.positions.len());
    for (index, position) in raw.positions.iter().enumerate() {
        let at = At::Entry(List::Positions, index);
        let subject = position_subject(index, position);
        let actor = resolve(&mut v, at, &subject, "actor", &position.actor);
        let issue = resolve(&mut v, at, &subject, "issue", &position.issue);
        let source = position
            .source
            .as_deref()
            .and_then(|id| resolve(&mut v, at, &subject, "source", id));
        if let RawStance::Condition(text) = &position.stance
            && text.trim().is_empty()
        {
            let subject = Some(subject.clone());
            v.report(at, subject, "stance", ProblemKind::EmptyCondition, None);
        }
        v.require_text(at, &subject, "quote", &position.quote);
        v.check_url(at, &subject, position.url.as_deref());
        let date = v.check_date(at, &subject, position.date.as_deref());
        let salience = v.check_scale(at, &subject, "salience", position.salience);
        resolved.push((actor, issue, source, date, salience));
    }

    // Quotes whose source has text are found in it, verbatim up to whitespace.
    let mut passages: Vec<Vec<Passage>> = vec![Vec::new(); raw.sources.len()];
    let mut quoted: Vec<Vec<usize>> = vec![Vec::new(); raw.sources.len()];
    for (index, (_, _, source, _, _)) in resolved.iter().enumerate() {
        if let Some(Entity::Source(s)) = source
            && source_texts[s.0 as usize].is_some()
        {
            quoted[s.0 as usize].push(index);
        }
    }
    for (s, indices) in quoted.iter().enumerate() {
        let Some((body, _)) = &source_texts[s] else {
            continue;
        };
        let texts: Vec<&str> = indices
            .iter()
            .map(|&k| raw.positions[k].quote.as_str())
            .collect();
        let search = QuoteSearch::new(body);
        let found = search.find(&texts);
        for (&k, range) in indices.iter().zip(found) {
            let position = &raw.positions[k];
            match range {
                Some(range) => passages[s].push(Passage {
                    position: PositionIx(k as u32),
                    range,
                }),
                None if position.quote.trim().is_empty() => {}
                None => {
                    let help = v
                        .take_suggestion()
                        .then(|| search.closest(&position.quote))
                        .flatten()
                        .map_or_else(
                        || "copy the quote from the source's text: case, quotation marks and dashes must match".to_owned(),
                        |near| format!("the closest passage of the text is \"{near}\""),
                    );
                    v.report(
                        At::Entry(List::Positions, k),
                        Some(position_subject(k, position)),
                        "quote",
                        ProblemKind::QuoteNotInSource {
                            source_id: raw.sources[s].id.clone(),
                        },
                        Some(help),
                    );
                }
            }
        }
    }

    if !v.problems.is_empty() {
        return Err(v.problems);
    }

    // Second pass: no problems, so every reference resolved; move the texts into place.
    let sources = raw
        .sources
        .into_iter()
        .zip(source_dates)
        .zip(source_texts.into_iter().zip(passages))
        .map(|((source, date), (text, mut passages))| {
            passages.sort_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end)));
            Source {
                id: source.id,
                title: source.title,
                publisher: source.publisher,
                url: source.url,
                date,
                text: text.map(|(body, file)| SourceText {
                    body,
                    file,
                    passages,
                }),
            }
        })
        .collect();
    let actors = raw
        .actors
        .into_iter()
        .zip(represents.into_iter().zip(influences))
        .map(|(actor, (represents, influence))| Actor {
            id: actor.id,
            name: actor.name,
            kind: match actor.kind {
                RawActorKind::Country => ActorKind::Country,
                RawActorKind::Leader => ActorKind::Leader,
                RawActorKind::Organization => ActorKind::Organization,
                RawActorKind::Person => ActorKind::Person,
            },
            role: actor.role,
            represents,
            attributes: actor.attributes.into_iter().collect(),
            influence,
        })
        .collect();
    let issues = raw
        .issues
        .into_iter()
        .map(|issue| Issue {
            id: issue.id,
            name: issue.name,
            description: issue.description,
            tags: issue.tags,
        })
        .collect();
    let positions = raw
        .positions
        .into_iter()
        .zip(resolved)
        .filter_map(|(position, refs)| {
            let (Some(Entity::Actor(actor)), Some(Entity::Issue(issue)), source, date, salience) =
                refs
            else {
                return None;
            };
            Some(Position {
                actor,
                issue,
                stance: match position.stance {
                    RawStance::Support => Stance::Support,
                    RawStance::Reject => Stance::Reject,
                    RawStance::Neutral => Stance::Neutral,
                    RawStance::Condition(text) => Stance::Condition(text),
                },
                quote: position.quote,
                source: match source {
                    Some(Entity::Source(ix)) => Some(ix),
                    _ => None,
                },
                url: position.url,
                date,
                salience,
            })
        })
        .collect();
    Ok(Dataset {
        title: raw.title,
        description: raw.description,
        sources,
        actors,
        issues,
        positions,
        notes: Vec::new(),
        ids: ids
            .into_iter()
            .map(|(id, (entity, _))| (id, entity))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::{slug, suggest};

    #[test]
    fn suggests_close_ids_only() {
        let ids = ["merz", "macron", "trump"];
        assert_eq!(suggest("merc", ids.into_iter()), Some("merz".into()));
        assert_eq!(suggest("Merz", ids.into_iter()), Some("merz".into()));
        assert_eq!(suggest("putin", ids.into_iter()), None);
    }

    #[test]
    fn slugs_names_into_ids() {
        assert_eq!(slug("Friedrich Merz"), "friedrich-merz");
        assert_eq!(slug("  U.S. / NATO "), "u-s-nato");
        assert_eq!(slug("Ёж"), "");
    }
}
