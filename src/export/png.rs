//! The PNG painter, on the CPU: the background and edges stroked by `raster`, the rings of
//! changes, nodes and labels painted by `marks`, then the title, legend and footer from the
//! page's SVG by resvg with the painters' fonts.
//!
//! The work is spread over the cores. A whole-graph page is drawn in horizontal bands, each on
//! whichever thread is free and encoded in order as it is done; a view export (screen-sized)
//! is drawn whole, its chrome parsed on its own thread meanwhile. A band is drawn as the whole
//! image would be there, to within the rounding of a shifted line (a test bounds it).

use std::sync::Mutex;

use resvg::tiny_skia::{ColorU8, Pixmap, PixmapMut, PremultipliedColorU8, Transform};
use resvg::usvg;

use super::glyph_masks::GlyphCache;
use super::marks::Marks;
use super::raster::{self, Canvas, Line};
use super::{ExportError, MAX_PIXELS, MAX_SIDE, Page, font, svg};

/// Rows per band when resvg draws the title, legend and footer of a page drawn whole: a few
/// bands per thread keep the threads busy, and each band is much taller than its margins
/// (paths there are drawn twice).
const RESVG_BAND_ROWS: usize = 512;

/// Rows per band when a whole page is drawn band by band ([`render_banded`]): each band in
/// flight holds this many rows and its margins, a few megabytes on a wide page.
const PAGE_BAND_ROWS: usize = 192;

/// Rows added to the tallest path's height for the margins of a band (anti-aliasing reaches a
/// pixel past a path's bounds; the rest is room for rounding).
const MARGIN_SLACK: f32 = 4.0;

/// The page as PNG bytes, `page.scale` pixels per CSS pixel.
pub fn render(page: &Page<'_>) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    render_to(page, &mut bytes)?;
    Ok(bytes)
}

/// The page as a PNG written to `output` as it is drawn (a big page is never held whole).
pub fn render_to(
    page: &Page<'_>,
    output: &mut (dyn std::io::Write + Send),
) -> Result<(), ExportError> {
    render_with(page, output, true)
}

