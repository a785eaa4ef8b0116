//! The SVG painter: a page as SVG text. Every user string is escaped; text stays text.

use std::fmt::Write as _;

use ecolor::Color32;
use emath::{Pos2, vec2};

use super::{FOOTER_LINE, MARGIN, Page, SMALL_SIZE, TITLE_SIZE, font};
use crate::graph::Node;
use crate::scene::EdgeKind;
use crate::style::{
    self, LEGEND_ROW, LegendItem, NODE_STROKE, Pattern, SELECTION_RING_GAP, SELECTION_RING_WIDTH,
    Shape, polygon_points, stroke_pattern,
};

mod groups;

/// Escapes text for XML content and attribute values. Characters XML 1.0 forbids (most
/// control characters) become U+FFFD, so the file always parses.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text content for SVG: escaped, and each run drawn by a font other than the first in a
/// `tspan` naming that font's family, so every viewer and resvg draw it with the font it was
/// measured in (resvg's own fallback gives up on a line mixing Arabic and Chinese).
pub fn text_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (font, run) in crate::text::font_runs(text) {
        match font {
            Some(font) if !crate::text::is_first(font) => {
                let _ = write!(
                    out,
                    "<tspan font-family=\"'{}'\">{}</tspan>",
                    escape(&font.family.replace('\'', "")),
                    escape(run)
                );
            }
            _ => out.push_str(&escape(run)),
        }
    }
    out
}

/// The opening `<svg>` tag of a page `size` CSS pixels large drawn at `scale` pixels each,
/// with the fonts text asks for, and `attributes` (a leading space each) for the element.
pub(super) fn open_svg(out: &mut String, size: emath::Vec2, scale: f32, attributes: &str) {
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{attributes} width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {:.0} {:.0}\" font-family=\"{}\" font-weight=\"{}\">",
        size.x * scale,
        size.y * scale,
        size.x,
        size.y,
        font::SVG_FAMILIES,
        font::WEIGHT
    );
}

/// `#rrggbb` and an opacity attribute (empty when opaque) for a colour.
/// A colour as an SVG paint attribute (with its opacity when not opaque).
pub(super) fn paint(attribute: &str, color: Color32) -> String {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    let mut out = format!("{attribute}=\"#{r:02x}{g:02x}{b:02x}\"");
    if a < 255 {
        let _ = write!(out, " {attribute}-opacity=\"{:.3}\"", f32::from(a) / 255.0);
    }
    out
}

/// The SVG id of a node: `actor-merz`, `issue-ground-troops`.
pub fn node_id(page: &Page<'_>, index: usize) -> String {
    let node = &page.scene.nodes[index];
    match node.node {
        Node::Actor(_) => format!("actor-{}", node.id),
        Node::Issue(_) => format!("issue-{}", node.id),
    }
}

/// The SVG id of an edge: `position-12` (its place in the file, from 1) or
/// `represents-merz-germany`, or a tie of the agreement network: `tie-france-germany`.
pub fn edge_id(page: &Page<'_>, index: usize) -> String {
    let edge = &page.scene.edges[index];
    match edge.kind {
        EdgeKind::Position(position, _) => format!("position-{}", position.0 + 1),
        EdgeKind::Represents => format!(
            "represents-{}-{}",
            page.scene.nodes[edge.from].id, page.scene.nodes[edge.to].id
        ),
        EdgeKind::Tie(..) => format!(
            "tie-{}-{}",
            page.scene.nodes[edge.from].id, page.scene.nodes[edge.to].id
        ),
    }
}

/// The attributes of a stroke pattern (empty when solid).
fn pattern_attributes(pattern: Pattern) -> String {
    match pattern {
        Pattern::Solid => String::new(),
        Pattern::Dashed { on, off } => format!(" stroke-dasharray=\"{on:.2} {off:.2}\""),
        // Round caps on zero-length dashes draw dots, as the screen does.
        Pattern::Dots { period } => {
            format!(" stroke-linecap=\"round\" stroke-dasharray=\"0 {period:.2}\"")
        }
    }
}

