//! Editing in the inspector: a form for the selected actor, issue or position (and for new
//! actors, issues and sources), checked as you type by the loader's own rules with the
//! message beside its field; deleting, asking first when positions use the entry.
//!
//! The form is a view over drafts ([`crate::model::ActorDraft`] …); saving it makes one
//! [`Edit`], which the window applies (and can undo).

mod floating;
mod position;

use std::path::Path;

use egui::{RichText, Ui};

pub use self::floating::{floating_ui, open_beside};
use self::position::{Ref, coded, new_name, reference_row};
use super::Command;
use crate::document::Selection;
use crate::document::edit::{Change, Edit, Entry};
use crate::graph::Node;
use crate::model::{
    ActorDraft, ActorIx, ActorKind, Dataset, IssueDraft, IssueIx, PositionDraft, PositionIx,
    Problem, SourceDraft, SourceIx, StanceKind,
};

/// An entry being edited (`at`: the one replaced; `None`: a new one).
#[derive(Clone, Debug, PartialEq)]
pub enum Form {
    /// An actor.
    Actor(Option<ActorIx>, ActorDraft),
    /// An issue.
    Issue(Option<IssueIx>, IssueDraft),
    /// A source.
    Source(Option<SourceIx>, SourceDraft),
    /// A position; the kind is that of a new actor named in it.
    Position(Option<PositionIx>, PositionDraft, ActorKind),
}

/// What the editor keeps between frames.
#[derive(Clone, Debug, Default)]
struct EditorState {
    /// The form open, and the selection it was opened for (another selection closes it).
    form: Option<(Option<Selection>, Form)>,
    /// Where the passage a form codes is on screen, while the form floats beside it (the
    /// Sources view's coding); `None`: the form is in the inspector.
    beside: Option<egui::Rect>,
    /// How many forms were opened beside a passage (each opens where its passage is).
    opened: u64,
    /// A deletion waiting for its confirmation.
    confirm: Option<(Option<Selection>, String, Box<Edit>)>,
}

fn state_id() -> egui::Id {
    egui::Id::unique("inspector-editor")
}

/// Opens a form (the Sources view's coding opens a position's).
pub fn open(ctx: &egui::Context, selection: Option<Selection>, form: Form) {
    ctx.data_mut(|d| {
        let state: &mut EditorState = d.get_temp_mut_or_default(state_id());
        state.form = Some((selection, form));
        state.beside = None;
        state.confirm = None;
    });
}

/// Asks before making an edit (a deletion), in the right panel.
pub fn ask(ctx: &egui::Context, selection: Option<Selection>, question: String, edit: Edit) {
    ctx.data_mut(|d| {
        let state: &mut EditorState = d.get_temp_mut_or_default(state_id());
        state.form = None;
        state.confirm = Some((selection, question, Box::new(edit)));
    });
}

/// The editor's buttons for the selection, or its open form. Returns the commands and
/// whether a form is shown (the inspector's rows then wait below it).
pub fn editor_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    selection: Option<Selection>,
    folder: Option<&Path>,
) -> (Vec<Command>, bool) {
    let mut commands = Vec::new();
    let mut state: EditorState = ui.data(|d| d.get_temp(state_id())).unwrap_or_default();
    state.forget_other_selections(selection);
    let mut showing_form = false;
    if state.beside.is_some() {
        // The form floats beside its passage ([`floating_ui`]); the inspector shows the rest.
        ui.horizontal_wrapped(|ui| {
            buttons_ui(ui, dataset, selection, &mut state, &mut commands);
        });
        ui.separator();
    } else if let Some((opened_for, mut form)) = state.form.take() {
        showing_form = true;
        match form_ui(ui, dataset, &mut form, folder) {
            FormAction::None => state.form = Some((opened_for, form)),
            FormAction::Cancel => {}
            FormAction::Save(edit, select) => commands.push(Command::Edit(edit, select)),
        }
    } else if let Some((for_selection, question, edit)) = state.confirm.take() {
        ui.label(RichText::new(&question).strong());
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                commands.push(Command::Edit(edit.clone(), None));
            } else if ui.button("Cancel").clicked() {
            } else {
                state.confirm = Some((for_selection, question.clone(), edit.clone()));
            }
        });
        ui.separator();
    } else {
        ui.horizontal_wrapped(|ui| {
            buttons_ui(ui, dataset, selection, &mut state, &mut commands);
        });
        ui.separator();
    }
    ui.data_mut(|d| d.insert_temp(state_id(), state));
    (commands, showing_form)
}

