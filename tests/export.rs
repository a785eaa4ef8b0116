//! Snapshot export: SVG structure and escaping, PNG size and content, and agreement between
//! what the window draws and what is exported.

use std::collections::BTreeSet;

use stancemap::document::{self, Document, Selection};
use stancemap::export::{self, ExportOptions, Format, svg};
use stancemap::graph::Filter;
use stancemap::model::{self, DataSource, Dataset, SEED_RON};
use stancemap::scene::{EdgeKind, Scene};
use stancemap::style::Theme;

fn seed() -> Dataset {
    model::load_str(SEED_RON, "positions.ron").expect("valid seed")
}

/// The scene an export draws: the dataset laid out to rest through the document.
fn scene_for(
    dataset: &Dataset,
    filter: &Filter,
    selection: Option<Selection>,
    theme: Theme,
) -> Scene {
    let doc = Document::laid_out(
        DataSource::BuiltIn,
        dataset.clone(),
        filter.clone(),
        selection,
    );
    Scene::of(&doc, theme)
}

fn ground_troops(dataset: &Dataset) -> Filter {
    Filter::only_issues([dataset.find_issue("ground-troops").expect("issue")])
}

fn svg_of(dataset: &Dataset, filter: &Filter, options: &ExportOptions) -> String {
    let scene = scene_for(dataset, filter, None, Theme::Light);
    let page = export::page(
        &scene,
        &dataset.title,
        document::footer(dataset, filter),
        options,
    );
    svg::render(&page)
}

/// The text of an element and its descendants.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|n| n.text())
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn svg_is_well_formed_and_holds_each_visible_label_once() {
    let dataset = seed();
    let filter = Filter::default();
    let scene = scene_for(&dataset, &filter, None, Theme::Light);
    let page = export::page(
        &scene,
        &dataset.title,
        document::footer(&dataset, &filter),
        &ExportOptions::default(),
    );
    let text = svg::render(&page);
    let document = roxmltree::Document::parse(&text).expect("well-formed XML");
    let labels: Vec<String> = document
        .descendants()
        .find(|n| n.attribute("id") == Some("labels"))
        .expect("a labels group")
        .children()
        .filter(roxmltree::Node::is_element)
        .map(text_of)
        .collect();
    let mut expected = 0;
    for (node, &shown) in scene.nodes.iter().zip(&page.labels) {
        if !shown {
            continue;
        }
        expected += 1;
        let label = node.label_lines.join(" ");
        assert_eq!(
            labels.iter().filter(|l| **l == label).count(),
            1,
            "label {label:?} once"
        );
    }
    assert_eq!(labels.len(), expected);
    // At the seed's scale every label fits.
    assert_eq!(expected, scene.nodes.len());
    // Title, legend and footer are there as text.
    let all = text_of(document.root());
    assert!(all.contains("Security guarantees for Ukraine"));
    assert!(all.contains("All issues"));
    assert!(all.contains("Source: EU negotiating military assurances for Kyiv"));
    for legend in [
        "Country",
        "Leader",
        "Organization",
        "Issue",
        "Support",
        "Reject",
        "Condition",
    ] {
        assert!(all.contains(legend), "legend {legend}");
    }
}

#[test]
fn hostile_names_and_quotes_are_escaped() {
    let text = r#"(
        title: "A & B </text><script>alert(1)</script> ]]> \"q\" 'a'",
        actors: [(id: "x", name: "</text><script>alert('x')</script> & Co", kind: Country)],
        issues: [(id: "i", name: "Issue <b>bold</b> & ]]>")],
        positions: [(actor: "x", issue: "i", stance: Support, quote: "</text><script>evil()</script> &amp;")],
    )"#;
    let dataset = model::load_str(text, "hostile.ron").expect("valid");
    let svg = svg_of(&dataset, &Filter::default(), &ExportOptions::default());
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert!(
        document
            .descendants()
            .all(|n| n.tag_name().name() != "script")
    );
    assert!(document.descendants().all(|n| n.tag_name().name() != "b"));
    let all = text_of(document.root());
    assert!(
        all.contains("A & B </text><script>alert(1)</script> ]]> \"q\" 'a'"),
        "title survives as text"
    );
    assert!(all.contains("</text><script>alert('x')</script> & Co"));
    // And the PNG painter accepts it too.
    let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
    let page = export::page(&scene, &dataset.title, vec![], &ExportOptions::default());
    assert!(export::render(&page, Format::Png).is_ok());
}

