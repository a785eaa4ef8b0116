//! The right panel: everything the file says about the selection, quotes first.

use egui::{RichText, Ui};

use super::{Command, stance_chip};
use crate::analysis::pairs::{self, PairCounts, Relation, same_statements, shared_issues};
use crate::document::Selection;
use crate::graph::{Node, StanceGraph};
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};
use crate::style::Theme;
use crate::text::bidi::visual;

/// Shows the selection (or the dataset when nothing is selected); `view_ui` draws what the
/// current view adds about it (e.g. an actor's partners in the network), below the header
/// that names the selection.
#[expect(
    clippy::too_many_arguments,
    reason = "the inspector reads the document's parts and draws the view's own rows"
)]
pub fn inspector_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    summary: &str,
    graph: &StanceGraph,
    visible: &crate::graph::Subgraph,
    selection: Option<Selection>,
    theme: Theme,
    view_ui: &mut dyn FnMut(&mut Ui) -> Vec<Command>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut rows = rows_of(dataset, graph, selection);
    // An issue's balance of forces, once some actor on it has an influence.
    if let Some(Selection::Node(Node::Issue(i))) = selection
        && let Some(balance) = super::balance_bar::issue_balance(dataset, graph, visible, i)
    {
        rows.insert(2, Row::Balance(balance));
    }
    let id = ui.make_persistent_id("inspector-rows");
    // Row heights measured when last shown (for this selection, width and text scale), so only
    // the rows in view are laid out: a country with 400 votes costs what a screenful costs.
    // Rows out of view are not in the accessibility tree until scrolled to, as in any
    // virtualised list; the counts at the top say how many there are.
    let width = ui.available_width();
    let pixels_per_point = ui.ctx().pixels_per_point();
    let mut heights: RowHeights = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    if heights.selection != selection
        || heights.rows != rows.len()
        || (heights.width - width).abs() > 0.5
        || (heights.pixels_per_point - pixels_per_point).abs() > 1e-3
    {
        heights = RowHeights {
            selection,
            width,
            pixels_per_point,
            rows: rows.len(),
            heights: vec![None; rows.len()],
        };
    }
    let mut remeasured = false;
    egui::ScrollArea::vertical()
        .id_salt(("inspector", selection))
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let known: Vec<f32> = heights.heights.iter().flatten().copied().collect();
            let guess = if known.is_empty() {
                90.0
            } else {
                known.iter().sum::<f32>() / known.len() as f32
            };
            let top = ui.min_rect().top();
            // The gap a plain vertical layout leaves between items.
            let gap = ui.spacing().item_spacing.y;
            let row_width = ui.available_width();
            let mut y = 0.0;
            for (k, row) in rows.iter().enumerate() {
                let height = heights.heights[k].unwrap_or(guess);
                let shown = y + height >= viewport.min.y && y <= viewport.max.y;
                if shown {
                    let rect = egui::Rect::from_min_size(
                        egui::pos2(ui.min_rect().left(), top + y),
                        egui::vec2(row_width, f32::INFINITY),
                    );
                    // Top down and never justified: a justified layout spreads a wrapped
                    // label's letters over the width.
                    let builder = egui::UiBuilder::new()
                        .max_rect(rect)
                        .id_salt(k)
                        .layout(egui::Layout::top_down(egui::Align::Min));
                    let used = ui
                        .scope_builder(builder, |ui| {
                            if matches!(row, Row::View) {
                                commands.extend(view_ui(ui));
                            } else {
                                row_ui(
                                    ui,
                                    dataset,
                                    summary,
                                    graph,
                                    selection,
                                    row,
                                    theme,
                                    &mut commands,
                                );
                            }
                        })
                        .response
                        .rect
                        .height();
                    if heights.heights[k].is_none_or(|h| (h - used).abs() > 0.5) {
                        heights.heights[k] = Some(used);
                        remeasured = true;
                    }
                    // A row that draws nothing (the view's, for most selections) leaves no gap.
                    y += if used > 0.0 { used + gap } else { 0.0 };
                } else if height > 0.0 {
                    y += height + gap;
                }
            }
            ui.allocate_rect(
                egui::Rect::from_min_size(
                    egui::pos2(ui.min_rect().left(), top),
                    egui::vec2(row_width, y),
                ),
                egui::Sense::hover(),
            );
        });
    if remeasured {
        ui.ctx().request_repaint();
    }
    ui.data_mut(|d| d.insert_temp(id, heights));
    commands
}

