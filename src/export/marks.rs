//! The PNG painter's graph above the edges: the rings of changed stances, node shapes,
//! selection rings and labels, drawn straight into pixels, band by band.
//!
//! Why not resvg for these too: on a page of 21,000 nodes and 7,000 labels, a usvg tree per band
//! (each label shaped and outlined anew) filled through tiny-skia's general pipeline took 1.8 s
//! of a 4.8 s export. Here:
//! - shapes (circles, rounded squares, diamonds, hexagons, rings, label backdrops) are filled
//!   and outlined from their signed distance: a pixel is covered by how far its centre lies
//!   inside the outline, clamped to one pixel (the area a straight edge through the pixel
//!   covers), so each pixel costs a few multiplications;
//! - each label line is set once ([`text::set_line`]: shaped, in display order), and each glyph
//!   is rasterised by tiny-skia (as resvg fills it) once per font, glyph and eighth-of-a-pixel
//!   offset, then stamped wherever it recurs (`glyph_masks`).
//!
//! Paint order: the rings of changes (after all the edges; the SVG draws each ring after its
//! own edge, so a later edge may cross it there), then each node (fill, outline, selection
//! ring), then each label (backdrop, then its text), as in the SVG.

use std::ops::Range;

use ecolor::Color32;
use emath::Pos2;

use super::glyph_masks::{self, GlyphCache};
use super::{LABEL_CORNER, Page};
use crate::style::{
    self, NODE_STROKE, SELECTION_RING_GAP, SELECTION_RING_WIDTH, Shape, polygon_points,
};
use crate::text::{self, Font};

/// A colour ready to blend: premultiplied, each channel 0–255.
#[derive(Clone, Copy, Debug)]
struct Paint([f32; 4]);

impl Paint {
    /// `None` for a transparent colour (nothing to draw).
    fn of(color: Color32) -> Option<Self> {
        let [r, g, b, a] = color.to_srgba_unmultiplied();
        if a == 0 {
            return None;
        }
        let alpha = f32::from(a) / 255.0;
        Some(Self([
            f32::from(r) * alpha,
            f32::from(g) * alpha,
            f32::from(b) * alpha,
            f32::from(a),
        ]))
    }
}

/// Source-over of `paint` at `coverage` (0–1) onto one premultiplied RGBA pixel.
#[inline]
fn blend(pixel: &mut [u8], paint: Paint, coverage: f32) {
    if coverage <= 0.0 {
        return;
    }
    let keep = 1.0 - paint.0[3] / 255.0 * coverage;
    for (channel, source) in pixel.iter_mut().zip(paint.0) {
        // `as` saturates: a channel never leaves 0–255.
        *channel = (source * coverage + f32::from(*channel) * keep + 0.5) as u8;
    }
}

/// How much of a pixel whose centre lies `distance` outside an outline (negative inside) the
/// area within the outline covers.
#[inline]
fn inside(distance: f32) -> f32 {
    (0.5 - distance).clamp(0.0, 1.0)
}

/// A closed outline in pixels.
#[derive(Clone, Debug)]
enum Outline {
    Circle {
        center: [f32; 2],
        radius: f32,
    },
    /// A rectangle with rounded corners.
    Rounded {
        center: [f32; 2],
        half: [f32; 2],
        corner: f32,
    },
    /// A convex polygon, as its sides: outward unit normal `n` and offset `c` (`n·p = c` on the
    /// side). The distance outside is the largest over the sides: exact inside and along the
    /// sides, and past a corner it follows the mitred outline SVG strokes have there.
    Convex {
        sides: Vec<([f32; 2], f32)>,
    },
}

impl Outline {
    /// The signed distance from the outline (positive outside).
    #[inline]
    fn distance(&self, x: f32, y: f32) -> f32 {
        match self {
            Self::Circle { center, radius } => {
                let (dx, dy) = (x - center[0], y - center[1]);
                (dx * dx + dy * dy).sqrt() - radius
            }
            Self::Rounded {
                center,
                half,
                corner,
            } => {
                let qx = (x - center[0]).abs() - (half[0] - corner);
                let qy = (y - center[1]).abs() - (half[1] - corner);
                let (ox, oy) = (qx.max(0.0), qy.max(0.0));
                (ox * ox + oy * oy).sqrt() + qx.max(qy).min(0.0) - corner
            }
            Self::Convex { sides } => sides
                .iter()
                .map(|(n, c)| n[0] * x + n[1] * y - c)
                .fold(f32::NEG_INFINITY, f32::max),
        }
    }

