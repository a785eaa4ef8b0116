//! Paints a [`Scene`] with egui and turns pointer and keyboard input into
//! camera moves, node drags and selection commands.

use egui::{
    Color32, CornerRadius, FontId, Id, Painter, Pos2, Rect, Sense, Stroke, Ui, Vec2,
    epaint::PathShape, pos2, vec2,
};
use petgraph::graph::NodeIndex;

use std::sync::Arc;

use super::camera::Camera;
use super::layers::{
    Motion, View, ViewCache, ViewCacheKey, build_layers, on_screen_nodes, recycle, square_rounding,
};
use super::legend::{legend_rect, paint_legend};
use super::tooltip::{node_tooltip_ui, position_tooltip_ui, tie_tooltip_ui};
use crate::document::Selection;
use crate::model::Dataset;
use crate::scene::{EdgeKind, Scene, SceneNode};
use crate::style::{self, Dash, LABEL_LINE_HEIGHT, LABEL_SIZE, Pattern, Shape, polygon_points};
use crate::ui::{Command, gpu_layer};

/// Above this many nodes on screen, only labelled nodes become widgets (the rest are still
/// clickable through the canvas hit test).
const MAX_NODE_WIDGETS: usize = 800;

/// While nodes move, labels are re-placed at most this often.
const LABEL_REPLACE_SECONDS: f64 = 0.25;

/// What happened in the graph view this frame.
#[derive(Debug, Default)]
pub struct GraphViewOutput {
    /// Commands for the app.
    pub commands: Vec<Command>,

    /// A node dragged to a new world position.
    pub moved: Option<(NodeIndex, Pos2)>,

    /// A node let go after a drag.
    pub released: Option<NodeIndex>,

    /// The camera was moved by the user.
    pub camera_moved: bool,
}

/// The accessible name of a node widget, e.g. "Leader: Friedrich Merz".
pub fn node_label(node: &SceneNode) -> String {
    node.accessible_name()
}

