//! The matrix's names: actors beside the rows, issues above the columns. Every n-th name is
//! written when the cells are smaller than a name, and always the selected, hovered and searched
//! ones; a long name is shortened keeping the tail that tells it apart. Only the named rows and
//! columns are widgets of their own (a name for screen readers and tests); a click between them
//! is found on the names' strip, so a frame of 20,000 rows builds a few dozen widgets.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};

use super::{MatrixView, NAME_ROOM, NAME_SIZE};
use crate::analysis::matrix::Matrix;
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::style::names_shown;
use crate::text::bidi::visual;
use crate::ui::Command;

/// A name's cache key: the name's place (row or column, by index in the dataset), the width
/// it is shortened to and its colour.
type NameKey = (bool, u32, u32, [u8; 4]);

/// Names laid out once and kept: a frame writes a few dozen names, the same ones frame after
/// frame, and a switch of order writes a new few dozen.
#[derive(Default)]
pub(super) struct NameCache {
    /// Names shortened to fit their gutter, by name, width and colour.
    short: HashMap<NameKey, (String, Arc<Galley>)>,
    /// Each character's advance at the names' size: a name is shortened by these sums (one
    /// layout a name, not one a try).
    advances: HashMap<char, f32>,
}

impl NameCache {
    /// Forgets every name (the matrix view calls it for another document, names being kept by
    /// index, and when the cache has grown large from scrolling).
    pub(super) fn clear(&mut self) {
        self.short.clear();
    }

    pub(super) fn len(&self) -> usize {
        self.short.len()
    }

    /// A name laid out in one line, shortened to a width keeping its distinguishing tail
    /// ([`crate::style::shorten_keeping_tail`]), measured in the font the window draws it with.
    fn shortened(
        &mut self,
        ui: &Ui,
        key: (bool, u32),
        text: &str,
        width: f32,
        color: Color32,
    ) -> (String, Arc<Galley>) {
        let font = FontId::proportional(NAME_SIZE);
        let advances = &mut self.advances;
        self.short
            .entry((key.0, key.1, width.to_bits(), color.to_array()))
            .or_insert_with(|| {
                let full =
                    ui.painter()
                        .layout_no_wrap(visual(text).into_owned(), font.clone(), color);
                if full.size().x <= width {
                    return (text.to_owned(), full);
                }
                // The cut is sought on the characters' advances (the name as laid out is a
                // little narrower or wider by its kerning: a point at most).
                ui.fonts_mut(|fonts| {
                    for c in text.chars().chain(['…', ' ']) {
                        advances
                            .entry(c)
                            .or_insert_with(|| fonts.glyph_width(&font, c));
                    }
                });
                let advances = &*advances;
                let short = crate::style::shorten_keeping_tail(text, width, |s| {
                    s.chars()
                        .map(|c| advances.get(&c).copied().unwrap_or(0.0))
                        .sum()
                });
                let galley = ui
                    .painter()
                    .layout_no_wrap(visual(&short).into_owned(), font, color);
                (short, galley)
            })
            .clone()
    }
}

/// The widest of names as written (of the 40 longest, so a matrix of 20,000 actors measures
/// no more), in points.
pub(super) fn widest_name<'a>(ui: &Ui, names: impl Iterator<Item = &'a str>) -> f32 {
    let mut names: Vec<&str> = names.collect();
    if names.len() > 40 {
        names.select_nth_unstable_by_key(39, |n| std::cmp::Reverse(n.chars().count()));
        names.truncate(40);
    }
    names
        .iter()
        .map(|n| {
            ui.painter()
                .layout_no_wrap(
                    visual(n).into_owned(),
                    FontId::proportional(NAME_SIZE),
                    Color32::WHITE,
                )
                .size()
                .x
                .ceil()
                + 1.0
        })
        .fold(0.0_f32, f32::max)
}

/// The height of the issues' names above the columns: the widest name's length and a margin,
/// at least [`super::COLUMN_HEADER`] (less when every name is shorter) and at most a share of
/// the view, more when the rows at a readable height leave room.
pub(super) fn column_header_height(widest: f32, area_height: f32, rows: usize) -> f32 {
    let free = area_height - rows as f32 * 24.0;
    let most = (area_height * super::COLUMN_HEADER_SHARE)
        .max(free)
        .min(area_height * 0.45)
        .max(super::COLUMN_HEADER.min(area_height * 0.5));
    (widest + 20.0).clamp(60.0, most.max(60.0))
}

