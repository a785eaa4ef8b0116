//! The HTML snapshot: one self-contained page that opens offline in any browser. It embeds the
//! very SVG page the SVG export writes (same layout, filter and look, drawn by
//! [`svg::Layers::Interactive`]), the positions behind it as JSON, and a small hand-written
//! script and style sheet (`page.js`, `page.css`): click a node to read its quotes, filter by
//! issue and stance, search by name, pan and zoom, and an actor × issue matrix tab.
//!
//! Safety: a Content-Security-Policy allows nothing from the network and only our own script
//! and style, by their SHA-256 hashes. Every string from the data is escaped for where it goes:
//! the SVG's text and attributes by [`svg::escape`], the JSON by serde with `<`, `>`, `&` and
//! the line separators written as `\u` escapes, so a quote holding `</script>` cannot end the
//! data block; the script puts text into the page with `textContent` only and opens http(s)
//! links only, in a new tab with `rel="noopener noreferrer"`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use base64::Engine as _;
use serde::Serialize;
use sha2::Digest as _;

use super::{Page, svg};
use crate::analysis::matrix::{Matrix, Order};
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::{Dataset, PositionIx, StanceKind};
use crate::style::Theme;

/// The page's script, hand-written, no framework.
const SCRIPT: &str = include_str!("page.js");

/// The page's style sheet.
const STYLE: &str = include_str!("page.css");

/// What the page holds besides the picture: the dataset, the positions the filter shows, the
/// matrix in each order, and the node selected when it was exported.
#[derive(Clone, Debug)]
pub struct Content {
    /// The dataset.
    pub dataset: Arc<Dataset>,
    /// The positions the export's filter shows, in file order.
    pub positions: Vec<PositionIx>,
    /// The actor × issue matrix of those positions, one per order (the first is shown).
    pub matrices: Vec<Matrix>,
    /// The node selected in the window (or by `--select`), opened in the side panel.
    pub selected: Option<Node>,
}

impl Content {
    /// What a document shows.
    pub fn of(doc: &Document) -> Self {
        let selected = match doc.selection() {
            Some(Selection::Node(node)) => Some(node),
            Some(Selection::Pair(actor, _)) => Some(Node::Actor(actor)),
            Some(Selection::Actors(a, _)) => Some(Node::Actor(a)),
            Some(Selection::Position(p)) => Some(Node::Actor(doc.dataset().position(p).actor)),
            None => None,
        };
        Self {
            dataset: Arc::clone(doc.dataset_arc()),
            positions: doc.visible_positions().collect(),
            matrices: Order::ALL.iter().map(|&o| Matrix::of(doc, o)).collect(),
            selected,
        }
    }
}

/// Strings the data holds many times (the UN files repeat one quote per vote and stance) are
/// kept once; a position names them by their place in this table.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Strings<'a> {
    fn of(&mut self, text: &'a str) -> usize {
        *self.index.entry(text).or_insert_with(|| {
            self.list.push(text);
            self.list.len() - 1
        })
    }
}

/// A stance as the page shows it.
#[derive(Serialize)]
struct StanceData {
    name: &'static str,
    label: &'static str,
    color: String,
}

/// A node: `k` kind label, `n` name, `x`, `y`, `r` its centre and radius on the SVG page.
#[derive(Serialize)]
struct NodeData<'a> {
    k: &'static str,
    n: &'a str,
    id: &'a str,
    x: f32,
    y: f32,
    r: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    /// The actor it represents: its node, when shown, and its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    rep: Option<(Option<usize>, &'a str)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    desc: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    /// The actor's attributes, name and value, in name order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attrs: Vec<(&'a str, &'a str)>,
    /// The actor's influence, 0 to 100, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    inf: Option<u8>,
}

/// A source: title, publisher, link (http or https) and date.
#[derive(Serialize)]
struct SourceData<'a> {
    t: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    p: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
}

/// A matrix order: its label, the rows' and columns' nodes.
#[derive(Serialize)]
struct OrderData {
    label: &'static str,
    rows: Vec<usize>,
    cols: Vec<usize>,
}

/// Everything the script reads.
#[derive(Serialize)]
struct Data<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    stances: Vec<StanceData>,
    nodes: Vec<NodeData<'a>>,
    sources: Vec<SourceData<'a>>,
    strings: Vec<&'a str>,
    /// Each position: actor node, issue node, stance (its place in `stances`), quote,
    /// condition (−1 for none), source (−1), date (−1), link (−1), file order, salience
    /// (−1); texts are places in `strings`.
    positions: Vec<[i64; 10]>,
    orders: Vec<OrderData>,
    selected: Option<usize>,
    footer: &'a [String],
}