fn line(
    out: &mut String,
    id: Option<&str>,
    a: Pos2,
    b: Pos2,
    color: Color32,
    width: f32,
    pattern: Pattern,
) {
    let id = id
        .map(|id| format!(" id=\"{}\"", escape(id)))
        .unwrap_or_default();
    let pattern = pattern_attributes(pattern);
    let _ = writeln!(
        out,
        "<line{id} x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" {} stroke-width=\"{width:.2}\"{pattern}/>",
        a.x,
        a.y,
        b.x,
        b.y,
        paint("stroke", color)
    );
}

fn shape(
    out: &mut String,
    id: Option<&str>,
    kind: Shape,
    center: Pos2,
    r: f32,
    fill: Color32,
    stroke: Color32,
) {
    let id = id
        .map(|id| format!(" id=\"{}\"", escape(id)))
        .unwrap_or_default();
    let style = format!(
        "{} {} stroke-width=\"{NODE_STROKE}\"",
        paint("fill", fill),
        paint("stroke", stroke)
    );
    let polygon = |points: &[Pos2]| {
        points
            .iter()
            .map(|p| format!("{:.2},{:.2}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = match kind {
        Shape::Circle => writeln!(
            out,
            "<circle{id} cx=\"{:.2}\" cy=\"{:.2}\" r=\"{r:.2}\" {style}/>",
            center.x, center.y
        ),
        Shape::Square => {
            let side = r * 1.7;
            writeln!(
                out,
                "<rect{id} x=\"{:.2}\" y=\"{:.2}\" width=\"{side:.2}\" height=\"{side:.2}\" rx=\"{:.2}\" {style}/>",
                center.x - side / 2.0,
                center.y - side / 2.0,
                (r * 0.3).floor()
            )
        }
        Shape::Diamond | Shape::Triangle | Shape::Hexagon => {
            let points = polygon_points(kind, center, r).unwrap_or_default();
            writeln!(
                out,
                "<polygon{id} points=\"{}\" {style}/>",
                polygon(&points)
            )
        }
    };
}

/// A line of text whose top is at `top`.
pub(super) fn text(
    out: &mut String,
    x: f32,
    top: f32,
    size: f32,
    anchor: &str,
    color: Color32,
    content: &str,
) {
    let _ = writeln!(
        out,
        "<text x=\"{x:.2}\" y=\"{:.2}\" font-size=\"{size:.2}\" text-anchor=\"{anchor}\" {}>{}</text>",
        top + font::ascent(size),
        paint("fill", color),
        text_content(content)
    );
}

/// Starts a page of its own (the matrix's, the balance's): the XML prolog, the `<svg>` of
/// `size` CSS pixels at `scale`, the background and the title at the top left.
pub(super) fn open_page(
    out: &mut String,
    size: emath::Vec2,
    scale: f32,
    palette: &crate::style::Palette,
    title: &str,
) {
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    open_svg(out, size, scale, "");
    let _ = writeln!(
        out,
        "<rect width=\"{:.0}\" height=\"{:.0}\" {}/>",
        size.x,
        size.y,
        paint("fill", palette.background)
    );
    text(
        out,
        super::MARGIN,
        super::MARGIN,
        super::TITLE_SIZE,
        "start",
        palette.text,
        title,
    );
}

/// The footer lines of such a page, the first at `top`, and the end of the `<svg>`.
pub(super) fn close_page(out: &mut String, top: f32, footer: &[String], color: Color32) {
    for (k, line) in footer.iter().enumerate() {
        text(
            out,
            super::MARGIN,
            top + k as f32 * super::FOOTER_LINE,
            super::SMALL_SIZE,
            "start",
            color,
            line,
        );
    }
    let _ = writeln!(out, "</svg>");
}

/// Which parts of the page an SVG holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layers {
    /// The whole page.
    All,
    /// The title, legend and footer on a transparent page: the PNG painter draws the rest
    /// itself (`export::marks`).
    Chrome,
    /// The whole page, looking exactly like [`Layers::All`], as the HTML snapshot embeds it:
    /// no XML prolog; the edges of each issue and stance as one path (a page of 70,000 edges
    /// stays light, and a filter shows or hides a whole group); each node a focusable element
    /// named like the window's node widgets ("Leader: Friedrich Merz").
    Interactive,
}

/// The page as an SVG document.
pub fn render(page: &Page<'_>) -> String {
    render_layers(page, Layers::All)
}

/// Some layers of the page as an SVG document.
pub fn render_layers(page: &Page<'_>, layers: Layers) -> String {
    render_layers_within(page, layers, None)
}

/// Some layers of the page as an SVG document, keeping only the nodes and labels that reach
/// into rows `window` (top and bottom, in page units) when one is given; the title, legend and
/// footer are always kept. The PNG painter draws a big page band by band from such pieces, so
/// no band holds the whole page's shapes in memory.
pub fn render_layers_within(page: &Page<'_>, layers: Layers, window: Option<(f32, f32)>) -> String {
    let reaches = |top: f32, bottom: f32| window.is_none_or(|(y0, y1)| bottom >= y0 && top <= y1);
    let scene = page.scene;
    let palette = scene.theme.palette();
    let (width, height) = (page.size.x, page.size.y);
    let interactive = layers == Layers::Interactive;
    let mut out = String::with_capacity(4096 + scene.edges.len() * 160 + scene.nodes.len() * 300);
    if !interactive {
        let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }
    open_svg(
        &mut out,
        page.size,
        page.scale,
        if interactive {
            " id=\"map-svg\" role=\"group\" aria-label=\"Map\""
        } else {
            ""
        },
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&page.title));
    if layers != Layers::Chrome {
        let _ = writeln!(
            out,
            "<rect width=\"{width:.0}\" height=\"{height:.0}\" {}/>",
            paint("fill", palette.background)
        );
    }
    text(
        &mut out,
        MARGIN,
        MARGIN,
        TITLE_SIZE,
        "start",
        palette.text,
        &page.title,
    );

    if layers != Layers::Chrome {
        graph_group(&mut out, page, layers, &reaches);
    }
    // Above the graph in every layer set: the PNG painter leaves them to resvg.
    groups::stance_groups(&mut out, page);

    let _ = writeln!(out, "<g id=\"legend\">");
    for (item, &at) in scene.legend.iter().zip(&page.legend) {
        let y = at.y + LEGEND_ROW / 2.0;
        let icon = Pos2::new(at.x + 11.0, y);
        let label = match item {
            LegendItem::Node {
                shape: kind,
                fill,
                stroke,
                label,
            } => {
                shape(&mut out, None, *kind, icon, 6.0, *fill, *stroke);
                label.as_ref()
            }
            LegendItem::Edge {
                color,
                width,
                dash,
                label,
            } => {
                let (width, pattern) = stroke_pattern(*width, *dash);
                line(
                    &mut out,
                    None,
                    icon - vec2(10.0, 0.0),
                    icon + vec2(10.0, 0.0),
                    *color,
                    width,
                    pattern,
                );
                label.as_ref()
            }
            LegendItem::Change { color, label } => {
                line(
                    &mut out,
                    None,
                    icon - vec2(10.0, 0.0),
                    icon + vec2(10.0, 0.0),
                    *color,
                    1.0,
                    Pattern::Solid,
                );
                let (radius, outline) = style::change_ring(1.0);
                let _ = writeln!(
                    out,
                    "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{radius:.2}\" {} {} stroke-width=\"{outline:.2}\"/>",
                    icon.x,
                    icon.y,
                    paint("fill", palette.label_backdrop),
                    paint("stroke", *color),
                );
                label.as_ref()
            }
        };
        text(
            &mut out,
            icon.x + 16.0,
            y - SMALL_SIZE * 0.6,
            SMALL_SIZE,
            "start",
            palette.text,
            label,
        );
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, "<g id=\"footer\">");
    for (k, footer_line) in page.footer.iter().enumerate() {
        let top = page.footer_top + k as f32 * FOOTER_LINE;
        text(
            &mut out,
            MARGIN,
            top,
            SMALL_SIZE,
            "start",
            palette.weak_text,
            footer_line,
        );
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, "</svg>");
    out
}

