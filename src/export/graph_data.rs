//! The graph as data for other tools: GraphML (Gephi, Cytoscape, networkx, igraph) and GEXF 1.3
//! (Gephi's own format, with dates as spells for its timeline). Actors and issues are nodes,
//! positions and `represents` links edges, every attribute a typed key.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::svg::escape;
use crate::analysis::network::Network;
use crate::graph::Node;
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx};

/// What a graph export holds: the positions, in order, and the nodes (those the positions
/// touch, and any others the view shows).
pub struct GraphData<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// The positions.
    pub rows: &'a [PositionIx],
    /// The nodes.
    pub nodes: Vec<Node>,
    /// `represents` links between shown actors: (leader, the actor it speaks for).
    pub represents: Vec<(ActorIx, ActorIx)>,
}

impl<'a> GraphData<'a> {
    /// The nodes `rows` touch and `extra`, with the `represents` links between shown actors.
    pub fn new(dataset: &'a Dataset, rows: &'a [PositionIx], extra: &[Node]) -> Self {
        let mut nodes: BTreeSet<Node> = extra.iter().copied().collect();
        for &p in rows {
            let position = dataset.position(p);
            nodes.insert(Node::Actor(position.actor));
            nodes.insert(Node::Issue(position.issue));
        }
        let represents = dataset
            .actor_ixs()
            .filter_map(|a| {
                let to = dataset.actor(a).represents?;
                (nodes.contains(&Node::Actor(a)) && nodes.contains(&Node::Actor(to)))
                    .then_some((a, to))
            })
            .collect();
        Self {
            dataset,
            rows,
            nodes: nodes.into_iter().collect(),
            represents,
        }
    }

    fn node_id(&self, node: Node) -> &str {
        match node {
            Node::Actor(a) => &self.dataset.actor(a).id,
            Node::Issue(i) => &self.dataset.issue(i).id,
        }
    }
}

/// Node attributes: (key id, name).
const NODE_KEYS: [(&str, &str); 6] = [
    ("kind", "kind"),
    ("name", "name"),
    ("role", "role"),
    ("description", "description"),
    ("tags", "tags"),
    ("influence", "influence"),
];

/// Edge attributes: (key id, name).
const EDGE_KEYS: [(&str, &str); 9] = [
    ("type", "type"),
    ("stance", "stance"),
    ("condition", "condition"),
    ("quote", "quote"),
    ("date", "date"),
    ("source", "source"),
    ("source_title", "source_title"),
    ("url", "url"),
    ("salience", "salience"),
];

/// A built-in key's type in GraphML (GEXF names `int` `integer`): influence and salience are
/// whole numbers, so Gephi and networkx can size and filter by them; the rest is text.
fn graphml_type(key: &str) -> &'static str {
    if matches!(key, "influence" | "salience") {
        "int"
    } else {
        "string"
    }
}

fn gexf_type(key: &str) -> &'static str {
    if matches!(key, "influence" | "salience") {
        "integer"
    } else {
        "string"
    }
}

/// The actors' attribute names (`party`, `region` …), sorted, each with the name its key
/// carries: its own, or `attribute:NAME` where it would be taken for a built-in key.
fn attribute_keys<'d>(
    dataset: &'d Dataset,
    actors: impl Iterator<Item = ActorIx>,
    builtin: &[&str],
) -> Vec<(&'d str, String)> {
    let names: BTreeSet<&str> = actors
        .flat_map(|a| dataset.actor(a).attributes.keys().map(String::as_str))
        .collect();
    names
        .into_iter()
        .map(|name| {
            let title = if builtin.contains(&name) {
                format!("attribute:{name}")
            } else {
                name.to_owned()
            };
            (name, title)
        })
        .collect()
}

/// The actors among the nodes.
fn actors_of(nodes: &[Node]) -> impl Iterator<Item = ActorIx> + '_ {
    nodes.iter().filter_map(|n| match n {
        Node::Actor(a) => Some(*a),
        Node::Issue(_) => None,
    })
}

