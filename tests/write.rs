//! The format-preserving writer (issue 22, part 6): an edit changes only what it edits.

use std::fmt::Write as _;

use stancemap::document::edit::{Edit, Entry, History, apply};
use stancemap::model::{
    ActorDraft, ActorKind, Origins, PositionDraft, SEED_RON, StanceKind, load_str, write,
};

/// Applies edits to the file's dataset and writes it; checks it loads to the edited dataset.
fn written(base: &str, edits: impl FnOnce(&stancemap::model::Dataset) -> Vec<Edit>) -> String {
    let dataset = load_str(base, "base.ron").expect("base loads");
    let mut edited = dataset.clone();
    let mut origins = Origins::read(&dataset);
    for edit in edits(&dataset) {
        apply(&mut edited, &mut origins, edit).expect("edit applies");
    }
    let text = write(base, &edited, &origins).expect("writes");
    let reloaded = load_str(&text, "written.ron")
        .unwrap_or_else(|e| panic!("written file loads: {e}\n{text}"));
    assert_eq!(reloaded, edited, "the written file is the edited dataset");
    text
}

/// The lines that differ, as `diff` would print them without context: (removed, added).
fn changed_lines(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    // Longest common subsequence of lines (files here are small).
    let mut lcs = vec![vec![0u32; a.len() + 1]; b.len() + 1];
    for i in (0..b.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if b[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < b.len() || j < a.len() {
        if i < b.len() && j < a.len() && b[i] == a[j] {
            i += 1;
            j += 1;
        } else if j < a.len() && (i == b.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(a[j].to_owned());
            j += 1;
        } else {
            removed.push(b[i].to_owned());
            i += 1;
        }
    }
    (removed, added)
}

#[test]
fn no_edit_writes_the_file_back_byte_for_byte() {
    assert_eq!(written(SEED_RON, |_| Vec::new()), SEED_RON);
}

#[test]
fn a_coded_position_of_a_new_actor_and_a_renamed_actor_change_only_their_lines() {
    let text = written(SEED_RON, |d| {
        let draft = ActorDraft {
            id: "new-actor".into(),
            name: "New Actor".into(),
            kind: ActorKind::Organization,
            role: String::new(),
            represents: String::new(),
            attributes: String::new(),
            influence: String::new(),
        };
        let actor = d.check_actor(&draft, None).expect("valid");
        let mut with_actor = d.clone();
        let mut origins = Origins::read(d);
        apply(
            &mut with_actor,
            &mut origins,
            Edit::add(d, Entry::Actor(actor.clone())),
        )
        .expect("applies");
        let position = with_actor
            .check_position(&PositionDraft {
                actor: "new-actor".into(),
                issue: "ground-troops".into(),
                stance: StanceKind::Reject,
                condition: String::new(),
                quote: "These negotiations, however, remain contested, particularly by Russia."
                    .into(),
                source: "eu-assurances-article".into(),
                url: String::new(),
                date: String::new(),
                salience: String::new(),
            })
            .expect("valid");
        let merz = d.find_actor("merz").expect("merz");
        let mut renamed = d.actor(merz).clone();
        renamed.id = "friedrich-merz".into();
        vec![
            Edit::add(d, Entry::Actor(actor)),
            Edit::add(&with_actor, Entry::Position(position)),
            Edit::replace(merz.0, Entry::Actor(renamed)),
        ]
    });
    let (removed, added) = changed_lines(SEED_RON, &text);
    assert_eq!(
        removed.len(),
        3,
        "the actor and its two positions' lines: {removed:#?}"
    );
    assert!(removed.iter().all(|l| l.contains("\"merz\"")));
    assert_eq!(added.len(), 6, "{added:#?}");
    assert_eq!(
        added[0],
        r#"        (id: "friedrich-merz", name: "Friedrich Merz", kind: Leader, role: "Federal Chancellor (CDU)", represents: "germany"),"#
    );
    assert_eq!(
        added[1],
        r#"        (id: "new-actor", name: "New Actor", kind: Organization),"#
    );
    assert!(added[2].contains(r#"(actor: "friedrich-merz", issue: "security-guarantees""#));
    assert_eq!(
        added[4..],
        [
            r#"        (actor: "new-actor", issue: "ground-troops", stance: Reject, source: "eu-assurances-article","#,
            r#"            quote: "These negotiations, however, remain contested, particularly by Russia."),"#,
        ]
    );
}

/// A file in another hand: one field per line, type names, raw strings, comments inside
/// entries and between them, no trailing commas, no sources list, an empty list.
const HAND: &str = r#"// Header comment.
Dataset(
  title: "Hand", // the title
  actors: [
    Actor(
      id: "a",
      name: "A", // inside a
      kind: Country,
      role: r"Chair",
    ),
    // Before b.
    Actor(
      id: "b",
      /* b's name */ name: "B",
      kind: Organisation,
    ),
    Actor(
      id: "c",
      name: "C",
      kind: Leader,
      represents: "a"
    )
  ],
  issues: [(id: "i", name: "I", tags: ["x"])],
  positions: [],
)
"#;

fn comments(text: &str) -> Vec<&str> {
    // Strings (escaped and raw) are skipped: `//` in a url is no comment.
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let open = i + 2 + hashes;
                i = text[open..]
                    .find(&close)
                    .map_or(text.len(), |p| open + p + close.len());
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
                found.push(text[i..end].trim_end());
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i..].find("*/").map_or(text.len(), |e| i + e + 2);
                found.push(&text[i..end]);
                i = end;
            }
            _ => i += 1,
        }
    }
    found
}

