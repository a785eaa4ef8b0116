//! A source's full text and where its positions' quotes sit in it.
//!
//! A source may carry its text inline (`text: "…"`) or in a file beside the positions file
//! (`text_file: "article.html"`, kept inside that file's folder). A quote whose source has text
//! must occur in it verbatim, where a run of whitespace matches any run of whitespace and
//! nothing else is forgiven (case, typographic quotes and dashes must match): the passage found
//! is what the Sources view highlights.

use std::ops::Range;
use std::path::{Component, Path};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

/// A source's text as read, with the passages its positions quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceText {
    /// The readable text (an HTML file's text, paragraphs kept).
    pub body: Arc<str>,

    /// The `text_file` it was read from, as written; `None` when the text is inline.
    pub file: Option<String>,

    /// Each quoted passage: the position and the byte range of its quote in `body`, in the
    /// order of the text (by start, then the longer first).
    pub passages: Vec<Passage>,
}

/// Where one position's quote sits in its source's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// The position quoting it.
    pub position: super::PositionIx,

    /// Its bytes in the source's text (on character boundaries).
    pub range: Range<usize>,
}

/// Why a `text_file` cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextFileError {
    /// An absolute path, or one that leaves the positions file's folder (by `..` or a link).
    Outside,
    /// There is no folder to read it from (the text was not read from a file).
    NoFolder,
    /// Missing or unreadable, with what the system said.
    Unreadable(String),
    /// Larger than stancemap reads.
    TooLarge(u64),
    /// Not UTF-8 text.
    NotText,
}

/// Reads a `text_file` named relative to `folder` (the positions file's folder): `.html` and
/// `.htm` as their readable text, anything else (`.txt`, `.md`) as it is. The path must stay
/// inside `folder`, links resolved.
pub fn read_text_file(folder: Option<&Path>, written: &str) -> Result<String, TextFileError> {
    let relative = Path::new(written);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(TextFileError::Outside);
    }
    // `..` that climbs out of the folder is refused as written, whether or not the file exists.
    let mut depth = 0_usize;
    for component in relative.components() {
        match component {
            Component::ParentDir if depth == 0 => return Err(TextFileError::Outside),
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let folder = folder.ok_or(TextFileError::NoFolder)?;
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    let root = folder
        .canonicalize()
        .map_err(|e| TextFileError::Unreadable(e.to_string()))?;
    let path = root
        .join(relative)
        .canonicalize()
        .map_err(|e| TextFileError::Unreadable(e.to_string()))?;
    if !path.starts_with(&root) {
        return Err(TextFileError::Outside);
    }
    let size = std::fs::metadata(&path)
        .map_err(|e| TextFileError::Unreadable(e.to_string()))?
        .len();
    if size > super::MAX_FILE_BYTES {
        return Err(TextFileError::TooLarge(size));
    }
    let bytes = std::fs::read(&path).map_err(|e| TextFileError::Unreadable(e.to_string()))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| TextFileError::NotText)?;
    let html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    Ok(if html {
        html_text(text)
    } else {
        text.to_owned()
    })
}

/// Elements whose content is never text to read.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
];

/// Elements that stand as blocks: their text is a paragraph of its own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// An HTML document's readable text: the text of its body as a browser lays it out, each block
/// (paragraph, heading, list item, table row) a paragraph of its own separated by a blank line,
/// runs of whitespace one space (a `<pre>` keeps its lines), `<br>` a line break; scripts,
/// styles and the head left out. Parsed by html5ever (through `scraper`), as browsers parse.
pub fn html_text(html: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let mut out = Text::default();
    walk(document.tree.root(), &mut out, false);
    out.finish()
}

/// The text being gathered: paragraphs, and whether a space is owed before the next word.
#[derive(Default)]
struct Text {
    out: String,
    space: bool,
    /// A paragraph break is owed before the next word.
    block: bool,
}

