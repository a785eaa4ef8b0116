//! Positions from a table: CSV or TSV, one row per position, columns found by name
//! (case-insensitively, with common synonyms) or by a column map, stance words read in
//! several languages of spreadsheets ("yes", "against", "abstain"…). Every problem is
//! reported at once, at `file:row:column`, with a suggestion where one exists.

mod builder;
mod workbook;

use std::collections::{BTreeMap, HashMap};

use super::validate::{suggest, validate};
use super::{Dataset, LoadError, Location, Problem, ProblemKind};
use builder::Builder;
pub use workbook::{load_workbook, preview};

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
    /// The actor's influence, 0 to 100.
    Influence,
    /// The position's salience, 0 to 100.
    Salience,
}

impl Field {
    /// Every field.
    pub const ALL: [Self; 23] = [
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
        Self::Influence,
        Self::Salience,
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
            Self::Influence => "influence",
            Self::Salience => "salience",
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
            Self::Influence => &["power"],
            Self::Salience => &["interest", "importance"],
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
    /// What a field's cell values mean: `stance` → `1` → `support`. A cell the map does
    /// not name is read as it is.
    pub values: BTreeMap<Field, BTreeMap<String, String>>,
    /// An actor attribute's column by its header (beside the `attribute:NAME` columns),
    /// e.g. `party` → `Fraktion`.
    pub attributes: BTreeMap<String, String>,
    /// A field's value for rows that leave it empty or have no column for it, e.g.
    /// `actor_kind` → `person` for a parliament's speakers.
    pub defaults: BTreeMap<Field, String>,
    /// DNA databases: the statement type read (default `DNA Statement`).
    pub statement_type: Option<String>,
}

impl TableOptions {
    /// A cell's value as the value maps say it means.
    fn meaning<'a>(&'a self, field: Field, value: &'a str) -> &'a str {
        self.values
            .get(&field)
            .and_then(|map| map.get(value))
            .map_or(value, String::as_str)
    }
}

/// Reads a value map as the command line writes it, `1:support,0:reject` (each pair is
/// `VALUE:MEANING`; the last `:` divides a pair, so a value may hold one).
pub fn parse_value_map(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((value, meaning)) = pair.rsplit_once(':') else {
            return Err(format!(
                "a value map pair is VALUE:MEANING, e.g. 1:support, not {pair:?}"
            ));
        };
        let (value, meaning) = (value.trim(), meaning.trim());
        if meaning.is_empty() {
            return Err(format!("the value {value:?} is mapped to nothing"));
        }
        if let Some(earlier) = map.insert(value.to_owned(), meaning.to_owned())
            && earlier != meaning
        {
            return Err(format!(
                "the value {value:?} is mapped twice, to {earlier:?} and {meaning:?}"
            ));
        }
    }
    if map.is_empty() {
        return Err(
            "the value map is empty: write VALUE:MEANING pairs, e.g. 1:support,0:reject".to_owned(),
        );
    }
    Ok(map)
}

/// The value map that would read a stance column of numbers, as the command line writes it:
/// DNA's `agreement` (1 and 0) or a qualifier (-1, 0, 1).
pub fn suggested_stance_values(values: &[&str]) -> Option<String> {
    let numbers: Vec<i64> = values
        .iter()
        .map(|v| v.trim().parse::<i64>().ok())
        .collect::<Option<_>>()?;
    if numbers.is_empty() {
        return None;
    }
    Some(if numbers.iter().all(|n| *n == 0 || *n == 1) {
        "1:support,0:reject".to_owned()
    } else {
        let mut distinct: Vec<i64> = numbers;
        distinct.sort_unstable_by(|a, b| b.cmp(a));
        distinct.dedup();
        distinct
            .iter()
            .map(|n| {
                let meaning = match n.signum() {
                    1 => "support",
                    -1 => "reject",
                    _ => "neutral",
                };
                format!("{n}:{meaning}")
            })
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// The header prefix of an attribute column: `attribute:party`.
pub const ATTRIBUTE_PREFIX: &str = "attribute";

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

/// Whether a cell is a stance word the table reader knows ("yes", "against", "abstain"…).
pub fn is_stance_word(word: &str) -> bool {
    stance_word(word).is_some()
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
    let mut attribute_columns: Vec<(String, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(k, h)| {
            let (prefix, name) = h.split_once(':')?;
            (normalise(prefix) == ATTRIBUTE_PREFIX && !name.trim().is_empty())
                .then(|| (name.trim().to_owned(), k))
        })
        .collect();
    for (name, wanted) in &options.attributes {
        match normalised.iter().position(|h| *h == normalise(wanted)) {
            Some(k) => {
                attribute_columns.retain(|(n, _)| n != name);
                attribute_columns.push((name.clone(), k));
            }
            None => problems.push(table_problem(
                None,
                format!(
                    "the map names a column {wanted:?} for `attribute:{name}`, but the header has none"
                ),
                suggest(wanted, header.iter().map(String::as_str))
                    .map(|s| format!("did you mean {s:?}?")),
            )),
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
    // `attribute:party` holds each actor's `party`.
    builder.attribute_columns = attribute_columns;
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
            let given = column.get(&field).and_then(|&k| {
                let value = unguard(record.get(k)?.trim());
                (!value.is_empty()).then(|| (options.meaning(field, value), k + 1))
            });
            // A default stands where the row says nothing (reported at the row's start).
            given.or_else(|| options.defaults.get(&field).map(|v| (v.as_str(), 1)))
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
    builder.resolve_represents(&mut problems);
    // Numbers in the stance column: one suggestion of the value map that reads them all.
    let unknown: Vec<&str> = builder.unknown_stances.iter().map(String::as_str).collect();
    if let Some(map) = suggested_stance_values(&unknown) {
        let help = format!(
            "the stance column holds numbers (DNA writes agreement as 1 and 0): say what they mean, --values stance={map} (in the window: the column chooser)"
        );
        for problem in &mut problems {
            if problem.field == Some("stance")
                && matches!(problem.kind, ProblemKind::UnknownVariant { .. })
            {
                problem.help = Some(help.clone());
            }
        }
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

#[cfg(test)]
mod tests {
    use super::workbook::serial_date;

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
