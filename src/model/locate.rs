//! A lexical map of a RON positions file: where each list entry and each of its fields starts.
//!
//! serde forgets where values came from, so the loader scans the text once more (only when
//! there is a problem to report) to point at the line and column of an entry or field. The scan
//! is a single iterative pass over the bytes: it never recurses, so no input can overflow the
//! stack, and it tolerates broken input (it only has to be right for files ron accepted, and
//! useful for the rest).

use super::Location;

/// The top-level lists of a positions file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    Sources,
    Actors,
    Issues,
    Positions,
}

impl List {
    pub(crate) const ALL: [Self; 4] = [Self::Sources, Self::Actors, Self::Issues, Self::Positions];

    fn from_field(name: &str) -> Option<Self> {
        match name {
            "sources" => Some(Self::Sources),
            "actors" => Some(Self::Actors),
            "issues" => Some(Self::Issues),
            "positions" => Some(Self::Positions),
            _ => None,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// The singular noun for an entry of this list ("actor").
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::Sources => "source",
            Self::Actors => "actor",
            Self::Issues => "issue",
            Self::Positions => "position",
        }
    }
}

/// One entry of a list: its byte range and the byte offset of each field name in it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Element {
    pub start: usize,
    pub end: usize,
    pub fields: Vec<(String, usize)>,
}

/// Where things are in one file's text.
#[derive(Debug, Default)]
pub(crate) struct FileMap {
    line_starts: Vec<usize>,
    top_fields: Vec<(String, usize)>,
    lists: [Vec<Element>; 4],
    /// Each list's `[` and `]` (or the end of the text, when unclosed).
    brackets: [Option<(usize, usize)>; 4],
    /// The dataset's own `(` and `)`.
    top: Option<(usize, usize)>,
    text_len: usize,
}

impl FileMap {
    /// Scans `text` for its entries only, without the line index that locating problems
    /// needs (the writer's map: it never reports a line).
    pub(crate) fn scan_entries(text: &str) -> Self {
        let mut map = Self {
            text_len: text.len(),
            ..Self::default()
        };
        Scanner::default().run(text.as_bytes(), &mut map);
        map
    }

    /// Scans `text` once.
    pub(crate) fn scan(text: &str) -> Self {
        let mut map = Self {
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            text_len: text.len(),
            ..Self::default()
        };
        Scanner::default().run(text.as_bytes(), &mut map);
        map
    }

    /// The line and column of a byte offset (columns count characters).
    pub(crate) fn location(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line.saturating_sub(1)];
        let column = text
            .get(line_start..offset)
            .map_or(offset - line_start, |s| s.chars().count())
            + 1;
        Location { line, column }
    }

    /// The byte offset of a line and column reported by ron.
    pub(crate) fn offset(&self, text: &str, location: Location) -> usize {
        let Some(&line_start) = self.line_starts.get(location.line.saturating_sub(1)) else {
            return text.len();
        };
        text.get(line_start..)
            .unwrap_or_default()
            .char_indices()
            .nth(location.column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| line_start + i)
    }

    /// The entries found in one list.
    pub(crate) fn elements(&self, list: List) -> &[Element] {
        &self.lists[list.slot()]
    }

    /// Which list entry contains a byte offset.
    pub(crate) fn element_at(&self, offset: usize) -> Option<(List, usize)> {
        List::ALL.into_iter().find_map(|list| {
            let elements = self.elements(list);
            let i = elements.partition_point(|e| e.start <= offset);
            let candidate = elements.get(i.checked_sub(1)?)?;
            (offset <= candidate.end).then_some((list, i - 1))
        })
    }

    /// The byte offset of a field of a list entry, else of the entry itself.
    pub(crate) fn field_offset(
        &self,
        list: List,
        index: usize,
        field: Option<&str>,
    ) -> Option<usize> {
        let element = self.elements(list).get(index)?;
        let found = field.and_then(|name| {
            element
                .fields
                .iter()
                .find(|(f, _)| f == name)
                .map(|&(_, offset)| offset)
        });
        Some(found.unwrap_or(element.start))
    }

    /// A list's `[` and `]`, if the file has the list.
    pub(crate) fn brackets(&self, list: List) -> Option<(usize, usize)> {
        self.brackets[list.slot()]
    }

    /// The dataset's own `(` and `)`.
    pub(crate) fn top(&self) -> Option<(usize, usize)> {
        self.top
    }

    /// The byte offset of a top-level field.
    pub(crate) fn top_field_offset(&self, field: &str) -> Option<usize> {
        self.top_fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|&(_, offset)| offset)
    }
}

