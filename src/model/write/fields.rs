//! The values of an entry's fields as the writer renders and compares them.

use std::fmt::Write as _;

use super::super::locate::List;
use super::super::raw::{RawActorKind, RawStance};
use super::super::{Actor, ActorKind, Dataset, Issue, Position, Source, Stance};

/// One value of a field, as the writer renders and compares it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// A long text (rendered as a raw string when it spans lines).
    Text(&'a str),
    /// An actor kind.
    Kind(ActorKind),
    /// A stance.
    Stance(&'a Stance),
    /// A list of strings.
    List(&'a [String]),
    /// A map of text to text (an actor's attributes).
    Map(&'a std::collections::BTreeMap<String, String>),
    /// A whole number (an influence, a salience).
    Number(u8),
}

impl Value<'_> {
    /// The value as RON; `crlf`: the file ends its lines with CRLF, so a raw string would
    /// read them back into the text (an escaped string is written instead).
    pub(super) fn render(&self, crlf: bool) -> String {
        match self {
            Self::Text(s) if s.contains('\n') && !crlf => ron_raw_string(s),
            Self::Str(s) | Self::Text(s) => ron_string(s),
            Self::Kind(kind) => kind.label().to_owned(),
            Self::Stance(Stance::Condition(text)) => format!("Condition({})", ron_string(text)),
            Self::Stance(stance) => stance.kind().label().to_owned(),
            Self::List(items) => {
                let items: Vec<String> = items.iter().map(|s| ron_string(s)).collect();
                format!("[{}]", items.join(", "))
            }
            Self::Map(map) => {
                let items: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{}: {}", ron_string(k), ron_string(v)))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            Self::Number(n) => n.to_string(),
        }
    }

    /// Whether `text`, as written in the file, holds this value.
    pub(super) fn written_as(&self, text: &str) -> bool {
        if self.render(false) == text {
            return true;
        }
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        match self {
            Self::Str(s) | Self::Text(s) => options
                .from_str::<Option<String>>(text)
                .is_ok_and(|v| v.as_deref() == Some(*s)),
            Self::Kind(kind) => options.from_str::<RawActorKind>(text).is_ok_and(|k| {
                matches!(
                    (k, kind),
                    (RawActorKind::Country, ActorKind::Country)
                        | (RawActorKind::Leader, ActorKind::Leader)
                        | (RawActorKind::Organization, ActorKind::Organization)
                        | (RawActorKind::Person, ActorKind::Person)
                )
            }),
            Self::Stance(stance) => {
                options
                    .from_str::<RawStance>(text)
                    .is_ok_and(|s| match (s, stance) {
                        (RawStance::Support, Stance::Support)
                        | (RawStance::Reject, Stance::Reject)
                        | (RawStance::Neutral, Stance::Neutral) => true,
                        (RawStance::Condition(a), Stance::Condition(b)) => a == *b,
                        _ => false,
                    })
            }
            Self::List(items) => options
                .from_str::<Vec<String>>(text)
                .is_ok_and(|v| v == *items),
            Self::Map(map) => options
                .from_str::<std::collections::BTreeMap<String, String>>(text)
                .is_ok_and(|v| v == **map),
            // `70`, `70.0` and `Some(70)` all hold 70.
            Self::Number(n) => options
                .from_str::<Option<f64>>(text)
                .is_ok_and(|v| v == Some(f64::from(*n))),
        }
    }
}

/// A RON string literal: `"…"` with `\\`, `\"` and control characters escaped.
pub(crate) fn ron_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                write!(out, "\\u{{{:x}}}", u32::from(c)).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A RON raw string literal, `r#"…"#`, with as many `#` as the text needs.
pub(super) fn ron_raw_string(s: &str) -> String {
    let mut hashes = 1;
    while s.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{s}\"{fence}")
}

/// The fields a source is written with, in the format's order (absent ones left out).
pub(super) fn source_fields(source: &Source) -> Vec<(&'static str, Value<'_>)> {
    let mut fields = vec![
        ("id", Value::Str(&source.id)),
        ("title", Value::Str(&source.title)),
    ];
    if let Some(publisher) = &source.publisher {
        fields.push(("publisher", Value::Str(publisher)));
    }
    if let Some(url) = &source.url {
        fields.push(("url", Value::Str(url)));
    }
    if let Some(text) = &source.text {
        match &text.file {
            Some(file) => fields.push(("text_file", Value::Str(file))),
            None => fields.push(("text", Value::Text(&text.body))),
        }
    }
    fields
}

pub(super) fn actor_fields<'a>(
    dataset: &'a Dataset,
    actor: &'a Actor,
) -> Vec<(&'static str, Value<'a>)> {
    let mut fields = vec![
        ("id", Value::Str(&actor.id)),
        ("name", Value::Str(&actor.name)),
        ("kind", Value::Kind(actor.kind)),
    ];
    if let Some(role) = &actor.role {
        fields.push(("role", Value::Str(role)));
    }
    if let Some(represents) = actor.represents {
        fields.push(("represents", Value::Str(&dataset.actor(represents).id)));
    }
    if !actor.attributes.is_empty() {
        fields.push(("attributes", Value::Map(&actor.attributes)));
    }
    if let Some(influence) = actor.influence {
        fields.push(("influence", Value::Number(influence)));
    }
    fields
}

pub(super) fn issue_fields(issue: &Issue) -> Vec<(&'static str, Value<'_>)> {
    let mut fields = vec![
        ("id", Value::Str(&issue.id)),
        ("name", Value::Str(&issue.name)),
    ];
    if let Some(description) = &issue.description {
        fields.push(("description", Value::Text(description)));
    }
    if !issue.tags.is_empty() {
        fields.push(("tags", Value::List(&issue.tags)));
    }
    fields
}

pub(super) fn position_fields<'a>(
    dataset: &'a Dataset,
    position: &'a Position,
) -> Vec<(&'static str, Value<'a>)> {
    let mut fields = vec![
        ("actor", Value::Str(&dataset.actor(position.actor).id)),
        ("issue", Value::Str(&dataset.issue(position.issue).id)),
        ("stance", Value::Stance(&position.stance)),
        ("quote", Value::Text(&position.quote)),
    ];
    if let Some(source) = position.source {
        fields.push(("source", Value::Str(&dataset.source(source).id)));
    }
    if let Some(url) = &position.url {
        fields.push(("url", Value::Str(url)));
    }
    fields
}

