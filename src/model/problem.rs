//! What can be wrong with a positions file, and how it is told to the person who wrote it.

use std::fmt;

/// A place in the file: 1-based line and column (in characters, as editors count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,

    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The rule a file breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProblemKind {
    /// The file could not be read at all.
    #[error("cannot read the file: {reason}")]
    Unreadable {
        /// What the operating system said.
        reason: String,
    },

    /// The file is larger than stancemap will read.
    #[error("the file is {size_bytes} bytes, more than the {limit_bytes} bytes stancemap reads")]
    TooLarge {
        /// Size of the file.
        size_bytes: u64,

        /// The limit.
        limit_bytes: u64,
    },

    /// The bytes are not UTF-8 text.
    #[error("this is not a text file: {reason}")]
    NotText {
        /// What gave it away.
        reason: String,
    },

    /// RON syntax error.
    #[error("{message}")]
    Syntax {
        /// What the parser expected.
        message: String,
    },

    /// Brackets nested deeper than the format ever needs.
    #[error("brackets are nested more than {limit} levels deep")]
    TooDeep {
        /// The nesting limit.
        limit: usize,
    },

    /// A field name the format does not have (often a typo).
    #[error("unknown field `{found}`{}", in_struct(outer.as_deref()))]
    UnknownField {
        /// The field as written.
        found: String,

        /// The struct it was found in.
        outer: Option<String>,

        /// The fields that struct has.
        expected: Vec<&'static str>,
    },

    /// A required field is absent.
    #[error("missing required field `{field}`{}", in_struct(outer.as_deref()))]
    MissingField {
        /// The field that is missing.
        field: &'static str,

        /// The struct it belongs to.
        outer: Option<String>,
    },

    /// A field written twice in one struct.
    #[error("field `{field}` is given twice")]
    DuplicateField {
        /// The repeated field.
        field: &'static str,
    },

    /// An enum value that does not exist, e.g. `kind: Company`.
    #[error("`{found}` is not a valid {what}; expected one of: {}", expected.join(", "))]
    UnknownVariant {
        /// The value as written.
        found: String,

        /// Which enum (`ActorKind`, `Stance`).
        what: String,

        /// Its variants.
        expected: Vec<&'static str>,
    },

    /// A value of the wrong type, e.g. a number where text belongs.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// What the format wants here.
        expected: String,

        /// What the file has.
        found: String,
    },

    /// An actor's attribute named twice.
    #[error("attribute `{name}` is given twice")]
    DuplicateAttribute {
        /// The attribute's name.
        name: String,
    },

    /// A required text is empty or only whitespace.
    #[error("must not be empty")]
    Empty {
        /// The empty field.
        field: &'static str,
    },

    /// An id with characters other than `[a-z0-9-]`.
    #[error("id {id:?} may only contain lowercase letters a-z, digits and '-'")]
    BadId {
        /// The id as written.
        id: String,
    },

    /// An id defined twice (sources, actors and issues share one namespace).
    #[error("id {id:?} is already used by {first}")]
    DuplicateId {
        /// The repeated id.
        id: String,

        /// The first definition, e.g. `actor "merz" at line 12`.
        first: String,
    },

    /// A reference to an id that is not defined (or names the wrong kind of thing).
    #[error("unknown {expected} {id:?}{}", note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default())]
    DanglingReference {
        /// What the field must name: "actor", "issue" or "source".
        expected: &'static str,

        /// The id as written.
        id: String,

        /// Extra context, e.g. that the id names an issue.
        note: Option<String>,
    },

    /// An actor that represents itself.
    #[error("actor {id:?} cannot represent itself")]
    SelfRepresents {
        /// The actor.
        id: String,
    },

    /// A date that is not a real `YYYY-MM-DD` calendar date.
    #[error("{value:?} is not a valid date: {reason}")]
    BadDate {
        /// The date as written.
        value: String,

        /// Why it is not a date.
        reason: String,
    },

    /// An influence or salience out of its scale.
    #[error("{value} is not a valid {field}: {reason}")]
    BadScale {
        /// `influence` or `salience`.
        field: &'static str,
        /// As written.
        value: String,
        /// Why.
        reason: String,
    },

    /// `Condition("")`.
    #[error("the condition text is empty; say what the support depends on, or use Support")]
    EmptyCondition,

    /// A problem of a table (CSV, TSV) that has no RON counterpart: a missing column, a
    /// row of the wrong length, a cell the map cannot read.
    #[error("{message}")]
    Table {
        /// What is wrong.
        message: String,
    },

    /// A table without a column a field needs (and no map for it).
    #[error("no `{field}` column (the header has: {})", header.join(", "))]
    MissingColumn {
        /// The field.
        field: &'static str,
        /// The table's header.
        header: Vec<String>,
    },

    /// A source with both `text` and `text_file`.
    #[error("`text` and `text_file` are both given; a source's text is one or the other")]
    TextTwice,

    /// A `text_file` that names a place outside the positions file's folder.
    #[error(
        "{path:?} is outside the positions file's folder; a text file must sit in it or below it"
    )]
    TextFileOutside {
        /// The path as written.
        path: String,
    },

    /// A `text_file` that cannot be read.
    #[error("cannot read {path:?}: {reason}")]
    TextFileUnreadable {
        /// The path as written.
        path: String,
        /// Why.
        reason: String,
    },

    /// A quote that is not in its source's text.
    #[error(
        "the quote is not in the text of source {source_id:?} (word for word: only whitespace may differ)"
    )]
    QuoteNotInSource {
        /// The source's id.
        source_id: String,
    },

    /// A url that is not http or https.
    #[error("{url:?} is not a web address; only http:// and https:// urls are allowed")]
    BadUrl {
        /// The url as written.
        url: String,
    },
}

