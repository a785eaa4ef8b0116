//! The scene of the stakeholders of one issue, in two layouts:
//!
//! - the **position map**: four columns for the stances (reject, neutral, condition, support,
//!   left to right), height the actor's influence (0 at the bottom, 100 at the top), marker
//!   size its salience; actors spread within their column without overlapping (a beeswarm);
//! - the **power–interest grid** (Mendelow): across, the salience; up, the influence; colour
//!   and shape the stance; the quadrants split at 50 and named (manage closely, keep satisfied,
//!   keep informed, monitor).
//!
//! Actors whose influence (or, in the grid, salience) is not recorded sit in a strip below,
//! marked as such, never at a guessed value. The scene is drawn by the same painters as the
//! graph, on screen and in every export.

use std::sync::Arc;

use ecolor::Color32;
use emath::{Pos2, Rect, pos2};

use super::groups::SceneGroup;
use super::{Scene, SceneNode};
use crate::analysis::pairs::latest_by_issue;
use crate::document::Selection;
use crate::graph::{Node, StanceGraph};
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};
use crate::style::colour::Colouring;
use crate::style::{Dash, Emphasis, LegendItem, Shape, Theme, kind_shape, label_size, wrap_label};

/// Which chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Layout {
    /// Stance across, influence up, salience as size.
    #[default]
    PositionMap,
    /// Salience across, influence up, the stance as colour and shape.
    PowerInterest,
}

/// The chart's height in world units (influence 0 to 100).
pub const HEIGHT: f32 = 600.0;
/// A position-map column's width.
pub const COLUMN: f32 = 260.0;
/// The power–interest grid's width (salience 0 to 100).
pub const GRID: f32 = 900.0;
/// The strip of actors whose values are not recorded: its height and its gap below the chart.
const STRIP: f32 = 90.0;
const STRIP_GAP: f32 = 40.0;

/// Past this many actors in a column, they are spread across it rather than kept apart (a
/// column cannot hold thousands apart, and keeping them apart would take seconds).
pub const CROWD: usize = 400;

/// The columns of the position map, left to right.
pub const COLUMNS: [StanceKind; 4] = [
    StanceKind::Reject,
    StanceKind::Neutral,
    StanceKind::Condition,
    StanceKind::Support,
];

/// Where influence `v` is drawn (world y).
pub fn y_of(influence: u8) -> f32 {
    HEIGHT * (1.0 - f32::from(influence) / 100.0)
}

/// The influence a world y stands for (what dragging sets), 0 to 100.
pub fn influence_at(y: f32) -> u8 {
    (100.0 * (1.0 - y / HEIGHT)).round().clamp(0.0, 100.0) as u8
}

/// Where salience `v` is drawn in the grid (world x).
pub fn x_of(salience: u8) -> f32 {
    GRID * f32::from(salience) / 100.0
}

/// The salience a world x stands for in the grid, 0 to 100.
pub fn salience_at(x: f32) -> u8 {
    (100.0 * x / GRID).round().clamp(0.0, 100.0) as u8
}

/// The shape of a stance in the grid (colour says it too).
pub fn stance_shape(stance: StanceKind) -> Shape {
    match stance {
        StanceKind::Support => Shape::Circle,
        StanceKind::Reject => Shape::Square,
        StanceKind::Condition => Shape::Diamond,
        StanceKind::Neutral => Shape::Triangle,
    }
}

/// One actor on the chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stakeholder {
    /// Who.
    pub actor: ActorIx,
    /// Its latest position on the issue (in the filter and dates).
    pub position: PositionIx,
    /// That position's stance.
    pub stance: StanceKind,
    /// Its influence, if recorded.
    pub influence: Option<u8>,
    /// That position's salience, if recorded.
    pub salience: Option<u8>,
}

/// Each actor's latest position on `issue` among `positions`, in actor order.
pub fn stakeholders(
    dataset: &Dataset,
    positions: &[PositionIx],
    issue: IssueIx,
) -> Vec<Stakeholder> {
    let mut by_actor: std::collections::BTreeMap<ActorIx, Vec<PositionIx>> =
        std::collections::BTreeMap::new();
    for &p in positions {
        let position = dataset.position(p);
        if position.issue == issue {
            by_actor.entry(position.actor).or_default().push(p);
        }
    }
    by_actor
        .into_iter()
        .filter_map(|(actor, list)| {
            let (_, p) = latest_by_issue(dataset, list).into_iter().next()?;
            let position = dataset.position(p);
            Some(Stakeholder {
                actor,
                position: p,
                stance: position.stance.kind(),
                influence: dataset.actor(actor).influence,
                salience: position.salience,
            })
        })
        .collect()
}

