//! Work that must not block the window: loading files, watching them, and laying out.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use emath::Pos2;

use crate::layout::{ForceLayout, LayoutRequest};
use crate::model::table::TableOptions;
use crate::model::{DataSource, Dataset, LoadError};

/// How often the watched file is checked for a save.
const WATCH_INTERVAL: Duration = Duration::from_millis(300);

/// Something finished in the background.
pub enum Event {
    /// A load finished.
    Loaded {
        /// What was loaded.
        source: DataSource,
        /// The dataset and the text of a RON file as read (what a save starts from), or
        /// every problem in the file.
        result: Box<Result<(Dataset, Option<String>), LoadError>>,
        /// Whether this was a reload of the file on screen.
        reload: bool,
    },

    /// The watched file was saved.
    Changed(PathBuf),

    /// The save dialog returned.
    SavePicked(Option<PathBuf>),

    /// An export finished: a summary, or why it failed.
    Exported(Result<String, String>),

    /// The open dialog returned.
    Picked {
        /// The chosen file, if any.
        path: Option<PathBuf>,
        /// How long the dialog was open (a dialog that "returns" at once never opened).
        open_for: Duration,
    },
}

/// Background loads, the file watcher and the file dialog, reporting through one channel.
pub struct Background {
    ctx: egui::Context,
    sender: Sender<(u64, Event)>,
    receiver: Receiver<(u64, Event)>,
    /// Loads are numbered; only the newest one's result is used.
    generation: u64,
    loading: Option<String>,
    watch_stop: Option<Arc<AtomicBool>>,
}

impl Background {
    /// A worker set that repaints `ctx` whenever it has news.
    pub fn new(ctx: egui::Context) -> Self {
        let (sender, receiver) = channel();
        Self {
            ctx,
            sender,
            receiver,
            generation: 0,
            loading: None,
            watch_stop: None,
        }
    }

    /// The name of the file being loaded, if any.
    pub fn loading(&self) -> Option<&str> {
        self.loading.as_deref()
    }