/// The state of the one-pass scan.
#[derive(Default)]
struct Scanner {
    depth: usize,
    /// The list the top-level field being read names, if any.
    list_field: Option<List>,
    /// The list whose `[ … ]` we are inside (at depth 2).
    in_list: Option<List>,
    current: Option<Element>,
}

impl Scanner {
    fn run(mut self, bytes: &[u8], map: &mut FileMap) {
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') || bytes.get(i + 1) == Some(&b'*') => {
                    i = skip_comment(bytes, i);
                }
                b'"' => {
                    self.value_at(i);
                    i = skip_string(bytes, i);
                }
                b'\'' => {
                    self.value_at(i);
                    i = skip_char(bytes, i);
                }
                b'r' if is_raw_string_start(bytes, i) => {
                    self.value_at(i);
                    i = skip_raw_string(bytes, i);
                }
                b'(' | b'[' | b'{' => {
                    self.value_at(i);
                    self.depth += 1;
                    if self.depth == 1 && c == b'(' && map.top.is_none() {
                        map.top = Some((i, bytes.len()));
                    }
                    if self.depth == 2 && c == b'[' {
                        self.in_list = self.list_field;
                        if let Some(list) = self.list_field {
                            map.brackets[list.slot()] = Some((i, bytes.len()));
                        }
                    }
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if self.depth == 2 {
                        self.close_element(i, map);
                        if let Some(list) = self.in_list
                            && let Some(span) = &mut map.brackets[list.slot()]
                        {
                            span.1 = i;
                        }
                        self.in_list = None;
                    }
                    if self.depth == 1
                        && let Some(span) = &mut map.top
                        && span.1 == bytes.len()
                    {
                        span.1 = i;
                    }
                    self.depth = self.depth.saturating_sub(1);
                    i += 1;
                }
                b',' => {
                    if self.depth == 2 {
                        self.close_element(i, map);
                    } else if self.depth == 1 {
                        self.list_field = None;
                    }
                    i += 1;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    let next = skip_trivia(bytes, i);
                    let is_field =
                        bytes.get(next) == Some(&b':') && bytes.get(next + 1) != Some(&b':');
                    let name = String::from_utf8_lossy(&bytes[start..i]).into_owned();
                    if is_field && self.depth == 1 {
                        self.list_field = List::from_field(&name);
                        map.top_fields.push((name, start));
                    } else if is_field && self.depth == 3 && self.in_list.is_some() {
                        if let Some(current) = &mut self.current {
                            current.fields.push((name, start));
                        }
                    } else {
                        self.value_at(start);
                    }
                }
                _ => {
                    self.value_at(i);
                    i += 1;
                }
            }
        }
        // An unterminated list still yields its last entry.
        self.close_element(bytes.len(), map);
    }

    /// Something that is part of a value starts here: it may open a list entry.
    fn value_at(&mut self, offset: usize) {
        if self.depth == 2 && self.in_list.is_some() && self.current.is_none() {
            self.current = Some(Element {
                start: offset,
                ..Element::default()
            });
        }
    }

    fn close_element(&mut self, end: usize, map: &mut FileMap) {
        if let (Some(list), Some(mut element)) = (self.in_list, self.current.take()) {
            element.end = end;
            map.lists[list.slot()].push(element);
        }
    }
}

/// One field of a struct as written: `name: value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldSpan {
    /// The field's name.
    pub name: String,
    /// Where the name starts.
    pub start: usize,
    /// Where the value starts and ends (trivia around it excluded).
    pub value: std::ops::Range<usize>,
    /// Just past the comma that follows the value, if one does.
    pub comma_end: Option<usize>,
}

