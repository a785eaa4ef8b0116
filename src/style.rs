//! Style in one place: the palette, node shapes, stroke patterns, label metrics and legend
//! geometry that the screen, the SVG and the PNG all draw with. Pure values and functions of
//! the model's kinds; nothing here knows of graphs, scenes or egui.

use std::borrow::Cow;
use std::collections::HashMap;

use ecolor::Color32;
use emath::{Pos2, Vec2, pos2, vec2};

use crate::model::{ActorKind, StanceKind};

pub mod colour;

/// Light or dark colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,

    /// Light text on a dark background.
    Dark,
}

/// How an edge's line is drawn: the non-colour cue for its stance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// A continuous line.
    Solid,

    /// Long dashes.
    Dashed,

    /// Dots.
    Dotted,
}

/// The outline of a node: the non-colour cue for its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Countries.
    Circle,

    /// Leaders.
    Diamond,

    /// Organisations and groups.
    Square,

    /// People (not leaders): members of parliament, officials, experts.
    Triangle,

    /// Issues.
    Hexagon,
}

/// How strongly something is drawn, given the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emphasis {
    /// No selection, or part of it is not decided.
    Normal,

    /// The selected node or edge.
    Selected,

    /// A neighbour of the selection.
    Highlighted,

    /// Outside the selection's neighbourhood.
    Dimmed,
}

/// One row of the legend.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendItem {
    /// A node kind: its shape, colour and name.
    Node {
        /// Shape.
        shape: Shape,
        /// Fill.
        fill: Color32,
        /// Outline.
        stroke: Color32,
        /// "Country", …
        label: Cow<'static, str>,
    },

    /// An edge style: its colour, pattern and name.
    Edge {
        /// Colour.
        color: Color32,
        /// Width.
        width: f32,
        /// Pattern.
        dash: Dash,
        /// "Support", …
        label: Cow<'static, str>,
    },

    /// The ring drawn on an edge whose stance changed over time.
    Change {
        /// Outline colour.
        color: Color32,
        /// "Stance changed".
        label: Cow<'static, str>,
    },
}

/// The ring on an edge whose stance changed over time, at the edge's midpoint: its radius and
/// outline width for a line of this width (screen and exports draw the same ring).
pub fn change_ring(line_width: f32) -> (f32, f32) {
    ((line_width * 1.8).max(3.5), line_width.clamp(1.0, 2.5))
}

/// Colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Canvas background.
    pub background: Color32,
    /// Label text.
    pub text: Color32,
    /// Secondary text (legend notes, footer).
    pub weak_text: Color32,
    /// Backdrop behind labels, so they stay readable over edges.
    pub label_backdrop: Color32,
    /// Outline of the selected node.
    pub selection: Color32,
}

impl Theme {
    /// The theme's colours.
    pub fn palette(self) -> Palette {
        match self {
            Self::Light => Palette {
                background: Color32::from_rgb(0xFB, 0xFB, 0xFA),
                text: Color32::from_rgb(0x1F, 0x23, 0x28),
                weak_text: Color32::from_rgb(0x5F, 0x66, 0x6D),
                label_backdrop: Color32::from_rgba_unmultiplied(0xFB, 0xFB, 0xFA, 0xD0),
                selection: Color32::from_rgb(0x11, 0x11, 0x11),
            },
            Self::Dark => Palette {
                background: Color32::from_rgb(0x1C, 0x1E, 0x22),
                text: Color32::from_rgb(0xE8, 0xE8, 0xE6),
                weak_text: Color32::from_rgb(0xA0, 0xA4, 0xAA),
                label_backdrop: Color32::from_rgba_unmultiplied(0x1C, 0x1E, 0x22, 0xD0),
                selection: Color32::from_rgb(0xF5, 0xF5, 0xF5),
            },
        }
    }