fn in_struct(outer: Option<&str>) -> String {
    outer.map(|o| format!(" in {o}")).unwrap_or_default()
}

/// One problem found in a file: where, in what, what is wrong, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, when known.
    pub location: Option<Location>,

    /// The entry it concerns, e.g. `position #12 (merc on ground-troops)`.
    pub subject: Option<String>,

    /// The field it concerns.
    pub field: Option<&'static str>,

    /// What is wrong.
    pub kind: ProblemKind,

    /// A suggested fix, e.g. `did you mean "merz"?`.
    pub help: Option<String>,
}

impl Problem {
    /// A problem with no location yet.
    pub fn new(kind: ProblemKind) -> Self {
        Self {
            location: None,
            subject: None,
            field: None,
            kind,
            help: None,
        }
    }

    /// The message without the file name: `12:5: actor "merz", field `name`: … (help: …)`.
    pub fn message(&self) -> String {
        let location = self.location.map(|l| format!("{l}: ")).unwrap_or_default();
        let context = match (&self.subject, self.field) {
            (Some(subject), Some(field)) => format!("{subject}, field `{field}`: "),
            (Some(subject), None) => format!("{subject}: "),
            (None, Some(field)) => format!("field `{field}`: "),
            (None, None) => String::new(),
        };
        format!("{location}{context}{}", self.kind)
    }

    /// The full report for one file: `path:line:col: subject, field `f`: what` and a help line.
    pub fn render(&self, path: &str) -> String {
        let mut out = if self.location.is_some() {
            format!("{path}:{}", self.message())
        } else {
            format!("{path}: {}", self.message())
        };
        if let Some(help) = &self.help {
            out.push_str("\n    help: ");
            out.push_str(help);
        }
        out
    }
}

/// Everything wrong with one file, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file as named by the user (or `<text>` for in-memory input).
    pub path: String,

    /// Every problem found, sorted by location.
    pub problems: Vec<Problem>,
}

impl LoadError {
    /// How many problems the `Display` output lists before summarising the rest.
    pub const SHOWN: usize = 100;
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        writeln!(
            f,
            "{}: {count} problem{} found",
            self.path,
            if count == 1 { "" } else { "s" }
        )?;
        for problem in self.problems.iter().take(Self::SHOWN) {
            writeln!(f, "{}", problem.render(&self.path))?;
        }
        if count > Self::SHOWN {
            writeln!(f, "… and {} more problems", count - Self::SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}
