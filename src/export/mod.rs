//! Snapshot images: the very scene the window paints, laid out on a page with a title,
//! legend and footer, and drawn by a second painter (SVG text; PNG rasterised on the CPU: the
//! edges by `raster`, nodes, rings and labels by `marks`, the title, legend and footer from the
//! same SVG by resvg). No screen grab, so exports work headless and match the screen.

pub mod balance;
pub mod data;
pub mod font;
mod format;
mod glyph_masks;
pub mod graph_data;
pub mod html;
mod marks;
pub mod matrix;
pub mod png;
pub mod raster;
pub mod ron_text;
pub mod svg;

use std::io::Write as _;
use std::path::Path;

use ecolor::Color32;
use emath::{Pos2, Rect, Vec2, pos2, vec2};

pub use self::format::{Format, FormatKind};
use crate::scene::{Scene, SceneEdge, SceneNode};
use crate::style::{self, Pattern, stroke_pattern};

/// Space around everything, in CSS pixels.
pub const MARGIN: f32 = 24.0;

/// Title font size.
pub const TITLE_SIZE: f32 = 20.0;

/// Legend and footer font size.
pub const SMALL_SIZE: f32 = style::LEGEND_TEXT;

/// Height of a footer line.
pub const FOOTER_LINE: f32 = 17.0;

/// The largest image side stancemap draws, in pixels (Graphviz silently caps near 4000).
pub const MAX_SIDE: u32 = 32_000;

/// The largest image stancemap draws, in pixels (about 1 GiB of RGBA).
pub const MAX_PIXELS: u64 = 260_000_000;

/// A whole-graph export with no size asked for draws the graph at most this wide or tall (CSS px).
const NATURAL_MAX_SIDE: f32 = 6000.0;

/// … and, zooming in up to 1.5×, at least this wide or tall.
const NATURAL_MIN_SIDE: f32 = 900.0;

/// Which part of the scene a snapshot shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extent {
    /// Everything visible, fit to its bounds with labels included (or to a requested size).
    WholeGraph,

    /// Exactly what the graph view shows: the world point at its centre, its zoom (points per
    /// world unit) and its size in points.
    View {
        /// World point at the centre of the view.
        center: Pos2,
        /// Points per world unit.
        zoom: f32,
        /// Size of the view in points.
        size: Vec2,
    },
}

/// How to draw a snapshot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportOptions {
    /// Which part of the scene.
    pub extent: Extent,
    /// Width of the page in CSS pixels (whole-graph snapshots only).
    pub width: Option<u32>,
    /// Height of the page in CSS pixels (whole-graph snapshots only).
    pub height: Option<u32>,
    /// Pixels per CSS pixel: 2 for a sharp slide, 300/96 for print at 300 dpi.
    pub scale: f32,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            extent: Extent::WholeGraph,
            width: None,
            height: None,
            scale: 1.0,
        }
    }
}

/// Why a snapshot could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file name's extension names no format.
    #[error(
        "cannot tell the format from {path:?}: name the file {}",
        Format::extension_list()
    )]
    UnknownFormat {
        /// The file name.
        path: String,
    },

    /// A format that is not a picture was asked to draw a page.
    #[error("{format} is not a picture format")]
    NotAPicture {
        /// The format's name.
        format: &'static str,
    },

    /// Data could not be written.
    #[error("cannot write the {format}: {reason}")]
    Data {
        /// The format's name.
        format: &'static str,
        /// Why.
        reason: String,
    },

    /// A picture format was asked to write data.
    #[error("{format} is a picture: it is drawn from a page, not written from rows")]
    NotData {
        /// The format's name.
        format: &'static str,
    },

    /// The image would be too large to draw.
    #[error(
        "the image would be {width}×{height} pixels; stancemap draws at most {MAX_SIDE} pixels a side and {MAX_PIXELS} in all (lower the scale or the size)"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
    },

    /// The rasteriser failed.
    #[error("cannot draw the PNG: {reason}")]
    Render {
        /// What went wrong.
        reason: String,
    },

    /// The file could not be written.
    #[error("cannot write the image: {reason}: {path}")]
    Write {
        /// Where.
        path: String,
        /// What the operating system said.
        reason: String,
    },
}

