//! Retained GPU layers for the graph view: the tessellated edges, and the node shapes as one
//! small record per node, are uploaded to the GPU once per rebuild and drawn every frame by a
//! wgpu paint callback.
//!
//! Through egui, a cached `Shape::Mesh` is still copied into the frame's output, then copied
//! again into a fresh vertex buffer, every frame: for a zoomed-in view of 20,000 dashed edges
//! that was most of a 25 ms frame. Here a frame costs one 32-byte uniform write. The uniform
//! also carries a scale and offset, so panning (and the first frames of a zoom) move the
//! uploaded layers instead of rebuilding them. Node shapes are drawn from their parameters
//! (a signed distance per pixel) rather than tessellated: 20,000 nodes were 700,000 vertices
//! and 10 ms of tessellation whenever a selection or the layout changed them. Without wgpu
//! (the glow backend, or a test harness without a GPU), the graph view hands egui meshes of
//! the same geometry instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use eframe::egui_wgpu::{self, wgpu};
use egui::{Mesh, Rect, Vec2};

/// The layers, bottom to top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Position and represents links.
    Edges = 0,
    /// Node shapes and selection rings.
    Nodes = 1,
}

/// A fresh id for a layer build, so a layer re-uploads only when its content changed.
pub fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

const SHADER: &str = r"
struct Locals {
    screen_size: vec2<f32>,
    offset: vec2<f32>,
    scale: f32,
    linear_target: u32,
    pixels_per_point: f32,
    padding: u32,
};
@group(0) @binding(0) var<uniform> locals: Locals;

// Node shape codes, as `NodeInstance::shape` (see the Rust constants of the same names).
const CIRCLE: u32 = 0u;
const DIAMOND: u32 = 1u;
const SQUARE: u32 = 2u;
const HEXAGON: u32 = 3u;
const TRIANGLE: u32 = 4u;

fn unpack(color: u32) -> vec4<f32> {
    return vec4<f32>(
        f32(color & 255u),
        f32((color >> 8u) & 255u),
        f32((color >> 16u) & 255u),
        f32((color >> 24u) & 255u),
    ) / 255.0;
}

// Mesh points (screen points when built) to the current screen, then to clip space over the
// whole screen, as egui's own shader maps them (the viewport is the whole screen).
fn to_clip(pos: vec2<f32>) -> vec4<f32> {
    let p = pos * locals.scale + locals.offset;
    return vec4<f32>(
        2.0 * p.x / locals.screen_size.x - 1.0,
        1.0 - 2.0 * p.y / locals.screen_size.y,
        0.0,
        1.0,
    );
}

struct VertexOutput {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
};

@vertex
fn vs_main(
    @location(0) pos: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) color: u32,
) -> VertexOutput {
    var out: VertexOutput;
    out.position = to_clip(pos);
    out.color = unpack(color);
    return out;
}

fn linear_from_gamma(srgb: vec3<f32>) -> vec3<f32> {
    let cutoff = srgb < vec3<f32>(0.04045);
    let lower = srgb / vec3<f32>(12.92);
    let higher = pow((srgb + vec3<f32>(0.055)) / vec3<f32>(1.055), vec3<f32>(2.4));
    return select(higher, lower, cutoff);
}

// Colours are premultiplied sRGB, as egui's; blended as egui's own shader does.
fn to_target(color: vec4<f32>) -> vec4<f32> {
    if locals.linear_target == 1u {
        return vec4<f32>(linear_from_gamma(color.rgb), color.a);
    }
    return color;
}

@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    return to_target(in.color);
}

// Node shapes: one instance per node, a quad around it, the shape's signed distance in the
// fragment shader. As egui's tessellator draws them: outlines straddle the path of polygons
// and squares but lie outside circles, and every edge is anti-aliased over one pixel.
struct NodeOutput {
    @builtin(position) position: vec4<f32>,
    // Offset from the centre, in the points the instance was built in.
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) fill: vec4<f32>,
    @location(2) @interpolate(flat) stroke: vec4<f32>,
    // Radius, outline width, corner radius, shape.
    @location(3) @interpolate(flat) params: vec4<f32>,
};

