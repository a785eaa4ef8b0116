//! Retained GPU layers for the graph view: the tessellated edges and node shapes are uploaded
//! to the GPU once per rebuild and drawn every frame by a wgpu paint callback.
//!
//! Through egui, a cached `Shape::Mesh` is still copied into the frame's output, then copied
//! again into a fresh vertex buffer, every frame: for a zoomed-in view of 20,000 dashed edges
//! that was most of a 25 ms frame. Here a frame costs one 32-byte uniform write. The uniform
//! also carries a scale and offset, so panning (and the first frames of a zoom) move the
//! uploaded mesh instead of rebuilding it. Without wgpu (the glow backend, or a test harness
//! without a GPU), the graph view hands the same meshes to egui instead.

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

/// A fresh id for a mesh build, so a layer re-uploads only when its mesh changed.
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
    padding: vec2<u32>,
};
@group(0) @binding(0) var<uniform> locals: Locals;

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
    // Mesh points (screen points when built) to the current screen, then to clip space over
    // the whole screen, as egui's own shader maps them (the viewport is the whole screen).
    let p = pos * locals.scale + locals.offset;
    var out: VertexOutput;
    out.position = vec4<f32>(
        2.0 * p.x / locals.screen_size.x - 1.0,
        1.0 - 2.0 * p.y / locals.screen_size.y,
        0.0,
        1.0,
    );
    out.color = vec4<f32>(
        f32(color & 255u),
        f32((color >> 8u) & 255u),
        f32((color >> 16u) & 255u),
        f32((color >> 24u) & 255u),
    ) / 255.0;
    return out;
}

fn linear_from_gamma(srgb: vec3<f32>) -> vec3<f32> {
    let cutoff = srgb < vec3<f32>(0.04045);
    let lower = srgb / vec3<f32>(12.92);
    let higher = pow((srgb + vec3<f32>(0.055)) / vec3<f32>(1.055), vec3<f32>(2.4));
    return select(higher, lower, cutoff);
}

// Vertex colours are premultiplied sRGB, as egui's; blended as egui's own shader does.
@fragment
fn fs_main(in: VertexOutput) -> @location(0) vec4<f32> {
    if locals.linear_target == 1u {
        return vec4<f32>(linear_from_gamma(in.color.rgb), in.color.a);
    }
    return in.color;
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
    padding: [u32; 2],
}

/// What one layer has on the GPU. The vertex and index buffers are reused while the mesh
/// fits (a layout in progress changes the mesh every frame) and replaced by larger ones when
/// it does not.
struct Slot {
    generation: u64,
    uniform: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    vertices: Option<wgpu::Buffer>,
    indices: Option<wgpu::Buffer>,
    index_count: u32,
}

impl Slot {
    /// Uploads a mesh, reusing the buffers when they are large enough. A mesh larger than the
    /// device allows is not drawn (the edge budget keeps meshes far below that).
    fn upload(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, mesh: &Mesh) {
        self.index_count = 0;
        let vertices: &[u8] = bytemuck::cast_slice(&mesh.vertices);
        let indices: &[u8] = bytemuck::cast_slice(&mesh.indices);
        let limit = device.limits().max_buffer_size;
        if indices.is_empty() || vertices.len() as u64 > limit || indices.len() as u64 > limit {
            return;
        }
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
        fit(&mut self.vertices, vertices, wgpu::BufferUsages::VERTEX);
        fit(&mut self.indices, indices, wgpu::BufferUsages::INDEX);
        self.index_count = u32::try_from(mesh.indices.len()).unwrap_or(0);
    }
}

/// The pipeline and both layers' buffers, kept in `egui_wgpu`'s callback resources.
struct Resources {
    pipeline: wgpu::RenderPipeline,
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
    let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("stancemap_layers"),
        layout: Some(&layout),
        vertex: wgpu::VertexState {
            module: &module,
            entry_point: Some("vs_main"),
            // egui's vertex: position, uv, colour (premultiplied sRGBA bytes).
            buffers: &[Some(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<egui::epaint::Vertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &wgpu::vertex_attr_array![0 => Float32x2, 1 => Float32x2, 2 => Uint32],
            })],
            compilation_options: wgpu::PipelineCompilationOptions::default(),
        },
        primitive: wgpu::PrimitiveState::default(),
        // Matches egui's render pass: no depth buffer, one sample (eframe's and the test
        // harness's defaults; `app::run_native` keeps them, and says so).
        depth_stencil: None,
        multisample: wgpu::MultisampleState::default(),
        fragment: Some(wgpu::FragmentState {
            module: &module,
            entry_point: Some("fs_main"),
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
    });
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
            }
        })
        .collect();
    render_state
        .renderer
        .write()
        .callback_resources
        .insert(Resources {
            pipeline,
            linear_target: render_state.target_format.is_srgb(),
            slots,
        });
    true
}

/// Draws `mesh` (built in screen points) as `point * scale + offset`, clipped to `canvas`.
pub fn shape(
    layer: Layer,
    mesh: &Arc<Mesh>,
    generation: u64,
    canvas: Rect,
    scale: f32,
    offset: Vec2,
) -> egui::Shape {
    egui::Shape::Callback(egui_wgpu::Callback::new_paint_callback(
        canvas,
        LayerCallback {
            layer,
            mesh: Arc::clone(mesh),
            generation,
            locals: Locals {
                screen_size: [1.0, 1.0],
                offset: [offset.x, offset.y],
                scale,
                linear_target: 0,
                padding: [0; 2],
            },
        },
    ))
}

struct LayerCallback {
    layer: Layer,
    mesh: Arc<Mesh>,
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
            slot.upload(device, queue, &self.mesh);
        }
        let [width, height] = screen_descriptor.size_in_pixels;
        let points = screen_descriptor.pixels_per_point;
        let locals = Locals {
            screen_size: [width as f32 / points, height as f32 / points],
            linear_target,
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
        let (Some(vertices), Some(indices)) = (&slot.vertices, &slot.indices) else {
            return;
        };
        if slot.index_count == 0 {
            return;
        }
        // The whole screen, like egui's own draws; egui has already set the scissor to the
        // canvas. (egui sets the viewport to the callback's rectangle rounded to pixels, which
        // would shift the mesh by a fraction of a pixel against the labels.)
        let [width, height] = info.screen_size_px;
        render_pass.set_viewport(0.0, 0.0, width as f32, height as f32, 0.0, 1.0);
        render_pass.set_pipeline(&resources.pipeline);
        render_pass.set_bind_group(0, &slot.bind_group, &[]);
        render_pass.set_vertex_buffer(0, vertices.slice(..));
        render_pass.set_index_buffer(indices.slice(..), wgpu::IndexFormat::Uint32);
        render_pass.draw_indexed(0..slot.index_count, 0, 0..1);
    }
}
