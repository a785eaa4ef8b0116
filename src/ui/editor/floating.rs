//! The position form of the Sources view's coding, floating beside the passage it codes.

use std::path::Path;

use super::{EditorState, Form, FormAction, form_ui, open_focused, state_id};
use crate::document::Selection;
use crate::model::Dataset;
use crate::ui::Command;

/// Opens a form floating beside a passage (`passage`: where it is on screen), with the
/// keyboard in its first field: the Sources view's coding.
pub fn open_beside(
    ctx: &egui::Context,
    selection: Option<Selection>,
    form: Form,
    passage: egui::Rect,
) {
    open_focused(ctx, selection, form);
    ctx.data_mut(|d| {
        let state: &mut EditorState = d.get_temp_mut_or_default(state_id());
        state.beside = Some(passage);
        state.opened += 1;
    });
}

/// The width of a form floating beside its passage.
const FLOATING_WIDTH: f32 = 340.0;

/// Room kept for a floating form's height when choosing above or below its passage.
const FLOATING_HEIGHT: f32 = 360.0;

/// A form opened beside a passage, floating there (below the passage, or above it when the
/// room is there), while `beside_allowed` (the Sources view is shown); otherwise it moves
/// into the inspector. `area`: the part of the window the form may cover (the view's).
pub fn floating_ui(
    ctx: &egui::Context,
    dataset: &Dataset,
    selection: Option<Selection>,
    folder: Option<&Path>,
    beside_allowed: bool,
    area: egui::Rect,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut state: EditorState = ctx.data(|d| d.get_temp(state_id())).unwrap_or_default();
    state.forget_other_selections(selection);
    if !beside_allowed && state.beside.take().is_some() {
        // Into the inspector, in the next frame.
        ctx.request_repaint();
    }
    if let Some(passage) = state.beside
        && let Some((opened_for, form)) = state.form.take()
    {
        let (pivot, at) = floating_place(passage, area);
        let mut form = form;
        let shown = egui::Window::new("Code a position")
            .id(egui::Id::unique("coding-form").with(state.opened))
            .title_bar(false)
            .resizable(false)
            .collapsible(false)
            .pivot(pivot)
            // Fixed where its passage is (a first frame's guess at its height must not move
            // it for good).
            .fixed_pos(at)
            .default_width(FLOATING_WIDTH)
            .constrain_to(area)
            .show(ctx, |ui| {
                ui.set_width(FLOATING_WIDTH);
                form_ui(ui, dataset, &mut form, folder)
            });
        match shown.and_then(|s| s.inner) {
            Some(FormAction::Cancel) => state.beside = None,
            Some(FormAction::Save(edit, select)) => {
                state.beside = None;
                commands.push(Command::Edit(edit, select));
            }
            Some(FormAction::None) | None => state.form = Some((opened_for, form)),
        }
    } else if state.form.is_none() {
        state.beside = None;
    }
    ctx.data_mut(|d| d.insert_temp(state_id(), state));
    commands
}

/// Where a form floats beside a passage: its corner, and the point that corner is put at.
/// Below the passage when the room is there, else above it, else beside it at the bottom
/// of the area; its left edge at the passage's, kept inside the area.
fn floating_place(passage: egui::Rect, area: egui::Rect) -> (egui::Align2, egui::Pos2) {
    let x = passage
        .left()
        .min(area.right() - FLOATING_WIDTH - 16.0)
        .max(area.left() + 8.0);
    if passage.bottom() + 8.0 + FLOATING_HEIGHT <= area.bottom() {
        (
            egui::Align2::LEFT_TOP,
            egui::pos2(x, passage.bottom() + 8.0),
        )
    } else if passage.top() - 8.0 - FLOATING_HEIGHT >= area.top() {
        (
            egui::Align2::LEFT_BOTTOM,
            egui::pos2(x, passage.top() - 8.0),
        )
    } else {
        (
            egui::Align2::LEFT_BOTTOM,
            egui::pos2(x, area.bottom() - 8.0),
        )
    }
}
