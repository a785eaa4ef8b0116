//! People and actor attributes: the `Person` kind and `attributes: {…}` load, are written back
//! by the format-preserving writer, `convert` (RON and CSV, read back by the table import),
//! and kept by the graph exports (GraphML, GEXF, the agreement network) and the HTML page.

use stancemap::analysis::agreement::{Agreement, Options};
use stancemap::analysis::network::{Keep, Network, Progress};
use stancemap::document::edit::{Edit, Entry, apply};
use stancemap::export;
use stancemap::model::table::{TableOptions, load_table};
use stancemap::model::{self, ActorDraft, ActorKind, Dataset, Origins, write};

const PEOPLE: &str = include_str!("fixtures/valid/people.ron");

fn people() -> Dataset {
    model::load_str(PEOPLE, "people.ron").expect("valid")
}

fn attributes(dataset: &Dataset, id: &str) -> Vec<(String, String)> {
    let a = dataset.find_actor(id).expect("actor");
    dataset
        .actor(a)
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn people_and_their_attributes_load() {
    let dataset = people();
    let a = dataset.find_actor("member-a").expect("a");
    assert_eq!(dataset.actor(a).kind, ActorKind::Person);
    assert_eq!(
        attributes(&dataset, "member-a"),
        pairs(&[("party", "Red"), ("region", "North")])
    );
    assert!(attributes(&dataset, "red-party").is_empty());
}

#[test]
fn convert_writes_attributes_as_ron_and_as_attribute_columns_read_back() {
    let dataset = people();
    let ron = export::ron_text::ron(&dataset, "people.ron");
    let again = model::load_str(&ron, "again.ron").expect("the written RON loads");
    assert_eq!(again.actors, dataset.actors);

    let csv = export::data::full_csv(&dataset).expect("csv");
    let text = String::from_utf8(csv.clone()).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert!(
        header.ends_with(",attribute:name,attribute:party,attribute:region"),
        "{header}"
    );
    let back = load_table(&csv, "people.csv", b',', &TableOptions::default()).expect("reads");
    assert_eq!(back.actors, dataset.actors);
}

#[test]
fn a_table_row_that_contradicts_an_earlier_one_is_a_located_problem() {
    let table = "actor,actor_kind,issue,stance,quote,attribute:party\n\
Member A,mp,Budget,yes,A.,Red\n\
Member A,mp,Tax,no,B.,Blue\n\
Member B,person,Budget,no,C.,\n";
    let error = load_table(table.as_bytes(), "t.csv", b',', &TableOptions::default())
        .expect_err("two parties for one member");
    let report = error.to_string();
    assert!(report.contains("t.csv:3:6"), "{report}");
    assert!(
        report.contains("`party` \"Red\" in an earlier row"),
        "{report}"
    );
    // Without the contradiction: both members are people, B without a party.
    let table = table.replace("Tax,no,B.,Blue", "Tax,no,B.,");
    let dataset =
        load_table(table.as_bytes(), "t.csv", b',', &TableOptions::default()).expect("reads");
    assert!(dataset.actors.iter().all(|a| a.kind == ActorKind::Person));
    assert_eq!(attributes(&dataset, "member-a"), pairs(&[("party", "Red")]));
    assert!(attributes(&dataset, "member-b").is_empty());
}

#[test]
fn an_edited_attribute_changes_its_value_alone_in_the_file() {
    let dataset = people();
    let b = dataset.find_actor("member-b").expect("b");
    let mut draft = ActorDraft::of(&dataset, dataset.actor(b));
    assert_eq!(draft.attributes, "party: Red");
    draft.attributes = "party: Blue\nregion: East".to_owned();
    let actor = dataset.check_actor(&draft, Some(b)).expect("valid");
    let mut edited = dataset.clone();
    let mut origins = Origins::read(&dataset);
    apply(
        &mut edited,
        &mut origins,
        Edit::replace(b.0, Entry::Actor(actor)),
    )
    .expect("applies");
    let text = write(PEOPLE, &edited, &origins).expect("writes");
    let changed: Vec<(&str, &str)> = PEOPLE
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            r#"        (id: "member-b", name: "Member B", kind: Person, attributes: {"party": "Red"}),"#,
            r#"        (id: "member-b", name: "Member B", kind: Person, attributes: {"party": "Blue", "region": "East"}),"#
        )]
    );
    assert_eq!(PEOPLE.lines().count(), text.lines().count());

    // A line that is not `name: value` is refused at the field, with how to mend it.
    draft.attributes = "party Blue".to_owned();
    let problems = dataset.check_actor(&draft, Some(b)).expect_err("refused");
    assert_eq!(problems[0].field, Some("attributes"));
    assert!(
        problems[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("name: value"))
    );
}

