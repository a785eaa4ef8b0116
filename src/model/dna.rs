//! A Discourse Network Analyzer (DNA 3) database, read-only: its statements of one type
//! become positions (the actor, issue and stance variables chosen by name), its documents
//! sources with their text, each quote the coded span of its document, and its entities'
//! attributes actor attributes. DNA's schema is the one its `Sql.java` creates; nothing is
//! written to the database.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::raw::{RawActor, RawActorKind, RawDataset, RawIssue, RawPosition, RawSource, RawStance};
use super::table::{Field, TableOptions, slug};
use super::validate::{suggest, validate};
use super::{Dataset, Date, LoadError, Problem, ProblemKind};

/// The statement type read when none is named.
pub const DEFAULT_STATEMENT_TYPE: &str = "DNA Statement";

/// A problem of the database as a whole (no line or column: a database has none).
fn problem(message: String, help: Option<String>) -> Problem {
    Problem {
        location: None,
        subject: None,
        field: None,
        kind: ProblemKind::Table { message },
        help,
    }
}

/// A problem of one statement, named by its DNA id.
fn statement_problem(id: i64, field: &'static str, message: String) -> Problem {
    Problem {
        location: None,
        subject: Some(format!("statement {id}")),
        field: Some(field),
        kind: ProblemKind::Table { message },
        help: None,
    }
}

/// What an `SQLite` error means to the user.
fn database_error(error: &rusqlite::Error) -> Problem {
    use rusqlite::ErrorCode;
    let code = error.sqlite_error_code();
    let (message, help) = match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => (
            format!("the database is locked by another program ({error})"),
            Some(
                "close it in DNA (or the program holding it), or open a copy of the file"
                    .to_owned(),
            ),
        ),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => (
            format!("not an SQLite database, or a damaged one ({error})"),
            Some(
                "a DNA 3 database is the .dna file DNA saves; open the file in DNA to check it"
                    .to_owned(),
            ),
        ),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            (format!("cannot open the database ({error})"), None)
        }
        _ => (format!("cannot read the database: {error}"), None),
    };
    problem(message, help)
}

/// A variable of the statement type.
struct Variable {
    id: i64,
    name: String,
    data_type: String,
}

/// A document, as a source.
struct Document {
    source: usize,
    text: String,
    /// Byte offset of each UTF-16 code unit (and of the end), `u32::MAX` inside a
    /// character; `None` when the text is ASCII (units are bytes).
    units: Option<Vec<u32>>,
}

impl Document {
    /// The byte offset of a UTF-16 offset, when it falls on a character's start (or the end).
    fn byte(&self, unit: i64) -> Option<usize> {
        let unit = usize::try_from(unit).ok()?;
        match &self.units {
            None => (unit <= self.text.len()).then_some(unit),
            Some(units) => units
                .get(unit)
                .filter(|&&b| b != u32::MAX)
                .map(|&b| b as usize),
        }
    }
}

/// Byte offsets by UTF-16 unit, for a text that is not ASCII.
fn utf16_units(text: &str) -> Option<Vec<u32>> {
    if text.is_ascii() {
        return None;
    }
    let mut units = Vec::with_capacity(text.len() + 1);
    for (byte, c) in text.char_indices() {
        units.push(byte as u32);
        if c.len_utf16() == 2 {
            units.push(u32::MAX);
        }
    }
    units.push(text.len() as u32);
    Some(units)
}

/// Gives a person the organisation it speaks for as an attribute (so actors can be coloured
/// and grouped by it), unless an entity attribute of that name already says otherwise.
fn set_attribute(actor: &mut RawActor, name: &str, value: String) {
    if !actor.attributes.iter().any(|(n, _)| n == name) {
        actor.attributes.push((name.to_owned(), value));
    }
}

/// Unique ids across actors, issues and sources.
#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    fn give(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut id = base.clone();
        let mut k = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    }
}

