//! The graph view: actors and issues as nodes, positions as edges, drawn from the document's
//! scene. It keeps its own camera and painter caches; selection, filter and drags go to the
//! app as commands.

mod camera;
mod groups;
mod layers;
mod legend;
mod paint;

pub(crate) use paint::line_shapes;
mod tooltip;

use std::any::Any;

use egui::{Key, Modifiers, Rect, Ui, Vec2};

pub use self::camera::Camera;
pub use self::layers::ViewCache;
pub use self::legend::legend_height;
pub use self::paint::{
    GraphViewOutput, graph_view_ui, node_id, node_label, paint_line, paint_shape,
};
use super::Command;
use super::view::{Picture, Snapshot, View, ViewContext, ViewEvent};
use crate::document::Selection;
use crate::export::Extent;
use crate::scene::{Scene, SceneCache};

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

/// The graph view's state between frames.
pub struct GraphView {
    camera: Camera,
    fit: Fit,
    /// The view's rectangle last frame (for "current view" exports).
    canvas: Rect,
    scenes: SceneCache,
    cache: ViewCache,
    /// A Tab moved the selection this frame, so the widget focus egui gave away is undone.
    tab_took_focus: bool,
}

impl Default for GraphView {
    fn default() -> Self {
        Self {
            camera: Camera::default(),
            fit: Fit::Now,
            canvas: Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            scenes: SceneCache::default(),
            cache: ViewCache::default(),
            tab_took_focus: false,
        }
    }
}

impl GraphView {
    /// Draws edges and node shapes through the retained GPU layers when `gpu`.
    pub fn use_gpu(&mut self, gpu: bool) {
        self.cache = ViewCache::new(gpu);
    }

    /// Whether the view draws through the retained GPU layers.
    pub fn uses_gpu(&self) -> bool {
        self.cache.uses_gpu()
    }

    /// The camera.
    pub fn camera(&self) -> Camera {
        self.camera
    }

    /// Zooms by a factor around the view's centre.
    pub fn zoom_by(&mut self, factor: f32) {
        self.camera.zoom = (self.camera.zoom * factor)
            .clamp(*Camera::ZOOM_RANGE.start(), *Camera::ZOOM_RANGE.end());
    }

    /// The scene last drawn.
    pub fn scene(&self) -> Option<&Scene> {
        self.scenes.scene()
    }
}

impl View for GraphView {
    fn id(&self) -> &'static str {
        "graph"
    }

    fn title(&self) -> &'static str {
        "Graph"
    }

    fn description(&self) -> &'static str {
        "Actors and issues as a graph of positions"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let Self {
            camera,
            fit,
            canvas,
            scenes,
            cache,
            tab_took_focus: _,
        } = self;
        scenes.update(cx.doc, cx.theme);
        let generation = scenes.generation();
        let Some(scene) = scenes.scene() else {
            return Vec::new();
        };
        if !cx.moving && !cx.layout_running && *fit == Fit::AtRest {
            // Fitted to where the nodes ended, not to where they started gliding from.
            *fit = Fit::Now;
        }
        cache.set_nodes_moving(cx.moving);
        *canvas = ui.available_rect_before_wrap();
        if *fit == Fit::Now {
            let legend = legend_height(ui.ctx(), scene, *canvas);
            *camera = Camera::fit(scene.bounds_at(cx.doc.goal()), *canvas, legend);
            *fit = Fit::Done;
        }
        let output = graph_view_ui(ui, scene, generation, cx.doc.dataset(), camera, cache);
        let mut commands = output.commands;
        if let Some((index, world)) = output.moved {
            commands.push(Command::Pin(index, world));
        }
        commands
    }

    fn keys(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        // The document may have changed since the last frame (a reload): bring the scene up
        // to date before reading node indices from it.
        let scene = self.scenes.update(cx.doc, cx.theme);
        let selection = cx.doc.selection();
        // Tab / Shift+Tab step through the visible nodes once one is selected; before that,
        // Tab keeps its usual job of moving between widgets.
        if let Some(Selection::Node(node)) = selection
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
        if let Some(direction) = direction
            && let Some(next) = next_node(scene, selection, direction)
        {
            commands.push(Command::Select(Some(Selection::Node(
                scene.nodes[next].node,
            ))));
        }
        commands
    }

    fn on_event(&mut self, event: ViewEvent, cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept } => {
                self.fit = if kept { Fit::Done } else { Fit::Now };
            }
            ViewEvent::FilterChanged | ViewEvent::Fit => self.fit = Fit::Now,
            ViewEvent::LayoutStarted | ViewEvent::LayoutFinished => self.fit = Fit::AtRest,
            // A match chosen in the search: centred, and zoomed in to where names are read
            // (never out), a fit still pending given up so it does not take the node away.
            ViewEvent::Focus(node) => {
                if let Some(p) = cx.doc.position_of(node) {
                    self.camera.center = p;
                    self.camera.zoom = self.camera.zoom.max(1.0);
                    self.fit = Fit::Done;
                }
            }
        }
    }

    fn end_frame(&mut self, ctx: &egui::Context) {
        if std::mem::take(&mut self.tab_took_focus) {
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&self.camera).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok(camera) = ron::from_str::<Camera>(saved)
            && camera.zoom.is_finite()
            && camera.center.is_finite()
        {
            self.camera = camera;
            self.fit = Fit::Done;
        }
    }

    fn use_gpu(&mut self, gpu: bool) {
        GraphView::use_gpu(self, gpu);
    }

    fn lays_out(&self) -> bool {
        true
    }

    fn has_picture(&self) -> bool {
        true
    }

    fn picture_can_crop(&self) -> bool {
        true
    }

    fn snapshot(&mut self, cx: &ViewContext<'_>, whole: bool) -> Option<Snapshot> {
        let scene = self.scenes.update(cx.doc, cx.theme).clone();
        let extent = if whole {
            Extent::WholeGraph
        } else {
            Extent::View {
                center: self.camera.center,
                zoom: self.camera.zoom,
                size: self.canvas.size(),
            }
        };
        Some(Snapshot {
            picture: Picture::Scene {
                scene: Box::new(scene),
                extent,
            },
            subtitle: None,
            note: None,
        })
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
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