impl EditorState {
    /// Another selection closes the form and the question opened for the one before.
    fn forget_other_selections(&mut self, selection: Option<Selection>) {
        if self.form.as_ref().is_some_and(|(s, _)| *s != selection) {
            self.form = None;
            self.beside = None;
        }
        if self
            .confirm
            .as_ref()
            .is_some_and(|(s, _, _)| *s != selection)
        {
            self.confirm = None;
        }
    }
}

/// Edit and Delete for the selection; Add buttons with nothing selected.
fn buttons_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    selection: Option<Selection>,
    state: &mut EditorState,
    commands: &mut Vec<Command>,
) {
    match selection {
        Some(Selection::Node(Node::Actor(a))) => {
            let actor = dataset.actor(a);
            if ui
                .button("Edit actor")
                .on_hover_text("Change its name, id, kind, role or whom it represents")
                .clicked()
            {
                state.form = Some((
                    selection,
                    Form::Actor(Some(a), ActorDraft::of(dataset, actor)),
                ));
            }
            if ui.button("Delete actor").clicked() {
                let (positions, represented) = dataset.uses_of_actor(a);
                let edit = Edit::delete_actor(dataset, a);
                if positions + represented == 0 {
                    commands.push(Command::Edit(Box::new(edit), None));
                } else {
                    let what = if positions > 0 {
                        format!(" and its {}", count(positions, "position"))
                    } else {
                        String::new()
                    };
                    let others = if represented > 0 {
                        format!(
                            " {} that represent it no longer do (they keep everything else).",
                            count(represented, "actor")
                        )
                    } else {
                        String::new()
                    };
                    let question = format!("Delete {}{what}?{others}", actor.name);
                    state.confirm = Some((selection, question, Box::new(edit)));
                }
            }
            if ui
                .button("Add position")
                .on_hover_text("A new position of this actor")
                .clicked()
            {
                let mut draft = new_position_draft();
                draft.actor.clone_from(&actor.id);
                state.form = Some((selection, Form::Position(None, draft, ActorKind::Country)));
            }
        }
        Some(Selection::Node(Node::Issue(i))) => {
            let issue = dataset.issue(i);
            if ui.button("Edit issue").clicked() {
                state.form = Some((selection, Form::Issue(Some(i), IssueDraft::of(issue))));
            }
            if ui.button("Delete issue").clicked() {
                let positions = dataset.uses_of_issue(i);
                let edit = Edit::delete_issue(dataset, i);
                if positions == 0 {
                    commands.push(Command::Edit(Box::new(edit), None));
                } else {
                    let question = format!(
                        "Delete {} and the {} on it?",
                        issue.name,
                        count(positions, "position")
                    );
                    state.confirm = Some((selection, question, Box::new(edit)));
                }
            }
            if ui.button("Add position").clicked() {
                let mut draft = new_position_draft();
                draft.issue.clone_from(&issue.id);
                state.form = Some((selection, Form::Position(None, draft, ActorKind::Country)));
            }
        }
        Some(Selection::Position(p)) => {
            if ui.button("Edit position").clicked() {
                let draft = PositionDraft::of(dataset, dataset.position(p));
                state.form = Some((
                    selection,
                    Form::Position(Some(p), draft, ActorKind::Country),
                ));
            }
            if ui
                .button("Delete position")
                .on_hover_text("Ctrl+Z brings it back")
                .clicked()
            {
                commands.push(Command::Edit(Box::new(Edit::delete_position(p)), None));
            }
        }
        Some(_) => {}
        None => {
            if ui.button("Add actor").clicked() {
                state.form = Some((None, Form::Actor(None, new_actor_draft())));
            }
            if ui.button("Add issue").clicked() {
                state.form = Some((None, Form::Issue(None, IssueDraft::default())));
            }
            if ui.button("Add source").clicked() {
                state.form = Some((None, Form::Source(None, SourceDraft::default())));
            }
        }
    }
}

/// A draft for a new actor (a country until the user picks).
pub fn new_actor_draft() -> ActorDraft {
    ActorDraft {
        id: String::new(),
        name: String::new(),
        kind: ActorKind::Country,
        role: String::new(),
        represents: String::new(),
        attributes: String::new(),
        influence: String::new(),
    }
}

