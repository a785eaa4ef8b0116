//! The analyses on real data, against what is known about UN General Assembly voting, and the
//! `network` and `matrix` commands from the outside.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use stancemap::analysis::agreement::{Agreement, Duplicates, Measure, Normalization, Options};
use stancemap::analysis::matrix::{Matrix, Order};
use stancemap::analysis::network::{Keep, Network, Progress};
use stancemap::document::Document;
use stancemap::graph::Filter;
use stancemap::layout::LayoutParams;
use stancemap::model::{self, DataSource, Dataset};

/// The UN votes beside the repository (on the team's machines and in CI); `None` elsewhere,
/// but never in CI, where the data must be there.
fn unvotes(name: &str) -> Option<Dataset> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/unvotes")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(model::load_bytes(&bytes, name).expect("valid")),
        Err(error) if std::env::var_os("CI").is_some() => {
            panic!("{} is missing in CI: {error}", path.display())
        }
        Err(_absent) => None,
    }
}

fn ids(
    dataset: &Dataset,
    agreement: &Agreement,
    places: impl IntoIterator<Item = u32>,
) -> Vec<String> {
    places
        .into_iter()
        .map(|i| dataset.actor(agreement.actors()[i as usize]).id.clone())
        .collect()
}

/// The United States' closest and furthest voting partners on the State Department's
/// "important" votes, 1983–2017: Israel first, then Western allies and the Pacific states in
/// free association; Cuba, Syria, Iran, North Korea, Vietnam among the furthest.
#[test]
fn who_votes_with_and_against_the_united_states() {
    let Some(dataset) = unvotes("important.ron") else {
        return;
    };
    let options = Options {
        measure: Measure::Congruence,
        normalization: Normalization::Average,
        duplicates: Duplicates::Include,
    };
    let agreement = Agreement::new(&dataset, dataset.position_ixs(), options);
    let us = dataset.find_actor("united-states").expect("the US");
    let us = agreement.slot_of(us).expect("votes");
    let matrix = agreement.dense();
    let mut order: Vec<u32> = (0..matrix.len() as u32)
        .filter(|&j| j as usize != us)
        .collect();
    order.sort_by(|&a, &b| matrix[us][b as usize].total_cmp(&matrix[us][a as usize]));
    let closest = ids(&dataset, &agreement, order.iter().copied().take(6));
    assert_eq!(closest[0], "israel", "{closest:?}");
    for ally in ["canada", "australia", "united-kingdom"] {
        assert!(
            closest.iter().any(|c| c == ally),
            "{ally} not in {closest:?}"
        );
    }

    let options = Options {
        measure: Measure::Conflict,
        ..options
    };
    let conflict = Agreement::new(&dataset, dataset.position_ixs(), options).dense();
    let mut order: Vec<u32> = (0..conflict.len() as u32)
        .filter(|&j| j as usize != us)
        .collect();
    order.sort_by(|&a, &b| conflict[us][b as usize].total_cmp(&conflict[us][a as usize]));
    let furthest = ids(&dataset, &agreement, order.iter().copied().take(8));
    for opponent in ["cuba", "syria", "iran", "north-korea"] {
        assert!(
            furthest.iter().any(|c| c == opponent),
            "{opponent} not in {furthest:?}"
        );
    }
}

/// Blocs of the subtract network (each country's ten strongest ties): the Western allies in
/// one, the states that vote most often against them in another.
#[test]
fn the_un_votes_split_into_blocs() {
    let Some(dataset) = unvotes("important.ron") else {
        return;
    };
    let agreement = Agreement::new(&dataset, dataset.position_ixs(), Options::default());
    let network = Network::compute(&agreement, Keep::default(), 2, &Progress::default())
        .expect("not stopped");
    let bloc = |id: &str| {
        let actor = dataset.find_actor(id).expect(id);
        network.blocs.community[agreement.slot_of(actor).expect(id)]
    };
    let west = bloc("united-states");
    for id in ["israel", "united-kingdom", "canada", "france", "germany"] {
        assert_eq!(bloc(id), west, "{id}");
    }
    for id in ["cuba", "syria", "north-korea", "iran", "china"] {
        assert_ne!(bloc(id), west, "{id}");
    }
    // A clear split (at least 0.3), so the window and the pictures colour the blocs.
    assert!(network.has_clear_blocs(), "{}", network.blocs.modularity);
    assert!(network.ties.iter().all(|t| t.a < t.b));
    // The United States and Israel, whose many disagreements cancel their agreements in their
    // strength, are among the actors always labelled (the most opposed), with North Korea.
    let pinned = stancemap::scene::network::always_labelled(&network, &dataset, "");
    for id in ["united-states", "israel", "north-korea"] {
        let actor = dataset.find_actor(id).expect(id);
        assert!(pinned[agreement.slot_of(actor).expect(id)], "{id}");
    }
}