/// Measured heights of the inspector's rows for one selection at one width and scale.
#[derive(Clone, Default)]
struct RowHeights {
    selection: Option<Selection>,
    width: f32,
    pixels_per_point: f32,
    rows: usize,
    heights: Vec<Option<f32>>,
}

/// One row of the inspector's list.
#[derive(Clone, Debug)]
enum Row {
    /// What the selection is (and, for nothing selected, the dataset).
    Header,
    /// What the current view adds about the selection.
    View,
    /// An issue heading in an actor's list.
    IssueHeading(IssueIx),
    /// A stance heading in an issue's list, with its count.
    StanceHeading(StanceKind, usize),
    /// A note that the stance on this position's pair changed, with its path.
    Changed(PositionIx),
    /// How two actors relate on the issues below, with their count.
    Relation(Relation, usize),
    /// Two actors' latest positions on one issue, one below the other.
    Compare(pairs::SharedIssue),
    /// A position; `actor` names its actor first (an issue's list), `stance` shows its chip.
    Position {
        position: PositionIx,
        actor: bool,
        stance: bool,
    },
    /// One statement made by several actors (the same stance and words), their names first.
    Shared(Vec<PositionIx>),
    /// The balance of forces on the selected issue, over the positions the filter shows.
    Balance(crate::analysis::balance::Balance),
}

/// The rows for a selection, in reading order: an actor's positions grouped by issue (issues
/// in file order), an issue's grouped by stance.
fn rows_of(dataset: &Dataset, graph: &StanceGraph, selection: Option<Selection>) -> Vec<Row> {
    let mut rows = vec![Row::Header, Row::View];
    match selection {
        Some(Selection::Node(Node::Actor(a))) => {
            // By issue; on each issue, the history in date order (undated first).
            let mut positions = graph.positions_of_actor(a).to_vec();
            positions.sort_by_key(|&p| (dataset.position(p).issue, graph.date_of(p), p));
            let mut last = None;
            for p in positions {
                let issue = dataset.position(p).issue;
                if last != Some(issue) {
                    rows.push(Row::IssueHeading(issue));
                    if graph.stance_changed(p) {
                        rows.push(Row::Changed(p));
                    }
                    last = Some(issue);
                }
                rows.push(Row::Position {
                    position: p,
                    actor: false,
                    stance: true,
                });
            }
        }
        Some(Selection::Node(Node::Issue(i))) => {
            let positions = graph.positions_on_issue(i);
            for stance in StanceKind::ALL {
                let group: Vec<PositionIx> = positions
                    .iter()
                    .copied()
                    .filter(|&p| dataset.position(p).stance.kind() == stance)
                    .collect();
                if group.is_empty() {
                    continue;
                }
                rows.push(Row::StanceHeading(stance, group.len()));
                rows.extend(
                    same_statements(dataset, &group)
                        .into_iter()
                        .map(|statement| match statement[..] {
                            [p] => Row::Position {
                                position: p,
                                actor: true,
                                stance: false,
                            },
                            _ => Row::Shared(statement),
                        }),
                );
            }
        }
        Some(Selection::Pair(a, i)) => {
            // In date order (undated first), then file order: how the stance developed.
            let mut positions: Vec<PositionIx> = graph
                .positions_of_actor(a)
                .iter()
                .copied()
                .filter(|&p| dataset.position(p).issue == i)
                .collect();
            positions.sort_by_key(|&p| (dataset.position(p).date, p));
            rows.extend(positions.into_iter().map(|p| Row::Position {
                position: p,
                actor: false,
                stance: true,
            }));
        }
        Some(Selection::Actors(a, b)) => {
            let shared = shared_issues(
                dataset,
                graph.positions_of_actor(a),
                graph.positions_of_actor(b),
            );
            let mut last = None;
            for (k, s) in shared.iter().enumerate() {
                if last != Some(s.relation) {
                    let count = shared[k..]
                        .iter()
                        .take_while(|t| t.relation == s.relation)
                        .count();
                    rows.push(Row::Relation(s.relation, count));
                    last = Some(s.relation);
                }
                rows.push(Row::Compare(*s));
            }
        }
        None | Some(Selection::Position(_)) => {}
    }
    rows
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row of the inspector needs its whole context"
)]
fn row_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    summary: &str,
    graph: &StanceGraph,
    selection: Option<Selection>,
    row: &Row,
    theme: Theme,
    commands: &mut Vec<Command>,
) {
    match row {
        Row::View => {}
        Row::Balance(balance) => super::balance_bar::balance_ui(ui, balance, theme),
        Row::Header => {
            ui.add_space(6.0);
            header_ui(ui, dataset, summary, graph, selection, theme, commands);
        }
        &Row::IssueHeading(issue) => {
            ui.add_space(6.0);
            ui.separator();
            issue_link(ui, dataset, issue, commands);
        }
        &Row::Changed(p) => {
            let path: Vec<String> = graph
                .history(p)
                .iter()
                .map(|&q| {
                    let stance = dataset.position(q).stance.kind().label();
                    match graph.date_of(q) {
                        Some(d) => format!("{stance} ({d})"),
                        None => stance.to_owned(),
                    }
                })
                .collect();
            ui.label(
                RichText::new(format!("Stance changed: {}", path.join(", then ")))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        &Row::Relation(relation, count) => {
            ui.add_space(10.0);
            ui.label(RichText::new(relation.heading()).strong().size(15.0));
            ui.weak(pairs::issues(count));
        }
        Row::Compare(shared) => compare_ui(ui, dataset, graph, shared, theme, commands),
        Row::Shared(statement) => {
            ui.add_space(4.0);
            let actors: Vec<ActorIx> = statement
                .iter()
                .map(|&p| dataset.position(p).actor)
                .collect();
            ui.horizontal_wrapped(|ui| actor_links(ui, dataset, &actors, commands));
            ui.weak(format!("{} actors, the same words", statement.len()));
            if let Some(&first) = statement.first() {
                position_ui(ui, dataset, first, theme, false);
            }
        }
        &Row::StanceHeading(stance, count) => {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                stance_chip(ui, theme, stance);
                ui.weak(count.to_string());
            });
        }
        &Row::Position {
            position,
            actor,
            stance,
        } => {
            if actor {
                ui.add_space(4.0);
                actor_link(ui, dataset, dataset.position(position).actor, commands);
            }
            position_ui(ui, dataset, position, theme, stance);
        }
    }
}

