//! The HTML snapshot's structure, without a browser: one file, a policy that allows only its
//! own script and style, every string escaped for where it goes, and the same picture as the
//! SVG export. (`tests/html_page.rs` drives the page in Chromium.)

use base64::Engine as _;
use sha2::Digest as _;
use stancemap::document::{Document, Selection};
use stancemap::export::{self, ExportOptions, Format, html, svg};
use stancemap::graph::{Filter, Node};
use stancemap::model::{self, DataSource, Dataset, SEED_RON};
use stancemap::scene::Scene;
use stancemap::style::Theme;

fn hostile() -> Dataset {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile.ron");
    model::load_file(std::path::Path::new(path)).expect("valid")
}

/// The page of a dataset, as `stancemap export --out x.html` makes it; and the SVG export of
/// the same document.
fn page_and_svg(dataset: &Dataset, selection: Option<Selection>) -> (String, String) {
    let doc = Document::laid_out(
        DataSource::BuiltIn,
        dataset.clone(),
        Filter::default(),
        selection,
    );
    let mut scene = Scene::of(&doc, Theme::Light);
    scene.reselect(doc.graph(), None, None);
    let page = export::page(
        &scene,
        &dataset.title,
        doc.footer(),
        &ExportOptions::default(),
    );
    (
        html::render(&page, &html::Content::of(&doc)),
        svg::render(&page),
    )
}

/// The text between the first `open` after `from` and the next `close`.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text.find(open).expect("open") + open.len();
    let end = start + text[start..].find(close).expect("close");
    &text[start..end]
}

fn sha256(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text.as_bytes()))
}

#[test]
fn the_format_is_offered_by_its_extension() {
    assert_eq!(
        Format::from_path(std::path::Path::new("map.HTML")),
        Some(Format::Html)
    );
    assert_eq!(
        Format::from_path(std::path::Path::new("map.htm")),
        Some(Format::Html)
    );
    assert!(Format::summary().contains("an interactive page (HTML)"));
}

#[test]
fn the_policy_allows_only_the_pages_own_script_and_style() {
    let (page, _) = page_and_svg(&hostile(), None);
    let policy = between(
        &page,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"",
        "\"",
    );
    assert!(policy.starts_with("default-src 'none';"), "{policy}");
    let script = between(&page, "<script>", "</script>");
    let style = between(&page, "<style>", "</style>");
    assert!(policy.contains(&format!("script-src 'sha256-{}'", sha256(script))));
    assert!(policy.contains(&format!("style-src 'sha256-{}'", sha256(style))));
    // Nothing is loaded from anywhere: no src or href attribute outside the data (where the
    // hostile file's markup is text), and no url( in the style.
    let data = between(
        &page,
        "<script type=\"application/json\" id=\"data\">",
        "</script>",
    );
    let lower = page.replace(data, "").to_lowercase();
    assert!(!lower.contains(" src=") && !lower.contains(" href="));
    assert!(!style.contains("url("));
}