/// A snapshot laid out on a page, in CSS pixels. Both painters draw from this.
#[derive(Clone, Debug)]
pub struct Page<'a> {
    /// What is drawn.
    pub scene: &'a Scene,
    /// The dataset's title, at the top.
    pub title: String,
    /// Footer lines: the active filter, then where the quotes come from.
    pub footer: Vec<String>,
    /// CSS pixels per world unit.
    pub zoom: f32,
    /// Where the graph goes on the page.
    pub graph_rect: Rect,
    /// The world point drawn at the centre of `graph_rect`.
    pub world_center: Pos2,
    /// Which labels are drawn (same rule as the screen).
    pub labels: Vec<bool>,
    /// Which nodes are drawn (all, or those in the view).
    pub nodes: Vec<bool>,
    /// Which edges are drawn.
    pub edges: Vec<bool>,
    /// Legend item positions (top-left of each item) on the page.
    pub legend: Vec<Pos2>,
    /// Top of the footer.
    pub footer_top: f32,
    /// Page size in CSS pixels.
    pub size: Vec2,
    /// Pixels per CSS pixel.
    pub scale: f32,
    /// Whether the graph must be clipped to its area (a view export; a whole graph fits).
    pub clipped: bool,
}

/// Where a node's label goes on a page, in page units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// Its backdrop (corners rounded by [`LABEL_CORNER`]).
    pub backdrop: Rect,
    /// Every line is centred on this.
    pub center_x: f32,
    /// The first line's baseline; each next line is `line_height` lower.
    pub baseline: f32,
    /// The font size.
    pub points: f32,
    /// From one line to the next.
    pub line_height: f32,
}

/// The corner radius of a label's backdrop, in page units.
pub const LABEL_CORNER: f32 = 3.0;

/// An edge exactly as both painters stroke it, in page coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeStroke {
    /// The scene edge.
    pub index: usize,
    /// First end (the pattern starts here).
    pub a: Pos2,
    /// Second end.
    pub b: Pos2,
    /// Colour, with its alpha.
    pub color: Color32,
    /// Stroke width (for dots, their diameter).
    pub width: f32,
    /// How the stroke repeats.
    pub pattern: Pattern,
}

