//! Scale benchmarks, one command: `cargo bench --bench scale` (or name sections:
//! `cargo bench --bench scale -- load layout frames analysis export`; `-- sources` for the
//! Sources view; `-- edit edit-frames` for editing and saving).
//!
//! Measures, on the seed, the UN votes in `../shared/data/unvotes` and synthetic files made by
//! `../shared/tools/gen_positions.py` (small, medium, large; generated into the target folder):
//! load + validate + graph against a raw `ron` parse of the same bytes, layout to the end
//! (one thread and all cores), the CPU cost of one frame of the window (egui run +
//! tessellation, headless), and headless PNG export against Graphviz `sfdp` on the same
//! graph. Prints Markdown tables (the source of BENCHMARKS.md). Medians; export rows take
//! five runs each, with peak memory from `/usr/bin/time`.

#![expect(clippy::print_stdout, reason = "a benchmark prints its tables")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stancemap::analysis::agreement::{self, Agreement};
use stancemap::analysis::compare::compare_dates;
use stancemap::analysis::matrix::{Matrix, Order};
use stancemap::analysis::network::{Keep, Network, Progress};
use stancemap::app::{AppState, StancemapApp};
use stancemap::document::{Document, Selection, layout_request};
use stancemap::graph::{Node, StanceGraph};
use stancemap::layout::{self, LayoutParams};
use stancemap::model;
use stancemap::model::DataSource;
use stancemap::ui::network_view::NetworkView;

// Measure with the allocator the application uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FRAMES: usize = 60;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// The synthetic files, generated once into the target folder.
fn synthetic() -> Vec<(String, PathBuf, PathBuf)> {
    let tool = manifest().join("../shared/tools/gen_positions.py");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let mut files = Vec::new();
    for (name, actors, issues, positions, seed) in [
        ("small", 100, 20, 600, 1),
        ("medium", 2000, 200, 20_000, 2),
        ("large", 20_000, 1000, 200_000, 3),
    ] {
        let ron = dir.join(format!("{name}.ron"));
        let dot = dir.join(format!("{name}.dot"));
        if !ron.is_file() || !dot.is_file() {
            if !tool.is_file() {
                return files;
            }
            // `--sources`: our format names sources by id (the draft format had free text).
            let status = Command::new("python3")
                .arg(&tool)
                .args([
                    "--actors",
                    &actors.to_string(),
                    "--issues",
                    &issues.to_string(),
                ])
                .args([
                    "--positions",
                    &positions.to_string(),
                    "--seed",
                    &seed.to_string(),
                    "--sources",
                ])
                .arg("--out")
                .arg(&ron)
                .arg("--dot")
                .arg(&dot)
                .status()
                .expect("python3");
            assert!(status.success(), "gen_positions.py failed for {name}");
        }
        files.push((name.to_owned(), ron, dot));
    }
    files
}

fn real() -> Vec<(String, PathBuf)> {
    ["session74.ron", "important.ron"]
        .into_iter()
        .map(|f| {
            (
                f.to_owned(),
                manifest().join("../shared/data/unvotes").join(f),
            )
        })
        .filter(|(_, p)| p.is_file())
        .collect()
}

fn load_table(files: &[(String, PathBuf)]) {
    println!("\n### Load + validate + graph vs raw `ron` parse\n");
    println!("| file | size | raw ron parse | load + validate + graph | throughput | raw / load |");
    println!("|---|---|---|---|---|---|");
    for (name, path) in files {
        let text = std::fs::read_to_string(path).expect("data file");
        let runs = if text.len() > 20_000_000 { 3 } else { 5 };
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let raw = time(runs, || {
            let value: ron::Value = options.from_str(&text).expect("ron");
            std::hint::black_box(value);
        });
        let load = time(runs, || {
            let dataset = model::load_str(&text, name).expect("valid");
            std::hint::black_box(StanceGraph::build(&dataset));
        });
        let mb = text.len() as f64 / 1e6;
        println!(
            "| {name} | {mb:.1} MB | {} | {} | {:.0} MB/s | {:.2} |",
            ms(raw),
            ms(load),
            mb / load.as_secs_f64(),
            raw.as_secs_f64() / load.as_secs_f64()
        );
    }
}

fn layout_table(files: &[(String, PathBuf)]) {
    println!("\n### Layout to the end\n");
    println!("| file | nodes | edges | 1 thread | all cores |");
    println!("|---|---|---|---|---|");
    for (name, path) in files {
        let dataset = model::load_file(path).expect("valid");
        let graph = StanceGraph::build(&dataset);
        let mut request = layout_request(&dataset, &graph, LayoutParams::default());
        let runs = if request.nodes.len() > 10_000 { 1 } else { 3 };
        request.params.threads = 1;
        let single = time(runs, || {
            std::hint::black_box(layout::compute(&request));
        });
        request.params.threads = 0;
        let multi = time(runs, || {
            std::hint::black_box(layout::compute(&request));
        });
        println!(
            "| {name} | {} | {} | {} | {} |",
            request.nodes.len(),
            request.edges.len(),
            ms(single),
            ms(multi)
        );
    }
}

