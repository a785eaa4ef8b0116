//! Influence and salience: the format's two numbers load, are checked, written back by the
//! format-preserving writer, carried by `convert`, the table import and the graph exports, and
//! weigh the balance of forces (`stancemap balance`, worked by hand).

use assert_cmd::Command;
use predicates::prelude::*;
use stancemap::document::edit::{Edit, Entry, apply};
use stancemap::export;
use stancemap::model::{self, ActorDraft, Dataset, Origins, PositionDraft, write};

const STAKEHOLDERS: &str = include_str!("fixtures/valid/stakeholders.ron");

fn stakeholders() -> Dataset {
    model::load_str(STAKEHOLDERS, "stakeholders.ron").expect("valid")
}

fn stancemap() -> Command {
    Command::cargo_bin("stancemap").expect("binary")
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-stakeholders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir.join(name)
}

#[test]
fn influence_and_salience_load_and_are_never_invented() {
    let dataset = stakeholders();
    let actor = |id: &str| dataset.actor(dataset.find_actor(id).expect("actor"));
    assert_eq!(actor("a").influence, Some(80));
    assert_eq!(actor("d").influence, None);
    assert_eq!(dataset.positions[0].salience, Some(50));
    assert_eq!(dataset.positions[6].salience, None);
}

#[test]
fn the_balance_of_forces_by_hand() {
    let file = temp("stakeholders.ron");
    std::fs::write(&file, STAKEHOLDERS).expect("written");
    let csv = temp("balance.csv");
    stancemap()
        .arg("balance")
        .arg(&file)
        .arg("--out")
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 issues, 1 with weight"));
    // The treaty: Alpha 80 × 50 / 100 = 40 for, Beta 50 × 100 / 100 = 50 on a condition,
    // Epsilon's latest (neutral) 100 × 60 / 100 = 60, Gamma 20 × 100 / 100 = 20 against;
    // Delta has no influence: 4 of 5 weighed. (40 + 25 − 20) / 170 = 0.2647.
    assert_eq!(
        std::fs::read_to_string(&csv).expect("csv"),
        "issue,actors,weighted,support,condition,neutral,reject,balance\n\
         x,5,4,40,50,60,20,0.2647\n\
         y,1,0,0,0,0,0,\n"
    );
    // Up to mid-2024 Epsilon still rejected (salience 10): (40 + 25 − 20 − 10) / 120.
    stancemap()
        .arg("balance")
        .arg(&file)
        .args(["--to", "2024-06-01", "--out"])
        .arg(&csv)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&csv)
            .expect("csv")
            .contains("x,5,4,40,50,0,30,0.2917\n")
    );
    // The bars, drawn.
    let svg = temp("balance.svg");
    stancemap()
        .arg("balance")
        .arg(&file)
        .arg("--out")
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains("+0.26") && text.contains("4 of 5 actors weighed"));
    assert!(text.contains("no weight"));
}

#[test]
fn an_influence_set_in_the_editor_is_the_one_change_to_the_file() {
    let dataset = stakeholders();
    let d = dataset.find_actor("d").expect("Delta");
    let mut draft = ActorDraft::of(&dataset, dataset.actor(d));
    assert_eq!(draft.influence, "");
    draft.influence = "70".to_owned();
    let actor = dataset.check_actor(&draft, Some(d)).expect("valid");
    let mut edited = dataset.clone();
    let mut origins = Origins::read(&dataset);
    apply(
        &mut edited,
        &mut origins,
        Edit::replace(d.0, Entry::Actor(actor)),
    )
    .expect("applies");
    let text = write(STAKEHOLDERS, &edited, &origins).expect("writes");
    let changed: Vec<(&str, &str)> = STAKEHOLDERS
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            r#"        (id: "d", name: "Delta", kind: Country),"#,
            r#"        (id: "d", name: "Delta", kind: Country, influence: 70),"#
        )]
    );
    // Out of scale, or not whole: refused at the field.
    for bad in ["120", "62.5", "much"] {
        draft.influence = bad.to_owned();
        let problems = dataset.check_actor(&draft, Some(d)).expect_err(bad);
        assert_eq!(problems[0].field, Some("influence"), "{bad}");
    }
    // A position's salience, the same way.
    let mut draft = PositionDraft::of(&dataset, &dataset.positions[6]);
    draft.salience = "35".to_owned();
    assert_eq!(
        dataset.check_position(&draft).expect("valid").salience,
        Some(35)
    );
}