/// In the bloc order, the US sits beside its allies and far from its opponents.
#[test]
fn the_bloc_order_puts_allies_side_by_side() {
    let Some(dataset) = unvotes("important.ron") else {
        return;
    };
    let doc = Document::new(
        DataSource::BuiltIn,
        dataset,
        Filter::default(),
        LayoutParams::default(),
        None,
    );
    let matrix = Matrix::of(&doc, Order::Blocs);
    let row = |id: &str| {
        let actor = doc.dataset().find_actor(id).expect(id);
        matrix.actors.iter().position(|&a| a == actor).expect(id) as i64
    };
    let us = row("united-states");
    assert!(
        (row("israel") - us).abs() <= 10,
        "Israel {} vs US {us}",
        row("israel")
    );
    assert!(
        (row("cuba") - us).abs() >= 100,
        "Cuba {} vs US {us}",
        row("cuba")
    );
    // Deterministic.
    assert_eq!(Matrix::of(&doc, Order::Blocs).actors, matrix.actors);
}

fn stancemap() -> Command {
    Command::cargo_bin("stancemap").expect("binary")
}

fn temp(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("stancemap-analysis-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir.join(name)
}

/// Exact repeats are noted by `stancemap network`, and `--duplicates once` counts them once
/// (by hand: A's support stated twice word for word; B supports once: A–B 2, then 1).
#[test]
fn the_command_notes_exact_repeats_and_counts_them_once_on_request() {
    let file = temp("repeats.ron");
    std::fs::write(
        &file,
        r#"(title: "Repeats",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "Yes."),
            (actor: "a", issue: "x", stance: Support, quote: "Yes."),
            (actor: "b", issue: "x", stance: Support, quote: "Yes."),
        ])"#,
    )
    .expect("written");
    let out = temp("repeats.csv");
    stancemap()
        .args(["network", "--measure", "congruence", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "note: 1 position is an exact repeat of another (same actor, issue, stance and quote), e.g. A on X ×2; `--duplicates once` counts each once",
        ));
    let text = std::fs::read_to_string(&out).expect("written");
    assert_eq!(text, "actor,a,b\na,0,2\nb,2,0\n");
    stancemap()
        .args(["network", "--measure", "congruence", "--duplicates", "once"])
        .arg("--out")
        .arg(&out)
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("duplicates: once")
                .and(predicate::str::contains("exact repeat").not()),
        );
    let text = std::fs::read_to_string(&out).expect("written");
    assert_eq!(text, "actor,a,b\na,0,1\nb,1,0\n");
    for path in [file, out] {
        std::fs::remove_dir_all(path.parent().expect("dir")).ok();
    }
}

#[test]
fn network_csv_is_dna_s_layout_and_symmetric() {
    let out = temp("network.csv");
    stancemap()
        .args(["network", "positions.ron", "--measure", "subtract", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("subtract network"));
    let text = std::fs::read_to_string(&out).expect("written");
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][0], "actor");
    let n = rows.len() - 1;
    assert_eq!(rows[0].len(), n + 1);
    for (i, row) in rows.iter().enumerate().skip(1) {
        assert_eq!(
            row[0], rows[0][i],
            "row {i} names the same actor as column {i}"
        );
        assert_eq!(row[i], "0", "the diagonal is 0");
        for (j, other) in rows.iter().enumerate().skip(1) {
            assert_eq!(row[j], other[i], "symmetric");
        }
    }
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}

