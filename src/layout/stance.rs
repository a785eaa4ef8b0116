//! The stance picture of one issue: its actors in groups side by side below it (one group per
//! stance), each group a block of columns under its caption, so who stands where reads at a
//! glance instead of as a fan of interleaved lines.
//!
//! A pure function of the boxes to place: the same groups give the same picture. Every group's
//! columns hold the same number of actors, chosen so the whole picture is about as wide as a
//! window's graph area is (a few actors stay in one row; 180 countries make blocks a little
//! wider than tall); actors fill a group column by column, in the order given (the caller
//! sorts them), each box stacked under the one before and left-aligned, so nodes line up and
//! names read as a list. No two boxes overlap: each column is as wide as its widest box.

use emath::{Pos2, Rect, Vec2, pos2, vec2};

/// The box a node and its label need, as the force layout sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StanceItem {
    /// Half the size of the box (node and label).
    pub half_size: Vec2,
    /// Where the box's centre sits relative to the node.
    pub box_offset: Vec2,
}

/// Where everything of a stance picture goes, in world units.
#[derive(Clone, Debug, PartialEq)]
pub struct StanceArrangement {
    /// The issue node's centre (the anchor it was given).
    pub issue: Pos2,
    /// Each group's node centres, in the order of its items.
    pub positions: Vec<Vec<Pos2>>,
    /// Each group's frame: its caption band and its block of actors, with a margin.
    pub frames: Vec<Rect>,
    /// Just under the issue's box: where lines from the issue to the groups start.
    pub stem: Pos2,
    /// How many rows the groups have (1: a single row, where every line from the issue to
    /// an actor can be followed).
    pub rows: usize,
    /// Each group's caption: the middle of the left end of its caption band (where the
    /// caption's text starts, centred on it vertically).
    pub captions: Vec<Pos2>,
}

/// Space between two columns of a group, and between two rows.
const CELL_GAP: Vec2 = vec2(16.0, 6.0);

/// Space between two groups' frames.
const GROUP_GAP: f32 = 36.0;

/// Inner margin of a group's frame.
const FRAME_PAD: f32 = 12.0;

/// Height of a group's caption band (the caption text is [`CAPTION_SIZE`] high).
pub const CAPTION_BAND: f32 = 30.0;

/// Space between the bottom of the issue's box and the top of the frames.
const ISSUE_GAP: f32 = 70.0;

/// The picture's wished width over height: a window's graph area between its panels is about
/// as wide as tall at 1280×800.
const ASPECT: f32 = 1.0;

/// Pictures this small stay in one row: every line from the issue to an actor can be followed.
const ONE_ROW_MAX: (usize, usize) = (6, 12);

/// Places the issue at `anchor` and each group's items below it, groups side by side in the
/// order given. Empty groups get no frame space but keep their place in the output (an empty
/// list of positions and a zero-size frame at the anchor).
pub fn arrange(issue: StanceItem, groups: &[Vec<StanceItem>], anchor: Pos2) -> StanceArrangement {
    let (sum, count) = groups
        .iter()
        .flatten()
        .fold((Vec2::ZERO, 0_usize), |(s, n), item| {
            (s + item.half_size * 2.0, n + 1)
        });
    let mean = if count == 0 {
        Vec2::ZERO
    } else {
        sum / count as f32
    } + CELL_GAP;
    let above = issue.half_size.y * 2.0 + ISSUE_GAP;
    let rows = best_rows(groups, mean.x, mean.y, above);

    // Column widths, group by group, from the items each column holds.
    let column_widths: Vec<Vec<f32>> = groups
        .iter()
        .map(|items| {
            items
                .chunks(rows)
                .map(|column| {
                    column
                        .iter()
                        .map(|item| item.half_size.x * 2.0)
                        .fold(0.0_f32, f32::max)
                })
                .collect()
        })
        .collect();
    let block_width = |widths: &[f32]| {
        widths.iter().sum::<f32>() + CELL_GAP.x * widths.len().saturating_sub(1) as f32
    };
    let frame_widths: Vec<f32> = column_widths
        .iter()
        .map(|widths| {
            if widths.is_empty() {
                0.0
            } else {
                block_width(widths) + 2.0 * FRAME_PAD
            }
        })
        .collect();
    let shown = frame_widths.iter().filter(|&&w| w > 0.0).count();
    let total_width = frame_widths.iter().sum::<f32>() + GROUP_GAP * shown.saturating_sub(1) as f32;

    let issue_bottom = anchor.y + issue.box_offset.y + issue.half_size.y;
    let top = issue_bottom + ISSUE_GAP;
    let mut left = anchor.x - total_width * 0.5;
    let mut arrangement = StanceArrangement {
        issue: anchor,
        stem: pos2(anchor.x, issue_bottom + ISSUE_GAP * 0.3),
        rows,
        positions: Vec::with_capacity(groups.len()),
        frames: Vec::with_capacity(groups.len()),
        captions: Vec::with_capacity(groups.len()),
    };
    for ((items, widths), &frame_width) in groups.iter().zip(&column_widths).zip(&frame_widths) {
        if items.is_empty() {
            arrangement.positions.push(Vec::new());
            arrangement
                .frames
                .push(Rect::from_min_size(anchor, Vec2::ZERO));
            arrangement.captions.push(anchor);
            continue;
        }
        let block_height = items
            .chunks(rows)
            .map(|column| {
                column
                    .iter()
                    .map(|item| item.half_size.y * 2.0)
                    .sum::<f32>()
                    + CELL_GAP.y * column.len().saturating_sub(1) as f32
            })
            .fold(0.0_f32, f32::max);
        let frame = Rect::from_min_size(
            pos2(left, top),
            vec2(
                frame_width,
                CAPTION_BAND + block_height.max(0.0) + 2.0 * FRAME_PAD,
            ),
        );
        let block_top = top + FRAME_PAD + CAPTION_BAND;
        let mut x = left + FRAME_PAD;
        let mut placed = Vec::with_capacity(items.len());
        for (column, &width) in items.chunks(rows).zip(widths) {
            // Boxes stacked down the column, left-aligned: nodes in a line, names after them.
            let mut y = block_top;
            for item in column {
                let size = item.half_size * 2.0;
                placed.push(pos2(x + size.x * 0.5, y + size.y * 0.5) - item.box_offset);
                y += size.y + CELL_GAP.y;
            }
            x += width + CELL_GAP.x;
        }
        arrangement.positions.push(placed);
        arrangement.frames.push(frame);
        arrangement.captions.push(pos2(
            left + FRAME_PAD,
            top + FRAME_PAD * 0.5 + CAPTION_BAND * 0.5,
        ));
        left += frame_width + GROUP_GAP;
    }
    arrangement
}