/// What the selection is: the dataset, an actor, an issue, or one position in full.
fn header_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    summary: &str,
    graph: &StanceGraph,
    selection: Option<Selection>,
    theme: Theme,
    commands: &mut Vec<Command>,
) {
    match selection {
        None => dataset_ui(ui, dataset, summary),
        Some(Selection::Node(Node::Actor(a))) => actor_ui(ui, dataset, graph, a, commands),
        Some(Selection::Node(Node::Issue(i))) => issue_ui(ui, dataset, graph, i),
        Some(Selection::Pair(a, i)) => {
            ui.heading("Positions");
            ui.horizontal_wrapped(|ui| {
                actor_link(ui, dataset, a, commands);
                ui.label("on");
                issue_link(ui, dataset, i, commands);
            });
            let count = graph
                .positions_of_actor(a)
                .iter()
                .filter(|&&p| dataset.position(p).issue == i)
                .count();
            ui.weak(match count {
                0 => "No position".to_owned(),
                1 => "1 position".to_owned(),
                n => format!("{n} positions, oldest first"),
            });
        }
        Some(Selection::Actors(a, b)) => {
            ui.heading("Two actors");
            ui.horizontal_wrapped(|ui| {
                actor_link(ui, dataset, a, commands);
                ui.label("and");
                actor_link(ui, dataset, b, commands);
            });
            let counts = PairCounts::of(&shared_issues(
                dataset,
                graph.positions_of_actor(a),
                graph.positions_of_actor(b),
            ));
            ui.label(format!(
                "Issues both took a stance on: {} · agree on {} · disagree on {} · differ on {}",
                counts.shared(),
                counts.agree,
                counts.disagree,
                counts.differ
            ));
            ui.weak(
                "Each actor counts with its latest stance on an issue (by date, then file order).",
            );
        }
        Some(Selection::Position(p)) => {
            let position = dataset.position(p);
            ui.heading("Position");
            ui.horizontal_wrapped(|ui| {
                actor_link(ui, dataset, position.actor, commands);
                ui.label("on");
                issue_link(ui, dataset, position.issue, commands);
            });
            ui.add_space(4.0);
            position_ui(ui, dataset, p, theme, true);
        }
    }
}