/// A node's attributes, by the keys above (empty ones left out).
fn node_attributes(dataset: &Dataset, node: Node) -> Vec<(&'static str, String)> {
    match node {
        Node::Actor(a) => {
            let actor = dataset.actor(a);
            let mut out = vec![
                ("kind", actor.kind.label().to_lowercase()),
                ("name", actor.name.clone()),
            ];
            if let Some(role) = &actor.role {
                out.push(("role", role.clone()));
            }
            if let Some(influence) = actor.influence {
                out.push(("influence", influence.to_string()));
            }
            out
        }
        Node::Issue(i) => {
            let issue = dataset.issue(i);
            let mut out = vec![("kind", "issue".to_owned()), ("name", issue.name.clone())];
            if let Some(description) = &issue.description {
                out.push(("description", description.clone()));
            }
            if !issue.tags.is_empty() {
                out.push(("tags", issue.tags.join(";")));
            }
            out
        }
    }
}

/// A position's attributes, by the keys above (empty ones left out).
fn position_attributes(dataset: &Dataset, p: PositionIx) -> Vec<(&'static str, String)> {
    let position = dataset.position(p);
    let source = position.source.map(|s| dataset.source(s));
    let mut out = vec![
        ("type", "position".to_owned()),
        ("stance", position.stance.kind().label().to_owned()),
    ];
    if let Some(condition) = position.stance.condition() {
        out.push(("condition", condition.to_owned()));
    }
    out.push(("quote", position.quote.clone()));
    if let Some(date) = position.date.or(source.and_then(|s| s.date)) {
        out.push(("date", date.to_string()));
    }
    if let Some(source) = source {
        out.push(("source", source.id.clone()));
        out.push(("source_title", source.title.clone()));
    }
    if let Some(url) = position
        .url
        .as_deref()
        .or(source.and_then(|s| s.url.as_deref()))
    {
        out.push(("url", url.to_owned()));
    }
    if let Some(salience) = position.salience {
        out.push(("salience", salience.to_string()));
    }
    out
}

/// The graph as GraphML.
pub fn graphml(data: &GraphData<'_>) -> String {
    let mut out = String::with_capacity(1024 + data.rows.len() * 400);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    );
    for (id, name) in NODE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"n_{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{}\"/>",
            graphml_type(id)
        );
    }
    let builtin: Vec<&str> = NODE_KEYS.iter().map(|(_, name)| *name).collect();
    let attribute_keys = attribute_keys(data.dataset, actors_of(&data.nodes), &builtin);
    for (k, (_, title)) in attribute_keys.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"n_a{k}\" for=\"node\" attr.name=\"{}\" attr.type=\"string\"/>",
            escape(title)
        );
    }
    for (id, name) in EDGE_KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"e_{id}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{}\"/>",
            graphml_type(id)
        );
    }
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"directed\">",
        escape(&data.dataset.title)
    );
    for &node in &data.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", escape(data.node_id(node)));
        for (key, value) in node_attributes(data.dataset, node) {
            let _ = writeln!(out, "      <data key=\"n_{key}\">{}</data>", escape(&value));
        }
        if let Node::Actor(a) = node {
            let attributes = &data.dataset.actor(a).attributes;
            for (k, (name, _)) in attribute_keys.iter().enumerate() {
                if let Some(value) = attributes.get(*name) {
                    let _ = writeln!(out, "      <data key=\"n_a{k}\">{}</data>", escape(value));
                }
            }
        }
        let _ = writeln!(out, "    </node>");
    }
    for &p in data.rows {
        let position = data.dataset.position(p);
        let _ = writeln!(
            out,
            "    <edge id=\"p{}\" source=\"{}\" target=\"{}\">",
            p.0 + 1,
            escape(&data.dataset.actor(position.actor).id),
            escape(&data.dataset.issue(position.issue).id)
        );
        for (key, value) in position_attributes(data.dataset, p) {
            let _ = writeln!(out, "      <data key=\"e_{key}\">{}</data>", escape(&value));
        }
        let _ = writeln!(out, "    </edge>");
    }
    for (k, &(from, to)) in data.represents.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"r{}\" source=\"{}\" target=\"{}\"><data key=\"e_type\">represents</data></edge>",
            k + 1,
            escape(&data.dataset.actor(from).id),
            escape(&data.dataset.actor(to).id)
        );
    }
    let _ = writeln!(out, "  </graph>");
    let _ = writeln!(out, "</graphml>");
    out
}