impl<'a> Page<'a> {
    /// The edges drawn on this page, in paint order, with their final look: the same rule for
    /// SVG and PNG (and the screen's `edge_look`), so the two images cannot disagree.
    pub fn edge_strokes(&self) -> impl Iterator<Item = EdgeStroke> + '_ {
        self.edge_strokes_where(|_| true)
    }

    /// [`Self::edge_strokes`] of the edges `keep` accepts, picked before any is measured.
    pub fn edge_strokes_where<'p>(
        &'p self,
        keep: impl Fn(&SceneEdge) -> bool + 'p,
    ) -> impl Iterator<Item = EdgeStroke> + 'p {
        let scene = self.scene;
        scene.edge_paint_order().iter().filter_map(move |&i| {
            let edge = &scene.edges[i];
            if !keep(edge) {
                return None;
            }
            let a = self.to_page(scene.nodes[edge.from].center);
            let b = self.to_page(scene.nodes[edge.to].center);
            // An edge between two nodes outside a view export is drawn only if it crosses it.
            let shown = self.edges[i]
                && (self.nodes[edge.from]
                    || self.nodes[edge.to]
                    || self.graph_rect.intersects(Rect::from_two_pos(a, b)));
            if !shown {
                return None;
            }
            let (color, width) = scene.edge_look(edge, self.zoom, false);
            let (width, pattern) = stroke_pattern(width, style::dash_at(edge.dash, width));
            Some(EdgeStroke {
                index: i,
                a,
                b,
                color,
                width,
                pattern,
            })
        })
    }

    /// A world point on the page.
    pub fn to_page(&self, world: Pos2) -> Pos2 {
        self.graph_rect.center() + (world - self.world_center) * self.zoom
    }

    /// The nodes drawn, in paint order: index, node, look and centre on the page.
    pub fn drawn_nodes(
        &self,
    ) -> impl Iterator<Item = (usize, &'a SceneNode, style::NodeLook, Pos2)> + '_ {
        let scene: &'a Scene = self.scene;
        scene
            .nodes
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.nodes[i])
            .map(|(i, node)| {
                (
                    i,
                    node,
                    scene.node_look(node, self.zoom),
                    self.to_page(node.center),
                )
            })
    }

    /// The labels drawn, in paint order: index, node, look and where the label goes.
    pub fn drawn_labels(
        &self,
    ) -> impl Iterator<Item = (usize, &'a SceneNode, style::NodeLook, LabelBox)> + '_ {
        let scene: &'a Scene = self.scene;
        scene
            .nodes
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.labels[i] && self.nodes[i])
            .map(|(i, node)| (i, node, scene.node_look(node, self.zoom), self.label_box(i)))
    }

    /// Where node `i`'s label goes: its backdrop, the centre of its lines and its first
    /// baseline, in page units.
    pub fn label_box(&self, i: usize) -> LabelBox {
        use crate::style::{LABEL_LINE_HEIGHT, LABEL_SIZE};
        let node = &self.scene.nodes[i];
        let points = self.scene.label_points_of(node, self.zoom);
        let line_height = points / LABEL_SIZE * LABEL_LINE_HEIGHT;
        let rect = self.scene.label_rect_at(node, self.zoom);
        let center_x = self.to_page(rect.center()).x;
        let top = self.to_page(rect.min).y;
        let lines = self.scene.label_lines_at(node, self.zoom);
        let widest = lines
            .iter()
            .map(|l| font::text_width(l, points))
            .fold(0.0, f32::max);
        LabelBox {
            backdrop: Rect::from_min_size(
                pos2(center_x - widest / 2.0 - 2.0, top),
                vec2(widest + 4.0, line_height * lines.len() as f32),
            ),
            center_x,
            baseline: top + font::ascent(points) + (line_height - points * 1.2).max(0.0) / 2.0,
            points,
            line_height,
        }
    }

    /// The size of the image in pixels.
    pub fn pixel_size(&self) -> (u64, u64) {
        (
            (self.size.x * self.scale).round().max(1.0) as u64,
            (self.size.y * self.scale).round().max(1.0) as u64,
        )
    }

    /// Every character drawn as text that the bundled font lacks (PNGs leave them out).
    pub fn missing_glyphs(&self) -> Vec<char> {
        let mut missing = std::collections::BTreeSet::new();
        let mut check = |text: &str| missing.extend(text.chars().filter(|&c| !font::covers(c)));
        check(&self.title);
        for line in &self.footer {
            check(line);
        }
        for (node, &shown) in self.scene.nodes.iter().zip(&self.labels) {
            if shown {
                for line in self.scene.label_lines_at(node, self.zoom).iter() {
                    check(line);
                }
            }
        }
        missing.into_iter().collect()
    }
}

/// SVG viewers without the Ubuntu font substitute a wider one (`DejaVu Sans` is ~15% wider):
/// page furniture is measured with this much room so it is not cut or crowded there.
const FALLBACK_FONT_ROOM: f32 = 1.18;

fn legend_layout(scene: &Scene, max_width: f32) -> (Vec<Pos2>, Vec2) {
    style::legend_layout(&scene.legend, max_width, |label| {
        font::text_width(label, SMALL_SIZE) * FALLBACK_FONT_ROOM
    })
}

/// Which labels show at a zoom, and the bounds (in world units) of the nodes and those labels.
fn extent_at(scene: &Scene, zoom: f32) -> (Vec<bool>, Rect) {
    let labels = scene.visible_labels(zoom, None);
    let mut bounds = Rect::NOTHING;
    for (node, &label) in scene.nodes.iter().zip(&labels) {
        let look = scene.node_look(node, zoom);
        let reach = (look.radius + style::SELECTION_RING_GAP + style::SELECTION_RING_WIDTH) / zoom;
        bounds = bounds.union(Rect::from_center_size(
            node.center,
            Vec2::splat(2.0 * reach),
        ));
        if label {
            bounds = bounds.union(scene.label_rect_at(node, zoom));
        }
    }
    // The frames of a stance picture, with their outline, and their captions (set in points:
    // a caption's width in world units depends on the zoom).
    for group in &scene.groups {
        bounds = bounds.union(group.frame.expand(2.0 / zoom));
        let (backdrop, _, _) = group.caption_box(Pos2::ZERO, zoom);
        bounds = bounds.union(Rect::from_min_max(
            group.caption_at + backdrop.min.to_vec2() / zoom,
            group.caption_at + backdrop.max.to_vec2() / zoom,
        ));
    }
    (labels, bounds)
}

