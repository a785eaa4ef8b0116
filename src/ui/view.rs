//! The seam between the app and what fills the centre of the window: a [`View`] draws the
//! shared [`Document`] its own way and asks for changes through [`Command`]s, so a selection
//! or a filter made in one view holds in every view. Adding a view is one file that
//! implements [`View`] and one entry in [`all`].

use std::any::Any;

use egui::Ui;

use super::Command;
use crate::document::Document;
use crate::graph::Node;
use crate::model::PositionIx;
use crate::scene::Scene;
use crate::style::Theme;

/// Every view, in the order of the toolbar's tabs (Ctrl+1, Ctrl+2, … switch to them, up to
/// nine).
pub fn all() -> Vec<Box<dyn View>> {
    vec![
        Box::new(super::graph_view::GraphView::default()),
        Box::new(super::table_view::TableView::default()),
        Box::new(super::matrix_view::MatrixView::default()),
        Box::new(super::network_view::NetworkView::default()),
        Box::new(super::timeline_view::TimelineView::default()),
        Box::new(super::sources_view::SourcesView::default()),
        Box::new(super::groups_view::GroupsView::default()),
        Box::new(super::stakeholders_view::StakeholdersView::default()),
    ]
}

/// What a view may read while it draws.
pub struct ViewContext<'a> {
    /// The document every view shows.
    pub doc: &'a Document,
    /// The colours in use.
    pub theme: Theme,
    /// Whether the nodes are gliding towards a layout.
    pub moving: bool,
    /// Whether a layout is running on a worker.
    pub layout_running: bool,
}

/// Something that happened to the document, which views may follow.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ViewEvent {
    /// A new document is shown; `kept` when it is a new version of the file on screen (the
    /// view stays where it was).
    Opened {
        /// Whether this replaced an earlier version of the same file.
        kept: bool,
    },
    /// The filter changed.
    FilterChanged,
    /// A layout started again (nodes glide to it).
    LayoutStarted,
    /// A layout on a worker finished.
    LayoutFinished,
    /// The user asked to fit the view (Home, "Fit view").
    Fit,
    /// The user asked to go to a node.
    Focus(Node),
}

/// A snapshot a view offers for a picture export.
pub struct Snapshot {
    /// What to draw.
    pub picture: Picture,
    /// What follows the dataset's title (": who agrees with whom").
    pub subtitle: Option<String>,
    /// A footer line saying how the picture was made, after the filter's.
    pub note: Option<String>,
}

/// What a snapshot draws.
pub enum Picture {
    /// A scene (the graph, the network).
    Scene {
        /// The scene.
        scene: Box<Scene>,
        /// The part of it: the whole or what the view shows.
        extent: crate::export::Extent,
    },
    /// The actor × issue matrix.
    Matrix(std::sync::Arc<crate::analysis::matrix::Matrix>),
}

/// One way of showing the document in the centre of the window.
pub trait View {
    /// A stable name, saved with the file's view state ("graph", "table").
    fn id(&self) -> &'static str;

    /// The tab's title.
    fn title(&self) -> &'static str;

    /// What the tab's tooltip says.
    fn description(&self) -> &'static str;

    /// Draws the view filling `ui`, and says what the user asked for.
    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command>;

    /// Keys for the view when no text field has the keyboard (arrows, Tab, copy…).
    fn keys(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) -> Vec<Command>;

    /// Follows something that happened to the document.
    fn on_event(&mut self, event: ViewEvent, cx: &ViewContext<'_>);

    /// What the view adds at the top of the inspector for the selection (e.g. an actor's
    /// strongest partners in the network).
    fn inspector_ui(&mut self, _ui: &mut Ui, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    /// Whether the toolbar's "Fit view" acts on this view (it fits a picture to the canvas).
    fn fits(&self) -> bool {
        true
    }

    /// Whether the toolbar's "Re-layout" acts on this view (it shows the graph's layout).
    fn lays_out(&self) -> bool {
        false
    }

    /// Draws through the retained GPU layers when `gpu` (views that paint a scene).
    fn use_gpu(&mut self, _gpu: bool) {}

    /// Called once the frame's panels and commands are done.
    fn end_frame(&mut self, _ctx: &egui::Context) {}

    /// The view's own state worth keeping for this file (as RON), e.g. the camera.
    fn saved_state(&self) -> Option<String> {
        None
    }

    /// Takes back what [`Self::saved_state`] returned for this file.
    fn restore_state(&mut self, _saved: &str) {}

    /// Whether [`Self::snapshot`] gives a picture of this view (else exports draw the whole
    /// graph).
    fn has_picture(&self) -> bool {
        false
    }

    /// Whether the view's picture can be cut to what the view shows (else it is always whole).
    fn picture_can_crop(&self) -> bool {
        false
    }

    /// Whether [`Self::rows`] gives rows of this view (else data holds every visible
    /// position).
    fn has_rows(&self) -> bool {
        false
    }

    /// What a picture export of this view draws; `None` draws the whole graph.
    fn snapshot(&mut self, _cx: &ViewContext<'_>, _whole: bool) -> Option<Snapshot> {
        None
    }

    /// The positions a data export of this view writes, in its order; `None` writes every
    /// visible position in file order.
    fn rows(&mut self, _cx: &ViewContext<'_>) -> Option<Vec<PositionIx>> {
        None
    }

    /// For tests and benchmarks that reach a view's own state.
    fn as_any(&self) -> &dyn Any;

    /// For tests and benchmarks that reach a view's own state.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}
