//! What the validation says of entries and values: a url's or a text file's problem, the
//! kind of thing an id names, ids made from names, and how an entry is named in messages.

use super::super::locate::List;
use super::super::raw::RawPosition;
use super::super::source_text::TextFileError;
use super::super::{Entity, ProblemKind};

/// What is wrong with a url, if anything (it must be http or https), with a suggestion.
pub(in crate::model) fn url_problem(url: &str) -> Option<(ProblemKind, Option<String>)> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let valid = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.chars().any(char::is_whitespace);
    if valid {
        return None;
    }
    let help = (!url.contains("://") && url.contains('.') && !url.contains(' '))
        .then(|| format!("did you mean \"https://{url}\"?"));
    Some((
        ProblemKind::BadUrl {
            url: url.to_owned(),
        },
        help,
    ))
}

/// How a source's `text_file` that cannot be read is reported: the problem and its help.
pub(in crate::model) fn text_file_problem(
    error: TextFileError,
    path: String,
) -> (ProblemKind, &'static str) {
    match error {
        TextFileError::Outside => (
            ProblemKind::TextFileOutside { path },
            "name the file relative to the positions file, e.g. \"sources/article.txt\"",
        ),
        TextFileError::NoFolder => (
            ProblemKind::TextFileUnreadable {
                path,
                reason: "this text was not read from a file, so it has no folder".to_owned(),
            },
            "save the positions file first, or give the text inline as `text`",
        ),
        TextFileError::Unreadable(reason) => (
            ProblemKind::TextFileUnreadable { path, reason },
            "the path is relative to the positions file's folder",
        ),
        TextFileError::TooLarge(size) => (
            ProblemKind::TextFileUnreadable {
                path,
                reason: format!("it is {size} bytes, more than stancemap reads"),
            },
            "split the text into several sources",
        ),
        TextFileError::NotText => (
            ProblemKind::TextFileUnreadable {
                path,
                reason: "it is not UTF-8 text".to_owned(),
            },
            "save it as UTF-8 text (.txt, .md or .html)",
        ),
    }
}

/// A suggested id for text that is not a valid id: "Friedrich Merz" → "friedrich-merz".
/// The entity `found` for `id` when it is of the `expected` kind ("actor", "issue",
/// "source"); otherwise what to say of it ("\"x\" is an issue, not an actor"; nothing when
/// there is no such id).
pub(in crate::model) fn of_kind(
    id: &str,
    expected: &str,
    found: Option<Entity>,
) -> Result<Entity, Option<String>> {
    match found {
        Some(entity) if entity_noun(entity) == expected => Ok(entity),
        Some(entity) => Err(Some(format!(
            "{id:?} is {}, not {}",
            with_article(entity_noun(entity)),
            with_article(expected)
        ))),
        None => Err(None),
    }
}

/// What an entity is: "source", "actor" or "issue".
pub(in crate::model) fn entity_noun(entity: Entity) -> &'static str {
    match entity {
        Entity::Source(_) => "source",
        Entity::Actor(_) => "actor",
        Entity::Issue(_) => "issue",
    }
}

pub(in crate::model) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

pub(in crate::model) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(in crate::model) fn entry_subject(list: List, index: usize, id: &str) -> String {
    if id.trim().is_empty() {
        format!("{} #{}", list.noun(), index + 1)
    } else {
        format!("{} {id:?}", list.noun())
    }
}

/// How a position is named in messages: "position #12 (merz on ground-troops)".
pub(in crate::model) fn position_subject(index: usize, position: &RawPosition) -> String {
    fn or_unknown(id: &str) -> &str {
        if id.is_empty() { "?" } else { id }
    }
    format!(
        "position #{} ({} on {})",
        index + 1,
        or_unknown(&position.actor),
        or_unknown(&position.issue)
    )
}
