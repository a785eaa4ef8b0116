//! The stance groups of the one issue in focus: their frames, captions and the lines from
//! the issue to them, as every painter draws them.

use ecolor::Color32;
use emath::Pos2;

use super::{EdgeKind, Scene};
use crate::document::{Focus, Marks, Selection};
use crate::graph::StanceGraph;
use crate::model::StanceKind;
use crate::style::{Dash, Theme};

/// A stance group of the one issue in focus: a frame around its actors with a caption
/// ("Reject · 54"), drawn above the edges in the stance's colour and line pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneGroup {
    /// "Support · 71".
    pub caption: String,
    /// The frame, in world units.
    pub frame: emath::Rect,
    /// Where the caption starts: the middle of its left end, in world units.
    pub caption_at: Pos2,
    /// The stance it stands for (`None`: actors without a position).
    pub stance: Option<StanceKind>,
    /// Frame colour.
    pub color: Color32,
    /// Frame pattern (the stance's edge pattern).
    pub dash: Dash,
    /// A line from the issue to the frame standing for the group's positions (world units),
    /// when the picture has more than one row (the positions' own lines are not drawn).
    pub trunk: Option<(Pos2, Pos2)>,
}

/// The caption's font size in world units (drawn between [`GROUP_CAPTION_POINTS`] points,
/// so it stays readable zoomed out and does not shout zoomed in).
pub const GROUP_CAPTION_SIZE: f32 = 16.0;

/// The smallest and largest size a caption is drawn at, in points.
pub const GROUP_CAPTION_POINTS: (f32, f32) = (12.0, 18.0);

/// Space between a caption's backdrop edge and its text, as a fraction of the font size.
const GROUP_CAPTION_PAD: f32 = 0.35;

impl SceneGroup {
    /// The caption's font size in points at `zoom` points per world unit.
    pub fn caption_points(zoom: f32) -> f32 {
        (GROUP_CAPTION_SIZE * zoom).clamp(GROUP_CAPTION_POINTS.0, GROUP_CAPTION_POINTS.1)
    }

    /// The caption at `zoom` when its start is drawn at `at` (points): its backdrop, the
    /// top-left of its text, and its font size. Every painter sets it this way.
    pub fn caption_box(&self, at: Pos2, zoom: f32) -> (emath::Rect, Pos2, f32) {
        let size = Self::caption_points(zoom);
        let pad = size * GROUP_CAPTION_PAD;
        let width = crate::text::width(&self.caption, size);
        let height = size * 1.2;
        let text = Pos2::new(at.x, at.y - height * 0.5);
        let backdrop = emath::Rect::from_min_size(
            Pos2::new(at.x - pad, text.y - pad * 0.5),
            emath::vec2(width + 2.0 * pad, height + pad),
        );
        (backdrop, text, size)
    }
}

/// The width of a group frame's outline, in world units.
pub const GROUP_FRAME_WIDTH: f32 = 1.5;

impl Scene {
    /// Shows the stance picture of the document's one issue in focus, if any: frames and
    /// captions its groups and, when they have several rows, draws one line to each group
    /// instead of the positions' own (which would cross the names in the way).
    pub fn focus_on(
        &mut self,
        focus: Option<&Focus>,
        graph: &StanceGraph,
        selection: Option<Selection>,
        marked: Option<&Marks>,
    ) {
        self.set_groups(focus);
        if let Some(focus) = focus {
            // The actors' names read as lists: set to the right of their nodes, each with the
            // room its column leaves (where the picture puts it, not where a glide is).
            let rooms = label_rooms(focus, self);
            for &(graph_index, _) in focus.places.iter().skip(1) {
                if let Some(node) = self
                    .slot
                    .get(graph_index)
                    .and_then(|&k| self.nodes.get_mut(k))
                {
                    node.label_right = true;
                    node.label_room = rooms.get(&graph_index).copied().unwrap_or(f32::INFINITY);
                    if node.label_lines.len() > 1 {
                        let (line, size) = crate::document::one_line_label(&node.name);
                        node.label_lines = vec![line].into();
                        node.label_size = size;
                    }
                }
            }
        }
        if focus.is_some_and(|f| f.trunks)
            && self
                .edges
                .iter()
                .any(|e| matches!(e.kind, EdgeKind::Position(..)))
        {
            self.edges
                .retain(|e| !matches!(e.kind, EdgeKind::Position(..)));
            self.reselect(graph, selection, marked);
        }
    }

    /// Whether the scene shows the document's stance picture as it is (else it is rebuilt).
    pub fn shows_focus(&self, focus: Option<&Focus>) -> bool {
        let trunks = self.groups.first().is_some_and(|g| g.trunk.is_some());
        match focus {
            None => self.groups.is_empty(),
            Some(f) => self.groups.len() == f.groups.len() && trunks == f.trunks,
        }
    }

    /// Frames and captions the stance groups of the document's one issue in focus (clears
    /// them when there is none); keeps the edges.
    pub fn set_groups(&mut self, focus: Option<&Focus>) {
        let theme = self.theme;
        self.groups = focus.map_or_else(Vec::new, |focus| {
            focus
                .groups
                .iter()
                .map(|group| {
                    let caption = group.caption();
                    let (color, dash) = match group.stance {
                        Some(stance) => (theme.stance_color(stance), Theme::stance_line(stance).1),
                        None => (theme.represents_color(), Dash::Solid),
                    };
                    let trunk = focus.trunks.then(|| {
                        let top = group.frame.center_top();
                        (focus.stem, top)
                    });
                    SceneGroup {
                        trunk,
                        caption,
                        frame: group.frame,
                        caption_at: group.caption_at,
                        stance: group.stance,
                        color,
                        dash,
                    }
                })
                .collect()
        });
    }
}

/// The room of each actor's label in a stance picture (by graph node index, world units): from
/// its node's right edge and the label gap to the next column of its group (less a gap), or to
/// its group's frame. The picture's places follow its groups' actors in order, after the issue.
fn label_rooms(focus: &Focus, scene: &Scene) -> std::collections::HashMap<usize, f32> {
    let radius_of = |graph_index: usize| {
        scene
            .slot
            .get(graph_index)
            .and_then(|&k| scene.nodes.get(k))
            .map_or(0.0, |n| n.radius)
    };
    let mut rooms = std::collections::HashMap::new();
    let mut places = focus.places.iter().skip(1);
    for group in &focus.groups {
        let members: Vec<(usize, Pos2)> =
            places.by_ref().take(group.actors.len()).copied().collect();
        let mut columns: Vec<f32> = members.iter().map(|(_, at)| at.x).collect();
        columns.sort_by(f32::total_cmp);
        columns.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        for (index, at) in members {
            let radius = radius_of(index);
            let end = columns
                .iter()
                .find(|&&x| x > at.x + 1.0)
                .map_or(group.frame.max.x - 4.0, |&x| x - radius - 6.0);
            rooms.insert(
                index,
                (end - (at.x + radius + crate::style::LABEL_GAP)).max(0.0),
            );
        }
    }
    rooms
}
