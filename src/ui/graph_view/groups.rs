//! The frames and captions of a scene's groups (a stance picture's stance groups, the
//! stakeholders' columns, quadrants and scale) as the window draws them.

use egui::{CornerRadius, FontId, Id, Painter, Rect, Sense, Ui};

use super::Camera;
use super::paint::paint_line;
use crate::scene::Scene;
use crate::style;

/// The frames and captions of the stance groups of the one issue in focus, over the graph
/// (as the exports draw them).
pub(super) fn paint_groups(
    ui: &Ui,
    painter: &Painter,
    scene: &Scene,
    camera: &Camera,
    canvas: Rect,
) {
    let palette = scene.theme.palette();
    for (k, group) in scene.groups.iter().enumerate() {
        let frame = Rect::from_min_max(
            camera.screen_from_world(canvas, group.frame.min),
            camera.screen_from_world(canvas, group.frame.max),
        );
        let width = crate::scene::GROUP_FRAME_WIDTH * camera.zoom.clamp(0.7, 1.5);
        let dash = style::dash_at(group.dash, width);
        if let Some((from, to)) = group.trunk {
            let trunk = width * 2.0;
            paint_line(
                painter,
                camera.screen_from_world(canvas, from),
                camera.screen_from_world(canvas, to),
                group.color,
                trunk,
                style::dash_at(group.dash, trunk),
            );
        }
        let corners = [
            frame.left_top(),
            frame.right_top(),
            frame.right_bottom(),
            frame.left_bottom(),
            frame.left_top(),
        ];
        for side in corners.windows(2) {
            paint_line(painter, side[0], side[1], group.color, width, dash);
        }
        let at = camera.screen_from_world(canvas, group.caption_at);
        let (backdrop, text, size) = group.caption_box(at, camera.zoom);
        painter.rect_filled(
            backdrop,
            CornerRadius::same((size * 0.25) as u8),
            palette.label_backdrop,
        );
        painter.text(
            text,
            egui::Align2::LEFT_TOP,
            &group.caption,
            FontId::proportional(size),
            palette.text,
        );
        // Named for screen readers (and tests), with what the count counts on hover.
        let rect = backdrop.intersect(canvas);
        if rect.is_positive() {
            let response = ui.interact(
                rect,
                Id::unique(("stancemap-stance-group", k)),
                Sense::hover(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, group.caption.clone())
            });
            let what = group.stance.map_or_else(
                || "shown without a position on this issue".to_owned(),
                |stance| {
                    format!(
                        "whose latest shown position on this issue is {}",
                        stance.label()
                    )
                },
            );
            response.on_hover_text(format!("{}: the actors {what}.", group.caption));
        }
    }
}
