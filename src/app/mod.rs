//! The eframe application: the edge where the document meets the window. It owns the
//! [`Document`], the views and the background work, lays out the panels, and applies the
//! commands the panels and views return after they have all run.

mod background;
mod commands;
mod editing;
mod fonts;
mod frame;
mod keys;
mod recovery;
mod state;

use std::path::PathBuf;

use self::background::{Background, LayoutJob};
pub use self::state::{AppState, FileViews, TableMap};
use crate::document::{Document, FilterSpec, LayoutStart, Selection};
use crate::graph::Filter;
use crate::layout::LayoutParams;
use crate::model::table::TableOptions;
use crate::model::{DataSource, Dataset, LoadError};
use crate::scene::Scene;
use crate::style::Theme;
use crate::ui::export_dialog::ExportDialog;
use crate::ui::graph_view::{Camera, GraphView};
use crate::ui::table_map::TableMapDialog;
use crate::ui::view::{self, View, ViewContext, ViewEvent};
use crate::ui::{compare_panel, filter_panel, gpu_layer};

/// Files up to this size load before the first frame; larger ones load in the background.
const SYNC_LOAD_BYTES: u64 = 2 * 1024 * 1024;

/// How many files' view states are remembered.
const REMEMBERED_FILES: usize = 20;

/// The stancemap window.
pub struct StancemapApp {
    state: AppState,
    doc: Option<Document>,
    /// What the filter panel counts once per document (by document identity).
    panel: Option<(u64, filter_panel::PanelFacts)>,
    problems: Option<LoadError>,
    problems_visible: bool,
    notice: Option<String>,
    views: Vec<Box<dyn View>>,
    /// The view in the centre, by its place in `views`.
    current: usize,
    /// Whether nodes glided towards a layout this frame.
    moving: bool,
    background: Background,
    layout_job: Option<LayoutJob>,
    title: String,
    export_dialog: ExportDialog,
    /// The column map dialog, while a table's columns are being chosen.
    table_map: Option<TableMapDialog>,
    /// The compare panel, while compare mode is on.
    compare: Option<compare_panel::ComparePanel>,
    /// A question asked before work could be lost.
    ask: Option<editing::Ask>,
    /// The window is closing with the user's leave to drop unsaved edits.
    closing: bool,
    /// When the recovery file is next written (after an edit).
    recovery_due: Option<std::time::Instant>,
    /// Where recovery files are kept (none: not kept).
    recovery_dir: Option<PathBuf>,
    /// Counts the times the recovery file was given up (a save, edits dropped): a writer
    /// that finishes after that removes what it wrote.
    recovery_epoch: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// The last edit, undo or save, said in the status line.
    status_note: Option<String>,
}

