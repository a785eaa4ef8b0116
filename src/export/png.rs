//! The PNG painter, on the CPU: the background and edges stroked by `raster`, then
//! everything above them (nodes, labels, legend, text) from the page's SVG by resvg with the
//! bundled font.
//!
//! The work is spread over the cores: the SVG of the upper layers is parsed on its own thread
//! while the edges are stroked band by band, then resvg draws that SVG into horizontal
//! bands of the image, each band on whichever thread is free. A path outside a band costs
//! resvg next to nothing, and a band draws exactly the pixels the whole image would have there.

use std::sync::Mutex;

use resvg::tiny_skia::{Pixmap, PixmapMut, Transform};
use resvg::usvg;

use super::raster::{self, Canvas, Line};
use super::{ExportError, MAX_PIXELS, MAX_SIDE, Page, font, svg};

/// Rows per band when resvg draws the upper layers: a few bands per thread keep the threads
/// evenly busy (labels crowd some parts of a page), and each band is far taller than a node.
const RESVG_BAND_ROWS: usize = 256;

/// Rows drawn above and below each band and then dropped: more than the tallest node, label or
/// line of text at any usual scale.
const BAND_MARGIN: usize = 96;

/// The page as PNG bytes, `page.scale` pixels per CSS pixel.
pub fn render(page: &Page<'_>) -> Result<Vec<u8>, ExportError> {
    let (width, height) = page.pixel_size();
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(ExportError::TooLarge { width, height });
    }
    let fail = |reason: String| ExportError::Render { reason };
    let options = usvg::Options {
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let above_edges = svg::render_layers(page, svg::Layers::AboveEdges);
    let mut pixmap = Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| fail(format!("cannot allocate {width}×{height} pixels")))?;
    let background = page
        .scene
        .theme
        .palette()
        .background
        .to_srgba_unmultiplied();
    let background = resvg::tiny_skia::ColorU8::from_rgba(
        background[0],
        background[1],
        background[2],
        background[3],
    )
    .premultiply();
    let (sx, sy) = (width as f32 / page.size.x, height as f32 / page.size.y);
    let lines: Vec<Line> = page
        .edge_strokes()
        .map(|stroke| {
            let [r, g, b, a] = stroke.color.to_srgba_unmultiplied();
            Line {
                a: [stroke.a.x * sx, stroke.a.y * sy],
                b: [stroke.b.x * sx, stroke.b.y * sy],
                width: stroke.width * sx,
                color: [f32::from(r), f32::from(g), f32::from(b)],
                alpha: f32::from(a) / 255.0,
                pattern: stroke.pattern.scaled(sx),
            }
        })
        .collect();
    let clip = if page.clipped {
        let area = page.graph_rect;
        [
            area.min.x * sx,
            area.min.y * sy,
            area.max.x * sx,
            area.max.y * sy,
        ]
    } else {
        [0.0, 0.0, width as f32, height as f32]
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let tree = std::thread::scope(|scope| {
        let parse = scope.spawn(|| usvg::Tree::from_str(&above_edges, &options));
        raster::stroke_lines(
            Canvas {
                data: pixmap.data_mut(),
                width: width as usize,
                height: height as usize,
            },
            &lines,
            clip,
            Some([
                background.red(),
                background.green(),
                background.blue(),
                background.alpha(),
            ]),
            threads,
        );
        parse.join()
    })
    .map_err(|_| fail("the SVG parser panicked".to_owned()))?
    .map_err(|e| fail(e.to_string()))?;
    let size = tree.size();
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    // A view export clips the graph to its area: resvg then draws the whole graph group into
    // a layer of its own for every band, so those pages (screen-sized) are drawn in one go.
    let threads = if page.clipped { 1 } else { threads };
    draw_in_bands(&tree, transform, &mut pixmap, threads);
    encode(&pixmap).map_err(|e| fail(e.to_string()))
}

