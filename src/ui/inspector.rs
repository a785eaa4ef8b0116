//! The right panel: everything the file says about the selection, quotes first.

use egui::{RichText, Ui};

use super::{Command, stance_chip};
use crate::graph::{Node, StanceGraph};
use crate::model::{ActorIx, Dataset, IssueIx, PositionIx, StanceKind};
use crate::scene::{Selection, Theme};

/// Shows the selection (or the dataset when nothing is selected).
pub fn inspector_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    selection: Option<Selection>,
    theme: Theme,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(6.0);
            match selection {
                None => dataset_ui(ui, dataset),
                Some(Selection::Node(Node::Actor(a))) => {
                    actor_ui(ui, dataset, graph, a, theme, &mut commands);
                }
                Some(Selection::Node(Node::Issue(i))) => {
                    issue_ui(ui, dataset, graph, i, theme, &mut commands);
                }
                Some(Selection::Position(p)) => {
                    let position = dataset.position(p);
                    ui.heading("Position");
                    ui.horizontal_wrapped(|ui| {
                        actor_link(ui, dataset, position.actor, &mut commands);
                        ui.label("on");
                        issue_link(ui, dataset, position.issue, &mut commands);
                    });
                    ui.add_space(4.0);
                    position_ui(ui, dataset, p, theme, true);
                }
            }
        });
    commands
}

fn dataset_ui(ui: &mut Ui, dataset: &Dataset) {
    ui.heading(&dataset.title);
    if let Some(description) = &dataset.description {
        ui.add(egui::Label::new(description).wrap());
    }
    ui.add_space(6.0);
    ui.label(dataset.summary());
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
        .link(name)
        .on_hover_text(format!("Select {name}"))
        .clicked()
    {
        commands.push(Command::Focus(Node::Actor(actor)));
    }
}

fn issue_link(ui: &mut Ui, dataset: &Dataset, issue: IssueIx, commands: &mut Vec<Command>) {
    let name = &dataset.issue(issue).name;
    if ui
        .link(name)
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
    theme: Theme,
    commands: &mut Vec<Command>,
) {
    let actor = dataset.actor(a);
    ui.heading(&actor.name);
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
            for (k, &other) in represented_by.iter().enumerate() {
                if k > 0 {
                    ui.label(",");
                }
                actor_link(ui, dataset, other, commands);
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
    // Grouped by issue, issues in file order.
    let mut issues: Vec<IssueIx> = positions
        .iter()
        .map(|&p| dataset.position(p).issue)
        .collect();
    issues.sort();
    issues.dedup();
    for issue in issues {
        ui.add_space(6.0);
        ui.separator();
        issue_link(ui, dataset, issue, commands);
        for &p in positions
            .iter()
            .filter(|&&p| dataset.position(p).issue == issue)
        {
            position_ui(ui, dataset, p, theme, true);
        }
    }
}

fn issue_ui(
    ui: &mut Ui,
    dataset: &Dataset,
    graph: &StanceGraph,
    i: IssueIx,
    theme: Theme,
    commands: &mut Vec<Command>,
) {
    let issue = dataset.issue(i);
    ui.heading(&issue.name);
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
    for stance in StanceKind::ALL {
        let in_group: Vec<PositionIx> = positions
            .iter()
            .copied()
            .filter(|&p| dataset.position(p).stance.kind() == stance)
            .collect();
        if in_group.is_empty() {
            continue;
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            stance_chip(ui, theme, stance);
            ui.weak(in_group.len().to_string());
        });
        for p in in_group {
            ui.add_space(4.0);
            actor_link(ui, dataset, dataset.position(p).actor, commands);
            position_ui(ui, dataset, p, theme, false);
        }
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
                ui.add(
                    egui::Label::new(RichText::new(format!("“{}”", position.quote)).italics())
                        .wrap(),
                );
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
    });
}
