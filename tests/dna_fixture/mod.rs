//! DNA 3 databases for tests and benchmarks, made with the tables DNA's `Sql.java` creates
//! for `SQLite` (the columns stancemap reads, with their types and constraints), and DNA's
//! default statement type, variables and attribute variables.

#![allow(dead_code)]

use std::path::Path;

use rusqlite::{Connection, params};

/// A document.
pub struct Doc<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub author: &'a str,
    pub source: &'a str,
    /// DNA's date: seconds since 1970 (UTC).
    pub seconds: i64,
}

/// A statement of the default type, its span given as the text it covers (found in its
/// document; `nth` picks a later occurrence) or as raw UTF-16 offsets.
pub struct Stmt<'a> {
    pub doc: usize,
    pub span: Span<'a>,
    pub person: &'a str,
    pub organization: &'a str,
    pub concept: &'a str,
    pub agreement: i64,
}

pub enum Span<'a> {
    Text(&'a str),
    Units(i64, i64),
}

/// The UTF-16 offsets of `needle` in `text`, as DNA (Java) counts.
pub fn units(text: &str, needle: &str) -> (i64, i64) {
    let at = text
        .find(needle)
        .expect("the span's text is in the document");
    let start = text[..at].encode_utf16().count() as i64;
    (start, start + needle.encode_utf16().count() as i64)
}

const SCHEMA: &str = "
CREATE TABLE SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE CODERS(ID INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
  Password TEXT NOT NULL);
CREATE TABLE DOCUMENTS(ID INTEGER NOT NULL PRIMARY KEY, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191),
  Text TEXT NOT NULL, Coder INTEGER, Author TEXT NOT NULL DEFAULT '', Source TEXT NOT NULL DEFAULT '',
  Section TEXT NOT NULL DEFAULT '', Notes TEXT NOT NULL DEFAULT '', Type TEXT NOT NULL DEFAULT '',
  Date INTEGER NOT NULL, FOREIGN KEY(Coder) REFERENCES CODERS(ID) ON DELETE CASCADE);
CREATE TABLE STATEMENTTYPES(ID INTEGER NOT NULL PRIMARY KEY, Label TEXT NOT NULL,
  Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE VARIABLES(ID INTEGER NOT NULL PRIMARY KEY, Variable TEXT NOT NULL,
  DataType TEXT NOT NULL CHECK (DataType = 'boolean' OR DataType = 'integer' OR DataType = 'long text' OR DataType = 'short text') DEFAULT 'short text',
  StatementTypeId INTEGER, FOREIGN KEY(StatementTypeId) REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE,
  UNIQUE (Variable, StatementTypeId));
CREATE TABLE STATEMENTS(ID INTEGER NOT NULL PRIMARY KEY, StatementTypeId INTEGER, DocumentId INTEGER,
  Start INTEGER NOT NULL CHECK(Start >= 0), Stop INTEGER NOT NULL CHECK(Stop >= 0), Coder INTEGER,
  CHECK (Start < Stop));
CREATE TABLE DATABOOLEAN(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 1, UNIQUE (StatementId, VariableId));
CREATE TABLE DATAINTEGER(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value INTEGER NOT NULL DEFAULT 0, UNIQUE (StatementId, VariableId));
CREATE TABLE ENTITIES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER, Green INTEGER, Blue INTEGER,
  ChildOf INTEGER CHECK(ChildOf > 0), UNIQUE (VariableId, Value));
CREATE TABLE DATASHORTTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Entity INTEGER NOT NULL, UNIQUE (StatementId, VariableId));
CREATE TABLE DATALONGTEXT(ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL,
  VariableId INTEGER NOT NULL, Value TEXT DEFAULT '', UNIQUE (StatementId, VariableId));
CREATE TABLE ATTRIBUTEVARIABLES(ID INTEGER PRIMARY KEY NOT NULL, VariableId INTEGER NOT NULL,
  AttributeVariable TEXT NOT NULL, UNIQUE(VariableId, AttributeVariable));
CREATE TABLE ATTRIBUTEVALUES(ID INTEGER PRIMARY KEY NOT NULL, EntityId INTEGER NOT NULL,
  AttributeVariableId INTEGER NOT NULL, AttributeValue TEXT NOT NULL DEFAULT '',
  UNIQUE (EntityId, AttributeVariableId));
