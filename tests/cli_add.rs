//! `stancemap add` from the outside: the real binary on temporary copies of real files. An
//! added entry changes the file by its own lines only; a refused one leaves it byte for byte
//! as it was, with no backup; messages name the entry and the field, with a suggestion.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use stancemap::model::{self, ActorKind, Dataset, Stance};

/// The quote of the bundled file's source that no position of it takes yet.
const CONTESTED: &str = "These negotiations, however, remain contested, particularly by Russia.";

/// The binary, run in `dir` (so that files are named as a user would name them).
fn stancemap(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("stancemap").expect("binary");
    cmd.current_dir(dir);
    cmd
}

/// A temporary folder holding a copy of the repository's file `from`, named `name`.
fn copy_of(from: &str, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(name);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(from), &path).expect("copy");
    (dir, path)
}

fn load(path: &Path) -> Dataset {
    model::load_file(path).expect("the file loads")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("readable")
}

/// The lines of `new` that are not `old`'s, if every line of `old` is in `new` in order.
fn added_lines<'n>(old: &str, new: &'n str) -> Vec<&'n str> {
    let mut old_lines = old.lines().peekable();
    let mut added = Vec::new();
    for line in new.lines() {
        if old_lines.peek() == Some(&line) {
            old_lines.next();
        } else {
            added.push(line);
        }
    }
    let missing: Vec<&str> = old_lines.collect();
    assert!(missing.is_empty(), "old lines lost or moved: {missing:#?}");
    added
}

fn backup_of(path: &Path) -> PathBuf {
    model::backup_path(path)
}

#[test]
fn adding_a_position_changes_the_file_by_its_lines_only() {
    let (dir, path) = copy_of("positions.ron", "positions.ron");
    let before = std::fs::read_to_string(&path).expect("text");
    let positions_before = load(&path).positions.len();
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "merz",
            "--issue",
            "ground-troops",
            "--stance",
            "reject",
            "--quote",
            CONTESTED,
            "--source",
            "eu-assurances-article",
        ])
        .assert()
        .success()
        .stdout(predicate::str::diff(
            "added position merz → ground-troops (reject) to positions.ron; previous version kept as positions.ron~\n",
        ))
        .stderr(predicate::str::is_empty());
    let after = std::fs::read_to_string(&path).expect("text");
    let added = added_lines(&before, &after);
    assert_eq!(added.len(), 2, "{added:#?}");
    assert!(added[0].contains("actor: \"merz\", issue: \"ground-troops\", stance: Reject"));
    assert!(added[1].contains(CONTESTED));
    assert_eq!(read(&backup_of(&path)), before.as_bytes(), "the backup");
    let dataset = load(&path);
    assert_eq!(dataset.positions.len(), positions_before + 1);
    let new = dataset.positions.last().expect("a position");
    assert_eq!(dataset.actor(new.actor).id, "merz");
    assert_eq!(dataset.issue(new.issue).id, "ground-troops");
    assert_eq!(new.stance, Stance::Reject);
    assert_eq!(new.quote, CONTESTED);
    assert_eq!(
        new.source.map(|s| dataset.source(s).id.as_str()),
        Some("eu-assurances-article")
    );
}

#[test]
fn a_quote_not_in_its_source_is_refused_and_the_file_untouched() {
    let (dir, path) = copy_of("positions.ron", "positions.ron");
    let before = read(&path);
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "merz",
            "--issue",
            "ground-troops",
            "--stance",
            "reject",
            // A comma left out and a letter in the wrong case: not the text's words.
            "--quote",
            "These negotiations however remain contested, particularly by russia.",
            "--source",
            "eu-assurances-article",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "positions.ron: new position (merz on ground-troops), field `quote`: the quote is not in the text of source \"eu-assurances-article\"",
        ))
        .stderr(predicate::str::contains(format!(
            "    help: the closest passage of the text is \"{CONTESTED}\""
        )))
        .stderr(predicate::str::contains("the file is unchanged"));
    assert_eq!(read(&path), before, "the file is byte for byte as it was");
    assert!(!backup_of(&path).exists(), "no backup is made");
    // Nor is anything else left in the folder (a temporary file).
    assert_eq!(std::fs::read_dir(dir.path()).expect("folder").count(), 1);
}