/// Shows the graph, handles input, and reports what the user did.
pub fn graph_view_ui(
    ui: &mut Ui,
    scene: &Scene,
    scene_generation: u64,
    dataset: &Dataset,
    camera: &mut Camera,
    cache: &mut ViewCache,
) -> GraphViewOutput {
    let mut output = GraphViewOutput::default();
    let (canvas, background) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    background.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Canvas,
            true,
            "Graph: drag to pan, scroll to zoom",
        )
    });

    // Pan and zoom.
    if background.dragged() {
        camera.center -= background.drag_delta() / camera.zoom;
        output.camera_moved = true;
    }
    if let Some(pointer) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| canvas.contains(*p))
    {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = pinch * (scroll.y * 0.0018).exp();
        if (factor - 1.0).abs() > 1e-4 {
            camera.zoom_around(canvas, pointer, factor);
            output.camera_moved = true;
        }
    }

    let painter = ui.painter_at(canvas);
    let palette = scene.theme.palette();
    painter.rect_filled(canvas, CornerRadius::ZERO, palette.background);

    let key = ViewCacheKey {
        scene: scene_generation,
        center: camera.center,
        zoom: camera.zoom,
        canvas,
        pixels_per_point: ui.ctx().pixels_per_point(),
    };
    let now = ui.input(|i| i.time);
    // While nodes glide (a layout settling), labels are re-placed a few times a second rather
    // than every frame: placing 20,000 labels costs more than a frame, and moving labels are
    // not read anyway. Once the nodes rest, they are placed for the exact view.
    let keep_labels = cache.nodes_moving
        && cache.labels.len() == scene.nodes.len()
        && now - cache.labels_placed_at < LABEL_REPLACE_SECONDS;
    if cache.key != Some(key) {
        cache.on_screen = on_screen_nodes(scene, camera, canvas);
        if !keep_labels {
            cache.labels_placed_at = now;
            // Labels stay off the legend strip drawn over the bottom of the canvas.
            let legend = legend_rect(ui.ctx(), scene, canvas).map(|r| {
                Rect::from_min_max(
                    camera.world_from_screen(canvas, r.min),
                    camera.world_from_screen(canvas, r.max),
                )
            });
            cache.labels = scene.visible_labels_avoiding(
                camera.zoom,
                Some(camera.visible_world(canvas)),
                legend.as_slice(),
            );
        }
        cache.key = Some(key);
    }
    let zooming = camera.zoom.to_bits() != cache.last_zoom.to_bits();
    cache.last_zoom = camera.zoom;
    let stale = cache.layers.as_ref().is_none_or(|layers| {
        layers.stale(
            cache.gpu,
            scene_generation,
            camera,
            canvas,
            key.pixels_per_point,
            zooming,
        )
    });
    // Meshes made while nodes moved are remade at full quality once they rest.
    let stale = stale
        || cache
            .layers
            .as_ref()
            .is_some_and(|layers| layers.moving && !cache.nodes_moving);
    if stale {
        // While nodes move the meshes are remade every frame, so a margin buys nothing.
        let margin = if cache.gpu && !cache.nodes_moving {
            canvas.size() * 0.5
        } else {
            Vec2::splat(10.0)
        };
        let motion = if cache.nodes_moving {
            Motion::Moving {
                sample: cache
                    .layers
                    .as_ref()
                    .map(|layers| (layers.stride, layers.in_view)),
            }
        } else {
            Motion::AtRest
        };
        let recycled = recycle(cache.layers.take().map(|layers| layers.edges));
        cache.layers = Some(build_layers(
            ui.ctx(),
            cache.gpu,
            scene,
            scene_generation,
            View {
                camera: *camera,
                canvas,
                region: canvas.expand2(margin),
            },
            motion,
            recycled,
        ));
    }
    if zooming {
        ui.ctx().request_repaint();
    }
    let (on_screen, labels) = (&cache.on_screen, &cache.labels);
    let Some(layers) = cache.layers.as_ref() else {
        return output;
    };
    let (layer_scale, layer_offset) = layers.transform(camera, canvas);
    let layer_shape = |layer: gpu_layer::Layer| {
        let content = match layer {
            gpu_layer::Layer::Edges => gpu_layer::Content::Mesh(Arc::clone(&layers.edges)),
            gpu_layer::Layer::Nodes => layers.nodes.clone(),
        };
        match content {
            content if cache.gpu => gpu_layer::shape(
                layer,
                &content,
                layers.generation,
                canvas,
                layer_scale,
                layer_offset,
            ),
            gpu_layer::Content::Mesh(mesh) => egui::Shape::Mesh(mesh),
            // Instances are built only for the GPU layers (see `build_layers`).
            gpu_layer::Content::Nodes(_) => {
                debug_assert!(false, "node instances without a GPU layer");
                egui::Shape::Noop
            }
        }
    };

    // Node widgets: clickable, draggable and named for screen readers and tests.
    let widget_count = on_screen.iter().filter(|&&v| v).count();
    let mut hovered_node = None;
    for (i, node) in scene.nodes.iter().enumerate() {
        if !on_screen[i] || (widget_count > MAX_NODE_WIDGETS && !labels[i]) {
            continue;
        }
        let center = camera.screen_from_world(canvas, node.center);
        let r = (node.radius * camera.zoom).max(4.0);
        let rect = Rect::from_center_size(center, Vec2::splat(2.0 * r));
        // Not focusable: Tab and the arrow keys move the selection between nodes instead
        // (see the app's key handling), not egui's focus.
        let response = ui.interact(rect, node_id(node), Sense::CLICK | Sense::DRAG);
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, node_label(node)));
        if response.clicked() {
            output
                .commands
                .push(Command::Select(Some(Selection::Node(node.node))));
        }
        if response.dragged() {
            let world = node.center + response.drag_delta() / camera.zoom;
            output.moved = Some((node.index, world));
        }
        output.released = output
            .released
            .or(response.drag_stopped().then_some(node.index));
        if response.hovered() {
            hovered_node = Some(i);
            response.on_hover_ui(|ui| node_tooltip_ui(ui, dataset, node));
        }
    }

    // Edges: hover shows the quote, click selects the position.
    let pointer_world = background
        .hover_pos()
        .map(|p| camera.world_from_screen(canvas, p));
    // No edge tooltips while nodes glide; at rest, only the edges drawn can be pointed at.
    let hovered_edge = match (hovered_node, pointer_world) {
        (None, Some(p)) if !cache.nodes_moving => {
            scene.edge_at_among(p, 5.0 / camera.zoom, &layers.hittable)
        }
        _ => None,
    };
    match hovered_edge.map(|e| scene.edges[e].kind) {
        Some(EdgeKind::Position(position, _)) => {
            background.clone().on_hover_ui_at_pointer(|ui| {
                position_tooltip_ui(ui, dataset, scene.theme, position);
            });
        }
        Some(EdgeKind::Tie(a, b)) => {
            background.clone().on_hover_ui_at_pointer(|ui| {
                tie_tooltip_ui(ui, dataset, a, b);
            });
        }
        _ => {}
    }
    if background.clicked() {
        // Nodes without a widget (too many on screen) are still hit here; then edges.
        let node = pointer_world.and_then(|p| scene.node_at(p, 3.0 / camera.zoom));
        let selection = match (node, hovered_edge.map(|e| scene.edges[e].kind)) {
            (Some(n), _) => Some(Selection::Node(scene.nodes[n].node)),
            (None, Some(EdgeKind::Position(position, _))) => Some(Selection::Position(position)),
            (None, Some(EdgeKind::Tie(a, b))) => Some(Selection::Actors(a, b)),
            _ => None,
        };
        output.commands.push(Command::Select(selection));
    }
    if background.double_clicked() {
        output.commands.push(Command::FitView);
    }

    painter.add(layer_shape(gpu_layer::Layer::Edges));
    // The hovered edge is drawn again on top, wider, outside the cached mesh.
    if let Some(edge) = hovered_edge.and_then(|i| scene.edges.get(i)) {
        let a = camera.screen_from_world(canvas, scene.nodes[edge.from].center);
        let b = camera.screen_from_world(canvas, scene.nodes[edge.to].center);
        if let Some((a, b)) = clip_segment(a, b, canvas.expand(10.0)) {
            let (color, width) = scene.edge_look(edge, camera.zoom, true);
            paint_line(
                &painter,
                a,
                b,
                color.to_opaque(),
                width,
                style::dash_at(edge.dash, width),
            );
        }
    }
    painter.add(layer_shape(gpu_layer::Layer::Nodes));
    paint_labels(&painter, scene, camera, canvas, on_screen, labels);
    super::groups::paint_groups(ui, &painter, scene, camera, canvas);
    paint_legend(&painter, scene, canvas);
    // Over everything, on its own backdrop, so no label hides it: too many lines to read,
    // and the views that answer who stands with whom one click away.
    if layers.drawn < layers.in_view {
        sampled_banner_ui(
            ui,
            scene,
            canvas,
            layers.drawn,
            layers.in_view,
            &mut output.commands,
        );
    }
    output
}