/// A draft for a new position (support until the user picks).
pub fn new_position_draft() -> PositionDraft {
    PositionDraft {
        actor: String::new(),
        issue: String::new(),
        stance: StanceKind::Support,
        condition: String::new(),
        quote: String::new(),
        source: String::new(),
        url: String::new(),
        date: String::new(),
        salience: String::new(),
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

enum FormAction {
    None,
    Cancel,
    Save(Box<Edit>, Option<Selection>),
}

/// The form's title and its entry checked: the changes saving it makes, or its problems.
fn check_form(
    dataset: &Dataset,
    form: &Form,
    folder: Option<&Path>,
) -> (&'static str, Result<Vec<Change>, Vec<Problem>>) {
    match form {
        Form::Actor(at, draft) => (
            if at.is_some() {
                "Edit actor"
            } else {
                "New actor"
            },
            dataset
                .check_actor(draft, *at)
                .map(|e| one_change(dataset, at.map(|a| a.0), Entry::Actor(e))),
        ),
        Form::Issue(at, draft) => (
            if at.is_some() {
                "Edit issue"
            } else {
                "New issue"
            },
            dataset
                .check_issue(draft, *at)
                .map(|e| one_change(dataset, at.map(|i| i.0), Entry::Issue(e))),
        ),
        Form::Source(at, draft) => (
            if at.is_some() {
                "Edit source"
            } else {
                "New source"
            },
            dataset
                .check_source(draft, *at, folder)
                .map(|e| one_change(dataset, at.map(|x| x.0), Entry::Source(e))),
        ),
        Form::Position(at, draft, kind) => (
            if at.is_some() {
                "Edit position"
            } else {
                "New position"
            },
            coded(dataset, draft, *kind),
        ),
    }
}

/// The form: each field with its problems beside it; Save when nothing is wrong.
fn form_ui(ui: &mut Ui, dataset: &Dataset, form: &mut Form, folder: Option<&Path>) -> FormAction {
    let (title, checked) = check_form(dataset, form, folder);
    ui.heading(title);
    let problems: &[Problem] = checked.as_ref().err().map_or(&[], Vec::as_slice);
    let focus_first = ui.data_mut(|d| d.remove_temp::<bool>(focus_id()).unwrap_or(false));
    let mut enter = false;
    egui::Grid::new("editor-form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| match form {
            Form::Actor(_, draft) => {
                enter |= text_row(ui, "Name", &mut draft.name, "name", problems, false);
                enter |= text_row(ui, "Id", &mut draft.id, "id", problems, false);
                kind_row(ui, &mut draft.kind);
                enter |= text_row(ui, "Role", &mut draft.role, "role", problems, false);
                enter |= text_row(
                    ui,
                    "Represents",
                    &mut draft.represents,
                    "represents",
                    problems,
                    false,
                );
                enter |= text_row(
                    ui,
                    "Influence",
                    &mut draft.influence,
                    "influence",
                    problems,
                    false,
                );
                text_row(
                    ui,
                    "Attributes",
                    &mut draft.attributes,
                    "attributes",
                    problems,
                    true,
                );
            }
            Form::Issue(_, draft) => {
                enter |= text_row(ui, "Name", &mut draft.name, "name", problems, false);
                enter |= text_row(ui, "Id", &mut draft.id, "id", problems, false);
                enter |= text_row(
                    ui,
                    "Description",
                    &mut draft.description,
                    "description",
                    problems,
                    true,
                );
                enter |= text_row(ui, "Tags", &mut draft.tags, "tags", problems, false);
            }
            Form::Source(_, draft) => {
                enter |= text_row(ui, "Title", &mut draft.title, "title", problems, false);
                enter |= text_row(ui, "Id", &mut draft.id, "id", problems, false);
                enter |= text_row(
                    ui,
                    "Publisher",
                    &mut draft.publisher,
                    "publisher",
                    problems,
                    false,
                );
                enter |= text_row(ui, "Link", &mut draft.url, "url", problems, false);
                enter |= text_row(ui, "Date", &mut draft.date, "date", problems, false);
                enter |= text_row(
                    ui,
                    "Text file",
                    &mut draft.text_file,
                    "text_file",
                    problems,
                    false,
                );
            }
            Form::Position(_, draft, kind) => {
                // Enter in the actor's field goes on to the issue's; in the issue's, saves.
                let focus_issue = ui.data_mut(|d| d.remove_temp::<bool>(issue_focus_id()));
                if reference_row(
                    ui,
                    dataset,
                    Ref::Actor,
                    &mut draft.actor,
                    problems,
                    focus_first,
                ) {
                    ui.data_mut(|d| d.insert_temp(issue_focus_id(), true));
                }
                if new_name(dataset, Ref::Actor, &draft.actor).is_some() {
                    kind_row(ui, kind);
                }
                enter |= reference_row(
                    ui,
                    dataset,
                    Ref::Issue,
                    &mut draft.issue,
                    problems,
                    focus_issue.unwrap_or(false),
                );
                stance_row(ui, &mut draft.stance);
                if draft.stance == StanceKind::Condition {
                    enter |= text_row(
                        ui,
                        "Condition",
                        &mut draft.condition,
                        "stance",
                        problems,
                        false,
                    );
                }
                enter |= text_row(ui, "Quote", &mut draft.quote, "quote", problems, true);
                enter |= text_row(ui, "Source", &mut draft.source, "source", problems, false);
                enter |= text_row(ui, "Date", &mut draft.date, "date", problems, false);
                enter |= text_row(ui, "Link", &mut draft.url, "url", problems, false);
                enter |= text_row(
                    ui,
                    "Salience",
                    &mut draft.salience,
                    "salience",
                    problems,
                    false,
                );
            }
        });
    // Problems no field shows (the entry as a whole).
    for problem in problems.iter().filter(|p| !shown_at_a_field(form, p)) {
        problem_ui(ui, problem);
    }
    ui.add_space(6.0);
    // Enter may have just completed a field: check what is there now.
    let checked = if enter {
        check_form(dataset, form, folder).1
    } else {
        checked
    };
    let mut action = FormAction::None;
    ui.horizontal(|ui| {
        let ok = checked.is_ok();
        let save = ui
            .add_enabled(ok, egui::Button::new("Save"))
            .on_disabled_hover_text("Fix the fields marked above first");
        if (save.clicked() || (enter && ok))
            && let Ok(changes) = &checked
        {
            action = FormAction::Save(
                Box::new(make_edit(form, changes.clone())),
                select_after(dataset, form),
            );
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            action = FormAction::Cancel;
        }
    });
    ui.separator();
    action
}

/// The change that puts a checked entry in place of the one at `at` (or adds it).
fn one_change(dataset: &Dataset, at: Option<u32>, entry: Entry) -> Vec<Change> {
    match at {
        Some(at) => Edit::replace(at, entry).changes,
        None => Edit::add(dataset, entry).changes,
    }
}

/// The edit a saved form makes, labelled for the undo list.
fn make_edit(form: &Form, changes: Vec<Change>) -> Edit {
    let (verb, noun, name) = match form {
        Form::Actor(at, d) => (at.is_some(), "actor", d.name.clone()),
        Form::Issue(at, d) => (at.is_some(), "issue", d.name.clone()),
        Form::Source(at, d) => (at.is_some(), "source", d.title.clone()),
        Form::Position(at, d, _) => (
            at.is_some(),
            "position",
            format!("{} on {}", d.actor, d.issue),
        ),
    };
    let verb = if verb { "Edit" } else { "Add" };
    Edit::new(format!("{verb} {noun} “{}”", name.trim()), changes)
}

/// What is selected once a form is saved: the entry itself.
fn select_after(dataset: &Dataset, form: &Form) -> Option<Selection> {
    Some(match form {
        Form::Actor(at, _) => Selection::Node(Node::Actor(
            at.unwrap_or(ActorIx(dataset.actors.len() as u32)),
        )),
        Form::Issue(at, _) => Selection::Node(Node::Issue(
            at.unwrap_or(IssueIx(dataset.issues.len() as u32)),
        )),
        Form::Position(at, ..) => {
            Selection::Position(at.unwrap_or(PositionIx(dataset.positions.len() as u32)))
        }
        Form::Source(..) => return None,
    })
}

/// One labelled text field and the problems of its field below it; returns whether Enter
/// was pressed in it (a multi-line field takes Enter as a new line).
fn text_row(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    field: &str,
    problems: &[Problem],
    multiline: bool,
) -> bool {
    let label_response = ui.label(label);
    let mut enter = false;
    ui.vertical(|ui| {
        let edit = if multiline {
            egui::TextEdit::multiline(text).desired_rows(3)
        } else {
            egui::TextEdit::singleline(text)
        };
        let response = ui
            .add(
                edit.desired_width(ui.available_width().min(260.0))
                    .id_salt(label),
            )
            .labelled_by(label_response.id);
        enter =
            !multiline && response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        for problem in problems.iter().filter(|p| p.field == Some(field)) {
            problem_ui(ui, problem);
        }
    });
    ui.end_row();
    enter
}

fn shown_at_a_field(form: &Form, problem: &Problem) -> bool {
    let fields: &[&str] = match form {
        Form::Actor(..) => &["name", "id", "role", "represents", "kind", "attributes"],
        Form::Issue(..) => &["name", "id", "description", "tags"],
        Form::Source(..) => &[
            "title",
            "id",
            "publisher",
            "url",
            "date",
            "text_file",
            "text",
        ],
        Form::Position(_, draft, _) => {
            if draft.stance == StanceKind::Condition {
                &["actor", "issue", "stance", "quote", "source", "date", "url"]
            } else {
                &["actor", "issue", "quote", "source", "date", "url"]
            }
        }
    };
    problem.field.is_some_and(|f| fields.contains(&f))
}

fn problem_ui(ui: &mut Ui, problem: &Problem) {
    let color = ui.visuals().error_fg_color;
    let mut text = problem.kind.to_string();
    if let Some(help) = &problem.help {
        text.push_str(" — ");
        text.push_str(help);
    }
    ui.add(egui::Label::new(RichText::new(text).color(color).small()).wrap());
}

/// The actor's kind, a key away as the stance is: Alt+C country, Alt+L leader, Alt+O
/// organization, Alt+P person.
fn kind_row(ui: &mut Ui, kind: &mut ActorKind) {
    let keys = [
        (ActorKind::Country, egui::Key::C),
        (ActorKind::Leader, egui::Key::L),
        (ActorKind::Organization, egui::Key::O),
        (ActorKind::Person, egui::Key::P),
    ];
    ui.label("Kind");
    ui.horizontal_wrapped(|ui| {
        for (k, key) in keys {
            ui.radio_value(kind, k, k.label())
                .on_hover_text(format!("Alt+{}", key.name()));
        }
    });
    for (k, key) in keys {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::ALT, key)) {
            *kind = k;
        }
    }
    ui.end_row();
}