    /// `[x0, y0, x1, y1]` around the outline.
    fn bounds(&self) -> [f32; 4] {
        match self {
            Self::Circle { center, radius } => [
                center[0] - radius,
                center[1] - radius,
                center[0] + radius,
                center[1] + radius,
            ],
            Self::Rounded { center, half, .. } => [
                center[0] - half[0],
                center[1] - half[1],
                center[0] + half[0],
                center[1] + half[1],
            ],
            Self::Convex { sides } => {
                // The corners: where each side meets the next.
                let mut bounds = [
                    f32::INFINITY,
                    f32::INFINITY,
                    f32::NEG_INFINITY,
                    f32::NEG_INFINITY,
                ];
                for (k, &(n, c)) in sides.iter().enumerate() {
                    let (m, d) = sides[(k + 1) % sides.len()];
                    let det = n[0] * m[1] - n[1] * m[0];
                    if det.abs() < 1e-6 {
                        continue;
                    }
                    let x = (c * m[1] - n[1] * d) / det;
                    let y = (n[0] * d - c * m[0]) / det;
                    bounds = [
                        bounds[0].min(x),
                        bounds[1].min(y),
                        bounds[2].max(x),
                        bounds[3].max(y),
                    ];
                }
                bounds
            }
        }
    }

    /// A convex polygon through `points` (in order, either way round).
    fn convex(points: &[[f32; 2]]) -> Self {
        let count = points.len() as f32;
        let middle = points.iter().fold([0.0, 0.0], |m, p| {
            [m[0] + p[0] / count, m[1] + p[1] / count]
        });
        let sides = points
            .iter()
            .zip(points.iter().cycle().skip(1))
            .map(|(a, b)| {
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                let length = dx.hypot(dy).max(1e-6);
                let mut n = [dy / length, -dx / length];
                if n[0] * (middle[0] - a[0]) + n[1] * (middle[1] - a[1]) > 0.0 {
                    n = [-n[0], -n[1]];
                }
                (n, n[0] * a[0] + n[1] * a[1])
            })
            .collect();
        Self::Convex { sides }
    }
}

/// An outline filled and stroked (the stroke centred on it), as SVG paints a shape.
#[derive(Clone, Debug)]
struct ShapeMark {
    outline: Outline,
    fill: Option<Paint>,
    /// Colour and width.
    stroke: Option<(Paint, f32)>,
    /// The pixels it may touch, `[x0, y0, x1, y1]`.
    bounds: [f32; 4],
}

impl ShapeMark {
    fn new(outline: Outline, fill: Option<Paint>, stroke: Option<(Paint, f32)>) -> Self {
        let reach = stroke.map_or(0.0, |(_, width)| width / 2.0) + 1.0;
        let [x0, y0, x1, y1] = outline.bounds();
        Self {
            bounds: [x0 - reach, y0 - reach, x1 + reach, y1 + reach],
            outline,
            fill,
            stroke,
        }
    }

    fn paint(&self, target: &mut Target<'_>) {
        let Some((columns, rows)) = target.pixels(self.bounds) else {
            return;
        };
        for y in rows {
            let row = target.row(y);
            let cy = y as f32 + 0.5;
            for x in columns.clone() {
                let distance = self.outline.distance(x as f32 + 0.5, cy);
                let pixel = &mut row[x * 4..x * 4 + 4];
                if let Some(fill) = self.fill {
                    blend(pixel, fill, inside(distance));
                }
                if let Some((stroke, width)) = self.stroke {
                    let half = width / 2.0;
                    blend(
                        pixel,
                        stroke,
                        inside(distance - half) - inside(distance + half),
                    );
                }
            }
        }
    }
}