/// The banner of a graph too dense to read: how many edges are drawn, and buttons to the
/// bloc-ordered matrix and the agreement network (the network's own banner, over a scene of
/// actors alone, offers the matrix only: it counts ties, not edges).
fn sampled_banner_ui(
    ui: &mut Ui,
    scene: &Scene,
    canvas: Rect,
    drawn: usize,
    in_view: usize,
    commands: &mut Vec<Command>,
) {
    let palette = scene.theme.palette();
    // A network's lines are ties between actors (a look at its first line, not a pass over
    // 20,000 nodes each frame).
    let network = matches!(scene.edges.first().map(|e| e.kind), Some(EdgeKind::Tie(..)));
    let lines = if network { "ties" } else { "edges" };
    let area = Rect::from_min_size(
        canvas.left_top() + vec2(10.0, 8.0),
        vec2(canvas.width() - 20.0, 60.0),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(area), |ui| {
        egui::Frame::new()
            .fill(palette.label_backdrop)
            .corner_radius(CornerRadius::same(4))
            .inner_margin(egui::Margin::symmetric(8, 4))
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!(
                            "Showing {} of {} {lines} in view: too many lines to read. \
                             Who stands with whom:",
                            crate::ui::grouped(drawn),
                            crate::ui::grouped(in_view)
                        ))
                        .size(12.0)
                        .color(palette.weak_text),
                    );
                    if ui
                        .small_button("Matrix by blocs")
                        .on_hover_text(
                            "Actors × issues, similar actors next to each other: \
                             blocs show as bands of one colour",
                        )
                        .clicked()
                    {
                        commands.push(Command::ShowAnswer(crate::ui::Answer::MatrixByBlocs));
                    }
                    if !network
                        && ui
                            .small_button("Agreement network")
                            .on_hover_text("Actors tied by how often they take the same stance")
                            .clicked()
                    {
                        commands.push(Command::ShowAnswer(crate::ui::Answer::Network));
                    }
                    ui.label(
                        egui::RichText::new(format!(
                            "(or zoom in to see every {})",
                            lines.trim_end_matches('s')
                        ))
                        .size(12.0)
                        .color(palette.weak_text),
                    );
                });
            });
    });
}

