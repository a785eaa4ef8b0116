//! The timeline view: one row per actor (or per issue), its positions as marks along a time
//! axis, coloured and shaped by stance (as the matrix marks them); when an actor's stance on
//! an issue changes, a line joins the two marks. Hover a mark for its quote, click it to read
//! it in the inspector; scroll to move through rows, Ctrl+scroll or drag to zoom and pan in
//! time. Only the rows in view are drawn. Positions without a date are not on the timeline.

use std::any::Any;

use egui::{Rect, Sense, Stroke, Ui, pos2, vec2};

mod marks;

use self::marks::{ChangeLine, mark, stack_bar, stacks};
use super::view::{View, ViewContext, ViewEvent};
use super::{Command, grouped};
use crate::document::{Document, Selection};
use crate::graph::Node;
use crate::model::{Date, PositionIx, StanceKind};

/// Height of a row, in points.
const ROW: f32 = 22.0;

/// Width of the names, in points.
const NAMES: f32 = 180.0;

/// Marks closer than this (points) share one bar.
const MARK_SPACE: f32 = 11.0;

/// Height of the time axis, in points.
const AXIS: f32 = 24.0;

/// What the rows are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
enum Rows {
    /// One row per actor.
    #[default]
    Actors,
    /// One row per issue.
    Issues,
}

/// The rows of the timeline, kept until the filter or the row kind changes.
#[derive(Debug, Default)]
struct Lines {
    key: Option<(u64, u64, Rows)>,
    /// Each row: its node and its dated positions, oldest first.
    rows: Vec<(Node, Vec<PositionIx>)>,
    /// Each row's days (of `rows`' positions, so sorted): what a frame searches for the
    /// marks in view.
    days: Vec<Vec<i64>>,
    /// Each row's changes of stance (worked out once, not per frame).
    changes: Vec<Vec<ChangeLine>>,
    /// The first and last day, in days since 1970.
    span: (i64, i64),
}

/// The timeline view's state between frames.
#[derive(Default)]
pub struct TimelineView {
    rows: Rows,
    lines: Lines,
    /// The first day shown and the days per point (0: fit the span).
    view: Option<(f64, f64)>,
    /// How far the rows are scrolled, in points.
    scroll: f32,
    /// The selection last brought into view.
    followed: Option<Selection>,
}

impl TimelineView {
    fn lines(&mut self, doc: &Document) -> &Lines {
        let revision = doc.revision();
        let key = (revision.document, revision.filter, self.rows);
        if self.lines.key != Some(key) {
            let dataset = doc.dataset();
            let graph = doc.graph();
            let mut rows: std::collections::BTreeMap<Node, Vec<PositionIx>> =
                std::collections::BTreeMap::new();
            let (mut lo, mut hi) = (i64::MAX, i64::MIN);
            for p in doc.visible_positions() {
                let Some(date) = graph.date_of(p) else {
                    continue;
                };
                lo = lo.min(date.days());
                hi = hi.max(date.days());
                let position = dataset.position(p);
                let node = match self.rows {
                    Rows::Actors => Node::Actor(position.actor),
                    Rows::Issues => Node::Issue(position.issue),
                };
                rows.entry(node).or_default().push(p);
            }
            let mut rows: Vec<(Node, Vec<PositionIx>)> = rows.into_iter().collect();
            for (_, list) in &mut rows {
                list.sort_by_key(|&p| (graph.date_of(p), p.0));
            }
            let name = |node: &Node| match *node {
                Node::Actor(a) => dataset.actor(a).name.to_lowercase(),
                Node::Issue(i) => dataset.issue(i).name.to_lowercase(),
            };
            rows.sort_by_key(|(node, _)| name(node));
            let day = |p: PositionIx| graph.date_of(p).map_or(0, Date::days);
            let days = rows
                .iter()
                .map(|(_, list)| list.iter().map(|&p| day(p)).collect())
                .collect();
            let rows_kind = self.rows;
            let changes = rows
                .iter()
                .map(|(_, list)| {
                    // The previous day and stance of each actor on each issue of the row.
                    let mut previous: std::collections::HashMap<u32, (i64, StanceKind)> =
                        std::collections::HashMap::new();
                    let mut out = Vec::new();
                    for &p in list {
                        let position = dataset.position(p);
                        let other = match rows_kind {
                            Rows::Actors => position.issue.0,
                            Rows::Issues => position.actor.0,
                        };
                        let stance = position.stance.kind();
                        if let Some(&(was_day, before)) = previous.get(&other)
                            && before != stance
                        {
                            out.push(ChangeLine {
                                from_day: was_day,
                                to_day: day(p),
                                was: before,
                                now: stance,
                                other,
                            });
                        }
                        previous.insert(other, (day(p), stance));
                    }
                    out
                })
                .collect();
            self.lines = Lines {
                key: Some(key),
                rows,
                days,
                changes,
                span: if lo <= hi { (lo, hi) } else { (0, 0) },
            };
        }
        &self.lines
    }
}