/// [`render_to`], drawing a whole-graph page band by band when `bands` allows it.
fn render_with(
    page: &Page<'_>,
    output: &mut (dyn std::io::Write + Send),
    bands: bool,
) -> Result<(), ExportError> {
    let (width, height) = page.pixel_size();
    if width > u64::from(MAX_SIDE) || height > u64::from(MAX_SIDE) || width * height > MAX_PIXELS {
        return Err(ExportError::TooLarge { width, height });
    }
    let fail = |reason: String| ExportError::Render { reason };
    let options = usvg::Options {
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let background = page
        .scene
        .theme
        .palette()
        .background
        .to_srgba_unmultiplied();
    let background = ColorU8::from_rgba(background[0], background[1], background[2], background[3])
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
    // A whole-graph page of more than one band is drawn band by band; a view export (screen
    // sized, clipped to its area) in one go.
    if bands && !page.clipped && height as usize > PAGE_BAND_ROWS {
        return render_banded(page, &lines, &options, background, threads, output)
            .map_err(|e| fail(e.to_string()));
    }
    let chrome = svg::render_layers(page, svg::Layers::Chrome);
    let mut pixmap = Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| fail(format!("cannot allocate {width}×{height} pixels")))?;
    let tree = std::thread::scope(|scope| {
        let parse = scope.spawn(|| usvg::Tree::from_str(&chrome, &options));
        let marks = Marks::of(page);
        let (width, height) = (width as usize, height as usize);
        raster::stroke_lines(
            Canvas {
                data: pixmap.data_mut(),
                width,
                height,
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
        marks.paint(
            pixmap.data_mut(),
            width,
            0..height,
            clip,
            &mut GlyphCache::new(),
        );
        parse.join()
    })
    .map_err(|_| fail("the SVG parser panicked".to_owned()))?
    .map_err(|e| fail(e.to_string()))?;
    let size = tree.size();
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    let bytes =
        draw_and_encode(&tree, transform, &mut pixmap, threads).map_err(|e| fail(e.to_string()))?;
    output.write_all(&bytes).map_err(|e| fail(e.to_string()))
}

/// A whole-graph page drawn band by band and encoded as the bands are done, in order: no
/// image-sized buffer and no SVG tree of the whole page is ever held. Each band (with margins
/// above and below as tall as the tallest shape, see [`draw_and_encode`]) is filled with the
/// background, gets the edges that cross it from our rasteriser (shifted by whole rows, which
/// changes no pixel), the rings, nodes and labels that reach into it from `marks`, then the
/// title, legend and footer that reach into it, parsed from an SVG of just those and drawn by
/// resvg. Bands are drawn on every core.
fn render_banded(
    page: &Page<'_>,
    lines: &[Line],
    options: &usvg::Options<'_>,
    background: PremultipliedColorU8,
    threads: usize,
    output: &mut (dyn std::io::Write + Send),
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (width, height) = page.pixel_size();
    let (width, height) = (width as usize, height as usize);
    let sy = height as f32 / page.size.y;
    let row_bytes = width * 4;
    let margin = (tallest_shape() * sy + MARGIN_SLACK).ceil() as usize;
    let bands = height.div_ceil(PAGE_BAND_ROWS);
    // Each line's rows, for picking the lines of a band (a list of every band's lines would
    // hold millions of entries for a big page's long edges).
    let spans: Vec<[f32; 2]> = lines
        .iter()
        .map(|line| {
            let reach = line.width * 0.5 + 2.0;
            [
                line.a[1].min(line.b[1]) - reach,
                line.a[1].max(line.b[1]) + reach,
            ]
        })
        .collect();
    let fill = [
        background.red(),
        background.green(),
        background.blue(),
        background.alpha(),
    ];
    // Band buffers go round between the drawing threads and the encoder: fresh memory costs
    // the kernel a page clearing for every 4 KiB.
    let (recycle, pool) = std::sync::mpsc::channel::<Vec<u8>>();
    // Everything the drawing needs is allocated here, on the calling thread, before the other
    // threads start: the memory this thread just freed (the document, on the command line)
    // then serves it. Memory a thread frees stays with that thread in the allocator, so
    // buffers first allocated on the other threads came on top of it (the large file's peak
    // varied from 234 to 281 MiB; four times the file is 269 MiB).
    let mut band_lines = vec![0_usize; bands];
    for span in &spans {
        let first = (span[0].max(0.0) as usize / PAGE_BAND_ROWS).min(bands - 1);
        let last = (span[1].max(0.0) as usize / PAGE_BAND_ROWS).min(bands - 1);
        for count in &mut band_lines[first..=last] {
            *count += 1;
        }
    }
    let most_lines = band_lines.iter().copied().max().unwrap_or(0);
    let buffer_rows = (PAGE_BAND_ROWS + 2 * margin).min(height);
    // Bands in flight: one per drawing thread, one queued, one being encoded, and those the
    // encoder holds until the bands before them are done (at most one per other thread).
    for _ in 0..2 * threads.max(1) + 2 {
        recycle.send(vec![0_u8; buffer_rows * row_bytes]).ok();
    }
    let mut scratches: Vec<(Vec<Line>, raster::Scratch)> = (0..threads.max(1))
        .map(|_| {
            (
                Vec::with_capacity(most_lines),
                raster::Scratch::with_capacity(most_lines, PAGE_BAND_ROWS),
            )
        })
        .collect();
    let pool = Mutex::new(pool);
    let marks = Marks::of(page);
    let whole = [0.0, 0.0, width as f32, height as f32];
    let draw =
        |k: usize, glyphs: &mut GlyphCache, scratch: &mut (Vec<Line>, raster::Scratch)| -> Band {
            let first = k * PAGE_BAND_ROWS;
            let last = (first + PAGE_BAND_ROWS).min(height);
            let top = first.saturating_sub(margin);
            let bottom = (last + margin).min(height);
            let rows = bottom - top;
            let mut data = pool
                .lock()
                .ok()
                .and_then(|pool| pool.try_recv().ok())
                .unwrap_or_default();
            // Every byte is written below (the background first), so old contents do not matter.
            data.resize(rows * row_bytes, 0);
            // Edges only on the band's own rows: our rasteriser sets each pixel alone, so the
            // margins (only there for resvg) need none.
            let own = (first - top) * row_bytes..(last - top) * row_bytes;
            let shift = first as f32;
            let (band_lines, stroke_scratch) = scratch;
            band_lines.clear();
            band_lines.extend(
                lines
                    .iter()
                    .zip(&spans)
                    .filter(|(_, span)| span[1] >= first as f32 && span[0] <= last as f32)
                    .map(|(line, _)| {
                        let mut line = *line;
                        line.a[1] -= shift;
                        line.b[1] -= shift;
                        line
                    }),
            );
            raster::stroke_lines_with(
                Canvas {
                    data: &mut data[own.clone()],
                    width,
                    height: last - first,
                },
                band_lines,
                [0.0, 0.0, width as f32, (last - first) as f32],
                Some(fill),
                1,
                stroke_scratch,
            );
            marks.paint(&mut data[own.clone()], width, first..last, whole, glyphs);
            let shift = top as f32;
            let svg = svg::render_layers_within(
                page,
                svg::Layers::Chrome,
                Some((top as f32 / sy, bottom as f32 / sy)),
            );
            let tree = usvg::Tree::from_str(&svg, options).map_err(|e| e.to_string())?;
            let size = tree.size();
            let transform =
                Transform::from_scale(width as f32 / size.width(), height as f32 / size.height())
                    .post_translate(0.0, -shift);
            let mut pixmap = PixmapMut::from_bytes(&mut data, width as u32, rows as u32)
                .ok_or("cannot draw a band")?;
            resvg::render(&tree, transform, &mut pixmap);
            Ok((data, own))
        };
    let next = std::sync::atomic::AtomicUsize::new(0);
    // A bounded queue: a thread that runs ahead of the encoder waits, so only a few bands
    // are ever held.
    let (done, finished) = std::sync::mpsc::sync_channel(1);
    let work = |done: std::sync::mpsc::SyncSender<(usize, Band)>,
                mut scratch: (Vec<Line>, raster::Scratch)| {
        let mut glyphs = GlyphCache::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if k >= bands {
                break;
            }
            // The encoder stopped (an error): no use drawing more.
            if done.send((k, draw(k, &mut glyphs, &mut scratch))).is_err() {
                break;
            }
        }
    };
    std::thread::scope(
        |scope| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            let encoder = scope.spawn(
                move || -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                    let mut writer = png_encoder(output, width as u32, height).write_header()?;
                    let mut out = Rows::new(writer.stream_writer()?, width);
                    // Bands finish roughly in order; the encoder takes them strictly in order.
                    let mut waiting = std::collections::BTreeMap::new();
                    let mut expected = 0;
                    for (k, band) in finished {
                        let band: (Vec<u8>, std::ops::Range<usize>) = band?;
                        waiting.insert(k, band);
                        while let Some((data, own)) = waiting.remove(&expected) {
                            out.write(&data[own])?;
                            recycle.send(data).ok();
                            expected += 1;
                        }
                    }
                    out.finish()?;
                    writer.finish()?;
                    Ok(())
                },
            );
            let mine = scratches.pop().unwrap_or_default();
            for scratch in scratches {
                let done = done.clone();
                let work = &work;
                scope.spawn(move || work(done, scratch));
            }
            // The calling thread draws too: the memory it freed (the document, on the command
            // line) then serves bands rather than sitting in its allocator while other threads
            // take fresh pages.
            work(done, mine);
            encoder
                .join()
                .map_err(|_| "the PNG encoder panicked".to_owned())?
        },
    )?;
    Ok(())
}

