//! DNA 3 databases open like a positions file: statements become positions with their coded
//! span as the quote (UTF-16 offsets converted), documents sources with their text, persons
//! people who represent their organisation, entity attributes actor attributes; a DNA 2, a
//! foreign, a damaged or a locked database is a clear error.

mod dna_fixture;

use std::path::PathBuf;

use assert_cmd::Command;
use dna_fixture::{Doc, Span, Stmt, create};
use predicates::prelude::*;
use stancemap::model::table::{Field, TableOptions};
use stancemap::model::{self, ActorKind, StanceKind};

fn path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-dna-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir.join(name)
}

fn stancemap() -> Command {
    Command::cargo_bin("stancemap").expect("binary")
}

/// Two debates; the second has text beyond the Basic Multilingual Plane (an emoji takes two
/// UTF-16 units), so its spans only fall right when offsets are converted.
const DEBATE_1: &str = "Anna Berg (SPD): We need a higher minimum wage. Jonas Keller (CDU): A higher minimum wage costs jobs.";
const DEBATE_2: &str = "Lena Wolf (SPD) 🙂: Zwölf Euro sind das Mindeste. Jonas Keller (CDU): Mietpreisbremsen bauen keine Wohnungen.";

fn docs() -> Vec<Doc<'static>> {
    vec![
        Doc {
            title: "Plenary 1",
            text: DEBATE_1,
            author: "Bundestag",
            source: "Plenarprotokoll",
            seconds: 1_614_556_800, // 2021-03-01
        },
        Doc {
            title: "Plenary 2",
            text: DEBATE_2,
            author: "",
            source: "Plenarprotokoll",
            seconds: 1_614_643_200 + 3_600, // 2021-03-02, 01:00
        },
    ]
}

fn statements() -> Vec<Stmt<'static>> {
    vec![
        Stmt {
            doc: 0,
            span: Span::Text("We need a higher minimum wage."),
            person: "Anna Berg",
            organization: "SPD",
            concept: "Minimum wage",
            agreement: 1,
        },
        Stmt {
            doc: 0,
            span: Span::Text("A higher minimum wage costs jobs."),
            person: "Jonas Keller",
            organization: "CDU",
            concept: "Minimum wage",
            agreement: 0,
        },
        Stmt {
            doc: 1,
            span: Span::Text("Zwölf Euro sind das Mindeste."),
            person: "Lena Wolf",
            organization: "SPD",
            concept: "Minimum wage",
            agreement: 1,
        },
        Stmt {
            doc: 1,
            span: Span::Text("Mietpreisbremsen bauen keine Wohnungen."),
            person: "Jonas Keller",
            organization: "CDU",
            concept: "Rent cap",
            agreement: 0,
        },
    ]
}

fn attributes() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    vec![
        ("organization", "SPD", "Type", "party"),
        ("organization", "SPD", "Alias", "Sozialdemokraten"),
        ("organization", "CDU", "Type", "party"),
        ("organization", "CDU", "Notes", ""),
        ("person", "Anna Berg", "Type", "MP"),
        ("organization", "SPD", "party family", "social democratic"),
    ]
}

fn parliament(name: &str) -> PathBuf {
    let file = path(name);
    create(&file, "3.0.11", &docs(), &statements(), &attributes());
    file
}

