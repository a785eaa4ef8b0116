//! Style in one place: the palette, node shapes, stroke patterns, label metrics and legend
//! geometry that the screen, the SVG and the PNG all draw with. Pure values and functions of
//! the model's kinds; nothing here knows of graphs, scenes or egui.

use std::borrow::Cow;

use ecolor::Color32;
use emath::{Pos2, Vec2, pos2, vec2};

use crate::model::{ActorKind, StanceKind};

pub mod colour;
mod labels;

pub use labels::{
    clear_of_overlaps, label_size, names_shown, shorten_keeping_tail, wrap_label, wrapped_labels,
};

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

/// The colour of a weighted balance (−1 … +1): the support colour for a lean to support, the
/// reject colour against, as strong as the lean; a faint grey with no weight.
pub fn balance_color(theme: Theme, balance: Option<f64>) -> Color32 {
    match balance {
        None => theme.palette().weak_text.gamma_multiply(0.4),
        Some(v) if v >= 0.0 => theme
            .stance_color(StanceKind::Support)
            .gamma_multiply(0.25 + 0.75 * v.min(1.0) as f32),
        Some(v) => theme
            .stance_color(StanceKind::Reject)
            .gamma_multiply(0.25 + 0.75 * (-v).min(1.0) as f32),
    }
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