/// The analyses on each file: the agreement network (subtract, each actor's 10 strongest
/// ties, on all cores), with its blocs; the matrix put in bloc order; and, for the UN files,
/// `stancemap network FILE --measure subtract --out x.csv` as a whole process.
fn analysis_table(files: &[(String, PathBuf)]) {
    println!("\n### Analyses\n");
    println!(
        "| file | actors | pairs visited | network + blocs | ties | blocs (modularity) | matrix in bloc order | `network --out x.csv` process |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for (name, path) in files {
        let dataset = model::load_file(path).expect("valid");
        let doc = Document::new(
            DataSource::File(path.clone()),
            dataset,
            stancemap::graph::Filter::default(),
            LayoutParams::default(),
            None,
        );
        let runs = if doc.dataset().positions.len() > 100_000 {
            1
        } else {
            5
        };
        let mut network = None;
        let mut pairs = 0;
        let took = time(runs, || {
            let agreement = Agreement::new(
                doc.dataset(),
                doc.visible_positions(),
                agreement::Options::default(),
            );
            pairs = agreement.pair_visits();
            network = Network::compute(&agreement, Keep::default(), cores, &Progress::default());
        });
        let network = network.expect("not stopped");
        let seriation = time(runs, || {
            std::hint::black_box(Matrix::of(&doc, Order::Blocs));
        });
        let process = if path.starts_with(manifest().join("target")) {
            // Synthetic files: their process time is in the export and layout rows.
            "—".to_owned()
        } else {
            let out = std::env::temp_dir().join("stancemap-bench-network.csv");
            let binary = manifest().join("target/release/stancemap");
            run_command(
                5,
                binary.to_str().expect("utf-8 path"),
                &[
                    "network",
                    path.to_str().expect("utf-8 path"),
                    "--measure",
                    "subtract",
                    "--out",
                    out.to_str().expect("utf-8 path"),
                ],
            )
            .map_or_else(
                || "—".to_owned(),
                |(d, kb)| match kb {
                    Some(kb) => format!("{} ({} MB)", ms(d), kb / 1024),
                    None => ms(d),
                },
            )
        };
        println!(
            "| {name} | {} | {pairs} | {} | {} | {} ({:.3}) | {} | {process} |",
            network.actors.len(),
            ms(took),
            network.ties.len(),
            network.blocs.count,
            network.blocs.modularity,
            ms(seriation)
        );
    }
}

/// Dragging the date range: the frame applying each of ten ranges (the window's end moved
/// through the file's dates, as a drag does), on files with dates.
fn date_rows(name: &str, harness: &mut Harness<'_, StancemapApp>) {
    let Some((first, last)) = harness
        .state()
        .dataset()
        .and_then(model::Dataset::date_span)
    else {
        return;
    };
    let (lo, hi) = (first.days(), last.days());
    let mut times = Vec::new();
    for k in 1..=10 {
        let mut filter = harness.state().filter().cloned().unwrap_or_default();
        filter.time.to = Some(model::Date::from_days(lo + (hi - lo) * k / 10));
        harness.state_mut().set_filter(filter);
        let start = Instant::now();
        harness.step();
        times.push(start.elapsed());
    }
    report(name, "date range dragged (the frame applying it)", times);
    let mut filter = harness.state().filter().cloned().unwrap_or_default();
    filter.time = stancemap::graph::TimeWindow::default();
    harness.state_mut().set_filter(filter);
    harness.step();
    harness.step();
}

/// Frames with the pointer moving in a straight line from `from` to `to`.
fn pointer_sweep(
    harness: &mut Harness<'_, StancemapApp>,
    from: egui::Pos2,
    to: egui::Pos2,
) -> Vec<Duration> {
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..FRAMES {
        let t = frame as f32 / FRAMES as f32;
        harness.hover_at(from.lerp(to, t));
        times.push(timed_frame(harness));
    }
    times
}

/// The timeline, fitted, with the pointer moving over it: rows per actor, then per issue (a
/// few long rows: the marks a frame draws are those in view, one per point and stance).
fn timeline_rows(name: &str, harness: &mut Harness<'_, StancemapApp>) {
    harness.get_by_label("Timeline").click();
    harness.step();
    harness.step();
    let sweep = |harness: &mut Harness<'_, StancemapApp>| {
        pointer_sweep(harness, egui::pos2(480.0, 120.0), egui::pos2(880.0, 620.0))
    };
    report(name, "timeline, rows per actor", sweep(harness));
    // "Issues" also heads the filter panel: the toggle is the one further right.
    let toggle = harness
        .query_all_by_label("Issues")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .map(|n| n.rect().center());
    if let Some(at) = toggle {
        harness.hover_at(at);
        harness.step();
        harness.drag_at(at);
        harness.step();
        harness.drop_at(at);
        harness.step();
        harness.step();
        report(name, "timeline, rows per issue", sweep(harness));
    }
    harness.get_by_label("Graph").click();
    harness.step();
    harness.step();
}

/// The matrix and network views on the same file: frames of the matrix at its fitted size and
/// zoomed in (pointer moving over it), the frames a switch to bloc order takes, and frames of
/// the network once computed (the time it took from the tab's click, with the window's frames
/// going on meanwhile).
fn analysis_view_rows(name: &str, harness: &mut Harness<'_, StancemapApp>) {
    harness.get_by_label("Matrix").click();
    harness.step();
    harness.step();
    let sweep = |harness: &mut Harness<'_, StancemapApp>| {
        pointer_sweep(harness, egui::pos2(420.0, 250.0), egui::pos2(870.0, 550.0))
    };
    report(name, "matrix, fitted", sweep(harness));
    harness.get_by_label("Blocs").click();
    let start = Instant::now();
    harness.step();
    harness.step();
    report(
        name,
        "matrix: the two frames putting it in bloc order",
        vec![start.elapsed()],
    );
    for _ in 0..4 {
        harness.get_by_label("+").click();
        harness.step();
    }
    harness.step();
    report(
        name,
        "matrix, zoomed in (cells of 18 points)",
        sweep(harness),
    );
    harness.get_by_label("Network").click();
    let start = Instant::now();
    let mut frames = Vec::new();
    loop {
        let frame = timed_frame(harness);
        frames.push(frame);
        let done = harness
            .state()
            .current_view()
            .as_any()
            .downcast_ref::<NetworkView>()
            .is_some_and(|v| v.network().is_some() && !v.is_computing());
        if done {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_mins(5),
            "{name}: network not done"
        );
        std::thread::sleep(Duration::from_millis(16).saturating_sub(frame));
    }
    let computed = start.elapsed();
    report(
        name,
        &format!(
            "network: frames while it is computed ({} ms to the network)",
            computed.as_millis()
        ),
        frames,
    );
    harness.step();
    report(name, "network, computed", sweep(harness));
    harness.get_by_label("Graph").click();
    harness.step();
    harness.step();
}