    /// Loads a source on a worker thread.
    pub fn load(&mut self, source: DataSource, reload: bool, table: TableOptions) {
        self.generation += 1;
        let generation = self.generation;
        self.loading = Some(source.display_name());
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = source.load_keeping(&table);
            // Read the system fonts its text needs (Chinese, Japanese, …) here, off the
            // window's thread; the window adds them to egui when it takes the dataset.
            if let Ok((dataset, _)) = &result {
                crate::text::prepare(dataset.texts());
            }
            let result = Box::new(result);
            sender
                .send((
                    generation,
                    Event::Loaded {
                        source,
                        result,
                        reload,
                    },
                ))
                .ok();
            ctx.request_repaint();
        });
    }

    /// Watches one file for saves (replacing any earlier watch); `None` stops watching.
    pub fn watch(&mut self, path: Option<&Path>) {
        if let Some(stop) = self.watch_stop.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let Some(path) = path else { return };
        let stop = Arc::new(AtomicBool::new(false));
        self.watch_stop = Some(Arc::clone(&stop));
        let path = path.to_path_buf();
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let stamp = |p: &Path| -> Option<(SystemTime, u64)> {
                let meta = std::fs::metadata(p).ok()?;
                Some((meta.modified().ok()?, meta.len()))
            };
            let mut last = stamp(&path);
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(WATCH_INTERVAL);
                let now = stamp(&path);
                // A file briefly missing mid-save is not a change; wait for it to return.
                if now.is_some() && now != last {
                    last = now;
                    if sender.send((0, Event::Changed(path.clone()))).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            }
        });
    }

    /// Shows the native open dialog on a worker thread.
    pub fn pick_file(&self, start_dir: Option<PathBuf>) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut dialog = rfd::FileDialog::new()
                .set_title("Open a positions file")
                .add_filter(
                    "Positions (RON, CSV, TSV, spreadsheets)",
                    &["ron", "csv", "tsv", "xlsx", "xls", "ods", "dna"],
                )
                .add_filter("Positions file (RON)", &["ron"]);
            if let Some(dir) = start_dir {
                dialog = dialog.set_directory(dir);
            }
            let path = dialog.pick_file();
            sender
                .send((
                    0,
                    Event::Picked {
                        path,
                        open_for: started.elapsed(),
                    },
                ))
                .ok();
            ctx.request_repaint();
        });
    }

    /// Shows the native save dialog on a worker thread.
    pub fn save_file(&self, suggested: PathBuf) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new().set_title("Export");
            for format in crate::export::Format::ALL {
                dialog = dialog.add_filter(format.description(), format.extensions());
            }
            if let Some(dir) = suggested.parent().filter(|d| !d.as_os_str().is_empty()) {
                dialog = dialog.set_directory(dir);
            }
            if let Some(name) = suggested.file_name() {
                dialog = dialog.set_file_name(name.to_string_lossy());
            }
            sender.send((0, Event::SavePicked(dialog.save_file()))).ok();
            ctx.request_repaint();
        });
    }

    /// Draws (or writes) and saves an export on a worker thread.
    pub fn export(&self, job: ExportJob) {
        let sender = self.sender.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let result = job.run().map(|(path, bytes, what)| {
                format!(
                    "Saved {} ({what}{} KB) in {:.1} s.",
                    path.display(),
                    bytes.div_ceil(1024),
                    started.elapsed().as_secs_f64()
                )
            });
            sender
                .send((0, Event::Exported(result.map_err(|e| e.to_string()))))
                .ok();
            ctx.request_repaint();
        });
    }

    /// Everything that finished since the last call; stale load results are dropped.
    pub fn poll(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        while let Ok((generation, event)) = self.receiver.try_recv() {
            if let Event::Loaded { .. } = event {
                if generation != self.generation {
                    continue;
                }
                self.loading = None;
            }
            events.push(event);
        }
        events
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.watch(None);
    }
}

/// An export to make and save off the UI thread.
pub enum ExportJob {
    /// A picture of a scene on a page.
    Picture {
        /// What the view shows.
        scene: Box<crate::scene::Scene>,
        /// The dataset's title.
        title: String,
        /// Footer lines.
        footer: Vec<String>,
        /// Extent and scale.
        options: crate::export::ExportOptions,
        /// A picture format.
        format: crate::export::Format,
        /// Where to save.
        path: PathBuf,
    },
    /// The actor × issue matrix on a page.
    Matrix {
        /// The matrix, in the view's order.
        matrix: Arc<crate::analysis::matrix::Matrix>,
        /// Its dataset.
        dataset: Arc<Dataset>,
        /// What actors are coloured by (the stripe by each row).
        colouring: crate::style::colour::Colouring,
        /// The page's title.
        title: String,
        /// Footer lines.
        footer: Vec<String>,
        /// Colours.
        theme: crate::style::Theme,
        /// Pixels per CSS pixel.
        scale: f32,
        /// A picture format.
        format: crate::export::Format,
        /// Where to save.
        path: PathBuf,
    },
    /// The interactive HTML page of the whole map.
    Page {
        /// The map, with nothing emphasised.
        scene: Box<crate::scene::Scene>,
        /// The data behind it.
        content: Box<crate::export::html::Content>,
        /// Footer lines.
        footer: Vec<String>,
        /// Where to save.
        path: PathBuf,
    },
    /// Positions written as data.
    Data {
        /// The dataset.
        dataset: Arc<Dataset>,
        /// The positions, in the order to write them.
        rows: Vec<crate::model::PositionIx>,
        /// Actors and issues shown besides those the positions touch (graph formats).
        nodes: Vec<crate::graph::Node>,
        /// A data format.
        format: crate::export::Format,
        /// Where to save.
        path: PathBuf,
    },
}

