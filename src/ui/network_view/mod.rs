//! The network view: who agrees with whom. Actors are nodes, ties their agreement (or
//! conflict) by the Discourse Network Analyzer's measures, computed for the filter on a worker
//! thread (with progress and Stop), thinned to each actor's strongest partners, coloured by
//! bloc when the blocs are clear (else by kind), and laid out by the graph's own engine. A note
//! names the positions that repeat another word for word, with a button that counts them once.

mod controls;

use std::any::Any;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use egui::{Rect, Ui};
use emath::Pos2;

use super::Command;
use super::graph_view::{Camera, ViewCache, graph_view_ui, legend_height};
use super::view::{Picture, Snapshot, View, ViewContext, ViewEvent};
use crate::analysis::agreement::{Agreement, Duplicates, Measure, Normalization, Options, Repeats};
use crate::analysis::network::{Keep, Network, Progress};
use crate::document::{Document, Selection};
use crate::export::Extent;
use crate::graph::Node;
use crate::layout::{self, LayoutParams};
use crate::model::{Dataset, PositionIx};
use crate::scene::Scene;
use crate::scene::network::{always_labelled, blocs_of, layout_request};
use crate::style::Theme;

/// What a network is computed from.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    document: u64,
    filter: u64,
    options: Options,
    keep: Keep,
}

/// A finished network with its layout.
struct Computed {
    key: Key,
    agreement: Arc<Agreement>,
    network: Arc<Network>,
    /// Where each actor of the network is, in its order.
    positions: Vec<Pos2>,
    /// The exact repeats among the positions it was computed from.
    repeats: Repeats,
}

/// A network being computed on a worker.
struct Job {
    key: Key,
    progress: Arc<Progress>,
    /// "Comparing actors" or "Laying out".
    phase: Arc<Mutex<&'static str>>,
    rows: usize,
    result: Receiver<Option<Computed>>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }
}

/// The network view's state between frames.
pub struct NetworkView {
    options: Options,
    keep: Keep,
    job: Option<Job>,
    computed: Option<Computed>,
    /// The key a computation was stopped for (not started again until something changes).
    stopped: Option<Key>,
    scene: Option<Scene>,
    /// The document, selection, search and theme the scene shows.
    scene_for: Option<(u64, u64, u64, Theme, u64)>,
    /// The network whose blocs were handed to the document (for colouring by bloc).
    published: Option<Key>,
    scene_generation: u64,
    camera: Camera,
    fit: bool,
    canvas: Rect,
    cache: ViewCache,
}

impl Default for NetworkView {
    fn default() -> Self {
        Self {
            options: Options {
                measure: Measure::Subtract,
                normalization: Normalization::None,
                duplicates: Duplicates::Include,
            },
            keep: Keep::default(),
            job: None,
            computed: None,
            stopped: None,
            scene: None,
            scene_for: None,
            published: None,
            scene_generation: 0,
            camera: Camera::default(),
            fit: true,
            canvas: Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0)),
            cache: ViewCache::default(),
        }
    }
}

/// Computes a network and lays it out (on a worker thread).
fn compute(
    dataset: &Dataset,
    positions: &[PositionIx],
    key: Key,
    progress: &Progress,
    phase: &Mutex<&'static str>,
) -> Option<Computed> {
    let agreement = Agreement::new(dataset, positions.iter().copied(), key.options);
    let repeats = Repeats::of(dataset, positions.iter().copied());
    // Leave a core to the window.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = cores.saturating_sub(1).max(1);
    let network = Network::compute(&agreement, key.keep, threads, progress)?;
    if let Ok(mut p) = phase.lock() {
        *p = "Laying out";
    }
    let request = layout_request(
        &network,
        dataset,
        LayoutParams {
            threads,
            ..LayoutParams::default()
        },
    );
    let positions = layout::compute(&request);
    if progress.cancel.load(Ordering::Relaxed) {
        return None;
    }
    Some(Computed {
        key,
        agreement: Arc::new(agreement),
        network: Arc::new(network),
        positions,
        repeats,
    })
}

impl NetworkView {
    /// The network shown, once computed.
    pub fn network(&self) -> Option<&Network> {
        self.computed.as_ref().map(|c| &*c.network)
    }

    /// How the network is computed (the settings of the toolbar).
    pub fn options(&self) -> Options {
        self.options
    }

    /// Whether a network is being computed.
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// The scene drawn last.
    pub fn scene(&self) -> Option<&Scene> {
        self.scene.as_ref()
    }

    fn key(&self, doc: &Document) -> Key {
        let revision = doc.revision();
        Key {
            document: revision.document,
            filter: revision.filter,
            options: self.options,
            keep: self.keep,
        }
    }