@vertex
fn vs_node(
    @builtin(vertex_index) corner: u32,
    @location(0) center: vec2<f32>,
    @location(1) radius: f32,
    @location(2) stroke_width: f32,
    @location(3) fill: u32,
    @location(4) stroke: u32,
    @location(5) shape: u32,
    @location(6) rounding: f32,
) -> NodeOutput {
    let corners = array<vec2<f32>, 6>(
        vec2<f32>(-1.0, -1.0), vec2<f32>(1.0, -1.0), vec2<f32>(1.0, 1.0),
        vec2<f32>(-1.0, -1.0), vec2<f32>(1.0, 1.0), vec2<f32>(-1.0, 1.0),
    );
    // The widest shape (the diamond) reaches 1.15 radii; then the outline (all of it outside
    // a circle) and room for the anti-aliased fringe.
    let pixel = 1.0 / (locals.scale * locals.pixels_per_point);
    let extent = radius * 1.16 + stroke_width + 2.0 * pixel;
    let local = corners[corner] * extent;
    var out: NodeOutput;
    out.position = to_clip(center + local);
    out.local = local;
    out.fill = unpack(fill);
    out.stroke = unpack(stroke);
    out.params = vec4<f32>(radius, stroke_width, rounding, f32(shape));
    return out;
}

// Signed distance to the outline path of a shape (negative inside). Polygons take the
// largest distance to their sides' lines, which gives mitred corners, as egui and SVG draw
// polygon outlines.
fn node_distance(p: vec2<f32>, params: vec4<f32>) -> f32 {
    let r = params.x;
    let q = abs(p);
    switch u32(params.w) {
        // Diamond: corners 1.15 radii out on the axes.
        case DIAMOND: {
            return (q.x + q.y - r * 1.15) * 0.70710678;
        }
        // Rounded square, 1.7 radii wide.
        case SQUARE: {
            let c = params.z;
            let d = q - vec2<f32>(r * 0.85 - c);
            return length(max(d, vec2<f32>(0.0))) + min(max(d.x, d.y), 0.0) - c;
        }
        // Hexagon with corners 1.1 radii out, two of them on the horizontal axis.
        case HEXAGON: {
            return max(q.y, q.x * 0.8660254 + q.y * 0.5) - r * 1.1 * 0.8660254;
        }
        // Triangle pointing up (y grows downwards), corners 1.15 radii out: its base and its
        // two upper sides 0.575 radii from the centre.
        case TRIANGLE: {
            return max(p.y, q.x * 0.8660254 - p.y * 0.5) - r * 1.15 * 0.5;
        }
        default: {
            return length(p) - r;
        }
    }
}

@fragment
fn fs_node(in: NodeOutput) -> @location(0) vec4<f32> {
    let pixels = locals.scale * locals.pixels_per_point;
    let d = node_distance(in.local, in.params) * pixels;
    let width = in.params.y * pixels;
    var middle = 0.0;
    if u32(in.params.w) == CIRCLE {
        middle = 0.5 * width;
    }
    // The fill runs on under the outline to its middle, so no background shows through
    // between the two (egui's tessellator joins them the same way).
    let fill = clamp(0.5 - (d - middle), 0.0, 1.0);
    var outline = 0.0;
    if width >= 1.0 {
        outline = clamp(0.5 * width + 0.5 - abs(d - middle), 0.0, 1.0);
    } else if width > 0.0 {
        // Outlines thinner than a pixel fade rather than thin, as egui's do.
        outline = clamp(1.0 - abs(d - middle), 0.0, 1.0) * width;
    }
    let color = in.stroke * outline + in.fill * fill * (1.0 - outline);
    return to_target(color);
}
";

/// The uniform block of the shader.
#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Locals {
    screen_size: [f32; 2],
    offset: [f32; 2],
    scale: f32,
    linear_target: u32,
    pixels_per_point: f32,
    padding: u32,
}