#[test]
fn edits_in_another_hand_keep_its_shape_and_every_comment() {
    let text = written(HAND, |d| {
        let a = d.find_actor("a").expect("a");
        let b = d.find_actor("b").expect("b");
        let mut a_edited = d.actor(a).clone();
        a_edited.role = None;
        a_edited.name = "Alpha \"A\"".into();
        let mut b_edited = d.actor(b).clone();
        b_edited.role = Some("Secretariat".into());
        let issue = d
            .check_issue(
                &stancemap::model::IssueDraft {
                    id: "j".into(),
                    name: "J".into(),
                    description: "Two\nlines".into(),
                    tags: String::new(),
                },
                None,
            )
            .expect("valid");
        vec![
            Edit::replace(a.0, Entry::Actor(a_edited)),
            Edit::replace(b.0, Entry::Actor(b_edited)),
            Edit::add(d, Entry::Issue(issue)),
        ]
    });
    for comment in comments(HAND) {
        assert!(text.contains(comment), "{comment:?} kept in\n{text}");
    }
    assert!(
        text.contains("      name: \"Alpha \\\"A\\\"\", // inside a\n"),
        "{text}"
    );
    assert!(
        !text.contains("Chair"),
        "the removed role goes with its line:\n{text}"
    );
    assert!(
        text.contains("      kind: Organisation,\n      role: \"Secretariat\",\n    ),"),
        "the added field follows the last one in its shape:\n{text}"
    );
    assert!(
        text.contains(
            r#"issues: [(id: "i", name: "I", tags: ["x"]), (id: "j", name: "J", description: r#"#
        ),
        "a one-line list gets its new entry on the line:\n{text}"
    );
}

#[test]
fn entries_added_to_an_empty_or_missing_list_and_deleted_with_their_comments_kept() {
    let text = written(HAND, |d| {
        let c = d.find_actor("c").expect("c");
        let b = d.find_actor("b").expect("b");
        let a = d.find_actor("a").expect("a");
        let i = d.find_issue("i").expect("i");
        let source = d
            .check_source(
                &stancemap::model::SourceDraft {
                    id: "s".into(),
                    title: "S".into(),
                    text: "A said yes.".into(),
                    ..Default::default()
                },
                None,
                None,
            )
            .expect("valid");
        let mut with_source = d.clone();
        with_source
            .insert_source(stancemap::model::SourceIx(0), source.clone())
            .expect("fits");
        let position = with_source
            .check_position(&PositionDraft {
                actor: "a".into(),
                issue: "i".into(),
                stance: StanceKind::Support,
                condition: String::new(),
                quote: "A said yes.".into(),
                source: "s".into(),
                url: String::new(),
                date: "2025-08-19".into(),
                salience: String::new(),
            })
            .expect("valid");
        let _ = (a, i);
        vec![
            Edit::delete_actor(d, c),
            Edit::delete_actor(d, b),
            Edit::add(d, Entry::Source(source)),
            Edit::add(&with_source, Entry::Position(position)),
        ]
    });
    for comment in comments(HAND) {
        assert!(text.contains(comment), "{comment:?} kept in\n{text}");
    }
    assert!(
        !text.contains("id: \"c\"") && !text.contains("id: \"b\""),
        "{text}"
    );
    assert!(text.contains("  positions: [\n    (actor: \"a\""), "{text}");
    assert!(
        text.contains(
            "  sources: [\n    (id: \"s\", title: \"S\", text: \"A said yes.\"),\n  ],\n)"
        ),
        "{text}"
    );
}

