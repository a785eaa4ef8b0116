//! Positions from a table: CSV or TSV, one row per position, columns found by name
//! (case-insensitively, with common synonyms) or by a column map, stance words read in
//! several languages of spreadsheets ("yes", "against", "abstain"…). Every problem is
//! reported at once, at `file:row:column`, with a suggestion where one exists.

use std::collections::{BTreeMap, HashMap};

use super::raw::{RawActor, RawActorKind, RawDataset, RawIssue, RawPosition, RawSource, RawStance};
use super::validate::{suggest, validate};
use super::{Dataset, Date, LoadError, Location, Problem, ProblemKind};

/// A field of the table's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The actor (an id, or a name that becomes one).
    Actor,
    /// The issue (an id, or a name that becomes one).
    Issue,
    /// The stance word.
    Stance,
    /// The quote.
    Quote,
    /// A condition's text.
    Condition,
    /// `YYYY-MM-DD`.
    Date,
    /// The source (an id, or a title that becomes one).
    Source,
    /// A link to the statement.
    Url,
    /// The actor's display name.
    ActorName,
    /// Country, leader or organisation.
    ActorKind,
    /// The actor's role.
    ActorRole,
    /// The actor this one speaks for.
    Represents,
    /// The issue's display name.
    IssueName,
    /// The issue's description.
    IssueDescription,
    /// The issue's tags, `;`-separated.
    IssueTags,
    /// The source's title.
    SourceTitle,
    /// The source's publisher.
    SourcePublisher,
    /// The source's link.
    SourceUrl,
    /// The source's date.
    SourceDate,
    /// The dataset's title (read from the first row that has one).
    DatasetTitle,
    /// The dataset's description (read from the first row that has one).
    DatasetDescription,
}

impl Field {
    /// Every field.
    pub const ALL: [Self; 21] = [
        Self::Actor,
        Self::Issue,
        Self::Stance,
        Self::Quote,
        Self::Condition,
        Self::Date,
        Self::Source,
        Self::Url,
        Self::ActorName,
        Self::ActorKind,
        Self::ActorRole,
        Self::Represents,
        Self::IssueName,
        Self::IssueDescription,
        Self::IssueTags,
        Self::SourceTitle,
        Self::SourcePublisher,
        Self::SourceUrl,
        Self::SourceDate,
        Self::DatasetTitle,
        Self::DatasetDescription,
    ];

    /// Its column name (what a CSV export writes).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Actor => "actor",
            Self::Issue => "issue",
            Self::Stance => "stance",
            Self::Quote => "quote",
            Self::Condition => "condition",
            Self::Date => "date",
            Self::Source => "source",
            Self::Url => "url",
            Self::ActorName => "actor_name",
            Self::ActorKind => "actor_kind",
            Self::ActorRole => "actor_role",
            Self::Represents => "represents",
            Self::IssueName => "issue_name",
            Self::IssueDescription => "issue_description",
            Self::IssueTags => "issue_tags",
            Self::SourceTitle => "source_title",
            Self::SourcePublisher => "source_publisher",
            Self::SourceUrl => "source_url",
            Self::SourceDate => "source_date",
            Self::DatasetTitle => "dataset_title",
            Self::DatasetDescription => "dataset_description",
        }
    }

    /// Other headers that mean the same (already normalised: lower case, `_` for spaces).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Self::Actor => &["actor_id", "speaker", "who"],
            Self::Issue => &["issue_id", "topic", "question", "concept"],
            Self::Stance => &["position", "vote", "agreement", "qualifier"],
            Self::Quote => &["text", "statement", "evidence", "excerpt"],
            Self::Condition => &["if"],
            Self::Date => &["day", "when"],
            Self::Source => &["source_id", "document"],
            Self::Url => &["link"],
            Self::ActorKind => &["kind"],
            Self::ActorRole => &["role"],
            Self::Represents => &["speaks_for", "on_behalf_of"],
            Self::IssueDescription => &["description"],
            Self::IssueTags => &["tags"],
            Self::SourcePublisher => &["publisher"],
            Self::ActorName
            | Self::IssueName
            | Self::SourceTitle
            | Self::SourceUrl
            | Self::SourceDate
            | Self::DatasetTitle
            | Self::DatasetDescription => &[],
        }
    }

    /// Whether a header names this field (its name or a synonym, in any case).
    pub fn matches_header(self, header: &str) -> bool {
        let header = normalise(header);
        header == self.name() || self.synonyms().contains(&header.as_str())
    }

    /// The field a `--map` names.
    pub fn parse(name: &str) -> Option<Self> {
        let name = normalise(name);
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// How a table is read: columns for fields, and a template for quotes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// A field's column by its header (beside the names found on their own).
    pub map: BTreeMap<Field, String>,
    /// The quote, made from other cells: `{column}` becomes that row's cell.
    pub quote: Option<String>,
    /// The title of the dataset (else the file's name).
    pub title: Option<String>,
}