/// Only http and https links are offered (the loader checks this too).
fn web_link(url: &str) -> Option<&str> {
    let lower = url.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url)
}

/// JSON safe inside a `<script>` element: no `<`, `>` or `&` at all (so no `</script>` or
/// `<!--`), and no U+2028 or U+2029.
fn script_safe_json(data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).expect("plain data serialises");
    let mut out = String::with_capacity(json.len() + json.len() / 50);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `'sha256-…'`, the CSP source that allows exactly this inline text.
fn csp_hash(text: &str) -> String {
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The Content-Security-Policy of every page: nothing from anywhere, but our script and style.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// The page's data as JSON, ready to embed.
fn data_json(page: &Page<'_>, content: &Content) -> String {
    let scene = page.scene;
    let dataset = &*content.dataset;
    let mut actor_node = vec![None; dataset.actors.len()];
    let mut issue_node = vec![None; dataset.issues.len()];
    for (i, node) in scene.nodes.iter().enumerate() {
        match node.node {
            Node::Actor(a) => actor_node[a.0 as usize] = Some(i),
            Node::Issue(k) => issue_node[k.0 as usize] = Some(i),
        }
    }
    let nodes = scene
        .nodes
        .iter()
        .map(|node| {
            let center = page.to_page(node.center);
            let look = scene.node_look(node, page.zoom);
            let mut data = NodeData {
                k: node.kind_label,
                n: &node.name,
                id: &node.id,
                x: (center.x * 10.0).round() / 10.0,
                y: (center.y * 10.0).round() / 10.0,
                r: (look.radius * 10.0).round() / 10.0,
                role: None,
                rep: None,
                desc: None,
                tags: &[],
                attrs: Vec::new(),
                inf: None,
            };
            match node.node {
                Node::Actor(a) => {
                    let actor = dataset.actor(a);
                    data.role = actor.role.as_deref();
                    data.inf = actor.influence;
                    data.attrs = actor
                        .attributes
                        .iter()
                        .map(|(name, value)| (name.as_str(), value.as_str()))
                        .collect();
                    data.rep = actor.represents.map(|target| {
                        (
                            actor_node[target.0 as usize],
                            dataset.actor(target).name.as_str(),
                        )
                    });
                }
                Node::Issue(i) => {
                    let issue = dataset.issue(i);
                    data.desc = issue.description.as_deref();
                    data.tags = &issue.tags;
                }
            }
            data
        })
        .collect();
    let sources = dataset
        .sources
        .iter()
        .map(|s| SourceData {
            t: &s.title,
            p: s.publisher.as_deref(),
            u: s.url.as_deref().and_then(web_link),
            d: s.date.map(|d| d.to_string()),
        })
        .collect();
    // Each date written once, kept in the string table with the rest.
    let dates: HashMap<crate::model::Date, String> = content
        .positions
        .iter()
        .filter_map(|&p| dataset.position(p).date)
        .map(|d| (d, d.to_string()))
        .collect();
    let mut strings = Strings::default();
    let mut rows = Vec::with_capacity(content.positions.len());
    for &p in &content.positions {
        let position = dataset.position(p);
        let (Some(actor), Some(issue)) = (
            actor_node[position.actor.0 as usize],
            issue_node[position.issue.0 as usize],
        ) else {
            continue;
        };
        rows.push([
            actor as i64,
            issue as i64,
            position.stance.kind().index() as i64,
            strings.of(&position.quote) as i64,
            position
                .stance
                .condition()
                .map_or(-1, |c| strings.of(c) as i64),
            position.source.map_or(-1, |s| i64::from(s.0)),
            position.date.map_or(-1, |d| strings.of(&dates[&d]) as i64),
            position
                .url
                .as_deref()
                .and_then(web_link)
                .map_or(-1, |u| strings.of(u) as i64),
            i64::from(p.0),
            position.salience.map_or(-1, i64::from),
        ]);
    }
    let node_of_actor = |a: crate::model::ActorIx| actor_node[a.0 as usize];
    let node_of_issue = |i: crate::model::IssueIx| issue_node[i.0 as usize];
    let orders = content
        .matrices
        .iter()
        .map(|m| OrderData {
            label: m.order.label(),
            rows: m.actors.iter().filter_map(|&a| node_of_actor(a)).collect(),
            cols: m.issues.iter().filter_map(|&i| node_of_issue(i)).collect(),
        })
        .collect();
    let selected = content.selected.and_then(|node| match node {
        Node::Actor(a) => node_of_actor(a),
        Node::Issue(i) => node_of_issue(i),
    });
    let theme = scene.theme;
    let data = Data {
        title: &page.title,
        description: dataset.description.as_deref(),
        stances: StanceKind::ALL
            .iter()
            .map(|&s| {
                let [r, g, b, _] = theme.stance_color(s).to_array();
                StanceData {
                    name: s.name(),
                    label: s.label(),
                    color: format!("#{r:02x}{g:02x}{b:02x}"),
                }
            })
            .collect(),
        nodes,
        sources,
        strings: strings.list,
        positions: rows,
        orders,
        selected,
        footer: &page.footer,
    };
    script_safe_json(&data)
}

/// The page as one HTML document.
pub fn render(page: &Page<'_>, content: &Content) -> String {
    let picture = svg::render_layers(page, svg::Layers::Interactive);
    let data = data_json(page, content);
    let theme = match page.scene.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let title = svg::escape(&page.title);
    let mut out = String::with_capacity(picture.len() + data.len() + SCRIPT.len() + 8192);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"stancemap {version}\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n\
         <body class=\"{theme}\">\n{BODY_TOP}\n<h1 id=\"title\">{title}</h1>\n{BODY_CONTROLS}\n\
         <div id=\"map\" role=\"region\" aria-label=\"Map\">\n{picture}</div>\n{BODY_BOTTOM}\n\
         <script type=\"application/json\" id=\"data\">{data}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        csp = content_security_policy(),
        version = env!("CARGO_PKG_VERSION"),
    );
    out
}

