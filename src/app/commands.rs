//! How the app applies commands and background events to the document and the views.

use std::path::PathBuf;

use super::StancemapApp;
use super::background::{Event, ExportJob, LayoutJob};
use crate::document::{FilterSpec, LayoutStart, Selection};
use crate::export::{ExportOptions, Extent, Format, FormatKind};
use crate::model::DataSource;
use crate::scene::Scene;
use crate::ui::Command;
use crate::ui::view::{Picture, Snapshot, ViewContext, ViewEvent};

impl StancemapApp {
    /// Applies one command.
    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::OpenDialog => {
                let dir = self
                    .doc
                    .as_ref()
                    .and_then(|d| d.source().path())
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
            Command::Select(selection) => self.select(selection),
            Command::Focus(node) => {
                self.select(Some(Selection::Node(node)));
                self.tell_views(ViewEvent::Focus(node));
            }
            Command::Relayout => {
                // Forget dragged nodes and lay out again, as at load (the same request, so the
                // same result); the nodes glide from where they are, and the graph view fits
                // where they come to rest.
                if let Some(doc) = &mut self.doc {
                    doc.clear_pins();
                    // Stop the running worker before starting the next.
                    self.layout_job = None;
                    self.layout_job = doc
                        .start_layout(LayoutStart::AsShown)
                        .map(|request| LayoutJob::spawn(request, ctx.clone()));
                    self.tell_views(ViewEvent::LayoutStarted);
                }
            }
            Command::CancelLayout => {
                if let (Some(job), Some(doc)) = (self.layout_job.take(), &mut self.doc) {
                    job.cancel();
                    doc.layout_stopped();
                }
            }
            Command::FitView => {
                if let Some(doc) = &self.doc {
                    let cx = ViewContext {
                        doc,
                        theme: self.state.theme,
                        moving: self.moving,
                        layout_running: self.layout_job.is_some(),
                    };
                    self.views[self.current].on_event(ViewEvent::Fit, &cx);
                }
            }
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                self.apply_theme(ctx);
            }
            Command::SetColourBy(by) => {
                self.state.colour_by = by.clone();
                if let Some(doc) = &mut self.doc {
                    doc.set_colour_by(by);
                }
            }
            Command::SetBlocs(blocs) => {
                if let Some(doc) = &mut self.doc {
                    doc.set_blocs(*blocs);
                }
            }
            Command::DismissProblems => self.problems_visible = false,
            Command::ShowProblems => self.problems_visible = true,
            Command::SetFilter(filter) => {
                if let Some(doc) = &mut self.doc
                    && doc.set_filter(filter)
                {
                    self.state.filter = FilterSpec::of(doc.filter(), doc.dataset());
                    self.tell_views(ViewEvent::FilterChanged);
                }
            }
            Command::SetSearch(search) => {
                if let Some(doc) = &mut self.doc {
                    doc.set_search(search);
                }
            }
            Command::Pin(node, world) => {
                if let Some(doc) = &mut self.doc {
                    doc.pin(node, world);
                }
            }
            Command::ShowView(index) => {
                if index < self.views.len() {
                    self.current = index;
                }
            }
            Command::ShowAnswer(answer) => {
                let id = match answer {
                    crate::ui::Answer::MatrixByBlocs => "matrix",
                    crate::ui::Answer::Network => "network",
                };
                if let Some(index) = self.views.iter().position(|v| v.id() == id) {
                    self.current = index;
                    if answer == crate::ui::Answer::MatrixByBlocs
                        && let Some(matrix) = self.views[index]
                            .as_any_mut()
                            .downcast_mut::<crate::ui::matrix_view::MatrixView>()
                    {
                        matrix.set_order(crate::analysis::matrix::Order::Blocs);
                    }
                }
            }
            Command::Export => self.start_export(),
            Command::SetCompare(on) => {
                if on != self.compare.is_some() {
                    self.compare = on.then(crate::ui::compare_panel::ComparePanel::default);
                }
            }
            Command::Undo => self.undo(ctx),
            Command::Redo => self.redo(ctx),
            Command::Save => self.save_document(),
            Command::Edit(edit, select) => self.edit(ctx, *edit, select),
            Command::BrowseExport => {
                self.background
                    .save_file(PathBuf::from(self.export_dialog.path.trim()));
            }
        }
    }

    /// Applies what finished in the background: loads, file changes, dialogs, exports, and
    /// the layout worker's latest positions.
    pub(super) fn handle_background(&mut self, ctx: &egui::Context) {
        for event in self.background.poll() {
            match event {
                Event::Loaded {
                    source,
                    result,
                    reload,
                } => self.on_loaded(ctx, source, *result, reload),
                Event::Changed(path) => {
                    let current = self
                        .doc
                        .as_ref()
                        .and_then(|d| d.source().path().map(std::path::Path::to_path_buf));
                    let failed = self.problems.as_ref().map(|p| PathBuf::from(&p.path));
                    if current.as_ref() == Some(&path) || failed.as_ref() == Some(&path) {
                        self.load(DataSource::File(path), true);
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
                    self.load(DataSource::File(path), false);
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
        let mut finished = false;
        if let (Some(job), Some(doc)) = (&mut self.layout_job, &mut self.doc) {
            let (positions, done) = job.poll();
            if let Some(positions) = positions {
                doc.layout_published(positions);
            }
            finished = done;
        }
        if finished {
            self.layout_job = None;
            self.tell_views(ViewEvent::LayoutFinished);
        }
    }

    /// Where an export goes by default: beside the data file, named after the dataset.
    fn suggested_export_path(&self) -> PathBuf {
        let Some(doc) = &self.doc else {
            return PathBuf::from(format!(
                "snapshot.{}",
                self.export_dialog.format.extension()
            ));
        };
        let stem: String = doc
            .dataset()
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
            .source()
            .path()
            .and_then(std::path::Path::parent)
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        folder.join(name)
    }

    /// Starts drawing and saving what the export dialog describes, from the current view.
    fn start_export(&mut self) {
        let Some(doc) = &self.doc else { return };
        let dialog = &mut self.export_dialog;
        let mut path = PathBuf::from(dialog.path.trim());
        let format = if let Some(format) = Format::from_path(&path) {
            format
        } else {
            path.set_extension(dialog.format.extension());
            dialog.path = path.display().to_string();
            dialog.format
        };
        let cx = ViewContext {
            doc,
            theme: self.state.theme,
            moving: self.moving,
            layout_running: self.layout_job.is_some(),
        };
        let view = &mut self.views[self.current];
        let job = match format.kind() {
            FormatKind::Picture => {
                // A view that draws no picture of its own exports the whole graph as laid out.
                let snapshot = view
                    .snapshot(&cx, dialog.whole_graph)
                    .unwrap_or_else(|| Snapshot {
                        picture: Picture::Scene {
                            scene: Box::new(Scene::of(doc, self.state.theme)),
                            extent: Extent::WholeGraph,
                        },
                        subtitle: None,
                        note: None,
                    });
                let scale = if format.is_raster() {
                    dialog.scale.factor()
                } else {
                    1.0
                };
                let title = match &snapshot.subtitle {
                    Some(subtitle) => format!("{}: {subtitle}", doc.dataset().title),
                    None => doc.dataset().title.clone(),
                };
                let mut footer = doc.footer();
                if let Some(note) = snapshot.note {
                    footer.insert(1, note);
                }
                match snapshot.picture {
                    Picture::Scene { scene, extent } => ExportJob::Picture {
                        scene,
                        title,
                        footer,
                        options: ExportOptions {
                            extent,
                            scale,
                            ..ExportOptions::default()
                        },
                        format,
                        path: path.clone(),
                    },
                    Picture::Matrix(matrix) => ExportJob::Matrix {
                        matrix,
                        dataset: std::sync::Arc::clone(doc.dataset_arc()),
                        colouring: doc.colouring().clone(),
                        title,
                        footer,
                        theme: self.state.theme,
                        scale,
                        format,
                        path: path.clone(),
                    },
                }
            }
            FormatKind::Page => {
                // The page is the whole map whatever the view: it has its own matrix tab, and
                // its reader selects by clicking, so its picture starts with nothing emphasised.
                let mut scene = Scene::of(doc, self.state.theme);
                scene.reselect(doc.graph(), None, None);
                ExportJob::Page {
                    scene: Box::new(scene),
                    content: Box::new(crate::export::html::Content::of(doc)),
                    footer: doc.footer(),
                    path: path.clone(),
                }
            }
            FormatKind::Data => {
                // A view with rows of its own (the table) writes those; otherwise the filter's
                // positions and every node it shows.
                let (rows, nodes) = match view.rows(&cx) {
                    Some(rows) => (rows, Vec::new()),
                    None => (doc.visible_positions().collect(), doc.visible_nodes()),
                };
                ExportJob::Data {
                    dataset: std::sync::Arc::clone(doc.dataset_arc()),
                    rows,
                    nodes,
                    format,
                    path: path.clone(),
                }
            }
        };
        dialog.busy = true;
        dialog.status = Some(format!("Exporting {}…", path.display()));
        self.background.export(job);
    }
}
