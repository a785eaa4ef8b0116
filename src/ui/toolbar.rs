//! The top bar (file, layout and view actions) and the status line.

use egui::{RichText, Ui};

use super::Command;
use crate::style::Theme;

/// What the top bar needs to know.
pub struct ToolbarInfo<'a> {
    /// The file shown, as the user named it.
    pub file: &'a str,
    /// Problems of the latest load, if any.
    pub problem_count: usize,
    /// Whether the problems panel is hidden.
    pub problems_hidden: bool,
    /// The colours in use.
    pub theme: Theme,
    /// Whether a dataset is loaded.
    pub has_data: bool,
    /// The views, as tabs.
    pub tabs: &'a [Tab],
    /// The view shown.
    pub current: usize,
    /// Whether the compare panel is open.
    pub comparing: bool,
}

/// A view's tab.
pub struct Tab {
    /// Its title ("Graph").
    pub title: &'static str,
    /// What its tooltip says.
    pub description: &'static str,
    /// Whether "Fit view" acts on it.
    pub fits: bool,
    /// Whether "Re-layout" acts on it.
    pub lays_out: bool,
}

/// The top bar.
pub fn toolbar_ui(ui: &mut Ui, info: &ToolbarInfo<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new("stancemap").strong());
        ui.separator();
        ui.add_enabled_ui(info.has_data, |ui| {
            for (i, tab) in info.tabs.iter().enumerate() {
                // "Matrix — Ctrl+3: who stands where, …": the shortcut first, where the eye
                // lands.
                let hint = if i < 9 {
                    format!("{} — Ctrl+{}: {}", tab.title, i + 1, tab.description)
                } else {
                    format!("{}: {}", tab.title, tab.description)
                };
                if ui
                    .selectable_label(info.current == i, tab.title)
                    .on_hover_text(hint)
                    .clicked()
                {
                    commands.push(Command::ShowView(i));
                }
            }
        });
        ui.separator();
        if ui
            .button("Open…")
            .on_hover_text("Open a positions file (Ctrl+O)")
            .clicked()
        {
            commands.push(Command::OpenDialog);
        }
        ui.add_enabled_ui(info.has_data, |ui| {
            if ui
                .button("Export…")
                .on_hover_text(format!(
                    "Save the view as {} (Ctrl+E)",
                    crate::export::Format::summary()
                ))
                .clicked()
            {
                commands.push(Command::OpenExport);
            }
            // Only what acts on the view shown.
            let tab = info.tabs.get(info.current);
            if tab.is_some_and(|t| t.fits)
                && ui
                    .button("Fit view")
                    .on_hover_text("Show the whole picture (Home, or double-click the canvas)")
                    .clicked()
            {
                commands.push(Command::FitView);
            }
            if tab.is_some_and(|t| t.lays_out)
                && ui
                    .button("Re-layout")
                    .on_hover_text("Lay the graph out again, releasing dragged nodes")
                    .clicked()
            {
                commands.push(Command::Relayout);
            }
            if ui
                .add(egui::Button::new("Compare").selected(info.comparing))
                .on_hover_text("Who moved: two dates of this file, or another file and this one")
                .clicked()
            {
                commands.push(Command::SetCompare(!info.comparing));
            }
        });
        let (next, label) = match info.theme {
            Theme::Light => (Theme::Dark, "Dark theme"),
            Theme::Dark => (Theme::Light, "Light theme"),
        };
        if ui.button(label).on_hover_text("Switch colours").clicked() {
            commands.push(Command::SetTheme(next));
        }
        if info.problem_count > 0
            && info.problems_hidden
            && ui
                .button(
                    RichText::new(format!("{} problems", info.problem_count))
                        .color(ui.visuals().warn_fg_color),
                )
                .on_hover_text("Show the problems of the latest load")
                .clicked()
        {
            commands.push(Command::ShowProblems);
        }
        // The file's path takes what room is left, cut short rather than drawn over the
        // buttons (its whole name is on hover).
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.add(egui::Label::new(RichText::new(info.file).weak()).truncate())
                .on_hover_text(info.file);
        });
    });
    commands
}

/// What the status line shows.
pub struct StatusInfo {
    /// "18 actors · 11 issues · 25 positions shown of 25".
    pub counts: String,
    /// Layout progress (0–1) while a layout runs.
    pub layout_progress: Option<f32>,
    /// A file being loaded in the background.
    pub loading: Option<String>,
    /// Whether a snapshot is being drawn and saved.
    pub exporting: bool,
    /// Whether there are edits the file does not have.
    pub unsaved: bool,
    /// What the last edit, undo or save did.
    pub note: Option<String>,
}

/// The status line.
pub fn status_ui(ui: &mut Ui, info: &StatusInfo) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.label(&info.counts);
        if let Some(progress) = info.layout_progress {
            ui.separator();
            ui.add(
                egui::ProgressBar::new(progress)
                    .desired_width(160.0)
                    .text(format!("Laying out… {:.0}%", progress * 100.0)),
            );
            if ui
                .small_button("Stop")
                .on_hover_text("Stop the layout where it is")
                .clicked()
            {
                commands.push(Command::CancelLayout);
            }
        }
        if info.exporting {
            ui.separator();
            ui.spinner();
            ui.label("Exporting snapshot…");
        }
        if let Some(file) = &info.loading {
            ui.separator();
            ui.spinner();
            ui.label(format!("Loading {file}…"));
        }
        if info.unsaved {
            ui.separator();
            ui.label(RichText::new("• Unsaved changes").strong())
                .on_hover_text("Ctrl+S saves them; Ctrl+Z undoes the last one");
        }
        if let Some(note) = &info.note {
            ui.separator();
            ui.weak(note.as_str());
        }
    });
    commands
}