/// A clip path named `id` to a rectangle.
fn clip_path(out: &mut String, id: &str, area: emath::Rect) {
    let _ = writeln!(
        out,
        "<defs><clipPath id=\"{id}\"><rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\"/></clipPath></defs>",
        area.min.x,
        area.min.y,
        area.width(),
        area.height()
    );
}

/// The graph: its clip, edges (with the rings of changed stances), nodes and labels.
fn graph_group(
    out: &mut String,
    page: &Page<'_>,
    layers: Layers,
    reaches: &dyn Fn(f32, f32) -> bool,
) {
    let scene = page.scene;
    let palette = scene.theme.palette();
    let interactive = layers == Layers::Interactive;
    clip_path(out, "graph-area", page.graph_rect);
    // Only a view export can reach past its area; a clip makes resvg paint the group into an
    // off-screen layer the size of the page, so whole-graph pages go without.
    if page.clipped {
        let _ = writeln!(out, "<g id=\"graph\" clip-path=\"url(#graph-area)\">");
    } else {
        let _ = writeln!(out, "<g id=\"graph\">");
    }

    if interactive {
        edge_groups(out, page);
    } else {
        let _ = writeln!(out, "<g id=\"edges\">");
        for stroke in page.edge_strokes() {
            line(
                out,
                Some(&edge_id(page, stroke.index)),
                stroke.a,
                stroke.b,
                stroke.color,
                stroke.width,
                stroke.pattern,
            );
            // A ring at the middle of a pair whose stance changed, as on screen.
            if scene.edges[stroke.index].changed {
                change_ring(out, &stroke, palette.background);
            }
        }
        let _ = writeln!(out, "</g>");
    }

    let _ = writeln!(out, "<g id=\"nodes\">");
    for (i, node, look, center) in page.drawn_nodes() {
        let reach = look.radius + SELECTION_RING_GAP + SELECTION_RING_WIDTH + NODE_STROKE;
        if !reaches(center.y - reach, center.y + reach) {
            continue;
        }
        if interactive {
            let name = escape(&node.accessible_name());
            let _ = write!(
                out,
                "<g class=\"node\" data-n=\"{i}\" tabindex=\"0\" role=\"button\" aria-label=\"{name}\"><title>{name}</title>"
            );
        }
        shape(
            out,
            Some(&node_id(page, i)),
            node.shape,
            center,
            look.radius,
            look.fill,
            look.stroke,
        );
        if let Some(ring) = look.ring {
            let _ = writeln!(
                out,
                "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{:.2}\" fill=\"none\" {} stroke-width=\"{SELECTION_RING_WIDTH}\"/>",
                center.x,
                center.y,
                look.radius + SELECTION_RING_GAP,
                paint("stroke", ring)
            );
        }
        if interactive {
            let _ = writeln!(out, "</g>");
        }
    }
    let _ = writeln!(out, "</g>");

    // The nodes carry their names; screen readers skip the labels drawn for the eye.
    let _ = writeln!(
        out,
        "<g id=\"labels\"{}>",
        if interactive {
            " aria-hidden=\"true\""
        } else {
            ""
        }
    );
    for (i, node, look, label) in page.drawn_labels() {
        let backdrop = label.backdrop;
        if !reaches(backdrop.min.y, backdrop.max.y) {
            continue;
        }
        let _ = writeln!(
            out,
            "<g id=\"label-{}\" data-n=\"{i}\"><rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" rx=\"{}\" {}/>",
            escape(&node_id(page, i)),
            backdrop.min.x,
            backdrop.min.y,
            backdrop.width(),
            backdrop.height(),
            super::LABEL_CORNER,
            paint("fill", look.backdrop)
        );
        let _ = write!(
            out,
            "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"{:.2}\" text-anchor=\"middle\" {}>",
            label.center_x,
            label.baseline,
            label.points,
            paint("fill", look.text)
        );
        for (row, line) in page
            .scene
            .label_lines_at(node, page.zoom)
            .iter()
            .enumerate()
        {
            let dy = if row == 0 { 0.0 } else { label.line_height };
            let _ = write!(
                out,
                "<tspan x=\"{:.2}\" dy=\"{dy:.2}\">{}</tspan>",
                label.center_x,
                text_content(line)
            );
        }
        let _ = writeln!(out, "</text></g>");
    }
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, "</g>");
}

