//! Image snapshots of the seed view, rendered headless (wgpu on a software adapter).
//! Refresh after an intended visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

mod common;

use common::{harness_on, show_only_ground_troops};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stancemap::app::StancemapApp;
use stancemap::model::DataSource;

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

/// How a comparison render is made.
#[derive(Clone, Copy)]
struct Render {
    gpu: bool,
    pixels_per_point: f32,
    theme: egui::Theme,
    select_germany: bool,
}

/// The seed (with Germany selected, or nothing, so no node is dimmed), then panned by
/// dragging the canvas, on a harness that renders with wgpu, drawn either through the
/// retained GPU layers or through egui's own painter. (The GPU layers move what they built
/// before the pan; egui's path rebuilds.)
fn rendered(how: Render) -> image::RgbaImage {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_pixels_per_point(how.pixels_per_point)
        .with_theme(how.theme)
        .wgpu()
        .build_eframe(|cc| {
            let state = stancemap::app::AppState {
                theme: match how.theme {
                    egui::Theme::Dark => stancemap::style::Theme::Dark,
                    egui::Theme::Light => stancemap::style::Theme::Light,
                },
                ..stancemap::app::AppState::default()
            };
            let app = StancemapApp::with_state(&cc.egui_ctx, state, DataSource::BuiltIn);
            if how.gpu {
                app.with_gpu(cc.wgpu_render_state.as_ref())
            } else {
                app
            }
        });
    harness.run();
    assert_eq!(harness.state().uses_gpu_layers(), how.gpu);
    if how.select_germany {
        harness.get_by_label("Country: Germany").click();
        harness.run();
    }
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

/// The window's own renderer draws edges from a retained GPU mesh and node shapes from
/// per-node instances (signed distances); the picture must be the one egui's painter draws
/// from tessellated shapes of the same geometry.
fn assert_gpu_layers_draw_what_egui_draws(how: Render) {
    let gpu = rendered(Render { gpu: true, ..how });
    let egui = rendered(Render { gpu: false, ..how });
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
    // Anti-aliased fringes may differ a little; a gap between a circle's fill and its outline
    // (a ring of background showing through, 30 pixels of the seed at 1×) differs a lot.
    let far_apart = gpu
        .pixels()
        .zip(egui.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 40))
        .count();
    assert!(
        far_apart * 50_000 < total,
        "{far_apart} of {total} pixels differ by more than 40"
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

#[test]
fn gpu_layers_draw_what_egui_draws() {
    assert_gpu_layers_draw_what_egui_draws(Render {
        gpu: true,
        pixels_per_point: 1.0,
        theme: egui::Theme::Light,
        select_germany: true,
    });
}

/// At 2 pixels per point (node outlines and their anti-aliasing are sized in pixels by the
/// GPU), in the dark theme, with nothing selected (every node at full strength, where a gap
/// between a circle's fill and its outline would show).
#[test]
fn gpu_layers_draw_what_egui_draws_at_2x_in_the_dark() {
    assert_gpu_layers_draw_what_egui_draws(Render {
        gpu: true,
        pixels_per_point: 2.0,
        theme: egui::Theme::Dark,
        select_germany: false,
    });
}