/// Where the matrix is drawn this frame.
pub(super) struct Grid {
    /// The whole view below the toolbar: names and cells.
    pub area: Rect,
    /// The cells' part of it.
    pub body: Rect,
    pub cell: Vec2,
    pub offset: Vec2,
    /// The rows and columns in view.
    pub rows: Range<usize>,
    pub columns: Range<usize>,
}

impl Grid {
    fn cell_rect(&self, r: usize, c: usize) -> Rect {
        Rect::from_min_size(
            self.body.min + vec2(c as f32 * self.cell.x, r as f32 * self.cell.y) - self.offset,
            self.cell,
        )
    }

    /// The actors' names, left of the cells.
    fn rows_area(&self) -> Rect {
        Rect::from_min_max(
            pos2(self.area.min.x, self.body.min.y),
            pos2(self.body.min.x, self.body.max.y),
        )
    }

    /// The issues' names, above the cells.
    fn columns_area(&self) -> Rect {
        Rect::from_min_max(
            pos2(self.body.min.x, self.area.min.y),
            pos2(self.body.max.x, self.body.min.y),
        )
    }

    /// The row and the column under a point (over the cells or their names), if any.
    fn row_at(&self, p: Pos2, rows: usize) -> Option<usize> {
        (p.y > self.body.min.y && p.y < self.body.max.y && p.x < self.body.max.x)
            .then(|| ((p.y - self.body.min.y + self.offset.y) / self.cell.y) as usize)
            .filter(|&r| r < rows)
    }

    fn column_at(&self, p: Pos2, columns: usize) -> Option<usize> {
        (p.x > self.body.min.x && p.x < self.body.max.x && p.y < self.body.max.y)
            .then(|| ((p.x - self.body.min.x + self.offset.x) / self.cell.x) as usize)
            .filter(|&c| c < columns)
    }
}

/// One named row or column, ready to paint.
struct Name {
    short: String,
    galley: Arc<Galley>,
    at: Pos2,
    strong: bool,
}

/// The width of the stripe by each row that shows its actor's colour.
pub(super) const STRIPE: f32 = 4.0;

impl MatrixView {
    /// Each column's balance of forces, when some actor has an influence; computed once per
    /// matrix.
    pub(super) fn balances(
        &mut self,
        doc: &Document,
        matrix: &Matrix,
    ) -> Option<Arc<Vec<crate::analysis::balance::Balance>>> {
        if !doc.dataset().actors.iter().any(|a| a.influence.is_some()) {
            return None;
        }
        let key = self.matrix.as_ref()?.0;
        if let Some((built, balances)) = &self.balances
            && *built == key
        {
            return Some(Arc::clone(balances));
        }
        let balances = Arc::new(matrix.balances(doc.dataset()));
        self.balances = Some((key, Arc::clone(&balances)));
        Some(balances)
    }