/// The ring at the middle of an edge whose pair's stance changed, as on screen.
fn change_ring(out: &mut String, stroke: &super::EdgeStroke, background: Color32) {
    let middle = stroke.a.lerp(stroke.b, 0.5);
    let (radius, outline) = style::change_ring(stroke.width);
    let _ = writeln!(
        out,
        "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{radius:.2}\" {} {} stroke-width=\"{outline:.2}\"/>",
        middle.x,
        middle.y,
        paint("fill", background),
        paint("stroke", stroke.color),
    );
}

/// The edges as the HTML snapshot draws them: one `<g class="edges">` per issue and stance
/// (`data-i` the issue's node, `data-s` the stance's place in `StanceKind::ALL`) holding one
/// path for all its lines and the rings of changed pairs; `represents` links in a group of
/// their own. Groups keep the order of their first edge in the paint order, and a group also
/// splits by look, so the page looks exactly like the SVG export.
fn edge_groups(out: &mut String, page: &Page<'_>) {
    use std::collections::HashMap;

    /// One group: its attributes, path data and rings.
    struct Group {
        data: String,
        color: Color32,
        width: f32,
        pattern: Pattern,
        path: String,
        rings: String,
    }
    let scene = page.scene;
    let palette = scene.theme.palette();
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<(i64, i64, u32, u32), usize> = HashMap::new();
    for stroke in page.edge_strokes() {
        let edge = &scene.edges[stroke.index];
        let (issue, stance) = match edge.kind {
            EdgeKind::Position(_, stance) => {
                let issue = if matches!(scene.nodes[edge.to].node, Node::Issue(_)) {
                    edge.to
                } else {
                    edge.from
                };
                (issue as i64, stance.index() as i64)
            }
            EdgeKind::Represents => (-1, -1),
            EdgeKind::Tie(..) => (-2, -2),
        };
        let key = (
            issue,
            stance,
            u32::from_le_bytes(stroke.color.to_array()),
            stroke.width.to_bits(),
        );
        let k = *index.entry(key).or_insert_with(|| {
            let data = match edge.kind {
                EdgeKind::Position(..) => format!(" data-i=\"{issue}\" data-s=\"{stance}\""),
                EdgeKind::Represents => " data-kind=\"represents\"".to_owned(),
                EdgeKind::Tie(..) => " data-kind=\"tie\"".to_owned(),
            };
            groups.push(Group {
                data,
                color: stroke.color,
                width: stroke.width,
                pattern: stroke.pattern,
                path: String::new(),
                rings: String::new(),
            });
            groups.len() - 1
        });
        let group = &mut groups[k];
        let _ = write!(
            group.path,
            "M{:.1} {:.1}L{:.1} {:.1}",
            stroke.a.x, stroke.a.y, stroke.b.x, stroke.b.y
        );
        if edge.changed {
            change_ring(&mut group.rings, &stroke, palette.background);
        }
    }
    let _ = writeln!(out, "<g id=\"edges\">");
    for group in groups {
        let pattern = pattern_attributes(group.pattern);
        let _ = writeln!(
            out,
            "<g class=\"edges\"{}><path d=\"{}\" fill=\"none\" {} stroke-width=\"{:.2}\"{pattern}/>{}</g>",
            group.data,
            group.path,
            paint("stroke", group.color),
            group.width,
            group.rings
        );
    }
    let _ = writeln!(out, "</g>");
}
