//! What the graph view keeps between frames: which nodes are on screen, which labels show,
//! and the two retained layers (edges as a mesh, node shapes as instances), rebuilt only when
//! the scene or the camera leaves them.

use std::sync::Arc;

use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use super::camera::Camera;
use super::paint::{clip_segment, line_shapes, node_shape};
use crate::scene::Scene;
use crate::style::{self, Emphasis, NODE_STROKE, SELECTION_RING_GAP, SELECTION_RING_WIDTH, Shape};
use crate::ui::gpu_layer;

/// The most edges drawn in one frame; beyond it a stable sample is drawn.
const EDGE_BUDGET: usize = 12_000;

/// From this many nodes, moving nodes are drawn without outlines through egui (the GPU layers
/// draw outlines at no extra cost).
const MOVING_OUTLINE_LIMIT: usize = 2000;

/// What the view derives from the scene and the camera, kept while they stay the same:
/// which nodes are on screen and which labels show (for the exact camera), and two layers:
/// the edges tessellated into a mesh, and the node shapes (instances on the GPU, a mesh
/// through egui). On the GPU the layers cover more than the canvas and are moved and scaled
/// by the GPU while the user pans or zooms, and rebuilt only when the view leaves them, the
/// zoom settles, or the scene changes; through egui (no wgpu) they are rebuilt for every
/// camera. Moving the pointer over a large graph costs neither.
#[derive(Default)]
pub struct ViewCache {
    /// Whether the meshes are drawn by [`gpu_layer`] (set once, when the app starts).
    pub(super) gpu: bool,
    pub(super) key: Option<ViewCacheKey>,
    pub(super) on_screen: Vec<bool>,
    pub(super) labels: Vec<bool>,
    pub(super) layers: Option<Layers>,
    /// The zoom of the previous frame, to tell a zoom in progress from one that settled.
    pub(super) last_zoom: f32,
    /// Whether the nodes are moving (an animation towards a layout), set by the app.
    pub(super) nodes_moving: bool,
    /// When the labels were last placed (egui time, seconds).
    pub(super) labels_placed_at: f64,
}

impl ViewCache {
    /// A cache whose meshes are drawn by the GPU layers when `gpu` (see [`gpu_layer::install`]).
    pub fn new(gpu: bool) -> Self {
        Self {
            gpu,
            ..Self::default()
        }
    }

    /// Whether the meshes go to the GPU layers.
    pub fn uses_gpu(&self) -> bool {
        self.gpu
    }

    /// Tells the view whether the nodes are moving this frame.
    pub fn set_nodes_moving(&mut self, moving: bool) {
        if self.nodes_moving && !moving {
            // Place the labels for where the nodes came to rest.
            self.key = None;
        }
        self.nodes_moving = moving;
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) struct ViewCacheKey {
    pub(super) scene: u64,
    pub(super) center: Pos2,
    pub(super) zoom: f32,
    pub(super) canvas: Rect,
    pub(super) pixels_per_point: f32,
}

/// The edge and node layers, built for one camera over `region` (screen points).
pub(super) struct Layers {
    /// Built while nodes moved (at reduced quality).
    pub(super) moving: bool,
    /// One edge in `stride` of those in view is drawn (1: all).
    pub(super) stride: u64,
    pub(super) scene: u64,
    pub(super) canvas: Rect,
    pub(super) pixels_per_point: f32,
    pub(super) camera: Camera,
    pub(super) region: Rect,
    pub(super) edges: Arc<egui::Mesh>,
    /// Node shapes: instances the GPU draws, or (through egui) a tessellated mesh.
    pub(super) nodes: gpu_layer::Content,
    pub(super) generation: u64,
    /// Edges drawn and edges crossing the canvas, at build time.
    pub(super) drawn: usize,
    pub(super) in_view: usize,
    /// The edges in the meshes (by index into the scene's edges): the ones the pointer can
    /// be over. A sampled-out edge is not drawn, so it shows no tooltip either; and the
    /// pointer's hit test looks at these rather than at every edge of a large graph.
    pub(super) hittable: Vec<u32>,
}

impl Layers {
    /// Whether the meshes must be rebuilt for this frame.
    #[expect(
        clippy::float_cmp,
        reason = "equality of cached inputs, not of computed values"
    )]
    pub(super) fn stale(
        &self,
        gpu: bool,
        scene: u64,
        camera: &Camera,
        canvas: Rect,
        pixels_per_point: f32,
        zooming: bool,
    ) -> bool {
        if self.scene != scene || self.canvas != canvas || self.pixels_per_point != pixels_per_point
        {
            return true;
        }
        if !gpu {
            return self.camera != *camera;
        }
        let (scale, offset) = self.transform(camera, canvas);
        let covered = Rect::from_min_max(
            self.region.min * scale + offset,
            self.region.max * scale + offset,
        );
        // Rebuild when the view leaves the meshes, when a zoom has gone far, or one frame
        // after it settles (until then the GPU scales the old meshes: no stall mid-gesture).
        !covered.contains_rect(canvas)
            || !(0.6..=1.6).contains(&scale)
            || (self.camera.zoom != camera.zoom && !zooming)
    }

    /// Where the mesh points go now: `point * scale + offset` for the current camera.
    pub(super) fn transform(&self, camera: &Camera, canvas: Rect) -> (f32, Vec2) {
        let scale = camera.zoom / self.camera.zoom;
        let center = canvas.center().to_vec2();
        let offset = center + (self.camera.center - camera.center) * camera.zoom - center * scale;
        (scale, offset)
    }
}