/// A header as matched: lower case, trimmed, spaces and hyphens as `_`.
fn normalise(header: &str) -> String {
    header.trim().to_lowercase().replace([' ', '-'], "_")
}

/// A name as an id: lower case letters, digits and `-` (accents dropped where simple).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ß' => 's',
            'ł' => 'l',
            c => c,
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "x".to_owned() } else { out }
}

/// Whether a cell is already an id.
fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The stance a word means, case-insensitively.
fn stance_word(word: &str) -> Option<StanceWord> {
    let word = word.trim().to_lowercase();
    Some(match word.as_str() {
        "support" | "yes" | "for" | "pro" | "agree" | "y" => StanceWord::Support,
        "reject" | "no" | "against" | "oppose" | "contra" | "disagree" | "n" => StanceWord::Reject,
        "neutral" | "abstain" | "abstention" => StanceWord::Neutral,
        "condition" | "conditional" => StanceWord::Condition,
        _ => return None,
    })
}

#[derive(Clone, Copy)]
enum StanceWord {
    Support,
    Reject,
    Neutral,
    Condition,
}

/// Every stance word, for suggestions.
const STANCE_WORDS: [&str; 16] = [
    "support",
    "yes",
    "for",
    "pro",
    "agree",
    "reject",
    "no",
    "against",
    "oppose",
    "contra",
    "disagree",
    "neutral",
    "abstain",
    "abstention",
    "condition",
    "conditional",
];

