//! Text to [`Dataset`]: size and encoding checks, RON parsing, then validation.

use std::path::Path;

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::locate::{FileMap, List};
use super::raw::{RawActor, RawDataset, RawIssue, RawPosition, RawSource};
use super::table::TableOptions;
use super::validate::{suggest, validate};
use super::{Dataset, LoadError, Location, Problem, ProblemKind};

/// The largest file stancemap reads (512 MiB): far above real data, far below a memory scare.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The deepest bracket nesting ron may follow. The format needs 4 levels; this leaves room
/// for `Some(…)` wrappers while keeping a hostile file far from the stack's limit.
const RECURSION_LIMIT: usize = 32;

/// Reads and validates a positions file: RON, or a table (`.csv`, `.tsv`) whose columns
/// are found by their names.
pub fn load_file(path: &Path) -> Result<Dataset, LoadError> {
    load_file_with(path, &TableOptions::default())
}

/// The kind of file a path names, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A positions file (RON; any other extension too).
    Ron,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// A spreadsheet workbook (`.xlsx`, `.xls`, `.ods`).
    Workbook,
    /// A Discourse Network Analyzer (DNA 3) database (`.dna`, `SQLite`).
    Dna,
}

impl FileKind {
    /// The kind of a path.
    pub fn of(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Self::Csv,
            Some("tsv" | "tab") => Self::Tsv,
            Some("xlsx" | "xls" | "xlsm" | "ods") => Self::Workbook,
            Some("dna") => Self::Dna,
            _ => Self::Ron,
        }
    }

    /// Whether it is a table of positions (a CSV or TSV).
    pub fn is_table(self) -> bool {
        matches!(self, Self::Csv | Self::Tsv)
    }
}

/// [`load_file`] with a column map and quote template for tables.
pub fn load_file_with(path: &Path, table: &TableOptions) -> Result<Dataset, LoadError> {
    load_file_keeping(path, table).map(|(dataset, _)| dataset)
}

/// [`load_file_with`], also giving back the text of a RON file as read (which the
/// format-preserving writer starts from); a table gives none.
pub fn load_file_keeping(
    path: &Path,
    table: &TableOptions,
) -> Result<(Dataset, Option<String>), LoadError> {
    let name = path.display().to_string();
    let fail = |kind| LoadError {
        path: name.clone(),
        problems: vec![Problem::new(kind)],
    };
    let size_bytes = std::fs::metadata(path)
        .map_err(|e| {
            fail(ProblemKind::Unreadable {
                reason: e.to_string(),
            })
        })?
        .len();
    if size_bytes > MAX_FILE_BYTES {
        return Err(fail(ProblemKind::TooLarge {
            size_bytes,
            limit_bytes: MAX_FILE_BYTES,
        }));
    }
    let kind = FileKind::of(path);
    if kind == FileKind::Workbook {
        // The workbook reader opens the file itself (once).
        return super::table::load_workbook(path, table).map(|d| (d, None));
    }
    if kind == FileKind::Dna {
        // SQLite reads the database itself, read-only.
        return super::dna::load_dna(path, table).map(|d| (d, None));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(ProblemKind::Unreadable {
            reason: e.to_string(),
        })
    })?;
    match kind {
        FileKind::Csv => super::table::load_table(&bytes, &name, b',', table).map(|d| (d, None)),
        FileKind::Tsv => super::table::load_table(&bytes, &name, b'\t', table).map(|d| (d, None)),
        FileKind::Ron | FileKind::Workbook | FileKind::Dna => {
            let dataset = load_bytes_in(&bytes, &name, path.parent())?;
            // It loaded, so it is UTF-8.
            Ok((dataset, String::from_utf8(bytes).ok()))
        }
    }
}

/// Validates the bytes of a positions file; `name` is used in messages. A source's
/// `text_file` cannot be read (there is no folder): use [`load_file`].
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Dataset, LoadError> {
    load_bytes_in(bytes, name, None)
}