/// Two actors' latest positions on an issue both took a stance on; a statement both made (the
/// same stance and words) once, with both names.
fn compare_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    shared: &pairs::SharedIssue,
    theme: Theme,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.separator();
    issue_link(ui, dataset, shared.issue, commands);
    for (k, statement) in same_statements(dataset, &[shared.a, shared.b])
        .iter()
        .enumerate()
    {
        let Some(&first) = statement.first() else {
            continue;
        };
        ui.push_id(k, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                for (j, &p) in statement.iter().enumerate() {
                    if j > 0 {
                        ui.label("and");
                    }
                    let actor = dataset.position(p).actor;
                    ui.push_id(j, |ui| actor_link(ui, dataset, actor, commands));
                    let count = graph
                        .positions_of_actor(actor)
                        .iter()
                        .filter(|&&q| dataset.position(q).issue == shared.issue)
                        .count();
                    if count > 1 {
                        ui.weak(format!("(latest of {count} positions)"))
                            .on_hover_text(
                                "Select the actor to read all its positions on the issue",
                            );
                    }
                }
            });
            position_ui(ui, dataset, first, theme, true);
        });
    }
}

fn dataset_ui(ui: &mut Ui, dataset: &Dataset, summary: &str) {
    ui.heading(super::shown_text(
        ui,
        &dataset.title,
        &egui::TextStyle::Heading,
    ));
    if let Some(description) = &dataset.description {
        ui.add(egui::Label::new(super::shown_text(ui, description, &egui::TextStyle::Body)).wrap());
    }
    ui.add_space(6.0);
    ui.label(summary);
    if !dataset.sources.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Sources").strong());
        for source in dataset.sources.iter().take(50) {
            source_line_ui(
                ui,
                &source.title,
                source.url.as_deref(),
                source.date.map(|d| d.to_string()),
            );
        }
        if dataset.sources.len() > 50 {
            ui.weak(format!("… and {} more", dataset.sources.len() - 50));
        }
    }
    ui.add_space(10.0);
    ui.weak("Click a node to read what each actor said, or an edge for one position. Drag to pan, scroll to zoom, double-click to fit.");
}

fn source_line_ui(ui: &mut Ui, title: &str, url: Option<&str>, date: Option<String>) {
    ui.horizontal_wrapped(|ui| {
        match url {
            Some(url) => {
                ui.hyperlink_to(title, url).on_hover_text(url);
            }
            None => {
                ui.label(title);
            }
        }
        if let Some(date) = date {
            ui.weak(date);
        }
    });
}

fn actor_link(ui: &mut Ui, dataset: &Dataset, actor: ActorIx, commands: &mut Vec<Command>) {
    let name = &dataset.actor(actor).name;
    if ui
        .link(visual(name))
        .on_hover_text(format!("Select {name}"))
        .clicked()
    {
        commands.push(Command::Focus(Node::Actor(actor)));
    }
}

/// "A, B and C", each name a link.
fn actor_links(ui: &mut Ui, dataset: &Dataset, actors: &[ActorIx], commands: &mut Vec<Command>) {
    let spacing = ui.spacing().item_spacing.x;
    for (k, &actor) in actors.iter().enumerate() {
        if k > 0 && k + 1 == actors.len() {
            ui.label("and");
        }
        let comma = k + 2 < actors.len();
        if comma {
            // The comma follows the name without a gap (the gap after a widget is the spacing
            // when it is placed).
            ui.spacing_mut().item_spacing.x = 0.0;
        }
        actor_link(ui, dataset, actor, commands);
        if comma {
            ui.spacing_mut().item_spacing.x = spacing;
            ui.label(",");
        }
    }
}

fn issue_link(ui: &mut Ui, dataset: &Dataset, issue: IssueIx, commands: &mut Vec<Command>) {
    let name = &dataset.issue(issue).name;
    if ui
        .link(visual(name))
        .on_hover_text(format!("Select the issue “{name}”"))
        .clicked()
    {
        commands.push(Command::Focus(Node::Issue(issue)));
    }
}

