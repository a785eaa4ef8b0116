//! The legend strip at the foot of the graph view: what each shape, colour and line means.

use egui::{Color32, CornerRadius, FontId, Painter, Pos2, Rect, Stroke, Vec2, pos2, vec2};

use super::paint::{paint_line, paint_shape};
use crate::scene::Scene;
use crate::style::{self, Dash, LEGEND_ROW, LEGEND_TEXT, LegendItem};

/// Where each legend item goes in a strip at most `max_width` points wide (with padding).
fn legend_layout(painter: &Painter, scene: &Scene, max_width: f32) -> (Vec<Pos2>, Vec2) {
    let font = FontId::proportional(LEGEND_TEXT);
    let (offsets, size) = style::legend_layout(&scene.legend, max_width - 16.0, |label| {
        painter
            .layout_no_wrap(label.to_owned(), font.clone(), Color32::WHITE)
            .size()
            .x
    });
    let offsets = offsets.into_iter().map(|o| o + vec2(8.0, 0.0)).collect();
    (offsets, size + vec2(16.0, 8.0))
}

/// The height the legend strip takes at the bottom of a canvas (for fitting the graph above it).
pub fn legend_height(ctx: &egui::Context, scene: &Scene, canvas: Rect) -> f32 {
    if scene.legend.is_empty() {
        return 0.0;
    }
    let painter = Painter::new(ctx.clone(), egui::LayerId::background(), canvas);
    legend_layout(&painter, scene, canvas.width() - 20.0).1.y + 10.0
}

/// Where the legend strip goes on the canvas (none without legend items).
pub(super) fn legend_rect(ctx: &egui::Context, scene: &Scene, canvas: Rect) -> Option<Rect> {
    if scene.legend.is_empty() {
        return None;
    }
    let painter = Painter::new(ctx.clone(), egui::LayerId::background(), canvas);
    let size = legend_layout(&painter, scene, canvas.width() - 20.0).1;
    Some(legend_strip(canvas, size))
}

/// The legend strip of a size, in the bottom-left corner of the canvas.
fn legend_strip(canvas: Rect, size: Vec2) -> Rect {
    Rect::from_min_size(
        pos2(canvas.min.x + 10.0, canvas.max.y - size.y - 10.0),
        size,
    )
}

/// The legend: one strip along the bottom of the canvas.
pub(super) fn paint_legend(painter: &Painter, scene: &Scene, canvas: Rect) {
    if scene.legend.is_empty() {
        return;
    }
    let palette = scene.theme.palette();
    let font = FontId::proportional(12.0);
    let (offsets, size) = legend_layout(painter, scene, canvas.width() - 20.0);
    let rect = legend_strip(canvas, size);
    painter.rect(
        rect,
        CornerRadius::same(6),
        palette.label_backdrop,
        Stroke::new(1.0, palette.weak_text.gamma_multiply(0.4)),
        egui::StrokeKind::Inside,
    );
    for (item, offset) in scene.legend.iter().zip(offsets) {
        let y = rect.min.y + 4.0 + offset.y + LEGEND_ROW * 0.5;
        let icon = pos2(rect.min.x + offset.x + 11.0, y);
        let label = match item {
            LegendItem::Node {
                shape,
                fill,
                stroke,
                label,
            } => {
                paint_shape(painter, *shape, icon, 6.0, *fill, Stroke::new(1.0, *stroke));
                label.as_ref()
            }
            LegendItem::Edge {
                color,
                width,
                dash,
                label,
            } => {
                paint_line(
                    painter,
                    icon - vec2(10.0, 0.0),
                    icon + vec2(10.0, 0.0),
                    *color,
                    *width,
                    *dash,
                );
                label.as_ref()
            }
            LegendItem::Change { color, label } => {
                paint_line(
                    painter,
                    icon - vec2(10.0, 0.0),
                    icon + vec2(10.0, 0.0),
                    *color,
                    1.0,
                    Dash::Solid,
                );
                let (radius, outline) = style::change_ring(1.0);
                painter.circle(
                    icon,
                    radius,
                    palette.label_backdrop,
                    Stroke::new(outline, *color),
                );
                label.as_ref()
            }
        };
        painter.text(
            pos2(icon.x + 16.0, y),
            egui::Align2::LEFT_CENTER,
            label,
            font.clone(),
            palette.text,
        );
    }
}
