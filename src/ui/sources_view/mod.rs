//! The Sources view: one source's text at a time, set for reading, with every coded passage
//! highlighted in its stance's colour and underlined in its stance's pattern (as the edges
//! are), so the stance reads without colour too. Hover a passage: who, on what, which stance.
//! Click it: its position is selected everywhere. Select an actor or a position elsewhere: the
//! text scrolls to its passage. Only the paragraphs in view are laid out, so a 5 MB source
//! scrolls as fast as a short one.
//!
//! Select a passage (drag the mouse, or Shift with the arrow keys: Shift+Down to the end of
//! the sentence) and press Enter: the position form opens with the selected text as its quote
//! (`coding.rs`).

mod coding;
mod toolbar;

use std::any::Any;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{FontId, Galley, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::Command;
use super::view::{View, ViewContext, ViewEvent};
use crate::document::reading::Reading;
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::{Dataset, PositionIx, SourceIx};
use crate::style::Theme;

/// The widest the text is set (points): a comfortable measure of about 75 characters.
const MEASURE: f32 = 620.0;

/// The text's size (points) and the room between paragraphs.
const TEXT_SIZE: f32 = 15.0;
const PARAGRAPH_GAP: f32 = 10.0;

/// How far below the text's baseline the first underline sits, and the step between the
/// underlines of overlapping passages.
const UNDERLINE: f32 = 1.5;
const UNDERLINE_STEP: f32 = 3.0;

/// Search matches highlighted at most.
const MATCHES: usize = 10_000;

/// What the reading was made for.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    document: u64,
    source: SourceIx,
}

/// The Sources view's state between frames.
#[derive(Default)]
pub struct SourcesView {
    /// The source shown.
    source: Option<SourceIx>,
    reading: Option<(Key, Arc<Reading>)>,
    /// Paragraphs laid out at `width`, by index (cleared when the width or theme changes).
    galleys: HashMap<usize, Arc<Galley>>,
    width: f32,
    theme: Option<Theme>,
    /// Each paragraph's height: exact once laid out, estimated before.
    heights: Vec<f32>,
    /// A passage to bring into view: paragraph and byte in it.
    scroll_to: Option<(usize, usize)>,
    /// The selection followed last (a new one scrolls to its passage), and whether any was
    /// followed yet.
    followed: Option<Selection>,
    following: bool,
    /// The search box, its matches in the text, and the one shown.
    search: String,
    matches: Vec<Range<usize>>,
    searched: Option<(String, Key)>,
    current: usize,
    /// The positions whose passages the pointer is over (for tests: what the tooltip names).
    hovered: Vec<PositionIx>,
    /// The text selected to code, and the source it is in.
    selected: Option<(SourceIx, coding::TextSelection)>,
    /// Where the text selected to code was drawn in the last frame (its part in view): the
    /// form coding it opens beside it.
    selected_rect: Option<egui::Rect>,
}

impl SourcesView {
    /// The text selected in the source shown (to code as a position), if any.
    pub fn selected_text(&self) -> Option<Range<usize>> {
        self.selected
            .filter(|(s, t)| Some(*s) == self.source && !t.is_empty())
            .map(|(_, t)| t.range())
    }

    /// Where the text selected to code was drawn in the last frame (its part in view).
    pub fn selected_rect(&self) -> Option<egui::Rect> {
        self.selected_rect
    }

    /// The source shown, if any.
    pub fn source(&self) -> Option<SourceIx> {
        self.source
    }

    /// The positions whose passage the pointer was over in the last frame.
    pub fn hovered(&self) -> &[PositionIx] {
        &self.hovered
    }

    /// Shows a source.
    pub fn show_source(&mut self, source: SourceIx) {
        if self.source != Some(source) {
            self.source = Some(source);
            self.scroll_to = Some((0, 0));
        }
    }