/// Which nodes are on screen (with a little room, so half-visible nodes count).
pub(super) fn on_screen_nodes(scene: &Scene, camera: &Camera, canvas: Rect) -> Vec<bool> {
    let world_view = camera.visible_world(canvas).expand(40.0 / camera.zoom);
    scene
        .nodes
        .iter()
        .map(|n| world_view.expand(n.radius).contains(n.center))
        .collect()
}

/// What a layer build covers: the camera and canvas it is built for, and the region (screen
/// points, the canvas and a margin around it) it draws.
#[derive(Clone, Copy, Debug)]
pub(super) struct View {
    pub(super) camera: Camera,
    pub(super) canvas: Rect,
    pub(super) region: Rect,
}

/// Whether the layers are built for nodes at rest or in motion.
#[derive(Clone, Copy, Debug)]
pub(super) enum Motion {
    /// Full quality.
    AtRest,
    /// Nodes glide: no outlines on crowds through egui, and the edge sample (stride, edges in
    /// view) of the previous build, if any, is kept.
    Moving { sample: Option<(u64, usize)> },
}

/// Builds the layers inside `region` (screen points) for a camera: the edges tessellated, the
/// node shapes as instances (on the GPU) or tessellated (through egui). Only
/// the part of each edge inside the region is drawn, so dashes far off screen cost nothing;
/// past a budget a fixed sample of the plain edges is drawn (the same ones every time, so
/// nothing flickers) while the selection's edges always are. Zooming in brings back all.
pub(super) fn build_layers(
    ctx: &egui::Context,
    gpu: bool,
    scene: &Scene,
    scene_generation: u64,
    view: View,
    motion: Motion,
    recycled: egui::Mesh,
) -> Layers {
    let View {
        camera,
        canvas,
        region,
    } = view;
    let (moving, moving_sample) = match motion {
        Motion::AtRest => (false, None),
        Motion::Moving { sample } => (true, sample),
    };
    // Through egui, moving crowds of nodes are drawn without outlines (half the tessellation;
    // nobody reads an outline in motion); at rest every node has its outline again. The GPU
    // draws node shapes from parameters, outlines included, at no extra cost.
    let outlines = gpu || !moving || scene.nodes.len() < MOVING_OUTLINE_LIMIT;
    let to_screen = |p: Pos2| camera.screen_from_world(canvas, p);
    // First a cheap bounding-box cull (it runs over every edge); exact clipping only for the
    // edges drawn.
    let boxed = |a: Pos2, b: Pos2, rect: Rect| {
        a.x.max(b.x) >= rect.min.x
            && a.x.min(b.x) <= rect.max.x
            && a.y.max(b.y) >= rect.min.y
            && a.y.min(b.y) <= rect.max.y
    };
    // The sample is keyed by an edge's two nodes, not its place in the list: an edit that
    // adds or removes an edge leaves every other edge in or out of the sample as it was.
    // One in `stride`: a 24-bit hash below the stride's share of its range (a comparison,
    // not a division for each of 200,000 edges).
    let sampled = |i: usize, stride: u64| {
        let edge = &scene.edges[i];
        let key = ((edge.from as u64) << 32) ^ edge.to as u64;
        stride == 1 || (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) < (1 << 24) / stride
    };
    let emphasised = |i: usize| {
        matches!(
            scene.edges[i].emphasis,
            Emphasis::Selected | Emphasis::Highlighted
        )
    };
    // Screen positions in one compact array: the edge pass below looks up two per edge, and
    // the node records themselves are too large to stay in cache.
    let screen: Vec<Pos2> = scene.nodes.iter().map(|n| to_screen(n.center)).collect();
    // The budget counts the edges crossing the canvas (not the margin around it), so the
    // GPU layers and egui's painter thin the same view the same way. While nodes move, the
    // sample of the last build is kept (and its count in view), so the edges it leaves out
    // are not even looked at.
    let (stride, in_view) = moving_sample.unwrap_or_else(|| {
        let in_view = scene
            .edges
            .iter()
            .filter(|e| boxed(screen[e.from], screen[e.to], canvas))
            .count();
        (in_view.div_ceil(EDGE_BUDGET).max(1) as u64, in_view)
    });
    let mut shapes = Vec::with_capacity(in_view.min(EDGE_BUDGET * 2));
    let mut drawn = 0;
    let mut hittable = Vec::with_capacity(in_view.min(EDGE_BUDGET * 2));
    for &i in scene.edge_paint_order() {
        if !sampled(i, stride) && !emphasised(i) {
            continue;
        }
        let edge = &scene.edges[i];
        let (a, b) = (screen[edge.from], screen[edge.to]);
        if !boxed(a, b, region) {
            continue;
        }
        let crosses_canvas = boxed(a, b, canvas);
        let Some((a, b)) = clip_segment(a, b, region) else {
            continue;
        };
        drawn += usize::from(crosses_canvas);
        hittable.push(u32::try_from(i).unwrap_or(u32::MAX));
        let (color, width) = scene.edge_look(edge, camera.zoom, false);
        line_shapes(
            a,
            b,
            color,
            width,
            style::dash_at(edge.dash, width),
            &mut shapes,
        );
        if edge.changed {
            let middle = screen[edge.from].lerp(screen[edge.to], 0.5);
            if region.contains(middle) {
                let (radius, outline) = style::change_ring(width);
                shapes.push(egui::Shape::circle_filled(
                    middle,
                    radius,
                    scene.theme.palette().background,
                ));
                shapes.push(egui::Shape::circle_stroke(
                    middle,
                    radius,
                    egui::Stroke::new(outline, color),
                ));
            }
        }
    }
    let edges = tessellate(ctx, shapes, region, recycled);

    let instances = node_instances(scene, view, outlines);
    let nodes = if gpu {
        gpu_layer::Content::Nodes(instances.into())
    } else {
        let shapes = instances.iter().map(instance_shape).collect();
        let mesh = tessellate(ctx, shapes, region, egui::Mesh::default());
        gpu_layer::Content::Mesh(Arc::new(mesh))
    };
    Layers {
        moving,
        stride,
        scene: scene_generation,
        canvas,
        pixels_per_point: ctx.pixels_per_point(),
        camera,
        region,
        edges: Arc::new(edges),
        nodes,
        generation: gpu_layer::next_generation(),
        drawn,
        in_view,
        hittable,
    }
}