/// A small deterministic random number generator (xorshift), so failures repeat.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A synthetic file with comments everywhere a person puts them.
fn synthetic() -> String {
    let mut text =
        String::from("// Synthetic.\n(\n    title: \"Synthetic\", // title\n    sources: [\n");
    let body = "Alpha said one. Beta said two. Gamma said three. Delta said four.";
    writeln!(text,
        "        (id: \"s1\", title: \"One\", date: \"2024-01-02\", text: \"{body}\"), // s1\n    ],\n    actors: ["
    ).ok();
    for a in 0..30 {
        if a % 7 == 0 {
            writeln!(text, "        // Group {a}.").ok();
        }
        let represents = if a % 5 == 4 {
            ", represents: \"a0\""
        } else {
            ""
        };
        writeln!(
            text,
            "        (id: \"a{a}\", name: \"Actor {a}\", kind: Country{represents}), // actor {a}"
        )
        .ok();
    }
    text.push_str("    ],\n    issues: [\n");
    for i in 0..6 {
        writeln!(text,
            "        (\n            id: \"i{i}\",\n            name: \"Issue {i}\", /* issue {i} */\n            tags: [\"t\"],\n        ),"
        ).ok();
    }
    text.push_str("    ],\n    positions: [\n");
    let quotes = ["Alpha said one.", "Beta said two.", "Gamma said three."];
    for p in 0..120 {
        if p % 25 == 0 {
            writeln!(text, "        // Block {p}.").ok();
        }
        let stance = ["Support", "Reject", "Neutral", "Condition(\"if\")"][p % 4];
        let source = if p % 3 == 0 {
            format!(", source: \"s1\", quote: \"{}\"", quotes[p % 3])
        } else {
            format!(
                ", quote: \"Said {p}.\", date: \"2024-03-{:02}\"",
                p % 28 + 1
            )
        };
        writeln!(
            text,
            "        (actor: \"a{}\", issue: \"i{}\", stance: {stance}{source}),",
            p % 30,
            p % 6
        )
        .ok();
    }
    text.push_str("    ],\n)\n");
    text
}

/// One random edit of the dataset, made through the drafts' checks as the window makes it.
fn random_edit(d: &stancemap::model::Dataset, rng: &mut Rng) -> Option<Edit> {
    use stancemap::model::IssueDraft;
    match rng.below(9) {
        0 | 1 if !d.positions.is_empty() => {
            let at = rng.below(d.positions.len());
            let mut draft = PositionDraft::of(d, &d.positions[at]);
            draft.stance = StanceKind::ALL[rng.below(4)];
            draft.condition = "when asked".into();
            draft.date = if rng.below(2) == 0 {
                String::new()
            } else {
                "2025-01-31".into()
            };
            let position = d.check_position(&draft).ok()?;
            Some(Edit::replace(at as u32, Entry::Position(position)))
        }
        2 if !d.positions.is_empty() => Some(Edit::delete_position(stancemap::model::PositionIx(
            rng.below(d.positions.len()) as u32,
        ))),
        3 if !d.positions.is_empty() && !d.actors.is_empty() => {
            let mut draft = PositionDraft::of(d, &d.positions[rng.below(d.positions.len())]);
            draft
                .actor
                .clone_from(&d.actors[rng.below(d.actors.len())].id);
            let position = d.check_position(&draft).ok()?;
            Some(Edit::add(d, Entry::Position(position)))
        }
        4 if !d.actors.is_empty() => {
            let at = rng.below(d.actors.len());
            let mut draft = ActorDraft::of(d, &d.actors[at]);
            draft.id = format!("{}-r{}", draft.id, rng.below(1000));
            draft.role = if rng.below(2) == 0 {
                String::new()
            } else {
                "Role \"x\"".into()
            };
            let actor = d
                .check_actor(&draft, Some(stancemap::model::ActorIx(at as u32)))
                .ok()?;
            Some(Edit::replace(at as u32, Entry::Actor(actor)))
        }
        5 if d.actors.len() > 1 => Some(Edit::delete_actor(
            d,
            stancemap::model::ActorIx(rng.below(d.actors.len()) as u32),
        )),
        6 => {
            let draft = ActorDraft {
                id: format!("new-{}", rng.below(100_000)),
                name: "New".into(),
                kind: ActorKind::Organization,
                role: String::new(),
                represents: d.actors.first().map(|a| a.id.clone()).unwrap_or_default(),
                attributes: String::new(),
                // Half of them with an influence, which the writer must place and keep.
                influence: if rng.below(2) == 0 {
                    rng.below(101).to_string()
                } else {
                    String::new()
                },
            };
            let actor = d.check_actor(&draft, None).ok()?;
            Some(Edit::add(d, Entry::Actor(actor)))
        }
        7 if !d.issues.is_empty() => {
            let at = rng.below(d.issues.len());
            let mut draft = IssueDraft::of(&d.issues[at]);
            draft.name = format!("Renamed {}", rng.below(100));
            draft.tags = if rng.below(2) == 0 {
                String::new()
            } else {
                "a, b".into()
            };
            draft.description = if rng.below(2) == 0 {
                String::new()
            } else {
                "Line one\nline two".into()
            };
            let issue = d
                .check_issue(&draft, Some(stancemap::model::IssueIx(at as u32)))
                .ok()?;
            Some(Edit::replace(at as u32, Entry::Issue(issue)))
        }
        _ if !d.issues.is_empty() && rng.below(3) == 0 => Some(Edit::delete_issue(
            d,
            stancemap::model::IssueIx(rng.below(d.issues.len()) as u32),
        )),
        _ => None,
    }
}