    fn reading(&mut self, doc: &Document, source: SourceIx) -> Option<Arc<Reading>> {
        let key = Key {
            document: doc.revision().document,
            source,
        };
        if let Some((built, reading)) = &self.reading
            && *built == key
        {
            return Some(Arc::clone(reading));
        }
        let text = doc.dataset().source(source).text.as_ref()?;
        let reading = Arc::new(Reading::of(text));
        self.galleys.clear();
        self.heights = estimates(&reading, self.width);
        self.reading = Some((key, Arc::clone(&reading)));
        Some(reading)
    }

    /// Follows a new selection: its passage (a position's, or an actor's or issue's first) is
    /// scrolled to, in whichever source holds it.
    fn follow(&mut self, doc: &Document) {
        let selection = doc.selection();
        if self.following && self.followed == selection {
            return;
        }
        self.following = true;
        self.followed = selection;
        let dataset = doc.dataset();
        let wanted = |p: PositionIx| {
            let position = dataset.position(p);
            match selection {
                Some(Selection::Position(q)) => p == q,
                Some(Selection::Node(Node::Actor(a))) => position.actor == a,
                Some(Selection::Node(Node::Issue(i))) => position.issue == i,
                Some(Selection::Pair(a, i)) => position.actor == a && position.issue == i,
                Some(Selection::Actors(a, b)) => position.actor == a || position.actor == b,
                None => false,
            }
        };
        if selection.is_none() {
            return;
        }
        // The current source first, then the others in file order.
        let order = self
            .source
            .into_iter()
            .chain((0..dataset.sources.len() as u32).map(SourceIx));
        for s in order {
            let Some(text) = &dataset.source(s).text else {
                continue;
            };
            if let Some(passage) = text.passages.iter().find(|p| wanted(p.position)) {
                self.show_source(s);
                if let Some(reading) = self.reading(doc, s)
                    && let Some(at) = reading.start_of(passage.position)
                {
                    self.scroll_to = Some(at);
                }
                return;
            }
        }
    }
}

/// A title cut to `chars` characters with "…".
fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(chars - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The paragraphs' heights before they are laid out at `width`: their characters at an
/// average width.
fn estimates(reading: &Reading, width: f32) -> Vec<f32> {
    let per_line = (width.max(100.0) / (TEXT_SIZE * 0.5)).max(1.0);
    reading
        .paragraphs
        .iter()
        .map(|p| (p.len() as f32 / per_line).ceil().max(1.0) * TEXT_SIZE * 1.35 + PARAGRAPH_GAP)
        .collect()
}

/// The character index of a byte offset in `text`.
fn char_index(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

/// The rectangles (one per row) a run of characters covers in a galley.
fn char_rects(galley: &Galley, chars: Range<usize>) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut first = 0;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let (start, end) = (chars.start.max(first), chars.end.min(first + count));
        if start < end {
            let from = row.x_offset(egui::text::CharIndex(start - first));
            let to = row.x_offset(egui::text::CharIndex(end - first));
            let rect = row.rect();
            rects.push(Rect::from_x_y_ranges(
                rect.min.x + from..=rect.min.x + to,
                rect.y_range(),
            ));
        }
        first += count;
        if first >= chars.end {
            break;
        }
    }
    rects
}

