//! The window's keyboard shortcuts, turned into commands: those of the window (export, open,
//! save, search, undo and redo, switching views, Escape, Home), then the current view's own.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::StancemapApp;
use crate::ui::view::ViewContext;
use crate::ui::{Command, filter_panel};

impl StancemapApp {
    /// The commands the keys pressed this frame ask for (a shortcut is consumed once used).
    pub(super) fn handle_keys(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let shortcut = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::E))) {
            commands.push(Command::OpenExport);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::O))) {
            commands.push(Command::OpenDialog);
        }
        // Save works from a text field too (the field's text is in the form, not the file).
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::S))) {
            commands.push(Command::Save);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::F))) {
            ctx.memory_mut(|m| m.request_focus(filter_panel::search_id()));
        }
        // Ctrl+1, Ctrl+2, … switch views.
        let digits = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        for (i, key) in digits.into_iter().enumerate().take(self.views.len()) {
            if ctx.input_mut(|input| input.consume_shortcut(&shortcut(key))) {
                commands.push(Command::ShowView(i));
            }
        }
        // Escape closes a dialog first (even from its text field), then clears the selection.
        // One dialog a press: the export dialog, then the column map.
        let dialog_open = self.export_dialog.open || self.table_map.is_some();
        if dialog_open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            if self.export_dialog.open {
                self.export_dialog.open = false;
            } else {
                self.table_map = None;
            }
            ctx.memory_mut(egui::Memory::stop_text_input);
            return commands;
        }
        // In a text field, Ctrl+Z is the field's own undo.
        if ctx.egui_wants_keyboard_input() {
            return commands;
        }
        // Shift+Ctrl+Z first: Ctrl+Z matches it too.
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        if ctx.input_mut(|i| i.consume_shortcut(&redo) || i.consume_shortcut(&shortcut(Key::Y))) {
            commands.push(Command::Redo);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut(Key::Z))) {
            commands.push(Command::Undo);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            commands.push(Command::Select(None));
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Home)) {
            commands.push(Command::FitView);
        }
        if let Some(doc) = &self.doc {
            let cx = ViewContext {
                doc,
                theme: self.state.theme,
                moving: self.moving,
                layout_running: self.layout_job.is_some(),
            };
            commands.extend(self.views[self.current].keys(ctx, &cx));
        }
        commands
    }
}
