//! The export dialog: format (from the one list of formats), extent, scale and where to save.

use egui::RichText;

use crate::export::{Format, FormatKind};

/// Scales offered for PNG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleChoice {
    /// One pixel per point.
    One,
    /// Two pixels per point (sharp on slides and high-DPI screens).
    Two,
    /// 300 dots per inch for print (3.125 pixels per CSS pixel).
    Print,
}

impl ScaleChoice {
    /// Pixels per CSS pixel.
    pub fn factor(self) -> f32 {
        match self {
            Self::One => 1.0,
            Self::Two => 2.0,
            Self::Print => 300.0 / 96.0,
        }
    }
}

/// The dialog's state; it lives in the app while the window runs.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    /// One of [`Format::ALL`].
    pub format: Format,
    /// The whole graph, or just what the view shows.
    pub whole_graph: bool,
    /// PNG scale.
    pub scale: ScaleChoice,
    /// Where to save.
    pub path: String,
    /// The outcome of the last export, or an export in progress.
    pub status: Option<String>,
    /// Whether an export is running.
    pub busy: bool,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Png,
            whole_graph: true,
            scale: ScaleChoice::Two,
            path: String::new(),
            status: None,
            busy: false,
        }
    }
}

/// What the user asked the dialog for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogAction {
    /// Nothing yet.
    None,
    /// Export with the current settings.
    Export,
    /// Show the native save dialog.
    Browse,
}

/// Sets the extension of a path to match a format.
fn with_extension(path: &str, format: Format) -> String {
    let p = std::path::Path::new(path);
    if path.is_empty() {
        return path.to_owned();
    }
    p.with_extension(format.extension()).display().to_string()
}

/// What the dialog says of the view an export is made from.
pub struct ExportSource<'a> {
    /// The view's title ("Graph", "Table").
    pub view: &'a str,
    /// Whether the view draws a picture of its own (else pictures show the whole graph).
    pub has_picture: bool,
    /// Whether that picture can be cut to what the view shows.
    pub can_crop: bool,
    /// Whether the view has rows of its own (else data holds every visible position).
    pub has_rows: bool,
}

/// Shows the dialog (when open) and returns what the user asked for.
pub fn export_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ExportDialog,
    source: &ExportSource<'_>,
) -> DialogAction {
    let mut action = DialogAction::None;
    if !dialog.open {
        return action;
    }
    let mut open = true;
    egui::Window::new("Export the view")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(420.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("export-options").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                ui.label("Format");
                ui.vertical(|ui| {
                    for format in Format::ALL {
                        if ui.radio_value(&mut dialog.format, format, format.description()).changed() {
                            dialog.path = with_extension(&dialog.path, format);
                        }
                    }
                });
                ui.end_row();
                ui.label("Shows");
                match (dialog.format.kind(), source.has_picture, source.has_rows) {
                    (FormatKind::Picture, true, _) if !source.can_crop => {
                        ui.label(format!("The whole {}", source.view.to_lowercase()));
                    }
                    (FormatKind::Picture, true, _) => {
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut dialog.whole_graph, true, "Whole graph");
                            ui.radio_value(&mut dialog.whole_graph, false, "Current view");
                        });
                    }
                    (FormatKind::Picture, false, _) => {
                        ui.label(format!("The whole graph (the {} view draws no picture)", source.view.to_lowercase()));
                    }
                    (FormatKind::Data, _, true) => {
                        ui.label(format!("The {}'s rows, in its order", source.view.to_lowercase()));
                    }
                    (FormatKind::Data, _, false) => {
                        ui.label("Every position the filter shows");
                    }
                    (FormatKind::Page, _, _) => {
                        ui.label("The whole map, its matrix and every quote the filter shows");
                    }
                }
                ui.end_row();
                ui.label("Scale");
                ui.add_enabled_ui(dialog.format.is_raster(), |ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut dialog.scale, ScaleChoice::One, "1×");
                        ui.radio_value(&mut dialog.scale, ScaleChoice::Two, "2×");
                        ui.radio_value(&mut dialog.scale, ScaleChoice::Print, "300 dpi");
                    });
                });
                ui.end_row();
                ui.label("File");
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(260.0))
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Export file"));
                    if ui.button("Browse…").on_hover_text("Choose where to save").clicked() {
                        action = DialogAction::Browse;
                    }
                });
                ui.end_row();
            });
            ui.add_space(6.0);
            ui.weak(match dialog.format.kind() {
                FormatKind::Picture => "A picture is the graph as shown — same filter, layout and selection — with the title, a legend and the filter and source in a footer.",
                FormatKind::Data => "Data holds one row per position: actor, issue, stance, condition, date, source, link and quote.",
                FormatKind::Page => "One web page that opens offline in any browser: the map with its quotes one click away, filters, search and the matrix. Nothing is fetched from the network.",
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let ready = !dialog.path.trim().is_empty() && !dialog.busy;
                if ui.add_enabled(ready, egui::Button::new(RichText::new("Export").strong())).clicked() {
                    action = DialogAction::Export;
                }
                if dialog.busy {
                    ui.spinner();
                }
                if let Some(status) = &dialog.status {
                    ui.add(egui::Label::new(status).wrap());
                }
            });
        });
    if !open {
        dialog.open = false;
    }
    action
}