#[test]
fn unknown_measures_and_ids_exit_1_with_a_suggestion() {
    stancemap()
        .args([
            "network",
            "positions.ron",
            "--measure",
            "congruance",
            "--out",
            "x.csv",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"congruence\""));
    stancemap()
        .args([
            "network",
            "positions.ron",
            "--measure",
            "conflict",
            "--normalize",
            "jacard",
        ])
        .args(["--out", "x.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"jaccard\""));
    stancemap()
        .args([
            "matrix",
            "positions.ron",
            "--issue",
            "ground-trops",
            "--out",
            "x.csv",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"ground-troops\""));
    assert!(!Path::new("x.csv").exists());
}

#[test]
fn an_empty_filter_gives_an_empty_well_formed_network_and_matrix() {
    let out = temp("empty.csv");
    stancemap()
        .args([
            "network",
            "positions.ron",
            "--measure",
            "congruence",
            "--normalize",
            "cosine",
        ])
        .args(["--issue", "immediate-ceasefire", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("no actor"));
    assert_eq!(std::fs::read_to_string(&out).expect("written"), "actor\n");
    stancemap()
        .args([
            "matrix",
            "positions.ron",
            "--issue",
            "immediate-ceasefire",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("the matrix is empty"));
    // The issue holds no position: it leaves the matrix, as an actor without one does.
    assert_eq!(std::fs::read_to_string(&out).expect("written"), "actor\n");
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}

/// Issues with no position in the dates asked for leave the matrix (`important.ron` for 2000
/// kept all 411 issues as columns, of which 10 held a vote); here by hand: X is voted on in
/// 2000, Y in 2001.
#[test]
fn a_date_range_drops_the_issues_it_leaves_empty() {
    let file = temp("dated.ron");
    std::fs::write(
        &file,
        r#"(title: "Dated",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "Yes.", date: "2000-05-01"),
            (actor: "b", issue: "y", stance: Reject, quote: "No.", date: "2001-05-01"),
        ])"#,
    )
    .expect("written");
    let out = temp("dated.csv");
    stancemap()
        .args([
            "matrix",
            "--from",
            "2000-01-01",
            "--to",
            "2000-12-31",
            "--out",
        ])
        .arg(&out)
        .arg(&file)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 actors × 1 issues")
                .or(predicate::str::contains("1 actor × 1 issue")),
        );
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        "actor,x\na,Support\n"
    );
    for path in [file, out] {
        std::fs::remove_dir_all(path.parent().expect("dir")).ok();
    }
}

#[test]
fn matrix_csv_holds_stance_names_in_date_order() {
    let out = temp("matrix.csv");
    stancemap()
        .args([
            "matrix",
            "positions.ron",
            "--issue",
            "ground-troops",
            "--order",
            "count",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).expect("written");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["actor", "ground-troops"]
    );
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_owned(), r[1].to_owned())
        })
        .collect();
    assert!(
        rows.contains(&(
            "germany".to_owned(),
            "Condition: U.S. backing for effective operations and protection of their forces"
                .to_owned()
        ))
    );
    assert!(rows.contains(&("united-states".to_owned(), "Support".to_owned())));
    assert_eq!(rows.len(), 3);
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}

#[test]
fn network_and_matrix_pictures_are_drawn_on_the_graph_s_page() {
    let svg = temp("network.svg");
    stancemap()
        .args([
            "network",
            "positions.ron",
            "--measure",
            "congruence",
            "--out",
        ])
        .arg(&svg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&svg).expect("written");
    let document = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let ids: Vec<&str> = document
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert!(
        ids.iter().any(|id| id.starts_with("tie-")),
        "ties drawn: {ids:?}"
    );
    assert!(text.contains("who agrees with whom"));
    assert!(text.contains("Network: congruence, not normalised"));
    // The seed's split is weak (modularity 0.04): no bloc is claimed, actors are coloured by
    // kind.
    assert!(text.contains("no clear blocs (modularity 0.04): actors coloured by kind"));
    assert!(!text.contains("Bloc 1"));
    assert!(text.contains(">Leader<"));

    let matrix = temp("matrix.svg");
    stancemap()
        .args(["matrix", "positions.ron", "--order", "blocs", "--out"])
        .arg(&matrix)
        .assert()
        .success();
    let text = std::fs::read_to_string(&matrix).expect("written");
    roxmltree::Document::parse(&text).expect("well-formed SVG");
    assert!(text.contains("who stands where"));
    assert!(text.contains("Rows and columns ordered by blocs"));
    assert!(text.contains(">Germany<"));

    let png = temp("matrix.png");
    stancemap()
        .args(["matrix", "positions.ron", "--scale", "2", "--out"])
        .arg(&png)
        .assert()
        .success();
    let bytes = std::fs::read(&png).expect("written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    for path in [svg, matrix, png] {
        std::fs::remove_dir_all(path.parent().expect("dir")).ok();
    }
}

