//! The PNG painter, on the CPU: the background and edges stroked by `raster`, then
//! everything above them (nodes, labels, legend, text) from the page's SVG by resvg with the
//! bundled font.

use super::raster::{self, Canvas, Line};
use super::{ExportError, MAX_PIXELS, MAX_SIDE, Page, font, svg};

/// The page as PNG bytes, `page.scale` pixels per CSS pixel.
pub fn render(page: &Page<'_>) -> Result<Vec<u8>, ExportError> {
    let (width, height) = page.pixel_size();
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(ExportError::TooLarge { width, height });
    }
    let fail = |reason: String| ExportError::Render { reason };
    let options = resvg::usvg::Options {
        fontdb: font::database(),
        ..resvg::usvg::Options::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(&svg::render_layers(page, svg::Layers::AboveEdges), &options)
            .map_err(|e| fail(e.to_string()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| fail(format!("cannot allocate {width}×{height} pixels")))?;
    let [r, g, b, a] = page
        .scene
        .theme
        .palette()
        .background
        .to_srgba_unmultiplied();
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(r, g, b, a));
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
    raster::stroke_lines(
        Canvas {
            data: pixmap.data_mut(),
            width: width as usize,
            height: height as usize,
        },
        &lines,
        clip,
        threads,
    );
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    encode(&pixmap).map_err(|e| fail(e.to_string()))
}

/// Encodes an opaque pixmap as an RGB PNG. Snapshots always paint an opaque background, so
/// the alpha channel carries nothing; fast compression keeps big images quick to write.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    use std::io::Write as _;
    let width = pixmap.width() as usize;
    let mut bytes = Vec::with_capacity(width * pixmap.height() as usize / 2);
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_filter(png::FilterType::Paeth);
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