    /// Starts a computation when what the network depends on changed; takes a finished one.
    fn update(&mut self, ctx: &egui::Context, doc: &Document) {
        let key = self.key(doc);
        if let Some(job) = &self.job {
            match job.result.try_recv() {
                Ok(Some(computed)) if computed.key == key => {
                    // Any change (file, filter or setting) lays the network out anew: frame it.
                    self.computed = Some(computed);
                    self.scene = None;
                    self.job = None;
                    self.fit = true;
                }
                Ok(_) | Err(std::sync::mpsc::TryRecvError::Disconnected) => self.job = None,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(std::time::Duration::from_millis(50));
                }
            }
        }
        let current = self.computed.as_ref().is_some_and(|c| c.key == key);
        let running = self.job.as_ref().is_some_and(|j| j.key == key);
        if current || running || self.stopped == Some(key) {
            return;
        }
        let progress = Arc::new(Progress::default());
        let phase = Arc::new(Mutex::new("Comparing actors"));
        let (sender, result) = channel();
        let dataset = Arc::clone(doc.dataset_arc());
        let positions: Vec<PositionIx> = doc.visible_positions().collect();
        let rows = {
            let mut actors: Vec<u32> = positions
                .iter()
                .map(|&p| dataset.position(p).actor.0)
                .collect();
            actors.sort_unstable();
            actors.dedup();
            actors.len()
        };
        let (worker_progress, worker_phase, repaint) =
            (Arc::clone(&progress), Arc::clone(&phase), ctx.clone());
        std::thread::spawn(move || {
            let computed = compute(&dataset, &positions, key, &worker_progress, &worker_phase);
            sender.send(computed).ok();
            repaint.request_repaint();
        });
        self.job = Some(Job {
            key,
            progress,
            phase,
            rows,
            result,
        });
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }

    /// The scene of the computed network for the current selection and theme.
    fn scene_of(&mut self, doc: &Document, theme: Theme) -> Option<&Scene> {
        let computed = self.computed.as_ref()?;
        let revision = doc.revision();
        let wanted = (
            revision.document,
            revision.selection,
            revision.search,
            theme,
            revision.colour,
        );
        match (&mut self.scene, self.scene_for) {
            (Some(scene), Some((document, selection, search, built_theme, colour)))
                if document == revision.document
                    && built_theme == theme
                    && colour == revision.colour =>
            {
                if selection != revision.selection {
                    scene.reselect(doc.graph(), doc.selection(), doc.marked().map(|m| &**m));
                    self.scene_generation += 1;
                }
                if search != revision.search {
                    scene.pin_labels(always_labelled(
                        &computed.network,
                        doc.dataset(),
                        doc.search(),
                    ));
                    self.scene_generation += 1;
                }
            }
            _ => {
                self.scene = Some(Scene::network(
                    &computed.network,
                    doc.dataset(),
                    doc.graph(),
                    &computed.positions,
                    doc.selection(),
                    theme,
                    doc.colouring(),
                ));
                if let Some(scene) = &mut self.scene {
                    if let Some(marked) = doc.marked() {
                        scene.reselect(doc.graph(), doc.selection(), Some(marked));
                    }
                    scene.pin_labels(always_labelled(
                        &computed.network,
                        doc.dataset(),
                        doc.search(),
                    ));
                }
                self.scene_generation += 1;
            }
        }
        self.scene_for = Some(wanted);
        self.scene.as_ref()
    }
}