    /// Colour of a stance (Okabe–Ito, safe for the common colour-vision deficiencies).
    pub fn stance_color(self, stance: StanceKind) -> Color32 {
        match (stance, self) {
            (StanceKind::Support, _) => Color32::from_rgb(0x00, 0x9E, 0x73),
            (StanceKind::Reject, _) => Color32::from_rgb(0xD5, 0x5E, 0x00),
            (StanceKind::Condition, _) => Color32::from_rgb(0xE6, 0x9F, 0x00),
            (StanceKind::Neutral, Self::Light) => Color32::from_rgb(0x9A, 0x9A, 0x9A),
            (StanceKind::Neutral, Self::Dark) => Color32::from_rgb(0x8A, 0x8A, 0x8A),
        }
    }

    /// Line width and pattern of a stance: the cue that does not rely on colour.
    pub fn stance_line(stance: StanceKind) -> (f32, Dash) {
        match stance {
            StanceKind::Support => (2.4, Dash::Solid),
            StanceKind::Reject => (2.4, Dash::Dashed),
            StanceKind::Condition => (2.8, Dash::Dotted),
            StanceKind::Neutral => (1.2, Dash::Solid),
        }
    }

    /// Colour of a `represents` link.
    pub fn represents_color(self) -> Color32 {
        match self {
            Self::Light => Color32::from_rgba_unmultiplied(0x60, 0x70, 0x80, 0x70),
            Self::Dark => Color32::from_rgba_unmultiplied(0xB0, 0xB8, 0xC0, 0x60),
        }
    }

    /// Colour that marks a pair a comparison found changed (in the table, the matrix and the
    /// timeline): a violet no stance or node kind uses.
    pub fn marked_color(self) -> Color32 {
        match self {
            Self::Light => Color32::from_rgb(0x7B, 0x3F, 0xBF),
            Self::Dark => Color32::from_rgb(0xB8, 0x8C, 0xEA),
        }
    }

    /// Fill and outline of a node kind.
    pub fn node_colors(self, kind: Option<ActorKind>) -> (Color32, Color32) {
        let fill = match kind {
            Some(ActorKind::Country) => Color32::from_rgb(0x00, 0x72, 0xB2),
            Some(ActorKind::Leader) => Color32::from_rgb(0xCC, 0x79, 0xA7),
            Some(ActorKind::Organization) => Color32::from_rgb(0x56, 0xB4, 0xE9),
            // Olive (Paul Tol's muted scheme): apart from the kinds' blues and pink and from
            // the stances' green, vermillion and orange, and drawn as its own shape.
            Some(ActorKind::Person) => Color32::from_rgb(0x99, 0x99, 0x33),
            None => match self {
                Self::Light => Color32::from_rgb(0x3B, 0x3F, 0x4A),
                Self::Dark => Color32::from_rgb(0xD8, 0xDC, 0xE4),
            },
        };
        let stroke = match self {
            Self::Light => Color32::from_rgb(0xFF, 0xFF, 0xFF),
            Self::Dark => Color32::from_rgb(0x1C, 0x1E, 0x22),
        };
        (fill, stroke)
    }
}

/// The corners of a polygonal node shape (diamond, triangle, hexagon) of radius `r`; `None` for the
/// circle and the rounded square, which painters draw natively.
pub fn polygon_points(shape: Shape, center: Pos2, r: f32) -> Option<Vec<Pos2>> {
    match shape {
        Shape::Diamond => {
            let d = r * 1.15;
            Some(vec![
                center + vec2(0.0, -d),
                center + vec2(d, 0.0),
                center + vec2(0.0, d),
                center + vec2(-d, 0.0),
            ])
        }
        // Pointing up, its corners `1.15 r` from the centre (its sides `0.575 r`).
        Shape::Triangle => {
            let d = r * 1.15;
            Some(vec![
                center + vec2(0.0, -d),
                center + vec2(d * 0.866_025_4, d * 0.5),
                center + vec2(-d * 0.866_025_4, d * 0.5),
            ])
        }
        Shape::Hexagon => Some(
            (0..6)
                .map(|k| {
                    let angle = std::f32::consts::TAU * k as f32 / 6.0;
                    center + vec2(angle.cos(), angle.sin()) * r * 1.1
                })
                .collect(),
        ),
        Shape::Circle | Shape::Square => None,
    }
}