/// A node shape, drawn by the GPU from its parameters (no tessellation): in the screen points
/// of the camera the layer was built for, like the meshes.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct NodeInstance {
    /// Centre.
    pub center: [f32; 2],
    /// Radius of the outline path.
    pub radius: f32,
    /// Outline width (0: none).
    pub stroke_width: f32,
    /// Fill, premultiplied sRGBA bytes (egui's `Color32`).
    pub fill: [u8; 4],
    /// Outline colour, premultiplied sRGBA bytes.
    pub stroke: [u8; 4],
    /// [`NodeInstance::CIRCLE`], [`NodeInstance::DIAMOND`], [`NodeInstance::SQUARE`] (rounded),
    /// [`NodeInstance::HEXAGON`] or [`NodeInstance::TRIANGLE`].
    pub shape: u32,
    /// Corner radius of the rounded square.
    pub rounding: f32,
}

impl NodeInstance {
    /// A circle; its outline lies outside it, as egui draws circle outlines.
    pub const CIRCLE: u32 = 0;
    /// A diamond with corners 1.15 radii out on the axes.
    pub const DIAMOND: u32 = 1;
    /// A square 1.7 radii wide with rounded corners.
    pub const SQUARE: u32 = 2;
    /// A hexagon with corners 1.1 radii out, two on the horizontal axis.
    pub const HEXAGON: u32 = 3;
    /// A triangle pointing up.
    pub const TRIANGLE: u32 = 4;
}

/// What a layer draws: a tessellated mesh, or node shapes the GPU draws from parameters.
#[derive(Clone)]
pub enum Content {
    /// Triangles (edges), in screen points.
    Mesh(Arc<Mesh>),
    /// One instance per node shape (and selection ring).
    Nodes(Arc<[NodeInstance]>),
}

/// What one layer has on the GPU. The buffers are reused while the content fits (a layout in
/// progress changes it every frame) and replaced by larger ones when it does not.
struct Slot {
    generation: u64,
    uniform: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    vertices: Option<wgpu::Buffer>,
    indices: Option<wgpu::Buffer>,
    index_count: u32,
    /// Node instances (for [`Content::Nodes`]).
    instances: Option<wgpu::Buffer>,
    instance_count: u32,
}

impl Slot {
    /// Uploads a mesh or node instances, reusing the buffers when they are large enough.
    /// Content larger than the device allows is not drawn (the edge budget keeps meshes far
    /// below that).
    fn upload(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, content: &Content) {
        self.index_count = 0;
        self.instance_count = 0;
        let limit = device.limits().max_buffer_size;
        let fit = |buffer: &mut Option<wgpu::Buffer>, bytes: &[u8], usage: wgpu::BufferUsages| {
            let needed = bytes.len() as u64;
            if buffer.as_ref().is_none_or(|b| b.size() < needed) {
                // Room to grow by half again, so a growing mesh does not reallocate each frame.
                let size = (needed + needed / 2).min(limit).next_multiple_of(4);
                *buffer = Some(device.create_buffer(&wgpu::BufferDescriptor {
                    label: Some("stancemap_layer"),
                    size,
                    usage: usage | wgpu::BufferUsages::COPY_DST,
                    mapped_at_creation: false,
                }));
            }
            if let Some(buffer) = buffer {
                queue.write_buffer(buffer, 0, bytes);
            }
        };
        match content {
            Content::Mesh(mesh) => {
                let vertices: &[u8] = bytemuck::cast_slice(&mesh.vertices);
                let indices: &[u8] = bytemuck::cast_slice(&mesh.indices);
                if indices.is_empty()
                    || vertices.len() as u64 > limit
                    || indices.len() as u64 > limit
                {
                    return;
                }
                fit(&mut self.vertices, vertices, wgpu::BufferUsages::VERTEX);
                fit(&mut self.indices, indices, wgpu::BufferUsages::INDEX);
                self.index_count = u32::try_from(mesh.indices.len()).unwrap_or(0);
            }
            Content::Nodes(nodes) => {
                let bytes: &[u8] = bytemuck::cast_slice(nodes);
                if bytes.is_empty() || bytes.len() as u64 > limit {
                    return;
                }
                fit(&mut self.instances, bytes, wgpu::BufferUsages::VERTEX);
                self.instance_count = u32::try_from(nodes.len()).unwrap_or(0);
            }
        }
    }
}