#[test]
fn a_new_actor_then_a_position_by_it_and_an_unknown_actor_is_suggested() {
    let (dir, path) = copy_of("positions.ron", "positions.ron");
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "actor",
            "--id",
            "von-der-leyen",
            "--name",
            "Ursula von der Leyen",
            "--kind",
            "leader",
            "--role",
            "President of the European Commission",
            "--represents",
            "eu",
            "--attribute",
            "party=CDU",
            "--attribute",
            "group=EPP",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "added actor von-der-leyen (Leader) to positions.ron;",
        ));
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "von-der-leyen",
            "--issue",
            "ground-troops",
            "--stance",
            "conditional",
            "--condition",
            "the talks hold",
            "--quote",
            CONTESTED,
            "--source",
            "eu-assurances-article",
            "--date",
            "2025-08-20",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "added position von-der-leyen → ground-troops (condition: the talks hold)",
        ));
    let dataset = load(&path);
    let actor = dataset.find_actor("von-der-leyen").expect("the new actor");
    assert_eq!(dataset.actor(actor).kind, ActorKind::Leader);
    assert!(
        String::from_utf8_lossy(&read(&path))
            .contains(r#"attributes: {"group": "EPP", "party": "CDU"}"#)
    );
    let attributes: Vec<(&str, &str)> = dataset
        .actor(actor)
        .attributes
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(attributes, [("group", "EPP"), ("party", "CDU")]);
    assert_eq!(
        dataset.actor(actor).role.as_deref(),
        Some("President of the European Commission")
    );
    assert_eq!(
        dataset
            .actor(actor)
            .represents
            .map(|a| dataset.actor(a).id.as_str()),
        Some("eu")
    );
    let position = dataset.positions.last().expect("a position");
    assert_eq!(position.actor, actor);
    assert_eq!(
        position.stance,
        Stance::Condition("the talks hold".to_owned())
    );
    assert_eq!(
        position.date.map(|d| d.to_string()).as_deref(),
        Some("2025-08-20")
    );

    let before = read(&path);
    let backup_before = read(&backup_of(&path));
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "von-der-leyn",
            "--issue",
            "ground-troops",
            "--stance",
            "support",
            "--quote",
            "Anything.",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "positions.ron: new position (von-der-leyn on ground-troops), field `actor`: unknown actor \"von-der-leyn\"\n    help: did you mean \"von-der-leyen\"?",
        ));
    assert_eq!(read(&path), before);
    assert_eq!(
        read(&backup_of(&path)),
        backup_before,
        "the backup is not touched"
    );
}

#[test]
fn stance_and_kind_words_are_read_as_a_table_reads_them() {
    let (dir, path) = copy_of("positions.ron", "positions.ron");
    let add = |stance: &str| {
        stancemap(dir.path())
            .args([
                "add",
                "positions.ron",
                "position",
                "--actor",
                "russia",
                "--issue",
                "ground-troops",
                "--stance",
                stance,
                "--quote",
                CONTESTED,
                "--source",
                "eu-assurances-article",
            ])
            .assert()
    };
    add("Against").success();
    assert_eq!(
        load(&path).positions.last().expect("a position").stance,
        Stance::Reject
    );
    add("abstain").success();
    assert_eq!(
        load(&path).positions.last().expect("a position").stance,
        Stance::Neutral
    );
    let before = read(&path);
    add("rejekt")
        .code(1)
        .stderr(predicate::str::contains(
            "field `stance`: `rejekt` is not a valid stance",
        ))
        .stderr(predicate::str::contains("help: did you mean `reject`?"));
    add("condition")
        .code(1)
        .stderr(predicate::str::contains(
            "field `stance`: the condition text is empty",
        ))
        .stderr(predicate::str::contains("--condition TEXT"));
    // A condition given to another stance is a usage error, as clap's are.
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "russia",
            "--issue",
            "ground-troops",
            "--stance",
            "reject",
            "--condition",
            "unless",
            "--quote",
            CONTESTED,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--condition is only for"));
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "actor",
            "--id",
            "x",
            "--name",
            "X",
            "--kind",
            "company",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "new actor \"x\", field `kind`: `company` is not a valid kind of actor",
        ));
    // A missing required flag is a usage error.
    stancemap(dir.path())
        .args(["add", "positions.ron", "issue", "--id", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--name"));
    assert_eq!(read(&path), before);
}

#[test]
fn an_issue_with_tags_and_a_source_with_text() {
    let (dir, path) = copy_of("positions.ron", "positions.ron");
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "issue",
            "--id",
            "sanctions",
            "--name",
            "Sanctions on Russia",
            "--description",
            "Keeping or lifting them.",
            "--tags",
            "economy, russia",
            "--tags",
            "pressure",
        ])
        .assert()
        .success();
    std::fs::write(
        dir.path().join("interview.txt"),
        "We will keep the sanctions.",
    )
    .expect("written");
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "source",
            "--id",
            "interview",
            "--title",
            "An interview",
            "--publisher",
            "A paper",
            "--date",
            "2025-08-21",
            "--text-file",
            "interview.txt",
        ])
        .assert()
        .success();
    stancemap(dir.path())
        .args([
            "add",
            "positions.ron",
            "position",
            "--actor",
            "germany",
            "--issue",
            "sanctions",
            "--stance",
            "support",
            "--quote",
            "We will keep  the sanctions.",
            "--source",
            "interview",
        ])
        .assert()
        .success();
    let dataset = load(&path);
    let issue = dataset.find_issue("sanctions").expect("the issue");
    assert_eq!(dataset.issue(issue).tags, ["economy", "russia", "pressure"]);
    let source = dataset.sources.last().expect("a source");
    assert_eq!(source.id, "interview");
    assert_eq!(
        source.text.as_ref().and_then(|t| t.file.as_deref()),
        Some("interview.txt")
    );
}