/// The widget id of a node.
pub fn node_id(node: &SceneNode) -> Id {
    Id::unique(("stancemap-node", node.node))
}

/// Paints the labels in screen space (over the node layer). What each looks like comes from
/// the scene ([`Scene::node_look`], …), shared with the exporters.
fn paint_labels(
    painter: &Painter,
    scene: &Scene,
    camera: &Camera,
    canvas: Rect,
    on_screen: &[bool],
    labels: &[bool],
) {
    let to_screen = |p: Pos2| camera.screen_from_world(canvas, p);
    for (i, node) in scene.nodes.iter().enumerate() {
        if !labels[i] || !on_screen[i] {
            continue;
        }
        let points = scene.label_points_of(node, camera.zoom);
        let line_height = points / LABEL_SIZE * LABEL_LINE_HEIGHT;
        let look = scene.node_look(node, camera.zoom);
        let rect = scene.label_rect_at(node, camera.zoom);
        let center = to_screen(rect.center());
        let top = to_screen(rect.min).y;
        // egui shapes words but does not order them: right-to-left text is given to it in
        // display order.
        let galleys: Vec<_> = scene
            .label_lines_at(node, camera.zoom)
            .iter()
            .map(|line| {
                let line = crate::text::bidi::visual(line).into_owned();
                painter.layout_no_wrap(line, FontId::proportional(points), look.text)
            })
            .collect();
        let width = galleys.iter().map(|g| g.size().x).fold(0.0, f32::max);
        let backdrop = Rect::from_min_size(
            pos2(center.x - width * 0.5 - 2.0, top),
            vec2(width + 4.0, line_height * galleys.len() as f32),
        );
        painter.rect_filled(backdrop, CornerRadius::same(3), look.backdrop);
        for (row, galley) in galleys.into_iter().enumerate() {
            let pos = pos2(
                center.x - galley.size().x * 0.5,
                top + row as f32 * line_height,
            );
            painter.galley(pos, galley, look.text);
        }
    }
}