impl View for NetworkView {
    fn id(&self) -> &'static str {
        "network"
    }

    fn title(&self) -> &'static str {
        "Network"
    }

    fn description(&self) -> &'static str {
        "Who agrees with whom: actors tied by their agreement, coloured as Colour by says (kind, bloc or an attribute)"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| self.controls_ui(ui, doc));
        self.update(ui.ctx(), doc);
        let mut commands = Vec::new();
        // The blocs of a new network colour every view that is coloured by bloc.
        if let Some(computed) = &self.computed
            && computed.key.document == doc.revision().document
            && self.published != Some(computed.key)
        {
            self.published = Some(computed.key);
            let blocs = blocs_of(&computed.network, doc.dataset(), computed.key.document);
            commands.push(Command::SetBlocs(Box::new(blocs)));
        }
        let generation = self.scene_generation;
        if self.scene_of(doc, cx.theme).is_none() {
            ui.centered_and_justified(|ui| {
                ui.label(if self.job.is_some() {
                    "Comparing every pair of actors…"
                } else {
                    "No network yet."
                });
            });
            return commands;
        }
        let generation = generation.max(self.scene_generation);
        let Self {
            scene,
            camera,
            fit,
            canvas,
            cache,
            computed,
            scene_generation,
            ..
        } = self;
        let (Some(scene), Some(computed)) = (scene.as_mut(), computed.as_mut()) else {
            return commands;
        };
        *canvas = ui.available_rect_before_wrap();
        if std::mem::take(fit) {
            let legend = legend_height(ui.ctx(), scene, *canvas);
            *camera = Camera::fit(scene.bounds(), *canvas, legend);
        }
        let output = graph_view_ui(ui, scene, generation, doc.dataset(), camera, cache);
        if let Some((index, world)) = output.moved {
            // A dragged actor stays where it is put (until the network is computed again).
            if let Some(k) = scene.nodes.iter().position(|n| n.index == index) {
                if let Some(p) = computed.positions.get_mut(k) {
                    *p = world;
                }
                scene.nodes[k].center = world;
                *scene_generation += 1;
            }
        }
        commands.extend(output.commands);
        commands
    }

    fn keys(&mut self, _ctx: &egui::Context, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => {
                let options = (self.options, self.keep);
                *self = Self::default();
                (self.options, self.keep) = options;
            }
            ViewEvent::Fit => self.fit = true,
            ViewEvent::Focus(node) => {
                if let Some(scene) = &self.scene
                    && let Some(n) = scene.nodes.iter().find(|n| n.node == node)
                {
                    self.camera.center = n.center;
                }
            }
            _ => {}
        }
        let _ = cx;
    }

    fn inspector_ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let (Some(computed), Some(Selection::Node(Node::Actor(a)))) =
            (&self.computed, cx.doc.selection())
        else {
            return commands;
        };
        let Some(i) = computed.agreement.slot_of(a) else {
            return commands;
        };
        let dataset = cx.doc.dataset();
        let name = &dataset.actor(a).name;
        // The positions the network counts: those the filter shows. A position's edge is the
        // graph's edge of the same index, and the visible edges are in dataset order.
        let visible = &cx.doc.visible().edges[..cx.doc.visible().position_count];
        let counted = |actor: crate::model::ActorIx| -> Vec<PositionIx> {
            cx.doc
                .graph()
                .positions_of_actor(actor)
                .iter()
                .copied()
                .filter(|p| {
                    visible
                        .binary_search(&petgraph::graph::EdgeIndex::new(p.0 as usize))
                        .is_ok()
                })
                .collect()
        };
        let mine = counted(a);
        let mut counts = computed.agreement.counts(i);
        let net = |c: &(u32, u64, u64)| c.1 as i64 - c.2 as i64;
        let mut list_ui =
            |ui: &mut Ui, heading: &str, partners: &[&(u32, u64, u64)], none: String| {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(heading).strong());
                if partners.is_empty() {
                    ui.weak(none);
                }
                for &&c in partners {
                    let Some(&other) = computed.agreement.actors().get(c.0 as usize) else {
                        continue;
                    };
                    let pair = crate::analysis::pairs::PairCounts::of(
                        &crate::analysis::pairs::shared_issues(dataset, &mine, &counted(other)),
                    );
                    partner_ui(ui, dataset, other, c, pair, a, &mut commands);
                }
            };
        counts.sort_by_key(|c| (std::cmp::Reverse(net(c)), c.0));
        let friends: Vec<_> = counts.iter().filter(|c| net(c) > 0).take(5).collect();
        list_ui(
            ui,
            "Agrees most with",
            &friends,
            format!("None: no actor agrees with {name} more often than it disagrees."),
        );
        counts.sort_by_key(|c| (net(c), c.0));
        let opponents: Vec<_> = counts.iter().filter(|c| c.2 > 0).take(5).collect();
        list_ui(
            ui,
            "Disagrees most with",
            &opponents,
            format!("None: no actor supports what {name} rejects, or rejects what it supports."),
        );
        ui.add_space(4.0);
        ui.separator();
        commands
    }

    fn use_gpu(&mut self, gpu: bool) {
        self.cache = ViewCache::new(gpu);
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&(self.options, self.keep)).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok((options, keep)) = ron::from_str::<(Options, Keep)>(saved) {
            self.options = options;
            self.keep = keep;
        }
    }

    fn has_picture(&self) -> bool {
        true
    }

    fn picture_can_crop(&self) -> bool {
        true
    }

    fn snapshot(&mut self, cx: &ViewContext<'_>, whole: bool) -> Option<Snapshot> {
        let scene = self.scene_of(cx.doc, cx.theme)?.clone();
        let extent = if whole {
            Extent::WholeGraph
        } else {
            Extent::View {
                center: self.camera.center,
                zoom: self.camera.zoom,
                size: self.canvas.size(),
            }
        };
        let note = self
            .computed
            .as_ref()
            .map(|c| c.network.caption(c.key.options, c.key.keep));
        Some(Snapshot {
            picture: Picture::Scene {
                scene: Box::new(scene),
                extent,
            },
            subtitle: Some("who agrees with whom".to_owned()),
            note,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// One partner: a link that compares the two, on how many issues they agreed and disagreed,
/// and the network's weights of the pair.
fn partner_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    other: crate::model::ActorIx,
    (_, congruence, conflict): (u32, u64, u64),
    pair: crate::analysis::pairs::PairCounts,
    actor: crate::model::ActorIx,
    commands: &mut Vec<Command>,
) {
    ui.push_id(other.0, |ui| {
        ui.add_space(2.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(&dataset.actor(other).name)
                .on_hover_text("Compare their positions, issue by issue")
                .clicked()
            {
                commands.push(Command::Select(Some(Selection::Actors(actor, other))));
            }
            ui.label(pair.sentence());
        });
        ui.weak(format!(
            "weight: congruence {congruence}, conflict {conflict}"
        ))
        .on_hover_text(
            "The network's weights count pairs of positions: every position of one actor \
                 against every position of the other on the same issue, with the same stance \
                 (congruence) or support against reject (conflict), so statements repeated \
                 many times multiply them. The issue counts before them take each actor's \
                 latest stance on each issue once.",
        );
    });
}