/// The graph as GEXF 1.3. A dated position is an edge alive from its date until the next
/// position of the same actor on the same issue (if any), so Gephi's timeline plays the
/// changes; undated positions are always there.
pub fn gexf(data: &GraphData<'_>) -> String {
    let dataset = data.dataset;
    let mut out = String::with_capacity(1024 + data.rows.len() * 400);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">"
    );
    let _ = writeln!(
        out,
        "  <meta><creator>stancemap</creator><description>{}</description></meta>",
        escape(&dataset.title)
    );
    let _ = writeln!(
        out,
        "  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">"
    );
    let _ = writeln!(out, "    <attributes class=\"node\">");
    for (k, (id, name)) in NODE_KEYS.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{k}\" title=\"{name}\" type=\"{}\"/>",
            gexf_type(id)
        );
    }
    let builtin: Vec<&str> = NODE_KEYS.iter().map(|(_, name)| *name).collect();
    let attribute_keys = attribute_keys(dataset, actors_of(&data.nodes), &builtin);
    for (k, (_, title)) in attribute_keys.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{}\" title=\"{}\" type=\"string\"/>",
            NODE_KEYS.len() + k,
            escape(title)
        );
    }
    let _ = writeln!(out, "    </attributes>");
    let _ = writeln!(out, "    <attributes class=\"edge\">");
    for (k, (id, name)) in EDGE_KEYS.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{k}\" title=\"{name}\" type=\"{}\"/>",
            gexf_type(id)
        );
    }
    let _ = writeln!(out, "    </attributes>");
    let _ = writeln!(out, "    <nodes>");
    for &node in &data.nodes {
        let attributes = node_attributes(dataset, node);
        let label = attributes
            .iter()
            .find(|(k, _)| *k == "name")
            .map_or("", |(_, v)| v.as_str());
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\"><attvalues>",
            escape(data.node_id(node)),
            escape(label)
        );
        for (key, value) in &attributes {
            let k = NODE_KEYS.iter().position(|(id, _)| id == key).unwrap_or(0);
            let _ = writeln!(
                out,
                "        <attvalue for=\"{k}\" value=\"{}\"/>",
                escape(value)
            );
        }
        if let Node::Actor(a) = node {
            let own = &dataset.actor(a).attributes;
            for (k, (name, _)) in attribute_keys.iter().enumerate() {
                if let Some(value) = own.get(*name) {
                    let _ = writeln!(
                        out,
                        "        <attvalue for=\"{}\" value=\"{}\"/>",
                        NODE_KEYS.len() + k,
                        escape(value)
                    );
                }
            }
        }
        let _ = writeln!(out, "      </attvalues></node>");
    }
    let _ = writeln!(out, "    </nodes>");
    // Each dated position ends when the next one of the same pair begins.
    let mut by_pair: std::collections::BTreeMap<
        (ActorIx, IssueIx),
        Vec<(crate::model::Date, PositionIx)>,
    > = std::collections::BTreeMap::new();
    for &p in data.rows {
        let position = dataset.position(p);
        let when = position
            .date
            .or(position.source.and_then(|s| dataset.source(s).date));
        if let Some(when) = when {
            by_pair
                .entry((position.actor, position.issue))
                .or_default()
                .push((when, p));
        }
    }
    let mut ends = std::collections::BTreeMap::new();
    for list in by_pair.values_mut() {
        list.sort();
        for pair in list.windows(2) {
            if pair[1].0 > pair[0].0 {
                ends.insert(pair[0].1, pair[1].0);
            }
        }
    }
    let _ = writeln!(out, "    <edges>");
    for &p in data.rows {
        let position = dataset.position(p);
        let attributes = position_attributes(dataset, p);
        let _ = writeln!(
            out,
            "      <edge id=\"p{}\" source=\"{}\" target=\"{}\" label=\"{}\"><attvalues>",
            p.0 + 1,
            escape(&dataset.actor(position.actor).id),
            escape(&dataset.issue(position.issue).id),
            position.stance.kind().label()
        );
        for (key, value) in &attributes {
            let k = EDGE_KEYS.iter().position(|(id, _)| id == key).unwrap_or(0);
            let _ = writeln!(
                out,
                "        <attvalue for=\"{k}\" value=\"{}\"/>",
                escape(value)
            );
        }
        let _ = write!(out, "      </attvalues>");
        if let Some((_, date)) = attributes.iter().find(|(k, _)| *k == "date") {
            match ends.get(&p) {
                Some(end) => {
                    let _ = write!(
                        out,
                        "<spells><spell start=\"{date}\" end=\"{end}\"/></spells>"
                    );
                }
                None => {
                    let _ = write!(out, "<spells><spell start=\"{date}\"/></spells>");
                }
            }
        }
        let _ = writeln!(out, "</edge>");
    }
    for (k, &(from, to)) in data.represents.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"r{}\" source=\"{}\" target=\"{}\" label=\"represents\"><attvalues><attvalue for=\"0\" value=\"represents\"/></attvalues></edge>",
            k + 1,
            escape(&dataset.actor(from).id),
            escape(&dataset.actor(to).id)
        );
    }
    let _ = writeln!(out, "    </edges>");
    let _ = writeln!(out, "  </graph>");
    let _ = writeln!(out, "</gexf>");
    out
}

