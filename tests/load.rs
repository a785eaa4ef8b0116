//! The loader against a corpus of files: one invalid file per rule, each with the exact report
//! it must produce (`tests/fixtures/invalid/NAME.expected`), and valid files that must load.
//!
//! After an intended wording change, regenerate the expectations with
//! `UPDATE_EXPECT=1 cargo test --test load` and review the diff.

use std::path::{Path, PathBuf};

use stancemap::model::{self, ProblemKind};

fn fixtures(kind: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Loads a fixture the way the CLI names it: relative to the repository.
fn report(path: &Path) -> String {
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("inside the repository")
        .display()
        .to_string();
    let bytes = std::fs::read(path).expect("readable fixture");
    match model::load_bytes_in(&bytes, &name, path.parent()) {
        Ok(dataset) => panic!("{name} should be invalid but loaded: {}", dataset.summary()),
        Err(error) => error.to_string(),
    }
}

#[test]
fn every_invalid_fixture_gives_its_expected_report() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let files = fixtures("invalid", "ron");
    assert!(files.len() >= 30, "the corpus has one file per rule");
    for path in files {
        let actual = report(&path);
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual).expect("write expectation");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_valid_fixture_loads() {
    for path in fixtures("valid", "ron") {
        let result = model::load_file(&path);
        assert!(
            result.is_ok(),
            "{}: {}",
            path.display(),
            result.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}

#[test]
fn bom_and_crlf_load_like_the_plain_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let plain = std::fs::read_to_string(dir.join("bom-crlf.ron"))
        .expect("fixture")
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n");
    let from_plain = model::load_str(&plain, "plain").expect("plain loads");
    let from_bom = model::load_file(&dir.join("bom-crlf.ron")).expect("bom + crlf loads");
    assert_eq!(from_plain, from_bom);
}

#[test]
fn optional_fields_load_bare_or_as_some() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let dataset = model::load_file(&dir.join("explicit-some.ron")).expect("loads");
    let germany = dataset.find_actor("germany").expect("germany");
    assert_eq!(dataset.actor(germany).role.as_deref(), Some("A country"));
    let dataset = model::load_file(&dir.join("all-fields.ron")).expect("loads");
    let position = &dataset.positions[0];
    assert_eq!(
        position.date.map(|d| d.to_string()).as_deref(),
        Some("2025-08-19")
    );
    assert_eq!(position.url.as_deref(), Some("http://example.org/speech"));
    assert_eq!(dataset.issues[0].tags, ["troops", "guarantees"]);
    assert_eq!(dataset.sources[0].publisher.as_deref(), Some("Publisher"));
}

#[test]
fn a_missing_file_is_reported_not_panicked() {
    let error = model::load_file(Path::new("no/such/file.ron")).expect_err("missing");
    assert!(
        matches!(error.problems[0].kind, ProblemKind::Unreadable { .. }),
        "{error}"
    );
    assert!(error.to_string().starts_with(
        "no/such/file.ron: 1 problem found\nno/such/file.ron: cannot read the file: "
    ));
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = std::env::temp_dir().join(format!("stancemap-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: takes no disk space, but reports a size over the limit.
    file.set_len(model::MAX_FILE_BYTES + 1).expect("set_len");
    let error = model::load_file(&path).expect_err("too large");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        matches!(error.problems[0].kind, ProblemKind::TooLarge { .. }),
        "{error}"
    );
}

#[test]
fn hostile_nesting_gives_an_error_not_a_stack_overflow() {
    for text in [
        "[".repeat(1_000_000),
        "(title: ".to_owned() + &"Some(".repeat(1_000_000),
        "(title: \"t\", actors: [".to_owned() + &"(".repeat(1_000_000),
        "/*".repeat(100_000),
    ] {
        let error = model::load_str(&text, "deep.ron").expect_err("invalid");
        assert!(!error.problems.is_empty());
    }
}

#[test]
fn unvotes_data_loads_with_the_known_counts() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/unvotes/ukraine.ron");
    let Ok(bytes) = std::fs::read(&path) else {
        // The shared data sits beside the repository on the team's machines and in CI only.
        return;
    };
    let dataset = model::load_bytes(&bytes, "ukraine.ron").expect("valid");
    let issue = dataset
        .issues
        .iter()
        .position(|i| i.name.contains("R/68/262") || i.id.contains("68-262"))
        .map(|i| model::IssueIx(i as u32))
        .expect("the territorial-integrity resolution");
    let mut tally = model::Tally::default();
    let mut no_votes = Vec::new();
    for position in dataset.positions.iter().filter(|p| p.issue == issue) {
        tally.add(position.stance.kind());
        if position.stance.kind() == model::StanceKind::Reject {
            no_votes.push(dataset.actor(position.actor).name.clone());
        }
    }
    assert_eq!((tally.support, tally.reject, tally.neutral), (100, 11, 58));
    assert_eq!(no_votes.len(), 11);
    assert!(no_votes.iter().any(|n| n.contains("Russia")));
}

#[test]
fn the_format_example_in_the_readme_loads() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme.find("```ron\n").expect("a ron example") + "```ron\n".len();
    let length = readme[start..].find("```").expect("end of the example");
    // Its source's text file, beside it as the example names it.
    let dir = std::env::temp_dir().join(format!("stancemap-readme-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sources")).expect("folder");
    std::fs::write(
        dir.join("sources/n-tv-2025-08-19.html"),
        "<html><body><p>However, Russia firmly rejects any guarantees involving NATO troops\n\
         on Ukrainian soil.</p></body></html>",
    )
    .expect("text file");
    let file = dir.join("positions.ron");
    std::fs::write(&file, &readme[start..start + length]).expect("example");
    let dataset = model::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        dataset.summary(),
        "5 actors, 2 issues, 2 positions (1 reject · 1 condition)"
    );
    let member = dataset
        .find_actor("member-a")
        .expect("the example's person");
    assert_eq!(dataset.actor(member).kind, model::ActorKind::Person);
    assert_eq!(
        dataset
            .actor(member)
            .attributes
            .get("party")
            .map(String::as_str),
        Some("Example Party")
    );
    assert_eq!(
        dataset.quote_check(),
        "1 of 1 quote found in their sources; 1 not checked (their source has no text)"
    );
}
