//! Selecting a passage of the text and coding it as a position: the selection (by mouse or
//! with Shift and the arrow keys), and the position form it opens, with the quote exactly the
//! selected text and the source and its date set.

use std::ops::Range;

use egui::{Galley, Pos2};

use crate::document::Selection;
use crate::model::{ActorKind, Dataset, SourceIx};
use crate::ui::editor::{self, Form};

/// A selected run of the text: where it was started and where it ends now (bytes of the
/// source's text; the cursor may be before the anchor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextSelection {
    /// Where the selection started.
    pub anchor: usize,
    /// Where it ends now.
    pub cursor: usize,
}

impl TextSelection {
    /// The selected bytes, in order.
    pub fn range(self) -> Range<usize> {
        self.anchor.min(self.cursor)..self.anchor.max(self.cursor)
    }

    /// Whether nothing is selected (only a caret).
    pub fn is_empty(self) -> bool {
        self.anchor == self.cursor
    }
}

/// The byte of `paragraph` (laid out as `galley` at `at`) nearest to `pointer`.
pub fn byte_at(galley: &Galley, paragraph: &str, at: Pos2, pointer: Pos2) -> usize {
    let cursor = galley.cursor_from_pos(pointer - at);
    byte_of_char(paragraph, cursor.index.0)
}

fn byte_of_char(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

/// The next character boundary after `at` (`forward`) or before it.
pub fn step_char(text: &str, at: usize, forward: bool) -> usize {
    if forward {
        text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
    } else {
        text[..at]
            .chars()
            .next_back()
            .map_or(at, |c| at - c.len_utf8())
    }
}

/// The end of the next word after `at` (`forward`), or the start of the word before it.
pub fn step_word(text: &str, at: usize, forward: bool) -> usize {
    if forward {
        let rest = &text[at..];
        let start = rest
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(rest.len());
        let end = rest[start..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(rest.len(), |e| start + e);
        at + end
    } else {
        let before = &text[..at];
        let end = before.rfind(|c: char| c.is_alphanumeric()).map_or(0, |e| {
            e + before[e..].chars().next().map_or(1, char::len_utf8)
        });
        before[..end]
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |s| {
                s + before[s..].chars().next().map_or(1, char::len_utf8)
            })
    }
}

/// Whether a sentence ends with this character.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n')
}

/// The end of the sentence `at` is in (past its full stop and any closing quotes or
/// brackets), or of the next one when `at` is already at an end.
pub fn sentence_end(text: &str, at: usize) -> usize {
    let mut chars = text[at..].char_indices().peekable();
    // Skip the space after an end already reached.
    while let Some((_, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else {
            break;
        }
    }
    while let Some((i, c)) = chars.next() {
        if ends_sentence(c) {
            if c == '\n' {
                return at + i;
            }
            let mut end = at + i + c.len_utf8();
            for (j, d) in chars.by_ref() {
                if CLOSING.contains(&d) || (ends_sentence(d) && d != '\n') {
                    end = at + j + d.len_utf8();
                } else {
                    break;
                }
            }
            return end;
        }
    }
    text.len()
}

/// The start of the sentence `at` is in (after the previous one's end and the space after it).
pub fn sentence_start(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end();
    let mut start = 0;
    for (i, c) in before.char_indices() {
        if ends_sentence(c) {
            let rest = &before[i + c.len_utf8()..];
            let closed = rest.trim_start_matches(CLOSING);
            let after = before.len() - closed.len();
            if closed.starts_with(char::is_whitespace) || c == '\n' {
                start = after;
            }
        }
    }
    start + (text[start..].len() - text[start..].trim_start().len())
}

/// What may close a sentence after its full stop.
const CLOSING: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// Opens the position form for the selected text of a source: the quote is the selected
/// text (without the spaces around it), the source and its date are set. The form floats
/// beside the text (`beside`: where it is on screen), or is in the inspector when the text
/// is not in view.
pub fn code(
    ctx: &egui::Context,
    dataset: &Dataset,
    source: SourceIx,
    body: &str,
    selected: Range<usize>,
    selection: Option<Selection>,
    beside: Option<egui::Rect>,
) {
    let quote = body[selected].trim();
    if quote.is_empty() {
        return;
    }
    let source = dataset.source(source);
    let mut draft = editor::new_position_draft();
    quote.clone_into(&mut draft.quote);
    draft.source.clone_from(&source.id);
    draft.date = source.date.map(|d| d.to_string()).unwrap_or_default();
    let form = Form::Position(None, draft, ActorKind::Country);
    match beside {
        Some(passage) => editor::open_beside(ctx, selection, form, passage),
        None => editor::open_focused(ctx, selection, form),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Macron said: \"We will send troops.\" Merz disagreed. Why? Nobody knows";

    #[test]
    fn sentences_end_past_their_stop_and_closing_quote() {
        let start = TEXT.find("We").expect("we");
        assert_eq!(
            &TEXT[..sentence_end(TEXT, 0)],
            "Macron said: \"We will send troops.\""
        );
        assert_eq!(
            &TEXT[start..sentence_end(TEXT, start)],
            "We will send troops.\""
        );
        let merz = TEXT.find("Merz").expect("merz");
        assert_eq!(&TEXT[merz..sentence_end(TEXT, merz)], "Merz disagreed.");
        let end = sentence_end(TEXT, merz);
        assert_eq!(&TEXT[end..sentence_end(TEXT, end)], " Why?");
        assert_eq!(sentence_start(TEXT, merz + 3), merz);
        assert_eq!(sentence_start(TEXT, 5), 0);
        let nobody = TEXT.find("Nobody").expect("nobody");
        assert_eq!(sentence_end(TEXT, nobody), TEXT.len());
    }

    #[test]
    fn words_and_characters_step_on_boundaries() {
        let text = "Élysée said no";
        assert_eq!(step_char(text, 0, true), 'É'.len_utf8());
        assert_eq!(step_char(text, 'É'.len_utf8(), false), 0);
        assert_eq!(&text[..step_word(text, 0, true)], "Élysée");
        let said_end = text.find(" no").expect("no");
        assert_eq!(&text[step_word(text, said_end, false)..said_end], "said");
    }
}