/// A drawn band of a page: its pixels with margins and the range of its own rows' bytes.
type Band = Result<(Vec<u8>, std::ops::Range<usize>), String>;

/// The tallest thing resvg draws on a page (the graph is painted by `marks`), in page units: a
/// legend row or the title.
fn tallest_shape() -> f32 {
    (crate::style::LEGEND_ROW + 8.0).max(super::TITLE_SIZE * 1.5)
}

/// A whole SVG document drawn as a PNG of `width` × `height` pixels on a background (pages
/// whose edges are not stroked by our own rasteriser, such as the matrix).
/// A page drawn as SVG, in a picture format (`None` for a format that is not a picture): the
/// SVG as it is, or rasterised at `pixel_size` on `background`.
pub(super) fn picture(
    format: super::Format,
    pixel_size: (u64, u64),
    background: ecolor::Color32,
    svg: impl Fn() -> String,
) -> Option<Result<Vec<u8>, super::ExportError>> {
    match format {
        super::Format::Svg => Some(Ok(svg().into_bytes())),
        super::Format::Png => {
            let (width, height) = pixel_size;
            let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else {
                return Some(Err(super::ExportError::TooLarge { width, height }));
            };
            Some(from_svg(&svg(), w, h, background))
        }
        _ => None,
    }
}

