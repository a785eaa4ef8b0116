//! The eframe application: owns the loaded dataset, the view state and the background work,
//! lays out the panels, and applies the panels' commands after they have run.

mod background;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use egui::{Key, KeyboardShortcut, Modifiers, Pos2, Vec2};
use serde::{Deserialize, Serialize};

use self::background::{Background, Event, ExportJob, LayoutJob};
use crate::cli::DataSource;
use crate::export::{self, ExportOptions, Extent, Format};
use crate::graph::{Filter, Node, StanceGraph, Subgraph};
use crate::layout::{self, LayoutParams, LayoutRequest};
use crate::model::{ActorKind, Dataset, LoadError, StanceKind};
use crate::scene::{self, NodeCatalog, Scene, Selection, Theme};
use crate::ui::export_dialog::{self, DialogAction, ExportDialog};
use crate::ui::graph_view::{self, Camera};
use crate::ui::{Command, filter_panel, gpu_layer, inspector, problems, toolbar};

/// Files up to this size load before the first frame; larger ones load in the background.
const SYNC_LOAD_BYTES: u64 = 2 * 1024 * 1024;

/// Graphs up to this size are laid out before the next frame; larger ones on a worker.
const SYNC_LAYOUT_NODES: usize = 400;
const SYNC_LAYOUT_EDGES: usize = 4000;

/// What survives a restart (eframe persistence). The dataset itself is always re-read from
/// its file; only the view is stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppState {
    /// The file opened last.
    pub last_file: Option<PathBuf>,
    /// Light or dark.
    pub theme: Theme,
    /// Shown issues by id; `None` shows all.
    pub issues: Option<BTreeSet<String>>,
    /// Stances switched off.
    pub hidden_stances: BTreeSet<StanceKind>,
    /// Kinds of actor switched off.
    pub hidden_kinds: BTreeSet<ActorKind>,
    /// The camera, for the file it was saved with.
    pub camera: Option<(String, Camera)>,
}

/// A loaded dataset with everything derived from it.
struct Document {
    source: DataSource,
    dataset: Arc<Dataset>,
    /// "18 actors, 11 issues, 25 positions (…)", counted once.
    summary: String,
    /// What the filter panel counts from the whole dataset.
    panel: filter_panel::PanelFacts,
    graph: StanceGraph,
    /// Names, labels and sizes of every node, for building scenes.
    catalog: NodeCatalog,
    request: Arc<LayoutRequest>,
    /// Where the layout wants each node (by graph node index).
    target: Vec<Pos2>,
    /// Where each node is drawn now (animates towards `target`).
    shown: Vec<Pos2>,
    /// Nodes the user dragged, by graph node index.
    pinned: BTreeMap<usize, Pos2>,
    visible: Subgraph,
}

/// The stancemap window.
pub struct StancemapApp {
    state: AppState,
    doc: Option<Document>,
    problems: Option<LoadError>,
    problems_visible: bool,
    notice: Option<String>,
    filter: Filter,
    search: String,
    selection: Option<Selection>,
    camera: Camera,
    /// When the view is to be fitted to the graph next.
    fit: Fit,
    scene: Option<Scene>,
    background: Background,
    layout_job: Option<LayoutJob>,
    title: String,
    /// A Tab moved the selection this frame, so the widget focus egui gave away is undone.
    tab_took_focus: bool,
    /// The graph view's rectangle last frame (for "current view" exports).
    canvas: egui::Rect,
    /// Counts scene rebuilds, so the graph view knows when its cached view is stale.
    scene_generation: u64,
    view_cache: graph_view::ViewCache,
    export_dialog: ExportDialog,
}