/// [`load_bytes`] for a file in `folder`, where its sources' `text_file`s are read from.
pub fn load_bytes_in(
    bytes: &[u8],
    name: &str,
    folder: Option<&Path>,
) -> Result<Dataset, LoadError> {
    let fail = |problem| LoadError {
        path: name.to_owned(),
        problems: vec![problem],
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(Problem::new(ProblemKind::TooLarge {
            size_bytes: bytes.len() as u64,
            limit_bytes: MAX_FILE_BYTES,
        })));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (valid, bad_offset, reason) = match std::str::from_utf8(bytes) {
        Ok(text) => match text.find('\0') {
            None => return load_str_in(text, name, folder),
            Some(offset) => (text, offset, "it contains a NUL byte".to_owned()),
        },
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let reason = format!("byte 0x{:02X} is not UTF-8", bytes[offset]);
            (valid, offset, reason)
        }
    };
    let map = FileMap::scan(&valid[..bad_offset.min(valid.len())]);
    let mut problem = Problem::new(ProblemKind::NotText { reason });
    problem.location = Some(map.location(valid, bad_offset));
    problem.help = Some("save the file as UTF-8 text".to_owned());
    Err(fail(problem))
}

/// Validates the text of a positions file; `name` is used in messages. A source's
/// `text_file` cannot be read (there is no folder): use [`load_str_in`].
pub fn load_str(text: &str, name: &str) -> Result<Dataset, LoadError> {
    load_str_in(text, name, None)
}

/// Validates the text of a positions file kept in `folder` (its sources' `text_file`s are
/// read from there, and never from outside it); `name` is used in messages.
pub fn load_str_in(text: &str, name: &str, folder: Option<&Path>) -> Result<Dataset, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let result = match parse::<RawDataset>(text) {
        Ok(raw) => validate(raw, text, folder),
        Err(error) => Err(syntax_problems(text, &error)),
    };
    result.map_err(|mut problems| {
        // Stable sort: problems without a location keep their order, after the located ones.
        problems.sort_by_key(|p| p.location.map_or((usize::MAX, 0), |l| (l.line, l.column)));
        LoadError {
            path: name.to_owned(),
            problems,
        }
    })
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
        .from_str(text)
}

/// The first error ron found in the whole file, plus those found by parsing each list entry
/// on its own, so that one run reports every broken entry rather than only the first.
fn syntax_problems(text: &str, first: &ron::error::SpannedError) -> Vec<Problem> {
    let map = FileMap::scan(text);
    let first_location = Location {
        line: first.span.start.line,
        column: first.span.start.col,
    };
    let mut problems = vec![ron_problem(&first.code, first_location)];
    // Beyond the nesting limit the scan of entries is meaningless; one message is enough.
    if !matches!(first.code, ron::Error::ExceededRecursionLimit) {
        for list in List::ALL {
            for element in map.elements(list) {
                let slice = &text[element.start..element.end];
                let base = map.location(text, element.start);
                let error = match list {
                    List::Sources => parse::<RawSource>(slice).err(),
                    List::Actors => parse::<RawActor>(slice).err(),
                    List::Issues => parse::<RawIssue>(slice).err(),
                    List::Positions => parse::<RawPosition>(slice).err(),
                };
                if let Some(error) = error {
                    let start = error.span.start;
                    let location = if start.line <= 1 {
                        Location {
                            line: base.line,
                            column: base.column + start.col.saturating_sub(1),
                        }
                    } else {
                        Location {
                            line: base.line + start.line - 1,
                            column: start.col,
                        }
                    };
                    problems.push(ron_problem(&error.code, location));
                }
            }
        }
    }
    for problem in &mut problems {
        let offset = problem.location.map(|l| map.offset(text, l));
        let at_end =
            matches!(&problem.kind, ProblemKind::Syntax { message } if message.contains("end of"));
        if let (ProblemKind::Syntax { message }, Some(token), false) = (
            &mut problem.kind,
            offset.and_then(|o| token_at(text, o)),
            at_end,
        ) {
            *message = format!("{message}, found `{token}`");
        }
        if let Some((list, index)) = offset.and_then(|o| map.element_at(o)) {
            let value = |field| {
                let element = map.elements(list).get(index)?;
                let &(_, offset) = element.fields.iter().find(|(f, _)| f == field)?;
                string_after(text, offset)
            };
            let number = index + 1;
            let noun = list.noun();
            problem.subject = Some(match (list, value("id")) {
                (List::Positions, _) => {
                    let actor = value("actor").unwrap_or("?");
                    let issue = value("issue").unwrap_or("?");
                    format!("{noun} #{number} ({actor} on {issue})")
                }
                (_, Some(id)) if !id.trim().is_empty() => format!("{noun} {id:?}"),
                (_, _) => format!("{noun} #{number}"),
            });
        }
    }
    // serde stops at an entry's first error, so each entry has at most one; the whole-file
    // error is also found again in its own entry: keep one per entry (or per place).
    let mut seen = std::collections::BTreeSet::new();
    problems
        .retain(|p| seen.insert((p.subject.clone(), p.subject.is_none().then_some(p.location))));
    problems
}

