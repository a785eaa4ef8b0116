//! The egui views: thin painters and panels over the model, graph and scene layers.
//!
//! Panels take borrowed data and return [`Command`]s; the app applies them after the panels,
//! so no panel reaches into the app.

pub mod balance_bar;
pub mod colour_key;
pub mod compare_panel;
pub mod date_filter;
pub mod editor;
pub mod export_dialog;
pub mod filter_panel;
pub mod gpu_layer;
pub mod graph_view;
pub mod groups_view;
pub mod inspector;
pub mod matrix_view;
pub mod network_view;
pub mod problems;
pub mod sources_view;
pub mod stakeholders_view;
pub mod table_map;
pub mod table_view;
pub mod timeline_view;
pub mod toolbar;
pub mod view;

use egui::{Color32, RichText};

use emath::Pos2;
use petgraph::graph::NodeIndex;

use crate::document::Selection;
use crate::graph::{Filter, Node};
use crate::model::StanceKind;
use crate::style::Theme;

/// Something a panel or view asks the app to do. Panels and views never change the document
/// themselves: the app applies their commands after they have all run.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
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

    /// Colour actors by their kind, their bloc or an attribute, in every view.
    SetColourBy(crate::style::colour::ColourBy),

    /// The agreement network's blocs, for colouring by bloc everywhere.
    SetBlocs(Box<crate::style::colour::Blocs>),

    /// Hide the problems panel.
    DismissProblems,

    /// Show the problems panel again.
    ShowProblems,

    /// Show another part of the data.
    SetFilter(Filter),

    /// Search for another text.
    SetSearch(String),

    /// Put a node where the user dragged it (world units), and keep it there.
    Pin(NodeIndex, Pos2),

    /// Show another view in the centre (by its place in [`view::all`]).
    ShowView(usize),

    /// Draw and save the snapshot the export dialog describes.
    Export,

    /// Choose where to save the export with the native dialog.
    BrowseExport,

    /// Open or close the compare panel.
    SetCompare(bool),

    /// Show the view that answers who stands with whom on a file too big to read as a graph.
    ShowAnswer(Answer),

    /// Undo the newest edit.
    Undo,

    /// Redo the newest undone edit.
    Redo,

    /// Save the edits (over the file, or as a new RON file).
    Save,

    /// Make an edit; select this afterwards.
    Edit(Box<crate::document::edit::Edit>, Option<Selection>),
}

/// A view that answers "who stands with whom" on a big file at a glance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The actor × issue matrix, ordered by blocs.
    MatrixByBlocs,
    /// The agreement network.
    Network,
}

/// A count with thousands grouped: "200,000".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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

/// Text as a panel shows it in a text style, wrapping to the panel's width; right-to-left
/// text is broken into lines in reading order and each line put in display order (egui wraps
/// left to right and does not order right-to-left words). Other text is returned as it is.
pub fn shown_text(ui: &egui::Ui, text: &str, style: &egui::TextStyle) -> String {
    let size = style.resolve(ui.style()).size;
    let width = (ui.available_width() - 20.0).max(60.0);
    crate::text::bidi::visual_wrapped(text, width, size).into_owned()
}

/// A quote as the panels show it: in curly quotes, italic, wrapping to the panel's width;
/// right-to-left text broken into lines in its reading order and each line put in display
/// order (egui wraps left to right and does not order right-to-left words).
pub fn quote_label(ui: &egui::Ui, quote: &str) -> egui::Label {
    let text = shown_text(
        ui,
        &format!("\u{201c}{quote}\u{201d}"),
        &egui::TextStyle::Body,
    );
    egui::Label::new(RichText::new(text).italics()).wrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_group_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(200_000), "200,000");
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }
}