/// The part of the segment `a`–`b` inside `rect` (Liang–Barsky), if any.
pub(super) fn clip_segment(a: Pos2, b: Pos2, rect: Rect) -> Option<(Pos2, Pos2)> {
    let d = b - a;
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    for (p, q) in [
        (-d.x, a.x - rect.min.x),
        (d.x, rect.max.x - a.x),
        (-d.y, a.y - rect.min.y),
        (d.y, rect.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then(|| (a + d * t0, a + d * t1))
}

/// The shapes of a line with a stance's pattern.
pub(crate) fn line_shapes(
    a: Pos2,
    b: Pos2,
    color: Color32,
    width: f32,
    dash: Dash,
    out: &mut Vec<egui::Shape>,
) {
    // The one definition of dash and dot lengths, shared with the SVG and PNG painters.
    match style::stroke_pattern(width, dash) {
        (width, Pattern::Solid) => {
            out.push(egui::Shape::line_segment([a, b], Stroke::new(width, color)));
        }
        (width, Pattern::Dashed { on, off }) => out.extend(egui::Shape::dashed_line(
            &[a, b],
            Stroke::new(width, color),
            on,
            off,
        )),
        (diameter, Pattern::Dots { period }) => out.extend(egui::Shape::dotted_line(
            &[a, b],
            color,
            period,
            diameter * 0.5,
        )),
    }
}

/// A line with a stance's pattern.
pub fn paint_line(painter: &Painter, a: Pos2, b: Pos2, color: Color32, width: f32, dash: Dash) {
    let mut shapes = Vec::new();
    line_shapes(a, b, color, width, dash, &mut shapes);
    painter.extend(shapes);
}

/// A node shape centred on `center` with radius `r`.
pub fn paint_shape(
    painter: &Painter,
    shape: Shape,
    center: Pos2,
    r: f32,
    fill: Color32,
    stroke: Stroke,
) {
    painter.add(node_shape(shape, center, r, fill, stroke));
}

/// The egui shape of a node shape centred on `center` with radius `r`.
pub(super) fn node_shape(
    shape: Shape,
    center: Pos2,
    r: f32,
    fill: Color32,
    stroke: Stroke,
) -> egui::Shape {
    match shape {
        Shape::Circle => egui::Shape::Circle(egui::epaint::CircleShape {
            center,
            radius: r,
            fill,
            stroke,
        }),
        // Not snapped to pixels (egui's default for rectangles): a node sits where the layout
        // put it, as the other shapes, the GPU layers and the exports draw it.
        Shape::Square => egui::Shape::Rect(
            egui::epaint::RectShape::new(
                Rect::from_center_size(center, Vec2::splat(r * 1.7)),
                CornerRadius::same(square_rounding(r)),
                fill,
                stroke,
                egui::StrokeKind::Middle,
            )
            .with_round_to_pixels(false),
        ),
        Shape::Diamond | Shape::Triangle | Shape::Hexagon => {
            let points = polygon_points(shape, center, r).unwrap_or_default();
            egui::Shape::Path(PathShape::convex_polygon(points, fill, stroke))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layers::Layers;
    use super::{Camera, clip_segment, gpu_layer};
    use egui::{Rect, pos2, vec2};
    use std::sync::Arc;

    fn layers_for(camera: Camera, canvas: Rect) -> Layers {
        Layers {
            moving: false,
            stride: 1,
            scene: 7,
            canvas,
            pixels_per_point: 1.0,
            camera,
            region: canvas.expand2(canvas.size() * 0.5),
            edges: Arc::new(egui::Mesh::default()),
            nodes: gpu_layer::Content::Mesh(Arc::new(egui::Mesh::default())),
            generation: 1,
            drawn: 0,
            in_view: 0,
            hittable: Vec::new(),
        }
    }

    #[test]
    fn moved_meshes_land_where_the_camera_puts_the_world() {
        let canvas = Rect::from_min_size(pos2(280.0, 24.0), vec2(680.0, 750.0));
        let built = Camera {
            center: pos2(10.0, -20.0),
            zoom: 0.8,
        };
        let layers = layers_for(built, canvas);
        let now = Camera {
            center: pos2(35.0, 5.0),
            zoom: 1.1,
        };
        let (scale, offset) = layers.transform(&now, canvas);
        for world in [pos2(0.0, 0.0), pos2(-300.0, 120.0), pos2(512.0, 900.0)] {
            let in_mesh = built.screen_from_world(canvas, world);
            let expected = now.screen_from_world(canvas, world);
            assert!((in_mesh * scale + offset - expected).length() < 1e-3);
        }
        assert_eq!(layers.transform(&built, canvas), (1.0, vec2(0.0, 0.0)));
    }

    #[test]
    fn meshes_are_rebuilt_only_when_needed() {
        let canvas = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let camera = Camera {
            center: pos2(0.0, 0.0),
            zoom: 1.0,
        };
        let layers = layers_for(camera, canvas);
        let panned = |dx: f32| Camera {
            center: pos2(dx, 0.0),
            ..camera
        };
        let zoomed = |zoom: f32| Camera { zoom, ..camera };
        // Through egui's painter, any camera change rebuilds.
        assert!(!layers.stale(false, 7, &camera, canvas, 1.0, false));
        assert!(layers.stale(false, 7, &panned(1.0), canvas, 1.0, false));
        // On the GPU, pans inside the margin move the meshes; beyond it they are rebuilt.
        assert!(!layers.stale(true, 7, &panned(300.0), canvas, 1.0, false));
        assert!(layers.stale(true, 7, &panned(500.0), canvas, 1.0, false));
        // A zoom in progress scales the meshes; once it settles, or goes far, they are rebuilt.
        assert!(!layers.stale(true, 7, &zoomed(1.2), canvas, 1.0, true));
        assert!(layers.stale(true, 7, &zoomed(1.2), canvas, 1.0, false));
        assert!(layers.stale(true, 7, &zoomed(2.0), canvas, 1.0, true));
        // A new scene, canvas or pixel density always rebuilds.
        assert!(layers.stale(true, 8, &camera, canvas, 1.0, false));
        assert!(layers.stale(true, 7, &camera, canvas.shrink(1.0), 1.0, false));
        assert!(layers.stale(true, 7, &camera, canvas, 2.0, false));
    }

    #[test]
    fn segments_are_clipped_to_the_view() {
        let rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 10.0));
        assert_eq!(
            clip_segment(pos2(-10.0, 5.0), pos2(20.0, 5.0), rect),
            Some((pos2(0.0, 5.0), pos2(10.0, 5.0)))
        );
        assert_eq!(
            clip_segment(pos2(-10.0, -5.0), pos2(20.0, -5.0), rect),
            None
        );
        assert_eq!(
            clip_segment(pos2(2.0, 2.0), pos2(3.0, 3.0), rect),
            Some((pos2(2.0, 2.0), pos2(3.0, 3.0)))
        );
    }
}
