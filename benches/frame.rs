//! CPU cost of one frame of the window: egui's `Context::run` for the whole app plus the
//! tessellation of what it painted, headless. The pointer sweeps over the graph so every
//! frame does real work (hover tests, tooltips, repaint).
//!
//! `cargo bench --bench frame` (add file paths to measure other datasets; the default set is
//! the seed and, where present, ../shared/data/unvotes/session74.ron and important.ron).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use stancemap::app::{AppState, StancemapApp};
use stancemap::cli::DataSource;
use stancemap::graph::Node;
use stancemap::scene::Selection;

const FRAMES: usize = 60;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn measure(harness: &mut Harness<'_, StancemapApp>) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(FRAMES);
    for frame in 0..FRAMES {
        // Sweep the pointer across the canvas.
        let t = frame as f32 / FRAMES as f32;
        harness.hover_at(egui::pos2(
            320.0 + 600.0 * t,
            150.0 + 450.0 * (t * 7.0).sin().abs(),
        ));
        let start = Instant::now();
        harness.step();
        let output = harness.output();
        let primitives = harness
            .ctx
            .tessellate(output.shapes.clone(), output.pixels_per_point);
        std::hint::black_box(primitives);
        times.push(start.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

#[expect(clippy::print_stdout, reason = "a benchmark prints its table")]
fn main() {
    let mut sources: Vec<DataSource> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| DataSource::File(PathBuf::from(a)))
        .collect();
    if sources.is_empty() {
        sources.push(DataSource::BuiltIn);
        for name in ["session74.ron", "important.ron"] {
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/data/unvotes")
                .join(name);
            if path.is_file() {
                sources.push(DataSource::File(path));
            }
        }
    }
    println!("| dataset | view | median | p99 |");
    println!("|---|---|---|---|");
    for source in sources {
        let name = source.display_name();
        let name = name.rsplit('/').next().unwrap_or(&name).to_owned();
        let mut harness = Harness::builder()
            .with_size([1280.0, 800.0])
            .build_eframe(|cc| StancemapApp::with_state(&cc.egui_ctx, AppState::default(), source));
        // Wait for the background load and layout to finish.
        let start = Instant::now();
        while !harness.state().is_idle() || harness.state().dataset().is_none() {
            assert!(
                start.elapsed() < Duration::from_mins(5),
                "{name}: not idle after 5 minutes"
            );
            std::thread::sleep(Duration::from_millis(20));
            harness.step();
        }
        for _ in 0..30 {
            harness.step();
        }
        let hub = harness.state().scene().and_then(|scene| {
            scene
                .nodes
                .iter()
                .filter(|n| matches!(n.node, Node::Actor(_)))
                .max_by_key(|n| n.degree)
                .map(|n| n.node)
        });
        let views: [(&str, f32, Option<Selection>); 4] = [
            ("fit", 1.0, None),
            ("fit + selection", 1.0, hub.map(Selection::Node)),
            ("zoomed in 4x", 4.0, None),
            ("zoomed in 4x + selection", 1.0, hub.map(Selection::Node)),
        ];
        for (view, zoom, selection) in views {
            harness.state_mut().zoom_by(zoom);
            harness.state_mut().select(selection);
            harness.step();
            let (median, p99) = measure(&mut harness);
            println!(
                "| {name} | {view} | {:.2} ms | {:.2} ms |",
                median.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3
            );
        }
    }
}