#[test]
fn random_edits_saved_and_reloaded_give_the_document_and_keep_every_comment() {
    let files = [
        ("seed", SEED_RON.to_owned()),
        ("synthetic", synthetic()),
        (
            "all-fields",
            std::fs::read_to_string("tests/fixtures/valid/all-fields.ron").expect("fixture"),
        ),
        (
            "bom-crlf",
            std::fs::read_to_string("tests/fixtures/valid/bom-crlf.ron").expect("fixture"),
        ),
    ];
    let mut rng = Rng(0x5eed_cafe_f00d);
    for (name, base) in &files {
        let original = load_str(base, name).expect("loads");
        for run in 0..25 {
            let mut dataset = original.clone();
            let mut origins = Origins::read(&original);
            let mut undos = Vec::new();
            for _ in 0..=rng.below(12) {
                if !undos.is_empty() && rng.below(5) == 0 {
                    let undo = undos.pop().expect("one");
                    apply(&mut dataset, &mut origins, undo).expect("an undo fits");
                } else if let Some(edit) = random_edit(&dataset, &mut rng) {
                    undos.push(apply(&mut dataset, &mut origins, edit).expect("an edit fits"));
                }
            }
            let text = write(base, &dataset, &origins).expect("writes");
            let reloaded = load_str(&text, name)
                .unwrap_or_else(|e| panic!("{name} run {run}: written file loads: {e}\n{text}"));
            assert_eq!(reloaded, dataset, "{name} run {run}:\n{text}");
            for comment in comments(base) {
                assert!(
                    text.contains(comment),
                    "{name} run {run}: {comment:?} kept in\n{text}"
                );
            }
            if base.contains("\r\n") {
                assert!(
                    !text.replace("\r\n", "").contains('\n'),
                    "{name}: CRLF kept"
                );
            }
            // Everything undone: the file as it was.
            while let Some(undo) = undos.pop() {
                apply(&mut dataset, &mut origins, undo).expect("an undo fits");
            }
            assert_eq!(dataset, original);
            assert_eq!(origins, Origins::read(&original), "{name} run {run}");
            assert_eq!(&write(base, &dataset, &origins).expect("writes"), base);
        }
    }
}

/// Saves in the middle of editing: the history, rebased onto each written file, still undoes
/// and redoes to texts that load to the document, back to the original dataset.
#[test]
fn undo_and_redo_across_saves_write_the_document() {
    let files = [("seed", SEED_RON.to_owned()), ("synthetic", synthetic())];
    let mut rng = Rng(0x0dd_ba11);
    for (name, original_text) in &files {
        let original = load_str(original_text, name).expect("loads");
        for run in 0..20 {
            let mut base = original_text.clone();
            let mut dataset = original.clone();
            let mut origins = Origins::read(&original);
            let mut history = History::default();
            for step in 0..=rng.below(25) {
                match rng.below(8) {
                    0 => {
                        // Save: the written text is the next base.
                        let text = write(&base, &dataset, &origins).expect("writes");
                        let reloaded = load_str(&text, name).expect("loads");
                        assert_eq!(reloaded, dataset, "{name} run {run} step {step}");
                        history.saved_as(&origins);
                        origins = Origins::read(&dataset);
                        base = text;
                        assert!(!history.is_dirty());
                    }
                    1 | 2 => {
                        if let Some((serial, undo)) = history.take_undo() {
                            let redo = apply(&mut dataset, &mut origins, undo).expect("undo fits");
                            history.undone(serial, redo);
                        }
                    }
                    3 => {
                        if let Some((serial, redo)) = history.take_redo() {
                            let undo = apply(&mut dataset, &mut origins, redo).expect("redo fits");
                            history.redone(serial, undo);
                        }
                    }
                    _ => {
                        if let Some(edit) = random_edit(&dataset, &mut rng) {
                            let undo = apply(&mut dataset, &mut origins, edit).expect("edit fits");
                            history.done(undo);
                        }
                    }
                }
                let text = write(&base, &dataset, &origins)
                    .unwrap_or_else(|e| panic!("{name} run {run} step {step}: {e}"));
                let reloaded = load_str(&text, name).unwrap_or_else(|e| {
                    panic!("{name} run {run}: written file loads: {e}\n{text}")
                });
                assert_eq!(reloaded, dataset, "{name} run {run} step {step}:\n{text}");
            }
            while let Some((serial, undo)) = history.take_undo() {
                let redo = apply(&mut dataset, &mut origins, undo).expect("undo fits");
                history.undone(serial, redo);
            }
            assert_eq!(dataset, original, "{name} run {run}: everything undone");
            let text = write(&base, &dataset, &origins).expect("writes");
            assert_eq!(load_str(&text, name).expect("loads"), original);
            for comment in comments(original_text) {
                assert!(text.contains(comment), "{name} run {run}: {comment:?} kept");
            }
        }
    }
}