/// Undoes the spreadsheet-injection guard of our CSV export: a leading `'` before `=`, `+`,
/// `-` or `@`.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// Text of a table file: UTF-8 (a byte-order mark is dropped), or else Latin-1 (what Excel
/// writes on many systems), each byte its own character.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Reads a table: `delimiter` is `,` (CSV) or `\t` (TSV).
pub fn load_table(
    bytes: &[u8],
    name: &str,
    delimiter: u8,
    options: &TableOptions,
) -> Result<Dataset, LoadError> {
    let text = decode(bytes);
    if text.contains('\0') {
        return Err(LoadError {
            path: name.to_owned(),
            problems: vec![Problem::new(ProblemKind::NotText {
                reason: "it holds NUL bytes (a spreadsheet's own format? save it as CSV)"
                    .to_owned(),
            })],
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let mut problems = Vec::new();
    let at = |row: usize, column: usize| Some(Location { line: row, column });
    let table_problem = |location, message: String, help: Option<String>| Problem {
        location,
        subject: None,
        field: None,
        kind: ProblemKind::Table { message },
        help,
    };
    let header: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(str::to_owned).collect(),
        Some(Err(e)) => {
            return Err(LoadError {
                path: name.to_owned(),
                problems: vec![table_problem(at(1, 1), e.to_string(), None)],
            });
        }
        None => {
            return Err(LoadError {
                path: name.to_owned(),
                problems: vec![table_problem(
                    None,
                    "the file is empty: expected a header row, then one row per position"
                        .to_owned(),
                    None,
                )],
            });
        }
    };
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    // Duplicated headers are ambiguous.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, h) in normalised.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(h, k) {
            problems.push(table_problem(
                at(1, k + 1),
                format!(
                    "the column {:?} appears twice (also column {})",
                    header[k],
                    first + 1
                ),
                Some("rename one of them".to_owned()),
            ));
        }
    }
    // Which column holds each field.
    let mut column: BTreeMap<Field, usize> = BTreeMap::new();
    for (&field, wanted) in &options.map {
        match normalised.iter().position(|h| *h == normalise(wanted)) {
            Some(k) => {
                column.insert(field, k);
            }
            None => problems.push(table_problem(
                None,
                format!(
                    "the map names a column {wanted:?} for `{}`, but the header has none",
                    field.name()
                ),
                suggest(wanted, header.iter().map(String::as_str))
                    .map(|s| format!("did you mean {s:?}?")),
            )),
        }
    }
    for field in Field::ALL {
        if column.contains_key(&field) {
            continue;
        }
        let found = normalised
            .iter()
            .position(|h| *h == field.name() || field.synonyms().contains(&h.as_str()));
        if let Some(k) = found {
            column.insert(field, k);
        }
    }
    let template_columns: Vec<(String, usize)> = match &options.quote {
        None => Vec::new(),
        Some(template) => {
            let mut out = Vec::new();
            let mut rest = template.as_str();
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                let wanted = &rest[open + 1..open + close];
                match normalised.iter().position(|h| *h == normalise(wanted)) {
                    Some(k) => out.push((wanted.to_owned(), k)),
                    None => problems.push(table_problem(
                        None,
                        format!(
                            "the quote template names a column {wanted:?}, but the header has none"
                        ),
                        suggest(wanted, header.iter().map(String::as_str))
                            .map(|s| format!("did you mean {s:?}?")),
                    )),
                }
                rest = &rest[open + close + 1..];
            }
            out
        }
    };
    let mut required = vec![Field::Actor, Field::Issue, Field::Stance];
    if options.quote.is_none() {
        required.push(Field::Quote);
    }
    for field in required {
        if !column.contains_key(&field) {
            let delimiter_hint = if header.len() == 1 && header[0].contains([',', ';', '\t']) {
                Some(format!(
                    "the header is one column: is the file separated by {} rather than {}?",
                    if header[0].contains(';') {
                        "semicolons"
                    } else if header[0].contains('\t') {
                        "tabs (name it .tsv)"
                    } else {
                        "commas (name it .csv)"
                    },
                    if delimiter == b'\t' { "tabs" } else { "commas" }
                ))
            } else {
                suggest(field.name(), header.iter().map(String::as_str))
                    .map(|s| format!("did you mean {s:?}? or map it: --map {}={s}", field.name()))
                    .or_else(|| Some(format!("map a column to it: --map {}=COLUMN", field.name())))
            };
            problems.push(Problem {
                location: at(1, 1),
                subject: None,
                field: None,
                kind: ProblemKind::MissingColumn {
                    field: field.name(),
                    header: header.clone(),
                },
                help: delimiter_hint,
            });
        }
    }
    if !problems.is_empty() {
        return Err(LoadError {
            path: name.to_owned(),
            problems,
        });
    }

    let mut builder = Builder::default();
    for (k, record) in records.enumerate() {
        let row = k + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(table_problem(at(row, 1), e.to_string(), None));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(table_problem(
                at(row, record.len().min(header.len()).max(1)),
                format!(
                    "the row has {} cells; the header has {}",
                    record.len(),
                    header.len()
                ),
                Some("a cell holding the delimiter must be quoted".to_owned()),
            ));
            continue;
        }
        let cell = |field: Field| -> Option<(&str, usize)> {
            let k = *column.get(&field)?;
            let value = unguard(record.get(k)?.trim());
            (!value.is_empty()).then_some((value, k + 1))
        };
        builder.row(
            row,
            &cell,
            &template_columns,
            options,
            &record,
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return Err(LoadError {
            path: name.to_owned(),
            problems,
        });
    }
    let notes = std::mem::take(&mut builder.notes);
    let raw = builder.finish(options.title.clone(), name);
    let mut dataset = validate(raw, "", None).map_err(|problems| LoadError {
        path: name.to_owned(),
        problems,
    })?;
    dataset.notes = notes;
    Ok(dataset)
}