/// One glyph to stamp: where its origin falls, in pixels.
#[derive(Clone, Copy, Debug)]
struct GlyphMark {
    font: u16,
    id: u16,
    x: f32,
    y: f32,
}

/// A label: its backdrop, then its glyphs in one colour.
#[derive(Clone, Debug)]
struct LabelMark {
    backdrop: ShapeMark,
    text: Option<Paint>,
    glyphs: Range<usize>,
    /// Rows its glyphs may touch.
    rows: [f32; 2],
}

#[derive(Clone, Debug)]
enum Mark {
    Shape(ShapeMark),
    Label(LabelMark),
}

impl Mark {
    /// The rows it may touch.
    fn rows(&self) -> [f32; 2] {
        match self {
            Self::Shape(shape) => [shape.bounds[1], shape.bounds[3]],
            Self::Label(label) => [
                label.backdrop.bounds[1].min(label.rows[0]),
                label.backdrop.bounds[3].max(label.rows[1]),
            ],
        }
    }
}

/// Everything of a page's graph drawn above its edges, in paint order and in pixels.
pub(super) struct Marks {
    painted: Vec<Mark>,
    glyphs: Vec<GlyphMark>,
    fonts: Vec<&'static Font>,
    /// Font units to pixels, across and down, per font (labels have one size on a page).
    scales: Vec<[f32; 2]>,
}

/// Where marks are painted: rows `rows` of the image, `width` pixels each, inside a clip.
struct Target<'a> {
    data: &'a mut [u8],
    width: usize,
    rows: Range<usize>,
    /// Pixel columns and rows whose centres lie inside the clip.
    columns: Range<usize>,
    clip_rows: Range<usize>,
}

impl Target<'_> {
    /// The columns and rows (of the image) within `bounds`, the band and the clip.
    fn pixels(&self, bounds: [f32; 4]) -> Option<(Range<usize>, Range<usize>)> {
        let span = |lo: f32, hi: f32, allowed: &Range<usize>| {
            if !(lo.is_finite() && hi.is_finite()) {
                return 0..0;
            }
            let first = lo.floor().max(allowed.start as f32).min(allowed.end as f32) as usize;
            let end = hi.ceil().max(first as f32).min(allowed.end as f32) as usize;
            first..end
        };
        let columns = span(bounds[0], bounds[2], &self.columns);
        let rows = span(bounds[1], bounds[3], &self.clip_rows);
        let rows = rows.start.max(self.rows.start)..rows.end.min(self.rows.end);
        (!columns.is_empty() && rows.start < rows.end).then_some((columns, rows))
    }

    /// Row `y` of the image.
    fn row(&mut self, y: usize) -> &mut [u8] {
        let start = (y - self.rows.start) * self.width * 4;
        &mut self.data[start..start + self.width * 4]
    }
}

