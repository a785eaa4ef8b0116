//! Label glyphs for the PNG painter (`marks`): each glyph filled by tiny-skia as resvg fills
//! text, once per font, glyph and offset within a pixel, and kept for every other place it
//! is drawn at.

use std::collections::HashMap;

use resvg::tiny_skia::{FillRule, Mask, PathBuilder, Transform};

use crate::text::Font;

/// Glyph origins are rounded to this fraction of a pixel, across and down: each glyph is
/// rasterised at most this squared times per thread. Measured on the seed page against resvg
/// drawing the SVG: a mean difference per channel of 0.162 at quarters, 0.103 at eighths,
/// 0.078 at sixteenths.
const SUBPIXEL: i64 = 8;

/// Rasterised glyphs, by font, glyph and offsets within a pixel (in [`SUBPIXEL`]ths) across
/// and down. One per drawing thread.
pub(crate) type GlyphCache = HashMap<(u16, u16, u8, u8), Option<GlyphMask>>;

/// A glyph's coverage, 0–255, and where its top-left pixel lies from the glyph's whole-pixel
/// origin.
pub(crate) struct GlyphMask {
    pub(super) left: i32,
    pub(super) top: i32,
    pub(super) width: usize,
    pub(super) coverage: Vec<u8>,
}

/// The mask of glyph `id` of `font` (with its number in the cache) whose origin falls at `at`
/// (pixels), and the image pixel its top-left corner covers: the origin is rounded to a
/// [`SUBPIXEL`]th of a pixel, and the glyph at that offset rasterised the first time.
pub(super) fn placed<'c>(
    cache: &'c mut GlyphCache,
    (number, font): (u16, &Font),
    id: u16,
    scale: [f32; 2],
    at: [f32; 2],
) -> Option<(&'c GlyphMask, i64, i64)> {
    if !(at[0].is_finite() && at[1].is_finite()) {
        return None;
    }
    let steps = |v: f32| (v * SUBPIXEL as f32).round() as i64;
    let (qx, qy) = (steps(at[0]), steps(at[1]));
    let (offset_x, offset_y) = (qx.rem_euclid(SUBPIXEL) as u8, qy.rem_euclid(SUBPIXEL) as u8);
    let mask = cache
        .entry((number, id, offset_x, offset_y))
        .or_insert_with(|| {
            rasterise(
                font,
                id,
                scale,
                [
                    f32::from(offset_x) / SUBPIXEL as f32,
                    f32::from(offset_y) / SUBPIXEL as f32,
                ],
            )
        })
        .as_ref()?;
    Some((
        mask,
        qx.div_euclid(SUBPIXEL) + i64::from(mask.left),
        qy.div_euclid(SUBPIXEL) + i64::from(mask.top),
    ))
}

/// A glyph's outline as a tiny-skia path.
struct PathSink(PathBuilder);

impl ttf_parser::OutlineBuilder for PathSink {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }

    fn close(&mut self) {
        self.0.close();
    }
}

/// A glyph filled as resvg fills text (non-zero, anti-aliased) with its origin at `offset`
/// (in pixels, within the first pixel); `None` for a glyph with no outline.
pub(super) fn rasterise(
    font: &Font,
    id: u16,
    scale: [f32; 2],
    offset: [f32; 2],
) -> Option<GlyphMask> {
    let mut sink = PathSink(PathBuilder::new());
    let bounds = font.outline(id, &mut sink)?;
    let path = sink.0.finish()?;
    let left = (offset[0] + f32::from(bounds.x_min) * scale[0]).floor() as i32 - 1;
    let right = (offset[0] + f32::from(bounds.x_max) * scale[0]).ceil() as i32 + 1;
    let top = (offset[1] - f32::from(bounds.y_max) * scale[1]).floor() as i32 - 1;
    let bottom = (offset[1] - f32::from(bounds.y_min) * scale[1]).ceil() as i32 + 1;
    let (width, height) = (
        u32::try_from(right - left).ok()?,
        u32::try_from(bottom - top).ok()?,
    );
    let mut mask = Mask::new(width, height)?;
    mask.fill_path(
        &path,
        FillRule::Winding,
        true,
        Transform::from_row(
            scale[0],
            0.0,
            0.0,
            -scale[1],
            offset[0] - left as f32,
            offset[1] - top as f32,
        ),
    );
    Some(GlyphMask {
        left,
        top,
        width: width as usize,
        coverage: mask.data().to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::rasterise;

    #[test]
    fn a_glyph_is_as_wide_and_inked_as_its_outline_wherever_it_falls() {
        let font = &crate::text::bundled()[0];
        let id = font.glyph_of('H').expect("H");
        let scale = 40.0 / font.units_per_em();
        let inks: Vec<f32> = [[0.0, 0.0], [0.25, 0.5], [0.875, 0.125]]
            .iter()
            .map(|&offset| {
                let mask = rasterise(font, id, [scale, scale], offset).expect("outline");
                assert!(
                    mask.top < -20 && (-1..10).contains(&mask.left),
                    "above the baseline"
                );
                mask.coverage.iter().map(|&c| f32::from(c) / 255.0).sum()
            })
            .collect();
        assert!(inks[0] > 100.0);
        for ink in &inks[1..] {
            assert!(
                (ink - inks[0]).abs() < inks[0] * 0.03,
                "{ink} against {}",
                inks[0]
            );
        }
        assert!(
            rasterise(
                font,
                font.glyph_of(' ').expect("space"),
                [scale, scale],
                [0.0; 2]
            )
            .is_none()
        );
    }
}