#[test]
fn a_dna_database_opens_as_positions_with_verbatim_quotes() {
    let file = parliament("parliament.dna");
    let dataset = model::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
    // The organisations hold the positions; the persons are people who represent them.
    let spd = dataset.find_actor("spd").expect("SPD");
    let cdu = dataset.find_actor("cdu").expect("CDU");
    assert_eq!(dataset.actor(spd).kind, ActorKind::Organization);
    let berg = dataset.find_actor("anna-berg").expect("Anna Berg");
    let keller = dataset.find_actor("jonas-keller").expect("Jonas Keller");
    assert_eq!(dataset.actor(berg).kind, ActorKind::Person);
    assert_eq!(dataset.actor(berg).represents, Some(spd));
    assert_eq!(dataset.actor(keller).represents, Some(cdu));
    assert_eq!(dataset.positions.len(), 4);
    assert!(
        dataset
            .positions
            .iter()
            .all(|p| p.actor == spd || p.actor == cdu)
    );
    // Quotes are the coded spans, past the emoji too; stances from the boolean agreement.
    let quotes: Vec<(&str, StanceKind)> = dataset
        .positions
        .iter()
        .map(|p| (p.quote.as_str(), p.stance.kind()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("We need a higher minimum wage.", StanceKind::Support),
            ("A higher minimum wage costs jobs.", StanceKind::Reject),
            ("Zwölf Euro sind das Mindeste.", StanceKind::Support),
            (
                "Mietpreisbremsen bauen keine Wohnungen.",
                StanceKind::Reject
            ),
        ]
    );
    // Documents are sources with their text, date (UTC day) and publisher.
    assert_eq!(dataset.sources.len(), 2);
    let second = &dataset.sources[1];
    assert_eq!(second.title, "Plenary 2");
    assert_eq!(
        second.date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-02")
    );
    assert_eq!(second.publisher.as_deref(), Some("Plenarprotokoll"));
    assert_eq!(
        dataset.sources[0].publisher.as_deref(),
        Some("Bundestag, Plenarprotokoll")
    );
    assert_eq!(
        dataset.positions[2].date.map(|d| d.to_string()).as_deref(),
        Some("2021-03-02")
    );
    // Entity attributes, empty values left out, custom ones kept.
    let attributes = &dataset.actor(spd).attributes;
    assert_eq!(attributes.get("Type").map(String::as_str), Some("party"));
    assert_eq!(
        attributes.get("Alias").map(String::as_str),
        Some("Sozialdemokraten")
    );
    assert_eq!(
        attributes.get("party family").map(String::as_str),
        Some("social democratic")
    );
    assert!(!dataset.actor(cdu).attributes.contains_key("Notes"));
    assert_eq!(
        dataset
            .actor(berg)
            .attributes
            .get("Type")
            .map(String::as_str),
        Some("MP")
    );
    // `check` reads it, and every quote is found in its source's text.
    stancemap()
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "4 of 4 quotes found in their sources",
        ));
    // `convert` writes it as a positions file that reads back the same.
    let ron = path("parliament.ron");
    stancemap()
        .arg("convert")
        .arg(&file)
        .arg("--out")
        .arg(&ron)
        .assert()
        .success();
    let back = model::load_file(&ron).expect("reads back");
    assert_eq!(back.summary(), dataset.summary());
}

