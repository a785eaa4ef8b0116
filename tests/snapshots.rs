//! Image snapshots of the seed view, rendered headless (wgpu on a software adapter).
//! Refresh after an intended visual change with `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stancemap::app::{AppState, StancemapApp};
use stancemap::cli::DataSource;

fn seed() -> Harness<'static, StancemapApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(|cc| {
            StancemapApp::with_state(&cc.egui_ctx, AppState::default(), DataSource::BuiltIn)
        });
    harness.run();
    harness
}

#[test]
fn seed_view() {
    let mut harness = seed();
    harness.snapshot("seed_view");
}

#[test]
fn seed_filtered_to_ground_troops_with_germany_selected() {
    let mut harness = seed();
    harness.get_by_label("None").click();
    harness.run();
    harness
        .get_by_role_and_label(
            egui::Role::CheckBox,
            "European-led ground troops in Ukraine",
        )
        .click();
    harness.run();
    harness.get_by_label("Country: Germany").click();
    harness.run();
    // Move the pointer off the graph so no tooltip covers it.
    harness.hover_at(egui::pos2(5.0, 795.0));
    harness.run();
    harness.snapshot("seed_ground_troops_germany");
}
