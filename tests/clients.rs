//! Our GraphML and GEXF read by real clients: networkx and igraph (Debian's python3-networkx
//! and python3-igraph, which CI installs), as a person handing the file on would use them.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin;

/// Debian's Python with both clients, or `None` where they are missing (never in CI).
fn python() -> Option<&'static str> {
    let python = "/usr/bin/python3";
    let ready = Command::new(python)
        .args(["-c", "import networkx, igraph"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ready || std::env::var_os("CI").is_none(),
        "python3-networkx and python3-igraph are missing in CI"
    );
    ready.then_some(python)
}

/// Runs a Python script with arguments; its stdout, or the failure in full.
fn run(python: &str, script: &str, args: &[&Path]) -> String {
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

fn export(args: &[&str], out: &Path) {
    let status = Command::new(cargo_bin("stancemap"))
        .args(args)
        .arg("--out")
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("stancemap runs");
    assert!(status.success());
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stancemap-clients-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    dir.join(name)
}

const READ_GRAPHML: &str = r#"
import sys, networkx as nx, igraph as ig
g = nx.read_graphml(sys.argv[1])
h = ig.Graph.Read_GraphML(sys.argv[1])
positions = [d for _, _, d in g.edges(data=True) if d.get("type") == "position"]
stances = sorted({d["stance"] for d in positions})
kinds = sorted({d["kind"] for _, d in g.nodes(data=True)})
print(g.number_of_nodes(), g.number_of_edges(), h.vcount(), h.ecount(), len(positions))
print(",".join(stances))
print(",".join(kinds))
print(g.nodes["merz"]["role"] if "merz" in g else "")
"#;

#[test]
fn networkx_and_igraph_read_the_graphml() {
    let Some(python) = python() else { return };
    let out = temp("seed.graphml");
    export(&["export", "positions.ron"], &out);
    let report = run(python, READ_GRAPHML, &[&out]);
    let lines: Vec<&str> = report.lines().collect();
    // 18 actors and 11 issues; 25 positions and 8 `represents` links.
    assert_eq!(lines[0], "29 33 29 33 25");
    assert_eq!(lines[1], "Condition,Reject,Support");
    assert_eq!(lines[2], "country,issue,leader,organization");
    assert_eq!(lines[3], "Federal Chancellor (CDU)");

    // The filter applies: the ground-troops issue, its three actors and their positions.
    export(
        &["export", "positions.ron", "--issue", "ground-troops"],
        &out,
    );
    let report = run(python, READ_GRAPHML, &[&out]);
    assert!(report.starts_with("4 3 4 3 3\n"), "{report}");
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}

#[test]
fn networkx_reads_the_gexf_with_its_dates() {
    let Some(python) = python() else { return };
    let out = temp("votes.gexf");
    // A small file with a stance that changes: two dated positions of one pair.
    let file = out.with_file_name("votes.ron");
    std::fs::write(
        &file,
        r#"(title: "Votes", actors: [(id: "a", name: "A", kind: Country)],
            issues: [(id: "x", name: "X")],
            positions: [
                (actor: "a", issue: "x", stance: Support, quote: "yes", date: "2020-01-02"),
                (actor: "a", issue: "x", stance: Reject, quote: "no", date: "2021-03-04"),
            ])"#,
    )
    .expect("written");
    let status = Command::new(cargo_bin("stancemap"))
        .arg("export")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    // networkx 2.8 knows GEXF 1.1 and 1.2; 1.3 keeps their elements, under its own namespace.
    let script = r#"
import sys, networkx.readwrite.gexf as gx
v = dict(gx.GEXF.versions["1.2draft"])
v.update(NS_GEXF="http://gexf.net/1.3", SCHEMALOCATION="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", VERSION="1.3")
gx.GEXF.versions["1.3"] = v
g = gx.GEXFReader(node_type=None, version="1.3")(open(sys.argv[1], "rb"))
print(g.number_of_nodes(), g.number_of_edges())
for _, _, d in sorted(g.edges(data=True), key=lambda e: e[2]["id"]):
    print(d["stance"], d["spells"])
"#;
    let report = run(python, script, &[&out]);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines[0], "2 2");
    // The first stance lasts until the second begins; the second stays.
    assert_eq!(lines[1], "Support [('2020-01-02', '2021-03-04')]");
    assert_eq!(lines[2], "Reject [('2021-03-04', 'None')]");
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}

#[test]
fn igraph_reads_the_agreement_network_with_numeric_weights() {
    let Some(python) = python() else { return };
    let out = temp("network.graphml");
    export(
        &[
            "network",
            "positions.ron",
            "--measure",
            "subtract",
            "--top",
            "0",
        ],
        &out,
    );
    let script = r#"
import sys, igraph as ig
h = ig.Graph.Read_GraphML(sys.argv[1])
print(h.vcount(), h.ecount(), h.is_directed())
print(all(isinstance(w, float) for w in h.es["weight"]))
print(sorted(set(h.vs["kind"])))
"#;
    let report = run(python, script, &[&out]);
    let lines: Vec<&str> = report.lines().collect();
    let counts: Vec<&str> = lines[0].split(' ').collect();
    assert!(counts[0].parse::<usize>().expect("count") >= 10, "{report}");
    assert_eq!(counts[2], "False");
    assert_eq!(lines[1], "True");
    std::fs::remove_dir_all(out.parent().expect("dir")).ok();
}