/// The actor with the most positions in the window's scene.
fn hub(harness: &Harness<'_, StancemapApp>) -> Option<Node> {
    harness.state().scene().and_then(|scene| {
        scene
            .nodes
            .iter()
            .filter(|n| matches!(n.node, Node::Actor(_)))
            .max_by_key(|n| n.degree)
            .map(|n| n.node)
    })
}

fn frame_table(sources: Vec<(String, DataSource)>) {
    println!(
        "\n### One frame of the window (CPU: egui run + tessellation, 1280×800, pointer moving)\n"
    );
    println!("| file | view | median | p99 |");
    println!("|---|---|---|---|");
    for (name, source) in sources {
        let mut harness = window_at_rest(&name, source);
        let hub = hub(&harness);
        for (view, zoom, selection) in [
            ("fit", 1.0, None),
            ("fit + selection", 1.0, hub.map(Selection::Node)),
            ("zoomed in 4×", 4.0, None),
            ("zoomed in 4× + selection", 1.0, hub.map(Selection::Node)),
        ] {
            harness.state_mut().zoom_by(zoom);
            harness.state_mut().select(selection);
            harness.step();
            let mut times = Vec::with_capacity(FRAMES);
            for frame in 0..FRAMES {
                let t = frame as f32 / FRAMES as f32;
                harness.hover_at(egui::pos2(
                    320.0 + 600.0 * t,
                    150.0 + 450.0 * (t * 7.0).sin().abs(),
                ));
                times.push(timed_frame(&mut harness));
            }
            report(&name, view, times);
        }
        // The frame that applies a change: a selection (a hub, then none), and a filter
        // ("None", then "All": every node and edge leaves the view and comes back).
        harness.state_mut().zoom_by(0.25);
        let mut times = Vec::new();
        for k in 0..10 {
            harness.state_mut().select(if k % 2 == 0 {
                hub.map(Selection::Node)
            } else {
                None
            });
            let start = Instant::now();
            harness.step();
            times.push(start.elapsed());
            harness.step();
        }
        report(&name, "selection change (the frame applying it)", times);
        // A click is handled in one frame; the filter it asks for is applied after the panels
        // and drawn in the next: both frames are timed.
        let mut times = Vec::new();
        for k in 0..10 {
            harness
                .get_by_label(if k % 2 == 0 { "None" } else { "All" })
                .click();
            let start = Instant::now();
            harness.step();
            harness.step();
            times.push(start.elapsed());
        }
        report(&name, "filter change (the two frames applying it)", times);
        // Typing a search: the frame that applies a keystroke (a letter, then Backspace), in
        // which the issue list is filtered and the actors' names are searched.
        harness.get_by_label("Search").focus();
        harness.step();
        let mut times = Vec::new();
        for k in 0..10 {
            if k % 2 == 0 {
                harness.get_by_label("Search").type_text("q");
            } else {
                harness.key_press(egui::Key::Backspace);
            }
            let start = Instant::now();
            harness.step();
            harness.step();
            times.push(start.elapsed());
        }
        report(
            &name,
            "search keystroke (the two frames applying it)",
            times,
        );
        harness.key_press(egui::Key::Escape);
        harness.step();
        date_rows(&name, &mut harness);
        timeline_rows(&name, &mut harness);
        table_rows(&name, &mut harness);
        analysis_view_rows(&name, &mut harness);
        harness.state_mut().zoom_by(4.0);
        // Re-layout: the layout runs again on a worker (large graphs) while every frame moves
        // the nodes towards its latest positions (the scene in place) and rebuilds the layers.
        harness.state_mut().zoom_by(0.25);
        harness.state_mut().select(None);
        harness.get_by_label("Re-layout").click();
        let mut times = Vec::with_capacity(FRAMES);
        let mut running = 0;
        for frame in 0..FRAMES {
            let t = frame as f32 / FRAMES as f32;
            harness.hover_at(egui::pos2(320.0 + 600.0 * t, 400.0));
            let took = timed_frame(&mut harness);
            times.push(took);
            running += usize::from(!harness.state().is_idle());
            // Frames arrive at 60 Hz at most; the worker gets that time too.
            std::thread::sleep(Duration::from_millis(16).saturating_sub(took));
        }
        let view = if running == FRAMES {
            "fit, layout running".to_owned()
        } else {
            format!(
                "fit, re-layout animating ({running} of {FRAMES} frames with the worker running)"
            )
        };
        report(&name, &view, times);
        while !harness.state().is_idle() {
            harness.step();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The table view on the same file: the frames that switch to it (its rows sorted), frames
/// at rest with the pointer moving, frames scrolling (a wheel step each frame), and the frames
/// applying a sort by another column. Then back to the graph.
fn table_rows(name: &str, harness: &mut Harness<'_, StancemapApp>) {
    // A click is handled in one frame and takes effect (rows gathered and sorted) in the
    // next: both frames are timed together.
    harness.get_by_label("Table").click();
    let start = Instant::now();
    harness.step();
    harness.step();
    report(
        name,
        "table: the two frames switching to it (rows gathered, sorted)",
        vec![start.elapsed()],
    );
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..FRAMES {
        let t = frame as f32 / FRAMES as f32;
        harness.hover_at(egui::pos2(400.0 + 400.0 * t, 300.0));
        times.push(timed_frame(harness));
    }
    report(name, "table at rest", times);
    let mut times = Vec::with_capacity(FRAMES);
    harness.hover_at(egui::pos2(600.0, 400.0));
    for _ in 0..FRAMES {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        times.push(timed_frame(harness));
    }
    report(name, "table scrolling (a wheel step a frame)", times);
    let mut times = Vec::new();
    for column in ["Quote", "Issue", "Actor"] {
        harness.get_by_label(column).click();
        let start = Instant::now();
        harness.step();
        harness.step();
        times.push(start.elapsed());
    }
    report(
        name,
        "table: the two frames applying a sort (by quote, issue, actor)",
        times,
    );
    harness.get_by_label("Graph").click();
    harness.step();
    harness.step();
}

/// One frame: egui's run of the whole window plus tessellation of what it painted.
/// The window on a source, laid out and at rest, frames 1/60 s apart.
fn window_at_rest(name: &str, source: DataSource) -> Harness<'static, StancemapApp> {
    // With a wgpu renderer, as the window has: the graph view draws through its retained
    // GPU layers (uploaded when rebuilt, not every frame).
    // Frames 1/60 s apart (the harness's default step is a quarter second, which would
    // end every animation in a frame or two).
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_step_dt(1.0 / 60.0)
        .wgpu()
        .build_eframe(|cc| {
            StancemapApp::with_state(&cc.egui_ctx, AppState::default(), source)
                .with_gpu(cc.wgpu_render_state.as_ref())
        });
    assert!(harness.state().uses_gpu_layers());
    let start = Instant::now();
    while !harness.state().is_idle() || harness.state().dataset().is_none() {
        assert!(
            start.elapsed() < Duration::from_mins(10),
            "{name}: not idle"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    // Until the nodes have glided to rest, then a few frames more.
    for _ in 0..600 {
        if harness.state().is_at_rest() {
            break;
        }
        harness.step();
    }
    for _ in 0..10 {
        harness.step();
    }
    harness
}

fn timed_frame(harness: &mut Harness<'_, StancemapApp>) -> Duration {
    let start = Instant::now();
    harness.step();
    let output = harness.output();
    std::hint::black_box(
        harness
            .ctx
            .tessellate(output.shapes.clone(), output.pixels_per_point),
    );
    start.elapsed()
}

fn report(name: &str, view: &str, mut times: Vec<Duration>) {
    times.sort();
    let n = times.len();
    println!(
        "| {name} | {view} | {} | {} |",
        ms(times[n / 2]),
        ms(times[(n * 99 / 100).min(n - 1)])
    );
}

/// Median wall time and peak memory (KB) of a command over `runs` runs.
fn run_command(runs: usize, program: &str, args: &[&str]) -> Option<(Duration, Option<u64>)> {
    let time_tool = Path::new("/usr/bin/time").is_file();
    let mut times = Vec::new();
    let mut peak = None;
    for _ in 0..runs {
        let mut command = if time_tool {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        command.args(args);
        let start = Instant::now();
        let output = command.output().ok()?;
        times.push(start.elapsed());
        if !output.status.success() {
            return None;
        }
        if time_tool {
            peak = String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok());
        }
    }
    Some((median(times), peak))
}

fn export_table(files: &[(String, PathBuf, PathBuf)]) {
    println!(
        "\n### Headless PNG export vs Graphviz (median of 5 runs; the large file: 3 runs of ours, 1 of sfdp; peak memory)\n"
    );
    println!(
        "| file | stancemap export | sfdp -Tpng | sfdp readable¹ | vs sfdp | vs readable | our peak / file size |"
    );
    println!("|---|---|---|---|---|---|---|");
    let ours = env!("CARGO_BIN_EXE_stancemap");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data/out.png");
    let out = out.to_str().expect("utf-8 path");
    for (name, ron, dot) in files {
        // sfdp takes about half a minute on the large file, and with overlap removal far
        // longer: one plain run of it, none readable.
        let large = name == "large";
        let file_kb = std::fs::metadata(ron).map_or(0, |m| m.len() / 1024);
        let ron = ron.to_str().expect("utf-8 path");
        let dot = dot.to_str().expect("utf-8 path");
        let show = |r: Option<(Duration, Option<u64>)>| match r {
            Some((d, Some(kb))) => format!("{} ({} MB)", ms(d), kb / 1024),
            Some((d, None)) => ms(d),
            None => "n/a".to_owned(),
        };
        let mine = run_command(
            if large { 3 } else { 5 },
            ours,
            &["export", ron, "--out", out],
        );
        let plain = run_command(
            if large { 1 } else { 5 },
            "sfdp",
            &["-Tpng", dot, "-o", out],
        );
        let readable = if large {
            None
        } else {
            run_command(
                5,
                "sfdp",
                &[
                    "-Goverlap=prism",
                    "-Goutputorder=edgesfirst",
                    "-Tpng",
                    dot,
                    "-o",
                    out,
                ],
            )
        };
        let ratio = |other: Option<(Duration, Option<u64>)>| match (mine, other) {
            (Some((a, _)), Some((b, _))) => format!("{:.2}×", b.as_secs_f64() / a.as_secs_f64()),
            _ => "n/a".to_owned(),
        };
        let memory = match mine {
            Some((_, Some(kb))) if file_kb > 0 => format!("{:.1}×", kb as f64 / file_kb as f64),
            _ => "n/a".to_owned(),
        };
        println!(
            "| {name} | {} | {} | {} | {} | {} | {memory} |",
            show(mine),
            show(plain),
            if large {
                "not run".to_owned()
            } else {
                show(readable)
            },
            ratio(plain),
            ratio(readable)
        );
    }
    println!(
        "\n¹ `sfdp -Goverlap=prism -Goutputorder=edgesfirst -Tpng`. Ratios above 1× mean stancemap is faster."
    );
}

/// The window's compare mode on two dates (the middle of the file's span and its last day):
/// the comparison its worker makes, on the files with dates.
fn compare_table(files: &[(String, PathBuf)]) {
    println!("\n### Compare two dates (the compare panel's worker)\n");
    println!("| file | positions | dates | changes | compare |");
    println!("|---|---|---|---|---|");
    for (name, path) in files {
        let dataset = model::load_file(path).expect("valid");
        let Some((first, last)) = dataset.date_span() else {
            continue;
        };
        let middle = model::Date::from_days(i64::midpoint(first.days(), last.days()));
        let mut changes = 0;
        let took = time(3, || {
            changes = compare_dates(&dataset, middle, last).len();
        });
        println!(
            "| {name} | {} | {middle} to {last} | {changes} | {} |",
            dataset.positions.len(),
            ms(took)
        );
    }
}

fn main() {
    // `cargo bench --bench scale -- frames export` runs only those sections.
    let sections: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |name: &str| sections.is_empty() || sections.iter().any(|s| s == name);
    let synthetic = synthetic();
    let mut files: Vec<(String, PathBuf)> = synthetic
        .iter()
        .map(|(n, r, _)| (n.clone(), r.clone()))
        .collect();
    files.extend(real());
    // `BENCH_FILES=medium,large` limits the files measured.
    if let Ok(only) = std::env::var("BENCH_FILES") {
        let only: Vec<&str> = only.split(',').collect();
        files.retain(|(name, _)| only.iter().any(|o| name.starts_with(o)));
    }
    if wanted("load") {
        load_table(&files);
    }
    if wanted("layout") {
        layout_table(&files);
    }
    if wanted("frames") {
        let mut frames: Vec<(String, DataSource)> = vec![("seed".to_owned(), DataSource::BuiltIn)];
        frames.extend(
            files
                .iter()
                .filter(|(n, _)| n != "small")
                .map(|(n, p)| (n.clone(), DataSource::File(p.clone()))),
        );
        frame_table(frames);
    }
    if sections.iter().any(|s| s == "profile") {
        profile_rows(&files);
        return;
    }
    if wanted("analysis") {
        analysis_table(&files);
    }
    if wanted("export") {
        export_table(&synthetic);
    }
    if wanted("compare") {
        compare_table(&files);
    }
    if wanted("focus") {
        focus_table();
    }
    if wanted("sources") {
        sources_table();
    }
    if wanted("edit") {
        edit_table(&synthetic);
    }
    if wanted("groups") {
        groups_table();
    }
    if wanted("stakeholders") {
        stakeholders_table();
    }
    if wanted("edit-frames") {
        edit_frame_table(&synthetic, 15);
    }
    // Many edits, for a profiler (`perf record`): the edit frames outweigh the start.
    if wanted("edit-profile") {
        edit_frame_table(&synthetic, 100);
    }
}

/// An edit made in the window, at rest on the graph: the edit applied and the frame that draws
/// it (the frame brings the scene, the filter panel and the status up to date), then its undo.
fn edit_frame_table(files: &[(String, PathBuf, PathBuf)], edits: usize) {
    use stancemap::document::edit::{Edit, Entry};
    println!("\n### An edit in the window: applied, and the next frame drawn\n");
    println!(
        "| file | positions | add a position + frame | undo + frame | rename an actor + frame | undo + frame | delete a position in the middle + frame | undo + frame |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, path, _) in files {
        let source = if name == "seed" {
            DataSource::BuiltIn
        } else {
            DataSource::File(path.clone())
        };
        let mut harness = window_at_rest(name, source);
        let dataset = harness.state().dataset().expect("loaded");
        let positions = dataset.positions.len();
        let mut draft = model::PositionDraft::of(dataset, &dataset.positions[0]);
        "A new statement.".clone_into(&mut draft.quote);
        draft.source = String::new();
        let position = dataset.check_position(&draft).expect("valid draft");
        let (add, undo) = edit_and_undo(&mut harness, edits, |dataset| {
            Edit::add(dataset, Entry::Position(position.clone()))
        });
        // The first actor renamed, id and name (its label is wrapped and sized again).
        let dataset = harness.state().dataset().expect("loaded");
        let actor = dataset.actors[0].clone();
        let mut actor_draft = model::ActorDraft::of(dataset, &actor);
        actor_draft.id = format!("{}-renamed", actor.id);
        actor_draft.name = format!("{} (renamed)", actor.name);
        let renamed = dataset
            .check_actor(&actor_draft, Some(model::ActorIx(0)))
            .expect("valid");
        let (rename, rename_undo) = edit_and_undo(&mut harness, edits, |_| {
            Edit::replace(0, Entry::Actor(renamed.clone()))
        });
        // A position in the middle deleted (every later one moves down an index).
        let middle = stancemap::model::PositionIx(positions as u32 / 2);
        let (delete, delete_undo) =
            edit_and_undo(&mut harness, edits, |_| Edit::delete_position(middle));
        println!(
            "| {name} | {positions} | {} | {} | {} | {} | {} | {} |",
            ms(median(add)),
            ms(median(undo)),
            ms(median(rename)),
            ms(median(rename_undo)),
            ms(median(delete)),
            ms(median(delete_undo))
        );
    }
}

/// `edits` times: an edit made through the window and the frame drawing it, timed; a frame
/// more; its undo and the frame drawing it, timed; a frame more. The two lists of times.
fn edit_and_undo(
    harness: &mut Harness<'_, StancemapApp>,
    edits: usize,
    edit: impl Fn(&model::Dataset) -> stancemap::document::edit::Edit,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut made, mut undone) = (Vec::new(), Vec::new());
    for _ in 0..edits {
        let ctx = harness.ctx.clone();
        let edit = edit(harness.state().dataset().expect("loaded"));
        let start = Instant::now();
        harness.state_mut().make_edit(&ctx, edit, None);
        harness.step();
        made.push(start.elapsed());
        harness.step();
        let start = Instant::now();
        harness.state_mut().undo_edit(&ctx);
        harness.step();
        undone.push(start.elapsed());
        harness.step();
    }
    (made, undone)
}

/// Editing at scale: an edit applied to the laid-out document (what the window does before
/// it draws), undone, an actor renamed; and a format-preserving save of the whole file (the
/// writer, the check that the text loads to the document, the backup and the atomic write).
fn edit_table(files: &[(String, PathBuf, PathBuf)]) {
    use stancemap::document::edit::{Edit, Entry};
    println!("\n### Editing and saving\n");
    println!(
        "| file | positions | add a position | undo it | rename an actor | save (bytes) | of which: the writer | the check's load |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for (name, path, _) in files {
        let (dataset, base) =
            model::load_file_keeping(path, &model::table::TableOptions::default()).expect("valid");
        let base = base.expect("a RON file");
        let positions = dataset.positions.len();
        let mut doc = Document::laid_out(
            DataSource::File(path.clone()),
            dataset,
            stancemap::graph::Filter::default(),
            None,
        );
        doc.set_base(Some(base.clone()));
        let first = doc.dataset().positions[0].clone();
        let mut draft = model::PositionDraft::of(doc.dataset(), &first);
        "A new statement.".clone_into(&mut draft.quote);
        draft.source = String::new();
        let position = doc.dataset().check_position(&draft).expect("valid draft");
        let (mut add, mut undo) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            let edit = Edit::add(doc.dataset(), Entry::Position(position.clone()));
            let start = Instant::now();
            doc.apply_edit(edit, None).expect("applies");
            add.push(start.elapsed());
            let start = Instant::now();
            doc.undo().expect("undoes");
            undo.push(start.elapsed());
        }
        let actor = doc.dataset().actors[0].clone();
        let mut actor_draft = model::ActorDraft::of(doc.dataset(), &actor);
        actor_draft.id = format!("{}-renamed", actor.id);
        let renamed = doc
            .dataset()
            .check_actor(&actor_draft, Some(model::ActorIx(0)))
            .expect("valid");
        let rename = time(3, || {
            doc.apply_edit(Edit::replace(0, Entry::Actor(renamed.clone())), None)
                .expect("applies");
            doc.undo();
        });
        // Save a copy with one added position.
        let dir = std::env::temp_dir().join(format!("stancemap-bench-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let copy = dir.join("positions.ron");
        let edit = Edit::add(doc.dataset(), Entry::Position(position.clone()));
        doc.apply_edit(edit, None).expect("applies");
        // The entries of the file's text are found on a worker once it is read (as in the
        // window); the save starts from them.
        let start = Instant::now();
        while doc.entry_map().is_none() {
            assert!(start.elapsed() < Duration::from_mins(1), "no entry map");
            std::thread::sleep(Duration::from_millis(10));
        }
        let mut bytes = 0;
        let mut save_times = Vec::new();
        for _ in 0..3 {
            // The file as it was read, written back before each save (not timed).
            std::fs::write(&copy, &base).expect("copy");
            let start = Instant::now();
            let saved =
                model::save_mapped(&copy, &base, doc.entry_map(), doc.dataset(), doc.origins())
                    .expect("saves");
            save_times.push(start.elapsed());
            bytes = saved.text.len();
        }
        let save = median(save_times);
        std::fs::remove_dir_all(&dir).ok();
        let mut text = String::new();
        let writer = time(3, || {
            text = model::write(&base, doc.dataset(), doc.origins()).expect("writes");
        });
        let check = time(3, || {
            std::hint::black_box(model::load_str(&text, "check").expect("loads"));
        });
        println!(
            "| {name} | {positions} | {} | {} | {} | {} ({bytes}) | {} | {} |",
            ms(median(add)),
            ms(median(undo)),
            ms(rename),
            ms(save),
            ms(writer),
            ms(check)
        );
    }
}

/// One issue with `actors` actors on it (a quarter each support, condition, neutral, reject),
/// as RON.
fn one_issue_file(actors: usize) -> String {
    use std::fmt::Write as _;
    let mut text = String::from("(title: \"One issue\", actors: [");
    for k in 0..actors {
        let _ = write!(
            text,
            "(id: \"a{k}\", name: \"Actor number {k}\", kind: Country),"
        );
    }
    text.push_str("], issues: [(id: \"x\", name: \"The issue\")], positions: [");
    for k in 0..actors {
        let stance = ["Support", "Condition(\"c\")", "Neutral", "Reject"][k % 4];
        let _ = write!(
            text,
            "(actor: \"a{k}\", issue: \"x\", stance: {stance}, quote: \"q{k}\"),"
        );
    }
    text.push_str("])");
    text
}

/// The stance picture of one issue (its actors in stance groups): computed from the laid-out
/// graph, for 200 to 20,000 actors; and for the UN's most split roll call of the important
/// votes.
fn focus_table() {
    println!("\n### One issue in focus: the stance picture\n");
    println!("| file | actors on the issue | stance picture |");
    println!("|---|---|---|");
    let mut cases: Vec<(String, model::Dataset, String)> = [200, 2000, 20_000]
        .iter()
        .map(|&n| {
            let dataset = model::load_str(&one_issue_file(n), "one-issue.ron").expect("valid");
            (format!("one issue, {n} actors"), dataset, "x".to_owned())
        })
        .collect();
    if let Some((_, path)) = real().into_iter().find(|(n, _)| n == "important.ron") {
        let dataset = model::load_file(&path).expect("valid");
        cases.push((
            "UN important votes".to_owned(),
            dataset,
            "rc4529-r-59-205".to_owned(),
        ));
    }
    for (name, dataset, issue) in cases {
        let graph = StanceGraph::build(&dataset);
        let request = layout_request(&dataset, &graph, LayoutParams::default());
        let issue = dataset.find_issue(&issue).expect("issue");
        let visible = graph.subgraph(&dataset, &stancemap::graph::Filter::only_issues([issue]));
        let actors = visible.nodes.len() - 1;
        let took = time(5, || {
            std::hint::black_box(stancemap::document::stance_picture(
                &dataset,
                &graph,
                &visible,
                &request,
                emath::Pos2::ZERO,
            ));
        });
        println!("| {name} | {actors} | {} |", ms(took));
    }
}

/// A source of about 5 MB (paragraphs of invented sentences) with 2,000 positions quoting it,
/// in a folder of its own: the positions file names the text as its `text_file`.
fn long_source_file() -> PathBuf {
    use std::fmt::Write as _;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-sources");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let words = [
        "security",
        "guarantees",
        "troops",
        "ceasefire",
        "negotiation",
        "ministers",
        "agreed",
        "rejected",
        "conditions",
        "framework",
        "support",
        "European",
        "capital",
        "summit",
        "delegation",
        "parliament",
        "statement",
        "reported",
        "officials",
        "withdrawal",
    ];
    // A small linear congruential generator: the same text every run.
    let mut seed: u64 = 7;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        ((seed >> 33) as usize) % n
    };
    let mut text = String::with_capacity(5_300_000);
    let mut sentences: Vec<String> = Vec::new();
    let mut k = 0;
    while text.len() < 5_000_000 {
        let mut paragraph = String::new();
        for _ in 0..(3 + next(5)) {
            let mut sentence = format!("Sentence {k}:");
            k += 1;
            for _ in 0..(8 + next(12)) {
                sentence.push(' ');
                sentence.push_str(words[next(words.len())]);
            }
            sentence.push('.');
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(&sentence);
            sentences.push(sentence);
        }
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    std::fs::write(dir.join("article.txt"), &text).expect("text");
    let mut ron = String::from(
        "(title: \"A long source\", sources: [(id: \"s\", title: \"A long source\", \
         text_file: \"article.txt\")], actors: [",
    );
    for a in 0..200 {
        let _ = write!(ron, "(id: \"a{a}\", name: \"Actor {a}\", kind: Country),");
    }
    ron.push_str("], issues: [");
    for i in 0..20 {
        let _ = write!(ron, "(id: \"i{i}\", name: \"Issue {i}\"),");
    }
    ron.push_str("], positions: [");
    for p in 0..2000 {
        let sentence = &sentences[p * sentences.len() / 2000];
        let stance = ["Support", "Reject", "Neutral", "Condition(\"c\")"][p % 4];
        let _ = write!(
            ron,
            "(actor: \"a{}\", issue: \"i{}\", stance: {stance}, quote: \"{sentence}\", \
             source: \"s\"),",
            p % 200,
            p % 20
        );
    }
    ron.push_str("])");
    let path = dir.join("long-source.ron");
    std::fs::write(&path, ron).expect("positions");
    path
}

/// The Sources view on a 5 MB source with 2,000 coded passages: loading it (every quote found
/// in the text), the frames switching to the view, and frames scrolling through it (a wheel
/// step each frame) and jumping to a passage selected elsewhere.
fn sources_table() {
    let path = long_source_file();
    println!("\n### The Sources view: a 5 MB source with 2,000 coded passages\n");
    let load = time(5, || {
        std::hint::black_box(model::load_file(&path).expect("valid"));
    });
    println!("| what | median | p99 |");
    println!("|---|---|---|");
    println!(
        "| load, every quote found in the text (5 runs) | {} | |",
        ms(load)
    );
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_step_dt(1.0 / 60.0)
        .build_eframe(|cc| {
            StancemapApp::with_state(&cc.egui_ctx, AppState::default(), DataSource::File(path))
        });
    let start = Instant::now();
    while !harness.state().is_idle() || harness.state().dataset().is_none() {
        assert!(start.elapsed() < Duration::from_mins(5), "not idle");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    let tab = harness
        .query_all_by_label("Sources")
        .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
        .expect("the Sources tab")
        .rect()
        .center();
    harness.hover_at(tab);
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos: tab,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.step();
    }
    let start = Instant::now();
    harness.step();
    harness.step();
    report(
        "5 MB source",
        "the two frames switching to it",
        vec![start.elapsed()],
    );
    harness.hover_at(egui::pos2(620.0, 400.0));
    let mut times = Vec::with_capacity(FRAMES * 3);
    for _ in 0..FRAMES * 3 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -400.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        times.push(timed_frame(&mut harness));
    }
    report("5 MB source", "scrolling (a wheel step a frame)", times);
    let mut times = Vec::new();
    for p in [1999_u32, 10, 1500, 700, 1200] {
        harness
            .state_mut()
            .select(Some(Selection::Position(model::PositionIx(p))));
        let start = Instant::now();
        harness.step();
        harness.step();
        times.push(start.elapsed());
    }
    report(
        "5 MB source",
        "the two frames jumping to a passage selected elsewhere",
        times,
    );
}

/// One kind of frame, many times, for a profiler and for comparing two builds:
/// `PROFILE_ROW=selection|filter|table|sort|bloc cargo bench --bench scale -- profile` prints
/// the time per repeat (the frames applying a selection, a filter, the table at rest with the
/// pointer moving (2,000 frames), a table sort or the matrix's bloc order).
fn profile_rows(files: &[(String, PathBuf)]) {
    let mut files = files.to_vec();
    if std::env::var("BENCH_FILES").is_ok_and(|f| f.contains("seed")) {
        files.push(("seed".to_owned(), PathBuf::new()));
    }
    let files = &files;
    let row = std::env::var("PROFILE_ROW").unwrap_or_default();
    for (name, path) in files {
        let source = if name == "seed" {
            DataSource::BuiltIn
        } else {
            DataSource::File(path.clone())
        };
        let mut harness = window_at_rest(name, source);
        let hub = hub(&harness);
        harness.state_mut().zoom_by(0.25);
        // A profiler attached now sees the repeated frames alone (`perf record -p PID`).
        println!("{name}: ready");
        std::thread::sleep(Duration::from_secs(2));
        let start = Instant::now();
        let mut n = 0;
        match row.as_str() {
            "selection" => {
                for k in 0..200 {
                    harness.state_mut().select(if k % 2 == 0 {
                        hub.map(Selection::Node)
                    } else {
                        None
                    });
                    harness.step();
                    harness.step();
                    n += 1;
                }
            }
            "filter" => {
                for k in 0..100 {
                    harness
                        .get_by_label(if k % 2 == 0 { "None" } else { "All" })
                        .click();
                    harness.step();
                    harness.step();
                    n += 1;
                }
            }
            "table" => {
                harness.get_by_label("Table").click();
                harness.step();
                harness.step();
                for k in 0..2000 {
                    let t = (k % 40) as f32 / 40.0;
                    harness.hover_at(egui::pos2(400.0 + 400.0 * t, 300.0));
                    harness.step();
                    n += 1;
                }
            }
            "sort" => {
                harness.get_by_label("Table").click();
                harness.step();
                harness.step();
                for k in 0..30 {
                    harness
                        .get_by_label(["Quote", "Issue", "Actor"][k % 3])
                        .click();
                    harness.step();
                    harness.step();
                    n += 1;
                }
            }
            _ => {
                harness.get_by_label("Matrix").click();
                harness.step();
                harness.step();
                for k in 0..40 {
                    harness
                        .get_by_label(if k % 2 == 0 { "Blocs" } else { "Name" })
                        .click();
                    harness.step();
                    harness.step();
                    n += 1;
                }
            }
        }
        println!("{name} {row}: {:?} per repeat", start.elapsed() / n);
    }
}

/// What groups do, beyond the network: the 20,000-actor file with an attribute of 10 values
/// (`gen_positions.py --groups 10`): the network alone, the network summing each actor's
/// weight within and beyond its group in the same pass, and the figures from it (cohesion,
/// E-I, defections). Median of 3.
fn groups_table() {
    use stancemap::analysis::agreement::{Agreement, Options};
    use stancemap::analysis::groups::{self, Grouping};
    use stancemap::analysis::network::{Keep, Network, Progress};
    let tool = manifest().join("../shared/tools/gen_positions.py");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let ron = dir.join("large-groups.ron");
    if !ron.is_file() {
        let status = Command::new("python3")
            .arg(&tool)
            .args([
                "--actors",
                "20000",
                "--issues",
                "1000",
                "--positions",
                "200000",
            ])
            .args(["--seed", "3", "--groups", "10", "--out"])
            .arg(&ron)
            .status()
            .expect("python3");
        assert!(status.success(), "gen_positions.py failed");
    }
    let dataset = stancemap::model::load_file(&ron).expect("valid");
    let positions: Vec<_> = dataset.position_ixs().collect();
    let grouping = Grouping::by(&dataset, "group");
    let agreement = Agreement::new(&dataset, positions.iter().copied(), Options::default());
    let of_actor = groups::network_groups(&grouping, agreement.actors());
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let plain = time(3, || {
        std::hint::black_box(Network::compute(
            &agreement,
            Keep::default(),
            cores,
            &Progress::default(),
        ));
    });
    let mut network = None;
    let grouped = time(3, || {
        network = Network::compute_grouped(
            &agreement,
            Keep::default(),
            cores,
            &Progress::default(),
            Some(&of_actor),
        );
    });
    let network = network.expect("network");
    let mut found = 0;
    let figures = time(3, || {
        let mut figures = groups::figures(&dataset, &positions, &grouping);
        std::hint::black_box(groups::with_ties(&mut figures, &grouping, &network));
        found = groups::defections(&dataset, &positions, &grouping).len();
    });
    println!("\n### Groups: the 20,000-actor file, 10 groups\n");
    println!(
        "| positions | groups | the network | the network with group sums | cohesion, E-I and defections ({found}) from it |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| {} | {} | {} | {} | {} |",
        positions.len(),
        grouping.names.len(),
        ms(plain),
        ms(grouped),
        ms(figures)
    );
}

/// The Stakeholders view of one issue with 20,000 actors (every influence and salience
/// recorded, the four stances in turn): the scene built, and frames with the pointer moving,
/// on the position map and the grid.
fn stakeholders_table() {
    use stancemap::scene::stakeholders::{Layout, StakeholderChart, stakeholders};
    use std::fmt::Write as _;
    let n = 20_000;
    let mut text = String::from("(title: \"Stakeholders\", actors: [");
    for k in 0..n {
        let _ = write!(
            text,
            "(id: \"a{k}\", name: \"Actor number {k}\", kind: Country, influence: {}),",
            (k * 37) % 101
        );
    }
    text.push_str("], issues: [(id: \"x\", name: \"The issue\")], positions: [");
    for k in 0..n {
        let stance = ["Support", "Condition(\"c\")", "Neutral", "Reject"][k % 4];
        let _ = write!(
            text,
            "(actor: \"a{k}\", issue: \"x\", stance: {stance}, quote: \"q{k}\", salience: {}),",
            (k * 53) % 101
        );
    }
    text.push_str("])");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench data folder");
    let path = dir.join("stakeholders-20k.ron");
    std::fs::write(&path, &text).expect("written");
    println!("\n### The Stakeholders view: one issue, {n} actors\n");
    println!("| file | view | median | p99 |");
    println!("|---|---|---|---|");
    // The scene alone (what a change of the document costs the view once).
    let dataset = model::load_str(&text, "stakeholders.ron").expect("valid");
    let graph = StanceGraph::build(&dataset);
    let positions: Vec<_> = dataset.position_ixs().collect();
    let issue = dataset.find_issue("x").expect("x");
    let colouring = stancemap::style::colour::Colouring::default();
    for layout in [Layout::PositionMap, Layout::PowerInterest] {
        let took = time(5, || {
            let actors = stakeholders(&dataset, &positions, issue);
            let chart = StakeholderChart {
                dataset: &dataset,
                graph: &graph,
                issue,
                stakeholders: &actors,
                layout,
                colouring: &colouring,
                theme: stancemap::style::Theme::Light,
            };
            std::hint::black_box(stancemap::scene::Scene::stakeholders(&chart, None));
        });
        println!(
            "| 20,000 actors | building the {layout:?} scene | {} | |",
            ms(took)
        );
    }
    let mut harness = window_at_rest("stakeholders", DataSource::File(path));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num8);
    for _ in 0..30 {
        harness.step();
    }
    for layout in [Layout::PositionMap, Layout::PowerInterest] {
        if layout == Layout::PowerInterest {
            harness.get_by_label("Power–interest grid").click();
        }
        for _ in 0..30 {
            harness.step();
        }
        let times = pointer_sweep(
            &mut harness,
            egui::pos2(300.0, 200.0),
            egui::pos2(900.0, 600.0),
        );
        report(
            "20,000 actors",
            &format!("{layout:?}, pointer moving"),
            times,
        );
    }
}