/// Names holding markup stay text in the matrix picture.
#[test]
fn the_matrix_picture_escapes_every_name() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("positions.ron"))
        .expect("seed")
        .replace(
            "name: \"Germany\"",
            "name: \"Germany </text><script>alert(1)</script> & ]]>\"",
        );
    let file = temp("markup.ron");
    std::fs::write(&file, text).expect("written");
    let out = temp("markup.svg");
    stancemap()
        .args(["matrix"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).expect("written");
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(
        document
            .descendants()
            .all(|n| n.tag_name().name() != "script")
    );
    assert!(svg.contains("&lt;script&gt;"));
    for path in [file, out] {
        std::fs::remove_dir_all(path.parent().expect("dir")).ok();
    }
}

/// `stancemap groups` on cases worked by hand (the definitions of the README's "Groups"):
/// R1, R2 (Red) and B1 (Blue); congruence R1–R2 1, R1–B1 2, R2–B1 1. Red: cohesion on X 1, on
/// Y (one for, one against) 0.25, mean 0.625; I = 1, E = 3, EI = 0.5. Blue has one member:
/// no issue with 2 stances; I = 0, E = 3, EI = 1. All: I = 1, E = 3, EI = 0.5. Then a member
/// who breaks ranks: A3 rejects X, which A1 and A2 of its party support.
#[test]
fn groups_by_an_attribute_give_cohesion_e_i_and_defections() {
    let file = temp("ties.ron");
    std::fs::write(
        &file,
        r#"(title: "Ties",
        actors: [
            (id: "r1", name: "R1", kind: Person, attributes: {"party": "Red"}),
            (id: "r2", name: "R2", kind: Person, attributes: {"party": "Red"}),
            (id: "b1", name: "B1", kind: Person, attributes: {"party": "Blue"}),
        ],
        issues: [(id: "x", name: "X"), (id: "y", name: "Y")],
        positions: [
            (actor: "r1", issue: "x", stance: Support, quote: "1"),
            (actor: "r2", issue: "x", stance: Support, quote: "2"),
            (actor: "b1", issue: "x", stance: Support, quote: "3"),
            (actor: "r1", issue: "y", stance: Reject, quote: "4"),
            (actor: "r2", issue: "y", stance: Support, quote: "5"),
            (actor: "b1", issue: "y", stance: Reject, quote: "6"),
        ])"#,
    )
    .expect("written");
    let out = temp("groups.csv");
    stancemap()
        .args(["groups", "--by", "party", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 groups by party (3 actors"));
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        "group,members,issues,cohesion,internal,external,ei\n\
         Blue,1,0,,0,3,1.0000\n\
         Red,2,2,0.6250,1,3,0.5000\n\
         all,3,,,1,3,0.5000\n"
    );
    // An attribute no actor has: exit 1, naming those they have.
    stancemap()
        .args(["groups", "--by", "region", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(the actors have: party)"));

    let parties = temp("parties.ron");
    std::fs::write(
        &parties,
        r#"(title: "Parties",
        actors: [
            (id: "a1", name: "A1", kind: Person, attributes: {"party": "Red"}),
            (id: "a2", name: "A2", kind: Person, attributes: {"party": "Red"}),
            (id: "a3", name: "A3", kind: Person, attributes: {"party": "Red"}),
            (id: "c", name: "C", kind: Person),
        ],
        issues: [(id: "x", name: "X")],
        positions: [
            (actor: "a3", issue: "x", stance: Reject, quote: "A3 now against X.", date: "2021-01-01"),
            (actor: "a1", issue: "x", stance: Support, quote: "A1 for X."),
            (actor: "a2", issue: "x", stance: Support, quote: "A2 for X."),
            (actor: "a3", issue: "x", stance: Support, quote: "A3 for X.", date: "2020-01-01"),
            (actor: "c", issue: "x", stance: Reject, quote: "C against X."),
        ])"#,
    )
    .expect("written");
    let defections = temp("defections.csv");
    stancemap()
        .args(["groups", "--by", "party", "--out"])
        .arg(&out)
        .arg("--defections")
        .arg(&defections)
        .arg(&parties)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 defections"));
    assert_eq!(
        std::fs::read_to_string(&defections).expect("written"),
        "actor,group,issue,stance,group_stance,date,quote\n\
         a3,Red,x,Reject,Support,2021-01-01,A3 now against X.\n"
    );
    // The actor without a party is the group "(none)"; Red's cohesion on X: (2 − 1/2) / 3.
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("\nRed,3,1,0.5000,"), "{text}");
    assert!(text.contains("\n(none),1,0,,"), "{text}");
    for path in [file, out, parties, defections] {
        std::fs::remove_dir_all(path.parent().expect("dir")).ok();
    }
}

/// The UN regional groups (tests/fixtures/un-regional-groups.csv) on the Ukraine resolutions
/// of 2014–2023: each group's cohesion and E-I on the congruence network. What is known of the
/// votes: Western European and Others voted yes on every one, as one; African states split
/// between yes and abstaining; Russia and Belarus voted no. Printed for the README
/// (`cargo test --test analysis regional -- --nocapture`).
#[test]
fn un_regional_groups_on_the_ukraine_resolutions() {
    use stancemap::analysis::groups::{self, Grouping};
    use std::fmt::Write as _;
    let Some(mut dataset) = unvotes("ukraine.ron") else {
        return;
    };
    let regions = include_str!("fixtures/un-regional-groups.csv");
    for line in regions.lines().skip(1) {
        let (id, region) = line.split_once(',').expect("actor,region");
        if let Some(a) = dataset.find_actor(id) {
            dataset.actors[a.0 as usize]
                .attributes
                .insert("region".to_owned(), region.to_owned());
        }
    }
    let grouping = Grouping::by(&dataset, "region");
    assert!(
        !grouping.names.iter().any(|n| n == groups::NONE),
        "every country has a region"
    );
    let positions: Vec<_> = dataset.position_ixs().collect();
    let options = Options {
        measure: Measure::Congruence,
        ..Options::default()
    };
    let agreement = Agreement::new(&dataset, positions.iter().copied(), options);
    let of_actor = groups::network_groups(&grouping, agreement.actors());
    let network = Network::compute_grouped(
        &agreement,
        Keep::default(),
        2,
        &Progress::default(),
        Some(&of_actor),
    )
    .expect("network");
    let mut figures = groups::figures(&dataset, &positions, &grouping);
    let (within, between) = groups::with_ties(&mut figures, &grouping, &network);
    let mut table =
        String::from("| group | members | issues | cohesion | E-I |\n|---|---|---|---|---|\n");
    for (name, f) in grouping.names.iter().zip(&figures) {
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {:.3} | {:.3} |",
            f.members,
            f.issues,
            f.cohesion.unwrap_or(f64::NAN),
            f.ei()
        );
    }
    let _ = writeln!(table, "| all | | | | {:.3} |", groups::ei(within, between));
    // Shown with `--nocapture` (the README's table).
    std::io::Write::write_all(&mut std::io::stdout(), table.as_bytes()).ok();
    let of = |name: &str| {
        let k = grouping.names.iter().position(|n| n == name).expect(name);
        figures[k].clone()
    };
    let weog = of("Western European and Others");
    let africa = of("African");
    assert_eq!(weog.issues, 5);
    assert!(weog.cohesion.expect("weog") > 0.95, "{weog:?}");
    assert!(africa.cohesion.expect("africa") < weog.cohesion.expect("weog"));
    // The whole: more weight between groups than within (five groups voting much alike).
    assert!(groups::ei(within, between) > 0.0);
}