/// The pipelines (meshes, node shapes) and both layers' buffers, kept in `egui_wgpu`'s
/// callback resources.
struct Resources {
    pipeline: wgpu::RenderPipeline,
    node_pipeline: wgpu::RenderPipeline,
    linear_target: bool,
    slots: Vec<Slot>,
}

/// Sets up the pipeline for a wgpu renderer. Call once, at start; returns false (and the
/// graph view keeps drawing through egui) when there is no wgpu renderer.
pub fn install(render_state: Option<&egui_wgpu::RenderState>) -> bool {
    let Some(render_state) = render_state else {
        return false;
    };
    let device = &render_state.device;
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("stancemap_layers"),
        source: wgpu::ShaderSource::Wgsl(SHADER.into()),
    });
    let bind_group_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("stancemap_layers"),
        entries: &[wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        }],
    });
    let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some("stancemap_layers"),
        bind_group_layouts: &[Some(&bind_group_layout)],
        immediate_size: 0,
    });
    // egui's vertex: position, uv, colour (premultiplied sRGBA bytes).
    let mesh_vertex = [Some(wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<egui::epaint::Vertex>() as u64,
        step_mode: wgpu::VertexStepMode::Vertex,
        attributes: &wgpu::vertex_attr_array![0 => Float32x2, 1 => Float32x2, 2 => Uint32],
    })];
    let node_instance = [Some(wgpu::VertexBufferLayout {
        array_stride: std::mem::size_of::<NodeInstance>() as u64,
        step_mode: wgpu::VertexStepMode::Instance,
        attributes: &wgpu::vertex_attr_array![
            0 => Float32x2, 1 => Float32, 2 => Float32, 3 => Uint32, 4 => Uint32, 5 => Uint32,
            6 => Float32
        ],
    })];
    let pipeline_for = |vertex_entry: &str, fragment_entry: &str, buffers| {
        device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some("stancemap_layers"),
            layout: Some(&layout),
            vertex: wgpu::VertexState {
                module: &module,
                entry_point: Some(vertex_entry),
                buffers,
                compilation_options: wgpu::PipelineCompilationOptions::default(),
            },
            primitive: wgpu::PrimitiveState::default(),
            // Matches egui's render pass: no depth buffer, one sample (eframe's and the test
            // harness's defaults; `app::run_native` keeps them, and says so).
            depth_stencil: None,
            multisample: wgpu::MultisampleState::default(),
            fragment: Some(wgpu::FragmentState {
                module: &module,
                entry_point: Some(fragment_entry),
                targets: &[Some(wgpu::ColorTargetState {
                    format: render_state.target_format,
                    // egui's blending: premultiplied alpha.
                    blend: Some(wgpu::BlendState {
                        color: wgpu::BlendComponent {
                            src_factor: wgpu::BlendFactor::One,
                            dst_factor: wgpu::BlendFactor::OneMinusSrcAlpha,
                            operation: wgpu::BlendOperation::Add,
                        },
                        alpha: wgpu::BlendComponent {
                            src_factor: wgpu::BlendFactor::OneMinusDstAlpha,
                            dst_factor: wgpu::BlendFactor::One,
                            operation: wgpu::BlendOperation::Add,
                        },
                    }),
                    write_mask: wgpu::ColorWrites::ALL,
                })],
                compilation_options: wgpu::PipelineCompilationOptions::default(),
            }),
            multiview_mask: None,
            cache: None,
        })
    };
    let pipeline = pipeline_for("vs_main", "fs_main", &mesh_vertex);
    let node_pipeline = pipeline_for("vs_node", "fs_node", &node_instance);
    let slots = [Layer::Edges, Layer::Nodes]
        .iter()
        .map(|_| {
            let uniform = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("stancemap_layer_locals"),
                size: std::mem::size_of::<Locals>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("stancemap_layer_locals"),
                layout: &bind_group_layout,
                entries: &[wgpu::BindGroupEntry {
                    binding: 0,
                    resource: uniform.as_entire_binding(),
                }],
            });
            Slot {
                generation: 0,
                uniform,
                bind_group,
                vertices: None,
                indices: None,
                index_count: 0,
                instances: None,
                instance_count: 0,
            }
        })
        .collect();
    render_state
        .renderer
        .write()
        .callback_resources
        .insert(Resources {
            pipeline,
            node_pipeline,
            linear_target: render_state.target_format.is_srgb(),
            slots,
        });
    true
}