    /// The names beside the rows and above the columns, with the selected row and column
    /// (`selected`) and the hovered header highlighted; a click on a name selects its actor or
    /// issue.
    pub(super) fn names_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        matrix: &Matrix,
        grid: &Grid,
        selected: (Option<usize>, Option<usize>),
        (highlight, theme): (Color32, crate::style::Theme),
    ) -> Vec<Command> {
        let dataset = doc.dataset();
        let (selected_row, selected_column) = selected;
        let (rows, columns) = (matrix.actors.len(), matrix.issues.len());
        let mut commands = Vec::new();

        // Which names are written: every n-th, and always the hovered, selected and
        // searched ones (in that order of precedence).
        let search = crate::document::Search::new(doc.search());
        let hover = ui.input(|i| i.pointer.hover_pos());
        let hovered_row = hover.and_then(|p| grid.row_at(p, rows));
        let hovered_column = hover.and_then(|p| grid.column_at(p, columns));
        let mut forced_rows: Vec<usize> = selected_row.into_iter().chain(hovered_row).collect();
        let mut forced_columns: Vec<usize> =
            selected_column.into_iter().chain(hovered_column).collect();
        if !search.is_empty() {
            forced_rows.extend(
                grid.rows
                    .clone()
                    .filter(|&r| search.matches_actor(dataset.actor(matrix.actors[r]))),
            );
            forced_columns.extend(
                grid.columns
                    .clone()
                    .filter(|&c| search.matches_issue(dataset.issue(matrix.issues[c]))),
            );
        }
        let named_rows = names_shown(grid.rows.clone(), grid.cell.y, NAME_ROOM, &forced_rows);
        let named_columns = names_shown(
            grid.columns.clone(),
            grid.cell.x,
            NAME_ROOM,
            &forced_columns,
        );

        let visuals = ui.visuals().clone();
        let (text, weak, backdrop) = (
            visuals.text_color(),
            visuals.weak_text_color(),
            visuals.panel_fill,
        );

        // Row headers: actors' names, sticky at the left.
        let rows_area = grid.rows_area();
        let rows_painter = ui.painter_at(rows_area);
        let band =
            |r: usize| Rect::from_x_y_ranges(rows_area.x_range(), grid.cell_rect(r, 0).y_range());
        // The strip under the names: a click between written names selects its row.
        let strip = ui.interact(rows_area, ui.scope_id().with("rows"), Sense::click());
        for r in selected_row
            .into_iter()
            .chain(hovered_row.filter(|_| hover.is_some_and(|p| rows_area.contains(p))))
        {
            rows_painter.rect_filled(band(r), 0.0, highlight);
        }
        let mut clicked_row = strip
            .clicked()
            .then(|| strip.interact_pointer_pos())
            .flatten()
            .and_then(|p| grid.row_at(p, rows));
        // A stripe by each row in its actor's colour (what actors are coloured by).
        let colouring = doc.colouring();
        if !colouring.is_kind() {
            for r in grid.rows.clone() {
                let a = matrix.actors[r];
                let y = grid.cell_rect(r, 0).y_range();
                let stripe = Rect::from_x_y_ranges(
                    (rows_area.max.x - STRIPE - 1.0)..=(rows_area.max.x - 1.0),
                    y,
                );
                let fill = colouring.fill(a, dataset.actor(a).kind, theme);
                rows_painter.rect_filled(stripe, 0.0, fill);
            }
        }
        let mut row_names = Vec::with_capacity(named_rows.len());
        for &r in &named_rows {
            let rect = band(r);
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
            if response.on_hover_text(&actor.name).clicked() {
                clicked_row = Some(r);
            }
            let strong = forced_rows.contains(&r);
            let (short, galley) = self.names.shortened(
                ui,
                (true, matrix.actors[r].0),
                &actor.name,
                rows_area.width() - 12.0,
                if strong { text } else { weak },
            );
            // Centred on its row, kept inside the names' column (the first and last row's).
            let y = (rect.center().y - galley.size().y / 2.0)
                .min(rows_area.max.y - galley.size().y)
                .max(rows_area.min.y);
            let at = pos2(rect.max.x - 4.0 - STRIPE - galley.size().x, y);
            row_names.push(Name {
                short,
                galley,
                at,
                strong,
            });
        }
        if let Some(r) = hovered_row.filter(|r| !named_rows.contains(r)) {
            strip.on_hover_text(&dataset.actor(matrix.actors[r]).name);
        }
        if let Some(r) = clicked_row {
            commands.push(Command::Select(Some(Selection::Node(Node::Actor(
                matrix.actors[r],
            )))));
        }
        let spans: Vec<(f32, f32, bool)> = row_names
            .iter()
            .map(|n| (n.at.y, n.at.y + n.galley.size().y, n.strong))
            .collect();
        let kept = crate::style::clear_of_overlaps(&spans);
        let mut painted_rows = Vec::with_capacity(row_names.len());
        for (name, keep) in row_names.into_iter().zip(kept) {
            if !keep {
                continue;
            }
            if name.strong && grid.cell.y < NAME_ROOM {
                rows_painter.rect_filled(
                    Rect::from_min_size(name.at, name.galley.size()).expand(2.0),
                    2.0,
                    backdrop,
                );
            }
            rows_painter.galley(name.at, name.galley, text);
            painted_rows.push(name.short);
        }

        // Column headers: issues' names, written upwards, sticky at the top.
        let columns_area = grid.columns_area();
        let columns_painter = ui.painter_at(columns_area);
        let band = |c: usize| {
            Rect::from_x_y_ranges(grid.cell_rect(0, c).x_range(), columns_area.y_range())
        };
        let strip = ui.interact(columns_area, ui.scope_id().with("columns"), Sense::click());
        for c in selected_column
            .into_iter()
            .chain(hovered_column.filter(|_| hover.is_some_and(|p| columns_area.contains(p))))
        {
            columns_painter.rect_filled(band(c), 0.0, highlight);
        }
        let mut clicked_column = strip
            .clicked()
            .then(|| strip.interact_pointer_pos())
            .flatten()
            .and_then(|p| grid.column_at(p, columns));
        // Each column's balance of forces, as a strip below its name: the support colour for
        // a lean to support, the reject colour for one against, as strong as the lean; grey
        // when nothing is weighed. Hover: the figure.
        let balances = self.balances(doc, matrix);
        if let Some(balances) = &balances {
            for c in grid.columns.clone() {
                let Some(b) = balances.get(c) else { continue };
                let x = grid.cell_rect(0, c).x_range();
                let stripe = Rect::from_x_y_ranges(
                    x,
                    (columns_area.max.y - STRIPE - 1.0)..=(columns_area.max.y - 1.0),
                );
                let fill = crate::style::balance_color(theme, b.balance());
                columns_painter.rect_filled(stripe, 0.0, fill);
            }
        }
        let mut column_names = Vec::with_capacity(named_columns.len());
        for &c in &named_columns {
            let rect = band(c);
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
            // With the column's balance of forces, when the file weighs its actors.
            let hover_text = match balances.as_ref().and_then(|b| b.get(c)) {
                Some(b) => format!(
                    "{}\nBalance of forces {} · {}",
                    issue.name,
                    crate::export::balance::balance_text(b),
                    crate::export::balance::weighed_text(b)
                ),
                None => issue.name.clone(),
            };
            if response.on_hover_text(hover_text).clicked() {
                clicked_column = Some(c);
            }
            let strong = forced_columns.contains(&c);
            let (short, galley) = self.names.shortened(
                ui,
                (false, matrix.issues[c].0),
                &issue.name,
                columns_area.height() - 20.0,
                if strong { text } else { weak },
            );
            // Centred on its column, kept inside the names' row (the first and last column's).
            let x = (rect.center().x - galley.size().y / 2.0)
                .min(columns_area.max.x - galley.size().y)
                .max(columns_area.min.x);
            column_names.push(Name {
                short,
                galley,
                at: pos2(x, rect.max.y - 6.0),
                strong,
            });
        }
        if let Some(c) = hovered_column.filter(|c| !named_columns.contains(c)) {
            strip.on_hover_text(&dataset.issue(matrix.issues[c]).name);
        }
        if let Some(c) = clicked_column {
            commands.push(Command::Select(Some(Selection::Node(Node::Issue(
                matrix.issues[c],
            )))));
        }
        let spans: Vec<(f32, f32, bool)> = column_names
            .iter()
            .map(|n| (n.at.x, n.at.x + n.galley.size().y, n.strong))
            .collect();
        let kept = crate::style::clear_of_overlaps(&spans);
        let mut painted_columns = Vec::with_capacity(column_names.len());
        for (name, keep) in column_names.into_iter().zip(kept) {
            if !keep {
                continue;
            }
            let size = name.galley.size();
            if name.strong && grid.cell.x < NAME_ROOM {
                columns_painter.rect_filled(
                    Rect::from_min_max(
                        pos2(name.at.x, name.at.y - size.x),
                        pos2(name.at.x + size.y, name.at.y),
                    )
                    .expand(2.0),
                    2.0,
                    backdrop,
                );
            }
            let shape = egui::epaint::TextShape::new(name.at, name.galley, text)
                .with_angle(-std::f32::consts::FRAC_PI_2);
            columns_painter.add(shape);
            painted_columns.push(name.short);
        }
        self.painted = (painted_rows, painted_columns);
        commands
    }
}