/// Height of one legend row, in points.
pub const LEGEND_ROW: f32 = 20.0;

/// Legend text size, in points.
pub const LEGEND_TEXT: f32 = 12.0;

/// Lays the legend out in rows at most `max_width` wide, measuring labels with `text_width`:
/// each item's offset from the legend's top-left corner, and the legend's size.
pub fn legend_layout(
    legend: &[LegendItem],
    max_width: f32,
    text_width: impl Fn(&str) -> f32,
) -> (Vec<Pos2>, Vec2) {
    let (mut x, mut y, mut widest) = (0.0_f32, 0.0_f32, 0.0_f32);
    let mut offsets = Vec::with_capacity(legend.len());
    for item in legend {
        let label = match item {
            LegendItem::Node { label, .. }
            | LegendItem::Edge { label, .. }
            | LegendItem::Change { label, .. } => label.as_ref(),
        };
        let width = 28.0 + text_width(label) + 14.0;
        if x + width > max_width && x > 0.0 {
            x = 0.0;
            y += LEGEND_ROW;
        }
        offsets.push(pos2(x, y));
        x += width;
        widest = widest.max(x);
    }
    let height = if legend.is_empty() {
        0.0
    } else {
        y + LEGEND_ROW
    };
    (offsets, vec2(widest, height))
}

/// The pattern an edge is drawn with at a line width (points). When its dashes or dots would
/// be too small to tell apart, a plain hairline reads the same (the colour still tells the
/// stance) and costs far less to draw: zoomed far out, thousands of tiny dashes are noise.
pub fn dash_at(dash: Dash, width: f32) -> Dash {
    let resolvable = match dash {
        Dash::Solid => true,
        Dash::Dashed => width * 6.5 >= 6.0,
        Dash::Dotted => width * 2.2 >= 3.0,
    };
    if resolvable { dash } else { Dash::Solid }
}

/// The shape of a node kind.
pub fn kind_shape(kind: Option<ActorKind>) -> Shape {
    match kind {
        Some(ActorKind::Country) => Shape::Circle,
        Some(ActorKind::Leader) => Shape::Diamond,
        Some(ActorKind::Organization) => Shape::Square,
        Some(ActorKind::Person) => Shape::Triangle,
        None => Shape::Hexagon,
    }
}

/// Label font size in world units.
pub const LABEL_SIZE: f32 = 13.0;

/// Line height of labels, in world units.
pub const LABEL_LINE_HEIGHT: f32 = LABEL_SIZE * 1.2;

/// Gap between a node and its label.
/// Line width of a `represents` link, in world units.
pub const REPRESENTS_WIDTH: f32 = 1.2;

/// Gap between a node and its label.
pub const LABEL_GAP: f32 = 4.0;

/// Labels never get smaller than this on screen (points); zoomed far out, fewer labels fit.
pub const MIN_LABEL_POINTS: f32 = 9.0;

/// Labels stop growing at this size on screen (points) when zooming in.
pub const MAX_LABEL_POINTS: f32 = 20.0;

/// The label font size on screen (points) at a zoom (points per world unit).
pub fn label_points(zoom: f32) -> f32 {
    (LABEL_SIZE * zoom).clamp(MIN_LABEL_POINTS, MAX_LABEL_POINTS)
}

/// The smallest drawn node radius, in points, so far-out nodes stay visible.
pub const MIN_NODE_POINTS: f32 = 2.5;

/// Widest label line before it wraps, in world units (about 22 average Latin letters in
/// Ubuntu Light, or 10 Chinese characters).
const WRAP_WIDTH: f32 = 10.2 * LABEL_SIZE;

/// Most lines in a label; longer names end in "…" (the full name is in the tooltip).
const MAX_LABEL_LINES: usize = 4;

