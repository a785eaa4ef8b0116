//! Editing the base text: patches, where lines start and end, the shape an entry is written
//! in, and patching one entry's fields in place.

use std::fmt::Write as _;
use std::ops::Range;

use super::super::locate::{FieldSpan, struct_fields};
use super::fields::Value;

/// Text edits to make, as (range of the base text, replacement).
#[derive(Default)]
pub(super) struct Patches(Vec<(Range<usize>, String)>);

impl Patches {
    pub(super) fn replace(&mut self, range: Range<usize>, with: String) {
        self.0.push((range, with));
    }

    pub(super) fn insert(&mut self, at: usize, text: String) {
        self.0.push((at..at, text));
    }

    /// The patches in the order they are made, their new lines ending as the file's do.
    pub(super) fn finish(mut self, crlf: bool) -> Edits {
        if crlf {
            for (_, text) in &mut self.0 {
                if text.contains('\n') {
                    *text = text.replace('\n', "\r\n");
                }
            }
        }
        // Stable: insertions at one offset stay in the order they were made.
        self.0.sort_by_key(|(range, _)| (range.start, range.end));
        Edits(self.0)
    }
}

/// A file's edits, ready to make (patches never overlap: each is made once).
pub struct Edits(Vec<(Range<usize>, String)>);

impl Edits {
    /// The pieces of the new text, in order: kept runs of `base` and replacements.
    fn pieces<'a>(&'a self, base: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut at = 0;
        self.0
            .iter()
            .flat_map(move |(range, text)| {
                let start = range.start.max(at);
                let kept = &base[at..start];
                at = range.end.max(start);
                [kept, text.as_str()]
            })
            .chain(std::iter::once(&base[self.end()..]))
    }

    /// Where the last patch ends (the rest of the base follows unchanged).
    fn end(&self) -> usize {
        self.0
            .iter()
            .fold(0, |at, (range, _)| range.end.max(range.start.max(at)))
    }

    /// The new text.
    pub fn text(&self, base: &str) -> String {
        let added: usize = self.0.iter().map(|(_, s)| s.len()).sum();
        let mut out = String::with_capacity(base.len() + added);
        for piece in self.pieces(base) {
            out.push_str(piece);
        }
        out
    }

    /// Writes the new text to `out` without making it first.
    pub fn write_to(&self, base: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        for piece in self.pieces(base) {
            out.write_all(piece.as_bytes())?;
        }
        out.flush()
    }
}

/// Where the line holding `offset` starts.
pub(super) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line holding `offset` ends (at its `\n` or `\r\n`, or the end of the text).
pub(super) fn line_end(text: &str, offset: usize) -> usize {
    match text[offset..].find('\n') {
        Some(i) if i > 0 && text.as_bytes()[offset + i - 1] == b'\r' => offset + i - 1,
        Some(i) => offset + i,
        None => text.len(),
    }
}

/// Where the line after the one holding `offset` starts (the end of the text on the last).
pub(super) fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The whitespace that starts the line holding `offset`.
pub(super) fn indent_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..line_end(text, offset)];
    &line[..line.len() - line.trim_start().len()]
}

/// Whether only whitespace stands before `offset` on its line.
pub(super) fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset].trim().is_empty()
}

/// Whether the rest of the line after `offset` is blank or a `//` comment.
pub(super) fn rest_is_blank_or_comment(text: &str, offset: usize) -> bool {
    let rest = text[offset..line_end(text, offset)].trim();
    rest.is_empty() || rest.starts_with("//")
}

/// A range to remove, widened to its whole line(s) when nothing else is on them (so a
/// removed field or entry leaves no blank line), and past the spaces after it otherwise.
pub(super) fn removal(text: &str, range: Range<usize>) -> Range<usize> {
    let mut end = range.end;
    while matches!(text.as_bytes().get(end), Some(b' ' | b'\t')) {
        end += 1;
    }
    let before_blank = starts_line(text, range.start);
    let after_blank = text[end..line_end(text, end)].trim().is_empty();
    if before_blank && after_blank {
        line_start(text, range.start)..next_line(text, end)
    } else {
        range.start..end
    }
}

/// The comments inside a range of RON text (strings skipped), each as written.
pub(super) fn comments_in(text: &str, range: Range<usize>) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = range.start;
    while i < range.end {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < range.end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let open = i + 2 + hashes;
                i = text
                    .get(open.min(range.end)..range.end)
                    .and_then(|rest| rest.find(&close))
                    .map_or(range.end, |p| open + p + close.len());
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(text, i).min(range.end);
                found.push(text[i..end].trim_end());
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..range.end]
                    .find("*/")
                    .map_or(range.end, |p| i + 2 + p + 2);
                found.push(&text[i..end]);
                i = end;
            }
            _ => i += 1,
        }
    }
    found
}

/// How the entries of a list are laid out, learnt from one of them.
pub(super) struct Shape {
    /// What comes before the fields: `(` or `Actor(`.
    pub(super) open: String,
    /// The entry's indentation.
    pub(super) indent: String,
    /// Per field name in the template, in its order: whether it starts a line, and the
    /// indentation it has then.
    pub(super) fields: Vec<(String, Option<String>)>,
    /// Whether every field starts its own line.
    pub(super) one_per_line: bool,
    /// The closing `)`'s indentation when it stands on its own line.
    pub(super) close: Option<String>,
}