impl StancemapApp {
    /// Creates the app; `file` is the command-line argument.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let state: AppState = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
            .unwrap_or_default();
        let source = DataSource::resolve(file, state.last_file.as_deref());
        let recovery = eframe::storage_dir("stancemap").map(|dir| dir.join("recovery"));
        Self::with_state(&cc.egui_ctx, state, source)
            .with_recovery_dir(recovery)
            .with_gpu(cc.wgpu_render_state.as_ref())
    }

    /// Keeps unsaved edits in recovery files in `folder` (tests give a temporary one), and
    /// offers those kept for the open file.
    #[must_use]
    pub fn with_recovery_dir(mut self, folder: Option<PathBuf>) -> Self {
        self.recovery_dir = folder;
        self.offer_recovery();
        self
    }

    /// Draws the graph view's edges and nodes as retained GPU layers when the window renders
    /// with wgpu (see `ui::gpu_layer`); otherwise they go through egui's own painter.
    #[must_use]
    pub fn with_gpu(mut self, render_state: Option<&eframe::egui_wgpu::RenderState>) -> Self {
        let gpu = gpu_layer::install(render_state);
        for view in &mut self.views {
            view.use_gpu(gpu);
        }
        self
    }

    /// Creates the app on a given source with a given saved state (tests use this).
    pub fn with_state(ctx: &egui::Context, state: AppState, source: DataSource) -> Self {
        let mut app = Self {
            state,
            doc: None,
            panel: None,
            problems: None,
            problems_visible: false,
            notice: None,
            views: view::all(),
            current: 0,
            moving: false,
            background: Background::new(ctx.clone()),
            layout_job: None,
            title: String::new(),
            export_dialog: ExportDialog::default(),
            table_map: None,
            compare: None,
            ask: None,
            closing: false,
            recovery_due: None,
            recovery_dir: None,
            recovery_epoch: std::sync::Arc::default(),
            status_note: None,
        };
        app.apply_theme(ctx);
        fonts::add_script_fonts(ctx);
        if source.size().is_some_and(|bytes| bytes <= SYNC_LOAD_BYTES) {
            let result = source.load_keeping(&app.table_options(&source));
            // The background loader finds a file's fonts on its thread; a small file loaded
            // here has them found here.
            if let Ok((dataset, _)) = &result {
                crate::text::prepare(dataset.texts());
            }
            app.on_loaded(ctx, source, result, false);
        } else {
            app.load(source, false);
        }
        app
    }

    /// The column map a source is read with (tables only; remembered per file).
    fn table_options(&self, source: &DataSource) -> TableOptions {
        self.state
            .table_maps
            .get(&source.display_name())
            .map(TableMap::options)
            .unwrap_or_default()
    }

    /// Loads a source in the background, a table with its remembered map.
    pub(super) fn load(&mut self, source: DataSource, reload: bool) {
        if !reload && self.must_ask_before_leaving() {
            self.ask = Some(editing::Ask::Open(source));
            return;
        }
        let options = self.table_options(&source);
        self.background.load(source, reload, options);
    }

    /// The column map dialog, while it is open.
    pub fn table_map_dialog(&self) -> Option<&TableMapDialog> {
        self.table_map.as_ref()
    }

    /// The document on screen.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    /// The dataset on screen.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.doc.as_ref().map(Document::dataset)
    }

    /// The problems of the latest load, if it failed.
    pub fn problems(&self) -> Option<&LoadError> {
        self.problems.as_ref()
    }

    /// The selection.
    pub fn selection(&self) -> Option<Selection> {
        self.doc.as_ref().and_then(Document::selection)
    }

    /// The filter in use.
    pub fn filter(&self) -> Option<&Filter> {
        self.doc.as_ref().map(Document::filter)
    }

    /// The view in the centre.
    pub fn current_view(&self) -> &dyn View {
        self.views[self.current].as_ref()
    }

    /// The graph view.
    pub fn graph_view(&self) -> Option<&GraphView> {
        self.views.iter().find_map(|v| v.as_any().downcast_ref())
    }

    fn graph_view_mut(&mut self) -> Option<&mut GraphView> {
        self.views
            .iter_mut()
            .find_map(|v| v.as_any_mut().downcast_mut())
    }

    /// Whether the graph view draws through the retained GPU layers.
    pub fn uses_gpu_layers(&self) -> bool {
        self.graph_view().is_some_and(GraphView::uses_gpu)
    }

    /// The scene the graph view drew last.
    pub fn scene(&self) -> Option<&Scene> {
        self.graph_view().and_then(GraphView::scene)
    }

    /// Where each graph node is drawn, by node index.
    pub fn positions(&self) -> Option<&[emath::Pos2]> {
        self.doc.as_ref().map(Document::positions)
    }

    /// The camera of the graph view.
    pub fn camera(&self) -> Camera {
        self.graph_view().map(GraphView::camera).unwrap_or_default()
    }

    /// Zooms the graph view by a factor around its centre (benchmarks and tests use this).
    pub fn zoom_by(&mut self, factor: f32) {
        if let Some(graph) = self.graph_view_mut() {
            graph.zoom_by(factor);
        }
    }

    /// Applies a filter, as the filter panel's command would (benchmarks use this).
    pub fn set_filter(&mut self, filter: Filter) {
        if let Some(doc) = &mut self.doc
            && doc.set_filter(filter)
        {
            self.state.filter = FilterSpec::of(doc.filter(), doc.dataset());
            self.tell_views(ViewEvent::FilterChanged);
        }
    }

    /// Selects a node or position, as a click would.
    pub fn select(&mut self, selection: Option<Selection>) {
        if let Some(doc) = &mut self.doc {
            doc.select(selection);
        }
    }

    /// Makes an edit as the window's forms do (tests and benchmarks drive it here).
    pub fn make_edit(
        &mut self,
        ctx: &egui::Context,
        edit: crate::document::edit::Edit,
        select: Option<Selection>,
    ) {
        self.edit(ctx, edit, select);
    }

    /// Undoes the newest edit, as Ctrl+Z does.
    pub fn undo_edit(&mut self, ctx: &egui::Context) {
        self.undo(ctx);
    }

    /// The export dialog's state (its status line says how the last export went).
    pub fn export_dialog(&self) -> &ExportDialog {
        &self.export_dialog
    }

    /// The state that would be saved now.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Whether nothing is loading or being laid out.
    pub fn is_idle(&self) -> bool {
        self.background.loading().is_none() && self.layout_job.is_none() && !self.export_dialog.busy
    }

    /// Whether the nodes have come to rest where the layout put them.
    pub fn is_at_rest(&self) -> bool {
        self.doc.as_ref().is_none_or(Document::is_at_rest)
    }

    /// The status line: "18 actors · 11 issues · 25 positions shown of 25", then the time
    /// window if the date filter narrows it ("· Dates: as of 2021-03-15 (…)").
    pub fn status_counts(&self) -> String {
        let Some(doc) = &self.doc else {
            return "No dataset loaded".to_owned();
        };
        let (actors, issues, positions) = doc.visible_counts();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let counts = format!(
            "{} · {} · {} shown of {}",
            plural(actors, "actor"),
            plural(issues, "issue"),
            plural(positions, "position"),
            doc.dataset().positions.len()
        );
        // The time window, when there is one, as exports caption it.
        match doc.filter().time.caption() {
            Some(window) => format!("{counts} · {window}"),
            None => counts,
        }
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.state.theme {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
    }

    /// Tells every view something happened to the document.
    fn tell_views(&mut self, event: ViewEvent) {
        let Some(doc) = &self.doc else { return };
        let cx = ViewContext {
            doc,
            theme: self.state.theme,
            moving: self.moving,
            layout_running: self.layout_job.is_some(),
        };
        for view in &mut self.views {
            view.on_event(event, &cx);
        }
    }

    /// Takes a finished load: a good dataset replaces the view, a bad one is reported while
    /// the last good view stays on screen.
    fn on_loaded(
        &mut self,
        ctx: &egui::Context,
        source: DataSource,
        result: Result<(Dataset, Option<String>), LoadError>,
        reload: bool,
    ) {
        let same_file = self.doc.as_ref().is_some_and(|d| *d.source() == source);
        match result {
            Err(error) => {
                // A table whose columns are not the field names: choose them.
                let missing_columns = error
                    .problems
                    .iter()
                    .any(|p| matches!(p.kind, crate::model::ProblemKind::MissingColumn { .. }));
                // Or a stance column of values that are no stance words (DNA's 1 and 0):
                // say what they mean.
                let odd_stances = error.problems.iter().any(|p| {
                    p.field == Some("stance")
                        && matches!(p.kind, crate::model::ProblemKind::UnknownVariant { .. })
                });
                if (missing_columns || odd_stances)
                    && source.is_table()
                    && let Some(path) = source.path()
                    && let Ok((header, rows)) = crate::model::table::preview(path, 200)
                {
                    let previous = self.table_options(&source);
                    self.table_map = Some(TableMapDialog::new(
                        path.to_path_buf(),
                        header,
                        rows,
                        &previous,
                    ));
                }
                self.problems = Some(error);
                self.problems_visible = true;
                if !same_file && self.doc.is_none() {
                    // Nothing good to show; still watch the file so fixing it loads it.
                    self.background.watch(source.path());
                }
            }
            Ok((dataset, text)) => {
                if reload
                    && same_file
                    && let Some(doc) = &self.doc
                {
                    if text.is_some() && text.as_deref() == doc.base() {
                        // Our own save (or the same bytes written again): nothing to load,
                        // and the undo history stays.
                        return;
                    }
                    if doc.is_dirty() {
                        self.ask = Some(editing::Ask::Changed {
                            source,
                            loaded: Box::new((dataset, text)),
                        });
                        return;
                    }
                }
                fonts::add_system_fonts(ctx);
                self.problems = None;
                self.problems_visible = false;
                self.background.watch(source.path());
                if let Some(path) = source.path() {
                    self.state.last_file = Some(path.to_path_buf());
                }
                self.remember_views();
                let old = self.doc.take();
                let previous = old.filter(|_| same_file || reload);
                self.install(ctx, source, dataset, previous);
                if let Some(doc) = &mut self.doc {
                    doc.set_base(text);
                }
                if !reload {
                    self.offer_recovery();
                }
            }
        }
    }

    /// Makes a dataset the one on screen, carrying over what the user did in the previous
    /// version of the same file.
    fn install(
        &mut self,
        ctx: &egui::Context,
        source: DataSource,
        dataset: Dataset,
        previous: Option<Document>,
    ) {
        let filter = self.state.filter.resolve_leniently(&dataset);
        // The worker leaves one core to the window (the result does not depend on threads).
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let params = LayoutParams {
            threads: cores.saturating_sub(1).max(1),
            ..LayoutParams::default()
        };
        let kept = previous.is_some();
        let mut doc = Document::new(source, dataset, filter, params, previous.as_ref());
        drop(previous);
        // Colour by what was chosen last (an attribute this file lacks says so in the legend).
        doc.set_colour_by(self.state.colour_by.clone());
        self.layout_job = None;
        if doc.needs_layout()
            && let Some(request) = doc.start_layout(LayoutStart::Seeded)
        {
            self.layout_job = Some(LayoutJob::spawn(request, ctx.clone()));
        }
        let file = doc.source().display_name();
        self.doc = Some(doc);
        self.tell_views(ViewEvent::Opened { kept });
        if !kept && let Some(saved) = self.state.files.iter().find(|f| f.file == file).cloned() {
            if let Some(i) = self.views.iter().position(|v| v.id() == saved.view) {
                self.current = i;
            }
            for view in &mut self.views {
                if let Some(state) = saved.states.get(view.id()) {
                    view.restore_state(state);
                }
            }
        }
    }

    /// Saves the views' state for the file on screen (most recent first).
    fn remember_views(&mut self) {
        let Some(doc) = &self.doc else { return };
        let entry = FileViews {
            file: doc.source().display_name(),
            view: self.views[self.current].id().to_owned(),
            states: self
                .views
                .iter()
                .filter_map(|v| Some((v.id().to_owned(), v.saved_state()?)))
                .collect(),
        };
        self.state.files.retain(|f| f.file != entry.file);
        self.state.files.insert(0, entry);
        self.state.files.truncate(REMEMBERED_FILES);
    }
}

/// Opens the window and runs until it is closed.
pub fn run_native(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("stancemap")
            .with_app_id("stancemap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        // No multisampling and no depth buffer (the defaults): the graph view's GPU layers
        // (`ui::gpu_layer`) build their pipeline for exactly that render pass.
        multisampling: 0,
        depth_buffer: 0,
        ..Default::default()
    };
    eframe::run_native(
        "stancemap",
        options,
        Box::new(move |cc| Ok(Box::new(StancemapApp::new(cc, file)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