/// A marker's radius for a salience (none recorded: the smallest).
pub fn radius_of(salience: Option<u8>) -> f32 {
    9.0 + 13.0 * (f32::from(salience.unwrap_or(0)) / 100.0).sqrt()
}

/// Places circles of radii `r` wanting x = `centre` at heights `y` without overlap (a
/// beeswarm): each in turn, at the free x nearest its centre; returns the x of each.
fn beeswarm(y: &[f32], r: &[f32], centre: f32) -> Vec<f32> {
    let mut order: Vec<usize> = (0..y.len()).collect();
    // Larger first, then top down: the big markers keep the middle.
    order.sort_by(|&a, &b| {
        r[b].total_cmp(&r[a])
            .then(y[a].total_cmp(&y[b]))
            .then(a.cmp(&b))
    });
    let max_r = r.iter().copied().fold(0.0, f32::max);
    // Placed circles sorted by y, for the neighbours of a new one.
    let mut placed: Vec<(f32, f32, f32)> = Vec::with_capacity(y.len());
    let mut x = vec![centre; y.len()];
    let mut blocked: Vec<(f32, f32)> = Vec::new();
    for &i in &order {
        let reach = r[i] + max_r + 1.0;
        let from = placed.partition_point(|p| p.0 < y[i] - reach);
        blocked.clear();
        for &(py, px, pr) in placed[from..].iter().take_while(|p| p.0 <= y[i] + reach) {
            let gap = r[i] + pr + 1.0;
            let dy = (py - y[i]).abs();
            if dy < gap {
                let half = (gap * gap - dy * dy).sqrt();
                blocked.push((px - half, px + half));
            }
        }
        blocked.sort_by(|a, b| a.0.total_cmp(&b.0));
        // The free x nearest the centre: the centre itself, or an end of a blocked run.
        let free = |c: f32| blocked.iter().all(|&(a, b)| c <= a || c >= b);
        let mut best = centre;
        if !free(centre) {
            let mut candidates: Vec<f32> = blocked.iter().flat_map(|&(a, b)| [a, b]).collect();
            candidates.sort_by(|a, b| (a - centre).abs().total_cmp(&(b - centre).abs()));
            best = candidates.into_iter().find(|&c| free(c)).unwrap_or(centre);
        }
        x[i] = best;
        let at = placed.partition_point(|p| p.0 < y[i]);
        placed.insert(at, (y[i], best, r[i]));
    }
    x
}

/// Lays actors without a recorded value in rows across a strip from `left` to `right`.
fn strip_rows(count: usize, left: f32, right: f32, top: f32) -> Vec<Pos2> {
    // Room for a short name under each marker; a long list packs closer (names then show on
    // hover and for the weightiest).
    let step = if count <= 40 { 104.0 } else { 26.0 };
    // Rows keep a label's height between them (the painter then hides the labels that would
    // overlap their neighbours, rather than drawing them over the next row's markers).
    let row = 48.0;
    let per_row = (((right - left) / step).floor() as usize).max(1);
    (0..count)
        .map(|k| {
            let (r, c) = (k / per_row, k % per_row);
            pos2(left + step * (c as f32 + 0.5), top + 28.0 + r as f32 * row)
        })
        .collect()
}

/// How the stakeholders of an issue are drawn.
pub struct StakeholderChart<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// Its graph (for the actors' node indices, as the other views name them).
    pub graph: &'a StanceGraph,
    /// The issue.
    pub issue: IssueIx,
    /// Its actors.
    pub stakeholders: &'a [Stakeholder],
    /// Which chart.
    pub layout: Layout,
    /// What actors are coloured by (the position map's fill).
    pub colouring: &'a Colouring,
    /// Colours.
    pub theme: Theme,
}