/// Lays a snapshot out on a page.
pub fn page<'a>(
    scene: &'a Scene,
    title: &str,
    footer: Vec<String>,
    options: &ExportOptions,
) -> Page<'a> {
    let title_height = TITLE_SIZE * 1.4;
    let chrome = |legend_height: f32| {
        MARGIN
            + title_height
            + 12.0
            + 16.0
            + legend_height
            + 8.0
            + footer.len() as f32 * FOOTER_LINE
            + MARGIN
    };
    let text_width = FALLBACK_FONT_ROOM
        * font::text_width(title, TITLE_SIZE).max(
            footer
                .iter()
                .map(|l| font::text_width(l, SMALL_SIZE))
                .fold(0.0, f32::max),
        );

    let (zoom, world_center, graph_size, labels, nodes, edges, page_width) = match options.extent {
        Extent::View { center, zoom, size } => {
            let view = Rect::from_center_size(center, size / zoom);
            let labels = scene.visible_labels(zoom, Some(view));
            let nodes: Vec<bool> = scene
                .nodes
                .iter()
                .map(|n| {
                    view.expand(n.radius.max(style::MIN_NODE_POINTS / zoom) * 2.0)
                        .contains(n.center)
                })
                .collect();
            let edges = vec![true; scene.edges.len()];
            (
                zoom,
                center,
                size,
                labels,
                nodes,
                edges,
                size.x + 2.0 * MARGIN,
            )
        }
        Extent::WholeGraph => {
            let (_, natural) = extent_at(scene, 1.0);
            let natural = if natural.is_finite() {
                natural
            } else {
                Rect::from_center_size(Pos2::ZERO, Vec2::splat(100.0))
            };
            let page_width = options.width.map(|w| w as f32);
            let page_height = options.height.map(|h| h as f32);
            // The zoom that fits the bounds into the space left; labels keep their on-screen
            // size, so the bounds depend on the zoom: settle it in a few rounds.
            let mut zoom = 1.0_f32;
            let mut bounds = natural;
            let mut labels = Vec::new();
            for _ in 0..4 {
                let (l, b) = extent_at(scene, zoom);
                labels = l;
                bounds = b;
                let legend_width =
                    page_width.unwrap_or(bounds.width() * zoom + 2.0 * MARGIN) - 2.0 * MARGIN;
                let legend_height = legend_layout(scene, legend_width.max(200.0)).1.y;
                let fit_w =
                    page_width.map(|w| (w - 2.0 * MARGIN).max(10.0) / bounds.width().max(1.0));
                let fit_h = page_height
                    .map(|h| (h - chrome(legend_height)).max(10.0) / bounds.height().max(1.0));
                let next = match (fit_w, fit_h) {
                    (Some(w), Some(h)) => w.min(h),
                    (Some(w), None) => w,
                    (None, Some(h)) => h,
                    // No size asked: small graphs are drawn a little larger than on screen
                    // (up to 1.5 points per unit), large ones at most NATURAL_MAX_SIDE wide.
                    (None, None) => {
                        let side = bounds.width().max(bounds.height()).max(1.0) * zoom;
                        let natural_zoom = zoom * NATURAL_MIN_SIDE / side;
                        natural_zoom
                            .clamp(1.0, 1.5)
                            .min(zoom * NATURAL_MAX_SIDE / side)
                    }
                };
                if (next - zoom).abs() < zoom * 0.002 {
                    break;
                }
                zoom = next;
            }
            let (l, b) = extent_at(scene, zoom);
            labels = if l.is_empty() { labels } else { l };
            bounds = if b.is_finite() { b } else { bounds };
            let graph_size = bounds.size() * zoom;
            let nodes = vec![true; scene.nodes.len()];
            let edges = vec![true; scene.edges.len()];
            let page_width = page_width.unwrap_or(graph_size.x + 2.0 * MARGIN);
            (
                zoom,
                bounds.center(),
                graph_size,
                labels,
                nodes,
                edges,
                page_width,
            )
        }
    };
    let page_width = match (options.extent, options.width) {
        (Extent::WholeGraph, Some(w)) => w as f32,
        _ => page_width.max(text_width + 2.0 * MARGIN).ceil(),
    };
    let (legend_offsets, legend_size) = legend_layout(scene, page_width - 2.0 * MARGIN);
    let natural_height = chrome(legend_size.y) + graph_size.y;
    let page_height = match (options.extent, options.height) {
        (Extent::WholeGraph, Some(h)) => h as f32,
        _ => natural_height.ceil(),
    };
    // The graph area fills what the title, legend and footer leave; the graph sits centred in it.
    let graph_top = MARGIN + title_height + 12.0;
    let graph_bottom =
        page_height - (MARGIN + footer.len() as f32 * FOOTER_LINE + 8.0 + legend_size.y + 16.0);
    let graph_rect = Rect::from_min_max(
        pos2(MARGIN, graph_top),
        pos2(page_width - MARGIN, graph_bottom.max(graph_top + 1.0)),
    );
    let graph_rect = match options.extent {
        Extent::View { size, .. } => Rect::from_min_size(graph_rect.min, size),
        Extent::WholeGraph => graph_rect,
    };
    let legend_top = graph_rect.max.y + 16.0;
    let legend = legend_offsets
        .into_iter()
        .map(|o| pos2(MARGIN + o.x, legend_top + o.y))
        .collect();
    Page {
        scene,
        title: title.to_owned(),
        footer_top: legend_top + legend_size.y + 8.0,
        footer,
        zoom,
        graph_rect,
        world_center,
        labels,
        nodes,
        edges,
        legend,
        size: vec2(page_width, page_height),
        scale: options.scale,
        clipped: matches!(options.extent, Extent::View { .. }),
    }
}

