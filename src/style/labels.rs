//! Labels and names in a room of their own: a name wrapped to label lines (any script, long
//! names ending in "…"), its size, a name shortened keeping its distinguishing tail, which of
//! many rows get a written name, and which spans keep theirs when they would overlap.

use std::collections::HashMap;

use emath::{Vec2, vec2};

use super::{LABEL_LINE_HEIGHT, LABEL_SIZE};

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
