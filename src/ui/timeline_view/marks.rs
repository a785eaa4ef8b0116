//! The timeline's marks: a stance's mark, the bar of several positions on one spot, and the
//! lines where a stance changed.

use egui::{Pos2, Rect, Stroke, Vec2, pos2, vec2};

use crate::model::StanceKind;

/// A line where a stance changed: an actor's successive positions on one issue.
#[derive(Clone, Copy, Debug)]
pub(super) struct ChangeLine {
    pub(super) from_day: i64,
    pub(super) to_day: i64,
    /// The stance before and after.
    pub(super) was: StanceKind,
    pub(super) now: StanceKind,
    /// The issue (on an actor's row) or the actor (on an issue's row), by index.
    pub(super) other: u32,
}

/// The marks of one row that fall on one spot at the current zoom (one day, or days closer
/// than a mark's width): how many of each stance, and the first of them.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Stack {
    /// Where it is drawn (the first position's x).
    pub(super) x: f32,
    /// Positions per stance, in [`StanceKind::ALL`] order.
    pub(super) counts: [u32; 4],
    /// The index (in the row's marks) of its first position, and of its last.
    pub(super) first: usize,
    pub(super) last: usize,
}

impl Stack {
    pub(super) fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// "6 support · 2 reject".
    pub(super) fn summary(&self) -> String {
        StanceKind::ALL
            .iter()
            .zip(self.counts)
            .filter(|&(_, n)| n > 0)
            .map(|(s, n)| format!("{n} {}", s.name()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Groups a row's marks (at `xs`, sorted, with their stances) into stacks: marks less than
/// `width` apart from a stack's first share it, so no two marks overlap and every stance
/// shows in its stack's count.
pub(super) fn stacks(xs: &[f32], stances: &[StanceKind], width: f32) -> Vec<Stack> {
    let mut out: Vec<Stack> = Vec::new();
    for (k, (&x, &stance)) in xs.iter().zip(stances).enumerate() {
        match out.last_mut() {
            Some(stack) if x - stack.x < width => {
                stack.counts[stance.index()] += 1;
                stack.last = k;
            }
            _ => {
                let mut counts = [0; 4];
                counts[stance.index()] = 1;
                out.push(Stack {
                    x,
                    counts,
                    first: k,
                    last: k,
                });
            }
        }
    }
    out
}

/// A stack of several positions: a bar split by stance (support at the top), each part as
/// tall as its share.
pub(super) fn stack_bar(
    painter: &egui::Painter,
    rect: Rect,
    counts: &[u32; 4],
    theme: crate::style::Theme,
    outline: egui::Color32,
) {
    let total: u32 = counts.iter().sum();
    let mut top = rect.min.y;
    for (stance, &n) in StanceKind::ALL.iter().zip(counts) {
        if n == 0 {
            continue;
        }
        let height = rect.height() * n as f32 / total.max(1) as f32;
        painter.rect_filled(
            Rect::from_min_size(pos2(rect.min.x, top), vec2(rect.width(), height)),
            0.0,
            theme.stance_color(*stance),
        );
        top += height;
    }
    painter.rect_stroke(
        rect,
        1.0,
        Stroke::new(1.0, outline),
        egui::StrokeKind::Outside,
    );
}

/// The mark of a stance at `c` with radius `r`: the node shapes' cue, as in the legend
/// (support ●, reject ■, condition ◆, neutral a small dot).
pub(super) fn mark(
    painter: &egui::Painter,
    c: Pos2,
    r: f32,
    stance: StanceKind,
    color: egui::Color32,
    outline: egui::Color32,
) {
    let stroke = Stroke::new(1.0, outline);
    match stance {
        StanceKind::Support => {
            painter.circle(c, r, color, stroke);
        }
        StanceKind::Reject => {
            painter.rect(
                Rect::from_center_size(c, Vec2::splat(2.0 * r * 0.9)),
                1.0,
                color,
                stroke,
                egui::StrokeKind::Inside,
            );
        }
        StanceKind::Condition => {
            let d = r * 1.2;
            painter.add(egui::Shape::convex_polygon(
                vec![
                    c + vec2(0.0, -d),
                    c + vec2(d, 0.0),
                    c + vec2(0.0, d),
                    c + vec2(-d, 0.0),
                ],
                color,
                stroke,
            ));
        }
        StanceKind::Neutral => {
            painter.circle(c, r * 0.55, color, stroke);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{StanceKind, stacks};

    #[test]
    fn marks_of_one_day_share_a_stack_that_counts_every_stance() {
        use StanceKind::{Neutral, Reject, Support};
        // Six supports and two rejects on one day (one x), then a neutral 20 points on, then
        // two supports 5 points apart (closer than a mark).
        let mut xs = vec![100.0; 8];
        let mut stances = vec![Support; 6];
        stances.extend([Reject, Reject]);
        xs.push(120.0);
        stances.push(Neutral);
        xs.extend([140.0, 145.0]);
        stances.extend([Support, Support]);
        let found = stacks(&xs, &stances, 11.0);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].counts, [6, 2, 0, 0]);
        assert_eq!(found[0].summary(), "6 support · 2 reject");
        assert_eq!((found[0].first, found[0].last), (0, 7));
        assert_eq!(found[1].counts, [0, 0, 0, 1]);
        assert_eq!(found[2].counts, [2, 0, 0, 0]);
        assert_eq!(found[2].total(), 2);
    }
}
