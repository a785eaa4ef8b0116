//! The matrix view: actors × issues, who stands where on everything at once. A cell shows the
//! stance by colour and by a mark (support +, reject −, condition ○, neutral ·); several
//! positions in a cell show the latest with their count. Rows and columns are ordered by
//! name, by number of positions, or by blocs. Only the cells in view are drawn.

use std::any::Any;
use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};

use super::Command;
use super::view::{Picture, Snapshot, View, ViewContext, ViewEvent};
use crate::analysis::matrix::{Matrix, Order};
use crate::document::{Document, Selection};
use crate::graph::Node;

use crate::style::Theme;

mod cells;
mod names;
mod toolbar;

use cells::{cell_tooltip_ui, paint_mark};
use names::{column_header_height, widest_name};

/// The widest the actors' names may be, in points.
const ROW_HEADER: f32 = 190.0;

/// The least height of the issues' names (written upwards), in points; more when the view
/// has room (up to [`COLUMN_HEADER_SHARE`] of its height, more when the rows leave room).
const COLUMN_HEADER: f32 = 150.0;

/// The share of the view's height the issues' names may always take.
const COLUMN_HEADER_SHARE: f32 = 0.3;

/// The range of cell sizes (each side), in points.
const CELL_RANGE: std::ops::RangeInclusive<f32> = 1.0..=60.0;

/// The widest a fitted cell gets: one issue is a column of readable width, not a slab.
const FITTED_WIDTH: f32 = 60.0;

/// The tallest a fitted cell gets: a few actors are rows of readable height, not slabs.
const FITTED_HEIGHT: f32 = 36.0;

/// The names' font size, in points; a name needs this much more of a row or column.
const NAME_SIZE: f32 = 12.0;
const NAME_ROOM: f32 = 16.0;

/// From this cell size, each cell in view is its own widget (a name for screen readers and
/// tests); smaller cells are hit-tested on the canvas.
const CELL_WIDGETS: f32 = 10.0;

/// What the matrix was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key {
    document: u64,
    filter: u64,
    order: Order,
    /// The colouring, when rows are grouped by it.
    grouped: Option<u64>,
}

/// What is measured once per matrix.
#[derive(Clone, Copy, Debug)]
struct Measures {
    /// The width of the actors' names column, in points.
    rows_width: f32,
    /// The width of the widest issue name, in points.
    widest_issue: f32,
    /// Whether some cell holds several positions (the legend then says what its count means).
    several: bool,
}

/// What the mesh of cell colours was built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FillsKey {
    /// The matrix.
    matrix: Option<Key>,
    cell: [u32; 2],
    offset: [u32; 2],
    body: [u32; 4],
    theme: Theme,
}

/// The matrix view's state between frames.
pub struct MatrixView {
    order: Order,
    /// Cell size in points (width, height): cells fit both axes.
    cell: Vec2,
    /// Names laid out and shortened to fit their gutter.
    names: names::NameCache,
    /// The names painted in the last frame (rows, then columns), as drawn (shortened).
    painted: (Vec<String>, Vec<String>),
    /// How far the cells are scrolled (points, from the first row and column).
    offset: Vec2,
    matrix: Option<(Key, Arc<Matrix>)>,
    /// Each column's balance of forces, for the matrix it was computed for (only when some
    /// actor has an influence).
    balances: Option<(Key, Arc<Vec<crate::analysis::balance::Balance>>)>,
    /// The names' room and whether a cell holds several positions, for the matrix they were
    /// measured for.
    measures: Option<(Key, Measures)>,
    /// The rows and columns the cell size was last set for: when the filter changes them
    /// (one issue left, say), the cells fit again.
    shape: Option<(usize, usize)>,
    /// The cells' colours as drawn last, and what for.
    fills: Option<(FillsKey, Arc<egui::Mesh>)>,
    /// Whether the cell size is still to be fitted to the matrix (first shown).
    fit: bool,
    /// An actor or issue to bring into view (a search's match chosen).
    focus: Option<Node>,
    /// Whether rows are grouped by what actors are coloured by (an attribute or a bloc).
    group_rows: bool,
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
            cell: Vec2::splat(18.0),
            names: names::NameCache::default(),
            painted: (Vec::new(), Vec::new()),
            offset: Vec2::ZERO,
            matrix: None,
            measures: None,
            shape: None,
            fills: None,
            fit: true,
            focus: None,
            group_rows: false,
            balances: None,
        }
    }
}