/// A decoded PNG: width, height and RGB bytes.
struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Image {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let mut buffer = vec![
        0;
        reader
            .output_buffer_size()
            .expect("a size that fits in memory")
    ];
    let info = reader.next_frame(&mut buffer).expect("pixels");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buffer.truncate(info.buffer_size());
    Image {
        width: info.width,
        height: info.height,
        rgb: buffer,
    }
}

fn variance(image: &Image) -> f64 {
    let values: Vec<f64> = image
        .rgb
        .chunks(3)
        .map(|p| p.iter().map(|&c| f64::from(c)).sum())
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64
}

#[test]
fn png_has_the_requested_size_and_is_not_blank() {
    let dataset = seed();
    let filter = ground_troops(&dataset);
    let scene = scene_for(&dataset, &filter, None, Theme::Light);
    let footer = document::footer(&dataset, &filter);
    let sized = ExportOptions {
        width: Some(900),
        height: Some(600),
        ..ExportOptions::default()
    };
    let page = export::page(&scene, &dataset.title, footer.clone(), &sized);
    let pixmap = decode(&export::render(&page, Format::Png).expect("png"));
    assert_eq!((pixmap.width, pixmap.height), (900, 600));
    assert!(variance(&pixmap) > 100.0, "the image has content");

    let double = ExportOptions {
        scale: 2.0,
        ..sized
    };
    let page = export::page(&scene, &dataset.title, footer, &double);
    let pixmap = decode(&export::render(&page, Format::Png).expect("png"));
    assert_eq!((pixmap.width, pixmap.height), (1800, 1200));
}

#[test]
fn labels_are_never_cut_at_the_edge() {
    let dataset = seed();
    for options in [
        ExportOptions::default(),
        ExportOptions {
            width: Some(500),
            ..ExportOptions::default()
        },
        ExportOptions {
            width: Some(1600),
            height: Some(400),
            ..ExportOptions::default()
        },
    ] {
        let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
        let page = export::page(&scene, &dataset.title, vec![], &options);
        for (node, &shown) in scene.nodes.iter().zip(&page.labels) {
            if shown {
                let rect = scene.label_rect_at(node, page.zoom);
                let min = page.to_page(rect.min);
                let max = page.to_page(rect.max);
                assert!(
                    page.graph_rect.expand(0.5).contains(min)
                        && page.graph_rect.expand(0.5).contains(max),
                    "{} is cut",
                    node.name
                );
            }
        }
    }
}

#[test]
fn the_export_draws_the_nodes_and_edges_the_view_draws() {
    let dataset = seed();
    let filter = ground_troops(&dataset);
    let scene = scene_for(&dataset, &filter, None, Theme::Light);
    let page = export::page(&scene, &dataset.title, vec![], &ExportOptions::default());
    let svg = svg::render(&page);
    let document = roxmltree::Document::parse(&svg).expect("XML");
    let ids_in = |group: &str| -> BTreeSet<String> {
        document
            .descendants()
            .find(|n| n.attribute("id") == Some(group))
            .expect("group")
            .children()
            .filter_map(|n| n.attribute("id").map(str::to_owned))
            .collect()
    };
    let nodes: BTreeSet<String> = (0..scene.nodes.len())
        .map(|i| svg::node_id(&page, i))
        .collect();
    let edges: BTreeSet<String> = (0..scene.edges.len())
        .map(|i| svg::edge_id(&page, i))
        .collect();
    assert_eq!(ids_in("nodes"), nodes);
    assert_eq!(ids_in("edges"), edges);
    assert_eq!(
        nodes,
        [
            "actor-germany",
            "actor-european-countries",
            "actor-united-states",
            "issue-ground-troops"
        ]
        .map(String::from)
        .into()
    );
    assert!(
        scene
            .edges
            .iter()
            .all(|e| matches!(e.kind, EdgeKind::Position(..)))
    );
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dataset = seed();
    let filter = ground_troops(&dataset);
    let a = svg_of(&dataset, &filter, &ExportOptions::default());
    let b = svg_of(&dataset, &filter, &ExportOptions::default());
    assert_eq!(a, b);
}

