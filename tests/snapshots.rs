//! Image snapshots of the seed view, rendered headless (wgpu on a software adapter).
//! Refresh after an intended visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

mod common;

use common::{harness_on, show_only_ground_troops};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stancemap::app::StancemapApp;
use stancemap::cli::DataSource;

fn seed() -> Harness<'static, StancemapApp> {
    harness_on(DataSource::BuiltIn)
}

#[test]
fn seed_view() {
    let mut harness = seed();
    harness.snapshot("seed_view");
}

#[test]
fn seed_filtered_to_ground_troops_with_germany_selected() {
    let mut harness = seed();
    show_only_ground_troops(&mut harness);
    harness.get_by_label("Country: Germany").click();
    harness.run();
    // Move the pointer off the graph so no tooltip covers it.
    harness.hover_at(egui::pos2(5.0, 795.0));
    harness.run();
    harness.snapshot("seed_ground_troops_germany");
}

/// The seed with Germany selected, then panned by dragging the canvas, on a harness that
/// renders with wgpu, drawn either through the retained GPU layers or through egui's own
/// painter. (The GPU layers move the meshes they built before the pan; egui's path rebuilds.)
fn rendered(gpu: bool) -> image::RgbaImage {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(|cc| {
            let app = StancemapApp::with_state(
                &cc.egui_ctx,
                stancemap::app::AppState::default(),
                DataSource::BuiltIn,
            );
            if gpu {
                app.with_gpu(cc.wgpu_render_state.as_ref())
            } else {
                app
            }
        });
    harness.run();
    assert_eq!(harness.state().uses_gpu_layers(), gpu);
    harness.get_by_label("Country: Germany").click();
    harness.run();
    let before = harness.state().camera().center;
    let press = |pos: egui::Pos2, pressed: bool| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    let (from, to) = (egui::pos2(420.0, 720.0), egui::pos2(350.0, 680.0));
    harness.event(egui::Event::PointerMoved(from));
    harness.event(press(from, true));
    harness.step();
    for k in 1..=5 {
        harness.event(egui::Event::PointerMoved(
            from + (to - from) * (k as f32 / 5.0),
        ));
        harness.step();
    }
    harness.event(press(to, false));
    harness.step();
    harness.hover_at(egui::pos2(5.0, 795.0));
    harness.run();
    let moved = (harness.state().camera().center - before) * harness.state().camera().zoom;
    assert!(
        (moved - (from - to)).length() < 1.0,
        "the drag panned the view by {moved:?}"
    );
    harness.render().expect("a wgpu render")
}

/// The window's own renderer draws edges and nodes from retained GPU buffers; the picture
/// must be the one egui's painter draws from the same meshes.
#[test]
fn gpu_layers_draw_what_egui_draws() {
    let gpu = rendered(true);
    let egui = rendered(false);
    assert_eq!(gpu.dimensions(), egui.dimensions());
    let differing = gpu
        .pixels()
        .zip(egui.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 8))
        .count();
    let total = (gpu.width() * gpu.height()) as usize;
    assert!(
        differing * 2000 < total,
        "{differing} of {total} pixels differ"
    );
    // And it is not an empty canvas: the edges and nodes are there.
    let coloured = gpu
        .pixels()
        .filter(|p| {
            let [r, g, b, _] = p.0;
            r.max(g).max(b) - r.min(g).min(b) > 60
        })
        .count();
    assert!(coloured > 5000, "{coloured} coloured pixels");
}