/// The agreement network as GraphML: actors with their name, kind, bloc and strength; ties with
/// a numeric `weight` and whether they are of agreement; on the graph, its modularity and what
/// the blocs are worth ("no clear blocs" below a modularity of 0.3: the `bloc` numbers are then
/// the best split found, not structure).
pub fn network_graphml(dataset: &Dataset, network: &Network) -> String {
    let mut out = String::with_capacity(1024 + network.ties.len() * 160);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    );
    let _ = writeln!(
        out,
        "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"bloc\" for=\"node\" attr.name=\"bloc\" attr.type=\"int\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"strength\" for=\"node\" attr.name=\"strength\" attr.type=\"double\"/>"
    );
    let attribute_keys = attribute_keys(
        dataset,
        network.actors.iter().copied(),
        &["name", "kind", "bloc", "strength"],
    );
    for (k, (_, title)) in attribute_keys.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"a{k}\" for=\"node\" attr.name=\"{}\" attr.type=\"string\"/>",
            escape(title)
        );
    }
    let _ = writeln!(
        out,
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"agreement\" for=\"edge\" attr.name=\"agreement\" attr.type=\"boolean\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"modularity\" for=\"graph\" attr.name=\"modularity\" attr.type=\"double\"/>"
    );
    let _ = writeln!(
        out,
        "  <key id=\"blocs\" for=\"graph\" attr.name=\"blocs\" attr.type=\"string\"/>"
    );
    let _ = writeln!(out, "  <graph id=\"agreement\" edgedefault=\"undirected\">");
    let blocs = if network.has_clear_blocs() {
        network.blocs_summary()
    } else {
        format!(
            "{}: the bloc numbers are the best split found, not a real structure",
            network.blocs_summary()
        )
    };
    let _ = writeln!(
        out,
        "    <data key=\"modularity\">{}</data><data key=\"blocs\">{}</data>",
        network.blocs.modularity,
        escape(&blocs)
    );
    for (k, &a) in network.actors.iter().enumerate() {
        let actor = dataset.actor(a);
        let _ = write!(
            out,
            "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data><data key=\"bloc\">{}</data><data key=\"strength\">{}</data>",
            escape(&actor.id),
            escape(&actor.name),
            actor.kind.label().to_lowercase(),
            network.blocs.community.get(k).map_or(0, |b| b + 1),
            network.strength.get(k).copied().unwrap_or(0.0)
        );
        for (j, (name, _)) in attribute_keys.iter().enumerate() {
            if let Some(value) = actor.attributes.get(*name) {
                let _ = write!(out, "<data key=\"a{j}\">{}</data>", escape(value));
            }
        }
        let _ = writeln!(out, "</node>");
    }
    for tie in &network.ties {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data key=\"agreement\">{}</data></edge>",
            escape(&dataset.actor(network.actors[tie.a as usize]).id),
            escape(&dataset.actor(network.actors[tie.b as usize]).id),
            tie.weight,
            tie.agrees
        );
    }
    let _ = writeln!(out, "  </graph>");
    let _ = writeln!(out, "</graphml>");
    out
}
