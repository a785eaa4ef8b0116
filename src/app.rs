//! The eframe application.

use crate::cli::DataSource;

/// Opens the window on a dataset and runs until it is closed.
pub fn run_native(source: &DataSource) -> anyhow::Result<()> {
    let dataset = source.load()?;
    let options = eframe::NativeOptions::default();
    eframe::run_ui_native("stancemap", options, move |ui, _frame| {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading(&dataset.title);
            ui.label(dataset.summary());
        });
    })
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