/// The node shapes (and the selection ring) inside `region`, as instances for the GPU (one
/// small record per node: a view of 20,000 nodes is 20,000 records rather than 700,000
/// vertices). Through egui the same instances become shapes ([`instance_shape`]), so both
/// paths draw one geometry. Without `outlines`, nodes have none (the selection ring stays).
pub(super) fn node_instances(
    scene: &Scene,
    view: View,
    outlines: bool,
) -> Vec<gpu_layer::NodeInstance> {
    let View {
        camera,
        canvas,
        region,
    } = view;
    let mut instances = Vec::with_capacity(scene.nodes.len());
    for node in &scene.nodes {
        let look = scene.node_look(node, camera.zoom);
        let center = camera.screen_from_world(canvas, node.center);
        if !region
            .expand(look.radius + SELECTION_RING_GAP + SELECTION_RING_WIDTH)
            .contains(center)
        {
            continue;
        }
        let (shape, rounding) = match node.shape {
            Shape::Circle => (gpu_layer::NodeInstance::CIRCLE, 0.0),
            Shape::Diamond => (gpu_layer::NodeInstance::DIAMOND, 0.0),
            Shape::Square => (
                gpu_layer::NodeInstance::SQUARE,
                f32::from(square_rounding(look.radius)),
            ),
            Shape::Hexagon => (gpu_layer::NodeInstance::HEXAGON, 0.0),
            Shape::Triangle => (gpu_layer::NodeInstance::TRIANGLE, 0.0),
        };
        instances.push(gpu_layer::NodeInstance {
            center: center.into(),
            radius: look.radius,
            stroke_width: if outlines { NODE_STROKE } else { 0.0 },
            fill: look.fill.to_array(),
            stroke: look.stroke.to_array(),
            shape,
            rounding,
        });
        if let Some(ring) = look.ring {
            instances.push(gpu_layer::NodeInstance {
                center: center.into(),
                radius: look.radius + SELECTION_RING_GAP,
                stroke_width: SELECTION_RING_WIDTH,
                fill: [0; 4],
                stroke: ring.to_array(),
                shape: gpu_layer::NodeInstance::CIRCLE,
                rounding: 0.0,
            });
        }
    }
    instances
}