/// Whether a line may break before this character without a space (Chinese, Japanese and
/// Korean are set without spaces between words).
fn breaks_anywhere(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Wraps a label into lines at most [`WRAP_WIDTH`] wide, measured in the fonts it is drawn
/// with: at spaces, and between the characters of scripts written without spaces (a word
/// wider than a line stays whole).
pub fn wrap_label(text: &str) -> Vec<String> {
    wrap_measured(text).0
}

/// [`wrap_label`], and the width of the widest line (each line's width is known from the
/// wrapping, which measured it to decide where it ends).
fn wrap_measured(text: &str) -> (Vec<String>, f32) {
    // Pieces and whether a space goes before each.
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    for word in text.split_whitespace() {
        let mut start = 0;
        let mut spaced = true;
        for (at, c) in word.char_indices() {
            if at > start && (breaks_anywhere(c) || word[start..at].chars().any(breaks_anywhere)) {
                pieces.push((spaced, &word[start..at]));
                spaced = false;
                start = at;
            }
        }
        pieces.push((spaced, &word[start..]));
    }
    // Lines with their widths where measured.
    let mut lines: Vec<(String, Option<f32>)> = Vec::new();
    let mut line = String::new();
    let mut line_width = None;
    for (spaced, piece) in pieces {
        if line.is_empty() {
            piece.clone_into(&mut line);
            line_width = None;
            continue;
        }
        let joined = if spaced {
            format!("{line} {piece}")
        } else {
            format!("{line}{piece}")
        };
        let width = crate::text::width(&joined, LABEL_SIZE);
        if width <= WRAP_WIDTH {
            line = joined;
            line_width = Some(width);
        } else {
            lines.push((std::mem::replace(&mut line, piece.to_owned()), line_width));
            line_width = None;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push((line, line_width));
    }
    if lines.len() > MAX_LABEL_LINES {
        lines.truncate(MAX_LABEL_LINES);
        if let Some(last) = lines.last_mut() {
            last.0.push('…');
            last.1 = None;
        }
    }
    let widest = lines
        .iter()
        .map(|(line, width)| width.unwrap_or_else(|| crate::text::width(line, LABEL_SIZE)))
        .fold(0.0, f32::max);
    (lines.into_iter().map(|(line, _)| line).collect(), widest)
}

/// A label's lines and size.
type Label = (Vec<String>, Vec2);

/// Each name wrapped ([`wrap_label`]) and its size ([`label_size`]), in order. A big graph's
/// labels are shaped on every core: measuring 21,000 labels on one thread took 0.14 s. Each
/// name is shaped once per run: the result is kept (a name's width never changes: the text
/// module keeps the font it picked for each character), so the graph, its layout request and
/// its scene rebuilt after an edit re-measure only the names that are new.
pub fn wrapped_labels(names: &[&str]) -> Vec<(Vec<String>, Vec2)> {
    static KEPT: std::sync::OnceLock<std::sync::Mutex<HashMap<String, Label>>> =
        std::sync::OnceLock::new();
    /// Past this many names kept, the memory is given back and the keeping starts again.
    const KEEP_AT_MOST: usize = 400_000;
    let kept = KEPT.get_or_init(Default::default);
    let mut out: Vec<Option<Label>> = {
        let kept = kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        names.iter().map(|n| kept.get(*n).cloned()).collect()
    };
    let missing: Vec<usize> = (0..names.len()).filter(|&i| out[i].is_none()).collect();
    if !missing.is_empty() {
        let new: Vec<&str> = missing.iter().map(|&i| names[i]).collect();
        let made = wrap_all(&new);
        let mut kept = kept
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() + made.len() > KEEP_AT_MOST {
            kept.clear();
        }
        for (&i, label) in missing.iter().zip(made) {
            kept.insert(names[i].to_owned(), label.clone());
            out[i] = Some(label);
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// Each name wrapped and measured, on every core for many.
fn wrap_all(names: &[&str]) -> Vec<(Vec<String>, Vec2)> {
    let wrap = |name: &&str| {
        let (lines, widest) = wrap_measured(name);
        let size = vec2(widest, lines.len() as f32 * LABEL_LINE_HEIGHT);
        (lines, size)
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || names.len() < 2000 {
        return names.iter().map(wrap).collect();
    }
    let chunk = names.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = names
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(wrap).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The size of a wrapped label, in world units: its widest line as the painters set it (the
/// same fonts and shaping), and its lines' height.
pub fn label_size(lines: &[String]) -> Vec2 {
    let widest = lines
        .iter()
        .map(|l| crate::text::width(l, LABEL_SIZE))
        .fold(0.0, f32::max);
    vec2(widest, lines.len() as f32 * LABEL_LINE_HEIGHT)
}

/// The radius of a node with this many positions (issues are drawn larger).
pub fn node_radius(is_issue: bool, degree: usize) -> f32 {
    let base = if is_issue { 13.0 } else { 9.0 };
    base + (degree as f32).sqrt().min(6.0) * 1.4
}

/// Outline width of nodes, in points.
pub const NODE_STROKE: f32 = 1.5;

/// Gap between a selected node and its selection ring, in points.
pub const SELECTION_RING_GAP: f32 = 4.0;

/// Width of the selection ring, in points.
pub const SELECTION_RING_WIDTH: f32 = 2.5;

/// How much of their colour dimmed things keep.
const DIMMED: f32 = 0.28;

/// How a node is drawn at a zoom, in screen points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeLook {
    /// Radius in points.
    pub radius: f32,
    /// Fill colour.
    pub fill: Color32,
    /// Outline colour.
    pub stroke: Color32,
    /// The selection ring's colour, for the selected node.
    pub ring: Option<Color32>,
    /// Label text colour.
    pub text: Color32,
    /// Colour of the backdrop behind the label.
    pub backdrop: Color32,
}

/// A colour as drawn with an emphasis: dimmed things keep a little of it.
pub fn dim(color: Color32, emphasis: Emphasis) -> Color32 {
    match emphasis {
        Emphasis::Dimmed => color.gamma_multiply(DIMMED),
        _ => color,
    }
}

/// How a stroke repeats along its length (SVG `stroke-dasharray` semantics: the pattern
/// starts with a dash at the line's first end).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Pattern {
    /// One unbroken line with butt ends.
    Solid,
    /// Dashes of `on` followed by gaps of `off`, butt ends.
    Dashed {
        /// Dash length.
        on: f32,
        /// Gap length.
        off: f32,
    },
    /// Round dots, one every `period` (zero-length dashes with round caps).
    Dots {
        /// Distance between dot centres.
        period: f32,
    },
}

impl Pattern {
    /// The same pattern with its lengths multiplied by `factor` (page to pixels).
    #[must_use]
    pub fn scaled(self, factor: f32) -> Self {
        match self {
            Self::Solid => Self::Solid,
            Self::Dashed { on, off } => Self::Dashed {
                on: on * factor,
                off: off * factor,
            },
            Self::Dots { period } => Self::Dots {
                period: period * factor,
            },
        }
    }
}

/// The stroke width and pattern of a line drawn `width` wide with a dash style; the legend's
/// sample lines use it too.
pub fn stroke_pattern(width: f32, dash: Dash) -> (f32, Pattern) {
    match dash {
        Dash::Solid => (width, Pattern::Solid),
        Dash::Dashed => (
            width,
            Pattern::Dashed {
                on: width * 4.0,
                off: width * 2.5,
            },
        ),
        // Dots a little wider than the line, so they read as heavy as a solid stroke.
        Dash::Dotted => (
            width * 1.2,
            Pattern::Dots {
                period: width * 2.2,
            },
        ),
    }
}

/// A name shortened to `max_width` (as `measure` gives widths) keeping its distinguishing
/// tail: a trailing parenthesised part ("(R/63/176)") or a last word with a digit in it
/// ("2025") stays whole, and the beginning is cut with "…" ("Human rights, glob… (R/63/176)").
/// A name that fits is returned as it is; a tail too wide for the room is cut like the rest.
pub fn shorten_keeping_tail(name: &str, max_width: f32, measure: impl Fn(&str) -> f32) -> String {
    if measure(name) <= max_width {
        return name.to_owned();
    }
    let trimmed = name.trim_end();
    let tail_start = if trimmed.ends_with(')') {
        trimmed.rfind('(')
    } else {
        trimmed
            .rfind(char::is_whitespace)
            .map(|i| i + 1)
            .filter(|&i| trimmed[i..].chars().any(|c| c.is_ascii_digit()))
    }
    .filter(|&i| i > 0);
    let (mut head, mut tail) = match tail_start {
        Some(i) => (trimmed[..i].trim_end(), format!(" {}", &trimmed[i..])),
        None => (trimmed, String::new()),
    };
    let fits_with = |head: &str, tail: &str, k: usize| {
        let prefix: String = head.chars().take(k).collect();
        measure(&format!("{}…{tail}", prefix.trim_end())) <= max_width
    };
    if !tail.is_empty() && !fits_with(head, &tail, 1) {
        // The tail alone is too wide: cut from the end instead.
        head = trimmed;
        tail = String::new();
    }
    let fits = |k: usize| fits_with(head, &tail, k);
    // The longest prefix that fits (widths grow with the prefix).
    let (mut low, mut high) = (0, head.chars().count());
    while low < high {
        let mid = (low + high).div_ceil(2);
        if fits(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let prefix: String = head.chars().take(low).collect();
    format!("{}…{tail}", prefix.trim_end())
}

/// Which of the names at the places `range` (rows or columns of a matrix, `spacing` points
/// apart) are written when each needs `room` points: all when they fit, else every n-th (n the
/// fewest places a name's room spans, counted from the first place of the whole list so names
/// stay put while scrolling), and the `forced` ones in range (the selected, the hovered, the
/// searched, in that order of precedence). A forced name is kept unless it would overlap one
/// kept before it (the first is always kept); a regular name nearer a kept forced one than n
/// places is left out, so no two written names overlap.
pub fn names_shown(
    range: std::ops::Range<usize>,
    spacing: f32,
    room: f32,
    forced: &[usize],
) -> Vec<usize> {
    let step = if spacing >= room {
        1
    } else {
        // Rounded up, with a little slack for floating error (14 / 7 is 2, not 3).
        ((room / spacing.max(1e-3)) - 1e-3).ceil().max(1.0) as usize
    };
    let mut kept: Vec<usize> = Vec::new();
    for &f in forced {
        if range.contains(&f) && (kept.is_empty() || kept.iter().all(|k| k.abs_diff(f) >= step)) {
            kept.push(f);
        }
    }
    let mut shown: Vec<usize> = range
        .filter(|i| i % step == 0 && kept.iter().all(|k| k.abs_diff(*i) >= step))
        .collect();
    shown.extend(kept);
    shown.sort_unstable();
    shown.dedup();
    shown
}

/// Which of the names drawn at `spans` (start and end along the axis, and whether the name is
/// forced: selected, hovered, searched) are kept so none overlap: every forced one, then each
/// other one clear of all kept before it (a name moved to stay inside its gutter may come too
/// near its neighbour).
pub fn clear_of_overlaps(spans: &[(f32, f32, bool)]) -> Vec<bool> {
    let mut kept: Vec<bool> = spans.iter().map(|&(_, _, forced)| forced).collect();
    for k in 0..spans.len() {
        if kept[k] {
            continue;
        }
        let (start, end, _) = spans[k];
        kept[k] = spans
            .iter()
            .zip(&kept)
            .all(|(&(s, e, _), &keep)| !keep || e <= start || s >= end);
    }
    kept
}

/// What a matrix cell of a stance tells, in words a reader of the legend knows without the
/// app's vocabulary (the window's legend and the exported picture's).
pub fn cell_meaning(stance: StanceKind) -> &'static str {
    match stance {
        StanceKind::Support => "for",
        StanceKind::Reject => "against",
        StanceKind::Condition => "for, on a condition",
        StanceKind::Neutral => "neutral or abstained",
    }
}

/// The sentence that opens a matrix's legend.
pub const MATRIX_KEY: &str =
    "Each square: where the actor of its row stands on the issue of its column.";

/// The legend's word for an empty cell.
pub const MATRIX_EMPTY: &str = "blank: no position";

/// The legend's note on a cell of several positions.
pub const MATRIX_SEVERAL: &str =
    "A number in a square: that many positions, coloured by the latest.";

#[cfg(test)]
mod tests;
