//! A line of text set for painters that draw glyphs themselves: which glyph of which font goes
//! where, in display order.
//!
//! The Unicode bidirectional algorithm (UAX #9, `unicode-bidi`) orders the line's runs, with the
//! paragraph direction of its first strong character, as the window and browsers show it. Each
//! run of one font (see [`super::font_runs`]) is shaped by harfrust in its run's direction, so
//! an Arabic word comes out joined and right to left, and the words of a right-to-left run go
//! from right to left. The advances are those [`super::width`] adds up (it shapes each run of
//! one font alone; here a run is also cut where the direction changes, which for text of one
//! direction is the same).

use unicode_bidi::BidiInfo;

use super::{Font, bidi, font_runs};

/// One glyph of a set line.
#[derive(Clone, Copy, Debug)]
pub struct Glyph {
    /// The font that draws it.
    pub font: &'static Font,
    /// Its glyph id in that font.
    pub id: u16,
    /// Its origin from the line's start, in points (to the right).
    pub x: f32,
    /// Its origin from the baseline, in points (down).
    pub y: f32,
}

/// A line of text set at some size.
#[derive(Clone, Debug, Default)]
pub struct SetLine {
    /// The glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// The advance of the whole line, in points.
    pub width: f32,
}

/// Sets one line of text at `size` points. Characters no font has take 0.56 em and draw
/// nothing, as [`super::width`] counts them.
pub fn set_line(text: &str, size: f32) -> SetLine {
    let mut line = SetLine::default();
    let mut place = |font: Option<&'static Font>, run: &str, direction| match font {
        None => line.width += run.chars().count() as f32 * 0.56 * size,
        Some(font) => {
            let scale = size / font.units_per_em();
            font.shape(run, direction, |shaped| {
                for (info, position) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                    line.glyphs.push(Glyph {
                        font,
                        id: u16::try_from(info.glyph_id).unwrap_or(0),
                        x: line.width + position.x_offset as f32 * scale,
                        y: -(position.y_offset as f32) * scale,
                    });
                    line.width += position.x_advance as f32 * scale;
                }
            });
        }
    };
    if !bidi::has_rtl(text) {
        for (font, run) in font_runs(text) {
            place(font, run, None);
        }
        return line;
    }
    let info = BidiInfo::new(text, None);
    for paragraph in &info.paragraphs {
        let (levels, runs) = info.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let piece = &text[run.clone()];
            if levels[run.start].is_rtl() {
                for (font, part) in font_runs(piece).into_iter().rev() {
                    place(font, part, Some(harfrust::Direction::RightToLeft));
                }
            } else {
                for (font, part) in font_runs(piece) {
                    place(font, part, Some(harfrust::Direction::LeftToRight));
                }
            }
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::set_line;
    use crate::text::width;

    #[test]
    fn a_set_line_is_as_wide_as_measured_and_its_glyphs_go_left_to_right() {
        for text in [
            "Friedrich Merz",
            "Ελλάδα",
            "جامعة الدول العربية",
            "EU ישראל 2025",
        ] {
            let line = set_line(text, 13.0);
            assert!((line.width - width(text, 13.0)).abs() < 0.05, "{text}");
            assert!(!line.glyphs.is_empty());
            assert!(
                line.glyphs.windows(2).all(|w| w[0].x <= w[1].x + 0.5),
                "{text}: glyphs out of order"
            );
        }
    }

    #[test]
    fn right_to_left_words_are_placed_from_the_right() {
        // Display order puts the first word ("جامعة", league) at the right end.
        let text = "جامعة الدول";
        let line = set_line(text, 20.0);
        let first_word = set_line("جامعة", 20.0);
        let last = line.glyphs.last().expect("glyphs");
        let first_word_last = first_word.glyphs.last().expect("glyphs");
        assert_eq!(last.id, first_word_last.id, "the first word ends the line");
        assert!(line.glyphs[0].x < 1.0);
    }
}