/// Collects actors, issues, sources and positions from rows.
#[derive(Default)]
struct Builder {
    actors: Vec<RawActor>,
    actor_ids: HashMap<String, usize>,
    /// Each cell text an actor was given by, to its id (names become ids once).
    actor_by_text: HashMap<String, String>,
    issues: Vec<RawIssue>,
    issue_ids: HashMap<String, usize>,
    issue_by_text: HashMap<String, String>,
    sources: Vec<RawSource>,
    source_by_text: HashMap<String, String>,
    positions: Vec<RawPosition>,
    /// Every id given out, with the kind of thing and the text it was made from, so two
    /// things never share one.
    taken: HashMap<String, (&'static str, String)>,
    /// What was decided on the reader's behalf.
    notes: Vec<String>,
    /// `represents` cells, resolved once every actor is known.
    represents: Vec<(usize, String)>,
    /// The dataset's title and description, when a row gives them.
    title: Option<String>,
    description: Option<String>,
}

impl Builder {
    /// An id for a cell's text in one namespace: the text itself when it is an id, else a
    /// slug; a clash with another kind of thing gets `-2`, `-3`…
    fn id_for(&mut self, text: &str, what: &'static str) -> String {
        let base = if is_id(text) {
            text.to_owned()
        } else {
            slug(text)
        };
        let mut id = base.clone();
        let mut k = 2;
        while let Some((kind, owner)) = self.taken.get(&id) {
            // The same text, or an id and the name it was made from, is the same thing.
            let same =
                owner == text || ((is_id(owner) || is_id(text)) && slug(owner) == slug(text));
            if *kind == what && same {
                return id;
            }
            id = format!("{base}-{k}");
            k += 1;
        }
        if let Some((kind, owner)) = self.taken.get(&base) {
            self.notes.push(format!(
                "{what} {text:?} became id {id:?}: {base:?} is {kind} {owner:?}"
            ));
        }
        self.taken.insert(id.clone(), (what, text.to_owned()));
        id
    }

