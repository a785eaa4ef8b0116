//! The bundled dataset (positions.ron) against its source article.

use std::collections::BTreeSet;
use std::path::Path;

use stancemap::graph::StanceGraph;
use stancemap::model::{self, Dataset, StanceKind};

fn seed() -> Dataset {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("positions.ron");
    model::load_file(&path).unwrap_or_else(|e| panic!("positions.ron must be valid:\n{e}"))
}

fn article() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-article.txt");
    std::fs::read_to_string(path).expect("the seed article")
}

#[test]
fn the_article_copy_matches_the_shared_seed() {
    let shared =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_04a7553af2b0d811.txt");
    if let Ok(original) = std::fs::read_to_string(shared) {
        assert_eq!(original, article());
    }
}

#[test]
fn every_quote_is_a_verbatim_excerpt_of_the_article() {
    let article = article();
    let dataset = seed();
    // The source carries the article itself, and the loader found every quote in it (a quote
    // not in it is a load error, tested in source_text.rs).
    let text = dataset.sources[0]
        .text
        .as_ref()
        .expect("the article as the source's text");
    assert_eq!(&*text.body, article);
    assert_eq!(text.passages.len(), dataset.positions.len());
    // The "Read also" links are not content: every passage is before them, and is the quote
    // itself (the article's quotes need no whitespace forgiven).
    let content_end = article.find("Read also:").expect("read-also marker");
    for passage in &text.passages {
        let quote = &dataset.position(passage.position).quote;
        assert!(passage.range.end <= content_end, "{quote:?}");
        assert_eq!(&article[passage.range.clone()], quote);
    }
}

#[test]
fn covers_the_actors_and_issues_the_article_names() {
    let dataset = seed();
    for id in [
        "united-states",
        "germany",
        "ukraine",
        "russia",
        "france",
        "united-kingdom",
        "trump",
        "zelenskyy",
        "putin",
        "merz",
        "macron",
        "starmer",
        "costa",
        "eu",
        "nato",
        "coalition-of-the-willing",
        "senior-us-officials",
        "european-countries",
    ] {
        assert!(dataset.find_actor(id).is_some(), "actor {id}");
    }
    for id in [
        "security-guarantees",
        "ground-troops",
        "us-troops",
        "nato-troops",
        "us-enablers",
        "zelenskyy-putin-meeting",
        "trilateral-meeting",
        "peacekeeping",
        "rushed-peace-treaty",
    ] {
        assert!(dataset.find_issue(id).is_some(), "issue {id}");
    }
}

#[test]
fn key_positions_are_recorded_as_the_article_reports_them() {
    let dataset = seed();
    let stance = |actor: &str, issue: &str| -> Vec<StanceKind> {
        let actor = dataset.find_actor(actor).expect("actor");
        let issue = dataset.find_issue(issue).expect("issue");
        dataset
            .positions
            .iter()
            .filter(|p| p.actor == actor && p.issue == issue)
            .map(|p| p.stance.kind())
            .collect()
    };
    assert_eq!(stance("russia", "nato-troops"), [StanceKind::Reject]);
    assert_eq!(stance("trump", "us-troops"), [StanceKind::Reject]);
    assert_eq!(
        stance("european-countries", "ground-troops"),
        [StanceKind::Condition]
    );
    assert_eq!(
        stance("macron", "rushed-peace-treaty"),
        [StanceKind::Reject]
    );
    assert_eq!(
        stance("senior-us-officials", "us-enablers"),
        [StanceKind::Support]
    );
    let conditions: BTreeSet<&str> = dataset
        .positions
        .iter()
        .filter_map(|p| p.stance.condition())
        .collect();
    assert_eq!(
        conditions.into_iter().collect::<Vec<_>>(),
        ["U.S. backing for effective operations and protection of their forces"]
    );
    // The ceasefire dispute names no one, so no position is attributed on it.
    let ceasefire = dataset.find_issue("immediate-ceasefire").expect("issue");
    assert!(
        StanceGraph::build(&dataset)
            .positions_on_issue(ceasefire)
            .is_empty()
    );
}

#[test]
fn the_built_in_copy_is_the_repository_file() {
    assert_eq!(
        stancemap::model::SEED_RON,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("positions.ron"))
            .expect("positions.ron")
    );
}