impl Marks {
    /// The marks of a page drawn at its pixel size.
    pub(super) fn of(page: &Page<'_>) -> Self {
        let (width, height) = page.pixel_size();
        let (sx, sy) = (width as f32 / page.size.x, height as f32 / page.size.y);
        let px = |p: Pos2| [p.x * sx, p.y * sy];
        let scene = page.scene;
        let palette = scene.theme.palette();
        let mut marks = Vec::new();
        for stroke in page.edge_strokes_where(|edge| edge.changed) {
            let (radius, outline) = style::change_ring(stroke.width);
            marks.push(Mark::Shape(ShapeMark::new(
                Outline::Circle {
                    center: px(stroke.a.lerp(stroke.b, 0.5)),
                    radius: radius * sx,
                },
                Paint::of(palette.background),
                Paint::of(stroke.color).map(|p| (p, outline * sx)),
            )));
        }
        for (_, node, look, center) in page.drawn_nodes() {
            let r = look.radius;
            let outline = match node.shape {
                Shape::Circle => Outline::Circle {
                    center: px(center),
                    radius: r * sx,
                },
                Shape::Square => {
                    let half = r * 1.7 / 2.0;
                    Outline::Rounded {
                        center: px(center),
                        half: [half * sx, half * sy],
                        corner: ((r * 0.3).floor() * sx).min(half * sx),
                    }
                }
                Shape::Diamond | Shape::Triangle | Shape::Hexagon => {
                    let points: Vec<[f32; 2]> = polygon_points(node.shape, center, r)
                        .unwrap_or_default()
                        .into_iter()
                        .map(px)
                        .collect();
                    Outline::convex(&points)
                }
            };
            marks.push(Mark::Shape(ShapeMark::new(
                outline,
                Paint::of(look.fill),
                Paint::of(look.stroke).map(|p| (p, NODE_STROKE * sx)),
            )));
            if let Some(ring) = look.ring.and_then(Paint::of) {
                marks.push(Mark::Shape(ShapeMark::new(
                    Outline::Circle {
                        center: px(center),
                        radius: (r + SELECTION_RING_GAP) * sx,
                    },
                    None,
                    Some((ring, SELECTION_RING_WIDTH * sx)),
                )));
            }
        }
        let mut glyphs = Vec::new();
        let mut fonts: Vec<&'static Font> = Vec::new();
        let mut scales = Vec::new();
        for (_, node, look, label) in page.drawn_labels() {
            let backdrop = label.backdrop;
            let half = [backdrop.width() / 2.0 * sx, backdrop.height() / 2.0 * sy];
            let backdrop = ShapeMark::new(
                Outline::Rounded {
                    center: px(backdrop.center()),
                    half,
                    corner: (LABEL_CORNER * sx).min(half[0]).min(half[1]),
                },
                Paint::of(look.backdrop),
                None,
            );
            let first = glyphs.len();
            // The rows the glyphs may reach: each font's farthest reach above and below the
            // baseline, from where each glyph sits, and a pixel for anti-aliasing.
            let mut rows = [f32::INFINITY, f32::NEG_INFINITY];
            for (row, line) in page
                .scene
                .label_lines_at(node, page.zoom)
                .iter()
                .enumerate()
            {
                let set = text::set_line(line, label.points);
                let start = label.center_x - set.width / 2.0;
                let baseline = label.baseline + row as f32 * label.line_height;
                for glyph in &set.glyphs {
                    let font = fonts
                        .iter()
                        .position(|f| std::ptr::eq(*f, glyph.font))
                        .unwrap_or_else(|| {
                            fonts.push(glyph.font);
                            let per_unit = label.points / glyph.font.units_per_em();
                            scales.push([per_unit * sx, per_unit * sy]);
                            fonts.len() - 1
                        });
                    let y = (baseline + glyph.y) * sy;
                    let (above, below) = glyph.font.reach();
                    rows = [
                        rows[0].min(y - above * scales[font][1] - 1.0),
                        rows[1].max(y + below * scales[font][1] + 1.0),
                    ];
                    glyphs.push(GlyphMark {
                        font: font as u16,
                        id: glyph.id,
                        x: (start + glyph.x) * sx,
                        y,
                    });
                }
            }
            marks.push(Mark::Label(LabelMark {
                backdrop,
                text: Paint::of(look.text),
                glyphs: first..glyphs.len(),
                rows,
            }));
        }
        Self {
            painted: marks,
            glyphs,
            fonts,
            scales,
        }
    }

    /// Paints the marks into `data`, which holds rows `rows` of an image `width` pixels wide,
    /// on pixels whose centres lie inside `clip` (`[x0, y0, x1, y1)` in pixels).
    pub(super) fn paint(
        &self,
        data: &mut [u8],
        width: usize,
        rows: Range<usize>,
        clip: [f32; 4],
        cache: &mut GlyphCache,
    ) {
        let within = |lo: f32, hi: f32, count: usize| {
            let first = (lo - 0.5).ceil().clamp(0.0, count as f32) as usize;
            let end = (hi - 0.5).ceil().clamp(0.0, count as f32) as usize;
            first..end.max(first)
        };
        let mut target = Target {
            columns: within(clip[0], clip[2], width),
            clip_rows: within(clip[1], clip[3], rows.end),
            data,
            width,
            rows,
        };
        let (top, bottom) = (target.rows.start as f32, target.rows.end as f32);
        for mark in &self.painted {
            let [y0, y1] = mark.rows();
            if y1 < top || y0 > bottom {
                continue;
            }
            match mark {
                Mark::Shape(shape) => shape.paint(&mut target),
                Mark::Label(label) => {
                    label.backdrop.paint(&mut target);
                    if let Some(text) = label.text {
                        for glyph in &self.glyphs[label.glyphs.clone()] {
                            self.stamp(glyph, text, &mut target, cache);
                        }
                    }
                }
            }
        }
    }

