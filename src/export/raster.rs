//! The PNG painter's edge rasteriser: straight strokes (solid, dashed, dotted) blended into a
//! premultiplied RGBA buffer with analytic anti-aliasing.
//!
//! Why not resvg for these too: tiny-skia sends every partly covered pixel through its
//! general raster pipeline one pixel at a time, which made a 20,000-edge export spend six
//! seconds on edges alone. A line's coverage has a closed form (how much of the pixel lies
//! across the line's width, times how much lies along a dash), so each pixel costs a few
//! multiplications. Edges are blended one after another in paint order with source-over, as
//! the screen and an SVG viewer do, so overlapping translucent edges darken the same way.
//! Along each row, the pixels a line reaches are found from its geometry, then coverage and
//! blend run on four pixels at once (`wide`'s SIMD types); a steep line, which reaches only a
//! few pixels of each row, is painted four rows at once instead, a lane per row. Rows are
//! split between threads;
//! each pixel still sees the edges in the same order, so the result does not depend on the
//! thread count.

use bytemuck::cast;
use wide::{f32x4, u16x8, u32x4};

use crate::style::Pattern;

/// One stroke in pixel coordinates.
#[derive(Clone, Copy, Debug)]
pub struct Line {
    /// First end (dash patterns start here).
    pub a: [f32; 2],
    /// Second end.
    pub b: [f32; 2],
    /// Stroke width (dot diameter for dots).
    pub width: f32,
    /// Straight (not premultiplied) sRGB colour, 0–255.
    pub color: [f32; 3],
    /// Opacity, 0–1.
    pub alpha: f32,
    /// Dash pattern, in pixels.
    pub pattern: Pattern,
}

/// A premultiplied RGBA8 image to draw into, row-major, `width * 4` bytes per row.
pub struct Canvas<'a> {
    /// The pixels.
    pub data: &'a mut [u8],
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
}

/// Where drawing may happen: `[x0, y0, x1, y1)` in pixels.
pub type Clip = [f32; 4];

/// Rows per band: a band of a wide image stays in the core's cache while all the lines that
/// cross it are drawn (drawing line by line over the whole image missed the cache on nearly
/// every row of every steep line).
const BAND_ROWS: usize = 32;

/// Strokes `lines` in order into the canvas, inside `clip`, on up to `threads` threads.
/// With a `background` (a premultiplied RGBA pixel), every pixel is set to it first, band by
/// band on the same threads (a fresh canvas is then first touched in parallel).
pub fn stroke_lines(
    canvas: Canvas<'_>,
    lines: &[Line],
    clip: Clip,
    background: Option<[u8; 4]>,
    threads: usize,
) {
    stroke_lines_with(
        canvas,
        lines,
        clip,
        background,
        threads,
        &mut Scratch::default(),
    );
}

/// The working memory of [`stroke_lines_with`], kept between calls: a caller that draws many
/// bands allocates it once, on a thread of its choice.
#[derive(Default)]
pub struct Scratch {
    strokes: Vec<Stroke>,
    bins: Vec<Vec<u32>>,
}

impl Scratch {
    /// Room for `lines` lines on a canvas of `rows` rows.
    pub fn with_capacity(lines: usize, rows: usize) -> Self {
        Self {
            strokes: Vec::with_capacity(lines),
            bins: (0..rows.div_ceil(BAND_ROWS))
                .map(|_| Vec::with_capacity(lines))
                .collect(),
        }
    }
}

