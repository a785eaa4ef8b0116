//! The position form's actor and issue fields: completion from what exists, a new actor or
//! issue made from a name that matches none, and the check of the whole position with them.

use egui::{RichText, Ui};

use super::problem_ui;
use crate::document::edit::{Change, Edit, Entry};
use crate::model::{
    ActorDraft, ActorIx, ActorKind, Dataset, IssueDraft, IssueIx, PositionDraft, Problem,
};

/// What a position's field refers to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ref {
    Actor,
    Issue,
}

/// The text typed for an actor or issue, when it names none that exists (by id or name):
/// a new one of that name.
pub(super) fn new_name<'t>(dataset: &Dataset, what: Ref, typed: &'t str) -> Option<&'t str> {
    let typed = typed.trim();
    if typed.is_empty() || existing(dataset, what, typed).is_some() {
        return None;
    }
    Some(typed)
}

/// The id of the actor or issue `typed` names (its id, or its name in any case).
fn existing(dataset: &Dataset, what: Ref, typed: &str) -> Option<String> {
    let typed = typed.trim();
    match what {
        Ref::Actor => dataset
            .find_actor(typed)
            .or_else(|| {
                dataset
                    .actor_ixs()
                    .find(|&a| dataset.actor(a).name.eq_ignore_ascii_case(typed))
            })
            .map(|a| dataset.actor(a).id.clone()),
        Ref::Issue => dataset
            .find_issue(typed)
            .or_else(|| {
                dataset
                    .issue_ixs()
                    .find(|&i| dataset.issue(i).name.eq_ignore_ascii_case(typed))
            })
            .map(|i| dataset.issue(i).id.clone()),
    }
}

/// Up to six actors or issues whose name or id holds the typed text, as (id, name).
fn completions(dataset: &Dataset, what: Ref, typed: &str) -> Vec<(String, String)> {
    let needle = typed.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let matches =
        |id: &str, name: &str| id.contains(&needle) || name.to_lowercase().contains(&needle);
    match what {
        Ref::Actor => dataset
            .actors
            .iter()
            .filter(|a| matches(&a.id, &a.name) && a.id != typed.trim())
            .take(6)
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
        Ref::Issue => dataset
            .issues
            .iter()
            .filter(|i| matches(&i.id, &i.name) && i.id != typed.trim())
            .take(6)
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect(),
    }
}

/// The actor or issue field of a position: completes from what exists as you type (Enter
/// takes the first match), and says when the name is new (the actor or issue is created).
/// Returns whether Enter was pressed in it (with something typed).
pub(super) fn reference_row(
    ui: &mut Ui,
    dataset: &Dataset,
    what: Ref,
    text: &mut String,
    problems: &[Problem],
    focus: bool,
) -> bool {
    let (label, field) = match what {
        Ref::Actor => ("Actor", "actor"),
        Ref::Issue => ("Issue", "issue"),
    };
    let label_response = ui.label(label);
    let mut enter = false;
    ui.vertical(|ui| {
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .desired_width(ui.available_width().min(260.0))
                    .hint_text("type a name or id")
                    .id_salt(label),
            )
            .labelled_by(label_response.id);
        if focus {
            response.request_focus();
        }
        let pressed_enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let known = existing(dataset, what, text);
        let offered = if known.is_some() && known.as_deref() == Some(text.trim()) {
            Vec::new()
        } else {
            completions(dataset, what, text)
        };
        // Enter takes the first match (or the name as typed: a new one) and moves on.
        if pressed_enter && !text.trim().is_empty() {
            if let (None, Some((id, _))) = (&known, offered.first()) {
                text.clone_from(id);
            } else if let Some(id) = known {
                *text = id;
            }
            enter = true;
        }
        for (id, name) in &offered {
            if ui
                .add(
                    egui::Button::new(RichText::new(format!("{name}  ({id})")).small())
                        .frame(false),
                )
                .clicked()
            {
                text.clone_from(id);
            }
        }
        if let Some(name) = new_name(dataset, what, text)
            && offered.is_empty()
        {
            let noun = if what == Ref::Actor { "actor" } else { "issue" };
            ui.label(
                RichText::new(format!(
                    "New {noun} “{name}” (id {})",
                    dataset.id_for(name, noun)
                ))
                .small()
                .italics(),
            );
        }
        for problem in problems.iter().filter(|p| p.field == Some(field)) {
            problem_ui(ui, problem);
        }
    });
    ui.end_row();
    enter
}