#[test]
fn writes_are_atomic_and_failures_leave_nothing() {
    let dir = std::env::temp_dir().join(format!("stancemap-atomic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let target = dir.join("out.svg");
    std::fs::write(&target, "old").expect("write");
    export::write_atomic(&target, b"new").expect("write");
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
    // A folder that does not exist: an error, and nothing is created.
    let missing = dir.join("no/such/folder/out.png");
    assert!(export::write_atomic(&missing, b"x").is_err());
    assert!(!dir.join("no").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn non_latin_scripts_the_font_covers_are_not_reported_missing() {
    let text = r#"(title: "Ελλάδα / Україна", actors: [(id: "a", name: "Зеленський", kind: Leader)], issues: [(id: "i", name: "Ειρήνη")], positions: [(actor: "a", issue: "i", stance: Support, quote: "q")])"#;
    let dataset = model::load_str(text, "scripts.ron").expect("valid");
    let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
    let page = export::page(&scene, &dataset.title, vec![], &ExportOptions::default());
    assert!(page.missing_glyphs().is_empty());
    // Characters no font has (two code points Unicode leaves unassigned) are reported.
    let text = "(title: \"Greece \u{378}\u{379}\", actors: [], issues: [], positions: [])";
    let dataset = model::load_str(text, "unassigned.ron").expect("valid");
    let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
    let page = export::page(&scene, &dataset.title, vec![], &ExportOptions::default());
    assert_eq!(page.missing_glyphs(), ['\u{378}', '\u{379}']);
}

#[test]
fn a_current_view_export_shows_what_the_view_shows() {
    let dataset = seed();
    let filter = Filter::default();
    let scene = scene_for(&dataset, &filter, None, Theme::Light);
    let germany = scene
        .nodes
        .iter()
        .find(|n| &*n.id == "germany")
        .expect("germany");
    let options = ExportOptions {
        extent: export::Extent::View {
            center: germany.center,
            zoom: 2.0,
            size: emath::vec2(400.0, 300.0),
        },
        ..ExportOptions::default()
    };
    let page = export::page(
        &scene,
        &dataset.title,
        document::footer(&dataset, &filter),
        &options,
    );
    assert_eq!(page.graph_rect.size(), emath::vec2(400.0, 300.0));
    assert_eq!(page.to_page(germany.center), page.graph_rect.center());
    // Nodes far from Germany are outside a 400×300 view at zoom 2 and are not drawn.
    let drawn = page.nodes.iter().filter(|&&d| d).count();
    assert!(
        drawn >= 1 && drawn < scene.nodes.len(),
        "{drawn} of {}",
        scene.nodes.len()
    );
    // Labels shown lie wholly inside the view.
    for (node, &shown) in scene.nodes.iter().zip(&page.labels) {
        if shown {
            let rect = scene.label_rect_at(node, page.zoom);
            assert!(page.graph_rect.expand(0.5).contains(page.to_page(rect.min)));
            assert!(page.graph_rect.expand(0.5).contains(page.to_page(rect.max)));
        }
    }
    let png = export::render(&page, Format::Png).expect("png");
    let pixmap = decode(&png);
    assert_eq!(u64::from(pixmap.width), page.pixel_size().0);
    assert!(variance(&pixmap) > 100.0);
}

/// The whole page drawn by resvg from our SVG, as RGB: the reference the PNG painter (which
/// strokes edges itself) must match.
fn resvg_reference(page: &export::Page<'_>) -> Vec<u8> {
    let options = resvg::usvg::Options {
        fontdb: export::font::database(),
        ..resvg::usvg::Options::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg::render(page), &options).expect("our SVG parses");
    let (width, height) = page.pixel_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32).expect("pixmap");
    let scale = width as f32 / tree.size().width();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect()
}

/// The PNG painter strokes edges and paints nodes and labels itself; the picture must be the one
/// the SVG describes: same lines, dashes, dots, shapes, text and translucency, within
/// anti-aliasing error.
#[test]
fn png_matches_the_svg_drawn_by_resvg() {
    let dataset = seed();
    let filter = Filter::default();
    let germany = dataset.find_actor("germany").expect("germany");
    // A selection fades the other edges: translucent strokes that overlap.
    let selection = Some(Selection::Node(stancemap::graph::Node::Actor(germany)));
    let scene = scene_for(&dataset, &filter, selection, Theme::Light);
    let whole = ExportOptions::default();
    let center = scene
        .nodes
        .iter()
        .find(|n| &*n.id == "germany")
        .expect("node")
        .center;
    let view = ExportOptions {
        extent: export::Extent::View {
            center,
            zoom: 1.6,
            size: emath::vec2(500.0, 360.0),
        },
        scale: 2.0,
        ..ExportOptions::default()
    };
    // A view with fractional edges in pixels (812.5 × 1.5 is not whole).
    let fractional = ExportOptions {
        extent: export::Extent::View {
            center,
            zoom: 1.3,
            size: emath::vec2(812.5, 401.3),
        },
        scale: 1.5,
        ..ExportOptions::default()
    };
    for options in [whole, view, fractional] {
        let page = export::page(&scene, &dataset.title, vec![], &options);
        let ours = decode(&export::render(&page, Format::Png).expect("png")).rgb;
        let reference = resvg_reference(&page);
        assert_eq!(ours.len(), reference.len());
        // Nodes and labels are painted by their own painter (`export::marks`): they are
        // compared on their own, so the edges' comparison keeps its precision.
        let on_marks = marks_mask(&page);
        let mut sums = [(0.0_f64, 0_usize, 0_usize); 2];
        for (k, (a, b)) in ours.iter().zip(&reference).enumerate() {
            let d = a.abs_diff(*b);
            let sum = &mut sums[usize::from(on_marks[k / 3])];
            sum.0 += f64::from(d);
            sum.1 += 1;
            sum.2 += usize::from(d > 96);
        }
        let [
            (edges, edge_count, edge_large),
            (marks, mark_count, mark_large),
        ] = sums;
        let (edges, marks) = (edges / edge_count as f64, marks / mark_count as f64);
        // Measured: 0.014 (whole page), 0.019 (view at 2×), 0.025 (fractional view at 1.5×);
        // dash gaps 1.5× too long give 0.055, half the edges missing many channels off by more
        // than 96.
        assert!(
            edges < 0.035,
            "edges: mean difference {edges:.4} per channel"
        );
        assert!(
            edge_large * 20_000 < edge_count,
            "edges: {edge_large} channels differ by more than 96 of {edge_count}"
        );
        // Measured on and around nodes and labels: 0.47, 0.33 and 0.55, no channel off by more
        // than 96 (glyph origins are rounded to an eighth of a pixel, and resvg's coverage
        // comes in sixteenths); without node outlines 0.91 to 1.38 and over a thousand
        // channels off by more than 96; labels a pixel to the right 5.5.
        assert!(
            marks < 0.8,
            "nodes and labels: mean difference {marks:.4} per channel"
        );
        assert!(
            mark_large * 2000 < mark_count,
            "nodes and labels: {mark_large} channels differ by more than 96 of {mark_count}"
        );
    }
}

/// For each pixel of a page, whether it lies on or next to a node or a label.
fn marks_mask(page: &export::Page<'_>) -> Vec<bool> {
    let (width, height) = page.pixel_size();
    let (width, height) = (width as usize, height as usize);
    let scale = width as f32 / page.size.x;
    let mut mask = vec![false; width * height];
    let mut cover = |rect: emath::Rect| {
        let rect = rect.expand(2.0);
        let (x0, y0) = (
            (rect.min.x * scale).max(0.0) as usize,
            (rect.min.y * scale).max(0.0) as usize,
        );
        let (x1, y1) = (
            ((rect.max.x * scale).ceil() as usize).min(width),
            ((rect.max.y * scale).ceil() as usize).min(height),
        );
        for y in y0..y1 {
            for x in x0..x1 {
                mask[y * width + x] = true;
            }
        }
    };
    let scene = page.scene;
    for (i, node) in scene.nodes.iter().enumerate() {
        if !page.nodes[i] {
            continue;
        }
        let reach = scene.node_look(node, page.zoom).radius * 1.3 + 8.0;
        cover(emath::Rect::from_center_size(
            page.to_page(node.center),
            emath::Vec2::splat(2.0 * reach),
        ));
        if page.labels[i] {
            cover(page.label_box(i).backdrop);
        }
    }
    mask
}

#[test]
fn a_changed_stance_has_its_ring_in_the_export_as_on_screen() {
    let text = r#"(title: "Votes",
        actors: [(id: "a", name: "A", kind: Country), (id: "b", name: "B", kind: Country)],
        issues: [(id: "x", name: "X")],
        positions: [
            (actor: "a", issue: "x", stance: Support, quote: "a yes", date: "2020-01-15"),
            (actor: "b", issue: "x", stance: Support, quote: "b yes", date: "2020-06-15"),
            (actor: "b", issue: "x", stance: Reject, quote: "b no", date: "2021-03-15"),
        ])"#;
    let dataset = model::load_str(text, "changes.ron").expect("valid");
    let svg = svg_of(&dataset, &Filter::default(), &ExportOptions::default());
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let edges = document
        .descendants()
        .find(|n| n.attribute("id") == Some("edges"))
        .expect("an edges group");
    // Two edges (A's support, B's latest: reject) and one ring, at the middle of B's edge.
    let lines: Vec<_> = edges
        .children()
        .filter(|n| n.tag_name().name() == "line")
        .collect();
    let rings: Vec<_> = edges
        .children()
        .filter(|n| n.tag_name().name() == "circle")
        .collect();
    assert_eq!((lines.len(), rings.len()), (2, 1), "{svg}");
    let coordinate = |n: &roxmltree::Node<'_, '_>, a: &str| -> f32 {
        n.attribute(a).expect("attribute").parse().expect("number")
    };
    let on_middle = lines.iter().any(|l| {
        let x = f32::midpoint(coordinate(l, "x1"), coordinate(l, "x2"));
        let y = f32::midpoint(coordinate(l, "y1"), coordinate(l, "y2"));
        (x - coordinate(&rings[0], "cx")).abs() < 0.02
            && (y - coordinate(&rings[0], "cy")).abs() < 0.02
    });
    assert!(on_middle, "{svg}");
    assert!(text_of(document.root()).contains("Stance changed"));
    // The PNG paints the ring itself: at its centre its fill hides the edge, and its outline
    // is drawn, as resvg draws the SVG.
    let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
    let page = export::page(&scene, "Votes", vec![], &ExportOptions::default());
    let ours = decode(&export::render(&page, Format::Png).expect("png"));
    let reference = resvg_reference(&page);
    let (width, _) = page.pixel_size();
    let scale = width as f32 / page.size.x;
    let ring = svg::render(&page);
    let ring = roxmltree::Document::parse(&ring).expect("well-formed XML");
    let ring = ring
        .descendants()
        .find(|n| n.tag_name().name() == "circle" && n.attribute("stroke-width").is_some())
        .expect("the ring");
    let (cx, cy, r) = (
        coordinate(&ring, "cx"),
        coordinate(&ring, "cy"),
        coordinate(&ring, "r"),
    );
    let background = Theme::Light.palette().background.to_array();
    for (x, y, what) in [
        (cx, cy, "centre"),
        (cx + r, cy, "outline"),
        (cx, cy - r, "top"),
    ] {
        let at = ((y * scale) as usize * width as usize + (x * scale) as usize) * 3;
        let (a, b) = (&ours.rgb[at..at + 3], &reference[at..at + 3]);
        assert!(
            a.iter().zip(b).all(|(p, q)| p.abs_diff(*q) <= 24),
            "ring {what}: {a:?} drawn, {b:?} in the SVG"
        );
        if what == "centre" {
            assert!(
                a.iter().zip(&background).all(|(p, q)| p.abs_diff(*q) <= 8),
                "{a:?}"
            );
        } else {
            assert!(
                a.iter().zip(&background).any(|(p, q)| p.abs_diff(*q) > 40),
                "{a:?}"
            );
        }
    }
    // Without a change there is no ring and no legend row for it.
    let plain = svg_of(&seed(), &Filter::default(), &ExportOptions::default());
    assert!(!plain.contains("Stance changed"));
}

/// In a stance picture every actor keeps a label: names wider than their column's room at a
/// small zoom (labels keep a readable size on screen) are shortened with "…" instead of being
/// hidden by their neighbours' (two Germanys of a UN roll call had lost theirs); the labels
/// never overlap, and the full names come back when zoomed in.
#[test]
fn every_actor_of_a_stance_picture_keeps_a_label() {
    use std::fmt::Write as _;
    let mut text = String::from("(title: \"Columns\", actors: [");
    for k in 0..90 {
        let name = if k % 9 == 4 {
            format!("The Federal Republic of Very Long Names {k}")
        } else {
            format!("Land {k}")
        };
        let _ = write!(text, "(id: \"a{k}\", name: \"{name}\", kind: Country),");
    }
    text.push_str("], issues: [(id: \"x\", name: \"X\")], positions: [");
    for k in 0..90 {
        let stance = ["Support", "Reject", "Neutral"][k % 3];
        let _ = write!(
            text,
            "(actor: \"a{k}\", issue: \"x\", stance: {stance}, quote: \"{k}\"),"
        );
    }
    text.push_str("])");
    let dataset = model::load_str(&text, "columns.ron").expect("valid");
    let scene = scene_for(&dataset, &Filter::default(), None, Theme::Light);
    assert!(!scene.groups.is_empty(), "one issue: a stance picture");
    // Down to half size (a fitted picture of 150 actors is about there; further out, rows of
    // labels taller than their nodes give way, as everywhere).
    for zoom in [0.5, 0.7, 1.0, 3.0] {
        let shown = scene.visible_labels_avoiding(zoom, None, &[]);
        let mut rects = Vec::new();
        for (i, node) in scene.nodes.iter().enumerate() {
            if matches!(node.node, stancemap::graph::Node::Actor(_)) {
                assert!(shown[i], "zoom {zoom}: {} has no label", node.name);
                rects.push(scene.label_rect_at(node, zoom));
            }
            let lines = scene.label_lines_at(node, zoom);
            if zoom >= 3.0 {
                assert_eq!(
                    lines.concat(),
                    node.label_lines.concat(),
                    "whole when zoomed in"
                );
            }
        }
        for (a, ra) in rects.iter().enumerate() {
            for rb in &rects[a + 1..] {
                assert!(!ra.intersects(*rb), "zoom {zoom}: labels overlap");
            }
        }
    }
    let long = scene
        .nodes
        .iter()
        .find(|n| n.name.starts_with("The Federal"))
        .expect("a long name");
    assert!(scene.label_lines_at(long, 0.5)[0].ends_with('…'));
}