/// Draws a tree into the pixmap, a band of rows at a time, on up to `threads` threads.
///
/// tiny-skia's anti-aliasing of a path that crosses the edge of its pixmap differs a little
/// from that of the same path drawn whole, so each band is drawn into a copy of itself with
/// `BAND_MARGIN` rows more above and below, and only the band's own rows are copied back: a
/// path that reaches into the band then lies wholly in the copy, as in the whole image. What
/// the margins hold does not matter (each pixel is blended on its own), so they are not filled.
fn draw_in_bands(tree: &usvg::Tree, transform: Transform, pixmap: &mut Pixmap, threads: usize) {
    let width = pixmap.width();
    let height = pixmap.height() as usize;
    let row_bytes = width as usize * 4;
    let threads = threads.clamp(1, height.div_ceil(RESVG_BAND_ROWS));
    if threads == 1 {
        resvg::render(tree, transform, &mut pixmap.as_mut());
        return;
    }
    let bands = Mutex::new(
        pixmap
            .data_mut()
            .chunks_mut(RESVG_BAND_ROWS * row_bytes)
            .enumerate(),
    );
    let draw = || {
        let mut scratch = Vec::new();
        loop {
            let next = bands.lock().map(|mut bands| bands.next());
            let Ok(Some((k, band))) = next else {
                break;
            };
            let first = k * RESVG_BAND_ROWS;
            let top = first.saturating_sub(BAND_MARGIN);
            let bottom = (first + band.len() / row_bytes + BAND_MARGIN).min(height);
            scratch.resize((bottom - top) * row_bytes, 0);
            let offset = (first - top) * row_bytes;
            scratch[offset..offset + band.len()].copy_from_slice(band);
            let Some(mut copy) = PixmapMut::from_bytes(&mut scratch, width, (bottom - top) as u32)
            else {
                continue;
            };
            resvg::render(
                tree,
                transform.post_translate(0.0, -(top as f32)),
                &mut copy,
            );
            band.copy_from_slice(&scratch[offset..offset + band.len()]);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(draw);
        }
        draw();
    });
}

/// Encodes an opaque pixmap as an RGB PNG. Snapshots always paint an opaque background, so
/// the alpha channel carries nothing; fast compression (png's `fdeflate`) keeps big images
/// quick to write.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    use std::io::Write as _;
    let width = pixmap.width() as usize;
    let mut bytes = Vec::with_capacity(width * pixmap.height() as usize / 2);
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::Filter::Paeth);
        let mut writer = encoder.write_header()?;
        // Row by row: no second full-size buffer (fresh memory is slow to fault in).
        let mut stream = writer.stream_writer()?;
        let mut row = Vec::with_capacity(width * 3);
        for pixels in pixmap.pixels().chunks(width) {
            row.clear();
            row.extend(pixels.iter().flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue()]
            }));
            stream.write_all(&row)?;
        }
        stream.finish()?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{ExportOptions, footer, page, scene_for};
    use crate::graph::Filter;
    use crate::scene::Theme;

    #[test]
    fn bands_draw_exactly_what_one_pass_draws() {
        let dataset =
            crate::model::load_str(crate::cli::SEED_RON, "positions.ron").expect("the seed parses");
        let filter = Filter::default();
        let scene = scene_for(&dataset, &filter, None, Theme::Light);
        let options = ExportOptions {
            scale: 2.0,
            ..ExportOptions::default()
        };
        let page = page(&scene, &dataset.title, footer(&dataset, &filter), &options);
        let tree = usvg::Tree::from_str(
            &svg::render_layers(&page, svg::Layers::AboveEdges),
            &usvg::Options {
                fontdb: font::database(),
                ..usvg::Options::default()
            },
        )
        .expect("our SVG parses");
        let (width, height) = page.pixel_size();
        assert!(height as usize > 3 * RESVG_BAND_ROWS, "several bands");
        let transform = Transform::from_scale(
            width as f32 / tree.size().width(),
            height as f32 / tree.size().height(),
        );
        let draw = |threads| {
            let mut pixmap = Pixmap::new(width as u32, height as u32).expect("pixmap");
            draw_in_bands(&tree, transform, &mut pixmap, threads);
            pixmap
        };
        let whole = draw(1);
        assert!(
            whole.pixels().iter().any(|p| p.alpha() > 0),
            "something drawn"
        );
        assert!(whole.data() == draw(2).data(), "bands differ from one pass");
    }
}