impl Scene {
    /// The stakeholders of an issue as a scene.
    pub fn stakeholders(chart: &StakeholderChart<'_>, selection: Option<Selection>) -> Self {
        let StakeholderChart {
            dataset,
            graph,
            stakeholders,
            layout,
            colouring,
            theme,
            ..
        } = *chart;
        let mut centers = vec![Pos2::ZERO; stakeholders.len()];
        let mut groups = Vec::new();
        let palette = theme.palette();
        let strip_top = HEIGHT + STRIP_GAP;
        let recorded = |s: &Stakeholder| match layout {
            Layout::PositionMap => s.influence.is_some(),
            Layout::PowerInterest => s.influence.is_some() && s.salience.is_some(),
        };
        let width = match layout {
            Layout::PositionMap => COLUMN * COLUMNS.len() as f32,
            Layout::PowerInterest => GRID,
        };
        match layout {
            Layout::PositionMap => {
                for (c, stance) in COLUMNS.into_iter().enumerate() {
                    let left = c as f32 * COLUMN;
                    let members: Vec<usize> = (0..stakeholders.len())
                        .filter(|&k| stakeholders[k].stance == stance && recorded(&stakeholders[k]))
                        .collect();
                    let y: Vec<f32> = members
                        .iter()
                        .map(|&k| y_of(stakeholders[k].influence.unwrap_or(0)))
                        .collect();
                    let r: Vec<f32> = members
                        .iter()
                        .map(|&k| radius_of(stakeholders[k].salience))
                        .collect();
                    let xs = if members.len() <= CROWD {
                        beeswarm(&y, &r, left + COLUMN / 2.0)
                    } else {
                        // More than a column holds apart: spread evenly across it, in a fixed
                        // order (each actor's place does not move when others come or go).
                        members
                            .iter()
                            .map(|&k| {
                                let a = u64::from(stakeholders[k].actor.0);
                                let spread = (a.wrapping_mul(2_654_435_761) % 1000) as f32 / 1000.0;
                                left + 18.0 + spread * (COLUMN - 36.0)
                            })
                            .collect()
                    };
                    for ((&k, x), y) in members.iter().zip(xs).zip(y) {
                        centers[k] = pos2(x, y);
                    }
                    let (color, dash) = (theme.stance_color(stance), Theme::stance_line(stance).1);
                    let count = stakeholders.iter().filter(|s| s.stance == stance).count();
                    let frame = Rect::from_min_max(
                        pos2(left + 6.0, -30.0),
                        pos2(left + COLUMN - 6.0, HEIGHT + 20.0),
                    );
                    groups.push(SceneGroup {
                        caption: format!("{} · {count}", stance.label()),
                        frame,
                        caption_at: pos2(frame.left() + 8.0, frame.top()),
                        stance: Some(stance),
                        color,
                        dash,
                        trunk: None,
                    });
                }
            }
            Layout::PowerInterest => {
                for (k, s) in stakeholders.iter().enumerate() {
                    if let (Some(i), Some(sal)) = (s.influence, s.salience) {
                        centers[k] = pos2(x_of(sal), y_of(i));
                    }
                }
                // Nudge markers on one spot apart (a short beeswarm along x, per spot).
                let mut spots: std::collections::HashMap<(u8, u8), Vec<usize>> =
                    std::collections::HashMap::new();
                for (k, s) in stakeholders.iter().enumerate() {
                    if let (Some(i), Some(sal)) = (s.influence, s.salience) {
                        spots.entry((i, sal)).or_default().push(k);
                    }
                }
                for members in spots.values().filter(|m| m.len() > 1) {
                    let y: Vec<f32> = members.iter().map(|&k| centers[k].y).collect();
                    let r = vec![8.0; members.len()];
                    let xs = beeswarm(&y, &r, centers[members[0]].x);
                    for (&k, x) in members.iter().zip(xs) {
                        centers[k].x = x;
                    }
                }
                let half = GRID / 2.0;
                let mid = HEIGHT / 2.0;
                let count = |f: &dyn Fn(u8, u8) -> bool| {
                    stakeholders
                        .iter()
                        .filter(
                            |s| matches!((s.influence, s.salience), (Some(i), Some(v)) if f(i, v)),
                        )
                        .count()
                };
                let quadrants: [(&str, Rect, usize); 4] = [
                    (
                        "Keep satisfied",
                        Rect::from_min_max(pos2(0.0, 0.0), pos2(half, mid)),
                        count(&|i, v| i >= 50 && v < 50),
                    ),
                    (
                        "Manage closely",
                        Rect::from_min_max(pos2(half, 0.0), pos2(GRID, mid)),
                        count(&|i, v| i >= 50 && v >= 50),
                    ),
                    (
                        "Monitor",
                        Rect::from_min_max(pos2(0.0, mid), pos2(half, HEIGHT)),
                        count(&|i, v| i < 50 && v < 50),
                    ),
                    (
                        "Keep informed",
                        Rect::from_min_max(pos2(half, mid), pos2(GRID, HEIGHT)),
                        count(&|i, v| i < 50 && v >= 50),
                    ),
                ];
                for (name, frame, n) in quadrants {
                    // Captions in the outer corners, away from the crowd about the middle.
                    let y = if frame.top() < mid {
                        frame.top() + 14.0
                    } else {
                        frame.bottom() - 14.0
                    };
                    let x = if frame.left() < half {
                        frame.left() + 8.0
                    } else {
                        frame.right() - 8.0 - 9.0 * (name.len() as f32 + 4.0)
                    };
                    groups.push(SceneGroup {
                        caption: format!("{name} · {n}"),
                        frame,
                        caption_at: pos2(x, y),
                        stance: None,
                        color: palette.weak_text,
                        dash: Dash::Solid,
                        trunk: None,
                    });
                }
            }
        }
        // The influence scale: a line and its value every 25.
        for v in [0u8, 25, 50, 75, 100] {
            let y = y_of(v);
            // From the left margin, where its value is written, across the chart.
            let frame = Rect::from_min_max(pos2(-56.0, y), pos2(width + 6.0, y));
            groups.insert(
                0,
                SceneGroup {
                    caption: v.to_string(),
                    frame,
                    caption_at: pos2(-54.0, y - 9.0),
                    stance: None,
                    color: palette.weak_text.gamma_multiply(0.35),
                    dash: Dash::Dotted,
                    trunk: None,
                },
            );
        }
        if layout == Layout::PowerInterest {
            for v in [0u8, 50, 100] {
                let x = x_of(v);
                groups.push(SceneGroup {
                    caption: v.to_string(),
                    frame: Rect::from_min_max(pos2(x, HEIGHT), pos2(x, HEIGHT + 6.0)),
                    caption_at: pos2(x - 10.0, HEIGHT + 18.0),
                    stance: None,
                    color: palette.weak_text,
                    dash: Dash::Solid,
                    trunk: None,
                });
            }
        }
        // The strip of actors whose values are not recorded.
        let missing: Vec<usize> = (0..stakeholders.len())
            .filter(|&k| !recorded(&stakeholders[k]))
            .collect();
        if !missing.is_empty() {
            let what = match layout {
                Layout::PositionMap => "Influence not recorded",
                Layout::PowerInterest => "Influence or salience not recorded",
            };
            let rows = strip_rows(missing.len(), 0.0, width, strip_top);
            let last = rows.last().map_or(strip_top + STRIP, |p| p.y + 36.0);
            let frame = Rect::from_min_max(
                pos2(0.0, strip_top),
                pos2(width, last.max(strip_top + STRIP)),
            );
            groups.push(SceneGroup {
                caption: format!("{what} · {}", missing.len()),
                frame,
                caption_at: pos2(frame.left() + 8.0, frame.top()),
                stance: None,
                color: palette.weak_text,
                dash: Dash::Dashed,
                trunk: None,
            });
            for (&k, at) in missing.iter().zip(rows) {
                centers[k] = at;
            }
        }
        let mut slot = vec![usize::MAX; graph.graph.node_count()];
        let (_, stroke) = theme.node_colors(None);
        let nodes: Vec<SceneNode> = stakeholders
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let actor = dataset.actor(s.actor);
                let index = graph.actor_node(s.actor);
                slot[index.index()] = k;
                let label_lines: Arc<[String]> = wrap_label(&actor.name).into();
                let (shape, fill) = match layout {
                    Layout::PositionMap => (
                        kind_shape(Some(actor.kind)),
                        colouring.fill(s.actor, actor.kind, theme),
                    ),
                    Layout::PowerInterest => (stance_shape(s.stance), theme.stance_color(s.stance)),
                };
                SceneNode {
                    node: Node::Actor(s.actor),
                    index,
                    id: actor.id.as_str().into(),
                    name: actor.name.as_str().into(),
                    label_size: label_size(&label_lines),
                    label_scale: 1.0,
                    label_lines,
                    kind_label: actor.kind.label(),
                    center: centers[k],
                    radius: match layout {
                        Layout::PositionMap if recorded(s) => radius_of(s.salience),
                        _ => 10.0,
                    },
                    shape,
                    fill,
                    stroke,
                    degree: 1,
                    emphasis: Emphasis::Normal,
                    label_right: false,
                    label_room: f32::INFINITY,
                }
            })
            .collect();
        let legend = legend(chart, &nodes);
        // Labels by influence: the weightiest actors are named first.
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by(|&a, &b| {
            stakeholders[b]
                .influence
                .cmp(&stakeholders[a].influence)
                .then(a.cmp(&b))
        });
        let mut scene = Self {
            nodes,
            edges: Vec::new(),
            legend,
            groups,
            theme,
            paint_order: Vec::new(),
            label_order: Vec::new(),
            base_label_order: order,
            pinned: Vec::new(),
            slot,
        };
        scene.reselect(graph, selection, None);
        scene
    }
}

