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