/// A save keeps the previous version as `NAME~`, keeps the file's mode, and refuses, touching
/// nothing, when another program changed the file since it was read.
#[test]
fn a_save_keeps_a_backup_and_the_mode_and_never_overwrites_a_change_on_disk() {
    let dir = std::env::temp_dir().join(format!("stancemap-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("positions.ron");
    std::fs::write(&path, SEED_RON).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("mode");
    }
    let dataset = load_str(SEED_RON, "seed").expect("seed");
    let mut edited = dataset.clone();
    let mut origins = Origins::read(&dataset);
    let merz = edited.find_actor("merz").expect("merz");
    let mut draft = stancemap::model::ActorDraft::of(&edited, edited.actor(merz));
    draft.name = "Friedrich Merz (CDU)".into();
    let actor = edited.check_actor(&draft, Some(merz)).expect("valid");
    apply(
        &mut edited,
        &mut origins,
        Edit::replace(merz.0, Entry::Actor(actor)),
    )
    .expect("fits");

    let saved = stancemap::model::save(&path, SEED_RON, &edited, &origins).expect("saves");
    assert_eq!(saved.backup, dir.join("positions.ron~"));
    assert_eq!(
        std::fs::read_to_string(&saved.backup).expect("backup"),
        SEED_RON
    );
    assert_eq!(std::fs::read_to_string(&path).expect("file"), saved.text);
    assert_eq!(load_str(&saved.text, "saved").expect("loads"), edited);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "the file keeps its mode");
    }

    // A second save starts from the first's text and the map of its entries it found.
    let mut origins = Origins::read(&edited);
    let mut again = edited.clone();
    let costa = again.find_actor("costa").expect("costa");
    let mut draft = stancemap::model::ActorDraft::of(&again, again.actor(costa));
    draft.role = "President of the European Council".into();
    let actor = again.check_actor(&draft, Some(costa)).expect("valid");
    apply(
        &mut again,
        &mut origins,
        Edit::replace(costa.0, Entry::Actor(actor)),
    )
    .expect("fits");
    let expected = write(&saved.text, &again, &origins).expect("writes");
    // The map of the saved text, as the window's worker finds it after a save.
    let map = stancemap::model::EntryMap::of(&saved.text);
    let second = stancemap::model::save_mapped(&path, &saved.text, Some(&map), &again, &origins)
        .expect("saves again");
    assert_eq!(second.text, expected);
    assert_eq!(std::fs::read_to_string(&path).expect("file"), expected);
    assert_eq!(
        std::fs::read_to_string(&second.backup).expect("backup"),
        saved.text
    );
    let first_text = saved.text.clone();
    let saved = second;
    let edited = again;

    // Another program writes the file: a save from the old text is refused.
    std::fs::write(&path, "// someone else's version\n").expect("write");
    let refused = stancemap::model::save(&path, &saved.text, &edited, &origins);
    assert!(
        matches!(
            refused,
            Err(stancemap::model::SaveError::ChangedOnDisk { .. })
        ),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("file"),
        "// someone else's version\n"
    );
    assert_eq!(
        std::fs::read_to_string(&saved.backup).expect("backup"),
        first_text,
        "the backup is untouched by a refused save"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");
    std::fs::remove_dir_all(&dir).ok();
}