INSERT INTO CODERS (ID, Name, Password) VALUES (1, 'Admin', 'x');
INSERT INTO STATEMENTTYPES (ID, Label) VALUES (1, 'DNA Statement');
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (1, 'person', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (2, 'organization', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (3, 'concept', 'short text', 1);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (4, 'agreement', 'boolean', 1);
INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (1, 'Type'), (2, 'Type'), (3, 'Type'),
  (1, 'Alias'), (2, 'Alias'), (3, 'Alias'), (1, 'Notes'), (2, 'Notes'), (3, 'Notes');
INSERT INTO STATEMENTTYPES (ID, Label) VALUES (2, 'Qualified');
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (5, 'organization', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (6, 'concept', 'short text', 2);
INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (7, 'agreement', 'integer', 2);
";

/// An entity of a variable, made once.
fn entity(connection: &Connection, variable: i64, value: &str) -> i64 {
    connection
        .execute(
            "INSERT OR IGNORE INTO ENTITIES (VariableId, Value) VALUES (?1, ?2)",
            params![variable, value],
        )
        .expect("entity");
    connection
        .query_row(
            "SELECT ID FROM ENTITIES WHERE VariableId = ?1 AND Value = ?2",
            params![variable, value],
            |row| row.get(0),
        )
        .expect("entity id")
}

/// Writes a DNA 3 database: documents, statements of the default type (and, with
/// `qualified`, the same statements of the type `Qualified`, whose agreement is an
/// integer), and attribute values `(variable, entity, attribute, value)`.
pub fn create(
    path: &Path,
    version: &str,
    docs: &[Doc],
    statements: &[Stmt],
    attributes: &[(&str, &str, &str, &str)],
) {
    let _ = std::fs::remove_file(path);
    let mut connection = Connection::open(path).expect("database");
    connection.execute_batch(SCHEMA).expect("schema");
    connection
        .execute(
            "INSERT INTO SETTINGS (Property, Value) VALUES ('version', ?1)",
            [version],
        )
        .expect("version");
    let tx = connection.transaction().expect("transaction");
    for (k, doc) in docs.iter().enumerate() {
        tx.execute(
            "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Date) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)",
            params![k as i64 + 1, doc.title, doc.text, doc.author, doc.source, doc.seconds],
        )
        .expect("document");
    }
    for (k, s) in statements.iter().enumerate() {
        let id = k as i64 + 1;
        let (start, stop) = match s.span {
            Span::Text(needle) => units(docs[s.doc].text, needle),
            Span::Units(a, b) => (a, b),
        };
        tx.execute(
            "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (?1, 1, ?2, ?3, ?4, 1)",
            params![id, s.doc as i64 + 1, start, stop],
        )
        .expect("statement");
        for (variable, value) in [(1, s.person), (2, s.organization), (3, s.concept)] {
            let e = entity(&tx, variable, value);
            tx.execute(
                "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?1, ?2, ?3)",
                params![id, variable, e],
            )
            .expect("short text");
        }
        tx.execute(
            "INSERT INTO DATABOOLEAN (StatementId, VariableId, Value) VALUES (?1, 4, ?2)",
            params![id, s.agreement],
        )
        .expect("boolean");
    }
    for (variable, value, attribute, text) in attributes {
        let variable_id: i64 = match *variable {
            "person" => 1,
            "organization" => 2,
            _ => 3,
        };
        let e = entity(&tx, variable_id, value);
        let a: i64 = tx
            .query_row(
                "SELECT ID FROM ATTRIBUTEVARIABLES WHERE VariableId = ?1 AND AttributeVariable = ?2",
                params![variable_id, attribute],
                |row| row.get(0),
            )
            .unwrap_or_else(|_| {
                tx.execute(
                    "INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?1, ?2)",
                    params![variable_id, attribute],
                )
                .expect("attribute variable");
                tx.last_insert_rowid()
            });
        tx.execute(
            "INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?1, ?2, ?3)",
            params![e, a, text],
        )
        .expect("attribute value");
    }
    tx.commit().expect("commit");
}

/// Adds statements of the type `Qualified` (an integer agreement) to a database.
pub fn add_qualified(path: &Path, statements: &[(usize, &str, &str, &str, i64)], docs: &[Doc]) {
    let connection = Connection::open(path).expect("database");
    let first: i64 = connection
        .query_row("SELECT COALESCE(MAX(ID), 0) FROM STATEMENTS", [], |row| {
            row.get(0)
        })
        .expect("max");
    for (k, (doc, needle, organization, concept, value)) in statements.iter().enumerate() {
        let id = first + k as i64 + 1;
        let (start, stop) = units(docs[*doc].text, needle);
        connection
            .execute(
                "INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (?1, 2, ?2, ?3, ?4, 1)",
                params![id, *doc as i64 + 1, start, stop],
            )
            .expect("statement");
        for (variable, text) in [(5, *organization), (6, *concept)] {
            let e = entity(&connection, variable, text);
            connection
                .execute(
                    "INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?1, ?2, ?3)",
                    params![id, variable, e],
                )
                .expect("short text");
        }
        connection
            .execute(
                "INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?1, 7, ?2)",
                params![id, value],
            )
            .expect("integer");
    }
}