/// The number of actors every group's columns hold: the one that brings the picture's shape
/// nearest to [`ASPECT`], the issue and the space `above` the groups included. The estimate with columns of the mean size picks a neighbourhood;
/// the exact shapes (each column as wide as its widest box, as tall as its boxes) of up to
/// [`EXACT_CANDIDATES`] row counts around it decide.
fn best_rows(groups: &[Vec<StanceItem>], mean_width: f32, cell_height: f32, above: f32) -> usize {
    let largest = groups.iter().map(Vec::len).max().unwrap_or(0);
    let total: usize = groups.iter().map(Vec::len).sum();
    if largest <= ONE_ROW_MAX.0 && total <= ONE_ROW_MAX.1 {
        return 1;
    }
    let shown = groups.iter().filter(|g| !g.is_empty()).count();
    let chrome = shown as f32 * (2.0 * FRAME_PAD + GROUP_GAP - CELL_GAP.x);
    let height_of = |content: f32| above + content + CAPTION_BAND + 2.0 * FRAME_PAD;
    let mismatch = |width: f32, height: f32| (width / height / ASPECT).ln().abs();
    let estimate = |rows: usize| {
        let columns: usize = groups.iter().map(|g| g.len().div_ceil(rows)).sum();
        mismatch(
            columns as f32 * mean_width + chrome,
            height_of(rows.min(largest) as f32 * cell_height),
        )
    };
    let guess = (1..=largest)
        .min_by(|&a, &b| estimate(a).total_cmp(&estimate(b)))
        .unwrap_or(1);
    let exact = |rows: usize| {
        let (mut width, mut height) = (chrome, 0.0_f32);
        for group in groups {
            for column in group.chunks(rows) {
                let (w, h) = column.iter().fold((0.0_f32, 0.0_f32), |(w, h), item| {
                    (
                        w.max(item.half_size.x * 2.0),
                        h + item.half_size.y * 2.0 + CELL_GAP.y,
                    )
                });
                width += w + CELL_GAP.x;
                height = height.max(h);
            }
        }
        mismatch(width, height_of(height))
    };
    // Row counts from half the guess to twice it, evenly spread when there are more of them.
    let (low, high) = ((guess / 2).max(1), (guess * 2).min(largest).max(1));
    let step = (high - low).div_ceil(EXACT_CANDIDATES).max(1);
    (low..=high)
        .step_by(step)
        .chain(std::iter::once(guess))
        .min_by(|&a, &b| exact(a).total_cmp(&exact(b)).then(a.cmp(&b)))
        .unwrap_or(guess)
}

/// How many row counts [`best_rows`] measures exactly (each costs a pass over the actors).
const EXACT_CANDIDATES: usize = 48;

