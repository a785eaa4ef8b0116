//! The table view: every visible position as a row (actor, issue, stance, date, source,
//! quote), sortable by any column, narrowed by the filter and the search, virtualised so that
//! 200,000 rows scroll smoothly. Clicking a row selects that position in every view; Shift and
//! Ctrl extend the rows picked, and Ctrl+C (or "Copy") gives them as tab-separated text for a
//! spreadsheet. It is what an analyst checks a coded dataset with.

use std::any::Any;
use std::collections::BTreeSet;

use egui::{Key, Modifiers, RichText, Ui};
use egui_extras::{Column as Width, TableBuilder};

use super::view::{View, ViewContext, ViewEvent};
use super::{Command, grouped, stance_chip};
use crate::document::table::{self, Column, Sort, TableRows};
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::PositionIx;

/// Height of a row, in points.
const ROW_HEIGHT: f32 = 22.0;

/// The table view's state between frames.
#[derive(Default)]
pub struct TableView {
    sort: Sort,
    rows: TableRows,
    /// Rows picked with Shift or Ctrl (besides those of the selection).
    picked: BTreeSet<PositionIx>,
    /// The row a Shift-click extends from.
    anchor: Option<PositionIx>,
    /// The selection last seen, to tell when another view changed it.
    seen: Option<Selection>,
    /// Scroll this row into view in the next frame.
    scroll_to: Option<usize>,
    /// Bumped whenever `picked` changes.
    picked_generation: u64,
    /// The highlighted rows and what they were found for.
    highlight: Option<(HighlightKey, Vec<PositionIx>)>,
    /// The columns' widths before the quote's (fitted to their content), and the document and
    /// filter they were measured for.
    widths: Option<((u64, u64), [f32; 5])>,
}

/// What the highlighted rows depend on (not where nodes are drawn: a layout animating
/// does not touch the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HighlightKey {
    document: u64,
    filter: u64,
    search: u64,
    selection: u64,
    sort: Sort,
    picked: u64,
}

/// Whether a row belongs to the selection: the position itself, or one of the actor's or
/// the issue's.
fn in_selection(doc: &Document, selection: Option<Selection>, p: PositionIx) -> bool {
    let position = doc.dataset().position(p);
    match selection {
        Some(Selection::Position(s)) => s == p,
        Some(Selection::Node(Node::Actor(a))) => position.actor == a,
        Some(Selection::Node(Node::Issue(i))) => position.issue == i,
        Some(Selection::Pair(a, i)) => position.actor == a && position.issue == i,
        Some(Selection::Actors(a, b)) => position.actor == a || position.actor == b,
        None => false,
    }
}

impl TableView {
    /// The order rows are shown in.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The highlighted rows (picked, or the selection's), in table order; found again only
    /// when the rows, the selection or the picked rows changed.
    fn highlighted(&mut self, doc: &Document) -> &[PositionIx] {
        let revision = doc.revision();
        let key = HighlightKey {
            document: revision.document,
            filter: revision.filter,
            search: revision.search,
            selection: revision.selection,
            sort: self.sort,
            picked: self.picked_generation,
        };
        if self.highlight.as_ref().is_none_or(|(k, _)| *k != key) {
            let selection = doc.selection();
            let picked = &self.picked;
            let rows = self
                .rows
                .rows(doc, self.sort)
                .iter()
                .copied()
                .filter(|&p| picked.contains(&p) || in_selection(doc, selection, p))
                .collect();
            self.highlight = Some((key, rows));
        }
        self.highlight.as_ref().map_or(&[], |(_, rows)| rows)
    }

    /// Follows a selection made elsewhere: forget picked rows, bring the first row of the
    /// selection into view.
    fn follow_selection(&mut self, doc: &Document) {
        let selection = doc.selection();
        if selection == self.seen {
            return;
        }
        self.seen = selection;
        if let Some(Selection::Position(p)) = selection
            && self.picked.contains(&p)
        {
            return; // Our own click.
        }
        self.picked.clear();
        self.picked_generation += 1;
        self.anchor = None;
        let rows = self.rows.rows(doc, self.sort);
        self.scroll_to = rows.iter().position(|&p| in_selection(doc, selection, p));
    }