/// The word or symbol at `offset`, to show what the parser tripped over.
fn token_at(text: &str, offset: usize) -> Option<String> {
    let rest = text.get(offset..)?.trim_start();
    let first = rest.chars().next()?;
    let token: String = if first.is_alphanumeric() || first == '_' || first == '-' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .take(24)
            .collect()
    } else {
        first.to_string()
    };
    (!token.trim().is_empty()).then_some(token)
}

/// The string literal that follows a field name at `offset` (`id: "merz"` → `merz`), if simple.
fn string_after(text: &str, offset: usize) -> Option<&str> {
    let rest = text.get(offset..)?;
    let rest = rest[rest.find(':')? + 1..].trim_start();
    let body = rest.strip_prefix('"')?;
    let end = body.find(['"', '\\', '\n'])?;
    body[end..].starts_with('"').then(|| &body[..end])
}

/// Turns one ron error into a problem with wording and help for people, not parsers.
fn ron_problem(code: &ron::Error, location: Location) -> Problem {
    use ron::Error as E;
    let (kind, help) = match code {
        E::ExceededRecursionLimit => (
            ProblemKind::TooDeep {
                limit: RECURSION_LIMIT,
            },
            Some("a positions file nests at most 4 levels of brackets".to_owned()),
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            ProblemKind::UnknownField {
                found: found.clone(),
                outer: outer.clone(),
                expected: expected.to_vec(),
            },
            Some(suggest(found, expected.iter().copied()).map_or_else(
                || format!("the fields are: {}", expected.join(", ")),
                |s| format!("did you mean `{s}`?"),
            )),
        ),
        E::MissingStructField { field, outer } => (
            ProblemKind::MissingField {
                field,
                outer: outer.clone(),
            },
            None,
        ),
        E::DuplicateStructField { field, .. } => (
            ProblemKind::DuplicateField { field },
            Some("remove one of the two".to_owned()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            ProblemKind::UnknownVariant {
                found: found.clone(),
                what: outer.clone().unwrap_or_else(|| "value".to_owned()),
                expected: expected.to_vec(),
            },
            suggest(found, expected.iter().copied()).map(|s| format!("did you mean `{s}`?")),
        ),
        E::InvalidValueForType { expected, found } => (
            ProblemKind::WrongType {
                expected: expected.clone(),
                found: found.clone(),
            },
            expected
                .contains("string")
                .then(|| "text is written in double quotes, e.g. \"Friedrich Merz\"".to_owned()),
        ),
        other => {
            let message = other.to_string();
            let mut chars = message.chars();
            let message = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or(message);
            let help = match other {
                E::Eof => Some("the file ends early: is a closing `)` or `]` missing?"),
                E::ExpectedComma => Some("separate fields and list entries with commas"),
                E::ExpectedString | E::ExpectedStringEnd => {
                    Some("text is written in double quotes, e.g. \"Friedrich Merz\"")
                }
                E::TrailingCharacters => Some(
                    "a positions file holds one `( … )`; is there a stray bracket before this?",
                ),
                E::ExpectedDifferentStructName { .. } => {
                    Some("write the entry as `( … )`, or with the name the format uses")
                }
                _ => None,
            };
            (ProblemKind::Syntax { message }, help.map(str::to_owned))
        }
    };
    Problem {
        location: Some(location),
        subject: None,
        field: None,
        kind,
        help,
    }
}