/// The page's frame before the title.
const BODY_TOP: &str = r#"<header id="bar">"#;

/// The tabs, search and zoom buttons, then the filter column and the map's frame.
const BODY_CONTROLS: &str = r#"<nav id="tabs" role="tablist" aria-label="Views">
<button type="button" role="tab" id="tab-map" aria-selected="true" aria-controls="map-view">Map</button>
<button type="button" role="tab" id="tab-matrix" aria-selected="false" aria-controls="matrix-view">Matrix</button>
</nav>
<input type="search" id="search" placeholder="Search names" aria-label="Search names" autocomplete="off">
<span id="search-count" aria-live="polite"></span>
<span class="zoom" role="group" aria-label="Zoom">
<button type="button" id="zoom-out" aria-label="Zoom out" title="Zoom out (-)">&#8722;</button>
<button type="button" id="zoom-in" aria-label="Zoom in" title="Zoom in (+)">+</button>
<button type="button" id="fit" title="Fit the whole map (0)">Fit</button>
</span>
</header>
<aside id="filters" aria-label="Filter">
<section><h2>Stances</h2><div id="stances"></div></section>
<section id="issues-section"><h2>Issues <span id="issue-count"></span></h2>
<div class="row"><button type="button" id="issues-all">All</button><button type="button" id="issues-none">None</button></div>
<div id="issues"></div></section>
</aside>
<section id="map-view" role="tabpanel" aria-labelledby="tab-map">"#;

/// The matrix tab and the side panel after the map.
const BODY_BOTTOM: &str = r#"<p id="hint">Drag to pan, scroll or use + and − to zoom. Click a node or press Enter on it to read the quotes.</p>
</section>
<section id="matrix-view" role="tabpanel" aria-labelledby="tab-matrix" hidden>
<div class="row"><label for="order">Order</label> <select id="order"></select> <span id="matrix-count"></span></div>
<div id="matrix"></div>
</section>
<aside id="panel" aria-label="Details" aria-live="polite"></aside>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_end_the_script_element() {
        let json = script_safe_json(&[
            "</script><script>alert(1)</script>",
            "a&b",
            "<!--",
            "\u{2028}",
        ]);
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{2028}'));
        let back: Vec<String> = serde_json::from_str(&json).expect("still JSON");
        assert_eq!(back[0], "</script><script>alert(1)</script>");
        assert_eq!(back[1], "a&b");
        assert_eq!(back[3], "\u{2028}");
    }

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(web_link("https://a.org/x"), Some("https://a.org/x"));
        assert_eq!(web_link("HTTP://a.org"), Some("HTTP://a.org"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("data:text/html,x"), None);
        assert_eq!(web_link("file:///etc/passwd"), None);
    }

    #[test]
    fn the_policy_allows_exactly_our_script_and_style() {
        let policy = content_security_policy();
        assert!(policy.starts_with("default-src 'none';"));
        assert!(policy.contains(&csp_hash(SCRIPT)));
        assert!(policy.contains(&csp_hash(STYLE)));
        assert_ne!(csp_hash(SCRIPT), csp_hash("x"));
        // A known vector: the SHA-256 of the empty string.
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
    }
}