impl StancemapApp {
    /// Creates the app; `file` is the command-line argument.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        let state: AppState = cc
            .storage
            .and_then(|storage| eframe::get_value(storage, eframe::APP_KEY))
            .unwrap_or_default();
        let source = DataSource::resolve(file, state.last_file.as_deref());
        Self::with_state(&cc.egui_ctx, state, source).with_gpu(cc.wgpu_render_state.as_ref())
    }

    /// Draws the graph view's edges and nodes as retained GPU layers when the window renders
    /// with wgpu (see `ui::gpu_layer`); otherwise they go through egui's own painter.
    #[must_use]
    pub fn with_gpu(mut self, render_state: Option<&eframe::egui_wgpu::RenderState>) -> Self {
        self.view_cache = graph_view::ViewCache::new(gpu_layer::install(render_state));
        self
    }

    /// Whether the graph view draws through the retained GPU layers.
    pub fn uses_gpu_layers(&self) -> bool {
        self.view_cache.uses_gpu()
    }

    /// Creates the app on a given source with a given saved state (tests use this).
    pub fn with_state(ctx: &egui::Context, state: AppState, source: DataSource) -> Self {
        let mut app = Self {
            state,
            doc: None,
            problems: None,
            problems_visible: false,
            notice: None,
            filter: Filter::default(),
            search: String::new(),
            selection: None,
            camera: Camera::default(),
            fit: Fit::Now,
            scene: None,
            background: Background::new(ctx.clone()),
            layout_job: None,
            title: String::new(),
            tab_took_focus: false,
            canvas: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            export_dialog: ExportDialog::default(),
            scene_generation: 0,
            view_cache: graph_view::ViewCache::default(),
        };
        app.apply_theme(ctx);
        let small = match &source {
            DataSource::BuiltIn => true,
            DataSource::File(path) => {
                std::fs::metadata(path).is_ok_and(|m| m.len() <= SYNC_LOAD_BYTES)
            }
        };
        if small {
            let result = source.load();
            app.on_loaded(ctx, source, result, false);
        } else {
            app.background.load(source, false);
        }
        app
    }

    /// The dataset on screen.
    pub fn dataset(&self) -> Option<&Dataset> {
        self.doc.as_ref().map(|d| &*d.dataset)
    }

    /// The problems of the latest load, if it failed.
    pub fn problems(&self) -> Option<&LoadError> {
        self.problems.as_ref()
    }

    /// The selection.
    pub fn selection(&self) -> Option<Selection> {
        self.selection
    }

    /// The filter in use.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The scene last drawn.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    /// Where each graph node is drawn, by node index.
    pub fn positions(&self) -> Option<&[Pos2]> {
        self.doc.as_ref().map(|d| d.shown.as_slice())
    }

    /// The camera of the graph view.
    pub fn camera(&self) -> Camera {
        self.camera
    }

    /// Zooms the graph view by a factor around its centre (benchmarks and tests use this).
    pub fn zoom_by(&mut self, factor: f32) {
        self.camera.zoom = (self.camera.zoom * factor)
            .clamp(*Camera::ZOOM_RANGE.start(), *Camera::ZOOM_RANGE.end());
        self.scene = None;
    }

    /// Selects a node or position, as a click would.
    pub fn select(&mut self, selection: Option<Selection>) {
        self.selection = selection;
        self.apply_selection();
    }

    /// Shows the current selection: the scene is re-emphasised in place (or built afresh
    /// when there is none yet).
    fn apply_selection(&mut self) {
        match (&mut self.scene, &self.doc) {
            (Some(scene), Some(doc)) => {
                scene.reselect(&doc.graph, self.selection);
                self.scene_generation += 1;
            }
            _ => self.scene = None,
        }
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
        self.doc.as_ref().is_none_or(|doc| doc.shown == doc.target)
    }

    /// The status line: "18 actors · 11 issues · 25 positions shown of 25".
    pub fn status_counts(&self) -> String {
        let Some(doc) = &self.doc else {
            return "No dataset loaded".to_owned();
        };
        let (mut actors, mut issues) = (0, 0);
        for &node in &doc.visible.nodes {
            match doc.graph.node(node) {
                Some(Node::Actor(_)) => actors += 1,
                Some(Node::Issue(_)) => issues += 1,
                None => {}
            }
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{} · {} · {} shown of {}",
            plural(actors, "actor"),
            plural(issues, "issue"),
            plural(doc.visible.position_count, "position"),
            doc.dataset.positions.len()
        )
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.state.theme {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
    }

    /// Takes a finished load: a good dataset replaces the view, a bad one is reported while
    /// the last good view stays on screen.
    fn on_loaded(
        &mut self,
        ctx: &egui::Context,
        source: DataSource,
        result: Result<Dataset, LoadError>,
        reload: bool,
    ) {
        let same_file = self.doc.as_ref().is_some_and(|d| d.source == source);
        match result {
            Err(error) => {
                self.problems = Some(error);
                self.problems_visible = true;
                if !same_file && self.doc.is_none() {
                    // Nothing good to show; still watch the file so fixing it loads it.
                    self.background.watch(source.path());
                }
            }
            Ok(dataset) => {
                self.problems = None;
                self.problems_visible = false;
                self.background.watch(source.path());
                if let Some(path) = source.path() {
                    self.state.last_file = Some(path.to_path_buf());
                }
                let old = self.doc.take();
                let previous = old.as_ref().filter(|_| same_file || reload);
                self.install(ctx, source, dataset, previous);
            }
        }
        self.scene = None;
    }

    /// Makes a dataset the one on screen, carrying over pins and selection from the previous
    /// version of the same file.
    fn install(
        &mut self,
        ctx: &egui::Context,
        source: DataSource,
        dataset: Dataset,
        previous: Option<&Document>,
    ) {
        let graph = StanceGraph::build(&dataset);
        // The worker leaves one core to the window (the result does not depend on threads).
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let request = Arc::new(scene::layout_request(
            &dataset,
            &graph,
            LayoutParams {
                threads: cores.saturating_sub(1).max(1),
                ..LayoutParams::default()
            },
        ));
        let node_key = |dataset: &Dataset, node: Node| match node {
            Node::Actor(a) => format!("actor:{}", dataset.actor(a).id),
            Node::Issue(i) => format!("issue:{}", dataset.issue(i).id),
        };
        // Map the old pins and selection onto the new file by id.
        let mut pinned = BTreeMap::new();
        let mut selection = None;
        if let Some(old) = &previous {
            let index_of: BTreeMap<String, usize> = graph
                .graph
                .node_indices()
                .filter_map(|n| Some((node_key(&dataset, graph.node(n)?), n.index())))
                .collect();
            for (&old_index, &pos) in &old.pinned {
                let old_node = old.graph.node(petgraph::graph::NodeIndex::new(old_index));
                if let Some(&new_index) =
                    old_node.and_then(|n| index_of.get(&node_key(&old.dataset, n)))
                {
                    pinned.insert(new_index, pos);
                }
            }
            if let Some(Selection::Node(node)) = self.selection {
                selection = index_of
                    .get(&node_key(&old.dataset, node))
                    .and_then(|&i| graph.node(petgraph::graph::NodeIndex::new(i)))
                    .map(Selection::Node);
            }
        }
        let keep_view = previous.is_some();
        let old_positions = previous
            .as_ref()
            .filter(|old| old.request == request)
            .map(|old| old.target.clone());
        self.selection = selection;
        self.filter = self.restore_filter(&dataset);
        let mut doc = Document {
            source,
            summary: dataset.summary(),
            panel: filter_panel::PanelFacts::new(&dataset),
            catalog: NodeCatalog::new(&dataset, &graph),
            dataset: Arc::new(dataset),
            graph,
            request: Arc::clone(&request),
            target: Vec::new(),
            shown: Vec::new(),
            pinned,
            visible: Subgraph::default(),
        };
        doc.visible = doc.graph.subgraph(&doc.dataset, &self.filter);
        self.layout_job = None;
        if let Some(positions) = old_positions {
            // Same structure (only texts changed): keep the picture exactly.
            doc.target.clone_from(&positions);
            doc.shown = positions;
        } else {
            self.layout_job = start_layout(&mut doc, ctx, LayoutStart::Seeded);
        }
        for (&i, &p) in &doc.pinned {
            if let (Some(t), Some(s)) = (doc.target.get_mut(i), doc.shown.get_mut(i)) {
                *t = p;
                *s = p;
            }
        }
        let file_key = doc.source.display_name();
        self.fit = if keep_view { Fit::Done } else { Fit::Now };
        if let Some((saved_for, camera)) = &self.state.camera
            && !keep_view
            && *saved_for == file_key
        {
            self.camera = *camera;
            self.fit = Fit::Done;
        }
        self.doc = Some(doc);
    }

    /// The filter for a newly loaded dataset, from the saved issue ids and toggles.
    fn restore_filter(&self, dataset: &Dataset) -> Filter {
        let issues = self.state.issues.as_ref().and_then(|ids| {
            let set: BTreeSet<_> = ids.iter().filter_map(|id| dataset.find_issue(id)).collect();
            // Saved ids that all vanished mean a different file: show everything.
            (ids.is_empty() || !set.is_empty()).then_some(set)
        });
        Filter {
            issues,
            stances: StanceKind::ALL
                .into_iter()
                .filter(|s| !self.state.hidden_stances.contains(s))
                .collect(),
            actor_kinds: ActorKind::ALL
                .into_iter()
                .filter(|k| !self.state.hidden_kinds.contains(k))
                .collect(),
        }
    }

    /// Saves the filter into the persisted state and recomputes what is visible.
    fn filter_changed(&mut self) {
        let Some(doc) = &mut self.doc else { return };
        self.state.issues = self.filter.issues.as_ref().map(|set| {
            set.iter()
                .map(|&i| doc.dataset.issue(i).id.clone())
                .collect()
        });
        self.state.hidden_stances = StanceKind::ALL
            .into_iter()
            .filter(|s| !self.filter.stances.contains(s))
            .collect();
        self.state.hidden_kinds = ActorKind::ALL
            .into_iter()
            .filter(|k| !self.filter.actor_kinds.contains(k))
            .collect();
        doc.visible = doc.graph.subgraph(&doc.dataset, &self.filter);
        self.scene = None;
        self.fit = Fit::Now;
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenDialog => {
                let dir = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.source.path())
                    .and_then(|p| p.parent())
                    .map(std::path::Path::to_path_buf);
                self.background.pick_file(dir);
            }
            Command::OpenExport => {
                if self.doc.is_some() {
                    if self.export_dialog.path.is_empty() {
                        self.export_dialog.path =
                            self.suggested_export_path().display().to_string();
                    }
                    self.export_dialog.open = true;
                }
            }
            Command::Select(selection) => {
                if self.selection != selection {
                    self.selection = selection;
                    self.apply_selection();
                }
            }
            Command::Focus(node) => {
                self.selection = Some(Selection::Node(node));
                self.scene = None;
                self.center_on(node);
            }
            Command::Relayout => {
                // Forget dragged nodes and lay out again, as at load (the same request, so the
                // same result); the nodes glide from where they are, moving the scene in place
                // (`animate`), and the view fits where they come to rest.
                if let Some(doc) = &mut self.doc {
                    doc.pinned.clear();
                    // Stop the running worker before starting the next.
                    self.layout_job = None;
                    self.layout_job = start_layout(doc, ctx, LayoutStart::AsShown);
                    self.fit = Fit::AtRest;
                }
            }
            Command::CancelLayout => {
                if let (Some(job), Some(doc)) = (self.layout_job.take(), &mut self.doc) {
                    job.cancel();
                    doc.target.clone_from(&doc.shown);
                }
            }
            Command::FitView => self.fit = Fit::Now,
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                self.apply_theme(ctx);
                self.scene = None;
            }
            Command::DismissProblems => self.problems_visible = false,
            Command::ShowProblems => self.problems_visible = true,
        }
    }

    /// Brings a node into view (without changing the zoom) if it is off screen.
    fn center_on(&mut self, node: Node) {
        let Some(doc) = &self.doc else { return };
        let index = match node {
            Node::Actor(a) => doc.graph.actor_node(a),
            Node::Issue(i) => doc.graph.issue_node(i),
        };
        if let Some(&p) = doc.shown.get(index.index()) {
            self.camera.center = p;
        }
    }

    fn handle_background(&mut self, ctx: &egui::Context) {
        for event in self.background.poll() {
            match event {
                Event::Loaded {
                    source,
                    result,
                    reload,
                } => self.on_loaded(ctx, source, result, reload),
                Event::Changed(path) => {
                    let current = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.source.path().map(std::path::Path::to_path_buf));
                    let failed = self.problems.as_ref().map(|p| PathBuf::from(&p.path));
                    if current.as_ref() == Some(&path) || failed.as_ref() == Some(&path) {
                        self.background.load(DataSource::File(path), true);
                    }
                }
                Event::SavePicked(Some(path)) => {
                    let format = Format::from_path(&path).unwrap_or(self.export_dialog.format);
                    self.export_dialog.format = format;
                    self.export_dialog.path = path.display().to_string();
                    self.start_export();
                }
                Event::SavePicked(None) => {}
                Event::Exported(result) => {
                    self.export_dialog.busy = false;
                    self.export_dialog.status = Some(match result {
                        Ok(summary) => summary,
                        Err(error) => format!("Export failed: {error}"),
                    });
                }
                Event::Picked {
                    path: Some(path), ..
                } => {
                    self.background.load(DataSource::File(path), false);
                }
                Event::Picked {
                    path: None,
                    open_for,
                } => {
                    if open_for.as_millis() < 300 {
                        self.notice = Some(
                            "The file dialog could not open (no desktop portal?). Drop a .ron file onto the window, or pass it on the command line."
                                .to_owned(),
                        );
                    }
                }
            }
        }
        if let (Some(job), Some(doc)) = (&mut self.layout_job, &mut self.doc) {
            let (positions, done) = job.poll();
            if let Some(positions) = positions {
                doc.target = positions;
                for (&i, &p) in &doc.pinned {
                    if let Some(t) = doc.target.get_mut(i) {
                        *t = p;
                    }
                }
            }
            if done {
                self.layout_job = None;
                self.fit = Fit::AtRest;
            }
        }
    }

    /// Moves drawn positions towards the layout's; returns whether anything still moves.
    fn animate(&mut self, dt: f32) -> bool {
        let Some(doc) = &mut self.doc else {
            return false;
        };
        let t = (dt * 10.0).clamp(0.0, 1.0);
        let (mut moving, mut changed) = (false, false);
        for (shown, target) in doc.shown.iter_mut().zip(&doc.target) {
            let delta = *target - *shown;
            if delta.length_sq() > 0.01 {
                *shown += delta * t;
                moving = true;
                changed = true;
            } else if *shown != *target {
                // The last small step snaps exactly onto the layout.
                *shown = *target;
                changed = true;
            }
        }
        if changed && let Some(scene) = &mut self.scene {
            // Only positions change: move the nodes, keep labels, edges and their order.
            scene.move_to(&doc.shown);
            self.scene_generation += 1;
        }
        moving
    }

    fn handle_keys(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let open = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
        let find = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
        let export = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
        if ctx.input_mut(|i| i.consume_shortcut(&export)) {
            commands.push(Command::OpenExport);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&open)) {
            commands.push(Command::OpenDialog);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&find)) {
            ctx.memory_mut(|m| m.request_focus(filter_panel::search_id()));
        }
        if ctx.egui_wants_keyboard_input() {
            return commands;
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            commands.push(Command::Select(None));
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Home)) {
            commands.push(Command::FitView);
        }
        // Tab / Shift+Tab step through the visible nodes once one is selected; before that,
        // Tab keeps its usual job of moving between widgets.
        if let (Some(Selection::Node(node)), Some(scene)) = (self.selection, &self.scene)
            && let Some(current) = scene.nodes.iter().position(|n| n.node == node)
        {
            let count = scene.nodes.len();
            let step = ctx.input_mut(|i| {
                if i.consume_key(Modifiers::SHIFT, Key::Tab) {
                    Some(count - 1)
                } else if i.consume_key(Modifiers::NONE, Key::Tab) {
                    Some(1)
                } else {
                    None
                }
            });
            if let Some(step) = step {
                let next = &scene.nodes[(current + step) % count];
                commands.push(Command::Select(Some(Selection::Node(next.node))));
                // egui also moves widget focus on Tab, later this frame; take it back then.
                self.tab_took_focus = true;
            }
        }
        let direction = ctx.input_mut(|i| {
            [
                (Key::ArrowLeft, Vec2::new(-1.0, 0.0)),
                (Key::ArrowRight, Vec2::new(1.0, 0.0)),
                (Key::ArrowUp, Vec2::new(0.0, -1.0)),
                (Key::ArrowDown, Vec2::new(0.0, 1.0)),
            ]
            .into_iter()
            .find(|(key, _)| i.consume_key(Modifiers::NONE, *key))
            .map(|(_, d)| d)
        });
        if let (Some(direction), Some(scene)) = (direction, &self.scene)
            && let Some(next) = next_node(scene, self.selection, direction)
        {
            commands.push(Command::Select(Some(Selection::Node(
                scene.nodes[next].node,
            ))));
        }
        commands
    }

    /// Where an export goes by default: beside the data file, named after the dataset.
    fn suggested_export_path(&self) -> PathBuf {
        let Some(doc) = &self.doc else {
            return PathBuf::from("snapshot.png");
        };
        let stem: String = doc
            .dataset
            .title
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .split('-')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let stem = if stem.is_empty() {
            "snapshot".to_owned()
        } else {
            stem
        };
        let name = format!("{stem}.{}", self.export_dialog.format.extension());
        let folder = doc
            .source
            .path()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        folder.join(name)
    }

    /// Starts drawing and saving the snapshot the export dialog describes.
    fn start_export(&mut self) {
        let (Some(doc), Some(scene)) = (&self.doc, &self.scene) else {
            return;
        };
        let dialog = &mut self.export_dialog;
        let mut path = PathBuf::from(dialog.path.trim());
        let format = if let Some(format) = Format::from_path(&path) {
            format
        } else {
            path.set_extension(dialog.format.extension());
            dialog.path = path.display().to_string();
            dialog.format
        };
        let extent = if dialog.whole_graph {
            Extent::WholeGraph
        } else {
            Extent::View {
                center: self.camera.center,
                zoom: self.camera.zoom,
                size: self.canvas.size(),
            }
        };
        let options = ExportOptions {
            extent,
            scale: if format == Format::Png {
                dialog.scale.factor()
            } else {
                1.0
            },
            ..ExportOptions::default()
        };
        dialog.busy = true;
        dialog.status = Some(format!("Exporting {}…", path.display()));
        self.background.export(ExportJob {
            scene: scene.clone(),
            title: doc.dataset.title.clone(),
            footer: export::footer(&doc.dataset, &self.filter),
            options,
            format,
            path,
        });
    }

    fn build_scene(&mut self) {
        if self.scene.is_some() {
            return;
        }
        let Some(doc) = &self.doc else { return };
        self.scene_generation += 1;
        self.scene = Some(Scene::build_from(
            &doc.catalog,
            &doc.graph,
            &doc.visible,
            &doc.shown,
            self.selection,
            self.state.theme,
        ));
    }
}