fn actor_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    a: ActorIx,
    commands: &mut Vec<Command>,
) {
    let actor = dataset.actor(a);
    ui.heading(super::shown_text(
        ui,
        &actor.name,
        &egui::TextStyle::Heading,
    ));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(actor.kind.label()).strong());
        if let Some(role) = &actor.role {
            ui.label("·");
            ui.label(role);
        }
    });
    if let Some(target) = actor.represents {
        ui.horizontal_wrapped(|ui| {
            ui.label("Represents");
            actor_link(ui, dataset, target, commands);
        });
    }
    let represented_by = graph.represented_by(a);
    if !represented_by.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Represented by");
            actor_links(ui, dataset, represented_by, commands);
        });
    }
    if !actor.attributes.is_empty() || actor.influence.is_some() {
        egui::Grid::new("actor-attributes")
            .num_columns(2)
            .spacing([10.0, 2.0])
            .show(ui, |ui| {
                if let Some(influence) = actor.influence {
                    ui.weak("influence");
                    ui.label(format!("{influence} of 100"));
                    ui.end_row();
                }
                for (name, value) in &actor.attributes {
                    ui.weak(name);
                    ui.add(egui::Label::new(value).wrap());
                    ui.end_row();
                }
            });
    }
    let positions = graph.positions_of_actor(a);
    ui.add_space(6.0);
    let tally = dataset.tally_of(positions);
    ui.label(RichText::new(format!("Positions: {tally}")).strong());
    if positions.is_empty() {
        ui.weak("The file records no position for this actor.");
    }
}

fn issue_ui(ui: &mut Ui, dataset: &Dataset, graph: &StanceGraph, i: IssueIx) {
    let issue = dataset.issue(i);
    ui.heading(super::shown_text(
        ui,
        &issue.name,
        &egui::TextStyle::Heading,
    ));
    ui.weak("Issue");
    if !issue.tags.is_empty() {
        ui.weak(format!("Tags: {}", issue.tags.join(", ")));
    }
    if let Some(description) = &issue.description {
        ui.add(egui::Label::new(description).wrap());
    }
    let positions = graph.positions_on_issue(i);
    let tally = dataset.tally_of(positions);
    ui.add_space(6.0);
    ui.label(RichText::new(tally.to_string()).strong().size(15.0));
    if positions.is_empty() {
        ui.weak("The file records no position on this issue.");
    }
}

/// One position: stance, condition, the full quote, source, date and link.
fn position_ui(ui: &mut Ui, dataset: &Dataset, p: PositionIx, theme: Theme, show_stance: bool) {
    let position = dataset.position(p);
    ui.push_id(p.0, |ui| {
        // Grouped by stance (an issue's view), the group header already names the stance.
        if show_stance || position.stance.condition().is_some() {
            ui.horizontal_wrapped(|ui| {
                if show_stance {
                    stance_chip(ui, theme, position.stance.kind());
                }
                if let Some(condition) = position.stance.condition() {
                    if !show_stance {
                        ui.weak("If:");
                    }
                    ui.label(RichText::new(condition).strong());
                }
            });
        }
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(8, 4))
            .stroke(egui::Stroke::new(
                2.0,
                theme
                    .stance_color(position.stance.kind())
                    .gamma_multiply(0.7),
            ))
            .corner_radius(2.0)
            .show(ui, |ui| {
                ui.add(super::quote_label(ui, &position.quote));
            });
        let source = position.source.map(|s| dataset.source(s));
        let date = position
            .date
            .or(source.and_then(|s| s.date))
            .map(|d| d.to_string());
        let url = position
            .url
            .as_deref()
            .or(source.and_then(|s| s.url.as_deref()));
        match source {
            Some(source) => source_line_ui(ui, &source.title, url, date),
            None => {
                ui.horizontal_wrapped(|ui| {
                    if let Some(url) = url {
                        ui.hyperlink_to("Source", url).on_hover_text(url);
                    }
                    if let Some(date) = date {
                        ui.weak(date);
                    }
                });
            }
        }
        if let Some(salience) = position.salience {
            ui.weak(format!(
                "Salience {salience} of 100: how much the issue matters to it"
            ));
        }
    });
}