#[cfg(test)]
mod tests {
    use super::*;

    fn item(width: f32, height: f32) -> StanceItem {
        StanceItem {
            half_size: vec2(width * 0.5, height * 0.5),
            box_offset: vec2(0.0, height * 0.25),
        }
    }

    fn boxes(arrangement: &StanceArrangement, groups: &[Vec<StanceItem>]) -> Vec<Rect> {
        arrangement
            .positions
            .iter()
            .zip(groups)
            .flat_map(|(placed, items)| {
                placed.iter().zip(items).map(|(&center, item)| {
                    Rect::from_center_size(center + item.box_offset, item.half_size * 2.0)
                })
            })
            .collect()
    }

    #[test]
    fn three_actors_sit_in_one_row_below_the_issue_in_group_order() {
        let issue = item(120.0, 40.0);
        let groups = vec![
            vec![item(80.0, 40.0)],
            vec![item(100.0, 40.0), item(60.0, 40.0)],
            vec![],
            vec![],
        ];
        let anchor = pos2(10.0, 20.0);
        let a = arrange(issue, &groups, anchor);
        assert_eq!(a.issue, anchor);
        assert_eq!(a.positions[0].len(), 1);
        assert_eq!(a.positions[1].len(), 2);
        assert!(a.positions[2].is_empty() && a.positions[3].is_empty());
        assert_eq!(a.rows, 1);
        let ys: Vec<f32> = a.positions.iter().flatten().map(|p| p.y).collect();
        assert!(
            ys.iter().all(|&y| (y - ys[0]).abs() < 1e-3),
            "one row: {ys:?}"
        );
        assert!(ys[0] > anchor.y + 40.0, "below the issue");
        let xs: Vec<f32> = a.positions.iter().flatten().map(|p| p.x).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "left to right: {xs:?}");
        // The frames do not overlap and are centred under the issue.
        assert!(a.frames[0].max.x < a.frames[1].min.x);
        let middle = (a.frames[0].min.x + a.frames[1].max.x) * 0.5;
        assert!((middle - anchor.x).abs() < 1e-3);
        // Each caption sits inside its frame, above its actors.
        for g in 0..2 {
            assert!(a.frames[g].contains(a.captions[g]));
            assert!(a.positions[g].iter().all(|p| p.y > a.captions[g].y));
        }
    }

    #[test]
    fn many_actors_fill_columns_with_no_box_overlapping_and_a_window_like_shape() {
        let sizes = [60.0, 140.0, 90.0, 110.0];
        let groups: Vec<Vec<StanceItem>> = [71_usize, 12, 55, 54]
            .iter()
            .map(|&n| (0..n).map(|k| item(sizes[k % 4], 38.0)).collect())
            .collect();
        let a = arrange(item(100.0, 40.0), &groups, Pos2::ZERO);
        let all = boxes(&a, &groups);
        assert_eq!(all.len(), 192);
        for (i, r) in all.iter().enumerate() {
            for s in &all[i + 1..] {
                assert!(!r.intersects(s.shrink(0.5)), "{r:?} overlaps {s:?}");
            }
        }
        // Every box lies in its group's frame.
        let mut k = 0;
        for (g, placed) in a.positions.iter().enumerate() {
            for _ in placed {
                assert!(
                    a.frames[g].contains_rect(all[k]),
                    "box {k} out of frame {g}"
                );
                k += 1;
            }
        }
        let bounds = a.frames.iter().fold(Rect::NOTHING, |r, f| r.union(*f));
        let aspect = bounds.width() / bounds.height();
        assert!((0.9..2.4).contains(&aspect), "aspect {aspect}");
        assert!(a.rows > 1);
        // Column by column: the second actor is under the first (same size, same x).
        assert!((a.positions[0][4].x - a.positions[0][0].x).abs() < 1e-3);
        assert!(a.positions[0][4].y > a.positions[0][0].y);
        assert!(a.positions[0][1].y > a.positions[0][0].y);
    }

    #[test]
    fn the_same_groups_give_the_same_picture() {
        let groups = vec![vec![item(50.0, 30.0); 7], vec![item(70.0, 30.0); 3]];
        let a = arrange(item(80.0, 30.0), &groups, pos2(5.0, 5.0));
        let b = arrange(item(80.0, 30.0), &groups, pos2(5.0, 5.0));
        assert_eq!(a, b);
    }

    #[test]
    fn no_groups_at_all_is_just_the_issue() {
        let a = arrange(item(80.0, 30.0), &[], pos2(1.0, 2.0));
        assert_eq!(a.issue, pos2(1.0, 2.0));
        assert_eq!(a.rows, 1);
        assert!(a.positions.is_empty() && a.frames.is_empty());
    }
}
