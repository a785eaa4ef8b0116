//! The frames, trunks and captions of a stance picture's groups, as SVG (the window draws the
//! same [`crate::scene::SceneGroup`]s in `ui/graph_view/groups.rs`).

use std::fmt::Write as _;

use super::{clip_path, line, paint, pattern_attributes, text};
use crate::export::Page;
use crate::style;
use crate::style::stroke_pattern;

/// The frames and captions of the stance groups of the one issue in focus.
pub(super) fn stance_groups(out: &mut String, page: &Page<'_>) {
    let scene = page.scene;
    if scene.groups.is_empty() {
        return;
    }
    let palette = scene.theme.palette();
    if page.clipped {
        clip_path(out, "groups-area", page.graph_rect);
        let _ = writeln!(
            out,
            "<g id=\"stance-groups\" clip-path=\"url(#groups-area)\">"
        );
    } else {
        let _ = writeln!(out, "<g id=\"stance-groups\">");
    }
    for group in &scene.groups {
        let (min, max) = (page.to_page(group.frame.min), page.to_page(group.frame.max));
        let width = crate::scene::GROUP_FRAME_WIDTH * page.zoom.clamp(0.7, 1.5);
        let (width, pattern) = stroke_pattern(width, style::dash_at(group.dash, width));
        if let Some((from, to)) = group.trunk {
            let trunk = width * 2.0;
            let (trunk, trunk_pattern) = stroke_pattern(trunk, style::dash_at(group.dash, trunk));
            line(
                out,
                None,
                page.to_page(from),
                page.to_page(to),
                group.color,
                trunk,
                trunk_pattern,
            );
        }
        let _ = writeln!(
            out,
            "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"none\" {} stroke-width=\"{width:.2}\"{}/>",
            min.x,
            min.y,
            max.x - min.x,
            max.y - min.y,
            paint("stroke", group.color),
            pattern_attributes(pattern)
        );
        let (backdrop, at, size) = group.caption_box(page.to_page(group.caption_at), page.zoom);
        let _ = writeln!(
            out,
            "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" rx=\"{:.2}\" {}/>",
            backdrop.min.x,
            backdrop.min.y,
            backdrop.width(),
            backdrop.height(),
            size * 0.25,
            paint("fill", palette.label_backdrop),
        );
        text(out, at.x, at.y, size, "start", palette.text, &group.caption);
    }
    let _ = writeln!(out, "</g>");
}
