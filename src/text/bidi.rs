//! Right-to-left text in display order, for the window.
//!
//! egui shapes each run of one font with harfrust, which sets an Arabic or Hebrew word right to
//! left, but it places runs left to right in the order of the text and knows nothing of the
//! Unicode bidirectional algorithm: "جامعة الدول العربية" came out with its words reversed. Here
//! the algorithm (the `unicode-bidi` crate, UAX #9) orders the runs of each line, and within a
//! right-to-left run the words are put in display order while each word stays in logical
//! order, for the shaper to set right to left as one run. Brackets in right-to-left runs are
//! mirrored. SVG viewers and resvg run the algorithm themselves and get the text as written.

use std::borrow::Cow;

use unicode_bidi::{BidiClass, BidiInfo, bidi_class};

/// Whether a character is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, …).
pub fn is_rtl(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Whether text holds any right-to-left character.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(is_rtl)
}

/// Whether the first strong character of the text is right to left (its paragraph direction).
pub fn starts_rtl(text: &str) -> bool {
    text.chars()
        .map(bidi_class)
        .find(|class| matches!(class, BidiClass::L | BidiClass::R | BidiClass::AL))
        .is_some_and(|class| class != BidiClass::L)
}

/// One line of text in the order egui should be given it so it shows as the bidirectional
/// algorithm orders it. Text without right-to-left characters is returned as it is.
pub fn visual(text: &str) -> Cow<'_, str> {
    if !has_rtl(text) {
        return Cow::Borrowed(text);
    }
    let info = BidiInfo::new(text, None);
    let mut out = String::with_capacity(text.len() + 8);
    for paragraph in &info.paragraphs {
        let line = paragraph.range.clone();
        let (levels, runs) = info.visual_runs(paragraph, line);
        for run in runs {
            let piece = &text[run.clone()];
            if levels[run.start].is_ltr() {
                out.push_str(piece);
            } else {
                push_right_to_left(piece, &mut out);
            }
        }
    }
    Cow::Owned(out)
}

/// Text that wraps, in display order: each paragraph is broken into lines at most `max_width`
/// wide (set at `size` points in the painters' fonts) before each line is ordered, since the
/// line breaks of right-to-left text must follow its reading order. Text without right-to-left
/// characters is returned as it is, for the painter to wrap.
pub fn visual_wrapped(text: &str, max_width: f32, size: f32) -> Cow<'_, str> {
    if !has_rtl(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (k, paragraph) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let mut line = String::new();
        let mut lines: Vec<String> = Vec::new();
        for word in paragraph.split(' ') {
            let joined = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || super::width(&joined, size) <= max_width {
                line = joined;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        lines.push(line);
        let ordered: Vec<Cow<'_, str>> = lines
            .iter()
            .map(|l| Cow::Owned(visual(l).into_owned()))
            .collect();
        out.push_str(&ordered.join("\n"));
    }
    Cow::Owned(out)
}

/// A right-to-left run: its words (right-to-left letters with their marks and joiners) in
/// reverse order, each kept as written; every other character reversed and mirrored.
fn push_right_to_left(run: &str, out: &mut String) {
    let mut pieces: Vec<Cow<'_, str>> = Vec::new();
    let mut word_start: Option<usize> = None;
    for (at, c) in run.char_indices() {
        let in_word = is_rtl(c)
            || (word_start.is_some()
                && (matches!(bidi_class(c), BidiClass::NSM | BidiClass::BN)
                    || c == '\u{200D}'
                    || c == '\u{200C}'));
        match (in_word, word_start) {
            (true, None) => word_start = Some(at),
            (false, Some(start)) => {
                pieces.push(Cow::Borrowed(&run[start..at]));
                word_start = None;
                pieces.push(Cow::Owned(mirror(c).to_string()));
            }
            (false, None) => pieces.push(Cow::Owned(mirror(c).to_string())),
            (true, Some(_)) => {}
        }
    }
    if let Some(start) = word_start {
        pieces.push(Cow::Borrowed(&run[start..]));
    }
    for piece in pieces.iter().rev() {
        out.push_str(piece);
    }
}

/// The mirror image of a paired punctuation mark (as drawn in a right-to-left run).
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{starts_rtl, visual};

    #[test]
    fn left_to_right_text_is_untouched() {
        assert!(matches!(
            visual("Friedrich Merz (CDU)"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn arabic_words_are_shown_right_to_left() {
        // League of Arab States: "جامعة" (league) is read first, so it is drawn rightmost.
        assert_eq!(visual("جامعة الدول العربية"), "العربية الدول جامعة");
        assert!(starts_rtl("جامعة الدول العربية"));
    }

    #[test]
    fn wrapped_right_to_left_text_breaks_in_reading_order() {
        // Three words that fit two to a line: the first line holds the first two words read
        // (drawn right to left), the second the third.
        let text = "جامعة الدول العربية";
        let two = super::super::width("جامعة الدول", 20.0);
        let wrapped = super::visual_wrapped(text, two + 1.0, 20.0);
        assert_eq!(wrapped, "الدول جامعة\nالعربية");
        assert!(matches!(
            super::visual_wrapped("plain text", 10.0, 20.0),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn hebrew_words_are_shown_right_to_left() {
        assert_eq!(visual("מדינת ישראל"), "ישראל מדינת");
    }

    #[test]
    fn mixed_lines_follow_their_first_strong_character() {
        // A left-to-right line keeps its Latin words in place; the Hebrew run between them is
        // reversed word by word.
        assert_eq!(
            visual("Knesset (הכנסת של ישראל) vote"),
            "Knesset (ישראל של הכנסת) vote"
        );
        // A right-to-left line: the Latin run keeps its own order, placed by the algorithm;
        // brackets mirror.
        assert_eq!(visual("جامعة (Arab League)"), "(Arab League) جامعة");
        // Numbers stay left to right inside right-to-left text.
        assert_eq!(visual("قرار 2334"), "2334 قرار");
    }
}