/// [`stroke_lines`] with working memory of the caller's.
pub fn stroke_lines_with(
    canvas: Canvas<'_>,
    lines: &[Line],
    clip: Clip,
    background: Option<[u8; 4]>,
    threads: usize,
    scratch: &mut Scratch,
) {
    let Canvas {
        data,
        width,
        height,
    } = canvas;
    if width == 0 || height == 0 || (lines.is_empty() && background.is_none()) {
        return;
    }
    // A pixel belongs to the clip when its centre does: columns and rows as index ranges.
    let inside = |lo: f32, hi: f32, count: usize| {
        let first = (lo - 0.5).ceil().clamp(0.0, count as f32) as usize;
        let end = (hi - 0.5).ceil().clamp(0.0, count as f32) as usize;
        first..end.max(first)
    };
    let pixels = Pixels {
        columns: inside(clip[0], clip[2], width),
        rows: inside(clip[1], clip[3], height),
    };
    // Each line's geometry once, and which lines reach each band, in paint order.
    let Scratch { strokes, bins } = scratch;
    strokes.clear();
    strokes.extend(lines.iter().filter_map(|line| Stroke::new(line, &pixels)));
    let strokes = &*strokes;
    let band_count = height.div_ceil(BAND_ROWS);
    bins.resize_with(band_count.max(bins.len()), Vec::new);
    let bins = &mut bins[..band_count];
    for bin in bins.iter_mut() {
        bin.clear();
    }
    for (i, stroke) in strokes.iter().enumerate() {
        let rows = &stroke.span.rows;
        if rows.is_empty() {
            continue;
        }
        for bin in &mut bins[rows.start / BAND_ROWS..=(rows.end - 1) / BAND_ROWS] {
            bin.push(i as u32);
        }
    }
    let work = std::sync::Mutex::new(
        data.chunks_mut(BAND_ROWS * width * 4)
            .zip(&*bins)
            .enumerate(),
    );
    let draw = || {
        loop {
            let next = work.lock().map(|mut bands| bands.next());
            let Ok(Some((k, (band, bin)))) = next else {
                break;
            };
            if let Some(background) = background {
                for pixel in band.chunks_exact_mut(4) {
                    pixel.copy_from_slice(&background);
                }
            }
            for &i in bin {
                strokes[i as usize].paint(band, width, k * BAND_ROWS);
            }
        }
    };
    let threads = threads.clamp(1, band_count);
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(draw);
        }
        draw();
    });
}

/// The pixels that may be drawn: column and row index ranges.
struct Pixels {
    columns: std::ops::Range<usize>,
    rows: std::ops::Range<usize>,
}

/// How far a line's ink reaches from its centre line (half its width and half a pixel).
fn reach(line: &Line) -> f32 {
    line.width / 2.0 + 0.5
}

/// The rows (within `allowed`) whose pixel centres a line can touch.
fn line_rows(line: &Line, allowed: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let reach = reach(line);
    let top = line.a[1].min(line.b[1]) - reach;
    let bottom = line.a[1].max(line.b[1]) + reach;
    if !(top.is_finite() && bottom.is_finite()) {
        return 0..0;
    }
    // Rows with centres y + ½ in [top, bottom].
    let first = (top - 0.5)
        .ceil()
        .max(allowed.start as f32)
        .min(allowed.end as f32) as usize;
    let end = ((bottom - 0.5).floor() + 1.0)
        .max(first as f32)
        .min(allowed.end as f32) as usize;
    first..end.max(first)
}