impl View for SourcesView {
    fn id(&self) -> &'static str {
        "sources"
    }

    fn title(&self) -> &'static str {
        "Sources"
    }

    fn description(&self) -> &'static str {
        "Each source's text with its coded passages highlighted: read the evidence in context"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        let mut commands = Vec::new();
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        if self.source.is_none_or(|s| {
            dataset
                .sources
                .get(s.0 as usize)
                .is_none_or(|s| s.text.is_none())
        }) {
            self.source = dataset
                .sources
                .iter()
                .position(|s| s.text.is_some())
                .map(|k| SourceIx(k as u32));
        }
        self.follow(doc);
        let Some(source) = self.source else {
            ui.add_space(ui.available_height() * 0.35);
            ui.vertical_centered(|ui| {
                ui.set_max_width(440.0);
                ui.strong("No source carries its text");
                ui.label(
                    "Give a source its text in the positions file, inline as text: \"…\" or \
                     in a file beside it as text_file: \"article.html\", to read it here with \
                     its coded passages highlighted.",
                );
            });
            return commands;
        };
        let Some(reading) = self.reading(doc, source) else {
            return commands;
        };
        let key = Key {
            document: doc.revision().document,
            source,
        };
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                self.toolbar_ui(ui, dataset, &reading, key, doc.selection());
            });
        let Some(text) = dataset.source(source).text.as_ref() else {
            return commands;
        };
        let body = &*text.body;

        // The measure: the text column, centred.
        let available = ui.available_width();
        let width = (available - 48.0).clamp(200.0, MEASURE);
        if (width - self.width).abs() > 0.5 || self.theme != Some(cx.theme) {
            self.width = width;
            self.theme = Some(cx.theme);
            self.galleys.clear();
            self.heights = estimates(&reading, width);
        }
        let mut scroll = egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt(("sources", source.0));
        // A passage to bring into view: its paragraph laid out, the offset of its row.
        if let Some((k, at)) = self.scroll_to.take()
            && k < reading.paragraphs.len()
        {
            let galley = self.galley(ui, &reading, body, k);
            let top: f32 = self.heights[..k].iter().sum();
            let row_y = galley
                .pos_from_cursor(CCursor::new(char_index(
                    &body[reading.paragraphs[k].clone()],
                    at,
                )))
                .min
                .y;
            scroll = scroll.vertical_scroll_offset((top + row_y - 120.0).max(0.0));
        }
        let current_hit = self.matches.get(self.current).cloned();
        let search_hits = std::mem::take(&mut self.matches);
        let hover = ui.input(|i| i.pointer.hover_pos());
        let mut hovered: Vec<PositionIx> = Vec::new();
        let mut clicked: Option<PositionIx> = None;
        let theme = cx.theme;
        let visuals = ui.visuals().clone();
        // Taken for the frame (the closure lays paragraphs out through `self`), then given
        // back with what this frame learnt.
        let mut heights = std::mem::take(&mut self.heights);
        let total: f32 = heights.iter().sum();
        let mut laid_out: Vec<(usize, Arc<Galley>)> = Vec::new();
        let mut placed: Vec<(usize, egui::Pos2, Arc<Galley>)> = Vec::new();
        let selected = self
            .selected
            .filter(|(s, t)| *s == source && !t.is_empty())
            .map(|(_, t)| t.range());
        let mut dragged: Option<(Option<egui::Pos2>, egui::Pos2)> = None;
        let mut selected_rect: Option<egui::Rect> = None;
        let mut area_focused = false;
        scroll.show_viewport(ui, |ui, viewport| {
            let (response, painter) = ui.allocate_painter(
                vec2(ui.available_width(), total.max(viewport.height())),
                Sense::click_and_drag(),
            );
            let origin = response.rect.min;
            let left = origin.x + ((response.rect.width() - width) / 2.0).max(12.0);
            // The paragraphs in view.
            let mut y = 0.0;
            for (k, &h) in heights.iter().enumerate() {
                if y > viewport.max.y {
                    break;
                }
                if y + h >= viewport.min.y {
                    let galley = self.galley(ui, &reading, body, k);
                    laid_out.push((k, Arc::clone(&galley)));
                    let at = pos2(left, origin.y + y);
                    placed.push((k, at, Arc::clone(&galley)));
                    let paragraph = &body[reading.paragraphs[k].clone()];
                    // The text selected to code.
                    if let Some(range) = &selected {
                        let start = reading.paragraphs[k].start;
                        let end = reading.paragraphs[k].end;
                        if range.start < end && range.end > start {
                            let chars = char_index(paragraph, range.start.max(start) - start)
                                ..char_index(paragraph, range.end.min(end) - start);
                            for rect in char_rects(&galley, chars) {
                                let rect = rect.translate(at.to_vec2());
                                painter.rect_filled(rect, 2.0, visuals.selection.bg_fill);
                                let shown = rect.intersect(painter.clip_rect());
                                if shown.is_positive() {
                                    selected_rect = Some(
                                        selected_rect.map_or(shown, |r: egui::Rect| r.union(shown)),
                                    );
                                }
                            }
                        }
                    }
                    // Search matches outlined behind the text.
                    let start = reading.paragraphs[k].start;
                    let end = reading.paragraphs[k].end;
                    let first = search_hits.partition_point(|m| m.end <= start);
                    for m in search_hits[first..].iter().take_while(|m| m.start < end) {
                        let chars = char_index(paragraph, m.start.max(start) - start)
                            ..char_index(paragraph, m.end.min(end) - start);
                        let current = current_hit.as_ref() == Some(m);
                        for rect in char_rects(&galley, chars) {
                            let rect = rect.translate(at.to_vec2()).expand2(vec2(1.0, 0.0));
                            painter.rect_filled(
                                rect,
                                2.0,
                                if current {
                                    visuals.selection.bg_fill
                                } else {
                                    visuals.selection.bg_fill.gamma_multiply(0.45)
                                },
                            );
                        }
                    }
                    // Passages: a tint of the stance's colour behind, its pattern under.
                    for span in &reading.spans[k] {
                        let stance = dataset.position(span.position).stance.kind();
                        let color = theme.stance_color(stance);
                        let selected = is_selected(doc, span.position);
                        let chars = char_index(paragraph, span.range.start)
                            ..char_index(paragraph, span.range.end);
                        for rect in char_rects(&galley, chars) {
                            let rect = rect.translate(at.to_vec2());
                            painter.rect_filled(
                                rect,
                                0.0,
                                color.gamma_multiply(if selected { 0.4 } else { 0.14 }),
                            );
                            let y = rect.max.y - UNDERLINE + f32::from(span.level) * UNDERLINE_STEP;
                            let (line_width, dash) = Theme::stance_line(stance);
                            let mut shapes = Vec::new();
                            super::graph_view::line_shapes(
                                pos2(rect.min.x, y),
                                pos2(rect.max.x, y),
                                color,
                                (line_width * 0.75).max(1.2),
                                dash,
                                &mut shapes,
                            );
                            painter.extend(shapes);
                            if selected {
                                painter.rect_stroke(
                                    rect.expand(1.0),
                                    2.0,
                                    Stroke::new(1.5, visuals.selection.stroke.color),
                                    egui::StrokeKind::Outside,
                                );
                            }
                            if hover.is_some_and(|p| rect.contains(p))
                                && !hovered.contains(&span.position)
                            {
                                hovered.push(span.position);
                            }
                        }
                    }
                    painter.galley(at, galley, visuals.text_color());
                }
                y += h;
            }
            if response.clicked() {
                clicked = hovered.first().copied();
            }
            area_focused = response.has_focus();
            // Dragging selects text: from where the drag started to the pointer.
            if response.dragged()
                && let Some(pointer) = response.interact_pointer_pos()
            {
                let from = response
                    .drag_started()
                    .then(|| ui.input(|i| i.pointer.press_origin()))
                    .flatten();
                dragged = Some((from, pointer));
            }
            if !hovered.is_empty() {
                response.on_hover_ui_at_pointer(|ui| {
                    passages_tooltip(ui, dataset, &hovered, theme);
                });
            }
        });
        self.matches = search_hits;
        // Heights learnt from the paragraphs laid out this frame.
        for (k, galley) in laid_out {
            heights[k] = galley.size().y + PARAGRAPH_GAP;
        }
        self.heights = heights;
        self.hovered = hovered;
        self.selected_rect = selected_rect;
        if let Some((from, to)) = dragged {
            let byte_at = |pointer: egui::Pos2| {
                // The paragraph under the pointer (or the nearest above it).
                let (k, at, galley) = placed
                    .iter()
                    .rev()
                    .find(|(_, at, _)| at.y <= pointer.y)
                    .or(placed.first())?;
                let paragraph = &body[reading.paragraphs[*k].clone()];
                Some(
                    reading.paragraphs[*k].start + coding::byte_at(galley, paragraph, *at, pointer),
                )
            };
            if let Some(from) = from.and_then(byte_at) {
                self.selected = Some((
                    source,
                    coding::TextSelection {
                        anchor: from,
                        cursor: from,
                    },
                ));
            }
            if let (Some(to), Some((s, selection))) = (byte_at(to), &mut self.selected)
                && *s == source
            {
                selection.cursor = to;
            }
        } else if clicked.is_some()
            || (ui.input(|i| i.pointer.any_click())
                && hover.is_some_and(|p| {
                    placed
                        .iter()
                        .any(|(_, at, g)| egui::Rect::from_min_size(*at, g.size()).contains(p))
                }))
        {
            self.selected = None;
        }
        // The window passes keys to the view only when no widget has the keyboard; the text
        // area takes it when clicked or dragged, and then reads its keys here.
        if area_focused {
            self.selection_keys(ui.ctx(), cx);
        }
        if let Some(p) = clicked {
            // Clicked here: no need to scroll to it.
            self.followed = Some(Selection::Position(p));
            self.following = true;
            commands.push(Command::Select(Some(Selection::Position(p))));
        }
        commands
    }

    fn keys(&mut self, ctx: &egui::Context, cx: &ViewContext<'_>) -> Vec<Command> {
        self.selection_keys(ctx, cx);
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, _cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => *self = Self::default(),
            // A search's match chosen: its passage is scrolled to even if it was selected.
            ViewEvent::Focus(_) => self.following = false,
            _ => {}
        }
    }

    /// Reading has no "Fit".
    fn fits(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

impl SourcesView {
    /// A paragraph laid out at the measure (kept until the width or the document changes).
    fn galley(&mut self, ui: &Ui, reading: &Reading, body: &str, k: usize) -> Arc<Galley> {
        if self.galleys.len() > 4_000 {
            self.galleys.clear();
        }
        let width = self.width;
        let color = ui.visuals().text_color();
        Arc::clone(self.galleys.entry(k).or_insert_with(|| {
            let text = &body[reading.paragraphs[k].clone()];
            let mut job = LayoutJob::single_section(
                text.to_owned(),
                TextFormat {
                    font_id: FontId::proportional(TEXT_SIZE),
                    color,
                    line_height: Some(TEXT_SIZE * 1.35 + reading_gap(reading)),
                    ..Default::default()
                },
            );
            job.wrap.max_width = width;
            ui.painter().layout_job(job)
        }))
    }
}

/// Room under each line for the underlines of overlapping passages.
fn reading_gap(reading: &Reading) -> f32 {
    f32::from(reading.levels.min(3)) * UNDERLINE_STEP
}

/// Whether a position is (part of) the selection.
fn is_selected(doc: &Document, p: PositionIx) -> bool {
    let position = doc.dataset().position(p);
    match doc.selection() {
        Some(Selection::Position(q)) => p == q,
        Some(Selection::Pair(a, i)) => position.actor == a && position.issue == i,
        Some(Selection::Node(Node::Actor(a))) => position.actor == a,
        _ => false,
    }
}

/// Who said it, on what, with which stance, for each passage under the pointer.
fn passages_tooltip(ui: &mut Ui, dataset: &Dataset, positions: &[PositionIx], theme: Theme) {
    ui.set_max_width(360.0);
    for &p in positions {
        let position = dataset.position(p);
        ui.horizontal_wrapped(|ui| {
            super::stance_chip(ui, theme, position.stance.kind());
            ui.strong(&dataset.actor(position.actor).name);
            ui.label("on");
            ui.label(&dataset.issue(position.issue).name);
        });
        if let Some(condition) = position.stance.condition() {
            ui.weak(format!("if {condition}"));
        }
    }
    ui.weak("Click to select it everywhere");
}