/// The egui shape of a node instance (for egui's tessellator, when there is no GPU layer).
pub(super) fn instance_shape(instance: &gpu_layer::NodeInstance) -> egui::Shape {
    let color = |[r, g, b, a]: [u8; 4]| Color32::from_rgba_premultiplied(r, g, b, a);
    let shape = match instance.shape {
        gpu_layer::NodeInstance::DIAMOND => Shape::Diamond,
        gpu_layer::NodeInstance::SQUARE => Shape::Square,
        gpu_layer::NodeInstance::HEXAGON => Shape::Hexagon,
        gpu_layer::NodeInstance::TRIANGLE => Shape::Triangle,
        _ => Shape::Circle,
    };
    node_shape(
        shape,
        instance.center.into(),
        instance.radius,
        color(instance.fill),
        Stroke::new(instance.stroke_width, color(instance.stroke)),
    )
}

/// The corner radius of a square node of radius `r`, in whole points (as egui rounds it).
pub(super) fn square_rounding(r: f32) -> u8 {
    (r * 0.3) as u8
}

/// An empty mesh to tessellate the next edge layer into: the previous one's memory when
/// nothing else holds it any more (the frame that drew it is over), else a fresh mesh with as
/// much room. Growing a mesh of a million vertices from nothing copied it again at every
/// doubling and faulted in fresh pages each time (a large share of a rebuild's profile).
pub(super) fn recycle(previous: Option<Arc<egui::Mesh>>) -> egui::Mesh {
    match previous.map(Arc::try_unwrap) {
        Some(Ok(mut mesh)) => {
            // Not `Mesh::clear`, which lets the vertices' memory go.
            mesh.vertices.clear();
            mesh.indices.clear();
            mesh
        }
        Some(Err(shared)) => {
            let mut mesh = egui::Mesh::default();
            mesh.reserve_vertices(shared.vertices.len());
            mesh.reserve_triangles(shared.indices.len() / 3);
            mesh
        }
        None => egui::Mesh::default(),
    }
}

