//! A source's text made ready for reading: cut into paragraphs (its lines), with each coded
//! passage cut into the parts that fall in each paragraph, and a level for passages that
//! overlap (so each keeps its own underline). Knows nothing of how it is drawn.

use std::ops::Range;

use crate::model::{PositionIx, SourceText};

/// A part of a coded passage within one paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// Its bytes, relative to the paragraph's start.
    pub range: Range<usize>,
    /// The position whose quote it is.
    pub position: PositionIx,
    /// 0 for a passage that overlaps no earlier one, then 1, 2… (its underline is drawn that
    /// many steps lower).
    pub level: u8,
}

/// A source's text in paragraphs, with its passages.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// Each paragraph's bytes in the text: its non-empty lines, in order.
    pub paragraphs: Vec<Range<usize>>,
    /// The passages' parts in each paragraph, by start.
    pub spans: Vec<Vec<Span>>,
    /// Where each passage starts: (position, paragraph, byte in the paragraph), in the text's
    /// order.
    pub starts: Vec<(PositionIx, usize, usize)>,
    /// The deepest overlap level.
    pub levels: u8,
}

impl Reading {
    /// The text's paragraphs and passages.
    pub fn of(text: &SourceText) -> Self {
        let body = &*text.body;
        let mut paragraphs = Vec::new();
        let mut at = 0;
        for line in body.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if !content.trim().is_empty() {
                paragraphs.push(at..at + content.len());
            }
            at += line.len();
        }
        let mut spans = vec![Vec::new(); paragraphs.len()];
        let mut starts = Vec::with_capacity(text.passages.len());
        // Levels: each passage takes the lowest level free at its start (passages come by
        // start).
        let mut level_ends: Vec<usize> = Vec::new();
        let mut levels = 0;
        for passage in &text.passages {
            let range = &passage.range;
            let level = if let Some(k) = level_ends.iter().position(|&end| end <= range.start) {
                level_ends[k] = range.end;
                k
            } else {
                level_ends.push(range.end);
                level_ends.len() - 1
            };
            let level = level.min(u8::MAX as usize) as u8;
            levels = levels.max(level);
            let first = paragraphs.partition_point(|p| p.end <= range.start);
            let mut started = false;
            for (k, paragraph) in paragraphs.iter().enumerate().skip(first) {
                if paragraph.start >= range.end {
                    break;
                }
                let start = range.start.max(paragraph.start);
                let end = range.end.min(paragraph.end);
                if start < end {
                    if !started {
                        starts.push((passage.position, k, start - paragraph.start));
                        started = true;
                    }
                    spans[k].push(Span {
                        range: start - paragraph.start..end - paragraph.start,
                        position: passage.position,
                        level,
                    });
                }
            }
        }
        for list in &mut spans {
            list.sort_by_key(|s| (s.range.start, s.level));
        }
        Self {
            paragraphs,
            spans,
            starts,
            levels,
        }
    }

    /// The paragraph holding a byte of the text (or the nearest after it).
    pub fn paragraph_at(&self, byte: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end < byte)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Where a position's passage starts (paragraph, byte in it), if it quotes this text.
    pub fn start_of(&self, position: PositionIx) -> Option<(usize, usize)> {
        self.starts
            .iter()
            .find(|(p, _, _)| *p == position)
            .map(|&(_, k, at)| (k, at))
    }
}

/// Where `needle` occurs in `text` (ASCII case ignored), at most `limit` places.
pub fn find_text(text: &str, needle: &str, limit: usize) -> Vec<Range<usize>> {
    let needle = needle.trim();
    if needle.is_empty() {
        return Vec::new();
    }
    let Ok(searcher) = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([needle])
    else {
        return Vec::new();
    };
    searcher
        .find_iter(text)
        .take(limit)
        .map(|m| m.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Reading, find_text};
    use crate::model::{Passage, PositionIx, SourceText};

    fn text(body: &str, passages: &[(u32, std::ops::Range<usize>)]) -> SourceText {
        SourceText {
            body: Arc::from(body),
            file: None,
            passages: passages
                .iter()
                .map(|(p, r)| Passage {
                    position: PositionIx(*p),
                    range: r.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn paragraphs_are_lines_and_a_passage_across_two_is_cut_in_two() {
        let body = "Title\n\nFirst line here.\nSecond line.\n";
        // "here.\nSecond": bytes 13..25.
        let start = body.find("here.").expect("here");
        let end = body.find(" line.").expect("second");
        let reading = Reading::of(&text(body, &[(0, start..end)]));
        assert_eq!(
            reading
                .paragraphs
                .iter()
                .map(|p| &body[p.clone()])
                .collect::<Vec<_>>(),
            ["Title", "First line here.", "Second line."]
        );
        assert!(reading.spans[0].is_empty());
        let in_first = &reading.spans[1][0];
        assert_eq!(&"First line here."[in_first.range.clone()], "here.");
        assert_eq!(&"Second line."[reading.spans[2][0].range.clone()], "Second");
        assert_eq!(reading.start_of(PositionIx(0)), Some((1, 11)));
        assert_eq!(reading.paragraph_at(end), 2);
    }

    #[test]
    fn overlapping_passages_take_levels() {
        let body = "a b c d e f g";
        let reading = Reading::of(&text(
            body,
            &[(0, 0..5), (1, 2..9), (2, 6..13), (3, 10..13)],
        ));
        let levels: Vec<u8> = reading.spans[0].iter().map(|s| s.level).collect();
        // 0..5 at 0; 2..9 overlaps it: 1; 6..13 starts after 0..5 ends: 0; 10..13: 1.
        assert_eq!(levels, [0, 1, 0, 1]);
        assert_eq!(reading.levels, 1);
    }

    #[test]
    fn search_ignores_ascii_case() {
        assert_eq!(find_text("Peace and PEACE", "peace", 10), [0..5, 10..15]);
        assert!(find_text("x", "  ", 10).is_empty());
    }
}
