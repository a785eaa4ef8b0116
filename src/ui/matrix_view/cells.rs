//! A cell's look and its tooltip: the mark of a stance in its square, and the positions of a
//! cell with their quotes on hover.

use egui::{Color32, Rect, Stroke, Ui, vec2};

use crate::document::Document;
use crate::model::{PositionIx, StanceKind};
use crate::style::Theme;

/// The mark that tells a stance without colour, painted in a cell (in the square at its
/// middle: cells need not be square).
pub(super) fn paint_mark(painter: &egui::Painter, rect: Rect, stance: StanceKind, color: Color32) {
    let c = rect.center();
    let side = rect.width().min(rect.height()).min(24.0);
    let r = side * 0.28;
    let stroke = Stroke::new((side * 0.1).clamp(1.0, 2.5), color);
    match stance {
        StanceKind::Support => {
            painter.line_segment([c - vec2(r, 0.0), c + vec2(r, 0.0)], stroke);
            painter.line_segment([c - vec2(0.0, r), c + vec2(0.0, r)], stroke);
        }
        StanceKind::Reject => {
            painter.line_segment([c - vec2(r, 0.0), c + vec2(r, 0.0)], stroke);
        }
        StanceKind::Condition => {
            painter.circle_stroke(c, r * 0.8, stroke);
        }
        StanceKind::Neutral => {
            painter.circle_filled(c, stroke.width * 0.8, color);
        }
    }
}

/// A cell's positions: stance, date and quote of each (the latest last).
pub(super) fn cell_tooltip_ui(ui: &mut Ui, doc: &Document, positions: &[PositionIx], theme: Theme) {
    let dataset = doc.dataset();
    let Some(&first) = positions.first() else {
        return;
    };
    let position = dataset.position(first);
    ui.strong(format!(
        "{} on {}",
        dataset.actor(position.actor).name,
        dataset.issue(position.issue).name
    ));
    ui.set_max_width(420.0);
    // The latest three (a long history is in the inspector).
    for &p in positions.iter().rev().take(3) {
        let position = dataset.position(p);
        ui.horizontal_wrapped(|ui| {
            crate::ui::stance_chip(ui, theme, position.stance.kind());
            if let Some(condition) = position.stance.condition() {
                ui.label(condition);
            }
            if let Some(date) = position.date {
                ui.weak(date.to_string());
            }
        });
        ui.add(crate::ui::quote_label(ui, &position.quote));
    }
    if positions.len() > 3 {
        ui.weak(format!("… {} more: click to see all", positions.len() - 3));
    }
}