/// The legend: what size, height and colour say.
fn legend(chart: &StakeholderChart<'_>, nodes: &[SceneNode]) -> Vec<LegendItem> {
    let theme = chart.theme;
    let (_, stroke) = theme.node_colors(None);
    let mut items = Vec::new();
    match chart.layout {
        Layout::PositionMap => {
            let shown = chart
                .stakeholders
                .iter()
                .map(|s| (s.actor, chart.dataset.actor(s.actor).kind));
            match chart.colouring.legend(shown, theme) {
                Some(rows) => items.extend(rows),
                None => {
                    for kind in crate::model::ActorKind::ALL {
                        if nodes.iter().any(|n| n.kind_label == kind.label()) {
                            let (fill, stroke) = theme.node_colors(Some(kind));
                            items.push(LegendItem::Node {
                                shape: kind_shape(Some(kind)),
                                fill,
                                stroke,
                                label: kind.label().into(),
                            });
                        }
                    }
                }
            }
            items.push(LegendItem::Node {
                shape: Shape::Circle,
                fill: Color32::TRANSPARENT,
                stroke: theme.palette().weak_text,
                label: "Up: influence 0–100 · size: salience".into(),
            });
        }
        Layout::PowerInterest => {
            for stance in crate::analysis::balance::ORDER {
                items.push(LegendItem::Node {
                    shape: stance_shape(stance),
                    fill: theme.stance_color(stance),
                    stroke,
                    label: stance.label().into(),
                });
            }
            items.push(LegendItem::Node {
                shape: Shape::Circle,
                fill: Color32::TRANSPARENT,
                stroke: theme.palette().weak_text,
                label: "Across: salience · up: influence (0–100)".into(),
            });
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scales_read_back() {
        for v in [0, 1, 37, 50, 99, 100] {
            assert_eq!(influence_at(y_of(v)), v);
            assert_eq!(salience_at(x_of(v)), v);
        }
        assert_eq!(influence_at(-50.0), 100);
        assert_eq!(influence_at(HEIGHT + 80.0), 0);
    }

    #[test]
    fn a_beeswarm_never_overlaps() {
        // 40 markers on three heights, radii 6 to 18.
        let y: Vec<f32> = (0..40).map(|k| [100.0, 104.0, 300.0][k % 3]).collect();
        let r: Vec<f32> = (0..40).map(|k| 6.0 + (k % 5) as f32 * 3.0).collect();
        let x = beeswarm(&y, &r, 0.0);
        for a in 0..40 {
            for b in a + 1..40 {
                let d = ((x[a] - x[b]).powi(2) + (y[a] - y[b]).powi(2)).sqrt();
                assert!(
                    d >= r[a] + r[b] - 1e-3,
                    "{a} and {b} overlap: {d} < {}",
                    r[a] + r[b]
                );
            }
        }
    }
}
