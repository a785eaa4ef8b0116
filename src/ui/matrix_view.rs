//! The matrix view: actors × issues, who stands where on everything at once. A cell shows the
//! stance by colour and by a mark (support +, reject −, condition ○, neutral ·); several
//! positions in a cell show the latest with their count. Rows and columns are ordered by
//! name, by number of positions, or by blocs. Only the cells in view are drawn.

use std::any::Any;
use std::sync::Arc;

use egui::text::{LayoutJob, TextWrapping};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};

use super::view::{Picture, Snapshot, View, ViewContext, ViewEvent};
use super::{Command, grouped};
use crate::analysis::matrix::{Matrix, Order};
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::{PositionIx, StanceKind};
use crate::style::Theme;
use crate::text::bidi::visual;

/// Width of the actors' names, in points.
const ROW_HEADER: f32 = 190.0;

/// Height of the issues' names (written upwards), in points.
const COLUMN_HEADER: f32 = 140.0;

/// The range of cell sizes, in points.
const CELL_RANGE: std::ops::RangeInclusive<f32> = 2.0..=40.0;

/// From this cell size, names are written beside the rows and above the columns; smaller
/// matrices are an overview (hover a cell for its names).
const NAMES: f32 = 9.0;

/// From this cell size, each cell in view is its own widget (a name for screen readers and
/// tests); smaller cells are hit-tested on the canvas.
const CELL_WIDGETS: f32 = 10.0;

/// What the matrix was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    document: u64,
    filter: u64,
    order: Order,
}

/// What the mesh of cell colours was built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FillsKey {
    /// The matrix.
    matrix: Option<Key>,
    cell: u32,
    offset: [u32; 2],
    body: [u32; 4],
    theme: Theme,
}

/// The matrix view's state between frames.
pub struct MatrixView {
    order: Order,
    /// Cell size in points.
    cell: f32,
    /// How far the cells are scrolled (points, from the first row and column).
    offset: Vec2,
    matrix: Option<(Key, Arc<Matrix>)>,
    /// The cells' colours as drawn last, and what for.
    fills: Option<(FillsKey, Arc<egui::Mesh>)>,
    /// Whether the cell size is still to be fitted to the matrix (first shown).
    fit: bool,
}

impl MatrixView {
    /// Orders the rows and columns another way (the graph's banner asks for blocs).
    pub fn set_order(&mut self, order: Order) {
        self.order = order;
    }
}

impl Default for MatrixView {
    fn default() -> Self {
        Self {
            order: Order::Name,
            cell: 18.0,
            offset: Vec2::ZERO,
            matrix: None,
            fills: None,
            fit: true,
        }
    }
}

/// The mark that tells a stance without colour, painted in a cell.
fn paint_mark(painter: &egui::Painter, rect: Rect, stance: StanceKind, color: Color32) {
    let c = rect.center();
    let r = rect.width() * 0.28;
    let stroke = Stroke::new((rect.width() * 0.1).clamp(1.0, 2.5), color);
    match stance {
        StanceKind::Support => {
            painter.line_segment([c - vec2(r, 0.0), c + vec2(r, 0.0)], stroke);
            painter.line_segment([c - vec2(0.0, r), c + vec2(0.0, r)], stroke);
        }
        StanceKind::Reject => {
            painter.line_segment([c - vec2(r, 0.0), c + vec2(r, 0.0)], stroke);
        }
        StanceKind::Condition => {
            painter.circle_stroke(c, r * 0.8, stroke);
        }
        StanceKind::Neutral => {
            painter.circle_filled(c, stroke.width * 0.8, color);
        }
    }
}

/// A name cut to a width with "…".
fn truncated(ui: &Ui, text: &str, width: f32, color: Color32) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), FontId::proportional(13.0), color);
    job.wrap = TextWrapping {
        max_width: width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.painter().layout_job(job)
}

impl MatrixView {
    /// The order rows and columns are in.
    pub fn order(&self) -> Order {
        self.order
    }