/// Checks a position form: the changes that add (or replace) the position, with a new
/// actor and a new issue first when it names ones that do not exist.
pub(super) fn coded(
    dataset: &Dataset,
    draft: &PositionDraft,
    kind: ActorKind,
) -> Result<Vec<Change>, Vec<Problem>> {
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let mut draft = draft.clone();
    let new_actor = new_name(dataset, Ref::Actor, &draft.actor).map(str::to_owned);
    let new_issue = new_name(dataset, Ref::Issue, &draft.issue).map(str::to_owned);
    if let Some(id) = existing(dataset, Ref::Actor, &draft.actor) {
        draft.actor = id;
    }
    if let Some(id) = existing(dataset, Ref::Issue, &draft.issue) {
        draft.issue = id;
    }
    let mut actor_ix = None;
    if let Some(name) = &new_actor {
        let actor_draft = ActorDraft {
            id: dataset.id_for(name, "actor"),
            name: name.clone(),
            kind,
            role: String::new(),
            represents: String::new(),
            attributes: String::new(),
            influence: String::new(),
        };
        match dataset.check_actor(&actor_draft, None) {
            Ok(actor) => {
                actor_ix = Some(ActorIx(dataset.actors.len() as u32));
                changes.extend(Edit::add(dataset, Entry::Actor(actor)).changes);
            }
            Err(mut found) => problems.append(&mut found),
        }
        // The position is checked against an actor that exists; it is then pointed at the
        // new one.
        if let Some(first) = dataset.actors.first() {
            draft.actor.clone_from(&first.id);
        }
    }
    let mut issue_ix = None;
    if let Some(name) = &new_issue {
        let issue_draft = IssueDraft {
            id: dataset.id_for(name, "issue"),
            name: name.clone(),
            description: String::new(),
            tags: String::new(),
        };
        match dataset.check_issue(&issue_draft, None) {
            Ok(issue) => {
                issue_ix = Some(IssueIx(dataset.issues.len() as u32));
                changes.extend(Edit::add(dataset, Entry::Issue(issue)).changes);
            }
            Err(mut found) => problems.append(&mut found),
        }
        if let Some(first) = dataset.issues.first() {
            draft.issue.clone_from(&first.id);
        }
    }
    if (new_actor.is_some() && dataset.actors.is_empty())
        || (new_issue.is_some() && dataset.issues.is_empty())
    {
        return coded_in_copy(dataset, changes, draft, problems);
    }
    match dataset.check_position(&draft) {
        Ok(mut position) => {
            if let Some(a) = actor_ix {
                position.actor = a;
            }
            if let Some(i) = issue_ix {
                position.issue = i;
            }
            changes.extend(Edit::add(dataset, Entry::Position(position)).changes);
        }
        Err(mut found) => problems.append(&mut found),
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    }
}

/// [`coded`] for a dataset with no actor or no issue yet (a new file): the new ones are
/// added to a copy, and the position checked there.
fn coded_in_copy(
    dataset: &Dataset,
    mut changes: Vec<Change>,
    mut draft: PositionDraft,
    mut problems: Vec<Problem>,
) -> Result<Vec<Change>, Vec<Problem>> {
    let mut copy = dataset.clone();
    let mut origins = crate::model::Origins::read(&copy);
    if !problems.is_empty() {
        return Err(problems);
    }
    if crate::document::edit::apply(&mut copy, &mut origins, Edit::new("", changes.clone()))
        .is_err()
    {
        return Err(problems);
    }
    for change in &changes {
        if let Change::Insert { entry, .. } = change {
            match entry {
                Entry::Actor(a) => draft.actor.clone_from(&a.id),
                Entry::Issue(i) => draft.issue.clone_from(&i.id),
                Entry::Source(_) | Entry::Position(_) => {}
            }
        }
    }
    match copy.check_position(&draft) {
        Ok(position) => {
            changes.extend(Edit::add(&copy, Entry::Position(position)).changes);
            Ok(changes)
        }
        Err(mut found) => {
            problems.append(&mut found);
            Err(problems)
        }
    }
}
