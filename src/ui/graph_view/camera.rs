//! The graph view's camera: which part of the world is on screen, and how far zoomed.

use egui::{Pos2, Rect, Vec2};

/// Which part of the world the view shows.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Camera {
    /// World point at the centre of the canvas.
    pub center: Pos2,

    /// Screen points per world unit.
    pub zoom: f32,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            center: Pos2::ZERO,
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// The smallest and largest zoom.
    pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.005..=8.0;

    /// A world point on screen.
    pub fn screen_from_world(&self, canvas: Rect, p: Pos2) -> Pos2 {
        canvas.center() + (p - self.center) * self.zoom
    }

    /// A screen point in the world.
    pub fn world_from_screen(&self, canvas: Rect, p: Pos2) -> Pos2 {
        self.center + (p - canvas.center()) / self.zoom
    }

    /// The part of the world the canvas shows.
    pub fn visible_world(&self, canvas: Rect) -> Rect {
        Rect::from_min_max(
            self.world_from_screen(canvas, canvas.min),
            self.world_from_screen(canvas, canvas.max),
        )
    }

    /// A camera that shows `bounds` whole inside `canvas` above a strip of `reserved_bottom`
    /// points (the legend), with a margin, never zoomed in past the point where labels would
    /// be oversized.
    pub fn fit(bounds: Rect, canvas: Rect, reserved_bottom: f32) -> Self {
        if !bounds.is_finite() || bounds.is_negative() {
            return Self::default();
        }
        let margin = 20.0;
        let mut target = canvas.shrink(margin);
        target.max.y -= reserved_bottom;
        let available = target.size().max(Vec2::splat(50.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        let zoom = (available.x / size.x)
            .min(available.y / size.y)
            .min(1.4)
            .clamp(*Self::ZOOM_RANGE.start(), *Self::ZOOM_RANGE.end());
        // The camera centre maps to the canvas centre; shift it so the bounds sit in `target`.
        Self {
            center: bounds.center() - (target.center() - canvas.center()) / zoom,
            zoom,
        }
    }

    /// Zooms by `factor`, keeping the world point under `anchor` (a screen point) in place.
    pub fn zoom_around(&mut self, canvas: Rect, anchor: Pos2, factor: f32) {
        let before = self.world_from_screen(canvas, anchor);
        self.zoom = (self.zoom * factor).clamp(*Self::ZOOM_RANGE.start(), *Self::ZOOM_RANGE.end());
        let after = self.world_from_screen(canvas, anchor);
        self.center += before - after;
    }
}