    /// The matrix of the document's filter in the current order, built again only when the
    /// filter or the order changed.
    fn matrix(&mut self, doc: &Document) -> Arc<Matrix> {
        let revision = doc.revision();
        let key = Key {
            document: revision.document,
            filter: revision.filter,
            order: self.order,
        };
        match &self.matrix {
            Some((built, matrix)) if *built == key => Arc::clone(matrix),
            _ => {
                let matrix = Arc::new(Matrix::of(doc, self.order));
                self.matrix = Some((key, Arc::clone(&matrix)));
                matrix
            }
        }
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, matrix: &Matrix, theme: Theme) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} actors × {} issues",
                grouped(matrix.actors.len()),
                grouped(matrix.issues.len())
            ));
            ui.separator();
            ui.label("Order:");
            for order in Order::ALL {
                let hint = match order {
                    Order::Name => "Alphabetically",
                    Order::Count => "Most positions first",
                    Order::Blocs => "Actors who stand alike side by side, and issues that split them alike (spectral seriation)",
                };
                if ui
                    .selectable_label(self.order == order, order.label())
                    .on_hover_text(hint)
                    .clicked()
                {
                    self.order = order;
                    // The matrix is put in order in the next frame.
                    ui.ctx().request_repaint();
                }
            }
            ui.separator();
            if ui
                .button("Fit")
                .on_hover_text("Cells as large as lets the whole matrix show (Home)")
                .clicked()
            {
                self.fit = true;
                ui.ctx().request_repaint();
            }
            if ui.button("−").on_hover_text("Smaller cells (Ctrl+scroll)").clicked() {
                self.cell = (self.cell / 1.25).clamp(*CELL_RANGE.start(), *CELL_RANGE.end());
            }
            if ui.button("+").on_hover_text("Larger cells (Ctrl+scroll)").clicked() {
                self.cell = (self.cell * 1.25).clamp(*CELL_RANGE.start(), *CELL_RANGE.end());
            }
        });
        ui.horizontal(|ui| {
            for stance in StanceKind::ALL {
                let (rect, _) = ui.allocate_exact_size(Vec2::splat(14.0), Sense::hover());
                ui.painter()
                    .rect_filled(rect, 2.0, theme.stance_color(stance));
                paint_mark(ui.painter(), rect, stance, mark_color(theme));
                ui.label(stance.label());
                ui.add_space(6.0);
            }
            ui.weak("· a number: several positions, the latest shown");
        });
    }
}

/// The cell size that shows the whole matrix in `room` (points, names included when the
/// cells are large enough for them), within the range and never larger than the default.
fn fitting_cell(room: Vec2, rows: usize, columns: usize) -> f32 {
    let fit = |room: Vec2| (room.x / columns.max(1) as f32).min(room.y / rows.max(1) as f32);
    let named = fit(room - vec2(ROW_HEADER, COLUMN_HEADER));
    let cell = if named >= NAMES {
        named
    } else {
        fit(room - Vec2::splat(4.0)).min(NAMES - 0.5)
    };
    cell.clamp(*CELL_RANGE.start(), 18.0)
}

/// The colour of a cell's mark: it must read on every stance colour.
fn mark_color(theme: Theme) -> Color32 {
    match theme {
        Theme::Light => Color32::WHITE,
        Theme::Dark => Color32::from_gray(20),
    }
}

