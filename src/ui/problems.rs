//! The problems panel: why the file (or its latest save) could not be loaded.

use egui::{RichText, Ui};

use super::Command;
use crate::model::LoadError;

/// Most problems listed; the rest are counted.
const SHOWN: usize = 200;

/// Lists every problem with its place in the file; `stale` says the graph on screen is the
/// last good version.
pub fn problems_ui(ui: &mut Ui, error: &LoadError, stale: bool) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        let count = error.problems.len();
        ui.label(
            RichText::new(format!(
                "{} has {count} problem{}",
                error.path,
                if count == 1 { "" } else { "s" }
            ))
            .strong()
            .color(ui.visuals().warn_fg_color),
        );
        if stale {
            ui.weak("— showing the last version that loaded; fix the file and save to reload.");
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Dismiss")
                .on_hover_text("Hide this panel")
                .clicked()
            {
                commands.push(Command::DismissProblems);
            }
        });
    });
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .max_height(150.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for problem in error.problems.iter().take(SHOWN) {
                ui.add(
                    egui::Label::new(RichText::new(problem.render(&error.path)).monospace()).wrap(),
                );
            }
            if error.problems.len() > SHOWN {
                ui.weak(format!("… and {} more", error.problems.len() - SHOWN));
            }
        });
    commands
}