/// A position's own date is written as text; kept apart because it is rendered, not borrowed.
/// Its salience follows it, last, where the format lists it.
pub(super) fn with_date<'a>(
    mut fields: Vec<(&'static str, Value<'a>)>,
    date: Option<&'a str>,
    salience: Option<u8>,
) -> Vec<(&'static str, Value<'a>)> {
    if let Some(date) = date {
        fields.push(("date", Value::Str(date)));
    }
    if let Some(salience) = salience {
        fields.push(("salience", Value::Number(salience)));
    }
    fields
}

/// The fields of entry `i` of a list.
pub(super) fn entry_fields<'a>(
    dataset: &'a Dataset,
    list: List,
    i: usize,
    dates: &'a [Option<String>],
) -> Vec<(&'static str, Value<'a>)> {
    match list {
        List::Sources => {
            // A source's date goes before its text, where the format lists it.
            let source = &dataset.sources[i];
            let mut fields = source_fields(source);
            if let Some(date) = dates.get(i).and_then(Option::as_deref) {
                let at = fields
                    .iter()
                    .position(|(name, _)| matches!(*name, "text" | "text_file"))
                    .unwrap_or(fields.len());
                fields.insert(at, ("date", Value::Str(date)));
            }
            fields
        }
        List::Actors => actor_fields(dataset, &dataset.actors[i]),
        List::Issues => issue_fields(&dataset.issues[i]),
        List::Positions => with_date(
            position_fields(dataset, &dataset.positions[i]),
            dates.get(i).and_then(Option::as_deref),
            dataset.positions[i].salience,
        ),
    }
}