#[test]
fn every_hostile_string_is_escaped_where_it_goes() {
    let dataset = hostile();
    let (page, _) = page_and_svg(&dataset, None);
    let lower = page.to_lowercase();
    // Our two script elements (the data and the code) and one style element, nothing more.
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(lower.matches("</script").count(), 2);
    assert_eq!(lower.matches("<style").count(), 1);
    assert_eq!(lower.matches("<img").count(), 0);
    assert!(!lower.contains("<b>") && !lower.contains("<!--"));
    let mut hostile_texts: Vec<&str> = vec![&dataset.title];
    hostile_texts.extend(dataset.description.as_deref());
    for actor in &dataset.actors {
        hostile_texts.push(&actor.name);
        hostile_texts.extend(actor.role.as_deref());
    }
    for issue in &dataset.issues {
        hostile_texts.push(&issue.name);
        hostile_texts.extend(issue.description.as_deref());
    }
    for position in &dataset.positions {
        hostile_texts.push(&position.quote);
        hostile_texts.extend(position.stance.condition());
    }
    for source in &dataset.sources {
        hostile_texts.push(&source.title);
        hostile_texts.extend(source.publisher.as_deref());
    }
    for text in hostile_texts.iter().filter(|t| t.contains(['<', '>', '&'])) {
        assert!(!page.contains(text), "{text:?} is in the page unescaped");
    }
    // The data block is JSON that gives every string back exactly.
    let json = between(
        &page,
        "<script type=\"application/json\" id=\"data\">",
        "</script>",
    );
    let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(data["title"], dataset.title.as_str());
    let strings: Vec<&str> = data["strings"]
        .as_array()
        .expect("strings")
        .iter()
        .map(|s| s.as_str().expect("text"))
        .collect();
    for position in &dataset.positions {
        assert!(strings.contains(&position.quote.as_str()));
    }
    let names: Vec<&str> = data["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["n"].as_str().expect("name"))
        .collect();
    for actor in &dataset.actors {
        assert!(names.contains(&actor.name.as_str()));
    }
    // Links are http(s) only; the hostile source's link survives as data, quoted.
    assert_eq!(
        data["sources"][0]["u"],
        dataset.sources[0].url.as_deref().expect("url")
    );
}

#[test]
fn the_page_draws_what_the_svg_export_draws() {
    let dataset = model::load_str(SEED_RON, "positions.ron").expect("valid seed");
    let (page, svg) = page_and_svg(&dataset, None);
    let picture = between(
        &page,
        "<div id=\"map\" role=\"region\" aria-label=\"Map\">",
        "</div>",
    );
    let doc = roxmltree::Document::parse(picture).expect("the embedded SVG is well-formed XML");
    let exported = roxmltree::Document::parse(&svg).expect("svg");
    // The same shapes with the same attributes, node for node.
    let shapes = |d: &roxmltree::Document<'_>| -> Vec<String> {
        d.descendants()
            .filter(|n| {
                n.attribute("id")
                    .is_some_and(|id| id.starts_with("actor-") || id.starts_with("issue-"))
            })
            .map(|n| {
                let mut attributes: Vec<String> = n
                    .attributes()
                    .map(|a| format!("{}={}", a.name(), a.value()))
                    .collect();
                attributes.sort();
                format!("{}:{}", n.tag_name().name(), attributes.join(","))
            })
            .collect()
    };
    assert_eq!(shapes(&doc), shapes(&exported));
    // Every edge line of the export is one segment of a path on the page.
    let lines = exported
        .descendants()
        .filter(|n| n.has_tag_name("line") && n.attribute("id").is_some())
        .count();
    let segments: usize = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| n.attribute("d").unwrap_or("").matches('M').count())
        .sum();
    assert_eq!(segments, lines);
    // Each node is focusable and named by its kind and name, as in the window.
    let named: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .inspect(|n| {
            assert_eq!(n.attribute("tabindex"), Some("0"));
            assert_eq!(n.attribute("role"), Some("button"));
        })
        .filter_map(|n| n.attribute("aria-label"))
        .collect();
    assert_eq!(named.len(), dataset.actors.len() + dataset.issues.len());
    assert!(named.contains(&"Leader: Friedrich Merz"));
    assert!(named.contains(&"Issue: European-led ground troops in Ukraine"));
}

#[test]
fn the_selection_opens_in_the_panel_but_the_picture_starts_plain() {
    let dataset = model::load_str(SEED_RON, "positions.ron").expect("valid seed");
    let merz = dataset.find_actor("merz").expect("merz");
    let (plain, _) = page_and_svg(&dataset, None);
    let (selected, _) = page_and_svg(&dataset, Some(Selection::Node(Node::Actor(merz))));
    let data = |page: &str| -> serde_json::Value {
        serde_json::from_str(between(
            page,
            "<script type=\"application/json\" id=\"data\">",
            "</script>",
        ))
        .expect("JSON")
    };
    let picked = data(&selected)["selected"].as_u64().expect("a node") as usize;
    assert_eq!(data(&selected)["nodes"][picked]["n"], "Friedrich Merz");
    assert_eq!(data(&plain)["selected"], serde_json::Value::Null);
    let picture = |page: &str| between(page, "<div id=\"map\"", "</div>").to_owned();
    assert_eq!(picture(&plain), picture(&selected));
}