    /// The actor a cell names, made from its first row.
    fn actor<'r>(
        &mut self,
        text: &str,
        row: usize,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
        problems: &mut Vec<Problem>,
    ) -> String {
        if let Some(id) = self.actor_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "actor");
        self.actor_by_text.insert(text.to_owned(), id.clone());
        if self.actor_ids.contains_key(&id) {
            return id;
        }
        let kind = match cell(Field::ActorKind) {
            None => RawActorKind::Country,
            Some((word, column)) => match word.to_lowercase().as_str() {
                "country" | "state" => RawActorKind::Country,
                "leader" | "person" => RawActorKind::Leader,
                "organization" | "organisation" | "org" | "group" => RawActorKind::Organization,
                _ => {
                    problems.push(Problem {
                        location: Some(Location { line: row, column }),
                        subject: Some(format!("row {row}")),
                        field: Some("actor_kind"),
                        kind: ProblemKind::UnknownVariant {
                            found: word.to_owned(),
                            what: "kind of actor".to_owned(),
                            expected: vec!["Country", "Leader", "Organization"],
                        },
                        help: suggest(
                            &word.to_lowercase(),
                            ["country", "leader", "organization"].into_iter(),
                        )
                        .map(|s| format!("did you mean `{s}`?")),
                    });
                    RawActorKind::Country
                }
            },
        };
        if let Some((represents, _)) = cell(Field::Represents) {
            self.represents
                .push((self.actors.len(), represents.to_owned()));
        }
        self.actor_ids.insert(id.clone(), self.actors.len());
        self.actors.push(RawActor {
            id: id.clone(),
            name: cell(Field::ActorName).map_or(text, |(n, _)| n).to_owned(),
            kind,
            role: cell(Field::ActorRole).map(|(r, _)| r.to_owned()),
            represents: None,
        });
        id
    }

    /// The issue a cell names, made from its first row.
    fn issue<'r>(
        &mut self,
        text: &str,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
    ) -> String {
        if let Some(id) = self.issue_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "issue");
        self.issue_by_text.insert(text.to_owned(), id.clone());
        if !self.issue_ids.contains_key(&id) {
            self.issue_ids.insert(id.clone(), self.issues.len());
            self.issues.push(RawIssue {
                id: id.clone(),
                name: cell(Field::IssueName).map_or(text, |(n, _)| n).to_owned(),
                description: cell(Field::IssueDescription).map(|(d, _)| d.to_owned()),
                tags: cell(Field::IssueTags)
                    .map(|(t, _)| {
                        t.split(';')
                            .map(str::trim)
                            .filter(|t| !t.is_empty())
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        id
    }

    /// The source a cell names, made from its first row.
    fn source<'r>(
        &mut self,
        text: &str,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
    ) -> String {
        if let Some(id) = self.source_by_text.get(text) {
            return id.clone();
        }
        let id = self.id_for(text, "source");
        self.source_by_text.insert(text.to_owned(), id.clone());
        self.sources.push(RawSource {
            id: id.clone(),
            title: cell(Field::SourceTitle).map_or(text, |(t, _)| t).to_owned(),
            publisher: cell(Field::SourcePublisher).map(|(p, _)| p.to_owned()),
            url: cell(Field::SourceUrl).map(|(u, _)| u.to_owned()),
            date: cell(Field::SourceDate).map(|(d, _)| d.to_owned()),
            text: None,
            text_file: None,
        });
        id
    }

    /// One row: a position; or, with no stance and no quote, the declaration of a source, an
    /// actor or an issue that has no position (what a CSV export writes for them).
    fn row<'r>(
        &mut self,
        row: usize,
        cell: &dyn Fn(Field) -> Option<(&'r str, usize)>,
        template: &[(String, usize)],
        options: &TableOptions,
        record: &csv::StringRecord,
        problems: &mut Vec<Problem>,
    ) {
        let mut problem =
            |column: usize, field: &'static str, kind: ProblemKind, help: Option<String>| {
                problems.push(Problem {
                    location: Some(Location { line: row, column }),
                    subject: Some(format!("row {row}")),
                    field: Some(field),
                    kind,
                    help,
                });
            };
        if self.title.is_none() {
            self.title = cell(Field::DatasetTitle).map(|(t, _)| t.to_owned());
        }
        if self.description.is_none() {
            self.description = cell(Field::DatasetDescription).map(|(d, _)| d.to_owned());
        }
        let declares = cell(Field::Stance).is_none() && cell(Field::Quote).is_none();
        let dataset_row =
            cell(Field::DatasetTitle).is_some() || cell(Field::DatasetDescription).is_some();
        let (actor_text, issue_text) = match (cell(Field::Actor), cell(Field::Issue)) {
            (Some((a, _)), Some((i, _))) => (a, i),
            (Some((a, _)), None) if declares => {
                let mut found = Vec::new();
                self.actor(a, row, cell, &mut found);
                problems.extend(found);
                return;
            }
            (None, Some((i, _))) if declares => {
                self.issue(i, cell);
                return;
            }
            (None, None) if declares && cell(Field::Source).is_some() => {
                if let Some((s, _)) = cell(Field::Source) {
                    self.source(s, cell);
                }
                return;
            }
            (None, None) if declares && dataset_row => return,
            (actor, _) => {
                let missing = if actor.is_none() { "actor" } else { "issue" };
                problem(1, missing, ProblemKind::Empty { field: missing }, None);
                return;
            }
        };
        let mut found = Vec::new();
        let actor_id = self.actor(actor_text, row, cell, &mut found);
        let issue_id = self.issue(issue_text, cell);
        let source = cell(Field::Source).map(|(text, _)| self.source(text, cell));
        for p in found {
            problem(
                p.location.map_or(1, |l| l.column),
                p.field.unwrap_or("actor_kind"),
                p.kind,
                p.help,
            );
        }
        let stance = match cell(Field::Stance) {
            None => {
                problem(1, "stance", ProblemKind::Empty { field: "stance" }, None);
                return;
            }
            Some((word, column)) => match stance_word(word) {
                Some(StanceWord::Support) => RawStance::Support,
                Some(StanceWord::Reject) => RawStance::Reject,
                Some(StanceWord::Neutral) => RawStance::Neutral,
                Some(StanceWord::Condition) => {
                    let Some((text, _)) = cell(Field::Condition) else {
                        problem(
                            column,
                            "condition",
                            ProblemKind::EmptyCondition,
                            Some("fill the `condition` column".to_owned()),
                        );
                        return;
                    };
                    RawStance::Condition(text.to_owned())
                }
                None => {
                    problem(
                        column,
                        "stance",
                        ProblemKind::UnknownVariant {
                            found: word.to_owned(),
                            what: "stance".to_owned(),
                            expected: vec![
                                "support",
                                "reject",
                                "neutral",
                                "condition (and their synonyms)",
                            ],
                        },
                        suggest(&word.to_lowercase(), STANCE_WORDS.into_iter())
                            .map(|s| format!("did you mean `{s}`?")),
                    );
                    return;
                }
            },
        };
        let quote = if let Some(pattern) = &options.quote {
            let mut text = pattern.clone();
            for (name, k) in template {
                let value = record.get(*k).map_or("", |v| unguard(v.trim()));
                text = text.replace(&format!("{{{name}}}"), value);
            }
            text
        } else {
            let Some((q, _)) = cell(Field::Quote) else {
                problem(
                    1,
                    "quote",
                    ProblemKind::Empty { field: "quote" },
                    Some(
                        "every position needs the words that prove it, or give a quote template"
                            .to_owned(),
                    ),
                );
                return;
            };
            q.to_owned()
        };
        let date = match cell(Field::Date) {
            None => None,
            Some((text, column)) => match Date::parse(text) {
                Ok(_) => Some(text.to_owned()),
                // Spreadsheets often add a time: keep the day.
                Err(_) if text.len() > 10 && Date::parse(&text[..10]).is_ok() => {
                    Some(text[..10].to_owned())
                }
                Err(reason) => {
                    problem(
                        column,
                        "date",
                        ProblemKind::BadDate {
                            value: text.to_owned(),
                            reason,
                        },
                        Some("write dates as YYYY-MM-DD, e.g. 2025-08-19".to_owned()),
                    );
                    None
                }
            },
        };
        self.positions.push(RawPosition {
            actor: actor_id,
            issue: issue_id,
            stance,
            quote,
            source,
            url: cell(Field::Url).map(|(u, _)| u.to_owned()),
            date,
        });
    }

    fn finish(mut self, title: Option<String>, name: &str) -> RawDataset {
        let title = title.or_else(|| self.title.take()).unwrap_or_else(|| {
            let stem = std::path::Path::new(name)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(name);
            stem.replace(['_', '-'], " ")
        });
        for (actor, text) in std::mem::take(&mut self.represents) {
            let id = self.actor_by_text.get(&text).cloned().unwrap_or_else(|| {
                if is_id(&text) {
                    text.clone()
                } else {
                    slug(&text)
                }
            });
            self.actors[actor].represents = Some(id);
        }
        RawDataset {
            title,
            description: self.description,
            sources: self.sources,
            actors: self.actors,
            issues: self.issues,
            positions: self.positions,
        }
    }
}

/// The first rows of a table file, for choosing its columns: the header and up to `rows`
/// rows after it.
pub fn preview(
    path: &std::path::Path,
    rows: usize,
) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    use calamine::Reader as _;
    let kind = super::FileKind::of(path);
    let mut all: Vec<Vec<String>> = if kind == super::FileKind::Workbook {
        let mut workbook = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
        let sheets = workbook.sheet_names();
        let sheet = sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case("positions"))
            .or_else(|| sheets.first())
            .cloned()
            .ok_or("the workbook has no sheet")?;
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| e.to_string())?;
        range
            .rows()
            .take(rows + 1)
            .map(|r| r.iter().map(cell_text).collect())
            .collect()
    } else {
        use std::io::Read as _;
        let mut head = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(256 * 1024).read_to_end(&mut head))
            .map_err(|e| e.to_string())?;
        let text = decode(&head);
        let delimiter = if kind == super::FileKind::Tsv {
            b'\t'
        } else {
            b','
        };
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .take(rows + 1)
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_owned).collect())
            .collect()
    };
    if all.is_empty() {
        return Err("the file is empty".to_owned());
    }
    let header = all.remove(0);
    Ok((header, all))
}