impl MatrixView {
    /// The order rows and columns are in.
    pub fn order(&self) -> Order {
        self.order
    }

    /// The names' room and whether a cell holds several positions, measured once per
    /// document and filter (another order has the same rows and columns: measuring 20,000
    /// names again took 20 ms of the switch to bloc order).
    fn measures(&mut self, ui: &Ui, doc: &Document, matrix: &Matrix) -> Measures {
        let key = self.matrix.as_ref().map(|(key, _)| Key {
            order: Order::Name,
            ..*key
        });
        match (self.measures, key) {
            (Some((built, measures)), Some(key)) if built == key => measures,
            (_, key) => {
                let dataset = doc.dataset();
                let measures = Measures {
                    rows_width: widest_name(
                        ui,
                        matrix
                            .actors
                            .iter()
                            .map(|&a| dataset.actor(a).name.as_str()),
                    )
                    .clamp(60.0, ROW_HEADER - 12.0)
                        + 12.0,
                    widest_issue: widest_name(
                        ui,
                        matrix
                            .issues
                            .iter()
                            .map(|&i| dataset.issue(i).name.as_str()),
                    ),
                    several: matrix.most_in_a_cell() > 1,
                };
                if let Some(key) = key {
                    self.measures = Some((key, measures));
                }
                measures
            }
        }
    }

    /// The size of a cell (width, height) in points.
    pub fn cell_size(&self) -> Vec2 {
        self.cell
    }

    /// The actors' and issues' names written in the last frame, as drawn (for tests).
    pub fn painted_names(&self) -> (&[String], &[String]) {
        (&self.painted.0, &self.painted.1)
    }

    /// The matrix of the document's filter in the current order, built again only when the
    /// filter or the order changed.
    fn matrix(&mut self, doc: &Document) -> Arc<Matrix> {
        let revision = doc.revision();
        let grouped = (self.group_rows && !doc.colouring().is_kind()).then_some(revision.colour);
        let key = Key {
            document: revision.document,
            filter: revision.filter,
            order: self.order,
            grouped,
        };
        match &self.matrix {
            Some((built, matrix)) if *built == key => Arc::clone(matrix),
            _ => {
                // Names are cached by index: another document, other names.
                if self
                    .matrix
                    .as_ref()
                    .is_none_or(|(k, _)| k.document != key.document)
                    || self.names.len() > 20_000
                {
                    self.names.clear();
                }
                let mut matrix = Matrix::of(doc, self.order);
                if grouped.is_some() {
                    let colouring = doc.colouring();
                    matrix.group_rows(|a| colouring.value_of(a).unwrap_or(usize::MAX));
                }
                let matrix = Arc::new(matrix);
                self.matrix = Some((key, Arc::clone(&matrix)));
                matrix
            }
        }
    }
}

/// The cell size (width, height) that shows the whole matrix in `body` (points): each axis
/// fitted on its own, so the cells fill the view; a fitted cell is never wider than
/// [`FITTED_WIDTH`] nor taller than [`FITTED_HEIGHT`], so one issue is a readable column and one
/// actor a readable row.
fn fitting_cell(body: Vec2, rows: usize, columns: usize) -> Vec2 {
    let width = body.x / columns.max(1) as f32;
    let height = body.y / rows.max(1) as f32;
    clamp_cell(vec2(width.min(FITTED_WIDTH), height.min(FITTED_HEIGHT)))
}