    /// A click on a row, with the modifiers held.
    fn click(&mut self, doc: &Document, p: PositionIx, modifiers: Modifiers) -> Command {
        let rows = self.rows.rows(doc, self.sort);
        if modifiers.shift
            && let Some(anchor) = self.anchor
            && let (Some(a), Some(b)) = (
                rows.iter().position(|&r| r == anchor),
                rows.iter().position(|&r| r == p),
            )
        {
            self.picked = rows[a.min(b)..=a.max(b)].iter().copied().collect();
        } else if modifiers.command {
            self.anchor = Some(p);
            if self.picked.remove(&p) {
                // Un-picked: the selection moves to another picked row, or goes.
                let next = self.picked.iter().next().copied().map(Selection::Position);
                self.picked_generation += 1;
                self.seen = next;
                return Command::Select(next);
            }
            self.picked.insert(p);
        } else {
            self.picked = [p].into();
            self.anchor = Some(p);
        }
        self.picked_generation += 1;
        self.seen = Some(Selection::Position(p));
        Command::Select(Some(Selection::Position(p)))
    }
}

/// The widest each column before the quote starts at (points); the quote takes the rest.
const WIDTH_CAPS: [f32; 5] = [200.0, 260.0, 230.0, 100.0, 190.0];

/// The stance column's width kept for its chip when the columns give way to the quote.
const STANCE_CHIP_WIDTH: f32 = 96.0;

/// At most this many rows are measured to size the columns (evenly spread over the rows).
const MEASURED_ROWS: usize = 400;

/// Of those, each column's this many longest texts (by characters) are measured.
const LONGEST_MEASURED: usize = 4;

/// The columns' widths before the quote's: each as wide as its widest text among (a spread of)
/// the rows and its header, within [`WIDTH_CAPS`]; a column with no text in any row (no dates,
/// no sources) only as wide as its header.
fn fitted_widths(ui: &Ui, dataset: &crate::model::Dataset, rows: &[PositionIx]) -> [f32; 5] {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let measure = |text: &str| text_width(ui, &font, text);
    let header = |k: usize| {
        measure(Column::ALL[k].title()) + 22.0 // the sort arrow and the cell's margins
    };
    // The longest texts of each column by characters (the widest is among them), measured.
    let mut longest: [Vec<String>; 5] = Default::default();
    let step = rows.len().div_ceil(MEASURED_ROWS).max(1);
    for &p in rows.iter().step_by(step) {
        let cells = table::row_cells(dataset, p);
        for (k, list) in longest.iter_mut().enumerate() {
            let text = &cells[k];
            if text.is_empty() || list.contains(text) {
                continue;
            }
            list.push(text.clone());
            if list.len() > LONGEST_MEASURED {
                list.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
                list.truncate(LONGEST_MEASURED);
            }
        }
    }
    let mut widths = [0.0_f32; 5];
    for (k, width) in widths.iter_mut().enumerate() {
        // The stance is a chip (padding) and its condition.
        let extra = if k == 2 { 24.0 } else { 12.0 };
        for text in &longest[k] {
            *width = width.max(measure(text) + extra);
        }
    }
    std::array::from_fn(|k| widths[k].min(WIDTH_CAPS[k]).max(header(k)))
}

/// A text's width on one line as the sum of its glyphs' advances: within a point or two of
/// the laid-out line's (no kerning), well inside a cell's margin, and nothing shaped and
/// cached for a table's first frame (laying out its two dozen longest texts took a third of
/// a millisecond).
fn text_width(ui: &Ui, font: &egui::FontId, text: &str) -> f32 {
    ui.ctx()
        .fonts_mut(|fonts| text.chars().map(|c| fonts.glyph_width(font, c)).sum())
}

/// The size of the violet bar of a row a comparison marked.
const MARKED_BAR: egui::Vec2 = egui::vec2(3.0, 0.0);

/// Where the violet bar of a marked row goes in its first cell: at its left edge, inside
/// the cell (a cell clips what it paints, so a bar outside it is never seen).
fn marked_bar(cell: egui::Rect) -> egui::Rect {
    egui::Rect::from_min_size(cell.min, egui::vec2(MARKED_BAR.x, cell.height()))
}