#[test]
fn a_table_is_refused_with_the_convert_hint() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("votes.csv");
    std::fs::write(
        &path,
        "actor,issue,stance,quote\nGermany,Troops,yes,We agree.\n",
    )
    .expect("written");
    let before = read(&path);
    stancemap(dir.path())
        .args([
            "add",
            "votes.csv",
            "issue",
            "--id",
            "sanctions",
            "--name",
            "Sanctions",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("votes.csv: cannot add to a table"))
        .stderr(predicate::str::contains(
            "stancemap convert votes.csv --out votes.ron",
        ));
    assert_eq!(read(&path), before);
    assert!(!backup_of(&path).exists());
}

#[test]
fn an_invalid_file_is_reported_as_check_reports_it() {
    let (dir, path) = copy_of("tests/fixtures/invalid/unknown-actor.ron", "broken.ron");
    let before = read(&path);
    let check = stancemap(dir.path())
        .args(["check", "broken.ron"])
        .assert()
        .code(1);
    let report = String::from_utf8(check.get_output().stderr.clone()).expect("UTF-8");
    assert!(report.contains("broken.ron:"), "{report}");
    stancemap(dir.path())
        .args(["add", "broken.ron", "issue", "--id", "z", "--name", "Z"])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::diff(report));
    assert_eq!(read(&path), before);
    assert!(!backup_of(&path).exists());
}

/// The text between `open` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).expect("open") + open.len();
    let end = start + text[start..].find(close).expect("close");
    &text[start..end]
}

#[test]
fn a_hostile_name_round_trips_and_exports_escaped() {
    let (dir, path) = copy_of("tests/fixtures/hostile.ron", "hostile.ron");
    let name = "</script><img src=x onerror=alert(1)> \"q\" \\ back\\\\slash ) ], ( r#\"raw\"# \
                \n  second line\\n ),";
    stancemap(dir.path())
        .args([
            "add",
            "hostile.ron",
            "actor",
            "--id",
            "mallory",
            "--name",
            name,
            "--kind",
            "Organization",
        ])
        .assert()
        .success();
    // A position, so that the actor is drawn (the hostile source has no text to check).
    stancemap(dir.path())
        .args([
            "add",
            "hostile.ron",
            "position",
            "--actor",
            "mallory",
            "--issue",
            "troops",
            "--stance",
            "support",
            "--quote",
            "<img src=x onerror=alert(2)> \")\"",
            "--source",
            "src",
        ])
        .assert()
        .success();
    let dataset = load(&path);
    let mallory = dataset.find_actor("mallory").expect("the new actor");
    assert_eq!(dataset.actor(mallory).name, name, "the name round-trips");
    assert_eq!(
        dataset.positions.last().expect("a position").quote,
        "<img src=x onerror=alert(2)> \")\""
    );

    stancemap(dir.path())
        .args(["export", "hostile.ron", "--out", "x.svg"])
        .assert()
        .success();
    let svg = std::fs::read_to_string(dir.path().join("x.svg")).expect("SVG");
    assert!(!svg.contains("<img src=x"), "raw markup in the SVG");
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert!(
        document
            .descendants()
            .all(|n| !matches!(n.tag_name().name(), "script" | "img")),
        "an element made of the data"
    );
    assert!(
        document
            .descendants()
            .filter_map(|n| n.text())
            .any(|t| t.contains("</script><img src=x")),
        "the name is drawn, as text (its label wrapped on several lines)"
    );

    stancemap(dir.path())
        .args(["export", "hostile.ron", "--out", "x.html"])
        .assert()
        .success();
    let page = std::fs::read_to_string(dir.path().join("x.html")).expect("HTML");
    assert!(!page.contains("<img src=x"), "raw markup in the page");
    let lower = page.to_lowercase();
    assert_eq!(lower.matches("<img").count(), 0);
    assert_eq!(
        lower.matches("<script").count(),
        2,
        "the data and the code only"
    );
    let data: serde_json::Value = serde_json::from_str(between(
        &page,
        "<script type=\"application/json\" id=\"data\">",
        "</script>",
    ))
    .expect("JSON");
    let names: Vec<&str> = data["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["n"].as_str())
        .collect();
    assert!(
        names.contains(&name),
        "the name is in the page's data exactly"
    );
}