/// A date of a spreadsheet (days since 1899-12-30, the epoch of Excel and of LibreOffice) as
/// `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A workbook cell as table text.
fn cell_text(data: &calamine::Data) -> String {
    use calamine::Data;
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads a workbook (`.xlsx`, `.xls`, `.ods`): the sheet `positions` (or the first sheet),
/// after the sheets `actors`, `issues` and `sources` if it has them (their rows declare those
/// entries). Each sheet is read as a table with the same columns and rules; problems name
/// their sheet. A cell with a formula is refused: stancemap reads values, not formulas.
pub fn load_workbook(path: &std::path::Path, options: &TableOptions) -> Result<Dataset, LoadError> {
    use calamine::Reader as _;
    let name = path.display().to_string();
    let fail = |message: String| LoadError {
        path: name.clone(),
        problems: vec![Problem::new(ProblemKind::Table { message })],
    };
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| fail(format!("cannot read the workbook: {e}")))?;
    let sheets = workbook.sheet_names();
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    };
    let positions = find("positions")
        .or_else(|| sheets.first().cloned())
        .ok_or_else(|| fail("the workbook has no sheet".to_owned()))?;
    // The declaring sheets first, then the positions, as one table under a shared header.
    let mut order: Vec<String> = ["sources", "actors", "issues"]
        .into_iter()
        .filter_map(find)
        .filter(|s| *s != positions)
        .collect();
    order.push(positions);
    let mut header: Vec<String> = Vec::new();
    let mut parts: Vec<(String, Vec<String>, Vec<Vec<String>>)> = Vec::new();
    let mut problems = Vec::new();
    for sheet in &order {
        let range = workbook
            .worksheet_range(sheet)
            .map_err(|e| fail(format!("cannot read the sheet {sheet:?}: {e}")))?;
        if let Ok(formulas) = workbook.worksheet_formula(sheet) {
            let (top, left) = formulas.start().unwrap_or((0, 0));
            for (r, row) in formulas.rows().enumerate() {
                for (c, formula) in row.iter().enumerate() {
                    if !formula.is_empty() {
                        problems.push(Problem {
                            location: Some(Location {
                                line: top as usize + r + 1,
                                column: left as usize + c + 1,
                            }),
                            subject: Some(format!("sheet {sheet}")),
                            field: None,
                            kind: ProblemKind::Table {
                                message: format!("the cell holds a formula (={formula})"),
                            },
                            help: Some("copy the sheet and paste it as values".to_owned()),
                        });
                    }
                }
            }
        }
        let mut rows = range
            .rows()
            .map(|row| row.iter().map(cell_text).collect::<Vec<_>>());
        let Some(sheet_header) = rows.next() else {
            continue;
        };
        for h in &sheet_header {
            if !h.trim().is_empty() && !header.iter().any(|x| normalise(x) == normalise(h)) {
                header.push(h.clone());
            }
        }
        parts.push((sheet.clone(), sheet_header, rows.collect()));
    }
    if !problems.is_empty() {
        return Err(LoadError {
            path: name,
            problems,
        });
    }
    // One CSV under the shared header; each of its rows remembers where it came from.
    let mut origin: Vec<(String, usize)> = vec![(String::new(), 1)];
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_failed = |e: csv::Error| fail(format!("cannot read the workbook: {e}"));
    writer.write_record(&header).map_err(write_failed)?;
    for (sheet, sheet_header, rows) in &parts {
        let at: Vec<Option<usize>> = header
            .iter()
            .map(|h| {
                sheet_header
                    .iter()
                    .position(|x| normalise(x) == normalise(h))
            })
            .collect();
        for (k, row) in rows.iter().enumerate() {
            let record: Vec<&str> = at
                .iter()
                .map(|c| c.and_then(|c| row.get(c)).map_or("", String::as_str))
                .collect();
            writer.write_record(&record).map_err(write_failed)?;
            origin.push((sheet.clone(), k + 2));
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| fail(format!("cannot read the workbook: {}", e.error())))?;
    load_table(&bytes, &name, b',', options).map_err(|mut error| {
        // Name each problem's sheet and row there.
        for problem in &mut error.problems {
            if let Some(location) = &mut problem.location
                && location.line > 1
                && let Some((sheet, row)) = origin.get(location.line - 1)
            {
                location.line = *row;
                problem.subject = Some(format!("sheet {sheet}, row {row}"));
            }
        }
        error
    })
}

