//! The matrix's bar: its size, the order (by name, by count, in blocs), the legend and the
//! cell size.

use egui::{Sense, Stroke, Ui, Vec2};

use super::{MatrixView, clamp_cell, mark_color, paint_mark};
use crate::analysis::matrix::{Matrix, Order};
use crate::document::Document;
use crate::model::StanceKind;
use crate::style::Theme;
use crate::ui::grouped;

impl MatrixView {
    pub(super) fn toolbar_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        matrix: &Matrix,
        several: bool,
        theme: Theme,
    ) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} actors × {} issues",
                grouped(matrix.actors.len()),
                grouped(matrix.issues.len())
            ));
            ui.separator();
            ui.label("Order:");
            // Ordering by balance needs an influence somewhere.
            let weighed = doc.dataset().actors.iter().any(|a| a.influence.is_some());
            for order in Order::ALL {
                if order == Order::Balance && !weighed {
                    continue;
                }
                let hint = match order {
                    Order::Balance => "Issues by their balance of forces (influence × salience weighing the stances), the most supported first; the strip above each column shows it",
                    Order::Name => "Alphabetically",
                    Order::Count => "Most positions first",
                    Order::Blocs => "Actors who stand alike side by side, and issues that split them alike (spectral seriation)",
                };
                if ui
                    .selectable_label(self.order == order, order.label())
                    .on_hover_text(hint)
                    .clicked()
                {
                    self.order = order;
                    // The matrix is put in order in the next frame.
                    ui.ctx().request_repaint();
                }
            }
            ui.separator();
            if ui
                .button("Fit")
                .on_hover_text("Cells as large as lets the whole matrix show (Home)")
                .clicked()
            {
                self.fit = true;
                ui.ctx().request_repaint();
            }
            if ui.button("−").on_hover_text("Smaller cells (Ctrl+scroll)").clicked() {
                self.cell = clamp_cell(self.cell / 1.25);
            }
            if ui.button("+").on_hover_text("Larger cells (Ctrl+scroll)").clicked() {
                self.cell = clamp_cell(self.cell * 1.25);
            }
        });
        // The legend in plain words: what a square's colour says.
        ui.label(crate::style::MATRIX_KEY);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 4.0;
            for stance in StanceKind::ALL {
                let (rect, _) = ui.allocate_exact_size(Vec2::splat(14.0), Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, theme.stance_color(stance));
                paint_mark(ui.painter(), rect, stance, mark_color(theme));
                ui.label(crate::style::cell_meaning(stance));
                ui.add_space(8.0);
            }
            let (rect, _) = ui.allocate_exact_size(Vec2::splat(14.0), Sense::hover());
            ui.painter().rect_stroke(
                rect,
                2.0,
                Stroke::new(1.0, ui.visuals().weak_text_color()),
                egui::StrokeKind::Inside,
            );
            ui.label(crate::style::MATRIX_EMPTY);
        });
        if several {
            ui.weak(crate::style::MATRIX_SEVERAL);
        }
        if doc.dataset().actors.iter().any(|a| a.influence.is_some()) {
            ui.weak("The strip below each issue's name: its balance of forces (green leans for, vermillion against, grey: no weight; the figure on hover).");
        }
        // The stripe by each row: what its colour says, and rows grouped by it.
        let colouring = doc.colouring();
        let shown = matrix
            .actors
            .iter()
            .map(|&a| (a, doc.dataset().actor(a).kind));
        ui.horizontal_wrapped(|ui| {
            if crate::ui::colour_key::colour_key_ui(ui, "Stripe", colouring, shown, theme) {
                let label = format!("Group rows by {}", colouring.by.label());
                if ui
                    .checkbox(&mut self.group_rows, label)
                    .on_hover_text("Rows of one value together, in the order chosen within each")
                    .changed()
                {
                    ui.ctx().request_repaint();
                }
            }
        });
    }
}