impl ExportJob {
    /// Makes and writes the file: where, how many bytes, and what it holds ("1200×800 px, ").
    fn run(self) -> Result<(PathBuf, usize, String), crate::export::ExportError> {
        match self {
            Self::Picture {
                scene,
                title,
                footer,
                options,
                format,
                path,
            } => {
                let page = crate::export::page(&scene, &title, footer, &options);
                let bytes = crate::export::save(&page, format, &path)?;
                let (width, height) = page.pixel_size();
                Ok((path, bytes as usize, format!("{width}×{height} px, ")))
            }
            Self::Matrix {
                matrix,
                dataset,
                colouring,
                title,
                footer,
                theme,
                scale,
                format,
                path,
            } => {
                let page = crate::export::matrix::MatrixPage::new(
                    &matrix, &dataset, &title, footer, theme, scale,
                )
                .with_colouring(&colouring);
                let bytes = page.render(format)?;
                crate::export::write_atomic(&path, &bytes)?;
                let (width, height) = page.pixel_size();
                Ok((path, bytes.len(), format!("{width}×{height} px, ")))
            }
            Self::Page {
                scene,
                content,
                footer,
                path,
            } => {
                let title = content.dataset.title.clone();
                let page = crate::export::page(
                    &scene,
                    &title,
                    footer,
                    &crate::export::ExportOptions::default(),
                );
                let bytes = crate::export::html::render(&page, &content).into_bytes();
                crate::export::write_atomic(&path, &bytes)?;
                Ok((path, bytes.len(), String::new()))
            }
            Self::Data {
                dataset,
                rows,
                nodes,
                format,
                path,
            } => {
                let bytes = crate::export::data::write(format, &dataset, &rows, &nodes)?;
                crate::export::write_atomic(&path, &bytes)?;
                let n = rows.len();
                Ok((
                    path,
                    bytes.len(),
                    format!("{n} row{}, ", if n == 1 { "" } else { "s" }),
                ))
            }
        }
    }
}

/// The latest state of a layout running on a worker thread.
#[derive(Default)]
struct Shared {
    positions: Option<Vec<Pos2>>,
    progress: f32,
    done: bool,
}

/// A layout running on a worker thread, publishing positions as it goes.
pub struct LayoutJob {
    shared: Arc<Mutex<Shared>>,
    cancel: Arc<AtomicBool>,
    progress: f32,
}

/// How often a running layout publishes intermediate positions for the animation.
const PUBLISH_INTERVAL: Duration = Duration::from_millis(50);

impl LayoutJob {
    /// Starts laying out `request`.
    pub fn spawn(request: Arc<LayoutRequest>, ctx: egui::Context) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let cancel = Arc::new(AtomicBool::new(false));
        let (thread_shared, thread_cancel) = (Arc::clone(&shared), Arc::clone(&cancel));
        std::thread::spawn(move || {
            let mut layout = ForceLayout::new(&request);
            let mut published = Instant::now();
            while !thread_cancel.load(Ordering::Relaxed) {
                let done = layout.step(&request);
                if done || published.elapsed() >= PUBLISH_INTERVAL {
                    published = Instant::now();
                    if let Ok(mut shared) = thread_shared.lock() {
                        shared.positions = Some(layout.positions());
                        shared.progress = layout.progress(&request);
                        shared.done = done;
                    }
                    ctx.request_repaint();
                }
                if done {
                    break;
                }
            }
        });
        Self {
            shared,
            cancel,
            progress: 0.0,
        }
    }

    /// New positions since the last call, and whether the layout has finished.
    pub fn poll(&mut self) -> (Option<Vec<Pos2>>, bool) {
        let Ok(mut shared) = self.shared.lock() else {
            return (None, true);
        };
        self.progress = shared.progress;
        (shared.positions.take(), shared.done)
    }

    /// Progress from 0 to 1.
    pub fn progress(&self) -> f32 {
        self.progress
    }

    /// Stops the worker.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Drop for LayoutJob {
    fn drop(&mut self) {
        self.cancel();
    }
}