/// Reads a DNA 3 database. `options.map` may name other variables for the actor, the issue
/// and the stance (`actor=person`); `options.statement_type` another statement type.
pub fn load_dna(path: &Path, options: &TableOptions) -> Result<Dataset, LoadError> {
    let name = path.display().to_string();
    let fail = |problems: Vec<Problem>| LoadError {
        path: name.clone(),
        problems,
    };
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| fail(vec![database_error(&e)]))?;
    // A database DNA holds open for writing may be busy for a moment; never wait long.
    connection
        .busy_timeout(std::time::Duration::from_secs(2))
        .map_err(|e| fail(vec![database_error(&e)]))?;
    let raw = read(&connection, path, options).map_err(fail)?;
    let notes = raw.1;
    let mut dataset = validate(raw.0, "", None).map_err(fail)?;
    dataset.notes = notes;
    Ok(dataset)
}

/// The tables of a database.
fn tables(connection: &Connection) -> Result<Vec<String>, rusqlite::Error> {
    let mut statement =
        connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?;
    names.collect()
}

fn read(
    connection: &Connection,
    path: &Path,
    options: &TableOptions,
) -> Result<(RawDataset, Vec<String>), Vec<Problem>> {
    let sql = |e: rusqlite::Error| vec![database_error(&e)];
    let tables = tables(connection).map_err(sql)?;
    let has = |table: &str| tables.iter().any(|t| t.eq_ignore_ascii_case(table));
    if !has("SETTINGS") || !has("STATEMENTS") {
        let shown = if tables.is_empty() {
            "none".to_owned()
        } else {
            tables.join(", ")
        };
        return Err(vec![problem(
            format!(
                "an SQLite database, but not DNA's: it has no SETTINGS and STATEMENTS tables (its tables: {shown})"
            ),
            Some(
                "stancemap opens databases of the Discourse Network Analyzer, version 3".to_owned(),
            ),
        )]);
    }
    let version: Option<String> = connection
        .query_row(
            "SELECT Value FROM SETTINGS WHERE Property = 'version'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(sql)?;
    if let Some(version) = &version
        && version.trim_start().starts_with('2')
    {
        return Err(vec![problem(
            format!("a DNA {version} database: stancemap reads DNA 3 databases"),
            Some(
                "open it in DNA 3 once, which converts it to DNA 3's format, then open it here"
                    .to_owned(),
            ),
        )]);
    }
    if !has("DOCUMENTS") || !has("VARIABLES") || !has("ENTITIES") || !has("STATEMENTTYPES") {
        return Err(vec![problem(
            "a DNA database without its DOCUMENTS, STATEMENTTYPES, VARIABLES or ENTITIES table"
                .to_owned(),
            Some("open the file in DNA 3 to check it".to_owned()),
        )]);
    }

    // The statement type and its variables.
    let wanted_type = options
        .statement_type
        .as_deref()
        .unwrap_or(DEFAULT_STATEMENT_TYPE);
    let types: Vec<(i64, String)> = {
        let mut statement = connection
            .prepare("SELECT ID, Label FROM STATEMENTTYPES ORDER BY ID")
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)?
    };
    let Some(&(type_id, _)) = types.iter().find(|(_, label)| label == wanted_type) else {
        let labels: Vec<&str> = types.iter().map(|(_, l)| l.as_str()).collect();
        return Err(vec![problem(
            format!(
                "the database has no statement type {wanted_type:?} (it has: {})",
                labels.join(", ")
            ),
            suggest(wanted_type, labels.iter().copied())
                .map(|s| format!("did you mean {s:?}? choose it with --statement-type {s:?}"))
                .or_else(|| Some("choose one with --statement-type LABEL".to_owned())),
        )]);
    };
    let variables: Vec<Variable> = {
        let mut statement = connection
            .prepare("SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ?1 ORDER BY ID")
            .map_err(sql)?;
        let rows = statement
            .query_map([type_id], |row| {
                Ok(Variable {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    data_type: row.get(2)?,
                })
            })
            .map_err(sql)?;
        rows.collect::<Result<_, _>>().map_err(sql)?
    };
    let mut problems = Vec::new();
    let mut variable = |field: Field, default: &str, types: &[&str]| -> Option<&Variable> {
        let wanted = options.map.get(&field).map_or(default, String::as_str);
        let found = variables.iter().find(|v| v.name == wanted);
        match found {
            Some(v) if types.contains(&v.data_type.as_str()) => Some(v),
            Some(v) => {
                problems.push(problem(
                    format!(
                        "the variable {:?} of {wanted_type:?} is {}, but the {} needs {}",
                        v.name,
                        v.data_type,
                        field.name(),
                        types.join(" or ")
                    ),
                    Some(format!("map another: --map {}=VARIABLE", field.name())),
                ));
                None
            }
            None => {
                let names: Vec<&str> = variables.iter().map(|v| v.name.as_str()).collect();
                problems.push(problem(
                    format!(
                        "the statement type {wanted_type:?} has no variable {wanted:?} for the {} (it has: {})",
                        field.name(),
                        names.join(", ")
                    ),
                    suggest(wanted, names.iter().copied())
                        .map(|s| format!("did you mean {s:?}? --map {}={s}", field.name()))
                        .or_else(|| Some(format!("map one: --map {}=VARIABLE", field.name()))),
                ));
                None
            }
        }
    };
    let actor_variable = variable(Field::Actor, "organization", &["short text"]);
    let issue_variable = variable(Field::Issue, "concept", &["short text"]);
    let stance_variable = variable(Field::Stance, "agreement", &["boolean", "integer"]);
    let (Some(actor_variable), Some(issue_variable), Some(stance_variable)) =
        (actor_variable, issue_variable, stance_variable)
    else {
        return Err(problems);
    };
    // The other actor variable: persons when the actor is the organisation, and back.
    let other_name = match actor_variable.name.as_str() {
        "organization" => Some("person"),
        "person" => Some("organization"),
        _ => None,
    };
    let other_variable = other_name.and_then(|n| {
        variables
            .iter()
            .find(|v| v.name == n && v.data_type == "short text")
    });

    // Entities and their attributes.
    let mut entities: HashMap<i64, String> = HashMap::new();
    {
        let mut statement = connection
            .prepare("SELECT ID, Value FROM ENTITIES")
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(sql)?;
        for row in rows {
            let (id, value) = row.map_err(sql)?;
            entities.insert(id, value);
        }
    }
    let mut attributes: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    if has("ATTRIBUTEVALUES") && has("ATTRIBUTEVARIABLES") {
        let mut statement = connection
            .prepare(
                "SELECT v.EntityId, a.AttributeVariable, v.AttributeValue
                 FROM ATTRIBUTEVALUES v JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId
                 ORDER BY a.ID",
            )
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(sql)?;
        for row in rows {
            let (entity, name, value) = row.map_err(sql)?;
            let (name, value) = (name.trim(), value.trim());
            if name.is_empty() || value.is_empty() {
                continue;
            }
            attributes
                .entry(entity)
                .or_default()
                .push((name.to_owned(), value.to_owned()));
        }
    }

    // Documents, as sources with their text.
    let mut ids = Ids::default();
    let mut sources = Vec::new();
    let mut documents: HashMap<i64, Document> = HashMap::new();
    {
        let mut statement = connection
            .prepare(
                "SELECT ID, Title, Text, Author, Source, Date FROM DOCUMENTS ORDER BY Date, ID",
            )
            .map_err(sql)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, i64>(5)?,
                ))
            })
            .map_err(sql)?;
        for row in rows {
            let (id, title, text, author, source, seconds) = row.map_err(sql)?;
            let title = if title.trim().is_empty() {
                format!("Document {id}")
            } else {
                title.trim().to_owned()
            };
            let publisher: Vec<&str> = [author.as_deref(), source.as_deref()]
                .into_iter()
                .flatten()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            let date = Date::from_days(seconds.div_euclid(86_400)).to_string();
            documents.insert(
                id,
                Document {
                    source: sources.len(),
                    units: utf16_units(&text),
                    text: text.clone(),
                },
            );
            sources.push(RawSource {
                id: ids.give(&title),
                title,
                publisher: (!publisher.is_empty()).then(|| publisher.join(", ")),
                url: None,
                date: Some(date),
                text: Some(text),
                text_file: None,
            });
        }
    }

    // Statements, in the order of their documents' dates, then where they stand.
    let stance_table = if stance_variable.data_type == "boolean" {
        "DATABOOLEAN"
    } else {
        "DATAINTEGER"
    };
    let query = format!(
        "SELECT s.ID, s.DocumentId, s.Start, s.Stop,
           (SELECT d.Entity FROM DATASHORTTEXT d WHERE d.StatementId = s.ID AND d.VariableId = ?1),
           (SELECT d.Entity FROM DATASHORTTEXT d WHERE d.StatementId = s.ID AND d.VariableId = ?2),
           (SELECT d.Entity FROM DATASHORTTEXT d WHERE d.StatementId = s.ID AND d.VariableId = ?3),
           (SELECT v.Value FROM {stance_table} v WHERE v.StatementId = s.ID AND v.VariableId = ?4)
         FROM STATEMENTS s JOIN DOCUMENTS doc ON doc.ID = s.DocumentId
         WHERE s.StatementTypeId = ?5
         ORDER BY doc.Date, s.DocumentId, s.Start, s.ID"
    );
    let mut statement = connection.prepare(&query).map_err(sql)?;
    let rows = statement
        .query_map(
            [
                actor_variable.id,
                issue_variable.id,
                other_variable.map_or(-1, |v| v.id),
                stance_variable.id,
                type_id,
            ],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                ))
            },
        )
        .map_err(sql)?;

    let actor_kind = |variable: &str| match variable {
        "person" => RawActorKind::Person,
        _ => RawActorKind::Organization,
    };
    let mut actors: Vec<RawActor> = Vec::new();
    let mut actor_of_entity: HashMap<i64, usize> = HashMap::new();
    let mut issues: Vec<RawIssue> = Vec::new();
    let mut issue_of_entity: HashMap<i64, usize> = HashMap::new();
    let mut positions = Vec::new();
    // Each entity of the other variable, with the actor entities it is coded with.
    let mut others: Vec<(i64, Vec<i64>)> = Vec::new();
    let mut other_index: HashMap<i64, usize> = HashMap::new();
    let mut left_out = 0usize;
    let mut add_actor = |entity: i64,
                         kind: RawActorKind,
                         actors: &mut Vec<RawActor>,
                         ids: &mut Ids|
     -> Option<usize> {
        if let Some(&k) = actor_of_entity.get(&entity) {
            return Some(k);
        }
        let name = entities.get(&entity)?.trim();
        if name.is_empty() {
            return None;
        }
        actor_of_entity.insert(entity, actors.len());
        actors.push(RawActor {
            id: ids.give(name),
            name: name.to_owned(),
            kind,
            role: None,
            represents: None,
            attributes: attributes.get(&entity).cloned().unwrap_or_default(),
            influence: None,
        });
        Some(actors.len() - 1)
    };
    for row in rows {
        let (id, document, start, stop, actor, issue, other, value) = row.map_err(sql)?;
        let Some(document) = documents.get(&document) else {
            continue;
        };
        // A statement not yet coded (an empty actor, issue or stance) says nothing.
        let named = |entity: Option<i64>| {
            entity.filter(|e| entities.get(e).is_some_and(|v| !v.trim().is_empty()))
        };
        let (Some(actor), Some(issue), Some(value)) = (named(actor), named(issue), value) else {
            left_out += 1;
            continue;
        };
        let (Some(from), Some(to)) = (document.byte(start), document.byte(stop)) else {
            let length: usize = document
                .units
                .as_ref()
                .map_or(document.text.len(), |u| u.len() - 1);
            let why = if usize::try_from(stop).is_ok_and(|s| s > length) {
                format!("ends at {stop}, past the end of its document ({length} UTF-16 units)")
            } else {
                "does not fall on characters (it splits a character in two)".to_owned()
            };
            problems.push(statement_problem(
                id,
                "quote",
                format!(
                    "its span [{start}, {stop}) of document {:?} {why}",
                    sources[document.source].title
                ),
            ));
            continue;
        };
        let quote = document.text.get(from..to.max(from)).unwrap_or("").trim();
        if quote.is_empty() {
            problems.push(statement_problem(
                id,
                "quote",
                format!(
                    "its span [{start}, {stop}) of document {:?} holds no text",
                    sources[document.source].title
                ),
            ));
            continue;
        }
        let Some(actor_at) = add_actor(
            actor,
            actor_kind(&actor_variable.name),
            &mut actors,
            &mut ids,
        ) else {
            continue;
        };
        if let Some(other) = named(other) {
            let k = *other_index.entry(other).or_insert_with(|| {
                others.push((other, Vec::new()));
                others.len() - 1
            });
            if !others[k].1.contains(&actor) {
                others[k].1.push(actor);
            }
        }
        let issue_at = if let Some(&k) = issue_of_entity.get(&issue) {
            k
        } else {
            let name = entities[&issue].trim().to_owned();
            issue_of_entity.insert(issue, issues.len());
            issues.push(RawIssue {
                id: ids.give(&name),
                name,
                description: None,
                tags: Vec::new(),
            });
            issues.len() - 1
        };
        let stance = match value.signum() {
            1 => RawStance::Support,
            -1 => RawStance::Reject,
            _ if stance_variable.data_type == "boolean" => RawStance::Reject,
            _ => RawStance::Neutral,
        };
        positions.push(RawPosition {
            actor: actors[actor_at].id.clone(),
            issue: issues[issue_at].id.clone(),
            stance,
            quote: quote.to_owned(),
            source: Some(sources[document.source].id.clone()),
            url: None,
            date: sources[document.source].date.clone(),
            salience: None,
        });
    }
    drop(statement);
    if !problems.is_empty() {
        return Err(problems);
    }
    // The other variable's entities: persons represent the organisation they are coded with
    // when it is one (and an organisation a person is coded with is an actor).
    if let Some(other_variable) = other_variable {
        let other_kind = actor_kind(&other_variable.name);
        let mut links = Vec::new();
        for (other, with) in &others {
            let Some(k) = add_actor(*other, other_kind, &mut actors, &mut ids) else {
                continue;
            };
            links.push((k, with.clone()));
        }
        for (k, with) in links {
            let persons_are_others = other_variable.name == "person";
            if persons_are_others {
                // A person coded with one organisation speaks for it.
                if let [organisation] = with[..]
                    && let Some(&target) = actor_of_entity.get(&organisation)
                    && target != k
                {
                    actors[k].represents = Some(actors[target].id.clone());
                    let name = actors[target].name.clone();
                    set_attribute(&mut actors[k], "organization", name);
                }
            } else {
                // The actors are persons: each coded with this one organisation only
                // speaks for it.
                for person in with {
                    let Some(&p) = actor_of_entity.get(&person) else {
                        continue;
                    };
                    let only_this = others.iter().filter(|(_, w)| w.contains(&person)).count() == 1;
                    if only_this && p != k {
                        actors[p].represents = Some(actors[k].id.clone());
                        let name = actors[k].name.clone();
                        set_attribute(&mut actors[p], "organization", name);
                    }
                }
            }
        }
    }
    let mut notes = Vec::new();
    if left_out > 0 {
        notes.push(format!(
            "{left_out} statements of {wanted_type:?} with an empty {}, {} or {} were left out",
            actor_variable.name, issue_variable.name, stance_variable.name
        ));
    }
    let title = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("DNA database")
        .replace(['_', '-'], " ");
    let description = Some(format!(
        "Statements of type {wanted_type:?} from a DNA database{}: actor = {}, issue = {}, stance = {}.",
        version.map_or_else(String::new, |v| format!(" (DNA {v})")),
        actor_variable.name,
        issue_variable.name,
        stance_variable.name
    ));
    Ok((
        RawDataset {
            title,
            description,
            sources,
            actors,
            issues,
            positions,
        },
        notes,
    ))
}