/// Draws a page in a picture format.
pub fn render(page: &Page<'_>, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Svg => Ok(svg::render(page).into_bytes()),
        Format::Png => png::render(page),
        Format::Html | Format::Csv | Format::Graphml | Format::Gexf => {
            Err(ExportError::NotAPicture {
                format: format.name(),
            })
        }
    }
}

/// Draws a page in a picture format straight into `path` (atomically, as [`write_atomic`]); a
/// PNG is written as it is drawn, so a big one is never held in memory whole. Returns the
/// file's size in bytes.
pub fn save(page: &Page<'_>, format: Format, path: &Path) -> Result<u64, ExportError> {
    if format != Format::Png {
        let bytes = render(page, format)?;
        write_atomic(path, &bytes)?;
        return Ok(bytes.len() as u64);
    }
    let mut written = 0;
    write_atomic_with(path, &mut |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        png::render_to(page, &mut out)?;
        out.flush().map_err(|e| ExportError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        written = out.get_ref().metadata().map_or(0, |m| m.len());
        Ok(())
    })?;
    Ok(written)
}

/// Writes bytes to `path` atomically: into a temporary file in the same folder, flushed to
/// disk, then renamed over the target. A failure leaves no partial file and the old file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomic_with(path, &mut |file| {
        file.write_all(bytes).map_err(|e| ExportError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    })
}

/// Writes `path` atomically with `fill`, which writes the contents into the temporary file
/// (see [`crate::model::write_atomic`]).
fn write_atomic_with(
    path: &Path,
    fill: &mut dyn FnMut(&mut std::fs::File) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    // The fill's own error is kept as it is; the file system's is reported as a write error.
    let mut failed = None;
    let written = crate::model::write_atomic(path, &mut |file| {
        fill(file).map_err(|e| {
            failed = Some(e);
            std::io::Error::other("the contents could not be written")
        })
    });
    match (written, failed) {
        (_, Some(error)) => Err(error),
        (Err(e), None) => Err(ExportError::Write {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
        (Ok(()), None) => Ok(()),
    }
}