/// Lays a document out: small graphs at once, large ones on a worker, which publishes as it
/// goes (the job is returned). A new document starts at the seeded placement. A layout started
/// again leaves the nodes where they are shown: they glide towards what the worker publishes
/// (its first, coarse placement, then the layout as it settles), so a click on "Re-layout"
/// does not prepare the seeded start of a large graph on the window's thread (a 15 ms frame
/// on 20,000 nodes) nor rebuild the scene.
fn start_layout(doc: &mut Document, ctx: &egui::Context, start: LayoutStart) -> Option<LayoutJob> {
    let request = &doc.request;
    let job =
        if request.nodes.len() <= SYNC_LAYOUT_NODES && request.edges.len() <= SYNC_LAYOUT_EDGES {
            doc.target = layout::compute(request);
            None
        } else {
            if start == LayoutStart::Seeded {
                doc.target = layout::ForceLayout::new(request).positions();
            }
            Some(LayoutJob::spawn(Arc::clone(request), ctx.clone()))
        };
    if start == LayoutStart::Seeded {
        doc.shown.clone_from(&doc.target);
    }
    job
}

/// When the view is fitted to the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// Not pending.
    Done,
    /// In the next frame that draws the graph.
    Now,
    /// Once the nodes have come to rest (after a layout, which they glide to).
    AtRest,
}