impl View for MatrixView {
    fn id(&self) -> &'static str {
        "matrix"
    }

    fn title(&self) -> &'static str {
        "Matrix"
    }

    fn description(&self) -> &'static str {
        "Actors × issues: who stands where on everything at once"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        let theme = cx.theme;
        let mut commands = Vec::new();
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        let matrix = self.matrix(doc);
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| self.toolbar_ui(ui, &matrix, theme));
        if matrix.actors.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label("No actor has a position the filter shows.");
            });
            return commands;
        }

        let area = ui.available_rect_before_wrap();
        let background = ui.allocate_rect(area, Sense::click_and_drag());
        let (rows, columns) = (matrix.actors.len(), matrix.issues.len());
        if std::mem::take(&mut self.fit) {
            self.cell = fitting_cell(area.size(), rows, columns);
            self.offset = Vec2::ZERO;
        }
        let headers = if self.cell >= NAMES {
            vec2(ROW_HEADER, COLUMN_HEADER)
        } else {
            Vec2::splat(4.0)
        };
        let body = Rect::from_min_max(area.min + headers, area.max);

        // Scroll (wheel, drag) and zoom (Ctrl+wheel, pinch) around the pointer.
        if let Some(pointer) = background.hover_pos() {
            let zoom = ui.input(egui::InputState::zoom_delta);
            if (zoom - 1.0).abs() > 1e-4 {
                let before = (pointer - body.min + self.offset) / self.cell;
                self.cell = (self.cell * zoom).clamp(*CELL_RANGE.start(), *CELL_RANGE.end());
                self.offset = before * self.cell - (pointer - body.min);
            } else {
                self.offset -= ui.input(|i| i.smooth_scroll_delta);
            }
        }
        if background.dragged() {
            self.offset -= background.drag_delta();
        }
        let cell = self.cell;
        let content = vec2(columns as f32 * cell, rows as f32 * cell);
        let room = (content - body.size()).max(Vec2::ZERO);
        self.offset = self.offset.clamp(Vec2::ZERO, room);
        let offset = self.offset;

        let first_row = (offset.y / cell).floor() as usize;
        let last_row = (((offset.y + body.height()) / cell).ceil() as usize).min(rows);
        let first_column = (offset.x / cell).floor() as usize;
        let last_column = (((offset.x + body.width()) / cell).ceil() as usize).min(columns);
        let cell_rect = |r: usize, c: usize| {
            Rect::from_min_size(
                body.min + vec2(c as f32 * cell, r as f32 * cell) - offset,
                Vec2::splat(cell),
            )
        };

        // What is selected, as a row, a column or a cell.
        let selection = doc.selection();
        let selected_row = match selection {
            Some(Selection::Node(Node::Actor(a)) | Selection::Pair(a, _)) => {
                matrix.actors.iter().position(|&x| x == a)
            }
            Some(Selection::Position(p)) => {
                let a = dataset.position(p).actor;
                matrix.actors.iter().position(|&x| x == a)
            }
            _ => None,
        };
        let selected_column = match selection {
            Some(Selection::Node(Node::Issue(i)) | Selection::Pair(_, i)) => {
                matrix.issues.iter().position(|&x| x == i)
            }
            Some(Selection::Position(p)) => {
                let i = dataset.position(p).issue;
                matrix.issues.iter().position(|&x| x == i)
            }
            _ => None,
        };

        let visuals = ui.visuals().clone();
        let highlight = visuals.selection.bg_fill.gamma_multiply(0.35);
        let grid = visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.6);
        let painter = ui.painter_at(body);
        if let Some(r) = selected_row {
            let band = Rect::from_x_y_ranges(body.x_range(), cell_rect(r, 0).y_range());
            painter.rect_filled(band, 0.0, highlight);
        }
        if let Some(c) = selected_column {
            let band = Rect::from_x_y_ranges(cell_rect(0, c).x_range(), body.y_range());
            painter.rect_filled(band, 0.0, highlight);
        }
        // Faint grid lines every row and column once cells are large enough to need them.
        if cell >= 8.0 {
            for r in first_row..=last_row {
                let y = body.min.y + r as f32 * cell - offset.y;
                painter.hline(body.x_range(), y, Stroke::new(0.5, grid));
            }
            for c in first_column..=last_column {
                let x = body.min.x + c as f32 * cell - offset.x;
                painter.vline(x, body.y_range(), Stroke::new(0.5, grid));
            }
        }

        // Cells in view: their colours as one mesh, kept while the matrix, the view and the
        // theme stay the same (a pointer moving over 80,000 cells costs nothing), then marks,
        // counts and widgets for cells large enough to carry them.
        let inset = if cell >= 8.0 { 1.0 } else { 0.0 };
        let fills_key = FillsKey {
            matrix: self.matrix.as_ref().map(|(key, _)| *key),
            cell: cell.to_bits(),
            offset: [offset.x.to_bits(), offset.y.to_bits()],
            body: [body.min.x, body.min.y, body.max.x, body.max.y].map(f32::to_bits),
            theme,
        };
        let fills = match &self.fills {
            Some((key, mesh)) if *key == fills_key => Arc::clone(mesh),
            _ => {
                let mut mesh = egui::Mesh::default();
                for r in first_row..last_row {
                    let cells = matrix.row_cells(r);
                    let start = cells.partition_point(|(c, _)| (*c as usize) < first_column);
                    for (c, list) in &cells[start..] {
                        if *c as usize >= last_column {
                            break;
                        }
                        let Some(&latest) = list.last() else { continue };
                        let stance = dataset.position(latest).stance.kind();
                        let rect = cell_rect(r, *c as usize).shrink(inset);
                        mesh.add_colored_rect(rect, theme.stance_color(stance));
                    }
                }
                let mesh = Arc::new(mesh);
                self.fills = Some((fills_key, Arc::clone(&mesh)));
                mesh
            }
        };
        painter.add(egui::Shape::Mesh(fills));
        let mark = mark_color(theme);
        let small = FontId::proportional((cell * 0.45).clamp(7.0, 11.0));
        let mut hovered: Option<(usize, usize)> = None;
        let mut clicked: Option<(usize, usize)> = None;
        // Pairs a comparison marked get a violet frame.
        let marked = doc.marked();
        let widgets = cell >= CELL_WIDGETS;
        let detailed = cell >= 9.0;
        for r in (first_row..last_row).filter(|_| detailed) {
            let cells = matrix.row_cells(r);
            let start = cells.partition_point(|(c, _)| (*c as usize) < first_column);
            for (c, list) in &cells[start..] {
                let c = *c as usize;
                if c >= last_column {
                    break;
                }
                let Some(&latest) = list.last() else { continue };
                let stance = dataset.position(latest).stance.kind();
                let rect = cell_rect(r, c).shrink(inset);
                paint_mark(&painter, rect, stance, mark);
                if list.len() > 1 && cell >= 16.0 {
                    painter.text(
                        rect.right_bottom() - vec2(1.0, 0.0),
                        egui::Align2::RIGHT_BOTTOM,
                        list.len().to_string(),
                        small.clone(),
                        mark,
                    );
                }
                if marked.is_some_and(|m| m.contains(&(matrix.actors[r], matrix.issues[c]))) {
                    painter.rect_stroke(
                        rect.expand(1.0),
                        2.0,
                        Stroke::new(2.0, theme.marked_color()),
                        egui::StrokeKind::Outside,
                    );
                }
                if selection == Some(Selection::Pair(matrix.actors[r], matrix.issues[c])) {
                    painter.rect_stroke(
                        rect.expand(1.0),
                        2.0,
                        Stroke::new(2.0, theme.palette().selection),
                        egui::StrokeKind::Outside,
                    );
                }
                if widgets && body.contains(rect.center()) {
                    let actor = &dataset.actor(matrix.actors[r]).name;
                    let issue = &dataset.issue(matrix.issues[c]).name;
                    let response =
                        ui.interact(rect, ui.scope_id().with(("cell", r, c)), Sense::click());
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Cell,
                            true,
                            format!("{actor} on {issue}: {}", stance.label()),
                        )
                    });
                    if response.hovered() {
                        hovered = Some((r, c));
                    }
                    if response.clicked() {
                        clicked = Some((r, c));
                    }
                }
            }
        }
        // Small cells: the canvas finds the one under the pointer.
        let pointer_cell = |p: Pos2| {
            if !body.contains(p) {
                return None;
            }
            let at = (p - body.min + offset) / cell;
            let (r, c) = (at.y as usize, at.x as usize);
            (r < rows && c < columns && !matrix.cell(r, c).is_empty()).then_some((r, c))
        };
        if !widgets {
            hovered = background.hover_pos().and_then(pointer_cell);
            if background.clicked() {
                clicked = background.interact_pointer_pos().and_then(pointer_cell);
            }
        }
        if let Some((r, c)) = hovered {
            let list = matrix.cell(r, c).to_vec();
            background.clone().on_hover_ui_at_pointer(|ui| {
                cell_tooltip_ui(ui, doc, &list, theme);
            });
        }
        if let Some((r, c)) = clicked {
            commands.push(Command::Select(Some(Selection::Pair(
                matrix.actors[r],
                matrix.issues[c],
            ))));
        } else if background.clicked() && widgets {
            commands.push(Command::Select(None));
        }

        // Row headers: actors' names, sticky at the left.
        let text = visuals.text_color();
        let weak = visuals.weak_text_color();
        let rows_area =
            Rect::from_min_max(pos2(area.min.x, body.min.y), pos2(body.min.x, body.max.y));
        let rows_painter = ui.painter_at(rows_area);
        for r in first_row..last_row {
            let rect = Rect::from_x_y_ranges(rows_area.x_range(), cell_rect(r, 0).y_range());
            let actor = dataset.actor(matrix.actors[r]);
            let response = ui.interact(
                rect.intersect(rows_area),
                ui.scope_id().with(("row", r)),
                Sense::click(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::RowHeader,
                    true,
                    format!("Actor: {}", actor.name),
                )
            });
            if selected_row == Some(r) || response.hovered() {
                rows_painter.rect_filled(rect, 0.0, highlight);
            }
            if cell >= NAMES {
                let galley = truncated(
                    ui,
                    &visual(&actor.name),
                    ROW_HEADER - 12.0,
                    if selected_row == Some(r) { text } else { weak },
                );
                let y = rect.center().y - galley.size().y / 2.0;
                rows_painter.galley(pos2(rect.max.x - 6.0 - galley.size().x, y), galley, text);
            }
            let response = response.on_hover_text(&actor.name);
            if response.clicked() {
                commands.push(Command::Select(Some(Selection::Node(Node::Actor(
                    matrix.actors[r],
                )))));
            }
        }

        // Column headers: issues' names, written upwards, sticky at the top.
        let columns_area =
            Rect::from_min_max(pos2(body.min.x, area.min.y), pos2(body.max.x, body.min.y));
        let columns_painter = ui.painter_at(columns_area);
        for c in first_column..last_column {
            let rect = Rect::from_x_y_ranges(cell_rect(0, c).x_range(), columns_area.y_range());
            let issue = dataset.issue(matrix.issues[c]);
            let response = ui.interact(
                rect.intersect(columns_area),
                ui.scope_id().with(("column", c)),
                Sense::click(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::ColumnHeader,
                    true,
                    format!("Issue: {}", issue.name),
                )
            });
            if selected_column == Some(c) || response.hovered() {
                columns_painter.rect_filled(rect, 0.0, highlight);
            }
            if cell >= NAMES {
                let galley = truncated(
                    ui,
                    &visual(&issue.name),
                    COLUMN_HEADER - 12.0,
                    if selected_column == Some(c) {
                        text
                    } else {
                        weak
                    },
                );
                let x = rect.center().x - galley.size().y / 2.0;
                let shape = egui::epaint::TextShape::new(pos2(x, rect.max.y - 6.0), galley, text)
                    .with_angle(-std::f32::consts::FRAC_PI_2);
                columns_painter.add(shape);
            }
            let response = response.on_hover_text(&issue.name);
            if response.clicked() {
                commands.push(Command::Select(Some(Selection::Node(Node::Issue(
                    matrix.issues[c],
                )))));
            }
        }

        // Where the view is within the whole, as thin bars.
        let bar = visuals.widgets.inactive.bg_fill;
        if room.y > 0.0 {
            let share = body.height() / content.y;
            let top = body.min.y + offset.y / content.y * body.height();
            let thumb = Rect::from_min_size(
                pos2(body.max.x - 5.0, top),
                vec2(4.0, (share * body.height()).max(12.0)),
            );
            ui.painter().rect_filled(thumb, 2.0, bar);
        }
        if room.x > 0.0 {
            let share = body.width() / content.x;
            let left = body.min.x + offset.x / content.x * body.width();
            let thumb = Rect::from_min_size(
                pos2(left, body.max.y - 5.0),
                vec2((share * body.width()).max(12.0), 4.0),
            );
            ui.painter().rect_filled(thumb, 2.0, bar);
        }
        commands
    }

    fn keys(&mut self, _ctx: &egui::Context, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, _cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => *self = Self::default(),
            // "Fit": back to the first row and column, at a size where the whole fits when
            // it can.
            ViewEvent::Fit => self.fit = true,
            _ => {}
        }
    }

    fn has_picture(&self) -> bool {
        true
    }

    fn snapshot(&mut self, cx: &ViewContext<'_>, _whole: bool) -> Option<Snapshot> {
        let order = self.order;
        Some(Snapshot {
            picture: Picture::Matrix(self.matrix(cx.doc)),
            subtitle: Some("who stands where".to_owned()),
            note: Some(format!("Rows and columns ordered by {}", order.name())),
        })
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&(self.order, self.cell)).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok((order, cell)) = ron::from_str::<(Order, f32)>(saved)
            && CELL_RANGE.contains(&cell)
        {
            self.order = order;
            self.cell = cell;
            self.fit = false;
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A cell's positions: stance, date and quote of each (the latest last).
fn cell_tooltip_ui(ui: &mut Ui, doc: &Document, positions: &[PositionIx], theme: Theme) {
    let dataset = doc.dataset();
    let Some(&first) = positions.first() else {
        return;
    };
    let position = dataset.position(first);
    ui.strong(format!(
        "{} on {}",
        dataset.actor(position.actor).name,
        dataset.issue(position.issue).name
    ));
    ui.set_max_width(420.0);
    // The latest three (a long history is in the inspector).
    for &p in positions.iter().rev().take(3) {
        let position = dataset.position(p);
        ui.horizontal_wrapped(|ui| {
            super::stance_chip(ui, theme, position.stance.kind());
            if let Some(condition) = position.stance.condition() {
                ui.label(condition);
            }
            if let Some(date) = position.date {
                ui.weak(date.to_string());
            }
        });
        ui.add(super::quote_label(ui, &position.quote));
    }
    if positions.len() > 3 {
        ui.weak(format!("… {} more: click to see all", positions.len() - 3));
    }
}