/// The stance, a key away: 1 support, 2 reject, 3 condition, 4 neutral (Alt+digit while a
/// field has the keyboard, so digits still type there).
fn stance_row(ui: &mut Ui, stance: &mut StanceKind) {
    ui.label("Stance");
    ui.horizontal_wrapped(|ui| {
        for (n, s) in [
            StanceKind::Support,
            StanceKind::Reject,
            StanceKind::Condition,
            StanceKind::Neutral,
        ]
        .into_iter()
        .enumerate()
        {
            ui.radio_value(stance, s, s.label())
                .on_hover_text(format!("Alt+{}", n + 1));
        }
    });
    let keys = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
    ];
    let order = [
        StanceKind::Support,
        StanceKind::Reject,
        StanceKind::Condition,
        StanceKind::Neutral,
    ];
    // Outside a text field the digit alone is enough.
    let typing = ui.ctx().egui_wants_keyboard_input();
    for (key, s) in keys.into_iter().zip(order) {
        let pressed = ui.input_mut(|i| {
            i.consume_key(egui::Modifiers::ALT, key)
                || (!typing && i.consume_key(egui::Modifiers::NONE, key))
        });
        if pressed {
            *stance = s;
        }
    }
    ui.end_row();
}

fn issue_focus_id() -> egui::Id {
    egui::Id::unique("inspector-editor-issue-focus")
}

fn focus_id() -> egui::Id {
    egui::Id::unique("inspector-editor-focus")
}

/// Opens a form with the keyboard in its first field (the Sources view's coding).
pub fn open_focused(ctx: &egui::Context, selection: Option<Selection>, form: Form) {
    open(ctx, selection, form);
    ctx.data_mut(|d| d.insert_temp(focus_id(), true));
}