/// Where the nodes are when a layout starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LayoutStart {
    /// At the layout's seeded placement (a new document).
    Seeded,
    /// Where they are shown now (a layout started again).
    AsShown,
}

/// The visible node nearest to the selection in a direction (the most connected node when
/// nothing is selected).
fn next_node(scene: &Scene, selection: Option<Selection>, direction: Vec2) -> Option<usize> {
    let current = match selection {
        Some(Selection::Node(node)) => scene.nodes.iter().position(|n| n.node == node),
        _ => None,
    };
    let Some(current) = current else {
        return (0..scene.nodes.len())
            .max_by_key(|&i| (scene.nodes[i].degree, std::cmp::Reverse(i)));
    };
    let from = scene.nodes[current].center;
    scene
        .nodes
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != current)
        .filter_map(|(i, n)| {
            let delta = n.center - from;
            let distance = delta.length();
            let cos = delta.dot(direction) / distance.max(1e-3);
            (cos > 0.5).then_some((distance * (2.0 - cos), i))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

impl eframe::App for StancemapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.handle_background(&ctx);
        let dt = ctx.input(|i| i.stable_dt).min(0.1);
        let moving = self.animate(dt);
        if !moving && self.layout_job.is_none() && self.fit == Fit::AtRest {
            // Fitted to where the nodes ended, not to where they started gliding from.
            self.fit = Fit::Now;
        }
        self.view_cache.set_nodes_moving(moving);
        if moving || self.layout_job.is_some() {
            ctx.request_repaint();
        }

        // Files dropped onto the window.
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.background.load(DataSource::File(path), false);
        }

        let mut commands = self.handle_keys(&ctx);
        self.build_scene();

        // Window title names the dataset.
        let title = match self.dataset() {
            Some(dataset) => format!("{} — stancemap", dataset.title),
            None => "stancemap".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let file = self
            .doc
            .as_ref()
            .map(|d| d.source.display_name())
            .or_else(|| self.problems.as_ref().map(|p| p.path.clone()))
            .unwrap_or_default();
        egui::Panel::top("toolbar").show(ui, |ui| {
            let info = toolbar::ToolbarInfo {
                file: &file,
                problem_count: self.problems.as_ref().map_or(0, |p| p.problems.len()),
                problems_hidden: !self.problems_visible,
                theme: self.state.theme,
                has_data: self.doc.is_some(),
            };
            commands.extend(toolbar::toolbar_ui(ui, &info));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            let info = toolbar::StatusInfo {
                counts: self.status_counts(),
                layout_progress: self.layout_job.as_ref().map(LayoutJob::progress),
                loading: self.background.loading().map(str::to_owned),
                exporting: self.export_dialog.busy,
            };
            commands.extend(toolbar::status_ui(ui, &info));
        });
        if let (Some(error), true) = (&self.problems, self.problems_visible) {
            egui::Panel::bottom("problems")
                .resizable(true)
                .show(ui, |ui| {
                    commands.extend(problems::problems_ui(ui, error, self.doc.is_some()));
                });
        }
        if let Some(notice) = self.notice.clone() {
            egui::Panel::bottom("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(notice);
                    if ui.button("OK").clicked() {
                        self.notice = None;
                    }
                });
            });
        }

        if let Some(doc) = &mut self.doc {
            let before = self.filter.clone();
            egui::Panel::left("filters")
                .resizable(true)
                .default_size(280.0)
                .min_size(200.0)
                .show(ui, |ui| {
                    commands.extend(filter_panel::filter_panel_ui(
                        ui,
                        &doc.dataset,
                        &doc.graph,
                        &mut doc.panel,
                        &mut self.filter,
                        &mut self.search,
                        self.state.theme,
                    ));
                });
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(320.0)
                .min_size(220.0)
                .show(ui, |ui| {
                    commands.extend(inspector::inspector_ui(
                        ui,
                        &doc.dataset,
                        &doc.summary,
                        &doc.graph,
                        self.selection,
                        self.state.theme,
                    ));
                });
            if self.filter != before {
                self.filter_changed();
                self.build_scene();
            }
        }

        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let (Some(doc), Some(scene)) = (&self.doc, &self.scene) else {
                    ui.centered_and_justified(|ui| {
                        if self.background.loading().is_some() {
                            ui.spinner();
                        } else {
                            ui.label("No dataset loaded. Open a positions file (Ctrl+O) or drop one here.");
                        }
                    });
                    return;
                };
                if self.fit == Fit::Now {
                    let canvas = ui.available_rect_before_wrap();
                    let legend = graph_view::legend_height(ui.ctx(), scene, canvas);
                    self.camera = Camera::fit(scene.bounds(), canvas, legend);
                    self.fit = Fit::Done;
                }
                self.canvas = ui.available_rect_before_wrap();
                let output = graph_view::graph_view_ui(
                    ui,
                    scene,
                    self.scene_generation,
                    &doc.dataset,
                    &mut self.camera,
                    &mut self.view_cache,
                );
                commands.extend(output.commands);
                if let Some((index, world)) = output.moved {
                    if let Some(doc) = &mut self.doc {
                        doc.pinned.insert(index.index(), world);
                        if let (Some(t), Some(s)) = (doc.target.get_mut(index.index()), doc.shown.get_mut(index.index())) {
                            *t = world;
                            *s = world;
                        }
                    }
                    self.scene = None;
                }
                if let Some(doc) = &self.doc
                    && output.camera_moved
                {
                    self.state.camera = Some((doc.source.display_name(), self.camera));
                }
            });

        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            let rect = ctx.content_rect();
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(120));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a positions file to open it",
                egui::FontId::proportional(22.0),
                egui::Color32::WHITE,
            );
        }

        match export_dialog::export_dialog_ui(&ctx, &mut self.export_dialog) {
            DialogAction::Export => self.start_export(),
            DialogAction::Browse => {
                self.background
                    .save_file(PathBuf::from(self.export_dialog.path.trim()));
            }
            DialogAction::None => {}
        }

        for command in commands {
            self.run_command(&ctx, command);
        }
        if std::mem::take(&mut self.tab_took_focus) {
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
        if self.scene.is_none() && self.doc.is_some() {
            ctx.request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
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