/// Shapes appended to `mesh` (expected empty), with the context's anti-aliasing, clipped to
/// `clip`.
pub(super) fn tessellate(
    ctx: &egui::Context,
    shapes: Vec<egui::Shape>,
    clip: Rect,
    mut mesh: egui::Mesh,
) -> egui::Mesh {
    let options = ctx.tessellation_options(|o| *o);
    let mut tessellator =
        egui::epaint::Tessellator::new(ctx.pixels_per_point(), options, [1, 1], Vec::new());
    tessellator.set_clip_rect(clip);
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    mesh
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use egui::{Pos2, Rect, pos2, vec2};

    use super::{Camera, EDGE_BUDGET, Motion, View, build_layers};
    use crate::graph::{Filter, StanceGraph};
    use crate::scene::Scene;
    use crate::style::Theme;

    /// Every one of `actors` takes a stance on every one of `issues`, placed on two facing
    /// arcs so that the edges fan across the view.
    fn dense_scene(actors: usize, issues: usize) -> Scene {
        let mut text = String::from("(title: \"Dense\", actors: [");
        for a in 0..actors {
            let _ = write!(text, "(id: \"a{a}\", name: \"A{a}\", kind: Country),");
        }
        text.push_str("], issues: [");
        for i in 0..issues {
            let _ = write!(text, "(id: \"i{i}\", name: \"I{i}\"),");
        }
        text.push_str("], positions: [");
        for a in 0..actors {
            for i in 0..issues {
                let _ = write!(
                    text,
                    "(actor: \"a{a}\", issue: \"i{i}\", stance: Support, quote: \"q\"),"
                );
            }
        }
        text.push_str("])");
        let dataset = crate::model::load_str(&text, "dense.ron").expect("valid");
        let graph = StanceGraph::build(&dataset);
        let visible = graph.subgraph(&dataset, &Filter::default());
        let count = graph.graph.node_count();
        let positions: Vec<Pos2> = (0..count)
            .map(|n| {
                let (side, k, of) = if n < actors {
                    (-1.0, n, actors)
                } else {
                    (1.0, n - actors, issues)
                };
                pos2(side * 300.0, (k as f32 / of as f32 - 0.5) * 500.0)
            })
            .collect();
        Scene::build(&dataset, &graph, &visible, &positions, None, Theme::Light)
    }

    #[test]
    fn only_the_edges_drawn_can_be_pointed_at() {
        let scene = dense_scene(130, 100);
        assert!(scene.edges.len() > EDGE_BUDGET);
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 700.0));
        let camera = Camera {
            center: pos2(0.0, 0.0),
            zoom: 1.0,
        };
        let ctx = egui::Context::default();
        let layers = build_layers(
            &ctx,
            false,
            &scene,
            1,
            View {
                camera,
                canvas,
                region: canvas.expand(10.0),
            },
            Motion::AtRest,
            egui::Mesh::default(),
        );
        // Sampled: fewer drawn than in view, and the hittable edges are the drawn ones.
        assert!(
            layers.drawn < layers.in_view,
            "{} of {}",
            layers.drawn,
            layers.in_view
        );
        assert_eq!(layers.hittable.len(), layers.drawn);
        let hittable: std::collections::BTreeSet<usize> =
            layers.hittable.iter().map(|&i| i as usize).collect();
        let middle = |i: usize| {
            let edge = &scene.edges[i];
            scene.nodes[edge.from]
                .center
                .lerp(scene.nodes[edge.to].center, 0.5)
        };
        // A drawn edge is found under its middle (or one as near); a sampled-out one never.
        let drawn = layers.hittable[0] as usize;
        let found = scene.edge_at_among(middle(drawn), 0.01, &layers.hittable);
        assert!(found.is_some_and(|f| hittable.contains(&f)), "{found:?}");
        let hidden = (0..scene.edges.len())
            .find(|i| !hittable.contains(i))
            .expect("a sampled-out edge");
        let found = scene.edge_at_among(middle(hidden), 0.01, &layers.hittable);
        assert_ne!(found, Some(hidden));
        assert_eq!(scene.edge_at(middle(hidden), 0.01), Some(hidden));
    }
}