#[test]
fn the_actor_variable_and_the_statement_type_can_be_chosen() {
    let file = parliament("chosen.dna");
    // The persons hold the positions, each speaking for their party.
    let options = TableOptions {
        map: [(Field::Actor, "person".to_owned())].into(),
        ..TableOptions::default()
    };
    let dataset = model::load_file_with(&file, &options).expect("valid");
    let keller = dataset.find_actor("jonas-keller").expect("Keller");
    let cdu = dataset.find_actor("cdu").expect("CDU");
    assert_eq!(dataset.actor(keller).kind, ActorKind::Person);
    assert_eq!(dataset.actor(keller).represents, Some(cdu));
    // Their organisation is an attribute too: actors can be coloured and grouped by it.
    assert_eq!(
        dataset
            .actor(keller)
            .attributes
            .get("organization")
            .map(String::as_str),
        Some("CDU")
    );
    assert_eq!(
        dataset
            .positions
            .iter()
            .filter(|p| p.actor == keller)
            .count(),
        2
    );
    stancemap()
        .args(["check", "--map", "actor=person"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("5 actors, 2 issues, 4 positions"));
    // Another statement type, whose agreement is an integer: positive, negative, zero.
    dna_fixture::add_qualified(
        &file,
        &[
            (
                0,
                "We need a higher minimum wage.",
                "SPD",
                "Minimum wage",
                2,
            ),
            (
                0,
                "A higher minimum wage costs jobs.",
                "CDU",
                "Minimum wage",
                -1,
            ),
            (
                1,
                "Zwölf Euro sind das Mindeste.",
                "Greens",
                "Minimum wage",
                0,
            ),
        ],
        &docs(),
    );
    let options = TableOptions {
        statement_type: Some("Qualified".to_owned()),
        ..TableOptions::default()
    };
    let dataset = model::load_file_with(&file, &options).expect("valid");
    let stances: Vec<StanceKind> = dataset.positions.iter().map(|p| p.stance.kind()).collect();
    assert_eq!(
        stances,
        [StanceKind::Support, StanceKind::Reject, StanceKind::Neutral]
    );
    // An unknown type or variable: the choices and a suggestion.
    stancemap()
        .args(["check", "--statement-type", "Qualifed"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no statement type \"Qualifed\""))
        .stderr(predicate::str::contains("did you mean \"Qualified\"?"));
    stancemap()
        .args(["check", "--map", "actor=persn"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no variable \"persn\""))
        .stderr(predicate::str::contains("--map actor=person"));
}

#[test]
fn a_span_that_splits_a_character_is_refused_by_name() {
    let file = path("split.dna");
    // The emoji starts at UTF-16 unit 16 and takes two units: 17 falls inside it.
    let docs = docs();
    let (emoji, _) = dna_fixture::units(DEBATE_2, "🙂");
    create(
        &file,
        "3.0.11",
        &docs,
        &[Stmt {
            doc: 1,
            span: Span::Units(emoji + 1, emoji + 10),
            person: "Lena Wolf",
            organization: "SPD",
            concept: "Minimum wage",
            agreement: 1,
        }],
        &[],
    );
    let name = file.display().to_string();
    stancemap()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}: statement 1, field `quote`"
        )))
        .stderr(predicate::str::contains("splits a character in two"));
    // A span past the end of its document.
    create(
        &file,
        "3.0.11",
        &docs,
        &[Stmt {
            doc: 0,
            span: Span::Units(10, 5000),
            person: "Anna Berg",
            organization: "SPD",
            concept: "Minimum wage",
            agreement: 1,
        }],
        &[],
    );
    stancemap()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("past the end of its document"));
}

#[test]
fn dna_2_foreign_damaged_and_locked_databases_are_clear_errors() {
    // DNA 2: say how to convert it.
    let old = path("old.dna");
    create(&old, "2.0 beta 25", &docs(), &statements(), &[]);
    stancemap()
        .arg("check")
        .arg(&old)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a DNA 2.0 beta 25 database"))
        .stderr(predicate::str::contains("open it in DNA 3 once"));
    // Another program's SQLite database.
    let foreign = path("foreign.dna");
    let _ = std::fs::remove_file(&foreign);
    rusqlite::Connection::open(&foreign)
        .expect("db")
        .execute_batch("CREATE TABLE songs(title TEXT);")
        .expect("table");
    stancemap()
        .arg("check")
        .arg(&foreign)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not DNA's"))
        .stderr(predicate::str::contains("its tables: songs"));
    // Not a database at all.
    let damaged = path("damaged.dna");
    std::fs::write(
        &damaged,
        b"SQLite format 3\0 this is not really a database at all, is it? ".repeat(40),
    )
    .expect("write");
    stancemap()
        .arg("check")
        .arg(&damaged)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not an SQLite database, or a damaged one",
        ));
    // Locked by another program for writing: an error in about two seconds, never a hang.
    let locked = parliament("locked.dna");
    let holder = rusqlite::Connection::open(&locked).expect("db");
    holder
        .execute_batch("BEGIN EXCLUSIVE; UPDATE SETTINGS SET Value = Value;")
        .expect("lock");
    let error = model::load_file(&locked).expect_err("locked");
    assert!(error.to_string().contains("locked"), "{error}");
    holder.execute_batch("COMMIT;").expect("unlock");
    assert!(model::load_file(&locked).is_ok());
}