// `f32::min`/`max` carry NaN rules that cost extra instructions in the per-row code; no
// value here is NaN (the geometry is checked finite before drawing).
#[inline]
fn min(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

#[inline]
fn max(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// Four pixels' worth of a value.
type F4 = f32x4;

/// The length of the overlap of `[lo, hi]` and `[a, b]`, never negative, four at a time.
#[inline]
fn overlap(lo: F4, hi: F4, a: F4, b: F4) -> F4 {
    (hi.fast_min(b) - lo.fast_max(a)).fast_max(F4::ZERO)
}

/// `floor`, with values below −1000 raised to −1000. It numbers dashes and dots: a visited
/// pixel's centre lies at most a few pixels before the first end, so only patterns shorter
/// than a hundredth of a pixel are raised, and their pixels stay outside the line. SSE2 has
/// no rounding instruction; truncating a value shifted above zero is exact and cheap.
#[inline]
fn floor(v: F4) -> F4 {
    let shift = F4::splat(1024.0);
    F4::from_i32x4((v.fast_max(F4::splat(-1000.0)) + shift).fast_trunc_int()) - shift
}

/// How much of a pixel a stroke covers, from the distances of its centre along the stroke
/// (`t`, from the first end) and across it (`d`, never negative), four pixels at a time.
trait Coverage {
    fn coverage(&self, t: F4, d: F4) -> F4;
}

/// Across a stroke of half-width `half`, a box-filtered pixel at distance `d` is covered
/// `clamp(half + ½ − d, 0, min(2·half, 1))`.
#[derive(Clone, Copy)]
struct Across {
    /// `half + ½`.
    outer: F4,
    /// `min(2·half, 1)`.
    full: F4,
}

impl Across {
    fn new(half: f32) -> Self {
        Self {
            outer: F4::splat(half + 0.5),
            full: F4::splat(min(2.0 * half, 1.0)),
        }
    }

    #[inline]
    fn at(self, d: F4) -> F4 {
        (self.outer - d).fast_max(F4::ZERO).fast_min(self.full)
    }
}

/// An unbroken line with butt ends.
struct Solid {
    across: Across,
    length: F4,
}

impl Coverage for Solid {
    #[inline]
    fn coverage(&self, t: F4, d: F4) -> F4 {
        let half_pixel = F4::splat(0.5);
        let along = overlap(t - half_pixel, t + half_pixel, F4::ZERO, self.length);
        self.across.at(d) * along
    }
}

/// Dashes of `on`, every `period`, butt ends.
struct Dashed {
    across: Across,
    length: F4,
    on: F4,
    off: F4,
    period: F4,
    per: F4,
}

impl Coverage for Dashed {
    #[inline]
    fn coverage(&self, t: F4, d: F4) -> F4 {
        let half_pixel = F4::splat(0.5);
        let (lo, hi) = (t - half_pixel, t + half_pixel);
        let start = floor(t * self.per) * self.period;
        // The dash this pixel starts in, the next one and the one before.
        let next = start + self.period;
        let along = overlap(
            lo,
            hi,
            start.fast_max(F4::ZERO),
            (start + self.on).fast_min(self.length),
        ) + overlap(lo, hi, next, (next + self.on).fast_min(self.length))
            + overlap(
                lo,
                hi,
                (start - self.period).fast_max(F4::ZERO),
                start - self.off,
            );
        self.across.at(d) * along.fast_min(F4::ONE)
    }
}

/// Round dots of radius `half`, every `period` from the first end, the last at or before
/// the second end.
struct Dots {
    outer: F4,
    period: F4,
    per: F4,
    last: F4,
}

impl Coverage for Dots {
    #[inline]
    fn coverage(&self, t: F4, d: F4) -> F4 {
        let k = floor(t * self.per + F4::splat(0.5))
            .fast_max(F4::ZERO)
            .fast_min(self.last);
        let off = t - k * self.period;
        (self.outer - (off * off + d * d).sqrt())
            .fast_max(F4::ZERO)
            .fast_min(F4::ONE)
    }
}

/// How a line's coverage repeats along it.
enum Kernel {
    Solid(Solid),
    Dashed(Dashed),
    Dots(Dots),
}

/// One line, ready to paint into any band.
struct Stroke {
    span: Span,
    kernel: Kernel,
}

impl Stroke {
    /// `None` for a line that draws nothing (not finite, no width, or no length and not dots).
    fn new(line: &Line, pixels: &Pixels) -> Option<Self> {
        let [ax, ay] = line.a;
        let (dx, dy) = (line.b[0] - ax, line.b[1] - ay);
        let length = dx.hypot(dy);
        let half = line.width / 2.0;
        let dots = matches!(line.pattern, Pattern::Dots { .. });
        let finite = [ax, ay, dx, dy, half].iter().all(|v| v.is_finite());
        if !finite || half <= 0.0 || !(length > 1e-4 || dots) {
            return None;
        }
        let (ux, uy) = if length > 1e-4 {
            (dx / length, dy / length)
        } else {
            (1.0, 0.0)
        };
        // A pixel is touched only when its centre lies within half a pixel of the stroke (box
        // filter): across, half the width + ½; along, ½ past butt ends, a radius + ½ past dots.
        let reach = reach(line);
        let (t_lo, t_hi) = if dots {
            (-reach, length + reach)
        } else {
            (-0.5, length + 0.5)
        };
        let span = Span::new(line, [ux, uy], (t_lo, t_hi), reach, pixels);
        let across = Across::new(half);
        let length4 = F4::splat(length);
        let kernel = match line.pattern {
            Pattern::Solid => Kernel::Solid(Solid {
                across,
                length: length4,
            }),
            Pattern::Dashed { on, off } => {
                let period = on + off;
                Kernel::Dashed(Dashed {
                    across,
                    length: length4,
                    on: F4::splat(on),
                    off: F4::splat(off),
                    period: F4::splat(period),
                    per: F4::splat(1.0 / period),
                })
            }
            Pattern::Dots { period } => {
                // A zero period puts every dot on the first end.
                let (per, last) = if period > 0.0 {
                    (1.0 / period, (length / period).floor())
                } else {
                    (0.0, 0.0)
                };
                Kernel::Dots(Dots {
                    outer: F4::splat(half + 0.5),
                    period: F4::splat(period),
                    per: F4::splat(per),
                    last: F4::splat(last),
                })
            }
        };
        Some(Self { span, kernel })
    }

    /// Blends the line into a band of rows starting at `first_row`.
    fn paint(&self, band: &mut [u8], width: usize, first_row: usize) {
        match &self.kernel {
            Kernel::Solid(solid) => self.span.paint(band, width, first_row, solid),
            Kernel::Dashed(dashed) => self.span.paint(band, width, first_row, dashed),
            Kernel::Dots(dots) => self.span.paint(band, width, first_row, dots),
        }
    }
}

/// A straight colour (0–255) and opacity as a premultiplied RGBA pixel, little-endian.
fn pack(color: [f32; 3], alpha: f32) -> u32 {
    let alpha = alpha.clamp(0.0, 1.0);
    let [r, g, b] = color.map(|c| (c.clamp(0.0, 255.0) * alpha + 0.5) as u32);
    let a = (alpha * 255.0 + 0.5) as u32;
    r | (g << 8) | (b << 16) | (a << 24)
}

/// Every channel of four pixels times `factor / 256` (`factor` at most 256, in the low half
/// of each lane and repeated in the high half). 16-bit lanes hold one channel each, so one
/// multiply scales red and blue of four pixels, another green and alpha.
#[inline]
fn scale(pixels: u32x4, factor: u16x8) -> u32x4 {
    let low = u32x4::splat(0x00FF_00FF);
    let red_blue: u16x8 = cast(pixels & low);
    let green_alpha: u16x8 = cast((pixels >> 8) & low);
    let red_blue: u32x4 = cast((red_blue * factor) >> 8);
    let green_alpha: u32x4 = cast(green_alpha * factor);
    red_blue | (green_alpha & u32x4::splat(0xFF00_FF00))
}

/// A factor per pixel (in the low 16 bits of its lane) repeated in the high half.
#[inline]
fn twice(factor: u32x4) -> u16x8 {
    cast(factor | (factor << 16))
}

/// Source-over of `source` with `coverage` (0–1) onto four premultiplied pixels, in 8-bit
/// fixed point. The sum never carries between channels, because premultiplied channels never
/// exceed their alpha.
#[inline]
fn blend(destination: [u8; 16], source: u32x4, coverage: F4) -> [u8; 16] {
    let factor: u32x4 = cast((coverage * F4::splat(256.0)).fast_trunc_int());
    let source = scale(source, twice(factor));
    let keep = u32x4::splat(256) - (source >> 24);
    let destination: u32x4 = cast(destination);
    cast(source + scale(destination, twice(keep)))
}

/// The lane numbers, for stepping four pixels at once.
const LANES: F4 = F4::new([0.0, 1.0, 2.0, 3.0]);

/// One line's geometry and paint, ready to fill rows: for row `y`, the pixels to visit are
/// those with `x ≥ max(lo_t + y·slope_t, lo_d + y·slope_d)` and `x ≤ min(hi_t + y·slope_t,
/// hi_d + y·slope_d)` (the centre within reach across, and within the ends along).
struct Span {
    /// The distances of the pixel `(0, y)` along and across the line are `t0 + y·uy` and
    /// `d0 − y·ux`; one pixel to the right adds `ux` and `uy`.
    t0: f32,
    d0: f32,
    ux: f32,
    uy: f32,
    bounds: [f32; 6],
    /// The rows the line's ends and sides allow.
    rows: std::ops::Range<usize>,
    columns: std::ops::Range<usize>,
    /// The colour as a premultiplied RGBA pixel (little-endian `u32`).
    source: u32,
    /// Whether the line reaches so few pixels of each row that rows are painted four at a
    /// time ([`Self::paint_four_rows`]).
    steep: bool,
}

impl Span {
    /// `ends` is the range of distances along the line a pixel centre may have, `reach` the
    /// distance across.
    fn new(
        line: &Line,
        direction: [f32; 2],
        ends: (f32, f32),
        reach: f32,
        pixels: &Pixels,
    ) -> Self {
        let [ax, ay] = line.a;
        let [ux, uy] = direction;
        // Pixel centres: (x + ½, y + ½).
        let t0 = ux * (0.5 - ax) + uy * (0.5 - ay);
        let d0 = uy * (0.5 - ax) - ux * (0.5 - ay);
        let mut rows = line_rows(line, &pixels.rows);
        // `value + y·slope` in `[lo, hi]` as a range of `x` (`per_x` is the change per pixel
        // to the right), or as a range of rows when `x` does not matter.
        let mut solve = |per_x: f32, value: f32, slope: f32, lo: f32, hi: f32| {
            if per_x.abs() < 1e-6 {
                if slope.abs() < 1e-6 {
                    if value < lo || value > hi {
                        rows = 0..0;
                    }
                } else {
                    let (a, b) = ((lo - value) / slope, (hi - value) / slope);
                    let first = min(a, b).ceil().max(0.0) as usize;
                    let last = max(a, b).floor();
                    if last < 0.0 {
                        rows = 0..0;
                    } else {
                        rows = rows.start.max(first)..rows.end.min(last as usize + 1);
                    }
                }
                return (f32::NEG_INFINITY, f32::INFINITY, 0.0);
            }
            let (a, b) = ((lo - value) / per_x, (hi - value) / per_x);
            (min(a, b), max(a, b), -slope / per_x)
        };
        let along = solve(ux, t0, uy, ends.0, ends.1);
        let across = solve(uy, d0, -ux, -reach, reach);
        Self {
            t0,
            d0,
            ux,
            uy,
            bounds: [along.0, along.1, along.2, across.0, across.1, across.2],
            rows: rows.start..rows.end.max(rows.start),
            columns: pixels.columns.clone(),
            source: pack(line.color, line.alpha),
            // Pixels a row holds: the width across, and the run along, over the rise.
            steep: (2.0 * reach + ux.abs()) < 6.0 * uy.abs(),
        }
    }

    /// Blends the line into the rows of a band that starts at `first_row`, with
    /// `coverage(along, across)` per pixel centre.
    #[inline]
    fn paint(&self, band: &mut [u8], width: usize, first_row: usize, coverage: &impl Coverage) {
        let Self { ux, uy, .. } = *self;
        let [lo_t, hi_t, slope_t, lo_d, hi_d, slope_d] = self.bounds;
        if self.columns.is_empty() {
            return;
        }
        let band_rows = first_row..first_row + band.len() / (width * 4);
        let mut rows = self.rows.start.max(band_rows.start)..self.rows.end.min(band_rows.end);
        let (left, right) = (self.columns.start as f32, (self.columns.end - 1) as f32);
        let source = u32x4::splat(self.source);
        if self.steep {
            while rows.end - rows.start >= 4 {
                self.paint_four_rows(band, width, first_row, rows.start, coverage);
                rows.start += 4;
            }
        }
        let (t_step, d_step) = (F4::splat(4.0 * ux), F4::splat(4.0 * uy));
        let (t_lanes, d_lanes) = (LANES * F4::splat(ux), LANES * F4::splat(uy));
        for y in rows {
            let fy = y as f32;
            let lo = max(max(lo_t + fy * slope_t, lo_d + fy * slope_d), left);
            let hi = min(min(hi_t + fy * slope_t, hi_d + fy * slope_d), right);
            // `max` and `min` above return `left` and `right` for NaN: both are numbers.
            if lo > hi {
                continue;
            }
            // Both are at least `left`, not negative: truncation is `floor`.
            let first = lo as usize + usize::from(((lo as usize) as f32) < lo);
            let end = hi as usize + 1;
            if first >= end {
                continue;
            }
            let row = &mut band[(y - first_row) * width * 4..][..width * 4];
            let cx = first as f32;
            let mut t = F4::splat(self.t0 + fy * uy + cx * ux) + t_lanes;
            let mut d = F4::splat(self.d0 - fy * ux + cx * uy) + d_lanes;
            // Whole groups of four. Past `end` the coverage is zero and a pixel keeps its
            // value exactly, so the last group may run over as long as it stays in the clip.
            let groups = (end - first).div_ceil(4);
            let whole = if first + groups * 4 <= self.columns.end {
                groups
            } else {
                groups - 1
            };
            for pixels in row[first * 4..(first + whole * 4) * 4].chunks_exact_mut(16) {
                let mut before = [0u8; 16];
                before.copy_from_slice(pixels);
                pixels.copy_from_slice(&blend(before, source, coverage.coverage(t, d.abs())));
                t += t_step;
                d += d_step;
            }
            // The last few pixels before the clip's right edge, through a copy.
            let x = first + whole * 4;
            if x < end {
                let count = end - x;
                let mut before = [0u8; 16];
                before[..count * 4].copy_from_slice(&row[x * 4..end * 4]);
                let after = blend(before, source, coverage.coverage(t, d.abs()));
                row[x * 4..end * 4].copy_from_slice(&after[..count * 4]);
            }
        }
    }

    /// Blends the line into four rows from `y` at once, one row per lane: a steep line
    /// reaches only a few pixels of each row, so stepping along a row four pixels at a time
    /// (as [`Self::paint`] does) would mostly blend pixels it does not reach. Each lane visits
    /// its row's pixels from the first the line reaches; a pixel past the last has no
    /// coverage and keeps its value exactly.
    #[inline]
    fn paint_four_rows(
        &self,
        band: &mut [u8],
        width: usize,
        first_row: usize,
        y: usize,
        coverage: &impl Coverage,
    ) {
        let Self { ux, uy, .. } = *self;
        let [lo_t, hi_t, slope_t, lo_d, hi_d, slope_d] = self.bounds;
        let (left, right) = (self.columns.start as f32, (self.columns.end - 1) as f32);
        let fy = F4::splat(y as f32) + LANES;
        let lo = (F4::splat(lo_t) + fy * F4::splat(slope_t))
            .fast_max(F4::splat(lo_d) + fy * F4::splat(slope_d))
            .fast_max(F4::splat(left));
        let hi = (F4::splat(hi_t) + fy * F4::splat(slope_t))
            .fast_min(F4::splat(hi_d) + fy * F4::splat(slope_d))
            .fast_min(F4::splat(right));
        // `f32::max` and `min` turn a NaN bound into `left` or `right` on every target (the
        // SIMD ones above do on x86 only).
        let lo = lo.to_array().map(|v| v.max(left));
        let hi = hi.to_array().map(|v| v.min(right));
        // Each lane's first pixel and how many it visits (none where `lo > hi`).
        let mut first = [0_usize; 4];
        let mut steps = 0;
        for lane in 0..4 {
            if lo[lane] > hi[lane] {
                first[lane] = self.columns.end;
                continue;
            }
            let start = lo[lane] as usize + usize::from(((lo[lane] as usize) as f32) < lo[lane]);
            let end = hi[lane] as usize + 1;
            first[lane] = start;
            steps = steps.max(end.saturating_sub(start));
        }
        if steps == 0 {
            return;
        }
        let firsts = F4::new(first.map(|x| x as f32));
        let t0 = F4::splat(self.t0) + fy * F4::splat(uy) + firsts * F4::splat(ux);
        let d0 = F4::splat(self.d0) - fy * F4::splat(ux) + firsts * F4::splat(uy);
        let source = u32x4::splat(self.source);
        let offsets: [usize; 4] = std::array::from_fn(|lane| (y + lane - first_row) * width);
        for step in 0..steps {
            let along = F4::splat(step as f32);
            let t = t0 + along * F4::splat(ux);
            let d = d0 + along * F4::splat(uy);
            let mut before = [0_u8; 16];
            let mut inside = [false; 4];
            for lane in 0..4 {
                let x = first[lane] + step;
                if x < self.columns.end {
                    inside[lane] = true;
                    let at = (offsets[lane] + x) * 4;
                    before[lane * 4..lane * 4 + 4].copy_from_slice(&band[at..at + 4]);
                }
            }
            let after = blend(before, source, coverage.coverage(t, d.abs()));
            for lane in 0..4 {
                if inside[lane] {
                    let at = (offsets[lane] + first[lane] + step) * 4;
                    band[at..at + 4].copy_from_slice(&after[lane * 4..lane * 4 + 4]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