    /// Stamps one glyph (rasterised the first time it is needed at its offset within a pixel).
    fn stamp(
        &self,
        glyph: &GlyphMark,
        paint: Paint,
        target: &mut Target<'_>,
        cache: &mut GlyphCache,
    ) {
        let font = usize::from(glyph.font);
        let Some((mask, left, top)) = glyph_masks::placed(
            cache,
            (glyph.font, self.fonts[font]),
            glyph.id,
            self.scales[font],
            [glyph.x, glyph.y],
        ) else {
            return;
        };
        let height = mask.coverage.len() / mask.width;
        let (x0, y0) = (left as f32, top as f32);
        let Some((columns, rows)) =
            target.pixels([x0, y0, x0 + mask.width as f32, y0 + height as f32])
        else {
            return;
        };
        for y in rows {
            let mask_row = &mask.coverage[(y as i64 - top) as usize * mask.width..][..mask.width];
            let row = target.row(y);
            for x in columns.clone() {
                let coverage = mask_row[(x as i64 - left) as usize];
                if coverage > 0 {
                    blend(
                        &mut row[x * 4..x * 4 + 4],
                        paint,
                        f32::from(coverage) / 255.0,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Outline, Paint, ShapeMark, Target};
    use ecolor::Color32;

    /// A white 64 × 64 canvas with one shape painted in opaque black; the ink in pixels.
    fn ink(shape: &ShapeMark) -> f32 {
        let mut data = vec![255_u8; 64 * 64 * 4];
        let mut target = Target {
            data: &mut data,
            width: 64,
            rows: 0..64,
            columns: 0..64,
            clip_rows: 0..64,
        };
        shape.paint(&mut target);
        data.chunks_exact(4)
            .map(|p| 1.0 - f32::from(p[0]) / 255.0)
            .sum()
    }

    fn black() -> Option<Paint> {
        Paint::of(Color32::BLACK)
    }

    #[test]
    fn shapes_cover_their_area_and_outlines_their_length() {
        let circle = Outline::Circle {
            center: [31.3, 30.6],
            radius: 12.0,
        };
        let disc = ink(&ShapeMark::new(circle.clone(), black(), None));
        let area = std::f32::consts::PI * 144.0;
        assert!((disc - area).abs() < area * 0.005, "{disc} against {area}");
        let ring = ink(&ShapeMark::new(circle, None, black().map(|p| (p, 2.0))));
        let length = 2.0 * std::f32::consts::PI * 12.0 * 2.0;
        assert!(
            (ring - length).abs() < length * 0.01,
            "{ring} against {length}"
        );
        let rounded = ink(&ShapeMark::new(
            Outline::Rounded {
                center: [32.0, 32.2],
                half: [20.0, 8.0],
                corner: 3.0,
            },
            black(),
            None,
        ));
        let area = 40.0 * 16.0 - (4.0 - std::f32::consts::PI) * 9.0;
        assert!(
            (rounded - area).abs() < area * 0.005,
            "{rounded} against {area}"
        );
        // A diamond of half-diagonal 10: area 200, either way round.
        for points in [
            [[32.0, 22.0], [42.0, 32.0], [32.0, 42.0], [22.0, 32.0]],
            [[22.0, 32.0], [32.0, 42.0], [42.0, 32.0], [32.0, 22.0]],
        ] {
            let diamond = ink(&ShapeMark::new(Outline::convex(&points), black(), None));
            assert!((diamond - 200.0).abs() < 2.0, "{diamond}");
        }
    }
}
