//! Sources that carry their text: read inline or from a file kept inside the positions file's
//! folder, and every quote found in it word for word (the fixtures' reports are in
//! `tests/fixtures/invalid/*.expected`; these are the cases a fixture cannot hold).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use stancemap::model::{self, ProblemKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-texts-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

const ONE_SOURCE: &str = r#"(
    title: "T",
    sources: [(id: "s", title: "S", text_file: "FILE")],
    actors: [(id: "a", name: "A", kind: Country)],
    issues: [(id: "i", name: "I")],
    positions: [(actor: "a", issue: "i", stance: Support, quote: "QUOTE", source: "s")],
)"#;

fn one_source(file: &str, quote: &str) -> String {
    ONE_SOURCE.replace("FILE", file).replace("QUOTE", quote)
}

#[test]
fn an_html_text_file_is_read_as_its_text_and_quotes_are_found_in_it() {
    let dataset = model::load_file(&fixture("valid/source-texts.ron")).expect("valid");
    let article = dataset.sources[0]
        .text
        .as_ref()
        .expect("the article's text");
    // The page's text: no markup, no script, the entity decoded, paragraphs kept.
    assert!(
        article
            .body
            .starts_with("Security Guarantees for Ukraine\n\nChancellor")
    );
    assert!(!article.body.contains('<') && !article.body.contains("not text"));
    assert!(article.body.contains("stating, “This peace"));
    assert_eq!(article.file.as_deref(), Some("source-texts/article.html"));
    // Each quote's passage is the quote in the text (the HTML's line breaks became spaces).
    assert_eq!(article.passages.len(), 2);
    for passage in &article.passages {
        assert_eq!(
            &article.body[passage.range.clone()],
            dataset.position(passage.position).quote
        );
    }
    let notes = dataset.sources[1].text.as_ref().expect("the notes");
    assert!(
        notes.body.starts_with("# Notes\n\nZelenskyy"),
        "Markdown as it is"
    );
    assert_eq!(
        dataset.quote_check(),
        "4 of 4 quotes found in their sources"
    );
}

#[test]
fn a_link_that_points_out_of_the_folder_is_refused() {
    let dir = temp_dir("link");
    let inside = dir.join("inside");
    std::fs::create_dir_all(&inside).expect("folder");
    std::fs::write(dir.join("secret.txt"), "A secret quote.").expect("outside file");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("secret.txt"), inside.join("article.txt")).expect("link");
    let positions = inside.join("positions.ron");
    std::fs::write(&positions, one_source("article.txt", "A secret quote.")).expect("write");
    let error = model::load_file(&positions).expect_err("the link leaves the folder");
    assert!(
        matches!(&error.problems[0].kind, ProblemKind::TextFileOutside { path } if path == "article.txt"),
        "{error}"
    );
    let location = error.problems[0].location.expect("located");
    assert_eq!((location.line, location.column), (3, 37));

    // A link that stays inside is read.
    std::fs::write(inside.join("real.txt"), "A quote inside.").expect("file");
    #[cfg(unix)]
    std::os::unix::fs::symlink(inside.join("real.txt"), inside.join("alias.txt")).expect("link");
    std::fs::write(&positions, one_source("alias.txt", "A quote inside.")).expect("write");
    model::load_file(&positions).expect("a link inside the folder is fine");
}

#[test]
fn a_text_file_needs_a_folder_and_a_quote_must_be_in_its_text() {
    // Text not read from a file has no folder to read a text file from.
    let error = model::load_str(&one_source("a.txt", "x"), "<text>").expect_err("no folder");
    assert!(
        error.to_string().contains("not read from a file"),
        "{error}"
    );

    let dir = temp_dir("quote");
    std::fs::write(dir.join("a.txt"), "They said: “no troops — ever”.").expect("file");
    let positions = dir.join("positions.ron");
    // Whitespace is forgiven; a straight quote and a hyphen for the dash are not.
    std::fs::write(&positions, one_source("a.txt", "“no   troops — ever”")).expect("write");
    model::load_file(&positions).expect("whitespace may differ");
    std::fs::write(&positions, one_source("a.txt", r#"\"no troops - ever\""#)).expect("write");
    let error = model::load_file(&positions).expect_err("not verbatim");
    let problem = &error.problems[0];
    assert_eq!(problem.field, Some("quote"));
    assert!(
        matches!(&problem.kind, ProblemKind::QuoteNotInSource { source_id } if source_id == "s")
    );
    assert_eq!(
        problem.help.as_deref(),
        Some("the closest passage of the text is \"“no troops — ever”\"")
    );
}

#[test]
fn check_says_how_many_quotes_were_found_and_how_many_not_checked() {
    Command::cargo_bin("stancemap")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "tests/fixtures/valid/source-texts.ron"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "4 of 4 quotes found in their sources",
        ));
    let dir = temp_dir("unchecked");
    let file = dir.join("p.ron");
    std::fs::write(
        &file,
        r#"(title: "T", sources: [(id: "s", title: "S", text: "Yes."), (id: "u", title: "U")],
            actors: [(id: "a", name: "A", kind: Country)], issues: [(id: "i", name: "I")],
            positions: [(actor: "a", issue: "i", stance: Support, quote: "Yes.", source: "s"),
                        (actor: "a", issue: "i", stance: Reject, quote: "No.", source: "u"),
                        (actor: "a", issue: "i", stance: Reject, quote: "No.")])"#,
    )
    .expect("write");
    Command::cargo_bin("stancemap")
        .expect("binary")
        .arg("check")
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 of 1 quote found in their sources; 2 not checked (their source has no text)",
        ));
}

#[test]
fn convert_writes_the_text_inline_so_the_file_stands_on_its_own() {
    let dir = temp_dir("convert");
    let out = dir.join("elsewhere.ron");
    Command::cargo_bin("stancemap")
        .expect("binary")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["convert", "tests/fixtures/valid/source-texts.ron", "--out"])
        .arg(&out)
        .assert()
        .success();
    let written = model::load_file(&out).expect("loads from another folder");
    let original = model::load_file(&fixture("valid/source-texts.ron")).expect("valid");
    for (a, b) in written.sources.iter().zip(&original.sources) {
        let (a, b) = (
            a.text.as_ref().expect("text"),
            b.text.as_ref().expect("text"),
        );
        assert_eq!(a.body, b.body);
        assert_eq!(a.passages, b.passages);
    }
}