pub fn from_svg(
    svg: &str,
    width: u32,
    height: u32,
    background: ecolor::Color32,
) -> Result<Vec<u8>, ExportError> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ExportError::TooLarge {
            width: u64::from(width),
            height: u64::from(height),
        });
    }
    let fail = |reason: String| ExportError::Render { reason };
    let options = usvg::Options {
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| fail(e.to_string()))?;
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| fail(format!("cannot allocate {width}×{height} pixels")))?;
    let [r, g, b, a] = background.to_srgba_unmultiplied();
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(r, g, b, a));
    let size = tree.size();
    let transform =
        Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    draw_and_encode(&tree, transform, &mut pixmap, threads).map_err(|e| fail(e.to_string()))
}

/// Draws a tree into the pixmap, a band of rows at a time, on up to `threads` threads, and
/// encodes the image as an RGB PNG on the calling thread as the bands are finished.
///
/// tiny-skia's anti-aliasing of a path that crosses the edge of its pixmap differs a little
/// from that of the same path drawn whole, so each band is drawn into a copy of itself with
/// margins above and below as tall as the tallest path, and only the band's own rows are
/// copied back: a path that reaches into the band then lies wholly in the copy, as in the
/// whole image. What the margins hold does not matter (each pixel is blended on its own), so
/// they are not filled; paths there are drawn twice, so they are kept no taller than needed.
fn draw_and_encode(
    tree: &usvg::Tree,
    transform: Transform,
    pixmap: &mut Pixmap,
    threads: usize,
) -> Result<Vec<u8>, png::EncodingError> {
    let (width, height) = (pixmap.width(), pixmap.height() as usize);
    let row_bytes = width as usize * 4;
    let mut bytes = png_buffer(width, height);
    let mut writer = png_encoder(&mut bytes, width, height).write_header()?;
    let mut rows = Rows::new(writer.stream_writer()?, width as usize);
    if threads <= 1 || height <= RESVG_BAND_ROWS {
        resvg::render(tree, transform, &mut pixmap.as_mut());
        rows.write(pixmap.data())?;
    } else {
        let frame = Frame {
            width,
            height,
            margin: (tallest_path(tree.root()) * transform.sy.abs() + MARGIN_SLACK).ceil() as usize,
        };
        let bands = Mutex::new(
            pixmap
                .data_mut()
                .chunks_mut(RESVG_BAND_ROWS * row_bytes)
                .enumerate(),
        );
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::scope(|scope| -> Result<(), png::EncodingError> {
            for _ in 0..threads {
                let done = done.clone();
                let bands = &bands;
                scope.spawn(move || {
                    let mut scratch = Vec::new();
                    loop {
                        let next = bands.lock().map(|mut bands| bands.next());
                        let Ok(Some((k, band))) = next else {
                            break;
                        };
                        draw_band(
                            tree,
                            transform,
                            band,
                            k * RESVG_BAND_ROWS,
                            &frame,
                            &mut scratch,
                        );
                        // The encoder stopped (an error): no use drawing more.
                        if done.send((k, band)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done);
            // Bands finish roughly in order; the encoder takes them strictly in order.
            let mut waiting = std::collections::BTreeMap::new();
            let mut next = 0;
            for (k, band) in finished {
                waiting.insert(k, band);
                while let Some(band) = waiting.remove(&next) {
                    rows.write(band)?;
                    next += 1;
                }
            }
            Ok(())
        })?;
    }
    rows.finish()?;
    writer.finish()?;
    Ok(bytes)
}

/// The image's size, and the rows drawn above and below each band.
#[derive(Clone, Copy)]
struct Frame {
    width: u32,
    height: usize,
    margin: usize,
}

/// The height of the tallest path (or image) below a group, in the tree's units.
fn tallest_path(group: &usvg::Group) -> f32 {
    group
        .children()
        .iter()
        .map(|node| match node {
            usvg::Node::Group(group) => tallest_path(group),
            usvg::Node::Text(text) => tallest_path(text.flattened()),
            usvg::Node::Path(_) | usvg::Node::Image(_) => {
                let bounds = node.abs_stroke_bounding_box();
                node.abs_layer_bounding_box()
                    .map_or(bounds.height(), |layer| layer.height().max(bounds.height()))
            }
        })
        .fold(0.0, f32::max)
}

/// Draws the rows of `band` (the image's rows from `first`) through a copy with margins.
fn draw_band(
    tree: &usvg::Tree,
    transform: Transform,
    band: &mut [u8],
    first: usize,
    frame: &Frame,
    scratch: &mut Vec<u8>,
) {
    let Frame {
        width,
        height,
        margin,
    } = *frame;
    let row_bytes = width as usize * 4;
    let top = first.saturating_sub(margin);
    let bottom = (first + band.len() / row_bytes + margin).min(height);
    scratch.resize((bottom - top) * row_bytes, 0);
    let offset = (first - top) * row_bytes;
    scratch[offset..offset + band.len()].copy_from_slice(band);
    if let Some(mut copy) = PixmapMut::from_bytes(scratch, width, (bottom - top) as u32) {
        resvg::render(
            tree,
            transform.post_translate(0.0, -(top as f32)),
            &mut copy,
        );
        band.copy_from_slice(&scratch[offset..offset + band.len()]);
    }
}

/// A buffer for a PNG of this size. It has room for the raw rows and more, so it does not
/// move as it fills: growing it would copy megabytes into fresh memory. Pages never written
/// are never touched.
fn png_buffer(width: u32, height: usize) -> Vec<u8> {
    let raw = (width as usize * 3 + 1) * height;
    Vec::with_capacity(raw + raw / 64 + 4096)
}

/// An RGB PNG encoder. Snapshots always paint an opaque background, so the alpha channel
/// carries nothing; fast compression (png's `fdeflate`) keeps big images quick to write.
fn png_encoder<'a, W: std::io::Write>(out: W, width: u32, height: usize) -> png::Encoder<'a, W> {
    let mut encoder = png::Encoder::new(out, width, height as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    encoder
}

/// Premultiplied RGBA rows into a PNG stream as RGB, one row at a time (no second full-size
/// buffer: fresh memory is slow to fault in). Opaque pixels (all of them, on a snapshot's
/// background) are copied as they are.
struct Rows<'a, W: std::io::Write> {
    stream: png::StreamWriter<'a, W>,
    row: Vec<u8>,
    width: usize,
}

impl<'a, W: std::io::Write> Rows<'a, W> {
    fn new(stream: png::StreamWriter<'a, W>, width: usize) -> Self {
        Self {
            stream,
            row: Vec::with_capacity(width * 3),
            width,
        }
    }

    fn write(&mut self, data: &[u8]) -> Result<(), png::EncodingError> {
        use std::io::Write as _;
        for pixels in data.chunks_exact(self.width * 4) {
            self.row.clear();
            self.row.extend(pixels.chunks_exact(4).flat_map(|p| {
                if p[3] == u8::MAX {
                    return [p[0], p[1], p[2]];
                }
                let c = PremultipliedColorU8::from_rgba(p[0], p[1], p[2], p[3])
                    .map_or(ColorU8::from_rgba(0, 0, 0, 0), |c| c.demultiply());
                [c.red(), c.green(), c.blue()]
            }));
            self.stream.write_all(&self.row)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), png::EncodingError> {
        self.stream.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::export::{ExportOptions, page};
    use crate::graph::Filter;
    use crate::model::DataSource;
    use crate::scene::Scene;
    use crate::style::Theme;

    /// The seed's scene, title and footer.
    fn seed_scene() -> (Scene, String, Vec<String>) {
        let dataset = crate::model::load_str(crate::model::SEED_RON, "positions.ron")
            .expect("the seed parses");
        let doc = Document::laid_out(DataSource::BuiltIn, dataset, Filter::default(), None);
        (
            Scene::of(&doc, Theme::Light),
            doc.dataset().title.clone(),
            doc.footer(),
        )
    }

    /// A page at two pixels per point: tall enough for several bands.
    const SCALE_2: ExportOptions = ExportOptions {
        extent: crate::export::Extent::WholeGraph,
        width: None,
        height: None,
        scale: 2.0,
    };

    /// Decoded RGB pixels of a PNG.
    fn pixels(png: &[u8]) -> Vec<u8> {
        let decoder = ::png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().expect("png");
        let mut out = vec![0; reader.output_buffer_size().expect("size")];
        reader.next_frame(&mut out).expect("frame");
        out
    }

    #[test]
    fn a_page_drawn_band_by_band_looks_as_drawn_in_one_pass() {
        let (scene, title, footer) = seed_scene();
        let page = page(&scene, &title, footer, &SCALE_2);
        let (width, height) = page.pixel_size();
        assert!(height as usize > 4 * PAGE_BAND_ROWS, "several bands");
        let banded = render(&page).expect("banded");
        // The same page drawn whole: the edges into one image, everything above them from one
        // SVG tree.
        let mut one_pass = Vec::new();
        render_with(&page, &mut one_pass, false).expect("one pass");
        let (a, b) = (pixels(&banded), pixels(&one_pass));
        assert_eq!(a.len(), (width * height * 3) as usize);
        assert_eq!(a.len(), b.len());
        // Only the rounding of a shifted line may differ, by a level or two.
        let worst = a
            .iter()
            .zip(&b)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        assert!(worst <= 3, "a pixel differs by {worst}");
        let differing = a.iter().zip(&b).filter(|(x, y)| x != y).count();
        assert!(differing * 100 < a.len(), "{differing} channels differ");
    }

    #[test]
    fn bands_draw_and_encode_exactly_what_one_pass_does() {
        let (scene, title, footer) = seed_scene();
        let page = page(&scene, &title, footer, &SCALE_2);
        let tree = usvg::Tree::from_str(
            &svg::render(&page),
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
            let png = draw_and_encode(&tree, transform, &mut pixmap, threads).expect("encoded");
            (pixmap, png)
        };
        let (whole, whole_png) = draw(1);
        assert!(
            whole.pixels().iter().any(|p| p.alpha() > 0),
            "something drawn"
        );
        let (banded, banded_png) = draw(2);
        assert!(whole.data() == banded.data(), "bands differ from one pass");
        assert!(
            whole_png == banded_png,
            "the encoder takes the bands in order"
        );
    }
}