impl Text {
    fn word(&mut self, s: &str) {
        if self.out.is_empty() {
            // Nothing before the first word.
        } else if self.block {
            self.out.push_str("\n\n");
        } else if self.space {
            self.out.push(' ');
        }
        self.block = false;
        self.space = false;
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str, pre: bool) {
        if pre {
            for (k, line) in s.split('\n').enumerate() {
                if k > 0 {
                    self.out.push('\n');
                    self.space = false;
                }
                if !line.is_empty() {
                    self.word(line);
                }
            }
            return;
        }
        if s.starts_with(char::is_whitespace) {
            self.space = true;
        }
        let mut words = s.split_whitespace().peekable();
        while let Some(w) = words.next() {
            self.word(w);
            if words.peek().is_some() {
                self.space = true;
            }
        }
        if s.ends_with(char::is_whitespace) && !s.trim().is_empty() {
            self.space = true;
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

fn walk(node: ego_tree::NodeRef<'_, scraper::Node>, out: &mut Text, pre: bool) {
    for child in node.children() {
        match child.value() {
            scraper::Node::Text(text) => out.text(text, pre),
            scraper::Node::Element(element) => {
                let name = element.name();
                if HIDDEN.contains(&name) {
                    continue;
                }
                if name == "br" {
                    if !out.out.is_empty() {
                        out.out.push('\n');
                    }
                    out.space = false;
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.block = true;
                }
                let cell = matches!(name, "td" | "th");
                if cell {
                    out.space = true;
                }
                walk(child, out, pre || name == "pre");
                if block {
                    out.block = true;
                }
            }
            _ => walk(child, out, pre),
        }
    }
}

/// A text with each run of whitespace made one space, and the way back to the original's
/// byte offsets.
struct Squeezed {
    text: String,
    /// After each squeezed run: (offset in `text` after its space, offset in the original
    /// after the run), in order; offsets between two entries map one to one.
    breaks: Vec<(usize, usize)>,
}

impl Squeezed {
    fn of(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut breaks = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !d.is_whitespace() {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                text.push(' ');
                if end - i != 1 {
                    breaks.push((text.len(), end));
                }
            } else {
                text.push(c);
            }
        }
        Self { text, breaks }
    }

    /// The original offset of an offset in the squeezed text (never inside a run).
    fn original(&self, at: usize) -> usize {
        match self.breaks.partition_point(|&(s, _)| s <= at) {
            0 => at,
            k => {
                let (s, o) = self.breaks[k - 1];
                o + (at - s)
            }
        }
    }
}

/// A quote as it is sought: trimmed, its runs of whitespace one space.
fn squeeze_quote(quote: &str) -> String {
    quote.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A source's text made ready for seeking quotes in it: squeezed once, however many quotes are
/// sought and however many closest passages suggested; its ASCII-lowercased copy made when the
/// first closest passage is sought.
pub struct QuoteSearch {
    squeezed: Squeezed,
    lower: std::cell::OnceCell<String>,
}

impl QuoteSearch {
    /// The text, ready.
    pub fn new(text: &str) -> Self {
        Self {
            squeezed: Squeezed::of(text),
            lower: std::cell::OnceCell::new(),
        }
    }

    /// Where each quote first occurs in the text (byte ranges of the text), any run of whitespace
    /// matching any run, nothing else forgiven; `None` for a quote not in it. One pass over the
    /// text for all quotes (Aho–Corasick), so a 5 MB source with thousands of quotes is checked in
    /// a few milliseconds.
    pub fn find(&self, quotes: &[&str]) -> Vec<Option<Range<usize>>> {
        let squeezed = &self.squeezed;
        let mut patterns: Vec<String> = quotes.iter().map(|q| squeeze_quote(q)).collect();
        // Each distinct quote sought once.
        let mut order: Vec<usize> = (0..patterns.len()).collect();
        order.sort_by(|&a, &b| patterns[a].cmp(&patterns[b]));
        let mut unique: Vec<String> = Vec::new();
        let mut which = vec![usize::MAX; patterns.len()];
        for &k in &order {
            if patterns[k].is_empty() {
                continue;
            }
            if unique.last() != Some(&patterns[k]) {
                unique.push(std::mem::take(&mut patterns[k]));
            }
            which[k] = unique.len() - 1;
        }
        let mut found: Vec<Option<Range<usize>>> = vec![None; unique.len()];
        if !unique.is_empty() {
            let Ok(searcher) = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&unique)
            else {
                return vec![None; quotes.len()];
            };
            let mut left = unique.len();
            for m in searcher.find_overlapping_iter(&squeezed.text) {
                let slot = &mut found[m.pattern().as_usize()];
                if slot.is_none() {
                    *slot = Some(squeezed.original(m.start())..squeezed.original(m.end()));
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            }
        }
        which
            .iter()
            .map(|&w| found.get(w).cloned().flatten())
            .collect()
    }

    /// The passage of the text closest to a quote not found in it, when one is near (at least
    /// 60 % alike, by edit distance): found around the places where a few words of the quote occur
    /// (ignoring ASCII case), widened to whole words. `None` when nothing is near.
    pub fn closest(&self, quote: &str) -> Option<String> {
        let quote = squeeze_quote(quote);
        if quote.is_empty() {
            return None;
        }
        let squeezed = &self.squeezed.text;
        let lower = self.lower.get_or_init(|| squeezed.to_ascii_lowercase());
        let quote_lower = quote.to_ascii_lowercase();
        let words: Vec<(usize, &str)> = quote_lower
            .split(' ')
            .scan(0, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .collect();
        // Anchors: runs of three words (or the longest words of a short quote), spread along it.
        let span = 3.min(words.len());
        let starts = words.len() + 1 - span;
        let picks: Vec<usize> = if starts <= 6 {
            (0..starts).collect()
        } else {
            (0..6).map(|k| k * (starts - 1) / 5).collect()
        };
        let quote_chars = quote.chars().count();
        let mut best: Option<(f64, Range<usize>)> = None;
        let mut anchors: Vec<(usize, &str)> = picks
            .iter()
            .map(|&k| {
                let (offset, _) = words[k];
                let last = words[k + span - 1];
                (offset, &quote_lower[offset..last.0 + last.1.len()])
            })
            .collect();
        // Then the longest words alone, their punctuation left off (a short quote whose every run
        // of three words holds a changed one).
        let mut long: Vec<(usize, &str)> = words
            .iter()
            .map(|&(offset, w)| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                let lead = w.find(core).unwrap_or(0);
                (offset + lead, core)
            })
            .filter(|(_, w)| w.len() >= 4)
            .collect();
        long.sort_by_key(|(_, w)| std::cmp::Reverse(w.len()));
        anchors.extend(long.into_iter().take(3));
        let mut tried = 0;
        for (offset, anchor) in anchors {
            if anchor.len() < 3 {
                continue;
            }
            for (at, _) in lower.match_indices(anchor).take(5) {
                tried += 1;
                if tried > 30 {
                    break;
                }
                // The window as long as the quote in characters, aligned on the anchor.
                let before = quote_lower[..offset].chars().count();
                let start = back_chars(squeezed, at, before);
                let end = forward_chars(squeezed, start, quote_chars);
                let window = &squeezed[start..end];
                let score = strsim::normalized_levenshtein(window, &quote);
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, start..end));
                }
            }
        }
        let (score, range) = best?;
        if score < 0.6 {
            return None;
        }
        // Widened to whole words where the window cuts one, and no more punctuation at its ends
        // than the quote has at its own.
        let alnum_before = |at: usize| {
            squeezed[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        };
        let alnum_at = |at: usize| {
            squeezed[at..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        };
        let mut start = range.start;
        while start > 0 && alnum_before(start) && alnum_at(start) {
            start = floor_char(squeezed, start - 1);
        }
        let mut end = range.end;
        while end < squeezed.len() && alnum_before(end) && alnum_at(end) {
            end += squeezed[end..].chars().next().map_or(1, char::len_utf8);
        }
        let passage = squeezed[start..end].trim();
        let edge = |s: &str, from_end: bool| {
            let count = |it: &mut dyn Iterator<Item = char>| {
                it.take_while(|c| !c.is_alphanumeric()).count()
            };
            if from_end {
                count(&mut s.chars().rev())
            } else {
                count(&mut s.chars())
            }
        };
        let lead = edge(passage, false).saturating_sub(edge(&quote, false));
        let trail = edge(passage, true).saturating_sub(edge(&quote, true));
        let chars: Vec<char> = passage.chars().collect();
        if lead + trail >= chars.len() {
            return None;
        }
        Some(
            chars[lead..chars.len() - trail]
                .iter()
                .collect::<String>()
                .trim()
                .to_owned(),
        )
    }
}

/// The offset `n` characters before `at` (or the start).
fn back_chars(s: &str, at: usize, n: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .take(n)
        .last()
        .map_or(at, |(i, _)| i)
}

/// The offset `n` characters after `at` (or the end).
fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

fn floor_char(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::{QuoteSearch, html_text};

    fn find_quotes(text: &str, quotes: &[&str]) -> Vec<Option<std::ops::Range<usize>>> {
        QuoteSearch::new(text).find(quotes)
    }

    fn closest_passage(text: &str, quote: &str) -> Option<String> {
        QuoteSearch::new(text).closest(quote)
    }

    #[test]
    fn quotes_match_across_any_whitespace_and_nothing_else() {
        let text = "Merz said:\n  Europe as a whole\tshould act.\r\nThen “nothing” – more.";
        let found = find_quotes(
            text,
            &[
                "Europe as a whole should act.",
                "Europe  as a\nwhole",
                "europe as a whole",
                "\"nothing\"",
                "“nothing” – more.",
                "absent",
                "Merz said: Europe",
            ],
        );
        let slice = |k: usize| found[k].clone().map(|r| &text[r]);
        assert_eq!(slice(0), Some("Europe as a whole\tshould act."));
        assert_eq!(slice(1), Some("Europe as a whole"));
        // Case, straight for curly quotes: not forgiven.
        assert_eq!(slice(2), None);
        assert_eq!(slice(3), None);
        assert_eq!(slice(4), Some("“nothing” – more."));
        assert_eq!(slice(5), None);
        assert_eq!(slice(6), Some("Merz said:\n  Europe"));
    }

    #[test]
    fn the_same_quote_twice_and_a_quote_inside_another_are_both_found() {
        let text = "a b c d e";
        let found = find_quotes(text, &["b c d", "c", "b c d", "a b c d e"]);
        assert_eq!(found, vec![Some(2..7), Some(4..5), Some(2..7), Some(0..9)]);
    }

    #[test]
    fn the_closest_passage_is_offered_when_one_is_near() {
        let text = "French President Emmanuel Macron warned against rushing into a peace \
                    treaty without assurances, stating, \"This peace must not be rushed and \
                    must be secured by solid guarantees.\" Other words follow here.";
        let near = closest_passage(
            text,
            "This peace must not be rushed and must be secured by strong guarantees.",
        );
        assert_eq!(
            near.as_deref(),
            Some("This peace must not be rushed and must be secured by solid guarantees.")
        );
        assert_eq!(
            closest_passage(text, "Nothing of the sort was ever said here"),
            None
        );
    }

    #[test]
    fn html_gives_its_readable_text_with_paragraphs() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
                    <h1>Security  guarantees</h1><p>First <b>bold</b> para,\n  wrapped.</p>\
                    <script>var x = 1;</script><ul><li>one</li><li>two</li></ul>\
                    <p>Line<br>break &amp; “quotes”</p></body></html>";
        assert_eq!(
            html_text(html),
            "Security guarantees\n\nFirst bold para, wrapped.\n\none\n\ntwo\n\nLine\nbreak & “quotes”"
        );
    }
}