#[cfg(test)]
mod tests {
    use super::serial_date;

    #[test]
    fn names_that_make_the_same_id_are_told_apart_and_reported() {
        let table = "actor,issue,stance,quote\n\
Côte d'Ivoire,X,yes,A.\n\
Cote d'Ivoire,X,no,B.\n\
germany,X,yes,C.\n\
Germany,X,yes,D.\n";
        let dataset = super::load_table(
            table.as_bytes(),
            "t.csv",
            b',',
            &super::TableOptions::default(),
        )
        .expect("valid");
        let ids: Vec<&str> = dataset.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["cote-d-ivoire", "cote-d-ivoire-2", "germany"]);
        assert_eq!(dataset.notes.len(), 1, "{:?}", dataset.notes);
        assert!(
            dataset.notes[0].contains("\"cote-d-ivoire-2\""),
            "{:?}",
            dataset.notes
        );
        // An actor and an issue of the same name get ids of their own.
        let table = "actor,issue,stance,quote\nNATO,NATO,yes,A.\n";
        let dataset = super::load_table(
            table.as_bytes(),
            "t.csv",
            b',',
            &super::TableOptions::default(),
        )
        .expect("valid");
        assert_eq!(dataset.actors[0].id, "nato");
        assert_eq!(dataset.issues[0].id, "nato-2");
    }

    #[test]
    fn spreadsheet_serial_dates() {
        assert_eq!(serial_date(1.0), "1899-12-31");
        assert_eq!(serial_date(25_569.0), "1970-01-01");
        assert_eq!(serial_date(45_888.0), "2025-08-19");
        assert_eq!(serial_date(45_888.75), "2025-08-19");
        assert_eq!(serial_date(36_586.0), "2000-03-01");
    }
}