/// Draws `content` (built in screen points) as `point * scale + offset`, clipped to `canvas`.
pub fn shape(
    layer: Layer,
    content: &Content,
    generation: u64,
    canvas: Rect,
    scale: f32,
    offset: Vec2,
) -> egui::Shape {
    egui::Shape::Callback(egui_wgpu::Callback::new_paint_callback(
        canvas,
        LayerCallback {
            layer,
            content: content.clone(),
            generation,
            locals: Locals {
                screen_size: [1.0, 1.0],
                offset: [offset.x, offset.y],
                scale,
                linear_target: 0,
                pixels_per_point: 1.0,
                padding: 0,
            },
        },
    ))
}

struct LayerCallback {
    layer: Layer,
    content: Content,
    generation: u64,
    locals: Locals,
}

impl egui_wgpu::CallbackTrait for LayerCallback {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        screen_descriptor: &egui_wgpu::ScreenDescriptor,
        _egui_encoder: &mut wgpu::CommandEncoder,
        resources: &mut egui_wgpu::CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let Some(resources) = resources.get_mut::<Resources>() else {
            return Vec::new();
        };
        let linear_target = u32::from(resources.linear_target);
        let Some(slot) = resources.slots.get_mut(self.layer as usize) else {
            return Vec::new();
        };
        if slot.generation != self.generation {
            slot.generation = self.generation;
            slot.upload(device, queue, &self.content);
        }
        let [width, height] = screen_descriptor.size_in_pixels;
        let points = screen_descriptor.pixels_per_point;
        let locals = Locals {
            screen_size: [width as f32 / points, height as f32 / points],
            linear_target,
            pixels_per_point: points,
            ..self.locals
        };
        queue.write_buffer(&slot.uniform, 0, bytemuck::bytes_of(&locals));
        Vec::new()
    }

    fn paint(
        &self,
        info: egui::PaintCallbackInfo,
        render_pass: &mut wgpu::RenderPass<'static>,
        resources: &egui_wgpu::CallbackResources,
    ) {
        let Some(resources) = resources.get::<Resources>() else {
            return;
        };
        let Some(slot) = resources.slots.get(self.layer as usize) else {
            return;
        };
        // The whole screen, like egui's own draws; egui has already set the scissor to the
        // canvas. (egui sets the viewport to the callback's rectangle rounded to pixels, which
        // would shift the mesh by a fraction of a pixel against the labels.)
        let [width, height] = info.screen_size_px;
        let (pipeline, vertices, count) = match &self.content {
            Content::Mesh(_) => (&resources.pipeline, &slot.vertices, slot.index_count),
            Content::Nodes(_) => (
                &resources.node_pipeline,
                &slot.instances,
                slot.instance_count,
            ),
        };
        let Some(vertices) = vertices else {
            return;
        };
        if count == 0 {
            return;
        }
        render_pass.set_viewport(0.0, 0.0, width as f32, height as f32, 0.0, 1.0);
        render_pass.set_pipeline(pipeline);
        render_pass.set_bind_group(0, &slot.bind_group, &[]);
        render_pass.set_vertex_buffer(0, vertices.slice(..));
        match &self.content {
            Content::Mesh(_) => {
                let Some(indices) = &slot.indices else {
                    return;
                };
                render_pass.set_index_buffer(indices.slice(..), wgpu::IndexFormat::Uint32);
                render_pass.draw_indexed(0..count, 0, 0..1);
            }
            // A quad (two triangles, corners from the vertex index) per node.
            Content::Nodes(_) => render_pass.draw(0..6, 0..count),
        }
    }
}
