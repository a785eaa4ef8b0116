//! What the window tests share: the app on the seed, and the steps a person takes often.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use stancemap::app::{AppState, StancemapApp};
use stancemap::model::DataSource;

/// The real app at 1280×800 in the light theme, run until idle.
pub fn harness_on(source: DataSource) -> Harness<'static, StancemapApp> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_theme(egui::Theme::Light)
        .build_eframe(|cc| StancemapApp::with_state(&cc.egui_ctx, AppState::default(), source));
    harness.run();
    harness
}

/// Ticks "None", then only the ground-troops issue, as a person would.
pub fn show_only_ground_troops(harness: &mut Harness<'_, StancemapApp>) {
    harness.get_by_label("None").click();
    harness.run();
    harness
        .get_by_role_and_label(
            egui::Role::CheckBox,
            "European-led ground troops in Ukraine",
        )
        .click();
    harness.run();
}
