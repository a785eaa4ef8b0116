//! The egui views: thin painters and panels over the model, graph and scene layers.
//!
//! Panels take borrowed data and return [`Command`]s; the app applies them after the panels,
//! so no panel reaches into the app.

pub mod export_dialog;
pub mod filter_panel;
pub mod gpu_layer;
pub mod graph_view;
pub mod inspector;
pub mod problems;
pub mod toolbar;

use egui::{Color32, RichText};

use crate::graph::Node;
use crate::model::StanceKind;
use crate::scene::{Selection, Theme};

/// Something a panel asks the app to do.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Command {
    /// Show the native open dialog.
    OpenDialog,

    /// Show the export dialog.
    OpenExport,

    /// Select a node or a position, or clear the selection.
    Select(Option<Selection>),

    /// Select a node and bring it into view.
    Focus(Node),

    /// Lay the graph out again from scratch, dropping dragged positions.
    Relayout,

    /// Stop a layout in progress, keeping where nodes are now.
    CancelLayout,

    /// Fit the visible graph into the view.
    FitView,

    /// Switch colours.
    SetTheme(Theme),

    /// Hide the problems panel.
    DismissProblems,

    /// Show the problems panel again.
    ShowProblems,
}

/// A small coloured label naming a stance (the word is the cue that does not need colour).
pub fn stance_chip(ui: &mut egui::Ui, theme: Theme, stance: StanceKind) -> egui::Response {
    let color = theme.stance_color(stance);
    let text_color = if theme == Theme::Dark {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    };
    let text = RichText::new(stance.label())
        .color(text_color)
        .strong()
        .small();
    egui::Frame::new()
        .fill(color)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(text))
        .response
}