#[test]
fn graph_exports_carry_each_attribute_as_a_node_key() {
    let dataset = people();
    let rows: Vec<_> = dataset.position_ixs().collect();
    let graphml = String::from_utf8(
        export::data::write(export::Format::Graphml, &dataset, &rows, &[]).expect("graphml"),
    )
    .expect("utf-8");
    let doc = roxmltree::Document::parse(&graphml).expect("well-formed GraphML");
    let key_of = |title: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("key") && n.attribute("attr.name") == Some(title))
            .and_then(|n| n.attribute("id"))
            .unwrap_or_else(|| panic!("a key for {title}"))
            .to_owned()
    };
    let party = key_of("party");
    // An attribute named like a built-in key keeps the built-in's meaning apart.
    let clash = key_of("attribute:name");
    let value = |node: &str, key: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("node") && n.attribute("id") == Some(node))
            .and_then(|n| {
                n.children()
                    .find(|d| d.attribute("key") == Some(key))
                    .and_then(|d| d.text())
            })
            .map(str::to_owned)
    };
    assert_eq!(value("member-c", &party).as_deref(), Some("Blue"));
    assert_eq!(value("member-d", &clash).as_deref(), Some("a clash"));
    assert_eq!(value("member-d", "n_name").as_deref(), Some("Member D"));
    assert_eq!(value("red-party", &party), None);

    let gexf = String::from_utf8(
        export::data::write(export::Format::Gexf, &dataset, &rows, &[]).expect("gexf"),
    )
    .expect("utf-8");
    let doc = roxmltree::Document::parse(&gexf).expect("well-formed GEXF");
    let party = doc
        .descendants()
        .find(|n| n.has_tag_name("attribute") && n.attribute("title") == Some("party"))
        .and_then(|n| n.attribute("id"))
        .expect("a party attribute")
        .to_owned();
    let member_a = doc
        .descendants()
        .find(|n| n.has_tag_name("node") && n.attribute("id") == Some("member-a"))
        .expect("member A");
    assert!(
        member_a
            .descendants()
            .any(|v| v.attribute("for") == Some(party.as_str())
                && v.attribute("value") == Some("Red"))
    );

    let agreement = Agreement::new(&dataset, rows.iter().copied(), Options::default());
    let network =
        Network::compute(&agreement, Keep::default(), 1, &Progress::default()).expect("network");
    let graphml = export::graph_data::network_graphml(&dataset, &network);
    assert!(graphml.contains(r#"attr.name="party""#), "{graphml}");
    assert!(
        graphml.contains(r#"<data key="a1">Red</data>"#),
        "{graphml}"
    );
}

fn stancemap() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("stancemap").expect("binary")
}

#[test]
fn pictures_are_coloured_by_an_attribute_and_filtered_by_its_values() {
    use predicates::prelude::*;
    let dir = std::env::temp_dir().join(format!("stancemap-people-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("people.ron");
    std::fs::write(&file, PEOPLE).expect("written");
    // The graph: Red's colour is the first of the attribute palette, the legend names it.
    let svg = dir.join("graph.svg");
    stancemap()
        .arg("export")
        .arg(&file)
        .args(["--colour-by", "party", "--out"])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        text.contains("Blue (2)") && text.contains("Red (2)"),
        "legend"
    );
    // The matrix: a stripe by each row, and its key.
    let matrix = dir.join("matrix.svg");
    stancemap()
        .arg("matrix")
        .arg(&file)
        .args(["--colour-by", "party", "--out"])
        .arg(&matrix)
        .assert()
        .success();
    let text = std::fs::read_to_string(&matrix).expect("svg");
    assert!(text.contains("Stripe: party"), "key");
    // An attribute no actor has: the names there are.
    stancemap()
        .arg("export")
        .arg(&file)
        .args(["--colour-by", "partty", "--out"])
        .arg(&svg)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"party\"?"));
    // Hiding a value leaves its actors out of every analysis.
    let csv = dir.join("matrix.csv");
    stancemap()
        .arg("matrix")
        .arg(&file)
        .args(["--hide-value", "party=Blue", "--out"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 actors × 1 issues"));
    stancemap()
        .arg("matrix")
        .arg(&file)
        .args(["--hide-value", "party=Green", "--out"])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown attribute value \"Green\"",
        ));
}