impl View for TableView {
    fn id(&self) -> &'static str {
        "table"
    }

    fn title(&self) -> &'static str {
        "Table"
    }

    fn description(&self) -> &'static str {
        "Every visible position as a row, sortable"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let mut commands = Vec::new();
        // The centre has no frame of its own (the graph paints its canvas): fill it.
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        self.follow_selection(doc);
        let picked_none = self.picked.is_empty();
        let highlighted_count = self.highlighted(doc).len();
        let mut copy_highlighted = false;
        let mut sort = self.sort;
        let scroll_to = self.scroll_to.take();
        let rows = self.rows.rows(doc, self.sort);
        let picked = &self.picked;
        let selection = doc.selection();
        let dataset = doc.dataset();

        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let total = doc.visible().position_count;
                    let count = if rows.len() == total {
                        format!("{} rows", grouped(rows.len()))
                    } else {
                        format!(
                            "{} of {} rows match the search",
                            grouped(rows.len()),
                            grouped(total)
                        )
                    };
                    ui.label(count);
                    let colouring = doc.colouring();
                    if !colouring.is_kind() {
                        ui.separator();
                        let label = format!("Group by {}", colouring.by.label());
                        ui.checkbox(&mut self.sort.grouped, label).on_hover_text(
                            "Rows of one value together (in the legend's order), sorted by the column within each",
                        );
                    }
                    if highlighted_count > 0 {
                        ui.separator();
                        let what = match doc.selection() {
                            Some(Selection::Node(Node::Actor(a))) if picked_none => {
                                format!(" of {}", dataset.actor(a).name)
                            }
                            Some(Selection::Node(Node::Issue(i))) if picked_none => {
                                format!(" on {}", dataset.issue(i).name)
                            }
                            _ => String::new(),
                        };
                        let n = highlighted_count;
                        ui.label(format!(
                            "{} row{}{what} selected",
                            grouped(n),
                            if n == 1 { "" } else { "s" }
                        ));
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .add_enabled(!rows.is_empty(), egui::Button::new("Copy all"))
                            .on_hover_text("Copy every row as tab-separated text")
                            .clicked()
                        {
                            ui.ctx()
                                .copy_text(table::tab_separated(dataset, rows.iter().copied()));
                        }
                        if ui
                            .add_enabled(highlighted_count > 0, egui::Button::new("Copy"))
                            .on_hover_text("Copy the selected rows as tab-separated text (Ctrl+C)")
                            .clicked()
                        {
                            copy_highlighted = true;
                        }
                    });
                });
            });

        let theme = cx.theme;
        let mut clicked = None;
        let revision = doc.revision();
        let widths_key = (revision.document, revision.filter);
        let fitted = match self.widths {
            Some((key, widths)) if key == widths_key => widths,
            _ => {
                let widths = fitted_widths(ui, dataset, rows);
                self.widths = Some((widths_key, widths));
                widths
            }
        };
        // The quote keeps at least two fifths of the width: the other columns give way in
        // proportion when their content would take more, but the date (short, of one form)
        // keeps its width and the stance its chip's.
        let room = ui.available_width() * 0.6;
        let sum: f32 = fitted.iter().sum();
        let widths = if sum > room {
            let scale = ((room - fitted[3]) / (sum - fitted[3]).max(1.0)).clamp(0.0, 1.0);
            let mut widths = fitted.map(|w| (w * scale).max(48.0));
            widths[2] = widths[2].max(fitted[2].min(STANCE_CHIP_WIDTH));
            widths[3] = fitted[3];
            widths
        } else {
            fitted
        };
        // The quote takes the rest and wraps in a selected row, which grows to show it whole.
        let quote_width = (ui.available_width()
            - widths.iter().sum::<f32>()
            - 6.0 * ui.spacing().item_spacing.x
            - 16.0)
            .max(120.0);
        // Only the few rows picked or selected are measured; the rest keep one line.
        let quote_font = egui::TextStyle::Body.resolve(ui.style());
        let whole_rows: std::collections::HashMap<PositionIx, f32> = picked
            .iter()
            .copied()
            .chain(match selection {
                Some(Selection::Position(p)) => Some(p),
                _ => None,
            })
            .take(200)
            .map(|p| {
                let galley = ui.painter().layout(
                    dataset.position(p).quote.clone(),
                    quote_font.clone(),
                    egui::Color32::WHITE,
                    quote_width - 8.0,
                );
                (p, (galley.size().y + 8.0).max(ROW_HEIGHT))
            })
            .collect();
        let expanded = |p: PositionIx| whole_rows.contains_key(&p);
        let heights = rows
            .iter()
            .map(|p| whole_rows.get(p).copied().unwrap_or(ROW_HEIGHT));
        let mut builder = TableBuilder::new(ui)
            // New widths for a new file or filter (a resizable table keeps its widths by id).
            .id_salt(("positions-table", widths_key))
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false])
            // Widths fitted to the content (resizable); the quote takes the rest.
            .column(Width::initial(widths[0]).at_least(50.0).clip(true))
            .column(Width::initial(widths[1]).at_least(50.0).clip(true))
            .column(Width::initial(widths[2]).at_least(60.0).clip(true))
            .column(Width::initial(widths[3]).at_least(40.0).clip(true))
            .column(Width::initial(widths[4]).at_least(40.0).clip(true))
            .column(Width::remainder().at_least(120.0).clip(true));
        if let Some(row) = scroll_to {
            builder = builder.scroll_to_row(row, Some(egui::Align::Center));
        }
        builder
            .header(ROW_HEIGHT + 2.0, |mut header| {
                for column in Column::ALL {
                    header.col(|ui| header_ui(ui, &mut sort, column));
                }
            })
            .body(|body| {
                let add_row = |mut row: egui_extras::TableRow<'_, '_>| {
                    let p = rows[row.index()];
                    let whole = expanded(p);
                    // Only the rows in view are asked (a few dozen a frame).
                    let selected = picked.contains(&p) || in_selection(doc, selection, p);
                    row.set_selected(selected);
                    let position = dataset.position(p);
                    let cells = table::row_cells(dataset, p);
                    // A pair a comparison marked: a violet bar at the row's left edge.
                    let marked = doc
                        .marked()
                        .is_some_and(|m| m.contains(&(position.actor, position.issue)));
                    for (k, text) in cells.iter().enumerate() {
                        let (_, response) = row.col(|ui| {
                            if k == 0 && marked {
                                ui.painter().rect_filled(
                                    marked_bar(ui.max_rect()),
                                    1.0,
                                    theme.marked_color(),
                                );
                                ui.add_space(MARKED_BAR.x + 3.0);
                            }
                            // The actor's colour (what actors are coloured by), as a dot.
                            if k == 0 && !doc.colouring().is_kind() {
                                let (rect, _) = ui.allocate_exact_size(
                                    egui::vec2(8.0, ROW_HEIGHT - 6.0),
                                    egui::Sense::hover(),
                                );
                                let actor = position.actor;
                                let fill =
                                    doc.colouring()
                                        .fill(actor, dataset.actor(actor).kind, theme);
                                ui.painter().circle_filled(rect.center(), 4.0, fill);
                            }
                            if k == 2 {
                                let chip = |ui: &mut Ui| {
                                    stance_chip(ui, theme, position.stance.kind());
                                    if let Some(condition) = position.stance.condition() {
                                        ui.add(
                                            egui::Label::new(condition)
                                                .selectable(false)
                                                .truncate(),
                                        );
                                    }
                                };
                                if whole {
                                    // One line high in a row grown to show its quote whole.
                                    ui.allocate_ui_with_layout(
                                        egui::vec2(ui.available_width(), ROW_HEIGHT - 2.0),
                                        egui::Layout::left_to_right(egui::Align::Center),
                                        chip,
                                    );
                                } else {
                                    // A row one line high centres it already (and a child
                                    // Ui for each row in view costs a frame about 0.1 ms).
                                    chip(ui);
                                }
                            } else if k == 5 && whole {
                                ui.add(egui::Label::new(text.as_str()).selectable(false).wrap());
                            } else {
                                ui.add(
                                    egui::Label::new(text.as_str()).selectable(false).truncate(),
                                );
                            }
                        });
                        response.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Cell, true, selected, text)
                        });
                    }
                    if row.response().clicked() {
                        clicked = Some(p);
                    }
                };
                // Rows of one height unless one is shown whole: then every row's height is
                // asked for each frame (a pass over 200,000 rows), else only those in view.
                if whole_rows.is_empty() {
                    body.rows(ROW_HEIGHT, rows.len(), add_row);
                } else {
                    body.heterogeneous_rows(heights, add_row);
                }
            });
        self.sort = sort;
        if copy_highlighted {
            let text = table::tab_separated(dataset, self.highlighted(doc).iter().copied());
            ui.ctx().copy_text(text);
        }
        if let Some(p) = clicked {
            let modifiers = ui.input(|i| i.modifiers);
            commands.push(self.click(doc, p, modifiers));
        }
        commands
    }

    fn keys(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        // egui turns Ctrl+C into a Copy event rather than a key press.
        let copied = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copied {
            let rows = self.highlighted(doc);
            if !rows.is_empty() {
                ctx.copy_text(table::tab_separated(doc.dataset(), rows.iter().copied()));
            }
        }
        let step: Option<isize> = ctx.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                Some(1)
            } else if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                Some(-1)
            } else {
                None
            }
        });
        let Some(step) = step else {
            return Vec::new();
        };
        let rows = self.rows.rows(doc, self.sort);
        let current = match doc.selection() {
            Some(Selection::Position(p)) => rows.iter().position(|&r| r == p),
            _ => None,
        };
        let next = match current {
            Some(i) => i
                .saturating_add_signed(step)
                .min(rows.len().saturating_sub(1)),
            None => 0,
        };
        let Some(&p) = rows.get(next) else {
            return Vec::new();
        };
        self.picked = [p].into();
        self.picked_generation += 1;
        self.anchor = Some(p);
        self.seen = Some(Selection::Position(p));
        self.scroll_to = Some(next);
        vec![Command::Select(Some(Selection::Position(p)))]
    }

    /// A table has nothing to fit (Home brings the selection's first row into view).
    fn fits(&self) -> bool {
        false
    }

    fn on_event(&mut self, event: ViewEvent, cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => {
                // Another file: its saved order (if any) is restored after this.
                *self = Self::default();
            }
            // "Fit" (Home), or a search's match chosen, brings the selection's first row into
            // view, else the top.
            ViewEvent::Fit | ViewEvent::Focus(_) => {
                let selection = cx.doc.selection();
                let rows = self.rows.rows(cx.doc, self.sort);
                self.scroll_to = Some(
                    rows.iter()
                        .position(|&p| in_selection(cx.doc, selection, p))
                        .unwrap_or(0),
                );
            }
            _ => {}
        }
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&self.sort).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok(sort) = ron::from_str(saved) {
            self.sort = sort;
        }
    }

    fn has_rows(&self) -> bool {
        true
    }

    fn rows(&mut self, cx: &ViewContext<'_>) -> Option<Vec<PositionIx>> {
        Some(self.rows.rows(cx.doc, self.sort).to_vec())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A column's header: its title, an arrow when sorted by it; a click sorts by it (again:
/// the other way).
fn header_ui(ui: &mut Ui, sort: &mut Sort, column: Column) {
    let active = sort.column == column;
    let text = RichText::new(column.title()).strong();
    let response = ui
        .add(egui::Button::new(text).frame(false))
        .on_hover_text(format!("Sort by {}", column.title().to_lowercase()));
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ColumnHeader, true, column.title()));
    if active {
        // A small triangle (painted: the bundled font has no arrow glyphs) tells the order.
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        let c = rect.center();
        let (tip, base) = if sort.descending {
            (4.0, -3.0)
        } else {
            (-4.0, 3.0)
        };
        ui.painter().add(egui::Shape::convex_polygon(
            vec![
                egui::pos2(c.x, c.y + tip),
                egui::pos2(c.x + 4.5, c.y + base),
                egui::pos2(c.x - 4.5, c.y + base),
            ],
            ui.visuals().strong_text_color(),
            egui::Stroke::NONE,
        ));
    }
    if response.clicked() {
        *sort = Sort {
            column,
            descending: active && !sort.descending,
            grouped: sort.grouped,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{marked_bar, text_width};

    #[test]
    fn a_text_width_from_its_glyphs_is_close_to_its_laid_out_width() {
        let texts = [
            "Friedrich Merz",
            "European-led ground troops in Ukraine",
            "Côte d’Ivoire",
            "Human rights, el salvador (R/38/101)",
            "Support: if the United States backs it",
            "2025-08-18",
        ];
        let mut checked = 0;
        let mut harness = egui_kittest::Harness::new_ui(|ui| {
            let font = egui::TextStyle::Body.resolve(ui.style());
            for text in texts {
                let sum = text_width(ui, &font, text);
                let laid_out = ui
                    .painter()
                    .layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x;
                assert!(
                    (sum - laid_out).abs() <= 0.02 * laid_out + 1.0,
                    "{text}: {sum} from the glyphs, {laid_out} laid out"
                );
                checked += 1;
            }
        });
        harness.run();
        drop(harness);
        assert!(checked >= texts.len());
    }

    #[test]
    fn the_marked_bar_is_inside_its_cell() {
        let cell = egui::Rect::from_min_size(egui::pos2(100.0, 40.0), egui::vec2(120.0, 22.0));
        let bar = marked_bar(cell);
        assert!(cell.contains_rect(bar), "{bar:?} outside {cell:?}");
        assert!(bar.width() >= 2.0 && (bar.height() - cell.height()).abs() < 1e-3);
    }
}