/// The fields of the struct whose `(` is at or after `from` (an entry may start with its type
/// name, `Actor(`), and the offset of its closing `)`. Nested values are skipped whole;
/// comments and strings never count as structure.
pub(crate) fn struct_fields(text: &str, from: usize) -> Option<(Vec<FieldSpan>, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() && bytes[i] != b'(' {
        i = match bytes[i] {
            b'/' => skip_comment(bytes, i).max(i + 1),
            _ => i + 1,
        };
    }
    if i >= bytes.len() {
        return None;
    }
    i += 1;
    let mut fields = Vec::new();
    loop {
        i = skip_trivia(bytes, i);
        match bytes.get(i) {
            None => return None,
            Some(b')') => return Some((fields, i)),
            Some(b',') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i == start {
            return None;
        }
        let name = String::from_utf8_lossy(&bytes[start..i]).into_owned();
        i = skip_trivia(bytes, i);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let value_start = skip_trivia(bytes, i + 1);
        let (value_end, next) = skip_value(bytes, value_start);
        let comma_end = (bytes.get(next) == Some(&b',')).then_some(next + 1);
        fields.push(FieldSpan {
            name,
            start,
            value: value_start..value_end,
            comma_end,
        });
        i = comma_end.unwrap_or(next);
    }
}

/// Skips one value starting at `i`: returns where it ends and where the next token (after
/// trivia) starts.
fn skip_value(bytes: &[u8], mut i: usize) -> (usize, usize) {
    let mut depth = 0usize;
    let mut end = i;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => i = skip_comment(bytes, i),
            b'"' => {
                i = skip_string(bytes, i);
                end = i;
            }
            b'\'' => {
                i = skip_char(bytes, i);
                end = i;
            }
            b'r' if is_raw_string_start(bytes, i) => {
                i = skip_raw_string(bytes, i);
                end = i;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
                end = i;
            }
            b')' | b']' | b'}' | b',' if depth == 0 => return (end, i),
            b')' | b']' | b'}' => {
                depth -= 1;
                i += 1;
                end = i;
            }
            _ => {
                i += 1;
                end = i;
            }
        }
    }
    (end, bytes.len())
}

fn skip_trivia(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
            Some(b'/') if matches!(bytes.get(i + 1), Some(b'/' | b'*')) => {
                i = skip_comment(bytes, i);
            }
            _ => return i,
        }
    }
}

/// Skips a `//` line comment or a (nested) `/* */` block comment starting at `i`.
fn skip_comment(bytes: &[u8], i: usize) -> usize {
    if bytes.get(i + 1) == Some(&b'/') {
        return bytes[i..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| i + p + 1);
    }
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < bytes.len() {
        match (bytes[j], bytes[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

fn skip_string(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

fn skip_char(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    if bytes.get(j) == Some(&b'\\') {
        j += 2;
    }
    while j < bytes.len() && bytes[j] != b'\'' {
        j += 1;
    }
    (j + 1).min(bytes.len())
}

fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    bytes.get(i + 1 + hashes) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
    let mut j = i + 1 + hashes + 1;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::{FileMap, List};

    const TEXT: &str = "// comment (with [brackets]\n(\n  title: \"t, [x]\",\n  actors: [\n    (id: \"a\", name: \"A\", kind: Country),\n    Actor(id: r#\"b\"#, /* ) */ name: \"B\", kind: Leader, represents: \"a\"),\n  ],\n  issues: [], positions: [(actor: \"a\", issue: \"i\", stance: Condition(\"x\"), quote: \"q\")],\n)\n";

    #[test]
    fn finds_entries_and_fields() {
        let map = FileMap::scan(TEXT);
        let actors = map.elements(List::Actors);
        assert_eq!(actors.len(), 2);
        assert_eq!(map.location(TEXT, actors[0].start).to_string(), "5:5");
        assert_eq!(map.location(TEXT, actors[1].start).to_string(), "6:5");
        let represents = map.field_offset(List::Actors, 1, Some("represents"));
        assert_eq!(
            represents.map(|o| map.location(TEXT, o).to_string()),
            Some("6:56".into())
        );
        assert_eq!(map.elements(List::Issues).len(), 0);
        let positions = map.elements(List::Positions);
        assert_eq!(positions.len(), 1);
        let fields: Vec<&str> = positions[0]
            .fields
            .iter()
            .map(|(f, _)| f.as_str())
            .collect();
        assert_eq!(fields, ["actor", "issue", "stance", "quote"]);
        assert_eq!(
            map.element_at(positions[0].start + 3),
            Some((List::Positions, 0))
        );
        let title = map.top_field_offset("title");
        assert_eq!(
            title.map(|o| map.location(TEXT, o).to_string()),
            Some("3:3".into())
        );
    }

    #[test]
    fn survives_garbage_and_deep_nesting() {
        let deep = "[".repeat(100_000);
        let map = FileMap::scan(&deep);
        assert!(map.elements(List::Actors).is_empty());
        let map = FileMap::scan("(actors: [\"unterminated");
        assert_eq!(map.elements(List::Actors).len(), 1);
        let text = "é\né(x)";
        let map = FileMap::scan(text);
        assert_eq!(map.location(text, 5).to_string(), "2:2");
        assert_eq!(map.offset(text, map.location(text, 5)), 5);
    }
}
