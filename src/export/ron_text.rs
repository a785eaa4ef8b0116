//! A dataset written back as a positions file: readable RON with a comment header, one entry
//! per line, in the order of the dataset (what `stancemap convert` writes).

use std::fmt::Write as _;

use crate::model::{Dataset, Stance};

/// A string as a RON string literal (quoted, escaped).
fn quoted(text: &str) -> String {
    ron::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// The dataset as a positions file.
pub fn ron(dataset: &Dataset, made_from: &str) -> String {
    let mut out = String::with_capacity(256 + dataset.positions.len() * 200);
    let _ = writeln!(
        out,
        "// Positions file written by stancemap convert from {made_from}."
    );
    let _ = writeln!(
        out,
        "// {} sources, {} actors, {} issues, {} positions.",
        dataset.sources.len(),
        dataset.actors.len(),
        dataset.issues.len(),
        dataset.positions.len()
    );
    let _ = writeln!(out, "(");
    let _ = writeln!(out, "    title: {},", quoted(&dataset.title));
    if let Some(description) = &dataset.description {
        let _ = writeln!(out, "    description: {},", quoted(description));
    }
    let _ = writeln!(out, "    sources: [");
    for source in &dataset.sources {
        let _ = write!(
            out,
            "        (id: {}, title: {}",
            quoted(&source.id),
            quoted(&source.title)
        );
        if let Some(publisher) = &source.publisher {
            let _ = write!(out, ", publisher: {}", quoted(publisher));
        }
        if let Some(url) = &source.url {
            let _ = write!(out, ", url: {}", quoted(url));
        }
        if let Some(date) = source.date {
            let _ = write!(out, ", date: \"{date}\"");
        }
        // The text inline, wherever it was read from: the file written stands on its own
        // (a `text_file` is named relative to a folder the written file may not be in).
        if let Some(text) = &source.text {
            let _ = write!(out, ", text: {}", quoted(&text.body));
        }
        let _ = writeln!(out, "),");
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, "    actors: [");
    for actor in &dataset.actors {
        let kind = actor.kind.label();
        let _ = write!(
            out,
            "        (id: {}, name: {}, kind: {kind}",
            quoted(&actor.id),
            quoted(&actor.name)
        );
        if let Some(role) = &actor.role {
            let _ = write!(out, ", role: {}", quoted(role));
        }
        if let Some(represents) = actor.represents {
            let _ = write!(
                out,
                ", represents: {}",
                quoted(&dataset.actor(represents).id)
            );
        }
        if !actor.attributes.is_empty() {
            let pairs: Vec<String> = actor
                .attributes
                .iter()
                .map(|(name, value)| format!("{}: {}", quoted(name), quoted(value)))
                .collect();
            let _ = write!(out, ", attributes: {{{}}}", pairs.join(", "));
        }
        if let Some(influence) = actor.influence {
            let _ = write!(out, ", influence: {influence}");
        }
        let _ = writeln!(out, "),");
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, "    issues: [");
    for issue in &dataset.issues {
        let _ = write!(
            out,
            "        (id: {}, name: {}",
            quoted(&issue.id),
            quoted(&issue.name)
        );
        if let Some(description) = &issue.description {
            let _ = write!(out, ", description: {}", quoted(description));
        }
        if !issue.tags.is_empty() {
            let tags: Vec<String> = issue.tags.iter().map(|t| quoted(t)).collect();
            let _ = write!(out, ", tags: [{}]", tags.join(", "));
        }
        let _ = writeln!(out, "),");
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, "    positions: [");
    for position in &dataset.positions {
        let stance = match &position.stance {
            Stance::Support => "Support".to_owned(),
            Stance::Reject => "Reject".to_owned(),
            Stance::Neutral => "Neutral".to_owned(),
            Stance::Condition(text) => format!("Condition({})", quoted(text)),
        };
        let _ = write!(
            out,
            "        (actor: {}, issue: {}, stance: {stance}, quote: {}",
            quoted(&dataset.actor(position.actor).id),
            quoted(&dataset.issue(position.issue).id),
            quoted(&position.quote)
        );
        if let Some(source) = position.source {
            let _ = write!(out, ", source: {}", quoted(&dataset.source(source).id));
        }
        if let Some(url) = &position.url {
            let _ = write!(out, ", url: {}", quoted(url));
        }
        if let Some(date) = position.date {
            let _ = write!(out, ", date: \"{date}\"");
        }
        if let Some(salience) = position.salience {
            let _ = write!(out, ", salience: {salience}");
        }
        let _ = writeln!(out, "),");
    }
    let _ = writeln!(out, "    ],");
    let _ = writeln!(out, ")");
    out
}