impl View for TimelineView {
    fn id(&self) -> &'static str {
        "timeline"
    }

    fn title(&self) -> &'static str {
        "Timeline"
    }

    fn description(&self) -> &'static str {
        "Positions along time, a row per actor or issue; a line where a stance changed"
    }

    fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>) -> Vec<Command> {
        let doc = cx.doc;
        let dataset = doc.dataset();
        let graph = doc.graph();
        let theme = cx.theme;
        let mut commands = Vec::new();
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        let mut rows_kind = self.rows;
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 6))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label("Rows:");
                    ui.selectable_value(&mut rows_kind, Rows::Actors, "Actors");
                    ui.selectable_value(&mut rows_kind, Rows::Issues, "Issues");
                    ui.separator();
                    if ui
                        .button("Fit")
                        .on_hover_text("The whole span of dates (Home)")
                        .clicked()
                    {
                        self.view = None;
                    }
                });
                // The marks' key on a line of its own, so it never covers the controls.
                ui.horizontal_wrapped(|ui| {
                    for stance in StanceKind::ALL {
                        let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                        mark(
                            ui.painter(),
                            rect.center(),
                            5.0,
                            stance,
                            theme.stance_color(stance),
                            theme.palette().background,
                        );
                        ui.weak(stance.label());
                        ui.add_space(6.0);
                    }
                    let (rect, _) = ui.allocate_exact_size(vec2(6.0, 14.0), Sense::hover());
                    stack_bar(
                        ui.painter(),
                        rect,
                        &[2, 1, 0, 1],
                        theme,
                        theme.palette().background,
                    );
                    ui.weak("several on a day: a bar split by stance, with the count")
                        .on_hover_text(
                            "Positions of a row that fall on one day (or closer than a mark at \
                             this zoom) are drawn as one bar split by stance, its count beside \
                             it; hover it for the tally, zoom in to see them apart",
                        );
                });
                // What the stripe by each actor's name says.
                if rows_kind == Rows::Actors {
                    let lines = self.lines(doc);
                    let shown: Vec<(crate::model::ActorIx, crate::model::ActorKind)> = lines
                        .rows
                        .iter()
                        .filter_map(|(node, _)| match *node {
                            Node::Actor(a) => Some((a, dataset.actor(a).kind)),
                            Node::Issue(_) => None,
                        })
                        .collect();
                    ui.horizontal_wrapped(|ui| {
                        crate::ui::colour_key::colour_key_ui(
                            ui,
                            "Stripe",
                            doc.colouring(),
                            shown.into_iter(),
                            theme,
                        );
                    });
                }
            });
        if rows_kind != self.rows {
            self.rows = rows_kind;
            self.scroll = 0.0;
            ui.ctx().request_repaint();
        }
        let lines = self.lines(doc);
        let (first, last) = lines.span;
        if lines.rows.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label("No position the filter shows has a date.");
            });
            return commands;
        }
        let area = ui.available_rect_before_wrap();
        let background = ui.allocate_rect(area, Sense::click_and_drag());
        let body = Rect::from_min_max(area.min + vec2(NAMES, AXIS), area.max);
        let span_days = ((last - first).max(1)) as f64;
        let (mut start, mut per_point) = self.view.unwrap_or((
            first as f64 - span_days * 0.03,
            span_days * 1.06 / f64::from((body.width() - 14.0).max(1.0)),
        ));
        // Zoom and pan in time; scroll through rows.
        if let Some(pointer) = background.hover_pos() {
            let zoom = ui.input(egui::InputState::zoom_delta);
            if (zoom - 1.0).abs() > 1e-4 {
                let at = start + f64::from(pointer.x - body.min.x) * per_point;
                per_point /= f64::from(zoom);
                start = at - f64::from(pointer.x - body.min.x) * per_point;
                self.view = Some((start, per_point));
            } else {
                self.scroll -= ui.input(|i| i.smooth_scroll_delta.y);
            }
        }
        if background.dragged() {
            start -= f64::from(background.drag_delta().x) * per_point;
            self.scroll -= background.drag_delta().y;
            self.view = Some((start, per_point));
        }
        let lines = &self.lines;
        let total = lines.rows.len() as f32 * ROW;
        // The selection's row: an actor's (or an issue's), also for a position or a cell;
        // scrolled into view when the selection changes.
        let selection = doc.selection();
        let row_node = |actor: crate::model::ActorIx, issue: crate::model::IssueIx| match self.rows
        {
            Rows::Actors => Node::Actor(actor),
            Rows::Issues => Node::Issue(issue),
        };
        let selected_node = match selection {
            Some(Selection::Node(node)) => Some(node),
            Some(Selection::Position(p)) => {
                let position = dataset.position(p);
                Some(row_node(position.actor, position.issue))
            }
            Some(Selection::Pair(a, i)) => Some(row_node(a, i)),
            _ => None,
        };
        if self.followed != selection {
            self.followed = selection;
            if let Some(r) =
                selected_node.and_then(|n| lines.rows.iter().position(|(m, _)| *m == n))
            {
                let top = r as f32 * ROW;
                if top < self.scroll || top + ROW > self.scroll + body.height() {
                    self.scroll = top + ROW * 0.5 - body.height() * 0.5;
                }
            }
        }
        self.scroll = self.scroll.clamp(0.0, (total - body.height()).max(0.0));
        let scroll = self.scroll;
        let x_of = |days: i64| body.min.x + ((days as f64 - start) / per_point) as f32;
        let painter = ui.painter_at(Rect::from_min_max(pos2(body.min.x, body.min.y), body.max));
        let visuals = ui.visuals().clone();
        // The axis: a tick per year (or month when zoomed in).
        let axis = ui.painter_at(Rect::from_min_max(
            pos2(body.min.x, area.min.y),
            pos2(body.max.x, body.min.y),
        ));
        let visible_days = f64::from(body.width()) * per_point;
        let monthly = visible_days < 3.0 * 365.0;
        // Ticks at least 40 points apart: every 1, 2, 3 or 6 months, or every 1, 2, 5, 10, 25,
        // 50 or 100 years.
        let points_per = |days: f64| (days / per_point) as f32;
        let step: u16 = if monthly {
            [1, 2, 3, 6]
                .into_iter()
                .find(|&m| points_per(30.44 * f64::from(m)) >= 40.0)
                .unwrap_or(12)
        } else {
            [1, 2, 5, 10, 25, 50, 100]
                .into_iter()
                .find(|&y| points_per(365.25 * f64::from(y)) >= 40.0)
                .unwrap_or(100)
        };
        let from = Date::from_days(start as i64);
        // Months counted from year 0, so stepping is plain arithmetic.
        let mut months = if monthly {
            let m = u32::from(from.year) * 12 + u32::from(from.month) - 1;
            m - m % u32::from(step)
        } else {
            let y = from.year - from.year % step;
            u32::from(y) * 12
        };
        for _ in 0..400 {
            let tick = Date {
                year: (months / 12) as u16,
                month: (months % 12) as u8 + 1,
                day: 1,
            };
            let x = x_of(tick.days());
            if x > body.max.x {
                break;
            }
            // A label that would run past the right edge is left out rather than clipped.
            if x >= body.min.x && x + 34.0 <= body.max.x {
                painter.vline(
                    x,
                    body.y_range(),
                    Stroke::new(0.5, visuals.widgets.noninteractive.bg_stroke.color),
                );
                let label = if monthly && tick.month != 1 {
                    format!("{:02}", tick.month)
                } else {
                    tick.year.to_string()
                };
                axis.text(
                    pos2(x + 2.0, area.min.y + AXIS / 2.0),
                    egui::Align2::LEFT_CENTER,
                    label,
                    egui::FontId::proportional(11.0),
                    visuals.weak_text_color(),
                );
            }
            months += if monthly {
                u32::from(step)
            } else {
                12 * u32::from(step)
            };
        }
        let first_row = (scroll / ROW) as usize;
        let last_row = (((scroll + body.height()) / ROW).ceil() as usize).min(lines.rows.len());
        let outline = theme.palette().background;
        let mut hovered: Option<PositionIx> = None;
        let mut hovered_stack: Option<(String, Vec<PositionIx>)> = None;
        let mut hovered_change: Option<(Node, ChangeLine)> = None;
        // Pairs a comparison marked get a violet ring.
        let marked = doc.marked();
        let hover = background.hover_pos();
        let names = ui.painter_at(Rect::from_min_max(
            pos2(area.min.x, body.min.y),
            pos2(body.min.x, body.max.y),
        ));
        for r in first_row..last_row {
            let (node, positions) = &lines.rows[r];
            let y = body.min.y + r as f32 * ROW - scroll + ROW / 2.0;
            let name = match *node {
                Node::Actor(a) => &dataset.actor(a).name,
                Node::Issue(i) => &dataset.issue(i).name,
            };
            let selected_row = selected_node == Some(*node);
            if selected_row {
                painter.rect_filled(
                    Rect::from_x_y_ranges(body.x_range(), (y - ROW / 2.0)..=(y + ROW / 2.0)),
                    0.0,
                    visuals.selection.bg_fill.gamma_multiply(0.35),
                );
            }
            let row_rect = Rect::from_min_max(
                pos2(area.min.x, y - ROW / 2.0),
                pos2(body.min.x - 6.0, y + ROW / 2.0),
            );
            let response = ui.interact(
                row_rect.intersect(names.clip_rect()),
                ui.scope_id().with(("timeline-row", r)),
                Sense::click(),
            );
            let kind = match node {
                Node::Actor(_) => "Actor",
                Node::Issue(_) => "Issue",
            };
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::RowHeader, true, format!("{kind}: {name}"))
            });
            // A name too long for the column ends in an ellipsis (the tooltip has it whole).
            let mut job = egui::text::LayoutJob::simple_singleline(
                name.clone(),
                egui::FontId::proportional(12.0),
                if selected_row {
                    visuals.strong_text_color()
                } else {
                    visuals.text_color()
                },
            );
            job.wrap = egui::text::TextWrapping::truncate_at_width(NAMES - 22.0);
            let galley = ui.fonts_mut(|f| f.layout_job(job));
            // A stripe by an actor's name in its colour (what actors are coloured by).
            let colouring = doc.colouring();
            if let Node::Actor(a) = *node
                && !colouring.is_kind()
            {
                let stripe = Rect::from_x_y_ranges(
                    (body.min.x - 7.0)..=(body.min.x - 3.0),
                    (y - ROW / 2.0 + 1.0)..=(y + ROW / 2.0 - 1.0),
                );
                names.rect_filled(stripe, 0.0, colouring.fill(a, dataset.actor(a).kind, theme));
            }
            names.galley(
                pos2(
                    body.min.x - 11.0 - galley.size().x,
                    y - galley.size().y / 2.0,
                ),
                galley.clone(),
                visuals.text_color(),
            );
            let response = if galley.elided {
                response.on_hover_text(name)
            } else {
                response
            };
            if response.clicked() {
                commands.push(Command::Select(Some(Selection::Node(*node))));
            }
            // A line joins an actor's successive positions on one issue where the stance
            // changed; hovering it names the issue (or the actor, on an issue's row).
            let (left, right) = (start, start + f64::from(body.width()) * per_point);
            for change in &lines.changes[r] {
                if (change.to_day as f64) < left || (change.from_day as f64) > right {
                    continue;
                }
                let (a, b) = (pos2(x_of(change.from_day), y), pos2(x_of(change.to_day), y));
                painter.line_segment(
                    [a, b],
                    Stroke::new(2.0, theme.stance_color(change.now).gamma_multiply(0.7)),
                );
                if hovered_change.is_none()
                    && hover.is_some_and(|q| {
                        (q.y - y).abs() <= 4.0 && q.x >= a.x.min(b.x) && q.x <= a.x.max(b.x)
                    })
                {
                    hovered_change = Some((*node, *change));
                }
            }
            // The marks in view only (days are sorted); marks closer than a mark's width
            // (one day, or many days zoomed out) share one bar split by stance with their
            // count, so none hides another.
            let days = &lines.days[r];
            let margin = 8.0 * per_point;
            let first = days.partition_point(|&d| (d as f64) < left - margin);
            let last = days.partition_point(|&d| (d as f64) <= right + margin);
            let in_view = &positions[first..last];
            let xs: Vec<f32> = days[first..last].iter().map(|&d| x_of(d)).collect();
            let stances: Vec<StanceKind> = in_view
                .iter()
                .map(|&p| dataset.position(p).stance.kind())
                .collect();
            let row_stacks = stacks(&xs, &stances, MARK_SPACE);
            for (k, stack) in row_stacks.iter().enumerate() {
                // Room to the next stack, for the count.
                let room = row_stacks
                    .get(k + 1)
                    .map_or(f32::INFINITY, |next| next.x - stack.x);
                let c = pos2(stack.x, y);
                let members = &in_view[stack.first..=stack.last];
                let chosen = members
                    .iter()
                    .any(|&p| selection == Some(Selection::Position(p)));
                if members.iter().any(|&p| {
                    let position = dataset.position(p);
                    marked.is_some_and(|m| m.contains(&(position.actor, position.issue)))
                }) {
                    painter.circle_stroke(c, 8.0, Stroke::new(2.0, theme.marked_color()));
                }
                if stack.total() == 1 {
                    let stance = stances[stack.first];
                    let radius = if chosen { 7.0 } else { 5.0 };
                    mark(
                        &painter,
                        c,
                        radius,
                        stance,
                        theme.stance_color(stance),
                        outline,
                    );
                } else {
                    let bar = Rect::from_center_size(c, vec2(6.0, ROW - 6.0));
                    stack_bar(&painter, bar, &stack.counts, theme, outline);
                    if chosen {
                        painter.rect_stroke(
                            bar.expand(2.0),
                            1.0,
                            Stroke::new(1.5, theme.palette().selection),
                            egui::StrokeKind::Outside,
                        );
                    }
                    let count = stack.total().to_string();
                    if room >= 10.0 + 6.0 * count.len() as f32 {
                        painter.text(
                            pos2(bar.max.x + 2.0, y),
                            egui::Align2::LEFT_CENTER,
                            count,
                            egui::FontId::proportional(9.0),
                            visuals.weak_text_color(),
                        );
                    }
                }
                if hover.is_some_and(|q| (q.x - c.x).abs() <= 5.0 && (q.y - y).abs() <= ROW / 2.0) {
                    hovered = Some(members[0]);
                    if stack.total() > 1 {
                        hovered_stack = Some((stack.summary(), members.to_vec()));
                    }
                }
            }
        }
        if let Some((summary, members)) = &hovered_stack {
            let day = members.first().and_then(|&p| graph.date_of(p));
            background.clone().on_hover_ui_at_pointer(|ui| {
                ui.set_max_width(360.0);
                let when = day.map(|d| format!(" on {d}")).unwrap_or_default();
                ui.strong(format!("{summary}{when}"));
                for &p in members.iter().take(4) {
                    let position = dataset.position(p);
                    ui.horizontal(|ui| {
                        super::stance_chip(ui, theme, position.stance.kind());
                        ui.label(match self.rows {
                            Rows::Actors => &dataset.issue(position.issue).name,
                            Rows::Issues => &dataset.actor(position.actor).name,
                        });
                    });
                }
                if members.len() > 4 {
                    ui.weak(format!("… {} more: zoom in or click", members.len() - 4));
                }
            });
            if background.clicked()
                && let Some(&p) = members.first()
            {
                commands.push(Command::Select(Some(Selection::Position(p))));
            }
            hovered = None;
        } else if hovered.is_none()
            && let Some((node, change)) = hovered_change
        {
            let what = match node {
                Node::Actor(a) => format!(
                    "{} on {}",
                    dataset.actor(a).name,
                    dataset.issue(crate::model::IssueIx(change.other)).name
                ),
                Node::Issue(i) => format!(
                    "{} on {}",
                    dataset.actor(crate::model::ActorIx(change.other)).name,
                    dataset.issue(i).name
                ),
            };
            background.clone().on_hover_text_at_pointer(format!(
                "{what}: {}, then {} ({} to {})",
                change.was.label(),
                change.now.label(),
                Date::from_days(change.from_day),
                Date::from_days(change.to_day)
            ));
        }
        if let Some(p) = hovered {
            background.clone().on_hover_ui_at_pointer(|ui| {
                let position = dataset.position(p);
                ui.set_max_width(360.0);
                ui.horizontal(|ui| {
                    super::stance_chip(ui, theme, position.stance.kind());
                    ui.strong(&dataset.actor(position.actor).name);
                    ui.label("on");
                    ui.strong(&dataset.issue(position.issue).name);
                });
                if let Some(date) = graph.date_of(p) {
                    ui.weak(date.to_string());
                }
                ui.add(super::quote_label(ui, &position.quote));
            });
            if background.clicked() {
                commands.push(Command::Select(Some(Selection::Position(p))));
            }
        }
        // A scroll bar at the right edge when the rows run past the bottom: drag its thumb, or
        // click the track to jump there.
        if total > body.height() {
            let track = Rect::from_min_max(pos2(body.max.x - 10.0, body.min.y), body.max);
            let thumb_height = (body.height() * body.height() / total).max(24.0);
            let travel = (body.height() - thumb_height).max(1.0);
            let max_scroll = total - body.height();
            let bar = ui.interact(
                track,
                ui.scope_id().with("timeline-scrollbar"),
                Sense::click_and_drag(),
            );
            if let Some(pointer) = bar.interact_pointer_pos()
                && (bar.dragged() || bar.clicked())
            {
                let at = (pointer.y - track.min.y - thumb_height / 2.0) / travel;
                self.scroll = (at.clamp(0.0, 1.0) * max_scroll).round();
                ui.ctx().request_repaint();
            }
            let top = track.min.y + travel * (self.scroll / max_scroll);
            let thumb = Rect::from_min_size(
                pos2(track.min.x + 2.0, top),
                vec2(track.width() - 4.0, thumb_height),
            );
            let fill = if bar.hovered() || bar.dragged() {
                visuals.widgets.hovered.bg_fill
            } else {
                visuals.widgets.inactive.bg_fill
            };
            ui.painter().rect_filled(thumb, 3.0, fill);
        }
        ui.painter().text(
            pos2(area.min.x + 8.0, area.min.y + AXIS / 2.0),
            egui::Align2::LEFT_CENTER,
            format!("{} rows", grouped(lines.rows.len())),
            egui::FontId::proportional(11.0),
            visuals.weak_text_color(),
        );
        commands
    }

    fn keys(&mut self, _ctx: &egui::Context, _cx: &ViewContext<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_event(&mut self, event: ViewEvent, _cx: &ViewContext<'_>) {
        match event {
            ViewEvent::Opened { kept: false } => *self = Self::default(),
            ViewEvent::Fit => self.view = None,
            // A search's match: its row is scrolled to even if it was selected already.
            ViewEvent::Focus(_) => self.followed = None,
            _ => {}
        }
    }

    /// The timeline has its own "Fit" beside its rows.
    fn fits(&self) -> bool {
        false
    }

    fn saved_state(&self) -> Option<String> {
        ron::to_string(&self.rows).ok()
    }

    fn restore_state(&mut self, saved: &str) {
        if let Ok(rows) = ron::from_str(saved) {
            self.rows = rows;
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