impl Shape {
    pub(super) fn of(text: &str, start: usize) -> Option<Self> {
        let (fields, close) = struct_fields(text, start)?;
        let open_end = text[start..].find('(').map(|p| start + p + 1)?;
        let field_shapes: Vec<(String, Option<String>)> = fields
            .iter()
            .map(|f| {
                let own_line = starts_line(text, f.start).then(|| indent_at(text, f.start));
                (f.name.clone(), own_line.map(str::to_owned))
            })
            .collect();
        Some(Self {
            open: text[start..open_end].to_owned(),
            indent: indent_at(text, start).to_owned(),
            one_per_line: !field_shapes.is_empty() && field_shapes.iter().all(|f| f.1.is_some()),
            fields: field_shapes,
            close: starts_line(text, close).then(|| indent_at(text, close).to_owned()),
        })
    }

    /// The default shape: one line.
    pub(super) fn one_line(indent: String) -> Self {
        Self {
            open: "(".to_owned(),
            indent,
            fields: Vec::new(),
            one_per_line: false,
            close: None,
        }
    }

    /// Where a field goes on a new line, if it does: its indentation.
    pub(super) fn line_of(&self, name: &str) -> Option<String> {
        match self.fields.iter().find(|(n, _)| n == name) {
            Some((_, line)) => line.clone(),
            None if self.one_per_line => self
                .fields
                .last()
                .and_then(|(_, line)| line.clone())
                .or_else(|| Some(format!("{}    ", self.indent))),
            None => None,
        }
    }

    /// An entry with these fields, in this shape (without its indentation or trailing comma).
    pub(super) fn render(&self, fields: &[(&'static str, Value<'_>)], crlf: bool) -> String {
        let order = |name: &str| {
            self.fields
                .iter()
                .position(|(n, _)| n == name)
                .unwrap_or(usize::MAX)
        };
        let mut ordered: Vec<&(&'static str, Value<'_>)> = fields.iter().collect();
        ordered.sort_by_key(|(name, _)| order(name));
        let mut out = self.open.clone();
        for (j, (name, value)) in ordered.iter().enumerate() {
            match (j, self.line_of(name)) {
                (0, None) => {}
                (_, None) => out.push_str(", "),
                (0, Some(indent)) => {
                    out.push('\n');
                    out.push_str(&indent);
                }
                (_, Some(indent)) => {
                    out.push_str(",\n");
                    out.push_str(&indent);
                }
            }
            write!(out, "{name}: {}", value.render(crlf)).ok();
        }
        match &self.close {
            Some(indent) => {
                out.push_str(",\n");
                out.push_str(indent);
                out.push(')');
            }
            None => out.push(')'),
        }
        out
    }
}

/// Patches one struct's fields (an entry, or the dataset's header) to hold `fields`.
pub(super) fn patch_fields(
    text: &str,
    spans: &[FieldSpan],
    fields: &[(&'static str, Value<'_>)],
    only: Option<&[&str]>,
    crlf: bool,
    patches: &mut Patches,
) {
    let in_scope = |name: &str| only.is_none_or(|names| names.contains(&name));
    let mut kept_last: Option<&FieldSpan> = None;
    // Whether the last kept field lost its comma (the field after it, last on its line, went
    // with the comma): fields added then follow it with a comma of their own.
    let mut last_comma_gone = false;
    for (j, span) in spans.iter().enumerate() {
        if !in_scope(&span.name) {
            kept_last = Some(span);
            continue;
        }
        if let Some((_, value)) = fields.iter().find(|(name, _)| *name == span.name) {
            let written = &text[span.value.clone()];
            if !value.written_as(written) {
                patches.replace(span.value.clone(), value.render(crlf));
            }
            kept_last = Some(span);
        } else {
            let previous = j.checked_sub(1).and_then(|p| spans.get(p));
            let last_on_shared_line = j + 1 == spans.len() && !starts_line(text, span.start);
            match previous {
                // `(a: 1, b: 2)` without b is `(a: 1)`, not `(a: 1, )`.
                Some(previous)
                    if last_on_shared_line
                        && !text[previous.value.end..span.start].contains('/') =>
                {
                    patches.replace(previous.value.end..span.value.end, String::new());
                    last_comma_gone = kept_last.is_some_and(|k| std::ptr::eq(k, previous));
                }
                _ => {
                    let end = span.comma_end.unwrap_or(span.value.end);
                    patches.replace(removal(text, span.start..end), String::new());
                }
            }
        }
    }
    let added: Vec<&(&'static str, Value<'_>)> = fields
        .iter()
        .filter(|(name, _)| in_scope(name) && !spans.iter().any(|s| s.name == *name))
        .collect();
    let Some(last) = kept_last else { return };
    if added.is_empty() {
        return;
    }
    let own_line = starts_line(text, last.start).then(|| indent_at(text, last.start));
    let mut insert = String::new();
    let comma_end = last.comma_end.filter(|_| !last_comma_gone);
    let at = if let Some(comma_end) = comma_end {
        for (name, value) in &added {
            match own_line {
                Some(indent) => write!(insert, "\n{indent}{name}: {},", value.render(crlf)),
                None => write!(insert, " {name}: {},", value.render(crlf)),
            }
            .ok();
        }
        if own_line.is_some() && rest_is_blank_or_comment(text, comma_end) {
            // After a comment on the last field's line, not before it.
            line_end(text, comma_end)
        } else {
            comma_end
        }
    } else {
        for (name, value) in &added {
            match own_line {
                Some(indent) => write!(insert, ",\n{indent}{name}: {}", value.render(crlf)),
                None => write!(insert, ", {name}: {}", value.render(crlf)),
            }
            .ok();
        }
        last.value.end
    };
    patches.insert(at, insert);
}