#[test]
fn convert_tables_and_graph_exports_carry_both() {
    let file = temp("convert.ron");
    std::fs::write(&file, STAKEHOLDERS).expect("written");
    // RON → CSV (influence and salience columns) → RON: the same dataset.
    let csv = temp("convert.csv");
    stancemap()
        .arg("convert")
        .arg(&file)
        .arg("--out")
        .arg(&csv)
        .assert()
        .success();
    let header = std::fs::read_to_string(&csv).expect("csv");
    let header = header.lines().next().expect("header");
    assert!(header.ends_with(",influence,salience"), "{header}");
    let back = model::load_file(&csv).expect("reads back");
    let original = stakeholders();
    let influences = |d: &Dataset| d.actors.iter().map(|a| a.influence).collect::<Vec<_>>();
    let saliences = |d: &Dataset| d.positions.iter().map(|p| p.salience).collect::<Vec<_>>();
    assert_eq!(influences(&back), influences(&original));
    assert_eq!(saliences(&back), saliences(&original));
    let ron = temp("convert-back.ron");
    stancemap()
        .arg("convert")
        .arg(&csv)
        .arg("--out")
        .arg(&ron)
        .assert()
        .success();
    let again = model::load_file(&ron).expect("reads");
    assert_eq!(influences(&again), influences(&original));
    assert_eq!(saliences(&again), saliences(&original));
    // A table's cell out of scale: a problem at its row and column.
    let bad = temp("bad.csv");
    std::fs::write(&bad, "actor,issue,stance,quote,influence\nA,X,yes,Q.,150\n").expect("write");
    let name = bad.display().to_string();
    stancemap()
        .arg("check")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{name}:2:5: row 2, field `influence`: 150 is not a valid influence"
        )));
    // GraphML: influence on nodes and salience on edges, as whole numbers.
    let rows: Vec<_> = original.position_ixs().collect();
    let graphml = String::from_utf8(
        export::data::write(export::Format::Graphml, &original, &rows, &[]).expect("graphml"),
    )
    .expect("utf-8");
    assert!(graphml.contains(r#"attr.name="influence" attr.type="int""#));
    assert!(graphml.contains(r#"attr.name="salience" attr.type="int""#));
    assert!(graphml.contains(r#"<data key="n_influence">80</data>"#));
    assert!(graphml.contains(r#"<data key="e_salience">50</data>"#));
}

/// The writer once put an added field after the comma of a field whose comma went with the
/// removed last field of the line (`role: "R" influence: 70`): found by the random edits.
#[test]
fn a_field_added_as_the_last_of_the_line_goes_keeps_the_entry_valid() {
    const TEXT: &str = r#"(title: "T", actors: [
        (id: "a", name: "A", kind: Leader, role: "R", represents: "b"),
        (id: "b", name: "B", kind: Country),
    ], issues: [], positions: [])"#;
    let dataset = model::load_str(TEXT, "t.ron").expect("valid");
    let a = dataset.find_actor("a").expect("a");
    let mut draft = ActorDraft::of(&dataset, dataset.actor(a));
    draft.represents = String::new();
    draft.influence = "70".to_owned();
    let actor = dataset.check_actor(&draft, Some(a)).expect("valid");
    let mut edited = dataset.clone();
    let mut origins = Origins::read(&dataset);
    apply(
        &mut edited,
        &mut origins,
        Edit::replace(a.0, Entry::Actor(actor)),
    )
    .expect("applies");
    let text = write(TEXT, &edited, &origins).expect("writes");
    assert!(
        text.contains(r#"(id: "a", name: "A", kind: Leader, role: "R", influence: 70),"#),
        "{text}"
    );
    assert_eq!(model::load_str(&text, "t.ron").expect("loads"), edited);
}

#[test]
fn the_command_line_draws_the_stakeholders_of_one_issue() {
    let file = temp("export.ron");
    std::fs::write(&file, STAKEHOLDERS).expect("written");
    for (layout, expect) in [
        ("map", "Influence not recorded · 1"),
        ("grid", "Manage closely · 3"),
    ] {
        let svg = temp(&format!("stakeholders-{layout}.svg"));
        stancemap()
            .arg("export")
            .arg(&file)
            .args([
                "--view",
                "stakeholders",
                "--layout",
                layout,
                "--issue",
                "x",
                "--out",
            ])
            .arg(&svg)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "the stakeholders of The treaty (5 actors)",
            ));
        let text = std::fs::read_to_string(&svg).expect("svg");
        assert!(text.contains(expect), "{layout}: {expect}");
    }
    // One issue, named.
    stancemap()
        .arg("export")
        .arg(&file)
        .args(["--view", "stakeholders", "--out"])
        .arg(temp("none.svg"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("name it with --issue ID"));
}

#[test]
fn the_matrix_orders_issues_by_their_balance() {
    let dataset = stakeholders();
    let matrix = stancemap::analysis::matrix::Matrix::new(
        &dataset,
        dataset.position_ixs(),
        &dataset.issue_ixs().collect::<Vec<_>>(),
        stancemap::analysis::matrix::Order::Balance,
    );
    // The treaty leans to support (+0.26); the fund has no weight: last.
    let ids: Vec<&str> = matrix
        .issues
        .iter()
        .map(|&i| dataset.issue(i).id.as_str())
        .collect();
    assert_eq!(ids, ["x", "y"]);
    let balances = matrix.balances(&dataset);
    assert!((balances[0].balance().expect("weighed") - 45.0 / 170.0).abs() < 1e-12);
    assert_eq!(balances[1].balance(), None);
    // The command line takes the order by its name.
    let file = temp("matrix.ron");
    std::fs::write(&file, STAKEHOLDERS).expect("written");
    let csv = temp("matrix.csv");
    stancemap()
        .arg("matrix")
        .arg(&file)
        .args(["--order", "balance", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).expect("csv");
    assert!(text.starts_with("actor,x,y\n"), "{text}");
    // The picture has the strip below each issue's name, as the window, and says what it is.
    let svg = temp("matrix.svg");
    stancemap()
        .arg("matrix")
        .arg(&file)
        .args(["--order", "balance", "--out"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains("<title>Balance of forces +0.26</title>"));
    assert!(text.contains("The strip below each issue: its balance of forces"));
}

#[test]
fn the_balance_moves_between_two_dates() {
    use stancemap::analysis::balance::moved;
    use stancemap::analysis::compare::positions_until;
    let dataset = stakeholders();
    let day = |d: &str| model::Date::parse(d).expect("date");
    let before = positions_until(&dataset, day("2024-06-01"));
    let after = positions_until(&dataset, day("2025-06-01"));
    let moves = moved((&dataset, &before), (&dataset, &after));
    // Only the treaty moves: Epsilon went from reject (w 10) to neutral (w 60).
    assert_eq!(moves.len(), 1);
    assert_eq!(moves[0].issue, "The treaty");
    let (then, now) = (moves[0].before.expect("then"), moves[0].after.expect("now"));
    assert!((then - 35.0 / 120.0).abs() < 1e-12 && (now - 45.0 / 170.0).abs() < 1e-12);
    assert_eq!(moves[0].weighed, (4, 5));
}