/// A cell size within [`CELL_RANGE`] on each side.
fn clamp_cell(cell: Vec2) -> Vec2 {
    cell.clamp(
        Vec2::splat(*CELL_RANGE.start()),
        Vec2::splat(*CELL_RANGE.end()),
    )
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
        let measures = self.measures(ui, doc, &matrix);
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                self.toolbar_ui(ui, doc, &matrix, measures.several, theme);
            });
        if matrix.actors.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label("No actor has a position the filter shows.");
            });
            return commands;
        }

        let area = ui.available_rect_before_wrap();
        let background = ui.allocate_rect(area, Sense::click_and_drag());
        let (rows, columns) = (matrix.actors.len(), matrix.issues.len());
        // Names are always written beside the rows and above the columns (every n-th when
        // the cells are smaller than a name).
        let headers = vec2(
            measures.rows_width,
            column_header_height(measures.widest_issue, area.height(), rows),
        );
        let body = Rect::from_min_max(area.min + headers, area.max);
        // A filter that changes the rows or columns (one issue left, say) fits the cells again.
        if self.shape.is_some_and(|shape| shape != (rows, columns)) {
            self.fit = true;
        }
        self.shape = Some((rows, columns));
        if std::mem::take(&mut self.fit) {
            self.cell = fitting_cell(body.size(), rows, columns);
            self.offset = Vec2::ZERO;
        }

        // Scroll (wheel, drag) and zoom (Ctrl+wheel, pinch) around the pointer.
        if let Some(pointer) = background.hover_pos() {
            let zoom = ui.input(egui::InputState::zoom_delta);
            if (zoom - 1.0).abs() > 1e-4 {
                let before = (pointer - body.min + self.offset) / self.cell;
                self.cell = clamp_cell(self.cell * zoom);
                self.offset = before * self.cell - (pointer - body.min);
            } else {
                self.offset -= ui.input(|i| i.smooth_scroll_delta);
            }
        }
        if background.dragged() {
            self.offset -= background.drag_delta();
        }
        // A chosen actor's row or issue's column brought to the middle of the view.
        match self.focus.take() {
            Some(Node::Actor(a)) => {
                if let Some(r) = matrix.actors.iter().position(|&x| x == a) {
                    self.offset.y = (r as f32 + 0.5) * self.cell.y - body.height() * 0.5;
                }
            }
            Some(Node::Issue(i)) => {
                if let Some(c) = matrix.issues.iter().position(|&x| x == i) {
                    self.offset.x = (c as f32 + 0.5) * self.cell.x - body.width() * 0.5;
                }
            }
            None => {}
        }
        let cell = self.cell;
        let content = vec2(columns as f32 * cell.x, rows as f32 * cell.y);
        let room = (content - body.size()).max(Vec2::ZERO);
        self.offset = self.offset.clamp(Vec2::ZERO, room);
        let offset = self.offset;

        let first_row = (offset.y / cell.y).floor() as usize;
        let last_row = (((offset.y + body.height()) / cell.y).ceil() as usize).min(rows);
        let first_column = (offset.x / cell.x).floor() as usize;
        let last_column = (((offset.x + body.width()) / cell.x).ceil() as usize).min(columns);
        let cell_rect = |r: usize, c: usize| {
            Rect::from_min_size(
                body.min + vec2(c as f32 * cell.x, r as f32 * cell.y) - offset,
                cell,
            )
        };
        let smaller = cell.x.min(cell.y);
        // Where the cells are (the body, or less when the whole matrix is smaller): the
        // selection's bands end with the cells.
        let drawn = Rect::from_min_max(body.min, body.min + content - offset).intersect(body);

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
        let selection_color = theme.palette().selection;
        let grid = visuals
            .widgets
            .noninteractive
            .bg_stroke
            .color
            .gamma_multiply(0.6);
        let painter = ui.painter_at(body);
        if let Some(r) = selected_row {
            let band = Rect::from_x_y_ranges(drawn.x_range(), cell_rect(r, 0).y_range());
            painter.rect_filled(band, 0.0, highlight);
        }
        if let Some(c) = selected_column {
            let band = Rect::from_x_y_ranges(cell_rect(0, c).x_range(), drawn.y_range());
            painter.rect_filled(band, 0.0, highlight);
        }
        // Faint grid lines every row and column once cells are large enough to need them.
        if cell.y >= 8.0 {
            for r in first_row..=last_row {
                let y = body.min.y + r as f32 * cell.y - offset.y;
                painter.hline(drawn.x_range(), y, Stroke::new(0.5, grid));
            }
        }
        if cell.x >= 8.0 {
            for c in first_column..=last_column {
                let x = body.min.x + c as f32 * cell.x - offset.x;
                painter.vline(x, drawn.y_range(), Stroke::new(0.5, grid));
            }
        }

        // Cells in view: their colours as one mesh, kept while the matrix, the view and the
        // theme stay the same (a pointer moving over 80,000 cells costs nothing), then marks,
        // counts and widgets for cells large enough to carry them.
        let inset = if smaller >= 8.0 { 1.0 } else { 0.0 };
        let fills_key = FillsKey {
            matrix: self.matrix.as_ref().map(|(key, _)| *key),
            cell: [cell.x.to_bits(), cell.y.to_bits()],
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
        // The selected row and column outlined over the cells.
        let outline = Stroke::new(1.5, selection_color);
        if let Some(r) = selected_row {
            let band = Rect::from_x_y_ranges(drawn.x_range(), cell_rect(r, 0).y_range());
            painter.rect_stroke(band, 0.0, outline, egui::StrokeKind::Outside);
        }
        if let Some(c) = selected_column {
            let band = Rect::from_x_y_ranges(cell_rect(0, c).x_range(), drawn.y_range());
            painter.rect_stroke(band, 0.0, outline, egui::StrokeKind::Outside);
        }
        let mark = mark_color(theme);
        let small = FontId::proportional((smaller * 0.45).clamp(7.0, 11.0));
        let mut hovered: Option<(usize, usize)> = None;
        let mut clicked: Option<(usize, usize)> = None;
        // Pairs a comparison marked get a violet frame.
        let marked = doc.marked();
        let widgets = smaller >= CELL_WIDGETS;
        let detailed = smaller >= 9.0;
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
                if list.len() > 1 && smaller >= 16.0 {
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
                // The selected cell (a pair, or a position's) outlined.
                let cell_selected = matches!(
                    selection,
                    Some(Selection::Pair(..) | Selection::Position(_))
                ) && selected_row == Some(r)
                    && selected_column == Some(c);
                if cell_selected {
                    painter.rect_stroke(
                        rect.expand(1.0),
                        2.0,
                        Stroke::new(2.0, selection_color),
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

        let grid = names::Grid {
            area,
            body,
            cell,
            offset,
            rows: first_row..last_row,
            columns: first_column..last_column,
        };
        commands.extend(self.names_ui(
            ui,
            doc,
            &matrix,
            &grid,
            (selected_row, selected_column),
            (highlight, theme),
        ));

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
            ViewEvent::Focus(node) => self.focus = Some(node),
            _ => {}
        }
    }

    fn has_picture(&self) -> bool {
        true
    }

    /// The matrix has its own "Fit" beside its order.
    fn fits(&self) -> bool {
        false
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
        ron::to_string(&(self.order, [self.cell.x, self.cell.y])).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok((order, [width, height])) = ron::from_str::<(Order, [f32; 2])>(saved)
            && CELL_RANGE.contains(&width)
            && CELL_RANGE.contains(&height)
        {
            self.order = order;
            self.cell = vec2(width, height);
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
